// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * blob.c - encode and parse the storage blob header (see blob.h).
 * Works on public data only: header fields are authenticated, not secret.
 */
#include "blob.h"

static void ncr_blob_put_be64(u8 *p, u64 v)
{
	ncr_put_be32(p, (u32)(v >> 32));
	ncr_put_be32(p + 4, (u32)v);
}

static u64 ncr_blob_get_be64(const u8 *p)
{
	return ((u64)ncr_get_be32(p) << 32) | ncr_get_be32(p + 4);
}

int ncr_blob_encode(const struct ncr_blob_hdr *h, u8 *out)
{
	u32 hl;

	if (h->version != 1 && h->version != 2)
		return -EINVAL;
	if (h->key_id_len > NCR_BLOB_ID_MAX || h->material_len == 0 ||
	    h->material_len > NCR_BLOB_MATERIAL_MAX ||
	    h->label_len > NCR_BLOB_LABEL_MAX)
		return -EINVAL;
	if (h->version == 1 && (h->algs || h->attrs || h->label_len))
		return -EINVAL;
	hl = ncr_blob_hdr_len(h->version);
	memcpy(out, NCR_BLOB_MAGIC, 4);
	out[4] = (u8)h->version;
	out[5] = out[6] = out[7] = 0;
	ncr_put_be32(out + 8, h->type);
	ncr_put_be32(out + 12, h->flags);
	ncr_put_be32(out + 16, h->usage);
	ncr_put_be32(out + 20, h->bits);
	ncr_put_be32(out + 24, h->key_id_len);
	memset(out + 28, 0, NCR_BLOB_ID_MAX);
	memcpy(out + 28, h->key_id, h->key_id_len);
	ncr_put_be32(out + 60, h->material_len);
	if (h->version == 2) {
		ncr_blob_put_be64(out + 64, h->algs);
		ncr_put_be32(out + 72, h->attrs);
		ncr_put_be32(out + 76, h->label_len);
		memset(out + 80, 0, NCR_BLOB_LABEL_MAX);
		memcpy(out + 80, h->label, h->label_len);
	}
	memcpy(out + hl - NCR_BLOB_NONCE_LEN, h->nonce, NCR_BLOB_NONCE_LEN);
	return 0;
}

/* 1 if b[len..max) is all zero (the padding of a length-prefixed field). */
static int ncr_blob_zero_tail(const u8 *b, u32 len, u32 max)
{
	u32 i;

	for (i = len; i < max; i++)
		if (b[i])
			return 0;
	return 1;
}

int ncr_blob_parse(const u8 *blob, size_t len, struct ncr_blob_hdr *h)
{
	u32 hl;

	memset(h, 0, sizeof(*h));
	if (len < NCR_BLOB_OVERHEAD_V1 + 1 || memcmp(blob, NCR_BLOB_MAGIC, 4))
		return -EBADMSG;
	if (blob[4] != 1 && blob[4] != 2)
		return -EPROTONOSUPPORT;
	h->version = blob[4];
	hl = ncr_blob_hdr_len(h->version);
	if (len < hl + NCR_BLOB_TAG_LEN + 1 || (blob[5] | blob[6] | blob[7]))
		return -EBADMSG;
	h->type = ncr_get_be32(blob + 8);
	h->flags = ncr_get_be32(blob + 12);
	h->usage = ncr_get_be32(blob + 16);
	h->bits = ncr_get_be32(blob + 20);
	h->key_id_len = ncr_get_be32(blob + 24);
	if (h->key_id_len > NCR_BLOB_ID_MAX ||
	    !ncr_blob_zero_tail(blob + 28, h->key_id_len, NCR_BLOB_ID_MAX))
		return -EBADMSG;
	memcpy(h->key_id, blob + 28, h->key_id_len);
	h->material_len = ncr_get_be32(blob + 60);
	if (h->material_len == 0 || h->material_len > NCR_BLOB_MATERIAL_MAX ||
	    (size_t)h->material_len + hl + NCR_BLOB_TAG_LEN != len)
		return -EBADMSG;
	if (h->version == 2) {
		h->algs = ncr_blob_get_be64(blob + 64);
		h->attrs = ncr_get_be32(blob + 72);
		h->label_len = ncr_get_be32(blob + 76);
		if (h->label_len > NCR_BLOB_LABEL_MAX ||
		    !ncr_blob_zero_tail(blob + 80, h->label_len,
					NCR_BLOB_LABEL_MAX))
			return -EBADMSG;
		memcpy(h->label, blob + 80, h->label_len);
	}
	memcpy(h->nonce, blob + hl - NCR_BLOB_NONCE_LEN, NCR_BLOB_NONCE_LEN);
	return 0;
}
