/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * blob.h - layout of a storage blob (format version 1).
 *
 *   off  len  field
 *     0    4  magic "NCRK"
 *     4    1  format version (1)
 *     5    3  zero
 *     8    4  key type            (big-endian, like every number here)
 *    12    4  key flags
 *    16    4  key usage
 *    20    4  key length in bits
 *    24    4  key ID length (0..32)
 *    28   32  key ID, zero-padded
 *    60    4  material length in bytes (1..NCR_BLOB_MATERIAL_MAX)
 *    64   12  AES-GCM nonce (random)
 *    76    n  material, AES-256-GCM encrypted
 *  76+n   16  GCM tag
 *
 * Bytes 0..75 are the GCM associated data, so every header bit is
 * authenticated.  This file only encodes and parses the layout; the kernel
 * does the cryptography and judges the meaning of the fields after the tag
 * has been checked.  Nothing here touches secret data.
 */
#ifndef NCR_BLOB_H
#define NCR_BLOB_H

#include "ncr_core.h"

#define NCR_BLOB_MAGIC		"NCRK"
#define NCR_BLOB_VERSION	1
#define NCR_BLOB_HDR_LEN	76
#define NCR_BLOB_NONCE_LEN	12
#define NCR_BLOB_TAG_LEN	16
#define NCR_BLOB_ID_MAX		32
#define NCR_BLOB_MATERIAL_MAX	8192	/* NCR_MAX_PKEY_BYTES */
#define NCR_BLOB_OVERHEAD	(NCR_BLOB_HDR_LEN + NCR_BLOB_TAG_LEN)

struct ncr_blob_hdr {
	u32 type;
	u32 flags;
	u32 usage;
	u32 bits;
	u32 key_id_len;
	u8 key_id[NCR_BLOB_ID_MAX];
	u32 material_len;
	u8 nonce[NCR_BLOB_NONCE_LEN];
};

/* Writes the NCR_BLOB_HDR_LEN header bytes; -EINVAL on out-of-range fields. */
int ncr_blob_encode(const struct ncr_blob_hdr *h, u8 out[NCR_BLOB_HDR_LEN]);

/*
 * Parses a whole blob of len bytes.  Returns 0 and fills *h, or
 * -EBADMSG (too short, bad magic, non-zero pad, lengths inconsistent with
 * len) or -EPROTONOSUPPORT (a version other than 1).  On success the
 * ciphertext is at blob + NCR_BLOB_HDR_LEN and the tag follows it.
 */
int ncr_blob_parse(const u8 *blob, size_t len, struct ncr_blob_hdr *h);

#endif /* NCR_BLOB_H */
