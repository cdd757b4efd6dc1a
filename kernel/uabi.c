// SPDX-License-Identifier: GPL-2.0
/*
 * uabi.c - copying size-versioned argument structures (the openat2 rules
 * documented at the top of ncr.h).
 */
#include <linux/uaccess.h>
#include "ncr-int.h"

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
