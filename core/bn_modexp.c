// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * bn_modexp.c - constant-time modular exponentiation with fixed 4-bit
 * windows, and inversion modulo a prime by Fermat (see bn.h).
 *
 * Constant time: the number of squarings and multiplications depends only
 * on the exponent's bit length ebits and the limb count n, which may leak.
 * The exponent's bits choose a table entry only through masks: every entry
 * is read for every window, so no memory index depends on a secret.  The
 * base, exponent and modulus do not leak.
 */
#include "bn.h"
#include "ct.h"

/* The w-th 4-bit window of e (bits 4w .. 4w+3, those >= ebits as 0). */
static u32 window(const u32 *e, size_t ebits, size_t w)
{
	size_t bit = w * NCR_BN_WINDOW;
	u32 v = e[bit / 32] >> (bit % 32);	/* windows never straddle limbs */

	if (ebits - bit < NCR_BN_WINDOW)	/* public: the top window */
		v &= (1u << (ebits - bit)) - 1;
	return v & (NCR_BN_TABLE - 1);
}

void ncr_bn_mod_exp(u32 *r, const u32 *a, const u32 *e, size_t ebits,
		    const u32 *m, size_t n, u32 m0i, const u32 *rr, u32 *t)
{
	u32 *tab = t, *acc = t + NCR_BN_TABLE * n, *sel = acc + n;
	u32 *mt = sel + n;
	size_t i, j, k, w;

	/* tab[k] = a^k in Montgomery form; tab[0] = R mod m. */
	ncr_bn_set_u32(sel, n, 1);
	ncr_bn_to_mont(tab, sel, m, n, m0i, rr, mt);
	ncr_bn_to_mont(tab + n, a, m, n, m0i, rr, mt);
	for (k = 2; k < NCR_BN_TABLE; k++)
		ncr_bn_mont_mul(tab + k * n, tab + (k - 1) * n, tab + n, m, n,
				m0i, mt);

	memcpy(acc, tab, n * sizeof(*acc));
	w = (ebits + NCR_BN_WINDOW - 1) / NCR_BN_WINDOW;
	for (i = w; i-- > 0;) {
		u32 win = window(e, ebits, i);

		if (i != w - 1)		/* public: acc is still 1 at the top */
			for (k = 0; k < NCR_BN_WINDOW; k++)
				ncr_bn_mont_mul(acc, acc, acc, m, n, m0i, mt);
		/* sel = tab[win], reading every entry */
		memset(sel, 0, n * sizeof(*sel));
		for (k = 0; k < NCR_BN_TABLE; k++) {
			u32 mask = ncr_ct_mask(ncr_ct_eq((u32)k, win));

			for (j = 0; j < n; j++)
				sel[j] |= tab[k * n + j] & mask;
		}
		ncr_bn_mont_mul(acc, acc, sel, m, n, m0i, mt);
	}
	ncr_bn_from_mont(r, acc, m, n, m0i, mt);
}

void ncr_bn_mod_inv_prime(u32 *r, const u32 *a, const u32 *p, size_t n,
			  u32 m0i, const u32 *rr, u32 *t)
{
	u32 *e = t, *two = t + n;	/* two: borrowed from the modexp scratch */

	ncr_bn_set_u32(two, n, 2);
	ncr_bn_sub(e, p, two, n);
	ncr_bn_mod_exp(r, a, e, 32 * n, p, n, m0i, rr, t + n);
}
