// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * batch.c - many operations per system call (NCRIO_BATCH): a batch of
 * operations is filled with the add functions, run with one ioctl (or
 * submitted through io_uring, uring.c), and each operation's result read
 * back with ncr_batch_result.
 *
 * The object callers hold (struct ncr_batch_ctx, opaque to them) holds the
 * NCRIO_BATCH argument (struct ncr_batch, ncr.h) that goes to the kernel
 * (ioctl, or io_uring through ncr_uring_prep_batch).  Beside it: the element array (struct ncr_batch_op, the kernel's layout)
 * and, per element, the capacities it was given (output_size and
 * tag_size), because the kernel overwrites them with the lengths written
 * and a batch may be run again.  ncr_batch_new is the only allocation.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "libncr.h"
#include "ncr_internal.h"

/* What an element's in/out fields held before the kernel wrote them. */
struct batch_caps {
	__u64 output_size;
	__u32 tag_size;
	__u32 __pad;
};

struct ncr_batch_ctx {
	struct ncr_batch arg;	/* the NCRIO_BATCH argument */
	__u32 cap;		/* elements allocated */
	__u32 count;		/* elements added */
	__u32 done;		/* elements the last run ran and wrote back */
	/* elements [0, armed) have their capacities in caps: they were
	 * prepared for a run, so the kernel may have changed them since */
	__u32 armed;
	__u32 ses_flags;	/* for ONCE elements added from now on */
	__u64 bytes;		/* input + AAD bytes of all elements */
	struct batch_caps *caps;	/* cap of them, after ops */
	struct ncr_batch_op ops[];	/* cap of them */
};

_Static_assert(sizeof(struct ncr_batch_op) % _Alignof(struct batch_caps) == 0,
	       "caps follow ops without padding");

#define to_batch(b) (b)
#define to_cbatch(b) (b)

NCR_EXPORT struct ncr_batch_ctx *ncr_batch_new(size_t capacity)
{
	struct ncr_batch_ctx *bt;

	if (capacity == 0 || capacity > NCR_BATCH_MAX_OPS) {
		errno = EINVAL;
		return NULL;
	}
	bt = calloc(1, sizeof(*bt) + capacity * (sizeof(bt->ops[0]) +
						 sizeof(bt->caps[0])));
	if (!bt)
		return NULL;
	bt->cap = (__u32)capacity;
	bt->caps = (struct batch_caps *)(bt->ops + capacity);
	return bt;
}

NCR_EXPORT struct ncr_batch *ncr_batch_arg(struct ncr_batch_ctx *b)
{
	return &b->arg;
}

NCR_EXPORT void ncr_batch_free(struct ncr_batch_ctx *b)
{
	free(b ? to_batch(b) : NULL);
}

/* Forgets the operations; the session flags stay. */
NCR_EXPORT void ncr_batch_reset(struct ncr_batch_ctx *b)
{
	struct ncr_batch_ctx *bt;

	if (!b)
		return;
	bt = to_batch(b);
	memset(bt->ops, 0, bt->count * sizeof(bt->ops[0]));
	memset(bt->caps, 0, bt->count * sizeof(bt->caps[0]));
	memset(&bt->arg, 0, sizeof(bt->arg));
	bt->count = 0;
	bt->done = 0;
	bt->armed = 0;
	bt->bytes = 0;
}

NCR_EXPORT size_t ncr_batch_count(const struct ncr_batch_ctx *b)
{
	return b ? to_cbatch(b)->count : 0;
}

NCR_EXPORT size_t ncr_batch_done(const struct ncr_batch_ctx *b)
{
	return b ? to_cbatch(b)->done : 0;
}

NCR_EXPORT void ncr_batch_set_session_flags(struct ncr_batch_ctx *b,
					    uint32_t flags)
{
	if (b)
		to_batch(b)->ses_flags = flags;
}

NCR_EXPORT struct ncr_batch_op *ncr_batch_ops(struct ncr_batch_ctx *b)
{
	return b ? to_batch(b)->ops : NULL;
}

/*
 * The next free element, cleared and typed, after the checks every add
 * makes: room for one more, and for bytes more input + AAD within
 * NCR_BATCH_MAX_BYTES (more than that for one operation alone can never
 * fit: -E2BIG; else a full batch, -ENOSPC).  The element counts only when
 * batch_commit is called.
 */
static struct ncr_batch_op *batch_slot(struct ncr_batch_ctx *bt, __u32 type,
				       __u64 bytes, int *err)
{
	struct ncr_batch_op *e;

	if (bytes > NCR_BATCH_MAX_BYTES) {
		*err = -E2BIG;
		return NULL;
	}
	if (bt->count >= bt->cap || bt->bytes + bytes > NCR_BATCH_MAX_BYTES) {
		*err = -ENOSPC;
		return NULL;
	}
	e = &bt->ops[bt->count];
	memset(e, 0, sizeof(*e));
	e->type = type;
	return e;
}

static int batch_commit(struct ncr_batch_ctx *bt, __u64 bytes)
{
	bt->bytes += bytes;
	return (int)bt->count++;
}

/*
 * A ONCE element filled as the one-shot helpers fill their structure
 * (ncr_once_prepare), with the batch's session flags; the caller adds
 * the rest and commits.
 */
static struct ncr_session_once *once_slot(struct ncr_batch_ctx *b, uint32_t alg,
					  uint32_t op, uint32_t key,
					  const void *in, size_t in_len,
					  size_t aad_len, int *err)
{
	struct ncr_batch_ctx *bt;
	struct ncr_batch_op *e;

	if (!b) {
		*err = -EINVAL;
		return NULL;
	}
	bt = to_batch(b);
	/* each term at most SIZE_MAX, and the sum is compared in 64 bits */
	if ((__u64)in_len > NCR_BATCH_MAX_BYTES ||
	    (__u64)aad_len > NCR_BATCH_MAX_BYTES) {
		*err = -E2BIG;
		return NULL;
	}
	e = batch_slot(bt, NCR_BATCH_OP_ONCE, (__u64)in_len + aad_len, err);
	if (!e)
		return NULL;
	ncr_once_prepare(&e->once, alg, op, key, in, in_len);
	e->once.flags = bt->ses_flags;
	return &e->once;
}

static int once_commit(struct ncr_batch_ctx *b, const struct ncr_session_once *o)
{
	return batch_commit(to_batch(b), o->input_size + o->aad_size);
}

NCR_EXPORT int ncr_batch_add_cipher(struct ncr_batch_ctx *b, uint32_t alg,
				    uint32_t op, uint32_t key, const void *iv,
				    size_t iv_len, const void *in,
				    size_t in_len, void *out, size_t out_cap)
{
	struct ncr_session_once *o;
	int err;

	o = once_slot(b, alg, op, key, in, in_len, 0, &err);
	if (!o)
		return err;
	err = len32(iv_len, &o->iv_size);
	if (err)
		return err;
	o->iv = PTR(iv);
	o->output = PTR(out);
	o->output_size = out_cap;
	return once_commit(b, o);
}

NCR_EXPORT int ncr_batch_add_aead(struct ncr_batch_ctx *b, uint32_t alg,
				  uint32_t op, uint32_t key, const void *iv,
				  size_t iv_len, const void *aad,
				  size_t aad_len, const void *in,
				  size_t in_len, void *out, void *tag,
				  size_t tag_len)
{
	struct ncr_session_once *o;
	int err;

	o = once_slot(b, alg, op, key, in, in_len, aad_len, &err);
	if (!o)
		return err;
	err = len32(iv_len, &o->iv_size);
	if (!err)
		err = len32(tag_len, &o->tag_size);
	if (err)
		return err;
	o->iv = PTR(iv);
	o->aad = PTR(aad);
	o->aad_size = aad_len;
	o->output = PTR(out);
	o->output_size = in_len;
	o->tag = PTR(tag);
	return once_commit(b, o);
}

NCR_EXPORT int ncr_batch_add_digest(struct ncr_batch_ctx *b, uint32_t alg,
				    const void *in, size_t in_len, void *out,
				    size_t out_cap)
{
	struct ncr_session_once *o;
	int err;

	o = once_slot(b, alg, NCR_OP_SIGN, 0, in, in_len, 0, &err);
	if (!o)
		return err;
	o->tag = PTR(out);
	o->tag_size = cap32(out_cap);
	return once_commit(b, o);
}

NCR_EXPORT int ncr_batch_add_mac(struct ncr_batch_ctx *b, uint32_t alg,
				 uint32_t key, size_t mac_size, const void *in,
				 size_t in_len, void *out, size_t out_cap)
{
	struct ncr_session_once *o;
	int err;

	o = once_slot(b, alg, NCR_OP_SIGN, key, in, in_len, 0, &err);
	if (!o)
		return err;
	err = len32(mac_size, &o->mac_size);
	if (err)
		return err;
	o->tag = PTR(out);
	o->tag_size = cap32(out_cap);
	return once_commit(b, o);
}

NCR_EXPORT int ncr_batch_add_mac_verify(struct ncr_batch_ctx *b, uint32_t alg,
					uint32_t key, size_t mac_size,
					const void *in, size_t in_len,
					const void *mac, size_t mac_len)
{
	struct ncr_session_once *o;
	int err;

	o = once_slot(b, alg, NCR_OP_VERIFY, key, in, in_len, 0, &err);
	if (!o)
		return err;
	err = len32(mac_size, &o->mac_size);
	if (!err)
		err = len32(mac_len, &o->tag_size);
	if (err)
		return err;
	o->tag = PTR(mac);
	return once_commit(b, o);
}

/*
 * Any NCRIO_SESSION_ONCE, copied: its first size bytes (0: the whole
 * structure; below version 0 or more than libncr's structure: -EINVAL),
 * the rest zero, and the batch's session flags added to its own.
 */
NCR_EXPORT int ncr_batch_add_once(struct ncr_batch_ctx *b,
				  const struct ncr_session_once *o)
{
	struct ncr_session_once tmp;
	struct ncr_batch_op *e;
	size_t size;
	int err;

	if (!b || !o)
		return -EINVAL;
	size = o->size ? o->size : sizeof(*o);
	/* a size the kernel refuses would fail the whole batch */
	if (size < NCR_SESSION_ONCE_SIZE_VER0 || size > sizeof(*o))
		return -EINVAL;
	memset(&tmp, 0, sizeof(tmp));
	memcpy(&tmp, o, size);
	tmp.size = (__u32)size;
	tmp.flags |= to_batch(b)->ses_flags;
	if (tmp.input_size > NCR_BATCH_MAX_BYTES ||
	    tmp.aad_size > NCR_BATCH_MAX_BYTES)
		return -E2BIG;
	e = batch_slot(to_batch(b), NCR_BATCH_OP_ONCE,
		       tmp.input_size + tmp.aad_size, &err);
	if (!e)
		return err;
	e->once = tmp;
	return once_commit(b, &e->once);
}

/* An UPDATE or FINAL element on session ses. */
static struct ncr_session_op *op_slot(struct ncr_batch_ctx *b, __u32 type,
				      uint32_t ses, const void *in,
				      size_t in_len, void *out,
				      size_t out_cap, int *err)
{
	struct ncr_batch_op *e;

	if (!b) {
		*err = -EINVAL;
		return NULL;
	}
	if ((__u64)in_len > NCR_BATCH_MAX_BYTES) {
		*err = -E2BIG;
		return NULL;
	}
	e = batch_slot(to_batch(b), type, in_len, err);
	if (!e)
		return NULL;
	NCR_ARG_INIT(e->op);
	e->op.ses = ses;
	e->op.input = PTR(in);
	e->op.input_size = in_len;
	e->op.output = PTR(out);
	e->op.output_size = out_cap;
	return &e->op;
}

NCR_EXPORT int ncr_batch_add_update(struct ncr_batch_ctx *b, uint32_t ses,
				    const void *in, size_t in_len, void *out,
				    size_t out_cap)
{
	struct ncr_session_op *op;
	int err;

	op = op_slot(b, NCR_BATCH_OP_UPDATE, ses, in, in_len, out, out_cap,
		     &err);
	if (!op)
		return err;
	return batch_commit(to_batch(b), op->input_size);
}

NCR_EXPORT int ncr_batch_add_final(struct ncr_batch_ctx *b, uint32_t ses,
				   const void *in, size_t in_len, void *out,
				   size_t out_cap, void *tag, size_t tag_cap)
{
	struct ncr_session_op *op;
	int err;

	op = op_slot(b, NCR_BATCH_OP_FINAL, ses, in, in_len, out, out_cap,
		     &err);
	if (!op)
		return err;
	op->tag = PTR(tag);
	op->tag_size = cap32(tag_cap);
	return batch_commit(to_batch(b), op->input_size);
}

/* The in/out fields of element e (ONCE or UPDATE/FINAL). */
static void elem_fields(struct ncr_batch_op *e, __u64 **out, __u32 **tag,
			__u32 **result)
{
	if (e->type == NCR_BATCH_OP_ONCE) {
		*out = &e->once.output_size;
		*tag = &e->once.tag_size;
		*result = &e->once.result;
	} else {
		*out = &e->op.output_size;
		*tag = &e->op.tag_size;
		*result = &e->op.result;
	}
}

/*
 * Before a run: the argument structure filled in, and every element's
 * in/out fields as they were given.  An element prepared before (it may
 * have run since) gets its capacities back; one not yet prepared has
 * them taken as they are now (so a caller may still change them through
 * ncr_batch_ops until its first run).  Error and result are cleared.
 */
NCR_EXPORT int ncr_batch_prepare(struct ncr_batch_ctx *b, uint32_t flags)
{
	struct ncr_batch_ctx *bt;
	__u32 i;

	if (!b)
		return -EINVAL;
	bt = to_batch(b);
	if (!bt->count)
		return -EINVAL;
	for (i = 0; i < bt->count; i++) {
		struct ncr_batch_op *e = &bt->ops[i];
		__u64 *out;
		__u32 *tag, *result;

		elem_fields(e, &out, &tag, &result);
		if (i < bt->armed) {
			*out = bt->caps[i].output_size;
			*tag = bt->caps[i].tag_size;
		} else {
			bt->caps[i].output_size = *out;
			bt->caps[i].tag_size = *tag;
		}
		*result = 0;
		e->error = 0;
	}
	bt->armed = bt->count;
	bt->done = 0;
	memset(&bt->arg, 0, sizeof(bt->arg));
	bt->arg.size = sizeof(bt->arg);
	bt->arg.flags = flags;
	bt->arg.ops = PTR(bt->ops);
	bt->arg.op_size = sizeof(bt->ops[0]);
	bt->arg.count = bt->count;
	return 0;
}

/*
 * After a run: res is what the ioctl returned (the CQE's res).  Returns
 * the number of failed operations, or res.  done is taken from the
 * kernel when operations ran (success, or -EINTR part-way), else 0: after
 * any other error no element is known to have been written back.
 */
NCR_EXPORT int ncr_batch_complete(struct ncr_batch_ctx *b, int res)
{
	struct ncr_batch_ctx *bt;

	if (!b)
		return -EINVAL;
	bt = to_batch(b);
	bt->done = 0;
	if (res > 0)
		return -EPROTO;
	if (res && res != -EINTR)
		return res;
	if (bt->arg.done > bt->count || bt->arg.failed > bt->arg.done ||
	    (!res && bt->arg.done != bt->count &&
	     !(bt->arg.flags & NCR_BATCH_FLAG_STOP_ON_ERROR)))
		return -EPROTO;
	bt->done = bt->arg.done;
	return res ? res : (int)bt->arg.failed;
}

NCR_EXPORT int ncr_batch_run(int ctx, struct ncr_batch_ctx *b, uint32_t flags)
{
	int ret;

	if (!b)
		return -EINVAL;
	if (!to_batch(b)->count) {
		to_batch(b)->done = 0;
		return 0;
	}
	ret = ncr_batch_prepare(b, flags);
	if (ret)
		return ret;
	return ncr_batch_complete(b, ncr_ioctl(ctx, NCRIO_BATCH, &b->arg));
}

/*
 * Operation i's result: 0 or its -errno (-ECANCELED if it did not run,
 * -EINVAL for no such operation).  The lengths are those written (or,
 * with -ERANGE, needed); after another error 0.  verify is NCR_VERIFY_OK
 * only for an operation that succeeded and whose result says so.
 */
NCR_EXPORT int ncr_batch_result(const struct ncr_batch_ctx *b, size_t i,
				size_t *out_len, size_t *tag_len,
				uint32_t *verify)
{
	const struct ncr_batch_ctx *bt;
	const struct ncr_batch_op *e;
	__u64 *outp;
	__u32 *tagp, *resp;
	int err;

	if (out_len)
		*out_len = 0;
	if (tag_len)
		*tag_len = 0;
	if (verify)
		*verify = NCR_VERIFY_FAILED;
	if (!b)
		return -EINVAL;
	bt = to_cbatch(b);
	if (i >= bt->count)
		return -EINVAL;
	if (i >= bt->done)
		return -ECANCELED;
	e = &bt->ops[i];
	err = e->error;
	if (err > 0 || err < -4095)
		return -EPROTO;
	if (err && err != -ERANGE)
		return err;
	/* elem_fields takes a writable element; nothing is written here */
	elem_fields((struct ncr_batch_op *)e, &outp, &tagp, &resp);
	if (out_len)
		*out_len = (size_t)*outp;
	if (tag_len)
		*tag_len = *tagp;
	if (verify && !err && *resp == NCR_VERIFY_OK)
		*verify = NCR_VERIFY_OK;
	return err;
}
