// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tools/ncrtool/policy.c - part of build/bin/ncrtool (see main.c): the
 * policy of keys: the names of usages, flags and algorithms, the policy
 * of a new key from the options (and why the kernel refused one), and the
 * checks that a loaded key allows what a command does with it, in the
 * words of the options.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ncrtool.h"

const struct usage_name usage_names[] = {
	{ "encrypt", NCR_KEY_USAGE_ENCRYPT },
	{ "decrypt", NCR_KEY_USAGE_DECRYPT },
	{ "sign", NCR_KEY_USAGE_SIGN },
	{ "verify", NCR_KEY_USAGE_VERIFY },
	{ "wrap", NCR_KEY_USAGE_WRAP },
	{ "unwrap", NCR_KEY_USAGE_UNWRAP },
	{ "derive", NCR_KEY_USAGE_DERIVE },
};

/* Parses a comma-separated list of usage names (opt names the option). */
uint32_t parse_usage(const char *list, const char *opt)
{
	uint32_t usage = 0;
	char *copy = strdup(list), *tok, *save = NULL;
	size_t i;

	if (!copy)
		die(EXIT_IO, "out of memory");
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "all")) {
			usage |= NCR_KEY_USAGE_ALL;
			continue;
		}
		for (i = 0; i < ARRAY_SIZE(usage_names); i++)
			if (!strcmp(tok, usage_names[i].name))
				break;
		if (i == ARRAY_SIZE(usage_names))
			die_usage("%s: unknown usage '%s' (use encrypt, "
				  "decrypt, sign, verify, wrap, unwrap, derive "
				  "or all)", opt, tok);
		usage |= usage_names[i].bit;
	}
	free(copy);
	if (!usage)
		die_usage("%s: empty list", opt);
	return usage;
}

/* NCR_KEY_FLAG_* bit i is flag_names[i]; NCR_KEY_ATTR_* likewise. */
const char *const flag_names[] = {
	"exportable", "wrappable", "hashable", "storable", "trusted",
	"rsa-legacy",
};
const char *const attr_names[] = {
	"local", "always-sensitive", "never-extractable",
};

uint32_t parse_flags(const char *list, const char *opt)
{
	uint32_t flags = 0;
	char *copy = strdup(list), *tok, *save = NULL;
	size_t i;

	if (!copy)
		die(EXIT_IO, "out of memory");
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < ARRAY_SIZE(flag_names); i++)
			if (!strcmp(tok, flag_names[i]))
				break;
		if (i == ARRAY_SIZE(flag_names))
			die_usage("%s: unknown flag '%s' (use exportable, "
				  "wrappable, hashable, storable or trusted)",
				  opt, tok);
		flags |= 1U << i;
	}
	free(copy);
	if (!flags)
		die_usage("%s: empty list", opt);
	return flags;
}

#define ALG_NAMES_HELP "aes-gcm, aes-ccm, aes-cbc, aes-ctr, aes-ecb, " \
	"aes-xts, cmac-aes, aes-kw, aes-kwp, des3-cbc, chacha20, " \
	"chacha20-poly1305, hmac-sha1, hmac-sha224, hmac-sha256, " \
	"hmac-sha384, hmac-sha512, hmac-sha3-256, hmac-sha3-512, rsa-pkcs1, " \
	"rsa-pss, rsa-oaep, rsa-oaep-wrap, dsa, ecdsa, ed25519, ecdh, " \
	"x25519, dh, hkdf, kbkdf-hmac-sha256, kbkdf-cmac-aes"

/* A comma-separated list of algorithm names into NCR_KEY_ALG_* bits. */
uint64_t parse_algs(const char *list, const char *opt)
{
	uint64_t algs;

	if (ncr_keyalgs_parse(list, &algs))
		die_usage("%s: '%s' is not a comma-separated list of "
			  "algorithm names (" ALG_NAMES_HELP ")", opt, list);
	return algs;
}

/* An algorithm set as names ("none" if empty). */
const char *algs_text(uint64_t algs, char *buf, size_t len)
{
	if (!algs || !ncr_keyalgs_format(algs, buf, len))
		snprintf(buf, len, "none");
	return buf;
}

/*
 * The usage that goes with an algorithm set, when --algs is given without
 * --usage: ciphers encrypt and decrypt, MACs and signatures sign and
 * verify, key-wrapping algorithms wrap and unwrap, key agreements and
 * key derivation functions (the key as their source) derive.
 * (rsa-pkcs1 counts as a signature; give --usage for PKCS#1 encryption.)
 */
static uint32_t algs_usage(uint64_t algs)
{
	const uint64_t crypt = NCR_KEY_ALG_AES_ECB | NCR_KEY_ALG_AES_CBC |
		NCR_KEY_ALG_AES_CTR | NCR_KEY_ALG_AES_XTS |
		NCR_KEY_ALG_DES3_CBC | NCR_KEY_ALG_CHACHA20 |
		NCR_KEY_ALG_AES_GCM | NCR_KEY_ALG_AES_CCM |
		NCR_KEY_ALG_CHACHA20_POLY1305 | NCR_KEY_ALG_RSA_OAEP;
	const uint64_t sign = NCR_KEY_ALG_CMAC_AES | NCR_KEY_ALG_HMAC_ALL |
		NCR_KEY_ALG_RSA_PKCS1 | NCR_KEY_ALG_RSA_PSS | NCR_KEY_ALG_DSA |
		NCR_KEY_ALG_ECDSA | NCR_KEY_ALG_ED25519;
	const uint64_t wrap = NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_KWP |
		NCR_KEY_ALG_RSA_OAEP_WRAP;
	const uint64_t derive = NCR_KEY_ALG_ECDH | NCR_KEY_ALG_X25519 |
		NCR_KEY_ALG_DH | NCR_KEY_ALG_HKDF | NCR_KEY_ALG_KBKDF_HMAC |
		NCR_KEY_ALG_KBKDF_CMAC;
	uint32_t usage = 0;

	if (algs & crypt)
		usage |= NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT;
	if (algs & sign)
		usage |= NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY;
	if (algs & wrap)
		usage |= NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP;
	if (algs & derive)
		usage |= NCR_KEY_USAGE_DERIVE;
	return usage;
}

/*
 * How many algorithm families (ncr.h, ALGORITHM SETS) a usage of a key of
 * this type spans; the kernel has a default set only for one.  bits: the
 * key length if known (AES keys of 384/512 bits are XTS keys), else 0.
 */
int usage_families(uint32_t type, uint32_t bits, uint32_t usage)
{
	int crypt = !!(usage & (NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT));
	int sign = !!(usage & (NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY));
	int wrap = !!(usage & (NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP));
	int derive = !!(usage & NCR_KEY_USAGE_DERIVE);

	switch (type) {
	case NCR_KEY_TYPE_AES:
		if (bits == 384 || bits == 512)
			return crypt;
		return crypt + sign + wrap;
	case NCR_KEY_TYPE_RSA:
		return crypt + sign + wrap;
	case NCR_KEY_TYPE_DES3:
	case NCR_KEY_TYPE_CHACHA20:
		return crypt;
	case NCR_KEY_TYPE_HMAC:
		return sign || derive;
	case NCR_KEY_TYPE_EC:
		return sign + derive;
	case NCR_KEY_TYPE_DSA:
	case NCR_KEY_TYPE_ED25519:
		return sign;
	default:	/* X25519, DH */
		return derive;
	}
}

/* ------------------------------------------------------------------ */
/* the policy of a new key                                            */

/* The label from --label TEXT or --id HEX (its older name, in hex). */
static void label_opts(struct opts *o, struct keypol *kp)
{
	size_t len;

	if (o->label && o->id)
		die_usage("--label and --id both set the key's label: give "
			  "one");
	kp->p.label = kp->label;
	kp->p.label_len = 0;
	if (o->label) {
		len = strlen(o->label);
		if (len > NCR_KEY_LABEL_MAX)
			die_usage("--label: at most %d bytes, not %zu",
				  NCR_KEY_LABEL_MAX, len);
		memcpy(kp->label, o->label, len);
		kp->p.label_len = len;
	} else if (o->id) {
		kp->p.label_len = parse_hex(o->id, kp->label,
					    sizeof(kp->label), "--id");
	}
}

/*
 * The policy of a key ncrtool creates, from the options: the flags asked
 * for plus extra (NCR_KEY_FLAG_STORABLE when the key is written as a
 * blob); --usage, else the usage of --algs, else def_usage; --algs, else
 * 0 (the kernel's default set for the type and usage, which exists only
 * when the usage is of one family: checked here, for a clear message);
 * the label.  public_key: the key is a public key (any usage of its
 * families, no default needed; an --algs-derived usage keeps only what a
 * public key may do).
 */
void key_policy_opts(struct opts *o, uint32_t type, uint32_t bits,
		     int public_key, uint32_t def_usage,
		     uint32_t extra, struct keypol *kp)
{
	memset(kp, 0, sizeof(*kp));
	kp->p.flags = o->flags | extra;
	if (o->algs) {
		kp->p.algs = parse_algs(o->algs, "--algs");
		kp->algs_given = 1;
	}
	if (o->usage) {
		kp->p.usage = parse_usage(o->usage, "--usage");
		kp->usage_text = o->usage;
	} else if (o->algs) {
		kp->p.usage = algs_usage(kp->p.algs);
		if (public_key)
			kp->p.usage &= PUBLIC_USAGES;
		if (!kp->p.usage)
			kp->p.usage = def_usage;
	} else {
		kp->p.usage = def_usage;
	}
	label_opts(o, kp);
	if (!kp->algs_given && !public_key &&
	    usage_families(type, bits, kp->p.usage) > 1) {
		const char *hint = type == NCR_KEY_TYPE_AES ?
				   " (e.g. --algs aes-gcm,cmac-aes)" :
				   type == NCR_KEY_TYPE_RSA ?
				   " (e.g. --algs rsa-pss,rsa-oaep)" :
				   type == NCR_KEY_TYPE_EC ?
				   " (e.g. --algs ecdsa,ecdh)" : "";

		die_usage("--usage %s: for key type %s, a usage of more than "
			  "one kind (encrypt/decrypt, sign/verify, wrap/unwrap, "
			  "derive) has no default algorithm set: name the "
			  "key's algorithms with --algs LIST%s, or make one key "
			  "per kind", kp->usage_text ? kp->usage_text : "",
			  ncr_key_type_name(type), hint);
	}
}

/* Explains a key creation the kernel refused. */
void __attribute__((noreturn))
die_create(int ret, const struct keypol *kp, uint32_t type, const char *what)
{
	char buf[512];

	if (ret == -EPERM && (kp->p.flags & NCR_KEY_FLAG_TRUSTED) &&
	    geteuid() != 0)
		die(EXIT_NCR, "--trusted: permission denied: marking a key "
		    "trusted needs CAP_SYS_ADMIN (run as root)");
	if (ret == -EINVAL && (kp->p.flags & NCR_KEY_FLAG_TRUSTED))
		die(EXIT_NCR, "--trusted: the kernel refused the key (%s): a "
		    "trusted key may only wrap (--usage wrap,unwrap or wrap; "
		    "algorithms within aes-kw,aes-kwp,rsa-oaep-wrap) and is "
		    "not exportable or hashable", ncr_strerror(ret));
	if (ret == -EINVAL && kp->algs_given)
		die(EXIT_NCR, "%s%sthe kernel refused --algs %s for a%s %s key "
		    "(algorithms of another key type, aes-xts with other "
		    "algorithms or with a 128/192-bit key, other algorithms "
		    "with a 384/512-bit AES key, or a bad key length)",
		    what ? what : "", what ? ": " : "",
		    algs_text(kp->p.algs, buf, sizeof(buf)),
		    type == NCR_KEY_TYPE_AES || type == NCR_KEY_TYPE_RSA ||
		    type == NCR_KEY_TYPE_EC || type == NCR_KEY_TYPE_ED25519 ?
		    "n" : "", ncr_key_type_name(type));
	die_ncr(ret, what);
}

/* ------------------------------------------------------------------ */
/* what a loaded key allows, and how to make one that fits            */

/* The usage list of a mask ("encrypt,decrypt"), "none" if empty. */
static const char *usage_text(uint32_t usage, char *buf, size_t len)
{
	size_t i, n = 0;

	buf[0] = 0;
	for (i = 0; i < ARRAY_SIZE(usage_names); i++)
		if (usage & usage_names[i].bit)
			n += (size_t)snprintf(buf + n, n < len ? len - n : 0,
					      "%s%s", n ? "," : "",
					      usage_names[i].name);
	if (!n)
		snprintf(buf, len, "none");
	return buf;
}

/* The usage a key for one operation is made with: the operation and its
 * counterpart (sign -> sign,verify), as the defaults are. */
static uint32_t usage_pair(uint32_t usage)
{
	uint32_t u = usage;

	if (usage & (NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT))
		u |= NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT;
	if (usage & (NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY))
		u |= NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY;
	if (usage & (NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP))
		u |= NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP;
	return u;
}

/* How to make a key of type (and bits, 0: any): the 'key generate'
 * options, e.g. "--type aes --bits 256" or "--alg ec-p256". */
const char *make_key_hint(uint32_t type, uint32_t bits, char *buf,
			  size_t len)
{
	switch (type) {
	case NCR_KEY_TYPE_AES:
	case NCR_KEY_TYPE_DES3:
	case NCR_KEY_TYPE_CHACHA20:
	case NCR_KEY_TYPE_HMAC:
		snprintf(buf, len, "ncrtool key generate --type %s --bits %u",
			 ncr_key_type_name(type), bits ? bits :
			 type == NCR_KEY_TYPE_DES3 ? 192 : 256);
		break;
	case NCR_KEY_TYPE_RSA:
		snprintf(buf, len, "ncrtool key generate --alg rsa-%u",
			 bits >= 2048 ? bits : 3072);
		break;
	case NCR_KEY_TYPE_EC:
		snprintf(buf, len, "ncrtool key generate --alg ec-p%u",
			 bits == 384 ? 384 : 256);
		break;
	case NCR_KEY_TYPE_DSA:
		snprintf(buf, len, "ncrtool key generate --alg dsa-3072");
		break;
	case NCR_KEY_TYPE_DH:
		snprintf(buf, len, "ncrtool key generate --alg dh-ffdhe3072");
		break;
	default:	/* X25519, Ed25519 */
		snprintf(buf, len, "ncrtool key generate --alg %s",
			 ncr_key_type_name(type));
		break;
	}
	return buf;
}

/*
 * A loaded key must allow what a command does with it: the usage bit and
 * the algorithm (alg, or the NCR_KEY_ALG_* bit algbit if alg is 0).  The
 * kernel checks both (EPERM); this says, before the kernel is asked,
 * what the key allows and how to make one that fits: a usage error
 * (exit 2), as a key of the wrong type or size is.  A key's usage and
 * algorithm set are fixed when it is made (and can only be narrowed).
 */
void check_policy(const struct ncr_key_info *info, const char *file,
		  uint32_t usage, uint32_t alg, uint64_t algbit,
		  const char *alg_name)
{
	char have[128], want[128], set[512], add[128];

	if (usage & ~info->usage)
		die_usage("%s allows %s only, not %s: make it with --usage %s "
			  "(a key's usage is fixed when it is made; 'ncrtool "
			  "key info --key %s' shows it)", file,
			  usage_text(info->usage, have, sizeof(have)),
			  usage_text(usage & ~info->usage, add, sizeof(add)),
			  usage_text(usage_pair(usage), want, sizeof(want)),
			  file);
	if (alg)
		algbit = ncr_alg_keybit(alg);
	if (algbit && !(info->algs & algbit)) {
		algs_text(algbit, add, sizeof(add));
		die_usage("%s allows the algorithms %s only, not %s: make it "
			  "with --algs %s (or --algs %s,%s for both; a key's "
			  "algorithm set is fixed when it is made)", file,
			  algs_text(info->algs, set, sizeof(set)),
			  alg_name ? alg_name : add, add,
			  algs_text(info->algs, have, sizeof(have)), add);
	}
}

/*
 * The kernel refused an operation with a loaded key (ret, usually EPERM
 * or EINVAL) that check_key/check_policy let through, or before they
 * ran: read the key's policy and say which rule, with the fix; else the
 * kernel's sentence (exit 3).
 */
void explain_key_refusal(int ret, int ctx, uint32_t key, const char *file,
			 uint32_t usage, uint32_t alg, const char *alg_name)
{
	struct ncr_key_info info;
	char hint[96];

	if ((ret == -EPERM || ret == -EINVAL) &&
	    !ncr_key_get_info(ctx, key, &info)) {
		struct ncr_alg_props ap;

		if (alg && !ncr_alg_props(alg, &ap) && ap.key_type &&
		    ap.key_type != info.type)
			die_usage("%s is a%s %s key, but %s needs a%s %s key: "
				  "make one with '%s'", file,
				  info.type == NCR_KEY_TYPE_AES ||
				  info.type == NCR_KEY_TYPE_RSA ||
				  info.type == NCR_KEY_TYPE_EC ||
				  info.type == NCR_KEY_TYPE_ED25519 ? "n" : "",
				  ncr_key_type_name(info.type) ?
				  ncr_key_type_name(info.type) : "unknown",
				  alg_name ? alg_name : ncr_alg_name(alg),
				  ap.key_type == NCR_KEY_TYPE_AES ||
				  ap.key_type == NCR_KEY_TYPE_RSA ||
				  ap.key_type == NCR_KEY_TYPE_EC ||
				  ap.key_type == NCR_KEY_TYPE_ED25519 ? "n" : "",
				  ncr_key_type_name(ap.key_type),
				  make_key_hint(ap.key_type, 0, hint,
						sizeof(hint)));
		if (ret == -EPERM)
			check_policy(&info, file, usage, alg, 0, alg_name);
		if (info.type == NCR_KEY_TYPE_RSA &&
		    info.bits < 2048 &&
		    !(info.flags & NCR_KEY_FLAG_RSA_LEGACY) &&
		    (usage & (NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DECRYPT |
			      NCR_KEY_USAGE_UNWRAP)))
			die_usage("%s is a %u-bit RSA key, which signs and "
				  "decrypts only with the rsa-legacy flag: "
				  "import it with 'ncrtool key import "
				  "--rsa-legacy', or make a key of 2048 bits "
				  "or more with '%s'", file, info.bits,
				  make_key_hint(NCR_KEY_TYPE_RSA, 0, hint,
						sizeof(hint)));
	}
}

void __attribute__((noreturn))
die_key_refused(int ret, int ctx, uint32_t key, const char *file,
		uint32_t usage, uint32_t alg, const char *alg_name)
{
	explain_key_refusal(ret, ctx, key, file, usage, alg, alg_name);
	die_ncr(ret, file);
}

/* The key must suit the algorithm alg, used for usage: a clear message
 * beats EINVAL or EPERM.  bits 0: any length. */
void check_key(int ctx, uint32_t key, const char *file, uint32_t alg,
	       uint32_t usage, uint32_t bits, const char *alg_name)
{
	struct ncr_key_info info;
	struct ncr_alg_props ap;
	uint32_t key_type;
	char hint[96];

	key_info(ctx, key, file, &info);
	ncr_alg_props(alg, &ap);
	key_type = ap.key_type;
	if (info.type != key_type) {
		const char *have = ncr_key_type_name(info.type);

		die_usage("%s: key type %s, but %s needs key type %s: make "
			  "one with '%s'", file, have ? have : "unknown",
			  alg_name, ncr_key_type_name(key_type),
			  make_key_hint(key_type, bits, hint, sizeof(hint)));
	}
	if (bits && info.bits != bits)
		die_usage("%s: %u-bit key, but %s needs a %u-bit key: make one "
			  "with '%s'", file, info.bits, alg_name, bits,
			  make_key_hint(key_type, bits, hint, sizeof(hint)));
	check_policy(&info, file, usage, alg, 0, ncr_alg_name(alg));
}
