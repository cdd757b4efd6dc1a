// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/attacks/kill.c - part of build/tests/attacks (see tests/attacks/main.c):
 * the findings of issue 7 about operations cut short (kernel.c has the
 * resource ones).
 *   A8   SIGKILL during public-key (and digest) hashing of a huge input;
 *   A9   a session that faulted midway is failed (EIO), never a signature
 *        of a truncated message;
 *   A11  Ed25519 over a large message, DH parameter validation: killable.
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

/* ----------------------------------------------------------- A8, A11 */

enum kill_kind {
	K_ECDSA_SES, K_ECDSA_ONCE, K_SHA256, K_HMAC, K_RSA_PSS, K_ED25519,
	K_DH_PARAMS,
};

/* The child: sets up, says 'g', runs the long call, says 'd'. */
static void kill_child(int wfd, enum kill_kind kind, const void *arg,
		       size_t arg_len)
{
	const size_t big = 1024 * MiB;
	int fd = dev_open();
	uint8_t *m = mmap(NULL, big, PROT_READ,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	uint8_t sig[1024];
	size_t sl = sizeof(sig);
	struct pkp pp = { .hash = NCR_ALG_SHA256 };
	uint32_t k = 0, pub, ses = 0;
	int r = fd < 0 || m == MAP_FAILED ? -1 : 0;

	switch (kind) {
	case K_ECDSA_SES:
	case K_ECDSA_ONCE:
		r = r ?: a_genpair(fd, NCR_KEY_TYPE_EC, 256, NULL, 0, 0,
				   NCR_KEY_USAGE_SIGN, 0, &k, &pub);
		if (kind == K_ECDSA_SES)
			r = r ?: a_init_pk(fd, NCR_ALG_ECDSA, NCR_OP_SIGN, k,
					   NCR_ALG_SHA256, &ses);
		break;
	case K_SHA256:
		r = r ?: a_init(fd, NCR_ALG_SHA256, NCR_OP_SIGN, 0, NULL, 0, 0,
				&ses);
		break;
	case K_HMAC:
		r = r ?: a_gen(fd, NCR_KEY_TYPE_HMAC, 256, 0,
			       NCR_KEY_USAGE_SIGN, 0, &k);
		r = r ?: a_init(fd, NCR_ALG_HMAC_SHA256, NCR_OP_SIGN, k, NULL,
				0, 0, &ses);
		break;
	case K_RSA_PSS:
		r = r ?: a_import(fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_PKCS8, 0,
				  arg, arg_len, 0, NCR_KEY_USAGE_SIGN,
				  NCR_KEY_ALG_RSA_PSS, &k);
		break;
	case K_ED25519:
		r = r ?: a_genpair(fd, NCR_KEY_TYPE_ED25519, 0, NULL, 0, 0,
				   NCR_KEY_USAGE_SIGN, 0, &k, &pub);
		r = r ?: a_init_pk(fd, NCR_ALG_ED25519, NCR_OP_SIGN, k, 0,
				   &ses);
		for (size_t off = 0; !r && off < arg_len; off += 16 * MiB)
			r = a_update(fd, ses, 0, 0, m, arg_len - off < 16 * MiB
				     ? arg_len - off : 16 * MiB, NULL, NULL);
		break;
	case K_DH_PARAMS:
		break;
	}
	if (r)
		_exit(3);
	if (write(wfd, "g", 1) != 1)
		_exit(1);
	switch (kind) {
	case K_ECDSA_SES:
	case K_SHA256:
	case K_HMAC:
		r = a_update(fd, ses, 0, 0, m, big, NULL, NULL);
		break;
	case K_ECDSA_ONCE:
		r = pk_sign(fd, NCR_ALG_ECDSA, k, &pp, m, big, sig, &sl);
		break;
	case K_RSA_PSS:
		r = pk_sign(fd, NCR_ALG_RSA_PSS, k, &pp, m, big, sig, &sl);
		break;
	case K_ED25519:
		r = a_final(fd, ses, NULL, 0, NULL, NULL, sig, &sl, NULL);
		break;
	case K_DH_PARAMS:
		r = a_genpair(fd, NCR_KEY_TYPE_DH, 0, arg, arg_len, 0,
			      NCR_KEY_USAGE_DERIVE, 0, &k, &pub);
		break;
	}
	if (write(wfd, "d", 1) != 1)
		_exit(1);
	_exit(r ? 4 : 0);
}

/*
 * Starts the child, SIGKILLs it 200 ms into the long call and reports how
 * long the reaping took (limit 2 s).
 */
static void kill_during(const char *id, const char *what,
			enum kill_kind kind, const void *arg, size_t arg_len)
{
	int p[2];
	pid_t pid;
	char c = 0;
	double took = -1;
	int st, done = 0;

	if (pipe(p)) {
		tap_ok(0, "%s - pipe", id);
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		close(A.fd);
		kill_child(p[1], kind, arg, arg_len);
	}
	close(p[1]);
	if (pid < 0 || read(p[0], &c, 1) != 1 || c != 'g') {
		if (pid > 0)
			waitpid(pid, &st, 0);
		tap_ok(0, "%s - %s: the child could not set up (status %#x)",
		       id, what, pid > 0 ? st : -1);
		close(p[0]);
		return;
	}
	usleep(200000);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	done = read(p[0], &c, 1) == 1;
	kill(pid, SIGKILL);
	st = a_reap(pid, 2.0, &took);
	if (st == -1) {
		double more;

		a_reap(pid, 600, &more);
		tap_ok(0, "%s - %s: NOT reaped within 2 s of SIGKILL (%.1f s)",
		       id, what, took + more);
	} else if (done) {
		tap_ok(0, "%s - %s: the call finished within 200 ms: nothing "
		       "to interrupt (make the input larger)", id, what);
	} else {
		tap_ok(took < 2.0, "%s - %s: SIGKILL 200 ms into the call, "
		       "reaped %.3f s later (limit 2 s)", id, what, took);
	}
	close(p[0]);
}

void t_a8(void)
{
	struct ncr_info i0, i1;
	EVP_PKEY *vic = o_rsa_victim();
	uint8_t *der = NULL;
	size_t dl = 0;

	a_info(A.fd, &i0);
	kill_during("A8.1", "ECDSA-P256/SHA-256 session update over 1 GiB",
		    K_ECDSA_SES, NULL, 0);
	kill_during("A8.2", "ECDSA-P256/SHA-256 once sign over 1 GiB",
		    K_ECDSA_ONCE, NULL, 0);
	der = vic ? o_der(vic, 1, &dl) : NULL;
	if (der)
		kill_during("A8.3", "RSA-PSS/SHA-256 once sign over 1 GiB",
			    K_RSA_PSS, der, dl);
	kill_during("A8.4", "SHA-256 digest session update over 1 GiB",
		    K_SHA256, NULL, 0);
	kill_during("A8.5", "HMAC-SHA256 session update over 1 GiB", K_HMAC,
		    NULL, 0);
	free(der);
	EVP_PKEY_free(vic);
	for (int i = 0; i < 300; i++) {
		a_info(A.fd, &i1);
		if (i1.user_keys == i0.user_keys &&
		    i1.user_sessions == i0.user_sessions &&
		    i1.user_memory == i0.user_memory &&
		    i1.user_namespaces == i0.user_namespaces)
			break;
		usleep(10000);
	}
	tap_ok(i1.user_keys == i0.user_keys &&
	       i1.user_sessions == i0.user_sessions &&
	       i1.user_memory == i0.user_memory &&
	       i1.user_namespaces == i0.user_namespaces, "A8.6 - the killed "
	       "processes left nothing charged (keys %u, sessions %u, "
	       "namespaces %u, memory %llu, as before)", i1.user_keys,
	       i1.user_sessions, i1.user_namespaces,
	       (unsigned long long)i1.user_memory);
}

void t_a11(void)
{
	struct ncr_info i0, i1;
	uint64_t bytes = (uint64_t)A.ed_mb * MiB;
	uint8_t *params;
	size_t pl = 0;

	a_info(A.fd, &i0);
	if (i0.max_buffered_bytes && bytes + MiB > i0.max_buffered_bytes)
		bytes = i0.max_buffered_bytes - MiB;
	{
		char what[128];

		snprintf(what, sizeof(what), "Ed25519 FINAL (sign) over a "
			 "%llu MiB message", (unsigned long long)(bytes / MiB));
		kill_during("A11.1", what, K_ED25519, NULL, (size_t)bytes);
	}
	params = dh_ffdhe8192_x942(&pl);
	if (params)
		kill_during("A11.2", "DH key pair for 8192-bit X9.42 "
			    "parameters (ffdhe8192's p, q = (p-1)/2: the prime "
			    "tests)",
			    K_DH_PARAMS, params, pl);
	else
		tap_ok(0, "A11.2 - ffdhe8192 parameters from OpenSSL");
	free(params);
	for (int i = 0; i < 300; i++) {
		a_info(A.fd, &i1);
		if (i1.user_buffered == i0.user_buffered &&
		    i1.user_memory == i0.user_memory &&
		    i1.user_keys == i0.user_keys)
			break;
		usleep(10000);
	}
	tap_ok(i1.user_buffered == i0.user_buffered &&
	       i1.user_memory == i0.user_memory && i1.user_keys == i0.user_keys,
	       "A11.3 - nothing left charged to the uid (buffered %llu, memory "
	       "%llu, keys %u)", (unsigned long long)i1.user_buffered,
	       (unsigned long long)i1.user_memory, i1.user_keys);
}

/* ------------------------------------------------------------------- A9 */

/* n + 1 pages: n readable ('a'), the last not mapped. */
static uint8_t *a9_region(size_t n)
{
	uint8_t *r = mmap(NULL, (n + 1) * 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (r == MAP_FAILED)
		return NULL;
	memset(r, 'a', n * 4096);
	munmap(r + n * 4096, 4096);
	return r;
}

/*
 * A digest (kind 0), HMAC (1) or AES-CTR (2) session fed a buffer whose
 * last page is not mapped: EFAULT, and then either EIO (part of it was
 * taken) or a session that goes on as if the update never happened
 * (nothing was taken): never a result over part of the failed input.
 */
static void a9_stream(const char *id, int kind, const uint8_t *reg,
		      size_t pages)
{
	static const char *const names[] = {
		"SHA-256", "HMAC-SHA256", "AES-CTR",
	};
	static const uint8_t b16[16] = "bbbbbbbbbbbbbbbb";
	static uint8_t out[9 * 4096];
	uint8_t key[32], iv[16] = { 0 }, tag[64], want[64];
	size_t len = (pages + 1) * 4096, on = sizeof(out), tl, wl = 0;
	uint32_t k = 0, ses;
	int r, r2, r3 = 0;

	rng_fill(&A.rng, key, sizeof(key));
	if (kind == 1)
		r = a_import(A.fd, NCR_KEY_TYPE_HMAC, 0, 0, key, 32, 0,
			     NCR_KEY_USAGE_SIGN, 0, &k);
	else if (kind == 2)
		r = a_import(A.fd, NCR_KEY_TYPE_AES, 0, 0, key, 16, 0,
			     NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_CTR, &k);
	else
		r = 0;
	r = r ?: a_init(A.fd, kind == 0 ? NCR_ALG_SHA256 : kind == 1 ?
			NCR_ALG_HMAC_SHA256 : NCR_ALG_AES_CTR, kind == 2 ?
			NCR_OP_ENCRYPT : NCR_OP_SIGN, k, kind == 2 ? iv : NULL,
			kind == 2 ? 16 : 0, 0, &ses);
	if (r) {
		tap_err(r, 0, "%s - a %s session", id, names[kind]);
		goto out;
	}
	r = a_update(A.fd, ses, 0, 0, reg, len, kind == 2 ? out : NULL,
		     kind == 2 ? &on : NULL);
	if (kind == 2) {
		on = 16;
		r2 = a_update(A.fd, ses, 0, 0, b16, 16, out, &on);
		ref_cipher(NCR_ALG_AES_CTR, 1, key, 16, iv, b16, 16, want);
		wl = 16;
		tl = on;
		memcpy(tag, out, 16);
	} else {
		r2 = a_update(A.fd, ses, 0, 0, "more", 4, NULL, NULL);
		tl = sizeof(tag);
		r3 = a_final(A.fd, ses, NULL, 0, NULL, NULL, tag, &tl, NULL);
		if (kind == 1)
			ref_mac(NCR_ALG_HMAC_SHA256, key, 32, "more", 4, want,
				&wl);
		else
			ref_digest(NCR_ALG_SHA256, "more", 4, want, &wl);
	}
	tap_ok(r == -EFAULT && ((r2 == -EIO && (kind == 2 || r3 == -EIO)) ||
				(!r2 && !r3 && tl == wl &&
				 !memcmp(tag, want, wl))),
	       "%s - %s over %zu bytes whose last page is not mapped: %s, then "
	       "update %s%s%s (EIO, or nothing was taken and the %s is that "
	       "of the later data alone)", id, names[kind], len, errname(r),
	       errname(r2), kind == 2 ? "" : ", final ",
	       kind == 2 ? "" : errname(r3),
	       kind == 2 ? "keystream" : "result");
	if (kind == 2 || (r2 && !r3))
		a_free(A.fd, ses);
out:
	if (k)
		a_del(A.fd, k);
}

void t_a9(void)
{
	uint8_t *reg = a9_region(1), *big = a9_region(8), sig[600];
	size_t sl;
	uint32_t priv, pub, ses, res;
	struct pkp pp = { .hash = NCR_ALG_SHA256 };
	int r, r2, r3;

	if (!reg || !big) {
		tap_ok(0, "A9.0 - half-mapped buffers");
		return;
	}
	r = a_genpair(A.fd, NCR_KEY_TYPE_EC, 256, NULL, 0, 0,
		      NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY,
		      NCR_KEY_ALG_ECDSA, &priv, &pub);
	r = r ?: a_init_pk(A.fd, NCR_ALG_ECDSA, NCR_OP_SIGN, priv,
			   NCR_ALG_SHA256, &ses);
	if (!tap_err(r, 0, "A9.0 - an ECDSA P-256 SHA-256 signing session"))
		goto out;
	r = a_update(A.fd, ses, 0, 0, reg, 8192, NULL, NULL);
	tap_err(r, -EFAULT, "A9.1 - update over 8192 bytes whose second page "
		"is not mapped (the first 4096-byte chunk was hashed)");
	r2 = a_update(A.fd, ses, 0, 0, "more", 4, NULL, NULL);
	tap_err(r2, -EIO, "A9.2 - the next update on that session");
	sl = sizeof(sig);
	r3 = a_final(A.fd, ses, NULL, 0, NULL, NULL, sig, &sl, NULL);
	if (!r3) {
		int v = pk_verify(A.fd, NCR_ALG_ECDSA, pub, &pp, reg, 4096, sig,
				  sl);

		tap_ok(0, "A9.3 - FINAL of the faulted session SIGNED%s",
		       v == NCR_VERIFY_OK ? " the TRUNCATED message (its first "
		       "4096 bytes)" : "");
	} else {
		tap_err(r3, -EIO, "A9.3 - FINAL of the faulted session (no "
			"signature of a truncated message)");
	}
	r = a_free(A.fd, ses);
	tap_err(r, -ENOENT, "A9.4 - the failed FINAL freed the session");

	/* a fault before anything was hashed: plain EFAULT, still usable */
	r = a_init_pk(A.fd, NCR_ALG_ECDSA, NCR_OP_SIGN, priv, NCR_ALG_SHA256,
		      &ses);
	r = r ?: a_update(A.fd, ses, 0, 0, reg + 4096, 100, NULL, NULL);
	if (r == -EFAULT) {
		r2 = a_update(A.fd, ses, 0, 0, "message", 7, NULL, NULL);
		sl = sizeof(sig);
		r3 = r2 ?: a_final(A.fd, ses, NULL, 0, NULL, NULL, sig, &sl,
				   NULL);
		tap_ok(!r3 && pk_verify(A.fd, NCR_ALG_ECDSA, pub, &pp,
					"message", 7, sig, sl) ==
		       NCR_VERIFY_OK, "A9.5 - a fault on the first byte is a "
		       "plain EFAULT: the session then signs exactly what it "
		       "was given (%s)", errname(r3));
		if (r2)
			a_free(A.fd, ses);
	} else {
		tap_err(r, -EFAULT, "A9.5 - update from an unmapped page");
		a_free(A.fd, ses);
	}

	/* digests, MACs and ciphers over 2 pages (one mapped) and 9 */
	a9_stream("A9.6", 0, reg, 1);
	a9_stream("A9.7", 1, reg, 1);
	a9_stream("A9.8", 2, reg, 1);
	a9_stream("A9.9", 0, big, 8);
	a9_stream("A9.10", 1, big, 8);
	a9_stream("A9.11", 2, big, 8);

	/* Ed25519 buffers all or nothing; the signature is of the message
	 * given by the updates that succeeded */
	{
		uint32_t ep, epub;

		r = a_genpair(A.fd, NCR_KEY_TYPE_ED25519, 0, NULL, 0, 0,
			      NCR_KEY_USAGE_SIGN, 0, &ep, &epub);
		r = r ?: a_init_pk(A.fd, NCR_ALG_ED25519, NCR_OP_SIGN, ep, 0,
				   &ses);
		if (!r) {
			r = a_update(A.fd, ses, 0, 0, "abc", 3, NULL, NULL);
			r2 = a_update(A.fd, ses, 0, 0, reg, 8192, NULL, NULL);
			r3 = a_update(A.fd, ses, 0, 0, "def", 3, NULL, NULL);
			sl = sizeof(sig);
			if (!r3)
				r3 = a_final(A.fd, ses, NULL, 0, NULL, NULL,
					     sig, &sl, NULL);
			else
				a_free(A.fd, ses);
			res = !r3 ? (uint32_t)pk_verify(A.fd, NCR_ALG_ED25519,
							epub, NULL, "abcdef", 6,
							sig, sl) : 0xdead;
			tap_ok(!r && r2 == -EFAULT &&
			       (r3 == -EIO || res == NCR_VERIFY_OK),
			       "A9.12 - Ed25519: a faulting update %s; the "
			       "signature then is of exactly \"abcdef\" (%s)",
			       errname(r2), r3 ? errname(r3) :
			       res == NCR_VERIFY_OK ? "verifies" :
			       "DOES NOT VERIFY");
			a_del(A.fd, ep);
			a_del(A.fd, epub);
		}
	}

	a_del(A.fd, pub);
	a_del(A.fd, priv);
out:
	munmap(reg, 4096);
	munmap(big, 8 * 4096);
}
