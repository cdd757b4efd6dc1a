// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/attacks/batch.c - part of build/tests/attacks (see
 * tests/attacks/main.c): NCRIO_BATCH (ABI 4) in an unprivileged user's
 * hands.  A batch must not do what the single ioctls refuse, and must not
 * hurt the kernel whatever its array holds or whoever changes it.
 *   BT.policy    each element gets its key's usage and algorithm set
 *                checked as the lone call does (EPERM), also right after
 *                an element that the same key was allowed to do, and the
 *                key-data rules (NCR_OP_FLAG_KEY_DATA);
 *   BT.cache     the namespace's kept one-shot session: the next lone
 *                call sees a restrict, a deinit, a new key under a reused
 *                handle, another thread's key, another namespace's key;
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
 *                the test lines).
 * (BT.memory and BT.kill, the kernel's resources: batch_res.c.)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attacks.h"

static uint8_t msg[4096];
uint8_t bt_iv16[16];

void bt_el_once(struct ncr_batch_op *e, uint32_t alg, uint32_t op,
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
		e->once.iv = PTR64(bt_iv16);
		e->once.iv_size = 16;
	} else if (alg == NCR_ALG_AES_GCM) {
		e->once.iv = PTR64(bt_iv16);
		e->once.iv_size = 12;
	}
	e->once.input = PTR64(in);
	e->once.input_size = len;
	e->once.output = PTR64(out);
	e->once.output_size = cap;
	e->once.tag = PTR64(tag);
	e->once.tag_size = tag_size;
}

int bt_batch(int fd, struct ncr_batch_op *ops, uint32_t n, uint32_t flags,
	     struct ncr_batch *b)
{
	memset(b, 0, sizeof(*b));
	b->size = sizeof(*b);
	b->flags = flags;
	b->ops = PTR64(ops);
	b->op_size = sizeof(*ops);
	b->count = n;
	return xioctl(fd, NCRIO_BATCH, b);
}

int bt_use_get(struct bt_use *u)
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
static int bt_use_back(const struct bt_use *want, struct bt_use *got)
{
	for (int i = 0; i < 300; i++) {
		if (bt_use_get(got))
			return 0;
		if (got->keys == want->keys && got->sessions == want->sessions &&
		    got->buffered == want->buffered &&
		    got->memory == want->memory)
			return 1;
		usleep(10000);
	}
	return 0;
}

void bt_use_report(const char *id, const struct bt_use *u0)
{
	struct bt_use u1;
	int ok = bt_use_back(u0, &u1);

	tap_ok(ok, "%s - the uid's keys/sessions/buffered/memory back to "
	       "%llu/%llu/%llu/%llu (now %llu/%llu/%llu/%llu)", id,
	       (unsigned long long)u0->keys, (unsigned long long)u0->sessions,
	       (unsigned long long)u0->buffered,
	       (unsigned long long)u0->memory, (unsigned long long)u1.keys,
	       (unsigned long long)u1.sessions,
	       (unsigned long long)u1.buffered,
	       (unsigned long long)u1.memory);
}

int bt_hw_cbc(void)
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

		bt_el_once(&ops[i], pes[i].alg, pes[i].op, key, msg,
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
	r = bt_batch(A.fd, ops, N, 0, &b);
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

/* -------------------------------------------------------------- BT.cache */

/* One lone AES-CBC encryption of 32 bytes of msg: 0 or -errno. */
static int once_cbc(int fd, uint32_t key, uint8_t out[32])
{
	size_t n = 32;

	return a_crypt(fd, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, key, bt_iv16, 16,
		       NULL, 0, msg, 32, out, &n, NULL, NULL);
}

struct cache_thr {
	int fd;
	uint32_t key;
	uint8_t want[32];
	double until;
	long runs, bad;
};

static void *cache_thread(void *p)
{
	struct cache_thr *c = p;
	uint8_t out[32];

	while (now_s() < c->until) {
		int r = once_cbc(c->fd, c->key, out);

		c->runs++;
		if (r || memcmp(out, c->want, 32))
			c->bad++;
	}
	return NULL;
}

/*
 * The namespace keeps its last one-shot session for the next
 * NCRIO_SESSION_ONCE (and batch element) that asks for the same one: a
 * restrict, a deinit, a new key under a reused handle, another thread's
 * key and another namespace's key must each be seen by the very next call.
 */
static void bt_cache(void)
{
	uint8_t kb[3][16], ref[3][32], out[32];
	uint32_t k = 0, k2 = 0, k3 = 0;
	int e, r, other = -1;

	for (int i = 0; i < 3; i++) {
		rng_fill(&A.rng, kb[i], 16);
		ref_cipher(NCR_ALG_AES_CBC, 1, kb[i], 16, bt_iv16, msg, 32,
			   ref[i]);
	}
	e = a_import(A.fd, NCR_KEY_TYPE_AES, 0, 0, kb[0], 16, 0,
		     NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
		     NCR_KEY_ALG_AES_CBC | NCR_KEY_ALG_AES_CTR, &k);
	e = e ?: once_cbc(A.fd, k, out);
	e = e ?: once_cbc(A.fd, k, out);
	if (!tap_err(e, 0, "BT.cache - setup: two lone AES-CBC encryptions "
		     "with one key (the second reuses the namespace's session)"))
		return;
	r = a_restrict(A.fd, k, 0, 0, NCR_KEY_ALG_AES_CBC);
	tap_err(r ?: once_cbc(A.fd, k, out), -EPERM, "BT.cache - the next "
		"lone CBC call after NCRIO_KEY_RESTRICT cleared CBC");
	a_del(A.fd, k);

	e = a_import(A.fd, NCR_KEY_TYPE_AES, 0, 0, kb[1], 16, 0,
		     NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_CBC, &k2);
	e = e ?: once_cbc(A.fd, k2, out);
	e = e ?: a_del(A.fd, k2);
	e = e ?: a_import(A.fd, NCR_KEY_TYPE_AES, 0, 0, kb[2], 16, 0,
			  NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_CBC, &k3);
	if (tap_err(e, 0, "BT.cache - a key used, deleted, another made")) {
		memset(out, 0, sizeof(out));
		r = once_cbc(A.fd, k2, out);
		tap_ok(k3 == k2 ? !r && !memcmp(out, ref[2], 32) :
		       r == -ENOENT,
		       "BT.cache - the deleted key's handle in the next lone "
		       "call: %s (%s)", k3 == k2 ?
		       "reused, the new key's ciphertext" : "ENOENT",
		       errname(r));
		tap_ok(memcmp(out, ref[1], 32) != 0, "BT.cache - ... never "
		       "the deleted key's ciphertext");
	}
	/* two threads, two keys, one namespace */
	{
		struct cache_thr t[2];
		pthread_t th[2];
		uint32_t kk[2] = { 0, 0 };

		e = a_import(A.fd, NCR_KEY_TYPE_AES, 0, 0, kb[0], 16, 0,
			     NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_CBC,
			     &kk[0]) ?:
		    a_import(A.fd, NCR_KEY_TYPE_AES, 0, 0, kb[1], 16, 0,
			     NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_CBC,
			     &kk[1]);
		for (int i = 0; i < 2 && !e; i++) {
			t[i] = (struct cache_thr){ .fd = A.fd, .key = kk[i],
				.until = now_s() + A.seconds / 2.0 + 0.5 };
			memcpy(t[i].want, ref[i], 32);
			pthread_create(&th[i], NULL, cache_thread, &t[i]);
		}
		for (int i = 0; i < 2 && !e; i++)
			pthread_join(th[i], NULL);
		tap_ok(!e && !t[0].bad && !t[1].bad, "BT.cache - two threads "
		       "of one namespace, each with its key, %ld and %ld lone "
		       "calls: each always its own key's ciphertext (%s, %ld "
		       "and %ld wrong)", e ? 0 : t[0].runs, e ? 0 : t[1].runs,
		       errname(e), e ? 0 : t[0].bad, e ? 0 : t[1].bad);
		a_del(A.fd, kk[0]);
		a_del(A.fd, kk[1]);
	}
	/* the same handle number in another namespace names its own key:
	 * keys made there until one gets the number of ours (lowest free
	 * first), all gone with the descriptor */
	other = dev_open();
	e = other < 0 ? other : 0;
	k = k2 = 0;
	e = e ?: a_import(A.fd, NCR_KEY_TYPE_AES, 0, 0, kb[0], 16, 0,
			  NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_CBC, &k);
	for (int i = 0; i < 256 && !e && k2 < k; i++)
		e = a_import(other, NCR_KEY_TYPE_AES, 0, 0, kb[1], 16, 0,
			     NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_CBC, &k2);
	if (!e && k == k2) {
		uint8_t o2[32];

		e = once_cbc(A.fd, k, out) ?: once_cbc(other, k2, o2) ?:
		    once_cbc(A.fd, k, out);
		tap_ok(!e && !memcmp(o2, ref[1], 32) && !memcmp(out, ref[0], 32),
		       "BT.cache - handle %u in two namespaces, used in turn: "
		       "each namespace's own key (%s)", k, errname(e));
	} else {
		tap_skip("no equal handle numbers", "BT.cache - one handle "
			 "number in two namespaces");
	}
	if (k)
		a_del(A.fd, k);
	if (other >= 0)
		close(other);
	a_del(A.fd, k3);
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
	bt_el_once(&ops[0], NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k2, msg, 32, out[0],
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
	r = bt_batch(mine, ops, 5, 0, &b);
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
	e = a_crypt(other, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k2, bt_iv16, 16, NULL,
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
		ref_cipher(NCR_ALG_AES_CBC, 1, kb[0], 16, bt_iv16, in, RACE_LEN,
			   ref[0]);
		ref_cipher(NCR_ALG_AES_CBC, 1, kb[1], 16, bt_iv16, in, RACE_LEN,
			   ref[1]);
		for (int i = 0; i < RACE_N; i++)
			bt_el_once(&ops[i], NCR_ALG_AES_CBC, NCR_OP_ENCRYPT,
				rc.key, in, RACE_LEN, out + (size_t)i * RACE_LEN,
				RACE_LEN, NULL, 0);
		if (iters == 0) {
			/* calibrate: how long a batch takes undisturbed */
			double t = now_s();

			r = bt_batch(A.fd, ops, RACE_N, 0, &b);
			t_batch = now_s() - t;
			for (int i = 0; i < RACE_N; i++)
				ops[i].error = 0x5eed;
		}
		rc.delay = (useconds_t)(rng_below(&A.rng, 1000) *
					t_batch * 1000);
		pthread_create(&th, NULL, race_thread, &rc);
		r = bt_batch(A.fd, ops, RACE_N, 0, &b);
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
		ref_cipher(NCR_ALG_AES_CBC, 1, kb[k], 16, bt_iv16, msg, 48,
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
		bt_el_once(&ops[i], NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, ar.k[i % 2],
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
		ref_cipher(NCR_ALG_AES_CBC, 1, kb, 16, bt_iv16, msg + 32 * i, 32,
			   ct[i]);
	/* element i (0..2) writes its 32 bytes over the head of element
	 * i+1; element 3 over its own pointers (from its iv field on) */
	for (int i = 0; i < 4; i++)
		bt_el_once(&ops[i], NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k,
			msg + 32 * i, 32, i < 3 ? (void *)&ops[i + 1] :
			(void *)&ops[3].once.iv, 32, NULL, 0);
	r = bt_batch(A.fd, ops, 4, 0, &b);
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
	bt_el_once(&ops[0], NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k, msg, 32, ct[0],
		32, NULL, 0);
	bt_el_once(&ops[1], NCR_ALG_AES_CBC, NCR_OP_DECRYPT, k, ct[0], 32, pt,
		32, NULL, 0);
	bt_el_once(&ops[2], NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k, &ops[0], 32,
		ct[1], 32, NULL, 0);
	{
		struct ncr_batch_op copy0 = ops[0];

		r = bt_batch(A.fd, ops, 3, 0, &b);
		ref_cipher(NCR_ALG_AES_CBC, 1, kb, 16, bt_iv16, &copy0, 32, ct[2]);
	}
	tap_ok(!r && b.done == 3 && !b.failed && !memcmp(pt, msg, 32) &&
	       !memcmp(ct[1], ct[2], 32),
	       "BT.overlap - a DECRYPT element reading the previous element's "
	       "output gets the plaintext back, an element whose input is the "
	       "array reads it as it was before the write-back (%s)",
	       errname(r));
	a_del(A.fd, k);
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
		{ "policy", bt_policy }, { "cache", bt_cache },
		{ "foreign", bt_foreign },
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
