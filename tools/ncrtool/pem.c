// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tools/ncrtool/pem.c - part of build/bin/ncrtool (see main.c):
 * public-key encodings: PEM armour, and just enough DER to tell the key
 * encodings and key types apart (the kernel parses them for real).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ctype.h>
#include <string.h>

#include "ncrtool.h"

static int b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Base64 body (whitespace ignored, '=' ends it); -1 if malformed. */
static ssize_t b64_decode(const char *s, size_t n, uint8_t *out, size_t max)
{
	uint32_t acc = 0;
	size_t len = 0, i;
	int bits = 0, pad = 0;

	for (i = 0; i < n; i++) {
		int c = (unsigned char)s[i], v;

		if (isspace(c))
			continue;
		if (c == '=') {
			pad++;
			continue;
		}
		v = b64val(c);
		if (v < 0 || pad)
			return -1;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (len == max)
				return -1;
			out[len++] = (uint8_t)(acc >> bits);
		}
	}
	if (pad > 2 || (acc & ((1U << bits) - 1)))
		return -1;
	return (ssize_t)len;
}

/*
 * If buf holds PEM ("-----BEGIN label-----"), decodes the first block in
 * place and returns 1 with its label; 0 if it is not PEM.  Dies on a
 * malformed or encrypted block.
 */
int pem_decode(uint8_t *buf, size_t *len, char *label, size_t lsize,
	       const char *name)
{
	const char *b = (const char *)buf, *end = b + *len, *p, *q, *body;
	char endline[96];
	ssize_t n;
	size_t l;

	p = memmem(b, *len, "-----BEGIN ", 11);
	if (!p)
		return 0;
	p += 11;
	q = memmem(p, (size_t)(end - p), "-----", 5);
	if (!q || (size_t)(q - p) >= lsize || memchr(p, '\n', (size_t)(q - p)))
		die_usage("%s: malformed PEM header", name);
	l = (size_t)(q - p);
	memcpy(label, p, l);
	label[l] = 0;
	body = q + 5;
	snprintf(endline, sizeof(endline), "-----END %s-----", label);
	q = memmem(body, (size_t)(end - body), endline, strlen(endline));
	if (!q)
		die_usage("%s: PEM block '%s' has no END line", name, label);
	if (memmem(body, (size_t)(q - body), "Proc-Type:", 10) ||
	    !strcmp(label, "ENCRYPTED PRIVATE KEY"))
		die_usage("%s: an encrypted private key; decrypt it first "
			  "(openssl pkey -in F -out PLAIN.pem)", name);
	n = b64_decode(body, (size_t)(q - body), buf, *len);
	if (n <= 0)
		die_usage("%s: bad base64 in PEM block '%s'", name, label);
	*len = (size_t)n;
	return 1;
}

static void pem_write(struct output *o, const char *label,
		      const uint8_t *d, size_t len)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				  "abcdefghijklmnopqrstuvwxyz0123456789+/";
	char line[80];
	size_t i, col = 0;

	dprintf(o->fd, "-----BEGIN %s-----\n", label);
	for (i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)d[i] << 16;
		size_t k = len - i;

		if (k > 1)
			v |= (uint32_t)d[i + 1] << 8;
		if (k > 2)
			v |= d[i + 2];
		line[col++] = tab[v >> 18 & 63];
		line[col++] = tab[v >> 12 & 63];
		line[col++] = k > 1 ? tab[v >> 6 & 63] : '=';
		line[col++] = k > 2 ? tab[v & 63] : '=';
		if (col == 64 || i + 3 >= len) {
			line[col++] = '\n';
			out_write(o, line, col);
			col = 0;
		}
	}
	dprintf(o->fd, "-----END %s-----\n", label);
}

/* Writes DER to path: as it is, or as a PEM block if label is set. */
void write_der(const char *path, const char *label, const uint8_t *der,
	       size_t len, int secret)
{
	struct output out;

	if (!label) {
		write_file_mode(path, der, len, secret);
		return;
	}
	out_open_mode(&out, path, secret);
	pem_write(&out, label, der, len);
	out_commit(&out);
}

/* One DER TLV at *p (definite lengths up to 3 bytes); -1 if malformed. */
int der_tlv(const uint8_t **p, const uint8_t *end, unsigned int *tag,
	    const uint8_t **val, size_t *len)
{
	size_t l;

	if (end - *p < 2)
		return -1;
	*tag = *(*p)++;
	l = *(*p)++;
	if (l & 0x80) {
		int n = (int)(l & 0x7f);

		if (n < 1 || n > 3 || end - *p < n)
			return -1;
		for (l = 0; n--; )
			l = l << 8 | *(*p)++;
	}
	if ((size_t)(end - *p) < l)
		return -1;
	*val = *p;
	*len = l;
	*p += l;
	return 0;
}

static uint32_t oid_key_type(const uint8_t *oid, size_t len)
{
	static const struct {
		uint8_t len, oid[10];
		uint32_t type;
	} t[] = {
		{ 9, { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1, 1 },
		  NCR_KEY_TYPE_RSA },			/* rsaEncryption */
		{ 9, { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1, 10 },
		  NCR_KEY_TYPE_RSA },			/* RSASSA-PSS */
		{ 7, { 0x2a, 0x86, 0x48, 0xce, 0x38, 4, 1 },
		  NCR_KEY_TYPE_DSA },			/* id-dsa */
		{ 9, { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 3, 1 },
		  NCR_KEY_TYPE_DH },			/* dhKeyAgreement */
		{ 7, { 0x2a, 0x86, 0x48, 0xce, 0x3e, 2, 1 },
		  NCR_KEY_TYPE_DH },			/* dhpublicnumber */
		{ 7, { 0x2a, 0x86, 0x48, 0xce, 0x3d, 2, 1 },
		  NCR_KEY_TYPE_EC },			/* id-ecPublicKey */
		{ 3, { 0x2b, 0x65, 0x6e }, NCR_KEY_TYPE_X25519 },
		{ 3, { 0x2b, 0x65, 0x70 }, NCR_KEY_TYPE_ED25519 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		if (len == t[i].len && !memcmp(oid, t[i].oid, len))
			return t[i].type;
	return 0;
}

/* The algorithm OID inside an AlgorithmIdentifier SEQUENCE's content. */
static uint32_t der_algid_type(const uint8_t *v, size_t l)
{
	const uint8_t *p = v, *oid;
	unsigned int tag;
	size_t ol;

	if (der_tlv(&p, v + l, &tag, &oid, &ol) || tag != 0x06)
		return 0;
	return oid_key_type(oid, ol);
}

/*
 * Which encoding (SPKI, PKCS#8, PKCS#1 private or public) and key type a
 * DER key is; 0 and *priv, or -1 if it looks like none of them.
 */
int der_classify(const uint8_t *d, size_t len, uint32_t *fmt,
		 uint32_t *type, int *priv)
{
	const uint8_t *p = d, *end = d + len, *v, *e1, *e2;
	unsigned int tag, t1, t2;
	size_t l, l1, l2;
	int n = 0;

	if (der_tlv(&p, end, &tag, &v, &l) || tag != 0x30 || p != end)
		return -1;
	p = v;
	end = v + l;
	if (der_tlv(&p, end, &t1, &e1, &l1) || der_tlv(&p, end, &t2, &e2, &l2))
		return -1;
	if (t1 == 0x30 && t2 == 0x03) {		/* SPKI */
		*fmt = NCR_KEY_FORMAT_SPKI;
		*type = der_algid_type(e1, l1);
		*priv = 0;
		return *type ? 0 : -1;
	}
	if (t1 == 0x02 && t2 == 0x30) {		/* PKCS#8 */
		*fmt = NCR_KEY_FORMAT_PKCS8;
		*type = der_algid_type(e2, l2);
		*priv = 1;
		return *type ? 0 : -1;
	}
	if (t1 == 0x02 && t2 == 0x04 && l1 == 1 && e1[0] == 1)
		return -2;			/* SEC1 ECPrivateKey */
	if (t1 != 0x02 || t2 != 0x02)
		return -1;
	/* RSAPublicKey {n, e} or RSAPrivateKey {0, n, e, d, p, q, ...} */
	for (n = 2; p < end; n++)
		if (der_tlv(&p, end, &tag, &v, &l) || tag != 0x02)
			return -1;
	*fmt = NCR_KEY_FORMAT_PKCS1;
	*type = NCR_KEY_TYPE_RSA;
	if (n == 2) {
		*priv = 0;
		return 0;
	}
	*priv = 1;
	return n >= 9 && l1 == 1 && e1[0] == 0 ? 0 : -1;
}

/* The format a PEM label announces (0: not a key label we take). */
uint32_t pem_label_format(const char *label, const char *name,
			  uint32_t *type)
{
	if (!strcmp(label, "PRIVATE KEY"))
		return NCR_KEY_FORMAT_PKCS8;
	if (!strcmp(label, "PUBLIC KEY"))
		return NCR_KEY_FORMAT_SPKI;
	if (!strcmp(label, "RSA PRIVATE KEY") ||
	    !strcmp(label, "RSA PUBLIC KEY")) {
		*type = NCR_KEY_TYPE_RSA;
		return NCR_KEY_FORMAT_PKCS1;
	}
	if (!strcmp(label, "EC PRIVATE KEY") ||
	    !strcmp(label, "DSA PRIVATE KEY"))
		die_usage("%s: a '%s' (traditional format); convert it to "
			  "PKCS#8 first: openssl pkcs8 -topk8 -nocrypt -in F "
			  "-out P8.pem", name, label);
	die_usage("%s: PEM block '%s' is not a key ncrtool reads (PRIVATE "
		  "KEY, PUBLIC KEY, RSA PRIVATE KEY, RSA PUBLIC KEY)", name,
		  label);
}
