// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * attr.c - attribute lists: the caller's templates and an object's
 * attributes, their serialised form in object files, template matching.
 *
 * A list holds copies (malloc'd) of the values; p11_attrs_free wipes them
 * before freeing, since a template may carry key material on its way to
 * the kernel.  The serialised form is a sequence of
 *   type (u64 LE) | length (u32 LE) | value
 * and nothing else; p11_attrs_load refuses anything that does not parse
 * exactly (a truncated or padded file is CKR_DEVICE_ERROR, never a
 * half-read object).
 */
#include <stdlib.h>
#include <string.h>

#include "p11.h"

void p11_attrs_free(struct p11_attrs *as)
{
	for (size_t i = 0; i < as->n; i++) {
		p11_wipe(as->a[i].val, as->a[i].len);
		free(as->a[i].val);
	}
	free(as->a);
	as->a = NULL;
	as->n = as->cap = 0;
}

struct p11_attr *p11_attrs_find(const struct p11_attrs *as,
				CK_ATTRIBUTE_TYPE type)
{
	for (size_t i = 0; i < as->n; i++)
		if (as->a[i].type == type)
			return &as->a[i];
	return NULL;
}

CK_RV p11_attrs_set(struct p11_attrs *as, CK_ATTRIBUTE_TYPE type,
		    const void *val, CK_ULONG len)
{
	struct p11_attr *a = p11_attrs_find(as, type);
	uint8_t *copy = NULL;

	if (len) {
		copy = malloc(len);
		if (!copy)
			return CKR_HOST_MEMORY;
		memcpy(copy, val, len);
	}
	if (!a) {
		if (as->n == as->cap) {
			size_t cap = as->cap ? as->cap * 2 : 16;
			struct p11_attr *na = realloc(as->a, cap * sizeof(*na));

			if (!na) {
				free(copy);
				return CKR_HOST_MEMORY;
			}
			as->a = na;
			as->cap = cap;
		}
		a = &as->a[as->n++];
		a->type = type;
	} else {
		p11_wipe(a->val, a->len);
		free(a->val);
	}
	a->val = copy;
	a->len = len;
	return CKR_OK;
}

CK_RV p11_attrs_set_bool(struct p11_attrs *as, CK_ATTRIBUTE_TYPE type, bool v)
{
	CK_BBOOL b = v ? CK_TRUE : CK_FALSE;

	return p11_attrs_set(as, type, &b, sizeof(b));
}

CK_RV p11_attrs_set_ulong(struct p11_attrs *as, CK_ATTRIBUTE_TYPE type,
			  CK_ULONG v)
{
	return p11_attrs_set(as, type, &v, sizeof(v));
}

void p11_attrs_del(struct p11_attrs *as, CK_ATTRIBUTE_TYPE type)
{
	struct p11_attr *a = p11_attrs_find(as, type);

	if (!a)
		return;
	p11_wipe(a->val, a->len);
	free(a->val);
	*a = as->a[--as->n];
}

bool p11_attrs_bool(const struct p11_attrs *as, CK_ATTRIBUTE_TYPE type,
		    bool *out)
{
	const struct p11_attr *a = p11_attrs_find(as, type);

	if (!a || a->len != sizeof(CK_BBOOL))
		return false;
	*out = *(const CK_BBOOL *)a->val != CK_FALSE;
	return true;
}

bool p11_attrs_ulong(const struct p11_attrs *as, CK_ATTRIBUTE_TYPE type,
		     CK_ULONG *out)
{
	const struct p11_attr *a = p11_attrs_find(as, type);

	if (!a || a->len != sizeof(CK_ULONG))
		return false;
	memcpy(out, a->val, sizeof(*out));
	return true;
}

/* The CK_BBOOL attributes this module knows (their values must be one
 * byte). */
bool p11_attr_is_bool(CK_ATTRIBUTE_TYPE type)
{
	switch (type) {
	case CKA_TOKEN: case CKA_PRIVATE: case CKA_MODIFIABLE:
	case CKA_COPYABLE: case CKA_DESTROYABLE: case CKA_TRUSTED:
	case CKA_SENSITIVE: case CKA_ENCRYPT: case CKA_DECRYPT:
	case CKA_WRAP: case CKA_UNWRAP: case CKA_SIGN: case CKA_SIGN_RECOVER:
	case CKA_VERIFY: case CKA_VERIFY_RECOVER: case CKA_DERIVE:
	case CKA_EXTRACTABLE: case CKA_LOCAL: case CKA_NEVER_EXTRACTABLE:
	case CKA_ALWAYS_SENSITIVE: case CKA_WRAP_WITH_TRUSTED:
	case CKA_ALWAYS_AUTHENTICATE:
		return true;
	}
	return false;
}

bool p11_attr_is_ulong(CK_ATTRIBUTE_TYPE type)
{
	switch (type) {
	case CKA_CLASS: case CKA_KEY_TYPE: case CKA_CERTIFICATE_TYPE:
	case CKA_VALUE_LEN: case CKA_MODULUS_BITS: case CKA_KEY_GEN_MECHANISM:
	case CKA_CERTIFICATE_CATEGORY: case CKA_JAVA_MIDP_SECURITY_DOMAIN:
	case CKA_NAME_HASH_ALGORITHM: case CKA_PRIME_BITS:
	case CKA_SUB_PRIME_BITS:
		return true;
	}
	return false;
}

CK_RV p11_attrs_from_template(struct p11_attrs *as, CK_ATTRIBUTE_PTR t,
			      CK_ULONG n)
{
	CK_RV rv;

	if (n && !t)
		return CKR_ARGUMENTS_BAD;
	for (CK_ULONG i = 0; i < n; i++) {
		const struct p11_attr *old;

		if (t[i].ulValueLen && !t[i].pValue)
			return CKR_ATTRIBUTE_VALUE_INVALID;
		if (t[i].ulValueLen > P11_OBJ_MAX_BYTES)
			return CKR_ATTRIBUTE_VALUE_INVALID;
		if (p11_attr_is_bool(t[i].type) &&
		    t[i].ulValueLen != sizeof(CK_BBOOL))
			return CKR_ATTRIBUTE_VALUE_INVALID;
		if (p11_attr_is_ulong(t[i].type) &&
		    t[i].ulValueLen != sizeof(CK_ULONG))
			return CKR_ATTRIBUTE_VALUE_INVALID;
		old = p11_attrs_find(as, t[i].type);
		if (old && (old->len != t[i].ulValueLen ||
			    (old->len && memcmp(old->val, t[i].pValue,
						old->len))))
			return CKR_TEMPLATE_INCONSISTENT;
		rv = p11_attrs_set(as, t[i].type, t[i].pValue,
				   t[i].ulValueLen);
		if (rv != CKR_OK)
			return rv;
	}
	return CKR_OK;
}

static void put_le(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

CK_RV p11_attrs_save(const struct p11_attrs *as, uint8_t **buf, size_t *len)
{
	size_t total = 0, off = 0;
	uint8_t *b;

	for (size_t i = 0; i < as->n; i++)
		total += 12 + as->a[i].len;
	b = malloc(total ? total : 1);
	if (!b)
		return CKR_HOST_MEMORY;
	for (size_t i = 0; i < as->n; i++) {
		put_le(b + off, as->a[i].type, 8);
		put_le(b + off + 8, as->a[i].len, 4);
		if (as->a[i].len)
			memcpy(b + off + 12, as->a[i].val, as->a[i].len);
		off += 12 + as->a[i].len;
	}
	*buf = b;
	*len = total;
	return CKR_OK;
}

CK_RV p11_attrs_load(struct p11_attrs *as, const uint8_t *buf, size_t len)
{
	size_t off = 0;

	while (off < len) {
		uint64_t type;
		uint32_t alen;

		if (len - off < 12)
			goto malformed;
		type = get_le(buf + off, 8);
		alen = (uint32_t)get_le(buf + off + 8, 4);
		off += 12;
		if (alen > len - off || p11_attrs_find(as, type))
			goto malformed;
		if (p11_attrs_set(as, type, buf + off, alen) != CKR_OK) {
			p11_attrs_free(as);
			return CKR_HOST_MEMORY;
		}
		off += alen;
	}
	return CKR_OK;
malformed:
	p11_attrs_free(as);
	return CKR_DEVICE_ERROR;
}

bool p11_attrs_match(const struct p11_attrs *as, CK_ATTRIBUTE_PTR t,
		     CK_ULONG n)
{
	for (CK_ULONG i = 0; i < n; i++) {
		const struct p11_attr *a = p11_attrs_find(as, t[i].type);

		if (!a || a->len != t[i].ulValueLen)
			return false;
		if (a->len && (!t[i].pValue ||
			       memcmp(a->val, t[i].pValue, a->len)))
			return false;
	}
	return true;
}
