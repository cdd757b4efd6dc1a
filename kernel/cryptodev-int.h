/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cryptodev-int.h - the BSD /dev/crypto ABI (include/uapi/crypto/
 * cryptodev.h) inside the module: BSD sessions and what the cryptodev*.c
 * files share.  cryptodev.c holds the sessions and the dispatcher,
 * cryptodev_crypt.c the data paths (CIOCCRYPT, CIOCAUTHCRYPT),
 * cryptodev_tls.c CIOCAUTHCRYPT's TLS and SRTP compositions,
 * cryptodev_compat.c the 32-bit layouts.
 */
#ifndef NCR_CRYPTODEV_INT_H
#define NCR_CRYPTODEV_INT_H

#include <linux/poll.h>
#include <crypto/cryptodev.h>
#include "session.h"

/*
 * A BSD session: a cipher and/or a hash, each an armed ncr_session (the
 * same engine as NCR sessions, never in the NCR handle table).  Keys given
 * as bytes become key objects of their own, held only by the session; a
 * key given as an NCR handle (CRYPTODEV_NCR_KEY) is a reference to that
 * key, whose policy is checked at every operation.
 *
 * Lifetime: ns->bsd holds one reference, every ioctl working on the
 * session another (taken under the table's xa_lock); CIOCFSESSION or the
 * namespace's destruction removes the id and drops the table's, and the
 * last put tears both parts down and uncharges.  lock serializes every
 * operation; done says the id is gone (an ioctl that looked the session
 * up before the free sees it and fails with ENOENT).
 */
struct ncr_bsd {
	struct kref ref;
	struct mutex lock;
	struct ncr_ns *ns;
	u32 id;
	bool done;
	u32 cipher_id, mac_id;		/* CRYPTO_* (0: none) */
	bool c_handle, h_handle;	/* keyed by an NCR handle */
	u32 c_key, h_key;		/* those handles (audit) */
	bool hash_open;			/* h holds a message in progress */
	struct ncr_session c;		/* the cipher (c.alg NULL: none) */
	struct ncr_session h;		/* the hash or HMAC (h.alg NULL) */
};

/* cryptodev.c */
struct ncr_bsd *ncr_bsd_lookup(struct ncr_ns *ns, u32 id);
void ncr_bsd_put(struct ncr_bsd *b);
/*
 * Looks id up and locks it (killable): ERR_PTR(-ENOENT, -EINTR).  Undo
 * with ncr_bsd_unlock_put.
 */
struct ncr_bsd *ncr_bsd_get_locked(struct ncr_ns *ns, u32 id);
void ncr_bsd_unlock_put(struct ncr_bsd *b);

/*
 * The ioctls on kernel copies of the native structures: the compat layer
 * converts the 32-bit ones and calls these.  Each returns 0 or -errno and
 * leaves the answer in the structure for its caller to copy out.
 */
/*
 * CIOCGSESSION: makes and publishes the session, and writes its id to
 * *ses (the caller's structure, either layout); if that copy faults the
 * session is taken back (unless another thread has already freed that
 * id) and the result is EFAULT.
 */
long ncr_bsd_gsession(struct ncr_ns *ns, struct session_op *sop,
		      u32 __user *ses, struct ncr_audit_ctx *ac);
long ncr_bsd_fsession(struct ncr_ns *ns, u32 id, struct ncr_audit_ctx *ac);
long ncr_bsd_sessinfo(struct ncr_ns *ns, struct session_info_op *si);
long ncr_bsd_cphash(struct ncr_ns *ns, const struct cphash_op *cp);

/* cryptodev_crypt.c */
long ncr_bsd_crypt(struct ncr_ns *ns, struct crypt_op *cop,
		   struct ncr_audit_ctx *ac);
long ncr_bsd_authcrypt(struct ncr_ns *ns, struct crypt_auth_op *cao,
		       struct ncr_audit_ctx *ac);

/* cryptodev_tls.c: CIOCAUTHCRYPT's TLS and SRTP modes (b locked, checked) */
long ncr_bsd_tls(struct ncr_bsd *b, struct crypt_auth_op *cao, u32 op);
long ncr_bsd_srtp(struct ncr_bsd *b, struct crypt_auth_op *cao, u32 op);

/* cryptodev_kop.c: CIOCKEY; sets kop->crk_status on success */
long ncr_bsd_kop(struct ncr_ns *ns, struct crypt_kop *kop);
#define NCR_BSD_ASYMFEAT	(CRF_MOD_EXP | CRF_MOD_EXP_CRT | CRF_DSA_SIGN | \
				 CRF_DSA_VERIFY | CRF_DH_COMPUTE_KEY)

/* cryptodev_async.c: CIOCASYNCCRYPT, CIOCASYNCFETCH, poll */
int ncr_bsd_async_init(struct ncr_ns *ns);
long ncr_bsd_async_submit(struct ncr_ns *ns, struct crypt_op *cop,
			  struct ncr_audit_ctx *ac);
/* The oldest request, once finished, into *cop (its user pointers):
 * 0, the request's own errno, or EBUSY (none finished yet). */
long ncr_bsd_async_fetch(struct ncr_ns *ns, struct crypt_op *cop);
__poll_t ncr_bsd_async_poll(struct ncr_ns *ns, struct file *file,
			    poll_table *wait);
/* The last close: waits for the drivers, frees every request. */
void ncr_bsd_async_drain(struct ncr_ns *ns);

/* cryptodev_compat.c: 32-bit callers on a 64-bit kernel */
long ncr_bsd_compat_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg);

/* dev.c: CRIOGET, a new descriptor (a new namespace) into *out */
long ncr_crioget(u32 __user *out);
/* cryptodev.c: every BSD ioctl (native layouts) */
bool ncr_is_bsd_ioctl(unsigned int cmd);
long ncr_bsd_ioctl(struct file *file, unsigned int cmd, void __user *arg);
/* ns.c: frees every BSD session of a dying namespace */
void ncr_bsd_destroy_all(struct ncr_ns *ns);

#endif /* NCR_CRYPTODEV_INT_H */
