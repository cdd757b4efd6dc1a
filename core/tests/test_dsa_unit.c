// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_dsa_unit.c - core/dlog/dsa.c, dsa_paramgen.c, dh.c, dh_groups.c against
 * OpenSSL 3 (EVP_PKEY_fromdata keys, EVP_PKEY_sign/verify/derive,
 * EVP_PKEY_param_check) and the RFC 6979 A.2.2 DSA-2048 vectors.  TAP.
 * NCR_TEST_SEED=n repeats a run's messages.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/dsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include "dlog/dsa.h"
#include "hash/hash.h"
#include "bn/prime.h"
#include "test_tap.h"

static u64 rs;
static u32 rnd(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return (u32)(rs >> 11);
}

static void env_rand(void *ctx, u8 *out, size_t len)
{
	(void)ctx;
	if (RAND_bytes(out, (int)len) != 1)
		abort();
}

static int yield_left;
static int yield_calls;
static int env_yield(void *ctx)
{
	(void)ctx;
	yield_calls++;
	return yield_left >= 0 && yield_left-- == 0;
}

static const struct ncr_env env = { env_rand, env_yield, NULL };

static void *scratch;

static size_t hex2bin(const char *h, u8 *out, size_t max)
{
	size_t n = 0;
	int hi = -1, v;

	for (; *h; h++) {
		if (*h >= '0' && *h <= '9')
			v = *h - '0';
		else if (*h >= 'a' && *h <= 'f')
			v = *h - 'a' + 10;
		else if (*h >= 'A' && *h <= 'F')
			v = *h - 'A' + 10;
		else
			continue;
		if (hi < 0) {
			hi = v;
		} else {
			if (n >= max)
				abort();
			out[n++] = (u8)(hi << 4 | v);
			hi = -1;
		}
	}
	return n;
}

/* --- RFC 6979 A.2.2: DSA, 2048 bits --- */
static const char *r2048_p =
	"9DB6FB5951B66BB6FE1E140F1D2CE5502374161FD6538DF1648218642F0B5C48"
	"C8F7A41AADFA187324B87674FA1822B00F1ECF8136943D7C55757264E5A1A44F"
	"FE012E9936E00C1D3E9310B01C7D179805D3058B2A9F4BB6F9716BFE6117C6B5"
	"B3CC4D9BE341104AD4A80AD6C94E005F4B993E14F091EB51743BF33050C38DE2"
	"35567E1B34C3D6A5C0CEAA1A0F368213C3D19843D0B4B09DCB9FC72D39C8DE41"
	"F1BF14D4BB4563CA28371621CAD3324B6A2D392145BEBFAC748805236F5CA2FE"
	"92B871CD8F9C36D3292B5509CA8CAA77A2ADFC7BFD77DDA6F71125A7456FEA15"
	"3E433256A2261C6A06ED3693797E7995FAD5AABBCFBE3EDA2741E375404AE25B";
static const char *r2048_q =
	"F2C3119374CE76C9356990B465374A17F23F9ED35089BD969F61C6DDE9998C1F";
static const char *r2048_g =
	"5C7FF6B06F8F143FE8288433493E4769C4D988ACE5BE25A0E24809670716C613"
	"D7B0CEE6932F8FAA7C44D2CB24523DA53FBE4F6EC3595892D1AA58C4328A06C4"
	"6A15662E7EAA703A1DECF8BBB2D05DBE2EB956C142A338661D10461C0D135472"
	"085057F3494309FFA73C611F78B32ADBB5740C361C9F35BE90997DB2014E2EF5"
	"AA61782F52ABEB8BD6432C4DD097BC5423B285DAFB60DC364E8161F4A2A35ACA"
	"3A10B1C4D203CC76A470A33AFDCBDD92959859ABD8B56E1725252D78EAC66E71"
	"BA9AE3F1DD2487199874393CD4D832186800654760E1E34C09E4D155179F9EC0"
	"DC4473F996BDCE6EED1CABED8B6F116F7AD9CF505DF0F998E34AB27514B0FFE7";
static const char *r2048_x =
	"69C7548C21D0DFEA6B9A51C9EAD4E27C33D3B3F180316E5BCAB92C933F0E4DBC";
static const char *r2048_y =
	"667098C654426C78D7F8201EAC6C203EF030D43605032C2F1FA937E5237DBD94"
	"9F34A0A2564FE126DC8B715C5141802CE0979C8246463C40E6B6BDAA2513FA61"
	"1728716C2E4FD53BC95B89E69949D96512E873B9C8F8DFD499CC312882561ADE"
	"CB31F658E934C0C197F2C4D96B05CBAD67381E7B768891E4DA3843D24D94CDFB"
	"5126E9B8BF21E8358EE0E0A30EF13FD6A664C0DCE3731F7FB49A4845A4FD8254"
	"687972A2D382599C9BAC4E0ED7998193078913032558134976410B89D2C171D1"
	"23AC35FD977219597AA7D15C1A9A428E59194F75C721EBCBCFAE44696A499AFA"
	"74E04299F132026601638CB87AB79190D4A0986315DA8EEC6561C938996BEADF";

static const struct {
	const char *msg;
	u32 hash;
	const char *md;
	const char *r, *s;
} rfc6979_sigs[] = {
	{ "sample", NCR_HASH_SHA1, "SHA1",
	  "3A1B2DBD7489D6ED7E608FD036C83AF396E290DBD602408E8677DAABD6E7445A",
	  "D26FCBA19FA3E3058FFC02CA1596CDBB6E0D20CB37B06054F7E36DED0CDBBCCF" },
	{ "sample", NCR_HASH_SHA224, "SHA224",
	  "DC9F4DEADA8D8FF588E98FED0AB690FFCE858DC8C79376450EB6B76C24537E2C",
	  "A65A9C3BC7BABE286B195D5DA68616DA8D47FA0097F36DD19F517327DC848CEC" },
	{ "sample", NCR_HASH_SHA256, "SHA256",
	  "EACE8BDBBE353C432A795D9EC556C6D021F7A03F42C36E9BC87E4AC7932CC809",
	  "7081E175455F9247B812B74583E9E94F9EA79BD640DC962533B0680793A38D53" },
	{ "sample", NCR_HASH_SHA384, "SHA384",
	  "B2DA945E91858834FD9BF616EBAC151EDBC4B45D27D0DD4A7F6A22739F45C00B",
	  "19048B63D9FD6BCA1D9BAE3664E1BCB97F7276C306130969F63F38FA8319021B" },
	{ "sample", NCR_HASH_SHA512, "SHA512",
	  "2016ED092DC5FB669B8EFB3D1F31A91EECB199879BE0CF78F02BA062CB4C942E",
	  "D0C76F84B5F091E141572A639A4FB8C230807EEA7D55C8A154A224400AFF2351" },
	{ "test", NCR_HASH_SHA1, "SHA1",
	  "C18270A93CFC6063F57A4DFA86024F700D980E4CF4E2CB65A504397273D98EA0",
	  "414F22E5F31A8B6D33295C7539C1C1BA3A6160D7D68D50AC0D3A5BEAC2884FAA" },
	{ "test", NCR_HASH_SHA224, "SHA224",
	  "272ABA31572F6CC55E30BF616B7A265312018DD325BE031BE0CC82AA17870EA3",
	  "E9CC286A52CCE201586722D36D1E917EB96A4EBDB47932F9576AC645B3A60806" },
	{ "test", NCR_HASH_SHA256, "SHA256",
	  "8190012A1969F9957D56FCCAAD223186F423398D58EF5B3CEFD5A4146A4476F0",
	  "7452A53F7075D417B4B013B278D1BB8BBD21863F5E7B1CEE679CF2188E1AB19E" },
	{ "test", NCR_HASH_SHA384, "SHA384",
	  "239E66DDBE8F8C230A3D071D601B6FFBDFB5901F94D444C6AF56F732BEB954BE",
	  "6BD737513D5E72FE85D1C750E0F73921FE299B945AAD1C802F15C26A43D34961" },
	{ "test", NCR_HASH_SHA512, "SHA512",
	  "89EC4BB1400ECCFF8E7D9AA515CD1DE7803F2DAFF09693EE7FD1353E90A68307",
	  "C9F0BDABCC0D880BB137A994CC7F3980CE91CC10FAF529FC46565B15CEA854E1" },
};

/* (3072, 256) parameters made by `openssl genpkey -genparam -algorithm DSA` */
static const char *ossl3072_p =
	"DC29EDDC80D10F4CA387338311D6BD7BCDA1C758A838C5B931E2DB787A3201F4"
	"F694DCF54283130EB5071C53E5ABABF9F4AFDE86FCA8F85D4CBD5F8629CE92EE"
	"40940CD429DF415E7F607CF9BCBDD084FF6852F58EE579BAE2157B04B7F1F3DC"
	"3851102DA1337F4F36FDE77EFFDD3433D1CCC92D3C808BD3E2EC3E7A9A1F7CF5"
	"F7A383375A2C3AEE10826FD569B7AB80EA01DB6CCBEED4AF800FD230899A0B59"
	"DAE2012DEC7C9A4F504D798C1BB05AB063D2BF572DB132CE08D536F09A2EEEDE"
	"C0992428D2FFBA2949E0F97AA92DB9B68F25A3A693547C5212E6777C17FC6A52"
	"155413FD3DC9A30F0BF8993A381B914E4D4786D7E976695C288655E91115A633"
	"1E8532510EB7BD02B9CD06C8197F002202F4E6A2C30D8A1448CADE98353BCC0E"
	"38D053FEC868C83779CF96FF34786F8CBCD297F8CDA1EAFAA32F50E7D70563A6"
	"D8CD9FE34DDBA00BF20DB96674924184FB943609A7ACE4558F7541293BDD2882"
	"D9A83E57D83D75A47BFF92D64721535EF56EACF1647D94428497277DF4980A43";

static const char *ossl3072_q =
	"CBF2A785D6389D23DB05DA346F2D1D2CEC94C3B0F6322CF11D2688F33B504CC5";

static const char *ossl3072_g =
	"5AB60D40531AC7A2B3058317A923729477A67EE37D36A8416C3C03E2E3ECFDEA"
	"3F5442B5E67691E13AF687381F92B27884649F4B5971157A49F71B2FEB5E9AE8"
	"B57CA80CD3547D5CC18961CB0FDB7E7F91B76A6368B2DF1452AE429ED17A916D"
	"3C5C362CFE3D47EEC8186E711D61183BE37B5405C6281E3703C7AA3A07325846"
	"955FAED751AD3E96C4B92EAC978FEF499CE18E8E3BC6B981DF88367365D8FDB3"
	"9FCAA46B9C67A5BE747EF7B50A8E50E65A175E970E3F77A47918B7AD9B427600"
	"A3438FC29EB00BB0CDF19D5EC4D5AA407CBDA3FB4809C4A24117C88BDC19F65C"
	"482EABED38A1A4F779BC65842DA71A09C9EB9C73F2C34A074CF658F9243956C8"
	"102FCA1564523BA522823D726FA589A6208B77672DF69B512EC7F0708F9760A4"
	"8A5CE2BFC3A07CFC5C1DFB44C51481AABC3F935A2CB893D1D8903DF94FE482F0"
	"D33EBC9AF94A20EEB092B0F71ED71918E761CD8CF45F44BB7D5C2DD9DB4477F0"
	"7E01029DEA5DCCBBECE0537DDDDDF944B699B47090D2B975FE146CE0BB9F30B2";

struct key {
	u8 p[1024], q[1024], g[1024], y[1024], x[1024];
	size_t plen, qlen, glen, ylen, xlen;
};

static struct ncr_dl_parts parts(const struct key *k)
{
	struct ncr_dl_parts d = {
		{ k->p, k->plen }, { k->q, k->qlen }, { k->g, k->glen },
		{ k->y, k->ylen }, { k->x, k->xlen },
	};
	return d;
}

/* OpenSSL key of `type` ("DSA"/"DH") from k; group: ffdhe name or NULL. */
static EVP_PKEY *ossl_key(const char *type, const struct key *k, const char *group)
{
	OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
	BIGNUM *bns[5] = { 0 };
	OSSL_PARAM *prm;
	EVP_PKEY_CTX *ctx;
	EVP_PKEY *pk = NULL;
	int sel = EVP_PKEY_KEY_PARAMETERS, nb = 0;

	if (group) {
		OSSL_PARAM_BLD_push_utf8_string(b, OSSL_PKEY_PARAM_GROUP_NAME, group, 0);
	} else {
		bns[nb] = BN_bin2bn(k->p, (int)k->plen, NULL);
		OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_FFC_P, bns[nb++]);
		if (k->qlen) {
			bns[nb] = BN_bin2bn(k->q, (int)k->qlen, NULL);
			OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_FFC_Q, bns[nb++]);
		}
		bns[nb] = BN_bin2bn(k->g, (int)k->glen, NULL);
		OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_FFC_G, bns[nb++]);
	}
	if (k->ylen) {
		bns[nb] = BN_bin2bn(k->y, (int)k->ylen, NULL);
		OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_PUB_KEY, bns[nb++]);
		sel = EVP_PKEY_PUBLIC_KEY;
	}
	if (k->xlen) {
		bns[nb] = BN_bin2bn(k->x, (int)k->xlen, NULL);
		OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_PRIV_KEY, bns[nb++]);
		sel = EVP_PKEY_KEYPAIR;
	}
	prm = OSSL_PARAM_BLD_to_param(b);
	ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
	if (!ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &pk, sel, prm) != 1)
		pk = NULL;
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(prm);
	OSSL_PARAM_BLD_free(b);
	while (nb--)
		BN_free(bns[nb]);
	return pk;
}

static size_t get_bn(EVP_PKEY *pk, const char *name, u8 *out, size_t len)
{
	BIGNUM *bn = NULL;
	size_t n;

	if (EVP_PKEY_get_bn_param(pk, name, &bn) != 1)
		return 0;
	n = len ? len : (size_t)BN_num_bytes(bn);
	if (BN_bn2binpad(bn, out, (int)n) < 0)
		n = 0;
	BN_free(bn);
	return n;
}

static void set_hex(u8 *dst, size_t *len, const char *hex)
{
	*len = hex2bin(hex, dst, 1024);
}

/* OpenSSL verifies our raw r||s over a digest: 1 / 0. */
static int ossl_verify(EVP_PKEY *pk, const u8 *dig, size_t dlen, const u8 *sig, size_t qlen)
{
	DSA_SIG *ds = DSA_SIG_new();
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pk, NULL);
	u8 *der = NULL;
	int dl, ret;

	DSA_SIG_set0(ds, BN_bin2bn(sig, (int)qlen, NULL), BN_bin2bn(sig + qlen, (int)qlen, NULL));
	dl = i2d_DSA_SIG(ds, &der);
	ret = ctx && dl > 0 && EVP_PKEY_verify_init(ctx) == 1 &&
	      EVP_PKEY_verify(ctx, der, (size_t)dl, dig, dlen) == 1;
	OPENSSL_free(der);
	DSA_SIG_free(ds);
	EVP_PKEY_CTX_free(ctx);
	return ret;
}

/* OpenSSL signs a digest; raw r||s out.  1 / 0. */
static int ossl_sign(EVP_PKEY *pk, const u8 *dig, size_t dlen, u8 *sig, size_t qlen)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pk, NULL);
	u8 der[128];
	const u8 *p = der;
	size_t dl = sizeof(der);
	const BIGNUM *r, *s;
	DSA_SIG *ds = NULL;
	int ret = 0;

	if (ctx && EVP_PKEY_sign_init(ctx) == 1 && EVP_PKEY_sign(ctx, der, &dl, dig, dlen) == 1)
		ds = d2i_DSA_SIG(NULL, &p, (long)dl);
	if (ds) {
		DSA_SIG_get0(ds, &r, &s);
		ret = BN_bn2binpad(r, sig, (int)qlen) > 0 && BN_bn2binpad(s, sig + qlen, (int)qlen) > 0;
	}
	DSA_SIG_free(ds);
	EVP_PKEY_CTX_free(ctx);
	return ret;
}

static const struct {
	u32 id;
	const char *md;
} sha2[] = {
	{ NCR_HASH_SHA224, "SHA224" },
	{ NCR_HASH_SHA256, "SHA256" },
	{ NCR_HASH_SHA384, "SHA384" },
	{ NCR_HASH_SHA512, "SHA512" },
};

static void digest(const char *md, const void *m, size_t len, u8 *out, size_t *olen)
{
	unsigned int n = 0;

	EVP_Digest(m, len, out, &n, EVP_get_digestbyname(md), NULL);
	*olen = n;
}

static void test_rfc6979(void)
{
	struct key k = { 0 };
	struct ncr_dl_parts d;
	u8 dig[64], sig[64], want[64];
	size_t dl, i, n;

	set_hex(k.p, &k.plen, r2048_p);
	set_hex(k.q, &k.qlen, r2048_q);
	set_hex(k.g, &k.glen, r2048_g);
	set_hex(k.x, &k.xlen, r2048_x);
	set_hex(k.y, &k.ylen, r2048_y);
	d = parts(&k);
	ok(ncr_dsa_check_params(&d, 1, &env, scratch) == 0, "RFC 6979 A.2.2 params pass the full check");
	ok(ncr_dl_check_keypair(&d, scratch) == 0, "RFC 6979 A.2.2 key pair: y == g^x");
	for (i = 0; i < sizeof(rfc6979_sigs) / sizeof(rfc6979_sigs[0]); i++) {
		digest(rfc6979_sigs[i].md, rfc6979_sigs[i].msg, strlen(rfc6979_sigs[i].msg), dig, &dl);
		n = hex2bin(rfc6979_sigs[i].r, want, 32);
		n += hex2bin(rfc6979_sigs[i].s, want + 32, 32);
		memset(sig, 0, sizeof(sig));
		ok(n == 64 && ncr_dsa_sign(&d, rfc6979_sigs[i].hash, dig, dl, NULL, sig, scratch) == 0 &&
		   !memcmp(sig, want, 64), "RFC 6979 A.2.2 %s \"%s\": exact r, s",
		   rfc6979_sigs[i].md, rfc6979_sigs[i].msg);
		ok(ncr_dsa_verify(&d, dig, dl, want, 64, scratch) == 0,
		   "RFC 6979 A.2.2 %s \"%s\": verifies", rfc6979_sigs[i].md, rfc6979_sigs[i].msg);
	}
}

/* Sign/verify both ways with OpenSSL for the key k, every SHA-2 digest. */
static void test_interop(struct key *k, const char *what)
{
	struct ncr_dl_parts d = parts(k);
	EVP_PKEY *pk = ossl_key("DSA", k, NULL);
	u8 msg[100], dig[64], sig[64], sig2[64];
	size_t dl, i, ql;
	const u8 *qs;
	int r1, r2, r3, r4;

	ncr_dl_bits(k->q, k->qlen, &qs, &ql);
	ok(pk != NULL, "%s: OpenSSL imports the key", what);
	if (!pk)
		return;
	for (i = 0; i < sizeof(sha2) / sizeof(sha2[0]); i++) {
		for (dl = 0; dl < sizeof(msg); dl++)
			msg[dl] = (u8)rnd();
		digest(sha2[i].md, msg, sizeof(msg), dig, &dl);
		r1 = ncr_dsa_sign(&d, sha2[i].id, dig, dl, &env, sig, scratch);
		r2 = ossl_verify(pk, dig, dl, sig, ql);
		r3 = ncr_dsa_verify(&d, dig, dl, sig, 2 * ql, scratch);
		ok(r1 == 0 && r2 == 1 && r3 == 0, "%s %s: ours signs (hedged), OpenSSL verifies",
		   what, sha2[i].md);
		r1 = ossl_sign(pk, dig, dl, sig2, ql);
		r2 = ncr_dsa_verify(&d, dig, dl, sig2, 2 * ql, scratch);
		sig2[ql + 3] ^= 0x10;
		r3 = ncr_dsa_verify(&d, dig, dl, sig2, 2 * ql, scratch);
		sig2[ql + 3] ^= 0x10;
		dig[0] ^= 1;
		r4 = ncr_dsa_verify(&d, dig, dl, sig2, 2 * ql, scratch);
		ok(r1 == 1 && r2 == 0 && r3 == -EBADMSG && r4 == -EBADMSG,
		   "%s %s: OpenSSL signs, ours verifies; flipped s or digest -> EBADMSG", what,
		   sha2[i].md);
	}
	/* r = 0, s = q, short signature */
	memset(sig, 0, sizeof(sig));
	r1 = ncr_dsa_verify(&d, dig, dl, sig, 2 * ql, scratch);
	memcpy(sig, qs, ql);
	memcpy(sig + ql, qs, ql);
	r2 = ncr_dsa_verify(&d, dig, dl, sig, 2 * ql, scratch);
	r3 = ncr_dsa_verify(&d, dig, dl, sig, 2 * ql - 1, scratch);
	ok(r1 == -EBADMSG && r2 == -EBADMSG && r3 == -EBADMSG,
	   "%s: r = s = 0, r = s = q, wrong length -> EBADMSG", what);
	EVP_PKEY_free(pk);
}

/* Our key generation for the params in k (fills x, y). */
static void test_generate(struct key *k, const char *what)
{
	struct ncr_dl_parts d;
	EVP_PKEY *pk;
	EVP_PKEY_CTX *ctx;
	u8 save;
	int r, r2;

	k->xlen = k->ylen = 0;
	d = parts(k);
	r = ncr_dsa_generate(&d, &env, k->x, k->y, scratch);
	k->xlen = k->qlen;
	k->ylen = k->plen;
	d = parts(k);
	ok(r == 0 && ncr_dl_check_keypair(&d, scratch) == 0, "%s: generate; our keypair check", what);
	pk = ossl_key("DSA", k, NULL);
	ctx = pk ? EVP_PKEY_CTX_new_from_pkey(NULL, pk, NULL) : NULL;
	ok(ctx && EVP_PKEY_pairwise_check(ctx) == 1 && EVP_PKEY_public_check(ctx) == 1,
	   "%s: OpenSSL pairwise and public checks accept our key", what);
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pk);
	save = k->x[k->xlen - 1];
	k->x[k->xlen - 1] ^= 4;
	r = ncr_dl_check_keypair(&d, scratch);
	k->x[k->xlen - 1] = save;
	memcpy(k->x, k->q, k->qlen);	/* x = q */
	r2 = ncr_dl_check_keypair(&d, scratch);
	ok(r == -EINVAL && r2 == -EINVAL, "%s: keypair check rejects a wrong x and x = q", what);
	r = ncr_dsa_generate(&d, &env, k->x, k->y, scratch);
	ok(r == 0, "%s: generate again", what);
}

static int ossl_param_check(struct key *k, const u8 *seed, size_t seedlen, int counter)
{
	OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
	BIGNUM *p = BN_bin2bn(k->p, (int)k->plen, NULL), *q = BN_bin2bn(k->q, (int)k->qlen, NULL);
	BIGNUM *g = BN_bin2bn(k->g, (int)k->glen, NULL);
	OSSL_PARAM *prm;
	EVP_PKEY_CTX *ctx, *c2 = NULL;
	EVP_PKEY *pk = NULL;
	int ret = 0;

	OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_FFC_P, p);
	OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_FFC_Q, q);
	OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_FFC_G, g);
	if (seed) {
		OSSL_PARAM_BLD_push_octet_string(b, OSSL_PKEY_PARAM_FFC_SEED, seed, seedlen);
		OSSL_PARAM_BLD_push_int(b, OSSL_PKEY_PARAM_FFC_PCOUNTER, counter);
		OSSL_PARAM_BLD_push_utf8_string(b, OSSL_PKEY_PARAM_FFC_DIGEST, "SHA256", 0);
	}
	prm = OSSL_PARAM_BLD_to_param(b);
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "DSA", NULL);
	if (ctx && EVP_PKEY_fromdata_init(ctx) == 1 &&
	    EVP_PKEY_fromdata(ctx, &pk, EVP_PKEY_KEY_PARAMETERS, prm) == 1) {
		c2 = EVP_PKEY_CTX_new_from_pkey(NULL, pk, NULL);
		ret = c2 && EVP_PKEY_param_check(c2) == 1;
	}
	EVP_PKEY_CTX_free(c2);
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pk);
	OSSL_PARAM_free(prm);
	OSSL_PARAM_BLD_free(b);
	BN_free(p);
	BN_free(q);
	BN_free(g);
	return ret;
}

static void test_paramgen(struct key *k)
{
	struct ncr_dl_parts d;
	u8 seed[32];
	u32 counter = 0;
	clock_t t0 = clock();
	int r;

	yield_left = -1;
	yield_calls = 0;
	r = ncr_dsa_paramgen_seed(2048, 224, &env, k->p, k->q, k->g, seed, &counter, scratch);
	k->plen = k->glen = 256;
	k->qlen = 28;
	k->xlen = k->ylen = 0;
	ok(r == 0, "paramgen (2048, 224): %.1f s, counter %u, %d yields",
	   (double)(clock() - t0) / CLOCKS_PER_SEC, counter, yield_calls);
	d = parts(k);
	ok(ncr_dsa_check_params(&d, 1, &env, scratch) == 0, "paramgen (2048, 224): our full check");
	ok(ossl_param_check(k, NULL, 0, 0), "paramgen (2048, 224): OpenSSL EVP_PKEY_param_check");
	ok(ossl_param_check(k, seed, 28, (int)counter),
	   "paramgen (2048, 224): OpenSSL validates p, q from seed and counter (FIPS 186-4 A.1.1.3)");
	/* a yield callback returning 1 stops it */
	yield_left = 0;
	r = ncr_dsa_paramgen(2048, 256, &env, k->x, k->y, k->y + 256, scratch);
	ok(r == -EINTR, "paramgen: first yield returning 1 -> EINTR");
	yield_left = 40;
	r = ncr_dsa_paramgen(2048, 256, &env, k->x, k->y, k->y + 256, scratch);
	ok(r == -EINTR && yield_left == -1, "paramgen: 41st yield returning 1 -> EINTR");
	yield_left = -1;
	ok(ncr_dsa_paramgen(1024, 160, &env, k->x, k->y, k->y, scratch) == -EINVAL &&
	   ncr_dsa_paramgen(3072, 224, &env, k->x, k->y, k->y, scratch) == -EINVAL,
	   "paramgen: (1024,160), (3072,224) refused");
}

static void test_bad_params(struct key *k)
{
	struct key b = *k;
	struct ncr_dl_parts d;
	int r1, r2, r3, r4;

	b.xlen = b.ylen = 0;
	memset(b.g, 0, b.glen);
	b.g[b.glen - 1] = 1;
	d = parts(&b);
	r1 = ncr_dsa_check_params(&d, 0, NULL, scratch);
	memcpy(b.g, b.p, b.plen);
	r2 = ncr_dsa_check_params(&d, 0, NULL, scratch);
	memcpy(b.g, k->g, b.glen);
	b.g[10] ^= 1;	/* not of order q */
	r3 = ncr_dsa_check_params(&d, 0, NULL, scratch);
	b = *k;
	b.xlen = b.ylen = 0;
	b.q[b.qlen - 1] += 2;	/* q no longer divides p - 1 */
	d = parts(&b);
	r4 = ncr_dsa_check_params(&d, 0, NULL, scratch);
	ok(r1 == -EINVAL && r2 == -EINVAL && r3 == -EINVAL && r4 == -EINVAL,
	   "check_params rejects g = 1, g = p, g of wrong order, q not dividing p - 1");
	b = *k;
	b.xlen = b.ylen = 0;
	b.p[b.plen - 1] ^= 2;	/* composite (almost surely), q no longer divides */
	d = parts(&b);
	r1 = ncr_dsa_check_params(&d, 1, &env, scratch);
	b = *k;
	b.plen -= 1;	/* 2040-bit p */
	d = parts(&b);
	r2 = ncr_dsa_check_params(&d, 0, NULL, scratch);
	ok(r1 == -EINVAL && r2 == -EINVAL, "check_params rejects a changed p and a 2040-bit p");
}

/* --- DH --- */
static void test_ffdhe_groups(void)
{
	static const u32 sizes[] = { 2048, 3072, 4096 };
	static const char *names[] = { "ffdhe2048", "ffdhe3072", "ffdhe4096" };
	struct ncr_dl_parts d;
	struct key k = { 0 };
	u8 buf[512];
	EVP_PKEY *pk;
	size_t i, n;
	int same;

	for (i = 0; i < 3; i++) {
		pk = ossl_key("DH", &k, names[i]);
		same = pk && ncr_dh_ffdhe(sizes[i], &d) == 0;
		n = same ? get_bn(pk, OSSL_PKEY_PARAM_FFC_P, buf, 0) : 0;
		same = same && n == d.p.len && !memcmp(buf, d.p.p, n);
		n = same ? get_bn(pk, OSSL_PKEY_PARAM_FFC_Q, buf, 0) : 0;
		same = same && n == d.q.len && !memcmp(buf, d.q.p, n);
		n = same ? get_bn(pk, OSSL_PKEY_PARAM_FFC_G, buf, 0) : 0;
		same = same && n == d.g.len && !memcmp(buf, d.g.p, n);
		ok(same && ncr_dh_ffdhe_bits(&d) == sizes[i] && ncr_dh_check_params(&d, scratch) == 0,
		   "%s: p, q, g equal OpenSSL's; recognised; params check", names[i]);
		EVP_PKEY_free(pk);
	}
	ok(ncr_dh_ffdhe(1024, &d) == -EINVAL, "ffdhe: 1024 refused");
}

static EVP_PKEY *ossl_dh_keygen(EVP_PKEY *params)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, params, NULL);
	EVP_PKEY *pk = NULL;

	if (!ctx || EVP_PKEY_keygen_init(ctx) != 1 || EVP_PKEY_keygen(ctx, &pk) != 1)
		pk = NULL;
	EVP_PKEY_CTX_free(ctx);
	return pk;
}

static size_t ossl_derive(EVP_PKEY *mine, EVP_PKEY *peer, u8 *out, size_t len)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, mine, NULL);
	size_t n = len;

	/* padded to the length of p, as ours (OpenSSL's default strips
	 * leading zero bytes: a mismatch one time in 256) */
	if (!ctx || EVP_PKEY_derive_init(ctx) != 1 || EVP_PKEY_CTX_set_dh_pad(ctx, 1) != 1 ||
	    EVP_PKEY_derive_set_peer(ctx, peer) != 1 || EVP_PKEY_derive(ctx, out, &n) != 1)
		n = 0;
	EVP_PKEY_CTX_free(ctx);
	return n;
}

/* Agreement with OpenSSL over params k (group: OpenSSL group name or NULL). */
static void test_dh_agree(struct key *k, const char *group, const char *what, size_t want_xlen)
{
	struct key mine = *k, theirs = *k, pub = *k, o = *k;
	struct ncr_dl_parts d = parts(k);
	EVP_PKEY *params, *opk, *mypub;
	u8 s1[512], s2[512], s3[512];
	size_t n1, xl = 0;
	int r1, r2;

	/* OpenSSL takes a q only of FIPS 186 sizes: a safe-prime group goes
	 * to it as PKCS#3 params (the same group) */
	if (ncr_dh_q_is_half(&d))
		pub.qlen = o.qlen = 0;
	params = ossl_key("DH", &o, group);
	opk = params ? ossl_dh_keygen(params) : NULL;
	ok(opk != NULL, "%s: OpenSSL key pair", what);
	if (!opk)
		goto out0;
	theirs.ylen = get_bn(opk, OSSL_PKEY_PARAM_PUB_KEY, theirs.y, k->plen);
	theirs.xlen = get_bn(opk, OSSL_PKEY_PARAM_PRIV_KEY, theirs.x, 0);
	d = parts(&mine);
	r1 = ncr_dh_generate(&d, &env, mine.x, &xl, mine.y, scratch);
	mine.xlen = xl;
	mine.ylen = k->plen;
	d = parts(&mine);
	ok(r1 == 0 && xl == want_xlen && ncr_dl_check_keypair(&d, scratch) == 0,
	   "%s: generate (x of %zu bytes), keypair check", what, xl);
	pub.xlen = 0;
	memcpy(pub.y, mine.y, mine.ylen);
	pub.ylen = mine.ylen;
	mypub = ossl_key("DH", &pub, group);
	n1 = mypub ? ossl_derive(opk, mypub, s1, sizeof(s1)) : 0;
	r1 = ncr_dh_derive(&d, theirs.y, theirs.ylen, s2, scratch);
	d = parts(&theirs);
	r2 = ncr_dh_derive(&d, mine.y, mine.ylen, s3, scratch);
	ok(n1 == k->plen && r1 == 0 && !memcmp(s1, s2, n1) && r2 == 0 && !memcmp(s1, s3, n1),
	   "%s: shared secret equals OpenSSL's (both directions, OpenSSL's x %zu bytes)", what,
	   theirs.xlen);
	ok(ncr_dl_check_keypair(&d, scratch) == 0, "%s: OpenSSL's key pair passes our check", what);
	EVP_PKEY_free(mypub);
	EVP_PKEY_free(opk);
out0:
	EVP_PKEY_free(params);
}

static void test_dh_peer(struct key *k, const char *what, int has_q)
{
	struct ncr_dl_parts d = parts(k);
	u8 y[520], s[520];
	size_t pl = k->plen;
	int r[6], i;
	BIGNUM *p = BN_bin2bn(k->p, (int)pl, NULL), *q = BN_bin2bn(k->q, (int)k->qlen, NULL);
	BIGNUM *b = BN_new(), *e = BN_new();
	BN_CTX *ctx = BN_CTX_new();

	memset(y, 0, pl);
	r[0] = ncr_dh_check_public(&d, y, pl, scratch);
	y[pl - 1] = 1;
	r[1] = ncr_dh_check_public(&d, y, pl, scratch);
	memcpy(y, k->p, pl);
	y[pl - 1] ^= 1;	/* p - 1 */
	r[2] = ncr_dh_check_public(&d, y, pl, scratch);
	r[3] = ncr_dh_derive(&d, y, pl, s, scratch);
	y[pl - 1] ^= 1;	/* p */
	r[4] = ncr_dh_check_public(&d, y, pl, scratch);
	memset(y, 0xff, pl);	/* 2^(8 plen) - 1 > p */
	r[5] = ncr_dh_check_public(&d, y, pl, scratch);
	for (i = 0; i < 6; i++)
		if (r[i] != -EINVAL)
			break;
	ok(i == 6, "%s: peer 0, 1, p-1 (check and derive), p, 2^(8 plen)-1 rejected", what);
	memset(y, 0, pl);
	memcpy(y + pl - k->glen, k->g, k->glen);
	ok(ncr_dh_check_public(&d, y, pl, scratch) == 0, "%s: peer g accepted", what);
	/* a small value outside the order-q subgroup */
	if (q && BN_num_bytes(q)) {
		for (i = 3; i < 1000; i++) {
			BN_set_word(b, (unsigned long)i);
			BN_mod_exp(e, b, q, p, ctx);
			if (!BN_is_one(e))
				break;
		}
		y[pl - 1] = (u8)i;
		y[pl - 2] = (u8)(i >> 8);
		r[0] = ncr_dh_check_public(&d, y, pl, scratch);
		r[1] = ncr_dh_derive(&d, y, pl, s, scratch);
		ok(has_q && r[0] == -EINVAL && r[1] == -EINVAL,
		   "%s: peer %d (not in the order-q subgroup) rejected", what, i);
		/* random peers: our verdict equals y^q == 1 by OpenSSL */
		for (i = 0; i < 24; i++) {
			int j, want;

			for (j = 0; j < (int)pl; j++)
				y[j] = (u8)rnd();
			y[0] = (u8)(y[0] % k->p[0]);	/* below p */
			if (i & 1) {	/* a square: in the subgroup for a safe prime */
				BN_bin2bn(y, (int)pl, b);
				BN_mod_sqr(b, b, p, ctx);
				BN_bn2binpad(b, y, (int)pl);
			}
			BN_bin2bn(y, (int)pl, b);
			BN_mod_exp(e, b, q, p, ctx);
			want = BN_is_one(e) ? 0 : -EINVAL;
			if (ncr_dh_check_public(&d, y, pl, scratch) != want)
				break;
		}
		ok(i == 24, "%s: 24 random peers, half squares: subgroup verdicts equal OpenSSL's",
		   what);
	}
	BN_free(p);
	BN_free(q);
	BN_free(b);
	BN_free(e);
	BN_CTX_free(ctx);
}

static void test_dh(struct key *dsa2048)
{
	struct ncr_dl_parts d;
	struct key k = { 0 };
	int r1, r2;

	test_ffdhe_groups();
	/* ffdhe2048: q known */
	ncr_dh_ffdhe(2048, &d);
	memcpy(k.p, d.p.p, d.p.len);
	k.plen = d.p.len;
	memcpy(k.q, d.q.p, d.q.len);
	k.qlen = d.q.len;
	memcpy(k.g, d.g.p, d.g.len);
	k.glen = d.g.len;
	test_dh_agree(&k, "ffdhe2048", "DH ffdhe2048", 28);
	test_dh_peer(&k, "DH ffdhe2048", 1);
	/* the same p, g as PKCS #3 parameters (no q) */
	k.qlen = 0;
	d = parts(&k);
	ok(ncr_dh_ffdhe_bits(&d) == 2048 && ncr_dh_check_params(&d, scratch) == 0,
	   "PKCS#3 (p, g of ffdhe2048, no q): recognised; params check");
	test_dh_agree(&k, NULL, "DH PKCS#3 2048", 28);
	test_dh_peer(&k, "DH PKCS#3 2048", 0);
	/* X9.42-style params with a 256-bit q (the RFC 6979 DSA group) */
	k = *dsa2048;
	k.xlen = k.ylen = 0;
	d = parts(&k);
	ok(ncr_dh_ffdhe_bits(&d) == 0 && ncr_dh_check_params(&d, scratch) == 0,
	   "DH over the RFC 6979 DSA group: not ffdhe; params check");
	test_dh_agree(&k, NULL, "DH 2048/256", 32);
	test_dh_peer(&k, "DH 2048/256", 1);
	/* bad params */
	k.g[k.glen - 1] ^= 1;
	r1 = ncr_dh_check_params(&d, scratch);
	k = *dsa2048;
	k.plen = 120;	/* 960 bits */
	k.p[119] |= 1;
	k.qlen = 0;
	d = parts(&k);
	r2 = ncr_dh_check_params(&d, scratch);
	ok(r1 == -EINVAL && r2 == -EINVAL, "DH params: g of wrong order, 960-bit p rejected");
}

/* --- DH parameter validation (ncr_dh_check_params_full), yields --- */

/*
 * Safe primes from `openssl dhparam 2048` and `openssl dhparam 2052` (g = 2,
 * p = 7 mod 8: 2 is a quadratic residue), the X9.42 group of `openssl
 * genpkey -genparam -algorithm DHX` (2048/256), and bad parameters made
 * with Python (sympy): pcq_p prime with (p-1)/2 = a b composite (no factor
 * below 2048), cpq_p = 2q + 1 composite (no factor below 2048) with q
 * prime, cq_* X9.42 params whose q is the product of two 128-bit primes
 * (p prime, g of order q), sq_* X9.42 params with a 160-bit prime q.
 */
static const char *safe2048_p =
	"bae1895c4cf8efef868a285f82ea121ff4a3bae184ad031a35f519162ec6cd3d"
	"40887900a7c7ace354faa4cdebf09f153cc09d2c47a14f6b3fdd050f8eec5b5b"
	"d7a4f65ac5205e688bc0c9624d4df88231080a8a98bec1b49be3b401d5d65b78"
	"d5b161ce6eb3704e8919f266d8b7c1dbfa826ecb85eb601dbfd831eddb6a2774"
	"60893daecc61b88b9ff58f38eedc99528e0b4f6bfa420bea9b5f9a6a27517a28"
	"6785892ed4aa68a1cad62dd79eaec6c02cbd14b0b671dcb957f85636b0fa3da6"
	"f87879b0babc0b928b01d7066bd851eb11635197df33fcc5117d49d0db48d4a1"
	"489e27c64c53dbe14d1fe8936fa789706b688d1e2759a16d33d0086258e7843f";

static const char *safe2052_p =
	"09656829eeae1432156d7938e3b7eb5e8b37918890802c029aa77eb4cf391076"
	"2a3027a427ac491cc4f52c6b636560f8457a30dfa273077be166c5e3e297a8f5"
	"32c0fb6447e3957ac83f764a91e0938cec093ffd184bedd5d33589fd6c35a6c8"
	"04e0b86b07638a71ec0b95d1d4e4cec3d34a33125d1863e9f88002f2a3d5b18b"
	"fd2b3e5a6f90961879540bfa7a9b75004b1cf44090156695a97e01bd949cb155"
	"dea3fdb76d9f793ec89c0372cdad752d7cc0038883ed8aec3af2543e858363ba"
	"557e2e2e42462d7173310a07d923c76a76a99afff9af20119188f8cabec2d2bc"
	"3fc6999f1dbfd4f8fe02484600d25b4cfb741ffac93de787a64dc1aaf1a3615c"
	"3f";

static const char *dhx2048_p =
	"854cf448a22620758511c4e643807914285a7c5ee5adb577edd0186c7fce403f"
	"1016c73089d5cbcedc618731c2c3fb6a0d83d5a34ef1562f6f2fe9a64c4c067f"
	"56962653dfc4b9b4ff433d33bde5d3399c6fe73f15e7c79edc136e1014873c33"
	"55608e917bb08ad892088dafff1b604b14d9f8f8d00a4fb4b334a0009ccb0ade"
	"c7ee32eb1146d0596fb6d288eaf1706b87abe44590600eff35090bb5fa0023aa"
	"096bb5ccccdd19aecb15c32851d02e1eafd451434bec5ec68f6b9850a29cc876"
	"1c78ea97b2e7876c303674a014445646f7c94b90a5d49211115ee5ab2ce9b439"
	"38dc0d6da2573a2b196cfd124cccd8064674c7753b270e6c79a284b0d063439d";

static const char *dhx2048_q =
	"8c7ad63e4e7d9b86b6d2951b86c1583fe82546d6de1e6568158465747a5f6a5f";

static const char *dhx2048_g =
	"4c62482255e7a077a67c943c8de64ee2ba5b16e23e4e7f5f04b74ec35c554d3f"
	"7e37f5af62ace35c7d9c027e7c2451c0b17e9d0f47ff08b929a0d7319480e7ae"
	"a53f008865cf74af51cb5cc2063bc52acc718b45773b15a502d38d25c093a17d"
	"918eec8fbf6bb2eedebec77613d16248a96aa7b6c9cb5e626c69296888471a7f"
	"baf31c3f28326f4012a08216d865ab3c1d4e3de87d7d7de3d1587bfe4d5b8ea7"
	"37d889795be8ce5c372810fa40634e215970bf866c1d953af49c41d79edee288"
	"d575f1d5c430a9997dee8ec13c187ece073879f117cabde7af71a8a05e773720"
	"2659ac120c5fbbe48b63f59343d726f66460da5a01cbcd1fdfc900b23d09a058";

static const char *pcq_p =
	"8b552985fcd6d72de68958a56cfab375df33a817d727b8762aba483eeb81ce82"
	"c66307891a7a22719ec544fce45a6ddfd9c7f44dd099d03943e26e861e11b816"
	"6df54906b5db4c6381fb4bd17e58a04e3021b55fca8a0f9cbeaffd159392a3d6"
	"a31dd00c5e48ecd5259d63a4cb58e733d61d4a58e6dbd6c4a9266d76027f260a"
	"b6b4b86ac81d343a6bd6aa8ccaa840e0b3dadfbe990c086e474eee7dc714aad9"
	"fc7089c9b08659aed4ea22c93e0ea186cc5956af19b373b3ecdfec219ce582dd"
	"348f522f6ff336605ae570f51399aabc1f55d5a2a92246f9df182c33701b083b"
	"ba783fe0de01b264fc0468d8f9be1cdc0e16b3f6d54c5d157ea6cc2e87bccba7";

static const char *cpq_p =
	"fb243f896e5f9af4910bfcad97188f68a2483869221c3299009545941be25c58"
	"15e84812a724037adf3ff16fb6f36cbc10b44c9c2b3fae4c6269c897f56114d2"
	"b9a8d63a3c5bf710ecc30363e1f2588e2caa5daa6023db7b458db145d418925c"
	"2d4133e3f7a1af4297bef9a6fc59de3685edea29d6a9f32e80dc65335027d7f8"
	"a476b5164d6885b7ba1701a53c263666de5c779b583571112378a14d02735ef9"
	"116c35bfabf8438b9f46a1e71fc2f012ae22c81a186cd598241be3ce5741af3a"
	"bd2582200276cb0286218991272bb60e1b9a76bd7ece77141dfd2c252108dbf8"
	"b12c17fa94f41cd152cc381ae9a4b3ffd49da75858e5a9d31da41c479cbf9627";

static const char *cq_p =
	"8025b9d43ffc29d8db87b0a7ab3f7c35fe7be7a23c86a761c1b8dc72a27e1cb6"
	"454a47ee4e407da0c9a3204c03663e7078d13ae864791842188250c6b63593a8"
	"f25a0c4313ed73a7b79ebf97034b5715b5de0fa772135c34427a485345dd39a3"
	"6d54a15d4875f72b8958cc025908a9195bd203fc009183f3d1a6187ce638e090"
	"3c1bf6e64e96feeaef976b4aa5f93309ffb161d52fbf5f25c73fdb6a428a4f30"
	"754232a7ceb3e4f48f68ffdef46802b62d75d22f7f790923e4e50d0c03ec147d"
	"a36b81b52f637cf6b7ab5c993cb56d393fcb97a770aae3154875a7be9b693471"
	"ea5893a84bf9a92960eeaf5fed2c554bca38f15a853954a98acabb2878910aab";

static const char *cq_q =
	"b8e608b17c66fe02769bc23fce72cec71913a630c72051e6c0cbfcc23f822af5";

static const char *cq_g =
	"7a5131512d93d685c162b063ae3bae4455c8eb02a160d9b035b2df8220a5c390"
	"7c505a0fcd1579312494911b1c12806a065bcae628b2f4015201900a696f2706"
	"c9c09f293f05e4c174bb5eb966142ca87ef85183f21e4756a996c19a0b82f23a"
	"e09a3346ff1e8cb43279abebccd217faca5e858d8ec5ad56f3f48fe3a5162ce3"
	"5780611e18f063bb6340335f4e7ad9a153459df91f9cb2dc7a306edfc033bf94"
	"eb56d5331915df22f477e96ac93a4a5e5e4a454dc69f40f2e47dcdf23859fe0c"
	"320c3bd1bf84a59148047b2e71e5547e4b07a942a71a2865dd3520ce91c0d4c2"
	"41986729255aa41441b94f6c67fdec81aa88991a6873a639a1bf865e490cd30a";

static const char *sq_p =
	"b801d38501514a14f6ebb3bfc32a58c46a2523ff6aeb12e29d208df7aa2ef3a7"
	"0230db4c9ae6e433e0469f284509c3fd838145a01bc8d164407ea0279325f508"
	"28657534bbbca9cad433b4dbc5c7e1565eaf67007f336ccccb8b3ea9150d706b"
	"173cd72886850f77e9f3b93e7f4c2c067fe52a357f5898a46ccd970985eaa55c"
	"4379ea62149c86614d5ec6a10c7db51219371aa1b2b9cf098531bf1231ce5b65"
	"3553b529776f8a3aa4d949a968a1a1eeaecc7c0dfa8f284f9d510cf3407a7f5d"
	"63eeff7028bc2e81b0330b15b01ccd0200bcf124a3a90dd91f2d149fb8deb9ae"
	"372c20654ac82eb533b02ff363c571acfaa521c3892de50de2029d4d1ce18197";

static const char *sq_q =
	"e4ff2f0929e9fea4f52d9cc0272f190337e11203";

static const char *sq_g =
	"a959e40bcfb22321928b01cace22c03ce6f989bd1c03d9e15207acb75ac90c3e"
	"40e91b5a94b69d424cd5f38c7efe5d39be164bcfe63e9e49bfb1e4920508127e"
	"451ed528bc92a9999b3d897cdf889b22d164a8b2e54cc02a1a7eee6cfce77992"
	"f441cfd5db673ef09a1a40caffeefc381d59cdfe3e055450a2794e65d109284c"
	"1bab700093996bc8c51c33b5eca31bda2d2418912a6e7fbc830651e8983c4f62"
	"a0087f68a23b390542e726149be7eeb549c80147fb026d0825d01a5877da540c"
	"ffeb676b619b2c2065a7ed62b7209abe6cd7fa4c18ce110af4674ba560729fb0"
	"326bf4238ae29d30fd4e8be6505aaa6a030a8bcef80ac44fb8ea78cfd98e6ae1";

struct count_env {
	int rand_calls, yields, stop_after;	/* stop_after < 0: never */
};

static void count_rand(void *ctx, u8 *out, size_t len)
{
	((struct count_env *)ctx)->rand_calls++;
	env_rand(NULL, out, len);
}

static int count_yield(void *ctx)
{
	struct count_env *c = ctx;

	return c->yields++ == c->stop_after;
}

/* Big-endian (p - 1) / 2 of p (plen bytes) into out: its byte length. */
static size_t half_of(const u8 *p, size_t plen, u8 *out)
{
	BIGNUM *b = BN_bin2bn(p, (int)plen, NULL);
	size_t n;

	BN_rshift1(b, b);
	n = (size_t)BN_bn2bin(b, out);
	BN_free(b);
	return n;
}

/* k from hex p, q (NULL: none), g (NULL: 2). */
static void dh_key(struct key *k, const char *p, const char *q, const char *g)
{
	memset(k, 0, sizeof(*k));
	set_hex(k->p, &k->plen, p);
	if (q)
		set_hex(k->q, &k->qlen, q);
	if (g) {
		set_hex(k->g, &k->glen, g);
	} else {
		k->g[0] = 2;
		k->glen = 1;
	}
}

static int full_check(struct key *k, struct count_env *c, u8 *qo, size_t *ql)
{
	struct ncr_env e = { count_rand, count_yield, c };
	struct ncr_dl_parts d = parts(k);

	return ncr_dh_check_params_full(&d, &e, qo, ql, scratch);
}

static void test_dh_full_ffdhe(void)
{
	static const u32 sizes[] = { 2048, 3072, 4096 };
	struct count_env c = { 0, 0, -1 };
	struct ncr_dl_parts d;
	struct key k;
	u8 qo[1024];
	size_t ql, i;
	int r1, r2, same;

	for (i = 0; i < 3; i++) {
		ncr_dh_ffdhe(sizes[i], &d);
		memset(&k, 0, sizeof(k));
		memcpy(k.p, d.p.p, k.plen = d.p.len);
		memcpy(k.g, d.g.p, k.glen = d.g.len);
		c = (struct count_env){ 0, 0, -1 };
		ql = sizeof(qo);
		r1 = full_check(&k, &c, qo, &ql);
		same = ql == d.q.len && !memcmp(qo, d.q.p, ql);
		memcpy(k.q, d.q.p, k.qlen = d.q.len);
		ql = sizeof(qo);
		r2 = full_check(&k, &c, qo, &ql);
		ok(r1 == 0 && same && r2 == 0 && ql == 0 && !c.rand_calls && !c.yields,
		   "full check ffdhe%u: with and without q, no primality work (%d rand, %d yields); "
		   "q_out is the group's q", sizes[i], c.rand_calls, c.yields);
	}
}

static void test_dh_full_good(void)
{
	struct count_env c = { 0, 0, -1 };
	struct key k, k2;
	struct ncr_dl_parts d;
	u8 qo[1024], want[1024];
	size_t ql, wl;
	clock_t t0;
	int r;

	dh_key(&k, safe2048_p, NULL, NULL);
	t0 = clock();
	ql = sizeof(qo);
	r = full_check(&k, &c, qo, &ql);
	wl = half_of(k.p, k.plen, want);
	ok(r == 0 && ql == 256 && wl == 256 && !memcmp(qo, want, wl),
	   "full check: 2048-bit safe prime, no q: accepted, q_out = (p-1)/2 (%.2f s, %d rand, "
	   "%d yields)", (double)(clock() - t0) / CLOCKS_PER_SEC, c.rand_calls, c.yields);
	memcpy(k.q, qo, k.qlen = ql);
	d = parts(&k);
	ok(ncr_dh_q_is_half(&d) && ncr_dh_check_params(&d, scratch) == 0,
	   "2048-bit safe prime with its q: q_is_half; structural check");
	ql = sizeof(qo);
	ok(full_check(&k, &c, qo, &ql) == 0 && ql == 0,
	   "full check: the same with q = (p-1)/2 given (X9.42 form): accepted, nothing written");
	test_dh_agree(&k, NULL, "DH 2048-bit safe prime, q kept", 28);
	test_dh_peer(&k, "DH 2048-bit safe prime, q kept", 1);
	ql = 255;
	k.qlen = 0;
	ok(full_check(&k, &c, qo, &ql) == -EINVAL && ql == 0,
	   "full check: q_out room of 255 bytes for a 256-byte q -> EINVAL");

	/* 2052 bits: p of 257 bytes, q of 2051 bits */
	dh_key(&k, safe2052_p, NULL, NULL);
	ql = sizeof(qo);
	r = full_check(&k, &c, qo, &ql);
	wl = half_of(k.p, k.plen, want);
	ok(r == 0 && k.plen == 257 && ql == 257 && wl == 257 && !memcmp(qo, want, wl),
	   "full check: 2052-bit safe prime: accepted, q_out = (p-1)/2 of 257 bytes");
	test_dh_agree(&k, NULL, "DH 2052-bit safe prime, PKCS#3", 28);
	k2 = k;
	memcpy(k2.q, qo, k2.qlen = ql);
	test_dh_agree(&k2, NULL, "DH 2052-bit safe prime, q kept", 28);
	test_dh_peer(&k2, "DH 2052-bit safe prime, q kept", 1);

	dh_key(&k, dhx2048_p, dhx2048_q, dhx2048_g);
	ql = sizeof(qo);
	r = full_check(&k, &c, qo, &ql);
	d = parts(&k);
	ok(r == 0 && ql == 0 && !ncr_dh_q_is_half(&d),
	   "full check: OpenSSL's X9.42 (DHX) 2048/256 params: accepted");
	test_dh_agree(&k, NULL, "DH OpenSSL DHX 2048/256", 32);
}

static void test_dh_full_bad(void)
{
	struct count_env c = { 0, 0, -1 };
	struct ncr_dl_parts d;
	struct key k;
	u8 qo[1024];
	size_t ql = sizeof(qo);
	int r[4];

	dh_key(&k, cpq_p, NULL, NULL);
	r[0] = full_check(&k, &c, qo, &ql);
	dh_key(&k, pcq_p, NULL, NULL);
	r[1] = full_check(&k, &c, qo, &ql);
	ok(r[0] == -EINVAL && r[1] == -EINVAL && ql == 0,
	   "full check, no q: p = 2q+1 composite with q prime; p prime with (p-1)/2 composite "
	   "(no small factors in either): rejected");
	dh_key(&k, safe2048_p, NULL, NULL);
	memcpy(k.g, k.p, k.glen = k.plen);
	k.g[k.glen - 1] -= 2;	/* p - 2: a non-residue for p = 7 mod 8 */
	r[0] = full_check(&k, &c, NULL, NULL);
	k.g[k.glen - 1] += 1;	/* p - 1 */
	r[1] = full_check(&k, &c, NULL, NULL);
	memset(k.g, 0, k.glen);
	k.g[k.glen - 1] = 1;
	r[2] = full_check(&k, &c, NULL, NULL);
	ok(r[0] == -EINVAL && r[1] == -EINVAL && r[2] == -EINVAL,
	   "full check, safe prime: g = p-2 (order 2q), g = p-1, g = 1 rejected");
	/* DSA-style primes: p = 3 mod 4 with (p-1)/2 = q k; p = 1 mod 4 ((p-1)/2 even) */
	dh_key(&k, r2048_p, NULL, NULL);
	r[0] = full_check(&k, &c, NULL, NULL);
	dh_key(&k, dhx2048_p, NULL, NULL);
	r[1] = full_check(&k, &c, NULL, NULL);
	/* a changed p */
	dh_key(&k, safe2048_p, NULL, NULL);
	k.p[100] ^= 0x40;
	r[2] = full_check(&k, &c, NULL, NULL);
	ok(r[0] == -EINVAL && r[1] == -EINVAL && r[2] == -EINVAL,
	   "full check, no q: the primes of the RFC 6979 DSA group (p = 3 mod 4) and of the DHX "
	   "group (p = 1 mod 4), a changed safe prime: rejected");

	dh_key(&k, cq_p, cq_q, cq_g);
	r[0] = full_check(&k, &c, NULL, NULL);
	dh_key(&k, sq_p, sq_q, sq_g);
	r[1] = full_check(&k, &c, NULL, NULL);
	dh_key(&k, dhx2048_p, dhx2048_q, dhx2048_g);
	k.q[k.qlen - 1] += 2;	/* no longer divides p - 1 */
	r[2] = full_check(&k, &c, NULL, NULL);
	dh_key(&k, dhx2048_p, dhx2048_q, dhx2048_g);
	k.g[20] ^= 1;		/* not of order q */
	r[3] = full_check(&k, &c, NULL, NULL);
	ok(r[0] == -EINVAL && r[1] == -EINVAL && r[2] == -EINVAL && r[3] == -EINVAL,
	   "full check, X9.42: q composite (product of two 128-bit primes), 160-bit q, "
	   "q not dividing p-1, g not of order q: rejected");
	dh_key(&k, cq_p, cq_q, cq_g);
	d = parts(&k);
	ok(ncr_dh_check_params(&d, scratch) == 0,
	   "(the composite-q params pass the structural check: only primality refuses them)");
	dh_key(&k, safe2048_p, NULL, NULL);
	d = parts(&k);
	ok(full_check(&k, &c, qo, NULL) == -EINVAL &&
	   ncr_dh_check_params_full(&d, NULL, NULL, NULL, scratch) == -EINVAL,
	   "full check: q_out without q_len, no env -> EINVAL");
}

/* Every long DH function returns EINTR when the yield says stop. */
static void test_dh_yield(void)
{
	struct count_env c;
	struct ncr_env e = { count_rand, count_yield, &c };
	struct ncr_dl_parts d;
	struct key k;
	u8 x[1024], y[1024], s[1024], qo[1024];
	size_t ql;
	int r[6], n[6], i;

	/* check_params_full: right away, then after 3 yields */
	dh_key(&k, safe2048_p, NULL, NULL);
	d = parts(&k);
	for (i = 0; i < 2; i++) {
		c = (struct count_env){ 0, 0, i ? 3 : 0 };
		ql = sizeof(qo);
		r[i] = ncr_dh_check_params_full(&d, &e, qo, &ql, scratch);
		n[i] = c.yields;
	}
	ok(r[0] == -EINTR && n[0] == 1 && r[1] == -EINTR && n[1] == 4 && ql == 0,
	   "full check: a yield saying stop at the 1st / 4th call -> EINTR");

	/* derive with a 2048-bit x (ffdhe2048): 4 yields, the 2nd stops */
	ncr_dh_ffdhe(2048, &d);
	memset(x, 0x5a, 256);
	x[0] = 0x3a;
	d.x = (struct ncr_bytes){ x, 256 };
	memset(y, 0, 256);
	y[255] = 2;
	c = (struct count_env){ 0, 0, -1 };
	r[0] = ncr_dh_derive_env(&d, y, 256, &e, s, scratch);
	n[0] = c.yields;
	r[1] = ncr_dh_derive(&d, y, 256, x + 256, scratch);
	c = (struct count_env){ 0, 0, 1 };
	memset(s + 256, 0xee, 256);
	r[2] = ncr_dh_derive_env(&d, y, 256, &e, s + 256, scratch);
	ok(r[0] == 0 && n[0] >= 2 && r[1] == 0 && !memcmp(s, x + 256, 256) && r[2] == -EINTR &&
	   s[256] == 0xee && s[511] == 0xee,
	   "derive (2048-bit x): %d yields, same secret as without env; stop at the 2nd -> EINTR, "
	   "secret not written", n[0]);

	/* keypair check of the same size */
	c = (struct count_env){ 0, 0, 0 };
	ncr_dh_ffdhe(2048, &d);
	d.x = (struct ncr_bytes){ x, 256 };
	d.y = (struct ncr_bytes){ y, 256 };
	r[0] = ncr_dl_check_keypair_env(&d, &e, scratch);
	ok(r[0] == -EINTR, "keypair check (2048-bit x): stop at the 1st yield -> EINTR");

#ifndef DSA_TEST_SHORT
	{
		struct key k8 = { 0 };
		EVP_PKEY *pk = ossl_key("DH", &k8, "ffdhe8192");
		clock_t t0;
		size_t xl;

		k8.plen = pk ? get_bn(pk, OSSL_PKEY_PARAM_FFC_P, k8.p, 0) : 0;
		k8.qlen = pk ? get_bn(pk, OSSL_PKEY_PARAM_FFC_Q, k8.q, 0) : 0;
		k8.g[0] = 2;
		k8.glen = 1;
		EVP_PKEY_free(pk);
		/* ffdhe8192 is not one of ours: the whole safe-prime test */
		c = (struct count_env){ 0, 0, -1 };
		t0 = clock();
		k = k8;
		k.qlen = 0;
		ql = sizeof(qo);
		r[0] = full_check(&k, &c, qo, &ql);
		ok(r[0] == 0 && ql == 1024 && !memcmp(qo, k8.q, 1024),
		   "full check: ffdhe8192 (not built in) as PKCS#3: accepted, q_out its q "
		   "(%.1f s, %d yields)", (double)(clock() - t0) / CLOCKS_PER_SEC, c.yields);
		/* generate: 400-bit x over 8192 bits */
		d = parts(&k8);
		c = (struct count_env){ 0, 0, -1 };
		r[0] = ncr_dh_generate(&d, &e, x, &xl, y, scratch);
		n[0] = c.yields;
		k8.xlen = xl;
		memcpy(k8.x, x, xl);
		k8.ylen = 1024;
		memcpy(k8.y, y, 1024);
		c = (struct count_env){ 0, 0, 2 };
		memset(s, 0xee, 1024);
		xl = 0;
		r[1] = ncr_dh_generate(&d, &e, s, &xl, s, scratch);
		ok(r[0] == 0 && n[0] >= 3 && r[1] == -EINTR && xl == 0 && s[0] == 0xee && s[1023] == 0xee,
		   "generate (ffdhe8192): %d yields; stop at the 3rd -> EINTR, nothing written", n[0]);
		d = parts(&k8);
		c = (struct count_env){ 0, 0, -1 };
		r[0] = ncr_dl_check_keypair_env(&d, &e, scratch);
		r[1] = ncr_dh_check_public_env(&d, k8.y, 1024, &e, scratch);
		ok(r[0] == 0 && r[1] == 0, "ffdhe8192 key pair: keypair check, public check (%d yields)",
		   c.yields);
		/* the peer check of a group with q < (p-1)/2 exponentiates: p of ffdhe8192
		 * with the 256-bit q of the DHX group (structure only: 3^q != 1) */
		k = k8;
		set_hex(k.q, &k.qlen, dhx2048_q);
		d = parts(&k);
		memset(y, 0, 1024);
		y[1023] = 3;
		c = (struct count_env){ 0, 0, -1 };
		r[0] = ncr_dh_check_public_env(&d, y, 1024, &e, scratch);
		n[0] = c.yields;
		c = (struct count_env){ 0, 0, 0 };
		r[1] = ncr_dh_check_public_env(&d, y, 1024, &e, scratch);
		ok(r[0] == -EINVAL && n[0] >= 1 && r[1] == -EINTR,
		   "public check exponentiating at 8192 bits: %d yields; stop at the 1st -> EINTR",
		   n[0]);
	}
#endif
}

/* The strong Lucas test and the test for chosen numbers. */
static void test_lucas(void)
{
	/* strong Lucas pseudoprimes (OEIS A217255), strong pseudoprimes to base 2 (A001262) */
	static const u32 slpsp[] = { 5459, 5777, 10877, 16109, 18971, 22499, 24569, 25199, 40309 };
	static const u32 spsp2[] = { 3277, 4033, 4681, 8321, 15841, 29341, 42799, 49141, 52633 };
	static ncr_limb w[NCR_BN_LIMBS(2048)], t[NCR_PRIME_TEST_SCRATCH(NCR_BN_LIMBS(2048))];
	u8 buf[256];
	BIGNUM *b = BN_new();
	BN_CTX *ctx = BN_CTX_new();
	size_t i, n, bad = 0, nprime = 0;
	int r, want;

	for (i = 0; i < sizeof(slpsp) / sizeof(slpsp[0]); i++) {
		ncr_bn_set_u32(w, 1, slpsp[i]);
		bad += ncr_prime_lucas(w, 1, NULL, t) != 1;
		bad += ncr_prime_test_untrusted(w, 1, 4, &env, t) != 0;
		ncr_bn_set_u32(w, 1, spsp2[i]);
		bad += ncr_prime_lucas(w, 1, NULL, t) != 0;
	}
	ncr_bn_set_u32(w, 1, 2047);
	ok(!bad && ncr_prime_lucas(w, 1, NULL, t) == -EINVAL,
	   "Lucas: strong Lucas pseudoprimes pass it (and not the whole test), base-2 strong "
	   "pseudoprimes fail it; w <= 2048 -> EINVAL");
	/* random odd numbers without small factors, primes, and a square */
	for (i = 0; i < 40; i++) {
		n = 64;
		if (i % 4 == 0) {
			BN_generate_prime_ex(b, 512, 0, NULL, NULL, NULL);
		} else if (i == 39) {
			BN_generate_prime_ex(b, 256, 0, NULL, NULL, NULL);
			BN_sqr(b, b, ctx);
		} else {
			do {
				BN_rand(b, 512, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ODD);
				BN_bn2binpad(b, buf, (int)n);
				ncr_bn_decode_be(w, NCR_BN_LIMBS(512), buf, n);
			} while (!ncr_prime_trial(w, NCR_BN_LIMBS(512)));
		}
		BN_bn2binpad(b, buf, (int)n);
		ncr_bn_decode_be(w, NCR_BN_LIMBS(512), buf, n);
		want = BN_check_prime(b, ctx, NULL);
		nprime += want;
		r = ncr_prime_lucas(w, NCR_BN_LIMBS(512), NULL, t);
		bad += r != want;
		r = ncr_prime_test_untrusted(w, NCR_BN_LIMBS(512), 4, &env, t);
		bad += r != want;
	}
	ok(!bad, "Lucas and the whole test agree with OpenSSL on 40 512-bit numbers (%zu prime, a "
	   "square of a prime, the others without small factors)", nprime);
	BN_free(b);
	BN_CTX_free(ctx);
}

/* --- Wycheproof DsaVerify files (optional: skipped when not found) --- */
#ifndef DSA_TEST_SHORT
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) == (size_t)n) {
			buf[n] = 0;
			*len = (size_t)n;
		} else {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	return buf;
}

/* The string value of "key" at or after from (before end): hex into out. */
static const char *json_str(const char *from, const char *end, const char *key, char *out,
			    size_t max)
{
	char pat[32];
	const char *k, *v, *e;

	snprintf(pat, sizeof(pat), "\"%s\"", key);
	k = strstr(from, pat);
	if (!k || (end && k >= end))
		return NULL;
	v = strchr(k + strlen(pat), '"');
	if (!v)
		return NULL;
	e = strchr(v + 1, '"');
	if (!e || (size_t)(e - v - 1) >= max)
		return NULL;
	memcpy(out, v + 1, (size_t)(e - v - 1));
	out[e - v - 1] = 0;
	return e + 1;
}

/* Strict DER Dss-Sig-Value -> r||s of qlen bytes each; 0 if malformed. */
static int der_sig_raw(const u8 *der, size_t len, u8 *raw, size_t qlen)
{
	const u8 *p = der;
	DSA_SIG *ds = d2i_DSA_SIG(NULL, &p, (long)len);
	const BIGNUM *r, *s;
	u8 *re = NULL;
	int ok = 0, rl;

	if (!ds)
		return 0;
	rl = i2d_DSA_SIG(ds, &re);
	DSA_SIG_get0(ds, &r, &s);
	if (p == der + len && rl == (int)len && !memcmp(re, der, len) &&
	    (size_t)BN_num_bytes(r) <= qlen && (size_t)BN_num_bytes(s) <= qlen)
		ok = BN_bn2binpad(r, raw, (int)qlen) > 0 && BN_bn2binpad(s, raw + qlen, (int)qlen) > 0;
	OPENSSL_free(re);
	DSA_SIG_free(ds);
	return ok;
}

static void test_wycheproof(const char *name)
{
	static char val[8192];
	static u8 msg[4096], der[4096];
	const char *dir = getenv("NCR_WYCHEPROOF_DIR");
	char path[512], md[16] = "";
	struct key k = { 0 };
	struct ncr_dl_parts d;
	u8 dig[64], raw[128];
	size_t len, dl, ml, sl, ql;
	const char *g, *gnext, *t, *tnext, *qs;
	char *js;
	int n = 0, bad = 0, acc = 0, r, valid, inval;

	snprintf(path, sizeof(path), "%s/%s",
		 dir ? dir : "../shared/vectors/wycheproof/testvectors_v1", name);
	js = slurp(path, &len);
	if (!js) {
		printf("ok %d - # SKIP %s not found\n", ++tap_n, path);
		return;
	}
	for (g = strstr(js, "\"publicKey\""); g; g = gnext) {
		gnext = strstr(g + 1, "\"publicKey\"");
		/* "sha" precedes "publicKey" in the group */
		if (!json_str(g - 200 > js ? g - 200 : js, g, "sha", md, sizeof(md)))
			break;
		if (!json_str(g, gnext, "p", val, sizeof(val)))
			break;
		k.plen = hex2bin(val, k.p, sizeof(k.p));
		json_str(g, gnext, "q", val, sizeof(val));
		k.qlen = hex2bin(val, k.q, sizeof(k.q));
		json_str(g, gnext, "g", val, sizeof(val));
		k.glen = hex2bin(val, k.g, sizeof(k.g));
		json_str(g, gnext, "y", val, sizeof(val));
		k.ylen = hex2bin(val, k.y, sizeof(k.y));
		d = parts(&k);
		ncr_dl_bits(k.q, k.qlen, (const u8 **)&qs, &ql);
		for (t = strstr(g, "\"tcId\""); t && (!gnext || t < gnext); t = tnext) {
			tnext = strstr(t + 1, "\"tcId\"");
			if (!json_str(t, tnext, "msg", val, sizeof(val)))
				break;
			ml = hex2bin(val, msg, sizeof(msg));
			json_str(t, tnext, "sig", val, sizeof(val));
			sl = hex2bin(val, der, sizeof(der));
			json_str(t, tnext, "result", val, sizeof(val));
			valid = !strcmp(val, "valid");
			inval = !strcmp(val, "invalid");
			digest(!strcmp(md, "SHA-224") ? "SHA224" : !strcmp(md, "SHA-256") ? "SHA256" :
			       !strcmp(md, "SHA-1") ? "SHA1" : "SHA512", msg, ml, dig, &dl);
			r = der_sig_raw(der, sl, raw, ql) ?
				ncr_dsa_verify(&d, dig, dl, raw, 2 * ql, scratch) : -EBADMSG;
			n++;
			if ((valid && r) || (inval && !r)) {
				bad++;
				if (bad < 5)
					printf("# %s: a test with result %s got %d\n", name, val, r);
			}
			acc += !valid && !inval;
		}
	}
	ok(n > 0 && !bad, "Wycheproof %s: %d tests (%d acceptable), %d wrong", name, n, acc, bad);
	free(js);
}
#endif

int main(void)
{
	struct key k2048 = { 0 }, k224 = { 0 }, k3072 = { 0 };
	const char *seed = getenv("NCR_TEST_SEED");

	rs = seed ? strtoull(seed, NULL, 0) : (u64)time(NULL);
	if (!rs)
		rs = 1;
	printf("# seed %llu\n", (unsigned long long)rs);
	yield_left = -1;
	scratch = malloc(ncr_dl_scratch_size(8192));
	if (!scratch)
		return 1;

	test_rfc6979();
	set_hex(k2048.p, &k2048.plen, r2048_p);
	set_hex(k2048.q, &k2048.qlen, r2048_q);
	set_hex(k2048.g, &k2048.glen, r2048_g);
	set_hex(k2048.x, &k2048.xlen, r2048_x);
	set_hex(k2048.y, &k2048.ylen, r2048_y);
	test_interop(&k2048, "DSA (2048, 256)");

	test_paramgen(&k224);
	test_generate(&k224, "DSA (2048, 224)");
	test_interop(&k224, "DSA (2048, 224)");

#ifndef DSA_TEST_SHORT	/* the 32-bit-limb build skips (3072, 256): time */
	set_hex(k3072.p, &k3072.plen, ossl3072_p);
	set_hex(k3072.q, &k3072.qlen, ossl3072_q);
	set_hex(k3072.g, &k3072.glen, ossl3072_g);
	{
		struct ncr_dl_parts d = parts(&k3072);

		ok(ncr_dsa_check_params(&d, 1, &env, scratch) == 0,
		   "OpenSSL-generated (3072, 256) params pass our full check");
	}
	test_generate(&k3072, "DSA (3072, 256)");
	test_interop(&k3072, "DSA (3072, 256)");
#else
	(void)k3072;
	(void)ossl3072_p;
	(void)ossl3072_q;
	(void)ossl3072_g;
#endif
	test_bad_params(&k2048);

	test_dh(&k2048);
	test_lucas();
	test_dh_full_ffdhe();
	test_dh_full_good();
	test_dh_full_bad();
	test_dh_yield();
#ifndef DSA_TEST_SHORT	/* the 64-bit build runs them; 32-bit limbs would take long */
	test_wycheproof("dsa_2048_224_sha224_test.json");
	test_wycheproof("dsa_2048_256_sha256_test.json");
#endif

	free(scratch);
	return tap_done();
}
