/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kdf.h - shared by the parts of build/tests/kdf (the files of tests/kdf/; main.c
 * says what the program checks): the algorithms with their OpenSSL
 * reference, the helpers that make source keys and run or refuse a KDF,
 * and each part's entry point.
 */
#ifndef NCR_TESTS_KDF_H
#define NCR_TESTS_KDF_H

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "libncr.h"
#include "tap.h"

#define ROUNDS		24	/* random inputs per algorithm */
#define MAX_IN		100	/* random input and key bytes */
#define MAX_OUT		300	/* random HMAC-type output bytes */


extern int fd;		/* the /dev/crypto of the run (main.c) */

struct kdfalg {
	uint32_t alg;
	const char *name;
	const char *kdf;	/* OpenSSL EVP_KDF name */
	const char *md;		/* digest; NULL: CMAC */
	uint32_t src_type;	/* of the source key; 0: a password */
	uint64_t src_algs;	/* the source key's set */
};

extern const struct kdfalg kdfalgs[];
extern const size_t n_kdfalgs;

const struct kdfalg *kdfalg_get(uint32_t alg);
int ref_kdf(const struct kdfalg *ka, const uint8_t *key,
	    size_t key_len, const struct ncr_kdf_params *p,
	    uint8_t *out, size_t len);
int src_import(uint32_t type, const void *b, size_t len,
	       uint32_t flags, uint32_t usage, uint64_t algs,
	       uint32_t *key);
int src_generate(uint32_t type, uint32_t bits, uint32_t usage,
		 uint64_t algs, uint32_t *key);
int kdf_bytes(uint32_t alg, uint32_t key,
	      const struct ncr_kdf_params *p, uint32_t type, size_t len,
	      uint8_t *out);
int kdf_refused(int want, uint32_t alg, uint32_t key,
		const struct ncr_kdf_params *p, uint32_t type,
		size_t len, const struct ncr_key_policy *pol,
		const char *what);
int raw_refused(int want, struct ncr_key_kdf *d, const char *what);
int import_refused(int want, uint32_t type, size_t len,
		   uint32_t usage, uint64_t algs, const char *what);
int key_attrs(uint32_t key, struct ncr_key_info *info);
void test_kat(void);
void test_diff(struct rng *rng);
void test_limits(struct rng *rng);
void test_new_key(void);
void test_always_sensitive(void);
void test_policy(void);
void test_args(void);
void test_ecdh_hkdf(void);
void test_kill(void);

#endif
