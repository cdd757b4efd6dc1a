/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * curve25519.h - X25519 (RFC 7748) and Ed25519 (RFC 8032, pure) over the
 * field GF(2^255 - 19).  Nothing allocates; no global mutable state; every
 * function's stack frame stays under 700 bytes (deepest chain, verify,
 * about 2.5 KB).
 *
 * Constant time: ncr_x25519, ncr_x25519_public, ncr_ed25519_public and
 * ncr_ed25519_sign take no branch and use no memory address that depends on
 * the private scalar, the seed, the expanded secret key or the nonce (the
 * fixed-base table is read by scanning every entry under masks).  Only the
 * message length leaks (through SHA-512).  ncr_ed25519_verify works on public
 * data only and is variable time.
 *
 * Wiped before return: clamped scalars, the expanded key (s, prefix), the
 * nonce, hash states, signed-digit recodings and the ladder / accumulator
 * points; not the short-lived locals inside single field and group
 * operations.
 */
#ifndef NCR_CURVE25519_H
#define NCR_CURVE25519_H

#include "ncr_core.h"

#define NCR_X25519_KEY_LEN	32
#define NCR_ED25519_SEED_LEN	32
#define NCR_ED25519_PUB_LEN	32
#define NCR_ED25519_SIG_LEN	64

/*
 * out = X25519(scalar, point) (RFC 7748 section 5, scalar clamped, u masked
 * to 255 bits).  Returns -EINVAL (out zeroed) when the result is all zero
 * (low-order peer point, the RFC 7748 section 6.1 check); 0 otherwise.
 * Constant time in scalar (the final all-zero test looks at the output only).
 */
int ncr_x25519(u8 out[32], const u8 scalar[32], const u8 point[32]);

/* pub = X25519(priv, 9). */
void ncr_x25519_public(u8 pub[32], const u8 priv[32]);

/* RFC 8032 Ed25519 (pure).  seed = the 32-byte private key. */
void ncr_ed25519_public(u8 pub[32], const u8 seed[32]);

/*
 * sig = Ed25519 signature of msg under seed; pub must be the public key of
 * seed (as ncr_ed25519_public computes it; it is hashed, not checked).
 */
void ncr_ed25519_sign(u8 sig[64], const u8 seed[32], const u8 pub[32],
		      const u8 *msg, size_t msg_len);

/*
 * 0 valid, -EBADMSG invalid.  S >= L is rejected; A and R must decode
 * (non-canonical y >= p rejected, as is x = 0 with the sign bit set).  The
 * cofactorless equation [S]B = R + [k]A is checked by comparing the encoding
 * of [S]B - [k]A with the R bytes of the signature, as RFC 8032 5.1.7
 * allows (so small-order components in R or A are not forgiven).  Variable
 * time (public inputs).
 */
int ncr_ed25519_verify(const u8 sig[64], const u8 pub[32], const u8 *msg,
		       size_t msg_len);

#endif /* NCR_CURVE25519_H */
