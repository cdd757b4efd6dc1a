// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_hash_unit.c - core/hash/sha*.c, hash.c, hmac.c against OpenSSL 3 (EVP,
 * HMAC(), X509_SIG for DigestInfo) and against the FIPS 180 and RFC 4231
 * vectors.  TAP output.  NCR_TEST_SEED=n repeats a run.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include "hash/hash.h"
#include "test_tap.h"

static u64 rs;
static u32 rnd(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return (u32)(rs >> 11);
}

static void rnd_bytes(u8 *p, size_t n)
{
	while (n--)
		*p++ = (u8)rnd();
}

static const struct {
	u32 id;
	const char *name;
	int nid;
} hashes[] = {
	{ NCR_HASH_SHA1, "SHA1", NID_sha1 },
	{ NCR_HASH_SHA224, "SHA224", NID_sha224 },
	{ NCR_HASH_SHA256, "SHA256", NID_sha256 },
	{ NCR_HASH_SHA384, "SHA384", NID_sha384 },
	{ NCR_HASH_SHA512, "SHA512", NID_sha512 },
};
#define NH (sizeof(hashes) / sizeof(hashes[0]))

static const EVP_MD *md_of(size_t k)
{
	return EVP_get_digestbynid(hashes[k].nid);
}

static size_t unhex(u8 *out, const char *hex)
{
	size_t n = 0;
	unsigned int v;

	while (hex[0] && hex[1] && sscanf(hex, "%2x", &v) == 1) {
		out[n++] = (u8)v;
		hex += 2;
	}
	return n;
}

static int eq_hex(const u8 *got, size_t len, const char *hex)
{
	u8 want[256];

	return unhex(want, hex) == len && !memcmp(got, want, len);
}

static int is_zero(const void *p, size_t n)
{
	const u8 *b = p;
	u8 acc = 0;

	while (n--)
		acc |= *b++;
	return !acc;
}

static void test_info(void)
{
	size_t k;

	for (k = 0; k < NH; k++) {
		const struct ncr_hash_info *in = ncr_hash_info(hashes[k].id);
		const EVP_MD *md = md_of(k);
		u8 oid[64], *p = oid, digest[64], der[128], *q = der;
		X509_SIG *sig;
		X509_ALGOR *alg;
		ASN1_OCTET_STRING *dig;
		int len, dl;

		ok(in && in->id == hashes[k].id &&
		   (int)in->digest_len == EVP_MD_get_size(md) &&
		   (int)in->block_len == EVP_MD_get_block_size(md),
		   "%s: info lengths", hashes[k].name);
		if (!in)
			continue;
		len = i2d_ASN1_OBJECT(OBJ_nid2obj(hashes[k].nid), &p);
		ok(len == (int)in->oid_len && !memcmp(oid, in->oid, len),
		   "%s: OID DER", hashes[k].name);

		/* DigestInfo as OpenSSL's X509_SIG encodes it */
		rnd_bytes(digest, in->digest_len);
		sig = X509_SIG_new();
		X509_SIG_getm(sig, &alg, &dig);
		X509_ALGOR_set0(alg, OBJ_nid2obj(hashes[k].nid), V_ASN1_NULL,
				NULL);
		ASN1_OCTET_STRING_set(dig, digest, in->digest_len);
		dl = i2d_X509_SIG(sig, &q);
		X509_SIG_free(sig);
		ok(dl == (int)(in->digest_info_len + in->digest_len) &&
		   !memcmp(der, in->digest_info, in->digest_info_len) &&
		   !memcmp(der + in->digest_info_len, digest, in->digest_len),
		   "%s: PKCS#1 DigestInfo prefix", hashes[k].name);
	}
}

static void test_unknown(void)
{
	struct ncr_hash_ctx c;
	struct ncr_hmac_ctx h;
	u8 out[64];

	ok(!ncr_hash_info(0) && !ncr_hash_info(32) && !ncr_hash_info(38) &&
	   ncr_hash_init(&c, 38) == -EINVAL &&
	   ncr_hash(0, "x", 1, out) == -EINVAL &&
	   ncr_hmac_init(&h, 1, (const u8 *)"k", 1) == -EINVAL &&
	   ncr_mgf1_xor(out, 10, 99, out, 4) == -EINVAL,
	   "unknown ids are refused");
}

static const char *const abc[NH] = {
	"a9993e364706816aba3e25717850c26c9cd0d89d",
	"23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7",
	"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	"cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
	"8086072ba1e7cc2358baeca134c825a7",
	"ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
	"2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
};

static const char *const million_a[NH] = {
	"34aa973cd4c4daa4f61eeb2bdbad27316534016f",
	"20794655980c91d8bbb4c1ea97618a4bf03f42581948b2ee4ee7ad67",
	"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	"9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b"
	"07b8b3dc38ecc4ebae97ddd87f3d8985",
	"e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
	"de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b",
};

static void test_fips(void)
{
	static u8 a[1000];
	size_t k, i;
	u8 out[64];

	memset(a, 'a', sizeof(a));
	for (k = 0; k < NH; k++) {
		const struct ncr_hash_info *in = ncr_hash_info(hashes[k].id);
		struct ncr_hash_ctx c;

		ncr_hash(hashes[k].id, "abc", 3, out);
		ok(eq_hex(out, in->digest_len, abc[k]), "%s: FIPS 180 \"abc\"",
		   hashes[k].name);
		ncr_hash_init(&c, hashes[k].id);
		for (i = 0; i < 1000; i++)
			ncr_hash_update(&c, a, 1000);
		ncr_hash_final(&c, out);
		ok(eq_hex(out, in->digest_len, million_a[k]) &&
		   is_zero(&c, sizeof(c)),
		   "%s: one million 'a' (and the context is wiped)",
		   hashes[k].name);
	}
}

#define ITER 150

static void test_random_hash(void)
{
	static u8 msg[1001];
	size_t k, it;

	for (k = 0; k < NH; k++) {
		const struct ncr_hash_info *in = ncr_hash_info(hashes[k].id);
		int fail1 = 0, fail2 = 0;

		for (it = 0; it < ITER; it++) {
			/* every length 0..297 step 3, then random */
			size_t len = it < 100 ? it * 3 : rnd() % 1001;
			u8 ref[64], out[64];
			unsigned int rl;
			struct ncr_hash_ctx c;
			size_t pos, step;

			rnd_bytes(msg, len);
			EVP_Digest(msg, len, ref, &rl, md_of(k), NULL);
			ncr_hash(hashes[k].id, msg, len, out);
			fail1 |= rl != in->digest_len || memcmp(ref, out, rl);

			ncr_hash_init(&c, hashes[k].id);
			for (pos = 0; pos < len; pos += step) {
				step = rnd() % (rnd() & 1 ? 8 : 300);
				if (step > len - pos)
					step = len - pos;
				ncr_hash_update(&c, msg + pos, step);
			}
			ncr_hash_update(&c, NULL, 0);
			ncr_hash_final(&c, out);
			fail2 |= memcmp(ref, out, rl) || !is_zero(&c, sizeof(c));
		}
		ok(!fail1, "%s: one-shot = OpenSSL on random lengths 0..1000",
		   hashes[k].name);
		ok(!fail2, "%s: split updates = OpenSSL", hashes[k].name);
	}
}

static void test_random_hmac(void)
{
	static u8 msg[1001], key[300];
	size_t k, it;

	for (k = 0; k < NH; k++) {
		const struct ncr_hash_info *in = ncr_hash_info(hashes[k].id);
		int fail1 = 0, fail2 = 0;

		for (it = 0; it < ITER; it++) {
			size_t len = rnd() % 1001, kl, pos, step;
			u8 ref[64], out[64], out2[64];
			unsigned int rl;
			struct ncr_hmac_ctx c, copy;

			/* around the block length and above */
			kl = it < 40 ? in->block_len - 20 + it : rnd() % 300;
			rnd_bytes(msg, len);
			rnd_bytes(key, kl);
			HMAC(md_of(k), key, (int)kl, msg, len, ref, &rl);
			if (ncr_hmac_init(&c, hashes[k].id, key, kl))
				fail1 = 1;
			copy = c;
			for (pos = 0; pos < len; pos += step) {
				step = rnd() % 200;
				if (step > len - pos)
					step = len - pos;
				ncr_hmac_update(&c, msg + pos, step);
			}
			ncr_hmac_final(&c, out);
			fail1 |= rl != in->digest_len || memcmp(ref, out, rl) ||
				 !is_zero(&c, sizeof(c));
			/* a copy made after init is still a keyed context */
			ncr_hmac_update(&copy, msg, len);
			ncr_hmac_final(&copy, out2);
			fail2 |= memcmp(ref, out2, rl);
		}
		ok(!fail1, "%s: HMAC = OpenSSL, random keys 0..300 and data",
		   hashes[k].name);
		ok(!fail2, "%s: HMAC context copied after init", hashes[k].name);
	}
}

/* RFC 4231 test cases 1, 2, 6, 7 (SHA-224/256/384/512) */
static const struct {
	const char *key_hex;	/* NULL: 131 bytes of 0xaa */
	const char *data;
	const char *mac[4];
} rfc4231[] = {
	{ "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There", {
	"896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22",
	"b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
	"afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
	"faea9ea9076ede7f4af152e8b2fa9cb6",
	"87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
	"daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
	} },
	{ "4a656665", "what do ya want for nothing?", {
	"a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44",
	"5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
	"af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
	"8e2240ca5e69e2c78b3239ecfab21649",
	"164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
	"9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
	} },
	{ NULL, "Test Using Larger Than Block-Size Key - Hash Key First", {
	"95e9a0db962095adaebe9b2d6f0dbce2d499f112f2d2b7273fa6870e",
	"60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
	"4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
	"0c2ef6ab4030fe8296248df163f44952",
	"80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
	"6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
	} },
	{ NULL, "This is a test using a larger than block-size key and a "
		"larger than block-size data. The key needs to be hashed "
		"before being used by the HMAC algorithm.", {
	"3a854166ac5d9f023f54d517d0b39dbd946770db9c2b95c9f6f565d1",
	"9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
	"6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5"
	"a678cc31e799176d3860e6110c46523e",
	"e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
	"b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58",
	} },
};

static void test_rfc4231(void)
{
	size_t t, k;

	for (t = 0; t < sizeof(rfc4231) / sizeof(rfc4231[0]); t++) {
		u8 key[131], out[64];
		size_t kl;
		int good = 1;

		if (rfc4231[t].key_hex) {
			kl = unhex(key, rfc4231[t].key_hex);
		} else {
			memset(key, 0xaa, sizeof(key));
			kl = sizeof(key);
		}
		for (k = 0; k < 4; k++) {
			u32 id = hashes[k + 1].id;
			struct ncr_hmac_ctx c;

			ncr_hmac_init(&c, id, key, kl);
			ncr_hmac_update(&c, rfc4231[t].data,
					strlen(rfc4231[t].data));
			ncr_hmac_final(&c, out);
			if (!eq_hex(out, ncr_hash_info(id)->digest_len,
				    rfc4231[t].mac[k])) {
				good = 0;
				printf("# case %zu %s\n", t, hashes[k + 1].name);
			}
		}
		ok(good, "RFC 4231 HMAC test vector %zu (SHA-224/256/384/512)",
		   t);
	}
}

/* MGF1 reference: Hash(seed || C) for C = 0, 1, ... through EVP */
static void mgf1_ref(u8 *mask, size_t mask_len, const EVP_MD *md,
		     const u8 *seed, size_t seed_len)
{
	u8 d[64], c[4];
	u32 ctr;
	size_t n, hl = EVP_MD_get_size(md);

	for (ctr = 0; mask_len; ctr++) {
		EVP_MD_CTX *x = EVP_MD_CTX_new();

		c[0] = ctr >> 24;
		c[1] = ctr >> 16;
		c[2] = ctr >> 8;
		c[3] = ctr;
		EVP_DigestInit_ex(x, md, NULL);
		EVP_DigestUpdate(x, seed, seed_len);
		EVP_DigestUpdate(x, c, 4);
		EVP_DigestFinal_ex(x, d, NULL);
		EVP_MD_CTX_free(x);
		n = mask_len < hl ? mask_len : hl;
		memcpy(mask, d, n);
		mask += n;
		mask_len -= n;
	}
}

static void test_mgf1(void)
{
	static u8 seed[300], buf[1500], init[1500], mask[1500];
	size_t k, it, i;

	for (k = 0; k < NH; k++) {
		int fail = 0;

		for (it = 0; it < 60; it++) {
			size_t sl = rnd() % 300;
			size_t ml = it < 10 ? it : rnd() % 1500;

			rnd_bytes(seed, sl);
			rnd_bytes(init, ml);
			memcpy(buf, init, ml);
			mgf1_ref(mask, ml, md_of(k), seed, sl);
			if (ncr_mgf1_xor(buf, ml, hashes[k].id, seed, sl))
				fail = 1;
			for (i = 0; i < ml; i++)
				fail |= buf[i] != (init[i] ^ mask[i]);
		}
		ok(!fail, "%s: MGF1 xor = EVP reference, masks 0..1500",
		   hashes[k].name);
	}
}

int main(void)
{
	const char *s = getenv("NCR_TEST_SEED");

	rs = s ? strtoull(s, NULL, 0) : (u64)time(NULL);
	printf("# NCR_TEST_SEED=%llu\n", (unsigned long long)rs);
	rs = rs * 0x9e3779b97f4a7c15ull + 1;
	test_info();
	test_unknown();
	test_fips();
	test_rfc4231();
	test_random_hash();
	test_random_hmac();
	test_mgf1();
	return tap_done();
}
