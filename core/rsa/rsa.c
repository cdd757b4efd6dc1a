// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * rsa.c - RSA key checks and the raw operations: x^e mod n, and x^d mod n
 * by CRT with base blinding and a check of the result with e (see rsa.h).
 *
 * Constant time (private operation): every step is bn*.c code whose time
 * depends on limb counts only; the limb counts come from the byte lengths
 * of n, p and q (leading zero bytes stripped: that leaks only the lengths,
 * which the public n already gives away).  The exponentiations see
 * c r^e mod n for a fresh random r, not the caller's value.  Branches: on
 * whether the input is < n (public), whether r is invertible (a random
 * value, probability ~2^-1000 of a retry) and on the final check with e
 * (fails only under a fault or with an inconsistent key).
 */
#include "rsa.h"
#include "bn/bn.h"
#include "ct.h"

#define PAD_AREA	NCR_RSA_PAD_AREA

#define E_LIMBS		NCR_BN_LIMBS(8 * NCR_RSA_MAX_E_BYTES)

/* Limb slots of the private operation, each N limbs (tmp: 2N). */
enum {
	S_N, S_RRN, S_C, S_R, S_R2, S_RINV, S_RE, S_CB, S_P, S_Q, S_RRP, S_RRQ,
	S_DP, S_DQ, S_QINV, S_MP, S_MQ, S_MQP, S_H, S_M, S_V, S_TMP, S_TMP2,
	S_COUNT
};

static size_t t_limbs(size_t n)
{
	return NCR_BN_MODEXP_SCRATCH(n) + NCR_BN_REDUCE_ANY_SCRATCH(n) +
	       NCR_BN_INV_ODD_SCRATCH(n) + 8;
}

size_t ncr_rsa_limb_scratch(u32 bits)
{
	size_t n = NCR_BN_LIMBS(bits) + 1;

	return ((S_COUNT + 2) * n + t_limbs(n) + 16) * sizeof(ncr_limb);
}

size_t ncr_rsa_scratch_size(u32 bits)
{
	if (bits > NCR_RSA_MAX_BITS)
		return 0;
	return PAD_AREA + ncr_rsa_limb_scratch(bits);
}

void *ncr_rsa_limb_area(void *scratch)
{
	return (u8 *)scratch + PAD_AREA;
}

/* b without its leading zero bytes. */
static struct ncr_bytes strip(struct ncr_bytes b)
{
	while (b.len && !b.p[0]) {	/* leaks the length only */
		b.p++;
		b.len--;
	}
	return b;
}

size_t ncr_rsa_k(const struct ncr_rsa_parts *k)
{
	return strip(k->n).len;
}

static u32 bits_of(struct ncr_bytes b)
{
	u32 bits;
	u8 top;

	b = strip(b);
	if (!b.len)
		return 0;
	bits = 8 * (u32)(b.len - 1);
	for (top = b.p[0]; top; top >>= 1)
		bits++;
	return bits;
}

static ncr_limb *tarea(ncr_limb *s, size_t nl)
{
	return s + S_COUNT * nl + 2 * nl;	/* S_TMP, S_TMP2 are 2N each */
}

/*
 * rr = R^2 mod m for odd m of n limbs and mbytes bytes (its top byte
 * non-zero): starting from 2^(8 mbytes - 8) < m, which depends on the
 * byte length only, modular doublings up to 2^(L + k) mod m = 2^k R (L =
 * limb bits * n, L = k 2^j with k >= 64), then j Montgomery squarings give
 * 2^(k 2^j) R = R^2.  A few dozen doublings instead of ncr_bn_mont_rr's
 * L + 1: the difference is most of a public-key operation.  Constant time
 * in everything but n and mbytes.  t: NCR_BN_MONT_SCRATCH(n) limbs.
 */
static void rr_fast(ncr_limb *rr, const ncr_limb *m, size_t n, size_t mbytes, ncr_limb m0i,
		    ncr_limb *t)
{
	size_t L = (size_t)NCR_LIMB_BITS * n, start = 8 * mbytes - 8, j = 0, i;

	while (!((L >> j) & 1) && (L >> (j + 1)) >= 64)
		j++;
	ncr_bn_zero(rr, n);
	rr[start / NCR_LIMB_BITS] = (ncr_limb)1 << (start % NCR_LIMB_BITS);
	for (i = start; i < L + (L >> j); i++) {
		u32 carry = ncr_bn_add(rr, rr, rr, n);

		ncr_bn_cond_sub(rr, m, n, carry | (ncr_bn_lt(rr, m, n) ^ 1));
	}
	for (i = 0; i < j; i++)
		ncr_bn_mont_mul(rr, rr, rr, m, n, m0i, t);
}

/*
 * r = a^e mod n for the public exponent e (ebits >= 1 bits) and any a < n:
 * left-to-right square and multiply.  Branches on the bits of e only (the
 * sequence of operations is the same for every a, which may be secret: the
 * blinding factor, the result under the fault check).  Much cheaper than
 * the windowed ncr_bn_mod_exp for a short e such as 65537.
 * t: NCR_BN_MONT_SCRATCH(n) + 2n limbs.  r may alias a.
 */
static void pub_exp(ncr_limb *r, const ncr_limb *a, const ncr_limb *e, size_t ebits,
		    const ncr_limb *n, size_t nl, ncr_limb n0i, const ncr_limb *rrn, ncr_limb *t)
{
	ncr_limb *x = t, *acc = t + nl, *mt = t + 2 * nl;
	size_t i;

	ncr_bn_mont_mul(x, a, rrn, n, nl, n0i, mt);		/* a R */
	memcpy(acc, x, nl * sizeof(*acc));
	for (i = ebits - 1; i-- > 0;) {
		ncr_bn_mont_sqr(acc, acc, n, nl, n0i, mt);
		if ((e[i / NCR_LIMB_BITS] >> (i % NCR_LIMB_BITS)) & 1)	/* public */
			ncr_bn_mont_mul(acc, acc, x, n, nl, n0i, mt);
	}
	ncr_bn_from_mont(r, acc, n, nl, n0i, mt);
}

/* The public key, decoded and checked. */
struct pub {
	size_t k;		/* bytes of n */
	size_t nl;		/* limbs of n */
	u32 bits;
	ncr_limb *n, *rrn, n0i;
	ncr_limb e[E_LIMBS];
	size_t ebits;
};

/* Checks and decodes n and e into the S_N/S_RRN slots (stride nl). */
static int load_pub(const struct ncr_rsa_parts *key, struct pub *pk, ncr_limb *s, u32 min_bits)
{
	struct ncr_bytes n = strip(key->n), e = strip(key->e);

	pk->bits = bits_of(n);
	if (pk->bits < min_bits || pk->bits > NCR_RSA_MAX_BITS || !(n.p[n.len - 1] & 1))
		return -EINVAL;
	if (!e.len || e.len > NCR_RSA_MAX_E_BYTES || !(e.p[e.len - 1] & 1))
		return -EINVAL;
	if (e.len == 1 && e.p[0] < 3)
		return -EINVAL;
	pk->k = n.len;
	pk->nl = NCR_BN_LIMBS(pk->bits);
	pk->n = s + S_N * pk->nl;
	pk->rrn = s + S_RRN * pk->nl;
	ncr_bn_decode_be(pk->n, pk->nl, n.p, n.len);
	ncr_bn_decode_be(pk->e, E_LIMBS, e.p, e.len);
	pk->ebits = bits_of(e);
	pk->n0i = ncr_bn_mont_m0i(pk->n[0]);
	rr_fast(pk->rrn, pk->n, pk->nl, n.len, pk->n0i, tarea(s, pk->nl));
	return 0;
}

int ncr_rsa_public_raw(const struct ncr_rsa_parts *key, const u8 *in, u8 *out, void *scratch)
{
	ncr_limb *s = ncr_rsa_limb_area(scratch), *x, *t;
	struct pub pk;
	int ret;

	ret = load_pub(key, &pk, s, NCR_RSA_MIN_BITS);
	if (ret)
		return ret;
	x = s + S_C * pk.nl;
	t = tarea(s, pk.nl);
	ncr_bn_decode_be(x, pk.nl, in, pk.k);
	if (!ncr_bn_lt(x, pk.n, pk.nl)) {	/* public input */
		ret = -EBADMSG;
	} else {
		pub_exp(x, x, pk.e, pk.ebits, pk.n, pk.nl, pk.n0i, pk.rrn, t);
		ncr_bn_encode_be(out, pk.k, x, pk.nl);
	}
	ncr_wipe(s, ncr_rsa_limb_scratch(pk.bits));
	return ret;
}

/* A secret number of at most nl limbs (no leading zero bytes: *l = its limbs). */
static int load_secret(ncr_limb *r, size_t nl, struct ncr_bytes b, size_t *l, size_t *bytes)
{
	b = strip(b);
	if (!b.len || NCR_BN_LIMBS_BYTES(b.len) > nl)
		return -EINVAL;
	*l = NCR_BN_LIMBS_BYTES(b.len);
	*bytes = b.len;
	ncr_bn_decode_be(r, *l, b.p, b.len);
	return 0;
}

/*
 * A secret number that must fit l limbs: decoded whole (leading zero
 * bytes are not stripped, so not even its byte length leaks); only
 * whether it fits is examined.
 */
static int load_fit(ncr_limb *r, size_t l, struct ncr_bytes b)
{
	u32 fit;

	if (!b.len)
		return -EINVAL;
	fit = ncr_bn_decode_be(r, l, b.p, b.len);
	NCR_CT_PUBLIC(&fit, sizeof(fit));	/* too long: an invalid key */
	return fit ? 0 : -EINVAL;
}

int ncr_rsa_private_raw(const struct ncr_rsa_parts *key, const u8 *in, u8 *out,
			const struct ncr_env *env, void *scratch)
{
	ncr_limb *s = ncr_rsa_limb_area(scratch), *t;
	ncr_limb *c, *r, *rinv, *rinvq, *re, *cb, *p, *q, *rrp, *rrq, *dp, *dq, *qinv;
	ncr_limb *mp, *mq, *mqp, *h, *m, *v, *tmp, *tmp2, p0i, q0i;
	size_t nl, hp, hq, pb, qb, i;
	struct pub pk;
	u32 ok;
	int ret;

	ret = load_pub(key, &pk, s, key->min_priv_bits ?: NCR_RSA_MIN_PRIV_BITS);
	if (ret)
		return ret;
	nl = pk.nl;
#define SL(x) (s + (x) * nl)
	c = SL(S_C); r = SL(S_R); rinv = SL(S_RINV); rinvq = SL(S_R2); re = SL(S_RE);
	cb = SL(S_CB); p = SL(S_P); q = SL(S_Q); rrp = SL(S_RRP); rrq = SL(S_RRQ);
	dp = SL(S_DP); dq = SL(S_DQ); qinv = SL(S_QINV); mp = SL(S_MP); mq = SL(S_MQ);
	mqp = SL(S_MQP); h = SL(S_H); m = SL(S_M); v = SL(S_V);
	tmp = SL(S_TMP); tmp2 = tmp + 2 * nl;		/* 2N limbs each */
#undef SL
	t = tarea(s, nl);

	ret = load_secret(p, nl, key->p, &hp, &pb);
	if (!ret)
		ret = load_secret(q, nl, key->q, &hq, &qb);
	if (!ret)
		ret = load_fit(dp, hp, key->dp);
	if (!ret)
		ret = load_fit(dq, hq, key->dq);
	if (!ret)
		ret = load_fit(qinv, hp, key->qinv);
	/*
	 * p and q must be odd for Montgomery arithmetic; ncr_rsa_check tests
	 * it, and here a key where they are not just fails the check with e.
	 */
	if (ret)
		goto out;

	ncr_bn_decode_be(c, nl, in, pk.k);
	if (!ncr_bn_lt(c, pk.n, nl)) {		/* public input */
		ret = -EBADMSG;
		goto out;
	}

	p0i = ncr_bn_mont_m0i(p[0]);
	q0i = ncr_bn_mont_m0i(q[0]);
	rr_fast(rrp, p, hp, pb, p0i, t);
	rr_fast(rrq, q, hq, qb, q0i, t);

	/*
	 * Blinding: r random mod n, re = r^e mod n, cb = c re.  It is undone
	 * modulo p and q (r^-1 mod p and mod q: two half-size inversions cost
	 * less than one modulo n).  r = 0 mod p or q would be a retry (r is
	 * random: that leaks nothing; the probability is ~2^-1000).
	 */
	for (;;) {
		env->rand(env->ctx, (u8 *)tmp, 2 * nl * sizeof(*tmp));
		ncr_bn_mod_reduce_any(r, tmp, 2 * nl, pk.n, nl, pk.n0i, pk.rrn, t);
		ncr_bn_mod_reduce_any(rinv, r, nl, p, hp, p0i, rrp, t);
		ncr_bn_mod_reduce_any(rinvq, r, nl, q, hq, q0i, rrq, t);
		ok = ncr_bn_mod_inv_odd(rinv, rinv, p, hp, t);
		ok &= ncr_bn_mod_inv_odd(rinvq, rinvq, q, hq, t);
		NCR_CT_PUBLIC(&ok, sizeof(ok));	/* 0 only if p | r or q | r */
		if (ok)
			break;
	}
	pub_exp(re, r, pk.e, pk.ebits, pk.n, nl, pk.n0i, pk.rrn, t);
	ncr_bn_mont_mul(cb, c, re, pk.n, nl, pk.n0i, t);
	ncr_bn_mont_mul(cb, cb, pk.rrn, pk.n, nl, pk.n0i, t);

	/* mp = cb^dp r^-1 mod p = c^dp mod p, mq likewise */
	ncr_bn_mod_reduce_any(mp, cb, nl, p, hp, p0i, rrp, t);
	ncr_bn_mod_exp(mp, mp, dp, hp * NCR_LIMB_BITS, p, hp, p0i, rrp, t);
	ncr_bn_mont_mul(mp, mp, rinv, p, hp, p0i, t);
	ncr_bn_mont_mul(mp, mp, rrp, p, hp, p0i, t);
	ncr_bn_mod_reduce_any(mq, cb, nl, q, hq, q0i, rrq, t);
	ncr_bn_mod_exp(mq, mq, dq, hq * NCR_LIMB_BITS, q, hq, q0i, rrq, t);
	ncr_bn_mont_mul(mq, mq, rinvq, q, hq, q0i, t);
	ncr_bn_mont_mul(mq, mq, rrq, q, hq, q0i, t);

	/* h = qinv (mp - mq) mod p */
	ncr_bn_mod_reduce_any(mqp, mq, hq, p, hp, p0i, rrp, t);
	ok = ncr_bn_sub(h, mp, mqp, hp);
	ncr_bn_cond_add(h, p, hp, ok);
	ncr_bn_mont_mul(h, qinv, h, p, hp, p0i, t);
	ncr_bn_mont_mul(h, h, rrp, p, hp, p0i, t);

	/* m = mq + q h: below n for a consistent key (else the check fails) */
	ncr_bn_mul(tmp, q, hq, h, hp);
	ncr_bn_zero(tmp2, 2 * nl);
	memcpy(tmp2, mq, hq * sizeof(*mq));
	ncr_bn_add(tmp, tmp, tmp2, hp + hq);
	ncr_bn_zero(m, nl);
	for (i = 0; i < nl && i < hp + hq; i++)
		m[i] = tmp[i];

	/* fault check: m^e == c (c, e and n are public; only the verdict leaks) */
	pub_exp(v, m, pk.e, pk.ebits, pk.n, nl, pk.n0i, pk.rrn, t);
	ok = ncr_bn_eq(v, c, nl);
	NCR_CT_PUBLIC(&ok, sizeof(ok));
	if (!ok) {
		ret = -EIO;
		goto out;
	}
	ncr_bn_encode_be(out, pk.k, m, nl);
out:
	ncr_wipe(s, ncr_rsa_limb_scratch(pk.bits));
	return ret;
}

int ncr_rsa_check(const struct ncr_rsa_parts *key, int priv, u32 *bits, void *scratch)
{
	ncr_limb *s = ncr_rsa_limb_area(scratch), *t;
	ncr_limb *p, *q, *x, *y, *tmp, p0i;
	size_t nl, hp, hq, l;
	struct pub pk;
	int ret;

	ret = load_pub(key, &pk, s, NCR_RSA_MIN_BITS);
	if (ret)
		return ret;
	*bits = pk.bits;
	if (!priv)
		goto out;
	nl = pk.nl;
	p = s + S_P * nl;
	q = s + S_Q * nl;
	x = s + S_MP * nl;
	y = s + S_MQ * nl;
	tmp = s + S_TMP * nl;
	t = tarea(s, nl);
	ret = -EINVAL;
	/* key validity: these branches leak only whether the key is valid */
	if (load_secret(p, nl, key->p, &hp, &l) || load_secret(q, nl, key->q, &hq, &l))
		goto out;
	if (!(p[0] & q[0] & 1) || hp + hq > 2 * nl)
		goto out;
	/* p, q > 1 */
	ncr_bn_set_u32(x, nl, 1);
	if (!ncr_bn_lt(x, p, hp) || !ncr_bn_lt(x, q, hq))
		goto out;
	/* p q == n */
	ncr_bn_mul(tmp, p, hp, q, hq);
	for (l = nl; l < hp + hq; l++)
		if (tmp[l])
			goto out;
	if (!ncr_bn_eq(tmp, pk.n, nl))
		goto out;
	/* d < n, dp < p, dq < q, qinv < p */
	if (load_fit(x, nl, key->d) || !ncr_bn_lt(x, pk.n, nl))
		goto out;
	if (load_fit(x, hp, key->dp) || !ncr_bn_lt(x, p, hp))
		goto out;
	if (load_fit(x, hq, key->dq) || !ncr_bn_lt(x, q, hq))
		goto out;
	if (load_fit(x, hp, key->qinv) || !ncr_bn_lt(x, p, hp))
		goto out;
	/* qinv q == 1 mod p: (qinv (q mod p) R^-1) R^2 R^-1 */
	p0i = ncr_bn_mont_m0i(p[0]);
	ncr_bn_mont_rr(s + S_RRP * nl, p, hp);
	ncr_bn_mod_reduce_any(y, q, hq, p, hp, p0i, s + S_RRP * nl, t);
	ncr_bn_mont_mul(y, x, y, p, hp, p0i, t);
	ncr_bn_mont_mul(y, y, s + S_RRP * nl, p, hp, p0i, t);
	ncr_bn_set_u32(x, hp, 1);
	if (!ncr_bn_eq(x, y, hp))
		goto out;
	ret = 0;
out:
	ncr_wipe(s, ncr_rsa_limb_scratch(pk.bits));
	return ret;
}
