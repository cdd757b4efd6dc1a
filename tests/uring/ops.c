// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ops.c - build/tests/uring: random one-shot operations of every
 * symmetric algorithm (the tests' own table, tap.h), as struct
 * ncr_session_once filled by hand, each with the result OpenSSL says it
 * must have: ciphers both ways, AEAD encryptions and decryptions (some
 * with a wrong tag: EBADMSG), digests, MACs made and verified (some
 * wrong: NCR_VERIFY_FAILED).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "uring.h"

static const size_t aes_lens[] = { 16, 24, 32 };

int tkey_make(int fd, const struct talg *a, struct rng *r, struct tkey *k)
{
	uint32_t usage;

	memset(k, 0, sizeof(*k));
	switch (a->key_type) {
	case 0:
		return 0;	/* digests: no key */
	case NCR_KEY_TYPE_AES:
		k->len = a->alg == NCR_ALG_AES_XTS ? 32 * (1 + rng_below(r, 2))
						   : aes_lens[rng_below(r, 3)];
		break;
	case NCR_KEY_TYPE_DES3:
		k->len = 24;
		break;
	case NCR_KEY_TYPE_CHACHA20:
		k->len = 32;
		break;
	default:		/* HMAC */
		k->len = 16 + rng_below(r, 49);
		break;
	}
	rng_fill(r, k->bytes, k->len);
	usage = a->kind == TK_MAC ? NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY
				  : NCR_KEY_USAGE_ENCRYPT |
				    NCR_KEY_USAGE_DECRYPT;
	return key_import(fd, a->key_type, NCR_KEY_FORMAT_RAW, 0, k->bytes,
			  k->len, 0, usage, talg_keybit(a->alg), NULL, 0,
			  &k->handle);
}

/* An input length for a: mostly short, sometimes past the zero-copy
 * threshold (4096) and NCR_COPY_BOUND, never past max_len. */
static size_t pick_len(const struct talg *a, struct rng *r, size_t max_len)
{
	uint32_t p = rng_below(r, 100);
	size_t len, unit = 1;

	if (p < 70)
		len = rng_below(r, 257);
	else if (p < 95)
		len = 257 + rng_below(r, 5000);
	else
		len = rng_below(r, (uint32_t)max_len + 1);
	if (len > max_len)
		len = max_len;
	if (a->kind == TK_CIPHER && a->block > 1)
		unit = a->block;
	if (a->alg == NCR_ALG_AES_XTS)
		unit = 16;
	len -= len % unit;
	if (unit > 1 && !len)
		len = unit;	/* block modes: at least one block */
	return len;
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		abort();
	return p;
}

void top_reset(struct top *t)
{
	uint32_t op = t->o.op;

	if (t->out)
		memset(t->out, 0, t->out_cap);
	t->o.output_size = t->out ? t->out_cap : 0;
	t->o.result = 0;
	if (op == NCR_OP_SIGN || (t->a->kind == TK_AEAD &&
				  op == NCR_OP_ENCRYPT)) {
		memset(t->tag, 0, t->tag_cap);
		t->o.tag_size = (uint32_t)t->tag_cap;
	}
	/* VERIFY and AEAD decryption: tag_size is the expected value's
	 * length, which the kernel leaves alone */
}

/* The common part: the structure, the buffers. */
static void top_init(struct top *t, const struct talg *a,
		     const struct tkey *k, struct rng *r, size_t len,
		     uint32_t flags)
{
	memset(t, 0, sizeof(*t));
	t->a = a;
	t->len = len;
	t->in = xmalloc(len);
	rng_fill(r, t->in, len);
	t->o.size = sizeof(t->o);
	t->o.flags = flags;
	t->o.algorithm = a->alg;
	t->o.key = k->handle;
	t->o.input = PTR64(t->in);
	t->o.input_size = len;
	if (a->iv) {
		t->iv = xmalloc(a->iv);
		rng_fill(r, t->iv, a->iv);
		t->o.iv = PTR64(t->iv);
		t->o.iv_size = a->iv;
	}
}

static int make_cipher(struct top *t, const struct tkey *k, struct rng *r,
		       int enc)
{
	t->o.op = enc ? NCR_OP_ENCRYPT : NCR_OP_DECRYPT;
	t->out_cap = t->len + rng_below(r, 2) * rng_below(r, 33);
	t->out = xmalloc(t->out_cap);
	t->o.output = PTR64(t->out);
	t->want_out = xmalloc(t->len);
	t->want_out_len = t->len;
	return ref_cipher(t->a->alg, enc, k->bytes, k->len, t->iv, t->in,
			  t->len, t->want_out);
}

static int make_aead(struct top *t, const struct tkey *k, struct rng *r)
{
	size_t aad_len = rng_below(r, 4) ? rng_below(r, 65) : 0;
	int enc = (int)rng_below(r, 2);
	uint8_t *pt;

	t->aad = xmalloc(aad_len);
	rng_fill(r, t->aad, aad_len);
	t->o.aad = PTR64(t->aad);
	t->o.aad_size = aad_len;
	t->tag_cap = t->a->tag;
	t->tag = xmalloc(t->tag_cap);
	t->o.tag = PTR64(t->tag);
	t->o.tag_size = (uint32_t)t->tag_cap;
	t->out_cap = t->len + rng_below(r, 2) * 16;
	t->out = xmalloc(t->out_cap);
	t->o.output = PTR64(t->out);
	t->want_out = xmalloc(t->len);
	t->want_out_len = t->len;
	t->want_tag = xmalloc(t->tag_cap);
	if (enc) {
		t->o.op = NCR_OP_ENCRYPT;
		t->want_tag_len = t->tag_cap;
		return ref_aead(t->a->alg, 1, k->bytes, k->len, t->iv,
				t->a->iv, t->aad, aad_len, t->in, t->len,
				t->want_out, t->want_tag, t->tag_cap);
	}
	/* decrypt: in is the ciphertext of a random plaintext (want_out) */
	t->o.op = NCR_OP_DECRYPT;
	pt = t->want_out;
	rng_fill(r, pt, t->len);
	if (ref_aead(t->a->alg, 1, k->bytes, k->len, t->iv, t->a->iv, t->aad,
		     aad_len, pt, t->len, t->in, t->tag, t->tag_cap))
		return -1;
	if (!rng_below(r, 8)) {
		t->tag[rng_below(r, (uint32_t)t->tag_cap)] ^=
			(uint8_t)(1 + rng_below(r, 255));
		t->want_err = -EBADMSG;
	}
	return 0;
}

static int make_hash(struct top *t, const struct tkey *k, struct rng *r)
{
	size_t n = 0;
	int verify = t->a->kind == TK_MAC && rng_below(r, 2);

	t->want_tag = xmalloc(NCR_MAX_TAG);
	if (t->a->kind == TK_DIGEST ?
	    ref_digest(t->a->alg, t->in, t->len, t->want_tag, &n) :
	    ref_mac(t->a->alg, k->bytes, k->len, t->in, t->len, t->want_tag,
		    &n))
		return -1;
	t->tag_cap = verify ? n : n + rng_below(r, 2) * rng_below(r, 17);
	t->tag = xmalloc(t->tag_cap);
	t->o.tag = PTR64(t->tag);
	t->o.tag_size = (uint32_t)t->tag_cap;
	if (!verify) {
		t->o.op = NCR_OP_SIGN;
		t->want_tag_len = n;
		return 0;
	}
	t->o.op = NCR_OP_VERIFY;
	memcpy(t->tag, t->want_tag, n);
	t->want_result = NCR_VERIFY_OK;
	if (!rng_below(r, 4)) {
		t->tag[rng_below(r, (uint32_t)n)] ^=
			(uint8_t)(1 + rng_below(r, 255));
		t->want_result = NCR_VERIFY_FAILED;
	}
	return 0;
}

int top_make(struct top *t, const struct talg *a, const struct tkey *k,
	     struct rng *r, size_t max_len, uint32_t flags)
{
	int e;

	top_init(t, a, k, r, pick_len(a, r, max_len), flags);
	switch (a->kind) {
	case TK_CIPHER:
		e = make_cipher(t, k, r, (int)rng_below(r, 2));
		break;
	case TK_AEAD:
		e = make_aead(t, k, r);
		break;
	default:
		e = make_hash(t, k, r);
		break;
	}
	top_reset(t);
	return e;
}

int top_make_cbc(struct top *t, const struct tkey *k, struct rng *r,
		 size_t len, int enc, uint32_t flags)
{
	int e;

	top_init(t, talg_get(NCR_ALG_AES_CBC), k, r, len, flags);
	e = make_cipher(t, k, r, enc);
	t->out_cap = len;	/* exactly: the asynchronous path's case */
	top_reset(t);
	return e;
}

int top_check(const struct top *t, int res, const char *what, int *bad)
{
	const char *why = NULL;
	uint32_t op = t->o.op;

	if (res != t->want_err)
		why = "result";
	else if (res)
		return 0;
	else if (t->want_out && (t->o.output_size != t->want_out_len ||
				 memcmp(t->out, t->want_out, t->len)))
		why = "output";
	else if (t->want_tag_len && (t->o.tag_size != t->want_tag_len ||
				     memcmp(t->tag, t->want_tag,
					    t->want_tag_len)))
		why = "tag";
	else if (op == NCR_OP_VERIFY && t->o.result != t->want_result)
		why = "verify result";
	if (!why)
		return 0;
	if (!(*bad)++)
		tap_diag("%s: %s %s of %zu bytes: wrong %s (got %s, want %s; "
			 "output_size %llu, tag_size %u, result %u)", what,
			 t->a->name, op == NCR_OP_ENCRYPT ? "encrypt" :
			 op == NCR_OP_DECRYPT ? "decrypt" : op == NCR_OP_SIGN ?
			 "sign" : "verify", t->len, why, errname(res),
			 errname(t->want_err),
			 (unsigned long long)t->o.output_size, t->o.tag_size,
			 t->o.result);
	return -1;
}

void top_free(struct top *t)
{
	free(t->in);
	free(t->out);
	free(t->tag);
	free(t->aad);
	free(t->iv);
	free(t->want_out);
	free(t->want_tag);
	memset(t, 0, sizeof(*t));
}
