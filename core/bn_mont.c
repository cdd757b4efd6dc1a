// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * bn_mont.c - Montgomery arithmetic (see bn.h): setup, CIOS multiplication,
 * reduction, conversion to and from Montgomery form.
 *
 * Constant time: loops run over the limb count n, which may leak; the
 * operands and the modulus do not (the final subtraction is done by mask).
 */
#include "bn.h"
#include "ct.h"

u32 ncr_bn_mont_m0i(u32 m0)
{
	u32 x = m0;	/* m0 * m0 = 1 mod 8 for odd m0: 3 bits right */

	x *= 2 - m0 * x;	/* 6 bits */
	x *= 2 - m0 * x;	/* 12 */
	x *= 2 - m0 * x;	/* 24 */
	x *= 2 - m0 * x;	/* 48 >= 32 */
	return -x;
}

void ncr_bn_mont_rr(u32 *rr, const u32 *m, size_t n)
{
	size_t i, j;

	ncr_bn_set_u32(rr, n, 1);
	ncr_bn_cond_sub(rr, m, n, ncr_bn_lt(rr, m, n) ^ 1);	/* m == 1 */
	for (i = 0; i < 64 * n; i++) {
		u32 top = rr[n - 1] >> 31;

		for (j = n - 1; j > 0; j--)
			rr[j] = (rr[j] << 1) | (rr[j - 1] >> 31);
		rr[0] <<= 1;
		/* 2x < 2m: one subtraction, also when 2x overflowed n limbs. */
		ncr_bn_cond_sub(rr, m, n, top | (ncr_bn_lt(rr, m, n) ^ 1));
	}
}

/* r = t + hi * R reduced once: t + hi R < 2m. */
static void mont_final(u32 *r, const u32 *t, u32 hi, const u32 *m, size_t n)
{
	u32 borrow = ncr_bn_sub(r, t, m, n);

	/* Keep t if it was below m: no carry limb and the subtraction borrowed. */
	ncr_bn_cond_copy(r, t, n, (hi ^ 1) & borrow);
}

void ncr_bn_mont_mul(u32 *r, const u32 *a, const u32 *b, const u32 *m,
		     size_t n, u32 m0i, u32 *t)
{
	size_t i, j;

	memset(t, 0, (n + 1) * sizeof(*t));
	for (i = 0; i < n; i++) {
		u64 ai = a[i], z1, z2;
		u32 q, c1, c2;

		/*
		 * One pass: t = (t + a[i] b + q m) / 2^32, q making the low
		 * limb zero.  Two carry chains: c1 for a[i] b, c2 for q m.
		 */
		z1 = (u64)t[0] + ai * b[0];
		q = (u32)z1 * m0i;
		z2 = (u64)(u32)z1 + (u64)q * m[0];
		c1 = (u32)(z1 >> 32);
		c2 = (u32)(z2 >> 32);
		for (j = 1; j < n; j++) {
			z1 = (u64)t[j] + ai * b[j] + c1;
			z2 = (u64)(u32)z1 + (u64)q * m[j] + c2;
			t[j - 1] = (u32)z2;
			c1 = (u32)(z1 >> 32);
			c2 = (u32)(z2 >> 32);
		}
		z1 = (u64)t[n] + c1 + c2;
		t[n - 1] = (u32)z1;
		t[n] = (u32)(z1 >> 32);
	}
	mont_final(r, t, t[n], m, n);
}

/* r = (xh R + xl) R^-1 mod m; xh NULL means zero.  t: n + 2 limbs. */
static void redc(u32 *r, const u32 *xl, const u32 *xh, const u32 *m,
		 size_t n, u32 m0i, u32 *t)
{
	size_t i, j;

	memcpy(t, xl, n * sizeof(*t));
	t[n] = 0;
	for (i = 0; i < n; i++) {
		u32 q = t[0] * m0i;
		u64 z = (u64)t[0] + (u64)q * m[0], c = z >> 32;

		for (j = 1; j < n; j++) {
			z = (u64)t[j] + (u64)q * m[j] + c;
			t[j - 1] = (u32)z;
			c = z >> 32;
		}
		/* t[n] carries into the position where xh[i] enters */
		z = (u64)t[n] + c + (xh ? xh[i] : 0);
		t[n - 1] = (u32)z;
		t[n] = (u32)(z >> 32);
	}
	mont_final(r, t, t[n], m, n);
}

void ncr_bn_mont_redc(u32 *r, const u32 *x, const u32 *m, size_t n, u32 m0i,
		      u32 *t)
{
	redc(r, x, x + n, m, n, m0i, t);
}

void ncr_bn_to_mont(u32 *r, const u32 *a, const u32 *m, size_t n, u32 m0i,
		    const u32 *rr, u32 *t)
{
	ncr_bn_mont_mul(r, a, rr, m, n, m0i, t);
}

void ncr_bn_from_mont(u32 *r, const u32 *a, const u32 *m, size_t n, u32 m0i,
		      u32 *t)
{
	redc(r, a, NULL, m, n, m0i, t);
}

void ncr_bn_mod_reduce(u32 *r, const u32 *x, const u32 *m, size_t n, u32 m0i,
		       const u32 *rr, u32 *t)
{
	u32 *hi = t, *lo = t + n, *mt = t + 2 * n, carry;

	/* x = xh R + xl: hi = xh R mod m (Montgomery multiplication by R^2) */
	ncr_bn_mont_mul(hi, x + n, rr, m, n, m0i, mt);
	/* lo = xl mod m: into Montgomery form and back (xl may be >= m) */
	ncr_bn_mont_mul(lo, x, rr, m, n, m0i, mt);
	redc(lo, lo, NULL, m, n, m0i, mt);
	/* r = hi + lo mod m: the sum is below 2m, one subtraction by mask */
	carry = ncr_bn_add(r, hi, lo, n);
	ncr_bn_cond_sub(r, m, n, carry | (ncr_bn_lt(r, m, n) ^ 1));
}
