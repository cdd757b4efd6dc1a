// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_blob_unit.c - the storage blob layout (versions 1 and 2), built from
 * the same core/symkey/blob.c the module uses.  TAP output.
 */
#include <stdio.h>
#include <stdlib.h>
#include "symkey/blob.h"

static int n, failed;

static void ok(int cond, const char *name)
{
	n++;
	if (!cond)
		failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", n, name);
}

static int same(const struct ncr_blob_hdr *a, const struct ncr_blob_hdr *b)
{
	return a->version == b->version && a->type == b->type &&
	       a->flags == b->flags && a->usage == b->usage &&
	       a->bits == b->bits && a->key_id_len == b->key_id_len &&
	       !memcmp(a->key_id, b->key_id, a->key_id_len) &&
	       a->material_len == b->material_len && a->algs == b->algs &&
	       a->attrs == b->attrs && a->label_len == b->label_len &&
	       !memcmp(a->label, b->label, a->label_len) &&
	       !memcmp(a->nonce, b->nonce, NCR_BLOB_NONCE_LEN);
}

/* The layout checks common to both versions, on a blob of len bytes. */
static void common(u8 *blob, size_t len, const struct ncr_blob_hdr *h,
		   const char *v)
{
	struct ncr_blob_hdr p;
	char name[120];
	size_t i;
	int all;

	snprintf(name, sizeof(name), "%s: parse what was encoded", v);
	ok(ncr_blob_parse(blob, len, &p) == 0, name);
	snprintf(name, sizeof(name), "%s: fields round-trip", v);
	ok(same(h, &p), name);
	all = 1;
	for (i = 0; i < len; i++)
		all &= ncr_blob_parse(blob, i, &p) == -EBADMSG;
	snprintf(name, sizeof(name), "%s: every truncation is EBADMSG", v);
	ok(all, name);
	snprintf(name, sizeof(name), "%s: an extra byte is EBADMSG", v);
	ok(ncr_blob_parse(blob, len + 1, &p) == -EBADMSG, name);
	blob[0] ^= 1;
	snprintf(name, sizeof(name), "%s: bad magic is EBADMSG", v);
	ok(ncr_blob_parse(blob, len, &p) == -EBADMSG, name);
	blob[0] ^= 1;
	blob[6] = 1;
	snprintf(name, sizeof(name), "%s: non-zero pad is EBADMSG", v);
	ok(ncr_blob_parse(blob, len, &p) == -EBADMSG, name);
	blob[6] = 0;
	blob[27] = 33;
	snprintf(name, sizeof(name), "%s: key ID too long", v);
	ok(ncr_blob_parse(blob, len, &p) == -EBADMSG, name);
	blob[27] = (u8)h->key_id_len;
	blob[28 + 20] = 1;
	snprintf(name, sizeof(name), "%s: non-zero key ID padding", v);
	ok(ncr_blob_parse(blob, len, &p) == -EBADMSG, name);
	blob[28 + 20] = 0;
	blob[63] = 31;
	snprintf(name, sizeof(name),
		 "%s: material length disagrees with blob length", v);
	ok(ncr_blob_parse(blob, len, &p) == -EBADMSG, name);
	blob[63] = 32;
	snprintf(name, sizeof(name), "%s: restored blob parses", v);
	ok(ncr_blob_parse(blob, len, &p) == 0 && same(h, &p), name);
	/* the re-encoding of a parsed header is the same bytes */
	{
		u8 hdr[NCR_BLOB_HDR_LEN];
		u32 hl = ncr_blob_hdr_len(h->version);

		snprintf(name, sizeof(name), "%s: re-encodes to the same bytes",
			 v);
		ok(ncr_blob_encode(&p, hdr) == 0 && !memcmp(hdr, blob, hl),
		   name);
	}
}

int main(void)
{
	struct ncr_blob_hdr h = { .version = 2, .type = 1, .flags = 2,
				  .usage = 3, .bits = 256, .key_id_len = 16,
				  .material_len = 32,
				  .algs = 0x123456789abcdef0ULL, .attrs = 5,
				  .label_len = 5 };
	struct ncr_blob_hdr p;
	u8 blob[NCR_BLOB_OVERHEAD + 32 + 1];
	size_t len = NCR_BLOB_OVERHEAD + 32, i;

	for (i = 0; i < 16; i++)
		h.key_id[i] = (u8)(i + 1);
	memcpy(h.label, "hello", 5);
	for (i = 0; i < NCR_BLOB_NONCE_LEN; i++)
		h.nonce[i] = (u8)(0xa0 + i);

	/* version 2 (what the module writes) */
	memset(blob, 0x5a, sizeof(blob));
	ok(ncr_blob_encode(&h, blob) == 0, "v2: encode");
	ok(blob[4] == 2 && !memcmp(blob + NCR_BLOB_HDR_LEN_V2 - 12, h.nonce, 12),
	   "v2: version byte and nonce at the end of the 124-byte header");
	common(blob, len, &h, "v2");
	blob[79] = 33;
	ok(ncr_blob_parse(blob, len, &p) == -EBADMSG, "v2: label too long");
	blob[79] = 5;
	blob[80 + 10] = 1;
	ok(ncr_blob_parse(blob, len, &p) == -EBADMSG,
	   "v2: non-zero label padding");
	blob[80 + 10] = 0;
	ok(ncr_blob_parse(blob, len, &p) == 0, "v2: restored blob parses");
	blob[4] = 3;
	ok(ncr_blob_parse(blob, len, &p) == -EPROTONOSUPPORT,
	   "unknown version 3 is EPROTONOSUPPORT");
	blob[4] = 0;
	ok(ncr_blob_parse(blob, len, &p) == -EPROTONOSUPPORT,
	   "unknown version 0 is EPROTONOSUPPORT");
	blob[4] = 1;
	ok(ncr_blob_parse(blob, len, &p) == -EBADMSG,
	   "a v2 blob relabelled v1 does not parse (length disagrees)");

	/* version 1 (blobs of ABI 2, still loaded) */
	h.version = 1;
	ok(ncr_blob_encode(&h, blob) == -EINVAL,
	   "v1 encode refuses algs/attrs/label");
	h.algs = 0;
	h.attrs = 0;
	h.label_len = 0;
	memset(h.label, 0, sizeof(h.label));
	memset(blob, 0x5a, sizeof(blob));
	ok(ncr_blob_encode(&h, blob) == 0, "v1: encode");
	common(blob, NCR_BLOB_OVERHEAD_V1 + 32, &h, "v1");

	h.version = 2;
	h.key_id_len = 33;
	ok(ncr_blob_encode(&h, blob) == -EINVAL, "encode rejects long key ID");
	h.key_id_len = 0;
	h.label_len = 33;
	ok(ncr_blob_encode(&h, blob) == -EINVAL, "encode rejects long label");
	h.label_len = 0;
	h.material_len = 0;
	ok(ncr_blob_encode(&h, blob) == -EINVAL, "encode rejects empty material");
	h.material_len = NCR_BLOB_MATERIAL_MAX + 1;
	ok(ncr_blob_encode(&h, blob) == -EINVAL, "encode rejects huge material");
	h.material_len = 32;
	h.version = 3;
	ok(ncr_blob_encode(&h, blob) == -EINVAL, "encode rejects version 3");

	printf("1..%d\n", n);
	return failed ? 1 : 0;
}
