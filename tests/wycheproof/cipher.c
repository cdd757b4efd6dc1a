// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/wycheproof/cipher.c - part of build/tests/wycheproof (see
 * tests/wycheproof/main.c): IND-CPA tests (ind_cpa_test_schema_v1:
 * AES-CBC-PKCS5, AES-XTS).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "wycheproof.h"

enum verdict run_cbc_pkcs5(const struct tcase *tc, char *why,
			   size_t why_len)
{
	uint8_t *out;
	size_t out_len;
	enum verdict v;
	uint32_t key;
	int done, r;

	if (!tc->iv || !tc->ct || !tc->msg || tc->iv_len != 16) {
		WHY("malformed test: missing fields or IV not 16 bytes");
		return V_FAIL;
	}
	v = import_key(tc, NCR_ALG_AES_CBC, NCR_KEY_TYPE_AES,
		       NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT, &key,
		       &done, why, why_len);
	if (done)
		return v;
	out = malloc(tc->msg_len + tc->ct_len + 32);

	if (!is_valid(tc) && !is_acceptable(tc)) {
		int len_bad = !tc->ct_len || tc->ct_len % 16;

		out_len = tc->ct_len + 16;
		r = be->cbc_pad(0, key, tc->iv, tc->ct, tc->ct_len, out,
				&out_len);
		if (r == -EBADMSG || (r == -EINVAL && len_bad)) {
			v = V_PASS;
		} else {
			v = V_FAIL;
			WHY("padded decrypt: got %s, want %s", errname(r),
			    len_bad ? "EBADMSG or EINVAL" : "EBADMSG");
		}
		goto out;
	}
	out_len = tc->msg_len + 16;
	r = be->cbc_pad(1, key, tc->iv, tc->msg, tc->msg_len, out, &out_len);
	if (r) {
		v = refused(tc, r, "padded encrypt", NULL, why, why_len);
		goto out;
	}
	if (out_len != tc->ct_len || memcmp(out, tc->ct, tc->ct_len)) {
		v = V_FAIL;
		WHY("padded encrypt: ciphertext differs (%zu bytes, want %zu)",
		    out_len, tc->ct_len);
		goto out;
	}
	out_len = tc->ct_len;
	r = be->cbc_pad(0, key, tc->iv, tc->ct, tc->ct_len, out, &out_len);
	if (r) {
		v = V_FAIL;
		WHY("padded decrypt: %s", errname(r));
	} else if (out_len != tc->msg_len || memcmp(out, tc->msg, out_len)) {
		v = V_FAIL;
		WHY("padded decrypt: plaintext differs (%zu bytes, want %zu)",
		    out_len, tc->msg_len);
	} else {
		v = V_PASS;
	}
out:
	free(out);
	be->key_deinit(key);
	return v;
}

/*
 * Wycheproof's AES-XTS tweaks are 1..16 bytes: the data unit number,
 * little-endian.  The 128-bit tweak is that value zero-extended, which is
 * how ncr (16-byte IVs only) takes it.
 */
enum verdict run_xts(const struct tcase *tc, char *why, size_t why_len)
{
	const char *issue = NULL;
	uint8_t *out, tweak[16] = { 0 };
	size_t out_len;
	enum verdict v;
	uint32_t key;
	int done, r;

	if (!tc->iv || !tc->ct || !tc->msg || tc->iv_len > 16) {
		WHY("malformed test: missing fields or tweak over 16 bytes");
		return V_FAIL;
	}
	memcpy(tweak, tc->iv, tc->iv_len);
	if (tc->msg_len < 16)
		issue = "AES-XTS: data units under 16 bytes not supported";
	v = import_key(tc, NCR_ALG_AES_XTS, NCR_KEY_TYPE_AES,
		       NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT, &key,
		       &done, why, why_len);
	if (done)
		return v;
	out = malloc(tc->msg_len + tc->ct_len + 1);

	if (!is_valid(tc) && !is_acceptable(tc)) {
		out_len = tc->ct_len;
		r = be->cipher(NCR_ALG_AES_XTS, NCR_OP_DECRYPT, key, tweak, 16,
			       tc->ct, tc->ct_len, out, &out_len);
		if (r == -EINVAL || r == -EBADMSG) {
			v = V_PASS;
		} else {
			v = V_FAIL;
			WHY("invalid test decrypted: %s", errname(r));
		}
		goto out;
	}
	out_len = tc->msg_len;
	r = be->cipher(NCR_ALG_AES_XTS, NCR_OP_ENCRYPT, key, tweak, 16,
		       tc->msg, tc->msg_len, out, &out_len);
	if (r) {
		v = refused(tc, r, "encrypt", issue, why, why_len);
		goto out;
	}
	if (out_len != tc->ct_len || memcmp(out, tc->ct, tc->ct_len)) {
		v = V_FAIL;
		WHY("encrypt: ciphertext differs");
		goto out;
	}
	out_len = tc->ct_len;
	r = be->cipher(NCR_ALG_AES_XTS, NCR_OP_DECRYPT, key, tweak, 16,
		       tc->ct, tc->ct_len, out, &out_len);
	if (r) {
		v = V_FAIL;
		WHY("decrypt: %s", errname(r));
	} else if (out_len != tc->msg_len || memcmp(out, tc->msg, out_len)) {
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
