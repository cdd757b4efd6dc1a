// SPDX-License-Identifier: GPL-2.0
/*
 * cryptodev_compat.c - the BSD ioctls of 32-bit processes on a 64-bit
 * kernel.  The structures with pointers have other layouts there (i386:
 * 4-byte pointers, 4-byte alignment of everything), hence other ioctl
 * numbers; each is converted to the native structure and served by the
 * same code.  The others (CRIOGET, CIOCFSESSION, CIOCASYMFEAT,
 * CIOCGSESSINFO, CIOCCPHASH) have the same layout and number in both.
 * The NCR ioctls need nothing of this (ncr.h: no pointers, no padding).
 */
#include <linux/compat.h>
#include <linux/uaccess.h>
#include "cryptodev-int.h"

#ifdef CONFIG_COMPAT

struct compat_session_op {
	u32 cipher;
	u32 mac;
	u32 keylen;
	compat_uptr_t key;
	u32 mackeylen;
	compat_uptr_t mackey;
	u32 ses;
};

struct compat_crypt_op {
	u32 ses;
	u16 op;
	u16 flags;
	u32 len;
	compat_uptr_t src;
	compat_uptr_t dst;
	compat_uptr_t mac;
	compat_uptr_t iv;
};

struct compat_crypt_auth_op {
	u32 ses;
	u16 op;
	u16 flags;
	u32 len;
	u32 auth_len;
	compat_uptr_t auth_src;
	compat_uptr_t src;
	compat_uptr_t dst;
	compat_uptr_t tag;
	u32 tag_len;
	compat_uptr_t iv;
	u32 iv_len;
};

struct compat_crparam {
	compat_uptr_t crp_p;
	u32 crp_nbits;
};

struct compat_crypt_kop {
	u32 crk_op;
	u32 crk_status;
	u16 crk_iparams;
	u16 crk_oparams;
	u32 crk_pad1;
	struct compat_crparam crk_param[CRK_MAXPARAM];
};

static_assert(sizeof(struct compat_session_op) == 28);
static_assert(sizeof(struct compat_crypt_op) == 28);
static_assert(sizeof(struct compat_crypt_auth_op) == 44);
static_assert(sizeof(struct compat_crypt_kop) == 80);

#define COMPAT_CIOCGSESSION	_IOWR('c', 102, struct compat_session_op)
#define COMPAT_CIOCCRYPT	_IOWR('c', 104, struct compat_crypt_op)
#define COMPAT_CIOCKEY		_IOWR('c', 105, struct compat_crypt_kop)
#define COMPAT_CIOCAUTHCRYPT	_IOWR('c', 109, struct compat_crypt_auth_op)
#define COMPAT_CIOCASYNCCRYPT	_IOW('c', 110, struct compat_crypt_op)
#define COMPAT_CIOCASYNCFETCH	_IOR('c', 111, struct compat_crypt_op)

static long ncr_compat_gsession(struct ncr_ns *ns, void __user *arg,
				struct ncr_audit_ctx *ac)
{
	struct compat_session_op __user *u = arg;
	struct compat_session_op c;
	struct session_op sop;

	if (copy_from_user(&c, u, sizeof(c)))
		return -EFAULT;
	sop = (struct session_op) {
		.cipher = c.cipher, .mac = c.mac,
		.keylen = c.keylen, .key = compat_ptr(c.key),
		.mackeylen = c.mackeylen, .mackey = compat_ptr(c.mackey),
	};
	return ncr_bsd_gsession(ns, &sop, &u->ses, ac);
}

static long ncr_compat_crypt(struct ncr_ns *ns, void __user *arg,
			     struct ncr_audit_ctx *ac)
{
	struct compat_crypt_op c;
	struct crypt_op cop;

	if (copy_from_user(&c, arg, sizeof(c)))
		return -EFAULT;
	cop = (struct crypt_op) {
		.ses = c.ses, .op = c.op, .flags = c.flags, .len = c.len,
		.src = compat_ptr(c.src), .dst = compat_ptr(c.dst),
		.mac = compat_ptr(c.mac), .iv = compat_ptr(c.iv),
	};
	return ncr_bsd_crypt(ns, &cop, ac);
}

static long ncr_compat_async(struct ncr_ns *ns, void __user *arg,
			     struct ncr_audit_ctx *ac)
{
	struct compat_crypt_op c;
	struct crypt_op cop;

	if (copy_from_user(&c, arg, sizeof(c)))
		return -EFAULT;
	cop = (struct crypt_op) {
		.ses = c.ses, .op = c.op, .flags = c.flags, .len = c.len,
		.src = compat_ptr(c.src), .dst = compat_ptr(c.dst),
		.mac = compat_ptr(c.mac), .iv = compat_ptr(c.iv),
	};
	return ncr_bsd_async_submit(ns, &cop, ac);
}

static long ncr_compat_fetch(struct ncr_ns *ns, void __user *arg)
{
	struct compat_crypt_op c;
	struct crypt_op cop;
	long err = ncr_bsd_async_fetch(ns, &cop);

	if (err == -EBUSY)
		return err;
	c = (struct compat_crypt_op) {
		.ses = cop.ses, .op = cop.op, .flags = cop.flags,
		.len = cop.len, .src = ptr_to_compat(cop.src),
		.dst = ptr_to_compat(cop.dst), .mac = ptr_to_compat(cop.mac),
		.iv = ptr_to_compat(cop.iv),
	};
	if (copy_to_user(arg, &c, sizeof(c)))
		err = -EFAULT;
	return err;
}

static long ncr_compat_authcrypt(struct ncr_ns *ns, void __user *arg,
				 struct ncr_audit_ctx *ac)
{
	struct compat_crypt_auth_op __user *u = arg;
	struct compat_crypt_auth_op c;
	struct crypt_auth_op cao;
	long err;

	if (copy_from_user(&c, u, sizeof(c)))
		return -EFAULT;
	cao = (struct crypt_auth_op) {
		.ses = c.ses, .op = c.op, .flags = c.flags, .len = c.len,
		.auth_len = c.auth_len, .auth_src = compat_ptr(c.auth_src),
		.src = compat_ptr(c.src), .dst = compat_ptr(c.dst),
		.tag = compat_ptr(c.tag), .tag_len = c.tag_len,
		.iv = compat_ptr(c.iv), .iv_len = c.iv_len,
	};
	err = ncr_bsd_authcrypt(ns, &cao, ac);
	if (!err && put_user(cao.len, &u->len))
		err = -EFAULT;
	return err;
}

static long ncr_compat_kop(struct ncr_ns *ns, void __user *arg)
{
	struct compat_crypt_kop __user *u = arg;
	struct compat_crypt_kop c;
	struct crypt_kop kop;
	long err;

	if (copy_from_user(&c, u, sizeof(c)))
		return -EFAULT;
	kop = (struct crypt_kop) {
		.crk_op = c.crk_op, .crk_iparams = c.crk_iparams,
		.crk_oparams = c.crk_oparams,
	};
	for (int i = 0; i < CRK_MAXPARAM; i++) {
		kop.crk_param[i].crp_p = compat_ptr(c.crk_param[i].crp_p);
		kop.crk_param[i].crp_nbits = c.crk_param[i].crp_nbits;
	}
	err = ncr_bsd_kop(ns, &kop);
	if (!err && put_user(kop.crk_status, &u->crk_status))
		err = -EFAULT;
	return err;
}

long ncr_bsd_compat_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	struct ncr_ns *ns = file->private_data;
	struct ncr_audit_ctx ac = { .verify = -1 };
	void __user *uarg = compat_ptr(arg);
	const char *audit;
	long err;

	switch (cmd) {
	case COMPAT_CIOCGSESSION:
		audit = "bsd_session";
		err = ncr_compat_gsession(ns, uarg, &ac);
		break;
	case COMPAT_CIOCCRYPT:
		audit = "bsd_crypt";
		err = ncr_compat_crypt(ns, uarg, &ac);
		break;
	case COMPAT_CIOCAUTHCRYPT:
		audit = "bsd_authcrypt";
		err = ncr_compat_authcrypt(ns, uarg, &ac);
		break;
	case COMPAT_CIOCKEY:
		audit = "bsd_key";
		err = ncr_compat_kop(ns, uarg);
		break;
	case COMPAT_CIOCASYNCCRYPT:
		audit = "bsd_async";
		err = ncr_compat_async(ns, uarg, &ac);
		break;
	case COMPAT_CIOCASYNCFETCH:
		return ncr_compat_fetch(ns, uarg);
	case CIOCGSESSION:	/* the 64-bit layouts: not from a 32-bit caller */
	case CIOCCRYPT:
	case CIOCKEY:
	case CIOCAUTHCRYPT:
	case CIOCASYNCCRYPT:
	case CIOCASYNCFETCH:
		return -ENOTTY;
	default:
		return ncr_bsd_ioctl(file, cmd, uarg);
	}
	ncr_audit(audit, &ac, err);
	return err;
}

#endif /* CONFIG_COMPAT */
