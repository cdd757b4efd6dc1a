// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * flows.c - ECDH then HKDF in the kernel, and a process killed in a
 * long PBKDF2.
 */
#define _GNU_SOURCE
#include "kdf.h"

/* ------------------------------------------------------- ECDH then HKDF */

void test_ecdh_hkdf(void)
{
	static const uint8_t salt[] = "ecdh salt", info[] = "ecdh info";
	struct ncr_kdf_params p = {
		.salt = salt, .salt_len = sizeof(salt), .info = info,
		.info_len = sizeof(info),
	};
	struct ncr_key_policy pol = {
		.usage = NCR_KEY_USAGE_DERIVE, .algs = NCR_KEY_ALG_HKDF,
	};
	uint8_t pa[133], pb[133], oa[64], ob[64], want[64], z[66];
	size_t la = sizeof(pa), lb = sizeof(pb), zl = sizeof(z);
	uint32_t a, ap, b, bp, sa = 0, sb = 0, sx = 0, sd = 0;
	int r, ra, rb;

	r = ncr_key_generate_pair(fd, NCR_KEY_TYPE_EC, 256, 0, NULL, 0, 0,
				  NCR_KEY_USAGE_DERIVE, 0, &a, &ap) ?:
	    ncr_key_generate_pair(fd, NCR_KEY_TYPE_EC, 256, 0, NULL, 0, 0,
				  NCR_KEY_USAGE_DERIVE, 0, &b, &bp);
	if (r) {
		tap_ok(0, "two P-256 key pairs: %s", errname(r));
		return;
	}
	r = ncr_key_export_fmt(fd, ap, NCR_KEY_FORMAT_RAW_PUBLIC, pa, &la) ?:
	    ncr_key_export_fmt(fd, bp, NCR_KEY_FORMAT_RAW_PUBLIC, pb, &lb) ?:
	    ncr_key_derive_ex(fd, NCR_ALG_ECDH, a, pb, lb, NCR_KEY_TYPE_HMAC,
			      &pol, &sa) ?:
	    ncr_key_derive_ex(fd, NCR_ALG_ECDH, b, pa, la, NCR_KEY_TYPE_HMAC,
			      &pol, &sb);
	if (r) {
		tap_ok(0, "ECDH into non-exportable HMAC-type secrets with "
		       "usage DERIVE and the set {hkdf}: %s", errname(r));
		goto out;
	}
	ra = kdf_bytes(NCR_ALG_HKDF_SHA256, sa, &p, NCR_KEY_TYPE_HMAC, 64,
		       oa);
	rb = kdf_bytes(NCR_ALG_HKDF_SHA256, sb, &p, NCR_KEY_TYPE_HMAC, 64,
		       ob);
	tap_ok(!ra && !rb && !memcmp_diag("the two sides' keys", oa, ob, 64),
	       "ECDH P-256 then HKDF-SHA256, in the kernel: both sides derive "
	       "the same key (%s, %s)", errname(ra), errname(rb));
	zl = sizeof(z);
	tap_err(ncr_key_export(fd, sa, z, &zl), -EPERM,
		"the non-exportable ECDH secret cannot be exported");
	/* the reference: an exportable copy of the secret, OpenSSL's HKDF */
	pol.flags = NCR_KEY_FLAG_EXPORTABLE;
	zl = sizeof(z);
	r = ncr_key_derive_ex(fd, NCR_ALG_ECDH, a, pb, lb, NCR_KEY_TYPE_HMAC,
			      &pol, &sx) ?:
	    ncr_key_export(fd, sx, z, &zl);
	tap_ok(!r && zl == 32 &&
	       !ref_kdf(kdfalg_get(NCR_ALG_HKDF_SHA256), z, zl, &p, want,
			64) &&
	       !ra && !memcmp_diag("HKDF of the ECDH secret", oa, want, 64),
	       "the key equals OpenSSL's HKDF-SHA256 of the shared secret "
	       "(an exportable copy, %zu bytes; %s)", zl, errname(r));
	/* the secret is an HKDF source only when its set names HKDF */
	pol = (struct ncr_key_policy){ .usage = NCR_KEY_USAGE_DERIVE };
	r = ncr_key_derive_ex(fd, NCR_ALG_ECDH, a, pb, lb, NCR_KEY_TYPE_HMAC,
			      &pol, &sd);
	if (r)
		tap_ok(0, "ECDH into a secret with the default set: %s",
		       errname(r));
	else
		kdf_refused(-EPERM, NCR_ALG_HKDF_SHA256, sd, &p,
			    NCR_KEY_TYPE_HMAC, 32, NULL, "HKDF from an ECDH "
			    "secret made with the default set");
out:
	if (sd)
		ncr_key_deinit(fd, sd);
	if (sa)
		ncr_key_deinit(fd, sa);
	if (sb)
		ncr_key_deinit(fd, sb);
	if (sx)
		ncr_key_deinit(fd, sx);
	ncr_key_deinit(fd, a);
	ncr_key_deinit(fd, ap);
	ncr_key_deinit(fd, b);
	ncr_key_deinit(fd, bp);
}

/* ------------------------------------------- killed during a long PBKDF2 */

/*
 * The child opens its own namespace, makes a key in it, says "go" and
 * runs PBKDF2-SHA512 with NCR_PBKDF2_ITERATIONS_MAX iterations (minutes
 * of CPU); should the call ever return, it writes the result and waits
 * to be killed.  The parent kills it ~0.3 s after "go".
 */
void test_kill(void)
{
	struct live base, got;
	int pfd[2], status = 0, res = 0, back;
	ssize_t n1, n2;
	double t;
	pid_t pid;
	char c;

	if (live_get(fd, &base) || pipe(pfd)) {
		tap_ok(0, "live counters and a pipe for the kill test");
		return;
	}
	pid = fork();
	if (pid < 0) {
		tap_ok(0, "fork: %s", errname(-errno));
		close(pfd[0]);
		close(pfd[1]);
		return;
	}
	if (pid == 0) {
		struct ncr_kdf_params p = {
			.password = "password", .password_len = 8,
			.salt = "salt", .salt_len = 4,
			.iterations = NCR_PBKDF2_ITERATIONS_MAX,
		};
		struct ncr_key_policy pol = { .usage = NCR_KEY_USAGE_SIGN };
		uint32_t k, nk;
		int cfd = ncr_open();

		close(pfd[0]);
		if (cfd < 0 || ncr_key_generate(cfd, NCR_KEY_TYPE_HMAC, 256, 0,
						NCR_KEY_USAGE_SIGN, &k))
			_exit(3);
		if (write(pfd[1], "g", 1) != 1)
			_exit(4);
		res = ncr_key_kdf(cfd, NCR_ALG_PBKDF2_SHA512, 0, &p,
				  NCR_KEY_TYPE_HMAC, 64, &pol, &nk);
		if (write(pfd[1], &res, sizeof(res)) != sizeof(res))
			_exit(5);
		for (;;)
			pause();
	}
	close(pfd[1]);
	n1 = read(pfd[0], &c, 1);
	if (n1 == 1)
		usleep(300000);
	kill(pid, SIGKILL);
	t = now_s();
	waitpid(pid, &status, 0);
	t = now_s() - t;
	n2 = read(pfd[0], &res, sizeof(res));
	close(pfd[0]);
	tap_ok(n1 == 1 && WIFSIGNALED(status) &&
	       WTERMSIG(status) == SIGKILL && (n2 == 0 ||
	       (n2 == sizeof(res) && res == 0)),
	       "a process in PBKDF2-SHA512 with NCR_PBKDF2_ITERATIONS_MAX "
	       "iterations is killed with SIGKILL (status 0x%x; %s)", status,
	       n2 == 0 ? "killed inside the call" :
	       n2 == sizeof(res) ? "the call returned first" :
	       "no word from the child");
	if (n2 == sizeof(res) && res)
		tap_diag("the call returned %s before the kill", errname(res));
	tap_diag("reaped %.2f s after SIGKILL", t);
	back = !live_wait(fd, &base, &got);
	tap_ok(back,
	       "after the killed process: live keys, sessions and namespaces "
	       "back to %llu, %llu, %u (now %llu, %llu, %u)",
	       (unsigned long long)base.keys,
	       (unsigned long long)base.sessions, base.namespaces,
	       (unsigned long long)got.keys, (unsigned long long)got.sessions,
	       got.namespaces);
}
