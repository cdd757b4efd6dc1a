// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hash.c - SHA-1/SHA-2 descriptions (OIDs, PKCS#1 DigestInfo prefixes) and
 * the streaming layer over the compression functions in sha1.c, sha256.c
 * and sha512.c: buffering, Merkle-Damgard padding (FIPS 180-4 5.1) and
 * output.  Timing depends only on the lengths hashed.
 */
#include "hash.h"

/* DER of the OIDs: 1.3.14.3.2.26 and 2.16.840.1.101.3.4.2.{4,1,2,3} */
static const u8 oid_sha1[] = { 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a };
#define NIST_HASH_OID(n) \
	{ 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, n }
static const u8 oid_sha224[] = NIST_HASH_OID(0x04);
static const u8 oid_sha256[] = NIST_HASH_OID(0x01);
static const u8 oid_sha384[] = NIST_HASH_OID(0x02);
static const u8 oid_sha512[] = NIST_HASH_OID(0x03);

/*
 * RFC 8017 9.2 note 1: DigestInfo ::= SEQUENCE { SEQUENCE { OID, NULL },
 * OCTET STRING digest }, up to and including the OCTET STRING header.
 */
static const u8 di_sha1[] = {
	0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a,
	0x05, 0x00, 0x04, 0x14,
};
#define NIST_DIGEST_INFO(total, n, dlen) {				\
	0x30, total, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,	\
	0x65, 0x03, 0x04, 0x02, n, 0x05, 0x00, 0x04, dlen }
static const u8 di_sha224[] = NIST_DIGEST_INFO(0x2d, 0x04, 0x1c);
static const u8 di_sha256[] = NIST_DIGEST_INFO(0x31, 0x01, 0x20);
static const u8 di_sha384[] = NIST_DIGEST_INFO(0x41, 0x02, 0x30);
static const u8 di_sha512[] = NIST_DIGEST_INFO(0x51, 0x03, 0x40);

#define INFO(id_, dlen, blen, name) {					\
	.id = id_, .digest_len = dlen, .block_len = blen,		\
	.oid = oid_##name, .oid_len = sizeof(oid_##name),		\
	.digest_info = di_##name, .digest_info_len = sizeof(di_##name) }

static const struct ncr_hash_info hash_infos[] = {
	INFO(NCR_HASH_SHA1, 20, 64, sha1),
	INFO(NCR_HASH_SHA224, 28, 64, sha224),
	INFO(NCR_HASH_SHA256, 32, 64, sha256),
	INFO(NCR_HASH_SHA384, 48, 128, sha384),
	INFO(NCR_HASH_SHA512, 64, 128, sha512),
};

const struct ncr_hash_info *ncr_hash_info(u32 id)
{
	size_t i;

	for (i = 0; i < sizeof(hash_infos) / sizeof(hash_infos[0]); i++)
		if (hash_infos[i].id == id)
			return &hash_infos[i];
	return NULL;
}

/* FIPS 180-4 5.3 initial hash values */
static const u32 iv_sha1[5] = {
	0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0,
};
static const u32 iv_sha224[8] = {
	0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939,
	0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4,
};
static const u32 iv_sha256[8] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};
static const u64 iv_sha384[8] = {
	0xcbbb9d5dc1059ed8ULL, 0x629a292a367cd507ULL, 0x9159015a3070dd17ULL,
	0x152fecd8f70e5939ULL, 0x67332667ffc00b31ULL, 0x8eb44a8768581511ULL,
	0xdb0c2e0d64f98fa7ULL, 0x47b5481dbefa4fa4ULL,
};
static const u64 iv_sha512[8] = {
	0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL,
	0xa54ff53a5f1d36f1ULL, 0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL,
	0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

int ncr_hash_init(struct ncr_hash_ctx *c, u32 id)
{
	memset(c, 0, sizeof(*c));
	c->info = ncr_hash_info(id);
	switch (id) {
	case NCR_HASH_SHA1:
		memcpy(c->h.s32, iv_sha1, sizeof(iv_sha1));
		return 0;
	case NCR_HASH_SHA224:
		memcpy(c->h.s32, iv_sha224, sizeof(iv_sha224));
		return 0;
	case NCR_HASH_SHA256:
		memcpy(c->h.s32, iv_sha256, sizeof(iv_sha256));
		return 0;
	case NCR_HASH_SHA384:
		memcpy(c->h.s64, iv_sha384, sizeof(iv_sha384));
		return 0;
	case NCR_HASH_SHA512:
		memcpy(c->h.s64, iv_sha512, sizeof(iv_sha512));
		return 0;
	}
	return -EINVAL;
}

static void compress(struct ncr_hash_ctx *c, const u8 *p, size_t nblocks)
{
	switch (c->info->id) {
	case NCR_HASH_SHA1:
		ncr_sha1_blocks(c->h.s32, p, nblocks);
		break;
	case NCR_HASH_SHA224:
	case NCR_HASH_SHA256:
		ncr_sha256_blocks(c->h.s32, p, nblocks);
		break;
	default:
		ncr_sha512_blocks(c->h.s64, p, nblocks);
		break;
	}
}

void ncr_hash_update(struct ncr_hash_ctx *c, const void *data, size_t len)
{
	const u8 *p = data;
	size_t bl = c->info->block_len;
	size_t used = (size_t)(c->count & (bl - 1));

	if (!len)
		return;
	c->count += len;
	if (used) {
		size_t n = bl - used;

		if (n > len)
			n = len;
		memcpy(c->buf + used, p, n);
		p += n;
		len -= n;
		if (used + n < bl)
			return;
		compress(c, c->buf, 1);
	}
	if (len >= bl) {
		size_t nb = len / bl;

		compress(c, p, nb);
		p += nb * bl;
		len -= nb * bl;
	}
	if (len)
		memcpy(c->buf, p, len);
}

static void put_be64(u8 *p, u64 v)
{
	ncr_put_be32(p, (u32)(v >> 32));
	ncr_put_be32(p + 4, (u32)v);
}

void ncr_hash_final(struct ncr_hash_ctx *c, u8 *out)
{
	const struct ncr_hash_info *info = c->info;
	size_t bl = info->block_len;
	size_t lenbytes = bl == 128 ? 16 : 8;
	size_t used = (size_t)(c->count & (bl - 1));
	u32 i;

	c->buf[used++] = 0x80;
	if (used > bl - lenbytes) {
		memset(c->buf + used, 0, bl - used);
		compress(c, c->buf, 1);
		used = 0;
	}
	memset(c->buf + used, 0, bl - used);
	/* the message length in bits: 64 bits, or 128 for SHA-384/512 */
	if (bl == 128)
		put_be64(c->buf + bl - 16, c->count >> 61);
	put_be64(c->buf + bl - 8, c->count << 3);
	compress(c, c->buf, 1);
	if (bl == 128) {
		for (i = 0; i < info->digest_len / 8; i++)
			put_be64(out + 8 * i, c->h.s64[i]);
	} else {
		for (i = 0; i < info->digest_len / 4; i++)
			ncr_put_be32(out + 4 * i, c->h.s32[i]);
	}
	ncr_wipe(c, sizeof(*c));
}

int ncr_hash(u32 id, const void *data, size_t len, u8 *out)
{
	struct ncr_hash_ctx c;
	int ret = ncr_hash_init(&c, id);

	if (ret)
		return ret;
	ncr_hash_update(&c, data, len);
	ncr_hash_final(&c, out);
	return 0;
}
