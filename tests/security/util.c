// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * util.c - helpers shared by the sections of build/tests/security: the
 * test key and IV, live-counter checks (expect_none), key creation with
 * a whole policy, key info compared field by field, hashing a key's
 * material.  See tests/security/main.c for the program.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <string.h>

#include "security.h"

const uint8_t aes_bytes[16] = {
	0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
	0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c,
};
const uint8_t iv16[16] = { 0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6,
			   0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd,
			   0xfe, 0xff };

struct live live_now(void)
{
	struct live l = { 0 };

	live_get(fd, &l);
	return l;
}

int live_same(const struct live *a)
{
	struct live b = live_now();

	return a->keys == b.keys && a->sessions == b.sessions;
}

/* err == want and nothing was created or destroyed since *before. */
int expect_none(int got, int want, const struct live *before,
		const char *fmt, ...)
{
	char name[400];
	va_list ap;
	int same = live_same(before);

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	if (got != want)
		return tap_ok(0, "%s: got %s, want %s", name, errname(got),
			      errname(want));
	return tap_ok(same, "%s: %s%s", name, errname(want),
		      same ? "" : ", but live keys/sessions changed");
}

int cbc_encrypt(int ctx, uint32_t key, const void *in, size_t len,
		uint8_t *out)
{
	size_t n = len;

	return ncr_cipher(ctx, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, key, iv16, 16,
			  in, len, out, &n);
}

/* Key creation with a whole policy (algs 0: the default set). */
int gen_key(int ctx, uint32_t type, uint32_t bits, uint32_t flags,
	    uint32_t usage, uint64_t algs, uint32_t *key)
{
	struct ncr_key_policy p = {
		.flags = flags, .usage = usage, .algs = algs,
	};

	return ncr_key_generate_ex(ctx, type, bits, &p, key);
}

int imp_key(int ctx, uint32_t type, const void *bytes, size_t len,
	    uint32_t flags, uint32_t usage, uint64_t algs,
	    const char *label, uint32_t *key)
{
	struct ncr_key_policy p = {
		.flags = flags, .usage = usage, .algs = algs, .label = label,
		.label_len = label ? strlen(label) : 0,
	};

	return ncr_key_import_ex(ctx, type, 0, 0, bytes, len, &p, key);
}

int unwrap_key(int ctx, uint32_t walg, uint32_t wk, const void *in,
	       size_t len, uint32_t type, uint32_t flags,
	       uint32_t usage, uint64_t algs, uint32_t *key)
{
	struct ncr_key_policy p = {
		.flags = flags, .usage = usage, .algs = algs,
	};

	return ncr_key_unwrap_ex(ctx, walg, wk, in, len, type, &p, key);
}

/* Key info, structure version 1 (algs, attrs, label); zeroed on error. */
int kinfo(int ctx, uint32_t key, struct ncr_key_info *ki)
{
	int r = ncr_key_get_info(ctx, key, ki);

	if (r)
		memset(ki, 0, sizeof(*ki));
	return r;
}

/*
 * 1 if two keys' info (version 1) is identical in every field but the
 * handle; else 0, with the first field that differs in *why.
 */
int key_info_equal_why(const struct ncr_key_info *a,
		       const struct ncr_key_info *b, const char **why)
{
	const char *w = NULL;

	if (a->flags != b->flags)
		w = "flags";
	else if (a->usage != b->usage)
		w = "usage";
	else if (a->type != b->type)
		w = "type";
	else if (a->bits != b->bits)
		w = "bits";
	else if (a->key_class != b->key_class)
		w = "key_class";
	else if (a->key_id_size != b->key_id_size ||
		 a->key_id_size > NCR_KEY_ID_MAX ||
		 memcmp(a->key_id, b->key_id, a->key_id_size))
		w = "key_id";
	else if (a->algs != b->algs)
		w = "algs";
	else if (a->attrs != b->attrs)
		w = "attrs";
	else if (a->label_size != b->label_size ||
		 a->label_size > NCR_KEY_LABEL_MAX ||
		 memcmp(a->label, b->label, a->label_size))
		w = "label";
	if (why)
		*why = w ? w : "none";
	return !w;
}

int key_info_equal(const struct ncr_key_info *a,
		   const struct ncr_key_info *b)
{
	return key_info_equal_why(a, b, NULL);
}

/* Raw once hashing the material of a key (libncr has no helper). */
int once_key_data(int ctx, uint32_t alg, uint32_t mac_key,
		  uint32_t input_key, uint8_t *out, uint32_t *out_len)
{
	struct ncr_session_once o = {
		.size = sizeof(o), .algorithm = alg, .op = NCR_OP_SIGN,
		.key = mac_key, .op_flags = NCR_OP_FLAG_KEY_DATA,
		.input_key = input_key, .tag = PTR64(out),
		.tag_size = *out_len,
	};
	int r = xioctl(ctx, NCRIO_SESSION_ONCE, &o);

	if (!r)
		*out_len = o.tag_size;
	return r;
}
