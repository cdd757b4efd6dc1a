// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * der_key.c - key encodings: SubjectPublicKeyInfo (RFC 5280, 3279, 5480,
 * 8410), PKCS#8 PrivateKeyInfo / OneAsymmetricKey (RFC 5208, 5958),
 * PKCS#1 RSAPublicKey / RSAPrivateKey (RFC 8017), SEC1 ECPrivateKey
 * (RFC 5915), Dss-Parms (RFC 3279), PKCS #3 DHParameter and X9.42
 * DomainParameters (RFC 3279 2.3.3).  See der.h for what is accepted and
 * written.
 *
 * Private values are copied and their INTEGER encodings checked through
 * der.c's branch-free helpers; every other decision here is on tags,
 * lengths, OIDs and public values.
 */
#include "der.h"

/* OBJECT IDENTIFIER contents */
static const u8 oid_rsa[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01 };
static const u8 oid_rsa_pss[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a };
static const u8 oid_dsa[] = { 0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01 };
static const u8 oid_dh[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x03, 0x01 };
static const u8 oid_dhx[] = { 0x2a, 0x86, 0x48, 0xce, 0x3e, 0x02, 0x01 };
static const u8 oid_ec[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01 };
static const u8 oid_p256[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 };
static const u8 oid_p384[] = { 0x2b, 0x81, 0x04, 0x00, 0x22 };
static const u8 oid_x25519[] = { 0x2b, 0x65, 0x6e };
static const u8 oid_ed25519[] = { 0x2b, 0x65, 0x70 };

#define OID_IS(o, tab)	((o).len == sizeof(tab) && !memcmp((o).p, tab, sizeof(tab)))

#define K25519_LEN	32

static size_t ec_flen(u32 curve)
{
	switch (curve) {
	case NCR_EC_P256:
		return 32;
	case NCR_EC_P384:
		return 48;
	default:
		return 0;
	}
}

/* --- reading --- */

/* An INTEGER that is public and must not be zero. */
static int get_pos(struct ncr_der *d, struct ncr_bytes *out)
{
	if (ncr_der_get_uint(d, out))
		return -EINVAL;
	return out->len == 1 && !out->p[0] ? -EINVAL : 0;
}

/* A SEQUENCE whose contents are only checked for well-formedness. */
static int skip_seq(struct ncr_der *d)
{
	struct ncr_der v;

	if (ncr_der_get(d, NCR_DER_SEQUENCE, &v))
		return -EINVAL;
	return ncr_der_check(&v);
}

/* Dss-Parms ::= SEQUENCE { p, q, g } */
static int get_dss_parms(struct ncr_der *d, struct ncr_dl_parts *dl)
{
	struct ncr_der s;

	if (ncr_der_get(d, NCR_DER_SEQUENCE, &s) || get_pos(&s, &dl->p) ||
	    get_pos(&s, &dl->q) || get_pos(&s, &dl->g) || ncr_der_end(&s))
		return -EINVAL;
	return 0;
}

/*
 * DHParameter ::= SEQUENCE { p, g, privateValueLength INTEGER OPTIONAL }
 * (x942 0) or DomainParameters ::= SEQUENCE { p, g, q, j INTEGER OPTIONAL,
 * validationParams SEQUENCE { seed BIT STRING, pgenCounter INTEGER }
 * OPTIONAL } (x942 1), or either (x942 -1: a third INTEGER of up to 4
 * bytes is a privateValueLength).
 */
static int get_dh_parms(struct ncr_der *d, struct ncr_dl_parts *dl, int x942)
{
	struct ncr_der s, vp;
	struct ncr_bytes t;

	if (ncr_der_get(d, NCR_DER_SEQUENCE, &s) || get_pos(&s, &dl->p) ||
	    get_pos(&s, &dl->g))
		return -EINVAL;
	if (!s.len)
		return x942 == 1 ? -EINVAL : 0;
	if (get_pos(&s, &t))
		return -EINVAL;
	if (x942 == 0 || (x942 < 0 && t.len <= 4))
		return ncr_der_end(&s);		/* privateValueLength */
	dl->q = t;
	if (ncr_der_peek(&s) == NCR_DER_INTEGER && ncr_der_get_uint(&s, &t))
		return -EINVAL;			/* j */
	if (ncr_der_peek(&s) == NCR_DER_SEQUENCE) {
		if (ncr_der_get(&s, NCR_DER_SEQUENCE, &vp) ||
		    ncr_der_get_bits(&vp, &t) || ncr_der_get_uint(&vp, &t) ||
		    ncr_der_end(&vp))
			return -EINVAL;
	}
	return ncr_der_end(&s);
}

/*
 * AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY
 * OPTIONAL }: sets out->type and the domain parameters / curve.
 */
static int get_algid(struct ncr_der *d, struct ncr_pk_parts *out)
{
	struct ncr_der s;
	struct ncr_bytes oid, curve;
	int err;

	if (ncr_der_get(d, NCR_DER_SEQUENCE, &s) || ncr_der_get_oid(&s, &oid))
		return -EINVAL;
	if (OID_IS(oid, oid_rsa)) {
		out->type = NCR_PK_RSA;
		if (s.len && ncr_der_get_null(&s))
			return -EINVAL;
	} else if (OID_IS(oid, oid_rsa_pss)) {
		out->type = NCR_PK_RSA;
		if (s.len && skip_seq(&s))
			return -EINVAL;
	} else if (OID_IS(oid, oid_dsa)) {
		out->type = NCR_PK_DSA;
		if (!s.len)
			return -EOPNOTSUPP;	/* parameters inherited from a CA */
		if (get_dss_parms(&s, &out->dl))
			return -EINVAL;
	} else if (OID_IS(oid, oid_dh) || OID_IS(oid, oid_dhx)) {
		out->type = NCR_PK_DH;
		if (get_dh_parms(&s, &out->dl, OID_IS(oid, oid_dhx)))
			return -EINVAL;
	} else if (OID_IS(oid, oid_ec)) {
		out->type = NCR_PK_EC;
		if (ncr_der_peek(&s) != NCR_DER_OID) {
			/* explicit parameters or implicitlyCA */
			err = ncr_der_peek(&s) == NCR_DER_SEQUENCE ? skip_seq(&s) :
			      ncr_der_get_null(&s);
			if (err || ncr_der_end(&s))
				return -EINVAL;
			return -EOPNOTSUPP;
		}
		if (ncr_der_get_oid(&s, &curve))
			return -EINVAL;
		if (OID_IS(curve, oid_p256))
			out->ec.curve = NCR_EC_P256;
		else if (OID_IS(curve, oid_p384))
			out->ec.curve = NCR_EC_P384;
		else
			return ncr_der_end(&s) ? -EINVAL : -EOPNOTSUPP;
	} else if (OID_IS(oid, oid_x25519)) {
		out->type = NCR_PK_X25519;
	} else if (OID_IS(oid, oid_ed25519)) {
		out->type = NCR_PK_ED25519;
	} else {
		/* unknown algorithm: parameters must still be well-formed */
		return ncr_der_check(&s) ? -EINVAL : -EOPNOTSUPP;
	}
	return ncr_der_end(&s);
}

/* An EC point: 04 X Y or 02/03 X, X and Y of the curve's field length. */
static int ec_point_ok(u32 curve, const struct ncr_bytes *pt)
{
	size_t flen = ec_flen(curve);

	if (!flen || !pt->len)
		return -EINVAL;
	if (pt->p[0] == 0x04)
		return pt->len == 1 + 2 * flen ? 0 : -EINVAL;
	if (pt->p[0] == 0x02 || pt->p[0] == 0x03)
		return pt->len == 1 + flen ? 0 : -EINVAL;
	return -EINVAL;
}

/* RSAPublicKey ::= SEQUENCE { n, e } */
static int get_rsa_pub(struct ncr_der *d, struct ncr_rsa_parts *r)
{
	struct ncr_der s;

	if (ncr_der_get(d, NCR_DER_SEQUENCE, &s) || get_pos(&s, &r->n) ||
	    get_pos(&s, &r->e) || ncr_der_end(&s))
		return -EINVAL;
	return 0;
}

/* RSAPrivateKey ::= SEQUENCE { version, n, e, d, p, q, dp, dq, qinv,
 * otherPrimeInfos OPTIONAL } */
static int get_rsa_priv(struct ncr_der *d, struct ncr_rsa_parts *r)
{
	struct ncr_der s;
	u32 ver;

	if (ncr_der_get(d, NCR_DER_SEQUENCE, &s) || ncr_der_get_u32(&s, &ver) ||
	    ver > 1 || get_pos(&s, &r->n) || get_pos(&s, &r->e) ||
	    ncr_der_get_uint(&s, &r->d) || ncr_der_get_uint(&s, &r->p) ||
	    ncr_der_get_uint(&s, &r->q) || ncr_der_get_uint(&s, &r->dp) ||
	    ncr_der_get_uint(&s, &r->dq) || ncr_der_get_uint(&s, &r->qinv))
		return -EINVAL;
	if (ver == 1) {		/* multi-prime */
		if (skip_seq(&s) || ncr_der_end(&s))
			return -EINVAL;
		return -EOPNOTSUPP;
	}
	return ncr_der_end(&s);
}

/* The public key in an SPKI BIT STRING (or a OneAsymmetricKey [1]). */
static int get_pubkey(const struct ncr_bytes *bits, struct ncr_pk_parts *out)
{
	struct ncr_der d;

	ncr_der_init(&d, bits->p, bits->len);
	switch (out->type) {
	case NCR_PK_RSA:
		return get_rsa_pub(&d, &out->rsa) || ncr_der_end(&d) ? -EINVAL : 0;
	case NCR_PK_DSA:
	case NCR_PK_DH:
		return get_pos(&d, &out->dl.y) || ncr_der_end(&d) ? -EINVAL : 0;
	case NCR_PK_EC:
		out->ec.point = *bits;
		return ec_point_ok(out->ec.curve, bits);
	case NCR_PK_X25519:
	case NCR_PK_ED25519:
		out->k25519.pub = *bits;
		return bits->len == K25519_LEN ? 0 : -EINVAL;
	}
	return -EINVAL;
}

/* SubjectPublicKeyInfo ::= SEQUENCE { algorithm, subjectPublicKey BIT STRING } */
static int parse_spki(struct ncr_der *d, struct ncr_pk_parts *out)
{
	struct ncr_der s;
	struct ncr_bytes bits;
	int err;

	if (ncr_der_get(d, NCR_DER_SEQUENCE, &s))
		return -EINVAL;
	err = get_algid(&s, out);
	if (err)
		return err;
	if (ncr_der_get_bits(&s, &bits) || ncr_der_end(&s))
		return -EINVAL;
	return get_pubkey(&bits, out);
}

/*
 * ECPrivateKey ::= SEQUENCE { version INTEGER (1), privateKey OCTET STRING,
 * parameters [0] EXPLICIT ECParameters OPTIONAL, publicKey [1] EXPLICIT
 * BIT STRING OPTIONAL }
 */
static int get_ec_priv(struct ncr_der *d, struct ncr_ec_parts *ec)
{
	struct ncr_der s, t;
	struct ncr_bytes oid;
	u32 ver;

	if (ncr_der_get(d, NCR_DER_SEQUENCE, &s) || ncr_der_get_u32(&s, &ver) ||
	    ver != 1 || ncr_der_get_octets(&s, &ec->d) ||
	    ec->d.len != ec_flen(ec->curve))
		return -EINVAL;
	if (ncr_der_peek(&s) == NCR_DER_CTX(0)) {
		/* must name the AlgorithmIdentifier's curve */
		if (ncr_der_get(&s, NCR_DER_CTX(0), &t))
			return -EINVAL;
		if (ncr_der_peek(&t) != NCR_DER_OID)
			return skip_seq(&t) || ncr_der_end(&t) ? -EINVAL : -EOPNOTSUPP;
		if (ncr_der_get_oid(&t, &oid) || ncr_der_end(&t))
			return -EINVAL;
		if (!(ec->curve == NCR_EC_P256 && OID_IS(oid, oid_p256)) &&
		    !(ec->curve == NCR_EC_P384 && OID_IS(oid, oid_p384)))
			return -EINVAL;
	}
	if (ncr_der_peek(&s) == NCR_DER_CTX(1)) {
		if (ncr_der_get(&s, NCR_DER_CTX(1), &t) ||
		    ncr_der_get_bits(&t, &ec->point) || ncr_der_end(&t) ||
		    ec_point_ok(ec->curve, &ec->point))
			return -EINVAL;
	}
	return ncr_der_end(&s);
}

/* The privateKey OCTET STRING's contents of a PKCS#8 key. */
static int get_privkey(const struct ncr_bytes *oct, struct ncr_pk_parts *out)
{
	struct ncr_der d;
	int err;

	ncr_der_init(&d, oct->p, oct->len);
	switch (out->type) {
	case NCR_PK_RSA:
		err = get_rsa_priv(&d, &out->rsa);
		break;
	case NCR_PK_DSA:
	case NCR_PK_DH:
		err = ncr_der_get_uint(&d, &out->dl.x);
		break;
	case NCR_PK_EC:
		err = get_ec_priv(&d, &out->ec);
		break;
	case NCR_PK_X25519:
	case NCR_PK_ED25519:
		/* CurvePrivateKey ::= OCTET STRING */
		err = ncr_der_get_octets(&d, &out->k25519.priv);
		if (!err && out->k25519.priv.len != K25519_LEN)
			err = -EINVAL;
		break;
	default:
		err = -EINVAL;
	}
	if (err)
		return err;
	return ncr_der_end(&d);
}

/*
 * OneAsymmetricKey ::= SEQUENCE { version (0 or 1), privateKeyAlgorithm,
 * privateKey OCTET STRING, attributes [0] IMPLICIT Attributes OPTIONAL,
 * publicKey [1] IMPLICIT BIT STRING OPTIONAL (version 1 only) }
 */
static int parse_pkcs8(struct ncr_der *d, struct ncr_pk_parts *out)
{
	struct ncr_der s, t;
	struct ncr_bytes oct, pub;
	struct ncr_pk_parts pk;
	u32 ver;
	int err;

	if (ncr_der_get(d, NCR_DER_SEQUENCE, &s) || ncr_der_get_u32(&s, &ver) || ver > 1)
		return -EINVAL;
	err = get_algid(&s, out);
	if (err)
		return err;
	if (ncr_der_get_octets(&s, &oct))
		return -EINVAL;
	if (ncr_der_peek(&s) == NCR_DER_CTX(0)) {
		if (ncr_der_get(&s, NCR_DER_CTX(0), &t) || ncr_der_check(&t))
			return -EINVAL;
	}
	pub.len = 0;
	if (ver == 1 && ncr_der_peek(&s) == NCR_DER_CTX_PRIM(1)) {
		if (ncr_der_get(&s, NCR_DER_CTX_PRIM(1), &t) || !t.len || t.p[0])
			return -EINVAL;
		pub.p = t.p + 1;
		pub.len = t.len - 1;
	}
	if (ncr_der_end(&s))
		return -EINVAL;
	err = get_privkey(&oct, out);
	if (err)
		return err;
	if (!pub.len)
		return 0;
	/* the public key as in an SPKI; it fills only what is missing */
	memset(&pk, 0, sizeof(pk));
	pk.type = out->type;
	pk.ec.curve = out->type == NCR_PK_EC ? out->ec.curve : 0;
	if (get_pubkey(&pub, &pk))
		return -EINVAL;
	switch (out->type) {
	case NCR_PK_DSA:
	case NCR_PK_DH:
		out->dl.y = pk.dl.y;
		break;
	case NCR_PK_EC:
		if (!out->ec.point.len)
			out->ec.point = pk.ec.point;
		break;
	case NCR_PK_X25519:
	case NCR_PK_ED25519:
		out->k25519.pub = pk.k25519.pub;
		break;
	}
	return 0;
}

int ncr_der_parse_key(u32 format, const u8 *der, size_t len, struct ncr_pk_parts *out)
{
	struct ncr_der d;
	u32 type = out->type, priv = out->priv;
	int err;

	memset(out, 0, sizeof(*out));
	if (!der || !len || len > NCR_DER_MAX_LEN)
		return -EINVAL;
	ncr_der_init(&d, der, len);
	switch (format) {
	case NCR_DER_SPKI:
		err = parse_spki(&d, out);
		break;
	case NCR_DER_PKCS8:
		out->priv = 1;
		err = parse_pkcs8(&d, out);
		break;
	case NCR_DER_PKCS1:
		out->type = NCR_PK_RSA;
		out->priv = !!priv;
		err = priv ? get_rsa_priv(&d, &out->rsa) : get_rsa_pub(&d, &out->rsa);
		break;
	case NCR_DER_PARAMS:
		out->type = type;
		if (type == NCR_PK_DSA)
			err = get_dss_parms(&d, &out->dl);
		else if (type == NCR_PK_DH)
			err = get_dh_parms(&d, &out->dl, -1);
		else
			err = -EINVAL;
		break;
	default:
		err = -EINVAL;
	}
	if (!err)
		err = ncr_der_end(&d);
	if (err)
		memset(out, 0, sizeof(*out));
	return err;
}

/* --- writing (backwards: last element first) --- */

static int have(const struct ncr_bytes *b)
{
	return b->len != 0;
}

/* Significant bytes of a public number. */
static size_t pub_len(const struct ncr_bytes *b)
{
	size_t i = 0;

	while (i < b->len && !b->p[i])
		i++;
	return b->len - i;
}

static void w_dss_parms(struct ncr_der_w *w, const struct ncr_dl_parts *dl)
{
	size_t m = w->n;

	ncr_der_w_uint(w, &dl->g);
	ncr_der_w_uint(w, &dl->q);
	ncr_der_w_uint(w, &dl->p);
	ncr_der_w_hdr(w, NCR_DER_SEQUENCE, w->n - m);
}

/* DomainParameters {p, g, q} if q is there, DHParameter {p, g} if not. */
static void w_dh_parms(struct ncr_der_w *w, const struct ncr_dl_parts *dl)
{
	size_t m = w->n;

	if (have(&dl->q))
		ncr_der_w_uint(w, &dl->q);
	ncr_der_w_uint(w, &dl->g);
	ncr_der_w_uint(w, &dl->p);
	ncr_der_w_hdr(w, NCR_DER_SEQUENCE, w->n - m);
}

static int w_algid(struct ncr_der_w *w, const struct ncr_pk_parts *k)
{
	size_t m = w->n;

	switch (k->type) {
	case NCR_PK_RSA:
		ncr_der_w_hdr(w, NCR_DER_NULL, 0);
		ncr_der_w_tlv(w, NCR_DER_OID, oid_rsa, sizeof(oid_rsa));
		break;
	case NCR_PK_DSA:
		w_dss_parms(w, &k->dl);
		ncr_der_w_tlv(w, NCR_DER_OID, oid_dsa, sizeof(oid_dsa));
		break;
	case NCR_PK_DH:
		w_dh_parms(w, &k->dl);
		if (have(&k->dl.q))
			ncr_der_w_tlv(w, NCR_DER_OID, oid_dhx, sizeof(oid_dhx));
		else
			ncr_der_w_tlv(w, NCR_DER_OID, oid_dh, sizeof(oid_dh));
		break;
	case NCR_PK_EC:
		if (k->ec.curve == NCR_EC_P256)
			ncr_der_w_tlv(w, NCR_DER_OID, oid_p256, sizeof(oid_p256));
		else
			ncr_der_w_tlv(w, NCR_DER_OID, oid_p384, sizeof(oid_p384));
		ncr_der_w_tlv(w, NCR_DER_OID, oid_ec, sizeof(oid_ec));
		break;
	case NCR_PK_X25519:
		ncr_der_w_tlv(w, NCR_DER_OID, oid_x25519, sizeof(oid_x25519));
		break;
	case NCR_PK_ED25519:
		ncr_der_w_tlv(w, NCR_DER_OID, oid_ed25519, sizeof(oid_ed25519));
		break;
	default:
		return -EINVAL;
	}
	ncr_der_w_hdr(w, NCR_DER_SEQUENCE, w->n - m);
	return 0;
}

static void w_rsa_pub(struct ncr_der_w *w, const struct ncr_rsa_parts *r)
{
	size_t m = w->n;

	ncr_der_w_uint(w, &r->e);
	ncr_der_w_uint(w, &r->n);
	ncr_der_w_hdr(w, NCR_DER_SEQUENCE, w->n - m);
}

static void w_rsa_priv(struct ncr_der_w *w, const struct ncr_rsa_parts *r)
{
	size_t m = w->n;

	ncr_der_w_uint(w, &r->qinv);
	ncr_der_w_uint(w, &r->dq);
	ncr_der_w_uint(w, &r->dp);
	ncr_der_w_uint(w, &r->q);
	ncr_der_w_uint(w, &r->p);
	ncr_der_w_uint(w, &r->d);
	ncr_der_w_uint(w, &r->e);
	ncr_der_w_uint(w, &r->n);
	ncr_der_w_u32(w, 0);
	ncr_der_w_hdr(w, NCR_DER_SEQUENCE, w->n - m);
}

/* The parts a format needs are there (and of the right size). */
static int check_parts(u32 format, const struct ncr_pk_parts *k)
{
	const struct ncr_rsa_parts *r = &k->rsa;
	const struct ncr_dl_parts *dl = &k->dl;
	int priv = format == NCR_DER_PKCS8 || (format == NCR_DER_PKCS1 && k->priv);

	if (priv && !k->priv)
		return -EINVAL;
	switch (k->type) {
	case NCR_PK_RSA:
		if (format == NCR_DER_PARAMS || !have(&r->n) || !have(&r->e))
			return -EINVAL;
		if (priv && (!have(&r->d) || !have(&r->p) || !have(&r->q) ||
			     !have(&r->dp) || !have(&r->dq) || !have(&r->qinv)))
			return -EINVAL;
		return 0;
	case NCR_PK_DSA:
	case NCR_PK_DH:
		if (format == NCR_DER_PKCS1 || !have(&dl->p) || !have(&dl->g) ||
		    (k->type == NCR_PK_DSA && !have(&dl->q)))
			return -EINVAL;
		/* a DH q that would read back as a privateValueLength */
		if (format == NCR_DER_PARAMS && k->type == NCR_PK_DH && have(&dl->q) &&
		    pub_len(&dl->q) <= 4)
			return -EINVAL;
		if (format == NCR_DER_SPKI && !have(&dl->y))
			return -EINVAL;
		if (priv && !have(&dl->x))
			return -EINVAL;
		return 0;
	case NCR_PK_EC:
		if (format == NCR_DER_PKCS1 || format == NCR_DER_PARAMS ||
		    !ec_flen(k->ec.curve))
			return -EINVAL;
		if ((format == NCR_DER_SPKI || have(&k->ec.point)) &&
		    ec_point_ok(k->ec.curve, &k->ec.point))
			return -EINVAL;
		if (priv && !have(&k->ec.d))
			return -EINVAL;
		return 0;
	case NCR_PK_X25519:
	case NCR_PK_ED25519:
		if (format == NCR_DER_PKCS1 || format == NCR_DER_PARAMS)
			return -EINVAL;
		if (format == NCR_DER_SPKI && k->k25519.pub.len != K25519_LEN)
			return -EINVAL;
		if (priv && k->k25519.priv.len != K25519_LEN)
			return -EINVAL;
		return 0;
	}
	return -EINVAL;
}

static int w_spki(struct ncr_der_w *w, const struct ncr_pk_parts *k)
{
	size_t m = w->n;

	switch (k->type) {
	case NCR_PK_RSA:
		w_rsa_pub(w, &k->rsa);
		break;
	case NCR_PK_DSA:
	case NCR_PK_DH:
		ncr_der_w_uint(w, &k->dl.y);
		break;
	case NCR_PK_EC:
		ncr_der_w_bytes(w, k->ec.point.p, k->ec.point.len);
		break;
	default:
		ncr_der_w_bytes(w, k->k25519.pub.p, k->k25519.pub.len);
	}
	ncr_der_w_bytes(w, (const u8 *)"", 1);	/* 0 unused bits */
	ncr_der_w_hdr(w, NCR_DER_BIT_STRING, w->n - m);
	w_algid(w, k);
	ncr_der_w_hdr(w, NCR_DER_SEQUENCE, w->n - m);
	return 0;
}

static int w_pkcs8(struct ncr_der_w *w, const struct ncr_pk_parts *k)
{
	size_t m = w->n, e, p;
	int err = 0;

	switch (k->type) {
	case NCR_PK_RSA:
		w_rsa_priv(w, &k->rsa);
		break;
	case NCR_PK_DSA:
	case NCR_PK_DH:
		ncr_der_w_uint(w, &k->dl.x);
		break;
	case NCR_PK_EC:
		e = w->n;
		if (have(&k->ec.point)) {
			p = w->n;
			ncr_der_w_bytes(w, k->ec.point.p, k->ec.point.len);
			ncr_der_w_bytes(w, (const u8 *)"", 1);
			ncr_der_w_hdr(w, NCR_DER_BIT_STRING, w->n - p);
			ncr_der_w_hdr(w, NCR_DER_CTX(1), w->n - p);
		}
		err = ncr_der_w_fixed(w, NCR_DER_OCTET_STRING, &k->ec.d, ec_flen(k->ec.curve));
		ncr_der_w_u32(w, 1);
		ncr_der_w_hdr(w, NCR_DER_SEQUENCE, w->n - e);
		break;
	default:
		ncr_der_w_tlv(w, NCR_DER_OCTET_STRING, k->k25519.priv.p, K25519_LEN);
	}
	ncr_der_w_hdr(w, NCR_DER_OCTET_STRING, w->n - m);
	w_algid(w, k);
	ncr_der_w_u32(w, 0);
	ncr_der_w_hdr(w, NCR_DER_SEQUENCE, w->n - m);
	return err;
}

static int w_key(u32 format, const struct ncr_pk_parts *k, struct ncr_der_w *w)
{
	switch (format) {
	case NCR_DER_SPKI:
		return w_spki(w, k);
	case NCR_DER_PKCS8:
		return w_pkcs8(w, k);
	case NCR_DER_PKCS1:
		if (k->type != NCR_PK_RSA)
			return -EINVAL;
		if (k->priv)
			w_rsa_priv(w, &k->rsa);
		else
			w_rsa_pub(w, &k->rsa);
		return 0;
	case NCR_DER_PARAMS:
		if (k->type == NCR_PK_DSA)
			w_dss_parms(w, &k->dl);
		else
			w_dh_parms(w, &k->dl);
		return 0;
	}
	return -EINVAL;
}

/*
 * Two passes: the first only counts, so that the second writes in place
 * into exactly the bytes the result takes and nothing secret lands in a
 * buffer that turns out too small.
 */
int ncr_der_write_key(u32 format, const struct ncr_pk_parts *k, u8 *buf, size_t *len)
{
	struct ncr_der_w w;
	size_t need;
	int err;

	if (!len || (!buf && *len))
		return -EINVAL;
	err = check_parts(format, k);
	if (err)
		return err;
	ncr_der_w_init(&w, NULL, 0);
	err = w_key(format, k, &w);
	if (!err)
		err = ncr_der_w_finish(&w, &need);
	if (err != -ERANGE)
		return err ? err : -EINVAL;
	if (need > *len) {
		*len = need;
		return -ERANGE;
	}
	ncr_der_w_init(&w, buf, need);
	err = w_key(format, k, &w);
	if (!err)
		err = ncr_der_w_finish(&w, len);
	if (err)
		ncr_wipe(buf, need);
	return err;
}

/* Bound of an INTEGER of up to nb magnitude bytes: tag, 3 length bytes,
 * sign byte. */
#define INT_MAX_LEN(nb)	((size_t)(nb) + 5)
/* Bound of a constructed header. */
#define HDR		4

size_t ncr_der_key_max(u32 type, u32 format, u32 bits)
{
	size_t b = ((size_t)bits + 7) / 8, key, alg, par;

	if (!bits || bits > 8 * NCR_DER_MAX_LEN)
		return 0;
	switch (type) {
	case NCR_PK_RSA:
		if (format == NCR_DER_PARAMS)
			return 0;
		alg = HDR + 2 + sizeof(oid_rsa) + 2;
		if (format == NCR_DER_PKCS8 || format == NCR_DER_PKCS1) {
			/* version, n, e, d, p, q, dp, dq, qinv */
			key = HDR + 3 + 8 * INT_MAX_LEN(b);
			return format == NCR_DER_PKCS1 ? key : HDR + 3 + alg + HDR + key;
		}
		key = HDR + 2 * INT_MAX_LEN(b);
		return HDR + alg + HDR + 1 + key;
	case NCR_PK_DSA:
	case NCR_PK_DH:
		par = HDR + 3 * INT_MAX_LEN(b);
		if (format == NCR_DER_PARAMS)
			return par;
		alg = HDR + 2 + sizeof(oid_dh) + par;
		if (format == NCR_DER_SPKI)
			return HDR + alg + HDR + 1 + INT_MAX_LEN(b);
		if (format == NCR_DER_PKCS8)
			return HDR + 3 + alg + HDR + INT_MAX_LEN(b);
		return 0;
	case NCR_PK_EC:
		alg = HDR + 2 + sizeof(oid_ec) + 2 + sizeof(oid_p256);
		if (format == NCR_DER_SPKI)
			return HDR + alg + HDR + 1 + 1 + 2 * b;
		if (format == NCR_DER_PKCS8)
			return HDR + 3 + alg + HDR +
			       HDR + 3 + HDR + b + HDR + HDR + 1 + 1 + 2 * b;
		return 0;
	case NCR_PK_X25519:
	case NCR_PK_ED25519:
		if (format == NCR_DER_SPKI)
			return 2 + 2 + 5 + 2 + 1 + K25519_LEN;
		if (format == NCR_DER_PKCS8)
			return 2 + 3 + 2 + 5 + 2 + 2 + K25519_LEN;
		return 0;
	}
	return 0;
}
