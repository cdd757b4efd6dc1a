/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stress.h - shared by the files of tests/stress/ (build/tests/stress):
 * the run's parameters (main.c), the operation mix (ops.c), the per-user
 * accounting (limits.c) and the public-key phase (pk.c).  See
 * tests/stress/main.c for what the program tests and how it is run.
 */
#ifndef NCR_TESTS_STRESS_H
#define NCR_TESTS_STRESS_H

#include <stdint.h>

#include "tap.h"

#define MAX_KEYS 24
#define MAX_SES 12
#define BUF (4096 + 64)
#define UPDATE_MAX 2048		/* bytes per update, exclusive */

/* Kinds of operation that must each succeed at least once. */
enum {
	K_GENERATE, K_IMPORT, K_SES_INIT, K_UPDATE, K_FINAL, K_ONCE,
	K_STORAGE, K_PRIVATE, K_COUNT
};

/* Per-process results, sent to the parent through a pipe. */
struct result {
	long ops, verified, expected_errors;
	long unexpected, mismatches;
	long kind_ok[K_COUNT];
	int timed_out;
};

/* ---- main.c: the run's parameters ---- */
extern int n_threads, n_procs;
extern long iters;
extern double seconds;
extern uint64_t seed;
/* Bytes one whole-message session may be fed (see size_load()). */
extern uint64_t ses_budget;

/* ---- ops.c: one process of a phase ---- */
/* N threads doing the random mix on fd; the totals go to out_pipe. */
void run_proc(int fd, int proc_no, int out_pipe);

/* ---- limits.c: per-user accounting ---- */
/* What the caller's uid holds (NCRIO_INFO version 1, user_*). */
struct ucount {
	uint64_t keys, sessions, namespaces, buffered, memory;
};
extern struct ucount ubase;	/* the uid's use before the run */
int ucount_get(int fd, struct ucount *u);
/* TAP: the uid's use is back at ubase. */
void ucount_check(int fd, const char *label);
/* Sizes the load to the per-user limits: 0 or -errno. */
int size_load(int info_fd);

/* ---- pk.c: the public-key phase ---- */
void phase_pk(int info_fd, const struct live *base);

/* ---- bsd.c: BSD ioctls, the processes killed mid-request ---- */
void phase_bsd(int info_fd, const struct live *base);

#endif
