// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tools/ncrtool/key.c - part of build/bin/ncrtool (see main.c): the key
 * commands: key generate (secret keys and key pairs), import, export,
 * info, restrict and trust.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ncrtool.h"

static void print_list(uint32_t mask, const char *const *names, size_t n)
{
	const char *sep = "";
	size_t i;

	for (i = 0; i < n; i++) {
		if (mask & (1U << i)) {
			printf("%s%s", sep, names[i] ? names[i] : "?");
			sep = ",";
		}
	}
	if (!*sep)
		printf("none");
	if (mask >> n)
		printf("%sunknown(0x%x)", sep, mask >> n << n);
	putchar('\n');
}

uint32_t key_type_opt(const char *name)
{
	int t;

	need(name, "--type");
	t = ncr_key_type_from_name(name);
	if (t < 0)
		die_usage("--type: unknown key type '%s' (use aes, des3, "
			  "chacha20, hmac, rsa, dsa, dh, ec, x25519 or ed25519)",
			  name);
	return (uint32_t)t;
}

/* The usage of a new secret key when neither --usage nor --algs says:
 * one family, so that the kernel's default algorithm set applies. */
uint32_t secret_default_usage(uint32_t type)
{
	if (type == NCR_KEY_TYPE_HMAC)
		return NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY;
	return NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT;
}

static const struct {
	const char *name;
	uint32_t type, bits, q_bits;
} pk_gen_algs[] = {
	{ "rsa-2048", NCR_KEY_TYPE_RSA, 2048, 0 },
	{ "rsa-3072", NCR_KEY_TYPE_RSA, 3072, 0 },
	{ "rsa-4096", NCR_KEY_TYPE_RSA, 4096, 0 },
	{ "ec-p256", NCR_KEY_TYPE_EC, 256, 0 },
	{ "ec-p384", NCR_KEY_TYPE_EC, 384, 0 },
	{ "ed25519", NCR_KEY_TYPE_ED25519, 255, 0 },
	{ "x25519", NCR_KEY_TYPE_X25519, 255, 0 },
	{ "dsa-2048", NCR_KEY_TYPE_DSA, 2048, 256 },
	{ "dsa-2048-224", NCR_KEY_TYPE_DSA, 2048, 224 },
	{ "dsa-3072", NCR_KEY_TYPE_DSA, 3072, 256 },
	{ "dh-ffdhe2048", NCR_KEY_TYPE_DH, 2048, 0 },
	{ "dh-ffdhe3072", NCR_KEY_TYPE_DH, 3072, 0 },
	{ "dh-ffdhe4096", NCR_KEY_TYPE_DH, 4096, 0 },
};

/* Writes a public-key object's SPKI (DER, or PEM with pem). */
static void write_spki(int ctx, uint32_t key, const char *path, int pem)
{
	uint8_t der[NCR_MAX_PKEY_BYTES];
	size_t len = sizeof(der);
	int ret;

	ret = ncr_key_export_fmt(ctx, key, NCR_KEY_FORMAT_SPKI, der, &len);
	if (ret)
		die_ncr(ret, "public key export");
	write_der(path, pem ? "PUBLIC KEY" : NULL, der, len, 0);
}

/* key generate --alg: a key pair in the kernel. */
static int key_generate_pair(struct opts *o)
{
	uint32_t type = 0, bits = 0, q_bits = 0, priv, pub;
	struct ncr_key_policy pub_pol;
	struct keypol kp;
	size_t i;
	int ctx, ret;

	for (i = 0; i < ARRAY_SIZE(pk_gen_algs); i++)
		if (!strcmp(o->alg, pk_gen_algs[i].name))
			break;
	if (i == ARRAY_SIZE(pk_gen_algs))
		die_usage("--alg: unknown key pair algorithm '%s' (use rsa-2048, "
			  "rsa-3072, rsa-4096, ec-p256, ec-p384, ed25519, "
			  "x25519, dsa-2048, dsa-2048-224, dsa-3072, "
			  "dh-ffdhe2048, dh-ffdhe3072 or dh-ffdhe4096)", o->alg);
	type = pk_gen_algs[i].type;
	bits = pk_gen_algs[i].bits;
	q_bits = pk_gen_algs[i].q_bits;
	if (o->type || o->have_bits)
		die_usage("--type/--bits are for secret keys; --alg names the "
			  "key pair");
	if (o->pem && !o->pub_out)
		die_usage("--pem applies to --pub-out");
	need(o->out, "--out");
	/* The private key file is a storage blob: the key must be
	 * storable.  The public key is always exportable and storable,
	 * with the counterparts of the usage and the same algorithms. */
	key_policy_opts(o, type, 0, 0, pk_default_usage(type, 1),
			NCR_KEY_FLAG_STORABLE, &kp);
	memset(&pub_pol, 0, sizeof(pub_pol));
	pub_pol.algs = kp.p.algs;
	ctx = open_device();
	ret = ncr_key_generate_pair_ex(ctx, type,
				       type == NCR_KEY_TYPE_DH ||
				       type == NCR_KEY_TYPE_DSA ||
				       type == NCR_KEY_TYPE_RSA ||
				       type == NCR_KEY_TYPE_EC ? bits : 0,
				       q_bits, NULL, 0, &kp.p, &pub_pol,
				       &priv, &pub);
	if (ret == -EINVAL && o->usage && !kp.algs_given &&
	    !(kp.p.flags & NCR_KEY_FLAG_TRUSTED))
		die(EXIT_NCR, "%s: %s (is --usage right for a private key?)",
		    o->alg, ncr_strerror(ret));
	if (ret)
		die_create(ret, &kp, type, o->alg);
	write_blob(ctx, priv, o->out);
	if (o->pub_out)
		write_spki(ctx, pub, o->pub_out, o->pem);
	ncr_close(ctx);
	return 0;
}

int cmd_key_generate(struct opts *o)
{
	struct keypol kp;
	uint32_t type, key;
	int ctx, ret;

	if (o->alg)
		return key_generate_pair(o);
	if (o->pub_out || o->pem)
		die_usage("--pub-out/--pem apply to key pairs (--alg)");
	type = key_type_opt(o->type);
	if (pk_type(type))
		die_usage("--type %s: generate key pairs with --alg (e.g. "
			  "--alg rsa-3072, ec-p256)", o->type);
	if (!o->have_bits)
		die_usage("--bits is required");
	need(o->out, "--out");
	/* A key file is a storage blob: the key must be storable. */
	key_policy_opts(o, type, (uint32_t)o->bits, 0,
			secret_default_usage(type), NCR_KEY_FLAG_STORABLE, &kp);
	ctx = open_device();
	ret = ncr_key_generate_ex(ctx, type, (uint32_t)o->bits, &kp.p, &key);
	if (ret)
		die_create(ret, &kp, type, NULL);
	write_blob(ctx, key, o->out);
	ncr_close(ctx);
	return 0;
}

/* key import of a public-key key: PEM or DER, or raw with --format. */
static int key_import_pk(struct opts *o, uint32_t type)
{
	uint8_t *buf = xmalloc(PK_FILE_MAX);
	struct pk_input pi;
	struct keypol kp;
	uint32_t key;
	size_t len;
	int ctx;

	len = slurp(o->in, buf, PK_FILE_MAX, "a key");
	if (!len)
		die_usage("%s: empty key file", in_name(o->in));
	pk_identify(buf, len, in_name(o->in), o->format, type,
		    o->have_bits ? (uint32_t)o->bits : 0, &pi);
	key_policy_opts(o, pi.type, 0, !pi.priv,
			pk_default_usage(pi.type, pi.priv),
			NCR_KEY_FLAG_STORABLE, &kp);
	ctx = open_device();
	key = pk_import(ctx, &pi, in_name(o->in), &kp.p);
	explicit_bzero(buf, PK_FILE_MAX);
	free(buf);
	write_blob(ctx, key, o->out);
	ncr_close(ctx);
	return 0;
}

int cmd_key_import(struct opts *o)
{
	uint8_t raw[NCR_MAX_SECRET_BYTES];
	uint32_t type = 0, key;
	struct keypol kp;
	size_t len;
	int ctx, ret;

	need(o->in, "--in");
	need(o->out, "--out");
	if (o->type)
		type = key_type_opt(o->type);
	if (!o->type || pk_type(type))
		return key_import_pk(o, type);
	if (o->format && strcmp(o->format, "raw"))
		die_usage("--format: a %s key is imported raw", o->type);
	if (o->have_bits)
		die_usage("--bits: the length of a raw key is the file's");
	len = slurp(o->in, raw, sizeof(raw), "a raw key");
	if (!len)
		die_usage("%s: empty key file", in_name(o->in));
	key_policy_opts(o, type, (uint32_t)len * 8, 0,
			secret_default_usage(type), NCR_KEY_FLAG_STORABLE, &kp);
	ctx = open_device();
	ret = ncr_key_import_ex(ctx, type, 0, 0, raw, len, &kp.p, &key);
	explicit_bzero(raw, sizeof(raw));
	if (ret)
		die_create(ret, &kp, type, NULL);
	write_blob(ctx, key, o->out);
	ncr_close(ctx);
	return 0;
}

/* The PEM label of an export (NULL: no PEM form). */
static const char *pem_label(uint32_t fmt, uint32_t type, int priv,
			     const uint8_t *der, size_t len)
{
	const uint8_t *p = der, *v;
	unsigned int tag;
	size_t l;
	int n = 0;

	switch (fmt) {
	case NCR_KEY_FORMAT_SPKI:
		return "PUBLIC KEY";
	case NCR_KEY_FORMAT_PKCS8:
		return "PRIVATE KEY";
	case NCR_KEY_FORMAT_PKCS1:
		return priv ? "RSA PRIVATE KEY" : "RSA PUBLIC KEY";
	case NCR_KEY_FORMAT_PARAMS:
		if (type == NCR_KEY_TYPE_DSA)
			return "DSA PARAMETERS";
		/* DHParameter {p, g [, privateValueLength]} or X9.42
		 * DomainParameters {p, g, q, ...}: a large third INTEGER. */
		if (!der_tlv(&p, der + len, &tag, &v, &l)) {
			const uint8_t *end = v + l;

			p = v;
			while (p < end && !der_tlv(&p, end, &tag, &v, &l))
				if (++n == 3)
					break;
		}
		return n == 3 && l > 8 ? "X9.42 DH PARAMETERS" :
					 "DH PARAMETERS";
	default:
		return NULL;
	}
}

static int key_export_pk(struct opts *o, int ctx, uint32_t key,
			 const struct ncr_key_info *info)
{
	uint8_t *buf = xmalloc(NCR_MAX_PKEY_BYTES);
	int priv = info->key_class == NCR_KEY_CLASS_PRIVATE;
	size_t len = NCR_MAX_PKEY_BYTES;
	const char *label = NULL;
	uint32_t fmt;
	int ret;

	if (o->public && o->format && strcmp(o->format, "spki"))
		die_usage("--public exports the SPKI; not with --format %s",
			  o->format);
	fmt = o->public ? NCR_KEY_FORMAT_SPKI :
	      o->format ? format_opt(o->format) :
	      priv ? NCR_KEY_FORMAT_PKCS8 : NCR_KEY_FORMAT_SPKI;
	ret = ncr_key_export_fmt(ctx, key, fmt, buf, &len);
	if (ret == -EPERM)
		die(EXIT_NCR, "%s: the private key is not exportable (it was "
		    "made without --exportable); --public exports its public "
		    "half", o->key);
	if (ret == -EINVAL)
		die_usage("%s: a %s %s key has no --format %s", o->key,
			  priv ? "private" : "public",
			  ncr_key_type_name(info->type),
			  o->format ? o->format : "spki");
	if (ret)
		die_ncr(ret, o->key);
	if (o->pem) {
		label = pem_label(fmt, info->type, priv, buf, len);
		if (!label)
			die_usage("--pem: raw formats have no PEM form");
	}
	/* a private key (pkcs8, pkcs1, raw) is secret; spki, raw-public
	 * and params are not */
	write_der(o->out, label, buf, len, priv &&
		  (fmt == NCR_KEY_FORMAT_PKCS8 || fmt == NCR_KEY_FORMAT_PKCS1 ||
		   fmt == NCR_KEY_FORMAT_RAW));
	explicit_bzero(buf, NCR_MAX_PKEY_BYTES);
	free(buf);
	ncr_close(ctx);
	return 0;
}

int cmd_key_export(struct opts *o)
{
	uint8_t raw[NCR_MAX_SECRET_BYTES];
	size_t len = sizeof(raw);
	struct ncr_key_info info;
	uint32_t key;
	int ctx, ret;

	need(o->key, "--key");
	key = open_keyfile(o->key, 0, 0, NULL, &ctx);
	key_info(ctx, key, o->key, &info);
	if (pk_type(info.type))
		return key_export_pk(o, ctx, key, &info);
	if (o->public || o->pem || (o->format && strcmp(o->format, "raw")))
		die_usage("%s: a secret key is exported raw (no --public, "
			  "--pem or --format)", o->key);
	ret = ncr_key_export(ctx, key, raw, &len);
	if (ret == -EPERM)
		die(EXIT_NCR, "%s: the key is not exportable (it was made "
		    "without --exportable)", o->key);
	if (ret)
		die_ncr(ret, o->key);
	write_file_mode(o->out, raw, len, 1);
	explicit_bzero(raw, sizeof(raw));
	ncr_close(ctx);
	return 0;
}

/* A label as text if it is printable ASCII, else in hex. */
static void print_label(const uint8_t *l, size_t len)
{
	size_t i;

	if (!len) {
		printf("(empty)\n");
		return;
	}
	for (i = 0; i < len; i++)
		if (l[i] < 0x20 || l[i] > 0x7e)
			break;
	if (i == len) {
		printf("%.*s\n", (int)len, (const char *)l);
		return;
	}
	printf("hex:");
	print_hex(stdout, l, len);
	putchar('\n');
}

int cmd_key_info(struct opts *o)
{
	const char *usage[ARRAY_SIZE(usage_names)];
	struct ncr_key_info info;
	const char *tname;
	char buf[512];
	uint32_t key;
	size_t i;
	int ctx;

	need(o->key, "--key");
	key = open_keyfile(o->key, 0, 0, NULL, &ctx);
	key_info(ctx, key, o->key, &info);
	for (i = 0; i < ARRAY_SIZE(usage_names); i++)
		usage[i] = usage_names[i].name;
	tname = ncr_key_type_name(info.type);
	if (tname)
		printf("type:    %s\n", tname);
	else
		printf("type:    unknown (%u)\n", info.type);
	printf("class:   %s\n",
	       info.key_class == NCR_KEY_CLASS_PRIVATE ? "private" :
	       info.key_class == NCR_KEY_CLASS_PUBLIC ? "public" :
	       info.key_class == NCR_KEY_CLASS_SECRET ? "secret" : "unknown");
	printf("bits:    %u\n", info.bits);
	printf("flags:   ");
	print_list(info.flags, flag_names, ARRAY_SIZE(flag_names));
	printf("usage:   ");
	print_list(info.usage, usage, ARRAY_SIZE(usage));
	printf("algs:    %s\n", algs_text(info.algs, buf, sizeof(buf)));
	printf("attrs:   ");
	print_list(info.attrs, attr_names, ARRAY_SIZE(attr_names));
	printf("key id:  ");
	if (info.key_id_size > NCR_KEY_ID_MAX)
		info.key_id_size = NCR_KEY_ID_MAX;
	if (info.key_id_size)
		print_hex(stdout, info.key_id, info.key_id_size);
	else
		printf("(empty)");
	putchar('\n');
	printf("label:   ");
	if (info.label_size > NCR_KEY_LABEL_MAX)
		info.label_size = NCR_KEY_LABEL_MAX;
	print_label(info.label, info.label_size);
	ncr_close(ctx);
	flush_stdout();
	return 0;
}

/* key restrict: a blob in, a stricter blob out. */
int cmd_key_restrict(struct opts *o)
{
	uint32_t cflags = 0, cusage = 0, key;
	struct ncr_key_info info;
	uint64_t calgs = 0;
	char buf[512];
	int ctx, ret;

	need(o->key, "--key");
	need(o->out, "--out");
	if (o->clear_flags)
		cflags = parse_flags(o->clear_flags, "--clear-flags");
	if (o->clear_usage)
		cusage = parse_usage(o->clear_usage, "--clear-usage");
	if (o->clear_algs)
		calgs = parse_algs(o->clear_algs, "--clear-algs");
	if (!cflags && !cusage && !calgs)
		die_usage("nothing to clear: give --clear-flags, --clear-usage "
			  "and/or --clear-algs");
	if (cflags & NCR_KEY_FLAG_STORABLE)
		die_usage("--clear-flags storable: the restricted key is "
			  "written to --out as a storage blob, which needs "
			  "the storable flag");
	key = open_keyfile(o->key, 0, 0, "'key restrict' narrows the policy "
			   "of a key file", &ctx);
	key_info(ctx, key, o->key, &info);
	ret = ncr_key_restrict(ctx, key, cflags, cusage, calgs);
	if (ret == -EINVAL && !(info.usage & ~cusage))
		die(EXIT_NCR, "%s: --clear-usage would leave the key no usage "
		    "(delete the key file instead)", o->key);
	if (ret == -EINVAL && !(info.algs & ~calgs))
		die(EXIT_NCR, "%s: --clear-algs would leave the key no "
		    "algorithm (it has: %s; delete the key file instead)",
		    o->key, algs_text(info.algs, buf, sizeof(buf)));
	if (ret)
		die_ncr(ret, o->key);
	write_blob(ctx, key, o->out);
	ncr_close(ctx);
	return 0;
}

/* key trust: a blob in, the same key marked trusted out (root). */
int cmd_key_trust(struct opts *o)
{
	uint32_t key;
	int ctx, ret;

	need(o->key, "--key");
	need(o->out, "--out");
	key = open_keyfile(o->key, 0, 0, "a key imported for one command "
			   "cannot be trusted", &ctx);
	ret = ncr_key_trust(ctx, key);
	if (ret == -EPERM)
		die(EXIT_NCR, "permission denied: marking a key trusted needs "
		    "CAP_SYS_ADMIN (run as root)");
	if (ret == -EINVAL)
		die(EXIT_NCR, "%s: the key cannot be trusted: a trusted key may "
		    "only wrap (usage within wrap,unwrap; algorithms within "
		    "aes-kw,aes-kwp,rsa-oaep-wrap; 'key restrict' can narrow "
		    "them), is not hashable, and its material was never "
		    "readable outside a kernel (attribute always-sensitive: "
		    "generated here or imported by root, never exportable; "
		    "a public key: the half of a pair generated here)",
		    o->key);
	if (ret)
		die_ncr(ret, o->key);
	write_blob(ctx, key, o->out);
	ncr_close(ctx);
	return 0;
}
