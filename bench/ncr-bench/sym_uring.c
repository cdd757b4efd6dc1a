// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sym_uring.c - the ncr-uring interface of the symmetric matrix: one-shot
 * operations as io_uring submissions (IORING_OP_URING_CMD on the
 * /dev/crypto descriptor, cmd_op NCRIO_SESSION_ONCE, a struct
 * ncr_uring_cmd in the SQE's command area pointing to the operation's
 * struct ncr_session_once), depth of them (--batch, default 32) kept in
 * flight.  The SQEs are filled here field by field, on the ABI of ncr.h
 * (liburing only runs the ring).
 *
 * One op() reaps depth completions, each slot's SQE prepared again as
 * soon as its completion is reaped; whenever no completion is waiting,
 * every prepared SQE is submitted and the call waits for at least one
 * (io_uring_submit_and_wait).  So the ring holds depth operations at all
 * times, submitted or prepared, and one system call carries as many as
 * have completed since the last.  On a software driver all of them
 * complete inline in that call: one op() is then one io_uring_enter of
 * depth operations, and when op() returns (the clock is read) nothing is
 * completed but not yet counted.  On an asynchronous driver
 * (NCR_SESSION_FLAG_HARDWARE, virtio-crypto) they complete from the driver
 * as the device finishes them, and the ring stays full.  ops/s counts
 * operations (depth per op()).
 *
 * The ring: uring_init.
 *
 * Built without liburing (no pkg-config file), the interface reports
 * itself as missing (ENOSYS).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#ifdef NCR_BENCH_URING
#include <liburing.h>

struct uring_state {
	struct io_uring ring;
	bool ring_live;
	unsigned int inflight;	/* submitted or prepared, not reaped */
	struct ncr_session_once *o;	/* depth slots */
};

/* Prepares slot k's SQE (submitted by the next submit). */
static int uring_prep(struct job *j, struct uring_state *u, unsigned int k)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&u->ring);
	struct ncr_uring_cmd *c;

	if (!sqe)
		return -EBUSY;	/* cannot happen: depth <= ring entries */
	once_rearm(&u->o[k], j->alg, j->len);
	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = IORING_OP_URING_CMD;
	sqe->fd = ncr_fd;
	sqe->cmd_op = NCRIO_SESSION_ONCE;
	c = (struct ncr_uring_cmd *)sqe->cmd;
	c->arg = (uintptr_t)&u->o[k];
	sqe->user_data = k;
	u->inflight++;
	return 0;
}

/*
 * The ring as a tuned single-threaded application sets it up (Linux 6.1
 * and later): one submitter (IORING_SETUP_SINGLE_ISSUER) and
 * completion work deferred until it asks for completions
 * (IORING_SETUP_DEFER_TASKRUN), so a completing asynchronous request
 * costs no interrupt of the task; where the kernel refuses that, the
 * default setup.  Noted once.
 */
static int uring_init(struct io_uring *ring, unsigned int entries)
{
	static const unsigned int tries[] = {
		IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN, 0,
	};
	static bool noted;
	unsigned int i;
	int err = -EINVAL;

	for (i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
		err = io_uring_queue_init(entries, ring, tries[i]);
		if (err != -EINVAL)
			break;
	}
	if (!err && !noted) {
		noted = true;
		note("ncr-uring: ring setup flags %s",
		     tries[i] ? "SINGLE_ISSUER|DEFER_TASKRUN" : "none");
	}
	return err;
}

static int uring_setup(struct job *j)
{
	struct uring_state *u;
	unsigned int k;
	int err;

	if (ncr_fd < 0)
		return -ENODEV;
	u = calloc(1, sizeof(*u));
	if (!u)
		return -ENOMEM;
	j->uring = u;
	u->o = calloc(j->depth, sizeof(*u->o));
	if (!u->o || !mout_alloc(j))
		return -ENOMEM;
	err = uring_init(&u->ring, j->depth);
	if (err < 0)
		return err;
	u->ring_live = true;
	for (k = 0; k < j->depth; k++) {
		once_fill(&u->o[k], j->alg, j->len, j->mout + k * j->mstride,
			  j->sflags);
		err = uring_prep(j, u, k);
		if (err)
			return err;
	}
	j->per_call = j->depth;
	return 0;
}

/* depth completions reaped, each one's slot prepared again. */
static int uring_op(struct job *j)
{
	struct uring_state *u = j->uring;
	struct io_uring_cqe *cqe;
	unsigned int k, n;
	int err, res;

	for (n = 0; n < j->depth; n++) {
		if (io_uring_peek_cqe(&u->ring, &cqe)) {
			err = io_uring_submit_and_wait(&u->ring, 1);
			if (err < 0)
				return err;
			err = io_uring_peek_cqe(&u->ring, &cqe);
			if (err)
				return err;
		}
		k = (unsigned int)cqe->user_data;
		res = cqe->res;
		io_uring_cqe_seen(&u->ring, cqe);
		u->inflight--;
		if (k >= j->depth)
			return -EPROTO;
		if (res)
			return res < 0 ? res : -EPROTO;
		err = uring_prep(j, u, k);
		if (err)
			return err;
	}
	return 0;
}

/*
 * Submits what is prepared and reaps everything: afterwards no operation
 * is in flight and each slot holds its last result.
 */
static int uring_drain(struct job *j)
{
	struct uring_state *u = j->uring;
	struct io_uring_cqe *cqe;
	int err, first = 0;

	err = io_uring_submit(&u->ring);
	if (err < 0)
		return err;
	while (u->inflight) {
		err = io_uring_wait_cqe(&u->ring, &cqe);
		if (err)
			return err;
		if (cqe->res && !first)
			first = cqe->res < 0 ? cqe->res : -EPROTO;
		io_uring_cqe_seen(&u->ring, cqe);
		u->inflight--;
	}
	return first;
}

/* All depth operations once, then every result goes to the check. */
static int uring_verify(struct job *j)
{
	struct uring_state *u = j->uring;
	unsigned int k;
	int err = uring_drain(j);

	if (err)
		return err;
	pick_result(j);
	for (k = 0; k < j->depth && !err; k++)
		err = uring_prep(j, u, k);
	return err;
}

static int uring_settle(struct job *j)
{
	int err = uring_drain(j);

	if (!err)
		pick_result(j);
	return err;
}

static void uring_teardown(struct job *j)
{
	struct uring_state *u = j->uring;

	if (u) {
		if (u->ring_live) {
			/* nothing may stay in flight on these buffers */
			if (u->inflight && uring_drain(j))
				note("error: %s: could not drain the ring",
				     j->where);
			io_uring_queue_exit(&u->ring);
		}
		free(u->o);
		free(u);
	}
	free(j->mout);
	j->mout = NULL;
	j->uring = NULL;
}

#else /* !NCR_BENCH_URING */

static int uring_setup(struct job *j)
{
	(void)j;
	return -ENOSYS;
}

static int uring_op(struct job *j)
{
	(void)j;
	return -ENOSYS;
}

#define uring_verify NULL
#define uring_settle NULL

static void uring_teardown(struct job *j)
{
	(void)j;
}

#endif /* NCR_BENCH_URING */

const struct iface_ops iface_uring = {
	uring_setup, uring_op, uring_verify, uring_teardown, true, uring_settle
};
