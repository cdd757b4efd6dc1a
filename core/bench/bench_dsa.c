// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * bench_dsa.c - speed of core DSA and DH against OpenSSL 3 in the same run:
 * DSA-2048/256 sign (hedged RFC 6979) and verify of a SHA-256 digest
 * (EVP_PKEY_sign/verify, contexts set up once), DH ffdhe2048 derive (peer
 * validation included on both sides, as each library does it by default)
 * and key generation, and DSA (2048, 256) parameter generation (mean of a
 * few runs: its time is random).  Best of several rounds, OpenSSL and ours
 * alternating.  `make bench-core`.
 *
 * Exponent lengths differ for DH: with q known our x is uniform in
 * [1, q-1] (2047 bits, as the API specifies); OpenSSL's ffdhe2048 keys
 * have 225-bit x.  The "x of OpenSSL's length" line derives with OpenSSL's
 * x to compare like with like.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/core_names.h>
#include <openssl/dsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include "dlog/dsa.h"
#include "hash/hash.h"

#define ROUNDS	5
#define MIN_TIME 0.2

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void env_rand(void *ctx, u8 *out, size_t len)
{
	(void)ctx;
	RAND_bytes(out, (int)len);
}

static const struct ncr_env env = { env_rand, NULL, NULL };
static void *scratch;

static u8 p[256], q[32], g[256], x[256], y[256];
static u8 dig[32], sig[64], der[128];
static size_t derlen;
static struct ncr_dl_parts dsa, dh, dh_short;
static u8 dh_x[256], dh_y[256], dh_peer[256], secret[256], ox[256];
static EVP_PKEY *o_dsa, *o_dh, *o_dhpeer;
static EVP_PKEY_CTX *o_sctx, *o_vctx, *o_dctx, *o_gctx;

static void our_sign(void)
{
	if (ncr_dsa_sign(&dsa, NCR_HASH_SHA256, dig, 32, &env, sig, scratch))
		printf("# sign failed\n");
}

static void our_verify(void)
{
	if (ncr_dsa_verify(&dsa, dig, 32, sig, 64, scratch))
		printf("# verify failed\n");
}

static void ossl_sign(void)
{
	derlen = sizeof(der);
	if (EVP_PKEY_sign(o_sctx, der, &derlen, dig, 32) != 1)
		printf("# EVP_PKEY_sign failed\n");
}

static void ossl_verify(void)
{
	if (EVP_PKEY_verify(o_vctx, der, derlen, dig, 32) != 1)
		printf("# EVP_PKEY_verify failed\n");
}

static void our_derive(void)
{
	if (ncr_dh_derive(&dh, dh_peer, 256, secret, scratch))
		printf("# derive failed\n");
}

static void our_derive_short(void)
{
	if (ncr_dh_derive(&dh_short, dh_peer, 256, secret, scratch))
		printf("# derive failed\n");
}

static void ossl_derive(void)
{
	u8 out[256];
	size_t n = sizeof(out);

	if (EVP_PKEY_derive(o_dctx, out, &n) != 1)
		printf("# EVP_PKEY_derive failed\n");
}

static void our_dh_keygen(void)
{
	size_t xl;
	struct ncr_dl_parts d = dh;

	d.x.len = d.y.len = 0;
	if (ncr_dh_generate(&d, &env, dh_x, &xl, dh_y, scratch))
		printf("# DH generate failed\n");
}

static void ossl_dh_keygen(void)
{
	EVP_PKEY *k = NULL;

	if (EVP_PKEY_keygen(o_gctx, &k) != 1)
		printf("# EVP_PKEY_keygen failed\n");
	EVP_PKEY_free(k);
}

static double rate(void (*f)(void))
{
	double best = 0, t0, dt;
	int r, n;

	f();
	for (r = 0; r < ROUNDS; r++) {
		n = 0;
		t0 = now();
		do {
			f();
			n++;
		} while ((dt = now() - t0) < MIN_TIME);
		if (n / dt > best)
			best = n / dt;
	}
	return best;
}

static void row(const char *name, void (*ours)(void), void (*theirs)(void))
{
	double a, b;

	b = rate(theirs);
	a = rate(ours);
	printf("%-34s %10.0f %10.0f %8.2f\n", name, a, b, a / b);
	fflush(stdout);
}

static size_t hex2bin(const char *h, u8 *out)
{
	size_t n = 0;
	unsigned int v;

	while (h[0] && h[1] && sscanf(h, "%2x", &v) == 1) {
		out[n++] = (u8)v;
		h += 2;
	}
	return n;
}

static BIGNUM *bn(const u8 *v, size_t len)
{
	return BN_bin2bn(v, (int)len, NULL);
}

static EVP_PKEY *fromdata(const char *type, OSSL_PARAM_BLD *b, int sel)
{
	OSSL_PARAM *prm = OSSL_PARAM_BLD_to_param(b);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
	EVP_PKEY *pk = NULL;

	if (!ctx || EVP_PKEY_fromdata_init(ctx) != 1 || EVP_PKEY_fromdata(ctx, &pk, sel, prm) != 1)
		pk = NULL;
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(prm);
	OSSL_PARAM_BLD_free(b);
	return pk;
}

static void setup_dsa(void)
{
	OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
	BIGNUM *v[5];
	int i;

	/* RFC 6979 A.2.2 key */
	hex2bin("9DB6FB5951B66BB6FE1E140F1D2CE5502374161FD6538DF1648218642F0B5C48"
		"C8F7A41AADFA187324B87674FA1822B00F1ECF8136943D7C55757264E5A1A44F"
		"FE012E9936E00C1D3E9310B01C7D179805D3058B2A9F4BB6F9716BFE6117C6B5"
		"B3CC4D9BE341104AD4A80AD6C94E005F4B993E14F091EB51743BF33050C38DE2"
		"35567E1B34C3D6A5C0CEAA1A0F368213C3D19843D0B4B09DCB9FC72D39C8DE41"
		"F1BF14D4BB4563CA28371621CAD3324B6A2D392145BEBFAC748805236F5CA2FE"
		"92B871CD8F9C36D3292B5509CA8CAA77A2ADFC7BFD77DDA6F71125A7456FEA15"
		"3E433256A2261C6A06ED3693797E7995FAD5AABBCFBE3EDA2741E375404AE25B", p);
	hex2bin("F2C3119374CE76C9356990B465374A17F23F9ED35089BD969F61C6DDE9998C1F", q);
	hex2bin("5C7FF6B06F8F143FE8288433493E4769C4D988ACE5BE25A0E24809670716C613"
		"D7B0CEE6932F8FAA7C44D2CB24523DA53FBE4F6EC3595892D1AA58C4328A06C4"
		"6A15662E7EAA703A1DECF8BBB2D05DBE2EB956C142A338661D10461C0D135472"
		"085057F3494309FFA73C611F78B32ADBB5740C361C9F35BE90997DB2014E2EF5"
		"AA61782F52ABEB8BD6432C4DD097BC5423B285DAFB60DC364E8161F4A2A35ACA"
		"3A10B1C4D203CC76A470A33AFDCBDD92959859ABD8B56E1725252D78EAC66E71"
		"BA9AE3F1DD2487199874393CD4D832186800654760E1E34C09E4D155179F9EC0"
		"DC4473F996BDCE6EED1CABED8B6F116F7AD9CF505DF0F998E34AB27514B0FFE7", g);
	hex2bin("69C7548C21D0DFEA6B9A51C9EAD4E27C33D3B3F180316E5BCAB92C933F0E4DBC", x);
	hex2bin("667098C654426C78D7F8201EAC6C203EF030D43605032C2F1FA937E5237DBD94"
		"9F34A0A2564FE126DC8B715C5141802CE0979C8246463C40E6B6BDAA2513FA61"
		"1728716C2E4FD53BC95B89E69949D96512E873B9C8F8DFD499CC312882561ADE"
		"CB31F658E934C0C197F2C4D96B05CBAD67381E7B768891E4DA3843D24D94CDFB"
		"5126E9B8BF21E8358EE0E0A30EF13FD6A664C0DCE3731F7FB49A4845A4FD8254"
		"687972A2D382599C9BAC4E0ED7998193078913032558134976410B89D2C171D1"
		"23AC35FD977219597AA7D15C1A9A428E59194F75C721EBCBCFAE44696A499AFA"
		"74E04299F132026601638CB87AB79190D4A0986315DA8EEC6561C938996BEADF", y);
	dsa = (struct ncr_dl_parts){ { p, 256 }, { q, 32 }, { g, 256 }, { y, 256 }, { x, 32 } };
	ncr_hash(NCR_HASH_SHA256, "sample", 6, dig);
	v[0] = bn(p, 256);
	v[1] = bn(q, 32);
	v[2] = bn(g, 256);
	v[3] = bn(y, 256);
	v[4] = bn(x, 32);
	OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_FFC_P, v[0]);
	OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_FFC_Q, v[1]);
	OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_FFC_G, v[2]);
	OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_PUB_KEY, v[3]);
	OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_PRIV_KEY, v[4]);
	o_dsa = fromdata("DSA", b, EVP_PKEY_KEYPAIR);
	for (i = 0; i < 5; i++)
		BN_free(v[i]);
	o_sctx = EVP_PKEY_CTX_new_from_pkey(NULL, o_dsa, NULL);
	o_vctx = EVP_PKEY_CTX_new_from_pkey(NULL, o_dsa, NULL);
	EVP_PKEY_sign_init(o_sctx);
	EVP_PKEY_verify_init(o_vctx);
	our_sign();
	ossl_sign();
}

static EVP_PKEY *ffdhe_params(void)
{
	OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();

	OSSL_PARAM_BLD_push_utf8_string(b, OSSL_PKEY_PARAM_GROUP_NAME, "ffdhe2048", 0);
	return fromdata("DH", b, EVP_PKEY_KEY_PARAMETERS);
}

static void setup_dh(void)
{
	EVP_PKEY *params = ffdhe_params(), *peer = NULL;
	EVP_PKEY_CTX *c;
	BIGNUM *b = NULL;
	size_t xl, oxl;

	o_gctx = EVP_PKEY_CTX_new_from_pkey(NULL, params, NULL);
	EVP_PKEY_keygen_init(o_gctx);
	EVP_PKEY_keygen(o_gctx, &o_dh);
	EVP_PKEY_keygen(o_gctx, &peer);
	EVP_PKEY_get_bn_param(peer, OSSL_PKEY_PARAM_PUB_KEY, &b);
	BN_bn2binpad(b, dh_peer, 256);
	BN_free(b);
	b = NULL;
	EVP_PKEY_get_bn_param(o_dh, OSSL_PKEY_PARAM_PRIV_KEY, &b);
	oxl = (size_t)BN_num_bytes(b);
	BN_bn2binpad(b, ox, (int)oxl);
	BN_free(b);
	o_dhpeer = peer;
	o_dctx = EVP_PKEY_CTX_new_from_pkey(NULL, o_dh, NULL);
	EVP_PKEY_derive_init(o_dctx);
	EVP_PKEY_derive_set_peer(o_dctx, o_dhpeer);
	ncr_dh_ffdhe(2048, &dh);
	ncr_dh_generate(&dh, &env, dh_x, &xl, dh_y, scratch);
	dh.x.p = dh_x;
	dh.x.len = xl;
	dh_short = dh;
	dh_short.x.p = ox;
	dh_short.x.len = oxl;
	(void)c;
	EVP_PKEY_free(params);
}

static void paramgen_times(int runs)
{
	u8 pp[256], qq[32], gg[256];
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "DSA", NULL);
	EVP_PKEY *k;
	double t0, ours = 0, theirs = 0;
	int i;

	EVP_PKEY_paramgen_init(c);
	EVP_PKEY_CTX_set_dsa_paramgen_bits(c, 2048);
	EVP_PKEY_CTX_set_dsa_paramgen_q_bits(c, 256);
	for (i = 0; i < runs; i++) {
		t0 = now();
		k = NULL;
		if (EVP_PKEY_paramgen(c, &k) != 1)
			printf("# EVP_PKEY_paramgen failed\n");
		theirs += now() - t0;
		EVP_PKEY_free(k);
		t0 = now();
		if (ncr_dsa_paramgen(2048, 256, &env, pp, qq, gg, scratch))
			printf("# paramgen failed\n");
		ours += now() - t0;
	}
	printf("%-34s %9.2fs %9.2fs %8.2f\n", "DSA paramgen (2048,256), mean", ours / runs,
	       theirs / runs, theirs / ours);
	EVP_PKEY_CTX_free(c);
}

int main(int argc, char **argv)
{
	int pg_runs = argc > 1 ? atoi(argv[1]) : 4;

	scratch = malloc(ncr_dl_scratch_size(2048));
	setup_dsa();
	setup_dh();
	printf("# DSA/DH: ops/s, best of %d rounds (ratio = ncr / OpenSSL)\n", ROUNDS);
	printf("%-34s %10s %10s %8s\n", "operation", "ncr core", "OpenSSL", "ratio");
	row("DSA-2048/256 sign (SHA-256)", our_sign, ossl_sign);
	row("DSA-2048/256 verify", our_verify, ossl_verify);
	row("DH ffdhe2048 derive (x < q)", our_derive, ossl_derive);
	row("DH ffdhe2048 derive (OpenSSL's x)", our_derive_short, ossl_derive);
	row("DH ffdhe2048 keygen", our_dh_keygen, ossl_dh_keygen);
	if (pg_runs > 0)
		paramgen_times(pg_runs);
	EVP_PKEY_CTX_free(o_sctx);
	EVP_PKEY_CTX_free(o_vctx);
	EVP_PKEY_CTX_free(o_dctx);
	EVP_PKEY_CTX_free(o_gctx);
	EVP_PKEY_free(o_dsa);
	EVP_PKEY_free(o_dh);
	EVP_PKEY_free(o_dhpeer);
	free(scratch);
	return 0;
}
