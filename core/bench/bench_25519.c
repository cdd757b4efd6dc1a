// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * bench_25519.c - speed of core X25519/Ed25519 against OpenSSL 3 in the same
 * run: X25519 derive (EVP_PKEY_derive, key and peer set up once), X25519
 * key generation, Ed25519 key generation, sign and verify of a 64-byte
 * message (EVP_DigestSign/EVP_DigestVerify with a reused EVP_MD_CTX).
 * Best of several rounds, OpenSSL and ours alternating.  `make bench-core`.
 */
#include <stdio.h>
#include <time.h>
#include <openssl/evp.h>
#include "curve25519/curve25519.h"

#define ROUNDS	5
#define MIN_TIME 0.15

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static u8 priv[32] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
		       17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 };
static u8 peer[32], pub_ed[32], sig[64], msg[64], out[64];
static EVP_PKEY *o_x, *o_xpeer, *o_ed, *o_edpub;
static EVP_PKEY_CTX *o_dctx;
static EVP_MD_CTX *o_md;

static int sink;

static void ncr_derive(void) { sink += ncr_x25519(out, priv, peer); }
static void ncr_xkeygen(void) { ncr_x25519_public(out, priv); priv[0]++; }
static void ncr_edkeygen(void) { ncr_ed25519_public(out, priv); priv[1]++; }
static void ncr_sign(void) { ncr_ed25519_sign(out, priv, pub_ed, msg, sizeof(msg)); }
static void ncr_verify(void) { sink += ncr_ed25519_verify(sig, pub_ed, msg, sizeof(msg)); }

static void o_derive(void)
{
	size_t len = 32;

	sink += EVP_PKEY_derive(o_dctx, out, &len);
}

static void o_xkeygen(void)
{
	EVP_PKEY *k = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, priv, 32);
	size_t len = 32;

	EVP_PKEY_get_raw_public_key(k, out, &len);
	EVP_PKEY_free(k);
	priv[0]++;
}

static void o_edkeygen(void)
{
	EVP_PKEY *k = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, priv, 32);
	size_t len = 32;

	EVP_PKEY_get_raw_public_key(k, out, &len);
	EVP_PKEY_free(k);
	priv[1]++;
}

static void o_sign(void)
{
	size_t len = 64;

	EVP_DigestSignInit(o_md, NULL, NULL, NULL, o_ed);
	sink += EVP_DigestSign(o_md, out, &len, msg, sizeof(msg));
}

static void o_verify(void)
{
	EVP_DigestVerifyInit(o_md, NULL, NULL, NULL, o_edpub);
	sink += EVP_DigestVerify(o_md, sig, 64, msg, sizeof(msg));
}

static double rate(void (*f)(void))
{
	double t0 = now(), t;
	long n = 0;

	do {
		f();
		f();
		n += 2;
		t = now() - t0;
	} while (t < MIN_TIME);
	return n / t;
}

static void row(const char *name, void (*ours)(void), void (*theirs)(void))
{
	double a = 0, b = 0, x;
	int r;

	for (r = 0; r < ROUNDS; r++) {
		x = rate(theirs);
		if (x > b)
			b = x;
		x = rate(ours);
		if (x > a)
			a = x;
	}
	printf("%-22s %12.0f %12.0f %8.2f\n", name, a, b, a / b);
}

int main(void)
{
	size_t len = 32;
	int i;

	for (i = 0; i < 32; i++)
		peer[i] = (u8)(i * 37 + 5);
	for (i = 0; i < 64; i++)
		msg[i] = (u8)i;
	o_x = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, priv, 32);
	o_xpeer = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, peer, 32);
	o_dctx = EVP_PKEY_CTX_new(o_x, NULL);
	EVP_PKEY_derive_init(o_dctx);
	EVP_PKEY_derive_set_peer(o_dctx, o_xpeer);
	o_ed = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, priv, 32);
	EVP_PKEY_get_raw_public_key(o_ed, pub_ed, &len);
	o_edpub = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub_ed, 32);
	o_md = EVP_MD_CTX_new();
	ncr_ed25519_sign(sig, priv, pub_ed, msg, sizeof(msg));

	printf("# curve25519: ops/s, best of %d rounds\n", ROUNDS);
	printf("%-22s %12s %12s %8s\n", "operation", "ncr core", "OpenSSL", "ratio");
	row("X25519 derive", ncr_derive, o_derive);
	row("X25519 keygen", ncr_xkeygen, o_xkeygen);
	row("Ed25519 keygen", ncr_edkeygen, o_edkeygen);
	row("Ed25519 sign (64 B)", ncr_sign, o_sign);
	row("Ed25519 verify (64 B)", ncr_verify, o_verify);
	EVP_MD_CTX_free(o_md);
	EVP_PKEY_CTX_free(o_dctx);
	EVP_PKEY_free(o_x);
	EVP_PKEY_free(o_xpeer);
	EVP_PKEY_free(o_ed);
	EVP_PKEY_free(o_edpub);
	return sink == 12345 ? 2 : 0;
}
