// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_keywrap_unit.c - RFC 3394 / RFC 5649 key wrap from core/symkey/keywrap.c,
 * the same file the module uses, over OpenSSL's AES.  TAP output.
 *
 *   - the test vectors of RFC 3394 section 4 and RFC 5649 section 6;
 *   - every single-bit change of a wrapped key, a wrong key, truncation
 *     and extension: EBADMSG or EINVAL, output wiped;
 *   - RFC 5649 ciphertexts built with a chosen AIV (OpenSSL's RFC 3394
 *     wrap with that IV, or one block of AES for n = 1): wrong magic,
 *     length out of range, non-zero padding: EBADMSG;
 *   - round trips of every length 1..80 (5649) and 16..80 (3394), the
 *     output compared with OpenSSL's own key wrap ciphers;
 *   - in-place operation and the length limits (EINVAL).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <openssl/evp.h>
#include "symkey/keywrap.h"

static int n, failed;

static void ok(int cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	n++;
	if (!cond)
		failed++;
	printf("%sok %d - ", cond ? "" : "not ", n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* ------------------------------------------------------------ AES glue */

struct aes {
	EVP_CIPHER_CTX *e, *d;
};

static const EVP_CIPHER *ecb(size_t klen)
{
	return klen == 16 ? EVP_aes_128_ecb() :
	       klen == 24 ? EVP_aes_192_ecb() : EVP_aes_256_ecb();
}

static void aes_block(EVP_CIPHER_CTX *c, u8 out[16], const u8 in[16])
{
	int l = 0;

	if (!EVP_CipherUpdate(c, out, &l, in, 16) || l != 16)
		abort();
}

static void enc(void *ctx, u8 out[16], const u8 in[16])
{
	aes_block(((struct aes *)ctx)->e, out, in);
}

static void dec(void *ctx, u8 out[16], const u8 in[16])
{
	aes_block(((struct aes *)ctx)->d, out, in);
}

static void aes_init(struct aes *a, struct ncr_kw_cipher *c, const u8 *k,
		     size_t klen)
{
	a->e = EVP_CIPHER_CTX_new();
	a->d = EVP_CIPHER_CTX_new();
	if (!a->e || !a->d ||
	    !EVP_CipherInit_ex(a->e, ecb(klen), NULL, k, NULL, 1) ||
	    !EVP_CipherInit_ex(a->d, ecb(klen), NULL, k, NULL, 0))
		abort();
	EVP_CIPHER_CTX_set_padding(a->e, 0);
	EVP_CIPHER_CTX_set_padding(a->d, 0);
	c->ctx = a;
	c->enc = enc;
	c->dec = dec;
}

static void aes_done(struct aes *a)
{
	EVP_CIPHER_CTX_free(a->e);
	EVP_CIPHER_CTX_free(a->d);
}

/* OpenSSL's own key wrap (RFC 3394 with an optional IV, or RFC 5649). */
static int ossl_wrap(int pad, const u8 *k, size_t klen, const u8 *iv,
		     const u8 *in, size_t len, u8 *out, size_t *out_len)
{
	const EVP_CIPHER *ci = pad ?
		(klen == 16 ? EVP_aes_128_wrap_pad() :
		 klen == 24 ? EVP_aes_192_wrap_pad() : EVP_aes_256_wrap_pad()) :
		(klen == 16 ? EVP_aes_128_wrap() :
		 klen == 24 ? EVP_aes_192_wrap() : EVP_aes_256_wrap());
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int l = 0, l2 = 0, r;

	EVP_CIPHER_CTX_set_flags(c, EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
	r = EVP_EncryptInit_ex(c, ci, NULL, k, iv) &&
	    EVP_EncryptUpdate(c, out, &l, in, (int)len) &&
	    EVP_EncryptFinal_ex(c, out + l, &l2);
	EVP_CIPHER_CTX_free(c);
	*out_len = (size_t)(l + l2);
	return r ? 0 : -1;
}

/* ------------------------------------------------------------ helpers */

static size_t unhex(const char *h, u8 *out)
{
	size_t i = 0;
	unsigned int v;

	while (*h) {
		if (*h == ' ') {
			h++;
			continue;
		}
		if (sscanf(h, "%2x", &v) != 1)
			abort();
		out[i++] = (u8)v;
		h += 2;
	}
	return i;
}

static int all_zero(const u8 *p, size_t len)
{
	u8 acc = 0;

	while (len--)
		acc |= *p++;
	return !acc;
}

/* ------------------------------------------------------------ vectors */

static const char kek128[] = "000102030405060708090A0B0C0D0E0F";
static const char kek192[] =
	"000102030405060708090A0B0C0D0E0F1011121314151617";
static const char kek256[] =
	"000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";

static const struct {
	const char *name, *kek, *key, *wrapped;
} rfc3394[] = {
	{ "4.1 128-bit key data, 128-bit KEK", kek128,
	  "00112233445566778899AABBCCDDEEFF",
	  "1FA68B0A8112B447 AEF34BD8FB5A7B82 9D3E862371D2CFE5" },
	{ "4.2 128-bit key data, 192-bit KEK", kek192,
	  "00112233445566778899AABBCCDDEEFF",
	  "96778B25AE6CA435 F92B5B97C050AED2 468AB8A17AD84E5D" },
	{ "4.3 128-bit key data, 256-bit KEK", kek256,
	  "00112233445566778899AABBCCDDEEFF",
	  "64E8C3F9CE0F5BA2 63E9777905818A2A 93C8191E7D6E8AE7" },
	{ "4.4 192-bit key data, 192-bit KEK", kek192,
	  "00112233445566778899AABBCCDDEEFF0001020304050607",
	  "031D33264E15D332 68F24EC260743EDC E1C6C7DDEE725A93 "
	  "6BA814915C6762D2" },
	{ "4.5 192-bit key data, 256-bit KEK", kek256,
	  "00112233445566778899AABBCCDDEEFF0001020304050607",
	  "A8F9BC1612C68B3F F6E6F4FBE30E71E4 769C8B80A32CB895 "
	  "8CD5D17D6B254DA1" },
	{ "4.6 256-bit key data, 256-bit KEK", kek256,
	  "00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F",
	  "28C9F404C4B810F4 CBCCB35CFB87F826 3F5786E2D80ED326 "
	  "CBC7F0E71A99F43B FB988B9B7A02DD21" },
};

static const char kek5649[] =
	"5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8";

static const struct {
	const char *name, *key, *wrapped;
} rfc5649[] = {
	{ "6 wrap 20 octets with a 192-bit KEK",
	  "c37b7e6492584340bed12207808941155068f738",
	  "138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a" },
	{ "6 wrap 7 octets with a 192-bit KEK", "466f7250617369",
	  "afbeb0f07dfbf5419200f2ccb50bb24f" },
};

/* Wrap, compare, unwrap, compare; then tamper tests on the result. */
static void check_vector(int pad, const char *name, const char *kek_hex,
			 const char *key_hex, const char *wrapped_hex)
{
	u8 kek[32], key[64], want[80], got[80], back[80], t[80];
	size_t klen = unhex(kek_hex, kek), len = unhex(key_hex, key);
	size_t wlen = unhex(wrapped_hex, want), blen = 0, bit;
	struct ncr_kw_cipher c;
	struct aes a;
	const char *rfc = pad ? "RFC 5649" : "RFC 3394";
	int r, bad = 0, first = -1;

	aes_init(&a, &c, kek, klen);
	memset(got, 0x5a, sizeof(got));
	r = pad ? ncr_kwp_wrap(&c, key, len, got) :
		  ncr_kw_wrap(&c, key, len, got);
	ok(!r && ncr_kw_wrapped_len(pad, len) == wlen &&
	   !memcmp(got, want, wlen), "%s %s: wrap", rfc, name);
	memset(back, 0x5a, sizeof(back));
	if (pad) {
		r = ncr_kwp_unwrap(&c, want, wlen, back, &blen);
	} else {
		r = ncr_kw_unwrap(&c, want, wlen, back);
		blen = wlen - 8;
	}
	ok(!r && blen == len && !memcmp(back, key, len), "%s %s: unwrap", rfc,
	   name);

	/* every single-bit change is caught, and the output is wiped */
	for (bit = 0; bit < wlen * 8; bit++) {
		memcpy(t, want, wlen);
		t[bit / 8] ^= (u8)(1 << (bit % 8));
		memset(back, 0x5a, sizeof(back));
		r = pad ? ncr_kwp_unwrap(&c, t, wlen, back, &blen) :
			  ncr_kw_unwrap(&c, t, wlen, back);
		if (r != -EBADMSG || !all_zero(back, wlen - 8)) {
			if (!bad++)
				first = (int)bit;
		}
	}
	ok(!bad, "%s %s: each of %zu bit flips -> EBADMSG, output wiped "
	   "(%d wrong, first bit %d)", rfc, name, wlen * 8, bad, first);
	aes_done(&a);

	/* another key */
	kek[0] ^= 1;
	aes_init(&a, &c, kek, klen);
	r = pad ? ncr_kwp_unwrap(&c, want, wlen, back, &blen) :
		  ncr_kw_unwrap(&c, want, wlen, back);
	ok(r == -EBADMSG, "%s %s: unwrap under another key -> EBADMSG", rfc,
	   name);
	aes_done(&a);
	kek[0] ^= 1;

	/* truncated by a semiblock, or extended by one */
	aes_init(&a, &c, kek, klen);
	r = pad ? ncr_kwp_unwrap(&c, want, wlen - 8, back, &blen) :
		  ncr_kw_unwrap(&c, want, wlen - 8, back);
	ok(r == -EBADMSG || r == -EINVAL, "%s %s: last semiblock dropped -> "
	   "EBADMSG/EINVAL (%d)", rfc, name, r);
	memcpy(t, want, wlen);
	memcpy(t + wlen, want + wlen - 8, 8);
	r = pad ? ncr_kwp_unwrap(&c, t, wlen + 8, back, &blen) :
		  ncr_kw_unwrap(&c, t, wlen + 8, back);
	ok(r == -EBADMSG, "%s %s: a semiblock appended -> EBADMSG", rfc, name);
	r = pad ? ncr_kwp_unwrap(&c, want, wlen - 1, back, &blen) :
		  ncr_kw_unwrap(&c, want, wlen - 1, back);
	ok(r == -EINVAL, "%s %s: one byte short -> EINVAL", rfc, name);
	aes_done(&a);
}

/* ---------------------------------------------- RFC 5649 chosen AIVs */

/*
 * A 5649 ciphertext of the padded plaintext p (plen bytes) under the
 * alternative IV magic || mli, made without keywrap.c: one AES block for
 * plen 8, else OpenSSL's RFC 3394 wrap with that IV.
 */
static size_t forge(const u8 *k, const u8 magic[4], u32 mli, const u8 *p,
		    size_t plen, u8 *out)
{
	u8 iv[8];
	size_t l = 0;

	memcpy(iv, magic, 4);
	ncr_put_be32(iv + 4, mli);
	if (plen == 8) {
		struct ncr_kw_cipher c;
		struct aes a;
		u8 b[16];

		aes_init(&a, &c, k, 16);
		memcpy(b, iv, 8);
		memcpy(b + 8, p, 8);
		enc(&a, out, b);
		aes_done(&a);
		return 16;
	}
	if (ossl_wrap(0, k, 16, iv, p, plen, out, &l))
		abort();
	return l;
}

static void test_chosen_aiv(void)
{
	static const u8 magic[4] = { 0xa6, 0x59, 0x59, 0xa6 };
	static const u8 bad_magic[4] = { 0xa6, 0xa6, 0xa6, 0xa6 };
	static const struct {
		size_t plen;
		u32 mli;
		int pad_byte;	/* -1: zero padding; else that byte, last */
		int magic_ok;
		int want;
		const char *what;
	} cases[] = {
		{ 8, 5, -1, 1, 0, "n=1, MLI 5, zero padding" },
		{ 8, 8, -1, 1, 0, "n=1, MLI 8" },
		{ 8, 1, -1, 1, 0, "n=1, MLI 1" },
		{ 8, 0, -1, 1, -EBADMSG, "n=1, MLI 0" },
		{ 8, 9, -1, 1, -EBADMSG, "n=1, MLI 9" },
		{ 8, 5, 1, 1, -EBADMSG, "n=1, MLI 5, padding byte 01" },
		{ 8, 5, 0x80, 1, -EBADMSG, "n=1, MLI 5, padding byte 80" },
		{ 8, 5, -1, 0, -EBADMSG, "n=1, RFC 3394 magic" },
		{ 24, 17, -1, 1, 0, "n=3, MLI 17" },
		{ 24, 24, -1, 1, 0, "n=3, MLI 24" },
		{ 24, 16, -1, 1, -EBADMSG, "n=3, MLI 16 (a whole block "
		  "of padding)" },
		{ 24, 25, -1, 1, -EBADMSG, "n=3, MLI 25" },
		{ 24, 0xffffffffu, -1, 1, -EBADMSG, "n=3, MLI 2^32-1" },
		{ 24, 0x80000010u, -1, 1, -EBADMSG, "n=3, MLI 2^31+16" },
		{ 24, 20, 7, 1, -EBADMSG, "n=3, MLI 20, padding byte 07" },
		{ 24, 23, 0xff, 1, -EBADMSG, "n=3, MLI 23, padding byte ff" },
		{ 24, 20, -1, 0, -EBADMSG, "n=3, RFC 3394 magic" },
	};
	u8 k[16], p[32], ct[48], out[48];
	struct ncr_kw_cipher c;
	struct aes a;

	memset(k, 0x42, sizeof(k));
	aes_init(&a, &c, k, 16);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t plen = cases[i].plen, clen, got = 0;
		u32 data = cases[i].mli < plen ? cases[i].mli : (u32)plen;
		int r;

		for (size_t j = 0; j < plen; j++)
			p[j] = j < data ? (u8)(0x10 + j) : 0;
		if (cases[i].pad_byte >= 0)
			p[plen - 1] = (u8)cases[i].pad_byte;
		clen = forge(k, cases[i].magic_ok ? magic : bad_magic,
			     cases[i].mli, p, plen, ct);
		memset(out, 0x5a, sizeof(out));
		r = ncr_kwp_unwrap(&c, ct, clen, out, &got);
		if (cases[i].want)
			ok(r == cases[i].want && all_zero(out, plen),
			   "RFC 5649 chosen AIV, %s: EBADMSG, output wiped "
			   "(%d)", cases[i].what, r);
		else
			ok(!r && got == cases[i].mli &&
			   !memcmp(out, p, plen), "RFC 5649 chosen AIV, %s: "
			   "accepted, length %zu", cases[i].what, got);
	}
	aes_done(&a);
}

/* --------------------------------------------------- round trips etc. */

static void test_round_trips(void)
{
	static const size_t klens[] = { 16, 24, 32 };
	u8 kek[32], key[96], w[112], w2[112], back[112];
	int bad_kwp = 0, bad_kw = 0, bad_ossl = 0, bad_inplace = 0;
	size_t first_kwp = 0, first_kw = 0;

	for (size_t i = 0; i < sizeof(kek); i++)
		kek[i] = (u8)(i * 37 + 11);
	for (size_t i = 0; i < sizeof(key); i++)
		key[i] = (u8)(i * 101 + 3);
	for (size_t ki = 0; ki < 3; ki++) {
		struct ncr_kw_cipher c;
		struct aes a;

		aes_init(&a, &c, kek, klens[ki]);
		for (size_t len = 1; len <= 80; len++) {
			size_t wl = ncr_kw_wrapped_len(1, len), ol = 0, bl = 0;

			if (ncr_kwp_wrap(&c, key, len, w) ||
			    ncr_kwp_unwrap(&c, w, wl, back, &bl) ||
			    bl != len || memcmp(back, key, len)) {
				if (!bad_kwp++)
					first_kwp = len;
			}
			if (ossl_wrap(1, kek, klens[ki], NULL, key, len, w2,
				      &ol) || ol != wl || memcmp(w, w2, wl))
				bad_ossl++;
			/* in place */
			memcpy(back, key, len);
			if (ncr_kwp_wrap(&c, back, len, back) ||
			    memcmp(back, w, wl) ||
			    ncr_kwp_unwrap(&c, back, wl, back, &bl) ||
			    bl != len || memcmp(back, key, len))
				bad_inplace++;

			if (!ncr_kw_wrapped_len(0, len))
				continue;
			wl = len + 8;
			if (ncr_kw_wrap(&c, key, len, w) ||
			    ncr_kw_unwrap(&c, w, wl, back) ||
			    memcmp(back, key, len)) {
				if (!bad_kw++)
					first_kw = len;
			}
			if (ossl_wrap(0, kek, klens[ki], NULL, key, len, w2,
				      &ol) || ol != wl || memcmp(w, w2, wl))
				bad_ossl++;
			memcpy(back, key, len);
			if (ncr_kw_wrap(&c, back, len, back) ||
			    memcmp(back, w, wl) ||
			    ncr_kw_unwrap(&c, back, wl, back) ||
			    memcmp(back, key, len))
				bad_inplace++;
		}
		aes_done(&a);
	}
	ok(!bad_kwp, "RFC 5649 round trip of every length 1..80, AES-128/192/"
	   "256 (%d wrong, first length %zu)", bad_kwp, first_kwp);
	ok(!bad_kw, "RFC 3394 round trip of every multiple of 8 from 16 to 80 "
	   "(%d wrong, first length %zu)", bad_kw, first_kw);
	ok(!bad_ossl, "both wraps equal OpenSSL's AES key wrap ciphers "
	   "(%d differ)", bad_ossl);
	ok(!bad_inplace, "in-place wrap and unwrap give the same results "
	   "(%d wrong)", bad_inplace);
}

static void test_lengths(void)
{
	u8 kek[16] = { 0 }, buf[64] = { 0 }, out[80];
	struct ncr_kw_cipher c;
	struct aes a;
	size_t l = 0;
	int all;

	aes_init(&a, &c, kek, 16);
	ok(ncr_kw_wrap(&c, buf, 0, out) == -EINVAL &&
	   ncr_kw_wrap(&c, buf, 8, out) == -EINVAL &&
	   ncr_kw_wrap(&c, buf, 17, out) == -EINVAL &&
	   ncr_kw_wrap(&c, buf, 20, out) == -EINVAL,
	   "RFC 3394 wrap of 0, 8, 17, 20 bytes -> EINVAL");
	all = 1;
	for (size_t len = 0; len < 24; len++)
		all &= ncr_kw_unwrap(&c, buf, len, out) == -EINVAL;
	all &= ncr_kw_unwrap(&c, buf, 25, out) == -EINVAL;
	all &= ncr_kw_unwrap(&c, buf, 31, out) == -EINVAL;
	ok(all, "RFC 3394 unwrap of 0..23, 25, 31 bytes -> EINVAL");
	ok(ncr_kwp_wrap(&c, buf, 0, out) == -EINVAL,
	   "RFC 5649 wrap of 0 bytes -> EINVAL");
	all = 1;
	for (size_t len = 0; len < 16; len++)
		all &= ncr_kwp_unwrap(&c, buf, len, out, &l) == -EINVAL;
	all &= ncr_kwp_unwrap(&c, buf, 17, out, &l) == -EINVAL;
	all &= ncr_kwp_unwrap(&c, buf, 23, out, &l) == -EINVAL;
	ok(all, "RFC 5649 unwrap of 0..15, 17, 23 bytes -> EINVAL");
	ok(ncr_kw_wrapped_len(0, 16) == 24 && ncr_kw_wrapped_len(0, 8) == 0 &&
	   ncr_kw_wrapped_len(0, 1024) == 1032 &&
	   ncr_kw_wrapped_len(1, 1) == 16 && ncr_kw_wrapped_len(1, 8) == 16 &&
	   ncr_kw_wrapped_len(1, 9) == 24 && ncr_kw_wrapped_len(1, 0) == 0 &&
	   ncr_kw_wrapped_len(1, (size_t)1 << 32) == 0 &&
	   ncr_kw_wrapped_len(0, (size_t)-8) == 0 &&
	   ncr_kw_wrapped_len(1, (size_t)-1) == 0,
	   "wrapped lengths");
	/* all-zero input is still authenticated */
	ok(ncr_kw_unwrap(&c, buf, 24, out) == -EBADMSG &&
	   ncr_kwp_unwrap(&c, buf, 16, out, &l) == -EBADMSG &&
	   ncr_kwp_unwrap(&c, buf, 32, out, &l) == -EBADMSG,
	   "unwrap of all-zero ciphertexts -> EBADMSG");
	aes_done(&a);
}

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(rfc3394) / sizeof(rfc3394[0]); i++)
		check_vector(0, rfc3394[i].name, rfc3394[i].kek, rfc3394[i].key,
			     rfc3394[i].wrapped);
	for (i = 0; i < sizeof(rfc5649) / sizeof(rfc5649[0]); i++)
		check_vector(1, rfc5649[i].name, kek5649, rfc5649[i].key,
			     rfc5649[i].wrapped);
	test_chosen_aiv();
	test_round_trips();
	test_lengths();
	printf("1..%d\n", n);
	return failed ? 1 : 0;
}
