// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pad.c - libncr unit tests of the constant-time helpers and the PKCS#7
 * padding check (ncr_pad.c), against a straightforward reference.
 */
#include <errno.h>
#include <string.h>

#include "unit.h"

void test_ct_helpers(void)
{
	static const uint32_t v[] = { 0, 1, 2, 15, 16, 17, 255, 256,
				      0x7fffffff, 0x80000000, 0xfffffffe,
				      0xffffffff };
	size_t i, j;
	int bad = 0;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		if (ncr_ct_mask_is_zero(v[i]) != (v[i] ? 0 : 0xffffffffu))
			bad++;
		for (j = 0; j < sizeof(v) / sizeof(v[0]); j++)
			if (ncr_ct_mask_lt(v[i], v[j]) !=
			    (v[i] < v[j] ? 0xffffffffu : 0))
				bad++;
	}
	ok(!bad, "constant-time mask helpers");
}

/* Reference check, straightforward and branchy, for comparison. */
static int ref_unpad(const uint8_t *b, size_t bs, size_t *padlen)
{
	size_t pad = b[bs - 1], i;

	if (pad == 0 || pad > bs)
		return -EBADMSG;
	for (i = bs - pad; i < bs; i++)
		if (b[i] != pad)
			return -EBADMSG;
	*padlen = pad;
	return 0;
}

static void test_pkcs7_block(size_t bs)
{
	uint8_t blk[255];
	size_t padlen, rpad;
	unsigned v, pos;
	int bad = 0, rr, r, valid = 0;

	/* Every value of the last byte, with the rest of the block filled
	 * as valid padding for that value would need. */
	for (v = 0; v < 256; v++) {
		memset(blk, 0x3c, bs);
		if (v >= 1 && v <= bs)
			memset(blk + bs - v, (int)v, v);
		blk[bs - 1] = (uint8_t)v;
		padlen = 999;
		r = ncr_pkcs7_unpad_len(blk, bs, &padlen);
		rpad = 0;
		rr = ref_unpad(blk, bs, &rpad);
		if (r != rr || (r == 0 && padlen != v) ||
		    (r != 0 && padlen != 0) || (r != 0 && r != -EBADMSG)) {
			diag("bs %zu last byte %u: ret %d padlen %zu (want %d)",
			     bs, v, r, padlen, rr);
			bad++;
		}
		if (r == 0)
			valid++;
	}
	ok(!bad && valid == (int)bs,
	   "PKCS#7 bs=%zu: all 256 last-byte values (valid exactly 1..%zu)",
	   bs, bs);

	/* Valid padding with one padding byte corrupted, every position. */
	bad = 0;
	for (v = 2; v <= bs; v++) {
		for (pos = (unsigned)(bs - v); pos < bs - 1; pos++) {
			unsigned delta;

			for (delta = 1; delta < 256; delta <<= 1) {
				memset(blk, 0x3c, bs);
				memset(blk + bs - v, (int)v, v);
				blk[pos] ^= (uint8_t)delta;
				padlen = 999;
				r = ncr_pkcs7_unpad_len(blk, bs, &padlen);
				if (r != -EBADMSG || padlen != 0)
					bad++;
			}
		}
	}
	ok(!bad, "PKCS#7 bs=%zu: any corrupted padding byte is rejected", bs);

	/* Bytes before the padding do not matter, even if they look like
	 * padding of another length. */
	bad = 0;
	for (v = 1; v < bs; v++) {
		unsigned fill;

		for (fill = 0; fill < 256; fill += 17) {
			memset(blk, (int)fill, bs);
			memset(blk + bs - v, (int)v, v);
			r = ncr_pkcs7_unpad_len(blk, bs, &padlen);
			if (r != 0 || padlen != v)
				bad++;
		}
	}
	ok(!bad, "PKCS#7 bs=%zu: data bytes before the padding are ignored",
	   bs);
}

void test_pkcs7(void)
{
	uint8_t blk[256];
	size_t padlen = 7;

	test_pkcs7_block(16);
	test_pkcs7_block(8);
	test_pkcs7_block(1);
	test_pkcs7_block(255);

	memset(blk, 1, sizeof(blk));
	ok(ncr_pkcs7_unpad_len(blk, 0, &padlen) == -EINVAL &&
	   ncr_pkcs7_unpad_len(blk, 256, &padlen) == -EINVAL &&
	   ncr_pkcs7_unpad_len(NULL, 16, &padlen) == -EINVAL &&
	   ncr_pkcs7_unpad_len(blk, 16, NULL) == -EINVAL,
	   "PKCS#7: bad block size or pointers give -EINVAL");

	/* A full block of padding (input was a whole number of blocks). */
	memset(blk, 16, 16);
	ok(ncr_pkcs7_unpad_len(blk, 16, &padlen) == 0 && padlen == 16,
	   "PKCS#7: a whole block of padding is 16 bytes");
}
