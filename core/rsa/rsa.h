/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * rsa.h - RSA for the portable core (RFC 8017): key checks, key generation
 * (FIPS 186-5 A.1.3), CRT private operations with blinding, and the
 * PKCS#1 v1.5, PSS and OAEP encodings.
 *
 * Keys are struct ncr_rsa_parts (pkparts.h): big-endian byte strings,
 * leading zeros allowed.  Private-key operations need a modulus of at
 * least min_priv_bits, by default NCR_RSA_MIN_PRIV_BITS (-EINVAL
 * otherwise); public ones accept NCR_RSA_MIN_BITS.  Every operation that takes an env uses env->rand
 * (blinding, salts, padding, seeds): env must not be NULL.  Nothing allocates: every operation takes a
 * scratch area of ncr_rsa_scratch_size(bits) bytes (aligned to 8 bytes,
 * e.g. from kmalloc), which it leaves wiped.
 *
 * Constant time: private-key operations (CRT exponentiations, recombination,
 * blinding, the decryption padding checks, the implicit rejection) take no
 * branch and no memory index on secret values.  What leaks: the byte
 * lengths of the key parts and of the messages, the public key, the
 * verdict of an OAEP decryption, the plaintext length of a successful one,
 * the length of the message a PKCS#1 v1.5 decryption returns.  The
 * exponentiations are additionally blinded (a random r, c r^e) so that the
 * value that meets the secret exponent is unknown to the caller.
 *
 * PKCS#1 v1.5 ENCRYPTION is a Bleichenbacher oracle by nature: anyone who
 * learns whether a chosen ciphertext decrypts to valid padding (an error
 * code, a timing difference anywhere up the stack) can decrypt.  So its
 * decryption does IMPLICIT REJECTION (draft-irtf-cfrg-rsa-guidance, as
 * OpenSSL 3.2 and later do by default, the "Marvin" countermeasure): a bad
 * padding is not an error but yields a synthetic message, derived from the
 * ciphertext and d, that the caller cannot tell from a real one.  A
 * protocol that then checks the message (a TLS premaster secret's length
 * and version, a key's length) must do so in constant time itself.  Prefer
 * OAEP for new uses.
 */
#ifndef NCR_RSA_H
#define NCR_RSA_H

#include "ncr_core.h"
#include "pkparts.h"
#include "hash/hash.h"

enum ncr_rsa_pad { NCR_RSA_PAD_PKCS1 = 1, NCR_RSA_PAD_PSS = 2, NCR_RSA_PAD_OAEP = 3 };

#define NCR_RSA_MIN_BITS	1024	/* verify/encrypt with public keys */
#define NCR_RSA_MIN_PRIV_BITS	2048	/* generation (and, suggest, private use) */
#define NCR_RSA_MAX_BITS	4096
#define NCR_PSS_SALT_AUTO	0xffffffffu	/* verify only: recover the salt length */

/* Largest public exponent accepted: e fits in 64 bits. */
#define NCR_RSA_MAX_E_BYTES	8

/* Bytes of scratch any operation below needs for a modulus of `bits`. */
size_t ncr_rsa_scratch_size(u32 bits);

/*
 * Validates parts: n odd, NCR_RSA_MIN_BITS <= bits(n) <= NCR_RSA_MAX_BITS,
 * e odd, 3 <= e < n, e at most 64 bits; with priv: p, q, d, dp, dq, qinv
 * present, p and q odd and > 1, p*q == n, qinv < p and qinv*q == 1 mod p,
 * d < n, dp < p, dq < q.  (Whether dp and dq fit e is checked by every
 * private operation, which verifies its result with e.)  *bits = bit length
 * of n.  -EINVAL otherwise.  The checks on private parts branch on their
 * outcome only (a key that fails is rejected).
 */
int ncr_rsa_check(const struct ncr_rsa_parts *k, int priv, u32 *bits, void *scratch);

/* Bytes ncr_rsa_generate writes into buf for a `bits` modulus. */
#define NCR_RSA_GEN_BUF(bits)	(5 * (((bits) + 7) / 8) + NCR_RSA_MAX_E_BYTES)

/*
 * Key generation: bits in {2048, 3072, 4096}; e odd, 65537 <= e < 2^64,
 * big-endian (leading zeros allowed).  FIPS 186-5 A.1.3 probable primes:
 * top two bits set, |p - q| > 2^(bits/2 - 100), gcd(e, p-1) = 1,
 * Miller-Rabin rounds from ncr_prime_mr_rounds, d = e^-1 mod
 * lcm(p-1, q-1) > 2^(bits/2).  Calls ncr_env_yield between candidates and
 * Miller-Rabin rounds (-EINTR, everything wiped).  Writes every component
 * into buf (buflen >= NCR_RSA_GEN_BUF(bits), else -ERANGE) and points
 * out's members into it: n, d: bits/8 bytes; p, q, dp, dq, qinv: bits/16
 * bytes (fixed lengths, leading zeros kept); e as given without leading
 * zeros.  -EINVAL: bits or e out of range.
 */
int ncr_rsa_generate(u32 bits, const u8 *e, size_t elen, const struct ncr_env *env,
		     u8 *buf, size_t buflen, struct ncr_rsa_parts *out, void *scratch);

/*
 * Signature over a digest: PKCS#1 v1.5 (DigestInfo from
 * ncr_hash_info(hash_id)) or PSS (hash_id, mgf1_hash_id, salt_len; salt
 * from env->rand).  sig: k = byte length of n.  The private operation uses
 * CRT with blinding (random r, r^e) and checks the result with the public
 * exponent before releasing it (fault attacks: -EIO, and sig is zeroed).
 * -EINVAL: digest length does not match hash_id, unknown hash or padding,
 * salt too long, key too small for the encoding, malformed key.
 */
int ncr_rsa_sign(const struct ncr_rsa_parts *k, u32 pad, u32 hash_id, u32 mgf1_hash_id,
		 u32 salt_len, const u8 *digest, size_t digest_len, const struct ncr_env *env,
		 u8 *sig, void *scratch);

/*
 * 0 valid, -EBADMSG invalid (also: sig length != k, sig >= n).  Only public
 * parts used.  PSS salt_len may be NCR_PSS_SALT_AUTO.  -EINVAL: bad
 * arguments (unknown hash or padding, digest length, malformed key).
 */
int ncr_rsa_verify(const struct ncr_rsa_parts *k, u32 pad, u32 hash_id, u32 mgf1_hash_id,
		   u32 salt_len, const u8 *digest, size_t digest_len, const u8 *sig,
		   size_t sig_len, void *scratch);

/*
 * Encryption: PKCS#1 v1.5 type 2 (hash ids and label ignored) or OAEP
 * (hash_id, mgf1_hash_id, label).  out: k bytes.  -EINVAL message too long
 * (or bad arguments).
 */
int ncr_rsa_encrypt(const struct ncr_rsa_parts *k, u32 pad, u32 hash_id, u32 mgf1_hash_id,
		    const u8 *label, size_t label_len, const u8 *in, size_t in_len,
		    const struct ncr_env *env, u8 *out, void *scratch);

/*
 * Decryption: in_len must be k.  *out_len (in: capacity) = the length of
 * the message written to out.  Errors only for publicly invalid input:
 * -EBADMSG for in_len != k or c >= n; -EINVAL for bad arguments (unknown
 * padding or hash, malformed key, PKCS#1 v1.5 without d); -EIO if the
 * result of the (blinded CRT, as for sign) private operation fails its
 * check with e.
 *
 * OAEP: a padding error is -EBADMSG, decided in constant time (no branch
 * or index on secret data until the single final verdict; the message
 * length and the verdict are the only things that leak).  -ERANGE (with
 * *out_len = needed) only when the padding was valid and the buffer is too
 * small: this reveals that the padding was valid, so callers should always
 * pass a k-byte buffer (the message is never longer than k - 2 hLen - 2).
 *
 * PKCS#1 v1.5: never a padding error (implicit rejection, see above and
 * ncr_rsa_pkcs1_unpad_implicit): returns 0 with either the real message
 * or, when the padding is bad or the real message does not fit the
 * capacity, a synthetic message of 0 .. k - 11 bytes that depends only on
 * the ciphertext and d (deterministic: the same ciphertext gives the same
 * message), cut to the capacity if longer.  Never -ERANGE.  Pass a buffer
 * of at least k - 11 bytes (k is simplest), or every long message turns
 * into a synthetic one.  What leaks is the returned length only, which no
 * longer tells whether the padding was good.  Needs d (the synthetic
 * message is keyed with it).
 */
int ncr_rsa_decrypt(const struct ncr_rsa_parts *k, u32 pad, u32 hash_id, u32 mgf1_hash_id,
		    const u8 *label, size_t label_len, const u8 *in, size_t in_len,
		    const struct ncr_env *env, u8 *out, size_t *out_len, void *scratch);

/* --- internals, exposed for the unit tests, ct checks and fuzzers --- */

/*
 * The constant-time check (core/tests/test_rsa_ct.c, built with
 * -DNCR_CT_VALGRIND) runs with the secrets marked undefined for Valgrind;
 * NCR_CT_PUBLIC marks the few values derived from them that are public by
 * design (the checked result of the fault check, an OAEP decryption's
 * verdict and message length, the length of the message a PKCS#1 v1.5
 * decryption returns).  A no-op everywhere else.
 */
#if defined(NCR_CT_VALGRIND) && !defined(__KERNEL__)
/* defined by the ct test program (out of line: Valgrind's request there) */
void ncr_ct_public(const void *p, size_t n);
#define NCR_CT_PUBLIC(p, n)	ncr_ct_public(p, n)
#else
#define NCR_CT_PUBLIC(p, n)	do { } while (0)
#endif

/*
 * Padding removal of the k-byte decrypted block em (secret).  Constant time
 * in everything but k, the label length and (after the verdict) the
 * message length.  On success the message is moved to out (capacity
 * *out_len, which must be >= k) and *out_len set; -EBADMSG otherwise (out
 * then holds k bytes of nothing useful, *out_len = 0).  em is modified
 * (unmasked in place).  OAEP needs hash_id/mgf1_hash_id and the label;
 * -EINVAL for unknown hashes or k too small for them.
 *
 * ncr_rsa_pkcs1_unpad returns a verdict, so it is NOT what
 * ncr_rsa_decrypt uses (it would be a Bleichenbacher oracle): it is the
 * explicit form of the check, kept for the tests and the fuzzer.
 */
int ncr_rsa_pkcs1_unpad(u8 *em, size_t k, u8 *out, size_t *out_len);
int ncr_rsa_oaep_unpad(u32 hash_id, u32 mgf1_hash_id, const u8 *label, size_t label_len,
		       u8 *em, size_t k, u8 *out, size_t *out_len);

/*
 * PKCS#1 v1.5 padding removal with implicit rejection, as
 * draft-irtf-cfrg-rsa-guidance and OpenSSL 3.2+: em is the k-byte
 * decrypted block (secret, not modified), c the k-byte ciphertext, d the
 * private exponent (d_len bytes, big-endian, leading zeros allowed; its
 * value must be below 2^(8k)).  With
 *   KDK = HMAC-SHA256(SHA-256(d as k bytes), c),
 *   PRF(label, L) = the first L bytes of HMAC-SHA256(KDK, be16(i) ||
 *                   label || be16(8 L)) for i = 0, 1, ...,
 * the synthetic message is the last len bytes of PRF("message", k), where
 * len is the last of the 128 big-endian 16-bit values of PRF("length",
 * 256), each ANDed with the smallest all-ones mask covering k - 10, that
 * is below k - 10 (0 if none is).  Output: the real message if em is
 * 00 02 PS 00 M (PS >= 8 non-zero bytes) and M fits the capacity
 * *out_len, else the synthetic message, cut to the capacity if longer;
 * *out_len = its length.  Returns 0, or -EINVAL (k < 11 or k >
 * NCR_RSA_KMAX, d empty or not below 2^(8k): public facts about the key).
 * Constant time: the only values derived from em or d that become public
 * are the returned length and the check that d fits k bytes.
 * scratch: NCR_RSA_IR_SCRATCH bytes aligned to 8, left wiped.
 */
#define NCR_RSA_IR_SCRATCH	(2 * sizeof(struct ncr_hmac_ctx) + 2 * 32 + 256 + NCR_RSA_KMAX)
int ncr_rsa_pkcs1_unpad_implicit(const u8 *em, const u8 *c, const u8 *d, size_t d_len,
				 size_t k, u8 *out, size_t *out_len, void *scratch);

/*
 * The raw operations: out = in^e mod n (public; in < n else -EBADMSG) and
 * out = in^d mod n (private: blinded CRT, result checked with e; -EIO on a
 * mismatch, -EBADMSG if in >= n), all k = byte length of n bytes.
 */
int ncr_rsa_public_raw(const struct ncr_rsa_parts *k, const u8 *in, u8 *out, void *scratch);
int ncr_rsa_private_raw(const struct ncr_rsa_parts *k, const u8 *in, u8 *out,
			const struct ncr_env *env, void *scratch);

/* k, the byte length of n without leading zeros (0 if n is empty). */
size_t ncr_rsa_k(const struct ncr_rsa_parts *k);

/*
 * The scratch layout: NCR_RSA_PAD_AREA bytes for the padding layer (a
 * decryption keeps the decrypted block in its first NCR_RSA_KMAX bytes and
 * runs ncr_rsa_pkcs1_unpad_implicit in the NCR_RSA_IR_SCRATCH bytes after
 * it), then ncr_rsa_limb_scratch(bits) bytes of limbs (at
 * ncr_rsa_limb_area()).
 */
#define NCR_RSA_KMAX		(NCR_RSA_MAX_BITS / 8)
#define NCR_RSA_PAD_AREA	(4 * NCR_RSA_KMAX + 256)
size_t ncr_rsa_limb_scratch(u32 bits);
void *ncr_rsa_limb_area(void *scratch);

#endif /* NCR_RSA_H */
