/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * prime.h - probable-prime testing and generation (FIPS 186-5 appendix
 * B.3 / C.3), for RSA key generation and DSA parameter generation, and of
 * numbers chosen by someone else (imported DSA and DH domain parameters).
 */
#ifndef NCR_PRIME_H
#define NCR_PRIME_H

#include "bn.h"

/*
 * Miller-Rabin rounds for a candidate of `bits` bits with error probability
 * at most 2^-100 (FIPS 186-5 table B.1 / C.2 style).
 */
u32 ncr_prime_mr_rounds(u32 bits);

/* Limbs of scratch ncr_prime_test needs for an n-limb candidate. */
#define NCR_PRIME_TEST_SCRATCH(n)	(NCR_BN_MODEXP_SCRATCH(n) + 6 * (n) + 4)

/*
 * Tests the odd n-limb number w (> 3) with trial division by small primes
 * and then `rounds` Miller-Rabin rounds with random bases from env->rand.
 * Returns 1 if w is probably prime, 0 if composite, -EINTR if env->yield
 * asked to stop (between rounds and inside the exponentiations, at points
 * that depend on n only).  Time depends on the result (a composite is
 * rejected early): a candidate that fails is discarded, so this leaks
 * nothing about the prime finally kept.  t: NCR_PRIME_TEST_SCRATCH(n) limbs.
 *
 * The error bound of ncr_prime_mr_rounds() holds for random candidates
 * only: for a number someone chose, use ncr_prime_test_untrusted().
 */
int ncr_prime_test(const ncr_limb *w, size_t n, u32 rounds,
		   const struct ncr_env *env, ncr_limb *t);

/*
 * Trial division only (the first step of ncr_prime_test): 0 if the odd
 * n-limb w has a prime factor below 2048 other than itself (or is even),
 * else 1.  A cheap sieve for generators that have more checks to do before
 * the Miller-Rabin rounds.  Constant time for a w that passes.
 */
int ncr_prime_trial(const ncr_limb *w, size_t n);

/*
 * For a number an adversary may have chosen (imported domain parameters),
 * against which the average-case bounds of ncr_prime_mr_rounds() mean
 * nothing (a composite passes a random-base Miller-Rabin round with
 * probability up to 1/4, so 4 rounds let one in every 256 tries: "Prime
 * and Prejudice", Albrecht et al., CCS 2018): trial division, then the
 * Baillie-PSW test (a Miller-Rabin round to the base 2 and
 * ncr_prime_lucas; no composite is known to pass it), plus `rounds`
 * Miller-Rabin rounds with random bases from env->rand (each passed by a
 * composite with probability at most 1/4, whatever the composite).
 * Returns 1 probably prime, 0 composite, -EINTR if env->yield asked to
 * stop (called between the steps and inside the long loops), -EINVAL
 * without env->rand.  Variable time: public numbers only.  Costs about
 * rounds + 4 exponentiations modulo w.  t: NCR_PRIME_TEST_SCRATCH(n) limbs.
 */
int ncr_prime_test_untrusted(const ncr_limb *w, size_t n, u32 rounds,
			     const struct ncr_env *env, ncr_limb *t);

/*
 * The strong Lucas probable-prime test alone (Baillie and Wagstaff 1980;
 * Selfridge's parameters: D the first of 5, -7, 9, -11, ... with
 * (D | w) = -1, P = 1, Q = (1 - D) / 4) for an odd w > 2048 (-EINVAL
 * otherwise): 1 probably prime, 0 composite (also when no such D is below
 * 2048: w is a square, or a prime built to be refused), -EINTR if
 * env->yield (may be NULL) asked to stop.  Variable time: public numbers
 * only.  About 2.5 exponentiations' work.
 * t: NCR_PRIME_TEST_SCRATCH(n) limbs.
 */
int ncr_prime_lucas(const ncr_limb *w, size_t n, const struct ncr_env *env, ncr_limb *t);

#endif /* NCR_PRIME_H */
