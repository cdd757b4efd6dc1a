// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kernel.c - build/tests/pk_interop: the kernel side over raw ioctls:
 * exports loaded in OpenSSL, imports with an algorithm set, one AES
 * block, random messages (key creation with a label, key wrap and
 * storage are tests/common.c's key_* helpers).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "pk_interop.h"

/* The kernel key's export in fmt, loaded in OpenSSL (pub: SPKI). */
EVP_PKEY *kexport_pub(uint32_t key)
{
	uint8_t der[NCR_MAX_PKEY_BYTES];
	size_t len = sizeof(der);

	if (pk_export(fd, key, NCR_KEY_FORMAT_SPKI, der, &len))
		return NULL;
	return ossl_pub(der, len);
}

EVP_PKEY *kexport_priv(uint32_t key, uint32_t fmt)
{
	uint8_t der[NCR_MAX_PKEY_BYTES];
	size_t len = sizeof(der);

	if (pk_export(fd, key, fmt, der, &len))
		return NULL;
	if (fmt == NCR_KEY_FORMAT_PKCS1) {
		const unsigned char *p = der;

		return d2i_PrivateKey(EVP_PKEY_RSA, NULL, &p, (long)len);
	}
	return ossl_priv(der, len);
}

const char *vname(int r)
{
	return r == NCR_VERIFY_OK ? "NCR_VERIFY_OK" :
	       r == NCR_VERIFY_FAILED ? "NCR_VERIFY_FAILED" : errname(r);
}

/* An import with an algorithm set (0: the default) and no label. */
int kimport(uint32_t type, uint32_t format, uint32_t bits,
	    const void *data, size_t len, uint32_t flags, uint32_t usage,
	    uint64_t algs, uint32_t *key)
{
	return key_import(fd, type, format, bits, data, len, flags, usage,
			  algs, NULL, 0, key);
}

/* The public-key bits of a set, comma-separated, for messages. */
void algs_str(uint64_t algs, char *buf, size_t len)
{
	static const struct {
		uint64_t bit;
		const char *name;
	} n[] = {
		{ NCR_KEY_ALG_RSA_PKCS1, "rsa-pkcs1" },
		{ NCR_KEY_ALG_RSA_PSS, "rsa-pss" },
		{ NCR_KEY_ALG_RSA_OAEP, "rsa-oaep" },
		{ NCR_KEY_ALG_RSA_OAEP_WRAP, "rsa-oaep-wrap" },
		{ NCR_KEY_ALG_ECDSA, "ecdsa" },
		{ NCR_KEY_ALG_ECDH, "ecdh" },
	};
	size_t used = 0;

	buf[0] = 0;
	for (size_t i = 0; i < ARRAY_SIZE(n); i++)
		if ((algs & n[i].bit) && used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%s",
						 used ? ", " : "", n[i].name);
}

/* AES-ECB of one block with a kernel key (usage ENCRYPT, set aes-ecb). */
int kaes_block(uint32_t key, const uint8_t in[16], uint8_t out[16])
{
	struct ncr_session_once o = {
		.size = sizeof(o), .algorithm = NCR_ALG_AES_ECB,
		.op = NCR_OP_ENCRYPT, .key = key, .input = PTR64(in),
		.input_size = 16, .output = PTR64(out), .output_size = 16,
	};

	return xioctl(fd, NCRIO_SESSION_ONCE, &o);
}

void rand_msg(uint8_t *m, size_t *len, size_t max)
{
	*len = 1 + rng_below(&rng, (uint32_t)max);
	rng_fill(&rng, m, *len);
}
