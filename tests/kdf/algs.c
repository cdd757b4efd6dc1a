// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * algs.c - the KDFs under test, OpenSSL's EVP_KDF as their reference,
 * and the helpers every part uses to make source keys and run a KDF.
 */
#define _GNU_SOURCE
#include "kdf.h"

/* ------------------------------------------------------ the algorithms */


const struct kdfalg kdfalgs[] = {
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
const size_t n_kdfalgs = ARRAY_SIZE(kdfalgs);

const struct kdfalg *kdfalg_get(uint32_t alg)
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
int ref_kdf(const struct kdfalg *ka, const uint8_t *key,
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

int src_import(uint32_t type, const void *b, size_t len,
	       uint32_t flags, uint32_t usage, uint64_t algs,
	       uint32_t *key)
{
	struct ncr_key_policy pol = {
		.flags = flags, .usage = usage, .algs = algs,
	};

	return ncr_key_import_ex(fd, type, NCR_KEY_FORMAT_DEFAULT, 0, b, len,
				 &pol, key);
}

int src_generate(uint32_t type, uint32_t bits, uint32_t usage,
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
int kdf_bytes(uint32_t alg, uint32_t key,
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
int kdf_refused(int want, uint32_t alg, uint32_t key,
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
int raw_refused(int want, struct ncr_key_kdf *d, const char *what)
{
	int r = xioctl(fd, NCRIO_KEY_KDF, d);

	if (!r)
		ncr_key_deinit(fd, d->new_key);
	return tap_err(r, want, "%s", what);
}

int import_refused(int want, uint32_t type, size_t len,
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

int key_attrs(uint32_t key, struct ncr_key_info *info)
{
	memset(info, 0, sizeof(*info));
	return ncr_key_get_info(fd, key, info);
}
