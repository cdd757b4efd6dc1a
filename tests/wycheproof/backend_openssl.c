// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/wycheproof/backend_openssl.c - part of build/tests/wycheproof (see
 * tests/wycheproof/main.c): the backend of --backend=openssl: the same
 * operations with OpenSSL libcrypto, ncr.h's parameter limits and its key
 * policy rules (a self-test of the runner that needs no /dev/crypto).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "wycheproof.h"

/*
 * OpenSSL backend: keys are kept in a small table with their policy;
 * parameter limits and the policy rules (usage, algorithm sets and their
 * defaults, exportable, wrap and unwrap, KEY_DATA) are ncr.h's.
 */
static struct {
	uint8_t k[NCR_MAX_HMAC_KEY_BYTES];
	size_t len;
	uint32_t type, flags, usage;
	uint64_t algs;
	int used;
} ref_keys[8];

/* ncr.h's default set: the union of the families of the usage bits;
 * none when a secret key's usage spans two families. */
static uint64_t r_default_algs(uint32_t type, size_t len, uint32_t usage)
{
	uint64_t all = 0, f;
	int families = 0;

	for (uint32_t bit = 1; bit & NCR_KEY_USAGE_ALL; bit <<= 1) {
		int crypt = bit & (NCR_KEY_USAGE_ENCRYPT |
				   NCR_KEY_USAGE_DECRYPT);
		int sign = bit & (NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY);
		int wrap = bit & (NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP);

		if (!(usage & bit))
			continue;
		f = 0;
		if (type == NCR_KEY_TYPE_AES && (len == 48 || len == 64))
			f = crypt ? NCR_KEY_ALG_AES_XTS : 0;
		else if (type == NCR_KEY_TYPE_AES)
			f = crypt ? NCR_KEY_ALG_AES_GCM :
			    sign ? NCR_KEY_ALG_CMAC_AES :
			    wrap ? NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_KWP : 0;
		else if (type == NCR_KEY_TYPE_CHACHA20)
			f = crypt ? NCR_KEY_ALG_CHACHA20_POLY1305 : 0;
		else if (type == NCR_KEY_TYPE_HMAC)
			f = sign || (bit & NCR_KEY_USAGE_DERIVE) ?
			    NCR_KEY_ALG_HMAC_ALL : 0;
		if (f && all && !(all & f))
			families++;
		all |= f;
	}
	return families ? 0 : all;
}

static int r_key_import(uint32_t type, const void *k, size_t len,
			uint32_t flags, uint32_t usage, uint64_t algs,
			uint32_t *key)
{
	static const uint64_t aes = NCR_KEY_ALG_AES_ECB | NCR_KEY_ALG_AES_CBC |
		NCR_KEY_ALG_AES_CTR | NCR_KEY_ALG_AES_XTS |
		NCR_KEY_ALG_AES_GCM | NCR_KEY_ALG_AES_CCM |
		NCR_KEY_ALG_CMAC_AES | NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_KWP;
	int xts_len = type == NCR_KEY_TYPE_AES && (len == 48 || len == 64);

	if (type == NCR_KEY_TYPE_AES &&
	    !(len == 16 || len == 24 || len == 32 || xts_len))
		return -EINVAL;
	if (type == NCR_KEY_TYPE_CHACHA20 && len != 32)
		return -EINVAL;
	if (type == NCR_KEY_TYPE_HMAC &&
	    (len < 1 || len > NCR_MAX_HMAC_KEY_BYTES))
		return -EINVAL;
	if (!usage || (flags & NCR_KEY_FLAG_TRUSTED))
		return -EINVAL;
	if (!algs)
		algs = r_default_algs(type, len, usage);
	if (!algs)
		return -EINVAL;
	if (type == NCR_KEY_TYPE_AES) {
		if (algs & ~aes)
			return -EINVAL;
		if ((algs & NCR_KEY_ALG_AES_XTS) ?
		    algs != NCR_KEY_ALG_AES_XTS || len == 16 || len == 24 :
		    xts_len)
			return -EINVAL;
	} else if (type == NCR_KEY_TYPE_CHACHA20) {
		if (algs & ~(NCR_KEY_ALG_CHACHA20 |
			     NCR_KEY_ALG_CHACHA20_POLY1305))
			return -EINVAL;
	} else if (type == NCR_KEY_TYPE_HMAC) {
		if (algs & ~NCR_KEY_ALG_HMAC_ALL)
			return -EINVAL;
	}
	for (uint32_t i = 0; i < ARRAY_SIZE(ref_keys); i++) {
		if (ref_keys[i].used)
			continue;
		memcpy(ref_keys[i].k, k, len);
		ref_keys[i].len = len;
		ref_keys[i].type = type;
		ref_keys[i].flags = flags;
		ref_keys[i].usage = usage;
		ref_keys[i].algs = algs;
		ref_keys[i].used = 1;
		*key = i + 1;
		return 0;
	}
	return -EDQUOT;
}

static int r_key_deinit(uint32_t key)
{
	if (key < 1 || key > ARRAY_SIZE(ref_keys) || !ref_keys[key - 1].used)
		return -ENOENT;
	ref_keys[key - 1].used = 0;
	return 0;
}

static int r_key_export(uint32_t key, void *out, size_t *out_len)
{
	if (!(ref_keys[key - 1].flags & NCR_KEY_FLAG_EXPORTABLE))
		return -EPERM;
	if (*out_len < ref_keys[key - 1].len) {
		*out_len = ref_keys[key - 1].len;
		return -ERANGE;
	}
	memcpy(out, ref_keys[key - 1].k, ref_keys[key - 1].len);
	*out_len = ref_keys[key - 1].len;
	return 0;
}

/* ncr_key_permits: the usage bit and the algorithm in the set. */
static int r_permits(uint32_t key, uint32_t usage, uint64_t algbit)
{
	if (!(ref_keys[key - 1].usage & usage))
		return -EPERM;
	return ref_keys[key - 1].algs & algbit ? 0 : -EPERM;
}

static int r_aead(int enc, uint32_t alg, uint32_t key, const void *iv,
		  size_t iv_len, const void *aad, size_t aad_len,
		  const void *in, size_t len, void *out, void *tag,
		  size_t tag_len)
{
	const size_t klen = ref_keys[key - 1].len;
	uint8_t *tmp;
	int r;

	if (!talg_iv_ok(alg, iv_len) || !tag_len || !talg_tag_ok(alg, tag_len))
		return -EINVAL;
	r = r_permits(key, enc ? NCR_KEY_USAGE_ENCRYPT : NCR_KEY_USAGE_DECRYPT,
		      talg_keybit(alg));
	if (r)
		return r;
	if (!talg_key_ok(alg, klen))
		return -EINVAL;
	tmp = malloc(len + 1);
	r = ref_aead(alg, enc, ref_keys[key - 1].k, klen, iv, iv_len, aad,
		     aad_len, in, len, tmp, tag, tag_len);
	if (!r)
		memcpy(out, tmp, len);
	free(tmp);
	return r ? (enc ? -EIO : -EBADMSG) : 0;
}

static int r_cbc_pad(int enc, uint32_t key, const void *iv, const void *in,
		     size_t len, void *out, size_t *out_len)
{
	const uint8_t *k = ref_keys[key - 1].k;
	const size_t klen = ref_keys[key - 1].len;
	uint8_t *buf;
	size_t n;
	unsigned int pad, bad = 0;
	int r;

	r = r_permits(key, enc ? NCR_KEY_USAGE_ENCRYPT : NCR_KEY_USAGE_DECRYPT,
		      NCR_KEY_ALG_AES_CBC);
	if (r)
		return r;
	if (!talg_key_ok(NCR_ALG_AES_CBC, klen))
		return -EINVAL;
	if (enc) {
		n = (len / 16 + 1) * 16;
		if (*out_len < n) {
			*out_len = n;
			return -ERANGE;
		}
		buf = malloc(n);
		memcpy(buf, in, len);
		memset(buf + len, (int)(n - len), n - len);
		ref_cipher(NCR_ALG_AES_CBC, 1, k, klen, iv, buf, n, out);
		*out_len = n;
		free(buf);
		return 0;
	}
	if (!len || len % 16)
		return -EINVAL;
	buf = malloc(len);
	ref_cipher(NCR_ALG_AES_CBC, 0, k, klen, iv, in, len, buf);
	pad = buf[len - 1];
	bad |= pad == 0 || pad > 16;
	for (unsigned int i = 1; !bad && i <= pad; i++)
		bad |= buf[len - i] != pad;
	if (bad) {
		free(buf);
		return -EBADMSG;
	}
	if (*out_len < len - pad) {
		free(buf);
		*out_len = len - pad;
		return -ERANGE;
	}
	memcpy(out, buf, len - pad);
	*out_len = len - pad;
	free(buf);
	return 0;
}

static int r_cipher(uint32_t alg, uint32_t op, uint32_t key, const void *iv,
		    size_t iv_len, const void *in, size_t len, void *out,
		    size_t *out_len)
{
	const size_t klen = ref_keys[key - 1].len;
	int r;

	if (!talg_iv_ok(alg, iv_len))
		return -EINVAL;
	r = r_permits(key, op == NCR_OP_ENCRYPT ? NCR_KEY_USAGE_ENCRYPT :
		      NCR_KEY_USAGE_DECRYPT, talg_keybit(alg));
	if (r)
		return r;
	if (!talg_key_ok(alg, klen))
		return -EINVAL;
	if (alg == NCR_ALG_AES_XTS && klen == 48)
		return -EOPNOTSUPP;	/* OpenSSL has no AES-192-XTS */
	if (alg == NCR_ALG_AES_XTS && len < 16)
		return -EINVAL;
	if (*out_len < len) {
		*out_len = len;
		return -ERANGE;
	}
	if (ref_cipher(alg, op == NCR_OP_ENCRYPT, ref_keys[key - 1].k, klen, iv,
		       in, len, out))
		return -EIO;
	*out_len = len;
	return 0;
}

/* The MAC length a verifier or signer of mac_size gets (0: invalid). */
static size_t r_mac_len(uint32_t alg, size_t mac_size)
{
	const struct talg *a = talg_get(alg);

	if (!mac_size)
		return a->tag;
	return mac_size < talg_mac_min(alg) || mac_size > a->tag ? 0 : mac_size;
}

static int r_mac(int session, uint32_t alg, uint32_t key, size_t mac_size,
		 const void *in, size_t len, void *out, size_t *out_len)
{
	uint8_t full[NCR_MAX_TAG];
	size_t n, want = r_mac_len(alg, mac_size);
	int r;

	(void)session;
	if (!want)
		return -EINVAL;
	r = r_permits(key, NCR_KEY_USAGE_SIGN, talg_keybit(alg));
	if (r)
		return r;
	if (!talg_key_ok(alg, ref_keys[key - 1].len))
		return -EINVAL;
	if (ref_mac(alg, ref_keys[key - 1].k, ref_keys[key - 1].len, in, len,
		    full, &n))
		return -EIO;
	if (*out_len < want) {
		*out_len = want;
		return -ERANGE;
	}
	memcpy(out, full, want);
	*out_len = want;
	return 0;
}

static int r_mac_verify(int session, uint32_t alg, uint32_t key,
			size_t mac_size, const void *in, size_t len,
			const void *mac, size_t mac_len)
{
	uint8_t full[NCR_MAX_TAG];
	size_t n, want = r_mac_len(alg, mac_size);
	int r;

	(void)session;
	if (!want)
		return -EINVAL;
	r = r_permits(key, NCR_KEY_USAGE_VERIFY, talg_keybit(alg));
	if (r)
		return r;
	if (!talg_key_ok(alg, ref_keys[key - 1].len))
		return -EINVAL;
	if (ref_mac(alg, ref_keys[key - 1].k, ref_keys[key - 1].len, in, len,
		    full, &n))
		return -EIO;
	if (mac_len != want)
		return NCR_VERIFY_FAILED;
	return memcmp(full, mac, want) ? NCR_VERIFY_FAILED : NCR_VERIFY_OK;
}

/* ncr.h's key wrap rules over OpenSSL's AES key wrap ciphers. */
static int r_wrap_crypt(int enc, uint32_t walg, uint32_t wk, const void *in,
			size_t len, uint8_t *out, size_t *out_len)
{
	const size_t klen = ref_keys[wk - 1].len;
	int pad = walg == NCR_WALG_AES_RFC5649, l = 0, l2 = 0, ok;
	const EVP_CIPHER *c;
	EVP_CIPHER_CTX *ctx;

	if (klen == 16)
		c = pad ? EVP_aes_128_wrap_pad() : EVP_aes_128_wrap();
	else if (klen == 24)
		c = pad ? EVP_aes_192_wrap_pad() : EVP_aes_192_wrap();
	else
		c = pad ? EVP_aes_256_wrap_pad() : EVP_aes_256_wrap();
	ctx = EVP_CIPHER_CTX_new();
	EVP_CIPHER_CTX_set_flags(ctx, EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
	ok = EVP_CipherInit_ex(ctx, c, NULL, ref_keys[wk - 1].k, NULL, enc) &&
	     EVP_CipherUpdate(ctx, out, &l, in, (int)len) &&
	     EVP_CipherFinal_ex(ctx, out + l, &l2);
	EVP_CIPHER_CTX_free(ctx);
	*out_len = (size_t)(l + l2);
	return ok ? 0 : -1;
}

static int r_check_kek(uint32_t walg, uint32_t wk, uint32_t usage)
{
	size_t klen = ref_keys[wk - 1].len;

	if (ref_keys[wk - 1].type != NCR_KEY_TYPE_AES ||
	    (klen != 16 && klen != 24 && klen != 32))
		return -EINVAL;
	return r_permits(wk, usage, talg_wkeybit(walg));
}

static int r_key_wrap(uint32_t walg, uint32_t wk, uint32_t key, void *out,
		      size_t *out_len)
{
	size_t len = ref_keys[key - 1].len, need, got;
	int pad = walg == NCR_WALG_AES_RFC5649;
	int r = r_check_kek(walg, wk, NCR_KEY_USAGE_WRAP);

	if (r)
		return r;
	/* WRAPPABLE, and EXPORTABLE or a TRUSTED wrapping key */
	if (!(ref_keys[key - 1].flags & NCR_KEY_FLAG_WRAPPABLE) ||
	    (!(ref_keys[key - 1].flags & NCR_KEY_FLAG_EXPORTABLE) &&
	     !(ref_keys[wk - 1].flags & NCR_KEY_FLAG_TRUSTED)))
		return -EPERM;
	if (!pad && (len % 8 || len < 16))
		return -EINVAL;
	need = (len + 7) / 8 * 8 + 8;
	if (*out_len < need) {
		*out_len = need;
		return -ERANGE;
	}
	if (r_wrap_crypt(1, walg, wk, ref_keys[key - 1].k, len, out, &got) ||
	    got != need)
		return -EIO;
	*out_len = got;
	return 0;
}

static int r_key_unwrap(uint32_t walg, uint32_t wk, const void *in,
			size_t len, uint32_t type, uint32_t flags,
			uint32_t usage, uint32_t *key)
{
	uint8_t out[NCR_WRAPPED_KEY_MAX + 16];
	int pad = walg == NCR_WALG_AES_RFC5649;
	int r = r_check_kek(walg, wk, NCR_KEY_USAGE_UNWRAP);
	size_t got;

	if (r)
		return r;
	/* EXPORTABLE and HASHABLE only under an exportable wrapping key */
	if ((flags & (NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_HASHABLE)) &&
	    !(ref_keys[wk - 1].flags & NCR_KEY_FLAG_EXPORTABLE))
		return -EPERM;
	if (len % 8 || len < (pad ? 16u : 24u) || len > NCR_WRAPPED_KEY_MAX)
		return -EINVAL;
	if (r_wrap_crypt(0, walg, wk, in, len, out, &got))
		return -EBADMSG;
	r = r_key_import(type, out, got, flags, usage, 0, key);
	memset(out, 0, sizeof(out));
	return r;
}

static int r_key_sha256(uint32_t key, uint8_t out[32])
{
	size_t n;

	if (!(ref_keys[key - 1].flags & NCR_KEY_FLAG_HASHABLE) ||
	    ref_keys[key - 1].len < 16)
		return -EPERM;
	return ref_digest(NCR_ALG_SHA256, ref_keys[key - 1].k,
			  ref_keys[key - 1].len, out, &n) ? -EIO : 0;
}

const struct backend openssl_backend = {
	r_key_import, r_key_deinit, r_key_export, r_aead, r_cbc_pad, r_cipher,
	r_mac, r_mac_verify, r_key_wrap, r_key_unwrap, r_key_sha256,
};
