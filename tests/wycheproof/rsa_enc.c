// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/wycheproof/rsa_enc.c - part of build/tests/wycheproof (see
 * tests/wycheproof/main.c): RSA encryption schemes
 * (rsaes_oaep_decrypt_schema_v1, rsaes_pkcs1_decrypt_schema_v1): OAEP
 * decryption and PKCS#1 v1.5 decryption with implicit rejection, checked
 * against a reference written with OpenSSL and against OpenSSL 3.2's known
 * answers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "wycheproof.h"

/* ---------------------------------- PKCS#1 v1.5 implicit rejection */

/* PRF(label, L) of core/rsa/rsa.h: HMAC-SHA256(KDK, be16(i) || label ||
 * be16(8 L)) for i = 0, 1, ..., the first L bytes. */
static int ir_prf(const uint8_t kdk[32], const char *label, uint8_t *out,
		  size_t L)
{
	size_t ll = strlen(label), off = 0;

	for (unsigned int i = 0; off < L; i++) {
		uint8_t in[2 + 16 + 2], mac[32];
		size_t n = 0, ml;

		in[n++] = (uint8_t)(i >> 8);
		in[n++] = (uint8_t)i;
		memcpy(in + n, label, ll);
		n += ll;
		in[n++] = (uint8_t)((8 * L) >> 8);
		in[n++] = (uint8_t)(8 * L);
		if (!EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, kdk, 32, in,
			       n, mac, sizeof(mac), &ml) || ml != 32)
			return -1;
		memcpy(out + off, mac, L - off < 32 ? L - off : 32);
		off += L - off < 32 ? L - off : 32;
	}
	return 0;
}

/*
 * The reference: PKCS#1 v1.5 decryption of the k-byte c with implicit
 * rejection, from the raw RSA decryption of OpenSSL (RSA_NO_PADDING).
 * 0 with the message (real or synthetic) in out, or -1.
 */
static int ir_reference(EVP_PKEY *pk, const uint8_t *c, size_t k,
			uint8_t *out, size_t *out_len)
{
	uint8_t em[NCR_MAX_SIGNATURE], dk[NCR_MAX_SIGNATURE], h[32], kdk[32];
	uint8_t lens[256], synth[NCR_MAX_SIGNATURE];
	size_t emlen = sizeof(em), hl, kl, len = 0, sep = 0, max, mask;
	EVP_PKEY_CTX *pc;
	BIGNUM *d = NULL;
	unsigned int hlen = 0;
	int ok, good;

	if (k < 11 || k > sizeof(em))
		return -1;
	pc = EVP_PKEY_CTX_new_from_pkey(NULL, pk, NULL);
	ok = pc && EVP_PKEY_decrypt_init(pc) > 0 &&
	     EVP_PKEY_CTX_set_rsa_padding(pc, RSA_NO_PADDING) > 0 &&
	     EVP_PKEY_decrypt(pc, em, &emlen, c, k) > 0 && emlen == k;
	EVP_PKEY_CTX_free(pc);
	ok = ok && EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_RSA_D, &d) &&
	     BN_bn2binpad(d, dk, (int)k) == (int)k;
	BN_clear_free(d);
	/* KDK = HMAC-SHA256(SHA-256(d as k bytes), c) */
	ok = ok && EVP_Digest(dk, k, h, &hlen, EVP_sha256(), NULL) &&
	     hlen == 32 &&
	     EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, h, 32, c, k, kdk,
		       sizeof(kdk), &kl) && kl == 32 &&
	     !ir_prf(kdk, "length", lens, sizeof(lens)) &&
	     !ir_prf(kdk, "message", synth, k);
	OPENSSL_cleanse(dk, sizeof(dk));
	if (!ok)
		return -1;
	max = k - 10;
	mask = max;
	mask |= mask >> 1;
	mask |= mask >> 2;
	mask |= mask >> 4;
	mask |= mask >> 8;
	for (size_t j = 0; j < sizeof(lens) / 2; j++) {
		size_t v = ((size_t)lens[2 * j] << 8 | lens[2 * j + 1]) & mask;

		if (v < max)
			len = v;
	}
	/* 00 02 PS (at least 8 non-zero bytes) 00 M */
	for (size_t i = 2; i < k && !sep; i++)
		if (!em[i])
			sep = i;
	good = em[0] == 0 && em[1] == 2 && sep >= 10;
	if (good) {
		hl = k - sep - 1;
		memcpy(out, em + sep + 1, hl);
		*out_len = hl;
	} else {
		memcpy(out, synth + k - len, len);
		*out_len = len;
	}
	OPENSSL_cleanse(em, sizeof(em));
	return 0;
}

/*
 * Known answers of OpenSSL 3.2's implicit rejection, to check the
 * reference above (and ncr) against an implementation other than both:
 * the keys and "Decrypt" vectors the core's unit test uses
 * (core/tests/test_rsa_ir_kat.h, from OpenSSL's test suite).
 */
#include "../../core/tests/test_rsa_ir_kat.h"

/* ir_kat_keys[i] as an OpenSSL key and, against /dev/crypto, as a kernel
 * key (*key, 0 if not imported); a note of what failed goes to bad. */
static EVP_PKEY *ir_load(size_t i, uint32_t *key, char *bad, size_t len)
{
	BIO *b = BIO_new_mem_buf(ir_kat_keys[i], -1);
	EVP_PKEY *pk = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
	uint8_t der[NCR_MAX_PKEY_BYTES];
	unsigned char *dp = der;
	int derlen, r;

	BIO_free(b);
	*key = 0;
	if (!pk) {
		snprintf(bad + strlen(bad), len - strlen(bad),
			 " key %zu does not load;", i);
		return NULL;
	}
	derlen = i2d_PrivateKey(pk, &dp);	/* PKCS#1 RSAPrivateKey */
	if (be == &ncr_backend && derlen > 0) {
		r = pk_import_ex(NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_PKCS1, 0,
				 der, (size_t)derlen, 0,
				 NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_RSA_PKCS1,
				 key);
		if (r)
			snprintf(bad + strlen(bad), len - strlen(bad),
				 " kernel import of key %zu: %s;", i,
				 errname(r));
	}
	OPENSSL_cleanse(der, sizeof(der));
	return pk;
}

/* One TAP line: the reference (and, against /dev/crypto, ncr's PKCS#1
 * v1.5 decryption) gives OpenSSL 3.2's answers. */
void ir_known_answers(void)
{
	EVP_PKEY *pk[ARRAY_SIZE(ir_kat_keys)];
	uint32_t key[ARRAY_SIZE(ir_kat_keys)];
	uint8_t out[NCR_MAX_SIGNATURE];
	char bad[600] = "";
	int r = 0;

	for (size_t i = 0; i < ARRAY_SIZE(ir_kat_keys); i++)
		pk[i] = ir_load(i, &key[i], bad, sizeof(bad));
	for (size_t i = 0; i < ARRAY_SIZE(ir_kats); i++) {
		int k = ir_kats[i].key;
		size_t ct_len, want_len, out_len = sizeof(out);
		uint8_t *ct = hex_decode(ir_kats[i].ct, &ct_len);
		uint8_t *want = ir_kats[i].str ?
			(uint8_t *)strdup(ir_kats[i].out) :
			hex_decode(ir_kats[i].out, &want_len);

		if (ir_kats[i].str)
			want_len = strlen(ir_kats[i].out);
		r = !pk[k] || !ct || !want ? -1 :
		    ir_reference(pk[k], ct, ct_len, out, &out_len);
		if (r || out_len != want_len || memcmp(out, want, want_len))
			CAT(bad, " reference, vector %zu: %s, %zu bytes "
			    "(want %zu);", i, r ? "failed" : "differs",
			    out_len, want_len);
		if (key[k] && ct && want) {
			out_len = sizeof(out);
			r = pk_crypt(ncr_fd, NCR_ALG_RSA_PKCS1, NCR_OP_DECRYPT,
				     key[k], NULL, ct, ct_len, out, &out_len);
			if (r || out_len != want_len ||
			    memcmp(out, want, want_len))
				CAT(bad, " ncr, vector %zu: %s, %zu bytes "
				    "(want %zu);", i, r ? errname(r) :
				    "differs", out_len, want_len);
		}
		free(ct);
		free(want);
	}
	for (size_t i = 0; i < ARRAY_SIZE(ir_kat_keys); i++) {
		if (key[i])
			key_del(ncr_fd, key[i]);
		EVP_PKEY_free(pk[i]);
	}
	tap_ok(!bad[0], "PKCS#1 v1.5 implicit rejection: the reference%s "
	       "give%s OpenSSL 3.2's %zu known answers (RSA-2048, 2049, "
	       "3072; valid ciphertexts and synthetic messages)%s",
	       be == &ncr_backend ? " and ncr" : "",
	       be == &ncr_backend ? "" : "s", ARRAY_SIZE(ir_kats), bad);
}

/* Publicly invalid: not k bytes, or not below n. */
static int ct_public_invalid(const struct pkgroup *gc, const uint8_t *c,
			     size_t len)
{
	return len != gc->k || memcmp(c, gc->n, gc->k) >= 0;
}

/*
 * PKCS#1 v1.5 decryption with implicit rejection (ncr.h, NCRIO_SESSION_INIT):
 * valid -> msg, in the kernel and in the reference; invalid -> success
 * (an error only for a publicly invalid ciphertext) with at most k - 11
 * bytes, the same twice, not msg, and the reference's synthetic message.
 */
enum verdict pk_pkcs1_dec_test(struct pkgroup *gc,
			       const struct tcase *tc, char *why,
			       size_t why_len)
{
	uint8_t out[NCR_MAX_SIGNATURE], out2[NCR_MAX_SIGNATURE];
	uint8_t ref[NCR_MAX_SIGNATURE], ct[NCR_MAX_SIGNATURE];
	size_t out_len = sizeof(out), out2_len = sizeof(out2), ref_len = 0;
	size_t ct_len = sizeof(ct);
	const int pub_bad = ct_public_invalid(gc, tc->ct, tc->ct_len);
	int r, rr;

	if (!gc->okey || !gc->k) {
		WHY("OpenSSL cannot load the group's key");
		return V_FAIL;
	}
	r = pk_crypt(ncr_fd, gc->alg, NCR_OP_DECRYPT, gc->key, &gc->p, tc->ct,
		     tc->ct_len, out, &out_len);
	rr = pub_bad ? -1 : ir_reference(gc->okey, tc->ct, gc->k, ref,
					 &ref_len);
	if (!pub_bad && rr) {
		WHY("the OpenSSL reference failed on a %zu-byte ciphertext "
		    "below n", tc->ct_len);
		return V_FAIL;
	}
	if (is_valid(tc) || is_acceptable(tc)) {
		if (r)
			return op_outcome_refused(tc, r, -EINVAL, 0,
						  "decrypt", why, why_len);
		if (out_len != tc->msg_len || memcmp(out, tc->msg, out_len)) {
			WHY("decrypt: plaintext differs (%zu bytes, want %zu)",
			    out_len, tc->msg_len);
			return V_FAIL;
		}
		if (!pub_bad && (ref_len != tc->msg_len ||
				 memcmp(ref, tc->msg, ref_len))) {
			WHY("the reference does not decrypt a valid "
			    "ciphertext to msg (%zu bytes)", ref_len);
			return V_FAIL;
		}
		if (is_acceptable(tc)) {
			acc_accepted++;
			return V_PASS;
		}
		if (gc->roundtrips >= 3)
			return V_PASS;
		gc->roundtrips++;
		r = pk_crypt(ncr_fd, gc->alg, NCR_OP_ENCRYPT, gc->key, &gc->p,
			     tc->msg, tc->msg_len, ct, &ct_len);
		if (!r)
			r = pk_crypt(ncr_fd, gc->alg, NCR_OP_DECRYPT, gc->key,
				     &gc->p, ct, ct_len, out2, &out2_len);
		if (r || out2_len != tc->msg_len ||
		    memcmp(out2, tc->msg, out2_len)) {
			WHY("kernel encryption of msg does not decrypt back: "
			    "%s", errname(r));
			return V_FAIL;
		}
		return V_PASS;
	}
	/* invalid */
	if (r) {
		if (pub_bad && (r == -EINVAL || r == -EBADMSG)) {
			ir_pub_refused++;
			return V_PASS;
		}
		WHY("decrypt: %s; implicit rejection wants success%s",
		    errname(r), pub_bad ? " (or EINVAL/EBADMSG: the "
		    "ciphertext is publicly invalid)" : "");
		return V_FAIL;
	}
	if (out_len > gc->k - 11) {
		WHY("synthetic message of %zu bytes, more than k - 11 = %zu",
		    out_len, gc->k - 11);
		return V_FAIL;
	}
	r = pk_crypt(ncr_fd, gc->alg, NCR_OP_DECRYPT, gc->key, &gc->p, tc->ct,
		     tc->ct_len, out2, &out2_len);
	if (r || out2_len != out_len || memcmp(out, out2, out_len)) {
		WHY("a second decryption of the ciphertext gives another "
		    "result (%s, %zu bytes, first %zu): not deterministic",
		    errname(r), out2_len, out_len);
		return V_FAIL;
	}
	if (out_len == tc->msg_len && !memcmp(out, tc->msg, out_len)) {
		WHY("an invalid ciphertext decrypted to the test's msg");
		return V_FAIL;
	}
	if (!pub_bad && (ref_len != out_len || memcmp(out, ref, out_len))) {
		WHY("synthetic message (%zu bytes) differs from the "
		    "reference's (%zu bytes)", out_len, ref_len);
		if (ref_len == out_len)
			memcmp_diag("synthetic message", out, ref, out_len);
		return V_FAIL;
	}
	if (pub_bad) {
		ir_pub_decrypted++;
	} else {
		ir_synth++;
		ir_min = out_len < ir_min ? out_len : ir_min;
		ir_max = out_len > ir_max ? out_len : ir_max;
	}
	return V_PASS;
}

enum verdict pk_decrypt_test(struct pkgroup *gc,
			     const struct tcase *tc, char *why,
			     size_t why_len)
{
	uint8_t out[NCR_MAX_SIGNATURE], ct[NCR_MAX_SIGNATURE];
	size_t out_len = sizeof(out), ct_len = sizeof(ct);
	struct pkp p = gc->p;
	int r;

	if (!tc->ct || !tc->msg) {
		WHY("malformed test: missing fields");
		return V_FAIL;
	}
	p.label = tc->label;
	p.label_size = (uint32_t)tc->label_len;
	r = pk_crypt(ncr_fd, gc->alg, NCR_OP_DECRYPT, gc->key, &p, tc->ct,
		     tc->ct_len, out, &out_len);
	if (r)
		return op_outcome_refused(tc, r, -EBADMSG, -EINVAL, "decrypt",
					  why, why_len);
	if (!is_valid(tc) && !is_acceptable(tc)) {
		WHY("invalid ciphertext decrypted (%zu bytes)", out_len);
		return V_FAIL;
	}
	if (out_len != tc->msg_len || memcmp(out, tc->msg, out_len)) {
		WHY("decrypt: plaintext differs (%zu bytes, want %zu)",
		    out_len, tc->msg_len);
		return V_FAIL;
	}
	if (is_acceptable(tc)) {
		acc_accepted++;
		return V_PASS;
	}
	/* and the kernel's own encryption of msg decrypts back to it (a
	 * few times per group: RSA private operations are slow under TCG) */
	if (gc->roundtrips >= 3)
		return V_PASS;
	gc->roundtrips++;
	r = pk_crypt(ncr_fd, gc->alg, NCR_OP_ENCRYPT, gc->key, &p, tc->msg,
		     tc->msg_len, ct, &ct_len);
	if (r) {
		WHY("encrypt of msg (%zu bytes): %s", tc->msg_len, errname(r));
		return V_FAIL;
	}
	out_len = sizeof(out);
	r = pk_crypt(ncr_fd, gc->alg, NCR_OP_DECRYPT, gc->key, &p, ct, ct_len,
		     out, &out_len);
	if (r || out_len != tc->msg_len || memcmp(out, tc->msg, out_len)) {
		WHY("kernel encryption of msg does not decrypt back: %s",
		    errname(r));
		return V_FAIL;
	}
	return V_PASS;
}
