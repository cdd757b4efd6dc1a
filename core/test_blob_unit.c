// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_blob_unit.c - the storage blob layout, built from the same core/blob.c
 * the module uses.  TAP output.
 */
#include <stdio.h>
#include <stdlib.h>
#include "blob.h"

static int n, failed;

static void ok(int cond, const char *name)
{
	n++;
	if (!cond)
		failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", n, name);
}

int main(void)
{
	struct ncr_blob_hdr h = { .type = 1, .flags = 2, .usage = 3, .bits = 256,
				  .key_id_len = 16, .material_len = 32 };
	struct ncr_blob_hdr p;
	u8 blob[NCR_BLOB_OVERHEAD + 32];
	size_t len = sizeof(blob), i;
	int all;

	for (i = 0; i < 16; i++)
		h.key_id[i] = (u8)(i + 1);
	for (i = 0; i < NCR_BLOB_NONCE_LEN; i++)
		h.nonce[i] = (u8)(0xa0 + i);
	memset(blob, 0x5a, sizeof(blob));
	ok(ncr_blob_encode(&h, blob) == 0, "encode");
	ok(ncr_blob_parse(blob, len, &p) == 0, "parse what was encoded");
	ok(p.type == 1 && p.flags == 2 && p.usage == 3 && p.bits == 256 &&
	   p.key_id_len == 16 && p.material_len == 32 &&
	   !memcmp(p.key_id, h.key_id, 16) && !memcmp(p.nonce, h.nonce, 12),
	   "fields round-trip");

	all = 1;
	for (i = 0; i < len; i++)
		all &= ncr_blob_parse(blob, i, &p) == -EBADMSG;
	ok(all, "every truncation is EBADMSG");
	ok(ncr_blob_parse(blob, len + 1, &p) == -EBADMSG, "extra byte is EBADMSG");

	blob[4] = 2;
	ok(ncr_blob_parse(blob, len, &p) == -EPROTONOSUPPORT,
	   "unknown version is EPROTONOSUPPORT");
	blob[4] = 1;
	blob[0] ^= 1;
	ok(ncr_blob_parse(blob, len, &p) == -EBADMSG, "bad magic is EBADMSG");
	blob[0] ^= 1;
	blob[6] = 1;
	ok(ncr_blob_parse(blob, len, &p) == -EBADMSG, "non-zero pad is EBADMSG");
	blob[6] = 0;
	blob[27] = 33;
	ok(ncr_blob_parse(blob, len, &p) == -EBADMSG, "key ID too long");
	blob[27] = 16;
	blob[28 + 20] = 1;
	ok(ncr_blob_parse(blob, len, &p) == -EBADMSG,
	   "non-zero key ID padding");
	blob[28 + 20] = 0;
	blob[63] = 31;
	ok(ncr_blob_parse(blob, len, &p) == -EBADMSG,
	   "material length disagrees with blob length");
	blob[63] = 32;
	ok(ncr_blob_parse(blob, len, &p) == 0, "restored blob parses");

	h.key_id_len = 33;
	ok(ncr_blob_encode(&h, blob) == -EINVAL, "encode rejects long key ID");
	h.key_id_len = 0;
	h.material_len = 0;
	ok(ncr_blob_encode(&h, blob) == -EINVAL, "encode rejects empty material");
	h.material_len = NCR_BLOB_MATERIAL_MAX + 1;
	ok(ncr_blob_encode(&h, blob) == -EINVAL, "encode rejects huge material");

	printf("1..%d\n", n);
	return failed ? 1 : 0;
}
