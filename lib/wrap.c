// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * wrap.c - key wrapping: a key wrapped under another key, and unwrapped
 * into a new key with a policy.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <string.h>

#include "libncr.h"
#include "ncr_internal.h"

NCR_EXPORT int ncr_key_wrap(int ctx, uint32_t alg, uint32_t wrapping_key,
			    uint32_t key, void *out, size_t *len)
{
	struct ncr_key_wrap w;

	if (!len)
		return -EINVAL;
	NCR_ARG_INIT(w);
	w.algorithm = alg;
	w.wrapping_key = wrapping_key;
	w.key = key;
	w.data = PTR(out);
	return ncr_ioctl_buf32(ctx, NCRIO_KEY_WRAP, &w, &w.data_size, len);
}

NCR_EXPORT int ncr_key_unwrap_ex(int ctx, uint32_t alg,
				 uint32_t wrapping_key, const void *in,
				 size_t len, uint32_t type,
				 const struct ncr_key_policy *pol,
				 uint32_t *key)
{
	struct ncr_key_wrap w;
	int ret;

	NCR_ARG_INIT(w);
	ret = NCR_ARG_POLICY(w, pol);
	if (ret)
		return ret;
	w.algorithm = alg;
	w.wrapping_key = wrapping_key;
	w.type = type;
	w.data = PTR(in);
	ret = len32(len, &w.data_size);
	if (ret)
		return ret;
	return ncr_ioctl_handle(ctx, NCRIO_KEY_UNWRAP, &w, &w.key, key);
}

NCR_EXPORT int ncr_key_unwrap(int ctx, uint32_t alg, uint32_t wrapping_key,
			      const void *in, size_t len, uint32_t type,
			      uint32_t flags, uint32_t usage,
			      const void *label, size_t label_len,
			      uint32_t *key)
{
	struct ncr_key_policy pol = {
		.flags = flags, .usage = usage,
		.label = label, .label_len = label_len,
	};

	return ncr_key_unwrap_ex(ctx, alg, wrapping_key, in, len, type, &pol,
				 key);
}
