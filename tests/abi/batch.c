// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/abi/batch.c - part of build/tests/abi (see tests/abi/main.c):
 * NCRIO_BATCH, the contract of its comment block in ncr.h.  The argument
 * structure itself (sizes 0, 4, VER0-1, exact, zero and non-zero tails,
 * 4096, above 4096; bad structure pointers; a read-only structure; every
 * unknown flag bit; a bad ops pointer) goes through the generic sweeps of
 * harness.c (its entry in table.c).  Here, what is particular to a batch:
 *
 *   - flags, count (0, 1, NCR_BATCH_MAX_OPS, one more, 2^32-1) and op_size
 *     (0, VER0-1, exact, bigger with zero tails, a non-zero tail in one
 *     element, 4096, 4097, sizes that are not a multiple of 8): EINVAL or
 *     E2BIG with nothing run (no output buffer and no element changed);
 *   - the element array NULL, unmapped, running into an unmapped page
 *     (EFAULT, nothing run), or read-only (the operations run, then
 *     EFAULT when they are written back; done says how many ran);
 *   - the element type (0, 4, ~0) and the inner structure's size (0,
 *     VER0-1, past the element, a non-zero byte past the kernel's
 *     structure, an older version with garbage past it, which is ignored);
 *   - per-element results: a bad key or session handle (ENOENT), a bad data
 *     pointer (EFAULT), ERANGE with the size needed, VERIFY ok and failed,
 *     while the other elements run; the write-back touches only error,
 *     output_size, tag_size and result;
 *   - NCR_BATCH_FLAG_STOP_ON_ERROR: done and failed, the elements after
 *     the failing one neither run nor written;
 *   - NCR_BATCH_MAX_BYTES: one byte over (input, AAD, their sum over the
 *     elements, 2^64-1) is E2BIG with nothing run; exactly the limit is
 *     accepted;
 *   - an update then a final of one session; a final then an update (the
 *     second ENOENT); two finals (the second ENOENT), and a final that
 *     fails with ERANGE, which keeps the session for the next element.
 * Every failing call must leave the live counters as they were.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "abi.h"
#include "batch.h"


/* The caller's element array, op_size bytes each; elements are built in
 * a struct ncr_batch_op and copied in, as op_size need not be aligned. */
uint8_t *bt_ops_buf;	/* NBIG elements of up to 4096+8 bytes */
static size_t ops_len;
uint8_t *bt_snap;		/* a copy taken before a run */
uint8_t bt_msg[4096];	/* inputs */
uint8_t bt_outs[NBIG][64];	/* one output per element */
uint8_t bt_tags[NBIG][64];

void bt_put(uint32_t op_size, uint32_t i, const struct ncr_batch_op *e)
{
	memcpy(bt_ops_buf + (size_t)i * op_size, e,
	       op_size < sizeof(*e) ? op_size : sizeof(*e));
}

void bt_get(uint32_t op_size, uint32_t i, struct ncr_batch_op *e)
{
	memset(e, 0, sizeof(*e));
	memcpy(e, bt_ops_buf + (size_t)i * op_size,
	       op_size < sizeof(*e) ? op_size : sizeof(*e));
}

/* AES-128-CBC encryption under k_aes of 32 bytes of bt_msg at off */
void bt_el_cbc(struct ncr_batch_op *e, uint32_t off, void *out,
		   uint64_t cap)
{
	memset(e, 0, sizeof(*e));
	e->type = NCR_BATCH_OP_ONCE;
	e->error = SENT_ERR;
	e->once.size = sizeof(e->once);
	e->once.algorithm = NCR_ALG_AES_CBC;
	e->once.op = NCR_OP_ENCRYPT;
	e->once.key = k_aes;
	e->once.iv = PTR64(iv16);
	e->once.iv_size = 16;
	e->once.input = PTR64(bt_msg + off);
	e->once.input_size = 32;
	e->once.output = PTR64(out);
	e->once.output_size = cap;
}

/* HMAC-SHA256 SIGN (or VERIFY of tag) under k_hmac of len bytes of bt_msg */
static void el_hmac(struct ncr_batch_op *e, uint32_t op, uint64_t len,
		    void *tag, uint32_t tag_size)
{
	memset(e, 0, sizeof(*e));
	e->type = NCR_BATCH_OP_ONCE;
	e->error = SENT_ERR;
	e->once.size = sizeof(e->once);
	e->once.algorithm = NCR_ALG_HMAC_SHA256;
	e->once.op = op;
	e->once.key = k_hmac;
	e->once.input = PTR64(bt_msg);
	e->once.input_size = len;
	e->once.tag = PTR64(tag);
	e->once.tag_size = tag_size;
	e->once.result = SENT_ERR;
}

/* an UPDATE or FINAL element */
void bt_el_op(struct ncr_batch_op *e, uint32_t type, uint32_t ses,
		  const void *in, uint64_t len, void *out, uint64_t cap,
		  void *tag, uint32_t tag_size)
{
	memset(e, 0, sizeof(*e));
	e->type = type;
	e->error = SENT_ERR;
	e->op.size = sizeof(e->op);
	e->op.ses = ses;
	e->op.input = PTR64(in);
	e->op.input_size = len;
	e->op.output = PTR64(out);
	e->op.output_size = cap;
	e->op.tag = PTR64(tag);
	e->op.tag_size = tag_size;
}

/* count CBC elements of op_size bytes (zero tails), element i into outs[i] */
static void fill_cbc(uint32_t op_size, uint32_t count)
{
	struct ncr_batch_op e;

	memset(bt_ops_buf, 0, (size_t)count * op_size);
	for (uint32_t i = 0; i < count; i++) {
		bt_el_cbc(&e, (i % 64) * 32, bt_outs[i], sizeof(bt_outs[i]));
		bt_put(op_size, i, &e);
	}
}

int bt_run(void *ops, uint32_t op_size, uint32_t count, uint32_t flags,
	       struct ncr_batch *b)
{
	memset(b, 0, sizeof(*b));
	b->size = sizeof(*b);
	b->flags = flags;
	b->ops = PTR64(ops);
	b->op_size = op_size;
	b->count = count;
	b->done = b->failed = 0xdead;
	return call(NCRIO_BATCH, b);
}

void bt_outputs_reset(void)
{
	memset(bt_outs, FILL, sizeof(bt_outs));
	memset(bt_tags, FILL, sizeof(bt_tags));
}

/* Whether output buffers from..to-1 still hold FILL */
static int untouched(uint32_t from, uint32_t to)
{
	for (uint32_t i = from; i < to; i++)
		for (size_t j = 0; j < sizeof(bt_outs[i]); j++)
			if (bt_outs[i][j] != FILL || bt_tags[i][j] != FILL)
				return 0;
	return 1;
}

/* The reference: element i of fill_cbc() as NCRIO_SESSION_ONCE gives it */
uint8_t bt_cbc_ref[64][32];

static void make_refs(void)
{
	for (uint32_t i = 0; i < 64; i++) {
		struct ncr_session_once o = {
			.size = sizeof(o), .algorithm = NCR_ALG_AES_CBC,
			.op = NCR_OP_ENCRYPT, .key = k_aes, .iv = PTR64(iv16),
			.iv_size = 16, .input = PTR64(bt_msg + 32 * i),
			.input_size = 32, .output = PTR64(bt_cbc_ref[i]),
			.output_size = 32,
		};
		int r = call(NCRIO_SESSION_ONCE, &o);

		if (r)
			tap_diag("reference AES-CBC: %s", errname(r));
	}
}

/* Elements from..to-1 of fill_cbc() ran: their outputs and results. */
static int cbc_ok(uint32_t op_size, uint32_t from, uint32_t to)
{
	struct ncr_batch_op e;

	for (uint32_t i = from; i < to; i++) {
		bt_get(op_size, i, &e);
		if (e.error || e.once.output_size != 32 ||
		    memcmp(bt_outs[i], bt_cbc_ref[i % 64], 32)) {
			tap_diag("element %u: error %d, output_size %llu%s", i,
				 e.error, (unsigned long long)e.once.output_size,
				 memcmp(bt_outs[i], bt_cbc_ref[i % 64], 32) ?
				 ", wrong output" : "");
			return 0;
		}
	}
	return 1;
}

/*
 * After a run: every element byte outside the out fields (error and the
 * inner structure's output_size, tag_size, result) is as in snap, and so
 * is everything of the elements from n on (not run: not written).
 */
static int only_out_fields(uint32_t op_size, uint32_t count, uint32_t n)
{
	static const size_t in = offsetof(struct ncr_batch_op, once);
	size_t len = (size_t)count * op_size;
	uint8_t *want = malloc(len);
	int same;

	if (!want)
		return 0;
	memcpy(want, bt_snap, len);
	for (uint32_t i = 0; i < n && i < count; i++) {
		uint8_t *w = want + (size_t)i * op_size;
		const uint8_t *g = bt_ops_buf + (size_t)i * op_size;
		uint32_t type;
		size_t f[3];

		memcpy(&type, g, 4);
		if (type == NCR_BATCH_OP_ONCE) {
			f[0] = offsetof(struct ncr_session_once, output_size);
			f[1] = offsetof(struct ncr_session_once, tag_size);
			f[2] = offsetof(struct ncr_session_once, result);
		} else {
			f[0] = offsetof(struct ncr_session_op, output_size);
			f[1] = offsetof(struct ncr_session_op, tag_size);
			f[2] = offsetof(struct ncr_session_op, result);
		}
		memcpy(w + 4, g + 4, 4);			/* error */
		memcpy(w + in + f[0], g + in + f[0], 8);
		memcpy(w + in + f[1], g + in + f[1], 4);
		memcpy(w + in + f[2], g + in + f[2], 4);
	}
	same = !memcmp(want, bt_ops_buf, len);
	free(want);
	return same;
}

void bt_take_snap(uint32_t op_size, uint32_t count)
{
	memcpy(bt_snap, bt_ops_buf, (size_t)count * op_size);
}

/* A call that must fail whole: r == want, nothing run, nothing written
 * into the array, live counters unchanged. */
static void expect_none(int r, int want, const struct live *before,
			uint32_t op_size, uint32_t count, const char *what)
{
	expect(r, want, before, "batch: %s", what);
	report(untouched(0, count < NBIG ? count : NBIG) &&
	       only_out_fields(op_size, count, 0),
	       "batch: %s: nothing bt_run, no element written", what);
}

/* ------------------------------------------------------ count, flags */

static void test_counts(void)
{
	const uint32_t os = sizeof(struct ncr_batch_op);
	struct ncr_batch b;
	struct live before = live_now();
	int r;

	bt_outputs_reset();
	fill_cbc(os, 4);
	bt_take_snap(os, 4);
	r = bt_run(bt_ops_buf, os, 0, 0, &b);
	expect_none(r, -EINVAL, &before, os, 4, "count 0");
	for (uint32_t bit = 1; bit; bit <<= 1) {
		if (bit & NCR_BATCH_FLAGS_ALL)
			continue;
		r = bt_run(bt_ops_buf, os, 4, bit, &b);
		if (r != -EINVAL)
			break;
	}
	expect_none(r, -EINVAL, &before, os, 4, "each unknown flag bit");

	r = bt_run(bt_ops_buf, os, 1, 0, &b);
	expect(r, 0, NULL, "batch: count 1");
	report(!r && b.done == 1 && b.failed == 0 && cbc_ok(os, 0, 1) &&
	       untouched(1, 4), "batch: count 1: done 1, failed 0, the one "
	       "output right, the next elements not bt_run (done %u, failed %u)",
	       b.done, b.failed);

	bt_outputs_reset();
	fill_cbc(os, NBIG);
	bt_take_snap(os, NBIG);
	r = bt_run(bt_ops_buf, os, NBIG, 0, &b);
	expect_none(r, -E2BIG, &before, os, NBIG,
		    "count NCR_BATCH_MAX_OPS + 1");
	r = bt_run(bt_ops_buf, os, 0xffffffffu, 0, &b);
	expect_none(r, -E2BIG, &before, os, NBIG, "count 2^32-1");
	r = bt_run(bt_ops_buf, os, NCR_BATCH_MAX_OPS, 0, &b);
	expect(r, 0, &before, "batch: count NCR_BATCH_MAX_OPS");
	report(!r && b.done == NCR_BATCH_MAX_OPS && !b.failed &&
	       cbc_ok(os, 0, NCR_BATCH_MAX_OPS) && untouched(NBIG - 1, NBIG) &&
	       only_out_fields(os, NBIG, NCR_BATCH_MAX_OPS),
	       "batch: count NCR_BATCH_MAX_OPS: all %u done, each output that "
	       "of NCRIO_SESSION_ONCE, only out fields written (done %u)",
	       NCR_BATCH_MAX_OPS, b.done);
}

/* ------------------------------------------------------------ op_size */

static void test_op_sizes(void)
{
	const uint32_t os = sizeof(struct ncr_batch_op);
	static const struct {
		uint32_t op_size;
		const char *what;
	} ok[] = {
		{ NCR_BATCH_OP_SIZE_VER0, "exact (VER0)" },
		{ NCR_BATCH_OP_SIZE_VER0 + 4, "VER0+4 (not a multiple of 8), "
		  "zero tails" },
		{ NCR_BATCH_OP_SIZE_VER0 + 8, "VER0+8, zero tails" },
		{ NCR_BATCH_OP_SIZE_VER0 + 1, "VER0+1, zero tails" },
		{ 512, "512, zero tails" },
		{ 4096, "4096, zero tails" },
	};
	struct live before = live_now();
	struct ncr_batch b;
	char what[128];
	int r;

	for (size_t k = 0; k < ARRAY_SIZE(ok); k++) {
		uint32_t n = 3;

		bt_outputs_reset();
		fill_cbc(ok[k].op_size, n);
		bt_take_snap(ok[k].op_size, n);
		r = bt_run(bt_ops_buf, ok[k].op_size, n, 0, &b);
		snprintf(what, sizeof(what), "op_size %s", ok[k].what);
		expect(r, 0, &before, "batch: %s", what);
		report(!r && b.done == n && cbc_ok(ok[k].op_size, 0, n) &&
		       only_out_fields(ok[k].op_size, n, n),
		       "batch: %s: outputs right, tails and inputs not "
		       "written", what);
		if (ok[k].op_size <= os)
			continue;
		/* a non-zero byte in the tail of one element: E2BIG */
		bt_outputs_reset();
		fill_cbc(ok[k].op_size, n);
		bt_ops_buf[ok[k].op_size + ok[k].op_size - 1] = 1; /* element 1 */
		bt_take_snap(ok[k].op_size, n);
		r = bt_run(bt_ops_buf, ok[k].op_size, n, 0, &b);
		snprintf(what, sizeof(what), "op_size %u, the last byte of "
			 "element 1 non-zero", ok[k].op_size);
		expect_none(r, -E2BIG, &before, ok[k].op_size, n, what);
		if (ok[k].op_size - os > 8) {
			bt_outputs_reset();
			fill_cbc(ok[k].op_size, n);
			bt_ops_buf[2 * ok[k].op_size + os] = 0x80;
			bt_take_snap(ok[k].op_size, n);
			r = bt_run(bt_ops_buf, ok[k].op_size, n, 0, &b);
			snprintf(what, sizeof(what), "op_size %u, the first "
				 "tail byte of element 2 non-zero",
				 ok[k].op_size);
			expect_none(r, -E2BIG, &before, ok[k].op_size, n, what);
		}
	}
	bt_outputs_reset();
	fill_cbc(os, 3);
	bt_take_snap(os, 3);
	r = bt_run(bt_ops_buf, 0, 3, 0, &b);
	expect_none(r, -EINVAL, &before, os, 3, "op_size 0");
	r = bt_run(bt_ops_buf, NCR_BATCH_OP_SIZE_VER0 - 1, 3, 0, &b);
	expect_none(r, -EINVAL, &before, os, 3, "op_size VER0-1");
	r = bt_run(bt_ops_buf, 8, 3, 0, &b);
	expect_none(r, -EINVAL, &before, os, 3, "op_size 8 (type and error)");
	bt_outputs_reset();
	fill_cbc(4097, 2);
	bt_take_snap(4097, 2);
	r = bt_run(bt_ops_buf, 4097, 2, 0, &b);
	expect_none(r, -EINVAL, &before, 4097, 2, "op_size 4097");
	r = bt_run(bt_ops_buf, 0xffffffffu, 2, 0, &b);
	expect_none(r, -EINVAL, &before, 4097, 2, "op_size 2^32-1");
}

/* ----------------------------------------------------- the array itself */

static void test_array_pointer(void)
{
	const uint32_t os = sizeof(struct ncr_batch_op);
	struct live before = live_now();
	struct ncr_batch_op e;
	struct ncr_batch b;
	uint8_t *ro;
	int r;

	bt_outputs_reset();
	r = bt_run(NULL, os, 2, 0, &b);
	expect(r, -EFAULT, &before, "batch: ops NULL");
	r = bt_run((void *)(uintptr_t)BAD_KERNEL_PTR, os, 2, 0, &b);
	expect(r, -EFAULT, &before, "batch: ops a kernel address");
	r = bt_run(guard, os, 1, 0, &b);
	expect(r, -EFAULT, &before, "batch: ops in an unmapped page");
	/* two elements, the second running into the guard page */
	bt_el_cbc(&e, 0, bt_outs[0], 64);
	memcpy(guard - os - os / 2, &e, os);
	memset(guard - os / 2, 0, os / 2);
	r = bt_run(guard - os - os / 2, os, 2, 0, &b);
	expect(r, -EFAULT, &before, "batch: the array runs into an unmapped "
	       "page");
	report(untouched(0, 1) && (b.done == 0xdead || b.done == 0),
	       "batch: ... and its first element did not bt_run (done %#x)",
	       b.done);
	/* only the first element's bytes mapped: count 1 works there */
	memcpy(guard - os, &e, os);
	r = bt_run(guard - os, os, 1, 0, &b);
	expect(r, 0, &before, "batch: one element ending at an unmapped page");

	/* a read-only array: read whole, run, then not written back */
	ro = mmap(NULL, (size_t)pagesz, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ro == MAP_FAILED) {
		report_skip("mmap failed", "batch: read-only array");
		return;
	}
	bt_outputs_reset();
	for (uint32_t i = 0; i < 3; i++) {
		bt_el_cbc(&e, 32 * i, bt_outs[i], 64);
		memcpy(ro + i * os, &e, os);
	}
	mprotect(ro, (size_t)pagesz, PROT_READ);
	r = bt_run(ro, os, 3, 0, &b);
	expect(r, -EFAULT, &before, "batch: a read-only element array");
	report(b.done == 3 && b.failed == 0 &&
	       !memcmp(bt_outs[0], bt_cbc_ref[0], 32) &&
	       !memcmp(bt_outs[2], bt_cbc_ref[2], 32),
	       "batch: ... whose operations ran (done %u, failed %u, outputs "
	       "written): ncr.h, EFAULT if the array cannot be written back",
	       b.done, b.failed);
	memcpy(&e, ro, sizeof(e));
	report(e.error == SENT_ERR && e.once.output_size == 64,
	       "batch: ... and whose elements are unchanged");
	munmap(ro, (size_t)pagesz);
}

/* ------------------------------------------------- types, inner sizes */

static void test_inner(void)
{
	const uint32_t os = sizeof(struct ncr_batch_op);
	const size_t room = os - offsetof(struct ncr_batch_op, once);
	static const uint32_t bad_types[] = { 0, 4, 0xffffffffu };
	struct live before = live_now();
	struct ncr_batch_op e;
	struct ncr_batch b;
	uint32_t ses;
	char what[128];
	int r;

	for (size_t k = 0; k < ARRAY_SIZE(bad_types); k++) {
		bt_outputs_reset();
		fill_cbc(os, 3);
		bt_get(os, 2, &e);
		e.type = bad_types[k];
		bt_put(os, 2, &e);
		bt_take_snap(os, 3);
		r = bt_run(bt_ops_buf, os, 3, 0, &b);
		snprintf(what, sizeof(what), "the last element of type %#x",
			 bad_types[k]);
		expect_none(r, -EINVAL, &before, os, 3, what);
	}
	/* a ONCE element's inner size */
	{
		static const struct {
			uint32_t size;
			int want;
			const char *what;
		} sz[] = {
			{ 0, -EINVAL, "0" },
			{ NCR_SESSION_ONCE_SIZE_VER0 - 1, -EINVAL, "VER0-1" },
			{ (uint32_t)sizeof(struct ncr_session_once) + 1,
			  -EINVAL, "past the element (op_size VER0)" },
			{ 0xffffffffu, -EINVAL, "2^32-1" },
		};

		for (size_t k = 0; k < ARRAY_SIZE(sz); k++) {
			bt_outputs_reset();
			fill_cbc(os, 3);
			bt_get(os, 1, &e);
			e.once.size = sz[k].size;
			bt_put(os, 1, &e);
			bt_take_snap(os, 3);
			r = bt_run(bt_ops_buf, os, 3, 0, &b);
			snprintf(what, sizeof(what), "ONCE inner size %s",
				 sz[k].what);
			expect_none(r, sz[k].want, &before, os, 3, what);
		}
	}
	/* an UPDATE element's inner size */
	ses = cbc_session(1);
	before = live_now();
	{
		static const uint32_t bad[] = { 0, NCR_SESSION_OP_SIZE_VER0 - 1,
						NCR_BATCH_OP_SIZE_VER0 - 7 };

		for (size_t k = 0; k < ARRAY_SIZE(bad); k++) {
			bt_outputs_reset();
			fill_cbc(os, 2);
			bt_el_op(&e, NCR_BATCH_OP_UPDATE, ses, bt_msg, 32, bt_outs[1],
			      64, NULL, 0);
			e.op.size = bad[k];
			bt_put(os, 1, &e);
			bt_take_snap(os, 2);
			r = bt_run(bt_ops_buf, os, 2, 0, &b);
			snprintf(what, sizeof(what), "UPDATE inner size %u",
				 bad[k]);
			expect_none(r, -EINVAL, &before, os, 2, what);
		}
	}
	/* older ONCE versions: the union's bytes past the size are ignored */
	{
		static const uint32_t vers[] = { NCR_SESSION_ONCE_SIZE_VER0,
						 NCR_SESSION_ONCE_SIZE_VER1,
						 NCR_SESSION_ONCE_SIZE_VER2 };

		for (size_t k = 0; k < ARRAY_SIZE(vers); k++) {
			bt_outputs_reset();
			fill_cbc(os, 2);
			bt_get(os, 0, &e);
			e.once.size = vers[k];
			memset((uint8_t *)&e.once + vers[k], 0xa5,
			       room - vers[k]);
			bt_put(os, 0, &e);
			bt_take_snap(os, 2);
			r = bt_run(bt_ops_buf, os, 2, 0, &b);
			snprintf(what, sizeof(what), "ONCE inner size %u, "
				 "0xa5 bytes past it in the element", vers[k]);
			expect(r, 0, &before, "batch: %s", what);
			report(!r && cbc_ok(os, 0, 2) &&
			       only_out_fields(os, 2, 2),
			       "batch: %s: ignored, not written", what);
		}
		/* an UPDATE element: the union's bytes past 64 ignored */
		bt_outputs_reset();
		bt_el_op(&e, NCR_BATCH_OP_UPDATE, ses, bt_msg, 32, bt_outs[0], 64, NULL,
		      0);
		memset((uint8_t *)&e.op + sizeof(e.op), 0xa5,
		       room - sizeof(e.op));
		memset(bt_ops_buf, 0, os);
		bt_put(os, 0, &e);
		bt_take_snap(os, 1);
		r = bt_run(bt_ops_buf, os, 1, 0, &b);
		bt_get(os, 0, &e);
		expect(r, 0, &before, "batch: UPDATE with 0xa5 bytes past its "
		       "64-byte structure in the element");
		report(!r && !e.error && e.op.output_size == 32 &&
		       !memcmp(bt_outs[0], bt_cbc_ref[0], 32) &&
		       only_out_fields(os, 1, 1),
		       "batch: ... ignored: the update gave the first 32 bytes "
		       "of CBC (error %d)", e.error);
	}
	sfree(ses);
	before = live_now();
	/* an inner structure bigger than the kernel's (op_size 256) */
	{
		const uint32_t big = 256;
		const size_t broom = big - offsetof(struct ncr_batch_op, once);

		bt_outputs_reset();
		fill_cbc(big, 2);
		for (uint32_t i = 0; i < 2; i++) {
			uint32_t s = (uint32_t)broom;

			memcpy(bt_ops_buf + i * big +
			       offsetof(struct ncr_batch_op, once), &s, 4);
		}
		bt_take_snap(big, 2);
		r = bt_run(bt_ops_buf, big, 2, 0, &b);
		expect(r, 0, &before, "batch: ONCE inner size %zu (room of "
		       "op_size 256), zero past the kernel's structure", broom);
		report(!r && cbc_ok(big, 0, 2) && only_out_fields(big, 2, 2),
		       "batch: ... outputs right, not written past the "
		       "structure");
		bt_ops_buf[big + offsetof(struct ncr_batch_op, once) +
			sizeof(struct ncr_session_once) + 3] = 7;
		bt_outputs_reset();
		bt_take_snap(big, 2);
		r = bt_run(bt_ops_buf, big, 2, 0, &b);
		expect_none(r, -E2BIG, &before, big, 2, "ONCE inner size with "
			    "a non-zero byte past the kernel's structure");
		{
			uint32_t s = (uint32_t)broom + 1;

			fill_cbc(big, 2);
			memcpy(bt_ops_buf + offsetof(struct ncr_batch_op, once),
			       &s, 4);
			bt_take_snap(big, 2);
			r = bt_run(bt_ops_buf, big, 2, 0, &b);
			expect_none(r, -EINVAL, &before, big, 2, "ONCE inner "
				    "size one past the element (op_size 256)");
		}
	}
}

/* ------------------------------------------------ per-element results */

static void test_elements(void)
{
	const uint32_t os = sizeof(struct ncr_batch_op);
	struct live before = live_now();
	struct ncr_batch_op e;
	struct ncr_batch b;
	uint8_t mac[32];
	int r;

	/* reference HMAC */
	{
		struct ncr_session_once o = {
			.size = sizeof(o), .algorithm = NCR_ALG_HMAC_SHA256,
			.op = NCR_OP_SIGN, .key = k_hmac, .input = PTR64(bt_msg),
			.input_size = 100, .tag = PTR64(mac),
			.tag_size = sizeof(mac),
		};

		r = call(NCRIO_SESSION_ONCE, &o);
		if (r)
			tap_diag("reference HMAC: %s", errname(r));
	}
	/* bad handles, a bad pointer, ERANGE, between good elements */
	bt_outputs_reset();
	fill_cbc(os, 9);
	bt_get(os, 1, &e);
	e.once.key = 12345;
	bt_put(os, 1, &e);
	bt_el_op(&e, NCR_BATCH_OP_UPDATE, 0x7ffffff0, bt_msg, 32, bt_outs[3], 64, NULL,
	      0);
	bt_put(os, 3, &e);
	bt_el_op(&e, NCR_BATCH_OP_FINAL, 0, bt_msg, 32, NULL, 0, bt_tags[4], 32);
	bt_put(os, 4, &e);
	bt_get(os, 5, &e);
	e.once.input = 1;	/* unreadable input */
	bt_put(os, 5, &e);
	bt_get(os, 6, &e);
	e.once.output_size = 16;	/* 32 needed */
	bt_put(os, 6, &e);
	el_hmac(&e, NCR_OP_SIGN, 100, bt_tags[7], 4);	/* 32 needed */
	bt_put(os, 7, &e);
	bt_take_snap(os, 9);
	r = bt_run(bt_ops_buf, os, 9, 0, &b);
	expect(r, 0, &before, "batch: 9 elements, 6 of them failing");
	report(b.done == 9 && b.failed == 6, "batch: done 9, failed 6 (got "
	       "%u, %u)", b.done, b.failed);
	report(cbc_ok(os, 0, 1) && cbc_ok(os, 2, 3) && cbc_ok(os, 8, 9),
	       "batch: the good elements between them ran");
	bt_get(os, 1, &e);
	report_err(e.error, -ENOENT, "batch: element with an unknown key");
	bt_get(os, 3, &e);
	report_err(e.error, -ENOENT, "batch: UPDATE of an unknown session");
	bt_get(os, 4, &e);
	report_err(e.error, -ENOENT, "batch: FINAL of session 0");
	bt_get(os, 5, &e);
	report_err(e.error, -EFAULT, "batch: element with an unreadable "
		   "input");
	bt_get(os, 6, &e);
	report_err(e.error, -ERANGE, "batch: CBC element with 16 bytes of "
		   "output room for 32");
	report(e.once.output_size == 32 && untouched(6, 7), "batch: ... "
	       "output_size set to the size needed (%llu), output untouched",
	       (unsigned long long)e.once.output_size);
	bt_get(os, 7, &e);
	report_err(e.error, -ERANGE, "batch: HMAC-SHA256 SIGN element with 4 "
		   "bytes of tag room");
	report(e.once.tag_size == 32, "batch: ... tag_size set to the size "
	       "needed (%u)", e.once.tag_size);
	report(only_out_fields(os, 9, 9), "batch: only error, output_size, "
	       "tag_size and result written back");

	/* VERIFY, right and wrong, and SIGN */
	bt_outputs_reset();
	memset(bt_ops_buf, 0, 3 * os);
	memcpy(bt_tags[0], mac, 32);
	memcpy(bt_tags[1], mac, 32);
	bt_tags[1][31] ^= 1;
	el_hmac(&e, NCR_OP_VERIFY, 100, bt_tags[0], 32);
	bt_put(os, 0, &e);
	el_hmac(&e, NCR_OP_VERIFY, 100, bt_tags[1], 32);
	bt_put(os, 1, &e);
	el_hmac(&e, NCR_OP_SIGN, 100, bt_tags[2], 64);
	bt_put(os, 2, &e);
	bt_take_snap(os, 3);
	r = bt_run(bt_ops_buf, os, 3, 0, &b);
	expect(r, 0, &before, "batch: HMAC VERIFY right, VERIFY wrong, SIGN");
	bt_get(os, 0, &e);
	report(!e.error && e.once.result == NCR_VERIFY_OK, "batch: VERIFY of "
	       "the right MAC: NCR_VERIFY_OK (error %d, result %u)", e.error,
	       e.once.result);
	bt_get(os, 1, &e);
	report(!e.error && e.once.result == NCR_VERIFY_FAILED, "batch: VERIFY "
	       "of a wrong MAC: error 0, NCR_VERIFY_FAILED (error %d, result "
	       "%u)", e.error, e.once.result);
	bt_get(os, 2, &e);
	report(!e.error && e.once.tag_size == 32 && !memcmp(bt_tags[2], mac, 32),
	       "batch: SIGN: the MAC of NCRIO_SESSION_ONCE, tag_size 32");
	report(b.failed == 0 && only_out_fields(os, 3, 3), "batch: a failed "
	       "verification is not a failed element (failed %u)", b.failed);
}

/* ------------------------------------------------------- stop on error */

static void test_stop(void)
{
	const uint32_t os = sizeof(struct ncr_batch_op);
	struct live before = live_now();
	struct ncr_batch_op e;
	struct ncr_batch b;
	int r;

	for (int stop = 0; stop < 2; stop++) {
		const char *how = stop ? "with STOP_ON_ERROR" : "without flags";

		bt_outputs_reset();
		fill_cbc(os, 6);
		bt_get(os, 2, &e);
		e.once.key = 0xfffffff0;
		bt_put(os, 2, &e);
		bt_get(os, 4, &e);
		e.once.key = 0xfffffff1;
		bt_put(os, 4, &e);
		bt_take_snap(os, 6);
		r = bt_run(bt_ops_buf, os, 6, stop ? NCR_BATCH_FLAG_STOP_ON_ERROR :
			0, &b);
		expect(r, 0, &before, "batch %s: elements 2 and 4 of 6 fail",
		       how);
		if (stop) {
			report(b.done == 3 && b.failed == 1 &&
			       cbc_ok(os, 0, 2) && untouched(3, 6) &&
			       only_out_fields(os, 6, 3),
			       "batch %s: done 3, failed 1, elements 3..5 "
			       "neither bt_run nor written (done %u, failed %u)",
			       how, b.done, b.failed);
		} else {
			report(b.done == 6 && b.failed == 2 &&
			       cbc_ok(os, 0, 2) && cbc_ok(os, 3, 4) &&
			       cbc_ok(os, 5, 6) && only_out_fields(os, 6, 6),
			       "batch %s: done 6, failed 2, the others ran "
			       "(done %u, failed %u)", how, b.done, b.failed);
		}
	}
	bt_outputs_reset();
	fill_cbc(os, 5);
	r = bt_run(bt_ops_buf, os, 5, NCR_BATCH_FLAG_STOP_ON_ERROR, &b);
	expect(r, 0, &before, "batch with STOP_ON_ERROR, nothing failing");
	report(b.done == 5 && !b.failed && cbc_ok(os, 0, 5), "batch with "
	       "STOP_ON_ERROR, nothing failing: all 5 done");
	/* ERANGE is a failure too */
	bt_outputs_reset();
	fill_cbc(os, 3);
	bt_get(os, 0, &e);
	e.once.output_size = 31;
	bt_put(os, 0, &e);
	bt_take_snap(os, 3);
	r = bt_run(bt_ops_buf, os, 3, NCR_BATCH_FLAG_STOP_ON_ERROR, &b);
	bt_get(os, 0, &e);
	report(!r && b.done == 1 && b.failed == 1 && e.error == -ERANGE &&
	       e.once.output_size == 32 && untouched(0, 3) &&
	       only_out_fields(os, 3, 1),
	       "batch with STOP_ON_ERROR: ERANGE on the first element stops "
	       "there (done %u, error %s)", b.done, errname(e.error));
}

/* ------------------------------------------------ NCR_BATCH_MAX_BYTES */

static void test_max_bytes(void)
{
	const uint32_t os = sizeof(struct ncr_batch_op);
	struct live before = live_now();
	struct ncr_batch_op e;
	struct ncr_batch b;
	int r;

	/* element 0 a good CBC op (32 bytes); elements 1 and 2 name an
	 * unknown key with inputs that bring the total to the limit + d */
	for (int over = 1; over >= 0; over--) {
		bt_outputs_reset();
		fill_cbc(os, 3);
		bt_get(os, 1, &e);
		e.once.key = 12345;
		e.once.input_size = NCR_BATCH_MAX_BYTES - 32 - 100;
		bt_put(os, 1, &e);
		bt_get(os, 2, &e);
		e.once.key = 12345;
		e.once.algorithm = NCR_ALG_AES_GCM;
		e.once.iv_size = 12;
		e.once.input_size = 50;
		e.once.aad = PTR64(bt_msg);
		e.once.aad_size = 50 + over;
		bt_put(os, 2, &e);
		bt_take_snap(os, 3);
		r = bt_run(bt_ops_buf, os, 3, 0, &b);
		if (over) {
			expect_none(r, -E2BIG, &before, os, 3, "input + AAD over "
				    "the elements one byte above "
				    "NCR_BATCH_MAX_BYTES");
			continue;
		}
		expect(r, 0, &before, "batch: input + AAD over the elements "
		       "exactly NCR_BATCH_MAX_BYTES");
		bt_get(os, 1, &e);
		report(b.done == 3 && cbc_ok(os, 0, 1) && e.error == -ENOENT,
		       "batch: ... all run: the first right, the unknown key "
		       "ENOENT (%s)", errname(e.error));
	}
	{
		static const struct {
			uint64_t in, aad;
			const char *what;
		} big[] = {
			{ NCR_BATCH_MAX_BYTES + 1ULL, 0,
			  "one input of NCR_BATCH_MAX_BYTES + 1" },
			{ 0, NCR_BATCH_MAX_BYTES + 1ULL,
			  "one AAD of NCR_BATCH_MAX_BYTES + 1" },
			{ ~0ULL, 0, "an input of 2^64-1" },
			{ 1, ~0ULL, "an AAD of 2^64-1" },
			{ 1ULL << 63, 1ULL << 63, "input and AAD of 2^63 "
			  "(their sum wraps to 0)" },
		};

		for (size_t k = 0; k < ARRAY_SIZE(big); k++) {
			bt_outputs_reset();
			fill_cbc(os, 2);
			bt_get(os, 1, &e);
			e.once.key = 12345;
			e.once.input_size = big[k].in;
			e.once.aad_size = big[k].aad;
			bt_put(os, 1, &e);
			bt_take_snap(os, 2);
			r = bt_run(bt_ops_buf, os, 2, 0, &b);
			expect_none(r, -E2BIG, &before, os, 2, big[k].what);
		}
	}
	/* 255 elements of 2^56 bytes each */
	bt_outputs_reset();
	fill_cbc(os, NCR_BATCH_MAX_OPS);
	for (uint32_t i = 1; i < NCR_BATCH_MAX_OPS; i++) {
		bt_get(os, i, &e);
		e.once.input_size = 1ULL << 56;
		bt_put(os, i, &e);
	}
	bt_take_snap(os, NCR_BATCH_MAX_OPS);
	r = bt_run(bt_ops_buf, os, NCR_BATCH_MAX_OPS, 0, &b);
	expect_none(r, -E2BIG, &before, os, NCR_BATCH_MAX_OPS,
		    "255 inputs of 2^56 bytes");
	/* an UPDATE's input counts too */
	bt_outputs_reset();
	fill_cbc(os, 2);
	bt_el_op(&e, NCR_BATCH_OP_UPDATE, 12345, bt_msg, NCR_BATCH_MAX_BYTES - 31,
	      bt_outs[1], 64, NULL, 0);
	bt_put(os, 1, &e);
	bt_take_snap(os, 2);
	r = bt_run(bt_ops_buf, os, 2, 0, &b);
	expect_none(r, -E2BIG, &before, os, 2, "an UPDATE whose input brings "
		    "the total one byte above NCR_BATCH_MAX_BYTES");
}

/* --------------------------------------------- sessions across elements */

static void test_struct_nothing_run(void)
{
	const uint32_t os = sizeof(struct ncr_batch_op);
	struct live before = live_now();
	struct ncr_batch b;
	int r;

	bt_outputs_reset();
	fill_cbc(os, 2);
	bt_take_snap(os, 2);
	memset(&b, 0, sizeof(b));
	b.size = NCR_BATCH_SIZE_VER0 - 1;
	b.ops = PTR64(bt_ops_buf);
	b.op_size = os;
	b.count = 2;
	r = call(NCRIO_BATCH, &b);
	expect_none(r, -EINVAL, &before, os, 2, "structure size VER0-1");
	b.size = NCR_BATCH_SIZE_VER0 + 8;
	{
		uint8_t big[NCR_BATCH_SIZE_VER0 + 8] = { 0 };

		memcpy(big, &b, sizeof(b));
		big[sizeof(big) - 1] = 1;
		r = call(NCRIO_BATCH, big);
	}
	expect_none(r, -E2BIG, &before, os, 2, "structure with a non-zero "
		    "tail");
}

void test_batch(void)
{
	ops_len = (size_t)NBIG * 4104;
	bt_ops_buf = malloc(ops_len);
	bt_snap = malloc(ops_len);
	if (!bt_ops_buf || !bt_snap) {
		report(0, "batch: malloc");
		return;
	}
	for (size_t i = 0; i < sizeof(bt_msg); i++)
		bt_msg[i] = (uint8_t)(i * 31 + 7);
	make_refs();
	test_struct_nothing_run();
	test_counts();
	test_op_sizes();
	test_array_pointer();
	test_inner();
	test_elements();
	test_stop();
	test_max_bytes();
	test_batch_sessions();
	free(bt_ops_buf);
	free(bt_snap);
}
