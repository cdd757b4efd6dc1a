// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/wycheproof/sets.c - part of build/tests/wycheproof (see
 * tests/wycheproof/main.c): the algorithm set check of the symmetric files
 * (one TAP line per file): the test key with the set of its algorithm does
 * that algorithm and refuses the others of its type (EPERM).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "wycheproof.h"

/* The file being run (for the lines that are not about one test). */
const char *cur_file = "";
/* Whether this file's key already had its set check. */
int set_checked;

const char *set_name(uint64_t bit)
{
	static const struct {
		uint64_t bit;
		const char *name;
	} n[] = {
		{ NCR_KEY_ALG_AES_ECB, "aes-ecb" },
		{ NCR_KEY_ALG_AES_CBC, "aes-cbc" },
		{ NCR_KEY_ALG_AES_CTR, "aes-ctr" },
		{ NCR_KEY_ALG_AES_XTS, "aes-xts" },
		{ NCR_KEY_ALG_CHACHA20, "chacha20" },
		{ NCR_KEY_ALG_AES_GCM, "aes-gcm" },
		{ NCR_KEY_ALG_AES_CCM, "aes-ccm" },
		{ NCR_KEY_ALG_CHACHA20_POLY1305, "chacha20-poly1305" },
		{ NCR_KEY_ALG_CMAC_AES, "cmac-aes" },
		{ NCR_KEY_ALG_AES_KW, "aes-kw" },
		{ NCR_KEY_ALG_AES_KWP, "aes-kwp" },
		{ NCR_KEY_ALG_HMAC_SHA1, "hmac-sha1" },
		{ NCR_KEY_ALG_HMAC_SHA224, "hmac-sha224" },
		{ NCR_KEY_ALG_HMAC_SHA256, "hmac-sha256" },
		{ NCR_KEY_ALG_HMAC_SHA384, "hmac-sha384" },
		{ NCR_KEY_ALG_HMAC_SHA512, "hmac-sha512" },
		{ NCR_KEY_ALG_HMAC_SHA3_256, "hmac-sha3-256" },
		{ NCR_KEY_ALG_HMAC_SHA3_512, "hmac-sha3-512" },
		{ NCR_KEY_ALG_RSA_PKCS1, "rsa-pkcs1" },
		{ NCR_KEY_ALG_RSA_PSS, "rsa-pss" },
		{ NCR_KEY_ALG_RSA_OAEP, "rsa-oaep" },
		{ NCR_KEY_ALG_ECDSA, "ecdsa" },
		{ NCR_KEY_ALG_ECDH, "ecdh" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(n); i++)
		if (n[i].bit == bit)
			return n[i].name;
	return "?";
}

/* One operation of alg (32 zero bytes) with key: 0 or -errno. */
static int probe(uint32_t alg, uint32_t key)
{
	const struct talg *a = talg_get(alg);
	uint8_t in[32] = { 0 }, out[64], tag[NCR_MAX_TAG], iv[16] = { 0 };
	size_t n = sizeof(out);

	switch (a->kind) {
	case TK_CIPHER:
		return be->cipher(alg, NCR_OP_ENCRYPT, key, iv, a->iv, in,
				  sizeof(in), out, &n);
	case TK_AEAD:
		return be->aead(1, alg, key, iv, a->iv, NULL, 0, in,
				sizeof(in), out, tag, a->tag);
	case TK_MAC:
		n = sizeof(tag);
		return be->mac(0, alg, key, 0, in, sizeof(in), tag, &n);
	default:
		return -EINVAL;
	}
}

/*
 * The test's key, imported with usage `usage` and the set {alg} only:
 * alg works, every algorithm of `others` is refused with EPERM.
 */
static void set_check_sym(uint32_t alg, uint32_t type, uint32_t usage,
			  const uint32_t *others, size_t n_others,
			  const struct tcase *tc)
{
	char msg[600] = "", note[80] = "", bad[400] = "";
	uint32_t key, k2;
	int r;

	r = be->key_import(type, tc->key, tc->key_len, 0, usage, talg_keybit(alg),
			   &key);
	if (r) {
		tap_ok(0, "%s: import of the test key with the set {%s}: %s",
		       cur_file, set_name(talg_keybit(alg)), errname(r));
		return;
	}
	r = probe(alg, key);
	if (r)
		CAT(bad, " %s itself: %s;", talg_name(alg), errname(r));
	for (size_t i = 0; i < n_others; i++) {
		r = probe(others[i], key);
		CAT(msg, "%s%s", i ? ", " : "", talg_name(others[i]));
		if (r != -EPERM)
			CAT(bad, " %s: %s;", talg_name(others[i]), errname(r));
	}
	be->key_deinit(key);
	/* an AES key to encrypt and to sign has no default set */
	if (type == NCR_KEY_TYPE_AES && tc->key_len != 48 &&
	    tc->key_len != 64) {
		r = be->key_import(type, tc->key, tc->key_len, 0,
				   NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_SIGN,
				   0, &k2);
		if (!r)
			be->key_deinit(k2);
		if (r != -EINVAL)
			CAT(bad, " import for ENCRYPT|SIGN without a set: %s "
			    "(want EINVAL);", errname(r));
		CAT(note, "; no default set for ENCRYPT|SIGN (EINVAL)");
	}
	tap_ok(!bad[0], "%s: a key with the set {%s} (usage 0x%x) does %s and "
	       "refuses %s (EPERM)%s%s", cur_file, set_name(talg_keybit(alg)),
	       usage, talg_name(alg), msg, note, bad);
}

/*
 * Key wrap: a NON-exportable wrapping key of the test with usage
 * WRAP|UNWRAP|ENCRYPT and the set {walg}.
 */
static void set_check_wrap(uint32_t walg, const struct tcase *tc)
{
	uint32_t other = walg == NCR_WALG_AES_RFC3394 ? NCR_WALG_AES_RFC5649 :
			 NCR_WALG_AES_RFC3394;
	uint8_t hk_bytes[16], out[NCR_WRAPPED_KEY_MAX];
	char bad[500] = "";
	uint32_t wk, hk = 0, hk2 = 0, nk;
	size_t n;
	int r;

	memset(hk_bytes, 0x5c, sizeof(hk_bytes));
	r = be->key_import(NCR_KEY_TYPE_AES, tc->key, tc->key_len, 0,
			   NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP |
			   NCR_KEY_USAGE_ENCRYPT, talg_wkeybit(walg), &wk);
	if (r) {
		tap_ok(0, "%s: import of a wrapping key with usage "
		       "wrap|unwrap|encrypt and the set {%s}: %s", cur_file,
		       set_name(talg_wkeybit(walg)), errname(r));
		return;
	}
	r = be->key_import(NCR_KEY_TYPE_HMAC, hk_bytes, sizeof(hk_bytes),
			   NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_WRAPPABLE,
			   NCR_KEY_USAGE_SIGN, 0, &hk);
	if (!r)
		r = be->key_import(NCR_KEY_TYPE_HMAC, hk_bytes,
				   sizeof(hk_bytes), NCR_KEY_FLAG_WRAPPABLE,
				   NCR_KEY_USAGE_SIGN, 0, &hk2);
	if (r) {
		CAT(bad, " import of the keys to wrap: %s;", errname(r));
		goto out;
	}
	n = sizeof(out);
	r = be->key_wrap(walg, wk, hk, out, &n);
	if (r)
		CAT(bad, " wrap of an exportable key: %s (want success);",
		    errname(r));
	n = sizeof(out);
	r = be->key_wrap(other, wk, hk, out, &n);
	if (r != -EPERM)
		CAT(bad, " wrap with the other algorithm: %s;", errname(r));
	r = probe(NCR_ALG_AES_ECB, wk);
	if (r != -EPERM)
		CAT(bad, " aes-ecb: %s;", errname(r));
	n = sizeof(out);
	r = be->key_wrap(walg, wk, hk2, out, &n);
	if (r != -EPERM)
		CAT(bad, " wrap of a non-exportable key under an untrusted "
		    "key: %s;", errname(r));
	r = be->key_unwrap(walg, wk, tc->ct, tc->ct_len, NCR_KEY_TYPE_HMAC,
			   NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN, &nk);
	if (!r)
		be->key_deinit(nk);
	if (r != -EPERM)
		CAT(bad, " unwrap into an exportable key: %s;", errname(r));
	r = be->key_unwrap(walg, wk, tc->ct, tc->ct_len, NCR_KEY_TYPE_HMAC,
			   NCR_KEY_FLAG_HASHABLE, NCR_KEY_USAGE_SIGN, &nk);
	if (!r)
		be->key_deinit(nk);
	if (r != -EPERM)
		CAT(bad, " unwrap into a hashable key: %s;", errname(r));
	r = be->key_unwrap(walg, wk, tc->ct, tc->ct_len, NCR_KEY_TYPE_HMAC,
			   0, NCR_KEY_USAGE_SIGN, &nk);
	if (!r)
		be->key_deinit(nk);
	else
		CAT(bad, " unwrap into a plain key: %s (want success);",
		    errname(r));
out:
	if (hk)
		be->key_deinit(hk);
	if (hk2)
		be->key_deinit(hk2);
	be->key_deinit(wk);
	tap_ok(!bad[0], "%s: a non-exportable wrapping key with the set {%s} "
	       "wraps an exportable key and unwraps into a plain one, and "
	       "refuses (EPERM) %s, aes-ecb, wrapping a non-exportable key "
	       "(not TRUSTED), unwrapping into an exportable or hashable "
	       "key%s", cur_file, set_name(talg_wkeybit(walg)),
	       set_name(talg_wkeybit(other)), bad);
}

/*
 * The file's set check for the symmetric kinds, on the first valid test
 * whose key the algorithm takes (XTS: a 32-byte key, which must never be
 * taken as AES-256).
 */
void set_check(const struct supported *sup, const struct tcase *tc)
{
	static const uint32_t aes_algs[] = {
		NCR_ALG_AES_ECB, NCR_ALG_AES_CBC, NCR_ALG_AES_CTR,
		NCR_ALG_AES_GCM, NCR_ALG_AES_CCM, NCR_ALG_CMAC_AES,
	};
	static const uint32_t hmacs[] = {
		NCR_ALG_HMAC_SHA1, NCR_ALG_HMAC_SHA224, NCR_ALG_HMAC_SHA256,
		NCR_ALG_HMAC_SHA384, NCR_ALG_HMAC_SHA512, NCR_ALG_HMAC_SHA3_256,
		NCR_ALG_HMAC_SHA3_512,
	};
	const uint32_t all = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT |
			     NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY;
	uint32_t others[8];
	size_t n = 0;

	if (!is_valid(tc) || !tc->key)
		return;
	switch (sup->kind) {
	case K_KEYWRAP:
		if ((tc->key_len != 16 && tc->key_len != 24 &&
		     tc->key_len != 32) || !tc->msg_len || !tc->ct)
			return;
		set_checked = 1;
		set_check_wrap(sup->alg, tc);
		return;
	case K_XTS:
		if (tc->key_len != 32)
			return;
		break;
	case K_MAC:
		if (sup->alg != NCR_ALG_CMAC_AES) {
			for (size_t i = 0; i < ARRAY_SIZE(hmacs); i++)
				if (hmacs[i] != sup->alg)
					others[n++] = hmacs[i];
			set_checked = 1;
			set_check_sym(sup->alg, NCR_KEY_TYPE_HMAC,
				      NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY,
				      others, n, tc);
			return;
		}
		/* fall through */
	default:
		if (!talg_key_ok(sup->alg, tc->key_len))
			return;
		break;
	}
	set_checked = 1;
	if (sup->alg == NCR_ALG_CHACHA20_POLY1305) {
		others[n++] = NCR_ALG_CHACHA20;
		set_check_sym(sup->alg, NCR_KEY_TYPE_CHACHA20,
			      NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
			      others, n, tc);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(aes_algs); i++)
		if (aes_algs[i] != sup->alg)
			others[n++] = aes_algs[i];
	set_check_sym(sup->alg, NCR_KEY_TYPE_AES, all, others, n, tc);
}
