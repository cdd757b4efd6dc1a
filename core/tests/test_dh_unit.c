// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_dh_unit.c - core/dlog/dh.c and dh_groups.c against OpenSSL 3, part
 * of build/tests/test_dsa_unit: the RFC 7919 groups, agreement both ways
 * (EVP_PKEY_derive), checks of peer values, and the structural parameter
 * check.  TAP (test_tap_split.h).
 */
#include <string.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/dh.h>
#include <openssl/evp.h>
#include "dlog/dsa.h"
#include "test_tap_split.h"
#include "test_dlog.h"

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
void test_dh_agree(struct key *k, const char *group, const char *what, size_t want_xlen)
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

void test_dh_peer(struct key *k, const char *what, int has_q)
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

void test_dh(struct key *dsa2048)
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
