/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * prime.h - probable-prime testing and generation (FIPS 186-5 appendix
 * B.3 / C.3), for RSA key generation and DSA parameter generation.
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
 * asked to stop.  Time depends on the result (a composite is rejected
 * early): a candidate that fails is discarded, so this leaks nothing about
 * the prime finally kept.  t: NCR_PRIME_TEST_SCRATCH(n) limbs.
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

#endif /* NCR_PRIME_H */
