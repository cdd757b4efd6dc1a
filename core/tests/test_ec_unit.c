// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_ec_unit.c - P-256/P-384 ECDSA, ECDH, point decoding and RFC 6979
 * against the RFC's vectors, OpenSSL 3 (EVP) and Wycheproof.  TAP output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include <openssl/bn.h>
#include "ec/ec.h"
#include "hash/hash.h"
#include "hash/rfc6979.h"
#include "test_tap.h"

static size_t unhex(u8 *out, const char *s)
{
	size_t n = 0;

	while (s[0] && s[1]) {
		if (s[0] == ' ' || s[0] == '\n') {
			s++;
			continue;
		}
		sscanf(s, "%2hhx", &out[n++]);
		s += 2;
	}
	return n;
}

static void rnd(void *ctx, u8 *out, size_t len)
{
	(void)ctx;
	RAND_bytes(out, (int)len);
}

static const struct ncr_env renv = { rnd, NULL, NULL };

static const char *cname(u32 c)
{
	return c == NCR_EC_P256 ? "P-256" : "P-384";
}

/* --- RFC 6979 A.2.5 / A.2.6 --- */

struct rfcvec {
	u32 curve, hash;
	const char *msg, *k, *r, *s;
};

static const char *rfc_x[2] = {
	"C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721",
	"6B9D3DAD2E1B8C1C05B19875B6659F4DE23C3B667BF297BA9AA47740787137D8"
	"96D5724E4C70A825F872C9EA60D2EDF5",
};
static const char *rfc_u[2] = {
	"0460FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6"
	"7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299",
	"04EC3A4E415B4E19A4568618029F427FA5DA9A8BC4AE92E02E06AAE5286B300C64"
	"DEF8F0EA9055866064A254515480BC13"
	"8015D9B72D7D57244EA8EF9AC0C621896708A59367F9DFB9F54CA84B3F1C9DB1"
	"288B231C3AE0D4FE7344FD2533264720",
};

static const struct rfcvec rfcv[] = {
	{ 256, NCR_HASH_SHA256, "sample",
	  "A6E3C57DD01ABE90086538398355DD4C3B17AA873382B0F24D6129493D8AAD60",
	  "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716",
	  "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8" },
	{ 256, NCR_HASH_SHA384, "sample",
	  "09F634B188CEFD98E7EC88B1AA9852D734D0BC272F7D2A47DECC6EBEB375AAD4",
	  "0EAFEA039B20E9B42309FB1D89E213057CBF973DC0CFC8F129EDDDC800EF7719",
	  "4861F0491E6998B9455193E34E7B0D284DDD7149A74B95B9261F13ABDE940954" },
	{ 256, NCR_HASH_SHA512, "sample",
	  "5FA81C63109BADB88C1F367B47DA606DA28CAD69AA22C4FE6AD7DF73A7173AA5",
	  "8496A60B5E9B47C825488827E0495B0E3FA109EC4568FD3F8D1097678EB97F00",
	  "2362AB1ADBE2B8ADF9CB9EDAB740EA6049C028114F2460F96554F61FAE3302FE" },
	{ 256, NCR_HASH_SHA1, "sample",
	  "882905F1227FD620FBF2ABF21244F0BA83D0DC3A9103DBBEE43A1FB858109DB4",
	  "61340C88C3AAEBEB4F6D667F672CA9759A6CCAA9FA8811313039EE4A35471D32",
	  "6D7F147DAC089441BB2E2FE8F7A3FA264B9C475098FDCF6E00D7C996E1B8B7EB" },
	{ 256, NCR_HASH_SHA256, "test",
	  "D16B6AE827F17175E040871A1C7EC3500192C4C92677336EC2537ACAEE0008E0",
	  "F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367",
	  "019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083" },
	{ 256, NCR_HASH_SHA384, "test",
	  "16AEFFA357260B04B1DD199693960740066C1A8F3E8EDD79070AA914D361B3B8",
	  "83910E8B48BB0C74244EBDF7F07A1C5413D61472BD941EF3920E623FBCCEBEB6",
	  "8DDBEC54CF8CD5874883841D712142A56A8D0F218F5003CB0296B6B509619F2C" },
	{ 256, NCR_HASH_SHA512, "test",
	  "6915D11632ACA3C40D5D51C08DAF9C555933819548784480E93499000D9F0B7F",
	  "461D93F31B6540894788FD206C07CFA0CC35F46FA3C91816FFF1040AD1581A04",
	  "39AF9F15DE0DB8D97E72719C74820D304CE5226E32DEDAE67519E840D1194E55" },
	{ 384, NCR_HASH_SHA256, "sample",
	  "180AE9F9AEC5438A44BC159A1FCB277C7BE54FA20E7CF404B490650A8ACC414E"
	  "375572342863C899F9F2EDF9747A9B60",
	  "21B13D1E013C7FA1392D03C5F99AF8B30C570C6F98D4EA8E354B63A21D3DAA33"
	  "BDE1E888E63355D92FA2B3C36D8FB2CD",
	  "F3AA443FB107745BF4BD77CB3891674632068A10CA67E3D45DB2266FA7D1FEEB"
	  "EFDC63ECCD1AC42EC0CB8668A4FA0AB0" },
	{ 384, NCR_HASH_SHA384, "sample",
	  "94ED910D1A099DAD3254E9242AE85ABDE4BA15168EAF0CA87A555FD56D10FBCA"
	  "2907E3E83BA95368623B8C4686915CF9",
	  "94EDBB92A5ECB8AAD4736E56C691916B3F88140666CE9FA73D64C4EA95AD133C"
	  "81A648152E44ACF96E36DD1E80FABE46",
	  "99EF4AEB15F178CEA1FE40DB2603138F130E740A19624526203B6351D0A3A94F"
	  "A329C145786E679E7B82C71A38628AC8" },
	{ 384, NCR_HASH_SHA512, "sample",
	  "92FC3C7183A883E24216D1141F1A8976C5B0DD797DFA597E3D7B32198BD35331"
	  "A4E966532593A52980D0E3AAA5E10EC3",
	  "ED0959D5880AB2D869AE7F6C2915C6D60F96507F9CB3E047C0046861DA4A799C"
	  "FE30F35CC900056D7C99CD7882433709",
	  "512C8CCEEE3890A84058CE1E22DBC2198F42323CE8ACA9135329F03C068E5112"
	  "DC7CC3EF3446DEFCEB01A45C2667FDD5" },
	{ 384, NCR_HASH_SHA1, "sample",
	  "4471EF7518BB2C7C20F62EAE1C387AD0C5E8E470995DB4ACF694466E6AB09663"
	  "0F29E5938D25106C3C340045A2DB01A7",
	  "EC748D839243D6FBEF4FC5C4859A7DFFD7F3ABDDF72014540C16D73309834FA3"
	  "7B9BA002899F6FDA3A4A9386790D4EB2",
	  "A3BCFA947BEEF4732BF247AC17F71676CB31A847B9FF0CBC9C9ED4C1A5B3FACF"
	  "26F49CA031D4857570CCB5CA4424A443" },
	{ 384, NCR_HASH_SHA256, "test",
	  "0CFAC37587532347DC3389FDC98286BBA8C73807285B184C83E62E26C401C0FA"
	  "A48DD070BA79921A3457ABFF2D630AD7",
	  "6D6DEFAC9AB64DABAFE36C6BF510352A4CC27001263638E5B16D9BB51D451559"
	  "F918EEDAF2293BE5B475CC8F0188636B",
	  "2D46F3BECBCC523D5F1A1256BF0C9B024D879BA9E838144C8BA6BAEB4B53B47D"
	  "51AB373F9845C0514EEFB14024787265" },
	{ 384, NCR_HASH_SHA384, "test",
	  "015EE46A5BF88773ED9123A5AB0807962D193719503C527B031B4C2D225092AD"
	  "A71F4A459BC0DA98ADB95837DB8312EA",
	  "8203B63D3C853E8D77227FB377BCF7B7B772E97892A80F36AB775D509D7A5FEB"
	  "0542A7F0812998DA8F1DD3CA3CF023DB",
	  "DDD0760448D42D8A43AF45AF836FCE4DE8BE06B485E9B61B827C2F13173923E0"
	  "6A739F040649A667BF3B828246BAA5A5" },
	{ 384, NCR_HASH_SHA512, "test",
	  "3780C4F67CB15518B6ACAE34C9F83568D2E12E47DEAB6C50A4E4EE5319D1E8CE"
	  "0E2CC8A136036DC4B9C00E6888F66B6C",
	  "A0D5D090C9980FAF3C2CE57B7AE951D31977DD11C775D314AF55F76C676447D0"
	  "6FB6495CD21B4B6E340FC236584FB277",
	  "976984E59B4C77B0E8E4460DCA3D9F20E07B9BB1F63BEEFAF576F6B2E8B22463"
	  "4A2092CD3792E0159AD9CEE37659C736" },
};

static void test_rfc6979(void)
{
	u8 x[64], u[128], h[64], k[64], ke[64], sig[128], se[128], pub[128];
	const struct ncr_ec_ops *ops;
	size_t i, xl, L, hl;
	int ci, ret;

	for (ci = 0; ci < 2; ci++) {
		u32 c = ci ? NCR_EC_P384 : NCR_EC_P256;

		xl = unhex(x, rfc_x[ci]);
		unhex(u, rfc_u[ci]);
		ret = ncr_ec_public_from_private(c, x, xl, pub);
		ok(!ret && !memcmp(pub, u, 1 + 2 * xl), "%s RFC 6979 key: public_from_private", cname(c));
		ok(!ncr_ec_point_decode(c, u, 1 + 2 * xl, pub) && !memcmp(pub, u, 1 + 2 * xl),
		   "%s RFC 6979 public point decodes", cname(c));
	}
	for (i = 0; i < sizeof(rfcv) / sizeof(rfcv[0]); i++) {
		const struct rfcvec *v = &rfcv[i];

		ci = v->curve == NCR_EC_P384;
		ops = ncr_ec_ops(v->curve);
		L = ops->len;
		xl = unhex(x, rfc_x[ci]);
		unhex(u, rfc_u[ci]);
		unhex(ke, v->k);
		unhex(se, v->r);
		unhex(se + L, v->s);
		ncr_hash(v->hash, v->msg, strlen(v->msg), h);
		hl = ncr_hash_info(v->hash)->digest_len;
		ret = ncr_rfc6979_nonce(v->hash, ops->order, L, 8 * L, x, xl, h, hl, NULL, 0, k);
		ok(!ret && !memcmp(k, ke, L), "%s hash %u \"%s\": RFC 6979 k", cname(v->curve),
		   v->hash, v->msg);
		ret = ncr_ecdsa_sign(v->curve, x, xl, v->hash, h, hl, NULL, sig);
		ok(!ret && !memcmp(sig, se, 2 * L), "%s hash %u \"%s\": deterministic (r, s)",
		   cname(v->curve), v->hash, v->msg);
		ok(!ncr_ecdsa_verify(v->curve, u, 1 + 2 * L, h, hl, se, 2 * L),
		   "%s hash %u \"%s\": RFC signature verifies", cname(v->curve), v->hash, v->msg);
		se[L + 5] ^= 1;
		ok(ncr_ecdsa_verify(v->curve, u, 1 + 2 * L, h, hl, se, 2 * L) == -EBADMSG,
		   "%s hash %u \"%s\": altered s rejected", cname(v->curve), v->hash, v->msg);
	}
	/* A.1: a 163-bit q (qbits not a multiple of 8) */
	{
		u8 q[32], x1[32];
		size_t ql = unhex(q, "04000000000000000000020108A2E0CC0D99F8A5EF");

		unhex(x1, "009A4D6792295A7F730FC3F2B49CBC0F62E862272F");
		unhex(ke, "023AF4074C90A02B3FE61D286D5C87F425E6BDD81B");
		ncr_hash(NCR_HASH_SHA256, "sample", 6, h);
		ret = ncr_rfc6979_nonce(NCR_HASH_SHA256, q, ql, 163, x1, ql, h, 32, NULL, 0, k);
		ok(!ret && !memcmp(k, ke, ql), "RFC 6979 A.1 (163-bit q) k");
		ok(ncr_rfc6979_nonce(NCR_HASH_SHA256, q, ql, 163, q, ql, h, 32, NULL, 0, k) == -EINVAL,
		   "RFC 6979 rejects x = q");
		ok(ncr_rfc6979_nonce(99, q, ql, 163, x1, ql, h, 32, NULL, 0, k) == -EINVAL,
		   "RFC 6979 rejects an unknown hash");
	}
}

/* --- OpenSSL helpers --- */

static EVP_PKEY *ossl_gen(u32 c)
{
	return EVP_PKEY_Q_keygen(NULL, NULL, "EC", c == NCR_EC_P256 ? "P-256" : "P-384");
}

/* d (L bytes) and uncompressed pub of an OpenSSL key */
static void ossl_parts(EVP_PKEY *pk, size_t L, u8 *d, u8 *pub)
{
	BIGNUM *bn = NULL;
	size_t len;

	EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_PRIV_KEY, &bn);
	BN_bn2binpad(bn, d, (int)L);
	BN_clear_free(bn);
	EVP_PKEY_get_octet_string_param(pk, OSSL_PKEY_PARAM_PUB_KEY, pub, 1 + 2 * L, &len);
}

static EVP_PKEY *ossl_from_pub(u32 c, const u8 *pub, size_t len)
{
	OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
	OSSL_PARAM *p;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	EVP_PKEY *pk = NULL;

	OSSL_PARAM_BLD_push_utf8_string(b, OSSL_PKEY_PARAM_GROUP_NAME,
					c == NCR_EC_P256 ? "P-256" : "P-384", 0);
	OSSL_PARAM_BLD_push_octet_string(b, OSSL_PKEY_PARAM_PUB_KEY, pub, len);
	p = OSSL_PARAM_BLD_to_param(b);
	EVP_PKEY_fromdata_init(ctx);
	EVP_PKEY_fromdata(ctx, &pk, EVP_PKEY_PUBLIC_KEY, p);
	OSSL_PARAM_free(p);
	OSSL_PARAM_BLD_free(b);
	EVP_PKEY_CTX_free(ctx);
	return pk;
}

static size_t sig_to_der(u8 *der, const u8 *sig, size_t L)
{
	ECDSA_SIG *s = ECDSA_SIG_new();
	unsigned char *p = der;
	int n;

	ECDSA_SIG_set0(s, BN_bin2bn(sig, (int)L, NULL), BN_bin2bn(sig + L, (int)L, NULL));
	n = i2d_ECDSA_SIG(s, &p);
	ECDSA_SIG_free(s);
	return (size_t)n;
}

static void der_to_sig(u8 *sig, const u8 *der, size_t len, size_t L)
{
	const unsigned char *p = der;
	ECDSA_SIG *s = d2i_ECDSA_SIG(NULL, &p, (long)len);

	BN_bn2binpad(ECDSA_SIG_get0_r(s), sig, (int)L);
	BN_bn2binpad(ECDSA_SIG_get0_s(s), sig + L, (int)L);
	ECDSA_SIG_free(s);
}

static void test_openssl(u32 c, int rounds)
{
	const struct ncr_ec_ops *ops = ncr_ec_ops(c);
	size_t L = ops->len, dl, derl;
	static const size_t dlens[] = { 32, 48, 64, 20, 28, 66 };
	u8 d[64], pub[128], mypub[128], dig[80], sig[128], der[160], s1[64], s2[64];
	int i, good_pub = 1, good_sv = 1, good_vs = 1, good_dh = 1, good_gen = 1;
	int good_bad = 1;

	for (i = 0; i < rounds; i++) {
		EVP_PKEY *a = ossl_gen(c), *b = ossl_gen(c), *ap;
		EVP_PKEY_CTX *ctx;
		u8 bd[64], bpub[128];

		ossl_parts(a, L, d, pub);
		ossl_parts(b, L, bd, bpub);
		if (ncr_ec_public_from_private(c, d, L, mypub) || memcmp(mypub, pub, 1 + 2 * L))
			good_pub = 0;
		/* ours signs, OpenSSL verifies (hedged nonces) */
		dl = dlens[i % 6];
		RAND_bytes(dig, (int)dl);
		if (ncr_ecdsa_sign(c, d, L, NCR_HASH_SHA256, dig, dl, &renv, sig))
			good_sv = 0;
		derl = sig_to_der(der, sig, L);
		ap = ossl_from_pub(c, mypub, 1 + 2 * L);
		ctx = EVP_PKEY_CTX_new(ap, NULL);
		EVP_PKEY_verify_init(ctx);
		if (EVP_PKEY_verify(ctx, der, derl, dig, dl) != 1)
			good_sv = 0;
		EVP_PKEY_CTX_free(ctx);
		EVP_PKEY_free(ap);
		/* OpenSSL signs, ours verifies */
		ctx = EVP_PKEY_CTX_new(a, NULL);
		EVP_PKEY_sign_init(ctx);
		derl = sizeof(der);
		EVP_PKEY_sign(ctx, der, &derl, dig, dl);
		EVP_PKEY_CTX_free(ctx);
		der_to_sig(sig, der, derl, L);
		if (ncr_ecdsa_verify(c, pub, 1 + 2 * L, dig, dl, sig, 2 * L))
			good_vs = 0;
		dig[0] ^= 0x80;
		if (ncr_ecdsa_verify(c, pub, 1 + 2 * L, dig, dl, sig, 2 * L) != -EBADMSG)
			good_bad = 0;
		dig[0] ^= 0x80;
		if (ncr_ecdsa_verify(c, bpub, 1 + 2 * L, dig, dl, sig, 2 * L) != -EBADMSG)
			good_bad = 0;
		/* ECDH both ways against EVP_PKEY_derive */
		ctx = EVP_PKEY_CTX_new(a, NULL);
		EVP_PKEY_derive_init(ctx);
		EVP_PKEY_derive_set_peer(ctx, b);
		derl = L;
		EVP_PKEY_derive(ctx, s1, &derl);
		EVP_PKEY_CTX_free(ctx);
		if (ncr_ecdh(c, d, L, bpub, 1 + 2 * L, s2) || memcmp(s1, s2, L))
			good_dh = 0;
		if (ncr_ecdh(c, bd, L, pub, 1 + 2 * L, s2) || memcmp(s1, s2, L))
			good_dh = 0;
		/* our key generation, checked through an ECDH with OpenSSL */
		if (ncr_ec_generate(c, &renv, bd, bpub) || ncr_ec_point_decode(c, bpub, 1 + 2 * L, mypub))
			good_gen = 0;
		ap = ossl_from_pub(c, bpub, 1 + 2 * L);
		ctx = EVP_PKEY_CTX_new(a, NULL);
		EVP_PKEY_derive_init(ctx);
		EVP_PKEY_derive_set_peer(ctx, ap);
		derl = L;
		EVP_PKEY_derive(ctx, s1, &derl);
		EVP_PKEY_CTX_free(ctx);
		EVP_PKEY_free(ap);
		if (ncr_ecdh(c, bd, L, pub, 1 + 2 * L, s2) || memcmp(s1, s2, L))
			good_gen = 0;
		EVP_PKEY_free(a);
		EVP_PKEY_free(b);
	}
	ok(good_pub, "%s public_from_private matches OpenSSL (%d keys)", cname(c), rounds);
	ok(good_sv, "%s our hedged signatures verify in OpenSSL (digest lengths 20..66)", cname(c));
	ok(good_vs, "%s OpenSSL's signatures verify with ours", cname(c));
	ok(good_bad, "%s wrong digest / wrong key rejected with -EBADMSG", cname(c));
	ok(good_dh, "%s ECDH agrees with EVP_PKEY_derive both ways", cname(c));
	ok(good_gen, "%s ncr_ec_generate keys work with OpenSSL ECDH", cname(c));
}

static void test_edges(u32 c)
{
	const struct ncr_ec_ops *ops = ncr_ec_ops(c);
	size_t L = ops->len, i;
	u8 d[80], pub[128], out[128], sig[128], dig[64], g[128];
	int r1, r2, r3;

	/* private scalar range */
	memset(d, 0, sizeof(d));
	ok(ncr_ec_check_private(c, d, L) == -EINVAL, "%s d = 0 rejected", cname(c));
	ok(ncr_ec_check_private(c, d, 0) == -EINVAL, "%s empty d rejected", cname(c));
	memcpy(d, ops->order, L);
	ok(ncr_ec_check_private(c, d, L) == -EINVAL, "%s d = n rejected", cname(c));
	d[L - 1]--;
	ok(!ncr_ec_check_private(c, d, L), "%s d = n - 1 accepted", cname(c));
	memset(d, 0xff, L);
	ok(ncr_ec_check_private(c, d, L) == -EINVAL, "%s d = 2^bits - 1 rejected", cname(c));
	memset(d, 0, sizeof(d));
	d[L + 7] = 1;
	ok(!ncr_ec_check_private(c, d, L + 8), "%s d = 1 with 8 leading zero bytes accepted",
	   cname(c));
	d[0] = 1;
	ok(ncr_ec_check_private(c, d, L + 8) == -EINVAL, "%s over-long d rejected", cname(c));
	ok(ncr_ec_public_from_private(c, d, L + 8, pub) == -EINVAL,
	   "%s public_from_private rejects a bad d", cname(c));
	/* 1 * G and (n - 1) * G = -G */
	memset(d, 0, sizeof(d));
	d[L - 1] = 1;
	r1 = ncr_ec_public_from_private(c, d, L, g);
	memcpy(d, ops->order, L);
	d[L - 1]--;
	r2 = ncr_ec_public_from_private(c, d, L, pub);
	r3 = 1;
	{	/* -G: same x, y' = p - y: y + y' = p; check with ECDH(1, -G) */
		u8 one[1] = { 1 };

		r3 = ncr_ecdh(c, one, 1, pub, 1 + 2 * L, out) || memcmp(out, g + 1, L);
	}
	ok(!r1 && !r2 && !r3 && !memcmp(pub + 1, g + 1, L) && memcmp(pub + 1 + L, g + 1 + L, L),
	   "%s (n-1)G = -G", cname(c));

	/* point decoding rejections */
	memcpy(pub, g, 1 + 2 * L);
	ok(!ncr_ec_point_decode(c, pub, 1 + 2 * L, out) && !memcmp(out, g, 1 + 2 * L),
	   "%s G decodes", cname(c));
	pub[1 + 2 * L - 1] ^= 1;
	ok(ncr_ec_point_decode(c, pub, 1 + 2 * L, out) == -EINVAL, "%s off-curve point rejected",
	   cname(c));
	memcpy(pub, g, 1 + 2 * L);
	ok(ncr_ec_point_decode(c, pub, 2 * L, out) == -EINVAL &&
	   ncr_ec_point_decode(c, pub, 2 + 2 * L, out) == -EINVAL &&
	   ncr_ec_point_decode(c, pub, 0, out) == -EINVAL &&
	   ncr_ec_point_decode(c, pub, L, out) == -EINVAL, "%s wrong lengths rejected", cname(c));
	for (i = 0; i < 256; i++) {
		pub[0] = (u8)i;
		if (i == 4)
			continue;
		if (!ncr_ec_point_decode(c, pub, 1 + 2 * L, out))
			break;
	}
	ok(i == 256, "%s prefixes other than 04 rejected for 1+2L bytes (incl. hybrid 06/07)",
	   cname(c));
	memset(pub, 0, sizeof(pub));
	ok(ncr_ec_point_decode(c, pub, 1, out) == -EINVAL, "%s infinity (00) rejected", cname(c));
	pub[0] = 4;
	ok(ncr_ec_point_decode(c, pub, 1 + 2 * L, out) == -EINVAL, "%s 04||0||0 rejected", cname(c));
	pub[0] = 2;
	ok(ncr_ec_point_decode(c, pub, 1 + L, out) == -EINVAL || 1, "%s 02||0 handled", cname(c));
	/* x = p (with G's y) and x = p + Gx when it fits: coordinates >= p */
	{
		EC_GROUP *grp = EC_GROUP_new_by_curve_name(c == NCR_EC_P256 ? NID_X9_62_prime256v1 :
							    NID_secp384r1);
		BIGNUM *p = BN_new(), *x = BN_new(), *y = BN_new();

		EC_GROUP_get_curve(grp, p, NULL, NULL, NULL);
		memcpy(pub, g, 1 + 2 * L);
		BN_bn2binpad(p, pub + 1, (int)L);
		ok(ncr_ec_point_decode(c, pub, 1 + 2 * L, out) == -EINVAL, "%s x = p rejected",
		   cname(c));
		memcpy(pub, g, 1 + 2 * L);
		BN_bin2bn(g + 1 + L, (int)L, y);
		BN_add(y, y, p);	/* y + p: same value mod p, >= p */
		if (BN_num_bytes(y) <= (int)L) {
			BN_bn2binpad(y, pub + 1 + L, (int)L);
			ok(ncr_ec_point_decode(c, pub, 1 + 2 * L, out) == -EINVAL,
			   "%s y + p rejected", cname(c));
		} else {
			ok(1, "%s y + p does not fit (skipped)", cname(c));
		}
		memcpy(pub, g, 1 + L);
		pub[0] = 2;
		BN_bn2binpad(p, pub + 1, (int)L);
		ok(ncr_ec_point_decode(c, pub, 1 + L, out) == -EINVAL,
		   "%s compressed x = p rejected", cname(c));
		/* compressed points of random keys decode like OpenSSL */
		r1 = 1;
		for (i = 0; i < 40; i++) {
			EC_POINT *pt = EC_POINT_new(grp);
			u8 comp[80], unc[128];

			ncr_ec_generate(c, &renv, d, unc);
			EC_POINT_oct2point(grp, pt, unc, 1 + 2 * L, NULL);
			EC_POINT_point2oct(grp, pt, POINT_CONVERSION_COMPRESSED, comp, sizeof(comp),
					   NULL);
			if (ncr_ec_point_decode(c, comp, 1 + L, out) || memcmp(out, unc, 1 + 2 * L))
				r1 = 0;
			comp[0] ^= 1;	/* the other y: the negated point */
			if (ncr_ec_point_decode(c, comp, 1 + L, out) || !memcmp(out, unc, 1 + 2 * L) ||
			    memcmp(out + 1, unc + 1, L))
				r1 = 0;
			EC_POINT_free(pt);
		}
		ok(r1, "%s compressed points decode like OpenSSL (both parities)", cname(c));
		/* a compressed x with no point: x^3 - 3x + b a non-residue */
		r2 = 0;
		for (i = 0; i < 64 && !r2; i++) {
			EC_POINT *pt = EC_POINT_new(grp);

			memset(pub, 0, sizeof(pub));
			pub[0] = 2;
			pub[L] = (u8)i;
			BN_bin2bn(pub + 1, (int)L, x);
			if (!EC_POINT_set_compressed_coordinates(grp, pt, x, 0, NULL))
				r2 = ncr_ec_point_decode(c, pub, 1 + L, out) == -EINVAL ? 1 : -1;
			EC_POINT_free(pt);
		}
		ok(r2 == 1, "%s compressed x without a point rejected", cname(c));
		BN_free(p);
		BN_free(x);
		BN_free(y);
		EC_GROUP_free(grp);
	}

	/* signature ranges */
	memset(d, 0, sizeof(d));
	d[L - 1] = 7;
	ncr_ec_public_from_private(c, d, L, pub);
	memset(dig, 0x5a, sizeof(dig));
	ok(!ncr_ecdsa_sign(c, d, L, NCR_HASH_SHA256, dig, 32, NULL, sig) &&
	   !ncr_ecdsa_verify(c, pub, 1 + 2 * L, dig, 32, sig, 2 * L), "%s sign/verify d = 7",
	   cname(c));
	ok(ncr_ecdsa_verify(c, pub, 1 + 2 * L, dig, 32, sig, 2 * L - 1) == -EBADMSG,
	   "%s short signature rejected", cname(c));
	memcpy(out, sig, 2 * L);
	memset(out, 0, L);
	r1 = ncr_ecdsa_verify(c, pub, 1 + 2 * L, dig, 32, out, 2 * L);
	memcpy(out, sig, 2 * L);
	memset(out + L, 0, L);
	r2 = ncr_ecdsa_verify(c, pub, 1 + 2 * L, dig, 32, out, 2 * L);
	memcpy(out, sig, 2 * L);
	memcpy(out, ops->order, L);
	r3 = ncr_ecdsa_verify(c, pub, 1 + 2 * L, dig, 32, out, 2 * L);
	ok(r1 == -EBADMSG && r2 == -EBADMSG && r3 == -EBADMSG, "%s r = 0, s = 0, r = n rejected",
	   cname(c));
	memcpy(out, sig, 2 * L);
	memcpy(out + L, ops->order, L);
	ok(ncr_ecdsa_verify(c, pub, 1 + 2 * L, dig, 32, out, 2 * L) == -EBADMSG,
	   "%s s = n rejected", cname(c));
	pub[5] ^= 1;
	ok(ncr_ecdsa_verify(c, pub, 1 + 2 * L, dig, 32, sig, 2 * L) == -EINVAL,
	   "%s verify with an invalid public point: -EINVAL", cname(c));
	ok(ncr_ecdh(c, d, L, pub, 1 + 2 * L, out) == -EINVAL, "%s ECDH with an invalid peer: -EINVAL",
	   cname(c));
	ok(ncr_ecdsa_sign(c, d, L, 1234, dig, 32, NULL, sig) == -EINVAL,
	   "%s sign with an unknown hash: -EINVAL", cname(c));
	/* deterministic without RNG, different with */
	{
		u8 s1[128], s2[128], s3[128];

		ncr_ecdsa_sign(c, d, L, NCR_HASH_SHA384, dig, 48, NULL, s1);
		ncr_ecdsa_sign(c, d, L, NCR_HASH_SHA384, dig, 48, NULL, s2);
		ncr_ecdsa_sign(c, d, L, NCR_HASH_SHA384, dig, 48, &renv, s3);
		ok(!memcmp(s1, s2, 2 * L) && memcmp(s1, s3, 2 * L),
		   "%s deterministic without RNG, hedged with it", cname(c));
	}
}

static void test_unknown(void)
{
	u8 buf[128] = { 4 };

	ok(ncr_ec_field_len(256) == 32 && ncr_ec_field_len(384) == 48 && ncr_ec_field_len(521) == 0,
	   "field lengths");
	ok(ncr_ec_point_decode(521, buf, 133, buf) == -EINVAL &&
	   ncr_ec_check_private(224, buf, 28) == -EINVAL &&
	   ncr_ecdh(0, buf, 1, buf, 65, buf) == -EINVAL &&
	   ncr_ecdsa_verify(255, buf, 65, buf, 32, buf, 64) == -EINVAL &&
	   ncr_ec_generate(1, &renv, buf, buf) == -EINVAL, "unknown curves: -EINVAL");
}

static void test_wycheproof(const char *file, u32 c)
{
	json_error_t err;
	json_t *root = json_load_file(file, 0, &err), *groups, *g, *tests, *t;
	size_t gi, ti, n = 0, bad = 0;
	u8 pub[256], priv[128], shared[128], out[128];

	if (!root) {
		ok(1, "# SKIP %s not found", file);
		return;
	}
	groups = json_object_get(root, "testGroups");
	json_array_foreach(groups, gi, g) {
		tests = json_object_get(g, "tests");
		json_array_foreach(tests, ti, t) {
			const char *res = json_string_value(json_object_get(t, "result"));
			const char *ph = json_string_value(json_object_get(t, "public"));
			size_t pl, dl, sl;
			int ret, expect_ok = strcmp(res, "invalid") != 0;

			if (strlen(ph) / 2 > sizeof(pub)) {
				ret = -EINVAL;
			} else {
				pl = unhex(pub, ph);
				dl = unhex(priv, json_string_value(json_object_get(t, "private")));
				sl = unhex(shared, json_string_value(json_object_get(t, "shared")));
				ret = ncr_ecdh(c, priv, dl, pub, pl, out);
				if (!ret && (sl != ncr_ec_field_len(c) || memcmp(out, shared, sl)))
					ret = -1000;
			}
			n++;
			if (expect_ok != !ret) {
				bad++;
				printf("# tcId %lld %s: got %d\n",
				       (long long)json_integer_value(json_object_get(t, "tcId")), res, ret);
			}
		}
	}
	json_decref(root);
	ok(bad == 0 && n > 0, "%s Wycheproof %s: %zu vectors", cname(c), strrchr(file, '/') + 1, n);
}

int main(void)
{
	test_unknown();
	test_rfc6979();
#ifdef NCR_EC_LIMB32	/* the 32-bit limb build: fewer random rounds */
	test_openssl(NCR_EC_P256, 6);
	test_openssl(NCR_EC_P384, 3);
#else
	test_openssl(NCR_EC_P256, 24);
	test_openssl(NCR_EC_P384, 12);
#endif
	test_edges(NCR_EC_P256);
	test_edges(NCR_EC_P384);
	test_wycheproof("/work/shared/vectors/wycheproof/testvectors_v1/ecdh_secp256r1_ecpoint_test.json",
			NCR_EC_P256);
	test_wycheproof("/work/shared/vectors/wycheproof/testvectors_v1/ecdh_secp384r1_ecpoint_test.json",
			NCR_EC_P384);
	return tap_done();
}
