/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * rfc6979.h - deterministic (and hedged) nonces for DSA and ECDSA, RFC 6979
 * section 3.2, with the optional additional data k' of section 3.6.
 */
#ifndef NCR_RFC6979_H
#define NCR_RFC6979_H

#include "ncr_core.h"

/* Largest group order handled, in bytes (P-521 would need 66). */
#define NCR_RFC6979_MAX_QLEN	66

/*
 * k in [1, q-1] per RFC 6979 section 3.2 (bits2int/bits2octets with qbits),
 * HMAC with hash_id; x: private key, h: message digest (any length); extra:
 * optional additional data (k' of section 3.6), may be NULL/0.  Writes
 * qlen = (qbits+7)/8 bytes big-endian.  Retries on k >= q as the RFC says
 * (only a rejected candidate leaks).
 *
 * q must be qlen = (qbits+7)/8 bytes with its top bit at qbits (public);
 * x may be any length but its value must be < q (leading zero bytes beyond
 * qlen are accepted) and nonzero.  Returns 0, or -EINVAL for an unknown
 * hash, bad lengths or x out of range.  Timing depends on the lengths, on
 * the number of rejected candidates and on the validity of x only.
 */
int ncr_rfc6979_nonce(u32 hash_id, const u8 *q, size_t qlen, u32 qbits,
		      const u8 *x, size_t xlen, const u8 *h, size_t hlen,
		      const u8 *extra, size_t extra_len, u8 *k);

#endif /* NCR_RFC6979_H */
