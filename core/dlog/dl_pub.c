// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * dl_pub.c - y = g^x mod p (see dl_pub.h).
 */
#include "dl_pub.h"
#include "bn/bn.h"
#include "ct.h"

#define DL_PUB_MAX_BITS	8192

/* Limbs: p, g, x, y, rr, then the exponentiation's scratch. */
static size_t dl_pub_limbs(size_t n)
{
	return 5 * n + NCR_BN_MODEXP_SCRATCH(n);
}

size_t ncr_dl_pub_scratch_size(u32 pbits)
{
	return dl_pub_limbs(NCR_BN_LIMBS(pbits)) * sizeof(ncr_limb);
}

int ncr_dl_public_from_private(const struct ncr_dl_parts *k, u8 *y,
			       void *scratch)
{
	return ncr_dl_public_from_private_env(k, NULL, y, scratch);
}

int ncr_dl_public_from_private_env(const struct ncr_dl_parts *k,
				   const struct ncr_env *env, u8 *y,
				   void *scratch)
{
	struct ncr_bytes p = ncr_bytes_trim(k->p), g = ncr_bytes_trim(k->g);
	struct ncr_bytes x = ncr_bytes_trim(k->x);
	ncr_limb *lp, *lg, *lx, *ly, *rr, *t, m0i;
	size_t n, pbits;
	u32 ok;
	int ret = 0;

	if (!scratch || !p.len || p.len * 8 > DL_PUB_MAX_BITS || !(p.p[p.len - 1] & 1) ||
	    !g.len || g.len > p.len || !x.len || x.len > p.len)
		return -EINVAL;
	pbits = 8 * p.len;	/* the limbs of (bits(p) + 7) / 8 bytes: as many */
	n = NCR_BN_LIMBS(pbits);
	lp = scratch;
	lg = lp + n;
	lx = lg + n;
	ly = lx + n;
	rr = ly + n;
	t = rr + n;
	ncr_bn_decode_be(lp, n, p.p, p.len);
	ncr_bn_decode_be(lg, n, g.p, g.len);
	ncr_bn_decode_be(lx, n, x.p, x.len);
	/* 1 < g < p: public values */
	ok = ncr_bn_lt(lg, lp, n);
	ncr_bn_set_u32(ly, n, 1);
	ok &= ncr_bn_lt(ly, lg, n);
	if (ok) {
		m0i = ncr_bn_mont_m0i(lp[0]);
		ncr_bn_mont_rr(rr, lp, n);
		ret = ncr_bn_mod_exp_env(ly, lg, lx, 8 * x.len, lp, n, m0i, rr, t,
					 env);
		if (!ret)
			ncr_bn_encode_be(y, p.len, ly, n);
	}
	ncr_wipe(lp, dl_pub_limbs(n) * sizeof(ncr_limb));
	return ret ? ret : ok ? 0 : -EINVAL;
}
