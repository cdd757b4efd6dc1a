// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * batch.c - libncr unit tests of batches (NCRIO_BATCH) and the io_uring
 * helpers, against the fake kernel of harness.c: what each add function
 * puts in its element, the capacity and byte limits, the argument of the
 * ioctl, results read back (errors, lengths, verify, operations not run),
 * the capacities restored before every run, and the SQEs the prep
 * functions fill.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <linux/io_uring.h>

#include "unit.h"

static struct ncr_batch_op *kops(void *arg)
{
	return (struct ncr_batch_op *)(uintptr_t)((struct ncr_batch *)arg)->ops;
}

/* ---- what the add functions put in the elements ---- */

void test_batch_marshalling(void)
{
	struct ncr_batch_ctx *b = ncr_batch_new(16);
	struct ncr_batch_op *e = ncr_batch_ops(b);
	uint8_t iv[16], in[64], out[80], aad[7], tag[16];
	struct ncr_session_once o;
	int r;

	ok(ncr_batch_new(0) == NULL && ncr_batch_new(NCR_BATCH_MAX_OPS + 1) ==
	   NULL, "ncr_batch_new: capacity 0 and above NCR_BATCH_MAX_OPS "
	   "refused");
	ok(b && e && ncr_batch_count(b) == 0 && ncr_batch_done(b) == 0,
	   "ncr_batch_new(16): an empty batch");
	if (!b)
		return;

	r = ncr_batch_add_cipher(b, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, 5, iv, 16,
				 in, 64, out, 80);
	ok(r == 0 && ncr_batch_count(b) == 1 && e[0].type == NCR_BATCH_OP_ONCE &&
	   !e[0].error && e[0].once.size == NCR_SESSION_ONCE_SIZE_VER2 &&
	   e[0].once.size == sizeof(e[0].once) && !e[0].once.flags &&
	   e[0].once.algorithm == NCR_ALG_AES_CBC &&
	   e[0].once.op == NCR_OP_ENCRYPT && e[0].once.key == 5 &&
	   e[0].once.iv == (uintptr_t)iv && e[0].once.iv_size == 16 &&
	   e[0].once.input == (uintptr_t)in && e[0].once.input_size == 64 &&
	   e[0].once.output == (uintptr_t)out &&
	   e[0].once.output_size == 80 && !e[0].once.tag &&
	   !e[0].once.tag_size && !e[0].once.aad && !e[0].once.mac_size &&
	   !e[0].once.op_flags,
	   "ncr_batch_add_cipher: a ONCE element as ncr_cipher fills it");

	ncr_batch_set_session_flags(b, NCR_SESSION_FLAG_HARDWARE);
	r = ncr_batch_add_aead(b, NCR_ALG_AES_GCM, NCR_OP_DECRYPT, 6, iv, 12,
			       aad, sizeof(aad), in, 33, out, tag, 16);
	ok(r == 1 && e[1].type == NCR_BATCH_OP_ONCE &&
	   e[1].once.flags == NCR_SESSION_FLAG_HARDWARE &&
	   e[1].once.algorithm == NCR_ALG_AES_GCM &&
	   e[1].once.op == NCR_OP_DECRYPT && e[1].once.key == 6 &&
	   e[1].once.iv_size == 12 && e[1].once.aad == (uintptr_t)aad &&
	   e[1].once.aad_size == sizeof(aad) && e[1].once.input_size == 33 &&
	   e[1].once.output == (uintptr_t)out &&
	   e[1].once.output_size == 33 && e[1].once.tag == (uintptr_t)tag &&
	   e[1].once.tag_size == 16,
	   "ncr_batch_add_aead: AAD, tag and output as long as the input, "
	   "with the session flags set before it");
	ncr_batch_set_session_flags(b, 0);

	r = ncr_batch_add_digest(b, NCR_ALG_SHA256, in, 3, out, 40);
	ok(r == 2 && e[2].once.op == NCR_OP_SIGN && !e[2].once.key &&
	   !e[2].once.flags && e[2].once.algorithm == NCR_ALG_SHA256 &&
	   e[2].once.input_size == 3 && e[2].once.tag == (uintptr_t)out &&
	   e[2].once.tag_size == 40 && !e[2].once.output &&
	   !e[2].once.output_size && !e[2].once.mac_size,
	   "ncr_batch_add_digest: SIGN without a key, the digest in tag");

	r = ncr_batch_add_mac(b, NCR_ALG_HMAC_SHA256, 9, 12, in, 64, out, 32);
	ok(r == 3 && e[3].once.op == NCR_OP_SIGN && e[3].once.key == 9 &&
	   e[3].once.mac_size == 12 && e[3].once.tag == (uintptr_t)out &&
	   e[3].once.tag_size == 32,
	   "ncr_batch_add_mac: mac_size and the tag capacity");

	r = ncr_batch_add_mac_verify(b, NCR_ALG_CMAC_AES, 10, 0, in, 64, tag,
				     16);
	ok(r == 4 && e[4].once.op == NCR_OP_VERIFY && e[4].once.key == 10 &&
	   !e[4].once.mac_size && e[4].once.tag == (uintptr_t)tag &&
	   e[4].once.tag_size == 16 && e[4].once.input_size == 64,
	   "ncr_batch_add_mac_verify: the expected MAC in tag, its length in "
	   "tag_size");

	memset(&o, 0, sizeof(o));
	o.algorithm = NCR_ALG_AES_CTR;
	o.op = NCR_OP_ENCRYPT;
	o.key = 3;
	o.input_size = 5;
	o.flags = 0;
	ncr_batch_set_session_flags(b, NCR_SESSION_FLAG_HARDWARE);
	r = ncr_batch_add_once(b, &o);
	ok(r == 5 && e[5].type == NCR_BATCH_OP_ONCE &&
	   e[5].once.size == sizeof(o) && e[5].once.key == 3 &&
	   e[5].once.algorithm == NCR_ALG_AES_CTR &&
	   e[5].once.flags == NCR_SESSION_FLAG_HARDWARE && o.size == 0,
	   "ncr_batch_add_once: size 0 filled in, the session flags added, "
	   "the caller's structure untouched");
	ncr_batch_set_session_flags(b, 0);
	memset(&o, 0xee, sizeof(o));
	o.size = NCR_SESSION_ONCE_SIZE_VER0;
	o.input_size = 1;
	o.aad_size = 2;
	o.flags = 0;
	r = ncr_batch_add_once(b, &o);
	ok(r == 6 && e[6].once.size == NCR_SESSION_ONCE_SIZE_VER0 &&
	   e[6].once.hash == 0 && e[6].once.mac_size == 0 &&
	   e[6].once.__reserved2 == 0 && e[6].once.key == 0xeeeeeeee,
	   "ncr_batch_add_once: a version-0 structure copied to its size, "
	   "the rest zero");
	o.size = sizeof(o) + 8;
	r = ncr_batch_add_once(b, &o);
	o.size = NCR_SESSION_ONCE_SIZE_VER0 - 8;
	ok(r == -EINVAL && ncr_batch_add_once(b, &o) == -EINVAL &&
	   ncr_batch_add_once(b, NULL) == -EINVAL && ncr_batch_count(b) == 7,
	   "ncr_batch_add_once: a size larger than libncr's structure or "
	   "below version 0, or no structure: -EINVAL, nothing added");

	r = ncr_batch_add_update(b, 77, in, 48, out, 64);
	ok(r == 7 && e[7].type == NCR_BATCH_OP_UPDATE &&
	   e[7].op.size == NCR_SESSION_OP_SIZE_VER0 &&
	   e[7].op.size == sizeof(e[7].op) && e[7].op.ses == 77 &&
	   !e[7].op.flags && e[7].op.input == (uintptr_t)in &&
	   e[7].op.input_size == 48 && e[7].op.output == (uintptr_t)out &&
	   e[7].op.output_size == 64 && !e[7].op.tag && !e[7].op.tag_size,
	   "ncr_batch_add_update: an UPDATE element on the session");
	r = ncr_batch_add_final(b, 77, in, 16, out, 32, tag, 16);
	ok(r == 8 && e[8].type == NCR_BATCH_OP_FINAL && e[8].op.ses == 77 &&
	   e[8].op.input_size == 16 && e[8].op.output_size == 32 &&
	   e[8].op.tag == (uintptr_t)tag && e[8].op.tag_size == 16,
	   "ncr_batch_add_final: a FINAL element with output and tag");
	r = ncr_batch_add_final(b, 78, NULL, 0, NULL, 0, NULL, 0);
	ok(r == 9 && e[9].type == NCR_BATCH_OP_FINAL && e[9].op.ses == 78 &&
	   !e[9].op.input && !e[9].op.output && !e[9].op.tag,
	   "ncr_batch_add_final without data");

	/* what libncr can see is wrong: nothing added */
	ok(ncr_batch_add_cipher(NULL, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, 5, iv,
				16, in, 16, out, 16) == -EINVAL &&
	   ncr_batch_add_digest(NULL, NCR_ALG_SHA256, in, 1, out, 32) ==
	   -EINVAL &&
	   ncr_batch_add_update(NULL, 1, in, 1, out, 1) == -EINVAL,
	   "the add functions refuse a NULL batch");
	if (sizeof(size_t) > 4) {
		size_t big = (size_t)UINT32_MAX + 1;

		ok(ncr_batch_add_cipher(b, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, 5,
					iv, big, in, 16, out, 16) == -EINVAL &&
		   ncr_batch_add_aead(b, NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, 5, iv,
				      12, NULL, 0, in, 16, out, tag, big) ==
		   -EINVAL &&
		   ncr_batch_add_mac(b, NCR_ALG_HMAC_SHA256, 1, big, in, 1, out,
				     32) == -EINVAL &&
		   ncr_batch_add_mac_verify(b, NCR_ALG_HMAC_SHA256, 1, 0, in, 1,
					    tag, big) == -EINVAL &&
		   ncr_batch_count(b) == 10,
		   "IV, tag and MAC lengths above 32 bits: -EINVAL, nothing "
		   "added");
	}
	r = ncr_batch_add_digest(b, NCR_ALG_SHA256, in, 1, out, SIZE_MAX);
	ok(r == 10 && e[10].once.tag_size == UINT32_MAX,
	   "a digest capacity above 32 bits is clamped");
	ncr_batch_reset(b);
	ok(ncr_batch_count(b) == 0 && e[0].type == 0 && e[3].once.key == 0 &&
	   ncr_batch_add_digest(b, NCR_ALG_SHA1, in, 1, out, 20) == 0 &&
	   e[0].once.algorithm == NCR_ALG_SHA1,
	   "ncr_batch_reset empties the batch (elements cleared)");
	ncr_batch_free(b);
	ncr_batch_free(NULL);
}

/* ---- capacity and bytes ---- */

void test_batch_limits(void)
{
	struct ncr_batch_ctx *b = ncr_batch_new(2), *m;
	uint8_t buf[32];
	int i, r = 0;

	ok(ncr_batch_add_digest(b, NCR_ALG_SHA256, buf, 1, buf, 32) == 0 &&
	   ncr_batch_add_digest(b, NCR_ALG_SHA256, buf, 1, buf, 32) == 1 &&
	   ncr_batch_add_digest(b, NCR_ALG_SHA256, buf, 1, buf, 32) ==
	   -ENOSPC &&
	   ncr_batch_add_update(b, 1, buf, 1, buf, 1) == -ENOSPC &&
	   ncr_batch_count(b) == 2,
	   "a full batch: -ENOSPC from every add, the count stays");
	ncr_batch_free(b);

	m = ncr_batch_new(NCR_BATCH_MAX_OPS);
	for (i = 0; i < NCR_BATCH_MAX_OPS && r >= 0; i++)
		r = ncr_batch_add_digest(m, NCR_ALG_SHA256, buf, 1, buf, 32);
	ok(r == NCR_BATCH_MAX_OPS - 1 &&
	   ncr_batch_add_digest(m, NCR_ALG_SHA256, buf, 1, buf, 32) ==
	   -ENOSPC, "capacity NCR_BATCH_MAX_OPS: that many operations");
	ncr_batch_reset(m);

	/* bytes (input + AAD) are counted against NCR_BATCH_MAX_BYTES;
	 * nothing is read from the pointers */
	ok(ncr_batch_add_digest(m, NCR_ALG_SHA256, buf,
				NCR_BATCH_MAX_BYTES + 1, buf, 32) == -E2BIG &&
	   ncr_batch_add_aead(m, NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, 1, buf, 12,
			      buf, NCR_BATCH_MAX_BYTES / 2 + 1, buf,
			      NCR_BATCH_MAX_BYTES / 2, buf, buf, 16) ==
	   -E2BIG &&
	   ncr_batch_add_update(m, 1, buf, (size_t)NCR_BATCH_MAX_BYTES + 1,
				buf, 0) == -E2BIG &&
	   ncr_batch_add_aead(m, NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, 1, buf, 12,
			      buf, SIZE_MAX, buf, SIZE_MAX, buf, buf, 16) ==
	   -E2BIG && ncr_batch_count(m) == 0,
	   "one operation above NCR_BATCH_MAX_BYTES (input + AAD): -E2BIG");
	ok(ncr_batch_add_cipher(m, NCR_ALG_AES_CTR, NCR_OP_ENCRYPT, 1, buf, 16,
				buf, NCR_BATCH_MAX_BYTES / 2, buf,
				NCR_BATCH_MAX_BYTES / 2) == 0 &&
	   ncr_batch_add_update(m, 1, buf, NCR_BATCH_MAX_BYTES / 2, buf,
				NCR_BATCH_MAX_BYTES / 2) == 1 &&
	   ncr_batch_add_digest(m, NCR_ALG_SHA256, buf, 1, buf, 32) ==
	   -ENOSPC &&
	   ncr_batch_add_digest(m, NCR_ALG_SHA256, buf, 0, buf, 32) == 2,
	   "the batch's byte total: full at NCR_BATCH_MAX_BYTES (-ENOSPC), "
	   "an empty input still fits");
	ncr_batch_reset(m);
	ok(ncr_batch_add_digest(m, NCR_ALG_SHA256, buf, NCR_BATCH_MAX_BYTES,
				buf, 32) == 0,
	   "after ncr_batch_reset the byte total starts again");
	ncr_batch_free(m);
}

/* ---- runs against the fake kernel ---- */

static struct ncr_batch_op seen[8];	/* the elements as the kernel got them */
static unsigned int hook_done = ~0u;	/* ~0: all */
static int hook_bogus;

/*
 * Element 0: a cipher writing 48 bytes; 1: a digest writing 32; 2: a
 * verify, OK; 3: a MAC failing with ERANGE, needing 64; 4: a failing
 * update (ENOENT); further elements succeed.
 */
static void hook_batch(void *arg)
{
	struct ncr_batch *kb = arg;
	struct ncr_batch_op *e = kops(arg);
	unsigned int i, n = kb->count;

	memcpy(seen, e, (n < 8 ? n : 8) * sizeof(*e));
	if (hook_done != ~0u && hook_done < n)
		n = hook_done;
	kb->failed = 0;
	for (i = 0; i < n; i++) {
		e[i].error = 0;
		switch (i) {
		case 0:
			e[i].once.output_size = 48;
			break;
		case 1:
			e[i].once.tag_size = 32;
			break;
		case 2:
			e[i].once.result = NCR_VERIFY_OK;
			break;
		case 3:
			e[i].error = -ERANGE;
			e[i].once.tag_size = 64;
			break;
		case 4:
			e[i].error = -ENOENT;
			break;
		}
		kb->failed += e[i].error != 0;
	}
	kb->done = hook_bogus ? kb->count + 1 : n;
}

static int fill5(struct ncr_batch_ctx *b, uint8_t *buf)
{
	int r = 0;

	r |= ncr_batch_add_cipher(b, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, 1, buf,
				  16, buf, 48, buf, 96);
	r |= ncr_batch_add_digest(b, NCR_ALG_SHA256, buf, 5, buf + 100, 64);
	r |= ncr_batch_add_mac_verify(b, NCR_ALG_HMAC_SHA256, 2, 0, buf, 5,
				      buf, 32);
	r |= ncr_batch_add_mac(b, NCR_ALG_HMAC_SHA512, 2, 0, buf, 5, buf, 20);
	r |= ncr_batch_add_update(b, 9, buf, 16, buf, 16);
	return r < 0 ? r : 0;
}

void test_batch_run(void)
{
	const struct ncr_batch *kb = (const void *)fake_arg;
	struct ncr_batch_ctx *b = ncr_batch_new(8);
	struct ncr_batch_op *e = ncr_batch_ops(b);
	static uint8_t buf[256];
	size_t out, tag;
	uint32_t v;
	int r;

	fake_reset(hook_batch, 0);
	ok(ncr_batch_run(FAKE_FD, b, 0) == 0 && fake_calls == 0 &&
	   ncr_batch_done(b) == 0 && ncr_batch_prepare(b, 0) == -EINVAL,
	   "an empty batch runs without a system call; prepare refuses it");
	ok(fill5(b, buf) == 0, "five operations added");
	r = ncr_batch_run(FAKE_FD, b, 0);
	ok(r == 2 && fake_calls == 1 && fake_req == NCRIO_BATCH &&
	   kb->size == NCR_BATCH_SIZE_VER0 && kb->size == sizeof(*kb) &&
	   kb->flags == 0 && kb->ops == (uintptr_t)e &&
	   kb->op_size == NCR_BATCH_OP_SIZE_VER0 && kb->count == 5 &&
	   ncr_batch_done(b) == 5,
	   "ncr_batch_run: one NCRIO_BATCH with the element array; returns "
	   "the number failed (2)");
	out = tag = 99;
	v = 7;
	r = ncr_batch_result(b, 0, &out, &tag, &v);
	ok(r == 0 && out == 48 && tag == 0 && v == NCR_VERIFY_OK,
	   "result 0: the cipher's output length");
	r = ncr_batch_result(b, 1, &out, &tag, NULL);
	ok(r == 0 && out == 0 && tag == 32, "result 1: the digest's length");
	r = ncr_batch_result(b, 2, NULL, NULL, &v);
	ok(r == 0 && v == NCR_VERIFY_OK, "result 2: the verification, OK");
	r = ncr_batch_result(b, 3, &out, &tag, &v);
	ok(r == -ERANGE && tag == 64 && v == NCR_VERIFY_FAILED,
	   "result 3: -ERANGE with the tag size needed");
	r = ncr_batch_result(b, 4, &out, &tag, &v);
	ok(r == -ENOENT && out == 0 && tag == 0 && v == NCR_VERIFY_FAILED,
	   "result 4: the update's -ENOENT, no lengths");
	ok(ncr_batch_result(b, 5, &out, NULL, NULL) == -EINVAL &&
	   ncr_batch_result(NULL, 0, NULL, NULL, NULL) == -EINVAL,
	   "result of no such operation: -EINVAL");

	/* the kernel overwrote the capacities; the next run restores them */
	ok(e[0].once.output_size == 48 && e[1].once.tag_size == 32,
	   "after the run the elements hold the lengths written");
	fake_reset(hook_batch, 0);
	r = ncr_batch_run(FAKE_FD, b, NCR_BATCH_FLAG_STOP_ON_ERROR);
	ok(r == 2 && kb->flags == NCR_BATCH_FLAG_STOP_ON_ERROR &&
	   seen[0].once.output_size == 96 && seen[1].once.tag_size == 64 &&
	   seen[3].once.tag_size == 20 && seen[4].op.output_size == 16 &&
	   seen[2].once.tag_size == 32 && !seen[2].once.result &&
	   !seen[3].error && !seen[4].error,
	   "a second run: capacities restored, errors and results cleared, "
	   "flags passed");

	/* a raw edit before the first run counts; after it, the restore */
	e[4].op.output_size = 8;
	ok(ncr_batch_add_cipher(b, NCR_ALG_AES_CTR, NCR_OP_ENCRYPT, 1, buf,
				16, buf, 3, buf, 3) == 5, "a sixth operation");
	e[5].once.output_size = 4;
	fake_reset(hook_batch, 0);
	r = ncr_batch_run(FAKE_FD, b, 0);
	ok(r == 2 && seen[4].op.output_size == 16 &&
	   seen[5].once.output_size == 4 && kb->count == 6,
	   "through ncr_batch_ops: a capacity changed before the first run "
	   "is taken, one of an operation that ran is restored");
	fake_reset(hook_batch, 0);
	r = ncr_batch_run(FAKE_FD, b, 0);
	ok(r == 2 && seen[5].once.output_size == 4,
	   "and kept across runs");

	/* operations not run */
	hook_done = 2;
	fake_reset(hook_batch, 0);
	r = ncr_batch_run(FAKE_FD, b, NCR_BATCH_FLAG_STOP_ON_ERROR);
	ok(r == 0 && ncr_batch_done(b) == 2 &&
	   ncr_batch_result(b, 1, &out, &tag, NULL) == 0 && tag == 32 &&
	   ncr_batch_result(b, 2, &out, &tag, &v) == -ECANCELED &&
	   out == 0 && tag == 0 && v == NCR_VERIFY_FAILED,
	   "stop on error after 2: done 2, the rest -ECANCELED");
	fake_reset(hook_batch, EINTR);
	r = ncr_batch_run(FAKE_FD, b, 0);
	ok(r == -EINTR && ncr_batch_done(b) == 2 &&
	   ncr_batch_result(b, 0, &out, NULL, NULL) == 0 && out == 48 &&
	   ncr_batch_result(b, 2, NULL, NULL, NULL) == -ECANCELED,
	   "-EINTR part-way: done from the kernel, the rest -ECANCELED");
	hook_done = ~0u;
	fake_reset(hook_batch, EFAULT);
	r = ncr_batch_run(FAKE_FD, b, 0);
	ok(r == -EFAULT && ncr_batch_done(b) == 0 &&
	   ncr_batch_result(b, 0, NULL, NULL, NULL) == -ECANCELED,
	   "another error of the batch: passed back, no result known");
	fake_reset(NULL, E2BIG);
	ok(ncr_batch_run(FAKE_FD, b, 0) == -E2BIG && ncr_batch_done(b) == 0,
	   "-E2BIG of the whole batch passed back");
	hook_bogus = 1;
	fake_reset(hook_batch, 0);
	ok(ncr_batch_run(FAKE_FD, b, 0) == -EPROTO && ncr_batch_done(b) == 0,
	   "done above count from the kernel: -EPROTO, no results");
	hook_bogus = 0;
	hook_done = 3;
	fake_reset(hook_batch, 0);
	ok(ncr_batch_run(FAKE_FD, b, 0) == -EPROTO,
	   "success with fewer done than count, without stop-on-error: "
	   "-EPROTO");
	hook_done = ~0u;
	fake_reset(NULL, 0);
	ncr_batch_free(b);
}

/* ---- io_uring ---- */

void test_uring_prep(void)
{
	struct io_uring_sqe sqe, zero;
	struct ncr_uring_cmd c;
	struct ncr_session_once o;
	struct ncr_batch_ctx *b = ncr_batch_new(4);
	struct ncr_batch *kb;
	uint8_t buf[64];
	int r;

	memset(&zero, 0, sizeof(zero));
	memset(&o, 0, sizeof(o));
	memset(&sqe, 0xa5, sizeof(sqe));
	ncr_uring_prep_once(&sqe, 17, &o);
	memcpy(&c, sqe.cmd, sizeof(c));
	ok(sqe.opcode == IORING_OP_URING_CMD && sqe.fd == 17 &&
	   sqe.cmd_op == NCRIO_SESSION_ONCE && c.arg == (uintptr_t)&o &&
	   !c.flags && !c.__reserved && !sqe.flags && !sqe.ioprio &&
	   !sqe.user_data && !sqe.len && !sqe.addr && !sqe.__pad1 &&
	   !sqe.personality && o.size == sizeof(o),
	   "ncr_uring_prep_once: URING_CMD, fd, cmd_op NCRIO_SESSION_ONCE, "
	   "arg in the command area, everything else zero, o->size set");
	/* every byte outside opcode, fd, cmd_op and the command is zero */
	sqe.opcode = 0;
	sqe.fd = 0;
	sqe.cmd_op = 0;
	memset(sqe.cmd, 0, sizeof(c));
	ok(!memcmp(&sqe, &zero, sizeof(sqe)),
	   "ncr_uring_prep_once leaves no stale byte in the SQE");

	o.size = NCR_SESSION_ONCE_SIZE_VER1;
	ncr_uring_prep_once(&sqe, 17, &o);
	ok(o.size == NCR_SESSION_ONCE_SIZE_VER1,
	   "ncr_uring_prep_once keeps a size the caller set");

	ok(ncr_batch_add_digest(b, NCR_ALG_SHA256, buf, 1, buf, 32) == 0 &&
	   ncr_batch_add_digest(b, NCR_ALG_SHA256, buf, 2, buf + 32, 32) == 1,
	   "a batch of two digests");
	kb = ncr_batch_arg(b);
	r = ncr_batch_prepare(b, NCR_BATCH_FLAG_STOP_ON_ERROR);
	memset(&sqe, 0x5a, sizeof(sqe));
	ncr_uring_prep_batch(&sqe, 3, b);
	memcpy(&c, sqe.cmd, sizeof(c));
	ok(r == 0 && sqe.opcode == IORING_OP_URING_CMD && sqe.fd == 3 &&
	   sqe.cmd_op == NCRIO_BATCH && c.arg == (uintptr_t)ncr_batch_arg(b) && !c.flags &&
	   !sqe.user_data && !sqe.addr && kb->size == NCR_BATCH_SIZE_VER0 &&
	   kb->flags == NCR_BATCH_FLAG_STOP_ON_ERROR &&
	   kb->ops == (uintptr_t)ncr_batch_ops(b) &&
	   kb->op_size == sizeof(struct ncr_batch_op) && kb->count == 2 &&
	   !kb->done && !kb->failed,
	   "ncr_batch_prepare + ncr_uring_prep_batch: cmd_op NCRIO_BATCH, "
	   "arg the prepared struct ncr_batch");

	/* what the kernel would write before the CQE, then the CQE's res */
	ncr_batch_ops(b)[0].once.tag_size = 32;
	ncr_batch_ops(b)[1].error = -EOPNOTSUPP;
	kb->done = 2;
	kb->failed = 1;
	r = ncr_batch_complete(b, 0);
	ok(r == 1 && ncr_batch_done(b) == 2 &&
	   ncr_batch_result(b, 1, NULL, NULL, NULL) == -EOPNOTSUPP,
	   "ncr_batch_complete(b, 0): done and failed read back");
	ok(ncr_batch_complete(b, -EINVAL) == -EINVAL &&
	   ncr_batch_done(b) == 0 && ncr_batch_complete(b, 5) == -EPROTO,
	   "ncr_batch_complete with a negative res passes it back, a "
	   "positive one is -EPROTO");
	ok(ncr_batch_prepare(b, 0) == 0 &&
	   ncr_batch_ops(b)[0].once.tag_size == 32 && !kb->done,
	   "ncr_batch_prepare again: capacities restored, done cleared");
	ncr_batch_free(b);
}
