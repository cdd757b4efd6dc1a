// SPDX-License-Identifier: GPL-2.0
/*
 * algs.c - the fixed allowlist: the only kernel algorithm names user space
 * can reach, with the facts sessions need about each.
 */
#include <linux/module.h>
#include <linux/string.h>
#include "ncr-int.h"

static const char *const hw_aes_cbc[] = { "virtio_crypto_aes_cbc",
	"cbc-aes-caam", "atmel-cbc-aes", "cbc-aes-omap", "cbc-aes-talitos",
	"mv-cbc-aes", "cbc-aes-ccp", "cbc-aes-s5p", NULL };
static const char *const hw_aes_ecb[] = { "ecb-aes-caam", "ecb-aes-ccp",
	"atmel-ecb-aes", "mv-ecb-aes", NULL };
static const char *const hw_aes_ctr[] = { "ctr-aes-caam", "ctr-aes-ccp",
	"atmel-ctr-aes", NULL };
static const char *const hw_aes_gcm[] = { "gcm-aes-caam", "gcm-aes-ccp",
	"atmel-gcm-aes", NULL };
static const char *const hw_none[] = { NULL };

/* ab: the algorithm's bit in key algorithm sets (NCR_KEY_ALG_*) */
#define CIPHER(i, n, kt, b, iv, st, wh, hw, ab) \
	{ .id = i, .kind = NCR_KIND_CIPHER, .kname = n, .key_type = kt, \
	  .block = b, .iv_size = iv, .stream = st, .whole = wh, \
	  .hw_drivers = hw, .algbit = ab }
#define AEAD(i, n, kt, iv, hw, ab) \
	{ .id = i, .kind = NCR_KIND_AEAD, .kname = n, .key_type = kt, \
	  .block = 1, .iv_size = iv, .tag = 16, .whole = true, \
	  .hw_drivers = hw, .algbit = ab }
#define HASH(i, n, t) \
	{ .id = i, .kind = NCR_KIND_HASH, .kname = n, .block = 1, .tag = t, \
	  .hw_drivers = hw_none }
#define MAC(i, n, kt, t, ab) \
	{ .id = i, .kind = NCR_KIND_MAC, .kname = n, .key_type = kt, \
	  .block = 1, .tag = t, .hw_drivers = hw_none, .algbit = ab }

#define PK(i, n, kt, ab) \
	{ .id = i, .kind = NCR_KIND_PK, .kname = n, .key_type = kt, \
	  .block = 1, .hw_drivers = hw_none, .algbit = ab }
#define KX(i, n, kt, ab) \
	{ .id = i, .kind = NCR_KIND_KX, .kname = n, .key_type = kt, \
	  .block = 1, .hw_drivers = hw_none, .algbit = ab }

static struct ncr_alg ncr_algs[] = {
	CIPHER(NCR_ALG_AES_ECB, "ecb(aes)", NCR_KEY_TYPE_AES, 16, 0, false,
	       false, hw_aes_ecb, NCR_KEY_ALG_AES_ECB),
	CIPHER(NCR_ALG_AES_CBC, "cbc(aes)", NCR_KEY_TYPE_AES, 16, 16, false,
	       false, hw_aes_cbc, NCR_KEY_ALG_AES_CBC),
	CIPHER(NCR_ALG_AES_CTR, "ctr(aes)", NCR_KEY_TYPE_AES, 16, 16, true,
	       false, hw_aes_ctr, NCR_KEY_ALG_AES_CTR),
	CIPHER(NCR_ALG_AES_XTS, "xts(aes)", NCR_KEY_TYPE_AES, 16, 16, false,
	       true, hw_none, NCR_KEY_ALG_AES_XTS),
	CIPHER(NCR_ALG_DES3_CBC, "cbc(des3_ede)", NCR_KEY_TYPE_DES3, 8, 8,
	       false, false, hw_none, NCR_KEY_ALG_DES3_CBC),
	CIPHER(NCR_ALG_CHACHA20, "chacha20", NCR_KEY_TYPE_CHACHA20, 64, 16,
	       true, false, hw_none, NCR_KEY_ALG_CHACHA20),
	AEAD(NCR_ALG_AES_GCM, "gcm(aes)", NCR_KEY_TYPE_AES, 12, hw_aes_gcm,
	     NCR_KEY_ALG_AES_GCM),
	AEAD(NCR_ALG_AES_CCM, "ccm(aes)", NCR_KEY_TYPE_AES, 13, hw_none,
	     NCR_KEY_ALG_AES_CCM),
	AEAD(NCR_ALG_CHACHA20_POLY1305, "rfc7539(chacha20,poly1305)",
	     NCR_KEY_TYPE_CHACHA20, 12, hw_none,
	     NCR_KEY_ALG_CHACHA20_POLY1305),
	HASH(NCR_ALG_MD5, "md5", 16),
	HASH(NCR_ALG_SHA1, "sha1", 20),
	HASH(NCR_ALG_SHA224, "sha224", 28),
	HASH(NCR_ALG_SHA256, "sha256", 32),
	HASH(NCR_ALG_SHA384, "sha384", 48),
	HASH(NCR_ALG_SHA512, "sha512", 64),
	HASH(NCR_ALG_SHA3_256, "sha3-256", 32),
	HASH(NCR_ALG_SHA3_512, "sha3-512", 64),
	MAC(NCR_ALG_HMAC_SHA1, "hmac(sha1)", NCR_KEY_TYPE_HMAC, 20,
	    NCR_KEY_ALG_HMAC_SHA1),
	MAC(NCR_ALG_HMAC_SHA224, "hmac(sha224)", NCR_KEY_TYPE_HMAC, 28,
	    NCR_KEY_ALG_HMAC_SHA224),
	MAC(NCR_ALG_HMAC_SHA256, "hmac(sha256)", NCR_KEY_TYPE_HMAC, 32,
	    NCR_KEY_ALG_HMAC_SHA256),
	MAC(NCR_ALG_HMAC_SHA384, "hmac(sha384)", NCR_KEY_TYPE_HMAC, 48,
	    NCR_KEY_ALG_HMAC_SHA384),
	MAC(NCR_ALG_HMAC_SHA512, "hmac(sha512)", NCR_KEY_TYPE_HMAC, 64,
	    NCR_KEY_ALG_HMAC_SHA512),
	MAC(NCR_ALG_HMAC_SHA3_256, "hmac(sha3-256)", NCR_KEY_TYPE_HMAC, 32,
	    NCR_KEY_ALG_HMAC_SHA3_256),
	MAC(NCR_ALG_HMAC_SHA3_512, "hmac(sha3-512)", NCR_KEY_TYPE_HMAC, 64,
	    NCR_KEY_ALG_HMAC_SHA3_512),
	MAC(NCR_ALG_CMAC_AES, "cmac(aes)", NCR_KEY_TYPE_AES, 16,
	    NCR_KEY_ALG_CMAC_AES),
	/* public key: served by the portable core, not by a crypto API tfm */
	PK(NCR_ALG_RSA_PKCS1, "rsa-pkcs1", NCR_KEY_TYPE_RSA,
	   NCR_KEY_ALG_RSA_PKCS1),
	PK(NCR_ALG_RSA_PSS, "rsa-pss", NCR_KEY_TYPE_RSA, NCR_KEY_ALG_RSA_PSS),
	PK(NCR_ALG_RSA_OAEP, "rsa-oaep", NCR_KEY_TYPE_RSA,
	   NCR_KEY_ALG_RSA_OAEP),
	PK(NCR_ALG_DSA, "dsa", NCR_KEY_TYPE_DSA, NCR_KEY_ALG_DSA),
	PK(NCR_ALG_ECDSA, "ecdsa", NCR_KEY_TYPE_EC, NCR_KEY_ALG_ECDSA),
	PK(NCR_ALG_ED25519, "ed25519", NCR_KEY_TYPE_ED25519,
	   NCR_KEY_ALG_ED25519),
	KX(NCR_ALG_ECDH, "ecdh", NCR_KEY_TYPE_EC, NCR_KEY_ALG_ECDH),
	KX(NCR_ALG_X25519, "x25519", NCR_KEY_TYPE_X25519, NCR_KEY_ALG_X25519),
	KX(NCR_ALG_DH, "dh", NCR_KEY_TYPE_DH, NCR_KEY_ALG_DH),
};

static DEFINE_MUTEX(ncr_digest_lock);

const struct ncr_alg *ncr_alg_find(u32 id)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(ncr_algs); i++)
		if (ncr_algs[i].id == id)
			return &ncr_algs[i];
	return NULL;
}

int ncr_alg_count(void)
{
	return ARRAY_SIZE(ncr_algs);
}

const struct ncr_alg *ncr_alg_at(int i)
{
	return &ncr_algs[i];
}

struct crypto_shash *ncr_alg_digest_tfm(const struct ncr_alg *alg)
{
	struct ncr_alg *a = &ncr_algs[alg - ncr_algs];
	struct crypto_shash *tfm = READ_ONCE(a->shared);

	if (likely(tfm))
		return tfm;
	mutex_lock(&ncr_digest_lock);
	tfm = a->shared;
	if (!tfm) {
		tfm = crypto_alloc_shash(a->kname, 0, 0);
		if (IS_ERR(tfm)) {
			mutex_unlock(&ncr_digest_lock);
			return tfm;
		}
		smp_store_release(&a->shared, tfm);
	}
	mutex_unlock(&ncr_digest_lock);
	return tfm;
}

/*
 * Hardware-backed: the driver says it only serves the kernel through a
 * device (KERN_DRIVER_ONLY), or it is one of the off-CPU drivers we know.
 */
bool ncr_driver_is_hw(const struct ncr_alg *alg, struct crypto_tfm *tfm)
{
	const char *drv = crypto_tfm_alg_driver_name(tfm);
	const char *const *p;

	if (tfm->__crt_alg->cra_flags & CRYPTO_ALG_KERN_DRIVER_ONLY)
		return true;
	for (p = alg->hw_drivers; *p; p++)
		if (!strcmp(*p, drv))
			return true;
	return false;
}

void ncr_algs_exit(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(ncr_algs); i++) {
		if (ncr_algs[i].shared)
			crypto_free_shash(ncr_algs[i].shared);
		ncr_algs[i].shared = NULL;
	}
}
