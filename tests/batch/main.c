// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * batch - functional tests of NCRIO_BATCH (ABI 4) with raw ioctls: every
 * element's result must be what the same operation gives alone
 * (NCRIO_SESSION_ONCE, or NCRIO_SESSION_UPDATE/FINAL) and what OpenSSL's
 * libcrypto computes.
 *
 *   build/tests/batch [--with-accel]
 *
 * The groups, in order:
 *   sym.c       per algorithm of ncr.h (AES ECB/CBC/CTR/XTS, 3DES-CBC,
 *               ChaCha20, AES-GCM, AES-CCM, ChaCha20-Poly1305 both ways,
 *               tampered messages, the digests, HMACs, CMAC, truncated
 *               MACs, VERIFY right and wrong, refused lengths, ERANGE);
 *               batches of 1 to 256 elements of random algorithms, keys
 *               and lengths (and with STOP_ON_ERROR); one batch of inputs
 *               from 0 bytes to past NCR_COPY_BOUND (the zero-copy path);
 *               the same key in all of 256 elements;
 *   sessions.c  UPDATE/FINAL elements of many sessions interleaved;
 *   pk.c        ECDSA P-256, Ed25519 and RSA-PSS SIGN and VERIFY inside
 *               batches, with OpenSSL's keys and verdicts;
 *   hw.c        with a hardware driver for AES-CBC/CTR (virtio-crypto:
 *               tools/ncr-vm --crypto-accel), one-shot operations with
 *               NCR_SESSION_FLAG_HARDWARE in batches of 64 x 16 KiB and
 *               more, the same as software; without one, EOPNOTSUPP as
 *               alone.  --with-accel makes a missing driver a failure.
 * At the end the live key and session counters must be back where they
 * were.  Environment: NCR_TEST_SEED (reproduce a run).
 *
 * The files: batch.h (what they share), main.c (this), keys.c (the keys,
 * which algorithms the kernel offers), job.c (one operation both ways and
 * its reference), sym.c, sessions.c, pk.c, hw.c (the groups).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"

int fd;
struct rng rng;
uint8_t *pool;

static void timed(const char *name, void (*fn)(void))
{
	double t = now_s();

	fn();
	tap_diag("time %s: %.1f s", name, now_s() - t);
}

int main(int argc, char **argv)
{
	struct ncr_info info = { .size = sizeof(info) };
	struct live start, end;
	int require_hw = 0, r;
	double t;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--with-accel")) {
			require_hw = 1;
		} else {
			fprintf(stderr, "usage: batch [--with-accel]\n");
			return 2;
		}
	}
	tap_init();
	fd = dev_open_or_skip_all(dev_open);
	r = xioctl(fd, NCRIO_INFO, &info);
	if (r || info.version < 4) {
		char why[64];

		snprintf(why, sizeof(why), "no NCRIO_BATCH (ABI %u, %s)",
			 info.version, errname(r));
		tap_skip_all(why);
	}
	rng.s = test_seed();
	pool = malloc(POOL_SIZE);
	if (!pool)
		tap_skip_all("malloc");
	rng_fill(&rng, pool, POOL_SIZE);
	live_get(fd, &start);
	r = keys_make();
	if (!tap_err(r, 0, "the symmetric keys (one per algorithm and key "
		     "length)"))
		return tap_finish("batch");
	t = now_s();
	timed("per algorithm", t_per_alg);
	timed("mixed sizes", t_mixed_sizes);
	timed("lengths", t_lengths);
	timed("same key", t_same_key);
	timed("sessions", t_sessions);
	r = pk_setup();
	if (tap_err(r, 0, "public keys: ECDSA P-256, Ed25519, RSA-2048 from "
		    "OpenSSL, imported"))
		timed("public key", t_pk);
	pk_free();
	{
		double th = now_s();

		t_hw(require_hw);
		tap_diag("time hardware: %.1f s", now_s() - th);
	}
	keys_free();
	if (live_wait(fd, &start, &end))
		tap_ok(0, "live keys/sessions back to %llu/%llu (now %llu/%llu)",
		       (unsigned long long)start.keys,
		       (unsigned long long)start.sessions,
		       (unsigned long long)end.keys,
		       (unsigned long long)end.sessions);
	else
		tap_ok(1, "live keys/sessions back to where they were");
	tap_diag("time total: %.1f s", now_s() - t);
	free(pool);
	close(fd);
	return tap_finish("batch");
}
