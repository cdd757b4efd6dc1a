/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * bn.h - multi-precision integers for the portable core's public-key math.
 *
 * A number is a little-endian array of limbs (ncr_limb: 64 bits where the
 * compiler has a 128-bit integer type, else 32 bits) with an explicit limb
 * count n: a[0] is the least significant limb.  Every function runs in time
 * that depends only on the limb counts and bit lengths passed in, never on
 * the values: no branch and no memory index depends on a limb's value
 * (exceptions are spelled out: none so far).  Lengths (n, byte lengths,
 * exponent bit lengths, shift counts) are public and may leak; values do
 * not, including the modulus, so the same code serves RSA's secret primes.
 *
 * No function allocates: callers pass the scratch space, whose size in
 * limbs is given by the NCR_BN_*_SCRATCH macros.  Results may alias inputs
 * where stated.
 *
 * "ctl" arguments and results are u32 0 or 1 (see ct.h).
 *
 * Montgomery arithmetic: for an odd modulus m of n limbs,
 * R = 2^(NCR_LIMB_BITS n), m0i = -m^-1 mod 2^NCR_LIMB_BITS
 * (ncr_bn_mont_m0i), rr = R^2 mod m (ncr_bn_mont_rr).  The Montgomery form
 * of x is xR mod m.
 */
#ifndef NCR_BN_H
#define NCR_BN_H

#include "ncr_core.h"

/*
 * The limb type.  Code outside bn*.c must not assume its width: size arrays
 * with NCR_BN_LIMBS()/NCR_BN_LIMBS_BYTES() and move numbers in and out with
 * ncr_bn_decode_be()/ncr_bn_encode_be().  -DNCR_BN_LIMB32 forces 32-bit
 * limbs (the unit tests build both).
 */
#if defined(__SIZEOF_INT128__) && !defined(NCR_BN_LIMB32)
typedef u64 ncr_limb;
#define NCR_LIMB_BITS		64
#else
typedef u32 ncr_limb;
#define NCR_LIMB_BITS		32
#endif

/* Limbs needed for a number of `bits` bits / `len` bytes. */
#define NCR_BN_LIMBS(bits)	(((bits) + NCR_LIMB_BITS - 1) / NCR_LIMB_BITS)
#define NCR_BN_LIMBS_BYTES(len)	NCR_BN_LIMBS(8 * (len))

/* --- bn.c: representation, addition, comparison --- */

/*
 * r = the big-endian number in[0..len).  Returns 1 if it fits in n limbs,
 * else 0 and r holds it mod R.  Time depends on len and n only.
 */
u32 ncr_bn_decode_be(ncr_limb *r, size_t n, const u8 *in, size_t len);

/*
 * out[0..len) = a as exactly len big-endian bytes (zero-padded).  Returns 1
 * if a fits, else 0 and out holds a mod 2^(8 len).
 */
u32 ncr_bn_encode_be(u8 *out, size_t len, const ncr_limb *a, size_t n);

/* r = 0 / r = the small value v (n >= 1 for set_u32). */
void ncr_bn_zero(ncr_limb *r, size_t n);
void ncr_bn_set_u32(ncr_limb *r, size_t n, u32 v);

/* r = a + b mod R; returns the carry (0/1).  r may alias a or b. */
u32 ncr_bn_add(ncr_limb *r, const ncr_limb *a, const ncr_limb *b, size_t n);

/* r = a - b mod R; returns the borrow (0/1).  r may alias a or b. */
u32 ncr_bn_sub(ncr_limb *r, const ncr_limb *a, const ncr_limb *b, size_t n);

/*
 * If ctl: r += b / r -= b (returns carry / borrow); else r is unchanged
 * and the return is 0.  The same work is done either way.
 */
u32 ncr_bn_cond_add(ncr_limb *r, const ncr_limb *b, size_t n, u32 ctl);
u32 ncr_bn_cond_sub(ncr_limb *r, const ncr_limb *b, size_t n, u32 ctl);

/* If ctl: r = a; else r is unchanged.  r may equal a. */
void ncr_bn_cond_copy(ncr_limb *r, const ncr_limb *a, size_t n, u32 ctl);

/* If ctl: swap a and b. */
void ncr_bn_cond_swap(ncr_limb *a, ncr_limb *b, size_t n, u32 ctl);

/* 1 if a == b / a < b / a == 0, else 0. */
u32 ncr_bn_eq(const ncr_limb *a, const ncr_limb *b, size_t n);
u32 ncr_bn_lt(const ncr_limb *a, const ncr_limb *b, size_t n);
u32 ncr_bn_is_zero(const ncr_limb *a, size_t n);

/* -1, 0 or 1 as a <, ==, > b; computed without branches. */
int ncr_bn_cmp(const ncr_limb *a, const ncr_limb *b, size_t n);

/* --- bn_ops.c: products, shifts, lengths, small divisors --- */

/*
 * r = a * b, the plain product: r has na + nb limbs and must not overlap a
 * or b.  Schoolbook; time depends on na and nb only.
 */
void ncr_bn_mul(ncr_limb *r, const ncr_limb *a, size_t na, const ncr_limb *b, size_t nb);

/*
 * r = a >> s / r = a << s mod R for a public shift count s <
 * NCR_LIMB_BITS * n; bits shifted in are 0.  r may alias a (exactly, not
 * partially).  Time depends on n and s only.
 */
void ncr_bn_rshift(ncr_limb *r, const ncr_limb *a, size_t n, unsigned int s);
void ncr_bn_lshift(ncr_limb *r, const ncr_limb *a, size_t n, unsigned int s);

/*
 * The bit length of a (0 for a = 0): the index of its top set bit plus 1.
 * Constant time: the value leaks only through the result (a caller that
 * branches on the result leaks it, e.g. the length of a secret).
 */
size_t ncr_bn_bit_length(const ncr_limb *a, size_t n);

/*
 * a mod d for a public 1 < d < 2^31 (0 when d is out of range).  No
 * branch, no memory index and no division instruction depends on a (the
 * quotient digits come from a multiplication by a reciprocal of d); d may
 * leak.  For trial division of secret prime candidates and RSA's d = e^-1
 * computation.
 */
u32 ncr_bn_mod_small(const ncr_limb *a, size_t n, u32 d);

/* --- bn_mont.c: Montgomery arithmetic --- */

/* -m0^-1 mod 2^NCR_LIMB_BITS for odd m0 (the low limb of the modulus). */
ncr_limb ncr_bn_mont_m0i(ncr_limb m0);

/*
 * rr = R^2 mod m for odd m >= 1 of n limbs (m[n-1] may be 0).  With
 * L = NCR_LIMB_BITS n = k 2^j (j maximal): up to 16 limbs (64-bit limbs;
 * 32 with 32-bit ones) L + k modular doublings then j Montgomery squarings
 * (scratch on the stack), above that 2L doublings; no caller scratch.
 * About a seventh of a same-size modexp at 1024 bits: callers doing many
 * operations with one modulus should keep rr.
 */
void ncr_bn_mont_rr(ncr_limb *rr, const ncr_limb *m, size_t n);

/*
 * The same for an odd m whose top bit (bit NCR_LIMB_BITS n - 1) is set,
 * i.e. m has exactly NCR_LIMB_BITS n bits (RSA moduli and primes, DH and
 * DSA p of a multiple of 64 bits, stored in just enough limbs): R mod m
 * is then R - m, and up to 32 limbs (64 with 32-bit limbs) a handful of
 * doublings and log2(NCR_LIMB_BITS n) Montgomery squarings follow: 12
 * times faster than ncr_bn_mont_rr at 1024 bits, 22 times at 2048.  Wrong
 * results (not a crash) if the top bit is clear.  Constant time; no
 * caller scratch.
 */
void ncr_bn_mont_rr_top(ncr_limb *rr, const ncr_limb *m, size_t n);

/* Limbs of scratch ncr_bn_mont_mul, ncr_bn_mont_sqr and friends need. */
#define NCR_BN_MONT_SCRATCH(n)	(2 * (n) + 2)

/*
 * r = a * b * R^-1 mod m (product, then REDC), fully reduced (r < m), provided
 * a * b < m * R: e.g. a any n-limb value and b < m.  r may alias a or b.
 * t: NCR_BN_MONT_SCRATCH(n) limbs.
 */
void ncr_bn_mont_mul(ncr_limb *r, const ncr_limb *a, const ncr_limb *b, const ncr_limb *m,
		     size_t n, ncr_limb m0i, ncr_limb *t);

/*
 * r = a * a * R^-1 mod m for a < m: a dedicated squaring (the cross
 * products once, doubled) then a Montgomery reduction, about 3/4 of the
 * work of ncr_bn_mont_mul(r, a, a, ...).  r may alias a.
 * t: NCR_BN_MONT_SCRATCH(n) limbs.
 */
void ncr_bn_mont_sqr(ncr_limb *r, const ncr_limb *a, const ncr_limb *m, size_t n,
		     ncr_limb m0i, ncr_limb *t);

/*
 * r = x * R^-1 mod m for the 2n-limb x < m * R (Montgomery reduction).
 * r may alias x (its low n limbs).  t: NCR_BN_MONT_SCRATCH(n) limbs.
 */
void ncr_bn_mont_redc(ncr_limb *r, const ncr_limb *x, const ncr_limb *m, size_t n, ncr_limb m0i,
		      ncr_limb *t);

/* r = a R mod m (any n-limb a) / r = a R^-1 mod m.  r may alias a. */
void ncr_bn_to_mont(ncr_limb *r, const ncr_limb *a, const ncr_limb *m, size_t n, ncr_limb m0i,
		    const ncr_limb *rr, ncr_limb *t);
void ncr_bn_from_mont(ncr_limb *r, const ncr_limb *a, const ncr_limb *m, size_t n, ncr_limb m0i,
		      ncr_limb *t);

/* Limbs of scratch ncr_bn_mod_reduce needs. */
#define NCR_BN_REDUCE_SCRATCH(n)	(2 * (n) + NCR_BN_MONT_SCRATCH(n))

/*
 * r = x mod m for any 2n-limb x (x[0..2n)): three Montgomery passes.
 * r (n limbs) must not overlap x.  t: NCR_BN_REDUCE_SCRATCH(n) limbs.
 */
void ncr_bn_mod_reduce(ncr_limb *r, const ncr_limb *x, const ncr_limb *m, size_t n, ncr_limb m0i,
		       const ncr_limb *rr, ncr_limb *t);

/* Limbs of scratch ncr_bn_mod_reduce_any needs. */
#define NCR_BN_REDUCE_ANY_SCRATCH(n)	(3 * (n) + NCR_BN_MONT_SCRATCH(n))

/*
 * r = x mod m for odd m of n limbs and x of any nx limbs (nx may be 0,
 * smaller or larger than n): e.g. a 2n-limb CRT input reduced mod an n-limb
 * prime, or a hash reduced mod q.  Horner over n-limb chunks of x, two
 * Montgomery multiplications per chunk; time depends on nx and n only.
 * r (n limbs) must not overlap x.  t: NCR_BN_REDUCE_ANY_SCRATCH(n) limbs.
 */
void ncr_bn_mod_reduce_any(ncr_limb *r, const ncr_limb *x, size_t nx, const ncr_limb *m,
			   size_t n, ncr_limb m0i, const ncr_limb *rr, ncr_limb *t);

/* --- bn_modexp.c: exponentiation and inversion --- */

/*
 * Largest window width of ncr_bn_mod_exp and its table size.  The width
 * actually used is chosen from the (public) exponent length: 5 bits for
 * long exponents, narrower for short ones such as 65537.
 */
#define NCR_BN_WINDOW		5
#define NCR_BN_TABLE		(1u << NCR_BN_WINDOW)
/* Limbs of scratch ncr_bn_mod_exp needs. */
#define NCR_BN_MODEXP_SCRATCH(n)	((NCR_BN_TABLE + 2) * (n) + NCR_BN_MONT_SCRATCH(n))

/*
 * r = a^e mod m, fully reduced, for odd m, any n-limb a (a >= m is fine)
 * and the exponent e of ebits bits in NCR_BN_LIMBS(ebits) limbs (bits above
 * ebits are ignored).  The iteration count and every memory access depend
 * only on n and ebits, which may leak; a, e and m do not.  Fixed windows
 * (width chosen from ebits); table entries are read by scanning the whole
 * table under masks.  a^0 = 1 mod m.  r may alias a.
 * t: NCR_BN_MODEXP_SCRATCH(n) limbs.
 */
void ncr_bn_mod_exp(ncr_limb *r, const ncr_limb *a, const ncr_limb *e, size_t ebits,
		    const ncr_limb *m, size_t n, ncr_limb m0i, const ncr_limb *rr, ncr_limb *t);

/*
 * The same for long exponentiations in the kernel (8192-bit DH, primality
 * tests): calls ncr_env_yield(env) every few windows, about every
 * millisecond of work, at positions that depend only on n and ebits (never
 * on a, e or m).  If it asks to stop: r and t are wiped and the return is
 * -EINTR; else 0.  env NULL (or without yield): ncr_bn_mod_exp.
 */
int ncr_bn_mod_exp_env(ncr_limb *r, const ncr_limb *a, const ncr_limb *e, size_t ebits,
		       const ncr_limb *m, size_t n, ncr_limb m0i, const ncr_limb *rr,
		       ncr_limb *t, const struct ncr_env *env);

/* Limbs of scratch ncr_bn_mod_inv_prime needs. */
#define NCR_BN_INV_SCRATCH(n)	(NCR_BN_MODEXP_SCRATCH(n) + (n))

/*
 * r = a^-1 mod p for a prime p > 2 by Fermat (a^(p-2)); r = 0 when
 * a = 0 mod p.  Exponent length is NCR_LIMB_BITS n bits whatever p is.
 * r may alias a.  t: NCR_BN_INV_SCRATCH(n) limbs.
 */
void ncr_bn_mod_inv_prime(ncr_limb *r, const ncr_limb *a, const ncr_limb *p, size_t n,
			  ncr_limb m0i, const ncr_limb *rr, ncr_limb *t);

/* --- bn_inv.c: inversion modulo any odd number --- */

/* Limbs of scratch ncr_bn_mod_inv_odd needs. */
#define NCR_BN_INV_ODD_SCRATCH(n)	(6 * (n) + 4)

/*
 * r = a^-1 mod m for any odd m > 1 of n limbs (prime or not: RSA blinding
 * inverts mod n) and any n-limb a (a >= m is fine).  Returns 1 if a is
 * invertible (gcd(a, m) = 1), else 0 and r = 0.  Constant time:
 * Bernstein-Yang divsteps in batches of NCR_LIMB_BITS - 2, a fixed number
 * of them for n limbs, every step done under masks; a, m and the result
 * leak only through the return value.  r may alias a.  No Montgomery
 * constants needed.
 * t: NCR_BN_INV_ODD_SCRATCH(n) limbs.
 */
u32 ncr_bn_mod_inv_odd(ncr_limb *r, const ncr_limb *a, const ncr_limb *m, size_t n,
		       ncr_limb *t);

#endif /* NCR_BN_H */
