// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * storage.c - the storage master key, and keys as storage blobs sealed
 * under it.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <string.h>

#include "libncr.h"
#include "ncr_internal.h"

NCR_EXPORT int ncr_master_key_set(int ctx, const void *key, size_t len)
{
	struct ncr_master_key m;
	int ret;

	NCR_ARG_INIT(m);
	m.key = PTR(key);
	ret = len32(len, &m.key_size);
	if (ret)
		return ret;
	return ncr_ioctl(ctx, NCRIO_MASTER_KEY_SET, &m);
}

NCR_EXPORT int ncr_master_key_set_keyring(int ctx, uint32_t type,
					  const char *description,
					  uint32_t serial, uint32_t flags)
{
	struct ncr_master_key m;
	size_t n;

	if (!description || (flags & ~NCR_MASTER_KEY_FLAG_ROTATE))
		return -EINVAL;
	n = strlen(description);
	if (!n || n > NCR_MASTER_KEY_DESC_MAX)
		return -EINVAL;
	NCR_ARG_INIT(m);
	m.flags = NCR_MASTER_KEY_FLAG_KEYRING | flags;
	m.key = PTR(description);
	m.key_size = (uint32_t)n;
	m.key_type = type;
	m.key_serial = serial;
	return ncr_ioctl(ctx, NCRIO_MASTER_KEY_SET, &m);
}

NCR_EXPORT int ncr_master_key_rotate(int ctx, const void *key, size_t len)
{
	struct ncr_master_key m;
	int ret;

	NCR_ARG_INIT(m);
	m.flags = NCR_MASTER_KEY_FLAG_ROTATE;
	m.key = PTR(key);
	ret = len32(len, &m.key_size);
	if (ret)
		return ret;
	return ncr_ioctl(ctx, NCRIO_MASTER_KEY_SET, &m);
}

NCR_EXPORT int ncr_master_key_forget_previous(int ctx)
{
	struct ncr_master_key m;

	NCR_ARG_INIT(m);
	m.flags = NCR_MASTER_KEY_FLAG_FORGET_PREVIOUS;
	return ncr_ioctl(ctx, NCRIO_MASTER_KEY_SET, &m);
}

NCR_EXPORT int ncr_key_storage_wrap(int ctx, uint32_t key, void *blob,
				    size_t *len)
{
	struct ncr_key_storage s;

	if (!len)
		return -EINVAL;
	NCR_ARG_INIT(s);
	s.key = key;
	s.blob = PTR(blob);
	return ncr_ioctl_buf32(ctx, NCRIO_KEY_STORAGE_WRAP, &s, &s.blob_size,
			       len);
}

NCR_EXPORT int ncr_key_storage_unwrap(int ctx, const void *blob, size_t len,
				      uint32_t *key)
{
	struct ncr_key_storage s;
	int ret;

	NCR_ARG_INIT(s);
	s.blob = PTR(blob);
	ret = len32(len, &s.blob_size);
	if (ret)
		return ret;
	return ncr_ioctl_handle(ctx, NCRIO_KEY_STORAGE_UNWRAP, &s, &s.key,
				key);
}
