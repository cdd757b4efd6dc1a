// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * der.c - strict DER reader and backward writer primitives (see der.h).
 *
 * Tags and lengths are public.  INTEGER contents may be secret (private key
 * components): they are only examined with the branch-free helpers of ct.h,
 * and der_public() marks the few derived values that the encoding makes
 * public anyway (validity verdict, magnitude length) for the ctgrind check
 * (core/tests/test_der_ct.c, built with -DNCR_DER_CT_CHECK); it is a no-op
 * otherwise.
 */
#include "der.h"
#include "ct.h"

#ifdef NCR_DER_CT_CHECK
#include <valgrind/memcheck.h>
#define der_public(x)	VALGRIND_MAKE_MEM_DEFINED(&(x), sizeof(x))
#else
#define der_public(x)	do { } while (0)
#endif

/* Header of the next element: tag, contents offset and length. */
static int der_hdr(const struct ncr_der *d, u8 *tag, size_t *hl, size_t *cl)
{
	size_t l;

	if (d->len < 2)
		return -EINVAL;
	*tag = d->p[0];
	if ((*tag & 0x1f) == 0x1f)		/* multi-byte tag */
		return -EINVAL;
	l = d->p[1];
	if (l < 0x80) {
		*hl = 2;
	} else if (l == 0x81) {
		if (d->len < 3 || d->p[2] < 0x80)
			return -EINVAL;
		l = d->p[2];
		*hl = 3;
	} else if (l == 0x82) {
		if (d->len < 4)
			return -EINVAL;
		l = ((size_t)d->p[2] << 8) | d->p[3];
		if (l < 0x100 || l > NCR_DER_MAX_LEN)
			return -EINVAL;
		*hl = 4;
	} else {	/* indefinite (0x80) or longer than we accept */
		return -EINVAL;
	}
	if (l > d->len - *hl)
		return -EINVAL;
	*cl = l;
	return 0;
}

int ncr_der_get_raw(struct ncr_der *d, u8 tag, struct ncr_der *raw)
{
	size_t hl, cl;
	u8 t;

	if (der_hdr(d, &t, &hl, &cl) || t != tag)
		return -EINVAL;
	raw->p = d->p;
	raw->len = hl + cl;
	d->p += hl + cl;
	d->len -= hl + cl;
	return 0;
}

int ncr_der_get(struct ncr_der *d, u8 tag, struct ncr_der *val)
{
	size_t hl, cl;
	u8 t;

	if (der_hdr(d, &t, &hl, &cl) || t != tag)
		return -EINVAL;
	val->p = d->p + hl;
	val->len = cl;
	d->p += hl + cl;
	d->len -= hl + cl;
	return 0;
}

/*
 * Sign and minimality of INTEGER contents c (clen >= 1), branch-free in
 * the contents: returns 1 if c is negative or has a superfluous leading
 * 00, and sets *strip to 1 if c starts with a (needed) 00 sign byte.
 */
static u32 der_int_bad(const u8 *c, size_t clen, u32 *strip)
{
	u32 c0 = c[0], c1 = clen > 1 ? c[1] : 0x80;
	u32 lead0 = ncr_ct_is_zero(c0) & (u32)(clen > 1);

	*strip = lead0;
	return (c0 >> 7) | (lead0 & ((c1 >> 7) ^ 1));
}

int ncr_der_get_uint(struct ncr_der *d, struct ncr_bytes *out)
{
	struct ncr_der v;
	u32 bad, strip;

	if (ncr_der_get(d, NCR_DER_INTEGER, &v) || !v.len)
		return -EINVAL;
	bad = der_int_bad(v.p, v.len, &strip);
	/* public: the verdict, and the magnitude's length (out->len) */
	der_public(bad);
	der_public(strip);
	if (bad)
		return -EINVAL;
	out->p = v.p + strip;
	out->len = v.len - strip;
	return 0;
}

int ncr_der_get_u32(struct ncr_der *d, u32 *v)
{
	struct ncr_bytes b;
	size_t i;

	if (ncr_der_get_uint(d, &b) || b.len > 4)
		return -EINVAL;
	*v = 0;
	for (i = 0; i < b.len; i++)
		*v = (*v << 8) | b.p[i];
	return 0;
}

int ncr_der_get_bits(struct ncr_der *d, struct ncr_bytes *out)
{
	struct ncr_der v;

	if (ncr_der_get(d, NCR_DER_BIT_STRING, &v) || !v.len || v.p[0])
		return -EINVAL;
	out->p = v.p + 1;
	out->len = v.len - 1;
	return 0;
}

int ncr_der_get_octets(struct ncr_der *d, struct ncr_bytes *out)
{
	struct ncr_der v;

	if (ncr_der_get(d, NCR_DER_OCTET_STRING, &v))
		return -EINVAL;
	out->p = v.p;
	out->len = v.len;
	return 0;
}

/* subidentifiers: no leading 0x80 byte, the last byte ends one */
static int der_oid_ok(const u8 *c, size_t len)
{
	size_t i;

	if (!len || (c[len - 1] & 0x80))
		return -EINVAL;
	for (i = 0; i < len; i++)
		if (c[i] == 0x80 && (i == 0 || !(c[i - 1] & 0x80)))
			return -EINVAL;
	return 0;
}

int ncr_der_get_oid(struct ncr_der *d, struct ncr_bytes *out)
{
	struct ncr_der v;

	if (ncr_der_get(d, NCR_DER_OID, &v) || der_oid_ok(v.p, v.len))
		return -EINVAL;
	out->p = v.p;
	out->len = v.len;
	return 0;
}

int ncr_der_get_null(struct ncr_der *d)
{
	struct ncr_der v;

	if (ncr_der_get(d, NCR_DER_NULL, &v) || v.len)
		return -EINVAL;
	return 0;
}

/* One primitive element's contents against the rules of its universal tag. */
static int der_check_prim(u8 tag, const u8 *c, size_t len)
{
	switch (tag) {
	case 0x01:	/* BOOLEAN */
		return len == 1 && (c[0] == 0 || c[0] == 0xff) ? 0 : -EINVAL;
	case NCR_DER_INTEGER:
	case 0x0a:	/* ENUMERATED: may be negative, must be minimal */
		if (!len)
			return -EINVAL;
		if (len > 1 && ((c[0] == 0 && !(c[1] & 0x80)) ||
				(c[0] == 0xff && (c[1] & 0x80))))
			return -EINVAL;
		return 0;
	case NCR_DER_BIT_STRING:
		if (!len || c[0] > 7 || (len == 1 && c[0]) ||
		    (len > 1 && (c[len - 1] & ((1u << c[0]) - 1))))
			return -EINVAL;
		return 0;
	case NCR_DER_NULL:
		return len ? -EINVAL : 0;
	case NCR_DER_OID:
		return der_oid_ok(c, len);
	case 0x00:	/* end-of-contents: BER only */
		return -EINVAL;
	default:
		return 0;
	}
}

static int der_check_depth(const struct ncr_der *in, int depth)
{
	struct ncr_der d = *in, v;
	size_t hl, cl;
	u8 tag;
	int err;

	if (depth > 8)
		return -EINVAL;
	while (d.len) {
		if (der_hdr(&d, &tag, &hl, &cl))
			return -EINVAL;
		v.p = d.p + hl;
		v.len = cl;
		if (tag & 0x20) {
			/* universal strings are primitive in DER; SEQUENCE and
			 * SET are constructed */
			if (!(tag & 0xc0) && (tag & 0x1f) != 0x10 && (tag & 0x1f) != 0x11)
				return -EINVAL;
			err = der_check_depth(&v, depth + 1);
		} else {
			if (tag == 0x10 || tag == 0x11)
				return -EINVAL;
			err = (tag & 0xc0) ? 0 : der_check_prim(tag, v.p, v.len);
		}
		if (err)
			return err;
		d.p += hl + cl;
		d.len -= hl + cl;
	}
	return 0;
}

int ncr_der_check(const struct ncr_der *d)
{
	return der_check_depth(d, 0);
}

/* --- writer --- */

void ncr_der_w_init(struct ncr_der_w *w, u8 *buf, size_t cap)
{
	w->buf = buf;
	w->cap = buf ? cap : 0;
	w->n = 0;
	w->err = 0;
}

/* Room for len more bytes in front of what is written: their address, or
 * NULL when only counting. */
static u8 *der_w_room(struct ncr_der_w *w, size_t len)
{
	if (len > NCR_DER_MAX_LEN || w->n > NCR_DER_MAX_LEN) {
		w->err = 1;
		return NULL;
	}
	w->n += len;
	if (!w->buf || w->n > w->cap)
		return NULL;
	return w->buf + w->cap - w->n;
}

void ncr_der_w_bytes(struct ncr_der_w *w, const u8 *p, size_t len)
{
	u8 *dst = der_w_room(w, len);

	if (dst && len)
		memcpy(dst, p, len);
}

static void der_w_zeros(struct ncr_der_w *w, size_t len)
{
	u8 *dst = der_w_room(w, len);

	if (dst)
		memset(dst, 0, len);
}

static void der_w_byte(struct ncr_der_w *w, u8 b)
{
	ncr_der_w_bytes(w, &b, 1);
}

void ncr_der_w_hdr(struct ncr_der_w *w, u8 tag, size_t len)
{
	if (len < 0x80) {
		der_w_byte(w, (u8)len);
	} else if (len < 0x100) {
		der_w_byte(w, (u8)len);
		der_w_byte(w, 0x81);
	} else if (len <= NCR_DER_MAX_LEN) {
		der_w_byte(w, (u8)len);
		der_w_byte(w, (u8)(len >> 8));
		der_w_byte(w, 0x82);
	} else {
		w->err = 1;
	}
	der_w_byte(w, tag);
}

void ncr_der_w_tlv(struct ncr_der_w *w, u8 tag, const u8 *p, size_t len)
{
	ncr_der_w_bytes(w, p, len);
	ncr_der_w_hdr(w, tag, len);
}

void ncr_der_w_uint(struct ncr_der_w *w, const struct ncr_bytes *v)
{
	size_t i, lz = 0, n;
	u32 seen = 0, top;

	/* leading zero bytes, counted branch-free over the whole number */
	for (i = 0; i < v->len; i++) {
		seen |= ncr_ct_is_nonzero(v->p[i]);
		lz += seen ^ 1;
	}
	der_public(lz);		/* the encoded length shows it */
	n = v->len - lz;
	if (!n) {
		der_w_byte(w, 0);
		ncr_der_w_hdr(w, NCR_DER_INTEGER, 1);
		return;
	}
	top = v->p[lz] >> 7;
	der_public(top);	/* so does the sign byte */
	ncr_der_w_bytes(w, v->p + lz, n);
	if (top)
		der_w_byte(w, 0);
	ncr_der_w_hdr(w, NCR_DER_INTEGER, n + top);
}

void ncr_der_w_u32(struct ncr_der_w *w, u32 v)
{
	u8 b[4];
	struct ncr_bytes x = { b, 4 };

	ncr_put_be32(b, v);
	ncr_der_w_uint(w, &x);
}

int ncr_der_w_fixed(struct ncr_der_w *w, u8 tag, const struct ncr_bytes *v, size_t flen)
{
	size_t i;
	u32 acc = 0, bad;

	if (v->len > flen) {
		for (i = 0; i < v->len - flen; i++)
			acc |= v->p[i];
		bad = ncr_ct_is_nonzero(acc);
		der_public(bad);
		if (bad)
			return -EINVAL;
		ncr_der_w_bytes(w, v->p + v->len - flen, flen);
	} else {
		ncr_der_w_bytes(w, v->p, v->len);
		der_w_zeros(w, flen - v->len);
	}
	ncr_der_w_hdr(w, tag, flen);
	return 0;
}

int ncr_der_w_finish(struct ncr_der_w *w, size_t *len)
{
	if (w->err || w->n > NCR_DER_MAX_LEN) {
		if (w->buf)
			ncr_wipe(w->buf, w->cap);
		return -EINVAL;
	}
	*len = w->n;
	if (!w->buf || w->n > w->cap) {
		if (w->buf)
			ncr_wipe(w->buf, w->cap);
		return -ERANGE;
	}
	memmove(w->buf, w->buf + w->cap - w->n, w->n);
	/* the old copy's tail may hold secrets */
	ncr_wipe(w->buf + w->n, w->cap - w->n);
	return 0;
}
