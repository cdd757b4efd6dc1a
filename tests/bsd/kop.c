// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kop.c - CIOCKEY against OpenSSL's BN: CRK_MOD_EXP at random sizes up to
 * 4096 bits, CRK_MOD_EXP_CRT with an RSA key = a^d mod n, CRK_DH_COMPUTE_KEY
 * both ways on ffdhe2048 giving the same secret, CRK_DSA_SIGN verified by
 * OpenSSL and CRK_DSA_VERIFY of an OpenSSL signature (and of a bad one),
 * the operands little-endian as OpenSSL's cryptodev engine sends them;
 * CIOCASYMFEAT; bad input: wrong counts, unknown op, operands too long,
 * even modulus, a too short output buffer.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/dsa.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include "bsd.h"

/* a BIGNUM as the engine sends it: little-endian, crp_nbits its bits */
static void param_in(struct crparam *p, const BIGNUM *a, uint8_t *buf)
{
	int n = BN_num_bytes(a);

	BN_bn2lebinpad(a, buf, n);
	p->crp_p = buf;
	p->crp_nbits = BN_num_bits(a);
}

/* an output buffer sized to nbits bits */
static void param_out(struct crparam *p, uint8_t *buf, int nbits)
{
	memset(buf, 0xee, (nbits + 7) / 8);
	p->crp_p = buf;
	p->crp_nbits = nbits;
}

static BIGNUM *param_bn(const struct crparam *p)
{
	return BN_lebin2bn(p->crp_p, (p->crp_nbits + 7) / 8, NULL);
}

static int kop(int fd, struct crypt_kop *k)
{
	return xioctl(fd, CIOCKEY, k);
}

static void mod_exp(int fd, struct rng *r)
{
	uint8_t b[3][1100], out[1100];
	unsigned int bad = 0, n = 40;
	BN_CTX *ctx = BN_CTX_new();

	for (unsigned int i = 0; i < n; i++) {
		int mb = 8 + rng_below(r, 4088), e;
		BIGNUM *a = BN_new(), *x = BN_new(), *m = BN_new();
		BIGNUM *want = BN_new(), *got;
		struct crypt_kop k = { .crk_op = CRK_MOD_EXP, .crk_iparams = 3,
				       .crk_oparams = 1 };

		BN_rand(m, mb, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ODD);
		BN_rand(a, 1 + rng_below(r, mb + 64), BN_RAND_TOP_ANY,
			BN_RAND_BOTTOM_ANY);
		BN_rand(x, 1 + rng_below(r, 4096), BN_RAND_TOP_ANY,
			BN_RAND_BOTTOM_ANY);
		param_in(&k.crk_param[0], a, b[0]);
		param_in(&k.crk_param[1], x, b[1]);
		param_in(&k.crk_param[2], m, b[2]);
		param_out(&k.crk_param[3], out, BN_num_bits(m));
		BN_mod_exp(want, a, x, m, ctx);
		e = kop(fd, &k);
		got = param_bn(&k.crk_param[3]);
		if (e || BN_cmp(got, want)) {
			if (!bad++)
				tap_diag("mod exp %d-bit modulus: %s", mb,
					 e ? errname(e) : "differs");
		}
		BN_free(a);
		BN_free(x);
		BN_free(m);
		BN_free(want);
		BN_free(got);
	}
	tap_ok(!bad, "CIOCKEY CRK_MOD_EXP: %u random moduli of 8..4096 bits = BN_mod_exp",
	       n);
	BN_CTX_free(ctx);
}

static BIGNUM *get(EVP_PKEY *pk, const char *name)
{
	BIGNUM *b = NULL;

	EVP_PKEY_get_bn_param(pk, name, &b);
	return b;
}

static void crt(int fd)
{
	EVP_PKEY *pk = EVP_RSA_gen(2048);
	BIGNUM *n = get(pk, OSSL_PKEY_PARAM_RSA_N), *d = get(pk, OSSL_PKEY_PARAM_RSA_D);
	BIGNUM *p = get(pk, OSSL_PKEY_PARAM_RSA_FACTOR1);
	BIGNUM *q = get(pk, OSSL_PKEY_PARAM_RSA_FACTOR2);
	BIGNUM *dp = get(pk, OSSL_PKEY_PARAM_RSA_EXPONENT1);
	BIGNUM *dq = get(pk, OSSL_PKEY_PARAM_RSA_EXPONENT2);
	BIGNUM *qi = get(pk, OSSL_PKEY_PARAM_RSA_COEFFICIENT1);
	BIGNUM *a = BN_new(), *want = BN_new(), *got;
	uint8_t b[6][300], out[300];
	struct crypt_kop k = { .crk_op = CRK_MOD_EXP_CRT, .crk_iparams = 6,
			       .crk_oparams = 1 };
	BN_CTX *ctx = BN_CTX_new();
	int e;

	BN_rand_range(a, n);
	BN_mod_exp(want, a, d, n, ctx);
	/* the engine's order: p, q, input, dp, dq, qinv */
	param_in(&k.crk_param[0], p, b[0]);
	param_in(&k.crk_param[1], q, b[1]);
	param_in(&k.crk_param[2], a, b[2]);
	param_in(&k.crk_param[3], dp, b[3]);
	param_in(&k.crk_param[4], dq, b[4]);
	param_in(&k.crk_param[5], qi, b[5]);
	param_out(&k.crk_param[6], out, BN_num_bits(n));
	e = kop(fd, &k);
	got = param_bn(&k.crk_param[6]);
	tap_ok(!e && !BN_cmp(got, want),
	       "CIOCKEY CRK_MOD_EXP_CRT: RSA-2048 private operation = a^d mod n (%s)",
	       errname(e));
	param_out(&k.crk_param[6], out, 1024);
	tap_err(kop(fd, &k), -ENOSPC,
		"CIOCKEY CRK_MOD_EXP_CRT: a 1024-bit buffer for a 2048-bit result");
	BN_free(got);
	BN_free(a);
	BN_free(want);
	BN_free(n);
	BN_free(d);
	BN_free(p);
	BN_free(q);
	BN_free(dp);
	BN_free(dq);
	BN_free(qi);
	BN_CTX_free(ctx);
	EVP_PKEY_free(pk);
}

static void dh(int fd)
{
	/* ffdhe2048's p (RFC 7919), g = 2 */
	EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
	EVP_PKEY *a = NULL, *b = NULL;
	OSSL_PARAM prm[2] = {
		OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
				       "ffdhe2048", 0),
		OSSL_PARAM_END,
	};
	BIGNUM *p, *xa, *yb, *got;
	uint8_t bb[3][300], out[300], want[256];
	struct crypt_kop k = { .crk_op = CRK_DH_COMPUTE_KEY, .crk_iparams = 3,
			       .crk_oparams = 1 };
	EVP_PKEY_CTX *dc;
	size_t wl = sizeof(want);
	BIGNUM *w;
	int e;

	EVP_PKEY_keygen_init(pc);
	EVP_PKEY_CTX_set_params(pc, prm);
	EVP_PKEY_generate(pc, &a);
	EVP_PKEY_generate(pc, &b);
	p = get(a, OSSL_PKEY_PARAM_FFC_P);
	xa = get(a, OSSL_PKEY_PARAM_PRIV_KEY);
	yb = get(b, OSSL_PKEY_PARAM_PUB_KEY);
	dc = EVP_PKEY_CTX_new(a, NULL);
	EVP_PKEY_derive_init(dc);
	EVP_PKEY_CTX_set_dh_pad(dc, 1);
	EVP_PKEY_derive_set_peer(dc, b);
	EVP_PKEY_derive(dc, want, &wl);
	w = BN_bin2bn(want, (int)wl, NULL);
	param_in(&k.crk_param[0], xa, bb[0]);
	param_in(&k.crk_param[1], yb, bb[1]);
	param_in(&k.crk_param[2], p, bb[2]);
	param_out(&k.crk_param[3], out, BN_num_bits(p));
	e = kop(fd, &k);
	got = param_bn(&k.crk_param[3]);
	tap_ok(!e && !BN_cmp(got, w),
	       "CIOCKEY CRK_DH_COMPUTE_KEY: ffdhe2048 = OpenSSL's derive (%s)",
	       errname(e));
	BN_free(p);
	BN_free(xa);
	BN_free(yb);
	BN_free(got);
	BN_free(w);
	EVP_PKEY_CTX_free(dc);
	EVP_PKEY_CTX_free(pc);
	EVP_PKEY_free(a);
	EVP_PKEY_free(b);
}

static void dsa(int fd)
{
	size_t dl;
	uint8_t *der = hex_decode(test_dsa2048_pkcs8_hex, &dl);
	const unsigned char *dp = der;
	EVP_PKEY *pk = d2i_AutoPrivateKey(NULL, &dp, (long)dl);
	BIGNUM *p = get(pk, OSSL_PKEY_PARAM_FFC_P), *q = get(pk, OSSL_PKEY_PARAM_FFC_Q);
	BIGNUM *g = get(pk, OSSL_PKEY_PARAM_FFC_G);
	BIGNUM *x = get(pk, OSSL_PKEY_PARAM_PRIV_KEY);
	BIGNUM *y = get(pk, OSSL_PKEY_PARAM_PUB_KEY);
	BIGNUM *dg = BN_new(), *r, *s;
	uint8_t digest[32], b[7][300], sig[128];
	unsigned char *sp = sig;
	struct crypt_kop k = { .crk_op = CRK_DSA_SIGN, .crk_iparams = 5,
			       .crk_oparams = 2 };
	EVP_PKEY_CTX *c;
	DSA_SIG *ds;
	size_t sl = sizeof(sig);
	int e, v, len;

	memset(digest, 0x42, sizeof(digest));
	BN_bin2bn(digest, sizeof(digest), dg);
	param_in(&k.crk_param[0], dg, b[0]);
	param_in(&k.crk_param[1], p, b[1]);
	param_in(&k.crk_param[2], q, b[2]);
	param_in(&k.crk_param[3], g, b[3]);
	param_in(&k.crk_param[4], x, b[4]);
	param_out(&k.crk_param[5], b[5], BN_num_bits(q));
	param_out(&k.crk_param[6], b[6], BN_num_bits(q));
	e = kop(fd, &k);
	r = param_bn(&k.crk_param[5]);
	s = param_bn(&k.crk_param[6]);
	ds = DSA_SIG_new();
	DSA_SIG_set0(ds, r, s);
	len = i2d_DSA_SIG(ds, &sp);
	c = EVP_PKEY_CTX_new(pk, NULL);
	EVP_PKEY_verify_init(c);
	v = EVP_PKEY_verify(c, sig, len, digest, sizeof(digest));
	tap_ok(!e && v == 1,
	       "CIOCKEY CRK_DSA_SIGN: DSA-2048, OpenSSL verifies r, s (%s)",
	       errname(e));
	DSA_SIG_free(ds);

	/* OpenSSL signs, CIOCKEY verifies */
	EVP_PKEY_sign_init(c);
	EVP_PKEY_sign(c, sig, &sl, digest, sizeof(digest));
	sp = sig;
	ds = d2i_DSA_SIG(NULL, (const unsigned char **)&sp, (long)sl);
	{
		const BIGNUM *or, *os;

		DSA_SIG_get0(ds, &or, &os);
		k = (struct crypt_kop){ .crk_op = CRK_DSA_VERIFY,
					.crk_iparams = 7, .crk_status = 0xdead };
		param_in(&k.crk_param[0], dg, b[0]);
		param_in(&k.crk_param[1], p, b[1]);
		param_in(&k.crk_param[2], q, b[2]);
		param_in(&k.crk_param[3], g, b[3]);
		param_in(&k.crk_param[4], y, b[4]);
		param_in(&k.crk_param[5], or, b[5]);
		param_in(&k.crk_param[6], os, b[6]);
		e = kop(fd, &k);
		tap_ok(!e && k.crk_status == 1,
		       "CIOCKEY CRK_DSA_VERIFY: OpenSSL's signature verifies (status %u, %s)",
		       k.crk_status, errname(e));
		/* the most significant byte: DSA signs the leftmost N bits */
		b[0][(k.crk_param[0].crp_nbits + 7) / 8 - 1] ^= 1;
		e = kop(fd, &k);
		tap_ok(!e && k.crk_status == 0,
		       "CIOCKEY CRK_DSA_VERIFY: another digest gives status 0 (%u, %s)",
		       k.crk_status, errname(e));
	}
	DSA_SIG_free(ds);
	EVP_PKEY_CTX_free(c);
	BN_free(p);
	BN_free(q);
	BN_free(g);
	BN_free(x);
	BN_free(y);
	BN_free(dg);
	EVP_PKEY_free(pk);
	free(der);
}

static void bad(int fd)
{
	uint8_t b[4][1100] = { { 3 }, { 3 }, { 4 } }, out[8];
	struct crypt_kop k = { .crk_op = CRK_MOD_EXP, .crk_iparams = 3,
			       .crk_oparams = 1 };
	uint32_t feat = 0;

	for (int i = 0; i < 3; i++)
		k.crk_param[i] = (struct crparam){ b[i], 8 };
	k.crk_param[3] = (struct crparam){ out, 64 };
	tap_err(kop(fd, &k), -EINVAL, "CIOCKEY: an even modulus");
	b[2][0] = 5;
	tap_err(kop(fd, &k), 0, "CIOCKEY: 3^3 mod 5");
	tap_ok(out[0] == 2, "CIOCKEY: = 2 (%u)", out[0]);
	k.crk_iparams = 2;
	tap_err(kop(fd, &k), -EINVAL, "CIOCKEY: CRK_MOD_EXP with 2 inputs");
	k.crk_iparams = 3;
	k.crk_oparams = 0;
	tap_err(kop(fd, &k), -EINVAL, "CIOCKEY: CRK_MOD_EXP with no output");
	k.crk_oparams = 1;
	k.crk_op = CRK_ALGORITHM_ALL;
	tap_err(kop(fd, &k), -EINVAL, "CIOCKEY: crk_op 5");
	k.crk_op = CRK_MOD_EXP;
	k.crk_param[1].crp_nbits = CRK_MAX_BITS + 1;
	tap_err(kop(fd, &k), -EINVAL, "CIOCKEY: an exponent of CRK_MAX_BITS + 1 bits");
	k.crk_param[1].crp_nbits = 8;
	k.crk_param[0].crp_p = (void *)8;
	tap_err(kop(fd, &k), -EFAULT, "CIOCKEY: an input at a bad address");
	k.crk_param[0].crp_p = b[0];
	k.crk_param[3].crp_p = (void *)8;
	tap_err(kop(fd, &k), -EFAULT, "CIOCKEY: the output at a bad address");
	k.crk_param[3] = (struct crparam){ out, 0 };
	b[2][1] = 1;	/* 261: the result may need 2 bytes */
	k.crk_param[2].crp_nbits = 16;
	tap_err(kop(fd, &k), -ENOSPC, "CIOCKEY: a 0-bit output buffer");
	tap_err(xioctl(fd, CIOCKEY, (void *)8), -EFAULT,
		"CIOCKEY: argument at a bad address");
	tap_ok(!xioctl(fd, CIOCASYMFEAT, &feat) &&
	       feat == (CRF_MOD_EXP | CRF_MOD_EXP_CRT | CRF_DSA_SIGN |
			CRF_DSA_VERIFY | CRF_DH_COMPUTE_KEY),
	       "CIOCASYMFEAT: all five operations (%#x)", feat);
}

void t_kop(int fd, struct rng *r)
{
	mod_exp(fd, r);
	crt(fd);
	dh(fd);
	dsa(fd);
	bad(fd);
}
