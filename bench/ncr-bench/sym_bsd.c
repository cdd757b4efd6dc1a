// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sym_bsd.c - the cioccrypt interface of the symmetric matrix: the BSD
 * /dev/crypto ABI on ncr's device (<crypto/cryptodev.h>), as a cryptodev
 * client uses it: a session made once with the key bytes, then one
 * CIOCCRYPT per operation (the IV given each time, the hash finished each
 * time), or CIOCAUTHCRYPT for AES-GCM (tag in band).
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <crypto/cryptodev.h>

#include "bench.h"

static const uint32_t bsd_ids[A_COUNT][2] = {	/* cipher, mac */
	[A_CBC] = { CRYPTO_AES_CBC, 0 },
	[A_GCM] = { CRYPTO_AES_GCM, 0 },
	[A_SHA] = { 0, CRYPTO_SHA2_256 },
	[A_HMAC] = { 0, CRYPTO_SHA2_256_HMAC },
};

static int bsd_setup(struct job *j)
{
	const struct sym_alg *p = &sym_algs[j->alg];
	struct session_op s = {
		.cipher = bsd_ids[j->alg][0], .mac = bsd_ids[j->alg][1],
	};

	if (ncr_fd < 0)
		return -ENODEV;
	if (s.cipher) {
		s.key = p->key;
		s.keylen = (uint32_t)p->key_len;
	} else if (p->key) {
		s.mackey = p->key;
		s.mackeylen = (uint32_t)p->key_len;
	}
	if (ioctl(ncr_fd, CIOCGSESSION, &s))
		return -errno;
	j->bsd_ses = s.ses;
	return 0;
}

static int bsd_op(struct job *j)
{
	const struct sym_alg *p = &sym_algs[j->alg];

	if (j->alg == A_GCM) {
		struct crypt_auth_op a = {
			.ses = j->bsd_ses, .op = COP_ENCRYPT,
			.len = (uint32_t)j->len, .src = inbuf, .dst = j->out,
			.tag_len = GCM_TAG_LEN, .iv = (uint8_t *)p->iv,
			.iv_len = p->iv_len,
		};

		return ioctl(ncr_fd, CIOCAUTHCRYPT, &a) ? -errno : 0;
	} else {
		struct crypt_op c = {
			.ses = j->bsd_ses, .op = COP_ENCRYPT,
			.len = (uint32_t)j->len, .src = inbuf,
		};

		if (j->alg == A_CBC) {
			c.dst = j->out;
			c.iv = (uint8_t *)p->iv;
		} else {
			c.mac = j->out;
		}
		return ioctl(ncr_fd, CIOCCRYPT, &c) ? -errno : 0;
	}
}

static void bsd_teardown(struct job *j)
{
	if (j->bsd_ses)
		ioctl(ncr_fd, CIOCFSESSION, &j->bsd_ses);
	j->bsd_ses = 0;
}

const struct iface_ops iface_bsd = {
	bsd_setup, bsd_op, NULL, bsd_teardown, true, NULL
};
