// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * bn_inv.c - constant-time inversion modulo any odd number (see bn.h).
 *
 * Binary extended GCD with invariants u = a x1, v = a x2 (mod m), v odd:
 * each step, if u is odd, orders u >= v (swapping the pairs) and subtracts,
 * then halves u (and x1 mod m, m being odd).  Every step shrinks
 * len(u) + len(v) by at least one bit until u = 0, so 2 NCR_LIMB_BITS n
 * steps always suffice and v ends as gcd(a, m).  All steps run in full
 * under masks: the time depends on n only; a and m leak only through the
 * returned invertibility bit.  Each step is three passes over the limbs:
 * the comparison, the fused swap/subtract/halve of u and swap/subtract of
 * x1, and the fused correction/halving of x1.
 */
#include "bn_int.h"

#define BORROW(d)	((ncr_limb)((d) >> (2 * LB - 1)))

u32 ncr_bn_mod_inv_odd(ncr_limb *r, const ncr_limb *a, const ncr_limb *m, size_t n,
		       ncr_limb *t)
{
	ncr_limb *u = t, *v = t + n, *x1 = t + 2 * n, *x2 = t + 3 * n;
	size_t it, j;
	ncr_limb one_diff;
	u32 ok;

	memcpy(u, a, n * sizeof(*u));
	memcpy(v, m, n * sizeof(*v));
	ncr_bn_set_u32(x1, n, 1);
	ncr_bn_zero(x2, n);
	for (it = 0; it < 2 * (size_t)LB * n; it++) {
		u32 odd = (u32)(u[0] & 1), swap;
		ncr_limb om = limb_mask(odd), sm, bu = 0, bx = 0, prev, c, top, mb, mp;
		ncr_dlimb z;

		swap = odd & ncr_bn_lt(u, v, n);
		sm = limb_mask(swap);
		/*
		 * If odd: swap (u, v) and (x1, x2) when u < v, then u -= v
		 * (now even, halved on the fly) and x1 -= x2 (borrow bx).
		 */
		prev = 0;
		for (j = 0; j < n; j++) {
			ncr_limb du = (u[j] ^ v[j]) & sm, dx = (x1[j] ^ x2[j]) & sm;
			ncr_limb uj;

			uj = u[j] ^ du;
			v[j] ^= du;
			x1[j] ^= dx;
			x2[j] ^= dx;
			z = (ncr_dlimb)uj - (v[j] & om) - bu;
			uj = (ncr_limb)z;
			bu = BORROW(z);
			if (j)
				u[j - 1] = (prev >> 1) | (uj << (LB - 1));
			prev = uj;
			z = (ncr_dlimb)x1[j] - (x2[j] & om) - bx;
			x1[j] = (ncr_limb)z;
			bx = BORROW(z);
		}
		u[n - 1] = prev >> 1;
		/*
		 * x1 (wrapped by 2^(LB n) if bx) + bx m is x1 - x2 mod m; add
		 * m once more if that is odd, then halve: one pass, the bit
		 * above the top limb being the carry out minus the wrap.
		 */
		mb = limb_mask((u32)bx);
		mp = limb_mask((u32)((x1[0] ^ bx) & 1));
		c = 0;
		prev = 0;
		for (j = 0; j < n; j++) {
			ncr_limb xj;

			z = (ncr_dlimb)x1[j] + (m[j] & mb) + (m[j] & mp) + c;
			xj = (ncr_limb)z;
			c = (ncr_limb)(z >> LB);
			if (j)
				x1[j - 1] = (prev >> 1) | (xj << (LB - 1));
			prev = xj;
		}
		top = c - bx;
		x1[n - 1] = (prev >> 1) | (top << (LB - 1));
	}
	/* invertible iff v = gcd = 1 */
	one_diff = v[0] ^ 1;
	for (j = 1; j < n; j++)
		one_diff |= v[j];
	ok = limb_is_zero(one_diff);
	for (j = 0; j < n; j++)
		r[j] = x2[j] & limb_mask(ok);
	ncr_wipe(t, NCR_BN_INV_ODD_SCRATCH(n) * sizeof(*t));
	return ok;
}
