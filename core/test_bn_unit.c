// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_bn_unit.c - core/bn*.c against OpenSSL's BN on random inputs of
 * 64..4096 bits, plus edge cases.  TAP output.  NCR_BN_SEED picks the
 * random stream (default fixed, so a failure reproduces).
 */
#include <stdio.h>
#include <stdlib.h>
#include <openssl/bn.h>
#include "bn.h"
#include "ct.h"

#define MAXN	(4096 / 32 + 1)

static int n_tests, failed;
static u64 rng_state;
static BN_CTX *ctx;

static void ok(int cond, const char *name)
{
	n_tests++;
	if (!cond)
		failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", n_tests, name);
}

static u32 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (u32)(rng_state >> 16);
}

/* Random value of exactly `bits` bits (top bit set) in n limbs. */
static void rnd_bits(u32 *a, size_t n, size_t bits)
{
	size_t i;

	ncr_bn_zero(a, n);
	for (i = 0; i < NCR_BN_LIMBS(bits); i++)
		a[i] = rnd();
	if (bits % 32)
		a[(bits - 1) / 32] &= (1u << (bits % 32)) - 1;
	if (bits)
		a[(bits - 1) / 32] |= 1u << ((bits - 1) % 32);
}

/* Random odd modulus of exactly bits bits, in n = LIMBS(bits) limbs. */
static void rnd_mod(u32 *m, size_t bits)
{
	rnd_bits(m, NCR_BN_LIMBS(bits), bits);
	m[0] |= 1;
}

static BIGNUM *to_ossl(const u32 *a, size_t n)
{
	u8 buf[4 * MAXN * 2];

	ncr_bn_encode_be(buf, 4 * n, a, n);
	return BN_bin2bn(buf, (int)(4 * n), NULL);
}

/* 1 if a (n limbs) equals the BIGNUM x. */
static int same(const u32 *a, size_t n, const BIGNUM *x)
{
	BIGNUM *y = to_ossl(a, n);
	int r = BN_cmp(x, y) == 0;

	BN_free(y);
	return r;
}

struct mod {
	u32 m[MAXN], rr[MAXN], m0i;
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

static void mod_from(struct mod *md, const u32 *m, size_t n)
{
	md->n = n;
	md->bits = 32 * n;
	memcpy(md->m, m, n * 4);
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

static u32 scratch[NCR_BN_INV_SCRATCH(MAXN) + NCR_BN_REDUCE_SCRATCH(MAXN)];

/* a^e mod m by ours and OpenSSL's; e has ebits bits (garbage above). */
static int check_exp(const struct mod *md, const u32 *a, const u32 *e,
		     size_t ebits)
{
	u32 r[MAXN], e2[MAXN] = { 0 };
	BIGNUM *ba = to_ossl(a, md->n), *be, *br = BN_new();
	int res;

	memcpy(e2, e, NCR_BN_LIMBS(ebits) * 4);
	if (ebits % 32)
		e2[ebits / 32] &= (1u << (ebits % 32)) - 1;
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
	u8 in[4 * MAXN + 8], out[4 * MAXN + 8];
	u32 a[MAXN + 2];
	int good = 1, i;

	for (i = 0; i < 2000; i++) {
		size_t len = 1 + rnd() % (4 * MAXN), n = NCR_BN_LIMBS_BYTES(len);
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
	ok(ncr_bn_decode_be(a, 1, in, 9) == 0, "decode: too long is 0");
	in[0] = 0;
	in[5] = 0xab;
	ok(ncr_bn_decode_be(a, 1, in, 9) == 1 && a[0] == 0xab000000,
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
	u32 a[MAXN], b[MAXN], r[MAXN], s[MAXN];
	int good = 1, i;

	for (i = 0; i < 2000; i++) {
		size_t n = 1 + rnd() % MAXN, k;
		u32 c, br;
		int cmp;
		BIGNUM *x, *y, *z = BN_new();

		for (k = 0; k < n; k++) {
			a[k] = rnd();
			b[k] = i % 4 ? rnd() : a[k];	/* equal quarters */
		}
		if (i % 8 == 1)
			b[rnd() % n] ^= 1;
		x = to_ossl(a, n);
		y = to_ossl(b, n);
		cmp = BN_cmp(x, y);
		good &= ncr_bn_cmp(a, b, n) == cmp;
		good &= ncr_bn_lt(a, b, n) == (cmp < 0);
		good &= ncr_bn_eq(a, b, n) == (cmp == 0);
		c = ncr_bn_add(r, a, b, n);
		BN_add(z, x, y);
		good &= c == (u32)(BN_num_bits(z) > (int)(32 * n));
		BN_mask_bits(z, (int)(32 * n));
		good &= same(r, n, z);
		br = ncr_bn_sub(s, r, b, n);
		good &= br == c && !memcmp(s, a, n * 4);
		/* conditional forms */
		memcpy(s, a, n * 4);
		good &= ncr_bn_cond_add(s, b, n, 0) == 0 && !memcmp(s, a, n * 4);
		good &= ncr_bn_cond_add(s, b, n, 1) == c && !memcmp(s, r, n * 4);
		good &= ncr_bn_cond_sub(s, b, n, 0) == 0 && !memcmp(s, r, n * 4);
		good &= ncr_bn_cond_sub(s, b, n, 1) == c && !memcmp(s, a, n * 4);
		ncr_bn_cond_copy(s, b, n, 0);
		good &= !memcmp(s, a, n * 4);
		ncr_bn_cond_copy(s, b, n, 1);
		good &= !memcmp(s, b, n * 4);
		memcpy(r, a, n * 4);
		ncr_bn_cond_swap(r, s, n, 0);
		good &= !memcmp(r, a, n * 4) && !memcmp(s, b, n * 4);
		ncr_bn_cond_swap(r, s, n, 1);
		good &= !memcmp(r, b, n * 4) && !memcmp(s, a, n * 4);
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
		u32 a[MAXN], b[MAXN], r[MAXN], x[2 * MAXN];
		BIGNUM *ba, *bb, *br = BN_new(), *rinv = BN_new(), *R = BN_new();
		BIGNUM *bx;
		size_t k;

		mod_setup(&md, i < 1000 ? 64 + rnd() % 961 : rnd_size());
		/* rr */
		BN_one(R);
		BN_lshift(R, R, (int)(64 * md.n));
		BN_mod(br, R, md.bm, ctx);
		good_rr &= same(md.rr, md.n, br);
		/* a any n-limb value, b < m */
		for (k = 0; k < md.n; k++)
			a[k] = rnd();
		rnd_bits(b, md.n, md.bits - 1 - rnd() % 8);
		ba = to_ossl(a, md.n);
		bb = to_ossl(b, md.n);
		BN_one(R);
		BN_lshift(R, R, (int)(32 * md.n));
		BN_mod_inverse(rinv, R, md.bm, ctx);
		ncr_bn_mont_mul(r, a, b, md.m, md.n, md.m0i, scratch);
		BN_mod_mul(br, ba, bb, md.bm, ctx);
		BN_mod_mul(br, br, rinv, md.bm, ctx);
		good_mul &= same(r, md.n, br);
		/* in place */
		memcpy(r, b, md.n * 4);
		ncr_bn_mont_mul(r, a, r, md.m, md.n, md.m0i, scratch);
		good_mul &= same(r, md.n, br);
		/* to_mont / from_mont round trip */
		ncr_bn_to_mont(r, b, md.m, md.n, md.m0i, md.rr, scratch);
		ncr_bn_from_mont(r, r, md.m, md.n, md.m0i, scratch);
		good_mul &= !memcmp(r, b, md.n * 4);
		/* reduce a random 2n-limb value */
		for (k = 0; k < 2 * md.n; k++)
			x[k] = rnd();
		if (i % 5 == 0)
			memset(x + md.n, 0xff, md.n * 4);	/* near the top */
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
	ok(good_mul, "mont_mul = a b R^-1 mod m, to/from_mont, 1500 random");
	ok(good_red, "mod_reduce of 2n limbs = BN_mod, 1500 random");
}

static void test_modexp(void)
{
	int good = 1, i;
	struct mod md;
	u32 a[MAXN], e[MAXN];

	/* random sizes, full-length exponents; big ones are slow, so fewer */
	for (i = 0; i < 400; i++) {
		size_t bits = i < 360 ? 64 + rnd() % 961 :
			      i < 390 ? 1025 + rnd() % 1024 : 2049 + rnd() % 2048;
		size_t ebits, k;

		mod_setup(&md, bits);
		for (k = 0; k < md.n; k++)
			a[k] = rnd();	/* may exceed m */
		ebits = i % 3 ? bits : 1 + rnd() % bits;
		for (k = 0; k < NCR_BN_LIMBS(ebits); k++)
			e[k] = rnd();	/* garbage above ebits must be ignored */
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
			a[k] = rnd();
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
	u32 a[MAXN], e[MAXN], m1[MAXN], one[MAXN];
	int good;
	size_t k;
	static const size_t sizes[] = { 64, 65, 96, 127, 1024, 2048 };

	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		char name[96];

		mod_setup(&md, sizes[k]);
		ncr_bn_set_u32(one, md.n, 1);
		memcpy(m1, md.m, md.n * 4);
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
		memset(a, 0xff, md.n * 4);
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
		static const u32 ms[] = { 1, 3, 5, 0xfffffffb, 0xffffffff };

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
	ok(good, "mod_exp with one-limb moduli 1, 3, 5, 2^32-5, 2^32-1");

	/* modulus with a zero top limb (n larger than needed) */
	good = 1;
	{
		u32 m[4] = { 0, 0, 0, 0 };

		rnd_mod(m, 70);
		mod_from(&md, m, 4);
		for (k = 0; k < 4; k++)
			a[k] = rnd();
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
		u32 a[MAXN], r[MAXN];
		size_t k;

		BN_generate_prime_ex(p, (int)bits, 0, NULL, NULL, NULL);
		md.n = NCR_BN_LIMBS(bits);
		BN_bn2binpad(p, (u8 *)scratch, (int)(4 * md.n));
		ncr_bn_decode_be(a, md.n, (u8 *)scratch, 4 * md.n);
		mod_from(&md, a, md.n);
		for (j = 0; j < (bits > 1024 ? 2 : 20); j++) {
			for (k = 0; k < md.n; k++)
				a[k] = rnd();
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
	BN_CTX_free(ctx);
	printf("1..%d\n", n_tests);
	return failed ? 1 : 0;
}
