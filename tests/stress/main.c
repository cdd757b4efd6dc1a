// SPDX-License-Identifier: GPL-2.0-or-later
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
 *
 * Last, a BSD phase: processes running a random mix of BSD ioctls (async
 * requests left in flight on the hardware driver included) are killed
 * with SIGKILL mid-request, and the same leak check follows (phase_bsd()).
 *
 * Files (tests/stress/): main.c this entry, the run's parameters and the
 * two namespace phases; ops.c the operation mix of one process; limits.c
 * the per-user accounting and the sizing of the load; pk.c the
 * public-key phase; bsd.c the BSD phase (stress.h).
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libncr.h"
#include "stress.h"

/* The names of the K_* kinds, for the TAP lines. */
static const char *const kind_names[K_COUNT] = {
	"generate", "import", "session init", "update", "final", "once",
	"storage round trip", "private session",
};

int n_threads = 8, n_procs = 4;
long iters = 1000;
double seconds = 60;
uint64_t seed;
static int master_set;	/* storage wrap works: a master key is set */
/* Bytes one whole-message session may be fed (see size_load()). */
uint64_t ses_budget = 1 << 20;

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
	info_fd = dev_open_or_skip_all(ncr_open);
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
	phase_bsd(info_fd, &base);
	ncr_close(info_fd);
	return tap_finish("stress");
}
