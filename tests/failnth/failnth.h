/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tests/failnth/failnth.h - what the fail-nth program's files share: the
 * context of the steps, the device and the data buffers (main.c), and
 * the BSD ABI's steps (bsd.c).
 */
#ifndef NCR_TESTS_FAILNTH_H
#define NCR_TESTS_FAILNTH_H

#include <stdint.h>
#include <stddef.h>
#include "tap.h"

/* What a step keeps between its unarmed setup, the armed call and the
 * unarmed cleanup. */
struct ctx {
	uint32_t aes, kek, hmac, ecpriv, ecpub, xpriv, xpub;	/* fixed */
	uint32_t rsa_sign, rsa_dec, dhpriv, ecstore;		/* fixed */
	uint8_t blob[1024], wrapped[128], xpeer[32], sig[128];
	size_t blob_len, wrapped_len, sig_len;
	uint8_t rsa_der[2048], oaep_ct[256], dhpeer[512], pkblob[1024];
	size_t rsa_der_len, dhpeer_len, pkblob_len;
	uint8_t forged[8192];	/* a blob above a page, tag wrong */
	uint32_t made[2];	/* handles the armed call made */
	uint32_t ses;		/* a session set up unarmed */
	uint32_t victim;	/* a key made unarmed for restrict */
	/* the BSD ABI */
	uint32_t bsd, bsd2;	/* sessions set up unarmed */
	uint32_t bsd_made;	/* a session the armed call made */
	int crio_fd;		/* CRIOGET's descriptor */
	uint8_t dsa_p[256], dsa_q[32], dsa_g[256], dsa_x[32];	/* LE */
	int dsa_pb, dsa_qb, dsa_gb, dsa_xb;			/* bits */
};

extern int fd;				/* the namespace of every step */
extern uint8_t in[8192], out[8192 + 64], iv[16], tag[128];

/* bsd.c: the BSD ABI's steps, preparations and undos */
void u_bsd(struct ctx *c);
int s_bsd_sess(struct ctx *c);
int s_bsd_sess_handle(struct ctx *c);
void p_bsd_cbc(struct ctx *c);
void p_bsd_gcm(struct ctx *c);
void p_bsd_xts(struct ctx *c);
void p_bsd_hmacs(struct ctx *c);
int s_bsd_crypt(struct ctx *c);
int s_bsd_crypt_zc(struct ctx *c);
int s_bsd_gcm(struct ctx *c);
int s_bsd_tls_seal(struct ctx *c);
int s_bsd_tls_open(struct ctx *c);
int s_bsd_srtp_seal(struct ctx *c);
int s_bsd_srtp_open(struct ctx *c);
void p_bsd_tls_rec(struct ctx *c);
void p_bsd_srtp(struct ctx *c);
void p_bsd_srtp_pkt(struct ctx *c);
int s_bsd_cphash(struct ctx *c);
int s_bsd_info(struct ctx *c);
int s_bsd_free(struct ctx *c);
int s_crioget(struct ctx *c);
void u_async(struct ctx *c);

/* batch.c: NCRIO_BATCH's steps */
int s_batch_mixed(struct ctx *c);
int s_batch_hw(struct ctx *c);
void p_bsd_cbc_only(struct ctx *c);
void p_async(struct ctx *c);
int s_async_submit(struct ctx *c);
int s_async_fetch(struct ctx *c);
int s_kop_exp(struct ctx *c);
int s_kop_dsa(struct ctx *c);

#endif
