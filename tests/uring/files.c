// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * files.c - build/tests/uring: which descriptor and which ring.
 *   - a registered file (IOSQE_FIXED_FILE), which keeps its namespace
 *     (and its keys) alive after the descriptor is closed, until it is
 *     unregistered;
 *   - rings with 128-byte SQEs and 32-byte CQEs, SINGLE_ISSUER and
 *     DEFER_TASKRUN, and SQPOLL (the kernel's submission thread runs the
 *     commands), when the kernel allows them;
 *   - a descriptor from CRIOGET (the BSD ioctl of <crypto/cryptodev.h>: a
 *     second namespace) takes commands too;
 *   - a command on a namespace with another namespace's key handle fails
 *     ENOENT, as the ioctl does, in a one-shot and in a batch element.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <crypto/cryptodev.h>

#include "uring.h"

#define N 48

static const uint32_t algs[] = {
	NCR_ALG_AES_CBC, NCR_ALG_AES_GCM, NCR_ALG_CHACHA20_POLY1305,
	NCR_ALG_HMAC_SHA256, NCR_ALG_SHA256, NCR_ALG_AES_CTR,
};

/* N operations of the algorithms above with keys in namespace ctx. */
struct set {
	struct tkey k[ARRAY_SIZE(algs)];
	struct top t[N];
	int ctx, made;
};

static int set_make(struct set *s, int ctx, struct rng *r)
{
	int e = 0;

	memset(s, 0, sizeof(*s));
	s->ctx = ctx;
	for (size_t i = 0; i < ARRAY_SIZE(algs) && !e; i++)
		e = tkey_make(ctx, talg_get(algs[i]), r, &s->k[i]);
	for (; s->made < N && !e; s->made++) {
		uint32_t i = rng_below(r, ARRAY_SIZE(algs));

		e = top_make(&s->t[s->made], talg_get(algs[i]), &s->k[i], r,
			     6000, 0);
	}
	return e;
}

static void set_free(struct set *s, int del_keys)
{
	for (int i = 0; i < s->made; i++)
		top_free(&s->t[i]);
	for (size_t i = 0; del_keys && i < ARRAY_SIZE(algs); i++)
		if (s->k[i].handle)
			key_del(s->ctx, s->k[i].handle);
}

static void registered(struct set *s, struct rng *r)
{
	struct io_uring ring;
	struct live before, after;
	struct set s2;
	int e, bad, nfd;

	e = io_uring_queue_init(64, &ring, 0);
	if (!e)
		e = io_uring_register_files(&ring, &fd, 1);
	if (!tap_ok(!e, "a ring with the descriptor registered: %s",
		    errname(e)))
		return;
	bad = run_tops(&ring, 0, s->t, N, 16, IOSQE_FIXED_FILE, "fixed file");
	tap_ok(!bad, "%d one-shot SQEs on the registered file "
	       "(IOSQE_FIXED_FILE): all == OpenSSL (%d wrong)", N, bad);
	io_uring_unregister_files(&ring);

	/* a namespace only the registration holds */
	live_get(fd, &before);
	nfd = dev_open();
	e = nfd < 0 ? nfd : set_make(&s2, nfd, r);
	if (!e)
		e = io_uring_register_files(&ring, &nfd, 1);
	if (!tap_ok(!e, "a second namespace, registered: %s", errname(e))) {
		if (nfd >= 0)
			close(nfd);
		io_uring_queue_exit(&ring);
		return;
	}
	close(nfd);
	bad = run_tops(&ring, 0, s2.t, N, N, IOSQE_FIXED_FILE,
		       "registered, closed");
	tap_ok(!bad, "its descriptor closed, the registered file still holds "
	       "the namespace and its keys: %d SQEs right (%d wrong)", N, bad);
	io_uring_unregister_files(&ring);
	e = live_wait(fd, &before, &after);
	tap_ok(!e, "unregistered: the namespace and its %zu keys are gone "
	       "(live namespaces %u, keys %llu; before %u, %llu)",
	       ARRAY_SIZE(algs), after.namespaces,
	       (unsigned long long)after.keys, before.namespaces,
	       (unsigned long long)before.keys);
	set_free(&s2, 0);
	io_uring_queue_exit(&ring);
}

static void ring_kinds(struct set *s)
{
	struct io_uring_params p;
	struct io_uring ring;
	int e, bad;

	e = io_uring_queue_init(64, &ring, IORING_SETUP_SQE128 |
				IORING_SETUP_CQE32);
	if (e) {
		tap_skip(errname(e), "an SQE128/CQE32 ring");
	} else {
		bad = run_tops(&ring, fd, s->t, N, 16, 0, "SQE128");
		tap_ok(!bad, "%d one-shot SQEs on a ring of 128-byte SQEs and "
		       "32-byte CQEs: all == OpenSSL (%d wrong)", N, bad);
		io_uring_queue_exit(&ring);
	}

	if (!have_defer) {
		tap_skip("no DEFER_TASKRUN", "a DEFER_TASKRUN ring");
	} else if (!ring_init(&ring, 64, 1)) {
		bad = run_tops(&ring, fd, s->t, N, N, 0, "DEFER_TASKRUN");
		tap_ok(!bad, "%d one-shot SQEs on a SINGLE_ISSUER|DEFER_TASKRUN "
		       "ring: all == OpenSSL (%d wrong)", N, bad);
		io_uring_queue_exit(&ring);
	}

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SQPOLL;
	p.sq_thread_idle = 50;
	e = io_uring_queue_init_params(64, &ring, &p);
	if (e) {
		tap_skip(errname(e), "an SQPOLL ring");
		return;
	}
	for (int round = 0; round < 3; round++) {
		bad = run_tops(&ring, fd, s->t, N, round ? N : 1, 0, "SQPOLL");
		tap_ok(!bad, "%d one-shot SQEs on an SQPOLL ring, %d at a time: "
		       "all == OpenSSL (%d wrong)", N, round ? N : 1, bad);
		usleep(100000);	/* let the thread go idle */
	}
	io_uring_queue_exit(&ring);
}

static void crioget_and_cross(struct set *s, struct rng *r)
{
	struct ncr_batch_op op;
	struct ncr_batch b;
	struct io_uring ring;
	struct set s2;
	uint32_t nfd = 0;
	int e, bad, ei, eu;

	e = io_uring_queue_init(64, &ring, 0);
	if (!e)
		e = xioctl(fd, CRIOGET, &nfd);
	if (!tap_ok(!e, "a ring and a descriptor from CRIOGET: %s",
		    errname(e)))
		return;
	/* before it has keys of its own: the main namespace's handles are
	 * nothing there */
	for (int i = 0; i < 3; i++) {
		struct top *t = &s->t[i];

		top_reset(t);
		ei = xioctl((int)nfd, NCRIO_SESSION_ONCE, &t->o);
		if (t->a->key_type == 0)
			continue;	/* a digest needs no key */
		top_reset(t);
		eu = ring_one(&ring, (int)nfd, NCRIO_SESSION_ONCE, &t->o, 0);
		tap_ok(ei == -ENOENT && eu == ei, "a one-shot SQE on the CRIOGET "
		       "namespace with a key handle of another namespace (%s):"
		       " CQE %s, ioctl %s (want ENOENT)", t->a->name,
		       errname(eu), errname(ei));
	}
	memset(&op, 0, sizeof(op));
	op.type = NCR_BATCH_OP_ONCE;
	op.once = s->t[0].o;
	for (int i = 0; i < N && !op.once.key; i++)
		op.once = s->t[i].o;
	memset(&b, 0, sizeof(b));
	b.size = sizeof(b);
	b.ops = PTR64(&op);
	b.op_size = sizeof(op);
	b.count = 1;
	eu = ring_one(&ring, (int)nfd, NCRIO_BATCH, &b, 0);
	tap_ok(!eu && b.done == 1 && op.error == -ENOENT, "a batch SQE on the "
	       "CRIOGET namespace with another namespace's key: CQE %s, "
	       "element %s (want ENOENT)", errname(eu), errname(op.error));

	e = set_make(&s2, (int)nfd, r);
	if (tap_ok(!e, "keys in the CRIOGET namespace: %s", errname(e))) {
		bad = run_tops(&ring, (int)nfd, s2.t, N, 24, 0, "CRIOGET");
		tap_ok(!bad, "%d one-shot SQEs on the CRIOGET descriptor with "
		       "its own keys: all == OpenSSL (%d wrong)", N, bad);
	}
	set_free(&s2, 1);
	close((int)nfd);
	io_uring_queue_exit(&ring);
}

void test_files(void)
{
	struct rng r = { .s = seed ^ 0xf11e };
	struct set s;
	int e;

	e = set_make(&s, fd, &r);
	if (tap_ok(!e, "files: keys and %d operations: %s", N, errname(e))) {
		registered(&s, &r);
		ring_kinds(&s);
		crioget_and_cross(&s, &r);
	}
	set_free(&s, 1);
}
