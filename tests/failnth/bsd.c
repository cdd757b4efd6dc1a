// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/failnth/bsd.c - the fail-nth steps of the BSD ABI
 * (<crypto/cryptodev.h>): sessions with bytes and with an NCR handle,
 * CIOCCRYPT (bounce buffer, zero copy, XTS), CIOCAUTHCRYPT (GCM, TLS
 * seal and open, SRTP protect and unprotect), CIOCCPHASH,
 * CIOCGSESSINFO, CIOCFSESSION, CRIOGET, the async pair and CIOCKEY.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <crypto/cryptodev.h>
#include "failnth.h"

/* ---- the BSD ABI ---- */
static const uint8_t bkey[32] = "a BSD session's key, 32 bytes..";

static int bsd_new(uint32_t cipher, uint32_t keylen, uint32_t mac,
		   uint32_t mkeylen, const void *key, uint32_t *ses)
{
	struct session_op so = {
		.cipher = cipher, .keylen = keylen, .key = (void *)key,
		.mac = mac, .mackeylen = mkeylen, .mackey = (void *)bkey,
	};
	int r = xioctl(fd, CIOCGSESSION, &so);

	*ses = r ? 0 : so.ses;
	return r;
}

static void bsd_del(uint32_t *ses)
{
	if (*ses)
		xioctl(fd, CIOCFSESSION, ses);
	*ses = 0;
}

void u_bsd(struct ctx *c)
{
	bsd_del(&c->bsd);
	bsd_del(&c->bsd2);
	bsd_del(&c->bsd_made);
	if (c->crio_fd > 0)
		close(c->crio_fd);
	c->crio_fd = 0;
}

int s_bsd_sess(struct ctx *c)
{
	return bsd_new(CRYPTO_AES_CBC, 16, CRYPTO_SHA2_256_HMAC, 32, bkey,
		       &c->bsd_made);
}

int s_bsd_sess_handle(struct ctx *c)
{
	return bsd_new(CRYPTO_AES_CBC | CRYPTODEV_NCR_KEY, 4, 0, 0, &c->aes,
		       &c->bsd_made);
}

void p_bsd_cbc(struct ctx *c)
{
	bsd_new(CRYPTO_AES_CBC, 16, CRYPTO_SHA2_256_HMAC, 32, bkey, &c->bsd);
}

void p_bsd_gcm(struct ctx *c)
{
	bsd_new(CRYPTO_AES_GCM, 16, 0, 0, bkey, &c->bsd);
}

void p_bsd_xts(struct ctx *c)
{
	uint8_t k[64];

	memset(k, 0x11, 32);
	memset(k + 32, 0x22, 32);
	bsd_new(CRYPTO_AES_XTS, 64, 0, 0, k, &c->bsd);
}

void p_bsd_hmacs(struct ctx *c)
{
	struct crypt_op op = {
		.flags = COP_FLAG_UPDATE, .len = 100, .src = in,
	};

	bsd_new(0, 0, CRYPTO_SHA2_256_HMAC, 32, NULL, &c->bsd);
	bsd_new(0, 0, CRYPTO_SHA2_256_HMAC, 32, NULL, &c->bsd2);
	op.ses = c->bsd;
	xioctl(fd, CIOCCRYPT, &op);
}

static int bsd_crypt(uint32_t ses, uint32_t len)
{
	struct crypt_op op = {
		.ses = ses, .op = COP_ENCRYPT, .len = len, .src = in,
		.dst = out, .mac = tag, .iv = iv,
	};

	return xioctl(fd, CIOCCRYPT, &op);
}

int s_bsd_crypt(struct ctx *c)
{
	return bsd_crypt(c->bsd, 4096);
}

int s_bsd_crypt_zc(struct ctx *c)
{
	return bsd_crypt(c->bsd, 8192);	/* above zerocopy_min */
}

int s_bsd_gcm(struct ctx *c)
{
	struct crypt_auth_op a = {
		.ses = c->bsd, .op = COP_ENCRYPT, .len = 1000,
		.auth_src = tag, .auth_len = 20, .src = in, .dst = out,
		.iv = iv, .iv_len = 12,
	};

	return xioctl(fd, CIOCAUTHCRYPT, &a);
}

/* TLS and SRTP (CIOCAUTHCRYPT compositions) */
static uint8_t rec[1100], pkt[1100], ptag[20];
static uint32_t rec_len;

static int bsd_tls(uint32_t ses, uint16_t op, const void *src, uint32_t *len)
{
	struct crypt_auth_op a = {
		.ses = ses, .op = op, .flags = COP_FLAG_AEAD_TLS_TYPE,
		.len = *len, .auth_src = tag, .auth_len = 13,
		.src = (void *)src, .dst = op == COP_ENCRYPT ? rec : out,
		.iv = iv,
	};
	int r = xioctl(fd, CIOCAUTHCRYPT, &a);

	*len = a.len;
	return r;
}

int s_bsd_tls_seal(struct ctx *c)
{
	uint32_t len = 1000;

	return bsd_tls(c->bsd, COP_ENCRYPT, in, &len);
}

/* a record sealed unarmed, for the open step */
void p_bsd_tls_rec(struct ctx *c)
{
	p_bsd_cbc(c);
	rec_len = 1000;
	bsd_tls(c->bsd, COP_ENCRYPT, in, &rec_len);
}

int s_bsd_tls_open(struct ctx *c)
{
	uint32_t len = rec_len;

	return bsd_tls(c->bsd, COP_DECRYPT, rec, &len);
}

static int bsd_srtp(uint32_t ses, uint16_t op)
{
	struct crypt_auth_op a = {
		.ses = ses, .op = op, .flags = COP_FLAG_AEAD_SRTP_TYPE,
		.len = 1000, .auth_src = pkt, .auth_len = 1016,
		.src = pkt + 12, .dst = pkt + 12, .tag = ptag, .tag_len = 10,
		.iv = iv,
	};

	return xioctl(fd, CIOCAUTHCRYPT, &a);
}

void p_bsd_srtp(struct ctx *c)
{
	bsd_new(CRYPTO_AES_CTR, 16, CRYPTO_SHA1_HMAC, 20, bkey, &c->bsd);
}

int s_bsd_srtp_seal(struct ctx *c)
{
	return bsd_srtp(c->bsd, COP_ENCRYPT);
}

/* a packet protected unarmed, for the unprotect step */
void p_bsd_srtp_pkt(struct ctx *c)
{
	p_bsd_srtp(c);
	memset(pkt, 0x5a, sizeof(pkt));
	bsd_srtp(c->bsd, COP_ENCRYPT);
}

int s_bsd_srtp_open(struct ctx *c)
{
	return bsd_srtp(c->bsd, COP_DECRYPT);
}

int s_bsd_cphash(struct ctx *c)
{
	struct cphash_op cp = { .dst_ses = c->bsd2, .src_ses = c->bsd };

	return xioctl(fd, CIOCCPHASH, &cp);
}

int s_bsd_info(struct ctx *c)
{
	struct session_info_op si = { .ses = c->bsd };

	return xioctl(fd, CIOCGSESSINFO, &si);
}

int s_bsd_free(struct ctx *c)
{
	int r = xioctl(fd, CIOCFSESSION, &c->bsd);

	if (!r)
		c->bsd = 0;
	return r;
}

int s_crioget(struct ctx *c)
{
	uint32_t nfd = 0;
	int r = xioctl(fd, CRIOGET, &nfd);

	if (!r)
		c->crio_fd = (int)nfd;
	return r;
}

static int bsd_submit(uint32_t ses)
{
	struct crypt_op op = {
		.ses = ses, .op = COP_ENCRYPT, .len = 4096, .src = in,
		.dst = out, .iv = iv,
	};

	return xioctl(fd, CIOCASYNCCRYPT, &op);
}

/* empties the async queue (waiting for the driver), then u_bsd */
void u_async(struct ctx *c)
{
	struct crypt_op op;

	for (int i = 0; i < 1000; i++)
		if (xioctl(fd, CIOCASYNCFETCH, &op) == -EBUSY) {
			struct pollfd p = { .fd = fd, .events = POLLIN };

			if (poll(&p, 1, 100) == 0)
				break;
		}
	u_bsd(c);
}

/* a cipher-only session: its requests go to the driver */
void p_bsd_cbc_only(struct ctx *c)
{
	bsd_new(CRYPTO_AES_CBC, 16, 0, 0, bkey, &c->bsd);
}

void p_async(struct ctx *c)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	p_bsd_cbc_only(c);
	bsd_submit(c->bsd);
	poll(&p, 1, 2000);
}

int s_async_submit(struct ctx *c)
{
	return bsd_submit(c->bsd);
}

int s_async_fetch(struct ctx *c)
{
	struct crypt_op op;

	(void)c;
	return xioctl(fd, CIOCASYNCFETCH, &op);
}

int s_kop_exp(struct ctx *c)
{
	struct crypt_kop k = { .crk_op = CRK_MOD_EXP, .crk_iparams = 3,
			       .crk_oparams = 1 };

	(void)c;
	in[0] |= 1;	/* an odd 2048-bit modulus (little-endian) */
	in[255] |= 0x80;
	k.crk_param[0] = (struct crparam){ in + 256, 2048 };
	k.crk_param[1] = (struct crparam){ in + 512, 2048 };
	k.crk_param[2] = (struct crparam){ in, 2048 };
	k.crk_param[3] = (struct crparam){ out, 2048 };
	return xioctl(fd, CIOCKEY, &k);
}

int s_kop_dsa(struct ctx *c)
{
	struct crypt_kop k = { .crk_op = CRK_DSA_SIGN, .crk_iparams = 5,
			       .crk_oparams = 2 };

	k.crk_param[0] = (struct crparam){ in, 256 };
	k.crk_param[1] = (struct crparam){ c->dsa_p, c->dsa_pb };
	k.crk_param[2] = (struct crparam){ c->dsa_q, c->dsa_qb };
	k.crk_param[3] = (struct crparam){ c->dsa_g, c->dsa_gb };
	k.crk_param[4] = (struct crparam){ c->dsa_x, c->dsa_xb };
	k.crk_param[5] = (struct crparam){ out, c->dsa_qb };
	k.crk_param[6] = (struct crparam){ out + 64, c->dsa_qb };
	return xioctl(fd, CIOCKEY, &k);
}
