// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hmac.c - HMAC (RFC 2104 / FIPS 198-1) and MGF1 (RFC 8017 B.2.1) over the
 * hashes of hash.c.  The HMAC context holds the inner and outer hash states
 * already keyed, so a context may be copied after init and reused (RFC 6979
 * HMAC_DRBG does).  Timing depends only on lengths, never on key or data.
 */
#include "hash.h"

int ncr_hmac_init(struct ncr_hmac_ctx *c, u32 id, const u8 *key,
		  size_t key_len)
{
	const struct ncr_hash_info *info = ncr_hash_info(id);
	u8 k[NCR_HASH_MAX_BLOCK];
	size_t bl, i;

	if (!info) {
		memset(c, 0, sizeof(*c));
		return -EINVAL;
	}
	bl = info->block_len;
	memset(k, 0, sizeof(k));
	if (key_len > bl)
		ncr_hash(id, key, key_len, k);
	else if (key_len)
		memcpy(k, key, key_len);
	for (i = 0; i < bl; i++)
		k[i] ^= 0x36;
	ncr_hash_init(&c->inner, id);
	ncr_hash_update(&c->inner, k, bl);
	for (i = 0; i < bl; i++)
		k[i] ^= 0x36 ^ 0x5c;
	ncr_hash_init(&c->outer, id);
	ncr_hash_update(&c->outer, k, bl);
	ncr_wipe(k, sizeof(k));
	return 0;
}

void ncr_hmac_update(struct ncr_hmac_ctx *c, const void *data, size_t len)
{
	ncr_hash_update(&c->inner, data, len);
}

void ncr_hmac_final(struct ncr_hmac_ctx *c, u8 *out)
{
	u8 d[NCR_HASH_MAX_DIGEST];
	u32 dlen = c->inner.info->digest_len;

	ncr_hash_final(&c->inner, d);
	ncr_hash_update(&c->outer, d, dlen);
	ncr_hash_final(&c->outer, out);
	ncr_wipe(d, sizeof(d));
}

int ncr_mgf1_xor(u8 *out, size_t mask_len, u32 id, const u8 *seed,
		 size_t seed_len)
{
	const struct ncr_hash_info *info = ncr_hash_info(id);
	struct ncr_hash_ctx base, c;
	u8 d[NCR_HASH_MAX_DIGEST], ctr[4];
	u32 counter, hl;
	size_t n, i;

	if (!info)
		return -EINVAL;
	hl = info->digest_len;
	/* RFC 8017 B.2.1 step 1: maskLen <= 2^32 hLen */
	if ((u64)mask_len / hl > 0xffffffffULL + 1 ||
	    ((u64)mask_len / hl == 0xffffffffULL + 1 && (u64)mask_len % hl))
		return -EINVAL;
	ncr_hash_init(&base, id);
	ncr_hash_update(&base, seed, seed_len);
	for (counter = 0; mask_len; counter++) {
		c = base;
		ncr_put_be32(ctr, counter);
		ncr_hash_update(&c, ctr, 4);
		ncr_hash_final(&c, d);
		n = mask_len < hl ? mask_len : hl;
		for (i = 0; i < n; i++)
			out[i] ^= d[i];
		out += n;
		mask_len -= n;
	}
	ncr_wipe(&base, sizeof(base));
	ncr_wipe(d, sizeof(d));
	return 0;
}
