/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * ncr_core.h - the type shim of the portable core.  Core files include only
 * this header, so they build unchanged in the kernel module and in user-space
 * unit tests and fuzzers.
 */
#ifndef NCR_CORE_H
#define NCR_CORE_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/string.h>
#else
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <string.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
#endif

/* Zeroes memory that held secrets; not optimised away. */
#ifdef __KERNEL__
#define ncr_wipe(p, n) memzero_explicit(p, n)
#else
#define ncr_wipe(p, n) explicit_bzero(p, n)
#endif

static inline u32 ncr_get_be32(const u8 *p)
{
	return ((u32)p[0] << 24) | ((u32)p[1] << 16) | ((u32)p[2] << 8) | p[3];
}

static inline void ncr_put_be32(u8 *p, u32 v)
{
	p[0] = (u8)(v >> 24);
	p[1] = (u8)(v >> 16);
	p[2] = (u8)(v >> 8);
	p[3] = (u8)v;
}

static inline u32 ncr_get_le32(const u8 *p)
{
	return ((u32)p[3] << 24) | ((u32)p[2] << 16) | ((u32)p[1] << 8) | p[0];
}

static inline void ncr_put_le32(u8 *p, u32 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
	p[2] = (u8)(v >> 16);
	p[3] = (u8)(v >> 24);
}

/*
 * A byte string: an unsigned big-endian number (leading zero bytes allowed;
 * len 0 means zero or "absent") or opaque bytes.  p points into memory the
 * holder of the struct owns.
 */
struct ncr_bytes {
	const u8 *p;
	size_t len;
};

/*
 * What a long or randomized computation needs from its caller.
 *   rand:  fills out with len bytes from a cryptographic RNG (never fails).
 *   yield: called between units of work in long computations (prime and
 *          parameter generation, about every few milliseconds); a non-zero
 *          return stops the computation, which wipes its temporaries and
 *          returns -EINTR.  May be NULL.
 *   ctx:   passed to both.
 */
struct ncr_env {
	void (*rand)(void *ctx, u8 *out, size_t len);
	int (*yield)(void *ctx);
	void *ctx;
};

static inline int ncr_env_yield(const struct ncr_env *env)
{
	return env && env->yield && env->yield(env->ctx) ? -EINTR : 0;
}

#endif /* NCR_CORE_H */
