// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tools/ncrtool/keyfile.c - part of build/bin/ncrtool (see main.c): key
 * files: a storage blob, or a PEM/DER public-key key (SPKI, PKCS#8,
 * PKCS#1) or a raw one, worked out and imported; loading a key file into
 * the namespace of a command, and writing a key back as a storage blob.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <string.h>

#include "ncrtool.h"

static const struct {
	const char *name;
	uint32_t fmt;
} format_names[] = {
	{ "pkcs8", NCR_KEY_FORMAT_PKCS8 },
	{ "pkcs1", NCR_KEY_FORMAT_PKCS1 },
	{ "spki", NCR_KEY_FORMAT_SPKI },
	{ "raw", NCR_KEY_FORMAT_RAW },
	{ "raw-public", NCR_KEY_FORMAT_RAW_PUBLIC },
	{ "params", NCR_KEY_FORMAT_PARAMS },
};

uint32_t format_opt(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(format_names); i++)
		if (!strcmp(name, format_names[i].name))
			return format_names[i].fmt;
	die_usage("--format: unknown format '%s' (use pkcs8, pkcs1, spki, "
		  "raw, raw-public or params)", name);
}

int pk_type(uint32_t type)
{
	return type >= NCR_KEY_TYPE_RSA && type <= NCR_KEY_TYPE_ED25519;
}

/*
 * The usage a public-key key gets when none is asked for.  A private key
 * gets one family, so that the kernel's default algorithm set applies
 * (RSA, EC: sign,verify; decryption, unwrapping and ECDH must be asked
 * for); a public key may have all its type's families at once.
 */
uint32_t pk_default_usage(uint32_t type, int priv)
{
	switch (type) {
	case NCR_KEY_TYPE_RSA:
		return priv ? NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY :
			      NCR_KEY_USAGE_VERIFY | NCR_KEY_USAGE_ENCRYPT |
			      NCR_KEY_USAGE_WRAP;
	case NCR_KEY_TYPE_EC:
		return priv ? NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY :
			      NCR_KEY_USAGE_VERIFY | NCR_KEY_USAGE_DERIVE;
	case NCR_KEY_TYPE_DSA:
	case NCR_KEY_TYPE_ED25519:
		return (priv ? NCR_KEY_USAGE_SIGN : 0) | NCR_KEY_USAGE_VERIFY;
	default:	/* DH, X25519 */
		return NCR_KEY_USAGE_DERIVE;
	}
}

/*
 * Works out format, type and class of the key bytes in buf (PEM is
 * decoded in place).  fmt_name/type_name/bits: the user's overrides
 * (NULL/0: detect).  Dies with a usage error if it cannot tell.
 */
void pk_identify(uint8_t *buf, size_t len, const char *name,
		 const char *fmt_name, uint32_t type_opt,
		 uint32_t bits, struct pk_input *pi)
{
	char label[64];
	uint32_t lfmt = 0, ltype = 0, dfmt = 0, dtype = 0;
	int dpriv = 0, det;

	memset(pi, 0, sizeof(*pi));
	if (pem_decode(buf, &len, label, sizeof(label), name))
		lfmt = pem_label_format(label, name, &ltype);
	pi->data = buf;
	pi->len = len;
	pi->bits = bits;
	det = der_classify(buf, len, &dfmt, &dtype, &dpriv);
	if (det == -2 && !fmt_name)
		die_usage("%s: a SEC1 EC private key (traditional format); "
			  "convert it to PKCS#8 first: openssl pkcs8 -topk8 "
			  "-nocrypt -in F -out P8.pem", name);
	pi->format = fmt_name ? format_opt(fmt_name) : lfmt ? lfmt :
		     det == 0 ? dfmt : 0;
	if (!pi->format)
		die_usage("%s: not a DER or PEM key ncrtool recognizes (give "
			  "--format, and --type for raw keys)", name);
	switch (pi->format) {
	case NCR_KEY_FORMAT_RAW:
	case NCR_KEY_FORMAT_RAW_PUBLIC:
		if (!type_opt)
			die_usage("%s: --type is needed with --format raw or "
				  "raw-public", name);
		if (type_opt == NCR_KEY_TYPE_EC && bits != 256 && bits != 384)
			die_usage("%s: a raw EC key needs --bits 256 or 384 "
				  "(the curve)", name);
		pi->type = type_opt;
		pi->priv = pi->format == NCR_KEY_FORMAT_RAW;
		return;
	case NCR_KEY_FORMAT_PARAMS:
		die_usage("%s: domain parameters are not a key (use them with "
			  "'key generate --params')", name);
	default:
		break;
	}
	if (bits)
		die_usage("--bits applies only to raw EC keys");
	if (det == 0 && dfmt == pi->format) {
		pi->type = dtype;
		pi->priv = dpriv;
	} else {
		/* An explicit format the DER does not look like: let the
		 * kernel judge, with the type asked for. */
		pi->type = type_opt ? type_opt : ltype;
		pi->priv = pi->format == NCR_KEY_FORMAT_PKCS8 ||
			   (pi->format == NCR_KEY_FORMAT_PKCS1 &&
			    lfmt == NCR_KEY_FORMAT_PKCS1 &&
			    !strcmp(label, "RSA PRIVATE KEY"));
	}
	if (type_opt && pi->type != type_opt)
		die_usage("%s: holds a%s %s key, not %s", name,
			  pi->type == NCR_KEY_TYPE_RSA ||
			  pi->type == NCR_KEY_TYPE_EC ||
			  pi->type == NCR_KEY_TYPE_ED25519 ? "n" : "",
			  pi->type ? ncr_key_type_name(pi->type) : "unknown",
			  ncr_key_type_name(type_opt));
	if (!pi->type)
		die_usage("%s: key of an unknown algorithm (give --type)",
			  name);
}

/*
 * Imports what pk_identify found with the policy pol (usage 0: the
 * type's default usage; algs 0: the kernel's default set for it).
 */
uint32_t pk_import(int ctx, const struct pk_input *pi,
		   const char *name, const struct ncr_key_policy *pol)
{
	struct ncr_key_policy p = *pol;
	uint32_t key;
	int ret;

	if (!p.usage)
		p.usage = pk_default_usage(pi->type, pi->priv);
	ret = ncr_key_import_ex(ctx, pi->type, pi->format, pi->bits,
				pi->data, pi->len, &p, &key);
	if (ret == -EINVAL)
		die(EXIT_NCR, "%s: the kernel refused the %s key (malformed "
		    "encoding, invalid key, a usage a %s key cannot have, or "
		    "algorithms not of its type)", name,
		    ncr_key_type_name(pi->type),
		    pi->priv ? "private" : "public");
	if (ret == -EOPNOTSUPP)
		die(EXIT_NCR, "%s: a key form this kernel does not support "
		    "(explicit EC parameters, multi-prime RSA, another "
		    "curve?)", name);
	if (ret == -EPERM && (p.flags & NCR_KEY_FLAG_TRUSTED))
		die(EXIT_NCR, "--trusted: permission denied: marking a key "
		    "trusted needs CAP_SYS_ADMIN (run as root)");
	if (ret)
		die_ncr(ret, name);
	return key;
}

/* A key file; "-" reads it from standard input (which the command then
 * cannot also read its data from). */
void read_keyfile(struct keyfile *kf, const char *path)
{
	if (!path)
		die_usage("--key: a key file is required");
	kf->path = is_stdio(path) ? "standard input" : path;
	kf->len = slurp(path, kf->blob, sizeof(kf->blob), "a key file");
}

int is_blob(const uint8_t *d, size_t len)
{
	return len >= 4 && !memcmp(d, "NCRK", 4);
}

/*
 * Loads a key file into the namespace ctx: a storage blob is unwrapped
 * (with the policy it was sealed with).  A PEM or DER public or private
 * key (SPKI, PKCS#8, PKCS#1) is imported for this run only, not
 * exportable, with what the command needs: usage, and alg (NCR_ALG_*,
 * 0: the default set for the usage) if it is an algorithm of the key's
 * type; a usage the key cannot have (a public key to sign), or none,
 * gives the type's default usage, and the command says what is wrong.
 */
uint32_t load_key(int ctx, struct keyfile *kf, uint32_t usage,
		  uint32_t alg)
{
	struct ncr_key_policy pol;
	struct ncr_alg_props ap;
	struct pk_input pi;
	uint32_t key;
	int ret;

	if (!is_blob(kf->blob, kf->len)) {
		pk_identify(kf->blob, kf->len, kf->path, NULL, 0, 0, &pi);
		memset(&pol, 0, sizeof(pol));
		pol.usage = pi.priv ? usage : usage & PUBLIC_USAGES;
		if (pol.usage && alg && !ncr_alg_props(alg, &ap) &&
		    ap.key_type == pi.type)
			pol.algs = ncr_alg_keybit(alg);
		if (pol.usage && usage_families(pi.type, 0, pol.usage) > 1 &&
		    !pol.algs)
			pol.usage = 0;
		key = pk_import(ctx, &pi, kf->path, &pol);
		explicit_bzero(kf->blob, sizeof(kf->blob));
		return key;
	}
	ret = ncr_key_storage_unwrap(ctx, kf->blob, kf->len, &key);
	explicit_bzero(kf->blob, sizeof(kf->blob));
	if (ret)
		die_ncr(ret, kf->path);
	return key;
}

/*
 * The key of a command's --key FILE, in the namespace of a new open of
 * the device (*ctx): reads FILE before the device is opened, so that file
 * errors come first, and loads it as load_key does with usage and alg.
 * not_blob: if set, FILE must be a storage blob; else that is a usage
 * error saying "FILE: not a key blob (not_blob)".
 */
uint32_t open_keyfile(const char *path, uint32_t usage, uint32_t alg,
		      const char *not_blob, int *ctx)
{
	struct keyfile kf;

	read_keyfile(&kf, path);
	if (not_blob && !is_blob(kf.blob, kf.len))
		die_usage("%s: not a key blob (%s)", path, not_blob);
	*ctx = open_device();
	return load_key(*ctx, &kf, usage, alg);
}

/* The type, class and policy of a loaded key (file: for messages). */
void key_info(int ctx, uint32_t key, const char *file,
	      struct ncr_key_info *info)
{
	int ret = ncr_key_get_info(ctx, key, info);

	if (ret)
		die_ncr(ret, file);
}

void write_blob(int ctx, uint32_t key, const char *path)
{
	struct ncr_key_info info;
	uint8_t blob[NCR_STORAGE_BLOB_MAX];
	size_t len = sizeof(blob);
	int ret;

	ret = ncr_key_storage_wrap(ctx, key, blob, &len);
	if (ret == -EPERM)
		die(EXIT_NCR, "storage wrap: the key is not storable, so it "
		    "cannot be written as a key file");
	if (ret)
		die_ncr(ret, "storage wrap");
	/* the blob of a public key is no secret; of any other key it is
	 * written as one (0600 if new) */
	write_file_mode(path, blob, len,
			ncr_key_get_info(ctx, key, &info) ||
			info.key_class != NCR_KEY_CLASS_PUBLIC);
}
