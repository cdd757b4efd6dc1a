// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * fuzz_rsa_pad.c - libFuzzer target for the RSA decryption padding removal
 * (ncr_rsa_pkcs1_unpad, ncr_rsa_oaep_unpad) on fuzzed blocks of every
 * length, with every hash / MGF1 pairing and a fuzzed label.  Checks that a
 * success returns a message that really is the tail of the block, within
 * bounds, and that PKCS#1 v1.5 success means the structure is right.
 *
 * Input: byte 0 selects hashes, byte 1 the label length, then the label,
 * then the block (its length is k).
 */
#include <stdlib.h>
#include <string.h>
#include "rsa.h"

static const u32 ids[5] = { NCR_HASH_SHA1, NCR_HASH_SHA224, NCR_HASH_SHA256,
			    NCR_HASH_SHA384, NCR_HASH_SHA512 };

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	u8 em[NCR_RSA_KMAX], orig[NCR_RSA_KMAX], out[NCR_RSA_KMAX];
	size_t k, ll, ol, i;
	u32 h, m;
	int r;

	if (size < 2)
		return 0;
	h = ids[data[0] % 5];
	m = ids[(data[0] / 5) % 5];
	ll = data[1];
	data += 2;
	size -= 2;
	if (ll > size)
		ll = size;
	k = size - ll;
	if (k > NCR_RSA_KMAX)
		k = NCR_RSA_KMAX;
	memcpy(orig, data + ll, k);

	memcpy(em, orig, k);
	ol = sizeof(out);
	r = ncr_rsa_pkcs1_unpad(em, k, out, &ol);
	if (k < 11) {
		if (r != -EINVAL)
			abort();
	} else if (r == 0) {
		if (ol > k - 11 || orig[0] != 0 || orig[1] != 2 || orig[k - ol - 1] != 0 ||
		    memcmp(out, orig + k - ol, ol))
			abort();
		for (i = 2; i < k - ol - 1; i++)
			if (!orig[i])
				abort();
		if (k - ol - 1 < 10)
			abort();
	} else if (r != -EBADMSG || ol != 0) {
		abort();
	}

	memcpy(em, orig, k);
	ol = sizeof(out);
	r = ncr_rsa_oaep_unpad(h, m, data, ll, em, k, out, &ol);
	if (r == 0) {
		size_t hl = ncr_hash_info(h)->digest_len;

		if (ol > k - 2 * hl - 2 || orig[0] != 0)
			abort();
		/* the message is the tail of the unmasked block: em holds it */
		if (memcmp(out, em + k - ol, ol) || em[k - ol - 1] != 1)
			abort();
	} else if (r != -EBADMSG && r != -EINVAL) {
		abort();
	}
	return 0;
}
