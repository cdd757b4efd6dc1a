/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * test_dlog.h - what the files of the DSA/DH unit test
 * (build/tests/test_dsa_unit, test_dsa_unit32) share: the key record, the
 * helpers of test_dsa_unit.c, and the tests each other file gives main().
 */
#ifndef NCR_TEST_DLOG_H
#define NCR_TEST_DLOG_H

#include <stddef.h>
#include <openssl/evp.h>
#include "dlog/dsa.h"

/* p, q, g, y, x as big-endian bytes; a length of 0: absent */
struct key {
	u8 p[1024], q[1024], g[1024], y[1024], x[1024];
	size_t plen, qlen, glen, ylen, xlen;
};

/* test_dsa_unit.c */
extern const struct ncr_env env;	/* OpenSSL's RAND_bytes */
extern void *scratch;			/* ncr_dl_scratch_size(8192) */
extern const char *r2048_p;		/* p of RFC 6979 A.2.2 */
u32 rnd(void);				/* xorshift from NCR_TEST_SEED */
void env_rand(void *ctx, u8 *out, size_t len);
size_t hex2bin(const char *h, u8 *out, size_t max);
void set_hex(u8 *dst, size_t *len, const char *hex);
struct ncr_dl_parts parts(const struct key *k);
EVP_PKEY *ossl_key(const char *type, const struct key *k, const char *group);
size_t get_bn(EVP_PKEY *pk, const char *name, u8 *out, size_t len);
void digest(const char *md, const void *m, size_t len, u8 *out, size_t *olen);

/* test_dh_unit.c */
void test_dh_agree(struct key *k, const char *group, const char *what, size_t want_xlen);
void test_dh_peer(struct key *k, const char *what, int has_q);
void test_dh(struct key *dsa2048);

/* test_dh_params.c */
void test_lucas(void);
void test_dh_full_ffdhe(void);
void test_dh_full_good(void);
void test_dh_full_bad(void);
void test_dh_yield(void);

/* test_dsa_wycheproof.c (not in the DSA_TEST_SHORT build) */
void test_wycheproof(const char *name);

#endif /* NCR_TEST_DLOG_H */
