// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pk_limits.c - build/tests/security: hostile input to the public-key
 * ioctls: invalid ECDH, X25519 and DH peer values (EINVAL, nothing
 * created), and a child SIGKILLed during a long generation (reaped
 * within a second, no key left behind).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>

#include "security.h"

/*
 * A fatal signal during a long generation: the child is killed ~0.5 s
 * into the ioctl, must be reaped within a second, and the module's live
 * key count returns to its baseline.
 */
static void kill_during(const char *what, uint32_t type, uint32_t bits,
			uint32_t q_bits)
{
	struct live before, after;
	int pfd[2], status = 0;
	double t_kill, t_reap;
	pid_t pid, w;
	char c;

	if (live_get(fd, &before) || pipe(pfd)) {
		tap_ok(0, "%s: setup", what);
		return;
	}
	pid = fork();
	if (pid == 0) {
		int cfd = dev_open();
		uint32_t a, b;
		int r;

		close(pfd[0]);
		if (write(pfd[1], "x", 1) != 1)
			_exit(3);
		r = pk_genpair(cfd, type, bits, q_bits, NULL, 0, 0,
			       NCR_KEY_USAGE_SIGN, 0, &a, &b);
		_exit(r ? 1 : 0);
	}
	close(pfd[1]);
	if (pid < 0 || read(pfd[0], &c, 1) != 1) {
		close(pfd[0]);
		tap_ok(0, "%s: child started", what);
		return;
	}
	close(pfd[0]);
	usleep(500000);
	t_kill = now_s();
	kill(pid, SIGKILL);
	w = waitpid(pid, &status, 0);
	t_reap = now_s();
	if (w == pid && WIFEXITED(status)) {
		tap_skip("generation finished before the signal",
			 "%s: SIGKILL during the generation", what);
	} else {
		tap_ok(w == pid && WIFSIGNALED(status) &&
		       WTERMSIG(status) == SIGKILL && t_reap - t_kill < 1.0,
		       "%s: a child SIGKILLed 0.5 s into the generation is "
		       "reaped %.3f s after the signal (limit 1 s)", what,
		       t_reap - t_kill);
	}
	int lw = live_wait(fd, &before, &after);

	tap_ok(!lw, "%s: live keys back to the "
	       "baseline (%llu -> %llu)", what,
	       (unsigned long long)before.keys,
	       (unsigned long long)after.keys);
}

void test_pk_signal(void)
{
	kill_during("DSA (2048, 256) parameter generation", NCR_KEY_TYPE_DSA,
		    2048, 256);
	kill_during("RSA-4096 key generation", NCR_KEY_TYPE_RSA, 4096, 0);
}

/* Invalid peer values for NCRIO_KEY_DERIVE: EINVAL, nothing created. */
static void bad_peer(uint32_t alg, uint32_t key, const uint8_t *peer,
		     size_t len, const char *what)
{
	struct live before = live_now();
	uint32_t nk;
	int r = pk_derive(fd, alg, key, peer, len, NCR_KEY_TYPE_HMAC, 0,
			  NCR_KEY_USAGE_SIGN, &nk);

	if (!r)
		key_del(fd, nk);
	expect_none(r, -EINVAL, &before, "derive with %s", what);
}

void test_pk_peers(void)
{
	uint8_t pt[97], bad[600];
	size_t pl = sizeof(pt);
	uint32_t ec, ecp, x, xp, dh, dhp;
	int r;

	r = pk_genpair(fd, NCR_KEY_TYPE_EC, 256, 0, NULL, 0, 0,
		       NCR_KEY_USAGE_DERIVE, 0, &ec, &ecp);
	r = r ? r : pk_export(fd, ecp, NCR_KEY_FORMAT_RAW_PUBLIC, pt, &pl);
	if (tap_err(r, 0, "EC P-256 key pair for the peer checks")) {
		memcpy(bad, pt, pl);
		bad[pl - 1] ^= 1;
		bad_peer(NCR_ALG_ECDH, ec, bad, pl, "a P-256 point not on the "
			 "curve");
		memset(bad, 0, sizeof(bad));
		bad_peer(NCR_ALG_ECDH, ec, bad, 1, "the point at infinity "
			 "(00)");
		bad[0] = 4;
		bad_peer(NCR_ALG_ECDH, ec, bad, 65, "04 || 0 || 0");
		bad_peer(NCR_ALG_ECDH, ec, pt, 64, "a point one byte short");
		bad_peer(NCR_ALG_ECDH, ec, pt, 0, "an empty peer");
		memcpy(bad, pt, 33);
		bad[0] = 5;
		bad_peer(NCR_ALG_ECDH, ec, bad, 33, "a compressed point with "
			 "prefix 05");
		/* x = p (0xff..ff00..01 form of P-256's p) is out of range */
		static const uint8_t p256[32] = {
			0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01,
			0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
			0xff, 0xff, 0xff, 0xff,
		};
		bad[0] = 2;
		memcpy(bad + 1, p256, 32);
		bad_peer(NCR_ALG_ECDH, ec, bad, 33, "a compressed point with "
			 "x = p");
		key_del(fd, ec);
		key_del(fd, ecp);
	}
	r = pk_genpair(fd, NCR_KEY_TYPE_X25519, 0, 0, NULL, 0, 0,
		       NCR_KEY_USAGE_DERIVE, 0, &x, &xp);
	if (tap_err(r, 0, "X25519 key pair for the peer checks")) {
		static const uint8_t order8[32] = {
			0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae,
			0x16, 0x56, 0xe3, 0xfa, 0xf1, 0x9f, 0xc4, 0x6a,
			0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32, 0xb1, 0xfd,
			0x86, 0x62, 0x05, 0x16, 0x5f, 0x49, 0xb8, 0x00,
		};
		memset(bad, 0, 32);
		bad_peer(NCR_ALG_X25519, x, bad, 32, "the X25519 point u = 0 "
			 "(low order)");
		bad[0] = 1;
		bad_peer(NCR_ALG_X25519, x, bad, 32, "the X25519 point u = 1 "
			 "(low order)");
		bad_peer(NCR_ALG_X25519, x, order8, 32, "an X25519 point of "
			 "order 8");
		bad_peer(NCR_ALG_X25519, x, order8, 31, "a 31-byte X25519 "
			 "peer");
		bad_peer(NCR_ALG_X25519, x, order8, 33, "a 33-byte X25519 "
			 "peer");
		key_del(fd, x);
		key_del(fd, xp);
	}
	r = pk_genpair(fd, NCR_KEY_TYPE_DH, 2048, 0, NULL, 0, 0,
		       NCR_KEY_USAGE_DERIVE, 0, &dh, &dhp);
	if (tap_err(r, 0, "DH ffdhe2048 key pair for the peer checks")) {
		/* p of ffdhe2048 from OpenSSL */
		OSSL_PARAM prm[2];
		char group[] = "ffdhe2048";
		EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
		EVP_PKEY *pk = NULL;
		BIGNUM *p = NULL;
		uint8_t pb[256];
		int ok;

		prm[0] = OSSL_PARAM_construct_utf8_string(
			OSSL_PKEY_PARAM_GROUP_NAME, group, 0);
		prm[1] = OSSL_PARAM_construct_end();
		ok = pc && EVP_PKEY_fromdata_init(pc) > 0 &&
		     EVP_PKEY_fromdata(pc, &pk, EVP_PKEY_KEY_PARAMETERS,
				       prm) > 0 &&
		     EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_FFC_P, &p) &&
		     BN_bn2binpad(p, pb, 256) == 256;
		if (!tap_ok(ok, "ffdhe2048 p from OpenSSL")) {
			memset(pb, 0xff, sizeof(pb));
		}
		memset(bad, 0, 256);
		bad_peer(NCR_ALG_DH, dh, bad, 256, "DH y = 0");
		bad[255] = 1;
		bad_peer(NCR_ALG_DH, dh, bad, 256, "DH y = 1");
		bad_peer(NCR_ALG_DH, dh, bad + 255, 1, "DH y = 1 (1 byte)");
		memcpy(bad, pb, 256);
		bad[255] -= 1;	/* p is odd: p - 1 */
		bad_peer(NCR_ALG_DH, dh, bad, 256, "DH y = p - 1 (order 2)");
		bad_peer(NCR_ALG_DH, dh, pb, 256, "DH y = p");
		memset(bad, 0xff, 256);
		bad_peer(NCR_ALG_DH, dh, bad, 256, "DH y = 2^2048 - 1 (> p)");
		memset(bad, 0, 257);
		bad[256] = 2;
		bad_peer(NCR_ALG_DH, dh, bad, 257, "a DH y longer than p");
		bad_peer(NCR_ALG_DH, dh, bad, 0, "an empty DH y");
		BN_free(p);
		EVP_PKEY_free(pk);
		EVP_PKEY_CTX_free(pc);
		key_del(fd, dh);
		key_del(fd, dhp);
	}
}
