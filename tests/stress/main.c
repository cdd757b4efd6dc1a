// SPDX-License-Identifier: GPL-2.0
/*
 * stress - many threads in many processes doing a random mix of ncr
 * operations, then a leak check.
 *
 *   build/tests/stress [--threads N] [--procs M]      (defaults 8 and 4)
 *   NCR_STRESS_ITERS    operations per thread and phase (default 1000)
 *   NCR_STRESS_SECONDS  time cap per phase (default 60)
 *   NCR_TEST_SEED       PRNG seed (printed)
 *
 * Two phases: all processes on ONE namespace (opened before fork), then
 * each process on its own.  In each process N threads share a pool of keys
 * and a pool of sessions and do, at random: generate, import, deinit,
 * session init/update/final/free (sessions are shared between threads, so
 * updates of one session run concurrently and finals race with updates),
 * once, storage wrap/unwrap, NCRIO_INFO, and key deinit while sessions use
 * the key.  Keys are made with an explicit algorithm set (every algorithm
 * the mix uses with their type) and, half of them, STORABLE.  Errors that
 * such races legitimately produce (ENOENT, EINVAL, EPERM, ENOKEY) are
 * counted; any other is a failure, EDQUOT included: the per-user limits
 * (ABI 3: max_keys/sessions/namespaces_per_user, max_buffered_bytes,
 * max_user_memory, charged to root too) are read from NCRIO_INFO (version
 * 1) at the start, the cost of a namespace, key and session is measured,
 * and the thread x process load is sized to stay within half of every
 * limit (--threads/--procs are reduced, with a note, if they would not);
 * the bytes fed to whole-message (AEAD) sessions are budgeted likewise.
 * Every kind of operation must succeed at least once.  Some operations
 * are verified against OpenSSL: once calls with keys of known bytes (the
 * pool lock is held so the handle cannot be reused meanwhile), storage
 * round trips, and private sessions whose key is deinit'ed half-way.
 * After each phase every namespace is closed with objects still in it and
 * NCRIO_INFO must show live_keys and live_sessions back at 0,
 * live_namespaces back at the baseline, and the caller's user_keys,
 * user_sessions, user_namespaces, user_buffered and user_memory back at
 * what they were before the run (a charge not given back is a leak).
 *
 * Then a public-key phase: a few threads sign with one shared EC key and
 * one RSA key (verifying every signature with the public key objects)
 * while another thread deinits the private keys; see phase_pk().
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "libncr.h"
#include "tap.h"

#define MAX_KEYS 24
#define MAX_SES 12
#define BUF (4096 + 64)
#define UPDATE_MAX 2048		/* bytes per update, exclusive */

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

/* Kinds of operation that must each succeed at least once. */
enum {
	K_GENERATE, K_IMPORT, K_SES_INIT, K_UPDATE, K_FINAL, K_ONCE,
	K_STORAGE, K_PRIVATE, K_COUNT
};
static const char *const kind_names[K_COUNT] = {
	"generate", "import", "session init", "update", "final", "once",
	"storage round trip", "private session",
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

/* Per-process results, sent to the parent through a pipe. */
struct result {
	long ops, verified, expected_errors;
	long unexpected, mismatches;
	long kind_ok[K_COUNT];
	int timed_out;
};

static int n_threads = 8, n_procs = 4;
static long iters = 1000;
static double seconds = 60;
static uint64_t seed;
static int master_set;	/* storage wrap works: a master key is set */
/* Bytes one whole-message session may be fed (see size_load()). */
static uint64_t ses_budget = 1 << 20;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

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
static void run_proc(int fd, int proc_no, int out_pipe)
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

/* ------------------------------------------------ per-user accounting */

/* What the caller's uid holds (NCRIO_INFO version 1, user_*). */
struct ucount {
	uint64_t keys, sessions, namespaces, buffered, memory;
};

static struct ncr_info limits;	/* the max_* fields, read at the start */
static struct ucount ubase;	/* the uid's use before the run */

static int info_v1(int fd, struct ncr_info *in)
{
	memset(in, 0, sizeof(*in));
	in->size = NCR_INFO_SIZE_VER1;
	return xioctl(fd, NCRIO_INFO, in);
}

static int ucount_get(int fd, struct ucount *u)
{
	struct ncr_info in;
	int r = info_v1(fd, &in);

	if (r)
		return r;
	u->keys = in.user_keys;
	u->sessions = in.user_sessions;
	u->namespaces = in.user_namespaces;
	u->buffered = in.user_buffered;
	u->memory = in.user_memory;
	return 0;
}

static int ucount_eq(const struct ucount *a, const struct ucount *b)
{
	return a->keys == b->keys && a->sessions == b->sessions &&
	       a->namespaces == b->namespaces && a->buffered == b->buffered &&
	       a->memory == b->memory;
}

/* Polls (~2 s, for deferred frees) until the uid's use equals *want. */
static int ucount_wait(int fd, const struct ucount *want, struct ucount *got)
{
	for (int i = 0; i < 200; i++) {
		if (ucount_get(fd, got))
			return -1;
		if (ucount_eq(got, want))
			return 0;
		usleep(10000);
	}
	return -1;
}

static void ucount_check(int fd, const char *label)
{
	struct ucount now = { 0 };
	int r = ucount_wait(fd, &ubase, &now);

	tap_ok(!r, "%s: the caller's user_keys/sessions/namespaces/buffered/"
	       "memory back to %llu/%llu/%llu/%llu/%llu (now %llu/%llu/%llu/"
	       "%llu/%llu)", label, (unsigned long long)ubase.keys,
	       (unsigned long long)ubase.sessions,
	       (unsigned long long)ubase.namespaces,
	       (unsigned long long)ubase.buffered,
	       (unsigned long long)ubase.memory,
	       (unsigned long long)now.keys, (unsigned long long)now.sessions,
	       (unsigned long long)now.namespaces,
	       (unsigned long long)now.buffered,
	       (unsigned long long)now.memory);
}

/*
 * Measures what a namespace, a key and a session (with its buffers, after
 * an update) cost in user_memory, then reduces n_threads and n_procs
 * until the planned peak stays within half of every per-user limit left
 * to the caller's uid, and of max_objects_per_ns in the shared phase;
 * sets ses_budget so that the whole-message sessions together stay within
 * half of max_buffered_bytes.  Returns 0, or -errno if the device does not
 * report the limits.
 */
static int size_load(int info_fd)
{
	struct ucount u0, u1, u2, u3, back;
	uint64_t c_ns, c_key, c_ses;
	uint8_t in[4096] = { 0 }, out[4096 + 16], iv[16] = { 0 };
	int want_t = n_threads, want_p = n_procs, r, fd;
	size_t n = sizeof(out);
	uint32_t k, ses;

	r = info_v1(info_fd, &limits);
	if (r)
		return r;
	if (!limits.max_keys_per_user || !limits.max_sessions_per_user ||
	    !limits.max_namespaces_per_user || !limits.max_objects_per_ns ||
	    !limits.max_buffered_bytes || !limits.max_user_memory)
		return -EPROTO;
	r = ucount_get(info_fd, &u0);
	fd = r ? r : ncr_open();
	if (fd < 0)
		return fd;
	r = ucount_get(info_fd, &u1);
	if (!r) {
		struct ncr_key_policy pol = {
			.usage = NCR_KEY_USAGE_ENCRYPT,
			.algs = NCR_KEY_ALG_AES_CBC,
		};

		r = ncr_key_import_ex(fd, NCR_KEY_TYPE_AES, 0, 0, in, 16, &pol,
				      &k);
	}
	r = r ? r : ucount_get(info_fd, &u2);
	r = r ? r : ncr_session_init(fd, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k, iv,
				     16, 0, 0, &ses);
	r = r ? r : ncr_session_update(fd, ses, in, sizeof(in), out, &n);
	r = r ? r : ucount_get(info_fd, &u3);
	ncr_close(fd);
	if (r)
		return r;
	if (ucount_wait(info_fd, &u0, &back))
		tap_diag("the measuring namespace did not give its charges "
			 "back at once");
	c_ns = u1.memory - u0.memory;
	c_key = u2.memory - u1.memory;
	c_ses = u3.memory - u2.memory;
	tap_diag("per-user limits: keys %u, sessions %u, namespaces %u, "
		 "objects per namespace %u, buffered %llu, memory %llu; "
		 "measured memory: namespace %llu, key %llu, session %llu",
		 limits.max_keys_per_user, limits.max_sessions_per_user,
		 limits.max_namespaces_per_user, limits.max_objects_per_ns,
		 (unsigned long long)limits.max_buffered_bytes,
		 (unsigned long long)limits.max_user_memory,
		 (unsigned long long)c_ns, (unsigned long long)c_key,
		 (unsigned long long)c_ses);
	for (;;) {
		uint64_t P = (uint64_t)n_procs, T = (uint64_t)n_threads;
		/* per process: the pools, plus per thread one key and one
		 * session in flight and a private key and session */
		uint64_t keys = P * (MAX_KEYS + 2 * T) + 4;
		uint64_t sess = P * (MAX_SES + 2 * T) + 2;
		uint64_t nss = P + P * T + 2;
		/* ... and, per thread, two bounded copies in flight */
		uint64_t mem = 2 * (nss * c_ns + keys * c_key + sess * c_ses) +
			       P * T * 2 * (NCR_COPY_BOUND + BUF);
		uint64_t per_ns = P * (MAX_KEYS + MAX_SES + 2 * T);
		int fits = keys <= (limits.max_keys_per_user - u0.keys) / 2 &&
			   sess <= (limits.max_sessions_per_user -
				    u0.sessions) / 2 &&
			   nss <= (limits.max_namespaces_per_user -
				   u0.namespaces) / 2 &&
			   per_ns <= limits.max_objects_per_ns / 2 &&
			   mem <= (limits.max_user_memory - u0.memory) / 2;

		if (fits)
			break;
		/* keep some of both: shrink the larger */
		if (n_threads > 1 && (n_threads >= n_procs || n_procs == 1))
			n_threads--;
		else if (n_procs > 1)
			n_procs--;
		else
			break;
	}
	if (n_threads != want_t || n_procs != want_p)
		tap_diag("the load is reduced to %d processes x %d threads "
			 "(asked %d x %d) to stay within the per-user limits",
			 n_procs, n_threads, want_p, want_t);
	/* whole-message sessions: at most MAX_SES per process alive */
	ses_budget = (limits.max_buffered_bytes - u0.buffered) / 2 /
		     ((uint64_t)n_procs * MAX_SES);
	if (ses_budget < UPDATE_MAX)
		ses_budget = UPDATE_MAX;
	return 0;
}

/* Whether a storage wrap works (a master key is set in this boot). */
static int probe_master(int fd)
{
	uint8_t blob[NCR_STORAGE_BLOB_MAX];
	size_t len = sizeof(blob);
	uint32_t k;
	int r = ncr_key_generate(fd, NCR_KEY_TYPE_AES, 128,
				 NCR_KEY_FLAG_STORABLE, NCR_KEY_USAGE_ENCRYPT,
				 &k);

	if (r)
		return 0;
	r = ncr_key_storage_wrap(fd, k, blob, &len);
	ncr_key_deinit(fd, k);
	return r == 0;
}

static void phase(int info_fd, const struct live *base, int shared)
{
	const char *label = shared ? "one shared namespace" :
			    "a namespace per process";
	struct result sum = { 0 };
	int pipes[2], shared_fd = -1, bad_exit = 0;
	double t0 = now_s();
	struct live now;
	pid_t *pids = calloc((size_t)n_procs, sizeof(*pids));

	if (pipe(pipes)) {
		tap_ok(0, "%s: pipe", label);
		return;
	}
	if (shared) {
		shared_fd = ncr_open();
		if (shared_fd < 0) {
			tap_ok(0, "%s: open: %s", label, errname(shared_fd));
			return;
		}
	}
	fflush(stdout);
	for (int i = 0; i < n_procs; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			int fd = shared ? shared_fd : ncr_open();

			close(pipes[0]);
			close(info_fd);
			if (fd < 0)
				_exit(3);
			run_proc(fd, i + (shared ? 0 : 100), pipes[1]);
			_exit(0);	/* exit closes the namespace */
		}
	}
	close(pipes[1]);
	for (int i = 0; i < n_procs; i++) {
		struct result r;

		if (read(pipes[0], &r, sizeof(r)) == sizeof(r)) {
			sum.ops += r.ops;
			sum.verified += r.verified;
			sum.expected_errors += r.expected_errors;
			sum.unexpected += r.unexpected;
			sum.mismatches += r.mismatches;
			sum.timed_out |= r.timed_out;
			for (int k = 0; k < K_COUNT; k++)
				sum.kind_ok[k] += r.kind_ok[k];
		} else {
			sum.unexpected++;
		}
	}
	close(pipes[0]);
	for (int i = 0; i < n_procs; i++) {
		int st = 0;

		waitpid(pids[i], &st, 0);
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			bad_exit++;
	}
	if (shared_fd >= 0)
		ncr_close(shared_fd);
	free(pids);

	tap_diag("%s: %ld operations in %.1f s (%ld refused as races "
		 "allow)%s", label, sum.ops, now_s() - t0, sum.expected_errors,
		 sum.timed_out ? ", stopped by the time cap" : "");
	tap_ok(!bad_exit, "%s: %d processes x %d threads ran and exited "
	       "normally", label, n_procs, n_threads);
	tap_ok(!sum.unexpected, "%s: no unexpected errors (%ld)", label,
	       sum.unexpected);
	tap_ok(!sum.mismatches && sum.verified > 0, "%s: %ld results checked "
	       "against OpenSSL, %ld wrong", label, sum.verified,
	       sum.mismatches);
	{
		char list[400] = "";
		int missing = 0;

		for (int k = 0; k < K_COUNT; k++) {
			size_t l = strlen(list);

			if (k == K_STORAGE && !master_set)
				continue;
			snprintf(list + l, sizeof(list) - l, "%s%s %ld",
				 l ? ", " : "", kind_names[k], sum.kind_ok[k]);
			missing += !sum.kind_ok[k];
		}
		if (iters * n_threads >= 400 && !sum.timed_out)
			tap_ok(!missing, "%s: every kind of operation "
			       "succeeded (%s)", label, list);
		else
			tap_skip("too few operations to expect each kind",
				 "%s: every kind of operation succeeded (%s)",
				 label, list);
	}
	if (live_wait(info_fd, base, &now))
		tap_ok(0, "%s: after closing: live keys %llu, sessions %llu, "
		       "namespaces %u; want %llu, %llu, %u", label,
		       (unsigned long long)now.keys,
		       (unsigned long long)now.sessions, now.namespaces,
		       (unsigned long long)base->keys,
		       (unsigned long long)base->sessions, base->namespaces);
	else
		tap_ok(1, "%s: after closing: live keys %llu, sessions %llu, "
		       "namespaces back to %u", label,
		       (unsigned long long)now.keys,
		       (unsigned long long)now.sessions, now.namespaces);
	ucount_check(info_fd, label);
}

/* ---------------------------------------------- public-key phase */

/*
 * A few threads sign with one shared EC P-256 key and one RSA-2048 key
 * (an OpenSSL key imported as PKCS#8, to spare a kernel generation under
 * emulation), each signature checked with the public key objects, through
 * one-shot calls and through sessions, while another thread deinits the
 * private keys: afterwards new signatures fail with ENOENT, sessions
 * opened before complete and verify, and at the end the counters are back
 * at the baseline.
 */
#define PK_SIGNERS 3
#define PK_OPS 24

struct pkstate {
	int fd;
	uint32_t ec, ec_pub, rsa, rsa_pub;
	volatile int deinit_done;
	int done_ops[PK_SIGNERS];
	long ok, enoent, bad, unexpected;
	pthread_mutex_t lock;
};

struct pkthread {
	struct pkstate *s;
	int no;
};

static void *pk_signer(void *arg)
{
	struct pkthread *pt = arg;
	struct pkstate *s = pt->s;
	long ok = 0, enoent = 0, bad = 0, unexpected = 0;

	for (int i = 0; i < PK_OPS; i++) {
		int rsa = (i + pt->no) % 3 == 0, ses = i % 2;
		uint32_t key = rsa ? s->rsa : s->ec;
		uint32_t pub = rsa ? s->rsa_pub : s->ec_pub;
		uint32_t alg = rsa ? NCR_ALG_RSA_PSS : NCR_ALG_ECDSA;
		struct pkp p = { .hash = NCR_ALG_SHA256,
				 .salt_size = rsa ? 32 : 0 };
		uint8_t msg[300], sig[NCR_MAX_SIGNATURE];
		size_t sl = sizeof(sig);
		int r;

		memset(msg, pt->no * 31 + i, sizeof(msg));
		if (ses)
			r = pk_sign_ses(s->fd, alg, key, &p, msg, sizeof(msg),
					50, sig, &sl);
		else
			r = pk_sign(s->fd, alg, key, &p, msg, sizeof(msg), sig,
				    &sl);
		if (r == -ENOENT && s->deinit_done) {
			enoent++;
		} else if (r) {
			unexpected++;
			tap_diag("pk signer %d: %s sign: %s", pt->no,
				 rsa ? "RSA-PSS" : "ECDSA", errname(r));
		} else {
			r = pk_verify(s->fd, alg, pub, &p, msg, sizeof(msg),
				      sig, sl);
			if (r == NCR_VERIFY_OK) {
				ok++;
			} else {
				bad++;
				tap_diag("pk signer %d: verify: %s", pt->no,
					 r == NCR_VERIFY_FAILED ?
					 "NCR_VERIFY_FAILED" : errname(r));
			}
		}
		pthread_mutex_lock(&s->lock);
		s->done_ops[pt->no]++;
		pthread_mutex_unlock(&s->lock);
	}
	pthread_mutex_lock(&s->lock);
	s->ok += ok;
	s->enoent += enoent;
	s->bad += bad;
	s->unexpected += unexpected;
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

static void *pk_deiniter(void *arg)
{
	struct pkstate *s = arg;
	uint32_t ses = 0;
	struct pkp p = { .hash = NCR_ALG_SHA256 };
	uint8_t sig[NCR_MAX_SIGNATURE];
	size_t sl = sizeof(sig);
	int r, ready = 0;

	/* a session opened before the deinit must still complete */
	{
		struct ncr_session_init si = {
			.size = sizeof(si), .algorithm = NCR_ALG_ECDSA,
			.op = NCR_OP_SIGN, .key = s->ec,
			.hash = NCR_ALG_SHA256,
		};

		if (!xioctl(s->fd, NCRIO_SESSION_INIT, &si))
			ses = si.ses;
	}
	while (!ready) {
		usleep(2000);
		pthread_mutex_lock(&s->lock);
		ready = 1;
		for (int i = 0; i < PK_SIGNERS; i++)
			ready &= s->done_ops[i] >= PK_OPS / 3;
		pthread_mutex_unlock(&s->lock);
	}
	s->deinit_done = 1;	/* before: ENOENT may come at once */
	__sync_synchronize();
	key_del(s->fd, s->ec);
	key_del(s->fd, s->rsa);
	r = ses ? 0 : -ENOENT;
	if (ses) {
		struct ncr_session_op f = {
			.size = sizeof(f), .ses = ses, .input = PTR64("abc"),
			.input_size = 3, .tag = PTR64(sig),
			.tag_size = sizeof(sig),
		};

		r = xioctl(s->fd, NCRIO_SESSION_FINAL, &f);
		sl = f.tag_size;
		if (!r)
			r = pk_verify(s->fd, NCR_ALG_ECDSA, s->ec_pub, &p, "abc",
				      3, sig, sl);
	}
	tap_ok(r == NCR_VERIFY_OK, "pk stress: a session opened before its "
	       "key was deinit'ed signs afterwards, verifiably (%s)",
	       errname(r));
	return NULL;
}

static void phase_pk(int info_fd, const struct live *base)
{
	struct pkstate s = { .lock = PTHREAD_MUTEX_INITIALIZER };
	pthread_t th[PK_SIGNERS + 1];
	struct pkthread pt[PK_SIGNERS];
	struct live after;
	EVP_PKEY *o = EVP_RSA_gen(2048);
	PKCS8_PRIV_KEY_INFO *p8 = o ? EVP_PKEY2PKCS8(o) : NULL;
	uint8_t der[4096], spki[1024];
	unsigned char *dp = der;
	size_t sl = sizeof(spki);
	double t0 = now_s();
	int n = p8 ? i2d_PKCS8_PRIV_KEY_INFO(p8, NULL) : -1, r;

	if (n > 0 && n <= (int)sizeof(der))
		n = i2d_PKCS8_PRIV_KEY_INFO(p8, &dp);
	PKCS8_PRIV_KEY_INFO_free(p8);
	EVP_PKEY_free(o);
	s.fd = dev_open();
	r = s.fd < 0 ? s.fd : n <= 0 ? -EPROTO : 0;
	r = r ? r : pk_genpair(s.fd, NCR_KEY_TYPE_EC, 256, 0, NULL, 0, 0,
			       NCR_KEY_USAGE_SIGN, 0, &s.ec, &s.ec_pub);
	r = r ? r : pk_import(s.fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_PKCS8, 0,
			      der, (size_t)n, 0, NCR_KEY_USAGE_SIGN, &s.rsa);
	r = r ? r : pk_export(s.fd, s.rsa, NCR_KEY_FORMAT_SPKI, spki, &sl);
	r = r ? r : pk_import(s.fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_SPKI, 0,
			      spki, sl, 0, NCR_KEY_USAGE_VERIFY, &s.rsa_pub);
	memset(der, 0, sizeof(der));
	if (!tap_err(r, 0, "pk stress: shared EC P-256 and RSA-2048 keys")) {
		if (s.fd >= 0)
			close(s.fd);
		return;
	}
	for (int i = 0; i < PK_SIGNERS; i++) {
		pt[i].s = &s;
		pt[i].no = i;
		pthread_create(&th[i], NULL, pk_signer, &pt[i]);
	}
	pthread_create(&th[PK_SIGNERS], NULL, pk_deiniter, &s);
	for (int i = 0; i <= PK_SIGNERS; i++)
		pthread_join(th[i], NULL);
	tap_ok(s.bad == 0 && s.unexpected == 0 && s.ok > 0,
	       "pk stress: %d threads, %ld signatures verified, %ld ENOENT "
	       "after the deinit, %ld bad, %ld unexpected errors (%.1f s)",
	       PK_SIGNERS, s.ok, s.enoent, s.bad, s.unexpected,
	       now_s() - t0);
	close(s.fd);
	r = live_wait(info_fd, base, &after);
	tap_ok(!r,
	       "pk stress: live keys/sessions/namespaces back to %llu/%llu/%u "
	       "(now %llu/%llu/%u)", (unsigned long long)base->keys,
	       (unsigned long long)base->sessions, base->namespaces,
	       (unsigned long long)after.keys,
	       (unsigned long long)after.sessions, after.namespaces);
	ucount_check(info_fd, "pk stress");
}

int main(int argc, char **argv)
{
	struct live base;
	const char *env;
	int info_fd;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--threads") && i + 1 < argc)
			n_threads = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--procs") && i + 1 < argc)
			n_procs = atoi(argv[++i]);
		else {
			fprintf(stderr, "usage: stress [--threads N] "
				"[--procs M]\n");
			return 2;
		}
	}
	if (n_threads < 1 || n_procs < 1) {
		fprintf(stderr, "stress: need at least 1 thread and process\n");
		return 2;
	}
	env = getenv("NCR_STRESS_ITERS");
	if (env && atol(env) > 0)
		iters = atol(env);
	env = getenv("NCR_STRESS_SECONDS");
	if (env && atof(env) > 0)
		seconds = atof(env);
	tap_init();
	info_fd = ncr_open();
	if (info_fd < 0) {
		char reason[96];

		snprintf(reason, sizeof(reason), "cannot open /dev/crypto: %s",
			 errname(info_fd));
		tap_skip_all(reason);
	}
	seed = test_seed();
	master_set = probe_master(info_fd);
	{
		int r = size_load(info_fd);

		if (!tap_err(r, 0, "NCRIO_INFO version 1 reports the per-user "
			     "limits; a namespace, key and session measured"))
			return tap_finish("stress");
	}
	if (live_get(info_fd, &base) || ucount_get(info_fd, &ubase)) {
		tap_ok(0, "NCRIO_INFO");
		return tap_finish("stress");
	}
	tap_diag("the caller's uid holds %llu keys, %llu sessions, %llu "
		 "namespaces, %llu buffered bytes, %llu memory bytes; storage "
		 "wrap %s", (unsigned long long)ubase.keys,
		 (unsigned long long)ubase.sessions,
		 (unsigned long long)ubase.namespaces,
		 (unsigned long long)ubase.buffered,
		 (unsigned long long)ubase.memory,
		 master_set ? "works" : "does not work (no master key)");
	tap_diag("baseline: live keys %llu, sessions %llu, namespaces %u; "
		 "%ld operations per thread", (unsigned long long)base.keys,
		 (unsigned long long)base.sessions, base.namespaces, iters);
	tap_ok(base.keys == 0 && base.sessions == 0,
	       "no keys or sessions alive before the run");

	phase(info_fd, &base, 1);
	phase(info_fd, &base, 0);
	phase_pk(info_fd, &base);
	ncr_close(info_fd);
	return tap_finish("stress");
}
