/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * diff_openssl.h - shared by the files of tests/diff_openssl/
 * (build/tests/diff_openssl): an algorithm at a key size, one computation
 * and its runners, the tallies, and the groups of tests.  See
 * tests/diff_openssl/main.c for what the program tests and how it is run.
 */
#ifndef NCR_TESTS_DIFF_OPENSSL_H
#define NCR_TESTS_DIFF_OPENSSL_H

#include <stddef.h>
#include <stdint.h>

#include "libncr.h"
#include "tap.h"

/* main.c: the /dev/crypto descriptor and the run's PRNG */
extern int fd;
extern struct rng rng;

/* One algorithm at one key size. */
struct dcase {
	uint32_t alg;
	size_t key_len;
	const char *label;
};

const struct dcase *dcase_of(uint32_t alg, size_t klen);

/* room past the end of the output buffers */
#define SLACK 64

/* The parameters of one computation. */
struct job {
	const struct dcase *c;
	const struct talg *a;
	uint32_t key;		/* 0 for digests */
	uint8_t key_bytes[64];
	uint8_t iv[16];
	size_t iv_len;
	size_t tag_len;		/* MAC/AEAD tag length (0: none) */
	uint8_t aad[64];
	size_t aad_len;
};

/* ---- harness.c ---- */

int is_digest(const struct job *j);
int is_mac(const struct job *j);
int is_aead(const struct job *j);
int len_ok(const struct job *j, size_t len);
void job_refresh(struct job *j);
int job_init(struct job *j, const struct dcase *c);
int ref_run(const struct job *j, int enc, const uint8_t *in, size_t len,
	    uint8_t *out, uint8_t *tag);
int ncr_once_run(const struct job *j, int enc, const uint8_t *in, size_t len,
		 uint8_t *out, uint8_t *tag);
int ncr_sess_run(const struct job *j, int enc, const uint8_t *in, size_t len,
		 const size_t *cuts, int ncuts, int final_carries,
		 size_t aad_cut, int in_place, uint8_t *out, uint8_t *tag,
		 size_t *out_len);
int ncr_verify_run(const struct job *j, const uint8_t *in, size_t len,
		   const uint8_t *tag, size_t tag_len, int session, size_t cut);

/* Tallies one TAP line's worth of comparisons; the first failure is
 * described. */
struct tally {
	int runs, fails;
	int skipped;		/* EOPNOTSUPP: algorithm not in this kernel */
};

void tally_fail(struct tally *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void tally_report(const struct tally *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void check(struct tally *t, const struct job *j, int r, const uint8_t *out,
	   const uint8_t *want_out, size_t out_len, size_t want_len,
	   const uint8_t *tag, const uint8_t *want_tag, const char *what,
	   size_t at);
void check_verdict(struct tally *t, const struct job *j, int r, int want,
		   const char *what, size_t len);

/* ---- the tests: messages.c, params.c, sets.c ---- */

void test_lengths(struct job *j);
void test_splits(struct job *j, int three_way);
void test_in_place(struct job *j);
void test_big(struct job *j);
void test_params(struct job *j);
void test_hmac_keys(void);
void test_key_sets(void);

#endif /* NCR_TESTS_DIFF_OPENSSL_H */
