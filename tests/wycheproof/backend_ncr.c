// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/wycheproof/backend_ncr.c - part of build/tests/wycheproof (see
 * tests/wycheproof/main.c): the backend of the runner over /dev/crypto
 * (libncr and raw ioctls).
 */
#define _GNU_SOURCE
#include <errno.h>

#include "wycheproof.h"

int ncr_fd = -1;

static int n_key_import(uint32_t type, const void *k, size_t len,
			uint32_t flags, uint32_t usage, uint64_t algs,
			uint32_t *key)
{
	struct ncr_key_policy pol = {
		.flags = flags, .usage = usage, .algs = algs,
	};

	return ncr_key_import_ex(ncr_fd, type, NCR_KEY_FORMAT_DEFAULT, 0, k,
				 len, &pol, key);
}

static int n_key_deinit(uint32_t key)
{
	return ncr_key_deinit(ncr_fd, key);
}

static int n_key_export(uint32_t key, void *out, size_t *out_len)
{
	return ncr_key_export(ncr_fd, key, out, out_len);
}

static int n_aead(int enc, uint32_t alg, uint32_t key, const void *iv,
		  size_t iv_len, const void *aad, size_t aad_len,
		  const void *in, size_t len, void *out, void *tag,
		  size_t tag_len)
{
	if (enc)
		return ncr_aead_encrypt(ncr_fd, alg, key, iv, iv_len, aad,
					aad_len, in, len, out, tag, tag_len);
	return ncr_aead_decrypt(ncr_fd, alg, key, iv, iv_len, aad, aad_len,
				in, len, out, tag, tag_len);
}

static int n_cbc_pad(int enc, uint32_t key, const void *iv, const void *in,
		     size_t len, void *out, size_t *out_len)
{
	if (enc)
		return ncr_cbc_pad_encrypt(ncr_fd, NCR_ALG_AES_CBC, key, iv, in,
					   len, out, out_len);
	return ncr_cbc_pad_decrypt(ncr_fd, NCR_ALG_AES_CBC, key, iv, in, len,
				   out, out_len);
}

static int n_cipher(uint32_t alg, uint32_t op, uint32_t key, const void *iv,
		    size_t iv_len, const void *in, size_t len, void *out,
		    size_t *out_len)
{
	return ncr_cipher(ncr_fd, alg, op, key, iv, iv_len, in, len, out,
			  out_len);
}

/*
 * Session: init with tag_size = mac_size, half the message in an update,
 * the rest in the final.  Once: a raw NCRIO_SESSION_ONCE (structure
 * version 2) whose mac_size the kernel truncates to (libncr's ncr_mac
 * truncates in the library instead).
 */
static int n_mac(int session, uint32_t alg, uint32_t key, size_t mac_size,
		 const void *in, size_t len, void *out, size_t *out_len)
{
	const uint8_t *m = in;
	uint32_t ses;
	int r;

	if (!session) {
		struct ncr_session_once o = {
			.size = sizeof(o), .algorithm = alg,
			.op = NCR_OP_SIGN, .key = key, .input = PTR64(in),
			.input_size = len, .tag = PTR64(out),
			.tag_size = (__u32)*out_len,
			.mac_size = (__u32)mac_size,
		};

		r = xioctl(ncr_fd, NCRIO_SESSION_ONCE, &o);
		if (!r || r == -ERANGE)
			*out_len = o.tag_size;
		return r;
	}
	r = ncr_session_init(ncr_fd, alg, NCR_OP_SIGN, key, NULL, 0, mac_size,
			     0, &ses);
	if (r)
		return r;
	r = ncr_session_update(ncr_fd, ses, m, len / 2, NULL, NULL);
	if (r) {
		ncr_session_free(ncr_fd, ses);
		return r;
	}
	return ncr_session_final(ncr_fd, ses, m + len / 2, len - len / 2, NULL,
				 NULL, out, out_len);
}

static int n_mac_verify(int session, uint32_t alg, uint32_t key,
			size_t mac_size, const void *in, size_t len,
			const void *mac, size_t mac_len)
{
	const uint8_t *m = in;
	uint32_t ses;
	int r;

	if (!session)
		return ncr_mac_verify_trunc(ncr_fd, alg, key, mac_size, in, len,
					    mac, mac_len);
	r = ncr_session_init(ncr_fd, alg, NCR_OP_VERIFY, key, NULL, 0,
			     mac_size, 0, &ses);
	if (r)
		return r;
	r = ncr_session_update(ncr_fd, ses, m, len / 3, NULL, NULL);
	if (r) {
		ncr_session_free(ncr_fd, ses);
		return r;
	}
	return ncr_session_verify(ncr_fd, ses, m + len / 3, len - len / 3, mac,
				  mac_len);
}

static int n_key_wrap(uint32_t walg, uint32_t wk, uint32_t key, void *out,
		      size_t *out_len)
{
	return ncr_key_wrap(ncr_fd, walg, wk, key, out, out_len);
}

static int n_key_unwrap(uint32_t walg, uint32_t wk, const void *in,
			size_t len, uint32_t type, uint32_t flags,
			uint32_t usage, uint32_t *key)
{
	struct ncr_key_policy pol = { .flags = flags, .usage = usage };

	return ncr_key_unwrap_ex(ncr_fd, walg, wk, in, len, type, &pol, key);
}

/* In the kernel: a SHA-256 session fed the key with KEY_DATA. */
static int n_key_sha256(uint32_t key, uint8_t out[32])
{
	size_t n = 32;
	uint32_t ses;
	int r;

	r = ncr_session_init(ncr_fd, NCR_ALG_SHA256, NCR_OP_SIGN, 0, NULL, 0,
			     0, 0, &ses);
	if (r)
		return r;
	r = ncr_session_update_key(ncr_fd, ses, key);
	if (r) {
		ncr_session_free(ncr_fd, ses);
		return r;
	}
	r = ncr_session_final(ncr_fd, ses, NULL, 0, NULL, NULL, out, &n);
	return r ? r : n == 32 ? 0 : -EPROTO;
}

const struct backend ncr_backend = {
	n_key_import, n_key_deinit, n_key_export, n_aead, n_cbc_pad, n_cipher,
	n_mac, n_mac_verify, n_key_wrap, n_key_unwrap, n_key_sha256,
};
