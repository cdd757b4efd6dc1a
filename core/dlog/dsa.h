/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * dsa.h - DSA (FIPS 186-4) and finite-field Diffie-Hellman (PKCS #3,
 * RFC 7919) over struct ncr_dl_parts (pkparts.h).
 *
 * Numbers are unsigned big-endian byte strings (leading zeros allowed).
 * plen / qlen below are the byte lengths of p / q without leading zero
 * bytes: (bits(p) + 7) / 8 and (bits(q) + 7) / 8 (DH p and q need not be
 * whole bytes: a 2052-bit p has plen 257).
 *
 * Every function takes caller-owned scratch of ncr_dl_scratch_size(pbits)
 * bytes, where pbits is the bit length of the p used (paramgen: L), aligned
 * for a u64 (kmalloc/kvmalloc memory is).  Scratch is wiped before return.
 *
 * Errors: -EINVAL malformed or unacceptable input, -EBADMSG (verify only)
 * signature does not match, -EINTR env->yield asked to stop.
 *
 * Yields: functions taking an env call ncr_env_yield(env) (env may be NULL,
 * or have no yield) about every millisecond of work in long exponentiations
 * and between primality rounds: an 8192-bit exponentiation takes a third
 * of a second, a primality test of an 8192-bit number seconds.  The calls
 * come at points that depend only on lengths, never on secrets.  On
 * -EINTR nothing is written and the scratch is wiped.
 *
 * Timing: what depends on secrets (x, the nonce k, the shared secret) goes
 * through constant-time code only: bn.h's modexp with masked table reads,
 * Fermat inversion, masked comparisons.  What may leak: all lengths (of p,
 * q, the digest, and the byte length of the x buffer, which sets the
 * exponent length of DH), public values (p, q, g, y, peer values, r, s, the
 * digest), whether a key or peer value is valid, and how many random
 * candidates were rejected before one was kept (rejected ones are discarded).
 */
#ifndef NCR_DSA_H
#define NCR_DSA_H

#include "ncr_core.h"
#include "pkparts.h"

/* Bytes of scratch every function below needs for a p of pbits. */
size_t ncr_dl_scratch_size(u32 pbits);

/* Largest p (bits) any function accepts (DH); DSA stops at 3072. */
#define NCR_DL_MAX_PBITS	8192

/*
 * DSA domain parameters, FIPS 186-4 A.1.1.2 (probable primes from SHA-256
 * seeds, seedlen = N) and A.2.1 (unverifiable g: h = 2, 3, ...);
 * (L, N) in {(2048,224), (2048,256), (3072,256)}.  Writes p (L/8 bytes),
 * q (N/8), g (L/8) into the caller's buffers.  Yields through env (-EINTR;
 * wiped).  env->rand is required.  Takes seconds (mostly Miller-Rabin).
 */
int ncr_dsa_paramgen(u32 L, u32 N, const struct ncr_env *env, u8 *p, u8 *q, u8 *g,
		     void *scratch);

/*
 * As ncr_dsa_paramgen, also returning the domain_parameter_seed (N/8 bytes
 * to `seed`) and the counter of A.1.1.2, so that the generation of p and q
 * can be validated (A.1.1.3) by others (OpenSSL in the unit test).
 */
int ncr_dsa_paramgen_seed(u32 L, u32 N, const struct ncr_env *env, u8 *p, u8 *q, u8 *g,
			  u8 *seed, u32 *counter, void *scratch);

/*
 * Validates p, q, g: sizes as one of the (L,N) pairs above (also accepts
 * L=1024,N=160 for verify-only legacy keys), q | p-1, 1 < g < p,
 * g^q == 1 mod p; primality of p and q if `full` (import of untrusted
 * params; env->rand required) by ncr_prime_test_untrusted (Baillie-PSW and
 * ncr_prime_mr_rounds() random Miller-Rabin rounds: prime.h), else
 * structural only.  -EINVAL otherwise (-EINTR if env->yield stopped it).
 */
int ncr_dsa_check_params(const struct ncr_dl_parts *k, int full, const struct ncr_env *env,
			 void *scratch);

/*
 * Key pair for the params in k: x random in [1, q-1] (FIPS 186-4 B.1.2),
 * y = g^x mod p.  Writes x (qlen bytes), y (plen bytes).  The params are
 * checked structurally (ncr_dsa_check_params(k, 0)); 1024-bit p refused.
 */
int ncr_dsa_generate(const struct ncr_dl_parts *k, const struct ncr_env *env, u8 *x, u8 *y,
		     void *scratch);

/*
 * For imported private keys (DSA or DH): 0 < x < q (without q:
 * 0 < x < p-1), 1 < y < p-1 and y == g^x mod p: 0 / -EINVAL.  Constant
 * time in x.  The _env form yields through env (-EINTR); the exponent is
 * as long as the x buffer, up to 8192 bits for DH.
 */
int ncr_dl_check_keypair(const struct ncr_dl_parts *k, void *scratch);
int ncr_dl_check_keypair_env(const struct ncr_dl_parts *k, const struct ncr_env *env,
			     void *scratch);

/*
 * DSA over a digest (leftmost N bits), nonce by RFC 6979 with hash_id and
 * 32 bytes of env->rand as additional data (hedged; deterministic, exactly
 * RFC 6979, if env or env->rand is NULL).  Signature raw r||s, each qlen
 * bytes.  Needs x in k (0 < x < q, else -EINVAL); 1024-bit p refused.
 * Constant time in x and k.
 */
int ncr_dsa_sign(const struct ncr_dl_parts *k, u32 hash_id, const u8 *digest, size_t dlen,
		 const struct ncr_env *env, u8 *sig /* 2*qlen */, void *scratch);

/*
 * 0 valid, -EBADMSG invalid (also for a sig_len other than 2*qlen or r, s
 * out of [1, q-1]); -EINVAL for unusable params or y.
 */
int ncr_dsa_verify(const struct ncr_dl_parts *k, const u8 *digest, size_t dlen,
		   const u8 *sig, size_t sig_len, void *scratch);

/*
 * RFC 7919 groups: bits 2048/3072/4096 -> p, q = (p-1)/2, g = 2 as parts
 * (static data; y and x set absent); -EINVAL for other sizes.
 */
int ncr_dh_ffdhe(u32 bits, struct ncr_dl_parts *out);

/*
 * If (p, g) is exactly one of the ffdhe groups (then q is known): its size
 * in bits (2048, 3072 or 4096; non-zero, so usable as a truth value), else 0.
 * k->q is not looked at.
 */
u32 ncr_dh_ffdhe_bits(const struct ncr_dl_parts *k);

/*
 * Structural check of DH params: p odd, 1024 <= bits(p) <= 8192,
 * 1 < g < p-1, if q present q odd, bits(q) < bits(p), and g in the order-q
 * subgroup: for q = (p-1)/2 (a safe-prime group) as the Legendre symbol
 * (g | p) = 1, which is g^q == 1 when p is prime (known for the RFC 7919
 * groups); else q | p-1 and g^q == 1.  No primality test, no minimum size
 * of q: for parameters that were validated already
 * (ncr_dh_check_params_full) or that are known.  -EINVAL.
 */
int ncr_dh_check_params(const struct ncr_dl_parts *k, void *scratch);

/*
 * Full validation of DH params someone else chose (import of a DH key, key
 * generation with given params), so that no private key is ever made or
 * used in a group with small subgroups a peer value could probe
 * (Pohlig-Hellman on x):
 *  - the structural checks above (p odd, 1024..8192 bits, 1 < g < p-1,
 *    q odd and shorter than p);
 *  - an RFC 7919 group (ncr_dh_ffdhe_bits; q absent or the group's):
 *    known good, no primality work;
 *  - q absent (PKCS #3): p must be a safe prime, q = (p-1)/2 prime (so
 *    p = 3 mod 4): q by ncr_prime_test_untrusted, p then proven prime by
 *    Pocklington's criterion (q prime, q > sqrt(p), 2^(p-1) == 1 mod p and
 *    gcd(2^2 - 1, p) = 1), which costs one exponentiation;
 *  - q present and equal to (p-1)/2: the same safe-prime test;
 *  - q present otherwise (X9.42 / FIPS 186 style): bits(q) >= 224 (the
 *    2 * 112 of SP 800-56A), q | p-1, q and p prime
 *    (ncr_prime_test_untrusted, ncr_prime_mr_rounds() random rounds on top
 *    of Baillie-PSW: the average-case bounds of plain Miller-Rabin do not
 *    hold for chosen numbers), g^q == 1 mod p;
 *  - for every safe-prime group, g must be a quadratic residue, i.e.
 *    generate the order-q subgroup (g^q == 1, computed as (g | p) = 1):
 *    the generator 2 of a p = 7 mod 8 (RFC 7919, RFC 3526, OpenSSL's
 *    dhparam since 1.1.0).  Refused: a generator of the whole group, such
 *    as 2 for p = 3 mod 8 (OpenSSL 1.0's dhparam); its y = g^x would give
 *    away x mod 2 and fail the subgroup check of peers half of the time
 *    (use g^2 = 4 instead).
 * When k has no q, q = (p-1)/2 is written to q_out as (bits(p) - 1 + 7) / 8
 * big-endian bytes, *q_len set to that: the caller keeps it as the key's q
 * so that every peer value is then checked in the order-q subgroup
 * (ncr_dh_check_public_env; for safe primes the Legendre symbol, cheap).
 * When k has q, *q_len is set to 0.  On entry *q_len is the room at q_out
 * (plen bytes always suffice); q_out and q_len may both be NULL (validation
 * only).  env->rand is required.  Takes up to seconds for 8192 bits (about
 * 10 exponentiations), yielding.  0, -EINVAL, or -EINTR.
 */
int ncr_dh_check_params_full(const struct ncr_dl_parts *k, const struct ncr_env *env,
			     u8 *q_out, size_t *q_len, void *scratch);

/*
 * 1 if k has a q equal to (p-1)/2 (the shape of every safe-prime group,
 * and the q that ncr_dh_check_params_full makes for PKCS #3 params), else
 * 0.  Byte comparisons on public values, no scratch: e.g. to write such a
 * key back as PKCS #3 params (DHParameter, without q) for OpenSSL.
 */
int ncr_dh_q_is_half(const struct ncr_dl_parts *k);

/*
 * Private x (NIST SP 800-56A rev 3 5.6.1.1), s being the SP 800-57
 * security strength of p (112 for p under 3072 bits, 128 under 4096, 152
 * under 6144, 176 under 8192, 200 for 8192):
 *  - q of a FIPS 186-type group (bits(q) < bits(p) - 1): x uniform in
 *    [1, q-1] (5.6.1.1.3), written as qlen bytes;
 *  - q of a safe-prime group (bits(q) = bits(p) - 1, e.g. RFC 7919):
 *    x uniform in [1, 2^(2s) - 1] (5.6.1.1.4 with N = 2s, so x is also in
 *    [1, q-1]; RFC 7919 5.2 and OpenSSL use the same length), written as
 *    2s/8 bytes (28 for ffdhe2048);
 *  - no q (PKCS #3 params): a random number of exactly 2s bits (top bit
 *    set; PKCS #3 private-value length l = 2s), written as 2s/8 bytes.
 * *x_len gets the byte length written (at most plen; the exponent length
 * used later by ncr_dh_derive is 8 * that).  y = g^x mod p written as plen
 * bytes.  Requires bits(p) >= 2048 and valid params (ncr_dh_check_params;
 * params from outside must have passed ncr_dh_check_params_full).  Yields
 * through env (-EINTR: nothing written).
 */
int ncr_dh_generate(const struct ncr_dl_parts *k, const struct ncr_env *env, u8 *x,
		    size_t *x_len, u8 *y, void *scratch);

/*
 * Peer public value check: 2 <= y <= p-2, and y^q == 1 mod p when q is
 * known (for q = (p-1)/2, a safe-prime group such as RFC 7919's, as the
 * Legendre symbol (y | p) = 1: the same for the prime p that validated
 * params have, and far faster).  Without q only the range is checked: keep
 * the q that ncr_dh_check_params_full gives for PKCS #3 params.  -EINVAL;
 * -EINTR if env->yield asked to stop (the _env form; the other is the
 * same with no env).
 */
int ncr_dh_check_public(const struct ncr_dl_parts *k, const u8 *y, size_t ylen, void *scratch);
int ncr_dh_check_public_env(const struct ncr_dl_parts *k, const u8 *y, size_t ylen,
			    const struct ncr_env *env, void *scratch);

/*
 * Shared secret = peer^x mod p, written as exactly plen bytes (left-padded,
 * as RFC 7919 and OpenSSL's default); -EINVAL for an invalid peer value
 * (checked as above), a missing x or a result of 1.  The exponent length is
 * 8 * k->x.len bits (the x buffer's length, public).  Constant time in x.
 * The _env form yields through env (-EINTR: secret not written); the
 * other is the same with no env.
 */
int ncr_dh_derive(const struct ncr_dl_parts *k, const u8 *peer, size_t peer_len,
		  u8 *secret /* plen */, void *scratch);
int ncr_dh_derive_env(const struct ncr_dl_parts *k, const u8 *peer, size_t peer_len,
		      const struct ncr_env *env, u8 *secret /* plen */, void *scratch);

/* --- shared by dsa*.c and dh*.c only --- */
#include "bn/bn.h"

/*
 * The ctgrind-style check (core/tests/test_dsa_ct.c, built with NCR_CT_CHECK)
 * marks x, k and random bytes undefined; the values that legitimately
 * leak (validity verdicts, rejected candidates, r and s) are declassified
 * for it where they are branched on.
 */
#ifdef NCR_CT_CHECK
#include <valgrind/memcheck.h>
#define NCR_DL_PUBLIC(p, n)	VALGRIND_MAKE_MEM_DEFINED(p, n)
#else
#define NCR_DL_PUBLIC(p, n)	do { } while (0)
#endif

/* Working state over the scratch: p (and q) decoded, Montgomery set up. */
struct ncr_dl_ws {
	u32 pbits, qbits;	/* qbits 0: no q */
	size_t np, nq;		/* limbs */
	size_t plen, qlen;	/* bytes without leading zeros */
	const u8 *pb, *qb;	/* p, q bytes without leading zeros */
	ncr_limb p0i, q0i;
	ncr_limb *p, *rrp, *q, *rrq;
	ncr_limb *v[8];		/* temporaries of 2*np + 2 limbs */
	ncr_limb *t;		/* callee scratch */
	void *scratch;
	size_t scratch_len;
};

/* Bits of the big-endian number (leading zeros skipped); 0 for zero. */
u32 ncr_dl_bits(const u8 *b, size_t len, const u8 **start, size_t *slen);
/* Sets up ws for k->p (and k->q if present): -EINVAL if p is even, empty
 * or over NCR_DL_MAX_PBITS bits, or q is even or not shorter than p. */
int ncr_dl_ws_init(struct ncr_dl_ws *w, const struct ncr_dl_parts *k, void *scratch);
/* Same for raw p, q (q may be NULL/0). */
int ncr_dl_ws_init_raw(struct ncr_dl_ws *w, const u8 *p, size_t plen, const u8 *q,
		       size_t qlen, void *scratch);
void ncr_dl_ws_done(struct ncr_dl_ws *w);
/* r (nq limbs) = a mod q for the na-limb a.  Constant time. */
void ncr_dl_mod_q(struct ncr_dl_ws *w, ncr_limb *r, const ncr_limb *a, size_t na);
/* 1 if g^q mod p == 1, else 0, with g in np limbs; -EINTR (env).  Uses
 * v[5], v[6]. */
int ncr_dl_order_q(struct ncr_dl_ws *w, const ncr_limb *g, const struct ncr_env *env);
/* Sets q = (p-1)/2 in ws (no bytes: qb NULL): -EINVAL unless p = 3 mod 4. */
int ncr_dl_ws_half_q(struct ncr_dl_ws *w);
/* 1 if q | p - 1. */
u32 ncr_dl_q_divides(struct ncr_dl_ws *w);
/* x (nq limbs) = random in [1, q-1] (FIPS 186-4 B.1.2); uses v[6]. */
void ncr_dl_random_below_q(struct ncr_dl_ws *w, const struct ncr_env *env, ncr_limb *x);
/* x (n limbs) = c + 1 for c random of cbits bits, retried until x < m. */
void ncr_dl_random_below(struct ncr_dl_ws *w, const struct ncr_env *env, ncr_limb *x,
			 const ncr_limb *m, size_t n, u32 cbits);
/* Decodes the big-endian b into n limbs: 0 if it does not fit. */
u32 ncr_dl_decode(ncr_limb *r, size_t n, const struct ncr_bytes *b);

#endif /* NCR_DSA_H */
