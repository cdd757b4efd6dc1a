// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/attacks/kernel.c - part of build/tests/attacks (see tests/attacks/main.c):
 * the findings of issue 7 about the kernel's own resources.
 *   A4   per-user memory: many descriptors and processes of one uid stop
 *        at the per-user caps; MemAvailable bounded and restored; root
 *        keeps working meanwhile (P.caps);
 *   A5   u64 overflow of the whole-message length (no WARN);
 *   A6   NCRIO_SESSION_INIT against a racing free (no use after free).
 * Killed and faulted operations (A8, A9, A11) are in kill.c.
 * The VM runner's kernel-log check (exit 125 on WARN, soft lockup, ...)
 * is part of each.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/evp.h>

#include "attacks.h"

#define MiB (1024UL * 1024UL)

/* ------------------------------------------------------------------- A4 */

struct a4_rep {
	int nns, nses, nbufses, nkeys;
	uint64_t buffered;
	int e_open, e_ses, e_buf, e_key;
};

#define A4_CHILDREN 3

struct a4 {
	pid_t pid[A4_CHILDREN];
	int release[A4_CHILDREN];	/* write ends: closing lets go */
	struct a4_rep rep[A4_CHILDREN];
	struct a4_rep sum;
};

/* One attacking process: as many namespaces, buffered bytes, sessions
 * and keys as it can get, then hold them until rfd closes. */
static void a4_child(int wfd, int rfd)
{
	static int fds[8192];
	struct a4_rep rep;
	struct rlimit rl;
	const size_t chunk = 8 * MiB;
	static const uint8_t iv[12];
	uint8_t *src;
	int nfd = 0;
	char c;

	memset(&rep, 0, sizeof(rep));
	if (!getrlimit(RLIMIT_NOFILE, &rl)) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	while (nfd < (int)ARRAY_SIZE(fds)) {
		int f = open("/dev/crypto", O_RDWR | O_CLOEXEC);

		if (f < 0) {
			rep.e_open = -errno;
			break;
		}
		fds[nfd++] = f;
	}
	rep.nns = nfd;
	src = mmap(NULL, chunk, PROT_READ,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	/* buffered AEAD data, 16 MiB per session */
	for (int i = 0; nfd && src != MAP_FAILED && !rep.e_buf; i++) {
		int f = fds[i % nfd];
		uint32_t k, ses;
		int r = a_gen(f, NCR_KEY_TYPE_AES, 128, 0,
			      NCR_KEY_USAGE_ENCRYPT, 0, &k);

		r = r ?: a_init(f, NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, k, iv, 12,
				0, &ses);
		if (r) {
			rep.e_buf = r;
			break;
		}
		rep.nkeys++;
		rep.nbufses++;
		for (size_t fed = 0; fed < 16 * MiB; fed += chunk) {
			r = a_update(f, ses, 0, 0, src, chunk, NULL, NULL);
			if (r) {
				rep.e_buf = r;
				break;
			}
			rep.buffered += chunk;
		}
	}
	/* sessions */
	for (int i = 0; nfd; i++) {
		uint32_t ses;
		int r = a_init(fds[i % nfd], NCR_ALG_SHA256, NCR_OP_SIGN, 0,
			       NULL, 0, 0, &ses);

		if (r) {
			rep.e_ses = r;
			break;
		}
		rep.nses++;
	}
	/* keys */
	for (int i = 0; nfd; i++) {
		uint32_t k;
		int r = a_gen(fds[i % nfd], NCR_KEY_TYPE_AES, 128, 0,
			      NCR_KEY_USAGE_ENCRYPT, 0, &k);

		if (r) {
			rep.e_key = r;
			break;
		}
		rep.nkeys++;
	}
	if (write(wfd, &rep, sizeof(rep)) != sizeof(rep))
		_exit(1);
	while (read(rfd, &c, 1) > 0)
		;
	_exit(0);
}

/* Starts the attacking processes and waits for their reports; 0 or -1. */
static int a4_fill(struct a4 *st)
{
	memset(st, 0, sizeof(*st));
	fflush(stdout);
	for (int i = 0; i < A4_CHILDREN; i++) {
		int rep[2], rel[2];

		if (pipe(rep) || pipe(rel))
			return -1;
		st->pid[i] = fork();
		if (st->pid[i] == 0) {
			close(rep[0]);
			close(rel[1]);
			for (int j = 0; j < i; j++)
				close(st->release[j]);
			close(A.fd);
			a4_child(rep[1], rel[0]);
		}
		close(rep[1]);
		close(rel[0]);
		st->release[i] = rel[1];
		if (st->pid[i] < 0) {
			close(rep[0]);
			return -1;
		}
		/* the others start while this one fills: read later */
		st->rep[i].nns = rep[0];
	}
	for (int i = 0; i < A4_CHILDREN; i++) {
		int rfd = st->rep[i].nns;

		if (read(rfd, &st->rep[i], sizeof(st->rep[i])) !=
		    sizeof(st->rep[i]))
			memset(&st->rep[i], 0, sizeof(st->rep[i]));
		close(rfd);
		st->sum.nns += st->rep[i].nns;
		st->sum.nses += st->rep[i].nses;
		st->sum.nbufses += st->rep[i].nbufses;
		st->sum.nkeys += st->rep[i].nkeys;
		st->sum.buffered += st->rep[i].buffered;
	}
	return 0;
}

static void a4_release(struct a4 *st)
{
	for (int i = 0; i < A4_CHILDREN; i++) {
		if (st->release[i] > 0)
			close(st->release[i]);
		if (st->pid[i] > 0)
			waitpid(st->pid[i], NULL, 0);
	}
}

/* Which errors the children saw in one phase: mask of 1 EDQUOT, 2 other. */
static int a4_errs(const struct a4 *st, int phase, char *buf, size_t len)
{
	int m = 0;
	size_t off = 0;

	buf[0] = 0;
	for (int i = 0; i < A4_CHILDREN; i++) {
		const struct a4_rep *r = &st->rep[i];
		int e = phase == 0 ? r->e_open : phase == 1 ? r->e_buf :
			phase == 2 ? r->e_ses : r->e_key;

		/* a process that started after the others had taken every
		 * namespace of the uid was stopped by the cap at its first
		 * open and could not try the rest: the cap held for it */
		if (phase && !r->nns && r->e_open == -EDQUOT)
			e = -EDQUOT;

		m |= e == -EDQUOT ? 1 : 2;
		off += (size_t)snprintf(buf + off, len - off, "%s%s",
					i ? "/" : "", errname(e));
		if (off >= len)
			break;
	}
	return m;
}

void t_a4(void)
{
	struct ncr_info i0, i1, i2;
	struct a4 st;
	long m0, m1, m2 = -1;
	char e[128];
	int ok, m, all = 1;
	uint64_t bound;

	if (a_info(A.fd, &i0) || !i0.max_user_memory) {
		tap_ok(0, "A4.0 - NCRIO_INFO version 1 reports the per-user "
		       "caps");
		return;
	}
	tap_diag("caps: %u keys, %u sessions, %u namespaces, %llu MiB "
		 "buffered, %llu MiB memory; in use: %u, %u, %u, %llu, %llu",
		 i0.max_keys_per_user, i0.max_sessions_per_user,
		 i0.max_namespaces_per_user,
		 (unsigned long long)(i0.max_buffered_bytes / MiB),
		 (unsigned long long)(i0.max_user_memory / MiB), i0.user_keys,
		 i0.user_sessions, i0.user_namespaces,
		 (unsigned long long)i0.user_buffered,
		 (unsigned long long)i0.user_memory);
	m0 = a_mem_available_kb();
	if (a4_fill(&st)) {
		tap_ok(0, "A4.0 - fork the attacking processes");
		a4_release(&st);
		return;
	}
	a_info(A.fd, &i1);
	m1 = a_mem_available_kb();
	tap_diag("%d processes: %d namespaces, %d buffering sessions with %llu "
		 "MiB, %d sessions, %d keys; the uid now holds %u keys, %u "
		 "sessions, %u namespaces, %llu MiB buffered, %llu MiB memory",
		 A4_CHILDREN, st.sum.nns, st.sum.nbufses,
		 (unsigned long long)(st.sum.buffered / MiB), st.sum.nses,
		 st.sum.nkeys, i1.user_keys, i1.user_sessions,
		 i1.user_namespaces,
		 (unsigned long long)(i1.user_buffered / MiB),
		 (unsigned long long)(i1.user_memory / MiB));

	m = a4_errs(&st, 0, e, sizeof(e));
	all &= tap_ok(i1.user_namespaces <= i0.max_namespaces_per_user &&
	       i1.user_namespaces == i0.user_namespaces + (uint32_t)st.sum.nns
	       && (m & 1), "A4.1 - %d processes opening /dev/crypto until it "
	       "fails: %u namespaces for the uid (cap %u), the opens ended "
	       "with %s (one at least EDQUOT)", A4_CHILDREN,
	       i1.user_namespaces, i0.max_namespaces_per_user, e);
	m = a4_errs(&st, 1, e, sizeof(e));
	all &= tap_ok(i1.user_buffered <= i0.max_buffered_bytes && m == 1,
	       "A4.2 - AEAD data buffered from every process: %llu MiB for "
	       "the uid (cap %llu MiB), each process stopped with EDQUOT (%s)",
	       (unsigned long long)(i1.user_buffered / MiB),
	       (unsigned long long)(i0.max_buffered_bytes / MiB), e);
	m = a4_errs(&st, 2, e, sizeof(e));
	all &= tap_ok(i1.user_sessions <= i0.max_sessions_per_user &&
	       i1.user_sessions == i0.user_sessions +
	       (uint32_t)(st.sum.nses + st.sum.nbufses) && m == 1,
	       "A4.3 - sessions over all descriptors and processes: %u for "
	       "the uid (cap %u), counted exactly, all stopped with EDQUOT "
	       "(%s)", i1.user_sessions, i0.max_sessions_per_user, e);
	m = a4_errs(&st, 3, e, sizeof(e));
	all &= tap_ok(i1.user_keys <= i0.max_keys_per_user &&
	       i1.user_keys == i0.user_keys + (uint32_t)st.sum.nkeys && m == 1,
	       "A4.4 - keys: %u for the uid (cap %u), all stopped with EDQUOT "
	       "(%s)", i1.user_keys, i0.max_keys_per_user, e);
	all &= tap_ok(i1.user_memory <= i0.max_user_memory, "A4.5 - other "
	       "kernel memory of the uid: %llu KiB (cap %llu KiB)",
	       (unsigned long long)(i1.user_memory / 1024),
	       (unsigned long long)(i0.max_user_memory / 1024));
	bound = (i0.max_buffered_bytes + i0.max_user_memory) / 1024 +
		64 * 1024;
	all &= tap_ok(m0 > 0 && m1 > 0 &&
		      (uint64_t)(m0 > m1 ? m0 - m1 : 0) <= bound,
	       "A4.6 - MemAvailable %ld -> %ld KiB at the peak: a drop of %ld "
	       "MiB, within the caps + 64 MiB of overhead (%llu MiB)", m0, m1,
	       (m0 - m1) / 1024, (unsigned long long)(bound / 1024));

	a4_release(&st);
	for (int i = 0; i < 300; i++) {
		a_info(A.fd, &i2);
		m2 = a_mem_available_kb();
		ok = i2.user_keys == i0.user_keys &&
		     i2.user_sessions == i0.user_sessions &&
		     i2.user_namespaces == i0.user_namespaces &&
		     i2.user_buffered == i0.user_buffered &&
		     i2.user_memory == i0.user_memory &&
		     i2.live_keys == i0.live_keys &&
		     i2.live_sessions == i0.live_sessions &&
		     i2.live_namespaces == i0.live_namespaces;
		if (ok && m2 >= m0 - 24 * 1024)
			break;
		usleep(10000);
	}
	all &= tap_ok(ok, "A4.7 - after the processes exit, the uid's counters "
	       "are back (keys %u, sessions %u, namespaces %u, buffered %llu, "
	       "memory %llu; live %llu/%llu/%u)", i2.user_keys,
	       i2.user_sessions, i2.user_namespaces,
	       (unsigned long long)i2.user_buffered,
	       (unsigned long long)i2.user_memory,
	       (unsigned long long)i2.live_keys,
	       (unsigned long long)i2.live_sessions, i2.live_namespaces);
	all &= tap_ok(m2 >= m0 - 24 * 1024, "A4.8 - MemAvailable back to %ld "
	       "KiB (before %ld; allowed 24 MiB less)", m2, m0);
	tap_ok(all, "P.caps - one uid's keys, sessions, namespaces, buffered "
	       "bytes and memory stay within the per-user caps over %d "
	       "processes and all their descriptors, and come back (A4.1 - "
	       "A4.8)", A4_CHILDREN);
}

/* Root: a process of root's allocates and computes while uid 65534 sits
 * at its caps. */
void t_a4_root(void)
{
	struct { struct a4 st; struct ncr_info in; int ok; } rep;
	int p[2], rel[2];
	pid_t pid;
	char c;

	memset(&rep, 0, sizeof(rep));
	if (pipe(p) || pipe(rel)) {
		tap_ok(0, "A4.9 - pipes");
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		close(rel[1]);
		close(A.fd);
		rep.ok = !a_drop_privileges();
		if (rep.ok) {
			A.fd = dev_open();
			rep.ok = A.fd >= 0 && !a4_fill(&rep.st);
			a_info(A.fd, &rep.in);
		}
		if (write(p[1], &rep, sizeof(rep)) != sizeof(rep))
			_exit(1);
		while (read(rel[0], &c, 1) > 0)
			;
		a4_release(&rep.st);
		_exit(0);
	}
	close(p[1]);
	close(rel[0]);
	if (pid < 0 || read(p[0], &rep, sizeof(rep)) != sizeof(rep))
		rep.ok = 0;
	close(p[0]);
	tap_ok(rep.ok && rep.in.user_sessions >= rep.in.max_sessions_per_user -
	       64 && rep.in.user_buffered + 16 * MiB >=
	       rep.in.max_buffered_bytes, "A4.9 - uid 65534 (forked by root, "
	       "dropped) sits at its caps: %u sessions, %llu MiB buffered, %u "
	       "keys, %u namespaces", rep.in.user_sessions,
	       (unsigned long long)(rep.in.user_buffered / MiB),
	       rep.in.user_keys, rep.in.user_namespaces);
	{
		static const uint8_t iv[12];
		uint8_t *buf = malloc(MiB + 16), *out = malloc(MiB + 16);
		uint8_t tag[16], sig[128];
		size_t on = MiB, tl = 16, sl = sizeof(sig);
		uint32_t k, ses, priv, pub, ks[100];
		struct pkp pp = { .hash = NCR_ALG_SHA256 };
		int fd = dev_open(), r, nk = 0;

		r = fd < 0 ? fd : 0;
		r = r ?: a_gen(fd, NCR_KEY_TYPE_AES, 256, 0,
			       NCR_KEY_USAGE_ENCRYPT, 0, &k);
		r = r ?: a_init(fd, NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, k, iv, 12,
				0, &ses);
		if (buf && out)
			memset(buf, 0x33, MiB);
		r = r ?: !buf || !out ? -ENOMEM :
		    a_update(fd, ses, 0, 0, buf, MiB, NULL, NULL);
		r = r ?: a_final(fd, ses, NULL, 0, out, &on, tag, &tl, NULL);
		r = r ?: a_genpair(fd, NCR_KEY_TYPE_EC, 256, NULL, 0, 0,
				   NCR_KEY_USAGE_SIGN, 0, &priv, &pub);
		r = r ?: pk_sign(fd, NCR_ALG_ECDSA, priv, &pp, buf, 4096, sig,
				 &sl);
		for (; !r && nk < 100; nk++)
			r = a_gen(fd, NCR_KEY_TYPE_AES, 128, 0,
				  NCR_KEY_USAGE_ENCRYPT, 0, &ks[nk]);
		tap_ok(!r && on == MiB, "A4.10 - meanwhile root opens "
		       "/dev/crypto, buffers and encrypts 1 MiB with AES-GCM, "
		       "signs with a new ECDSA key and makes 100 keys: %s",
		       errname(r));
		if (fd >= 0)
			close(fd);
		free(buf);
		free(out);
	}
	close(rel[1]);
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

/* ------------------------------------------------------------------- A5 */

static int err_in(int r, const int *ok, int n)
{
	for (int i = 0; i < n; i++)
		if (r == ok[i])
			return 1;
	return 0;
}

void t_a5(void)
{
	static const int docs[] = { -EDQUOT, -EFAULT, -EINVAL, -ERANGE };
	static const uint64_t huge[] = {
		~0ULL - 99, ~0ULL, 1ULL << 63, 1ULL << 32, (1ULL << 32) - 64,
	};
	uint8_t key[16], iv[12], in[4096], out[4200], tag[16], want[4200];
	uint8_t wtag[16];
	struct ncr_info i0, i1;
	size_t on, tl;
	uint32_t k, ses, ses2;
	int r, bad = 0, fd;

	rng_fill(&A.rng, key, sizeof(key));
	rng_fill(&A.rng, iv, sizeof(iv));
	rng_fill(&A.rng, in, sizeof(in));
	a_info(A.fd, &i0);
	fd = dev_open();
	r = fd < 0 ? fd : a_import(fd, NCR_KEY_TYPE_AES, 0, 0, key, 16, 0,
		     NCR_KEY_USAGE_ENCRYPT, 0, &k);
	r = r ?: a_init(fd, NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, k, iv, 12, 0,
			&ses);
	r = r ?: a_update(fd, ses, 0, 0, in, 100, NULL, NULL);
	if (!tap_err(r, 0, "A5.0 - a namespace of its own, an AES-GCM "
		     "session with 100 bytes fed")) {
		if (fd >= 0)
			close(fd);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(huge); i++) {
		r = a_update(fd, ses, 0, 0, in, huge[i], NULL, NULL);
		tap_ok(err_in(r, docs, 3), "A5.%zu - AES-GCM update with "
		       "input_size %#llx after 100 bytes: %s (EDQUOT, EFAULT "
		       "or EINVAL; the sum must not wrap)", i + 1,
		       (unsigned long long)huge[i], errname(r));
	}
	r = a_init(fd, NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, k, iv, 12, 0, &ses2);
	if (!r) {
		int r1 = a_update(fd, ses2, NCR_OP_FLAG_AAD, 0, in, 10, NULL,
				  NULL);
		int r2 = a_update(fd, ses2, NCR_OP_FLAG_AAD, 0, in,
				  ~0ULL - 5, NULL, NULL);

		tap_ok(!r1 && err_in(r2, docs, 3), "A5.6 - AAD update of "
		       "2^64 - 6 bytes after 10: %s", errname(r2));
		a_free(fd, ses2);
	}
	/* the refused updates left the session as it was */
	on = sizeof(out);
	tl = 16;
	r = a_final(fd, ses, NULL, 0, out, &on, tag, &tl, NULL);
	ref_aead(NCR_ALG_AES_GCM, 1, key, 16, iv, 12, NULL, 0, in, 100, want,
		 wtag, 16);
	tap_ok(!r && on == 100 && !memcmp(out, want, 100) &&
	       !memcmp(tag, wtag, 16), "A5.7 - the session still encrypts "
	       "exactly its 100 bytes (OpenSSL agrees): %s", errname(r));
	for (size_t i = 0; i < 2; i++) {
		on = sizeof(out);
		tl = 16;
		r = a_crypt(fd, NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, k, iv, 12,
			    i ? in : NULL, i ? huge[0] : 0, i ? NULL : in,
			    i ? 0 : huge[0], out, &on, tag, &tl);
		if (!err_in(r, docs, 4))
			bad++;
		tap_ok(err_in(r, docs, 4), "A5.%zu - once AES-GCM with %s of "
		       "2^64 - 100: %s", 8 + i, i ? "aad_size" : "input_size",
		       errname(r));
	}
	a_del(fd, k);

	/* the other whole-message sessions: XTS, Ed25519 */
	r = a_gen(fd, NCR_KEY_TYPE_AES, 512, 0, NCR_KEY_USAGE_ENCRYPT, 0, &k);
	r = r ?: a_init(fd, NCR_ALG_AES_XTS, NCR_OP_ENCRYPT, k, in, 16, 0,
			&ses);
	if (!r) {
		a_update(fd, ses, 0, 0, in, 64, NULL, NULL);
		r = a_update(fd, ses, 0, 0, in, huge[0], NULL, NULL);
		tap_ok(err_in(r, docs, 3), "A5.10 - AES-XTS update of 2^64 - "
		       "100 after 64 bytes: %s", errname(r));
		a_free(fd, ses);
		a_del(fd, k);
	}
	{
		uint32_t priv;

		r = a_genpair(fd, NCR_KEY_TYPE_ED25519, 0, NULL, 0, 0,
			      NCR_KEY_USAGE_SIGN, 0, &priv, NULL);
		r = r ?: a_init_pk(fd, NCR_ALG_ED25519, NCR_OP_SIGN, priv, 0,
				   &ses);
		if (!r) {
			a_update(fd, ses, 0, 0, in, 64, NULL, NULL);
			r = a_update(fd, ses, 0, 0, in, huge[0], NULL, NULL);
			tap_ok(err_in(r, docs, 3), "A5.11 - Ed25519 update of "
			       "2^64 - 100 after 64 bytes: %s", errname(r));
			a_free(fd, ses);
			a_del(fd, priv);
		}
	}
	/* a streaming digest with a huge length over a guarded page */
	{
		uint8_t *pg = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (pg != MAP_FAILED) {
			munmap(pg + 2 * 4096, 4096);
			r = a_init(fd, NCR_ALG_SHA256, NCR_OP_SIGN, 0, NULL,
				   0, 0, &ses);
			r = r ?: a_update(fd, ses, 0, 0, pg, huge[0], NULL,
					  NULL);
			tap_ok(r == -EFAULT || r == -EDQUOT || r == -EINVAL,
			       "A5.12 - SHA-256 update of 2^64 - 100 bytes "
			       "over two readable pages: %s", errname(r));
			a_free(fd, ses);
			munmap(pg, 2 * 4096);
		}
	}
	close(fd);
	for (int i = 0; i < 200; i++) {
		a_info(A.fd, &i1);
		if (i1.user_buffered == i0.user_buffered &&
		    i1.user_memory == i0.user_memory)
			break;
		usleep(10000);
	}
	tap_ok(i1.user_buffered == i0.user_buffered &&
	       i1.user_memory == i0.user_memory && !bad, "A5.13 - its "
	       "namespace closed, the uid's buffered bytes (%llu -> %llu) and "
	       "memory (%llu -> %llu) are back",
	       (unsigned long long)i0.user_buffered,
	       (unsigned long long)i1.user_buffered,
	       (unsigned long long)i0.user_memory,
	       (unsigned long long)i1.user_memory);
}

/* ------------------------------------------------------------------- A6 */

struct a6 {
	int fd;
	volatile int stop;
	long inits, frees, init_err;
	struct ncr_session_init *ro;	/* read-only: copy-out fails */
	uint32_t key;
};

static void *a6_init(void *p)
{
	struct a6 *s = p;
	long n = 0, e = 0;
	int i = 0;

	while (!s->stop) {
		uint32_t ses = 0;
		int r;

		if (++i % 4 == 0)	/* the copy-out fails: taken back */
			r = xioctl(s->fd, NCRIO_SESSION_INIT, s->ro);
		else if (i % 4 == 1)
			r = a_init(s->fd, NCR_ALG_HMAC_SHA256, NCR_OP_SIGN,
				   s->key, NULL, 0, 0, &ses);
		else
			r = a_init(s->fd, NCR_ALG_SHA256, NCR_OP_SIGN, 0, NULL,
				   0, 0, &ses);
		r ? e++ : n++;
		/* ended at once (unless a guesser did): the next init gets
		 * the same small handle, the one the guessers free */
		if (!r && i % 4 != 0)
			a_free(s->fd, ses);
	}
	__atomic_add_fetch(&s->inits, n, __ATOMIC_RELAXED);
	__atomic_add_fetch(&s->init_err, e, __ATOMIC_RELAXED);
	return NULL;
}

static void *a6_free(void *p)
{
	struct a6 *s = p;
	long n = 0;

	while (!s->stop)
		for (uint32_t h = 1; h <= 4 && !s->stop; h++)
			if (!a_free(s->fd, h))
				n++;
	__atomic_add_fetch(&s->frees, n, __ATOMIC_RELAXED);
	return NULL;
}

void t_a6(void)
{
	struct a6 s;
	struct ncr_info i0, i1;
	pthread_t ti[3], tf[2];
	uint8_t hk[32];
	double t0;

	memset(&s, 0, sizeof(s));
	a_info(A.fd, &i0);
	s.fd = dev_open();
	s.ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	rng_fill(&A.rng, hk, sizeof(hk));
	if (s.fd < 0 || s.ro == MAP_FAILED ||
	    a_import(s.fd, NCR_KEY_TYPE_HMAC, 0, 0, hk, 32, 0,
		     NCR_KEY_USAGE_SIGN, 0, &s.key)) {
		tap_ok(0, "A6.0 - a namespace for the race");
		return;
	}
	*s.ro = (struct ncr_session_init) {
		.size = sizeof(*s.ro), .algorithm = NCR_ALG_SHA256,
		.op = NCR_OP_SIGN,
	};
	mprotect(s.ro, 4096, PROT_READ);
	t0 = now_s();
	for (int i = 0; i < 3; i++)
		pthread_create(&ti[i], NULL, a6_init, &s);
	for (int i = 0; i < 2; i++)
		pthread_create(&tf[i], NULL, a6_free, &s);
	while (now_s() - t0 < A.seconds)
		usleep(20000);
	s.stop = 1;
	for (int i = 0; i < 3; i++)
		pthread_join(ti[i], NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(tf[i], NULL);
	close(s.fd);
	munmap(s.ro, 4096);
	for (int i = 0; i < 300; i++) {
		a_info(A.fd, &i1);
		if (i1.live_sessions == i0.live_sessions &&
		    i1.user_sessions == i0.user_sessions &&
		    i1.live_keys == i0.live_keys &&
		    i1.user_memory == i0.user_memory)
			break;
		usleep(10000);
	}
	tap_ok(s.inits > 0 && s.frees > 0, "A6.1 - %u s of racing: %ld "
	       "session inits (%ld failed), %ld frees of guessed handles",
	       A.seconds, s.inits, s.init_err, s.frees);
	tap_ok(i1.live_sessions == i0.live_sessions &&
	       i1.user_sessions == i0.user_sessions &&
	       i1.live_keys == i0.live_keys && i1.user_memory == i0.user_memory,
	       "A6.2 - after closing: live sessions %llu -> %llu, the uid's "
	       "sessions %u -> %u, memory %llu -> %llu (back to the start)",
	       (unsigned long long)i0.live_sessions,
	       (unsigned long long)i1.live_sessions, i0.user_sessions,
	       i1.user_sessions, (unsigned long long)i0.user_memory,
	       (unsigned long long)i1.user_memory);
}
