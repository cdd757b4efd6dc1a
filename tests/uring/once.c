// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * once.c - build/tests/uring: one-shot operations (cmd_op
 * NCRIO_SESSION_ONCE) of every symmetric algorithm submitted as SQEs, 1 to
 * 256 in flight: each result (CQE res, the structure written back, the
 * output and tag bytes) equals OpenSSL's and the NCRIO_SESSION_ONCE
 * ioctl's on the same structure.  Software drivers: every command
 * completes inline, at submission; with IOSQE_ASYNC from io_uring's
 * worker instead.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "uring.h"

#define PER_ALG 24		/* operations per algorithm */
#define MIXED 256		/* the mixed set: one of each ring size */
#define MAX_LEN 70000		/* past zerocopy_min and NCR_COPY_BOUND */

static struct tkey keys[64];	/* one per entry of talgs[] */

/* The same structures through the ioctl: the same CQE/ioctl result and
 * structure, and OpenSSL's bytes again.  Returns how many differ. */
static int against_ioctl(struct top *t, int n, const int *uring_res,
			 const char *what)
{
	struct ncr_session_once saved;
	int bad = 0, r;

	for (int i = 0; i < n; i++) {
		saved = t[i].o;
		top_reset(&t[i]);
		r = xioctl(fd, NCRIO_SESSION_ONCE, &t[i].o);
		if (r != uring_res[i] || memcmp(&saved, &t[i].o,
						sizeof(saved))) {
			if (!bad++)
				tap_diag("%s: %s: ioctl %s, uring %s%s", what,
					 t[i].a->name, errname(r),
					 errname(uring_res[i]),
					 r == uring_res[i] ?
					 ", structures differ" : "");
			continue;
		}
		top_check(&t[i], r, what, &bad);
	}
	return bad;
}

/* Runs t through the ring once (group in flight), keeping each CQE res,
 * then the ioctl; returns how many differ anywhere. */
static int uring_then_ioctl(struct io_uring *ring, struct top *t, int n,
			    int group, const char *what)
{
	int *res = calloc((size_t)n, sizeof(*res)), bad;

	if (!res)
		abort();
	bad = run_tops(ring, fd, t, n, group, 0, what);
	/* run_tops checked against OpenSSL; take the results again from
	 * the structures for the ioctl comparison: res from want_err is
	 * what was checked, so a difference was already counted */
	for (int i = 0; i < n; i++)
		res[i] = t[i].want_err;
	if (!bad)
		bad = against_ioctl(t, n, res, what);
	free(res);
	return bad;
}

static void per_alg(struct io_uring *ring, struct rng *r)
{
	static const int groups[] = { 1, 3, 20 };
	struct top t[PER_ALG];

	for (size_t ai = 0; ai < n_talgs; ai++) {
		const struct talg *a = &talgs[ai];
		int bad = 0, made = 0, e = 0, at = 0;

		for (; made < PER_ALG; made++) {
			e = top_make(&t[made], a, &keys[ai], r, 4096, 0);
			if (e) {
				made++;
				break;
			}
		}
		if (e) {
			tap_ok(0, "%s: OpenSSL reference", a->name);
			goto free;
		}
		for (size_t g = 0; g < ARRAY_SIZE(groups); g++) {
			bad += uring_then_ioctl(ring, t + at, groups[g],
						groups[g], a->name);
			at += groups[g];
		}
		tap_ok(!bad, "%s: %d one-shot SQEs (1, 3 and 20 in flight): CQE "
		       "res, structure, output == NCRIO_SESSION_ONCE == "
		       "OpenSSL (%d wrong)", a->name, PER_ALG, bad);
free:
		for (int i = 0; i < made; i++)
			top_free(&t[i]);
	}
}

static void mixed(struct io_uring *ring, struct rng *r)
{
	static const int groups[] = { 1, 2, 7, 64, 100, 255, 256 };
	struct top *t = calloc(MIXED, sizeof(*t));
	int made = 0, bad;

	if (!t)
		abort();
	for (; made < MIXED; made++) {
		uint32_t ai = rng_below(r, (uint32_t)n_talgs);

		if (top_make(&t[made], &talgs[ai], &keys[ai], r, MAX_LEN, 0))
			break;
	}
	if (!tap_ok(made == MIXED, "%d random one-shot operations of every "
		    "algorithm made with OpenSSL", MIXED))
		goto out;
	for (size_t g = 0; g < ARRAY_SIZE(groups); g++) {
		char what[64];

		snprintf(what, sizeof(what), "mixed, %d in flight", groups[g]);
		bad = run_tops(ring, fd, t, MIXED, groups[g], 0, what);
		tap_ok(!bad, "%d mixed one-shot SQEs, %d per submission: all == "
		       "OpenSSL (%d wrong)", MIXED, groups[g], bad);
	}
	bad = uring_then_ioctl(ring, t, MIXED, MIXED, "mixed vs ioctl");
	tap_ok(!bad, "%d mixed one-shot SQEs at once, then each structure "
	       "through NCRIO_SESSION_ONCE: same result, same structure "
	       "written back, same bytes (%d differ)", MIXED, bad);
	bad = run_tops(ring, fd, t, MIXED, 64, IOSQE_ASYNC, "IOSQE_ASYNC");
	tap_ok(!bad, "%d mixed one-shot SQEs with IOSQE_ASYNC (io_uring's "
	       "worker): all == OpenSSL (%d wrong)", MIXED, bad);
	/* the older structure sizes are taken as the ioctl takes them
	 * (MACs: mac_size 0 is the full length in every version) */
	for (int i = 0; i < MIXED; i++)
		t[i].o.size = i % 2 ? NCR_SESSION_ONCE_SIZE_VER0
				    : NCR_SESSION_ONCE_SIZE_VER1;
	bad = run_tops(ring, fd, t, MIXED, 32, 0, "sizes VER0/VER1");
	tap_ok(!bad, "one-shot structures of sizes VER0 and VER1 as SQEs: all "
	       "== OpenSSL (%d wrong)", bad);
out:
	for (int i = 0; i < made; i++)
		top_free(&t[i]);
	free(t);
}

void test_once(void)
{
	struct io_uring ring;
	struct rng r = { .s = seed ^ 0x0ce };
	size_t ai;
	int e;

	e = io_uring_queue_init(256, &ring, 0);
	if (!tap_ok(!e, "io_uring_queue_init(256): %s", errname(e)))
		return;
	for (ai = 0; ai < n_talgs && ai < ARRAY_SIZE(keys); ai++) {
		e = tkey_make(fd, &talgs[ai], &r, &keys[ai]);
		if (e)
			break;
	}
	if (tap_ok(!e, "a key for each of the %zu symmetric algorithms%s%s",
		   n_talgs, e ? ": " : "", e ? errname(e) : "")) {
		per_alg(&ring, &r);
		mixed(&ring, &r);
	}
	for (size_t i = 0; i < ai; i++)
		if (keys[i].handle)
			key_del(fd, keys[i].handle);
	io_uring_queue_exit(&ring);
}
