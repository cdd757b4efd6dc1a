// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - module init and exit: key IDs, the known-answer tests, then
 * /dev/crypto (dev.c).  The module parameters are in params.c.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include "ncr-int.h"

static int __init ncr_init(void)
{
	int err;

	err = ncr_key_ids_init();
	if (err)
		return err;
	err = ncr_selftest();
	if (err)
		goto err_algs;
	err = ncr_dev_register();
	if (err)
		goto err_algs;
	return 0;

err_algs:
	ncr_algs_exit();
	return err;
}

static void __exit ncr_exit(void)
{
	ncr_dev_unregister();
	ncr_storage_exit();
	ncr_algs_exit();
}

module_init(ncr_init);
module_exit(ncr_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("/dev/crypto with kernel-held keys (NCR)");
MODULE_VERSION(NCR_MODULE_VERSION);
/*
 * No MODULE_ALIAS("devname:crypto") and no MODULE_ALIAS_MISCDEV: the misc
 * minor is dynamic, so such an alias could only name the placeholder
 * minor 255; depmod would write "crypto c10:255" into modules.devname and
 * at boot `kmod static-nodes` would make a /dev/crypto of 10:255 that is
 * not this device (clients then fail on a node that exists).  The node is
 * made by devtmpfs when the module registers (mode: dev_mode), the module
 * is loaded at boot by a modules-load.d entry, and a udev rule sets owner
 * and group (ncr.h, DEVICE NODE).
 */
