// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * async.c - build/tests/uring: requests in flight on an asynchronous
 * hardware driver (virtio-crypto under tools/ncr-vm --crypto-accel):
 * AES-CBC 16 KiB one-shots with NCR_SESSION_FLAG_HARDWARE, which ncr
 * hands to the driver at submission and completes from its callback.
 *   - 64 in flight, both directions: every result == OpenSSL; the time
 *     against one at a time is reported (the bench measures it);
 *   - mixed with software operations in one submission; with
 *     IOSQE_ASYNC; on a registered file; on DEFER_TASKRUN and SQPOLL
 *     rings;
 *   - IORING_OP_ASYNC_CANCEL does not find them (ENOENT or EALREADY) and
 *     they complete normally;
 *   - a read-only output (EFAULT in the CQE, as the ioctl), an unmapped
 *     input, a short output (ERANGE): as the ioctl;
 *   - more than max_inflight_per_ns at once (the parameter lowered to 4
 *     as root, then restored; and 160 at the default 128): all complete,
 *     all right.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "uring.h"

#define LEN 16384
#define N 64
#define MANY 160

static struct tkey kc;
static int saved_param = -1;

static void restore_param(void)
{
	if (saved_param >= 0)
		inflight_param_set(saved_param);
	saved_param = -1;
}

static int hw_tops(struct top *t, int n, struct rng *r, size_t len)
{
	for (int i = 0; i < n; i++)
		if (top_make_cbc(&t[i], &kc, r, len, (int)rng_below(r, 2),
				 NCR_SESSION_FLAG_HARDWARE))
			return -1;
	return 0;
}

static void free_tops(struct top *t, int n)
{
	for (int i = 0; i < n; i++)
		top_free(&t[i]);
}

static void in_flight(struct io_uring *ring, struct top *t, struct rng *r)
{
	struct top *mix = calloc(N + 32, sizeof(*mix));
	struct tkey k2[3];
	double t1, t64;
	int bad, e = 0;

	t1 = now_s();
	bad = run_tops(ring, fd, t, N, 1, 0, "hw, one at a time");
	t1 = now_s() - t1;
	tap_ok(!bad, "%d AES-CBC 16 KiB one-shot SQEs with the hardware flag, "
	       "one at a time: all == OpenSSL (%d wrong)", N, bad);
	t64 = now_s();
	bad = run_tops(ring, fd, t, N, N, 0, "hw, 64 in flight");
	t64 = now_s() - t64;
	tap_ok(!bad, "%d AES-CBC 16 KiB one-shot SQEs with the hardware flag, "
	       "all in flight at once: all == OpenSSL (%d wrong)", N, bad);
	tap_diag("hardware AES-CBC 16 KiB: one at a time %.3f s, 64 in flight "
		 "%.3f s (%.1fx)", t1, t64, t64 > 0 ? t1 / t64 : 0);
	bad = run_tops(ring, fd, t, N, N, IOSQE_ASYNC, "hw, IOSQE_ASYNC");
	tap_ok(!bad, "... the same with IOSQE_ASYNC (from io_uring's worker): "
	       "all == OpenSSL (%d wrong)", bad);

	/* with software operations of other algorithms between them */
	if (!mix)
		abort();
	memset(k2, 0, sizeof(k2));
	e = tkey_make(fd, talg_get(NCR_ALG_AES_GCM), r, &k2[0]) ?:
	    tkey_make(fd, talg_get(NCR_ALG_HMAC_SHA256), r, &k2[1]) ?:
	    tkey_make(fd, talg_get(NCR_ALG_SHA256), r, &k2[2]);
	for (int i = 0, h = 0; i < N + 32 && !e; i++) {
		if (i % 3 == 2 && i / 3 < 32) {
			const struct talg *a = talg_get(i % 2 ?
				NCR_ALG_AES_GCM : NCR_ALG_HMAC_SHA256);

			e = top_make(&mix[i], a, &k2[i % 2 ? 0 : 1], r, 4096,
				     0);
		} else {
			e = top_make_cbc(&mix[i], &kc, r, LEN, h++ % 2,
					 NCR_SESSION_FLAG_HARDWARE);
		}
	}
	if (tap_ok(!e, "a mix of hardware and software operations")) {
		bad = run_tops(ring, fd, mix, N + 32, N + 32, 0, "hw + sw");
		tap_ok(!bad, "%d hardware AES-CBC and 32 software one-shot SQEs "
		       "in one submission: all == OpenSSL (%d wrong)", N, bad);
	}
	free_tops(mix, N + 32);
	free(mix);
	for (int i = 0; i < 3; i++)
		if (k2[i].handle)
			key_del(fd, k2[i].handle);
}

static void rings(struct top *t)
{
	struct io_uring_params p;
	struct io_uring ring;
	int e, bad;

	e = io_uring_queue_init(N, &ring, 0);
	if (!e)
		e = io_uring_register_files(&ring, &fd, 1);
	if (tap_ok(!e, "a ring with the descriptor registered: %s",
		   errname(e))) {
		bad = run_tops(&ring, 0, t, N, N, IOSQE_FIXED_FILE, "hw fixed");
		tap_ok(!bad, "%d hardware one-shot SQEs on the registered file:"
		       " all == OpenSSL (%d wrong)", N, bad);
		io_uring_queue_exit(&ring);
	}
	if (!have_defer) {
		tap_skip("no DEFER_TASKRUN", "hardware one-shot SQEs on a "
			 "DEFER_TASKRUN ring");
	} else if (!ring_init(&ring, N, 1)) {
		bad = run_tops(&ring, fd, t, N, N, 0, "hw DEFER_TASKRUN");
		tap_ok(!bad, "%d hardware one-shot SQEs on a DEFER_TASKRUN ring "
		       "(output copied when the task waits): all == OpenSSL "
		       "(%d wrong)", N, bad);
		io_uring_queue_exit(&ring);
	}
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SQPOLL;
	p.sq_thread_idle = 50;
	e = io_uring_queue_init_params(N, &ring, &p);
	if (e) {
		tap_skip(errname(e), "hardware one-shot SQEs on an SQPOLL ring");
		return;
	}
	bad = run_tops(&ring, fd, t, N, N, 0, "hw SQPOLL");
	tap_ok(!bad, "%d hardware one-shot SQEs on an SQPOLL ring: all == "
	       "OpenSSL (%d wrong)", N, bad);
	io_uring_queue_exit(&ring);
}

static void cancel(struct io_uring *ring, struct top *t)
{
	struct io_uring_cqe *cqe;
	int res[N], cres[N], bad = 0, odd = 0, e = 0, got = 0;

	for (int i = 0; i < N; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

		top_reset(&t[i]);
		sqe_cmd(sqe, fd, NCRIO_SESSION_ONCE, &t[i].o);
		sqe->user_data = (uint64_t)i;
		res[i] = cres[i] = 1;
	}
	if (io_uring_submit(ring) != N)
		e = -EIO;
	for (int i = 0; i < N && !e; i++) {
		struct io_uring_sqe *sqe;

		while (!(sqe = io_uring_get_sqe(ring)))
			io_uring_submit(ring);
		io_uring_prep_cancel64(sqe, (uint64_t)i, 0);
		sqe->user_data = 1000 + (uint64_t)i;
	}
	if (!e)
		io_uring_submit(ring);
	while (!e && got < 2 * N) {
		e = io_uring_wait_cqe(ring, &cqe);
		if (e == -EINTR) {
			e = 0;
			continue;
		}
		if (e)
			break;
		if (cqe->user_data < N)
			res[cqe->user_data] = cqe->res;
		else if (cqe->user_data - 1000 < N)
			cres[cqe->user_data - 1000] = cqe->res;
		io_uring_cqe_seen(ring, cqe);
		got++;
	}
	for (int i = 0; i < N && !e; i++) {
		top_check(&t[i], res[i], "cancelled?", &bad);
		if (cres[i] != -ENOENT && cres[i] != -EALREADY && !odd++)
			tap_diag("cancel of request %d: %s", i,
				 errname(cres[i]));
	}
	tap_ok(!e && !bad && !odd, "IORING_OP_ASYNC_CANCEL of %d hardware "
	       "requests in flight: each cancel ENOENT or EALREADY, each "
	       "request completes right (%s, %d wrong, %d odd cancels)", N,
	       errname(e), bad, odd);
}

static void faults(struct io_uring *ring, struct rng *r)
{
	uint8_t *ro = mmap(NULL, LEN, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
			   -1, 0);
	struct top t;
	struct ncr_session_once a;
	int ei, eu;

	if (ro == MAP_FAILED || top_make_cbc(&t, &kc, r, LEN, 1,
					     NCR_SESSION_FLAG_HARDWARE))
		abort();
	for (int c = 0; c < 3; c++) {
		static const char *const what[] = {
			"a read-only output", "an unmapped input",
			"an output 16 bytes short",
		};

		top_reset(&t);
		if (c == 0)
			t.o.output = PTR64(ro);
		else if (c == 1)
			t.o.input = PTR64(ro) ^ (1ull << 46);
		else
			t.o.output_size = LEN - 16;
		a = t.o;
		ei = xioctl(fd, NCRIO_SESSION_ONCE, &a);
		eu = ring_one(ring, fd, NCRIO_SESSION_ONCE, &t.o, 0);
		tap_ok(ei == (c == 2 ? -ERANGE : -EFAULT) && eu == ei &&
		       !memcmp(&a, &t.o, sizeof(a)),
		       "a hardware one-shot SQE with %s: CQE %s, ioctl %s, the "
		       "structure alike", what[c], errname(eu), errname(ei));
	}
	top_free(&t);
	munmap(ro, LEN);
}

static void over_limit(struct io_uring *ring, struct rng *r)
{
	struct top *t = calloc(MANY, sizeof(*t));
	int was = inflight_param_get(), e, bad;

	if (!t)
		abort();
	if (hw_tops(t, MANY, r, LEN)) {
		tap_ok(0, "%d hardware operations", MANY);
		goto out;
	}
	if (was < 0 || geteuid() != 0) {
		tap_skip("not root or no parameter", "max_inflight_per_ns "
			 "lowered to 4");
	} else {
		saved_param = was;
		e = inflight_param_set(4);
		if (tap_ok(!e && inflight_param_get() == 4,
			   "max_inflight_per_ns %d lowered to 4: %s", was,
			   errname(e))) {
			bad = run_tops(ring, fd, t, N, N, 0, "limit 4");
			tap_ok(!bad, "%d hardware one-shot SQEs at once over a "
			       "limit of 4 in flight: all complete, all == "
			       "OpenSSL (%d wrong)", N, bad);
			bad = run_tops(ring, fd, t, N, N, IOSQE_ASYNC,
				       "limit 4, IOSQE_ASYNC");
			tap_ok(!bad, "... and with IOSQE_ASYNC (%d wrong)",
			       bad);
		}
		restore_param();
		tap_ok(inflight_param_get() == was, "max_inflight_per_ns "
		       "restored to %d", was);
	}
	bad = run_tops(ring, fd, t, MANY, MANY, 0, "160 at once");
	tap_ok(!bad, "%d hardware one-shot SQEs at once, past the limit of %d: "
	       "all complete, all == OpenSSL (%d wrong)", MANY,
	       inflight_param_get(), bad);
out:
	free_tops(t, MANY);
	free(t);
}

void test_async(void)
{
	struct rng r = { .s = seed ^ 0xa5c };
	struct io_uring ring;
	struct top t[N];
	int e;

	if (!have_hw) {
		tap_skip("no hardware driver", "requests in flight on an "
			 "asynchronous driver");
		return;
	}
	atexit(restore_param);
	memset(t, 0, sizeof(t));
	e = tkey_make(fd, talg_get(NCR_ALG_AES_CBC), &r, &kc);
	if (!e)
		e = io_uring_queue_init(256, &ring, 0);
	if (!e)
		e = hw_tops(t, N, &r, LEN) ? -EIO : 0;
	if (tap_ok(!e, "async: a key, a ring, %d operations: %s", N,
		   errname(e))) {
		in_flight(&ring, t, &r);
		rings(t);
		cancel(&ring, t);
		faults(&ring, &r);
		over_limit(&ring, &r);
		io_uring_queue_exit(&ring);
	}
	free_tops(t, N);
	if (kc.handle)
		key_del(fd, kc.handle);
}
