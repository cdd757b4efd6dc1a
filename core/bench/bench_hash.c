// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * bench_hash.c - speed of core/hash/sha*.c, hash.c and hmac.c against OpenSSL's
 * EVP (which uses SHA-NI/AVX2 assembly where the CPU has it; run with
 * OPENSSL_ia32cap=0:0 to compare with its plain-C-like x86-64 code):
 * bulk throughput on 8 KiB, one-shot digests of 64 bytes, and an HMAC of
 * 32 bytes (the RFC 6979 / MGF1 sizes).  `make bench-core`.
 */
#include <stdio.h>
#include <time.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include "hash/hash.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static const struct {
	u32 id;
	const char *name;
	const char *ossl;
} hashes[] = {
	{ NCR_HASH_SHA1, "sha1", "SHA1" },
	{ NCR_HASH_SHA224, "sha224", "SHA224" },
	{ NCR_HASH_SHA256, "sha256", "SHA256" },
	{ NCR_HASH_SHA384, "sha384", "SHA384" },
	{ NCR_HASH_SHA512, "sha512", "SHA512" },
};

static u8 buf[8192], out[64];

int main(void)
{
	size_t k;
	unsigned int i, n, ol;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (u8)(i * 7);
	printf("%-7s %12s %12s %14s %14s %14s %14s\n", "hash",
	       "ncr MB/s", "ossl MB/s", "ncr 64B ns", "ossl 64B ns",
	       "ncr hmac32 ns", "ossl hmac32 ns");
	for (k = 0; k < sizeof(hashes) / sizeof(hashes[0]); k++) {
		EVP_MD *md = EVP_MD_fetch(NULL, hashes[k].ossl, NULL);
		EVP_MD_CTX *x = EVP_MD_CTX_new();
		double t0, r[6];

		n = 4000;
		t0 = now();
		for (i = 0; i < n; i++)
			ncr_hash(hashes[k].id, buf, sizeof(buf), out);
		r[0] = n * sizeof(buf) / (now() - t0) / 1e6;
		t0 = now();
		for (i = 0; i < n; i++)
			EVP_Digest(buf, sizeof(buf), out, &ol, md, NULL);
		r[1] = n * sizeof(buf) / (now() - t0) / 1e6;

		n = 200000;
		t0 = now();
		for (i = 0; i < n; i++)
			ncr_hash(hashes[k].id, buf, 64, out);
		r[2] = (now() - t0) / n * 1e9;
		t0 = now();
		for (i = 0; i < n; i++) {	/* reusing the context: its best */
			EVP_DigestInit_ex(x, md, NULL);
			EVP_DigestUpdate(x, buf, 64);
			EVP_DigestFinal_ex(x, out, &ol);
		}
		r[3] = (now() - t0) / n * 1e9;

		n = 100000;
		t0 = now();
		for (i = 0; i < n; i++) {
			struct ncr_hmac_ctx c;

			ncr_hmac_init(&c, hashes[k].id, buf, 32);
			ncr_hmac_update(&c, buf + 32, 32);
			ncr_hmac_final(&c, out);
		}
		r[4] = (now() - t0) / n * 1e9;
		t0 = now();
		for (i = 0; i < n; i++)
			HMAC(md, buf, 32, buf + 32, 32, out, &ol);
		r[5] = (now() - t0) / n * 1e9;
		printf("%-7s %12.0f %12.0f %14.0f %14.0f %14.0f %14.0f\n",
		       hashes[k].name, r[0], r[1], r[2], r[3], r[4], r[5]);
		EVP_MD_CTX_free(x);
		EVP_MD_free(md);
	}
	return 0;
}
