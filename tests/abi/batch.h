/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tests/abi/batch.h - what tests/abi/batch.c shares with
 * tests/abi/batch_session.c: the caller's element array and its buffers,
 * and the helpers that build, place and run elements (batch.c).
 */
#ifndef NCR_TESTS_ABI_BATCH_H
#define NCR_TESTS_ABI_BATCH_H

#include <stdint.h>
#include "ncr.h"

#define SENT_ERR 0x5a5a5a5a	/* error field before a run */
#define FILL 0xee		/* output buffers before a run */
#define NBIG (NCR_BATCH_MAX_OPS + 1)

/* The caller's element array, op_size bytes each; elements are built in
 * a struct ncr_batch_op and copied in, as op_size need not be aligned. */
extern uint8_t *bt_ops_buf;	/* NBIG elements of up to 4096+8 bytes */
extern uint8_t *bt_snap;	/* a copy taken before a run */
extern uint8_t bt_msg[4096];	/* inputs */
extern uint8_t bt_outs[NBIG][64];	/* one output per element */
extern uint8_t bt_tags[NBIG][64];
/* the expected ciphertexts of bt_el_cbc elements (made first) */
extern uint8_t bt_cbc_ref[64][32];

/* Element i of the array in or out (op_size bytes each). */
void bt_put(uint32_t op_size, uint32_t i, const struct ncr_batch_op *e);
void bt_get(uint32_t op_size, uint32_t i, struct ncr_batch_op *e);
/* AES-128-CBC encryption of 32 bytes of bt_msg at off into out. */
void bt_el_cbc(struct ncr_batch_op *e, uint32_t off, void *out,
	       uint64_t cap);
/* An UPDATE or FINAL element on session ses. */
void bt_el_op(struct ncr_batch_op *e, uint32_t type, uint32_t ses,
	      const void *in, uint64_t len, void *out, uint64_t cap,
	      void *tag, uint32_t tag_size);
/* NCRIO_BATCH over count elements: 0 or -errno. */
int bt_run(void *ops, uint32_t op_size, uint32_t count, uint32_t flags,
	   struct ncr_batch *b);
void bt_outputs_reset(void);
void bt_take_snap(uint32_t op_size, uint32_t count);
void test_batch_sessions(void);		/* batch_session.c */

#endif
