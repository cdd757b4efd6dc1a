// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * bn_modexp.c - constant-time modular exponentiation with fixed windows,
 * and inversion modulo a prime by Fermat (see bn.h).
 *
 * Constant time: the window width, the number of squarings and
 * multiplications depend only on the exponent's bit length ebits and the
 * limb count n, which may leak.  The exponent's bits choose a table entry
 * only through masks: every entry is read for every window, so no memory
 * index depends on a secret.  The base, exponent and modulus do not leak.
 */
#include "bn_int.h"

/* Bits pos .. pos+w-1 of e (those >= ebits as 0); pos < ebits, all public. */
static u32 window(const ncr_limb *e, size_t ebits, size_t pos, unsigned int w)
{
	size_t li = pos / LB;
	unsigned int sh = pos % LB;
	ncr_limb v = e[li] >> sh;

	if (sh + w > LB && li + 1 < NCR_BN_LIMBS(ebits))
		v |= e[li + 1] << (LB - sh);
	if (ebits - pos < w)
		w = (unsigned int)(ebits - pos);
	return (u32)v & ((1u << w) - 1);
}

/* The window width for an exponent of ebits bits (public). */
static unsigned int window_width(size_t ebits)
{
	unsigned int w, best = 1;
	size_t cost, best_cost = (size_t)-1;

	/* table building (2^w - 2 multiplications) + one per window */
	for (w = 1; w <= NCR_BN_WINDOW; w++) {
		cost = ((size_t)1 << w) - 2 + (ebits + w - 1) / w;
		if (cost < best_cost) {
			best_cost = cost;
			best = w;
		}
	}
	return best;
}

/* sel = tab[win] of `size` entries, reading every entry under masks. */
static void select_entry(ncr_limb *sel, const ncr_limb *tab, size_t size, u32 win, size_t n)
{
	size_t j, k;

	memset(sel, 0, n * sizeof(*sel));
	for (k = 0; k < size; k++) {
		ncr_limb mask = limb_mask(ncr_ct_eq((u32)k, win));

		for (j = 0; j < n; j++)
			sel[j] |= tab[k * n + j] & mask;
	}
}

/*
 * Windows between two yields: about NCR_BN_YIELD_WORK limb products (a
 * millisecond or two), from the public n and w only.
 */
#define NCR_BN_YIELD_WORK	(1u << 19)

static size_t yield_every(size_t n, unsigned int w)
{
	size_t per = (size_t)(w + 1) * n * n;	/* w squarings, a product */

	return per >= NCR_BN_YIELD_WORK ? 1 : NCR_BN_YIELD_WORK / per;
}

int ncr_bn_mod_exp_env(ncr_limb *r, const ncr_limb *a, const ncr_limb *e, size_t ebits,
		       const ncr_limb *m, size_t n, ncr_limb m0i, const ncr_limb *rr,
		       ncr_limb *t, const struct ncr_env *env)
{
	unsigned int w = window_width(ebits);
	size_t size = (size_t)1 << w, nwin = (ebits + w - 1) / w, i, k;
	size_t every = yield_every(n, w), left = every;
	ncr_limb *tab = t, *acc = t + NCR_BN_TABLE * n, *sel = acc + n;
	ncr_limb *mt = sel + n;
	int ret = 0;

	/* tab[k] = a^k in Montgomery form; tab[0] = R mod m. */
	ncr_bn_set_u32(sel, n, 1);
	ncr_bn_to_mont(tab, sel, m, n, m0i, rr, mt);
	ncr_bn_to_mont(tab + n, a, m, n, m0i, rr, mt);
	for (k = 2; k < size; k++) {
		if (k % 2 == 0)
			ncr_bn_mont_sqr(tab + k * n, tab + k / 2 * n, m, n, m0i, mt);
		else
			ncr_bn_mont_mul(tab + k * n, tab + (k - 1) * n, tab + n, m, n,
					m0i, mt);
	}

	if (nwin == 0) {			/* public: a^0 */
		memcpy(acc, tab, n * sizeof(*acc));
	} else {
		/* the top window straight from the table, then the others */
		select_entry(acc, tab, size, window(e, ebits, (nwin - 1) * w, w), n);
		for (i = nwin - 1; i-- > 0;) {
			/* at fixed windows (n, w and ebits only): no secret */
			if (env && !--left) {
				left = every;
				ret = ncr_env_yield(env);
				if (ret)
					break;
			}
			for (k = 0; k < w; k++)
				ncr_bn_mont_sqr(acc, acc, m, n, m0i, mt);
			select_entry(sel, tab, size, window(e, ebits, i * w, w), n);
			ncr_bn_mont_mul(acc, acc, sel, m, n, m0i, mt);
		}
	}
	if (ret)
		ncr_bn_zero(r, n);
	else
		ncr_bn_from_mont(r, acc, m, n, m0i, mt);
	ncr_wipe(t, NCR_BN_MODEXP_SCRATCH(n) * sizeof(*t));
	return ret;
}

void ncr_bn_mod_exp(ncr_limb *r, const ncr_limb *a, const ncr_limb *e, size_t ebits,
		    const ncr_limb *m, size_t n, ncr_limb m0i, const ncr_limb *rr, ncr_limb *t)
{
	ncr_bn_mod_exp_env(r, a, e, ebits, m, n, m0i, rr, t, NULL);
}

void ncr_bn_mod_inv_prime(ncr_limb *r, const ncr_limb *a, const ncr_limb *p, size_t n,
			  ncr_limb m0i, const ncr_limb *rr, ncr_limb *t)
{
	ncr_limb *e = t, *two = t + n;	/* two: borrowed from the modexp scratch */

	ncr_bn_set_u32(two, n, 2);
	ncr_bn_sub(e, p, two, n);
	ncr_bn_mod_exp(r, a, e, (size_t)LB * n, p, n, m0i, rr, t + n);
	ncr_wipe(e, n * sizeof(*e));
}
