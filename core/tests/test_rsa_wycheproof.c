// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_rsa_wycheproof.c - the Wycheproof RSA files (PKCS#1 v1.5 and PSS
 * signatures, OAEP and PKCS#1 v1.5 decryption; the 3072-bit ones with
 * `full`) from /work/shared/vectors/wycheproof/testvectors_v1, skipped when
 * not there; part of build/tests/test_rsa_unit.  TAP (test_tap_split.h).
 */
#include <stdio.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/bn.h>
#include <jansson.h>
#include "rsa/rsa.h"
#include "hash/hash.h"
#include "test_tap_split.h"
#include "test_rsa_unit.h"

/* --- Wycheproof (if the vectors are there) --- */

#define WYCHE_DIR "/work/shared/vectors/wycheproof/testvectors_v1/"

size_t unhex(u8 *out, size_t cap, const char *h)
{
	size_t n = strlen(h) / 2, i;

	if (n > cap)
		return (size_t)-1;
	for (i = 0; i < n; i++) {
		unsigned int v;

		sscanf(h + 2 * i, "%2x", &v);
		out[i] = (u8)v;
	}
	return n;
}

static u32 hash_by_name(const char *name)
{
	if (!name)
		return 0;
	if (!strcmp(name, "SHA-1"))
		return NCR_HASH_SHA1;
	if (!strcmp(name, "SHA-224"))
		return NCR_HASH_SHA224;
	if (!strcmp(name, "SHA-256"))
		return NCR_HASH_SHA256;
	if (!strcmp(name, "SHA-384"))
		return NCR_HASH_SHA384;
	if (!strcmp(name, "SHA-512"))
		return NCR_HASH_SHA512;
	return 0;
}

static const char *jstr(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

struct wkey {
	u8 buf[8][1100];
	struct ncr_rsa_parts parts;
};

static void wkey_load(struct wkey *w, json_t *k)
{
	static const char *f[8] = { "modulus", "publicExponent", "privateExponent", "prime1",
				    "prime2", "exponent1", "exponent2", "coefficient" };
	int i;

	memset(&w->parts, 0, sizeof(w->parts));
	for (i = 0; i < 8; i++) {
		const char *h = jstr(k, f[i]);
		struct ncr_bytes *m = member(&w->parts, i);

		if (!h)
			continue;
		m->len = unhex(w->buf[i], sizeof(w->buf[i]), h);
		m->p = w->buf[i];
	}
}

/*
 * A PKCS#1 v1.5 decryption vector: publicly invalid ciphertexts (length !=
 * k, c >= n) are -EBADMSG; every other one decrypts (implicit rejection) to
 * the reference's result, which for a "valid" one is msg.
 */
static void wyche_pkcs1(const struct ncr_rsa_parts *parts, EVP_PKEY *pk, json_t *t,
			const u8 *ct, size_t cl, const u8 *msg, size_t ml, int valid, int *bad,
			int *nsyn, int *npub)
{
	size_t k = ncr_rsa_k(parts), ol = k, wl = 0;
	static u8 out[1100], want[1100];
	int pub_bad = cl != k, r, rw = -EBADMSG, good = 0;

	if (!pub_bad) {
		BIGNUM *c = BN_bin2bn(ct, (int)cl, NULL), *n = BN_bin2bn(parts->n.p,
									(int)parts->n.len, NULL);

		pub_bad = BN_cmp(c, n) >= 0;
		BN_free(c);
		BN_free(n);
	}
	if (!pub_bad && pk)
		rw = ref_decrypt(pk, ct, k, k, want, &wl, &good);
	r = ncr_rsa_decrypt(parts, NCR_RSA_PAD_PKCS1, 0, 0, NULL, 0, ct, cl, &env, out, &ol,
			    scratch);
	if (pub_bad ? r != -EBADMSG
		    : (r || rw || ol != wl || memcmp(out, want, wl) || good != valid ||
		       (valid && (ol != ml || memcmp(out, msg, ml))))) {
		(*bad)++;
		printf("# PKCS#1 tcId %d: got %d (%zu bytes), reference %d (%zu bytes, good %d), %s\n",
		       (int)json_integer_value(json_object_get(t, "tcId")), r, ol, rw, wl, good,
		       valid ? "valid" : "invalid");
	}
	*npub += pub_bad;
	*nsyn += !pub_bad && !valid;
}

/* kind: 0 PKCS#1 verify, 1 PSS verify, 2 OAEP decrypt, 3 PKCS#1 decrypt */
static void wyche(const char *file, int kind)
{
	char path[512];
	json_error_t err;
	json_t *root, *groups, *g, *t;
	size_t gi, ti;
	int n = 0, bad = 0, skipped = 0, nsyn = 0, npub = 0;
	EVP_PKEY *wpk = NULL;
	static struct wkey wk;
	static u8 msg[4096], sig[1100], out[1100], dg[64], label[1100];

	snprintf(path, sizeof(path), WYCHE_DIR "%s", file);
	root = json_load_file(path, 0, &err);
	if (!root) {
		ok(1, "# SKIP %s not found", file);
		return;
	}
	groups = json_object_get(root, "testGroups");
	json_array_foreach(groups, gi, g) {
		u32 h = hash_by_name(jstr(g, "sha")), mgf = hash_by_name(jstr(g, "mgfSha"));
		json_t *key = json_object_get(g, kind < 2 ? "publicKey" : "privateKey");
		u32 slen = (u32)json_integer_value(json_object_get(g, "sLen"));

		if ((kind < 3 && !h) || ((kind == 1 || kind == 2) && !mgf) || !key) {
			skipped += (int)json_array_size(json_object_get(g, "tests"));
			continue;
		}
		wkey_load(&wk, key);
		if (kind == 3) {
			EVP_PKEY_free(wpk);
			wpk = openssl_from_parts(&wk.parts);
			if (!wpk) {
				bad++;
				printf("# %s: OpenSSL refuses the key\n", file);
			}
		}
		json_array_foreach(json_object_get(g, "tests"), ti, t) {
			const char *res = jstr(t, "result");
			int valid = !strcmp(res, "valid"), acceptable = !strcmp(res, "acceptable");
			size_t ml = unhex(msg, sizeof(msg), jstr(t, "msg")), sl, ll = 0, ol;
			int r;

			n++;
			if (kind < 2) {
				sl = unhex(sig, sizeof(sig), jstr(t, "sig"));
				ncr_hash(h, msg, ml, dg);
				r = ncr_rsa_verify(&wk.parts, kind ? NCR_RSA_PAD_PSS : NCR_RSA_PAD_PKCS1,
						   h, mgf, kind ? slen : 0, dg,
						   ncr_hash_info(h)->digest_len, sig, sl, scratch);
				if (sl == (size_t)-1)
					r = -EBADMSG;
				if (!acceptable && (r == 0) != valid) {
					bad++;
					printf("# %s tcId %d: got %d, expected %s\n", file,
					       (int)json_integer_value(json_object_get(t, "tcId")), r, res);
				}
			} else {
				sl = unhex(sig, sizeof(sig), jstr(t, "ct"));
				if (jstr(t, "label"))
					ll = unhex(label, sizeof(label), jstr(t, "label"));
				ol = sizeof(out);
				if (kind == 3) {
					wyche_pkcs1(&wk.parts, wpk, t, sig, sl, msg, ml, valid, &bad,
						    &nsyn, &npub);
					continue;
				}
				r = ncr_rsa_decrypt(&wk.parts, NCR_RSA_PAD_OAEP, h, mgf, label, ll, sig,
						    sl, &env, out, &ol, scratch);
				if (!acceptable && ((r == 0) != valid ||
						    (valid && (ol != ml || memcmp(out, msg, ml))))) {
					bad++;
					printf("# %s tcId %d: got %d, expected %s\n", file,
					       (int)json_integer_value(json_object_get(t, "tcId")), r, res);
				}
			}
		}
	}
	json_decref(root);
	EVP_PKEY_free(wpk);
	if (kind == 3)
		ok(!bad && n > 0, "Wycheproof %s: %d vectors (%d skipped): valid ones decrypt, %d invalid paddings give the reference's synthetic message, %d publicly invalid ciphertexts -EBADMSG",
		   file, n, skipped, nsyn, npub);
	else
		ok(!bad && n > 0, "Wycheproof %s: %d vectors (%d skipped)", file, n, skipped);
}

void test_wycheproof(int full)
{
	wyche("rsa_signature_2048_sha256_test.json", 0);
	wyche("rsa_pss_2048_sha256_mgf1_32_test.json", 1);
	wyche("rsa_oaep_2048_sha1_mgf1sha1_test.json", 2);
	wyche("rsa_oaep_2048_sha256_mgf1sha256_test.json", 2);
	wyche("rsa_pkcs1_2048_test.json", 3);
	if (full) {
		wyche("rsa_signature_3072_sha384_test.json", 0);
		wyche("rsa_pss_3072_sha256_mgf1_32_test.json", 1);
		wyche("rsa_oaep_3072_sha256_mgf1sha256_test.json", 2);
	}
}
