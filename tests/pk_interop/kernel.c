// SPDX-License-Identifier: GPL-2.0
/*
 * kernel.c - build/tests/pk_interop: the kernel side over raw ioctls:
 * exports loaded in OpenSSL, key creation with a policy (algorithm set,
 * label), RSA-OAEP key wrap, one AES block, random messages.
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

/*
 * Key creation with a policy: the algorithm set (ncr.h, ALGORITHM SETS;
 * 0: the default) and, for pairs, the public key's set and a label.
 * Raw ioctls of the current structure versions (common.c's pk_import and
 * pk_genpair leave algs 0).
 */
int kimport_label(uint32_t type, uint32_t format, uint32_t bits,
		  const void *data, size_t len, uint32_t flags,
		  uint32_t usage, uint64_t algs, const char *label,
		  uint32_t *key)
{
	struct ncr_key_import im = {
		.size = sizeof(im), .flags = flags, .usage = usage,
		.type = type, .data = PTR64(data), .data_size = (__u32)len,
		.format = format, .bits = bits, .algs = algs,
		.label = PTR64(label),
		.label_size = label ? (__u32)strlen(label) : 0,
	};
	int r = xioctl(fd, NCRIO_KEY_IMPORT, &im);

	if (!r)
		*key = im.key;
	return r;
}

int kimport(uint32_t type, uint32_t format, uint32_t bits,
	    const void *data, size_t len, uint32_t flags, uint32_t usage,
	    uint64_t algs, uint32_t *key)
{
	return kimport_label(type, format, bits, data, len, flags, usage,
			     algs, NULL, key);
}

int kgenpair(uint32_t type, uint32_t bits, uint32_t q_bits,
	     const void *params, size_t params_len, uint32_t flags,
	     uint32_t usage, uint64_t algs, uint64_t public_algs,
	     const char *label, uint32_t *priv, uint32_t *pub)
{
	struct ncr_key_generate_pair g = {
		.size = sizeof(g), .flags = flags, .usage = usage,
		.type = type, .bits = bits, .q_bits = q_bits,
		.params = PTR64(params), .params_size = (__u32)params_len,
		.algs = algs, .public_algs = public_algs,
		.label = PTR64(label),
		.label_size = label ? (__u32)strlen(label) : 0,
	};
	int r = xioctl(fd, NCRIO_KEY_GENERATE_PAIR, &g);

	if (!r) {
		*priv = g.private_key;
		*pub = g.public_key;
	}
	return r;
}

/* A secret key generated in the kernel (NCRIO_KEY_GENERATE). */
int kgen(uint32_t type, uint32_t bits, uint32_t flags, uint32_t usage,
	 uint64_t algs, uint32_t *key)
{
	struct ncr_key_generate g = {
		.size = sizeof(g), .flags = flags, .usage = usage,
		.type = type, .bits = bits, .algs = algs,
	};
	int r = xioctl(fd, NCRIO_KEY_GENERATE, &g);

	if (!r)
		*key = g.key;
	return r;
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

/* Raw ioctl key wrap/unwrap (NCR_WALG_RSA_OAEP). */
int kwrap(uint32_t walg, uint32_t wk, uint32_t key, uint8_t *out,
	  size_t *out_len)
{
	struct ncr_key_wrap w = {
		.size = sizeof(w), .algorithm = walg, .wrapping_key = wk,
		.key = key, .data = PTR64(out), .data_size = (__u32)*out_len,
	};
	int r = xioctl(fd, NCRIO_KEY_WRAP, &w);

	if (!r || r == -ERANGE)
		*out_len = w.data_size;
	return r;
}

int kunwrap(uint32_t walg, uint32_t wk, const uint8_t *in,
	    size_t len, uint32_t type, uint32_t flags, uint32_t usage,
	    uint64_t algs, uint32_t *key)
{
	struct ncr_key_wrap w = {
		.size = sizeof(w), .flags = flags, .algorithm = walg,
		.wrapping_key = wk, .type = type, .usage = usage,
		.data = PTR64(in), .data_size = (__u32)len, .algs = algs,
	};
	int r = xioctl(fd, NCRIO_KEY_UNWRAP, &w);

	if (!r)
		*key = w.key;
	return r;
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
