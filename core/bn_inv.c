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
 * returned invertibility bit.
 */
#include "bn_int.h"

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
		u32 odd = (u32)(u[0] & 1), swap, borrow;
		ncr_limb mask, carry, prev;

		swap = odd & ncr_bn_lt(u, v, n);
		ncr_bn_cond_swap(u, v, n, swap);
		ncr_bn_cond_swap(x1, x2, n, swap);
		/* if odd: u -= v (u >= v now), x1 = x1 - x2 mod m */
		ncr_bn_cond_sub(u, v, n, odd);
		borrow = ncr_bn_cond_sub(x1, x2, n, odd);
		ncr_bn_cond_add(x1, m, n, borrow);
		/* u /= 2 (u is even); x1 = x1 / 2 mod m: (x1 + m) / 2 if odd */
		ncr_bn_rshift(u, u, n, 1);
		mask = limb_mask((u32)(x1[0] & 1));
		carry = 0;
		for (j = 0; j < n; j++) {
			ncr_dlimb z = (ncr_dlimb)x1[j] + (m[j] & mask) + carry;

			x1[j] = (ncr_limb)z;
			carry = (ncr_limb)(z >> LB);
		}
		prev = carry;
		for (j = n; j-- > 0;) {
			ncr_limb lo = x1[j];

			x1[j] = (lo >> 1) | (prev << (LB - 1));
			prev = lo & 1;
		}
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
