/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * f25519.h - internals shared by x25519.c and ed25519*.c (not an API):
 * field elements mod p = 2^255 - 19, Edwards points of edwards25519 and
 * scalars mod L = 2^252 + 27742317777372353535851937790883648493.
 *
 * Field elements are "loosely reduced" between operations: with 64-bit limbs
 * (radix 2^51, when the compiler has unsigned __int128) every limb is below
 * 2^52; with 32-bit limbs (radix 2^25.5: limbs of 26, 25, 26, ... bits) every
 * limb is below 2^27.  Every operation accepts and returns loosely reduced
 * elements (add and sub carry), so callers need no bookkeeping.  All field
 * and group operations are constant time except those named _vartime.
 */
#ifndef NCR_F25519_H
#define NCR_F25519_H

#include "ncr_core.h"

#if defined(__GNUC__) || defined(__clang__)
#define NCR_NOINLINE __attribute__((__noinline__))
#else
#define NCR_NOINLINE
#endif

#if defined(__SIZEOF_INT128__) && !defined(NCR_F25519_FORCE_32)
#define NCR_F25519_RADIX51 1
typedef struct { u64 v[5]; } ncr_fe;
#else
typedef struct { u32 v[10]; } ncr_fe;
#endif

void ncr_fe_0(ncr_fe *h);
void ncr_fe_1(ncr_fe *h);
void ncr_fe_copy(ncr_fe *h, const ncr_fe *f);
/* Reads 255 bits little-endian (bit 255 ignored); need not be < p. */
void ncr_fe_frombytes(ncr_fe *h, const u8 s[32]);
/* Writes the canonical (fully reduced) little-endian encoding. */
void ncr_fe_tobytes(u8 s[32], const ncr_fe *h);
void ncr_fe_add(ncr_fe *h, const ncr_fe *f, const ncr_fe *g);
void ncr_fe_sub(ncr_fe *h, const ncr_fe *f, const ncr_fe *g);
void ncr_fe_neg(ncr_fe *h, const ncr_fe *f);
void ncr_fe_mul(ncr_fe *h, const ncr_fe *f, const ncr_fe *g);
void ncr_fe_sq(ncr_fe *h, const ncr_fe *f);
/* h = f^(2^n), n >= 1 */
void ncr_fe_sqn(ncr_fe *h, const ncr_fe *f, unsigned int n);
/* h = f * k for a small constant k < 2^17 */
void ncr_fe_mul_small(ncr_fe *h, const ncr_fe *f, u32 k);
/* h = 1/f (f^(p-2); 0 -> 0) */
void ncr_fe_invert(ncr_fe *h, const ncr_fe *f);
/* h = f^((p-5)/8) */
void ncr_fe_pow22523(ncr_fe *h, const ncr_fe *f);
/* ctl 1: f <-> g; ctl 0: nothing.  ctl must be 0 or 1. */
void ncr_fe_cswap(ncr_fe *f, ncr_fe *g, u32 ctl);
/* ctl 1: h = f; ctl 0: nothing. */
void ncr_fe_cmov(ncr_fe *h, const ncr_fe *f, u32 ctl);
/* 1 if f = 0 mod p, else 0 */
u32 ncr_fe_iszero(const ncr_fe *f);
/* low bit of the canonical value of f */
u32 ncr_fe_isodd(const ncr_fe *f);
/* wipes f */
void ncr_fe_wipe(ncr_fe *f);

/* Edwards points, -x^2 + y^2 = 1 + d x^2 y^2. */
struct ncr_ge_p2 {		/* projective: x = X/Z, y = Y/Z */
	ncr_fe X, Y, Z;
};
struct ncr_ge_p3 {		/* extended: also T = XY/Z */
	ncr_fe X, Y, Z, T;
};
struct ncr_ge_p1p1 {		/* completed: x = X/Z, y = Y/T */
	ncr_fe X, Y, Z, T;
};
struct ncr_ge_cached {		/* for additions: Y+X, Y-X, Z, 2dT */
	ncr_fe YpX, YmX, Z, T2d;
};
struct ncr_ge_niels {		/* affine, precomputed: y+x, y-x, 2dxy */
	ncr_fe ypx, ymx, xy2d;
};

/* Precomputed affine points in niels form as 24 little-endian 32-bit words
 * (ypx, ymx, xy2d, each 8 words, canonical). */
#define NCR_GE_WORDS 24
/* ncr_ed25519_base_comb[i][j] = (j + 1) * 256^i * B */
extern const u32 ncr_ed25519_base_comb[32][8][NCR_GE_WORDS];
/* ncr_ed25519_base_odd[i] = (2i + 1) * B, for the verifier's width-8 windows */
#define NCR_ED25519_BASE_ODD 64
extern const u32 ncr_ed25519_base_odd[NCR_ED25519_BASE_ODD][NCR_GE_WORDS];

void ncr_ge_p3_0(struct ncr_ge_p3 *h);
/* Decodes an RFC 8032 point encoding; -EINVAL if it is not one (y >= p, x^2
 * not a square, or x = 0 with the sign bit set).  Variable time (public). */
int ncr_ge_frombytes_vartime(struct ncr_ge_p3 *h, const u8 s[32]);
void ncr_ge_p3_tobytes(u8 s[32], const struct ncr_ge_p3 *h);
void ncr_ge_p2_tobytes(u8 s[32], const struct ncr_ge_p2 *h);
void ncr_ge_p3_to_cached(struct ncr_ge_cached *r, const struct ncr_ge_p3 *p);
void ncr_ge_p1p1_to_p2(struct ncr_ge_p2 *r, const struct ncr_ge_p1p1 *p);
void ncr_ge_p1p1_to_p3(struct ncr_ge_p3 *r, const struct ncr_ge_p1p1 *p);
void ncr_ge_p2_dbl(struct ncr_ge_p1p1 *r, const struct ncr_ge_p2 *p);
void ncr_ge_p3_dbl(struct ncr_ge_p1p1 *r, const struct ncr_ge_p3 *p);
void ncr_ge_add(struct ncr_ge_p1p1 *r, const struct ncr_ge_p3 *p,
		const struct ncr_ge_cached *q);
void ncr_ge_sub(struct ncr_ge_p1p1 *r, const struct ncr_ge_p3 *p,
		const struct ncr_ge_cached *q);
void ncr_ge_madd(struct ncr_ge_p1p1 *r, const struct ncr_ge_p3 *p,
		 const struct ncr_ge_niels *q);
void ncr_ge_msub(struct ncr_ge_p1p1 *r, const struct ncr_ge_p3 *p,
		 const struct ncr_ge_niels *q);
void ncr_ge_niels_from_words(struct ncr_ge_niels *r, const u32 w[NCR_GE_WORDS]);
/* h = a * B, a = a[0] + 256 a[1] + ... + 256^31 a[31] with a[31] <= 127.
 * Constant time in a. */
void ncr_ge_scalarmult_base(struct ncr_ge_p3 *h, const u8 a[32]);
/* r = a * A + b * B; variable time (public scalars, a, b < 2^253) */
void ncr_ge_double_scalarmult_vartime(struct ncr_ge_p2 *r, const u8 a[32],
				      const struct ncr_ge_p3 *A,
				      const u8 b[32]);

/* Scalars mod L, 32 bytes little-endian. */
/* s = x mod L for a 64-byte little-endian x.  Constant time. */
void ncr_sc_reduce64(u8 s[32], const u8 x[64]);
/* s = a * b + c mod L (a, b, c any 256-bit values).  Constant time. */
void ncr_sc_muladd(u8 s[32], const u8 a[32], const u8 b[32], const u8 c[32]);
/* 1 if s < L, else 0 (variable time: public input). */
int ncr_sc_is_canonical(const u8 s[32]);

#endif /* NCR_F25519_H */
