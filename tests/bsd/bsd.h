/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tests/bsd/bsd.h - the BSD /dev/crypto ABI (<crypto/cryptodev.h>) through
 * the real device: what the files of build/tests/bsd share.  Built for
 * the host's ABI and again with -m32 (build/tests/bsd32), which runs the
 * same checks through the kernel's compat layer.
 */
#ifndef NCR_TESTS_BSD_H
#define NCR_TESTS_BSD_H

#include <errno.h>
#include <stdint.h>
#include <crypto/cryptodev.h>
#include "tap.h"

/* A CRYPTO_* id the module serves, and its NCR_ALG_* twin for the
 * OpenSSL references of tap.h. */
struct balg {
	uint32_t bsd, ncr;
	const char *name;
	int mac;		/* given as session_op.mac */
	uint32_t keylen;	/* a valid key length (0: keyless hash) */
	uint32_t unit;		/* CIOCCRYPT len must be a multiple */
	uint32_t iv;		/* IV size (0: none) */
	uint32_t out;		/* digest size */
};
extern const struct balg balgs[];
extern const size_t n_balgs;
const struct balg *balg_get(uint32_t bsd);

/* Raw ioctls: 0 or -errno. */
int bsd_sess(int fd, uint32_t cipher, const void *key, uint32_t keylen,
	     uint32_t mac, const void *mkey, uint32_t mkeylen, uint32_t *ses);
int bsd_free(int fd, uint32_t ses);
int bsd_crypt(int fd, uint32_t ses, uint16_t op, uint16_t flags,
	      const void *src, void *dst, uint32_t len, void *mac, void *iv);
/* CIOCAUTHCRYPT plain AEAD; *len in: input length, out: output length */
int bsd_aead(int fd, uint32_t ses, uint16_t op, const void *iv,
	     uint32_t iv_len, const void *aad, uint32_t aad_len,
	     const void *src, void *dst, uint32_t *len, uint32_t tag_len);

/* The groups (each prints its TAP lines). */
void t_client(int fd);
void t_diff(int fd, struct rng *r);
void t_hash_state(int fd, struct rng *r);
void t_aead(int fd, struct rng *r);
void t_tls(int fd, struct rng *r);
void t_hw(int fd, struct rng *r);
void t_abi(int fd);
void t_ncr_keys(int fd);
void t_crioget(int fd);
void t_kop(int fd, struct rng *r);
void t_async(int fd);

#endif
