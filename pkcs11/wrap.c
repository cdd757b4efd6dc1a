/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * wrap.c - key transport and key derivation: C_WrapKey, C_UnwrapKey,
 * C_DeriveKey, and C_GenerateKey's CKM_PKCS5_PBKD2 (p11_pbkdf2_generate).
 *
 * Every key here is an ncr key object, and every operation is one ioctl:
 *   CKM_AES_KEY_WRAP              NCR_WALG_AES_RFC3394 (RFC 3394)
 *   CKM_AES_KEY_WRAP_PAD/_KWP     NCR_WALG_AES_RFC5649 (RFC 5649)
 *   CKM_RSA_PKCS_OAEP             NCR_WALG_RSA_OAEP (SHA-256, MGF1-SHA-256,
 *                                 empty label: the only parameters taken)
 *   CKM_ECDH1_DERIVE              NCR_ALG_ECDH / NCR_ALG_X25519 (CKD_NULL)
 *   CKM_DH_PKCS_DERIVE            NCR_ALG_DH
 *   CKM_HKDF_DERIVE               NCR_ALG_HKDF_SHA256/384/512 (extract and
 *                                 expand together, as ncr runs it)
 *   CKM_PKCS5_PBKD2               NCR_ALG_PBKDF2_SHA1/256/512
 * Only secret keys are wrapped or unwrapped: ncr wraps the material of
 * secret keys only (a private key is CKR_KEY_NOT_WRAPPABLE).
 *
 * The rules, PKCS #11's first, then the kernel's on top of them:
 *  - The wrapping key needs CKA_WRAP, the unwrapping key CKA_UNWRAP, a
 *    base key CKA_DERIVE (CKR_KEY_FUNCTION_NOT_PERMITTED), and each the
 *    mechanism in CKA_ALLOWED_MECHANISMS.
 *  - A key leaves wrapped only if CKA_EXTRACTABLE (CKR_KEY_UNEXTRACTABLE);
 *    with CKA_WRAP_WITH_TRUSTED only under a CKA_TRUSTED key
 *    (CKR_KEY_NOT_WRAPPABLE).
 *  - The kernel wraps a key that is not NCR_KEY_FLAG_EXPORTABLE (that is,
 *    CKA_SENSITIVE) only under an NCR_KEY_FLAG_TRUSTED key, which no
 *    process without CAP_SYS_ADMIN can make and which can do nothing but
 *    wrap.  This is what defeats the attacks of Clulow and of the Tookan
 *    study on PKCS #11 tokens: "wrap the sensitive key under a key that
 *    may also decrypt, then C_Decrypt the wrapped bytes", or "wrap it
 *    under a key the caller imported and knows".  Neither key can wrap a
 *    sensitive key here, whatever attributes the caller sets.  We check
 *    the same rule from the key's kernel flags first, to answer
 *    CKR_KEY_NOT_WRAPPABLE; the kernel's -EPERM says the same.
 *  - The other direction: an unwrapped key may be exportable only when
 *    the unwrapping key itself is exportable (the kernel's rule), so an
 *    unwrapping key the caller cannot read is never a decryption oracle
 *    for whatever bytes are handed to it as a "wrapped key"
 *    (CKR_TEMPLATE_INCONSISTENT).  Under a TRUSTED key the policy travels
 *    in an envelope and an unwrapped key is never wider than it was.
 *  - Unwrapped and derived keys are never CKA_LOCAL, and never
 *    CKA_ALWAYS_SENSITIVE unless the kernel says so (an HKDF output of an
 *    always-sensitive source that is not exportable): p11_key_fill reads
 *    those from the kernel, which sets them, not from the template.
 *  - A derived key is never TRUSTED (the caller chooses the peer value,
 *    the salt and the info, or knows the password); an unwrapped one
 *    only when the SO asks (CKA_TRUSTED is the SO's, as at
 *    C_CreateObject) and the kernel agrees (CAP_SYS_ADMIN).
 *  - A key agreement gives the raw shared secret, of the group's length:
 *    ncr cannot truncate it to a shorter CKA_VALUE_LEN, so that is
 *    refused (CKR_TEMPLATE_INCONSISTENT) rather than made wrong.
 *  - CKA_WRAP_TEMPLATE / CKA_UNWRAP_TEMPLATE cannot be honoured (their
 *    values hold the creator's pointers): a key that has one wraps or
 *    unwraps nothing, rather than ignore it.
 * No key material passes through this file: wrapped bytes go straight
 * between the caller's buffers and the kernel, and every derived or
 * unwrapped value is made in the kernel.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "crypto.h"

/* -------------------------------------------------------------- helpers */

/* The kernel's view of a key (flags, usage, set, bits, class). */
static CK_RV key_info(uint32_t key, struct ncr_key_info *info)
{
	int err;

	memset(info, 0, sizeof(*info));
	err = ncr_key_get_info(p11.fd, key, info);
	return err ? p11_rv(err) : CKR_OK;
}

/* A CK_BBOOL attribute, false when absent. */
static bool attr_true(const struct p11_attrs *as, CK_ATTRIBUTE_TYPE type)
{
	bool v = false;

	return p11_attrs_bool(as, type, &v) && v;
}

/* A key object (its handle, NULL if none or not a key). */
static struct p11_object *key_object(struct p11_session *s,
				     CK_OBJECT_HANDLE h)
{
	struct p11_object *o = p11_object_get(s, h);

	return o && o->ktype != CK_UNAVAILABLE_INFORMATION ? o : NULL;
}

/* An attribute holding a (non-empty) template of the object's creator. */
static bool has_template_attr(const struct p11_attrs *as,
			      CK_ATTRIBUTE_TYPE type)
{
	const struct p11_attr *a = p11_attrs_find(as, type);

	return a && a->len;
}

/* AES key wrap's parameter: none, or the default IV of its RFC. */
static bool kw_iv_ok(const CK_MECHANISM *m, const uint8_t *iv, size_t len)
{
	const void *p = p11_mech_param(m, len);

	return !m->ulParameterLen || (p && !memcmp(p, iv, len));
}

/*
 * The wrapping mechanism's ncr algorithm.  AES key wrap takes no
 * parameter or the default IV of its RFC (the only one ncr has); RSA-OAEP
 * the one parameter set ncr wraps with.
 */
static CK_RV wrap_mech(const CK_MECHANISM *m, uint32_t *walg)
{
	static const uint8_t kw_iv[8] = {
		0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6
	};
	static const uint8_t kwp_iv[4] = { 0xa6, 0x59, 0x59, 0xa6 };
	const CK_RSA_PKCS_OAEP_PARAMS *oaep;

	switch (m->mechanism) {
	case CKM_AES_KEY_WRAP:
		if (!kw_iv_ok(m, kw_iv, sizeof(kw_iv)))
			return CKR_MECHANISM_PARAM_INVALID;
		*walg = NCR_WALG_AES_RFC3394;
		return CKR_OK;
	case CKM_AES_KEY_WRAP_PAD:
	case CKM_AES_KEY_WRAP_KWP:
		if (!kw_iv_ok(m, kwp_iv, sizeof(kwp_iv)))
			return CKR_MECHANISM_PARAM_INVALID;
		*walg = NCR_WALG_AES_RFC5649;
		return CKR_OK;
	case CKM_RSA_PKCS_OAEP:
		oaep = p11_mech_param(m, sizeof(*oaep));
		if (!oaep)
			return CKR_MECHANISM_PARAM_INVALID;
		if (oaep->hashAlg != CKM_SHA256 ||
		    oaep->mgf != CKG_MGF1_SHA256 ||
		    (oaep->source && oaep->source != CKZ_DATA_SPECIFIED) ||
		    oaep->ulSourceDataLen)
			return CKR_MECHANISM_PARAM_INVALID;
		*walg = NCR_WALG_RSA_OAEP;
		return CKR_OK;
	default:
		return CKR_MECHANISM_INVALID;
	}
}

/*
 * The (un)wrapping key against the mechanism: its type and class, the
 * CKA_WRAP / CKA_UNWRAP permission and CKA_ALLOWED_MECHANISMS; then its
 * ncr key (*key).
 */
static CK_RV kek_open(struct p11_object *o, const CK_MECHANISM *m,
		      uint32_t walg, bool wrap, uint32_t *key)
{
	CK_RV inconsistent = wrap ? CKR_WRAPPING_KEY_TYPE_INCONSISTENT :
				    CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT;
	CK_RV rv;

	if (walg == NCR_WALG_RSA_OAEP) {
		if (o->ktype != CKK_RSA)
			return inconsistent;
		/* a public key wraps; only the private key unwraps */
		if (o->cls != CKO_PRIVATE_KEY &&
		    !(wrap && o->cls == CKO_PUBLIC_KEY))
			return inconsistent;
	} else if (o->cls != CKO_SECRET_KEY || o->ktype != CKK_AES) {
		return inconsistent;
	}
	if (!attr_true(&o->attrs, wrap ? CKA_WRAP : CKA_UNWRAP))
		return CKR_KEY_FUNCTION_NOT_PERMITTED;
	if (!p11_mech_allowed(o, m->mechanism))
		return CKR_MECHANISM_INVALID;
	if (has_template_attr(&o->attrs, wrap ? CKA_WRAP_TEMPLATE :
						CKA_UNWRAP_TEMPLATE))
		return CKR_KEY_FUNCTION_NOT_PERMITTED;
	rv = p11_object_key(o, key);
	if (rv == CKR_KEY_HANDLE_INVALID)
		rv = wrap ? CKR_WRAPPING_KEY_HANDLE_INVALID :
			    CKR_UNWRAPPING_KEY_HANDLE_INVALID;
	return rv;
}

/* The wrapping mechanism's ncr algorithm (*walg) and the (un)wrapping
 * key object (*o). */
static CK_RV kek_find(struct p11_session *s, CK_OBJECT_HANDLE h,
		      const CK_MECHANISM *m, bool wrap, uint32_t *walg,
		      struct p11_object **o)
{
	CK_RV rv = wrap_mech(m, walg);

	if (rv != CKR_OK)
		return rv;
	*o = key_object(s, h);
	if (!*o)
		return wrap ? CKR_WRAPPING_KEY_HANDLE_INVALID :
			      CKR_UNWRAPPING_KEY_HANDLE_INVALID;
	return CKR_OK;
}

/* An AES key-encryption key is one AES key (not an XTS pair). */
static bool aes_kek_bits_ok(uint32_t bits)
{
	return bits == 128 || bits == 192 || bits == 256;
}

/* CKA_VALUE comes from the kernel, never from the template; *value_len:
 * CKA_VALUE_LEN as the caller gave it, 0 if not. */
static CK_RV template_value_len(const struct p11_attrs *as,
				CK_ULONG *value_len)
{
	if (p11_attrs_find(as, CKA_VALUE))
		return CKR_TEMPLATE_INCONSISTENT;
	*value_len = 0;
	if (p11_attrs_find(as, CKA_VALUE_LEN) &&
	    (!p11_attrs_ulong(as, CKA_VALUE_LEN, value_len) || !*value_len))
		return CKR_ATTRIBUTE_VALUE_INVALID;
	return CKR_OK;
}

/* Write access for the new object of the template. */
static CK_RV template_may_write(struct p11_session *s,
				const struct p11_attrs *as)
{
	bool token = false, priv = false;

	p11_attrs_bool(as, CKA_TOKEN, &token);
	p11_attrs_bool(as, CKA_PRIVATE, &priv);
	return p11_object_may_write(s, token, priv);
}

/*
 * The template of a new secret key (unwrap, derive): the caller's
 * attributes, CKA_CLASS (CKO_SECRET_KEY when not given: nothing else is
 * made here) and CKA_KEY_TYPE (dflt when not given;
 * CK_UNAVAILABLE_INFORMATION: the caller must give it), then the class
 * defaults and the write check.  *value_len: CKA_VALUE_LEN as the caller
 * gave it, 0 if not.
 */
static CK_RV new_secret_template(struct p11_session *s, struct p11_attrs *as,
				 CK_ATTRIBUTE_PTR t, CK_ULONG n,
				 CK_KEY_TYPE dflt, CK_KEY_TYPE *kt,
				 CK_ULONG *value_len)
{
	CK_ULONG cls;
	CK_RV rv;

	rv = p11_attrs_from_template(as, t, n);
	if (rv != CKR_OK)
		return rv;
	if (!p11_attrs_ulong(as, CKA_CLASS, &cls)) {
		rv = p11_attrs_set_ulong(as, CKA_CLASS, CKO_SECRET_KEY);
		if (rv != CKR_OK)
			return rv;
	} else if (cls != CKO_SECRET_KEY) {
		return CKR_TEMPLATE_INCONSISTENT;
	}
	if (!p11_attrs_ulong(as, CKA_KEY_TYPE, kt)) {
		if (dflt == CK_UNAVAILABLE_INFORMATION)
			return CKR_TEMPLATE_INCOMPLETE;
		*kt = dflt;
		rv = p11_attrs_set_ulong(as, CKA_KEY_TYPE, dflt);
		if (rv != CKR_OK)
			return rv;
	}
	rv = template_value_len(as, value_len);
	if (rv != CKR_OK)
		return rv;
	rv = p11_object_defaults(s, as, CKO_SECRET_KEY, *kt);
	if (rv != CKR_OK)
		return rv;
	/* CKA_TRUSTED is the SO's to give (as at C_CreateObject) */
	if (attr_true(as, CKA_TRUSTED) && s->tok->login != CKU_SO)
		return CKR_ATTRIBUTE_READ_ONLY;
	return template_may_write(s, as);
}

/*
 * The length of a KDF's output key: CKA_VALUE_LEN, or the type's one
 * length.  The ncr types a KDF makes: HMAC (a generic secret), AES,
 * DES3, ChaCha20.
 */
static CK_RV kdf_len(uint32_t ntype, CK_ULONG value_len, size_t *len)
{
	switch (ntype) {
	case NCR_KEY_TYPE_HMAC:
		if (!value_len)
			return CKR_TEMPLATE_INCOMPLETE;
		if (value_len > NCR_MAX_HMAC_KEY_BYTES)
			return CKR_ATTRIBUTE_VALUE_INVALID;
		break;
	case NCR_KEY_TYPE_AES:
		if (!value_len)
			return CKR_TEMPLATE_INCOMPLETE;
		if (value_len != 16 && value_len != 24 && value_len != 32)
			return CKR_ATTRIBUTE_VALUE_INVALID;
		break;
	case NCR_KEY_TYPE_DES3:
		if (value_len && value_len != 24)
			return CKR_TEMPLATE_INCONSISTENT;
		value_len = 24;
		break;
	case NCR_KEY_TYPE_CHACHA20:
		if (value_len && value_len != 32)
			return CKR_TEMPLATE_INCONSISTENT;
		value_len = 32;
		break;
	default:
		return CKR_TEMPLATE_INCONSISTENT;
	}
	*len = value_len;
	return CKR_OK;
}

/*
 * The new key's policy.  A derived or generated-from-password key is
 * never TRUSTED (the kernel refuses it: the caller may know the value).
 */
static CK_RV new_key_policy(const struct p11_attrs *as, CK_KEY_TYPE kt,
			    bool may_trust, struct ncr_key_policy *pol,
			    uint32_t *ntype)
{
	CK_RV rv;

	memset(pol, 0, sizeof(*pol));
	rv = p11_key_policy(as, CKO_SECRET_KEY, kt, pol, ntype);
	if (rv != CKR_OK)
		return rv;
	if (!may_trust && ((pol->flags & NCR_KEY_FLAG_TRUSTED) ||
			   attr_true(as, CKA_TRUSTED)))
		return CKR_TEMPLATE_INCONSISTENT;
	return CKR_OK;
}

/*
 * The last step of every new key: the attributes the kernel knows, then
 * the object.  p11_object_new takes over as and key, on failure too (it
 * frees both then); before it, a failure deinits the key here.  Either
 * way nothing half-made remains.
 */
static CK_RV finish_key(struct p11_session *s, struct p11_attrs *as,
			uint32_t key, CK_KEY_TYPE kt,
			CK_OBJECT_HANDLE_PTR out)
{
	struct p11_object *o = NULL;
	CK_RV rv;

	rv = p11_key_fill(as, key, CKO_SECRET_KEY, kt);
	if (rv != CKR_OK)
		goto err_key;
	rv = p11_object_new(s, as, key, &o);
	if (rv != CKR_OK)
		return rv;
	*out = o->handle;
	return CKR_OK;

err_key:
	ncr_key_deinit(p11.fd, key);
	return rv;
}

/* -------------------------------------------------------------- wrap */

/*
 * May ko leave wrapped under wo?  PKCS #11's attribute rules, then the
 * kernel's, from its flags (the kernel checks them again): see the top.
 */
static CK_RV check_wrappable(const struct p11_object *wo,
			     const struct ncr_key_info *wi,
			     const struct p11_object *ko,
			     const struct ncr_key_info *ki)
{
	if (!attr_true(&ko->attrs, CKA_EXTRACTABLE))
		return CKR_KEY_UNEXTRACTABLE;
	if (ko->cls != CKO_SECRET_KEY ||
	    ki->key_class != NCR_KEY_CLASS_SECRET)
		return CKR_KEY_NOT_WRAPPABLE;	/* ncr wraps secrets only */
	if (attr_true(&ko->attrs, CKA_WRAP_WITH_TRUSTED) &&
	    !attr_true(&wo->attrs, CKA_TRUSTED))
		return CKR_KEY_NOT_WRAPPABLE;
	if (!(ki->flags & NCR_KEY_FLAG_WRAPPABLE))
		return CKR_KEY_UNEXTRACTABLE;
	/* a sensitive key only under a TRUSTED key: no Tookan oracle */
	if (!(ki->flags & NCR_KEY_FLAG_EXPORTABLE) &&
	    !(wi->flags & NCR_KEY_FLAG_TRUSTED))
		return CKR_KEY_NOT_WRAPPABLE;
	return CKR_OK;
}

static CK_RV wrap_err(int err)
{
	switch (err) {
	case -EPERM:
		return CKR_KEY_NOT_WRAPPABLE;
	case -EINVAL:
		return CKR_KEY_SIZE_RANGE;
	case -ENOENT:
		return CKR_KEY_HANDLE_INVALID;
	default:
		return p11_rv(err);
	}
}

P11_EXPORT CK_RV C_WrapKey(CK_SESSION_HANDLE hSession,
			   CK_MECHANISM_PTR pMechanism,
			   CK_OBJECT_HANDLE hWrappingKey, CK_OBJECT_HANDLE hKey,
			   CK_BYTE_PTR pWrappedKey,
			   CK_ULONG_PTR pulWrappedKeyLen)
{
	struct ncr_key_info wi, ki;
	struct p11_session *s;
	struct p11_object *wo, *ko;
	uint32_t walg = 0, wkey, key;
	bool query;
	size_t len;
	CK_RV rv;
	int err;

	P11_ENTER();
	s = p11_session_get(hSession);
	if (!s) {
		rv = CKR_SESSION_HANDLE_INVALID;
		goto out;
	}
	if (!pMechanism || !pulWrappedKeyLen) {
		rv = CKR_ARGUMENTS_BAD;
		goto out;
	}
	rv = kek_find(s, hWrappingKey, pMechanism, true, &walg, &wo);
	if (rv != CKR_OK)
		goto out;
	ko = key_object(s, hKey);
	if (!ko) {
		rv = CKR_KEY_HANDLE_INVALID;
		goto out;
	}
	rv = kek_open(wo, pMechanism, walg, true, &wkey);
	if (rv != CKR_OK)
		goto out;
	rv = p11_object_key(ko, &key);
	if (rv != CKR_OK)
		goto out;
	rv = key_info(wkey, &wi);
	if (rv == CKR_OK)
		rv = key_info(key, &ki);
	if (rv != CKR_OK)
		goto out;
	if (walg != NCR_WALG_RSA_OAEP && !aes_kek_bits_ok(wi.bits)) {
		rv = CKR_WRAPPING_KEY_SIZE_RANGE;
		goto out;
	}
	rv = check_wrappable(wo, &wi, ko, &ki);
	if (rv != CKR_OK)
		goto out;
	/* RFC 3394 wraps whole semiblocks, two at least */
	if (walg == NCR_WALG_AES_RFC3394 && (ki.bits % 64 || ki.bits < 128)) {
		rv = CKR_KEY_SIZE_RANGE;
		goto out;
	}

	/* the length first: the kernel answers -ERANGE with it */
	len = 0;
	err = ncr_key_wrap(p11.fd, walg, wkey, key, NULL, &len);
	if (err != -ERANGE) {
		rv = err ? wrap_err(err) : CKR_DEVICE_ERROR;
		goto out;
	}
	rv = p11_out_check(pWrappedKey, pulWrappedKeyLen, len, &query);
	if (rv != CKR_OK || query)
		goto out;
	err = ncr_key_wrap(p11.fd, walg, wkey, key, pWrappedKey, &len);
	if (err) {
		rv = wrap_err(err);
		goto out;
	}
	*pulWrappedKeyLen = len;
	rv = CKR_OK;
out:
	P11_RETURN(rv);
}

/* ------------------------------------------------------------ unwrap */

static CK_RV unwrap_err(int err, const struct ncr_key_policy *pol,
			const struct ncr_key_info *ui)
{
	switch (err) {
	case -EBADMSG:
		return CKR_WRAPPED_KEY_INVALID;
	case -EINVAL:
		/* a length the type cannot take, or not the envelope's type */
		return CKR_WRAPPED_KEY_INVALID;
	case -EPERM:
		/* an exportable key out of an unexportable unwrapping key,
		 * TRUSTED without CAP_SYS_ADMIN, or wider than its envelope */
		if ((pol->flags & (NCR_KEY_FLAG_EXPORTABLE |
				   NCR_KEY_FLAG_HASHABLE |
				   NCR_KEY_FLAG_TRUSTED)) ||
		    (ui->flags & NCR_KEY_FLAG_TRUSTED))
			return CKR_TEMPLATE_INCONSISTENT;
		return CKR_KEY_FUNCTION_NOT_PERMITTED;
	case -ENOENT:
		return CKR_UNWRAPPING_KEY_HANDLE_INVALID;
	default:
		return p11_rv(err);
	}
}

P11_EXPORT CK_RV C_UnwrapKey(CK_SESSION_HANDLE hSession,
			     CK_MECHANISM_PTR pMechanism,
			     CK_OBJECT_HANDLE hUnwrappingKey,
			     CK_BYTE_PTR pWrappedKey, CK_ULONG ulWrappedKeyLen,
			     CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulAttributeCount,
			     CK_OBJECT_HANDLE_PTR phKey)
{
	struct p11_attrs as = { 0 };
	struct ncr_key_policy pol;
	struct ncr_key_info ui, ni;
	struct p11_session *s;
	struct p11_object *uo;
	uint32_t walg = 0, ukey, ntype, key = 0;
	CK_ULONG value_len;
	CK_KEY_TYPE kt;
	CK_RV rv;
	int err;

	P11_ENTER();
	s = p11_session_get(hSession);
	if (!s) {
		rv = CKR_SESSION_HANDLE_INVALID;
		goto out;
	}
	if (!pMechanism || !pWrappedKey || !phKey ||
	    (!pTemplate && ulAttributeCount)) {
		rv = CKR_ARGUMENTS_BAD;
		goto out;
	}
	rv = kek_find(s, hUnwrappingKey, pMechanism, false, &walg, &uo);
	if (rv != CKR_OK)
		goto out;
	rv = kek_open(uo, pMechanism, walg, false, &ukey);
	if (rv != CKR_OK)
		goto out;
	rv = key_info(ukey, &ui);
	if (rv != CKR_OK)
		goto out;
	if (walg == NCR_WALG_RSA_OAEP) {
		if (ulWrappedKeyLen != (ui.bits + 7) / 8) {
			rv = CKR_WRAPPED_KEY_LEN_RANGE;
			goto out;
		}
	} else {
		if (!aes_kek_bits_ok(ui.bits)) {
			rv = CKR_UNWRAPPING_KEY_SIZE_RANGE;
			goto out;
		}
		if (ulWrappedKeyLen < 16 || ulWrappedKeyLen % 8 ||
		    ulWrappedKeyLen > NCR_WRAPPED_KEY_MAX) {
			rv = CKR_WRAPPED_KEY_LEN_RANGE;
			goto out;
		}
	}

	rv = new_secret_template(s, &as, pTemplate, ulAttributeCount,
				 CK_UNAVAILABLE_INFORMATION, &kt, &value_len);
	if (rv != CKR_OK)
		goto out_attrs;
	rv = new_key_policy(&as, kt, true, &pol, &ntype);
	if (rv != CKR_OK)
		goto out_attrs;
	if (ntype < NCR_KEY_TYPE_AES || ntype > NCR_KEY_TYPE_HMAC) {
		rv = CKR_TEMPLATE_INCONSISTENT;
		goto out_attrs;
	}
	err = ncr_key_unwrap_ex(p11.fd, walg, ukey, pWrappedKey,
				ulWrappedKeyLen, ntype, &pol, &key);
	if (err) {
		rv = unwrap_err(err, &pol, &ui);
		goto out_attrs;
	}
	/* CKA_VALUE_LEN, when given, must be what came out */
	if (value_len) {
		rv = key_info(key, &ni);
		if (rv == CKR_OK && ni.bits != value_len * 8)
			rv = CKR_TEMPLATE_INCONSISTENT;
		if (rv != CKR_OK)
			goto out_key;
	}
	rv = finish_key(s, &as, key, kt, phKey);
	goto out_attrs;		/* finish_key freed the key on failure */

out_key:
	ncr_key_deinit(p11.fd, key);
out_attrs:
	p11_attrs_free(&as);
out:
	P11_RETURN(rv);
}

/* ------------------------------------------------------------ derive */

/*
 * The peer's public value of CKM_ECDH1_DERIVE: a SEC1 point (raw, or in
 * a DER OCTET STRING as CKA_EC_POINT holds it) for P-256/P-384, 32 bytes
 * (raw or in an OCTET STRING) for X25519.  A raw point is recognised by
 * its exact length and first byte, which no DER wrapping of a point of
 * the curve shares.
 */
static CK_RV ecdh_peer(const uint8_t *in, size_t len, bool x25519,
		       uint32_t bits, const uint8_t **out, size_t *olen)
{
	size_t fl = (bits + 7) / 8;

	if (!in || !len)
		return CKR_MECHANISM_PARAM_INVALID;
	if (x25519) {
		if (len == 32) {
			*out = in;
			*olen = len;
			return CKR_OK;
		}
		if (len == 34 && in[0] == 0x04 && in[1] == 32) {
			*out = in + 2;
			*olen = 32;
			return CKR_OK;
		}
		return CKR_MECHANISM_PARAM_INVALID;
	}
	if ((len == 2 * fl + 1 && in[0] == 0x04) ||
	    (len == fl + 1 && (in[0] == 0x02 || in[0] == 0x03))) {
		*out = in;
		*olen = len;
		return CKR_OK;
	}
	if (p11_octet_unwrap(in, len, out, olen) != CKR_OK || !*olen)
		return CKR_MECHANISM_PARAM_INVALID;
	return CKR_OK;
}

/* What a derivation does, from the mechanism and the base key. */
struct derive_op {
	uint32_t alg;			/* NCR_ALG_ECDH/X25519/DH/HKDF_* */
	const uint8_t *peer;		/* key agreement */
	size_t peer_len;
	struct ncr_kdf_params kdf;	/* HKDF */
};

static CK_RV derive_params(const CK_MECHANISM *m, const struct p11_object *bo,
			   const struct ncr_key_info *bi, struct derive_op *op)
{
	const CK_ECDH1_DERIVE_PARAMS *ecdh;
	const CK_HKDF_PARAMS *hkdf;

	switch (m->mechanism) {
	case CKM_ECDH1_DERIVE:
		if (bo->cls != CKO_PRIVATE_KEY ||
		    (bo->ktype != CKK_EC && bo->ktype != CKK_EC_MONTGOMERY))
			return CKR_KEY_TYPE_INCONSISTENT;
		ecdh = p11_mech_param(m, sizeof(*ecdh));
		if (!ecdh)
			return CKR_MECHANISM_PARAM_INVALID;
		/* the raw shared secret only: no KDF, no shared data */
		if (ecdh->kdf != CKD_NULL || ecdh->ulSharedDataLen)
			return CKR_MECHANISM_PARAM_INVALID;
		op->alg = bo->ktype == CKK_EC ? NCR_ALG_ECDH : NCR_ALG_X25519;
		return ecdh_peer(ecdh->pPublicData, ecdh->ulPublicDataLen,
				 bo->ktype == CKK_EC_MONTGOMERY, bi->bits,
				 &op->peer, &op->peer_len);
	case CKM_DH_PKCS_DERIVE:
		if (bo->cls != CKO_PRIVATE_KEY || bo->ktype != CKK_DH)
			return CKR_KEY_TYPE_INCONSISTENT;
		/* the peer's y, big-endian, at most as long as p */
		if (!m->pParameter || !m->ulParameterLen ||
		    m->ulParameterLen > (bi->bits + 7) / 8)
			return CKR_MECHANISM_PARAM_INVALID;
		op->alg = NCR_ALG_DH;
		op->peer = m->pParameter;
		op->peer_len = m->ulParameterLen;
		return CKR_OK;
	case CKM_HKDF_DERIVE:
		if (bo->cls != CKO_SECRET_KEY ||
		    bi->key_class != NCR_KEY_CLASS_SECRET ||
		    bi->type != NCR_KEY_TYPE_HMAC)
			return CKR_KEY_TYPE_INCONSISTENT;
		hkdf = p11_mech_param(m, sizeof(*hkdf));
		if (!hkdf)
			return CKR_MECHANISM_PARAM_INVALID;
		/* ncr runs RFC 5869 whole: extract, then expand */
		if (!hkdf->bExtract || !hkdf->bExpand)
			return CKR_MECHANISM_PARAM_INVALID;
		switch (hkdf->prfHashMechanism) {
		case CKM_SHA256:
			op->alg = NCR_ALG_HKDF_SHA256;
			break;
		case CKM_SHA384:
			op->alg = NCR_ALG_HKDF_SHA384;
			break;
		case CKM_SHA512:
			op->alg = NCR_ALG_HKDF_SHA512;
			break;
		default:
			return CKR_MECHANISM_PARAM_INVALID;
		}
		switch (hkdf->ulSaltType) {
		case CKF_HKDF_SALT_NULL:	/* HashLen zeros: no salt */
			break;
		case CKF_HKDF_SALT_DATA:
			if (!hkdf->pSalt || !hkdf->ulSaltLen ||
			    hkdf->ulSaltLen > NCR_KDF_INPUT_MAX)
				return CKR_MECHANISM_PARAM_INVALID;
			op->kdf.salt = hkdf->pSalt;
			op->kdf.salt_len = hkdf->ulSaltLen;
			break;
		default:	/* CKF_HKDF_SALT_KEY: the salt never leaves
				 * its key, and ncr takes bytes */
			return CKR_MECHANISM_PARAM_INVALID;
		}
		if ((hkdf->ulInfoLen && !hkdf->pInfo) ||
		    hkdf->ulInfoLen > NCR_KDF_INPUT_MAX)
			return CKR_MECHANISM_PARAM_INVALID;
		op->kdf.info = hkdf->pInfo;
		op->kdf.info_len = hkdf->ulInfoLen;
		return CKR_OK;
	default:
		return CKR_MECHANISM_INVALID;
	}
}

/*
 * Key agreement: the new key is the raw shared secret, whose length the
 * group fixes (ECDH the field length, X25519 32, DH the length of p);
 * ncr makes it a generic secret (HMAC type) or an AES key.  PKCS #11
 * would truncate to a shorter CKA_VALUE_LEN; ncr cannot, so a different
 * length is refused rather than made wrong.
 */
static CK_RV agree_len(uint32_t alg, const struct ncr_key_info *bi,
		       uint32_t ntype, CK_ULONG value_len, size_t *len)
{
	size_t n = alg == NCR_ALG_X25519 ? 32 : (bi->bits + 7) / 8;

	if (ntype != NCR_KEY_TYPE_HMAC && ntype != NCR_KEY_TYPE_AES)
		return CKR_TEMPLATE_INCONSISTENT;
	if (value_len && value_len != n)
		return CKR_TEMPLATE_INCONSISTENT;
	if (ntype == NCR_KEY_TYPE_AES && n != 16 && n != 24 && n != 32)
		return CKR_TEMPLATE_INCONSISTENT;
	*len = n;
	return CKR_OK;
}

static CK_RV derive_err(int err, bool agreement)
{
	switch (err) {
	case -EINVAL:
		/* an invalid peer value (not on the curve, small order, out
		 * of range), or a length the new key type cannot take */
		return agreement ? CKR_MECHANISM_PARAM_INVALID :
				   CKR_TEMPLATE_INCONSISTENT;
	case -EPERM:
		return CKR_KEY_FUNCTION_NOT_PERMITTED;
	default:
		return p11_rv(err);
	}
}

P11_EXPORT CK_RV C_DeriveKey(CK_SESSION_HANDLE hSession,
			     CK_MECHANISM_PTR pMechanism,
			     CK_OBJECT_HANDLE hBaseKey,
			     CK_ATTRIBUTE_PTR pTemplate,
			     CK_ULONG ulAttributeCount,
			     CK_OBJECT_HANDLE_PTR phKey)
{
	struct p11_attrs as = { 0 };
	struct derive_op op = { 0 };
	struct ncr_key_policy pol;
	struct ncr_key_info bi;
	struct p11_session *s;
	struct p11_object *bo;
	uint32_t bkey, ntype, key = 0;
	CK_ULONG value_len;
	CK_KEY_TYPE kt;
	size_t len = 0;
	bool agreement;
	CK_RV rv;
	int err;

	P11_ENTER();
	s = p11_session_get(hSession);
	if (!s) {
		rv = CKR_SESSION_HANDLE_INVALID;
		goto out;
	}
	if (!pMechanism || !phKey || (!pTemplate && ulAttributeCount)) {
		rv = CKR_ARGUMENTS_BAD;
		goto out;
	}
	switch (pMechanism->mechanism) {
	case CKM_ECDH1_DERIVE:
	case CKM_DH_PKCS_DERIVE:
	case CKM_HKDF_DERIVE:
		break;
	default:
		rv = CKR_MECHANISM_INVALID;
		goto out;
	}
	agreement = pMechanism->mechanism != CKM_HKDF_DERIVE;
	bo = key_object(s, hBaseKey);
	if (!bo) {
		rv = CKR_KEY_HANDLE_INVALID;
		goto out;
	}
	if (!attr_true(&bo->attrs, CKA_DERIVE)) {
		rv = CKR_KEY_FUNCTION_NOT_PERMITTED;
		goto out;
	}
	if (!p11_mech_allowed(bo, pMechanism->mechanism)) {
		rv = CKR_MECHANISM_INVALID;
		goto out;
	}
	rv = p11_object_key(bo, &bkey);
	if (rv == CKR_OK)
		rv = key_info(bkey, &bi);
	if (rv != CKR_OK)
		goto out;
	rv = derive_params(pMechanism, bo, &bi, &op);
	if (rv != CKR_OK)
		goto out;

	rv = new_secret_template(s, &as, pTemplate, ulAttributeCount,
				 CKK_GENERIC_SECRET, &kt, &value_len);
	if (rv != CKR_OK)
		goto out_attrs;
	rv = new_key_policy(&as, kt, false, &pol, &ntype);
	if (rv != CKR_OK)
		goto out_attrs;
	rv = agreement ? agree_len(op.alg, &bi, ntype, value_len, &len) :
			 kdf_len(ntype, value_len, &len);
	if (rv != CKR_OK)
		goto out_attrs;
	if (agreement)
		err = ncr_key_derive_ex(p11.fd, op.alg, bkey, op.peer,
					op.peer_len, ntype, &pol, &key);
	else
		err = ncr_key_kdf(p11.fd, op.alg, bkey, &op.kdf, ntype, len,
				  &pol, &key);
	if (err) {
		rv = derive_err(err, agreement);
		goto out_attrs;
	}
	rv = finish_key(s, &as, key, kt, phKey);
out_attrs:
	p11_attrs_free(&as);
out:
	P11_RETURN(rv);
}

/* ------------------------------------------------------------ PBKDF2 */

/*
 * The password length of CKM_PKCS5_PBKD2's parameter.  CK_PKCS5_PBKD2_PARAMS
 * (PKCS #11 2.x) has a pointer to it where CK_PKCS5_PBKD2_PARAMS2 (2.40)
 * has the length.  The two structures have the same size wherever a
 * pointer is as wide as a CK_ULONG (all Linux ABIs), so ulParameterLen
 * tells them apart only where they differ; otherwise the value decides:
 * a password length is at most NCR_KDF_INPUT_MAX, and no valid pointer
 * lies in the first page, which is never mapped.  A value above that is
 * taken for a pointer (aligned, else refused).
 */
#define PBKDF2_LEN_GUESS	4096

static CK_RV pbkdf2_password_len(const CK_MECHANISM *m, CK_ULONG *pwlen)
{
	const CK_PKCS5_PBKD2_PARAMS2 *p2 = m->pParameter;
	const CK_PKCS5_PBKD2_PARAMS *p1 = m->pParameter;
	bool v2;

	if (sizeof(*p1) != sizeof(*p2)) {
		if (m->ulParameterLen == sizeof(*p2))
			v2 = true;
		else if (m->ulParameterLen == sizeof(*p1))
			v2 = false;
		else
			return CKR_MECHANISM_PARAM_INVALID;
	} else {
		if (m->ulParameterLen != sizeof(*p2))
			return CKR_MECHANISM_PARAM_INVALID;
		v2 = p2->ulPasswordLen < PBKDF2_LEN_GUESS;
	}
	if (v2) {
		*pwlen = p2->ulPasswordLen;
		return CKR_OK;
	}
	if (!p1->ulPasswordLen ||
	    (uintptr_t)p1->ulPasswordLen % _Alignof(CK_ULONG))
		return CKR_MECHANISM_PARAM_INVALID;
	*pwlen = *p1->ulPasswordLen;
	return CKR_OK;
}

/* CKM_PKCS5_PBKD2's parameter into ncr's (*alg: NCR_ALG_PBKDF2_*). */
static CK_RV pbkdf2_params(const CK_MECHANISM *m, uint32_t *alg,
			   struct ncr_kdf_params *kp)
{
	const CK_PKCS5_PBKD2_PARAMS2 *p = m->pParameter;
	CK_ULONG pwlen = 0;
	CK_RV rv;

	if (!p)
		return CKR_MECHANISM_PARAM_INVALID;
	rv = pbkdf2_password_len(m, &pwlen);
	if (rv != CKR_OK)
		return rv;
	if (p->saltSource != CKZ_SALT_SPECIFIED ||
	    p->ulSaltSourceDataLen > NCR_KDF_INPUT_MAX ||
	    (p->ulSaltSourceDataLen && !p->pSaltSourceData))
		return CKR_MECHANISM_PARAM_INVALID;
	if (!p->iterations || p->iterations > NCR_PBKDF2_ITERATIONS_MAX)
		return CKR_MECHANISM_PARAM_INVALID;
	if (pwlen > NCR_KDF_INPUT_MAX || (pwlen && !p->pPassword))
		return CKR_MECHANISM_PARAM_INVALID;
	switch (p->prf) {
	case CKP_PKCS5_PBKD2_HMAC_SHA1:
		*alg = NCR_ALG_PBKDF2_SHA1;
		break;
	case CKP_PKCS5_PBKD2_HMAC_SHA256:
		*alg = NCR_ALG_PBKDF2_SHA256;
		break;
	case CKP_PKCS5_PBKD2_HMAC_SHA512:
		*alg = NCR_ALG_PBKDF2_SHA512;
		break;
	default:
		return CKR_MECHANISM_PARAM_INVALID;
	}
	memset(kp, 0, sizeof(*kp));
	kp->salt = p->pSaltSourceData;
	kp->salt_len = p->ulSaltSourceDataLen;
	kp->password = p->pPassword;
	kp->password_len = pwlen;
	kp->iterations = (uint32_t)p->iterations;
	return CKR_OK;
}

/*
 * C_GenerateKey with CKM_PKCS5_PBKD2: the key is PBKDF2 of the caller's
 * password, computed in the kernel (keys.c's caller holds the lock and
 * owns as, which p11_object_new takes over on success).  The password is
 * read by the kernel from the caller's own buffer: no copy to wipe.
 */
CK_RV p11_pbkdf2_generate(struct p11_session *s, CK_MECHANISM_PTR m,
			  struct p11_attrs *as, CK_OBJECT_HANDLE_PTR out)
{
	struct ncr_kdf_params kp;
	struct ncr_key_policy pol;
	CK_ULONG value_len = 0, cls = CKO_SECRET_KEY;
	uint32_t alg = 0, ntype, key = 0;
	CK_KEY_TYPE kt;
	size_t len = 0;
	CK_RV rv;
	int err;

	if (!s || !m || !as || !out)
		return CKR_ARGUMENTS_BAD;
	rv = pbkdf2_params(m, &alg, &kp);
	if (rv != CKR_OK)
		return rv;
	if (p11_attrs_ulong(as, CKA_CLASS, &cls) && cls != CKO_SECRET_KEY)
		return CKR_TEMPLATE_INCONSISTENT;
	if (!p11_attrs_ulong(as, CKA_KEY_TYPE, &kt))
		return CKR_TEMPLATE_INCOMPLETE;
	rv = template_value_len(as, &value_len);
	if (rv == CKR_OK)
		rv = template_may_write(s, as);
	if (rv != CKR_OK)
		return rv;
	rv = new_key_policy(as, kt, false, &pol, &ntype);
	if (rv != CKR_OK)
		return rv;
	rv = kdf_len(ntype, value_len, &len);
	if (rv != CKR_OK)
		return rv;
	rv = p11_attrs_set_ulong(as, CKA_KEY_GEN_MECHANISM, CKM_PKCS5_PBKD2);
	if (rv != CKR_OK)
		return rv;
	err = ncr_key_kdf(p11.fd, alg, 0, &kp, ntype, len, &pol, &key);
	if (err)
		return derive_err(err, false);
	return finish_key(s, as, key, kt, out);
}
