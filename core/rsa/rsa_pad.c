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
 * length is public.  PKCS#1 v1.5 decryption has no verdict at all
 * (ncr_rsa_pkcs1_unpad_implicit: implicit rejection, a synthetic message
 * for a bad padding): the choice between the real and the synthetic
 * message is made with masks, and only the length of the returned message
 * becomes public.  MGF1, HMAC and the hashes take time depending on
 * lengths only (hash.h).  Signing and encryption pad public or random
 * data; verification handles public data only and may branch freely.
 */
#include "rsa.h"
#include "ct.h"

/* The padding layer's part of the scratch area. */
#define KMAX		NCR_RSA_KMAX
#define B_EM(s)		((u8 *)(s))
#define B_DB(s)		((u8 *)(s) + KMAX)
#define B_AUX(s)	((u8 *)(s) + 2 * KMAX)	/* KMAX + 256 bytes */
#define B_IR(s)		((u8 *)(s) + KMAX)	/* NCR_RSA_IR_SCRATCH bytes */

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
 * pass per bit of shift, each doing the same work whatever the bit.  out
 * may be em.
 */
static void ct_shift_left(u8 *out, const u8 *em, size_t k, u32 shift)
{
	size_t i, step;

	if (out != em)		/* in place is fine: each pass reads ahead */
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

/*
 * The RSAES-PKCS1-v1_5 structure of the k-byte block em, in constant time:
 * 1 if em = 00 02 PS 00 M with PS at least 8 non-zero bytes, else 0.
 * *msg_at = the offset of M (1 when there is no zero byte after em[1]).
 */
static u32 pkcs1_check(const u8 *em, size_t k, u32 *msg_at)
{
	u32 good, looking = 1, zero_idx = 0;
	size_t i;

	good = ncr_ct_is_zero(em[0]) & ncr_ct_eq(em[1], 2);
	for (i = 2; i < k; i++) {
		u32 z = ncr_ct_is_zero(em[i]) & looking;

		zero_idx = ncr_ct_select(z, (u32)i, zero_idx);
		looking &= ncr_ct_is_zero(z);
	}
	/* a separator, after at least 8 bytes of padding */
	good &= ncr_ct_is_zero(looking) & (ncr_ct_lt(zero_idx, 10) ^ 1);
	*msg_at = zero_idx + 1;
	return good;
}

int ncr_rsa_pkcs1_unpad(u8 *em, size_t k, u8 *out, size_t *out_len)
{
	u32 good, msg_at;

	if (k < 11 || *out_len < k)
		return -EINVAL;
	good = pkcs1_check(em, k, &msg_at);
	/* on failure shift by something harmless; the result is discarded */
	msg_at = ncr_ct_select(good, msg_at, 1);
	ct_shift_left(out, em, k, msg_at);
	return verdict(good, (u32)k - msg_at, out, k, out_len);
}

/*
 * --- PKCS#1 v1.5 decryption with implicit rejection ---
 * (draft-irtf-cfrg-rsa-guidance, the algorithm of OpenSSL 3.2 and later)
 *
 *   KDK = HMAC-SHA256(SHA-256(d as k bytes), C as k bytes)
 *   PRF(label, L) = the first L bytes of
 *       HMAC-SHA256(KDK, be16(i) || label || be16(8 L)), i = 0, 1, ...
 *   the synthetic message: the last len bytes of PRF("message", k), len the
 *   last of the 128 big-endian 16-bit values of PRF("length", 256), masked
 *   to the bit length of k - 10, that is below k - 10 (0 if none is).
 */
#define IR_HLEN		32			/* SHA-256 */
#define IR_TRIES	128			/* length candidates */

struct ir_scratch {
	struct ncr_hmac_ctx kdk_mac;		/* keyed with the KDK */
	struct ncr_hmac_ctx mac;
	u8 kdk[IR_HLEN];
	u8 blk[IR_HLEN];
	u8 lens[2 * IR_TRIES];
	u8 msg[KMAX];
};

_Static_assert(sizeof(struct ir_scratch) <= NCR_RSA_IR_SCRATCH, "NCR_RSA_IR_SCRATCH");
_Static_assert(KMAX + NCR_RSA_IR_SCRATCH <= NCR_RSA_PAD_AREA, "NCR_RSA_PAD_AREA");
/* the PRF's be16 bit lengths */
_Static_assert(8 * KMAX <= 0xffff && 8 * 2 * IR_TRIES <= 0xffff, "PRF length");

/*
 * s->kdk_mac = HMAC-SHA256 keyed with the KDK of ciphertext c under d.  d
 * is a big-endian number of d_len bytes (leading zeros allowed) below
 * 2^(8k); only whether it is (a broken key otherwise) is examined.
 */
static int ir_kdk(struct ir_scratch *s, const u8 *c, const u8 *d, size_t d_len, size_t k)
{
	u32 excess = 0;
	size_t i;

	if (!d_len)
		return -EINVAL;
	if (d_len > k) {
		for (i = 0; i < d_len - k; i++)
			excess |= d[i];
		excess = ncr_ct_is_nonzero(excess);
		NCR_CT_PUBLIC(&excess, sizeof(excess));	/* d >= 2^(8k): no key */
		if (excess)
			return -EINVAL;
		d += d_len - k;
		d_len = k;
	}
	memset(s->msg, 0, k - d_len);
	memcpy(s->msg + k - d_len, d, d_len);
	ncr_hash(NCR_HASH_SHA256, s->msg, k, s->blk);
	ncr_hmac_init(&s->mac, NCR_HASH_SHA256, s->blk, IR_HLEN);
	ncr_hmac_update(&s->mac, c, k);
	ncr_hmac_final(&s->mac, s->kdk);
	ncr_hmac_init(&s->kdk_mac, NCR_HASH_SHA256, s->kdk, IR_HLEN);
	return 0;
}

/* out = PRF(label, len) (label without its NUL). */
static void ir_prf(struct ir_scratch *s, const char *label, size_t label_len, u8 *out,
		   size_t len)
{
	u8 iter[2], bits[2];
	size_t n;
	u32 i;

	bits[0] = (u8)((8 * len) >> 8);
	bits[1] = (u8)(8 * len);
	for (i = 0; len; i++) {
		s->mac = s->kdk_mac;
		iter[0] = (u8)(i >> 8);
		iter[1] = (u8)i;
		ncr_hmac_update(&s->mac, iter, 2);
		ncr_hmac_update(&s->mac, label, label_len);
		ncr_hmac_update(&s->mac, bits, 2);
		ncr_hmac_final(&s->mac, s->blk);
		n = len < IR_HLEN ? len : IR_HLEN;
		memcpy(out, s->blk, n);
		out += n;
		len -= n;
	}
}

int ncr_rsa_pkcs1_unpad_implicit(const u8 *em, const u8 *c, const u8 *d, size_t d_len,
				 size_t k, u8 *out, size_t *out_len, void *scratch)
{
	struct ir_scratch *s = scratch;
	u32 good, msg_at, max, lmask, syn_len = 0, len, cap, gmask;
	const u8 *src;
	size_t i;
	int ret;

	if (k < 11 || k > KMAX)
		return -EINVAL;
	cap = *out_len < k ? (u32)*out_len : (u32)k;
	ret = ir_kdk(s, c, d, d_len, k);
	if (ret)
		goto out;
	ir_prf(s, "message", 7, s->msg, k);
	ir_prf(s, "length", 6, s->lens, sizeof(s->lens));

	/* the synthetic length: the last candidate below max, or 0 */
	max = (u32)k - 2 - 8;
	lmask = max;
	lmask |= lmask >> 1;
	lmask |= lmask >> 2;
	lmask |= lmask >> 4;
	lmask |= lmask >> 8;
	for (i = 0; i < sizeof(s->lens); i += 2) {
		u32 cand = (((u32)s->lens[i] << 8) | s->lens[i + 1]) & lmask;

		syn_len = ncr_ct_select(ncr_ct_lt(cand, max), cand, syn_len);
	}

	/* the real message, if the padding is right and it fits the output */
	good = pkcs1_check(em, k, &msg_at);
	good &= ncr_ct_lt(cap, (u32)k - msg_at) ^ 1;
	len = ncr_ct_select(good, (u32)k - msg_at, syn_len);
	/* both messages are tails of k-byte blocks: pick the block */
	gmask = ncr_ct_mask(good);
	for (i = 0; i < k; i++)
		s->msg[i] = (u8)ncr_ct_mux(gmask, em[i], s->msg[i]);

	if (cap >= k - 11) {
		/* nothing is cut: the length, public by design, gives the start */
		NCR_CT_PUBLIC(&len, sizeof(len));
		src = s->msg + (k - len);
	} else {
		/*
		 * a small output: the synthetic message may be cut to cap, so
		 * its length stays secret; the shift is k only for len 0,
		 * when nothing is copied
		 */
		ct_shift_left(s->msg, s->msg, k, (u32)k - len);
		len = ncr_ct_select(ncr_ct_lt(cap, len), cap, len);
		NCR_CT_PUBLIC(&len, sizeof(len));
		src = s->msg;
	}
	if (len)
		memcpy(out, src, len);
	*out_len = len;
out:
	ncr_wipe(s, sizeof(*s));
	return ret;
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

	if (k < 11 || k > KMAX)
		return -EINVAL;
	if (pad == NCR_RSA_PAD_OAEP) {
		int hlen = hash_len(hash_id);

		if (hlen < 0 || hash_len(mgf1_hash_id) < 0)
			return -EINVAL;
	} else if (pad != NCR_RSA_PAD_PKCS1 || !key->d.len) {
		return -EINVAL;		/* implicit rejection needs d */
	}
	if (in_len != k)
		return -EBADMSG;
	ret = ncr_rsa_private_raw(key, in, em, env, scratch);
	if (!ret && pad == NCR_RSA_PAD_PKCS1) {
		/* no verdict: the message or a synthetic one, *out_len public */
		ret = ncr_rsa_pkcs1_unpad_implicit(em, in, key->d.p, key->d.len, k, out,
						   out_len, B_IR(scratch));
	} else if (!ret) {
		ret = ncr_rsa_oaep_unpad(hash_id, mgf1_hash_id, label, label_len, em, k, msg,
					 &mlen);
		if (!ret) {
			/* valid padding: the length is public from here on */
			if (*out_len < mlen)
				ret = -ERANGE;
			else if (mlen)
				memcpy(out, msg, mlen);
			*out_len = mlen;
		}
	}
	ncr_wipe(scratch, NCR_RSA_PAD_AREA);
	return ret;
}
