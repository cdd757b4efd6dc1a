// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/attacks/algs.c - part of build/tests/attacks (see tests/attacks/main.c):
 * the findings of issue 7 about what binds a key to its algorithms, each
 * carried out as the real attack with OpenSSL on the attacker's side
 * (keys.c has the extraction ones, A1 and A13).
 *   A2   NCR_OP_FLAG_KEY_DATA through CMAC (one AES block to invert);
 *   A3   usage flags that did not bind algorithms (GCM through CTR and
 *        ECB, CMAC through ECB/CBC, AES-256 as XTS, CCM, ChaCha20, KW);
 *   A7   the sender of a MAC choosing how much of it is checked.
 * The victim has AES-ECB in its set where the attack needs its bytes
 * recognised (a_victim_is()).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "libncr.h"
#include "attacks.h"

static const uint32_t WU = NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP;

/* ------------------------------------------------------------------- A2 */

/* CMAC subkey K1 of an AES key (SP 800-38B). */
static void cmac_k1(const uint8_t *key, size_t klen, uint8_t k1[16])
{
	static const uint8_t zero[16];
	uint8_t l[16];

	o_aes_block(key, klen, 1, zero, l);
	for (int i = 0; i < 16; i++)
		k1[i] = (uint8_t)(l[i] << 1 | (i < 15 ? l[i + 1] >> 7 : 0));
	if (l[0] & 0x80)
		k1[15] ^= 0x87;
}

void t_a2(void)
{
	const uint32_t sv = NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY;
	uint8_t katt[16], tag[64], known[32], want[64], m[16], k1[16];
	size_t n, wl;
	uint32_t v, ka, kh, k15, kmd, ses, ecpriv, ecpub;
	int r;

	rng_fill(&A.rng, katt, sizeof(katt));
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_HASHABLE,
		  NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_ECB, &v);
	r = r ?: a_import(A.fd, NCR_KEY_TYPE_AES, 0, 0, katt, 16, 0, sv, 0,
			  &ka);
	if (!tap_err(r, 0, "A2.0 - a HASHABLE non-exportable AES-128 victim "
		     "and the attacker's own CMAC key"))
		return;
	n = sizeof(tag);
	r = a_keydata(A.fd, NCR_ALG_CMAC_AES, ka, v, tag, &n);
	if (!r) {
		/* tag = E_Katt(V ^ K1) for the one full block V */
		cmac_k1(katt, 16, k1);
		o_aes_block(katt, 16, 0, tag, m);
		for (int i = 0; i < 16; i++)
			m[i] ^= k1[i];
		tap_ok(0, "A2.1 - CMAC-AES of the victim (KEY_DATA, once) "
		       "SUCCEEDED%s", a_victim_is(A.fd, v, m, 16) == 1 ?
		       ": one AES decryption of the tag gives the victim's "
		       "key: KEY EXTRACTED" : "");
	} else {
		tap_err(r, -EINVAL, "A2.1 - CMAC-AES of a HASHABLE key "
			"(KEY_DATA, once)");
	}
	r = a_init(A.fd, NCR_ALG_CMAC_AES, NCR_OP_SIGN, ka, NULL, 0, 0, &ses);
	if (!r) {
		int u = a_update(A.fd, ses, NCR_OP_FLAG_KEY_DATA, v, NULL, 0,
				 NULL, NULL);

		tap_err(u, -EINVAL, "A2.2 - CMAC-AES session update with "
			"KEY_DATA of the victim");
		a_free(A.fd, ses);
	}
	r = a_init(A.fd, NCR_ALG_AES_ECB, NCR_OP_ENCRYPT, v, NULL, 0, 0, &ses);
	if (!r) {
		uint8_t o[32];
		size_t ol = sizeof(o);
		int u = a_update(A.fd, ses, NCR_OP_FLAG_KEY_DATA, v, NULL, 0, o,
				 &ol);

		tap_err(u, -EINVAL, "A2.3 - AES-ECB encryption of the key's "
			"own material (KEY_DATA into a cipher session)");
		a_free(A.fd, ses);
	}

	/* what stays allowed: digests and HMACs of >= 16 HASHABLE bytes */
	rng_fill(&A.rng, known, sizeof(known));
	r = a_import(A.fd, NCR_KEY_TYPE_HMAC, 0, 0, known, 16,
		     NCR_KEY_FLAG_HASHABLE, sv, 0, &kh);
	if (!r) {
		uint8_t mk[32];
		uint32_t km;

		rng_fill(&A.rng, mk, sizeof(mk));
		r = a_import(A.fd, NCR_KEY_TYPE_HMAC, 0, 0, mk, 32, 0, sv, 0,
			     &km);
		n = sizeof(tag);
		r = r ?: a_keydata(A.fd, NCR_ALG_HMAC_SHA256, km, kh, tag, &n);
		wl = 0;
		ref_mac(NCR_ALG_HMAC_SHA256, mk, 32, known, 16, want, &wl);
		tap_ok(!r && n == 32 && wl == 32 && !memcmp(tag, want, 32),
		       "A2.4 - HMAC-SHA256 of a 16-byte HASHABLE key "
		       "(KEY_DATA) works and equals OpenSSL's HMAC of its "
		       "bytes (%s)",
		       errname(r));
		n = sizeof(tag);
		r = a_keydata(A.fd, NCR_ALG_SHA256, 0, kh, tag, &n);
		ref_digest(NCR_ALG_SHA256, known, 16, want, &wl);
		tap_ok(!r && n == 32 && !memcmp(tag, want, 32), "A2.5 - "
		       "SHA-256 of it (KEY_DATA) equals OpenSSL's (%s)",
		       errname(r));
		n = sizeof(tag);
		r = a_keydata(A.fd, NCR_ALG_MD5, 0, kh, tag, &n);
		tap_err(r, -EINVAL, "A2.6 - MD5 of a HASHABLE key (KEY_DATA)");
		a_del(A.fd, km);
		a_del(A.fd, kh);
	}
	r = a_import(A.fd, NCR_KEY_TYPE_HMAC, 0, 0, known, 15,
		     NCR_KEY_FLAG_HASHABLE, sv, 0, &k15);
	if (!r) {
		n = sizeof(tag);
		r = a_keydata(A.fd, NCR_ALG_SHA256, 0, k15, tag, &n);
		tap_err(r, -EPERM, "A2.7 - SHA-256 of a 15-byte HASHABLE key "
			"(small enough to try every value)");
		a_del(A.fd, k15);
	}
	r = a_import(A.fd, NCR_KEY_TYPE_HMAC, 0, 0, known, 32, 0, sv, 0, &kmd);
	if (!r) {
		n = sizeof(tag);
		r = a_keydata(A.fd, NCR_ALG_SHA256, 0, kmd, tag, &n);
		tap_err(r, -EPERM, "A2.8 - SHA-256 of a key without HASHABLE");
		a_del(A.fd, kmd);
	}
	r = a_genpair(A.fd, NCR_KEY_TYPE_EC, 256, NULL, 0,
		      NCR_KEY_FLAG_HASHABLE, NCR_KEY_USAGE_SIGN, 0, &ecpriv,
		      &ecpub);
	if (!r) {
		n = sizeof(tag);
		r = a_keydata(A.fd, NCR_ALG_SHA256, 0, ecpriv, tag, &n);
		tap_err(r, -EINVAL, "A2.9 - SHA-256 of an EC private key "
			"object (HASHABLE) through KEY_DATA");
		n = sizeof(tag);
		r = a_keydata(A.fd, NCR_ALG_SHA256, 0, ecpub, tag, &n);
		tap_err(r, -EINVAL, "A2.10 - SHA-256 of an EC public key "
			"object through KEY_DATA");
		a_del(A.fd, ecpriv);
		a_del(A.fd, ecpub);
	} else {
		tap_err(r, 0, "A2.9 - a HASHABLE EC pair");
	}
	a_del(A.fd, ka);
	a_del(A.fd, v);
}

/* ------------------------------------------------------------------- A3 */

/* Session init of (alg, op) with key k must be EPERM; with iv of iv_len. */
static int a3_init(uint32_t k, uint32_t alg, uint32_t op, const void *iv,
		   size_t iv_len, uint32_t *ses)
{
	return a_init(A.fd, alg, op, k, iv, iv_len, 0, ses);
}

void t_a3(void)
{
	const uint32_t ed = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT;
	uint8_t iv[16] = { 0 }, p[32], c[48], tag[16], o[64], zero[16] = { 0 };
	struct ncr_key_info ki;
	size_t n, tl;
	uint32_t v, k, ses;
	int r;

	rng_fill(&A.rng, iv, 12);
	rng_fill(&A.rng, p, sizeof(p));
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 128, 0, ed, 0, &v);
	if (!tap_err(r, 0, "A3.0 - the victim: AES-128 ENCRYPT|DECRYPT with "
		     "the default set"))
		return;
	a_keyinfo(A.fd, v, &ki);
	tap_ok(ki.algs == NCR_KEY_ALG_AES_GCM, "A3.1 - the default set of an "
	       "AES encryption key is {AES_GCM} only (%#llx)",
	       (unsigned long long)ki.algs);
	n = sizeof(c);
	tl = 16;
	r = a_crypt(A.fd, NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, v, iv, 12, NULL, 0,
		    p, 32, c, &n, tag, &tl);
	if (!tap_err(r, 0, "A3.2 - a GCM ciphertext of a secret message made "
		     "with the victim"))
		goto out;

	/* GCM's keystream is CTR from IV || 2: CTR "encryption" of the
	 * ciphertext from there is the plaintext */
	iv[15] = 2;
	r = a3_init(v, NCR_ALG_AES_CTR, NCR_OP_ENCRYPT, iv, 16, &ses);
	if (!r) {
		n = sizeof(o);
		r = a_update(A.fd, ses, 0, 0, c, 32, o, &n);
		a_free(A.fd, ses);
		tap_ok(0, "A3.3 - CTR encrypt with the GCM key SUCCEEDED%s",
		       !r && n == 32 && !memcmp(o, p, 32) ? ": CTR from IV||2 "
		       "over the GCM ciphertext gave the PLAINTEXT" : "");
	} else {
		tap_err(r, -EPERM, "A3.3 - CTR encrypt with the GCM key (would "
			"decrypt GCM ciphertexts from IV||2)");
	}
	r = a3_init(v, NCR_ALG_AES_CTR, NCR_OP_DECRYPT, iv, 16, &ses);
	tap_err(r, -EPERM, "A3.4 - CTR decrypt with the GCM key");
	if (!r)
		a_free(A.fd, ses);

	/* ECB of J0 = IV || 1 is the tag mask of GCM (and ECB of zero its
	 * GHASH key H): with them the attacker forges tags */
	iv[15] = 1;
	r = a3_init(v, NCR_ALG_AES_ECB, NCR_OP_ENCRYPT, NULL, 0, &ses);
	if (!r) {
		uint8_t t0[16], mask[16];
		size_t t0l = 16, ml = sizeof(mask);

		a_free(A.fd, ses);
		/* an empty GCM message's tag is E_K(J0) (GHASH of nothing
		 * is 0) */
		n = 0;
		a_crypt(A.fd, NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, v, iv, 12, NULL,
			0, NULL, 0, o, &n, t0, &t0l);
		r = a_crypt(A.fd, NCR_ALG_AES_ECB, NCR_OP_ENCRYPT, v, NULL, 0,
			    NULL, 0, iv, 16, mask, &ml, NULL, NULL);
		tap_ok(0, "A3.5 - ECB encrypt with the GCM key SUCCEEDED%s",
		       !r && !memcmp(mask, t0, 16) ? ": ECB(IV||1) equals the "
		       "GCM tag of an empty message: TAGS FORGEABLE" : "");
	} else {
		tap_err(r, -EPERM, "A3.5 - ECB encrypt with the GCM key (of "
			"zero: the GHASH key H; of IV||1: the tag mask)");
	}
	n = sizeof(o);
	r = a_crypt(A.fd, NCR_ALG_AES_ECB, NCR_OP_ENCRYPT, v, NULL, 0, NULL, 0,
		    zero, 16, o, &n, NULL, NULL);
	tap_err(r, -EPERM, "A3.6 - once ECB encrypt of the zero block with the "
		"GCM key");
	r = a3_init(v, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, zero, 16, &ses);
	tap_err(r, -EPERM, "A3.7 - CBC encrypt with the GCM key");
	if (!r)
		a_free(A.fd, ses);
	r = a3_init(v, NCR_ALG_AES_XTS, NCR_OP_DECRYPT, zero, 16, &ses);
	if (r == -EPERM || r == -EINVAL)
		tap_ok(1, "A3.8 - XTS with an AES-128 GCM key: %s", errname(r));
	else
		tap_err(r, -EPERM, "A3.8 - XTS with an AES-128 GCM key");
	if (!r)
		a_free(A.fd, ses);

	/* a DECRYPT-only GCM key cannot encrypt, not even as CTR decrypt */
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_DECRYPT, 0, &k);
	if (!r) {
		r = a3_init(k, NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, iv, 12, &ses);
		tap_err(r, -EPERM, "A3.9 - GCM encrypt with a DECRYPT-only "
			"key");
		if (!r)
			a_free(A.fd, ses);
		iv[15] = 2;
		r = a3_init(k, NCR_ALG_AES_CTR, NCR_OP_DECRYPT, iv, 16, &ses);
		tap_err(r, -EPERM, "A3.10 - CTR decrypt (the same keystream as "
			"encrypt: GCM forgery) with a DECRYPT-only GCM key");
		if (!r)
			a_free(A.fd, ses);
		a_del(A.fd, k);
	}

	/* CMAC through ECB/CBC: a key that verifies CMACs and encrypts GCM */
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 128, 0,
		  NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_VERIFY,
		  NCR_KEY_ALG_AES_GCM | NCR_KEY_ALG_CMAC_AES, &k);
	if (!r) {
		uint8_t l[16], k1[16], mblk[16], blk[16], t[16];
		size_t bl = 16;

		r = a3_init(k, NCR_ALG_AES_ECB, NCR_OP_ENCRYPT, NULL, 0, &ses);
		if (!r) {
			a_free(A.fd, ses);
			/* forge CMAC(M) for one block M: L = E(0), K1 from
			 * L, tag = E(M ^ K1) */
			n = 16;
			a_crypt(A.fd, NCR_ALG_AES_ECB, NCR_OP_ENCRYPT, k, NULL,
				0, NULL, 0, zero, 16, l, &n, NULL, NULL);
			for (int i = 0; i < 16; i++)
				k1[i] = (uint8_t)(l[i] << 1 |
						  (i < 15 ? l[i + 1] >> 7 : 0));
			if (l[0] & 0x80)
				k1[15] ^= 0x87;
			memcpy(mblk, "forged message!!", 16);
			for (int i = 0; i < 16; i++)
				blk[i] = mblk[i] ^ k1[i];
			a_crypt(A.fd, NCR_ALG_AES_ECB, NCR_OP_ENCRYPT, k, NULL,
				0, NULL, 0, blk, 16, t, &bl, NULL, NULL);
			tap_ok(0, "A3.11 - ECB encrypt with a GCM+CMAC-verify "
			       "key SUCCEEDED%s", a_mac_verify(A.fd,
			       NCR_ALG_CMAC_AES, k, 0, mblk, 16, t, 16) ==
			       NCR_VERIFY_OK ? ": a CMAC tag made through ECB "
			       "VERIFIES (forgery)" : "");
		} else {
			tap_err(r, -EPERM, "A3.11 - ECB encrypt with a key "
				"that verifies CMACs (set GCM|CMAC)");
		}
		r = a3_init(k, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, zero, 16, &ses);
		tap_err(r, -EPERM, "A3.12 - CBC encrypt (CBC-MAC) with a key "
			"that verifies CMACs");
		if (!r)
			a_free(A.fd, ses);
		a_del(A.fd, k);
	}
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_VERIFY, 0, &k);
	if (!r) {
		r = a3_init(k, NCR_ALG_AES_ECB, NCR_OP_ENCRYPT, NULL, 0, &ses);
		tap_err(r, -EPERM, "A3.13 - ECB encrypt with a CMAC-only "
			"VERIFY key");
		if (!r)
			a_free(A.fd, ses);
		a_del(A.fd, k);
	}

	/* AES-256 is not two AES-128 keys */
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 256, 0, ed, 0, &k);
	if (!r) {
		r = a3_init(k, NCR_ALG_AES_XTS, NCR_OP_ENCRYPT, zero, 16, &ses);
		tap_err(r, -EPERM, "A3.14 - AES-XTS with an AES-256 key of the "
			"default set");
		if (!r)
			a_free(A.fd, ses);
		a_del(A.fd, k);
	}
	/* CCM is CTR + CBC-MAC */
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 128, 0, ed, NCR_KEY_ALG_AES_CCM, &k);
	if (!r) {
		int r1 = a3_init(k, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, zero, 16,
				 &ses);

		if (!r1)
			a_free(A.fd, ses);
		r = a3_init(k, NCR_ALG_AES_CTR, NCR_OP_ENCRYPT, zero, 16, &ses);
		if (!r)
			a_free(A.fd, ses);
		tap_ok(r1 == -EPERM && r == -EPERM, "A3.15 - a CCM key refused "
		       "by CBC (%s) and CTR (%s)", errname(r1), errname(r));
		a_del(A.fd, k);
	}
	/* ChaCha20-Poly1305: raw ChaCha20 gives the Poly1305 key */
	r = a_gen(A.fd, NCR_KEY_TYPE_CHACHA20, 256, 0, ed, 0, &k);
	if (!r) {
		r = a3_init(k, NCR_ALG_CHACHA20, NCR_OP_ENCRYPT, zero, 16,
			    &ses);
		tap_err(r, -EPERM, "A3.16 - raw ChaCha20 with a "
			"ChaCha20-Poly1305 key (block 0 is the Poly1305 key)");
		if (!r)
			a_free(A.fd, ses);
		a_del(A.fd, k);
	}
	/* a key-wrap key that may also "encrypt": not with ECB */
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 256, 0, WU | ed,
		  NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_KWP, &k);
	if (!r) {
		int r1 = a3_init(k, NCR_ALG_AES_ECB, NCR_OP_DECRYPT, NULL, 0,
				 &ses);

		if (!r1)
			a_free(A.fd, ses);
		r = a3_init(k, NCR_ALG_AES_ECB, NCR_OP_ENCRYPT, NULL, 0, &ses);
		if (!r)
			a_free(A.fd, ses);
		tap_ok(r1 == -EPERM && r == -EPERM, "A3.17 - a KW key refused "
		       "by ECB decrypt (%s: would unwrap by hand) and encrypt "
		       "(%s)", errname(r1), errname(r));
		a_del(A.fd, k);
	}
	/* mixed families need an explicit set */
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 128, 0,
		  NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_SIGN, 0, &k);
	tap_err(r, -EINVAL, "A3.18 - an AES key to ENCRYPT and SIGN without an "
		"explicit set");
	if (!r)
		a_del(A.fd, k);
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 128, 0, ed | WU, 0, &k);
	tap_err(r, -EINVAL, "A3.19 - an AES key to ENCRYPT and WRAP without an "
		"explicit set");
	if (!r)
		a_del(A.fd, k);
	{
		EVP_PKEY *vic = o_rsa_victim();
		uint8_t *der = vic ? o_der(vic, 1, &n) : NULL;

		r = der ? a_import(A.fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_PKCS8,
				   0, der, n, 0, NCR_KEY_USAGE_SIGN |
				   NCR_KEY_USAGE_DECRYPT, 0, &k) : -ENOMEM;
		tap_err(r, -EINVAL, "A3.20 - an RSA key to SIGN and DECRYPT "
			"without an explicit set");
		if (!r)
			a_del(A.fd, k);
		free(der);
		EVP_PKEY_free(vic);
	}
	r = a_genpair(A.fd, NCR_KEY_TYPE_EC, 256, NULL, 0, 0,
		      NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DERIVE, 0, &k, NULL);
	tap_err(r, -EINVAL, "A3.21 - an EC key to SIGN and DERIVE without an "
		"explicit set");
	if (!r)
		a_del(A.fd, k);

	/* the explicit choice is allowed, and then the attack works */
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 128, 0, ed,
		  NCR_KEY_ALG_AES_GCM | NCR_KEY_ALG_AES_CTR, &k);
	if (!r) {
		uint8_t c2[48], t2[16];
		size_t n2 = sizeof(c2), t2l = 16;

		r = a_crypt(A.fd, NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, k, iv, 12,
			    NULL, 0, p, 32, c2, &n2, t2, &t2l);
		iv[15] = 2;
		n = sizeof(o);
		r = r ?: a_crypt(A.fd, NCR_ALG_AES_CTR, NCR_OP_ENCRYPT, k, iv,
				 16, NULL, 0, c2, 32, o, &n, NULL, NULL);
		tap_ok(!r && !memcmp(o, p, 32), "A3.22 - a key made with the "
		       "explicit set GCM|CTR works with both (%s): the caller "
		       "chose to let CTR read its GCM messages", errname(r));
		a_del(A.fd, k);
	}
out:
	a_del(A.fd, v);
}

/* ------------------------------------------------------------------- A7 */

void t_a7(void)
{
	const uint32_t sv = NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY;
	uint8_t key[32], msg[100], mac[64], bad[64];
	size_t ml = sizeof(mac);
	uint32_t k, kc, ses;
	int r;

	rng_fill(&A.rng, key, sizeof(key));
	rng_fill(&A.rng, msg, sizeof(msg));
	r = a_import(A.fd, NCR_KEY_TYPE_HMAC, 0, 0, key, 32, 0, sv, 0, &k);
	r = r ?: a_mac(A.fd, NCR_ALG_HMAC_SHA256, k, 0, msg, sizeof(msg), mac,
		       &ml);
	if (!tap_err(r, 0, "A7.0 - an HMAC-SHA256 key and the full MAC of a "
		     "message"))
		return;
	r = a_mac_verify(A.fd, NCR_ALG_HMAC_SHA256, k, 0, msg, sizeof(msg),
			 mac, 4);
	tap_ok(r == NCR_VERIFY_FAILED, "A7.1 - once VERIFY of the right 4-byte "
	       "prefix, mac_size 0 (full): %s (want VERIFY_FAILED: the sender "
	       "does not choose the length checked)", r == NCR_VERIFY_OK ?
	       "VERIFY_OK" : r == NCR_VERIFY_FAILED ? "VERIFY_FAILED" :
	       errname(r));
	r = a_mac_verify(A.fd, NCR_ALG_HMAC_SHA256, k, 0, msg, sizeof(msg),
			 mac, 32);
	tap_ok(r == NCR_VERIFY_OK, "A7.2 - control: the full 32 bytes verify "
	       "(%d)", r);
	r = ncr_mac_verify(A.fd, NCR_ALG_HMAC_SHA256, k, msg, sizeof(msg), mac,
			   4);
	tap_ok(r == NCR_VERIFY_FAILED, "A7.3 - libncr ncr_mac_verify of the "
	       "right 4-byte prefix: not OK (%d)", r);
	for (uint32_t t = 4; t <= 9; t += 5) {
		r = a_init(A.fd, NCR_ALG_HMAC_SHA256, NCR_OP_VERIFY, k, NULL, 0,
			   t, &ses);
		tap_err(r, -EINVAL, "A7.%u - session init VERIFY with tag_size "
			"%u (HMAC minimum 10)", t == 4 ? 4 : 6, t);
		if (!r)
			a_free(A.fd, ses);
		r = a_mac_verify(A.fd, NCR_ALG_HMAC_SHA256, k, t, msg,
				 sizeof(msg), mac, t);
		tap_err(r, -EINVAL, "A7.%u - once VERIFY with mac_size %u",
			t == 4 ? 5 : 7, t);
	}
	r = a_mac_verify(A.fd, NCR_ALG_HMAC_SHA256, k, 10, msg, sizeof(msg),
			 mac, 10);
	tap_ok(r == NCR_VERIFY_OK, "A7.8 - once VERIFY mac_size 10 with the "
	       "right 10 bytes: OK (%d)", r);
	r = a_mac_verify(A.fd, NCR_ALG_HMAC_SHA256, k, 10, msg, sizeof(msg),
			 mac, 11);
	tap_ok(r == NCR_VERIFY_FAILED, "A7.9 - mac_size 10 given the right 11 "
	       "bytes: FAILED (%d)", r);
	r = a_mac_verify(A.fd, NCR_ALG_HMAC_SHA256, k, 10, msg, sizeof(msg),
			 mac, 32);
	tap_ok(r == NCR_VERIFY_FAILED, "A7.10 - mac_size 10 given the full "
	       "32 bytes: FAILED (%d)", r);
	memcpy(bad, mac, 32);
	bad[9] ^= 1;
	r = a_mac_verify(A.fd, NCR_ALG_HMAC_SHA256, k, 10, msg, sizeof(msg),
			 bad, 10);
	tap_ok(r == NCR_VERIFY_FAILED, "A7.11 - mac_size 10 with the 10th "
	       "byte wrong: FAILED (%d)", r);
	r = a_mac_verify(A.fd, NCR_ALG_HMAC_SHA256, k, 10, msg, sizeof(msg),
			 mac, 4);
	tap_ok(r == NCR_VERIFY_FAILED, "A7.12 - mac_size 10 given the right 4 "
	       "bytes: FAILED (%d)", r);

	/* sessions: the length is fixed at init, before any tag is seen */
	for (int i = 0; i < 3; i++) {
		static const uint32_t init_t[] = { 0, 10, 10 };
		static const size_t given[] = { 4, 10, 16 };
		static const uint32_t want[] = {
			NCR_VERIFY_FAILED, NCR_VERIFY_OK, NCR_VERIFY_FAILED,
		};
		uint32_t res = 0xdead;
		size_t tl = given[i];

		r = a_init(A.fd, NCR_ALG_HMAC_SHA256, NCR_OP_VERIFY, k, NULL, 0,
			   init_t[i], &ses);
		r = r ?: a_final(A.fd, ses, msg, sizeof(msg), NULL, NULL, mac,
				 &tl, &res);
		tap_ok(!r && res == want[i], "A7.%d - session VERIFY, tag_size "
		       "%u at init, the right %zu bytes at final: %s (%s)",
		       13 + i, init_t[i], given[i], res == NCR_VERIFY_OK ?
		       "OK" : "FAILED", errname(r));
	}

	/* CMAC: 8 bytes minimum */
	rng_fill(&A.rng, key, 16);
	r = a_import(A.fd, NCR_KEY_TYPE_AES, 0, 0, key, 16, 0, sv, 0, &kc);
	if (!r) {
		ml = sizeof(mac);
		a_mac(A.fd, NCR_ALG_CMAC_AES, kc, 0, msg, sizeof(msg), mac,
		      &ml);
		r = a_mac_verify(A.fd, NCR_ALG_CMAC_AES, kc, 7, msg,
				 sizeof(msg), mac, 7);
		tap_err(r, -EINVAL, "A7.16 - CMAC once VERIFY with mac_size 7");
		r = a_mac_verify(A.fd, NCR_ALG_CMAC_AES, kc, 8, msg,
				 sizeof(msg), mac, 8);
		tap_ok(r == NCR_VERIFY_OK, "A7.17 - CMAC mac_size 8 with the "
		       "right 8 bytes: OK (%d)", r);
		r = a_mac_verify(A.fd, NCR_ALG_CMAC_AES, kc, 0, msg,
				 sizeof(msg), mac, 8);
		tap_ok(r == NCR_VERIFY_FAILED, "A7.18 - CMAC full-length "
		       "VERIFY given the right 8 bytes: FAILED (%d)", r);
		a_del(A.fd, kc);
	}
	a_del(A.fd, k);
}
