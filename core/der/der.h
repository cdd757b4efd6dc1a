/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * der.h - strict DER for public-key material: SubjectPublicKeyInfo, PKCS#8,
 * PKCS#1, SEC1 ECPrivateKey, Dss-Parms, DHParameter / X9.42
 * DomainParameters (der_key.c), ECDSA/DSA signatures (der_sig.c) and the
 * reader/writer primitives under them (der.c).
 *
 * Parsers never allocate: the parts they fill point INTO the input (INTEGER
 * contents with the sign byte stripped).  They accept DER only: single-byte
 * tags, definite minimal lengths, no trailing bytes at any level, BIT
 * STRINGs with 0 unused bits, minimal non-negative INTEGERs, nothing longer
 * than NCR_DER_MAX_LEN.  Writers take the parts and a caller buffer and emit
 * DER that OpenSSL 3 reads.
 *
 * Constant time: tags and lengths are public (they are the shape of the
 * encoding; an INTEGER's length reveals the byte length of the number, and
 * whether its top bit is set).  The contents of private INTEGERs are only
 * examined branch-free (sign and minimality checks, leading-zero counts);
 * just the verdict and the resulting lengths are made public.  Private
 * values are otherwise only copied.  Stack: no frame above ~350 bytes;
 * ncr_der_check() recurses at most 9 levels of ~100 bytes.
 */
#ifndef NCR_DER_H
#define NCR_DER_H

#include "ncr_core.h"
#include "pkparts.h"

/* Nothing longer is read or written. */
#define NCR_DER_MAX_LEN		16384

/* Formats */
enum ncr_der_format {
	NCR_DER_SPKI = 1,	/* SubjectPublicKeyInfo (public key, any type) */
	NCR_DER_PKCS8 = 2,	/* PrivateKeyInfo / OneAsymmetricKey v1 (private, any type) */
	NCR_DER_PKCS1 = 3,	/* RSAPrivateKey (priv) or RSAPublicKey (public), RSA only */
	NCR_DER_PARAMS = 4,	/* Dss-Parms (DSA) or DHParameter (DH), parameters only */
};

/*
 * Parse `der` (exactly len bytes, nothing trailing) in `format` into out.
 * For PKCS1 the caller says priv (0/1) in out->priv before the call; for
 * PARAMS the caller sets out->type (DSA or DH) first.  -EINVAL: malformed
 * DER; -EOPNOTSUPP: well-formed but an algorithm/curve we do not support
 * (e.g. another named curve, explicit EC parameters, multi-prime RSA).
 *
 * What is filled (all else zeroed):
 *   RSA   SPKI, PKCS1 public: n, e.  PKCS8, PKCS1 private: all eight.
 *         SPKI/PKCS8 accept rsaEncryption and id-RSASSA-PSS (its parameters
 *         are checked for well-formedness and ignored).
 *   DSA   SPKI: p, q, g, y.  PKCS8: p, q, g, x (y only if a v2 publicKey
 *         carries it; usually absent: recompute it).  PARAMS: p, q, g.
 *   DH    as DSA; q absent for PKCS #3 dhKeyAgreement parameters, present
 *         for X9.42 dhpublicnumber ones.  PARAMS: DHParameter {p, g,
 *         privateValueLength OPTIONAL} or DomainParameters {p, g, q, j
 *         OPTIONAL, validationParams OPTIONAL}, told apart by the third
 *         INTEGER: up to 4 bytes it is a privateValueLength (ignored).
 *   EC    curve, point (SPKI: the BIT STRING as is, 02/03/04 first byte and
 *         the matching length; PKCS8: the ECPrivateKey's [1] publicKey, or
 *         absent), d (PKCS8: exactly the field length).
 *   X25519/Ed25519  pub (SPKI; PKCS8 only from a v2 [1] publicKey, else
 *         absent), priv (PKCS8, 32 bytes).
 */
int ncr_der_parse_key(u32 format, const u8 *der, size_t len, struct ncr_pk_parts *out);

/*
 * Encode; *len: in capacity, out length written (or needed, with -ERANGE).
 * buf may be NULL with *len 0 to query the length.  -EINVAL if the parts do
 * not fit the format (e.g. PKCS8 of a public key, PKCS1 of a non-RSA key, a
 * missing component, an EC d or point of the wrong size).  On -ERANGE
 * buf is untouched: nothing is written before the size is known.
 *
 * Written: RSA as rsaEncryption with NULL parameters; DSA and DH PKCS8
 * without y (as OpenSSL); DH as dhpublicnumber (X9.42) when q is present,
 * dhKeyAgreement (PKCS #3) otherwise; EC with the named curve in the
 * AlgorithmIdentifier and an ECPrivateKey holding d (field length) and the
 * point (if present) but no [0] parameters; X25519/Ed25519 PKCS8 as v1
 * without the public key.
 */
int ncr_der_write_key(u32 format, const struct ncr_pk_parts *k, u8 *buf, size_t *len);

/*
 * ECDSA/DSA signature: DER SEQUENCE { INTEGER r, INTEGER s } <-> raw r||s
 * with each half qlen bytes.  decode: strict DER (minimal lengths, minimal
 * positive INTEGERs, no trailing data), r and s must fit in qlen bytes:
 * -EBADMSG otherwise (a malformed signature is a failed verification).
 * encode: *len as above.  Signatures are public: not constant time.
 */
int ncr_der_sig_decode(const u8 *der, size_t len, size_t qlen, u8 *raw /* 2*qlen */);
int ncr_der_sig_encode(const u8 *raw, size_t qlen, u8 *der, size_t *len);

/* Largest DER signature for halves of qlen bytes. */
#define NCR_DER_SIG_MAX(qlen)	(2 * (qlen) + 14)

/*
 * Upper bound of the encoded size, to size buffers: for a key of `bits`
 * (modulus / p / curve bits; X25519/Ed25519: any non-zero value) in
 * `format`.  0 for a type/format pair that does not exist.
 */
size_t ncr_der_key_max(u32 type, u32 format, u32 bits);

/* ------------------------------------------------------------------------
 * Primitives (der.c), for the files above and anyone else reading or
 * writing small DER structures.  Every reader returns 0 or -EINVAL.
 */

/* Universal tags used here. */
#define NCR_DER_INTEGER		0x02
#define NCR_DER_BIT_STRING	0x03
#define NCR_DER_OCTET_STRING	0x04
#define NCR_DER_NULL		0x05
#define NCR_DER_OID		0x06
#define NCR_DER_SEQUENCE	0x30
#define NCR_DER_SET		0x31
#define NCR_DER_CTX(n)		(0xa0 | (n))	/* [n] constructed */
#define NCR_DER_CTX_PRIM(n)	(0x80 | (n))	/* [n] primitive */

/* A read cursor: the bytes not yet consumed. */
struct ncr_der {
	const u8 *p;
	size_t len;
};

static inline void ncr_der_init(struct ncr_der *d, const u8 *p, size_t len)
{
	d->p = p;
	d->len = len;
}

/* Tag of the next element, or -1 at the end. */
static inline int ncr_der_peek(const struct ncr_der *d)
{
	return d->len ? d->p[0] : -1;
}

/* 0 if everything was consumed, -EINVAL if bytes remain. */
static inline int ncr_der_end(const struct ncr_der *d)
{
	return d->len ? -EINVAL : 0;
}

/* Reads one element with this tag; *val gets its contents. */
int ncr_der_get(struct ncr_der *d, u8 tag, struct ncr_der *val);
/* As ncr_der_get, the whole element (header included) in *raw. */
int ncr_der_get_raw(struct ncr_der *d, u8 tag, struct ncr_der *raw);
/*
 * INTEGER, non-negative, minimal; *out gets the magnitude (no sign byte;
 * zero is one 00 byte).  The contents are checked branch-free: only the
 * verdict and the length are public.
 */
int ncr_der_get_uint(struct ncr_der *d, struct ncr_bytes *out);
/* INTEGER that fits in a u32 (versions, counts). */
int ncr_der_get_u32(struct ncr_der *d, u32 *v);
/* BIT STRING with 0 unused bits; *out gets the bytes after that octet. */
int ncr_der_get_bits(struct ncr_der *d, struct ncr_bytes *out);
/* OCTET STRING, OBJECT IDENTIFIER contents. */
int ncr_der_get_octets(struct ncr_der *d, struct ncr_bytes *out);
int ncr_der_get_oid(struct ncr_der *d, struct ncr_bytes *out);
/* NULL */
int ncr_der_get_null(struct ncr_der *d);
/* Checks that d holds only well-formed DER elements (recursing into
 * constructed ones, at most 8 levels) without interpreting them. */
int ncr_der_check(const struct ncr_der *d);

/*
 * A writer that fills its buffer BACKWARDS, from the end: write the
 * contents of an element first, then its header with ncr_der_w_hdr(w, tag,
 * w->n - mark).  Writing past the capacity (or with buf NULL) only counts.
 */
struct ncr_der_w {
	u8 *buf;
	size_t cap;
	size_t n;	/* bytes written (or needed), at buf + cap - n */
	int err;	/* an element too long for DER here: finish fails */
};

void ncr_der_w_init(struct ncr_der_w *w, u8 *buf, size_t cap);
void ncr_der_w_bytes(struct ncr_der_w *w, const u8 *p, size_t len);
void ncr_der_w_hdr(struct ncr_der_w *w, u8 tag, size_t len);
/* Whole elements. */
void ncr_der_w_tlv(struct ncr_der_w *w, u8 tag, const u8 *p, size_t len);
/*
 * INTEGER from an unsigned big-endian number (leading zeros allowed; empty
 * is zero).  The leading-zero count and the top bit are found branch-free;
 * only the encoded length is made public.
 */
void ncr_der_w_uint(struct ncr_der_w *w, const struct ncr_bytes *v);
void ncr_der_w_u32(struct ncr_der_w *w, u32 v);
/*
 * Exactly flen bytes of the number v into an element with this tag (EC
 * private keys).  Returns -EINVAL if v does not fit in flen bytes (checked
 * branch-free; the verdict is public).
 */
int ncr_der_w_fixed(struct ncr_der_w *w, u8 tag, const struct ncr_bytes *v, size_t flen);
/*
 * Ends a write: moves the result to the start of buf, sets *len.  0, or
 * -ERANGE (buf wiped) if it did not fit, *len = the size needed, or -EINVAL
 * (buf wiped) if the result would be longer than NCR_DER_MAX_LEN.
 */
int ncr_der_w_finish(struct ncr_der_w *w, size_t *len);

#endif /* NCR_DER_H */
