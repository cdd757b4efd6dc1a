// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ossl.c - build/tests/pk_interop: the OpenSSL side: keys from and to
 * DER, sign and verify (PKCS#1, PSS, ECDSA, DSA, Ed25519), derive, key
 * generation, and DER <-> r||s signatures (RSA encryption is
 * ref_rsa_crypt() of tests/common.c).
 */
#define _GNU_SOURCE

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "pk_interop.h"

const char *md_name(uint32_t hash)
{
	switch (hash) {
	case NCR_ALG_SHA1: return "SHA1";
	case NCR_ALG_SHA224: return "SHA224";
	case NCR_ALG_SHA256: return "SHA256";
	case NCR_ALG_SHA384: return "SHA384";
	case NCR_ALG_SHA512: return "SHA512";
	}
	return NULL;
}

EVP_PKEY *ossl_pub(const uint8_t *der, size_t len)
{
	const unsigned char *p = der;

	return d2i_PUBKEY(NULL, &p, (long)len);
}

EVP_PKEY *ossl_priv(const uint8_t *der, size_t len)
{
	const unsigned char *p = der;

	return d2i_AutoPrivateKey(NULL, &p, (long)len);
}

/* DER of an OpenSSL key: PKCS#8 (priv) or SPKI. */
int ossl_der(EVP_PKEY *k, int priv, uint8_t *out, size_t *len)
{
	unsigned char *p = out;
	int n;

	if (priv) {
		PKCS8_PRIV_KEY_INFO *p8 = EVP_PKEY2PKCS8(k);

		if (!p8)
			return -1;
		n = i2d_PKCS8_PRIV_KEY_INFO(p8, NULL);
		if (n <= 0 || (size_t)n > *len) {
			PKCS8_PRIV_KEY_INFO_free(p8);
			return -1;
		}
		n = i2d_PKCS8_PRIV_KEY_INFO(p8, &p);
		PKCS8_PRIV_KEY_INFO_free(p8);
	} else {
		n = i2d_PUBKEY(k, NULL);
		if (n <= 0 || (size_t)n > *len)
			return -1;
		n = i2d_PUBKEY(k, &p);
	}
	if (n <= 0)
		return -1;
	*len = (size_t)n;
	return 0;
}

/* pad: RSA_PKCS1_PADDING, RSA_PKCS1_PSS_PADDING or 0 (not RSA). */
static int ossl_pctx_setup(EVP_PKEY_CTX *pc, int pad, int salt,
			   uint32_t mgf1)
{
	if (!pad)
		return 1;
	if (EVP_PKEY_CTX_set_rsa_padding(pc, pad) <= 0)
		return 0;
	if (pad == RSA_PKCS1_PSS_PADDING) {
		if (EVP_PKEY_CTX_set_rsa_pss_saltlen(pc, salt) <= 0)
			return 0;
		if (mgf1 && EVP_PKEY_CTX_set_rsa_mgf1_md_name(pc,
				md_name(mgf1), NULL) <= 0)
			return 0;
	}
	return 1;
}

/* A DigestSign (sign) or DigestVerify context of k with the padding of
 * ossl_pctx_setup; hash 0: Ed25519.  NULL on error. */
EVP_MD_CTX *ossl_md_ctx(EVP_PKEY *k, int sign, uint32_t hash, int pad,
			int salt, uint32_t mgf1)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pc = NULL;
	const char *md = hash ? md_name(hash) : NULL;
	int r = sign ? EVP_DigestSignInit_ex(c, &pc, md, NULL, NULL, k, NULL) :
		EVP_DigestVerifyInit_ex(c, &pc, md, NULL, NULL, k, NULL);

	if (r <= 0 || !ossl_pctx_setup(pc, pad, salt, mgf1)) {
		EVP_MD_CTX_free(c);
		return NULL;
	}
	return c;
}

/* 1: good signature, 0: bad, -1: error. hash 0: Ed25519. */
int ossl_verify(EVP_PKEY *k, uint32_t hash, int pad, int salt,
		const void *msg, size_t len, const void *sig,
		size_t sig_len)
{
	EVP_MD_CTX *c = ossl_md_ctx(k, 0, hash, pad, salt, 0);
	int r = c ? EVP_DigestVerify(c, sig, sig_len, msg, len) == 1 : -1;

	EVP_MD_CTX_free(c);
	return r;
}

int ossl_sign(EVP_PKEY *k, uint32_t hash, int pad, int salt,
	      const void *msg, size_t len, uint8_t *sig,
	      size_t *sig_len)
{
	EVP_MD_CTX *c = ossl_md_ctx(k, 1, hash, pad, salt, 0);
	int ok = c && EVP_DigestSign(c, sig, sig_len, msg, len) == 1;

	EVP_MD_CTX_free(c);
	return ok ? 0 : -1;
}

int ossl_derive(EVP_PKEY *priv, EVP_PKEY *peer, int dh_pad,
		uint8_t *out, size_t *out_len)
{
	EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_pkey(NULL, priv, NULL);
	int ok = 0;

	if (!pc)
		return -1;
	if (EVP_PKEY_derive_init(pc) <= 0 ||
	    (dh_pad && EVP_PKEY_CTX_set_dh_pad(pc, 1) <= 0) ||
	    EVP_PKEY_derive_set_peer(pc, peer) <= 0)
		goto out;
	ok = EVP_PKEY_derive(pc, out, out_len) == 1;
out:
	EVP_PKEY_CTX_free(pc);
	return ok ? 0 : -1;
}

EVP_PKEY *ossl_gen(const char *alg, const char *group)
{
	EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_name(NULL, alg, NULL);
	EVP_PKEY *k = NULL;

	if (!pc)
		return NULL;
	if (EVP_PKEY_keygen_init(pc) > 0 &&
	    (!group || EVP_PKEY_CTX_set_group_name(pc, group) > 0))
		EVP_PKEY_keygen(pc, &k);
	EVP_PKEY_CTX_free(pc);
	return k;
}

/* DER SEQUENCE{r, s} <-> r||s (each n bytes). */
int sig_der_to_raw(const uint8_t *der, size_t len, size_t n,
		   uint8_t *raw)
{
	const unsigned char *p = der;
	ECDSA_SIG *s = d2i_ECDSA_SIG(NULL, &p, (long)len);
	const BIGNUM *r, *ss;
	int ok;

	if (!s)
		return -1;
	ECDSA_SIG_get0(s, &r, &ss);
	ok = BN_bn2binpad(r, raw, (int)n) == (int)n &&
	     BN_bn2binpad(ss, raw + n, (int)n) == (int)n;
	ECDSA_SIG_free(s);
	return ok ? 0 : -1;
}

int sig_raw_to_der(const uint8_t *raw, size_t n, uint8_t *der,
		   size_t *len)
{
	ECDSA_SIG *s = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(raw, (int)n, NULL);
	BIGNUM *ss = BN_bin2bn(raw + n, (int)n, NULL);
	unsigned char *p = der;
	int l;

	if (!s || !r || !ss || !ECDSA_SIG_set0(s, r, ss)) {
		ECDSA_SIG_free(s);
		BN_free(r);
		BN_free(ss);
		return -1;
	}
	l = i2d_ECDSA_SIG(s, &p);
	ECDSA_SIG_free(s);
	if (l <= 0)
		return -1;
	*len = (size_t)l;
	return 0;
}
