// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/attacks/dh.c - part of build/tests/attacks (see tests/attacks/main.c): the
 * Diffie-Hellman findings of issue 7.
 *   A10  the public value of a key pair whose p has a bit length that is
 *        not a multiple of 8 (2052 bits) is g^x mod p: checked directly
 *        on an imported key of known x, and through shared secrets both
 *        ways with OpenSSL;
 *   A12  parameter validation (composite p, p - 1 smooth without q, q not
 *        dividing p - 1, q composite or short, g of the wrong order) and
 *        the small-subgroup (Pohlig-Hellman) attack itself: peer values
 *        of small order must be refused, and where the kernel lets the
 *        attacker's chosen parameters or peers through, the test runs the
 *        attack and says how much of the private key it recovered.
 * The constants were made once with a fixed seed (Python, Miller-Rabin
 * with 40 rounds; checked by OpenSSL's BN_check_prime at run time):
 *   A10_*   X9.42 group: p of 2052 bits, q of 256 bits, p - 1 =
 *           2 * 105 * r * q (so elements of order 3, 5 and 7 exist), g of
 *           order q;
 *   SMOOTH_P  a 2048-bit prime with p - 1 = 2 * (177 primes < 4096);
 *   Q160_*  X9.42 group with a 160-bit q;
 *   OTHER_Q a 256-bit prime that does not divide A10_P - 1;
 *   COMP_*  a composite 2048-bit p = 2 r A10_Q + 1 and g = 2^((p-1)/q).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>

#include "attacks.h"

static const char A10_P[] =
	"0955084bd71b7e86625be777c8f1cefb832aa250563779d6a15bf2e19df7e618"
	"f57f5beb4223f75fd0abb87f141b4ab6ae146ac2453783f71bafdab759812be0"
	"25181a2876d5dcca33b3ca74487fd79cacd7c84f6097d43fb5f1df56e35dbf53"
	"a8035a3fffcdd3802f5951415b85391cea50b59f3d64fc6f0ace4433b65bbcb6"
	"0650dae84037aada7186c1f3e96905874f7a553ac070c7323e413dcf15d909d1"
	"57288072c7a3091de2459f9bccc134c86c35cd4a47b800801db2f734274ebaf8"
	"e34588a7e3c9c8845a4d9e1d62465a828bf8f0e21a4ce873627aa678e83172ce"
	"d09ca8c707a153eb8699970c54240b433bff10850ffc7879ea77b1e31b06abe0"
	"03";
static const char A10_Q[] =
	"bd877a1fa3c3c7c9195f44440388e65751305218c4bcdc4a2f8fe8894c1a8591";
static const char A10_G[] =
	"02380b9b492736a654761044e5a9c8eac51f3f8bd2481a5f30adda16c6c22e8b"
	"fcf6b2f94e00aaea70c5929a76bd1fb031d2cdccd7401af288eb4d018f4fc590"
	"dd64bffac10d86014d9c5b09c5eb3e03a3ca121547a47bd62718394e0645950b"
	"da315dbfb4dbc884444d48af39d9cc9cdb475434b86e5020556416f3f0fc722c"
	"b0f4c4ee59f22343748da6fa991e05e22897c63d33ea079334829f65597cc107"
	"9f79ec7a957a423c29c0503adb0d3b9bdddc57aa9f10853b5922633f2f91d186"
	"37367eef4733d253372f3d273708b76d9e8b8b828943b9f12f2cac62f8b5f2cf"
	"2a11958d3cec91cff37f2f65be784a2f728b16e78e226acecf124717a6558918"
	"54";
static const char SMOOTH_P[] =
	"e9c28bfa01060cd5e4994647ac6e9ce304a60d6ce0aab033742ba0b924eaaec2"
	"9cac31d6a711ea9efa2a37ca5e1925229efe41f9087384000a7c5c2dadf53108"
	"ed03ae866548a1e895fbadc2d25897a01bbbb0defec77b89f4eac6e7c973bbd9"
	"812c9fd880173724ffb8f89ffcb02f7227cefd382e08722ddb78158ec2089efe"
	"1c38c2d0f7f6c632ed3ed72ec9518dd6b1cdee18708e23dc6aee0fc6ad3acb53"
	"0124bef1d51f599ebd247fb02806b3a1b5bbcf37950f52f07cd2f0b7a6e5d72c"
	"928a59b42b47a1c1f4fa215182071f60207a388044e45ea103b70b811aa65e7b"
	"0dc61d13bc7c79e895bb7b9757bf93d3ad666184422884ec888a42150c8ee89f";
static const char Q160_P[] =
	"ce13a3c3284717dfd341baa82c890c7040077249a0a96b86afeec81239c7134a"
	"4de4a9ee57f093e33f678d84225f290438a5881ce95e6ba92fcc306747acc506"
	"e46fe74d734fbf3e97e7b21c669dd04637ffed92363a1be125f4b7deebb67bdb"
	"ea2d8f51d0980c67a77f68d50b31a8587bc70ca3dbd7f7ebfb973583cbf13fc4"
	"7475535a4959c4b6b1af3dadd4bce28e9b48ea0ce73ef3b34e4692bce2df59e0"
	"8a13b45924335845a7793e691a4a56408cf92ccb7119f591a5c46c0def63b152"
	"0b28e4a798884a9ecec0fa7bcabafc798738b9e236e4dfae5b9016010232e32d"
	"bf48069a08062044cd0984cae39abb4a6824f31f3928afedda9a863f8ed799c1";
static const char Q160_Q[] =
	"f13aa7cba637433d1f5d3fb6fc45f41f270fa55f";
static const char Q160_G[] =
	"cb31c45d450fcbc49d5f83c7cdb405203be1de504b7321b65321a61177d2cdaa"
	"87296e11b2777904416015977454bb10478b0742a4a1defb0b838ed908a4b615"
	"ae9bff3ca5b94800f683d7fe2a8a586b9935ea4842c585bc66af97e456a67acc"
	"31d439d1c9787c79b74c8d479ce94aac6939077ad12df1b522b5a4312409381a"
	"ce7464dd0a60e47c631dad6849e92e9aa581b42ca57fe45a92e08889c93a68af"
	"5c5c32340efb19037d63078c336c79bfcf2f543f01256931e695ad53370290e7"
	"f76d1f573ceeb4d877d06d1b7d13f5bf2222dc0237f79d30dfad86bd05cf1b4a"
	"7b6a4a7e3f88cd5a974ab2883460b42a352ab8156e98762c257a3a151a6ee5dc";
static const char OTHER_Q[] =
	"9e9a57c4afe5e3830b0df8e3fed10703b1e790c73ac38bccc6e3ab3f2d0d3765";
static const char COMP_P[] =
	"af332c79d23eb24004b7c46ed8e3773aafb410ea98ea62d0659646fd355f2886"
	"c30736101c18b07270f98c8e26edd0bee79e24aee4b83a1770a20b422cda0f9a"
	"4e2e3ed791eb5157665366973fc83ed09ada7375a991bb91f43317b871acf251"
	"477d47647feb044680c8a5b0ec649f36449dbaf8e8e49c839f8f391faf2b56c2"
	"cfae381dfd8355ac83ff4383593592cdfcb8626ced766d2abf97b47d89582c85"
	"a7abcc6cde0494bf013ac9657369092311f592c6b131aca2bac794e115781fff"
	"befaf7cc509df1d35fb29dc654769d78c2572394be974b5705cbaad2aa05e86a"
	"6f6400f661eaf9890ee76d3d6c727ab6ca5dfb0f6f17f3126bafe2997d6296dd";
static const char COMP_G[] =
	"1e7a42b7e110c6302f25f8e978f093da3ec18cfcecc93fa625ccdf7cf0f74ba1"
	"261790d2d2ce3fdaa09966e0ff8f74ddedaaa48b5a83f84632b54d1586602cb4"
	"c96bcefdf3176e53fd58bead7bfe8b256a8287e61a0ddd8a4686e28b9ded6622"
	"7ba35c565add2d3cc2f8e0c66e4bf76cdbe33f365fb0c2c9876d73a37d580b9d"
	"7be9adfef56ae916a8d33dbc17292c6066b8093a68458d91ffd87a13fe420bf1"
	"66f3368fa40aff6309c2aa7d3110ecbc154cf7a5b220904be79d1897a5c332ab"
	"bf3108d20860d5edbbf0bce7610b6edd32ccf14da1c60fbc9160f4402a0d77a7"
	"459ce4c5d55bd0e0b254b2b02611eb97ad12209030a7381cede83955343643f4";

/* ------------------------------------------------------------------ DER */

struct db {
	uint8_t *p;
	size_t n;
};

static void db_put(struct db *b, const void *d, size_t n)
{
	uint8_t *np = realloc(b->p, b->n + n + 1);

	if (!np)
		abort();
	b->p = np;
	memcpy(b->p + b->n, d, n);
	b->n += n;
}

/* Appends tag, length and the content of c (and frees c). */
static void db_tlv(struct db *out, uint8_t tag, struct db *c)
{
	uint8_t h[4] = { tag };
	size_t hl = 2;

	if (c->n < 128) {
		h[1] = (uint8_t)c->n;
	} else if (c->n < 256) {
		h[1] = 0x81;
		h[2] = (uint8_t)c->n;
		hl = 3;
	} else {
		h[1] = 0x82;
		h[2] = (uint8_t)(c->n >> 8);
		h[3] = (uint8_t)c->n;
		hl = 4;
	}
	db_put(out, h, hl);
	db_put(out, c->p ? c->p : (uint8_t *)"", c->n);
	free(c->p);
	c->p = NULL;
	c->n = 0;
}

static void db_int(struct db *out, const BIGNUM *bn)
{
	struct db c = { 0 };
	size_t n = (size_t)BN_num_bytes(bn);
	uint8_t *buf = malloc(n + 1);

	buf[0] = 0;
	BN_bn2bin(bn, buf + 1);
	/* minimal, positive: a leading 0 only before a high bit (or for 0) */
	if (!n || buf[1] & 0x80)
		db_put(&c, buf, n + 1);
	else
		db_put(&c, buf + 1, n);
	free(buf);
	db_tlv(out, 0x02, &c);
}

/* DHParameter {p, g} (q NULL) or X9.42 DomainParameters {p, g, q}. */
static void db_params(struct db *out, const BIGNUM *p, const BIGNUM *g,
		      const BIGNUM *q)
{
	struct db c = { 0 };

	db_int(&c, p);
	db_int(&c, g);
	if (q)
		db_int(&c, q);
	db_tlv(out, 0x30, &c);
}

static const uint8_t oid_dhx[] = {
	0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3e, 0x02, 0x01,
};
static const uint8_t oid_dh[] = {
	0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x03, 0x01,
};

static void db_algid(struct db *out, const BIGNUM *p, const BIGNUM *g,
		     const BIGNUM *q)
{
	struct db c = { 0 };

	if (q)
		db_put(&c, oid_dhx, sizeof(oid_dhx));
	else
		db_put(&c, oid_dh, sizeof(oid_dh));
	db_params(&c, p, g, q);
	db_tlv(out, 0x30, &c);
}

static uint8_t *dh_params_der(const BIGNUM *p, const BIGNUM *g,
			      const BIGNUM *q, size_t *len)
{
	struct db d = { 0 };

	db_params(&d, p, g, q);
	*len = d.n;
	return d.p;
}

/* PKCS#8 PrivateKeyInfo of a DH private key x. */
static uint8_t *dh_pkcs8(const BIGNUM *p, const BIGNUM *g, const BIGNUM *q,
			 const BIGNUM *x, size_t *len)
{
	struct db seq = { 0 }, ver = { 0 }, pk = { 0 }, xi = { 0 }, out = { 0 };
	static const uint8_t zero = 0;

	db_put(&ver, &zero, 1);
	db_tlv(&seq, 0x02, &ver);
	db_algid(&seq, p, g, q);
	db_int(&xi, x);
	db_put(&pk, xi.p, xi.n);
	free(xi.p);
	db_tlv(&seq, 0x04, &pk);
	db_tlv(&out, 0x30, &seq);
	*len = out.n;
	return out.p;
}

/* SubjectPublicKeyInfo of a DH public value y. */
static uint8_t *dh_spki(const BIGNUM *p, const BIGNUM *g, const BIGNUM *q,
			const BIGNUM *y, size_t *len)
{
	struct db seq = { 0 }, bits = { 0 }, yi = { 0 }, out = { 0 };
	static const uint8_t zero = 0;

	db_algid(&seq, p, g, q);
	db_put(&bits, &zero, 1);
	db_int(&yi, y);
	db_put(&bits, yi.p, yi.n);
	free(yi.p);
	db_tlv(&seq, 0x03, &bits);
	db_tlv(&out, 0x30, &seq);
	*len = out.n;
	return out.p;
}

/* ------------------------------------------------------------ bignums */

static BIGNUM *bn_hex(const char *hex)
{
	BIGNUM *b = NULL;

	BN_hex2bn(&b, hex);
	return b;
}

static BIGNUM *bn_word(unsigned long w)
{
	BIGNUM *b = BN_new();

	BN_set_word(b, w);
	return b;
}

/* len bytes, big-endian, left-padded: malloc'd. */
static uint8_t *bn_pad(const BIGNUM *b, size_t len)
{
	uint8_t *out = malloc(len);

	if (out && BN_bn2binpad(b, out, (int)len) < 0) {
		free(out);
		out = NULL;
	}
	return out;
}

/* p of an RFC 7919 group, from OpenSSL. */
static BIGNUM *o_ffdhe_p(const char *group)
{
	EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
	EVP_PKEY *k = NULL;
	BIGNUM *p = NULL;

	if (pc && EVP_PKEY_keygen_init(pc) > 0 &&
	    EVP_PKEY_CTX_set_group_name(pc, group) > 0 &&
	    EVP_PKEY_keygen(pc, &k) > 0)
		EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_FFC_P, &p);
	EVP_PKEY_free(k);
	EVP_PKEY_CTX_free(pc);
	return p;
}

uint8_t *dh_ffdhe8192_x942(size_t *len)
{
	BIGNUM *p = o_ffdhe_p("ffdhe8192"), *q = BN_new(), *g = bn_word(2);
	uint8_t *der = NULL;

	if (p && q && g && BN_sub(q, p, BN_value_one()) && BN_rshift1(q, q))
		der = dh_params_der(p, g, q, len);
	BN_free(p);
	BN_free(q);
	BN_free(g);
	return der;
}

/*
 * Pohlig-Hellman: an x with g^x = y (mod p), found over the prime powers
 * of p - 1, each tried exhaustively; NULL if p - 1 has a prime factor
 * above 8192 (then the attack is not this easy).
 */
static BIGNUM *pohlig_hellman(const BIGNUM *p, const BIGNUM *g,
			      const BIGNUM *y, BN_CTX *bc)
{
	BIGNUM *n = BN_dup(p), *x = BN_new(), *mod = bn_word(1);
	BIGNUM *m = BN_new(), *e = BN_new(), *gm = BN_new(), *ym = BN_new();
	BIGNUM *cur = BN_new(), *t = BN_new(), *inv = BN_new();
	int ok = 1;

	BN_sub_word(n, 1);
	BN_zero(x);
	for (unsigned long r = 2; r < 8192 && ok && !BN_is_one(n); r++) {
		unsigned long i, mw = 1;
		int prime = 1;

		for (unsigned long d = 2; d * d <= r; d++)
			if (r % d == 0)
				prime = 0;
		if (!prime || BN_mod_word(n, r) != 0)
			continue;
		while (BN_mod_word(n, r) == 0) {
			BN_div_word(n, r);
			mw *= r;
		}
		/* x mod mw: (g^((p-1)/mw))^i = y^((p-1)/mw) */
		BN_set_word(m, mw);
		BN_sub(e, p, BN_value_one());
		BN_div(e, NULL, e, m, bc);
		BN_mod_exp(gm, g, e, p, bc);
		BN_mod_exp(ym, y, e, p, bc);
		BN_one(cur);
		for (i = 0; i < mw; i++) {
			if (!BN_cmp(cur, ym))
				break;
			BN_mod_mul(cur, cur, gm, p, bc);
		}
		if (i == mw) {
			ok = 0;
			break;
		}
		/* CRT: x += mod * ((i - x) * mod^-1 mod mw) */
		BN_set_word(t, i);
		BN_mod_sub(t, t, x, m, bc);
		BN_mod_inverse(inv, mod, m, bc);
		BN_mod_mul(t, t, inv, m, bc);
		BN_mul(t, t, mod, bc);
		BN_add(x, x, t);
		BN_mul(mod, mod, m, bc);
	}
	if (!BN_is_one(n))
		ok = 0;
	BN_free(n);
	BN_free(mod);
	BN_free(m);
	BN_free(e);
	BN_free(gm);
	BN_free(ym);
	BN_free(cur);
	BN_free(t);
	BN_free(inv);
	if (!ok) {
		BN_free(x);
		return NULL;
	}
	return x;
}

/* y of a DH key handle (RAW_PUBLIC), as a BIGNUM; NULL on error. */
static BIGNUM *ncr_dh_y(uint32_t key)
{
	uint8_t buf[1100];
	size_t n = sizeof(buf);

	if (a_export(A.fd, key, NCR_KEY_FORMAT_RAW_PUBLIC, buf, &n))
		return NULL;
	return BN_bin2bn(buf, (int)n, NULL);
}

/* Derives with a peer value, into an EXPORTABLE HMAC key, and exports
 * the secret: 0 or -errno. */
static int dh_secret(uint32_t key, const uint8_t *peer, size_t peer_len,
		     uint8_t *out, size_t *out_len)
{
	uint32_t k;
	int r = key_derive(A.fd, NCR_ALG_DH, key, peer, peer_len,
			   NCR_KEY_TYPE_HMAC, NCR_KEY_FLAG_EXPORTABLE,
			   NCR_KEY_USAGE_SIGN, 0, &k);

	if (!r) {
		r = a_export(A.fd, k, 0, out, out_len);
		a_del(A.fd, k);
	}
	return r;
}

/* ------------------------------------------------------------------ A10 */

void t_a10(void)
{
	BN_CTX *bc = BN_CTX_new();
	BIGNUM *p = bn_hex(A10_P), *q = bn_hex(A10_Q), *g = bn_hex(A10_G);
	BIGNUM *x2 = BN_new(), *y2 = BN_new(), *t = BN_new(), *y = NULL;
	BIGNUM *yi = NULL;
	uint8_t *params = NULL, *p8 = NULL, *y2b = NULL, *yb = NULL;
	uint8_t s1[300], s2[300], *want = NULL;
	size_t pl = 0, p8l = 0, plen, s1l = sizeof(s1), s2l = sizeof(s2);
	struct ncr_key_info ki;
	uint32_t priv, pub, k2;
	int r;

	plen = (size_t)BN_num_bytes(p);
	tap_ok(BN_num_bits(p) == 2052 && BN_check_prime(p, bc, NULL) == 1 &&
	       BN_check_prime(q, bc, NULL) == 1 &&
	       BN_mod_exp(t, g, q, p, bc) && BN_is_one(t),
	       "A10.0 - OpenSSL: the test group's p (2052 bits, %zu bytes) and "
	       "q are prime, g has order q", plen);
	params = dh_params_der(p, g, q, &pl);
	r = a_genpair(A.fd, NCR_KEY_TYPE_DH, 0, params, pl, 0,
		      NCR_KEY_USAGE_DERIVE, 0, &priv, &pub);
	if (!tap_err(r, 0, "A10.1 - a DH key pair for X9.42 parameters whose p "
		     "has 2052 bits (not a multiple of 8)"))
		goto out;
	a_keyinfo(A.fd, pub, &ki);
	tap_ok(ki.bits == 2052, "A10.2 - key info: %u bits", ki.bits);
	y = ncr_dh_y(pub);
	BN_sub(t, p, BN_value_one());
	tap_ok(y && BN_cmp(y, BN_value_one()) > 0 && BN_cmp(y, t) < 0 &&
	       BN_mod_exp(t, y, q, p, bc) && BN_is_one(t), "A10.3 - the "
	       "exported public value y: 1 < y < p - 1 and y^q = 1 (mod p)");

	/* a private key of known x: is its y g^x? */
	do {
		BN_rand_range(x2, q);
	} while (BN_num_bits(x2) < 200);
	BN_mod_exp(y2, g, x2, p, bc);
	p8 = dh_pkcs8(p, g, q, x2, &p8l);
	r = a_import(A.fd, NCR_KEY_TYPE_DH, NCR_KEY_FORMAT_PKCS8, 0, p8, p8l, 0,
		     NCR_KEY_USAGE_DERIVE, 0, &k2);
	if (!tap_err(r, 0, "A10.4 - import of a DH private key of known x "
		     "(PKCS#8, dhpublicnumber) in that group"))
		goto pair;
	yi = ncr_dh_y(k2);
	tap_ok(yi && !BN_cmp(yi, y2), "A10.5 - the kernel's public value of "
	       "that key equals OpenSSL's g^x mod p");
	y2b = bn_pad(y2, plen);
	yb = y ? bn_pad(y, plen) : NULL;
	want = malloc(plen);
	r = y2b ? dh_secret(priv, y2b, plen, s1, &s1l) : -ENOMEM;
	if (y && want) {
		BN_mod_exp(t, y, x2, p, bc);	/* OpenSSL's side */
		BN_bn2binpad(t, want, (int)plen);
	}
	tap_ok(!r && want && s1l == plen && !memcmp(s1, want, plen),
	       "A10.6 - the generated key's shared secret with g^x equals "
	       "OpenSSL's y^x mod p (%zu bytes, left-padded): %s", s1l,
	       errname(r));
	r = yb ? dh_secret(k2, yb, plen, s2, &s2l) : -ENOMEM;
	tap_ok(!r && s2l == s1l && !memcmp(s1, s2, s1l), "A10.7 - and the "
	       "imported key's with the generated y gives the same secret "
	       "(%s)", errname(r));
	a_del(A.fd, k2);
pair:
	a_del(A.fd, priv);
	a_del(A.fd, pub);
out:
	free(params);
	free(p8);
	free(y2b);
	free(yb);
	free(want);
	BN_free(p);
	BN_free(q);
	BN_free(g);
	BN_free(x2);
	BN_free(y2);
	BN_free(t);
	BN_free(y);
	BN_free(yi);
	BN_CTX_free(bc);
}

/* ------------------------------------------------------------------ A12 */

/*
 * Weak parameters: key generation and import must be EINVAL.  If the
 * kernel makes a key anyway, the attacker exports its public value and
 * runs Pohlig-Hellman on it (p - 1 smooth): the test says whether that
 * recovered the private key (as an exponent with the same public value).
 */
static void weak_params(const char *id, const char *what, const BIGNUM *p,
			const BIGNUM *g, const BIGNUM *q, BN_CTX *bc)
{
	size_t pl = 0, p8l = 0, sl = 0;
	uint8_t *params = dh_params_der(p, g, q, &pl);
	BIGNUM *x = BN_new(), *y = BN_new();
	uint8_t *p8, *spki;
	uint32_t priv, pub, k;
	int r, r2, r3;

	r = a_genpair(A.fd, NCR_KEY_TYPE_DH, 0, params, pl, 0,
		      NCR_KEY_USAGE_DERIVE, 0, &priv, &pub);
	if (!r) {
		BIGNUM *ky = ncr_dh_y(pub), *xr = NULL, *t = BN_new();

		if (ky)
			xr = pohlig_hellman(p, g, ky, bc);
		tap_ok(0, "%sa - a key pair for %s was MADE%s", id, what,
		       xr && BN_mod_exp(t, g, xr, p, bc) && !BN_cmp(t, ky) ?
		       "; Pohlig-Hellman on its public value RECOVERED THE "
		       "PRIVATE KEY" : "");
		BN_free(ky);
		BN_free(xr);
		BN_free(t);
		a_del(A.fd, priv);
		a_del(A.fd, pub);
	} else {
		tap_err(r, -EINVAL, "%sa - a key pair for %s", id, what);
	}
	BN_rand_range(x, q ? q : p);
	BN_mod_exp(y, g, x, p, bc);
	p8 = dh_pkcs8(p, g, q, x, &p8l);
	spki = dh_spki(p, g, q, y, &sl);
	r2 = a_import(A.fd, NCR_KEY_TYPE_DH, NCR_KEY_FORMAT_PKCS8, 0, p8, p8l,
		      0, NCR_KEY_USAGE_DERIVE, 0, &k);
	if (!r2)
		a_del(A.fd, k);
	r3 = a_import(A.fd, NCR_KEY_TYPE_DH, NCR_KEY_FORMAT_SPKI, 0, spki, sl,
		      0, NCR_KEY_USAGE_DERIVE, 0, &k);
	if (!r3)
		a_del(A.fd, k);
	tap_ok(r2 == -EINVAL && r3 == -EINVAL, "%sb - import of a private "
	       "(PKCS#8: %s) and a public key (SPKI: %s) for %s: EINVAL", id,
	       errname(r2), errname(r3), what);
	free(params);
	free(p8);
	free(spki);
	BN_free(x);
	BN_free(y);
}

/*
 * A small-order peer: derive must be EINVAL.  If it is accepted, the
 * attacker exports the secret (it chose EXPORTABLE) and finds x mod r.
 */
static void small_peer(const char *id, const char *what, uint32_t priv,
		       const BIGNUM *p, const BIGNUM *peer, unsigned long r_ord,
		       size_t plen, BN_CTX *bc)
{
	uint8_t *pb = bn_pad(peer, plen), s[1100];
	size_t sl = sizeof(s);
	int r = pb ? dh_secret(priv, pb, plen, s, &sl) : -ENOMEM;

	if (!r) {
		BIGNUM *sb = BN_bin2bn(s, (int)sl, NULL), *cur = bn_word(1);
		unsigned long i;

		for (i = 0; r_ord && i < r_ord; i++) {
			if (!BN_cmp(cur, sb))
				break;
			BN_mod_mul(cur, cur, peer, p, bc);
		}
		if (r_ord && i < r_ord)
			tap_ok(0, "%s - derive with %s was ACCEPTED: the "
			       "secret is peer^%lu, so x = %lu (mod %lu) "
			       "LEAKED", id,
			       what, i, i, r_ord);
		else
			tap_ok(0, "%s - derive with %s was ACCEPTED", id, what);
		BN_free(sb);
		BN_free(cur);
	} else {
		tap_err(r, -EINVAL, "%s - derive with %s", id, what);
	}
	free(pb);
}

void t_a12(void)
{
	BN_CTX *bc = BN_CTX_new();
	BIGNUM *p = bn_hex(A10_P), *q = bn_hex(A10_Q), *g = bn_hex(A10_G);
	BIGNUM *sp = bn_hex(SMOOTH_P), *cp = bn_hex(COMP_P);
	BIGNUM *cg = bn_hex(COMP_G), *oq = bn_hex(OTHER_Q);
	BIGNUM *p160 = bn_hex(Q160_P), *q160 = bn_hex(Q160_Q);
	BIGNUM *g160 = bn_hex(Q160_G), *two = bn_word(2), *t = BN_new();
	BIGNUM *e = BN_new(), *h = BN_new(), *pm1 = BN_new();
	uint8_t *params = NULL;
	size_t pl = 0, plen = (size_t)BN_num_bytes(p);
	uint32_t priv, pub;
	int r;

	BN_sub(pm1, p, BN_value_one());
	tap_ok(BN_check_prime(sp, bc, NULL) == 1 &&
	       BN_check_prime(cp, bc, NULL) == 0 &&
	       BN_check_prime(oq, bc, NULL) == 1 &&
	       BN_check_prime(q160, bc, NULL) == 1 && BN_num_bits(q160) == 160,
	       "A12.0 - OpenSSL: the smooth p is prime, the composite p is "
	       "not, the other q and the 160-bit q are prime");

	weak_params("A12.1", "a composite p (X9.42, with a prime q dividing "
		    "p - 1)", cp, cg, q, bc);
	weak_params("A12.2", "a composite p (PKCS#3, g = 2)", cp, two, NULL,
		    bc);
	weak_params("A12.3", "a prime p with p - 1 smooth (PKCS#3, no q, not "
		    "a safe prime)", sp, two, NULL, bc);
	weak_params("A12.4", "X9.42 parameters whose q does not divide p - 1",
		    p, g, oq, bc);
	BN_mul_word(t, 0);
	BN_copy(t, q);
	BN_mul_word(t, 3);	/* 3q divides p - 1, and g^(3q) = 1 */
	weak_params("A12.5", "X9.42 parameters with a composite q = 3 q'", p, g,
		    t, bc);
	weak_params("A12.6", "X9.42 parameters with a 160-bit q (under 224)",
		    p160, g160, q160, bc);
	weak_params("A12.7", "X9.42 parameters with g = p - 1 (order 2)", p,
		    pm1, q, bc);
	weak_params("A12.8", "X9.42 parameters with g = 2 (not of order q)", p,
		    two, q, bc);
	weak_params("A12.9", "X9.42 parameters with g = 1", p,
		    BN_value_one(), q, bc);

	/* small-subgroup peers against a key of a valid group */
	params = dh_params_der(p, g, q, &pl);
	r = a_genpair(A.fd, NCR_KEY_TYPE_DH, 0, params, pl, 0,
		      NCR_KEY_USAGE_DERIVE, 0, &priv, &pub);
	if (!tap_err(r, 0, "A12.10 - a key pair of the valid 2052-bit group"))
		goto out;
	small_peer("A12.11", "the peer value 1", priv, p, BN_value_one(), 1,
		   plen, bc);
	small_peer("A12.12", "the peer value p - 1 (order 2)", priv, p, pm1, 2,
		   plen, bc);
	BN_zero(t);
	small_peer("A12.13", "the peer value 0", priv, p, t, 0, plen, bc);
	small_peer("A12.14", "the peer value p", priv, p, p, 0, plen, bc);
	for (unsigned long ord = 3; ord <= 7; ord += 2) {
		char id[16], what[96];

		/* an element of order ord: h^((p-1)/ord) != 1 */
		BN_copy(e, pm1);
		BN_div_word(e, ord);
		for (unsigned long hw = 2; hw < 100; hw++) {
			BN_set_word(h, hw);
			BN_mod_exp(t, h, e, p, bc);
			if (!BN_is_one(t))
				break;
		}
		snprintf(id, sizeof(id), "A12.%lu", 15 + (ord - 3) / 2);
		snprintf(what, sizeof(what), "a peer value of order %lu "
			 "(Pohlig-Hellman: x mod %lu)", ord, ord);
		small_peer(id, what, priv, p, t, ord, plen, bc);
	}
	/* order 2q: passes 2 <= y <= p-2, fails y^q = 1 */
	BN_mod_mul(t, g, pm1, p, bc);
	small_peer("A12.18", "a peer value of order 2q (g * (p - 1))", priv, p,
		   t, 0, plen, bc);
	a_del(A.fd, priv);
	a_del(A.fd, pub);
out:
	free(params);
	BN_free(p);
	BN_free(q);
	BN_free(g);
	BN_free(sp);
	BN_free(cp);
	BN_free(cg);
	BN_free(oq);
	BN_free(p160);
	BN_free(q160);
	BN_free(g160);
	BN_free(two);
	BN_free(t);
	BN_free(e);
	BN_free(h);
	BN_free(pm1);
	BN_CTX_free(bc);
}
