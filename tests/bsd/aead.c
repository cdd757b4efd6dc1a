// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * aead.c - CIOCAUTHCRYPT with AES-GCM and AES-CCM: random lengths,
 * associated data, nonce and tag lengths against OpenSSL; every single-bit
 * flip of the tag, and flips of ciphertext and associated data, refused
 * with EBADMSG and nothing written; tag and nonce lengths the modes do not
 * take refused with EINVAL.
 */
#include <string.h>
#include "bsd.h"

static void aead_diff(int fd, uint32_t id, uint32_t ncr, const char *name,
		      struct rng *r)
{
	static const uint32_t gcm_tags[] = { 0, 4, 8, 12, 13, 14, 15, 16 };
	static const uint32_t ccm_tags[] = { 0, 4, 6, 8, 10, 12, 14, 16 };
	const uint32_t *tags = ncr == NCR_ALG_AES_CCM ? ccm_tags : gcm_tags;
	uint8_t key[32], iv[13], aad[64], pt[1024], ct[1024 + 16];
	uint8_t want[1024], wtag[16], back[1024];
	unsigned int bad = 0, rounds = 60;
	uint32_t ses;
	int e;

	rng_fill(r, key, sizeof(key));
	e = bsd_sess(fd, id, key, 32, 0, NULL, 0, &ses);
	if (e) {
		tap_ok(0, "%s: CIOCGSESSION: %s", name, errname(e));
		return;
	}
	for (unsigned int i = 0; i < rounds; i++) {
		uint32_t len = rng_below(r, sizeof(pt)), alen = rng_below(r, 65);
		uint32_t tl = tags[rng_below(r, 8)], t = tl ?: 16;
		uint32_t ivl = ncr == NCR_ALG_AES_CCM ? 7 + rng_below(r, 7) : 12;
		uint32_t out = len;

		rng_fill(r, iv, sizeof(iv));
		rng_fill(r, aad, alen);
		rng_fill(r, pt, len);
		e = bsd_aead(fd, ses, COP_ENCRYPT, iv, ivl, aad, alen, pt, ct,
			     &out, tl);
		if (e || out != len + t ||
		    ref_aead(ncr, 1, key, 32, iv, ivl, aad, alen, pt, len,
			     want, wtag, t) ||
		    memcmp(ct, want, len) || memcmp(ct + len, wtag, t)) {
			if (!bad++)
				tap_diag("%s: len %u aad %u tag %u iv %u: %s",
					 name, len, alen, t, ivl,
					 e ? errname(e) : "differs");
			continue;
		}
		e = bsd_aead(fd, ses, COP_DECRYPT, iv, ivl, aad, alen, ct,
			     back, &out, tl);
		if (e || out != len || memcmp(back, pt, len)) {
			if (!bad++)
				tap_diag("%s: decrypt len %u: %s", name, len,
					 e ? errname(e) : "differs");
		}
	}
	tap_ok(!bad, "%s: %u random messages (lengths, AAD, tag and nonce lengths) = OpenSSL, and back",
	       name, rounds);
	bsd_free(fd, ses);
}

static void aead_tamper(int fd, uint32_t id, const char *name)
{
	uint8_t key[16] = "tamper key", iv[12] = "nonce", aad[20] = "aad";
	uint8_t pt[48], ct[64], back[64], sentinel[64];
	unsigned int refused = 0, flips = 0, wrote = 0;
	uint32_t ses, len = sizeof(pt);

	memset(pt, 'x', sizeof(pt));
	memset(sentinel, 0xee, sizeof(sentinel));
	if (bsd_sess(fd, id, key, 16, 0, NULL, 0, &ses) ||
	    bsd_aead(fd, ses, COP_ENCRYPT, iv, 12, aad, sizeof(aad), pt, ct,
		     &len, 0)) {
		tap_ok(0, "%s tamper: setup", name);
		return;
	}
	/* every bit of ciphertext and tag, and every bit of the AAD */
	for (unsigned int bit = 0; bit < (64 + 20) * 8; bit++) {
		uint8_t *p = bit < 64 * 8 ? &ct[bit / 8] : &aad[bit / 8 - 64];
		uint32_t l = 64;
		int e;

		*p ^= 1 << (bit % 8);
		memcpy(back, sentinel, sizeof(back));
		e = bsd_aead(fd, ses, COP_DECRYPT, iv, 12, aad, sizeof(aad),
			     ct, back, &l, 0);
		*p ^= 1 << (bit % 8);
		flips++;
		refused += e == -EBADMSG;
		wrote += memcmp(back, sentinel, sizeof(back)) != 0;
	}
	tap_ok(refused == flips && !wrote,
	       "%s tamper: %u of %u single-bit flips of ciphertext, tag and AAD refused with EBADMSG, %u wrote output",
	       name, refused, flips, wrote);
	len = 64;
	tap_err(bsd_aead(fd, ses, COP_DECRYPT, iv, 12, aad, sizeof(aad), ct,
			 back, &len, 0), 0, "%s tamper: the untouched message",
		name);
	len = 48;
	tap_err(bsd_aead(fd, ses, COP_ENCRYPT, iv, 12, aad, sizeof(aad), pt,
			 ct, &len, 3), -EINVAL, "%s: tag length 3", name);
	len = 48;
	tap_err(bsd_aead(fd, ses, COP_ENCRYPT, iv, id == CRYPTO_AES_CCM ? 6 :
			 11, aad, sizeof(aad), pt, ct, &len, 0), -EINVAL,
		"%s: a nonce length the mode does not take", name);
	len = 15;
	tap_err(bsd_aead(fd, ses, COP_DECRYPT, iv, 12, aad, sizeof(aad), ct,
			 back, &len, 0), -EINVAL,
		"%s: decrypt shorter than the tag", name);
	bsd_free(fd, ses);
}

void t_aead(int fd, struct rng *r)
{
	aead_diff(fd, CRYPTO_AES_GCM, NCR_ALG_AES_GCM, "AES-256-GCM", r);
	aead_diff(fd, CRYPTO_AES_CCM, NCR_ALG_AES_CCM, "AES-256-CCM", r);
	aead_tamper(fd, CRYPTO_AES_GCM, "AES-128-GCM");
	aead_tamper(fd, CRYPTO_AES_CCM, "AES-128-CCM");
}
