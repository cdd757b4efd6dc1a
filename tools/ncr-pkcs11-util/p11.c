// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * p11.c - the PKCS #11 side of ncr-pkcs11-util: the module (dlopen,
 * C_GetFunctionList, C_Initialize), CKR_ names for messages, the token a
 * command names (--token LABEL among the initialised tokens, or --slot
 * N), sessions, logins, C_FindObjects and C_GetAttributeValue one
 * attribute at a time (so that one the object lacks or keeps secret does
 * not hide the others).
 */
#include <ctype.h>
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

CK_FUNCTION_LIST_PTR p11f;
static void *dl;

void msg(const char *fmt, ...)
{
	va_list ap;

	fputs("ncr-pkcs11-util: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

#define R(x) { x, #x }
static const struct {
	CK_RV rv;
	const char *name;
} rv_names[] = {
	R(CKR_OK), R(CKR_CANCEL), R(CKR_HOST_MEMORY), R(CKR_SLOT_ID_INVALID),
	R(CKR_GENERAL_ERROR), R(CKR_FUNCTION_FAILED), R(CKR_ARGUMENTS_BAD),
	R(CKR_NO_EVENT), R(CKR_NEED_TO_CREATE_THREADS), R(CKR_CANT_LOCK),
	R(CKR_ATTRIBUTE_READ_ONLY), R(CKR_ATTRIBUTE_SENSITIVE),
	R(CKR_ATTRIBUTE_TYPE_INVALID), R(CKR_ATTRIBUTE_VALUE_INVALID),
	R(CKR_ACTION_PROHIBITED), R(CKR_DATA_INVALID), R(CKR_DATA_LEN_RANGE),
	R(CKR_DEVICE_ERROR), R(CKR_DEVICE_MEMORY), R(CKR_DEVICE_REMOVED),
	R(CKR_ENCRYPTED_DATA_INVALID), R(CKR_ENCRYPTED_DATA_LEN_RANGE),
	R(CKR_FUNCTION_CANCELED), R(CKR_FUNCTION_NOT_PARALLEL),
	R(CKR_FUNCTION_NOT_SUPPORTED), R(CKR_KEY_HANDLE_INVALID),
	R(CKR_KEY_SIZE_RANGE), R(CKR_KEY_TYPE_INCONSISTENT),
	R(CKR_KEY_NOT_NEEDED), R(CKR_KEY_CHANGED), R(CKR_KEY_NEEDED),
	R(CKR_KEY_INDIGESTIBLE), R(CKR_KEY_FUNCTION_NOT_PERMITTED),
	R(CKR_KEY_NOT_WRAPPABLE), R(CKR_KEY_UNEXTRACTABLE),
	R(CKR_MECHANISM_INVALID), R(CKR_MECHANISM_PARAM_INVALID),
	R(CKR_OBJECT_HANDLE_INVALID), R(CKR_OPERATION_ACTIVE),
	R(CKR_OPERATION_NOT_INITIALIZED), R(CKR_PIN_INCORRECT),
	R(CKR_PIN_INVALID), R(CKR_PIN_LEN_RANGE), R(CKR_PIN_EXPIRED),
	R(CKR_PIN_LOCKED), R(CKR_SESSION_CLOSED), R(CKR_SESSION_COUNT),
	R(CKR_SESSION_HANDLE_INVALID), R(CKR_SESSION_PARALLEL_NOT_SUPPORTED),
	R(CKR_SESSION_READ_ONLY), R(CKR_SESSION_EXISTS),
	R(CKR_SESSION_READ_ONLY_EXISTS), R(CKR_SESSION_READ_WRITE_SO_EXISTS),
	R(CKR_SIGNATURE_INVALID), R(CKR_SIGNATURE_LEN_RANGE),
	R(CKR_TEMPLATE_INCOMPLETE), R(CKR_TEMPLATE_INCONSISTENT),
	R(CKR_TOKEN_NOT_PRESENT), R(CKR_TOKEN_NOT_RECOGNIZED),
	R(CKR_TOKEN_WRITE_PROTECTED), R(CKR_UNWRAPPING_KEY_HANDLE_INVALID),
	R(CKR_UNWRAPPING_KEY_SIZE_RANGE),
	R(CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT),
	R(CKR_USER_ALREADY_LOGGED_IN), R(CKR_USER_NOT_LOGGED_IN),
	R(CKR_USER_PIN_NOT_INITIALIZED), R(CKR_USER_TYPE_INVALID),
	R(CKR_USER_ANOTHER_ALREADY_LOGGED_IN), R(CKR_USER_TOO_MANY_TYPES),
	R(CKR_WRAPPED_KEY_INVALID), R(CKR_WRAPPED_KEY_LEN_RANGE),
	R(CKR_WRAPPING_KEY_HANDLE_INVALID), R(CKR_WRAPPING_KEY_SIZE_RANGE),
	R(CKR_WRAPPING_KEY_TYPE_INCONSISTENT),
	R(CKR_RANDOM_SEED_NOT_SUPPORTED), R(CKR_RANDOM_NO_RNG),
	R(CKR_DOMAIN_PARAMS_INVALID), R(CKR_CURVE_NOT_SUPPORTED),
	R(CKR_BUFFER_TOO_SMALL), R(CKR_SAVED_STATE_INVALID),
	R(CKR_INFORMATION_SENSITIVE), R(CKR_STATE_UNSAVEABLE),
	R(CKR_CRYPTOKI_NOT_INITIALIZED), R(CKR_CRYPTOKI_ALREADY_INITIALIZED),
	R(CKR_MUTEX_BAD), R(CKR_MUTEX_NOT_LOCKED), R(CKR_NEW_PIN_MODE),
	R(CKR_NEXT_OTP), R(CKR_EXCEEDED_MAX_ITERATIONS),
	R(CKR_FIPS_SELF_TEST_FAILED), R(CKR_LIBRARY_LOAD_FAILED),
	R(CKR_PIN_TOO_WEAK), R(CKR_PUBLIC_KEY_INVALID),
	R(CKR_FUNCTION_REJECTED), R(CKR_TOKEN_RESOURCE_EXCEEDED),
	R(CKR_OPERATION_CANCEL_FAILED),
};

const char *ckr_name(CK_RV rv)
{
	static char buf[40];

	for (size_t i = 0; i < sizeof(rv_names) / sizeof(rv_names[0]); i++)
		if (rv_names[i].rv == rv)
			return rv_names[i].name;
	snprintf(buf, sizeof(buf), "%s0x%08lx",
		 rv >= CKR_VENDOR_DEFINED ? "CKR_VENDOR_DEFINED+" : "CKR_",
		 (unsigned long)(rv >= CKR_VENDOR_DEFINED ?
				 rv - CKR_VENDOR_DEFINED : rv));
	return buf;
}

int p11_fail(const char *what, CK_RV rv)
{
	msg("%s: %s", what, ckr_name(rv));
	return EXIT_P11;
}

int start(const struct opts *o)
{
	CK_RV (*get_list)(CK_FUNCTION_LIST_PTR_PTR);
	CK_RV rv;

	dl = dlopen(o->module, RTLD_NOW | RTLD_LOCAL);
	if (!dl) {
		msg("cannot load the PKCS #11 module: %s", dlerror());
		return EXIT_P11;
	}
	*(void **)&get_list = dlsym(dl, "C_GetFunctionList");
	if (!get_list) {
		msg("%s is no PKCS #11 module (no C_GetFunctionList)",
		    o->module);
		return EXIT_P11;
	}
	rv = get_list(&p11f);
	if (rv != CKR_OK)
		return p11_fail("C_GetFunctionList", rv);
	/* NULL: one thread, no locking asked for (and no arguments that a
	 * module built on another header could misread) */
	rv = p11f->C_Initialize(NULL);
	if (rv != CKR_OK) {
		p11f = NULL;
		return p11_fail("C_Initialize", rv);
	}
	return 0;
}

void p11_unload(void)
{
	if (p11f)
		p11f->C_Finalize(NULL);
	p11f = NULL;
	/* no dlclose: a module may leave atexit handlers or threads behind;
	 * the process ends next anyway */
}

void p11_str(char *dst, const CK_UTF8CHAR *src, size_t n)
{
	memcpy(dst, src, n);
	dst[n] = 0;
	while (n && dst[n - 1] == ' ')
		dst[--n] = 0;
}

int find_token(const struct opts *o, CK_SLOT_ID *slot)
{
	CK_SLOT_ID *slots = NULL;
	CK_ULONG n = 0, matches = 0;
	CK_TOKEN_INFO ti;
	char label[33];
	CK_RV rv;

	if (!o->token && o->slot < 0) {
		msg("%s needs --token LABEL or --slot N", o->cmd);
		return EXIT_USAGE;
	}
	rv = p11f->C_GetSlotList(CK_TRUE, NULL, &n);
	if (rv == CKR_OK && n) {
		slots = calloc(n, sizeof(*slots));
		if (!slots)
			return p11_fail("C_GetSlotList", CKR_HOST_MEMORY);
		rv = p11f->C_GetSlotList(CK_TRUE, slots, &n);
	}
	if (rv != CKR_OK) {
		free(slots);
		return p11_fail("C_GetSlotList", rv);
	}
	for (CK_ULONG i = 0; i < n; i++) {
		if (o->slot >= 0) {
			if (slots[i] != (CK_SLOT_ID)o->slot)
				continue;
			*slot = slots[i];
			free(slots);
			return 0;
		}
		if (p11f->C_GetTokenInfo(slots[i], &ti) != CKR_OK ||
		    !(ti.flags & CKF_TOKEN_INITIALIZED))
			continue;
		p11_str(label, ti.label, sizeof(ti.label));
		if (strcmp(label, o->token))
			continue;
		if (!matches++)
			*slot = slots[i];
	}
	free(slots);
	if (o->slot >= 0) {
		msg("no slot %ld with a token present", o->slot);
		return EXIT_USAGE;
	}
	if (!matches) {
		msg("no token labelled \"%s\" (see ncr-pkcs11-util list)",
		    o->token);
		return EXIT_USAGE;
	}
	if (matches > 1) {
		msg("%lu tokens are labelled \"%s\": name one with --slot",
		    (unsigned long)matches, o->token);
		return EXIT_USAGE;
	}
	return 0;
}

int open_session(CK_SLOT_ID slot, bool rw, CK_SESSION_HANDLE *s)
{
	CK_FLAGS f = CKF_SERIAL_SESSION | (rw ? CKF_RW_SESSION : 0);
	CK_RV rv = p11f->C_OpenSession(slot, f, NULL, NULL, s);

	return rv == CKR_OK ? 0 : p11_fail("C_OpenSession", rv);
}

int login(CK_SESSION_HANDLE s, CK_USER_TYPE who, const char *pin)
{
	CK_RV rv = p11f->C_Login(s, who, (CK_UTF8CHAR_PTR)pin, strlen(pin));

	if (rv == CKR_OK || rv == CKR_USER_ALREADY_LOGGED_IN)
		return 0;
	return p11_fail(who == CKU_SO ? "C_Login (SO)" : "C_Login", rv);
}

CK_RV get_attr(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE h,
	       CK_ATTRIBUTE_TYPE t, uint8_t **val, CK_ULONG *len)
{
	CK_ATTRIBUTE a = { t, NULL, 0 };
	CK_RV rv;

	*val = NULL;
	*len = 0;
	rv = p11f->C_GetAttributeValue(s, h, &a, 1);
	if (rv != CKR_OK)
		return rv;
	if (a.ulValueLen == CK_UNAVAILABLE_INFORMATION)
		return CKR_ATTRIBUTE_TYPE_INVALID;
	a.pValue = malloc(a.ulValueLen ? a.ulValueLen : 1);
	if (!a.pValue)
		return CKR_HOST_MEMORY;
	rv = p11f->C_GetAttributeValue(s, h, &a, 1);
	if (rv != CKR_OK) {
		free(a.pValue);
		return rv;
	}
	*val = a.pValue;
	*len = a.ulValueLen;
	return CKR_OK;
}

bool get_ulong(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE h,
	       CK_ATTRIBUTE_TYPE t, CK_ULONG *v)
{
	CK_ATTRIBUTE a = { t, v, sizeof(*v) };

	return p11f->C_GetAttributeValue(s, h, &a, 1) == CKR_OK &&
	       a.ulValueLen == sizeof(*v);
}

bool get_bool(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE h, CK_ATTRIBUTE_TYPE t)
{
	CK_BBOOL b = CK_FALSE;
	CK_ATTRIBUTE a = { t, &b, sizeof(b) };

	return p11f->C_GetAttributeValue(s, h, &a, 1) == CKR_OK &&
	       a.ulValueLen == sizeof(b) && b == CK_TRUE;
}

CK_RV find_objects(CK_SESSION_HANDLE s, CK_ATTRIBUTE *t, CK_ULONG n,
		   CK_OBJECT_HANDLE **found, CK_ULONG *nfound)
{
	CK_OBJECT_HANDLE *all = NULL, batch[64];
	CK_ULONG count = 0, got;
	CK_RV rv;

	*found = NULL;
	*nfound = 0;
	rv = p11f->C_FindObjectsInit(s, t, n);
	if (rv != CKR_OK)
		return rv;
	for (;;) {
		CK_OBJECT_HANDLE *more;

		rv = p11f->C_FindObjects(s, batch, 64, &got);
		if (rv != CKR_OK || !got)
			break;
		more = realloc(all, (count + got) * sizeof(*all));
		if (!more) {
			rv = CKR_HOST_MEMORY;
			break;
		}
		all = more;
		memcpy(all + count, batch, got * sizeof(*all));
		count += got;
	}
	p11f->C_FindObjectsFinal(s);
	if (rv != CKR_OK) {
		free(all);
		return rv;
	}
	*found = all;
	*nfound = count;
	return CKR_OK;
}

bool parse_hex(const char *hex, uint8_t **out, size_t *len)
{
	size_t n = 0, digits = 0;
	uint8_t *b;

	if (!strncmp(hex, "0x", 2) || !strncmp(hex, "0X", 2))
		hex += 2;
	for (const char *p = hex; *p; p++) {
		if (isxdigit((unsigned char)*p))
			digits++;
		else if (*p != ':')
			return false;
	}
	if (!digits || digits % 2)
		return false;
	b = malloc(digits / 2);
	if (!b)
		return false;
	for (const char *p = hex; *p; p++) {
		char pair[3];

		if (*p == ':')
			continue;
		if (!p[1] || p[1] == ':') {	/* digits split by a colon */
			free(b);
			return false;
		}
		pair[0] = p[0];
		pair[1] = p[1];
		pair[2] = 0;
		b[n++] = (uint8_t)strtoul(pair, NULL, 16);
		p++;
	}
	*out = b;
	*len = n;
	return true;
}

void print_hex(const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		printf("%02x", p[i]);
}

const char *class_name(CK_OBJECT_CLASS c)
{
	switch (c) {
	case CKO_DATA: return "data";
	case CKO_CERTIFICATE: return "certificate";
	case CKO_PUBLIC_KEY: return "public-key";
	case CKO_PRIVATE_KEY: return "private-key";
	case CKO_SECRET_KEY: return "secret-key";
	case CKO_HW_FEATURE: return "hw-feature";
	case CKO_DOMAIN_PARAMETERS: return "domain-parameters";
	case CKO_MECHANISM: return "mechanism";
	case CKO_OTP_KEY: return "otp-key";
	}
	return "vendor-class";
}

const char *key_type_name(CK_KEY_TYPE k)
{
	switch (k) {
	case CKK_RSA: return "RSA";
	case CKK_DSA: return "DSA";
	case CKK_DH: return "DH";
	case CKK_EC: return "EC";
	case CKK_EC_EDWARDS: return "EdDSA";
	case CKK_EC_MONTGOMERY: return "X25519";
	case CKK_GENERIC_SECRET: return "generic-secret";
	case CKK_AES: return "AES";
	case CKK_DES3: return "DES3";
	case CKK_CHACHA20: return "ChaCha20";
	case CKK_SHA_1_HMAC: return "HMAC-SHA1";
	case CKK_SHA224_HMAC: return "HMAC-SHA224";
	case CKK_SHA256_HMAC: return "HMAC-SHA256";
	case CKK_SHA384_HMAC: return "HMAC-SHA384";
	case CKK_SHA512_HMAC: return "HMAC-SHA512";
	}
	return "unknown";
}

const char *curve_name(const uint8_t *p, size_t len)
{
	static const uint8_t p256[] = { 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce,
					0x3d, 0x03, 0x01, 0x07 };
	static const uint8_t p384[] = { 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00,
					0x22 };
	static const uint8_t p521[] = { 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00,
					0x23 };
	static const uint8_t ed25519[] = { 0x06, 0x03, 0x2b, 0x65, 0x70 };
	static const uint8_t x25519[] = { 0x06, 0x03, 0x2b, 0x65, 0x6e };
	static const struct {
		const uint8_t *der;
		size_t len;
		const char *name;
	} curves[] = {
		{ p256, sizeof(p256), "P-256" },
		{ p384, sizeof(p384), "P-384" },
		{ p521, sizeof(p521), "P-521" },
		{ ed25519, sizeof(ed25519), "Ed25519" },
		{ x25519, sizeof(x25519), "X25519" },
	};

	for (size_t i = 0; i < sizeof(curves) / sizeof(curves[0]); i++)
		if (len == curves[i].len && !memcmp(p, curves[i].der, len))
			return curves[i].name;
	/* PrintableString curve names (PKCS #11 3.0, Edwards/Montgomery) */
	if (len > 2 && p[0] == 0x13 && p[1] == len - 2) {
		if (len - 2 == 12 && !memcmp(p + 2, "edwards25519", 12))
			return "Ed25519";
		if (len - 2 == 10 && !memcmp(p + 2, "curve25519", 10))
			return "X25519";
	}
	return NULL;
}
