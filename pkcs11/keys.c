// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * keys.c - the ncr key object behind every PKCS #11 key object:
 * its policy from the attributes (p11_key_policy), the attributes the
 * kernel knows (p11_key_fill), material from a template into the kernel
 * (p11_key_import), sensitive attributes out of it (p11_key_secret_attr),
 * and C_GenerateKey / C_GenerateKeyPair.
 *
 * The mapping, enforced by the kernel:
 *   CKA_SENSITIVE false        NCR_KEY_FLAG_EXPORTABLE (the value can be
 *                              read, so the kernel may export it)
 *   CKA_EXTRACTABLE true       NCR_KEY_FLAG_WRAPPABLE (under a TRUSTED
 *                              wrapping key only, unless also exportable)
 *   CKA_TRUSTED true           NCR_KEY_FLAG_TRUSTED (CAP_SYS_ADMIN)
 *   always                     NCR_KEY_FLAG_STORABLE (token objects are
 *                              storage blobs; C_CopyObject goes through one)
 *   CKA_ENCRYPT ... CKA_DERIVE NCR_KEY_USAGE_* (only those the key type has
 *                              a mechanism for)
 *   CKA_ALLOWED_MECHANISMS     the algorithm set (all the type's
 *                              mechanisms for the usage when absent)
 *   CKA_LOCAL, CKA_ALWAYS_SENSITIVE, CKA_NEVER_EXTRACTABLE come from the
 *   kernel's NCR_KEY_ATTR_* and cannot be claimed by a template.
 * An RSA private key of 1024 to 2047 bits brought in by C_CreateObject or
 * C_UnwrapKey gets NCR_KEY_FLAG_RSA_LEGACY: PKCS #11 applications
 * provision such keys and expect them to work; the kernel never generates
 * one (docs/pkcs11.md).
 */
#include <stdlib.h>
#include <string.h>

#include "p11.h"

uint32_t p11_ncr_type(CK_KEY_TYPE kt)
{
	switch (kt) {
	case CKK_AES: return NCR_KEY_TYPE_AES;
	case CKK_DES3: return NCR_KEY_TYPE_DES3;
	case CKK_CHACHA20: return NCR_KEY_TYPE_CHACHA20;
	case CKK_GENERIC_SECRET: case CKK_SHA_1_HMAC: case CKK_SHA224_HMAC:
	case CKK_SHA256_HMAC: case CKK_SHA384_HMAC: case CKK_SHA512_HMAC:
	case CKK_HKDF:
		return NCR_KEY_TYPE_HMAC;
	case CKK_RSA: return NCR_KEY_TYPE_RSA;
	case CKK_EC: return NCR_KEY_TYPE_EC;
	case CKK_EC_EDWARDS: return NCR_KEY_TYPE_ED25519;
	case CKK_EC_MONTGOMERY: return NCR_KEY_TYPE_X25519;
	case CKK_DSA: return NCR_KEY_TYPE_DSA;
	case CKK_DH: return NCR_KEY_TYPE_DH;
	}
	return 0;
}

static const struct {
	CK_ATTRIBUTE_TYPE a;
	uint32_t usage;
} usage_map[] = {
	{ CKA_ENCRYPT, NCR_KEY_USAGE_ENCRYPT },
	{ CKA_DECRYPT, NCR_KEY_USAGE_DECRYPT },
	{ CKA_SIGN, NCR_KEY_USAGE_SIGN },
	{ CKA_VERIFY, NCR_KEY_USAGE_VERIFY },
	{ CKA_WRAP, NCR_KEY_USAGE_WRAP },
	{ CKA_UNWRAP, NCR_KEY_USAGE_UNWRAP },
	{ CKA_DERIVE, NCR_KEY_USAGE_DERIVE },
};

CK_RV p11_key_policy(const struct p11_attrs *as, CK_OBJECT_CLASS cls,
		     CK_KEY_TYPE kt, struct ncr_key_policy *pol,
		     uint32_t *ncr_type)
{
	const struct p11_attr *allowed, *label;
	const CK_MECHANISM_TYPE *am = NULL;
	size_t nam = 0;
	uint32_t usage = 0, class_usage;
	bool b;

	memset(pol, 0, sizeof(*pol));
	*ncr_type = p11_ncr_type(kt);
	if (!*ncr_type)
		return CKR_ATTRIBUTE_VALUE_INVALID;
	switch (cls) {
	case CKO_SECRET_KEY:
		if (*ncr_type >= NCR_KEY_TYPE_RSA)
			return CKR_TEMPLATE_INCONSISTENT;
		class_usage = NCR_KEY_USAGE_ALL;
		break;
	case CKO_PRIVATE_KEY:
		class_usage = NCR_KEY_USAGE_DECRYPT | NCR_KEY_USAGE_SIGN |
			      NCR_KEY_USAGE_UNWRAP | NCR_KEY_USAGE_DERIVE;
		goto pk;
	case CKO_PUBLIC_KEY:
		class_usage = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_VERIFY |
			      NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_DERIVE;
pk:
		if (*ncr_type < NCR_KEY_TYPE_RSA)
			return CKR_TEMPLATE_INCONSISTENT;
		break;
	default:
		return CKR_TEMPLATE_INCONSISTENT;
	}
	allowed = p11_attrs_find(as, CKA_ALLOWED_MECHANISMS);
	if (allowed) {
		if (allowed->len % sizeof(CK_MECHANISM_TYPE))
			return CKR_ATTRIBUTE_VALUE_INVALID;
		am = (const CK_MECHANISM_TYPE *)allowed->val;
		nam = allowed->len / sizeof(CK_MECHANISM_TYPE);
	}
	for (size_t i = 0; i < P11_ARRAY_SIZE(usage_map); i++) {
		uint32_t u = usage_map[i].usage;

		if (!(class_usage & u) ||
		    !(p11_attrs_bool(as, usage_map[i].a, &b) && b))
			continue;
		/* a usage the type has no mechanism for adds nothing */
		if (p11_mech_algs(kt, u, am, allowed ? nam : 0) ||
		    (!allowed && p11_mech_algs(kt, u, NULL, 0)))
			usage |= u;
	}
	/* a public key whose attributes name nothing its type does (an
	 * X25519 public key with the default CKA_ENCRYPT/VERIFY/WRAP): it
	 * may do every public operation of its type, none of which needs a
	 * secret */
	if (!usage && cls == CKO_PUBLIC_KEY)
		for (size_t i = 0; i < P11_ARRAY_SIZE(usage_map); i++)
			if ((class_usage & usage_map[i].usage) &&
			    p11_mech_algs(kt, usage_map[i].usage, am,
					  allowed ? nam : 0))
				usage |= usage_map[i].usage;
	if (!usage)
		return CKR_TEMPLATE_INCONSISTENT;
	pol->usage = usage;
	pol->algs = p11_mech_algs(kt, usage, am, allowed ? nam : 0);
	if (!pol->algs)
		return CKR_TEMPLATE_INCONSISTENT;
	pol->flags = NCR_KEY_FLAG_STORABLE;
	if (cls != CKO_PUBLIC_KEY) {
		if (p11_attrs_bool(as, CKA_SENSITIVE, &b) && !b)
			pol->flags |= NCR_KEY_FLAG_EXPORTABLE;
		if (p11_attrs_bool(as, CKA_EXTRACTABLE, &b) && b)
			pol->flags |= NCR_KEY_FLAG_WRAPPABLE;
	}
	if (p11_attrs_bool(as, CKA_TRUSTED, &b) && b)
		pol->flags |= NCR_KEY_FLAG_TRUSTED;
	label = p11_attrs_find(as, CKA_LABEL);
	if (label && label->len) {
		pol->label = label->val;
		pol->label_len = label->len < NCR_KEY_LABEL_MAX ?
				 label->len : NCR_KEY_LABEL_MAX;
	}
	return CKR_OK;
}

CK_RV p11_key_fill(struct p11_attrs *as, uint32_t key, CK_OBJECT_CLASS cls,
		   CK_KEY_TYPE kt)
{
	struct ncr_key_info ki;
	CK_RV rv = CKR_OK;
	int err = ncr_key_get_info(p11.fd, key, &ki);

	if (err)
		return p11_rv(err);
	rv |= p11_attrs_set_bool(as, CKA_LOCAL, ki.attrs & NCR_KEY_ATTR_LOCAL);
	if (cls != CKO_PUBLIC_KEY) {
		rv |= p11_attrs_set_bool(as, CKA_ALWAYS_SENSITIVE,
					 ki.attrs &
					 NCR_KEY_ATTR_ALWAYS_SENSITIVE);
		rv |= p11_attrs_set_bool(as, CKA_NEVER_EXTRACTABLE,
					 ki.attrs &
					 NCR_KEY_ATTR_NEVER_EXTRACTABLE);
	}
	if (cls == CKO_SECRET_KEY) {
		rv |= p11_attrs_set_ulong(as, CKA_VALUE_LEN, ki.bits / 8);
	} else {
		uint8_t *spki = malloc(NCR_MAX_PKEY_BYTES);
		size_t len = NCR_MAX_PKEY_BYTES;

		if (!spki)
			return CKR_HOST_MEMORY;
		err = ncr_key_export_fmt(p11.fd, key, NCR_KEY_FORMAT_SPKI, spki,
					 &len);
		if (!err)
			rv |= p11_spki_attrs(spki, len, kt,
					     cls == CKO_PUBLIC_KEY, as);
		free(spki);
		if (err)
			return p11_rv(err);
	}
	return rv ? CKR_DEVICE_ERROR : CKR_OK;
}

bool p11_attr_is_secret(CK_OBJECT_CLASS cls, CK_ATTRIBUTE_TYPE type)
{
	if (cls == CKO_SECRET_KEY)
		return type == CKA_VALUE;
	if (cls != CKO_PRIVATE_KEY)
		return false;
	switch (type) {
	case CKA_VALUE: case CKA_PRIVATE_EXPONENT: case CKA_PRIME_1:
	case CKA_PRIME_2: case CKA_EXPONENT_1: case CKA_EXPONENT_2:
	case CKA_COEFFICIENT:
		return true;
	}
	return false;
}

CK_RV p11_key_secret_attr(struct p11_object *o, CK_ATTRIBUTE_TYPE type,
			  uint8_t **val, size_t *len)
{
	uint8_t *buf;
	size_t blen = NCR_MAX_PKEY_BYTES;
	uint32_t key, fmt;
	CK_RV rv;
	int err;
	bool b;

	if (p11_attrs_bool(&o->attrs, CKA_SENSITIVE, &b) && b)
		return CKR_ATTRIBUTE_SENSITIVE;
	if (o->cls == CKO_PRIVATE_KEY && type != CKA_VALUE &&
	    o->ktype != CKK_RSA)
		return CKR_ATTRIBUTE_TYPE_INVALID;
	if (o->cls == CKO_PRIVATE_KEY && type == CKA_VALUE &&
	    o->ktype == CKK_RSA)
		return CKR_ATTRIBUTE_TYPE_INVALID;
	rv = p11_object_key(o, &key);
	if (rv != CKR_OK)
		return rv;
	buf = malloc(blen);
	if (!buf)
		return CKR_HOST_MEMORY;
	fmt = o->cls == CKO_SECRET_KEY ? NCR_KEY_FORMAT_RAW :
	      (o->ktype == CKK_EC || o->ktype == CKK_EC_EDWARDS ||
	       o->ktype == CKK_EC_MONTGOMERY) ? NCR_KEY_FORMAT_RAW :
	      NCR_KEY_FORMAT_PKCS8;
	err = ncr_key_export_fmt(p11.fd, key, fmt, buf, &blen);
	if (err) {
		free(buf);
		/* the kernel is the judge: not exportable is sensitive */
		return err == -EPERM ? CKR_ATTRIBUTE_SENSITIVE : p11_rv(err);
	}
	if (fmt == NCR_KEY_FORMAT_PKCS8) {
		rv = p11_pkcs8_attr(buf, blen, o->ktype, type, val, len);
		p11_wipe(buf, blen);
		free(buf);
		return rv;
	}
	*val = buf;
	*len = blen;
	return CKR_OK;
}

/* Removes the private attributes of a key template, wiping them. */
static void drop_private(struct p11_attrs *as, CK_OBJECT_CLASS cls)
{
	static const CK_ATTRIBUTE_TYPE t[] = {
		CKA_VALUE, CKA_PRIVATE_EXPONENT, CKA_PRIME_1, CKA_PRIME_2,
		CKA_EXPONENT_1, CKA_EXPONENT_2, CKA_COEFFICIENT,
	};

	for (size_t i = 0; i < P11_ARRAY_SIZE(t); i++)
		if (p11_attr_is_secret(cls, t[i]))
			p11_attrs_del(as, t[i]);
}

static int curve_bits(const struct p11_attrs *as, CK_KEY_TYPE kt)
{
	const struct p11_attr *p = p11_attrs_find(as, CKA_EC_PARAMS);

	if (kt == CKK_EC)
		return p ? p11_ec_params_bits(p->val, p->len) : -1;
	if (p && !p11_edwards_params_ok(p->val, p->len,
					kt == CKK_EC_MONTGOMERY))
		return -1;
	return 255;
}

CK_RV p11_key_import(struct p11_session *s, struct p11_attrs *as,
		     CK_OBJECT_CLASS cls, CK_KEY_TYPE kt, uint32_t *key)
{
	struct ncr_key_policy pol;
	const struct p11_attr *v;
	uint8_t *der = NULL;
	const uint8_t *data;
	size_t len;
	uint32_t type, fmt, bits = 0;
	CK_ULONG vlen;
	CK_RV rv;
	int err;

	(void)s;
	rv = p11_key_policy(as, cls, kt, &pol, &type);
	if (rv != CKR_OK)
		return rv;
	switch (kt) {
	case CKK_RSA: case CKK_DSA: case CKK_DH:
		rv = p11_der_from_attrs(as, kt, cls == CKO_PRIVATE_KEY, &der,
					&len);
		if (rv != CKR_OK)
			return rv;
		data = der;
		fmt = cls == CKO_PRIVATE_KEY ? NCR_KEY_FORMAT_PKCS8
					     : NCR_KEY_FORMAT_SPKI;
		break;
	case CKK_EC: case CKK_EC_EDWARDS: case CKK_EC_MONTGOMERY: {
		int cb = curve_bits(as, kt);

		if (cb < 0)
			return CKR_CURVE_NOT_SUPPORTED;
		bits = kt == CKK_EC ? (uint32_t)cb : 0;
		if (cls == CKO_PRIVATE_KEY) {
			v = p11_attrs_find(as, CKA_VALUE);
			if (!v || !v->len)
				return CKR_TEMPLATE_INCOMPLETE;
			data = v->val;
			len = v->len;
			fmt = NCR_KEY_FORMAT_RAW;
		} else {
			v = p11_attrs_find(as, CKA_EC_POINT);
			if (!v)
				return CKR_TEMPLATE_INCOMPLETE;
			rv = p11_octet_unwrap(v->val, v->len, &data, &len);
			if (rv != CKR_OK)
				return rv;
			fmt = NCR_KEY_FORMAT_RAW_PUBLIC;
		}
		break;
	}
	default:		/* secret keys */
		v = p11_attrs_find(as, CKA_VALUE);
		if (!v || !v->len)
			return CKR_TEMPLATE_INCOMPLETE;
		if (p11_attrs_ulong(as, CKA_VALUE_LEN, &vlen) && vlen != v->len)
			return CKR_TEMPLATE_INCONSISTENT;
		data = v->val;
		len = v->len;
		fmt = 0;	/* raw bytes; bits stays 0 (ncr.h) */
		break;
	}
	if (kt == CKK_RSA && cls == CKO_PRIVATE_KEY) {
		const struct p11_attr *n = p11_attrs_find(as, CKA_MODULUS);
		size_t nb = n ? n->len : 0;

		while (nb && n && !n->val[n->len - nb])
			nb--;
		if (nb * 8 < 2048)
			pol.flags |= NCR_KEY_FLAG_RSA_LEGACY;
	}
	err = ncr_key_import_ex(p11.fd, type, fmt, bits, data, len, &pol,
				key);
	if (der) {
		p11_wipe(der, len);
		free(der);
	}
	drop_private(as, cls);
	if (err)
		return err == -EINVAL || err == -EBADMSG ?
		       CKR_ATTRIBUTE_VALUE_INVALID : p11_rv(err);
	rv = p11_key_fill(as, *key, cls, kt);
	/* the application had the bytes: never "always sensitive", even
	 * when the kernel vouches for a key root imported */
	if (rv == CKR_OK && cls != CKO_PUBLIC_KEY)
		rv = p11_attrs_set_bool(as, CKA_ALWAYS_SENSITIVE, false);
	if (rv != CKR_OK) {
		ncr_key_deinit(p11.fd, *key);
		*key = 0;
	}
	return rv;
}

/* --------------------------------------------------------- generation */

static CK_RV secret_len(const struct p11_attrs *as, CK_MECHANISM_TYPE m,
			uint32_t *bytes)
{
	CK_ULONG v;
	bool have = p11_attrs_ulong(as, CKA_VALUE_LEN, &v);

	switch (m) {
	case CKM_DES3_KEY_GEN:
		if (have && v != 24)
			return CKR_ATTRIBUTE_VALUE_INVALID;
		*bytes = 24;
		return CKR_OK;
	case CKM_CHACHA20_KEY_GEN:
		if (have && v != 32)
			return CKR_ATTRIBUTE_VALUE_INVALID;
		*bytes = 32;
		return CKR_OK;
	case CKM_AES_KEY_GEN:
		if (!have)
			return CKR_TEMPLATE_INCOMPLETE;
		if (v != 16 && v != 24 && v != 32)
			return CKR_ATTRIBUTE_VALUE_INVALID;
		break;
	default:		/* generic secret */
		if (!have)
			return CKR_TEMPLATE_INCOMPLETE;
		if (v < 1 || v > NCR_MAX_HMAC_KEY_BYTES)
			return CKR_ATTRIBUTE_VALUE_INVALID;
		break;
	}
	*bytes = v;
	return CKR_OK;
}

static CK_RV generate_key(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR m,
			  CK_ATTRIBUTE_PTR t, CK_ULONG n,
			  CK_OBJECT_HANDLE_PTR ph)
{
	struct p11_session *s = p11_session_get(hSession);
	struct p11_attrs as = { 0 };
	struct ncr_key_policy pol;
	struct p11_object *o;
	CK_KEY_TYPE kt;
	uint32_t type, bytes, key;
	CK_RV rv;
	bool b;
	int err;

	if (!s)
		return CKR_SESSION_HANDLE_INVALID;
	if (!m || !ph || (!t && n))
		return CKR_ARGUMENTS_BAD;
	switch (m->mechanism) {
	case CKM_AES_KEY_GEN: kt = CKK_AES; break;
	case CKM_DES3_KEY_GEN: kt = CKK_DES3; break;
	case CKM_CHACHA20_KEY_GEN: kt = CKK_CHACHA20; break;
	case CKM_GENERIC_SECRET_KEY_GEN: kt = CKK_GENERIC_SECRET; break;
	case CKM_PKCS5_PBKD2: kt = CK_UNAVAILABLE_INFORMATION; break;
	default:
		return CKR_MECHANISM_INVALID;
	}
	if (m->mechanism != CKM_PKCS5_PBKD2 && m->ulParameterLen)
		return CKR_MECHANISM_PARAM_INVALID;
	rv = p11_attrs_from_template(&as, t, n);
	if (rv != CKR_OK)
		goto free_as;
	if (kt == CK_UNAVAILABLE_INFORMATION &&
	    !p11_attrs_ulong(&as, CKA_KEY_TYPE, &kt))
		kt = CKK_GENERIC_SECRET;
	/* HMAC key types: a generic secret by another name */
	if (m->mechanism == CKM_GENERIC_SECRET_KEY_GEN &&
	    p11_attrs_ulong(&as, CKA_KEY_TYPE, &kt) &&
	    p11_ncr_type(kt) != NCR_KEY_TYPE_HMAC) {
		rv = CKR_TEMPLATE_INCONSISTENT;
		goto free_as;
	}
	rv = p11_object_defaults(s, &as, CKO_SECRET_KEY, kt);
	if (rv != CKR_OK)
		goto free_as;
	if (p11_attrs_find(&as, CKA_VALUE)) {
		rv = CKR_ATTRIBUTE_READ_ONLY;
		goto free_as;
	}
	rv = p11_object_may_write(s, p11_attrs_bool(&as, CKA_TOKEN, &b) && b,
				  p11_attrs_bool(&as, CKA_PRIVATE, &b) && b);
	if (rv != CKR_OK)
		goto free_as;
	if (m->mechanism == CKM_PKCS5_PBKD2) {
		rv = p11_pbkdf2_generate(s, m, &as, ph);
		goto free_as;
	}
	rv = secret_len(&as, m->mechanism, &bytes);
	if (rv != CKR_OK)
		goto free_as;
	rv = p11_key_policy(&as, CKO_SECRET_KEY, kt, &pol, &type);
	if (rv != CKR_OK)
		goto free_as;
	err = ncr_key_generate_ex(p11.fd, type, bytes * 8, &pol, &key);
	if (err) {
		rv = err == -EPERM ? CKR_TEMPLATE_INCONSISTENT : p11_rv(err);
		goto free_as;
	}
	rv = p11_attrs_set_ulong(&as, CKA_KEY_GEN_MECHANISM, m->mechanism);
	if (rv == CKR_OK)
		rv = p11_key_fill(&as, key, CKO_SECRET_KEY, kt);
	if (rv != CKR_OK) {
		ncr_key_deinit(p11.fd, key);
		goto free_as;
	}
	rv = p11_object_new(s, &as, key, &o);
	if (rv == CKR_OK)
		*ph = o->handle;
	return rv;
free_as:
	p11_attrs_free(&as);
	return rv;
}

P11_EXPORT CK_RV C_GenerateKey(CK_SESSION_HANDLE hSession,
			       CK_MECHANISM_PTR pMechanism,
			       CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount,
			       CK_OBJECT_HANDLE_PTR phKey)
{
	P11_ENTER();
	P11_RETURN(generate_key(hSession, pMechanism, pTemplate, ulCount,
				phKey));
}

/* Size and parameters of a pair from the public template. */
static CK_RV pair_params(CK_MECHANISM_TYPE m, struct p11_attrs *pub,
			 CK_KEY_TYPE *kt, uint32_t *bits, uint8_t **params,
			 size_t *plen)
{
	const struct p11_attr *a;
	CK_ULONG v;
	int cb;

	*params = NULL;
	*plen = 0;
	*bits = 0;
	switch (m) {
	case CKM_RSA_PKCS_KEY_PAIR_GEN:
		*kt = CKK_RSA;
		if (!p11_attrs_ulong(pub, CKA_MODULUS_BITS, &v))
			return CKR_TEMPLATE_INCOMPLETE;
		if (v < 2048 || v > 4096 || v % 8)
			return CKR_ATTRIBUTE_VALUE_INVALID;
		*bits = v;
		a = p11_attrs_find(pub, CKA_PUBLIC_EXPONENT);
		if (a && a->len) {
			*params = malloc(a->len);
			if (!*params)
				return CKR_HOST_MEMORY;
			memcpy(*params, a->val, a->len);
			*plen = a->len;
			/* the public object gets the kernel's value */
		}
		p11_attrs_del(pub, CKA_PUBLIC_EXPONENT);
		return CKR_OK;
	case CKM_EC_KEY_PAIR_GEN:
		*kt = CKK_EC;
		a = p11_attrs_find(pub, CKA_EC_PARAMS);
		if (!a)
			return CKR_TEMPLATE_INCOMPLETE;
		cb = p11_ec_params_bits(a->val, a->len);
		if (cb < 0)
			return CKR_CURVE_NOT_SUPPORTED;
		*bits = cb;
		return CKR_OK;
	case CKM_EC_EDWARDS_KEY_PAIR_GEN:
	case CKM_EC_MONTGOMERY_KEY_PAIR_GEN:
		*kt = m == CKM_EC_EDWARDS_KEY_PAIR_GEN ? CKK_EC_EDWARDS
						       : CKK_EC_MONTGOMERY;
		a = p11_attrs_find(pub, CKA_EC_PARAMS);
		if (a && !p11_edwards_params_ok(a->val, a->len,
						*kt == CKK_EC_MONTGOMERY))
			return CKR_CURVE_NOT_SUPPORTED;
		*bits = 255;
		return CKR_OK;
	case CKM_DSA_KEY_PAIR_GEN:
	case CKM_DH_PKCS_KEY_PAIR_GEN:
		*kt = m == CKM_DSA_KEY_PAIR_GEN ? CKK_DSA : CKK_DH;
		a = p11_attrs_find(pub, CKA_PRIME);
		if (!a)
			return CKR_TEMPLATE_INCOMPLETE;
		*bits = a->len * 8;
		return p11_der_params(pub, *kt, params, plen);
	}
	return CKR_MECHANISM_INVALID;
}

static CK_RV generate_pair(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR m,
			   CK_ATTRIBUTE_PTR pt, CK_ULONG pn,
			   CK_ATTRIBUTE_PTR qt, CK_ULONG qn,
			   CK_OBJECT_HANDLE_PTR ph_pub,
			   CK_OBJECT_HANDLE_PTR ph_priv)
{
	struct p11_session *s = p11_session_get(hSession);
	struct p11_attrs pub = { 0 }, priv = { 0 };
	struct ncr_key_policy ppol, qpol;
	struct p11_object *po, *qo;
	uint8_t *params = NULL;
	size_t plen;
	uint32_t type, bits, kpub = 0, kpriv = 0;
	CK_KEY_TYPE kt;
	CK_RV rv;
	bool b;
	int err;

	if (!s)
		return CKR_SESSION_HANDLE_INVALID;
	if (!m || !ph_pub || !ph_priv || (!pt && pn) || (!qt && qn))
		return CKR_ARGUMENTS_BAD;
	if (m->ulParameterLen)
		return CKR_MECHANISM_PARAM_INVALID;
	rv = p11_attrs_from_template(&pub, pt, pn);
	if (rv == CKR_OK)
		rv = p11_attrs_from_template(&priv, qt, qn);
	if (rv != CKR_OK)
		goto free_attrs;
	rv = pair_params(m->mechanism, &pub, &kt, &bits, &params, &plen);
	if (rv != CKR_OK)
		goto free_attrs;
	rv = p11_object_defaults(s, &pub, CKO_PUBLIC_KEY, kt);
	if (rv == CKR_OK)
		rv = p11_object_defaults(s, &priv, CKO_PRIVATE_KEY, kt);
	if (rv != CKR_OK)
		goto free_params;
	rv = p11_object_may_write(s, p11_attrs_bool(&pub, CKA_TOKEN, &b) && b,
				  p11_attrs_bool(&pub, CKA_PRIVATE, &b) && b);
	if (rv == CKR_OK)
		rv = p11_object_may_write(s,
			p11_attrs_bool(&priv, CKA_TOKEN, &b) && b,
			p11_attrs_bool(&priv, CKA_PRIVATE, &b) && b);
	if (rv != CKR_OK)
		goto free_params;
	rv = p11_key_policy(&pub, CKO_PUBLIC_KEY, kt, &ppol, &type);
	if (rv == CKR_OK)
		rv = p11_key_policy(&priv, CKO_PRIVATE_KEY, kt, &qpol, &type);
	if (rv != CKR_OK)
		goto free_params;
	err = ncr_key_generate_pair_ex(p11.fd, type, bits, 0, params, plen,
				       &qpol, &ppol, &kpriv, &kpub);
	if (err) {
		rv = err == -EPERM ? CKR_TEMPLATE_INCONSISTENT : p11_rv(err);
		goto free_params;
	}
	rv = p11_attrs_set_ulong(&pub, CKA_KEY_GEN_MECHANISM, m->mechanism);
	rv |= p11_attrs_set_ulong(&priv, CKA_KEY_GEN_MECHANISM, m->mechanism);
	if (rv == CKR_OK)
		rv = p11_key_fill(&pub, kpub, CKO_PUBLIC_KEY, kt);
	if (rv == CKR_OK)
		rv = p11_key_fill(&priv, kpriv, CKO_PRIVATE_KEY, kt);
	if (rv != CKR_OK) {
		ncr_key_deinit(p11.fd, kpub);
		ncr_key_deinit(p11.fd, kpriv);
		goto free_params;
	}
	free(params);
	rv = p11_object_new(s, &priv, kpriv, &qo);
	if (rv != CKR_OK) {
		ncr_key_deinit(p11.fd, kpub);
		p11_attrs_free(&pub);
		return rv;
	}
	rv = p11_object_new(s, &pub, kpub, &po);
	if (rv != CKR_OK) {
		/* no half-made pair: the private object goes too */
		struct p11_object **pp;

		if (qo->token)
			p11_store_remove(qo);
		for (pp = &p11.objects; *pp; pp = &(*pp)->next)
			if (*pp == qo) {
				*pp = qo->next;
				break;
			}
		p11_object_free(qo);
		return rv;
	}
	*ph_pub = po->handle;
	*ph_priv = qo->handle;
	return CKR_OK;
free_params:
	free(params);
free_attrs:
	p11_attrs_free(&pub);
	p11_attrs_free(&priv);
	return rv;
}

P11_EXPORT CK_RV C_GenerateKeyPair(CK_SESSION_HANDLE hSession,
				   CK_MECHANISM_PTR pMechanism,
				   CK_ATTRIBUTE_PTR pPublicKeyTemplate,
				   CK_ULONG ulPublicKeyAttributeCount,
				   CK_ATTRIBUTE_PTR pPrivateKeyTemplate,
				   CK_ULONG ulPrivateKeyAttributeCount,
				   CK_OBJECT_HANDLE_PTR phPublicKey,
				   CK_OBJECT_HANDLE_PTR phPrivateKey)
{
	P11_ENTER();
	P11_RETURN(generate_pair(hSession, pMechanism, pPublicKeyTemplate,
				 ulPublicKeyAttributeCount,
				 pPrivateKeyTemplate,
				 ulPrivateKeyAttributeCount, phPublicKey,
				 phPrivateKey));
}
