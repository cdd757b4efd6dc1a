// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * bn_be.c - modular exponentiation on big-endian byte strings, for callers
 * that hold numbers as bytes (the BSD CIOCKEY operations): a^e mod m, and
 * the same with the CRT from p, q, dp, dq, qinv.  Caller-owned scratch
 * (ncr_bn_be_scratch), no allocation.
 *
 * What may leak: the byte lengths of every operand and the parity of the
 * moduli (all must be odd: Montgomery).  Values do not: every step is
 * constant time in them (ncr_bn_mod_exp's fixed windows, masked table
 * reads, reductions whose time depends on lengths only).
 */
#include "bn.h"
#include "bn_int.h"
#include "bn_be.h"

/* limbs for len bytes, at least 1 */
static size_t ncr_be_limbs(size_t len)
{
	size_t n = NCR_BN_LIMBS_BYTES(len);

	return n ? n : 1;
}

static size_t ncr_be_work(size_t n)
{
	size_t a = NCR_BN_MODEXP_SCRATCH(n), b = NCR_BN_REDUCE_ANY_SCRATCH(n);

	return a > b ? a : b;
}

size_t ncr_bn_be_scratch(size_t mlen, size_t alen, size_t elen)
{
	size_t n = ncr_be_limbs(mlen), na = ncr_be_limbs(alen);
	size_t ne = ncr_be_limbs(elen);

	/* m, rr, a mod m, r; a; e; work */
	return (4 * n + na + ne + ncr_be_work(n)) * sizeof(ncr_limb);
}

static int ncr_be_odd(const u8 *m, size_t len)
{
	return len && (m[len - 1] & 1);
}

/* a^e mod m into out[0..mlen); limbs from t. */
static int ncr_be_exp(u8 *out, const u8 *a, size_t alen, const u8 *e,
		      size_t elen, const u8 *m, size_t mlen,
		      const struct ncr_env *env, ncr_limb *t)
{
	size_t n = ncr_be_limbs(mlen), na = ncr_be_limbs(alen);
	size_t ne = ncr_be_limbs(elen);
	ncr_limb *M = t, *RR = M + n, *A = RR + n, *R = A + n, *X = R + n;
	ncr_limb *E = X + na, *W = E + ne, m0i;
	int err;

	ncr_bn_decode_be(M, n, m, mlen);
	ncr_bn_decode_be(X, na, a, alen);
	ncr_bn_decode_be(E, ne, e, elen);
	m0i = ncr_bn_mont_m0i(M[0]);
	ncr_bn_mont_rr(RR, M, n);
	ncr_bn_mod_reduce_any(A, X, na, M, n, m0i, RR, W);
	err = ncr_bn_mod_exp_env(R, A, E, 8 * elen, M, n, m0i, RR, W, env);
	if (!err)
		ncr_bn_encode_be(out, mlen, R, n);
	return err;
}

int ncr_bn_be_mod_exp(u8 *out, const u8 *a, size_t alen, const u8 *e,
		      size_t elen, const u8 *m, size_t mlen,
		      const struct ncr_env *env, void *scratch)
{
	if (!ncr_be_odd(m, mlen))
		return -EINVAL;
	return ncr_be_exp(out, a, alen, e, elen, m, mlen, env, scratch);
}

size_t ncr_bn_be_crt_scratch(size_t plen, size_t qlen, size_t alen,
			     size_t elen, size_t qinvlen)
{
	size_t np = ncr_be_limbs(plen), nq = ncr_be_limbs(qlen);
	size_t ni = ncr_be_limbs(qinvlen);
	size_t big = ncr_bn_be_scratch(plen > qlen ? plen : qlen, alen, elen);

	/*
	 * the exponentiations', then m1, m2 mod p, qinv mod p, p, rr (np
	 * each), m2, q (nq each), qinv (ni), the product and m2 widened
	 * (np + nq each), and the work of the p-side steps, which first
	 * holds m1 and m2 as bytes
	 */
	return big + (5 * np + 2 * nq + ni + 2 * (np + nq) +
		      NCR_BN_REDUCE_ANY_SCRATCH(np) + NCR_BN_MONT_SCRATCH(np) +
		      ncr_be_limbs(plen + qlen)) * sizeof(ncr_limb);
}

int ncr_bn_be_mod_exp_crt(u8 *out, const u8 *a, size_t alen,
			  const u8 *p, size_t plen, const u8 *q, size_t qlen,
			  const u8 *dp, size_t dplen, const u8 *dq,
			  size_t dqlen, const u8 *qinv, size_t qinvlen,
			  const struct ncr_env *env, void *scratch)
{
	size_t np = ncr_be_limbs(plen), nq = ncr_be_limbs(qlen);
	size_t ni = ncr_be_limbs(qinvlen), ex = dplen > dqlen ? dplen : dqlen;
	ncr_limb *t = scratch;
	ncr_limb *M1 = t + ncr_bn_be_scratch(plen > qlen ? plen : qlen,
					     alen, ex) / sizeof(ncr_limb);
	ncr_limb *M2 = M1 + np, *M2P = M2 + nq, *QI = M2P + np;
	ncr_limb *QIX = QI + np, *P = QIX + ni, *Q = P + np;
	ncr_limb *PR = Q + nq, *M2X = PR + np + nq, *RRP = M2X + np + nq;
	ncr_limb *W = RRP + np, m0i;
	u8 *m1 = (u8 *)W, *m2 = m1 + plen;	/* before W is used */
	u32 borrow;
	int err;

	if (!ncr_be_odd(p, plen) || !ncr_be_odd(q, qlen))
		return -EINVAL;
	/* m1 = a^dp mod p, m2 = a^dq mod q: bytes, parked in W for now */
	err = ncr_be_exp(m1, a, alen, dp, dplen, p, plen, env, t);
	if (!err)
		err = ncr_be_exp(m2, a, alen, dq, dqlen, q, qlen, env, t);
	if (err)
		return err;
	ncr_bn_decode_be(M1, np, m1, plen);
	ncr_bn_decode_be(M2, nq, m2, qlen);
	ncr_bn_decode_be(P, np, p, plen);
	ncr_bn_decode_be(Q, nq, q, qlen);
	ncr_bn_decode_be(QIX, ni, qinv, qinvlen);
	m0i = ncr_bn_mont_m0i(P[0]);
	ncr_bn_mont_rr(RRP, P, np);
	/* h = qinv (m1 - m2) mod p */
	ncr_bn_mod_reduce_any(M2P, M2, nq, P, np, m0i, RRP, W);
	borrow = ncr_bn_sub(M1, M1, M2P, np);
	ncr_bn_cond_add(M1, P, np, borrow);
	ncr_bn_mod_reduce_any(QI, QIX, ni, P, np, m0i, RRP, W);
	ncr_bn_to_mont(QI, QI, P, np, m0i, RRP, W);
	ncr_bn_mont_mul(M1, QI, M1, P, np, m0i, W);
	/* r = m2 + h q (< p q: no carry out) */
	ncr_bn_mul(PR, M1, np, Q, nq);
	ncr_bn_zero(M2X, np + nq);
	for (size_t i = 0; i < nq; i++)
		M2X[i] = M2[i];
	ncr_bn_add(PR, PR, M2X, np + nq);
	ncr_bn_encode_be(out, plen + qlen, PR, np + nq);
	return 0;
}
