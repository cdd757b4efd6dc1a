// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tls.c - CIOCAUTHCRYPT's TLS mode (CBC + HMAC, MAC-then-encrypt with TLS
 * padding) and SRTP mode (CTR + HMAC over a region around the payload):
 * records against OpenSSL built by hand, records with every valid padding
 * length opened, every single-bit flip of ciphertext, associated data,
 * MAC and padding bytes refused with EBADMSG and nothing written, the
 * chained IV, and the layout rules refused with EINVAL.
 */
#include <string.h>
#include "bsd.h"

#define REC_MAX	2048

struct combo {
	uint32_t cipher, ncr_cipher, keylen, bs;
	uint32_t mac, ncr_mac, mackeylen, digest;
	const char *name;
};

static const struct combo tls_combos[] = {
	{ CRYPTO_AES_CBC, NCR_ALG_AES_CBC, 16, 16, CRYPTO_SHA1_HMAC,
	  NCR_ALG_HMAC_SHA1, 20, 20, "AES-128-CBC/HMAC-SHA1" },
	{ CRYPTO_AES_CBC, NCR_ALG_AES_CBC, 32, 16, CRYPTO_SHA2_256_HMAC,
	  NCR_ALG_HMAC_SHA256, 32, 32, "AES-256-CBC/HMAC-SHA256" },
	{ CRYPTO_AES_CBC, NCR_ALG_AES_CBC, 32, 16, CRYPTO_SHA2_384_HMAC,
	  NCR_ALG_HMAC_SHA384, 48, 48, "AES-256-CBC/HMAC-SHA384" },
	{ CRYPTO_3DES_CBC, NCR_ALG_DES3_CBC, 24, 8, CRYPTO_SHA1_HMAC,
	  NCR_ALG_HMAC_SHA1, 20, 20, "3DES-CBC/HMAC-SHA1" },
};

static int tls_op(int fd, uint32_t ses, uint16_t op, const void *iv,
		  const void *aad, uint32_t alen, const void *src, void *dst,
		  uint32_t *len, uint32_t tag_len)
{
	struct crypt_auth_op a = {
		.ses = ses, .op = op, .flags = COP_FLAG_AEAD_TLS_TYPE,
		.len = *len, .auth_src = (void *)aad, .auth_len = alen,
		.src = (void *)src, .dst = dst, .tag_len = tag_len,
		.iv = (void *)iv, .iv_len = iv ? 16 : 0,
	};
	int r = xioctl(fd, CIOCAUTHCRYPT, &a);

	if (!r)
		*len = a.len;
	return r;
}

/*
 * A TLS record made with OpenSSL: pt || HMAC(aad || pt)[0..t) || pad + 1
 * bytes of value pad, CBC-encrypted.  Returns its length.
 */
static uint32_t ref_record(const struct combo *c, const uint8_t *key,
			   const uint8_t *mkey, const uint8_t *iv,
			   const uint8_t *aad, uint32_t alen,
			   const uint8_t *pt, uint32_t len, uint32_t t,
			   uint32_t pad, uint8_t *rec)
{
	uint8_t msg[64 + REC_MAX], md[64], plain[REC_MAX + 512];
	size_t mdl = sizeof(md);
	uint32_t n = len + t + pad + 1;

	memcpy(msg, aad, alen);
	memcpy(msg + alen, pt, len);
	if (ref_mac(c->ncr_mac, mkey, c->mackeylen, msg, alen + len, md, &mdl))
		return 0;
	memcpy(plain, pt, len);
	memcpy(plain + len, md, t);
	memset(plain + len + t, (int)pad, pad + 1);
	if (ref_cipher(c->ncr_cipher, 1, key, c->keylen, iv, plain, n, rec))
		return 0;
	return n;
}

static void tls_diff(int fd, const struct combo *c, struct rng *r)
{
	uint8_t key[32], mkey[48], iv[16], aad[64], pt[REC_MAX];
	uint8_t rec[REC_MAX + 512], want[REC_MAX + 512], back[REC_MAX + 512];
	unsigned int bad = 0, rounds = 40, padded = 0;
	uint32_t ses;
	int e;

	rng_fill(r, key, sizeof(key));
	rng_fill(r, mkey, sizeof(mkey));
	e = bsd_sess(fd, c->cipher, key, c->keylen, c->mac, mkey,
		     c->mackeylen, &ses);
	if (e) {
		tap_ok(0, "TLS %s: CIOCGSESSION: %s", c->name, errname(e));
		return;
	}
	for (unsigned int i = 0; i < rounds; i++) {
		uint32_t len = rng_below(r, 1100), alen = rng_below(r, 65);
		uint32_t tl = (uint32_t[]){ 0, 10, 12, c->digest }[rng_below(r, 4)];
		uint32_t t = tl ?: c->digest;
		uint32_t pad = c->bs - 1 - (len + t) % c->bs, n, out, room;

		rng_fill(r, iv, sizeof(iv));
		rng_fill(r, aad, alen);
		rng_fill(r, pt, len);
		n = ref_record(c, key, mkey, iv, aad, alen, pt, len, t, pad,
			       want);
		/* in place, as clients do: the buffer holds pt and the room */
		memcpy(rec, pt, len);
		out = len;
		e = tls_op(fd, ses, COP_ENCRYPT, iv, aad, alen, rec, rec, &out,
			   tl);
		if (e || !n || out != n || memcmp(rec, want, n)) {
			if (!bad++)
				tap_diag("TLS %s: seal len %u aad %u tag %u: %s",
					 c->name, len, alen, t,
					 e ? errname(e) : "differs");
			continue;
		}
		e = tls_op(fd, ses, COP_DECRYPT, iv, aad, alen, rec, back,
			   &out, tl);
		if (e || out != len || memcmp(back, pt, len)) {
			if (!bad++)
				tap_diag("TLS %s: open len %u: %s", c->name,
					 len, e ? errname(e) : "differs");
			continue;
		}
		/* a record with a longer (still valid) padding opens too */
		room = (255 - pad) / c->bs;
		pad += c->bs * rng_below(r, room + 1);
		n = ref_record(c, key, mkey, iv, aad, alen, pt, len, t, pad,
			       want);
		out = n;
		e = tls_op(fd, ses, COP_DECRYPT, iv, aad, alen, want, want,
			   &out, tl);
		if (e || out != len || memcmp(want, pt, len)) {
			if (!bad++)
				tap_diag("TLS %s: open with %u pad bytes: %s",
					 c->name, pad + 1,
					 e ? errname(e) : "differs");
		}
		padded++;
	}
	tap_ok(!bad,
	       "TLS %s: %u random records (lengths, AAD, tag lengths) = OpenSSL, opened back, and %u with long paddings opened",
	       c->name, rounds, padded);
	bsd_free(fd, ses);
}

/*
 * Tampering.  Ciphertext and AAD bits flipped on the wire; MAC and padding
 * bits flipped in the plaintext before (OpenSSL) encryption, so that the
 * record decrypts to exactly that fault; padding lengths beyond the
 * record.  Each must be EBADMSG with nothing written.
 */
/*
 * Opens a tampered record rec (n bytes) into a buffer filled with a
 * sentinel: 1 if that is refused with EBADMSG, else 0; *wrote counts the
 * opens that changed the buffer.
 */
static int tamper_refused(int fd, uint32_t ses, const void *iv,
			  const void *aad, uint32_t alen, const uint8_t *rec,
			  uint32_t n, unsigned int *wrote)
{
	uint8_t back[512], sentinel[512];
	uint32_t out = n;
	int e;

	memset(sentinel, 0xee, sizeof(sentinel));
	memcpy(back, sentinel, sizeof(back));
	e = tls_op(fd, ses, COP_DECRYPT, iv, aad, alen, rec, back, &out, 0);
	*wrote += memcmp(back, sentinel, sizeof(back)) != 0;
	return e == -EBADMSG;
}

static void tls_tamper(int fd, const struct combo *c)
{
	uint8_t key[32] = "tls tamper key", mkey[48] = "mac key";
	uint8_t iv[16] = "iv", aad[13] = "seq/type/ver", pt[40];
	uint8_t rec[512], plain[512], back[512], md[64];
	unsigned int flips = 0, refused = 0, wrote = 0, pbad = 0, pdone = 0;
	uint32_t t = c->digest, ses, n, out, pad;
	size_t mdl = sizeof(md);
	uint8_t msg[13 + 40];

	memset(pt, 'p', sizeof(pt));
	if (bsd_sess(fd, c->cipher, key, c->keylen, c->mac, mkey,
		     c->mackeylen, &ses)) {
		tap_ok(0, "TLS %s tamper: setup", c->name);
		return;
	}
	pad = c->bs - 1 - (sizeof(pt) + t) % c->bs + c->bs;	/* 2 blocks */
	n = ref_record(c, key, mkey, iv, aad, sizeof(aad), pt, sizeof(pt), t,
		       pad, rec);
	for (unsigned int bit = 0; bit < (n + sizeof(aad)) * 8; bit++) {
		uint8_t *p = bit < n * 8 ? &rec[bit / 8] :
					   &aad[bit / 8 - n];

		*p ^= 1 << (bit % 8);
		refused += tamper_refused(fd, ses, iv, aad, sizeof(aad), rec, n,
					  &wrote);
		*p ^= 1 << (bit % 8);
		flips++;
	}
	tap_ok(refused == flips && !wrote,
	       "TLS %s tamper: %u of %u single-bit flips of ciphertext and AAD refused with EBADMSG, %u wrote output",
	       c->name, refused, flips, wrote);

	/* the plaintext record: pt || MAC || padding; flip MAC and padding */
	memcpy(msg, aad, sizeof(aad));
	memcpy(msg + sizeof(aad), pt, sizeof(pt));
	ref_mac(c->ncr_mac, mkey, c->mackeylen, msg, sizeof(msg), md, &mdl);
	memcpy(plain, pt, sizeof(pt));
	memcpy(plain + sizeof(pt), md, t);
	memset(plain + sizeof(pt) + t, (int)pad, pad + 1);
	flips = refused = wrote = 0;
	for (unsigned int bit = sizeof(pt) * 8; bit < n * 8; bit++) {
		plain[bit / 8] ^= 1 << (bit % 8);
		ref_cipher(c->ncr_cipher, 1, key, c->keylen, iv, plain, n, rec);
		plain[bit / 8] ^= 1 << (bit % 8);
		/*
		 * A flipped length byte of 0 is a valid one-byte padding:
		 * then the MAC is looked for in the wrong place and fails.
		 */
		refused += tamper_refused(fd, ses, iv, aad, sizeof(aad), rec, n,
					  &wrote);
		flips++;
	}
	tap_ok(refused == flips && !wrote,
	       "TLS %s tamper: %u of %u single-bit flips of the MAC and padding bytes refused with EBADMSG, %u wrote output",
	       c->name, refused, flips, wrote);

	/* every padding length byte whose padding would not fit the record */
	for (unsigned int v = n - t; v < 256; v++, pdone++) {
		memset(plain + sizeof(pt) + t, (int)v, pad + 1);
		ref_cipher(c->ncr_cipher, 1, key, c->keylen, iv, plain, n, rec);
		out = n;
		pbad += tls_op(fd, ses, COP_DECRYPT, iv, aad, sizeof(aad),
			       rec, back, &out, 0) == -EBADMSG;
	}
	memset(plain + sizeof(pt) + t, (int)pad, pad + 1);
	tap_ok(pbad == pdone,
	       "TLS %s: %u of %u padding lengths longer than the record refused with EBADMSG",
	       c->name, pbad, pdone);
	ref_cipher(c->ncr_cipher, 1, key, c->keylen, iv, plain, n, rec);
	out = n;
	tap_err(tls_op(fd, ses, COP_DECRYPT, iv, aad, sizeof(aad), rec, back,
		       &out, 0), 0, "TLS %s: the untouched record", c->name);
	bsd_free(fd, ses);
}

/* iv NULL: the session's chained IV, as TLS 1.0 uses it. */
static void tls_chain(int fd)
{
	const struct combo *c = &tls_combos[0];
	uint8_t key[16] = "chain key", mkey[20] = "chain mac", iv[16] = "c";
	uint8_t aad[13] = "hdr", pt[30], a[128], b[128], want[256];
	uint32_t ses, la = sizeof(pt), lb = sizeof(pt), n1, n2;

	memset(pt, 'c', sizeof(pt));
	if (bsd_sess(fd, c->cipher, key, 16, c->mac, mkey, 20, &ses)) {
		tap_ok(0, "TLS chained IV: setup");
		return;
	}
	memcpy(a, pt, sizeof(pt));
	memcpy(b, pt, sizeof(pt));
	n1 = ref_record(c, key, mkey, iv, aad, 13, pt, 30, 20, 13, want);
	/* the second record's IV is the first's last ciphertext block */
	n2 = ref_record(c, key, mkey, want + n1 - 16, aad, 13, pt, 30, 20, 13,
			want + n1);
	tap_ok(!tls_op(fd, ses, COP_ENCRYPT, iv, aad, 13, a, a, &la, 0) &&
	       !tls_op(fd, ses, COP_ENCRYPT, NULL, aad, 13, b, b, &lb, 0) &&
	       la == n1 && lb == n2 && !memcmp(a, want, n1) &&
	       !memcmp(b, want + n1, n2),
	       "TLS: iv NULL continues from the last record's final ciphertext block");
	bsd_free(fd, ses);
}

static void tls_rules(int fd)
{
	uint8_t key[32] = "k", mkey[32] = "m", iv[16] = { 0 }, aad[13] = { 0 };
	uint8_t buf[256] = { 0 };
	uint32_t tls, gcm, ctr, hash, cbc, len;
	struct crypt_auth_op both;

	if (bsd_sess(fd, CRYPTO_AES_CBC, key, 16, CRYPTO_SHA1_HMAC, mkey, 20,
		     &tls) ||
	    bsd_sess(fd, CRYPTO_AES_GCM, key, 16, 0, NULL, 0, &gcm) ||
	    bsd_sess(fd, CRYPTO_AES_CTR, key, 16, CRYPTO_SHA1_HMAC, mkey, 20,
		     &ctr) ||
	    bsd_sess(fd, CRYPTO_AES_CBC, key, 16, CRYPTO_SHA1, NULL, 0,
		     &hash) ||
	    bsd_sess(fd, CRYPTO_AES_CBC, key, 16, 0, NULL, 0, &cbc)) {
		tap_ok(0, "TLS rules: setup");
		return;
	}
#define TRY(ses, op, l, t, want, what) do {				\
		len = (l);						\
		tap_err(tls_op(fd, ses, op, iv, aad, 13, buf, buf, &len, t), \
			want, "TLS: %s", what);				\
	} while (0)
	TRY(gcm, COP_ENCRYPT, 16, 0, -EINVAL, "an AES-GCM session");
	TRY(ctr, COP_ENCRYPT, 16, 0, -EINVAL, "a stream cipher (AES-CTR)");
	TRY(hash, COP_ENCRYPT, 16, 0, -EINVAL, "a plain hash, not an HMAC");
	TRY(cbc, COP_ENCRYPT, 16, 0, -EINVAL, "a cipher without a MAC");
	TRY(tls, COP_ENCRYPT, 16, 9, -EINVAL, "tag_len 9 (below 10)");
	TRY(tls, COP_ENCRYPT, 16, 21, -EINVAL, "tag_len above the digest size");
	TRY(tls, COP_DECRYPT, 40, 0, -EINVAL, "a record not a whole number of blocks");
	TRY(tls, COP_DECRYPT, 16, 0, -EINVAL, "a record too short for MAC and padding");
	TRY(tls, COP_DECRYPT, 0, 0, -EINVAL, "an empty record");
	TRY(tls, 7, 16, 0, -EINVAL, "an unknown op");
#undef TRY
	both = (struct crypt_auth_op){
		.ses = tls, .op = COP_ENCRYPT, .len = 16,
		.flags = COP_FLAG_AEAD_TLS_TYPE | COP_FLAG_AEAD_SRTP_TYPE,
		.src = buf, .dst = buf, .iv = iv,
	};
	tap_err(xioctl(fd, CIOCAUTHCRYPT, &both), -EINVAL,
		"TLS and SRTP flags together");
	len = 16;
	tap_err(tls_op(fd, tls, COP_ENCRYPT, iv, aad, 13, (void *)8, buf,
		       &len, 0), -EFAULT, "TLS: a bad src pointer");
	len = 32;
	tap_err(tls_op(fd, tls, COP_DECRYPT, iv, aad, 13, buf, buf, &len, 0),
		-EBADMSG, "TLS: zeros are not a record");
	bsd_free(fd, tls);
	bsd_free(fd, gcm);
	bsd_free(fd, ctr);
	bsd_free(fd, hash);
	bsd_free(fd, cbc);
}

static int srtp_op(int fd, uint32_t ses, uint16_t op, const void *iv,
		   uint8_t *pkt, uint32_t alen, uint8_t *src, uint32_t len,
		   uint8_t *dst, uint8_t *tag, uint32_t tag_len)
{
	struct crypt_auth_op a = {
		.ses = ses, .op = op, .flags = COP_FLAG_AEAD_SRTP_TYPE,
		.len = len, .auth_src = pkt, .auth_len = alen,
		.src = src, .dst = dst, .tag = tag, .tag_len = tag_len,
		.iv = (void *)iv, .iv_len = 16,
	};

	return xioctl(fd, CIOCAUTHCRYPT, &a);
}

/* An RTP-shaped packet: 12-byte header, payload, 4-byte trailer (ROC). */
static void srtp(int fd, struct rng *r)
{
	uint8_t key[16], mkey[20], iv[16], pkt[12 + 1200 + 4], orig[1216];
	uint8_t want[1216], tag[20], wtag[64];
	uint32_t ses, cbc, bad = 0, rounds = 30;
	unsigned int flips = 0, refused = 0, touched = 0;
	size_t ml = sizeof(wtag);

	rng_fill(r, key, sizeof(key));
	rng_fill(r, mkey, sizeof(mkey));
	if (bsd_sess(fd, CRYPTO_AES_CTR, key, 16, CRYPTO_SHA1_HMAC, mkey, 20,
		     &ses) ||
	    bsd_sess(fd, CRYPTO_AES_CBC, key, 16, CRYPTO_SHA1_HMAC, mkey, 20,
		     &cbc)) {
		tap_ok(0, "SRTP: setup");
		return;
	}
	for (unsigned int i = 0; i < rounds; i++) {
		uint32_t len = rng_below(r, 1201), alen = 12 + len + 4;
		uint32_t tl = (uint32_t[]){ 0, 4, 10, 20 }[rng_below(r, 4)];
		uint32_t t = tl ?: 20;

		rng_fill(r, iv, sizeof(iv));
		rng_fill(r, pkt, alen);
		memcpy(orig, pkt, alen);
		memcpy(want, pkt, alen);
		ref_cipher(NCR_ALG_AES_CTR, 1, key, 16, iv, orig + 12, len,
			   want + 12);
		ml = sizeof(wtag);
		ref_mac(NCR_ALG_HMAC_SHA1, mkey, 20, want, alen, wtag, &ml);
		if (srtp_op(fd, ses, COP_ENCRYPT, iv, pkt, alen, pkt + 12, len,
			    pkt + 12, tag, tl) ||
		    memcmp(pkt, want, alen) || memcmp(tag, wtag, t) ||
		    srtp_op(fd, ses, COP_DECRYPT, iv, pkt, alen, pkt + 12, len,
			    pkt + 12, tag, tl) ||
		    memcmp(pkt, orig, alen)) {
			if (!bad++)
				tap_diag("SRTP: payload %u tag %u differs", len,
					 t);
		}
	}
	tap_ok(!bad,
	       "SRTP AES-128-CTR/HMAC-SHA1: %u packets (payload 0..1200, tags 4/10/20) = OpenSSL, in place, and back",
	       rounds);

	/* tamper: every bit of header, payload, trailer and (80-bit) tag */
	memset(pkt, 's', 12 + 64 + 4);
	if (srtp_op(fd, ses, COP_ENCRYPT, iv, pkt, 80, pkt + 12, 64, pkt + 12,
		    tag, 10)) {
		tap_ok(0, "SRTP tamper: setup");
	} else {
		for (unsigned int bit = 0; bit < (80 + 10) * 8; bit++) {
			uint8_t *p = bit < 80 * 8 ? &pkt[bit / 8] :
						    &tag[bit / 8 - 80];
			int e;

			*p ^= 1 << (bit % 8);
			memcpy(orig, pkt, 80);
			e = srtp_op(fd, ses, COP_DECRYPT, iv, pkt, 80,
				    pkt + 12, 64, pkt + 12, tag, 10);
			touched += memcmp(orig, pkt, 80) != 0;
			memcpy(pkt, orig, 80);
			*p ^= 1 << (bit % 8);
			flips++;
			refused += e == -EBADMSG;
		}
		tap_ok(refused == flips && !touched,
		       "SRTP tamper: %u of %u single-bit flips of header, payload, trailer and tag refused with EBADMSG, %u decrypted anyway",
		       refused, flips, touched);
	}

	tap_err(srtp_op(fd, ses, COP_ENCRYPT, iv, pkt, 80, pkt + 12, 64,
			orig, tag, 10), -EINVAL, "SRTP: dst other than src");
	tap_err(srtp_op(fd, ses, COP_ENCRYPT, iv, pkt + 12, 68, pkt, 64, pkt,
			tag, 10), -EINVAL, "SRTP: src before the region");
	tap_err(srtp_op(fd, ses, COP_ENCRYPT, iv, pkt, 70, pkt + 12, 64,
			pkt + 12, tag, 10), -EINVAL,
		"SRTP: payload past the region's end");
	tap_err(srtp_op(fd, ses, COP_ENCRYPT, iv, pkt, 80, pkt + 12, 64,
			pkt + 12, tag, 3), -EINVAL, "SRTP: tag_len 3");
	tap_err(srtp_op(fd, ses, COP_ENCRYPT, iv, pkt, 80, pkt + 12, 64,
			pkt + 12, tag, 21), -EINVAL,
		"SRTP: tag_len above the digest size");
	tap_err(srtp_op(fd, cbc, COP_ENCRYPT, iv, pkt, 80, pkt + 12, 64,
			pkt + 12, tag, 10), -EINVAL,
		"SRTP: a block cipher (AES-CBC) session");
	tap_err(srtp_op(fd, ses, COP_ENCRYPT, iv, pkt, 80, pkt + 12, 64,
			pkt + 12, (void *)8, 10), -EFAULT,
		"SRTP: a bad tag pointer");
	bsd_free(fd, ses);
	bsd_free(fd, cbc);
}

void t_tls(int fd, struct rng *r)
{
	for (size_t i = 0; i < ARRAY_SIZE(tls_combos); i++)
		tls_diff(fd, &tls_combos[i], r);
	tls_tamper(fd, &tls_combos[0]);
	tls_tamper(fd, &tls_combos[2]);
	tls_tamper(fd, &tls_combos[3]);
	tls_chain(fd);
	tls_rules(fd);
	srtp(fd, r);
}
