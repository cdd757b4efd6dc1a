// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * fuzz_ed25519.c - libFuzzer target for Ed25519 verification (and X25519)
 * cross-checked against OpenSSL 3.  The first byte picks the mode:
 *   0: sig (64) || pub (32) || msg from the input, verified as they are;
 *   1: seed (32) || flip (3) || msg: sign msg under seed, then check that
 *      the signature verifies; if flip[0] is odd, flip bit flip[1] of the
 *      signature (or, with flip[2] odd, of the public key) and verify again;
 *      the incremental sign (each pass cut in two at points taken from
 *      flip) must give the one-shot signature;
 *   2: scalar (32) || u (32): X25519 against OpenSSL's derive.
 * Our verdict must equal OpenSSL's (both check S < L and the cofactorless
 * equation; an A with y >= p could only differ with a valid signature under
 * it, which random inputs do not reach), and must be 0 or -EBADMSG.  The
 * incremental verify, the message cut in two, must give the same verdict.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include "curve25519/curve25519.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

static int ossl_verify(const u8 *sig, const u8 *pub, const u8 *msg, size_t len)
{
	EVP_PKEY *k = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub, 32);
	EVP_MD_CTX *m;
	int r = 0;

	if (!k)
		return 0;
	m = EVP_MD_CTX_new();
	if (EVP_DigestVerifyInit(m, NULL, NULL, NULL, k) == 1)
		r = EVP_DigestVerify(m, sig, 64, msg, len) == 1;
	EVP_MD_CTX_free(m);
	EVP_PKEY_free(k);
	return r;
}

/* incremental verify with the message cut at `cut` */
static int verify_split(const u8 *sig, const u8 *pub, const u8 *msg,
			size_t len, size_t cut)
{
	struct ncr_ed25519_verify_ctx c;
	int r = ncr_ed25519_verify_start(&c, sig, pub);

	if (!r)
		r = ncr_ed25519_verify_update(&c, msg, cut);
	if (!r)
		r = ncr_ed25519_verify_update(&c, msg + cut, len - cut);
	if (!r)
		r = ncr_ed25519_verify_finish(&c);
	return r;
}

/* incremental sign, pass 1 cut at c1, pass 2 at c2 (both <= len) */
static void sign_split(u8 sig[64], const u8 *seed, const u8 *pub,
		       const u8 *msg, size_t len, size_t c1, size_t c2)
{
	struct ncr_ed25519_sign_ctx c;

	ncr_ed25519_sign_start(&c, seed, pub);
	if (ncr_ed25519_sign_update(&c, msg, c1) ||
	    ncr_ed25519_sign_update(&c, msg + c1, len - c1) ||
	    ncr_ed25519_sign_middle(&c) ||
	    ncr_ed25519_sign_update(&c, msg, c2) ||
	    ncr_ed25519_sign_update(&c, msg + c2, len - c2) ||
	    ncr_ed25519_sign_finish(&c, sig))
		abort();
}

static void check(const u8 *sig, const u8 *pub, const u8 *msg, size_t len,
		  int must_pass)
{
	int ours = ncr_ed25519_verify(sig, pub, msg, len);
	int theirs = ossl_verify(sig, pub, msg, len);

	if (verify_split(sig, pub, msg, len, len / 3) != ours)
		abort();

	if (ours != 0 && ours != -EBADMSG)
		abort();
	if ((ours == 0) != theirs)
		abort();
	if (must_pass && ours)
		abort();
}

static void x25519(const u8 *k, const u8 *u)
{
	EVP_PKEY *a = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, k, 32);
	EVP_PKEY *b = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, u, 32);
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(a, NULL);
	u8 o1[32], o2[32], z[32] = { 0 };
	size_t len = 32;
	int r1, r2;

	r1 = EVP_PKEY_derive_init(c) == 1 && EVP_PKEY_derive_set_peer(c, b) == 1 &&
	     EVP_PKEY_derive(c, o1, &len) == 1;
	r2 = ncr_x25519(o2, k, u);
	/* OpenSSL refuses an all-zero result too */
	if (r2 != 0 && (r2 != -EINVAL || memcmp(o2, z, 32)))
		abort();
	if (r1 != (r2 == 0) || (r1 && memcmp(o1, o2, 32)))
		abort();
	EVP_PKEY_CTX_free(c);
	EVP_PKEY_free(a);
	EVP_PKEY_free(b);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	u8 pub[32], sig[64], sig2[64];

	if (size < 1)
		return 0;
	switch (data[0] % 3) {
	case 0:
		if (size < 97)
			return 0;
		check(data + 1, data + 65, data + 97, size - 97, 0);
		break;
	case 1:
		if (size < 36)
			return 0;
		ncr_ed25519_public(pub, data + 1);
		ncr_ed25519_sign(sig, data + 1, pub, data + 36, size - 36);
		sign_split(sig2, data + 1, pub, data + 36, size - 36,
			   data[33] % (size - 35), data[34] % (size - 35));
		if (memcmp(sig, sig2, 64))
			abort();
		check(sig, pub, data + 36, size - 36, 1);
		if (data[33] & 1) {
			if (data[35] & 1)
				pub[(data[34] >> 3) & 31] ^= (u8)(1 << (data[34] & 7));
			else
				sig[(data[34] >> 2) & 63] ^= (u8)(1 << (data[34] & 3));
			check(sig, pub, data + 36, size - 36, 0);
		}
		break;
	case 2:
		if (size < 65)
			return 0;
		x25519(data + 1, data + 33);
		break;
	}
	return 0;
}
