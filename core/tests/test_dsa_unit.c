// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_dsa_unit.c - core/dlog/dsa.c and dsa_paramgen.c against OpenSSL 3
 * (EVP_PKEY_fromdata keys, EVP_PKEY_sign/verify, EVP_PKEY_param_check) and
 * the RFC 6979 A.2.2 DSA-2048 vectors, the helpers that the other files of
 * build/tests/test_dsa_unit share (declared in test_dlog.h), and main(),
 * which runs them all: DH in test_dh_unit.c and test_dh_params.c,
 * Wycheproof in test_dsa_wycheproof.c.  TAP.
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
#define TAP_MAIN	/* test_tap.h here, tap_ok() for the other files */
#include "test_tap_split.h"
#include "test_dlog.h"

static u64 rs;
u32 rnd(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return (u32)(rs >> 11);
}

void env_rand(void *ctx, u8 *out, size_t len)
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

const struct ncr_env env = { env_rand, env_yield, NULL };

void *scratch;

size_t hex2bin(const char *h, u8 *out, size_t max)
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
const char *r2048_p =
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

struct ncr_dl_parts parts(const struct key *k)
{
	struct ncr_dl_parts d = {
		{ k->p, k->plen }, { k->q, k->qlen }, { k->g, k->glen },
		{ k->y, k->ylen }, { k->x, k->xlen },
	};
	return d;
}

/* OpenSSL key of `type` ("DSA"/"DH") from k; group: ffdhe name or NULL. */
EVP_PKEY *ossl_key(const char *type, const struct key *k, const char *group)
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

size_t get_bn(EVP_PKEY *pk, const char *name, u8 *out, size_t len)
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

void set_hex(u8 *dst, size_t *len, const char *hex)
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

void digest(const char *md, const void *m, size_t len, u8 *out, size_t *olen)
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
