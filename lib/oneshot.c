// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * oneshot.c - the one-shot symmetric calls (NCRIO_SESSION_ONCE): ciphers,
 * CBC with PKCS#7 padding, AEAD, digests and MACs (sign and verify).
 * The padding check itself is in ncr_pad.c.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libncr.h"
#include "ncr_internal.h"

void ncr_once_prepare(struct ncr_session_once *o, uint32_t alg,
		      uint32_t op, uint32_t key, const void *in,
		      size_t in_len)
{
	NCR_ARG_INIT(*o);
	o->algorithm = alg;
	o->op = op;
	o->key = key;
	o->input = PTR(in);
	o->input_size = in_len;
}

NCR_EXPORT int ncr_cipher(int ctx, uint32_t alg, uint32_t op, uint32_t key,
			  const void *iv, size_t iv_len, const void *in,
			  size_t in_len, void *out, size_t *out_len)
{
	struct ncr_session_once o;
	int ret;

	if (!out_len)
		return -EINVAL;
	ncr_once_prepare(&o, alg, op, key, in, in_len);
	o.iv = PTR(iv);
	ret = len32(iv_len, &o.iv_size);
	if (ret)
		return ret;
	o.output = PTR(out);
	return ncr_ioctl_buf64(ctx, NCRIO_SESSION_ONCE, &o, &o.output_size,
			       out_len);
}

/* Block size of a CBC algorithm the padding helpers accept, or 0. */
static size_t cbc_block(uint32_t alg)
{
	if (alg == NCR_ALG_AES_CBC)
		return 16;
	if (alg == NCR_ALG_DES3_CBC)
		return 8;
	return 0;
}

NCR_EXPORT int ncr_cbc_pad_encrypt(int ctx, uint32_t alg, uint32_t key,
				   const void *iv, const void *in,
				   size_t in_len, void *out, size_t *out_len)
{
	size_t bs = cbc_block(alg), need, pad;
	size_t done;
	int ret;

	if (!bs || !out_len || (in_len && !in) || !out)
		return -EINVAL;
	if (in_len > SIZE_MAX - bs)
		return -EINVAL;
	pad = bs - in_len % bs;
	need = in_len + pad;
	if (*out_len < need) {
		*out_len = need;
		return -ERANGE;
	}
	/* Lay the padded plaintext out in the output buffer and encrypt it
	 * in place: no allocation, one system call. */
	if (in_len && out != in)
		memmove(out, in, in_len);
	memset((uint8_t *)out + in_len, (int)pad, pad);
	done = need;
	ret = ncr_cipher(ctx, alg, NCR_OP_ENCRYPT, key, iv, bs, out, need,
			 out, &done);
	if (ret == 0 && done != need)
		ret = -EPROTO;
	if (ret) {
		/* Do not leave plaintext where ciphertext was expected. */
		explicit_bzero(out, need);
		return ret;
	}
	*out_len = need;
	return 0;
}

NCR_EXPORT int ncr_cbc_pad_decrypt(int ctx, uint32_t alg, uint32_t key,
				   const void *iv, const void *in,
				   size_t in_len, void *out, size_t *out_len)
{
	size_t bs = cbc_block(alg), padlen = 0, ptlen, done;
	uint8_t *buf;
	int ret, bad;

	if (!bs || !out_len || !in || !out)
		return -EINVAL;
	/* A padded CBC message is one or more whole blocks. */
	if (in_len == 0 || in_len % bs)
		return -EBADMSG;

	/* Decrypt directly into the caller's buffer when it can hold the
	 * whole input, else into a temporary one. */
	if (*out_len >= in_len) {
		buf = out;
	} else {
		buf = malloc(in_len);
		if (!buf)
			return -ENOMEM;
	}
	done = in_len;
	ret = ncr_cipher(ctx, alg, NCR_OP_DECRYPT, key, iv, bs, in, in_len,
			 buf, &done);
	if (ret == 0 && done != in_len)
		ret = -EPROTO;
	if (ret)
		goto out;

	bad = ncr_pkcs7_unpad_len(buf + in_len - bs, bs, &padlen);
	if (bad) {
		ret = -EBADMSG;
		explicit_bzero(buf, in_len);
		if (buf != out)
			explicit_bzero(out, *out_len);
		goto out;
	}
	ptlen = in_len - padlen;
	if (buf != out) {
		if (ptlen > *out_len) {
			*out_len = ptlen;
			ret = -ERANGE;
			goto out;
		}
		memcpy(out, buf, ptlen);
	} else {
		/* Do not leave the padding bytes behind either. */
		explicit_bzero(buf + ptlen, padlen);
	}
	*out_len = ptlen;
out:
	if (buf != out) {
		explicit_bzero(buf, in_len);
		free(buf);
	}
	return ret;
}

/* AEAD in one call: the output is as long as the input, the tag is
 * written (ENCRYPT) or checked (DECRYPT). */
static int aead_once(int ctx, uint32_t alg, uint32_t op, uint32_t key,
		     const void *iv, size_t iv_len, const void *aad,
		     size_t aad_len, const void *in, size_t in_len,
		     void *out, const void *tag, size_t tag_len)
{
	struct ncr_session_once o;
	int ret;

	ncr_once_prepare(&o, alg, op, key, in, in_len);
	o.iv = PTR(iv);
	ret = len32(iv_len, &o.iv_size);
	if (!ret)
		ret = len32(tag_len, &o.tag_size);
	if (ret)
		return ret;
	o.aad = PTR(aad);
	o.aad_size = aad_len;
	o.output = PTR(out);
	o.output_size = in_len;
	o.tag = PTR(tag);
	return ncr_ioctl(ctx, NCRIO_SESSION_ONCE, &o);
}

NCR_EXPORT int ncr_aead_encrypt(int ctx, uint32_t alg, uint32_t key,
				const void *iv, size_t iv_len,
				const void *aad, size_t aad_len,
				const void *in, size_t in_len, void *out,
				void *tag, size_t tag_len)
{
	return aead_once(ctx, alg, NCR_OP_ENCRYPT, key, iv, iv_len, aad,
			 aad_len, in, in_len, out, tag, tag_len);
}

NCR_EXPORT int ncr_aead_decrypt(int ctx, uint32_t alg, uint32_t key,
				const void *iv, size_t iv_len,
				const void *aad, size_t aad_len,
				const void *in, size_t in_len, void *out,
				const void *tag, size_t tag_len)
{
	return aead_once(ctx, alg, NCR_OP_DECRYPT, key, iv, iv_len, aad,
			 aad_len, in, in_len, out, tag, tag_len);
}

/*
 * NCRIO_SESSION_ONCE with SIGN always writes the full digest or MAC, and its
 * tag_size is only the capacity; so the result goes to a local buffer big
 * enough for any of them, and truncation (MACs only) is done here.
 */
/* The shortest MAC the kernel accepts (ncr.h): HMAC 10, CMAC 8 bytes. */
static size_t mac_min(uint32_t alg)
{
	return alg == NCR_ALG_CMAC_AES ? 8 : 10;
}

static int sign_once(int ctx, uint32_t alg, uint32_t key, const void *in,
		     size_t in_len, void *out, size_t *out_len,
		     int allow_trunc)
{
	struct ncr_session_once o;
	struct ncr_alg_props p;
	uint8_t full[NCR_MAX_TAG];
	size_t want, min = allow_trunc ? mac_min(alg) : 0;
	int ret;

	if (!out_len)
		return -EINVAL;
	/* Known algorithm: refuse a too-small buffer without a system call. */
	if (!ncr_alg_props(alg, &p) && p.tag_size &&
	    *out_len < (allow_trunc ? min : p.tag_size)) {
		*out_len = p.tag_size;
		return -ERANGE;
	}
	ncr_once_prepare(&o, alg, NCR_OP_SIGN, key, in, in_len);
	o.tag = PTR(full);
	o.tag_size = sizeof(full);
	ret = ncr_ioctl(ctx, NCRIO_SESSION_ONCE, &o);
	if (ret == -ERANGE) {
		*out_len = o.tag_size;
		return ret;
	}
	if (ret)
		return ret;
	if (o.tag_size > sizeof(full)) {
		ret = -EPROTO;
		goto out;
	}
	want = o.tag_size;
	if (*out_len < want) {
		if (!allow_trunc || *out_len < min) {
			*out_len = o.tag_size;
			ret = -ERANGE;
			goto out;
		}
		want = *out_len;
	}
	memcpy(out, full, want);
	*out_len = want;
out:
	explicit_bzero(full, sizeof(full));
	return ret;
}

NCR_EXPORT int ncr_digest(int ctx, uint32_t alg, const void *in,
			  size_t in_len, void *out, size_t *out_len)
{
	return sign_once(ctx, alg, 0, in, in_len, out, out_len, 0);
}

NCR_EXPORT int ncr_mac(int ctx, uint32_t alg, uint32_t key, const void *in,
		       size_t in_len, void *out, size_t *out_len)
{
	return sign_once(ctx, alg, key, in, in_len, out, out_len, 1);
}

/*
 * mac_size is the length the caller accepts (0: full), fixed by the caller;
 * mac_len the length of the value it received.  The kernel compares
 * exactly mac_size bytes and fails any other mac_len.
 */
NCR_EXPORT int ncr_mac_verify_trunc(int ctx, uint32_t alg, uint32_t key,
				    size_t mac_size, const void *in,
				    size_t in_len, const void *mac,
				    size_t mac_len)
{
	struct ncr_session_once o;
	int ret;

	ncr_once_prepare(&o, alg, NCR_OP_VERIFY, key, in, in_len);
	o.tag = PTR(mac);
	ret = len32(mac_len, &o.tag_size);
	if (ret)
		return ret;
	ret = len32(mac_size, &o.mac_size);
	if (ret)
		return ret;
	return ncr_ioctl_verify(ctx, NCRIO_SESSION_ONCE, &o, &o.result);
}

NCR_EXPORT int ncr_mac_verify(int ctx, uint32_t alg, uint32_t key,
			      const void *in, size_t in_len,
			      const void *mac, size_t mac_len)
{
	return ncr_mac_verify_trunc(ctx, alg, key, 0, in, in_len, mac,
				    mac_len);
}
