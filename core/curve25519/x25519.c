// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * x25519.c - X25519 (RFC 7748 section 5): the Montgomery ladder on
 * curve25519's u-coordinate with conditional swaps, constant time in the
 * scalar.  The public key X25519(k, 9) is computed on the birationally
 * equivalent edwards25519 with the fixed-base table (u = (1 + y) / (1 - y)),
 * which is also constant time and several times faster than the ladder.
 */
#include "curve25519.h"
#include "f25519.h"
#include "ct.h"

static void clamp(u8 k[32], const u8 scalar[32])
{
	memcpy(k, scalar, 32);
	k[0] &= 248;
	k[31] &= 127;
	k[31] |= 64;
}

/* RFC 7748 section 5 ladder; x1 is the peer's u (top bit already masked) */
static NCR_NOINLINE void ladder(ncr_fe *out, const u8 k[32], const ncr_fe *x1)
{
	ncr_fe x2, z2, x3, z3, a, aa, b, bb, e, c, d;
	u32 swap = 0, bit;
	int t;

	ncr_fe_1(&x2);
	ncr_fe_0(&z2);
	x3 = *x1;
	ncr_fe_1(&z3);
	for (t = 254; t >= 0; t--) {
		bit = (k[t >> 3] >> (t & 7)) & 1;
		swap ^= bit;
		ncr_fe_cswap(&x2, &x3, swap);
		ncr_fe_cswap(&z2, &z3, swap);
		swap = bit;
		ncr_fe_add(&a, &x2, &z2);
		ncr_fe_sq(&aa, &a);
		ncr_fe_sub(&b, &x2, &z2);
		ncr_fe_sq(&bb, &b);
		ncr_fe_sub(&e, &aa, &bb);
		ncr_fe_add(&c, &x3, &z3);
		ncr_fe_sub(&d, &x3, &z3);
		ncr_fe_mul(&d, &d, &a);		/* DA */
		ncr_fe_mul(&c, &c, &b);		/* CB */
		ncr_fe_add(&x3, &d, &c);
		ncr_fe_sq(&x3, &x3);
		ncr_fe_sub(&z3, &d, &c);
		ncr_fe_sq(&z3, &z3);
		ncr_fe_mul(&z3, &z3, x1);
		ncr_fe_mul(&x2, &aa, &bb);
		ncr_fe_mul_small(&z2, &e, 121665);
		ncr_fe_add(&z2, &z2, &aa);
		ncr_fe_mul(&z2, &z2, &e);
	}
	ncr_fe_cswap(&x2, &x3, swap);
	ncr_fe_cswap(&z2, &z3, swap);
	ncr_fe_invert(&z2, &z2);
	ncr_fe_mul(out, &x2, &z2);
	ncr_fe_wipe(&x2); ncr_fe_wipe(&z2); ncr_fe_wipe(&x3); ncr_fe_wipe(&z3);
	ncr_fe_wipe(&a); ncr_fe_wipe(&aa); ncr_fe_wipe(&b); ncr_fe_wipe(&bb);
	ncr_fe_wipe(&e); ncr_fe_wipe(&c); ncr_fe_wipe(&d);
	ncr_wipe(&swap, sizeof(swap));
	ncr_wipe(&bit, sizeof(bit));
}

int ncr_x25519(u8 out[32], const u8 scalar[32], const u8 point[32])
{
	u8 k[32];
	ncr_fe u, r;
	u32 acc = 0;
	int i;

	clamp(k, scalar);
	ncr_fe_frombytes(&u, point);	/* ignores bit 255 */
	ladder(&r, k, &u);
	ncr_fe_tobytes(out, &r);
	ncr_wipe(k, sizeof(k));
	ncr_fe_wipe(&r);
	/* section 6.1 check on the result (for a clamped scalar it is zero
	 * exactly for the public low-order points); computed without a branch
	 * so that no jump depends on data derived from the scalar */
	for (i = 0; i < 32; i++)
		acc |= out[i];
	return (int)(ncr_ct_mask(ncr_ct_is_zero(acc)) & (u32)-EINVAL);
}

void ncr_x25519_public(u8 pub[32], const u8 priv[32])
{
	struct ncr_ge_p3 P;
	ncr_fe n, d;
	u8 k[32];

	/* k < 2^255 (clamped), so the fixed-base recoding's bound holds; the
	 * Edwards multiple maps to the Montgomery multiple of u = 9 */
	clamp(k, priv);
	ncr_ge_scalarmult_base(&P, k);
	/* u = (1 + y) / (1 - y) = (Z + Y) / (Z - Y); Z - Y != 0 since P is not
	 * the identity (k is not a multiple of the prime order L) */
	ncr_fe_add(&n, &P.Z, &P.Y);
	ncr_fe_sub(&d, &P.Z, &P.Y);
	ncr_fe_invert(&d, &d);
	ncr_fe_mul(&n, &n, &d);
	ncr_fe_tobytes(pub, &n);
	ncr_wipe(k, sizeof(k));
	ncr_wipe(&P, sizeof(P));
	ncr_fe_wipe(&n);
	ncr_fe_wipe(&d);
}
