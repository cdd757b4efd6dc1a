/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * security.h - shared by the files of tests/security/ (build/tests/security):
 * the run's state (main.c), the helpers of util.c and the sections in the
 * order main.c runs them.  See tests/security/main.c for what the program
 * tests and how it is run.
 */
#ifndef NCR_TESTS_SECURITY_H
#define NCR_TESTS_SECURITY_H

#include <stddef.h>
#include <stdint.h>

#include "libncr.h"
#include "tap.h"

/* ---- main.c ---- */
extern int fd;			/* the run's namespace */
extern int is_root;		/* euid 0: the CAP_SYS_ADMIN checks run */
extern int master_set;		/* storage wrap works (storage.c probes it) */

/* ---- util.c ---- */
extern const uint8_t aes_bytes[16];	/* the AES-128 test key */
extern const uint8_t iv16[16];
struct live live_now(void);
/* 1 if the live key and session counts equal *a. */
int live_same(const struct live *a);
/* err == want and nothing was created or destroyed since *before. */
int expect_none(int got, int want, const struct live *before,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* AES-CBC encryption with iv16 (len a multiple of 16). */
int cbc_encrypt(int ctx, uint32_t key, const void *in, size_t len,
		uint8_t *out);
/* Key creation with a whole policy (algs 0: the default set). */
int gen_key(int ctx, uint32_t type, uint32_t bits, uint32_t flags,
	    uint32_t usage, uint64_t algs, uint32_t *key);
int imp_key(int ctx, uint32_t type, const void *bytes, size_t len,
	    uint32_t flags, uint32_t usage, uint64_t algs,
	    const char *label, uint32_t *key);
int unwrap_key(int ctx, uint32_t walg, uint32_t wk, const void *in,
	       size_t len, uint32_t type, uint32_t flags,
	       uint32_t usage, uint64_t algs, uint32_t *key);
/* Key info, structure version 1 (algs, attrs, label); zeroed on error. */
int kinfo(int ctx, uint32_t key, struct ncr_key_info *ki);
/* 1 if two keys' info is identical in every field but the handle; else 0,
 * with the first field that differs in *why (NULL allowed). */
int key_info_equal_why(const struct ncr_key_info *a,
		       const struct ncr_key_info *b, const char **why);
int key_info_equal(const struct ncr_key_info *a,
		   const struct ncr_key_info *b);
/* Raw once hashing the material of input_key (NCR_OP_FLAG_KEY_DATA). */
int once_key_data(int ctx, uint32_t alg, uint32_t mac_key,
		  uint32_t input_key, uint8_t *out, uint32_t *out_len);

/* ---- the sections, in the order main.c runs them ---- */
void test_master(const char *hex);		/* storage.c */
void test_exportable(void);			/* storage.c */
void test_storage(void);			/* storage.c */
void test_namespaces(void);			/* namespaces.c */
void test_usage(void);				/* policy.c */
void test_algsets(void);			/* policy.c */
void test_restrict(void);			/* policy.c */
void test_key_data(void);			/* policy.c */
void test_key_wrap(void);			/* wrap.c */
void test_trusted(void);			/* wrap.c */
void test_blob_tamper(void);			/* storage.c */
void test_deinit_in_session(void);		/* namespaces.c */
void test_pk_export(void);			/* pk.c */
void test_pk_usage(void);			/* pk.c */
void test_pk_wrap(void);			/* pk.c */
void test_pk_storage(void);			/* pk.c */
void test_pk_peers(void);			/* pk_limits.c */
void test_pk_signal(void);			/* pk_limits.c */

#endif
