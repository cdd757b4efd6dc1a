/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * uring.h - shared by the files of tests/uring/ (build/tests/uring): ncr's
 * io_uring commands (IO_URING in ncr.h).  See main.c for what the program
 * tests and how it is run.
 */
#ifndef NCR_TESTS_URING_H
#define NCR_TESTS_URING_H

#include <stdint.h>
#include <liburing.h>

#include "tap.h"

/* ---- main.c: the run ---- */
extern int fd;			/* the main /dev/crypto descriptor */
extern int have_hw;		/* an asynchronous hardware AES-CBC driver */
extern uint64_t seed;
extern double stress_seconds;	/* per stress loop (NCR_URING_SECONDS) */
extern int have_defer;		/* IORING_SETUP_DEFER_TASKRUN works */

/* ---- ring.c: SQEs filled by hand, running them ---- */
/* An IORING_OP_URING_CMD SQE on fd (flags and __reserved of the command
 * as given: the tests of bad commands set them), addr/len/off zero. */
void sqe_cmd_raw(struct io_uring_sqe *sqe, int fd, uint32_t cmd_op,
		 uint64_t arg, uint32_t flags, uint32_t reserved);
static inline void sqe_cmd(struct io_uring_sqe *sqe, int fd, uint32_t cmd_op,
			   const void *arg)
{
	sqe_cmd_raw(sqe, fd, cmd_op, PTR64(arg), 0, 0);
}
/* Fills command i's SQE (ring_run sets user_data to i afterwards). */
typedef void (*prep_fn)(struct io_uring_sqe *sqe, int i, void *ctx);
/*
 * Runs n commands through the ring in groups of `group` (1..the ring's
 * size): a group's SQEs go in one io_uring_submit, so they are all in
 * flight at once, and every CQE of the group is reaped before the next
 * one; res[i] gets command i's CQE res.
 * Returns 0, or the negative errno of a ring call (then res is partial).
 */
int ring_run(struct io_uring *ring, int n, int group, prep_fn prep,
	     void *ctx, int *res);
/* One command (sqe_cmd on fd with the given SQE flags): its CQE res, or
 * a ring call's error as -1000 - errno (never an errno). */
int ring_one(struct io_uring *ring, int fd, uint32_t cmd_op, const void *arg,
	     uint8_t sqe_flags);
/* Whether the kernel knows IORING_OP_URING_CMD. */
int ring_has_uring_cmd(void);
/*
 * A ring; with defer, IORING_SETUP_SINGLE_ISSUER | DEFER_TASKRUN: the
 * completions' task work (where ncr copies an asynchronous request's
 * output and structure out) waits until the task asks for CQEs, so
 * requests the device has finished stay "in flight" for user space until
 * then, whatever the device's speed (QEMU's virtio-crypto backend
 * completes a request within the kick, before io_uring_submit returns).
 */
int ring_init(struct io_uring *ring, unsigned int entries, int defer);
int ring_has_defer(void);

/* ---- ops.c: random one-shot operations with their expected results --- */
struct top {
	const struct talg *a;
	struct ncr_session_once o;	/* as submitted (pointers set) */
	uint8_t *in, *out, *tag, *aad, *iv;
	size_t len, out_cap, tag_cap;
	/* expected (OpenSSL): */
	int want_err;
	uint8_t *want_out, *want_tag;
	size_t want_out_len, want_tag_len;
	uint32_t want_result;		/* NCR_VERIFY_* for VERIFY */
};
struct tkey {
	uint32_t handle;
	uint8_t bytes[64];
	size_t len;
};
/* A key for algorithm a (usage for both directions, the algorithm in its
 * set), imported from random bytes kept in k; 0 or -errno. */
int tkey_make(int fd, const struct talg *a, struct rng *r, struct tkey *k);
/* A random operation of a under k of up to max_len input bytes, its
 * buffers allocated and its expected result computed with OpenSSL.
 * flags: the session flags (NCR_SESSION_FLAG_HARDWARE). */
int top_make(struct top *t, const struct talg *a, const struct tkey *k,
	     struct rng *r, size_t max_len, uint32_t flags);
/* An AES-CBC encryption or decryption of exactly len bytes. */
int top_make_cbc(struct top *t, const struct tkey *k, struct rng *r,
		 size_t len, int enc, uint32_t flags);
/* Clears the output buffers and out fields before a (re)submission. */
void top_reset(struct top *t);
/* 0 if t's result (res, o, out, tag) is the expected one, else -1 with a
 * diagnostic (what: a label) the first time *bad goes from 0 to 1. */
int top_check(const struct top *t, int res, const char *what, int *bad);
void top_free(struct top *t);

/* ---- ring.c again: many operations of ops.c ----
 * Resets t[0..n-1], runs them through ring_run on fd (group, SQE flags
 * such as IOSQE_FIXED_FILE, IOSQE_ASYNC) and checks each against its
 * expected result; returns how many are wrong (a diagnostic for the
 * first, labelled what). */
int run_tops(struct io_uring *ring, int fd, struct top *t, int n, int group,
	     uint8_t sqe_flags, const char *what);

/* ---- leak.c: nothing left behind ---- */
struct base {
	struct live live;
	uint64_t keys, sessions, namespaces, buffered, memory;	/* the uid */
};
int base_get(int fd, struct base *b);
/* TAP: the module's live counters and the uid's use back at *b (polls up
 * to ~10 s: requests in flight finish on the device). */
void base_check(int fd, const struct base *b, const char *label);

/* ---- stress.c: a load of requests to leave in flight ---- */
#define SLEN 16384		/* bytes per request */
#define SN 64			/* requests per load */
struct sload {
	uint32_t key;		/* AES-CBC, in the load's namespace */
	uint32_t flags;		/* NCR_SESSION_FLAG_HARDWARE with have_hw */
	uint8_t iv[16];
	uint8_t *in, *out;	/* SN * SLEN bytes each */
	struct ncr_session_once *o;	/* SN structures */
};
/* Imports a key into ctx and fills the SN structures over in/out/o. */
int sload_init(struct sload *l, int ctx, uint8_t *in, uint8_t *out,
	       struct ncr_session_once *o);
/* Submits n of them (user_data i) on ctx; 0 or -errno. */
int sload_submit(struct io_uring *ring, int ctx, struct sload *l, int n,
		 uint8_t sqe_flags);
/* Waits until the module's live namespaces are at most n (~10 s):
 * every request of a closed namespace has finished. 0 or -1. */
int ns_wait(int n);

/* ---- the parts ---- */
void test_once(void);		/* once.c */
void test_batch(void);		/* batch.c */
void test_errors(void);		/* errors.c */
void test_files(void);		/* files.c */
void test_libncr(void);		/* libncr.c */
void test_async(void);		/* async.c (have_hw) */
void test_stress(void);		/* stress.c, stress_mm.c */
void stress_munmap(void);	/* stress_mm.c */
void stress_threads(void);	/* stress_mm.c */

/* max_inflight_per_ns: read (-1: unreadable), write (0 or -errno) */
int inflight_param_get(void);
int inflight_param_set(int v);

#endif
