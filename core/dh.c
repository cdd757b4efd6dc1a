// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * dh.c - finite-field Diffie-Hellman (PKCS #3; RFC 7919 groups; key sizes
 * and checks of NIST SP 800-56A rev 3).
 *
 * The private x and the shared secret only pass through bn.h's
 * constant-time modexp and masked comparisons.  The exponent length is the
 * byte length of the x buffer (public).  Peer values, p, q, g and y are
 * public; branching on their validity is fine.
 */
#include "ncr_core.h"
#include "ct.h"
#include "bn.h"
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

/* Params in an initialised ws; g decoded into v[0]. */
static int dh_check_ws(struct ncr_dl_ws *w, const struct ncr_dl_parts *k)
{
	ncr_limb *g = w->v[0];

	if (w->pbits < 1024 || w->pbits > NCR_DL_MAX_PBITS)
		return -EINVAL;
	if (!k->g.len || !ncr_dl_decode(g, w->np, &k->g) || !dh_range(w, g))
		return -EINVAL;
	if (w->qbits && !(ncr_dl_q_divides(w) & ncr_dl_order_q(w, g)))
		return -EINVAL;
	return 0;
}

int ncr_dh_check_params(const struct ncr_dl_parts *k, void *scratch)
{
	struct ncr_dl_ws w;
	int ret;

	ret = ncr_dl_ws_init(&w, k, scratch);
	if (!ret)
		ret = dh_check_ws(&w, k);
	ncr_dl_ws_done(&w);
	return ret;
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
		ret = dh_check_ws(&w, k);
	if (!ret && w.pbits < 2048)
		ret = -EINVAL;
	if (ret)
		goto out;
	xv = w.v[1];
	yv = w.v[2];
	if (w.qbits) {
		ncr_dl_random_below_q(&w, env, xv);
		xbits = w.qbits;
		xlen = w.qlen;
	} else {
		/* PKCS #3: 2^(l-1) <= x < 2^l with l = 2s (all multiples of 8) */
		u8 *buf = (u8 *)w.v[3];

		xbits = 2 * dh_strength(w.pbits);
		xlen = xbits / 8;
		env->rand(env->ctx, buf, xlen);
		buf[0] |= 0x80;
		ncr_bn_decode_be(xv, NCR_BN_LIMBS(xbits), buf, xlen);
	}
	ncr_bn_mod_exp(yv, w.v[0], xv, xbits, w.p, w.np, w.p0i, w.rrp, w.t);
	ncr_bn_encode_be(x, xlen, xv, NCR_BN_LIMBS(xbits));
	ncr_bn_encode_be(y, w.plen, yv, w.np);
	*x_len = xlen;
out:
	ncr_dl_ws_done(&w);
	return ret;
}

/* Peer value into v[1] and checked. */
static int dh_public_ws(struct ncr_dl_ws *w, const u8 *y, size_t ylen)
{
	ncr_limb *yv = w->v[1];

	if (!y || !ylen || !ncr_bn_decode_be(yv, w->np, y, ylen) || !dh_range(w, yv))
		return -EINVAL;
	if (w->qbits && !ncr_dl_order_q(w, yv))
		return -EINVAL;
	return 0;
}

int ncr_dh_check_public(const struct ncr_dl_parts *k, const u8 *y, size_t ylen, void *scratch)
{
	struct ncr_dl_ws w;
	int ret;

	ret = ncr_dl_ws_init(&w, k, scratch);
	if (!ret)
		ret = dh_public_ws(&w, y, ylen);
	ncr_dl_ws_done(&w);
	return ret;
}

int ncr_dh_derive(const struct ncr_dl_parts *k, const u8 *peer, size_t peer_len,
		  u8 *secret, void *scratch)
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
		ret = dh_public_ws(&w, peer, peer_len);
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
	ncr_bn_mod_exp(z, w.v[1], x, ebits, w.p, w.np, w.p0i, w.rrp, w.t);
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
