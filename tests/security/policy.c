// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * policy.c - build/tests/security: what a key's policy allows: each
 * usage bit, the algorithm sets (defaults and refusals), hashing a key's
 * material (NCR_OP_FLAG_KEY_DATA, HASHABLE), and NCRIO_KEY_RESTRICT
 * making a key stricter, never looser.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "security.h"

/* ----------------------------------------------------------------- usage */

void test_usage(void)
{
	static const struct {
		uint32_t type, bits, usage, alg, op;
		const char *what;
	} cases[] = {
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT, NCR_ALG_AES_CBC,
		  NCR_OP_DECRYPT, "ENCRYPT-only AES key decrypting" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT, NCR_ALG_CMAC_AES,
		  NCR_OP_SIGN, "ENCRYPT-only AES key signing (CMAC)" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT, NCR_ALG_AES_GCM,
		  NCR_OP_DECRYPT, "ENCRYPT-only AES key decrypting (GCM)" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_DECRYPT, NCR_ALG_AES_CTR,
		  NCR_OP_ENCRYPT, "DECRYPT-only AES key encrypting" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_SIGN, NCR_ALG_CMAC_AES,
		  NCR_OP_VERIFY, "SIGN-only AES key verifying (CMAC)" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_SIGN |
		  NCR_KEY_USAGE_VERIFY, NCR_ALG_AES_ECB, NCR_OP_ENCRYPT,
		  "SIGN|VERIFY AES key encrypting" },
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_SIGN,
		  NCR_ALG_HMAC_SHA256, NCR_OP_VERIFY,
		  "SIGN-only HMAC key verifying" },
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_VERIFY,
		  NCR_ALG_HMAC_SHA512, NCR_OP_SIGN,
		  "VERIFY-only HMAC key signing" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_WRAP |
		  NCR_KEY_USAGE_UNWRAP | NCR_KEY_USAGE_DERIVE, NCR_ALG_AES_CBC,
		  NCR_OP_ENCRYPT, "WRAP|UNWRAP|DERIVE AES key encrypting" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_WRAP |
		  NCR_KEY_USAGE_UNWRAP | NCR_KEY_USAGE_DERIVE, NCR_ALG_AES_CBC,
		  NCR_OP_DECRYPT, "WRAP|UNWRAP|DERIVE AES key decrypting" },
		{ NCR_KEY_TYPE_CHACHA20, 256, NCR_KEY_USAGE_ENCRYPT,
		  NCR_ALG_CHACHA20_POLY1305, NCR_OP_DECRYPT,
		  "ENCRYPT-only ChaCha20 key decrypting" },
		{ NCR_KEY_TYPE_DES3, 192, NCR_KEY_USAGE_DECRYPT,
		  NCR_ALG_DES3_CBC, NCR_OP_ENCRYPT,
		  "DECRYPT-only DES3 key encrypting" },
	};
	uint8_t iv[16] = { 0 }, in[64] = { 0 }, out[128], tag[64];

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct talg *a = talg_get(cases[i].alg);
		struct live before;
		uint32_t k, ses;
		size_t ivl = a->iv, n;
		int r, allowed_op;

		/* the algorithm is in the set: only the usage refuses */
		r = gen_key(fd, cases[i].type, cases[i].bits, 0,
			    cases[i].usage, ncr_alg_keybit(cases[i].alg), &k);
		if (r) {
			tap_ok(0, "%s: generate: %s", cases[i].what,
			       errname(r));
			continue;
		}
		before = live_now();
		r = ncr_session_init(fd, cases[i].alg, cases[i].op, k, iv, ivl,
				     0, 0, &ses);
		expect_none(r, -EPERM, &before, "%s: session init",
			    cases[i].what);
		if (!r)
			ncr_session_free(fd, ses);
		/* once, through the matching libncr call */
		switch (cases[i].op) {
		case NCR_OP_SIGN:
			n = a->tag;
			r = ncr_mac(fd, cases[i].alg, k, in, 16, tag, &n);
			break;
		case NCR_OP_VERIFY:
			r = ncr_mac_verify(fd, cases[i].alg, k, in, 16, tag,
					   a->tag);
			break;
		default:
			if (a->kind == TK_AEAD) {
				memset(tag, 0, 16);
				r = cases[i].op == NCR_OP_ENCRYPT ?
				    ncr_aead_encrypt(fd, cases[i].alg, k, iv,
						     ivl, NULL, 0, in, 16, out,
						     tag, 16) :
				    ncr_aead_decrypt(fd, cases[i].alg, k, iv,
						     ivl, NULL, 0, in, 16, out,
						     tag, 16);
			} else {
				n = sizeof(out);
				r = ncr_cipher(fd, cases[i].alg, cases[i].op, k,
					       iv, ivl, in, 16, out, &n);
			}
		}
		expect_none(r, -EPERM, &before, "%s: once", cases[i].what);
		/* the permitted direction works */
		allowed_op = cases[i].usage & NCR_KEY_USAGE_ENCRYPT ?
			     NCR_OP_ENCRYPT :
			     cases[i].usage & NCR_KEY_USAGE_DECRYPT ?
			     NCR_OP_DECRYPT :
			     cases[i].usage & NCR_KEY_USAGE_SIGN ? NCR_OP_SIGN :
			     cases[i].usage & NCR_KEY_USAGE_VERIFY ?
			     NCR_OP_VERIFY : 0;
		if (allowed_op && (a->kind == TK_MAC) ==
		    (allowed_op >= NCR_OP_SIGN)) {
			r = ncr_session_init(fd, cases[i].alg, allowed_op, k,
					     iv, ivl, 0, 0, &ses);
			tap_err(r, 0, "%s: the permitted operation works",
				cases[i].what);
			if (!r)
				ncr_session_free(fd, ses);
		}
		ncr_key_deinit(fd, k);
	}
}

/* --------------------------------------------------------- algorithm sets */

/* Session init and once of alg/op with key: both EPERM, nothing made. */
static void alg_refused(uint32_t key, uint32_t alg, uint32_t op,
			const char *what)
{
	const struct talg *a = talg_get(alg);
	uint8_t iv[16] = { 0 }, in[32] = { 0 }, out[64], tag[64];
	size_t ivl = a->iv, n;
	struct live before = live_now();
	uint32_t ses;
	int r;

	r = ncr_session_init(fd, alg, op, key, iv, ivl, 0, 0, &ses);
	if (!r)
		ncr_session_free(fd, ses);
	expect_none(r, -EPERM, &before, "%s: %s %s session init", what,
		    a->name, op == NCR_OP_ENCRYPT ? "encrypt" :
		    op == NCR_OP_DECRYPT ? "decrypt" : op == NCR_OP_SIGN ?
		    "sign" : "verify");
	switch (a->kind) {
	case TK_MAC:
		n = a->tag;
		r = op == NCR_OP_SIGN ?
		    ncr_mac(fd, alg, key, in, 16, tag, &n) :
		    ncr_mac_verify(fd, alg, key, in, 16, tag, a->tag);
		break;
	case TK_AEAD:
		memset(tag, 0, 16);
		r = op == NCR_OP_ENCRYPT ?
		    ncr_aead_encrypt(fd, alg, key, iv, ivl, NULL, 0, in, 16,
				     out, tag, 16) :
		    ncr_aead_decrypt(fd, alg, key, iv, ivl, NULL, 0, in, 16,
				     out, tag, 16);
		break;
	default:
		n = sizeof(out);
		r = ncr_cipher(fd, alg, op, key, iv, ivl, in,
			       alg == NCR_ALG_AES_XTS ? 32 : 16, out, &n);
	}
	expect_none(r, -EPERM, &before, "%s: %s once", what, a->name);
}

void test_algsets(void)
{
	static const struct {
		uint32_t type, bits, usage;
		uint64_t want;
		const char *what;
	} defaults[] = {
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_AES_GCM,
		  "AES ENCRYPT|DECRYPT" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_DECRYPT,
		  NCR_KEY_ALG_AES_GCM, "AES-256 DECRYPT" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_SIGN |
		  NCR_KEY_USAGE_VERIFY, NCR_KEY_ALG_CMAC_AES,
		  "AES SIGN|VERIFY" },
		{ NCR_KEY_TYPE_AES, 192, NCR_KEY_USAGE_WRAP |
		  NCR_KEY_USAGE_UNWRAP,
		  NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_KWP, "AES WRAP|UNWRAP" },
		{ NCR_KEY_TYPE_AES, 512, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_AES_XTS, "64-byte AES" },
		{ NCR_KEY_TYPE_AES, 384, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_XTS, "48-byte AES" },
		{ NCR_KEY_TYPE_DES3, 192, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_DES3_CBC, "DES3 ENCRYPT" },
		{ NCR_KEY_TYPE_CHACHA20, 256, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_CHACHA20_POLY1305,
		  "ChaCha20 ENCRYPT|DECRYPT" },
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_SIGN,
		  NCR_KEY_ALG_HMAC_ALL, "HMAC SIGN" },
	};
	/* a key whose usage allows the operation, used outside its set */
	static const struct {
		uint32_t type, bits, usage;
		uint64_t algs;	/* 0: default */
		uint32_t alg, op;
		const char *what;
	} outside[] = {
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, 0, NCR_ALG_AES_CTR, NCR_OP_DECRYPT,
		  "GCM key (default) as CTR keystream" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, 0, NCR_ALG_AES_ECB, NCR_OP_ENCRYPT,
		  "GCM key (default) as ECB (the GHASH key)" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, 0, NCR_ALG_AES_ECB, NCR_OP_DECRYPT,
		  "GCM key (default) as ECB decryption" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, 0, NCR_ALG_AES_CBC, NCR_OP_DECRYPT,
		  "GCM key (default) as CBC" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, 0, NCR_ALG_AES_CCM, NCR_OP_DECRYPT,
		  "GCM key (default) as CCM" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT | NCR_KEY_USAGE_SIGN |
		  NCR_KEY_USAGE_VERIFY, NCR_KEY_ALG_AES_GCM, NCR_ALG_CMAC_AES,
		  NCR_OP_SIGN, "GCM-only key with SIGN usage as CMAC" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT | NCR_KEY_USAGE_SIGN |
		  NCR_KEY_USAGE_VERIFY, NCR_KEY_ALG_CMAC_AES, NCR_ALG_AES_ECB,
		  NCR_OP_ENCRYPT, "CMAC-only key with ENCRYPT usage as ECB" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT | NCR_KEY_USAGE_SIGN |
		  NCR_KEY_USAGE_VERIFY, NCR_KEY_ALG_CMAC_AES, NCR_ALG_AES_CBC,
		  NCR_OP_ENCRYPT, "CMAC-only key with ENCRYPT usage as CBC" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_WRAP |
		  NCR_KEY_USAGE_UNWRAP | NCR_KEY_USAGE_DECRYPT,
		  NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_KWP, NCR_ALG_AES_ECB,
		  NCR_OP_DECRYPT, "key-wrap key with DECRYPT usage as ECB" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_AES_CBC, NCR_ALG_AES_XTS,
		  NCR_OP_DECRYPT, "AES-256 CBC key as XTS (two AES-128 keys)" },
		{ NCR_KEY_TYPE_CHACHA20, 256, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, 0, NCR_ALG_CHACHA20, NCR_OP_DECRYPT,
		  "ChaCha20-Poly1305 key (default) as ChaCha20" },
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_SIGN |
		  NCR_KEY_USAGE_VERIFY, NCR_KEY_ALG_HMAC_SHA512,
		  NCR_ALG_HMAC_SHA1, NCR_OP_SIGN,
		  "HMAC-SHA512-only key as HMAC-SHA1" },
	};
	/* creation refused: EINVAL */
	static const struct {
		uint32_t type, bits, usage;
		uint64_t algs;
		const char *what;
	} bad[] = {
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_SIGN, 0, "AES ENCRYPT|SIGN, no set" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ALL, 0,
		  "AES with every usage, no set" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_DECRYPT |
		  NCR_KEY_USAGE_UNWRAP, 0, "AES DECRYPT|UNWRAP, no set" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_SIGN,
		  NCR_KEY_ALG_HMAC_SHA256, "AES key with an HMAC set" },
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_SIGN,
		  NCR_KEY_ALG_CMAC_AES, "HMAC key with CMAC" },
		{ NCR_KEY_TYPE_CHACHA20, 256, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_GCM, "ChaCha20 key with AES-GCM" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_XTS | NCR_KEY_ALG_AES_CBC,
		  "AES-256 key with XTS and CBC" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_XTS, "AES-128 key with XTS" },
		{ NCR_KEY_TYPE_AES, 512, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_CBC, "64-byte AES key with CBC" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_RSA_OAEP, "AES key with RSA-OAEP" },
	};
	struct ncr_key_info ki;
	uint32_t k;
	int r;

	for (size_t i = 0; i < ARRAY_SIZE(defaults); i++) {
		r = gen_key(fd, defaults[i].type, defaults[i].bits, 0,
			    defaults[i].usage, 0, &k);
		r = r ? r : kinfo(fd, k, &ki);
		tap_ok(!r && ki.algs == defaults[i].want, "default set of %s: "
		       "%#llx (got %#llx, %s)", defaults[i].what,
		       (unsigned long long)defaults[i].want,
		       (unsigned long long)ki.algs, errname(r));
		if (!r)
			ncr_key_deinit(fd, k);
	}
	for (size_t i = 0; i < ARRAY_SIZE(outside); i++) {
		r = gen_key(fd, outside[i].type, outside[i].bits, 0,
			    outside[i].usage, outside[i].algs, &k);
		if (!tap_err(r, 0, "%s: create", outside[i].what))
			continue;
		alg_refused(k, outside[i].alg, outside[i].op, outside[i].what);
		ncr_key_deinit(fd, k);
	}
	/* the default GCM key does work with GCM */
	r = gen_key(fd, NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_ENCRYPT |
		    NCR_KEY_USAGE_DECRYPT, 0, &k);
	if (!r) {
		uint8_t iv[12] = { 1 }, pt[20] = "gcm in its own set", ct[20];
		uint8_t back[20], tag[16];

		r = ncr_aead_encrypt(fd, NCR_ALG_AES_GCM, k, iv, 12, NULL, 0,
				     pt, 20, ct, tag, 16);
		r = r ? r : ncr_aead_decrypt(fd, NCR_ALG_AES_GCM, k, iv, 12,
					     NULL, 0, ct, 20, back, tag, 16);
		tap_ok(!r && !memcmp(back, pt, 20), "the default-set AES key "
		       "encrypts and decrypts GCM (%s)", errname(r));
		ncr_key_deinit(fd, k);
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct live before = live_now();
		uint8_t kb[64] = { 7 };

		r = gen_key(fd, bad[i].type, bad[i].bits, 0, bad[i].usage,
			    bad[i].algs, &k);
		if (!r)
			ncr_key_deinit(fd, k);
		expect_none(r, -EINVAL, &before, "generate: %s", bad[i].what);
		r = imp_key(fd, bad[i].type, kb, bad[i].bits / 8, 0,
			    bad[i].usage, bad[i].algs, NULL, &k);
		if (!r)
			ncr_key_deinit(fd, k);
		expect_none(r, -EINVAL, &before, "import: %s", bad[i].what);
	}
	/* with the set named, the two families are allowed */
	r = gen_key(fd, NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_ENCRYPT |
		    NCR_KEY_USAGE_SIGN, NCR_KEY_ALG_AES_CBC |
		    NCR_KEY_ALG_CMAC_AES, &k);
	tap_err(r, 0, "AES ENCRYPT|SIGN with the set named (CBC|CMAC)");
	if (!r)
		ncr_key_deinit(fd, k);
}

/* -------------------------------------------------------------- key data */

void test_key_data(void)
{
	uint8_t kb[48], want[64], got[64], macv[64], mix[3 + 48 + 3];
	struct live before;
	size_t n, wl;
	uint32_t k_plain, k_hash, k_hash_noexp, k_mac, ses, gl;
	int r;

	for (size_t i = 0; i < sizeof(kb); i++)
		kb[i] = (uint8_t)(0xa0 ^ (i * 13));
	ncr_key_import(fd, NCR_KEY_TYPE_HMAC, kb, sizeof(kb), NULL, 0,
		       NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN, &k_plain);
	ncr_key_import(fd, NCR_KEY_TYPE_HMAC, kb, sizeof(kb), NULL, 0,
		       NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_HASHABLE,
		       NCR_KEY_USAGE_SIGN, &k_hash);
	ncr_key_import(fd, NCR_KEY_TYPE_HMAC, kb, sizeof(kb), NULL, 0,
		       NCR_KEY_FLAG_HASHABLE, NCR_KEY_USAGE_SIGN,
		       &k_hash_noexp);
	ncr_key_import(fd, NCR_KEY_TYPE_HMAC, aes_bytes, 16, NULL, 0, 0,
		       NCR_KEY_USAGE_SIGN, &k_mac);

	/* without HASHABLE */
	r = ncr_session_init(fd, NCR_ALG_SHA256, NCR_OP_SIGN, 0, NULL, 0, 0, 0,
			     &ses);
	before = live_now();
	r = r ? r : ncr_session_update_key(fd, ses, k_plain);
	expect_none(r, -EPERM, &before, "hashing a key without HASHABLE "
		    "(session update)");
	n = sizeof(got);
	r = ncr_session_final(fd, ses, NULL, 0, NULL, NULL, got, &n);
	ref_digest(NCR_ALG_SHA256, "", 0, want, &wl);
	tap_ok(!r && n == 32 && !memcmp(got, want, 32), "the refused key data "
	       "was not hashed: the session gives SHA-256 of nothing (%s)",
	       errname(r));
	gl = sizeof(got);
	before = live_now();
	r = once_key_data(fd, NCR_ALG_SHA256, 0, k_plain, got, &gl);
	expect_none(r, -EPERM, &before, "hashing a key without HASHABLE "
		    "(once)");

	/* with HASHABLE: equals the hash of the bytes */
	static const uint32_t algs[] = { NCR_ALG_SHA256, NCR_ALG_SHA512,
					 NCR_ALG_SHA3_256 };
	for (size_t i = 0; i < ARRAY_SIZE(algs); i++) {
		const char *name = talg_name(algs[i]);

		ref_digest(algs[i], kb, sizeof(kb), want, &wl);
		r = ncr_session_init(fd, algs[i], NCR_OP_SIGN, 0, NULL, 0, 0, 0,
				     &ses);
		r = r ? r : ncr_session_update_key(fd, ses, k_hash);
		n = sizeof(got);
		r = r ? r : ncr_session_final(fd, ses, NULL, 0, NULL, NULL, got,
					      &n);
		tap_ok(!r && n == wl && !memcmp(got, want, wl),
		       "%s of key data (session) == %s of the key bytes (%s)",
		       name, name, errname(r));
		gl = sizeof(got);
		r = once_key_data(fd, algs[i], 0, k_hash_noexp, got, &gl);
		tap_ok(!r && gl == wl && !memcmp(got, want, wl),
		       "%s of a non-exportable HASHABLE key (once) == %s of "
		       "its bytes (%s)", name, name, errname(r));
	}
	{
		uint8_t exported[64];

		n = sizeof(exported);
		r = ncr_key_export(fd, k_hash, exported, &n);
		ref_digest(NCR_ALG_SHA256, exported, n, want, &wl);
		gl = sizeof(got);
		r = r ? r : once_key_data(fd, NCR_ALG_SHA256, 0, k_hash, got,
					  &gl);
		tap_ok(!r && !memcmp(got, want, 32), "SHA-256 of key data == "
		       "SHA-256 of the exported bytes (%s)", errname(r));
	}
	/* key data between ordinary data */
	memcpy(mix, "abc", 3);
	memcpy(mix + 3, kb, sizeof(kb));
	memcpy(mix + 3 + sizeof(kb), "def", 3);
	ref_digest(NCR_ALG_SHA256, mix, sizeof(mix), want, &wl);
	r = ncr_session_init(fd, NCR_ALG_SHA256, NCR_OP_SIGN, 0, NULL, 0, 0, 0,
			     &ses);
	r = r ? r : ncr_session_update(fd, ses, "abc", 3, NULL, NULL);
	r = r ? r : ncr_session_update_key(fd, ses, k_hash);
	n = sizeof(got);
	r = r ? r : ncr_session_final(fd, ses, "def", 3, NULL, NULL, got, &n);
	tap_ok(!r && !memcmp(got, want, 32), "SHA-256(\"abc\" || key || "
	       "\"def\") with the key as key data (%s)", errname(r));
	/* MAC over key data */
	ref_mac(NCR_ALG_HMAC_SHA256, aes_bytes, 16, kb, sizeof(kb), macv, &wl);
	r = ncr_session_init(fd, NCR_ALG_HMAC_SHA256, NCR_OP_SIGN, k_mac, NULL,
			     0, 0, 0, &ses);
	r = r ? r : ncr_session_update_key(fd, ses, k_hash_noexp);
	n = sizeof(got);
	r = r ? r : ncr_session_final(fd, ses, NULL, 0, NULL, NULL, got, &n);
	tap_ok(!r && n == 32 && !memcmp(got, macv, 32), "HMAC-SHA256 over key "
	       "data == HMAC of the key bytes (%s)", errname(r));

	/* the limits: at least 16 bytes; digests but MD5 and HMACs only;
	 * secret keys only */
	{
		uint32_t k_short, k_cmac, ec, ecp;
		int ri;

		r = ncr_key_import(fd, NCR_KEY_TYPE_HMAC, kb, 15, NULL, 0,
				   NCR_KEY_FLAG_HASHABLE, NCR_KEY_USAGE_SIGN,
				   &k_short);
		if (tap_err(r, 0, "a HASHABLE 15-byte HMAC key")) {
			before = live_now();
			gl = sizeof(got);
			r = once_key_data(fd, NCR_ALG_SHA256, 0, k_short, got,
					  &gl);
			expect_none(r, -EPERM, &before, "hashing a 15-byte "
				    "key (searchable by brute force), once");
			ri = ncr_session_init(fd, NCR_ALG_SHA512, NCR_OP_SIGN,
					      0, NULL, 0, 0, 0, &ses);
			before = live_now();
			r = ri ? ri : ncr_session_update_key(fd, ses, k_short);
			expect_none(r, -EPERM, &before, "hashing a 15-byte "
				    "key, session update");
			if (!ri)
				ncr_session_free(fd, ses);
			ncr_key_deinit(fd, k_short);
		}
		r = ncr_key_generate(fd, NCR_KEY_TYPE_AES, 128, 0,
				     NCR_KEY_USAGE_SIGN, &k_cmac);
		if (tap_err(r, 0, "an AES CMAC key")) {
			before = live_now();
			gl = sizeof(got);
			r = once_key_data(fd, NCR_ALG_CMAC_AES, k_cmac,
					  k_hash, got, &gl);
			expect_none(r, -EINVAL, &before, "CMAC over key data "
				    "(invertible under a known key), once");
			ri = ncr_session_init(fd, NCR_ALG_CMAC_AES, NCR_OP_SIGN,
					      k_cmac, NULL, 0, 0, 0, &ses);
			before = live_now();
			r = ri ? ri : ncr_session_update_key(fd, ses, k_hash);
			expect_none(r, -EINVAL, &before, "CMAC over key data, "
				    "session update");
			if (!ri)
				ncr_session_free(fd, ses);
			ncr_key_deinit(fd, k_cmac);
		}
		before = live_now();
		gl = sizeof(got);
		r = once_key_data(fd, NCR_ALG_MD5, 0, k_hash, got, &gl);
		expect_none(r, -EINVAL, &before, "MD5 over key data");
		r = pk_genpair(fd, NCR_KEY_TYPE_EC, 256, 0, NULL, 0,
			       NCR_KEY_FLAG_HASHABLE, NCR_KEY_USAGE_SIGN, 0,
			       &ec, &ecp);
		if (tap_err(r, 0, "a HASHABLE EC private key")) {
			before = live_now();
			gl = sizeof(got);
			r = once_key_data(fd, NCR_ALG_SHA256, 0, ec, got, &gl);
			expect_none(r, -EINVAL, &before, "a private key object "
				    "as key data");
			gl = sizeof(got);
			r = once_key_data(fd, NCR_ALG_SHA256, 0, ecp, got, &gl);
			expect_none(r, -EINVAL, &before, "a public key object "
				    "as key data");
			key_del(fd, ec);
			key_del(fd, ecp);
		}
	}

	ncr_key_deinit(fd, k_plain);
	ncr_key_deinit(fd, k_hash);
	ncr_key_deinit(fd, k_hash_noexp);
	ncr_key_deinit(fd, k_mac);
}

/* ------------------------------------------------------------- restrict */

void test_restrict(void)
{
	uint8_t buf[64], ct[64], pt[64], w[NCR_WRAPPED_KEY_MAX];
	uint8_t blob[NCR_STORAGE_BLOB_MAX], got[64];
	struct ncr_key_info ki, k0;
	struct live before;
	uint32_t k, kek, ses, gl;
	size_t len, wl, n;
	int r, other;

	memset(pt, 0x42, sizeof(pt));
	r = imp_key(fd, NCR_KEY_TYPE_AES, aes_bytes, 16,
		    NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_WRAPPABLE |
		    NCR_KEY_FLAG_HASHABLE | NCR_KEY_FLAG_STORABLE,
		    NCR_KEY_USAGE_ENCRYPT |
		    NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_AES_CBC |
		    NCR_KEY_ALG_AES_CTR, "restrict", &k);
	r = r ? r : ncr_key_generate(fd, NCR_KEY_TYPE_AES, 128, 0,
				     NCR_KEY_USAGE_WRAP, &kek);
	if (!tap_err(r, 0, "restrict: a key with every flag but TRUSTED"))
		return;

	/* nothing to clear, or unknown bits: nothing changes */
	kinfo(fd, k, &k0);
	r = ncr_key_restrict(fd, k, 0, 0, 0);
	kinfo(fd, k, &ki);
	tap_ok(!r && key_info_equal(&k0, &ki), "restrict clearing nothing "
	       "changes nothing (%s)", errname(r));
	{
		static const struct {
			uint32_t f, u;
			uint64_t a;
			const char *what;
		} inval[] = {
			{ 1U << 31, 0, 0, "an unknown flag bit" },
			{ 0, 1U << 30, 0, "an unknown usage bit" },
			{ 0, 0, 1ULL << 62, "an unknown algorithm bit" },
			{ 0, NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT, 0,
			  "every usage bit of the key" },
			{ 0, NCR_KEY_USAGE_ALL, 0, "every usage bit" },
			{ 0, 0, NCR_KEY_ALG_AES_CBC | NCR_KEY_ALG_AES_CTR,
			  "every algorithm of the key" },
			{ NCR_KEY_FLAG_EXPORTABLE, 0, NCR_KEY_ALGS_ALL,
			  "EXPORTABLE and every algorithm" },
		};

		for (size_t i = 0; i < ARRAY_SIZE(inval); i++) {
			r = ncr_key_restrict(fd, k, inval[i].f, inval[i].u,
					     inval[i].a);
			kinfo(fd, k, &ki);
			tap_ok(r == -EINVAL && key_info_equal(&k0, &ki),
			       "restrict clearing %s: EINVAL and the key is "
			       "unchanged (got %s)", inval[i].what,
			       errname(r));
		}
	}
	other = ncr_open();
	if (other >= 0) {
		/* a key of the same handle number in another namespace */
		r = ncr_key_restrict(other, k, NCR_KEY_FLAG_EXPORTABLE, 0, 0);
		tap_err(r, -ENOENT, "restrict of a handle of another "
			"namespace");
		ncr_close(other);
	}

	/* WRAPPABLE: wraps under an ordinary key while also exportable */
	wl = sizeof(w);
	r = ncr_key_wrap(fd, NCR_WALG_AES_RFC3394, kek, k, w, &wl);
	tap_err(r, 0, "the exportable, wrappable key wraps");
	r = ncr_key_restrict(fd, k, NCR_KEY_FLAG_WRAPPABLE, 0, 0);
	before = live_now();
	wl = sizeof(w);
	r = r ? r : ncr_key_wrap(fd, NCR_WALG_AES_RFC3394, kek, k, w, &wl);
	expect_none(r, -EPERM, &before, "key wrap after WRAPPABLE was "
		    "cleared");

	/* HASHABLE */
	gl = sizeof(got);
	r = once_key_data(fd, NCR_ALG_SHA256, 0, k, got, &gl);
	tap_err(r, 0, "the HASHABLE key is hashed as key data");
	r = ncr_key_restrict(fd, k, NCR_KEY_FLAG_HASHABLE, 0, 0);
	before = live_now();
	gl = sizeof(got);
	r = r ? r : once_key_data(fd, NCR_ALG_SHA256, 0, k, got, &gl);
	expect_none(r, -EPERM, &before, "key data after HASHABLE was cleared");

	/* STORABLE */
	if (master_set) {
		size_t bl = sizeof(blob);

		r = ncr_key_storage_wrap(fd, k, blob, &bl);
		tap_err(r, 0, "the STORABLE key is sealed");
		r = ncr_key_restrict(fd, k, NCR_KEY_FLAG_STORABLE, 0, 0);
		before = live_now();
		bl = sizeof(blob);
		r = r ? r : ncr_key_storage_wrap(fd, k, blob, &bl);
		expect_none(r, -EPERM, &before, "storage wrap after STORABLE "
			    "was cleared");
	} else {
		tap_skip("master key not set", "restrict STORABLE");
		ncr_key_restrict(fd, k, NCR_KEY_FLAG_STORABLE, 0, 0);
	}

	/* EXPORTABLE */
	len = sizeof(buf);
	r = ncr_key_export(fd, k, buf, &len);
	tap_ok(!r && len == 16, "the EXPORTABLE key exports (%s)", errname(r));
	r = ncr_key_restrict(fd, k, NCR_KEY_FLAG_EXPORTABLE, 0, 0);
	tap_err(r, 0, "restrict clearing EXPORTABLE");
	before = live_now();
	len = sizeof(buf);
	memset(buf, 0x5a, sizeof(buf));
	r = ncr_key_export(fd, k, buf, &len);
	expect_none(r, -EPERM, &before, "export after EXPORTABLE was cleared");
	tap_ok(buf[0] == 0x5a && buf[15] == 0x5a, "the refused export wrote "
	       "nothing");
	kinfo(fd, k, &ki);
	tap_ok(ki.flags == 0 && !(ki.attrs & (NCR_KEY_ATTR_ALWAYS_SENSITIVE |
					      NCR_KEY_ATTR_NEVER_EXTRACTABLE)),
	       "the key's flags are now 0 (%#x); attrs show it was once "
	       "exportable and wrappable (%#x)", ki.flags, ki.attrs);

	/* a usage: a DECRYPT session started before keeps running */
	ref_cipher(NCR_ALG_AES_CBC, 1, aes_bytes, 16, iv16, pt, 64, ct);
	r = ncr_session_init(fd, NCR_ALG_AES_CBC, NCR_OP_DECRYPT, k, iv16, 16,
			     0, 0, &ses);
	n = sizeof(buf);
	r = r ? r : ncr_session_update(fd, ses, ct, 32, buf, &n);
	tap_err(r, 0, "a CBC decrypt session started before the restrict");
	r = ncr_key_restrict(fd, k, 0, NCR_KEY_USAGE_DECRYPT, 0);
	tap_err(r, 0, "restrict clearing DECRYPT");
	{
		size_t n2 = sizeof(buf) - 32;

		r = ncr_session_final(fd, ses, ct + 32, 32, buf + 32, &n2,
				      NULL, NULL);
		tap_ok(!r && n == 32 && n2 == 32 && !memcmp(buf, pt, 64),
		       "the session started before completes correctly (%s)",
		       errname(r));
	}
	alg_refused(k, NCR_ALG_AES_CBC, NCR_OP_DECRYPT,
		    "after DECRYPT was cleared");
	n = sizeof(buf);
	r = ncr_cipher(fd, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k, iv16, 16, pt, 64,
		       buf, &n);
	tap_ok(!r && !memcmp(buf, ct, 64), "ENCRYPT still works (%s)",
	       errname(r));

	/* an algorithm */
	n = sizeof(buf);
	r = ncr_cipher(fd, NCR_ALG_AES_CTR, NCR_OP_ENCRYPT, k, iv16, 16, pt, 64,
		       buf, &n);
	tap_err(r, 0, "CTR works before its algorithm is cleared");
	r = ncr_key_restrict(fd, k, 0, 0, NCR_KEY_ALG_AES_CTR);
	tap_err(r, 0, "restrict clearing AES_CTR");
	alg_refused(k, NCR_ALG_AES_CTR, NCR_OP_ENCRYPT,
		    "after AES_CTR was cleared");
	n = sizeof(buf);
	r = ncr_cipher(fd, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k, iv16, 16, pt, 64,
		       buf, &n);
	tap_ok(!r && !memcmp(buf, ct, 64), "CBC still works (%s)",
	       errname(r));

	/* the end state, and nothing can be added back */
	kinfo(fd, k, &ki);
	tap_ok(ki.flags == 0 && ki.usage == NCR_KEY_USAGE_ENCRYPT &&
	       ki.algs == NCR_KEY_ALG_AES_CBC, "after the restricts: flags "
	       "%#x, usage %#x, algs %#llx", ki.flags, ki.usage,
	       (unsigned long long)ki.algs);
	r = ncr_key_restrict(fd, k, ~0u, NCR_KEY_USAGE_ALL, 0);
	tap_err(r, -EINVAL, "restrict clearing every flag bit ever and the "
		"last usage");
	ncr_key_deinit(fd, k);
	ncr_key_deinit(fd, kek);
}
