// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/wycheproof/backend_bsd.c - part of build/tests/wycheproof (see
 * tests/wycheproof/main.c): the backend over the BSD /dev/crypto ABI
 * (<crypto/cryptodev.h>), as a cryptodev client uses it: "importing" a
 * key keeps its bytes here, and every operation makes a session from
 * them (CIOCGSESSION), runs it and frees it.
 *   AEAD (AES-GCM, AES-CCM)  CIOCAUTHCRYPT, the tag in band
 *   AES-XTS                  CIOCCRYPT
 *   AES-CBC-PKCS5            CIOCCRYPT on whole blocks; the padding added
 *                            and checked here (the BSD ABI has none)
 *   HMAC-SHA1/SHA2           CIOCCRYPT: "once" one call, "session" an
 *                            UPDATE and a FINAL; the full MAC comes from
 *                            the kernel and is truncated here with ncr.h's
 *                            rules (10 bytes at least), which the
 *                            verdicts expect
 * Everything else (ChaCha20-Poly1305, CMAC, SHA-3, key wrap, public key)
 * has no BSD id: EOPNOTSUPP, which the runner reports as a skip.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <crypto/cryptodev.h>
#include <openssl/crypto.h>

#include "wycheproof.h"

#define BSD_KEYS 64

static struct bkey {
	int used;
	uint32_t type;
	size_t len;
	uint8_t bytes[CRYPTO_HMAC_MAX_KEY_LEN];
} keys[BSD_KEYS];

static int b_key_import(uint32_t type, const void *k, size_t len,
			uint32_t flags, uint32_t usage, uint64_t algs,
			uint32_t *key)
{
	(void)flags;
	(void)usage;
	(void)algs;
	if (len > CRYPTO_HMAC_MAX_KEY_LEN)
		return -EINVAL;
	for (uint32_t i = 0; i < BSD_KEYS; i++)
		if (!keys[i].used) {
			keys[i] = (struct bkey){ 1, type, len, { 0 } };
			memcpy(keys[i].bytes, k, len);
			*key = i + 1;
			return 0;
		}
	return -EDQUOT;
}

static struct bkey *bkey(uint32_t key)
{
	return key && key <= BSD_KEYS && keys[key - 1].used ?
	       &keys[key - 1] : NULL;
}

static int b_key_deinit(uint32_t key)
{
	struct bkey *k = bkey(key);

	if (!k)
		return -ENOENT;
	OPENSSL_cleanse(k, sizeof(*k));
	return 0;
}

static int b_unsupported(void)
{
	return -EOPNOTSUPP;
}

static int b_key_export(uint32_t key, void *out, size_t *out_len)
{
	(void)key, (void)out, (void)out_len;
	return b_unsupported();
}

/* A session of cipher or mac (CRYPTO_*) keyed by k. */
static int b_sess(uint32_t cipher, uint32_t mac, const struct bkey *k,
		  uint32_t *ses)
{
	struct session_op s = { .cipher = cipher, .mac = mac };
	int r;

	if (cipher) {
		s.key = (uint8_t *)k->bytes;
		s.keylen = (uint32_t)k->len;
	} else {
		s.mackey = (uint8_t *)k->bytes;
		s.mackeylen = (uint32_t)k->len;
	}
	r = xioctl(ncr_fd, CIOCGSESSION, &s);
	if (!r)
		*ses = s.ses;
	return r;
}

static void b_free(uint32_t ses)
{
	xioctl(ncr_fd, CIOCFSESSION, &ses);
}

static int b_aead(int enc, uint32_t alg, uint32_t key, const void *iv,
		  size_t iv_len, const void *aad, size_t aad_len,
		  const void *in, size_t len, void *out, void *tag,
		  size_t tag_len)
{
	struct bkey *k = bkey(key);
	uint32_t id = alg == NCR_ALG_AES_GCM ? CRYPTO_AES_GCM :
		      alg == NCR_ALG_AES_CCM ? CRYPTO_AES_CCM : 0;
	struct crypt_auth_op a;
	uint8_t *src, *dst;
	uint32_t ses;
	int r;

	if (!k)
		return -ENOENT;
	if (!id)
		return -EOPNOTSUPP;
	r = b_sess(id, 0, k, &ses);
	if (r)
		return r;
	/* in band: ciphertext || tag, both ways */
	src = malloc(len + tag_len + 1);
	dst = malloc(len + tag_len + 1);
	if (!src || !dst) {
		r = -ENOMEM;
		goto out;
	}
	memcpy(src, in, len);
	if (!enc)
		memcpy(src + len, tag, tag_len);
	memset(dst, 0xa5, len + tag_len + 1);
	a = (struct crypt_auth_op){
		.ses = ses, .op = enc ? COP_ENCRYPT : COP_DECRYPT,
		.len = (uint32_t)(enc ? len : len + tag_len),
		.auth_src = (uint8_t *)aad, .auth_len = (uint32_t)aad_len,
		.src = src, .dst = dst, .tag_len = (uint32_t)tag_len,
		.iv = (uint8_t *)iv, .iv_len = (uint32_t)iv_len,
	};
	/* tag_len 0 would mean "the default": no such test length */
	if (!tag_len) {
		r = -EINVAL;
		goto out;
	}
	r = xioctl(ncr_fd, CIOCAUTHCRYPT, &a);
	if (r)
		goto out;
	if (a.len != (enc ? len + tag_len : len)) {
		r = -EPROTO;
		goto out;
	}
	memcpy(out, dst, len);
	if (enc)
		memcpy(tag, dst + len, tag_len);
out:
	free(src);
	free(dst);
	b_free(ses);
	return r;
}

static int b_crypt(uint32_t id, const struct bkey *k, uint16_t op,
		   const void *iv, const void *in, size_t len, void *out)
{
	struct crypt_op c = {
		.op = op, .len = (uint32_t)len, .src = (uint8_t *)in,
		.dst = out, .iv = (uint8_t *)iv,
	};
	int r = b_sess(id, 0, k, &c.ses);

	if (r)
		return r;
	r = xioctl(ncr_fd, CIOCCRYPT, &c);
	b_free(c.ses);
	return r;
}

static int b_cbc_pad(int enc, uint32_t key, const void *iv, const void *in,
		     size_t len, void *out, size_t *out_len)
{
	struct bkey *k = bkey(key);
	uint8_t *buf;
	size_t n;
	int r;

	if (!k)
		return -ENOENT;
	if (enc) {
		size_t pad = 16 - len % 16;

		n = len + pad;
		if (*out_len < n)
			return -ERANGE;
		buf = malloc(n);
		if (!buf)
			return -ENOMEM;
		memcpy(buf, in, len);
		memset(buf + len, (int)pad, pad);
		r = b_crypt(CRYPTO_AES_CBC, k, COP_ENCRYPT, iv, buf, n, out);
		free(buf);
		if (!r)
			*out_len = n;
		return r;
	}
	if (!len || len % 16)
		return -EINVAL;
	buf = malloc(len);
	if (!buf)
		return -ENOMEM;
	r = b_crypt(CRYPTO_AES_CBC, k, COP_DECRYPT, iv, in, len, buf);
	if (!r) {
		size_t pad = buf[len - 1];
		int bad = pad < 1 || pad > 16;

		for (size_t i = 0; !bad && i < pad; i++)
			bad |= buf[len - 1 - i] != pad;
		n = len - pad;
		if (bad)
			r = -EBADMSG;
		else if (*out_len < n)
			r = -ERANGE;
		else {
			memcpy(out, buf, n);
			*out_len = n;
		}
	}
	OPENSSL_cleanse(buf, len);
	free(buf);
	return r;
}

static int b_cipher(uint32_t alg, uint32_t op, uint32_t key, const void *iv,
		    size_t iv_len, const void *in, size_t len, void *out,
		    size_t *out_len)
{
	struct bkey *k = bkey(key);
	int r;

	if (!k)
		return -ENOENT;
	if (alg != NCR_ALG_AES_XTS)
		return -EOPNOTSUPP;
	if (iv_len != 16)
		return -EINVAL;
	if (*out_len < len)
		return -ERANGE;
	r = b_crypt(CRYPTO_AES_XTS, k, op == NCR_OP_ENCRYPT ? COP_ENCRYPT :
		    COP_DECRYPT, iv, in, len, out);
	if (!r)
		*out_len = len;
	return r;
}

static uint32_t b_hmac_id(uint32_t alg)
{
	switch (alg) {
	case NCR_ALG_HMAC_SHA1: return CRYPTO_SHA1_HMAC;
	case NCR_ALG_HMAC_SHA224: return CRYPTO_SHA2_224_HMAC;
	case NCR_ALG_HMAC_SHA256: return CRYPTO_SHA2_256_HMAC;
	case NCR_ALG_HMAC_SHA384: return CRYPTO_SHA2_384_HMAC;
	case NCR_ALG_HMAC_SHA512: return CRYPTO_SHA2_512_HMAC;
	default: return 0;
	}
}

/* The full HMAC into md (64 bytes): one call, or UPDATE then FINAL. */
static int b_hmac(int session, uint32_t alg, uint32_t key, const void *in,
		  size_t len, uint8_t *md)
{
	struct bkey *k = bkey(key);
	uint32_t id = b_hmac_id(alg), ses;
	struct crypt_op c;
	int r;

	if (!k)
		return -ENOENT;
	if (!id)
		return -EOPNOTSUPP;
	r = b_sess(0, id, k, &ses);
	if (r)
		return r;
	c = (struct crypt_op){
		.ses = ses, .op = COP_ENCRYPT, .len = (uint32_t)len,
		.src = (uint8_t *)in, .mac = md,
	};
	if (session && len >= 2) {
		c.flags = COP_FLAG_UPDATE;
		c.len = (uint32_t)(len / 2);
		r = xioctl(ncr_fd, CIOCCRYPT, &c);
		c.flags = COP_FLAG_UPDATE | COP_FLAG_FINAL;
		c.src = (uint8_t *)in + len / 2;
		c.len = (uint32_t)(len - len / 2);
	}
	if (!r)
		r = xioctl(ncr_fd, CIOCCRYPT, &c);
	b_free(ses);
	return r;
}

/* ncr.h's truncation rule, applied here as the client's choice. */
static int b_mac_size(uint32_t alg, size_t mac_size, size_t *n)
{
	size_t full = talg_get(alg)->tag;

	if (!mac_size)
		mac_size = full;
	if (mac_size < talg_mac_min(alg) || mac_size > full)
		return -EINVAL;
	*n = mac_size;
	return 0;
}

static int b_mac(int session, uint32_t alg, uint32_t key, size_t mac_size,
		 const void *in, size_t len, void *out, size_t *out_len)
{
	uint8_t md[64];
	size_t n;
	int r;

	r = b_mac_size(alg, mac_size, &n);
	if (r)
		return r;
	if (*out_len < n)
		return -ERANGE;
	r = b_hmac(session, alg, key, in, len, md);
	if (!r) {
		memcpy(out, md, n);
		*out_len = n;
	}
	return r;
}

static int b_mac_verify(int session, uint32_t alg, uint32_t key,
			size_t mac_size, const void *in, size_t len,
			const void *mac, size_t mac_len)
{
	uint8_t md[64];
	size_t n;
	int r;

	r = b_mac_size(alg, mac_size, &n);
	if (r)
		return r;
	r = b_hmac(session, alg, key, in, len, md);
	if (r)
		return r;
	return mac_len == n && !CRYPTO_memcmp(md, mac, n) ? NCR_VERIFY_OK :
							     NCR_VERIFY_FAILED;
}

static int b_key_wrap(uint32_t walg, uint32_t wk, uint32_t key, void *out,
		      size_t *out_len)
{
	(void)walg, (void)wk, (void)key, (void)out, (void)out_len;
	return b_unsupported();
}

static int b_key_unwrap(uint32_t walg, uint32_t wk, const void *in,
			size_t len, uint32_t type, uint32_t flags,
			uint32_t usage, uint32_t *key)
{
	(void)walg, (void)wk, (void)in, (void)len, (void)type, (void)flags;
	(void)usage, (void)key;
	return b_unsupported();
}

static int b_key_sha256(uint32_t key, uint8_t out[32])
{
	(void)key, (void)out;
	return b_unsupported();
}

int bsd_serves(uint32_t alg)
{
	return alg == NCR_ALG_AES_GCM || alg == NCR_ALG_AES_CCM ||
	       alg == NCR_ALG_AES_XTS || alg == NCR_ALG_AES_CBC ||
	       b_hmac_id(alg);
}

const struct backend bsd_backend = {
	b_key_import, b_key_deinit, b_key_export, b_aead, b_cbc_pad, b_cipher,
	b_mac, b_mac_verify, b_key_wrap, b_key_unwrap, b_key_sha256,
};
