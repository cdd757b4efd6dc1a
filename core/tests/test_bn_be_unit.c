// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_bn_be_unit.c - core/bn/bn_be.c against OpenSSL's BN: a^e mod m for
 * random odd moduli of 1..512 bytes, bases up to twice as long (and empty),
 * exponents of 0..64 bytes and as long as the modulus; the CRT form
 * against a^d mod pq for RSA keys OpenSSL makes (512..2048 bits) and
 * against its formula for random odd p, q; even moduli refused.
 * NCR_TEST_SEED picks another random stream.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/core_names.h>
#include "bn/bn_be.h"
#include "test_tap.h"

static unsigned long long seed = 0x5eed5eedULL;

static unsigned int rnd(void)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned int)(seed >> 33);
}

static void fill(unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (unsigned char)rnd();
}

/* out = BN as exactly len big-endian bytes */
static void bn_out(const BIGNUM *x, unsigned char *out, size_t len)
{
	BN_bn2binpad(x, out, (int)len);
}

static int one_exp(size_t mlen, size_t alen, size_t elen, BN_CTX *ctx)
{
	unsigned char m[512], a[1024], e[512], got[512], want[512];
	BIGNUM *M, *A, *E, *R;
	void *scr;
	int good;

	fill(m, mlen);
	m[mlen - 1] |= 1;
	fill(a, alen);
	fill(e, elen);
	scr = malloc(ncr_bn_be_scratch(mlen, alen, elen));
	M = BN_bin2bn(m, (int)mlen, NULL);
	A = BN_bin2bn(a, (int)alen, NULL);
	E = BN_bin2bn(e, (int)elen, NULL);
	R = BN_new();
	if (BN_is_one(M))
		BN_zero(R);
	else
		BN_mod_exp(R, A, E, M, ctx);
	bn_out(R, want, mlen);
	good = !ncr_bn_be_mod_exp(got, a, alen, e, elen, m, mlen, NULL, scr) &&
	       !memcmp(got, want, mlen);
	BN_free(M);
	BN_free(A);
	BN_free(E);
	BN_free(R);
	free(scr);
	return good;
}

static void exps(BN_CTX *ctx)
{
	unsigned int bad = 0, n = 0;

	for (size_t mlen = 1; mlen <= 512; mlen += 1 + rnd() % 17) {
		size_t alens[] = { 0, 1 + rnd() % mlen, mlen, 2 * mlen };
		size_t elens[] = { 0, 1, 3, 1 + rnd() % 64, mlen };

		for (size_t i = 0; i < 4; i++)
			for (size_t j = 0; j < 5; j++, n++)
				bad += !one_exp(mlen, alens[i], elens[j], ctx);
	}
	ok(!bad, "mod_exp: %u random (modulus, base, exponent) lengths = BN_mod_exp (%u bad)",
	   n, bad);
}

static int crt_check(const BIGNUM *p, const BIGNUM *q, const BIGNUM *dp,
		     const BIGNUM *dq, const BIGNUM *qi, const BIGNUM *want_d,
		     BN_CTX *ctx)
{
	unsigned char P[300], Q[300], DP[300], DQ[300], QI[300], A[600];
	unsigned char got[600], want[600];
	int pl = BN_num_bytes(p), ql = BN_num_bytes(q);
	int dpl = BN_num_bytes(dp), dql = BN_num_bytes(dq);
	int qil = BN_num_bytes(qi), al;
	BIGNUM *n = BN_new(), *a = BN_new(), *r = BN_new();
	BIGNUM *m1 = BN_new(), *m2 = BN_new(), *h = BN_new();
	size_t ex = dpl > dql ? dpl : dql;
	void *scr = malloc(ncr_bn_be_crt_scratch(pl, ql, pl + ql, ex, qil));
	int good;

	BN_mul(n, p, q, ctx);
	BN_rand_range(a, n);
	al = BN_num_bytes(a);
	BN_bn2bin(p, P);
	BN_bn2bin(q, Q);
	BN_bn2bin(dp, DP);
	BN_bn2bin(dq, DQ);
	BN_bn2bin(qi, QI);
	BN_bn2bin(a, A);
	if (want_d) {
		BN_mod_exp(r, a, want_d, n, ctx);
	} else {	/* the formula itself */
		BN_mod_exp(m1, a, dp, p, ctx);
		BN_mod_exp(m2, a, dq, q, ctx);
		BN_mod_sub(h, m1, m2, p, ctx);
		BN_mod_mul(h, h, qi, p, ctx);
		BN_mul(r, h, q, ctx);
		BN_add(r, r, m2);
	}
	bn_out(r, want, pl + ql);
	good = !ncr_bn_be_mod_exp_crt(got, A, al, P, pl, Q, ql, DP, dpl, DQ,
				      dql, QI, qil, NULL, scr) &&
	       !memcmp(got, want, pl + ql);
	free(scr);
	BN_free(n);
	BN_free(a);
	BN_free(r);
	BN_free(m1);
	BN_free(m2);
	BN_free(h);
	return good;
}

static void crt_rsa(BN_CTX *ctx)
{
	static const int bits[] = { 512, 768, 1024, 1536, 2048 };
	unsigned int bad = 0;

	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		EVP_PKEY *pk = EVP_RSA_gen(bits[i]);
		BIGNUM *p = NULL, *q = NULL, *dp = NULL, *dq = NULL;
		BIGNUM *qi = NULL, *d = NULL;

		EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_RSA_FACTOR1, &p);
		EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_RSA_FACTOR2, &q);
		EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_RSA_EXPONENT1, &dp);
		EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_RSA_EXPONENT2, &dq);
		EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_RSA_COEFFICIENT1, &qi);
		EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_RSA_D, &d);
		for (int k = 0; k < 4; k++)
			bad += !crt_check(p, q, dp, dq, qi, d, ctx);
		BN_free(p);
		BN_free(q);
		BN_free(dp);
		BN_free(dq);
		BN_free(qi);
		BN_free(d);
		EVP_PKEY_free(pk);
	}
	ok(!bad, "mod_exp_crt: RSA keys of 512..2048 bits, 4 inputs each = a^d mod n (%u bad)",
	   bad);
}

static void crt_random(BN_CTX *ctx)
{
	unsigned int bad = 0, n = 0;

	for (int i = 0; i < 200; i++, n++) {
		BIGNUM *p = BN_new(), *q = BN_new(), *dp = BN_new();
		BIGNUM *dq = BN_new(), *qi = BN_new();

		BN_rand(p, 8 + rnd() % 1000, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ODD);
		BN_rand(q, 8 + rnd() % 1000, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ODD);
		BN_rand(dp, 1 + rnd() % 600, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
		BN_rand(dq, 1 + rnd() % 600, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
		BN_rand(qi, 1 + rnd() % 1000, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
		if (!BN_is_zero(dp) && !BN_is_zero(dq) && !BN_is_zero(qi))
			bad += !crt_check(p, q, dp, dq, qi, NULL, ctx);
		BN_free(p);
		BN_free(q);
		BN_free(dp);
		BN_free(dq);
		BN_free(qi);
	}
	ok(!bad, "mod_exp_crt: %u random odd p, q (any sizes) = the CRT formula (%u bad)",
	   n, bad);
}

int main(void)
{
	const char *s = getenv("NCR_TEST_SEED");
	unsigned char m[4] = { 1, 2, 3, 4 }, out[4], scr[4096];
	BN_CTX *ctx = BN_CTX_new();

	if (s)
		seed = strtoull(s, NULL, 0);
	printf("# seed 0x%llx\n", seed);
	exps(ctx);
	crt_rsa(ctx);
	crt_random(ctx);
	ok(ncr_bn_be_mod_exp(out, m, 4, m, 4, m, 4, NULL, scr) == -EINVAL,
	   "mod_exp: an even modulus is refused");
	ok(ncr_bn_be_mod_exp(out, m, 4, m, 4, m, 0, NULL, scr) == -EINVAL,
	   "mod_exp: an empty modulus is refused");
	BN_CTX_free(ctx);
	return tap_done();
}
