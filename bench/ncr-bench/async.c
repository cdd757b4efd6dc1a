// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * async.c - requests in flight through the BSD async pair
 * (CIOCASYNCCRYPT / CIOCASYNCFETCH): AES-128-CBC at 16 KiB with 1, 4, 16
 * and 64 requests kept in flight, on the crypto API's default driver and,
 * when the kernel has one, on a hardware driver (CRYPTODEV_NCR_HW: in the
 * VM virtio-crypto).  A request is resubmitted as soon as it is fetched,
 * so the queue stays at its depth; fetching waits in poll() for POLLIN.
 *
 * Rows: async-sw or async-hw, aes-128-cbc-dN (N in flight), bytes, ops/s,
 * MB/s.  The depth-1 row is the one-at-a-time baseline of its driver;
 * run.sh prints each depth's ratio to it.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <crypto/cryptodev.h>
#include <openssl/evp.h>

#include "bench.h"

#define ASYNC_LEN	16384
static const int depths[] = { 1, 4, 16, 64 };
#define NDEPTHS		(int)(sizeof(depths) / sizeof(depths[0]))

static uint8_t (*abuf_in)[ASYNC_LEN], (*abuf_out)[ASYNC_LEN];

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int submit(uint32_t ses, int slot)
{
	struct crypt_op c = {
		.ses = ses, .op = COP_ENCRYPT, .len = ASYNC_LEN,
		.src = abuf_in[slot], .dst = abuf_out[slot],
		.iv = (uint8_t *)iv_cbc,
	};

	return ioctl(ncr_fd, CIOCASYNCCRYPT, &c) ? -errno : 0;
}

/* The oldest request, waiting for it; its slot in *slot. */
static int fetch(int *slot)
{
	struct pollfd p = { .fd = ncr_fd, .events = POLLIN };
	struct crypt_op c;

	if (poll(&p, 1, 10000) != 1)
		return -ETIMEDOUT;
	memset(&c, 0, sizeof(c));
	if (ioctl(ncr_fd, CIOCASYNCFETCH, &c))
		return -errno;
	*slot = (int)((uint8_t (*)[ASYNC_LEN])c.dst - abuf_out);
	return 0;
}

/*
 * One round at depth d: the queue kept at d requests for secs, then
 * drained; ops/s counts every request over the whole round, filling and
 * draining included (so a round must be long beside d requests' time).
 */
static double async_round(uint32_t ses, int d, double secs)
{
	double t0, t;
	uint64_t done = 0;
	int i, slot, err = 0, queued = 0;

	t0 = now();
	for (i = 0; i < d && !err; i++)
		if (!(err = submit(ses, i)))
			queued++;
	while (!err) {
		err = fetch(&slot);
		if (err)
			break;
		queued--;
		done++;
		t = now();
		if (t - t0 >= secs)
			break;
		err = submit(ses, slot);
		if (!err)
			queued++;
	}
	while (!err && queued > 0 && !(err = fetch(&slot))) {
		queued--;
		done++;
	}
	t = now();
	if (err) {
		note("error: async depth %d: %s", d, strerror(-err));
		set_status(2);
		return -1;
	}
	return (double)done / (t - t0);
}

/* The first slot's output against OpenSSL's AES-128-CBC. */
static void async_check(const char *kind)
{
	EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
	static uint8_t want[ASYNC_LEN];
	int l = 0;

	if (!x || !EVP_EncryptInit_ex(x, EVP_aes_128_cbc(), NULL, key_aes128,
				      iv_cbc) ||
	    !EVP_CIPHER_CTX_set_padding(x, 0) ||
	    !EVP_EncryptUpdate(x, want, &l, abuf_in[0], ASYNC_LEN)) {
		ossl_fail("EVP_EncryptUpdate (async check)");
	} else if (memcmp(want, abuf_out[0], ASYNC_LEN)) {
		note("MISMATCH: async-%s aes-128-cbc differs from OpenSSL",
		     kind);
		set_status(1);
	}
	EVP_CIPHER_CTX_free(x);
}

static void async_driver(bool hw, double secs, int rounds)
{
	struct session_op s = {
		.cipher = CRYPTO_AES_CBC | (hw ? CRYPTODEV_NCR_HW : 0),
		.key = key_aes128, .keylen = sizeof(key_aes128),
	};
	struct session_info_op si;
	const char *kind = hw ? "hw" : "sw";
	double best[NDEPTHS] = { 0 };
	char name[32];
	int r, d;

	if (ioctl(ncr_fd, CIOCGSESSION, &s)) {
		if (hw && errno == EOPNOTSUPP) {
			note("async-hw: no hardware driver for AES-CBC (skipped)");
			return;
		}
		note("error: async-%s: CIOCGSESSION: %s", kind,
		     strerror(errno));
		set_status(2);
		return;
	}
	memset(&si, 0, sizeof(si));
	si.ses = s.ses;
	if (!ioctl(ncr_fd, CIOCGSESSINFO, &si))
		note("async-%s: aes-128-cbc on %s%s", kind,
		     si.cipher_info.cra_driver_name,
		     si.flags & SIOP_FLAG_KERNEL_DRIVER_ONLY ?
		     " (KERNEL_DRIVER_ONLY)" : "");
	/* depths interleaved round by round, the best round kept; rounds
	 * of at least 0.25 s, so that filling and draining 64 requests
	 * weigh little */
	if (secs / rounds < 0.25)
		rounds = secs < 0.25 ? 1 : (int)(secs / 0.25);
	for (r = 0; r < rounds; r++)
		for (d = 0; d < NDEPTHS; d++) {
			double v = async_round(s.ses, depths[d],
					       secs / rounds < 0.25 ? 0.25 :
					       secs / rounds);

			if (v < 0)
				goto out;
			if (v > best[d])
				best[d] = v;
		}
	async_check(kind);
	snprintf(name, sizeof(name), "async-%s", kind);
	for (d = 0; d < NDEPTHS; d++) {
		char alg[32];

		snprintf(alg, sizeof(alg), "aes-128-cbc-d%d", depths[d]);
		csv_row(name, alg, ASYNC_LEN, best[d]);
	}
out:
	ioctl(ncr_fd, CIOCFSESSION, &s.ses);
}

void async_run(double secs, int rounds)
{
	abuf_in = calloc(CRYPTODEV_ASYNC_MAX, sizeof(*abuf_in));
	abuf_out = calloc(CRYPTODEV_ASYNC_MAX, sizeof(*abuf_out));
	if (!abuf_in || !abuf_out) {
		note("error: async: out of memory");
		set_status(2);
		goto out;
	}
	for (size_t i = 0; i < sizeof(*abuf_in) * CRYPTODEV_ASYNC_MAX; i++)
		((uint8_t *)abuf_in)[i] = (uint8_t)(i * 7 + 3);
	note("async: CIOCASYNCCRYPT/FETCH, aes-128-cbc %d B, depths 1/4/16/64, %g s per driver and depth",
	     ASYNC_LEN, secs);
	async_driver(false, secs, rounds);
	async_driver(true, secs, rounds);
out:
	free(abuf_in);
	free(abuf_out);
}
