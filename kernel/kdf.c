// SPDX-License-Identifier: GPL-2.0
/*
 * kdf.c - NCRIO_KEY_KDF: key derivation functions whose output becomes a
 * new key object and never leaves the kernel unless that key is made
 * exportable:
 *   HKDF (RFC 5869) over HMAC-SHA-256/384/512, the input keying material
 *        a secret key object (DERIVE usage, HKDF in its set);
 *   PBKDF2 (RFC 8018) with HMAC-SHA-1/256/512, from a password given as
 *        bytes; bounded, and stopped by a fatal signal;
 *   SP 800-108 KDF in counter mode (r = 32, the counter first; fixed input
 *        Label || 0x00 || Context || [L]_32, as OpenSSL's KBKDF) with
 *        HMAC-SHA-256 or CMAC-AES keyed by a secret key object.
 * The PRFs are the crypto API's hmac() and cmac(aes) transforms, keyed in
 * the kernel; every intermediate value is wiped.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/sched/signal.h>
#include <crypto/hash.h>
#include "ncr-int.h"

/* Iterations between checks for a fatal signal (and a cond_resched). */
#define NCR_PBKDF2_STRIDE	1024

struct ncr_kdf_alg {
	u32 id;
	const char *name;	/* for the audit record */
	const char *prf;	/* crypto API name of the PRF */
	u32 key_type;		/* of the source key (0: a password) */
	u64 algbit;		/* in the source key's set */
};

static const struct ncr_kdf_alg ncr_kdf_algs[] = {
	{ NCR_ALG_HKDF_SHA256, "hkdf-sha256", "hmac(sha256)", NCR_KEY_TYPE_HMAC,
	  NCR_KEY_ALG_HKDF },
	{ NCR_ALG_HKDF_SHA384, "hkdf-sha384", "hmac(sha384)", NCR_KEY_TYPE_HMAC,
	  NCR_KEY_ALG_HKDF },
	{ NCR_ALG_HKDF_SHA512, "hkdf-sha512", "hmac(sha512)", NCR_KEY_TYPE_HMAC,
	  NCR_KEY_ALG_HKDF },
	{ NCR_ALG_PBKDF2_SHA1, "pbkdf2-sha1", "hmac(sha1)", 0, 0 },
	{ NCR_ALG_PBKDF2_SHA256, "pbkdf2-sha256", "hmac(sha256)", 0, 0 },
	{ NCR_ALG_PBKDF2_SHA512, "pbkdf2-sha512", "hmac(sha512)", 0, 0 },
	{ NCR_ALG_KBKDF_HMAC_SHA256, "kbkdf-hmac-sha256", "hmac(sha256)",
	  NCR_KEY_TYPE_HMAC, NCR_KEY_ALG_KBKDF_HMAC },
	{ NCR_ALG_KBKDF_CMAC_AES, "kbkdf-cmac-aes", "cmac(aes)", NCR_KEY_TYPE_AES,
	  NCR_KEY_ALG_KBKDF_CMAC },
};

static const struct ncr_kdf_alg *ncr_kdf_find(u32 id)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ncr_kdf_algs); i++)
		if (ncr_kdf_algs[i].id == id)
			return &ncr_kdf_algs[i];
	return NULL;
}

/* The caller's inputs, copied in. */
struct ncr_kdf_in {
	u8 *salt, *info, *password;
	u32 salt_len, info_len, password_len;
};

/* A keyed PRF: the tfm and a descriptor for it. */
struct ncr_prf {
	struct crypto_shash *tfm;
	struct shash_desc *desc;
	u32 len;		/* output bytes */
};

static int ncr_prf_init(struct ncr_prf *p, const char *name, const u8 *key,
			u32 key_len)
{
	int err;

	p->tfm = crypto_alloc_shash(name, 0, 0);
	if (IS_ERR(p->tfm)) {
		err = PTR_ERR(p->tfm);
		p->tfm = NULL;
		return err == -ENOENT ? -EOPNOTSUPP : err;
	}
	p->len = crypto_shash_digestsize(p->tfm);
	p->desc = kzalloc(sizeof(*p->desc) + crypto_shash_descsize(p->tfm),
			  GFP_KERNEL_ACCOUNT);
	if (!p->desc) {
		err = -ENOMEM;
		goto err_tfm;
	}
	p->desc->tfm = p->tfm;
	/* an empty HMAC key is legal (PBKDF2's empty password) */
	err = crypto_shash_setkey(p->tfm, key, key_len);
	if (err)
		goto err_desc;
	return 0;

err_desc:
	kfree_sensitive(p->desc);
err_tfm:
	crypto_free_shash(p->tfm);	/* wipes the keyed context */
	return err;
}

static void ncr_prf_free(struct ncr_prf *p)
{
	kfree_sensitive(p->desc);
	crypto_free_shash(p->tfm);
}

/* RFC 5869: PRK = HMAC(salt, IKM); T(i) = HMAC(PRK, T(i-1) || info || i) */
static int ncr_hkdf(const struct ncr_kdf_alg *ka, const struct ncr_key *key,
		    const struct ncr_kdf_in *in, u8 *out, u32 len)
{
	u8 prk[HASH_MAX_DIGESTSIZE], t[HASH_MAX_DIGESTSIZE];
	struct ncr_prf p = {};
	u32 done = 0, n = 0;
	u8 i;
	int err;

	/* Extract; no salt means HashLen zeros, the same HMAC key */
	err = ncr_prf_init(&p, ka->prf, in->salt, in->salt_len);
	if (err)
		return err;
	if (len > 255 * p.len) {
		err = -EINVAL;
		goto out;
	}
	err = crypto_shash_digest(p.desc, key->material, key->len, prk) ?:
	      crypto_shash_setkey(p.tfm, prk, p.len);
	for (i = 1; !err && done < len; i++) {
		err = crypto_shash_init(p.desc) ?:
		      crypto_shash_update(p.desc, t, n) ?:
		      crypto_shash_update(p.desc, in->info, in->info_len) ?:
		      crypto_shash_update(p.desc, &i, 1) ?:
		      crypto_shash_final(p.desc, t);
		n = p.len;
		if (!err) {
			memcpy(out + done, t, min(n, len - done));
			done += min(n, len - done);
		}
	}
out:
	memzero_explicit(prk, sizeof(prk));
	memzero_explicit(t, sizeof(t));
	ncr_prf_free(&p);
	return err;
}

/* RFC 8018: T_i = U_1 ^ ... ^ U_c, U_1 = PRF(P, S || INT(i)) */
static int ncr_pbkdf2(const struct ncr_kdf_alg *ka, u32 iterations,
		      const struct ncr_kdf_in *in, u8 *out, u32 len)
{
	u8 u[HASH_MAX_DIGESTSIZE], t[HASH_MAX_DIGESTSIZE];
	struct ncr_prf p = {};
	u32 done = 0, blk, it, j;
	__be32 ctr;
	int err;

	err = ncr_prf_init(&p, ka->prf, in->password, in->password_len);
	if (err)
		return err;
	for (blk = 1; !err && done < len; blk++) {
		ctr = cpu_to_be32(blk);
		err = crypto_shash_init(p.desc) ?:
		      crypto_shash_update(p.desc, in->salt, in->salt_len) ?:
		      crypto_shash_update(p.desc, (u8 *)&ctr, 4) ?:
		      crypto_shash_final(p.desc, u);
		memcpy(t, u, p.len);
		for (it = 1; !err && it < iterations; it++) {
			err = crypto_shash_digest(p.desc, u, p.len, u);
			for (j = 0; j < p.len; j++)
				t[j] ^= u[j];
			if (it % NCR_PBKDF2_STRIDE == 0) {
				if (fatal_signal_pending(current))
					err = -EINTR;
				cond_resched();
			}
		}
		if (!err) {
			memcpy(out + done, t, min(p.len, len - done));
			done += min(p.len, len - done);
		}
	}
	memzero_explicit(u, sizeof(u));
	memzero_explicit(t, sizeof(t));
	ncr_prf_free(&p);
	return err;
}

/*
 * SP 800-108 counter mode:
 * K(i) = PRF(K, [i]_32 || Label || 0x00 || Context || [L]_32)
 */
static int ncr_kbkdf(const struct ncr_kdf_alg *ka, const struct ncr_key *key,
		     const struct ncr_kdf_in *in, u8 *out, u32 len)
{
	u8 k[HASH_MAX_DIGESTSIZE];
	struct ncr_prf p = {};
	__be32 ctr, bits = cpu_to_be32(len * 8);
	u32 done = 0, i;
	u8 zero = 0;
	int err;

	if (len > U32_MAX / 8)
		return -EINVAL;
	err = ncr_prf_init(&p, ka->prf, key->material, key->len);
	if (err)
		return err;
	for (i = 1; !err && done < len; i++) {
		ctr = cpu_to_be32(i);
		err = crypto_shash_init(p.desc) ?:
		      crypto_shash_update(p.desc, (u8 *)&ctr, 4) ?:
		      crypto_shash_update(p.desc, in->salt, in->salt_len) ?:
		      crypto_shash_update(p.desc, &zero, 1) ?:
		      crypto_shash_update(p.desc, in->info, in->info_len) ?:
		      crypto_shash_update(p.desc, (u8 *)&bits, 4) ?:
		      crypto_shash_final(p.desc, k);
		if (!err) {
			memcpy(out + done, k, min(p.len, len - done));
			done += min(p.len, len - done);
		}
	}
	memzero_explicit(k, sizeof(k));
	ncr_prf_free(&p);
	return err;
}

static void ncr_kdf_in_free(struct ncr_user *u, struct ncr_kdf_in *in)
{
	ncr_user_kvfree(u, in->salt, in->salt_len ?: 1);
	ncr_user_kvfree(u, in->info, in->info_len ?: 1);
	ncr_user_kvfree(u, in->password, in->password_len ?: 1);
}

/* Copies n bytes (n may be 0: a one-byte buffer, never read). */
static u8 *ncr_kdf_copy(struct ncr_user *u, u64 uptr, u32 n)
{
	u8 *p;

	if (n)
		return ncr_user_memdup(u, ncr_uptr(uptr), n);
	p = ncr_user_kvzalloc(u, 1);
	return p;
}

static int ncr_kdf_in_get(struct ncr_user *u, const struct ncr_key_kdf *d,
			  struct ncr_kdf_in *in)
{
	u8 *p;

	in->salt_len = d->salt_size;
	in->info_len = d->info_size;
	in->password_len = d->password_size;
	p = ncr_kdf_copy(u, d->salt, d->salt_size);
	if (IS_ERR(p))
		return PTR_ERR(p);
	in->salt = p;
	p = ncr_kdf_copy(u, d->info, d->info_size);
	if (IS_ERR(p))
		return PTR_ERR(p);
	in->info = p;
	p = ncr_kdf_copy(u, d->password, d->password_size);
	if (IS_ERR(p))
		return PTR_ERR(p);
	in->password = p;
	return 0;
}

/* The new key's length for its type (AES: one key, not an XTS pair). */
static int ncr_kdf_check_out(u32 type, u32 len)
{
	switch (type) {
	case NCR_KEY_TYPE_HMAC:
	case NCR_KEY_TYPE_DES3:
	case NCR_KEY_TYPE_CHACHA20:
		return ncr_key_check_len(type, len);
	case NCR_KEY_TYPE_AES:
		return len == 16 || len == 24 || len == 32 ? 0 : -EINVAL;
	default:
		return -EINVAL;
	}
}

long ncr_key_kdf_ioctl(struct ncr_ucmd *uc)
{
	struct ncr_key_kdf *d = uc->cmd;
	struct ncr_ns *ns = uc->ns;
	const struct ncr_kdf_alg *ka = ncr_kdf_find(d->algorithm);
	struct ncr_kdf_in in = {};
	struct ncr_key *key = NULL, *nk;
	u32 attrs = 0;
	u8 *okm;
	int err;

	if (!ka || d->__reserved || d->label_size > NCR_KEY_LABEL_MAX ||
	    d->salt_size > NCR_KDF_INPUT_MAX ||
	    d->info_size > NCR_KDF_INPUT_MAX ||
	    d->password_size > NCR_KDF_INPUT_MAX ||
	    ncr_kdf_check_out(d->type, d->length))
		return -EINVAL;
	/* inputs that the algorithm does not take must be absent */
	if (ka->key_type) {
		if (d->password_size || d->iterations)
			return -EINVAL;
	} else if (d->key || d->info_size || !d->iterations ||
		   d->iterations > NCR_PBKDF2_ITERATIONS_MAX) {
		return -EINVAL;
	}
	err = ncr_key_check_policy(d->flags, d->usage);
	if (err)
		return err;
	/* the caller chooses salt and info, or knows the password */
	if (d->flags & NCR_KEY_FLAG_TRUSTED)
		return -EPERM;
	uc->ac.alg_name = ka->name;
	if (ka->key_type) {
		key = ncr_ns_key(ns, d->key);
		if (!key)
			return -ENOENT;
		ncr_audit_key(&uc->ac, d->key, key);
		if (key->type != ka->key_type || key->klass) {
			err = -EINVAL;
			goto out_key;
		}
		err = ncr_key_permits(key, NCR_KEY_USAGE_DERIVE, ka->algbit);
		if (err)
			goto out_key;
		/* never readable outside a kernel stays so, if not exported */
		attrs = key->attrs & NCR_KEY_ATTR_ALWAYS_SENSITIVE;
	}
	err = ncr_kdf_in_get(ns->user, d, &in);
	if (err)
		goto out_in;
	okm = ncr_user_kvzalloc(ns->user, d->length);
	if (IS_ERR(okm)) {
		err = PTR_ERR(okm);
		goto out_in;
	}
	switch (d->algorithm) {
	case NCR_ALG_HKDF_SHA256:
	case NCR_ALG_HKDF_SHA384:
	case NCR_ALG_HKDF_SHA512:
		err = ncr_hkdf(ka, key, &in, okm, d->length);
		break;
	case NCR_ALG_KBKDF_HMAC_SHA256:
	case NCR_ALG_KBKDF_CMAC_AES:
		err = ncr_kbkdf(ka, key, &in, okm, d->length);
		break;
	default:
		err = ncr_pbkdf2(ka, d->iterations, &in, okm, d->length);
		break;
	}
	if (err)
		goto out_okm;
	if (d->type == NCR_KEY_TYPE_DES3 && ncr_des3_degenerate(okm)) {
		err = -EINVAL;		/* 2^-128: refused, not weakened */
		goto out_okm;
	}
	nk = ncr_key_alloc(ns->user, d->type, d->length, okm);
	if (IS_ERR(nk)) {
		err = PTR_ERR(nk);
		goto out_okm;
	}
	err = ncr_key_set_policy(nk, d->flags, d->usage, d->algs, attrs) ?:
	      ncr_key_set_label(nk, d->label, d->label_size);
	if (err) {
		ncr_key_put(nk);
		goto out_okm;
	}
	err = ncr_key_publish(uc, nk, &d->new_key, sizeof(*d), NULL);
out_okm:
	ncr_user_kvfree(ns->user, okm, d->length);
out_in:
	ncr_kdf_in_free(ns->user, &in);
out_key:
	if (key)
		ncr_key_put(key);
	return err;
}
