// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/batch/keys.c - part of build/tests/batch (see tests/batch/main.c):
 * the symmetric keys of the run, one per algorithm and key length, each
 * with exactly its algorithm in its set, imported from random bytes that
 * OpenSSL is given too; and which algorithms the kernel offers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "batch.h"

struct bkey skeys[64];
size_t n_skeys;

static const struct {
	uint32_t alg;
	uint32_t lens[3];
} key_lens[] = {
	{ NCR_ALG_AES_ECB, { 16, 24, 32 } },
	{ NCR_ALG_AES_CBC, { 16, 24, 32 } },
	{ NCR_ALG_AES_CTR, { 16, 24, 32 } },
	{ NCR_ALG_AES_XTS, { 32, 64 } },
	{ NCR_ALG_DES3_CBC, { 24 } },
	{ NCR_ALG_CHACHA20, { 32 } },
	{ NCR_ALG_AES_GCM, { 16, 24, 32 } },
	{ NCR_ALG_AES_CCM, { 16, 24, 32 } },
	{ NCR_ALG_CHACHA20_POLY1305, { 32 } },
	{ NCR_ALG_HMAC_SHA1, { 20, 100 } },
	{ NCR_ALG_HMAC_SHA224, { 28 } },
	{ NCR_ALG_HMAC_SHA256, { 32, 7, 100 } },
	{ NCR_ALG_HMAC_SHA384, { 48 } },
	{ NCR_ALG_HMAC_SHA512, { 64, 128 } },
	{ NCR_ALG_HMAC_SHA3_256, { 32 } },
	{ NCR_ALG_HMAC_SHA3_512, { 64 } },
	{ NCR_ALG_CMAC_AES, { 16, 24, 32 } },
};

static struct ncr_alg_info infos[128];
static uint32_t n_infos;

int alg_available(uint32_t alg)
{
	for (uint32_t i = 0; i < n_infos; i++)
		if (infos[i].algorithm == alg)
			return !!(infos[i].flags & NCR_ALG_INFO_FLAG_AVAILABLE);
	return 0;
}

uint32_t alg_block(uint32_t alg)
{
	for (uint32_t i = 0; i < n_infos; i++)
		if (infos[i].algorithm == alg)
			return infos[i].block_size;
	return 0;
}

int keys_make(void)
{
	struct ncr_info info = {
		.size = sizeof(info), .alg_info_size = sizeof(infos[0]),
		.algs = PTR64(infos), .alg_count = ARRAY_SIZE(infos),
	};
	int r = xioctl(fd, NCRIO_INFO, &info);

	if (r)
		return r;
	n_infos = info.alg_count < ARRAY_SIZE(infos) ? info.alg_count :
		  ARRAY_SIZE(infos);
	for (size_t i = 0; i < ARRAY_SIZE(key_lens); i++) {
		const struct talg *a = talg_get(key_lens[i].alg);
		uint32_t usage = a->kind == TK_MAC ?
			NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY :
			NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT;

		for (int l = 0; l < 3 && key_lens[i].lens[l]; l++) {
			struct bkey *k = &skeys[n_skeys];

			if (n_skeys == ARRAY_SIZE(skeys))
				return -ENOSPC;
			memset(k, 0, sizeof(*k));
			k->alg = a->alg;
			k->len = key_lens[i].lens[l];
			rng_fill(&rng, k->bytes, k->len);
			r = key_import(fd, a->key_type, 0, 0, k->bytes, k->len,
				       0, usage, talg_keybit(a->alg), NULL, 0,
				       &k->handle);
			if (r) {
				tap_diag("%s key of %zu bytes: %s", a->name,
					 k->len, errname(r));
				return r;
			}
			n_skeys++;
		}
	}
	return 0;
}

void keys_free(void)
{
	for (size_t i = 0; i < n_skeys; i++)
		key_del(fd, skeys[i].handle);
	n_skeys = 0;
}

const struct bkey *skey_of(uint32_t alg, unsigned int n)
{
	const struct bkey *first = NULL;
	unsigned int count = 0;

	for (size_t i = 0; i < n_skeys; i++)
		if (skeys[i].alg == alg) {
			if (!first)
				first = &skeys[i];
			count++;
		}
	if (!count)
		return NULL;
	return first + n % count;
}
