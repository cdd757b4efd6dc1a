// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * bn_ops.c - plain products, shifts, bit length and remainders by small
 * numbers (see bn.h).
 *
 * Constant time: loops run over the limb counts and the public shift count
 * and divisor; no branch or memory index depends on a limb's value.
 */
#include "bn_int.h"

void ncr_bn_mul(ncr_limb *r, const ncr_limb *a, size_t na, const ncr_limb *b, size_t nb)
{
	size_t i, j;

	memset(r, 0, (na + nb) * sizeof(*r));
	for (i = 0; i < na; i++) {
		ncr_limb ai = a[i], c = 0;

#if defined(__clang__)
#pragma unroll 4
#elif defined(__GNUC__)
#pragma GCC unroll 4
#endif
		for (j = 0; j < nb; j++) {
			ncr_dlimb z = (ncr_dlimb)ai * b[j] + r[i + j] + c;

			r[i + j] = (ncr_limb)z;
			c = (ncr_limb)(z >> LB);
		}
		r[i + nb] = c;
	}
}

void ncr_bn_rshift(ncr_limb *r, const ncr_limb *a, size_t n, unsigned int s)
{
	size_t k = s / LB, i;
	unsigned int b = s % LB;

	for (i = 0; i < n; i++) {
		ncr_limb lo = i + k < n ? a[i + k] : 0;
		ncr_limb hi = i + k + 1 < n ? a[i + k + 1] : 0;

		/* b is public; (hi << 1) << (LB - 1 - b) is hi << (LB - b) without UB */
		r[i] = (lo >> b) | ((hi << 1) << (LB - 1 - b));
	}
}

void ncr_bn_lshift(ncr_limb *r, const ncr_limb *a, size_t n, unsigned int s)
{
	size_t k = s / LB, i;
	unsigned int b = s % LB;

	for (i = n; i-- > 0;) {
		ncr_limb hi = i >= k ? a[i - k] : 0;
		ncr_limb lo = i >= k + 1 ? a[i - k - 1] : 0;

		r[i] = (hi << b) | ((lo >> 1) >> (LB - 1 - b));
	}
}

/* Bit length of one limb, branch-free: a binary search under masks. */
static size_t limb_bits(ncr_limb x)
{
	size_t len = 0;
	unsigned int s;

	for (s = LB / 2; s > 0; s /= 2) {
		u32 big = limb_is_nonzero(x >> s);
		ncr_limb mask = limb_mask(big);

		len += s & (size_t)mask;
		x = limb_mux(mask, x >> s, x);
	}
	return len + (size_t)(x & 1);
}

size_t ncr_bn_bit_length(const ncr_limb *a, size_t n)
{
	size_t len = 0, i;

	/* the last non-zero limb wins; every limb is looked at */
	for (i = 0; i < n; i++) {
		ncr_limb mask = limb_mask(limb_is_nonzero(a[i]));

		len = (size_t)limb_mux(mask, (ncr_limb)(i * LB + limb_bits(a[i])),
				       (ncr_limb)len);
	}
	return len;
}

/* The high 64 bits of the 128-bit product x y. */
static u64 mulhi64(u64 x, u64 y)
{
#ifdef __SIZEOF_INT128__
	return (u64)(((unsigned __int128)x * y) >> 64);
#else
	u64 xl = (u32)x, xh = x >> 32, yl = (u32)y, yh = y >> 32;
	u64 ll = xl * yl, lh = xl * yh, hl = xh * yl, hh = xh * yh;
	u64 mid = (ll >> 32) + (u32)lh + (u32)hl;

	return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
#endif
}

/* (r 2^32 + c) mod d for r < d < 2^31, with mu = floor((2^64 - 1) / d). */
static u32 step32(u32 r, u32 c, u32 d, u64 mu)
{
	u64 x = ((u64)r << 32) | c;	/* < 2^63 */
	u64 q = mulhi64(x, mu);		/* floor(x / d) or one less */
	u64 rem = x - q * d;		/* < 2d < 2^32 */

	return (u32)rem - (d & (u32)ncr_ct_mask(ncr_ct_lt((u32)rem, d) ^ 1));
}

u32 ncr_bn_mod_small(const ncr_limb *a, size_t n, u32 d)
{
	u64 mu;
	u32 r = 0;
	size_t i;

	if (d < 2 || d >= 0x80000000u)		/* public */
		return 0;
	mu = ~(u64)0 / d;			/* d is public */
	for (i = n; i-- > 0;) {
#if NCR_LIMB_BITS == 64
		r = step32(r, (u32)(a[i] >> 32), d, mu);
#endif
		r = step32(r, (u32)a[i], d, mu);
	}
	return r;
}
