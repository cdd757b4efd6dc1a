// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/fuzz/gen_bsd.c - the BSD /dev/crypto ioctls (<crypto/cryptodev.h>)
 * in the fuzzers' calls: plausible session_op, crypt_op, crypt_auth_op,
 * session_info_op, cphash_op and crypt_kop structures (served, refused and
 * undefined CRYPTO_* ids, key lengths around the valid ones, NCR key
 * handles with CRYPTODEV_NCR_KEY, session ids seen, pointers into the
 * scratch area, in place or not, every flag), which gen.c then mutates.
 */
#include <string.h>
#include <unistd.h>
#include <crypto/cryptodev.h>
#include "ncr.h"
#include "fuzz/gen.h"

static uint32_t bsd_ids[32];	/* session ids CIOCGSESSION returned */
static unsigned int nbsd;

#define P(x) ((void *)(x))

int is_bsd_cmd(unsigned long cmd)
{
	return ((cmd >> 8) & 0xff) == 'c' && (cmd & 0xff) >= 101 &&
	       (cmd & 0xff) <= 112;
}

void bsd_forget(void)
{
	nbsd = 0;
}

static uint32_t a_bsd_id(void)
{
	if (nbsd && pick(5))
		return bsd_ids[pick(nbsd)];
	return pick(2) ? pick(3) : (uint32_t)rnd();
}

static uint32_t a_bsd_alg(int mac)
{
	static const uint32_t ciphers[] = {
		CRYPTO_AES_CBC, CRYPTO_AES_CTR, CRYPTO_AES_XTS, CRYPTO_AES_ECB,
		CRYPTO_AES_GCM, CRYPTO_AES_CCM, CRYPTO_3DES_CBC,
		CRYPTO_DES_CBC, CRYPTO_NULL, CRYPTO_CAMELLIA_CBC, 26, 110,
	};
	static const uint32_t macs[] = {
		CRYPTO_SHA1, CRYPTO_SHA2_256, CRYPTO_SHA2_512, CRYPTO_MD5,
		CRYPTO_SHA1_HMAC, CRYPTO_SHA2_256_HMAC, CRYPTO_SHA2_384_HMAC,
		CRYPTO_SHA2_224_HMAC, CRYPTO_MD5_HMAC, CRYPTO_RIPEMD160, 0,
	};

	if (!pick(10))
		return pick(2) ? (uint32_t)rnd() : pick(120);
	return mac ? macs[pick(sizeof(macs) / sizeof(macs[0]))] :
		     ciphers[pick(sizeof(ciphers) / sizeof(ciphers[0]))];
}

static uint32_t a_keylen(uint32_t id)
{
	static const uint32_t any[] = { 0, 1, 15, 16, 24, 32, 48, 64, 65, 512,
					513 };

	if (!pick(6))
		return any[pick(sizeof(any) / sizeof(any[0]))];
	switch (id) {
	case CRYPTO_AES_XTS:
		return pick(2) ? 32 : 64;
	case CRYPTO_3DES_CBC:
		return 24;
	case CRYPTO_SHA1_HMAC: case CRYPTO_SHA2_256_HMAC:
	case CRYPTO_SHA2_384_HMAC: case CRYPTO_SHA2_224_HMAC:
		return 1 + pick(200);
	case CRYPTO_SHA1: case CRYPTO_SHA2_256: case CRYPTO_SHA2_512:
	case CRYPTO_MD5:
		return 0;
	default:
		return 16 + 8 * pick(3);
	}
}

/* A key pointer: bytes in the scratch area, or a handle there. */
static uint8_t *a_key(uint32_t *id, uint32_t *len)
{
	uint8_t *k = scratch + pick(SCRATCH_SIZE / 4);

	if (*id && !pick(4)) {
		uint32_t h = a_handle();

		*id |= CRYPTODEV_NCR_KEY;
		memcpy(k, &h, 4);
		*len = pick(8) ? 4 : a_keylen(*id & ~CRYPTODEV_NCR_KEY);
	}
	return pick(30) ? k : (uint8_t *)(uintptr_t)a_pointer();
}

static uint8_t *a_buf(void)
{
	return pick(10) ? scratch + SCRATCH_SIZE / 4 + pick(SCRATCH_SIZE / 8) :
			  (uint8_t *)(uintptr_t)a_pointer();
}

static uint32_t a_data_len(void)
{
	return pick(4) ? 16 * pick(260) : a_length();
}

static uint16_t a_flags(void)
{
	static const uint16_t f[] = {
		0, 0, COP_FLAG_UPDATE, COP_FLAG_FINAL,
		COP_FLAG_UPDATE | COP_FLAG_FINAL, COP_FLAG_RESET,
		COP_FLAG_UPDATE | COP_FLAG_RESET, COP_FLAG_WRITE_IV,
		COP_FLAG_NO_ZC, COP_FLAG_AEAD_TLS_TYPE, COP_FLAG_AEAD_SRTP_TYPE,
	};

	return pick(8) ? f[pick(sizeof(f) / sizeof(f[0]))] : (uint16_t)rnd();
}

void bsd_template(unsigned long cmd, uint8_t *buf)
{
	switch (cmd) {
	case CIOCGSESSION: {
		struct session_op *s = (void *)buf;
		int kind = pick(3);

		s->cipher = kind != 1 ? a_bsd_alg(0) : 0;
		s->mac = kind != 0 ? a_bsd_alg(1) : 0;
		s->keylen = a_keylen(s->cipher);
		s->key = a_key(&s->cipher, &s->keylen);
		s->mackeylen = a_keylen(s->mac);
		s->mackey = a_key(&s->mac, &s->mackeylen);
		break;
	}
	case CIOCFSESSION:
	case CIOCGSESSINFO: {
		uint32_t id = a_bsd_id();

		memcpy(buf, &id, 4);
		break;
	}
	case CIOCCRYPT:
	case CIOCASYNCCRYPT:
	case CIOCASYNCFETCH: {
		struct crypt_op *c = (void *)buf;

		c->ses = a_bsd_id();
		c->op = pick(8) ? pick(2) : (uint16_t)rnd();
		c->flags = a_flags();
		c->len = a_data_len();
		c->src = a_buf();
		c->dst = pick(3) ? c->src : a_buf();
		c->mac = pick(4) ? a_buf() : NULL;
		c->iv = pick(3) ? a_buf() : NULL;
		break;
	}
	case CIOCAUTHCRYPT: {
		struct crypt_auth_op *a = (void *)buf;
		static const uint32_t tags[] = { 0, 4, 6, 8, 12, 13, 16, 17 };

		a->ses = a_bsd_id();
		a->op = pick(8) ? pick(2) : (uint16_t)rnd();
		a->flags = pick(3) ? 0 : a_flags();
		a->len = a_data_len() + (pick(2) ? 16 : 0);
		a->auth_len = pick(3) ? pick(64) : a_length();
		a->auth_src = a_buf();
		a->src = a_buf();
		a->dst = pick(2) ? a->src : a_buf();
		a->tag = a_buf();
		a->tag_len = pick(8) ? tags[pick(8)] : (uint32_t)rnd();
		a->iv = a_buf();
		a->iv_len = pick(3) ? 12 : pick(20);
		break;
	}
	case CIOCCPHASH: {
		struct cphash_op *c = (void *)buf;

		c->dst_ses = a_bsd_id();
		c->src_ses = pick(8) ? a_bsd_id() : c->dst_ses;
		break;
	}
	case CIOCKEY: {
		struct crypt_kop *k = (void *)buf;

		k->crk_op = pick(8) ? pick(6) : (uint32_t)rnd();
		k->crk_iparams = pick(8);
		k->crk_oparams = pick(3);
		for (int i = 0; i < CRK_MAXPARAM; i++) {
			k->crk_param[i].crp_p = a_buf();
			k->crk_param[i].crp_nbits = pick(4) ? 8 * pick(600) :
						    (uint32_t)rnd();
		}
		break;
	}
	default:	/* CRIOGET, CIOCASYMFEAT: a __u32 out */
		break;
	}
}

void bsd_note_success(unsigned long cmd, const uint8_t *arg)
{
	if (cmd == CIOCGSESSION) {
		const struct session_op *s = (const void *)arg;

		bsd_ids[nbsd < 32 ? nbsd++ : pick(32)] = s->ses;
	} else if (cmd == CRIOGET) {
		uint32_t fd;

		memcpy(&fd, arg, 4);
		close((int)fd);
	}
}
