/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * batch.h - shared by the files of tests/batch/ (build/tests/batch): one
 * operation (struct job) as a batch element and as a single
 * NCRIO_SESSION_ONCE, the OpenSSL reference of it, and the groups of
 * tests.  See tests/batch/main.c for what the program tests.
 */
#ifndef NCR_TESTS_BATCH_H
#define NCR_TESTS_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "tap.h"

/* main.c: the /dev/crypto descriptor, the run's PRNG, the input pool */
extern int fd;
extern struct rng rng;
extern uint8_t *pool;		/* POOL_SIZE random bytes, read-only */
#define POOL_SIZE (192 * 1024)

/* A key: its handle and, for OpenSSL, its bytes (or its EVP_PKEY). */
struct bkey {
	uint32_t alg;		/* the one algorithm in its set */
	uint32_t handle;
	uint8_t bytes[128];
	size_t len;
	struct evp_pkey_st *pkey;	/* public key algorithms */
};

/* The symmetric keys made at start (keys.c): for each algorithm of the
 * oracle table (tap.h) at each key length; digests have none. */
extern struct bkey skeys[];
extern size_t n_skeys;
int keys_make(void);
void keys_free(void);
/* A key of alg (the n-th of its lengths, modulo their number), NULL for
 * a digest or if none was made. */
const struct bkey *skey_of(uint32_t alg, unsigned int n);
/* Whether the kernel offers alg (NCRIO_INFO says so). */
int alg_available(uint32_t alg);
/* NCRIO_INFO's block_size of alg: the unit in which updates emit output */
uint32_t alg_block(uint32_t alg);

/* The result of one run of an operation. */
struct res {
	int err;		/* 0 or -errno */
	uint64_t out_size;
	uint32_t tag_size, result;
};

enum { B = 0, S = 1 };		/* the batch run, the single run */

/* One operation, run as a batch element (B) and alone (S). */
struct job {
	uint32_t alg, op;
	const struct talg *a;	/* symmetric: the oracle entry; else NULL */
	const struct bkey *k;	/* NULL for digests */
	uint32_t flags;		/* NCR_SESSION_FLAG_* */
	uint8_t iv[16];
	uint32_t iv_len;
	const uint8_t *in;	/* inside pool, or in_own */
	size_t len;
	const uint8_t *aad;	/* inside pool */
	size_t aad_len;
	uint32_t tag_size;	/* SIGN: capacity; VERIFY and AEAD: length */
	uint32_t mac_size;	/* MACs: 0 or the truncation */
	uint8_t tag_in[NCR_MAX_SIGNATURE];	/* VERIFY, AEAD decrypt */
	uint32_t hash, salt;	/* public key: hash, PSS salt */
	uint8_t *in_own;	/* an input of its own (AEAD decrypt), freed */
	size_t out_cap;
	uint8_t *out[2];	/* out_cap + 64 bytes each */
	uint8_t tag[2][NCR_MAX_SIGNATURE];
	struct res r[2];
	/* what OpenSSL says: want_err (0, -EBADMSG, or 1: no reference,
	 * compare the two runs only), the output and tag, the VERIFY result */
	int want_err;
	uint8_t *ref_out;
	uint8_t ref_tag[NCR_MAX_SIGNATURE];
	uint32_t ref_tag_size, ref_result;
	/* public key: the signatures of the two runs differ (randomized),
	 * and ref_check says whether run which agrees with OpenSSL */
	int randomized;
	int (*ref_check)(const struct job *j, int which, char *why,
			 size_t why_len);
};
#define NO_REF 1

/* ---- job.c ---- */
/* A random symmetric job of alg on key k (NULL: digests) with an input of
 * about len bytes (made valid for the algorithm), its reference computed.
 * 0, or -1 if OpenSSL could not make the reference. */
int job_sym(struct job *j, uint32_t alg, const struct bkey *k, size_t len);
/* A random length: mostly small, some around and above NCR_COPY_BOUND. */
size_t rand_len(void);
void job_free(struct job *j);
void job_once(const struct job *j, struct ncr_session_once *o, int which);
/* Runs the jobs as one NCRIO_BATCH (flags), results into r[B]; returns the
 * ioctl's result, *b the structure after the call. */
int jobs_batch(struct job *js, size_t n, uint32_t flags,
	       struct ncr_batch *b);
/* Runs each job alone, results into r[S]. */
void jobs_single(struct job *js, size_t n);
/* Compares r[B] with r[S] and both with the reference: 1 if all agree,
 * else 0 with why filled in. */
int job_check(const struct job *j, char *why, size_t whylen);
const char *op_name(uint32_t op);
/* Runs n jobs both ways and checks each: the number that disagree, the
 * first one described in first (when not NULL). */
int jobs_run_check(struct job *js, size_t n, uint32_t flags,
		   char *first, size_t first_len);

/* ---- the groups ---- */
void t_per_alg(void);		/* sym.c */
void t_mixed_sizes(void);
void t_lengths(void);
void t_same_key(void);
void t_sessions(void);
int pk_setup(void);		/* pk.c */
void t_pk(void);
void pk_free(void);
void t_hw(int require);		/* hw.c */

#endif
