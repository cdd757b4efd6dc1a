/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * bn_be.h - modular exponentiation on big-endian byte strings (bn_be.c).
 * Lengths leak, values do not; every modulus must be odd.
 */
#ifndef NCR_BN_BE_H
#define NCR_BN_BE_H

#include "ncr_core.h"

/* Scratch bytes for ncr_bn_be_mod_exp with those operand lengths. */
size_t ncr_bn_be_scratch(size_t mlen, size_t alen, size_t elen);

/*
 * out[0..mlen) = a^e mod m, big-endian, zero-padded.  a may be longer
 * than m (it is reduced); e is taken as elen bytes (the iteration count
 * follows 8 elen, never e's value).  0, -EINVAL (m even or empty), or
 * -EINTR when env's yield asks to stop (out untouched).
 */
int ncr_bn_be_mod_exp(u8 *out, const u8 *a, size_t alen, const u8 *e,
		      size_t elen, const u8 *m, size_t mlen,
		      const struct ncr_env *env, void *scratch);

/* Scratch bytes for ncr_bn_be_mod_exp_crt (elen: the longer of dp, dq). */
size_t ncr_bn_be_crt_scratch(size_t plen, size_t qlen, size_t alen,
			     size_t elen, size_t qinvlen);

/*
 * out[0..plen+qlen) = a^d mod pq by the CRT: m1 = a^dp mod p,
 * m2 = a^dq mod q, out = m2 + q (qinv (m1 - m2) mod p).  The result is
 * a^d mod pq when p, q are coprime, dp = d mod p-1, dq = d mod q-1 and
 * qinv = q^-1 mod p; with other inputs it is the same formula's value.
 * 0, -EINVAL (p or q even or empty), -EINTR.
 */
int ncr_bn_be_mod_exp_crt(u8 *out, const u8 *a, size_t alen,
			  const u8 *p, size_t plen, const u8 *q, size_t qlen,
			  const u8 *dp, size_t dplen, const u8 *dq,
			  size_t dqlen, const u8 *qinv, size_t qinvlen,
			  const struct ncr_env *env, void *scratch);

#endif /* NCR_BN_BE_H */
