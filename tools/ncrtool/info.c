// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tools/ncrtool/info.c - part of build/bin/ncrtool (see main.c): 'info':
 * the module and ABI versions, the self-tests, the master key's state,
 * every limit with the module parameter (or constant) that sets it, the
 * live counters, this user's use of the per-user limits, and the kernel
 * implementation serving each algorithm; as text, or with --json as one
 * JSON object for scripts.
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

/* What each source means, for the text output. */
static const char *master_source_text(uint32_t src)
{
	switch (src) {
	case NCR_MASTER_KEY_SRC_BYTES:
		return "key bytes from user space (master-key set --file/--hex)";
	case NCR_MASTER_KEY_SRC_TRUSTED:
		return "kernel trusted key (TPM-sealed)";
	case NCR_MASTER_KEY_SRC_ENCRYPTED:
		return "kernel encrypted key";
	case NCR_MASTER_KEY_SRC_USER:
		return "kernel user key";
	case NCR_MASTER_KEY_SRC_LOGON:
		return "kernel logon key";
	default:
		return "unknown source";
	}
}

static void hex16(char *out, const uint8_t *id)
{
	int i;

	for (i = 0; i < 16; i++)
		sprintf(out + 2 * i, "%02x", id[i]);
}

/*
 * The limits: the name is the module parameter (writable ones under
 * /sys/module/ncr/parameters) or the ncr.h constant; use is this uid's
 * current use for the per-user ones (-1: none).
 */
struct limit {
	const char *name;
	const char *what;
	unsigned long long value;
	long long use;		/* -1: not a per-user limit */
	int param;		/* 1: a module parameter */
	int octal;
};

static size_t limits_of(const struct ncr_info *in, int v1, int v2,
			struct limit *l)
{
	size_t n = 0;

#define LIM(nm, wh, val, us, par) \
	l[n++] = (struct limit){ nm, wh, (unsigned long long)(val), (us), par, 0 }
	if (v1) {
		LIM("max_keys_per_user", "key objects per user",
		    in->max_keys_per_user, in->user_keys, 1);
		LIM("max_sessions_per_user", "sessions per user",
		    in->max_sessions_per_user, in->user_sessions, 1);
		LIM("max_namespaces_per_user", "open namespaces per user",
		    in->max_namespaces_per_user, in->user_namespaces, 1);
		LIM("max_buffered_bytes", "bytes buffered per user",
		    in->max_buffered_bytes, (long long)in->user_buffered, 1);
		LIM("max_user_memory", "kernel memory bytes per user",
		    in->max_user_memory, (long long)in->user_memory, 1);
		LIM("max_objects_per_ns", "keys + sessions per namespace",
		    in->max_objects_per_ns, -1, 1);
	}
	if (v2) {
		LIM("max_inflight_per_ns",
		    "async requests in flight per namespace",
		    in->max_inflight_per_ns, -1, 1);
		LIM("zerocopy_min", "bytes from which requests run zero-copy",
		    in->zerocopy_min, -1, 1);
		LIM("dev_mode", "mode of the device node", in->dev_mode, -1, 1);
		l[n - 1].octal = 1;
		LIM("NCR_BATCH_MAX_OPS", "operations per NCRIO_BATCH",
		    in->batch_max_ops, -1, 0);
		LIM("NCR_BATCH_MAX_BYTES", "bytes per NCRIO_BATCH",
		    in->batch_max_bytes, -1, 0);
	}
	LIM("NCR_COPY_BOUND", "bytes per kernel bounce-buffer chunk",
	    in->copy_bound, -1, 0);
	LIM("NCR_MAX_HMAC_KEY_BYTES", "longest HMAC key (bytes)",
	    in->max_hmac_key_bytes, -1, 0);
#undef LIM
	return n;
}

/* A JSON string (the kernel's names are ASCII; anything else escaped). */
static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void info_json(const struct ncr_info *in, int v1, int v2,
		      const struct ncr_alg_info *algs, uint32_t count)
{
	struct limit l[16];
	size_t nl = limits_of(in, v1, v2, l), i;
	char id[33], lbl[32];

	printf("{\n  \"abi_version\": %u,\n  \"ncrtool_abi_version\": %d,\n",
	       in->version, NCR_ABI_VERSION);
	if (v2) {
		printf("  \"module_version\": ");
		json_str(in->module_version);
		printf(",\n  \"selftest\": {\"passed\": %s, \"count\": %u},\n",
		       in->selftest == NCR_SELFTEST_PASSED ? "true" : "false",
		       in->selftest_count);
		printf("  \"master_key\": {\"set\": %s, \"source\": \"%s\"",
		       in->master_key_source ? "true" : "false",
		       master_source_name(in->master_key_source));
		hex16(id, in->master_key_id);
		printf(", \"id\": %s%s%s", in->master_key_source ? "\"" : "",
		       in->master_key_source ? id : "null",
		       in->master_key_source ? "\"" : "");
		hex16(id, in->master_key_previous_id);
		printf(", \"previous\": %s",
		       in->master_key_flags & NCR_INFO_MASTER_PREVIOUS ?
		       "true" : "false");
		if (in->master_key_flags & NCR_INFO_MASTER_PREVIOUS)
			printf(", \"previous_id\": \"%s\"", id);
		else
			printf(", \"previous_id\": null");
		printf("},\n");
	}
	printf("  \"limits\": {");
	for (i = 0; i < nl; i++)
		printf("%s\n    \"%s\": {\"value\": %llu, \"module_parameter\": "
		       "%s, \"description\": \"%s\"}", i ? "," : "", l[i].name,
		       l[i].value, l[i].param ? "true" : "false", l[i].what);
	printf("\n  },\n  \"live\": {\"namespaces\": %u, \"keys\": %llu, "
	       "\"sessions\": %llu", in->live_namespaces,
	       (unsigned long long)in->live_keys,
	       (unsigned long long)in->live_sessions);
	if (v2)
		printf(", \"inflight\": %llu",
		       (unsigned long long)in->inflight);
	printf("},\n");
	if (v1) {
		printf("  \"user\": {\"uid\": %u", (unsigned int)getuid());
		for (i = 0; i < nl; i++)
			if (l[i].use >= 0)
				printf(", \"%s\": {\"use\": %lld, \"limit\": "
				       "%llu}", l[i].name, l[i].use,
				       l[i].value);
		printf("},\n");
	}
	printf("  \"algorithms\": [");
	for (i = 0; i < count; i++) {
		const struct ncr_alg_info *a = &algs[i];
		int avail = !!(a->flags & NCR_ALG_INFO_FLAG_AVAILABLE);

		printf("%s\n    {\"name\": ", i ? "," : "");
		json_str(alg_label(a->algorithm, lbl, sizeof(lbl)));
		printf(", \"kernel_name\": ");
		json_str(a->name);
		printf(", \"available\": %s, \"driver\": ",
		       avail ? "true" : "false");
		json_str(avail ? a->driver : "");
		printf(", \"hardware\": %s, \"async\": %s, \"hw_driver\": ",
		       avail && (a->flags & NCR_ALG_INFO_FLAG_HARDWARE) ?
		       "true" : "false",
		       avail && (a->flags & NCR_ALG_INFO_FLAG_ASYNC) ?
		       "true" : "false");
		json_str(a->flags & NCR_ALG_INFO_FLAG_HW_AVAILABLE ?
			 a->hw_driver : "");
		putchar('}');
	}
	printf("\n  ]\n}\n");
}

static void info_text(const struct ncr_info *in, int v1, int v2)
{
	struct limit l[16];
	size_t nl = limits_of(in, v1, v2, l), i;
	char id[33];

	if (v2)
		printf("module version:   %s\n", in->module_version);
	printf("ABI version:      %u%s\n", in->version,
	       in->version == NCR_ABI_VERSION ? "" :
	       " (ncrtool was built for another version)");
	if (v2) {
		printf("self-test:        %s (%u known-answer tests at load)\n",
		       in->selftest == NCR_SELFTEST_PASSED ? "passed" :
		       "NOT passed", in->selftest_count);
		if (!in->master_key_source) {
			printf("master key:       not set (key files cannot be "
			       "written or read: 'ncrtool master-key set')\n");
		} else {
			hex16(id, in->master_key_id);
			printf("master key:       set, %s: %s\n",
			       master_source_name(in->master_key_source),
			       master_source_text(in->master_key_source));
			printf("  id:             %s\n", id);
		}
		if (in->master_key_flags & NCR_INFO_MASTER_PREVIOUS) {
			hex16(id, in->master_key_previous_id);
			printf("  previous key:   held, id %s (opens old key "
			       "files; 'master-key forget-previous')\n", id);
		} else if (in->master_key_source) {
			printf("  previous key:   none\n");
		}
	}
	printf("live (all users): %u namespaces, %llu keys, %llu sessions",
	       in->live_namespaces, (unsigned long long)in->live_keys,
	       (unsigned long long)in->live_sessions);
	if (v2)
		printf(", %llu async requests in flight",
		       (unsigned long long)in->inflight);
	putchar('\n');
	if (v1) {
		static const char *const label[] = {
			"keys:", "sessions:", "namespaces:", "buffered bytes:",
			"memory bytes:",
		};
		size_t k = 0;

		/* NCRIO_INFO version 1: what this uid holds now (this
		 * command's own namespace included) */
		printf("per-user limits (uid %u: in use / limit, module "
		       "parameter):\n", (unsigned int)getuid());
		for (i = 0; i < nl && k < ARRAY_SIZE(label); i++)
			if (l[i].use >= 0)
				printf("  %-15s %lld / %llu (%s)\n", label[k++],
				       l[i].use, l[i].value, l[i].name);
	}
	printf("other limits (module parameters in /sys/module/ncr/"
	       "parameters, constants of ncr.h):\n");
	for (i = 0; i < nl; i++) {
		char val[32];

		if (l[i].use >= 0)
			continue;
		if (l[i].octal)
			snprintf(val, sizeof(val), "%04llo", l[i].value);
		else
			snprintf(val, sizeof(val), "%llu", l[i].value);
		printf("  %-22s %-10s %s\n", l[i].name, val, l[i].what);
	}
}

int cmd_info(struct opts *o)
{
	struct ncr_info info;
	struct ncr_alg_info *algs = NULL;
	uint32_t cap = 32, count, i;
	int ctx = open_device(), ret, w_name = 9, w_kname = 11, w_drv = 6;
	int v1, v2;
	char lbl[32];

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
	/* NCRIO_INFO version 1 came with ABI 3, version 2 with ABI 5 */
	v1 = info.version >= 3;
	v2 = info.version >= 5;
	info.module_version[sizeof(info.module_version) - 1] = 0;
	for (i = 0; i < count; i++) {
		struct ncr_alg_info *a = &algs[i];

		a->name[sizeof(a->name) - 1] = 0;
		a->driver[sizeof(a->driver) - 1] = 0;
		a->hw_driver[sizeof(a->hw_driver) - 1] = 0;
	}
	if (o->json) {
		info_json(&info, v1, v2, algs, count);
		free(algs);
		ncr_close(ctx);
		flush_stdout();
		return 0;
	}

	info_text(&info, v1, v2);
	printf("algorithms:       %u\n\n", count);
	for (i = 0; i < count; i++) {
		struct ncr_alg_info *a = &algs[i];
		int l;

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
