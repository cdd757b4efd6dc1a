/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mech.c - the mechanism table of ncr-pkcs11.so.
 *
 * Every PKCS #11 mechanism the module offers is one row of mechs[]: the
 * ncr algorithm behind it (NCR_ALG_*, or NCR_WALG_* for the key-wrapping
 * ones, or 0 for key generation), the key type it takes, the key sizes in
 * CK_MECHANISM_INFO units (bytes for AES, DES3, ChaCha20 and HMAC keys;
 * bits for generic-secret generation and for RSA, DSA, DH and the
 * elliptic curves) and what it can do (CKF_*).  Only what ncr really
 * does is listed: RSA 1024..4096 bits (2048..4096 generated), EC P-256
 * and P-384, Ed25519, X25519, DSA (L 1024 verify-only, 2048, 3072), DH
 * (2048..8192).
 *
 * A mechanism whose kernel algorithm is missing (NCRIO_INFO says it is
 * not AVAILABLE: a kernel without SHA-3, say) is hidden from
 * C_GetMechanismList and C_GetMechanismInfo.  CKF_HW is reported where
 * the kernel's default driver for the algorithm is hardware.
 *
 * Also here: the ncr algorithm sets (NCR_KEY_ALG_*) a key object gets
 * from its PKCS #11 type, its usage and CKA_ALLOWED_MECHANISMS
 * (p11_mech_algs), and the CKA_ALLOWED_MECHANISMS check done when an
 * operation starts (p11_mech_allowed).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "p11.h"

#define U CK_UNAVAILABLE_INFORMATION

#define EC_FLAGS	(CKF_EC_F_P | CKF_EC_NAMEDCURVE | CKF_EC_UNCOMPRESS)
#define CRYPT		(CKF_ENCRYPT | CKF_DECRYPT)
#define SIGVER		(CKF_SIGN | CKF_VERIFY)
#define WRAP		(CKF_WRAP | CKF_UNWRAP)

static const struct p11_mech mechs[] = {
	/* AES */
	{ CKM_AES_KEY_GEN, 0, CKK_AES, 16, 32, CKF_GENERATE, 0 },
	{ CKM_AES_ECB, NCR_ALG_AES_ECB, CKK_AES, 16, 32, CRYPT, 0 },
	{ CKM_AES_CBC, NCR_ALG_AES_CBC, CKK_AES, 16, 32, CRYPT, 0 },
	{ CKM_AES_CBC_PAD, NCR_ALG_AES_CBC, CKK_AES, 16, 32, CRYPT, 0 },
	{ CKM_AES_CTR, NCR_ALG_AES_CTR, CKK_AES, 16, 32, CRYPT, 0 },
	{ CKM_AES_GCM, NCR_ALG_AES_GCM, CKK_AES, 16, 32, CRYPT, 0 },
	{ CKM_AES_CCM, NCR_ALG_AES_CCM, CKK_AES, 16, 32, CRYPT, 0 },
	{ CKM_AES_CMAC, NCR_ALG_CMAC_AES, CKK_AES, 16, 32, SIGVER, 0 },
	{ CKM_AES_CMAC_GENERAL, NCR_ALG_CMAC_AES, CKK_AES, 16, 32, SIGVER,
	  0 },
	{ CKM_AES_KEY_WRAP, NCR_WALG_AES_RFC3394, CKK_AES, 16, 32, WRAP, 0 },
	{ CKM_AES_KEY_WRAP_PAD, NCR_WALG_AES_RFC5649, CKK_AES, 16, 32, WRAP,
	  0 },
	{ CKM_AES_KEY_WRAP_KWP, NCR_WALG_AES_RFC5649, CKK_AES, 16, 32, WRAP,
	  0 },
	/* DES3 */
	{ CKM_DES3_KEY_GEN, 0, CKK_DES3, 24, 24, CKF_GENERATE, 0 },
	{ CKM_DES3_CBC, NCR_ALG_DES3_CBC, CKK_DES3, 24, 24, CRYPT, 0 },
	{ CKM_DES3_CBC_PAD, NCR_ALG_DES3_CBC, CKK_DES3, 24, 24, CRYPT, 0 },
	/* ChaCha20 */
	{ CKM_CHACHA20_KEY_GEN, 0, CKK_CHACHA20, 32, 32, CKF_GENERATE, 0 },
	{ CKM_CHACHA20_POLY1305, NCR_ALG_CHACHA20_POLY1305, CKK_CHACHA20,
	  32, 32, CRYPT, 0 },
	/* digests */
	{ CKM_SHA_1, NCR_ALG_SHA1, U, 0, 0, CKF_DIGEST, 0 },
	{ CKM_SHA224, NCR_ALG_SHA224, U, 0, 0, CKF_DIGEST, 0 },
	{ CKM_SHA256, NCR_ALG_SHA256, U, 0, 0, CKF_DIGEST, 0 },
	{ CKM_SHA384, NCR_ALG_SHA384, U, 0, 0, CKF_DIGEST, 0 },
	{ CKM_SHA512, NCR_ALG_SHA512, U, 0, 0, CKF_DIGEST, 0 },
	{ CKM_SHA3_256, NCR_ALG_SHA3_256, U, 0, 0, CKF_DIGEST, 0 },
	{ CKM_SHA3_512, NCR_ALG_SHA3_512, U, 0, 0, CKF_DIGEST, 0 },
	/* HMAC (generic secrets; key sizes in bytes) */
	{ CKM_GENERIC_SECRET_KEY_GEN, 0, CKK_GENERIC_SECRET, 8,
	  8 * NCR_MAX_HMAC_KEY_BYTES, CKF_GENERATE, 0 },
	{ CKM_SHA_1_HMAC, NCR_ALG_HMAC_SHA1, CKK_GENERIC_SECRET, 1,
	  NCR_MAX_HMAC_KEY_BYTES, SIGVER, 0 },
	{ CKM_SHA_1_HMAC_GENERAL, NCR_ALG_HMAC_SHA1, CKK_GENERIC_SECRET, 1,
	  NCR_MAX_HMAC_KEY_BYTES, SIGVER, 0 },
	{ CKM_SHA224_HMAC, NCR_ALG_HMAC_SHA224, CKK_GENERIC_SECRET, 1,
	  NCR_MAX_HMAC_KEY_BYTES, SIGVER, 0 },
	{ CKM_SHA224_HMAC_GENERAL, NCR_ALG_HMAC_SHA224, CKK_GENERIC_SECRET,
	  1, NCR_MAX_HMAC_KEY_BYTES, SIGVER, 0 },
	{ CKM_SHA256_HMAC, NCR_ALG_HMAC_SHA256, CKK_GENERIC_SECRET, 1,
	  NCR_MAX_HMAC_KEY_BYTES, SIGVER, 0 },
	{ CKM_SHA256_HMAC_GENERAL, NCR_ALG_HMAC_SHA256, CKK_GENERIC_SECRET,
	  1, NCR_MAX_HMAC_KEY_BYTES, SIGVER, 0 },
	{ CKM_SHA384_HMAC, NCR_ALG_HMAC_SHA384, CKK_GENERIC_SECRET, 1,
	  NCR_MAX_HMAC_KEY_BYTES, SIGVER, 0 },
	{ CKM_SHA384_HMAC_GENERAL, NCR_ALG_HMAC_SHA384, CKK_GENERIC_SECRET,
	  1, NCR_MAX_HMAC_KEY_BYTES, SIGVER, 0 },
	{ CKM_SHA512_HMAC, NCR_ALG_HMAC_SHA512, CKK_GENERIC_SECRET, 1,
	  NCR_MAX_HMAC_KEY_BYTES, SIGVER, 0 },
	{ CKM_SHA512_HMAC_GENERAL, NCR_ALG_HMAC_SHA512, CKK_GENERIC_SECRET,
	  1, NCR_MAX_HMAC_KEY_BYTES, SIGVER, 0 },
	{ CKM_SHA3_256_HMAC, NCR_ALG_HMAC_SHA3_256, CKK_GENERIC_SECRET, 1,
	  NCR_MAX_HMAC_KEY_BYTES, SIGVER, 0 },
	{ CKM_SHA3_256_HMAC_GENERAL, NCR_ALG_HMAC_SHA3_256,
	  CKK_GENERIC_SECRET, 1, NCR_MAX_HMAC_KEY_BYTES, SIGVER, 0 },
	{ CKM_SHA3_512_HMAC, NCR_ALG_HMAC_SHA3_512, CKK_GENERIC_SECRET, 1,
	  NCR_MAX_HMAC_KEY_BYTES, SIGVER, 0 },
	{ CKM_SHA3_512_HMAC_GENERAL, NCR_ALG_HMAC_SHA3_512,
	  CKK_GENERIC_SECRET, 1, NCR_MAX_HMAC_KEY_BYTES, SIGVER, 0 },
	/* RSA (bits) */
	{ CKM_RSA_PKCS_KEY_PAIR_GEN, 0, CKK_RSA, 2048, 4096,
	  CKF_GENERATE_KEY_PAIR, 0 },
	{ CKM_RSA_PKCS, NCR_ALG_RSA_PKCS1, CKK_RSA, 1024, 4096,
	  CRYPT | SIGVER, 0 },
	/* raw RSA: public operations only (the module's libcrypto) */
	{ CKM_RSA_X_509, 0, CKK_RSA, 1024, 4096, CKF_ENCRYPT | CKF_VERIFY,
	  0 },
	{ CKM_RSA_PKCS_OAEP, NCR_ALG_RSA_OAEP, CKK_RSA, 1024, 4096,
	  CRYPT | WRAP, 0 },
	{ CKM_RSA_PKCS_PSS, NCR_ALG_RSA_PSS, CKK_RSA, 1024, 4096, SIGVER, 0 },
	{ CKM_SHA1_RSA_PKCS, NCR_ALG_RSA_PKCS1, CKK_RSA, 1024, 4096, SIGVER,
	  NCR_ALG_SHA1 },
	{ CKM_SHA224_RSA_PKCS, NCR_ALG_RSA_PKCS1, CKK_RSA, 1024, 4096, SIGVER,
	  NCR_ALG_SHA224 },
	{ CKM_SHA256_RSA_PKCS, NCR_ALG_RSA_PKCS1, CKK_RSA, 1024, 4096, SIGVER,
	  NCR_ALG_SHA256 },
	{ CKM_SHA384_RSA_PKCS, NCR_ALG_RSA_PKCS1, CKK_RSA, 1024, 4096, SIGVER,
	  NCR_ALG_SHA384 },
	{ CKM_SHA512_RSA_PKCS, NCR_ALG_RSA_PKCS1, CKK_RSA, 1024, 4096, SIGVER,
	  NCR_ALG_SHA512 },
	{ CKM_SHA1_RSA_PKCS_PSS, NCR_ALG_RSA_PSS, CKK_RSA, 1024, 4096, SIGVER,
	  NCR_ALG_SHA1 },
	{ CKM_SHA224_RSA_PKCS_PSS, NCR_ALG_RSA_PSS, CKK_RSA, 1024, 4096,
	  SIGVER, NCR_ALG_SHA224 },
	{ CKM_SHA256_RSA_PKCS_PSS, NCR_ALG_RSA_PSS, CKK_RSA, 1024, 4096,
	  SIGVER, NCR_ALG_SHA256 },
	{ CKM_SHA384_RSA_PKCS_PSS, NCR_ALG_RSA_PSS, CKK_RSA, 1024, 4096,
	  SIGVER, NCR_ALG_SHA384 },
	{ CKM_SHA512_RSA_PKCS_PSS, NCR_ALG_RSA_PSS, CKK_RSA, 1024, 4096,
	  SIGVER, NCR_ALG_SHA512 },
	/* EC P-256 / P-384 (bits) */
	{ CKM_EC_KEY_PAIR_GEN, 0, CKK_EC, 256, 384,
	  CKF_GENERATE_KEY_PAIR | EC_FLAGS, 0 },
	{ CKM_ECDSA, NCR_ALG_ECDSA, CKK_EC, 256, 384, SIGVER | EC_FLAGS, 0 },
	{ CKM_ECDSA_SHA1, NCR_ALG_ECDSA, CKK_EC, 256, 384, SIGVER | EC_FLAGS,
	  NCR_ALG_SHA1 },
	{ CKM_ECDSA_SHA224, NCR_ALG_ECDSA, CKK_EC, 256, 384,
	  SIGVER | EC_FLAGS, NCR_ALG_SHA224 },
	{ CKM_ECDSA_SHA256, NCR_ALG_ECDSA, CKK_EC, 256, 384,
	  SIGVER | EC_FLAGS, NCR_ALG_SHA256 },
	{ CKM_ECDSA_SHA384, NCR_ALG_ECDSA, CKK_EC, 256, 384,
	  SIGVER | EC_FLAGS, NCR_ALG_SHA384 },
	{ CKM_ECDSA_SHA512, NCR_ALG_ECDSA, CKK_EC, 256, 384,
	  SIGVER | EC_FLAGS, NCR_ALG_SHA512 },
	/* ECDH with P-256/P-384 keys, and with X25519 keys (3.0) */
	{ CKM_ECDH1_DERIVE, NCR_ALG_ECDH, CKK_EC, 255, 384,
	  CKF_DERIVE | EC_FLAGS, 0 },
	/* Ed25519, X25519 */
	{ CKM_EC_EDWARDS_KEY_PAIR_GEN, 0, CKK_EC_EDWARDS, 255, 255,
	  CKF_GENERATE_KEY_PAIR, 0 },
	{ CKM_EDDSA, NCR_ALG_ED25519, CKK_EC_EDWARDS, 255, 255, SIGVER, 0 },
	{ CKM_EC_MONTGOMERY_KEY_PAIR_GEN, 0, CKK_EC_MONTGOMERY, 255, 255,
	  CKF_GENERATE_KEY_PAIR, 0 },
	/* DSA (bits of p; 1024 verifies only) */
	{ CKM_DSA_KEY_PAIR_GEN, 0, CKK_DSA, 2048, 3072,
	  CKF_GENERATE_KEY_PAIR, 0 },
	{ CKM_DSA, NCR_ALG_DSA, CKK_DSA, 1024, 3072, SIGVER, 0 },
	{ CKM_DSA_SHA1, NCR_ALG_DSA, CKK_DSA, 1024, 3072, SIGVER,
	  NCR_ALG_SHA1 },
	{ CKM_DSA_SHA224, NCR_ALG_DSA, CKK_DSA, 1024, 3072, SIGVER,
	  NCR_ALG_SHA224 },
	{ CKM_DSA_SHA256, NCR_ALG_DSA, CKK_DSA, 1024, 3072, SIGVER,
	  NCR_ALG_SHA256 },
	{ CKM_DSA_SHA384, NCR_ALG_DSA, CKK_DSA, 1024, 3072, SIGVER,
	  NCR_ALG_SHA384 },
	{ CKM_DSA_SHA512, NCR_ALG_DSA, CKK_DSA, 1024, 3072, SIGVER,
	  NCR_ALG_SHA512 },
	/* DH (bits of p) */
	{ CKM_DH_PKCS_KEY_PAIR_GEN, 0, CKK_DH, 2048, 8192,
	  CKF_GENERATE_KEY_PAIR, 0 },
	{ CKM_DH_PKCS_DERIVE, NCR_ALG_DH, CKK_DH, 2048, 8192, CKF_DERIVE, 0 },
	/* KDFs (the representative ncr algorithm; the hash comes from the
	 * mechanism parameters) */
	{ CKM_HKDF_DERIVE, NCR_ALG_HKDF_SHA256, CKK_GENERIC_SECRET, 1,
	  NCR_MAX_HMAC_KEY_BYTES, CKF_DERIVE, 0 },
	{ CKM_PKCS5_PBKD2, NCR_ALG_PBKDF2_SHA256, U, 0, 0, CKF_GENERATE, 0 },
};

/* ------------------------------------------------------- availability */

/* NCRIO_INFO per algorithm id, read once (ids are small: < 128). */
#define ALG_IDS 128
static struct {
	bool loaded;
	bool known[ALG_IDS];
	uint32_t flags[ALG_IDS];
} alg_cache;

static void alg_cache_load(void)
{
	struct ncr_alg_info *ai;
	uint32_t n = ALG_IDS, i;

	if (alg_cache.loaded || p11.fd < 0)
		return;
	ai = calloc(n, sizeof(*ai));
	if (!ai)
		return;
	if (ncr_get_info(p11.fd, NULL, ai, &n) == 0) {
		if (n > ALG_IDS)
			n = ALG_IDS;
		for (i = 0; i < n; i++) {
			if (ai[i].algorithm >= ALG_IDS)
				continue;
			alg_cache.known[ai[i].algorithm] = true;
			alg_cache.flags[ai[i].algorithm] = ai[i].flags;
		}
		alg_cache.loaded = true;
	}
	free(ai);
}

static bool mech_is_walg(const struct p11_mech *m)
{
	return m->type == CKM_AES_KEY_WRAP || m->type == CKM_AES_KEY_WRAP_PAD ||
	       m->type == CKM_AES_KEY_WRAP_KWP;
}

/* The NCRIO_INFO algorithm that stands for the mechanism (0: none). */
static uint32_t mech_info_alg(const struct p11_mech *m)
{
	if (mech_is_walg(m))
		return NCR_ALG_AES_ECB;	/* key wrap runs on the block cipher */
	switch (m->alg) {
	case NCR_ALG_HKDF_SHA256:
	case NCR_ALG_PBKDF2_SHA256:
		return NCR_ALG_HMAC_SHA256;
	}
	return m->alg;
}

/* An NCRIO_INFO flag of the algorithm; dflt for no algorithm (0) and for
 * one NCRIO_INFO does not list. */
static bool alg_flag(uint32_t alg, uint32_t flag, bool dflt)
{
	if (!alg)
		return dflt;
	alg_cache_load();
	if (!alg_cache.loaded || alg >= ALG_IDS || !alg_cache.known[alg])
		return dflt;
	return alg_cache.flags[alg] & flag;
}

/* Known to the kernel and with a driver; an algorithm NCRIO_INFO does not
 * list is taken as there (the kernel's own code). */
static bool alg_available(uint32_t alg)
{
	return alg_flag(alg, NCR_ALG_INFO_FLAG_AVAILABLE, true);
}

static bool mech_available(const struct p11_mech *m)
{
	return alg_available(mech_info_alg(m)) && alg_available(m->hash);
}

bool p11_mech_is_hw(const struct p11_mech *m)
{
	return alg_flag(mech_info_alg(m), NCR_ALG_INFO_FLAG_HARDWARE, false);
}

const struct p11_mech *p11_mech_find(CK_MECHANISM_TYPE type)
{
	size_t i;

	for (i = 0; i < P11_ARRAY_SIZE(mechs); i++)
		if (mechs[i].type == type)
			return &mechs[i];
	return NULL;
}

uint32_t p11_hash_alg(CK_MECHANISM_TYPE m)
{
	switch (m) {
	case CKM_SHA_1:
		return NCR_ALG_SHA1;
	case CKM_SHA224:
		return NCR_ALG_SHA224;
	case CKM_SHA256:
		return NCR_ALG_SHA256;
	case CKM_SHA384:
		return NCR_ALG_SHA384;
	case CKM_SHA512:
		return NCR_ALG_SHA512;
	case CKM_SHA3_256:
		return NCR_ALG_SHA3_256;
	case CKM_SHA3_512:
		return NCR_ALG_SHA3_512;
	}
	return 0;
}

/* ---------------------------------------------------- algorithm sets */

/* The NCR_KEY_ALG_* bits a mechanism uses (any key type). */
static uint64_t mech_keybits(CK_MECHANISM_TYPE type)
{
	const struct p11_mech *m = p11_mech_find(type);

	if (!m || !m->alg)
		return 0;
	switch (type) {
	case CKM_AES_KEY_WRAP:
		return NCR_KEY_ALG_AES_KW;
	case CKM_AES_KEY_WRAP_PAD:
	case CKM_AES_KEY_WRAP_KWP:
		return NCR_KEY_ALG_AES_KWP;
	case CKM_RSA_PKCS_OAEP:
		return NCR_KEY_ALG_RSA_OAEP | NCR_KEY_ALG_RSA_OAEP_WRAP;
	case CKM_ECDH1_DERIVE:
		return NCR_KEY_ALG_ECDH | NCR_KEY_ALG_X25519;
	case CKM_HKDF_DERIVE:
		return NCR_KEY_ALG_HKDF;
	case CKM_PKCS5_PBKD2:
		return 0;
	}
	return ncr_alg_keybit(m->alg);
}

/* A CKK_SHA*_HMAC key: its one HMAC (0: not such a type). */
static uint64_t hmac_type_bit(CK_KEY_TYPE kt)
{
	switch (kt) {
	case CKK_SHA_1_HMAC:
		return NCR_KEY_ALG_HMAC_SHA1;
	case CKK_SHA224_HMAC:
		return NCR_KEY_ALG_HMAC_SHA224;
	case CKK_SHA256_HMAC:
		return NCR_KEY_ALG_HMAC_SHA256;
	case CKK_SHA384_HMAC:
		return NCR_KEY_ALG_HMAC_SHA384;
	case CKK_SHA512_HMAC:
		return NCR_KEY_ALG_HMAC_SHA512;
	case CKK_SHA3_256_HMAC:
		return NCR_KEY_ALG_HMAC_SHA3_256;
	case CKK_SHA3_512_HMAC:
		return NCR_KEY_ALG_HMAC_SHA3_512;
	}
	return 0;
}

/*
 * The set for a key type and usage, without CKA_ALLOWED_MECHANISMS.  Only
 * algorithms of the one ncr type behind kt, never AES-XTS nor a KBKDF
 * (those sets are exclusive in ncr; nothing in PKCS #11 asks for them).
 * 0 means "no algorithm": callers must not pass it to the kernel as the
 * default set.
 */
static uint64_t type_algs(CK_KEY_TYPE kt, uint32_t usage)
{
	bool crypt = usage & (NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT);
	bool sig = usage & (NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY);
	bool wrap = usage & (NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP);
	bool derive = usage & NCR_KEY_USAGE_DERIVE;
	uint64_t a = 0;

	switch (kt) {
	case CKK_AES:
		if (crypt)
			a |= NCR_KEY_ALG_AES_ECB | NCR_KEY_ALG_AES_CBC |
			     NCR_KEY_ALG_AES_CTR | NCR_KEY_ALG_AES_GCM |
			     NCR_KEY_ALG_AES_CCM;
		if (sig)
			a |= NCR_KEY_ALG_CMAC_AES;
		if (wrap)
			a |= NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_KWP;
		break;
	case CKK_DES3:
		if (crypt)
			a |= NCR_KEY_ALG_DES3_CBC;
		break;
	case CKK_CHACHA20:
		if (crypt)
			a |= NCR_KEY_ALG_CHACHA20_POLY1305;
		break;
	case CKK_GENERIC_SECRET:
		if (sig)
			a |= NCR_KEY_ALG_HMAC_ALL;
		if (derive)
			a |= NCR_KEY_ALG_HKDF;
		break;
	case CKK_HKDF:
		if (derive)
			a |= NCR_KEY_ALG_HKDF;
		break;
	case CKK_RSA:
		if (sig)
			a |= NCR_KEY_ALG_RSA_PKCS1 | NCR_KEY_ALG_RSA_PSS;
		if (crypt)
			a |= NCR_KEY_ALG_RSA_PKCS1 | NCR_KEY_ALG_RSA_OAEP;
		if (wrap)
			a |= NCR_KEY_ALG_RSA_OAEP_WRAP;
		break;
	case CKK_EC:
		if (sig)
			a |= NCR_KEY_ALG_ECDSA;
		if (derive)
			a |= NCR_KEY_ALG_ECDH;
		break;
	case CKK_EC_EDWARDS:
		if (sig)
			a |= NCR_KEY_ALG_ED25519;
		break;
	case CKK_EC_MONTGOMERY:
		if (derive)
			a |= NCR_KEY_ALG_X25519;
		break;
	case CKK_DSA:
		if (sig)
			a |= NCR_KEY_ALG_DSA;
		break;
	case CKK_DH:
		if (derive)
			a |= NCR_KEY_ALG_DH;
		break;
	default:
		if (hmac_type_bit(kt)) {
			if (sig)
				a |= hmac_type_bit(kt);
			if (derive)
				a |= NCR_KEY_ALG_HKDF;
		}
		break;
	}
	return a;
}

uint64_t p11_mech_algs(CK_KEY_TYPE kt, uint32_t usage,
		       const CK_MECHANISM_TYPE *allowed, size_t nallowed)
{
	uint64_t a = type_algs(kt, usage), permit = 0;
	size_t i;

	if (!allowed)
		return a;
	for (i = 0; i < nallowed; i++)
		permit |= mech_keybits(allowed[i]);
	return a & permit;
}

/* CKM_AES_KEY_WRAP_KWP and _PAD are one mechanism here. */
static bool mech_same(CK_MECHANISM_TYPE a, CK_MECHANISM_TYPE b)
{
	if (a == CKM_AES_KEY_WRAP_KWP)
		a = CKM_AES_KEY_WRAP_PAD;
	if (b == CKM_AES_KEY_WRAP_KWP)
		b = CKM_AES_KEY_WRAP_PAD;
	return a == b;
}

bool p11_mech_allowed(const struct p11_object *key, CK_MECHANISM_TYPE type)
{
	const struct p11_attr *at;
	CK_MECHANISM_TYPE m;
	size_t i, n;

	at = p11_attrs_find(&key->attrs, CKA_ALLOWED_MECHANISMS);
	/* absent, or an empty list: no restriction */
	if (!at || !at->len)
		return true;
	n = at->len / sizeof(CK_MECHANISM_TYPE);
	for (i = 0; i < n; i++) {
		memcpy(&m, at->val + i * sizeof(m), sizeof(m));
		if (mech_same(m, type))
			return true;
	}
	return false;
}

/* -------------------------------------------------------- entry points */

P11_EXPORT CK_RV C_GetMechanismList(CK_SLOT_ID slotID,
				    CK_MECHANISM_TYPE_PTR pMechanismList,
				    CK_ULONG_PTR pulCount)
{
	CK_ULONG n = 0, cap;
	CK_RV rv = CKR_OK;
	size_t i;

	P11_ENTER();
	if (!pulCount)
		P11_RETURN(CKR_ARGUMENTS_BAD);
	if (!p11_token_of_slot(slotID))
		P11_RETURN(CKR_SLOT_ID_INVALID);
	cap = *pulCount;
	for (i = 0; i < P11_ARRAY_SIZE(mechs); i++) {
		if (!mech_available(&mechs[i]))
			continue;
		if (pMechanismList && n < cap)
			pMechanismList[n] = mechs[i].type;
		n++;
	}
	if (pMechanismList && n > cap)
		rv = CKR_BUFFER_TOO_SMALL;
	*pulCount = n;
	P11_RETURN(rv);
}

P11_EXPORT CK_RV C_GetMechanismInfo(CK_SLOT_ID slotID,
				    CK_MECHANISM_TYPE type,
				    CK_MECHANISM_INFO_PTR pInfo)
{
	const struct p11_mech *m;

	P11_ENTER();
	if (!pInfo)
		P11_RETURN(CKR_ARGUMENTS_BAD);
	if (!p11_token_of_slot(slotID))
		P11_RETURN(CKR_SLOT_ID_INVALID);
	m = p11_mech_find(type);
	if (!m || !mech_available(m))
		P11_RETURN(CKR_MECHANISM_INVALID);
	pInfo->ulMinKeySize = m->min_key;
	pInfo->ulMaxKeySize = m->max_key;
	pInfo->flags = m->flags;
	if (p11_mech_is_hw(m))
		pInfo->flags |= CKF_HW;
	P11_RETURN(CKR_OK);
}
