/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ncr_internal.h - private to libncr: symbol visibility and helpers shared
 * between the library's source files and its unit test.
 *
 * libncr is the C library on top of the /dev/crypto (ncr) ioctls, one
 * source file a subject.  Every function is a thin, stateless wrapper: it
 * fills the argument structure of one ioctl (size = sizeof, pointers as
 * (__u64)(uintptr_t)), issues it and maps the result to 0 / -errno.  The
 * only logic of its own is PKCS#7 padding for the CBC helpers, kept in
 * ncr_pad.c so that it can be unit-tested without the device.
 */
#ifndef NCR_INTERNAL_H
#define NCR_INTERNAL_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "libncr.h"

/* The library is built with -fvisibility=hidden; the API is marked. */
#define NCR_EXPORT __attribute__((visibility("default")))

/* A pointer in the ABI's __u64 fields. */
#define PTR(p) ((__u64)(uintptr_t)(p))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Input lengths that do not fit the ABI's __u32 fields are refused. */
static inline int len32(size_t len, __u32 *out)
{
	if (len > UINT32_MAX)
		return -EINVAL;
	*out = (__u32)len;
	return 0;
}

/* Buffer capacities are clamped: a bigger buffer is never wrong. */
static inline __u32 cap32(size_t len)
{
	return len > UINT32_MAX ? UINT32_MAX : (__u32)len;
}

/*
 * Every call fills one argument structure: NCR_ARG_INIT clears it (no
 * stale bytes reach the kernel) and sets its size, the ABI's version.
 */
#define NCR_ARG_INIT(s)						\
	do {							\
		memset(&(s), 0, sizeof(s));			\
		(s).size = sizeof(s);				\
	} while (0)

/*
 * device.c: issue one ioctl on the context, then copy back what the
 * kernel answered; each returns 0 or -errno unless said otherwise.
 *   ncr_ioctl         nothing to copy back.
 *   ncr_ioctl_handle  a call that makes an object: on success the handle
 *                     the kernel wrote to *handle (a field of arg) goes to
 *                     *out, unless out is NULL.
 *   ncr_ioctl_buf32/64  a call that writes into the caller's buffer of
 *                     *len bytes: *len goes to the capacity field *cap
 *                     (clamped to 32 bits by buf32), and on success or
 *                     -ERANGE *cap (the length written, or needed) comes
 *                     back to *len.  A NULL len leaves *cap alone and
 *                     takes nothing back.
 *   ncr_ioctl_verify  a VERIFY: -errno, or NCR_VERIFY_OK when the kernel
 *                     set *result so, else NCR_VERIFY_FAILED.
 */
int ncr_ioctl(int ctx, unsigned long req, void *arg);
int ncr_ioctl_handle(int ctx, unsigned long req, void *arg,
		     const __u32 *handle, uint32_t *out);
int ncr_ioctl_buf32(int ctx, unsigned long req, void *arg, __u32 *cap,
		    size_t *len);
int ncr_ioctl_buf64(int ctx, unsigned long req, void *arg, __u64 *cap,
		    size_t *len);
int ncr_ioctl_verify(int ctx, unsigned long req, void *arg,
		     const __u32 *result);

/*
 * policy.c: a new key's policy put in the flags, usage, algs, label and
 * label_size fields of argument structure s (the same names in every
 * one): 0, or -EINVAL for a label too long or NULL with a length.  A NULL
 * policy asks for nothing (usage 0: the kernel then refuses).
 */
int ncr_policy_fill(const struct ncr_key_policy *pol, __u32 *flags,
		    __u32 *usage, __u64 *algs, __u64 *label,
		    __u32 *label_size);
#define NCR_ARG_POLICY(s, pol)						\
	ncr_policy_fill((pol), &(s).flags, &(s).usage, &(s).algs,	\
			&(s).label, &(s).label_size)

/* oneshot.c: a zeroed NCRIO_SESSION_ONCE structure with the fields every
 * one-shot call sets (pk.c adds the public-key ones). */
void ncr_once_prepare(struct ncr_session_once *o, uint32_t alg,
		      uint32_t op, uint32_t key, const void *in,
		      size_t in_len);

/* Constant-time helpers (ncr_pad.c), exposed for the unit test.  Each
 * returns an all-ones mask when the condition holds, else 0. */
uint32_t ncr_ct_mask_is_zero(uint32_t x);
uint32_t ncr_ct_mask_lt(uint32_t a, uint32_t b);

#endif /* NCR_INTERNAL_H */
