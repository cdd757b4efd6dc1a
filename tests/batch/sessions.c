// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/batch/sessions.c - part of build/tests/batch (see
 * tests/batch/main.c): UPDATE and FINAL elements.  A dozen sessions of
 * random algorithms (block and stream ciphers, AEAD encryption with its
 * AAD, digests, MACs), each message cut into one to four pieces, and one
 * batch of all their elements interleaved at random (each session's in
 * order).  The same elements run again one ioctl at a time on sessions of
 * their own; every element's error and sizes must agree, and each
 * message's output and tag must be OpenSSL's.  Every session is gone
 * afterwards (FINAL frees it).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"

#define NSES 12
#define MAXEL (NSES * 5)

struct sjob {
	const struct talg *a;
	const struct bkey *k;
	uint32_t op;
	uint8_t iv[16];
	const uint8_t *in, *aad;
	size_t len, aad_len;
	size_t cut[5];		/* piece i is in[cut[i], cut[i+1]) */
	int pieces, next;	/* next: the next element to place */
	uint32_t ses[2];
	uint8_t *out[2];
	uint8_t tag[2][NCR_MAX_TAG];
	uint8_t *ref;
	uint8_t ref_tag[NCR_MAX_TAG];
	size_t ref_tag_len;
};

struct sel {
	struct sjob *j;
	int piece;		/* -1: the AAD */
	struct ncr_batch_op e;
};

static const uint32_t ses_algs[] = {
	NCR_ALG_AES_ECB, NCR_ALG_AES_CBC, NCR_ALG_AES_CTR, NCR_ALG_DES3_CBC,
	NCR_ALG_CHACHA20, NCR_ALG_AES_GCM, NCR_ALG_CHACHA20_POLY1305,
	NCR_ALG_SHA1, NCR_ALG_SHA256, NCR_ALG_SHA3_512, NCR_ALG_HMAC_SHA256,
	NCR_ALG_HMAC_SHA3_512, NCR_ALG_CMAC_AES,
};

/* Bytes an update emits once c bytes went in (u: NCRIO_INFO's unit) */
static size_t emitted(size_t c, uint32_t u)
{
	return u > 1 ? c - c % u : c;
}

static int sjob_make(struct sjob *j)
{
	uint32_t alg;
	size_t n;

	memset(j, 0, sizeof(*j));
	do {
		alg = ses_algs[rng_below(&rng, ARRAY_SIZE(ses_algs))];
	} while (!alg_available(alg));
	j->a = talg_get(alg);
	j->k = skey_of(alg, rng_below(&rng, 3));
	j->len = rng_below(&rng, 4) ? rng_below(&rng, 3000) :
		 rng_below(&rng, 40000);
	if (j->a->kind == TK_CIPHER && j->a->block > 1)
		j->len -= j->len % j->a->block;
	j->in = pool + rng_below(&rng, (uint32_t)(POOL_SIZE - j->len));
	rng_fill(&rng, j->iv, sizeof(j->iv));
	if (alg == NCR_ALG_CHACHA20)
		memset(j->iv, 0, 4);
	j->op = j->a->kind == TK_CIPHER ? (rng_below(&rng, 2) ?
		NCR_OP_ENCRYPT : NCR_OP_DECRYPT) :
		j->a->kind == TK_AEAD ? NCR_OP_ENCRYPT : NCR_OP_SIGN;
	if (j->a->kind == TK_AEAD) {
		j->aad_len = rng_below(&rng, 100);
		j->aad = pool + rng_below(&rng, 1000);
	}
	j->pieces = 1 + (int)rng_below(&rng, 4);
	j->cut[0] = 0;
	j->cut[j->pieces] = j->len;
	for (int i = 1; i < j->pieces; i++) {
		n = rng_below(&rng, (uint32_t)j->len + 1);
		j->cut[i] = n;
	}
	/* sorted cuts */
	for (int i = 1; i < j->pieces; i++)
		for (int k = i + 1; k < j->pieces; k++)
			if (j->cut[k] < j->cut[i]) {
				n = j->cut[i];
				j->cut[i] = j->cut[k];
				j->cut[k] = n;
			}
	for (int w = 0; w < 2; w++) {
		j->out[w] = calloc(1, j->len + 64);
		if (!j->out[w])
			return -1;
	}
	j->ref = malloc(j->len + 1);
	if (!j->ref)
		return -1;
	switch (j->a->kind) {
	case TK_CIPHER:
		return ref_cipher(alg, j->op == NCR_OP_ENCRYPT, j->k->bytes,
				  j->k->len, j->iv, j->in, j->len, j->ref);
	case TK_AEAD:
		j->ref_tag_len = j->a->tag;
		return ref_aead(alg, 1, j->k->bytes, j->k->len, j->iv, 12,
				j->aad, j->aad_len, j->in, j->len, j->ref,
				j->ref_tag, j->ref_tag_len);
	case TK_MAC:
		return ref_mac(alg, j->k->bytes, j->k->len, j->in, j->len,
			       j->ref_tag, &j->ref_tag_len);
	default:
		return ref_digest(alg, j->in, j->len, j->ref_tag,
				  &j->ref_tag_len);
	}
}

static void sjob_free(struct sjob *j)
{
	free(j->out[0]);
	free(j->out[1]);
	free(j->ref);
}

/* The element of piece p (-1: the AAD) of j on run w's session. */
static void sel_fill(struct sel *s, int w)
{
	struct sjob *j = s->j;
	struct ncr_session_op *o = &s->e.op;
	int final = s->piece == j->pieces - 1;
	uint32_t u = alg_block(j->a->alg);
	size_t at;

	memset(&s->e, 0, sizeof(s->e));
	s->e.type = final ? NCR_BATCH_OP_FINAL : NCR_BATCH_OP_UPDATE;
	o->size = sizeof(*o);
	o->ses = j->ses[w];
	if (s->piece < 0) {
		o->flags = NCR_OP_FLAG_AAD;
		o->input = PTR64(j->aad);
		o->input_size = j->aad_len;
		return;
	}
	o->input = PTR64(j->in + j->cut[s->piece]);
	o->input_size = j->cut[s->piece + 1] - j->cut[s->piece];
	if (j->a->kind == TK_CIPHER) {
		at = emitted(j->cut[s->piece], u ? u : j->a->block);
		o->output = PTR64(j->out[w] + at);
		o->output_size = j->len + 16 - at;
	} else if (j->a->kind == TK_AEAD) {
		o->output = PTR64(j->out[w]);
		o->output_size = j->len + 16;
	}
	if (final) {
		o->tag = PTR64(j->tag[w]);
		o->tag_size = NCR_MAX_TAG;
	}
}

static int sjob_open(struct sjob *j, int w)
{
	struct ncr_session_init s = {
		.size = sizeof(s), .algorithm = j->a->alg, .op = j->op,
		.key = j->k ? j->k->handle : 0, .iv = PTR64(j->iv),
		.iv_size = j->a->kind == TK_AEAD ? 12 : j->a->iv,
	};
	int r = xioctl(fd, NCRIO_SESSION_INIT, &s);

	j->ses[w] = r ? 0 : s.ses;
	return r;
}

/* One round: NSES sessions, their elements interleaved; 0 if all agree */
static int round_run(char *why, size_t why_len)
{
	struct sjob js[NSES];
	struct sel els[MAXEL];
	struct ncr_batch_op ops[MAXEL];
	struct ncr_batch b = { .size = sizeof(b) };
	struct live before, after;
	size_t n = 0, left;
	int bad = 0, r;

	live_get(fd, &before);
	for (int i = 0; i < NSES; i++)
		if (sjob_make(&js[i])) {
			snprintf(why, why_len, "no reference for %s",
				 js[i].a->name);
			for (int k = 0; k <= i; k++)
				sjob_free(&js[k]);
			return 1;
		}
	/* the order: a session's AAD first, then its pieces */
	for (int i = 0; i < NSES; i++)
		js[i].next = js[i].aad_len ? -1 : 0;
	for (left = NSES; left;) {
		struct sjob *j = &js[rng_below(&rng, NSES)];

		if (j->next >= j->pieces)
			continue;
		els[n].j = j;
		els[n].piece = j->next++;
		n++;
		left -= j->next == j->pieces;
	}
	for (int w = 0; w < 2; w++)
		for (int i = 0; i < NSES; i++)
			if ((r = sjob_open(&js[i], w))) {
				snprintf(why, why_len, "%s session: %s",
					 js[i].a->name, errname(r));
				bad = 1;
			}
	if (bad)
		goto out;
	for (size_t i = 0; i < n; i++) {
		sel_fill(&els[i], B);
		ops[i] = els[i].e;
	}
	b.ops = PTR64(ops);
	b.op_size = sizeof(ops[0]);
	b.count = (uint32_t)n;
	r = xioctl(fd, NCRIO_BATCH, &b);
	if (r || b.done != n || b.failed) {
		snprintf(why, why_len, "NCRIO_BATCH of %zu elements: %s, done "
			 "%u, failed %u", n, errname(r), b.done, b.failed);
		bad = 1;
	}
	for (size_t i = 0; i < n && !bad; i++) {
		struct ncr_batch_op *e = &ops[i];
		struct ncr_session_op o;

		sel_fill(&els[i], S);
		o = els[i].e.op;
		r = xioctl(fd, e->type == NCR_BATCH_OP_FINAL ?
			   NCRIO_SESSION_FINAL : NCRIO_SESSION_UPDATE, &o);
		if (r != e->error || o.output_size != e->op.output_size ||
		    o.tag_size != e->op.tag_size) {
			snprintf(why, why_len, "element %zu (%s piece %d of "
				 "%d): batch %s, %llu, %u; alone %s, %llu, %u",
				 i, els[i].j->a->name, els[i].piece,
				 els[i].j->pieces, errname(e->error),
				 (unsigned long long)e->op.output_size,
				 e->op.tag_size, errname(r),
				 (unsigned long long)o.output_size,
				 o.tag_size);
			bad = 1;
		}
	}
	for (int i = 0; i < NSES && !bad; i++) {
		struct sjob *j = &js[i];
		int has_out = j->a->kind == TK_CIPHER || j->a->kind == TK_AEAD;

		for (int w = 0; w < 2 && !bad; w++) {
			if ((has_out && memcmp(j->out[w], j->ref, j->len)) ||
			    (j->ref_tag_len && memcmp(j->tag[w], j->ref_tag,
						      j->ref_tag_len))) {
				snprintf(why, why_len, "%s %s of %zu bytes in %d "
					 "pieces (%s): not OpenSSL's",
					 j->a->name, op_name(j->op), j->len,
					 j->pieces, w == B ? "batch" : "alone");
				bad = 1;
			}
		}
	}
out:
	for (int w = 0; w < 2; w++)
		for (int i = 0; i < NSES; i++)
			if (bad && js[i].ses[w])
				xioctl(fd, NCRIO_SESSION_FREE, &(struct
				       ncr_session_free){ .size = 8,
				       .ses = js[i].ses[w] });
	for (int i = 0; i < NSES; i++)
		sjob_free(&js[i]);
	if (!bad && live_wait(fd, &before, &after)) {
		snprintf(why, why_len, "live sessions %llu, want %llu",
			 (unsigned long long)after.sessions,
			 (unsigned long long)before.sessions);
		bad = 1;
	}
	return bad;
}

void t_sessions(void)
{
	char why[400] = "";

	for (int round = 0; round < 4; round++) {
		int bad = round_run(why, sizeof(why));

		tap_ok(!bad, "UPDATE/FINAL elements of %d sessions interleaved "
		       "in one batch (round %d): as alone, as OpenSSL, every "
		       "session freed%s%s", NSES, round, bad ? ": " : "",
		       bad ? why : "");
	}
}
