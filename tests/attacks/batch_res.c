// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/attacks/batch_res.c - part of build/tests/attacks (see
 * tests/attacks/main.c and tests/attacks/batch.c): NCRIO_BATCH against
 * the kernel's resources, as uid 65534.
 *   BT.memory    256 elements that each need kernel memory (AEAD
 *                decryptions, Ed25519's buffered message, hardware
 *                requests in flight: 8 namespaces x 128), from several
 *                threads at once: each element succeeds or fails with
 *                EDQUOT/ENOMEM, the uid's user_memory never passes its
 *                limit, and its memory and buffered counters come back;
 *   BT.kill      SIGKILL in the middle of batches of hashes over 64 MiB
 *                (64 x 1 MiB, 256 x 256 KiB: NCR_BATCH_MAX_BYTES bounds a
 *                batch), of updates of one session and of hardware
 *                requests in flight: the process is reaped within 2 s
 *                and the uid's use comes back.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "attacks.h"

#define KiB 1024UL
#define MiB (1024UL * 1024UL)

/* ------------------------------------------------------------ BT.memory */

enum { MEM_N = 256, MEM_MAX_LEN = 256 * KiB, MEM_MAX_THREADS = 8 };

struct mem_job {
	int fd;			/* -1: a namespace (and key) of its own */
	uint32_t alg, key, flags;
	size_t len;
	const uint8_t *in, *tag, *kb;
	uint8_t *out;
	long ok, quota, other;
	int first_other;
};

static void *mem_thread(void *p)
{
	struct mem_job *mj = p;
	struct ncr_batch_op *ops = calloc(MEM_N, sizeof(*ops));
	uint8_t tag[NCR_MAX_SIGNATURE];
	int fd = mj->fd, r;
	uint32_t key = mj->key;
	struct ncr_batch b;

	if (fd < 0) {
		fd = dev_open();
		if (fd < 0 || a_import(fd, NCR_KEY_TYPE_AES, 0, 0, mj->kb, 16,
				       0, NCR_KEY_USAGE_ENCRYPT,
				       NCR_KEY_ALG_AES_CBC, &key))
			goto fail;
	}
	if (!ops)
		goto fail;
	for (int i = 0; i < MEM_N; i++) {
		if (mj->alg == NCR_ALG_ED25519)
			bt_el_once(&ops[i], mj->alg, NCR_OP_SIGN, key, mj->in,
				mj->len, NULL, 0, tag, sizeof(tag));
		else if (mj->alg == NCR_ALG_AES_GCM)
			bt_el_once(&ops[i], mj->alg, NCR_OP_DECRYPT, key, mj->in,
				mj->len, mj->out, mj->len, (void *)mj->tag,
				16);
		else
			bt_el_once(&ops[i], mj->alg, NCR_OP_ENCRYPT, key, mj->in,
				mj->len, mj->out, mj->len, NULL, 0);
		ops[i].once.flags = mj->flags;
	}
	r = bt_batch(fd, ops, MEM_N, 0, &b);
	if (r) {
		mj->other++;
		mj->first_other = r;
	}
	for (uint32_t i = 0; !r && i < b.done; i++) {
		if (!ops[i].error)
			mj->ok++;
		else if (ops[i].error == -EDQUOT || ops[i].error == -ENOMEM)
			mj->quota++;
		else if (!mj->other++)
			mj->first_other = ops[i].error;
	}
	goto out;
fail:
	mj->other++;
	mj->first_other = -EIO;
out:
	if (mj->fd < 0 && fd >= 0)
		close(fd);
	free(ops);
	return NULL;
}

/* Samples the uid's user_memory while the batches run: the peak. */
struct mem_watch {
	volatile int stop;
	uint64_t peak, limit;
};

static void *watch_thread(void *p)
{
	struct mem_watch *w = p;

	while (!w->stop) {
		struct ncr_info in;

		if (!a_info(A.fd, &in)) {
			if (in.user_memory > w->peak)
				w->peak = in.user_memory;
			w->limit = in.max_user_memory;
		}
		usleep(500);
	}
	return NULL;
}

void bt_memory(void)
{
	static const struct {
		uint32_t alg, flags;
		size_t len;
		int threads, own_ns;
		const char *what;
	} kinds[] = {
		{ NCR_ALG_AES_GCM, 0, 128 * KiB, 4, 0, "AES-GCM decryptions of "
		  "128 KiB (through kernel memory)" },
		{ NCR_ALG_ED25519, 0, 128 * KiB, 4, 0, "Ed25519 signatures of "
		  "128 KiB (the message buffered)" },
		{ NCR_ALG_AES_CBC, NCR_SESSION_FLAG_HARDWARE, 64 * KiB, 8, 1,
		  "hardware AES-CBC of 64 KiB, each thread its own namespace "
		  "(copied in, up to max_inflight_per_ns in flight each)" },
	};
	uint8_t *in = malloc(MEM_MAX_LEN), *ct = malloc(MEM_MAX_LEN), tag[16];
	uint8_t *outs = malloc((size_t)MEM_MAX_THREADS * MEM_MAX_LEN), kb[16];
	uint32_t kg = 0, ked = 0, kc = 0;
	long avail0 = a_mem_available_kb(), avail1;
	struct bt_use u0;
	int e, mfd;

	/* a namespace of its own: its buffer pool grows with the threads
	 * that use it at once, and goes when it is closed */
	bt_use_get(&u0);
	mfd = dev_open();
	if (!in || !ct || !outs || mfd < 0) {
		tap_ok(0, "BT.memory - malloc, open");
		goto out;
	}
	rng_fill(&A.rng, in, MEM_MAX_LEN);
	rng_fill(&A.rng, kb, 16);
	e = ref_aead(NCR_ALG_AES_GCM, 1, kb, 16, bt_iv16, 12, NULL, 0, in,
		     128 * KiB, ct, tag, 16) ? -EIO : 0;
	e = e ?: a_import(mfd, NCR_KEY_TYPE_AES, 0, 0, kb, 16, 0,
			  NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_AES_GCM, &kg);
	e = e ?: a_genpair(mfd, NCR_KEY_TYPE_ED25519, 0, NULL, 0, 0,
			   NCR_KEY_USAGE_SIGN, 0, &ked, NULL);
	e = e ?: a_import(mfd, NCR_KEY_TYPE_AES, 0, 0, kb, 16, 0,
			  NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_CBC, &kc);
	if (!tap_err(e, 0, "BT.memory - setup: a GCM key, an Ed25519 key, a "
		     "CBC key"))
		goto out;
	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
		struct mem_job mj[MEM_MAX_THREADS];
		pthread_t th[MEM_MAX_THREADS], wt;
		struct mem_watch w = { 0 };
		long ok = 0, quota = 0, other = 0, first = 0;
		int good_out = 1, nt = kinds[k].threads;

		if (kinds[k].flags && !bt_hw_cbc()) {
			tap_skip("no hardware driver", "BT.memory - %s",
				 kinds[k].what);
			continue;
		}
		pthread_create(&wt, NULL, watch_thread, &w);
		for (int t = 0; t < nt; t++) {
			mj[t] = (struct mem_job){
				.fd = kinds[k].own_ns ? -1 : mfd,
				.alg = kinds[k].alg,
				.flags = kinds[k].flags,
				.len = kinds[k].len,
				.key = kinds[k].alg == NCR_ALG_AES_GCM ? kg :
				       kinds[k].alg == NCR_ALG_ED25519 ? ked :
				       kc,
				.in = kinds[k].alg == NCR_ALG_AES_GCM ? ct : in,
				.tag = tag,
				.kb = kb,
				.out = outs + (size_t)t * MEM_MAX_LEN,
			};
			memset(mj[t].out, 0, kinds[k].len);
			pthread_create(&th[t], NULL, mem_thread, &mj[t]);
		}
		for (int t = 0; t < nt; t++) {
			pthread_join(th[t], NULL);
			ok += mj[t].ok;
			quota += mj[t].quota;
			if (mj[t].other && !other)
				first = mj[t].first_other;
			other += mj[t].other;
			if (kinds[k].alg == NCR_ALG_AES_GCM && mj[t].ok &&
			    memcmp(mj[t].out, in, kinds[k].len))
				good_out = 0;
		}
		w.stop = 1;
		pthread_join(wt, NULL);
		tap_ok(!other && ok && good_out && w.peak <= w.limit,
		       "BT.memory - %d threads x a batch of %d %s: %ld done, "
		       "%ld EDQUOT/ENOMEM, %ld other (first %s)%s; the uid's "
		       "user_memory peaked at %llu of %llu", nt, MEM_N,
		       kinds[k].what, ok, quota, other, errname((int)first),
		       good_out ? "" : ", a wrong plaintext",
		       (unsigned long long)w.peak,
		       (unsigned long long)w.limit);
	}
	avail1 = a_mem_available_kb();
	tap_diag("BT.memory: MemAvailable %ld kB before, %ld kB after", avail0,
		 avail1);
out:
	if (mfd >= 0)
		close(mfd);
	bt_use_report("BT.memory", &u0);
	free(in);
	free(ct);
	free(outs);
}

/* -------------------------------------------------------------- BT.kill */

enum kill_kind { KILL_64x1M, KILL_256x256K, KILL_UPDATES, KILL_HW };

static void kill_child(int wfd, enum kill_kind kind)
{
	int fd = dev_open();
	size_t len = kind == KILL_64x1M ? MiB : kind == KILL_HW ? 64 * KiB :
		     256 * KiB;
	uint32_t n = kind == KILL_64x1M ? 64 : 256;
	uint8_t *in = mmap(NULL, len, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	uint8_t *out = malloc(len);
	struct ncr_batch_op *ops = calloc(n, sizeof(*ops));
	uint8_t tag[64];
	struct ncr_batch b;
	uint32_t ses = 0, key = 0;

	if (fd < 0 || in == MAP_FAILED || !out || !ops)
		_exit(2);
	memset(in, 0x5a, len);
	if (kind == KILL_HW && a_gen(fd, NCR_KEY_TYPE_AES, 128, 0,
				     NCR_KEY_USAGE_ENCRYPT,
				     NCR_KEY_ALG_AES_CBC, &key))
		_exit(3);
	for (;;) {
		if (kind == KILL_UPDATES &&
		    a_init(fd, NCR_ALG_SHA3_512, NCR_OP_SIGN, 0, NULL, 0, 0,
			   &ses))
			_exit(3);
		for (uint32_t i = 0; i < n; i++) {
			switch (kind) {
			case KILL_UPDATES:
				memset(&ops[i], 0, sizeof(ops[i]));
				ops[i].type = i + 1 < n ? NCR_BATCH_OP_UPDATE :
					      NCR_BATCH_OP_FINAL;
				ops[i].op.size = sizeof(ops[i].op);
				ops[i].op.ses = ses;
				ops[i].op.input = PTR64(in);
				ops[i].op.input_size = len;
				ops[i].op.tag = PTR64(tag);
				ops[i].op.tag_size = sizeof(tag);
				break;
			case KILL_HW:
				bt_el_once(&ops[i], NCR_ALG_AES_CBC,
					NCR_OP_ENCRYPT, key, in, len, out, len,
					NULL, 0);
				ops[i].once.flags = NCR_SESSION_FLAG_HARDWARE;
				break;
			default:
				bt_el_once(&ops[i], i % 2 ? NCR_ALG_SHA256 :
					NCR_ALG_SHA3_512, NCR_OP_SIGN, 0, in,
					len, NULL, 0, tag, sizeof(tag));
				break;
			}
		}
		if (wfd >= 0) {
			if (write(wfd, "g", 1) != 1)
				_exit(4);
			close(wfd);
			wfd = -1;
		}
		bt_batch(fd, ops, n, 0, &b);
	}
}

void bt_kill(void)
{
	static const struct {
		enum kill_kind kind;
		const char *what;
	} kinds[] = {
		{ KILL_64x1M, "64 x 1 MiB SHA-256/SHA3-512 ONCE elements" },
		{ KILL_256x256K, "256 x 256 KiB SHA-256/SHA3-512 ONCE elements" },
		{ KILL_UPDATES, "256 UPDATE elements of 256 KiB on one SHA3-512 "
		  "session" },
		{ KILL_HW, "256 hardware AES-CBC elements of 64 KiB in "
		  "flight" },
	};
	struct bt_use u0;

	bt_use_get(&u0);
	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
		double took = -1;
		int p[2], st;
		pid_t pid;
		char c;

		if (kinds[k].kind == KILL_HW && !bt_hw_cbc()) {
			tap_skip("no hardware driver", "BT.kill - %s",
				 kinds[k].what);
			continue;
		}
		if (pipe(p)) {
			tap_ok(0, "BT.kill - pipe");
			return;
		}
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			close(p[0]);
			close(A.fd);
			kill_child(p[1], kinds[k].kind);
		}
		close(p[1]);
		if (pid < 0 || read(p[0], &c, 1) != 1) {
			if (pid > 0)
				waitpid(pid, &st, 0);
			tap_ok(0, "BT.kill - %s: the child could not set up",
			       kinds[k].what);
			close(p[0]);
			continue;
		}
		close(p[0]);
		/* the child is in its batches from now on, back to back */
		usleep(150000 + rng_below(&A.rng, 200000));
		kill(pid, SIGKILL);
		st = a_reap(pid, 2.0, &took);
		if (st == -1) {
			double more;

			a_reap(pid, 600, &more);
			tap_ok(0, "BT.kill - %s: NOT reaped within 2 s of "
			       "SIGKILL (%.1f s)", kinds[k].what, took + more);
			continue;
		}
		tap_ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
		       "BT.kill - SIGKILL in the middle of batches of %s: "
		       "reaped %.3f s later (limit 2 s)", kinds[k].what, took);
	}
	bt_use_report("BT.kill", &u0);
}
