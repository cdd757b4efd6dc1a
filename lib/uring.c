// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * uring.c - io_uring submissions of ncr operations (IO_URING in ncr.h):
 * an SQE filled as IORING_OP_URING_CMD on the ncr descriptor, with a
 * struct ncr_uring_cmd in its command area pointing at the ioctl's
 * argument.  Only the kernel's header <linux/io_uring.h> is used (from
 * linux-libc-dev), not liburing: the caller gets its SQEs from whatever
 * ring it runs and submits them itself.  A batch's argument is prepared
 * and its results taken back in batch.c (ncr_batch_prepare, _complete).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stddef.h>
#include <string.h>
#include <linux/io_uring.h>

#include "libncr.h"
#include "ncr_internal.h"

/* The command area: 16 bytes at sqe->cmd of a plain 64-byte SQE. */
#define NCR_SQE_CMD_OFF offsetof(struct io_uring_sqe, cmd)
_Static_assert(NCR_SQE_CMD_OFF + sizeof(struct ncr_uring_cmd) <=
	       sizeof(struct io_uring_sqe),
	       "struct ncr_uring_cmd fits a plain SQE");

static void ncr_uring_prep(struct io_uring_sqe *sqe, int ctx, __u32 cmd_op,
			   const void *arg)
{
	struct ncr_uring_cmd c;

	/* addr, len, off, flags, user_data...: all zero (the caller sets
	 * user_data and any SQE flags afterwards) */
	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = IORING_OP_URING_CMD;
	sqe->fd = ctx;
	sqe->cmd_op = cmd_op;
	memset(&c, 0, sizeof(c));
	c.arg = PTR(arg);
	/* through a byte pointer: cmd is a zero-length array in the header */
	memcpy((unsigned char *)sqe + NCR_SQE_CMD_OFF, &c, sizeof(c));
}

NCR_EXPORT void ncr_uring_prep_once(struct io_uring_sqe *sqe, int ctx,
				    struct ncr_session_once *o)
{
	if (o && !o->size)
		o->size = sizeof(*o);
	ncr_uring_prep(sqe, ctx, NCRIO_SESSION_ONCE, o);
}

/* The NCRIO_BATCH argument inside the batch object (batch.c). */
NCR_EXPORT void ncr_uring_prep_batch(struct io_uring_sqe *sqe, int ctx,
				     struct ncr_batch_ctx *b)
{
	ncr_uring_prep(sqe, ctx, NCRIO_BATCH, b ? ncr_batch_arg(b) : NULL);
}
