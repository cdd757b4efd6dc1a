// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * ed25519_sc.c - scalars modulo the group order
 * L = 2^252 + 27742317777372353535851937790883648493 for Ed25519.
 *
 * Barrett reduction (HAC 14.42) in radix 2^32 with k = 8 limbs:
 * mu = floor(2^512 / L).  Fixed loop bounds, the final corrections are done
 * by masked selection: constant time in the values.
 */
#include "f25519.h"
#include "ct.h"

static const u32 sc_L[9] = {
	0x5cf5d3ed, 0x5812631a, 0xa2f79cd6, 0x14def9de,
	0x00000000, 0x00000000, 0x00000000, 0x10000000, 0
};
static const u32 sc_mu[9] = {
	0x0a2c131b, 0xed9ce5a3, 0x086329a7, 0x2106215d,
	0xffffffeb, 0xffffffff, 0xffffffff, 0xffffffff, 0x0000000f
};

/* r[0 .. na+nb-1] = a * b */
static void mul_limbs(u32 *r, const u32 *a, int na, const u32 *b, int nb)
{
	int i, j;
	u64 t;

	memset(r, 0, (size_t)(na + nb) * sizeof(*r));
	for (i = 0; i < na; i++) {
		u32 c = 0;

		for (j = 0; j < nb; j++) {
			t = (u64)a[i] * b[j] + r[i + j] + c;
			r[i + j] = (u32)t;
			c = (u32)(t >> 32);
		}
		r[i + nb] = c;
	}
}

/* r = r - L if r >= L (9 limbs), without branches. */
static void cond_sub_L(u32 r[9])
{
	u32 t[9], borrow = 0, m;
	u64 d;
	int i;

	for (i = 0; i < 9; i++) {
		d = (u64)r[i] - sc_L[i] - borrow;
		t[i] = (u32)d;
		borrow = (u32)(d >> 63);
	}
	m = ncr_ct_mask(borrow ^ 1);	/* no borrow: r >= L, take t */
	for (i = 0; i < 9; i++)
		r[i] = ncr_ct_mux(m, t[i], r[i]);
	ncr_wipe(t, sizeof(t));
}

/* out = x mod L for x < 2^512 in 16 limbs. */
static void barrett(u8 out[32], const u32 x[16])
{
	u32 q2[18], q3m[17], r[9], borrow = 0;
	u64 d;
	int i;

	/* q1 = floor(x / 2^224) (limbs 7..15), q2 = q1 mu, q3 = q2 / 2^288 */
	mul_limbs(q2, x + 7, 9, sc_mu, 9);
	/* (q3 L) mod 2^288 */
	mul_limbs(q3m, q2 + 9, 9, sc_L, 8);
	/* r = (x - q3 L) mod 2^288; it is below 3L */
	for (i = 0; i < 9; i++) {
		d = (u64)x[i] - q3m[i] - borrow;
		r[i] = (u32)d;
		borrow = (u32)(d >> 63);
	}
	cond_sub_L(r);
	cond_sub_L(r);
	for (i = 0; i < 8; i++)
		ncr_put_le32(out + 4 * i, r[i]);
	ncr_wipe(q2, sizeof(q2));
	ncr_wipe(q3m, sizeof(q3m));
	ncr_wipe(r, sizeof(r));
}

void ncr_sc_reduce64(u8 s[32], const u8 x[64])
{
	u32 xl[16];
	int i;

	for (i = 0; i < 16; i++)
		xl[i] = ncr_get_le32(x + 4 * i);
	barrett(s, xl);
	ncr_wipe(xl, sizeof(xl));
}

void ncr_sc_muladd(u8 s[32], const u8 a[32], const u8 b[32], const u8 c[32])
{
	u32 al[8], bl[8], x[16], carry = 0;
	u64 t;
	int i;

	for (i = 0; i < 8; i++) {
		al[i] = ncr_get_le32(a + 4 * i);
		bl[i] = ncr_get_le32(b + 4 * i);
	}
	mul_limbs(x, al, 8, bl, 8);
	/* + c: a b + c <= (2^256 - 1)^2 + 2^256 - 1 < 2^512, no carry out */
	for (i = 0; i < 16; i++) {
		t = (u64)x[i] + (i < 8 ? ncr_get_le32(c + 4 * i) : 0) + carry;
		x[i] = (u32)t;
		carry = (u32)(t >> 32);
	}
	barrett(s, x);
	ncr_wipe(al, sizeof(al));
	ncr_wipe(bl, sizeof(bl));
	ncr_wipe(x, sizeof(x));
}

int ncr_sc_is_canonical(const u8 s[32])
{
	int i;

	for (i = 7; i >= 0; i--) {
		u32 v = ncr_get_le32(s + 4 * i);

		if (v != sc_L[i])
			return v < sc_L[i];
	}
	return 0;	/* s == L */
}
