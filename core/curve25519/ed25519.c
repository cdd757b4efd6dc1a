// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * ed25519.c - Ed25519 (RFC 8032 section 5.1, pure variant): key
 * generation, signing and verification over core/curve25519/ed25519_ge.c and
 * core/curve25519/ed25519_sc.c with SHA-512 from core/hash/hash.h.  Signing and
 * verification are incremental (start / update / ... / finish on a
 * caller-owned context, see curve25519.h); the one-shot calls run the
 * incremental ones with a single update.
 *
 * Signing is constant time in the seed, the expanded secret (s, prefix)
 * and the nonce r: fixed-base multiplication scans its table under masks
 * and the scalar arithmetic is branch-free.  Only the message and chunk
 * lengths leak, and the phase of the context (public).  Secret temporaries
 * and hash states are wiped; the signing context is wiped by finish, by
 * abort and by any call out of order.
 *
 * Verification (public inputs, variable time) is the cofactorless check
 * [S]B = R + [k]A done as encode([S]B - [k]A) == R bytes (RFC 8032 5.1.7
 * allows it; it also rejects a non-canonical R).  S >= L and an A that does
 * not decode (including y >= p) are rejected.
 */
#include "curve25519.h"
#include "f25519.h"
#include "hash/hash.h"

/* h = SHA-512(seed); s = clamp(h[0..31]) (in place); h[32..63] = prefix */
static void expand(u8 h[64], const u8 seed[32])
{
	ncr_hash(NCR_HASH_SHA512, seed, 32, h);
	h[0] &= 248;
	h[31] &= 127;
	h[31] |= 64;
}

void ncr_ed25519_public(u8 pub[32], const u8 seed[32])
{
	struct ncr_ge_p3 A;
	u8 h[64];

	expand(h, seed);
	ncr_ge_scalarmult_base(&A, h);
	ncr_ge_p3_tobytes(pub, &A);
	ncr_wipe(h, sizeof(h));
	ncr_wipe(&A, sizeof(A));
}

/*
 * Context phases.  Idle is 0 so that a zeroed or wiped context is idle; the
 * others are unlikely values so that stray bytes are not taken for a phase.
 */
#define PH_IDLE		0
#define PH_SIGN1	0x45643101u	/* sign: pass 1, SHA-512(prefix || M) */
#define PH_SIGN2	0x45643102u	/* sign: pass 2, SHA-512(R || A || M) */
#define PH_VERIFY	0x45643156u	/* verify: SHA-512(R || A || M) */

/* out = (the SHA-512 digest of h) mod L; wipes h and the digest */
static NCR_NOINLINE void final_reduce(u8 out[32], struct ncr_hash_ctx *h)
{
	u8 d[64];

	ncr_hash_final(h, d);		/* wipes h */
	ncr_sc_reduce64(out, d);
	ncr_wipe(d, sizeof(d));
}

void ncr_ed25519_sign_abort(struct ncr_ed25519_sign_ctx *c)
{
	ncr_wipe(c, sizeof(*c));
}

void ncr_ed25519_sign_start(struct ncr_ed25519_sign_ctx *c,
			    const u8 seed[32], const u8 pub[32])
{
	u8 h[64];

	ncr_wipe(c, sizeof(*c));
	expand(h, seed);
	memcpy(c->s, h, 32);
	memcpy(c->pub, pub, 32);
	/* pass 1: r = SHA-512(prefix || M) mod L */
	ncr_hash_init(&c->h, NCR_HASH_SHA512);
	ncr_hash_update(&c->h, h + 32, 32);
	ncr_wipe(h, sizeof(h));
	c->phase = PH_SIGN1;
}

int ncr_ed25519_sign_update(struct ncr_ed25519_sign_ctx *c, const u8 *msg,
			    size_t len)
{
	if (c->phase == PH_SIGN1) {
		c->len1 += len;
	} else if (c->phase == PH_SIGN2) {
		c->len2 += len;
	} else {
		ncr_ed25519_sign_abort(c);
		return -EINVAL;
	}
	ncr_hash_update(&c->h, msg, len);
	return 0;
}

int ncr_ed25519_sign_middle(struct ncr_ed25519_sign_ctx *c)
{
	struct ncr_ge_p3 R;

	if (c->phase != PH_SIGN1) {
		ncr_ed25519_sign_abort(c);
		return -EINVAL;
	}
	final_reduce(c->r, &c->h);
	ncr_ge_scalarmult_base(&R, c->r);
	ncr_ge_p3_tobytes(c->R, &R);
	ncr_wipe(&R, sizeof(R));
	/* pass 2: k = SHA-512(R || A || M) mod L (public) */
	ncr_hash_init(&c->h, NCR_HASH_SHA512);
	ncr_hash_update(&c->h, c->R, 32);
	ncr_hash_update(&c->h, c->pub, 32);
	c->phase = PH_SIGN2;
	return 0;
}

int ncr_ed25519_sign_finish(struct ncr_ed25519_sign_ctx *c, u8 sig[64])
{
	u8 k[32];
	int ret = -EINVAL;

	if (c->phase == PH_SIGN2 && c->len1 == c->len2) {
		final_reduce(k, &c->h);
		memcpy(sig, c->R, 32);
		/* S = r + k s mod L */
		ncr_sc_muladd(sig + 32, k, c->s, c->r);
		ncr_wipe(k, sizeof(k));
		ret = 0;
	} else {
		memset(sig, 0, 64);
	}
	ncr_ed25519_sign_abort(c);
	return ret;
}

void ncr_ed25519_sign(u8 sig[64], const u8 seed[32], const u8 pub[32],
		      const u8 *msg, size_t msg_len)
{
	struct ncr_ed25519_sign_ctx c;

	/* in this order none of them can fail; finish wipes c */
	ncr_ed25519_sign_start(&c, seed, pub);
	ncr_ed25519_sign_update(&c, msg, msg_len);
	ncr_ed25519_sign_middle(&c);
	ncr_ed25519_sign_update(&c, msg, msg_len);
	ncr_ed25519_sign_finish(&c, sig);
}

void ncr_ed25519_verify_abort(struct ncr_ed25519_verify_ctx *c)
{
	memset(c, 0, sizeof(*c));
}

int ncr_ed25519_verify_start(struct ncr_ed25519_verify_ctx *c,
			     const u8 sig[64], const u8 pub[32])
{
	ncr_ed25519_verify_abort(c);
	if (!ncr_sc_is_canonical(sig + 32))
		return -EBADMSG;
	memcpy(c->sig, sig, 64);
	memcpy(c->pub, pub, 32);
	ncr_hash_init(&c->h, NCR_HASH_SHA512);
	ncr_hash_update(&c->h, c->sig, 32);
	ncr_hash_update(&c->h, c->pub, 32);
	c->phase = PH_VERIFY;
	return 0;
}

int ncr_ed25519_verify_update(struct ncr_ed25519_verify_ctx *c,
			      const u8 *msg, size_t len)
{
	if (c->phase != PH_VERIFY) {
		ncr_ed25519_verify_abort(c);
		return -EINVAL;
	}
	ncr_hash_update(&c->h, msg, len);
	return 0;
}

int ncr_ed25519_verify_finish(struct ncr_ed25519_verify_ctx *c)
{
	struct ncr_ge_p3 A;
	struct ncr_ge_p2 Rc;
	u8 k[32], rc[32];
	int ret = -EBADMSG;

	if (c->phase != PH_VERIFY) {
		ncr_ed25519_verify_abort(c);
		return -EINVAL;
	}
	final_reduce(k, &c->h);
	/* R must decode too; the encoding comparison below implies it (only
	 * the canonical encoding of a point can equal rc) */
	if (!ncr_ge_frombytes_vartime(&A, c->pub)) {
		/* Rc = [k](-A) + [S]B */
		ncr_fe_neg(&A.X, &A.X);
		ncr_fe_neg(&A.T, &A.T);
		ncr_ge_double_scalarmult_vartime(&Rc, k, &A, c->sig + 32);
		ncr_ge_p2_tobytes(rc, &Rc);
		if (!memcmp(rc, c->sig, 32))
			ret = 0;
	}
	ncr_ed25519_verify_abort(c);
	return ret;
}

int ncr_ed25519_verify(const u8 sig[64], const u8 pub[32], const u8 *msg,
		       size_t msg_len)
{
	struct ncr_ed25519_verify_ctx c;
	int ret;

	ret = ncr_ed25519_verify_start(&c, sig, pub);
	if (!ret)
		ret = ncr_ed25519_verify_update(&c, msg, msg_len);
	if (!ret)
		ret = ncr_ed25519_verify_finish(&c);
	return ret;
}
