// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tools/ncrtool/pk.c - part of build/bin/ncrtool (see main.c): the
 * public-key commands: sign, verify, RSA encrypt/decrypt (one block) and
 * derive (ECDH, X25519, DH; its --kdf forms are in kdf.c).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ncrtool.h"

static uint32_t pk_hash_opt(const char *name, const char *opt)
{
	int h = ncr_alg_from_name(name);

	if (h < NCR_ALG_SHA1 || h > NCR_ALG_SHA512)
		die_usage("%s: '%s' is not a hash for public-key algorithms "
			  "(sha1, sha224, sha256, sha384, sha512)", opt, name);
	return (uint32_t)h;
}

static size_t hash_len(uint32_t h)
{
	struct ncr_alg_props p;

	return ncr_alg_props(h, &p) ? 0 : p.tag_size;
}

/* The signature algorithm of --alg; dies if it is not one. */
static uint32_t sig_alg_opt(const char *name)
{
	int alg;

	need(name, "--alg");
	alg = ncr_alg_from_name(name);
	switch (alg) {
	case NCR_ALG_RSA_PKCS1:
	case NCR_ALG_RSA_PSS:
	case NCR_ALG_DSA:
	case NCR_ALG_ECDSA:
	case NCR_ALG_ED25519:
		return (uint32_t)alg;
	default:
		die_usage("--alg: '%s' is not a signature algorithm (rsa-pss, "
			  "rsa-pkcs1, ecdsa, dsa, ed25519)", name);
	}
}

/* Session parameters of sign/verify from the options. */
static void sig_params(struct opts *o, uint32_t alg, int verify,
		       struct ncr_pk_params *pp)
{
	memset(pp, 0, sizeof(*pp));
	if (alg == NCR_ALG_ED25519) {
		if (o->hash || o->prehashed)
			die_usage("ed25519 signs the message itself (no --hash "
				  "or --prehashed)");
	} else {
		pp->hash = pk_hash_opt(o->hash ? o->hash : "sha256", "--hash");
	}
	if (o->mgf1) {
		if (alg != NCR_ALG_RSA_PSS)
			die_usage("--mgf1 applies to rsa-pss and rsa-oaep");
		pp->mgf1_hash = pk_hash_opt(o->mgf1, "--mgf1");
	}
	if (o->have_salt && alg != NCR_ALG_RSA_PSS)
		die_usage("--salt applies to rsa-pss");
	if (alg == NCR_ALG_RSA_PSS)
		pp->salt_size = o->have_salt ? (uint32_t)o->salt :
				verify ? NCR_PSS_SALT_AUTO :
				(uint32_t)hash_len(pp->hash);
	if (o->raw_sig) {
		if (alg != NCR_ALG_ECDSA && alg != NCR_ALG_DSA)
			die_usage("--raw-sig applies to ecdsa and dsa");
		pp->flags |= NCR_PK_FLAG_SIG_RAW;
	}
	if (o->prehashed)
		pp->flags |= NCR_PK_FLAG_DIGEST;
}

/* The input file of sign/verify: --in or the one argument (parse_opts
 * made them one). */
static const char *pk_input_name(struct opts *o)
{
	return o->in;
}

/* A session of alg/op over the whole input file, up to final. */
static uint32_t pk_session_over_file(int ctx, uint32_t alg, uint32_t op,
				     uint32_t key, const struct ncr_pk_params *pp,
				     const char *in, const char *keyname)
{
	uint32_t ses;
	int ret;

	ret = ncr_pk_session_init(ctx, alg, op, key, pp, &ses);
	if (ret == -EPERM)
		die_key_refused(ret, ctx, key, keyname, op == NCR_OP_SIGN ?
				NCR_KEY_USAGE_SIGN : NCR_KEY_USAGE_VERIFY, alg,
				ncr_alg_name(alg));
	if (ret == -EINVAL)
		explain_key_refusal(ret, ctx, key, keyname, op == NCR_OP_SIGN ?
				    NCR_KEY_USAGE_SIGN : NCR_KEY_USAGE_VERIFY,
				    alg, ncr_alg_name(alg));
	if (ret == -EINVAL)
		die(EXIT_NCR, "%s: the kernel refused %s with this key and "
		    "these parameters (%s)", keyname, ncr_alg_name(alg),
		    ncr_strerror(ret));
	if (ret)
		die_ncr(ret, NULL);
	feed_file(ctx, ses, in, 0);
	return ses;
}

/* The key must be of alg's type: a clear message beats EINVAL. */
static void check_pk_key(int ctx, uint32_t key, const char *file,
			 uint32_t alg, struct ncr_key_info *info)
{
	struct ncr_alg_props p;

	key_info(ctx, key, file, info);
	ncr_alg_props(alg, &p);
	if (info->type != p.key_type) {
		const char *have = ncr_key_type_name(info->type);
		char hint[96];

		die_usage("%s: key type %s, but %s needs key type %s: make one "
			  "with '%s'", file, have ? have : "unknown",
			  ncr_alg_name(alg), ncr_key_type_name(p.key_type),
			  make_key_hint(p.key_type, 0, hint, sizeof(hint)));
	}
}

int cmd_sign(struct opts *o)
{
	uint32_t alg = sig_alg_opt(o->alg), key, ses;
	uint8_t sig[NCR_MAX_SIGNATURE];
	size_t sig_len = sizeof(sig);
	struct ncr_key_info info;
	struct ncr_pk_params pp;
	const char *in = pk_input_name(o);
	int ctx, ret;

	need(o->key, "--key");
	sig_params(o, alg, 0, &pp);
	key = open_keyfile(o->key, NCR_KEY_USAGE_SIGN, alg, NULL, &ctx);
	check_pk_key(ctx, key, o->key, alg, &info);
	if (info.key_class != NCR_KEY_CLASS_PRIVATE)
		die_usage("%s: a public key cannot sign", o->key);
	check_policy(&info, o->key, NCR_KEY_USAGE_SIGN, alg, 0,
		     ncr_alg_name(alg));
	ses = pk_session_over_file(ctx, alg, NCR_OP_SIGN, key, &pp, in,
				   o->key);
	ret = ncr_session_final(ctx, ses, NULL, 0, NULL, NULL, sig, &sig_len);
	if (ret == -EINVAL && o->prehashed)
		die_usage("--prehashed: the input must be exactly one %s "
			  "digest (%zu bytes)", ncr_alg_name(pp.hash),
			  hash_len(pp.hash));
	if (ret == -EINVAL || ret == -EPERM)
		die_key_refused(ret, ctx, key, o->key, NCR_KEY_USAGE_SIGN, alg,
				ncr_alg_name(alg));
	if (ret)
		die_ncr(ret, NULL);
	write_file(o->out, sig, sig_len);
	ncr_close(ctx);
	return 0;
}

int cmd_verify(struct opts *o)
{
	uint32_t alg = sig_alg_opt(o->alg), key, ses;
	uint8_t sig[2 * NCR_MAX_SIGNATURE + 1];
	struct ncr_key_info info;
	struct ncr_pk_params pp;
	const char *in = pk_input_name(o);
	size_t sig_len;
	int ctx, ret, fd;

	need(o->key, "--key");
	need(o->sig, "--sig");
	sig_params(o, alg, 1, &pp);
	if (is_stdio(o->sig) && is_stdio(in))
		die_usage("the signature and the data cannot both be standard "
			  "input");
	fd = open_in(o->sig);
	sig_len = read_full(fd, sig, sizeof(sig), in_name(o->sig));
	close_in(fd);
	key = open_keyfile(o->key, NCR_KEY_USAGE_VERIFY, alg, NULL, &ctx);
	check_pk_key(ctx, key, o->key, alg, &info);
	check_policy(&info, o->key, NCR_KEY_USAGE_VERIFY, alg, 0,
		     ncr_alg_name(alg));
	ses = pk_session_over_file(ctx, alg, NCR_OP_VERIFY, key, &pp, in,
				   o->key);
	/* Longer than any signature: wrong, not an error. */
	if (sig_len == sizeof(sig)) {
		ncr_session_free(ctx, ses);
		die_verify("signature verification failed (signature too "
			   "long)");
	}
	ret = ncr_session_verify(ctx, ses, NULL, 0, sig, sig_len);
	if (ret == -EINVAL && o->prehashed)
		die_usage("--prehashed: the input must be exactly one %s "
			  "digest (%zu bytes)", ncr_alg_name(pp.hash),
			  hash_len(pp.hash));
	if (ret < 0)
		die_ncr(ret, NULL);
	ncr_close(ctx);
	if (ret != NCR_VERIFY_OK)
		die_verify("signature verification failed");
	return 0;
}

/* encrypt/decrypt with rsa-oaep or rsa-pkcs1: one RSA block. */
int pk_crypt_cmd(struct opts *o, uint32_t alg, uint32_t op)
{
	uint8_t in[NCR_MAX_SIGNATURE + 1], outb[NCR_MAX_SIGNATURE];
	uint8_t label[NCR_MAX_SIGNATURE];
	size_t in_len, out_len = sizeof(outb);
	struct ncr_key_info info;
	struct ncr_pk_params pp;
	uint32_t key;
	int ctx, ret;

	need(o->key, "--key");
	if (o->aad || o->iv)
		die_usage("--aad/--iv do not apply to %s", o->alg);
	memset(&pp, 0, sizeof(pp));
	if (alg == NCR_ALG_RSA_OAEP) {
		pp.hash = pk_hash_opt(o->hash ? o->hash : "sha1", "--hash");
		if (o->mgf1)
			pp.mgf1_hash = pk_hash_opt(o->mgf1, "--mgf1");
		if (o->label) {
			pp.label_len = parse_hex(o->label, label,
						 sizeof(label), "--label");
			pp.label = label;
		}
	} else if (o->hash || o->mgf1 || o->label) {
		die_usage("--hash/--mgf1/--label apply to rsa-oaep");
	}
	in_len = slurp(o->in, in, sizeof(in), "one RSA block");
	key = open_keyfile(o->key, op == NCR_OP_ENCRYPT ?
			   NCR_KEY_USAGE_ENCRYPT : NCR_KEY_USAGE_DECRYPT, alg,
			   NULL, &ctx);
	check_pk_key(ctx, key, o->key, alg, &info);
	if (op == NCR_OP_DECRYPT && info.key_class != NCR_KEY_CLASS_PRIVATE)
		die_usage("%s: decryption needs the private key", o->key);
	check_policy(&info, o->key, op == NCR_OP_ENCRYPT ?
		     NCR_KEY_USAGE_ENCRYPT : NCR_KEY_USAGE_DECRYPT, alg, 0,
		     ncr_alg_name(alg));
	if (in_len > (info.bits + 7) / 8)
		die_usage("%s: %zu bytes; one %s operation takes at most %u",
			  in_name(o->in), in_len, ncr_alg_name(alg),
			  op == NCR_OP_DECRYPT ? (info.bits + 7) / 8 :
			  (info.bits + 7) / 8 - (alg == NCR_ALG_RSA_OAEP ?
			  2 * (uint32_t)hash_len(pp.hash) + 2 : 11));
	if (op == NCR_OP_ENCRYPT)
		ret = ncr_pk_encrypt(ctx, alg, key, &pp, in, in_len, outb,
				     &out_len);
	else
		ret = ncr_pk_decrypt(ctx, alg, key, &pp, in, in_len, outb,
				     &out_len);
	explicit_bzero(in, sizeof(in));
	if (ret == -EBADMSG)
		die_verify("decryption failed: wrong key, parameters or "
			   "ciphertext");
	if (ret == -EPERM)
		die_key_refused(ret, ctx, key, o->key, op == NCR_OP_ENCRYPT ?
				NCR_KEY_USAGE_ENCRYPT : NCR_KEY_USAGE_DECRYPT,
				alg, ncr_alg_name(alg));
	if (ret == -EINVAL && op == NCR_OP_DECRYPT)
		explain_key_refusal(ret, ctx, key, o->key,
				    NCR_KEY_USAGE_DECRYPT, alg,
				    ncr_alg_name(alg));
	if (ret == -EINVAL && op == NCR_OP_ENCRYPT)
		die_usage("%s: too long for %s with this key", in_name(o->in),
			  ncr_alg_name(alg));
	if (ret)
		die_ncr(ret, NULL);
	write_file(o->out, outb, out_len);
	explicit_bzero(outb, sizeof(outb));
	ncr_close(ctx);
	return 0;
}

/*
 * The peer's public value for derive: a storage blob or PEM/DER SPKI is
 * loaded as a key and its raw public value exported; anything else is
 * taken as the raw value itself.
 */
static size_t read_peer(int ctx, const char *path, uint8_t *out,
			size_t max)
{
	uint8_t *buf = xmalloc(PK_FILE_MAX);
	struct pk_input pi;
	uint32_t fmt, type, key;
	size_t len;
	int priv, ret;

	len = slurp(path, buf, PK_FILE_MAX, "a public key");
	if (is_blob(buf, len)) {
		ret = ncr_key_storage_unwrap(ctx, buf, len, &key);
		if (ret)
			die_ncr(ret, path);
	} else if (memmem(buf, len, "-----BEGIN ", 11) ||
		   der_classify(buf, len, &fmt, &type, &priv) == 0) {
		struct ncr_key_policy pol = { .usage = NCR_KEY_USAGE_DERIVE };

		pk_identify(buf, len, path, NULL, 0, 0, &pi);
		if (usage_families(pi.type, 0, pol.usage) != 1)
			pol.usage = 0;	/* not a key-agreement key */
		key = pk_import(ctx, &pi, path, &pol);
	} else {
		/* the raw public value */
		if (!len || len > max)
			die_usage("%s: not a key file, and %zu bytes is no raw "
				  "public value", path, len);
		memcpy(out, buf, len);
		free(buf);
		return len;
	}
	free(buf);
	len = max;
	ret = ncr_key_export_fmt(ctx, key, NCR_KEY_FORMAT_RAW_PUBLIC, out,
				 &len);
	if (ret)
		die_ncr(ret, path);
	ncr_key_deinit(ctx, key);
	return len;
}

/*
 * Key agreement for derive: our private key in --key with the peer's
 * public value of --peer into a new secret key of type with policy pol,
 * in the namespace *ctx it opens.  kp: the policy of the options (its
 * --algs explains an EINVAL); NULL for a secret that a KDF takes next.
 */
uint32_t derive_agree(struct opts *o, uint32_t type,
		      const struct ncr_key_policy *pol,
		      const struct keypol *kp, int *ctx)
{
	uint8_t peer[1024];
	struct ncr_key_info info;
	uint32_t alg, key, nk;
	size_t peer_len;
	int ret;

	key = open_keyfile(o->key, NCR_KEY_USAGE_DERIVE, 0, NULL, ctx);
	key_info(*ctx, key, o->key, &info);
	switch (info.type) {
	case NCR_KEY_TYPE_EC: alg = NCR_ALG_ECDH; break;
	case NCR_KEY_TYPE_X25519: alg = NCR_ALG_X25519; break;
	case NCR_KEY_TYPE_DH: alg = NCR_ALG_DH; break;
	default:
		die_usage("%s: key agreement needs an ec, x25519 or dh key%s",
			  o->key, kp ? "" : " (--peer: agreement, then --kdf)");
	}
	if (info.key_class != NCR_KEY_CLASS_PRIVATE)
		die_usage("%s: key agreement needs our private key", o->key);
	check_policy(&info, o->key, NCR_KEY_USAGE_DERIVE, alg, 0,
		     ncr_alg_name(alg));
	peer_len = read_peer(*ctx, o->peer, peer, sizeof(peer));
	ret = ncr_key_derive_ex(*ctx, alg, key, peer, peer_len, type, pol,
				&nk);
	if (ret == -EPERM)
		die_key_refused(ret, *ctx, key, o->key, NCR_KEY_USAGE_DERIVE,
				alg, ncr_alg_name(alg));
	if (ret == -EINVAL && kp && kp->algs_given)
		die_create(ret, kp, type, o->peer);
	if (ret == -EINVAL)
		die(EXIT_NCR, "%s: refused: a peer value not valid for this "
		    "key (wrong curve or group, not on the curve, out of "
		    "range), or %s with a secret that is not 16, 24 or 32 "
		    "bytes", o->peer, kp ? "--out-type aes" : o->kdf);
	if (ret)
		die_ncr(ret, NULL);
	ncr_key_deinit(*ctx, key);
	return nk;
}

/* The new key of derive: to --out as a key blob, and if it is
 * exportable, in hex on standard output. */
void derive_output(struct opts *o, int ctx, uint32_t key)
{
	uint8_t secret[NCR_MAX_SECRET_BYTES];
	size_t slen = sizeof(secret);
	int ret;

	if (o->out)
		write_blob(ctx, key, o->out);
	if (o->flags & NCR_KEY_FLAG_EXPORTABLE) {
		ret = ncr_key_export(ctx, key, secret, &slen);
		if (ret)
			die_ncr(ret, "derived key");
		print_hex(stdout, secret, slen);
		putchar('\n');
		explicit_bzero(secret, sizeof(secret));
		flush_stdout();
	}
}

int cmd_derive(struct opts *o)
{
	uint32_t type = NCR_KEY_TYPE_HMAC, nk;
	struct keypol kp;
	int ctx;

	if (o->kdf)
		return derive_kdf(o);
	if (o->salt_hex || o->salt_file || o->info_hex || o->info_file ||
	    o->label_hex || o->label_file || o->context_hex ||
	    o->context_file || o->have_iterations || o->password_file ||
	    o->have_length)
		die_usage("--salt-*, --info-*, --label-*, --context-*, "
			  "--iterations, --password-file and --length are "
			  "inputs of --kdf (key agreement alone gives the raw "
			  "shared secret)");
	need(o->key, "--key");
	need(o->peer, "--peer");
	if (o->out_type) {
		if (!strcmp(o->out_type, "aes"))
			type = NCR_KEY_TYPE_AES;
		else if (strcmp(o->out_type, "hmac"))
			die_usage("--out-type: hmac or aes, not '%s'",
				  o->out_type);
	}
	if (!o->out && !(o->flags & NCR_KEY_FLAG_EXPORTABLE))
		die_usage("nothing to do: give --out FILE for the derived key, "
			  "and/or --exportable to print the secret");
	/* Written as a blob with --out: storable then. */
	key_policy_opts(o, type, 0, 0, secret_default_usage(type),
			o->out ? NCR_KEY_FLAG_STORABLE : 0, &kp);
	nk = derive_agree(o, type, &kp.p, &kp, &ctx);
	derive_output(o, ctx, nk);
	ncr_close(ctx);
	return 0;
}
