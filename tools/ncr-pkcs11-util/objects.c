// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * objects.c - list-objects (each object's class, key type and size,
 * label, CKA_ID in hex and its policy flags), delete (every object whose
 * label and/or id match, optionally of one class), export-pubkey (the
 * public key of a key pair or certificate as PEM SubjectPublicKeyInfo).
 *
 * export-pubkey prefers, among the objects matching --label/--id, a
 * public key, then a certificate, then a private key; it takes
 * CKA_PUBLIC_KEY_INFO when the module gives one, otherwise builds the key
 * from CKA_MODULUS/CKA_PUBLIC_EXPONENT (RSA), CKA_EC_PARAMS/CKA_EC_POINT
 * (EC, Ed25519, X25519) or the certificate's CKA_VALUE.  Without a PIN
 * only public objects are seen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "util.h"

/* A session on the named token, logged in as the user when a PIN is
 * given (or required). */
static int token_session(struct opts *o, bool rw, bool need_pin,
			 CK_SESSION_HANDLE *s)
{
	CK_SLOT_ID slot;
	char *pin = NULL;
	int rc = start(o);

	if (!rc)
		rc = find_token(o, &slot);
	if (!rc)
		rc = get_pin(o->pin, o->pin_file, "NCR_PKCS11_PIN",
			     need_pin || o->login ? "user PIN" : NULL, false,
			     &pin);
	if (!rc)
		rc = open_session(slot, rw, s);
	if (!rc && pin) {
		rc = login(*s, CKU_USER, pin);
		if (rc)
			p11f->C_CloseSession(*s);
	}
	pin_free(pin);
	return rc;
}

/* "RSA-2048", "EC-P-256", "AES-256"... */
static void describe_key(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE h,
			 CK_KEY_TYPE kt, char *buf, size_t n)
{
	CK_ULONG bits, vlen;
	uint8_t *v = NULL;
	CK_ULONG len;
	const char *c = NULL;

	snprintf(buf, n, "%s", key_type_name(kt));
	switch (kt) {
	case CKK_RSA:
		if (get_ulong(s, h, CKA_MODULUS_BITS, &bits))
			snprintf(buf, n, "RSA-%lu", (unsigned long)bits);
		else if (get_attr(s, h, CKA_MODULUS, &v, &len) == CKR_OK)
			snprintf(buf, n, "RSA-%lu", (unsigned long)len * 8);
		break;
	case CKK_EC: case CKK_EC_EDWARDS: case CKK_EC_MONTGOMERY:
		if (get_attr(s, h, CKA_EC_PARAMS, &v, &len) == CKR_OK)
			c = curve_name(v, len);
		if (c && kt == CKK_EC)
			snprintf(buf, n, "EC-%s", c);
		else if (c)
			snprintf(buf, n, "%s", c);
		break;
	case CKK_DSA: case CKK_DH:
		if (get_attr(s, h, CKA_PRIME, &v, &len) == CKR_OK && len)
			snprintf(buf, n, "%s-%lu", key_type_name(kt),
				 (unsigned long)len * 8);
		break;
	default:
		if (get_ulong(s, h, CKA_VALUE_LEN, &vlen))
			snprintf(buf, n, "%s-%lu", key_type_name(kt),
				 (unsigned long)vlen * 8);
		break;
	}
	free(v);
}

static void print_object(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE h)
{
	static const struct {
		CK_ATTRIBUTE_TYPE t;
		const char *name;
	} flags[] = {
		{ CKA_TOKEN, "token" },
		{ CKA_PRIVATE, "private" },
		{ CKA_SENSITIVE, "sensitive" },
		{ CKA_EXTRACTABLE, "extractable" },
		{ CKA_LOCAL, "local" },
		{ CKA_ALWAYS_SENSITIVE, "always-sensitive" },
		{ CKA_NEVER_EXTRACTABLE, "never-extractable" },
		{ CKA_TRUSTED, "trusted" },
	};
	CK_OBJECT_CLASS cls = (CK_ULONG)-1;
	CK_KEY_TYPE kt;
	uint8_t *v;
	CK_ULONG len;
	char type[64];

	get_ulong(s, h, CKA_CLASS, &cls);
	type[0] = 0;
	if ((cls == CKO_PRIVATE_KEY || cls == CKO_PUBLIC_KEY ||
	     cls == CKO_SECRET_KEY) && get_ulong(s, h, CKA_KEY_TYPE, &kt))
		describe_key(s, h, kt, type, sizeof(type));
	else if (cls == CKO_CERTIFICATE)
		snprintf(type, sizeof(type), "X.509");
	printf("%s%s%s\n", class_name(cls), type[0] ? " " : "", type);

	printf("  label:   ");
	if (get_attr(s, h, CKA_LABEL, &v, &len) == CKR_OK)
		printf("%.*s", (int)len, (const char *)v);
	free(v);
	printf("\n  id:      ");
	if (get_attr(s, h, CKA_ID, &v, &len) == CKR_OK)
		print_hex(v, len);
	free(v);
	if (cls == CKO_CERTIFICATE &&
	    get_attr(s, h, CKA_SUBJECT, &v, &len) == CKR_OK) {
		const unsigned char *p = v;
		X509_NAME *nm = d2i_X509_NAME(NULL, &p, len);

		if (nm) {
			char *str = X509_NAME_oneline(nm, NULL, 0);

			printf("\n  subject: %s", str ? str : "?");
			OPENSSL_free(str);
			X509_NAME_free(nm);
		}
		free(v);
	}
	printf("\n  flags:  ");
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (get_bool(s, h, flags[i].t))
			printf(" %s", flags[i].name);
	printf("\n");
}

int cmd_list_objects(struct opts *o)
{
	CK_SESSION_HANDLE s;
	CK_OBJECT_HANDLE *found;
	CK_ULONG n;
	CK_RV rv;
	int rc = token_session(o, false, false, &s);

	if (rc)
		return rc;
	rv = find_objects(s, NULL, 0, &found, &n);
	if (rv != CKR_OK) {
		p11f->C_CloseSession(s);
		return p11_fail("C_FindObjects", rv);
	}
	for (CK_ULONG i = 0; i < n; i++)
		print_object(s, found[i]);
	if (!n)
		printf("no objects%s\n", o->pin || o->pin_file || o->login ||
		       getenv("NCR_PKCS11_PIN") ? "" :
		       " (private ones need --pin or --login)");
	free(found);
	p11f->C_CloseSession(s);
	return 0;
}

/* The --label/--id part of a search template: the number of entries
 * filled in t (which has room for 3), or -1 after a usage message. */
static int name_template(const struct opts *o, CK_ATTRIBUTE *t,
			 uint8_t **id)
{
	int n = 0;
	size_t len;

	*id = NULL;
	if (!o->label && !o->id_hex) {
		msg("%s needs --label LABEL or --id HEX", o->cmd);
		return -1;
	}
	if (o->label) {
		t[n].type = CKA_LABEL;
		t[n].pValue = (void *)o->label;
		t[n++].ulValueLen = strlen(o->label);
	}
	if (o->id_hex) {
		if (!parse_hex(o->id_hex, id, &len)) {
			msg("--id takes hex digits, two a byte: %s",
			    o->id_hex);
			return -1;
		}
		t[n].type = CKA_ID;
		t[n].pValue = *id;
		t[n++].ulValueLen = len;
	}
	return n;
}

static bool parse_class(const char *name, CK_OBJECT_CLASS *c)
{
	static const struct {
		const char *name;
		CK_OBJECT_CLASS c;
	} names[] = {
		{ "private-key", CKO_PRIVATE_KEY }, { "privkey", CKO_PRIVATE_KEY },
		{ "public-key", CKO_PUBLIC_KEY }, { "pubkey", CKO_PUBLIC_KEY },
		{ "secret-key", CKO_SECRET_KEY }, { "secrkey", CKO_SECRET_KEY },
		{ "certificate", CKO_CERTIFICATE }, { "cert", CKO_CERTIFICATE },
		{ "data", CKO_DATA },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i].name)) {
			*c = names[i].c;
			return true;
		}
	return false;
}

int cmd_delete(struct opts *o)
{
	CK_ATTRIBUTE t[3];
	CK_OBJECT_CLASS cls;
	CK_SESSION_HANDLE s;
	CK_OBJECT_HANDLE *found = NULL;
	CK_ULONG nfound = 0;
	uint8_t *id;
	CK_RV rv = CKR_OK;
	int n, rc;

	n = name_template(o, t, &id);
	if (n < 0)
		return EXIT_USAGE;
	if (o->class_name) {
		if (!parse_class(o->class_name, &cls)) {
			free(id);
			msg("--class: private-key, public-key, secret-key, "
			    "certificate or data");
			return EXIT_USAGE;
		}
		t[n].type = CKA_CLASS;
		t[n].pValue = &cls;
		t[n++].ulValueLen = sizeof(cls);
	}
	rc = token_session(o, true, true, &s);
	if (rc) {
		free(id);
		return rc;
	}
	rv = find_objects(s, t, n, &found, &nfound);
	free(id);
	if (rv != CKR_OK)
		rc = p11_fail("C_FindObjects", rv);
	else if (!nfound) {
		msg("no object matches");
		rc = EXIT_USAGE;
	}
	for (CK_ULONG i = 0; !rc && i < nfound; i++) {
		CK_OBJECT_CLASS c = (CK_ULONG)-1;

		get_ulong(s, found[i], CKA_CLASS, &c);
		rv = p11f->C_DestroyObject(s, found[i]);
		if (rv != CKR_OK) {
			rc = p11_fail("C_DestroyObject", rv);
			break;
		}
		printf("deleted %s\n", class_name(c));
	}
	free(found);
	p11f->C_Logout(s);
	p11f->C_CloseSession(s);
	return rc;
}

/* ------------------------------------------------------ export-pubkey */

static const char *ossl_group(const uint8_t *params, size_t len)
{
	const char *c = curve_name(params, len);

	if (!c)
		return NULL;
	if (!strcmp(c, "P-256"))
		return "prime256v1";
	if (!strcmp(c, "P-384"))
		return "secp384r1";
	if (!strcmp(c, "P-521"))
		return "secp521r1";
	return c;	/* Ed25519, X25519 */
}

/* CKA_EC_POINT: a DER OCTET STRING around the point, or (some modules,
 * Edwards keys) the raw point. */
static void ec_point(const uint8_t *v, size_t len, const uint8_t **p,
		     size_t *plen)
{
	size_t hl = 0, l = 0;

	*p = v;
	*plen = len;
	if (len < 2 || v[0] != 0x04)
		return;
	if (v[1] < 0x80) {
		hl = 2;
		l = v[1];
	} else if (v[1] == 0x81 && len > 2) {
		hl = 3;
		l = v[2];
	} else if (v[1] == 0x82 && len > 3) {
		hl = 4;
		l = (size_t)v[2] << 8 | v[3];
	}
	if (hl && hl + l == len) {
		*p = v + hl;
		*plen = l;
	}
}

static EVP_PKEY *pkey_from_attrs(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE h)
{
	CK_KEY_TYPE kt;
	uint8_t *a = NULL, *b = NULL;
	CK_ULONG al, bl;
	EVP_PKEY *pk = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	BIGNUM *n = NULL, *e = NULL;
	const char *name = "RSA";

	if (!get_ulong(s, h, CKA_KEY_TYPE, &kt))
		return NULL;
	bld = OSSL_PARAM_BLD_new();
	if (!bld)
		return NULL;
	if (kt == CKK_RSA) {
		if (get_attr(s, h, CKA_MODULUS, &a, &al) != CKR_OK ||
		    get_attr(s, h, CKA_PUBLIC_EXPONENT, &b, &bl) != CKR_OK)
			goto out;
		n = BN_bin2bn(a, al, NULL);
		e = BN_bin2bn(b, bl, NULL);
		if (!n || !e || !OSSL_PARAM_BLD_push_BN(bld,
				OSSL_PKEY_PARAM_RSA_N, n) ||
		    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e))
			goto out;
	} else if (kt == CKK_EC || kt == CKK_EC_EDWARDS ||
		   kt == CKK_EC_MONTGOMERY) {
		const char *group;
		const uint8_t *pt;
		size_t ptl;

		if (get_attr(s, h, CKA_EC_PARAMS, &a, &al) != CKR_OK ||
		    get_attr(s, h, CKA_EC_POINT, &b, &bl) != CKR_OK)
			goto out;
		group = ossl_group(a, al);
		if (!group)
			goto out;
		ec_point(b, bl, &pt, &ptl);
		if (kt != CKK_EC) {
			pk = EVP_PKEY_new_raw_public_key_ex(NULL, group, NULL,
							    pt, ptl);
			goto out;
		}
		name = "EC";
		if (!OSSL_PARAM_BLD_push_utf8_string(bld,
				OSSL_PKEY_PARAM_GROUP_NAME, group, 0) ||
		    !OSSL_PARAM_BLD_push_octet_string(bld,
				OSSL_PKEY_PARAM_PUB_KEY, pt, ptl))
			goto out;
	} else {
		goto out;
	}
	params = OSSL_PARAM_BLD_to_param(bld);
	ctx = EVP_PKEY_CTX_new_from_name(NULL, name, NULL);
	if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &pk, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		pk = NULL;
out:
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(n);
	BN_free(e);
	free(a);
	free(b);
	return pk;
}

static EVP_PKEY *pkey_of(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE h,
			 CK_OBJECT_CLASS cls)
{
	uint8_t *v = NULL;
	CK_ULONG len;
	const unsigned char *p;
	EVP_PKEY *pk = NULL;

	if (cls == CKO_CERTIFICATE) {
		if (get_attr(s, h, CKA_VALUE, &v, &len) == CKR_OK) {
			X509 *x;

			p = v;
			x = d2i_X509(NULL, &p, len);
			if (x)
				pk = X509_get_pubkey(x);
			X509_free(x);
		}
		free(v);
		return pk;
	}
	if (get_attr(s, h, CKA_PUBLIC_KEY_INFO, &v, &len) == CKR_OK && len) {
		p = v;
		pk = d2i_PUBKEY(NULL, &p, len);
	}
	free(v);
	return pk ? pk : pkey_from_attrs(s, h);
}

int cmd_export_pubkey(struct opts *o)
{
	static const CK_OBJECT_CLASS order[] = {
		CKO_PUBLIC_KEY, CKO_CERTIFICATE, CKO_PRIVATE_KEY,
	};
	CK_ATTRIBUTE t[3];
	CK_SESSION_HANDLE s;
	CK_OBJECT_HANDLE *found = NULL;
	CK_ULONG nfound = 0;
	CK_OBJECT_CLASS cls;
	EVP_PKEY *pk = NULL;
	uint8_t *id;
	bool any = false;
	BIO *out;
	CK_RV rv;
	int n, rc;

	n = name_template(o, t, &id);
	if (n < 0)
		return EXIT_USAGE;
	rc = token_session(o, false, false, &s);
	if (rc) {
		free(id);
		return rc;
	}
	t[n].type = CKA_CLASS;
	t[n].pValue = &cls;
	t[n].ulValueLen = sizeof(cls);
	for (size_t i = 0; !pk && i < sizeof(order) / sizeof(order[0]); i++) {
		cls = order[i];
		rv = find_objects(s, t, n + 1, &found, &nfound);
		if (rv != CKR_OK) {
			rc = p11_fail("C_FindObjects", rv);
			break;
		}
		any |= nfound > 0;
		for (CK_ULONG k = 0; !pk && k < nfound; k++)
			pk = pkey_of(s, found[k], cls);
		free(found);
	}
	free(id);
	p11f->C_CloseSession(s);
	if (rc)
		return rc;
	if (!pk) {
		msg(any ? "the matching object's public key cannot be read"
			: "no public key, certificate or private key matches");
		return EXIT_USAGE;
	}
	out = o->out ? BIO_new_file(o->out, "w") : BIO_new_fp(stdout,
							      BIO_NOCLOSE);
	if (!out || !PEM_write_bio_PUBKEY(out, pk) || BIO_flush(out) <= 0) {
		msg("cannot write %s", o->out ? o->out : "the key");
		rc = EXIT_USAGE;
	}
	BIO_free(out);
	EVP_PKEY_free(pk);
	return rc;
}
