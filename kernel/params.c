// SPDX-License-Identifier: GPL-2.0
/*
 * params.c - the module parameters: per-user and per-namespace limits
 * (read by user.c, ns.c, buf.c and info.c at each use) and the zero-copy
 * threshold of the session data path, and the mode of the device node.
 */
#include <linux/module.h>
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

bool ncr_bsd_hardware;
module_param_named(bsd_hardware, ncr_bsd_hardware, bool, 0644);
MODULE_PARM_DESC(bsd_hardware,
		 "BSD sessions (CIOCGSESSION) take a hardware driver when the kernel has one for the algorithm, else the crypto API's choice (default: the crypto API's choice, as cryptodev-linux)");

unsigned int ncr_zerocopy_min = 4096;
module_param_named(zerocopy_min, ncr_zerocopy_min, uint, 0644);
MODULE_PARM_DESC(zerocopy_min,
		 "cipher requests of at least this many bytes run on the caller's pinned pages instead of the bounce buffer (0: never)");

unsigned int ncr_max_inflight_per_ns = 128;
module_param_named(max_inflight_per_ns, ncr_max_inflight_per_ns, uint, 0644);
MODULE_PARM_DESC(max_inflight_per_ns,
		 "requests one namespace may have in flight on asynchronous drivers at once (NCRIO_BATCH, io_uring; 0 counts as 1)");

/*
 * The mode devtmpfs gives /dev/crypto (dev.c), in octal as chmod takes it
 * ("0660" or "660"), at most 0777 (else the load fails with EINVAL); read
 * only after load.  The node is made with it, so it is never more open
 * than the administrator set (`options ncr dev_mode=0660`); owner and
 * group come from the udev rule.  0: devtmpfs's default, 0600.
 */
unsigned int ncr_dev_mode = 0666;

static int ncr_dev_mode_set(const char *val, const struct kernel_param *kp)
{
	unsigned int mode;
	int err;

	err = kstrtouint(val, 8, &mode);
	if (err)
		return err;
	if (mode > 0777)
		return -EINVAL;
	*(unsigned int *)kp->arg = mode;
	return 0;
}

static int ncr_dev_mode_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%04o\n", *(unsigned int *)kp->arg);
}

static const struct kernel_param_ops ncr_dev_mode_ops = {
	.set = ncr_dev_mode_set,
	.get = ncr_dev_mode_get,
};
module_param_cb(dev_mode, &ncr_dev_mode_ops, &ncr_dev_mode, 0444);
MODULE_PARM_DESC(dev_mode,
		 "mode of /dev/crypto as devtmpfs makes it, octal (default 0666, at most 0777; owner and group: udev rule)");
