// SPDX-License-Identifier: GPL-2.0
/*
 * kdf - NCRIO_KEY_KDF (ncr.h): HKDF, PBKDF2 and the SP 800-108 counter
 * KDF into a new key object, through /dev/crypto with libncr's
 * ncr_key_kdf and raw ioctls.
 *
 *   build/tests/kdf
 *
 * Checks:
 *   - known answers: RFC 5869 test cases 1-3 (HKDF-SHA-256; case 3 with
 *     empty salt and info) and RFC 6070 (PBKDF2-HMAC-SHA1: 1, 2 and 4096
 *     iterations, the 25-byte output, "pass\0word"); its 16777216-
 *     iteration case is above NCR_PBKDF2_ITERATIONS_MAX: EINVAL;
 *   - every algorithm against OpenSSL 3's EVP_KDF ("HKDF", "PBKDF2",
 *     "KBKDF" in counter mode with HMAC-SHA256 or CMAC over AES-128/192/
 *     256-CBC, whose defaults use-l=1 and use-separator=1 are ncr's
 *     [i]_32 || Label || 0x00 || Context || [L]_32; OpenSSL's salt is the
 *     Label, its info the Context) on random inputs (NCR_TEST_SEED):
 *     source keys of 1..100 bytes (AES 16/24/32 for CMAC), salt, info and
 *     password of 0..100, HMAC-type outputs of 1..300 bytes and AES-128/
 *     192/256, DES3 and ChaCha20 keys; the largest sizes (1024-byte
 *     salt, info, password and output);
 *   - the new key: usage, flags, algorithm set and label as asked, never
 *     LOCAL; NCR_KEY_ATTR_ALWAYS_SENSITIVE kept from a source that has
 *     it when the new key is not exportable, and never for PBKDF2
 *     outputs; a non-exportable output cannot be exported (EPERM) but
 *     MACs with the derived bytes; HKDF of an HKDF output;
 *   - policy and arguments, each refused with its documented errno and
 *     nothing created: a source without DERIVE usage or without the
 *     algorithm in its set (EPERM); KBKDF keys that would do anything
 *     else (EINVAL at import) and do nothing else (EPERM); TRUSTED new
 *     keys (EPERM); iteration counts, inputs an algorithm does not take,
 *     sizes, output types and lengths, unknown algorithms and flags,
 *     public-key sources (EINVAL); bad pointers (EFAULT); a missing key
 *     (ENOENT);
 *   - ECDH then HKDF entirely in the kernel: both sides of a P-256
 *     agreement derive the same key from their non-exportable shared
 *     secrets, equal to OpenSSL's HKDF of an exportable copy;
 *   - a process killed (SIGKILL) in a PBKDF2 of NCR_PBKDF2_ITERATIONS_MAX
 *     iterations leaves no key, session or namespace behind;
 *   - no KDF in a default set: an HMAC key or an ECDH secret made with
 *     algs 0 is no HKDF or KBKDF source (EPERM);
 *   - at the end the live key count is back to where it was.
 * Every other source key names its set (HKDF, KBKDF_HMAC or
 * KBKDF_CMAC).  No check depends on timing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "libncr.h"
#include "tap.h"

#define ROUNDS		24	/* random inputs per algorithm */
#define MAX_IN		100	/* random input and key bytes */
#define MAX_OUT		300	/* random HMAC-type output bytes */

static int fd;

/* ------------------------------------------------------ the algorithms */

struct kdfalg {
	uint32_t alg;
	const char *name;
	const char *kdf;	/* OpenSSL EVP_KDF name */
	const char *md;		/* digest; NULL: CMAC */
	uint32_t src_type;	/* of the source key; 0: a password */
	uint64_t src_algs;	/* the source key's set */
};

static const struct kdfalg kdfalgs[] = {
	{ NCR_ALG_HKDF_SHA256, "HKDF-SHA256", "HKDF", "SHA256",
	  NCR_KEY_TYPE_HMAC, NCR_KEY_ALG_HKDF },
	{ NCR_ALG_HKDF_SHA384, "HKDF-SHA384", "HKDF", "SHA384",
	  NCR_KEY_TYPE_HMAC, NCR_KEY_ALG_HKDF },
	{ NCR_ALG_HKDF_SHA512, "HKDF-SHA512", "HKDF", "SHA512",
	  NCR_KEY_TYPE_HMAC, NCR_KEY_ALG_HKDF },
	{ NCR_ALG_PBKDF2_SHA1, "PBKDF2-SHA1", "PBKDF2", "SHA1", 0, 0 },
	{ NCR_ALG_PBKDF2_SHA256, "PBKDF2-SHA256", "PBKDF2", "SHA256", 0, 0 },
	{ NCR_ALG_PBKDF2_SHA512, "PBKDF2-SHA512", "PBKDF2", "SHA512", 0, 0 },
	{ NCR_ALG_KBKDF_HMAC_SHA256, "KBKDF-HMAC-SHA256", "KBKDF", "SHA256",
	  NCR_KEY_TYPE_HMAC, NCR_KEY_ALG_KBKDF_HMAC },
	{ NCR_ALG_KBKDF_CMAC_AES, "KBKDF-CMAC-AES", "KBKDF", NULL,
	  NCR_KEY_TYPE_AES, NCR_KEY_ALG_KBKDF_CMAC },
};

static const struct kdfalg *kdfalg_get(uint32_t alg)
{
	for (size_t i = 0; i < ARRAY_SIZE(kdfalgs); i++)
		if (kdfalgs[i].alg == alg)
			return &kdfalgs[i];
	return NULL;
}

/*
 * OpenSSL's EVP_KDF of ka into out (len bytes); key: the source key's
 * bytes (HKDF IKM, KBKDF key), p the rest.  0 or -1.
 */
static int ref_kdf(const struct kdfalg *ka, const uint8_t *key,
		   size_t key_len, const struct ncr_kdf_params *p,
		   uint8_t *out, size_t len)
{
	static const uint8_t none[1];
	OSSL_PARAM prm[10], *q = prm;
	uint64_t iter = p->iterations;
	EVP_KDF_CTX *ctx = NULL;
	EVP_KDF *kdf;
	char cipher[32];
	int pkcs5 = 1, ok;

#define OCT(name, ptr, n) OSSL_PARAM_construct_octet_string(name, \
		(void *)((n) ? (const void *)(ptr) : (const void *)none), n)
#define UTF8(name, s) OSSL_PARAM_construct_utf8_string(name, (char *)(s), 0)
	if (!strcmp(ka->kdf, "KBKDF")) {
		*q++ = UTF8(OSSL_KDF_PARAM_MODE, "counter");
		*q++ = UTF8(OSSL_KDF_PARAM_MAC, ka->md ? "HMAC" : "CMAC");
		if (ka->md) {
			*q++ = UTF8(OSSL_KDF_PARAM_DIGEST, ka->md);
		} else {
			snprintf(cipher, sizeof(cipher), "AES-%zu-CBC",
				 key_len * 8);
			*q++ = UTF8(OSSL_KDF_PARAM_CIPHER, cipher);
		}
		*q++ = OCT(OSSL_KDF_PARAM_KEY, key, key_len);
		*q++ = OCT(OSSL_KDF_PARAM_SALT, p->salt, p->salt_len);
		*q++ = OCT(OSSL_KDF_PARAM_INFO, p->info, p->info_len);
	} else if (!strcmp(ka->kdf, "PBKDF2")) {
		*q++ = UTF8(OSSL_KDF_PARAM_DIGEST, ka->md);
		*q++ = OCT(OSSL_KDF_PARAM_PASSWORD, p->password,
			   p->password_len);
		*q++ = OCT(OSSL_KDF_PARAM_SALT, p->salt, p->salt_len);
		*q++ = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_ITER, &iter);
		/* RFC 8018 as it is: no SP 800-132 lower bounds */
		*q++ = OSSL_PARAM_construct_int(OSSL_KDF_PARAM_PKCS5, &pkcs5);
	} else {
		*q++ = UTF8(OSSL_KDF_PARAM_DIGEST, ka->md);
		*q++ = OCT(OSSL_KDF_PARAM_KEY, key, key_len);
		*q++ = OCT(OSSL_KDF_PARAM_SALT, p->salt, p->salt_len);
		*q++ = OCT(OSSL_KDF_PARAM_INFO, p->info, p->info_len);
	}
#undef OCT
#undef UTF8
	*q = OSSL_PARAM_construct_end();
	kdf = EVP_KDF_fetch(NULL, ka->kdf, NULL);
	if (kdf)
		ctx = EVP_KDF_CTX_new(kdf);
	ok = ctx && EVP_KDF_derive(ctx, out, len, prm) > 0;
	EVP_KDF_CTX_free(ctx);
	EVP_KDF_free(kdf);
	return ok ? 0 : -1;
}

/* ------------------------------------------------------------- helpers */

/* A usage the new key of this type can have with its default set. */
static uint32_t out_usage(uint32_t type)
{
	return type == NCR_KEY_TYPE_HMAC ?
	       NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY :
	       NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT;
}

static int src_import(uint32_t type, const void *b, size_t len,
		      uint32_t flags, uint32_t usage, uint64_t algs,
		      uint32_t *key)
{
	struct ncr_key_policy pol = {
		.flags = flags, .usage = usage, .algs = algs,
	};

	return ncr_key_import_ex(fd, type, NCR_KEY_FORMAT_DEFAULT, 0, b, len,
				 &pol, key);
}

static int src_generate(uint32_t type, uint32_t bits, uint32_t usage,
			uint64_t algs, uint32_t *key)
{
	struct ncr_key_policy pol = { .usage = usage, .algs = algs };

	return ncr_key_generate_ex(fd, type, bits, &pol, key);
}

/*
 * ncr_key_kdf into an exportable key of type and len bytes, exported
 * into out and deleted: 0 or -errno (-EMSGSIZE: another length came
 * out).
 */
static int kdf_bytes(uint32_t alg, uint32_t key,
		     const struct ncr_kdf_params *p, uint32_t type, size_t len,
		     uint8_t *out)
{
	struct ncr_key_policy pol = {
		.flags = NCR_KEY_FLAG_EXPORTABLE, .usage = out_usage(type),
	};
	size_t n = len;
	uint32_t nk;
	int r;

	r = ncr_key_kdf(fd, alg, key, p, type, len, &pol, &nk);
	if (r)
		return r;
	r = ncr_key_export(fd, nk, out, &n);
	ncr_key_deinit(fd, nk);
	if (!r && n != len)
		r = -EMSGSIZE;
	return r;
}

/* ncr_key_kdf that must fail with want; a key made anyway is deleted. */
static int kdf_refused(int want, uint32_t alg, uint32_t key,
		       const struct ncr_kdf_params *p, uint32_t type,
		       size_t len, const struct ncr_key_policy *pol,
		       const char *what)
{
	struct ncr_key_policy def = { .usage = out_usage(type) };
	uint32_t nk;
	int r;

	r = ncr_key_kdf(fd, alg, key, p, type, len, pol ? pol : &def, &nk);
	if (!r)
		ncr_key_deinit(fd, nk);
	return tap_err(r, want, "%s", what);
}

/* The same with a raw structure. */
static int raw_refused(int want, struct ncr_key_kdf *d, const char *what)
{
	int r = xioctl(fd, NCRIO_KEY_KDF, d);

	if (!r)
		ncr_key_deinit(fd, d->new_key);
	return tap_err(r, want, "%s", what);
}

static int import_refused(int want, uint32_t type, size_t len,
			  uint32_t usage, uint64_t algs, const char *what)
{
	uint8_t b[64];
	uint32_t k;
	int r;

	memset(b, 0x42, sizeof(b));
	r = src_import(type, b, len, 0, usage, algs, &k);
	if (!r)
		ncr_key_deinit(fd, k);
	return tap_err(r, want, "%s", what);
}

static int key_attrs(uint32_t key, struct ncr_key_info *info)
{
	memset(info, 0, sizeof(*info));
	return ncr_key_get_info(fd, key, info);
}

/* ------------------------------------------------------- known answers */

struct hkdf_kat {
	const char *name, *ikm, *salt, *info, *okm;
};

static const struct hkdf_kat rfc5869[] = {
	{ "RFC 5869 test case 1",
	  "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
	  "000102030405060708090a0b0c", "f0f1f2f3f4f5f6f7f8f9",
	  "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
	  "34007208d5b887185865" },
	{ "RFC 5869 test case 2",
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	  "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
	  "404142434445464748494a4b4c4d4e4f",
	  "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
	  "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
	  "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
	  "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf"
	  "d0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeef"
	  "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
	  "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
	  "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
	  "cc30c58179ec3e87c14c01d5c1f3434f1d87" },
	{ "RFC 5869 test case 3 (empty salt and info)",
	  "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "",
	  "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
	  "9d201395faa4b61a96c8" },
};

#define BYTES(s) s, sizeof(s) - 1

struct pbkdf2_kat {
	const char *name;
	const char *pw;
	size_t pw_len;
	const char *salt;
	size_t salt_len;
	uint32_t c;
	const char *dk;
};

static const struct pbkdf2_kat rfc6070[] = {
	{ "RFC 6070 c=1", BYTES("password"), BYTES("salt"), 1,
	  "0c60c80f961f0e71f3a9b524af6012062fe037a6" },
	{ "RFC 6070 c=2", BYTES("password"), BYTES("salt"), 2,
	  "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957" },
	{ "RFC 6070 c=4096", BYTES("password"), BYTES("salt"), 4096,
	  "4b007901b765489abead49d926f721d065a429c1" },
	{ "RFC 6070 c=4096, dkLen 25", BYTES("passwordPASSWORDpassword"),
	  BYTES("saltSALTsaltSALTsaltSALTsaltSALTsalt"), 4096,
	  "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038" },
	{ "RFC 6070 \"pass\\0word\", \"sa\\0lt\", c=4096",
	  BYTES("pass\0word"), BYTES("sa\0lt"), 4096,
	  "56fa6aa75548099dcc37d7f03425e0c3" },
};

static void test_kat(void)
{
	uint8_t got[128];
	int r;

	for (size_t i = 0; i < ARRAY_SIZE(rfc5869); i++) {
		const struct hkdf_kat *k = &rfc5869[i];
		size_t il, sl, nl, ol;
		uint8_t *ikm = hex_decode(k->ikm, &il);
		uint8_t *salt = hex_decode(k->salt, &sl);
		uint8_t *info = hex_decode(k->info, &nl);
		uint8_t *okm = hex_decode(k->okm, &ol);
		struct ncr_kdf_params p = {
			.salt = salt, .salt_len = sl, .info = info,
			.info_len = nl,
		};
		uint32_t key;

		r = src_import(NCR_KEY_TYPE_HMAC, ikm, il, 0,
			       NCR_KEY_USAGE_DERIVE, NCR_KEY_ALG_HKDF, &key);
		if (!r) {
			r = kdf_bytes(NCR_ALG_HKDF_SHA256, key, &p,
				      NCR_KEY_TYPE_HMAC, ol, got);
			ncr_key_deinit(fd, key);
		}
		tap_ok(!r && !memcmp_diag("OKM", got, okm, ol),
		       "%s: HKDF-SHA256 of a %zu-byte IKM into an exportable "
		       "%zu-byte key%s%s", k->name, il, ol, r ? ": " : "",
		       r ? errname(r) : "");
		free(ikm);
		free(salt);
		free(info);
		free(okm);
	}
	for (size_t i = 0; i < ARRAY_SIZE(rfc6070); i++) {
		const struct pbkdf2_kat *k = &rfc6070[i];
		size_t dl;
		uint8_t *dk = hex_decode(k->dk, &dl);
		struct ncr_kdf_params p = {
			.password = k->pw, .password_len = k->pw_len,
			.salt = k->salt, .salt_len = k->salt_len,
			.iterations = k->c,
		};

		r = kdf_bytes(NCR_ALG_PBKDF2_SHA1, 0, &p, NCR_KEY_TYPE_HMAC,
			      dl, got);
		tap_ok(!r && !memcmp_diag("DK", got, dk, dl),
		       "%s: PBKDF2-HMAC-SHA1 into a %zu-byte key%s%s",
		       k->name, dl, r ? ": " : "", r ? errname(r) : "");
		free(dk);
	}
	{
		struct ncr_kdf_params p = {
			.password = "password", .password_len = 8,
			.salt = "salt", .salt_len = 4, .iterations = 16777216,
		};

		kdf_refused(-EINVAL, NCR_ALG_PBKDF2_SHA1, 0, &p,
			    NCR_KEY_TYPE_HMAC, 20, NULL,
			    "RFC 6070 c=16777216 (above "
			    "NCR_PBKDF2_ITERATIONS_MAX) refused");
	}
}

/* ------------------------------------------------ differential (OpenSSL) */

static void pick_output(struct rng *rng, uint32_t *type, size_t *len)
{
	switch (rng_below(rng, 10)) {
	case 0:
	case 1:
		*type = NCR_KEY_TYPE_AES;
		*len = 16 + 8 * rng_below(rng, 3);
		break;
	case 2:
		*type = NCR_KEY_TYPE_CHACHA20;
		*len = 32;
		break;
	case 3:
		*type = NCR_KEY_TYPE_DES3;
		*len = 24;
		break;
	default:
		*type = NCR_KEY_TYPE_HMAC;
		*len = 1 + rng_below(rng, MAX_OUT);
		break;
	}
}

/*
 * One derivation of ka from src (src_len bytes; none for PBKDF2) with p,
 * by the kernel and by OpenSSL: 0 equal, 1 different, -1 an error (with
 * a diagnostic).
 */
static int diff_one(const struct kdfalg *ka, const uint8_t *src,
		    size_t src_len, const struct ncr_kdf_params *p,
		    uint32_t type, size_t len)
{
	uint8_t *got = malloc(len), *want = malloc(len);
	uint32_t key = 0;
	int r = 0, ret = -1;

	if (ka->src_type)
		r = src_import(ka->src_type, src, src_len, 0,
			       NCR_KEY_USAGE_DERIVE, ka->src_algs, &key);
	if (!r) {
		r = kdf_bytes(ka->alg, key, p, type, len, got);
		if (key)
			ncr_key_deinit(fd, key);
	}
	if (r) {
		tap_diag("%s: key %zu B, salt %zu B, info %zu B, password "
			 "%zu B, c=%u, out type %u of %zu B: %s", ka->name,
			 src_len, p->salt_len, p->info_len, p->password_len,
			 p->iterations, type, len, errname(r));
	} else if (ref_kdf(ka, src, src_len, p, want, len)) {
		tap_diag("%s: OpenSSL EVP_KDF failed (key %zu B, salt %zu B,"
			 " info %zu B, password %zu B, out %zu B)", ka->name,
			 src_len, p->salt_len, p->info_len, p->password_len,
			 len);
	} else {
		ret = memcmp_diag(ka->name, got, want, len) ? 1 : 0;
		if (ret)
			tap_diag("  (key %zu B, salt %zu B, info %zu B, "
				 "password %zu B, c=%u, out type %u)",
				 src_len, p->salt_len, p->info_len,
				 p->password_len, p->iterations, type);
	}
	free(got);
	free(want);
	return ret;
}

static void test_diff(struct rng *rng)
{
	for (size_t a = 0; a < ARRAY_SIZE(kdfalgs); a++) {
		const struct kdfalg *ka = &kdfalgs[a];
		int differ = 0, errs = 0, outs[5] = { 0 };

		for (int i = 0; i < ROUNDS; i++) {
			uint8_t src[MAX_IN], salt[MAX_IN], info[MAX_IN],
				pw[MAX_IN];
			struct ncr_kdf_params p = { 0 };
			size_t src_len = 0, len;
			uint32_t type;
			int d;

			if (ka->src_type == NCR_KEY_TYPE_AES)
				src_len = 16 + 8 * rng_below(rng, 3);
			else if (ka->src_type)
				src_len = 1 + rng_below(rng, MAX_IN);
			rng_fill(rng, src, src_len);
			p.salt_len = rng_below(rng, MAX_IN + 1);
			rng_fill(rng, salt, p.salt_len);
			p.salt = salt;
			if (ka->src_type) {
				p.info_len = rng_below(rng, MAX_IN + 1);
				rng_fill(rng, info, p.info_len);
				p.info = info;
			} else {
				p.password_len = rng_below(rng, MAX_IN + 1);
				rng_fill(rng, pw, p.password_len);
				p.password = pw;
				/* one larger count per algorithm */
				p.iterations = i ? 1 + rng_below(rng, 16) :
					       1000 + rng_below(rng, 3000);
			}
			pick_output(rng, &type, &len);
			outs[type <= NCR_KEY_TYPE_HMAC ? type : 0]++;
			d = diff_one(ka, src, src_len, &p, type, len);
			differ += d > 0;
			errs += d < 0;
		}
		tap_ok(!differ && !errs, "%s against OpenSSL EVP_KDF %s: %d "
		       "random inputs (outputs: %d HMAC-type of 1..%d bytes, "
		       "%d AES, %d ChaCha20, %d DES3), %d differ, %d errors",
		       ka->name, ka->kdf, ROUNDS, outs[NCR_KEY_TYPE_HMAC],
		       MAX_OUT, outs[NCR_KEY_TYPE_AES],
		       outs[NCR_KEY_TYPE_CHACHA20], outs[NCR_KEY_TYPE_DES3],
		       differ, errs);
	}
}

/* The largest inputs and output ncr.h allows, against OpenSSL. */
static void test_limits(struct rng *rng)
{
	static uint8_t salt[NCR_KDF_INPUT_MAX], info[NCR_KDF_INPUT_MAX],
		pw[NCR_KDF_INPUT_MAX], ikm[NCR_MAX_HMAC_KEY_BYTES];
	struct ncr_kdf_params p = {
		.salt = salt, .salt_len = sizeof(salt), .info = info,
		.info_len = sizeof(info),
	};
	struct ncr_kdf_params pp = {
		.salt = salt, .salt_len = sizeof(salt), .password = pw,
		.password_len = sizeof(pw), .iterations = 2,
	};

	rng_fill(rng, salt, sizeof(salt));
	rng_fill(rng, info, sizeof(info));
	rng_fill(rng, pw, sizeof(pw));
	rng_fill(rng, ikm, sizeof(ikm));
	tap_ok(!diff_one(kdfalg_get(NCR_ALG_HKDF_SHA256), ikm, sizeof(ikm),
			 &p, NCR_KEY_TYPE_HMAC, NCR_MAX_HMAC_KEY_BYTES),
	       "HKDF-SHA256 with a %d-byte IKM, %d-byte salt and info into a"
	       " %d-byte key (NCR_MAX_HMAC_KEY_BYTES) equals OpenSSL's",
	       NCR_MAX_HMAC_KEY_BYTES, NCR_KDF_INPUT_MAX,
	       NCR_MAX_HMAC_KEY_BYTES);
	tap_ok(!diff_one(kdfalg_get(NCR_ALG_HKDF_SHA512), ikm, sizeof(ikm),
			 &p, NCR_KEY_TYPE_HMAC, NCR_MAX_HMAC_KEY_BYTES),
	       "HKDF-SHA512 into a %d-byte key equals OpenSSL's",
	       NCR_MAX_HMAC_KEY_BYTES);
	tap_ok(!diff_one(kdfalg_get(NCR_ALG_PBKDF2_SHA256), NULL, 0, &pp,
			 NCR_KEY_TYPE_HMAC, NCR_MAX_HMAC_KEY_BYTES),
	       "PBKDF2-SHA256 with a %d-byte password and salt into a %d-"
	       "byte key equals OpenSSL's", NCR_KDF_INPUT_MAX,
	       NCR_MAX_HMAC_KEY_BYTES);
	tap_ok(!diff_one(kdfalg_get(NCR_ALG_KBKDF_HMAC_SHA256), ikm,
			 sizeof(ikm), &p, NCR_KEY_TYPE_HMAC,
			 NCR_MAX_HMAC_KEY_BYTES),
	       "KBKDF-HMAC-SHA256 with a %d-byte key, Label and Context into"
	       " a %d-byte key equals OpenSSL's", NCR_MAX_HMAC_KEY_BYTES,
	       NCR_MAX_HMAC_KEY_BYTES);
	tap_ok(!diff_one(kdfalg_get(NCR_ALG_KBKDF_CMAC_AES), ikm, 32, &p,
			 NCR_KEY_TYPE_HMAC, NCR_MAX_HMAC_KEY_BYTES),
	       "KBKDF-CMAC-AES-256 with a %d-byte Label and Context into a "
	       "%d-byte key equals OpenSSL's", NCR_KDF_INPUT_MAX,
	       NCR_MAX_HMAC_KEY_BYTES);
}

/* ------------------------------------------------------- the new key */

static void test_new_key(void)
{
	static const uint8_t label[] = "kdf label \x00\xff";
	static const uint8_t ikm[32] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	static const uint8_t msg[] = "message";
	struct ncr_kdf_params p = {
		.salt = "salt", .salt_len = 4, .info = "info", .info_len = 4,
	};
	const struct kdfalg *hk = kdfalg_get(NCR_ALG_HKDF_SHA256);
	struct ncr_key_policy pol = {
		.flags = NCR_KEY_FLAG_WRAPPABLE | NCR_KEY_FLAG_STORABLE,
		.usage = NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DERIVE,
		.algs = NCR_KEY_ALG_HMAC_SHA256 | NCR_KEY_ALG_HKDF,
		.label = label, .label_len = sizeof(label) - 1,
	};
	uint8_t want[64], buf[64], mac[32], refmac[64], second[48];
	size_t n, ml = sizeof(mac), rl = sizeof(refmac);
	struct ncr_key_info info;
	uint32_t src, nk, nk2;
	int r;

	r = src_import(NCR_KEY_TYPE_HMAC, ikm, sizeof(ikm), 0,
		       NCR_KEY_USAGE_DERIVE, NCR_KEY_ALG_HKDF, &src);
	if (r) {
		tap_ok(0, "import of an HKDF source key: %s", errname(r));
		return;
	}
	if (ref_kdf(hk, ikm, sizeof(ikm), &p, want, 48)) {
		tap_ok(0, "OpenSSL's HKDF-SHA256");
		ncr_key_deinit(fd, src);
		return;
	}
	r = ncr_key_kdf(fd, NCR_ALG_HKDF_SHA256, src, &p, NCR_KEY_TYPE_HMAC,
			48, &pol, &nk);
	if (r) {
		tap_ok(0, "HKDF-SHA256 into a non-exportable HMAC key: %s",
		       errname(r));
		ncr_key_deinit(fd, src);
		return;
	}
	r = key_attrs(nk, &info);
	tap_ok(!r && info.type == NCR_KEY_TYPE_HMAC && info.bits == 48 * 8 &&
	       info.flags == pol.flags && info.usage == pol.usage &&
	       info.algs == pol.algs && info.label_size == pol.label_len &&
	       !memcmp(info.label, label, pol.label_len) &&
	       info.key_class == NCR_KEY_CLASS_SECRET &&
	       !(info.attrs & NCR_KEY_ATTR_LOCAL),
	       "the new key's type, bits, flags, usage, set and label are as "
	       "asked, and it is not LOCAL (%s; type %u bits %u flags 0x%x "
	       "usage 0x%x algs 0x%llx label %u B attrs 0x%x)", errname(r),
	       info.type, info.bits, info.flags, info.usage,
	       (unsigned long long)info.algs, info.label_size, info.attrs);
	n = sizeof(buf);
	tap_err(ncr_key_export(fd, nk, buf, &n), -EPERM,
		"a derived key made without EXPORTABLE cannot be exported");
	/* it holds the derived bytes: its HMAC is OpenSSL's under them */
	r = ncr_mac(fd, NCR_ALG_HMAC_SHA256, nk, msg, sizeof(msg), mac, &ml);
	tap_ok(!r && !ref_mac(NCR_ALG_HMAC_SHA256, want, 48, msg, sizeof(msg),
			      refmac, &rl) && ml == 32 && rl == 32 &&
	       !memcmp_diag("HMAC", mac, refmac, 32),
	       "the non-exportable derived key MACs as the reference's HKDF "
	       "output (%s)", errname(r));
	/* and it is a source in turn (DERIVE, HKDF in its set) */
	r = kdf_bytes(NCR_ALG_HKDF_SHA256, nk, &p, NCR_KEY_TYPE_HMAC, 48,
		      buf);
	tap_ok(!r && !ref_kdf(hk, want, 48, &p, second, 48) &&
	       !memcmp_diag("HKDF of HKDF", buf, second, 48),
	       "HKDF-SHA256 of an HKDF-SHA256 output, in the kernel, equals "
	       "OpenSSL's two steps (%s)", errname(r));
	ncr_key_deinit(fd, nk);
	/* an AES key with no set named gets the default: AES-GCM */
	pol = (struct ncr_key_policy){
		.usage = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
	};
	r = ncr_key_kdf(fd, NCR_ALG_HKDF_SHA256, src, &p, NCR_KEY_TYPE_AES,
			32, &pol, &nk2);
	if (!r) {
		r = key_attrs(nk2, &info);
		ncr_key_deinit(fd, nk2);
	}
	tap_ok(!r && info.type == NCR_KEY_TYPE_AES && info.bits == 256 &&
	       info.usage == pol.usage && info.algs == NCR_KEY_ALG_AES_GCM &&
	       info.flags == 0 && info.label_size == 0,
	       "an AES-256 key derived with algs 0 has the default set "
	       "{aes-gcm} and no label (%s; algs 0x%llx)", errname(r),
	       (unsigned long long)info.algs);
	ncr_key_deinit(fd, src);
}

/* --------------------------------------------------- ALWAYS_SENSITIVE */

/* Derives from src with alg (0 for PBKDF2) into a key with flags; its
 * attrs, or a negative errno. */
static long derived_attrs(uint32_t alg, uint32_t src, uint32_t flags)
{
	struct ncr_kdf_params p = {
		.salt = "s", .salt_len = 1, .password = "pw",
		.password_len = 2, .iterations = 1,
	};
	struct ncr_key_policy pol = {
		.flags = flags, .usage = NCR_KEY_USAGE_SIGN,
	};
	struct ncr_key_info info;
	uint32_t nk;
	int r;

	if (src) {
		p.password = NULL;
		p.password_len = 0;
		p.iterations = 0;
	}
	r = ncr_key_kdf(fd, alg, src, &p, NCR_KEY_TYPE_HMAC, 32, &pol, &nk);
	if (r)
		return r;
	r = key_attrs(nk, &info);
	ncr_key_deinit(fd, nk);
	return r ? r : (long)info.attrs;
}

static int has_as(long attrs)
{
	return attrs >= 0 && (attrs & NCR_KEY_ATTR_ALWAYS_SENSITIVE);
}

static const char *as_str(long attrs)
{
	return attrs < 0 ? errname((int)attrs) :
	       has_as(attrs) ? "ALWAYS_SENSITIVE" : "not ALWAYS_SENSITIVE";
}

static void test_always_sensitive(void)
{
	static const uint8_t b[32] = { 9 };
	struct ncr_key_info info;
	uint32_t g, ga, gk, ie, in;
	long a1, a2, a3, a4, a5;
	int r;

	r = src_generate(NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_DERIVE,
			 NCR_KEY_ALG_HKDF, &g);
	if (!r)
		r = src_generate(NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_DERIVE,
				 NCR_KEY_ALG_KBKDF_CMAC, &ga);
	if (!r)
		r = src_generate(NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_DERIVE,
				 NCR_KEY_ALG_KBKDF_HMAC, &gk);
	if (r) {
		tap_ok(0, "generated source keys: %s", errname(r));
		return;
	}
	r = key_attrs(g, &info);
	tap_ok(!r && (info.attrs & NCR_KEY_ATTR_ALWAYS_SENSITIVE) &&
	       (info.attrs & NCR_KEY_ATTR_LOCAL),
	       "a generated HMAC key is LOCAL and ALWAYS_SENSITIVE (attrs "
	       "0x%x)", info.attrs);
	a1 = derived_attrs(NCR_ALG_HKDF_SHA256, g, 0);
	a2 = derived_attrs(NCR_ALG_KBKDF_CMAC_AES, ga, 0);
	a3 = derived_attrs(NCR_ALG_KBKDF_HMAC_SHA256, gk, 0);
	tap_ok(has_as(a1) && has_as(a2) && has_as(a3) &&
	       !(a1 & NCR_KEY_ATTR_LOCAL) && !(a2 & NCR_KEY_ATTR_LOCAL) &&
	       !(a3 & NCR_KEY_ATTR_LOCAL),
	       "a non-exportable key derived from a generated key keeps "
	       "ALWAYS_SENSITIVE, and is not LOCAL (HKDF %s, KBKDF-CMAC %s, "
	       "KBKDF-HMAC %s)", as_str(a1), as_str(a2), as_str(a3));
	a1 = derived_attrs(NCR_ALG_HKDF_SHA256, g, NCR_KEY_FLAG_EXPORTABLE);
	tap_ok(a1 >= 0 && !has_as(a1),
	       "an exportable key derived from a generated key is not "
	       "ALWAYS_SENSITIVE (%s)", as_str(a1));
	ncr_key_deinit(fd, g);
	ncr_key_deinit(fd, ga);
	ncr_key_deinit(fd, gk);

	/* imported: exportable (never ALWAYS_SENSITIVE), and not */
	r = src_import(NCR_KEY_TYPE_HMAC, b, sizeof(b),
		       NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_DERIVE,
		       NCR_KEY_ALG_HKDF, &ie);
	if (!r)
		r = src_import(NCR_KEY_TYPE_HMAC, b, sizeof(b), 0,
			       NCR_KEY_USAGE_DERIVE, NCR_KEY_ALG_HKDF, &in);
	if (r) {
		tap_ok(0, "imported source keys: %s", errname(r));
		return;
	}
	r = key_attrs(ie, &info);
	a1 = derived_attrs(NCR_ALG_HKDF_SHA256, ie, 0);
	tap_ok(!r && !(info.attrs & NCR_KEY_ATTR_ALWAYS_SENSITIVE) &&
	       a1 >= 0 && !has_as(a1),
	       "a non-exportable key derived from an imported exportable key "
	       "is not ALWAYS_SENSITIVE (%s)", as_str(a1));
	/* root's non-exportable import is ALWAYS_SENSITIVE, another's not:
	 * the derived key follows its source either way */
	r = key_attrs(in, &info);
	a2 = derived_attrs(NCR_ALG_HKDF_SHA256, in, 0);
	tap_ok(!r && a2 >= 0 &&
	       !!(info.attrs & NCR_KEY_ATTR_ALWAYS_SENSITIVE) == has_as(a2),
	       "a key derived from an imported non-exportable key is "
	       "ALWAYS_SENSITIVE exactly when its source is (source %s, "
	       "derived %s)", as_str(r ? r : (long)info.attrs), as_str(a2));
	ncr_key_deinit(fd, ie);
	ncr_key_deinit(fd, in);

	a4 = derived_attrs(NCR_ALG_PBKDF2_SHA256, 0, 0);
	a5 = derived_attrs(NCR_ALG_PBKDF2_SHA1, 0, 0);
	tap_ok(a4 >= 0 && a5 >= 0 && !has_as(a4) && !has_as(a5) &&
	       !(a4 & NCR_KEY_ATTR_LOCAL),
	       "a non-exportable PBKDF2 output is not ALWAYS_SENSITIVE nor "
	       "LOCAL (%s, %s)", as_str(a4), as_str(a5));
}

/* ------------------------------------------------- policy and arguments */

static void test_policy(void)
{
	static const uint8_t b[32] = { 0x11, 0x22 };
	static const uint8_t msg[16];
	struct ncr_kdf_params p = {
		.salt = "salt", .salt_len = 4, .info = "info", .info_len = 4,
	};
	struct ncr_kdf_params pp = {
		.salt = "salt", .salt_len = 4, .password = "pw",
		.password_len = 2, .iterations = 1,
	};
	struct ncr_key_policy pol;
	uint32_t hkdf, sign_only, hmac_only, kbh, kbc, aes_cmac, def;
	uint8_t out[64];
	size_t n;
	int r;

	r = src_import(NCR_KEY_TYPE_HMAC, b, sizeof(b), 0,
		       NCR_KEY_USAGE_DERIVE, NCR_KEY_ALG_HKDF, &hkdf) ?:
	    src_import(NCR_KEY_TYPE_HMAC, b, sizeof(b), 0,
		       NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY,
		       NCR_KEY_ALG_HMAC_SHA256 | NCR_KEY_ALG_HKDF,
		       &sign_only) ?:
	    src_import(NCR_KEY_TYPE_HMAC, b, sizeof(b), 0,
		       NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DERIVE,
		       NCR_KEY_ALG_HMAC_SHA256, &hmac_only) ?:
	    src_import(NCR_KEY_TYPE_HMAC, b, sizeof(b), 0,
		       NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DERIVE,
		       NCR_KEY_ALG_KBKDF_HMAC, &kbh) ?:
	    src_import(NCR_KEY_TYPE_AES, b, 16, 0,
		       NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_ENCRYPT |
		       NCR_KEY_USAGE_DERIVE, NCR_KEY_ALG_KBKDF_CMAC, &kbc) ?:
	    src_import(NCR_KEY_TYPE_AES, b, 16, 0,
		       NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DERIVE,
		       NCR_KEY_ALG_CMAC_AES, &aes_cmac);
	if (r) {
		tap_ok(0, "import of the source keys: %s", errname(r));
		return;
	}
	/* the controls: each source does what its policy allows */
	r = kdf_bytes(NCR_ALG_HKDF_SHA256, hkdf, &p, NCR_KEY_TYPE_HMAC, 32,
		      out) ?:
	    kdf_bytes(NCR_ALG_KBKDF_HMAC_SHA256, kbh, &p, NCR_KEY_TYPE_HMAC,
		      32, out) ?:
	    kdf_bytes(NCR_ALG_KBKDF_CMAC_AES, kbc, &p, NCR_KEY_TYPE_AES, 16,
		      out) ?:
	    kdf_bytes(NCR_ALG_PBKDF2_SHA256, 0, &pp, NCR_KEY_TYPE_HMAC, 32,
		      out);
	tap_ok(!r, "controls: HKDF, KBKDF-HMAC, KBKDF-CMAC and PBKDF2 with "
	       "well-formed arguments and sources (%s)", errname(r));

	/* usage and algorithm sets */
	kdf_refused(-EPERM, NCR_ALG_HKDF_SHA256, sign_only, &p,
		    NCR_KEY_TYPE_HMAC, 32, NULL,
		    "HKDF from a key without DERIVE usage (HKDF in its set)");
	kdf_refused(-EPERM, NCR_ALG_HKDF_SHA256, hmac_only, &p,
		    NCR_KEY_TYPE_HMAC, 32, NULL,
		    "HKDF from a DERIVE key whose set {hmac-sha256} lacks "
		    "HKDF");
	kdf_refused(-EPERM, NCR_ALG_KBKDF_HMAC_SHA256, hkdf, &p,
		    NCR_KEY_TYPE_HMAC, 32, NULL,
		    "KBKDF-HMAC from a key whose set is {hkdf}");
	kdf_refused(-EPERM, NCR_ALG_HKDF_SHA512, kbh, &p, NCR_KEY_TYPE_HMAC,
		    32, NULL, "HKDF from a key whose set is {kbkdf-hmac}");
	/* no KDF is in a default set: a key is a KDF source only when its
	 * creator names the KDF */
	r = src_import(NCR_KEY_TYPE_HMAC, b, sizeof(b), 0,
		       NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DERIVE, 0, &def);
	if (r) {
		tap_ok(0, "import of an HMAC DERIVE key with the default set: "
		       "%s", errname(r));
	} else {
		struct ncr_key_info info;

		r = key_attrs(def, &info);
		tap_ok(!r && info.algs == NCR_KEY_ALG_HMAC_ALL,
		       "an HMAC key to sign and derive, with algs 0, has the "
		       "default set of every HMAC and no KDF (%s, algs 0x%llx)",
		       errname(r), (unsigned long long)info.algs);
		kdf_refused(-EPERM, NCR_ALG_HKDF_SHA256, def, &p,
			    NCR_KEY_TYPE_HMAC, 32, NULL,
			    "HKDF from an HMAC DERIVE key with the default "
			    "set");
		kdf_refused(-EPERM, NCR_ALG_KBKDF_HMAC_SHA256, def, &p,
			    NCR_KEY_TYPE_HMAC, 32, NULL,
			    "KBKDF-HMAC from an HMAC DERIVE key with the "
			    "default set");
		ncr_key_deinit(fd, def);
	}
	kdf_refused(-EPERM, NCR_ALG_KBKDF_CMAC_AES, aes_cmac, &p,
		    NCR_KEY_TYPE_HMAC, 32, NULL,
		    "KBKDF-CMAC from an AES DERIVE key whose set is "
		    "{cmac-aes}");
	n = sizeof(out);
	tap_err(ncr_mac(fd, NCR_ALG_HMAC_SHA256, kbh, msg, sizeof(msg), out,
			&n), -EPERM,
		"a KBKDF-HMAC key (usage SIGN|DERIVE) computes no HMAC");
	n = sizeof(out);
	tap_err(ncr_mac(fd, NCR_ALG_CMAC_AES, kbc, msg, sizeof(msg), out, &n),
		-EPERM, "a KBKDF-CMAC key (usage SIGN|ENCRYPT|DERIVE) "
		"computes no CMAC");
	n = sizeof(out);
	tap_err(ncr_cipher(fd, NCR_ALG_AES_ECB, NCR_OP_ENCRYPT, kbc, NULL, 0,
			   msg, sizeof(msg), out, &n), -EPERM,
		"a KBKDF-CMAC key encrypts no AES-ECB block");
	import_refused(-EINVAL, NCR_KEY_TYPE_HMAC, 32, NCR_KEY_USAGE_DERIVE |
		       NCR_KEY_USAGE_SIGN, NCR_KEY_ALG_KBKDF_HMAC |
		       NCR_KEY_ALG_HMAC_SHA256,
		       "import of an HMAC key with the set {kbkdf-hmac, "
		       "hmac-sha256}");
	import_refused(-EINVAL, NCR_KEY_TYPE_HMAC, 32, NCR_KEY_USAGE_DERIVE,
		       NCR_KEY_ALG_KBKDF_HMAC | NCR_KEY_ALG_HKDF,
		       "import of an HMAC key with the set {kbkdf-hmac, hkdf}");
	import_refused(-EINVAL, NCR_KEY_TYPE_AES, 16, NCR_KEY_USAGE_DERIVE |
		       NCR_KEY_USAGE_SIGN, NCR_KEY_ALG_KBKDF_CMAC |
		       NCR_KEY_ALG_CMAC_AES,
		       "import of an AES key with the set {kbkdf-cmac, "
		       "cmac-aes}");
	import_refused(-EINVAL, NCR_KEY_TYPE_AES, 32, NCR_KEY_USAGE_DERIVE |
		       NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_KBKDF_CMAC |
		       NCR_KEY_ALG_AES_ECB,
		       "import of an AES key with the set {kbkdf-cmac, "
		       "aes-ecb}");
	import_refused(-EINVAL, NCR_KEY_TYPE_HMAC, 32, NCR_KEY_USAGE_DERIVE,
		       NCR_KEY_ALG_KBKDF_CMAC,
		       "import of an HMAC key with the set {kbkdf-cmac}");
	import_refused(-EINVAL, NCR_KEY_TYPE_AES, 32, NCR_KEY_USAGE_DERIVE,
		       NCR_KEY_ALG_KBKDF_HMAC | NCR_KEY_ALG_HKDF,
		       "import of an AES key with the set {kbkdf-hmac, hkdf}");
	import_refused(-EINVAL, NCR_KEY_TYPE_AES, 64, NCR_KEY_USAGE_DERIVE,
		       NCR_KEY_ALG_KBKDF_CMAC,
		       "import of a 64-byte (XTS) AES key with the set "
		       "{kbkdf-cmac}");

	/* the new key's flags */
	pol = (struct ncr_key_policy){
		.flags = NCR_KEY_FLAG_TRUSTED,
		.usage = NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP,
		.algs = NCR_KEY_ALG_AES_KW,
	};
	kdf_refused(-EPERM, NCR_ALG_HKDF_SHA256, hkdf, &p, NCR_KEY_TYPE_AES,
		    32, &pol, "HKDF into a TRUSTED wrapping key");
	kdf_refused(-EPERM, NCR_ALG_PBKDF2_SHA256, 0, &pp, NCR_KEY_TYPE_AES,
		    32, &pol, "PBKDF2 into a TRUSTED wrapping key");
	pol = (struct ncr_key_policy){
		.flags = 1U << 31, .usage = NCR_KEY_USAGE_SIGN,
	};
	kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, hkdf, &p, NCR_KEY_TYPE_HMAC,
		    32, &pol, "a new key with an unknown flag bit");
	pol = (struct ncr_key_policy){
		.usage = NCR_KEY_USAGE_SIGN,
		.algs = NCR_KEY_ALG_KBKDF_HMAC | NCR_KEY_ALG_HMAC_SHA256,
	};
	kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, hkdf, &p, NCR_KEY_TYPE_HMAC,
		    32, &pol, "a new HMAC key with the set {kbkdf-hmac, "
		    "hmac-sha256}");
	pol = (struct ncr_key_policy){
		.usage = NCR_KEY_USAGE_SIGN, .algs = NCR_KEY_ALG_AES_GCM,
	};
	kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, hkdf, &p, NCR_KEY_TYPE_HMAC,
		    32, &pol, "a new HMAC key with the set {aes-gcm}");
	{
		uint8_t lab[NCR_KEY_LABEL_MAX + 1] = { 0 };

		pol = (struct ncr_key_policy){
			.usage = NCR_KEY_USAGE_SIGN, .label = lab,
			.label_len = sizeof(lab),
		};
		kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, hkdf, &p,
			    NCR_KEY_TYPE_HMAC, 32, &pol,
			    "a new key's label of NCR_KEY_LABEL_MAX + 1 bytes");
	}

	ncr_key_deinit(fd, hkdf);
	ncr_key_deinit(fd, sign_only);
	ncr_key_deinit(fd, hmac_only);
	ncr_key_deinit(fd, kbh);
	ncr_key_deinit(fd, kbc);
	ncr_key_deinit(fd, aes_cmac);
}

static void test_args(void)
{
	static const uint8_t b[32] = { 0x33 };
	static uint8_t big[NCR_KDF_INPUT_MAX + 1];
	struct ncr_kdf_params p = {
		.salt = "salt", .salt_len = 4, .info = "info", .info_len = 4,
	};
	struct ncr_kdf_params pp = {
		.salt = "salt", .salt_len = 4, .password = "pw",
		.password_len = 2, .iterations = 1,
	};
	struct ncr_kdf_params q;
	struct ncr_key_kdf d;
	uint32_t hkdf, kbc, xpriv, xpub;
	uint8_t *page;
	char what[128];
	int r;

	r = src_import(NCR_KEY_TYPE_HMAC, b, sizeof(b), 0,
		       NCR_KEY_USAGE_DERIVE, NCR_KEY_ALG_HKDF, &hkdf) ?:
	    src_import(NCR_KEY_TYPE_AES, b, 32, 0, NCR_KEY_USAGE_DERIVE,
		       NCR_KEY_ALG_KBKDF_CMAC, &kbc) ?:
	    ncr_key_generate_pair(fd, NCR_KEY_TYPE_X25519, 255, 0, NULL, 0, 0,
				  NCR_KEY_USAGE_DERIVE, 0, &xpriv, &xpub);
	if (r) {
		tap_ok(0, "the source keys: %s", errname(r));
		return;
	}

	/* PBKDF2 iterations */
	q = pp;
	q.iterations = 0;
	kdf_refused(-EINVAL, NCR_ALG_PBKDF2_SHA256, 0, &q, NCR_KEY_TYPE_HMAC,
		    32, NULL, "PBKDF2 with 0 iterations");
	q.iterations = NCR_PBKDF2_ITERATIONS_MAX + 1;
	kdf_refused(-EINVAL, NCR_ALG_PBKDF2_SHA512, 0, &q, NCR_KEY_TYPE_HMAC,
		    32, NULL, "PBKDF2 with NCR_PBKDF2_ITERATIONS_MAX + 1 "
		    "iterations");
	q.iterations = UINT32_MAX;
	kdf_refused(-EINVAL, NCR_ALG_PBKDF2_SHA1, 0, &q, NCR_KEY_TYPE_HMAC,
		    32, NULL, "PBKDF2 with 2^32 - 1 iterations");

	/* inputs an algorithm does not take */
	q = p;
	q.password = "pw";
	q.password_len = 2;
	kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, hkdf, &q, NCR_KEY_TYPE_HMAC,
		    32, NULL, "HKDF with a password");
	q = p;
	q.iterations = 1;
	kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, hkdf, &q, NCR_KEY_TYPE_HMAC,
		    32, NULL, "HKDF with an iteration count");
	q = p;
	q.password = "pw";
	q.password_len = 2;
	kdf_refused(-EINVAL, NCR_ALG_KBKDF_CMAC_AES, kbc, &q,
		    NCR_KEY_TYPE_HMAC, 32, NULL, "KBKDF with a password");
	kdf_refused(-EINVAL, NCR_ALG_PBKDF2_SHA256, hkdf, &pp,
		    NCR_KEY_TYPE_HMAC, 32, NULL, "PBKDF2 with a key");
	q = pp;
	q.info = "info";
	q.info_len = 4;
	kdf_refused(-EINVAL, NCR_ALG_PBKDF2_SHA256, 0, &q, NCR_KEY_TYPE_HMAC,
		    32, NULL, "PBKDF2 with info");

	/* output type and length */
	kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, hkdf, &p, NCR_KEY_TYPE_HMAC,
		    255 * 32 + 1, NULL,
		    "HKDF-SHA256 of 255 * HashLen + 1 bytes");
	kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, hkdf, &p, NCR_KEY_TYPE_HMAC,
		    255 * 32, NULL, "HKDF-SHA256 of 255 * HashLen = 8160 "
		    "bytes (above NCR_MAX_HMAC_KEY_BYTES)");
	kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, hkdf, &p, NCR_KEY_TYPE_HMAC,
		    NCR_MAX_HMAC_KEY_BYTES + 1, NULL,
		    "an HMAC-type output of NCR_MAX_HMAC_KEY_BYTES + 1 bytes");
	kdf_refused(-EINVAL, NCR_ALG_PBKDF2_SHA256, 0, &pp, NCR_KEY_TYPE_HMAC,
		    NCR_MAX_HMAC_KEY_BYTES + 1, NULL,
		    "a PBKDF2 output of NCR_MAX_HMAC_KEY_BYTES + 1 bytes");
	kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, hkdf, &p, NCR_KEY_TYPE_HMAC,
		    0, NULL, "an output of 0 bytes");
	{
		static const struct {
			uint32_t type, len;
		} bad[] = {
			{ NCR_KEY_TYPE_AES, 20 }, { NCR_KEY_TYPE_AES, 48 },
			{ NCR_KEY_TYPE_AES, 64 }, { NCR_KEY_TYPE_DES3, 16 },
			{ NCR_KEY_TYPE_CHACHA20, 16 },
			{ NCR_KEY_TYPE_RSA, 256 }, { NCR_KEY_TYPE_EC, 32 },
			{ NCR_KEY_TYPE_X25519, 32 }, { 0, 32 }, { 99, 32 },
		};

		for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
			snprintf(what, sizeof(what), "a new key of type %u "
				 "and %u bytes", bad[i].type, bad[i].len);
			kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, hkdf, &p,
				    bad[i].type, bad[i].len, NULL, what);
		}
	}

	/* input sizes */
	q = p;
	q.salt = big;
	q.salt_len = sizeof(big);
	kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, hkdf, &q, NCR_KEY_TYPE_HMAC,
		    32, NULL, "a salt of NCR_KDF_INPUT_MAX + 1 bytes");
	q = p;
	q.info = big;
	q.info_len = sizeof(big);
	kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, hkdf, &q, NCR_KEY_TYPE_HMAC,
		    32, NULL, "info of NCR_KDF_INPUT_MAX + 1 bytes");
	q = pp;
	q.password = big;
	q.password_len = sizeof(big);
	kdf_refused(-EINVAL, NCR_ALG_PBKDF2_SHA256, 0, &q, NCR_KEY_TYPE_HMAC,
		    32, NULL, "a password of NCR_KDF_INPUT_MAX + 1 bytes");

	/* pointers: unmapped, and straddling the end of a mapping */
	q = p;
	q.salt = (const void *)(uintptr_t)16;
	kdf_refused(-EFAULT, NCR_ALG_HKDF_SHA256, hkdf, &q, NCR_KEY_TYPE_HMAC,
		    32, NULL, "a salt at an unmapped address");
	q = p;
	q.info = (const void *)(uintptr_t)16;
	kdf_refused(-EFAULT, NCR_ALG_KBKDF_CMAC_AES, kbc, &q,
		    NCR_KEY_TYPE_HMAC, 32, NULL,
		    "a Context (info) at an unmapped address");
	q = pp;
	q.password = (const void *)(uintptr_t)16;
	kdf_refused(-EFAULT, NCR_ALG_PBKDF2_SHA1, 0, &q, NCR_KEY_TYPE_HMAC,
		    20, NULL, "a password at an unmapped address");
	page = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page != MAP_FAILED) {
		munmap(page + 4096, 4096);
		q = pp;
		q.salt = page + 4096 - 8;
		q.salt_len = 16;
		kdf_refused(-EFAULT, NCR_ALG_PBKDF2_SHA256, 0, &q,
			    NCR_KEY_TYPE_HMAC, 32, NULL,
			    "a salt running past the end of its mapping");
		munmap(page, 4096);
	}
	{
		struct ncr_key_policy pol = {
			.usage = NCR_KEY_USAGE_SIGN,
			.label = (const void *)(uintptr_t)16, .label_len = 4,
		};

		kdf_refused(-EFAULT, NCR_ALG_HKDF_SHA256, hkdf, &p,
			    NCR_KEY_TYPE_HMAC, 32, &pol,
			    "a new key's label at an unmapped address");
	}

	/* algorithms and source keys */
	{
		static const uint32_t bad[] = {
			0, NCR_ALG_HMAC_SHA256, NCR_ALG_ECDH,
			NCR_ALG_KBKDF_CMAC_AES + 1, NCR_ALG_HKDF_SHA256 - 1,
			0xffffffff,
		};

		for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
			snprintf(what, sizeof(what), "algorithm %u (not a "
				 "KDF)", bad[i]);
			kdf_refused(-EINVAL, bad[i], hkdf, &p,
				    NCR_KEY_TYPE_HMAC, 32, NULL, what);
		}
	}
	kdf_refused(-ENOENT, NCR_ALG_HKDF_SHA256, 0x7ffffff0, &p,
		    NCR_KEY_TYPE_HMAC, 32, NULL, "HKDF from a missing key");
	kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, kbc, &p, NCR_KEY_TYPE_HMAC,
		    32, NULL, "HKDF from an AES key");
	kdf_refused(-EINVAL, NCR_ALG_KBKDF_CMAC_AES, hkdf, &p,
		    NCR_KEY_TYPE_HMAC, 32, NULL, "KBKDF-CMAC from an HMAC key");
	kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, xpriv, &p,
		    NCR_KEY_TYPE_HMAC, 32, NULL,
		    "HKDF from an X25519 private key (usage DERIVE)");
	kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, xpub, &p, NCR_KEY_TYPE_HMAC,
		    32, NULL, "HKDF from an X25519 public key");
	kdf_refused(-EINVAL, NCR_ALG_KBKDF_HMAC_SHA256, xpriv, &p,
		    NCR_KEY_TYPE_HMAC, 32, NULL,
		    "KBKDF-HMAC from an X25519 private key");

	/* raw structure: reserved field */
	memset(&d, 0, sizeof(d));
	d.size = sizeof(d);
	d.algorithm = NCR_ALG_HKDF_SHA256;
	d.key = hkdf;
	d.type = NCR_KEY_TYPE_HMAC;
	d.usage = NCR_KEY_USAGE_SIGN;
	d.length = 32;
	r = xioctl(fd, NCRIO_KEY_KDF, &d);
	if (!r)
		ncr_key_deinit(fd, d.new_key);
	tap_err(r, 0, "raw NCRIO_KEY_KDF (HKDF, no salt, no info, size %zu)",
		sizeof(d));
	d.__reserved = 1;
	raw_refused(-EINVAL, &d, "raw NCRIO_KEY_KDF with __reserved set");
	d.__reserved = 0;
	d.usage = 0;
	raw_refused(-EINVAL, &d, "raw NCRIO_KEY_KDF with usage 0");

	ncr_key_deinit(fd, hkdf);
	ncr_key_deinit(fd, kbc);
	ncr_key_deinit(fd, xpriv);
	ncr_key_deinit(fd, xpub);
}

/* ------------------------------------------------------- ECDH then HKDF */

static void test_ecdh_hkdf(void)
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
static void test_kill(void)
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

int main(void)
{
	struct live start, before, after;
	struct rng rng;
	int back;

	tap_init();
	fd = dev_open_or_skip_all(ncr_open);
	rng.s = test_seed();
	if (live_get(fd, &start)) {
		tap_ok(0, "NCRIO_INFO live counters");
		return tap_finish("kdf");
	}
	test_kat();
	test_diff(&rng);
	test_limits(&rng);
	test_new_key();
	test_always_sensitive();
	live_get(fd, &before);
	test_policy();
	test_args();
	live_get(fd, &after);
	tap_ok(after.keys == before.keys && after.sessions == before.sessions,
	       "the refused calls left no key behind (keys %llu -> %llu)",
	       (unsigned long long)before.keys,
	       (unsigned long long)after.keys);
	test_ecdh_hkdf();
	test_kill();
	back = !live_wait(fd, &start, &after);
	tap_ok(back, "live keys back to %llu at the end (now %llu)",
	       (unsigned long long)start.keys,
	       (unsigned long long)after.keys);
	ncr_close(fd);
	return tap_finish("kdf");
}
