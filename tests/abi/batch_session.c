// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/abi/batch_session.c - part of build/tests/abi: NCRIO_BATCH
 * elements on session handles (tests/abi/batch.c has the rest): an update
 * then a final of one session; a final then an update (the second
 * ENOENT); two finals (the second ENOENT); a final that fails with ERANGE,
 * which keeps the session for the next element.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "abi.h"
#include "batch.h"

void test_batch_sessions(void)
{
	const uint32_t os = sizeof(struct ncr_batch_op);
	struct ncr_batch_op e;
	struct ncr_batch b;
	struct live before;
	uint8_t want[32], ct[64];
	uint32_t ses;
	int r;

	{
		struct ncr_session_once o = {
			.size = sizeof(o), .algorithm = NCR_ALG_SHA256,
			.op = NCR_OP_SIGN, .input = PTR64(bt_msg),
			.input_size = 256, .tag = PTR64(want),
			.tag_size = sizeof(want),
		};

		call(NCRIO_SESSION_ONCE, &o);
	}
	/* an update then a final of one SHA-256 session */
	before = live_now();
	ses = sha256_session();
	bt_outputs_reset();
	memset(bt_ops_buf, 0, 2 * os);
	bt_el_op(&e, NCR_BATCH_OP_UPDATE, ses, bt_msg, 100, NULL, 0, NULL, 0);
	bt_put(os, 0, &e);
	bt_el_op(&e, NCR_BATCH_OP_FINAL, ses, bt_msg + 100, 156, NULL, 0, bt_tags[0],
	      64);
	bt_put(os, 1, &e);
	bt_take_snap(os, 2);
	r = bt_run(bt_ops_buf, os, 2, 0, &b);
	bt_get(os, 1, &e);
	report(!r && b.done == 2 && !b.failed && e.op.tag_size == 32 &&
	       !memcmp(bt_tags[0], want, 32), "batch: UPDATE then FINAL of one "
	       "SHA-256 session: the digest of the whole message (%s, failed "
	       "%u)", errname(r), b.failed);
	expect(sfree(ses), -ENOENT, NULL, "batch: ... and FINAL freed the "
	       "session");
	report(live_now().sessions == before.sessions, "batch: ... live "
	       "sessions back");

	/* CBC: two updates and a final */
	ses = cbc_session(1);
	bt_outputs_reset();
	memset(bt_ops_buf, 0, 3 * os);
	bt_el_op(&e, NCR_BATCH_OP_UPDATE, ses, bt_msg, 20, ct, 64, NULL, 0);
	bt_put(os, 0, &e);
	bt_el_op(&e, NCR_BATCH_OP_UPDATE, ses, bt_msg + 20, 20, ct + 16, 48, NULL,
	      0);
	bt_put(os, 1, &e);
	bt_el_op(&e, NCR_BATCH_OP_FINAL, ses, bt_msg + 40, 24, ct + 32, 32, NULL,
	      0);
	bt_put(os, 2, &e);
	r = bt_run(bt_ops_buf, os, 3, 0, &b);
	{
		uint8_t ref[64];
		struct ncr_batch_op e0, e1, e2;

		ref_cipher(NCR_ALG_AES_CBC, 1, key16, 16, iv16, bt_msg, 64, ref);
		bt_get(os, 0, &e0);
		bt_get(os, 1, &e1);
		bt_get(os, 2, &e2);
		report(!r && !b.failed && e0.op.output_size == 16 &&
		       e1.op.output_size == 16 && e2.op.output_size == 32 &&
		       !memcmp(ct, ref, 64), "batch: CBC UPDATE 20, UPDATE 20, "
		       "FINAL 24 of one session: 16 + 16 + 32 bytes, those of "
		       "OpenSSL (%s; %llu %llu %llu)", errname(r),
		       (unsigned long long)e0.op.output_size,
		       (unsigned long long)e1.op.output_size,
		       (unsigned long long)e2.op.output_size);
	}

	/* a final then an update, a final then a final */
	for (int k = 0; k < 2; k++) {
		uint32_t second = k ? NCR_BATCH_OP_FINAL : NCR_BATCH_OP_UPDATE;

		before = live_now();
		ses = sha256_session();
		bt_outputs_reset();
		memset(bt_ops_buf, 0, 3 * os);
		bt_el_op(&e, NCR_BATCH_OP_FINAL, ses, bt_msg, 256, NULL, 0, bt_tags[0],
		      64);
		bt_put(os, 0, &e);
		bt_el_op(&e, second, ses, bt_msg, 10, NULL, 0, bt_tags[1], 64);
		bt_put(os, 1, &e);
		bt_el_cbc(&e, 64, bt_outs[2], 64);
		bt_put(os, 2, &e);
		r = bt_run(bt_ops_buf, os, 3, 0, &b);
		bt_get(os, 1, &e);
		report(!r && b.done == 3 && b.failed == 1 &&
		       e.error == -ENOENT && !memcmp(bt_tags[0], want, 32) &&
		       !memcmp(bt_outs[2], bt_cbc_ref[2], 32),
		       "batch: FINAL then %s of the same session: the second "
		       "ENOENT (the session was freed by the earlier element), "
		       "the next element runs (%s)",
		       k ? "FINAL" : "UPDATE", errname(e.error));
		report(live_now().sessions == before.sessions, "batch: ... "
		       "live sessions back");
	}

	/* FINAL with ERANGE keeps the session for the next element */
	before = live_now();
	ses = sha256_session();
	bt_outputs_reset();
	memset(bt_ops_buf, 0, 2 * os);
	bt_el_op(&e, NCR_BATCH_OP_FINAL, ses, bt_msg, 256, NULL, 0, bt_tags[0], 8);
	bt_put(os, 0, &e);
	bt_el_op(&e, NCR_BATCH_OP_FINAL, ses, bt_msg, 256, NULL, 0, bt_tags[1], 64);
	bt_put(os, 1, &e);
	r = bt_run(bt_ops_buf, os, 2, 0, &b);
	{
		struct ncr_batch_op e0, e1;

		bt_get(os, 0, &e0);
		bt_get(os, 1, &e1);
		report(!r && e0.error == -ERANGE && e0.op.tag_size == 32 &&
		       !e1.error && !memcmp(bt_tags[1], want, 32),
		       "batch: FINAL with 8 bytes of tag room (ERANGE, needs "
		       "%u) consumed nothing; the next element's FINAL of the "
		       "same session gives the digest (%s, %s)",
		       e0.op.tag_size, errname(e0.error), errname(e1.error));
	}
	report(live_now().sessions == before.sessions, "batch: ... live "
	       "sessions back");

	/* a session that fails in one element (output unwritable after
	 * processing) is failed for the next (EIO) */
	ses = cbc_session(1);
	memset(bt_ops_buf, 0, 3 * os);
	bt_el_op(&e, NCR_BATCH_OP_UPDATE, ses, bt_msg, 32,
	      (void *)(uintptr_t)BAD_KERNEL_PTR, 64, NULL, 0);
	bt_put(os, 0, &e);
	bt_el_op(&e, NCR_BATCH_OP_UPDATE, ses, bt_msg, 32, ct, 64, NULL, 0);
	bt_put(os, 1, &e);
	bt_el_op(&e, NCR_BATCH_OP_FINAL, ses, NULL, 0, ct, 64, NULL, 0);
	bt_put(os, 2, &e);
	r = bt_run(bt_ops_buf, os, 3, 0, &b);
	{
		struct ncr_batch_op e0, e1, e2;

		bt_get(os, 0, &e0);
		bt_get(os, 1, &e1);
		bt_get(os, 2, &e2);
		report(!r && e0.error == -EFAULT && e1.error == -EIO &&
		       e2.error == -EIO && b.failed == 3,
		       "batch: an UPDATE that faults on its output fails the "
		       "session for the next elements (%s, %s, %s)",
		       errname(e0.error), errname(e1.error),
		       errname(e2.error));
	}
	expect(sfree(ses), -ENOENT, NULL, "batch: ... and the FINAL element "
	       "released it");
}

/* A batch with a too-small or unreadable structure runs nothing. */
