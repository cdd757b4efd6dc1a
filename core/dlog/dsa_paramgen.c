// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * dsa_paramgen.c - DSA domain parameters, FIPS 186-4 appendix A.1.1.2
 * (p and q probable primes from a SHA-256 seed, seedlen = N) and A.2.1
 * (unverifiable g = h^((p-1)/q) for h = 2, 3, ...).
 *
 * Everything here ends up public (p, q, g, even the seed may be
 * published), so this file branches freely on values.  What it must do is
 * yield often: one candidate p is a few SHA-256 calls plus a prime test,
 * and the prime test yields itself.
 */
#include "ncr_core.h"
#include "ct.h"
#include "bn/bn.h"
#include "hash/hash.h"
#include "bn/prime.h"
#include "dsa.h"

#define OUTLEN	32	/* SHA-256 */

/* seed (len bytes, big-endian) += v mod 2^(8 len) into out. */
static void seed_add(u8 *out, const u8 *seed, size_t len, u32 v)
{
	size_t i = len;
	u32 c = v;

	while (i--) {
		c += seed[i];
		out[i] = (u8)c;
		c >>= 8;
	}
}

static int bit_at(const ncr_limb *a, size_t i)
{
	return (int)((a[i / NCR_LIMB_BITS] >> (i % NCR_LIMB_BITS)) & 1);
}

/* a <<= 1 over n limbs, bit in at the bottom (public values). */
static void shl1(ncr_limb *a, size_t n, int in)
{
	ncr_limb c = (ncr_limb)in, nc;
	size_t i;

	for (i = 0; i < n; i++) {
		nc = a[i] >> (NCR_LIMB_BITS - 1);
		a[i] = (a[i] << 1) | c;
		c = nc;
	}
}

/*
 * e = (p - 1) / q by binary long division (public values; p and q of the
 * ws).  e in v[2], remainder in v[3]; uses v[4].
 */
static void div_pm1_q(struct ncr_dl_ws *w, ncr_limb *e)
{
	ncr_limb *rem = w->v[3], *pm1 = w->v[4], *qq = w->v[5];
	size_t n = w->np, i;
	u32 ge;

	memcpy(pm1, w->p, n * sizeof(ncr_limb));
	pm1[0] ^= 1;
	ncr_bn_zero(qq, n);
	memcpy(qq, w->q, w->nq * sizeof(ncr_limb));
	ncr_bn_zero(rem, n);
	ncr_bn_zero(e, n);
	for (i = w->pbits; i-- > 0;) {
		/* rem < q < 2^(32 n - 1): the shift cannot overflow */
		shl1(rem, n, bit_at(pm1, i));
		ge = ncr_bn_lt(rem, qq, n) ^ 1;
		ncr_bn_cond_sub(rem, qq, n, ge);
		e[i / NCR_LIMB_BITS] |= (ncr_limb)ge << (i % NCR_LIMB_BITS);
	}
}

/* Is the odd n-limb w a probable prime?  1 / 0 / -EINTR. */
static int is_prime(const ncr_limb *v, size_t n, u32 bits, const struct ncr_env *env,
		    ncr_limb *t)
{
	return ncr_prime_test(v, n, ncr_prime_mr_rounds(bits), env, t);
}

int ncr_dsa_paramgen_seed(u32 L, u32 N, const struct ncr_env *env, u8 *p, u8 *q, u8 *g,
			  u8 *seed_out, u32 *counter_out, void *scratch)
{
	struct ncr_dl_ws w;
	u8 seed[32], s2[32], dig[OUTLEN];
	u8 *xb;
	ncr_limb *X, *c, *e, *one;
	size_t plen = L / 8, qlen = N / 8, nblk, j, pos;
	u32 offset, counter, hv;
	int ret, pr;

	if (!((L == 2048 && (N == 224 || N == 256)) || (L == 3072 && N == 256)))
		return -EINVAL;
	if (!env || !env->rand || !p || !q || !g || !scratch)
		return -EINVAL;
	/* n = ceil(L / outlen) - 1 blocks above V_0; b = L - 1 - n * outlen */
	nblk = (L + 8 * OUTLEN - 1) / (8 * OUTLEN) - 1;
	/* a ws sized for L-bit p (p's value is filled in later) */
	memset(p, 0xff, plen);
	ret = ncr_dl_ws_init_raw(&w, p, plen, NULL, 0, scratch);
	if (ret)
		return ret;
	w.qbits = N;
	w.nq = NCR_BN_LIMBS(N);
	w.qlen = qlen;
	w.qb = q;
	X = w.v[0];
	c = w.v[1];
	e = w.v[2];
	one = w.v[6];
	xb = (u8 *)w.v[3];	/* L/8 bytes of X, big-endian */
	for (;;) {
		/* A.1.1.2 steps 5-9: q from a fresh seed */
		ret = ncr_env_yield(env);
		if (ret)
			goto out;
		env->rand(env->ctx, seed, qlen);
		ncr_hash(NCR_HASH_SHA256, seed, qlen, dig);
		/* U = Hash(seed) mod 2^(N-1); q = 2^(N-1) + U + 1 - (U mod 2) */
		memcpy(q, dig + OUTLEN - qlen, qlen);
		q[0] |= 0x80;
		q[qlen - 1] |= 1;
		ncr_bn_decode_be(w.q, w.nq, q, qlen);
		pr = is_prime(w.q, w.nq, N, env, w.t);
		if (pr < 0) {
			ret = pr;
			goto out;
		}
		if (pr != 1)
			continue;
		w.q0i = ncr_bn_mont_m0i(w.q[0]);
		ncr_bn_mont_rr(w.rrq, w.q, w.nq);
		/* steps 10-15: up to 4L candidates p */
		offset = 1;
		for (counter = 0; counter < 4 * L; counter++, offset += (u32)nblk + 1) {
			ret = ncr_env_yield(env);
			if (ret)
				goto out;
			/* W = sum V_j 2^(j outlen), V_n mod 2^b; X = W + 2^(L-1) */
			for (j = 0; j <= nblk; j++) {
				seed_add(s2, seed, qlen, offset + (u32)j);
				ncr_hash(NCR_HASH_SHA256, s2, qlen, dig);
				if (plen >= (j + 1) * OUTLEN) {
					pos = plen - (j + 1) * OUTLEN;
					memcpy(xb + pos, dig, OUTLEN);
				} else {
					hv = (u32)((j + 1) * OUTLEN - plen);
					memcpy(xb, dig + hv, OUTLEN - hv);
				}
			}
			xb[0] |= 0x80;
			ncr_bn_decode_be(X, w.np, xb, plen);
			/* c = X mod 2q: from X mod q and the parity of X */
			ncr_bn_zero(c, w.np);
			ncr_dl_mod_q(&w, c, X, w.np);
			ncr_bn_zero(e, w.np);
			memcpy(e, w.q, w.nq * sizeof(ncr_limb));
			ncr_bn_cond_add(c, e, w.np, (u32)((c[0] ^ X[0]) & 1));
			/* p = X - (c - 1) */
			ncr_bn_sub(X, X, c, w.np);
			ncr_bn_set_u32(one, w.np, 1);
			ncr_bn_add(X, X, one, w.np);
			if (!bit_at(X, L - 1))
				continue;
			pr = is_prime(X, w.np, L, env, w.t);
			if (pr < 0) {
				ret = pr;
				goto out;
			}
			if (pr == 1)
				goto found;
		}
	}
found:
	ncr_bn_encode_be(p, plen, X, w.np);
	memcpy(w.p, X, w.np * sizeof(ncr_limb));
	w.p0i = ncr_bn_mont_m0i(w.p[0]);
	ncr_bn_mont_rr(w.rrp, w.p, w.np);
	if (seed_out)
		memcpy(seed_out, seed, qlen);
	if (counter_out)
		*counter_out = counter;
	/* A.2.1: e = (p-1)/q; g = h^e mod p for h = 2, 3, ... until g != 1 */
	div_pm1_q(&w, e);
	ncr_bn_set_u32(one, w.np, 1);
	for (hv = 2;; hv++) {
		ncr_bn_set_u32(c, w.np, hv);
		ncr_bn_mod_exp(X, c, e, L, w.p, w.np, w.p0i, w.rrp, w.t);
		if (!ncr_bn_eq(X, one, w.np))
			break;
	}
	ncr_bn_encode_be(g, plen, X, w.np);
	ret = 0;
out:
	if (ret) {
		ncr_wipe(p, plen);
		ncr_wipe(q, qlen);
		ncr_wipe(g, plen);
	}
	ncr_wipe(seed, sizeof(seed));
	ncr_wipe(s2, sizeof(s2));
	ncr_wipe(dig, sizeof(dig));
	ncr_dl_ws_done(&w);
	return ret;
}

int ncr_dsa_paramgen(u32 L, u32 N, const struct ncr_env *env, u8 *p, u8 *q, u8 *g,
		     void *scratch)
{
	return ncr_dsa_paramgen_seed(L, N, env, p, q, g, NULL, NULL, scratch);
}
