// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * bn.c - multi-precision integers: byte encoding, addition, subtraction,
 * conditional operations and comparison (see bn.h).
 *
 * Constant time: loops run over the limb counts and byte lengths passed
 * in, which may leak; no branch or memory index depends on a value.
 */
#include "bn.h"
#include "ct.h"

u32 ncr_bn_decode_be(u32 *r, size_t n, const u8 *in, size_t len)
{
	u32 over = 0;
	size_t i;

	memset(r, 0, n * sizeof(*r));
	for (i = 0; i < len; i++) {
		size_t k = len - 1 - i;		/* byte position from the bottom */

		if (k / 4 < n)
			r[k / 4] |= (u32)in[i] << (8 * (k % 4));
		else
			over |= in[i];
	}
	return ncr_ct_is_zero(over);
}

u32 ncr_bn_encode_be(u8 *out, size_t len, const u32 *a, size_t n)
{
	u32 over = 0;
	size_t i, k;

	for (k = 0; k < len; k++) {
		i = k / 4;
		out[len - 1 - k] = i < n ? (u8)(a[i] >> (8 * (k % 4))) : 0;
	}
	/* Limb bytes that did not fit. */
	for (k = len; k < 4 * n; k++)
		over |= (a[k / 4] >> (8 * (k % 4))) & 0xff;
	return ncr_ct_is_zero(over);
}

void ncr_bn_zero(u32 *r, size_t n)
{
	memset(r, 0, n * sizeof(*r));
}

void ncr_bn_set_u32(u32 *r, size_t n, u32 v)
{
	memset(r, 0, n * sizeof(*r));
	if (n)
		r[0] = v;
}

u32 ncr_bn_add(u32 *r, const u32 *a, const u32 *b, size_t n)
{
	u64 c = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		c += (u64)a[i] + b[i];
		r[i] = (u32)c;
		c >>= 32;
	}
	return (u32)c;
}

u32 ncr_bn_sub(u32 *r, const u32 *a, const u32 *b, size_t n)
{
	u32 borrow = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		u64 d = (u64)a[i] - b[i] - borrow;

		r[i] = (u32)d;
		borrow = (u32)(d >> 63);
	}
	return borrow;
}

u32 ncr_bn_cond_add(u32 *r, const u32 *b, size_t n, u32 ctl)
{
	u32 mask = ncr_ct_mask(ctl);
	u64 c = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		c += (u64)r[i] + (b[i] & mask);
		r[i] = (u32)c;
		c >>= 32;
	}
	return (u32)c;
}

u32 ncr_bn_cond_sub(u32 *r, const u32 *b, size_t n, u32 ctl)
{
	u32 mask = ncr_ct_mask(ctl), borrow = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		u64 d = (u64)r[i] - (b[i] & mask) - borrow;

		r[i] = (u32)d;
		borrow = (u32)(d >> 63);
	}
	return borrow;
}

void ncr_bn_cond_copy(u32 *r, const u32 *a, size_t n, u32 ctl)
{
	u32 mask = ncr_ct_mask(ctl);
	size_t i;

	for (i = 0; i < n; i++)
		r[i] = ncr_ct_mux(mask, a[i], r[i]);
}

void ncr_bn_cond_swap(u32 *a, u32 *b, size_t n, u32 ctl)
{
	u32 mask = ncr_ct_mask(ctl);
	size_t i;

	for (i = 0; i < n; i++) {
		u32 x = mask & (a[i] ^ b[i]);

		a[i] ^= x;
		b[i] ^= x;
	}
}

u32 ncr_bn_eq(const u32 *a, const u32 *b, size_t n)
{
	u32 d = 0;
	size_t i;

	for (i = 0; i < n; i++)
		d |= a[i] ^ b[i];
	return ncr_ct_is_zero(d);
}

u32 ncr_bn_lt(const u32 *a, const u32 *b, size_t n)
{
	u32 borrow = 0;
	size_t i;

	/* The borrow out of a - b, without storing the difference. */
	for (i = 0; i < n; i++)
		borrow = (u32)(((u64)a[i] - b[i] - borrow) >> 63);
	return borrow;
}

u32 ncr_bn_is_zero(const u32 *a, size_t n)
{
	u32 d = 0;
	size_t i;

	for (i = 0; i < n; i++)
		d |= a[i];
	return ncr_ct_is_zero(d);
}

int ncr_bn_cmp(const u32 *a, const u32 *b, size_t n)
{
	return (int)ncr_bn_lt(b, a, n) - (int)ncr_bn_lt(a, b, n);
}
