// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * import.c - a key or certificate file into the token (C_CreateObject).
 *
 * The file (PEM or DER) is read with OpenSSL's libcrypto; the first of
 * these it holds is imported: a private key (PKCS #8, or the traditional
 * RSA/EC forms; an encrypted PEM key asks for its passphrase on the
 * terminal), a certificate, a public key (SubjectPublicKeyInfo).
 * Key types: RSA, EC P-256/P-384, Ed25519, X25519.
 *
 *   private key   CKO_PRIVATE_KEY, CKA_TOKEN, CKA_PRIVATE, CKA_SENSITIVE
 *                 (unless --not-sensitive), CKA_EXTRACTABLE false (unless
 *                 --extractable), the usage the type has (RSA: sign,
 *                 decrypt, unwrap; EC: sign, derive; Ed25519: sign;
 *                 X25519: derive) and the material (RSA: CKA_MODULUS ..
 *                 CKA_COEFFICIENT; EC/Edwards/Montgomery: CKA_EC_PARAMS
 *                 and CKA_VALUE).  The public key object goes in beside
 *                 it (same label and id) unless --no-public.
 *   public key    CKO_PUBLIC_KEY, not private: CKA_MODULUS and
 *                 CKA_PUBLIC_EXPONENT, or CKA_EC_PARAMS and CKA_EC_POINT
 *                 (a DER OCTET STRING).
 *   certificate   CKO_CERTIFICATE, CKC_X_509: CKA_SUBJECT, CKA_ISSUER,
 *                 CKA_SERIAL_NUMBER (DER INTEGER), CKA_VALUE (the DER
 *                 certificate), CKA_ID, CKA_LABEL.
 * --id defaults to the SHA-1 of the public key's bit string (RFC 5280
 * key identifier, method 1), so a key and its certificate imported
 * apart still pair up.
 *
 * Secrets: the file's bytes, the decoded key's numbers and the template
 * values are wiped (OPENSSL_cleanse, BN_clear_free, explicit_bzero) as
 * soon as C_CreateObject returns, whatever it returned.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include "util.h"

#define MAX_FILE (1024 * 1024)
#define MAX_ATTRS 32

struct tmpl {
	CK_ATTRIBUTE a[MAX_ATTRS];
	CK_ULONG n;
	bool oom;
};

static void tmpl_free(struct tmpl *t)
{
	for (CK_ULONG i = 0; i < t->n; i++) {
		wipe(t->a[i].pValue, t->a[i].ulValueLen);
		free(t->a[i].pValue);
	}
	t->n = 0;
}

static void add(struct tmpl *t, CK_ATTRIBUTE_TYPE type, const void *v,
		size_t len)
{
	void *copy;

	if (t->n == MAX_ATTRS) {
		t->oom = true;
		return;
	}
	copy = malloc(len ? len : 1);
	if (!copy) {
		t->oom = true;
		return;
	}
	if (len)
		memcpy(copy, v, len);
	t->a[t->n].type = type;
	t->a[t->n].pValue = copy;
	t->a[t->n++].ulValueLen = len;
}

static void add_bool(struct tmpl *t, CK_ATTRIBUTE_TYPE type, bool v)
{
	CK_BBOOL b = v ? CK_TRUE : CK_FALSE;

	add(t, type, &b, sizeof(b));
}

static void add_ulong(struct tmpl *t, CK_ATTRIBUTE_TYPE type, CK_ULONG v)
{
	add(t, type, &v, sizeof(v));
}

/* A big-endian number of an OpenSSL key (pad: at least that many bytes,
 * with leading zeros, for EC scalars). */
static void add_bn(struct tmpl *t, CK_ATTRIBUTE_TYPE type,
		   const EVP_PKEY *pk, const char *name, int pad)
{
	BIGNUM *bn = NULL;
	unsigned char *b;
	int len;

	if (!EVP_PKEY_get_bn_param(pk, name, &bn)) {
		t->oom = true;
		return;
	}
	len = BN_num_bytes(bn);
	if (len < pad)
		len = pad;
	b = malloc(len ? len : 1);
	if (!b || BN_bn2binpad(bn, b, len) != len) {
		t->oom = true;
	} else {
		add(t, type, b, len);
	}
	if (b) {
		wipe(b, len);
		free(b);
	}
	BN_clear_free(bn);
}

static const uint8_t oid_p256[] = { 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce,
				    0x3d, 0x03, 0x01, 0x07 };
static const uint8_t oid_p384[] = { 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00,
				    0x22 };
static const uint8_t oid_ed25519[] = { 0x06, 0x03, 0x2b, 0x65, 0x70 };
static const uint8_t oid_x25519[] = { 0x06, 0x03, 0x2b, 0x65, 0x6e };

/* The key type, and for curves the CKA_EC_PARAMS and scalar size. */
static int key_kind(const EVP_PKEY *pk, CK_KEY_TYPE *kt,
		    const uint8_t **params, size_t *plen, int *scalar)
{
	char group[64];

	*params = NULL;
	*plen = 0;
	*scalar = 0;
	switch (EVP_PKEY_get_base_id(pk)) {
	case EVP_PKEY_RSA:
		*kt = CKK_RSA;
		return 0;
	case EVP_PKEY_EC:
		*kt = CKK_EC;
		if (!EVP_PKEY_get_utf8_string_param(pk,
				OSSL_PKEY_PARAM_GROUP_NAME, group,
				sizeof(group), NULL))
			break;
		if (!strcmp(group, "prime256v1") || !strcmp(group, "P-256")) {
			*params = oid_p256;
			*plen = sizeof(oid_p256);
			*scalar = 32;
			return 0;
		}
		if (!strcmp(group, "secp384r1") || !strcmp(group, "P-384")) {
			*params = oid_p384;
			*plen = sizeof(oid_p384);
			*scalar = 48;
			return 0;
		}
		msg("EC curve %s: only P-256 and P-384 are supported", group);
		return EXIT_USAGE;
	case EVP_PKEY_ED25519:
		*kt = CKK_EC_EDWARDS;
		*params = oid_ed25519;
		*plen = sizeof(oid_ed25519);
		return 0;
	case EVP_PKEY_X25519:
		*kt = CKK_EC_MONTGOMERY;
		*params = oid_x25519;
		*plen = sizeof(oid_x25519);
		return 0;
	}
	msg("unsupported key type %s (RSA, EC P-256/P-384, Ed25519, "
	    "X25519)", EVP_PKEY_get0_type_name(pk) ?
	    EVP_PKEY_get0_type_name(pk) : "?");
	return EXIT_USAGE;
}

/* CKA_EC_POINT: the encoded public point (uncompressed for EC, the raw
 * 32 bytes for Edwards and Montgomery keys) inside a DER OCTET STRING. */
static void add_ec_point(struct tmpl *t, const EVP_PKEY *pk, CK_KEY_TYPE kt)
{
	unsigned char pt[200], der[204];
	size_t len = sizeof(pt), hl;

	if (kt == CKK_EC) {
		if (!EVP_PKEY_get_octet_string_param(pk,
				OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, pt,
				sizeof(pt), &len)) {
			t->oom = true;
			return;
		}
	} else if (!EVP_PKEY_get_raw_public_key(pk, pt, &len)) {
		t->oom = true;
		return;
	}
	der[0] = 0x04;
	if (len < 128) {
		der[1] = len;
		hl = 2;
	} else {
		der[1] = 0x81;
		der[2] = len;
		hl = 3;
	}
	memcpy(der + hl, pt, len);
	add(t, CKA_EC_POINT, der, hl + len);
}

static void add_common(struct tmpl *t, CK_OBJECT_CLASS cls,
		       const struct opts *o, const uint8_t *id, size_t idlen,
		       bool priv)
{
	add_ulong(t, CKA_CLASS, cls);
	add_bool(t, CKA_TOKEN, true);
	add_bool(t, CKA_PRIVATE, priv);
	add(t, CKA_LABEL, o->label, strlen(o->label));
	add(t, CKA_ID, id, idlen);
}

static void private_template(struct tmpl *t, const struct opts *o,
			     const EVP_PKEY *pk, CK_KEY_TYPE kt,
			     const uint8_t *params, size_t plen, int scalar,
			     const uint8_t *id, size_t idlen)
{
	add_common(t, CKO_PRIVATE_KEY, o, id, idlen, true);
	add_ulong(t, CKA_KEY_TYPE, kt);
	add_bool(t, CKA_SENSITIVE, !o->not_sensitive);
	add_bool(t, CKA_EXTRACTABLE, o->extractable);
	add_bool(t, CKA_SIGN, kt != CKK_EC_MONTGOMERY);
	add_bool(t, CKA_DECRYPT, kt == CKK_RSA);
	add_bool(t, CKA_UNWRAP, kt == CKK_RSA);
	add_bool(t, CKA_DERIVE, kt == CKK_EC || kt == CKK_EC_MONTGOMERY);
	if (kt == CKK_RSA) {
		add_bn(t, CKA_MODULUS, pk, OSSL_PKEY_PARAM_RSA_N, 0);
		add_bn(t, CKA_PUBLIC_EXPONENT, pk, OSSL_PKEY_PARAM_RSA_E, 0);
		add_bn(t, CKA_PRIVATE_EXPONENT, pk, OSSL_PKEY_PARAM_RSA_D, 0);
		add_bn(t, CKA_PRIME_1, pk, OSSL_PKEY_PARAM_RSA_FACTOR1, 0);
		add_bn(t, CKA_PRIME_2, pk, OSSL_PKEY_PARAM_RSA_FACTOR2, 0);
		add_bn(t, CKA_EXPONENT_1, pk, OSSL_PKEY_PARAM_RSA_EXPONENT1,
		       0);
		add_bn(t, CKA_EXPONENT_2, pk, OSSL_PKEY_PARAM_RSA_EXPONENT2,
		       0);
		add_bn(t, CKA_COEFFICIENT, pk,
		       OSSL_PKEY_PARAM_RSA_COEFFICIENT1, 0);
		return;
	}
	add(t, CKA_EC_PARAMS, params, plen);
	if (kt == CKK_EC) {
		add_bn(t, CKA_VALUE, pk, OSSL_PKEY_PARAM_PRIV_KEY, scalar);
	} else {
		unsigned char raw[64];
		size_t len = sizeof(raw);

		if (EVP_PKEY_get_raw_private_key(pk, raw, &len))
			add(t, CKA_VALUE, raw, len);
		else
			t->oom = true;
		wipe(raw, sizeof(raw));
	}
}

static void public_template(struct tmpl *t, const struct opts *o,
			    const EVP_PKEY *pk, CK_KEY_TYPE kt,
			    const uint8_t *params, size_t plen,
			    const uint8_t *id, size_t idlen)
{
	add_common(t, CKO_PUBLIC_KEY, o, id, idlen, false);
	add_ulong(t, CKA_KEY_TYPE, kt);
	add_bool(t, CKA_VERIFY, kt != CKK_EC_MONTGOMERY);
	add_bool(t, CKA_ENCRYPT, kt == CKK_RSA);
	add_bool(t, CKA_WRAP, kt == CKK_RSA);
	if (kt == CKK_RSA) {
		add_bn(t, CKA_MODULUS, pk, OSSL_PKEY_PARAM_RSA_N, 0);
		add_bn(t, CKA_PUBLIC_EXPONENT, pk, OSSL_PKEY_PARAM_RSA_E, 0);
		return;
	}
	add(t, CKA_EC_PARAMS, params, plen);
	add_ec_point(t, pk, kt);
}

static int create(CK_SESSION_HANDLE s, struct tmpl *t, const char *what)
{
	CK_OBJECT_HANDLE h;
	CK_RV rv;

	if (t->oom) {
		tmpl_free(t);
		msg("cannot build the %s's attributes", what);
		return EXIT_USAGE;
	}
	rv = p11f->C_CreateObject(s, t->a, t->n, &h);
	tmpl_free(t);
	if (rv != CKR_OK) {
		char w[80];

		snprintf(w, sizeof(w), "C_CreateObject (%s)", what);
		return p11_fail(w, rv);
	}
	printf("imported %s\n", what);
	return 0;
}

/* RFC 5280 4.2.1.2 (1): SHA-1 of the subjectPublicKey bit string. */
static bool key_id(EVP_PKEY *pk, uint8_t id[SHA_DIGEST_LENGTH])
{
	X509_PUBKEY *xp = NULL;
	const unsigned char *bits;
	int len;
	bool ok = false;

	if (X509_PUBKEY_set(&xp, pk) &&
	    X509_PUBKEY_get0_param(NULL, &bits, &len, NULL, xp)) {
		SHA1(bits, len, id);
		ok = true;
	}
	X509_PUBKEY_free(xp);
	return ok;
}

static int read_file(const char *path, unsigned char **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *b;
	struct stat st;
	size_t n;

	if (!f || fstat(fileno(f), &st) < 0) {
		msg("cannot read %s: %s", path, strerror(errno));
		if (f)
			fclose(f);
		return EXIT_USAGE;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > MAX_FILE ||
	    st.st_size == 0) {
		msg("%s: not a key or certificate file", path);
		fclose(f);
		return EXIT_USAGE;
	}
	b = malloc(st.st_size);
	if (!b) {
		fclose(f);
		return EXIT_USAGE;
	}
	n = fread(b, 1, st.st_size, f);
	fclose(f);
	if (n != (size_t)st.st_size) {
		OPENSSL_clear_free(b, st.st_size);
		msg("cannot read %s", path);
		return EXIT_USAGE;
	}
	*buf = b;
	*len = n;
	return 0;
}

/* The file's contents: one of *priv, *pub, *cert set. */
static int decode(const unsigned char *buf, size_t len, EVP_PKEY **priv,
		  EVP_PKEY **pub, X509 **cert)
{
	const unsigned char *p;
	BIO *bio;

	*priv = *pub = NULL;
	*cert = NULL;
	if (memmem(buf, len, "-----BEGIN", 10)) {
		bio = BIO_new_mem_buf(buf, len);
		*priv = bio ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL)
			    : NULL;
		BIO_free(bio);
		if (!*priv) {
			bio = BIO_new_mem_buf(buf, len);
			*cert = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL)
				    : NULL;
			BIO_free(bio);
		}
		if (!*priv && !*cert) {
			bio = BIO_new_mem_buf(buf, len);
			*pub = bio ? PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL)
				   : NULL;
			BIO_free(bio);
		}
	} else {
		p = buf;
		*priv = d2i_AutoPrivateKey(NULL, &p, len);
		if (!*priv) {
			p = buf;
			*cert = d2i_X509(NULL, &p, len);
		}
		if (!*priv && !*cert) {
			p = buf;
			*pub = d2i_PUBKEY(NULL, &p, len);
		}
	}
	ERR_clear_error();
	if (*priv || *pub || *cert)
		return 0;
	msg("no private key, certificate or public key found (or a "
	    "passphrase is needed and none was given)");
	return EXIT_USAGE;
}

static int import_cert(CK_SESSION_HANDLE s, const struct opts *o, X509 *x,
		       const uint8_t *id, size_t idlen)
{
	struct tmpl t = { 0 };
	unsigned char *der = NULL;
	int len;

	add_common(&t, CKO_CERTIFICATE, o, id, idlen, false);
	add_ulong(&t, CKA_CERTIFICATE_TYPE, CKC_X_509);
#define DER_ADD(type, expr) do { der = NULL; len = (expr); \
		if (len <= 0) t.oom = true; else add(&t, type, der, len); \
		OPENSSL_free(der); } while (0)
	DER_ADD(CKA_SUBJECT, i2d_X509_NAME(X509_get_subject_name(x), &der));
	DER_ADD(CKA_ISSUER, i2d_X509_NAME(X509_get_issuer_name(x), &der));
	DER_ADD(CKA_SERIAL_NUMBER,
		i2d_ASN1_INTEGER(X509_get0_serialNumber(x), &der));
	DER_ADD(CKA_VALUE, i2d_X509(x, &der));
#undef DER_ADD
	return create(s, &t, "certificate");
}

int cmd_import(struct opts *o)
{
	unsigned char *buf = NULL;
	size_t len = 0, idlen = 0, plen = 0;
	uint8_t *id = NULL, kid[SHA_DIGEST_LENGTH];
	const uint8_t *params = NULL;
	EVP_PKEY *priv = NULL, *pub = NULL, *key;
	X509 *cert = NULL;
	CK_SESSION_HANDLE s;
	CK_SLOT_ID slot;
	CK_KEY_TYPE kt = 0;
	struct tmpl t = { 0 };
	char *pin = NULL;
	int rc, scalar = 0;

	if (!o->label) {
		msg("import needs --label LABEL");
		return EXIT_USAGE;
	}
	if (o->id_hex && !parse_hex(o->id_hex, &id, &idlen)) {
		msg("--id takes hex digits, two a byte: %s", o->id_hex);
		return EXIT_USAGE;
	}
	rc = read_file(o->file, &buf, &len);
	if (!rc) {
		rc = decode(buf, len, &priv, &pub, &cert);
		OPENSSL_clear_free(buf, len);
	}
	if (rc)
		goto out;
	key = priv ? priv : pub ? pub : X509_get0_pubkey(cert);
	if (!priv && (o->extractable || o->not_sensitive)) {
		msg("--extractable and --not-sensitive are for private keys");
		rc = EXIT_USAGE;
		goto out;
	}
	if (!priv && o->no_public) {
		msg("--no-public is for private keys");
		rc = EXIT_USAGE;
		goto out;
	}
	if (priv || pub) {
		rc = key_kind(key, &kt, &params, &plen, &scalar);
		if (rc)
			goto out;
	}
	if (!id) {
		if (!key || !key_id(key, kid)) {
			msg("cannot compute a key id: give --id");
			rc = EXIT_USAGE;
			goto out;
		}
		id = malloc(sizeof(kid));
		if (!id) {
			rc = EXIT_USAGE;
			goto out;
		}
		memcpy(id, kid, sizeof(kid));
		idlen = sizeof(kid);
	}

	rc = start(o);
	if (!rc)
		rc = find_token(o, &slot);
	if (!rc)
		rc = get_pin(o->pin, o->pin_file, "NCR_PKCS11_PIN", "user PIN",
			     false, &pin);
	if (!rc)
		rc = open_session(slot, true, &s);
	if (rc)
		goto out;
	rc = login(s, CKU_USER, pin);
	if (rc)
		goto close;
	if (cert) {
		rc = import_cert(s, o, cert, id, idlen);
	} else if (priv) {
		private_template(&t, o, priv, kt, params, plen, scalar, id,
				 idlen);
		rc = create(s, &t, "private key");
		if (!rc && !o->no_public) {
			public_template(&t, o, priv, kt, params, plen, id,
					idlen);
			rc = create(s, &t, "public key");
		}
	} else {
		public_template(&t, o, pub, kt, params, plen, id, idlen);
		rc = create(s, &t, "public key");
	}
	if (!rc) {
		printf("  label: %s\n  id:    ", o->label);
		print_hex(id, idlen);
		printf("\n");
	}
	p11f->C_Logout(s);
close:
	p11f->C_CloseSession(s);
out:
	pin_free(pin);
	free(id);
	EVP_PKEY_free(priv);	/* clears the key's numbers */
	EVP_PKEY_free(pub);
	X509_free(cert);
	return rc;
}
