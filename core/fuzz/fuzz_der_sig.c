// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * fuzz_der_sig.c - libFuzzer target for ncr_der_sig_decode: the first byte
 * picks qlen (1..64), the rest is the DER.  A signature that decodes is
 * DER, so encoding its r||s must give back exactly the input.
 */
#include <stdlib.h>
#include "der/der.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	u8 raw[128], der[NCR_DER_SIG_MAX(64)];
	size_t qlen, len = sizeof(der);
	int err;

	if (!size)
		return 0;
	qlen = (data[0] & 63) + 1;
	err = ncr_der_sig_decode(data + 1, size - 1, qlen, raw);
	if (err) {
		if (err != -EBADMSG)
			abort();
		return 0;
	}
	if (ncr_der_sig_encode(raw, qlen, der, &len) || len != size - 1 ||
	    memcmp(der, data + 1, len))
		abort();
	return 0;
}
