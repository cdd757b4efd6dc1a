// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * dsa.c - DSA (FIPS 186-4 section 4) key generation, signing and
 * verification, and the discrete-log working state shared with dh.c and
 * dsa_paramgen.c.
 *
 * Secrets are x, the nonce k, k^-1 and every intermediate of s; they only
 * pass through bn.h's constant-time arithmetic (fixed-window modexp with
 * masked table scans, Montgomery products, Fermat inversion) and masked
 * comparisons.  Branches depend on lengths, on public values (p, q, g, y,
 * r, s, the digest) and on validity results only.
 */
#include "ncr_core.h"
#include "ct.h"
#include "bn/bn.h"
#include "hash/hash.h"
#include "bn/prime.h"
#include "hash/rfc6979.h"
#include "dsa.h"

/* Limbs of callee scratch (the largest of bn.h's and prime.h's needs). */
static size_t dl_callee_limbs(size_t n)
{
	size_t a = NCR_PRIME_TEST_SCRATCH(n), b = NCR_BN_INV_SCRATCH(n);
	size_t c = NCR_BN_REDUCE_SCRATCH(n), d = NCR_BN_MODEXP_SCRATCH(n);

	if (b > a)
		a = b;
	if (c > a)
		a = c;
	if (d > a)
		a = d;
	return a;
}

static size_t dl_scratch_limbs(size_t np)
{
	/* p, rrp, q, rrq; 8 temporaries of 2np + 2; callee scratch */
	return 4 * np + 8 * (2 * np + 2) + dl_callee_limbs(np);
}

size_t ncr_dl_scratch_size(u32 pbits)
{
	if (pbits < 8)
		pbits = 8;
	return dl_scratch_limbs(NCR_BN_LIMBS(pbits)) * sizeof(ncr_limb);
}

u32 ncr_dl_bits(const u8 *b, size_t len, const u8 **start, size_t *slen)
{
	struct ncr_bytes t = ncr_bytes_trim((struct ncr_bytes){ b, len });

	if (start)
		*start = t.p;
	if (slen)
		*slen = t.len;
	if (t.len > NCR_DL_MAX_PBITS / 8 + 1)
		return NCR_DL_MAX_PBITS + 9;	/* "too long" without overflow */
	return ncr_bytes_bits(t);
}

u32 ncr_dl_decode(ncr_limb *r, size_t n, const struct ncr_bytes *b)
{
	return ncr_bn_decode_be(r, n, b->p, b->len);
}

/* a = 2a mod m for a < m (public values). */
static void dl_double(ncr_limb *a, const ncr_limb *m, size_t n)
{
	u32 c = ncr_bn_add(a, a, a, n);

	ncr_bn_cond_sub(a, m, n, c | (ncr_bn_lt(a, m, n) ^ 1));
}

/*
 * rr = R^2 mod m for a public odd m > 1 of n limbs, tb = bits(m): from
 * 2^(tb-1) < m, NCR_LIMB_BITS n - tb + 1 modular doublings give R mod m;
 * with NCR_LIMB_BITS n = k 2^j (k odd), k more give 2^k R and j Montgomery
 * squarings 2^(k 2^j) R = R^2.  For a p of whole limbs that is 1 to 3
 * doublings and ~11 squarings instead of ncr_bn_mont_rr's ~NCR_LIMB_BITS n
 * doublings (which must not depend on m's length: RSA's secret primes).
 */
static void dl_rr(ncr_limb *rr, const ncr_limb *m, size_t n, ncr_limb m0i, ncr_limb *t)
{
	size_t k = NCR_LIMB_BITS * n, j = 0, i, tb = ncr_bn_bit_length(m, n);

	while (!(k & 1)) {
		k >>= 1;
		j++;
	}
	ncr_bn_zero(rr, n);
	rr[(tb - 1) / NCR_LIMB_BITS] = (ncr_limb)1 << ((tb - 1) % NCR_LIMB_BITS);
	for (i = 0; i < NCR_LIMB_BITS * n - tb + 1 + k; i++)
		dl_double(rr, m, n);
	for (i = 0; i < j; i++)
		ncr_bn_mont_sqr(rr, rr, m, n, m0i, t);
}

int ncr_dl_ws_init_raw(struct ncr_dl_ws *w, const u8 *p, size_t plen, const u8 *q,
		       size_t qlen, void *scratch)
{
	ncr_limb *s = scratch;
	size_t i, vl;

	memset(w, 0, sizeof(*w));
	if (!p || !scratch)
		return -EINVAL;
	w->pbits = ncr_dl_bits(p, plen, &w->pb, &w->plen);
	if (w->pbits < 2 || w->pbits > NCR_DL_MAX_PBITS || !(w->pb[w->plen - 1] & 1))
		return -EINVAL;
	w->np = NCR_BN_LIMBS(w->pbits);
	w->scratch = scratch;
	w->scratch_len = dl_scratch_limbs(w->np) * sizeof(ncr_limb);
	vl = 2 * w->np + 2;
	w->p = s;
	w->rrp = s + w->np;
	w->q = s + 2 * w->np;
	w->rrq = s + 3 * w->np;
	for (i = 0; i < 8; i++)
		w->v[i] = s + 4 * w->np + i * vl;
	w->t = s + 4 * w->np + 8 * vl;
	ncr_bn_decode_be(w->p, w->np, w->pb, w->plen);
	w->p0i = ncr_bn_mont_m0i(w->p[0]);
	dl_rr(w->rrp, w->p, w->np, w->p0i, w->t);
	if (q && qlen) {
		w->qbits = ncr_dl_bits(q, qlen, &w->qb, &w->qlen);
		if (w->qbits < 2 || w->qbits >= w->pbits || !(w->qb[w->qlen - 1] & 1))
			return -EINVAL;
		w->nq = NCR_BN_LIMBS(w->qbits);
		ncr_bn_decode_be(w->q, w->nq, w->qb, w->qlen);
		w->q0i = ncr_bn_mont_m0i(w->q[0]);
		dl_rr(w->rrq, w->q, w->nq, w->q0i, w->t);
	}
	return 0;
}

int ncr_dl_ws_init(struct ncr_dl_ws *w, const struct ncr_dl_parts *k, void *scratch)
{
	return ncr_dl_ws_init_raw(w, k->p.p, k->p.len, k->q.p, k->q.len, scratch);
}

void ncr_dl_ws_done(struct ncr_dl_ws *w)
{
	if (w->scratch)
		ncr_wipe(w->scratch, w->scratch_len);
	w->scratch = NULL;
}

void ncr_dl_mod_q(struct ncr_dl_ws *w, ncr_limb *r, const ncr_limb *a, size_t na)
{
	/*
	 * Horner over nq-limb chunks from the top: acc = (acc * 2^(nq limbs)
	 * + chunk) mod q, each step one ncr_bn_mod_reduce of the 2nq-limb
	 * (acc || chunk).  Time depends on na and nq only.  Uses v[7].
	 */
	size_t nq = w->nq, chunks = (na + nq - 1) / nq, i, j, lo;
	ncr_limb *x = w->v[7];

	ncr_bn_zero(r, nq);
	for (i = chunks; i-- > 0;) {
		lo = i * nq;
		for (j = 0; j < nq; j++)
			x[j] = lo + j < na ? a[lo + j] : 0;
		memcpy(x + nq, r, nq * sizeof(ncr_limb));
		ncr_bn_mod_reduce(r, x, w->q, nq, w->q0i, w->rrq, w->t);
	}
	ncr_bn_zero(x, 2 * nq);
}

int ncr_dl_order_q(struct ncr_dl_ws *w, const ncr_limb *g, const struct ncr_env *env)
{
	ncr_limb *r = w->v[6];

	if (ncr_bn_mod_exp_env(r, g, w->q, w->qbits, w->p, w->np, w->p0i, w->rrp, w->t, env))
		return -EINTR;
	ncr_bn_set_u32(w->v[5], w->np, 1);
	return (int)ncr_bn_eq(r, w->v[5], w->np);
}

int ncr_dl_ws_half_q(struct ncr_dl_ws *w)
{
	size_t i;

	/* public: p = 3 mod 4, so that q = (p - 1) / 2 is odd */
	if (w->pbits < 3 || (w->p[0] & 3) != 3)
		return -EINVAL;
	w->qbits = w->pbits - 1;
	w->nq = NCR_BN_LIMBS(w->qbits);
	w->qlen = (w->qbits + 7) / 8;
	w->qb = NULL;
	for (i = 0; i < w->nq; i++)
		w->q[i] = (w->p[i] >> 1) |
			  (i + 1 < w->np ? w->p[i + 1] << (NCR_LIMB_BITS - 1) : 0);
	w->q0i = ncr_bn_mont_m0i(w->q[0]);
	dl_rr(w->rrq, w->q, w->nq, w->q0i, w->t);
	return 0;
}

u32 ncr_dl_q_divides(struct ncr_dl_ws *w)
{
	ncr_limb *pm1 = w->v[6], *r = w->v[5];

	memcpy(pm1, w->p, w->np * sizeof(ncr_limb));
	pm1[0] ^= 1;	/* p is odd: p - 1 */
	ncr_dl_mod_q(w, r, pm1, w->np);
	return ncr_bn_is_zero(r, w->nq);
}

/* a += 1 over n limbs, constant time; returns the carry out. */
static u32 dl_inc(ncr_limb *a, size_t n)
{
	ncr_limb c = 1;
	size_t i;

	for (i = 0; i < n; i++) {
		a[i] += c;
		/* carry on while the limb wrapped to 0 */
		c &= ((a[i] | (0 - a[i])) >> (NCR_LIMB_BITS - 1)) ^ 1;
	}
	return (u32)c;
}

/* (L, N) pairs of FIPS 186-4 4.2; legacy (1024, 160) for verification. */
static int dsa_sizes_ok(u32 L, u32 N, int legacy)
{
	return (L == 2048 && (N == 224 || N == 256)) || (L == 3072 && N == 256) ||
	       (legacy && L == 1024 && N == 160);
}

/*
 * Checks of p, q, g in an initialised ws; g decoded into v[0].  Sizes and
 * 1 < g < p always; q | p - 1 and g^q == 1 if deep (import: sign and verify
 * trust params that were checked when the key was made or imported).
 */
static int dsa_check_ws(struct ncr_dl_ws *w, const struct ncr_dl_parts *k, int legacy, int deep,
			const struct ncr_env *env)
{
	ncr_limb *g = w->v[0], *one = w->v[1];
	u32 ok;
	int r;

	if (!w->qbits || !dsa_sizes_ok(w->pbits, w->qbits, legacy))
		return -EINVAL;
	if (!k->g.len || !ncr_dl_decode(g, w->np, &k->g))
		return -EINVAL;
	ncr_bn_set_u32(one, w->np, 1);
	ok = ncr_bn_lt(one, g, w->np) & ncr_bn_lt(g, w->p, w->np);
	if (ok && deep)
		ok = ncr_dl_q_divides(w);
	if (ok && deep) {
		r = ncr_dl_order_q(w, g, env);
		if (r < 0)
			return r;
		ok = (u32)r;
	}
	return ok ? 0 : -EINVAL;
}

int ncr_dsa_check_params(const struct ncr_dl_parts *k, int full, const struct ncr_env *env,
			 void *scratch)
{
	struct ncr_dl_ws w;
	int ret, pr;

	ret = ncr_dl_ws_init(&w, k, scratch);
	if (!ret)
		ret = dsa_check_ws(&w, k, 1, 1, env);
	if (!ret && full) {
		if (!env || !env->rand) {
			ret = -EINVAL;
			goto out;
		}
		/* chosen by someone else: the test that holds for any number */
		pr = ncr_prime_test_untrusted(w.q, w.nq, ncr_prime_mr_rounds(w.qbits), env, w.t);
		if (pr == 1)
			pr = ncr_prime_test_untrusted(w.p, w.np, ncr_prime_mr_rounds(w.pbits), env,
						      w.t);
		ret = pr == 1 ? 0 : pr < 0 ? pr : -EINVAL;
	}
out:
	ncr_dl_ws_done(&w);
	return ret;
}

/*
 * FIPS 186-4 B.1.2 / SP 800-56A 5.6.1.1.3-4 ("testing candidates"): c of
 * cbits random bits, retry while c + 1 >= m, x = c + 1: x uniform in
 * [1, m - 1] when m > 2^(cbits - 1).  x and m have n limbs.  Only the
 * rejection of a discarded candidate leaks.  Uses v[6] (random bytes).
 */
void ncr_dl_random_below(struct ncr_dl_ws *w, const struct ncr_env *env, ncr_limb *x,
			 const ncr_limb *m, size_t n, u32 cbits)
{
	u8 *buf = (u8 *)w->v[6];
	size_t len = (cbits + 7) / 8;
	u32 ok, carry;

	do {
		env->rand(env->ctx, buf, len);
		if (cbits % 8)
			buf[0] &= (u8)((1u << (cbits % 8)) - 1);
		ncr_bn_decode_be(x, n, buf, len);
		carry = dl_inc(x, n);
		ok = (carry ^ 1) & ncr_bn_lt(x, m, n);
		NCR_DL_PUBLIC(&ok, sizeof(ok));	/* a rejected candidate is discarded */
	} while (!ok);
	ncr_wipe(buf, len);
}

void ncr_dl_random_below_q(struct ncr_dl_ws *w, const struct ncr_env *env, ncr_limb *x)
{
	ncr_dl_random_below(w, env, x, w->q, w->nq, w->qbits);
}

int ncr_dsa_generate(const struct ncr_dl_parts *k, const struct ncr_env *env, u8 *x, u8 *y,
		     void *scratch)
{
	struct ncr_dl_ws w;
	ncr_limb *xv, *yv;
	int ret;

	if (!env || !env->rand || !x || !y)
		return -EINVAL;
	ret = ncr_dl_ws_init(&w, k, scratch);
	if (!ret)
		ret = dsa_check_ws(&w, k, 0, 1, env);
	if (ret)
		goto out;
	xv = w.v[2];
	yv = w.v[3];
	ncr_dl_random_below_q(&w, env, xv);
	ret = ncr_bn_mod_exp_env(yv, w.v[0], xv, w.qbits, w.p, w.np, w.p0i, w.rrp, w.t, env);
	if (ret)
		goto out;
	ncr_bn_encode_be(x, w.qlen, xv, w.nq);
	ncr_bn_encode_be(y, w.plen, yv, w.np);
out:
	ncr_dl_ws_done(&w);
	return ret;
}

int ncr_dl_check_keypair(const struct ncr_dl_parts *k, void *scratch)
{
	return ncr_dl_check_keypair_env(k, NULL, scratch);
}

int ncr_dl_check_keypair_env(const struct ncr_dl_parts *k, const struct ncr_env *env,
			     void *scratch)
{
	struct ncr_dl_ws w;
	ncr_limb *g, *x, *y, *r, *lim;
	size_t ebits;
	u32 ok;
	int ret;

	ret = ncr_dl_ws_init(&w, k, scratch);
	if (ret)
		goto out;
	g = w.v[0];
	x = w.v[1];
	y = w.v[2];
	r = w.v[3];
	lim = w.v[4];
	ret = -EINVAL;
	if (!k->x.len || !k->y.len || !k->g.len)
		goto out;
	ok = ncr_dl_decode(g, w.np, &k->g) & ncr_dl_decode(y, w.np, &k->y);
	ok &= ncr_dl_decode(x, w.np, &k->x);	/* only a length check leaks */
	NCR_DL_PUBLIC(&ok, sizeof(ok));
	if (!ok)
		goto out;
	/* public range checks: 1 < g < p, 1 < y < p - 1 */
	ncr_bn_set_u32(r, w.np, 1);
	memcpy(lim, w.p, w.np * sizeof(ncr_limb));
	lim[0] ^= 1;	/* p - 1 */
	ok = ncr_bn_lt(r, g, w.np) & ncr_bn_lt(g, w.p, w.np);
	ok &= ncr_bn_lt(r, y, w.np) & ncr_bn_lt(y, lim, w.np);
	/* 0 < x < q, or 0 < x < p - 1 without q: masked, one result */
	if (w.qbits) {
		ncr_bn_zero(lim, w.np);
		memcpy(lim, w.q, w.nq * sizeof(ncr_limb));
	}
	ok &= ncr_bn_lt(x, lim, w.np) & (ncr_bn_is_zero(x, w.np) ^ 1);
	ebits = 8 * k->x.len;
	if (ebits > w.np * NCR_LIMB_BITS)
		ebits = w.np * NCR_LIMB_BITS;
	/* the yields are at fixed windows: -EINTR says nothing about x */
	ret = ncr_bn_mod_exp_env(r, g, x, ebits, w.p, w.np, w.p0i, w.rrp, w.t, env);
	if (ret)
		goto out;
	ok &= ncr_bn_eq(r, y, w.np);
	NCR_DL_PUBLIC(&ok, sizeof(ok));	/* the verdict */
	ret = ok ? 0 : -EINVAL;
out:
	ncr_dl_ws_done(&w);
	return ret;
}

/* h = leftmost qbits of the digest, reduced mod q (public), into h (nq). */
static void dsa_digest(struct ncr_dl_ws *w, ncr_limb *h, const u8 *digest, size_t dlen)
{
	size_t n = dlen < w->qlen ? dlen : w->qlen;
	u32 lt;

	/* qbits is a multiple of 8 for every accepted (L, N) */
	ncr_bn_decode_be(h, w->nq, digest, n);
	lt = ncr_bn_lt(h, w->q, w->nq);
	ncr_bn_cond_sub(h, w->q, w->nq, lt ^ 1);	/* h < 2^N < 2q */
}

/* r = a * b mod q for a, b < q (two Montgomery products). */
static void mul_q(struct ncr_dl_ws *w, ncr_limb *r, const ncr_limb *a, const ncr_limb *b)
{
	ncr_bn_mont_mul(r, a, b, w->q, w->nq, w->q0i, w->t);
	ncr_bn_mont_mul(r, r, w->rrq, w->q, w->nq, w->q0i, w->t);
}

/* r = a + b mod q for a, b < q; r may alias a. */
static void add_q(struct ncr_dl_ws *w, ncr_limb *r, const ncr_limb *a, const ncr_limb *b)
{
	u32 c = ncr_bn_add(r, a, b, w->nq);

	ncr_bn_cond_sub(r, w->q, w->nq, c | (ncr_bn_lt(r, w->q, w->nq) ^ 1));
}

int ncr_dsa_sign(const struct ncr_dl_parts *k, u32 hash_id, const u8 *digest, size_t dlen,
		 const struct ncr_env *env, u8 *sig, void *scratch)
{
	struct ncr_dl_ws w;
	u8 kb[NCR_RFC6979_MAX_QLEN], xb[NCR_RFC6979_MAX_QLEN], extra[32];
	ncr_limb *g, *x, *h, *kk, *r, *s, *tmp;
	size_t extra_len = 0;
	u32 ok, tries;
	int ret;

	if (!digest || !sig)
		return -EINVAL;
	ret = ncr_dl_ws_init(&w, k, scratch);
	if (!ret)
		ret = dsa_check_ws(&w, k, 0, 0, NULL);
	if (ret)
		goto out;
	ret = -EINVAL;
	if (!k->x.len || w.qlen > sizeof(xb))
		goto out;
	g = w.v[0];
	x = w.v[1];
	h = w.v[2];
	kk = w.v[3];
	r = w.v[4];
	s = w.v[5];
	tmp = w.v[6];
	/* x: 0 < x < q (masked; only validity leaks) */
	ok = ncr_dl_decode(x, w.nq, &k->x);
	ok &= ncr_bn_lt(x, w.q, w.nq) & (ncr_bn_is_zero(x, w.nq) ^ 1);
	NCR_DL_PUBLIC(&ok, sizeof(ok));	/* the verdict */
	if (!ok)
		goto out;
	ncr_bn_encode_be(xb, w.qlen, x, w.nq);
	dsa_digest(&w, h, digest, dlen);
	for (tries = 0; tries < 8; tries++) {
		if (env && env->rand) {
			env->rand(env->ctx, extra, sizeof(extra));
			extra_len = sizeof(extra);
		} else if (tries) {
			/*
			 * r or s was 0 (probability ~2^-224): plain RFC 6979
			 * would take its next candidate; we vary k' instead.
			 */
			memset(extra, 0, sizeof(extra));
			extra[0] = (u8)tries;
			extra_len = 1;
		}
		ret = ncr_rfc6979_nonce(hash_id, w.qb, w.qlen, w.qbits, xb, w.qlen, digest, dlen,
					extra_len ? extra : NULL, extra_len, kb);
		if (ret)
			goto out;
		ncr_bn_decode_be(kk, w.nq, kb, w.qlen);
		/* r = (g^k mod p) mod q */
		ncr_bn_mod_exp(tmp, g, kk, w.qbits, w.p, w.np, w.p0i, w.rrp, w.t);
		ncr_dl_mod_q(&w, r, tmp, w.np);
		/* s = k^-1 (h + x r) mod q */
		mul_q(&w, s, x, r);
		add_q(&w, s, s, h);
		ncr_bn_mod_inv_prime(kk, kk, w.q, w.nq, w.q0i, w.rrq, w.t);
		mul_q(&w, s, s, kk);
		/* r, s are the public output: branching on zero is fine */
		NCR_DL_PUBLIC(r, w.nq * sizeof(ncr_limb));
		NCR_DL_PUBLIC(s, w.nq * sizeof(ncr_limb));
		if (!ncr_bn_is_zero(r, w.nq) && !ncr_bn_is_zero(s, w.nq)) {
			ncr_bn_encode_be(sig, w.qlen, r, w.nq);
			ncr_bn_encode_be(sig + w.qlen, w.qlen, s, w.nq);
			ret = 0;
			goto out;
		}
	}
	ret = -EINVAL;	/* never: 8 zero results in a row */
out:
	ncr_wipe(kb, sizeof(kb));
	ncr_wipe(xb, sizeof(xb));
	ncr_wipe(extra, sizeof(extra));
	ncr_dl_ws_done(&w);
	return ret;
}

static u32 limb_bit(const ncr_limb *a, size_t i)
{
	return (u32)(a[i / NCR_LIMB_BITS] >> (i % NCR_LIMB_BITS)) & 1;
}

/*
 * acc = G^e1 Y^e2 mod p by simultaneous square-and-multiply (Shamir's
 * trick) for verification: every input is public, so this branches on
 * exponent bits.  G and Y (np limbs, < p) are turned into Montgomery form
 * in place; GY is a temporary.
 */
static void dl_exp2(struct ncr_dl_ws *w, ncr_limb *acc, ncr_limb *G, const ncr_limb *e1,
		    ncr_limb *Y, const ncr_limb *e2, size_t ebits, ncr_limb *GY)
{
	size_t i, n = w->np;
	u32 b;

	ncr_bn_to_mont(G, G, w->p, n, w->p0i, w->rrp, w->t);
	ncr_bn_to_mont(Y, Y, w->p, n, w->p0i, w->rrp, w->t);
	ncr_bn_mont_mul(GY, G, Y, w->p, n, w->p0i, w->t);
	ncr_bn_set_u32(acc, n, 1);
	ncr_bn_to_mont(acc, acc, w->p, n, w->p0i, w->rrp, w->t);
	for (i = ebits; i-- > 0;) {
		ncr_bn_mont_sqr(acc, acc, w->p, n, w->p0i, w->t);
		b = limb_bit(e1, i) | limb_bit(e2, i) << 1;
		if (b == 1)
			ncr_bn_mont_mul(acc, acc, G, w->p, n, w->p0i, w->t);
		else if (b == 2)
			ncr_bn_mont_mul(acc, acc, Y, w->p, n, w->p0i, w->t);
		else if (b == 3)
			ncr_bn_mont_mul(acc, acc, GY, w->p, n, w->p0i, w->t);
	}
	ncr_bn_from_mont(acc, acc, w->p, n, w->p0i, w->t);
}

int ncr_dsa_verify(const struct ncr_dl_parts *k, const u8 *digest, size_t dlen,
		   const u8 *sig, size_t sig_len, void *scratch)
{
	struct ncr_dl_ws w;
	ncr_limb *g, *y, *h, *r, *s, *a, *b;
	u32 ok;
	int ret;

	if (!digest || !sig)
		return -EINVAL;
	ret = ncr_dl_ws_init(&w, k, scratch);
	if (!ret)
		ret = dsa_check_ws(&w, k, 1, 0, NULL);
	if (ret)
		goto out;
	g = w.v[0];
	y = w.v[1];
	h = w.v[2];
	r = w.v[3];
	s = w.v[4];
	a = w.v[5];
	b = w.v[6];
	/* 1 < y < p */
	ret = -EINVAL;
	if (!k->y.len || !ncr_dl_decode(y, w.np, &k->y))
		goto out;
	ncr_bn_set_u32(a, w.np, 1);
	if (!(ncr_bn_lt(a, y, w.np) & ncr_bn_lt(y, w.p, w.np)))
		goto out;
	ret = -EBADMSG;
	if (sig_len != 2 * w.qlen)
		goto out;
	ncr_bn_decode_be(r, w.nq, sig, w.qlen);
	ncr_bn_decode_be(s, w.nq, sig + w.qlen, w.qlen);
	ok = ncr_bn_lt(r, w.q, w.nq) & (ncr_bn_is_zero(r, w.nq) ^ 1);
	ok &= ncr_bn_lt(s, w.q, w.nq) & (ncr_bn_is_zero(s, w.nq) ^ 1);
	if (!ok)
		goto out;
	dsa_digest(&w, h, digest, dlen);
	/* w = s^-1; u1 = h w, u2 = r w (mod q) */
	ncr_bn_mod_inv_prime(s, s, w.q, w.nq, w.q0i, w.rrq, w.t);
	mul_q(&w, h, h, s);
	mul_q(&w, s, r, s);
	/* v = (g^u1 y^u2 mod p) mod q */
	dl_exp2(&w, a, g, h, y, s, w.qbits, b);
	ncr_dl_mod_q(&w, b, a, w.np);
	ret = ncr_bn_eq(b, r, w.nq) ? 0 : -EBADMSG;
out:
	ncr_dl_ws_done(&w);
	return ret;
}
