// SPDX-License-Identifier: GPL-2.0
/*
 * uring.c - /dev/crypto's io_uring commands (IORING_OP_URING_CMD, the
 * interface NVMe passthrough uses; ncr.h, IO_URING, has the contract).
 *
 * cmd_op names the ioctl and the SQE's command area holds a struct
 * ncr_uring_cmd pointing to its structure.  Synchronous work runs at
 * submission exactly as the ioctl runs it and completes inline (the
 * return value becomes the CQE).  A one-shot cipher operation for an
 * asynchronous driver (areq.c) is started at submission and returns
 * -EIOCBQUEUED; the driver's callback queues task work, and there, in the
 * submitting task, the output and the structure are copied out and the
 * CQE posted.  So as many requests are in flight as the application
 * submits, up to max_inflight_per_ns (a submission past it is punted to
 * io_uring's worker, which waits for a slot).
 *
 * Lifetime: io_uring holds the file (so the namespace) until
 * io_uring_cmd_done; the request holds its key; mm is grabbed so that the
 * task-work callback can tell the submitter's address space from any
 * other and never writes user memory anywhere else (a task that exits
 * with requests in flight has them completed by a kworker: their output
 * is dropped, the CQE says ECANCELED).
 */
#include <linux/sched/mm.h>
#include <linux/uaccess.h>
#include "session.h"
#include "areq.h"
#include "uring_compat.h"

#if IS_ENABLED(CONFIG_IO_URING)

/* What an asynchronous command keeps besides its request. */
struct ncr_uring_async {
	struct ncr_areq *r;
	struct mm_struct *mm;		/* grabbed: compared, never entered */
	void __user *ubuf;		/* the caller's ncr_session_once */
	struct ncr_session_once o;
};

struct ncr_uring_pdu {
	struct ncr_uring_async *a;
};

static struct ncr_uring_pdu *ncr_pdu(struct io_uring_cmd *ioucmd)
{
	BUILD_BUG_ON(sizeof(struct ncr_uring_pdu) > sizeof(ioucmd->pdu));
	return (struct ncr_uring_pdu *)ioucmd->pdu;
}

/* In the submitting task (or a kworker if it is gone): finish and post. */
static void ncr_uring_tw(struct io_uring_cmd *ioucmd, unsigned int flags)
{
	struct ncr_uring_async *a = ncr_pdu(ioucmd)->a;
	struct ncr_areq *r = a->r;
	int err;

	if (ncr_uring_task_gone(flags, a->mm)) {
		err = -ECANCELED;
	} else {
		err = ncr_areq_finish(r, &a->o);
		if (!err)
			err = NCR_PUT_OUTS(a->ubuf, &a->o);
	}
	ncr_audit("session_once", &r->ac, err);
	ncr_areq_free(r);
	mmdrop(a->mm);
	kfree(a);
	io_uring_cmd_done(ioucmd, err, 0, flags);
}

/* Driver callback, any context. */
static void ncr_uring_areq_done(struct ncr_areq *r)
{
	io_uring_cmd_complete_in_task(r->owner, ncr_uring_tw);
}

static int ncr_uring_once(struct io_uring_cmd *ioucmd, struct ncr_ns *ns,
			  void __user *ubuf, unsigned int issue_flags)
{
	struct ncr_session_once o;
	struct ncr_ucmd uc = {
		.ns = ns, .ubuf = ubuf, .cmd = &o, .ac = { .verify = -1 },
	};
	struct ncr_uring_async *a;
	struct ncr_areq *r;
	int err;

	err = ncr_copy_in(&o, sizeof(o), NCR_SESSION_ONCE_SIZE_VER0, ubuf,
			  &uc.usize);
	if (err)
		goto out_sync;
	r = ncr_areq_prepare(ns, &o);
	if (!r) {
		err = ncr_session_once_run(ns, &o, &uc.ac);
		if (!err || err == -ERANGE)
			err = NCR_PUT_OUTS(ubuf, &o) ?: err;	/* as the ioctl */
		goto out_sync;
	}
	a = kmalloc(sizeof(*a), GFP_KERNEL_ACCOUNT);
	if (!a) {
		err = -ENOMEM;
		goto out_areq;
	}
	err = ncr_inflight_get(ns, issue_flags & IO_URING_F_NONBLOCK);
	if (err)
		goto out_a;	/* EAGAIN: io_uring retries from its worker */
	a->r = r;
	a->mm = current->mm;
	mmgrab(a->mm);
	a->ubuf = ubuf;
	a->o = o;
	ncr_pdu(ioucmd)->a = a;
	r->owner = ioucmd;
	ncr_areq_start(r, ncr_uring_areq_done);
	return -EIOCBQUEUED;

out_a:
	kfree(a);
out_areq:
	uc.ac = r->ac;
	ncr_areq_free(r);
	if (err == -EAGAIN)
		return err;
out_sync:
	ncr_audit("session_once", &uc.ac, err);
	return err;
}

static int ncr_uring_batch(struct ncr_ns *ns, void __user *ubuf)
{
	struct ncr_batch b;
	struct ncr_ucmd uc = { .ns = ns, .ubuf = ubuf, .cmd = &b };
	int err, rerr;

	err = ncr_copy_in(&b, sizeof(b), NCR_BATCH_SIZE_VER0, ubuf, &uc.usize);
	if (err)
		return err;
	err = ncr_batch_exec(ns, &b);
	if (!err || b.done) {
		rerr = ncr_ucmd_respond(&uc, sizeof(b));
		err = err ?: rerr;
	}
	return err;
}

int ncr_uring_cmd(struct io_uring_cmd *ioucmd, unsigned int issue_flags)
{
	const struct ncr_uring_cmd *c = ncr_uring_cmd_area(ioucmd);
	struct ncr_ns *ns = ioucmd->file->private_data;
	u64 arg = READ_ONCE(c->arg);
	void __user *ubuf = u64_to_user_ptr(arg);

	if (READ_ONCE(c->flags) || READ_ONCE(c->__reserved))
		return -EINVAL;
	switch (ioucmd->cmd_op) {
	case NCRIO_SESSION_ONCE:
		return ncr_uring_once(ioucmd, ns, ubuf, issue_flags);
	case NCRIO_BATCH:
		return ncr_uring_batch(ns, ubuf);
	default:
		return -ENOTTY;
	}
}

#endif /* CONFIG_IO_URING */
