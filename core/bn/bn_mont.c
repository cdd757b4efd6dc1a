// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * bn_mont.c - Montgomery arithmetic (see bn.h): setup, multiplication,
 * squaring, reduction, conversion to and from Montgomery form, reduction
 * of numbers of any length.
 *
 * Constant time: loops run over the limb counts, which may leak; the
 * operands and the modulus do not (the final subtraction is done by mask).
 */
#include "bn_int.h"

/* Inner loops: unrolled a little, to spend fewer instructions on the loop. */
#if defined(__clang__)
#define NCR_UNROLL	_Pragma("unroll 4")
#elif defined(__GNUC__)
#define NCR_UNROLL	_Pragma("GCC unroll 4")
#else
#define NCR_UNROLL
#endif

ncr_limb ncr_bn_mont_m0i(ncr_limb m0)
{
	ncr_limb x = m0;	/* m0 * m0 = 1 mod 8 for odd m0: 3 bits right */
	int i;

	/* Newton: each step doubles the correct bits, 3 -> 96 >= 64 */
	for (i = 0; i < 5; i++)
		x *= 2 - m0 * x;
	return (ncr_limb)0 - x;
}

/* rr = 2 rr mod m for rr < m: one fused pass for the borrow, one to apply. */
static __attribute__((__noinline__)) void mod_double(ncr_limb *x, const ncr_limb *m, size_t n)
{
	ncr_limb top = x[n - 1] >> (LB - 1), borrow = 0, prev = 0, mask;
	size_t j;

	/* borrow of 2x - m (2x without its top bit) */
	NCR_UNROLL
	for (j = 0; j < n; j++) {
		ncr_limb d2 = (x[j] << 1) | prev;

		prev = x[j] >> (LB - 1);
		borrow = (ncr_limb)(((ncr_dlimb)d2 - m[j] - borrow) >> (2 * LB - 1));
	}
	/* 2x < 2m: subtract m once if 2x overflowed n limbs or 2x >= m */
	mask = limb_mask((u32)(top | (borrow ^ 1)));
	borrow = 0;
	prev = 0;
	NCR_UNROLL
	for (j = 0; j < n; j++) {
		ncr_limb d2 = (x[j] << 1) | prev;
		ncr_dlimb d;

		prev = x[j] >> (LB - 1);
		d = (ncr_dlimb)d2 - (m[j] & mask) - borrow;
		x[j] = (ncr_limb)d;
		borrow = (ncr_limb)(d >> (2 * LB - 1));
	}
}

/*
 * Up to this many limbs ncr_bn_mont_rr squares with its scratch on the
 * stack (272 bytes); larger moduli only double.
 */
#define RR_STACK_LIMBS	(128 / NCR_LIMB_BITS * 8)

void ncr_bn_mont_rr(ncr_limb *rr, const ncr_limb *m, size_t n)
{
	size_t L = (size_t)LB * n, k, j = 0, i;
	ncr_limb t[NCR_BN_MONT_SCRATCH(RR_STACK_LIMBS)], m0i;

	ncr_bn_set_u32(rr, n, 1);
	ncr_bn_cond_sub(rr, m, n, ncr_bn_lt(rr, m, n) ^ 1);	/* m == 1 */
	/*
	 * L = k 2^j: rr = 2^(L + k) mod m = 2^k R (Montgomery form of 2^k)
	 * by doublings, then j Montgomery squarings give 2^(k 2^j) R = R^2.
	 */
	if (n <= RR_STACK_LIMBS)
		while (!((L >> j) & 1))
			j++;
	k = L >> j;
	for (i = 0; i < L + k; i++)
		mod_double(rr, m, n);
	if (!j)
		return;
	m0i = ncr_bn_mont_m0i(m[0]);
	for (i = 0; i < j; i++)
		ncr_bn_mont_mul(rr, rr, rr, m, n, m0i, t);
	ncr_wipe(t, sizeof(t));
}

/* r = t + hi * R reduced once: t + hi R < 2m.  r may alias t. */
static inline __attribute__((__always_inline__)) void mont_final(ncr_limb *r, const ncr_limb *t, ncr_limb hi, const ncr_limb *m, size_t n)
{
	ncr_limb borrow = 0, mask;
	size_t j;

	NCR_UNROLL
	for (j = 0; j < n; j++)
		borrow = (ncr_limb)(((ncr_dlimb)t[j] - m[j] - borrow) >> (2 * LB - 1));
	/* subtract unless t < m with no carry limb */
	mask = limb_mask((u32)(hi | (borrow ^ 1)));
	borrow = 0;
	NCR_UNROLL
	for (j = 0; j < n; j++) {
		ncr_dlimb d = (ncr_dlimb)t[j] - (m[j] & mask) - borrow;

		r[j] = (ncr_limb)d;
		borrow = (ncr_limb)(d >> (2 * LB - 1));
	}
}

/*
 * r = a b R^-1 mod m for a, b < m (CIOS, which needs only n + 2 limbs of
 * scratch: what ncr_bn_mont_rr_top can keep on the stack).
 */
static __attribute__((__noinline__)) void cios_mul(ncr_limb *r, const ncr_limb *a, const ncr_limb *b, const ncr_limb *m,
		     size_t n, ncr_limb m0i, ncr_limb *t)
{
	size_t i, j;

	memset(t, 0, (n + 1) * sizeof(*t));
	for (i = 0; i < n; i++) {
		ncr_limb ai = a[i], q, c1, c2;
		ncr_dlimb z1, z2;

		z1 = (ncr_dlimb)ai * b[0] + t[0];
		q = (ncr_limb)z1 * m0i;
		z2 = (ncr_dlimb)q * m[0] + (ncr_limb)z1;
		c1 = (ncr_limb)(z1 >> LB);
		c2 = (ncr_limb)(z2 >> LB);
		for (j = 1; j < n; j++) {
			z1 = (ncr_dlimb)ai * b[j] + t[j] + c1;
			z2 = (ncr_dlimb)q * m[j] + (ncr_limb)z1 + c2;
			t[j - 1] = (ncr_limb)z2;
			c1 = (ncr_limb)(z1 >> LB);
			c2 = (ncr_limb)(z2 >> LB);
		}
		z1 = (ncr_dlimb)t[n] + c1 + c2;
		t[n - 1] = (ncr_limb)z1;
		t[n] = (ncr_limb)(z1 >> LB);
	}
	mont_final(r, t, t[n], m, n);
}

/* Up to this many limbs ncr_bn_mont_rr_top keeps CIOS scratch on the stack. */
#define RR_TOP_STACK_LIMBS	(256 / NCR_LIMB_BITS * 8)

void ncr_bn_mont_rr_top(ncr_limb *rr, const ncr_limb *m, size_t n)
{
	size_t L = (size_t)LB * n, k, j = 0, i;
	ncr_limb t[RR_TOP_STACK_LIMBS + 2], m0i = ncr_bn_mont_m0i(m[0]);

	/*
	 * m >= R/2, so R mod m = R - m (below m: m is odd).  With L = k 2^j:
	 * k doublings give 2^k R, j Montgomery squarings 2^(k 2^j) R = R^2.
	 * Larger moduli: L doublings.
	 */
	ncr_bn_zero(rr, n);
	ncr_bn_sub(rr, rr, m, n);
	if (n <= RR_TOP_STACK_LIMBS)
		while (!((L >> j) & 1))
			j++;
	k = L >> j;
	for (i = 0; i < k; i++)
		mod_double(rr, m, n);
	for (i = 0; i < j; i++)
		cios_mul(rr, rr, rr, m, n, m0i, t);
	ncr_wipe(t, sizeof(t));
}

/*
 * The multiplication and squaring loops are written once as inline
 * functions and instantiated for the common limb counts (RSA/DH moduli and
 * CRT primes), so that the compiler can unroll the inner loops.
 */
#define NCR_INLINE	static inline __attribute__((__always_inline__))

/*
 * Each instance is its own (not inlined) function, so that the stack frame
 * of one call holds one instance's spills only.
 */
#define NCR_NOINLINE	static __attribute__((__noinline__))

#if NCR_LIMB_BITS == 64
#define S1	16	/* 1024 bits: RSA-2048 CRT primes */
#define S2	24	/* 1536 */
#define S3	32	/* 2048: RSA-2048, DH */
#else
#define S1	32
#define S2	48
#define S3	64
#endif

#define SPECIALISE(kern, n, ...)					\
	switch (n) {							\
	case S1: kern##_s1(__VA_ARGS__, n); return;			\
	case S2: kern##_s2(__VA_ARGS__, n); return;			\
	case S3: kern##_s3(__VA_ARGS__, n); return;			\
	default: kern##_any(__VA_ARGS__, n); return;			\
	}

NCR_INLINE void redc_inplace(ncr_limb *r, ncr_limb *p, const ncr_limb *m, size_t n, ncr_limb m0i);

/*
 * Product then reduction: a * b into t[0..2n), then REDC in place.  (On
 * x86-64 with gcc this beat CIOS, which interleaves the two, by 10-15%.)
 */
NCR_INLINE void mont_mul_k(ncr_limb *r, const ncr_limb *a, const ncr_limb *b, const ncr_limb *m,
			    ncr_limb m0i, ncr_limb *t, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		ncr_limb ai = a[i], c = 0;

		if (i == 0) {
			NCR_UNROLL
			for (j = 0; j < n; j++) {
				ncr_dlimb z = (ncr_dlimb)ai * b[j] + c;

				t[j] = (ncr_limb)z;
				c = (ncr_limb)(z >> LB);
			}
		} else {
			NCR_UNROLL
			for (j = 0; j < n; j++) {
				ncr_dlimb z = (ncr_dlimb)ai * b[j] + t[i + j] + c;

				t[i + j] = (ncr_limb)z;
				c = (ncr_limb)(z >> LB);
			}
		}
		t[i + n] = c;
	}
	redc_inplace(r, t, m, n, m0i);
}

#define MUL_INSTANCE(name, N)						\
NCR_NOINLINE void name(ncr_limb *r, const ncr_limb *a, const ncr_limb *b,	\
		       const ncr_limb *m, ncr_limb m0i, ncr_limb *t, size_t n) \
{									\
	(void)n;							\
	mont_mul_k(r, a, b, m, m0i, t, N);				\
}
MUL_INSTANCE(mont_mul_k_s1, S1)
MUL_INSTANCE(mont_mul_k_s2, S2)
MUL_INSTANCE(mont_mul_k_s3, S3)
MUL_INSTANCE(mont_mul_k_any, n)

void ncr_bn_mont_mul(ncr_limb *r, const ncr_limb *a, const ncr_limb *b, const ncr_limb *m,
		     size_t n, ncr_limb m0i, ncr_limb *t)
{
	SPECIALISE(mont_mul_k, n, r, a, b, m, m0i, t)
}

/*
 * In-place Montgomery reduction of the 2n-limb p (< m R) into r: p[n..2n)
 * plus a carry is p R^-1 mod m before the final subtraction.
 */
NCR_INLINE void redc_inplace(ncr_limb *r, ncr_limb *p, const ncr_limb *m, size_t n, ncr_limb m0i)
{
	ncr_limb hi = 0;
	size_t i, j;

	for (i = 0; i < n; i++) {
		ncr_limb q = p[i] * m0i, c = 0;
		ncr_dlimb z;

		NCR_UNROLL
		for (j = 0; j < n; j++) {
			z = (ncr_dlimb)q * m[j] + p[i + j] + c;
			p[i + j] = (ncr_limb)z;
			c = (ncr_limb)(z >> LB);
		}
		z = (ncr_dlimb)p[i + n] + c + hi;
		p[i + n] = (ncr_limb)z;
		hi = (ncr_limb)(z >> LB);
	}
	mont_final(r, p + n, hi, m, n);
}

NCR_INLINE void mont_sqr_k(ncr_limb *r, const ncr_limb *a, const ncr_limb *m, ncr_limb m0i,
			   ncr_limb *t, size_t n)
{
	ncr_limb c, prev;
	ncr_dlimb z;
	size_t i, j;

	/* cross products a[i] a[j], i < j, once */
	t[0] = 0;
	t[2 * n - 1] = 0;
	for (i = 0; i < n; i++) {
		ncr_limb ai = a[i];

		c = 0;
		if (i == 0) {
			NCR_UNROLL
			for (j = 1; j < n; j++) {
				z = (ncr_dlimb)ai * a[j] + c;
				t[j] = (ncr_limb)z;
				c = (ncr_limb)(z >> LB);
			}
		} else {
			NCR_UNROLL
			for (j = i + 1; j < n; j++) {
				z = (ncr_dlimb)ai * a[j] + t[i + j] + c;
				t[i + j] = (ncr_limb)z;
				c = (ncr_limb)(z >> LB);
			}
		}
		if (i + 1 < n)
			t[i + n] = c;
	}
	/* doubled (the sum is below R^2 / 2), plus the squares a[i]^2 */
	prev = 0;
	c = 0;
	for (i = 0; i < n; i++) {
		ncr_limb lo = t[2 * i], hi = t[2 * i + 1];
		ncr_limb lo2 = (lo << 1) | prev, hi2 = (hi << 1) | (lo >> (LB - 1));
		ncr_dlimb sq = (ncr_dlimb)a[i] * a[i];

		prev = hi >> (LB - 1);
		z = (ncr_dlimb)lo2 + (ncr_limb)sq + c;
		t[2 * i] = (ncr_limb)z;
		z = (ncr_dlimb)hi2 + (ncr_limb)(sq >> LB) + (ncr_limb)(z >> LB);
		t[2 * i + 1] = (ncr_limb)z;
		c = (ncr_limb)(z >> LB);
	}
	redc_inplace(r, t, m, n, m0i);
}

#define SQR_INSTANCE(name, N)						\
NCR_NOINLINE void name(ncr_limb *r, const ncr_limb *a, const ncr_limb *m,	\
		       ncr_limb m0i, ncr_limb *t, size_t n)		\
{									\
	(void)n;							\
	mont_sqr_k(r, a, m, m0i, t, N);					\
}
SQR_INSTANCE(mont_sqr_k_s1, S1)
SQR_INSTANCE(mont_sqr_k_s2, S2)
SQR_INSTANCE(mont_sqr_k_s3, S3)
SQR_INSTANCE(mont_sqr_k_any, n)

void ncr_bn_mont_sqr(ncr_limb *r, const ncr_limb *a, const ncr_limb *m, size_t n,
		     ncr_limb m0i, ncr_limb *t)
{
	SPECIALISE(mont_sqr_k, n, r, a, m, m0i, t)
}

void ncr_bn_mont_redc(ncr_limb *r, const ncr_limb *x, const ncr_limb *m, size_t n,
		      ncr_limb m0i, ncr_limb *t)
{
	memcpy(t, x, 2 * n * sizeof(*t));
	redc_inplace(r, t, m, n, m0i);
}

void ncr_bn_to_mont(ncr_limb *r, const ncr_limb *a, const ncr_limb *m, size_t n, ncr_limb m0i,
		    const ncr_limb *rr, ncr_limb *t)
{
	ncr_bn_mont_mul(r, a, rr, m, n, m0i, t);
}

void ncr_bn_from_mont(ncr_limb *r, const ncr_limb *a, const ncr_limb *m, size_t n,
		      ncr_limb m0i, ncr_limb *t)
{
	memcpy(t, a, n * sizeof(*t));
	memset(t + n, 0, n * sizeof(*t));
	redc_inplace(r, t, m, n, m0i);
}

/* r = a + b mod m for a, b < m.  r may alias a or b. */
static void mod_add(ncr_limb *r, const ncr_limb *a, const ncr_limb *b, const ncr_limb *m,
		    size_t n)
{
	u32 carry = ncr_bn_add(r, a, b, n);

	/* the sum is below 2m: one subtraction by mask */
	ncr_bn_cond_sub(r, m, n, carry | (ncr_bn_lt(r, m, n) ^ 1));
}

void ncr_bn_mod_reduce(ncr_limb *r, const ncr_limb *x, const ncr_limb *m, size_t n,
		       ncr_limb m0i, const ncr_limb *rr, ncr_limb *t)
{
	ncr_limb *hi = t, *lo = t + n, *mt = t + 2 * n;

	/* x = xh R + xl: hi = xh R mod m (Montgomery multiplication by R^2) */
	ncr_bn_mont_mul(hi, x + n, rr, m, n, m0i, mt);
	/* lo = xl mod m: into Montgomery form and back (xl may be >= m) */
	ncr_bn_mont_mul(lo, x, rr, m, n, m0i, mt);
	ncr_bn_from_mont(lo, lo, m, n, m0i, mt);
	mod_add(r, hi, lo, m, n);
}

void ncr_bn_mod_reduce_any(ncr_limb *r, const ncr_limb *x, size_t nx, const ncr_limb *m,
			   size_t n, ncr_limb m0i, const ncr_limb *rr, ncr_limb *t)
{
	ncr_limb *acc = t, *ch = t + n, *u = t + 2 * n, *mt = t + 3 * n;
	size_t k = (nx + n - 1) / n, c;

	/*
	 * x = sum ch_c R^c.  acc is the Montgomery form of the value of the
	 * chunks so far: acc' = (acc_value R + ch) R = mont(acc, R^2) +
	 * mont(ch, R^2).
	 */
	ncr_bn_zero(acc, n);
	for (c = k; c-- > 0;) {
		size_t len = nx - c * n < n ? nx - c * n : n;

		memcpy(ch, x + c * n, len * sizeof(*ch));
		memset(ch + len, 0, (n - len) * sizeof(*ch));
		ncr_bn_mont_mul(u, ch, rr, m, n, m0i, mt);
		ncr_bn_mont_mul(acc, acc, rr, m, n, m0i, mt);
		mod_add(acc, acc, u, m, n);
	}
	ncr_bn_from_mont(r, acc, m, n, m0i, mt);
	ncr_wipe(t, NCR_BN_REDUCE_ANY_SCRATCH(n) * sizeof(*t));
}
