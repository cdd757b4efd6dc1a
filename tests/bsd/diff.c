// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * diff.c - every CRYPTO_* id the module serves against OpenSSL through
 * CIOCCRYPT: ciphers at every length 0..4096 their unit allows (encrypt
 * equals OpenSSL, decrypt gives the plaintext back), digests and HMACs at
 * every length 0..4096, random keys, IVs and data.
 */
#include <stdlib.h>
#include <string.h>
#include "bsd.h"

#define MAXLEN 4096

static void diff_cipher(int fd, const struct balg *a, struct rng *r,
			uint8_t *pt, uint8_t *ct, uint8_t *want)
{
	uint8_t key[64], iv[16], iv2[16];
	unsigned int n = 0, bad = 0;
	uint32_t ses, len;
	int e;

	rng_fill(r, key, a->keylen);
	e = bsd_sess(fd, a->bsd, key, a->keylen, 0, NULL, 0, &ses);
	if (e) {
		tap_ok(0, "diff %s: CIOCGSESSION: %s", a->name, errname(e));
		return;
	}
	for (len = a->bsd == CRYPTO_AES_XTS ? 16 : 0; len <= MAXLEN;
	     len += a->unit) {
		rng_fill(r, iv, sizeof(iv));
		rng_fill(r, pt, len);
		memcpy(iv2, iv, sizeof(iv));
		n++;
		e = bsd_crypt(fd, ses, COP_ENCRYPT, 0, pt, ct, len, NULL,
			      a->iv ? iv : NULL);
		if (e || ref_cipher(a->ncr, 1, key, a->keylen, iv2, pt, len,
				    want) || memcmp(ct, want, len)) {
			if (!bad++)
				tap_diag("%s: len %u: %s", a->name, len,
					 e ? errname(e) : "differs");
			continue;
		}
		e = bsd_crypt(fd, ses, COP_DECRYPT, 0, ct, ct, len, NULL,
			      a->iv ? iv2 : NULL);
		if (e || memcmp(ct, pt, len)) {
			if (!bad++)
				tap_diag("%s: len %u: decrypt in place: %s",
					 a->name, len,
					 e ? errname(e) : "differs");
		}
	}
	tap_ok(!bad, "diff %s: %u lengths 0..%u = OpenSSL, decrypt in place round trips (%u bad)",
	       a->name, n, MAXLEN, bad);
	bsd_free(fd, ses);
}

static void diff_hash(int fd, const struct balg *a, struct rng *r,
		      uint8_t *msg)
{
	uint8_t key[256], md[64], want[64];
	unsigned int bad = 0;
	uint32_t ses, len;
	size_t wl;
	int e;

	rng_fill(r, key, a->keylen);
	e = bsd_sess(fd, 0, NULL, 0, a->bsd, key, a->keylen, &ses);
	if (e) {
		tap_ok(0, "diff %s: CIOCGSESSION: %s", a->name, errname(e));
		return;
	}
	for (len = 0; len <= MAXLEN; len++) {
		rng_fill(r, msg, len);
		memset(md, 0, sizeof(md));
		wl = sizeof(want);
		e = bsd_crypt(fd, ses, COP_ENCRYPT, 0, msg, NULL, len, md,
			      NULL);
		if (e || (a->keylen ?
			  ref_mac(a->ncr, key, a->keylen, msg, len, want, &wl) :
			  ref_digest(a->ncr, msg, len, want, &wl)) ||
		    wl != a->out || memcmp(md, want, a->out)) {
			if (!bad++)
				tap_diag("%s: len %u: %s", a->name, len,
					 e ? errname(e) : "differs");
		}
	}
	tap_ok(!bad, "diff %s: lengths 0..%u = OpenSSL (%u bad)", a->name,
	       MAXLEN, bad);
	bsd_free(fd, ses);
}

void t_diff(int fd, struct rng *r)
{
	uint8_t *pt = malloc(MAXLEN), *ct = malloc(MAXLEN);
	uint8_t *want = malloc(MAXLEN);

	for (size_t i = 0; pt && ct && want && i < n_balgs; i++) {
		if (balgs[i].mac)
			diff_hash(fd, &balgs[i], r, pt);
		else
			diff_cipher(fd, &balgs[i], r, pt, ct, want);
	}
	free(pt);
	free(ct);
	free(want);
}
