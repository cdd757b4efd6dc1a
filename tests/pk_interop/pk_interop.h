/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pk_interop.h - shared by the files of tests/pk_interop/
 * (build/tests/pk_interop): the run's device and PRNG (main.c), the
 * OpenSSL side (ossl.c), the kernel side over raw ioctls (kernel.c), the
 * checks every key family runs (checks.c) and the sections in the order
 * main.c runs them.  See tests/pk_interop/main.c for what the program
 * tests.
 */
#ifndef NCR_TESTS_PK_INTEROP_H
#define NCR_TESTS_PK_INTEROP_H

#include <stddef.h>
#include <stdint.h>
#include <openssl/evp.h>

#include "tap.h"

/* ---- main.c ---- */
extern int fd;			/* /dev/crypto, the run's namespace */
extern struct rng rng;		/* messages (NCR_TEST_SEED) */

/* ---- ossl.c: OpenSSL (0 or 1 on success, -1 or NULL on failure) ---- */
const char *md_name(uint32_t hash);	/* "SHA256"; NULL for others */
EVP_PKEY *ossl_pub(const uint8_t *der, size_t len);	/* SPKI */
EVP_PKEY *ossl_priv(const uint8_t *der, size_t len);	/* PKCS#8 */
/* DER of an OpenSSL key: PKCS#8 (priv) or SPKI; *len in: capacity. */
int ossl_der(EVP_PKEY *k, int priv, uint8_t *out, size_t *len);
/* pad: RSA_PKCS1_PADDING, RSA_PKCS1_PSS_PADDING or 0 (not RSA); hash 0:
 * Ed25519.  ossl_verify: 1 good, 0 bad, -1 error. */
int ossl_verify(EVP_PKEY *k, uint32_t hash, int pad, int salt,
		const void *msg, size_t len, const void *sig,
		size_t sig_len);
int ossl_sign(EVP_PKEY *k, uint32_t hash, int pad, int salt,
	      const void *msg, size_t len, uint8_t *sig,
	      size_t *sig_len);
/* The DigestSign (sign) or DigestVerify context behind them, with the
 * MGF1 hash of PSS (0: hash); NULL on error. */
EVP_MD_CTX *ossl_md_ctx(EVP_PKEY *k, int sign, uint32_t hash, int pad,
			int salt, uint32_t mgf1);
int ossl_derive(EVP_PKEY *priv, EVP_PKEY *peer, int dh_pad,
		uint8_t *out, size_t *out_len);
/* A new key of alg ("EC", "ED25519"...), group NULL or "P-256"... */
EVP_PKEY *ossl_gen(const char *alg, const char *group);
/* DER SEQUENCE{r, s} <-> r||s (each n bytes). */
int sig_der_to_raw(const uint8_t *der, size_t len, size_t n,
		   uint8_t *raw);
int sig_raw_to_der(const uint8_t *raw, size_t n, uint8_t *der,
		   size_t *len);

/* ---- kernel.c: the kernel side (0 or -errno) ---- */
/* The kernel key's SPKI, or its private key in fmt, loaded in OpenSSL. */
EVP_PKEY *kexport_pub(uint32_t key);
EVP_PKEY *kexport_priv(uint32_t key, uint32_t fmt);
/* "NCR_VERIFY_OK", "NCR_VERIFY_FAILED" or the errno's name. */
const char *vname(int r);
/* An import on fd with algs the set (0: the default), no label; key
 * creation with a label, key wrap and storage blobs are common.c's
 * key_gen, key_import, key_genpair, key_wrap, key_unwrap, key_store and
 * key_load (tap.h). */
int kimport(uint32_t type, uint32_t format, uint32_t bits,
	    const void *data, size_t len, uint32_t flags, uint32_t usage,
	    uint64_t algs, uint32_t *key);
/* The public-key bits of a set, comma-separated, for messages. */
void algs_str(uint64_t algs, char *buf, size_t len);
/* AES-ECB of one block with a kernel key (usage ENCRYPT, set aes-ecb). */
int kaes_block(uint32_t key, const uint8_t in[16], uint8_t out[16]);
/* 1..max random bytes from rng. */
void rand_msg(uint8_t *m, size_t *len, size_t max);

/* ---- checks.c: TAP checks shared by the families ---- */
void sig_k2o(const char *name, uint32_t alg, uint32_t kpriv,
	     EVP_PKEY *opub, const struct pkp *p, int pad, int salt,
	     size_t raw_n);
void sig_o2k(const char *name, uint32_t alg, uint32_t kkey,
	     EVP_PKEY *opriv, const struct pkp *p, int pad, int salt,
	     size_t raw_n);
void export_eq(const char *name, uint32_t kpriv, EVP_PKEY *opub,
	       int pkcs1);
uint32_t import_ossl(const char *name, EVP_PKEY *o, uint32_t type,
		     uint32_t usage, uint64_t algs);
uint32_t import_spki(uint32_t type, EVP_PKEY *o, uint32_t usage,
		     uint64_t algs);
void derive_cmp(const char *name, uint32_t alg, uint32_t kpriv,
		const uint8_t *peer, size_t peer_len,
		const uint8_t *want, size_t want_len);

/* ---- the sections, in the order main.c runs them ---- */
void test_rsa2048(void);		/* rsa.c */
void test_rsa3072(void);		/* rsa.c */
void test_ec(uint32_t bits);		/* ec.c: 256, 384 */
void test_ed25519(void);		/* curve25519.c */
void test_x25519(void);			/* curve25519.c */
void test_dh(void);			/* dlog.c */
void test_dsa(void);			/* dlog.c */
void test_cli(void);			/* cli.c */
void test_ids_storage(void);		/* storage.c */

#endif
