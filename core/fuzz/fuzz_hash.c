// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * fuzz_hash.c - libFuzzer target comparing core/hash/sha*.c, hash.c and hmac.c
 * with OpenSSL on arbitrary input.  Byte 0 picks the hash (low 3 bits mod
 * 5) and the operation (bits 3-4: hash, HMAC, MGF1); byte 1 is a split
 * step / key length / mask length seed; the rest is the message (for HMAC,
 * its first byte-1-given bytes are the key; for MGF1, the seed).  Any
 * mismatch aborts.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include "hash/hash.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

static const struct {
	u32 id;
	const char *name;
} hashes[] = {
	{ NCR_HASH_SHA1, "SHA1" }, { NCR_HASH_SHA224, "SHA224" },
	{ NCR_HASH_SHA256, "SHA256" }, { NCR_HASH_SHA384, "SHA384" },
	{ NCR_HASH_SHA512, "SHA512" },
};

static EVP_MD *mds[5];

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	u8 ref[64], out[64];
	unsigned int rl, k, op, arg;
	const struct ncr_hash_info *in;
	EVP_MD *md;

	if (size < 2)
		return 0;
	k = (data[0] & 7) % 5;
	op = (data[0] >> 3) & 3;
	arg = data[1];
	data += 2;
	size -= 2;
	if (!mds[k])
		mds[k] = EVP_MD_fetch(NULL, hashes[k].name, NULL);
	md = mds[k];
	in = ncr_hash_info(hashes[k].id);

	if (op == 0 || op == 3) {
		struct ncr_hash_ctx c;
		size_t pos, step = arg + 1;

		EVP_Digest(data, size, ref, &rl, md, NULL);
		ncr_hash_init(&c, hashes[k].id);
		for (pos = 0; pos < size; pos += step) {
			if (step > size - pos)
				step = size - pos;
			ncr_hash_update(&c, data + pos, step);
		}
		ncr_hash_final(&c, out);
		if (rl != in->digest_len || memcmp(ref, out, rl))
			abort();
	} else if (op == 1) {
		struct ncr_hmac_ctx c;
		size_t kl = arg < size ? arg : size;

		HMAC(md, data, (int)kl, data + kl, size - kl, ref, &rl);
		ncr_hmac_init(&c, hashes[k].id, data, kl);
		ncr_hmac_update(&c, data + kl, size - kl);
		ncr_hmac_final(&c, out);
		if (rl != in->digest_len || memcmp(ref, out, rl))
			abort();
	} else {
		static u8 mask[255 * 8], want[255 * 8];
		size_t ml = arg * 8, pos = 0, n;
		u32 ctr;

		memset(mask, 0, ml);
		if (ncr_mgf1_xor(mask, ml, hashes[k].id, data, size))
			abort();
		for (ctr = 0; pos < ml; ctr++) {
			EVP_MD_CTX *x = EVP_MD_CTX_new();
			u8 cb[4] = { ctr >> 24, ctr >> 16, ctr >> 8, ctr };

			EVP_DigestInit_ex(x, md, NULL);
			EVP_DigestUpdate(x, data, size);
			EVP_DigestUpdate(x, cb, 4);
			EVP_DigestFinal_ex(x, ref, &rl);
			EVP_MD_CTX_free(x);
			n = ml - pos < rl ? ml - pos : rl;
			memcpy(want + pos, ref, n);
			pos += n;
		}
		if (memcmp(mask, want, ml))
			abort();
	}
	return 0;
}
