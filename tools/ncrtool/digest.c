// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tools/ncrtool/digest.c - part of build/bin/ncrtool (see main.c):
 * digests and MACs: digest, mac and verify-mac.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <string.h>

#include "ncrtool.h"

static uint32_t hash_alg(const char *name, int want_mac)
{
	struct ncr_alg_props p;
	int alg;

	need(name, "--alg");
	alg = ncr_alg_from_name(name);
	if (alg < 0 || ncr_alg_props((uint32_t)alg, &p) ||
	    (want_mac ? !p.is_mac : !p.is_digest))
		die_usage("--alg: '%s' is not a %s", name, want_mac ?
			  "MAC (hmac-sha1, hmac-sha224, hmac-sha256, "
			  "hmac-sha384, hmac-sha512, hmac-sha3-256, "
			  "hmac-sha3-512, cmac-aes)" :
			  "digest (md5, sha1, sha224, sha256, sha384, sha512, "
			  "sha3-256, sha3-512)");
	return (uint32_t)alg;
}

/*
 * The MAC length of --mac-size N (or mac's older --length N): 0 for the
 * full length, else N, which must be at least 10 bytes for HMAC and 8 for
 * CMAC (shorter MACs are too easy to forge) and at most the full length.
 */
static size_t mac_size_opt(struct opts *o, uint32_t alg)
{
	struct ncr_alg_props p;
	unsigned long n;
	size_t min;

	if (o->have_mac_size && o->have_length)
		die_usage("--mac-size and --length are the same option: give "
			  "one");
	if (!o->have_mac_size && !o->have_length)
		return 0;
	n = o->have_mac_size ? o->mac_size : o->length;
	ncr_alg_props(alg, &p);
	min = alg == NCR_ALG_CMAC_AES ? 8 : 10;
	if (n < min || n > p.tag_size)
		die_usage("--mac-size: a %s MAC is %zu to %u bytes, not %lu",
			  ncr_alg_name(alg), min, p.tag_size, n);
	return n == p.tag_size ? 0 : n;
}

/* A digest or MAC session of alg over the whole file path, up to final. */
static uint32_t session_over_file(int ctx, uint32_t alg, uint32_t op,
				  uint32_t key, size_t tag_size,
				  const char *path)
{
	uint32_t ses;
	int ret;

	ret = ncr_session_init(ctx, alg, op, key, NULL, 0, tag_size, 0, &ses);
	if (ret)
		die_ncr(ret, NULL);
	feed_file(ctx, ses, path, 0);
	return ses;
}

int cmd_digest(struct opts *o)
{
	uint32_t alg = hash_alg(o->alg, 0);
	const char *files[1 + 64];
	int nfiles = 0, i, ctx, ret, stdin_used = 0;

	if (o->in)
		files[nfiles++] = o->in;
	for (i = 0; i < o->nargs; i++)
		files[nfiles++] = o->args[i];
	if (!nfiles)
		files[nfiles++] = "-";
	for (i = 0; i < nfiles; i++)
		if (is_stdio(files[i]) && stdin_used++)
			die_usage("standard input named twice");

	ctx = open_device();
	for (i = 0; i < nfiles; i++) {
		uint8_t md[NCR_MAX_TAG];
		size_t md_len = sizeof(md);
		uint32_t ses;

		ses = session_over_file(ctx, alg, NCR_OP_SIGN, 0, 0, files[i]);
		ret = ncr_session_final(ctx, ses, NULL, 0, NULL, NULL, md,
					&md_len);
		if (ret)
			die_ncr(ret, NULL);
		print_hex(stdout, md, md_len);
		printf("  %s\n", files[i]);
	}
	ncr_close(ctx);
	flush_stdout();
	return 0;
}

int cmd_mac(struct opts *o)
{
	uint32_t alg = hash_alg(o->alg, 1), key, ses;
	uint8_t mac[NCR_MAX_TAG];
	size_t mac_len = sizeof(mac), mac_size;
	int ctx, ret;

	need(o->key, "--key");
	mac_size = mac_size_opt(o, alg);
	key = open_keyfile(o->key, 0, 0, NULL, &ctx);
	check_key(ctx, key, o->key, alg, NCR_KEY_USAGE_SIGN, 0, o->alg);
	/* tag_size at init: the length of the (truncated) MAC */
	ses = session_over_file(ctx, alg, NCR_OP_SIGN, key, mac_size, o->in);
	ret = ncr_session_final(ctx, ses, NULL, 0, NULL, NULL, mac, &mac_len);
	if (ret)
		die_ncr(ret, NULL);
	if (mac_size && mac_len != mac_size)
		die(EXIT_NCR, "the kernel returned a %zu-byte MAC for "
		    "--mac-size %zu", mac_len, mac_size);
	print_hex(stdout, mac, mac_len);
	putchar('\n');
	ncr_close(ctx);
	flush_stdout();
	return 0;
}

/*
 * The length checked is the algorithm's full MAC length, or --mac-size:
 * chosen by the verifier, never by the MAC it is given.  A MAC of any
 * other length fails (the kernel is told the length before it sees the
 * MAC, and fails any other; ncrtool does not rely on that alone).
 */
int cmd_verify_mac(struct opts *o)
{
	uint32_t alg = hash_alg(o->alg, 1), key, ses;
	uint8_t mac[NCR_MAX_TAG];
	struct ncr_alg_props p;
	size_t mac_len, mac_size, want;
	int ctx, ret;

	need(o->key, "--key");
	need(o->mac, "--mac");
	mac_size = mac_size_opt(o, alg);
	ncr_alg_props(alg, &p);
	want = mac_size ? mac_size : p.tag_size;
	/* A MAC longer than any MAC is still just a wrong MAC. */
	if (strlen(o->mac) > 2 * NCR_MAX_TAG)
		die_verify("MAC verification failed (MAC too long)");
	mac_len = parse_hex(o->mac, mac, sizeof(mac), "--mac");
	key = open_keyfile(o->key, 0, 0, NULL, &ctx);
	check_key(ctx, key, o->key, alg, NCR_KEY_USAGE_VERIFY, 0, o->alg);
	ses = session_over_file(ctx, alg, NCR_OP_VERIFY, key, mac_size, o->in);
	ret = ncr_session_verify(ctx, ses, NULL, 0, mac, mac_len);
	if (ret < 0)
		die_ncr(ret, NULL);
	ncr_close(ctx);
	if (ret == NCR_VERIFY_OK && mac_len != want)
		die(EXIT_NCR, "the kernel accepted a %zu-byte MAC where %zu "
		    "bytes are checked: refusing it (a kernel bug)", mac_len,
		    want);
	if (mac_len != want)
		die_verify("MAC verification failed (a %zu-byte MAC; %s "
			   "checks %zu bytes%s)", mac_len, o->alg, want,
			   mac_size ? "" :
			   ", or --mac-size N for a truncated MAC");
	if (ret != NCR_VERIFY_OK)
		die_verify("MAC verification failed");
	return 0;
}
