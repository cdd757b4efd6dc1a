// SPDX-License-Identifier: GPL-2.0
/*
 * tests/abi/master.c - part of build/tests/abi (see tests/abi/main.c):
 * NCRIO_MASTER_KEY_SET with a key of the wrong size.  (Its sizes, flags
 * and pointers are in the tables of tests/abi/table.c; the master key
 * itself is set by security, or by abi --master-key-hex.)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>

#include "abi.h"

/* As root: every key_size but 32 is EINVAL (or EEXIST once set). */
void test_master_key_sizes(void)
{
	static const uint32_t sizes[] = { 0, 16, 31, 33, 64 };
	struct live before;
	int r;

	if (!is_root)
		return;
	before = live_now();
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct ncr_master_key mk = {
			.size = sizeof(mk), .key = PTR64(buf_in),
			.key_size = sizes[i] };
		char name[64];

		snprintf(name, sizeof(name), "master key set with "
			 "key_size %u", sizes[i]);
		r = call(NCRIO_MASTER_KEY_SET, &mk);
		if (master_set)
			expect2(r, -EINVAL, -EEXIST, &before, name);
		else
			expect(r, -EINVAL, &before, "%s", name);
	}
}
