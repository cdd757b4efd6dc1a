// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/wycheproof/sig.c - part of build/tests/wycheproof (see
 * tests/wycheproof/main.c): signature tests: RSA PKCS#1 v1.5 signing
 * (rsassa_pkcs1_generate_schema_v1) and verification of RSA PKCS#1 v1.5 and
 * PSS, DSA, ECDSA (DER and P1363) and Ed25519 signatures.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "wycheproof.h"

enum verdict pk_sign_test(struct pkgroup *gc, const struct tcase *tc,
			  char *why, size_t why_len)
{
	uint8_t sig[NCR_MAX_SIGNATURE];
	size_t sig_len = sizeof(sig);
	int r;

	if (!tc->sig || !tc->msg) {
		WHY("malformed test: missing fields");
		return V_FAIL;
	}
	r = pk_sign(ncr_fd, gc->alg, gc->key, &gc->p, tc->msg, tc->msg_len,
		    sig, &sig_len);
	if (r)
		return op_outcome_refused(tc, r, -EINVAL, 0, "sign", why,
					  why_len);
	if (!is_valid(tc) && !is_acceptable(tc)) {
		if (sig_len == tc->sig_len && !memcmp(sig, tc->sig, sig_len)) {
			WHY("sign produced the invalid test's signature");
			return V_FAIL;
		}
		return V_PASS;
	}
	if (sig_len != tc->sig_len || memcmp(sig, tc->sig, sig_len)) {
		WHY("signature differs (%zu bytes, want %zu)", sig_len,
		    tc->sig_len);
		return V_FAIL;
	}
	r = pk_verify(ncr_fd, gc->alg, gc->key, &gc->p, tc->msg, tc->msg_len,
		      sig, sig_len);
	if (r != NCR_VERIFY_OK) {
		WHY("verify of the expected signature: %s",
		    r == NCR_VERIFY_FAILED ? "NCR_VERIFY_FAILED" : errname(r));
		return V_FAIL;
	}
	sig[sig_len / 2] ^= 0x10;
	r = pk_verify(ncr_fd, gc->alg, gc->key, &gc->p, tc->msg, tc->msg_len,
		      sig, sig_len);
	if (r != NCR_VERIFY_FAILED) {
		WHY("verify of a modified signature: %s",
		    r == NCR_VERIFY_OK ? "NCR_VERIFY_OK" : errname(r));
		return V_FAIL;
	}
	if (is_acceptable(tc))
		acc_accepted++;
	return V_PASS;
}

enum verdict pk_verify_test(struct pkgroup *gc,
			    const struct tcase *tc, char *why,
			    size_t why_len)
{
	int r;

	if (!tc->sig || !tc->msg) {
		WHY("malformed test: missing fields");
		return V_FAIL;
	}
	r = pk_verify(ncr_fd, gc->alg, gc->key, &gc->p, tc->msg, tc->msg_len,
		      tc->sig, tc->sig_len);
	if (r < 0) {
		WHY("verify: %s, want a result (a malformed signature is "
		    "NCR_VERIFY_FAILED)", errname(r));
		return V_FAIL;
	}
	if (is_acceptable(tc)) {
		if (r == NCR_VERIFY_OK)
			acc_accepted++;
		else
			acc_refused++;
		return V_PASS;
	}
	if (is_valid(tc) ? r != NCR_VERIFY_OK : r != NCR_VERIFY_FAILED) {
		WHY("verify: %s, want %s", r == NCR_VERIFY_OK ?
		    "NCR_VERIFY_OK" : "NCR_VERIFY_FAILED", is_valid(tc) ?
		    "NCR_VERIFY_OK" : "NCR_VERIFY_FAILED");
		return V_FAIL;
	}
	return V_PASS;
}
