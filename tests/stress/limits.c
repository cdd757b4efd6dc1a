// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * limits.c - build/tests/stress: per-user accounting (ABI 3): what the
 * caller's uid holds, the check that a phase gave it all back, and the
 * sizing of the load to stay within half of every per-user limit.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "libncr.h"
#include "stress.h"

static struct ncr_info limits;	/* the max_* fields, read at the start */
struct ucount ubase;	/* the uid's use before the run */

static int info_v1(int fd, struct ncr_info *in)
{
	memset(in, 0, sizeof(*in));
	in->size = NCR_INFO_SIZE_VER1;
	return xioctl(fd, NCRIO_INFO, in);
}

int ucount_get(int fd, struct ucount *u)
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

void ucount_check(int fd, const char *label)
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
int size_load(int info_fd)
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
