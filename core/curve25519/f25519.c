// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * f25519.c - arithmetic modulo p = 2^255 - 19 for X25519 and Ed25519.
 *
 * Two representations, chosen at compile time (see f25519.h):
 *   - five 64-bit limbs of 51 bits (radix 2^51) with 128-bit products, when
 *     the compiler has unsigned __int128 (64-bit kernels and user space);
 *   - ten 32-bit limbs of alternately 26 and 25 bits (radix 2^25.5) with
 *     64-bit products otherwise.
 * Reduction uses 2^255 = 19 (mod p).  Every function is branch-free with
 * fixed memory access patterns: nothing depends on the values.
 */
#include "f25519.h"
#include "ct.h"

#ifdef NCR_F25519_RADIX51

typedef unsigned __int128 u128;
#define M51 ((u64)0x7ffffffffffff)

static inline u64 load64_le(const u8 *p)
{
	return (u64)p[0] | ((u64)p[1] << 8) | ((u64)p[2] << 16) |
	       ((u64)p[3] << 24) | ((u64)p[4] << 32) | ((u64)p[5] << 40) |
	       ((u64)p[6] << 48) | ((u64)p[7] << 56);
}

static inline void store64_le(u8 *p, u64 v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (u8)(v >> (8 * i));
}

/* One carry pass: limbs below 2^64 in, limbs below 2^51 + 2^18 out. */
static inline void carry(ncr_fe *h)
{
	u64 c;

	c = h->v[0] >> 51; h->v[0] &= M51; h->v[1] += c;
	c = h->v[1] >> 51; h->v[1] &= M51; h->v[2] += c;
	c = h->v[2] >> 51; h->v[2] &= M51; h->v[3] += c;
	c = h->v[3] >> 51; h->v[3] &= M51; h->v[4] += c;
	c = h->v[4] >> 51; h->v[4] &= M51; h->v[0] += 19 * c;
}

void ncr_fe_frombytes(ncr_fe *h, const u8 s[32])
{
	h->v[0] = load64_le(s) & M51;
	h->v[1] = (load64_le(s + 6) >> 3) & M51;
	h->v[2] = (load64_le(s + 12) >> 6) & M51;
	h->v[3] = (load64_le(s + 19) >> 1) & M51;
	h->v[4] = (load64_le(s + 24) >> 12) & M51;
}

void ncr_fe_tobytes(u8 s[32], const ncr_fe *f)
{
	ncr_fe h = *f;
	u64 q;

	carry(&h);
	/* now h < 2^255 + 2^18 < 2p: q = 1 iff h >= p, then h -= q * p */
	q = (h.v[0] + 19) >> 51;
	q = (h.v[1] + q) >> 51;
	q = (h.v[2] + q) >> 51;
	q = (h.v[3] + q) >> 51;
	q = (h.v[4] + q) >> 51;
	h.v[0] += 19 * q;
	h.v[1] += h.v[0] >> 51; h.v[0] &= M51;
	h.v[2] += h.v[1] >> 51; h.v[1] &= M51;
	h.v[3] += h.v[2] >> 51; h.v[2] &= M51;
	h.v[4] += h.v[3] >> 51; h.v[3] &= M51;
	h.v[4] &= M51;		/* drops q * 2^255 */
	store64_le(s, h.v[0] | (h.v[1] << 51));
	store64_le(s + 8, (h.v[1] >> 13) | (h.v[2] << 38));
	store64_le(s + 16, (h.v[2] >> 26) | (h.v[3] << 25));
	store64_le(s + 24, (h.v[3] >> 39) | (h.v[4] << 12));
	ncr_fe_wipe(&h);
}

void ncr_fe_add(ncr_fe *h, const ncr_fe *f, const ncr_fe *g)
{
	int i;

	for (i = 0; i < 5; i++)
		h->v[i] = f->v[i] + g->v[i];
	carry(h);
}

/* f + 2p - g: every limb of 2p exceeds the matching limb of g (< 2^52 - 38) */
void ncr_fe_sub(ncr_fe *h, const ncr_fe *f, const ncr_fe *g)
{
	h->v[0] = f->v[0] + 0xfffffffffffdaULL - g->v[0];
	h->v[1] = f->v[1] + 0xffffffffffffeULL - g->v[1];
	h->v[2] = f->v[2] + 0xffffffffffffeULL - g->v[2];
	h->v[3] = f->v[3] + 0xffffffffffffeULL - g->v[3];
	h->v[4] = f->v[4] + 0xffffffffffffeULL - g->v[4];
	carry(h);
}

/* Inputs below 2^52: the sums stay below 2^115 and the top carry times 19
 * below 2^63. */
static inline void reduce128(ncr_fe *h, u128 r0, u128 r1, u128 r2, u128 r3,
			     u128 r4)
{
	u64 c;

	r1 += (u64)(r0 >> 51);
	r2 += (u64)(r1 >> 51);
	r3 += (u64)(r2 >> 51);
	r4 += (u64)(r3 >> 51);
	c = (u64)(r4 >> 51);
	h->v[0] = ((u64)r0 & M51) + 19 * c;
	h->v[1] = ((u64)r1 & M51) + (h->v[0] >> 51);
	h->v[0] &= M51;
	h->v[2] = (u64)r2 & M51;
	h->v[3] = (u64)r3 & M51;
	h->v[4] = (u64)r4 & M51;
}

void ncr_fe_mul(ncr_fe *h, const ncr_fe *f, const ncr_fe *g)
{
	u64 f0 = f->v[0], f1 = f->v[1], f2 = f->v[2], f3 = f->v[3], f4 = f->v[4];
	u64 g0 = g->v[0], g1 = g->v[1], g2 = g->v[2], g3 = g->v[3], g4 = g->v[4];
	u64 g1_19 = 19 * g1, g2_19 = 19 * g2, g3_19 = 19 * g3, g4_19 = 19 * g4;
	u128 r0, r1, r2, r3, r4;

	r0 = (u128)f0 * g0 + (u128)f1 * g4_19 + (u128)f2 * g3_19 +
	     (u128)f3 * g2_19 + (u128)f4 * g1_19;
	r1 = (u128)f0 * g1 + (u128)f1 * g0 + (u128)f2 * g4_19 +
	     (u128)f3 * g3_19 + (u128)f4 * g2_19;
	r2 = (u128)f0 * g2 + (u128)f1 * g1 + (u128)f2 * g0 +
	     (u128)f3 * g4_19 + (u128)f4 * g3_19;
	r3 = (u128)f0 * g3 + (u128)f1 * g2 + (u128)f2 * g1 +
	     (u128)f3 * g0 + (u128)f4 * g4_19;
	r4 = (u128)f0 * g4 + (u128)f1 * g3 + (u128)f2 * g2 +
	     (u128)f3 * g1 + (u128)f4 * g0;
	reduce128(h, r0, r1, r2, r3, r4);
}

void ncr_fe_sq(ncr_fe *h, const ncr_fe *f)
{
	u64 f0 = f->v[0], f1 = f->v[1], f2 = f->v[2], f3 = f->v[3], f4 = f->v[4];
	u64 f0_2 = 2 * f0, f1_2 = 2 * f1;
	u64 f3_19 = 19 * f3, f4_19 = 19 * f4;
	u128 r0, r1, r2, r3, r4;

	r0 = (u128)f0 * f0 + (u128)(2 * f1) * f4_19 + (u128)(2 * f2) * f3_19;
	r1 = (u128)f0_2 * f1 + (u128)(2 * f2) * f4_19 + (u128)f3 * f3_19;
	r2 = (u128)f0_2 * f2 + (u128)f1 * f1 + (u128)(2 * f3) * f4_19;
	r3 = (u128)f0_2 * f3 + (u128)f1_2 * f2 + (u128)f4 * f4_19;
	r4 = (u128)f0_2 * f4 + (u128)f1_2 * f3 + (u128)f2 * f2;
	reduce128(h, r0, r1, r2, r3, r4);
}

void ncr_fe_mul_small(ncr_fe *h, const ncr_fe *f, u32 k)
{
	reduce128(h, (u128)f->v[0] * k, (u128)f->v[1] * k, (u128)f->v[2] * k,
		  (u128)f->v[3] * k, (u128)f->v[4] * k);
}

#define NLIMBS 5
typedef u64 limb;

#else /* radix 2^25.5 */

#define M26 ((u32)0x3ffffff)
#define M25 ((u32)0x1ffffff)

/* bit offsets and widths of the ten limbs */
static const u8 off[10] = { 0, 26, 51, 77, 102, 128, 153, 179, 204, 230 };

static inline u32 lwidth(int i) { return (i & 1) ? 25 : 26; }
static inline u32 lmask(int i) { return (i & 1) ? M25 : M26; }

static inline void carry(ncr_fe *h)
{
	u32 c;
	int i;

	for (i = 0; i < 9; i++) {
		c = h->v[i] >> lwidth(i);
		h->v[i] &= lmask(i);
		h->v[i + 1] += c;
	}
	c = h->v[9] >> 25;
	h->v[9] &= M25;
	h->v[0] += 19 * c;
}

void ncr_fe_frombytes(ncr_fe *h, const u8 s[32])
{
	int i;

	for (i = 0; i < 10; i++)
		h->v[i] = (ncr_get_le32(s + off[i] / 8) >> (off[i] % 8)) &
			  lmask(i);
}

void ncr_fe_tobytes(u8 s[32], const ncr_fe *f)
{
	ncr_fe h = *f;
	u32 q, w[8];
	int i;

	carry(&h);
	q = (h.v[0] + 19) >> 26;
	for (i = 1; i < 10; i++)
		q = (h.v[i] + q) >> lwidth(i);
	h.v[0] += 19 * q;
	for (i = 0; i < 9; i++) {
		h.v[i + 1] += h.v[i] >> lwidth(i);
		h.v[i] &= lmask(i);
	}
	h.v[9] &= M25;
	memset(w, 0, sizeof(w));
	for (i = 0; i < 10; i++) {
		w[off[i] / 32] |= h.v[i] << (off[i] % 32);
		if (off[i] % 32 + lwidth(i) > 32)	/* public layout */
			w[off[i] / 32 + 1] |= h.v[i] >> (32 - off[i] % 32);
	}
	for (i = 0; i < 8; i++)
		ncr_put_le32(s + 4 * i, w[i]);
	ncr_fe_wipe(&h);
	ncr_wipe(w, sizeof(w));
}

void ncr_fe_add(ncr_fe *h, const ncr_fe *f, const ncr_fe *g)
{
	int i;

	for (i = 0; i < 10; i++)
		h->v[i] = f->v[i] + g->v[i];
	carry(h);
}

/* f + 4p - g (limbs of 4p: 2^28 - 76, 2^27 - 4, 2^28 - 4, ...) */
void ncr_fe_sub(ncr_fe *h, const ncr_fe *f, const ncr_fe *g)
{
	int i;

	h->v[0] = f->v[0] + 0xfffffb4 - g->v[0];
	for (i = 1; i < 10; i++)
		h->v[i] = f->v[i] + ((i & 1) ? 0x7fffffc : 0xffffffc) - g->v[i];
	carry(h);
}

/* Inputs below 2^27: each sum of ten products (times at most 38) stays below
 * 2^63. */
static void reduce64(ncr_fe *h, u64 *r)
{
	u64 c;
	int i;

	for (i = 0; i < 9; i++) {
		r[i + 1] += r[i] >> lwidth(i);
		r[i] &= lmask(i);
	}
	c = r[9] >> 25;
	r[9] &= M25;
	r[0] += 19 * c;
	r[1] += r[0] >> 26;
	r[0] &= M26;
	for (i = 0; i < 10; i++)
		h->v[i] = (u32)r[i];
}

void ncr_fe_mul(ncr_fe *h, const ncr_fe *f, const ncr_fe *g)
{
	u64 r[10] = { 0 };
	u32 g19[10];
	int i, j;

	for (i = 0; i < 10; i++)
		g19[i] = 19 * g->v[i];
	for (i = 0; i < 10; i++) {
		for (j = 0; j < 10; j++) {
			u64 t;

			if (i + j < 10)		/* public loop structure */
				t = (u64)f->v[i] * g->v[j];
			else
				t = (u64)f->v[i] * g19[j];
			t <<= (i & j & 1);
			r[(i + j) % 10] += t;
		}
	}
	reduce64(h, r);
	ncr_wipe(r, sizeof(r));
	ncr_wipe(g19, sizeof(g19));
}

void ncr_fe_sq(ncr_fe *h, const ncr_fe *f)
{
	ncr_fe_mul(h, f, f);
}

void ncr_fe_mul_small(ncr_fe *h, const ncr_fe *f, u32 k)
{
	u64 r[10];
	int i;

	for (i = 0; i < 10; i++)
		r[i] = (u64)f->v[i] * k;
	reduce64(h, r);
}

#define NLIMBS 10
typedef u32 limb;

#endif

void ncr_fe_0(ncr_fe *h)
{
	memset(h, 0, sizeof(*h));
}

void ncr_fe_1(ncr_fe *h)
{
	memset(h, 0, sizeof(*h));
	h->v[0] = 1;
}

void ncr_fe_copy(ncr_fe *h, const ncr_fe *f)
{
	*h = *f;
}

void ncr_fe_wipe(ncr_fe *f)
{
	ncr_wipe(f, sizeof(*f));
}

void ncr_fe_neg(ncr_fe *h, const ncr_fe *f)
{
	ncr_fe z;

	ncr_fe_0(&z);
	ncr_fe_sub(h, &z, f);
}

void ncr_fe_sqn(ncr_fe *h, const ncr_fe *f, unsigned int n)
{
	ncr_fe_sq(h, f);
	while (--n)
		ncr_fe_sq(h, h);
}

void ncr_fe_cswap(ncr_fe *f, ncr_fe *g, u32 ctl)
{
	limb m = (limb)0 - (limb)ncr_ct_barrier(ctl);
	limb t;
	int i;

	for (i = 0; i < NLIMBS; i++) {
		t = m & (f->v[i] ^ g->v[i]);
		f->v[i] ^= t;
		g->v[i] ^= t;
	}
}

void ncr_fe_cmov(ncr_fe *h, const ncr_fe *f, u32 ctl)
{
	limb m = (limb)0 - (limb)ncr_ct_barrier(ctl);
	int i;

	for (i = 0; i < NLIMBS; i++)
		h->v[i] ^= m & (h->v[i] ^ f->v[i]);
}

u32 ncr_fe_iszero(const ncr_fe *f)
{
	u8 s[32];
	u32 acc = 0;
	int i;

	ncr_fe_tobytes(s, f);
	for (i = 0; i < 32; i++)
		acc |= s[i];
	ncr_wipe(s, sizeof(s));
	return ncr_ct_is_zero(acc);
}

u32 ncr_fe_isodd(const ncr_fe *f)
{
	u8 s[32];
	u32 r;

	ncr_fe_tobytes(s, f);
	r = s[0] & 1;
	ncr_wipe(s, sizeof(s));
	return r;
}

/* t = z^(2^250 - 1); z11 = z^11 */
static void pow_2_250_1(ncr_fe *t, ncr_fe *z11, const ncr_fe *z)
{
	ncr_fe a, b, c;

	ncr_fe_sq(&a, z);		/* 2 */
	ncr_fe_sqn(&b, &a, 2);		/* 8 */
	ncr_fe_mul(&b, &b, z);		/* 9 */
	ncr_fe_mul(z11, &b, &a);	/* 11 */
	ncr_fe_sq(&a, z11);		/* 22 */
	ncr_fe_mul(&a, &a, &b);		/* 31 = 2^5 - 1 */
	ncr_fe_sqn(&b, &a, 5);
	ncr_fe_mul(&a, &b, &a);		/* 2^10 - 1 */
	ncr_fe_sqn(&b, &a, 10);
	ncr_fe_mul(&b, &b, &a);		/* 2^20 - 1 */
	ncr_fe_sqn(&c, &b, 20);
	ncr_fe_mul(&c, &c, &b);		/* 2^40 - 1 */
	ncr_fe_sqn(&c, &c, 10);
	ncr_fe_mul(&a, &c, &a);		/* 2^50 - 1 */
	ncr_fe_sqn(&b, &a, 50);
	ncr_fe_mul(&b, &b, &a);		/* 2^100 - 1 */
	ncr_fe_sqn(&c, &b, 100);
	ncr_fe_mul(&c, &c, &b);		/* 2^200 - 1 */
	ncr_fe_sqn(&c, &c, 50);
	ncr_fe_mul(t, &c, &a);		/* 2^250 - 1 */
	ncr_fe_wipe(&a);
	ncr_fe_wipe(&b);
	ncr_fe_wipe(&c);
}

void ncr_fe_invert(ncr_fe *h, const ncr_fe *f)
{
	ncr_fe t, z11;

	pow_2_250_1(&t, &z11, f);
	ncr_fe_sqn(&t, &t, 5);		/* 2^255 - 32 */
	ncr_fe_mul(h, &t, &z11);	/* 2^255 - 21 = p - 2 */
	ncr_fe_wipe(&t);
	ncr_fe_wipe(&z11);
}

void ncr_fe_pow22523(ncr_fe *h, const ncr_fe *f)
{
	ncr_fe t, z11;

	pow_2_250_1(&t, &z11, f);
	ncr_fe_sqn(&t, &t, 2);		/* 2^252 - 4 */
	ncr_fe_mul(h, &t, f);		/* 2^252 - 3 = (p - 5) / 8 */
	ncr_fe_wipe(&t);
	ncr_fe_wipe(&z11);
}
