/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * test_rsa_unit.h - what the files of the RSA unit test
 * (build/tests/test_rsa_unit) share: the key record, the helpers of
 * test_rsa_unit.c, and the tests each other file gives main().
 */
#ifndef NCR_TEST_RSA_UNIT_H
#define NCR_TEST_RSA_UNIT_H

#include <stddef.h>
#include <openssl/evp.h>
#include "rsa/rsa.h"

/* an OpenSSL key and its parts as big-endian bytes */
struct key {
	u8 buf[8][600];
	struct ncr_rsa_parts parts;
	EVP_PKEY *pk;
	u32 bits;
};

/* test_rsa_unit.c */
extern struct ncr_env env;	/* OpenSSL's RAND_bytes, no yield */
extern u8 *scratch;		/* ncr_rsa_scratch_size(4096) */
/* n, e, d, p, q, dp, dq, qinv by index 0..7 */
struct ncr_bytes *member(struct ncr_rsa_parts *p, int i);
void key_from_openssl(struct key *k, EVP_PKEY *pk);
EVP_PKEY *openssl_from_parts(const struct ncr_rsa_parts *p);
/* op: 0 sign, 1 verify, 2 encrypt, 3 decrypt */
EVP_PKEY_CTX *octx(EVP_PKEY *pk, int op, int pad, u32 hash, u32 mgf, int salt);
int ossl_verify(EVP_PKEY *pk, int pad, u32 hash, u32 mgf, int salt, const u8 *dg,
		size_t dl, const u8 *sig, size_t sl);
int ossl_crypt(EVP_PKEY *pk, int enc, int pad, u32 hash, u32 mgf, const u8 *label,
	       size_t ll, const u8 *in, size_t il, u8 *out, size_t *ol);

/* test_rsa_pad.c */
int ref_decrypt(EVP_PKEY *pk, const u8 *c, size_t k, size_t cap, u8 *out, size_t *ol,
		int *good);
int ir_agrees(const struct ncr_rsa_parts *parts, EVP_PKEY *pk, const u8 *c, size_t k,
	      size_t cap, int *good, size_t *len, u8 *got);
void test_unpad(void);
void test_unpad_implicit(void);
void test_implicit(struct key *k, const char *what, int nrand);
void test_ir_kat(void);

/* test_rsa_keygen.c */
void test_prime(void);
void test_keygen(u32 bits);
void test_keygen_args(void);

/* test_rsa_wycheproof.c */
size_t unhex(u8 *out, size_t cap, const char *h);
void test_wycheproof(int full);

#endif /* NCR_TEST_RSA_UNIT_H */
