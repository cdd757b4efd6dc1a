// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sym_openssl.c - the openssl interface of the symmetric matrix: libcrypto
 * EVP in the same process, algorithms fetched and contexts made once,
 * reused for every operation.
 */
#define _GNU_SOURCE
#include <errno.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "bench.h"

/* ---- OpenSSL ----------------------------------------------------- */

static int openssl_setup(struct job *j)
{
	OSSL_PARAM params[2];

	switch (j->alg) {
	case A_CBC:
	case A_GCM:
		/* Explicit fetches: what a tuned OpenSSL 3 application does
		 * (no implicit fetch per init). */
		j->cipher = EVP_CIPHER_fetch(NULL, j->alg == A_CBC ?
					     "AES-128-CBC" : "AES-256-GCM",
					     NULL);
		j->cctx = EVP_CIPHER_CTX_new();
		if (!j->cipher || !j->cctx)
			goto fail;
		if (j->alg == A_CBC) {
			if (!EVP_EncryptInit_ex(j->cctx, j->cipher, NULL,
						key_aes128, iv_cbc) ||
			    !EVP_CIPHER_CTX_set_padding(j->cctx, 0))
				goto fail;
		} else {
			if (!EVP_EncryptInit_ex(j->cctx, j->cipher, NULL, NULL,
						NULL) ||
			    !EVP_CIPHER_CTX_ctrl(j->cctx,
						 EVP_CTRL_AEAD_SET_IVLEN,
						 GCM_IV_LEN, NULL) ||
			    !EVP_EncryptInit_ex(j->cctx, NULL, NULL,
						key_aes256, iv_gcm))
				goto fail;
		}
		return 0;
	case A_SHA:
		j->md = EVP_MD_fetch(NULL, "SHA256", NULL);
		j->mctx = EVP_MD_CTX_new();
		if (!j->md || !j->mctx)
			goto fail;
		return 0;
	default:
		j->mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
		if (!j->mac)
			goto fail;
		j->macctx = EVP_MAC_CTX_new(j->mac);
		if (!j->macctx)
			goto fail;
		params[0] = OSSL_PARAM_construct_utf8_string(
			OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0);
		params[1] = OSSL_PARAM_construct_end();
		if (!EVP_MAC_init(j->macctx, key_hmac, sizeof(key_hmac),
				  params))
			goto fail;
		return 0;
	}
fail:
	ossl_fail("setup");
	return -EINVAL;
}

static int openssl_op(struct job *j)
{
	int l1, l2;
	unsigned int dl;
	size_t ml;

	switch (j->alg) {
	case A_CBC:
	case A_GCM:
		/* Reset the IV; the key schedule stays. */
		if (!EVP_EncryptInit_ex(j->cctx, NULL, NULL, NULL,
					j->alg == A_CBC ? iv_cbc : iv_gcm) ||
		    !EVP_EncryptUpdate(j->cctx, j->out, &l1, inbuf,
				       (int)j->len) ||
		    !EVP_EncryptFinal_ex(j->cctx, j->out + l1, &l2))
			return -EIO;
		if (j->alg == A_GCM &&
		    !EVP_CIPHER_CTX_ctrl(j->cctx, EVP_CTRL_AEAD_GET_TAG,
					 GCM_TAG_LEN, j->out + j->len))
			return -EIO;
		return 0;
	case A_SHA:
		if (!EVP_DigestInit_ex(j->mctx, j->md, NULL) ||
		    !EVP_DigestUpdate(j->mctx, inbuf, j->len) ||
		    !EVP_DigestFinal_ex(j->mctx, j->out, &dl))
			return -EIO;
		return 0;
	default:
		/* A NULL key re-initializes with the key already set. */
		if (!EVP_MAC_init(j->macctx, NULL, 0, NULL) ||
		    !EVP_MAC_update(j->macctx, inbuf, j->len) ||
		    !EVP_MAC_final(j->macctx, j->out, &ml, DIGEST_LEN))
			return -EIO;
		return 0;
	}
}

static void openssl_teardown(struct job *j)
{
	EVP_CIPHER_CTX_free(j->cctx);
	EVP_CIPHER_free(j->cipher);
	EVP_MD_CTX_free(j->mctx);
	EVP_MD_free(j->md);
	EVP_MAC_CTX_free(j->macctx);
	EVP_MAC_free(j->mac);
}

const struct iface_ops iface_openssl = {
	openssl_setup, openssl_op, NULL, openssl_teardown, true, NULL
};
