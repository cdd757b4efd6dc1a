// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - module init and exit: registers /dev/crypto.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include "ncr-int.h"

/* Per-user limits (user.c); writable, read at each charge. */
unsigned int ncr_max_keys_per_user = 4096;
module_param_named(max_keys_per_user, ncr_max_keys_per_user, uint, 0644);
MODULE_PARM_DESC(max_keys_per_user, "key objects one uid may hold");

unsigned int ncr_max_sessions_per_user = 1024;
module_param_named(max_sessions_per_user, ncr_max_sessions_per_user, uint,
		   0644);
MODULE_PARM_DESC(max_sessions_per_user, "session handles one uid may hold");

unsigned int ncr_max_namespaces_per_user = 1024;
module_param_named(max_namespaces_per_user, ncr_max_namespaces_per_user, uint,
		   0644);
MODULE_PARM_DESC(max_namespaces_per_user,
		 "open /dev/crypto descriptions one uid may hold");

unsigned long ncr_max_buffered_bytes = 128UL << 20;
module_param_named(max_buffered_bytes, ncr_max_buffered_bytes, ulong, 0644);
MODULE_PARM_DESC(max_buffered_bytes,
		 "bytes one uid may buffer for whole-message operations (all its namespaces)");

unsigned long ncr_max_user_memory = 64UL << 20;
module_param_named(max_user_memory, ncr_max_user_memory, ulong, 0644);
MODULE_PARM_DESC(max_user_memory,
		 "other kernel memory (keys, sessions, buffers, work areas) one uid's objects may hold");

unsigned int ncr_max_objects_per_ns = 4096;
module_param_named(max_objects_per_ns, ncr_max_objects_per_ns, uint, 0444);
MODULE_PARM_DESC(max_objects_per_ns, "keys + sessions in one namespace");

unsigned int ncr_zerocopy_min = 4096;
module_param_named(zerocopy_min, ncr_zerocopy_min, uint, 0644);
MODULE_PARM_DESC(zerocopy_min,
		 "cipher requests of at least this many bytes run on the caller's pinned pages instead of the bounce buffer (0: never)");

static struct miscdevice ncr_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "crypto",
	.fops = &ncr_fops,
	.mode = 0666,
};

static int __init ncr_init(void)
{
	int err;

	err = ncr_key_ids_init();
	if (err)
		return err;
	err = ncr_selftest();
	if (err)
		goto err_algs;
	err = misc_register(&ncr_miscdev);
	if (err)
		goto err_algs;
	return 0;

err_algs:
	ncr_algs_exit();
	return err;
}

static void __exit ncr_exit(void)
{
	misc_deregister(&ncr_miscdev);
	ncr_storage_exit();
	ncr_algs_exit();
}

module_init(ncr_init);
module_exit(ncr_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("/dev/crypto with kernel-held keys (NCR)");
MODULE_ALIAS_MISCDEV(MISC_DYNAMIC_MINOR);
MODULE_ALIAS("devname:crypto");
