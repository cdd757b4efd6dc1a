// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/wycheproof/mac.c - part of build/tests/wycheproof (see
 * tests/wycheproof/main.c): MAC tests (mac_test_schema_v1: AES-CMAC, HMAC
 * with SHA-1, SHA-2 and SHA-3).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "wycheproof.h"

static const char *vname(int r)
{
	return r == NCR_VERIFY_OK ? "NCR_VERIFY_OK" :
	       r == NCR_VERIFY_FAILED ? "NCR_VERIFY_FAILED" : errname(r);
}

/*
 * tag_bytes: the group's tagSize, the length the application accepts
 * (acc, 0 when it is the full length), fixed before the test's tag is
 * looked at.
 */
enum verdict run_mac(uint32_t alg, size_t tag_bytes,
		     const struct tcase *tc, char *why, size_t why_len)
{
	uint32_t type = alg == NCR_ALG_CMAC_AES ? NCR_KEY_TYPE_AES :
			NCR_KEY_TYPE_HMAC;
	const size_t full = talg_get(alg)->tag, min = talg_mac_min(alg);
	const size_t acc = tag_bytes == full ? 0 : tag_bytes;
	const int below_min = tag_bytes && tag_bytes < min;
	const int unsupported = tag_bytes > full;
	uint8_t mac[NCR_MAX_TAG];
	size_t mac_len;
	enum verdict v;
	uint32_t key;
	int done, r, rs;

	if (!tc->tag || !tc->msg || !tag_bytes) {
		WHY("malformed test: missing fields or tagSize");
		return V_FAIL;
	}
	v = import_key(tc, alg, type, NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY,
		       &key, &done, why, why_len);
	if (done)
		return v;

	if (!is_valid(tc) && !is_acceptable(tc)) {
		/* must never verify: refused (a length ncr.h does not take)
		 * or NCR_VERIFY_FAILED, once and through a session */
		v = V_PASS;
		for (int ses = 0; ses < 2 && v == V_PASS; ses++) {
			r = be->mac_verify(ses, alg, key, acc, tc->msg,
					   tc->msg_len, tc->tag, tc->tag_len);
			if (r == NCR_VERIFY_FAILED ||
			    (r == -EINVAL && (below_min || unsupported)))
				continue;
			v = V_FAIL;
			WHY("%s verify of an invalid MAC (accepting %zu "
			    "bytes): got %s, want NCR_VERIFY_FAILED%s",
			    ses ? "session" : "once", tag_bytes, vname(r),
			    below_min || unsupported ? " or EINVAL" : "");
		}
		goto out;
	}
	if (below_min || unsupported) {
		/* A valid MAC of a length ncr refuses by design: every way
		 * of asking for that length must be EINVAL. */
		int rm[2], rv[2];

		for (int ses = 0; ses < 2; ses++) {
			mac_len = sizeof(mac);
			rm[ses] = be->mac(ses, alg, key, tag_bytes, tc->msg,
					  tc->msg_len, mac, &mac_len);
			rv[ses] = be->mac_verify(ses, alg, key, tag_bytes,
						 tc->msg, tc->msg_len,
						 tc->tag, tc->tag_len);
		}
		if (rm[0] == -EINVAL && rm[1] == -EINVAL && rv[0] == -EINVAL &&
		    rv[1] == -EINVAL) {
			v = V_SKIP;
			if (below_min)
				WHY("below the minimum MAC length ncr accepts "
				    "(%s: %zu of at least %zu bytes, refused "
				    "with EINVAL)", talg_name(alg), tag_bytes,
				    min);
			else
				WHY("%s: %zu-byte MACs not supported (EINVAL)",
				    talg_name(alg), tag_bytes);
		} else {
			v = V_FAIL;
			WHY("a %zu-byte %s MAC (ncr.h: %zu..%zu) must be "
			    "refused with EINVAL: once sign %s, session sign "
			    "%s, once verify %s, session verify %s", tag_bytes,
			    talg_name(alg), min, full, errname(rm[0]),
			    errname(rm[1]), vname(rv[0]), vname(rv[1]));
		}
		goto out;
	}
	for (int ses = 0; ses < 2; ses++) {
		const char *how = ses ? "session" : "once";

		mac_len = sizeof(mac);
		r = be->mac(ses, alg, key, acc, tc->msg, tc->msg_len, mac,
			    &mac_len);
		if (r) {
			v = refused(tc, r, "mac", NULL, why, why_len);
			goto out;
		}
		if (mac_len != tc->tag_len ||
		    memcmp(mac, tc->tag, tc->tag_len)) {
			v = V_FAIL;
			WHY("%s mac differs (%zu bytes, want %zu)", how,
			    mac_len, tc->tag_len);
			goto out;
		}
		r = be->mac_verify(ses, alg, key, acc, tc->msg, tc->msg_len,
				   tc->tag, tc->tag_len);
		if (r != NCR_VERIFY_OK) {
			v = V_FAIL;
			WHY("%s verify of the expected MAC: got %s", how,
			    vname(r));
			goto out;
		}
		/* a one-bit change of it must not verify */
		memcpy(mac, tc->tag, tc->tag_len);
		mac[tc->tag_len - 1] ^= 1;
		r = be->mac_verify(ses, alg, key, acc, tc->msg, tc->msg_len,
				   mac, tc->tag_len);
		if (r != NCR_VERIFY_FAILED) {
			v = V_FAIL;
			WHY("%s verify of a modified MAC: got %s", how,
			    vname(r));
			goto out;
		}
		/* nor the right MAC one byte shorter than the verifier takes
		 * (the sender does not choose how much is checked) */
		r = be->mac_verify(ses, alg, key, acc, tc->msg, tc->msg_len,
				   tc->tag, tc->tag_len - 1);
		if (r != NCR_VERIFY_FAILED) {
			v = V_FAIL;
			WHY("%s verify of the MAC cut to %zu bytes, accepting "
			    "%zu: got %s", how, tc->tag_len - 1, tag_bytes,
			    vname(r));
			goto out;
		}
		/* nor a truncated MAC by a full-length verifier */
		if (acc) {
			rs = be->mac_verify(ses, alg, key, 0, tc->msg,
					    tc->msg_len, tc->tag, tc->tag_len);
			if (rs != NCR_VERIFY_FAILED) {
				v = V_FAIL;
				WHY("%s full-length verify of the %zu-byte "
				    "MAC: got %s, want NCR_VERIFY_FAILED", how,
				    tc->tag_len, vname(rs));
				goto out;
			}
		}
	}
	v = V_PASS;
out:
	be->key_deinit(key);
	return v;
}
