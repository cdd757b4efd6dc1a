// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * ed25519_ge.c - the group of edwards25519 (-x^2 + y^2 = 1 + d x^2 y^2 over
 * GF(2^255 - 19)) for Ed25519 and for X25519 key generation.
 *
 * Formulas: extended coordinates (Hisil, Wong, Carter, Dawson, "Twisted
 * Edwards curves revisited", 2008) with a = -1: unified addition with k = 2d
 * and doubling, producing "completed" points that are converted to
 * projective (for doubling chains) or extended (for additions) form.
 *
 * Fixed-base multiplication (keygen and signing, secret scalar) uses signed
 * radix-16 digits and a table of j * 256^i * B (j = 1..8) read by scanning
 * all eight entries of a row under masks: constant time.  Double-scalar
 * multiplication (verification, public scalars) interleaves signed
 * sliding windows of both scalars (Straus), width 4 for A (a table of 4
 * points computed per call) and 8 for B (a static table of 64 points), and
 * is variable time.
 */
#include "f25519.h"
#include "ct.h"

static const u8 ed_d[32] = {
	0xa3, 0x78, 0x59, 0x13, 0xca, 0x4d, 0xeb, 0x75, 0xab, 0xd8, 0x41, 0x41,
	0x4d, 0x0a, 0x70, 0x00, 0x98, 0xe8, 0x79, 0x77, 0x79, 0x40, 0xc7, 0x8c,
	0x73, 0xfe, 0x6f, 0x2b, 0xee, 0x6c, 0x03, 0x52
};
static const u8 ed_d2[32] = {
	0x59, 0xf1, 0xb2, 0x26, 0x94, 0x9b, 0xd6, 0xeb, 0x56, 0xb1, 0x83, 0x82,
	0x9a, 0x14, 0xe0, 0x00, 0x30, 0xd1, 0xf3, 0xee, 0xf2, 0x80, 0x8e, 0x19,
	0xe7, 0xfc, 0xdf, 0x56, 0xdc, 0xd9, 0x06, 0x24
};
static const u8 ed_sqrtm1[32] = {
	0xb0, 0xa0, 0x0e, 0x4a, 0x27, 0x1b, 0xee, 0xc4, 0x78, 0xe4, 0x2f, 0xad,
	0x06, 0x18, 0x43, 0x2f, 0xa7, 0xd7, 0xfb, 0x3d, 0x99, 0x00, 0x4d, 0x2b,
	0x0b, 0xdf, 0xc1, 0x4f, 0x80, 0x24, 0x83, 0x2b
};

void ncr_ge_p3_0(struct ncr_ge_p3 *h)
{
	ncr_fe_0(&h->X);
	ncr_fe_1(&h->Y);
	ncr_fe_1(&h->Z);
	ncr_fe_0(&h->T);
}

int ncr_ge_frombytes_vartime(struct ncr_ge_p3 *h, const u8 s[32])
{
	ncr_fe u, v, v3, vxx, chk, d;
	u8 t[32];
	u32 sign = s[31] >> 7;

	ncr_fe_frombytes(&h->Y, s);
	/* reject y >= p: the canonical re-encoding must give the same bytes */
	ncr_fe_tobytes(t, &h->Y);
	t[31] |= (u8)(sign << 7);
	if (memcmp(t, s, 32))
		return -EINVAL;
	ncr_fe_1(&h->Z);
	ncr_fe_frombytes(&d, ed_d);
	ncr_fe_sq(&u, &h->Y);
	ncr_fe_mul(&v, &u, &d);
	ncr_fe_sub(&u, &u, &h->Z);		/* u = y^2 - 1 */
	ncr_fe_add(&v, &v, &h->Z);		/* v = d y^2 + 1 */
	/* x = u v^3 (u v^7)^((p-5)/8) */
	ncr_fe_sq(&v3, &v);
	ncr_fe_mul(&v3, &v3, &v);
	ncr_fe_sq(&h->X, &v3);
	ncr_fe_mul(&h->X, &h->X, &v);
	ncr_fe_mul(&h->X, &h->X, &u);
	ncr_fe_pow22523(&h->X, &h->X);
	ncr_fe_mul(&h->X, &h->X, &v3);
	ncr_fe_mul(&h->X, &h->X, &u);
	ncr_fe_sq(&vxx, &h->X);
	ncr_fe_mul(&vxx, &vxx, &v);
	ncr_fe_sub(&chk, &vxx, &u);
	if (!ncr_fe_iszero(&chk)) {
		ncr_fe_add(&chk, &vxx, &u);
		if (!ncr_fe_iszero(&chk))
			return -EINVAL;
		ncr_fe_frombytes(&d, ed_sqrtm1);
		ncr_fe_mul(&h->X, &h->X, &d);
	}
	if (ncr_fe_iszero(&h->X) && sign)
		return -EINVAL;
	if (ncr_fe_isodd(&h->X) != sign)
		ncr_fe_neg(&h->X, &h->X);
	ncr_fe_mul(&h->T, &h->X, &h->Y);
	return 0;
}

static void xyz_tobytes(u8 s[32], const ncr_fe *X, const ncr_fe *Y,
			const ncr_fe *Z)
{
	ncr_fe zi, x, y;

	ncr_fe_invert(&zi, Z);
	ncr_fe_mul(&x, X, &zi);
	ncr_fe_mul(&y, Y, &zi);
	ncr_fe_tobytes(s, &y);
	s[31] ^= (u8)(ncr_fe_isodd(&x) << 7);
	ncr_fe_wipe(&zi);
	ncr_fe_wipe(&x);
	ncr_fe_wipe(&y);
}

void ncr_ge_p2_tobytes(u8 s[32], const struct ncr_ge_p2 *h)
{
	xyz_tobytes(s, &h->X, &h->Y, &h->Z);
}

void ncr_ge_p3_tobytes(u8 s[32], const struct ncr_ge_p3 *h)
{
	xyz_tobytes(s, &h->X, &h->Y, &h->Z);
}

void ncr_ge_p3_to_cached(struct ncr_ge_cached *r, const struct ncr_ge_p3 *p)
{
	ncr_fe d2;

	ncr_fe_frombytes(&d2, ed_d2);
	ncr_fe_add(&r->YpX, &p->Y, &p->X);
	ncr_fe_sub(&r->YmX, &p->Y, &p->X);
	r->Z = p->Z;
	ncr_fe_mul(&r->T2d, &p->T, &d2);
}

void ncr_ge_p1p1_to_p2(struct ncr_ge_p2 *r, const struct ncr_ge_p1p1 *p)
{
	ncr_fe_mul(&r->X, &p->X, &p->T);
	ncr_fe_mul(&r->Y, &p->Y, &p->Z);
	ncr_fe_mul(&r->Z, &p->Z, &p->T);
}

void ncr_ge_p1p1_to_p3(struct ncr_ge_p3 *r, const struct ncr_ge_p1p1 *p)
{
	ncr_fe_mul(&r->X, &p->X, &p->T);
	ncr_fe_mul(&r->Y, &p->Y, &p->Z);
	ncr_fe_mul(&r->Z, &p->Z, &p->T);
	ncr_fe_mul(&r->T, &p->X, &p->Y);
}

/*
 * Completed form (struct ncr_ge_p1p1): x = X / Z, y = Y / T.  The HWCD
 * formulas end with X3 = E F, Y3 = G H, Z3 = F G, T3 = E H, i.e.
 * x = E / G, y = H / F, so they store X = E, Z = G, Y = H, T = F.
 *
 * Doubling (dbl-2008-hwcd, a = -1): A = X^2, B = Y^2, C = 2 Z^2,
 * E = (X + Y)^2 - A - B, G = B - A, F = G - C, H = -(A + B).  F and H are
 * both negated (y = H / F is unchanged): F' = C - G, H' = A + B.
 */
static void xyz_dbl(struct ncr_ge_p1p1 *r, const ncr_fe *X, const ncr_fe *Y,
		    const ncr_fe *Z)
{
	ncr_fe t;

	ncr_fe_sq(&r->X, X);			/* A */
	ncr_fe_sq(&r->Z, Y);			/* B */
	ncr_fe_sq(&r->T, Z);
	ncr_fe_add(&r->T, &r->T, &r->T);	/* C */
	ncr_fe_add(&r->Y, X, Y);
	ncr_fe_sq(&t, &r->Y);			/* (X + Y)^2 */
	ncr_fe_add(&r->Y, &r->Z, &r->X);	/* H' = B + A */
	ncr_fe_sub(&r->Z, &r->Z, &r->X);	/* G = B - A */
	ncr_fe_sub(&r->X, &t, &r->Y);		/* E = (X + Y)^2 - A - B */
	ncr_fe_sub(&r->T, &r->T, &r->Z);	/* F' = C - G */
}

void ncr_ge_p2_dbl(struct ncr_ge_p1p1 *r, const struct ncr_ge_p2 *p)
{
	xyz_dbl(r, &p->X, &p->Y, &p->Z);
}

void ncr_ge_p3_dbl(struct ncr_ge_p1p1 *r, const struct ncr_ge_p3 *p)
{
	xyz_dbl(r, &p->X, &p->Y, &p->Z);
}

/* add-2008-hwcd-3 (a = -1, k = 2d): A = (Y1 - X1)(Y2 - X2),
 * B = (Y1 + X1)(Y2 + X2), C = k T1 T2, D = 2 Z1 Z2, E = B - A, F = D - C,
 * G = D + C, H = B + A; x = E / G, y = H / F. */
void ncr_ge_add(struct ncr_ge_p1p1 *r, const struct ncr_ge_p3 *p,
		const struct ncr_ge_cached *q)
{
	ncr_fe t;

	ncr_fe_add(&r->X, &p->Y, &p->X);
	ncr_fe_sub(&r->Y, &p->Y, &p->X);
	ncr_fe_mul(&r->Z, &r->X, &q->YpX);	/* B */
	ncr_fe_mul(&r->Y, &r->Y, &q->YmX);	/* A */
	ncr_fe_mul(&r->T, &q->T2d, &p->T);	/* C */
	ncr_fe_mul(&r->X, &p->Z, &q->Z);
	ncr_fe_add(&t, &r->X, &r->X);		/* D */
	ncr_fe_sub(&r->X, &r->Z, &r->Y);	/* E = B - A */
	ncr_fe_add(&r->Y, &r->Z, &r->Y);	/* H = B + A */
	ncr_fe_add(&r->Z, &t, &r->T);		/* G = D + C */
	ncr_fe_sub(&r->T, &t, &r->T);		/* F = D - C */
}

/* p - q: -q swaps Y+X with Y-X and negates 2dT, so C changes sign. */
void ncr_ge_sub(struct ncr_ge_p1p1 *r, const struct ncr_ge_p3 *p,
		const struct ncr_ge_cached *q)
{
	ncr_fe t;

	ncr_fe_add(&r->X, &p->Y, &p->X);
	ncr_fe_sub(&r->Y, &p->Y, &p->X);
	ncr_fe_mul(&r->Z, &r->X, &q->YmX);	/* B */
	ncr_fe_mul(&r->Y, &r->Y, &q->YpX);	/* A */
	ncr_fe_mul(&r->T, &q->T2d, &p->T);	/* -C */
	ncr_fe_mul(&r->X, &p->Z, &q->Z);
	ncr_fe_add(&t, &r->X, &r->X);		/* D */
	ncr_fe_sub(&r->X, &r->Z, &r->Y);	/* E */
	ncr_fe_add(&r->Y, &r->Z, &r->Y);	/* H */
	ncr_fe_sub(&r->Z, &t, &r->T);		/* G = D + C */
	ncr_fe_add(&r->T, &t, &r->T);		/* F = D - C */
}

/* Mixed addition with an affine niels point (Z2 = 1). */
void ncr_ge_madd(struct ncr_ge_p1p1 *r, const struct ncr_ge_p3 *p,
		 const struct ncr_ge_niels *q)
{
	ncr_fe t;

	ncr_fe_add(&r->X, &p->Y, &p->X);
	ncr_fe_sub(&r->Y, &p->Y, &p->X);
	ncr_fe_mul(&r->Z, &r->X, &q->ypx);	/* B */
	ncr_fe_mul(&r->Y, &r->Y, &q->ymx);	/* A */
	ncr_fe_mul(&r->T, &q->xy2d, &p->T);	/* C */
	ncr_fe_add(&t, &p->Z, &p->Z);		/* D */
	ncr_fe_sub(&r->X, &r->Z, &r->Y);	/* E */
	ncr_fe_add(&r->Y, &r->Z, &r->Y);	/* H */
	ncr_fe_add(&r->Z, &t, &r->T);		/* G */
	ncr_fe_sub(&r->T, &t, &r->T);		/* F */
}

void ncr_ge_msub(struct ncr_ge_p1p1 *r, const struct ncr_ge_p3 *p,
		 const struct ncr_ge_niels *q)
{
	ncr_fe t;

	ncr_fe_add(&r->X, &p->Y, &p->X);
	ncr_fe_sub(&r->Y, &p->Y, &p->X);
	ncr_fe_mul(&r->Z, &r->X, &q->ymx);
	ncr_fe_mul(&r->Y, &r->Y, &q->ypx);
	ncr_fe_mul(&r->T, &q->xy2d, &p->T);
	ncr_fe_add(&t, &p->Z, &p->Z);
	ncr_fe_sub(&r->X, &r->Z, &r->Y);
	ncr_fe_add(&r->Y, &r->Z, &r->Y);
	ncr_fe_sub(&r->Z, &t, &r->T);
	ncr_fe_add(&r->T, &t, &r->T);
}

void ncr_ge_niels_from_words(struct ncr_ge_niels *r, const u32 w[NCR_GE_WORDS])
{
	u8 b[32];
	int i;

	for (i = 0; i < 8; i++)
		ncr_put_le32(b + 4 * i, w[i]);
	ncr_fe_frombytes(&r->ypx, b);
	for (i = 0; i < 8; i++)
		ncr_put_le32(b + 4 * i, w[8 + i]);
	ncr_fe_frombytes(&r->ymx, b);
	for (i = 0; i < 8; i++)
		ncr_put_le32(b + 4 * i, w[16 + i]);
	ncr_fe_frombytes(&r->xy2d, b);
	ncr_wipe(b, sizeof(b));
}

/*
 * r = b * 256^pos * B for a signed digit b in [-8, 8]: every entry of the
 * row is read and the wanted one kept under a mask (b = 0 keeps the
 * identity (1, 1, 0)); the sign is applied by a conditional swap of y+x and
 * y-x and a conditional negation of 2dxy.  Constant time in b.
 */
static void select_base(struct ncr_ge_niels *r, int pos, int b)
{
	u32 w[NCR_GE_WORDS];
	u32 neg = (u32)b >> 31;			/* 1 if b < 0 */
	u32 babs = ((u32)b ^ (0 - neg)) + neg;	/* |b| */
	ncr_fe t;
	u32 m;
	int j, k;

	memset(w, 0, sizeof(w));
	w[0] = 1;
	w[8] = 1;
	for (j = 0; j < 8; j++) {
		m = ncr_ct_mask(ncr_ct_eq(babs, (u32)j + 1));
		for (k = 0; k < NCR_GE_WORDS; k++)
			w[k] ^= m & (w[k] ^ ncr_ed25519_base_comb[pos][j][k]);
	}
	ncr_ge_niels_from_words(r, w);
	ncr_fe_cswap(&r->ypx, &r->ymx, neg);
	ncr_fe_neg(&t, &r->xy2d);
	ncr_fe_cmov(&r->xy2d, &t, neg);
	ncr_wipe(w, sizeof(w));
	ncr_fe_wipe(&t);
}

/*
 * h = a * B.  a is recoded into 64 signed radix-16 digits e[i] in [-8, 8)
 * (e[63] in [-8, 8]), a = sum e[i] 16^i; then
 * a * B = sum_i e[2i+1] 16 256^i B * 16 + sum_i e[2i] 256^i B:
 * 32 table additions, four doublings, 32 table additions.  No branch or
 * address depends on a.
 */
void ncr_ge_scalarmult_base(struct ncr_ge_p3 *h, const u8 a[32])
{
	signed char e[64];
	signed char carry;
	struct ncr_ge_p1p1 r;
	struct ncr_ge_p2 s;
	struct ncr_ge_niels t;
	int i;

	for (i = 0; i < 32; i++) {
		e[2 * i] = (signed char)(a[i] & 15);
		e[2 * i + 1] = (signed char)((a[i] >> 4) & 15);
	}
	carry = 0;
	for (i = 0; i < 63; i++) {
		e[i] = (signed char)(e[i] + carry);
		carry = (signed char)((e[i] + 8) >> 4);
		e[i] = (signed char)(e[i] - carry * 16);
	}
	e[63] = (signed char)(e[63] + carry);

	ncr_ge_p3_0(h);
	for (i = 1; i < 64; i += 2) {
		select_base(&t, i / 2, e[i]);
		ncr_ge_madd(&r, h, &t);
		ncr_ge_p1p1_to_p3(h, &r);
	}
	ncr_ge_p3_dbl(&r, h);
	ncr_ge_p1p1_to_p2(&s, &r);
	ncr_ge_p2_dbl(&r, &s);
	ncr_ge_p1p1_to_p2(&s, &r);
	ncr_ge_p2_dbl(&r, &s);
	ncr_ge_p1p1_to_p2(&s, &r);
	ncr_ge_p2_dbl(&r, &s);
	ncr_ge_p1p1_to_p3(h, &r);
	for (i = 0; i < 64; i += 2) {
		select_base(&t, i / 2, e[i]);
		ncr_ge_madd(&r, h, &t);
		ncr_ge_p1p1_to_p3(h, &r);
	}
	ncr_wipe(e, sizeof(e));
	ncr_wipe(&r, sizeof(r));
	ncr_wipe(&s, sizeof(s));
	ncr_wipe(&t, sizeof(t));
}

/*
 * Signed sliding-window recoding of a 256-bit little-endian a < 2^255
 * (public): a = sum r[i] 2^i with r[i] in {0, +-1, +-3, ...,
 * +-(2^(w-1) - 1)}, each non-zero digit followed by at least w - 1 zeros
 * in the common case (density about 1 / (w + 1), as a width-w NAF).
 * Variable time.
 */
static void slide(signed char r[256], const u8 a[32], int w)
{
	int i, b, k, half = 1 << (w - 1);

	for (i = 0; i < 256; i++)
		r[i] = (signed char)((a[i >> 3] >> (i & 7)) & 1);
	for (i = 0; i < 256; i++) {
		if (!r[i])
			continue;
		for (b = 1; b < w && i + b < 256; b++) {
			if (!r[i + b])
				continue;
			if (r[i] + (r[i + b] << b) < half) {
				r[i] = (signed char)(r[i] + (r[i + b] << b));
				r[i + b] = 0;
			} else if (r[i] - (r[i + b] << b) > -half) {
				r[i] = (signed char)(r[i] - (r[i + b] << b));
				for (k = i + b; k < 256; k++) {
					if (!r[k]) {
						r[k] = 1;
						break;
					}
					r[k] = 0;
				}
			} else {
				break;
			}
		}
	}
}

#define A_WIN	4	/* odd multiples 1, 3, 5, 7 of A (640 bytes) */
#define B_WIN	8	/* odd multiples 1 .. 127 of B, static table */

/*
 * The parts of the double-scalar multiplication are kept in separate,
 * non-inlined functions so that no stack frame holds both the NAFs and the
 * table of multiples of A together with the temporaries (each frame stays
 * under 700 bytes).
 */
static NCR_NOINLINE void dsm_loop(struct ncr_ge_p2 *r, const signed char *na,
		     const signed char *nb, const struct ncr_ge_cached *Ai)
{
	struct ncr_ge_p1p1 t;
	struct ncr_ge_p3 u;
	struct ncr_ge_niels n;
	int i;

	for (i = 255; i >= 0 && !na[i] && !nb[i]; i--)
		;
	ncr_fe_0(&r->X);
	ncr_fe_1(&r->Y);
	ncr_fe_1(&r->Z);
	for (; i >= 0; i--) {
		ncr_ge_p2_dbl(&t, r);
		if (na[i] || nb[i])
			ncr_ge_p1p1_to_p3(&u, &t);
		if (na[i] > 0) {
			ncr_ge_add(&t, &u, &Ai[na[i] / 2]);
			if (nb[i])
				ncr_ge_p1p1_to_p3(&u, &t);
		} else if (na[i] < 0) {
			ncr_ge_sub(&t, &u, &Ai[-na[i] / 2]);
			if (nb[i])
				ncr_ge_p1p1_to_p3(&u, &t);
		}
		if (nb[i] > 0) {
			ncr_ge_niels_from_words(&n, ncr_ed25519_base_odd[nb[i] / 2]);
			ncr_ge_madd(&t, &u, &n);
		} else if (nb[i] < 0) {
			ncr_ge_niels_from_words(&n, ncr_ed25519_base_odd[-nb[i] / 2]);
			ncr_ge_msub(&t, &u, &n);
		}
		ncr_ge_p1p1_to_p2(r, &t);
	}
}

/* Ai[i] = (2i + 1) A */
static NCR_NOINLINE void dsm_fill(struct ncr_ge_cached *Ai,
				  const struct ncr_ge_p3 *A)
{
	struct ncr_ge_p1p1 t;
	struct ncr_ge_p3 u, A2;
	int i;

	ncr_ge_p3_to_cached(&Ai[0], A);
	ncr_ge_p3_dbl(&t, A);
	ncr_ge_p1p1_to_p3(&A2, &t);
	for (i = 1; i < (1 << (A_WIN - 2)); i++) {
		ncr_ge_add(&t, &A2, &Ai[i - 1]);
		ncr_ge_p1p1_to_p3(&u, &t);
		ncr_ge_p3_to_cached(&Ai[i], &u);
	}
}

static NCR_NOINLINE void dsm_table(struct ncr_ge_p2 *r, const signed char *na,
				   const signed char *nb,
				   const struct ncr_ge_p3 *A)
{
	struct ncr_ge_cached Ai[1 << (A_WIN - 2)];

	dsm_fill(Ai, A);
	dsm_loop(r, na, nb, Ai);
}

void ncr_ge_double_scalarmult_vartime(struct ncr_ge_p2 *r, const u8 a[32],
				      const struct ncr_ge_p3 *A,
				      const u8 b[32])
{
	signed char na[256], nb[256];

	slide(na, a, A_WIN);
	slide(nb, b, B_WIN);
	dsm_table(r, na, nb, A);
}
