// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * rsa_keygen.c - RSA key-pair generation, FIPS 186-5 A.1.3 (random
 * probable primes), see rsa.h.
 *
 * Constant time: candidates that are rejected are discarded, so the time
 * spent on them tells nothing about the primes kept.  For the kept p and q
 * the work is the constant-time bn*.c code, except what ncr_prime_test
 * leaks (v2(p-1), v2(q-1): the number of trailing zero bits of p-1 and
 * q-1), which is used again here as a public shift count when the odd part
 * of gcd(p-1, q-1) is computed.  No other branch or index depends on p, q
 * or d.
 *
 * d = e^-1 mod lambda without a general division: with u = lambda^-1 mod e
 * (an inversion modulo the odd public e), lambda u = 1 + k e and
 * d = (lambda (e - u) + 1) / e, an exact division, done as a multiplication
 * by e^-1 mod 2^(limb bits * limbs).  lambda = (p-1)(q-1) / gcd(p-1, q-1),
 * again an exact division (by 2^s and by the odd part of the gcd).  dp and
 * dq are computed the same way modulo p-1 and q-1.  The key is checked at
 * the end by a private operation (CRT, verified with e).
 */
#include "rsa.h"
#include "bn/prime.h"
#include "bn/bn.h"
#include "ct.h"

/* Limb slots, each L limbs (X, T2: 2L). */
enum {
	G_P, G_Q, G_PM1, G_QM1, G_A, G_B, G_LAM, G_INV, G_Y, G_U, G_EU, G_D, G_DP, G_DQ,
	G_QINV, G_E, G_N, G_N2, G_X, G_X2, G_T2, G_T22, G_COUNT
};

/* 1 if a < 2^bits (bits public), else 0: no branch on a. */
static u32 fits_bits(const ncr_limb *a, size_t l, size_t bits)
{
	ncr_limb acc = 0;
	size_t i;

	for (i = 0; i < l; i++) {
		size_t lo = i * NCR_LIMB_BITS;

		if (lo >= bits)
			acc |= a[i];
		else if (bits - lo < NCR_LIMB_BITS)
			acc |= a[i] >> (bits - lo);
	}
	return ncr_ct_is_zero((u32)acc | (u32)(acc >> (NCR_LIMB_BITS / 2) >> (NCR_LIMB_BITS / 2)));
}

/* r = a b mod 2^(limb bits * l); t: 2l limbs. */
static void mul_low(ncr_limb *r, const ncr_limb *a, const ncr_limb *b, size_t l, ncr_limb *t)
{
	ncr_bn_mul(t, a, l, b, l);
	memcpy(r, t, l * sizeof(*r));
}

/* y = x^-1 mod 2^(limb bits * l) for odd x (Newton: y = y (2 - x y)); t: 3l + 2l. */
static void inv_pow2(ncr_limb *y, const ncr_limb *x, size_t l, ncr_limb *t)
{
	ncr_limb *xy = t, *two = t + l, *t2 = t + 2 * l;
	size_t prec;

	ncr_bn_set_u32(y, l, 1);
	ncr_bn_set_u32(two, l, 2);
	for (prec = 1; prec < NCR_LIMB_BITS * l; prec *= 2) {
		mul_low(xy, x, y, l, t2);
		ncr_bn_sub(xy, two, xy, l);
		mul_low(y, y, xy, l, t2);
	}
}

/*
 * The number of trailing zero bits of the even, non-zero a (leaks it, and
 * only it: ncr_prime_test leaked it already).
 */
static unsigned int v2(const ncr_limb *a, size_t l)
{
	unsigned int s;

	for (s = 0; s < NCR_LIMB_BITS * l; s++) {
		u32 bit = (u32)(a[s / NCR_LIMB_BITS] >> (s % NCR_LIMB_BITS)) & 1;

		NCR_CT_PUBLIC(&bit, sizeof(bit));
		if (bit)
			break;
	}
	return s;
}

/* a = gcd(a, b) for odd a and b: binary GCD, a fixed 2 * bits iterations under masks. */
static void gcd_odd(ncr_limb *a, ncr_limb *b, size_t l)
{
	size_t i;

	for (i = 0; i < 2 * NCR_LIMB_BITS * l; i++) {
		u32 odd = (u32)(b[0] & 1);
		u32 lt = ncr_bn_lt(b, a, l) & odd;

		ncr_bn_cond_swap(a, b, l, lt);
		ncr_bn_cond_sub(b, a, l, odd);
		ncr_bn_rshift(b, b, l, 1);
	}
}

/*
 * r = (m (e - u) + 1) / e = e^-1 mod m for m of l limbs coprime to e, with
 * u = m^-1 mod e.  einv = e^-1 mod 2^(bits of l limbs).  Returns 0 if m
 * and e are not coprime.  r: l limbs; s: slot scratch (u, eu, x, t: 8l + inv).
 */
static u32 inv_e_mod(ncr_limb *r, const ncr_limb *m, const ncr_limb *e, const ncr_limb *einv,
		     size_t l, ncr_limb *u, ncr_limb *eu, ncr_limb *x, ncr_limb *t)
{
	u32 ok = ncr_bn_mod_inv_odd(u, m, e, l, t);

	ncr_bn_sub(eu, e, u, l);
	mul_low(x, m, eu, l, t);
	ncr_bn_set_u32(u, l, 1);
	ncr_bn_add(x, x, u, l);
	mul_low(r, x, einv, l, t);
	return ok;
}

static void put(u8 **w, struct ncr_bytes *b, const ncr_limb *a, size_t l, size_t len)
{
	ncr_bn_encode_be(*w, len, a, l);
	b->p = *w;
	b->len = len;
	*w += len;
}

int ncr_rsa_generate(u32 bits, const u8 *e, size_t elen, const struct ncr_env *env,
		     u8 *buf, size_t buflen, struct ncr_rsa_parts *out, void *scratch)
{
	ncr_limb *s = ncr_rsa_limb_area(scratch), *t;
	ncr_limb *p, *q, *pm1, *qm1, *a, *b, *lam, *inv, *y, *u, *eu, *d, *dp, *dq, *qinv;
	ncr_limb *ee, *n, *x;
	u8 *rb = scratch, *w;
	size_t half = bits / 2, hl = NCR_BN_LIMBS(bits / 2), l = 2 * hl, kb = bits / 8;
	u32 rounds = ncr_prime_mr_rounds(bits / 2), ok;
	unsigned int sp, sq;
	int ret, which;

	while (elen && !e[0]) {
		e++;
		elen--;
	}
	if (bits != 2048 && bits != 3072 && bits != 4096)
		return -EINVAL;
	/* 65537 <= e < 2^64, odd: 65537 is the smallest odd 3-byte value */
	if (elen < 3 || elen > NCR_RSA_MAX_E_BYTES || !(e[elen - 1] & 1))
		return -EINVAL;
	if (buflen < NCR_RSA_GEN_BUF(bits))
		return -ERANGE;
	/* the layout must fit ncr_rsa_limb_scratch(bits) */
	if ((G_COUNT * l + NCR_PRIME_TEST_SCRATCH(hl) + NCR_BN_INV_ODD_SCRATCH(l) + 6 * l) *
	    sizeof(ncr_limb) > ncr_rsa_limb_scratch(bits))
		return -EINVAL;
#define SL(i) (s + (i) * l)
	p = SL(G_P); q = SL(G_Q); pm1 = SL(G_PM1); qm1 = SL(G_QM1); a = SL(G_A);
	b = SL(G_B); lam = SL(G_LAM); inv = SL(G_INV); y = SL(G_Y); u = SL(G_U);
	eu = SL(G_EU); d = SL(G_D); dp = SL(G_DP); dq = SL(G_DQ); qinv = SL(G_QINV);
	ee = SL(G_E); n = SL(G_N); x = SL(G_X);
#undef SL
	t = s + G_COUNT * l;
	ncr_bn_decode_be(ee, l, e, elen);

again:
	for (which = 0; which < 2; which++) {
		ncr_limb *c = which ? q : p;

		for (;;) {
			ret = ncr_env_yield(env);
			if (ret)
				goto out;
			/* a random half-bit odd number with its top two bits set */
			env->rand(env->ctx, rb, half / 8);
			rb[0] |= 0xc0;
			rb[half / 8 - 1] |= 1;
			ncr_bn_zero(c, l);
			ncr_bn_decode_be(c, hl, rb, half / 8);
			if (which) {
				/* |p - q| > 2^(half - 100) */
				ok = ncr_bn_sub(x, p, q, hl);
				ncr_bn_sub(y, q, p, hl);
				ncr_bn_cond_copy(x, y, hl, ok);
				ok = fits_bits(x, hl, half - 99);
				NCR_CT_PUBLIC(&ok, sizeof(ok));	/* q discarded */
				if (ok)
					continue;
			}
			/* no small factor (cheap), then gcd(e, c - 1) == 1 */
			if (!ncr_prime_trial(c, hl))
				continue;
			memcpy(a, c, hl * sizeof(*a));
			a[0] ^= 1;
			ok = ncr_bn_mod_inv_odd(u, a, ee, hl, t);
			NCR_CT_PUBLIC(&ok, sizeof(ok));		/* 0: discarded */
			if (!ok)
				continue;
			ret = ncr_prime_test(c, hl, rounds, env, t);
			if (ret < 0)
				goto out;
			if (ret == 1)
				break;
		}
	}

	/* n = p q; p - 1, q - 1 */
	ncr_bn_mul(n, p, hl, q, hl);
	memcpy(pm1, p, l * sizeof(*p));
	pm1[0] ^= 1;
	memcpy(qm1, q, l * sizeof(*q));
	qm1[0] ^= 1;

	/* lambda = (p-1)(q-1) / (2^min(sp, sq) g), g the gcd of the odd parts */
	sp = v2(pm1, hl);
	sq = v2(qm1, hl);
	ncr_bn_rshift(a, pm1, l, sp);
	ncr_bn_rshift(b, qm1, l, sq);
	gcd_odd(a, b, hl);
	ncr_bn_mul(x, pm1, hl, qm1, hl);
	ncr_bn_rshift(x, x, l, sp < sq ? sp : sq);
	inv_pow2(inv, a, l, t);
	mul_low(lam, x, inv, l, t);

	/* d = e^-1 mod lambda, dp, dq; einv = e^-1 mod 2^(bits of l limbs) */
	inv_pow2(inv, ee, l, t);
	ok = inv_e_mod(d, lam, ee, inv, l, u, eu, x, t);
	ok &= inv_e_mod(dp, pm1, ee, inv, l, u, eu, x, t);
	ok &= inv_e_mod(dq, qm1, ee, inv, l, u, eu, x, t);
	/* d > 2^(bits/2), else start over (probability ~2^-(bits/2)) */
	ok &= fits_bits(d, l, half + 1) ^ 1;
	NCR_CT_PUBLIC(&ok, sizeof(ok));		/* 0: all discarded */
	if (!ok)
		goto again;
	/* qinv = q^-1 mod p */
	ncr_bn_mod_inv_odd(qinv, q, p, hl, t);

	w = buf;
	out->min_priv_bits = 0;		/* never below 2048 bits here */
	put(&w, &out->n, n, l, kb);
	memcpy(w, e, elen);
	out->e.p = w;
	out->e.len = elen;
	w += elen;
	put(&w, &out->d, d, l, kb);
	put(&w, &out->p, p, hl, kb / 2);
	put(&w, &out->q, q, hl, kb / 2);
	put(&w, &out->dp, dp, hl, kb / 2);
	put(&w, &out->dq, dq, hl, kb / 2);
	put(&w, &out->qinv, qinv, hl, kb / 2);

	/*
	 * Pairwise consistency (FIPS 186-5 / SP 800-56B): a private operation
	 * on a fixed value, which checks its result with e.
	 */
	NCR_CT_PUBLIC(out->n.p, out->n.len);	/* the public key */
	NCR_CT_PUBLIC(out->p.p, 1);		/* the byte lengths of p, q */
	NCR_CT_PUBLIC(out->q.p, 1);
	memset(rb, 0, kb);
	rb[1] = 0x5a;
	rb[kb - 1] = 0xa5;
	ret = ncr_rsa_private_raw(out, rb, rb + kb, env, scratch);
out:
	if (ret) {
		ncr_wipe(buf, NCR_RSA_GEN_BUF(bits));
		memset(out, 0, sizeof(*out));
	}
	ncr_wipe(scratch, ncr_rsa_scratch_size(bits));
	return ret;
}
