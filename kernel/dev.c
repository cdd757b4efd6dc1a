// SPDX-License-Identifier: GPL-2.0
/*
 * dev.c - /dev/crypto: the misc device, its open and release (one
 * namespace per open file description, see ns.c) and the ioctl
 * dispatcher.  Nothing below calls back into this file.
 */
#include <linux/anon_inodes.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/nospec.h>
#include "cryptodev-int.h"

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
 * The ioctls, in the manner of iommufd: every argument is a size-versioned
 * structure (ncr.h) that ncr_copy_in copies in here before the handler
 * runs (-EFAULT; -EINVAL below min_size; -E2BIG past a page, or for
 * non-zero bytes past the kernel's size); each handler copies its own
 * answer out.  A handler fills uc->ac and the dispatcher writes one audit
 * record per operation (see audit.c), also when the copy-in fails; info
 * queries and session updates are not recorded.  To add an ioctl: its
 * structure in the union, one line in the table.
 */
union ncr_ucmd_buffer {
	struct ncr_info info;
	struct ncr_key_generate key_generate;
	struct ncr_key_import key_import;
	struct ncr_key_export key_export;
	struct ncr_key_info key_info;
	struct ncr_key_deinit key_deinit;
	struct ncr_key_generate_pair key_generate_pair;
	struct ncr_key_derive key_derive;
	struct ncr_key_kdf key_kdf;
	struct ncr_key_restrict key_restrict;
	struct ncr_key_trust key_trust;
	struct ncr_master_key master_key;
	struct ncr_key_storage key_storage;
	struct ncr_key_wrap key_wrap;
	struct ncr_session_init session_init;
	struct ncr_session_op session_op;
	struct ncr_session_once session_once;
	struct ncr_session_free session_free;
	struct ncr_batch batch;
};

struct ncr_ioctl_op {
	unsigned int cmd;
	u32 size;		/* the kernel's structure */
	u32 min_size;		/* its first published size (NCR_*_SIZE_VER0) */
	const char *audit;	/* the record's op=, or NULL: not recorded */
	long (*fn)(struct ncr_ucmd *uc);
};

#define NCR_IOC_FIRST	_IOC_NR(NCRIO_INFO)

#define NCR_IOCTL(_cmd, _fn, _struct, _min, _audit)			\
	[_IOC_NR(_cmd) - NCR_IOC_FIRST] = {				\
		.cmd = _cmd,						\
		.size = sizeof(struct _struct) +			\
			BUILD_BUG_ON_ZERO(sizeof(struct _struct) >	\
					  sizeof(union ncr_ucmd_buffer)), \
		.min_size = _min, .audit = _audit, .fn = _fn,		\
	}

static const struct ncr_ioctl_op ncr_ioctl_ops[] = {
	NCR_IOCTL(NCRIO_INFO, ncr_info_ioctl, ncr_info,
		  NCR_INFO_SIZE_VER0, NULL),
	NCR_IOCTL(NCRIO_KEY_GENERATE, ncr_key_generate_ioctl,
		  ncr_key_generate, NCR_KEY_GENERATE_SIZE_VER0,
		  "key_generate"),
	NCR_IOCTL(NCRIO_KEY_IMPORT, ncr_key_import_ioctl, ncr_key_import,
		  NCR_KEY_IMPORT_SIZE_VER0, "key_import"),
	NCR_IOCTL(NCRIO_KEY_EXPORT, ncr_key_export_ioctl, ncr_key_export,
		  NCR_KEY_EXPORT_SIZE_VER0, "key_export"),
	NCR_IOCTL(NCRIO_KEY_GET_INFO, ncr_key_info_ioctl, ncr_key_info,
		  NCR_KEY_INFO_SIZE_VER0, NULL),
	NCR_IOCTL(NCRIO_KEY_DEINIT, ncr_key_deinit_ioctl, ncr_key_deinit,
		  NCR_KEY_DEINIT_SIZE_VER0, "key_deinit"),
	NCR_IOCTL(NCRIO_KEY_GENERATE_PAIR, ncr_key_generate_pair_ioctl,
		  ncr_key_generate_pair, NCR_KEY_GENERATE_PAIR_SIZE_VER0,
		  "key_generate_pair"),
	NCR_IOCTL(NCRIO_KEY_DERIVE, ncr_key_derive_ioctl, ncr_key_derive,
		  NCR_KEY_DERIVE_SIZE_VER0, "key_derive"),
	NCR_IOCTL(NCRIO_KEY_KDF, ncr_key_kdf_ioctl, ncr_key_kdf,
		  NCR_KEY_KDF_SIZE_VER0, "key_kdf"),
	NCR_IOCTL(NCRIO_KEY_RESTRICT, ncr_key_restrict_ioctl,
		  ncr_key_restrict, NCR_KEY_RESTRICT_SIZE_VER0,
		  "key_restrict"),
	NCR_IOCTL(NCRIO_KEY_TRUST, ncr_key_trust_ioctl, ncr_key_trust,
		  NCR_KEY_TRUST_SIZE_VER0, "key_trust"),
	NCR_IOCTL(NCRIO_MASTER_KEY_SET, ncr_master_key_set_ioctl,
		  ncr_master_key, NCR_MASTER_KEY_SIZE_VER0, "master_key_set"),
	NCR_IOCTL(NCRIO_KEY_STORAGE_WRAP, ncr_storage_wrap_ioctl,
		  ncr_key_storage, NCR_KEY_STORAGE_SIZE_VER0, "storage_wrap"),
	NCR_IOCTL(NCRIO_KEY_STORAGE_UNWRAP, ncr_storage_unwrap_ioctl,
		  ncr_key_storage, NCR_KEY_STORAGE_SIZE_VER0,
		  "storage_unwrap"),
	NCR_IOCTL(NCRIO_KEY_WRAP, ncr_key_wrap_ioctl, ncr_key_wrap,
		  NCR_KEY_WRAP_SIZE_VER0, "key_wrap"),
	NCR_IOCTL(NCRIO_KEY_UNWRAP, ncr_key_unwrap_ioctl, ncr_key_wrap,
		  NCR_KEY_WRAP_SIZE_VER0, "key_unwrap"),
	NCR_IOCTL(NCRIO_SESSION_INIT, ncr_session_init_ioctl,
		  ncr_session_init, NCR_SESSION_INIT_SIZE_VER0,
		  "session_init"),
	NCR_IOCTL(NCRIO_SESSION_UPDATE, ncr_session_update_ioctl,
		  ncr_session_op, NCR_SESSION_OP_SIZE_VER0, NULL),
	NCR_IOCTL(NCRIO_SESSION_FINAL, ncr_session_final_ioctl,
		  ncr_session_op, NCR_SESSION_OP_SIZE_VER0, "session_final"),
	NCR_IOCTL(NCRIO_SESSION_ONCE, ncr_session_once_ioctl,
		  ncr_session_once, NCR_SESSION_ONCE_SIZE_VER0,
		  "session_once"),
	NCR_IOCTL(NCRIO_SESSION_FREE, ncr_session_free_ioctl,
		  ncr_session_free, NCR_SESSION_FREE_SIZE_VER0,
		  "session_free"),
	/* batch.c writes one record per operation */
	NCR_IOCTL(NCRIO_BATCH, ncr_batch_ioctl, ncr_batch,
		  NCR_BATCH_SIZE_VER0, NULL),
};

static long ncr_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	union ncr_ucmd_buffer buf;
	struct ncr_ucmd uc = {
		.ns = file->private_data,
		.ubuf = (void __user *)arg,
		.cmd = &buf,
		.ac = { .verify = -1 },
	};
	const struct ncr_ioctl_op *op;
	unsigned int nr = _IOC_NR(cmd);
	long ret;

	if (ncr_is_bsd_ioctl(cmd))
		return ncr_bsd_ioctl(file, cmd, uc.ubuf);
	/* the numbers between the key and the session ioctls are holes */
	if (nr < NCR_IOC_FIRST ||
	    nr - NCR_IOC_FIRST >= ARRAY_SIZE(ncr_ioctl_ops))
		return -ENOTTY;
	op = &ncr_ioctl_ops[array_index_nospec(nr - NCR_IOC_FIRST,
					       ARRAY_SIZE(ncr_ioctl_ops))];
	if (op->cmd != cmd)
		return -ENOTTY;
	ret = ncr_copy_in(&buf, op->size, op->min_size, uc.ubuf, &uc.usize);
	if (!ret)
		ret = op->fn(&uc);
	if (op->audit)
		ncr_audit(op->audit, &uc.ac, ret);	/* or uc.ac.op */
	return ret;
}

#ifdef CONFIG_COMPAT
/* The NCR structures are the same for 32-bit callers; the BSD ones not. */
static long ncr_compat_ioctl(struct file *file, unsigned int cmd,
			     unsigned long arg)
{
	if (ncr_is_bsd_ioctl(cmd))
		return ncr_bsd_compat_ioctl(file, cmd, arg);
	return compat_ptr_ioctl(file, cmd, arg);
}
#else
#define ncr_compat_ioctl NULL
#endif

/* Readiness of the BSD async queue (cryptodev_async.c). */
static __poll_t ncr_poll(struct file *file, poll_table *wait)
{
	return ncr_bsd_async_poll(file->private_data, file, wait);
}

static const struct file_operations ncr_fops = {
	.owner = THIS_MODULE,
	.open = ncr_open,
	.release = ncr_release,
	.poll = ncr_poll,
	.unlocked_ioctl = ncr_ioctl,
	.compat_ioctl = ncr_compat_ioctl,
#if IS_ENABLED(CONFIG_IO_URING)
	.uring_cmd = ncr_uring_cmd,
#endif
	.llseek = noop_llseek,
};

/*
 * CRIOGET: a descriptor of a new namespace, as a second open() would
 * give, close-on-exec.  The number is copied out before the descriptor is
 * installed, so a fault leaves nothing behind.
 */
long ncr_crioget(u32 __user *out)
{
	struct ncr_ns *ns;
	struct file *f;
	int fd;

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		return fd;
	ns = ncr_ns_create(current_uid());
	if (IS_ERR(ns)) {
		put_unused_fd(fd);
		return PTR_ERR(ns);
	}
	f = anon_inode_getfile("[ncr]", &ncr_fops, ns, O_RDWR);
	if (IS_ERR(f)) {
		ncr_ns_destroy(ns);
		put_unused_fd(fd);
		return PTR_ERR(f);
	}
	if (put_user(fd, out)) {
		fput(f);	/* ncr_release destroys ns */
		put_unused_fd(fd);
		return -EFAULT;
	}
	fd_install(fd, f);
	return 0;
}

/*
 * A dynamic minor, and no devname alias (main.c says why): the node is made
 * by devtmpfs from the uevent, with mode dev_mode (params.c).
 */
static struct miscdevice ncr_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "crypto",
	.fops = &ncr_fops,
};

int __init ncr_dev_register(void)
{
	ncr_miscdev.mode = ncr_dev_mode;
	return misc_register(&ncr_miscdev);
}

void ncr_dev_unregister(void)
{
	misc_deregister(&ncr_miscdev);
}
