/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ncr_internal.h - private to libncr: symbol visibility and helpers shared
 * between the library's source files and its unit test.
 */
#ifndef NCR_INTERNAL_H
#define NCR_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/* The library is built with -fvisibility=hidden; the API is marked. */
#define NCR_EXPORT __attribute__((visibility("default")))

/* Constant-time helpers (ncr_pad.c), exposed for the unit test.  Each
 * returns an all-ones mask when the condition holds, else 0. */
uint32_t ncr_ct_mask_is_zero(uint32_t x);
uint32_t ncr_ct_mask_lt(uint32_t a, uint32_t b);

#endif /* NCR_INTERNAL_H */
