// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/fuzz/gen_batch.c - NCRIO_BATCH for both fuzzers (gen.h): a batch
 * structure whose element array the generator writes into a region of the
 * scratch area of its own, from the generator's random state alone (so
 * that kcov_fuzz.c can replay a call from its seed).
 *
 * The array is valid-ish: mostly the kernel's op_size and a handful of
 * elements, sometimes other element sizes (bigger with a zero or non-zero
 * tail, below VER0, 4096, past it), counts of 0, NCR_BATCH_MAX_OPS and
 * past it; each element a ONCE, UPDATE or FINAL made by the templates of
 * those ioctls (every algorithm, the keys of make_keys(), the handles
 * seen, public-key fields now and then) with a published inner size; in
 * one batch of three, one element made wrong (a bad type, another inner
 * size, a mutated word, a non-zero tail); a quarter of the ONCE elements
 * with NCR_SESSION_FLAG_HARDWARE (cipher fields only, whole blocks up to
 * 64 KiB: the asynchronous driver's path); and now and then
 * every UPDATE/FINAL element on one session handle, so that an update and
 * a final of one session follow each other.  After a successful call,
 * fuzz_batch_undocumented() checks what the kernel wrote back: done and
 * failed consistent, each element's errno one ncr.h documents for the
 * element's ioctl.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include "ncr.h"
#include "fuzz/gen.h"

/* the element array: after the read-only page and the outputs the
 * templates aim at (SCRATCH_SIZE / 2 + 8 KiB, 128 KiB) */
#define AREA_OFF (SCRATCH_SIZE / 2 + 160 * 1024)
#define AREA_LEN (96 * 1024)

#define P(x) ((uint64_t)(uintptr_t)(x))

static uint32_t an_op_size(void)
{
	static const uint32_t s[] = {
		NCR_BATCH_OP_SIZE_VER0, NCR_BATCH_OP_SIZE_VER0 + 4,
		NCR_BATCH_OP_SIZE_VER0 + 8, 256, 4096,
		NCR_BATCH_OP_SIZE_VER0 - 1, 0, 4097,
	};

	if (pick(4))
		return sizeof(struct ncr_batch_op);
	return pick(16) ? s[pick(sizeof(s) / sizeof(s[0]))] : (uint32_t)rnd();
}

static uint32_t a_count(void)
{
	switch (pick(16)) {
	case 0:
		return 0;
	case 1:
		return NCR_BATCH_MAX_OPS;
	case 2:
		return NCR_BATCH_MAX_OPS + 1;
	case 3:
		return (uint32_t)rnd();
	default:
		return 1 + pick(pick(4) ? 8 : 64);
	}
}

static uint32_t a_type(int bad)
{
	if (bad && pick(2))
		return pick(2) ? pick(6) : (uint32_t)rnd();
	switch (pick(5)) {
	case 0: case 1: case 2:
		return NCR_BATCH_OP_ONCE;
	case 3:
		return NCR_BATCH_OP_UPDATE;
	default:
		return NCR_BATCH_OP_FINAL;
	}
}

/*
 * A one-shot cipher operation for an asynchronous driver (the batch
 * starts those before it waits for any): NCR_SESSION_FLAG_HARDWARE,
 * whole blocks up to 64 KiB, nothing but cipher fields.  With the
 * virtio-crypto device (kcov runs have it) AES-CBC/ECB/CTR keys go there.
 */
static void hardware(struct ncr_session_once *o)
{
	o->flags = NCR_SESSION_FLAG_HARDWARE;
	if (o->algorithm >= NCR_ALG_AES_GCM)
		return;		/* not a cipher: the synchronous way */
	o->tag = o->tag_size = 0;
	o->mac_size = 0;
	o->aad = o->aad_size = 0;
	o->op_flags = 0;
	o->input_size = 16 * (1 + pick(pick(4) ? 64 : 4096));
	if (o->output_size < o->input_size)
		o->output_size = o->input_size;
}

void batch_template(uint8_t *buf)
{
	struct ncr_batch *b = (void *)buf;
	uint8_t *arr = scratch + AREA_OFF;
	uint32_t op_size = an_op_size(), count = a_count(), n;
	uint32_t one_ses = pick(3) ? 0 : a_handle();
	size_t room;
	int64_t bad;

	b->flags = pick(8) ? 0 : pick(2) ? NCR_BATCH_FLAG_STOP_ON_ERROR :
		   (uint32_t)rnd();
	b->ops = pick(32) ? P(arr) : a_pointer();
	b->op_size = op_size;
	b->count = count;
	if (op_size < 8 || op_size > 4096)
		return;		/* refused before the array is read */
	n = (size_t)count * op_size > AREA_LEN ? AREA_LEN / op_size : count;
	room = op_size - 8;
	/* one element in three batches made wrong (any one fails the
	 * whole batch: the others are kept plausible) */
	bad = n && !pick(3) ? (int64_t)pick(n) : -1;
	for (uint32_t i = 0; i < n; i++) {
		uint8_t *e = arr + (size_t)i * op_size;
		uint8_t inner[FUZZ_ARG_MAX];
		uint32_t type = a_type(i == bad), isize, w;
		unsigned long icmd = type == NCR_BATCH_OP_UPDATE ?
			NCRIO_SESSION_UPDATE : type == NCR_BATCH_OP_FINAL ?
			NCRIO_SESSION_FINAL : NCRIO_SESSION_ONCE;
		size_t ksize = icmd == NCRIO_SESSION_ONCE ?
			sizeof(struct ncr_session_once) :
			sizeof(struct ncr_session_op);

		memset(e, 0, op_size);
		memset(inner, 0, sizeof(inner));
		fuzz_template(icmd, inner);
		if (one_ses && icmd != NCRIO_SESSION_ONCE)
			((struct ncr_session_op *)inner)->ses = one_ses;
		if (i != bad) {
			/* within NCR_BATCH_MAX_BYTES, mostly */
			if (icmd == NCRIO_SESSION_ONCE) {
				struct ncr_session_once *o = (void *)inner;

				o->input_size %= 1 << 20;
				o->aad_size %= 1 << 16;
				if (!pick(4))
					hardware(o);
			} else {
				((struct ncr_session_op *)inner)->input_size %=
					1 << 20;
			}
		}
		isize = i != bad || pick(2) ? fuzz_version(icmd) : pick(2) ?
			(uint32_t)room : pick(300);
		memcpy(inner, &isize, 4);
		memcpy(e, &type, 4);
		if (!pick(4)) {		/* error: an out field, ignored */
			w = (uint32_t)rnd();
			memcpy(e + 4, &w, 4);
		}
		memcpy(e + 8, inner, ksize < room ? ksize : room);
		if (i == bad && !pick(2)) {	/* one word of it */
			w = pick(2) ? (uint32_t)rnd() : pick(70000);
			memcpy(e + 4 * pick((uint32_t)(op_size / 4)), &w, 4);
		}
		if (i == bad && op_size > sizeof(struct ncr_batch_op) &&
		    !pick(4))
			e[op_size - 1] = 1;	/* a non-zero tail: E2BIG */
	}
}

/* cmds[]'s index of cmd */
static unsigned int ci_of(unsigned long cmd)
{
	unsigned int c;

	for (c = 0; c < NCMDS && cmds[c] != cmd; c++)
		;
	return c;
}

int fuzz_batch_undocumented(const struct fuzz_call *fc, int *first)
{
	const struct ncr_batch *b = (const void *)fc->arg;
	const uint8_t *arr = (const uint8_t *)(uintptr_t)b->ops;
	uint32_t failed = 0, bad = 0;
	int e;

	if (fc->cmd != NCRIO_BATCH || fc->bad_arg ||
	    fc->size < NCR_BATCH_SIZE_VER0)
		return 0;
	if (b->done > b->count || b->failed > b->done) {
		*first = -1;
		return 1;
	}
	/* the elements can be read back only from the scratch area */
	if (arr < scratch || b->op_size < NCR_BATCH_OP_SIZE_VER0 ||
	    b->op_size > 4096 || (size_t)(arr - scratch) +
	    (size_t)b->done * b->op_size > SCRATCH_SIZE)
		return 0;
	for (uint32_t i = 0; i < b->done; i++) {
		memcpy(&e, arr + (size_t)i * b->op_size + 4, 4);
		if (!e)
			continue;
		failed++;
		/* the type may have been overwritten by another element's
		 * output: any of the three ioctls' errnos */
		if (e > 0 ||
		    (!is_documented(-e, ci_of(NCRIO_SESSION_ONCE)) &&
		     !is_documented(-e, ci_of(NCRIO_SESSION_FINAL)))) {
			if (!bad++)
				*first = e;
		}
	}
	if (failed != b->failed && !bad++)
		*first = -2;
	return (int)bad;
}
