// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/diff_openssl/harness.c - part of build/tests/diff_openssl (see
 * tests/diff_openssl/main.c): one computation (struct job) run by OpenSSL,
 * by an ncr once call, by an ncr session cut anywhere and by an ncr
 * verifier, and the tallies that compare them and make the TAP lines.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diff_openssl.h"

/* The MAC length a verifier of the job accepts (0: the full length). */
#define ACCEPTED(j) (is_mac(j) && (j)->tag_len != (j)->a->tag ? \
		     (j)->tag_len : 0)

int is_digest(const struct job *j)
{
	return j->a->kind == TK_DIGEST;
}

int is_mac(const struct job *j)
{
	return j->a->kind == TK_MAC;
}

int is_aead(const struct job *j)
{
	return j->a->kind == TK_AEAD;
}

int len_ok(const struct job *j, size_t len)
{
	switch (j->a->alg) {
	case NCR_ALG_AES_ECB:
	case NCR_ALG_AES_CBC:
	case NCR_ALG_DES3_CBC:
		return len % j->a->block == 0;
	case NCR_ALG_AES_XTS:
		return len >= 16;
	case NCR_ALG_AES_CCM:
		/* the length must fit in L = 15 - iv_len bytes */
		return j->iv_len >= 12 || len < (1UL << (8 * (15 - j->iv_len)));
	}
	return 1;
}

/* Fresh random IV (nonce), AAD and, for ChaCha20, a small block counter
 * (OpenSSL carries a 32-bit counter overflow into the nonce, the kernel
 * does not; keep away from the wrap). */
void job_refresh(struct job *j)
{
	rng_fill(&rng, j->iv, sizeof(j->iv));
	if (j->a->alg == NCR_ALG_CHACHA20) {
		uint32_t ctr = rng_below(&rng, 4) ? rng_below(&rng, 65536) : 0;

		memcpy(j->iv, &ctr, 4);	/* little-endian host */
	}
	j->aad_len = is_aead(j) ? rng_below(&rng, sizeof(j->aad) + 1) : 0;
	rng_fill(&rng, j->aad, j->aad_len);
}

int job_init(struct job *j, const struct dcase *c)
{
	struct ncr_key_policy pol = { 0 };
	uint32_t usage;
	int r;

	memset(j, 0, sizeof(*j));
	j->c = c;
	j->a = talg_get(c->alg);
	j->iv_len = j->a->iv;
	j->tag_len = is_digest(j) ? 0 : j->a->tag;
	job_refresh(j);
	if (!c->key_len)
		return 0;
	rng_fill(&rng, j->key_bytes, c->key_len);
	usage = is_mac(j) ? NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY :
		NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT;
	pol.usage = usage;
	pol.algs = talg_keybit(c->alg);	/* exactly the algorithm used */
	r = ncr_key_import_ex(fd, j->a->key_type, NCR_KEY_FORMAT_DEFAULT, 0,
			      j->key_bytes, c->key_len, &pol, &j->key);
	if (r)
		tap_diag("%s: key import: %s", c->label, errname(r));
	return r;
}

/* OpenSSL: enc → out (cipher/AEAD) and tag (digest/MAC/AEAD). */
int ref_run(const struct job *j, int enc, const uint8_t *in,
	    size_t len, uint8_t *out, uint8_t *tag)
{
	uint8_t full[NCR_MAX_TAG];
	size_t n;

	switch (j->a->kind) {
	case TK_DIGEST:
		return ref_digest(j->a->alg, in, len, tag, &n);
	case TK_MAC:
		if (ref_mac(j->a->alg, j->key_bytes, j->c->key_len, in, len,
			    full, &n))
			return -1;
		memcpy(tag, full, j->tag_len);
		return 0;
	case TK_CIPHER:
		return ref_cipher(j->a->alg, enc, j->key_bytes, j->c->key_len,
				  j->iv, in, len, out);
	case TK_AEAD:
		return ref_aead(j->a->alg, enc, j->key_bytes, j->c->key_len,
				j->iv, j->iv_len, j->aad, j->aad_len, in, len,
				out, tag, j->tag_len);
	}
	return -1;
}

/* ncr one-shot.  For AEAD decryption tag is the expected tag. */
int ncr_once_run(const struct job *j, int enc, const uint8_t *in,
		 size_t len, uint8_t *out, uint8_t *tag)
{
	size_t n = NCR_MAX_TAG, out_len = len + SLACK;
	int r;

	switch (j->a->kind) {
	case TK_DIGEST:
		r = ncr_digest(fd, j->a->alg, in, len, tag, &n);
		if (!r && n != j->a->tag) {
			tap_diag("ncr_digest: length %zu, want %u", n,
				 j->a->tag);
			return -EIO;
		}
		return r;
	case TK_MAC:
		n = j->tag_len;
		r = ncr_mac(fd, j->a->alg, j->key, in, len, tag, &n);
		if (!r && n != j->tag_len) {
			tap_diag("ncr_mac: length %zu, want %zu", n,
				 j->tag_len);
			return -EIO;
		}
		return r;
	case TK_CIPHER:
		r = ncr_cipher(fd, j->a->alg, enc ? NCR_OP_ENCRYPT :
			       NCR_OP_DECRYPT, j->key, j->iv, j->iv_len, in,
			       len, out, &out_len);
		if (!r && out_len != len) {
			tap_diag("ncr_cipher: wrote %zu bytes, want %zu",
				 out_len, len);
			return -EIO;
		}
		return r;
	case TK_AEAD:
		if (enc)
			return ncr_aead_encrypt(fd, j->a->alg, j->key, j->iv,
						j->iv_len, j->aad, j->aad_len,
						in, len, out, tag, j->tag_len);
		return ncr_aead_decrypt(fd, j->a->alg, j->key, j->iv,
					j->iv_len, j->aad, j->aad_len, in, len,
					out, tag, j->tag_len);
	}
	return -EINVAL;
}

/*
 * ncr session: init, AAD (split at aad_cut when aad_cut <= aad_len), one
 * update per piece between the cuts, then final.  With final_carries the
 * last piece goes in the final, else final gets no input.  in_place feeds
 * the cipher from out (in is first copied there).  Returns 0 or -errno;
 * *out_len gets the total output.
 */
int ncr_sess_run(const struct job *j, int enc, const uint8_t *in,
		 size_t len, const size_t *cuts, int ncuts,
		 int final_carries, size_t aad_cut, int in_place,
		 uint8_t *out, uint8_t *tag, size_t *out_len)
{
	uint32_t op, ses;
	size_t pos = 0, opos = 0, n, tl;
	int r, sign = is_digest(j) || is_mac(j);

	op = sign ? NCR_OP_SIGN : enc ? NCR_OP_ENCRYPT : NCR_OP_DECRYPT;
	r = ncr_session_init(fd, j->a->alg, op, j->key, j->iv, j->iv_len,
			     j->tag_len, 0, &ses);
	if (r)
		return r;
	if (in_place) {
		memcpy(out, in, len);
		in = out;
	}
	if (j->aad_len) {
		size_t cut = aad_cut <= j->aad_len ? aad_cut : j->aad_len;

		r = ncr_session_aad(fd, ses, j->aad, cut);
		if (!r && cut < j->aad_len)
			r = ncr_session_aad(fd, ses, j->aad + cut,
					    j->aad_len - cut);
		if (r)
			goto fail;
	}
	for (int i = 0; i <= ncuts; i++) {
		size_t end = i < ncuts ? cuts[i] : len;

		if (i == ncuts && final_carries)
			break;
		if (sign) {
			r = ncr_session_update(fd, ses, in + pos, end - pos,
					       NULL, NULL);
		} else {
			n = len + SLACK - opos;
			/* in place: the output never runs ahead of input */
			r = ncr_session_update(fd, ses, in + pos, end - pos,
					       out + opos, &n);
			if (!r && j->a->buffered && n) {
				tap_diag("update wrote %zu bytes for a "
					 "whole-message algorithm", n);
				r = -EIO;
			}
			opos += r ? 0 : n;
		}
		if (r)
			goto fail;
		pos = end;
	}
	n = len + SLACK - opos;
	tl = is_aead(j) && !enc ? j->tag_len : NCR_MAX_TAG;
	if (sign)
		r = ncr_session_final(fd, ses, in + pos, len - pos, NULL, NULL,
				      tag, &tl);
	else if (is_aead(j))
		r = ncr_session_final(fd, ses, in + pos, len - pos, out + opos,
				      &n, tag, &tl);
	else
		r = ncr_session_final(fd, ses, in + pos, len - pos, out + opos,
				      &n, NULL, NULL);
	if (r)
		return r;
	if (!sign)
		opos += n;
	if ((sign && tl != (is_digest(j) ? j->a->tag : j->tag_len)) ||
	    (is_aead(j) && enc && tl != j->tag_len)) {
		tap_diag("final: tag length %zu", tl);
		return -EIO;
	}
	*out_len = opos;
	return 0;
fail:
	ncr_session_free(fd, ses);
	return r;
}

/* ncr verify of a digest/MAC, once or as a session split at cut. */
int ncr_verify_run(const struct job *j, const uint8_t *in, size_t len,
		   const uint8_t *tag, size_t tag_len, int session,
		   size_t cut)
{
	uint32_t ses;
	int r;

	if (!session)
		return ncr_mac_verify_trunc(fd, j->a->alg, j->key, ACCEPTED(j),
					    in, len, tag, tag_len);
	r = ncr_session_init(fd, j->a->alg, NCR_OP_VERIFY, j->key, NULL, 0,
			     is_mac(j) ? j->tag_len : 0, 0, &ses);
	if (r)
		return r;
	r = ncr_session_update(fd, ses, in, cut, NULL, NULL);
	if (r) {
		ncr_session_free(fd, ses);
		return r;
	}
	return ncr_session_verify(fd, ses, in + cut, len - cut, tag, tag_len);
}

void tally_fail(struct tally *t, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	if (t->fails++ >= 3)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	tap_diag("%s", buf);
}

void tally_report(const struct tally *t, const char *fmt, ...)
{
	char name[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	if (t->skipped && !t->fails)
		tap_skip("EOPNOTSUPP: not implemented by this kernel", "%s",
			 name);
	else if (!t->fails)
		tap_ok(1, "%s (%d runs)", name, t->runs);
	else
		tap_ok(0, "%s (%d of %d runs failed)", name, t->fails, t->runs);
}

/* Compares an ncr computation (r, out/tag) with the reference. */
void check(struct tally *t, const struct job *j, int r,
	   const uint8_t *out, const uint8_t *want_out, size_t out_len,
	   size_t want_len, const uint8_t *tag, const uint8_t *want_tag,
	   const char *what, size_t at)
{
	size_t tl = is_digest(j) ? j->a->tag : j->tag_len;

	t->runs++;
	if (r == -EOPNOTSUPP) {
		t->runs--;
		t->skipped = 1;
		return;
	}
	if (r) {
		tally_fail(t, "%s %s (%zu): %s", j->c->label, what, at,
			   errname(r));
		return;
	}
	if (out && (out_len != want_len || memcmp(out, want_out, want_len))) {
		tally_fail(t, "%s %s (%zu): output differs (%zu bytes, "
			   "want %zu)", j->c->label, what, at, out_len,
			   want_len);
		if (out_len == want_len)
			memcmp_diag("output", out, want_out, want_len);
		return;
	}
	if (tag && memcmp(tag, want_tag, tl)) {
		tally_fail(t, "%s %s (%zu): tag/digest differs",
			   j->c->label, what, at);
		return;
	}
}

void check_verdict(struct tally *t, const struct job *j, int r,
		   int want, const char *what, size_t len)
{
	t->runs++;
	if (r == -EOPNOTSUPP) {
		t->runs--;
		t->skipped = 1;
	} else if (r != want) {
		tally_fail(t, "%s %s len %zu: got %s, want %s", j->c->label,
			   what, len, r == NCR_VERIFY_OK ? "VERIFY_OK" :
			   r == NCR_VERIFY_FAILED ? "VERIFY_FAILED" :
			   errname(r), want == NCR_VERIFY_OK ? "VERIFY_OK" :
			   want == NCR_VERIFY_FAILED ? "VERIFY_FAILED" :
			   errname(want));
	}
}
