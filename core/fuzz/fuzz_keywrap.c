// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * fuzz_keywrap.c - libFuzzer target for key unwrapping (RFC 3394 and RFC
 * 5649) of arbitrary input.  The first byte picks the algorithm and the
 * block cipher, the rest is the wrapped key:
 *   bit 0  0: RFC 3394, 1: RFC 5649;
 *   bit 1  0: AES-256 under a fixed key (OpenSSL), 1: a toy cipher (xor
 *          with a fixed block), weak on purpose so that the fuzzer can
 *          build inputs that pass the integrity check and reach the
 *          length and padding checks behind it.
 * Any input must give 0, -EBADMSG or -EINVAL, never touch out beyond
 * len - 8 bytes, and leave out all zero on -EBADMSG; on success, wrapping
 * the result again must give back exactly the input (the wraps are
 * deterministic), and the unwrapped length must suit the algorithm.
 */
#include <stdlib.h>
#include <openssl/evp.h>
#include "symkey/keywrap.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

static const u8 fixed_key[32] = {
	0x60, 0x3d, 0xeb, 0x10, 0x15, 0xca, 0x71, 0xbe,
	0x2b, 0x73, 0xae, 0xf0, 0x85, 0x7d, 0x77, 0x81,
	0x1f, 0x35, 0x2c, 0x07, 0x3b, 0x61, 0x08, 0xd7,
	0x2d, 0x98, 0x10, 0xa3, 0x09, 0x14, 0xdf, 0xf4,
};

static EVP_CIPHER_CTX *aes_e, *aes_d;

static void aes_block(void *ctx, u8 out[16], const u8 in[16])
{
	int l = 0;

	if (!EVP_CipherUpdate(ctx, out, &l, in, 16) || l != 16)
		abort();
}

static void toy_block(void *ctx, u8 out[16], const u8 in[16])
{
	const u8 *k = ctx;
	int i;

	for (i = 0; i < 16; i++)
		out[i] = in[i] ^ k[i];
}

static void setup(void)
{
	aes_e = EVP_CIPHER_CTX_new();
	aes_d = EVP_CIPHER_CTX_new();
	if (!aes_e || !aes_d ||
	    !EVP_CipherInit_ex(aes_e, EVP_aes_256_ecb(), NULL, fixed_key, NULL,
			       1) ||
	    !EVP_CipherInit_ex(aes_d, EVP_aes_256_ecb(), NULL, fixed_key, NULL,
			       0))
		abort();
	EVP_CIPHER_CTX_set_padding(aes_e, 0);
	EVP_CIPHER_CTX_set_padding(aes_d, 0);
}

/* Two ciphers, one per direction, sharing the callbacks' shape. */
struct dual {
	void *e, *d;
	void (*fn)(void *ctx, u8 out[16], const u8 in[16]);
};

static void dual_enc(void *ctx, u8 out[16], const u8 in[16])
{
	struct dual *x = ctx;

	x->fn(x->e, out, in);
}

static void dual_dec(void *ctx, u8 out[16], const u8 in[16])
{
	struct dual *x = ctx;

	x->fn(x->d, out, in);
}

static void round_trip(const struct ncr_kw_cipher *c, int pad, int aes,
		       unsigned int bit, const u8 *key, size_t len)
{
	size_t wl = ncr_kw_wrapped_len(pad, len), got = 0;
	u8 *w, *back;
	int err;

	if (!wl) {
		u8 dummy[32];

		err = pad ? ncr_kwp_wrap(c, key, len, dummy) :
			    ncr_kw_wrap(c, key, len, dummy);
		if (err != -EINVAL)
			abort();
		return;
	}
	w = malloc(wl);
	back = malloc(wl - 8);
	if (!w || !back)
		abort();
	err = pad ? ncr_kwp_wrap(c, key, len, w) : ncr_kw_wrap(c, key, len, w);
	if (err)
		abort();
	err = pad ? ncr_kwp_unwrap(c, w, wl, back, &got) :
		    ncr_kw_unwrap(c, w, wl, back);
	if (!pad)
		got = wl - 8;
	if (err || got != len || memcmp(back, key, len))
		abort();
	w[(bit / 8) % wl] ^= (u8)(1 << (bit % 8));
	err = pad ? ncr_kwp_unwrap(c, w, wl, back, &got) :
		    ncr_kw_unwrap(c, w, wl, back);
	if (aes && err != -EBADMSG)
		abort();
	free(w);
	free(back);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct dual x;
	struct ncr_kw_cipher c = { &x, dual_enc, dual_dec };
	const u8 *in;
	u8 *out, *again;
	size_t len, room, got = 0, i;
	int pad, err;

	if (!size)
		return 0;
	if (!aes_e)
		setup();
	pad = data[0] & 1;
	if (data[0] & 2) {
		x.e = x.d = (void *)fixed_key;
		x.fn = toy_block;
	} else {
		x.e = aes_e;
		x.d = aes_d;
		x.fn = aes_block;
	}
	if (data[0] & 4) {
		if (size >= 2)
			round_trip(&c, pad, !(data[0] & 2), data[1], data + 2,
				   size - 2);
		return 0;
	}
	in = data + 1;
	len = size - 1;
	/* exactly len - 8 bytes of room, so ASan sees any overrun */
	room = len > 8 ? len - 8 : 0;
	out = malloc(room ? room : 1);
	if (!out)
		abort();
	memset(out, 0x5a, room);
	if (pad) {
		err = ncr_kwp_unwrap(&c, in, len, out, &got);
	} else {
		err = ncr_kw_unwrap(&c, in, len, out);
		got = room;
	}
	if (err == -EBADMSG) {
		for (i = 0; i < room; i++)
			if (out[i])
				abort();
	} else if (err == -EINVAL) {
		/* lengths only: a valid length is never EINVAL */
		if (len >= 16 && len % 8 == 0 && (pad || len >= 24))
			abort();
	} else if (err == 0) {
		if (ncr_kw_wrapped_len(pad, got) != len)
			abort();
		again = malloc(len);
		if (!again)
			abort();
		err = pad ? ncr_kwp_wrap(&c, out, got, again) :
			    ncr_kw_wrap(&c, out, got, again);
		if (err || memcmp(again, in, len))
			abort();
		free(again);
	} else {
		abort();
	}
	free(out);
	return 0;
}
