// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/abi/table.c - part of build/tests/abi (see tests/abi/main.c): what a
 * valid call of each ioctl looks like, as tables for the sweeps of
 * tests/abi/harness.c: every ioctl with its sizes and a builder of a valid
 * argument, every flags/usage/algs word and reserved field with its known
 * bits, every data pointer.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <string.h>

#include "abi.h"

/* ---------------------------------------------- the generic ioctl table */

static const char *prep_info(void *p)
{
	struct ncr_info *s = p;

	s->alg_info_size = sizeof(struct ncr_alg_info);
	return NULL;
}

static const char *prep_generate(void *p)
{
	struct ncr_key_generate *s = p;

	s->type = NCR_KEY_TYPE_AES;
	s->bits = 128;
	s->usage = NCR_KEY_USAGE_ENCRYPT;
	/* version 1 */
	s->label = PTR64(label4);
	s->label_size = 4;
	return NULL;
}

static const char *prep_import(void *p)
{
	struct ncr_key_import *s = p;

	s->type = NCR_KEY_TYPE_AES;
	s->usage = NCR_KEY_USAGE_ENCRYPT;
	s->data = PTR64(key16);
	s->data_size = 16;
	s->label = PTR64(label4);
	s->label_size = 4;
	return NULL;
}

static const char *prep_export(void *p)
{
	struct ncr_key_export *s = p;

	if (imp(NCR_KEY_TYPE_AES, key16, 16, NCR_KEY_FLAG_EXPORTABLE,
		NCR_KEY_USAGE_ENCRYPT, &s->key))
		return "cannot import an exportable key";
	s->data = PTR64(buf_out);
	s->data_size = sizeof(buf_out);
	return NULL;
}

static const char *prep_key_info(void *p)
{
	struct ncr_key_info *s = p;

	if (gen(NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_ENCRYPT, &s->key))
		return "cannot generate a key";
	return NULL;
}

static const char *prep_deinit(void *p)
{
	struct ncr_key_deinit *s = p;

	if (gen(NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_ENCRYPT, &s->key))
		return "cannot generate a key";
	return NULL;
}

static const char *prep_master(void *p)
{
	struct ncr_master_key *s = p;

	if (!is_root)
		return "needs root";
	if (!master_set)
		return "master key not set (abi does not set it)";
	s->key = PTR64(buf_in);
	s->key_size = 32;
	return NULL;
}

static const char *prep_wrap(void *p)
{
	struct ncr_key_storage *s = p;

	if (!master_set)
		return "master key not set";
	if (gen(NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_STORABLE,
		NCR_KEY_USAGE_ENCRYPT, &s->key))
		return "cannot generate a storable key";
	s->blob = PTR64(buf_out);
	s->blob_size = NCR_STORAGE_BLOB_MAX;
	return NULL;
}

static const char *prep_unwrap(void *p)
{
	struct ncr_key_storage *s = p;

	if (!master_set)
		return "master key not set";
	s->blob = PTR64(blob);
	s->blob_size = blob_len;
	return NULL;
}

/* k_aes (all usages, not trusted) wraps a fresh wrappable and exportable
 * AES key with RFC 5649. */
static const char *prep_kwrap(void *p)
{
	struct ncr_key_wrap *s = p;

	if (gen(NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_WRAPPABLE |
		NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_ENCRYPT, &s->key))
		return "cannot generate a wrappable key";
	s->algorithm = NCR_WALG_AES_RFC5649;
	s->wrapping_key = k_aes;
	s->data = PTR64(buf_out);
	s->data_size = NCR_WRAPPED_KEY_MAX;
	return NULL;
}

static const char *prep_kunwrap(void *p)
{
	struct ncr_key_wrap *s = p;

	if (!wrapped_len)
		return "no wrapped key (key wrap failed at setup)";
	s->algorithm = NCR_WALG_AES_RFC5649;
	s->wrapping_key = k_aes;
	s->data = PTR64(wrapped);
	s->data_size = wrapped_len;
	s->type = NCR_KEY_TYPE_AES;
	s->usage = NCR_KEY_USAGE_ENCRYPT;
	s->label = PTR64(label4);
	s->label_size = 4;
	return NULL;
}

static const char *prep_init(void *p)
{
	struct ncr_session_init *s = p;

	s->algorithm = NCR_ALG_AES_CBC;
	s->op = NCR_OP_ENCRYPT;
	s->key = k_aes;
	s->iv = PTR64(iv16);
	s->iv_size = 16;
	return NULL;
}

static const char *prep_update(void *p)
{
	struct ncr_session_op *s = p;
	uint32_t ses = cbc_session(1);

	if (!ses)
		return "cannot create a session";
	s->ses = ses;
	s->input = PTR64(buf_in);
	s->input_size = 32;
	s->output = PTR64(buf_out);
	s->output_size = sizeof(buf_out);
	return NULL;
}

static const char *prep_final(void *p)
{
	struct ncr_session_op *s = p;
	uint32_t ses = sha256_session();

	if (!ses)
		return "cannot create a session";
	s->ses = ses;
	s->input = PTR64(buf_in);
	s->input_size = 20;
	s->tag = PTR64(buf_tag);
	s->tag_size = sizeof(buf_tag);
	return NULL;
}

static const char *prep_once(void *p)
{
	struct ncr_session_once *s = p;

	s->algorithm = NCR_ALG_AES_CBC;
	s->op = NCR_OP_ENCRYPT;
	s->key = k_aes;
	s->iv = PTR64(iv16);
	s->iv_size = 16;
	s->input = PTR64(buf_in);
	s->input_size = 32;
	s->output = PTR64(buf_out);
	s->output_size = sizeof(buf_out);
	return NULL;
}

static const char *prep_genpair(void *p)
{
	struct ncr_key_generate_pair *s = p;

	s->type = NCR_KEY_TYPE_EC;
	s->bits = 256;
	s->usage = NCR_KEY_USAGE_SIGN;
	s->label = PTR64(label4);
	s->label_size = 4;
	return NULL;
}

/* DH for the given parameters: a params pointer that is used */
static const char *prep_genpair_dh(void *p)
{
	struct ncr_key_generate_pair *s = p;

	if (!dh_params_len)
		return "no DH parameters";
	s->type = NCR_KEY_TYPE_DH;
	s->usage = NCR_KEY_USAGE_DERIVE;
	s->params = PTR64(dh_params);
	s->params_size = dh_params_len;
	return NULL;
}

const char *prep_derive(void *p)
{
	struct ncr_key_derive *s = p;

	if (!k_x25519)
		return "no X25519 key";
	s->algorithm = NCR_ALG_X25519;
	s->key = k_x25519;
	s->peer = PTR64(x_peer);
	s->peer_size = 32;
	s->type = NCR_KEY_TYPE_HMAC;
	s->usage = NCR_KEY_USAGE_SIGN;
	s->label = PTR64(label4);
	s->label_size = 4;
	return NULL;
}

/* HKDF-SHA256 from an HMAC key made here (released with the new key) */
static const char *prep_kdf(void *p)
{
	struct ncr_key_kdf *s = p;

	if (impx(NCR_KEY_TYPE_HMAC, key16, 16, 0, NCR_KEY_USAGE_DERIVE,
		 NCR_KEY_ALG_HKDF, &s->key))
		return "cannot import an HMAC key";
	s->algorithm = NCR_ALG_HKDF_SHA256;
	s->salt = PTR64(buf_in);
	s->salt_size = 13;
	s->info = PTR64(buf_in + 32);
	s->info_size = 10;
	s->type = NCR_KEY_TYPE_HMAC;
	s->length = 42;
	s->usage = NCR_KEY_USAGE_SIGN;
	s->label = PTR64(label4);
	s->label_size = 4;
	return NULL;
}

/* PBKDF2-SHA256 from a password: no source key */
static const char *prep_pbkdf2(void *p)
{
	struct ncr_key_kdf *s = p;

	s->algorithm = NCR_ALG_PBKDF2_SHA256;
	s->password = PTR64(buf_in + 64);
	s->password_size = 8;
	s->salt = PTR64(buf_in);
	s->salt_size = 16;
	s->iterations = 2;
	s->type = NCR_KEY_TYPE_AES;
	s->length = 16;
	s->usage = NCR_KEY_USAGE_ENCRYPT;
	return NULL;
}

static const char *prep_free(void *p)
{
	struct ncr_session_free *s = p;

	s->ses = cbc_session(1);
	return s->ses ? NULL : "cannot create a session";
}

/* a fresh exportable AES key loses EXPORTABLE, DECRYPT and CTR */
static const char *prep_restrict(void *p)
{
	struct ncr_key_restrict *s = p;

	if (genx(NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_EXPORTABLE,
		 NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
		 NCR_KEY_ALG_AES_GCM | NCR_KEY_ALG_AES_CTR, &s->key))
		return "cannot generate a key";
	s->clear_flags = NCR_KEY_FLAG_EXPORTABLE;
	s->clear_usage = NCR_KEY_USAGE_DECRYPT;
	s->clear_algs = NCR_KEY_ALG_AES_CTR;
	return NULL;
}

/* a fresh AES-256 wrap-only key, never exportable: it qualifies */
static const char *prep_trust(void *p)
{
	struct ncr_key_trust *s = p;

	if (gen(NCR_KEY_TYPE_AES, 256, 0,
		NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP, &s->key))
		return "cannot generate a wrapping key";
	return NULL;
}

/* NCRIO_BATCH: two AES-CBC one-shot elements (the elements themselves are
 * tests/abi/batch.c's) */
static struct ncr_batch_op batch_ops[2];

static const char *prep_batch(void *p)
{
	struct ncr_batch *s = p;

	memset(batch_ops, 0, sizeof(batch_ops));
	for (int i = 0; i < 2; i++) {
		batch_ops[i].type = NCR_BATCH_OP_ONCE;
		batch_ops[i].once.size = sizeof(batch_ops[i].once);
		prep_once(&batch_ops[i].once);
		batch_ops[i].once.output = PTR64(buf_out + 64 * i);
		batch_ops[i].once.output_size = 64;
	}
	s->ops = PTR64(batch_ops);
	s->op_size = sizeof(batch_ops[0]);
	s->count = 2;
	return NULL;
}

#define IOC(n, c, st, v0) .name = n, .cmd = c, .size = sizeof(st), .ver0 = v0
/* where the handles of what the builder made or a valid call creates
 * stand, for the harness to release them */
#define KEY(st, m) .keys = { offsetof(st, m) }
#define PAIR(st) .keys = { offsetof(st, private_key), offsetof(st, public_key) }
#define SES(st, m) .ses = offsetof(st, m)

const struct ioc iocs[] = {
	{ IOC("NCRIO_INFO", NCRIO_INFO, struct ncr_info, NCR_INFO_SIZE_VER0),
	  { NCR_INFO_SIZE_VER0, NCR_INFO_SIZE_VER1, NCR_INFO_SIZE_VER2 },
	  prep_info, 1, 0, 0 },
	{ IOC("NCRIO_KEY_GENERATE", NCRIO_KEY_GENERATE, struct ncr_key_generate,
	      NCR_KEY_GENERATE_SIZE_VER0),
	  { NCR_KEY_GENERATE_SIZE_VER0, NCR_KEY_GENERATE_SIZE_VER1 },
	  prep_generate, 1, 0, 1, KEY(struct ncr_key_generate, key) },
	{ IOC("NCRIO_KEY_IMPORT", NCRIO_KEY_IMPORT, struct ncr_key_import,
	      NCR_KEY_IMPORT_SIZE_VER0),
	  { NCR_KEY_IMPORT_SIZE_VER0, NCR_KEY_IMPORT_SIZE_VER1,
	    NCR_KEY_IMPORT_SIZE_VER2 },
	  prep_import, 1, 0, 1, KEY(struct ncr_key_import, key) },
	{ IOC("NCRIO_KEY_EXPORT", NCRIO_KEY_EXPORT, struct ncr_key_export,
	      NCR_KEY_EXPORT_SIZE_VER0),
	  { NCR_KEY_EXPORT_SIZE_VER0 },
	  prep_export, 1, 0, 0, KEY(struct ncr_key_export, key) },
	{ IOC("NCRIO_KEY_GENERATE_PAIR", NCRIO_KEY_GENERATE_PAIR,
	      struct ncr_key_generate_pair, NCR_KEY_GENERATE_PAIR_SIZE_VER0),
	  { NCR_KEY_GENERATE_PAIR_SIZE_VER0, NCR_KEY_GENERATE_PAIR_SIZE_VER1 },
	  prep_genpair, 1, 0, 1, PAIR(struct ncr_key_generate_pair) },
	{ IOC("NCRIO_KEY_DERIVE", NCRIO_KEY_DERIVE, struct ncr_key_derive,
	      NCR_KEY_DERIVE_SIZE_VER0),
	  { NCR_KEY_DERIVE_SIZE_VER0, NCR_KEY_DERIVE_SIZE_VER1 },
	  prep_derive, 1, 0, 1, KEY(struct ncr_key_derive, new_key) },
	{ IOC("NCRIO_KEY_KDF", NCRIO_KEY_KDF, struct ncr_key_kdf,
	      NCR_KEY_KDF_SIZE_VER0),
	  { NCR_KEY_KDF_SIZE_VER0 },
	  prep_kdf, 1, 0, 1,
	  .keys = { offsetof(struct ncr_key_kdf, key),
		    offsetof(struct ncr_key_kdf, new_key) } },
	{ IOC("NCRIO_KEY_KDF (PBKDF2)", NCRIO_KEY_KDF, struct ncr_key_kdf,
	      NCR_KEY_KDF_SIZE_VER0),
	  { NCR_KEY_KDF_SIZE_VER0 },
	  prep_pbkdf2, 1, 0, 1, KEY(struct ncr_key_kdf, new_key) },
	{ IOC("NCRIO_KEY_GET_INFO", NCRIO_KEY_GET_INFO, struct ncr_key_info,
	      NCR_KEY_INFO_SIZE_VER0),
	  { NCR_KEY_INFO_SIZE_VER0, NCR_KEY_INFO_SIZE_VER1 },
	  prep_key_info, 1, 0, 0, KEY(struct ncr_key_info, key) },
	{ IOC("NCRIO_KEY_DEINIT", NCRIO_KEY_DEINIT, struct ncr_key_deinit,
	      NCR_KEY_DEINIT_SIZE_VER0),
	  { NCR_KEY_DEINIT_SIZE_VER0 },
	  prep_deinit, 0, 0, 0, KEY(struct ncr_key_deinit, key) },
	{ IOC("NCRIO_KEY_RESTRICT", NCRIO_KEY_RESTRICT, struct ncr_key_restrict,
	      NCR_KEY_RESTRICT_SIZE_VER0),
	  { NCR_KEY_RESTRICT_SIZE_VER0 },
	  prep_restrict, 0, 0, 0, KEY(struct ncr_key_restrict, key) },
	{ IOC("NCRIO_KEY_TRUST", NCRIO_KEY_TRUST, struct ncr_key_trust,
	      NCR_KEY_TRUST_SIZE_VER0),
	  { NCR_KEY_TRUST_SIZE_VER0 },
	  prep_trust, 0, 0, 0, KEY(struct ncr_key_trust, key) },
	{ IOC("NCRIO_MASTER_KEY_SET", NCRIO_MASTER_KEY_SET,
	      struct ncr_master_key, NCR_MASTER_KEY_SIZE_VER0),
	  { NCR_MASTER_KEY_SIZE_VER0, NCR_MASTER_KEY_SIZE_VER1 },
	  prep_master, 0, 0, 0 },
	{ IOC("NCRIO_KEY_STORAGE_WRAP", NCRIO_KEY_STORAGE_WRAP,
	      struct ncr_key_storage, NCR_KEY_STORAGE_SIZE_VER0),
	  { NCR_KEY_STORAGE_SIZE_VER0 },
	  prep_wrap, 1, 0, 0, KEY(struct ncr_key_storage, key) },
	{ IOC("NCRIO_KEY_STORAGE_UNWRAP", NCRIO_KEY_STORAGE_UNWRAP,
	      struct ncr_key_storage, NCR_KEY_STORAGE_SIZE_VER0),
	  { NCR_KEY_STORAGE_SIZE_VER0 },
	  prep_unwrap, 1, 0, 1, KEY(struct ncr_key_storage, key) },
	{ IOC("NCRIO_KEY_WRAP", NCRIO_KEY_WRAP, struct ncr_key_wrap,
	      NCR_KEY_WRAP_SIZE_VER0),
	  { NCR_KEY_WRAP_SIZE_VER0, NCR_KEY_WRAP_SIZE_VER1 },
	  prep_kwrap, 1, 0, 0, KEY(struct ncr_key_wrap, key) },
	{ IOC("NCRIO_KEY_UNWRAP", NCRIO_KEY_UNWRAP, struct ncr_key_wrap,
	      NCR_KEY_WRAP_SIZE_VER0),
	  { NCR_KEY_WRAP_SIZE_VER0, NCR_KEY_WRAP_SIZE_VER1 },
	  prep_kunwrap, 1, 0, 1, KEY(struct ncr_key_wrap, key) },
	{ IOC("NCRIO_SESSION_INIT", NCRIO_SESSION_INIT, struct ncr_session_init,
	      NCR_SESSION_INIT_SIZE_VER0),
	  { NCR_SESSION_INIT_SIZE_VER0, NCR_SESSION_INIT_SIZE_VER1 },
	  prep_init, 1, 0, 1, SES(struct ncr_session_init, ses) },
	{ IOC("NCRIO_SESSION_UPDATE", NCRIO_SESSION_UPDATE,
	      struct ncr_session_op, NCR_SESSION_OP_SIZE_VER0),
	  { NCR_SESSION_OP_SIZE_VER0 },
	  prep_update, 0, 0, 0, SES(struct ncr_session_op, ses) },
	{ IOC("NCRIO_SESSION_FINAL", NCRIO_SESSION_FINAL, struct ncr_session_op,
	      NCR_SESSION_OP_SIZE_VER0),
	  { NCR_SESSION_OP_SIZE_VER0 },
	  prep_final, 0, 1, 0, SES(struct ncr_session_op, ses) },
	{ IOC("NCRIO_SESSION_ONCE", NCRIO_SESSION_ONCE, struct ncr_session_once,
	      NCR_SESSION_ONCE_SIZE_VER0),
	  { NCR_SESSION_ONCE_SIZE_VER0, NCR_SESSION_ONCE_SIZE_VER1,
	    NCR_SESSION_ONCE_SIZE_VER2 },
	  prep_once, 1, 0, 0 },
	{ IOC("NCRIO_SESSION_FREE", NCRIO_SESSION_FREE, struct ncr_session_free,
	      NCR_SESSION_FREE_SIZE_VER0),
	  { NCR_SESSION_FREE_SIZE_VER0 },
	  prep_free, 0, 1, 0, SES(struct ncr_session_free, ses) },
	{ IOC("NCRIO_BATCH", NCRIO_BATCH, struct ncr_batch,
	      NCR_BATCH_SIZE_VER0),
	  { NCR_BATCH_SIZE_VER0 },
	  prep_batch, 1, 0, 0 },
};
const size_t n_iocs = ARRAY_SIZE(iocs);

/* ------------------------------------------------- flags, reserved words */

#define FIELD(c, st, m, v) { c, offsetof(st, m), v, #st "." #m, \
			     (int)sizeof(((st *)0)->m) }
/* for a structure two ioctls share: the name says which */
#define FIELD_IO(c, st, m, v) { c, offsetof(st, m), v, #c ": " #st "." #m, \
				(int)sizeof(((st *)0)->m) }

const struct field fields[] = {
	FIELD(NCRIO_INFO, struct ncr_info, flags, 0),
	FIELD(NCRIO_INFO, struct ncr_info, __reserved, 0),
	FIELD(NCRIO_KEY_GENERATE, struct ncr_key_generate, flags,
	      NCR_KEY_FLAGS_ALL),
	FIELD(NCRIO_KEY_GENERATE, struct ncr_key_generate, usage,
	      NCR_KEY_USAGE_ALL),
	FIELD(NCRIO_KEY_GENERATE, struct ncr_key_generate, algs,
	      NCR_KEY_ALGS_ALL),
	FIELD(NCRIO_KEY_GENERATE, struct ncr_key_generate, __reserved, 0),
	FIELD(NCRIO_KEY_IMPORT, struct ncr_key_import, flags,
	      NCR_KEY_FLAGS_ALL),
	FIELD(NCRIO_KEY_IMPORT, struct ncr_key_import, usage,
	      NCR_KEY_USAGE_ALL),
	FIELD(NCRIO_KEY_IMPORT, struct ncr_key_import, algs,
	      NCR_KEY_ALGS_ALL),
	FIELD(NCRIO_KEY_IMPORT, struct ncr_key_import, __reserved, 0),
	/* a secret key: only format RAW (1), no curve */
	FIELD(NCRIO_KEY_IMPORT, struct ncr_key_import, format,
	      NCR_KEY_FORMAT_RAW),
	FIELD(NCRIO_KEY_IMPORT, struct ncr_key_import, bits, 0),
	FIELD(NCRIO_KEY_EXPORT, struct ncr_key_export, format,
	      NCR_KEY_FORMAT_RAW),
	/* the valid call is the plain form (the key's bytes): without
	 * FLAG_KEYRING, key_type and key_serial must be 0 */
	FIELD(NCRIO_MASTER_KEY_SET, struct ncr_master_key, flags,
	      NCR_MASTER_KEY_FLAGS_ALL),
	FIELD(NCRIO_MASTER_KEY_SET, struct ncr_master_key, __reserved, 0),
	FIELD(NCRIO_MASTER_KEY_SET, struct ncr_master_key, key_type, 0),
	FIELD(NCRIO_MASTER_KEY_SET, struct ncr_master_key, key_serial, 0),
	FIELD(NCRIO_MASTER_KEY_SET, struct ncr_master_key, __reserved2, 0),
	FIELD(NCRIO_KEY_STORAGE_WRAP, struct ncr_key_storage, __reserved, 0),
	FIELD(NCRIO_KEY_STORAGE_UNWRAP, struct ncr_key_storage, __reserved, 0),
	/* wrap: flags 0, and the new-key fields of unwrap must be 0 */
	FIELD_IO(NCRIO_KEY_WRAP, struct ncr_key_wrap, flags, 0),
	FIELD_IO(NCRIO_KEY_WRAP, struct ncr_key_wrap, type, 0),
	FIELD_IO(NCRIO_KEY_WRAP, struct ncr_key_wrap, usage, 0),
	FIELD_IO(NCRIO_KEY_WRAP, struct ncr_key_wrap, label_size, 0),
	FIELD_IO(NCRIO_KEY_WRAP, struct ncr_key_wrap, label, 0),
	FIELD_IO(NCRIO_KEY_WRAP, struct ncr_key_wrap, algs, 0),
	FIELD_IO(NCRIO_KEY_WRAP, struct ncr_key_wrap, __reserved, 0),
	FIELD_IO(NCRIO_KEY_UNWRAP, struct ncr_key_wrap, flags,
		 NCR_KEY_FLAGS_ALL),
	FIELD_IO(NCRIO_KEY_UNWRAP, struct ncr_key_wrap, usage,
		 NCR_KEY_USAGE_ALL),
	FIELD_IO(NCRIO_KEY_UNWRAP, struct ncr_key_wrap, algs,
		 NCR_KEY_ALGS_ALL),
	FIELD_IO(NCRIO_KEY_UNWRAP, struct ncr_key_wrap, __reserved, 0),
	/* restrict and trust */
	FIELD(NCRIO_KEY_RESTRICT, struct ncr_key_restrict, clear_flags,
	      NCR_KEY_FLAGS_ALL),
	FIELD(NCRIO_KEY_RESTRICT, struct ncr_key_restrict, clear_usage,
	      NCR_KEY_USAGE_ALL),
	FIELD(NCRIO_KEY_RESTRICT, struct ncr_key_restrict, clear_algs,
	      NCR_KEY_ALGS_ALL),
	FIELD(NCRIO_KEY_TRUST, struct ncr_key_trust, flags, 0),
	FIELD(NCRIO_KEY_TRUST, struct ncr_key_trust, __reserved, 0),
	FIELD(NCRIO_SESSION_INIT, struct ncr_session_init, flags,
	      NCR_SESSION_FLAGS_ALL),
	/* version-1 public-key fields: 0 for a symmetric algorithm */
	FIELD(NCRIO_SESSION_INIT, struct ncr_session_init, hash, 0),
	FIELD(NCRIO_SESSION_INIT, struct ncr_session_init, mgf1_hash, 0),
	FIELD(NCRIO_SESSION_INIT, struct ncr_session_init, salt_size, 0),
	FIELD(NCRIO_SESSION_INIT, struct ncr_session_init, pk_flags, 0),
	FIELD(NCRIO_SESSION_INIT, struct ncr_session_init, label, 0),
	FIELD(NCRIO_SESSION_INIT, struct ncr_session_init, label_size, 0),
	FIELD(NCRIO_SESSION_INIT, struct ncr_session_init, __reserved, 0),
	FIELD(NCRIO_SESSION_ONCE, struct ncr_session_once, hash, 0),
	FIELD(NCRIO_SESSION_ONCE, struct ncr_session_once, mgf1_hash, 0),
	FIELD(NCRIO_SESSION_ONCE, struct ncr_session_once, salt_size, 0),
	FIELD(NCRIO_SESSION_ONCE, struct ncr_session_once, pk_flags, 0),
	FIELD(NCRIO_SESSION_ONCE, struct ncr_session_once, label, 0),
	FIELD(NCRIO_SESSION_ONCE, struct ncr_session_once, label_size, 0),
	FIELD(NCRIO_SESSION_ONCE, struct ncr_session_once, __reserved, 0),
	/* version 2: mac_size only for MACs (AES-CBC here), reserved 0 */
	FIELD(NCRIO_SESSION_ONCE, struct ncr_session_once, mac_size, 0),
	FIELD(NCRIO_SESSION_ONCE, struct ncr_session_once, __reserved2, 0),
	/* key pairs and key agreement */
	FIELD(NCRIO_KEY_GENERATE_PAIR, struct ncr_key_generate_pair, flags,
	      NCR_KEY_FLAGS_ALL),
	FIELD(NCRIO_KEY_GENERATE_PAIR, struct ncr_key_generate_pair, usage,
	      NCR_KEY_USAGE_ALL),
	FIELD(NCRIO_KEY_GENERATE_PAIR, struct ncr_key_generate_pair,
	      public_usage, NCR_KEY_USAGE_ALL),
	FIELD(NCRIO_KEY_GENERATE_PAIR, struct ncr_key_generate_pair,
	      __reserved, 0),
	FIELD(NCRIO_KEY_GENERATE_PAIR, struct ncr_key_generate_pair, algs,
	      NCR_KEY_ALGS_ALL),
	FIELD(NCRIO_KEY_GENERATE_PAIR, struct ncr_key_generate_pair,
	      public_algs, NCR_KEY_ALGS_ALL),
	FIELD(NCRIO_KEY_DERIVE, struct ncr_key_derive, flags,
	      NCR_KEY_FLAGS_ALL),
	FIELD(NCRIO_KEY_DERIVE, struct ncr_key_derive, usage,
	      NCR_KEY_USAGE_ALL),
	FIELD(NCRIO_KEY_DERIVE, struct ncr_key_derive, algs,
	      NCR_KEY_ALGS_ALL),
	FIELD(NCRIO_KEY_DERIVE, struct ncr_key_derive, __reserved, 0),
	FIELD(NCRIO_KEY_KDF, struct ncr_key_kdf, flags, NCR_KEY_FLAGS_ALL),
	FIELD(NCRIO_KEY_KDF, struct ncr_key_kdf, usage, NCR_KEY_USAGE_ALL),
	FIELD(NCRIO_KEY_KDF, struct ncr_key_kdf, algs, NCR_KEY_ALGS_ALL),
	FIELD(NCRIO_KEY_KDF, struct ncr_key_kdf, __reserved, 0),
	FIELD(NCRIO_SESSION_UPDATE, struct ncr_session_op, flags,
	      NCR_OP_FLAGS_ALL),
	FIELD(NCRIO_SESSION_FINAL, struct ncr_session_op, flags,
	      NCR_OP_FLAGS_ALL),
	FIELD(NCRIO_SESSION_ONCE, struct ncr_session_once, flags,
	      NCR_SESSION_FLAGS_ALL),
	/* "op_flags: NCR_OP_FLAG_* (KEY_DATA only)" */
	FIELD(NCRIO_SESSION_ONCE, struct ncr_session_once, op_flags,
	      NCR_OP_FLAG_KEY_DATA),
	FIELD(NCRIO_BATCH, struct ncr_batch, flags, NCR_BATCH_FLAGS_ALL),
};
const size_t n_fields = ARRAY_SIZE(fields);

/* ------------------------------------------------------- data pointers */

static const char *prep_info_algs(void *p)
{
	struct ncr_info *s = p;

	prep_info(p);
	s->algs = PTR64(buf_out);
	s->alg_count = 4;
	return NULL;
}

static const char *prep_gcm_once(void *p)
{
	struct ncr_session_once *s = p;

	prep_once(p);
	s->algorithm = NCR_ALG_AES_GCM;
	s->iv_size = 12;
	s->aad = PTR64(buf_in + 100);
	s->aad_size = 16;
	s->tag = PTR64(buf_tag);
	s->tag_size = 16;
	return NULL;
}

static const char *prep_master_ptr(void *p)
{
	struct ncr_master_key *s = p;

	if (!is_root)
		return "needs root";
	s->key = PTR64(buf_in);
	s->key_size = 32;
	return NULL;
}

#define PF(c, st, m, pr) { c, offsetof(st, m), #st "." #m, pr }
#define PF_IO(c, st, m, pr) { c, offsetof(st, m), #c ": " #st "." #m, pr }

const struct ptrfield ptrfields[] = {
	PF(NCRIO_INFO, struct ncr_info, algs, prep_info_algs),
	PF(NCRIO_KEY_IMPORT, struct ncr_key_import, data, NULL),
	PF(NCRIO_KEY_GENERATE, struct ncr_key_generate, label, NULL),
	PF(NCRIO_KEY_IMPORT, struct ncr_key_import, label, NULL),
	PF(NCRIO_KEY_EXPORT, struct ncr_key_export, data, NULL),
	PF(NCRIO_KEY_GENERATE_PAIR, struct ncr_key_generate_pair, params,
	   prep_genpair_dh),
	PF(NCRIO_KEY_GENERATE_PAIR, struct ncr_key_generate_pair, label,
	   NULL),
	PF(NCRIO_KEY_DERIVE, struct ncr_key_derive, peer, NULL),
	PF(NCRIO_KEY_DERIVE, struct ncr_key_derive, label, NULL),
	PF(NCRIO_KEY_KDF, struct ncr_key_kdf, salt, NULL),
	PF(NCRIO_KEY_KDF, struct ncr_key_kdf, info, NULL),
	PF(NCRIO_KEY_KDF, struct ncr_key_kdf, label, NULL),
	PF(NCRIO_KEY_KDF, struct ncr_key_kdf, password, prep_pbkdf2),
	PF(NCRIO_MASTER_KEY_SET, struct ncr_master_key, key, prep_master_ptr),
	PF(NCRIO_KEY_STORAGE_WRAP, struct ncr_key_storage, blob, NULL),
	PF(NCRIO_KEY_STORAGE_UNWRAP, struct ncr_key_storage, blob, NULL),
	PF_IO(NCRIO_KEY_WRAP, struct ncr_key_wrap, data, NULL),
	PF_IO(NCRIO_KEY_UNWRAP, struct ncr_key_wrap, data, NULL),
	PF_IO(NCRIO_KEY_UNWRAP, struct ncr_key_wrap, label, NULL),
	PF(NCRIO_SESSION_INIT, struct ncr_session_init, iv, NULL),
	PF(NCRIO_SESSION_UPDATE, struct ncr_session_op, input, NULL),
	PF(NCRIO_SESSION_UPDATE, struct ncr_session_op, output, NULL),
	PF(NCRIO_SESSION_FINAL, struct ncr_session_op, input, NULL),
	PF(NCRIO_SESSION_FINAL, struct ncr_session_op, tag, NULL),
	PF(NCRIO_SESSION_ONCE, struct ncr_session_once, iv, NULL),
	PF(NCRIO_SESSION_ONCE, struct ncr_session_once, input, NULL),
	PF(NCRIO_SESSION_ONCE, struct ncr_session_once, output, NULL),
	PF(NCRIO_SESSION_ONCE, struct ncr_session_once, aad, prep_gcm_once),
	PF(NCRIO_SESSION_ONCE, struct ncr_session_once, tag, prep_gcm_once),
	PF(NCRIO_BATCH, struct ncr_batch, ops, NULL),
};
const size_t n_ptrfields = ARRAY_SIZE(ptrfields);
