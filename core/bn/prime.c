// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * prime.c - probable-prime testing: trial division by the odd primes below
 * 2048, then Miller-Rabin with random bases (FIPS 186-5 B.3.1); for
 * numbers someone else chose, also the Baillie-PSW test (Miller-Rabin to
 * the base 2 and a strong Lucas test, FIPS 186-5 B.3.3's strong form), see
 * prime.h.
 *
 * What the time of ncr_prime_test() depends on:
 *  - a composite is rejected as soon as a small factor or a witness is
 *    found: such a candidate is discarded by every caller, so nothing about
 *    the number that is finally kept leaks from it;
 *  - for a number that passes, the work is: every trial division
 *    (ncr_bn_mod_small: no division instruction, constant time), `rounds`
 *    exponentiations whose length depends only on n, and a-1 squarings
 *    per round where 2^a is the largest power of two dividing w-1: a, i.e.
 *    how many low bits of w-1 are zero, leaks (for a random prime a is 1
 *    or 2 on average).  Nothing else depends on w; the modular arithmetic
 *    is the constant-time code of bn*.c;
 *  - drawing a base is retried when it falls outside [2, w-2], which
 *    happens with probability 3/w;
 *  - the exponentiations yield through env at fixed points (n only).
 * ncr_prime_lucas() and ncr_prime_test_untrusted() are for public numbers
 * (imported domain parameters) and branch on them.
 */
#include "prime.h"
#include "ct.h"

/*
 * The ctgrind check of key generation (core/tests/test_rsa_ct.c, built with
 * -DNCR_CT_VALGRIND) marks the values that are public by design: the
 * verdicts on candidates (which are then discarded or kept) and v2(w-1).
 */
#if defined(NCR_CT_VALGRIND) && !defined(__KERNEL__)
void ncr_ct_public(const void *p, size_t n);
#define PUBLIC(x)	ncr_ct_public(&(x), sizeof(x))
#else
#define PUBLIC(x)	do { } while (0)
#endif

/* The odd primes below 2048. */
static const u16 small_primes[] = {
	3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67,
	71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139,
	149, 151, 157, 163, 167, 173, 179, 181, 191, 193, 197, 199, 211, 223,
	227, 229, 233, 239, 241, 251, 257, 263, 269, 271, 277, 281, 283, 293,
	307, 311, 313, 317, 331, 337, 347, 349, 353, 359, 367, 373, 379, 383,
	389, 397, 401, 409, 419, 421, 431, 433, 439, 443, 449, 457, 461, 463,
	467, 479, 487, 491, 499, 503, 509, 521, 523, 541, 547, 557, 563, 569,
	571, 577, 587, 593, 599, 601, 607, 613, 617, 619, 631, 641, 643, 647,
	653, 659, 661, 673, 677, 683, 691, 701, 709, 719, 727, 733, 739, 743,
	751, 757, 761, 769, 773, 787, 797, 809, 811, 821, 823, 827, 829, 839,
	853, 857, 859, 863, 877, 881, 883, 887, 907, 911, 919, 929, 937, 941,
	947, 953, 967, 971, 977, 983, 991, 997, 1009, 1013, 1019, 1021, 1031,
	1033, 1039, 1049, 1051, 1061, 1063, 1069, 1087, 1091, 1093, 1097, 1103,
	1109, 1117, 1123, 1129, 1151, 1153, 1163, 1171, 1181, 1187, 1193, 1201,
	1213, 1217, 1223, 1229, 1231, 1237, 1249, 1259, 1277, 1279, 1283, 1289,
	1291, 1297, 1301, 1303, 1307, 1319, 1321, 1327, 1361, 1367, 1373, 1381,
	1399, 1409, 1423, 1427, 1429, 1433, 1439, 1447, 1451, 1453, 1459, 1471,
	1481, 1483, 1487, 1489, 1493, 1499, 1511, 1523, 1531, 1543, 1549, 1553,
	1559, 1567, 1571, 1579, 1583, 1597, 1601, 1607, 1609, 1613, 1619, 1621,
	1627, 1637, 1657, 1663, 1667, 1669, 1693, 1697, 1699, 1709, 1721, 1723,
	1733, 1741, 1747, 1753, 1759, 1777, 1783, 1787, 1789, 1801, 1811, 1823,
	1831, 1847, 1861, 1867, 1871, 1873, 1877, 1879, 1889, 1901, 1907, 1913,
	1931, 1933, 1949, 1951, 1973, 1979, 1987, 1993, 1997, 1999, 2003, 2011,
	2017, 2027, 2029, 2039,
};

#define N_SMALL_PRIMES	(sizeof(small_primes) / sizeof(small_primes[0]))

u32 ncr_prime_mr_rounds(u32 bits)
{
	/*
	 * Random candidates, error at most 2^-100 (FIPS 186-5 table B.1 and
	 * the Damgard-Landrock-Pomerance bounds it comes from): 1024-bit
	 * primes 5 rounds (its 2^-112 column), 1536 and more 4.  512..1023
	 * bits: 7 (FIPS 186-4 C.3).  Below that the average-case bounds
	 * weaken; use the worst-case bound 4^-t (64 rounds: 2^-128), which
	 * is cheap at those sizes and holds for any input.
	 */
	if (bits >= 1536)
		return 4;
	if (bits >= 1024)
		return 5;
	if (bits >= 512)
		return 7;
	return 64;
}

/*
 * Trial division: 0 composite, 1 prime (decided: w is small), 2 unknown.
 */
static int trial_division(const ncr_limb *w, size_t n)
{
	ncr_limb hi = 0;
	u32 small, i;
	size_t k;

	for (k = 1; k < n; k++)
		hi |= w[k];
	small = !hi && w[0] < 0x10000;	/* then 2047^2 > w: trial decides */
	PUBLIC(small);			/* 0 for any candidate worth hiding */
	for (i = 0; i < N_SMALL_PRIMES; i++) {
		u32 p = small_primes[i], divides;

		if (small && p * p > (u32)w[0])
			return 1;
		divides = ncr_bn_mod_small(w, n, p) == 0;
		PUBLIC(divides);	/* then w is discarded */
		if (divides)
			return small && (u32)w[0] == p;
	}
	return small ? 1 : 2;
}

/* r = a >> 1 (n limbs). */
static void shr1(ncr_limb *r, const ncr_limb *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		ncr_limb hi = i + 1 < n ? a[i + 1] << (NCR_LIMB_BITS - 1) : 0;

		r[i] = (a[i] >> 1) | hi;
	}
}

int ncr_prime_trial(const ncr_limb *w, size_t n)
{
	u32 odd = n ? (u32)(w[0] & 1) : 0;

	PUBLIC(odd);
	if (!odd)
		return 0;
	return trial_division(w, n) != 0;
}

/*
 * Miller-Rabin over w (odd, above 2^16, past trial division): first a round
 * to the base 2 if base2, then `rounds` rounds with random bases.  1 / 0 /
 * -EINTR.  Yields between rounds and inside the exponentiations.
 */
static int miller_rabin(const ncr_limb *w, size_t n, u32 base2, u32 rounds,
			const struct ncr_env *env, ncr_limb *t)
{
	/* scratch: w-1, m, rr, x (2n: random, then temporaries), z; modexp */
	ncr_limb *w1 = t, *m = t + n, *rr = t + 2 * n, *x = t + 3 * n;
	ncr_limb *z = t + 5 * n, *tt = t + 6 * n;
	size_t wipe = NCR_PRIME_TEST_SCRATCH(n) * sizeof(*t);
	ncr_limb m0i;
	u32 a, j, r, pass;
	int ret;

	/* w - 1 = 2^a m with m odd; a leaks (see the top of the file) */
	memcpy(w1, w, n * sizeof(*w));
	w1[0] ^= 1;
	memcpy(m, w1, n * sizeof(*w));
	for (a = 0;; a++) {		/* ends: w > 2^16 so w - 1 != 0 */
		u32 bit = (u32)(m[0] & 1);

		PUBLIC(bit);		/* v2(w-1) leaks, see the top */
		if (bit)
			break;
		shr1(m, m, n);
	}

	m0i = ncr_bn_mont_m0i(w[0]);
	ncr_bn_mont_rr(rr, w, n);
	ret = 1;
	for (r = 0; r < base2 + rounds; r++) {
		u32 bad;

		if (r && ncr_env_yield(env)) {
			ret = -EINTR;
			break;
		}
		if (r < base2) {
			ncr_bn_set_u32(z, n, 2);	/* w > 2^16: 2 is in [2, w-2] */
		} else {
			/* b uniform (to 2^-(bits of n limbs)) in [2, w-2], in z */
			do {
				env->rand(env->ctx, (u8 *)x, 2 * n * sizeof(*x));
				ncr_bn_mod_reduce(z, x, w, n, m0i, rr, tt);
				ncr_bn_set_u32(x, n, 2);
				bad = ncr_bn_lt(z, x, n) | (ncr_bn_lt(z, w1, n) ^ 1);
				PUBLIC(bad);
			} while (bad);	/* probability 3/w */
		}

		/* z = b^m; the exponent length is n limbs whatever m is */
		if (ncr_bn_mod_exp_env(z, z, m, n * NCR_LIMB_BITS, w, n, m0i, rr, tt, env)) {
			ret = -EINTR;
			break;
		}
		ncr_bn_set_u32(x, n, 1);
		pass = ncr_bn_eq(z, x, n) | ncr_bn_eq(z, w1, n);
		for (j = 1; j < a; j++) {
			/* z = z^2 mod w: (z z R^-1) R^2 R^-1 */
			ncr_bn_mont_mul(x, z, z, w, n, m0i, tt);
			ncr_bn_mont_mul(z, x, rr, w, n, m0i, tt);
			pass |= ncr_bn_eq(z, w1, n);
		}
		PUBLIC(pass);		/* composite: w is discarded */
		if (!pass) {	/* a witness: w is composite (and discarded) */
			ret = 0;
			break;
		}
	}
	ncr_wipe(t, wipe);
	return ret;
}

int ncr_prime_test(const ncr_limb *w, size_t n, u32 rounds,
		   const struct ncr_env *env, ncr_limb *t)
{
	int ret;

	if (!ncr_prime_trial(w, n))
		return 0;
	ret = trial_division(w, n);
	if (ret != 2)
		return ret;
	ret = ncr_env_yield(env);
	if (ret)
		return ret;
	return miller_rabin(w, n, 0, rounds, env, t);
}

/* --- the strong Lucas test (public numbers only: variable time) --- */

/* r = a + b mod w / r = a - b mod w for a, b < w.  r may alias a or b. */
static void mod_add(ncr_limb *r, const ncr_limb *a, const ncr_limb *b, const ncr_limb *w,
		    size_t n)
{
	u32 c = ncr_bn_add(r, a, b, n);

	ncr_bn_cond_sub(r, w, n, c | (ncr_bn_lt(r, w, n) ^ 1));
}

static void mod_sub(ncr_limb *r, const ncr_limb *a, const ncr_limb *b, const ncr_limb *w,
		    size_t n)
{
	ncr_bn_cond_add(r, w, n, ncr_bn_sub(r, a, b, n));
}

/* r = r / 2 mod w (w odd). */
static void mod_half(ncr_limb *r, const ncr_limb *w, size_t n)
{
	u32 c = ncr_bn_cond_add(r, w, n, (u32)(r[0] & 1));

	shr1(r, r, n);
	r[n - 1] |= (ncr_limb)c << (NCR_LIMB_BITS - 1);
}

/* r = c x mod w for x < w and a signed small c (|c| < 2^16); r != x. */
static void mod_mul_small(ncr_limb *r, const ncr_limb *x, long c, const ncr_limb *w, size_t n)
{
	u32 a = (u32)(c < 0 ? -c : c);
	int i;

	ncr_bn_zero(r, n);
	for (i = 15; i > 0 && !((a >> i) & 1); i--)
		;
	for (; i >= 0; i--) {
		mod_add(r, r, r, w, n);
		if ((a >> i) & 1)
			mod_add(r, r, x, w, n);
	}
	if (c < 0 && !ncr_bn_is_zero(r, n))
		ncr_bn_sub(r, w, r, n);
}

/* The Jacobi symbol (a | m) for odd m > 0 and a >= 0, small numbers. */
static int jacobi_small(u32 a, u32 m)
{
	int j = 1;
	u32 t;

	a %= m;
	while (a) {
		while (!(a & 1)) {
			a >>= 1;
			if ((m & 7) == 3 || (m & 7) == 5)
				j = -j;
		}
		t = a;
		a = m;
		m = t;
		if ((a & 3) == 3 && (m & 3) == 3)
			j = -j;
		a %= m;
	}
	return m == 1 ? j : 0;
}

/* (D | w) for an odd n-limb w > |D| and an odd small D (|D| < 2^16). */
static int jacobi_d(long D, const ncr_limb *w, size_t n)
{
	u32 d = (u32)(D < 0 ? -D : D), wd = ncr_bn_mod_small(w, n, d);
	int j = jacobi_small(wd, d);

	/* reciprocity for the odd d and w; (-1 | w) = -1 for w = 3 mod 4 */
	if ((d & 3) == 3 && (w[0] & 3) == 3)
		j = -j;
	if (D < 0 && (w[0] & 3) == 3)
		j = -j;
	return j;
}

/* Bit i of a. */
static u32 bit_at(const ncr_limb *a, size_t i)
{
	return (u32)(a[i / NCR_LIMB_BITS] >> (i % NCR_LIMB_BITS)) & 1;
}

int ncr_prime_lucas(const ncr_limb *w, size_t n, const struct ncr_env *env, ncr_limb *t)
{
	/* scratch: rr, U, V, Q^k, Q (Montgomery form), two temporaries,
	 * K = w + 1 (n + 1 limbs), the Montgomery products' scratch */
	ncr_limb *rr = t, *u = t + n, *v = t + 2 * n, *qk = t + 3 * n, *qm = t + 4 * n;
	ncr_limb *a = t + 5 * n, *b = t + 6 * n, *k = t + 7 * n, *mt = t + 8 * n + 1;
	size_t wipe = NCR_PRIME_TEST_SCRATCH(n) * sizeof(*t);
	size_t kbits, s, i, every, left;
	ncr_limb m0i;
	long D = 5, Q;
	int j, ret = 0;

	if (!n || !(w[0] & 1) || (n == 1 && w[0] <= 2048))
		return -EINVAL;
	/* Selfridge: the first D of 5, -7, 9, -11, ... with (D | w) = -1 */
	for (;;) {
		j = jacobi_d(D, w, n);
		if (j == -1)
			break;
		if (j == 0)	/* gcd(|D|, w) > 1 and w > 2048 > |D| */
			return 0;
		D = D > 0 ? -(D + 2) : -D + 2;
		/*
		 * None below 2048: w is a square (no D exists) or a prime
		 * built so that all those are residues, which nobody makes
		 * except to be rejected: refused either way.
		 */
		if (D > 2047 || D < -2047)
			return 0;
	}
	Q = (1 - D) / 4;	/* |Q| <= 512 */
	if (Q != 1 && Q != -1 && ncr_bn_mod_small(w, n, (u32)(Q < 0 ? -Q : Q)) == 0)
		return 0;

	/* K = w + 1 = 2^s d with d odd: d in k */
	memcpy(k, w, n * sizeof(*w));
	k[n] = 0;
	ncr_bn_set_u32(a, n, 1);
	k[n] = ncr_bn_add(k, k, a, n);
	for (s = 0; !bit_at(k, s); s++)
		;
	for (i = 0; i < s; i++)
		shr1(k, k, n + 1);
	kbits = ncr_bn_bit_length(k, n + 1);

	/* U_1 = 1, V_1 = P = 1, Q^1, in Montgomery form */
	m0i = ncr_bn_mont_m0i(w[0]);
	ncr_bn_mont_rr(rr, w, n);
	ncr_bn_to_mont(u, a, w, n, m0i, rr, mt);
	memcpy(v, u, n * sizeof(*u));
	ncr_bn_set_u32(a, n, (u32)(Q < 0 ? -Q : Q));
	ncr_bn_to_mont(qm, a, w, n, m0i, rr, mt);
	if (Q < 0)
		ncr_bn_sub(qm, w, qm, n);	/* Q != 0 mod w */
	memcpy(qk, qm, n * sizeof(*qm));

	every = (size_t)3 * n * n;
	every = every >= (1u << 19) ? 1 : (1u << 19) / every;
	left = every;
	for (i = kbits - 1; i-- > 0;) {
		if (!--left) {
			left = every;
			ret = ncr_env_yield(env);
			if (ret)
				goto out;
		}
		/* U_2k = U V, V_2k = V^2 - 2 Q^k, Q^2k */
		ncr_bn_mont_mul(a, u, v, w, n, m0i, mt);
		memcpy(u, a, n * sizeof(*a));
		ncr_bn_mont_sqr(v, v, w, n, m0i, mt);
		mod_add(b, qk, qk, w, n);
		mod_sub(v, v, b, w, n);
		ncr_bn_mont_sqr(qk, qk, w, n, m0i, mt);
		if (bit_at(k, i)) {
			/* U_k+1 = (P U + V) / 2, V_k+1 = (D U + P V) / 2, Q^k+1 */
			mod_add(a, u, v, w, n);
			mod_half(a, w, n);
			mod_mul_small(b, u, D, w, n);
			mod_add(b, b, v, w, n);
			mod_half(b, w, n);
			memcpy(u, a, n * sizeof(*a));
			memcpy(v, b, n * sizeof(*b));
			mod_mul_small(a, qk, Q, w, n);
			memcpy(qk, a, n * sizeof(*a));
		}
	}
	/* probably prime: U_d = 0, or V_(d 2^r) = 0 for some 0 <= r < s */
	ret = ncr_bn_is_zero(u, n);
	for (i = 0; !ret && i < s; i++) {
		ret = ncr_bn_is_zero(v, n);
		if (!ret && i + 1 < s) {
			ncr_bn_mont_sqr(v, v, w, n, m0i, mt);
			mod_add(b, qk, qk, w, n);
			mod_sub(v, v, b, w, n);
			ncr_bn_mont_sqr(qk, qk, w, n, m0i, mt);
		}
	}
out:
	ncr_wipe(t, wipe);
	return ret;
}

int ncr_prime_test_untrusted(const ncr_limb *w, size_t n, u32 rounds,
			     const struct ncr_env *env, ncr_limb *t)
{
	int ret;

	if (!env || !env->rand)
		return -EINVAL;
	if (!ncr_prime_trial(w, n))
		return 0;
	ret = trial_division(w, n);
	if (ret != 2)
		return ret;
	if (ncr_env_yield(env))
		return -EINTR;
	ret = miller_rabin(w, n, 1, rounds, env, t);
	if (ret != 1)
		return ret;
	if (ncr_env_yield(env))
		return -EINTR;
	return ncr_prime_lucas(w, n, env, t);
}
