// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * bn.c - multi-precision integers: byte encoding, addition, subtraction,
 * conditional operations and comparison (see bn.h).
 *
 * Constant time: loops run over the limb counts and byte lengths passed
 * in, which may leak; no branch or memory index depends on a value.
 */
#include "bn_int.h"

#define LBYTES	(LB / 8)

u32 ncr_bn_decode_be(ncr_limb *r, size_t n, const u8 *in, size_t len)
{
	ncr_limb over = 0;
	size_t i;

	memset(r, 0, n * sizeof(*r));
	for (i = 0; i < len; i++) {
		size_t k = len - 1 - i;		/* byte position from the bottom */

		if (k / LBYTES < n)
			r[k / LBYTES] |= (ncr_limb)in[i] << (8 * (k % LBYTES));
		else
			over |= in[i];
	}
	return limb_is_zero(over);
}

u32 ncr_bn_encode_be(u8 *out, size_t len, const ncr_limb *a, size_t n)
{
	ncr_limb over = 0;
	size_t i, k;

	for (k = 0; k < len; k++) {
		i = k / LBYTES;
		out[len - 1 - k] = i < n ? (u8)(a[i] >> (8 * (k % LBYTES))) : 0;
	}
	/* Limb bytes that did not fit. */
	for (k = len; k < LBYTES * n; k++)
		over |= (a[k / LBYTES] >> (8 * (k % LBYTES))) & 0xff;
	return limb_is_zero(over);
}

void ncr_bn_zero(ncr_limb *r, size_t n)
{
	memset(r, 0, n * sizeof(*r));
}

void ncr_bn_set_u32(ncr_limb *r, size_t n, u32 v)
{
	memset(r, 0, n * sizeof(*r));
	if (n)
		r[0] = v;
}

u32 ncr_bn_add(ncr_limb *r, const ncr_limb *a, const ncr_limb *b, size_t n)
{
	ncr_dlimb c = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		c += (ncr_dlimb)a[i] + b[i];
		r[i] = (ncr_limb)c;
		c >>= LB;
	}
	return (u32)c;
}

u32 ncr_bn_sub(ncr_limb *r, const ncr_limb *a, const ncr_limb *b, size_t n)
{
	ncr_limb borrow = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		ncr_dlimb d = (ncr_dlimb)a[i] - b[i] - borrow;

		r[i] = (ncr_limb)d;
		borrow = (ncr_limb)(d >> (2 * LB - 1));
	}
	return (u32)borrow;
}

u32 ncr_bn_cond_add(ncr_limb *r, const ncr_limb *b, size_t n, u32 ctl)
{
	ncr_limb mask = limb_mask(ctl);
	ncr_dlimb c = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		c += (ncr_dlimb)r[i] + (b[i] & mask);
		r[i] = (ncr_limb)c;
		c >>= LB;
	}
	return (u32)c;
}

u32 ncr_bn_cond_sub(ncr_limb *r, const ncr_limb *b, size_t n, u32 ctl)
{
	ncr_limb mask = limb_mask(ctl), borrow = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		ncr_dlimb d = (ncr_dlimb)r[i] - (b[i] & mask) - borrow;

		r[i] = (ncr_limb)d;
		borrow = (ncr_limb)(d >> (2 * LB - 1));
	}
	return (u32)borrow;
}

void ncr_bn_cond_copy(ncr_limb *r, const ncr_limb *a, size_t n, u32 ctl)
{
	ncr_limb mask = limb_mask(ctl);
	size_t i;

	for (i = 0; i < n; i++)
		r[i] = limb_mux(mask, a[i], r[i]);
}

void ncr_bn_cond_swap(ncr_limb *a, ncr_limb *b, size_t n, u32 ctl)
{
	ncr_limb mask = limb_mask(ctl);
	size_t i;

	for (i = 0; i < n; i++) {
		ncr_limb x = mask & (a[i] ^ b[i]);

		a[i] ^= x;
		b[i] ^= x;
	}
}

u32 ncr_bn_eq(const ncr_limb *a, const ncr_limb *b, size_t n)
{
	ncr_limb d = 0;
	size_t i;

	for (i = 0; i < n; i++)
		d |= a[i] ^ b[i];
	return limb_is_zero(d);
}

u32 ncr_bn_lt(const ncr_limb *a, const ncr_limb *b, size_t n)
{
	ncr_limb borrow = 0;
	size_t i;

	/* The borrow out of a - b, without storing the difference. */
	for (i = 0; i < n; i++)
		borrow = (ncr_limb)(((ncr_dlimb)a[i] - b[i] - borrow) >> (2 * LB - 1));
	return (u32)borrow;
}

u32 ncr_bn_is_zero(const ncr_limb *a, size_t n)
{
	ncr_limb d = 0;
	size_t i;

	for (i = 0; i < n; i++)
		d |= a[i];
	return limb_is_zero(d);
}

int ncr_bn_cmp(const ncr_limb *a, const ncr_limb *b, size_t n)
{
	return (int)ncr_bn_lt(b, a, n) - (int)ncr_bn_lt(a, b, n);
}
