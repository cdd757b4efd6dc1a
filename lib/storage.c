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

	memset(&m, 0, sizeof(m));
	m.size = sizeof(m);
	m.key = PTR(key);
	ret = len32(len, &m.key_size);
	if (ret)
		return ret;
	return ncr_ioctl(ctx, NCRIO_MASTER_KEY_SET, &m);
}

NCR_EXPORT int ncr_key_storage_wrap(int ctx, uint32_t key, void *blob,
				    size_t *len)
{
	struct ncr_key_storage s;
	int ret;

	if (!len)
		return -EINVAL;
	memset(&s, 0, sizeof(s));
	s.size = sizeof(s);
	s.key = key;
	s.blob = PTR(blob);
	s.blob_size = cap32(*len);
	ret = ncr_ioctl(ctx, NCRIO_KEY_STORAGE_WRAP, &s);
	if (ret == 0 || ret == -ERANGE)
		*len = s.blob_size;
	return ret;
}

NCR_EXPORT int ncr_key_storage_unwrap(int ctx, const void *blob, size_t len,
				      uint32_t *key)
{
	struct ncr_key_storage s;
	int ret;

	memset(&s, 0, sizeof(s));
	s.size = sizeof(s);
	s.blob = PTR(blob);
	ret = len32(len, &s.blob_size);
	if (ret)
		return ret;
	ret = ncr_ioctl(ctx, NCRIO_KEY_STORAGE_UNWRAP, &s);
	if (ret)
		return ret;
	if (key)
		*key = s.key;
	return 0;
}
