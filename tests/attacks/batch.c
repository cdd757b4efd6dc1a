// SPDX-License-Identifier: GPL-2.0
/*
 * tests/attacks/batch.c - part of build/tests/attacks (see
 * tests/attacks/main.c): NCRIO_BATCH (ABI 4) in an unprivileged user's
 * hands.  A batch must not do what the single ioctls refuse, and must not
 * hurt the kernel whatever its array holds or whoever changes it.
 *   BT.policy    each element gets its key's usage and algorithm set
 *                checked as the lone call does (EPERM), also right after
 *                an element that the same key was allowed to do, and the
 *                key-data rules (NCR_OP_FLAG_KEY_DATA);
 *   BT.foreign   key and session handles of another namespace are unknown
 *                (ENOENT) and the other namespace's objects are untouched;
 *   BT.restrict  NCRIO_KEY_RESTRICT from another thread while a batch
 *                runs 256 elements on the key: once an element is refused,
 *                no later element is served (the kernel's cache of the
 *                last one-shot session rechecks the policy);
 *   BT.deinit    NCRIO_KEY_DEINIT then a new key from another thread
 *                while a batch runs on the handle: each element used the
 *                old key, nothing, or the new one, in that order;
 *   BT.array     the element array (and the batch structure) rewritten by
 *                another thread while batches run: each call fails whole
 *                or each element ran one consistent version of itself;
 *   BT.overlap   outputs that land in the element array itself, one
 *                element's input being an earlier one's output: the kernel
 *                runs its own copy of the array (the result documented in
 *                the test lines);
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

static uint8_t msg[4096];
static uint8_t iv16[16];

static void el_once(struct ncr_batch_op *e, uint32_t alg, uint32_t op,
		    uint32_t key, const void *in, size_t len, void *out,
		    size_t cap, void *tag, uint32_t tag_size)
{
	memset(e, 0, sizeof(*e));
	e->type = NCR_BATCH_OP_ONCE;
	e->error = 0x5eed;
	e->once.size = sizeof(e->once);
	e->once.algorithm = alg;
	e->once.op = op;
	e->once.key = key;
	if (alg == NCR_ALG_AES_CBC || alg == NCR_ALG_AES_CTR ||
	    alg == NCR_ALG_AES_XTS) {
		e->once.iv = PTR64(iv16);
		e->once.iv_size = 16;
	} else if (alg == NCR_ALG_AES_GCM) {
		e->once.iv = PTR64(iv16);
		e->once.iv_size = 12;
	}
	e->once.input = PTR64(in);
	e->once.input_size = len;
	e->once.output = PTR64(out);
	e->once.output_size = cap;
	e->once.tag = PTR64(tag);
	e->once.tag_size = tag_size;
}

static int batch(int fd, struct ncr_batch_op *ops, uint32_t n,
		 uint32_t flags, struct ncr_batch *b)
{
	memset(b, 0, sizeof(*b));
	b->size = sizeof(*b);
	b->flags = flags;
	b->ops = PTR64(ops);
	b->op_size = sizeof(*ops);
	b->count = n;
	return xioctl(fd, NCRIO_BATCH, b);
}

/* the uid's use: user_keys .. user_memory of NCRIO_INFO version 1 */
struct use {
	uint64_t keys, sessions, buffered, memory;
};

static int use_get(struct use *u)
{
	struct ncr_info in;
	int r = a_info(A.fd, &in);

	u->keys = in.user_keys;
	u->sessions = in.user_sessions;
	u->buffered = in.user_buffered;
	u->memory = in.user_memory;
	return r;
}

/* Polls ~3 s until the uid's use is *want again; 1 if it is. */
static int use_back(const struct use *want, struct use *got)
{
	for (int i = 0; i < 300; i++) {
		if (use_get(got))
			return 0;
		if (got->keys == want->keys && got->sessions == want->sessions &&
		    got->buffered == want->buffered &&
		    got->memory == want->memory)
			return 1;
		usleep(10000);
	}
	return 0;
}

static void use_report(const char *id, const struct use *u0)
{
	struct use u1;
	int ok = use_back(u0, &u1);

	tap_ok(ok, "%s - the uid's keys/sessions/buffered/memory back to "
	       "%llu/%llu/%llu/%llu (now %llu/%llu/%llu/%llu)", id,
	       (unsigned long long)u0->keys, (unsigned long long)u0->sessions,
	       (unsigned long long)u0->buffered,
	       (unsigned long long)u0->memory, (unsigned long long)u1.keys,
	       (unsigned long long)u1.sessions,
	       (unsigned long long)u1.buffered,
	       (unsigned long long)u1.memory);
}

/* ------------------------------------------------------------ BT.policy */

static void bt_policy(void)
{
	struct pe {
		uint32_t alg, op, *key, flags, op_flags, input_key;
		int want;	/* 1: whatever the lone call gives */
		const char *what;
	};
	uint32_t ke = 0, kg = 0, km = 0, kh = 0, kx = 0;
	struct pe pes[] = {
		{ NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, &ke, 0, 0, 0, 0,
		  "CBC encrypt with an encrypt-only CBC key" },
		{ NCR_ALG_AES_CBC, NCR_OP_DECRYPT, &ke, 0, 0, 0, -EPERM,
		  "... then CBC decrypt with it" },
		{ NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, &ke, 0, 0, 0, 0,
		  "... CBC encrypt again" },
		{ NCR_ALG_AES_ECB, NCR_OP_ENCRYPT, &ke, 0, 0, 0, -EPERM,
		  "... ECB (a block oracle) with it" },
		{ NCR_ALG_AES_CTR, NCR_OP_ENCRYPT, &ke, 0, 0, 0, -EPERM,
		  "... CTR with it" },
		{ NCR_ALG_CMAC_AES, NCR_OP_SIGN, &ke, 0, 0, 0, -EPERM,
		  "... CMAC with it" },
		{ NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, &ke,
		  NCR_SESSION_FLAG_HARDWARE, 0, 0, 1,
		  "... CBC encrypt on hardware (as alone)" },
		{ NCR_ALG_AES_CBC, NCR_OP_DECRYPT, &ke,
		  NCR_SESSION_FLAG_HARDWARE, 0, 0, 1,
		  "... CBC decrypt on hardware (as alone: never served)" },
		{ NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, &kg, 0, 0, 0, 0,
		  "GCM encrypt with a GCM key" },
		{ NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, &kg, 0, 0, 0, -EPERM,
		  "... CBC with it (GCM's keystream)" },
		{ NCR_ALG_AES_CTR, NCR_OP_ENCRYPT, &kg, 0, 0, 0, -EPERM,
		  "... CTR with it" },
		{ NCR_ALG_HMAC_SHA256, NCR_OP_VERIFY, &km, 0, 0, 0, 0,
		  "HMAC verify with a verify-only HMAC key" },
		{ NCR_ALG_HMAC_SHA256, NCR_OP_SIGN, &km, 0, 0, 0, -EPERM,
		  "... HMAC sign (a MAC oracle) with it" },
		{ NCR_ALG_HMAC_SHA512, NCR_OP_VERIFY, &km, 0, 0, 0, -EPERM,
		  "... HMAC-SHA512 with it (not in its set)" },
		{ NCR_ALG_SHA256, NCR_OP_SIGN, NULL, 0, NCR_OP_FLAG_KEY_DATA, 1,
		  -EPERM, "SHA-256 of a key's material without HASHABLE" },
		{ NCR_ALG_SHA256, NCR_OP_SIGN, NULL, 0, NCR_OP_FLAG_KEY_DATA, 2,
		  0, "SHA-256 of a HASHABLE key's material" },
		{ NCR_ALG_MD5, NCR_OP_SIGN, NULL, 0, NCR_OP_FLAG_KEY_DATA, 2,
		  1, "MD5 of a HASHABLE key's material (as alone)" },
		{ NCR_ALG_CMAC_AES, NCR_OP_SIGN, &kx, 0, NCR_OP_FLAG_KEY_DATA, 2,
		  1, "CMAC over a HASHABLE key's material (as alone)" },
	};
	enum { N = ARRAY_SIZE(pes) };
	struct ncr_batch_op ops[N];
	static uint8_t outs[2][N][64], tags[2][N][64];
	struct ncr_batch b;
	uint8_t mac[32];
	size_t ml = sizeof(mac);
	int e, bad = 0, eperm = 0, r;

	e = a_gen(A.fd, NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_CBC, &ke) ?:
	    a_gen(A.fd, NCR_KEY_TYPE_AES, 256, 0, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_AES_GCM, &kg) ?:
	    a_import(A.fd, NCR_KEY_TYPE_HMAC, 0, 0, msg, 32, 0,
		     NCR_KEY_USAGE_VERIFY, NCR_KEY_ALG_HMAC_SHA256, &km) ?:
	    a_gen(A.fd, NCR_KEY_TYPE_HMAC, 256, 0, NCR_KEY_USAGE_SIGN, 0,
		  &kh) ?:
	    a_gen(A.fd, NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_HASHABLE,
		  NCR_KEY_USAGE_SIGN, NCR_KEY_ALG_CMAC_AES, &kx);
	if (!tap_err(e, 0, "BT.policy - setup: five keys of narrow policy"))
		goto out;
	/* the right MAC for the verify element, from OpenSSL */
	if (ref_mac(NCR_ALG_HMAC_SHA256, msg, 32, msg, 64, mac, &ml))
		tap_diag("BT.policy: no reference HMAC");
	for (size_t i = 0; i < N; i++) {
		uint32_t key = pes[i].key ? *pes[i].key : 0;
		int mac_op = pes[i].alg >= NCR_ALG_MD5 &&
			     pes[i].alg <= NCR_ALG_CMAC_AES;

		el_once(&ops[i], pes[i].alg, pes[i].op, key, msg,
			mac_op ? 64 : 32, outs[0][i], 64, tags[0][i], 64);
		ops[i].once.flags = pes[i].flags;
		ops[i].once.op_flags = pes[i].op_flags;
		ops[i].once.input_key = pes[i].input_key == 1 ? kh :
					pes[i].input_key == 2 ? kx : 0;
		if (pes[i].op_flags)
			ops[i].once.input = 0, ops[i].once.input_size = 0;
		if (pes[i].op == NCR_OP_VERIFY) {
			memcpy(tags[0][i], mac, 32);
			memcpy(tags[1][i], mac, 32);
			ops[i].once.tag_size = 32;
		}
		if (pes[i].alg == NCR_ALG_AES_GCM)
			ops[i].once.tag_size = 16;
		else if (!mac_op)	/* ciphers take no tag */
			ops[i].once.tag = 0, ops[i].once.tag_size = 0;
	}
	memset(outs, 0xee, sizeof(outs));
	r = batch(A.fd, ops, N, 0, &b);
	if (!tap_err(r, 0, "BT.policy - one batch of %d elements of narrow "
		     "keys", N))
		goto out;
	for (size_t i = 0; i < N; i++) {
		struct ncr_session_once o = ops[i].once;
		int alone;

		o.output = PTR64(outs[1][i]);
		o.tag = ops[i].once.tag ? PTR64(tags[1][i]) : 0;
		o.output_size = 64;
		o.tag_size = ops[i].once.tag ? (pes[i].op == NCR_OP_VERIFY ?
			     32 : pes[i].alg == NCR_ALG_AES_GCM ? 16 : 64) : 0;
		o.result = 0xdead;
		alone = xioctl(A.fd, NCRIO_SESSION_ONCE, &o);
		eperm += ops[i].error == -EPERM;
		if (ops[i].error != alone ||
		    (pes[i].want != 1 && ops[i].error != pes[i].want) ||
		    (ops[i].error == -EPERM && outs[0][i][0] != 0xee) ||
		    (!alone && pes[i].op == NCR_OP_VERIFY &&
		     o.result != ops[i].once.result)) {
			tap_ok(0, "BT.policy - %s: batch %s, alone %s%s",
			       pes[i].what, errname(ops[i].error),
			       errname(alone), pes[i].want == 1 ? "" :
			       pes[i].want ? " (want EPERM)" : " (want 0)");
			bad++;
		}
	}
	tap_ok(!bad, "BT.policy - each of %d elements got its key's usage, "
	       "algorithm set and HASHABLE rule checked as alone (%d EPERM, "
	       "refused elements wrote nothing)", N, eperm);
out:
	a_del(A.fd, ke);
	a_del(A.fd, kg);
	a_del(A.fd, km);
	a_del(A.fd, kh);
	a_del(A.fd, kx);
}

/* ----------------------------------------------------------- BT.foreign */

static void bt_foreign(void)
{
	int mine = dev_open(), other = dev_open();
	struct ncr_batch_op ops[5];
	uint8_t out[5][64], tag[64];
	struct ncr_batch b;
	uint32_t k2 = 0, s2 = 0;
	size_t n;
	int e, r;

	if (mine < 0 || other < 0) {
		tap_ok(0, "BT.foreign - two more descriptors");
		goto out;
	}
	e = a_gen(other, NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_CBC, &k2) ?:
	    a_init(other, NCR_ALG_SHA256, NCR_OP_SIGN, 0, NULL, 0, 0, &s2);
	if (!tap_err(e, 0, "BT.foreign - setup: a key and a session in "
		     "another namespace"))
		goto out;
	el_once(&ops[0], NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k2, msg, 32, out[0],
		64, NULL, 0);
	for (int i = 1; i < 5; i++) {
		memset(&ops[i], 0, sizeof(ops[i]));
		ops[i].type = i < 3 ? NCR_BATCH_OP_UPDATE : NCR_BATCH_OP_FINAL;
		ops[i].op.size = sizeof(ops[i].op);
		ops[i].op.ses = i % 2 ? s2 : k2;
		ops[i].op.input = PTR64(msg);
		ops[i].op.input_size = 100;
		ops[i].op.output = PTR64(out[i]);
		ops[i].op.output_size = 64;
		ops[i].op.tag = PTR64(tag);
		ops[i].op.tag_size = sizeof(tag);
	}
	r = batch(mine, ops, 5, 0, &b);
	tap_ok(!r && b.done == 5 && b.failed == 5 &&
	       ops[0].error == -ENOENT && ops[1].error == -ENOENT &&
	       ops[2].error == -ENOENT && ops[3].error == -ENOENT &&
	       ops[4].error == -ENOENT,
	       "BT.foreign - the other namespace's key in a ONCE element and "
	       "its session in UPDATE/FINAL elements: ENOENT each (%s; %s %s "
	       "%s %s %s)", errname(r), errname(ops[0].error),
	       errname(ops[1].error), errname(ops[2].error),
	       errname(ops[3].error), errname(ops[4].error));
	n = sizeof(tag);
	e = a_final(other, s2, msg, 10, NULL, NULL, tag, &n, NULL);
	tap_ok(!e && n == 32, "BT.foreign - the other namespace's session "
	       "was not fed or freed by those elements (its FINAL: %s)",
	       errname(e));
	s2 = 0;
	n = 64;
	e = a_crypt(other, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k2, iv16, 16, NULL,
		    0, msg, 32, out[0], &n, NULL, NULL);
	tap_err(e, 0, "BT.foreign - and its key still works there");
out:
	if (other >= 0) {
		if (s2)
			a_free(other, s2);
		if (k2)
			a_del(other, k2);
		close(other);
	}
	if (mine >= 0)
		close(mine);
}

/* ----------------------------------------- BT.restrict and BT.deinit */

enum { RACE_N = 256, RACE_LEN = 4096 };

struct race {
	uint32_t key, new_key;
	int deinit;		/* else restrict */
	useconds_t delay;
	uint8_t new_bytes[16];
	int r1, r2;
};

static void *race_thread(void *p)
{
	struct race *rc = p;

	usleep(rc->delay);
	if (!rc->deinit) {
		rc->r1 = a_restrict(A.fd, rc->key, 0, 0, NCR_KEY_ALG_AES_CBC);
		return NULL;
	}
	rc->r1 = a_del(A.fd, rc->key);
	rc->r2 = a_import(A.fd, NCR_KEY_TYPE_AES, 0, 0, rc->new_bytes, 16, 0,
			  NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_CBC,
			  &rc->new_key);
	return NULL;
}

static void bt_race(int deinit)
{
	const char *id = deinit ? "BT.deinit" : "BT.restrict";
	struct ncr_batch_op *ops = calloc(RACE_N, sizeof(*ops));
	uint8_t *out = malloc((size_t)RACE_N * RACE_LEN);
	uint8_t *in = malloc(RACE_LEN), *ref[2] = { NULL, NULL };
	uint8_t kb[2][16];
	int iters = 0, mixed = 0, reused = 0, bad = 0;
	double t_batch = 0, t0 = now_s();
	char why[200] = "";

	ref[0] = malloc(RACE_LEN);
	ref[1] = malloc(RACE_LEN);
	if (!ops || !out || !in || !ref[0] || !ref[1]) {
		tap_ok(0, "%s - malloc", id);
		goto out;
	}
	rng_fill(&A.rng, in, RACE_LEN);
	while (!bad && (iters < 4 || (now_s() - t0 < A.seconds && iters < 60))) {
		struct race rc = { .deinit = deinit };
		struct ncr_batch b;
		pthread_t th;
		int state = 0;	/* 0: old key, 1: refused, 2: new key */
		int r;

		rng_fill(&A.rng, kb[0], 16);
		rng_fill(&A.rng, rc.new_bytes, 16);
		memcpy(kb[1], rc.new_bytes, 16);
		r = a_import(A.fd, NCR_KEY_TYPE_AES, 0, 0, kb[0], 16, 0,
			     NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_CBC |
			     NCR_KEY_ALG_AES_CTR, &rc.key);
		if (r) {
			snprintf(why, sizeof(why), "key import: %s",
				 errname(r));
			bad = 1;
			break;
		}
		ref_cipher(NCR_ALG_AES_CBC, 1, kb[0], 16, iv16, in, RACE_LEN,
			   ref[0]);
		ref_cipher(NCR_ALG_AES_CBC, 1, kb[1], 16, iv16, in, RACE_LEN,
			   ref[1]);
		for (int i = 0; i < RACE_N; i++)
			el_once(&ops[i], NCR_ALG_AES_CBC, NCR_OP_ENCRYPT,
				rc.key, in, RACE_LEN, out + (size_t)i * RACE_LEN,
				RACE_LEN, NULL, 0);
		if (iters == 0) {
			/* calibrate: how long a batch takes undisturbed */
			double t = now_s();

			r = batch(A.fd, ops, RACE_N, 0, &b);
			t_batch = now_s() - t;
			for (int i = 0; i < RACE_N; i++)
				ops[i].error = 0x5eed;
		}
		rc.delay = (useconds_t)(rng_below(&A.rng, 1000) *
					t_batch * 1000);
		pthread_create(&th, NULL, race_thread, &rc);
		r = batch(A.fd, ops, RACE_N, 0, &b);
		pthread_join(th, NULL);
		iters++;
		if (r || b.done != RACE_N) {
			snprintf(why, sizeof(why), "NCRIO_BATCH: %s, done %u",
				 errname(r), b.done);
			bad = 1;
		}
		reused += deinit && !rc.r2 && rc.new_key == rc.key;
		for (int i = 0; i < RACE_N && !bad; i++) {
			const uint8_t *o = out + (size_t)i * RACE_LEN;
			int now;

			if (!ops[i].error && !memcmp(o, ref[0], RACE_LEN))
				now = 0;
			else if (ops[i].error == (deinit ? -ENOENT : -EPERM))
				now = 1;
			else if (deinit && !ops[i].error &&
				 !memcmp(o, ref[1], RACE_LEN))
				now = 2;
			else
				now = -1;
			if (now < state) {
				snprintf(why, sizeof(why), "element %d: %s%s "
					 "after an element in state %d", i,
					 errname(ops[i].error), now < 0 ?
					 " with an output of neither key" :
					 ", the old key", state);
				bad = 1;
			}
			if (now > state && i && !state)
				mixed++;
			state = now > state ? now : state;
		}
		if (deinit) {
			if (!rc.r2)
				a_del(A.fd, rc.new_key);
		} else {
			a_del(A.fd, rc.key);
		}
	}
	tap_ok(!bad, "%s - %s from another thread while %d iterations ran "
	       "256-element AES-CBC batches on the key: each element %s, in "
	       "that order (%d batches were cut mid-way%s)%s%s", id,
	       deinit ? "NCRIO_KEY_DEINIT then a new key" :
	       "NCRIO_KEY_RESTRICT of CBC", iters,
	       deinit ? "used the old key, failed ENOENT, or used the key "
	       "the handle named next" : "was served, then refused EPERM",
	       mixed, deinit ? (reused ? ", the handle was reused" :
				", the handle was never reused") : "",
	       bad ? ": " : "", why);
out:
	free(ops);
	free(out);
	free(in);
	free(ref[0]);
	free(ref[1]);
}

static void bt_restrict(void)
{
	bt_race(0);
}

static void bt_deinit(void)
{
	bt_race(1);
}

/* ------------------------------------------------------------- BT.array */

enum { ARR_N = 64 };

struct arr_race {
	struct ncr_batch_op *ops;
	struct ncr_batch *b;
	uint32_t k[2];
	volatile int stop;
	struct rng rng;
};

/* a few microseconds with a bad value in place */
static void spin(void)
{
	for (volatile int i = 0; i < 2000; i++)
		;
}

static void *arr_thread(void *p)
{
	struct arr_race *ar = p;

	while (!ar->stop) {
		struct ncr_batch_op *e = &ar->ops[rng_below(&ar->rng, ARR_N)];

		switch (rng_below(&ar->rng, 8)) {
		case 0: case 1: case 2:
			e->once.key = ar->k[rng_below(&ar->rng, 2)];
			break;
		case 3: case 4:
			e->once.input_size = rng_below(&ar->rng, 2) ? 32 : 48;
			break;
		case 5:
			e->type = 7;
			spin();
			e->type = NCR_BATCH_OP_ONCE;
			break;
		case 6:
			e->once.input_size = 1ULL << 40;
			spin();
			e->once.input_size = 48;
			break;
		default:
			ar->b->count = 0;
			spin();
			ar->b->count = ARR_N;
			break;
		}
	}
	return NULL;
}

static void bt_array(void)
{
	struct ncr_batch_op *ops = calloc(ARR_N, sizeof(*ops));
	static uint8_t out[ARR_N][64], ref[2][48];
	struct ncr_batch b;
	struct arr_race ar = { .ops = ops, .b = &b };
	uint8_t kb[2][16];
	pthread_t th;
	long calls = 0, whole_fail = 0, elems = 0, bad = 0;
	double t0;
	char why[200] = "";
	int e;

	if (!ops)
		return;
	ar.rng.s = rng_u64(&A.rng);
	for (int k = 0; k < 2; k++) {
		rng_fill(&A.rng, kb[k], 16);
		ref_cipher(NCR_ALG_AES_CBC, 1, kb[k], 16, iv16, msg, 48,
			   ref[k]);
	}
	e = a_import(A.fd, NCR_KEY_TYPE_AES, 0, 0, kb[0], 16, 0,
		     NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_CBC, &ar.k[0]) ?:
	    a_import(A.fd, NCR_KEY_TYPE_AES, 0, 0, kb[1], 16, 0,
		     NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_CBC, &ar.k[1]);
	if (!tap_err(e, 0, "BT.array - setup: two AES-CBC keys")) {
		free(ops);
		return;
	}
	for (int i = 0; i < ARR_N; i++)
		el_once(&ops[i], NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, ar.k[i % 2],
			msg, 32, out[i], 64, NULL, 0);
	memset(&b, 0, sizeof(b));
	b.size = sizeof(b);
	b.ops = PTR64(ops);
	b.op_size = sizeof(*ops);
	b.count = ARR_N;
	pthread_create(&th, NULL, arr_thread, &ar);
	t0 = now_s();
	while (now_s() - t0 < A.seconds && !bad) {
		int r;

		memset(out, 0xee, sizeof(out));
		b.done = b.failed = 0;
		/* the write-back set each capacity to the bytes written */
		for (int i = 0; i < ARR_N; i++)
			ops[i].once.output_size = 64;
		r = xioctl(A.fd, NCRIO_BATCH, &b);
		calls++;
		if (r == -EINVAL || r == -E2BIG) {
			whole_fail++;
			continue;
		}
		if (r) {
			snprintf(why, sizeof(why), "NCRIO_BATCH: %s", errname(r));
			bad++;
			break;
		}
		for (uint32_t i = 0; i < b.done && i < ARR_N; i++) {
			/* read the element's out fields once: the other
			 * thread only writes the in fields */
			int err = ops[i].error;
			uint64_t os = ops[i].once.output_size;

			elems++;
			if (err) {
				snprintf(why, sizeof(why), "element %u: %s", i,
					 errname(err));
				bad++;
				break;
			}
			if ((os != 32 && os != 48) ||
			    (memcmp(out[i], ref[0], os) &&
			     memcmp(out[i], ref[1], os))) {
				snprintf(why, sizeof(why), "element %u: %llu "
					 "bytes, not one key's encryption of "
					 "them", i, (unsigned long long)os);
				bad++;
				break;
			}
		}
	}
	ar.stop = 1;
	pthread_join(th, NULL);
	tap_ok(!bad, "BT.array - the element array and the batch structure "
	       "rewritten by another thread during %ld batches: %ld failed "
	       "whole (EINVAL/E2BIG: a bad version read), the %ld elements "
	       "run each one consistent version of itself (its key, its "
	       "length)%s%s", calls, whole_fail, elems, bad ? ": " : "", why);
	a_del(A.fd, ar.k[0]);
	a_del(A.fd, ar.k[1]);
	free(ops);
}

/* ----------------------------------------------------------- BT.overlap */

static void bt_overlap(void)
{
	struct ncr_batch_op ops[6];
	uint8_t ct[4][32], pt[32];
	struct ncr_batch b;
	uint8_t kb[16];
	uint32_t k = 0;
	int e, r, ok;

	rng_fill(&A.rng, kb, 16);
	e = a_import(A.fd, NCR_KEY_TYPE_AES, 0, 0, kb, 16, 0,
		     NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
		     NCR_KEY_ALG_AES_CBC, &k);
	if (!tap_err(e, 0, "BT.overlap - setup: an AES-CBC key"))
		return;
	for (int i = 0; i < 4; i++)
		ref_cipher(NCR_ALG_AES_CBC, 1, kb, 16, iv16, msg + 32 * i, 32,
			   ct[i]);
	/* element i (0..2) writes its 32 bytes over the head of element
	 * i+1; element 3 over its own pointers (from its iv field on) */
	for (int i = 0; i < 4; i++)
		el_once(&ops[i], NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k,
			msg + 32 * i, 32, i < 3 ? (void *)&ops[i + 1] :
			(void *)&ops[3].once.iv, 32, NULL, 0);
	r = batch(A.fd, ops, 4, 0, &b);
	ok = !r && b.done == 4 && !b.failed;
	for (int i = 0; i < 3 && ok; i++) {
		const uint8_t *h = (const uint8_t *)&ops[i + 1];

		/* bytes 0..3 and 8..31: the ciphertext; 4..7: the error
		 * written back after the operations (0) */
		ok = !memcmp(h, ct[i], 4) && !memcmp(h + 8, ct[i] + 8, 24) &&
		     ops[i + 1].error == 0;
	}
	ok = ok && !memcmp(&ops[3].once.iv, ct[3], 32) &&
	     ops[3].once.output_size == 32;
	tap_ok(ok, "BT.overlap - outputs written over the next elements and "
	       "over an element's own pointers: all 4 ran from the kernel's "
	       "copy of the array (%s, done %u, failed %u); the array then "
	       "holds the ciphertexts, with error/output_size/tag_size/result "
	       "written back over them last", errname(r), b.done, b.failed);
	/* a later element reading an earlier one's output (synchronous
	 * elements run in order), and an input inside the array itself */
	el_once(&ops[0], NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k, msg, 32, ct[0],
		32, NULL, 0);
	el_once(&ops[1], NCR_ALG_AES_CBC, NCR_OP_DECRYPT, k, ct[0], 32, pt,
		32, NULL, 0);
	el_once(&ops[2], NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k, &ops[0], 32,
		ct[1], 32, NULL, 0);
	{
		struct ncr_batch_op copy0 = ops[0];

		r = batch(A.fd, ops, 3, 0, &b);
		ref_cipher(NCR_ALG_AES_CBC, 1, kb, 16, iv16, &copy0, 32, ct[2]);
	}
	tap_ok(!r && b.done == 3 && !b.failed && !memcmp(pt, msg, 32) &&
	       !memcmp(ct[1], ct[2], 32),
	       "BT.overlap - a DECRYPT element reading the previous element's "
	       "output gets the plaintext back, an element whose input is the "
	       "array reads it as it was before the write-back (%s)",
	       errname(r));
	a_del(A.fd, k);
}

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
			el_once(&ops[i], mj->alg, NCR_OP_SIGN, key, mj->in,
				mj->len, NULL, 0, tag, sizeof(tag));
		else if (mj->alg == NCR_ALG_AES_GCM)
			el_once(&ops[i], mj->alg, NCR_OP_DECRYPT, key, mj->in,
				mj->len, mj->out, mj->len, (void *)mj->tag,
				16);
		else
			el_once(&ops[i], mj->alg, NCR_OP_ENCRYPT, key, mj->in,
				mj->len, mj->out, mj->len, NULL, 0);
		ops[i].once.flags = mj->flags;
	}
	r = batch(fd, ops, MEM_N, 0, &b);
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

static int hw_cbc(void)
{
	struct ncr_alg_info infos[128];
	struct ncr_info info = {
		.size = sizeof(info), .alg_info_size = sizeof(infos[0]),
		.algs = PTR64(infos), .alg_count = ARRAY_SIZE(infos),
	};

	if (xioctl(A.fd, NCRIO_INFO, &info))
		return 0;
	for (uint32_t i = 0; i < info.alg_count && i < ARRAY_SIZE(infos); i++)
		if (infos[i].algorithm == NCR_ALG_AES_CBC)
			return !!(infos[i].flags &
				  NCR_ALG_INFO_FLAG_HW_AVAILABLE);
	return 0;
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

static void bt_memory(void)
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
	struct use u0;
	int e, mfd;

	/* a namespace of its own: its buffer pool grows with the threads
	 * that use it at once, and goes when it is closed */
	use_get(&u0);
	mfd = dev_open();
	if (!in || !ct || !outs || mfd < 0) {
		tap_ok(0, "BT.memory - malloc, open");
		goto out;
	}
	rng_fill(&A.rng, in, MEM_MAX_LEN);
	rng_fill(&A.rng, kb, 16);
	e = ref_aead(NCR_ALG_AES_GCM, 1, kb, 16, iv16, 12, NULL, 0, in,
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

		if (kinds[k].flags && !hw_cbc()) {
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
	use_report("BT.memory", &u0);
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
				el_once(&ops[i], NCR_ALG_AES_CBC,
					NCR_OP_ENCRYPT, key, in, len, out, len,
					NULL, 0);
				ops[i].once.flags = NCR_SESSION_FLAG_HARDWARE;
				break;
			default:
				el_once(&ops[i], i % 2 ? NCR_ALG_SHA256 :
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
		batch(fd, ops, n, 0, &b);
	}
}

static void bt_kill(void)
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
	struct use u0;

	use_get(&u0);
	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
		double took = -1;
		int p[2], st;
		pid_t pid;
		char c;

		if (kinds[k].kind == KILL_HW && !hw_cbc()) {
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
	use_report("BT.kill", &u0);
}

void t_batch(void)
{
	struct ncr_info in;

	if (a_info(A.fd, &in) || in.version < 4) {
		tap_skip("no NCRIO_BATCH (ABI < 4)", "BT - batches");
		return;
	}
	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(i * 13 + 1);
	static const struct {
		const char *name;
		void (*fn)(void);
	} parts[] = {
		{ "policy", bt_policy }, { "foreign", bt_foreign },
		{ "restrict", bt_restrict }, { "deinit", bt_deinit },
		{ "array", bt_array }, { "overlap", bt_overlap },
		{ "memory", bt_memory }, { "kill", bt_kill },
	};

	for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
		double t = now_s();

		parts[i].fn();
		tap_diag("time BT.%s: %.1f s", parts[i].name, now_s() - t);
	}
}
