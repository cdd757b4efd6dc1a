// SPDX-License-Identifier: GPL-2.0
/*
 * uabi.c - copying size-versioned argument structures (the openat2 rules
 * documented at the top of ncr.h).
 */
#include <linux/uaccess.h>
#include "ncr-int.h"

/*
 * copy_from_user for len a multiple of 8, in 8-byte loads: argument
 * structures and batch arrays are a few hundred bytes, where a word loop
 * costs less than a string copy on some CPUs (and far less under
 * emulators, which run rep movsb a byte at a time).
 */
int ncr_copy_words_from_user(void *k, const void __user *u, size_t len)
{
	u64 *d = k;
	const u64 __user *s = u;
	size_t i;

	if (WARN_ON_ONCE(len % 8))
		return -EINVAL;
	if (!user_read_access_begin(u, len))
		return -EFAULT;
	for (i = 0; i < len / 8; i++)
		unsafe_get_user(d[i], &s[i], efault);
	user_read_access_end();
	return 0;
efault:
	user_read_access_end();
	return -EFAULT;
}

int ncr_copy_in(void *k, size_t ksize, size_t ver0, void __user *u,
		u32 *usize)
{
	u32 size;
	int err;

	if (get_user(size, (u32 __user *)u))
		return -EFAULT;
	if (size < ver0)
		return -EINVAL;
	if (size > PAGE_SIZE)
		return -E2BIG;
	*usize = size;
	if (size == ksize && !(ksize % 8))
		return ncr_copy_words_from_user(k, u, ksize);
	err = copy_struct_from_user(k, ksize, u, size);
	if (err)
		return err;
	*usize = size;
	return 0;
}

int ncr_copy_out(void __user *u, const void *k, size_t ksize, u32 usize)
{
	if (copy_to_user(u, k, min_t(size_t, ksize, usize)))
		return -EFAULT;
	return 0;
}
