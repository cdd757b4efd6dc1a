/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * ec_impl.h - the body of one short Weierstrass curve with a = -3 over a
 * prime field, included by ec_p256.c and ec_p384.c after they define:
 *
 *   EC_BITS   field and order size in bits (a multiple of 64)
 *   EC_W      window width of the variable-base multiplication
 *   EC_GW     window width of the fixed-base table
 *   EC_NAME   the ops name (ncr_ec_p256_ops), EC_GTAB the fixed-base table,
 *   EC_CURVE  the curve id, and the constant macros EC_C_* (see ec_p256.c).
 *
 * Field elements mod p and scalars mod n are EC_N limbs in Montgomery form
 * (R = 2^EC_BITS) where noted.  Everything below is constant time in its
 * inputs (masks, no data-dependent branches or addresses) unless its
 * comment says it handles public data only.
 *
 * Point arithmetic: projective (X:Y:Z) with the complete addition and
 * doubling formulas of Renes, Costello and Batina, "Complete addition
 * formulas for prime order elliptic curves" (EUROCRYPT 2016), algorithms 4,
 * 5 and 6 (a = -3): no exceptional cases, so no secret-dependent special
 * handling of infinity or of P == Q.
 */
#ifndef NCR_EC_IMPL_TYPES
#define NCR_EC_IMPL_TYPES

#include "ncr_core.h"
#include "ct.h"

#if defined(__SIZEOF_INT128__) && !defined(NCR_EC_LIMB32)	/* NCR_EC_LIMB32: test the 32-bit path */
typedef u64 ec_limb;
typedef unsigned __int128 ec_dlimb;
#define EC_LIMB_BITS	64
#define L64(x)		((ec_limb)(x))
#else
typedef u32 ec_limb;
typedef u64 ec_dlimb;
#define EC_LIMB_BITS	32
#define L64(x)		((ec_limb)(x)), ((ec_limb)((u64)(x) >> 32))
#endif

/*
 * Fixed-base tables (ec_tables.c), w-bit windows (P-256: 5, P-384: 4):
 * for window i and j = 1..2^(w-1), j * 2^(w i) * G affine, x then y,
 * Montgomery form.
 */
#define EC_GWIN(bits, w)	(((bits) + 1 + (w) - 1) / (w))
#define EC_P256_GW	5
#define EC_P384_GW	4
extern const ec_limb ncr_ec_p256_gtab[EC_GWIN(256, EC_P256_GW) * (1 << (EC_P256_GW - 1)) * 2 *
				      (256 / EC_LIMB_BITS)];
extern const ec_limb ncr_ec_p384_gtab[EC_GWIN(384, EC_P384_GW) * (1 << (EC_P384_GW - 1)) * 2 *
				      (384 / EC_LIMB_BITS)];

/*
 * The ctgrind-style check (core/tests/test_ec_ct.c, built with NCR_CT_CHECK)
 * marks secrets undefined; values that are allowed to leak (verdicts on
 * validity, public outputs) are declassified for it where they are used.
 */
#ifdef NCR_CT_CHECK
#include <valgrind/memcheck.h>
#define EC_DECLASSIFY(p, n)	VALGRIND_MAKE_MEM_DEFINED(p, n)
#else
#define EC_DECLASSIFY(p, n)	do { } while (0)
#endif

/*
 * The field operations stay out of line: inlined dozens of times into the
 * point formulas, their temporaries made kernel stack frames exceed 2 KB.
 */
#define EC_NOINLINE	__attribute__((__noinline__))

/* Fixed-count limb loops are unrolled so that temporaries live in registers. */
#if defined(__clang__) || (defined(__GNUC__) && __GNUC__ >= 8)
#define EC_UNROLL	_Pragma("GCC unroll 16")
#else
#define EC_UNROLL
#endif

#endif /* NCR_EC_IMPL_TYPES */

#ifdef EC_BITS

#define EC_N		(EC_BITS / EC_LIMB_BITS)
#define EC_LEN		(EC_BITS / 8)
#define EC_NWIN		EC_GWIN(EC_BITS, EC_GW)
#define EC_GTABN	(1 << (EC_GW - 1))
#define EC_VWIN		((EC_BITS + 1 + EC_W - 1) / EC_W)
#define EC_VTAB		(1 << (EC_W - 1))

typedef ec_limb fe[EC_N];

struct pt {
	fe x, y, z;
};

static const ec_limb ec_p[EC_N] = EC_C_P;
static const ec_limb ec_n[EC_N] = EC_C_N;
static const ec_limb ec_rr_p[EC_N] = EC_C_RR_P;
static const ec_limb ec_rr_n[EC_N] = EC_C_RR_N;
static const ec_limb ec_one[EC_N] = EC_C_ONE;	/* R mod p: 1 in Montgomery form */
static const ec_limb ec_b[EC_N] = EC_C_B;	/* b R mod p */
static const ec_limb ec_pm2[EC_N] = EC_C_PM2;	/* p - 2 */
static const ec_limb ec_nm2[EC_N] = EC_C_NM2;	/* n - 2 */
static const ec_limb ec_sqrt[EC_N] = EC_C_SQRT;	/* (p + 1) / 4 */
static const ec_limb ec_p0i = (ec_limb)EC_C_P0I;	/* -p^-1 mod 2^EC_LIMB_BITS */
static const ec_limb ec_n0i = (ec_limb)EC_C_N0I;

static inline ec_limb limb_barrier(ec_limb x)
{
#if defined(__GNUC__) || defined(__clang__)
	__asm__("" : "+r"(x));
#endif
	return x;
}

/* 0/1 -> 0/all-ones */
static inline ec_limb limb_mask(ec_limb ctl)
{
	return -limb_barrier(ctl);
}

static inline ec_limb limb_is_zero(ec_limb x)
{
	return ((x | -x) >> (EC_LIMB_BITS - 1)) ^ 1;
}

/* --- multi-limb helpers (EC_N limbs) --- */

/* (a limb loop, not memcpy: vector copies of just-stored limbs stall) */
static inline void fe_copy(ec_limb *r, const ec_limb *a)
{
	int i;

	EC_UNROLL
	for (i = 0; i < EC_N; i++)
		r[i] = a[i];
}

/* r = mask ? a : r */
static inline void fe_cmov(ec_limb *r, const ec_limb *a, ec_limb mask)
{
	int i;

	EC_UNROLL
	for (i = 0; i < EC_N; i++)
		r[i] ^= mask & (r[i] ^ a[i]);
}

static inline ec_limb fe_is_zero(const ec_limb *a)
{
	ec_limb acc = 0;
	int i;

	EC_UNROLL
	for (i = 0; i < EC_N; i++)
		acc |= a[i];
	return limb_is_zero(acc);
}

static inline ec_limb fe_eq(const ec_limb *a, const ec_limb *b)
{
	ec_limb acc = 0;
	int i;

	EC_UNROLL
	for (i = 0; i < EC_N; i++)
		acc |= a[i] ^ b[i];
	return limb_is_zero(acc);
}

/* r = a - b, returns the borrow; r may alias a or b */
static inline ec_limb fe_sub_raw(ec_limb *r, const ec_limb *a, const ec_limb *b)
{
	ec_dlimb t;
	ec_limb borrow = 0;
	int i;

	EC_UNROLL
	for (i = 0; i < EC_N; i++) {
		t = (ec_dlimb)a[i] - b[i] - borrow;
		r[i] = (ec_limb)t;
		borrow = (ec_limb)(t >> EC_LIMB_BITS) & 1;
	}
	return borrow;
}

/* 1 if a < b */
static inline ec_limb fe_lt(const ec_limb *a, const ec_limb *b)
{
	fe t;

	return fe_sub_raw(t, a, b);
}

/* r = a + b mod m (a, b < m) */
static EC_NOINLINE void mod_add(ec_limb *r, const ec_limb *a, const ec_limb *b, const ec_limb *m)
{
	ec_dlimb t = 0;
	fe s, u;
	ec_limb borrow;
	int i;

	EC_UNROLL
	for (i = 0; i < EC_N; i++) {
		t += (ec_dlimb)a[i] + b[i];
		s[i] = (ec_limb)t;
		t >>= EC_LIMB_BITS;
	}
	borrow = fe_sub_raw(u, s, m);
	/* s >= m iff the sum carried out or the subtraction did not borrow */
	borrow = limb_mask((ec_limb)t | (borrow ^ 1));
	EC_UNROLL
	for (i = 0; i < EC_N; i++)
		r[i] = s[i] ^ (borrow & (s[i] ^ u[i]));
}

/* r = a - b mod m (a, b < m) */
static EC_NOINLINE void mod_sub(ec_limb *r, const ec_limb *a, const ec_limb *b, const ec_limb *m)
{
	ec_dlimb t = 0;
	ec_limb mask, s[EC_N];
	int i;

	mask = limb_mask(fe_sub_raw(s, a, b));
	EC_UNROLL
	for (i = 0; i < EC_N; i++) {
		t += (ec_dlimb)s[i] + (m[i] & mask);
		r[i] = (ec_limb)t;
		t >>= EC_LIMB_BITS;
	}
}

/*
 * r = a b R^-1 mod m (CIOS Montgomery multiplication), fully reduced,
 * provided a b < m R (e.g. a < R, b < m).  r may alias a or b.
 */
static EC_NOINLINE void mont_mul(ec_limb *r, const ec_limb *a, const ec_limb *b, const ec_limb *m,
		     ec_limb m0i)
{
	ec_limb t[EC_N + 2], u[EC_N], q, borrow;
	ec_dlimb c;
	int i, j;

	memset(t, 0, sizeof(t));
	EC_UNROLL
	for (i = 0; i < EC_N; i++) {
		c = 0;
		EC_UNROLL
		for (j = 0; j < EC_N; j++) {
			c += (ec_dlimb)a[j] * b[i] + t[j];
			t[j] = (ec_limb)c;
			c >>= EC_LIMB_BITS;
		}
		c += t[EC_N];
		t[EC_N] = (ec_limb)c;
		t[EC_N + 1] = (ec_limb)(c >> EC_LIMB_BITS);
		q = t[0] * m0i;
		c = (ec_dlimb)q * m[0] + t[0];
		c >>= EC_LIMB_BITS;
		EC_UNROLL
		for (j = 1; j < EC_N; j++) {
			c += (ec_dlimb)q * m[j] + t[j];
			t[j - 1] = (ec_limb)c;
			c >>= EC_LIMB_BITS;
		}
		c += t[EC_N];
		t[EC_N - 1] = (ec_limb)c;
		t[EC_N] = t[EC_N + 1] + (ec_limb)(c >> EC_LIMB_BITS);
	}
	borrow = fe_sub_raw(u, t, m);
	q = limb_mask(t[EC_N] | (borrow ^ 1));
	EC_UNROLL
	for (i = 0; i < EC_N; i++)
		r[i] = t[i] ^ (q & (t[i] ^ u[i]));
}

#if defined(EC_P256_REDC) && EC_LIMB_BITS == 64
/*
 * r = a b R^-1 mod p for p = 2^256 - 2^224 + 2^192 + 2^96 - 1: CIOS as
 * mont_mul, with the reduction step specialised (-p^-1 = 1 mod 2^64, so
 * q = t[0]; q p[0] and q p[1] become shifts, p[2] = 0): one multiplication
 * per limb instead of five.  Same constant-time shape.
 */
static EC_NOINLINE void fmul_p256(ec_limb *r, const ec_limb *a, const ec_limb *b)
{
	ec_limb t[6], u[4], q, borrow;
	ec_dlimb c;
	int i, j;

	memset(t, 0, sizeof(t));
	EC_UNROLL
	for (i = 0; i < 4; i++) {
		c = 0;
		EC_UNROLL
		for (j = 0; j < 4; j++) {
			c += (ec_dlimb)a[j] * b[i] + t[j];
			t[j] = (ec_limb)c;
			c >>= 64;
		}
		c += t[4];
		t[4] = (ec_limb)c;
		t[5] = (ec_limb)(c >> 64);
		/* t = (t + q p) / 2^64: t[0] + q p[0] = q 2^64 carries q */
		q = t[0];
		c = (ec_dlimb)t[1] + ((ec_dlimb)q << 32);	/* t1 + q (2^32 - 1) + q */
		t[0] = (ec_limb)c;
		c >>= 64;
		c += t[2];					/* p[2] = 0 */
		t[1] = (ec_limb)c;
		c >>= 64;
		c += (ec_dlimb)q * ec_p[3] + t[3];
		t[2] = (ec_limb)c;
		c >>= 64;
		c += t[4];
		t[3] = (ec_limb)c;
		t[4] = t[5] + (ec_limb)(c >> 64);
	}
	borrow = fe_sub_raw(u, t, ec_p);
	q = limb_mask(t[4] | (borrow ^ 1));
	EC_UNROLL
	for (i = 0; i < 4; i++)
		r[i] = t[i] ^ (q & (t[i] ^ u[i]));
}
#define fmul(r, a, b)	fmul_p256(r, a, b)
#else
#define fmul(r, a, b)	mont_mul(r, a, b, ec_p, ec_p0i)
#endif
#define fadd(r, a, b)	mod_add(r, a, b, ec_p)
#define fsub(r, a, b)	mod_sub(r, a, b, ec_p)

/*
 * r = a^e in Montgomery form mod m, for a public exponent e (its bits steer
 * branches; a does not).  Fixed 4-bit windows.  r may alias a.
 */
static void mont_exp_pub(ec_limb *r, const ec_limb *a, const ec_limb *e, const ec_limb *m,
			 ec_limb m0i)
{
	ec_limb tab[15][EC_N];	/* a^1 .. a^15 */
	fe acc;
	int i, j, started = 0;
	unsigned int w;

	fe_copy(tab[0], a);
	for (i = 1; i < 15; i++)
		mont_mul(tab[i], tab[i - 1], a, m, m0i);
	for (i = EC_BITS / 4 - 1; i >= 0; i--) {
		w = (unsigned int)(e[(4 * i) / EC_LIMB_BITS] >> ((4 * i) % EC_LIMB_BITS)) & 15;
		if (started) {
			for (j = 0; j < 4; j++)
				mont_mul(acc, acc, acc, m, m0i);
			if (w)
				mont_mul(acc, acc, tab[w - 1], m, m0i);
		} else if (w) {
			fe_copy(acc, tab[w - 1]);
			started = 1;
		}
	}
	fe_copy(r, acc);	/* e != 0 for every exponent used here */
	ncr_wipe(tab, sizeof(tab));
	ncr_wipe(acc, sizeof(acc));
}

/* Montgomery form (mod p) <-> normal form */
static inline void fe_to_mont(ec_limb *r, const ec_limb *a)
{
	fmul(r, a, ec_rr_p);
}

static inline void fe_from_mont(ec_limb *r, const ec_limb *a)
{
	fe one = { 1 };

	fmul(r, a, one);
}

/* r = big-endian in[0..EC_LEN) */
static void fe_decode(ec_limb *r, const u8 *in)
{
	int i, j;
	ec_limb v;

	EC_UNROLL
	for (i = 0; i < EC_N; i++) {
		v = 0;
		for (j = 0; j < EC_LIMB_BITS / 8; j++)
			v |= (ec_limb)in[EC_LEN - 1 - i * (EC_LIMB_BITS / 8) - j] << (8 * j);
		r[i] = v;
	}
}

static void fe_encode(u8 *out, const ec_limb *a)
{
	int i, j;

	EC_UNROLL
	for (i = 0; i < EC_N; i++)
		for (j = 0; j < EC_LIMB_BITS / 8; j++)
			out[EC_LEN - 1 - i * (EC_LIMB_BITS / 8) - j] = (u8)(a[i] >> (8 * j));
}

/*
 * A scalar given as any-length big-endian bytes: r = its value if it fits
 * in EC_LEN bytes.  Returns 1 if 1 <= value < n, else 0 (in constant time;
 * the caller may branch on the verdict, which is allowed to leak).
 */
static ec_limb scalar_decode(ec_limb *r, const u8 *d, size_t dlen)
{
	u8 buf[EC_LEN];
	u32 hi = 0;
	size_t i;
	ec_limb ok;

	for (i = 0; i + EC_LEN < dlen; i++)
		hi |= d[i];
	memset(buf, 0, sizeof(buf));
	if (dlen >= EC_LEN)
		memcpy(buf, d + dlen - EC_LEN, EC_LEN);
	else if (dlen)
		memcpy(buf + EC_LEN - dlen, d, dlen);
	fe_decode(r, buf);
	ncr_wipe(buf, sizeof(buf));
	ok = (ec_limb)ncr_ct_is_zero(hi) & fe_lt(r, ec_n) & (fe_is_zero(r) ^ 1);
	EC_DECLASSIFY(&ok, sizeof(ok));
	return ok;
}

/* bits2int of a digest of any length: its leftmost EC_BITS bits (< 2n). */
static void digest_decode(ec_limb *r, const u8 *h, size_t hlen)
{
	u8 buf[EC_LEN];

	memset(buf, 0, sizeof(buf));
	if (hlen >= EC_LEN)
		memcpy(buf, h, EC_LEN);
	else if (hlen)
		memcpy(buf + EC_LEN - hlen, h, hlen);
	fe_decode(r, buf);
}

/* r = a mod n for a < 2n */
static void reduce_n(ec_limb *r, const ec_limb *a)
{
	fe u;
	ec_limb borrow = fe_sub_raw(u, a, ec_n);

	fe_copy(r, a);
	fe_cmov(r, u, limb_mask(borrow ^ 1));
}

/* --- points --- */

static void pt_set_inf(struct pt *r)
{
	memset(r->x, 0, sizeof(fe));
	fe_copy(r->y, ec_one);
	memset(r->z, 0, sizeof(fe));
}

/* RCB algorithm 4: r = p + q, complete.  r may alias p or q. */
static void pt_add(struct pt *r, const struct pt *p, const struct pt *q)
{
	fe t0, t1, t2, t3, t4, x3, y3, z3;

	fmul(t0, p->x, q->x);
	fmul(t1, p->y, q->y);
	fmul(t2, p->z, q->z);
	fadd(t3, p->x, p->y);
	fadd(t4, q->x, q->y);
	fmul(t3, t3, t4);
	fadd(t4, t0, t1);
	fsub(t3, t3, t4);
	fadd(t4, p->y, p->z);
	fadd(x3, q->y, q->z);
	fmul(t4, t4, x3);
	fadd(x3, t1, t2);
	fsub(t4, t4, x3);
	fadd(x3, p->x, p->z);
	fadd(y3, q->x, q->z);
	fmul(x3, x3, y3);
	fadd(y3, t0, t2);
	fsub(y3, x3, y3);
	fmul(z3, ec_b, t2);
	fsub(x3, y3, z3);
	fadd(z3, x3, x3);
	fadd(x3, x3, z3);
	fsub(z3, t1, x3);
	fadd(x3, t1, x3);
	fmul(y3, ec_b, y3);
	fadd(t1, t2, t2);
	fadd(t2, t1, t2);
	fsub(y3, y3, t2);
	fsub(y3, y3, t0);
	fadd(t1, y3, y3);
	fadd(y3, t1, y3);
	fadd(t1, t0, t0);
	fadd(t0, t1, t0);
	fsub(t0, t0, t2);
	fmul(t1, t4, y3);
	fmul(t2, t0, y3);
	fmul(y3, x3, z3);
	fadd(y3, y3, t2);
	fmul(x3, t3, x3);
	fsub(x3, x3, t1);
	fmul(z3, t4, z3);
	fmul(t1, t3, t0);
	fadd(z3, z3, t1);
	fe_copy(r->x, x3);
	fe_copy(r->y, y3);
	fe_copy(r->z, z3);
}

/* RCB algorithm 5: r = p + (qx, qy, 1), complete unless q is infinity.
 * r may alias p. */
static void pt_add_affine(struct pt *r, const struct pt *p, const ec_limb *qx,
			  const ec_limb *qy)
{
	fe t0, t1, t2, t3, t4, x3, y3, z3;

	fmul(t0, p->x, qx);
	fmul(t1, p->y, qy);
	fadd(t3, qx, qy);
	fadd(t4, p->x, p->y);
	fmul(t3, t3, t4);
	fadd(t4, t0, t1);
	fsub(t3, t3, t4);
	fmul(t4, qy, p->z);
	fadd(t4, t4, p->y);
	fmul(y3, qx, p->z);
	fadd(y3, y3, p->x);
	fmul(z3, ec_b, p->z);
	fsub(x3, y3, z3);
	fadd(z3, x3, x3);
	fadd(x3, x3, z3);
	fsub(z3, t1, x3);
	fadd(x3, t1, x3);
	fmul(y3, ec_b, y3);
	fadd(t1, p->z, p->z);
	fadd(t2, t1, p->z);
	fsub(y3, y3, t2);
	fsub(y3, y3, t0);
	fadd(t1, y3, y3);
	fadd(y3, t1, y3);
	fadd(t1, t0, t0);
	fadd(t0, t1, t0);
	fsub(t0, t0, t2);
	fmul(t1, t4, y3);
	fmul(t2, t0, y3);
	fmul(y3, x3, z3);
	fadd(y3, y3, t2);
	fmul(x3, x3, t3);
	fsub(x3, x3, t1);
	fmul(z3, z3, t4);
	fmul(t1, t3, t0);
	fadd(z3, z3, t1);
	fe_copy(r->x, x3);
	fe_copy(r->y, y3);
	fe_copy(r->z, z3);
}

/* RCB algorithm 6: r = 2p.  r may alias p. */
static void pt_dbl(struct pt *r, const struct pt *p)
{
	fe t0, t1, t2, t3, x3, y3, z3;

	fmul(t0, p->x, p->x);
	fmul(t1, p->y, p->y);
	fmul(t2, p->z, p->z);
	fmul(t3, p->x, p->y);
	fadd(t3, t3, t3);
	fmul(z3, p->x, p->z);
	fadd(z3, z3, z3);
	fmul(y3, ec_b, t2);
	fsub(y3, y3, z3);
	fadd(x3, y3, y3);
	fadd(y3, x3, y3);
	fsub(x3, t1, y3);
	fadd(y3, t1, y3);
	fmul(y3, x3, y3);
	fmul(x3, x3, t3);
	fadd(t3, t2, t2);
	fadd(t2, t2, t3);
	fmul(z3, ec_b, z3);
	fsub(z3, z3, t2);
	fsub(z3, z3, t0);
	fadd(t3, z3, z3);
	fadd(z3, z3, t3);
	fadd(t3, t0, t0);
	fadd(t0, t3, t0);
	fsub(t0, t0, t2);
	fmul(t0, t0, z3);
	fadd(y3, y3, t0);
	fmul(t0, p->y, p->z);
	fadd(t0, t0, t0);
	fmul(z3, t0, z3);
	fsub(x3, x3, z3);
	fmul(z3, t0, t1);
	fadd(z3, z3, z3);
	fadd(z3, z3, z3);
	fe_copy(r->x, x3);
	fe_copy(r->y, y3);
	fe_copy(r->z, z3);
}

/* Affine coordinates in normal form (0, 0 for infinity); constant time. */
static void pt_to_affine(ec_limb *x, ec_limb *y, const struct pt *p)
{
	fe zi;

	mont_exp_pub(zi, p->z, ec_pm2, ec_p, ec_p0i);
	if (x) {
		fmul(x, p->x, zi);
		fe_from_mont(x, x);
	}
	if (y) {
		fmul(y, p->y, zi);
		fe_from_mont(y, y);
	}
	ncr_wipe(zi, sizeof(zi));
}

/* x = (x + top 2^(EC_N limbs)) / 2 */
static inline void fe_shr1(ec_limb *x, ec_limb top)
{
	int i;

	EC_UNROLL
	for (i = 0; i < EC_N - 1; i++)
		x[i] = (x[i] >> 1) | (x[i + 1] << (EC_LIMB_BITS - 1));
	x[EC_N - 1] = (x[EC_N - 1] >> 1) | (top << (EC_LIMB_BITS - 1));
}

static inline ec_limb fe_is_one(const ec_limb *a)
{
	ec_limb acc = a[0] ^ 1;
	int i;

	for (i = 1; i < EC_N; i++)
		acc |= a[i];
	return limb_is_zero(acc);
}

/* x = x / 2 mod m (x < m, m odd); public data only */
static void half_mod(ec_limb *x, const ec_limb *m)
{
	ec_dlimb t = 0;
	int i;

	if (!(x[0] & 1)) {
		fe_shr1(x, 0);
		return;
	}
	EC_UNROLL
	for (i = 0; i < EC_N; i++) {
		t += (ec_dlimb)x[i] + m[i];
		x[i] = (ec_limb)t;
		t >>= EC_LIMB_BITS;
	}
	fe_shr1(x, (ec_limb)t);
}

/*
 * VARIABLE TIME, for public values or blinded ones only: r = a^-1 mod m in
 * normal form (binary extended Euclid; m an odd prime, a < m; 0 for a = 0).
 */
static void inv_vartime(ec_limb *r, const ec_limb *a, const ec_limb *m)
{
	fe u, v, x1, x2;

	if (fe_is_zero(a)) {
		memset(r, 0, sizeof(fe));
		return;
	}
	fe_copy(u, a);
	fe_copy(v, m);
	memset(x1, 0, sizeof(x1));
	memset(x2, 0, sizeof(x2));
	x1[0] = 1;
	while (!fe_is_one(u) && !fe_is_one(v)) {
		while (!(u[0] & 1)) {
			fe_shr1(u, 0);
			half_mod(x1, m);
		}
		while (!(v[0] & 1)) {
			fe_shr1(v, 0);
			half_mod(x2, m);
		}
		if (!fe_lt(u, v)) {
			fe_sub_raw(u, u, v);
			mod_sub(x1, x1, x2, m);
		} else {
			fe_sub_raw(v, v, u);
			mod_sub(x2, x2, x1, m);
		}
	}
	fe_copy(r, fe_is_one(u) ? x1 : x2);
}

/*
 * Affine x (normal form) of a secret point p != infinity, with the
 * inversion blinded: z b is inverted in variable time, where b (normal
 * form, from the caller) is secret and pseudo-random, so z b is uniform and
 * independent of z and may leak.  Falls back to Fermat if z b = 0.
 */
static void pt_x_blinded(ec_limb *x, const struct pt *p, const ec_limb *b)
{
	fe bm, zb, zi;
	ec_limb zero;

	fe_to_mont(bm, b);			/* b R */
	fmul(zb, p->z, bm);
	fe_from_mont(zb, zb);			/* z b */
	EC_DECLASSIFY(zb, sizeof(zb));		/* blinded: may leak */
	zero = fe_is_zero(zb);
	if (zero) {
		pt_to_affine(x, NULL, p);
	} else {
		inv_vartime(zi, zb, ec_p);	/* 1 / (z b) */
		fmul(zi, zi, bm);		/* 1 / z */
		fmul(x, p->x, zi);		/* X / z, normal form */
	}
	ncr_wipe(bm, sizeof(bm));
	ncr_wipe(zb, sizeof(zb));
	ncr_wipe(zi, sizeof(zi));
}

/*
 * Booth recoding of the window of width w at bit w*i of the scalar k
 * (EC_N limbs; bits beyond are 0): the digit val + b(w*i - 1) - 2^w b(w*i +
 * w - 1) in [-2^(w-1), 2^(w-1)], returned as its magnitude and *neg.  The
 * positions are public, the bits secret; no branch depends on them.
 */
static u32 booth_digit(const ec_limb *k, int i, int w, u32 *neg)
{
	u32 bits = 0, t, top;
	int j, pos;

	/* bits (w*i - 1) .. (w*i + w - 1) */
	for (j = -1; j < w; j++) {
		pos = w * i + j;
		if (pos < 0 || pos >= EC_BITS)
			continue;
		bits |= (u32)((k[pos / EC_LIMB_BITS] >> (pos % EC_LIMB_BITS)) & 1) << (j + 1);
	}
	top = bits >> w;
	/* digit = val + carry-in - 2^w top, as a two's complement u32 */
	t = (bits >> 1) + (bits & 1) - (top << w);
	*neg = top;
	return (t ^ -top) + top;	/* |digit| */
}

/* r = k G for a secret scalar k < n (fixed-base table, EC_GW-bit windows). */
static void mul_base(struct pt *r, const ec_limb *k)
{
	const ec_limb *row;
	fe x, y, ny;
	struct pt acc, t;
	u32 a, neg;
	ec_limb m;
	int i, j;

	pt_set_inf(&acc);
	for (i = 0; i < EC_NWIN; i++) {
		a = booth_digit(k, i, EC_GW, &neg);
		row = EC_GTAB + (size_t)i * EC_GTABN * 2 * EC_N;
		memset(x, 0, sizeof(x));
		memset(y, 0, sizeof(y));
		for (j = 0; j < EC_GTABN; j++) {
			m = limb_mask(ncr_ct_eq(a, (u32)j + 1));
			fe_cmov(x, row + (2 * j) * EC_N, m);
			fe_cmov(y, row + (2 * j + 1) * EC_N, m);
		}
		memset(ny, 0, sizeof(ny));
		fsub(ny, ny, y);
		fe_cmov(y, ny, limb_mask(neg));
		pt_add_affine(&t, &acc, x, y);
		/* digit 0: keep acc (the "sum" with (0, 0) is garbage) */
		m = limb_mask(ncr_ct_is_nonzero(a));
		fe_cmov(acc.x, t.x, m);
		fe_cmov(acc.y, t.y, m);
		fe_cmov(acc.z, t.z, m);
	}
	*r = acc;
	ncr_wipe(&acc, sizeof(acc));
	ncr_wipe(&t, sizeof(t));
	ncr_wipe(x, sizeof(x));
	ncr_wipe(y, sizeof(y));
	ncr_wipe(ny, sizeof(ny));
}

/* r = k P with the table tab[j] = (j + 1) P (EC_W-bit signed windows). */
static EC_NOINLINE void mul_var_tab(struct pt *r, const struct pt *tab, const ec_limb *k)
{
	struct pt acc, sel;
	fe ny;
	u32 a, neg;
	ec_limb m;
	int i, j;

	pt_set_inf(&acc);
	for (i = EC_VWIN - 1; i >= 0; i--) {
		if (i != EC_VWIN - 1)
			for (j = 0; j < EC_W; j++)
				pt_dbl(&acc, &acc);
		a = booth_digit(k, i, EC_W, &neg);
		pt_set_inf(&sel);
		for (j = 0; j < EC_VTAB; j++) {
			m = limb_mask(ncr_ct_eq(a, (u32)j + 1));
			fe_cmov(sel.x, tab[j].x, m);
			fe_cmov(sel.y, tab[j].y, m);
			fe_cmov(sel.z, tab[j].z, m);
		}
		memset(ny, 0, sizeof(ny));
		fsub(ny, ny, sel.y);
		fe_cmov(sel.y, ny, limb_mask(neg));
		pt_add(&acc, &acc, &sel);
	}
	*r = acc;
	ncr_wipe(&acc, sizeof(acc));
	ncr_wipe(&sel, sizeof(sel));
	ncr_wipe(ny, sizeof(ny));
}

/* r = k P for a secret scalar k (EC_N limbs) and any point P; r may be p. */
static void mul_var(struct pt *r, const struct pt *p, const ec_limb *k)
{
	struct pt tab[EC_VTAB];
	int j;

	tab[0] = *p;
	for (j = 1; j < EC_VTAB; j++) {	/* tab[j] = (j + 1) P */
		if (j & 1)
			pt_dbl(&tab[j], &tab[j / 2]);
		else
			pt_add(&tab[j], &tab[j - 1], p);
	}
	mul_var_tab(r, tab, k);
	ncr_wipe(tab, sizeof(tab));
}

/* y^2 = x^3 - 3x + b, all Montgomery: rhs for x */
static void curve_rhs(ec_limb *rhs, const ec_limb *x)
{
	fe t;

	fmul(t, x, x);
	fmul(t, t, x);
	fsub(t, t, x);
	fsub(t, t, x);
	fsub(t, t, x);
	fadd(rhs, t, ec_b);
}

/*
 * Public data only: decodes in (uncompressed or compressed) to affine
 * Montgomery (x, y) and, if out, the uncompressed encoding.
 */
static int point_decode(const u8 *in, size_t len, ec_limb *xm, ec_limb *ym, u8 *out)
{
	fe x, y, rhs, t;

	if (!in)
		return -EINVAL;
	if (len == 1 + 2 * EC_LEN && in[0] == 0x04) {
		fe_decode(x, in + 1);
		fe_decode(y, in + 1 + EC_LEN);
		if (!fe_lt(x, ec_p) || !fe_lt(y, ec_p))
			return -EINVAL;
		fe_to_mont(xm, x);
		fe_to_mont(ym, y);
		curve_rhs(rhs, xm);
		fmul(t, ym, ym);
		if (!fe_eq(t, rhs))
			return -EINVAL;
	} else if (len == 1 + EC_LEN && (in[0] == 0x02 || in[0] == 0x03)) {
		fe_decode(x, in + 1);
		if (!fe_lt(x, ec_p))
			return -EINVAL;
		fe_to_mont(xm, x);
		curve_rhs(rhs, xm);
		mont_exp_pub(ym, rhs, ec_sqrt, ec_p, ec_p0i);	/* p = 3 mod 4 */
		fmul(t, ym, ym);
		if (!fe_eq(t, rhs))
			return -EINVAL;
		fe_from_mont(y, ym);
		if ((y[0] & 1) != (in[0] & 1)) {
			if (fe_is_zero(y))
				return -EINVAL;
			fe_sub_raw(y, ec_p, y);
			memset(t, 0, sizeof(t));
			fsub(ym, t, ym);
		}
	} else {
		return -EINVAL;
	}
	if (out) {
		out[0] = 0x04;
		fe_encode(out + 1, x);
		fe_encode(out + 1 + EC_LEN, y);
	}
	return 0;
}

static int ec_decode(const u8 *in, size_t len, u8 *out)
{
	fe x, y;

	return point_decode(in, len, x, y, out);
}

static int ec_check_priv(const u8 *d, size_t dlen)
{
	fe k;
	int ret;

	if (!d && dlen)
		return -EINVAL;
	ret = scalar_decode(k, d, dlen) ? 0 : -EINVAL;
	ncr_wipe(k, sizeof(k));
	return ret;
}

/* pub = 04 || x || y of r (not infinity) */
static void pt_encode(u8 *pub, const struct pt *r)
{
	fe x, y;

	pt_to_affine(x, y, r);
	pub[0] = 0x04;
	fe_encode(pub + 1, x);
	fe_encode(pub + 1 + EC_LEN, y);
	ncr_wipe(x, sizeof(x));
	ncr_wipe(y, sizeof(y));
}

static int ec_pub(const u8 *d, size_t dlen, u8 *pub)
{
	struct pt r;
	fe k;
	int ret = -EINVAL;

	if ((d || !dlen) && scalar_decode(k, d, dlen)) {
		mul_base(&r, k);
		pt_encode(pub, &r);
		ret = 0;
	}
	ncr_wipe(k, sizeof(k));
	ncr_wipe(&r, sizeof(r));
	return ret;
}

static int ec_ecdh(const u8 *d, size_t dlen, const u8 *peer, size_t peer_len, u8 *secret)
{
	struct pt p, r;
	fe k, x;
	int ret;

	ret = point_decode(peer, peer_len, p.x, p.y, NULL);
	if (ret)
		return ret;
	fe_copy(p.z, ec_one);
	if ((!d && dlen) || !scalar_decode(k, d, dlen)) {
		ncr_wipe(k, sizeof(k));
		return -EINVAL;
	}
	mul_var(&r, &p, k);
	/* d in [1, n-1] and a point of prime order n: r is never infinity */
	pt_to_affine(x, NULL, &r);
	fe_encode(secret, x);
	ncr_wipe(k, sizeof(k));
	ncr_wipe(x, sizeof(x));
	ncr_wipe(&r, sizeof(r));
	return 0;
}

static int ec_sign_k(const u8 *d, size_t dlen, const u8 *kb, const u8 *blind,
		     const u8 *digest, size_t digest_len, u8 *sig)
{
	fe dk, k, kinv, e, r, t, b, bn;
	struct pt R;
	ec_limb bad;
	int ret = -EINVAL;

	if ((!d && dlen) || (!digest && digest_len))
		return -EINVAL;
	if (!scalar_decode(dk, d, dlen) || !scalar_decode(k, kb, EC_LEN))
		goto out;
	fe_decode(b, blind);
	/* r = x(kG) mod n: public */
	mul_base(&R, k);
	pt_x_blinded(r, &R, b);
	reduce_n(r, r);
	/*
	 * k^-1, blinded: k b mod n is uniform and independent of k (b secret
	 * and pseudo-random), so it is inverted in variable time; Fermat if
	 * k b = 0 (b = 0 mod n).
	 */
	mont_mul(bn, b, ec_rr_n, ec_n, ec_n0i);			/* b R */
	mont_mul(t, k, bn, ec_n, ec_n0i);			/* k b */
	EC_DECLASSIFY(t, sizeof(t));
	if (fe_is_zero(t)) {
		mont_mul(t, k, ec_rr_n, ec_n, ec_n0i);		/* k R */
		mont_exp_pub(kinv, t, ec_nm2, ec_n, ec_n0i);	/* k^-1 R */
	} else {
		inv_vartime(kinv, t, ec_n);			/* 1 / (k b) */
		mont_mul(kinv, kinv, bn, ec_n, ec_n0i);		/* 1 / k */
		mont_mul(kinv, kinv, ec_rr_n, ec_n, ec_n0i);	/* k^-1 R */
	}
	/* s = k^-1 (e + r d) mod n */
	digest_decode(e, digest, digest_len);
	reduce_n(e, e);
	mont_mul(dk, dk, ec_rr_n, ec_n, ec_n0i);		/* d R */
	mont_mul(t, r, dk, ec_n, ec_n0i);			/* r d */
	mod_add(t, t, e, ec_n);
	mont_mul(t, t, kinv, ec_n, ec_n0i);			/* s */
	fe_encode(sig, r);
	fe_encode(sig + EC_LEN, t);
	bad = fe_is_zero(r) | fe_is_zero(t);
	EC_DECLASSIFY(&bad, sizeof(bad));
	ret = bad ? -EAGAIN : 0;
	if (ret)
		memset(sig, 0, 2 * EC_LEN);
out:
	ncr_wipe(dk, sizeof(dk));
	ncr_wipe(k, sizeof(k));
	ncr_wipe(kinv, sizeof(kinv));
	ncr_wipe(t, sizeof(t));
	ncr_wipe(b, sizeof(b));
	ncr_wipe(bn, sizeof(bn));
	ncr_wipe(&R, sizeof(R));
	return ret;
}

/* Public data only (variable time is fine). */
static int ec_verify(const u8 *pub, size_t pub_len, const u8 *digest, size_t digest_len,
		     const u8 *sig)
{
	struct pt q, r1;
	fe r, s, e, w, t;
	int ret;

	ret = point_decode(pub, pub_len, q.x, q.y, NULL);
	if (ret)
		return ret;
	fe_copy(q.z, ec_one);
	if (!digest && digest_len)
		return -EINVAL;
	fe_decode(r, sig);
	fe_decode(s, sig + EC_LEN);
	if (fe_is_zero(r) || fe_is_zero(s) || !fe_lt(r, ec_n) || !fe_lt(s, ec_n))
		return -EBADMSG;
	digest_decode(e, digest, digest_len);
	inv_vartime(w, s, ec_n);				/* 1 / s */
	mont_mul(w, w, ec_rr_n, ec_n, ec_n0i);			/* R / s */
	mont_mul(e, e, w, ec_n, ec_n0i);			/* u1 = e / s */
	mont_mul(s, r, w, ec_n, ec_n0i);			/* u2 = r / s */
	mul_base(&r1, e);
	mul_var(&q, &q, s);		/* (the table is built before q is written) */
	pt_add(&r1, &r1, &q);
	if (fe_is_zero(r1.z))
		return -EBADMSG;
	/* x(R) mod n == r, without inverting Z: X == r Z, or (r + n) Z if < p */
	fe_to_mont(t, r);
	fmul(t, t, r1.z);
	if (fe_eq(t, r1.x))
		return 0;
	if (fe_sub_raw(t, r, ec_n) == 0)	/* cannot happen: r < n */
		return -EBADMSG;
	{
		ec_dlimb c = 0;
		int i;

		for (i = 0; i < EC_N; i++) {
			c += (ec_dlimb)r[i] + ec_n[i];
			t[i] = (ec_limb)c;
			c >>= EC_LIMB_BITS;
		}
		if (c || !fe_lt(t, ec_p))
			return -EBADMSG;
	}
	fe_to_mont(t, t);
	fmul(t, t, r1.z);
	return fe_eq(t, r1.x) ? 0 : -EBADMSG;
}

static const u8 ec_order_be[EC_LEN] = EC_C_ORDER_BE;

const struct ncr_ec_ops EC_NAME = {
	.curve = EC_CURVE,
	.len = EC_LEN,
	.order = ec_order_be,
	.decode = ec_decode,
	.check_priv = ec_check_priv,
	.pub = ec_pub,
	.ecdh = ec_ecdh,
	.sign_k = ec_sign_k,
	.verify = ec_verify,
};

#endif /* EC_BITS */
