/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * curve25519.h - X25519 (RFC 7748) and Ed25519 (RFC 8032, pure) over the
 * field GF(2^255 - 19).  Nothing allocates; no global mutable state; every
 * function's stack frame stays under 700 bytes (deepest chain: the one-shot
 * verify, about 2.8 KB; ncr_ed25519_verify_finish called directly, with the
 * context elsewhere, about 2.5 KB).
 *
 * Ed25519 comes one-shot (ncr_ed25519_sign, ncr_ed25519_verify) and
 * incremental (ncr_ed25519_sign_start ... _finish, ncr_ed25519_verify_start
 * ... _finish), for callers that must yield between pieces of a long
 * message.  The one-shot calls are the incremental ones with a single
 * update: one code path.
 *
 * Constant time: ncr_x25519, ncr_x25519_public, ncr_ed25519_public and
 * Ed25519 signing (one-shot and every incremental sign call) take no branch
 * and use no memory address that depends on the private scalar, the seed,
 * the expanded secret key or the nonce (the fixed-base table is read by
 * scanning every entry under masks).  Only the message length and the chunk
 * lengths leak (through SHA-512's buffering), and the phase of a context.
 * Ed25519 verification works on public data only and is variable time.
 *
 * Wiped before return: clamped scalars, the expanded key (s, prefix), the
 * nonce, hash states, signed-digit recodings and the ladder / accumulator
 * points; not the short-lived locals inside single field and group
 * operations.
 *
 * Secrets in caller memory: between calls a signing context
 * (struct ncr_ed25519_sign_ctx) holds the clamped secret scalar s, a SHA-512
 * state that has absorbed the secret prefix (first pass) and, after
 * ncr_ed25519_sign_middle, the nonce r.  ncr_ed25519_sign_finish wipes the
 * whole context, on success and on failure; a caller that gives up before
 * finish must call ncr_ed25519_sign_abort (it wipes).  A call out of order
 * also wipes the context.  Keep the context in memory that is itself
 * freed with a wipe (kfree_sensitive) and never copy it: two finishes from
 * one nonce over different second passes reveal the secret key.  A
 * verification context holds public data only; ncr_ed25519_verify_abort
 * just resets it.
 */
#ifndef NCR_CURVE25519_H
#define NCR_CURVE25519_H

#include "ncr_core.h"
#include "hash/hash.h"

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
 * Runs start, update, middle, update, finish below on one stack context.
 */
void ncr_ed25519_sign(u8 sig[64], const u8 seed[32], const u8 pub[32],
		      const u8 *msg, size_t msg_len);

/*
 * 0 valid, -EBADMSG invalid.  S >= L is rejected; A and R must decode
 * (non-canonical y >= p rejected, as is x = 0 with the sign bit set).  The
 * cofactorless equation [S]B = R + [k]A is checked by comparing the encoding
 * of [S]B - [k]A with the R bytes of the signature, as RFC 8032 5.1.7
 * allows (so small-order components in R or A are not forgiven).  Variable
 * time (public inputs).  Runs the incremental verify below with one update.
 */
int ncr_ed25519_verify(const u8 sig[64], const u8 pub[32], const u8 *msg,
		       size_t msg_len);

/*
 * Incremental Ed25519 signing (RFC 8032 5.1.6).  Pure Ed25519 hashes the
 * message twice, so the caller feeds it twice:
 *
 *	ncr_ed25519_sign_start(c, seed, pub);
 *	ncr_ed25519_sign_update(c, piece, len);    ... all of M, pass 1
 *	ncr_ed25519_sign_middle(c);
 *	ncr_ed25519_sign_update(c, piece, len);    ... all of M again, pass 2
 *	ncr_ed25519_sign_finish(c, sig);
 *
 * Pass 1 computes r = SHA-512(prefix || M) mod L; middle computes
 * R = [r]B and starts SHA-512(R || A || M); finish computes
 * k = SHA-512(R || A || M) mod L and S = r + k s mod L and writes
 * sig = R || S.  The pieces of the two passes may be cut differently (any
 * lengths, 0 included).
 *
 * THE CALLER MUST FEED THE SAME BYTES IN BOTH PASSES (keep the message in
 * memory nobody else can change between the passes).  The context only
 * checks that both passes have the same length (finish fails otherwise).
 * Different bytes of the same length give a signature of the second-pass
 * message with a nonce made from the first: signing two second-pass
 * messages under one first-pass message reuses the nonce and reveals the
 * secret key.
 *
 * Phases: a zeroed context (memset 0, kzalloc, or any wiped one) is idle;
 * start accepts anything, the other calls need a zeroed or started context
 * (other bytes are taken for idle unless they happen to spell a phase).
 * start (from any phase: it wipes what was there) -> pass 1; middle ->
 * pass 2; finish -> idle.  update is allowed in pass 1 and pass 2, middle
 * only in pass 1, finish only in pass 2.  A call in another phase returns
 * -EINVAL and wipes the context (it is idle afterwards), so a confused
 * caller can neither produce a signature nor leave secrets behind.  One
 * context is one signature at a time: no locking inside.
 *
 * A kernel caller holding the message in pages: start; for each page
 * update, then cond_resched() and, on fatal_signal_pending(), abort and
 * return -EINTR; middle; the pages again the same way; finish.  abort on
 * every error path (it is also harmless after finish).
 *
 * Fixed size (sizeof(struct ncr_ed25519_sign_ctx): 360 bytes on 64-bit
 * builds), caller-owned, no pointers to caller memory, nothing allocated.
 * The fields are private to ed25519.c.
 */
struct ncr_ed25519_sign_ctx {
	struct ncr_hash_ctx h;	/* SHA-512: prefix || M, then R || A || M */
	u64 len1, len2;		/* message bytes of pass 1 and of pass 2 */
	u8 s[32];		/* the clamped secret scalar (SECRET) */
	u8 r[32];		/* the nonce r mod L, from middle on (SECRET) */
	u8 pub[32];		/* A */
	u8 R[32];		/* encoding of [r]B, from middle on */
	u32 phase;		/* private; 0 = idle */
};

/*
 * Starts signing with the 32-byte private key seed and its public key pub
 * (as ncr_ed25519_public computes it; hashed, not checked): expands the
 * seed and absorbs the prefix.  Wipes whatever c held; cannot fail.
 */
void ncr_ed25519_sign_start(struct ncr_ed25519_sign_ctx *c,
			    const u8 seed[32], const u8 pub[32]);

/* Absorbs len bytes of the message (msg may be NULL if len is 0) into the
 * current pass.  0, or -EINVAL (context wiped) when not in pass 1 or 2. */
int ncr_ed25519_sign_update(struct ncr_ed25519_sign_ctx *c, const u8 *msg,
			    size_t len);

/* Ends pass 1: r, R = [r]B (constant time), starts pass 2 with R || A.
 * 0, or -EINVAL (context wiped) when not in pass 1. */
int ncr_ed25519_sign_middle(struct ncr_ed25519_sign_ctx *c);

/*
 * Ends pass 2 and writes the 64-byte signature.  Wipes the context in every
 * case.  0, or -EINVAL (sig zeroed) when not in pass 2 or when pass 2 did
 * not have the length of pass 1.
 */
int ncr_ed25519_sign_finish(struct ncr_ed25519_sign_ctx *c, u8 sig[64]);

/* Wipes the context (it is idle afterwards).  Any phase; idempotent. */
void ncr_ed25519_sign_abort(struct ncr_ed25519_sign_ctx *c);

/*
 * Incremental Ed25519 verification (RFC 8032 5.1.7), the same checks as
 * ncr_ed25519_verify:
 *
 *	err = ncr_ed25519_verify_start(c, sig, pub);
 *	while (!err && more)
 *		err = ncr_ed25519_verify_update(c, piece, len);
 *	if (!err)
 *		err = ncr_ed25519_verify_finish(c);
 *
 * start rejects S >= L at once (-EBADMSG: that is the verdict, the context
 * is idle); decoding A and R and the group equation are done by finish.
 * Phases: idle (zeroed) -> start -> updating -> finish -> idle.  update and
 * finish in another phase return -EINVAL and reset the context.  All public
 * data: no secrets, variable time.  Fixed size (sizeof: 312 bytes on 64-bit
 * builds), caller-owned, no pointers to caller memory.
 */
struct ncr_ed25519_verify_ctx {
	struct ncr_hash_ctx h;	/* SHA-512(R || A || M) */
	u8 sig[64];		/* R || S */
	u8 pub[32];		/* A */
	u32 phase;		/* private; 0 = idle */
};

/* 0 (message expected), -EBADMSG (S >= L: invalid, context idle). */
int ncr_ed25519_verify_start(struct ncr_ed25519_verify_ctx *c,
			     const u8 sig[64], const u8 pub[32]);

/* 0, or -EINVAL (context reset) when not started. */
int ncr_ed25519_verify_update(struct ncr_ed25519_verify_ctx *c,
			      const u8 *msg, size_t len);

/* 0 valid, -EBADMSG invalid, -EINVAL when not started.  Resets c. */
int ncr_ed25519_verify_finish(struct ncr_ed25519_verify_ctx *c);

/* Resets the context (idle).  Any phase; idempotent. */
void ncr_ed25519_verify_abort(struct ncr_ed25519_verify_ctx *c);

#endif /* NCR_CURVE25519_H */
