// SPDX-License-Identifier: GPL-2.0
/*
 * cryptodev_crypt.c - the BSD data paths: CIOCCRYPT (a cipher and/or a
 * hash, with the original's hash-state rules and chained IVs) and
 * CIOCAUTHCRYPT (AES-GCM and AES-CCM, the tag in band; TLS and SRTP in
 * cryptodev_tls.c).  Both run on the
 * session's armed ncr_sessions, so user data take the same bounded bounce
 * buffer or pinned-page paths as NCR sessions (session_cipher.c,
 * session_whole.c, session_hash.c); the session's lock is held for the
 * whole operation.
 */
#include <linux/uaccess.h>
#include "cryptodev-int.h"

#define NCR_BSD_CRYPT_FLAGS	(COP_FLAG_UPDATE | COP_FLAG_FINAL | \
				 COP_FLAG_WRITE_IV | COP_FLAG_NO_ZC | \
				 COP_FLAG_RESET)
#define NCR_BSD_AUTH_FLAGS	(COP_FLAG_AEAD_TLS_TYPE | \
				 COP_FLAG_AEAD_SRTP_TYPE | COP_FLAG_NO_ZC)

/* [a, a+n) and [b, b+n) overlap without being the same range. */
static bool ncr_bsd_overlap(const void __user *a, const void __user *b,
			    u64 n)
{
	unsigned long x = (unsigned long)a, y = (unsigned long)b;

	if (x == y || !n)
		return false;
	return x < y + n && y < x + n;
}

/* A kernel-held key's policy, at every operation (NCRIO_KEY_RESTRICT). */
static int ncr_bsd_policy(const struct ncr_session *s, bool by_handle,
			  u32 op)
{
	return by_handle ? ncr_session_check_key(s->alg, s->key, op) : 0;
}

static int ncr_bsd_cipher(struct ncr_session *c, const struct crypt_op *cop)
{
	u64 outlen = cop->len;
	int err;

	c->failed = false;
	if (cop->iv && copy_from_user(c->iv, cop->iv, c->iv_len))
		return -EFAULT;
	if (c->alg->whole) {	/* XTS: one message per call */
		u32 tag_len = 0;

		err = ncr_session_rewind(c) ?:
		      ncr_whole_update(c, cop->src, cop->len, false) ?:
		      ncr_whole_final(c, cop->dst, &outlen, NULL, &tag_len);
		ncr_session_rewind(c);
	} else {
		c->carry_len = 0;
		err = ncr_cipher_update(c, cop->src, cop->len, cop->dst,
					&outlen, true);
	}
	if (!err && (cop->flags & COP_FLAG_WRITE_IV) &&
	    copy_to_user(cop->iv, c->iv, c->iv_len))
		err = -EFAULT;
	return err;
}

/*
 * Adds len bytes at p to the session's hash message and, with finish,
 * writes the digest to cop->mac and starts a new message.  A failure
 * drops the message in progress.
 */
static int ncr_bsd_hash(struct ncr_bsd *b, const u8 __user *p,
			const struct crypt_op *cop, bool finish)
{
	struct ncr_session *h = &b->h;
	u32 tag_len = h->tag_size, result;
	int err = 0;

	h->failed = false;
	if (cop->len) {
		err = ncr_shash_update(h, p, cop->len);
		if (err)
			goto out_restart;
		b->hash_open = true;
	}
	if (!finish)
		return 0;
	err = ncr_shash_final(h, cop->mac, &tag_len, &result);
out_restart:
	b->hash_open = false;
	return ncr_session_rewind(h) ?: err;
}

long ncr_bsd_crypt(struct ncr_ns *ns, struct crypt_op *cop,
		   struct ncr_audit_ctx *ac)
{
	struct ncr_bsd *b = ncr_bsd_get_locked(ns, cop->ses);
	struct ncr_session *c, *h;
	u32 op = cop->op == COP_ENCRYPT ? NCR_OP_ENCRYPT : NCR_OP_DECRYPT;
	bool finish = false;
	long err = -EINVAL;

	if (IS_ERR(b))
		return PTR_ERR(b);
	c = b->c.alg ? &b->c : NULL;
	h = b->h.alg ? &b->h : NULL;
	ac->alg = c ? c->alg : h->alg;
	if (b->c_handle)
		ncr_audit_key(ac, b->c_key, c->key);
	if (cop->flags & ~NCR_BSD_CRYPT_FLAGS)
		goto out;
	if (c) {
		/* AES-XTS: any length from a block on (ciphertext stealing) */
		u32 unit = c->alg->stream || c->alg->whole ? 1 : c->alg->block;

		if (c->alg->kind != NCR_KIND_CIPHER ||
		    (cop->op != COP_ENCRYPT && cop->op != COP_DECRYPT) ||
		    cop->len % unit ||
		    (c->alg->whole && cop->len < c->alg->block) ||
		    ((cop->flags & COP_FLAG_WRITE_IV) && c->iv_len &&
		     !cop->iv) ||
		    ncr_bsd_overlap(cop->src, cop->dst, cop->len))
			goto out;
		err = ncr_bsd_policy(c, b->c_handle, op);
		if (err)
			goto out;
		c->op = op;
		c->no_zc = cop->flags & COP_FLAG_NO_ZC;
	}
	if (h) {
		err = ncr_bsd_policy(h, b->h_handle, NCR_OP_SIGN);
		if (err)
			goto out;
		h->no_zc = cop->flags & COP_FLAG_NO_ZC;
		/* the original's rules (cryptodev.h, CIOCCRYPT) */
		if ((!cop->flags || (cop->flags & COP_FLAG_RESET)) &&
		    b->hash_open) {
			b->hash_open = false;
			err = ncr_session_rewind(h);
			if (err)
				goto out;
		}
		finish = (cop->flags & COP_FLAG_FINAL) ||
			 !(cop->flags & COP_FLAG_UPDATE) || !cop->len;
	}
	/* the hash covers the plaintext: before encryption, after decryption */
	err = 0;
	if (h && (!c || op == NCR_OP_ENCRYPT))
		err = ncr_bsd_hash(b, cop->src, cop, finish);
	if (!err && c)
		err = ncr_bsd_cipher(c, cop);
	if (!err && h && c && op == NCR_OP_DECRYPT)
		err = ncr_bsd_hash(b, cop->dst, cop, finish);
out:
	ncr_bsd_unlock_put(b);
	return err;
}

/* Tag lengths the kernel's gcm and ccm templates take. */
static bool ncr_bsd_tag_ok(const struct ncr_alg *alg, u32 tag)
{
	if (alg->id == NCR_ALG_AES_CCM)
		return tag >= 4 && tag <= 16 && !(tag & 1);
	return tag == 4 || tag == 8 || (tag >= 12 && tag <= 16);
}

static bool ncr_bsd_nonce_ok(const struct ncr_alg *alg, u32 len)
{
	if (alg->id == NCR_ALG_AES_CCM)
		return len >= 7 && len <= 13;
	return len == alg->iv_size;
}

/* Plain AEAD: ciphertext then tag in dst (encrypt), or in src (decrypt). */
static long ncr_bsd_aead(struct ncr_session *c, struct crypt_auth_op *cao,
			 u32 tag)
{
	bool enc = c->op == NCR_OP_ENCRYPT;
	u32 data = enc ? cao->len : cao->len - tag, tag_len = tag;
	u64 outlen = data;
	long err;

	err = ncr_session_rewind(c);
	if (!err && cao->auth_len)
		err = ncr_whole_update(c, cao->auth_src, cao->auth_len, true);
	if (!err)
		err = ncr_whole_update(c, cao->src, data, false);
	if (!err)
		err = ncr_whole_final(c, cao->dst, &outlen,
				      enc ? cao->dst + data : cao->src + data,
				      &tag_len);
	ncr_session_rewind(c);		/* drops what was buffered */
	if (!err)
		cao->len = enc ? data + tag : data;
	return err;
}

/*
 * TLS and SRTP (cryptodev_tls.c): a session with a cipher and an HMAC,
 * one mode at a time; the cipher key's policy for op, the MAC key's for
 * SIGN (encrypt) or VERIFY (decrypt).
 */
static long ncr_bsd_compose(struct ncr_bsd *b, struct crypt_auth_op *cao,
			    u32 op)
{
	bool tls = cao->flags & COP_FLAG_AEAD_TLS_TYPE;
	long err;

	if (!b->c.alg || b->c.alg->kind != NCR_KIND_CIPHER || !b->h.alg ||
	    b->h.alg->kind != NCR_KIND_MAC || b->h.alg->id == NCR_ALG_CMAC_AES ||
	    ((cao->flags & COP_FLAG_AEAD_SRTP_TYPE) && tls))
		return -EINVAL;
	err = ncr_bsd_policy(&b->c, b->c_handle, op) ?:
	      ncr_bsd_policy(&b->h, b->h_handle, op == NCR_OP_ENCRYPT ?
			     NCR_OP_SIGN : NCR_OP_VERIFY);
	if (err)
		return err;
	b->c.failed = b->h.failed = false;
	b->c.no_zc = b->h.no_zc = cao->flags & COP_FLAG_NO_ZC;
	return tls ? ncr_bsd_tls(b, cao, op) : ncr_bsd_srtp(b, cao, op);
}

long ncr_bsd_authcrypt(struct ncr_ns *ns, struct crypt_auth_op *cao,
		       struct ncr_audit_ctx *ac)
{
	struct ncr_bsd *b = ncr_bsd_get_locked(ns, cao->ses);
	u32 op = cao->op == COP_ENCRYPT ? NCR_OP_ENCRYPT : NCR_OP_DECRYPT;
	struct ncr_session *c;
	u32 tag;
	long err = -EINVAL;

	if (IS_ERR(b))
		return PTR_ERR(b);
	c = &b->c;
	ac->alg = c->alg ?: b->h.alg;
	if (b->c_handle)
		ncr_audit_key(ac, b->c_key, c->key);
	if ((cao->flags & ~NCR_BSD_AUTH_FLAGS) ||
	    (cao->op != COP_ENCRYPT && cao->op != COP_DECRYPT))
		goto out;
	if (cao->flags & (COP_FLAG_AEAD_TLS_TYPE | COP_FLAG_AEAD_SRTP_TYPE)) {
		err = ncr_bsd_compose(b, cao, op);
		goto out;
	}
	if (!c->alg || c->alg->kind != NCR_KIND_AEAD)
		goto out;
	tag = cao->tag_len ?: c->alg->tag;
	if (!ncr_bsd_tag_ok(c->alg, tag) ||
	    !ncr_bsd_nonce_ok(c->alg, cao->iv_len) ||
	    (op == NCR_OP_DECRYPT && cao->len < tag) ||
	    (op == NCR_OP_ENCRYPT && cao->len > U32_MAX - tag))
		goto out;
	err = ncr_bsd_policy(c, b->c_handle, op);
	if (err)
		goto out;
	if (tag != c->tag_size) {
		err = ncr_session_set_tag(c, tag);
		if (err)
			goto out;
	}
	if (copy_from_user(c->iv, cao->iv, cao->iv_len)) {
		err = -EFAULT;
		goto out;
	}
	c->iv_len = cao->iv_len;
	c->op = op;
	c->failed = false;
	c->no_zc = cao->flags & COP_FLAG_NO_ZC;
	err = ncr_bsd_aead(c, cao, tag);
out:
	ncr_bsd_unlock_put(b);
	return err;
}
