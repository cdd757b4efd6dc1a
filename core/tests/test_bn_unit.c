// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_bn_unit.c - core/bn/bn*.c against OpenSSL's BN on random inputs of
 * 64..4096 bits, plus edge cases.  TAP output.  NCR_BN_SEED picks the
 * random stream (default fixed, so a failure reproduces).
 */
#include <stdio.h>
#include <stdlib.h>
#include <openssl/bn.h>
#include "bn/bn.h"
#include "ct.h"
#include "test_tap.h"

#define MAXN	(NCR_BN_LIMBS(4096) + 1)
#define LBY	sizeof(ncr_limb)
#define LBI	NCR_LIMB_BITS

static u64 rng_state;
static BN_CTX *ctx;

static u32 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (u32)(rng_state >> 16);
}

static ncr_limb rndl(void)
{
#if NCR_LIMB_BITS == 64
	return ((ncr_limb)rnd() << 32) | rnd();
#else
	return rnd();
#endif
}

/* Random value of exactly `bits` bits (top bit set) in n limbs. */
static void rnd_bits(ncr_limb *a, size_t n, size_t bits)
{
	size_t i;

	ncr_bn_zero(a, n);
	for (i = 0; i < NCR_BN_LIMBS(bits); i++)
		a[i] = rndl();
	if (bits % LBI)
		a[(bits - 1) / LBI] &= ((ncr_limb)1 << (bits % LBI)) - 1;
	if (bits)
		a[(bits - 1) / LBI] |= (ncr_limb)1 << ((bits - 1) % LBI);
}

/* Random odd modulus of exactly bits bits, in n = LIMBS(bits) limbs. */
static void rnd_mod(ncr_limb *m, size_t bits)
{
	rnd_bits(m, NCR_BN_LIMBS(bits), bits);
	m[0] |= 1;
}

static BIGNUM *to_ossl(const ncr_limb *a, size_t n)
{
	u8 buf[LBY * MAXN * 4];

	ncr_bn_encode_be(buf, LBY * n, a, n);
	return BN_bin2bn(buf, (int)(LBY * n), NULL);
}

/* a = x (which must fit n limbs) */
static void from_ossl(ncr_limb *a, size_t n, const BIGNUM *x)
{
	u8 buf[LBY * MAXN * 4];

	BN_bn2binpad(x, buf, (int)(LBY * n));
	ncr_bn_decode_be(a, n, buf, LBY * n);
}

/* 1 if a (n limbs) equals the BIGNUM x. */
static int same(const ncr_limb *a, size_t n, const BIGNUM *x)
{
	BIGNUM *y = to_ossl(a, n);
	int r = BN_cmp(x, y) == 0;

	BN_free(y);
	return r;
}

struct mod {
	ncr_limb m[MAXN], rr[MAXN], m0i;
	size_t n, bits;
	BIGNUM *bm;
};

static void mod_setup(struct mod *md, size_t bits)
{
	md->bits = bits;
	md->n = NCR_BN_LIMBS(bits);
	rnd_mod(md->m, bits);
	md->m0i = ncr_bn_mont_m0i(md->m[0]);
	ncr_bn_mont_rr(md->rr, md->m, md->n);
	md->bm = to_ossl(md->m, md->n);
}

static void mod_from(struct mod *md, const ncr_limb *m, size_t n)
{
	md->n = n;
	md->bits = LBI * n;
	memcpy(md->m, m, n * LBY);
	md->m0i = ncr_bn_mont_m0i(m[0]);
	ncr_bn_mont_rr(md->rr, md->m, n);
	md->bm = to_ossl(md->m, n);
}

static size_t rnd_size(void)
{
	/* mostly small, sometimes large: 64..4096 bits */
	u32 r = rnd() % 8;

	if (r < 5)
		return 64 + rnd() % 961;	/* 64..1024 */
	if (r < 7)
		return 1025 + rnd() % 1024;	/* ..2048 */
	return 2049 + rnd() % 2048;		/* ..4096 */
}

static ncr_limb scratch[NCR_BN_INV_SCRATCH(MAXN) + NCR_BN_REDUCE_ANY_SCRATCH(MAXN) +
			NCR_BN_INV_ODD_SCRATCH(MAXN)];

/* a^e mod m by ours and OpenSSL's; e has ebits bits (garbage above). */
static int check_exp(const struct mod *md, const ncr_limb *a, const ncr_limb *e,
		     size_t ebits)
{
	ncr_limb r[MAXN], e2[MAXN] = { 0 };
	BIGNUM *ba = to_ossl(a, md->n), *be, *br = BN_new();
	int res;

	memcpy(e2, e, NCR_BN_LIMBS(ebits) * LBY);
	if (ebits % LBI)
		e2[ebits / LBI] &= ((ncr_limb)1 << (ebits % LBI)) - 1;
	be = to_ossl(e2, NCR_BN_LIMBS(ebits) ? NCR_BN_LIMBS(ebits) : 1);
	ncr_bn_mod_exp(r, a, e, ebits, md->m, md->n, md->m0i, md->rr, scratch);
	BN_mod_exp(br, ba, be, md->bm, ctx);
	res = same(r, md->n, br) && ncr_bn_lt(r, md->m, md->n);
	BN_free(ba);
	BN_free(be);
	BN_free(br);
	return res;
}

static void test_ct(void)
{
	int good = 1;
	u32 i;
	static const u32 v[] = { 0, 1, 2, 0x7fffffff, 0x80000000, 0xfffffffe,
				 0xffffffff };

	for (i = 0; i < 49; i++) {
		u32 x = v[i / 7], y = v[i % 7];

		good &= ncr_ct_eq(x, y) == (x == y);
		good &= ncr_ct_ne(x, y) == (x != y);
		good &= ncr_ct_lt(x, y) == (x < y);
		good &= ncr_ct_gt(x, y) == (x > y);
		good &= ncr_ct_is_zero(x) == (x == 0);
		good &= ncr_ct_select(1, x, y) == x && ncr_ct_select(0, x, y) == y;
		good &= ncr_ct_mux(0xffffffff, x, y) == x &&
			ncr_ct_mux(0, x, y) == y;
	}
	ok(good, "ct.h predicates and mux");
}

static void test_codec(void)
{
	u8 in[LBY * MAXN + 8], out[LBY * MAXN + 8];
	ncr_limb a[MAXN + 2];
	int good = 1, i;

	for (i = 0; i < 2000; i++) {
		size_t len = 1 + rnd() % (LBY * MAXN), n = NCR_BN_LIMBS_BYTES(len);
		size_t k;
		BIGNUM *x;

		for (k = 0; k < len; k++)
			in[k] = (u8)rnd();
		good &= ncr_bn_decode_be(a, n, in, len) == 1;
		x = BN_bin2bn(in, (int)len, NULL);
		good &= same(a, n, x);
		BN_free(x);
		good &= ncr_bn_encode_be(out, len, a, n) == 1;
		good &= !memcmp(in, out, len);
		/* a wider output is zero-padded */
		good &= ncr_bn_encode_be(out, len + 3, a, n) == 1;
		good &= !out[0] && !out[1] && !out[2] && !memcmp(out + 3, in, len);
	}
	ok(good, "decode/encode 2000 random lengths vs BN_bin2bn");

	memset(in, 0, sizeof(in));
	in[0] = 0x12;
	ok(ncr_bn_decode_be(a, 1, in, LBY + 5) == 0, "decode: too long is 0");
	in[0] = 0;
	in[5] = 0xab;
	ok(ncr_bn_decode_be(a, 1, in, LBY + 5) == 1 &&
	   a[0] == (ncr_limb)0xab << (LBI - 8),
	   "decode: leading zeros beyond n limbs are fine");
	a[0] = 0x100;
	ok(ncr_bn_encode_be(out, 1, a, 1) == 0, "encode: too short is 0");
	ncr_bn_zero(a, 3);
	ok(ncr_bn_encode_be(out, 5, a, 3) == 1 && !memcmp(out, in + 9, 5) &&
	   ncr_bn_is_zero(a, 3), "encode zero");
	ok(ncr_bn_decode_be(a, 2, in, 0) == 1 && ncr_bn_is_zero(a, 2),
	   "decode empty is zero");
}

static void test_addsub(void)
{
	ncr_limb a[MAXN], b[MAXN], r[MAXN], s[MAXN];
	int good = 1, i;

	for (i = 0; i < 2000; i++) {
		size_t n = 1 + rnd() % MAXN, k;
		u32 c, br;
		int cmp;
		BIGNUM *x, *y, *z = BN_new();

		for (k = 0; k < n; k++) {
			a[k] = rndl();
			b[k] = i % 4 ? rndl() : a[k];	/* equal quarters */
		}
		if (i % 8 == 1)
			b[rnd() % n] ^= (ncr_limb)1 << (rnd() % LBI);
		x = to_ossl(a, n);
		y = to_ossl(b, n);
		cmp = BN_cmp(x, y);
		good &= ncr_bn_cmp(a, b, n) == cmp;
		good &= ncr_bn_lt(a, b, n) == (cmp < 0);
		good &= ncr_bn_eq(a, b, n) == (cmp == 0);
		c = ncr_bn_add(r, a, b, n);
		BN_add(z, x, y);
		good &= c == (u32)(BN_num_bits(z) > (int)(LBI * n));
		BN_mask_bits(z, (int)(LBI * n));
		good &= same(r, n, z);
		br = ncr_bn_sub(s, r, b, n);
		good &= br == c && !memcmp(s, a, n * LBY);
		/* conditional forms */
		memcpy(s, a, n * LBY);
		good &= ncr_bn_cond_add(s, b, n, 0) == 0 && !memcmp(s, a, n * LBY);
		good &= ncr_bn_cond_add(s, b, n, 1) == c && !memcmp(s, r, n * LBY);
		good &= ncr_bn_cond_sub(s, b, n, 0) == 0 && !memcmp(s, r, n * LBY);
		good &= ncr_bn_cond_sub(s, b, n, 1) == c && !memcmp(s, a, n * LBY);
		ncr_bn_cond_copy(s, b, n, 0);
		good &= !memcmp(s, a, n * LBY);
		ncr_bn_cond_copy(s, b, n, 1);
		good &= !memcmp(s, b, n * LBY);
		memcpy(r, a, n * LBY);
		ncr_bn_cond_swap(r, s, n, 0);
		good &= !memcmp(r, a, n * LBY) && !memcmp(s, b, n * LBY);
		ncr_bn_cond_swap(r, s, n, 1);
		good &= !memcmp(r, b, n * LBY) && !memcmp(s, a, n * LBY);
		BN_free(x);
		BN_free(y);
		BN_free(z);
	}
	ok(good, "add/sub/cmp/cond_* 2000 random pairs vs BN");
}

static void test_mont(void)
{
	int good_mul = 1, good_red = 1, good_rr = 1, i;

	for (i = 0; i < 1500; i++) {
		struct mod md;
		ncr_limb a[MAXN], b[MAXN], r[MAXN], x[2 * MAXN];
		BIGNUM *ba, *bb, *br = BN_new(), *rinv = BN_new(), *R = BN_new();
		BIGNUM *bx;
		size_t k;

		mod_setup(&md, i < 1000 ? 64 + rnd() % 961 : rnd_size());
		/* rr */
		BN_one(R);
		BN_lshift(R, R, (int)(2 * LBI * md.n));
		BN_mod(br, R, md.bm, ctx);
		good_rr &= same(md.rr, md.n, br);
		/* a any n-limb value, b < m */
		for (k = 0; k < md.n; k++)
			a[k] = rndl();
		rnd_bits(b, md.n, md.bits - 1 - rnd() % 8);
		ba = to_ossl(a, md.n);
		bb = to_ossl(b, md.n);
		BN_one(R);
		BN_lshift(R, R, (int)(LBI * md.n));
		BN_mod_inverse(rinv, R, md.bm, ctx);
		ncr_bn_mont_mul(r, a, b, md.m, md.n, md.m0i, scratch);
		BN_mod_mul(br, ba, bb, md.bm, ctx);
		BN_mod_mul(br, br, rinv, md.bm, ctx);
		good_mul &= same(r, md.n, br);
		/* in place */
		memcpy(r, b, md.n * LBY);
		ncr_bn_mont_mul(r, a, r, md.m, md.n, md.m0i, scratch);
		good_mul &= same(r, md.n, br);
		/* to_mont / from_mont round trip */
		ncr_bn_to_mont(r, b, md.m, md.n, md.m0i, md.rr, scratch);
		ncr_bn_from_mont(r, r, md.m, md.n, md.m0i, scratch);
		good_mul &= !memcmp(r, b, md.n * LBY);
		/* reduce a random 2n-limb value */
		for (k = 0; k < 2 * md.n; k++)
			x[k] = rndl();
		if (i % 5 == 0)
			memset(x + md.n, 0xff, md.n * LBY);	/* near the top */
		bx = to_ossl(x, 2 * md.n);
		ncr_bn_mod_reduce(r, x, md.m, md.n, md.m0i, md.rr, scratch);
		BN_mod(br, bx, md.bm, ctx);
		good_red &= same(r, md.n, br);
		BN_free(ba);
		BN_free(bb);
		BN_free(bx);
		BN_free(br);
		BN_free(rinv);
		BN_free(R);
		BN_free(md.bm);
	}
	ok(good_rr, "mont_rr = R^2 mod m, 1500 random moduli 64..4096 bits");
	/* mont_rr_top on full-length moduli (top bit set), incl. 2^L - 1 */
	good_rr = 1;
	for (i = 0; i < 300; i++) {
		struct mod md;
		ncr_limb rr2[MAXN];

		mod_setup(&md, LBI * (1 + rnd() % (i < 250 ? 20 : MAXN - 1)));
		if (i % 50 == 0)
			memset(md.m, 0xff, md.n * LBY);
		if (i % 50 == 1) {	/* the smallest: 2^(L-1) + 1 */
			ncr_bn_zero(md.m, md.n);
			md.m[0] = 1;
			md.m[md.n - 1] |= (ncr_limb)1 << (LBI - 1);
		}
		ncr_bn_mont_rr(md.rr, md.m, md.n);
		ncr_bn_mont_rr_top(rr2, md.m, md.n);
		good_rr &= !memcmp(rr2, md.rr, md.n * LBY);
		BN_free(md.bm);
	}
	ok(good_rr, "mont_rr_top = mont_rr for 300 moduli with the top bit set");
	ok(good_mul, "mont_mul = a b R^-1 mod m, to/from_mont, 1500 random");
	ok(good_red, "mod_reduce of 2n limbs = BN_mod, 1500 random");
}

static void test_modexp(void)
{
	int good = 1, i;
	struct mod md;
	ncr_limb a[MAXN], e[MAXN];

	/* random sizes, full-length exponents; big ones are slow, so fewer */
	for (i = 0; i < 400; i++) {
		size_t bits = i < 360 ? 64 + rnd() % 961 :
			      i < 390 ? 1025 + rnd() % 1024 : 2049 + rnd() % 2048;
		size_t ebits, k;

		mod_setup(&md, bits);
		for (k = 0; k < md.n; k++)
			a[k] = rndl();	/* may exceed m */
		ebits = i % 3 ? bits : 1 + rnd() % bits;
		for (k = 0; k < NCR_BN_LIMBS(ebits); k++)
			e[k] = rndl();	/* garbage above ebits must be ignored */
		good &= check_exp(&md, a, e, ebits);
		BN_free(md.bm);
	}
	ok(good, "mod_exp vs BN_mod_exp, 400 random (64..4096 bits)");

	/* short public exponents on large moduli */
	good = 1;
	for (i = 0; i < 40; i++) {
		size_t k;

		mod_setup(&md, 2048 + rnd() % 2049);
		for (k = 0; k < md.n; k++)
			a[k] = rndl();
		e[0] = 65537;
		good &= check_exp(&md, a, e, 17);
		e[0] = 3;
		good &= check_exp(&md, a, e, 2);
		BN_free(md.bm);
	}
	ok(good, "mod_exp e = 65537 and 3, 40 random 2048..4096-bit moduli");
}

static void test_edges(void)
{
	struct mod md;
	ncr_limb a[MAXN], e[MAXN], m1[MAXN], one[MAXN];
	int good;
	size_t k;
	static const size_t sizes[] = { 64, 65, 96, 127, 1024, 2048 };

	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		char name[96];

		mod_setup(&md, sizes[k]);
		ncr_bn_set_u32(one, md.n, 1);
		memcpy(m1, md.m, md.n * LBY);
		ncr_bn_sub(m1, m1, one, md.n);
		rnd_bits(e, md.n, md.bits);
		good = 1;
		ncr_bn_zero(a, md.n);
		good &= check_exp(&md, a, e, md.bits);	/* 0^e */
		good &= check_exp(&md, a, e, 0);	/* 0^0 = 1 */
		good &= check_exp(&md, one, e, md.bits);
		good &= check_exp(&md, m1, e, md.bits);
		good &= check_exp(&md, m1, one, 1);	/* (m-1)^1 */
		good &= check_exp(&md, md.m, e, md.bits);	/* m^e = 0 */
		memset(a, 0xff, md.n * LBY);
		good &= check_exp(&md, a, one, 1);	/* (2^32n - 1) mod m */
		good &= check_exp(&md, a, e, 0);
		ncr_bn_zero(e, md.n);
		good &= check_exp(&md, a, e, md.bits);	/* exponent zero */
		snprintf(name, sizeof(name),
			 "mod_exp edges at %zu bits: 0, 1, m-1, m, 2^k-1; e = 0, 1",
			 sizes[k]);
		ok(good, name);
		BN_free(md.bm);
	}

	/* one-limb moduli, including 1, 3 and 2^32 - 1 */
	good = 1;
	{
		static const ncr_limb ms[] = { 1, 3, 5, (ncr_limb)-5, (ncr_limb)-1 };

		for (k = 0; k < 5; k++) {
			mod_from(&md, &ms[k], 1);
			a[0] = 0xdeadbeef;
			e[0] = 0x12345677;
			good &= check_exp(&md, a, e, 32);
			e[0] = 1;
			good &= check_exp(&md, a, e, 1);
			BN_free(md.bm);
		}
	}
	ok(good, "mod_exp with one-limb moduli 1, 3, 5, 2^L-5, 2^L-1");

	/* modulus with a zero top limb (n larger than needed) */
	good = 1;
	{
		ncr_limb m[4] = { 0, 0, 0, 0 };

		rnd_mod(m, 70);
		mod_from(&md, m, 4);
		for (k = 0; k < 4; k++)
			a[k] = rndl();
		rnd_bits(e, 4, 128);
		good &= check_exp(&md, a, e, 128);
		BN_free(md.bm);
	}
	ok(good, "mod_exp with leading zero limbs in m");
}

static void test_inverse(void)
{
	int good = 1, i, j;

	for (i = 0; i < 24; i++) {
		size_t bits = i < 20 ? 64 + rnd() % 449 : i < 23 ? 1024 : 2048;
		struct mod md;
		BIGNUM *p = BN_new(), *bi = BN_new(), *ba;
		ncr_limb a[MAXN], r[MAXN];
		size_t k;

		BN_generate_prime_ex(p, (int)bits, 0, NULL, NULL, NULL);
		md.n = NCR_BN_LIMBS(bits);
		from_ossl(a, md.n, p);
		mod_from(&md, a, md.n);
		for (j = 0; j < (bits > 1024 ? 2 : 20); j++) {
			for (k = 0; k < md.n; k++)
				a[k] = rndl();
			if (j == 0)
				ncr_bn_set_u32(a, md.n, 1);
			ba = to_ossl(a, md.n);
			BN_mod(ba, ba, p, ctx);
			BN_mod_inverse(bi, ba, p, ctx);
			ncr_bn_mod_inv_prime(r, a, md.m, md.n, md.m0i, md.rr,
					     scratch);
			good &= same(r, md.n, bi);
			BN_free(ba);
		}
		/* 0 and p have no inverse: 0 */
		ncr_bn_zero(a, md.n);
		ncr_bn_mod_inv_prime(r, a, md.m, md.n, md.m0i, md.rr, scratch);
		good &= ncr_bn_is_zero(r, md.n);
		ncr_bn_mod_inv_prime(r, md.m, md.m, md.n, md.m0i, md.rr, scratch);
		good &= ncr_bn_is_zero(r, md.n);
		BN_free(p);
		BN_free(bi);
		BN_free(md.bm);
	}
	ok(good, "mod_inv_prime vs BN_mod_inverse, 24 primes 64..2048 bits");
}

/* mont_sqr against mont_mul(a, a) and BN, incl. a = 0, 1, m-1 */
static void test_sqr(void)
{
	int good = 1, i;

	for (i = 0; i < 600; i++) {
		struct mod md;
		ncr_limb a[MAXN], r[MAXN], r2[MAXN];

		mod_setup(&md, i < 500 ? 9 + rnd() % 1100 : rnd_size());
		rnd_bits(a, md.n, rnd() % md.bits);	/* below m */
		if (i % 7 == 4) {	/* as high as it goes: m - 1 - small */
			memcpy(a, md.m, md.n * LBY);
			a[0] ^= 1;
			a[0] &= ~(ncr_limb)0xff;
		}
		if (i % 7 == 1)
			ncr_bn_zero(a, md.n);
		if (i % 7 == 2)
			ncr_bn_set_u32(a, md.n, 1);
		if (i % 7 == 3) {
			memcpy(a, md.m, md.n * LBY);
			a[0] ^= 1;	/* m - 1 */
		}
		ncr_bn_mont_mul(r, a, a, md.m, md.n, md.m0i, scratch);
		memcpy(r2, a, md.n * LBY);
		ncr_bn_mont_sqr(r2, r2, md.m, md.n, md.m0i, scratch);
		good &= !memcmp(r, r2, md.n * LBY) && ncr_bn_lt(r2, md.m, md.n);
		BN_free(md.bm);
	}
	ok(good, "mont_sqr = mont_mul(a, a), 600 random moduli incl. 0, 1, m-1");
}

static void test_mul_shift(void)
{
	int good_mul = 1, good_sh = 1, good_bl = 1, i;
	ncr_limb a[MAXN], b[MAXN], r[2 * MAXN];

	for (i = 0; i < 1000; i++) {
		size_t na = 1 + rnd() % MAXN, nb = 1 + rnd() % MAXN, k;
		BIGNUM *x, *y, *z = BN_new();
		unsigned int s;

		for (k = 0; k < na; k++)
			a[k] = i % 10 == 0 ? (ncr_limb)-1 : rndl();
		for (k = 0; k < nb; k++)
			b[k] = i % 10 == 0 ? (ncr_limb)-1 : rndl();
		if (i % 10 == 1)
			ncr_bn_zero(a, na);
		x = to_ossl(a, na);
		y = to_ossl(b, nb);
		ncr_bn_mul(r, a, na, b, nb);
		BN_mul(z, x, y, ctx);
		good_mul &= same(r, na + nb, z);
		/* shifts, in place and not */
		s = rnd() % (unsigned int)(LBI * na);
		if (i % 5 == 0)
			s = (unsigned int)(LBI * (rnd() % na));	/* whole limbs */
		BN_rshift(z, x, (int)s);
		ncr_bn_rshift(r, a, na, s);
		good_sh &= same(r, na, z);
		memcpy(r, a, na * LBY);
		ncr_bn_rshift(r, r, na, s);
		good_sh &= same(r, na, z);
		BN_lshift(z, x, (int)s);
		BN_mask_bits(z, (int)(LBI * na));
		ncr_bn_lshift(r, a, na, s);
		good_sh &= same(r, na, z);
		memcpy(r, a, na * LBY);
		ncr_bn_lshift(r, r, na, s);
		good_sh &= same(r, na, z);
		/* bit length, also of values with few bits */
		if (i % 3 == 0)
			rnd_bits(a, na, rnd() % (LBI * na + 1));
		BN_free(x);
		x = to_ossl(a, na);
		good_bl &= ncr_bn_bit_length(a, na) == (size_t)BN_num_bits(x);
		BN_free(x);
		BN_free(y);
		BN_free(z);
	}
	ncr_bn_zero(a, 3);
	good_bl &= ncr_bn_bit_length(a, 3) == 0;
	a[0] = 1;
	good_bl &= ncr_bn_bit_length(a, 3) == 1;
	a[2] = (ncr_limb)1 << (LBI - 1);
	good_bl &= ncr_bn_bit_length(a, 3) == 3 * LBI;
	ok(good_mul, "mul vs BN_mul, 1000 random sizes 1..MAXN limbs incl. all-ones");
	ok(good_sh, "rshift/lshift vs BN, in place and not");
	ok(good_bl, "bit_length vs BN_num_bits incl. 0, 1, top bit");
}

static void test_mod_small(void)
{
	int good = 1, i;
	ncr_limb a[MAXN];
	static const u32 ds[] = { 2, 3, 5, 7, 65537, 0x7fffffff, 0x7ffffffe,
				  0x40000001, 65536 };

	for (i = 0; i < 3000; i++) {
		size_t n = 1 + rnd() % MAXN, k;
		u32 d = i < 900 ? ds[i % 9] : 2 + rnd() % 0x7ffffffe;
		BIGNUM *x;

		if (i % 3 == 2)
			d = 2 + rnd() % 3000;
		for (k = 0; k < n; k++)
			a[k] = i % 11 == 0 ? (ncr_limb)-1 : rndl();
		if (i % 13 == 0)
			ncr_bn_zero(a, n);
		x = to_ossl(a, n);
		good &= ncr_bn_mod_small(a, n, d) == (u32)BN_mod_word(x, d);
		BN_free(x);
	}
	good &= ncr_bn_mod_small(a, 1, 1) == 0 && ncr_bn_mod_small(a, 1, 0x80000000u) == 0;
	ok(good, "mod_small vs BN_mod_word, 3000 random values and divisors < 2^31");
}

static void test_reduce_any(void)
{
	int good = 1, i;
	ncr_limb x[4 * MAXN], r[MAXN];

	for (i = 0; i < 800; i++) {
		struct mod md;
		size_t nx, k;
		BIGNUM *bx, *br = BN_new();

		mod_setup(&md, i < 700 ? 2 + rnd() % 1100 : rnd_size());
		nx = rnd() % (3 * md.n + 2);
		if (i % 4 == 0)
			nx = 2 * md.n;
		for (k = 0; k < nx; k++)
			x[k] = i % 9 == 0 ? (ncr_limb)-1 : rndl();
		if (i % 9 == 1 && nx >= md.n) {
			ncr_bn_zero(x, nx);
			memcpy(x, md.m, md.n * LBY);	/* m itself */
		}
		ncr_bn_mod_reduce_any(r, x, nx, md.m, md.n, md.m0i, md.rr, scratch);
		if (nx) {
			bx = to_ossl(x, nx);
			BN_mod(br, bx, md.bm, ctx);
			BN_free(bx);
		} else {
			BN_zero(br);
		}
		good &= same(r, md.n, br);
		BN_free(br);
		BN_free(md.bm);
	}
	ok(good, "mod_reduce_any vs BN_mod, 800 random (nx 0..3n+1 limbs)");
}

static void test_inv_odd(void)
{
	int good = 1, good_non = 1, i;
	ncr_limb a[MAXN], r[MAXN], m[MAXN];

	for (i = 0; i < 400; i++) {
		size_t bits = i < 360 ? 2 + rnd() % 1100 : 1025 + rnd() % 3072;
		size_t n = NCR_BN_LIMBS(bits), k;
		BIGNUM *bm, *ba, *bi = BN_new(), *g = BN_new();
		u32 inv;

		rnd_mod(m, bits);
		if (i % 10 == 1 && bits > 8)	/* a product with a small factor */
			ncr_bn_rshift(m, m, n, 3);
		m[0] |= 1;
		if (ncr_bn_bit_length(m, n) < 2)
			m[0] = 3;
		for (k = 0; k < n; k++)
			a[k] = rndl();	/* may exceed m */
		if (i % 8 == 2)
			ncr_bn_set_u32(a, n, 1);
		if (i % 8 == 3) {
			memcpy(a, m, n * LBY);
			a[0] ^= 1;	/* m - 1 */
		}
		if (i % 8 == 4)
			ncr_bn_zero(a, n);
		if (i % 8 == 5)		/* a = m: gcd m */
			memcpy(a, m, n * LBY);
		if (i % 8 == 6 && bits > 8) {	/* m and a share the factor 3 */
			ncr_limb three = 3, tmp[MAXN + 1];

			ncr_bn_rshift(m, m, n, 2);
			m[0] |= 1;
			ncr_bn_mul(tmp, m, n, &three, 1);
			memcpy(m, tmp, n * LBY);
			ncr_bn_rshift(a, a, n, 2);
			ncr_bn_mul(tmp, a, n, &three, 1);
			memcpy(a, tmp, n * LBY);
		}
		bm = to_ossl(m, n);
		ba = to_ossl(a, n);
		BN_gcd(g, ba, bm, ctx);
		inv = ncr_bn_mod_inv_odd(r, a, m, n, scratch);
		if (BN_is_one(g)) {
			BN_mod_inverse(bi, ba, bm, ctx);
			good &= inv == 1 && same(r, n, bi);
		} else {
			good_non &= inv == 0 && ncr_bn_is_zero(r, n);
		}
		/* in place */
		memcpy(r, a, n * LBY);
		good &= ncr_bn_mod_inv_odd(r, r, m, n, scratch) == inv;
		BN_free(bm);
		BN_free(ba);
		BN_free(bi);
		BN_free(g);
	}
	/* edges: m = 2^L - 1 and 3, a = 1, 2, 2^(L-1), m - 1, all ones (> m) */
	for (i = 0; i < 5 * 6; i++) {
		size_t n = (size_t[]){ 1, 2, 16, 32, MAXN - 1 }[i / 6], k;
		BIGNUM *bm, *ba, *bi = BN_new(), *g = BN_new();
		u32 inv;

		memset(m, 0xff, n * LBY);
		if (i % 2)
			ncr_bn_set_u32(m, n, 3);
		ncr_bn_zero(a, n);
		switch (i % 6 / 2) {
		case 0:
			a[0] = 2;
			break;
		case 1:
			a[n - 1] = (ncr_limb)1 << (LBI - 1);
			break;
		default:
			for (k = 0; k < n; k++)
				a[k] = (ncr_limb)-1;
			a[0] -= 1 - i % 2;	/* m - 1 for m = 2^L - 1 */
		}
		bm = to_ossl(m, n);
		ba = to_ossl(a, n);
		BN_gcd(g, ba, bm, ctx);
		inv = ncr_bn_mod_inv_odd(r, a, m, n, scratch);
		if (BN_is_one(g)) {
			BN_mod_inverse(bi, ba, bm, ctx);
			good &= inv == 1 && same(r, n, bi);
		} else {
			good_non &= inv == 0 && ncr_bn_is_zero(r, n);
		}
		BN_free(bm);
		BN_free(ba);
		BN_free(bi);
		BN_free(g);
	}
	ok(good, "mod_inv_odd vs BN_mod_inverse, 400 random odd moduli 2..4096 bits + edges");
	ok(good_non, "mod_inv_odd: 0 and r = 0 when gcd(a, m) > 1");
}

int main(void)
{
	const char *s = getenv("NCR_BN_SEED");

	rng_state = s ? strtoull(s, NULL, 0) : 0x6e6372626e756e69ull;
	if (!rng_state)
		rng_state = 1;
	printf("# seed 0x%llx\n", (unsigned long long)rng_state);
	ctx = BN_CTX_new();
	test_ct();
	test_codec();
	test_addsub();
	test_mont();
	test_edges();
	test_modexp();
	test_inverse();
	test_sqr();
	test_mul_shift();
	test_mod_small();
	test_reduce_any();
	test_inv_odd();
	BN_CTX_free(ctx);
	return tap_done();
}
