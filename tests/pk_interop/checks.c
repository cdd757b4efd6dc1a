// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * checks.c - build/tests/pk_interop: the checks every key family runs:
 * signatures both ways (kernel -> OpenSSL, OpenSSL -> kernel), exported
 * private keys equal to the public half, OpenSSL keys imported with the
 * same SPKI, derived secrets equal to OpenSSL's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "pk_interop.h"

/* ------------------------------------------------- signature round trips */

/*
 * The kernel signs (private key kpriv, parameters p; a session fed in
 * 97-byte updates, or one NCRIO_SESSION_ONCE with the digest when
 * p->pk_flags has NCR_PK_FLAG_DIGEST); OpenSSL verifies with opub
 * (raw_n: r||s halves of that length, converted to DER first).
 */
void sig_k2o(const char *name, uint32_t alg, uint32_t kpriv,
	     EVP_PKEY *opub, const struct pkp *p, int pad, int salt,
	     size_t raw_n)
{
	uint8_t msg[3000], sig[NCR_MAX_SIGNATURE], der[NCR_MAX_SIGNATURE];
	uint8_t dig[64];
	size_t len, sig_len = sizeof(sig), der_len, dl;
	const uint8_t *vsig = sig;
	size_t vlen;
	int r, good, bad_sig, bad_msg;

	rand_msg(msg, &len, sizeof(msg));
	if (p && (p->pk_flags & NCR_PK_FLAG_DIGEST)) {
		ref_digest(p->hash, msg, len, dig, &dl);
		r = pk_sign(fd, alg, kpriv, p, dig, dl, sig, &sig_len);
	} else {
		r = pk_sign_ses(fd, alg, kpriv, p, msg, len, 97, sig,
				&sig_len);
	}
	if (r) {
		tap_ok(0, "%s: kernel sign (%zu-byte message): %s", name, len,
		       errname(r));
		return;
	}
	vlen = sig_len;
	if (raw_n) {
		if (sig_len != 2 * raw_n ||
		    sig_raw_to_der(sig, raw_n, der, &der_len)) {
			tap_ok(0, "%s: raw signature is %zu bytes, want %zu",
			       name, sig_len, 2 * raw_n);
			return;
		}
		vsig = der;
		vlen = der_len;
	}
	good = ossl_verify(opub, p ? p->hash : 0, pad, salt, msg, len, vsig,
			   vlen);
	msg[len / 2] ^= 0x01;
	bad_msg = ossl_verify(opub, p ? p->hash : 0, pad, salt, msg, len,
			      vsig, vlen);
	msg[len / 2] ^= 0x01;
	sig[sig_len - 1 - sig_len / 3] ^= 0x40;
	if (raw_n)
		sig_raw_to_der(sig, raw_n, der, &der_len);
	bad_sig = ossl_verify(opub, p ? p->hash : 0, pad, salt, msg, len,
			      raw_n ? der : sig, raw_n ? der_len : sig_len);
	tap_ok(good == 1 && bad_msg == 0 && bad_sig == 0,
	       "%s: OpenSSL verifies the kernel's signature of %zu bytes "
	       "(%d), refuses a tampered message (%d) and signature (%d)",
	       name, len, good, bad_msg, bad_sig);
}

/* OpenSSL signs with opriv; the kernel verifies with kkey (raw_n: also
 * as r||s with NCR_PK_FLAG_SIG_RAW). */
void sig_o2k(const char *name, uint32_t alg, uint32_t kkey,
	     EVP_PKEY *opriv, const struct pkp *p, int pad, int salt,
	     size_t raw_n)
{
	uint8_t msg[3000], sig[NCR_MAX_SIGNATURE], raw[NCR_MAX_SIGNATURE];
	size_t len, sig_len = sizeof(sig);
	struct pkp q = p ? *p : (struct pkp){ 0 };
	int good, good_ses, bad_msg, bad_sig, good_raw = NCR_VERIFY_OK;

	rand_msg(msg, &len, sizeof(msg));
	if (ossl_sign(opriv, q.hash, pad, salt, msg, len, sig, &sig_len)) {
		tap_ok(0, "%s: OpenSSL sign", name);
		return;
	}
	good = pk_verify(fd, alg, kkey, &q, msg, len, sig, sig_len);
	good_ses = pk_verify_ses(fd, alg, kkey, &q, msg, len, 61, sig,
				 sig_len);
	if (raw_n) {
		struct pkp qr = q;

		qr.pk_flags |= NCR_PK_FLAG_SIG_RAW;
		if (sig_der_to_raw(sig, sig_len, raw_n, raw))
			good_raw = -EPROTO;
		else
			good_raw = pk_verify(fd, alg, kkey, &qr, msg, len, raw,
					     2 * raw_n);
	}
	msg[0] ^= 0x80;
	bad_msg = pk_verify(fd, alg, kkey, &q, msg, len, sig, sig_len);
	msg[0] ^= 0x80;
	sig[sig_len / 2] ^= 0x04;
	bad_sig = pk_verify(fd, alg, kkey, &q, msg, len, sig, sig_len);
	tap_ok(good == NCR_VERIFY_OK && good_ses == NCR_VERIFY_OK &&
	       good_raw == NCR_VERIFY_OK && bad_msg == NCR_VERIFY_FAILED &&
	       bad_sig == NCR_VERIFY_FAILED,
	       "%s: the kernel verifies OpenSSL's signature of %zu bytes "
	       "(once %s, session %s%s%s), refuses a tampered message (%s) "
	       "and signature (%s)", name, len, vname(good), vname(good_ses),
	       raw_n ? ", raw " : "", raw_n ? vname(good_raw) : "",
	       vname(bad_msg), vname(bad_sig));
}

/* Exported PKCS#8 (and PKCS#1) of an exportable kernel private key load
 * in OpenSSL and equal the SPKI public half. */
void export_eq(const char *name, uint32_t kpriv, EVP_PKEY *opub,
	       int pkcs1)
{
	EVP_PKEY *k8 = kexport_priv(kpriv, NCR_KEY_FORMAT_PKCS8);

	tap_ok(k8 && opub && EVP_PKEY_eq(k8, opub) == 1,
	       "%s: exported PKCS#8 loads in OpenSSL and equals the SPKI "
	       "public key", name);
	if (pkcs1) {
		EVP_PKEY *k1 = kexport_priv(kpriv, NCR_KEY_FORMAT_PKCS1);

		tap_ok(k1 && k8 && EVP_PKEY_eq(k1, k8) == 1 &&
		       EVP_PKEY_eq(k1, opub) == 1,
		       "%s: exported PKCS#1 RSAPrivateKey loads in OpenSSL "
		       "and equals the PKCS#8 key", name);
		EVP_PKEY_free(k1);
	}
	EVP_PKEY_free(k8);
}

/* An OpenSSL private key imported as PKCS#8: the kernel's SPKI export
 * of it equals OpenSSL's bytes.  Returns the handle (0 on failure). */
uint32_t import_ossl(const char *name, EVP_PKEY *o, uint32_t type,
		     uint32_t usage, uint64_t algs)
{
	uint8_t der[NCR_MAX_PKEY_BYTES], spki[NCR_MAX_PKEY_BYTES];
	uint8_t kspki[NCR_MAX_PKEY_BYTES];
	size_t len = sizeof(der), slen = sizeof(spki), klen = sizeof(kspki);
	uint32_t key = 0;
	int r;

	if (ossl_der(o, 1, der, &len) || ossl_der(o, 0, spki, &slen)) {
		tap_ok(0, "%s: OpenSSL DER encoding", name);
		return 0;
	}
	r = kimport(type, NCR_KEY_FORMAT_PKCS8, 0, der, len, 0, usage, algs,
		    &key);
	memset(der, 0, sizeof(der));
	if (!tap_err(r, 0, "%s: import of OpenSSL's PKCS#8 (%zu bytes)", name,
		     len))
		return 0;
	r = pk_export(fd, key, NCR_KEY_FORMAT_SPKI, kspki, &klen);
	tap_ok(!r && klen == slen && !memcmp(kspki, spki, slen),
	       "%s: SPKI exported from the imported key equals OpenSSL's "
	       "(%zu bytes, want %zu): %s", name, klen, slen, errname(r));
	return key;
}

/* The kernel's SPKI, imported back as a public key for verify. */
uint32_t import_spki(uint32_t type, EVP_PKEY *o, uint32_t usage,
		     uint64_t algs)
{
	uint8_t spki[NCR_MAX_PKEY_BYTES];
	size_t slen = sizeof(spki);
	uint32_t key = 0;

	if (ossl_der(o, 0, spki, &slen) ||
	    kimport(type, NCR_KEY_FORMAT_SPKI, 0, spki, slen, 0, usage, algs,
		    &key))
		return 0;
	return key;
}

/* The kernel derives from kpriv and peer into an exportable HMAC key:
 * the secret equals want (OpenSSL's EVP_PKEY_derive). */
void derive_cmp(const char *name, uint32_t alg, uint32_t kpriv,
		const uint8_t *peer, size_t peer_len,
		const uint8_t *want, size_t want_len)
{
	uint8_t s[NCR_MAX_SECRET_BYTES];
	size_t sl = sizeof(s);
	uint32_t nk;
	int r;

	r = pk_derive(fd, alg, kpriv, peer, peer_len, NCR_KEY_TYPE_HMAC,
		      NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN, &nk);
	if (!tap_err(r, 0, "%s: derive (%zu-byte peer value)", name, peer_len))
		return;
	r = secret_export(fd, nk, s, &sl);
	key_del(fd, nk);
	tap_ok(!r && sl == want_len && !memcmp(s, want, sl),
	       "%s: the derived secret (%zu bytes) equals OpenSSL's "
	       "EVP_PKEY_derive (%zu bytes): %s", name, sl, want_len,
	       errname(r));
}
