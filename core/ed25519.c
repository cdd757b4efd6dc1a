// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * ed25519.c - Ed25519 (RFC 8032 section 5.1, pure variant): key
 * generation, signing and verification over core/ed25519_ge.c and
 * core/ed25519_sc.c with SHA-512 from core/hash.h.
 *
 * Signing is constant time in the seed, the expanded secret (s, prefix)
 * and the nonce r: fixed-base multiplication scans its table under masks
 * and the scalar arithmetic is branch-free.  Only msg_len leaks.  Secret
 * temporaries and hash states are wiped.
 *
 * Verification (public inputs, variable time) is the cofactorless check
 * [S]B = R + [k]A done as encode([S]B - [k]A) == R bytes (RFC 8032 5.1.7
 * allows it; it also rejects a non-canonical R).  S >= L and an A that does
 * not decode (including y >= p) are rejected.
 */
#include "curve25519.h"
#include "f25519.h"
#include "hash.h"

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

/* out = SHA-512(a || b || msg) mod L */
static NCR_NOINLINE void hash_reduce(u8 out[32], const u8 a[32],
				     const u8 *b, size_t b_len,
				     const u8 *msg, size_t msg_len)
{
	struct ncr_hash_ctx c;
	u8 d[64];

	ncr_hash_init(&c, NCR_HASH_SHA512);
	ncr_hash_update(&c, a, 32);
	if (b_len)
		ncr_hash_update(&c, b, b_len);
	ncr_hash_update(&c, msg, msg_len);
	ncr_hash_final(&c, d);		/* wipes c */
	ncr_sc_reduce64(out, d);
	ncr_wipe(d, sizeof(d));
}

void ncr_ed25519_sign(u8 sig[64], const u8 seed[32], const u8 pub[32],
		      const u8 *msg, size_t msg_len)
{
	struct ncr_ge_p3 R;
	u8 h[64], r[32], k[32];

	expand(h, seed);
	/* r = SHA-512(prefix || M) mod L */
	hash_reduce(r, h + 32, NULL, 0, msg, msg_len);
	ncr_ge_scalarmult_base(&R, r);
	ncr_ge_p3_tobytes(sig, &R);
	/* k = SHA-512(R || A || M) mod L (public) */
	hash_reduce(k, sig, pub, 32, msg, msg_len);
	/* S = r + k s mod L */
	ncr_sc_muladd(sig + 32, k, h, r);
	ncr_wipe(h, sizeof(h));
	ncr_wipe(r, sizeof(r));
	ncr_wipe(&R, sizeof(R));
}

int ncr_ed25519_verify(const u8 sig[64], const u8 pub[32], const u8 *msg,
		       size_t msg_len)
{
	struct ncr_ge_p3 A;
	struct ncr_ge_p2 Rc;
	u8 k[32], rc[32];

	if (!ncr_sc_is_canonical(sig + 32))
		return -EBADMSG;
	if (ncr_ge_frombytes_vartime(&A, pub))
		return -EBADMSG;
	/* R must decode too; the encoding comparison below implies it (only
	 * the canonical encoding of a point can equal rc) */
	hash_reduce(k, sig, pub, 32, msg, msg_len);
	/* Rc = [k](-A) + [S]B */
	ncr_fe_neg(&A.X, &A.X);
	ncr_fe_neg(&A.T, &A.T);
	ncr_ge_double_scalarmult_vartime(&Rc, k, &A, sig + 32);
	ncr_ge_p2_tobytes(rc, &Rc);
	return memcmp(rc, sig, 32) ? -EBADMSG : 0;
}
