// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * client.c - a cryptodev client written the way real ones are (OpenSSL's
 * devcrypto engine, cryptodev-linux's examples): open, CIOCGSESSION with
 * a cipher and an HMAC, CIOCGSESSINFO, CIOCCRYPT, CIOCAUTHCRYPT with
 * AES-GCM, CIOCFSESSION; every result checked against OpenSSL.
 */
#include <string.h>
#include "bsd.h"

static const uint8_t key[16] = "0123456789abcdef";
static const uint8_t mkey[20] = "an hmac-sha1 key....";

void t_client(int fd)
{
	uint8_t iv[16] = { 1, 2, 3 }, iv0[16], pt[256], ct[256], want[256];
	uint8_t mac[20], wmac[20], back[256], gct[256 + 16], wtag[16];
	struct session_info_op si = { 0 };
	uint32_t ses, gses, len;
	size_t ml = sizeof(wmac);
	int r;

	memset(pt, 0xa5, sizeof(pt));
	memcpy(iv0, iv, sizeof(iv));
	r = bsd_sess(fd, CRYPTO_AES_CBC, key, sizeof(key), CRYPTO_SHA1_HMAC,
		     mkey, sizeof(mkey), &ses);
	if (!tap_err(r, 0, "client: CIOCGSESSION AES-CBC + HMAC-SHA1"))
		return;
	si.ses = ses;
	r = xioctl(fd, CIOCGSESSINFO, &si);
	tap_ok(!r && !strcmp(si.cipher_info.cra_name, "cbc(aes)") &&
	       !strcmp(si.hash_info.cra_name, "hmac(sha1)") &&
	       si.cipher_info.cra_driver_name[0],
	       "client: CIOCGSESSINFO: %s (%s), %s (%s), alignmask %u, flags %u",
	       si.cipher_info.cra_name, si.cipher_info.cra_driver_name,
	       si.hash_info.cra_name, si.hash_info.cra_driver_name,
	       si.alignmask, si.flags);
	r = bsd_crypt(fd, ses, COP_ENCRYPT, 0, pt, ct, sizeof(pt), mac, iv);
	ref_cipher(NCR_ALG_AES_CBC, 1, key, sizeof(key), iv0, pt, sizeof(pt),
		   want);
	ref_mac(NCR_ALG_HMAC_SHA1, mkey, sizeof(mkey), pt, sizeof(pt), wmac,
		&ml);
	tap_ok(!r && !memcmp_diag("ciphertext", ct, want, sizeof(ct)) &&
	       !memcmp_diag("mac", mac, wmac, sizeof(mac)),
	       "client: CIOCCRYPT encrypt = OpenSSL AES-128-CBC, HMAC-SHA1 of the plaintext");
	r = bsd_crypt(fd, ses, COP_DECRYPT, 0, ct, back, sizeof(ct), mac, iv);
	tap_ok(!r && !memcmp(back, pt, sizeof(pt)) &&
	       !memcmp(mac, wmac, sizeof(mac)),
	       "client: CIOCCRYPT decrypt gives the plaintext and its HMAC back");
	tap_err(bsd_free(fd, ses), 0, "client: CIOCFSESSION");

	r = bsd_sess(fd, CRYPTO_AES_GCM, key, sizeof(key), 0, NULL, 0, &gses);
	if (!tap_err(r, 0, "client: CIOCGSESSION AES-GCM"))
		return;
	len = 200;
	r = bsd_aead(fd, gses, COP_ENCRYPT, iv, 12, "header", 6, pt, gct,
		     &len, 0);
	ref_aead(NCR_ALG_AES_GCM, 1, key, sizeof(key), iv, 12, "header", 6,
		 pt, 200, want, wtag, 16);
	tap_ok(!r && len == 216 && !memcmp(gct, want, 200) &&
	       !memcmp(gct + 200, wtag, 16),
	       "client: CIOCAUTHCRYPT GCM encrypt = OpenSSL, tag in band, len %u",
	       len);
	r = bsd_aead(fd, gses, COP_DECRYPT, iv, 12, "header", 6, gct, back,
		     &len, 0);
	tap_ok(!r && len == 200 && !memcmp(back, pt, 200),
	       "client: CIOCAUTHCRYPT GCM decrypt, len %u", len);
	gct[5] ^= 1;
	len = 216;
	tap_err(bsd_aead(fd, gses, COP_DECRYPT, iv, 12, "header", 6, gct,
			 back, &len, 0), -EBADMSG,
		"client: a flipped ciphertext bit");
	tap_err(bsd_free(fd, gses), 0, "client: CIOCFSESSION GCM");
}
