// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ops.c - build/tests/stress: the random mix one process runs: N threads
 * sharing a pool of keys and a pool of sessions (generate, import,
 * deinit, session init/update/final/free, once, storage round trips,
 * NCRIO_INFO, private sessions whose key is deinit'ed half-way), some
 * results checked against OpenSSL.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libncr.h"
#include "stress.h"

/* What the mix uses each key type with (NCR_KEY_USAGE_ALL keys have no
 * default set: the set is named). */
#define AES_ALGS (NCR_KEY_ALG_AES_CBC | NCR_KEY_ALG_AES_CTR | \
		  NCR_KEY_ALG_AES_GCM | NCR_KEY_ALG_CMAC_AES)
#define CHACHA_ALGS (NCR_KEY_ALG_CHACHA20 | NCR_KEY_ALG_CHACHA20_POLY1305)

struct pkey {
	uint32_t handle, type;
	size_t len;		/* 0: bytes unknown (generated) */
	uint8_t bytes[32];
};

struct psession {
	uint32_t handle, alg;
	uint64_t fed;		/* bytes fed to a whole-message session */
};

/* What one process shares between its threads. */
struct proc {
	int fd;
	pthread_mutex_t lock;
	struct pkey keys[MAX_KEYS];
	int nkeys;
	struct psession ses[MAX_SES];
	int nses;
	double deadline;
};

struct thread {
	struct proc *p;
	struct rng rng;
	struct result res;
	int id;
	uint8_t in[BUF], out[BUF + 64], ref[BUF + 64];
};

static void note(struct thread *t, int r, const char *what)
{
	if (!r)
		return;
	if (r == -ENOENT || r == -EINVAL || r == -EPERM || r == -ENOKEY) {
		t->res.expected_errors++;
		return;
	}
	if (t->res.unexpected++ < 3)
		tap_diag("pid %d thread %d: %s: unexpected %s", (int)getpid(),
			 t->id, what, errname(r));
}

static void mismatch(struct thread *t, const char *what)
{
	if (t->res.mismatches++ < 3)
		tap_diag("pid %d thread %d: %s: result differs from OpenSSL",
			 (int)getpid(), t->id, what);
}

/* ------------------------------------------------------------ key pool */

static void pool_add_key(struct thread *t, uint32_t h, uint32_t type,
			 const uint8_t *bytes, size_t len)
{
	struct proc *p = t->p;

	pthread_mutex_lock(&p->lock);
	if (p->nkeys < MAX_KEYS) {
		struct pkey *k = &p->keys[p->nkeys++];

		k->handle = h;
		k->type = type;
		k->len = len;
		if (len)
			memcpy(k->bytes, bytes, len);
		h = 0;
	}
	if (h)	/* pool full: do not keep it */
		note(t, ncr_key_deinit(p->fd, h), "deinit (pool full)");
	pthread_mutex_unlock(&p->lock);
}

/* A snapshot of a random pool key (0 handle if none). */
static struct pkey pool_pick_key(struct thread *t)
{
	struct pkey k = { 0 };
	struct proc *p = t->p;

	pthread_mutex_lock(&p->lock);
	if (p->nkeys)
		k = p->keys[rng_below(&t->rng, (uint32_t)p->nkeys)];
	pthread_mutex_unlock(&p->lock);
	return k;
}

static void op_deinit(struct thread *t)
{
	struct proc *p = t->p;

	pthread_mutex_lock(&p->lock);
	if (p->nkeys) {
		int i = (int)rng_below(&t->rng, (uint32_t)p->nkeys);
		uint32_t h = p->keys[i].handle;

		p->keys[i] = p->keys[--p->nkeys];
		/* removal and deinit together: nobody reads a stale entry */
		note(t, ncr_key_deinit(p->fd, h), "deinit");
	}
	pthread_mutex_unlock(&p->lock);
}

/* The explicit algorithm set of a pool key of this type. */
static uint64_t type_algs(uint32_t type)
{
	switch (type) {
	case NCR_KEY_TYPE_AES:
		return AES_ALGS;
	case NCR_KEY_TYPE_CHACHA20:
		return CHACHA_ALGS;
	default:
		return NCR_KEY_ALG_HMAC_ALL;
	}
}

static void op_generate(struct thread *t)
{
	static const struct {
		uint32_t type, bits;
	} kinds[] = {
		{ NCR_KEY_TYPE_AES, 128 }, { NCR_KEY_TYPE_AES, 256 },
		{ NCR_KEY_TYPE_HMAC, 256 }, { NCR_KEY_TYPE_CHACHA20, 256 },
	};
	uint32_t i = rng_below(&t->rng, ARRAY_SIZE(kinds)), h;
	struct ncr_key_policy pol = {
		.flags = rng_below(&t->rng, 2) ? NCR_KEY_FLAG_STORABLE |
			 NCR_KEY_FLAG_WRAPPABLE : 0,
		.usage = NCR_KEY_USAGE_ALL,
		.algs = type_algs(kinds[i].type),
	};
	int r = ncr_key_generate_ex(t->p->fd, kinds[i].type, kinds[i].bits,
				    &pol, &h);

	note(t, r, "generate");
	if (!r) {
		t->res.kind_ok[K_GENERATE]++;
		pool_add_key(t, h, kinds[i].type, NULL, 0);
	}
}

static void op_import(struct thread *t)
{
	uint8_t b[32];
	uint32_t type = rng_below(&t->rng, 2) ? NCR_KEY_TYPE_AES :
			NCR_KEY_TYPE_HMAC, h;
	size_t len = type == NCR_KEY_TYPE_AES ? 16 : 32;
	int r;

	struct ncr_key_policy pol = {
		.flags = NCR_KEY_FLAG_STORABLE | NCR_KEY_FLAG_WRAPPABLE,
		.usage = NCR_KEY_USAGE_ALL, .algs = type_algs(type),
	};

	rng_fill(&t->rng, b, len);
	r = ncr_key_import_ex(t->p->fd, type, 0, 0, b, len, &pol, &h);
	note(t, r, "import");
	if (!r) {
		t->res.kind_ok[K_IMPORT]++;
		pool_add_key(t, h, type, b, len);
	}
}

/* -------------------------------------------------------- session pool */

static uint32_t alg_for(struct thread *t, uint32_t type)
{
	switch (type) {
	case NCR_KEY_TYPE_AES: {
		static const uint32_t a[] = { NCR_ALG_AES_CBC, NCR_ALG_AES_CTR,
					      NCR_ALG_AES_GCM,
					      NCR_ALG_CMAC_AES };

		return a[rng_below(&t->rng, ARRAY_SIZE(a))];
	}
	case NCR_KEY_TYPE_HMAC:
		return NCR_ALG_HMAC_SHA256;
	case NCR_KEY_TYPE_CHACHA20:
		return rng_below(&t->rng, 2) ? NCR_ALG_CHACHA20 :
		       NCR_ALG_CHACHA20_POLY1305;
	}
	return NCR_ALG_SHA256;
}

static void op_session_init(struct thread *t)
{
	struct pkey k = pool_pick_key(t);
	uint32_t alg, ses, op;
	const struct talg *a;
	uint8_t iv[16];
	int r;

	/* a stale handle may name another key now: any outcome is fine */
	alg = rng_below(&t->rng, 5) == 0 || !k.handle ? NCR_ALG_SHA256 :
	      alg_for(t, k.type);
	a = talg_get(alg);
	op = a->kind == TK_MAC || a->kind == TK_DIGEST ? NCR_OP_SIGN :
	     NCR_OP_ENCRYPT;
	rng_fill(&t->rng, iv, sizeof(iv));
	if (alg == NCR_ALG_CHACHA20)
		memset(iv, 0, 4);
	r = ncr_session_init(t->p->fd, alg, op, a->kind == TK_DIGEST ? 0 :
			     k.handle, iv, a->iv, 0, 0, &ses);
	note(t, r, "session init");
	if (r)
		return;
	t->res.kind_ok[K_SES_INIT]++;
	pthread_mutex_lock(&t->p->lock);
	if (t->p->nses < MAX_SES) {
		t->p->ses[t->p->nses].handle = ses;
		t->p->ses[t->p->nses].fed = 0;
		t->p->ses[t->p->nses++].alg = alg;
		ses = 0;
	}
	pthread_mutex_unlock(&t->p->lock);
	if (ses)
		note(t, ncr_session_free(t->p->fd, ses), "free (pool full)");
}

/* Picks a session; with take, removes it from the pool (the caller ends
 * it). */
static struct psession pool_pick_session(struct thread *t, int take)
{
	struct psession s = { 0 };
	struct proc *p = t->p;

	pthread_mutex_lock(&p->lock);
	if (p->nses) {
		int i = (int)rng_below(&t->rng, (uint32_t)p->nses);

		s = p->ses[i];
		if (take)
			p->ses[i] = p->ses[--p->nses];
	}
	pthread_mutex_unlock(&p->lock);
	return s;
}

static void op_update(struct thread *t)
{
	struct psession s = { 0 };
	struct proc *p = t->p;
	size_t len = rng_below(&t->rng, UPDATE_MAX), n = sizeof(t->out);
	int r;

	/* picked and charged under the lock: a whole-message session is fed
	 * at most ses_budget bytes, so that all of them together stay
	 * within max_buffered_bytes */
	pthread_mutex_lock(&p->lock);
	if (p->nses) {
		struct psession *ps = &p->ses[rng_below(&t->rng,
							(uint32_t)p->nses)];
		const struct talg *a = talg_get(ps->alg);

		if (!a->buffered || ps->fed + len <= ses_budget) {
			ps->fed += len;
			s = *ps;
		}
	}
	pthread_mutex_unlock(&p->lock);
	if (!s.handle)
		return;
	rng_fill(&t->rng, t->in, len);
	/* concurrent updates of one session from several threads; the
	 * handle may even be stale and name a newer session */
	r = ncr_session_update(t->p->fd, s.handle, t->in, len, t->out, &n);
	note(t, r, "update");
	if (!r)
		t->res.kind_ok[K_UPDATE]++;
}

static void op_final(struct thread *t, int free_only)
{
	struct psession s = pool_pick_session(t, 1);
	size_t len = rng_below(&t->rng, 64), n = sizeof(t->out), tl = 64;
	uint8_t tag[64];
	int r;

	if (!s.handle)
		return;
	if (free_only) {
		note(t, ncr_session_free(t->p->fd, s.handle), "free");
		return;
	}
	rng_fill(&t->rng, t->in, len);
	r = ncr_session_final(t->p->fd, s.handle, t->in, len, t->out, &n, tag,
			      &tl);
	if (r == -ERANGE) {
		/* a whole-message session fed by many threads may hold more
		 * than our buffer; make sure it is gone */
		t->res.expected_errors++;
		ncr_session_free(t->p->fd, s.handle);
		return;
	}
	note(t, r, "final");
	if (!r)
		t->res.kind_ok[K_FINAL]++;
}

/* ------------------------------------------------- unverified and verified */

static void op_once(struct thread *t)
{
	struct pkey k = pool_pick_key(t);
	size_t len = rng_below(&t->rng, 4096), n = sizeof(t->out);
	uint8_t iv[16];
	int r;

	if (!k.handle)
		return;
	rng_fill(&t->rng, iv, 16);
	rng_fill(&t->rng, t->in, len);
	r = ncr_cipher(t->p->fd, NCR_ALG_AES_CTR, NCR_OP_ENCRYPT, k.handle, iv,
		       16, t->in, len, t->out, &n);
	note(t, r, "once");
	if (!r)
		t->res.kind_ok[K_ONCE]++;
}

/* Once with a key of known bytes, the pool locked so the handle stays. */
static void op_once_verified(struct thread *t)
{
	struct proc *p = t->p;
	size_t len = 1 + rng_below(&t->rng, 4000), n;
	uint8_t iv[16];
	int r, found = 0;

	rng_fill(&t->rng, iv, 16);
	rng_fill(&t->rng, t->in, len);
	pthread_mutex_lock(&p->lock);
	for (int tries = 0; tries < 4 && p->nkeys && !found; tries++) {
		struct pkey *k = &p->keys[rng_below(&t->rng,
						    (uint32_t)p->nkeys)];

		if (!k->len)
			continue;
		found = 1;
		if (k->type == NCR_KEY_TYPE_AES) {
			n = len;
			r = ncr_cipher(p->fd, NCR_ALG_AES_CTR, NCR_OP_ENCRYPT,
				       k->handle, iv, 16, t->in, len, t->out,
				       &n);
			note(t, r, "verified once (aes-ctr)");
			ref_cipher(NCR_ALG_AES_CTR, 1, k->bytes, k->len, iv,
				   t->in, len, t->ref);
			if (!r && (n != len || memcmp(t->out, t->ref, len)))
				mismatch(t, "once aes-ctr");
		} else {
			n = 32;
			r = ncr_mac(p->fd, NCR_ALG_HMAC_SHA256, k->handle,
				    t->in, len, t->out, &n);
			note(t, r, "verified once (hmac)");
			ref_mac(NCR_ALG_HMAC_SHA256, k->bytes, k->len, t->in,
				len, t->ref, &n);
			if (!r && memcmp(t->out, t->ref, 32))
				mismatch(t, "once hmac-sha256");
		}
		if (!r)
			t->res.verified++;
	}
	pthread_mutex_unlock(&p->lock);
}

/* Storage round trip of a known key; the new key is private to us. */
static void op_wrap(struct thread *t)
{
	struct proc *p = t->p;
	uint8_t blob[NCR_STORAGE_BLOB_MAX], iv[16], bytes[32];
	size_t blen = sizeof(blob), len = 64, n = len;
	uint32_t type = 0, nk;
	size_t klen = 0;
	int r = -ENOENT;

	pthread_mutex_lock(&p->lock);
	if (p->nkeys) {
		struct pkey *k = &p->keys[rng_below(&t->rng,
						    (uint32_t)p->nkeys)];

		r = ncr_key_storage_wrap(p->fd, k->handle, blob, &blen);
		type = k->type;
		klen = k->len;
		memcpy(bytes, k->bytes, sizeof(bytes));
	}
	pthread_mutex_unlock(&p->lock);
	if (r) {
		if (r != -ENOENT)
			note(t, r, "storage wrap");
		return;
	}
	r = ncr_key_storage_unwrap(p->fd, blob, blen, &nk);
	note(t, r, "storage unwrap");
	if (r)
		return;
	t->res.kind_ok[K_STORAGE]++;
	if (klen && type == NCR_KEY_TYPE_AES) {
		rng_fill(&t->rng, iv, 16);
		rng_fill(&t->rng, t->in, len);
		r = ncr_cipher(p->fd, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, nk, iv,
			       16, t->in, len, t->out, &n);
		note(t, r, "once with an unwrapped key");
		ref_cipher(NCR_ALG_AES_CBC, 1, bytes, klen, iv, t->in, len,
			   t->ref);
		if (!r && memcmp(t->out, t->ref, len))
			mismatch(t, "unwrapped key");
		if (!r)
			t->res.verified++;
	}
	if (rng_below(&t->rng, 2))
		note(t, ncr_key_deinit(p->fd, nk), "deinit unwrapped");
	else
		pool_add_key(t, nk, type, klen ? bytes : NULL, klen);
}

/* In the thread's private namespace (no stale handles from other threads
 * can reach it): a session whose key is deinit'ed half-way. */
static void op_private_session(struct thread *t, int pfd)
{
	uint8_t key[16], iv[16];
	size_t len = 16 * (1 + rng_below(&t->rng, 200)), cut, n, got = 0;
	uint32_t k, ses;
	int r;

	rng_fill(&t->rng, key, 16);
	rng_fill(&t->rng, iv, 16);
	rng_fill(&t->rng, t->in, len);
	cut = rng_below(&t->rng, (uint32_t)len + 1);
	{
		struct ncr_key_policy pol = {
			.usage = NCR_KEY_USAGE_ENCRYPT,
			.algs = NCR_KEY_ALG_AES_CBC,
		};

		r = ncr_key_import_ex(pfd, NCR_KEY_TYPE_AES, 0, 0, key, 16,
				      &pol, &k);
	}
	note(t, r, "private import");
	if (r)
		return;
	r = ncr_session_init(pfd, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k, iv, 16, 0,
			     0, &ses);
	note(t, r, "private session init");
	if (r) {
		ncr_key_deinit(pfd, k);
		return;
	}
	n = sizeof(t->out);
	r = ncr_session_update(pfd, ses, t->in, cut, t->out, &n);
	got = r ? 0 : n;
	note(t, ncr_key_deinit(pfd, k), "private deinit");
	n = sizeof(t->out) - got;
	r = r ? r : ncr_session_final(pfd, ses, t->in + cut, len - cut,
				      t->out + got, &n, NULL, NULL);
	note(t, r, "private session");
	if (r)
		return;
	got += n;
	ref_cipher(NCR_ALG_AES_CBC, 1, key, 16, iv, t->in, len, t->ref);
	if (got != len || memcmp(t->out, t->ref, len)) {
		mismatch(t, "private session after deinit");
	} else {
		t->res.verified++;
		t->res.kind_ok[K_PRIVATE]++;
	}
}

static void *thread_main(void *arg)
{
	struct thread *t = arg;
	int pfd = ncr_open();

	if (pfd < 0)
		note(t, pfd, "open of a private namespace");

	for (long i = 0; i < iters; i++) {
		if (now_s() > t->p->deadline) {
			t->res.timed_out = 1;
			break;
		}
		switch (rng_below(&t->rng, 16)) {
		case 0: op_generate(t); break;
		case 1: op_import(t); break;
		case 2: op_deinit(t); break;
		case 3: case 4: op_session_init(t); break;
		case 5: case 6: case 7: op_update(t); break;
		case 8: op_final(t, 0); break;
		case 9: op_final(t, 1); break;
		case 10: op_once(t); break;
		case 11: case 12: op_once_verified(t); break;
		case 13: op_wrap(t); break;
		case 14:
			if (pfd >= 0)
				op_private_session(t, pfd);
			break;
		case 15: {
			struct live l;

			note(t, live_get(t->p->fd, &l), "info");
			break;
		}
		}
		t->res.ops++;
	}
	if (pfd >= 0)
		ncr_close(pfd);
	return NULL;
}

/* One process of a phase: N threads on fd, then leave half of what is
 * left behind for the close to clean up. */
void run_proc(int fd, int proc_no, int out_pipe)
{
	struct proc *p = calloc(1, sizeof(*p));
	struct thread *ts = calloc((size_t)n_threads, sizeof(*ts));
	pthread_t *tids = calloc((size_t)n_threads, sizeof(*tids));
	struct result total = { 0 };

	p->fd = fd;
	pthread_mutex_init(&p->lock, NULL);
	p->deadline = now_s() + seconds;
	for (int i = 0; i < n_threads; i++) {
		ts[i].p = p;
		ts[i].id = i;
		ts[i].rng.s = seed ^ ((uint64_t)proc_no << 32) ^
			      ((uint64_t)i * 0x9e3779b97f4a7c15ULL);
		pthread_create(&tids[i], NULL, thread_main, &ts[i]);
	}
	for (int i = 0; i < n_threads; i++) {
		pthread_join(tids[i], NULL);
		total.ops += ts[i].res.ops;
		total.verified += ts[i].res.verified;
		total.expected_errors += ts[i].res.expected_errors;
		total.unexpected += ts[i].res.unexpected;
		total.mismatches += ts[i].res.mismatches;
		total.timed_out |= ts[i].res.timed_out;
		for (int k = 0; k < K_COUNT; k++)
			total.kind_ok[k] += ts[i].res.kind_ok[k];
	}
	for (int i = 0; i < p->nkeys; i += 2)
		ncr_key_deinit(fd, p->keys[i].handle);
	for (int i = 0; i < p->nses; i += 2)
		ncr_session_free(fd, p->ses[i].handle);
	if (write(out_pipe, &total, sizeof(total)) != sizeof(total))
		tap_diag("pid %d: cannot report", (int)getpid());
	free(p);
	free(ts);
	free(tids);
}
