/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * ct.h - constant-time vocabulary of the portable core.
 *
 * Every function here is branch-free and touches no memory: the time taken
 * and the addresses used do not depend on the arguments.  Predicates return
 * 0 or 1 (a "ctl"); ncr_ct_mask() turns a ctl into 0 or 0xffffffff (a
 * "mask") for ncr_ct_mux().  Nothing leaks.
 *
 * ncr_ct_barrier() hides a value from the optimiser so that it cannot prove
 * a mask is 0/all-ones and turn the masking back into a branch; `make check`
 * verifies the result under Valgrind (core/tests/ct-check.sh).
 */
#ifndef NCR_CT_H
#define NCR_CT_H

#include "ncr_core.h"

static inline u32 ncr_ct_barrier(u32 x)
{
#if defined(__GNUC__) || defined(__clang__)
	__asm__("" : "+r"(x));
#endif
	return x;
}

/* 0 -> 0, 1 -> 0xffffffff. */
static inline u32 ncr_ct_mask(u32 ctl)
{
	return -ncr_ct_barrier(ctl);
}

/* 1 if x != 0, else 0. */
static inline u32 ncr_ct_is_nonzero(u32 x)
{
	return (x | -x) >> 31;
}

/* 1 if x == 0, else 0. */
static inline u32 ncr_ct_is_zero(u32 x)
{
	return ncr_ct_is_nonzero(x) ^ 1;
}

/* 1 if x == y, else 0. */
static inline u32 ncr_ct_eq(u32 x, u32 y)
{
	return ncr_ct_is_zero(x ^ y);
}

/* 1 if x != y, else 0. */
static inline u32 ncr_ct_ne(u32 x, u32 y)
{
	return ncr_ct_is_nonzero(x ^ y);
}

/* 1 if x < y (unsigned), else 0: the borrow of x - y. */
static inline u32 ncr_ct_lt(u32 x, u32 y)
{
	return (u32)(((u64)x - (u64)y) >> 63);
}

/* 1 if x > y (unsigned), else 0. */
static inline u32 ncr_ct_gt(u32 x, u32 y)
{
	return ncr_ct_lt(y, x);
}

/* mask all-ones -> x, mask 0 -> y. */
static inline u32 ncr_ct_mux(u32 mask, u32 x, u32 y)
{
	return y ^ (mask & (x ^ y));
}

/* ctl 1 -> x, ctl 0 -> y. */
static inline u32 ncr_ct_select(u32 ctl, u32 x, u32 y)
{
	return ncr_ct_mux(ncr_ct_mask(ctl), x, y);
}

#endif /* NCR_CT_H */
