// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/wycheproof/aead.c - part of build/tests/wycheproof (see
 * tests/wycheproof/main.c): AEAD tests (aead_test_schema_v1: AES-GCM,
 * AES-CCM, CHACHA20-POLY1305).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "wycheproof.h"

enum verdict run_aead(uint32_t alg, const char *alg_label,
		      const struct tcase *tc, char *why, size_t why_len)
{
	uint32_t type = alg == NCR_ALG_CHACHA20_POLY1305 ?
			NCR_KEY_TYPE_CHACHA20 : NCR_KEY_TYPE_AES;
	char issue_buf[160];
	const char *issue = NULL;
	uint8_t *out = NULL, tag[NCR_MAX_TAG];
	enum verdict v;
	uint32_t key;
	int done, r;

	if (!tc->tag || !tc->ct || !tc->msg || !tc->iv) {
		WHY("malformed test: missing fields");
		return V_FAIL;
	}
	if (!talg_iv_ok(alg, tc->iv_len)) {
		snprintf(issue_buf, sizeof(issue_buf),
			 "%s: %zu-byte IVs not supported", alg_label,
			 tc->iv_len);
		issue = issue_buf;
	} else if (!tc->tag_len || !talg_tag_ok(alg, tc->tag_len)) {
		snprintf(issue_buf, sizeof(issue_buf),
			 "%s: %zu-byte tags not supported", alg_label,
			 tc->tag_len);
		issue = issue_buf;
	}
	v = import_key(tc, alg, type, NCR_KEY_USAGE_ENCRYPT |
		       NCR_KEY_USAGE_DECRYPT, &key, &done, why, why_len);
	if (done)
		return v;
	out = malloc(tc->msg_len + tc->ct_len + 1);

	if (!is_valid(tc) && !is_acceptable(tc)) {
		/* invalid: decryption must be refused, plaintext not written */
		memset(out, 0xa5, tc->ct_len + 1);
		r = be->aead(0, alg, key, tc->iv, tc->iv_len, tc->aad,
			     tc->aad_len, tc->ct, tc->ct_len, out, tc->tag,
			     tc->tag_len);
		if (!r) {
			v = V_FAIL;
			WHY("invalid ciphertext/tag accepted");
		} else if (r == -EBADMSG || (r == -EINVAL && issue)) {
			v = V_PASS;
			for (size_t i = 0; i < tc->ct_len; i++)
				if (out[i] != 0xa5) {
					v = V_FAIL;
					WHY("refused with %s but plaintext "
					    "was written", errname(r));
					break;
				}
		} else {
			v = V_FAIL;
			WHY("decrypt: got %s, want %s", errname(r),
			    issue ? "EINVAL or EBADMSG" : "EBADMSG");
		}
		goto out;
	}

	r = be->aead(1, alg, key, tc->iv, tc->iv_len, tc->aad, tc->aad_len,
		     tc->msg, tc->msg_len, out, tag, tc->tag_len);
	if (r) {
		v = refused(tc, r, "encrypt", issue, why, why_len);
		goto out;
	}
	if (tc->msg_len != tc->ct_len || memcmp(out, tc->ct, tc->ct_len)) {
		v = V_FAIL;
		WHY("encrypt: ciphertext differs");
		goto out;
	}
	if (memcmp(tag, tc->tag, tc->tag_len)) {
		v = V_FAIL;
		WHY("encrypt: tag differs");
		goto out;
	}
	r = be->aead(0, alg, key, tc->iv, tc->iv_len, tc->aad, tc->aad_len,
		     tc->ct, tc->ct_len, out, tc->tag, tc->tag_len);
	if (r) {
		v = V_FAIL;
		WHY("decrypt of the expected ciphertext: %s", errname(r));
	} else if (memcmp(out, tc->msg, tc->msg_len)) {
		v = V_FAIL;
		WHY("decrypt: plaintext differs");
	} else {
		v = V_PASS;
	}
out:
	free(out);
	be->key_deinit(key);
	return v;
}
