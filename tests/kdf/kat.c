// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kat.c - known answers (RFC 5869, RFC 6070), the differential test
 * against OpenSSL on random inputs, and the largest sizes.
 */
#define _GNU_SOURCE
#include "kdf.h"

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

void test_kat(void)
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

void test_diff(struct rng *rng)
{
	for (size_t a = 0; a < n_kdfalgs; a++) {
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
void test_limits(struct rng *rng)
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
