// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * key.c - keys: generate, import and export (raw and in a format),
 * restrict, trust, query and free.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <string.h>

#include "libncr.h"
#include "ncr_internal.h"

NCR_EXPORT int ncr_key_generate(int ctx, uint32_t type, uint32_t bits,
				uint32_t flags, uint32_t usage, uint32_t *key)
{
	struct ncr_key_generate g;

	NCR_ARG_INIT(g);
	g.flags = flags;
	g.usage = usage;
	g.type = type;
	g.bits = bits;
	return ncr_ioctl_handle(ctx, NCRIO_KEY_GENERATE, &g, &g.key, key);
}

/* The secret-key forms: raw bytes, format 0. */
NCR_EXPORT int ncr_key_import(int ctx, uint32_t type, const void *data,
			      size_t len, const void *label,
			      size_t label_len, uint32_t flags,
			      uint32_t usage, uint32_t *key)
{
	return ncr_key_import_fmt(ctx, type, NCR_KEY_FORMAT_DEFAULT, 0, data,
				  len, label, label_len, flags, usage, key);
}

NCR_EXPORT int ncr_key_generate_ex(int ctx, uint32_t type, uint32_t bits,
				   const struct ncr_key_policy *pol,
				   uint32_t *key)
{
	struct ncr_key_generate g;
	int ret;

	NCR_ARG_INIT(g);
	ret = NCR_ARG_POLICY(g, pol);
	if (ret)
		return ret;
	g.type = type;
	g.bits = bits;
	return ncr_ioctl_handle(ctx, NCRIO_KEY_GENERATE, &g, &g.key, key);
}

NCR_EXPORT int ncr_key_import_ex(int ctx, uint32_t type, uint32_t format,
				 uint32_t bits, const void *data, size_t len,
				 const struct ncr_key_policy *pol,
				 uint32_t *key)
{
	struct ncr_key_import k;
	int ret;

	NCR_ARG_INIT(k);
	ret = NCR_ARG_POLICY(k, pol);
	if (ret)
		return ret;
	k.type = type;
	k.format = format;
	k.bits = bits;
	k.data = PTR(data);
	ret = len32(len, &k.data_size);
	if (ret)
		return ret;
	return ncr_ioctl_handle(ctx, NCRIO_KEY_IMPORT, &k, &k.key, key);
}

NCR_EXPORT int ncr_key_restrict(int ctx, uint32_t key, uint32_t clear_flags,
				uint32_t clear_usage, uint64_t clear_algs)
{
	struct ncr_key_restrict r;

	NCR_ARG_INIT(r);
	r.key = key;
	r.clear_flags = clear_flags;
	r.clear_usage = clear_usage;
	r.clear_algs = clear_algs;
	return ncr_ioctl(ctx, NCRIO_KEY_RESTRICT, &r);
}

NCR_EXPORT int ncr_key_trust(int ctx, uint32_t key)
{
	struct ncr_key_trust t;

	NCR_ARG_INIT(t);
	t.key = key;
	return ncr_ioctl(ctx, NCRIO_KEY_TRUST, &t);
}

NCR_EXPORT int ncr_key_export(int ctx, uint32_t key, void *buf, size_t *len)
{
	return ncr_key_export_fmt(ctx, key, NCR_KEY_FORMAT_DEFAULT, buf, len);
}

NCR_EXPORT int ncr_key_get_info(int ctx, uint32_t key,
				struct ncr_key_info *info)
{
	if (!info)
		return -EINVAL;
	NCR_ARG_INIT(*info);
	info->key = key;
	return ncr_ioctl(ctx, NCRIO_KEY_GET_INFO, info);
}

NCR_EXPORT int ncr_key_deinit(int ctx, uint32_t key)
{
	struct ncr_key_deinit d = { .size = sizeof(d), .key = key };

	return ncr_ioctl(ctx, NCRIO_KEY_DEINIT, &d);
}

NCR_EXPORT int ncr_key_import_fmt(int ctx, uint32_t type, uint32_t format,
				  uint32_t bits, const void *data, size_t len,
				  const void *label, size_t label_len,
				  uint32_t flags, uint32_t usage,
				  uint32_t *key)
{
	struct ncr_key_policy pol = {
		.flags = flags, .usage = usage,
		.label = label, .label_len = label_len,
	};

	return ncr_key_import_ex(ctx, type, format, bits, data, len, &pol,
				 key);
}

NCR_EXPORT int ncr_key_export_fmt(int ctx, uint32_t key, uint32_t format,
				  void *buf, size_t *len)
{
	struct ncr_key_export e;

	if (!len)
		return -EINVAL;
	NCR_ARG_INIT(e);
	e.key = key;
	e.format = format;
	e.data = PTR(buf);
	return ncr_ioctl_buf32(ctx, NCRIO_KEY_EXPORT, &e, &e.data_size, len);
}
