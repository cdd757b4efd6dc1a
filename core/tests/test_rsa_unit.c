// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_rsa_unit.c - core/rsa/rsa*.c and core/bn/prime.c against OpenSSL 3: prime
 * testing against BN_check_prime, key generation checked by OpenSSL,
 * PKCS#1 v1.5 / PSS signatures and PKCS#1 v1.5 / OAEP encryption in both
 * directions, tampering, argument errors; PKCS#1 v1.5 decryption with
 * implicit rejection against a reference written here with OpenSSL's
 * HMAC/SHA-256 and raw RSA (OpenSSL 3.0 has no implicit rejection).  TAP.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/bn.h>
#include <openssl/rand.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <jansson.h>
#include "rsa/rsa.h"
#include "bn/prime.h"
#include "hash/hash.h"
#include "test_tap.h"
#include "test_rsa_ir_kat.h"

static void rnd(void *ctx, u8 *out, size_t len)
{
	(void)ctx;
	RAND_bytes(out, (int)len);
}

static int stop_yield(void *ctx)
{
	int *count = ctx;

	return ++*count > 3;
}

static struct ncr_env env = { rnd, NULL, NULL };
static u8 *scratch;

/* --- keys --- */

struct key {
	u8 buf[8][600];
	struct ncr_rsa_parts parts;
	EVP_PKEY *pk;
	u32 bits;
};

static const char *names[8] = {
	OSSL_PKEY_PARAM_RSA_N, OSSL_PKEY_PARAM_RSA_E, OSSL_PKEY_PARAM_RSA_D,
	OSSL_PKEY_PARAM_RSA_FACTOR1, OSSL_PKEY_PARAM_RSA_FACTOR2,
	OSSL_PKEY_PARAM_RSA_EXPONENT1, OSSL_PKEY_PARAM_RSA_EXPONENT2,
	OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
};

static struct ncr_bytes *member(struct ncr_rsa_parts *p, int i)
{
	struct ncr_bytes *m[8] = { &p->n, &p->e, &p->d, &p->p, &p->q, &p->dp, &p->dq, &p->qinv };

	return m[i];
}

static void key_from_openssl(struct key *k, EVP_PKEY *pk)
{
	int i;

	k->pk = pk;
	k->bits = EVP_PKEY_get_bits(pk);
	for (i = 0; i < 8; i++) {
		BIGNUM *b = NULL;

		EVP_PKEY_get_bn_param(pk, names[i], &b);
		member(&k->parts, i)->len = BN_bn2bin(b, k->buf[i]);
		member(&k->parts, i)->p = k->buf[i];
		BN_free(b);
	}
}

static EVP_PKEY *openssl_from_parts(const struct ncr_rsa_parts *p)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	OSSL_PARAM *params;
	EVP_PKEY *pk = NULL;
	BIGNUM *b[8];
	int i;

	for (i = 0; i < 8; i++) {
		const struct ncr_bytes *m = member((struct ncr_rsa_parts *)p, i);

		b[i] = BN_bin2bn(m->p, (int)m->len, NULL);
		OSSL_PARAM_BLD_push_BN(bld, names[i], b[i]);
	}
	params = OSSL_PARAM_BLD_to_param(bld);
	EVP_PKEY_fromdata_init(ctx);
	if (EVP_PKEY_fromdata(ctx, &pk, EVP_PKEY_KEYPAIR, params) <= 0)
		pk = NULL;
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(ctx);
	for (i = 0; i < 8; i++)
		BN_free(b[i]);
	return pk;
}

static const EVP_MD *md_of(u32 id)
{
	switch (id) {
	case NCR_HASH_SHA1: return EVP_sha1();
	case NCR_HASH_SHA224: return EVP_sha224();
	case NCR_HASH_SHA256: return EVP_sha256();
	case NCR_HASH_SHA384: return EVP_sha384();
	default: return EVP_sha512();
	}
}

static const u32 hashes[] = { NCR_HASH_SHA1, NCR_HASH_SHA224, NCR_HASH_SHA256,
			      NCR_HASH_SHA384, NCR_HASH_SHA512 };

/* OpenSSL-side operations */
static EVP_PKEY_CTX *octx(EVP_PKEY *pk, int op, int pad, u32 hash, u32 mgf, int salt)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(pk, NULL);

	if (op == 0)
		EVP_PKEY_sign_init(c);
	else if (op == 1)
		EVP_PKEY_verify_init(c);
	else if (op == 2)
		EVP_PKEY_encrypt_init(c);
	else
		EVP_PKEY_decrypt_init(c);
	EVP_PKEY_CTX_set_rsa_padding(c, pad);
	if (op < 2) {
		EVP_PKEY_CTX_set_signature_md(c, md_of(hash));
		if (pad == RSA_PKCS1_PSS_PADDING) {
			EVP_PKEY_CTX_set_rsa_mgf1_md(c, md_of(mgf));
			EVP_PKEY_CTX_set_rsa_pss_saltlen(c, salt);
		}
	} else if (pad == RSA_PKCS1_OAEP_PADDING) {
		EVP_PKEY_CTX_set_rsa_oaep_md(c, md_of(hash));
		EVP_PKEY_CTX_set_rsa_mgf1_md(c, md_of(mgf));
	}
	return c;
}

static int ossl_sign(EVP_PKEY *pk, int pad, u32 hash, u32 mgf, int salt, const u8 *dg,
		     size_t dl, u8 *sig, size_t *sl)
{
	EVP_PKEY_CTX *c = octx(pk, 0, pad, hash, mgf, salt);
	int r = EVP_PKEY_sign(c, sig, sl, dg, dl);

	EVP_PKEY_CTX_free(c);
	return r == 1;
}

static int ossl_verify(EVP_PKEY *pk, int pad, u32 hash, u32 mgf, int salt, const u8 *dg,
		       size_t dl, const u8 *sig, size_t sl)
{
	EVP_PKEY_CTX *c = octx(pk, 1, pad, hash, mgf, salt);
	int r = EVP_PKEY_verify(c, sig, sl, dg, dl);

	EVP_PKEY_CTX_free(c);
	return r == 1;
}

static int ossl_crypt(EVP_PKEY *pk, int enc, int pad, u32 hash, u32 mgf, const u8 *label,
		      size_t ll, const u8 *in, size_t il, u8 *out, size_t *ol)
{
	EVP_PKEY_CTX *c = octx(pk, enc ? 2 : 3, pad, hash, mgf, 0);
	int r;

	if (pad == RSA_PKCS1_OAEP_PADDING && ll)
		EVP_PKEY_CTX_set0_rsa_oaep_label(c, OPENSSL_memdup(label, ll), (int)ll);
	r = enc ? EVP_PKEY_encrypt(c, out, ol, in, il) : EVP_PKEY_decrypt(c, out, ol, in, il);
	EVP_PKEY_CTX_free(c);
	return r == 1;
}

/*
 * --- implicit rejection: the reference ---
 *
 * draft-irtf-cfrg-rsa-guidance / OpenSSL 3.2+, written plainly (it
 * branches on everything) with OpenSSL's HMAC and SHA-256, independent of
 * the core's code.
 */

/* PRF(label, len): HMAC-SHA256(kdk, be16(i) || label || be16(8 len)), i = 0, 1, ... */
static void ref_prf(const u8 kdk[32], const char *label, size_t len, u8 *out)
{
	size_t ll = strlen(label), pos, n;
	u8 in[64], md[32];
	unsigned int mdl, i;

	for (i = 0, pos = 0; pos < len; i++, pos += n) {
		in[0] = (u8)(i >> 8);
		in[1] = (u8)i;
		memcpy(in + 2, label, ll);
		in[2 + ll] = (u8)((8 * len) >> 8);
		in[3 + ll] = (u8)(8 * len);
		HMAC(EVP_sha256(), kdk, 32, in, ll + 4, md, &mdl);
		n = len - pos < 32 ? len - pos : 32;
		memcpy(out + pos, md, n);
	}
}

/* the synthetic message of ciphertext c under d (both k bytes): its length */
static size_t ref_synthetic(const u8 *c, const u8 *dk, size_t k, u8 *syn)
{
	u8 dh[32], kdk[32], lens[256];
	unsigned int l;
	size_t max = k - 10, mask = 1, len = 0, i;

	EVP_Digest(dk, k, dh, &l, EVP_sha256(), NULL);
	HMAC(EVP_sha256(), dh, 32, c, k, kdk, &l);
	ref_prf(kdk, "message", k, syn);
	ref_prf(kdk, "length", 256, lens);
	while (mask < max)		/* 2^bits(max) - 1 */
		mask = 2 * mask + 1;
	for (i = 0; i < 256; i += 2) {
		size_t cand = (((size_t)lens[i] << 8) | lens[i + 1]) & mask;

		if (cand < max)
			len = cand;
	}
	return len;
}

/*
 * The result for the decrypted block em of ciphertext c under d (k bytes
 * each), output capacity cap: out, its length.  *good: whether the
 * padding was right (and the message fit).
 */
static size_t ref_unpad(const u8 *em, const u8 *c, const u8 *dk, size_t k, size_t cap,
			u8 *out, int *good)
{
	static u8 syn[1024];
	size_t sep = 0, i, len;
	const u8 *src;

	if (em[0] == 0 && em[1] == 2) {
		for (i = 2; i < k && em[i]; i++)
			;
		if (i < k && i >= 10)
			sep = i;
	}
	*good = sep && k - sep - 1 <= cap;
	if (*good) {
		src = em + sep + 1;
		len = k - sep - 1;
	} else {
		len = ref_synthetic(c, dk, k, syn);
		src = syn + k - len;
	}
	if (len > cap)
		len = cap;
	memcpy(out, src, len);
	return len;
}

/* d of an OpenSSL key as exactly k bytes */
static void ref_d(EVP_PKEY *pk, size_t k, u8 *dk)
{
	BIGNUM *d = NULL;

	EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_RSA_D, &d);
	BN_bn2binpad(d, dk, (int)k);
	BN_free(d);
}

/* raw RSA by OpenSSL (RSA_NO_PADDING): 1 on success (0: c >= n, refused) */
static int ossl_raw(EVP_PKEY *pk, int enc, const u8 *in, size_t k, u8 *out)
{
	EVP_PKEY_CTX *c = octx(pk, enc ? 2 : 3, RSA_NO_PADDING, 0, 0, 0);
	size_t ol = k;
	int r;

	r = enc ? EVP_PKEY_encrypt(c, out, &ol, in, k) : EVP_PKEY_decrypt(c, out, &ol, in, k);
	EVP_PKEY_CTX_free(c);
	return r == 1 && ol == k;
}

/*
 * The reference PKCS#1 v1.5 decryption of c (k bytes) with capacity cap:
 * 0 and out, *ol; or -EBADMSG if OpenSSL refuses c (c >= n).
 */
static int ref_decrypt(EVP_PKEY *pk, const u8 *c, size_t k, size_t cap, u8 *out, size_t *ol,
		       int *good)
{
	u8 em[1024], dk[1024];

	if (!ossl_raw(pk, 0, c, k, em))
		return -EBADMSG;
	ref_d(pk, k, dk);
	*ol = ref_unpad(em, c, dk, k, cap, out, good);
	return 0;
}

/*
 * ncr_rsa_decrypt(PKCS#1 v1.5) of c (k bytes) with capacity cap agrees with
 * the reference: same error, or same length and bytes.  *good (if not
 * NULL): the reference's verdict; *len: the length returned.
 */
static int ir_agrees(const struct ncr_rsa_parts *parts, EVP_PKEY *pk, const u8 *c, size_t k,
		     size_t cap, int *good, size_t *len, u8 *got)
{
	u8 want[1024], mine[1024];
	size_t wl = 0, gl = cap;
	int rw, rg, g = 0;

	if (!got)
		got = mine;
	rw = ref_decrypt(pk, c, k, cap, want, &wl, &g);
	rg = ncr_rsa_decrypt(parts, NCR_RSA_PAD_PKCS1, 0, 0, NULL, 0, c, k, &env, got, &gl,
			     scratch);
	if (good)
		*good = g;
	if (len)
		*len = gl;
	if (rw || rg)
		return rw == rg;
	return gl == wl && !memcmp(got, want, wl);
}

/* --- tests --- */

static void test_prime(void)
{
	static ncr_limb w[NCR_BN_LIMBS(1024)], t[NCR_PRIME_TEST_SCRATCH(NCR_BN_LIMBS(1024))];
	static const unsigned long carm[] = { 561, 1105, 1729, 2465, 2821, 6601, 8911, 41041,
		825265, 321197185, 5394826801ul, 232250619601ul, 9746347772161ul,
		3215031751ul /* strong pseudoprime to bases 2, 3, 5, 7 */ };
	static const unsigned long primes[] = { 5, 7, 65537, 2147483647, 4294967291ul,
		1000000007, 2305843009213693951ul };
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *b = BN_new();
	int bad = 0, np = 0, it;
	u8 buf[128];

	for (it = 0; it < 600; it++) {
		int bits = it < 250 ? 3 + rand() % 40 : it < 500 ? 64 + rand() % 200 : 512;
		size_t n, len;
		int r, o;

		BN_rand(b, bits, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ODD);
		if (BN_is_word(b, 3))
			continue;
		len = BN_bn2bin(b, buf);
		n = NCR_BN_LIMBS_BYTES(len);
		ncr_bn_decode_be(w, n, buf, len);
		r = ncr_prime_test(w, n, ncr_prime_mr_rounds(bits), &env, t);
		o = BN_check_prime(b, ctx, NULL);
		np += o;
		if (r != o) {
			char *dec = BN_bn2dec(b);

			bad++;
			printf("# prime test of %s: ours %d, OpenSSL %d\n", dec, r, o);
			OPENSSL_free(dec);
		}
	}
	ok(!bad && np > 15, "prime test agrees with BN_check_prime on 600 random odd numbers (%d primes)", np);
	bad = 0;
	for (it = 0; it < (int)(sizeof(carm) / sizeof(carm[0])); it++) {
		size_t len, n;

		BN_set_word(b, carm[it]);
		len = BN_bn2bin(b, buf);
		n = NCR_BN_LIMBS_BYTES(len);
		ncr_bn_decode_be(w, n, buf, len);
		bad += ncr_prime_test(w, n, 20, &env, t) != 0;
	}
	ok(!bad, "Carmichael numbers and strong pseudoprimes are composite");
	bad = 0;
	for (it = 0; it < (int)(sizeof(primes) / sizeof(primes[0])); it++) {
		size_t len, n;

		BN_set_word(b, primes[it]);
		len = BN_bn2bin(b, buf);
		n = NCR_BN_LIMBS_BYTES(len);
		ncr_bn_decode_be(w, n, buf, len);
		bad += ncr_prime_test(w, n, 20, &env, t) != 1;
	}
	/* a 1024-bit prime from OpenSSL */
	BN_generate_prime_ex(b, 1024, 0, NULL, NULL, NULL);
	BN_bn2binpad(b, buf, 128);
	ncr_bn_decode_be(w, NCR_BN_LIMBS(1024), buf, 128);
	bad += ncr_prime_test(w, NCR_BN_LIMBS(1024), 5, &env, t) != 1;
	ok(!bad, "known primes are prime");
	ok(ncr_prime_mr_rounds(1024) == 5 && ncr_prime_mr_rounds(1536) == 4 &&
	   ncr_prime_mr_rounds(2048) == 4 && ncr_prime_mr_rounds(256) == 64, "MR round counts");
	BN_free(b);
	BN_CTX_free(ctx);
}

static void test_sign(struct key *k, const char *what)
{
	u8 dg[64], sig[512], sig2[512];
	size_t sl, kl = (k->bits + 7) / 8;
	int bad = 0, bad2 = 0, bad3 = 0, i, r;
	size_t h;

	for (h = 0; h < 5; h++) {
		u32 id = hashes[h];
		size_t dl = ncr_hash_info(id)->digest_len;

		RAND_bytes(dg, (int)dl);
		/* PKCS#1 v1.5: deterministic, so byte-equal to OpenSSL */
		r = ncr_rsa_sign(&k->parts, NCR_RSA_PAD_PKCS1, id, 0, 0, dg, dl, &env, sig, scratch);
		sl = sizeof(sig2);
		bad += r || !ossl_sign(k->pk, RSA_PKCS1_PADDING, id, 0, 0, dg, dl, sig2, &sl) ||
		       sl != kl || memcmp(sig, sig2, kl);
		bad += !ossl_verify(k->pk, RSA_PKCS1_PADDING, id, 0, 0, dg, dl, sig, kl);
		bad += ncr_rsa_verify(&k->parts, NCR_RSA_PAD_PKCS1, id, 0, 0, dg, dl, sig2, kl,
				      scratch) != 0;
		sig2[kl / 2] ^= 4;
		bad2 += ncr_rsa_verify(&k->parts, NCR_RSA_PAD_PKCS1, id, 0, 0, dg, dl, sig2, kl,
				       scratch) != -EBADMSG;
		dg[0] ^= 1;
		bad2 += ncr_rsa_verify(&k->parts, NCR_RSA_PAD_PKCS1, id, 0, 0, dg, dl, sig, kl,
				       scratch) != -EBADMSG;
		bad2 += ncr_rsa_verify(&k->parts, NCR_RSA_PAD_PKCS1, id, 0, 0, dg, dl, sig, kl - 1,
				       scratch) != -EBADMSG;
		bad3 += ncr_rsa_sign(&k->parts, NCR_RSA_PAD_PKCS1, id, 0, 0, dg, dl - 1, &env, sig,
				     scratch) != -EINVAL;

		/* PSS: salt lengths 0, 20, hlen, max; MGF1 hash differs from the hash */
		for (i = 0; i < 4; i++) {
			u32 mgf = hashes[(h + i) % 5];
			size_t emlen = (k->bits - 1 + 7) / 8;
			u32 salt = i == 0 ? 0 : i == 1 ? 20 : i == 2 ? dl : emlen - dl - 2;

			r = ncr_rsa_sign(&k->parts, NCR_RSA_PAD_PSS, id, mgf, salt, dg, dl, &env,
					 sig, scratch);
			bad += r != 0;
			bad += !ossl_verify(k->pk, RSA_PKCS1_PSS_PADDING, id, mgf, salt, dg, dl,
					    sig, kl);
			bad += ncr_rsa_verify(&k->parts, NCR_RSA_PAD_PSS, id, mgf, salt, dg, dl,
					      sig, kl, scratch) != 0;
			bad += ncr_rsa_verify(&k->parts, NCR_RSA_PAD_PSS, id, mgf,
					      NCR_PSS_SALT_AUTO, dg, dl, sig, kl, scratch) != 0;
			bad2 += ncr_rsa_verify(&k->parts, NCR_RSA_PAD_PSS, id, mgf, salt + 1, dg,
					       dl, sig, kl, scratch) != -EBADMSG;
			sl = sizeof(sig2);
			bad += !ossl_sign(k->pk, RSA_PKCS1_PSS_PADDING, id, mgf, salt, dg, dl,
					  sig2, &sl);
			bad += ncr_rsa_verify(&k->parts, NCR_RSA_PAD_PSS, id, mgf, salt, dg, dl,
					      sig2, sl, scratch) != 0;
			bad += ncr_rsa_verify(&k->parts, NCR_RSA_PAD_PSS, id, mgf,
					      NCR_PSS_SALT_AUTO, dg, dl, sig2, sl, scratch) != 0;
			sig2[3] ^= 0x10;
			bad2 += ncr_rsa_verify(&k->parts, NCR_RSA_PAD_PSS, id, mgf,
					       NCR_PSS_SALT_AUTO, dg, dl, sig2, sl, scratch) !=
				-EBADMSG;
			if (i == 3)
				bad3 += ncr_rsa_sign(&k->parts, NCR_RSA_PAD_PSS, id, mgf, salt + 1,
						     dg, dl, &env, sig, scratch) != -EINVAL;
		}
	}
	ok(!bad, "%s: PKCS#1 v1.5 and PSS signatures agree with OpenSSL both ways", what);
	ok(!bad2, "%s: tampered signatures, digests, lengths and salt lengths rejected", what);
	ok(!bad3, "%s: wrong digest length / too long salt rejected with -EINVAL", what);
}

static void test_crypt(struct key *k, const char *what)
{
	u8 msg[512], ct[512], pt[512], label[41];
	size_t kl = (k->bits + 7) / 8, ol, ml;
	int bad = 0, bad2 = 0, bad3 = 0, i, r;
	static const u32 pairs[][2] = {
		{ NCR_HASH_SHA1, NCR_HASH_SHA1 }, { NCR_HASH_SHA256, NCR_HASH_SHA256 },
		{ NCR_HASH_SHA256, NCR_HASH_SHA1 }, { NCR_HASH_SHA1, NCR_HASH_SHA256 },
		{ NCR_HASH_SHA512, NCR_HASH_SHA384 }, { NCR_HASH_SHA224, NCR_HASH_SHA512 },
	};

	RAND_bytes(label, sizeof(label));
	for (i = 0; i < 6; i++) {
		u32 h = pairs[i][0], m = pairs[i][1];
		size_t hl = ncr_hash_info(h)->digest_len, maxm = kl - 2 * hl - 2;
		size_t ll = i % 3 == 0 ? 0 : i % 3 == 1 ? 1 : sizeof(label) - 1;

		size_t lens[3] = { i & 1, maxm / 2 + i, maxm }, li;

		for (li = 0; li < 3; li++) {
			ml = lens[li];
			RAND_bytes(msg, (int)ml);
			r = ncr_rsa_encrypt(&k->parts, NCR_RSA_PAD_OAEP, h, m, label, ll, msg, ml,
					    &env, ct, scratch);
			ol = sizeof(pt);
			bad += r || !ossl_crypt(k->pk, 0, RSA_PKCS1_OAEP_PADDING, h, m, label, ll,
						ct, kl, pt, &ol) || ol != ml || memcmp(pt, msg, ml);
			ol = sizeof(ct);
			bad += !ossl_crypt(k->pk, 1, RSA_PKCS1_OAEP_PADDING, h, m, label, ll, msg,
					   ml, ct, &ol);
			ol = kl;
			r = ncr_rsa_decrypt(&k->parts, NCR_RSA_PAD_OAEP, h, m, label, ll, ct, kl,
					    &env, pt, &ol, scratch);
			bad += r || ol != ml || memcmp(pt, msg, ml);
			/* wrong label, wrong MGF1 hash, tampered byte */
			ol = kl;
			bad2 += ncr_rsa_decrypt(&k->parts, NCR_RSA_PAD_OAEP, h, m, label,
						ll + 1, ct, kl, &env, pt, &ol, scratch) != -EBADMSG;
			ol = kl;
			bad2 += ncr_rsa_decrypt(&k->parts, NCR_RSA_PAD_OAEP, h,
						m == NCR_HASH_SHA1 ? NCR_HASH_SHA256 : NCR_HASH_SHA1,
						label, ll, ct, kl, &env, pt, &ol, scratch) != -EBADMSG;
			ct[kl - 5] ^= 1;
			ol = kl;
			bad2 += ncr_rsa_decrypt(&k->parts, NCR_RSA_PAD_OAEP, h, m, label, ll, ct,
						kl, &env, pt, &ol, scratch) != -EBADMSG;
			if (ml == maxm)
				bad3 += ncr_rsa_encrypt(&k->parts, NCR_RSA_PAD_OAEP, h, m, label, ll,
							msg, ml + 1, &env, ct, scratch) != -EINVAL;
		}
	}
	/* NULL label and message of length 0 */
	r = ncr_rsa_encrypt(&k->parts, NCR_RSA_PAD_OAEP, NCR_HASH_SHA256, NCR_HASH_SHA256, NULL, 0,
			    NULL, 0, &env, ct, scratch);
	ol = kl;
	r |= ncr_rsa_decrypt(&k->parts, NCR_RSA_PAD_OAEP, NCR_HASH_SHA256, NCR_HASH_SHA256, NULL,
			     0, ct, kl, &env, NULL, &ol, scratch);
	bad += r || ol != 0;
	/* PKCS#1 v1.5 type 2 */
	for (ml = 0; ml <= kl - 11; ml += ml < 1 ? 1 : 61) {
		RAND_bytes(msg, (int)ml);
		r = ncr_rsa_encrypt(&k->parts, NCR_RSA_PAD_PKCS1, 0, 0, NULL, 0, msg, ml, &env, ct,
				    scratch);
		ol = sizeof(pt);
		bad += r || !ossl_crypt(k->pk, 0, RSA_PKCS1_PADDING, 0, 0, NULL, 0, ct, kl, pt,
					&ol) || ol != ml || memcmp(pt, msg, ml);
		ol = sizeof(ct);
		bad += !ossl_crypt(k->pk, 1, RSA_PKCS1_PADDING, 0, 0, NULL, 0, msg, ml, ct, &ol);
		ol = kl;
		r = ncr_rsa_decrypt(&k->parts, NCR_RSA_PAD_PKCS1, 0, 0, NULL, 0, ct, kl, &env, pt,
				    &ol, scratch);
		bad += r || ol != ml || memcmp(pt, msg, ml);
		if (ml > 0) {
			/* too small a buffer: not -ERANGE, a synthetic message */
			int good = 1;

			bad3 += !ir_agrees(&k->parts, k->pk, ct, kl, ml - 1, &good, &ol, NULL) ||
				good || ol > ml - 1;
		}
		/* tampered: no error, the reference's synthetic message */
		ct[1] ^= 0x40;
		bad2 += !ir_agrees(&k->parts, k->pk, ct, kl, kl, NULL, NULL, NULL);
		ol = kl;
		bad2 += ncr_rsa_decrypt(&k->parts, NCR_RSA_PAD_PKCS1, 0, 0, NULL, 0, ct, kl - 1,
					&env, pt, &ol, scratch) != -EBADMSG;
	}
	bad3 += ncr_rsa_encrypt(&k->parts, NCR_RSA_PAD_PKCS1, 0, 0, NULL, 0, msg, kl - 10, &env,
				ct, scratch) != -EINVAL;
	ok(!bad, "%s: OAEP (hash/MGF1 pairs, labels) and PKCS#1 v1.5 encryption agree with OpenSSL both ways", what);
	ok(!bad2, "%s: OAEP: tampered ciphertexts, wrong labels and MGF1 hashes -EBADMSG; PKCS#1 v1.5: tampered ciphertexts give the reference's synthetic message, wrong lengths -EBADMSG", what);
	ok(!bad3, "%s: too long messages -EINVAL, small buffers -ERANGE (OAEP) or the reference's synthetic message (PKCS#1 v1.5)", what);
}

/* Raw block decoding: hand-made bad paddings */
static void test_unpad(void)
{
	u8 em[256], out[256];
	size_t ol;
	int bad = 0, i;

	for (i = 0; i < 6; i++) {
		memset(em, 0x55, sizeof(em));
		em[0] = 0;
		em[1] = 2;
		em[200] = 0;
		if (i == 1)
			em[0] = 1;
		if (i == 2)
			em[1] = 1;
		if (i == 3)
			em[5] = 0;	/* padding too short */
		if (i == 4)
			em[200] = 1;	/* no separator */
		if (i == 5)
			em[10] = 0;	/* exactly 8 bytes of padding: fine */
		ol = sizeof(out);
		if (i == 0 || i == 5)
			bad += ncr_rsa_pkcs1_unpad(em, 256, out, &ol) != 0 ||
			       ol != (i == 0 ? 55u : 245u) || out[0] != 0x55;
		else
			bad += ncr_rsa_pkcs1_unpad(em, 256, out, &ol) != -EBADMSG || ol;
	}
	memset(em, 0, sizeof(em));
	em[1] = 2;
	memset(em + 2, 1, 254);
	em[255] = 0;	/* empty message */
	ol = sizeof(out);
	bad += ncr_rsa_pkcs1_unpad(em, 256, out, &ol) != 0 || ol != 0;
	ok(!bad, "PKCS#1 v1.5 padding removal: good and bad blocks");
}

/*
 * ncr_rsa_pkcs1_unpad_implicit on hand-made blocks against the reference:
 * every k from 11 up, good and bad paddings, capacities, d's encodings.
 */
static void test_unpad_implicit(void)
{
	static const size_t ks[] = { 11, 12, 13, 17, 18, 19, 20, 64, 127, 128, 129, 255, 256,
				     257, 300, 384, 511, 512 };
	static u8 ir[NCR_RSA_IR_SCRATCH] __attribute__((aligned(8)));
	u8 em[512], c[512], d[520], out[512], want[512], em2[512];
	size_t ki, ol, wl, k;
	int bad = 0, bad2 = 0, bad3 = 0, n = 0, good, i, r;

	for (ki = 0; ki < sizeof(ks) / sizeof(ks[0]); ki++) {
		k = ks[ki];
		for (i = 0; i < 24; i++) {
			size_t cap = i % 6 == 5 ? (size_t)(rand() % (k + 1)) : i % 6 == 4 ? k - 11 : k;
			size_t sep = 10 + rand() % (k - 10);

			RAND_bytes(c, (int)k);
			RAND_bytes(d, (int)k);
			RAND_bytes(em, (int)k);
			em[0] = 0;
			em[1] = 2;
			for (size_t j = 2; j < sep; j++)
				em[j] |= !em[j];
			em[sep] = 0;
			switch (i % 12) {
			case 1: em[0] = 1; break;			/* bad first byte */
			case 2: em[1] = i & 1 ? 1 : 3; break;		/* bad block type */
			case 3: em[2 + rand() % 8] = 0; break;		/* PS too short */
			case 4: if (sep > 10) em[9] = 0; break;	/* PS of 7 */
			case 5: em[10] = 0; break;			/* PS of 8: good */
			case 6: em[k - 1] = 0; em[sep] = 1; break;	/* empty message */
			case 7: memset(em + 2, 1, k - 2); break;	/* no separator */
			case 8: memset(em, 0, k); break;
			default: break;
			}
			wl = ref_unpad(em, c, d, k, cap, want, &good);
			ol = cap;
			memset(out, 0xa5, sizeof(out));
			r = ncr_rsa_pkcs1_unpad_implicit(em, c, d, k, k, out, &ol, ir);
			n++;
			if (r || ol != wl || memcmp(out, want, wl)) {
				bad++;
				printf("# k %zu case %d cap %zu: got %d/%zu, want %zu (good %d)\n", k,
				       i, cap, r, ol, wl, good);
			}
			/* a bad padding: the same message whatever em holds */
			if (!good && cap >= k - 11) {
				memset(em2, 0x77, k);
				ol = cap;
				r = ncr_rsa_pkcs1_unpad_implicit(em2, c, d, k, k, out, &ol, ir);
				bad2 += r || ol != wl || memcmp(out, want, wl);
				bad2 += ol > k - 11;
			}
			/* d with a leading zero byte: shorter and longer encodings */
			if (i == 0) {
				d[0] = 0;
				wl = ref_unpad(em, c, d, k, cap, want, &good);
				ol = cap;
				r = ncr_rsa_pkcs1_unpad_implicit(em, c, d + 1, k - 1, k, out, &ol, ir);
				bad3 += r || ol != wl || memcmp(out, want, wl);
				memmove(d + 3, d, k);
				memset(d, 0, 3);
				ol = cap;
				r = ncr_rsa_pkcs1_unpad_implicit(em, c, d, k + 3, k, out, &ol, ir);
				bad3 += r || ol != wl || memcmp(out, want, wl);
				d[1] = 1;	/* d >= 2^(8k) */
				ol = cap;
				bad3 += ncr_rsa_pkcs1_unpad_implicit(em, c, d, k + 3, k, out, &ol, ir) !=
					-EINVAL;
			}
		}
	}
	/* k = 11: the only length below k - 10 = 1 is 0 */
	memset(em, 0x11, 11);
	for (i = 0, r = 0; i < 50; i++) {
		RAND_bytes(c, 11);
		ol = sizeof(out);
		r |= ncr_rsa_pkcs1_unpad_implicit(em, c, d, 11, 11, out, &ol, ir) || ol;
	}
	bad3 += r;
	ol = sizeof(out);
	bad3 += ncr_rsa_pkcs1_unpad_implicit(em, c, d, 11, 10, out, &ol, ir) != -EINVAL;
	bad3 += ncr_rsa_pkcs1_unpad_implicit(em, c, d, 11, NCR_RSA_KMAX + 1, out, &ol, ir) !=
		-EINVAL;
	bad3 += ncr_rsa_pkcs1_unpad_implicit(em, c, d, 0, 256, out, &ol, ir) != -EINVAL;
	for (ki = 0, r = 0; ki < sizeof(ir); ki++)
		r |= ir[ki];
	bad3 += r != 0;
	ok(!bad, "implicit rejection on %d hand-made blocks (k 11..512, capacities) equals the reference", n);
	ok(!bad2, "implicit rejection: a bad padding gives a message of C and d only, at most k - 11 bytes");
	ok(!bad3, "implicit rejection: d encodings with leading zeros agree, d >= 2^(8k), empty d, k < 11, k > max -EINVAL; scratch wiped");
}

/*
 * ncr_rsa_decrypt with PKCS#1 v1.5 under key k against the reference:
 * random ciphertexts (bad paddings), OpenSSL's valid ones, hand-made
 * blocks, small capacities, determinism, distinct synthetic messages.
 */
static void test_implicit(struct key *k, const char *what, int nrand)
{
	size_t kl = (k->bits + 7) / 8, ol, len, nlen = 0, mn = ~(size_t)0, mx = 0;
	static u8 outs[400][512];
	static size_t lens[400];
	u8 c[512], c2[512], em[512], msg[512], out[512], out2[512];
	int bad = 0, bad2 = 0, bad3 = 0, bad4 = 0, nval = 0, ngood = 0, good, i, j, r;
	static u32 seen[8];

	if (nrand > 400)
		nrand = 400;
	memset(seen, 0, sizeof(seen));
	/* random c < n: bad paddings (but for a 2^-16-ish chance) */
	for (i = 0; i < nrand; i++) {
		RAND_bytes(c, (int)kl);
		c[0] &= 0x7f;
		bad += !ir_agrees(&k->parts, k->pk, c, kl, kl, &good, &len, outs[i]);
		ngood += good;
		lens[i] = len;
		mn = len < mn ? len : mn;
		mx = len > mx ? len : mx;
		if (!(seen[len / 32 % 8] & (1u << (len % 32))))
			nlen++;
		seen[len / 32 % 8] |= 1u << (len % 32);
		bad += len > kl - 11;
	}
	ok(!bad && ngood < 2, "%s: %d random ciphertexts: the reference's synthetic messages (%d good paddings, lengths %zu..%zu, %zu distinct)",
	   what, nrand, ngood, mn, mx, nlen);
	/* valid ciphertexts from OpenSSL */
	for (i = 0; i < nrand / 3; i++) {
		size_t ml = i < 2 ? (size_t)i * (kl - 11) : (size_t)rand() % (kl - 10), cl = kl;

		RAND_bytes(msg, (int)ml);
		if (!ossl_crypt(k->pk, 1, RSA_PKCS1_PADDING, 0, 0, NULL, 0, msg, ml, c, &cl)) {
			bad2++;
			continue;
		}
		bad2 += !ir_agrees(&k->parts, k->pk, c, kl, kl, &good, &len, out) || !good ||
			len != ml || memcmp(out, msg, ml);
		nval++;
	}
	/* hand-made blocks, raw-encrypted */
	for (i = 0; i < 40; i++) {
		size_t sep = 10 + rand() % (kl - 10), cap = i % 4 == 3 ? (size_t)rand() % kl : kl;
		int expect = 1;

		RAND_bytes(em, (int)kl);
		em[0] = 0;
		em[1] = 2;
		for (j = 2; j < (int)sep; j++)
			em[j] |= !em[j];
		em[sep] = 0;
		switch (i % 10) {
		case 1: em[0] = 1; expect = 0; break;
		case 2: em[1] = 1; expect = 0; break;
		case 3: em[9] = 0; expect = sep == 9; break;
		case 4: em[10] = 0; break;
		case 5: memset(em + 2, 0xff, kl - 2); expect = 0; break;
		case 6: em[kl - 1] = 0; em[sep] = 0xff; break;
		case 7: em[2] = 0; expect = 0; break;
		default: break;
		}
		if (!ossl_raw(k->pk, 1, em, kl, c)) {
			bad3++;
			continue;
		}
		bad3 += !ir_agrees(&k->parts, k->pk, c, kl, cap, &good, &len, out);
		/* a good padding: the real message whenever it fits */
		bad3 += cap == kl && good != expect;
	}
	/* capacities below the message or synthetic length: cut, as the reference */
	for (i = 0; i < 20; i++) {
		static const size_t caps[] = { 0, 1, 47, 48, 49, 100 };
		size_t ml = 48, cl = kl;

		RAND_bytes(msg, (int)ml);
		if (i & 1) {
			ossl_crypt(k->pk, 1, RSA_PKCS1_PADDING, 0, 0, NULL, 0, msg, ml, c, &cl);
		} else {
			RAND_bytes(c, (int)kl);
			c[0] &= 0x7f;
		}
		bad3 += !ir_agrees(&k->parts, k->pk, c, kl, caps[i % 6], NULL, &len, out) ||
			len > caps[i % 6];
		bad3 += !ir_agrees(&k->parts, k->pk, c, kl, kl - 12 + i % 2, NULL, &len, out);
	}
	ok(!bad2 && nval > 0, "%s: %d OpenSSL PKCS#1 v1.5 ciphertexts decrypt to their message", what, nval);
	ok(!bad3, "%s: hand-made blocks (PS of 7/8, bad type, no separator, empty message) and small capacities agree with the reference", what);
	/* determinism; distinct ciphertexts, distinct messages */
	for (i = 0; i < nrand && i < 20; i++) {
		RAND_bytes(c, (int)kl);
		c[0] &= 0x7f;
		ol = kl;
		r = ncr_rsa_decrypt(&k->parts, NCR_RSA_PAD_PKCS1, 0, 0, NULL, 0, c, kl, &env, out,
				    &ol, scratch);
		len = kl;
		r |= ncr_rsa_decrypt(&k->parts, NCR_RSA_PAD_PKCS1, 0, 0, NULL, 0, c, kl, &env, out2,
				     &len, scratch);
		bad4 += r || ol != len || memcmp(out, out2, ol);
		/* one bit of c changed: another message (unless both are empty) */
		memcpy(c2, c, kl);
		c2[kl - 1 - i % kl] ^= (u8)(1u << (i % 8));
		len = kl;
		r = ncr_rsa_decrypt(&k->parts, NCR_RSA_PAD_PKCS1, 0, 0, NULL, 0, c2, kl, &env, out2,
				    &len, scratch);
		bad4 += r || (ol == len && (ol || len) && !memcmp(out, out2, ol));
	}
	for (i = 0; i < nrand; i++)
		for (j = 0; j < i; j++)
			bad4 += lens[i] && lens[i] == lens[j] && !memcmp(outs[i], outs[j], lens[i]);
	ok(!bad4, "%s: the same ciphertext twice gives the same message; different ciphertexts different ones", what);
}

static void test_check(struct key *k)
{
	struct ncr_rsa_parts p = k->parts;
	u8 tmp[600];
	u32 bits = 0;
	int bad = 0;

	bad |= (ncr_rsa_check(&p, 1, &bits, scratch) != 0 || bits != k->bits) << 1;
	bad |= (ncr_rsa_check(&p, 0, &bits, scratch) != 0) << 20;
	memcpy(tmp, p.qinv.p, p.qinv.len);
	tmp[p.qinv.len - 1] ^= 2;
	p.qinv.p = tmp;
	bad |= (ncr_rsa_check(&p, 1, &bits, scratch) != -EINVAL) << 2;
	p = k->parts;
	p.q = p.p;
	bad |= (ncr_rsa_check(&p, 1, &bits, scratch) != -EINVAL) << 3;
	p = k->parts;
	p.d.len = 0;
	bad |= (ncr_rsa_check(&p, 1, &bits, scratch) != -EINVAL) << 4;
	p = k->parts;
	tmp[0] = 1;
	p.e.p = tmp;
	p.e.len = 1;
	bad |= (ncr_rsa_check(&p, 0, &bits, scratch) != -EINVAL) << 5;
	tmp[0] = 1;
	tmp[1] = 2;	/* even */
	p.e.len = 2;
	bad |= (ncr_rsa_check(&p, 0, &bits, scratch) != -EINVAL) << 6;
	p = k->parts;
	p.n.len -= 1;	/* even or not, a different n: p q != n */
	bad |= (ncr_rsa_check(&p, 1, &bits, scratch) != -EINVAL) << 7;
	p = k->parts;
	p.n.len = 100;	/* 800 bits: too small */
	bad |= (ncr_rsa_check(&p, 0, &bits, scratch) != -EINVAL) << 8;
	ok(!bad, "ncr_rsa_check accepts a good key, rejects broken ones (%#x)", bad);

	/* a private operation with an inconsistent dp fails its check with e */
	{
		u8 in[512] = { 0 }, out[512];

		p = k->parts;
		memcpy(tmp, p.dp.p, p.dp.len);
		tmp[p.dp.len - 1] ^= 2;
		p.dp.p = tmp;
		in[10] = 1;
		ok(ncr_rsa_private_raw(&p, in, out, &env, scratch) == -EIO,
		   "a wrong dp is caught by the check with e (-EIO)");
	}
}

/* --- Wycheproof (if the vectors are there) --- */

#define WYCHE_DIR "/work/shared/vectors/wycheproof/testvectors_v1/"

static size_t unhex(u8 *out, size_t cap, const char *h)
{
	size_t n = strlen(h) / 2, i;

	if (n > cap)
		return (size_t)-1;
	for (i = 0; i < n; i++) {
		unsigned int v;

		sscanf(h + 2 * i, "%2x", &v);
		out[i] = (u8)v;
	}
	return n;
}

static u32 hash_by_name(const char *name)
{
	if (!name)
		return 0;
	if (!strcmp(name, "SHA-1"))
		return NCR_HASH_SHA1;
	if (!strcmp(name, "SHA-224"))
		return NCR_HASH_SHA224;
	if (!strcmp(name, "SHA-256"))
		return NCR_HASH_SHA256;
	if (!strcmp(name, "SHA-384"))
		return NCR_HASH_SHA384;
	if (!strcmp(name, "SHA-512"))
		return NCR_HASH_SHA512;
	return 0;
}

static const char *jstr(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

struct wkey {
	u8 buf[8][1100];
	struct ncr_rsa_parts parts;
};

static void wkey_load(struct wkey *w, json_t *k)
{
	static const char *f[8] = { "modulus", "publicExponent", "privateExponent", "prime1",
				    "prime2", "exponent1", "exponent2", "coefficient" };
	int i;

	memset(&w->parts, 0, sizeof(w->parts));
	for (i = 0; i < 8; i++) {
		const char *h = jstr(k, f[i]);
		struct ncr_bytes *m = member(&w->parts, i);

		if (!h)
			continue;
		m->len = unhex(w->buf[i], sizeof(w->buf[i]), h);
		m->p = w->buf[i];
	}
}

/*
 * A PKCS#1 v1.5 decryption vector: publicly invalid ciphertexts (length !=
 * k, c >= n) are -EBADMSG; every other one decrypts (implicit rejection) to
 * the reference's result, which for a "valid" one is msg.
 */
static void wyche_pkcs1(const struct ncr_rsa_parts *parts, EVP_PKEY *pk, json_t *t,
			const u8 *ct, size_t cl, const u8 *msg, size_t ml, int valid, int *bad,
			int *nsyn, int *npub)
{
	size_t k = ncr_rsa_k(parts), ol = k, wl = 0;
	static u8 out[1100], want[1100];
	int pub_bad = cl != k, r, rw = -EBADMSG, good = 0;

	if (!pub_bad) {
		BIGNUM *c = BN_bin2bn(ct, (int)cl, NULL), *n = BN_bin2bn(parts->n.p,
									(int)parts->n.len, NULL);

		pub_bad = BN_cmp(c, n) >= 0;
		BN_free(c);
		BN_free(n);
	}
	if (!pub_bad && pk)
		rw = ref_decrypt(pk, ct, k, k, want, &wl, &good);
	r = ncr_rsa_decrypt(parts, NCR_RSA_PAD_PKCS1, 0, 0, NULL, 0, ct, cl, &env, out, &ol,
			    scratch);
	if (pub_bad ? r != -EBADMSG
		    : (r || rw || ol != wl || memcmp(out, want, wl) || good != valid ||
		       (valid && (ol != ml || memcmp(out, msg, ml))))) {
		(*bad)++;
		printf("# PKCS#1 tcId %d: got %d (%zu bytes), reference %d (%zu bytes, good %d), %s\n",
		       (int)json_integer_value(json_object_get(t, "tcId")), r, ol, rw, wl, good,
		       valid ? "valid" : "invalid");
	}
	*npub += pub_bad;
	*nsyn += !pub_bad && !valid;
}

/* kind: 0 PKCS#1 verify, 1 PSS verify, 2 OAEP decrypt, 3 PKCS#1 decrypt */
static void wyche(const char *file, int kind)
{
	char path[512];
	json_error_t err;
	json_t *root, *groups, *g, *t;
	size_t gi, ti;
	int n = 0, bad = 0, skipped = 0, nsyn = 0, npub = 0;
	EVP_PKEY *wpk = NULL;
	static struct wkey wk;
	static u8 msg[4096], sig[1100], out[1100], dg[64], label[1100];

	snprintf(path, sizeof(path), WYCHE_DIR "%s", file);
	root = json_load_file(path, 0, &err);
	if (!root) {
		tap_n++;
		printf("ok %d - # SKIP %s not found\n", tap_n, file);
		return;
	}
	groups = json_object_get(root, "testGroups");
	json_array_foreach(groups, gi, g) {
		u32 h = hash_by_name(jstr(g, "sha")), mgf = hash_by_name(jstr(g, "mgfSha"));
		json_t *key = json_object_get(g, kind < 2 ? "publicKey" : "privateKey");
		u32 slen = (u32)json_integer_value(json_object_get(g, "sLen"));

		if ((kind < 3 && !h) || ((kind == 1 || kind == 2) && !mgf) || !key) {
			skipped += (int)json_array_size(json_object_get(g, "tests"));
			continue;
		}
		wkey_load(&wk, key);
		if (kind == 3) {
			EVP_PKEY_free(wpk);
			wpk = openssl_from_parts(&wk.parts);
			if (!wpk) {
				bad++;
				printf("# %s: OpenSSL refuses the key\n", file);
			}
		}
		json_array_foreach(json_object_get(g, "tests"), ti, t) {
			const char *res = jstr(t, "result");
			int valid = !strcmp(res, "valid"), acceptable = !strcmp(res, "acceptable");
			size_t ml = unhex(msg, sizeof(msg), jstr(t, "msg")), sl, ll = 0, ol;
			int r;

			n++;
			if (kind < 2) {
				sl = unhex(sig, sizeof(sig), jstr(t, "sig"));
				ncr_hash(h, msg, ml, dg);
				r = ncr_rsa_verify(&wk.parts, kind ? NCR_RSA_PAD_PSS : NCR_RSA_PAD_PKCS1,
						   h, mgf, kind ? slen : 0, dg,
						   ncr_hash_info(h)->digest_len, sig, sl, scratch);
				if (sl == (size_t)-1)
					r = -EBADMSG;
				if (!acceptable && (r == 0) != valid) {
					bad++;
					printf("# %s tcId %d: got %d, expected %s\n", file,
					       (int)json_integer_value(json_object_get(t, "tcId")), r, res);
				}
			} else {
				sl = unhex(sig, sizeof(sig), jstr(t, "ct"));
				if (jstr(t, "label"))
					ll = unhex(label, sizeof(label), jstr(t, "label"));
				ol = sizeof(out);
				if (kind == 3) {
					wyche_pkcs1(&wk.parts, wpk, t, sig, sl, msg, ml, valid, &bad,
						    &nsyn, &npub);
					continue;
				}
				r = ncr_rsa_decrypt(&wk.parts, NCR_RSA_PAD_OAEP, h, mgf, label, ll, sig,
						    sl, &env, out, &ol, scratch);
				if (!acceptable && ((r == 0) != valid ||
						    (valid && (ol != ml || memcmp(out, msg, ml))))) {
					bad++;
					printf("# %s tcId %d: got %d, expected %s\n", file,
					       (int)json_integer_value(json_object_get(t, "tcId")), r, res);
				}
			}
		}
	}
	json_decref(root);
	EVP_PKEY_free(wpk);
	if (kind == 3)
		ok(!bad && n > 0, "Wycheproof %s: %d vectors (%d skipped): valid ones decrypt, %d invalid paddings give the reference's synthetic message, %d publicly invalid ciphertexts -EBADMSG",
		   file, n, skipped, nsyn, npub);
	else
		ok(!bad && n > 0, "Wycheproof %s: %d vectors (%d skipped)", file, n, skipped);
}

/*
 * OpenSSL 3.2's own known answers for implicit rejection: the core and
 * the reference above both reproduce them (the reference is thereby
 * checked against OpenSSL itself, which 3.0 here cannot do).
 */
static void test_ir_kat(void)
{
	static struct key keys[sizeof(ir_kat_keys) / sizeof(ir_kat_keys[0])];
	static u8 ct[600], want[600], out[600], ref[600];
	size_t i, n = sizeof(ir_kats) / sizeof(ir_kats[0]);
	int bad = 0, badref = 0, nsyn = 0;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		BIO *b = BIO_new_mem_buf(ir_kat_keys[i], -1);

		key_from_openssl(&keys[i], PEM_read_bio_PrivateKey(b, NULL, NULL, NULL));
		BIO_free(b);
	}
	for (i = 0; i < n; i++) {
		const struct ir_kat *t = &ir_kats[i];
		struct key *k = &keys[t->key];
		size_t cl = unhex(ct, sizeof(ct), t->ct), wl, ol = sizeof(out), rl = 0;
		int r, good = 0;

		if (t->str) {
			wl = strlen(t->out);
			memcpy(want, t->out, wl);
		} else {
			wl = unhex(want, sizeof(want), t->out);
		}
		r = ncr_rsa_decrypt(&k->parts, NCR_RSA_PAD_PKCS1, 0, 0, NULL, 0, ct, cl, &env, out,
				    &ol, scratch);
		if (r || ol != wl || memcmp(out, want, wl)) {
			bad++;
			printf("# KAT %zu (key %d): got %d, %zu bytes, want %zu\n", i, t->key, r, ol,
			       wl);
		}
		if (ref_decrypt(k->pk, ct, cl, cl, ref, &rl, &good) || rl != wl ||
		    memcmp(ref, want, wl))
			badref++;
		nsyn += !good;
	}
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		EVP_PKEY_free(keys[i].pk);
	ok(!bad && n > 30, "OpenSSL 3.2 implicit-rejection known answers (2048, 2049, 3072 bits): %zu, %d of them synthetic", n, nsyn);
	ok(!badref, "the reference reproduces OpenSSL 3.2's known answers too");
}

static void test_wycheproof(int full)
{
	wyche("rsa_signature_2048_sha256_test.json", 0);
	wyche("rsa_pss_2048_sha256_mgf1_32_test.json", 1);
	wyche("rsa_oaep_2048_sha1_mgf1sha1_test.json", 2);
	wyche("rsa_oaep_2048_sha256_mgf1sha256_test.json", 2);
	wyche("rsa_pkcs1_2048_test.json", 3);
	if (full) {
		wyche("rsa_signature_3072_sha384_test.json", 0);
		wyche("rsa_pss_3072_sha256_mgf1_32_test.json", 1);
		wyche("rsa_oaep_3072_sha256_mgf1sha256_test.json", 2);
	}
}

static void test_keygen(u32 bits)
{
	static u8 buf[NCR_RSA_GEN_BUF(4096)];
	static const u8 e65537[] = { 1, 0, 1 };
	struct key k;
	EVP_PKEY_CTX *c;
	int r, good;
	char what[40];

	memset(&k, 0, sizeof(k));
	r = ncr_rsa_generate(bits, e65537, 3, &env, buf, sizeof(buf), &k.parts, scratch);
	k.bits = bits;
	k.pk = r ? NULL : openssl_from_parts(&k.parts);
	good = k.pk != NULL;
	if (good) {
		c = EVP_PKEY_CTX_new(k.pk, NULL);
		good = EVP_PKEY_check(c) == 1 && EVP_PKEY_private_check(c) == 1 &&
		       EVP_PKEY_pairwise_check(c) == 1 && EVP_PKEY_get_bits(k.pk) == (int)bits;
		EVP_PKEY_CTX_free(c);
	}
	ok(good, "keygen %u: OpenSSL accepts the key (check, private check, pairwise)", bits);
	if (!good)
		return;
	{
		/* FIPS 186-5 conditions */
		BIGNUM *p = BN_bin2bn(k.parts.p.p, k.parts.p.len, NULL);
		BIGNUM *q = BN_bin2bn(k.parts.q.p, k.parts.q.len, NULL);
		BIGNUM *d = BN_bin2bn(k.parts.d.p, k.parts.d.len, NULL);
		BIGNUM *p1 = BN_new(), *q1 = BN_new(), *g = BN_new(), *lam = BN_new();
		BIGNUM *e = BN_new(), *de = BN_new(), *diff = BN_new();
		BN_CTX *ctx = BN_CTX_new();

		BN_sub(p1, p, BN_value_one());
		BN_sub(q1, q, BN_value_one());
		BN_gcd(g, p1, q1, ctx);
		BN_mul(lam, p1, q1, ctx);
		BN_div(lam, NULL, lam, g, ctx);
		BN_set_word(e, 65537);
		BN_mod_mul(de, d, e, lam, ctx);
		BN_sub(diff, p, q);
		BN_set_negative(diff, 0);
		ok(BN_is_one(de) && BN_cmp(d, lam) < 0 && BN_num_bits(d) > (int)bits / 2 &&
		   BN_num_bits(diff) > (int)bits / 2 - 100 && BN_num_bits(p) == (int)bits / 2 &&
		   BN_num_bits(q) == (int)bits / 2,
		   "keygen %u: d = e^-1 mod lcm(p-1, q-1), d > 2^(bits/2), |p-q| large", bits);
		BN_free(p); BN_free(q); BN_free(d); BN_free(p1); BN_free(q1); BN_free(g);
		BN_free(lam); BN_free(e); BN_free(de); BN_free(diff);
		BN_CTX_free(ctx);
	}
	snprintf(what, sizeof(what), "generated %u", bits);
	if (bits == 2048) {
		u8 dg[32], sig[512];

		RAND_bytes(dg, 32);
		r = ncr_rsa_sign(&k.parts, NCR_RSA_PAD_PSS, NCR_HASH_SHA256, NCR_HASH_SHA256, 32,
				 dg, 32, &env, sig, scratch);
		ok(!r && ossl_verify(k.pk, RSA_PKCS1_PSS_PADDING, NCR_HASH_SHA256,
				     NCR_HASH_SHA256, 32, dg, 32, sig, 256),
		   "%s: our PSS signature verifies in OpenSSL", what);
		r = ncr_rsa_sign(&k.parts, NCR_RSA_PAD_PKCS1, NCR_HASH_SHA256, 0, 0, dg, 32, &env,
				 sig, scratch);
		ok(!r && ossl_verify(k.pk, RSA_PKCS1_PADDING, NCR_HASH_SHA256, 0, 0, dg, 32, sig,
				     256), "%s: our PKCS#1 signature verifies in OpenSSL", what);
	}
	EVP_PKEY_free(k.pk);
}

/* 1024-bit keys: public use only */
static void test_1024(void)
{
	struct key k;
	u8 dg[32], sig[128];
	size_t sl = sizeof(sig);
	u32 bits;
	int r1, r2, r3;

	key_from_openssl(&k, EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024));
	RAND_bytes(dg, 32);
	ossl_sign(k.pk, RSA_PKCS1_PADDING, NCR_HASH_SHA256, 0, 0, dg, 32, sig, &sl);
	r1 = ncr_rsa_verify(&k.parts, NCR_RSA_PAD_PKCS1, NCR_HASH_SHA256, 0, 0, dg, 32, sig, sl,
			    scratch);
	r2 = ncr_rsa_sign(&k.parts, NCR_RSA_PAD_PKCS1, NCR_HASH_SHA256, 0, 0, dg, 32, &env, sig,
			  scratch);
	r3 = ncr_rsa_check(&k.parts, 1, &bits, scratch);
	ok(!r1 && r2 == -EINVAL && !r3 && bits == 1024,
	   "1024-bit key: verify works, private use refused (%d %d %d)", r1, r2, r3);
	EVP_PKEY_free(k.pk);
}

static void test_keygen_args(void)
{
	static u8 buf[NCR_RSA_GEN_BUF(4096)];
	static const u8 e3[] = { 3 }, e65537[] = { 0, 1, 0, 1 }, eeven[] = { 1, 0, 2 };
	struct ncr_rsa_parts p;
	struct ncr_env yenv = env;
	int count = 0, r;

	ok(ncr_rsa_generate(1024, e65537, 4, &env, buf, sizeof(buf), &p, scratch) == -EINVAL &&
	   ncr_rsa_generate(2047, e65537, 4, &env, buf, sizeof(buf), &p, scratch) == -EINVAL &&
	   ncr_rsa_generate(2048, e3, 1, &env, buf, sizeof(buf), &p, scratch) == -EINVAL &&
	   ncr_rsa_generate(2048, eeven, 3, &env, buf, sizeof(buf), &p, scratch) == -EINVAL &&
	   ncr_rsa_generate(2048, e65537, 4, &env, buf, 10, &p, scratch) == -ERANGE,
	   "keygen rejects bad sizes, exponents and buffers");
	yenv.yield = stop_yield;
	yenv.ctx = &count;
	r = ncr_rsa_generate(2048, e65537, 4, &yenv, buf, sizeof(buf), &p, scratch);
	ok(r == -EINTR && count == 4, "keygen stops with -EINTR when yield returns 1");
}

int main(int argc, char **argv)
{
	struct key k2, k3, k4;
	/* `full`: also 3072/4096-bit keys and a 3072-bit keygen (slow under ASan) */
	int quick = !(argc > 1 && !strcmp(argv[1], "full"));

	scratch = aligned_alloc(64, (ncr_rsa_scratch_size(4096) + 63) & ~63ul);
	test_prime();
	test_unpad();
	test_unpad_implicit();
	key_from_openssl(&k2, EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048));
	test_check(&k2);
	test_ir_kat();
	test_wycheproof(!quick);
	test_sign(&k2, "2048");
	test_crypt(&k2, "2048");
	test_implicit(&k2, "2048", quick ? 300 : 400);
	key_from_openssl(&k3, EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)3072));
	test_implicit(&k3, "3072", quick ? 120 : 400);
	if (!quick) {
		test_sign(&k3, "3072");
		key_from_openssl(&k4, EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)4096));
		test_crypt(&k4, "4096");
		test_implicit(&k4, "4096", 100);
		EVP_PKEY_free(k4.pk);
	}
	EVP_PKEY_free(k3.pk);
	test_1024();
	test_keygen_args();
	test_keygen(2048);
	if (!quick)
		test_keygen(3072);
	EVP_PKEY_free(k2.pk);
	free(scratch);
	return tap_done();
}
