// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/wycheproof/keywrap.c - part of build/tests/wycheproof (see
 * tests/wycheproof/main.c): key wrap tests (keywrap_test_schema_v1:
 * AES-WRAP of RFC 3394, AES-KWP of RFC 5649).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "wycheproof.h"

static int live_now(struct live *l)
{
	return be == &ncr_backend ? live_get(ncr_fd, l) : -1;
}

/*
 * (a) msg as an exportable, wrappable HMAC key (its bytes are the
 * caller's: any wrapping key may wrap it), wrapped: valid -> exactly ct;
 * acceptable -> ct or refused (EINVAL); invalid -> anything but ct.
 */
static enum verdict keywrap_wrap(uint32_t walg, uint32_t wk,
				 const struct tcase *tc, char *why,
				 size_t why_len)
{
	uint8_t out[NCR_WRAPPED_KEY_MAX];
	size_t out_len = sizeof(out);
	enum verdict v;
	uint32_t key;
	int r;

	r = be->key_import(NCR_KEY_TYPE_HMAC, tc->msg, tc->msg_len,
			   NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_WRAPPABLE,
			   NCR_KEY_USAGE_SIGN, 0, &key);
	if (r) {
		WHY("import of msg (%zu bytes) as an HMAC key: %s",
		    tc->msg_len, errname(r));
		return V_FAIL;
	}
	r = be->key_wrap(walg, wk, key, out, &out_len);
	if (!is_valid(tc) && !is_acceptable(tc)) {
		if (!r && out_len == tc->ct_len &&
		    !memcmp(out, tc->ct, tc->ct_len)) {
			v = V_FAIL;
			WHY("wrap of msg gave the invalid test's ct");
		} else if (r && r != -EINVAL) {
			v = V_FAIL;
			WHY("wrap: %s, want success or EINVAL", errname(r));
		} else {
			v = V_PASS;
		}
	} else if (r) {
		v = is_acceptable(tc) && r == -EINVAL ? V_PASS : V_FAIL;
		if (v == V_FAIL)
			WHY("wrap: %s", errname(r));
	} else if (out_len != tc->ct_len || memcmp(out, tc->ct, tc->ct_len)) {
		v = V_FAIL;
		WHY("wrap: wrapped key differs (%zu bytes, want %zu)", out_len,
		    tc->ct_len);
	} else {
		v = V_PASS;
	}
	be->key_deinit(key);
	return v;
}

/*
 * (b) ct unwrapped into a new exportable, hashable HMAC key (the wrapping
 * key is exportable, so ncr.h allows both): valid -> its material is msg
 * (exported), and hashed in the kernel gives SHA-256 of msg (16 bytes or
 * more; shorter keys: KEY_DATA refused with EPERM); acceptable -> that
 * or refused; invalid -> EBADMSG or EINVAL, and no key created.
 */
static enum verdict keywrap_unwrap(uint32_t walg, uint32_t wk,
				   const struct tcase *tc, char *why,
				   size_t why_len)
{
	uint8_t got[32], want[32], raw[NCR_WRAPPED_KEY_MAX];
	size_t raw_len = sizeof(raw);
	struct live before, after;
	int have_live = !live_now(&before);
	enum verdict v;
	uint32_t key = 0;
	size_t n;
	int r;

	r = be->key_unwrap(walg, wk, tc->ct, tc->ct_len, NCR_KEY_TYPE_HMAC,
			   NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_HASHABLE,
			   NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY, &key);
	if (!is_valid(tc) && !is_acceptable(tc)) {
		if (!r) {
			be->key_deinit(key);
			WHY("unwrap of an invalid ct succeeded");
			return V_FAIL;
		}
		if (r != -EBADMSG && r != -EINVAL) {
			WHY("unwrap: got %s, want EBADMSG or EINVAL",
			    errname(r));
			return V_FAIL;
		}
		if (have_live && !live_now(&after) &&
		    (after.keys != before.keys ||
		     after.sessions != before.sessions)) {
			WHY("unwrap refused with %s but live keys changed "
			    "(%llu -> %llu)", errname(r),
			    (unsigned long long)before.keys,
			    (unsigned long long)after.keys);
			return V_FAIL;
		}
		return V_PASS;
	}
	if (r) {
		if (is_acceptable(tc) && (r == -EINVAL || r == -EBADMSG))
			return V_PASS;
		WHY("unwrap: %s", errname(r));
		return V_FAIL;
	}
	r = be->key_export(key, raw, &raw_len);
	if (r || raw_len != tc->msg_len || memcmp(raw, tc->msg, raw_len)) {
		v = V_FAIL;
		WHY("unwrapped key: export %s, %zu bytes, want msg (%zu "
		    "bytes)", errname(r), raw_len, tc->msg_len);
		goto out;
	}
	r = be->key_sha256(key, got);
	ref_digest(NCR_ALG_SHA256, tc->msg, tc->msg_len, want, &n);
	if (tc->msg_len < 16) {
		/* too short to be hashed without being found by search */
		v = r == -EPERM ? V_PASS : V_FAIL;
		if (v == V_FAIL)
			WHY("KEY_DATA hash of a %zu-byte unwrapped key: %s, "
			    "want EPERM (ncr.h: at least 16 bytes)",
			    tc->msg_len, errname(r));
	} else if (r) {
		v = V_FAIL;
		WHY("SHA-256 of the unwrapped key (KEY_DATA): %s", errname(r));
	} else if (memcmp(got, want, 32)) {
		v = V_FAIL;
		WHY("unwrapped key: SHA-256 of its material differs from "
		    "SHA-256 of msg");
	} else {
		v = V_PASS;
	}
out:
	memset(raw, 0, sizeof(raw));
	be->key_deinit(key);
	return v;
}

enum verdict run_keywrap(uint32_t walg, const char *alg_label,
			 const struct tcase *tc, char *why,
			 size_t why_len)
{
	int holdable = tc->msg_len >= 1 &&
		       tc->msg_len <= NCR_MAX_HMAC_KEY_BYTES;
	enum verdict v;
	uint32_t wk;
	int r;

	if (!tc->msg || !tc->ct) {
		WHY("malformed test: missing fields");
		return V_FAIL;
	}
	if (tc->key_len != 16 && tc->key_len != 24 && tc->key_len != 32) {
		WHY("%s: %zu-bit wrapping keys not supported", alg_label,
		    tc->key_len * 8);
		return V_SKIP;
	}
	if (!holdable && (is_valid(tc) || is_acceptable(tc))) {
		WHY("%s: a %zu-byte msg cannot be an HMAC key (1..%d bytes)",
		    alg_label, tc->msg_len, NCR_MAX_HMAC_KEY_BYTES);
		return V_SKIP;
	}
	r = be->key_import(NCR_KEY_TYPE_AES, tc->key, tc->key_len,
			   NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_WRAP |
			   NCR_KEY_USAGE_UNWRAP, talg_wkeybit(walg), &wk);
	if (r) {
		WHY("import of the wrapping key (%zu bytes): %s", tc->key_len,
		    errname(r));
		return V_FAIL;
	}
	v = holdable ? keywrap_wrap(walg, wk, tc, why, why_len) : V_PASS;
	if (v == V_PASS)
		v = keywrap_unwrap(walg, wk, tc, why, why_len);
	be->key_deinit(wk);
	return v;
}
