// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ncr_pad.c - PKCS#7 padding check in constant time.
 *
 * The padding of a decrypted CBC message is secret-dependent: a check that
 * exits early or branches on the padding bytes leaks, through timing, how
 * much of it was right, which is the classic padding oracle.  This check
 * reads every byte of the last block, derives every decision with
 * arithmetic masks and branches only on the final verdict, which the
 * caller learns anyway.  It needs no device, so it is unit-tested alone.
 */
#include <errno.h>

#include "libncr.h"
#include "ncr_internal.h"

/* Keep the compiler from turning mask arithmetic back into branches. */
static inline uint32_t ct_barrier(uint32_t x)
{
	__asm__ volatile("" : "+r"(x));
	return x;
}

uint32_t ncr_ct_mask_is_zero(uint32_t x)
{
	/* x - 1 borrows into bit 63 exactly when x == 0. */
	uint64_t t = (uint64_t)ct_barrier(x) - 1;

	return (uint32_t)0 - (uint32_t)(t >> 63);
}

uint32_t ncr_ct_mask_lt(uint32_t a, uint32_t b)
{
	/* a - b borrows into bit 63 exactly when a < b. */
	uint64_t t = (uint64_t)ct_barrier(a) - (uint64_t)b;

	return (uint32_t)0 - (uint32_t)(t >> 63);
}

NCR_EXPORT int ncr_pkcs7_unpad_len(const uint8_t *last_block, size_t bs,
				   size_t *padlen)
{
	uint32_t pad, good, bad_bytes = 0, i;

	/* The block size is public: checking it may branch. */
	if (!last_block || !padlen || bs == 0 || bs > 255)
		return -EINVAL;

	pad = last_block[bs - 1];
	/* 1 <= pad <= bs */
	good = ~ncr_ct_mask_is_zero(pad) & ncr_ct_mask_lt(pad, (uint32_t)bs + 1);

	/* Byte i is padding when i >= bs - pad, i.e. !(i < bs - pad).  When
	 * pad > bs the subtraction wraps to a huge value, every byte counts
	 * as data, and `good` is already clear. */
	for (i = 0; i < bs; i++) {
		uint32_t in_pad = ~ncr_ct_mask_lt(i, (uint32_t)bs - pad);

		bad_bytes |= in_pad & (last_block[i] ^ pad);
	}
	good &= ncr_ct_mask_is_zero(bad_bytes);
	good = ct_barrier(good);

	*padlen = pad & good;
	return -(int)(EBADMSG & ~good);
}
