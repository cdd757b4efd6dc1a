// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libncr.c - build/tests/uring: the same commands through libncr's
 * helpers (lib/libncr.h, "many operations per system call"):
 * ncr_uring_prep_once on one-shot structures, and libncr batches
 * (ncr_batch_add_*, ncr_batch_prepare, ncr_uring_prep_batch,
 * ncr_batch_complete, ncr_batch_result), two in flight on one ring, with
 * the hardware flag when there is a hardware driver.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libncr.h"
#include "uring.h"

#define N 40

static void prep_once(struct io_uring_sqe *sqe, int i, void *ctx)
{
	struct top *t = ctx;

	ncr_uring_prep_once(sqe, fd, &t[i].o);
}

static void helpers_once(struct io_uring *ring, struct rng *r,
			 struct tkey *k, const uint32_t *algs, size_t nalgs)
{
	struct top t[N];
	int res[N], made = 0, bad = 0, e = 0;

	for (; made < N && !e; made++) {
		uint32_t i = rng_below(r, (uint32_t)nalgs);

		e = top_make(&t[made], talg_get(algs[i]), &k[i], r, 3000, 0);
	}
	if (!tap_ok(!e, "libncr: %d operations", N))
		goto out;
	for (int i = 0; i < N; i++) {
		top_reset(&t[i]);
		if (i % 2)
			t[i].o.size = 0;	/* ncr_uring_prep_once fills it */
	}
	e = ring_run(ring, N, N, prep_once, t, res);
	for (int i = 0; i < N && !e; i++)
		top_check(&t[i], res[i], "ncr_uring_prep_once", &bad);
	tap_ok(!e && !bad, "%d one-shot SQEs from ncr_uring_prep_once (half with "
	       "size 0, filled in): all == OpenSSL (ring %s, %d wrong)", N,
	       errname(e), bad);
out:
	for (int i = 0; i < made; i++)
		top_free(&t[i]);
}

/* A libncr batch: a CBC encryption, a GCM encryption, a digest, a MAC,
 * a wrong MAC verified, a one-shot on a handle that does not exist. */
struct lb {
	struct ncr_batch_ctx *b;
	uint8_t msg[1024], iv[16], cbc[1024], gcm[1024], gtag[16],
		dig[64], mac[64], bad_mac[32];
	uint8_t w_cbc[1024], w_gcm[1024], w_gtag[16], w_dig[64], w_mac[64];
	size_t n_dig, n_mac;
};

static int lb_make(struct lb *l, struct rng *r, const struct tkey *kcbc,
		   const struct tkey *kgcm, const struct tkey *kmac)
{
	static struct ncr_session_once o;
	int e = 0;

	memset(l, 0, sizeof(*l));
	rng_fill(r, l->msg, sizeof(l->msg));
	rng_fill(r, l->iv, sizeof(l->iv));
	if (ref_cipher(NCR_ALG_AES_CBC, 1, kcbc->bytes, kcbc->len, l->iv,
		       l->msg, 1024, l->w_cbc) ||
	    ref_aead(NCR_ALG_AES_GCM, 1, kgcm->bytes, kgcm->len, l->iv, 12,
		     l->msg, 20, l->msg, 1024, l->w_gcm, l->w_gtag, 16) ||
	    ref_digest(NCR_ALG_SHA384, l->msg, 1000, l->w_dig, &l->n_dig) ||
	    ref_mac(NCR_ALG_HMAC_SHA256, kmac->bytes, kmac->len, l->msg, 999,
		    l->w_mac, &l->n_mac))
		return -EIO;
	memcpy(l->bad_mac, l->w_mac, 32);
	l->bad_mac[31] ^= 1;
	l->b = ncr_batch_new(8);
	if (!l->b)
		return -ENOMEM;
	memset(&o, 0, sizeof(o));
	o.op = NCR_OP_SIGN;
	o.algorithm = NCR_ALG_HMAC_SHA256;
	o.key = 0x7fff0003;
	o.input = PTR64(l->msg);
	o.input_size = 10;
	o.tag = PTR64(l->bad_mac);	/* never written: ENOENT */
	o.tag_size = 32;
	if (ncr_batch_add_cipher(l->b, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT,
				 kcbc->handle, l->iv, 16, l->msg, 1024, l->cbc,
				 1024) != 0 ||
	    ncr_batch_add_aead(l->b, NCR_ALG_AES_GCM, NCR_OP_ENCRYPT,
			       kgcm->handle, l->iv, 12, l->msg, 20, l->msg,
			       1024, l->gcm, l->gtag, 16) != 1 ||
	    ncr_batch_add_digest(l->b, NCR_ALG_SHA384, l->msg, 1000, l->dig,
				 sizeof(l->dig)) != 2 ||
	    ncr_batch_add_mac(l->b, NCR_ALG_HMAC_SHA256, kmac->handle, 0,
			      l->msg, 999, l->mac, sizeof(l->mac)) != 3 ||
	    ncr_batch_add_mac_verify(l->b, NCR_ALG_HMAC_SHA256, kmac->handle,
				     0, l->msg, 999, l->bad_mac, 32) != 4 ||
	    ncr_batch_add_once(l->b, &o) != 5)
		e = -EINVAL;
	return e;
}

/* 0 if every result of l is right, else -1 with a diagnostic. */
static int lb_check(struct lb *l, int failed)
{
	size_t out_len, tag_len;
	uint32_t v;
	int e[6];

	e[0] = ncr_batch_result(l->b, 0, &out_len, NULL, NULL);
	if (e[0] || out_len != 1024 || memcmp(l->cbc, l->w_cbc, 1024))
		goto bad;
	e[1] = ncr_batch_result(l->b, 1, &out_len, &tag_len, NULL);
	if (e[1] || out_len != 1024 || tag_len != 16 ||
	    memcmp(l->gcm, l->w_gcm, 1024) || memcmp(l->gtag, l->w_gtag, 16))
		goto bad;
	e[2] = ncr_batch_result(l->b, 2, NULL, &tag_len, NULL);
	if (e[2] || tag_len != l->n_dig || memcmp(l->dig, l->w_dig, l->n_dig))
		goto bad;
	e[3] = ncr_batch_result(l->b, 3, NULL, &tag_len, NULL);
	if (e[3] || tag_len != l->n_mac || memcmp(l->mac, l->w_mac, l->n_mac))
		goto bad;
	e[4] = ncr_batch_result(l->b, 4, NULL, NULL, &v);
	if (e[4] || v != NCR_VERIFY_FAILED)
		goto bad;
	e[5] = ncr_batch_result(l->b, 5, NULL, NULL, NULL);
	if (e[5] != -ENOENT || failed != 1)
		goto bad;
	return 0;
bad:
	tap_diag("libncr batch: failed %d, results %s %s %s %s %s %s", failed,
		 errname(ncr_batch_result(l->b, 0, NULL, NULL, NULL)),
		 errname(ncr_batch_result(l->b, 1, NULL, NULL, NULL)),
		 errname(ncr_batch_result(l->b, 2, NULL, NULL, NULL)),
		 errname(ncr_batch_result(l->b, 3, NULL, NULL, NULL)),
		 errname(ncr_batch_result(l->b, 4, NULL, NULL, NULL)),
		 errname(ncr_batch_result(l->b, 5, NULL, NULL, NULL)));
	return -1;
}

static void helpers_batch(struct io_uring *ring, struct rng *r,
			  const struct tkey *kcbc, const struct tkey *kgcm,
			  const struct tkey *kmac)
{
	struct lb *l = calloc(2, sizeof(*l));
	struct io_uring_cqe *cqe;
	int e, failed[2] = { -1, -1 }, ok = 1;

	if (!l)
		abort();
	e = lb_make(&l[0], r, kcbc, kgcm, kmac);
	if (!e)
		e = lb_make(&l[1], r, kcbc, kgcm, kmac);
	if (!tap_ok(!e, "two libncr batches of 6 operations: %s", errname(e)))
		goto out;
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < 2; i++) {
			struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

			e = ncr_batch_prepare(l[i].b, 0);
			if (e || !sqe)
				break;
			ncr_uring_prep_batch(sqe, fd, l[i].b);
			sqe->user_data = (uint64_t)i;
		}
		if (!e)
			e = io_uring_submit(ring) == 2 ? 0 : -EIO;
		for (int n = 0; n < 2 && !e; n++) {
			e = io_uring_wait_cqe(ring, &cqe);
			if (e)
				break;
			if (cqe->user_data < 2)
				failed[cqe->user_data] =
					ncr_batch_complete(l[cqe->user_data].b,
							   cqe->res);
			io_uring_cqe_seen(ring, cqe);
		}
		ok = !e && !lb_check(&l[0], failed[0]) &&
		     !lb_check(&l[1], failed[1]);
		tap_ok(ok, "%s: two libncr batches in flight through "
		       "ncr_uring_prep_batch: ncr_batch_complete says 1 failed, "
		       "every ncr_batch_result == OpenSSL (%s)",
		       round ? "run again" : "first run", errname(e));
		memset(l[0].cbc, 0, sizeof(l[0].cbc));
		memset(l[1].gcm, 0, sizeof(l[1].gcm));
	}
out:
	for (int i = 0; i < 2; i++)
		ncr_batch_free(l[i].b);
	free(l);
}

/* With a hardware driver: 16 AES-CBC 16 KiB operations with the
 * hardware flag in one libncr batch SQE. */
static void helpers_hw(struct io_uring *ring, struct rng *r,
		       const struct tkey *kcbc)
{
	enum { HN = 16, HL = 16384 };
	uint8_t *in = malloc(HN * HL), *out = malloc(HN * HL),
		*want = malloc(HL), iv[HN][16];
	struct ncr_batch_ctx *b = ncr_batch_new(HN);
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	int e = 0, bad = 0, failed = -1;

	if (!in || !out || !want || !b)
		abort();
	rng_fill(r, in, HN * HL);
	rng_fill(r, iv, sizeof(iv));
	ncr_batch_set_session_flags(b, NCR_SESSION_FLAG_HARDWARE);
	for (int i = 0; i < HN && !e; i++)
		e = ncr_batch_add_cipher(b, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT,
					 kcbc->handle, iv[i], 16, in + i * HL,
					 HL, out + i * HL, HL) == i ? 0 :
			-EINVAL;
	if (!e)
		e = ncr_batch_prepare(b, 0);
	sqe = io_uring_get_sqe(ring);
	if (!e && sqe) {
		ncr_uring_prep_batch(sqe, fd, b);
		e = io_uring_submit(ring) == 1 ? 0 : -EIO;
		if (!e)
			e = io_uring_wait_cqe(ring, &cqe);
		if (!e) {
			failed = ncr_batch_complete(b, cqe->res);
			io_uring_cqe_seen(ring, cqe);
		}
	}
	for (int i = 0; i < HN && !e; i++) {
		size_t n = 0;

		ref_cipher(NCR_ALG_AES_CBC, 1, kcbc->bytes, kcbc->len, iv[i],
			   in + i * HL, HL, want);
		bad += ncr_batch_result(b, (size_t)i, &n, NULL, NULL) ||
		       n != HL || memcmp(out + i * HL, want, HL);
	}
	tap_ok(!e && !failed && !bad, "a libncr batch SQE of %d AES-CBC 16 KiB "
	       "encryptions with NCR_SESSION_FLAG_HARDWARE: all == OpenSSL "
	       "(%s, failed %d, %d wrong)", HN, errname(e), failed, bad);
	ncr_batch_free(b);
	free(in);
	free(out);
	free(want);
}

void test_libncr(void)
{
	static const uint32_t algs[] = {
		NCR_ALG_AES_CBC, NCR_ALG_AES_GCM, NCR_ALG_HMAC_SHA256,
		NCR_ALG_SHA512, NCR_ALG_CHACHA20, NCR_ALG_CMAC_AES,
	};
	struct tkey k[ARRAY_SIZE(algs)];
	struct rng r = { .s = seed ^ 0x11b };
	struct io_uring ring;
	int e = 0;

	memset(k, 0, sizeof(k));
	for (size_t i = 0; i < ARRAY_SIZE(algs) && !e; i++)
		e = tkey_make(fd, talg_get(algs[i]), &r, &k[i]);
	if (!e)
		e = io_uring_queue_init(64, &ring, 0);
	if (tap_ok(!e, "libncr: keys and a ring: %s", errname(e))) {
		helpers_once(&ring, &r, k, algs, ARRAY_SIZE(algs));
		helpers_batch(&ring, &r, &k[0], &k[1], &k[2]);
		if (have_hw)
			helpers_hw(&ring, &r, &k[0]);
		else
			tap_skip("no hardware driver", "a libncr batch SQE "
				 "with NCR_SESSION_FLAG_HARDWARE");
		io_uring_queue_exit(&ring);
	}
	for (size_t i = 0; i < ARRAY_SIZE(algs); i++)
		if (k[i].handle)
			key_del(fd, k[i].handle);
}
