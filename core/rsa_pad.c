// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * rsa_pad.c - the RFC 8017 encodings over the raw operations of rsa.c:
 * EMSA-PKCS1-v1_5 and EMSA-PSS signatures, RSAES-PKCS1-v1_5 and RSAES-OAEP
 * encryption (see rsa.h).
 *
 * Constant time: the decryption padding checks (ncr_rsa_pkcs1_unpad,
 * ncr_rsa_oaep_unpad) compute their verdict with masks over every byte of
 * the block and move the message into place with a shift whose work does
 * not depend on its amount; nothing branches on or indexes by the
 * decrypted block until the single final verdict, after which the message
 * length is public.  MGF1 and the hashes take time depending on lengths
 * only (hash.h).  Signing and encryption pad public or random data;
 * verification handles public data only and may branch freely.
 */
#include "rsa.h"
#include "ct.h"

/* The padding layer's part of the scratch area. */
#define KMAX		NCR_RSA_KMAX
#define B_EM(s)		((u8 *)(s))
#define B_DB(s)		((u8 *)(s) + KMAX)
#define B_AUX(s)	((u8 *)(s) + 2 * KMAX)	/* KMAX + 256 bytes */

/* Stands in for a NULL pointer with length 0. */
static const u8 empty[1];

static int hash_len(u32 id)
{
	const struct ncr_hash_info *hi = ncr_hash_info(id);

	return hi ? (int)hi->digest_len : -EINVAL;
}

/* --- PKCS#1 v1.5 signatures (RFC 8017 9.2) --- */

static int emsa_pkcs1(u8 *em, size_t k, u32 hash_id, const u8 *digest, size_t dlen)
{
	const struct ncr_hash_info *hi = ncr_hash_info(hash_id);
	size_t tlen;

	if (!hi || dlen != hi->digest_len)
		return -EINVAL;
	tlen = hi->digest_info_len + dlen;
	if (k < tlen + 11)
		return -EINVAL;
	em[0] = 0;
	em[1] = 1;
	memset(em + 2, 0xff, k - tlen - 3);
	em[k - tlen - 1] = 0;
	memcpy(em + k - tlen, hi->digest_info, hi->digest_info_len);
	memcpy(em + k - dlen, digest, dlen);
	return 0;
}

/* --- PSS (RFC 8017 9.1) --- */

/* H = Hash(00^8 || mhash || salt) */
static int pss_hash(u32 hash_id, const u8 *mhash, size_t hlen, const u8 *salt, size_t slen,
		    u8 *h)
{
	static const u8 zeros[8];
	struct ncr_hash_ctx c;
	int ret;

	ret = ncr_hash_init(&c, hash_id);
	if (ret)
		return ret;
	ncr_hash_update(&c, zeros, 8);
	ncr_hash_update(&c, mhash, hlen);
	ncr_hash_update(&c, salt, slen);
	ncr_hash_final(&c, h);
	return 0;
}

/* Bit length of n from its bytes (public). */
static u32 mod_bits(const struct ncr_rsa_parts *key, size_t k)
{
	const u8 *p = key->n.p + key->n.len - k;
	u32 bits = 8 * (u32)(k - 1);
	u8 top;

	for (top = p[0]; top; top >>= 1)
		bits++;
	return bits;
}

static int emsa_pss(u8 *em, size_t k, u32 embits, u32 hash_id, u32 mgf_id, u32 slen,
		    const u8 *digest, size_t dlen, const struct ncr_env *env, u8 *salt)
{
	size_t emlen = (embits + 7) / 8, dblen, off = k - emlen;
	int hlen = hash_len(hash_id);
	u8 *db, *h;
	int ret;

	if (hlen < 0 || hash_len(mgf_id) < 0 || dlen != (size_t)hlen)
		return -EINVAL;
	if (slen == NCR_PSS_SALT_AUTO || slen > KMAX || emlen < (size_t)hlen + slen + 2)
		return -EINVAL;
	dblen = emlen - hlen - 1;
	memset(em, 0, k);
	db = em + off;
	h = db + dblen;
	if (slen)
		env->rand(env->ctx, salt, slen);
	ret = pss_hash(hash_id, digest, dlen, salt, slen, h);
	if (ret)
		return ret;
	db[dblen - slen - 1] = 1;
	memcpy(db + dblen - slen, salt, slen);
	ret = ncr_mgf1_xor(db, dblen, mgf_id, h, hlen);
	if (ret)
		return ret;
	db[0] &= 0xff >> (8 * emlen - embits);
	em[k - 1] = 0xbc;
	return 0;
}

static int pss_verify(u8 *em, size_t k, u32 embits, u32 hash_id, u32 mgf_id, u32 slen,
		      const u8 *digest, size_t dlen, u8 *hh)
{
	size_t emlen = (embits + 7) / 8, dblen, off = k - emlen, i;
	int hlen = hash_len(hash_id);
	u8 *db, *h;

	if (hlen < 0 || hash_len(mgf_id) < 0 || dlen != (size_t)hlen)
		return -EINVAL;
	if (slen != NCR_PSS_SALT_AUTO && slen > KMAX)
		return -EINVAL;
	/* everything below is public data */
	if (off && em[0])
		return -EBADMSG;
	if (emlen < (size_t)hlen + 2 ||
	    (slen != NCR_PSS_SALT_AUTO && emlen < (size_t)hlen + slen + 2))
		return -EBADMSG;
	if (em[k - 1] != 0xbc)
		return -EBADMSG;
	dblen = emlen - hlen - 1;
	db = em + off;
	h = db + dblen;
	if (db[0] & ~(0xff >> (8 * emlen - embits)))
		return -EBADMSG;
	if (ncr_mgf1_xor(db, dblen, mgf_id, h, hlen))
		return -EINVAL;
	db[0] &= 0xff >> (8 * emlen - embits);
	for (i = 0; i < dblen && !db[i]; i++)
		;
	if (i == dblen || db[i] != 1)
		return -EBADMSG;
	i++;
	if (slen != NCR_PSS_SALT_AUTO && dblen - i != slen)
		return -EBADMSG;
	if (pss_hash(hash_id, digest, dlen, db + i, dblen - i, hh))
		return -EINVAL;
	return memcmp(hh, h, hlen) ? -EBADMSG : 0;
}

int ncr_rsa_sign(const struct ncr_rsa_parts *key, u32 pad, u32 hash_id, u32 mgf1_hash_id,
		 u32 salt_len, const u8 *digest, size_t digest_len, const struct ncr_env *env,
		 u8 *sig, void *scratch)
{
	size_t k = ncr_rsa_k(key);
	u8 *em = B_EM(scratch);
	int ret;

	if (k < 2 || k > KMAX)
		return -EINVAL;
	if (pad == NCR_RSA_PAD_PKCS1)
		ret = emsa_pkcs1(em, k, hash_id, digest, digest_len);
	else if (pad == NCR_RSA_PAD_PSS)
		ret = emsa_pss(em, k, mod_bits(key, k) - 1, hash_id, mgf1_hash_id, salt_len,
			       digest, digest_len, env, B_AUX(scratch));
	else
		ret = -EINVAL;
	if (!ret)
		ret = ncr_rsa_private_raw(key, em, sig, env, scratch);
	if (ret == -EIO)
		memset(sig, 0, k);
	ncr_wipe(scratch, NCR_RSA_PAD_AREA);
	return ret;
}

int ncr_rsa_verify(const struct ncr_rsa_parts *key, u32 pad, u32 hash_id, u32 mgf1_hash_id,
		   u32 salt_len, const u8 *digest, size_t digest_len, const u8 *sig,
		   size_t sig_len, void *scratch)
{
	size_t k = ncr_rsa_k(key);
	u8 *em = B_EM(scratch), *exp = B_DB(scratch);
	int ret;

	if (k < 2 || k > KMAX)
		return -EINVAL;
	if (pad == NCR_RSA_PAD_PKCS1) {
		ret = emsa_pkcs1(exp, k, hash_id, digest, digest_len);
		if (ret)
			return ret;
	} else if (pad == NCR_RSA_PAD_PSS) {
		if (hash_len(hash_id) < 0 || hash_len(mgf1_hash_id) < 0 ||
		    digest_len != (size_t)hash_len(hash_id))
			return -EINVAL;
	} else {
		return -EINVAL;
	}
	if (sig_len != k)
		return -EBADMSG;
	ret = ncr_rsa_public_raw(key, sig, em, scratch);
	if (!ret) {
		if (pad == NCR_RSA_PAD_PKCS1)
			ret = memcmp(em, exp, k) ? -EBADMSG : 0;
		else
			ret = pss_verify(em, k, mod_bits(key, k) - 1, hash_id, mgf1_hash_id,
					 salt_len, digest, digest_len, B_AUX(scratch));
	}
	ncr_wipe(scratch, NCR_RSA_PAD_AREA);
	return ret;
}

/* --- encryption --- */

/* Random non-zero bytes. */
static void nonzero_random(u8 *p, size_t len, const struct ncr_env *env)
{
	size_t i;

	env->rand(env->ctx, p, len);
	for (i = 0; i < len; i++)
		while (!p[i])		/* rare; the padding is not secret after use */
			env->rand(env->ctx, p + i, 1);
}

int ncr_rsa_encrypt(const struct ncr_rsa_parts *key, u32 pad, u32 hash_id, u32 mgf1_hash_id,
		    const u8 *label, size_t label_len, const u8 *in, size_t in_len,
		    const struct ncr_env *env, u8 *out, void *scratch)
{
	size_t k = ncr_rsa_k(key);
	u8 *em = B_EM(scratch);
	int ret = 0, hlen;

	if (k < 2 || k > KMAX)
		return -EINVAL;
	if (pad == NCR_RSA_PAD_PKCS1) {
		if (k < 11 || in_len > k - 11)
			return -EINVAL;
		em[0] = 0;
		em[1] = 2;
		nonzero_random(em + 2, k - in_len - 3, env);
		em[k - in_len - 1] = 0;
		if (in_len)
			memcpy(em + k - in_len, in, in_len);
	} else if (pad == NCR_RSA_PAD_OAEP) {
		u8 *seed = em + 1, *db;
		size_t dblen;

		hlen = hash_len(hash_id);
		if (hlen < 0 || hash_len(mgf1_hash_id) < 0)
			return -EINVAL;
		if (k < 2 * (size_t)hlen + 2 || in_len > k - 2 * hlen - 2)
			return -EINVAL;
		dblen = k - hlen - 1;
		db = seed + hlen;
		em[0] = 0;
		ret = ncr_hash(hash_id, label_len ? label : empty, label_len, db);
		memset(db + hlen, 0, dblen - hlen - in_len - 1);
		db[dblen - in_len - 1] = 1;
		if (in_len)
			memcpy(db + dblen - in_len, in, in_len);
		env->rand(env->ctx, seed, hlen);
		if (!ret)
			ret = ncr_mgf1_xor(db, dblen, mgf1_hash_id, seed, hlen);
		if (!ret)
			ret = ncr_mgf1_xor(seed, hlen, mgf1_hash_id, db, dblen);
	} else {
		return -EINVAL;
	}
	if (!ret)
		ret = ncr_rsa_public_raw(key, em, out, scratch);
	ncr_wipe(scratch, NCR_RSA_PAD_AREA);
	return ret;
}

/*
 * out[0..k) = em[shift..k) followed by zeros, for a secret shift < k: one
 * pass per bit of shift, each doing the same work whatever the bit.
 */
static void ct_shift_left(u8 *out, const u8 *em, size_t k, u32 shift)
{
	size_t i, step;

	memcpy(out, em, k);
	for (step = 1; step < k; step <<= 1) {
		u32 mask = ncr_ct_mask(ncr_ct_is_nonzero(shift & (u32)step));

		for (i = 0; i < k; i++) {
			u32 next = i + step < k ? out[i + step] : 0;

			out[i] = (u8)ncr_ct_mux(mask, next, out[i]);
		}
	}
}

/* The final verdict: the only branch on the decrypted data. */
static int verdict(u32 good, u32 mlen, u8 *out, size_t k, size_t *out_len)
{
	NCR_CT_PUBLIC(&good, sizeof(good));
	if (!good) {
		memset(out, 0, k);
		*out_len = 0;
		return -EBADMSG;
	}
	NCR_CT_PUBLIC(&mlen, sizeof(mlen));	/* public once valid */
	*out_len = mlen;
	return 0;
}

int ncr_rsa_pkcs1_unpad(u8 *em, size_t k, u8 *out, size_t *out_len)
{
	u32 good, looking = 1, zero_idx = 0;
	size_t i;

	if (k < 11 || *out_len < k)
		return -EINVAL;
	good = ncr_ct_is_zero(em[0]) & ncr_ct_eq(em[1], 2);
	for (i = 2; i < k; i++) {
		u32 z = ncr_ct_is_zero(em[i]) & looking;

		zero_idx = ncr_ct_select(z, (u32)i, zero_idx);
		looking &= ncr_ct_is_zero(z);
	}
	/* a separator, after at least 8 bytes of padding */
	good &= ncr_ct_is_zero(looking) & (ncr_ct_lt(zero_idx, 10) ^ 1);
	/* on failure shift by something harmless; the result is discarded */
	zero_idx = ncr_ct_select(good, zero_idx, 0);
	ct_shift_left(out, em, k, zero_idx + 1);
	return verdict(good, (u32)k - zero_idx - 1, out, k, out_len);
}

int ncr_rsa_oaep_unpad(u32 hash_id, u32 mgf1_hash_id, const u8 *label, size_t label_len,
		       u8 *em, size_t k, u8 *out, size_t *out_len)
{
	u8 lhash[NCR_HASH_MAX_DIGEST];
	u32 good, looking = 1, one_idx = 0, diff = 0;
	int hlen = hash_len(hash_id), ret;
	size_t dblen, i;
	u8 *seed = em + 1, *db;

	if (hlen < 0 || hash_len(mgf1_hash_id) < 0 || *out_len < k)
		return -EINVAL;
	if (k < 2 * (size_t)hlen + 2)
		return -EINVAL;
	dblen = k - hlen - 1;
	db = seed + hlen;
	ret = ncr_hash(hash_id, label_len ? label : empty, label_len, lhash);
	if (!ret)
		ret = ncr_mgf1_xor(seed, hlen, mgf1_hash_id, db, dblen);
	if (!ret)
		ret = ncr_mgf1_xor(db, dblen, mgf1_hash_id, seed, hlen);
	if (ret)
		return ret;
	good = ncr_ct_is_zero(em[0]);
	for (i = 0; i < (size_t)hlen; i++)
		diff |= db[i] ^ lhash[i];
	good &= ncr_ct_is_zero(diff);
	/* PS (zeros) then 0x01: the first non-zero byte after lHash */
	for (i = hlen; i < dblen; i++) {
		u32 nz = ncr_ct_is_nonzero(db[i]) & looking;

		one_idx = ncr_ct_select(nz, (u32)i, one_idx);
		good &= ncr_ct_is_zero(nz) | ncr_ct_eq(db[i], 1);
		looking &= ncr_ct_is_zero(nz);
	}
	good &= ncr_ct_is_zero(looking);
	one_idx = ncr_ct_select(good, one_idx, 0);
	/* the message starts at em offset 1 + hlen + one_idx + 1 */
	ct_shift_left(out, em, k, (u32)(hlen + 2) + one_idx);
	ncr_wipe(lhash, sizeof(lhash));
	return verdict(good, (u32)(dblen - one_idx - 1), out, k, out_len);
}

int ncr_rsa_decrypt(const struct ncr_rsa_parts *key, u32 pad, u32 hash_id, u32 mgf1_hash_id,
		    const u8 *label, size_t label_len, const u8 *in, size_t in_len,
		    const struct ncr_env *env, u8 *out, size_t *out_len, void *scratch)
{
	size_t k = ncr_rsa_k(key), mlen = k;
	u8 *em = B_EM(scratch), *msg = B_DB(scratch);
	int ret;

	if (k < 2 || k > KMAX)
		return -EINVAL;
	if (pad == NCR_RSA_PAD_OAEP) {
		int hlen = hash_len(hash_id);

		if (hlen < 0 || hash_len(mgf1_hash_id) < 0)
			return -EINVAL;
	} else if (pad != NCR_RSA_PAD_PKCS1) {
		return -EINVAL;
	}
	if (in_len != k)
		return -EBADMSG;
	ret = ncr_rsa_private_raw(key, in, em, env, scratch);
	if (!ret) {
		if (pad == NCR_RSA_PAD_PKCS1)
			ret = ncr_rsa_pkcs1_unpad(em, k, msg, &mlen);
		else
			ret = ncr_rsa_oaep_unpad(hash_id, mgf1_hash_id, label, label_len, em, k,
						 msg, &mlen);
	}
	if (!ret) {
		/* valid padding: the length is public from here on */
		if (*out_len < mlen)
			ret = -ERANGE;
		else if (mlen)
			memcpy(out, msg, mlen);
		*out_len = mlen;
	}
	ncr_wipe(scratch, NCR_RSA_PAD_AREA);
	return ret;
}
