// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ring.c - build/tests/uring: IORING_OP_URING_CMD SQEs filled by hand
 * (not through libncr: the tests of the command itself must not take the
 * library's word for the layout), and running many of them through a ring.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "uring.h"

/* The command area: 16 bytes at sqe->cmd of a plain (64-byte) SQE. */
_Static_assert(offsetof(struct io_uring_sqe, cmd) +
	       sizeof(struct ncr_uring_cmd) <= sizeof(struct io_uring_sqe),
	       "struct ncr_uring_cmd fits a plain SQE");
_Static_assert(sizeof(struct ncr_uring_cmd) == 16,
	       "struct ncr_uring_cmd is the 16 bytes of sqe->cmd");

void sqe_cmd_raw(struct io_uring_sqe *sqe, int fd, uint32_t cmd_op,
		 uint64_t arg, uint32_t flags, uint32_t reserved)
{
	struct ncr_uring_cmd c = {
		.arg = arg, .flags = flags, .__reserved = reserved,
	};

	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = IORING_OP_URING_CMD;
	sqe->fd = fd;
	sqe->cmd_op = cmd_op;
	memcpy((uint8_t *)sqe + offsetof(struct io_uring_sqe, cmd), &c,
	       sizeof(c));
}

/* Reaps CQEs until *pending is 0. */
static int reap(struct io_uring *ring, int n, int *res, int *pending)
{
	struct io_uring_cqe *cqe;
	int r;

	while (*pending) {
		r = io_uring_wait_cqe(ring, &cqe);
		if (r == -EINTR)
			continue;
		if (r)
			return r;
		if (cqe->user_data < (uint64_t)n)
			res[cqe->user_data] = cqe->res;
		io_uring_cqe_seen(ring, cqe);
		(*pending)--;
	}
	return 0;
}

int ring_run(struct io_uring *ring, int n, int group, prep_fn prep,
	     void *ctx, int *res)
{
	int i = 0, pending = 0, r;

	while (i < n) {
		int k = 0;

		while (k < group && i < n) {
			struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

			if (!sqe)
				break;
			prep(sqe, i, ctx);
			sqe->user_data = (uint64_t)i;
			i++;
			k++;
		}
		if (!k)
			return -EBUSY;
		r = io_uring_submit(ring);
		if (r < 0)
			return r;
		/* SQPOLL: liburing counts what the kernel's thread has not
		 * taken yet, which may be fewer */
		if (r != k && !(ring->flags & IORING_SETUP_SQPOLL))
			return -EIO;
		pending += k;
		/* the whole group is in flight; reap it before the next */
		r = reap(ring, n, res, &pending);
		if (r)
			return r;
	}
	return 0;
}

int ring_one(struct io_uring *ring, int fd, uint32_t cmd_op, const void *arg,
	     uint8_t sqe_flags)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	struct io_uring_cqe *cqe;
	int r;

	if (!sqe)
		return -1000 - EBUSY;
	sqe_cmd(sqe, fd, cmd_op, arg);
	sqe->flags = sqe_flags;
	sqe->user_data = 0x5eed;
	r = io_uring_submit(ring);
	if (r != 1)
		return -1000 - (r < 0 ? -r : EIO);
	do
		r = io_uring_wait_cqe(ring, &cqe);
	while (r == -EINTR);
	if (r)
		return -1000 - (-r);
	r = cqe->user_data == 0x5eed ? cqe->res : -1000 - EPROTO;
	io_uring_cqe_seen(ring, cqe);
	return r;
}

int ring_has_uring_cmd(void)
{
	struct io_uring_probe *p = io_uring_get_probe();
	int ok;

	if (!p)
		return 0;
	ok = io_uring_opcode_supported(p, IORING_OP_URING_CMD);
	io_uring_free_probe(p);
	return ok;
}

struct tops_ctx {
	struct top *t;
	int fd;
	uint8_t sqe_flags;
};

static void prep_top(struct io_uring_sqe *sqe, int i, void *p)
{
	struct tops_ctx *c = p;

	sqe_cmd(sqe, c->fd, NCRIO_SESSION_ONCE, &c->t[i].o);
	sqe->flags = c->sqe_flags;
}

int run_tops(struct io_uring *ring, int fd, struct top *t, int n, int group,
	     uint8_t sqe_flags, const char *what)
{
	struct tops_ctx c = { .t = t, .fd = fd, .sqe_flags = sqe_flags };
	int *res = calloc((size_t)n, sizeof(*res)), bad = 0, r;

	if (!res)
		abort();
	for (int i = 0; i < n; i++) {
		top_reset(&t[i]);
		res[i] = -EINPROGRESS;
	}
	r = ring_run(ring, n, group, prep_top, &c, res);
	if (r) {
		tap_diag("%s: ring: %s", what, errname(r));
		bad = n;
	} else {
		for (int i = 0; i < n; i++)
			top_check(&t[i], res[i], what, &bad);
	}
	free(res);
	return bad;
}

int ring_init(struct io_uring *ring, unsigned int entries, int defer)
{
	return io_uring_queue_init(entries, ring, defer ?
				   IORING_SETUP_SINGLE_ISSUER |
				   IORING_SETUP_DEFER_TASKRUN : 0);
}

int ring_has_defer(void)
{
	struct io_uring ring;

	if (ring_init(&ring, 4, 1))
		return 0;
	io_uring_queue_exit(&ring);
	return 1;
}
