// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * der_sig.c - ECDSA/DSA signatures: Dss-Sig-Value / ECDSA-Sig-Value
 * ::= SEQUENCE { r INTEGER, s INTEGER } <-> raw r || s (RFC 3279).
 * Signatures are public; nothing here needs to be constant time.
 */
#include "der.h"

int ncr_der_sig_decode(const u8 *der, size_t len, size_t qlen, u8 *raw)
{
	struct ncr_der d, s;
	struct ncr_bytes r, sv;

	if (!qlen || qlen > NCR_DER_MAX_LEN / 2)
		return -EINVAL;
	if (!der || !len || len > NCR_DER_MAX_LEN)
		return -EBADMSG;
	ncr_der_init(&d, der, len);
	if (ncr_der_get(&d, NCR_DER_SEQUENCE, &s) || ncr_der_end(&d) ||
	    ncr_der_get_uint(&s, &r) || ncr_der_get_uint(&s, &sv) ||
	    ncr_der_end(&s))
		return -EBADMSG;
	/* a zero is the one byte 00: strip it so that it fits any qlen */
	if (r.len == 1 && !r.p[0])
		r.len = 0;
	if (sv.len == 1 && !sv.p[0])
		sv.len = 0;
	if (r.len > qlen || sv.len > qlen)
		return -EBADMSG;
	memset(raw, 0, 2 * qlen);
	if (r.len)
		memcpy(raw + qlen - r.len, r.p, r.len);
	if (sv.len)
		memcpy(raw + 2 * qlen - sv.len, sv.p, sv.len);
	return 0;
}

int ncr_der_sig_encode(const u8 *raw, size_t qlen, u8 *der, size_t *len)
{
	struct ncr_der_w w;
	struct ncr_bytes r = { raw, qlen }, s = { raw + qlen, qlen };

	if (!len || (!der && *len) || !raw || !qlen || qlen > NCR_DER_MAX_LEN / 2)
		return -EINVAL;
	ncr_der_w_init(&w, der, *len);
	ncr_der_w_uint(&w, &s);
	ncr_der_w_uint(&w, &r);
	ncr_der_w_hdr(&w, NCR_DER_SEQUENCE, w.n);
	return ncr_der_w_finish(&w, len);
}
