/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * keywrap.h - AES Key Wrap (RFC 3394) and AES Key Wrap with Padding
 * (RFC 5649), over any 128-bit block cipher given as two callbacks.
 *
 * The kernel plugs in the AES library (crypto/aes.h), the user-space unit
 * test and fuzzer plug in OpenSSL; this file does no allocation and keeps
 * no state, so the caller owns every buffer.
 *
 *   RFC 3394  input: a multiple of 8 bytes, at least 16; output: input + 8.
 *             Integrity check: the default IV A6A6A6A6A6A6A6A6.
 *   RFC 5649  input: 1 .. 2^32-1 bytes; output: input rounded up to a
 *             multiple of 8, + 8 (so at least 16).  Integrity check: the
 *             alternative IV A65959A6 || 32-bit big-endian length, the
 *             length consistent with the ciphertext, zero padding.  One
 *             block of padded input (1..8 bytes) is a single block
 *             encryption of AIV || P, as section 4.1 of RFC 5649 says.
 *
 * Unwrapping checks all of that in constant time (no branch or index on
 * secret data before the verdict), wipes its temporaries, and on failure
 * wipes the output buffer, so unverified plaintext never stays behind.
 * In and out may be the same buffer (then the data move by 8 bytes).
 *
 * Return values: 0, -EINVAL (a length the algorithm cannot take: nothing
 * was computed), -EBADMSG (integrity check failed).
 */
#ifndef NCR_KEYWRAP_H
#define NCR_KEYWRAP_H

#include "ncr_core.h"

#define NCR_KW_BLOCK		16
#define NCR_KW_SEMIBLOCK	8

/* One 128-bit block through the cipher, keyed by ctx. */
struct ncr_kw_cipher {
	void *ctx;
	void (*enc)(void *ctx, u8 out[16], const u8 in[16]);
	void (*dec)(void *ctx, u8 out[16], const u8 in[16]);
};

/*
 * Wrapped length of a len-byte input: RFC 3394 (padded == 0) or RFC 5649
 * (padded != 0).  0 if the algorithm cannot wrap len bytes.
 */
size_t ncr_kw_wrapped_len(int padded, size_t len);

/* RFC 3394: wraps len bytes of in into len + 8 bytes of out. */
int ncr_kw_wrap(const struct ncr_kw_cipher *c, const u8 *in, size_t len,
		u8 *out);
/* RFC 3394: unwraps len bytes of in into len - 8 bytes of out. */
int ncr_kw_unwrap(const struct ncr_kw_cipher *c, const u8 *in, size_t len,
		  u8 *out);

/* RFC 5649: wraps len bytes of in into ncr_kw_wrapped_len(1, len) bytes
 * of out. */
int ncr_kwp_wrap(const struct ncr_kw_cipher *c, const u8 *in, size_t len,
		 u8 *out);
/*
 * RFC 5649: unwraps len bytes of in.  out must have room for len - 8
 * bytes (the padded key); on success *out_len is the key's length, the
 * key is out[0 .. *out_len) and the padding after it is zeroed.
 */
int ncr_kwp_unwrap(const struct ncr_kw_cipher *c, const u8 *in, size_t len,
		   u8 *out, size_t *out_len);

#endif /* NCR_KEYWRAP_H */
