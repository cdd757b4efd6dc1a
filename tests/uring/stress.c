// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stress.c - build/tests/uring: going away with requests in flight.
 * Each loop runs NCR_URING_SECONDS (default 3) and ends with the leak
 * check (leak.c); the VM runner fails on any oops or WARN.  The requests
 * are AES-CBC 16 KiB one-shots with NCR_SESSION_FLAG_HARDWARE when an
 * asynchronous hardware driver is there (really in flight), software
 * ones otherwise (completed inline: the same loops, less to race).
 * Every other round the ring is IORING_SETUP_DEFER_TASKRUN (ring.c): the
 * requests the device has finished wait, output not yet copied out,
 * until the task asks for CQEs (which it never does before going away):
 * with QEMU's device, which completes each request at once, that is what
 * keeps them in flight.
 *   close:  a new namespace and ring, 64 requests, then the descriptor
 *           and the ring closed in either order without waiting (or the
 *           descriptor closed and the CQEs still all 0);
 *   exit:   children submit 64 (as SQEs, or as one batch SQE) and
 *           _exit(), exit() or are SIGKILLed (at once, after a moment,
 *           inside the submission, while io_uring's worker runs the
 *           batch); their output buffer is shared with the parent, which
 *           fills it with a pattern once the child is reaped: nothing may
 *           write it afterwards;
 *   inherit: a child submits on the ring and descriptor it inherited and
 *           exits at once; the parent, which keeps both, reaps CQEs of 0,
 *           ECANCELED, or EINTR or EFAULT (a software operation in the
 *           child's io_uring worker, killed with it), and its own copy of the
 *           buffers (copy-on-write since the fork) is never written;
 *   munmap, threads: stress_mm.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "uring.h"

int sload_init(struct sload *l, int ctx, uint8_t *in, uint8_t *out,
	       struct ncr_session_once *o)
{
	uint8_t kb[16];
	int e;

	memset(l, 0, sizeof(*l));
	for (size_t i = 0; i < sizeof(kb); i++)
		kb[i] = (uint8_t)(i * 37 + 5);
	e = key_import(ctx, NCR_KEY_TYPE_AES, NCR_KEY_FORMAT_RAW, 0, kb,
		       sizeof(kb), 0, NCR_KEY_USAGE_ENCRYPT |
		       NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_AES_CBC, NULL, 0,
		       &l->key);
	if (e)
		return e;
	l->flags = have_hw ? NCR_SESSION_FLAG_HARDWARE : 0;
	l->in = in;
	l->out = out;
	l->o = o;
	for (int i = 0; i < SN; i++) {
		memset(&o[i], 0, sizeof(o[i]));
		o[i].size = sizeof(o[i]);
		o[i].flags = l->flags;
		o[i].algorithm = NCR_ALG_AES_CBC;
		o[i].op = i % 2 ? NCR_OP_DECRYPT : NCR_OP_ENCRYPT;
		o[i].key = l->key;
		o[i].iv = PTR64(l->iv);
		o[i].iv_size = 16;
		o[i].input = PTR64(in + (size_t)i * SLEN);
		o[i].input_size = SLEN;
		o[i].output = PTR64(out + (size_t)i * SLEN);
		o[i].output_size = SLEN;
	}
	return 0;
}

int sload_submit(struct io_uring *ring, int ctx, struct sload *l, int n,
		 uint8_t sqe_flags)
{
	int r;

	for (int i = 0; i < n; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

		if (!sqe)
			return -EBUSY;
		sqe_cmd(sqe, ctx, NCRIO_SESSION_ONCE, &l->o[i]);
		sqe->flags = sqe_flags;
		sqe->user_data = (uint64_t)i;
	}
	r = io_uring_submit(ring);
	return r == n ? 0 : r < 0 ? r : -EIO;
}

int ns_wait(int n)
{
	struct live l;

	for (int i = 0; i < 1000; i++) {
		if (live_get(fd, &l))
			return -1;
		if ((int)l.namespaces == n)
			return 0;
		usleep(10000);
	}
	tap_diag("live namespaces %u, want %d", l.namespaces, n);
	return -1;
}

static uint8_t *xmap(size_t len, int shared)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS,
		       -1, 0);

	if (p == MAP_FAILED)
		abort();
	return p;
}

static void loop_close(void)
{
	uint8_t *in = xmap(SN * SLEN, 0), *out = xmap(SN * SLEN, 0);
	struct ncr_session_once *o = calloc(SN, sizeof(*o));
	double end = now_s() + stress_seconds;
	int iters = 0, bad = 0, e;
	struct sload l;
	struct base b;

	base_get(fd, &b);
	while (now_s() < end && bad < 3) {
		struct io_uring ring;
		struct io_uring_cqe *cqe;
		int nfd = dev_open(), v = iters % 4;

		e = nfd < 0 ? nfd : ring_init(&ring, SN, have_defer &&
						      (iters / 8) % 2);
		if (e) {
			tap_diag("close loop: %s", errname(e));
			bad++;
			break;
		}
		e = sload_init(&l, nfd, in, out, o) ?:
		    sload_submit(&ring, nfd, &l, SN, iters % 8 >= 4 ?
				 IOSQE_ASYNC : 0);
		if (e && !bad++)
			tap_diag("close loop: submit: %s", errname(e));
		switch (v) {
		case 0:		/* descriptor, then ring */
			close(nfd);
			io_uring_queue_exit(&ring);
			break;
		case 1:		/* ring, then descriptor */
			io_uring_queue_exit(&ring);
			close(nfd);
			break;
		case 2:		/* descriptor closed: they still complete */
			close(nfd);
			for (int i = 0; i < SN && !e; i++) {
				e = io_uring_wait_cqe(&ring, &cqe);
				if (e)
					break;
				if (cqe->res && !bad++)
					tap_diag("close loop: a request "
						 "after close: %s",
						 errname(cqe->res));
				io_uring_cqe_seen(&ring, cqe);
			}
			io_uring_queue_exit(&ring);
			break;
		default:	/* the key deleted, then the ring */
			key_del(nfd, l.key);
			io_uring_queue_exit(&ring);
			close(nfd);
			break;
		}
		/* every request done before the buffers are used again */
		if (ns_wait(b.live.namespaces))
			bad++;
		iters++;
	}
	tap_ok(!bad && iters, "%d times: %d %s requests in flight, then the "
	       "descriptor and the ring closed in either order (or the key "
	       "deleted): no error, every namespace freed", iters, SN,
	       have_hw ? "hardware" : "software");
	base_check(fd, &b, "close with requests in flight");
	munmap(in, SN * SLEN);
	munmap(out, SN * SLEN);
	free(o);
}

/*
 * The child: 64 requests in flight, then the mode says how it goes:
 * 0 _exit(), 1 exit(), 2 SIGKILL after a moment, 3 SIGKILL at once (the
 * SQEs with IOSQE_ASYNC), 4 one batch SQE of the 64 killed while it runs
 * in io_uring_submit, 5 the same batch with IOSQE_ASYNC (in io_uring's
 * worker) killed.
 */
static void __attribute__((noreturn)) exit_child(int wfd, uint8_t *out,
						int mode, int defer)
{
	uint8_t *in = xmap(SN * SLEN, 0);
	struct ncr_session_once o[SN];
	struct ncr_batch_op ops[SN];
	struct ncr_batch bt;
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	struct sload l;
	int nfd = dev_open(), e;

	e = nfd < 0 ? nfd : ring_init(&ring, SN, defer);
	if (!e)
		e = sload_init(&l, nfd, in, out, o);
	if (e)
		_exit(3);
	if (mode < 4) {
		e = sload_submit(&ring, nfd, &l, SN,
				 mode == 3 ? IOSQE_ASYNC : 0);
		if (e || write(wfd, "s", 1) != 1)
			_exit(4);
	} else {
		memset(ops, 0, sizeof(ops));
		for (int i = 0; i < SN; i++) {
			ops[i].type = NCR_BATCH_OP_ONCE;
			ops[i].once = o[i];
		}
		memset(&bt, 0, sizeof(bt));
		bt.size = sizeof(bt);
		bt.ops = PTR64(ops);
		bt.op_size = sizeof(ops[0]);
		bt.count = SN;
		sqe = io_uring_get_sqe(&ring);
		sqe_cmd(sqe, nfd, NCRIO_BATCH, &bt);
		sqe->flags = mode == 5 ? IOSQE_ASYNC : 0;
		/* mode 4: killed inside the submission */
		if (mode == 4 && write(wfd, "s", 1) != 1)
			_exit(4);
		if (io_uring_submit(&ring) != 1)
			_exit(5);
		if (mode == 5 && write(wfd, "s", 1) != 1)
			_exit(4);
	}
	if (mode == 0)
		_exit(0);
	if (mode == 1)
		exit(0);
	for (;;)
		pause();	/* SIGKILLed */
}

static void loop_exit(void)
{
	uint8_t *shared = xmap(SN * SLEN, 1);
	double end = now_s() + stress_seconds;
	int iters = 0, bad = 0, written = 0, kills = 0;
	struct rng r = { .s = seed ^ 0xe817 };
	struct base b;

	base_get(fd, &b);
	while (now_s() < end && bad < 3) {
		int p[2], mode = iters % 6, st = 0;
		char c = 0;
		pid_t pid;

		if (pipe(p))
			abort();
		pid = fork();
		if (pid < 0)
			abort();
		if (!pid) {
			close(p[0]);
			exit_child(p[1], shared, mode,
				   have_defer && (iters / 6) % 2);
		}
		close(p[1]);
		if (read(p[0], &c, 1) != 1 && !bad++)
			tap_diag("exit loop: the child failed before "
				 "submitting");
		close(p[0]);
		if (mode >= 2) {
			if (mode == 2 || mode == 4)
				usleep(rng_below(&r, 3000));
			kill(pid, SIGKILL);
			kills++;
		}
		waitpid(pid, &st, 0);
		if (mode < 2 ? !WIFEXITED(st) || WEXITSTATUS(st) :
		    !WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL) {
			if (!bad++)
				tap_diag("exit loop: mode %d: child status "
					 "%#x", mode, st);
		}
		/* reaped: from now on nothing may write its buffer */
		memset(shared, 0xa5, SN * SLEN);
		if (ns_wait(b.live.namespaces))
			bad++;
		for (size_t i = 0; i < SN * SLEN; i++)
			if (shared[i] != 0xa5) {
				written++;
				break;
			}
		iters++;
	}
	tap_ok(!bad && iters, "%d children with %d %s requests in flight (as "
	       "SQEs or one batch SQE): _exit(), exit() or SIGKILL (%d "
	       "killed); each reaped, its namespace freed", iters, SN,
	       have_hw ? "hardware" : "software", kills);
	tap_ok(!written, "after a child is reaped, nothing writes to its output "
	       "buffer (shared with the parent): %d of %d times it was "
	       "written", written, iters);
	base_check(fd, &b, "exit and SIGKILL with requests in flight");
	munmap(shared, SN * SLEN);
}

/* A child submits on the inherited ring and descriptor and leaves. */
static void loop_inherit(void)
{
	size_t olen = SN * sizeof(struct ncr_session_once);
	uint8_t *in = xmap(SN * SLEN, 0), *out = xmap(SN * SLEN, 0);
	struct ncr_session_once *o = (void *)xmap(olen, 0);
	struct ncr_session_once *saved = malloc(olen);
	double end = now_s() + stress_seconds;
	int iters = 0, bad = 0, written = 0, done = 0, cancelled = 0;
	int intr = 0;
	double t_wait = 0, t_reap = 0, t_free = 0, t;
	struct base b;

	if (!saved)
		abort();
	base_get(fd, &b);
	while (now_s() < end && bad < 3) {
		struct __kernel_timespec ts = { .tv_sec = 10 };
		struct io_uring_cqe *cqe;
		struct io_uring ring;
		struct sload l;
		int nfd = dev_open(), e, st = 0;
		pid_t pid;

		e = nfd < 0 ? nfd : ring_init(&ring, SN, 0);
		if (!e)
			e = sload_init(&l, nfd, in, out, o);
		if (e) {
			tap_diag("inherit loop: %s", errname(e));
			bad++;
			break;
		}
		memset(out, 0x5a, SN * SLEN);
		memcpy(saved, o, olen);
		pid = fork();
		if (pid < 0)
			abort();
		if (!pid)
			_exit(sload_submit(&ring, nfd, &l, SN, iters % 2 ?
					   IOSQE_ASYNC : 0) ? 3 : 0);
		t = now_s();
		waitpid(pid, &st, 0);
		t_wait += now_s() - t;
		if ((!WIFEXITED(st) || WEXITSTATUS(st)) && !bad++)
			tap_diag("inherit loop: child status %#x", st);
		t = now_s();
		for (int i = 0; i < SN; i++) {
			e = io_uring_wait_cqe_timeout(&ring, &cqe, &ts);
			if (e == -EINTR) {
				i--;
				continue;
			}
			if (e) {
				if (!bad++)
					tap_diag("inherit loop: CQE %d of %d: "
						 "%s", i, SN, errname(e));
				break;
			}
			if (!cqe->res) {
				done++;
			} else if (cqe->res == -ECANCELED) {
				cancelled++;
			} else if (cqe->res == -EINTR ||
				   cqe->res == -EFAULT) {
				/* its worker killed mid-operation (a fault
				 * with a fatal signal pending fails) */
				intr++;
			} else if (!bad++) {
				tap_diag("inherit loop: a CQE %s",
					 errname(cqe->res));
			}
			io_uring_cqe_seen(&ring, cqe);
		}
		for (size_t i = 0; i < SN * SLEN; i++)
			if (out[i] != 0x5a) {
				written++;
				break;
			}
		if (memcmp(saved, o, olen))
			written++;
		t_reap += now_s() - t;
		t = now_s();
		io_uring_queue_exit(&ring);
		close(nfd);
		if (ns_wait(b.live.namespaces))
			bad++;
		t_free += now_s() - t;
		iters++;
	}
	if (iters)
		tap_diag("inherit loop: per round %.3f s to reap the child, "
			 "%.3f s to its last CQE, %.3f s to free the namespace",
			 t_wait / iters, t_reap / iters, t_free / iters);
	tap_ok(!bad && iters, "%d times: a child submits %d %s requests on the "
	       "ring and descriptor it inherited and exits; the parent reaps "
	       "every CQE: %d 0, %d ECANCELED, %d EINTR or EFAULT "
	       "(IOSQE_ASYNC: the child's io_uring worker killed "
	       "mid-operation), nothing else",
	       iters, SN, have_hw ? "hardware" : "software", done, cancelled,
	       intr);
	tap_ok(!written, "... and the parent's own copy of the output and the "
	       "structures is never written (%d of %d times it was)", written,
	       iters);
	base_check(fd, &b, "a child's requests on an inherited ring");
	munmap(in, SN * SLEN);
	munmap(out, SN * SLEN);
	munmap(o, olen);
	free(saved);
}

void test_stress(void)
{
	double t0 = now_s();

	loop_close();
	tap_diag("time stress close: %.1f s", now_s() - t0);
	t0 = now_s();
	loop_exit();
	tap_diag("time stress exit: %.1f s", now_s() - t0);
	t0 = now_s();
	loop_inherit();
	tap_diag("time stress inherit: %.1f s", now_s() - t0);
	t0 = now_s();
	stress_munmap();
	tap_diag("time stress munmap: %.1f s", now_s() - t0);
	t0 = now_s();
	stress_threads();
	tap_diag("time stress threads: %.1f s", now_s() - t0);
}
