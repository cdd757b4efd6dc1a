// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_rsa_pad.c - PKCS#1 v1.5 padding removal in core/rsa/rsa_pad.c, and
 * decryption with implicit rejection against a reference written here
 * with OpenSSL's HMAC/SHA-256 and raw RSA (OpenSSL 3.0 has no implicit
 * rejection): hand-made blocks, random and valid ciphertexts, and OpenSSL
 * 3.2's known answers (test_rsa_ir_kat.h); part of build/tests/test_rsa_unit.
 * TAP (test_tap_split.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/bn.h>
#include <openssl/rand.h>
#include <openssl/core_names.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include "rsa/rsa.h"
#include "test_tap_split.h"
#include "test_rsa_unit.h"
#include "test_rsa_ir_kat.h"

/*
 * --- implicit rejection: the reference ---
 *
 * draft-irtf-cfrg-rsa-guidance / OpenSSL 3.2+, written plainly (it
 * branches on everything) with OpenSSL's HMAC and SHA-256, independent of
 * the core's code.
 */

/* PRF(label, len): HMAC-SHA256(kdk, be16(i) || label || be16(8 len)), i = 0, 1, ... */
static void ref_prf(const u8 kdk[32], const char *label, size_t len, u8 *out)
{
	size_t ll = strlen(label), pos, n;
	u8 in[64], md[32];
	unsigned int mdl, i;

	for (i = 0, pos = 0; pos < len; i++, pos += n) {
		in[0] = (u8)(i >> 8);
		in[1] = (u8)i;
		memcpy(in + 2, label, ll);
		in[2 + ll] = (u8)((8 * len) >> 8);
		in[3 + ll] = (u8)(8 * len);
		HMAC(EVP_sha256(), kdk, 32, in, ll + 4, md, &mdl);
		n = len - pos < 32 ? len - pos : 32;
		memcpy(out + pos, md, n);
	}
}

/* the synthetic message of ciphertext c under d (both k bytes): its length */
static size_t ref_synthetic(const u8 *c, const u8 *dk, size_t k, u8 *syn)
{
	u8 dh[32], kdk[32], lens[256];
	unsigned int l;
	size_t max = k - 10, mask = 1, len = 0, i;

	EVP_Digest(dk, k, dh, &l, EVP_sha256(), NULL);
	HMAC(EVP_sha256(), dh, 32, c, k, kdk, &l);
	ref_prf(kdk, "message", k, syn);
	ref_prf(kdk, "length", 256, lens);
	while (mask < max)		/* 2^bits(max) - 1 */
		mask = 2 * mask + 1;
	for (i = 0; i < 256; i += 2) {
		size_t cand = (((size_t)lens[i] << 8) | lens[i + 1]) & mask;

		if (cand < max)
			len = cand;
	}
	return len;
}

/*
 * The result for the decrypted block em of ciphertext c under d (k bytes
 * each), output capacity cap: out, its length.  *good: whether the
 * padding was right (and the message fit).
 */
static size_t ref_unpad(const u8 *em, const u8 *c, const u8 *dk, size_t k, size_t cap,
			u8 *out, int *good)
{
	static u8 syn[1024];
	size_t sep = 0, i, len;
	const u8 *src;

	if (em[0] == 0 && em[1] == 2) {
		for (i = 2; i < k && em[i]; i++)
			;
		if (i < k && i >= 10)
			sep = i;
	}
	*good = sep && k - sep - 1 <= cap;
	if (*good) {
		src = em + sep + 1;
		len = k - sep - 1;
	} else {
		len = ref_synthetic(c, dk, k, syn);
		src = syn + k - len;
	}
	if (len > cap)
		len = cap;
	memcpy(out, src, len);
	return len;
}

/* d of an OpenSSL key as exactly k bytes */
static void ref_d(EVP_PKEY *pk, size_t k, u8 *dk)
{
	BIGNUM *d = NULL;

	EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_RSA_D, &d);
	BN_bn2binpad(d, dk, (int)k);
	BN_free(d);
}

/* raw RSA by OpenSSL (RSA_NO_PADDING): 1 on success (0: c >= n, refused) */
static int ossl_raw(EVP_PKEY *pk, int enc, const u8 *in, size_t k, u8 *out)
{
	EVP_PKEY_CTX *c = octx(pk, enc ? 2 : 3, RSA_NO_PADDING, 0, 0, 0);
	size_t ol = k;
	int r;

	r = enc ? EVP_PKEY_encrypt(c, out, &ol, in, k) : EVP_PKEY_decrypt(c, out, &ol, in, k);
	EVP_PKEY_CTX_free(c);
	return r == 1 && ol == k;
}

/*
 * The reference PKCS#1 v1.5 decryption of c (k bytes) with capacity cap:
 * 0 and out, *ol; or -EBADMSG if OpenSSL refuses c (c >= n).
 */
int ref_decrypt(EVP_PKEY *pk, const u8 *c, size_t k, size_t cap, u8 *out, size_t *ol,
		       int *good)
{
	u8 em[1024], dk[1024];

	if (!ossl_raw(pk, 0, c, k, em))
		return -EBADMSG;
	ref_d(pk, k, dk);
	*ol = ref_unpad(em, c, dk, k, cap, out, good);
	return 0;
}

/*
 * ncr_rsa_decrypt(PKCS#1 v1.5) of c (k bytes) with capacity cap agrees with
 * the reference: same error, or same length and bytes.  *good (if not
 * NULL): the reference's verdict; *len: the length returned.
 */
int ir_agrees(const struct ncr_rsa_parts *parts, EVP_PKEY *pk, const u8 *c, size_t k,
		     size_t cap, int *good, size_t *len, u8 *got)
{
	u8 want[1024], mine[1024];
	size_t wl = 0, gl = cap;
	int rw, rg, g = 0;

	if (!got)
		got = mine;
	rw = ref_decrypt(pk, c, k, cap, want, &wl, &g);
	rg = ncr_rsa_decrypt(parts, NCR_RSA_PAD_PKCS1, 0, 0, NULL, 0, c, k, &env, got, &gl,
			     scratch);
	if (good)
		*good = g;
	if (len)
		*len = gl;
	if (rw || rg)
		return rw == rg;
	return gl == wl && !memcmp(got, want, wl);
}

/* Raw block decoding: hand-made bad paddings */
void test_unpad(void)
{
	u8 em[256], out[256];
	size_t ol;
	int bad = 0, i;

	for (i = 0; i < 6; i++) {
		memset(em, 0x55, sizeof(em));
		em[0] = 0;
		em[1] = 2;
		em[200] = 0;
		if (i == 1)
			em[0] = 1;
		if (i == 2)
			em[1] = 1;
		if (i == 3)
			em[5] = 0;	/* padding too short */
		if (i == 4)
			em[200] = 1;	/* no separator */
		if (i == 5)
			em[10] = 0;	/* exactly 8 bytes of padding: fine */
		ol = sizeof(out);
		if (i == 0 || i == 5)
			bad += ncr_rsa_pkcs1_unpad(em, 256, out, &ol) != 0 ||
			       ol != (i == 0 ? 55u : 245u) || out[0] != 0x55;
		else
			bad += ncr_rsa_pkcs1_unpad(em, 256, out, &ol) != -EBADMSG || ol;
	}
	memset(em, 0, sizeof(em));
	em[1] = 2;
	memset(em + 2, 1, 254);
	em[255] = 0;	/* empty message */
	ol = sizeof(out);
	bad += ncr_rsa_pkcs1_unpad(em, 256, out, &ol) != 0 || ol != 0;
	ok(!bad, "PKCS#1 v1.5 padding removal: good and bad blocks");
}

/*
 * ncr_rsa_pkcs1_unpad_implicit on hand-made blocks against the reference:
 * every k from 11 up, good and bad paddings, capacities, d's encodings.
 */
void test_unpad_implicit(void)
{
	static const size_t ks[] = { 11, 12, 13, 17, 18, 19, 20, 64, 127, 128, 129, 255, 256,
				     257, 300, 384, 511, 512 };
	static u8 ir[NCR_RSA_IR_SCRATCH] __attribute__((aligned(8)));
	u8 em[512], c[512], d[520], out[512], want[512], em2[512];
	size_t ki, ol, wl, k;
	int bad = 0, bad2 = 0, bad3 = 0, n = 0, good, i, r;

	for (ki = 0; ki < sizeof(ks) / sizeof(ks[0]); ki++) {
		k = ks[ki];
		for (i = 0; i < 24; i++) {
			size_t cap = i % 6 == 5 ? (size_t)(rand() % (k + 1)) : i % 6 == 4 ? k - 11 : k;
			size_t sep = 10 + rand() % (k - 10);

			RAND_bytes(c, (int)k);
			RAND_bytes(d, (int)k);
			RAND_bytes(em, (int)k);
			em[0] = 0;
			em[1] = 2;
			for (size_t j = 2; j < sep; j++)
				em[j] |= !em[j];
			em[sep] = 0;
			switch (i % 12) {
			case 1: em[0] = 1; break;			/* bad first byte */
			case 2: em[1] = i & 1 ? 1 : 3; break;		/* bad block type */
			case 3: em[2 + rand() % 8] = 0; break;		/* PS too short */
			case 4: if (sep > 10) em[9] = 0; break;	/* PS of 7 */
			case 5: em[10] = 0; break;			/* PS of 8: good */
			case 6: em[k - 1] = 0; em[sep] = 1; break;	/* empty message */
			case 7: memset(em + 2, 1, k - 2); break;	/* no separator */
			case 8: memset(em, 0, k); break;
			default: break;
			}
			wl = ref_unpad(em, c, d, k, cap, want, &good);
			ol = cap;
			memset(out, 0xa5, sizeof(out));
			r = ncr_rsa_pkcs1_unpad_implicit(em, c, d, k, k, out, &ol, ir);
			n++;
			if (r || ol != wl || memcmp(out, want, wl)) {
				bad++;
				printf("# k %zu case %d cap %zu: got %d/%zu, want %zu (good %d)\n", k,
				       i, cap, r, ol, wl, good);
			}
			/* a bad padding: the same message whatever em holds */
			if (!good && cap >= k - 11) {
				memset(em2, 0x77, k);
				ol = cap;
				r = ncr_rsa_pkcs1_unpad_implicit(em2, c, d, k, k, out, &ol, ir);
				bad2 += r || ol != wl || memcmp(out, want, wl);
				bad2 += ol > k - 11;
			}
			/* d with a leading zero byte: shorter and longer encodings */
			if (i == 0) {
				d[0] = 0;
				wl = ref_unpad(em, c, d, k, cap, want, &good);
				ol = cap;
				r = ncr_rsa_pkcs1_unpad_implicit(em, c, d + 1, k - 1, k, out, &ol, ir);
				bad3 += r || ol != wl || memcmp(out, want, wl);
				memmove(d + 3, d, k);
				memset(d, 0, 3);
				ol = cap;
				r = ncr_rsa_pkcs1_unpad_implicit(em, c, d, k + 3, k, out, &ol, ir);
				bad3 += r || ol != wl || memcmp(out, want, wl);
				d[1] = 1;	/* d >= 2^(8k) */
				ol = cap;
				bad3 += ncr_rsa_pkcs1_unpad_implicit(em, c, d, k + 3, k, out, &ol, ir) !=
					-EINVAL;
			}
		}
	}
	/* k = 11: the only length below k - 10 = 1 is 0 */
	memset(em, 0x11, 11);
	for (i = 0, r = 0; i < 50; i++) {
		RAND_bytes(c, 11);
		ol = sizeof(out);
		r |= ncr_rsa_pkcs1_unpad_implicit(em, c, d, 11, 11, out, &ol, ir) || ol;
	}
	bad3 += r;
	ol = sizeof(out);
	bad3 += ncr_rsa_pkcs1_unpad_implicit(em, c, d, 11, 10, out, &ol, ir) != -EINVAL;
	bad3 += ncr_rsa_pkcs1_unpad_implicit(em, c, d, 11, NCR_RSA_KMAX + 1, out, &ol, ir) !=
		-EINVAL;
	bad3 += ncr_rsa_pkcs1_unpad_implicit(em, c, d, 0, 256, out, &ol, ir) != -EINVAL;
	for (ki = 0, r = 0; ki < sizeof(ir); ki++)
		r |= ir[ki];
	bad3 += r != 0;
	ok(!bad, "implicit rejection on %d hand-made blocks (k 11..512, capacities) equals the reference", n);
	ok(!bad2, "implicit rejection: a bad padding gives a message of C and d only, at most k - 11 bytes");
	ok(!bad3, "implicit rejection: d encodings with leading zeros agree, d >= 2^(8k), empty d, k < 11, k > max -EINVAL; scratch wiped");
}

/*
 * ncr_rsa_decrypt with PKCS#1 v1.5 under key k against the reference:
 * random ciphertexts (bad paddings), OpenSSL's valid ones, hand-made
 * blocks, small capacities, determinism, distinct synthetic messages.
 */
void test_implicit(struct key *k, const char *what, int nrand)
{
	size_t kl = (k->bits + 7) / 8, ol, len, nlen = 0, mn = ~(size_t)0, mx = 0;
	static u8 outs[400][512];
	static size_t lens[400];
	u8 c[512], c2[512], em[512], msg[512], out[512], out2[512];
	int bad = 0, bad2 = 0, bad3 = 0, bad4 = 0, nval = 0, ngood = 0, good, i, j, r;
	static u32 seen[8];

	if (nrand > 400)
		nrand = 400;
	memset(seen, 0, sizeof(seen));
	/* random c < n: bad paddings (but for a 2^-16-ish chance) */
	for (i = 0; i < nrand; i++) {
		RAND_bytes(c, (int)kl);
		c[0] &= 0x7f;
		bad += !ir_agrees(&k->parts, k->pk, c, kl, kl, &good, &len, outs[i]);
		ngood += good;
		lens[i] = len;
		mn = len < mn ? len : mn;
		mx = len > mx ? len : mx;
		if (!(seen[len / 32 % 8] & (1u << (len % 32))))
			nlen++;
		seen[len / 32 % 8] |= 1u << (len % 32);
		bad += len > kl - 11;
	}
	ok(!bad && ngood < 2, "%s: %d random ciphertexts: the reference's synthetic messages (%d good paddings, lengths %zu..%zu, %zu distinct)",
	   what, nrand, ngood, mn, mx, nlen);
	/* valid ciphertexts from OpenSSL */
	for (i = 0; i < nrand / 3; i++) {
		size_t ml = i < 2 ? (size_t)i * (kl - 11) : (size_t)rand() % (kl - 10), cl = kl;

		RAND_bytes(msg, (int)ml);
		if (!ossl_crypt(k->pk, 1, RSA_PKCS1_PADDING, 0, 0, NULL, 0, msg, ml, c, &cl)) {
			bad2++;
			continue;
		}
		bad2 += !ir_agrees(&k->parts, k->pk, c, kl, kl, &good, &len, out) || !good ||
			len != ml || memcmp(out, msg, ml);
		nval++;
	}
	/* hand-made blocks, raw-encrypted */
	for (i = 0; i < 40; i++) {
		size_t sep = 10 + rand() % (kl - 10), cap = i % 4 == 3 ? (size_t)rand() % kl : kl;
		int expect = 1;

		RAND_bytes(em, (int)kl);
		em[0] = 0;
		em[1] = 2;
		for (j = 2; j < (int)sep; j++)
			em[j] |= !em[j];
		em[sep] = 0;
		switch (i % 10) {
		case 1: em[0] = 1; expect = 0; break;
		case 2: em[1] = 1; expect = 0; break;
		case 3: em[9] = 0; expect = sep == 9; break;
		case 4: em[10] = 0; break;
		case 5: memset(em + 2, 0xff, kl - 2); expect = 0; break;
		case 6: em[kl - 1] = 0; em[sep] = 0xff; break;
		case 7: em[2] = 0; expect = 0; break;
		default: break;
		}
		if (!ossl_raw(k->pk, 1, em, kl, c)) {
			bad3++;
			continue;
		}
		bad3 += !ir_agrees(&k->parts, k->pk, c, kl, cap, &good, &len, out);
		/* a good padding: the real message whenever it fits */
		bad3 += cap == kl && good != expect;
	}
	/* capacities below the message or synthetic length: cut, as the reference */
	for (i = 0; i < 20; i++) {
		static const size_t caps[] = { 0, 1, 47, 48, 49, 100 };
		size_t ml = 48, cl = kl;

		RAND_bytes(msg, (int)ml);
		if (i & 1) {
			ossl_crypt(k->pk, 1, RSA_PKCS1_PADDING, 0, 0, NULL, 0, msg, ml, c, &cl);
		} else {
			RAND_bytes(c, (int)kl);
			c[0] &= 0x7f;
		}
		bad3 += !ir_agrees(&k->parts, k->pk, c, kl, caps[i % 6], NULL, &len, out) ||
			len > caps[i % 6];
		bad3 += !ir_agrees(&k->parts, k->pk, c, kl, kl - 12 + i % 2, NULL, &len, out);
	}
	ok(!bad2 && nval > 0, "%s: %d OpenSSL PKCS#1 v1.5 ciphertexts decrypt to their message", what, nval);
	ok(!bad3, "%s: hand-made blocks (PS of 7/8, bad type, no separator, empty message) and small capacities agree with the reference", what);
	/* determinism; distinct ciphertexts, distinct messages */
	for (i = 0; i < nrand && i < 20; i++) {
		RAND_bytes(c, (int)kl);
		c[0] &= 0x7f;
		ol = kl;
		r = ncr_rsa_decrypt(&k->parts, NCR_RSA_PAD_PKCS1, 0, 0, NULL, 0, c, kl, &env, out,
				    &ol, scratch);
		len = kl;
		r |= ncr_rsa_decrypt(&k->parts, NCR_RSA_PAD_PKCS1, 0, 0, NULL, 0, c, kl, &env, out2,
				     &len, scratch);
		bad4 += r || ol != len || memcmp(out, out2, ol);
		/* one bit of c changed: another message (unless both are empty) */
		memcpy(c2, c, kl);
		c2[kl - 1 - i % kl] ^= (u8)(1u << (i % 8));
		len = kl;
		r = ncr_rsa_decrypt(&k->parts, NCR_RSA_PAD_PKCS1, 0, 0, NULL, 0, c2, kl, &env, out2,
				    &len, scratch);
		bad4 += r || (ol == len && (ol || len) && !memcmp(out, out2, ol));
	}
	for (i = 0; i < nrand; i++)
		for (j = 0; j < i; j++)
			bad4 += lens[i] && lens[i] == lens[j] && !memcmp(outs[i], outs[j], lens[i]);
	ok(!bad4, "%s: the same ciphertext twice gives the same message; different ciphertexts different ones", what);
}

/*
 * OpenSSL 3.2's own known answers for implicit rejection: the core and
 * the reference above both reproduce them (the reference is thereby
 * checked against OpenSSL itself, which 3.0 here cannot do).
 */
void test_ir_kat(void)
{
	static struct key keys[sizeof(ir_kat_keys) / sizeof(ir_kat_keys[0])];
	static u8 ct[600], want[600], out[600], ref[600];
	size_t i, n = sizeof(ir_kats) / sizeof(ir_kats[0]);
	int bad = 0, badref = 0, nsyn = 0;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		BIO *b = BIO_new_mem_buf(ir_kat_keys[i], -1);

		key_from_openssl(&keys[i], PEM_read_bio_PrivateKey(b, NULL, NULL, NULL));
		BIO_free(b);
	}
	for (i = 0; i < n; i++) {
		const struct ir_kat *t = &ir_kats[i];
		struct key *k = &keys[t->key];
		size_t cl = unhex(ct, sizeof(ct), t->ct), wl, ol = sizeof(out), rl = 0;
		int r, good = 0;

		if (t->str) {
			wl = strlen(t->out);
			memcpy(want, t->out, wl);
		} else {
			wl = unhex(want, sizeof(want), t->out);
		}
		r = ncr_rsa_decrypt(&k->parts, NCR_RSA_PAD_PKCS1, 0, 0, NULL, 0, ct, cl, &env, out,
				    &ol, scratch);
		if (r || ol != wl || memcmp(out, want, wl)) {
			bad++;
			printf("# KAT %zu (key %d): got %d, %zu bytes, want %zu\n", i, t->key, r, ol,
			       wl);
		}
		if (ref_decrypt(k->pk, ct, cl, cl, ref, &rl, &good) || rl != wl ||
		    memcmp(ref, want, wl))
			badref++;
		nsyn += !good;
	}
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		EVP_PKEY_free(keys[i].pk);
	ok(!bad && n > 30, "OpenSSL 3.2 implicit-rejection known answers (2048, 2049, 3072 bits): %zu, %d of them synthetic", n, nsyn);
	ok(!badref, "the reference reproduces OpenSSL 3.2's known answers too");
}
