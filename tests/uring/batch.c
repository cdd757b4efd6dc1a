// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * batch.c - build/tests/uring: batches (cmd_op NCRIO_BATCH) as SQEs,
 * filled by hand: several in flight at once, each element's result equal
 * to OpenSSL's and to the NCRIO_BATCH ioctl's on the same array; a
 * session's update and final in one batch; stop-on-error (the elements
 * not run are not written); a batch of NCR_BATCH_MAX_OPS; and the
 * batch-level errors (EINVAL, E2BIG, EFAULT) in the CQE exactly as the
 * ioctl returns them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "uring.h"

#define NB 8			/* batches in flight */
#define PER 32			/* elements per batch */
#define UNTOUCHED 0x7e57	/* an element's error before the run */

static struct tkey keys[64];

static void batch_init(struct ncr_batch *b, struct ncr_batch_op *ops,
		       int n, uint32_t flags)
{
	memset(b, 0, sizeof(*b));
	b->size = sizeof(*b);
	b->flags = flags;
	b->ops = PTR64(ops);
	b->op_size = sizeof(*ops);
	b->count = (uint32_t)n;
}

/* Elements from tops (reset first). */
static void ops_from_tops(struct ncr_batch_op *ops, struct top *t, int n)
{
	for (int i = 0; i < n; i++) {
		top_reset(&t[i]);
		memset(&ops[i], 0, sizeof(ops[i]));
		ops[i].type = NCR_BATCH_OP_ONCE;
		ops[i].error = UNTOUCHED;
		ops[i].once = t[i].o;
	}
}

/* Each element against its expectation; returns how many are wrong. */
static int ops_check(struct ncr_batch_op *ops, struct top *t, int n,
		     const char *what)
{
	int bad = 0;

	for (int i = 0; i < n; i++) {
		t[i].o = ops[i].once;
		top_check(&t[i], ops[i].error, what, &bad);
	}
	return bad;
}

static int want_failed(const struct top *t, int n)
{
	int f = 0;

	for (int i = 0; i < n; i++)
		f += t[i].want_err != 0;
	return f;
}

static void prep_batch(struct io_uring_sqe *sqe, int i, void *ctx)
{
	struct ncr_batch **b = ctx;

	sqe_cmd(sqe, fd, NCRIO_BATCH, b[i]);
}

/* NB batches of PER random operations in flight at once, then each
 * through the ioctl. */
static void many(struct io_uring *ring, struct rng *r)
{
	struct top *t = calloc(NB * PER, sizeof(*t));
	struct ncr_batch_op *ops = calloc(NB * PER, sizeof(*ops));
	struct ncr_batch_op *saved = calloc(NB * PER, sizeof(*ops));
	struct ncr_batch b[NB], *bp[NB];
	int res[NB], made = 0, bad = 0, hdr = 0, e;

	if (!t || !ops || !saved)
		abort();
	for (; made < NB * PER; made++) {
		uint32_t ai = rng_below(r, (uint32_t)n_talgs);

		if (top_make(&t[made], &talgs[ai], &keys[ai], r, 8192, 0))
			break;
	}
	if (!tap_ok(made == NB * PER, "%d random operations for %d batches",
		    NB * PER, NB))
		goto out;
	for (int i = 0; i < NB; i++) {
		ops_from_tops(ops + i * PER, t + i * PER, PER);
		batch_init(&b[i], ops + i * PER, PER, 0);
		bp[i] = &b[i];
	}
	e = ring_run(ring, NB, NB, prep_batch, bp, res);
	for (int i = 0; i < NB && !e; i++) {
		if (res[i] || b[i].done != PER ||
		    (int)b[i].failed != want_failed(t + i * PER, PER)) {
			if (!hdr++)
				tap_diag("batch %d: CQE %s, done %u, failed %u "
					 "(want %d)", i, errname(res[i]),
					 b[i].done, b[i].failed,
					 want_failed(t + i * PER, PER));
		}
		bad += ops_check(ops + i * PER, t + i * PER, PER, "batch SQE");
	}
	tap_ok(!e && !hdr && !bad, "%d batches of %d as %d SQEs in flight: CQE "
	       "0, done and failed right, every element == OpenSSL (ring %s, "
	       "%d batches wrong, %d elements wrong)", NB, PER, NB, errname(e),
	       hdr, bad);
	/* the same arrays through the ioctl: the same elements */
	memcpy(saved, ops, NB * PER * sizeof(*ops));
	bad = 0;
	for (int i = 0; i < NB; i++) {
		struct ncr_batch c;

		ops_from_tops(ops + i * PER, t + i * PER, PER);
		batch_init(&c, ops + i * PER, PER, 0);
		e = xioctl(fd, NCRIO_BATCH, &c);
		if (e || c.done != b[i].done || c.failed != b[i].failed ||
		    memcmp(ops + i * PER, saved + i * PER, PER * sizeof(*ops)))
			bad++;
	}
	tap_ok(!bad, "the same %d arrays through the NCRIO_BATCH ioctl: the "
	       "same done, failed and elements, byte for byte (%d differ)",
	       NB, bad);
out:
	for (int i = 0; i < made; i++)
		top_free(&t[i]);
	free(t);
	free(ops);
	free(saved);
}

/* An HMAC-SHA256 session's update and final in one batch SQE, with a
 * one-shot on a handle that does not exist between them (ENOENT in its
 * element, failed 1); then with STOP_ON_ERROR. */
static void session_and_stop(struct io_uring *ring, struct rng *r)
{
	const struct talg *a = talg_get(NCR_ALG_HMAC_SHA256);
	struct ncr_session_init si = { .size = sizeof(si) };
	struct ncr_batch_op ops[4];
	struct ncr_batch b;
	struct tkey k;
	uint8_t msg[300], mac[64], want[64], out[64];
	size_t wn = 0;
	int e;

	rng_fill(r, msg, sizeof(msg));
	e = tkey_make(fd, a, r, &k);
	if (!e)
		e = ref_mac(a->alg, k.bytes, k.len, msg, sizeof(msg), want,
			    &wn) ? -EIO : 0;
	si.algorithm = a->alg;
	si.op = NCR_OP_SIGN;
	si.key = k.handle;
	if (!e)
		e = xioctl(fd, NCRIO_SESSION_INIT, &si);
	if (!tap_ok(!e, "an HMAC-SHA256 session: %s", errname(e)))
		return;
	memset(ops, 0, sizeof(ops));
	ops[0].type = NCR_BATCH_OP_UPDATE;
	ops[0].op = (struct ncr_session_op){
		.size = sizeof(ops[0].op), .ses = si.ses,
		.input = PTR64(msg), .input_size = 100,
	};
	ops[1].type = NCR_BATCH_OP_ONCE;
	ops[1].once = (struct ncr_session_once){
		.size = sizeof(ops[1].once), .algorithm = NCR_ALG_AES_CBC,
		.op = NCR_OP_ENCRYPT, .key = 0x7fff0001, .iv_size = 16,
		.iv = PTR64(msg), .input = PTR64(msg), .input_size = 16,
		.output = PTR64(out), .output_size = 16,
	};
	ops[2].type = NCR_BATCH_OP_FINAL;
	ops[2].op = (struct ncr_session_op){
		.size = sizeof(ops[2].op), .ses = si.ses,
		.input = PTR64(msg + 100), .input_size = sizeof(msg) - 100,
		.tag = PTR64(mac), .tag_size = sizeof(mac),
	};
	batch_init(&b, ops, 3, 0);
	e = ring_one(ring, fd, NCRIO_BATCH, &b, 0);
	tap_ok(!e && b.done == 3 && b.failed == 1 && !ops[0].error &&
	       ops[1].error == -ENOENT && !ops[2].error &&
	       ops[2].op.tag_size == wn && !memcmp(mac, want, wn),
	       "a batch SQE: session update, a one-shot on an unknown handle, "
	       "final: CQE %s, done %u, failed %u, errors %s/%s/%s, the MAC == "
	       "OpenSSL's", errname(e), b.done, b.failed,
	       errname(ops[0].error), errname(ops[1].error),
	       errname(ops[2].error));
	/* the final freed the session */
	ops[0].error = 0;
	batch_init(&b, ops, 1, 0);
	e = ring_one(ring, fd, NCRIO_BATCH, &b, 0);
	tap_ok(!e && b.done == 1 && ops[0].error == -ENOENT,
	       "... the final freed the session: an update after it fails "
	       "ENOENT in its element (%s, %s)", errname(e),
	       errname(ops[0].error));

	/* stop on error: [ok, ENOENT, ok]: two run, the third untouched */
	memset(ops, 0, sizeof(ops));
	for (int i = 0; i < 3; i++) {
		ops[i].type = NCR_BATCH_OP_ONCE;
		ops[i].error = UNTOUCHED;
		ops[i].once = (struct ncr_session_once){
			.size = sizeof(ops[i].once),
			.algorithm = NCR_ALG_SHA256, .op = NCR_OP_SIGN,
			.input = PTR64(msg), .input_size = sizeof(msg),
			.tag = PTR64(mac), .tag_size = sizeof(mac),
		};
	}
	ops[1].once.algorithm = NCR_ALG_HMAC_SHA256;
	ops[1].once.key = 0x7fff0002;
	batch_init(&b, ops, 3, NCR_BATCH_FLAG_STOP_ON_ERROR);
	e = ring_one(ring, fd, NCRIO_BATCH, &b, 0);
	tap_ok(!e && b.done == 2 && b.failed == 1 && !ops[0].error &&
	       ops[1].error == -ENOENT && ops[2].error == UNTOUCHED &&
	       ops[2].once.tag_size == sizeof(mac),
	       "a batch SQE with NCR_BATCH_FLAG_STOP_ON_ERROR: done 2, failed "
	       "1, the element after the failure not written (CQE %s, done %u,"
	       " failed %u, third element's error %d)", errname(e), b.done,
	       b.failed, ops[2].error);
	key_del(fd, k.handle);
}

/* NCR_BATCH_MAX_OPS digests in one SQE. */
static void max_ops(struct io_uring *ring, struct rng *r)
{
	struct ncr_batch_op *ops = calloc(NCR_BATCH_MAX_OPS, sizeof(*ops));
	uint8_t *msg = malloc(NCR_BATCH_MAX_OPS * 64);
	uint8_t *tags = calloc(NCR_BATCH_MAX_OPS, 32), want[64];
	struct ncr_batch b;
	int e, bad = 0;

	if (!ops || !msg || !tags)
		abort();
	rng_fill(r, msg, NCR_BATCH_MAX_OPS * 64);
	for (int i = 0; i < NCR_BATCH_MAX_OPS; i++) {
		ops[i].type = NCR_BATCH_OP_ONCE;
		ops[i].once = (struct ncr_session_once){
			.size = sizeof(ops[i].once),
			.algorithm = NCR_ALG_SHA256, .op = NCR_OP_SIGN,
			.input = PTR64(msg + i * 64), .input_size = 1 + i % 64,
			.tag = PTR64(tags + i * 32), .tag_size = 32,
		};
	}
	batch_init(&b, ops, NCR_BATCH_MAX_OPS, 0);
	e = ring_one(ring, fd, NCRIO_BATCH, &b, 0);
	for (int i = 0; i < NCR_BATCH_MAX_OPS && !e; i++) {
		size_t n = 0;

		ref_digest(NCR_ALG_SHA256, msg + i * 64, 1 + i % 64, want, &n);
		bad += ops[i].error || memcmp(tags + i * 32, want, 32);
	}
	tap_ok(!e && b.done == NCR_BATCH_MAX_OPS && !b.failed && !bad,
	       "a batch SQE of NCR_BATCH_MAX_OPS (%d) SHA-256 digests: CQE %s, "
	       "done %u, failed %u, %d digests wrong", NCR_BATCH_MAX_OPS,
	       errname(e), b.done, b.failed, bad);
	free(ops);
	free(msg);
	free(tags);
}

/* ---- batch-level errors: the CQE's res is the ioctl's ---- */
#define ESZ (sizeof(struct ncr_batch_op) + 8)	/* room for a tail */
static uint8_t earr[(NCR_BATCH_MAX_OPS + 1) * ESZ];
static uint8_t emsg[64], etag[32];

/* count valid SHA-256 elements of esz bytes in earr */
static void e_fill(struct ncr_batch *b, uint32_t count, size_t esz)
{
	memset(earr, 0, sizeof(earr));
	for (uint32_t i = 0; i < count && i <= NCR_BATCH_MAX_OPS; i++) {
		struct ncr_batch_op *o = (void *)(earr + i * esz);

		o->type = NCR_BATCH_OP_ONCE;
		o->once = (struct ncr_session_once){
			.size = sizeof(o->once), .algorithm = NCR_ALG_SHA256,
			.op = NCR_OP_SIGN, .input = PTR64(emsg),
			.input_size = sizeof(emsg), .tag = PTR64(etag),
			.tag_size = sizeof(etag),
		};
	}
	memset(b, 0, sizeof(*b));
	b->size = sizeof(*b);
	b->ops = PTR64(earr);
	b->op_size = (uint32_t)esz;
	b->count = count;
}

static void e_count0(struct ncr_batch *b) { e_fill(b, 0, sizeof(struct ncr_batch_op)); }
static void e_count_max(struct ncr_batch *b) { e_fill(b, NCR_BATCH_MAX_OPS + 1, sizeof(struct ncr_batch_op)); }
static void e_flag(struct ncr_batch *b) { e_fill(b, 2, sizeof(struct ncr_batch_op)); b->flags = 1U << 7; }
static void e_opsize_small(struct ncr_batch *b) { e_fill(b, 2, 8); }
static void e_opsize_big(struct ncr_batch *b) { e_fill(b, 2, sizeof(struct ncr_batch_op)); b->op_size = 4097; }
static void e_size(struct ncr_batch *b) { e_fill(b, 2, sizeof(struct ncr_batch_op)); b->size = 8; }
static void e_null(struct ncr_batch *b) { e_fill(b, 2, sizeof(struct ncr_batch_op)); b->ops = 0; }

static void e_type(struct ncr_batch *b)
{
	e_fill(b, 3, sizeof(struct ncr_batch_op));
	((struct ncr_batch_op *)earr)[2].type = 9;
}

static void e_inner_size(struct ncr_batch *b)
{
	e_fill(b, 3, sizeof(struct ncr_batch_op));
	((struct ncr_batch_op *)earr)[1].once.size = 8;
}

static void e_tail(struct ncr_batch *b)
{
	e_fill(b, 3, ESZ);
	earr[2 * ESZ + ESZ - 1] = 1;	/* the third element's tail */
}

static void e_bytes(struct ncr_batch *b)
{
	e_fill(b, 2, sizeof(struct ncr_batch_op));
	/* never read: the total is checked before anything runs */
	((struct ncr_batch_op *)earr)[0].once.input_size = 40U << 20;
	((struct ncr_batch_op *)earr)[1].once.input_size = 40U << 20;
}

static void errors(struct io_uring *ring)
{
	static const struct {
		const char *name;
		int want;
		void (*fill)(struct ncr_batch *b);
	} cases[] = {
		{ "count 0", -EINVAL, e_count0 },
		{ "count NCR_BATCH_MAX_OPS + 1", -E2BIG, e_count_max },
		{ "an unknown flag", -EINVAL, e_flag },
		{ "op_size 8", -EINVAL, e_opsize_small },
		{ "op_size 4097", -EINVAL, e_opsize_big },
		{ "the structure's size 8", -EINVAL, e_size },
		{ "ops NULL", -EFAULT, e_null },
		{ "an element of type 9", -EINVAL, e_type },
		{ "an element whose once.size is 8", -EINVAL, e_inner_size },
		{ "a non-zero element tail", -E2BIG, e_tail },
		{ "80 MiB of input in two elements", -E2BIG, e_bytes },
	};
	struct ncr_batch b;
	uint8_t *ro;
	int ei, eu;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		cases[i].fill(&b);
		ei = xioctl(fd, NCRIO_BATCH, &b);
		cases[i].fill(&b);
		eu = ring_one(ring, fd, NCRIO_BATCH, &b, 0);
		tap_ok(ei == cases[i].want && eu == ei,
		       "batch SQE with %s: CQE %s, ioctl %s (want %s)",
		       cases[i].name, errname(eu), errname(ei),
		       errname(cases[i].want));
	}

	/* an array the kernel cannot write back: the operations run, the
	 * call fails EFAULT */
	ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ro == MAP_FAILED)
		abort();
	e_fill(&b, 2, sizeof(struct ncr_batch_op));
	memcpy(ro, earr, 2 * sizeof(struct ncr_batch_op));
	mprotect(ro, 4096, PROT_READ);
	b.ops = PTR64(ro);
	ei = xioctl(fd, NCRIO_BATCH, &b);
	b.done = b.failed = 0;
	eu = ring_one(ring, fd, NCRIO_BATCH, &b, 0);
	tap_ok(ei == -EFAULT && eu == ei, "batch SQE whose array is read-only: "
	       "CQE %s, ioctl %s (want EFAULT: it cannot be written back)",
	       errname(eu), errname(ei));
	munmap(ro, 4096);
}

void test_batch(void)
{
	struct io_uring ring;
	struct rng r = { .s = seed ^ 0xba7c };
	size_t ai;
	int e;

	e = io_uring_queue_init(64, &ring, 0);
	if (!tap_ok(!e, "io_uring_queue_init(64): %s", errname(e)))
		return;
	for (ai = 0; ai < n_talgs && ai < ARRAY_SIZE(keys); ai++) {
		e = tkey_make(fd, &talgs[ai], &r, &keys[ai]);
		if (e)
			break;
	}
	if (tap_ok(!e, "batches: a key for each algorithm%s%s",
		   e ? ": " : "", e ? errname(e) : "")) {
		many(&ring, &r);
		session_and_stop(&ring, &r);
		max_ops(&ring, &r);
		errors(&ring);
	}
	for (size_t i = 0; i < ai; i++)
		if (keys[i].handle)
			key_del(fd, keys[i].handle);
	io_uring_queue_exit(&ring);
}
