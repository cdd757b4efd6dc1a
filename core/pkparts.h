/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * pkparts.h - public-key material as its components.
 *
 * This is the meeting point of the DER layer (der*.c: SubjectPublicKeyInfo,
 * PKCS#8, PKCS#1, SEC1, Dss-Parms, DHParameter), the algorithms (rsa*.c,
 * dsa.c, dh.c, ec*.c, x25519.c, ed25519.c) and the module, which stores a
 * key as its parts.  Every number is a struct ncr_bytes: unsigned
 * big-endian, leading zeros allowed, len 0 = absent.  A parts struct never
 * owns memory: its pointers lead into a DER buffer it was parsed from or
 * into a buffer the caller filled (generation).
 *
 * The type values equal the uapi NCR_KEY_TYPE_* values.
 */
#ifndef NCR_PKPARTS_H
#define NCR_PKPARTS_H

#include "ncr_core.h"

enum ncr_pk_type {
	NCR_PK_RSA = 16,
	NCR_PK_DSA = 17,
	NCR_PK_DH = 18,
	NCR_PK_EC = 19,
	NCR_PK_X25519 = 20,
	NCR_PK_ED25519 = 21,
};

/* Curves of NCR_PK_EC, named by their size in bits. */
enum ncr_ec_curve {
	NCR_EC_P256 = 256,
	NCR_EC_P384 = 384,
};

/* RSA: public n, e; private adds d, p, q, dp, dq, qinv (all required). */
struct ncr_rsa_parts {
	struct ncr_bytes n, e, d, p, q, dp, dq, qinv;
	/* smallest modulus for private operations (0: NCR_RSA_MIN_PRIV_BITS;
	 * NCR_RSA_MIN_BITS for a key its owner marked legacy) */
	u32 min_priv_bits;
};

/*
 * DSA and DH share a shape: domain parameters p, q, g (DH's q may be
 * absent: PKCS #3 parameters), public y, private x.
 */
struct ncr_dl_parts {
	struct ncr_bytes p, q, g, y, x;
};

/*
 * EC: the curve, the public point (uncompressed, 04 || X || Y, each
 * coordinate the curve's field length) and the private scalar d (field
 * length bytes; absent for a public key).
 */
struct ncr_ec_parts {
	u32 curve;
	struct ncr_bytes point;
	struct ncr_bytes d;
};

/* X25519 and Ed25519: 32-byte public key, 32-byte private key (Ed25519:
 * the RFC 8032 seed) or absent. */
struct ncr_25519_parts {
	struct ncr_bytes pub;
	struct ncr_bytes priv;
};

struct ncr_pk_parts {
	u32 type;		/* enum ncr_pk_type */
	u32 priv;		/* 1: private key (the public half is there too) */
	union {
		struct ncr_rsa_parts rsa;
		struct ncr_dl_parts dl;		/* NCR_PK_DSA, NCR_PK_DH */
		struct ncr_ec_parts ec;
		struct ncr_25519_parts k25519;	/* X25519, Ed25519 */
	};
};

/*
 * b without its leading zero bytes (zero becomes the empty number).  For
 * public numbers only: how long it loops depends on the value.
 */
static inline struct ncr_bytes ncr_bytes_trim(struct ncr_bytes b)
{
	while (b.len && !b.p[0]) {
		b.p++;
		b.len--;
	}
	return b;
}

/* The bit length of b (0 for zero); public numbers only, as above. */
static inline u32 ncr_bytes_bits(struct ncr_bytes b)
{
	u32 bits;
	u8 top;

	b = ncr_bytes_trim(b);
	if (!b.len)
		return 0;
	bits = 8 * (u32)b.len;
	for (top = b.p[0]; !(top & 0x80); top <<= 1)
		bits--;
	return bits;
}

#endif /* NCR_PKPARTS_H */
