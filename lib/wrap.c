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
	int ret;

	if (!len)
		return -EINVAL;
	memset(&w, 0, sizeof(w));
	w.size = sizeof(w);
	w.algorithm = alg;
	w.wrapping_key = wrapping_key;
	w.key = key;
	w.data = PTR(out);
	w.data_size = cap32(*len);
	ret = ncr_ioctl(ctx, NCRIO_KEY_WRAP, &w);
	if (ret == 0 || ret == -ERANGE)
		*len = w.data_size;
	return ret;
}

NCR_EXPORT int ncr_key_unwrap_ex(int ctx, uint32_t alg,
				 uint32_t wrapping_key, const void *in,
				 size_t len, uint32_t type,
				 const struct ncr_key_policy *pol,
				 uint32_t *key)
{
	struct ncr_key_wrap w;
	int ret;

	pol = pol ?: &ncr_no_policy;
	memset(&w, 0, sizeof(w));
	w.size = sizeof(w);
	w.flags = pol->flags;
	w.algorithm = alg;
	w.wrapping_key = wrapping_key;
	w.type = type;
	w.usage = pol->usage;
	w.algs = pol->algs;
	w.data = PTR(in);
	ret = len32(len, &w.data_size);
	if (ret)
		return ret;
	ret = ncr_policy_label(pol, &w.label, &w.label_size);
	if (ret)
		return ret;
	ret = ncr_ioctl(ctx, NCRIO_KEY_UNWRAP, &w);
	if (ret)
		return ret;
	if (key)
		*key = w.key;
	return 0;
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
