// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tools/ncrtool/master.c - part of build/bin/ncrtool (see main.c):
 * 'master-key set': the storage master key that seals every key file.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <string.h>

#include "ncrtool.h"

#define MASTER_KEY_LEN 32

int cmd_master_key_set(struct opts *o)
{
	uint8_t key[MASTER_KEY_LEN + 1];
	int sources = !!o->file + !!o->hex + o->nargs, ctx, ret;
	size_t len;

	if (sources != 1 || (o->nargs && strcmp(o->args[0], "-")))
		die_usage("give exactly one of --file FILE, --hex HEX or - "
			  "(standard input)");
	if (o->hex) {
		if (strlen(o->hex) != 2 * MASTER_KEY_LEN)
			die_usage("--hex: a master key is %d hex digits",
				  2 * MASTER_KEY_LEN);
		len = parse_hex(o->hex, key, MASTER_KEY_LEN, "--hex");
	} else {
		const char *path = o->file ? o->file : "-";

		len = slurp(path, key, sizeof(key) - 1, "a master key");
		if (len != MASTER_KEY_LEN) {
			explicit_bzero(key, sizeof(key));
			die_usage("%s: a master key is exactly %d bytes, "
				  "not %zu", in_name(path), MASTER_KEY_LEN,
				  len);
		}
	}
	ctx = open_device();
	ret = ncr_master_key_set(ctx, key, len);
	explicit_bzero(key, sizeof(key));
	if (ret == -EPERM)
		die(EXIT_NCR, "permission denied: setting the master key needs "
		    "CAP_SYS_ADMIN (run as root)");
	if (ret)
		die_ncr(ret, NULL);
	ncr_close(ctx);
	return 0;
}
