// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * bench_rsa.c - speed of core/rsa/rsa*.c beside OpenSSL 3 in the same run:
 * RSA-2048 and RSA-3072 PKCS#1 v1.5 sign (SHA-256 digest) and verify,
 * OAEP (SHA-256) encrypt and decrypt, in operations per second, with the
 * ratio ours / OpenSSL; then a few RSA-2048 key generations (ours and
 * OpenSSL's, informational: the time varies a lot from key to key).  Each
 * figure is the best of several rounds, ours and OpenSSL's alternating,
 * so that a machine shared with other jobs disturbs the ratio less.
 * `make bench-core`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/bn.h>
#include <openssl/rand.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include "rsa/rsa.h"

#define ROUNDS	5

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void rnd(void *ctx, u8 *out, size_t len)
{
	(void)ctx;
	RAND_bytes(out, (int)len);
}

static struct ncr_env env = { rnd, NULL, NULL };
static u8 *scratch;

static const char *names[8] = {
	OSSL_PKEY_PARAM_RSA_N, OSSL_PKEY_PARAM_RSA_E, OSSL_PKEY_PARAM_RSA_D,
	OSSL_PKEY_PARAM_RSA_FACTOR1, OSSL_PKEY_PARAM_RSA_FACTOR2,
	OSSL_PKEY_PARAM_RSA_EXPONENT1, OSSL_PKEY_PARAM_RSA_EXPONENT2,
	OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
};

struct bk {
	EVP_PKEY *pk;
	struct ncr_rsa_parts parts;
	u8 buf[8][600];
	size_t k;
	u8 dg[32], sig[512], ct[512], pt[512];
};

static void load(struct bk *b, u32 bits)
{
	struct ncr_bytes *m[8] = { &b->parts.n, &b->parts.e, &b->parts.d, &b->parts.p,
				   &b->parts.q, &b->parts.dp, &b->parts.dq, &b->parts.qinv };
	int i;

	memset(&b->parts, 0, sizeof(b->parts));
	b->pk = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits);
	for (i = 0; i < 8; i++) {
		BIGNUM *x = NULL;

		EVP_PKEY_get_bn_param(b->pk, names[i], &x);
		m[i]->len = BN_bn2bin(x, b->buf[i]);
		m[i]->p = b->buf[i];
		BN_free(x);
	}
	b->k = bits / 8;
	RAND_bytes(b->dg, 32);
}

static EVP_PKEY_CTX *ctx_for(struct bk *b, int op)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(b->pk, NULL);

	if (op == 0)
		EVP_PKEY_sign_init(c);
	else if (op == 1)
		EVP_PKEY_verify_init(c);
	else if (op == 2)
		EVP_PKEY_encrypt_init(c);
	else
		EVP_PKEY_decrypt_init(c);
	if (op < 2) {
		EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING);
		EVP_PKEY_CTX_set_signature_md(c, EVP_sha256());
	} else {
		EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_OAEP_PADDING);
		EVP_PKEY_CTX_set_rsa_oaep_md(c, EVP_sha256());
		EVP_PKEY_CTX_set_rsa_mgf1_md(c, EVP_sha256());
	}
	return c;
}

/* one operation: ours (which 0) or OpenSSL's (1); op 0 sign 1 verify 2 enc 3 dec */
static int one(struct bk *b, int which, int op, EVP_PKEY_CTX *c)
{
	size_t l = sizeof(b->pt);

	if (!which) {
		switch (op) {
		case 0:
			return ncr_rsa_sign(&b->parts, NCR_RSA_PAD_PKCS1, NCR_HASH_SHA256, 0, 0,
					    b->dg, 32, &env, b->sig, scratch);
		case 1:
			return ncr_rsa_verify(&b->parts, NCR_RSA_PAD_PKCS1, NCR_HASH_SHA256, 0, 0,
					      b->dg, 32, b->sig, b->k, scratch);
		case 2:
			return ncr_rsa_encrypt(&b->parts, NCR_RSA_PAD_OAEP, NCR_HASH_SHA256,
					       NCR_HASH_SHA256, NULL, 0, b->dg, 32, &env, b->ct,
					       scratch);
		default:
			return ncr_rsa_decrypt(&b->parts, NCR_RSA_PAD_OAEP, NCR_HASH_SHA256,
					       NCR_HASH_SHA256, NULL, 0, b->ct, b->k, &env, b->pt,
					       &l, scratch);
		}
	}
	switch (op) {
	case 0:
		l = b->k;
		return EVP_PKEY_sign(c, b->sig, &l, b->dg, 32) != 1;
	case 1:
		return EVP_PKEY_verify(c, b->sig, b->k, b->dg, 32) != 1;
	case 2:
		l = b->k;
		return EVP_PKEY_encrypt(c, b->ct, &l, b->dg, 32) != 1;
	default:
		return EVP_PKEY_decrypt(c, b->pt, &l, b->ct, b->k) != 1;
	}
}

/* ops/s of one round lasting about `secs` */
static double rate(struct bk *b, int which, int op, EVP_PKEY_CTX *c, double secs)
{
	double t0 = now(), t;
	long n = 0;

	do {
		if (one(b, which, op, c)) {
			fprintf(stderr, "operation %d (%s) failed\n", op, which ? "OpenSSL" : "ncr");
			exit(1);
		}
		n++;
		t = now() - t0;
	} while (t < secs);
	return n / t;
}

static void bench(u32 bits)
{
	static const char *opn[4] = { "sign PKCS#1 v1.5", "verify PKCS#1 v1.5",
				      "encrypt OAEP", "decrypt OAEP" };
	struct bk *b = calloc(1, sizeof(*b));
	int op, r;

	load(b, bits);
	for (op = 0; op < 4; op++) {
		EVP_PKEY_CTX *c = ctx_for(b, op);
		double best[2] = { 0, 0 };

		/* verify and decrypt use what the sign and encrypt rows left in b */
		for (r = 0; r < ROUNDS; r++) {
			int w;

			for (w = 0; w < 2; w++) {
				double x = rate(b, w, op, c, op & 1 ? 0.1 : 0.2);

				if (x > best[w])
					best[w] = x;
			}
		}
		printf("RSA-%u %-20s ncr %9.0f ops/s  OpenSSL %9.0f ops/s  ratio %.2f\n", bits,
		       opn[op], best[0], best[1], best[0] / best[1]);
		EVP_PKEY_CTX_free(c);
	}
	EVP_PKEY_free(b->pk);
	free(b);
}

static void keygen(int runs)
{
	static u8 buf[NCR_RSA_GEN_BUF(2048)];
	static const u8 e[] = { 1, 0, 1 };
	struct ncr_rsa_parts p = { 0 };
	double ours = 0, theirs = 0, t;
	int i;

	for (i = 0; i < runs; i++) {
		EVP_PKEY *pk;

		t = now();
		if (ncr_rsa_generate(2048, e, 3, &env, buf, sizeof(buf), &p, scratch)) {
			fprintf(stderr, "keygen failed\n");
			exit(1);
		}
		ours += now() - t;
		t = now();
		pk = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
		theirs += now() - t;
		EVP_PKEY_free(pk);
	}
	printf("RSA-2048 keygen (mean of %d)    ncr %9.1f ms     OpenSSL %9.1f ms     ratio %.2f\n",
	       runs, 1e3 * ours / runs, 1e3 * theirs / runs, theirs / ours);
}

int main(int argc, char **argv)
{
	int runs = argc > 1 ? atoi(argv[1]) : 5;

	scratch = aligned_alloc(64, (ncr_rsa_scratch_size(4096) + 63) & ~63ul);
	printf("# core/rsa/rsa*.c vs OpenSSL %s (ratio > 1: ncr faster)\n",
	       OpenSSL_version(OPENSSL_VERSION_STRING));
	bench(2048);
	bench(3072);
	keygen(runs);
	free(scratch);
	return 0;
}
