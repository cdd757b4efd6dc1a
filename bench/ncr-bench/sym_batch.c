// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sym_batch.c - the ncr-batch interface of the symmetric matrix: one
 * NCRIO_BATCH ioctl per call, carrying depth (--batch, default 32)
 * one-shot operations (NCR_BATCH_OP_ONCE elements, each the
 * struct ncr_session_once that ncr-once passes, its own output buffer).
 * ops/s counts operations, not calls.
 *
 * The array is filled once; per call only what the kernel writes back is
 * restored (each element's error, output and tag capacities and result),
 * as ncr-once restores its structure.  The CBC IV is in every element:
 * each operation restarts from it, the same work as one ncr-once call.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "bench.h"

static int batch_setup(struct job *j)
{
	unsigned int k;

	if (ncr_fd < 0)
		return -ENODEV;
	j->bops = calloc(j->depth, sizeof(*j->bops));
	if (!j->bops || !mout_alloc(j))
		return -ENOMEM;
	for (k = 0; k < j->depth; k++) {
		j->bops[k].type = NCR_BATCH_OP_ONCE;
		once_fill(&j->bops[k].once, j->alg, j->len,
			  j->mout + k * j->mstride, j->sflags);
	}
	memset(&j->batch, 0, sizeof(j->batch));
	j->batch.size = sizeof(j->batch);
	j->batch.ops = (uintptr_t)j->bops;
	j->batch.op_size = sizeof(*j->bops);
	j->batch.count = j->depth;
	j->per_call = j->depth;
	return 0;
}

/* One call of depth operations; the first failed one's errno. */
static int batch_op(struct job *j)
{
	unsigned int k;

	for (k = 0; k < j->depth; k++) {
		j->bops[k].error = 0;
		once_rearm(&j->bops[k].once, j->alg, j->len);
	}
	if (ioctl(ncr_fd, NCRIO_BATCH, &j->batch))
		return -errno;
	if (j->batch.done != j->depth)
		return -EIO;
	if (j->batch.failed)
		for (k = 0; k < j->depth; k++)
			if (j->bops[k].error)
				return j->bops[k].error;
	return 0;
}

/* Every operation's result goes to the check (pick_result). */
static int batch_settle(struct job *j)
{
	pick_result(j);
	return 0;
}

static int batch_verify(struct job *j)
{
	int err = batch_op(j);

	if (!err)
		pick_result(j);
	return err;
}

static void batch_teardown(struct job *j)
{
	free(j->bops);
	free(j->mout);
	j->bops = NULL;
	j->mout = NULL;
}

const struct iface_ops iface_batch = {
	batch_setup, batch_op, batch_verify, batch_teardown, true, batch_settle
};
