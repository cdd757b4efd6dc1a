// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_rsa_unit.c - core/rsa*.c and core/prime.c against OpenSSL 3: prime
 * testing against BN_check_prime, key generation checked by OpenSSL,
 * PKCS#1 v1.5 / PSS signatures and PKCS#1 v1.5 / OAEP encryption in both
 * directions, tampering, argument errors.  TAP.
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
#include <jansson.h>
#include "rsa.h"
#include "prime.h"
#include "hash.h"
#include "test_tap.h"

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
			ol = ml - 1;
			r = ncr_rsa_decrypt(&k->parts, NCR_RSA_PAD_PKCS1, 0, 0, NULL, 0, ct, kl,
					    &env, pt, &ol, scratch);
			bad3 += r != -ERANGE || ol != ml;
		}
		ct[1] ^= 0x40;
		ol = kl;
		bad2 += ncr_rsa_decrypt(&k->parts, NCR_RSA_PAD_PKCS1, 0, 0, NULL, 0, ct, kl, &env,
					pt, &ol, scratch) != -EBADMSG;
		bad2 += ncr_rsa_decrypt(&k->parts, NCR_RSA_PAD_PKCS1, 0, 0, NULL, 0, ct, kl - 1,
					&env, pt, &ol, scratch) != -EBADMSG;
	}
	bad3 += ncr_rsa_encrypt(&k->parts, NCR_RSA_PAD_PKCS1, 0, 0, NULL, 0, msg, kl - 10, &env,
				ct, scratch) != -EINVAL;
	ok(!bad, "%s: OAEP (hash/MGF1 pairs, labels) and PKCS#1 v1.5 encryption agree with OpenSSL both ways", what);
	ok(!bad2, "%s: tampered ciphertexts, wrong labels and MGF1 hashes rejected with -EBADMSG", what);
	ok(!bad3, "%s: too long messages -EINVAL, small buffers -ERANGE", what);
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

/* kind: 0 PKCS#1 verify, 1 PSS verify, 2 OAEP decrypt, 3 PKCS#1 decrypt */
static void wyche(const char *file, int kind)
{
	char path[512];
	json_error_t err;
	json_t *root, *groups, *g, *t;
	size_t gi, ti;
	int n = 0, bad = 0, skipped = 0;
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
				r = ncr_rsa_decrypt(&wk.parts,
						    kind == 2 ? NCR_RSA_PAD_OAEP : NCR_RSA_PAD_PKCS1, h,
						    mgf, label, ll, sig, sl, &env, out, &ol, scratch);
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
	ok(!bad && n > 0, "Wycheproof %s: %d vectors (%d skipped)", file, n, skipped);
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
	key_from_openssl(&k2, EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048));
	test_check(&k2);
	test_wycheproof(!quick);
	test_sign(&k2, "2048");
	test_crypt(&k2, "2048");
	if (!quick) {
		key_from_openssl(&k3, EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)3072));
		test_sign(&k3, "3072");
		key_from_openssl(&k4, EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)4096));
		test_crypt(&k4, "4096");
		EVP_PKEY_free(k3.pk);
		EVP_PKEY_free(k4.pk);
	}
	test_1024();
	test_keygen_args();
	test_keygen(2048);
	if (!quick)
		test_keygen(3072);
	EVP_PKEY_free(k2.pk);
	free(scratch);
	return tap_done();
}
