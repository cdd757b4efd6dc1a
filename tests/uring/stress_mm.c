// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stress_mm.c - build/tests/uring: memory and descriptors taken away
 * under requests in flight (loops of NCR_URING_SECONDS, leak-checked).
 *   munmap:  a child submits 64 requests whose output (or structures, or
 *            input) lives in a mapping shared with the parent, unmaps it
 *            and tells the parent, which fills the pages with a pattern;
 *            the child's CQEs must all be 0 or EFAULT (or the child is
 *            killed by a signal), and once every request has finished
 *            the parent's pattern must be intact: the kernel never writes
 *            output through pages the submitter no longer maps (every
 *            other round on a DEFER_TASKRUN ring, where nothing is copied
 *            out before the munmap: EFAULT);
 *   threads: three threads submit to one ring (a fourth reaps) while
 *            another closes the ncr descriptor, and sometimes opens a new
 *            one that gets the same number (a namespace without the
 *            key): every CQE is right, EBADF or ENOENT, never a wrong
 *            output.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "uring.h"

static uint8_t *xmap(size_t len, int shared)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS,
		       -1, 0);

	if (p == MAP_FAILED)
		abort();
	return p;
}

/* ---------------------------------------------------------------- munmap */

enum { UNMAP_OUT, UNMAP_STRUCTS, UNMAP_IN, UNMAP_KINDS };
struct mm_counts {
	int ok, efault, other;
	int ready;		/* CQEs already there at the munmap */
};

/* shared: SN * SLEN output bytes, then the structures (a page). */
static void __attribute__((noreturn)) mm_child(int wfd, int rfd,
					      uint8_t *shared, int kind,
					      int defer)
{
	uint8_t *in = kind == UNMAP_IN ? shared : xmap(SN * SLEN, 0);
	uint8_t *out = kind == UNMAP_IN ? xmap(SN * SLEN, 0) : shared;
	struct ncr_session_once *o = (void *)(shared + SN * SLEN);
	struct mm_counts c = { 0 };
	struct io_uring ring;
	struct io_uring_cqe *cqe;
	struct sload l;
	int nfd = dev_open(), e;
	char x;

	e = nfd < 0 ? nfd : ring_init(&ring, SN, defer);
	if (!e)
		e = sload_init(&l, nfd, in, out, o);
	if (!e)
		e = sload_submit(&ring, nfd, &l, SN, 0);
	if (e)
		_exit(3);
	c.ready = (int)io_uring_cq_ready(&ring);
	if (kind == UNMAP_STRUCTS)
		munmap(o, 4096 * 3);
	else
		munmap(shared, SN * SLEN);
	if (write(wfd, "u", 1) != 1 || read(rfd, &x, 1) != 1)
		_exit(4);
	for (int i = 0; i < SN; i++) {
		e = io_uring_wait_cqe(&ring, &cqe);
		if (e == -EINTR) {
			i--;
			continue;
		}
		if (e)
			_exit(5);
		if (!cqe->res)
			c.ok++;
		else if (cqe->res == -EFAULT)
			c.efault++;
		else
			c.other++;
		io_uring_cqe_seen(&ring, cqe);
	}
	if (write(wfd, &c, sizeof(c)) != sizeof(c))
		_exit(6);
	_exit(0);
}

void stress_munmap(void)
{
	size_t len = SN * SLEN + 4096 * 3;
	double end = now_s() + stress_seconds;
	int iters = 0, bad = 0, written = 0, killed = 0, efaults = 0;
	long ready = 0, total = 0;
	struct base b;

	base_get(fd, &b);
	while (now_s() < end && bad < 3) {
		uint8_t *shared = xmap(len, 1);
		int up[2], down[2], kind = iters % UNMAP_KINDS, st = 0;
		struct mm_counts c = { .other = -1 };
		char x = 0;
		pid_t pid;

		if (pipe(up) || pipe(down))
			abort();
		pid = fork();
		if (pid < 0)
			abort();
		if (!pid) {
			close(up[0]);
			close(down[1]);
			mm_child(up[1], down[0], shared, kind, have_defer &&
				 (iters / UNMAP_KINDS) % 2);
		}
		close(up[1]);
		close(down[0]);
		if (read(up[0], &x, 1) == 1) {
			/* the child no longer maps it: only we do */
			memset(shared, 0xa5, len);
			if (write(down[1], "p", 1) != 1)
				bad++;
			if (read(up[0], &c, sizeof(c)) != sizeof(c))
				c.other = -1;
		}
		close(up[0]);
		close(down[1]);
		waitpid(pid, &st, 0);
		if (WIFSIGNALED(st) && (WTERMSIG(st) == SIGSEGV ||
					WTERMSIG(st) == SIGBUS)) {
			killed++;
		} else if (!WIFEXITED(st) || WEXITSTATUS(st) || c.other) {
			if (!bad++)
				tap_diag("munmap loop: kind %d: status %#x, "
					 "CQEs %d ok, %d EFAULT, %d other",
					 kind, st, c.ok, c.efault, c.other);
		}
		efaults += c.efault;
		if (c.other >= 0) {
			ready += c.ready;
			total += SN;
		}
		if (ns_wait(b.live.namespaces))
			bad++;
		/* only the unmapped part: the rest the child still maps
		 * and the kernel may write */
		for (size_t i = kind == UNMAP_STRUCTS ? SN * SLEN : 0;
		     i < (kind == UNMAP_STRUCTS ? len : SN * SLEN); i++)
			if (shared[i] != 0xa5) {
				if (!written++)
					tap_diag("munmap loop: kind %d: byte "
						 "%zu of the unmapped pages "
						 "written", kind, i);
				break;
			}
		munmap(shared, len);
		iters++;
	}
	tap_ok(!bad && iters, "%d times: %d %s requests submitted, their output"
	       ", structures or input unmapped: every CQE 0 or EFAULT (%d "
	       "EFAULT), or the child killed by a signal (%d)", iters, SN,
	       have_hw ? "hardware" : "software", efaults, killed);
	tap_diag("munmap loop: %ld of %ld requests had completed at the "
		 "munmap", ready, total);
	tap_ok(!written, "the pages unmapped by the submitter (still mapped by "
	       "another process) are never written afterwards (%d of %d "
	       "times they were)", written, iters);
	base_check(fd, &b, "munmap with requests in flight");
}

/* --------------------------------------------------------------- threads */

#define NT 3			/* submitting threads */
#define PER (SN / NT)		/* slots per thread */
#define STOP_UD 0xffffull

struct tstate {
	struct io_uring ring;
	pthread_mutex_t lock;	/* the SQ: one submitter at a time */
	struct sload l;
	int nfd;		/* the number the submitters use */
	uint8_t *want;		/* expected output of each slot */
	atomic_int stop;
	atomic_int done[SN];
	int res[SN];
	/* counts */
	atomic_int ok, ebadf, enoent, wrong, other, subfail;
};

static void *reaper(void *p)
{
	struct tstate *s = p;
	struct io_uring_cqe *cqe;

	for (;;) {
		int e = io_uring_wait_cqe(&s->ring, &cqe);
		uint64_t ud;

		if (e == -EINTR)
			continue;
		if (e)
			return NULL;
		ud = cqe->user_data;
		if (ud == STOP_UD) {
			io_uring_cqe_seen(&s->ring, cqe);
			return NULL;
		}
		if (ud < SN) {
			s->res[ud] = cqe->res;
			atomic_store(&s->done[ud], 1);
		}
		io_uring_cqe_seen(&s->ring, cqe);
	}
}

struct targ {
	struct tstate *s;
	int first;		/* its slots: first .. first + PER - 1 */
};

static void *submitter(void *p)
{
	const struct targ *a = p;
	struct tstate *s = a->s;
	int first = a->first, rounds = 0;

	while (!atomic_load(&s->stop) || !rounds) {
		int n = 0;

		pthread_mutex_lock(&s->lock);
		for (int i = first; i < first + PER; i++) {
			struct io_uring_sqe *sqe = io_uring_get_sqe(&s->ring);

			if (!sqe)
				break;
			memset(s->l.out + (size_t)i * SLEN, 0, SLEN);
			s->l.o[i].output_size = SLEN;
			atomic_store(&s->done[i], 0);
			sqe_cmd(sqe, s->nfd, NCRIO_SESSION_ONCE, &s->l.o[i]);
			sqe->flags = rounds % 2 ? IOSQE_ASYNC : 0;
			sqe->user_data = (uint64_t)i;
			n++;
		}
		if (io_uring_submit(&s->ring) != n)
			atomic_fetch_add(&s->subfail, 1);
		pthread_mutex_unlock(&s->lock);
		for (int i = first; i < first + n; i++) {
			int r;

			while (!atomic_load(&s->done[i]))
				usleep(100);
			r = s->res[i];
			if (!r) {
				if (memcmp(s->l.out + (size_t)i * SLEN,
					   s->want + (size_t)i * SLEN, SLEN) ||
				    s->l.o[i].output_size != SLEN)
					atomic_fetch_add(&s->wrong, 1);
				else
					atomic_fetch_add(&s->ok, 1);
			} else if (r == -EBADF) {
				atomic_fetch_add(&s->ebadf, 1);
			} else if (r == -ENOENT) {
				atomic_fetch_add(&s->enoent, 1);
			} else {
				atomic_fetch_add(&s->other, 1);
			}
		}
		rounds++;
	}
	return NULL;
}

void stress_threads(void)
{
	uint8_t *in = xmap(SN * SLEN, 0), *out = xmap(SN * SLEN, 0);
	uint8_t *want = xmap(SN * SLEN, 0);
	struct ncr_session_once *o = calloc(SN, sizeof(*o));
	struct tstate *s = calloc(1, sizeof(*s));
	double end = now_s() + stress_seconds;
	struct rng r = { .s = seed ^ 0x7d };
	int iters = 0, bad = 0, reused = 0, ok = 0, ebadf = 0, enoent = 0;
	uint8_t kb[16];
	struct base b;

	if (!o || !s)
		abort();
	/* sload_init's key, the expected output of every slot */
	for (size_t i = 0; i < sizeof(kb); i++)
		kb[i] = (uint8_t)(i * 37 + 5);
	rng_fill(&r, in, SN * SLEN);
	for (int i = 0; i < SN; i++) {
		static const uint8_t iv[16];

		ref_cipher(NCR_ALG_AES_CBC, i % 2 == 0, kb, 16, iv,
			   in + (size_t)i * SLEN, SLEN,
			   want + (size_t)i * SLEN);
	}
	base_get(fd, &b);
	while (now_s() < end && bad < 3) {
		pthread_t th[NT], rp;
		struct targ args[NT];
		struct io_uring_sqe *sqe;
		int e, newfd = -1;

		memset(s, 0, sizeof(*s));
		pthread_mutex_init(&s->lock, NULL);
		s->want = want;
		s->nfd = dev_open();
		e = s->nfd < 0 ? s->nfd : io_uring_queue_init(SN + 8, &s->ring,
							      0);
		if (!e)
			e = sload_init(&s->l, s->nfd, in, out, o);
		if (e) {
			tap_diag("threads loop: %s", errname(e));
			bad++;
			break;
		}
		pthread_create(&rp, NULL, reaper, s);
		for (int t = 0; t < NT; t++) {
			args[t].s = s;
			args[t].first = t * PER;
			pthread_create(&th[t], NULL, submitter, &args[t]);
		}
		usleep(1000 + rng_below(&r, 30000));
		close(s->nfd);
		if (iters % 2) {
			/* the same number, a namespace without the key */
			newfd = dev_open();
			reused += newfd == s->nfd;
		}
		usleep(1000 + rng_below(&r, 20000));
		atomic_store(&s->stop, 1);
		for (int t = 0; t < NT; t++)
			pthread_join(th[t], NULL);
		pthread_mutex_lock(&s->lock);
		sqe = io_uring_get_sqe(&s->ring);
		io_uring_prep_nop(sqe);
		sqe->user_data = STOP_UD;
		io_uring_submit(&s->ring);
		pthread_mutex_unlock(&s->lock);
		pthread_join(rp, NULL);
		io_uring_queue_exit(&s->ring);
		if (newfd >= 0)
			close(newfd);
		if (s->wrong || s->other || s->subfail) {
			if (!bad++)
				tap_diag("threads loop: %d wrong outputs, %d "
					 "other errors, %d short submits",
					 s->wrong, s->other, s->subfail);
		}
		ok += s->ok;
		ebadf += s->ebadf;
		enoent += s->enoent;
		if (ns_wait(b.live.namespaces))
			bad++;
		pthread_mutex_destroy(&s->lock);
		iters++;
	}
	tap_ok(!bad && iters, "%d times: %d threads submitting %s requests to "
	       "one ring while another closes the descriptor (and reopens "
	       "its number %d times): %d right, %d EBADF, %d ENOENT, nothing "
	       "else", iters, NT, have_hw ? "hardware" : "software", reused,
	       ok, ebadf, enoent);
	base_check(fd, &b, "threads and a closed descriptor");
	munmap(in, SN * SLEN);
	munmap(out, SN * SLEN);
	munmap(want, SN * SLEN);
	free(o);
	free(s);
}
