// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * fuzz_blob.c - libFuzzer target for the storage blob parser: any input
 * either parses into a header that re-encodes to the same bytes, or is
 * rejected with EBADMSG/EPROTONOSUPPORT.
 */
#include <stdlib.h>
#include "symkey/blob.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct ncr_blob_hdr h;
	u8 hdr[NCR_BLOB_HDR_LEN];
	int err = ncr_blob_parse(data, size, &h);

	if (err) {
		if (err != -EBADMSG && err != -EPROTONOSUPPORT)
			abort();
		return 0;
	}
	if (ncr_blob_encode(&h, hdr) ||
	    memcmp(hdr, data, ncr_blob_hdr_len(h.version)))
		abort();
	return 0;
}
