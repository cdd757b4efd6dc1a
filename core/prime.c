// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * prime.c - probable-prime testing: trial division by the odd primes below
 * 2048, then Miller-Rabin with random bases (FIPS 186-5 B.3.1), see
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
 *    happens with probability 3/w.
 */
#include "prime.h"
#include "ct.h"

/*
 * The ctgrind check of key generation (core/test_rsa_ct.c, built with
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

int ncr_prime_test(const ncr_limb *w, size_t n, u32 rounds,
		   const struct ncr_env *env, ncr_limb *t)
{
	/* scratch: w-1, m, rr, x (2n: random, then temporaries), z; modexp */
	ncr_limb *w1 = t, *m = t + n, *rr = t + 2 * n, *x = t + 3 * n;
	ncr_limb *z = t + 5 * n, *tt = t + 6 * n;
	size_t wipe = NCR_PRIME_TEST_SCRATCH(n) * sizeof(*t);
	ncr_limb m0i;
	u32 a, j, r, pass;
	int ret;

	if (!ncr_prime_trial(w, n))
		return 0;
	ret = trial_division(w, n);
	if (ret != 2)
		return ret;
	ret = ncr_env_yield(env);
	if (ret)
		return ret;

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
	for (r = 0; r < rounds; r++) {
		u32 bad;

		if (r && ncr_env_yield(env)) {
			ret = -EINTR;
			break;
		}
		/* b uniform (to 2^-(bits of n limbs)) in [2, w-2], in z */
		do {
			env->rand(env->ctx, (u8 *)x, 2 * n * sizeof(*x));
			ncr_bn_mod_reduce(z, x, w, n, m0i, rr, tt);
			ncr_bn_set_u32(x, n, 2);
			bad = ncr_bn_lt(z, x, n) | (ncr_bn_lt(z, w1, n) ^ 1);
			PUBLIC(bad);
		} while (bad);	/* probability 3/w */

		/* z = b^m; the exponent length is n limbs whatever m is */
		ncr_bn_mod_exp(z, z, m, n * NCR_LIMB_BITS, w, n, m0i, rr, tt);
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
