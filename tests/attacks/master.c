// SPDX-License-Identifier: GPL-2.0
/*
 * tests/attacks/master.c - part of build/tests/attacks (see main.c): the
 * master key as uid 65534 (MK.*).  Without CAP_SYS_ADMIN every form of
 * NCRIO_MASTER_KEY_SET is refused: set, ROTATE, FORGET_PREVIOUS, and a
 * KEYRING reference to a key the attacker planted in its own keyrings (a
 * key root's boot service would otherwise never see: see abi
 * --master-fresh for root's side, where such a key is not found).
 * NCRIO_INFO tells the attacker the master key's source and ID (the ID
 * root recorded in the setup folder) and nothing else: a page-sized
 * structure comes back zero past the kernel's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/keyctl.h>

#include "attacks.h"

static int mk_call(uint32_t flags, const void *key, uint32_t key_size,
		   uint32_t type)
{
	struct ncr_master_key mk = {
		.size = sizeof(mk), .flags = flags, .key = PTR64(key),
		.key_size = key_size, .key_type = type,
	};

	return xioctl(A.fd, NCRIO_MASTER_KEY_SET, &mk);
}

static int info_v2(struct ncr_info *in)
{
	memset(in, 0, sizeof(*in));
	in->size = sizeof(*in);
	return xioctl(A.fd, NCRIO_INFO, in);
}

/* root (setup): the master key's source and ID, for the attacker to
 * compare with what it is told */
void t_master_root(void)
{
	struct ncr_info in;
	char line[64];
	int r;

	r = info_v2(&in);
	if (!r) {
		snprintf(line, sizeof(line), "%u %s\n", in.master_key_source,
			 a_hex(in.master_key_id, 16));
		r = a_dir_write("master-id", line, strlen(line));
	}
	tap_err(r, 0, "S.master-id - root records the master key's source "
		"and ID");
}

void t_master(void)
{
	static const char desc[] = "ncr-attack-master";
	uint8_t key[32], page[4096] __attribute__((aligned(8)));
	struct ncr_info a, b;
	uint8_t *rec = NULL;
	size_t rec_len = 0;
	long serial;
	int r, ok;

	memset(key, 0x5a, sizeof(key));
	info_v2(&a);
	tap_err(mk_call(0, key, 32, 0), -EPERM, "MK.set - uid 65534 sets "
		"the master key from its bytes");
	tap_err(mk_call(NCR_MASTER_KEY_FLAG_ROTATE, key, 32, 0), -EPERM,
		"MK.rotate - uid 65534 rotates the master key to its own");
	tap_err(mk_call(NCR_MASTER_KEY_FLAG_FORGET_PREVIOUS, NULL, 0, 0),
		-EPERM, "MK.forget - uid 65534 drops the previous master key");
	serial = syscall(SYS_add_key, "user", desc, key, sizeof(key),
			 KEY_SPEC_PROCESS_KEYRING);
	if (serial > 0) {
		tap_err(mk_call(NCR_MASTER_KEY_FLAG_KEYRING |
				NCR_MASTER_KEY_FLAG_ROTATE, desc,
				(uint32_t)strlen(desc),
				NCR_MASTER_KEY_SRC_USER), -EPERM,
			"MK.keyring - uid 65534 names its own 32-byte user key "
			"as the master key");
		syscall(SYS_keyctl, KEYCTL_REVOKE, serial, 0, 0, 0);
	} else {
		tap_ok(0, "MK.keyring - add_key as uid 65534: %s",
		       errname(-errno));
	}
	r = info_v2(&b);
	tap_ok(!r && a.master_key_source == b.master_key_source &&
	       a.master_key_flags == b.master_key_flags &&
	       !memcmp(a.master_key_id, b.master_key_id, 16) &&
	       !memcmp(a.master_key_previous_id, b.master_key_previous_id, 16),
	       "MK.state - the refused calls changed nothing (source %u, id "
	       "%s)", b.master_key_source, a_hex(b.master_key_id, 16));
	if (A.dir && !a_dir_read("master-id", &rec, &rec_len)) {
		char want[64];

		snprintf(want, sizeof(want), "%u %s\n", b.master_key_source,
			 a_hex(b.master_key_id, 16));
		tap_ok(rec_len == strlen(want) && !memcmp(rec, want, rec_len),
		       "MK.id - uid 65534 is told the master key's source and "
		       "ID root saw (%s)", a_hex(b.master_key_id, 16));
		free(rec);
	} else {
		tap_skip("no setup folder", "MK.id - the ID root saw");
	}
	/* a page: nothing past the kernel's structure */
	memset(page, 0, sizeof(page));
	((struct ncr_info *)page)->size = sizeof(page);
	r = xioctl(A.fd, NCRIO_INFO, page);
	ok = !r;
	for (size_t i = sizeof(struct ncr_info); i < sizeof(page); i++)
		ok &= page[i] == 0;
	ok &= !memcmp(page + offsetof(struct ncr_info, master_key_id),
		      b.master_key_id, 16);
	tap_ok(ok, "MK.info - NCRIO_INFO with a 4096-byte structure: the "
	       "same ID, zero past the kernel's %zu bytes (%s)",
	       sizeof(struct ncr_info), errname(r));
}
