// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * rfc6979.c - RFC 6979 nonce generation (HMAC_DRBG keyed by the private key
 * and the message digest), with section 3.6 additional data for hedged
 * signatures.
 *
 * Constant time: x, the DRBG state and the candidate k never steer a branch
 * or an address.  What leaks: the lengths, whether x is in range (an error
 * return), and how many candidates were rejected (k = 0 or k >= q, a
 * candidate that is then discarded; about 2^-32 for the usual q).
 */
#include "ncr_core.h"
#include "ct.h"
#include "hash.h"
#include "rfc6979.h"

/*
 * The ctgrind-style check (core/tests/test_ec_ct.c) marks x undefined; values that
 * legitimately leak (the verdicts above) are declassified for it here.
 */
#ifdef NCR_CT_CHECK
#include <valgrind/memcheck.h>
#define NCR_DECLASSIFY(p, n)	VALGRIND_MAKE_MEM_DEFINED(p, n)
#else
#define NCR_DECLASSIFY(p, n)	do { } while (0)
#endif

/* out[0..qlen) = bits2int(in) per RFC 6979 2.3.2 (leftmost qbits bits). */
static void bits2int(u8 *out, size_t qlen, u32 qbits, const u8 *in, size_t inlen)
{
	size_t i;
	u32 s;

	if (inlen >= qlen) {
		memcpy(out, in, qlen);
		/* drop the low 8*qlen - qbits bits of the first qlen bytes */
		s = (u32)(8 * qlen - qbits);
		if (s) {
			for (i = qlen - 1; i > 0; i--)
				out[i] = (u8)((out[i] >> s) | (out[i - 1] << (8 - s)));
			out[0] = (u8)(out[0] >> s);
		}
	} else {
		memset(out, 0, qlen - inlen);
		memcpy(out + qlen - inlen, in, inlen);
	}
}

/* r = a - b over len big-endian bytes; returns the borrow.  r may alias a. */
static u32 sub_be(u8 *r, const u8 *a, const u8 *b, size_t len)
{
	u32 borrow = 0, d;
	size_t i = len;

	while (i--) {
		d = (u32)a[i] - b[i] - borrow;
		r[i] = (u8)d;
		borrow = (d >> 8) & 1;
	}
	return borrow;
}

/* 1 if a < b (len big-endian bytes), without branches on the values. */
static u32 lt_be(const u8 *a, const u8 *b, size_t len)
{
	u32 borrow = 0, d;
	size_t i = len;

	while (i--) {
		d = (u32)a[i] - b[i] - borrow;
		borrow = (d >> 8) & 1;
	}
	return borrow;
}

static u32 is_zero_be(const u8 *a, size_t len)
{
	u32 acc = 0;
	size_t i;

	for (i = 0; i < len; i++)
		acc |= a[i];
	return ncr_ct_is_zero(acc);
}

/* K = HMAC_K(V || sep || x || h || extra) (sep < 0: just V); V = HMAC_K(V). */
static int drbg_step(u32 id, u8 *K, u8 *V, size_t hl, int sep, const u8 *x, const u8 *h,
		     size_t qlen, const u8 *extra, size_t extra_len)
{
	struct ncr_hmac_ctx c;
	u8 b;
	int ret;

	ret = ncr_hmac_init(&c, id, K, hl);
	if (ret)
		return ret;
	ncr_hmac_update(&c, V, hl);
	b = (u8)sep;
	ncr_hmac_update(&c, &b, 1);
	if (x) {
		ncr_hmac_update(&c, x, qlen);
		ncr_hmac_update(&c, h, qlen);
		if (extra_len)
			ncr_hmac_update(&c, extra, extra_len);
	}
	ncr_hmac_final(&c, K);
	ret = ncr_hmac_init(&c, id, K, hl);
	if (ret)
		return ret;
	ncr_hmac_update(&c, V, hl);
	ncr_hmac_final(&c, V);
	return 0;
}

int ncr_rfc6979_nonce(u32 hash_id, const u8 *q, size_t qlen, u32 qbits,
		      const u8 *x, size_t xlen, const u8 *h, size_t hlen,
		      const u8 *extra, size_t extra_len, u8 *k)
{
	const struct ncr_hash_info *hi = ncr_hash_info(hash_id);
	u8 K[NCR_HASH_MAX_DIGEST], V[NCR_HASH_MAX_DIGEST];
	u8 xo[NCR_RFC6979_MAX_QLEN], ho[NCR_RFC6979_MAX_QLEN];
	u8 T[NCR_RFC6979_MAX_QLEN + NCR_HASH_MAX_DIGEST];
	struct ncr_hmac_ctx c;
	size_t hl, i, tl;
	u32 hi_bits, ok, borrow;
	int ret;

	if (!hi || !q || !k || qbits == 0 || qlen != (qbits + 7) / 8 ||
	    qlen > NCR_RFC6979_MAX_QLEN || (!x && xlen) || (!h && hlen) ||
	    (!extra && extra_len))
		return -EINVAL;
	hl = hi->digest_len;

	/* int2octets(x): x < q, leading zero bytes beyond qlen allowed */
	hi_bits = 0;
	for (i = 0; i + qlen < xlen; i++)
		hi_bits |= x[i];
	if (xlen >= qlen) {
		memcpy(xo, x + xlen - qlen, qlen);
	} else {
		memset(xo, 0, qlen - xlen);
		if (xlen)
			memcpy(xo + qlen - xlen, x, xlen);
	}
	ok = ncr_ct_is_zero(hi_bits) & lt_be(xo, q, qlen) & (is_zero_be(xo, qlen) ^ 1);
	NCR_DECLASSIFY(&ok, sizeof(ok));
	if (!ok) {		/* leaks only that x is invalid */
		ncr_wipe(xo, sizeof(xo));
		return -EINVAL;
	}

	/* bits2octets(h) = bits2int(h) mod q (bits2int(h) < 2^qbits < 2q) */
	bits2int(ho, qlen, qbits, h, hlen);
	borrow = sub_be(T, ho, q, qlen);
	for (i = 0; i < qlen; i++)
		ho[i] = (u8)ncr_ct_select(borrow, ho[i], T[i]);

	memset(V, 0x01, hl);
	memset(K, 0x00, hl);
	ret = drbg_step(hash_id, K, V, hl, 0x00, xo, ho, qlen, extra, extra_len);
	if (!ret)
		ret = drbg_step(hash_id, K, V, hl, 0x01, xo, ho, qlen, extra, extra_len);
	while (!ret) {
		for (tl = 0; tl < qlen; tl += hl) {
			ret = ncr_hmac_init(&c, hash_id, K, hl);
			if (ret)
				break;
			ncr_hmac_update(&c, V, hl);
			ncr_hmac_final(&c, V);
			memcpy(T + tl, V, hl);
		}
		if (ret)
			break;
		bits2int(k, qlen, qbits, T, tl);
		/* accept 1 <= k < q; only the verdict on a rejected k leaks */
		ok = lt_be(k, q, qlen) & (is_zero_be(k, qlen) ^ 1);
		NCR_DECLASSIFY(&ok, sizeof(ok));
		if (ok)
			break;
		ret = drbg_step(hash_id, K, V, hl, 0x00, NULL, NULL, 0, NULL, 0);
	}
	ncr_wipe(K, sizeof(K));
	ncr_wipe(V, sizeof(V));
	ncr_wipe(xo, sizeof(xo));
	ncr_wipe(ho, sizeof(ho));
	ncr_wipe(T, sizeof(T));
	ncr_wipe(&c, sizeof(c));
	if (ret)
		ncr_wipe(k, qlen);
	return ret;
}
