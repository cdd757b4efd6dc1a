// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * der.c - the encodings PKCS #11 attributes and ncr's key formats need,
 * between the two: curve OIDs (CKA_EC_PARAMS), OCTET STRING wrapping
 * (CKA_EC_POINT), SubjectPublicKeyInfo to CKA_MODULUS & co, and the
 * attributes of an RSA, DSA or DH key to PKCS #8 / SPKI for the kernel.
 *
 * Parsing and building DER is OpenSSL's libcrypto's job here; it does no
 * key operation.  Private material passes through it only on its way
 * into the kernel (C_CreateObject, which brought it) or out of it for a
 * key the kernel marks exportable (CKA_SENSITIVE false), and every buffer
 * that held some is cleared (OPENSSL_clear_free, BN_clear_free).
 */
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>

#include "p11.h"

/* namedCurve OIDs, DER */
static const uint8_t oid_p256[] = {
	0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 };
static const uint8_t oid_p384[] = { 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22 };
static const uint8_t oid_ed25519[] = { 0x06, 0x03, 0x2b, 0x65, 0x70 };
static const uint8_t oid_x25519[] = { 0x06, 0x03, 0x2b, 0x65, 0x6e };
/* PKCS #11 3.0 also names the curves by PrintableString */
static const uint8_t str_ed25519[] = {
	0x13, 0x0c, 'e', 'd', 'w', 'a', 'r', 'd', 's', '2', '5', '5', '1', '9' };
static const uint8_t str_x25519[] = {
	0x13, 0x0a, 'c', 'u', 'r', 'v', 'e', '2', '5', '5', '1', '9' };

#define EQ(p, len, c) ((len) == sizeof(c) && !memcmp((p), (c), sizeof(c)))

int p11_ec_params_bits(const uint8_t *p, size_t len)
{
	if (EQ(p, len, oid_p256))
		return 256;
	if (EQ(p, len, oid_p384))
		return 384;
	return -1;
}

CK_RV p11_ec_params_of(uint32_t bits, const uint8_t **p, size_t *len)
{
	if (bits == 256) {
		*p = oid_p256;
		*len = sizeof(oid_p256);
	} else if (bits == 384) {
		*p = oid_p384;
		*len = sizeof(oid_p384);
	} else {
		return CKR_CURVE_NOT_SUPPORTED;
	}
	return CKR_OK;
}

int p11_edwards_params_ok(const uint8_t *p, size_t len, bool montgomery)
{
	if (montgomery)
		return EQ(p, len, oid_x25519) || EQ(p, len, str_x25519);
	return EQ(p, len, oid_ed25519) || EQ(p, len, str_ed25519);
}

const uint8_t *p11_ed25519_params(size_t *len)
{
	*len = sizeof(oid_ed25519);
	return oid_ed25519;
}

const uint8_t *p11_x25519_params(size_t *len)
{
	*len = sizeof(oid_x25519);
	return oid_x25519;
}

CK_RV p11_octet_wrap(const uint8_t *in, size_t len, uint8_t **out,
		     size_t *olen)
{
	size_t hl = len < 128 ? 2 : len < 256 ? 3 : 4;
	uint8_t *b;

	if (len > 0xffff)
		return CKR_ATTRIBUTE_VALUE_INVALID;
	b = malloc(hl + len);
	if (!b)
		return CKR_HOST_MEMORY;
	b[0] = 0x04;
	if (hl == 2) {
		b[1] = len;
	} else if (hl == 3) {
		b[1] = 0x81;
		b[2] = len;
	} else {
		b[1] = 0x82;
		b[2] = len >> 8;
		b[3] = len;
	}
	memcpy(b + hl, in, len);
	*out = b;
	*olen = hl + len;
	return CKR_OK;
}

CK_RV p11_octet_unwrap(const uint8_t *in, size_t len, const uint8_t **out,
		       size_t *olen)
{
	size_t l, hl;

	if (len >= 2 && in[0] == 0x04) {
		if (in[1] < 0x80) {
			l = in[1];
			hl = 2;
		} else if (in[1] == 0x81 && len >= 3) {
			l = in[2];
			hl = 3;
		} else if (in[1] == 0x82 && len >= 4) {
			l = (size_t)in[2] << 8 | in[3];
			hl = 4;
		} else {
			goto raw;
		}
		if (hl + l == len) {
			*out = in + hl;
			*olen = l;
			return CKR_OK;
		}
	}
raw:
	/* a raw point (some clients send one): uncompressed SEC1, or the
	 * 32 bytes of an Edwards/Montgomery key */
	if (len == 32 || (len >= 65 && in[0] == 0x04)) {
		*out = in;
		*olen = len;
		return CKR_OK;
	}
	return CKR_ATTRIBUTE_VALUE_INVALID;
}

/* ------------------------------------------------------------ OpenSSL */

static CK_RV set_bn_param(struct p11_attrs *as, CK_ATTRIBUTE_TYPE t,
			  const EVP_PKEY *pk, const char *name)
{
	BIGNUM *bn = NULL;
	uint8_t *b;
	int n;
	CK_RV rv;

	if (!EVP_PKEY_get_bn_param(pk, name, &bn))
		return CKR_DEVICE_ERROR;
	n = BN_num_bytes(bn);
	b = OPENSSL_malloc(n ? n : 1);
	if (!b) {
		BN_clear_free(bn);
		return CKR_HOST_MEMORY;
	}
	BN_bn2bin(bn, b);
	rv = p11_attrs_set(as, t, b, n);
	OPENSSL_clear_free(b, n ? n : 1);
	BN_clear_free(bn);
	return rv;
}

/* The public attributes of kt from a DER SubjectPublicKeyInfo: RSA
 * CKA_MODULUS, CKA_MODULUS_BITS, CKA_PUBLIC_EXPONENT; EC CKA_EC_PARAMS,
 * CKA_EC_POINT; Edwards/Montgomery the same with the 32-byte key; DSA
 * CKA_PRIME, CKA_SUBPRIME, CKA_BASE; DH CKA_PRIME, CKA_BASE; and, for a
 * public key object, CKA_VALUE (DSA/DH y).  Always CKA_PUBLIC_KEY_INFO. */
CK_RV p11_spki_attrs(const uint8_t *spki, size_t len, CK_KEY_TYPE kt,
		     bool public_obj, struct p11_attrs *as)
{
	const unsigned char *p = spki;
	EVP_PKEY *pk = d2i_PUBKEY(NULL, &p, len);
	uint8_t buf[200], *w;
	size_t bl = sizeof(buf), wl;
	CK_RV rv = CKR_OK;

	if (!pk)
		return CKR_DEVICE_ERROR;
	rv |= p11_attrs_set(as, CKA_PUBLIC_KEY_INFO, spki, len);
	switch (kt) {
	case CKK_RSA:
		rv |= set_bn_param(as, CKA_MODULUS, pk, OSSL_PKEY_PARAM_RSA_N);
		rv |= set_bn_param(as, CKA_PUBLIC_EXPONENT, pk,
				   OSSL_PKEY_PARAM_RSA_E);
		rv |= p11_attrs_set_ulong(as, CKA_MODULUS_BITS,
					  EVP_PKEY_get_bits(pk));
		break;
	case CKK_EC: {
		const uint8_t *op;
		size_t ol;

		if (p11_ec_params_of(EVP_PKEY_get_bits(pk), &op, &ol) ||
		    !EVP_PKEY_get_octet_string_param(pk,
					OSSL_PKEY_PARAM_PUB_KEY, buf,
					sizeof(buf), &bl)) {
			rv = CKR_DEVICE_ERROR;
			break;
		}
		rv |= p11_attrs_set(as, CKA_EC_PARAMS, op, ol);
		goto point;
	}
	case CKK_EC_EDWARDS:
	case CKK_EC_MONTGOMERY: {
		const uint8_t *op;
		size_t ol;

		if (!EVP_PKEY_get_raw_public_key(pk, buf, &bl)) {
			rv = CKR_DEVICE_ERROR;
			break;
		}
		op = kt == CKK_EC_EDWARDS ? p11_ed25519_params(&ol)
					  : p11_x25519_params(&ol);
		rv |= p11_attrs_set(as, CKA_EC_PARAMS, op, ol);
point:
		if (p11_octet_wrap(buf, bl, &w, &wl) != CKR_OK) {
			rv = CKR_HOST_MEMORY;
			break;
		}
		rv |= p11_attrs_set(as, CKA_EC_POINT, w, wl);
		free(w);
		break;
	}
	case CKK_DSA:
		rv |= set_bn_param(as, CKA_SUBPRIME, pk, OSSL_PKEY_PARAM_FFC_Q);
		/* fall through */
	case CKK_DH:
		rv |= set_bn_param(as, CKA_PRIME, pk, OSSL_PKEY_PARAM_FFC_P);
		rv |= set_bn_param(as, CKA_BASE, pk, OSSL_PKEY_PARAM_FFC_G);
		if (public_obj)
			rv |= set_bn_param(as, CKA_VALUE, pk,
					   OSSL_PKEY_PARAM_PUB_KEY);
		break;
	default:
		rv = CKR_DEVICE_ERROR;
	}
	EVP_PKEY_free(pk);
	return rv ? CKR_DEVICE_ERROR : CKR_OK;
}

/* One big-endian attribute into a param builder. */
static int push_bn(OSSL_PARAM_BLD *bld, const struct p11_attrs *as,
		   CK_ATTRIBUTE_TYPE t, const char *name, BIGNUM **keep)
{
	const struct p11_attr *a = p11_attrs_find(as, t);

	if (!a || !a->len)
		return 0;
	*keep = BN_bin2bn(a->val, a->len, NULL);
	return *keep && OSSL_PARAM_BLD_push_BN(bld, name, *keep);
}

struct bn_map {
	CK_ATTRIBUTE_TYPE t;
	const char *name;
};

static const struct bn_map rsa_priv[] = {
	{ CKA_MODULUS, OSSL_PKEY_PARAM_RSA_N },
	{ CKA_PUBLIC_EXPONENT, OSSL_PKEY_PARAM_RSA_E },
	{ CKA_PRIVATE_EXPONENT, OSSL_PKEY_PARAM_RSA_D },
	{ CKA_PRIME_1, OSSL_PKEY_PARAM_RSA_FACTOR1 },
	{ CKA_PRIME_2, OSSL_PKEY_PARAM_RSA_FACTOR2 },
	{ CKA_EXPONENT_1, OSSL_PKEY_PARAM_RSA_EXPONENT1 },
	{ CKA_EXPONENT_2, OSSL_PKEY_PARAM_RSA_EXPONENT2 },
	{ CKA_COEFFICIENT, OSSL_PKEY_PARAM_RSA_COEFFICIENT1 },
};
static const struct bn_map rsa_pub[] = {
	{ CKA_MODULUS, OSSL_PKEY_PARAM_RSA_N },
	{ CKA_PUBLIC_EXPONENT, OSSL_PKEY_PARAM_RSA_E },
};
static const struct bn_map dsa_priv[] = {
	{ CKA_PRIME, OSSL_PKEY_PARAM_FFC_P },
	{ CKA_SUBPRIME, OSSL_PKEY_PARAM_FFC_Q },
	{ CKA_BASE, OSSL_PKEY_PARAM_FFC_G },
	{ CKA_VALUE, OSSL_PKEY_PARAM_PRIV_KEY },
};
static const struct bn_map dsa_pub[] = {
	{ CKA_PRIME, OSSL_PKEY_PARAM_FFC_P },
	{ CKA_SUBPRIME, OSSL_PKEY_PARAM_FFC_Q },
	{ CKA_BASE, OSSL_PKEY_PARAM_FFC_G },
	{ CKA_VALUE, OSSL_PKEY_PARAM_PUB_KEY },
};
static const struct bn_map dh_priv[] = {
	{ CKA_PRIME, OSSL_PKEY_PARAM_FFC_P },
	{ CKA_BASE, OSSL_PKEY_PARAM_FFC_G },
	{ CKA_VALUE, OSSL_PKEY_PARAM_PRIV_KEY },
};
static const struct bn_map dh_pub[] = {
	{ CKA_PRIME, OSSL_PKEY_PARAM_FFC_P },
	{ CKA_BASE, OSSL_PKEY_PARAM_FFC_G },
	{ CKA_VALUE, OSSL_PKEY_PARAM_PUB_KEY },
};

/* An EVP_PKEY of the given selection (EVP_PKEY_KEYPAIR, _PUBLIC_KEY,
 * _KEY_PARAMETERS) from n big-endian attributes.  CKR_TEMPLATE_INCOMPLETE
 * if one is missing, CKR_ATTRIBUTE_VALUE_INVALID if OpenSSL refuses them. */
static CK_RV pkey_from_attrs(const struct p11_attrs *as,
			     const struct bn_map *m, size_t n,
			     const char *tname, int selection, EVP_PKEY **pk)
{
	BIGNUM *bns[8] = { 0 };
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	CK_RV rv = CKR_TEMPLATE_INCOMPLETE;

	*pk = NULL;
	if (!bld)
		return CKR_HOST_MEMORY;
	for (size_t i = 0; i < n && i < P11_ARRAY_SIZE(bns); i++)
		if (!push_bn(bld, as, m[i].t, m[i].name, &bns[i]))
			goto out;
	rv = CKR_ATTRIBUTE_VALUE_INVALID;
	params = OSSL_PARAM_BLD_to_param(bld);
	ctx = EVP_PKEY_CTX_new_from_name(NULL, tname, NULL);
	if (params && ctx && EVP_PKEY_fromdata_init(ctx) > 0 &&
	    EVP_PKEY_fromdata(ctx, pk, selection, params) > 0)
		rv = CKR_OK;
out:
	for (size_t i = 0; i < P11_ARRAY_SIZE(bns); i++)
		BN_clear_free(bns[i]);
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	return rv;
}

/* out (l bytes from an i2d_* call) into a malloc'd copy; out is cleared
 * and freed either way. */
static CK_RV take_der(unsigned char *out, int l, uint8_t **der, size_t *len)
{
	CK_RV rv = CKR_ATTRIBUTE_VALUE_INVALID;

	if (l > 0) {
		*der = malloc(l);
		rv = *der ? CKR_OK : CKR_HOST_MEMORY;
		if (*der) {
			memcpy(*der, out, l);
			*len = l;
		}
	}
	if (out)
		OPENSSL_clear_free(out, l > 0 ? l : 0);
	return rv;
}

/* PKCS #8 (private) or SPKI (public) DER of an RSA, DSA or DH key given
 * by its attributes.  CKR_TEMPLATE_INCOMPLETE if one is missing (RSA
 * private keys need the CRT parts too). */
CK_RV p11_der_from_attrs(const struct p11_attrs *as, CK_KEY_TYPE kt,
			 bool priv, uint8_t **der, size_t *len)
{
	const struct bn_map *m;
	size_t n;
	const char *tname;
	EVP_PKEY *pk;
	unsigned char *out = NULL;
	int l = -1;
	CK_RV rv;

	switch (kt) {
	case CKK_RSA:
		m = priv ? rsa_priv : rsa_pub;
		n = priv ? P11_ARRAY_SIZE(rsa_priv) : P11_ARRAY_SIZE(rsa_pub);
		tname = "RSA";
		break;
	case CKK_DSA:
		m = priv ? dsa_priv : dsa_pub;
		n = 4;
		tname = "DSA";
		break;
	case CKK_DH:
		m = priv ? dh_priv : dh_pub;
		n = 3;
		tname = "DH";	/* PKCS #3 parameters */
		break;
	default:
		return CKR_ATTRIBUTE_VALUE_INVALID;
	}
	rv = pkey_from_attrs(as, m, n, tname, priv ? EVP_PKEY_KEYPAIR
						    : EVP_PKEY_PUBLIC_KEY, &pk);
	if (rv != CKR_OK)
		return rv;
	if (priv) {
		PKCS8_PRIV_KEY_INFO *p8 = EVP_PKEY2PKCS8(pk);

		if (p8) {
			l = i2d_PKCS8_PRIV_KEY_INFO(p8, &out);
			PKCS8_PRIV_KEY_INFO_free(p8);
		}
	} else {
		l = i2d_PUBKEY(pk, &out);
	}
	EVP_PKEY_free(pk);
	return take_der(out, l, der, len);
}

/* Domain parameters for NCRIO_KEY_GENERATE_PAIR: DSA Dss-Parms from
 * CKA_PRIME/SUBPRIME/BASE, DH DHParameter from CKA_PRIME/BASE. */
CK_RV p11_der_params(const struct p11_attrs *as, CK_KEY_TYPE kt,
		     uint8_t **der, size_t *len)
{
	EVP_PKEY *pk;
	unsigned char *out = NULL;
	int l;
	CK_RV rv;

	rv = pkey_from_attrs(as, kt == CKK_DSA ? dsa_pub : dh_pub,
			     kt == CKK_DSA ? 3 : 2, kt == CKK_DSA ? "DSA" : "DH",
			     EVP_PKEY_KEY_PARAMETERS, &pk);
	if (rv != CKR_OK)
		return rv;
	l = i2d_KeyParams(pk, &out);
	EVP_PKEY_free(pk);
	return take_der(out, l, der, len);
}

/* A private attribute (CKA_PRIVATE_EXPONENT, CKA_PRIME_1, ..., DSA/DH
 * CKA_VALUE) out of an exported PKCS #8 key. */
CK_RV p11_pkcs8_attr(const uint8_t *p8der, size_t len, CK_KEY_TYPE kt,
		     CK_ATTRIBUTE_TYPE t, uint8_t **val, size_t *vlen)
{
	const struct bn_map *m = kt == CKK_RSA ? rsa_priv :
				 kt == CKK_DSA ? dsa_priv : dh_priv;
	size_t n = kt == CKK_RSA ? P11_ARRAY_SIZE(rsa_priv) :
		   kt == CKK_DSA ? 4 : 3;
	const unsigned char *p = p8der;
	PKCS8_PRIV_KEY_INFO *p8 = d2i_PKCS8_PRIV_KEY_INFO(NULL, &p, len);
	EVP_PKEY *pk = p8 ? EVP_PKCS82PKEY(p8) : NULL;
	struct p11_attrs tmp = { 0 };
	CK_RV rv = CKR_ATTRIBUTE_TYPE_INVALID;

	PKCS8_PRIV_KEY_INFO_free(p8);
	if (!pk)
		return CKR_DEVICE_ERROR;
	for (size_t i = 0; i < n; i++) {
		if (m[i].t != t)
			continue;
		rv = set_bn_param(&tmp, t, pk, m[i].name);
		if (rv == CKR_OK) {
			*val = tmp.a[0].val;
			*vlen = tmp.a[0].len;
			tmp.a[0].val = NULL;
			tmp.a[0].len = 0;
		}
		break;
	}
	p11_attrs_free(&tmp);
	EVP_PKEY_free(pk);
	return rv;
}
