// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/diff_openssl/messages.c - part of build/tests/diff_openssl (see
 * tests/diff_openssl/main.c): the message side of every algorithm: all
 * lengths once and through a session, every split over updates (and of the
 * AAD), in-place updates, a 1 MiB message.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "diff_openssl.h"

static const size_t lengths[] = {
	0, 1, 15, 16, 17, 63, 64, 65, 1000, 4095, 4096, 16383, 16384, 16385,
	70000,
};

#define BIG (1024 * 1024)

/* All message lengths: once and session, both directions, verify. */
void test_lengths(struct job *j)
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
void test_splits(struct job *j, int three_way)
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

/* In-place updates (input == output) for the chaining ciphers. */
void test_in_place(struct job *j)
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
void test_big(struct job *j)
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
