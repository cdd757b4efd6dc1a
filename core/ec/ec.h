/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * ec.h - NIST P-256 and P-384: point validation, key generation, ECDSA and
 * ECDH for the portable core.
 *
 * Curves are named by bits (enum ncr_ec_curve in pkparts.h); L is the field
 * length in bytes (32 / 48).  An unknown curve gives -EINVAL.  Nothing
 * allocates; the deepest call chain (P-384 verify) uses about 2.6 KB of
 * stack, no frame above 1 KB.  The fixed-base tables take 127 KB of
 * read-only data.
 *
 * Constant time: every operation on a private scalar d or a nonce k (key
 * generation, public_from_private, ECDSA signing, ECDH) takes no branch and
 * no memory address that depends on them: fixed windows, table entries read
 * by scanning the whole table under masks, complete addition formulas
 * (Renes-Costello-Batina 2016, no exceptional cases), Fermat inversion
 * (ECDSA signing instead blinds its two inversions, k^-1 mod n and 1/Z mod
 * p, with a secret pseudo-random factor and inverts the blinded values in
 * variable time).
 * What leaks: the curve, lengths, whether d is valid (an error return), the
 * number of rejected candidates in ncr_ec_generate and in RFC 6979, and the
 * public outputs.  Point decoding and ECDSA verification handle public data
 * only and may take data-dependent branches.
 */
#ifndef NCR_EC_H
#define NCR_EC_H

#include "ncr_core.h"
#include "pkparts.h"

/* Largest field length in bytes and largest uncompressed point. */
#define NCR_EC_MAX_LEN		48
#define NCR_EC_MAX_POINT	(1 + 2 * NCR_EC_MAX_LEN)

/* Length in bytes of the field (32 / 48); 0 if the curve is unknown.  An
 * uncompressed point is 1 + 2L bytes, a raw signature 2L. */
size_t ncr_ec_field_len(u32 curve);

/*
 * Decodes a public point: uncompressed 04||X||Y or compressed 02/03||X;
 * checks coordinates < p, on curve, not infinity.  Writes the uncompressed
 * form to out (1+2L).  -EINVAL if invalid.
 */
int ncr_ec_point_decode(u32 curve, const u8 *in, size_t len, u8 *out);

/* 1 <= d < n (d: any length big-endian, leading zeros ok) -> 0 else -EINVAL. */
int ncr_ec_check_private(u32 curve, const u8 *d, size_t dlen);

/* pub (1+2L, uncompressed) = d*G.  Constant time in d.  -EINVAL if d is
 * not in [1, n-1]. */
int ncr_ec_public_from_private(u32 curve, const u8 *d, size_t dlen, u8 *pub);

/*
 * Random d in [1, n-1] (rejection sampling from env->rand: L bytes per
 * candidate) and its public point.  -EINVAL without env->rand, -EIO if 64
 * candidates in a row were rejected (a broken RNG).
 */
int ncr_ec_generate(u32 curve, const struct ncr_env *env, u8 *d /* L */,
		    u8 *pub /* 1+2L */);

/*
 * ECDSA over a precomputed digest of any length (bits2int of SEC1/FIPS 186:
 * leftmost bits of the digest).  Signature raw r||s, each L bytes.  Nonce:
 * RFC 6979 HMAC_DRBG with hash `hash_id` (hash.h id; use the one that made
 * the digest), with 32 bytes of env->rand as RFC 6979 section 3.6
 * "additional data" (hedged) when env && env->rand, purely deterministic
 * otherwise.  -EINVAL for a bad d or hash id.
 */
int ncr_ecdsa_sign(u32 curve, const u8 *d, size_t dlen, u32 hash_id, const u8 *digest,
		   size_t digest_len, const struct ncr_env *env, u8 *sig /* 2L */);

/*
 * 0 valid, -EBADMSG invalid (r or s out of [1,n-1], sig_len != 2L, wrong
 * point...), -EINVAL bad pub (decoded as ncr_ec_point_decode).  Variable
 * time: all inputs are public.
 */
int ncr_ecdsa_verify(u32 curve, const u8 *pub, size_t pub_len, const u8 *digest,
		     size_t digest_len, const u8 *sig, size_t sig_len /* must be 2L */);

/*
 * ECDH: shared secret = x-coordinate of d*peer, L bytes.  peer decoded and
 * validated as in ncr_ec_point_decode (-EINVAL if invalid); constant time in d.
 */
int ncr_ecdh(u32 curve, const u8 *d, size_t dlen, const u8 *peer, size_t peer_len,
	     u8 *secret /* L */);

/* --- internal: one set per curve (ec_p256.c, ec_p384.c via ec_impl.h) --- */

struct ncr_ec_ops {
	u32 curve;
	size_t len;			/* L */
	const u8 *order;		/* n, L bytes big-endian */
	int (*decode)(const u8 *in, size_t len, u8 *out);
	int (*check_priv)(const u8 *d, size_t dlen);
	int (*pub)(const u8 *d, size_t dlen, u8 *pub);
	int (*ecdh)(const u8 *d, size_t dlen, const u8 *peer, size_t peer_len, u8 *secret);
	/*
	 * r||s with the nonce k (L bytes, 1 <= k < n) and blind (L secret
	 * pseudo-random bytes for the blinded inversions); -EAGAIN if r or s
	 * is 0.
	 */
	int (*sign_k)(const u8 *d, size_t dlen, const u8 *k, const u8 *blind,
		      const u8 *digest, size_t digest_len, u8 *sig);
	int (*verify)(const u8 *pub, size_t pub_len, const u8 *digest, size_t digest_len,
		      const u8 *sig);
};

extern const struct ncr_ec_ops ncr_ec_p256_ops, ncr_ec_p384_ops;

/* The ops of curve, or NULL. */
const struct ncr_ec_ops *ncr_ec_ops(u32 curve);

#endif /* NCR_EC_H */
