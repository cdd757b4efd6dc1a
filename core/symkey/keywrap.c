// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * keywrap.c - AES Key Wrap (RFC 3394) and AES Key Wrap with Padding
 * (RFC 5649); see keywrap.h.
 *
 * Both use the same wrapping process W of RFC 3394 section 2.2.1 in its
 * index-based form: six passes over the n 64-bit semiblocks R[1..n], each
 * step encrypting A || R[i] and xoring the step counter t = n*j + i
 * (big-endian, 64 bits) into the top half, which becomes the next A.  The
 * unwrap runs the steps backwards with the inverse cipher.  The ciphers
 * always get distinct input and output buffers.
 */
#include "keywrap.h"

static const u8 kw_iv[NCR_KW_SEMIBLOCK] = {
	0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6,
};
static const u8 kwp_magic[4] = { 0xa6, 0x59, 0x59, 0xa6 };

/* 1 if a < b, else 0, without a branch; a and b below 2^63. */
static inline u64 kw_ct_lt(u64 a, u64 b)
{
	return (a - b) >> 63;
}

/* a ^= t, t as a 64-bit big-endian number. */
static void kw_xor_t(u8 *a, u64 t)
{
	int k;

	for (k = 7; k >= 0; k--, t >>= 8)
		a[k] ^= (u8)t;
}

/* W: a is the initial value in and C[0] out; r holds n >= 2 semiblocks. */
static void kw_w(const struct ncr_kw_cipher *c, u8 a[NCR_KW_SEMIBLOCK],
		 u8 *r, size_t n)
{
	u8 in[NCR_KW_BLOCK], out[NCR_KW_BLOCK];
	u64 t = 0;
	size_t i;
	int j;

	memcpy(in, a, NCR_KW_SEMIBLOCK);
	for (j = 0; j < 6; j++) {
		for (i = 0; i < n; i++) {
			u8 *ri = r + NCR_KW_SEMIBLOCK * i;

			memcpy(in + NCR_KW_SEMIBLOCK, ri, NCR_KW_SEMIBLOCK);
			c->enc(c->ctx, out, in);
			kw_xor_t(out, ++t);
			memcpy(in, out, NCR_KW_SEMIBLOCK);
			memcpy(ri, out + NCR_KW_SEMIBLOCK, NCR_KW_SEMIBLOCK);
		}
	}
	memcpy(a, in, NCR_KW_SEMIBLOCK);
	ncr_wipe(in, sizeof(in));
	ncr_wipe(out, sizeof(out));
}

/* W^-1: a is C[0] in and the recovered initial value out. */
static void kw_w_inv(const struct ncr_kw_cipher *c, u8 a[NCR_KW_SEMIBLOCK],
		     u8 *r, size_t n)
{
	u8 in[NCR_KW_BLOCK], out[NCR_KW_BLOCK];
	u64 t = 6 * (u64)n;
	size_t i;
	int j;

	memcpy(out, a, NCR_KW_SEMIBLOCK);
	for (j = 5; j >= 0; j--) {
		for (i = n; i-- > 0; t--) {
			u8 *ri = r + NCR_KW_SEMIBLOCK * i;

			memcpy(in, out, NCR_KW_SEMIBLOCK);
			kw_xor_t(in, t);
			memcpy(in + NCR_KW_SEMIBLOCK, ri, NCR_KW_SEMIBLOCK);
			c->dec(c->ctx, out, in);
			memcpy(ri, out + NCR_KW_SEMIBLOCK, NCR_KW_SEMIBLOCK);
		}
	}
	memcpy(a, out, NCR_KW_SEMIBLOCK);
	ncr_wipe(in, sizeof(in));
	ncr_wipe(out, sizeof(out));
}

size_t ncr_kw_wrapped_len(int padded, size_t len)
{
	if (len > (size_t)-1 - 2 * NCR_KW_BLOCK)
		return 0;
	if (padded) {
		/* the length travels in 32 bits */
		if (!len || (u64)len >> 32)
			return 0;
		return ((len + 7) & ~(size_t)7) + NCR_KW_SEMIBLOCK;
	}
	if (len % NCR_KW_SEMIBLOCK || len < 2 * NCR_KW_SEMIBLOCK)
		return 0;
	return len + NCR_KW_SEMIBLOCK;
}

int ncr_kw_wrap(const struct ncr_kw_cipher *c, const u8 *in, size_t len,
		u8 *out)
{
	u8 a[NCR_KW_SEMIBLOCK];

	if (!ncr_kw_wrapped_len(0, len))
		return -EINVAL;
	memmove(out + NCR_KW_SEMIBLOCK, in, len);
	memcpy(a, kw_iv, sizeof(a));
	kw_w(c, a, out + NCR_KW_SEMIBLOCK, len / NCR_KW_SEMIBLOCK);
	memcpy(out, a, sizeof(a));
	return 0;
}

int ncr_kw_unwrap(const struct ncr_kw_cipher *c, const u8 *in, size_t len,
		  u8 *out)
{
	u8 a[NCR_KW_SEMIBLOCK];
	u32 diff = 0;
	int i;

	if (len < 3 * NCR_KW_SEMIBLOCK || !ncr_kw_wrapped_len(0, len - 8))
		return -EINVAL;
	memcpy(a, in, sizeof(a));	/* before out (maybe == in) moves */
	memmove(out, in + NCR_KW_SEMIBLOCK, len - NCR_KW_SEMIBLOCK);
	kw_w_inv(c, a, out, len / NCR_KW_SEMIBLOCK - 1);
	for (i = 0; i < NCR_KW_SEMIBLOCK; i++)
		diff |= a[i] ^ kw_iv[i];
	ncr_wipe(a, sizeof(a));
	if (diff) {
		ncr_wipe(out, len - NCR_KW_SEMIBLOCK);
		return -EBADMSG;
	}
	return 0;
}

int ncr_kwp_wrap(const struct ncr_kw_cipher *c, const u8 *in, size_t len,
		 u8 *out)
{
	size_t total = ncr_kw_wrapped_len(1, len), plen;
	u8 a[NCR_KW_SEMIBLOCK];

	if (!total)
		return -EINVAL;
	plen = total - NCR_KW_SEMIBLOCK;
	memmove(out + NCR_KW_SEMIBLOCK, in, len);
	memset(out + NCR_KW_SEMIBLOCK + len, 0, plen - len);
	memcpy(a, kwp_magic, sizeof(kwp_magic));
	ncr_put_be32(a + 4, (u32)len);
	if (plen == NCR_KW_SEMIBLOCK) {
		/* one semiblock: a single block encryption of AIV || P */
		u8 b[NCR_KW_BLOCK];

		memcpy(b, a, NCR_KW_SEMIBLOCK);
		memcpy(b + NCR_KW_SEMIBLOCK, out + NCR_KW_SEMIBLOCK,
		       NCR_KW_SEMIBLOCK);
		c->enc(c->ctx, out, b);
		ncr_wipe(b, sizeof(b));
	} else {
		kw_w(c, a, out + NCR_KW_SEMIBLOCK, plen / NCR_KW_SEMIBLOCK);
		memcpy(out, a, sizeof(a));
	}
	return 0;
}

int ncr_kwp_unwrap(const struct ncr_kw_cipher *c, const u8 *in, size_t len,
		   u8 *out, size_t *out_len)
{
	u8 a[NCR_KW_SEMIBLOCK];
	u64 plen, mli, bad = 0;
	int i;

	if (len < 2 * NCR_KW_SEMIBLOCK || len % NCR_KW_SEMIBLOCK ||
	    len > (size_t)-1 - 2 * NCR_KW_BLOCK)
		return -EINVAL;
	plen = len - NCR_KW_SEMIBLOCK;
	if (plen == NCR_KW_SEMIBLOCK) {
		u8 b[NCR_KW_BLOCK], p[NCR_KW_BLOCK];

		memcpy(b, in, sizeof(b));
		c->dec(c->ctx, p, b);
		memcpy(a, p, NCR_KW_SEMIBLOCK);
		memcpy(out, p + NCR_KW_SEMIBLOCK, NCR_KW_SEMIBLOCK);
		ncr_wipe(b, sizeof(b));
		ncr_wipe(p, sizeof(p));
	} else {
		memcpy(a, in, sizeof(a));
		memmove(out, in + NCR_KW_SEMIBLOCK, (size_t)plen);
		kw_w_inv(c, a, out, (size_t)plen / NCR_KW_SEMIBLOCK);
	}

	/*
	 * Every check accumulates into bad; nothing branches on the
	 * decrypted values until the verdict.  RFC 5649 section 3: the
	 * top half of A is A65959A6, the length MLI satisfies
	 * 8*(n-1) < MLI <= 8*n, and the 8*n - MLI padding bytes are zero.
	 */
	for (i = 0; i < 4; i++)
		bad |= (u64)(a[i] ^ kwp_magic[i]);
	mli = ncr_get_be32(a + 4);
	bad |= kw_ct_lt(mli, plen - 7);		/* MLI <= 8*(n-1) */
	bad |= kw_ct_lt(plen, mli);		/* MLI > 8*n */
	for (i = 0; i < NCR_KW_SEMIBLOCK; i++) {
		u64 pos = plen - NCR_KW_SEMIBLOCK + (u64)i;
		u64 is_pad = 0 - (1 ^ kw_ct_lt(pos, mli));	/* pos >= MLI */

		bad |= out[pos] & is_pad;
	}
	ncr_wipe(a, sizeof(a));
	if (bad) {
		ncr_wipe(out, (size_t)plen);
		return -EBADMSG;
	}
	*out_len = (size_t)mli;
	return 0;
}
