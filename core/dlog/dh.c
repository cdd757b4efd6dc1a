// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * dh.c - finite-field Diffie-Hellman (PKCS #3; RFC 7919 groups; key sizes
 * and checks of NIST SP 800-56A rev 3).
 *
 * The private x and the shared secret only pass through bn.h's
 * constant-time modexp and masked comparisons.  The exponent length is the
 * byte length of the x buffer (public).  Peer values, p, q, g and y are
 * public; branching on their validity is fine.  Yields (through env) come
 * at fixed points of the exponentiations: they depend on lengths only.
 *
 * Parameters from outside go through ncr_dh_check_params_full once (at
 * import or key generation): primality of p and q (safe primes for PKCS #3
 * params, whose q is then kept), so that the only subgroups a peer value
 * can fall into are those the peer check excludes.
 */
#include "ncr_core.h"
#include "ct.h"
#include "bn/bn.h"
#include "bn/prime.h"
#include "dsa.h"

/* 1 < v < p - 1 for the np-limb v (public).  Uses v[5]. */
static u32 dh_range(struct ncr_dl_ws *w, const ncr_limb *v)
{
	ncr_limb *lim = w->v[5];
	u32 ok;

	ncr_bn_set_u32(lim, w->np, 1);
	ok = ncr_bn_lt(lim, v, w->np);
	memcpy(lim, w->p, w->np * sizeof(ncr_limb));
	lim[0] ^= 1;	/* p - 1 (p odd) */
	ok &= ncr_bn_lt(v, lim, w->np);
	ncr_bn_zero(lim, w->np);
	return ok;
}

/*
 * 1 if q = (p-1)/2: a safe-prime group (if p is prime, which validated
 * params guarantee), whose order-q subgroup is the quadratic residues:
 * membership is then a Legendre symbol.  Uses v[5].
 */
static u32 dh_safe_shape(struct ncr_dl_ws *w)
{
	ncr_limb *t = w->v[5];
	u32 ok;

	if (!w->qbits || w->qbits != w->pbits - 1)
		return 0;
	ncr_bn_zero(t, w->np);
	memcpy(t, w->q, w->nq * sizeof(ncr_limb));
	ncr_bn_lshift(t, t, w->np, 1);
	t[0] |= 1;
	ok = ncr_bn_eq(t, w->p, w->np);
	ncr_bn_zero(t, w->np);
	return ok;
}

/*
 * The Jacobi symbol (a | n) for odd n, binary algorithm; a and n (len
 * limbs, a < n) are destroyed.  Public values only: variable time.
 */
static int dh_jacobi(ncr_limb *a, ncr_limb *n, size_t len)
{
	int t = 1;
	size_t z;

	while (!ncr_bn_is_zero(a, len)) {
		for (z = 0; !((a[z / NCR_LIMB_BITS] >> (z % NCR_LIMB_BITS)) & 1); z++)
			;
		if (z) {
			ncr_bn_rshift(a, a, len, (unsigned int)z);
			/* (2 | n) = -1 for n = 3, 5 mod 8 */
			if ((z & 1) && ((n[0] & 7) == 3 || (n[0] & 7) == 5))
				t = -t;
		}
		if (ncr_bn_lt(a, n, len)) {
			ncr_bn_cond_swap(a, n, len, 1);
			/* quadratic reciprocity for odd a, n */
			if ((a[0] & 3) == 3 && (n[0] & 3) == 3)
				t = -t;
		}
		ncr_bn_sub(a, a, n, len);	/* (a | n) = (a - n | n) */
	}
	n[0] ^= 1;	/* n == 1? */
	return ncr_bn_is_zero(n, len) ? t : 0;
}

/* (v | p) for the np-limb v < p, p odd (public values).  Uses v[6], v[7]. */
static int dh_legendre(struct ncr_dl_ws *w, const ncr_limb *v)
{
	memcpy(w->v[6], v, w->np * sizeof(ncr_limb));
	memcpy(w->v[7], w->p, w->np * sizeof(ncr_limb));
	return dh_jacobi(w->v[6], w->v[7], w->np);
}

/*
 * 0 if v (np limbs, public) is in the order-q subgroup: y^q == 1, for a
 * safe-prime group the equivalent (v | p) = 1 (Euler's criterion, p
 * prime); -EINVAL if not, -EINTR.  Uses v[5..7].
 */
static int dh_in_subgroup(struct ncr_dl_ws *w, const ncr_limb *v, const struct ncr_env *env)
{
	int r;

	if (dh_safe_shape(w))
		return dh_legendre(w, v) == 1 ? 0 : -EINVAL;
	r = ncr_dl_order_q(w, v, env);
	return r < 0 ? r : r ? 0 : -EINVAL;
}

/* Params in an initialised ws; g decoded into v[0]. */
static int dh_check_ws(struct ncr_dl_ws *w, const struct ncr_dl_parts *k,
		       const struct ncr_env *env)
{
	ncr_limb *g = w->v[0];

	if (w->pbits < 1024 || w->pbits > NCR_DL_MAX_PBITS)
		return -EINVAL;
	if (!k->g.len || !ncr_dl_decode(g, w->np, &k->g) || !dh_range(w, g))
		return -EINVAL;
	if (!w->qbits)
		return 0;
	if (dh_safe_shape(w)) {
		if (ncr_dh_ffdhe_bits(k))
			return 0;	/* RFC 7919: g = 2 is a residue */
	} else if (!ncr_dl_q_divides(w)) {
		return -EINVAL;
	}
	return dh_in_subgroup(w, g, env);
}

int ncr_dh_check_params(const struct ncr_dl_parts *k, void *scratch)
{
	struct ncr_dl_ws w;
	int ret;

	ret = ncr_dl_ws_init(&w, k, scratch);
	if (!ret)
		ret = dh_check_ws(&w, k, NULL);
	ncr_dl_ws_done(&w);
	return ret;
}

/*
 * p = 2q + 1 in ws: q prime (the test for chosen numbers), and then p
 * prime by Pocklington's criterion: q prime, q > sqrt(p) - 1,
 * 2^(p-1) == 1 mod p and gcd(2^((p-1)/q) - 1, p) = gcd(3, p) = 1 (trial
 * division) prove it.  Uses v[1..3].  0, -EINVAL, -EINTR.
 */
static int dh_safe_prime(struct ncr_dl_ws *w, const struct ncr_env *env)
{
	ncr_limb *two = w->v[1], *e = w->v[2], *r = w->v[3];
	int ret;

	/* the cheap sieve of both first: no factor below 2048 */
	if (!ncr_prime_trial(w->p, w->np) || !ncr_prime_trial(w->q, w->nq))
		return -EINVAL;
	/* Fermat to the base 2: one exponentiation refuses almost any composite p */
	ncr_bn_set_u32(two, w->np, 2);
	memcpy(e, w->p, w->np * sizeof(ncr_limb));
	e[0] ^= 1;	/* p - 1 */
	ret = ncr_bn_mod_exp_env(r, two, e, w->pbits, w->p, w->np, w->p0i, w->rrp, w->t, env);
	if (ret)
		return ret;
	ncr_bn_set_u32(two, w->np, 1);
	if (!ncr_bn_eq(r, two, w->np))
		return -EINVAL;
	ret = ncr_prime_test_untrusted(w->q, w->nq, ncr_prime_mr_rounds(w->qbits), env, w->t);
	return ret == 1 ? 0 : ret < 0 ? ret : -EINVAL;
}

/* Smallest q of a non-safe-prime group: 2 * 112 bits (SP 800-56A). */
#define DH_MIN_QBITS	224

int ncr_dh_check_params_full(const struct ncr_dl_parts *k, const struct ncr_env *env,
			     u8 *q_out, size_t *q_len, void *scratch)
{
	struct ncr_dl_ws w;
	ncr_limb *g;
	size_t room = 0;
	u32 derived = 0;
	int ret;

	if (q_len) {
		room = *q_len;
		*q_len = 0;
	}
	if (!env || !env->rand || (q_out && !q_len))
		return -EINVAL;
	ret = ncr_dl_ws_init(&w, k, scratch);
	if (ret)
		goto out;
	g = w.v[0];
	ret = -EINVAL;
	if (w.pbits < 1024 || w.pbits > NCR_DL_MAX_PBITS)
		goto out;
	if (!k->g.len || !ncr_dl_decode(g, w.np, &k->g) || !dh_range(&w, g))
		goto out;
	if (!w.qbits) {
		/* PKCS #3: a safe prime or nothing; q = (p - 1) / 2 */
		if (ncr_dl_ws_half_q(&w))
			goto out;
		derived = 1;
		if (q_out && room < w.qlen)
			goto out;
	}
	if (dh_safe_shape(&w)) {
		/* RFC 7919 (g = 2, q the group's): known safe primes */
		if (!ncr_dh_ffdhe_bits(k)) {
			ret = dh_safe_prime(&w, env);
			if (ret)
				goto out;
		}
		/* g^q == 1 as (g | p) = 1, now that p is known to be prime */
		ret = dh_legendre(&w, g) == 1 ? 0 : -EINVAL;
	} else {
		if (w.qbits < DH_MIN_QBITS || !ncr_dl_q_divides(&w))
			goto out;
		ret = ncr_prime_test_untrusted(w.q, w.nq, ncr_prime_mr_rounds(w.qbits), env, w.t);
		if (ret == 1)
			ret = ncr_prime_test_untrusted(w.p, w.np, ncr_prime_mr_rounds(w.pbits), env,
						       w.t);
		if (ret == 1)
			ret = dh_in_subgroup(&w, g, env);
		else if (!ret)
			ret = -EINVAL;
	}
	if (!ret && derived && q_out) {
		ncr_bn_encode_be(q_out, w.qlen, w.q, w.nq);
		*q_len = w.qlen;
	}
out:
	ncr_dl_ws_done(&w);
	return ret;
}

int ncr_dh_q_is_half(const struct ncr_dl_parts *k)
{
	const u8 *p, *q;
	size_t plen, qlen, i;
	u32 pbits, qbits;
	u8 h;

	/* public values: plain byte comparisons of q with p >> 1 */
	if (!k->p.p || !k->q.p)
		return 0;
	pbits = ncr_dl_bits(k->p.p, k->p.len, &p, &plen);
	qbits = ncr_dl_bits(k->q.p, k->q.len, &q, &qlen);
	if (pbits < 3 || pbits > NCR_DL_MAX_PBITS || qbits != pbits - 1 || !(p[plen - 1] & 1))
		return 0;
	for (i = 0; i < qlen; i++) {
		/* byte i from the end of p >> 1 */
		h = (u8)(p[plen - 1 - i] >> 1);
		if (i + 1 < plen)
			h |= (u8)(p[plen - 2 - i] << 7);
		if (h != q[qlen - 1 - i])
			return 0;
	}
	return 1;
}

/* SP 800-57 part 1 table 2 / SP 800-56A rev 3 table 26: strength of p. */
static u32 dh_strength(u32 pbits)
{
	if (pbits < 3072)
		return 112;
	if (pbits < 4096)
		return 128;
	if (pbits < 6144)
		return 152;
	if (pbits < 8192)
		return 176;
	return 200;
}

int ncr_dh_generate(const struct ncr_dl_parts *k, const struct ncr_env *env, u8 *x,
		    size_t *x_len, u8 *y, void *scratch)
{
	struct ncr_dl_ws w;
	ncr_limb *xv, *yv;
	size_t xbits, xlen;
	int ret;

	if (!env || !env->rand || !x || !x_len || !y)
		return -EINVAL;
	ret = ncr_dl_ws_init(&w, k, scratch);
	if (!ret)
		ret = dh_check_ws(&w, k, env);
	if (!ret && w.pbits < 2048)
		ret = -EINVAL;
	if (ret)
		goto out;
	xv = w.v[1];
	yv = w.v[2];
	if (w.qbits && w.qbits != w.pbits - 1) {
		/* FIPS 186-type group, SP 800-56A 5.6.1.1.3: x uniform in [1, q-1] */
		ncr_dl_random_below_q(&w, env, xv);
		xbits = w.qbits;
		xlen = w.qlen;
	} else if (w.qbits) {
		/*
		 * q = (p-1)/2 in size (safe-prime groups such as RFC 7919's): SP 800-56A
		 * 5.6.1.1.4 with N = 2s, M = min(2^N, q) = 2^N: x uniform in
		 * [1, 2^N - 1], N = 2s bits, as RFC 7919 section 5.2 and
		 * OpenSSL do; a full-size x would cost 9x the time for no
		 * security gain.
		 */
		ncr_limb *m = w.v[4];

		xbits = 2 * dh_strength(w.pbits);
		xlen = xbits / 8;
		ncr_bn_zero(m, NCR_BN_LIMBS(xbits + 1));
		m[xbits / NCR_LIMB_BITS] = (ncr_limb)1 << (xbits % NCR_LIMB_BITS);
		ncr_bn_zero(xv, w.np);
		ncr_dl_random_below(&w, env, xv, m, NCR_BN_LIMBS(xbits + 1), (u32)xbits);
	} else {
		/* PKCS #3: 2^(l-1) <= x < 2^l with l = 2s (all multiples of 8) */
		u8 *buf = (u8 *)w.v[3];

		xbits = 2 * dh_strength(w.pbits);
		xlen = xbits / 8;
		env->rand(env->ctx, buf, xlen);
		buf[0] |= 0x80;
		ncr_bn_decode_be(xv, NCR_BN_LIMBS(xbits), buf, xlen);
	}
	ret = ncr_bn_mod_exp_env(yv, w.v[0], xv, xbits, w.p, w.np, w.p0i, w.rrp, w.t, env);
	if (ret)
		goto out;
	ncr_bn_encode_be(x, xlen, xv, NCR_BN_LIMBS(xbits));
	ncr_bn_encode_be(y, w.plen, yv, w.np);
	*x_len = xlen;
out:
	ncr_dl_ws_done(&w);
	return ret;
}

/*
 * Peer value into v[1] and checked (SP 800-56A 5.6.2.3.1): 1 < y < p - 1,
 * and y^q == 1 when q is known; for safe-prime groups the latter is
 * Euler's criterion, so the Legendre symbol (y | p) = 1 is computed instead
 * (binary Jacobi, a fraction of a modexp).  Uses v[1], v[5..7].
 */
static int dh_public_ws(struct ncr_dl_ws *w, const u8 *y, size_t ylen,
			const struct ncr_env *env)
{
	ncr_limb *yv = w->v[1];

	if (!y || !ylen || !ncr_bn_decode_be(yv, w->np, y, ylen) || !dh_range(w, yv))
		return -EINVAL;
	if (!w->qbits)
		return 0;
	return dh_in_subgroup(w, yv, env);
}

int ncr_dh_check_public(const struct ncr_dl_parts *k, const u8 *y, size_t ylen, void *scratch)
{
	return ncr_dh_check_public_env(k, y, ylen, NULL, scratch);
}

int ncr_dh_check_public_env(const struct ncr_dl_parts *k, const u8 *y, size_t ylen,
			    const struct ncr_env *env, void *scratch)
{
	struct ncr_dl_ws w;
	int ret;

	ret = ncr_dl_ws_init(&w, k, scratch);
	if (!ret)
		ret = dh_public_ws(&w, y, ylen, env);
	ncr_dl_ws_done(&w);
	return ret;
}

int ncr_dh_derive(const struct ncr_dl_parts *k, const u8 *peer, size_t peer_len,
		  u8 *secret, void *scratch)
{
	return ncr_dh_derive_env(k, peer, peer_len, NULL, secret, scratch);
}

int ncr_dh_derive_env(const struct ncr_dl_parts *k, const u8 *peer, size_t peer_len,
		      const struct ncr_env *env, u8 *secret, void *scratch)
{
	struct ncr_dl_ws w;
	ncr_limb *x, *z, *one;
	size_t ebits;
	u32 ok;
	int ret;

	if (!secret)
		return -EINVAL;
	ret = ncr_dl_ws_init(&w, k, scratch);
	if (!ret)
		ret = dh_public_ws(&w, peer, peer_len, env);
	if (ret)
		goto out;
	x = w.v[2];
	z = w.v[3];
	one = w.v[4];
	ret = -EINVAL;
	ok = k->x.len && ncr_dl_decode(x, w.np, &k->x);	/* a length check only */
	NCR_DL_PUBLIC(&ok, sizeof(ok));
	if (!ok)
		goto out;
	ebits = 8 * k->x.len;
	if (ebits > w.np * NCR_LIMB_BITS)
		ebits = w.np * NCR_LIMB_BITS;
	/* the yields are at fixed windows: -EINTR says nothing about x */
	ret = ncr_bn_mod_exp_env(z, w.v[1], x, ebits, w.p, w.np, w.p0i, w.rrp, w.t, env);
	if (ret)
		goto out;
	ret = -EINVAL;
	ncr_bn_set_u32(one, w.np, 1);
	/*
	 * z == 1 only for a peer of small order or x a multiple of its order:
	 * refused (SP 800-56A 5.7.1.1); the branch reveals that one fact.
	 */
	ok = ncr_bn_eq(z, one, w.np);
	NCR_DL_PUBLIC(&ok, sizeof(ok));
	if (ok)
		goto out;
	ncr_bn_encode_be(secret, w.plen, z, w.np);
	ret = 0;
out:
	ncr_dl_ws_done(&w);
	return ret;
}
