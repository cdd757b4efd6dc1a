// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_rsa_unit.c - core/rsa/rsa*.c against OpenSSL 3: PKCS#1 v1.5 / PSS
 * signatures and PKCS#1 v1.5 / OAEP encryption in both directions,
 * tampering, argument errors, the key check and 1024-bit keys; the keys
 * and OpenSSL-side helpers that the other files of build/tests/test_rsa_unit
 * share (declared in test_rsa_unit.h), and main(), which runs them all:
 * padding removal and implicit rejection in test_rsa_pad.c, primality and
 * key generation in test_rsa_keygen.c, Wycheproof in test_rsa_wycheproof.c.
 * TAP.
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
#include "rsa/rsa.h"
#include "hash/hash.h"
#define TAP_MAIN	/* test_tap.h here, tap_ok() for the other files */
#include "test_tap_split.h"
#include "test_rsa_unit.h"

static void rnd(void *ctx, u8 *out, size_t len)
{
	(void)ctx;
	RAND_bytes(out, (int)len);
}

struct ncr_env env = { rnd, NULL, NULL };
u8 *scratch;

/* --- keys --- */

static const char *names[8] = {
	OSSL_PKEY_PARAM_RSA_N, OSSL_PKEY_PARAM_RSA_E, OSSL_PKEY_PARAM_RSA_D,
	OSSL_PKEY_PARAM_RSA_FACTOR1, OSSL_PKEY_PARAM_RSA_FACTOR2,
	OSSL_PKEY_PARAM_RSA_EXPONENT1, OSSL_PKEY_PARAM_RSA_EXPONENT2,
	OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
};

struct ncr_bytes *member(struct ncr_rsa_parts *p, int i)
{
	struct ncr_bytes *m[8] = { &p->n, &p->e, &p->d, &p->p, &p->q, &p->dp, &p->dq, &p->qinv };

	return m[i];
}

void key_from_openssl(struct key *k, EVP_PKEY *pk)
{
	int i;

	memset(&k->parts, 0, sizeof(k->parts));
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

EVP_PKEY *openssl_from_parts(const struct ncr_rsa_parts *p)
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
EVP_PKEY_CTX *octx(EVP_PKEY *pk, int op, int pad, u32 hash, u32 mgf, int salt)
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

int ossl_verify(EVP_PKEY *pk, int pad, u32 hash, u32 mgf, int salt, const u8 *dg,
		       size_t dl, const u8 *sig, size_t sl)
{
	EVP_PKEY_CTX *c = octx(pk, 1, pad, hash, mgf, salt);
	int r = EVP_PKEY_verify(c, sig, sl, dg, dl);

	EVP_PKEY_CTX_free(c);
	return r == 1;
}

int ossl_crypt(EVP_PKEY *pk, int enc, int pad, u32 hash, u32 mgf, const u8 *label,
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
