// SPDX-License-Identifier: GPL-2.0 OR MIT
/* test_dlpub_unit.c - ncr_dl_public_from_private against OpenSSL's BN. */
#include <stdio.h>
#include <stdlib.h>
#include <openssl/bn.h>
#include <openssl/rand.h>
#include "dlog/dl_pub.h"
#include "test_tap.h"

static int yields, stop_at = -1;

static int yield(void *ctx)
{
	(void)ctx;
	return yields++ == stop_at;
}

static const struct ncr_env env = { NULL, yield, NULL };

static int one(int pbits, int xbytes)
{
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *p = BN_new(), *g = BN_new(), *x = BN_new(), *y = BN_new();
	u8 pb[1024], gb[1024], xb[1024], yb[1024], want[1024];
	struct ncr_dl_parts k = { 0 };
	void *scratch = malloc(ncr_dl_pub_scratch_size(pbits));
	int plen = (pbits + 7) / 8, r;

	BN_rand(p, pbits, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ODD);
	BN_rand_range(g, p);
	BN_add_word(g, 2);
	BN_mod(g, g, p, ctx);
	if (BN_is_zero(g) || BN_is_one(g))
		BN_set_word(g, 2);
	BN_rand(x, xbytes * 8, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
	if (BN_is_zero(x))
		BN_one(x);
	BN_mod_exp(y, g, x, p, ctx);
	BN_bn2binpad(p, pb, plen);
	BN_bn2binpad(g, gb, plen);
	BN_bn2binpad(x, xb, xbytes);
	BN_bn2binpad(y, want, plen);
	k.p = (struct ncr_bytes){ pb, plen };
	k.g = (struct ncr_bytes){ gb, plen };
	k.x = (struct ncr_bytes){ xb, xbytes };
	r = ncr_dl_public_from_private(&k, yb, scratch) == 0 &&
	    !memcmp(yb, want, plen);
	memset(yb, 0, plen);
	r &= ncr_dl_public_from_private_env(&k, &env, yb, scratch) == 0 &&
	     !memcmp(yb, want, plen);
	free(scratch);
	BN_free(p); BN_free(g); BN_free(x); BN_free(y);
	BN_CTX_free(ctx);
	return r;
}

int main(void)
{
	static const int sizes[][2] = { { 1024, 20 }, { 2048, 28 },
		{ 2048, 32 }, { 2048, 256 }, { 3072, 32 }, { 1032, 1 },
		{ 2052, 28 }, { 4095, 512 } };
	struct ncr_dl_parts k = { 0 };
	u8 p[2] = { 0x01, 0x02 }, g[1] = { 2 }, x[1] = { 1 }, y[2];
	void *scratch = malloc(ncr_dl_pub_scratch_size(16));
	char name[64];
	size_t i;
	int j, good;

	printf("1..%zu\n", sizeof(sizes) / sizeof(sizes[0]) + 3);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		good = 1;
		for (j = 0; j < 5; j++)
			good &= one(sizes[i][0], sizes[i][1]);
		snprintf(name, sizeof(name), "g^x mod p, %d-bit p, %d-byte x",
			 sizes[i][0], sizes[i][1]);
		ok(good, name);
	}
	k.p = (struct ncr_bytes){ p, 2 };
	k.g = (struct ncr_bytes){ g, 1 };
	k.x = (struct ncr_bytes){ x, 1 };
	ok(ncr_dl_public_from_private(&k, y, scratch) == -EINVAL,
	   "even p refused");
	p[1] = 3;
	g[0] = 1;
	ok(ncr_dl_public_from_private(&k, y, scratch) == -EINVAL,
	   "g = 1 refused");
	free(scratch);
	/* 8192-bit p, 1024-byte x: yields; the 3rd says stop */
	{
		u8 pb[1024], gb[1] = { 3 }, xb[1024], yb[1024];
		int r1, n1;

		memset(pb, 0xc5, sizeof(pb));
		memset(xb, 0x3c, sizeof(xb));
		memset(yb, 0xee, sizeof(yb));
		k.p = (struct ncr_bytes){ pb, 1024 };
		k.g = (struct ncr_bytes){ gb, 1 };
		k.x = (struct ncr_bytes){ xb, 1024 };
		scratch = malloc(ncr_dl_pub_scratch_size(8192));
		yields = 0;
		r1 = ncr_dl_public_from_private_env(&k, &env, yb, scratch);
		n1 = yields;
		stop_at = 2;
		yields = 0;
		memset(yb, 0xee, sizeof(yb));
		ok(r1 == 0 && n1 > 10 &&
		   ncr_dl_public_from_private_env(&k, &env, yb, scratch) == -EINTR &&
		   yields == 3 && yb[0] == 0xee && yb[1023] == 0xee,
		   "8192-bit p and x: %d yields; the 3rd says stop -> EINTR, y not written", n1);
		free(scratch);
	}
	return tap_failed ? 1 : 0;
}
