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
MODULE_ALIAS_MISCDEV(MISC_DYNAMIC_MINOR);
MODULE_ALIAS("devname:crypto");
