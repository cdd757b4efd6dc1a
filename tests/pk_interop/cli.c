// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli.c - build/tests/pk_interop: the openssl command line (`openssl
 * dgst -verify`, `openssl pkeyutl -verify`) accepts kernel RSA and ECDSA
 * signatures.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>

#include "pk_interop.h"

static int write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	int ok;

	if (!f)
		return -1;
	ok = fwrite(p, 1, n, f) == n;
	return fclose(f) == 0 && ok ? 0 : -1;
}

/* `openssl dgst -verify` (and for ECDSA `openssl pkeyutl -verify` over
 * the digest) of a kernel signature. */
static void cli_check(const char *name, uint32_t alg, uint32_t kpriv,
		      EVP_PKEY *opub, uint32_t hash)
{
	char dir[] = "/tmp/pk_interop.XXXXXX", cmd[1024];
	char pub[300], msgf[300], sigf[300], digf[300];
	uint8_t msg[1000], sig[NCR_MAX_SIGNATURE], dig[64];
	size_t len, sl = sizeof(sig), dl;
	struct pkp p = { .hash = hash };
	FILE *f;
	int r, good, bad, pku = -1;

	if (system("command -v openssl >/dev/null 2>&1") != 0) {
		tap_skip("no openssl program", "%s: openssl dgst -verify",
			 name);
		return;
	}
	if (!mkdtemp(dir)) {
		tap_ok(0, "%s: temporary directory", name);
		return;
	}
	snprintf(pub, sizeof(pub), "%s/pub.pem", dir);
	snprintf(msgf, sizeof(msgf), "%s/msg", dir);
	snprintf(sigf, sizeof(sigf), "%s/sig", dir);
	snprintf(digf, sizeof(digf), "%s/dig", dir);
	rand_msg(msg, &len, sizeof(msg));
	r = pk_sign(fd, alg, kpriv, &p, msg, len, sig, &sl);
	f = fopen(pub, "w");
	if (r || !f || !PEM_write_PUBKEY(f, opub)) {
		if (f)
			fclose(f);
		tap_ok(0, "%s: kernel signature and PEM public key: %s", name,
		       errname(r));
		goto out;
	}
	fclose(f);
	write_file(msgf, msg, len);
	write_file(sigf, sig, sl);
	snprintf(cmd, sizeof(cmd), "openssl dgst -%s -verify %s -signature %s "
		 "%s >/dev/null 2>&1", md_name(hash), pub, sigf, msgf);
	good = system(cmd);
	if (alg == NCR_ALG_ECDSA) {
		ref_digest(hash, msg, len, dig, &dl);
		write_file(digf, dig, dl);
		snprintf(cmd, sizeof(cmd), "openssl pkeyutl -verify -pubin "
			 "-inkey %s -in %s -sigfile %s >/dev/null 2>&1", pub,
			 digf, sigf);
		pku = system(cmd);
	}
	msg[0] ^= 1;
	write_file(msgf, msg, len);
	snprintf(cmd, sizeof(cmd), "openssl dgst -%s -verify %s -signature %s "
		 "%s >/dev/null 2>&1", md_name(hash), pub, sigf, msgf);
	bad = system(cmd);
	tap_ok(good == 0 && bad != 0 && (alg != NCR_ALG_ECDSA || pku == 0),
	       "%s: `openssl dgst -%s -verify` accepts the kernel's signature "
	       "(status %d)%s and refuses it for a changed file (status %d)",
	       name, md_name(hash), good, alg == NCR_ALG_ECDSA ?
	       ", `openssl pkeyutl -verify` too" : "", bad);
out:
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		tap_diag("could not remove %s", dir);
}

void test_cli(void)
{
	uint32_t kpriv, kpub;
	EVP_PKEY *opub;
	int r;

	r = pk_genpair(fd, NCR_KEY_TYPE_EC, 256, 0, NULL, 0, 0,
		       NCR_KEY_USAGE_SIGN, 0, &kpriv, &kpub);
	if (!tap_err(r, 0, "openssl CLI: EC P-256 key pair"))
		return;
	opub = kexport_pub(kpub);
	if (opub)
		cli_check("EC P-256 ECDSA", NCR_ALG_ECDSA, kpriv, opub,
			  NCR_ALG_SHA256);
	EVP_PKEY_free(opub);
	key_del(fd, kpriv);
	key_del(fd, kpub);
}
