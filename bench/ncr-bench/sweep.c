// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sweep.c - many operations per call, measured two more ways:
 *
 * The batch-size sweep (sweep_run): at 64 B, for aes-128-cbc, sha256 and
 * hmac-sha256, ncr-batch with 1, 2, 4, ... 256 operations per call and
 * ncr-uring with as many in flight, beside ncr-once and openssl (which do
 * not depend on the batch size: measured once per algorithm, in the same
 * interleaved rounds).  Rows on stdout, after the matrix:
 *   sweep,INTERFACE,ALGORITHM,BYTES,BATCH,OPS_PER_S,MB_PER_S
 * (the references repeated for every batch size, so that each row is
 * complete); run.sh strips the "sweep," into build/bench/batch-K.csv.
 *
 * Requests in flight on the hardware driver (inflight_run): AES-128-CBC
 * 16 KiB with NCR_SESSION_FLAG_HARDWARE (in the VM virtio-crypto), through
 * ncr-batch with N operations per call and ncr-uring with N in flight,
 * N = 1, 4, 16, 64.  Rows like async.c's:
 *   batch-hw,aes-128-cbc-dN,16384,OPS_PER_S,MB_PER_S
 *   uring-hw,aes-128-cbc-dN,16384,OPS_PER_S,MB_PER_S
 * Skipped with a note when no hardware driver serves AES-CBC.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "bench.h"

static const unsigned int sweep_sizes[] = {
	1, 2, 4, 8, 16, 32, 64, 128, 256,
};
#define NSWEEP	(int)(sizeof(sweep_sizes) / sizeof(sweep_sizes[0]))
#define SWEEP_LEN	64

static void sweep_row(const char *iface, enum alg a, unsigned int n,
		      double ops)
{
	printf("sweep,%s,%s,%d,%u,%.1f,%.3f\n", iface, alg_names[a],
	       SWEEP_LEN, n, ops, ops * SWEEP_LEN / 1e6);
}

static void sweep_alg(unsigned int ifmask, enum alg a, double secs,
		      int rounds)
{
	static const enum iface refs[] = { IF_ONCE, IF_OPENSSL };
	static const enum iface many[] = { IF_BATCH, IF_URING };
	struct job jobs[MAX_JOBS];
	double best[MAX_JOBS], worst[MAX_JOBS];
	int n = 0, i, r, s;

	memset(jobs, 0, sizeof(jobs));
	for (r = 0; r < 2; r++)
		if (ifmask & (1U << refs[r]))
			jobs[n++].ifc = refs[r];
	for (i = 0; i < 2; i++) {
		if (!(ifmask & (1U << many[i])))
			continue;
		for (s = 0; s < NSWEEP; s++) {
			jobs[n].ifc = many[i];
			jobs[n].depth = sweep_sizes[s];
			n++;
		}
	}
	run_jobs(jobs, n, a, SWEEP_LEN, secs, rounds, best, worst);
	/* grouped by interface (a line each in the plot) */
	for (i = 0; i < n; i++) {
		if (best[i] <= 0)
			continue;
		if (jobs[i].ifc == IF_BATCH || jobs[i].ifc == IF_URING) {
			sweep_row(iface_names[jobs[i].ifc], a, jobs[i].depth,
				  best[i]);
			continue;
		}
		for (s = 0; s < NSWEEP; s++)
			sweep_row(iface_names[jobs[i].ifc], a, sweep_sizes[s],
				  best[i]);
	}
}

void sweep_run(unsigned int ifmask, unsigned int amask, double secs,
	       int rounds)
{
	static const enum alg algs[] = { A_CBC, A_SHA, A_HMAC };
	size_t i;

	if (!(ifmask & ((1U << IF_BATCH) | (1U << IF_URING))))
		return;
	note("sweep: %d B, ncr-batch ops per call and ncr-uring in flight "
	     "1..256, beside ncr-once and openssl; %g s per job", SWEEP_LEN,
	     secs);
	for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++)
		if (amask & (1U << algs[i]))
			sweep_alg(ifmask, algs[i], secs, rounds);
}

/* ------------------------------------------------------------------ */
/* requests in flight on the hardware driver                           */

static const unsigned int inflight_depths[] = { 1, 4, 16, 64 };
#define NINFLIGHT (int)(sizeof(inflight_depths) / sizeof(inflight_depths[0]))

/* One NCRIO_SESSION_ONCE with the hardware flag: 0, or why not. */
static int hw_probe(void)
{
	struct ncr_session_once o;

	once_fill(&o, A_CBC, INFLIGHT_LEN, outbufs[IF_BATCH],
		  NCR_SESSION_FLAG_HARDWARE);
	return ioctl(ncr_fd, NCRIO_SESSION_ONCE, &o) ? -errno : 0;
}

void inflight_run(unsigned int ifmask, double secs, int rounds)
{
	static const enum iface ifs[] = { IF_BATCH, IF_URING };
	static const char *const rows[] = { "batch-hw", "uring-hw" };
	struct job jobs[2 * NINFLIGHT];
	double best[2 * NINFLIGHT], worst[2 * NINFLIGHT];
	char alg[32];
	int i, d, n = 0, err;

	if (!(ifmask & ((1U << IF_BATCH) | (1U << IF_URING))))
		return;
	err = hw_probe();
	if (err == -EOPNOTSUPP) {
		note("inflight: no hardware driver for AES-CBC (skipped)");
		return;
	}
	if (err) {
		note("error: inflight: NCRIO_SESSION_ONCE with "
		     "NCR_SESSION_FLAG_HARDWARE: %s", strerror(-err));
		set_status(2);
		return;
	}
	note("inflight: aes-128-cbc %d B, NCR_SESSION_FLAG_HARDWARE, "
	     "ncr-batch N per call and ncr-uring N in flight, N = 1/4/16/64, "
	     "%g s per job", INFLIGHT_LEN, secs);
	memset(jobs, 0, sizeof(jobs));
	for (i = 0; i < 2; i++)
		for (d = 0; d < NINFLIGHT && (ifmask & (1U << ifs[i])); d++) {
			jobs[n].ifc = ifs[i];
			jobs[n].depth = inflight_depths[d];
			jobs[n].sflags = NCR_SESSION_FLAG_HARDWARE;
			n++;
		}
	run_jobs(jobs, n, A_CBC, INFLIGHT_LEN, secs, rounds, best, worst);
	for (i = 0; i < n; i++) {
		if (best[i] <= 0)
			continue;
		snprintf(alg, sizeof(alg), "aes-128-cbc-d%u", jobs[i].depth);
		csv_row(rows[jobs[i].ifc == IF_URING], alg, INFLIGHT_LEN,
			best[i]);
	}
}
