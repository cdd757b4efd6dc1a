// SPDX-License-Identifier: MIT
/*
 * ncr-uring-example - ncr operations through io_uring, with liburing.
 *
 *   build/bin/ncr-uring-example [--hw] [-n N]
 *
 * Opens /dev/crypto (or $NCR_DEVICE), generates an AES-128 key inside the
 * kernel, and submits to one ring, in one io_uring_submit():
 *   - N one-shot AES-128-CBC encryptions of 64 bytes, one SQE each
 *     (IORING_OP_URING_CMD, cmd_op NCRIO_SESSION_ONCE: ncr_uring_prep_once);
 *   - one batch of the same N encryptions into other buffers (cmd_op
 *     NCRIO_BATCH: ncr_batch_add_cipher, ncr_batch_prepare,
 *     ncr_uring_prep_batch);
 * then reaps the N + 1 completions (ncr_batch_complete for the batch) and
 * checks every ciphertext against ncr_cipher run one at a time.
 *   --hw   NCR_SESSION_FLAG_HARDWARE on the submitted operations: served by
 *          an asynchronous driver such as virtio-crypto, the N one-shot
 *          requests are in flight at once (the reference stays software);
 *   -n N   operations in flight, 1..256 (default 32).
 * Prints a line per step; exit status 0 when everything matched, 1 on any
 * failure or mismatch, 2 for a usage error, 77 when this kernel has no
 * io_uring (io_uring_queue_init fails: disabled or too old).
 *
 * Built by examples/examples.mk when liburing-dev is installed (make all);
 * link: libncr (build/lib/libncr.a) and -luring.  libncr itself needs no
 * liburing: its helpers fill the SQE that io_uring_get_sqe hands out.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <liburing.h>

#include "libncr.h"

#define LEN	64		/* bytes per operation */
#define MAX_N	NCR_BATCH_MAX_OPS

/* One operation's buffers: input, IV, and the three outputs. */
struct slot {
	uint8_t in[LEN], iv[16];
	uint8_t out_once[LEN], out_batch[LEN], out_ref[LEN];
	struct ncr_session_once o;	/* must live until its CQE */
};

static void usage(void)
{
	fprintf(stderr, "usage: ncr-uring-example [--hw] [-n N]  "
			"(N: 1..%d, default 32)\n", MAX_N);
	exit(2);
}

int main(int argc, char **argv)
{
	struct ncr_key_policy pol = {
		.usage = NCR_KEY_USAGE_ENCRYPT, .algs = NCR_KEY_ALG_AES_CBC,
	};
	uint32_t flags = 0, key = 0;
	struct io_uring ring;
	struct ncr_batch_ctx *b = NULL;
	struct slot *s = NULL;
	int fd = -1, n = 32, i, r, bad = 0, seen_batch = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--hw")) {
			flags = NCR_SESSION_FLAG_HARDWARE;
		} else if (!strcmp(argv[i], "-n") && i + 1 < argc) {
			char *end;
			long v = strtol(argv[++i], &end, 10);

			if (*end || v < 1 || v > MAX_N)
				usage();
			n = (int)v;
		} else {
			usage();
		}
	}

	fd = ncr_open();
	if (fd < 0) {
		printf("open /dev/crypto: %s\n", ncr_strerror(fd));
		return 1;
	}
	/* the key's algorithm set must name CBC (the AES default is GCM) */
	r = ncr_key_generate_ex(fd, NCR_KEY_TYPE_AES, 128, &pol, &key);
	printf("generate AES-128 key: %s\n", r ? ncr_strerror(r) : "ok");
	if (r)
		goto fail;

	/* one SQE per one-shot operation, plus one for the batch */
	r = io_uring_queue_init((unsigned int)n + 1, &ring, 0);
	if (r < 0) {
		printf("io_uring_queue_init: %s (no io_uring here): SKIP\n",
		       strerror(-r));
		ncr_key_deinit(fd, key);
		ncr_close(fd);
		return 77;
	}
	printf("io_uring ring of %d entries: ok\n", n + 1);

	s = calloc((size_t)n, sizeof(*s));
	b = ncr_batch_new((size_t)n);
	if (!s || !b) {
		printf("out of memory\n");
		goto fail_ring;
	}
	ncr_batch_set_session_flags(b, flags);
	for (i = 0; i < n; i++) {
		struct slot *p = &s[i];
		struct io_uring_sqe *sqe;

		/* distinct inputs and IVs, so that a mix-up shows */
		for (int j = 0; j < LEN; j++)
			p->in[j] = (uint8_t)(i * 7 + j);
		for (int j = 0; j < 16; j++)
			p->iv[j] = (uint8_t)(i + 3 * j);

		/* the one-shot request: the NCRIO_SESSION_ONCE structure */
		memset(&p->o, 0, sizeof(p->o));
		p->o.size = sizeof(p->o);
		p->o.flags = flags;
		p->o.algorithm = NCR_ALG_AES_CBC;
		p->o.op = NCR_OP_ENCRYPT;
		p->o.key = key;
		p->o.iv = (uintptr_t)p->iv;
		p->o.iv_size = sizeof(p->iv);
		p->o.input = (uintptr_t)p->in;
		p->o.input_size = LEN;
		p->o.output = (uintptr_t)p->out_once;
		p->o.output_size = LEN;
		sqe = io_uring_get_sqe(&ring);
		if (!sqe) {
			printf("io_uring_get_sqe: the ring is full\n");
			goto fail_ring;
		}
		ncr_uring_prep_once(sqe, fd, &p->o);
		io_uring_sqe_set_data64(sqe, (uint64_t)i);

		/* the same operation in the batch */
		r = ncr_batch_add_cipher(b, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT,
					 key, p->iv, sizeof(p->iv), p->in, LEN,
					 p->out_batch, LEN);
		if (r != i) {
			printf("ncr_batch_add_cipher %d: %s\n", i,
			       ncr_strerror(r));
			goto fail_ring;
		}
	}
	r = ncr_batch_prepare(b, 0);
	if (r) {
		printf("ncr_batch_prepare: %s\n", ncr_strerror(r));
		goto fail_ring;
	}
	{
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

		if (!sqe) {
			printf("io_uring_get_sqe: the ring is full\n");
			goto fail_ring;
		}
		ncr_uring_prep_batch(sqe, fd, b);
		io_uring_sqe_set_data64(sqe, (uint64_t)n);	/* the batch */
	}

	r = io_uring_submit(&ring);
	printf("submit %d one-shot SQEs + 1 batch SQE (%d ops%s): %s\n", n,
	       n, flags ? ", hardware" : "",
	       r == n + 1 ? "ok" : (r < 0 ? strerror(-r) : "short"));
	if (r != n + 1)
		goto fail_ring;

	for (i = 0; i < n + 1; i++) {
		struct io_uring_cqe *cqe;
		uint64_t id;
		int res;

		r = io_uring_wait_cqe(&ring, &cqe);
		if (r < 0) {
			printf("io_uring_wait_cqe: %s\n", strerror(-r));
			goto fail_ring;
		}
		id = io_uring_cqe_get_data64(cqe);
		res = cqe->res;
		io_uring_cqe_seen(&ring, cqe);
		if (id == (uint64_t)n) {
			seen_batch++;
			r = ncr_batch_complete(b, res);
			printf("batch CQE: res %d, %zu done, %d failed%s\n", res,
			       ncr_batch_done(b), r < 0 ? 0 : r,
			       r == 0 && ncr_batch_done(b) == (size_t)n ?
			       "" : "  <- FAIL");
			if (r != 0 || ncr_batch_done(b) != (size_t)n)
				bad++;
		} else if (id < (uint64_t)n) {
			if (res || s[id].o.output_size != LEN) {
				printf("once CQE %llu: %s, %llu bytes  <- FAIL\n",
				       (unsigned long long)id,
				       ncr_strerror(res),
				       (unsigned long long)s[id].o.output_size);
				bad++;
			}
		} else {
			printf("CQE with unknown user_data %llu  <- FAIL\n",
			       (unsigned long long)id);
			bad++;
		}
	}
	printf("reaped %d CQEs (%d one-shot, %d batch): %s\n", n + 1, n,
	       seen_batch, bad ? "FAIL" : "ok");

	/* the reference: one ioctl per operation, software driver */
	for (i = 0; i < n; i++) {
		struct slot *p = &s[i];
		size_t len = LEN, blen = 0;

		r = ncr_cipher(fd, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, key, p->iv,
			       sizeof(p->iv), p->in, LEN, p->out_ref, &len);
		if (r || len != LEN) {
			printf("ncr_cipher %d: %s\n", i, ncr_strerror(r));
			bad++;
			continue;
		}
		r = ncr_batch_result(b, (size_t)i, &blen, NULL, NULL);
		if (r || blen != LEN ||
		    memcmp(p->out_batch, p->out_ref, LEN)) {
			printf("op %d: batch result %s, %zu bytes, %s  <- FAIL\n",
			       i, ncr_strerror(r), blen,
			       memcmp(p->out_batch, p->out_ref, LEN) ?
			       "differs" : "same");
			bad++;
		}
		if (memcmp(p->out_once, p->out_ref, LEN)) {
			printf("op %d: io_uring one-shot output differs  <- FAIL\n",
			       i);
			bad++;
		}
	}
	printf("compare %d io_uring one-shot and %d batch outputs with "
	       "ncr_cipher one at a time: %s\n", n, n,
	       bad ? "MISMATCH" : "identical");

	io_uring_queue_exit(&ring);
	ncr_batch_free(b);
	free(s);
	ncr_key_deinit(fd, key);
	ncr_close(fd);
	printf("%s\n", bad ? "FAIL" : "PASS");
	return bad ? 1 : 0;

fail_ring:
	/* nothing may be left in flight before the buffers go: exit
	 * instead of freeing (the kernel waits for the device at exit) */
	printf("FAIL\n");
	exit(1);
fail:
	ncr_close(fd);
	printf("FAIL\n");
	return 1;
}
