// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bsd.c - the BSD ABI phase: processes whose threads run a random mix of
 * BSD ioctls (sessions made and freed, CIOCCRYPT, CIOCAUTHCRYPT GCM, TLS
 * and SRTP, CIOCCPHASH, async requests left in flight, on the default
 * driver and on a hardware one when the kernel has it) are killed with
 * SIGKILL mid-request; then every namespace is gone, live sessions and
 * keys are back at the baseline and the uid's charges at what they were.
 * Errors are counted, not checked (the results are tests/bsd's business):
 * this phase is about what a killed process leaves behind.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <crypto/cryptodev.h>

#include "libncr.h"
#include "stress.h"

#define POOL	4
#define BBUF	16384

struct bsd_shared {
	unsigned long ops, async_in, tls, errors;
};

static struct bsd_shared *sh;
static int hw_ok;
static uint32_t kinds_mask = ~0u;	/* NCR_STRESS_BSD_KINDS: S_* bits */

struct bthread {
	int fd;
	struct rng r;
	uint32_t ses[POOL], kind[POOL];
	uint8_t src[BBUF + 64], dst[BBUF + 64], abuf[8][BBUF];
};

enum { S_CBC_HMAC, S_CTR_HMAC, S_GCM, S_XTS, S_SHA, S_CBC_HW, S_KINDS };

static uint32_t new_session(struct bthread *t, uint32_t kind)
{
	static const uint8_t key[64] = "bsd stress key bytes, sixty-four of them at most, for XTS too!";
	struct session_op s = { 0 };

	switch (kind) {
	case S_CBC_HMAC:
	case S_CBC_HW:
		s.cipher = CRYPTO_AES_CBC |
			   (kind == S_CBC_HW ? CRYPTODEV_NCR_HW : 0);
		s.keylen = 16;
		s.mac = kind == S_CBC_HMAC ? CRYPTO_SHA2_256_HMAC : 0;
		break;
	case S_CTR_HMAC:
		s.cipher = CRYPTO_AES_CTR;
		s.keylen = 16;
		s.mac = CRYPTO_SHA1_HMAC;
		break;
	case S_GCM:
		s.cipher = CRYPTO_AES_GCM;
		s.keylen = 16;
		break;
	case S_XTS:
		s.cipher = CRYPTO_AES_XTS;
		s.keylen = 64;
		break;
	default:
		s.mac = CRYPTO_SHA2_256;
		break;
	}
	s.key = (uint8_t *)key;
	if (s.mac && s.mac != CRYPTO_SHA2_256) {
		s.mackey = (uint8_t *)key;
		s.mackeylen = 32;
	}
	return ioctl(t->fd, CIOCGSESSION, &s) ? 0 : s.ses;
}

static int one_op(struct bthread *t)
{
	int i = (int)rng_below(&t->r, POOL), r = 0;
	uint32_t ses = t->ses[i], len = 16 * (1 + rng_below(&t->r, BBUF / 16));
	uint8_t iv[16] = { 0 }, tag[64];

	if (!ses || !rng_below(&t->r, 16)) {
		if (ses)
			ioctl(t->fd, CIOCFSESSION, &ses);
		do
			t->kind[i] = rng_below(&t->r, hw_ok ? S_KINDS :
					       S_KINDS - 1);
		while (!(kinds_mask & (1u << t->kind[i])));
		t->ses[i] = new_session(t, t->kind[i]);
		return t->ses[i] ? 0 : -errno;
	}
	switch (t->kind[i]) {
	case S_CBC_HMAC:
		if (rng_below(&t->r, 2)) {
			struct crypt_auth_op a = {
				.ses = ses, .op = COP_ENCRYPT,
				.flags = COP_FLAG_AEAD_TLS_TYPE,
				.len = len - 16, .auth_src = iv, .auth_len = 13,
				.src = t->src, .dst = t->dst, .iv = iv,
			};

			__atomic_add_fetch(&sh->tls, 1, __ATOMIC_RELAXED);
			r = ioctl(t->fd, CIOCAUTHCRYPT, &a);
			if (!r) {
				a.op = COP_DECRYPT;
				a.src = t->dst;
				a.dst = t->src;
				r = ioctl(t->fd, CIOCAUTHCRYPT, &a);
			}
			break;
		}
		__attribute__((fallthrough));	/* CIOCCRYPT with the hash */
	case S_XTS:
	case S_SHA: {
		struct crypt_op c = {
			.ses = ses, .op = COP_ENCRYPT, .len = len,
			.src = t->src, .dst = t->dst, .mac = tag, .iv = iv,
			.flags = t->kind[i] == S_SHA &&
				 rng_below(&t->r, 2) ? COP_FLAG_UPDATE : 0,
		};

		r = ioctl(t->fd, CIOCCRYPT, &c);
		if (!r && t->kind[i] == S_SHA && rng_below(&t->r, 4)) {
			struct cphash_op cp = { .src_ses = ses,
						.dst_ses = t->ses[(i + 1) % POOL] };

			ioctl(t->fd, CIOCCPHASH, &cp);
		}
		break;
	}
	case S_CTR_HMAC: {
		struct crypt_auth_op a = {
			.ses = ses, .op = COP_ENCRYPT,
			.flags = COP_FLAG_AEAD_SRTP_TYPE, .len = len - 16,
			.auth_src = t->src, .auth_len = len, .src = t->src + 12,
			.dst = t->src + 12, .tag = tag, .tag_len = 10, .iv = iv,
		};

		r = ioctl(t->fd, CIOCAUTHCRYPT, &a);
		break;
	}
	case S_GCM: {
		struct crypt_auth_op a = {
			.ses = ses, .op = COP_ENCRYPT, .len = len,
			.auth_src = iv, .auth_len = 16, .src = t->src,
			.dst = t->dst, .iv = iv, .iv_len = 12,
		};

		r = ioctl(t->fd, CIOCAUTHCRYPT, &a);
		break;
	}
	case S_CBC_HW: {
		/* a few async requests, most of them left in flight */
		int n = 1 + (int)rng_below(&t->r, 8);

		for (int k = 0; k < n; k++) {
			struct crypt_op c = {
				.ses = ses, .op = COP_ENCRYPT, .len = BBUF,
				.src = t->abuf[k], .dst = t->abuf[k], .iv = iv,
			};

			if (!ioctl(t->fd, CIOCASYNCCRYPT, &c))
				__atomic_add_fetch(&sh->async_in, 1,
						   __ATOMIC_RELAXED);
		}
		if (rng_below(&t->r, 4) == 0) {
			struct crypt_op c;

			memset(&c, 0, sizeof(c));
			ioctl(t->fd, CIOCASYNCFETCH, &c);
		}
		break;
	}
	}
	return r ? -errno : 0;
}

static void *bthread_main(void *arg)
{
	struct bthread *t = arg;

	for (;;) {
		if (one_op(t))
			__atomic_add_fetch(&sh->errors, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&sh->ops, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

static void bsd_child(int shared_fd, int proc_no)
{
	pthread_t th;
	int fd = shared_fd >= 0 ? shared_fd : ncr_open();

	if (fd < 0)
		_exit(1);
	for (int i = 0; i < n_threads; i++) {
		struct bthread *t = calloc(1, sizeof(*t));

		if (!t)
			_exit(1);
		t->fd = fd;
		t->r.s = seed ^ ((uint64_t)proc_no << 32) ^ (uint64_t)i;
		if (pthread_create(&th, NULL, bthread_main, t))
			_exit(1);
	}
	for (;;)
		pause();
}

/*
 * Whether a hardware AES-CBC session can be made (virtio-crypto), on a
 * namespace of its own: the session's bounce buffer would otherwise stay
 * in the caller's pool, charged, and count as a leak.
 */
static int probe_hw(void)
{
	uint8_t key[16] = { 0 };
	struct session_op s = {
		.cipher = CRYPTO_AES_CBC | CRYPTODEV_NCR_HW, .keylen = 16,
		.key = key,
	};
	int fd = ncr_open(), ok;

	if (fd < 0)
		return 0;
	ok = !ioctl(fd, CIOCGSESSION, &s);
	ncr_close(fd);
	return ok;
}

void phase_bsd(int info_fd, const struct live *base)
{
	struct timespec run = { 2, 0 };
	pid_t pids[64];
	int np = n_procs < 64 ? n_procs : 64, shared, killed = 0, status;
	struct live now;
	const char *km = getenv("NCR_STRESS_BSD_KINDS");
	int back;

	if (km && strtoul(km, NULL, 0) & ((1u << S_KINDS) - 1))
		kinds_mask = (uint32_t)strtoul(km, NULL, 0);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		tap_ok(0, "bsd: mmap");
		return;
	}
	memset(sh, 0, sizeof(*sh));
	hw_ok = probe_hw();
	if (!hw_ok)
		kinds_mask &= ~(1u << S_CBC_HW);
	if (!(kinds_mask & ((1u << S_KINDS) - 1)))
		kinds_mask = ~(1u << S_CBC_HW);
	shared = ncr_open();
	fflush(stdout);
	for (int p = 0; p < np; p++) {
		pids[p] = fork();
		if (pids[p] == 0)
			bsd_child(p % 2 ? -1 : shared, p);
	}
	if (shared >= 0)
		ncr_close(shared);
	nanosleep(&run, NULL);
	for (int p = 0; p < np; p++)
		if (pids[p] > 0 && !kill(pids[p], SIGKILL))
			killed++;
	for (int p = 0; p < np; p++)
		if (pids[p] > 0)
			waitpid(pids[p], &status, 0);
	tap_ok(killed == np && sh->ops > (unsigned long)np,
	       "bsd: %d processes x %d threads killed mid-request after %lu BSD operations (%lu TLS, %lu async requests queued, %lu errors; hardware driver %s)",
	       np, n_threads, sh->ops, sh->tls, sh->async_in, sh->errors,
	       hw_ok ? "used" : "absent");
	back = !live_wait(info_fd, base, &now);
	tap_ok(back,
	       "bsd: after the kill, live keys/sessions/namespaces back to %llu/%llu/%u (now %llu/%llu/%u)",
	       (unsigned long long)base->keys,
	       (unsigned long long)base->sessions, base->namespaces,
	       (unsigned long long)now.keys,
	       (unsigned long long)now.sessions, now.namespaces);
	ucount_check(info_fd, "bsd: after the kill");
	munmap(sh, sizeof(*sh));
}
