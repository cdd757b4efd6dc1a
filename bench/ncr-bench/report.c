// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * report.c - what the symmetric and the public-key benchmarks share: notes
 * on stderr, the exit status, the timed loop, the interleaved best-of
 * rounds, the count of noisy cells and the CSV rows.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>

#include "bench.h"

int status;		/* exit status: 0, 1 mismatch, 2 error */

void note(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void set_status(int st)
{
	if (st > status)
		status = st;
}

void ossl_fail(const char *what)
{
	unsigned long e = ERR_get_error();
	char buf[256] = "";

	if (e)
		ERR_error_string_n(e, buf, sizeof(buf));
	note("error: OpenSSL %s failed %s", what, buf);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/*
 * Runs a job's operations for `secs` of wall time.  The clock is read
 * after batches of operations; a batch doubles while it takes less than
 * 1/200 of the run, so reading the clock costs nothing measurable even
 * for 16-byte OpenSSL calls, and the overshoot past `secs` stays small.
 */
static int timed_loop(batch_fn *batch, void *job, double secs,
		      uint64_t *ops, double *elapsed)
{
	uint64_t n = 0, b = 1;
	double t0, t, last;
	int err;

	t0 = last = now();
	for (;;) {
		err = batch(job, b);
		if (err)
			return err;
		n += b;
		t = now();
		if (t - t0 >= secs)
			break;
		if (t - last < secs / 200 && b < (1U << 20))
			b *= 2;
		last = t;
	}
	*ops = n;
	*elapsed = t - t0;
	return 0;
}

/*
 * One round of one job: a warm-up of a tenth of `secs` (caches, page
 * faults, lazy kernel state, TCG's translation of the code paths), then
 * the timed run.  Returns ops/s, or -1 after noting the error.
 */
double timed_round(batch_fn *batch, void *job, const char *where,
		   double secs)
{
	uint64_t ops = 0, wops = 0;
	double el = 0, wel = 0;
	int err;

	err = timed_loop(batch, job, secs / 10, &wops, &wel);
	if (!err)
		err = timed_loop(batch, job, secs, &ops, &el);
	if (err) {
		note("error: %s: %s", where, strerror(-err));
		set_status(2);
		return -1;
	}
	return (double)ops / el;
}

/*
 * The rounds of n jobs (the interfaces of one symmetric cell, or ncr and
 * OpenSSL for one public-key case), `secs` split between `rounds`.  In
 * round r the live jobs run in the order r, r + 1, ... (mod n), so that
 * a busy host (a QEMU guest on a shared machine gets descheduled now and
 * then, which only ever makes a round slower) weighs on all of them
 * alike, and each job's best round counts.  round() returns ops/s, or
 * < 0 after tearing job i down: the job is out, best[i] = -1.  best and
 * worst (ops/s) start at -1.
 */
void run_rounds(int n, bool *live, int rounds, double secs,
		double (*round)(void *jobs, int i, double secs), void *jobs,
		double *best, double *worst)
{
	int r, k, i;

	for (r = 0; r < rounds; r++) {
		for (k = 0; k < n; k++) {
			double v;

			i = (k + r) % n;
			if (!live[i])
				continue;
			v = round(jobs, i, secs / rounds);
			if (v < 0) {
				live[i] = false;
				best[i] = -1;
				continue;
			}
			if (v > best[i])
				best[i] = v;
			if (worst[i] < 0 || v < worst[i])
				worst[i] = v;
		}
	}
}

static int ncells, noisy;

/* Counts a reported cell, noisy if a round was > 25 % below its best. */
void tally_cell(double best, double worst)
{
	ncells++;
	if (worst < best * 0.75)
		noisy++;
}

void note_tally(int rounds)
{
	if (rounds > 1)
		note("%d of %d cells had a round more than 25%% slower than "
		     "their best%s", noisy, ncells,
		     noisy * 5 > ncells ? " (busy host? the best round is "
		     "reported)" : "");
}

void csv_header(void)
{
	printf("interface,algorithm,bytes,ops_per_s,mb_per_s\n");
}

/* One CSV row; MB/s = ops/s x bytes / 10^6 (0 for derive: 0 bytes). */
void csv_row(const char *iface, const char *alg, size_t bytes, double ops)
{
	printf("%s,%s,%zu,%.1f,%.3f\n", iface, alg, bytes, ops,
	       ops * (double)bytes / 1e6);
}
