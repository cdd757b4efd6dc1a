// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tools/ncrtool/info.c - part of build/bin/ncrtool (see main.c): 'info':
 * the ABI version, limits, counters and the kernel implementation serving
 * each algorithm.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ncrtool.h"

static const char *alg_label(uint32_t alg, char *buf, size_t len)
{
	const char *n = ncr_alg_name(alg);

	if (n)
		return n;
	snprintf(buf, len, "alg#%u", alg);
	return buf;
}

int cmd_info(struct opts *o)
{
	struct ncr_info info;
	struct ncr_alg_info *algs = NULL;
	uint32_t cap = 32, count, i;
	int ctx = open_device(), ret, w_name = 9, w_kname = 11, w_drv = 6;
	char lbl[32];

	(void)o;
	for (;;) {
		free(algs);
		algs = xmalloc(cap * sizeof(*algs));
		memset(algs, 0, cap * sizeof(*algs));
		count = cap;
		ret = ncr_get_info(ctx, &info, algs, &count);
		if (ret)
			die_ncr(ret, NULL);
		if (count <= cap)
			break;
		cap = count;
	}

	printf("ABI version:      %u%s\n", info.version,
	       info.version == NCR_ABI_VERSION ? "" :
	       " (ncrtool was built for another version)");
	printf("copy bound:       %u bytes\n", info.copy_bound);
	printf("max HMAC key:     %u bytes\n", info.max_hmac_key_bytes);
	printf("live namespaces:  %u\n", info.live_namespaces);
	printf("live keys:        %llu\n", (unsigned long long)info.live_keys);
	printf("live sessions:    %llu\n",
	       (unsigned long long)info.live_sessions);
	if (info.version >= 3) {
		/* NCRIO_INFO version 1: the per-user limits and what this
		 * uid holds now (this command's own namespace included). */
		printf("per-user limits (uid %u: in use / limit):\n",
		       (unsigned int)getuid());
		printf("  keys:           %u / %u\n", info.user_keys,
		       info.max_keys_per_user);
		printf("  sessions:       %u / %u\n", info.user_sessions,
		       info.max_sessions_per_user);
		printf("  namespaces:     %u / %u\n", info.user_namespaces,
		       info.max_namespaces_per_user);
		printf("  buffered bytes: %llu / %llu\n",
		       (unsigned long long)info.user_buffered,
		       (unsigned long long)info.max_buffered_bytes);
		printf("  memory bytes:   %llu / %llu\n",
		       (unsigned long long)info.user_memory,
		       (unsigned long long)info.max_user_memory);
		printf("objects per namespace: %u at most\n",
		       info.max_objects_per_ns);
	}
	printf("algorithms:       %u\n\n", count);

	for (i = 0; i < count; i++) {
		struct ncr_alg_info *a = &algs[i];
		int l;

		a->name[sizeof(a->name) - 1] = 0;
		a->driver[sizeof(a->driver) - 1] = 0;
		a->hw_driver[sizeof(a->hw_driver) - 1] = 0;
		l = (int)strlen(alg_label(a->algorithm, lbl, sizeof(lbl)));
		w_name = l > w_name ? l : w_name;
		l = (int)strlen(a->name);
		w_kname = l > w_kname ? l : w_kname;
		l = (int)strlen(a->driver);
		w_drv = l > w_drv ? l : w_drv;
	}
	printf("%-*s  %-*s  %-*s  %-3s  %-5s  %s\n", w_name, "ALGORITHM",
	       w_kname, "KERNEL NAME", w_drv, "DRIVER", "HW", "ASYNC",
	       "HW DRIVER");
	for (i = 0; i < count; i++) {
		struct ncr_alg_info *a = &algs[i];
		int avail = a->flags & NCR_ALG_INFO_FLAG_AVAILABLE;

		printf("%-*s  %-*s  %-*s  %-3s  %-5s  %s\n", w_name,
		       alg_label(a->algorithm, lbl, sizeof(lbl)),
		       w_kname, a->name[0] ? a->name : "-",
		       w_drv, avail ? a->driver : "(unavailable)",
		       !avail ? "-" :
		       a->flags & NCR_ALG_INFO_FLAG_HARDWARE ? "yes" : "no",
		       !avail ? "-" :
		       a->flags & NCR_ALG_INFO_FLAG_ASYNC ? "yes" : "no",
		       a->flags & NCR_ALG_INFO_FLAG_HW_AVAILABLE &&
		       a->hw_driver[0] ? a->hw_driver : "-");
	}
	free(algs);
	ncr_close(ctx);
	flush_stdout();
	return 0;
}
