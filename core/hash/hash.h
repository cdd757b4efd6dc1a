/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hash.h - SHA-1, SHA-224, SHA-256, SHA-384, SHA-512 and HMAC over them,
 * for the public-key code's own needs: MGF1, OAEP label hashes, PKCS#1
 * DigestInfo, RFC 6979 nonces, Ed25519, DSA parameter generation.  (The
 * module hashes user messages with the kernel's shash; these are for the
 * small internal inputs and for building unchanged in user space.)
 *
 * Hash ids equal the uapi NCR_ALG_SHA* values.  Nothing allocates; the
 * contexts hold no pointers and may be copied.  Timing depends only on
 * lengths.
 */
#ifndef NCR_HASH_H
#define NCR_HASH_H

#include "ncr_core.h"

enum ncr_hash_id {
	NCR_HASH_SHA1 = 33,
	NCR_HASH_SHA224 = 34,
	NCR_HASH_SHA256 = 35,
	NCR_HASH_SHA384 = 36,
	NCR_HASH_SHA512 = 37,
};

#define NCR_HASH_MAX_DIGEST	64
#define NCR_HASH_MAX_BLOCK	128

struct ncr_hash_info {
	u32 id;
	u32 digest_len;
	u32 block_len;
	/* DER of the AlgorithmIdentifier's OID (06 len ...), for SPKI etc. */
	const u8 *oid;
	u32 oid_len;
	/* PKCS#1 v1.5 DigestInfo prefix: DER up to the digest bytes. */
	const u8 *digest_info;
	u32 digest_info_len;
};

/* The description of hash `id`, or NULL if id is not one of the above. */
const struct ncr_hash_info *ncr_hash_info(u32 id);

struct ncr_hash_ctx {
	const struct ncr_hash_info *info;
	u64 count;			/* bytes hashed so far (low 64 bits) */
	union {
		u32 s32[8];
		u64 s64[8];
	} h;
	u8 buf[NCR_HASH_MAX_BLOCK];
};

/* Starts hash `id`; returns -EINVAL (and leaves c unusable) if unknown. */
int ncr_hash_init(struct ncr_hash_ctx *c, u32 id);
void ncr_hash_update(struct ncr_hash_ctx *c, const void *data, size_t len);
/* Writes digest_len bytes to out and wipes the context. */
void ncr_hash_final(struct ncr_hash_ctx *c, u8 *out);
/* One call: returns -EINVAL for an unknown id. */
int ncr_hash(u32 id, const void *data, size_t len, u8 *out);

struct ncr_hmac_ctx {
	struct ncr_hash_ctx inner, outer;
};

/* Any key length (longer than a block is hashed first, as RFC 2104). */
int ncr_hmac_init(struct ncr_hmac_ctx *c, u32 id, const u8 *key,
		  size_t key_len);
void ncr_hmac_update(struct ncr_hmac_ctx *c, const void *data, size_t len);
/* Writes digest_len bytes to out and wipes the context. */
void ncr_hmac_final(struct ncr_hmac_ctx *c, u8 *out);

/*
 * MGF1 (RFC 8017 B.2.1): XORs mask_len bytes of MGF1(seed) with hash `id`
 * into out (callers use it both to make and to apply masks).
 */
int ncr_mgf1_xor(u8 *out, size_t mask_len, u32 id, const u8 *seed,
		 size_t seed_len);

/*
 * Internal to core/hash/sha*.c and core/hash/hmac.c: the compression functions over
 * nblocks whole blocks (64 bytes for SHA-1/224/256, 128 for SHA-384/512).
 */
void ncr_sha1_blocks(u32 st[5], const u8 *p, size_t nblocks);
void ncr_sha256_blocks(u32 st[8], const u8 *p, size_t nblocks);
void ncr_sha512_blocks(u64 st[8], const u8 *p, size_t nblocks);

#endif /* NCR_HASH_H */
