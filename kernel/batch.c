// SPDX-License-Identifier: GPL-2.0
/*
 * batch.c - NCRIO_BATCH: many operations per system call (ncr.h has the
 * contract).
 *
 * The element array is read once, checked whole before anything runs,
 * and each element then goes through the code of its own ioctl
 * (ncr_session_once_run, ncr_session_op_run), so a batched operation has
 * exactly the checks, results and audit record of the single call.  What
 * the batch saves is per call, not per operation: the system call and
 * its LSM hook, the copy of the argument structure in and out, and the
 * save of the user's FPU state (x86 saves it at the first kernel_fpu_begin
 * of a system call and restores it on the way out, so every cipher of a
 * batch after the first finds it saved).
 *
 * One-shot cipher operations on an asynchronous driver (areq.c) are all
 * started before the batch waits for any of them; their output is copied
 * out when the batch ends (so a later element must not read what such an
 * element writes).
 */
#include <linux/completion.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "session.h"
#include "areq.h"

struct ncr_batch_run {
	struct ncr_ns *ns;
	struct ncr_batch_op *ops;	/* the kernel's copy, count elements */
	u32 count;
	struct list_head areqs;		/* started, finished at the end */
	struct ncr_once_cache cache;	/* the last one-shot session */
	atomic_t pending;		/* areqs not called back + 1 */
	struct completion all_done;
};

/*
 * Checks the element's inner structure as its ioctl checks its argument:
 * size from VER0 to room bytes (what the caller's element leaves); bytes
 * past the kernel's structure must be zero; fields past its size read as
 * zero (cleared here, in the kernel's copy: the out fields written back
 * are all within VER0).  Adds its input and AAD bytes to *bytes.
 */
static int ncr_batch_check(struct ncr_batch_op *e, u32 room, u64 *bytes)
{
	void *inner = &e->once;
	size_t ver0, ksize, lim;
	u64 in, aad = 0;
	u32 size;

	switch (e->type) {
	case NCR_BATCH_OP_ONCE:
		size = e->once.size;
		ver0 = NCR_SESSION_ONCE_SIZE_VER0;
		ksize = sizeof(e->once);
		break;
	case NCR_BATCH_OP_UPDATE:
	case NCR_BATCH_OP_FINAL:
		size = e->op.size;
		ver0 = NCR_SESSION_OP_SIZE_VER0;
		ksize = sizeof(e->op);
		break;
	default:
		return -EINVAL;
	}
	if (size < ver0 || size > room)
		return -EINVAL;
	/* past the kernel's element, ncr_batch_read found zeros already */
	lim = min_t(size_t, size, sizeof(*e) - offsetof(typeof(*e), once));
	if (lim > ksize && memchr_inv(inner + ksize, 0, lim - ksize))
		return -E2BIG;
	if (size < ksize)
		memset(inner + size, 0, ksize - size);
	if (e->type == NCR_BATCH_OP_ONCE) {
		in = e->once.input_size;
		aad = e->once.aad_size;
	} else {
		in = e->op.input_size;
	}
	if (in > NCR_BATCH_MAX_BYTES || aad > NCR_BATCH_MAX_BYTES)
		return -E2BIG;
	*bytes += in + aad;	/* 256 terms of at most 2^27: no wrap */
	return *bytes > NCR_BATCH_MAX_BYTES ? -E2BIG : 0;
}

/*
 * Reads the array (one copy when the caller's element is the kernel's)
 * and checks every element and the byte total before anything runs.
 */
static int ncr_batch_read(struct ncr_batch_run *br, const struct ncr_batch *b)
{
	const u8 __user *u = u64_to_user_ptr(b->ops);
	u32 room = b->op_size - offsetof(struct ncr_batch_op, once);
	u64 bytes = 0;
	u32 i;
	int err;

	if (b->op_size == sizeof(*br->ops)) {
		err = ncr_copy_words_from_user(br->ops, u,
					       (size_t)b->count * b->op_size);
		if (err)
			return err;
	} else {
		for (i = 0; i < b->count; i++) {
			err = copy_struct_from_user(&br->ops[i],
						    sizeof(br->ops[i]),
						    u + (size_t)i * b->op_size,
						    b->op_size);
			if (err)
				return err;
		}
	}
	for (i = 0; i < b->count; i++) {
		err = ncr_batch_check(&br->ops[i], room, &bytes);
		if (err)
			return err;
	}
	return 0;
}

/* Driver callback context: the last one wakes the batch. */
static void ncr_batch_areq_done(struct ncr_areq *r)
{
	struct ncr_batch_run *br = r->owner;

	if (atomic_dec_and_test(&br->pending))
		complete(&br->all_done);
}

/*
 * One ONCE element.  With overlap, an operation for an asynchronous driver
 * is started and left running (finished by ncr_batch_collect); otherwise
 * it runs here, synchronously.  Returns -EINTR only when the batch must
 * stop (a fatal signal while waiting for a slot).
 */
static int ncr_batch_once(struct ncr_batch_run *br, u32 i, bool overlap)
{
	struct ncr_batch_op *e = &br->ops[i];
	struct ncr_audit_ctx ac = { .verify = -1 };
	struct ncr_areq *r = NULL;
	int err;

	if (overlap)
		r = ncr_areq_prepare(br->ns, &e->once);
	if (r) {
		err = ncr_inflight_get(br->ns, false);
		if (err) {
			ncr_areq_free(r);
			return err;
		}
		r->owner = br;
		r->index = i;
		atomic_inc(&br->pending);
		list_add_tail(&r->node, &br->areqs);
		ncr_areq_start(r, ncr_batch_areq_done);
		e->error = 0;
		return 0;
	}
	e->error = ncr_session_once_cached(br->ns, &e->once, &ac, &br->cache);
	ncr_audit("session_once", &ac, e->error);
	return 0;
}

static void ncr_batch_step(struct ncr_batch_run *br, u32 i)
{
	struct ncr_batch_op *e = &br->ops[i];
	struct ncr_audit_ctx ac = { .verify = -1 };
	bool final = e->type == NCR_BATCH_OP_FINAL;

	e->error = ncr_session_op_run(br->ns, &e->op, final, &ac);
	if (final)
		ncr_audit("session_final", &ac, e->error);
}

/*
 * Waits for every started request (the driver writes into their buffers:
 * not interruptible, as at the last close of a BSD async queue), then
 * copies their output out in the caller's context.
 */
static void ncr_batch_collect(struct ncr_batch_run *br)
{
	struct ncr_areq *r, *tmp;

	if (!atomic_dec_and_test(&br->pending))
		wait_for_completion(&br->all_done);
	list_for_each_entry_safe(r, tmp, &br->areqs, node) {
		struct ncr_batch_op *e = &br->ops[r->index];

		list_del(&r->node);
		e->error = ncr_areq_finish(r, &e->once);
		ncr_audit("session_once", &r->ac, e->error);
		ncr_areq_free(r);
	}
}

/*
 * Writes back, for the first n elements, error and the inner structure's
 * out fields (nothing else: the rest is the caller's input).
 */
static int ncr_batch_write(const struct ncr_batch_run *br,
			   const struct ncr_batch *b, u32 n)
{
	u8 __user *u = u64_to_user_ptr(b->ops);
	const size_t in = offsetof(struct ncr_batch_op, once);
	u32 i;

	if (!n)
		return 0;
	if (!user_write_access_begin(u, (size_t)n * b->op_size))
		return -EFAULT;
	for (i = 0; i < n; i++, u += b->op_size) {
		const struct ncr_batch_op *e = &br->ops[i];

		unsafe_put_user(e->error, (s32 __user *)(u + 4), efault);
		if (e->type == NCR_BATCH_OP_ONCE) {
			unsafe_put_user(e->once.output_size, (u64 __user *)(u +
					in + offsetof(typeof(e->once),
						      output_size)), efault);
			unsafe_put_user(e->once.tag_size, (u32 __user *)(u +
					in + offsetof(typeof(e->once),
						      tag_size)), efault);
			unsafe_put_user(e->once.result, (u32 __user *)(u +
					in + offsetof(typeof(e->once),
						      result)), efault);
		} else {
			unsafe_put_user(e->op.output_size, (u64 __user *)(u +
					in + offsetof(typeof(e->op),
						      output_size)), efault);
			unsafe_put_user(e->op.tag_size, (u32 __user *)(u +
					in + offsetof(typeof(e->op),
						      tag_size)), efault);
			unsafe_put_user(e->op.result, (u32 __user *)(u +
					in + offsetof(typeof(e->op),
						      result)), efault);
		}
	}
	user_write_access_end();
	return 0;
efault:
	user_write_access_end();
	return -EFAULT;
}

int ncr_batch_exec(struct ncr_ns *ns, struct ncr_batch *b)
{
	bool stop = b->flags & NCR_BATCH_FLAG_STOP_ON_ERROR;
	struct ncr_batch_run br = { .ns = ns, .count = b->count };
	u32 i, n = 0, failed = 0;
	int err = 0, werr;

	b->done = 0;
	b->failed = 0;
	if (b->flags & ~NCR_BATCH_FLAGS_ALL || !b->count)
		return -EINVAL;
	if (b->count > NCR_BATCH_MAX_OPS)
		return -E2BIG;
	if (b->op_size < NCR_BATCH_OP_SIZE_VER0 || b->op_size > PAGE_SIZE)
		return -EINVAL;
	br.ops = kvmalloc_array(b->count, sizeof(*br.ops), GFP_KERNEL_ACCOUNT);
	if (!br.ops)
		return -ENOMEM;
	err = ncr_batch_read(&br, b);
	if (err)
		goto out_free;

	INIT_LIST_HEAD(&br.areqs);
	atomic_set(&br.pending, 1);	/* ours, dropped by ncr_batch_collect */
	init_completion(&br.all_done);
	for (i = 0; i < b->count; i++) {
		if (fatal_signal_pending(current)) {
			err = -EINTR;
			break;
		}
		if (br.ops[i].type == NCR_BATCH_OP_ONCE) {
			/* stop-on-error needs each result before the next */
			err = ncr_batch_once(&br, i, !stop);
			if (err)
				break;
		} else {
			ncr_batch_step(&br, i);
		}
		n = i + 1;
		if (stop && br.ops[i].error)
			break;
		cond_resched();
	}
	ncr_once_cache_drop(&br.cache);
	ncr_batch_collect(&br);
	for (i = 0; i < n; i++)
		failed += br.ops[i].error != 0;
	b->done = n;
	b->failed = failed;
	werr = ncr_batch_write(&br, b, n);
	err = err ?: werr;
out_free:
	kvfree(br.ops);		/* handles, lengths, pointers: nothing secret */
	return err;
}

long ncr_batch_ioctl(struct ncr_ucmd *uc)
{
	struct ncr_batch *b = uc->cmd;
	int err, rerr;

	err = ncr_batch_exec(uc->ns, b);
	/* done and failed mean something once anything ran */
	if (!err || b->done) {
		rerr = ncr_ucmd_respond(uc, sizeof(*b));
		err = err ?: rerr;
	}
	return err;
}
