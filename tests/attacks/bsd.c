// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bsd.c - the attacks through the BSD ABI (<crypto/cryptodev.h>), as uid
 * 65534: a cryptodev session keyed by an NCR handle must not be a way round
 * the key's policy, and the BSD side must not reveal or leak anything.
 *   B.usage        a decrypt-only key does not encrypt through CIOCCRYPT
 *   B.algset       a key whose set is {AES-GCM} gives no CBC, ECB, CTR or
 *                  XTS session (ECB would be a block-cipher oracle)
 *   B.restrict     NCRIO_KEY_RESTRICT applies to a session already made
 *   B.foreign      another descriptor's handle is unknown
 *   B.cphash       an HMAC state never moves to a session of other key
 *                  bytes (it would be an oracle for the key)
 *   B.sessinfo     CIOCGSESSINFO holds no byte of the session's key
 *   B.caps         BSD sessions stop at a limit and count as sessions, and
 *                  all go when the descriptor closes
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <crypto/cryptodev.h>
#include "attacks.h"

static int bsd_sess(int fd, uint32_t cipher, const void *key, uint32_t klen,
		    uint32_t mac, const void *mkey, uint32_t mklen, uint32_t *ses)
{
	struct session_op s = {
		.cipher = cipher, .key = (void *)key, .keylen = klen,
		.mac = mac, .mackey = (void *)mkey, .mackeylen = mklen,
	};
	int r = xioctl(fd, CIOCGSESSION, &s);

	if (!r && ses)
		*ses = s.ses;
	return r;
}

static int bsd_enc(int fd, uint32_t ses, uint16_t op, void *buf)
{
	uint8_t iv[16] = { 0 };
	struct crypt_op c = {
		.ses = ses, .op = op, .len = 32, .src = buf, .dst = buf,
		.iv = iv,
	};

	return xioctl(fd, CIOCCRYPT, &c);
}

static void usage_algset(void)
{
	static const uint32_t modes[] = { CRYPTO_AES_CBC, CRYPTO_AES_ECB,
					  CRYPTO_AES_CTR, CRYPTO_AES_XTS };
	uint8_t buf[32] = { 0 };
	uint32_t dec, gcm, ses;
	unsigned int opened = 0;
	int e;

	e = a_gen(A.fd, NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_DECRYPT,
		  NCR_KEY_ALG_AES_CBC, &dec) ?:
	    a_gen(A.fd, NCR_KEY_TYPE_AES, 256, 0,
		  NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
		  NCR_KEY_ALG_AES_GCM, &gcm);
	if (!tap_err(e, 0, "B.setup - two non-exportable AES keys"))
		return;
	e = bsd_sess(A.fd, CRYPTO_AES_CBC | CRYPTODEV_NCR_KEY, &dec, 4, 0,
		     NULL, 0, &ses);
	tap_err(e ?: bsd_enc(A.fd, ses, COP_ENCRYPT, buf), -EPERM,
		"B.usage - a decrypt-only key does not encrypt through CIOCCRYPT");
	tap_err(e ?: bsd_enc(A.fd, ses, COP_DECRYPT, buf), 0,
		"B.usage - (it decrypts, as its usage says)");
	xioctl(A.fd, CIOCFSESSION, &ses);
	for (size_t i = 0; i < ARRAY_SIZE(modes); i++)
		opened += bsd_sess(A.fd, modes[i] | CRYPTODEV_NCR_KEY, &gcm, 4,
				   0, NULL, 0, NULL) != -EPERM;
	tap_ok(!opened,
	       "B.algset - a key whose set is {AES-GCM} gives no CBC, ECB, CTR or XTS session (%u did)",
	       opened);
	e = bsd_sess(A.fd, CRYPTO_AES_GCM | CRYPTODEV_NCR_KEY, &gcm, 4, 0,
		     NULL, 0, &ses);
	if (!e) {
		struct crypt_auth_op a = {
			.ses = ses, .op = COP_ENCRYPT, .len = 16, .src = buf,
			.dst = buf, .iv = buf, .iv_len = 12,
		};
		uint8_t out[48];

		a.dst = out;
		e = a_restrict(A.fd, gcm, 0, NCR_KEY_USAGE_ENCRYPT, 0) ?:
		    xioctl(A.fd, CIOCAUTHCRYPT, &a);
		xioctl(A.fd, CIOCFSESSION, &ses);
	}
	tap_err(e, -EPERM,
		"B.restrict - NCRIO_KEY_RESTRICT applies to a CIOCAUTHCRYPT session already made");
	a_del(A.fd, dec);
	a_del(A.fd, gcm);
}

static void foreign_cphash_info(void)
{
	static const uint8_t guess[32] = "the attacker's guess at the key";
	uint8_t key[16] = "visible key.....", msg[64] = { 1 };
	uint32_t hk, ha, hb, ses;
	struct session_info_op si = { 0 };
	struct cphash_op cp;
	struct crypt_op c = {
		.flags = COP_FLAG_UPDATE, .len = sizeof(msg), .src = msg,
	};
	int other = dev_open(), e;

	e = a_gen(other, NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_CBC, &hk);
	tap_err(e ?: bsd_sess(A.fd, CRYPTO_AES_CBC | CRYPTODEV_NCR_KEY, &hk, 4,
			      0, NULL, 0, NULL), -ENOENT,
		"B.foreign - another descriptor's key handle is unknown");
	close(other);

	e = a_gen(A.fd, NCR_KEY_TYPE_HMAC, 256, 0, NCR_KEY_USAGE_SIGN,
		  NCR_KEY_ALG_HMAC_SHA256, &hk) ?:
	    bsd_sess(A.fd, 0, NULL, 0, CRYPTO_SHA2_256_HMAC | CRYPTODEV_NCR_KEY,
		     &hk, 4, &ha) ?:
	    bsd_sess(A.fd, 0, NULL, 0, CRYPTO_SHA2_256_HMAC, guess, 32, &hb);
	c.ses = ha;
	e = e ?: xioctl(A.fd, CIOCCRYPT, &c);
	cp = (struct cphash_op){ .dst_ses = hb, .src_ses = ha };
	tap_err(e ?: xioctl(A.fd, CIOCCPHASH, &cp), -EINVAL,
		"B.cphash - the state of a kernel-held HMAC key does not move to a session of guessed bytes");
	cp = (struct cphash_op){ .dst_ses = ha, .src_ses = hb };
	tap_err(e ?: xioctl(A.fd, CIOCCPHASH, &cp), -EINVAL,
		"B.cphash - nor the reverse");
	xioctl(A.fd, CIOCFSESSION, &ha);
	xioctl(A.fd, CIOCFSESSION, &hb);
	a_del(A.fd, hk);

	e = bsd_sess(A.fd, CRYPTO_AES_CBC, key, 16, CRYPTO_SHA1_HMAC, guess,
		     20, &ses);
	si.ses = ses;
	e = e ?: xioctl(A.fd, CIOCGSESSINFO, &si);
	tap_ok(!e && !a_contains(&si, sizeof(si), key, 8) &&
	       !a_contains(&si, sizeof(si), key + 8, 8) &&
	       !a_contains(&si, sizeof(si), guess, 8),
	       "B.sessinfo - CIOCGSESSINFO holds no 8 bytes of the session's keys (%s)",
	       errname(e));
	xioctl(A.fd, CIOCFSESSION, &ses);
}

static void caps(void)
{
	struct ncr_info before, mid, after;
	unsigned int n = 0;
	int fd = dev_open(), e = 0;

	if (fd < 0 || a_info(A.fd, &before)) {
		tap_ok(0, "B.caps - setup");
		return;
	}
	while (n < 100000 && !(e = bsd_sess(fd, 0, NULL, 0, CRYPTO_SHA2_256,
					      NULL, 0, NULL)))
		n++;
	memset(&mid, 0, sizeof(mid));
	a_info(A.fd, &mid);
	tap_ok(e == -EDQUOT && mid.live_sessions >= before.live_sessions + n,
	       "B.caps - BSD sessions stop at a limit (%u made, then %s) and count as sessions (%llu live)",
	       n, errname(e), (unsigned long long)mid.live_sessions);
	close(fd);
	e = a_info(A.fd, &after);
	tap_ok(!e && after.live_sessions <= before.live_sessions,
	       "B.caps - every BSD session is gone with its descriptor (%llu, %llu before)",
	       (unsigned long long)after.live_sessions,
	       (unsigned long long)before.live_sessions);
}

void t_bsd(void)
{
	usage_algset();
	foreign_cphash_info();
	caps();
}
