// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * bench_ec.c - P-256 and P-384 speed against OpenSSL 3 in the same run:
 * ECDSA sign over a digest (ours: RFC 6979 nonce, deterministic; OpenSSL:
 * EVP_PKEY_sign, random nonce, DER output), verify, and ECDH (ours:
 * ncr_ecdh with point validation; OpenSSL: EVP_PKEY_derive on a prepared
 * context).  Each figure is the best of several rounds, OpenSSL and ours
 * alternating, so that a machine shared with other jobs disturbs the ratio
 * less.  `make bench-core`.
 */
#include <stdio.h>
#include <time.h>
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include "ec/ec.h"
#include "hash/hash.h"

#define ROUNDS	5
#define SLICE	0.2	/* seconds per round */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);	/* CPU time: the machine is shared */
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

struct job {
	u32 curve;
	size_t L;
	u8 d[64], pub[128], peer[128], dig[64], sig[128], der[160];
	size_t derlen;
	EVP_PKEY_CTX *sign, *verify, *derive;
};

static int op(struct job *j, int which)
{
	u8 out[160];
	size_t len = sizeof(out);

	switch (which) {
	case 0:
		return ncr_ecdsa_sign(j->curve, j->d, j->L, NCR_HASH_SHA256, j->dig, 32, NULL, out);
	case 1:
		return EVP_PKEY_sign(j->sign, out, &len, j->dig, 32) != 1;
	case 2:
		return ncr_ecdsa_verify(j->curve, j->pub, 1 + 2 * j->L, j->dig, 32, j->sig, 2 * j->L);
	case 3:
		return EVP_PKEY_verify(j->verify, j->der, j->derlen, j->dig, 32) != 1;
	case 4:
		return ncr_ecdh(j->curve, j->d, j->L, j->peer, 1 + 2 * j->L, out);
	default:
		len = j->L;
		return EVP_PKEY_derive(j->derive, out, &len) != 1;
	}
}

static double rate(struct job *j, int which)
{
	double t0 = now(), t;
	long n = 0;

	do {
		if (op(j, which)) {
			fprintf(stderr, "operation %d failed\n", which);
			exit(1);
		}
		n++;
		t = now() - t0;
	} while (t < SLICE);
	return n / t;
}

static void setup(struct job *j, u32 curve)
{
	const char *name = curve == NCR_EC_P256 ? "P-256" : "P-384";
	EVP_PKEY *a = EVP_PKEY_Q_keygen(NULL, NULL, "EC", name);
	EVP_PKEY *b = EVP_PKEY_Q_keygen(NULL, NULL, "EC", name);
	BIGNUM *bn = NULL;
	ECDSA_SIG *s;
	unsigned char *p;
	size_t len;

	j->curve = curve;
	j->L = ncr_ec_field_len(curve);
	EVP_PKEY_get_bn_param(a, OSSL_PKEY_PARAM_PRIV_KEY, &bn);
	BN_bn2binpad(bn, j->d, (int)j->L);
	BN_clear_free(bn);
	EVP_PKEY_get_octet_string_param(a, OSSL_PKEY_PARAM_PUB_KEY, j->pub, sizeof(j->pub), &len);
	EVP_PKEY_get_octet_string_param(b, OSSL_PKEY_PARAM_PUB_KEY, j->peer, sizeof(j->peer), &len);
	memset(j->dig, 0x3c, sizeof(j->dig));
	ncr_ecdsa_sign(curve, j->d, j->L, NCR_HASH_SHA256, j->dig, 32, NULL, j->sig);
	s = ECDSA_SIG_new();
	ECDSA_SIG_set0(s, BN_bin2bn(j->sig, (int)j->L, NULL), BN_bin2bn(j->sig + j->L, (int)j->L, NULL));
	p = j->der;
	j->derlen = (size_t)i2d_ECDSA_SIG(s, &p);
	ECDSA_SIG_free(s);
	j->sign = EVP_PKEY_CTX_new(a, NULL);
	EVP_PKEY_sign_init(j->sign);
	j->verify = EVP_PKEY_CTX_new(a, NULL);
	EVP_PKEY_verify_init(j->verify);
	j->derive = EVP_PKEY_CTX_new(a, NULL);
	EVP_PKEY_derive_init(j->derive);
	EVP_PKEY_derive_set_peer(j->derive, b);
	EVP_PKEY_free(a);
	EVP_PKEY_free(b);
}

int main(void)
{
	static const char *what[3] = { "ECDSA sign", "ECDSA verify", "ECDH" };
	static const u32 curves[2] = { NCR_EC_P256, NCR_EC_P384 };
	struct job j;
	int c, w, r;

	printf("%-8s %-14s %12s %12s %7s\n", "curve", "operation", "ncr op/s", "OpenSSL op/s",
	       "ratio");
	for (c = 0; c < 2; c++) {
		setup(&j, curves[c]);
		for (w = 0; w < 3; w++) {
			double ours = 0, ossl = 0, x;

			for (r = 0; r < ROUNDS; r++) {
				x = rate(&j, 2 * w + 1);
				if (x > ossl)
					ossl = x;
				x = rate(&j, 2 * w);
				if (x > ours)
					ours = x;
			}
			printf("%-8s %-14s %12.0f %12.0f %7.2f\n", c ? "P-384" : "P-256", what[w], ours,
			       ossl, ours / ossl);
		}
		EVP_PKEY_CTX_free(j.sign);
		EVP_PKEY_CTX_free(j.verify);
		EVP_PKEY_CTX_free(j.derive);
	}
	return 0;
}
