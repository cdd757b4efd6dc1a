// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/diff_openssl/params.c - part of build/tests/diff_openssl (see
 * tests/diff_openssl/main.c): the parameters besides the message: truncated
 * MACs and the lengths a verifier takes, MACs below the minimum of ncr.h,
 * short AEAD tags, every CCM nonce size, HMAC key lengths.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "diff_openssl.h"

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
void test_params(struct job *j)
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
		const size_t min = talg_mac_min(j->a->alg);
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

/* HMAC key lengths around the hash block size, up to the maximum. */
void test_hmac_keys(void)
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
