// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/wycheproof/kdf.c - part of build/tests/wycheproof (see
 * tests/wycheproof/main.c): the key derivation schemas through libncr's
 * ncr_key_kdf (NCRIO_KEY_KDF): HKDF (hkdf_test_schema_v1.json) and PBKDF2
 * (pbkdf_test_schema.json), each output derived into an exportable
 * HMAC-type key, exported and compared; and the set check of an HKDF
 * file's input keying material.  /dev/crypto only: the openssl and bsd
 * backends skip these schemas.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "wycheproof.h"

/* The inputs of one test. */
struct kdf_in {
	uint32_t key;		/* HKDF: the imported IKM; PBKDF2: 0 */
	struct ncr_kdf_params p;
};

/*
 * Derives size bytes into an exportable HMAC-type key; with out, exports
 * them there.  The key is deleted.  0 or -errno (-EMSGSIZE: another
 * length came out).
 */
static int derive(uint32_t alg, const struct kdf_in *in, uint32_t size,
		  uint8_t *out)
{
	struct ncr_key_policy pol = {
		.flags = NCR_KEY_FLAG_EXPORTABLE,
		.usage = NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY,
	};
	size_t n = size;
	uint32_t nk;
	int r;

	r = ncr_key_kdf(ncr_fd, alg, in->key, &in->p, NCR_KEY_TYPE_HMAC, size,
			&pol, &nk);
	if (r)
		return r;
	if (out) {
		r = ncr_key_export(ncr_fd, nk, out, &n);
		if (!r && n != size)
			r = -EMSGSIZE;
	}
	ncr_key_deinit(ncr_fd, nk);
	return r;
}

static int ikm_import(const uint8_t *ikm, size_t len, uint32_t usage,
		      uint64_t algs, uint32_t *key)
{
	struct ncr_key_policy pol = { .usage = usage, .algs = algs };

	return ncr_key_import_ex(ncr_fd, NCR_KEY_TYPE_HMAC,
				 NCR_KEY_FORMAT_DEFAULT, 0, ikm, len, &pol,
				 key);
}

/*
 * Once per HKDF file, with the first valid test's IKM: a key with the
 * set {hkdf} derives and refuses HMAC and the SP 800-108 KDF (EPERM); a
 * key with the set {hmac-sha256}, or the default set (which holds no
 * KDF), is no HKDF source (EPERM); the set {hkdf, kbkdf-hmac} is refused
 * (EINVAL: KBKDF keys do nothing else).
 */
static void hkdf_set_check(uint32_t alg, const uint8_t *ikm, size_t len,
			   struct kdf_in *in, uint32_t size)
{
	const uint32_t all = NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY |
			     NCR_KEY_USAGE_DERIVE;
	const char *name = ncr_alg_name(alg);
	uint8_t mac[64];
	char bad[400] = "";
	uint32_t k;
	size_t n;
	int r;

	set_checked = 1;
	r = ikm_import(ikm, len, all, NCR_KEY_ALG_HKDF, &k);
	if (r) {
		CAT(bad, " import with {hkdf}: %s;", errname(r));
	} else {
		in->key = k;
		r = derive(alg, in, size, NULL);
		if (r)
			CAT(bad, " %s itself: %s;", name, errname(r));
		n = sizeof(mac);
		r = ncr_mac(ncr_fd, NCR_ALG_HMAC_SHA256, k, ikm, len, mac, &n);
		if (r != -EPERM)
			CAT(bad, " hmac-sha256: %s;", errname(r));
		r = derive(NCR_ALG_KBKDF_HMAC_SHA256, in, size, NULL);
		if (r != -EPERM)
			CAT(bad, " kbkdf-hmac-sha256: %s;", errname(r));
		ncr_key_deinit(ncr_fd, k);
	}
	r = ikm_import(ikm, len, all, NCR_KEY_ALG_HMAC_SHA256, &k);
	if (r) {
		CAT(bad, " import with {hmac-sha256}: %s;", errname(r));
	} else {
		in->key = k;
		r = derive(alg, in, size, NULL);
		if (r != -EPERM)
			CAT(bad, " %s with {hmac-sha256}: %s;", name,
			    errname(r));
		ncr_key_deinit(ncr_fd, k);
	}
	r = ikm_import(ikm, len, all, 0, &k);
	if (r) {
		CAT(bad, " import with the default set: %s;", errname(r));
	} else {
		in->key = k;
		r = derive(alg, in, size, NULL);
		if (r != -EPERM)
			CAT(bad, " %s with the default set: %s;", name,
			    errname(r));
		ncr_key_deinit(ncr_fd, k);
	}
	r = ikm_import(ikm, len, all, NCR_KEY_ALG_HKDF |
		       NCR_KEY_ALG_KBKDF_HMAC, &k);
	if (!r)
		ncr_key_deinit(ncr_fd, k);
	if (r != -EINVAL)
		CAT(bad, " import with {hkdf, kbkdf-hmac}: %s (want EINVAL);",
		    errname(r));
	in->key = 0;
	tap_ok(!bad[0], "%s: an IKM key with the set {hkdf} (usage "
	       "sign|verify|derive) does %s and refuses hmac-sha256 and "
	       "kbkdf-hmac-sha256 (EPERM); with {hmac-sha256} or the default "
	       "set it is no %s source (EPERM); {hkdf, kbkdf-hmac} is refused "
	       "(EINVAL)%s", cur_file, name, name, bad);
}

/*
 * The derivation and its verdict.  limit: why ncr.h says the call must
 * be refused with EINVAL (NULL: it must not be); prefix: the only limit
 * is the output size above NCR_MAX_HMAC_KEY_BYTES, so the first that
 * many bytes can still be compared (HKDF and PBKDF2 outputs of one input
 * are prefixes of each other).
 */
static enum verdict kdf_verdict(uint32_t alg, const struct kdf_in *in,
				uint32_t size, const uint8_t *want,
				size_t want_len, const char *limit, int prefix,
				const struct tcase *tc, char *why,
				size_t why_len)
{
	int expect_out = is_valid(tc) || is_acceptable(tc);
	uint8_t *got;
	int r;

	if (limit) {
		r = derive(alg, in, size, NULL);
		if (r != -EINVAL) {
			WHY("%s: %s (want EINVAL)", limit, errname(r));
			return V_FAIL;
		}
		if (!expect_out)
			return V_PASS;	/* invalid, refused */
		if (prefix && want && want_len >= NCR_MAX_HMAC_KEY_BYTES) {
			got = malloc(NCR_MAX_HMAC_KEY_BYTES);
			r = derive(alg, in, NCR_MAX_HMAC_KEY_BYTES, got);
			if (r || memcmp(got, want, NCR_MAX_HMAC_KEY_BYTES)) {
				WHY("%s; its first %d bytes: %s", limit,
				    NCR_MAX_HMAC_KEY_BYTES,
				    r ? errname(r) : "differ");
				free(got);
				return V_FAIL;
			}
			free(got);
			WHY("%s (EINVAL), as ncr.h documents; its first %d "
			    "bytes match", limit, NCR_MAX_HMAC_KEY_BYTES);
			return V_SKIP;
		}
		WHY("%s (EINVAL), as ncr.h documents", limit);
		return V_SKIP;
	}
	got = malloc(size);
	r = derive(alg, in, size, got);
	if (!expect_out) {
		free(got);
		if (r == -EINVAL)
			return V_PASS;
		WHY("an invalid test: %s (want EINVAL)",
		    r ? errname(r) : "a key was derived");
		return V_FAIL;
	}
	if (r) {
		free(got);
		return refused(tc, r, "ncr_key_kdf", NULL, why, why_len);
	}
	if (!want || want_len != size || memcmp(got, want, size)) {
		WHY("%u bytes derived differ from the expected %zu", size,
		    want_len);
		free(got);
		return V_FAIL;
	}
	free(got);
	return V_PASS;
}

/* A non-negative integer field of at most UINT32_MAX; -1 if not one. */
static long long jsize(json_t *t, const char *field)
{
	json_t *v = json_object_get(t, field);
	json_int_t n;

	if (!json_is_integer(v))
		return -1;
	n = json_integer_value(v);
	return n < 0 || n > (json_int_t)UINT32_MAX ? -1 : (long long)n;
}

static enum verdict hkdf_test(uint32_t alg, json_t *t,
			      const struct tcase *tc, char *why,
			      size_t why_len)
{
	size_t il = 0, ol = 0;
	int bad = 0, prefix = 0;
	uint8_t *ikm = jhex(t, "ikm", &il, &bad);
	uint8_t *okm = jhex(t, "okm", &ol, &bad);
	long long size = jsize(t, "size");
	struct kdf_in in = { 0 };
	const char *limit = NULL;
	enum verdict v;
	int r;

	in.p.salt = jhex(t, "salt", &in.p.salt_len, &bad);
	in.p.info = jhex(t, "info", &in.p.info_len, &bad);
	if (bad || !ikm || size < 0 || (is_valid(tc) && !okm)) {
		WHY("malformed test (ikm, salt, info, size or okm)");
		v = V_FAIL;
		goto out;
	}
	/* ncr.h: an HMAC-type key holds 1..NCR_MAX_HMAC_KEY_BYTES bytes */
	if (!il || il > NCR_MAX_HMAC_KEY_BYTES) {
		r = ikm_import(ikm, il, NCR_KEY_USAGE_DERIVE, NCR_KEY_ALG_HKDF,
			       &in.key);
		if (!r) {
			ncr_key_deinit(ncr_fd, in.key);
			WHY("an IKM of %zu bytes imported as an HMAC-type "
			    "key", il);
			v = V_FAIL;
		} else if (r != -EINVAL) {
			WHY("IKM import (%zu bytes): %s (want EINVAL)", il,
			    errname(r));
			v = V_FAIL;
		} else {
			WHY("an IKM of 0 or more than NCR_MAX_HMAC_KEY_BYTES "
			    "bytes: no HMAC-type key holds it (EINVAL)");
			v = V_SKIP;
		}
		goto out;
	}
	if (in.p.salt_len > NCR_KDF_INPUT_MAX ||
	    in.p.info_len > NCR_KDF_INPUT_MAX) {
		limit = "salt or info above NCR_KDF_INPUT_MAX bytes";
	} else if (!size || size > NCR_MAX_HMAC_KEY_BYTES) {
		limit = "an output of 0 or more than NCR_MAX_HMAC_KEY_BYTES "
			"bytes";
		prefix = size > 0;
	}
	if (!set_checked && is_valid(tc) && !limit)
		hkdf_set_check(alg, ikm, il, &in, (uint32_t)size);
	r = ikm_import(ikm, il, NCR_KEY_USAGE_DERIVE, NCR_KEY_ALG_HKDF,
		       &in.key);
	if (r) {
		WHY("IKM import (%zu bytes, set {hkdf}): %s", il, errname(r));
		v = V_FAIL;
		goto out;
	}
	v = kdf_verdict(alg, &in, (uint32_t)size, okm, ol, limit, prefix, tc,
			why, why_len);
	ncr_key_deinit(ncr_fd, in.key);
out:
	free(ikm);
	free(okm);
	free((void *)in.p.salt);
	free((void *)in.p.info);
	return v;
}

static enum verdict pbkdf2_test(uint32_t alg, json_t *t,
				const struct tcase *tc, char *why,
				size_t why_len)
{
	size_t dl = 0;
	int bad = 0, prefix = 0;
	uint8_t *dk = jhex(t, "dk", &dl, &bad);
	long long c = jsize(t, "iterationCount"), size = jsize(t, "dkLen");
	struct kdf_in in = { 0 };
	const char *limit = NULL;
	enum verdict v;

	in.p.password = jhex(t, "password", &in.p.password_len, &bad);
	in.p.salt = jhex(t, "salt", &in.p.salt_len, &bad);
	if (bad || !in.p.password || !in.p.salt || c < 0 || size < 0 ||
	    (is_valid(tc) && !dk)) {
		WHY("malformed test (password, salt, iterationCount, dkLen or "
		    "dk)");
		v = V_FAIL;
		goto out;
	}
	in.p.iterations = (uint32_t)c;
	if (in.p.password_len > NCR_KDF_INPUT_MAX ||
	    in.p.salt_len > NCR_KDF_INPUT_MAX) {
		limit = "a password or salt above NCR_KDF_INPUT_MAX bytes";
	} else if (!c || c > NCR_PBKDF2_ITERATIONS_MAX) {
		limit = "an iteration count outside 1.."
			"NCR_PBKDF2_ITERATIONS_MAX";
	} else if (!size || size > NCR_MAX_HMAC_KEY_BYTES) {
		limit = "an output of 0 or more than NCR_MAX_HMAC_KEY_BYTES "
			"bytes";
		prefix = size > 0;
	}
	v = kdf_verdict(alg, &in, (uint32_t)size, dk, dl, limit, prefix, tc,
			why, why_len);
out:
	free(dk);
	free((void *)in.p.password);
	free((void *)in.p.salt);
	return v;
}

enum verdict run_kdf(uint32_t alg, json_t *t, const struct tcase *tc,
		     char *why, size_t why_len)
{
	switch (alg) {
	case NCR_ALG_HKDF_SHA256:
	case NCR_ALG_HKDF_SHA384:
	case NCR_ALG_HKDF_SHA512:
		return hkdf_test(alg, t, tc, why, why_len);
	case NCR_ALG_PBKDF2_SHA1:
	case NCR_ALG_PBKDF2_SHA256:
	case NCR_ALG_PBKDF2_SHA512:
		return pbkdf2_test(alg, t, tc, why, why_len);
	default:
		WHY("no key derivation function %u", alg);
		return V_FAIL;
	}
}
