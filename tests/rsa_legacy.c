// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rsa_legacy - NCR_KEY_FLAG_RSA_LEGACY through /dev/crypto (raw ioctls),
 * against OpenSSL libcrypto:
 *
 *   build/tests/rsa_legacy
 *
 * For an RSA-1024 and an RSA-1536 key generated here with OpenSSL
 * (EVP_RSA_gen) and imported as PKCS#8:
 *   - without the flag, PKCS#1 v1.5 and PSS signing, OAEP and PKCS#1 v1.5
 *     decryption fail with EINVAL, while the public half (SPKI) verifies
 *     OpenSSL's signatures and encrypts for OpenSSL;
 *   - with the flag, PKCS#1 v1.5 SHA-256 signatures equal OpenSSL's byte
 *     for byte (one-shot and through INIT/UPDATE/FINAL), PSS (SHA-256,
 *     MGF1-SHA-256, salt 32) signatures verify with OpenSSL, OAEP
 *     (SHA-256 and SHA-1, with and without a label) and PKCS#1 v1.5
 *     ciphertexts of OpenSSL decrypt to the message (a tampered OAEP one:
 *     EBADMSG), the kernel's OAEP ciphertexts decrypt with OpenSSL, and
 *     NCRIO_KEY_GET_INFO reports the flag.
 * The flag is refused (EINVAL) by NCRIO_KEY_GENERATE_PAIR of RSA-2048, by
 * the import of an AES key, of an RSA public key (SPKI) and of an EC
 * private key (each also imported without the flag, which must work);
 * an RSA-2048 private key may carry it and signs as OpenSSL does.
 * NCRIO_KEY_RESTRICT clearing the flag makes signing fail with EINVAL.
 * With a master key (set by tests/vm-suite.sh's first step; if none is
 * set and this process may set one, a random one is set here; else those
 * checks are skipped), a STORABLE flagged key comes back from
 * NCRIO_KEY_STORAGE_WRAP/UNWRAP with the flag and signs, an unflagged
 * one without it, and a restricted one's blob without it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "tap.h"

#define LEGACY NCR_KEY_FLAG_RSA_LEGACY
#define RSA_USAGE (NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY | \
	NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT)
#define RSA_PUB_USAGE (NCR_KEY_USAGE_VERIFY | NCR_KEY_USAGE_ENCRYPT)
#define RSA_ALGS (NCR_KEY_ALG_RSA_PKCS1 | NCR_KEY_ALG_RSA_PSS | \
	NCR_KEY_ALG_RSA_OAEP)

static int fd;
static struct rng rng;

/* ---- OpenSSL side ---- */

/* DER of k: PKCS#8 (priv) or SubjectPublicKeyInfo; malloc'd, NULL on
 * error. */
static uint8_t *ossl_der(EVP_PKEY *k, int priv, size_t *len)
{
	uint8_t *der = NULL;
	int n;

	if (priv) {
		PKCS8_PRIV_KEY_INFO *p8 = EVP_PKEY2PKCS8(k);

		n = p8 ? i2d_PKCS8_PRIV_KEY_INFO(p8, &der) : -1;
		PKCS8_PRIV_KEY_INFO_free(p8);
	} else {
		n = i2d_PUBKEY(k, &der);
	}
	if (n <= 0)
		return NULL;
	*len = (size_t)n;
	return der;
}

/* sign (1) or verify (0) with PKCS#1 v1.5 (salt < 0) or PSS with
 * MGF1-SHA-256 and salt bytes; hash SHA-256.  Sign: 0 or -1; verify: 1
 * good, 0 bad, -1 error. */
static int ossl_sig(EVP_PKEY *k, int sign, int salt, const void *msg,
		    size_t len, uint8_t *sig, size_t *sig_len)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pc = NULL;
	int r = -1;

	if (!c)
		return -1;
	if ((sign ? EVP_DigestSignInit_ex(c, &pc, "SHA256", NULL, NULL, k,
					  NULL) :
		    EVP_DigestVerifyInit_ex(c, &pc, "SHA256", NULL, NULL, k,
					    NULL)) <= 0)
		goto out;
	if (salt >= 0 &&
	    (EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PSS_PADDING) <= 0 ||
	     EVP_PKEY_CTX_set_rsa_pss_saltlen(pc, salt) <= 0 ||
	     EVP_PKEY_CTX_set_rsa_mgf1_md_name(pc, "SHA256", NULL) <= 0))
		goto out;
	if (salt < 0 &&
	    EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PADDING) <= 0)
		goto out;
	if (sign)
		r = EVP_DigestSign(c, sig, sig_len, msg, len) == 1 ? 0 : -1;
	else
		r = EVP_DigestVerify(c, sig, *sig_len, msg, len) == 1;
out:
	EVP_MD_CTX_free(c);
	return r;
}

/* ---- the kernel side ---- */

static uint32_t key_flags(uint32_t key)
{
	struct ncr_key_info info;

	return key_info(fd, key, &info) ? 0xffffffffu : info.flags;
}

static int key_restrict(uint32_t key, uint32_t clear_flags)
{
	struct ncr_key_restrict r = {
		.size = sizeof(r), .key = key, .clear_flags = clear_flags,
	};

	return xioctl(fd, NCRIO_KEY_RESTRICT, &r);
}

static const struct pkp pkcs1 = { .hash = NCR_ALG_SHA256 };
static const struct pkp pss = { .hash = NCR_ALG_SHA256,
				.mgf1_hash = NCR_ALG_SHA256,
				.salt_size = 32 };

/* The kernel's PKCS#1 v1.5 SHA-256 signature of a random message equals
 * OpenSSL's (0: equal, else the kernel's errno or 1). */
static int pkcs1_sign_same(uint32_t key, EVP_PKEY *o, int session,
			   int *err)
{
	uint8_t msg[100], sig[NCR_MAX_SIGNATURE], want[NCR_MAX_SIGNATURE];
	size_t len = 1 + rng_below(&rng, sizeof(msg));
	size_t sig_len = sizeof(sig), want_len = sizeof(want);

	rng_fill(&rng, msg, len);
	*err = session ? pk_sign_ses(fd, NCR_ALG_RSA_PKCS1, key, &pkcs1, msg,
				     len, 7, sig, &sig_len) :
			 pk_sign(fd, NCR_ALG_RSA_PKCS1, key, &pkcs1, msg, len,
				 sig, &sig_len);
	if (*err)
		return *err;
	if (ossl_sig(o, 1, -1, msg, len, want, &want_len))
		return 1;
	return sig_len == want_len && !memcmp(sig, want, sig_len) ? 0 : 1;
}

struct tkey {
	const char *name;
	size_t mod;			/* bytes */
	EVP_PKEY *o;
	uint8_t *der, *spki;		/* PKCS#8, SPKI */
	size_t der_len, spki_len;
	uint32_t pub;			/* the public half in the kernel */
};

/* The private operations of a key imported without the flag. */
static void unflagged_checks(struct tkey *t)
{
	uint8_t msg[32], sig[NCR_MAX_SIGNATURE], ct[NCR_MAX_SIGNATURE];
	uint8_t pt[NCR_MAX_SIGNATURE];
	size_t sig_len, ct_len, pt_len;
	struct pkp oaep = { .hash = NCR_ALG_SHA256 };
	uint32_t k;
	int r;

	r = key_import(fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_PKCS8, 0, t->der,
		       t->der_len, 0, RSA_USAGE, RSA_ALGS, NULL, 0, &k);
	if (!tap_err(r, 0, "%s: imports without the flag", t->name))
		return;
	tap_ok(!(key_flags(k) & LEGACY),
	       "%s: NCRIO_KEY_GET_INFO: no RSA_LEGACY (flags 0x%x)", t->name,
	       key_flags(k));
	rng_fill(&rng, msg, sizeof(msg));

	sig_len = sizeof(sig);
	r = pk_sign(fd, NCR_ALG_RSA_PKCS1, k, &pkcs1, msg, sizeof(msg), sig,
		    &sig_len);
	tap_err(r, -EINVAL, "%s without the flag: PKCS#1 v1.5 sign", t->name);
	sig_len = sizeof(sig);
	r = pk_sign_ses(fd, NCR_ALG_RSA_PKCS1, k, &pkcs1, msg, sizeof(msg), 0,
			sig, &sig_len);
	tap_err(r, -EINVAL, "%s without the flag: PKCS#1 v1.5 sign through "
		"a session", t->name);
	sig_len = sizeof(sig);
	r = pk_sign(fd, NCR_ALG_RSA_PSS, k, &pss, msg, sizeof(msg), sig,
		    &sig_len);
	tap_err(r, -EINVAL, "%s without the flag: PSS sign", t->name);

	ct_len = sizeof(ct);
	if (ref_rsa_crypt(t->o, 1, NCR_ALG_SHA256, NULL, 0, msg, sizeof(msg),
			  ct, &ct_len)) {
		tap_ok(0, "%s: OpenSSL OAEP encrypt", t->name);
	} else {
		pt_len = sizeof(pt);
		r = pk_crypt(fd, NCR_ALG_RSA_OAEP, NCR_OP_DECRYPT, k, &oaep,
			     ct, ct_len, pt, &pt_len);
		tap_err(r, -EINVAL, "%s without the flag: OAEP decrypt",
			t->name);
	}
	ct_len = sizeof(ct);
	if (ref_rsa_crypt(t->o, 1, 0, NULL, 0, msg, sizeof(msg), ct, &ct_len)) {
		tap_ok(0, "%s: OpenSSL PKCS#1 v1.5 encrypt", t->name);
	} else {
		pt_len = sizeof(pt);
		r = pk_crypt(fd, NCR_ALG_RSA_PKCS1, NCR_OP_DECRYPT, k, &pkcs1,
			     ct, ct_len, pt, &pt_len);
		tap_err(r, -EINVAL, "%s without the flag: PKCS#1 v1.5 "
			"decrypt", t->name);
	}

	/* the public operations work */
	sig_len = sizeof(sig);
	if (ossl_sig(t->o, 1, -1, msg, sizeof(msg), sig, &sig_len)) {
		tap_ok(0, "%s: OpenSSL PKCS#1 sign", t->name);
	} else {
		r = pk_verify(fd, NCR_ALG_RSA_PKCS1, t->pub, &pkcs1, msg,
			      sizeof(msg), sig, sig_len);
		tap_ok(r == NCR_VERIFY_OK, "%s: the public half verifies "
		       "OpenSSL's PKCS#1 v1.5 signature (%d)", t->name, r);
	}
	sig_len = sizeof(sig);
	if (ossl_sig(t->o, 1, 32, msg, sizeof(msg), sig, &sig_len)) {
		tap_ok(0, "%s: OpenSSL PSS sign", t->name);
	} else {
		r = pk_verify(fd, NCR_ALG_RSA_PSS, t->pub, &pss, msg,
			      sizeof(msg), sig, sig_len);
		tap_ok(r == NCR_VERIFY_OK, "%s: the public half verifies "
		       "OpenSSL's PSS signature (%d)", t->name, r);
	}
	ct_len = sizeof(ct);
	r = pk_crypt(fd, NCR_ALG_RSA_OAEP, NCR_OP_ENCRYPT, t->pub, &oaep, msg,
		     sizeof(msg), ct, &ct_len);
	pt_len = sizeof(pt);
	tap_ok(!r && ct_len == t->mod &&
	       !ref_rsa_crypt(t->o, 0, NCR_ALG_SHA256, NULL, 0, ct, ct_len, pt,
			      &pt_len) &&
	       pt_len == sizeof(msg) && !memcmp(pt, msg, pt_len),
	       "%s: the public half OAEP-encrypts for OpenSSL (%s)", t->name,
	       errname(r));
	key_del(fd, k);
}

/* Kernel signatures and decryptions of a flagged key. */
static void flagged_checks(struct tkey *t, uint32_t k)
{
	static const struct {
		uint32_t hash;
		int label;
	} oaeps[] = {
		{ NCR_ALG_SHA256, 0 }, { NCR_ALG_SHA256, 1 },
		{ NCR_ALG_SHA1, 0 }, { NCR_ALG_SHA1, 1 },
	};
	uint8_t msg[200], sig[NCR_MAX_SIGNATURE], ct[NCR_MAX_SIGNATURE];
	uint8_t pt[NCR_MAX_SIGNATURE], label[24];
	size_t len, sig_len, ct_len, pt_len;
	int r, v;

	for (int i = 0; i < 3; i++) {
		v = pkcs1_sign_same(k, t->o, 0, &r);
		tap_ok(!v, "%s: PKCS#1 v1.5 SHA-256 signature %d equals "
		       "OpenSSL's (%s)", t->name, i + 1, errname(r));
	}
	v = pkcs1_sign_same(k, t->o, 1, &r);
	tap_ok(!v, "%s: PKCS#1 v1.5 SHA-256 signature through "
	       "INIT/UPDATE/FINAL equals OpenSSL's (%s)", t->name, errname(r));

	for (int i = 0; i < 2; i++) {
		len = 1 + rng_below(&rng, sizeof(msg));
		rng_fill(&rng, msg, len);
		sig_len = sizeof(sig);
		r = pk_sign(fd, NCR_ALG_RSA_PSS, k, &pss, msg, len, sig,
			    &sig_len);
		v = r ? -2 : ossl_sig(t->o, 0, 32, msg, len, sig, &sig_len);
		tap_ok(v == 1 && sig_len == t->mod, "%s: PSS (SHA-256, "
		       "MGF1-SHA-256, salt 32) signature %d verifies with "
		       "OpenSSL (%s, %d)", t->name, i + 1, errname(r), v);
		r = pk_verify(fd, NCR_ALG_RSA_PSS, t->pub, &pss, msg, len,
			      sig, sig_len);
		tap_ok(r == NCR_VERIFY_OK, "%s: ... and with the kernel's "
		       "public half (%d)", t->name, r);
	}

	for (size_t i = 0; i < ARRAY_SIZE(oaeps); i++) {
		struct pkp p = { .hash = oaeps[i].hash };
		size_t hl = oaeps[i].hash == NCR_ALG_SHA1 ? 20 : 32;
		size_t lab = oaeps[i].label ? sizeof(label) : 0;
		const char *what = oaeps[i].hash == NCR_ALG_SHA1 ?
			"SHA-1" : "SHA-256";

		len = rng_below(&rng, (uint32_t)(t->mod - 2 * hl - 2) + 1);
		rng_fill(&rng, msg, len);
		rng_fill(&rng, label, sizeof(label));
		if (lab) {
			p.label = label;
			p.label_size = sizeof(label);
		}
		ct_len = sizeof(ct);
		if (ref_rsa_crypt(t->o, 1, oaeps[i].hash, label, lab, msg, len,
				  ct, &ct_len)) {
			tap_ok(0, "%s: OpenSSL OAEP encrypt", t->name);
			continue;
		}
		pt_len = sizeof(pt);
		r = pk_crypt(fd, NCR_ALG_RSA_OAEP, NCR_OP_DECRYPT, k, &p, ct,
			     ct_len, pt, &pt_len);
		tap_ok(!r && pt_len == len && !memcmp(pt, msg, len),
		       "%s: decrypts OpenSSL's OAEP %s%s ciphertext of %zu "
		       "bytes (%s)", t->name, what, lab ? " + label" : "", len,
		       errname(r));
		ct[rng_below(&rng, (uint32_t)ct_len)] ^= 0x10;
		pt_len = sizeof(pt);
		r = pk_crypt(fd, NCR_ALG_RSA_OAEP, NCR_OP_DECRYPT, k, &p, ct,
			     ct_len, pt, &pt_len);
		tap_err(r, -EBADMSG, "%s: a tampered OAEP %s%s ciphertext",
			t->name, what, lab ? " + label" : "");

		ct_len = sizeof(ct);
		r = pk_crypt(fd, NCR_ALG_RSA_OAEP, NCR_OP_ENCRYPT, t->pub, &p,
			     msg, len, ct, &ct_len);
		pt_len = sizeof(pt);
		tap_ok(!r && ct_len == t->mod &&
		       !ref_rsa_crypt(t->o, 0, oaeps[i].hash, label, lab, ct,
				      ct_len, pt, &pt_len) &&
		       pt_len == len && !memcmp(pt, msg, len),
		       "%s: OpenSSL decrypts the kernel's OAEP %s%s "
		       "ciphertext of %zu bytes (%s)", t->name, what,
		       lab ? " + label" : "", len, errname(r));
	}

	for (int i = 0; i < 2; i++) {
		struct pkp p = { 0 };

		len = 1 + rng_below(&rng, (uint32_t)(t->mod - 11));
		rng_fill(&rng, msg, len);
		ct_len = sizeof(ct);
		if (ref_rsa_crypt(t->o, 1, 0, NULL, 0, msg, len, ct, &ct_len)) {
			tap_ok(0, "%s: OpenSSL PKCS#1 v1.5 encrypt", t->name);
			continue;
		}
		pt_len = sizeof(pt);
		r = pk_crypt(fd, NCR_ALG_RSA_PKCS1, NCR_OP_DECRYPT, k, &p, ct,
			     ct_len, pt, &pt_len);
		tap_ok(!r && pt_len == len && !memcmp(pt, msg, len),
		       "%s: PKCS#1 v1.5 decryption of OpenSSL's ciphertext "
		       "of %zu bytes returns the message (%s, %zu bytes)",
		       t->name, len, errname(r), pt_len);
	}
}

/* Storage blobs keep the flag, or its absence; restrict removes it. */
static void storage_checks(struct tkey *t, int have_mk, const char *why)
{
	uint8_t blob[4096];
	size_t blob_len;
	uint32_t k, k2 = 0, k3 = 0;
	int r, v;

	if (!have_mk) {
		tap_skip(why, "%s: storage blob of a flagged key", t->name);
		return;
	}
	r = key_import(fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_PKCS8, 0, t->der,
		       t->der_len, LEGACY | NCR_KEY_FLAG_STORABLE,
		       RSA_USAGE, RSA_ALGS, NULL, 0, &k);
	if (!tap_err(r, 0, "%s: imports with RSA_LEGACY | STORABLE", t->name))
		return;
	blob_len = sizeof(blob);
	r = key_store(fd, k, blob, &blob_len);
	r = r ? r : key_load(fd, blob, blob_len, &k2);
	if (tap_err(r, 0, "%s: NCRIO_KEY_STORAGE_WRAP then UNWRAP of the "
		    "flagged key", t->name)) {
		tap_ok(key_flags(k2) == key_flags(k) &&
		       (key_flags(k2) & LEGACY),
		       "%s: the unwrapped key has the flags it was sealed with "
		       "(0x%x, sealed 0x%x), RSA_LEGACY among them", t->name,
		       key_flags(k2), key_flags(k));
		v = pkcs1_sign_same(k2, t->o, 0, &r);
		tap_ok(!v, "%s: the unwrapped key signs as OpenSSL does (%s)",
		       t->name, errname(r));

		/* restrict, then seal again: the blob has no flag */
		r = key_restrict(k2, LEGACY);
		tap_err(r, 0, "%s: NCRIO_KEY_RESTRICT clears RSA_LEGACY of "
			"the unwrapped key", t->name);
		pkcs1_sign_same(k2, t->o, 0, &r);
		tap_err(r, -EINVAL, "%s: ... which then refuses to sign",
			t->name);
		blob_len = sizeof(blob);
		r = key_store(fd, k2, blob, &blob_len);
		r = r ? r : key_load(fd, blob, blob_len, &k3);
		if (tap_err(r, 0, "%s: the restricted key sealed and "
			    "unwrapped again", t->name)) {
			pkcs1_sign_same(k3, t->o, 0, &r);
			tap_ok(!(key_flags(k3) & LEGACY) && r == -EINVAL,
			       "%s: ... has no RSA_LEGACY (flags 0x%x) and "
			       "does not sign (%s)", t->name, key_flags(k3),
			       errname(r));
			key_del(fd, k3);
		}
		key_del(fd, k2);
	}
	key_del(fd, k);

	/* a blob of an unflagged key does not gain the flag */
	r = key_import(fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_PKCS8, 0, t->der,
		       t->der_len, NCR_KEY_FLAG_STORABLE, RSA_USAGE, RSA_ALGS,
		       NULL, 0, &k);
	blob_len = sizeof(blob);
	r = r ? r : key_store(fd, k, blob, &blob_len);
	k2 = 0;
	r = r ? r : key_load(fd, blob, blob_len, &k2);
	if (tap_err(r, 0, "%s: an unflagged STORABLE key sealed and "
		    "unwrapped", t->name)) {
		pkcs1_sign_same(k2, t->o, 0, &r);
		tap_ok(!(key_flags(k2) & LEGACY) && r == -EINVAL,
		       "%s: ... has no RSA_LEGACY (flags 0x%x) and does not "
		       "sign (%s)", t->name, key_flags(k2), errname(r));
		key_del(fd, k2);
	}
	key_del(fd, k);
}

static void legacy_key(const char *name, unsigned int bits, int have_mk,
		       const char *mk_why)
{
	struct tkey t = { .name = name, .mod = bits / 8 };
	uint32_t k;
	int r;

	t.o = EVP_RSA_gen(bits);
	t.der = t.o ? ossl_der(t.o, 1, &t.der_len) : NULL;
	t.spki = t.o ? ossl_der(t.o, 0, &t.spki_len) : NULL;
	if (!tap_ok(t.der && t.spki, "%s: OpenSSL EVP_RSA_gen(%u), PKCS#8 "
		    "and SPKI DER", name, bits))
		goto out;

	/* the public half: the flag is refused, without it it imports */
	r = key_import(fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_SPKI, 0, t.spki,
		       t.spki_len, LEGACY, RSA_PUB_USAGE, RSA_ALGS, NULL, 0,
		       &k);
	tap_err(r, -EINVAL, "%s: SPKI public key import with RSA_LEGACY",
		name);
	if (!r)
		key_del(fd, k);
	r = key_import(fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_SPKI, 0, t.spki,
		       t.spki_len, 0, RSA_PUB_USAGE, RSA_ALGS, NULL, 0,
		       &t.pub);
	if (!tap_err(r, 0, "%s: SPKI public key import without the flag",
		     name))
		goto out;

	unflagged_checks(&t);

	r = key_import(fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_PKCS8, 0, t.der,
		       t.der_len, LEGACY, RSA_USAGE, RSA_ALGS, NULL, 0, &k);
	if (tap_err(r, 0, "%s: imports with RSA_LEGACY", name)) {
		tap_ok(key_flags(k) == LEGACY, "%s: NCRIO_KEY_GET_INFO "
		       "reports the flags RSA_LEGACY (0x%x)", name,
		       key_flags(k));
		flagged_checks(&t, k);

		r = key_restrict(k, LEGACY);
		tap_err(r, 0, "%s: NCRIO_KEY_RESTRICT clears RSA_LEGACY",
			name);
		tap_ok(key_flags(k) == 0, "%s: ... GET_INFO then reports "
		       "flags 0x%x", name, key_flags(k));
		pkcs1_sign_same(k, t.o, 0, &r);
		tap_err(r, -EINVAL, "%s: ... and PKCS#1 v1.5 sign fails",
			name);
		key_del(fd, k);
	}

	storage_checks(&t, have_mk, mk_why);
	key_del(fd, t.pub);
out:
	OPENSSL_free(t.der);
	OPENSSL_free(t.spki);
	EVP_PKEY_free(t.o);
}

/* Where the flag is refused; each control (the same without the flag)
 * must work. */
static void refusals(void)
{
	uint8_t aes[16], *der = NULL;
	size_t len = 0;
	uint32_t k, pub;
	EVP_PKEY *ec, *rsa;
	int r, v;

	r = key_genpair(fd, NCR_KEY_TYPE_RSA, 2048, 0, NULL, 0, LEGACY,
			NCR_KEY_USAGE_SIGN, 0, 0, 0, NULL, 0, &k, &pub);
	tap_err(r, -EINVAL, "NCRIO_KEY_GENERATE_PAIR of RSA-2048 with "
		"RSA_LEGACY");
	if (!r) {
		key_del(fd, k);
		key_del(fd, pub);
	}
	r = key_genpair(fd, NCR_KEY_TYPE_RSA, 2048, 0, NULL, 0, 0,
			NCR_KEY_USAGE_SIGN, 0, 0, 0, NULL, 0, &k, &pub);
	if (tap_err(r, 0, "... without the flag it generates")) {
		key_del(fd, k);
		key_del(fd, pub);
	}

	rng_fill(&rng, aes, sizeof(aes));
	r = key_import(fd, NCR_KEY_TYPE_AES, NCR_KEY_FORMAT_RAW, 0, aes,
		       sizeof(aes), LEGACY, NCR_KEY_USAGE_ENCRYPT |
		       NCR_KEY_USAGE_DECRYPT, 0, NULL, 0, &k);
	tap_err(r, -EINVAL, "AES-128 key import with RSA_LEGACY");
	if (!r)
		key_del(fd, k);
	r = key_import(fd, NCR_KEY_TYPE_AES, NCR_KEY_FORMAT_RAW, 0, aes,
		       sizeof(aes), 0, NCR_KEY_USAGE_ENCRYPT |
		       NCR_KEY_USAGE_DECRYPT, 0, NULL, 0, &k);
	if (tap_err(r, 0, "... without the flag it imports"))
		key_del(fd, k);

	ec = EVP_EC_gen("P-256");
	der = ec ? ossl_der(ec, 1, &len) : NULL;
	if (tap_ok(der != NULL, "OpenSSL P-256 key as PKCS#8")) {
		r = key_import(fd, NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_PKCS8, 0,
			       der, len, LEGACY, NCR_KEY_USAGE_SIGN, 0, NULL,
			       0, &k);
		tap_err(r, -EINVAL, "EC P-256 private key import with "
			"RSA_LEGACY");
		if (!r)
			key_del(fd, k);
		r = key_import(fd, NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_PKCS8, 0,
			       der, len, 0, NCR_KEY_USAGE_SIGN, 0, NULL, 0,
			       &k);
		if (tap_err(r, 0, "... without the flag it imports"))
			key_del(fd, k);
	}
	OPENSSL_free(der);
	EVP_PKEY_free(ec);

	/* RSA-2048: the flag is allowed and changes nothing */
	rsa = EVP_RSA_gen(2048);
	der = rsa ? ossl_der(rsa, 1, &len) : NULL;
	if (tap_ok(der != NULL, "OpenSSL RSA-2048 key as PKCS#8")) {
		r = key_import(fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_PKCS8, 0,
			       der, len, LEGACY, RSA_USAGE, RSA_ALGS, NULL, 0,
			       &k);
		if (tap_err(r, 0, "RSA-2048 private key import with "
			    "RSA_LEGACY")) {
			tap_ok(key_flags(k) == LEGACY, "RSA-2048: GET_INFO "
			       "reports RSA_LEGACY (0x%x)", key_flags(k));
			v = pkcs1_sign_same(k, rsa, 0, &r);
			tap_ok(!v, "RSA-2048 with RSA_LEGACY: PKCS#1 v1.5 "
			       "signature equals OpenSSL's (%s)", errname(r));
			r = key_restrict(k, LEGACY);
			v = r ? r : pkcs1_sign_same(k, rsa, 0, &r);
			tap_ok(!v, "RSA-2048 with RSA_LEGACY cleared still "
			       "signs as OpenSSL does (%s)", errname(r));
			key_del(fd, k);
		}
	}
	OPENSSL_free(der);
	EVP_PKEY_free(rsa);
}

/* A master key for the storage checks: already set (tests/vm-suite.sh),
 * or set here if this process may. */
static int master_key(const char **why)
{
	uint8_t mk[32], blob[256];
	size_t blob_len = sizeof(blob);
	uint32_t k;
	struct ncr_master_key m = {
		.size = sizeof(m), .key = PTR64(mk), .key_size = sizeof(mk),
	};
	int r;

	rng_fill(&rng, mk, sizeof(mk));
	r = key_import(fd, NCR_KEY_TYPE_AES, NCR_KEY_FORMAT_RAW, 0, mk, 16,
		       NCR_KEY_FLAG_STORABLE, NCR_KEY_USAGE_ENCRYPT, 0, NULL,
		       0, &k);
	if (r) {
		*why = "cannot import an AES key to probe the master key";
		return 0;
	}
	r = key_store(fd, k, blob, &blob_len);
	key_del(fd, k);
	if (!r) {
		tap_diag("a master key is set");
		return 1;
	}
	if (r != -ENOKEY) {
		*why = "storage wrap of a probe key fails unexpectedly";
		tap_ok(0, "probe storage wrap: %s", errname(r));
		return 0;
	}
	if (RAND_bytes(mk, sizeof(mk)) != 1) {
		*why = "no random master key";
		return 0;
	}
	r = xioctl(fd, NCRIO_MASTER_KEY_SET, &m);
	OPENSSL_cleanse(mk, sizeof(mk));
	if (r) {
		*why = "no master key set, and setting one was refused";
		tap_diag("NCRIO_MASTER_KEY_SET: %s", errname(r));
		return 0;
	}
	tap_diag("no master key was set: set a random one");
	return 1;
}

int main(void)
{
	const char *why = "";
	int have_mk;

	tap_init();
	fd = dev_open_or_skip_all(dev_open);
	rng.s = test_seed();

	have_mk = master_key(&why);
	legacy_key("RSA-1024", 1024, have_mk, why);
	legacy_key("RSA-1536", 1536, have_mk, why);
	refusals();
	return tap_finish("rsa_legacy");
}
