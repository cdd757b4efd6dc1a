// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tools/ncrtool/wrap.c - part of build/bin/ncrtool (see main.c): key
 * transport: key wrap and key unwrap (AES Key Wrap, RFC 3394 and RFC
 * 5649).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ncrtool.h"

static const char *walg_name(uint32_t walg)
{
	switch (walg) {
	case NCR_WALG_AES_RFC3394: return "aes-kw";
	case NCR_WALG_AES_RFC5649: return "aes-kwp";
	default: return "rsa-oaep-wrap";
	}
}

static uint32_t wrap_alg_opt(const char *name)
{
	if (!name || !strcmp(name, "rfc5649"))
		return NCR_WALG_AES_RFC5649;
	if (!strcmp(name, "rfc3394"))
		return NCR_WALG_AES_RFC3394;
	die_usage("--alg: unknown key wrap algorithm '%s' (use rfc3394 or "
		  "rfc5649)", name);
}

/* The wrapping key must be an AES-128/192/256 key with the usage bit and
 * the algorithm: say which rule it breaks rather than EPERM/EINVAL. */
static void check_wrapping_key(int ctx, uint32_t key, const char *file,
			       uint32_t usage, uint32_t walg,
			       struct ncr_key_info *info)
{
	key_info(ctx, key, file, info);
	if (info->type != NCR_KEY_TYPE_AES ||
	    (info->bits != 128 && info->bits != 192 && info->bits != 256))
		die_usage("%s: a wrapping key is an AES key of 128, 192 or 256 "
			  "bits", file);
	check_policy(info, file, usage, 0, ncr_walg_keybit(walg),
		     walg_name(walg));
}

int cmd_key_wrap(struct opts *o)
{
	uint32_t alg = wrap_alg_opt(o->alg), wk, key;
	uint8_t wrapped[NCR_WRAPPED_KEY_MAX];
	size_t len = sizeof(wrapped);
	struct keyfile *kf = xmalloc(2 * sizeof(*kf));
	struct ncr_key_info winfo, kinfo;
	int ctx, ret;

	need(o->key, "--key");
	need(o->target, "--target");
	need(o->out, "--out");
	read_keyfile(&kf[0], o->key);
	read_keyfile(&kf[1], o->target);
	ctx = open_device();
	wk = load_key(ctx, &kf[0], 0, 0);
	key = load_key(ctx, &kf[1], 0, 0);
	free(kf);
	check_wrapping_key(ctx, wk, o->key, NCR_KEY_USAGE_WRAP, alg, &winfo);
	ret = ncr_key_wrap(ctx, alg, wk, key, wrapped, &len);
	if (ret == -EPERM && !ncr_key_get_info(ctx, key, &kinfo)) {
		if (!(kinfo.flags & NCR_KEY_FLAG_WRAPPABLE))
			die(EXIT_NCR, "%s: the key is not wrappable (it was "
			    "made without --wrappable)", o->target);
		if (!(kinfo.flags & NCR_KEY_FLAG_EXPORTABLE) &&
		    !(winfo.flags & NCR_KEY_FLAG_TRUSTED))
			die(EXIT_NCR, "%s: a key that is not exportable can be "
			    "wrapped only under a trusted wrapping key, and %s "
			    "is not trusted (see 'key trust')", o->target,
			    o->key);
	}
	if (ret == -EINVAL && alg == NCR_WALG_AES_RFC3394)
		die_usage("%s: rfc3394 wraps keys of a multiple of 8 bytes, "
			  "at least 16 (rfc5649 wraps any)", o->target);
	if (ret)
		die_ncr(ret, NULL);
	/* a wrapped key is written as secret material (0600 if new) */
	write_file_mode(o->out, wrapped, len, 1);
	ncr_close(ctx);
	return 0;
}

int cmd_key_unwrap(struct opts *o)
{
	uint32_t alg = wrap_alg_opt(o->alg), type = key_type_opt(o->type);
	uint8_t wrapped[NCR_WRAPPED_KEY_MAX];
	struct ncr_key_info winfo;
	struct keypol kp;
	uint32_t wk, key;
	struct keyfile kf;
	size_t len;
	int ctx, ret;

	need(o->key, "--key");
	need(o->in, "--in");
	need(o->out, "--out");
	if (pk_type(type))
		die_usage("--type %s: only secret keys (aes, des3, chacha20, "
			  "hmac) are unwrapped", o->type);
	read_keyfile(&kf, o->key);
	len = slurp(o->in, wrapped, sizeof(wrapped), "a wrapped key");
	/* The length of the unwrapped key: at most 8 less, for the family
	 * check of XTS-length AES keys. */
	key_policy_opts(o, type, len > 8 ? (uint32_t)(len - 8) * 8 : 0, 0,
			secret_default_usage(type), NCR_KEY_FLAG_STORABLE, &kp);
	ctx = open_device();
	wk = load_key(ctx, &kf, 0, 0);
	check_wrapping_key(ctx, wk, o->key, NCR_KEY_USAGE_UNWRAP, alg, &winfo);
	ret = ncr_key_unwrap_ex(ctx, alg, wk, wrapped, len, type, &kp.p, &key);
	if (ret == -EBADMSG)
		die_verify("%s: does not unwrap under %s (corrupt, or wrapped "
			   "under another key or with another --alg)",
			   in_name(o->in), o->key);
	if (ret == -EPERM &&
	    (kp.p.flags & (NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_HASHABLE)) &&
	    !(winfo.flags & NCR_KEY_FLAG_EXPORTABLE))
		die(EXIT_NCR, "%s: the unwrapped key may be %s only if the "
		    "wrapping key is exportable, and %s is not (else any "
		    "data presented as a wrapped key could be decrypted "
		    "with it)", in_name(o->in),
		    kp.p.flags & NCR_KEY_FLAG_EXPORTABLE ? "exportable" :
		    "hashable", o->key);
	if (ret == -EINVAL && !kp.algs_given &&
	    !(kp.p.flags & NCR_KEY_FLAG_TRUSTED))
		die(EXIT_NCR, "%s: not a wrapped %s key (%s)", in_name(o->in),
		    ncr_key_type_name(type), ncr_strerror(ret));
	if (ret)
		die_create(ret, &kp, type, in_name(o->in));
	write_blob(ctx, key, o->out);
	ncr_close(ctx);
	return 0;
}
