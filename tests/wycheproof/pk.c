// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/wycheproof/pk.c - part of build/tests/wycheproof (see
 * tests/wycheproof/main.c): the public-key schemas: a group's key, imported
 * once per group with the set of its algorithm, the RSA set check, the
 * verdicts of refusals, the sampling of NCR_WYCHEPROOF_PK_STRIDE and the
 * dispatch to the RSA decryption (rsa_enc.c), signature (sig.c) and key
 * agreement (kex.c) tests.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>

#include "wycheproof.h"

/*
 * Public-key schemas run per group: the group's key is imported once
 * (NCRIO_KEY_IMPORT, DER as the file gives it), then each test goes
 * through NCRIO_SESSION_ONCE or NCRIO_KEY_DERIVE with raw ioctls (the
 * tests/common.c helpers; imports here, to name the algorithm set).  A
 * rejection is a failed import, a failed derive (EINVAL), a failed OAEP
 * decryption (EBADMSG, or EINVAL for a ciphertext longer than the
 * modulus), a PKCS#1 v1.5 synthetic message (implicit rejection) or
 * NCR_VERIFY_FAILED.  "acceptable" tests may go either way; the counts of
 * each are reported.
 */

/* the counters of wycheproof.h */
int acc_accepted, acc_refused;
int ir_synth, ir_pub_refused, ir_pub_decrypted;
size_t ir_min = (size_t)-1, ir_max;

/*
 * Sampling of the public-key files (NCR_WYCHEPROOF_PK_STRIDE=k: only
 * tests whose index in the file is offset mod k run; default 1, all).
 * Public-key operations are slow under TCG; should the full set become
 * too slow for make check, tests/vm-suite.sh can sample with an offset
 * that changes from run to run (NCR_WYCHEPROOF_PK_OFFSET reproduces one).
 */
unsigned long pk_stride = 1, pk_offset;

int pk_selected(unsigned long index)
{
	return pk_stride <= 1 || index % pk_stride == pk_offset;
}

static uint32_t sha_alg(const char *name)
{
	static const struct {
		const char *n;
		uint32_t a;
	} m[] = {
		{ "SHA-1", NCR_ALG_SHA1 }, { "SHA-224", NCR_ALG_SHA224 },
		{ "SHA-256", NCR_ALG_SHA256 }, { "SHA-384", NCR_ALG_SHA384 },
		{ "SHA-512", NCR_ALG_SHA512 },
	};

	for (size_t i = 0; name && i < ARRAY_SIZE(m); i++)
		if (!strcmp(m[i].n, name))
			return m[i].a;
	return 0;
}

static uint32_t curve_bits(const char *name)
{
	if (!name)
		return 0;
	if (!strcmp(name, "secp256r1") || !strcmp(name, "P-256"))
		return 256;
	if (!strcmp(name, "secp384r1") || !strcmp(name, "P-384"))
		return 384;
	return 0;
}

static const char *jstr(json_t *o, const char *field)
{
	return json_string_value(json_object_get(o, field));
}

static long jint(json_t *o, const char *field)
{
	return (long)json_integer_value(json_object_get(o, field));
}

#define GSKIP(...) do { \
	snprintf(gc->skip_buf, sizeof(gc->skip_buf), __VA_ARGS__); \
	gc->skip = gc->skip_buf; \
} while (0)

static EVP_PKEY *ossl_priv_der(const uint8_t *der, size_t len)
{
	const unsigned char *p = der;

	return d2i_AutoPrivateKey(NULL, &p, (long)len);
}

/* NCRIO_KEY_IMPORT with an algorithm set (common.c's pk_import has none). */
int pk_import_ex(uint32_t type, uint32_t format, uint32_t bits,
		 const void *data, size_t len, uint32_t flags,
		 uint32_t usage, uint64_t algs, uint32_t *key)
{
	struct ncr_key_import im = {
		.size = sizeof(im), .flags = flags, .usage = usage,
		.type = type, .data = PTR64(data), .data_size = (__u32)len,
		.format = format, .bits = bits, .algs = algs,
	};
	int r;

	if (len > 0xffffffffu)
		return -EINVAL;
	r = xioctl(ncr_fd, NCRIO_KEY_IMPORT, &im);
	if (!r)
		*key = im.key;
	return r;
}

/*
 * The file's set check for the RSA kinds, on the group's key (whose
 * usage already allows the other algorithm): its own algorithm works,
 * the other RSA padding of the same operation is refused with EPERM.
 */
static void pk_set_check(struct pkgroup *gc)
{
	static const uint8_t msg[] = "set";
	uint8_t buf[NCR_MAX_SIGNATURE], out[NCR_MAX_SIGNATURE];
	size_t k = 0, n;
	struct pkp sha256 = { .hash = NCR_ALG_SHA256 };
	struct pkp pss = { .hash = NCR_ALG_SHA256, .salt_size = 32 };
	char bad[300] = "", what[200] = "";
	uint32_t other;
	int r, own;

	switch (gc->kind) {
	case PK_RSA_OAEP_DEC:
	case PK_RSA_PKCS1_DEC:
		/* a decryption key of one padding must not decrypt (nor
		 * encrypt) with the other: PKCS#1 v1.5 under an OAEP key
		 * would be a padding oracle on its ciphertexts */
		other = gc->kind == PK_RSA_OAEP_DEC ? NCR_ALG_RSA_PKCS1 :
			NCR_ALG_RSA_OAEP;
		n = sizeof(buf);
		own = pk_crypt(ncr_fd, gc->alg, NCR_OP_ENCRYPT, gc->key,
			       &gc->p, msg, sizeof(msg), buf, &n);
		k = n;
		n = sizeof(out);
		r = pk_crypt(ncr_fd, other, NCR_OP_DECRYPT, gc->key, NULL, buf,
			     k ? k : 256, out, &n);
		if (r != -EPERM)
			CAT(bad, " decrypt: %s;", errname(r));
		n = sizeof(out);
		r = pk_crypt(ncr_fd, other, NCR_OP_ENCRYPT, gc->key, NULL, msg,
			     sizeof(msg), out, &n);
		if (r != -EPERM)
			CAT(bad, " encrypt: %s;", errname(r));
		snprintf(what, sizeof(what), "encrypts with %s and refuses %s "
			 "decryption and encryption", set_name(gc->algs),
			 set_name(talg_keybit(other)));
		break;
	case PK_RSA_PKCS1_GEN:
		n = sizeof(buf);
		own = pk_sign(ncr_fd, gc->alg, gc->key, &gc->p, msg,
			      sizeof(msg), buf, &n);
		n = sizeof(buf);
		r = pk_sign(ncr_fd, NCR_ALG_RSA_PSS, gc->key, &pss, msg,
			    sizeof(msg), buf, &n);
		if (r != -EPERM)
			CAT(bad, " rsa-pss sign: %s;", errname(r));
		snprintf(what, sizeof(what), "signs with rsa-pkcs1 and "
			 "refuses rsa-pss");
		break;
	case PK_RSA_PKCS1_VER:
	case PK_RSA_PSS_VER:
		/* a made-up signature: own algorithm NCR_VERIFY_FAILED, the
		 * other one EPERM before it looks at anything */
		memset(buf, 0x3c, sizeof(buf));
		own = pk_verify(ncr_fd, gc->alg, gc->key, &gc->p, msg,
				sizeof(msg), buf, 256);
		own = own == NCR_VERIFY_FAILED ? 0 : own == 0 ? -EPROTO : own;
		other = gc->kind == PK_RSA_PSS_VER ? NCR_ALG_RSA_PKCS1 :
			NCR_ALG_RSA_PSS;
		r = pk_verify(ncr_fd, other, gc->key, other == NCR_ALG_RSA_PSS ?
			      &pss : &sha256, msg, sizeof(msg), buf, 256);
		if (r != -EPERM)
			CAT(bad, " %s verify: %s;", set_name(talg_keybit(other)),
			    r == NCR_VERIFY_OK ? "NCR_VERIFY_OK" :
			    r == NCR_VERIFY_FAILED ? "NCR_VERIFY_FAILED" :
			    errname(r));
		snprintf(what, sizeof(what), "verifies with %s and refuses %s",
			 set_name(gc->algs), set_name(talg_keybit(other)));
		break;
	default:
		return;
	}
	if (own)
		CAT(bad, " own algorithm: %s;", errname(own));
	set_checked = 1;
	tap_ok(!bad[0], "%s: the group key with the set {%s} %s (EPERM)%s",
	       cur_file, set_name(gc->algs), what, bad);
}

void pk_group_begin(int kind, json_t *g, struct pkgroup *gc)
{
	json_t *pubk = json_object_get(g, "publicKey");
	const char *sha = jstr(g, "sha"), *der_field = NULL;
	uint32_t type = 0, usage = 0, format = NCR_KEY_FORMAT_SPKI;
	long size = 0, lo = 0, hi = 0;
	uint8_t *der;
	size_t der_len;
	int bad = 0;

	memset(gc, 0, sizeof(*gc));
	gc->kind = kind;
	if (sha && !sha_alg(sha))
		GSKIP("hash %s not supported by ncr sessions", sha);
	switch (kind) {
	case PK_RSA_OAEP_DEC:
		gc->alg = NCR_ALG_RSA_OAEP;
		gc->p.hash = sha_alg(sha);
		if (!jstr(g, "mgf") || strcmp(jstr(g, "mgf"), "MGF1"))
			GSKIP("mask generation %s not supported",
			      jstr(g, "mgf") ? jstr(g, "mgf") : "(none)");
		gc->p.mgf1_hash = sha_alg(jstr(g, "mgfSha"));
		if (!gc->p.mgf1_hash && !gc->skip)
			GSKIP("MGF1 hash %s not supported",
			      jstr(g, "mgfSha") ? jstr(g, "mgfSha") : "?");
		/* fall through */
	case PK_RSA_PKCS1_DEC:
		if (kind == PK_RSA_PKCS1_DEC)
			gc->alg = NCR_ALG_RSA_PKCS1;
		type = NCR_KEY_TYPE_RSA;
		usage = NCR_KEY_USAGE_DECRYPT | NCR_KEY_USAGE_ENCRYPT;
		der_field = "privateKeyPkcs8";
		format = NCR_KEY_FORMAT_PKCS8;
		size = jint(g, "keySize");
		lo = 1024;
		hi = 4096;
		break;
	case PK_RSA_PKCS1_GEN:
		gc->alg = NCR_ALG_RSA_PKCS1;
		gc->p.hash = sha_alg(sha);
		type = NCR_KEY_TYPE_RSA;
		usage = NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY;
		der_field = "privateKeyPkcs8";
		format = NCR_KEY_FORMAT_PKCS8;
		size = jint(g, "keySize");
		lo = 1024;
		hi = 4096;
		break;
	case PK_RSA_PSS_VER:
		gc->alg = NCR_ALG_RSA_PSS;
		if (!jstr(g, "mgf") || strcmp(jstr(g, "mgf"), "MGF1"))
			GSKIP("mask generation %s not supported",
			      jstr(g, "mgf") ? jstr(g, "mgf") : "(none)");
		gc->p.mgf1_hash = sha_alg(jstr(g, "mgfSha"));
		gc->p.salt_size = (uint32_t)jint(g, "sLen");
		/* fall through */
	case PK_RSA_PKCS1_VER:
		if (kind == PK_RSA_PKCS1_VER)
			gc->alg = NCR_ALG_RSA_PKCS1;
		gc->p.hash = sha_alg(sha);
		type = NCR_KEY_TYPE_RSA;
		usage = NCR_KEY_USAGE_VERIFY;
		der_field = "publicKeyDer";
		size = jint(g, "keySize");
		lo = 1024;
		hi = 4096;
		break;
	case PK_DSA_VER:
	case PK_DSA_VER_P1363:
		gc->alg = NCR_ALG_DSA;
		gc->p.hash = sha_alg(sha);
		if (kind == PK_DSA_VER_P1363)
			gc->p.pk_flags = NCR_PK_FLAG_SIG_RAW;
		type = NCR_KEY_TYPE_DSA;
		usage = NCR_KEY_USAGE_VERIFY;
		der_field = "publicKeyDer";
		size = jint(pubk, "keySize");
		lo = 2048;	/* the (L, N) pairs of NCRIO_KEY_GENERATE_PAIR */
		hi = 3072;
		break;
	case PK_ECDSA_VER:
	case PK_ECDSA_VER_P1363:
		gc->alg = NCR_ALG_ECDSA;
		gc->p.hash = sha_alg(sha);
		if (kind == PK_ECDSA_VER_P1363)
			gc->p.pk_flags = NCR_PK_FLAG_SIG_RAW;
		type = NCR_KEY_TYPE_EC;
		usage = NCR_KEY_USAGE_VERIFY;
		der_field = "publicKeyDer";
		if (!curve_bits(jstr(pubk, "curve")) && !gc->skip)
			GSKIP("curve %s not supported",
			      jstr(pubk, "curve") ? jstr(pubk, "curve") : "?");
		break;
	case PK_EDDSA_VER:
		gc->alg = NCR_ALG_ED25519;
		type = NCR_KEY_TYPE_ED25519;
		usage = NCR_KEY_USAGE_VERIFY;
		der_field = "publicKeyDer";
		if ((!jstr(pubk, "curve") ||
		     strcmp(jstr(pubk, "curve"), "edwards25519")) && !gc->skip)
			GSKIP("curve %s not supported",
			      jstr(pubk, "curve") ? jstr(pubk, "curve") : "?");
		break;
	case PK_ECDH_ASN:
	case PK_ECDH_POINT:
		gc->alg = NCR_ALG_ECDH;
		gc->curve = curve_bits(jstr(g, "curve"));
		if (!gc->curve && !gc->skip)
			GSKIP("curve %s not supported",
			      jstr(g, "curve") ? jstr(g, "curve") : "?");
		return;	/* keys per test */
	case PK_XDH:
		gc->alg = NCR_ALG_X25519;
		if ((!jstr(g, "curve") || strcmp(jstr(g, "curve"),
						 "curve25519")) && !gc->skip)
			GSKIP("curve %s not supported",
			      jstr(g, "curve") ? jstr(g, "curve") : "?");
		return;
	}
	if (gc->skip)
		return;
	if (size && (size < lo || size > hi)) {
		gc->out_of_range = 1;
		snprintf(gc->size_desc, sizeof(gc->size_desc),
			 "%ld-bit %s keys not supported (ncr.h: %ld..%ld)",
			 size, type == NCR_KEY_TYPE_RSA ? "RSA" : "DSA", lo,
			 hi);
	}
	der = jhex(g, der_field, &der_len, &bad);
	if (!der) {
		GSKIP("group has no %s field", der_field);
		return;
	}
	gc->algs = talg_keybit(gc->alg);
	/* a private RSA key below 2048 bits signs and decrypts only with
	 * the per-key opt-in of ncr.h (NCR_KEY_FLAG_RSA_LEGACY) */
	gc->import_err = pk_import_ex(type, format, 0, der, der_len,
				      format == NCR_KEY_FORMAT_PKCS8 &&
				      type == NCR_KEY_TYPE_RSA && size &&
				      size < 2048 ? NCR_KEY_FLAG_RSA_LEGACY :
				      0, usage, gc->algs, &gc->key);
	gc->have_key = !gc->import_err;
	if (gc->have_key && kind == PK_RSA_PKCS1_DEC) {
		/* OpenSSL's copy for the implicit rejection reference */
		BIGNUM *n = NULL;

		gc->okey = ossl_priv_der(der, der_len);
		if (gc->okey &&
		    EVP_PKEY_get_bn_param(gc->okey, OSSL_PKEY_PARAM_RSA_N,
					  &n)) {
			gc->k = (size_t)BN_num_bytes(n);
			if (gc->k > sizeof(gc->n) ||
			    BN_bn2binpad(n, gc->n, (int)gc->k) != (int)gc->k)
				gc->k = 0;
		}
		BN_free(n);
	}
	free(der);
	if (gc->have_key && !set_checked)
		pk_set_check(gc);
}

void pk_group_end(struct pkgroup *gc)
{
	if (gc->have_key)
		key_del(ncr_fd, gc->key);
	EVP_PKEY_free(gc->okey);
	gc->okey = NULL;
	for (int i = 0; i < gc->nprivs; i++)
		key_del(ncr_fd, gc->privs[i].key);
	memset(gc->privs, 0, sizeof(gc->privs));
}

/* The verdict of a test whose key import failed with err. */
enum verdict import_refused(const struct tcase *tc, int err,
			    int out_of_range, const char *size_desc,
			    const char *what, char *why,
			    size_t why_len)
{
	if (out_of_range && (err == -EINVAL || err == -EOPNOTSUPP)) {
		WHY("%s (%s)", size_desc, errname(err));
		return V_SKIP;
	}
	if (is_valid(tc)) {
		WHY("import of %s: %s", what, errname(err));
		return V_FAIL;
	}
	if (err != -EINVAL && err != -EOPNOTSUPP) {
		WHY("import of %s: %s, want EINVAL or EOPNOTSUPP", what,
		    errname(err));
		return V_FAIL;
	}
	if (is_acceptable(tc))
		acc_refused++;
	return V_PASS;
}

/* Verdict of a refusal r of an operation (0: it succeeded). */
enum verdict op_outcome_refused(const struct tcase *tc, int r,
				int ok_errno1, int ok_errno2,
				const char *what, char *why,
				size_t why_len)
{
	if (r != ok_errno1 && r != ok_errno2) {
		WHY("%s: %s, want %s%s%s", what, errname(r), errname(ok_errno1),
		    ok_errno2 ? " or " : "", ok_errno2 ? errname(ok_errno2) : "");
		return V_FAIL;
	}
	if (is_valid(tc)) {
		WHY("%s of a valid test refused: %s", what, errname(r));
		return V_FAIL;
	}
	if (is_acceptable(tc))
		acc_refused++;
	return V_PASS;
}

enum verdict run_pk(struct pkgroup *gc, const struct tcase *tc,
		    char *why, size_t why_len)
{
	if (gc->skip) {
		WHY("%s", gc->skip);
		return V_SKIP;
	}
	if (gc->kind != PK_ECDH_ASN && gc->kind != PK_ECDH_POINT &&
	    gc->kind != PK_XDH && !gc->have_key)
		return import_refused(tc, gc->import_err, gc->out_of_range,
				      gc->size_desc, "the group's key", why,
				      why_len);
	switch (gc->kind) {
	case PK_RSA_OAEP_DEC:
		return pk_decrypt_test(gc, tc, why, why_len);
	case PK_RSA_PKCS1_DEC:
		if (!tc->ct || !tc->msg) {
			WHY("malformed test: missing fields");
			return V_FAIL;
		}
		return pk_pkcs1_dec_test(gc, tc, why, why_len);
	case PK_RSA_PKCS1_GEN:
		return pk_sign_test(gc, tc, why, why_len);
	case PK_ECDH_ASN:
	case PK_ECDH_POINT:
		return pk_ecdh_test(gc, tc, why, why_len);
	case PK_XDH:
		return pk_xdh_test(tc, why, why_len);
	default:
		return pk_verify_test(gc, tc, why, why_len);
	}
}
