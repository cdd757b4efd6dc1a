// SPDX-License-Identifier: GPL-2.0
/*
 * dev.c - /dev/crypto: the misc device, its open and release (one
 * namespace per open file description, see ns.c) and the ioctl
 * dispatcher.  Nothing below calls back into this file.
 */
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include "ncr-int.h"

static int ncr_open(struct inode *inode, struct file *file)
{
	struct ncr_ns *ns = ncr_ns_create(current_uid());

	if (IS_ERR(ns))
		return PTR_ERR(ns);
	file->private_data = ns;
	return 0;
}

/* Last close: no ioctl can be running (see ncr_ns_destroy). */
static int ncr_release(struct inode *inode, struct file *file)
{
	ncr_ns_destroy(file->private_data);
	return 0;
}

/*
 * Handlers fill ac; the dispatcher writes one audit record per operation
 * (see audit.c).  Info queries and session updates are not recorded.
 */
static long ncr_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ncr_ns *ns = file->private_data;
	void __user *uarg = (void __user *)arg;
	struct ncr_audit_ctx ac = { .verify = -1 };
	const char *op;
	long ret;

	switch (cmd) {
	case NCRIO_SESSION_ONCE:
		ret = ncr_session_once_ioctl(ns, uarg, &ac);
		op = "session_once";
		break;
	case NCRIO_SESSION_UPDATE:
		return ncr_session_update_ioctl(ns, uarg, false, &ac);
	case NCRIO_SESSION_FINAL:
		ret = ncr_session_update_ioctl(ns, uarg, true, &ac);
		op = "session_final";
		break;
	case NCRIO_SESSION_INIT:
		ret = ncr_session_init_ioctl(ns, uarg, &ac);
		op = "session_init";
		break;
	case NCRIO_SESSION_FREE:
		ret = ncr_session_free_ioctl(ns, uarg, &ac);
		op = "session_free";
		break;
	case NCRIO_INFO:
		return ncr_info_ioctl(ns, uarg);
	case NCRIO_KEY_GET_INFO:
		return ncr_key_info_ioctl(ns, uarg);
	case NCRIO_KEY_GENERATE:
		ret = ncr_key_generate_ioctl(ns, uarg, &ac);
		op = "key_generate";
		break;
	case NCRIO_KEY_IMPORT:
		ret = ncr_key_import_ioctl(ns, uarg, &ac);
		op = "key_import";
		break;
	case NCRIO_KEY_EXPORT:
		ret = ncr_key_export_ioctl(ns, uarg, &ac);
		op = "key_export";
		break;
	case NCRIO_KEY_DEINIT:
		ret = ncr_key_deinit_ioctl(ns, uarg, &ac);
		op = "key_deinit";
		break;
	case NCRIO_KEY_RESTRICT:
		ret = ncr_key_restrict_ioctl(ns, uarg, &ac);
		op = "key_restrict";
		break;
	case NCRIO_KEY_TRUST:
		ret = ncr_key_trust_ioctl(ns, uarg, &ac);
		op = "key_trust";
		break;
	case NCRIO_KEY_GENERATE_PAIR:
		ret = ncr_key_generate_pair_ioctl(ns, uarg, &ac);
		op = "key_generate_pair";
		break;
	case NCRIO_KEY_DERIVE:
		ret = ncr_key_derive_ioctl(ns, uarg, &ac);
		op = "key_derive";
		break;
	case NCRIO_MASTER_KEY_SET:
		ret = ncr_master_key_set_ioctl(uarg);
		op = "master_key_set";
		break;
	case NCRIO_KEY_STORAGE_WRAP:
		ret = ncr_storage_wrap_ioctl(ns, uarg, &ac);
		op = "storage_wrap";
		break;
	case NCRIO_KEY_STORAGE_UNWRAP:
		ret = ncr_storage_unwrap_ioctl(ns, uarg, &ac);
		op = "storage_unwrap";
		break;
	case NCRIO_KEY_WRAP:
		ret = ncr_key_wrap_ioctl(ns, uarg, &ac);
		op = "key_wrap";
		break;
	case NCRIO_KEY_UNWRAP:
		ret = ncr_key_unwrap_ioctl(ns, uarg, &ac);
		op = "key_unwrap";
		break;
	default:
		return -ENOTTY;
	}
	ncr_audit(op, &ac, ret);
	return ret;
}

static const struct file_operations ncr_fops = {
	.owner = THIS_MODULE,
	.open = ncr_open,
	.release = ncr_release,
	.unlocked_ioctl = ncr_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice ncr_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "crypto",
	.fops = &ncr_fops,
	.mode = 0666,
};

int __init ncr_dev_register(void)
{
	return misc_register(&ncr_miscdev);
}

void ncr_dev_unregister(void)
{
	misc_deregister(&ncr_miscdev);
}
