// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bsd - the BSD /dev/crypto ABI of ncr.ko (include/uapi/crypto/
 * cryptodev.h) through the real device, in TAP:
 *   client.c   a cryptodev client as real ones are written
 *   diff.c     every served CRYPTO_* id against OpenSSL, sizes 0..4096
 *   hash.c     the hash state rules (UPDATE/FINAL/RESET), odd splits,
 *              CIOCCPHASH; chained IVs and COP_FLAG_WRITE_IV
 *   aead.c     CIOCAUTHCRYPT AES-GCM/CCM against OpenSSL, tampering
 *   tls.c      CIOCAUTHCRYPT TLS and SRTP modes against OpenSSL, tampering
 *   abi.c      bad input: every ioctl with bad ids, pointers, flags, sizes
 *   ncrkey.c   sessions keyed by NCR key handles, their policy; CRIOGET,
 *              fork, another descriptor's sessions
 *   kop.c      CIOCKEY against OpenSSL's BN, DSA and DH
 *   async.c    CIOCASYNCCRYPT, CIOCASYNCFETCH and poll()
 *   hw.c       sessions on hardware drivers (CRYPTODEV_NCR_HW, bsd_hardware)
 * At the end the live key/session counters must be back where they were.
 * NCR_TEST_SEED reproduces the random inputs.
 */
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "bsd.h"

#define A(b, n, m, k, u, i, o) { b, n, #b, m, k, u, i, o }
const struct balg balgs[] = {
	A(CRYPTO_3DES_CBC, NCR_ALG_DES3_CBC, 0, 24, 8, 8, 0),
	A(CRYPTO_AES_CBC, NCR_ALG_AES_CBC, 0, 16, 16, 16, 0),
	A(CRYPTO_AES_CTR, NCR_ALG_AES_CTR, 0, 32, 1, 16, 0),
	A(CRYPTO_AES_XTS, NCR_ALG_AES_XTS, 0, 64, 1, 16, 0),	/* len >= 16 */
	A(CRYPTO_AES_ECB, NCR_ALG_AES_ECB, 0, 24, 16, 0, 0),
	A(CRYPTO_MD5, NCR_ALG_MD5, 1, 0, 1, 0, 16),
	A(CRYPTO_SHA1, NCR_ALG_SHA1, 1, 0, 1, 0, 20),
	A(CRYPTO_SHA2_224, NCR_ALG_SHA224, 1, 0, 1, 0, 28),
	A(CRYPTO_SHA2_256, NCR_ALG_SHA256, 1, 0, 1, 0, 32),
	A(CRYPTO_SHA2_384, NCR_ALG_SHA384, 1, 0, 1, 0, 48),
	A(CRYPTO_SHA2_512, NCR_ALG_SHA512, 1, 0, 1, 0, 64),
	A(CRYPTO_SHA1_HMAC, NCR_ALG_HMAC_SHA1, 1, 20, 1, 0, 20),
	A(CRYPTO_SHA2_224_HMAC, NCR_ALG_HMAC_SHA224, 1, 64, 1, 0, 28),
	A(CRYPTO_SHA2_256_HMAC, NCR_ALG_HMAC_SHA256, 1, 32, 1, 0, 32),
	A(CRYPTO_SHA2_384_HMAC, NCR_ALG_HMAC_SHA384, 1, 100, 1, 0, 48),
	A(CRYPTO_SHA2_512_HMAC, NCR_ALG_HMAC_SHA512, 1, 200, 1, 0, 64),
};
const size_t n_balgs = ARRAY_SIZE(balgs);

const struct balg *balg_get(uint32_t bsd)
{
	for (size_t i = 0; i < n_balgs; i++)
		if (balgs[i].bsd == bsd)
			return &balgs[i];
	return NULL;
}

int bsd_sess(int fd, uint32_t cipher, const void *key, uint32_t keylen,
	     uint32_t mac, const void *mkey, uint32_t mkeylen, uint32_t *ses)
{
	struct session_op s = {
		.cipher = cipher, .key = (void *)key, .keylen = keylen,
		.mac = mac, .mackey = (void *)mkey, .mackeylen = mkeylen,
	};
	int r = xioctl(fd, CIOCGSESSION, &s);

	if (!r && ses)
		*ses = s.ses;
	return r;
}

int bsd_free(int fd, uint32_t ses)
{
	return xioctl(fd, CIOCFSESSION, &ses);
}

int bsd_crypt(int fd, uint32_t ses, uint16_t op, uint16_t flags,
	      const void *src, void *dst, uint32_t len, void *mac, void *iv)
{
	struct crypt_op c = {
		.ses = ses, .op = op, .flags = flags, .len = len,
		.src = (void *)src, .dst = dst, .mac = mac, .iv = iv,
	};

	return xioctl(fd, CIOCCRYPT, &c);
}

int bsd_aead(int fd, uint32_t ses, uint16_t op, const void *iv,
	     uint32_t iv_len, const void *aad, uint32_t aad_len,
	     const void *src, void *dst, uint32_t *len, uint32_t tag_len)
{
	struct crypt_auth_op a = {
		.ses = ses, .op = op, .len = *len,
		.auth_src = (void *)aad, .auth_len = aad_len,
		.src = (void *)src, .dst = dst, .tag_len = tag_len,
		.iv = (void *)iv, .iv_len = iv_len,
	};
	int r = xioctl(fd, CIOCAUTHCRYPT, &a);

	if (!r)
		*len = a.len;
	return r;
}

int main(void)
{
	struct live before, after;
	struct rng r = { test_seed() };
	int fd;

	tap_init();
	fd = dev_open_or_skip_all(dev_open);
	if (live_get(fd, &before)) {
		tap_ok(0, "NCRIO_INFO");
		return tap_finish("bsd");
	}
	t_client(fd);
	t_diff(fd, &r);
	t_hash_state(fd, &r);
	t_aead(fd, &r);
	t_tls(fd, &r);
	t_abi(fd);
	t_ncr_keys(fd);
	t_crioget(fd);
	t_kop(fd, &r);
	t_async(fd);
	t_hw(fd, &r);
	close(fd);
	fd = dev_open_or_skip_all(dev_open);
	tap_ok(!live_wait(fd, &before, &after),
	       "live keys/sessions back to %llu/%llu after close (now %llu/%llu)",
	       (unsigned long long)before.keys,
	       (unsigned long long)before.sessions,
	       (unsigned long long)after.keys,
	       (unsigned long long)after.sessions);
	close(fd);
	return tap_finish("bsd");
}
