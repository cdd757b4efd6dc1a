/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * bn_int.h - private helpers of core/bn/bn*.c: the double-width limb type and
 * limb-wide constant-time masks.  Not for use outside bn*.c.
 */
#ifndef NCR_BN_INT_H
#define NCR_BN_INT_H

#include "bn.h"
#include "ct.h"

#if NCR_LIMB_BITS == 64
typedef unsigned __int128 ncr_dlimb;
#else
typedef u64 ncr_dlimb;
#endif

#define LB	NCR_LIMB_BITS

/* 0 -> 0, 1 -> all ones, hidden from the optimiser (see ct.h). */
static inline ncr_limb limb_mask(u32 ctl)
{
	ncr_limb x = ctl;

#if defined(__GNUC__) || defined(__clang__)
	__asm__("" : "+r"(x));
#endif
	return (ncr_limb)0 - x;
}

/* 1 if x != 0 / x == 0, without branches. */
static inline u32 limb_is_nonzero(ncr_limb x)
{
	return (u32)((x | ((ncr_limb)0 - x)) >> (LB - 1));
}

static inline u32 limb_is_zero(ncr_limb x)
{
	return limb_is_nonzero(x) ^ 1;
}

/* 1 if x < y (unsigned). */
static inline u32 limb_lt(ncr_limb x, ncr_limb y)
{
	/* the borrow of x - y: top bit of (~x & y) | (~(x ^ y) & (x - y)) */
	return (u32)(((~x & y) | (~(x ^ y) & (x - y))) >> (LB - 1));
}

/* mask all ones -> x, 0 -> y. */
static inline ncr_limb limb_mux(ncr_limb mask, ncr_limb x, ncr_limb y)
{
	return y ^ (mask & (x ^ y));
}

#endif /* NCR_BN_INT_H */
