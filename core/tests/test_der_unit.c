// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_der_unit.c - core/der/der*.c against OpenSSL 3: keys generated and
 * encoded by OpenSSL parse into the same components, our encodings load
 * back in OpenSSL as the same key (byte-identical where OpenSSL's output
 * is canonical), malformed inputs (truncations, byte flips, BER forms) are
 * rejected without crashing, signatures round-trip with i2d/d2i_ECDSA_SIG.
 * TAP output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/dsa.h>
#include <openssl/bn.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include "der/der.h"
#include "test_tap.h"

static void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* ---- OpenSSL side ---- */

static EVP_PKEY *gen_group(const char *alg, const char *group)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, alg, NULL);
	EVP_PKEY *k = NULL;
	OSSL_PARAM p[2];

	p[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)group, 0);
	p[1] = OSSL_PARAM_construct_end();
	if (!c || EVP_PKEY_keygen_init(c) <= 0 || EVP_PKEY_CTX_set_params(c, p) <= 0 ||
	    EVP_PKEY_keygen(c, &k) <= 0)
		k = NULL;
	EVP_PKEY_CTX_free(c);
	return k;
}

static EVP_PKEY *gen_dsa(void)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "DSA", NULL), *kc = NULL;
	EVP_PKEY *par = NULL, *k = NULL;

	if (!c || EVP_PKEY_paramgen_init(c) <= 0 ||
	    EVP_PKEY_CTX_set_dsa_paramgen_bits(c, 2048) <= 0 ||
	    EVP_PKEY_CTX_set_dsa_paramgen_q_bits(c, 256) <= 0 ||
	    EVP_PKEY_paramgen(c, &par) <= 0)
		goto out;
	kc = EVP_PKEY_CTX_new_from_pkey(NULL, par, NULL);
	if (!kc || EVP_PKEY_keygen_init(kc) <= 0 || EVP_PKEY_keygen(kc, &k) <= 0)
		k = NULL;
out:
	EVP_PKEY_CTX_free(c);
	EVP_PKEY_CTX_free(kc);
	EVP_PKEY_free(par);
	return k;
}

static int bn_eq(const EVP_PKEY *k, const char *name, const struct ncr_bytes *b)
{
	BIGNUM *x = NULL, *y;
	int r;

	if (!EVP_PKEY_get_bn_param(k, name, &x))
		return 0;
	y = BN_bin2bn(b->p, (int)b->len, NULL);
	r = b->len && y && !BN_cmp(x, y);
	BN_free(x);
	BN_free(y);
	return r;
}

static int bytes_eq(const struct ncr_bytes *b, const u8 *p, size_t len)
{
	return b->len == len && !memcmp(b->p, p, len);
}

/* Do the parts hold the key's components?  priv: check the private ones. */
static int parts_match(const EVP_PKEY *k, const struct ncr_pk_parts *pp, int priv)
{
	u8 buf[200];
	size_t len = sizeof(buf);

	switch (pp->type) {
	case NCR_PK_RSA:
		if (!bn_eq(k, "n", &pp->rsa.n) || !bn_eq(k, "e", &pp->rsa.e))
			return 0;
		return !priv || (bn_eq(k, "d", &pp->rsa.d) &&
				 bn_eq(k, "rsa-factor1", &pp->rsa.p) &&
				 bn_eq(k, "rsa-factor2", &pp->rsa.q) &&
				 bn_eq(k, "rsa-exponent1", &pp->rsa.dp) &&
				 bn_eq(k, "rsa-exponent2", &pp->rsa.dq) &&
				 bn_eq(k, "rsa-coefficient1", &pp->rsa.qinv));
	case NCR_PK_DSA:
	case NCR_PK_DH:
		if (!bn_eq(k, "p", &pp->dl.p) || !bn_eq(k, "g", &pp->dl.g))
			return 0;
		if (pp->dl.q.len && !bn_eq(k, "q", &pp->dl.q))
			return 0;
		if (pp->type == NCR_PK_DSA && !pp->dl.q.len)
			return 0;
		if (pp->dl.y.len && !bn_eq(k, "pub", &pp->dl.y))
			return 0;
		if (!priv && !pp->dl.y.len)
			return 0;
		return !priv || bn_eq(k, "priv", &pp->dl.x);
	case NCR_PK_EC:
		if (!EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_PUB_KEY, buf, sizeof(buf), &len))
			return 0;
		if (pp->ec.point.len && !bytes_eq(&pp->ec.point, buf, len))
			return 0;
		if (!priv)
			return pp->ec.point.len != 0;
		return pp->ec.d.len == (pp->ec.curve == NCR_EC_P256 ? 32u : 48u) &&
		       bn_eq(k, "priv", &pp->ec.d);
	case NCR_PK_X25519:
	case NCR_PK_ED25519:
		if (!priv) {
			if (!EVP_PKEY_get_raw_public_key(k, buf, &len))
				return 0;
			return bytes_eq(&pp->k25519.pub, buf, len);
		}
		if (!EVP_PKEY_get_raw_private_key(k, buf, &len))
			return 0;
		return bytes_eq(&pp->k25519.priv, buf, len) && !pp->k25519.pub.len;
	}
	return 0;
}

static u8 *ossl_spki(EVP_PKEY *k, size_t *len)
{
	u8 *p = NULL;
	int n = i2d_PUBKEY(k, &p);

	*len = n > 0 ? (size_t)n : 0;
	return n > 0 ? p : NULL;
}

static u8 *ossl_pkcs8(EVP_PKEY *k, size_t *len)
{
	PKCS8_PRIV_KEY_INFO *p8 = EVP_PKEY2PKCS8(k);
	u8 *p = NULL;
	int n = p8 ? i2d_PKCS8_PRIV_KEY_INFO(p8, &p) : 0;

	PKCS8_PRIV_KEY_INFO_free(p8);
	*len = n > 0 ? (size_t)n : 0;
	return n > 0 ? p : NULL;
}

/* Our encoding in a fresh buffer, checking the length query, -ERANGE and
 * the bound of ncr_der_key_max. */
static u8 *our_write(u32 format, const struct ncr_pk_parts *pp, size_t *len, u32 bits,
		     const char *what)
{
	size_t need = 0, l;
	u8 *buf;
	int err = ncr_der_write_key(format, pp, NULL, &need), i;

	if (!ok(err == -ERANGE && need > 0, "%s: length query (%d, %zu)", what, err, need))
		return NULL;
	ok(need <= ncr_der_key_max(pp->type, format, bits), "%s: %zu within ncr_der_key_max %zu",
	   what, need, ncr_der_key_max(pp->type, format, bits));
	buf = malloc(need + 16);
	l = need - 1;
	memset(buf, 0xa5, need);
	err = ncr_der_write_key(format, pp, buf, &l);
	for (i = 0; i < (int)need && buf[i] == 0xa5; i++)
		;
	ok(err == -ERANGE && l == need && i == (int)need,
	   "%s: one byte short: -ERANGE, buffer untouched", what);
	l = need + 16;
	err = ncr_der_write_key(format, pp, buf, &l);
	ok(!err && l == need, "%s: written (%d, %zu)", what, err, l);
	*len = l;
	return buf;
}

/*
 * 1 if p[0..len) is exactly one TLV (short or 0x81/0x82 length form): the
 * test that a BIT/OCTET STRING wraps DER rather than key bytes that merely
 * begin like a tag (a random X25519 key starts with 0x04 one time in 256).
 */
static int one_tlv(const u8 *p, size_t len)
{
	size_t l, hl = 2;

	if (len < 2)
		return 0;
	l = p[1];
	if (l == 0x81 && len >= 3) {
		l = p[2];
		hl = 3;
	} else if (l == 0x82 && len >= 4) {
		l = (size_t)p[2] << 8 | p[3];
		hl = 4;
	} else if (l & 0x80) {
		return 0;
	}
	return hl + l == len;
}

/* Must not crash; truncations must all fail; flips of length bytes must
 * fail.  Walks the TLV structure to find the length bytes. */
static void mark_hdrs(const u8 *p, size_t len, u8 *is_len, size_t off, int depth)
{
	size_t i = 0;

	while (i + 2 <= len && depth < 10) {
		u8 tag = p[i];
		size_t l = p[i + 1], hl = 2, j;

		if (l == 0x81) {
			l = p[i + 2];
			hl = 3;
		} else if (l == 0x82) {
			l = (size_t)p[i + 2] << 8 | p[i + 3];
			hl = 4;
		}
		for (j = 1; j < hl; j++)
			is_len[off + i + j] = 1;
		if (i + hl + l > len)
			return;
		if (tag & 0x20)
			mark_hdrs(p + i + hl, l, is_len, off + i + hl, depth + 1);
		/* BIT/OCTET STRINGs that wrap DER */
		else if ((tag == 0x03 && l > 1 && p[i + hl + 1] == 0x30 &&
			  one_tlv(p + i + hl + 1, l - 1)) ||
			 (tag == 0x04 && l > 0 && (p[i + hl] == 0x30 || p[i + hl] == 0x02 ||
						   p[i + hl] == 0x04) &&
			  one_tlv(p + i + hl, l)))
			mark_hdrs(p + i + hl + (tag == 0x03), l - (tag == 0x03), is_len,
				  off + i + hl + (tag == 0x03), depth + 1);
		i += hl + l;
	}
}

static void malformed(u32 format, const struct ncr_pk_parts *tmpl, const u8 *der, size_t len,
		      const char *what)
{
	struct ncr_pk_parts pp;
	u8 *buf = malloc(len), *is_len = calloc(len, 1);
	size_t i, trunc_ok = 0, len_bad = 0, nlen = 0;
	int v;

	for (i = 0; i < len; i++) {
		memcpy(buf, der, i);
		pp = *tmpl;
		if (ncr_der_parse_key(format, buf, i, &pp))
			trunc_ok++;
	}
	ok(trunc_ok == len, "%s: all %zu truncations rejected", what, len);
	mark_hdrs(der, len, is_len, 0, 0);
	for (i = 0; i < len; i++) {
		for (v = 0; v < 3; v++) {
			static const u8 x[3] = { 0x01, 0x80, 0xff };
			int err;

			memcpy(buf, der, len);
			buf[i] ^= x[v];
			pp = *tmpl;
			err = ncr_der_parse_key(format, buf, len, &pp);
			if (is_len[i]) {
				nlen++;
				if (!err) {
					len_bad++;
					diag("%s: length byte %zu ^ %02x accepted", what, i, x[v]);
				}
			}
		}
	}
	ok(nlen > 0 && !len_bad, "%s: %zu corrupted lengths rejected, byte flips survived", what, nlen);
	free(buf);
	free(is_len);
}

static int same_key(EVP_PKEY *a, EVP_PKEY *b)
{
	return a && b && EVP_PKEY_eq(a, b) == 1;
}

/* One OpenSSL key through SPKI and PKCS8 (and PKCS1/PARAMS where they
 * apply). */
static void key_rounds(const char *name, EVP_PKEY *k, u32 type, u32 bits, int spki_same,
		       int pkcs8_same)
{
	struct ncr_pk_parts pp, pp2;
	u8 *der, *ours;
	const u8 *q;
	size_t len, olen;
	EVP_PKEY *back;
	char what[64];
	int err;

	if (!ok(k != NULL, "%s: OpenSSL generated a key", name))
		return;
	/* SPKI */
	der = ossl_spki(k, &len);
	memset(&pp, 0, sizeof(pp));
	err = ncr_der_parse_key(NCR_DER_SPKI, der, len, &pp);
	ok(!err && pp.type == type && !pp.priv && parts_match(k, &pp, 0),
	   "%s: SPKI from OpenSSL parses into its components (%d)", name, err);
	snprintf(what, sizeof(what), "%s SPKI", name);
	ours = our_write(NCR_DER_SPKI, &pp, &olen, bits, what);
	if (ours) {
		if (spki_same)
			ok(olen == len && !memcmp(ours, der, len), "%s: our SPKI equals OpenSSL's", name);
		q = ours;
		back = d2i_PUBKEY(NULL, &q, (long)olen);
		ok(same_key(back, k), "%s: OpenSSL loads our SPKI as the same key", name);
		EVP_PKEY_free(back);
		memset(&pp2, 0, sizeof(pp2));
		ok(!ncr_der_parse_key(NCR_DER_SPKI, ours, olen, &pp2) && parts_match(k, &pp2, 0),
		   "%s: our SPKI parses back", name);
		free(ours);
	}
	malformed(NCR_DER_SPKI, &pp, der, len, what);
	OPENSSL_free(der);

	/* PKCS8 */
	der = ossl_pkcs8(k, &len);
	memset(&pp, 0, sizeof(pp));
	err = ncr_der_parse_key(NCR_DER_PKCS8, der, len, &pp);
	ok(!err && pp.type == type && pp.priv && parts_match(k, &pp, 1),
	   "%s: PKCS8 from OpenSSL parses into its components (%d)", name, err);
	snprintf(what, sizeof(what), "%s PKCS8", name);
	ours = our_write(NCR_DER_PKCS8, &pp, &olen, bits, what);
	if (ours) {
		if (pkcs8_same)
			ok(olen == len && !memcmp(ours, der, len), "%s: our PKCS8 equals OpenSSL's", name);
		q = ours;
		back = d2i_AutoPrivateKey(NULL, &q, (long)olen);
		ok(same_key(back, k) && q == ours + olen,
		   "%s: OpenSSL loads our PKCS8 as the same key", name);
		memset(&pp2, 0, sizeof(pp2));
		ok(back && !ncr_der_parse_key(NCR_DER_PKCS8, ours, olen, &pp2) &&
		   parts_match(back, &pp2, 1), "%s: our PKCS8 parses back, private parts equal", name);
		EVP_PKEY_free(back);
		free(ours);
	}
	malformed(NCR_DER_PKCS8, &pp, der, len, what);
	/* PKCS8 of a public key is refused */
	pp2 = pp;
	pp2.priv = 0;
	olen = 0;
	ok(ncr_der_write_key(NCR_DER_PKCS8, &pp2, NULL, &olen) == -EINVAL,
	   "%s: PKCS8 of a public key: -EINVAL", name);
	OPENSSL_free(der);
}

static void rsa_pkcs1(EVP_PKEY *k)
{
	u8 *der = NULL, *ours;
	const u8 *q;
	int n = i2d_PrivateKey(k, &der);
	struct ncr_pk_parts pp;
	size_t olen;
	EVP_PKEY *back;

	memset(&pp, 0, sizeof(pp));
	pp.priv = 1;
	ok(n > 0 && !ncr_der_parse_key(NCR_DER_PKCS1, der, n, &pp) && pp.priv &&
	   parts_match(k, &pp, 1), "RSA: PKCS1 RSAPrivateKey from OpenSSL parses");
	ours = our_write(NCR_DER_PKCS1, &pp, &olen, 2048, "RSA PKCS1 priv");
	ok(ours && olen == (size_t)n && !memcmp(ours, der, n), "RSA: our RSAPrivateKey equals OpenSSL's");
	q = ours;
	back = d2i_PrivateKey(EVP_PKEY_RSA, NULL, &q, (long)olen);
	ok(same_key(back, k), "RSA: OpenSSL loads our RSAPrivateKey");
	EVP_PKEY_free(back);
	malformed(NCR_DER_PKCS1, &pp, der, n, "RSA PKCS1 priv");
	free(ours);
	OPENSSL_free(der);

	der = NULL;
	n = i2d_PublicKey(k, &der);
	memset(&pp, 0, sizeof(pp));
	ok(n > 0 && !ncr_der_parse_key(NCR_DER_PKCS1, der, n, &pp) && !pp.priv &&
	   parts_match(k, &pp, 0), "RSA: PKCS1 RSAPublicKey from OpenSSL parses");
	ours = our_write(NCR_DER_PKCS1, &pp, &olen, 2048, "RSA PKCS1 pub");
	ok(ours && olen == (size_t)n && !memcmp(ours, der, n), "RSA: our RSAPublicKey equals OpenSSL's");
	malformed(NCR_DER_PKCS1, &pp, der, n, "RSA PKCS1 pub");
	free(ours);
	OPENSSL_free(der);
}

static void params_round(const char *name, EVP_PKEY *k, u32 type, int has_q)
{
	u8 *der = NULL, *ours;
	int n = i2d_KeyParams(k, &der);
	struct ncr_pk_parts pp;
	size_t olen;
	char what[64];

	memset(&pp, 0, sizeof(pp));
	pp.type = type;
	ok(n > 0 && !ncr_der_parse_key(NCR_DER_PARAMS, der, n, &pp) && pp.type == type &&
	   bn_eq(k, "p", &pp.dl.p) && bn_eq(k, "g", &pp.dl.g) &&
	   (has_q ? bn_eq(k, "q", &pp.dl.q) : !pp.dl.q.len),
	   "%s: parameters from OpenSSL parse", name);
	snprintf(what, sizeof(what), "%s PARAMS", name);
	ours = our_write(NCR_DER_PARAMS, &pp, &olen, 2048, what);
	ok(ours && olen == (size_t)n && !memcmp(ours, der, n), "%s: our parameters equal OpenSSL's", name);
	malformed(NCR_DER_PARAMS, &pp, der, n, what);
	free(ours);
	OPENSSL_free(der);
}

/* ---- hand-made inputs ---- */

static struct ncr_pk_parts hex_parts;

static int parse_hex(u32 format, u32 type, u32 priv, const char *hex)
{
	static u8 buf[512];
	size_t n = 0;
	struct ncr_pk_parts *ppp = &hex_parts;
	unsigned int b;
#define pp (*ppp)

	while (*hex) {
		if (*hex == ' ') {
			hex++;
			continue;
		}
		sscanf(hex, "%2x", &b);
		buf[n++] = (u8)b;
		hex += 2;
	}
	memset(&pp, 0, sizeof(pp));
	pp.type = type;
	pp.priv = priv;
	return ncr_der_parse_key(format, buf, n, &pp);
#undef pp
}

static void handmade(void)
{
	/* RSAPublicKey {n = 0x00c1, e = 3} and variants */
	ok(parse_hex(NCR_DER_PKCS1, 0, 0, "3007 020200c1 020103") == 0, "PKCS1 pub minimal ok");
	ok(parse_hex(NCR_DER_PKCS1, 0, 0, "3007 02020041 020103") == -EINVAL, "non-minimal INTEGER (00 41)");
	ok(parse_hex(NCR_DER_PKCS1, 0, 0, "3006 0201c1 020103") == -EINVAL, "negative INTEGER");
	ok(parse_hex(NCR_DER_PKCS1, 0, 0, "3008 020300 00c1 020103") == -EINVAL, "two leading zeros");
	ok(parse_hex(NCR_DER_PKCS1, 0, 0, "308107 020200c1 020103") == -EINVAL, "long-form short length");
	ok(parse_hex(NCR_DER_PKCS1, 0, 0, "3080 020200c1 020103 0000") == -EINVAL, "indefinite length");
	ok(parse_hex(NCR_DER_PKCS1, 0, 0, "3007 020200c1 020103 00") == -EINVAL, "trailing byte");
	ok(parse_hex(NCR_DER_PKCS1, 0, 0, "3009 020200c1 020103 0500") == -EINVAL, "extra element inside");
	ok(parse_hex(NCR_DER_PKCS1, 0, 0, "3005 020200c1 0200") == -EINVAL, "empty INTEGER");
	ok(parse_hex(NCR_DER_PKCS1, 0, 0, "3007 020200c1 020100") == -EINVAL, "zero exponent");
	ok(parse_hex(NCR_DER_PKCS1, 0, 0, "3107 020200c1 020103") == -EINVAL, "SET instead of SEQUENCE");
	ok(parse_hex(NCR_DER_PKCS1, 0, 0, "1f30 07 020200c1 020103") == -EINVAL, "multi-byte tag");
	ok(parse_hex(NCR_DER_PARAMS, NCR_PK_RSA, 0, "3003 020101") == -EINVAL, "PARAMS for RSA");
	ok(parse_hex(9, 0, 0, "3003 020101") == -EINVAL, "unknown format");
	/* DH parameters: PKCS #3 with privateValueLength, X9.42 with j and
	 * validationParams */
	ok(!parse_hex(NCR_DER_PARAMS, NCR_PK_DH, 0, "300a 020500c1c2c3c5 020102") &&
	   hex_parts.dl.p.len == 4 && !hex_parts.dl.q.len, "DHParameter {p, g}");
	ok(!parse_hex(NCR_DER_PARAMS, NCR_PK_DH, 0, "300e 020500c1c2c3c5 020102 02020100") &&
	   !hex_parts.dl.q.len && hex_parts.dl.g.len == 1, "DHParameter {p, g, privateValueLength}");
	ok(!parse_hex(NCR_DER_PARAMS, NCR_PK_DH, 0, "3012 020500c1c2c3c5 020102 020600d1d2d3d4d5") &&
	   hex_parts.dl.q.len == 5, "DomainParameters {p, g, q}");
	ok(!parse_hex(NCR_DER_PARAMS, NCR_PK_DH, 0,
		      "301e 020500c1c2c3c5 020102 020600d1d2d3d4d5 020105 3007 030200aa 020107") &&
	   hex_parts.dl.q.len == 5, "DomainParameters {p, g, q, j, validationParams}");
	ok(parse_hex(NCR_DER_PARAMS, NCR_PK_DH, 0,
		     "301e 020500c1c2c3c5 020102 020600d1d2d3d4d5 020105 3007 030201aa 020107") == -EINVAL,
	   "DomainParameters with a bad seed BIT STRING");
	ok(parse_hex(NCR_DER_PARAMS, NCR_PK_DH, 0,
		     "3015 020500c1c2c3c5 020102 020600d1d2d3d4d5 020105 0500") == -EINVAL,
	   "DomainParameters with trailing junk");
	ok(parse_hex(NCR_DER_PARAMS, NCR_PK_DH, 0, "3011 020500c1c2c3c5 020102 020101 020101") ==
	   -EINVAL, "DHParameter with two small trailing INTEGERs");
	ok(parse_hex(NCR_DER_PARAMS, NCR_PK_DSA, 0, "300e 020500c1c2c3c5 020102 02020100") == 0 &&
	   hex_parts.dl.q.len == 1 && hex_parts.dl.g.len == 2, "Dss-Parms {p, q, g}");
	ok(parse_hex(NCR_DER_PARAMS, NCR_PK_DSA, 0, "300a 020500c1c2c3c5 020102") == -EINVAL,
	   "Dss-Parms without g");
	/* SPKI: EC with secp521r1 / explicit params / bad point */
	ok(parse_hex(NCR_DER_SPKI, 0, 0, "3016 3010 0607 2a8648ce3d0201 0605 2b81040023 030200 04") ==
	   -EOPNOTSUPP, "EC secp521r1: -EOPNOTSUPP");
	ok(parse_hex(NCR_DER_SPKI, 0, 0, "3013 300d 0607 2a8648ce3d0201 3002 0500 030200 04") ==
	   -EOPNOTSUPP, "EC explicit parameters: -EOPNOTSUPP");
	ok(parse_hex(NCR_DER_SPKI, 0, 0, "3016 3010 0607 2a8648ce3d0201 0605 2b81040022 030200 04") ==
	   -EINVAL, "EC P-384 with a 1-byte point: -EINVAL");
	ok(parse_hex(NCR_DER_SPKI, 0, 0, "300e 3008 0606 2a864886f70c 030200 00") ==
	   -EOPNOTSUPP, "unknown algorithm: -EOPNOTSUPP");
	ok(parse_hex(NCR_DER_SPKI, 0, 0, "3011 300b 0609 2a864886f70d010101 0302 0100") ==
	   -EINVAL, "RSA without NULL, empty key: -EINVAL");
	ok(parse_hex(NCR_DER_SPKI, 0, 0, "3019 300b 0609 2a864886f70d010101 030a 00 3007 020200c1 020103")
	   == 0, "RSA SPKI with absent parameters accepted");
	ok(parse_hex(NCR_DER_SPKI, 0, 0, "301b 300d 0609 2a864886f70d01010a 3000 030a 00 3007 020200c1 020103")
	   == 0, "RSA-PSS SPKI with empty parameters accepted");
	ok(parse_hex(NCR_DER_SPKI, 0, 0, "301b 300d 0609 2a864886f70d01010a 3000 030a 01 3007 020200c1 020103")
	   == -EINVAL, "BIT STRING with unused bits rejected");
	ok(parse_hex(NCR_DER_SPKI, 0, 0, "301d 300f 0609 2a864886f70d01010a 3002 0200 030a 00 3007 020200c1 020103")
	   == -EINVAL, "RSA-PSS parameters malformed inside");
}

/* Ed25519 OneAsymmetricKey v2 with the public key (RFC 8410 section 10.3). */
static void ed25519_v2(void)
{
	static const char *hex =
		"3072 020101 3005 0603 2b6570 0422 0420"
		"d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842"
		"a01f 301d 060a 2a864886f70d01091409 310f 0c0d 437572646c6520436861697273"
		"8121 00 19bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1";
	u8 buf[256];
	size_t n = 0;
	unsigned int b;
	struct ncr_pk_parts pp;
	const char *h = hex;

	while (*h) {
		if (*h == ' ') {
			h++;
			continue;
		}
		sscanf(h, "%2x", &b);
		buf[n++] = (u8)b;
		h += 2;
	}
	memset(&pp, 0, sizeof(pp));
	ok(!ncr_der_parse_key(NCR_DER_PKCS8, buf, n, &pp) && pp.type == NCR_PK_ED25519 &&
	   pp.k25519.priv.len == 32 && pp.k25519.pub.len == 32 && pp.k25519.pub.p[0] == 0x19,
	   "Ed25519 OneAsymmetricKey v2 with attributes and publicKey (RFC 8410 example)");
	buf[4] = 0;	/* version 0 may not carry a publicKey */
	ok(ncr_der_parse_key(NCR_DER_PKCS8, buf, n, &pp) == -EINVAL, "v1 with a publicKey rejected");
}

static void other_keys(void)
{
	EVP_PKEY_CTX *c;
	EVP_PKEY *k = NULL;
	u8 *der;
	size_t len;
	struct ncr_pk_parts pp;
	OSSL_PARAM p[2];
	u32 primes = 3;

	/* multi-prime RSA: -EOPNOTSUPP */
	c = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	if (c && EVP_PKEY_keygen_init(c) > 0 && EVP_PKEY_CTX_set_rsa_keygen_bits(c, 1024) > 0) {
		p[0] = OSSL_PARAM_construct_uint(OSSL_PKEY_PARAM_RSA_PRIMES, &primes);
		p[1] = OSSL_PARAM_construct_end();
		if (EVP_PKEY_CTX_set_params(c, p) <= 0 || EVP_PKEY_keygen(c, &k) <= 0)
			k = NULL;
	}
	EVP_PKEY_CTX_free(c);
	der = k ? ossl_pkcs8(k, &len) : NULL;
	memset(&pp, 0, sizeof(pp));
	ok(der && ncr_der_parse_key(NCR_DER_PKCS8, der, len, &pp) == -EOPNOTSUPP,
	   "3-prime RSA PKCS8: -EOPNOTSUPP");
	OPENSSL_free(der);
	EVP_PKEY_free(k);

	/* RSA-PSS keys with restricted parameters: parsed as RSA */
	k = NULL;
	c = EVP_PKEY_CTX_new_from_name(NULL, "RSA-PSS", NULL);
	if (!c || EVP_PKEY_keygen_init(c) <= 0 || EVP_PKEY_CTX_set_rsa_keygen_bits(c, 1024) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_pss_keygen_md_name(c, "SHA256", NULL) <= 0 ||
	    EVP_PKEY_keygen(c, &k) <= 0)
		k = NULL;
	EVP_PKEY_CTX_free(c);
	der = k ? ossl_spki(k, &len) : NULL;
	memset(&pp, 0, sizeof(pp));
	ok(der && !ncr_der_parse_key(NCR_DER_SPKI, der, len, &pp) && pp.type == NCR_PK_RSA &&
	   parts_match(k, &pp, 0), "RSA-PSS SPKI with parameters parses as RSA");
	OPENSSL_free(der);
	der = k ? ossl_pkcs8(k, &len) : NULL;
	memset(&pp, 0, sizeof(pp));
	ok(der && !ncr_der_parse_key(NCR_DER_PKCS8, der, len, &pp) && pp.type == NCR_PK_RSA &&
	   parts_match(k, &pp, 1), "RSA-PSS PKCS8 with parameters parses as RSA");
	OPENSSL_free(der);
	EVP_PKEY_free(k);

	/* EC with explicit parameters: -EOPNOTSUPP */
	k = gen_group("EC", "P-256");
	if (k)
		EVP_PKEY_set_utf8_string_param(k, OSSL_PKEY_PARAM_EC_ENCODING, "explicit");
	der = k ? ossl_spki(k, &len) : NULL;
	memset(&pp, 0, sizeof(pp));
	ok(der && ncr_der_parse_key(NCR_DER_SPKI, der, len, &pp) == -EOPNOTSUPP,
	   "EC SPKI with explicit parameters: -EOPNOTSUPP");
	OPENSSL_free(der);
	der = k ? ossl_pkcs8(k, &len) : NULL;
	ok(der && ncr_der_parse_key(NCR_DER_PKCS8, der, len, &pp) == -EOPNOTSUPP,
	   "EC PKCS8 with explicit parameters: -EOPNOTSUPP");
	OPENSSL_free(der);
	EVP_PKEY_free(k);

	/* EC compressed point in SPKI */
	k = gen_group("EC", "P-384");
	if (k)
		EVP_PKEY_set_utf8_string_param(k, OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
					       "compressed");
	der = k ? ossl_spki(k, &len) : NULL;
	memset(&pp, 0, sizeof(pp));
	ok(der && !ncr_der_parse_key(NCR_DER_SPKI, der, len, &pp) && pp.ec.curve == NCR_EC_P384 &&
	   pp.ec.point.len == 49 && (pp.ec.point.p[0] == 2 || pp.ec.point.p[0] == 3),
	   "EC P-384 SPKI with a compressed point");
	OPENSSL_free(der);
	EVP_PKEY_free(k);
}

/* EC d shorter / longer than the field: written as exactly 32 bytes */
static void ec_fixed(void)
{
	u8 d[34] = { 0, 0 }, pt[65], buf[200];
	struct ncr_pk_parts pp, back;
	size_t len;
	int i;

	for (i = 2; i < 34; i++)
		d[i] = (u8)i;
	pt[0] = 4;
	memset(pt + 1, 7, 64);
	memset(&pp, 0, sizeof(pp));
	pp.type = NCR_PK_EC;
	pp.priv = 1;
	pp.ec.curve = NCR_EC_P256;
	pp.ec.point.p = pt;
	pp.ec.point.len = 65;
	pp.ec.d.p = d;
	pp.ec.d.len = 34;
	len = sizeof(buf);
	ok(!ncr_der_write_key(NCR_DER_PKCS8, &pp, buf, &len) &&
	   !ncr_der_parse_key(NCR_DER_PKCS8, buf, len, &back) && back.ec.d.len == 32 &&
	   !memcmp(back.ec.d.p, d + 2, 32), "EC d with leading zeros written as 32 bytes");
	pp.ec.d.p = d + 3;
	pp.ec.d.len = 31;
	len = sizeof(buf);
	ok(!ncr_der_write_key(NCR_DER_PKCS8, &pp, buf, &len) &&
	   !ncr_der_parse_key(NCR_DER_PKCS8, buf, len, &back) && back.ec.d.len == 32 &&
	   !back.ec.d.p[0] && !memcmp(back.ec.d.p + 1, d + 3, 31), "short EC d padded to 32 bytes");
	d[1] = 1;
	pp.ec.d.p = d;
	pp.ec.d.len = 34;
	len = sizeof(buf);
	ok(ncr_der_write_key(NCR_DER_PKCS8, &pp, buf, &len) == -EINVAL, "EC d too large: -EINVAL");
	pp.ec.d.len = 0;
	len = sizeof(buf);
	ok(ncr_der_write_key(NCR_DER_PKCS8, &pp, buf, &len) == -EINVAL, "EC private without d: -EINVAL");
	pp.ec.point.len = 64;
	len = sizeof(buf);
	ok(ncr_der_write_key(NCR_DER_SPKI, &pp, buf, &len) == -EINVAL, "EC point of a wrong size: -EINVAL");
	pp.type = NCR_PK_EC;
	pp.ec.point.len = 65;
	len = sizeof(buf);
	ok(ncr_der_write_key(NCR_DER_PKCS1, &pp, buf, &len) == -EINVAL, "PKCS1 of EC: -EINVAL");
}

/* ---- signatures ---- */

static int sig_hex(const char *hex, size_t qlen)
{
	u8 buf[256], raw[128];
	size_t n = 0;
	unsigned int b;

	while (*hex) {
		if (*hex == ' ') {
			hex++;
			continue;
		}
		sscanf(hex, "%2x", &b);
		buf[n++] = (u8)b;
		hex += 2;
	}
	return ncr_der_sig_decode(buf, n, qlen, raw);
}

static void sigs(void)
{
	int i, bad = 0, nb;
	u8 raw[96], raw2[96], der[128], *od;
	size_t qlen, len;
	ECDSA_SIG *s;
	BIGNUM *r, *sv;
	const BIGNUM *pr, *ps;
	const u8 *q;

	for (i = 0; i < 2000; i++) {
		qlen = i & 1 ? 48 : 32;
		RAND_bytes_ex(NULL, raw, 2 * qlen, 0);
		/* leading zero bytes and top bits of every kind */
		nb = i % 7;
		memset(raw, 0, nb < 4 ? (size_t)nb : 0);
		if (i % 5 == 0)
			raw[qlen] |= 0x80;
		if (i % 11 == 0)
			memset(raw + qlen, 0, qlen - 1);
		r = BN_bin2bn(raw, (int)qlen, NULL);
		sv = BN_bin2bn(raw + qlen, (int)qlen, NULL);
		s = ECDSA_SIG_new();
		ECDSA_SIG_set0(s, r, sv);
		od = NULL;
		nb = i2d_ECDSA_SIG(s, &od);
		len = sizeof(der);
		if (ncr_der_sig_encode(raw, qlen, der, &len) || len != (size_t)nb || memcmp(der, od, len) ||
		    len > NCR_DER_SIG_MAX(qlen) || ncr_der_sig_decode(od, nb, qlen, raw2) ||
		    memcmp(raw, raw2, 2 * qlen))
			bad++;
		ECDSA_SIG_free(s);
		/* and OpenSSL reads ours */
		q = der;
		s = d2i_ECDSA_SIG(NULL, &q, (long)len);
		ECDSA_SIG_get0(s, &pr, &ps);
		if (!s || BN_bn2binpad(pr, raw2, (int)qlen) < 0 ||
		    BN_bn2binpad(ps, raw2 + qlen, (int)qlen) < 0 || memcmp(raw, raw2, 2 * qlen))
			bad++;
		ECDSA_SIG_free(s);
		OPENSSL_free(od);
	}
	ok(!bad, "2000 signatures: our DER == i2d_ECDSA_SIG, decode(i2d) == raw, d2i(ours) == raw");
	len = 0;
	ok(ncr_der_sig_encode(raw, 32, NULL, &len) == -ERANGE && len > 0, "sig encode length query");
	ok(sig_hex("3006 020101 020102", 32) == 0, "small sig ok");
	ok(sig_hex("3006 020100 020100", 1) == 0, "zero r, s decode (verify rejects them)");
	ok(sig_hex("3006 020101 020102 00", 32) == -EBADMSG, "sig: trailing byte");
	ok(sig_hex("3007 020101 020102 00", 32) == -EBADMSG, "sig: trailing byte inside");
	ok(sig_hex("308106 020101 020102", 32) == -EBADMSG, "sig: long-form length");
	ok(sig_hex("3007 02020001 020102", 32) == -EBADMSG, "sig: leading zero in r");
	ok(sig_hex("3006 020181 020102", 32) == -EBADMSG, "sig: negative r");
	ok(sig_hex("3006 020101 0201ff", 32) == -EBADMSG, "sig: negative s");
	ok(sig_hex("3003 020101", 32) == -EBADMSG, "sig: s missing");
	ok(sig_hex("3005 020101 0200", 32) == -EBADMSG, "sig: empty s");
	ok(sig_hex("3080 020101 020102 0000", 32) == -EBADMSG, "sig: indefinite length");
	ok(sig_hex("3106 020101 020102", 32) == -EBADMSG, "sig: SET");
	ok(sig_hex("3006 020101 030102", 32) == -EBADMSG, "sig: BIT STRING s");
	ok(sig_hex("3008 02030100 00 020102", 2) == -EBADMSG, "sig: r longer than qlen");
	ok(sig_hex("3008 0203008000 020102", 2) == 0, "sig: r of qlen bytes with sign byte fits");
	ok(sig_hex("", 32) == -EBADMSG, "sig: empty");
	ok(sig_hex("3006 020101 020102", 0) == -EINVAL, "sig: qlen 0");
}

/* ---- Wycheproof ECDSA/DSA: our decoding in front of OpenSSL's verify ---- */

static size_t unhex(const char *h, u8 *out, size_t cap)
{
	size_t n = 0;
	unsigned int b;

	while (h[0] && h[1] && n < cap) {
		sscanf(h, "%2x", &b);
		out[n++] = (u8)b;
		h += 2;
	}
	return n;
}

/* Set when a bare string "InvalidAsn" (a flag) is passed over. */
static int saw_invalid_asn;

/* Next "key": "string value" pair at *pp (in place, NUL-terminated). */
static int jpair(char **pp, char **key, char **val)
{
	char *p = *pp, *e;

	for (;;) {
		p = strchr(p, '"');
		if (!p)
			return 0;
		*key = ++p;
		for (e = p; *e && *e != '"'; e++)
			if (*e == '\\' && e[1])
				e++;
		if (!*e)
			return 0;
		*e = 0;
		p = e + 1;
		while (*p == ' ' || *p == '\n')
			p++;
		if (*p != ':') {
			saw_invalid_asn |= !strcmp(*key, "InvalidAsn");
			continue;
		}
		p++;
		while (*p == ' ' || *p == '\n')
			p++;
		if (*p != '"')
			continue;
		*val = ++p;
		for (e = p; *e && *e != '"'; e++)
			if (*e == '\\' && e[1])
				e++;
		if (!*e)
			return 0;
		*e = 0;
		*pp = e + 1;
		return 1;
	}
}

static void wycheproof(const char *file, size_t qlen, u32 type)
{
	static u8 key[4096], msg[8192], sig[1024], raw[256], der[1024];
	const char *dir = getenv("NCR_VECTORS");
	char path[512], *text, *p, *k, *v;
	FILE *f;
	long fl;
	size_t klen = 0, mlen = 0, slen = 0, len;
	EVP_PKEY *pk = NULL;
	const EVP_MD *md = NULL;
	int tests = 0, wrong = 0, keys = 0, badkeys = 0, decoded, verified, refused = 0;
	struct ncr_pk_parts pp;
	const u8 *q;

	snprintf(path, sizeof(path), "%s/%s",
		 dir ? dir : "../shared/vectors/wycheproof/testvectors_v1", file);
	f = fopen(path, "rb");
	if (!f) {
		tap_n++;
		printf("ok %d - # SKIP %s not found\n", tap_n, path);
		return;
	}
	fseek(f, 0, SEEK_END);
	fl = ftell(f);
	rewind(f);
	text = malloc(fl + 1);
	text[fread(text, 1, fl, f)] = 0;
	fclose(f);
	for (p = text; jpair(&p, &k, &v);) {
		if (!strcmp(k, "publicKeyDer")) {
			klen = unhex(v, key, sizeof(key));
			EVP_PKEY_free(pk);
			q = key;
			pk = d2i_PUBKEY(NULL, &q, (long)klen);
			/* our SPKI parser on the group's key, and back */
			keys++;
			memset(&pp, 0, sizeof(pp));
			len = sizeof(der);
			if (!pk || ncr_der_parse_key(NCR_DER_SPKI, key, klen, &pp) || pp.type != type ||
			    !parts_match(pk, &pp, 0) || ncr_der_write_key(NCR_DER_SPKI, &pp, der, &len) ||
			    len != klen || memcmp(der, key, klen))
				badkeys++;
		} else if (!strcmp(k, "sha")) {
			md = EVP_get_digestbyname(v);
		} else if (!strcmp(k, "msg")) {
			mlen = unhex(v, msg, sizeof(msg));
		} else if (!strcmp(k, "sig")) {
			slen = unhex(v, sig, sizeof(sig));
		} else if (!strcmp(k, "result")) {
			EVP_MD_CTX *c = EVP_MD_CTX_new();

			tests++;
			decoded = !ncr_der_sig_decode(sig, slen, qlen, raw);
			refused += !decoded;
			verified = 0;
			if (decoded) {
				len = sizeof(der);
				if (ncr_der_sig_encode(raw, qlen, der, &len) || len != slen ||
				    memcmp(der, sig, slen))
					decoded = 0, wrong++;	/* not canonical */
				else
					verified = c && md && pk &&
						   EVP_DigestVerifyInit(c, NULL, md, NULL, pk) == 1 &&
						   EVP_DigestVerify(c, der, len, msg, mlen) == 1;
			}
			if ((!strcmp(v, "valid") && !verified) || (!strcmp(v, "invalid") && verified)) {
				wrong++;
				if (wrong < 5)
					diag("%s: test %d (%s): decoded %d verified %d", file, tests, v,
					     decoded, verified);
			}
			EVP_MD_CTX_free(c);
		}
	}
	ok(keys > 0 && !badkeys, "%s: %d SPKI keys parse to OpenSSL's components, re-encode identically",
	   file, keys);
	ok(tests > 100 && !wrong, "%s: %d signatures: ours decode + OpenSSL verify == expected result"
	   " (%d refused by the decoder)", file, tests, refused);
	EVP_PKEY_free(pk);
	free(text);
}

/* Wycheproof ECDH: every peer SPKI (valid ones, BER/invalid ASN.1, explicit
 * curves, wrong curves) through our parser. */
static void wycheproof_ecdh(const char *file, u32 curve)
{
	static u8 key[4096], der[4096];
	const char *dir = getenv("NCR_VECTORS");
	char path[512], *text, *p, *k, *v, *comment = "";
	FILE *f;
	long fl;
	size_t klen = 0, len;
	int tests = 0, wrong = 0, asn = 0, asn_refused = 0, err, valid_ok = 0, unsup = 0;
	struct ncr_pk_parts pp;

	snprintf(path, sizeof(path), "%s/%s",
		 dir ? dir : "../shared/vectors/wycheproof/testvectors_v1", file);
	f = fopen(path, "rb");
	if (!f) {
		tap_n++;
		printf("ok %d - # SKIP %s not found\n", tap_n, path);
		return;
	}
	fseek(f, 0, SEEK_END);
	fl = ftell(f);
	rewind(f);
	text = malloc(fl + 1);
	text[fread(text, 1, fl, f)] = 0;
	fclose(f);
	for (p = text; jpair(&p, &k, &v);) {
		if (!strcmp(k, "comment")) {
			saw_invalid_asn = 0;	/* the flags follow the comment */
			comment = v;
		} else if (!strcmp(k, "public")) {
			klen = unhex(v, key, sizeof(key));
		} else if (!strcmp(k, "result")) {
			int is_asn = saw_invalid_asn;

			tests++;
			memset(&pp, 0, sizeof(pp));
			err = ncr_der_parse_key(NCR_DER_SPKI, key, klen, &pp);
			if (is_asn) {
				asn++;
				/* -EOPNOTSUPP: well-formed, another OID; a changed
				 * point is for the module's curve check */
				asn_refused += err == -EINVAL || err == -EOPNOTSUPP ||
					       (!err && strstr(comment, "bit string"));
				unsup += err == -EOPNOTSUPP;
				if (err && err != -EINVAL && err != -EOPNOTSUPP)
					diag("%s: InvalidAsn test %d: %d", file, tests, err);
			}
			if (!strcmp(v, "valid")) {
				if (err || pp.type != NCR_PK_EC || pp.ec.curve != curve)
					wrong++;
				else
					valid_ok++;
			}
			if (!err) {
				len = sizeof(der);
				if (ncr_der_write_key(NCR_DER_SPKI, &pp, der, &len) || len != klen ||
				    memcmp(der, key, len)) {
					wrong++;
					diag("%s: test %d parsed but does not re-encode", file, tests);
				}
			}
		}
	}
	ok(tests > 100 && !wrong, "%s: %d peer SPKIs: %d valid ones parse, all that parse re-encode "
	   "identically", file, tests, valid_ok);
	ok(asn > 0 && asn_refused == asn, "%s: %d/%d InvalidAsn encodings refused (%d as another "
	   "algorithm/curve: -EOPNOTSUPP) or left to point validation", file, asn_refused, asn, unsup);
	free(text);
}

int main(void)
{
	EVP_PKEY *k;

	handmade();
	ed25519_v2();
	ec_fixed();
	sigs();

	k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	key_rounds("RSA-2048", k, NCR_PK_RSA, 2048, 1, 1);
	rsa_pkcs1(k);
	EVP_PKEY_free(k);

	k = gen_group("EC", "P-256");
	key_rounds("EC P-256", k, NCR_PK_EC, 256, 1, 1);
	EVP_PKEY_free(k);
	k = gen_group("EC", "P-384");
	key_rounds("EC P-384", k, NCR_PK_EC, 384, 1, 1);
	EVP_PKEY_free(k);

	k = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
	key_rounds("X25519", k, NCR_PK_X25519, 255, 1, 1);
	EVP_PKEY_free(k);
	k = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	key_rounds("Ed25519", k, NCR_PK_ED25519, 255, 1, 1);
	EVP_PKEY_free(k);

	k = gen_group("DH", "ffdhe2048");
	key_rounds("DH ffdhe2048", k, NCR_PK_DH, 2048, 1, 1);
	params_round("DH ffdhe2048", k, NCR_PK_DH, 0);
	EVP_PKEY_free(k);
	k = gen_group("DHX", "ffdhe2048");
	key_rounds("DHX ffdhe2048", k, NCR_PK_DH, 2048, 1, 1);
	params_round("DHX ffdhe2048", k, NCR_PK_DH, 1);
	EVP_PKEY_free(k);

	k = gen_dsa();
	key_rounds("DSA 2048/256", k, NCR_PK_DSA, 2048, 1, 1);
	params_round("DSA 2048/256", k, NCR_PK_DSA, 1);
	EVP_PKEY_free(k);

	other_keys();

	wycheproof("ecdsa_secp256r1_sha256_test.json", 32, NCR_PK_EC);
	wycheproof("ecdsa_secp384r1_sha384_test.json", 48, NCR_PK_EC);
	wycheproof("dsa_2048_224_sha224_test.json", 28, NCR_PK_DSA);
	wycheproof("dsa_2048_256_sha256_test.json", 32, NCR_PK_DSA);
	wycheproof_ecdh("ecdh_secp256r1_test.json", NCR_EC_P256);

	return tap_done();
}
