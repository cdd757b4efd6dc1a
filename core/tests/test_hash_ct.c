// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_hash_ct.c - constant-time check of core/hash/sha*.c, hash.c and hmac.c in
 * the style of ctgrind: the secret inputs (message, HMAC key, MGF1 seed)
 * are marked undefined for Valgrind's memcheck, which reports any branch or
 * memory address that depends on them.  Lengths are public.  Results are
 * marked defined again before they are looked at.  Run by core/tests/ct-check.sh;
 * built without sanitizers.
 *
 *   test_hash_ct hash  - every hash, one-shot and split updates
 *   test_hash_ct hmac  - every HMAC, keys shorter and longer than a block
 *   test_hash_ct mgf1  - MGF1 over every hash, secret seed
 *   test_hash_ct leak  - a deliberate secret branch: memcheck must see it
 */
#include <stdio.h>
#include <string.h>
#include <valgrind/memcheck.h>
#include "hash/hash.h"

#define SECRET(p, len)	VALGRIND_MAKE_MEM_UNDEFINED(p, len)
#define PUBLIC(p, len)	VALGRIND_MAKE_MEM_DEFINED(p, len)

static const u32 ids[] = {
	NCR_HASH_SHA1, NCR_HASH_SHA224, NCR_HASH_SHA256, NCR_HASH_SHA384,
	NCR_HASH_SHA512,
};
#define NIDS (sizeof(ids) / sizeof(ids[0]))

static u8 msg[600], key[300], out[1000];
static unsigned int sink;

static void fill(u8 *p, size_t n, u32 s)
{
	while (n--) {
		s = s * 1103515245u + 12345u;
		*p++ = (u8)(s >> 16);
	}
}

static void use(const u8 *p, size_t n)
{
	PUBLIC(p, n);
	while (n--)
		sink += *p++;
}

static void ct_hash(void)
{
	static const size_t lens[] = { 0, 1, 55, 56, 64, 111, 112, 128, 599 };
	size_t k, i;

	for (k = 0; k < NIDS; k++) {
		for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
			struct ncr_hash_ctx c;

			ncr_hash(ids[k], msg, lens[i], out);
			use(out, 64);
			ncr_hash_init(&c, ids[k]);
			ncr_hash_update(&c, msg, lens[i] / 3);
			ncr_hash_update(&c, msg + lens[i] / 3,
					lens[i] - lens[i] / 3);
			ncr_hash_final(&c, out);
			use(out, 64);
		}
	}
}

static void ct_hmac(void)
{
	static const size_t klens[] = { 0, 16, 64, 65, 128, 129, 300 };
	size_t k, i;

	for (k = 0; k < NIDS; k++) {
		for (i = 0; i < sizeof(klens) / sizeof(klens[0]); i++) {
			struct ncr_hmac_ctx c, copy;

			ncr_hmac_init(&c, ids[k], key, klens[i]);
			copy = c;
			ncr_hmac_update(&c, msg, 100 + i * 50);
			ncr_hmac_final(&c, out);
			use(out, 64);
			ncr_hmac_update(&copy, msg, 1);
			ncr_hmac_final(&copy, out);
			use(out, 64);
		}
	}
}

static void ct_mgf1(void)
{
	size_t k;

	for (k = 0; k < NIDS; k++) {
		memset(out, 0, sizeof(out));
		SECRET(out, sizeof(out));	/* e.g. OAEP's masked DB */
		ncr_mgf1_xor(out, 1000, ids[k], msg, 48);
		use(out, 1000);
	}
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	fill(msg, sizeof(msg), 1);
	fill(key, sizeof(key), 2);
	SECRET(msg, sizeof(msg));
	SECRET(key, sizeof(key));
	if (!strcmp(mode, "hash")) {
		ct_hash();
	} else if (!strcmp(mode, "hmac")) {
		ct_hmac();
	} else if (!strcmp(mode, "mgf1")) {
		ct_mgf1();
	} else if (!strcmp(mode, "leak")) {
		ncr_hash(NCR_HASH_SHA256, msg, 10, out);
		if (out[0] & 1)		/* deliberate: depends on the secret */
			sink++;
	} else {
		fprintf(stderr, "usage: %s hash|hmac|mgf1|leak\n", argv[0]);
		return 2;
	}
	printf("%u\n", sink & 1);
	return 0;
}
