// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * policy.c - key policies: a new key's policy put in an argument
 * structure, and the algorithm sets a key may be used with (bits, names,
 * parse, format).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "libncr.h"
#include "ncr_internal.h"

/* A NULL policy asks for nothing: the kernel then refuses (usage 0). */
static const struct ncr_key_policy no_policy;

int ncr_policy_fill(const struct ncr_key_policy *pol, __u32 *flags,
		    __u32 *usage, __u64 *algs, __u64 *label,
		    __u32 *label_size)
{
	pol = pol ?: &no_policy;
	if (pol->label_len > NCR_KEY_LABEL_MAX ||
	    (pol->label_len && !pol->label))
		return -EINVAL;
	*flags = pol->flags;
	*usage = pol->usage;
	*algs = pol->algs;
	*label = PTR(pol->label);
	*label_size = (__u32)pol->label_len;
	return 0;
}

/* ------------------------------------------------------------------ */
/* algorithm sets                                                     */

struct keyalg_entry {
	const char *name;
	uint32_t alg;		/* NCR_ALG_* or, for wrap, NCR_WALG_* */
	int walg;
	uint64_t bit;
};

static const struct keyalg_entry keyalg_table[] = {
	{ "aes-ecb", NCR_ALG_AES_ECB, 0, NCR_KEY_ALG_AES_ECB },
	{ "aes-cbc", NCR_ALG_AES_CBC, 0, NCR_KEY_ALG_AES_CBC },
	{ "aes-ctr", NCR_ALG_AES_CTR, 0, NCR_KEY_ALG_AES_CTR },
	{ "aes-xts", NCR_ALG_AES_XTS, 0, NCR_KEY_ALG_AES_XTS },
	{ "des3-cbc", NCR_ALG_DES3_CBC, 0, NCR_KEY_ALG_DES3_CBC },
	{ "chacha20", NCR_ALG_CHACHA20, 0, NCR_KEY_ALG_CHACHA20 },
	{ "aes-gcm", NCR_ALG_AES_GCM, 0, NCR_KEY_ALG_AES_GCM },
	{ "aes-ccm", NCR_ALG_AES_CCM, 0, NCR_KEY_ALG_AES_CCM },
	{ "chacha20-poly1305", NCR_ALG_CHACHA20_POLY1305, 0,
	  NCR_KEY_ALG_CHACHA20_POLY1305 },
	{ "cmac-aes", NCR_ALG_CMAC_AES, 0, NCR_KEY_ALG_CMAC_AES },
	{ "aes-kw", NCR_WALG_AES_RFC3394, 1, NCR_KEY_ALG_AES_KW },
	{ "aes-kwp", NCR_WALG_AES_RFC5649, 1, NCR_KEY_ALG_AES_KWP },
	{ "hmac-sha1", NCR_ALG_HMAC_SHA1, 0, NCR_KEY_ALG_HMAC_SHA1 },
	{ "hmac-sha224", NCR_ALG_HMAC_SHA224, 0, NCR_KEY_ALG_HMAC_SHA224 },
	{ "hmac-sha256", NCR_ALG_HMAC_SHA256, 0, NCR_KEY_ALG_HMAC_SHA256 },
	{ "hmac-sha384", NCR_ALG_HMAC_SHA384, 0, NCR_KEY_ALG_HMAC_SHA384 },
	{ "hmac-sha512", NCR_ALG_HMAC_SHA512, 0, NCR_KEY_ALG_HMAC_SHA512 },
	{ "hmac-sha3-256", NCR_ALG_HMAC_SHA3_256, 0,
	  NCR_KEY_ALG_HMAC_SHA3_256 },
	{ "hmac-sha3-512", NCR_ALG_HMAC_SHA3_512, 0,
	  NCR_KEY_ALG_HMAC_SHA3_512 },
	{ "rsa-pkcs1", NCR_ALG_RSA_PKCS1, 0, NCR_KEY_ALG_RSA_PKCS1 },
	{ "rsa-pss", NCR_ALG_RSA_PSS, 0, NCR_KEY_ALG_RSA_PSS },
	{ "rsa-oaep", NCR_ALG_RSA_OAEP, 0, NCR_KEY_ALG_RSA_OAEP },
	{ "rsa-oaep-wrap", NCR_WALG_RSA_OAEP, 1, NCR_KEY_ALG_RSA_OAEP_WRAP },
	{ "dsa", NCR_ALG_DSA, 0, NCR_KEY_ALG_DSA },
	{ "ecdsa", NCR_ALG_ECDSA, 0, NCR_KEY_ALG_ECDSA },
	{ "ed25519", NCR_ALG_ED25519, 0, NCR_KEY_ALG_ED25519 },
	{ "ecdh", NCR_ALG_ECDH, 0, NCR_KEY_ALG_ECDH },
	{ "x25519", NCR_ALG_X25519, 0, NCR_KEY_ALG_X25519 },
	{ "dh", NCR_ALG_DH, 0, NCR_KEY_ALG_DH },
	/* one bit for the HKDF hashes: the first entry names it */
	{ "hkdf", NCR_ALG_HKDF_SHA256, 0, NCR_KEY_ALG_HKDF },
	{ "kbkdf-hmac-sha256", NCR_ALG_KBKDF_HMAC_SHA256, 0,
	  NCR_KEY_ALG_KBKDF_HMAC },
	{ "kbkdf-cmac-aes", NCR_ALG_KBKDF_CMAC_AES, 0, NCR_KEY_ALG_KBKDF_CMAC },
};

NCR_EXPORT uint64_t ncr_alg_keybit(uint32_t alg)
{
	size_t i;

	if (alg == NCR_ALG_HKDF_SHA384 || alg == NCR_ALG_HKDF_SHA512)
		return NCR_KEY_ALG_HKDF;

	for (i = 0; i < ARRAY_SIZE(keyalg_table); i++)
		if (!keyalg_table[i].walg && keyalg_table[i].alg == alg)
			return keyalg_table[i].bit;
	return 0;
}

NCR_EXPORT uint64_t ncr_walg_keybit(uint32_t walg)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keyalg_table); i++)
		if (keyalg_table[i].walg && keyalg_table[i].alg == walg)
			return keyalg_table[i].bit;
	return 0;
}

NCR_EXPORT int ncr_keyalgs_parse(const char *list, uint64_t *algs)
{
	const char *p = list;
	uint64_t set = 0;
	size_t i, n;

	if (!list || !algs)
		return -EINVAL;
	while (*p) {
		n = strcspn(p, ",");
		if (!n || (p[n] == ',' && !p[n + 1]))
			return -EINVAL;	/* an empty name */
		for (i = 0; i < ARRAY_SIZE(keyalg_table); i++)
			if (strlen(keyalg_table[i].name) == n &&
			    !strncasecmp(keyalg_table[i].name, p, n))
				break;
		if (i == ARRAY_SIZE(keyalg_table))
			return -EINVAL;
		set |= keyalg_table[i].bit;
		p += n;
		if (*p == ',')
			p++;
	}
	if (!set)
		return -EINVAL;
	*algs = set;
	return 0;
}

NCR_EXPORT size_t ncr_keyalgs_format(uint64_t algs, char *buf, size_t len)
{
	size_t i, pos = 0;

	if (len)
		buf[0] = 0;
	for (i = 0; i < ARRAY_SIZE(keyalg_table); i++) {
		int n;

		if (!(algs & keyalg_table[i].bit))
			continue;
		n = snprintf(pos < len ? buf + pos : NULL,
			     pos < len ? len - pos : 0, "%s%s",
			     pos ? "," : "", keyalg_table[i].name);
		if (n > 0)
			pos += (size_t)n;
	}
	return pos;
}
