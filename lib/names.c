// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * names.c - libncr's name tables: algorithm and key-type names and the
 * static properties of each algorithm (block, IV and tag sizes, kind).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "libncr.h"
#include "ncr_internal.h"

struct alg_entry {
	const char *name;
	struct ncr_alg_props p;
};

/* alg, key_type, block, iv, tag, aead, cipher, digest, mac */
#define CIPHER(n, a, kt, bs, iv) { n, { a, kt, bs, iv, 0, 0, 1, 0, 0 } }
#define AEAD(n, a, kt, iv) { n, { a, kt, 1, iv, 16, 1, 1, 0, 0 } }
#define DIGEST(n, a, bs, t) { n, { a, 0, bs, 0, t, 0, 0, 1, 0 } }
#define MAC(n, a, kt, bs, t) { n, { a, kt, bs, 0, t, 0, 0, 0, 1 } }
#define PK(n, a, kt) { n, { a, kt, 0, 0, 0, 0, 0, 0, 0 } }

/*
 * block_size follows the kernel crypto API's notion: the unit the mode
 * must be fed in multiples of when finishing (1 for stream ciphers, CTR
 * and AEADs, which take any length), and the hash's internal block for
 * digests and MACs.
 */
static const struct alg_entry alg_table[] = {
	CIPHER("aes-ecb", NCR_ALG_AES_ECB, NCR_KEY_TYPE_AES, 16, 0),
	CIPHER("aes-cbc", NCR_ALG_AES_CBC, NCR_KEY_TYPE_AES, 16, 16),
	CIPHER("aes-ctr", NCR_ALG_AES_CTR, NCR_KEY_TYPE_AES, 1, 16),
	CIPHER("aes-xts", NCR_ALG_AES_XTS, NCR_KEY_TYPE_AES, 16, 16),
	CIPHER("des3-cbc", NCR_ALG_DES3_CBC, NCR_KEY_TYPE_DES3, 8, 8),
	CIPHER("chacha20", NCR_ALG_CHACHA20, NCR_KEY_TYPE_CHACHA20, 1, 16),
	AEAD("aes-gcm", NCR_ALG_AES_GCM, NCR_KEY_TYPE_AES, 12),
	AEAD("aes-ccm", NCR_ALG_AES_CCM, NCR_KEY_TYPE_AES, 13),
	AEAD("chacha20-poly1305", NCR_ALG_CHACHA20_POLY1305,
	     NCR_KEY_TYPE_CHACHA20, 12),
	DIGEST("md5", NCR_ALG_MD5, 64, 16),
	DIGEST("sha1", NCR_ALG_SHA1, 64, 20),
	DIGEST("sha224", NCR_ALG_SHA224, 64, 28),
	DIGEST("sha256", NCR_ALG_SHA256, 64, 32),
	DIGEST("sha384", NCR_ALG_SHA384, 128, 48),
	DIGEST("sha512", NCR_ALG_SHA512, 128, 64),
	DIGEST("sha3-256", NCR_ALG_SHA3_256, 136, 32),
	DIGEST("sha3-512", NCR_ALG_SHA3_512, 72, 64),
	MAC("hmac-sha1", NCR_ALG_HMAC_SHA1, NCR_KEY_TYPE_HMAC, 64, 20),
	MAC("hmac-sha224", NCR_ALG_HMAC_SHA224, NCR_KEY_TYPE_HMAC, 64, 28),
	MAC("hmac-sha256", NCR_ALG_HMAC_SHA256, NCR_KEY_TYPE_HMAC, 64, 32),
	MAC("hmac-sha384", NCR_ALG_HMAC_SHA384, NCR_KEY_TYPE_HMAC, 128, 48),
	MAC("hmac-sha512", NCR_ALG_HMAC_SHA512, NCR_KEY_TYPE_HMAC, 128, 64),
	MAC("hmac-sha3-256", NCR_ALG_HMAC_SHA3_256, NCR_KEY_TYPE_HMAC,
	    136, 32),
	MAC("hmac-sha3-512", NCR_ALG_HMAC_SHA3_512, NCR_KEY_TYPE_HMAC,
	    72, 64),
	MAC("cmac-aes", NCR_ALG_CMAC_AES, NCR_KEY_TYPE_AES, 16, 16),
	/* public key: only the key type is static (sizes depend on the
	 * key); none of the is_* kinds is set */
	PK("rsa-pkcs1", NCR_ALG_RSA_PKCS1, NCR_KEY_TYPE_RSA),
	PK("rsa-pss", NCR_ALG_RSA_PSS, NCR_KEY_TYPE_RSA),
	PK("rsa-oaep", NCR_ALG_RSA_OAEP, NCR_KEY_TYPE_RSA),
	PK("dsa", NCR_ALG_DSA, NCR_KEY_TYPE_DSA),
	PK("ecdsa", NCR_ALG_ECDSA, NCR_KEY_TYPE_EC),
	PK("ed25519", NCR_ALG_ED25519, NCR_KEY_TYPE_ED25519),
	PK("ecdh", NCR_ALG_ECDH, NCR_KEY_TYPE_EC),
	PK("x25519", NCR_ALG_X25519, NCR_KEY_TYPE_X25519),
	PK("dh", NCR_ALG_DH, NCR_KEY_TYPE_DH),
	/* key derivation (ncr_key_kdf): the source key's type; PBKDF2
	 * takes a password, no key */
	PK("hkdf-sha256", NCR_ALG_HKDF_SHA256, NCR_KEY_TYPE_HMAC),
	PK("hkdf-sha384", NCR_ALG_HKDF_SHA384, NCR_KEY_TYPE_HMAC),
	PK("hkdf-sha512", NCR_ALG_HKDF_SHA512, NCR_KEY_TYPE_HMAC),
	PK("pbkdf2-sha1", NCR_ALG_PBKDF2_SHA1, 0),
	PK("pbkdf2-sha256", NCR_ALG_PBKDF2_SHA256, 0),
	PK("pbkdf2-sha512", NCR_ALG_PBKDF2_SHA512, 0),
	PK("kbkdf-hmac-sha256", NCR_ALG_KBKDF_HMAC_SHA256, NCR_KEY_TYPE_HMAC),
	PK("kbkdf-cmac-aes", NCR_ALG_KBKDF_CMAC_AES, NCR_KEY_TYPE_AES),
};


static const struct alg_entry *alg_lookup(uint32_t alg)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(alg_table); i++)
		if (alg_table[i].p.alg == alg)
			return &alg_table[i];
	return NULL;
}

NCR_EXPORT int ncr_alg_from_name(const char *name)
{
	size_t i;

	if (!name)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(alg_table); i++)
		if (!strcasecmp(alg_table[i].name, name))
			return (int)alg_table[i].p.alg;
	return -EINVAL;
}

NCR_EXPORT const char *ncr_alg_name(uint32_t alg)
{
	const struct alg_entry *e = alg_lookup(alg);

	return e ? e->name : NULL;
}

static const char *const key_type_names[] = {
	[NCR_KEY_TYPE_AES] = "aes",
	[NCR_KEY_TYPE_DES3] = "des3",
	[NCR_KEY_TYPE_CHACHA20] = "chacha20",
	[NCR_KEY_TYPE_HMAC] = "hmac",
	[NCR_KEY_TYPE_RSA] = "rsa",
	[NCR_KEY_TYPE_DSA] = "dsa",
	[NCR_KEY_TYPE_DH] = "dh",
	[NCR_KEY_TYPE_EC] = "ec",
	[NCR_KEY_TYPE_X25519] = "x25519",
	[NCR_KEY_TYPE_ED25519] = "ed25519",
};

NCR_EXPORT int ncr_key_type_from_name(const char *name)
{
	size_t i;

	if (!name)
		return -EINVAL;
	for (i = 1; i < ARRAY_SIZE(key_type_names); i++)
		if (key_type_names[i] && !strcasecmp(key_type_names[i], name))
			return (int)i;
	return -EINVAL;
}

NCR_EXPORT const char *ncr_key_type_name(uint32_t type)
{
	if (type == 0 || type >= ARRAY_SIZE(key_type_names))
		return NULL;
	return key_type_names[type];
}

NCR_EXPORT int ncr_alg_props(uint32_t alg, struct ncr_alg_props *p)
{
	const struct alg_entry *e = alg_lookup(alg);

	if (!e)
		return -EINVAL;
	if (p)
		*p = e->p;
	return 0;
}
