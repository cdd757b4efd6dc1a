// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_rsa_keygen.c - core/bn/prime.c against BN_check_prime, and RSA key
 * generation in core/rsa/rsa_keygen.c checked by OpenSSL (EVP_PKEY_check,
 * FIPS 186-5 conditions), with its argument errors and yields; part of
 * build/tests/test_rsa_unit.  TAP (test_tap_split.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/bn.h>
#include <openssl/rand.h>
#include "rsa/rsa.h"
#include "bn/prime.h"
#include "hash/hash.h"
#include "test_tap_split.h"
#include "test_rsa_unit.h"

static int stop_yield(void *ctx)
{
	int *count = ctx;

	return ++*count > 3;
}

void test_prime(void)
{
	static ncr_limb w[NCR_BN_LIMBS(1024)], t[NCR_PRIME_TEST_SCRATCH(NCR_BN_LIMBS(1024))];
	static const unsigned long carm[] = { 561, 1105, 1729, 2465, 2821, 6601, 8911, 41041,
		825265, 321197185, 5394826801ul, 232250619601ul, 9746347772161ul,
		3215031751ul /* strong pseudoprime to bases 2, 3, 5, 7 */ };
	static const unsigned long primes[] = { 5, 7, 65537, 2147483647, 4294967291ul,
		1000000007, 2305843009213693951ul };
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *b = BN_new();
	int bad = 0, np = 0, it;
	u8 buf[128];

	for (it = 0; it < 600; it++) {
		int bits = it < 250 ? 3 + rand() % 40 : it < 500 ? 64 + rand() % 200 : 512;
		size_t n, len;
		int r, o;

		BN_rand(b, bits, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ODD);
		if (BN_is_word(b, 3))
			continue;
		len = BN_bn2bin(b, buf);
		n = NCR_BN_LIMBS_BYTES(len);
		ncr_bn_decode_be(w, n, buf, len);
		r = ncr_prime_test(w, n, ncr_prime_mr_rounds(bits), &env, t);
		o = BN_check_prime(b, ctx, NULL);
		np += o;
		if (r != o) {
			char *dec = BN_bn2dec(b);

			bad++;
			printf("# prime test of %s: ours %d, OpenSSL %d\n", dec, r, o);
			OPENSSL_free(dec);
		}
	}
	ok(!bad && np > 15, "prime test agrees with BN_check_prime on 600 random odd numbers (%d primes)", np);
	bad = 0;
	for (it = 0; it < (int)(sizeof(carm) / sizeof(carm[0])); it++) {
		size_t len, n;

		BN_set_word(b, carm[it]);
		len = BN_bn2bin(b, buf);
		n = NCR_BN_LIMBS_BYTES(len);
		ncr_bn_decode_be(w, n, buf, len);
		bad += ncr_prime_test(w, n, 20, &env, t) != 0;
	}
	ok(!bad, "Carmichael numbers and strong pseudoprimes are composite");
	bad = 0;
	for (it = 0; it < (int)(sizeof(primes) / sizeof(primes[0])); it++) {
		size_t len, n;

		BN_set_word(b, primes[it]);
		len = BN_bn2bin(b, buf);
		n = NCR_BN_LIMBS_BYTES(len);
		ncr_bn_decode_be(w, n, buf, len);
		bad += ncr_prime_test(w, n, 20, &env, t) != 1;
	}
	/* a 1024-bit prime from OpenSSL */
	BN_generate_prime_ex(b, 1024, 0, NULL, NULL, NULL);
	BN_bn2binpad(b, buf, 128);
	ncr_bn_decode_be(w, NCR_BN_LIMBS(1024), buf, 128);
	bad += ncr_prime_test(w, NCR_BN_LIMBS(1024), 5, &env, t) != 1;
	ok(!bad, "known primes are prime");
	ok(ncr_prime_mr_rounds(1024) == 5 && ncr_prime_mr_rounds(1536) == 4 &&
	   ncr_prime_mr_rounds(2048) == 4 && ncr_prime_mr_rounds(256) == 64, "MR round counts");
	BN_free(b);
	BN_CTX_free(ctx);
}

void test_keygen(u32 bits)
{
	static u8 buf[NCR_RSA_GEN_BUF(4096)];
	static const u8 e65537[] = { 1, 0, 1 };
	struct key k;
	EVP_PKEY_CTX *c;
	int r, good;
	char what[40];

	memset(&k, 0, sizeof(k));
	r = ncr_rsa_generate(bits, e65537, 3, &env, buf, sizeof(buf), &k.parts, scratch);
	k.bits = bits;
	k.pk = r ? NULL : openssl_from_parts(&k.parts);
	good = k.pk != NULL;
	if (good) {
		c = EVP_PKEY_CTX_new(k.pk, NULL);
		good = EVP_PKEY_check(c) == 1 && EVP_PKEY_private_check(c) == 1 &&
		       EVP_PKEY_pairwise_check(c) == 1 && EVP_PKEY_get_bits(k.pk) == (int)bits;
		EVP_PKEY_CTX_free(c);
	}
	ok(good, "keygen %u: OpenSSL accepts the key (check, private check, pairwise)", bits);
	if (!good)
		return;
	{
		/* FIPS 186-5 conditions */
		BIGNUM *p = BN_bin2bn(k.parts.p.p, k.parts.p.len, NULL);
		BIGNUM *q = BN_bin2bn(k.parts.q.p, k.parts.q.len, NULL);
		BIGNUM *d = BN_bin2bn(k.parts.d.p, k.parts.d.len, NULL);
		BIGNUM *p1 = BN_new(), *q1 = BN_new(), *g = BN_new(), *lam = BN_new();
		BIGNUM *e = BN_new(), *de = BN_new(), *diff = BN_new();
		BN_CTX *ctx = BN_CTX_new();

		BN_sub(p1, p, BN_value_one());
		BN_sub(q1, q, BN_value_one());
		BN_gcd(g, p1, q1, ctx);
		BN_mul(lam, p1, q1, ctx);
		BN_div(lam, NULL, lam, g, ctx);
		BN_set_word(e, 65537);
		BN_mod_mul(de, d, e, lam, ctx);
		BN_sub(diff, p, q);
		BN_set_negative(diff, 0);
		ok(BN_is_one(de) && BN_cmp(d, lam) < 0 && BN_num_bits(d) > (int)bits / 2 &&
		   BN_num_bits(diff) > (int)bits / 2 - 100 && BN_num_bits(p) == (int)bits / 2 &&
		   BN_num_bits(q) == (int)bits / 2,
		   "keygen %u: d = e^-1 mod lcm(p-1, q-1), d > 2^(bits/2), |p-q| large", bits);
		BN_free(p); BN_free(q); BN_free(d); BN_free(p1); BN_free(q1); BN_free(g);
		BN_free(lam); BN_free(e); BN_free(de); BN_free(diff);
		BN_CTX_free(ctx);
	}
	snprintf(what, sizeof(what), "generated %u", bits);
	if (bits == 2048) {
		u8 dg[32], sig[512];

		RAND_bytes(dg, 32);
		r = ncr_rsa_sign(&k.parts, NCR_RSA_PAD_PSS, NCR_HASH_SHA256, NCR_HASH_SHA256, 32,
				 dg, 32, &env, sig, scratch);
		ok(!r && ossl_verify(k.pk, RSA_PKCS1_PSS_PADDING, NCR_HASH_SHA256,
				     NCR_HASH_SHA256, 32, dg, 32, sig, 256),
		   "%s: our PSS signature verifies in OpenSSL", what);
		r = ncr_rsa_sign(&k.parts, NCR_RSA_PAD_PKCS1, NCR_HASH_SHA256, 0, 0, dg, 32, &env,
				 sig, scratch);
		ok(!r && ossl_verify(k.pk, RSA_PKCS1_PADDING, NCR_HASH_SHA256, 0, 0, dg, 32, sig,
				     256), "%s: our PKCS#1 signature verifies in OpenSSL", what);
	}
	EVP_PKEY_free(k.pk);
}

void test_keygen_args(void)
{
	static u8 buf[NCR_RSA_GEN_BUF(4096)];
	static const u8 e3[] = { 3 }, e65537[] = { 0, 1, 0, 1 }, eeven[] = { 1, 0, 2 };
	struct ncr_rsa_parts p = { 0 };
	struct ncr_env yenv = env;
	int count = 0, r;

	ok(ncr_rsa_generate(1024, e65537, 4, &env, buf, sizeof(buf), &p, scratch) == -EINVAL &&
	   ncr_rsa_generate(2047, e65537, 4, &env, buf, sizeof(buf), &p, scratch) == -EINVAL &&
	   ncr_rsa_generate(2048, e3, 1, &env, buf, sizeof(buf), &p, scratch) == -EINVAL &&
	   ncr_rsa_generate(2048, eeven, 3, &env, buf, sizeof(buf), &p, scratch) == -EINVAL &&
	   ncr_rsa_generate(2048, e65537, 4, &env, buf, 10, &p, scratch) == -ERANGE,
	   "keygen rejects bad sizes, exponents and buffers");
	yenv.yield = stop_yield;
	yenv.ctx = &count;
	r = ncr_rsa_generate(2048, e65537, 4, &yenv, buf, sizeof(buf), &p, scratch);
	ok(r == -EINTR && count == 4, "keygen stops with -EINTR when yield returns 1");
}
