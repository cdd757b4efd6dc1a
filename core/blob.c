// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * blob.c - encode and parse the storage blob header (see blob.h).
 * Works on public data only: header fields are authenticated, not secret.
 */
#include "blob.h"

int ncr_blob_encode(const struct ncr_blob_hdr *h, u8 out[NCR_BLOB_HDR_LEN])
{
	if (h->key_id_len > NCR_BLOB_ID_MAX || h->material_len == 0 ||
	    h->material_len > NCR_BLOB_MATERIAL_MAX)
		return -EINVAL;
	memcpy(out, NCR_BLOB_MAGIC, 4);
	out[4] = NCR_BLOB_VERSION;
	out[5] = out[6] = out[7] = 0;
	ncr_put_be32(out + 8, h->type);
	ncr_put_be32(out + 12, h->flags);
	ncr_put_be32(out + 16, h->usage);
	ncr_put_be32(out + 20, h->bits);
	ncr_put_be32(out + 24, h->key_id_len);
	memset(out + 28, 0, NCR_BLOB_ID_MAX);
	memcpy(out + 28, h->key_id, h->key_id_len);
	ncr_put_be32(out + 60, h->material_len);
	memcpy(out + 64, h->nonce, NCR_BLOB_NONCE_LEN);
	return 0;
}

int ncr_blob_parse(const u8 *blob, size_t len, struct ncr_blob_hdr *h)
{
	u32 i;

	if (len < NCR_BLOB_OVERHEAD + 1 || memcmp(blob, NCR_BLOB_MAGIC, 4))
		return -EBADMSG;
	if (blob[4] != NCR_BLOB_VERSION)
		return -EPROTONOSUPPORT;
	if (blob[5] | blob[6] | blob[7])
		return -EBADMSG;
	h->type = ncr_get_be32(blob + 8);
	h->flags = ncr_get_be32(blob + 12);
	h->usage = ncr_get_be32(blob + 16);
	h->bits = ncr_get_be32(blob + 20);
	h->key_id_len = ncr_get_be32(blob + 24);
	if (h->key_id_len > NCR_BLOB_ID_MAX)
		return -EBADMSG;
	memcpy(h->key_id, blob + 28, NCR_BLOB_ID_MAX);
	for (i = h->key_id_len; i < NCR_BLOB_ID_MAX; i++)
		if (h->key_id[i])
			return -EBADMSG;
	h->material_len = ncr_get_be32(blob + 60);
	if (h->material_len == 0 || h->material_len > NCR_BLOB_MATERIAL_MAX ||
	    (size_t)h->material_len + NCR_BLOB_OVERHEAD != len)
		return -EBADMSG;
	memcpy(h->nonce, blob + 64, NCR_BLOB_NONCE_LEN);
	return 0;
}
