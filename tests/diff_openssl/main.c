// SPDX-License-Identifier: GPL-2.0
/*
 * diff_openssl - differential tests of ncr against OpenSSL libcrypto on
 * random inputs.
 *
 *   build/tests/diff_openssl [--quick]
 *
 * Every digest, MAC, cipher and AEAD in ncr.h, with several key sizes, on
 * message lengths 0, 1, 15, 16, 17, 63, 64, 65, 1000, 4095, 4096, 16383,
 * 16384, 16385 and 70000 (those valid for the mode), through:
 *   - the one-shot calls (NCRIO_SESSION_ONCE via ncr_digest, ncr_mac,
 *     ncr_cipher, ncr_aead_*), both directions / verify;
 *   - sessions: one update + empty final, and everything in the final;
 *   - every 2-way split of a short message across updates (and with the
 *     second part in the final), every 3-way split for a few algorithms,
 *     and split AAD;
 *   - truncated MACs and AEAD tags, every CCM nonce size, in-place updates;
 *     MACs truncated below ncr.h's minimum (HMAC 10 bytes, CMAC 8) are
 *     refused (EINVAL from session init and from NCRIO_SESSION_ONCE's
 *     mac_size, ERANGE from libncr's ncr_mac), and a verifier accepts
 *     only the length it was set up for (a truncated MAC under a
 *     full-length verifier, or one byte more or less, fails);
 *   - a 1 MiB message in one update and in one once call (the kernel
 *     walks it in NCR_COPY_BOUND chunks).
 * Every key is imported with the algorithm set of exactly the algorithm
 * it is used with (ncr.h, ALGORITHM SETS; the defaults would refuse CBC,
 * CTR, ECB, CCM, ChaCha20 and XTS with 32-byte keys).  Then, per key type
 * and size, the same key bytes under several sets (fixed ones and random
 * subsets): every algorithm of the set agrees with OpenSSL (once and
 * session), every other algorithm of the type is refused with EPERM (once
 * and session init), NCRIO_KEY_RESTRICT removes one algorithm and only
 * that one, key info reports the set; and the sets ncr.h forbids (XTS
 * with anything, XTS on 16/24-byte keys, other modes on 48/64-byte keys,
 * another type's algorithms, no set for a key of two families) are
 * refused with EINVAL, the default sets are the ones ncr.h lists.
 * Inputs come from a PRNG seeded from NCR_TEST_SEED (printed; set it to
 * reproduce a run).  --quick skips the 3-way splits and the 1 MiB runs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "libncr.h"
#include "tap.h"

static int fd;
static struct rng rng;

/* One algorithm at one key size. */
struct dcase {
	uint32_t alg;
	size_t key_len;
	const char *label;
};

static const struct dcase cases[] = {
	{ NCR_ALG_MD5, 0, "md5" },
	{ NCR_ALG_SHA1, 0, "sha1" },
	{ NCR_ALG_SHA224, 0, "sha224" },
	{ NCR_ALG_SHA256, 0, "sha256" },
	{ NCR_ALG_SHA384, 0, "sha384" },
	{ NCR_ALG_SHA512, 0, "sha512" },
	{ NCR_ALG_SHA3_256, 0, "sha3-256" },
	{ NCR_ALG_SHA3_512, 0, "sha3-512" },
	{ NCR_ALG_HMAC_SHA1, 20, "hmac-sha1" },
	{ NCR_ALG_HMAC_SHA224, 28, "hmac-sha224" },
	{ NCR_ALG_HMAC_SHA256, 32, "hmac-sha256" },
	{ NCR_ALG_HMAC_SHA384, 48, "hmac-sha384" },
	{ NCR_ALG_HMAC_SHA512, 64, "hmac-sha512" },
	{ NCR_ALG_HMAC_SHA3_256, 32, "hmac-sha3-256" },
	{ NCR_ALG_HMAC_SHA3_512, 64, "hmac-sha3-512" },
	{ NCR_ALG_CMAC_AES, 16, "cmac-aes-128" },
	{ NCR_ALG_CMAC_AES, 24, "cmac-aes-192" },
	{ NCR_ALG_CMAC_AES, 32, "cmac-aes-256" },
	{ NCR_ALG_AES_ECB, 16, "aes-128-ecb" },
	{ NCR_ALG_AES_ECB, 24, "aes-192-ecb" },
	{ NCR_ALG_AES_ECB, 32, "aes-256-ecb" },
	{ NCR_ALG_AES_CBC, 16, "aes-128-cbc" },
	{ NCR_ALG_AES_CBC, 24, "aes-192-cbc" },
	{ NCR_ALG_AES_CBC, 32, "aes-256-cbc" },
	{ NCR_ALG_AES_CTR, 16, "aes-128-ctr" },
	{ NCR_ALG_AES_CTR, 24, "aes-192-ctr" },
	{ NCR_ALG_AES_CTR, 32, "aes-256-ctr" },
	{ NCR_ALG_AES_XTS, 32, "aes-128-xts" },
	{ NCR_ALG_AES_XTS, 64, "aes-256-xts" },
	{ NCR_ALG_DES3_CBC, 24, "des3-cbc" },
	{ NCR_ALG_CHACHA20, 32, "chacha20" },
	{ NCR_ALG_AES_GCM, 16, "aes-128-gcm" },
	{ NCR_ALG_AES_GCM, 24, "aes-192-gcm" },
	{ NCR_ALG_AES_GCM, 32, "aes-256-gcm" },
	{ NCR_ALG_AES_CCM, 16, "aes-128-ccm" },
	{ NCR_ALG_AES_CCM, 32, "aes-256-ccm" },
	{ NCR_ALG_CHACHA20_POLY1305, 32, "chacha20-poly1305" },
};

static const size_t lengths[] = {
	0, 1, 15, 16, 17, 63, 64, 65, 1000, 4095, 4096, 16383, 16384, 16385,
	70000,
};

#define BIG (1024 * 1024)


/* The shortest MAC ncr.h lets a caller ask for or accept. */
static size_t mac_min(uint32_t alg)
{
	return alg == NCR_ALG_CMAC_AES ? 8 : 10;
}

/* The MAC length a verifier of the job accepts (0: the full length). */
#define ACCEPTED(j) (is_mac(j) && (j)->tag_len != (j)->a->tag ? \
		     (j)->tag_len : 0)
#define SLACK 64

/* The parameters of one computation. */
struct job {
	const struct dcase *c;
	const struct talg *a;
	uint32_t key;		/* 0 for digests */
	uint8_t key_bytes[64];
	uint8_t iv[16];
	size_t iv_len;
	size_t tag_len;		/* MAC/AEAD tag length (0: none) */
	uint8_t aad[64];
	size_t aad_len;
};

static int is_digest(const struct job *j)
{
	return j->a->kind == TK_DIGEST;
}

static int is_mac(const struct job *j)
{
	return j->a->kind == TK_MAC;
}

static int is_aead(const struct job *j)
{
	return j->a->kind == TK_AEAD;
}

static int len_ok(const struct job *j, size_t len)
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
static void job_refresh(struct job *j)
{
	rng_fill(&rng, j->iv, sizeof(j->iv));
	if (j->a->alg == NCR_ALG_CHACHA20) {
		uint32_t ctr = rng_below(&rng, 4) ? rng_below(&rng, 65536) : 0;

		memcpy(j->iv, &ctr, 4);	/* little-endian host */
	}
	j->aad_len = is_aead(j) ? rng_below(&rng, sizeof(j->aad) + 1) : 0;
	rng_fill(&rng, j->aad, j->aad_len);
}

static int job_init(struct job *j, const struct dcase *c)
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
static int ref_run(const struct job *j, int enc, const uint8_t *in,
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
static int ncr_once_run(const struct job *j, int enc, const uint8_t *in,
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
static int ncr_sess_run(const struct job *j, int enc, const uint8_t *in,
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
static int ncr_verify_run(const struct job *j, const uint8_t *in, size_t len,
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

/* ------------------------------------------------------------- checking */

/* Tallies one TAP line's worth of comparisons; the first failure is
 * described. */
struct tally {
	int runs, fails;
	int skipped;		/* EOPNOTSUPP: algorithm not in this kernel */
};

static void tally_fail(struct tally *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void tally_fail(struct tally *t, const char *fmt, ...)
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

static void tally_report(const struct tally *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void tally_report(const struct tally *t, const char *fmt, ...)
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
static void check(struct tally *t, const struct job *j, int r,
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

static void check_verdict(struct tally *t, const struct job *j, int r,
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

/* ------------------------------------------------------------ the tests */

/* All message lengths: once and session, both directions, verify. */
static void test_lengths(struct job *j)
{
	struct tally once = { 0 }, once_dec = { 0 }, sess = { 0 },
		     sess_final = { 0 }, sess_dec = { 0 }, ver = { 0 };
	size_t max = 70000 + SLACK, n;
	uint8_t *msg = malloc(max), *want = malloc(max), *got = malloc(max);
	uint8_t wtag[NCR_MAX_TAG], gtag[NCR_MAX_TAG];
	const int sign = is_digest(j) || is_mac(j);

	for (size_t li = 0; li < ARRAY_SIZE(lengths); li++) {
		size_t len = lengths[li];
		int r;

		if (!len_ok(j, len))
			continue;
		job_refresh(j);
		rng_fill(&rng, msg, len);
		if (ref_run(j, 1, msg, len, want, wtag)) {
			tally_fail(&once, "%s len %zu: OpenSSL reference "
				   "failed", j->c->label, len);
			continue;
		}
		memset(gtag, 0, sizeof(gtag));
		r = ncr_once_run(j, 1, msg, len, got, gtag);
		check(&once, j, r, sign ? NULL : got, want, len, len,
		      sign || is_aead(j) ? gtag : NULL, wtag, "once", len);

		memset(gtag, 0, sizeof(gtag));
		r = ncr_sess_run(j, 1, msg, len, NULL, 0, 0, ~(size_t)0, 0,
				 got, gtag, &n);
		check(&sess, j, r, sign ? NULL : got, want, n, len,
		      sign || is_aead(j) ? gtag : NULL, wtag,
		      "session update+final", len);

		memset(gtag, 0, sizeof(gtag));
		r = ncr_sess_run(j, 1, msg, len, NULL, 0, 1, ~(size_t)0, 0,
				 got, gtag, &n);
		check(&sess_final, j, r, sign ? NULL : got, want, n, len,
		      sign || is_aead(j) ? gtag : NULL, wtag,
		      "session final-only", len);

		if (sign) {
			uint8_t bad[NCR_MAX_TAG];
			size_t tl = is_digest(j) ? j->a->tag : j->tag_len;

			r = ncr_verify_run(j, msg, len, wtag, tl, 0, 0);
			check_verdict(&ver, j, r, NCR_VERIFY_OK, "verify once",
				      len);
			r = ncr_verify_run(j, msg, len, wtag, tl, 1, len / 2);
			check_verdict(&ver, j, r, NCR_VERIFY_OK,
				      "verify session", len);
			memcpy(bad, wtag, tl);
			bad[rng_below(&rng, (uint32_t)tl)] ^=
				(uint8_t)(1u << rng_below(&rng, 8));
			r = ncr_verify_run(j, msg, len, bad, tl, 0, 0);
			check_verdict(&ver, j, r, NCR_VERIFY_FAILED,
				      "verify once, wrong value", len);
			r = ncr_verify_run(j, msg, len, bad, tl, 1, len / 3);
			check_verdict(&ver, j, r, NCR_VERIFY_FAILED,
				      "verify session, wrong value", len);
			continue;
		}
		/* decrypt the reference ciphertext */
		r = ncr_once_run(j, 0, want, len, got, wtag);
		check(&once_dec, j, r, got, msg, len, len, NULL, NULL,
		      "once decrypt", len);
		r = ncr_sess_run(j, 0, want, len, NULL, 0, 0, ~(size_t)0, 0,
				 got, wtag, &n);
		check(&sess_dec, j, r, got, msg, n, len, NULL, NULL,
		      "session decrypt", len);
		if (is_aead(j)) {
			wtag[rng_below(&rng, (uint32_t)j->tag_len)] ^= 0x10;
			memset(got, 0x5a, len);
			r = ncr_once_run(j, 0, want, len, got, wtag);
			check_verdict(&once_dec, j, r, -EBADMSG,
				      "once decrypt, wrong tag", len);
			for (size_t i = 0; i < len && r == -EBADMSG; i++)
				if (got[i] != 0x5a) {
					tally_fail(&once_dec, "%s len %zu: "
						   "plaintext written despite "
						   "EBADMSG", j->c->label,
						   len);
					break;
				}
			r = ncr_sess_run(j, 0, want, len, NULL, 0, 0,
					 ~(size_t)0, 0, got, wtag, &n);
			check_verdict(&sess_dec, j, r, -EBADMSG,
				      "session decrypt, wrong tag", len);
		}
	}
	tally_report(&once, "%s: once %s == OpenSSL, all lengths",
		     j->c->label, sign ? "sign" : "encrypt");
	tally_report(&sess, "%s: session (one update + final) == OpenSSL",
		     j->c->label);
	tally_report(&sess_final, "%s: session (all input in final) == "
		     "OpenSSL", j->c->label);
	if (sign) {
		tally_report(&ver, "%s: verify OK on the right value, FAILED "
			     "on a wrong one (once, session)", j->c->label);
	} else {
		tally_report(&once_dec, "%s: once decrypt == plaintext%s",
			     j->c->label, is_aead(j) ?
			     ", wrong tag EBADMSG" : "");
		tally_report(&sess_dec, "%s: session decrypt == plaintext%s",
			     j->c->label, is_aead(j) ?
			     ", wrong tag EBADMSG" : "");
	}
	free(msg);
	free(want);
	free(got);
}

/* Every 2-way split of a short message, and 3-way splits (all pairs) when
 * asked; both directions for ciphers and AEADs. */
static void test_splits(struct job *j, int three_way)
{
	struct tally t2 = { 0 }, t2f = { 0 }, t3 = { 0 }, tdec = { 0 },
		     taad = { 0 };
	size_t len = 50, n;
	uint8_t msg[128], want[128 + SLACK], got[128 + SLACK];
	uint8_t wtag[NCR_MAX_TAG], gtag[NCR_MAX_TAG];
	const int sign = is_digest(j) || is_mac(j);
	int r;

	if (j->a->alg == NCR_ALG_DES3_CBC)
		len = 48;
	else if (!len_ok(j, len))
		len = 64;
	job_refresh(j);
	rng_fill(&rng, msg, len);
	if (ref_run(j, 1, msg, len, want, wtag)) {
		tap_ok(0, "%s: OpenSSL reference failed", j->c->label);
		return;
	}
	for (size_t i = 0; i <= len; i++) {
		for (int carry = 0; carry < 2; carry++) {
			memset(gtag, 0, sizeof(gtag));
			r = ncr_sess_run(j, 1, msg, len, &i, 1, carry,
					 ~(size_t)0, 0, got, gtag, &n);
			check(carry ? &t2f : &t2, j, r, sign ? NULL : got,
			      want, n, len, sign || is_aead(j) ? gtag : NULL,
			      wtag, "2-way split", i);
		}
		if (!sign) {
			r = ncr_sess_run(j, 0, want, len, &i, 1, 0, ~(size_t)0,
					 0, got, wtag, &n);
			check(&tdec, j, r, got, msg, n, len, NULL, NULL,
			      "2-way split decrypt", i);
		}
	}
	tally_report(&t2, "%s: every 2-way split of %zu bytes over updates",
		     j->c->label, len);
	tally_report(&t2f, "%s: every 2-way split of %zu bytes, second part "
		     "in final", j->c->label, len);
	if (!sign)
		tally_report(&tdec, "%s: every 2-way split of %zu bytes, "
			     "decrypt", j->c->label, len);
	if (is_aead(j)) {
		/* every split of the AAD, data split in the middle */
		size_t mid = len / 2;

		for (size_t a = 0; a <= j->aad_len; a++) {
			memset(gtag, 0, sizeof(gtag));
			r = ncr_sess_run(j, 1, msg, len, &mid, 1, 0, a, 0, got,
					 gtag, &n);
			check(&taad, j, r, got, want, n, len, gtag, wtag,
			      "AAD split", a);
		}
		tally_report(&taad, "%s: every split of %zu bytes of AAD",
			     j->c->label, j->aad_len);
	}
	if (!three_way)
		return;
	len = len > 33 ? 33 : len;
	if (!len_ok(j, len))
		len = 32;
	rng_fill(&rng, msg, len);
	if (ref_run(j, 1, msg, len, want, wtag)) {
		tap_ok(0, "%s: OpenSSL reference failed", j->c->label);
		return;
	}
	for (size_t a = 0; a <= len; a++)
		for (size_t b = a; b <= len; b++) {
			size_t cuts[2] = { a, b };

			memset(gtag, 0, sizeof(gtag));
			r = ncr_sess_run(j, 1, msg, len, cuts, 2, (a + b) & 1,
					 ~(size_t)0, 0, got, gtag, &n);
			check(&t3, j, r, sign ? NULL : got, want, n, len,
			      sign || is_aead(j) ? gtag : NULL, wtag,
			      "3-way split", a * 100 + b);
		}
	tally_report(&t3, "%s: every 3-way split of %zu bytes", j->c->label,
		     len);
}

/* A MAC by one raw NCRIO_SESSION_ONCE whose mac_size (structure version
 * 2) the kernel truncates to; *n: the bytes written. */
static int raw_mac_once(const struct job *j, size_t mac_size,
			const uint8_t *in, size_t len, uint8_t *tag, size_t *n)
{
	struct ncr_session_once o = {
		.size = sizeof(o), .algorithm = j->a->alg, .op = NCR_OP_SIGN,
		.key = j->key, .input = PTR64(in), .input_size = len,
		.tag = PTR64(tag), .tag_size = NCR_MAX_TAG,
		.mac_size = (__u32)mac_size,
	};
	int r = xioctl(fd, NCRIO_SESSION_ONCE, &o);

	*n = o.tag_size;
	return r;
}

/* Truncated MACs and AEAD tags; CCM nonce sizes. */
static void test_params(struct job *j)
{
	static const size_t gcm_tags[] = { 4, 8, 12, 13, 14, 15 };
	static const size_t ccm_tags[] = { 4, 6, 8, 10, 12, 14 };
	struct tally tt = { 0 }, tonce = { 0 }, tiv = { 0 };
	uint8_t msg[200], want[200 + SLACK], got[200 + SLACK];
	uint8_t wtag[NCR_MAX_TAG], gtag[NCR_MAX_TAG];
	size_t len = 100, n, full = j->tag_len;
	int r;

	rng_fill(&rng, msg, len);
	if (is_mac(j)) {
		const size_t min = mac_min(j->a->alg);
		size_t sizes[] = { min, min + 1, full - 1 };
		size_t below[] = { 4, min - 1 };
		struct tally tl = { 0 }, tb = { 0 };

		for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
			j->tag_len = full;
			ref_run(j, 1, msg, len, want, wtag);
			j->tag_len = sizes[i];
			memset(gtag, 0, sizeof(gtag));
			r = ncr_sess_run(j, 1, msg, len, NULL, 0, 0,
					 ~(size_t)0, 0, got, gtag, &n);
			check(&tt, j, r, NULL, NULL, 0, 0, gtag, wtag,
			      "truncated session", sizes[i]);
			r = ncr_verify_run(j, msg, len, wtag, sizes[i], 1, 7);
			check_verdict(&tt, j, r, NCR_VERIFY_OK,
				      "truncated verify session", sizes[i]);
			r = ncr_verify_run(j, msg, len, wtag, sizes[i], 0, 0);
			check_verdict(&tt, j, r, NCR_VERIFY_OK,
				      "truncated verify once", sizes[i]);
			memset(gtag, 0, sizeof(gtag));
			r = ncr_once_run(j, 1, msg, len, got, gtag);
			check(&tonce, j, r, NULL, NULL, 0, 0, gtag, wtag,
			      "truncated ncr_mac", sizes[i]);
			memset(gtag, 0, sizeof(gtag));
			r = raw_mac_once(j, sizes[i], msg, len, gtag, &n);
			if (!r && n != sizes[i])
				r = -EIO;
			check(&tonce, j, r, NULL, NULL, 0, 0, gtag, wtag,
			      "truncated once with mac_size", sizes[i]);
			/* the verifier takes exactly its length: one byte
			 * more of the right MAC fails, and so does the
			 * truncated MAC under a full-length verifier */
			r = ncr_verify_run(j, msg, len, wtag, sizes[i] + 1, 0,
					   0);
			check_verdict(&tl, j, r, NCR_VERIFY_FAILED,
				      "one byte more, once", sizes[i]);
			r = ncr_verify_run(j, msg, len, wtag, sizes[i] + 1, 1,
					   3);
			check_verdict(&tl, j, r, NCR_VERIFY_FAILED,
				      "one byte more, session", sizes[i]);
			r = ncr_verify_run(j, msg, len, wtag, sizes[i] - 1, 0,
					   0);
			check_verdict(&tl, j, r, NCR_VERIFY_FAILED,
				      "one byte less, once", sizes[i]);
			j->tag_len = full;
			r = ncr_verify_run(j, msg, len, wtag, sizes[i], 0, 0);
			check_verdict(&tl, j, r, NCR_VERIFY_FAILED,
				      "full-length verifier, once", sizes[i]);
			r = ncr_verify_run(j, msg, len, wtag, sizes[i], 1, 5);
			check_verdict(&tl, j, r, NCR_VERIFY_FAILED,
				      "full-length verifier, session",
				      sizes[i]);
		}
		j->tag_len = full;
		ref_run(j, 1, msg, len, want, wtag);
		for (size_t i = 0; i < ARRAY_SIZE(below); i++) {
			uint32_t ses;

			j->tag_len = below[i];
			r = ncr_session_init(fd, j->a->alg, NCR_OP_SIGN, j->key,
					     NULL, 0, below[i], 0, &ses);
			if (!r)
				ncr_session_free(fd, ses);
			check_verdict(&tb, j, r, -EINVAL, "session init sign",
				      below[i]);
			r = ncr_verify_run(j, msg, len, wtag, below[i], 1, 7);
			check_verdict(&tb, j, r, -EINVAL,
				      "session init verify", below[i]);
			r = ncr_verify_run(j, msg, len, wtag, below[i], 0, 0);
			check_verdict(&tb, j, r, -EINVAL,
				      "once verify, mac_size", below[i]);
			r = raw_mac_once(j, below[i], msg, len, gtag, &n);
			check_verdict(&tb, j, r, -EINVAL, "once sign, mac_size",
				      below[i]);
			n = below[i];
			r = ncr_mac(fd, j->a->alg, j->key, msg, len, gtag, &n);
			check_verdict(&tb, j, r, -ERANGE, "ncr_mac", below[i]);
		}
		j->tag_len = full;
		tally_report(&tt, "%s: truncated MACs (%zu, %zu, %zu bytes) "
			     "via session tag_size, verify", j->c->label, min,
			     min + 1, full - 1);
		tally_report(&tonce, "%s: truncated MACs via ncr_mac and once "
			     "mac_size", j->c->label);
		tally_report(&tl, "%s: a truncated verifier takes exactly its "
			     "length; a full-length one no truncated MAC",
			     j->c->label);
		tally_report(&tb, "%s: MACs below %zu bytes (4, %zu) refused: "
			     "EINVAL from session init and once mac_size, "
			     "ERANGE from ncr_mac", j->c->label, min, min - 1);
		return;
	}
	if (!is_aead(j) || j->a->alg == NCR_ALG_CHACHA20_POLY1305)
		return;
	for (size_t i = 0; i < 6; i++) {
		j->tag_len = j->a->alg == NCR_ALG_AES_GCM ? gcm_tags[i] :
			     ccm_tags[i];
		job_refresh(j);
		ref_run(j, 1, msg, len, want, wtag);
		r = ncr_once_run(j, 1, msg, len, got, gtag);
		check(&tt, j, r, got, want, len, len, gtag, wtag,
		      "short tag once", j->tag_len);
		r = ncr_sess_run(j, 1, msg, len, NULL, 0, 0, ~(size_t)0, 0,
				 got, gtag, &n);
		check(&tt, j, r, got, want, n, len, gtag, wtag,
		      "short tag session", j->tag_len);
		r = ncr_once_run(j, 0, want, len, got, wtag);
		check(&tt, j, r, got, msg, len, len, NULL, NULL,
		      "short tag decrypt", j->tag_len);
	}
	j->tag_len = full;
	tally_report(&tt, "%s: short tags, once and session, both directions",
		     j->c->label);
	if (j->a->alg != NCR_ALG_AES_CCM)
		return;
	for (size_t iv = 7; iv <= 13; iv++) {
		j->iv_len = iv;
		job_refresh(j);
		ref_run(j, 1, msg, len, want, wtag);
		r = ncr_once_run(j, 1, msg, len, got, gtag);
		check(&tiv, j, r, got, want, len, len, gtag, wtag,
		      "nonce size once", iv);
		r = ncr_sess_run(j, 1, msg, len, NULL, 0, 0, ~(size_t)0, 0,
				 got, gtag, &n);
		check(&tiv, j, r, got, want, n, len, gtag, wtag,
		      "nonce size session", iv);
		r = ncr_once_run(j, 0, want, len, got, wtag);
		check(&tiv, j, r, got, msg, len, len, NULL, NULL,
		      "nonce size decrypt", iv);
	}
	j->iv_len = j->a->iv;
	tally_report(&tiv, "%s: every nonce size 7..13", j->c->label);
}

/* In-place updates (input == output) for the chaining ciphers. */
static void test_in_place(struct job *j)
{
	struct tally t = { 0 };
	size_t len = 4096 + 16, n;
	uint8_t *msg = malloc(len), *want = malloc(len + SLACK),
		*got = malloc(len + SLACK);
	size_t cuts[3] = { 5, 1000, 4000 };
	int r;

	if (!len_ok(j, len))
		len = 4096;
	rng_fill(&rng, msg, len);
	job_refresh(j);
	if (ref_run(j, 1, msg, len, want, NULL) == 0) {
		r = ncr_sess_run(j, 1, msg, len, cuts, 3, 0, ~(size_t)0, 1,
				 got, NULL, &n);
		check(&t, j, r, got, want, n, len, NULL, NULL,
		      "in-place encrypt", len);
		r = ncr_sess_run(j, 0, want, len, cuts, 3, 1, ~(size_t)0, 1,
				 got, NULL, &n);
		check(&t, j, r, got, msg, n, len, NULL, NULL,
		      "in-place decrypt", len);
	}
	tally_report(&t, "%s: in-place updates (input == output)",
		     j->c->label);
	free(msg);
	free(want);
	free(got);
}

/* 1 MiB in one update and in one once call. */
static void test_big(struct job *j)
{
	struct tally t = { 0 };
	uint8_t *msg = malloc(BIG), *want = malloc(BIG + SLACK),
		*got = malloc(BIG + SLACK);
	uint8_t wtag[NCR_MAX_TAG], gtag[NCR_MAX_TAG];
	const int sign = is_digest(j) || is_mac(j);
	size_t n;
	int r;

	job_refresh(j);
	rng_fill(&rng, msg, BIG);
	if (ref_run(j, 1, msg, BIG, want, wtag)) {
		tap_ok(0, "%s: OpenSSL reference failed (1 MiB)", j->c->label);
		goto out;
	}
	r = ncr_once_run(j, 1, msg, BIG, got, gtag);
	check(&t, j, r, sign ? NULL : got, want, BIG, BIG,
	      sign || is_aead(j) ? gtag : NULL, wtag, "1 MiB once", BIG);
	r = ncr_sess_run(j, 1, msg, BIG, NULL, 0, 0, ~(size_t)0, 0, got, gtag,
			 &n);
	check(&t, j, r, sign ? NULL : got, want, n, BIG,
	      sign || is_aead(j) ? gtag : NULL, wtag, "1 MiB one update", BIG);
	if (!sign) {
		r = ncr_once_run(j, 0, want, BIG, got, wtag);
		check(&t, j, r, got, msg, BIG, BIG, NULL, NULL,
		      "1 MiB once decrypt", BIG);
	}
	tally_report(&t, "%s: 1 MiB message, one once call and one update",
		     j->c->label);
out:
	free(msg);
	free(want);
	free(got);
}

/* HMAC key lengths around the hash block size, up to the maximum. */
static void test_hmac_keys(void)
{
	static const size_t klens[] = { 1, 31, 64, 65, 128, 129, 200,
					NCR_MAX_HMAC_KEY_BYTES };
	static const uint32_t algs[] = { NCR_ALG_HMAC_SHA256,
					 NCR_ALG_HMAC_SHA512,
					 NCR_ALG_HMAC_SHA3_256 };
	struct ncr_key_policy pol = { .usage = NCR_KEY_USAGE_SIGN };
	struct tally t = { 0 };
	uint8_t *key = malloc(NCR_MAX_HMAC_KEY_BYTES), msg[77];
	uint8_t want[NCR_MAX_TAG], got[NCR_MAX_TAG];

	rng_fill(&rng, msg, sizeof(msg));
	for (size_t ai = 0; ai < ARRAY_SIZE(algs); ai++)
		for (size_t ki = 0; ki < ARRAY_SIZE(klens); ki++) {
			const struct talg *a = talg_get(algs[ai]);
			size_t n;
			uint32_t k;
			int r;

			t.runs++;
			rng_fill(&rng, key, klens[ki]);
			ref_mac(a->alg, key, klens[ki], msg, sizeof(msg), want,
				&n);
			pol.algs = talg_keybit(a->alg);
			r = ncr_key_import_ex(fd, NCR_KEY_TYPE_HMAC,
					      NCR_KEY_FORMAT_DEFAULT, 0, key,
					      klens[ki], &pol, &k);
			if (r) {
				tally_fail(&t, "%s key %zu bytes: import: %s",
					   a->name, klens[ki], errname(r));
				continue;
			}
			n = sizeof(got);
			r = ncr_mac(fd, a->alg, k, msg, sizeof(msg), got, &n);
			if (r || n != a->tag || memcmp(got, want, a->tag))
				tally_fail(&t, "%s key %zu bytes: %s",
					   a->name, klens[ki], r ? errname(r) :
					   "MAC differs");
			ncr_key_deinit(fd, k);
		}
	tally_report(&t, "HMAC keys of 1..%d bytes (around block sizes) == "
		     "OpenSSL", NCR_MAX_HMAC_KEY_BYTES);
	free(key);
}

/* ------------------------------------------------------ algorithm sets */

/* The keyed algorithms of each key type (cases[] has a label for each). */
static const uint32_t aes_algs[] = {
	NCR_ALG_AES_ECB, NCR_ALG_AES_CBC, NCR_ALG_AES_CTR, NCR_ALG_AES_XTS,
	NCR_ALG_AES_GCM, NCR_ALG_AES_CCM, NCR_ALG_CMAC_AES,
};
static const uint32_t hmac_algs[] = {
	NCR_ALG_HMAC_SHA1, NCR_ALG_HMAC_SHA224, NCR_ALG_HMAC_SHA256,
	NCR_ALG_HMAC_SHA384, NCR_ALG_HMAC_SHA512, NCR_ALG_HMAC_SHA3_256,
	NCR_ALG_HMAC_SHA3_512,
};
static const uint32_t chacha_algs[] = {
	NCR_ALG_CHACHA20, NCR_ALG_CHACHA20_POLY1305,
};
static const uint32_t des3_algs[] = { NCR_ALG_DES3_CBC };

static void set_str(uint64_t algs, char *buf, size_t len)
{
	if (ncr_keyalgs_format(algs, buf, len) >= len && len)
		buf[len - 1] = 0;
}

/*
 * One use of alg with the key of job j (key bytes j->key_bytes): once
 * and session both directions against OpenSSL (in set), or EPERM from
 * once and from session init (not in set).
 */
static void set_probe(struct tally *t, struct job *j, int in_set,
		      const char *set)
{
	uint8_t msg[48], want[48 + SLACK], got[48 + SLACK];
	uint8_t wtag[NCR_MAX_TAG], gtag[NCR_MAX_TAG];
	const int sign = is_mac(j);
	size_t len = sizeof(msg), n;
	uint32_t ses;
	int r;

	job_refresh(j);
	rng_fill(&rng, msg, len);
	if (!in_set) {
		r = ncr_once_run(j, 1, msg, len, got, gtag);
		check_verdict(t, j, r, -EPERM, set, len);
		r = ncr_session_init(fd, j->a->alg, sign ? NCR_OP_VERIFY :
				     NCR_OP_DECRYPT, j->key, j->iv, j->iv_len,
				     0, 0, &ses);
		if (!r)
			ncr_session_free(fd, ses);
		check_verdict(t, j, r, -EPERM, set, len);
		return;
	}
	if (ref_run(j, 1, msg, len, want, wtag)) {
		tally_fail(t, "%s under {%s}: OpenSSL reference failed",
			   j->c->label, set);
		return;
	}
	r = ncr_once_run(j, 1, msg, len, got, gtag);
	check(t, j, r, sign ? NULL : got, want, len, len,
	      sign || is_aead(j) ? gtag : NULL, wtag, set, len);
	r = ncr_sess_run(j, 1, msg, len, NULL, 0, 0, ~(size_t)0, 0, got, gtag,
			 &n);
	check(t, j, r, sign ? NULL : got, want, n, len,
	      sign || is_aead(j) ? gtag : NULL, wtag, set, len);
	if (sign) {
		r = ncr_verify_run(j, msg, len, wtag, j->tag_len, 1, 9);
		check_verdict(t, j, r, NCR_VERIFY_OK, set, len);
	} else {
		r = ncr_once_run(j, 0, want, len, got, wtag);
		check(t, j, r, got, msg, len, len, NULL, NULL, set, len);
	}
}

/* The dcase of alg at a key length (labels only matter for messages). */
static const struct dcase *dcase_of(uint32_t alg, size_t klen)
{
	static struct dcase tmp;
	static char label[48];

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		if (cases[i].alg == alg && cases[i].key_len == klen)
			return &cases[i];
	snprintf(label, sizeof(label), "%s (%zu-byte key)", talg_name(alg),
		 klen);
	tmp = (struct dcase){ alg, klen, label };
	return &tmp;
}

/*
 * The key bytes kb (klen) of type under the set algs, usage: every
 * algorithm of `algs` (the type's list) used once.  Then, if the set has
 * two or more, one is removed with NCRIO_KEY_RESTRICT: it is refused
 * from then on, the others still work.
 */
static void set_run(struct tally *t, uint32_t type, const uint8_t *kb,
		    size_t klen, uint64_t set, uint32_t usage,
		    const uint32_t *algs, size_t n_algs)
{
	struct ncr_key_policy pol = { .usage = usage, .algs = set };
	struct ncr_key_info info;
	char name[200];
	uint64_t gone = 0;
	uint32_t key;
	int r;

	set_str(set, name, sizeof(name));
	t->runs++;
	r = ncr_key_import_ex(fd, type, NCR_KEY_FORMAT_DEFAULT, 0, kb, klen,
			      &pol, &key);
	if (r) {
		tally_fail(t, "import of a %zu-byte key with {%s}: %s", klen,
			   name, errname(r));
		return;
	}
	r = ncr_key_get_info(fd, key, &info);
	if (r || info.algs != set)
		tally_fail(t, "key info of a key with {%s}: %s, algs 0x%llx",
			   name, errname(r), (unsigned long long)info.algs);
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < n_algs; i++) {
			struct job j;

			memset(&j, 0, sizeof(j));
			j.c = dcase_of(algs[i], klen);
			j.a = talg_get(algs[i]);
			j.key = key;
			memcpy(j.key_bytes, kb, klen);
			j.iv_len = j.a->iv;
			j.tag_len = j.a->tag;
			set_probe(t, &j, !!(set & talg_keybit(algs[i]) & ~gone),
				  name);
		}
		/* narrow the set by one algorithm, and run again */
		if (round || !(set & (set - 1)))
			break;
		gone = set & -set;
		r = ncr_key_restrict(fd, key, 0, 0, gone);
		t->runs++;
		if (r) {
			tally_fail(t, "restrict {%s} by 0x%llx: %s", name,
				   (unsigned long long)gone, errname(r));
			break;
		}
		r = ncr_key_get_info(fd, key, &info);
		if (r || info.algs != (set & ~gone))
			tally_fail(t, "key info after restrict of {%s}: %s, "
				   "algs 0x%llx", name, errname(r),
				   (unsigned long long)info.algs);
	}
	/* the set cannot become empty */
	r = ncr_key_restrict(fd, key, 0, 0, set);
	check_verdict(t, &(struct job){ .c = dcase_of(algs[0], klen),
					.a = talg_get(algs[0]) },
		      r, -EINVAL, "restrict of the whole set", klen);
	ncr_key_deinit(fd, key);
}

/* A random non-empty subset of the bits of mask. */
static uint64_t rand_subset(uint64_t mask)
{
	uint64_t s;

	do
		s = rng_u64(&rng) & mask;
	while (!s);
	return s;
}

static void test_key_sets(void)
{
	const uint32_t aes_use = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT |
				 NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY;
	const uint64_t aes_nx = NCR_KEY_ALG_AES_ECB | NCR_KEY_ALG_AES_CBC |
				NCR_KEY_ALG_AES_CTR | NCR_KEY_ALG_AES_GCM |
				NCR_KEY_ALG_AES_CCM | NCR_KEY_ALG_CMAC_AES;
	static const uint64_t aes_fixed[] = {
		NCR_KEY_ALG_AES_GCM, NCR_KEY_ALG_AES_CBC, NCR_KEY_ALG_AES_CTR,
		NCR_KEY_ALG_AES_ECB, NCR_KEY_ALG_AES_CCM, NCR_KEY_ALG_CMAC_AES,
		NCR_KEY_ALG_AES_CBC | NCR_KEY_ALG_AES_CTR,
		NCR_KEY_ALG_AES_GCM | NCR_KEY_ALG_CMAC_AES,
		NCR_KEY_ALG_AES_ECB | NCR_KEY_ALG_AES_CBC |
		NCR_KEY_ALG_AES_CTR | NCR_KEY_ALG_AES_GCM |
		NCR_KEY_ALG_AES_CCM | NCR_KEY_ALG_CMAC_AES,
	};
	uint8_t kb[64];

	for (size_t klen = 16; klen <= 32; klen += 8) {
		struct tally t = { 0 };

		rng_fill(&rng, kb, klen);
		for (size_t i = 0; i < ARRAY_SIZE(aes_fixed) + 4; i++)
			set_run(&t, NCR_KEY_TYPE_AES, kb, klen,
				i < ARRAY_SIZE(aes_fixed) ? aes_fixed[i] :
				rand_subset(aes_nx), aes_use, aes_algs,
				ARRAY_SIZE(aes_algs));
		if (klen == 32)
			set_run(&t, NCR_KEY_TYPE_AES, kb, klen,
				NCR_KEY_ALG_AES_XTS, aes_use, aes_algs,
				ARRAY_SIZE(aes_algs));
		tally_report(&t, "AES-%zu keys under %zu algorithm sets (fixed "
			     "and random): the set's algorithms == OpenSSL, "
			     "the other AES algorithms EPERM, restrict removes "
			     "one%s", klen * 8, ARRAY_SIZE(aes_fixed) + 4 +
			     (klen == 32), klen == 32 ?
			     " (and a 32-byte XTS key is never AES-256)" : "");
	}
	{
		struct tally t = { 0 };

		rng_fill(&rng, kb, 64);
		set_run(&t, NCR_KEY_TYPE_AES, kb, 64, NCR_KEY_ALG_AES_XTS,
			NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
			aes_algs, ARRAY_SIZE(aes_algs));
		rng_fill(&rng, kb, 32);
		for (int i = 0; i < 6; i++)
			set_run(&t, NCR_KEY_TYPE_HMAC, kb, 32,
				i ? rand_subset(NCR_KEY_ALG_HMAC_ALL) :
				NCR_KEY_ALG_HMAC_ALL, NCR_KEY_USAGE_SIGN |
				NCR_KEY_USAGE_VERIFY, hmac_algs,
				ARRAY_SIZE(hmac_algs));
		for (int i = 1; i <= 3; i++)
			set_run(&t, NCR_KEY_TYPE_CHACHA20, kb, 32,
				(i & 1 ? NCR_KEY_ALG_CHACHA20 : 0) |
				(i & 2 ? NCR_KEY_ALG_CHACHA20_POLY1305 : 0),
				NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
				chacha_algs, ARRAY_SIZE(chacha_algs));
		rng_fill(&rng, kb, 24);
		set_run(&t, NCR_KEY_TYPE_DES3, kb, 24, NCR_KEY_ALG_DES3_CBC,
			NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
			des3_algs, ARRAY_SIZE(des3_algs));
		tally_report(&t, "AES-256-XTS (64-byte), HMAC (random subsets "
			     "of the 7), ChaCha20 and DES3 keys: the set's "
			     "algorithms == OpenSSL, the others EPERM");
	}
	{
		/* sets ncr.h forbids; default sets */
		static const struct {
			uint32_t type, usage;
			size_t klen;
			uint64_t algs;	/* 0: default */
			int err;
			uint64_t want;	/* the default set */
			const char *what;
		} v[] = {
			{ NCR_KEY_TYPE_AES, NCR_KEY_USAGE_ENCRYPT, 32,
			  NCR_KEY_ALG_AES_XTS | NCR_KEY_ALG_AES_CBC, -EINVAL, 0,
			  "AES-XTS with another mode" },
			{ NCR_KEY_TYPE_AES, NCR_KEY_USAGE_ENCRYPT, 16,
			  NCR_KEY_ALG_AES_XTS, -EINVAL, 0, "XTS, 16-byte key" },
			{ NCR_KEY_TYPE_AES, NCR_KEY_USAGE_ENCRYPT, 24,
			  NCR_KEY_ALG_AES_XTS, -EINVAL, 0, "XTS, 24-byte key" },
			{ NCR_KEY_TYPE_AES, NCR_KEY_USAGE_ENCRYPT, 64,
			  NCR_KEY_ALG_AES_CBC, -EINVAL, 0, "CBC, 64-byte key" },
			{ NCR_KEY_TYPE_AES, NCR_KEY_USAGE_ENCRYPT, 48,
			  NCR_KEY_ALG_AES_GCM, -EINVAL, 0, "GCM, 48-byte key" },
			{ NCR_KEY_TYPE_AES, NCR_KEY_USAGE_SIGN, 16,
			  NCR_KEY_ALG_HMAC_SHA256, -EINVAL, 0,
			  "AES key, an HMAC" },
			{ NCR_KEY_TYPE_HMAC, NCR_KEY_USAGE_SIGN, 32,
			  NCR_KEY_ALG_CMAC_AES, -EINVAL, 0, "HMAC key, CMAC" },
			{ NCR_KEY_TYPE_CHACHA20, NCR_KEY_USAGE_ENCRYPT, 32,
			  NCR_KEY_ALG_AES_CTR, -EINVAL, 0,
			  "ChaCha20 key, AES-CTR" },
			{ NCR_KEY_TYPE_AES, NCR_KEY_USAGE_ENCRYPT, 16,
			  1ULL << 60, -EINVAL, 0, "an unknown bit" },
			{ NCR_KEY_TYPE_AES, NCR_KEY_USAGE_ENCRYPT |
			  NCR_KEY_USAGE_SIGN, 16, 0, -EINVAL, 0,
			  "no set for AES encrypt|sign" },
			{ NCR_KEY_TYPE_AES, NCR_KEY_USAGE_DECRYPT |
			  NCR_KEY_USAGE_UNWRAP, 32, 0, -EINVAL, 0,
			  "no set for AES decrypt|unwrap" },
			{ NCR_KEY_TYPE_AES, NCR_KEY_USAGE_ENCRYPT |
			  NCR_KEY_USAGE_DECRYPT, 16, 0, 0,
			  NCR_KEY_ALG_AES_GCM, "AES encrypt|decrypt" },
			{ NCR_KEY_TYPE_AES, NCR_KEY_USAGE_SIGN |
			  NCR_KEY_USAGE_VERIFY, 24, 0, 0,
			  NCR_KEY_ALG_CMAC_AES, "AES sign|verify" },
			{ NCR_KEY_TYPE_AES, NCR_KEY_USAGE_WRAP |
			  NCR_KEY_USAGE_UNWRAP, 32, 0, 0,
			  NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_KWP,
			  "AES wrap|unwrap" },
			{ NCR_KEY_TYPE_AES, NCR_KEY_USAGE_ENCRYPT |
			  NCR_KEY_USAGE_DECRYPT, 64, 0, 0,
			  NCR_KEY_ALG_AES_XTS, "64-byte AES encrypt|decrypt" },
			{ NCR_KEY_TYPE_AES, NCR_KEY_USAGE_ENCRYPT, 48, 0, 0,
			  NCR_KEY_ALG_AES_XTS, "48-byte AES encrypt" },
			{ NCR_KEY_TYPE_DES3, NCR_KEY_USAGE_ENCRYPT, 24, 0, 0,
			  NCR_KEY_ALG_DES3_CBC, "DES3 encrypt" },
			{ NCR_KEY_TYPE_CHACHA20, NCR_KEY_USAGE_DECRYPT, 32, 0,
			  0, NCR_KEY_ALG_CHACHA20_POLY1305,
			  "ChaCha20 decrypt" },
			{ NCR_KEY_TYPE_HMAC, NCR_KEY_USAGE_SIGN |
			  NCR_KEY_USAGE_VERIFY, 20, 0, 0, NCR_KEY_ALG_HMAC_ALL,
			  "HMAC sign|verify" },
		};
		struct tally t = { 0 };

		rng_fill(&rng, kb, sizeof(kb));
		for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
			struct ncr_key_policy pol = {
				.usage = v[i].usage, .algs = v[i].algs,
			};
			struct ncr_key_info info;
			uint32_t key;
			int r;

			t.runs++;
			r = ncr_key_import_ex(fd, v[i].type,
					      NCR_KEY_FORMAT_DEFAULT, 0, kb,
					      v[i].klen, &pol, &key);
			if (r != v[i].err) {
				tally_fail(&t, "%s: import %s, want %s",
					   v[i].what, errname(r),
					   errname(v[i].err));
			} else if (!r && (ncr_key_get_info(fd, key, &info) ||
					  info.algs != v[i].want)) {
				tally_fail(&t, "%s: default set 0x%llx, want "
					   "0x%llx", v[i].what,
					   (unsigned long long)info.algs,
					   (unsigned long long)v[i].want);
			}
			if (!r)
				ncr_key_deinit(fd, key);
		}
		tally_report(&t, "sets ncr.h forbids are refused (EINVAL: XTS "
			     "with anything or on 16/24-byte keys, modes on "
			     "48/64-byte keys, another type's algorithm, no "
			     "set for two families); default sets as listed");
	}
}

/* The algorithms that get 3-way splits and 1 MiB runs. */
static int selected(const struct dcase *c)
{
	static const char *const names[] = {
		"sha256", "sha3-256", "hmac-sha256", "hmac-sha512",
		"cmac-aes-128", "aes-128-cbc", "aes-256-ctr", "aes-256-xts",
		"aes-128-ecb", "des3-cbc", "chacha20", "aes-128-gcm",
		"aes-256-ccm", "chacha20-poly1305",
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(names[i], c->label))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	int quick = argc > 1 && !strcmp(argv[1], "--quick");
	struct live before, after;

	tap_init();
	fd = ncr_open();
	if (fd < 0) {
		char reason[96];

		snprintf(reason, sizeof(reason), "cannot open /dev/crypto: %s",
			 errname(fd));
		tap_skip_all(reason);
	}
	rng.s = test_seed();
	live_get(fd, &before);

	for (size_t ci = 0; ci < ARRAY_SIZE(cases); ci++) {
		struct job j;

		if (job_init(&j, &cases[ci])) {
			tap_ok(0, "%s: key import", cases[ci].label);
			continue;
		}
		test_lengths(&j);
		test_splits(&j, !quick && selected(&cases[ci]));
		test_params(&j);
		if (j.a->alg == NCR_ALG_AES_CBC || j.a->alg == NCR_ALG_AES_CTR ||
		    j.a->alg == NCR_ALG_CHACHA20 || j.a->alg == NCR_ALG_DES3_CBC)
			test_in_place(&j);
		if (!quick && selected(&cases[ci]))
			test_big(&j);
		if (j.key)
			ncr_key_deinit(fd, j.key);
	}
	test_hmac_keys();
	test_key_sets();

	if (!live_get(fd, &after))
		tap_ok(after.keys == before.keys &&
		       after.sessions == before.sessions,
		       "no keys or sessions left behind (keys %llu -> %llu, "
		       "sessions %llu -> %llu)",
		       (unsigned long long)before.keys,
		       (unsigned long long)after.keys,
		       (unsigned long long)before.sessions,
		       (unsigned long long)after.sessions);
	ncr_close(fd);
	return tap_finish("diff_openssl");
}
