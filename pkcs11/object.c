// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * object.c - objects: C_CreateObject, C_CopyObject, C_DestroyObject,
 * C_GetObjectSize, C_GetAttributeValue, C_SetAttributeValue,
 * C_FindObjectsInit/C_FindObjects/C_FindObjectsFinal.
 *
 * What an object's attributes may claim is checked here; what a key may
 * do is enforced by the kernel.  Attributes that describe a key's policy
 * only ever change the way the kernel's policy can change: towards less
 * (CKA_SENSITIVE false -> true clears NCR_KEY_FLAG_EXPORTABLE,
 * CKA_EXTRACTABLE true -> false clears WRAPPABLE, CKA_SIGN true -> false
 * clears the usage bit...), with the kernel key restricted first and the
 * attribute changed only when that worked.  The other direction is
 * CKR_ATTRIBUTE_READ_ONLY.  C_CopyObject of a key copies the kernel key
 * through a storage blob, so the copy has exactly the original's policy
 * before the template narrows it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "p11.h"

static bool visible(const struct p11_session *s, const struct p11_object *o)
{
	if (o->token ? o->tok != s->tok : o->owner->tok != s->tok)
		return false;
	if (o->priv && (!p11_user_logged_in(s->tok) || !o->attrs.n))
		return false;
	return true;
}

struct p11_object *p11_object_get(struct p11_session *s, CK_OBJECT_HANDLE h)
{
	for (struct p11_object *o = p11.objects; o; o = o->next)
		if (o->handle == h)
			return visible(s, o) ? o : NULL;
	return NULL;
}

void p11_object_free(struct p11_object *o)
{
	if (!o)
		return;
	if (o->key && p11.fd >= 0)
		ncr_key_deinit(p11.fd, o->key);
	p11_attrs_free(&o->attrs);
	free(o->blob);
	free(o);
}

CK_RV p11_object_key(struct p11_object *o, uint32_t *key)
{
	int err;

	if (o->cls != CKO_SECRET_KEY && o->cls != CKO_PRIVATE_KEY &&
	    o->cls != CKO_PUBLIC_KEY)
		return CKR_KEY_HANDLE_INVALID;
	if (!o->key) {
		if (!o->blob)
			return CKR_KEY_HANDLE_INVALID;
		err = ncr_key_storage_unwrap(p11.fd, o->blob, o->blob_len,
					     &o->key);
		if (err) {
			p11_log("a key of token %s does not load: %s",
				o->tok ? o->tok->serial : "?",
				ncr_strerror(err));
			return err == -ENOKEY ? CKR_TOKEN_NOT_PRESENT
					      : CKR_DEVICE_ERROR;
		}
	}
	*key = o->key;
	return CKR_OK;
}

CK_RV p11_object_may_write(struct p11_session *s, bool token, bool priv)
{
	if (token && !(s->flags & CKF_RW_SESSION))
		return CKR_SESSION_READ_ONLY;
	if (priv && !p11_user_logged_in(s->tok))
		return CKR_USER_NOT_LOGGED_IN;
	return CKR_OK;
}

/* ------------------------------------------------ attributes per class */

static const CK_ATTRIBUTE_TYPE common_attrs[] = {
	CKA_CLASS, CKA_TOKEN, CKA_PRIVATE, CKA_MODIFIABLE, CKA_LABEL,
	CKA_COPYABLE, CKA_DESTROYABLE, CKA_UNIQUE_ID,
};
static const CK_ATTRIBUTE_TYPE key_attrs[] = {
	CKA_KEY_TYPE, CKA_ID, CKA_START_DATE, CKA_END_DATE, CKA_DERIVE,
	CKA_LOCAL, CKA_KEY_GEN_MECHANISM, CKA_ALLOWED_MECHANISMS,
};
static const CK_ATTRIBUTE_TYPE secret_attrs[] = {
	CKA_SENSITIVE, CKA_ENCRYPT, CKA_DECRYPT, CKA_SIGN, CKA_VERIFY,
	CKA_WRAP, CKA_UNWRAP, CKA_EXTRACTABLE, CKA_ALWAYS_SENSITIVE,
	CKA_NEVER_EXTRACTABLE, CKA_CHECK_VALUE, CKA_WRAP_WITH_TRUSTED,
	CKA_TRUSTED, CKA_VALUE, CKA_VALUE_LEN,
};
static const CK_ATTRIBUTE_TYPE public_attrs[] = {
	CKA_SUBJECT, CKA_ENCRYPT, CKA_VERIFY, CKA_VERIFY_RECOVER, CKA_WRAP,
	CKA_TRUSTED, CKA_PUBLIC_KEY_INFO, CKA_MODULUS, CKA_MODULUS_BITS,
	CKA_PUBLIC_EXPONENT, CKA_EC_PARAMS, CKA_EC_POINT, CKA_PRIME,
	CKA_SUBPRIME, CKA_BASE, CKA_VALUE,
};
static const CK_ATTRIBUTE_TYPE private_attrs[] = {
	CKA_SUBJECT, CKA_SENSITIVE, CKA_DECRYPT, CKA_SIGN, CKA_SIGN_RECOVER,
	CKA_UNWRAP, CKA_EXTRACTABLE, CKA_ALWAYS_SENSITIVE,
	CKA_NEVER_EXTRACTABLE, CKA_WRAP_WITH_TRUSTED, CKA_ALWAYS_AUTHENTICATE,
	CKA_PUBLIC_KEY_INFO, CKA_MODULUS, CKA_PUBLIC_EXPONENT,
	CKA_PRIVATE_EXPONENT, CKA_PRIME_1, CKA_PRIME_2, CKA_EXPONENT_1,
	CKA_EXPONENT_2, CKA_COEFFICIENT, CKA_EC_PARAMS, CKA_EC_POINT,
	CKA_PRIME, CKA_SUBPRIME, CKA_BASE, CKA_VALUE, CKA_VALUE_BITS,
	CKA_MODULUS_BITS,
};
static const CK_ATTRIBUTE_TYPE cert_attrs[] = {
	CKA_CERTIFICATE_TYPE, CKA_TRUSTED, CKA_CERTIFICATE_CATEGORY,
	CKA_CHECK_VALUE, CKA_START_DATE, CKA_END_DATE, CKA_PUBLIC_KEY_INFO,
	CKA_SUBJECT, CKA_ID, CKA_ISSUER, CKA_SERIAL_NUMBER, CKA_VALUE,
	CKA_URL, CKA_HASH_OF_SUBJECT_PUBLIC_KEY, CKA_HASH_OF_ISSUER_PUBLIC_KEY,
	CKA_JAVA_MIDP_SECURITY_DOMAIN, CKA_NAME_HASH_ALGORITHM,
};
static const CK_ATTRIBUTE_TYPE data_attrs[] = {
	CKA_APPLICATION, CKA_OBJECT_ID, CKA_VALUE,
};

static bool in_list(CK_ATTRIBUTE_TYPE t, const CK_ATTRIBUTE_TYPE *l,
		    size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (l[i] == t)
			return true;
	return false;
}

#define IN(t, l) in_list(t, l, P11_ARRAY_SIZE(l))

static bool attr_valid(CK_OBJECT_CLASS cls, CK_ATTRIBUTE_TYPE t)
{
	if (IN(t, common_attrs))
		return true;
	switch (cls) {
	case CKO_SECRET_KEY:
		return IN(t, key_attrs) || IN(t, secret_attrs);
	case CKO_PUBLIC_KEY:
		return IN(t, key_attrs) || IN(t, public_attrs);
	case CKO_PRIVATE_KEY:
		return IN(t, key_attrs) || IN(t, private_attrs);
	case CKO_CERTIFICATE:
		return IN(t, cert_attrs);
	case CKO_DATA:
		return IN(t, data_attrs);
	}
	return false;
}

static CK_RV set_default_bool(struct p11_attrs *as, CK_ATTRIBUTE_TYPE t,
			      bool v)
{
	if (p11_attrs_find(as, t))
		return CKR_OK;
	return p11_attrs_set_bool(as, t, v);
}

static CK_RV set_default_empty(struct p11_attrs *as, CK_ATTRIBUTE_TYPE t)
{
	if (p11_attrs_find(as, t))
		return CKR_OK;
	return p11_attrs_set(as, t, NULL, 0);
}

/* Defaults, as SoftHSM2 and most tokens have them (applications rely on
 * the usage ones), except CKA_SENSITIVE (true) and CKA_EXTRACTABLE
 * (false): a key is only readable or wrappable when its creator says so.
 */
CK_RV p11_object_defaults(struct p11_session *s, struct p11_attrs *as,
			  CK_OBJECT_CLASS cls, CK_KEY_TYPE kt)
{
	CK_ULONG v;
	CK_RV rv = CKR_OK;
	bool key = cls == CKO_SECRET_KEY || cls == CKO_PRIVATE_KEY ||
		   cls == CKO_PUBLIC_KEY;

	(void)s;
	if (p11_attrs_ulong(as, CKA_CLASS, &v) && v != cls)
		return CKR_TEMPLATE_INCONSISTENT;
	if (key && p11_attrs_ulong(as, CKA_KEY_TYPE, &v) && v != kt)
		return CKR_TEMPLATE_INCONSISTENT;
	for (size_t i = 0; i < as->n; i++)
		if (!attr_valid(cls, as->a[i].type))
			return CKR_ATTRIBUTE_TYPE_INVALID;
	if (p11_attrs_find(as, CKA_LOCAL) ||
	    p11_attrs_find(as, CKA_ALWAYS_SENSITIVE) ||
	    p11_attrs_find(as, CKA_NEVER_EXTRACTABLE) ||
	    p11_attrs_find(as, CKA_KEY_GEN_MECHANISM) ||
	    p11_attrs_find(as, CKA_UNIQUE_ID))
		return CKR_ATTRIBUTE_READ_ONLY;
	rv |= p11_attrs_set_ulong(as, CKA_CLASS, cls);
	rv |= set_default_bool(as, CKA_TOKEN, false);
	rv |= set_default_bool(as, CKA_PRIVATE, cls == CKO_PRIVATE_KEY ||
					       cls == CKO_SECRET_KEY);
	rv |= set_default_bool(as, CKA_MODIFIABLE, true);
	rv |= set_default_bool(as, CKA_COPYABLE, true);
	rv |= set_default_bool(as, CKA_DESTROYABLE, true);
	rv |= set_default_empty(as, CKA_LABEL);
	if (key) {
		rv |= p11_attrs_set_ulong(as, CKA_KEY_TYPE, kt);
		rv |= set_default_empty(as, CKA_ID);
		rv |= set_default_empty(as, CKA_START_DATE);
		rv |= set_default_empty(as, CKA_END_DATE);
		rv |= set_default_bool(as, CKA_DERIVE, false);
		rv |= p11_attrs_set_bool(as, CKA_LOCAL, false);
		rv |= p11_attrs_set_ulong(as, CKA_KEY_GEN_MECHANISM,
					  CK_UNAVAILABLE_INFORMATION);
	}
	if (cls == CKO_SECRET_KEY || cls == CKO_PRIVATE_KEY) {
		rv |= set_default_bool(as, CKA_SENSITIVE, true);
		rv |= set_default_bool(as, CKA_EXTRACTABLE, false);
		rv |= set_default_bool(as, CKA_WRAP_WITH_TRUSTED, false);
		rv |= set_default_bool(as, CKA_DECRYPT, true);
		rv |= set_default_bool(as, CKA_SIGN, true);
		rv |= set_default_bool(as, CKA_UNWRAP, true);
	}
	if (cls == CKO_SECRET_KEY || cls == CKO_PUBLIC_KEY) {
		rv |= set_default_bool(as, CKA_ENCRYPT, true);
		rv |= set_default_bool(as, CKA_VERIFY, true);
		rv |= set_default_bool(as, CKA_WRAP, true);
		rv |= set_default_bool(as, CKA_TRUSTED, false);
	}
	if (cls == CKO_PRIVATE_KEY) {
		rv |= set_default_bool(as, CKA_SIGN_RECOVER, false);
		rv |= set_default_bool(as, CKA_ALWAYS_AUTHENTICATE, false);
		rv |= set_default_empty(as, CKA_SUBJECT);
	}
	if (cls == CKO_PUBLIC_KEY) {
		rv |= set_default_bool(as, CKA_VERIFY_RECOVER, false);
		rv |= set_default_empty(as, CKA_SUBJECT);
	}
	if (cls == CKO_CERTIFICATE) {
		if (!p11_attrs_ulong(as, CKA_CERTIFICATE_TYPE, &v))
			return CKR_TEMPLATE_INCOMPLETE;
		if (v != CKC_X_509)
			return CKR_ATTRIBUTE_VALUE_INVALID;
		if (!p11_attrs_find(as, CKA_SUBJECT) ||
		    !p11_attrs_find(as, CKA_VALUE))
			return CKR_TEMPLATE_INCOMPLETE;
		rv |= set_default_bool(as, CKA_TRUSTED, false);
		if (!p11_attrs_find(as, CKA_CERTIFICATE_CATEGORY))
			rv |= p11_attrs_set_ulong(as, CKA_CERTIFICATE_CATEGORY,
						  0);
		rv |= set_default_empty(as, CKA_ID);
		rv |= set_default_empty(as, CKA_ISSUER);
		rv |= set_default_empty(as, CKA_SERIAL_NUMBER);
		rv |= set_default_empty(as, CKA_START_DATE);
		rv |= set_default_empty(as, CKA_END_DATE);
	}
	if (cls == CKO_DATA) {
		rv |= set_default_empty(as, CKA_APPLICATION);
		rv |= set_default_empty(as, CKA_OBJECT_ID);
		rv |= set_default_empty(as, CKA_VALUE);
	}
	return rv ? CKR_HOST_MEMORY : CKR_OK;
}

static CK_RV new_id(struct p11_token *t, char *id)
{
	uint8_t r[P11_OBJ_ID_LEN / 2];

	(void)t;
	if (getrandom(r, sizeof(r), 0) != sizeof(r))
		return CKR_DEVICE_ERROR;
	for (size_t i = 0; i < sizeof(r); i++)
		sprintf(id + 2 * i, "%02x", r[i]);
	return CKR_OK;
}

/* The storage blob of a token key (o->key) into o->blob. */
static CK_RV seal_key(struct p11_object *o)
{
	uint8_t *b = malloc(NCR_STORAGE_BLOB_MAX);
	size_t len = NCR_STORAGE_BLOB_MAX;
	int err;

	if (!b)
		return CKR_HOST_MEMORY;
	err = ncr_key_storage_wrap(p11.fd, o->key, b, &len);
	if (err) {
		free(b);
		return p11_rv(err);
	}
	free(o->blob);
	o->blob = b;
	o->blob_len = len;
	return CKR_OK;
}

CK_RV p11_object_new(struct p11_session *s, struct p11_attrs *as,
		     uint32_t key, struct p11_object **out)
{
	struct p11_object *o = calloc(1, sizeof(*o));
	bool b;
	CK_RV rv;

	if (!o) {
		p11_attrs_free(as);
		if (key)
			ncr_key_deinit(p11.fd, key);
		return CKR_HOST_MEMORY;
	}
	o->attrs = *as;
	memset(as, 0, sizeof(*as));
	o->key = key;
	if (!p11_attrs_ulong(&o->attrs, CKA_CLASS, &o->cls)) {
		rv = CKR_TEMPLATE_INCOMPLETE;
		goto free_o;
	}
	if (!p11_attrs_ulong(&o->attrs, CKA_KEY_TYPE, &o->ktype))
		o->ktype = CK_UNAVAILABLE_INFORMATION;
	o->token = p11_attrs_bool(&o->attrs, CKA_TOKEN, &b) && b;
	o->priv = p11_attrs_bool(&o->attrs, CKA_PRIVATE, &b) && b;
	rv = p11_object_may_write(s, o->token, o->priv);
	if (rv != CKR_OK)
		goto free_o;
	if (o->token) {
		o->tok = s->tok;
		rv = new_id(s->tok, o->id);
		if (rv == CKR_OK && key)
			rv = seal_key(o);
		if (rv == CKR_OK)
			rv = p11_store_write(o);
		if (rv != CKR_OK)
			goto free_o;
	} else {
		o->owner = s;
	}
	o->handle = p11.next_handle++;
	o->next = p11.objects;
	p11.objects = o;
	*out = o;
	return CKR_OK;
free_o:
	p11_object_free(o);
	return rv;
}

CK_RV p11_object_update(struct p11_object *o)
{
	CK_RV rv;

	if (!o->token)
		return CKR_OK;
	if (o->key) {
		rv = seal_key(o);
		if (rv != CKR_OK)
			return rv;
	}
	return p11_store_write(o);
}

static CK_OBJECT_CLASS template_class(CK_ATTRIBUTE_PTR t, CK_ULONG n,
				      CK_RV *rv)
{
	for (CK_ULONG i = 0; t && i < n; i++) {
		if (t[i].type != CKA_CLASS)
			continue;
		if (t[i].ulValueLen != sizeof(CK_ULONG) || !t[i].pValue) {
			*rv = CKR_ATTRIBUTE_VALUE_INVALID;
			return CK_UNAVAILABLE_INFORMATION;
		}
		return *(CK_ULONG *)t[i].pValue;
	}
	*rv = CKR_TEMPLATE_INCOMPLETE;
	return CK_UNAVAILABLE_INFORMATION;
}

static CK_RV create_object(CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR t,
			   CK_ULONG n, CK_OBJECT_HANDLE_PTR ph)
{
	struct p11_session *s = p11_session_get(hSession);
	struct p11_attrs as = { 0 };
	struct p11_object *o;
	CK_OBJECT_CLASS cls;
	CK_KEY_TYPE kt = CK_UNAVAILABLE_INFORMATION;
	uint32_t key = 0;
	CK_RV rv = CKR_OK;
	bool b;

	if (!s)
		return CKR_SESSION_HANDLE_INVALID;
	if (!ph || (!t && n))
		return CKR_ARGUMENTS_BAD;
	cls = template_class(t, n, &rv);
	if (rv != CKR_OK)
		return rv;
	rv = p11_attrs_from_template(&as, t, n);
	if (rv != CKR_OK)
		goto free_as;
	switch (cls) {
	case CKO_DATA:
	case CKO_CERTIFICATE:
		break;
	case CKO_SECRET_KEY:
	case CKO_PUBLIC_KEY:
	case CKO_PRIVATE_KEY:
		if (!p11_attrs_ulong(&as, CKA_KEY_TYPE, &kt)) {
			rv = CKR_TEMPLATE_INCOMPLETE;
			goto free_as;
		}
		break;
	default:
		rv = CKR_ATTRIBUTE_VALUE_INVALID;
		goto free_as;
	}
	rv = p11_object_defaults(s, &as, cls, kt);
	if (rv != CKR_OK)
		goto free_as;
	if (p11_attrs_bool(&as, CKA_TRUSTED, &b) && b &&
	    s->tok->login != CKU_SO) {
		rv = CKR_ATTRIBUTE_READ_ONLY;	/* the spec: SO only */
		goto free_as;
	}
	/* checked before any kernel work */
	rv = p11_object_may_write(s, p11_attrs_bool(&as, CKA_TOKEN, &b) && b,
				  p11_attrs_bool(&as, CKA_PRIVATE, &b) && b);
	if (rv != CKR_OK)
		goto free_as;
	if (cls != CKO_DATA && cls != CKO_CERTIFICATE) {
		rv = p11_key_import(s, &as, cls, kt, &key);
		if (rv != CKR_OK)
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

P11_EXPORT CK_RV C_CreateObject(CK_SESSION_HANDLE hSession,
				CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount,
				CK_OBJECT_HANDLE_PTR phObject)
{
	P11_ENTER();
	P11_RETURN(create_object(hSession, pTemplate, ulCount, phObject));
}

/* ------------------------------------------------- policy attributes */

struct policy_attr {
	CK_ATTRIBUTE_TYPE type;
	bool narrow_to;		/* the value a change may go to */
	uint32_t clear_flags, clear_usage;
};

/* Attributes whose change narrows the kernel key. */
static const struct policy_attr policy_attrs[] = {
	{ CKA_SENSITIVE, true, NCR_KEY_FLAG_EXPORTABLE, 0 },
	{ CKA_EXTRACTABLE, false, NCR_KEY_FLAG_WRAPPABLE, 0 },
	{ CKA_ENCRYPT, false, 0, NCR_KEY_USAGE_ENCRYPT },
	{ CKA_DECRYPT, false, 0, NCR_KEY_USAGE_DECRYPT },
	{ CKA_SIGN, false, 0, NCR_KEY_USAGE_SIGN },
	{ CKA_VERIFY, false, 0, NCR_KEY_USAGE_VERIFY },
	{ CKA_WRAP, false, 0, NCR_KEY_USAGE_WRAP },
	{ CKA_UNWRAP, false, 0, NCR_KEY_USAGE_UNWRAP },
	{ CKA_DERIVE, false, 0, NCR_KEY_USAGE_DERIVE },
	{ CKA_WRAP_WITH_TRUSTED, true, 0, 0 },
};

/* Attributes a C_SetAttributeValue may change freely. */
static bool freely_modifiable(CK_OBJECT_CLASS cls, CK_ATTRIBUTE_TYPE t)
{
	switch (t) {
	case CKA_LABEL: case CKA_ID: case CKA_START_DATE: case CKA_END_DATE:
		return true;
	case CKA_SUBJECT:
		return cls != CKO_SECRET_KEY && cls != CKO_DATA;
	case CKA_ISSUER: case CKA_SERIAL_NUMBER:
		return cls == CKO_CERTIFICATE;
	case CKA_APPLICATION: case CKA_OBJECT_ID: case CKA_VALUE:
		return cls == CKO_DATA;
	}
	return false;
}

/* Applies template t to object o's attributes (and its kernel key):
 * copy: C_CopyObject (CKA_TOKEN, CKA_PRIVATE, CKA_MODIFIABLE,
 * CKA_DESTROYABLE may be given too). */
static CK_RV apply_changes(struct p11_object *o,
			   CK_ATTRIBUTE_PTR t, CK_ULONG n, bool copy)
{
	uint32_t clear_flags = 0, clear_usage = 0;
	struct p11_attrs as = { 0 };
	CK_RV rv;

	rv = p11_attrs_from_template(&as, t, n);
	if (rv != CKR_OK)
		goto out;
	for (size_t i = 0; i < as.n; i++) {
		const struct p11_attr *a = &as.a[i], *cur;
		bool done = false;

		cur = p11_attrs_find(&o->attrs, a->type);
		if (cur && cur->len == a->len &&
		    (!a->len || !memcmp(cur->val, a->val, a->len)))
			continue;		/* no change */
		if (!attr_valid(o->cls, a->type)) {
			rv = CKR_ATTRIBUTE_TYPE_INVALID;
			goto out;
		}
		if (freely_modifiable(o->cls, a->type))
			continue;
		if (copy && (a->type == CKA_TOKEN || a->type == CKA_PRIVATE ||
			     a->type == CKA_DESTROYABLE))
			continue;
		if (a->type == CKA_MODIFIABLE || a->type == CKA_COPYABLE) {
			/* only ever to false, and only when copying */
			if (copy && !*a->val)
				continue;
			rv = CKR_ATTRIBUTE_READ_ONLY;
			goto out;
		}
		for (size_t k = 0; k < P11_ARRAY_SIZE(policy_attrs); k++) {
			const struct policy_attr *p = &policy_attrs[k];

			if (p->type != a->type)
				continue;
			if ((*a->val != 0) != p->narrow_to) {
				rv = CKR_ATTRIBUTE_READ_ONLY;
				goto out;
			}
			clear_flags |= p->clear_flags;
			clear_usage |= p->clear_usage;
			done = true;
		}
		if (!done) {
			rv = CKR_ATTRIBUTE_READ_ONLY;
			goto out;
		}
	}
	if (clear_flags || clear_usage) {
		uint32_t key;
		struct ncr_key_info ki;
		int err;

		rv = p11_object_key(o, &key);
		if (rv != CKR_OK)
			goto out;
		err = ncr_key_get_info(p11.fd, key, &ki);
		if (err) {
			rv = p11_rv(err);
			goto out;
		}
		clear_flags &= ki.flags;
		clear_usage &= ki.usage;
		/* a usage that would leave the key with none: keep the
		 * kernel's last bit, the attribute still says false */
		if (clear_usage == ki.usage)
			clear_usage &= ~(clear_usage & -clear_usage);
		if (clear_flags || clear_usage) {
			err = ncr_key_restrict(p11.fd, key, clear_flags,
					       clear_usage, 0);
			if (err) {
				rv = p11_rv(err);
				goto out;
			}
		}
	}
	for (size_t i = 0; i < as.n; i++) {
		rv = p11_attrs_set(&o->attrs, as.a[i].type, as.a[i].val,
				   as.a[i].len);
		if (rv != CKR_OK)
			goto out;
	}
	rv = CKR_OK;
out:
	p11_attrs_free(&as);
	return rv;
}

/* The session and the object a call names, or the CKR_ for either;
 * template/count: CKR_ARGUMENTS_BAD for a NULL template with a count. */
static CK_RV session_object(CK_SESSION_HANDLE hs, CK_OBJECT_HANDLE ho,
			    const void *template, CK_ULONG count,
			    struct p11_session **s, struct p11_object **o)
{
	*s = p11_session_get(hs);
	if (!*s)
		return CKR_SESSION_HANDLE_INVALID;
	if (!template && count)
		return CKR_ARGUMENTS_BAD;
	*o = p11_object_get(*s, ho);
	return *o ? CKR_OK : CKR_OBJECT_HANDLE_INVALID;
}

static CK_RV check_modifiable(struct p11_session *s, struct p11_object *o)
{
	bool b;

	if (p11_attrs_bool(&o->attrs, CKA_MODIFIABLE, &b) && !b)
		return CKR_ACTION_PROHIBITED;
	return p11_object_may_write(s, o->token, o->priv);
}

P11_EXPORT CK_RV C_SetAttributeValue(CK_SESSION_HANDLE hSession,
				     CK_OBJECT_HANDLE hObject,
				     CK_ATTRIBUTE_PTR pTemplate,
				     CK_ULONG ulCount)
{
	struct p11_session *s;
	struct p11_object *o;
	struct p11_attrs saved = { 0 };
	CK_RV rv;

	P11_ENTER();
	rv = session_object(hSession, hObject, pTemplate, ulCount, &s, &o);
	if (rv != CKR_OK)
		P11_RETURN(rv);
	rv = check_modifiable(s, o);
	if (rv != CKR_OK)
		P11_RETURN(rv);
	/* a change the file cannot take is undone in memory too */
	for (size_t i = 0; i < o->attrs.n; i++)
		p11_attrs_set(&saved, o->attrs.a[i].type, o->attrs.a[i].val,
			      o->attrs.a[i].len);
	rv = apply_changes(o, pTemplate, ulCount, false);
	if (rv == CKR_OK)
		rv = p11_object_update(o);
	if (rv != CKR_OK) {
		p11_attrs_free(&o->attrs);
		o->attrs = saved;
	} else {
		p11_attrs_free(&saved);
	}
	P11_RETURN(rv);
}

static CK_RV copy_object(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE h,
			 CK_ATTRIBUTE_PTR t, CK_ULONG n,
			 CK_OBJECT_HANDLE_PTR ph)
{
	struct p11_session *s = p11_session_get(hSession);
	struct p11_object *o, tmp = { 0 }, *made;
	uint32_t key = 0;
	CK_RV rv;
	bool b;

	if (!s)
		return CKR_SESSION_HANDLE_INVALID;
	if (!ph || (!t && n))
		return CKR_ARGUMENTS_BAD;
	o = p11_object_get(s, h);
	if (!o)
		return CKR_OBJECT_HANDLE_INVALID;
	if (p11_attrs_bool(&o->attrs, CKA_COPYABLE, &b) && !b)
		return CKR_ACTION_PROHIBITED;
	tmp.cls = o->cls;
	tmp.ktype = o->ktype;
	for (size_t i = 0; i < o->attrs.n; i++) {
		rv = p11_attrs_set(&tmp.attrs, o->attrs.a[i].type,
				   o->attrs.a[i].val, o->attrs.a[i].len);
		if (rv != CKR_OK)
			goto free_tmp;
	}
	if (o->cls == CKO_SECRET_KEY || o->cls == CKO_PRIVATE_KEY ||
	    o->cls == CKO_PUBLIC_KEY) {
		uint8_t *blob = malloc(NCR_STORAGE_BLOB_MAX);
		size_t len = NCR_STORAGE_BLOB_MAX;
		uint32_t src;
		int err;

		rv = CKR_HOST_MEMORY;
		if (!blob)
			goto free_tmp;
		rv = p11_object_key(o, &src);
		err = rv == CKR_OK ? ncr_key_storage_wrap(p11.fd, src, blob,
							  &len) : 0;
		if (!err && rv == CKR_OK)
			err = ncr_key_storage_unwrap(p11.fd, blob, len, &key);
		free(blob);
		if (rv == CKR_OK && err)
			rv = p11_rv(err);
		if (rv != CKR_OK)
			goto free_tmp;
		tmp.key = key;
	}
	rv = apply_changes(&tmp, t, n, true);
	if (rv != CKR_OK)
		goto free_key;
	if (p11_attrs_bool(&tmp.attrs, CKA_TRUSTED, &b) && b &&
	    !(p11_attrs_bool(&o->attrs, CKA_TRUSTED, &b) && b)) {
		rv = CKR_ATTRIBUTE_READ_ONLY;
		goto free_key;
	}
	rv = p11_object_new(s, &tmp.attrs, key, &made);
	if (rv == CKR_OK)
		*ph = made->handle;
	return rv;		/* p11_object_new took attrs and key */
free_key:
	if (key)
		ncr_key_deinit(p11.fd, key);
free_tmp:
	p11_attrs_free(&tmp.attrs);
	return rv;
}

P11_EXPORT CK_RV C_CopyObject(CK_SESSION_HANDLE hSession,
			      CK_OBJECT_HANDLE hObject,
			      CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount,
			      CK_OBJECT_HANDLE_PTR phNewObject)
{
	P11_ENTER();
	P11_RETURN(copy_object(hSession, hObject, pTemplate, ulCount,
			       phNewObject));
}

P11_EXPORT CK_RV C_DestroyObject(CK_SESSION_HANDLE hSession,
				 CK_OBJECT_HANDLE hObject)
{
	struct p11_session *s;
	struct p11_object *o, **pp;
	CK_RV rv;
	bool b;

	P11_ENTER();
	rv = session_object(hSession, hObject, NULL, 0, &s, &o);
	if (rv != CKR_OK)
		P11_RETURN(rv);
	if (p11_attrs_bool(&o->attrs, CKA_DESTROYABLE, &b) && !b)
		P11_RETURN(CKR_ACTION_PROHIBITED);
	rv = p11_object_may_write(s, o->token, o->priv);
	if (rv != CKR_OK)
		P11_RETURN(rv);
	if (o->token) {
		rv = p11_store_remove(o);
		if (rv != CKR_OK)
			P11_RETURN(rv);
	}
	for (pp = &p11.objects; *pp; pp = &(*pp)->next) {
		if (*pp == o) {
			*pp = o->next;
			break;
		}
	}
	p11_object_free(o);
	P11_RETURN(CKR_OK);
}

P11_EXPORT CK_RV C_GetObjectSize(CK_SESSION_HANDLE hSession,
				 CK_OBJECT_HANDLE hObject, CK_ULONG_PTR pulSize)
{
	struct p11_session *s;
	struct p11_object *o;
	CK_ULONG size = 0;
	CK_RV rv;

	P11_ENTER();
	if (!pulSize)
		P11_RETURN(CKR_ARGUMENTS_BAD);
	rv = session_object(hSession, hObject, NULL, 0, &s, &o);
	if (rv != CKR_OK)
		P11_RETURN(rv);
	for (size_t i = 0; i < o->attrs.n; i++)
		size += 12 + o->attrs.a[i].len;
	*pulSize = size + o->blob_len;
	P11_RETURN(CKR_OK);
}

/* One attribute into the caller's template entry; the spec's rules for
 * NULL buffers, short buffers, sensitive and unknown attributes. */
static CK_RV get_one(struct p11_object *o, CK_ATTRIBUTE *a)
{
	const struct p11_attr *v;
	uint8_t *secret = NULL;
	size_t slen = 0;
	CK_RV rv = CKR_OK;

	if (p11_attr_is_secret(o->cls, a->type)) {
		rv = p11_key_secret_attr(o, a->type, &secret, &slen);
		if (rv != CKR_OK) {
			a->ulValueLen = CK_UNAVAILABLE_INFORMATION;
			return rv;
		}
		if (!a->pValue) {
			a->ulValueLen = slen;
		} else if (a->ulValueLen < slen) {
			a->ulValueLen = CK_UNAVAILABLE_INFORMATION;
			rv = CKR_BUFFER_TOO_SMALL;
		} else {
			memcpy(a->pValue, secret, slen);
			a->ulValueLen = slen;
		}
		p11_wipe(secret, slen);
		free(secret);
		return rv;
	}
	v = p11_attrs_find(&o->attrs, a->type);
	if (!v) {
		a->ulValueLen = CK_UNAVAILABLE_INFORMATION;
		return CKR_ATTRIBUTE_TYPE_INVALID;
	}
	if (!a->pValue) {
		a->ulValueLen = v->len;
		return CKR_OK;
	}
	if (a->ulValueLen < v->len) {
		a->ulValueLen = CK_UNAVAILABLE_INFORMATION;
		return CKR_BUFFER_TOO_SMALL;
	}
	if (v->len)
		memcpy(a->pValue, v->val, v->len);
	a->ulValueLen = v->len;
	return CKR_OK;
}

P11_EXPORT CK_RV C_GetAttributeValue(CK_SESSION_HANDLE hSession,
				     CK_OBJECT_HANDLE hObject,
				     CK_ATTRIBUTE_PTR pTemplate,
				     CK_ULONG ulCount)
{
	struct p11_session *s;
	struct p11_object *o;
	CK_RV rv = CKR_OK;

	P11_ENTER();
	rv = session_object(hSession, hObject, pTemplate, ulCount, &s, &o);
	if (rv != CKR_OK)
		P11_RETURN(rv);
	/* every entry is answered; the result is the last failure of the
	 * three kinds the spec lets the call report together */
	for (CK_ULONG i = 0; i < ulCount; i++) {
		CK_RV r = get_one(o, &pTemplate[i]);

		if (r == CKR_ATTRIBUTE_SENSITIVE ||
		    r == CKR_ATTRIBUTE_TYPE_INVALID ||
		    r == CKR_BUFFER_TOO_SMALL)
			rv = r;
		else if (r != CKR_OK)
			P11_RETURN(r);
	}
	P11_RETURN(rv);
}

P11_EXPORT CK_RV C_FindObjectsInit(CK_SESSION_HANDLE hSession,
				   CK_ATTRIBUTE_PTR pTemplate,
				   CK_ULONG ulCount)
{
	struct p11_session *s;
	struct p11_object *o;
	size_t n = 0, cap = 0;

	P11_ENTER();
	s = p11_session_get(hSession);
	if (!s)
		P11_RETURN(CKR_SESSION_HANDLE_INVALID);
	if (!pTemplate && ulCount)
		P11_RETURN(CKR_ARGUMENTS_BAD);
	if (s->finding)
		P11_RETURN(CKR_OPERATION_ACTIVE);
	p11_store_scan(s->tok);		/* other processes' changes */
	for (o = p11.objects; o; o = o->next)
		cap++;
	s->found = calloc(cap ? cap : 1, sizeof(*s->found));
	if (!s->found)
		P11_RETURN(CKR_HOST_MEMORY);
	for (o = p11.objects; o; o = o->next)
		if (visible(s, o) &&
		    p11_attrs_match(&o->attrs, pTemplate, ulCount))
			s->found[n++] = o->handle;
	/* oldest first: handles grow */
	for (size_t i = 0; i < n / 2; i++) {
		CK_OBJECT_HANDLE x = s->found[i];

		s->found[i] = s->found[n - 1 - i];
		s->found[n - 1 - i] = x;
	}
	s->nfound = n;
	s->found_pos = 0;
	s->finding = true;
	P11_RETURN(CKR_OK);
}

P11_EXPORT CK_RV C_FindObjects(CK_SESSION_HANDLE hSession,
			       CK_OBJECT_HANDLE_PTR phObject,
			       CK_ULONG ulMaxObjectCount,
			       CK_ULONG_PTR pulObjectCount)
{
	struct p11_session *s;
	CK_ULONG n = 0;

	P11_ENTER();
	s = p11_session_get(hSession);
	if (!s)
		P11_RETURN(CKR_SESSION_HANDLE_INVALID);
	if (!pulObjectCount || (!phObject && ulMaxObjectCount))
		P11_RETURN(CKR_ARGUMENTS_BAD);
	if (!s->finding)
		P11_RETURN(CKR_OPERATION_NOT_INITIALIZED);
	while (n < ulMaxObjectCount && s->found_pos < s->nfound) {
		CK_OBJECT_HANDLE h = s->found[s->found_pos++];

		if (p11_object_get(s, h))	/* still there */
			phObject[n++] = h;
	}
	*pulObjectCount = n;
	P11_RETURN(CKR_OK);
}

P11_EXPORT CK_RV C_FindObjectsFinal(CK_SESSION_HANDLE hSession)
{
	struct p11_session *s;

	P11_ENTER();
	s = p11_session_get(hSession);
	if (!s)
		P11_RETURN(CKR_SESSION_HANDLE_INVALID);
	if (!s->finding)
		P11_RETURN(CKR_OPERATION_NOT_INITIALIZED);
	free(s->found);
	s->found = NULL;
	s->nfound = s->found_pos = 0;
	s->finding = false;
	P11_RETURN(CKR_OK);
}
