// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/batch/job.c - part of build/tests/batch (see tests/batch/main.c):
 * one operation (struct job) made at random with its OpenSSL reference,
 * run as an element of one NCRIO_BATCH and alone with NCRIO_SESSION_ONCE,
 * and the comparison of the three.
 *
 * The two runs must agree exactly: the same errno, output_size, tag_size
 * and result, the same output and tag bytes (except signatures that are
 * randomized: ECDSA, RSA-PSS with a salt; both must then verify), no byte
 * written past output_size, nothing written on failure.  With a reference
 * (want_err != NO_REF) they must also give what OpenSSL gives: the
 * output, the tag or digest or MAC (truncated to mac_size), the verdict of
 * a VERIFY, EBADMSG for a tampered AEAD message.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"

#define FILL 0xee
#define SLACK 64

const char *op_name(uint32_t op)
{
	switch (op) {
	case NCR_OP_ENCRYPT: return "encrypt";
	case NCR_OP_DECRYPT: return "decrypt";
	case NCR_OP_SIGN: return "sign";
	case NCR_OP_VERIFY: return "verify";
	}
	return "op?";
}

size_t rand_len(void)
{
	switch (rng_below(&rng, 16)) {
	case 0:
		return 0;
	case 1: case 2: case 3: case 4: case 5: case 6: case 7: case 8:
		return rng_below(&rng, 300);
	case 9: case 10: case 11:
		return rng_below(&rng, 4096);
	case 12: case 13: case 14:
		return 4096 + rng_below(&rng, NCR_COPY_BOUND);
	default:
		return NCR_COPY_BOUND + rng_below(&rng, 3 * NCR_COPY_BOUND);
	}
}

static const uint8_t *pool_at(size_t len)
{
	return pool + rng_below(&rng, (uint32_t)(POOL_SIZE - len + 1));
}

static int alloc_outs(struct job *j)
{
	for (int w = 0; w < 2; w++) {
		j->out[w] = malloc(j->out_cap + SLACK);
		if (!j->out[w])
			return -1;
	}
	j->ref_out = malloc(j->out_cap + 1);
	return j->ref_out ? 0 : -1;
}

void job_free(struct job *j)
{
	free(j->out[B]);
	free(j->out[S]);
	free(j->ref_out);
	free(j->in_own);
	memset(j, 0, sizeof(*j));
}

/* a tag length the AEAD takes: 0 (the full one) now and then */
static uint32_t aead_tag(uint32_t alg)
{
	static const uint32_t gcm[] = { 4, 8, 12, 13, 14, 15, 16, 16 };

	if (!rng_below(&rng, 6))
		return 0;
	switch (alg) {
	case NCR_ALG_AES_GCM:
		return gcm[rng_below(&rng, ARRAY_SIZE(gcm))];
	case NCR_ALG_AES_CCM:
		return 4 + 2 * rng_below(&rng, 7);
	}
	return 16;
}

static int job_cipher(struct job *j, size_t len)
{
	const struct talg *a = j->a;
	int enc = rng_below(&rng, 2);

	j->op = enc ? NCR_OP_ENCRYPT : NCR_OP_DECRYPT;
	j->iv_len = a->iv;
	rng_fill(&rng, j->iv, sizeof(j->iv));
	if (a->alg == NCR_ALG_CHACHA20) {
		/* a small block counter: OpenSSL carries its overflow into
		 * the nonce, the kernel does not */
		uint32_t ctr = rng_below(&rng, 65536);

		memcpy(j->iv, &ctr, 4);
	}
	if (a->block > 1 && a->alg != NCR_ALG_AES_XTS)
		len -= len % a->block;
	if (a->alg == NCR_ALG_AES_XTS && len < 16)
		len += 16;
	j->len = len;
	j->out_cap = len + 16;
	if (!rng_below(&rng, 24)) {
		/* a length the mode refuses: both runs must refuse it */
		if (a->alg == NCR_ALG_AES_XTS)
			j->len = rng_below(&rng, 16);
		else if (a->block > 1)
			j->len = len + 1 + rng_below(&rng, a->block - 1);
		j->want_err = a->block > 1 ? -EINVAL : 0;
		j->out_cap = j->len + 16;
	}
	if (j->len && !rng_below(&rng, 24)) {
		/* too little output room: ERANGE with the size needed */
		j->out_cap = j->len - 1;
		j->want_err = NO_REF;
	}
	j->in = pool_at(j->len);
	if (alloc_outs(j))
		return -1;
	if (j->want_err)
		return 0;
	return ref_cipher(a->alg, enc, j->k->bytes, j->k->len, j->iv, j->in,
			  j->len, j->ref_out);
}

static int job_aead(struct job *j, size_t len)
{
	const struct talg *a = j->a;
	uint32_t full = a->tag, t;
	uint8_t *pt;

	j->op = rng_below(&rng, 2) ? NCR_OP_ENCRYPT : NCR_OP_DECRYPT;
	j->iv_len = a->alg == NCR_ALG_AES_CCM ? 7 + rng_below(&rng, 7) : 12;
	rng_fill(&rng, j->iv, sizeof(j->iv));
	if (a->alg == NCR_ALG_AES_CCM && j->iv_len == 13 && len > 65535)
		len = 65535;	/* L = 2 bytes of length */
	j->len = len;
	j->tag_size = aead_tag(a->alg);
	t = j->tag_size ? j->tag_size : full;
	j->aad_len = rng_below(&rng, 4) ? rng_below(&rng, 65) :
		     rng_below(&rng, 2000);
	j->aad = pool_at(j->aad_len);
	j->out_cap = len + 16;
	if (alloc_outs(j))
		return -1;
	pt = (uint8_t *)pool_at(len);
	if (j->op == NCR_OP_ENCRYPT) {
		j->in = pt;
		j->ref_tag_size = t;
		/* tag_size 0 asks for the full tag with no room for it:
		 * ERANGE (tag_size set to the length needed) */
		if (!j->tag_size)
			j->want_err = -ERANGE;
		return ref_aead(a->alg, 1, j->k->bytes, j->k->len, j->iv,
				j->iv_len, j->aad, j->aad_len, j->in, len,
				j->ref_out, j->ref_tag, t);
	}
	/* decryption of what OpenSSL encrypted, tampered now and then */
	j->in_own = malloc(len + 1);
	if (!j->in_own)
		return -1;
	if (ref_aead(a->alg, 1, j->k->bytes, j->k->len, j->iv, j->iv_len,
		     j->aad, j->aad_len, pt, len, j->in_own, j->tag_in, t))
		return -1;
	j->in = j->in_own;
	memcpy(j->ref_out, pt, len);
	if (!rng_below(&rng, 5)) {
		if (len && rng_below(&rng, 2))
			j->in_own[rng_below(&rng, (uint32_t)len)] ^=
				1 << rng_below(&rng, 8);
		else
			j->tag_in[rng_below(&rng, t)] ^= 1 << rng_below(&rng, 8);
		j->want_err = -EBADMSG;
	}
	/* the expected tag travels in tag with tag_size its length */
	j->tag_size = t;
	return 0;
}

static int job_digest_mac(struct job *j, size_t len)
{
	const struct talg *a = j->a;
	uint8_t full[NCR_MAX_TAG];
	size_t n = 0;
	uint32_t m;
	int r;

	j->op = rng_below(&rng, 3) ? NCR_OP_SIGN : NCR_OP_VERIFY;
	j->len = len;
	j->in = pool_at(len);
	j->out_cap = 0;
	if (alloc_outs(j))
		return -1;
	if (a->kind == TK_MAC) {
		r = ref_mac(a->alg, j->k->bytes, j->k->len, j->in, len, full,
			    &n);
		if (!rng_below(&rng, 3))
			j->mac_size = (uint32_t)talg_mac_min(a->alg) +
				rng_below(&rng, a->tag + 1 -
					  (uint32_t)talg_mac_min(a->alg));
	} else {
		r = ref_digest(a->alg, j->in, len, full, &n);
	}
	if (r || n != a->tag)
		return -1;
	m = j->mac_size ? j->mac_size : a->tag;
	memcpy(j->ref_tag, full, m);
	j->ref_tag_size = m;
	if (j->op == NCR_OP_SIGN) {
		j->tag_size = rng_below(&rng, 2) ? NCR_MAX_TAG : m;
		return 0;
	}
	memcpy(j->tag_in, full, m);
	j->tag_size = m;
	j->ref_result = NCR_VERIFY_OK;
	switch (rng_below(&rng, 6)) {
	case 0:
		j->tag_in[rng_below(&rng, m)] ^= 1 << rng_below(&rng, 8);
		j->ref_result = NCR_VERIFY_FAILED;
		break;
	case 1:	/* another length: a failed verification */
		j->tag_size = m > 8 && rng_below(&rng, 2) ? m - 1 : m + 1;
		if (j->tag_size > a->tag)
			j->tag_size = m - 1;
		j->ref_result = NCR_VERIFY_FAILED;
		break;
	}
	return 0;
}

int job_sym(struct job *j, uint32_t alg, const struct bkey *k, size_t len)
{
	memset(j, 0, sizeof(*j));
	j->alg = alg;
	j->a = talg_get(alg);
	j->k = k;
	if (!j->a || (j->a->key_type && !k))
		return -1;
	if (len > POOL_SIZE - 64)
		len = POOL_SIZE - 64;
	switch (j->a->kind) {
	case TK_CIPHER:
		return job_cipher(j, len);
	case TK_AEAD:
		return job_aead(j, len);
	default:
		return job_digest_mac(j, len);
	}
}

void job_once(const struct job *j, struct ncr_session_once *o, int which)
{
	memset(o, 0, sizeof(*o));
	o->size = sizeof(*o);
	o->flags = j->flags;
	o->algorithm = j->alg;
	o->op = j->op;
	o->key = j->k ? j->k->handle : 0;
	o->iv = j->iv_len ? PTR64(j->iv) : 0;
	o->iv_size = j->iv_len;
	o->input = PTR64(j->in);
	o->input_size = j->len;
	o->output = PTR64(j->out[which]);
	o->output_size = j->out_cap;
	o->aad = j->aad_len ? PTR64(j->aad) : 0;
	o->aad_size = j->aad_len;
	o->tag = PTR64(j->tag[which]);
	o->tag_size = j->tag_size;
	o->result = 0xdead;
	o->hash = j->hash;
	o->salt_size = j->salt;
	o->mac_size = j->mac_size;
}

/* Before a run: outputs filled, the expected tag in place. */
static void job_prime(struct job *j, int which)
{
	memset(j->out[which], FILL, j->out_cap + SLACK);
	memset(j->tag[which], FILL, sizeof(j->tag[which]));
	if (j->op == NCR_OP_VERIFY ||
	    (j->a && j->a->kind == TK_AEAD && j->op == NCR_OP_DECRYPT))
		memcpy(j->tag[which], j->tag_in, sizeof(j->tag_in));
	memset(&j->r[which], 0, sizeof(j->r[which]));
}

int jobs_batch(struct job *js, size_t n, uint32_t flags,
	       struct ncr_batch *b)
{
	struct ncr_batch_op *ops = calloc(n ? n : 1, sizeof(*ops));
	int r;

	if (!ops)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		job_prime(&js[i], B);
		ops[i].type = NCR_BATCH_OP_ONCE;
		ops[i].error = 0x7eadbeef;
		job_once(&js[i], &ops[i].once, B);
	}
	memset(b, 0, sizeof(*b));
	b->size = sizeof(*b);
	b->flags = flags;
	b->ops = PTR64(ops);
	b->op_size = sizeof(*ops);
	b->count = (uint32_t)n;
	r = xioctl(fd, NCRIO_BATCH, b);
	for (size_t i = 0; i < n; i++) {
		struct res *res = &js[i].r[B];

		if (r || i >= b->done) {
			res->err = 1;	/* not run */
			continue;
		}
		res->err = ops[i].error;
		res->out_size = ops[i].once.output_size;
		res->tag_size = ops[i].once.tag_size;
		res->result = ops[i].once.result;
	}
	free(ops);
	return r;
}

void jobs_single(struct job *js, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct ncr_session_once o;
		struct res *res = &js[i].r[S];

		job_prime(&js[i], S);
		job_once(&js[i], &o, S);
		res->err = xioctl(fd, NCRIO_SESSION_ONCE, &o);
		res->out_size = o.output_size;
		res->tag_size = o.tag_size;
		res->result = o.result;
	}
}

static int filled(const uint8_t *p, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (p[i] != FILL)
			return 0;
	return 1;
}

#define WHY(...) (snprintf(why, why_len, __VA_ARGS__), 0)

/* The checks of one run against the reference. */
static int ref_ok(const struct job *j, int w, char *why, size_t why_len)
{
	const struct res *r = &j->r[w];
	const char *run = w == B ? "batch" : "single";
	int sign_like = j->op == NCR_OP_SIGN;

	if (j->want_err == NO_REF)
		return 1;
	if (r->err != j->want_err)
		return WHY("%s: %s, OpenSSL says %s", run, errname(r->err),
			   errname(j->want_err));
	if (r->err)
		return 1;
	if (j->ref_check)
		return j->ref_check(j, w, why, why_len);
	if (j->op == NCR_OP_VERIFY)
		return r->result == j->ref_result ? 1 :
			WHY("%s: result %u, OpenSSL's verdict %u", run,
			    r->result, j->ref_result);
	if (j->a->kind == TK_CIPHER || j->a->kind == TK_AEAD) {
		if (r->out_size != j->len)
			return WHY("%s: output_size %llu, want %zu", run,
				   (unsigned long long)r->out_size, j->len);
		if (memcmp(j->out[w], j->ref_out, j->len))
			return WHY("%s: output differs from OpenSSL's", run);
	}
	if (sign_like || (j->a->kind == TK_AEAD && j->op == NCR_OP_ENCRYPT)) {
		if (r->tag_size != j->ref_tag_size)
			return WHY("%s: tag_size %u, want %u", run,
				   r->tag_size, j->ref_tag_size);
		if (memcmp(j->tag[w], j->ref_tag, j->ref_tag_size))
			return WHY("%s: tag differs from OpenSSL's", run);
	}
	return 1;
}

int job_check(const struct job *j, char *why, size_t why_len)
{
	const struct res *b = &j->r[B], *s = &j->r[S];

	if (b->err == 1)
		return WHY("not run in the batch");
	if (b->err != s->err)
		return WHY("batch %s, single %s", errname(b->err),
			   errname(s->err));
	if (!b->err || b->err == -ERANGE) {
		/* a DER ECDSA signature's length varies from call to call */
		if (b->out_size != s->out_size ||
		    (b->tag_size != s->tag_size && !j->randomized))
			return WHY("batch output_size %llu tag_size %u, single "
				   "%llu %u", (unsigned long long)b->out_size,
				   b->tag_size,
				   (unsigned long long)s->out_size,
				   s->tag_size);
	}
	if (!b->err && j->op == NCR_OP_VERIFY && b->result != s->result)
		return WHY("batch result %u, single %u", b->result, s->result);
	for (int w = 0; w < 2; w++) {
		const struct res *r = &j->r[w];
		size_t used = r->err ? 0 : r->out_size;

		if (used > j->out_cap || !filled(j->out[w], used,
						 j->out_cap + SLACK))
			return WHY("%s: output written past output_size %llu "
				   "(%s)", w == B ? "batch" : "single",
				   (unsigned long long)used, errname(r->err));
	}
	if (!b->err) {
		if (b->out_size && memcmp(j->out[B], j->out[S], b->out_size))
			return WHY("outputs differ");
		if (j->op == NCR_OP_SIGN && !j->randomized &&
		    memcmp(j->tag[B], j->tag[S], b->tag_size))
			return WHY("tags differ");
		if (j->op == NCR_OP_ENCRYPT &&
		    memcmp(j->tag[B], j->tag[S], b->tag_size))
			return WHY("tags differ");
	}
	return ref_ok(j, B, why, why_len) && ref_ok(j, S, why, why_len);
}

int jobs_run_check(struct job *js, size_t n, uint32_t flags, char *first,
		   size_t first_len)
{
	struct ncr_batch b;
	uint32_t failed = 0;
	int bad = 0, r;
	char why[300];

	r = jobs_batch(js, n, flags, &b);
	jobs_single(js, n);
	if (r || b.done != n) {
		if (first)
			snprintf(first, first_len, "NCRIO_BATCH: %s, done %u "
				 "of %zu", errname(r), b.done, n);
		return (int)n;
	}
	for (size_t i = 0; i < n; i++) {
		failed += js[i].r[B].err != 0;
		if (job_check(&js[i], why, sizeof(why)))
			continue;
		if (!bad++ && first)
			snprintf(first, first_len, "element %zu (%s %s, %zu "
				 "bytes): %s", i, js[i].a ? js[i].a->name :
				 "pk", op_name(js[i].op), js[i].len, why);
	}
	if (!bad && failed != b.failed) {
		if (first)
			snprintf(first, first_len, "failed %u, but %u elements "
				 "have an error", b.failed, failed);
		bad = 1;
	}
	return bad;
}
