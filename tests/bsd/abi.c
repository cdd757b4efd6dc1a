// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * abi.c - bad input to every BSD ioctl, each with the errno cryptodev.h
 * documents: no algorithm, ids not defined, defined ids not served, a hash
 * given as a cipher and the reverse, bad key lengths, bad session ids,
 * unknown flags and ops, lengths that are not a multiple of the block,
 * overlapping buffers, bad pointers, ioctl numbers of another size.
 */
#include <string.h>
#include <sys/ioctl.h>
#include "bsd.h"

#define BAD ((void *)8)		/* never mapped */

static void gsession(int fd)
{
	static const uint32_t refused[] = {
		CRYPTO_DES_CBC, CRYPTO_BLF_CBC, CRYPTO_CAST_CBC,
		CRYPTO_SKIPJACK_CBC, CRYPTO_ARC4, CRYPTO_DEFLATE_COMP,
		CRYPTO_NULL, CRYPTO_LZS_COMP, CRYPTO_AES_CFB, CRYPTO_AES_OFB,
		CRYPTO_CAMELLIA_CBC, CRYPTO_TLS11_AES_CBC_HMAC_SHA1,
		CRYPTO_TLS12_AES_CBC_HMAC_SHA256,
	};
	static const uint32_t refused_mac[] = {
		CRYPTO_MD5_HMAC, CRYPTO_RIPEMD160_HMAC, CRYPTO_MD5_KPDK,
		CRYPTO_SHA1_KPDK, CRYPTO_RIPEMD160,
	};
	uint8_t key[600] = { 1 };
	unsigned int bad = 0;

	tap_err(bsd_sess(fd, 0, NULL, 0, 0, NULL, 0, NULL), -EINVAL,
		"CIOCGSESSION: neither cipher nor mac");
	tap_err(bsd_sess(fd, 26, key, 16, 0, NULL, 0, NULL), -EINVAL,
		"CIOCGSESSION: id 26 (not defined)");
	tap_err(bsd_sess(fd, CRYPTO_ALGORITHM_ALL, key, 16, 0, NULL, 0, NULL),
		-EINVAL, "CIOCGSESSION: CRYPTO_ALGORITHM_ALL");
	tap_err(bsd_sess(fd, 0, NULL, 0, 0xffff, NULL, 0, NULL), -EINVAL,
		"CIOCGSESSION: mac 0xffff");
	for (size_t i = 0; i < ARRAY_SIZE(refused); i++)
		bad += bsd_sess(fd, refused[i], key, 16, 0, NULL, 0, NULL) !=
		       -EOPNOTSUPP;
	for (size_t i = 0; i < ARRAY_SIZE(refused_mac); i++)
		bad += bsd_sess(fd, 0, NULL, 0, refused_mac[i], key, 16,
				NULL) != -EOPNOTSUPP;
	tap_ok(!bad, "CIOCGSESSION: the %zu defined ids not served give EOPNOTSUPP (%u did not)",
	       ARRAY_SIZE(refused) + ARRAY_SIZE(refused_mac), bad);
	tap_err(bsd_sess(fd, CRYPTO_SHA1, NULL, 0, 0, NULL, 0, NULL), -EINVAL,
		"CIOCGSESSION: a hash given as cipher");
	tap_err(bsd_sess(fd, 0, NULL, 0, CRYPTO_AES_CBC, key, 16, NULL),
		-EINVAL, "CIOCGSESSION: a cipher given as mac");
	tap_err(bsd_sess(fd, CRYPTO_AES_GCM, key, 16, CRYPTO_SHA1_HMAC, key,
			 20, NULL), -EINVAL, "CIOCGSESSION: AES-GCM with a MAC");
	tap_err(bsd_sess(fd, CRYPTO_AES_CBC, key, 15, 0, NULL, 0, NULL),
		-EINVAL, "CIOCGSESSION: AES key of 15 bytes");
	tap_err(bsd_sess(fd, CRYPTO_AES_CBC, key, 64, 0, NULL, 0, NULL),
		-EINVAL, "CIOCGSESSION: AES-CBC key of 64 bytes");
	tap_err(bsd_sess(fd, CRYPTO_AES_XTS, key, 16, 0, NULL, 0, NULL),
		-EINVAL, "CIOCGSESSION: AES-XTS key of 16 bytes");
	tap_err(bsd_sess(fd, CRYPTO_3DES_CBC, key, 16, 0, NULL, 0, NULL),
		-EINVAL, "CIOCGSESSION: 3DES key of 16 bytes");
	memset(key, 7, 24);
	tap_err(bsd_sess(fd, CRYPTO_3DES_CBC, key, 24, 0, NULL, 0, NULL),
		-EINVAL, "CIOCGSESSION: degenerate 3DES key (K1 = K2 = K3)");
	tap_err(bsd_sess(fd, CRYPTO_AES_CBC, key, 0xffffffff, 0, NULL, 0,
			 NULL), -EINVAL, "CIOCGSESSION: keylen 0xffffffff");
	tap_err(bsd_sess(fd, 0, NULL, 0, CRYPTO_SHA1_HMAC, key, 513, NULL),
		-EINVAL, "CIOCGSESSION: HMAC key of 513 bytes");
	tap_err(bsd_sess(fd, 0, NULL, 0, CRYPTO_SHA1_HMAC, key, 0, NULL),
		-EINVAL, "CIOCGSESSION: HMAC key of 0 bytes");
	tap_err(bsd_sess(fd, 0, NULL, 0, CRYPTO_SHA1, key, 16, NULL), -EINVAL,
		"CIOCGSESSION: a key for a plain hash");
	tap_err(bsd_sess(fd, CRYPTO_AES_CBC, BAD, 16, 0, NULL, 0, NULL),
		-EFAULT, "CIOCGSESSION: key at a bad address");
	tap_err(bsd_sess(fd, 0, NULL, 0, CRYPTO_SHA1_HMAC, BAD, 20, NULL),
		-EFAULT, "CIOCGSESSION: mackey at a bad address");
	tap_err(bsd_sess(fd, CRYPTODEV_NCR_KEY, key, 4, 0, NULL, 0, NULL),
		-EINVAL, "CIOCGSESSION: CRYPTODEV_NCR_KEY without an id");
	tap_err(xioctl(fd, CIOCGSESSION, BAD), -EFAULT,
		"CIOCGSESSION: argument at a bad address");
	/* the other ABI's number: 28 bytes is i386's layout, 48 x86_64's */
	if (sizeof(void *) == 8)
		tap_err(xioctl(fd, _IOWR('c', 102, char[28]), key), -ENOTTY,
			"CIOCGSESSION with the 32-bit layout's number");
	else
		tap_err(xioctl(fd, _IOWR('c', 102, char[48]), key), -ENOTTY,
			"CIOCGSESSION with the 64-bit layout's number");
}

static void ops(int fd)
{
	uint8_t key[16] = "0123456789abcdef", buf[256] = { 0 }, iv[16] = { 0 };
	uint8_t md[64];
	uint32_t cbc, sha, gcm, ses = 0;
	struct session_info_op si = { 0 };
	int e;

	e = bsd_sess(fd, CRYPTO_AES_CBC, key, 16, 0, NULL, 0, &cbc) ?:
	    bsd_sess(fd, 0, NULL, 0, CRYPTO_SHA2_256, NULL, 0, &sha) ?:
	    bsd_sess(fd, CRYPTO_AES_GCM, key, 16, 0, NULL, 0, &gcm);
	if (!tap_err(e, 0, "ops: sessions"))
		return;
	tap_err(bsd_crypt(fd, cbc ^ 1, COP_ENCRYPT, 0, buf, buf, 16, NULL, iv),
		-ENOENT, "CIOCCRYPT: unknown session");
	tap_err(bsd_crypt(fd, 0, COP_ENCRYPT, 0, buf, buf, 16, NULL, iv),
		-ENOENT, "CIOCCRYPT: session 0");
	tap_err(bsd_crypt(fd, cbc, COP_ENCRYPT, 0x80, buf, buf, 16, NULL, iv),
		-EINVAL, "CIOCCRYPT: unknown flag 0x80");
	tap_err(bsd_crypt(fd, cbc, COP_ENCRYPT, COP_FLAG_AEAD_TLS_TYPE, buf,
			  buf, 16, NULL, iv), -EINVAL,
		"CIOCCRYPT: an AEAD flag");
	tap_err(bsd_crypt(fd, cbc, 2, 0, buf, buf, 16, NULL, iv), -EINVAL,
		"CIOCCRYPT: op 2");
	tap_err(bsd_crypt(fd, cbc, COP_ENCRYPT, 0, buf, buf, 15, NULL, iv),
		-EINVAL, "CIOCCRYPT: AES-CBC length 15");
	tap_err(bsd_crypt(fd, cbc, COP_ENCRYPT, 0, buf, buf + 1, 32, NULL, iv),
		-EINVAL, "CIOCCRYPT: dst overlapping src, not in place");
	tap_err(bsd_crypt(fd, cbc, COP_ENCRYPT, 0, BAD, buf, 16, NULL, iv),
		-EFAULT, "CIOCCRYPT: src at a bad address");
	tap_err(bsd_crypt(fd, cbc, COP_ENCRYPT, 0, buf, BAD, 16, NULL, iv),
		-EFAULT, "CIOCCRYPT: dst at a bad address");
	tap_err(bsd_crypt(fd, cbc, COP_ENCRYPT, 0, buf, buf, 16, NULL, BAD),
		-EFAULT, "CIOCCRYPT: iv at a bad address");
	tap_err(bsd_crypt(fd, sha, COP_ENCRYPT, 0, buf, NULL, 16, BAD, NULL),
		-EFAULT, "CIOCCRYPT: mac at a bad address");
	tap_err(bsd_crypt(fd, sha, COP_ENCRYPT, 0, buf, NULL, 16, md, NULL), 0,
		"CIOCCRYPT: the hash session still works after the fault");
	tap_err(bsd_crypt(fd, gcm, COP_ENCRYPT, 0, buf, buf, 16, NULL, iv),
		-EINVAL, "CIOCCRYPT: an AES-GCM session (CIOCAUTHCRYPT only)");
	tap_err(xioctl(fd, CIOCCRYPT, BAD), -EFAULT,
		"CIOCCRYPT: argument at a bad address");
	{
		uint32_t len = 16;

		tap_err(bsd_aead(fd, cbc, COP_ENCRYPT, iv, 12, NULL, 0, buf,
				 buf, &len, 0), -EINVAL,
			"CIOCAUTHCRYPT: an AES-CBC session without a MAC");
		tap_err(bsd_aead(fd, gcm ^ 1, COP_ENCRYPT, iv, 12, NULL, 0, buf,
				 buf, &len, 0), -ENOENT,
			"CIOCAUTHCRYPT: unknown session");
		tap_err(bsd_aead(fd, gcm, COP_ENCRYPT, BAD, 12, NULL, 0, buf,
				 buf, &len, 0), -EFAULT,
			"CIOCAUTHCRYPT: iv at a bad address");
		tap_err(bsd_aead(fd, gcm, COP_ENCRYPT, iv, 12, BAD, 8, buf,
				 buf, &len, 0), -EFAULT,
			"CIOCAUTHCRYPT: auth_src at a bad address");
		tap_err(bsd_aead(fd, gcm, 7, iv, 12, NULL, 0, buf, buf, &len,
				 0), -EINVAL, "CIOCAUTHCRYPT: op 7");
		tap_err(xioctl(fd, CIOCAUTHCRYPT, BAD), -EFAULT,
			"CIOCAUTHCRYPT: argument at a bad address");
	}
	si.ses = cbc ^ 1;
	tap_err(xioctl(fd, CIOCGSESSINFO, &si), -ENOENT,
		"CIOCGSESSINFO: unknown session");
	tap_err(xioctl(fd, CIOCGSESSINFO, BAD), -EFAULT,
		"CIOCGSESSINFO: argument at a bad address");
	si.ses = sha;
	e = xioctl(fd, CIOCGSESSINFO, &si);
	tap_ok(!e && !si.cipher_info.cra_name[0] &&
	       !strcmp(si.hash_info.cra_name, "sha256"),
	       "CIOCGSESSINFO: a hash session has an empty cipher_info (%s)",
	       si.hash_info.cra_driver_name);
	tap_err(xioctl(fd, CIOCFSESSION, BAD), -EFAULT,
		"CIOCFSESSION: argument at a bad address");
	ses = cbc ^ 1;
	tap_err(xioctl(fd, CIOCFSESSION, &ses), -ENOENT,
		"CIOCFSESSION: unknown session");
	tap_err(bsd_free(fd, cbc), 0, "CIOCFSESSION");
	tap_err(bsd_free(fd, cbc), -ENOENT, "CIOCFSESSION: twice");
	tap_err(bsd_crypt(fd, cbc, COP_ENCRYPT, 0, buf, buf, 16, NULL, iv),
		-ENOENT, "CIOCCRYPT: a freed session");
	tap_err(xioctl(fd, _IOWR('c', 108, struct crypt_op), buf), -ENOTTY,
		"ioctl nr 108 (unused)");
	tap_err(xioctl(fd, _IOWR('c', 104, char[40]), buf), -ENOTTY,
		"CIOCCRYPT's number with another size");
	bsd_free(fd, sha);
	bsd_free(fd, gcm);
}

void t_abi(int fd)
{
	gsession(fd);
	ops(fd);
}
