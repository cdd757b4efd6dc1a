// SPDX-License-Identifier: GPL-2.0
/*
 * pksession.c - sessions of the public-key algorithms: signatures (RSA
 * PKCS#1 v1.5 and PSS, DSA, ECDSA, Ed25519) and RSA encryption (PKCS#1
 * v1.5, OAEP).  session.c owns the session object and hands the steps of
 * a public-key session to this file.
 *
 * Messages to sign or verify are hashed update by update with the kernel's
 * shash of the chosen digest; the digest (or, with NCR_PK_FLAG_DIGEST, the
 * input itself) goes to the portable core at FINAL.  Ed25519 needs the
 * whole message twice, so it is buffered like an AEAD message and fed to
 * the core's incremental Ed25519 page by page, yielding between pages.
 * RSA encryption input is at most the modulus length and is kept here.
 * Everything a session holds is charged to the namespace's user.
 */
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/highmem.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include <crypto/hash.h>
#include "ncr-int.h"
#include "pkparts.h"
#include "hash/hash.h"
#include "der/der.h"
#include "rsa/rsa.h"
#include "dlog/dsa.h"
#include "ec/ec.h"
#include "curve25519/curve25519.h"

#define NCR_PK_CHUNK	4096

struct ncr_pk_sess {
	const struct ncr_alg *alg;
	u32 op;
	struct ncr_key *key;		/* the session's reference */
	struct ncr_pk_parts parts;	/* into key->material */
	u32 hash, mgf1, salt, flags;
	u8 *label;
	u32 label_len;
	struct shash_desc *desc;	/* message hashing, or NULL */
	u8 *chunk;			/* NCR_PK_CHUNK bounce for hashing */
	struct ncr_bigbuf big;		/* Ed25519: the message */
	u32 blen;
	size_t charged;			/* NCR_RES_MEMORY of ps, desc, chunk,
					 * label */
	u8 buf[NCR_MAX_SIGNATURE];	/* digest / RSA encryption input */
};

static bool ncr_pk_hash_ok(u32 h)
{
	return h >= NCR_ALG_SHA1 && h <= NCR_ALG_SHA512;
}

static u32 ncr_pk_digest_len(u32 h)
{
	const struct ncr_hash_info *hi = ncr_hash_info(h);

	return hi ? hi->digest_len : 0;
}

/* The core's padding for an RSA algorithm (PKCS#1 serves both ops). */
static u32 ncr_pk_rsa_pad(const struct ncr_alg *alg)
{
	switch (alg->id) {
	case NCR_ALG_RSA_PSS:
		return NCR_RSA_PAD_PSS;
	case NCR_ALG_RSA_OAEP:
		return NCR_RSA_PAD_OAEP;
	default:
		return NCR_RSA_PAD_PKCS1;
	}
}

/* Bytes of the modulus / of q / of the curve's field. */
static u32 ncr_pk_qlen(const struct ncr_pk_sess *ps)
{
	const struct ncr_pk_parts *k = &ps->parts;
	const u8 *q;
	size_t qlen;

	switch (k->type) {
	case NCR_PK_RSA:
		return (ps->key->bits + 7) / 8;
	case NCR_PK_DSA:
		ncr_dl_bits(k->dl.q.p, k->dl.q.len, &q, &qlen);
		return qlen;
	case NCR_PK_EC:
		return ncr_ec_field_len(k->ec.curve);
	default:
		return 32;
	}
}

/* The largest signature this session makes (what SIGN's tag must hold). */
static u32 ncr_pk_sig_max(const struct ncr_pk_sess *ps)
{
	u32 q = ncr_pk_qlen(ps);

	switch (ps->alg->id) {
	case NCR_ALG_DSA:
	case NCR_ALG_ECDSA:
		if (ps->flags & NCR_PK_FLAG_SIG_RAW)
			return 2 * q;
		/* SEQUENCE { INTEGER r, INTEGER s }: sign bytes, headers */
		return 2 * (q + 1 + 2) + 3;
	case NCR_ALG_ED25519:
		return 64;
	default:
		return q;
	}
}

/* Output room DECRYPT / ENCRYPT need: the longest possible message. */
static u32 ncr_pk_out_max(const struct ncr_pk_sess *ps)
{
	u32 k = ncr_pk_qlen(ps), h = 2 * ncr_pk_digest_len(ps->hash) + 2;

	if (ps->op == NCR_OP_ENCRYPT)
		return k;
	if (ps->alg->id == NCR_ALG_RSA_OAEP)
		return k > h ? k - h : 0;
	return k > 11 ? k - 11 : 0;
}

int ncr_pk_sess_new(struct ncr_ns *ns, const struct ncr_alg *alg, u32 op,
		    struct ncr_key *key, u32 usage,
		    const struct ncr_pk_args *pa, struct ncr_pk_sess **out)
{
	bool sig = op == NCR_OP_SIGN || op == NCR_OP_VERIFY;
	bool rsa_enc = alg->id == NCR_ALG_RSA_PKCS1 ||
		       alg->id == NCR_ALG_RSA_OAEP;
	struct ncr_pk_sess *ps;
	u32 hash = pa->hash;
	int err;

	/* op, flags and parameters the algorithm takes */
	if (sig ? alg->id == NCR_ALG_RSA_OAEP : !rsa_enc)
		return -EINVAL;
	if (pa->pk_flags & ~NCR_PK_FLAGS_ALL || pa->reserved)
		return -EINVAL;
	if ((pa->pk_flags & NCR_PK_FLAG_DIGEST) &&
	    (!sig || alg->id == NCR_ALG_ED25519))
		return -EINVAL;
	if ((pa->pk_flags & NCR_PK_FLAG_SIG_RAW) &&
	    alg->id != NCR_ALG_DSA && alg->id != NCR_ALG_ECDSA)
		return -EINVAL;
	if (alg->id == NCR_ALG_RSA_OAEP) {
		hash = hash ?: NCR_ALG_SHA1;
	} else if (!sig || alg->id == NCR_ALG_ED25519) {
		if (hash)
			return -EINVAL;
	} else if (!hash) {
		return -EINVAL;
	}
	if (hash && !ncr_pk_hash_ok(hash))
		return -EINVAL;
	if (pa->mgf1_hash && (!ncr_pk_hash_ok(pa->mgf1_hash) ||
			      (alg->id != NCR_ALG_RSA_PSS &&
			       alg->id != NCR_ALG_RSA_OAEP)))
		return -EINVAL;
	if (pa->salt_size && alg->id != NCR_ALG_RSA_PSS)
		return -EINVAL;
	if (pa->salt_size == NCR_PSS_SALT_AUTO && op != NCR_OP_VERIFY)
		return -EINVAL;
	if (pa->label_size && alg->id != NCR_ALG_RSA_OAEP)
		return -EINVAL;
	if (pa->label_size > NCR_COPY_BOUND)
		return -EINVAL;

	/* the key: its type (EINVAL), then usage, algorithm, class (EPERM) */
	if (key->type != alg->key_type)
		return -EINVAL;
	err = ncr_key_permits(key, usage, alg->algbit);
	if (err)
		return err;
	if ((op == NCR_OP_SIGN || op == NCR_OP_DECRYPT) &&
	    key->klass != NCR_KEY_CLASS_PRIVATE)
		return -EPERM;

	err = ncr_user_charge(ns->user, NCR_RES_MEMORY, sizeof(*ps));
	if (err)
		return err;
	ps = kzalloc(sizeof(*ps), GFP_KERNEL_ACCOUNT);
	if (!ps) {
		ncr_user_uncharge(ns->user, NCR_RES_MEMORY, sizeof(*ps));
		return -ENOMEM;
	}
	ps->charged = sizeof(*ps);
	ps->alg = alg;
	ps->op = op;
	ps->key = key;
	ps->hash = hash;
	ps->mgf1 = pa->mgf1_hash ?: hash;
	ps->salt = pa->salt_size;
	ps->flags = pa->pk_flags;
	err = ncr_pk_key_parts(key, &ps->parts);
	if (err)
		goto err_free;
	if (pa->label_size) {
		ps->label = ncr_user_memdup(ns->user, ncr_uptr(pa->label),
					    pa->label_size);
		if (IS_ERR(ps->label)) {
			err = PTR_ERR(ps->label);
			ps->label = NULL;
			goto err_free;
		}
		ps->label_len = pa->label_size;
	}
	if (sig && hash && !(ps->flags & NCR_PK_FLAG_DIGEST)) {
		const struct ncr_alg *ha = ncr_alg_find(hash);
		struct crypto_shash *tfm = ncr_alg_digest_tfm(ha);

		if (IS_ERR(tfm)) {
			err = PTR_ERR(tfm) == -ENOENT ? -EOPNOTSUPP :
							PTR_ERR(tfm);
			goto err_free;
		}
		size_t dsize = sizeof(*ps->desc) + crypto_shash_descsize(tfm);

		err = ncr_user_charge(ns->user, NCR_RES_MEMORY,
				      dsize + NCR_PK_CHUNK);
		if (err)
			goto err_free;
		ps->charged += dsize + NCR_PK_CHUNK;
		ps->desc = kzalloc(dsize, GFP_KERNEL_ACCOUNT);
		ps->chunk = kmalloc(NCR_PK_CHUNK, GFP_KERNEL_ACCOUNT);
		if (!ps->desc || !ps->chunk) {
			err = -ENOMEM;
			goto err_free;
		}
		ps->desc->tfm = tfm;
		err = crypto_shash_init(ps->desc);
		if (err)
			goto err_free;
	}
	*out = ps;
	return 0;

err_free:
	ncr_pk_sess_free(ns, ps);
	return err;
}

void ncr_pk_sess_free(struct ncr_ns *ns, struct ncr_pk_sess *ps)
{
	size_t charged;

	if (!ps)
		return;
	charged = ps->charged;
	ncr_bigbuf_free(ns, &ps->big);
	if (ps->desc)
		kfree_sensitive(ps->desc);
	kfree_sensitive(ps->chunk);
	ncr_user_kvfree(ns->user, ps->label, ps->label_len);
	kfree_sensitive(ps);
	ncr_user_uncharge(ns->user, NCR_RES_MEMORY, charged);
}

/*
 * Takes input: hashed, buffered (Ed25519) or kept (digest, RSA input).
 * Sets *poisoned when it fails after part of the input changed the state
 * (the session then only gives EIO: a later FINAL must not sign a
 * message with a hole in it); a failure before that consumed nothing.
 */
static int ncr_pk_feed(struct ncr_ns *ns, struct ncr_pk_sess *ps,
		       const u8 __user *in, u64 len, bool *poisoned)
{
	u64 done = 0;
	int err;

	if (!len)
		return 0;
	if (ps->alg->id == NCR_ALG_ED25519)	/* all or nothing */
		return ncr_bigbuf_append_user(ns, &ps->big, in, len);
	if (!ps->desc) {
		u32 cap = ps->op == NCR_OP_SIGN || ps->op == NCR_OP_VERIFY ?
			  NCR_HASH_MAX_DIGEST : ncr_pk_qlen(ps);

		if (len > cap - ps->blen)
			return -EINVAL;
		if (copy_from_user(ps->buf + ps->blen, in, len))
			return -EFAULT;
		ps->blen += len;
		return 0;
	}
	while (done < len) {
		u32 n = min_t(u64, len - done, NCR_PK_CHUNK);

		if (copy_from_user(ps->chunk, in + done, n)) {
			err = -EFAULT;
			goto fail;
		}
		err = crypto_shash_update(ps->desc, ps->chunk, n);
		if (err)
			goto fail;
		done += n;
		if (done < len) {
			if (fatal_signal_pending(current)) {
				err = -EINTR;
				goto fail;
			}
			cond_resched();
		}
	}
	return 0;

fail:
	*poisoned = done > 0;
	return err;
}

/*
 * Ed25519 over the buffered message, page by page: one pass (verify) or
 * two (sign), with a reschedule and a fatal-signal check between pages.
 * update is the core's update of whichever context ctx is.
 */
static int ncr_pk_ed25519_pass(struct ncr_pk_sess *ps, void *ctx,
			       int (*update)(void *, const u8 *, size_t))
{
	size_t off = 0;
	int err = 0;

	while (off < ps->big.len && !err) {
		size_t n = min_t(size_t, ps->big.len - off, PAGE_SIZE);
		u8 *p = kmap_local_page(ps->big.pages[off / PAGE_SIZE]);

		err = update(ctx, p, n);
		kunmap_local(p);
		off += n;
		if (!err && off < ps->big.len) {
			if (fatal_signal_pending(current))
				err = -EINTR;
			cond_resched();
		}
	}
	return err;
}

static int ncr_pk_ed_sign_update(void *c, const u8 *m, size_t n)
{
	return ncr_ed25519_sign_update(c, m, n);
}

static int ncr_pk_ed_verify_update(void *c, const u8 *m, size_t n)
{
	return ncr_ed25519_verify_update(c, m, n);
}

/* Signs the buffered message into sig (64 bytes). */
static int ncr_pk_ed25519_sign(struct ncr_pk_sess *ps, u8 *sig)
{
	struct ncr_ed25519_sign_ctx *c;
	int err;

	c = kzalloc(sizeof(*c), GFP_KERNEL_ACCOUNT);
	if (!c)
		return -ENOMEM;
	ncr_ed25519_sign_start(c, ps->parts.k25519.priv.p,
			       ps->parts.k25519.pub.p);
	err = ncr_pk_ed25519_pass(ps, c, ncr_pk_ed_sign_update) ?:
	      ncr_ed25519_sign_middle(c) ?:
	      ncr_pk_ed25519_pass(ps, c, ncr_pk_ed_sign_update) ?:
	      ncr_ed25519_sign_finish(c, sig);
	ncr_ed25519_sign_abort(c);	/* wipes (also after finish) */
	kfree_sensitive(c);
	return err;
}

/* 0 valid, -EBADMSG invalid, or another error. */
static int ncr_pk_ed25519_verify(struct ncr_pk_sess *ps, const u8 *sig)
{
	struct ncr_ed25519_verify_ctx *c;
	int err;

	c = kzalloc(sizeof(*c), GFP_KERNEL_ACCOUNT);
	if (!c)
		return -ENOMEM;
	err = ncr_ed25519_verify_start(c, sig, ps->parts.k25519.pub.p) ?:
	      ncr_pk_ed25519_pass(ps, c, ncr_pk_ed_verify_update) ?:
	      ncr_ed25519_verify_finish(c);
	ncr_ed25519_verify_abort(c);
	kfree(c);
	return err;
}

/* The digest to sign or verify into ps->buf; its length, or -errno. */
static int ncr_pk_digest(struct ncr_pk_sess *ps)
{
	u32 dlen = ncr_pk_digest_len(ps->hash);
	int err;

	if (!ps->desc)
		return ps->blen == dlen ? dlen : -EINVAL;
	err = crypto_shash_final(ps->desc, ps->buf);
	return err ?: dlen;
}

static int ncr_pk_sign(struct ncr_pk_sess *ps, u8 *sig, u32 *sig_len,
		       void *scratch)
{
	struct ncr_pk_parts *k = &ps->parts;
	u32 q = ncr_pk_qlen(ps);
	u8 raw[2 * 66];
	size_t len;
	int dlen, err;

	if (ps->alg->id == NCR_ALG_ED25519) {
		err = ncr_pk_ed25519_sign(ps, sig);
		*sig_len = 64;
		return err;
	}
	dlen = ncr_pk_digest(ps);
	if (dlen < 0)
		return dlen;
	switch (ps->alg->id) {
	case NCR_ALG_RSA_PKCS1:
	case NCR_ALG_RSA_PSS:
		err = ncr_rsa_sign(&k->rsa, ncr_pk_rsa_pad(ps->alg),
				   ps->hash, ps->mgf1, ps->salt, ps->buf, dlen,
				   &ncr_kenv, sig, scratch);
		*sig_len = q;
		return err;
	case NCR_ALG_DSA:
		err = ncr_dsa_sign(&k->dl, ps->hash, ps->buf, dlen, &ncr_kenv,
				   raw, scratch);
		break;
	default:	/* ECDSA */
		err = ncr_ecdsa_sign(k->ec.curve, k->ec.d.p, k->ec.d.len,
				     ps->hash, ps->buf, dlen, &ncr_kenv, raw);
		break;
	}
	if (err)
		goto out;
	if (ps->flags & NCR_PK_FLAG_SIG_RAW) {
		memcpy(sig, raw, 2 * q);
		*sig_len = 2 * q;
	} else {
		len = NCR_MAX_SIGNATURE;
		err = ncr_der_sig_encode(raw, q, sig, &len);
		*sig_len = len;
	}
out:
	memzero_explicit(raw, sizeof(raw));
	return err;
}

/* 0 and *ok set, or -errno for an error that is not a bad signature. */
static int ncr_pk_verify(struct ncr_pk_sess *ps, const u8 *sig, u32 sig_len,
			 bool *ok, void *scratch)
{
	struct ncr_pk_parts *k = &ps->parts;
	u32 q = ncr_pk_qlen(ps);
	u8 raw[2 * 66];
	int dlen, err;

	*ok = false;
	if (ps->alg->id == NCR_ALG_ED25519) {
		if (sig_len != 64)
			return 0;
		err = ncr_pk_ed25519_verify(ps, sig);
		goto verdict;
	}
	dlen = ncr_pk_digest(ps);
	if (dlen < 0)
		return dlen;
	switch (ps->alg->id) {
	case NCR_ALG_RSA_PKCS1:
	case NCR_ALG_RSA_PSS:
		err = ncr_rsa_verify(&k->rsa, ncr_pk_rsa_pad(ps->alg),
				     ps->hash, ps->mgf1, ps->salt, ps->buf,
				     dlen, sig, sig_len, scratch);
		goto verdict;
	}
	if (ps->flags & NCR_PK_FLAG_SIG_RAW) {
		if (sig_len != 2 * q)
			return 0;
		memcpy(raw, sig, 2 * q);
	} else if (ncr_der_sig_decode(sig, sig_len, q, raw)) {
		return 0;
	}
	if (ps->alg->id == NCR_ALG_DSA)
		err = ncr_dsa_verify(&k->dl, ps->buf, dlen, raw, 2 * q,
				     scratch);
	else
		err = ncr_ecdsa_verify(k->ec.curve, k->ec.point.p,
				       k->ec.point.len, ps->buf, dlen, raw,
				       2 * q);
verdict:
	if (!err)
		*ok = true;
	else if (err == -EBADMSG)
		err = 0;
	return err;
}

int ncr_pk_sess_step(struct ncr_ns *ns, struct ncr_pk_sess *ps,
		     struct ncr_step *st, bool final)
{
	bool sig = ps->op == NCR_OP_SIGN || ps->op == NCR_OP_VERIFY;
	size_t slen = 0, olen;
	void *scratch;
	u8 *tmp, *out;
	u32 need, n;
	bool ok;
	int err;

	if (st->flags)
		return -EINVAL;
	/* ERANGE consumes nothing: check the room before taking input */
	if (final) {
		if (ps->op == NCR_OP_SIGN) {
			need = ncr_pk_sig_max(ps);
			if (st->tag_len < need) {
				st->outlen = 0;
				st->tag_len = need;
				return -ERANGE;
			}
		} else if (!sig) {
			need = ncr_pk_out_max(ps);
			if (st->outlen < need) {
				st->outlen = need;
				return -ERANGE;
			}
		}
	}
	st->outlen = 0;
	err = ncr_pk_feed(ns, ps, st->in, st->inlen, &st->poisoned);
	if (err || !final)
		return err;

	scratch = ncr_pk_scratch(ns->user, ps->key->type, ps->key->bits,
				 &slen);
	if (IS_ERR(scratch))
		return PTR_ERR(scratch);
	tmp = ncr_user_kvzalloc(ns->user, 2 * NCR_MAX_SIGNATURE);
	if (IS_ERR(tmp)) {
		err = PTR_ERR(tmp);
		goto out_scratch;
	}
	switch (ps->op) {
	case NCR_OP_SIGN:
		err = ncr_pk_sign(ps, tmp, &n, scratch);
		if (!err && copy_to_user(st->tag, tmp, n))
			err = -EFAULT;
		if (!err)
			st->tag_len = n;
		break;
	case NCR_OP_VERIFY:
		n = min_t(u32, st->tag_len, 2 * NCR_MAX_SIGNATURE);
		if (st->tag_len > 2 * NCR_MAX_SIGNATURE) {
			st->result = NCR_VERIFY_FAILED;
			break;
		}
		if (copy_from_user(tmp, st->tag, n)) {
			err = -EFAULT;
			break;
		}
		err = ncr_pk_verify(ps, tmp, n, &ok, scratch);
		st->result = ok ? NCR_VERIFY_OK : NCR_VERIFY_FAILED;
		break;
	default:
		out = tmp;
		olen = NCR_MAX_SIGNATURE;
		if (ps->op == NCR_OP_ENCRYPT) {
			err = ncr_rsa_encrypt(&ps->parts.rsa,
					ncr_pk_rsa_pad(ps->alg),
					ps->hash, ps->mgf1, ps->label,
					ps->label_len, ps->buf, ps->blen,
					&ncr_kenv, out, scratch);
			olen = ncr_pk_qlen(ps);
		} else {
			err = ncr_rsa_decrypt(&ps->parts.rsa,
					ncr_pk_rsa_pad(ps->alg),
					ps->hash, ps->mgf1, ps->label,
					ps->label_len, ps->buf, ps->blen,
					&ncr_kenv, out, &olen, scratch);
			if (err == -ERANGE)	/* cannot happen: room checked */
				err = -EBADMSG;
		}
		if (!err && copy_to_user(st->out, out, olen))
			err = -EFAULT;
		if (!err)
			st->outlen = olen;
		break;
	}
	ncr_user_kvfree(ns->user, tmp, 2 * NCR_MAX_SIGNATURE);
out_scratch:
	ncr_pk_scratch_free(ns->user, scratch, slen);
	return err;
}
