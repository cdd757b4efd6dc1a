/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * blob.h - layout of a storage blob (format versions 1 and 2).
 *
 *   off  len  field                                   version
 *     0    4  magic "NCRK"                              1, 2
 *     4    1  format version (1 or 2)
 *     5    3  zero
 *     8    4  key type            (big-endian, like every number here)
 *    12    4  key flags
 *    16    4  key usage
 *    20    4  key length in bits
 *    24    4  key ID length (0..32)
 *    28   32  key ID, zero-padded
 *    60    4  material length in bytes (1..NCR_BLOB_MATERIAL_MAX)
 *    64    8  algorithm set (NCR_KEY_ALG_*)                 2 only
 *    72    4  key attributes (NCR_KEY_ATTR_*)               2 only
 *    76    4  label length (0..32)                          2 only
 *    80   32  label, zero-padded                            2 only
 *   h-12  12  AES-GCM nonce (random); h = 76 (v1) or 124 (v2)
 *     h    n  material, AES-256-GCM encrypted
 *   h+n   16  GCM tag
 *
 * Bytes 0..h-1 are the GCM associated data, so every header bit is
 * authenticated.  This file only encodes and parses the layout; the kernel
 * does the cryptography and judges the meaning of the fields after the tag
 * has been checked.  Nothing here touches secret data.
 */
#ifndef NCR_BLOB_H
#define NCR_BLOB_H

#include "ncr_core.h"

#define NCR_BLOB_MAGIC		"NCRK"
#define NCR_BLOB_VERSION	2	/* what ncr_blob_encode writes */
#define NCR_BLOB_HDR_LEN_V1	76
#define NCR_BLOB_HDR_LEN_V2	124
#define NCR_BLOB_HDR_LEN	NCR_BLOB_HDR_LEN_V2	/* the longest */
#define NCR_BLOB_NONCE_LEN	12
#define NCR_BLOB_TAG_LEN	16
#define NCR_BLOB_ID_MAX		32
#define NCR_BLOB_LABEL_MAX	32
#define NCR_BLOB_MATERIAL_MAX	8192	/* NCR_MAX_PKEY_BYTES */
#define NCR_BLOB_OVERHEAD	(NCR_BLOB_HDR_LEN + NCR_BLOB_TAG_LEN)
#define NCR_BLOB_OVERHEAD_V1	(NCR_BLOB_HDR_LEN_V1 + NCR_BLOB_TAG_LEN)

struct ncr_blob_hdr {
	u32 version;		/* 1 or 2 */
	u32 type;
	u32 flags;
	u32 usage;
	u32 bits;
	u32 key_id_len;
	u8 key_id[NCR_BLOB_ID_MAX];
	u32 material_len;
	u64 algs;		/* version 2 */
	u32 attrs;		/* version 2 */
	u32 label_len;		/* version 2 */
	u8 label[NCR_BLOB_LABEL_MAX];	/* version 2 */
	u8 nonce[NCR_BLOB_NONCE_LEN];
};

/* Header bytes (the GCM associated data) of a blob of this version. */
static inline u32 ncr_blob_hdr_len(u32 version)
{
	return version == 1 ? NCR_BLOB_HDR_LEN_V1 : NCR_BLOB_HDR_LEN_V2;
}

/*
 * Writes the ncr_blob_hdr_len(h->version) header bytes of h->version (1 or
 * 2; a version-1 header cannot hold algs, attrs or a label, which must be
 * 0 then).  -EINVAL on an unknown version or out-of-range fields.
 */
int ncr_blob_encode(const struct ncr_blob_hdr *h, u8 *out);

/*
 * Parses a whole blob of len bytes.  Returns 0 and fills *h, or
 * -EBADMSG (too short, bad magic, non-zero pad, lengths inconsistent with
 * len, non-zero padding of the key ID or label) or -EPROTONOSUPPORT (a
 * version other than 1 and 2).  On success the ciphertext is at
 * blob + ncr_blob_hdr_len(h->version) and the tag follows it.
 */
int ncr_blob_parse(const u8 *blob, size_t len, struct ncr_blob_hdr *h);

#endif /* NCR_BLOB_H */
