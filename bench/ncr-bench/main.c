// SPDX-License-Identifier: GPL-2.0
/*
 * ncr-bench - throughput of /dev/crypto (ncr) against AF_ALG and in-process
 * OpenSSL, for the same key, IV and input.
 *
 * Prints CSV on stdout:
 *   interface,algorithm,bytes,ops_per_s,mb_per_s
 * and notes ("# ...") on stderr.  MB is 10^6 bytes.
 *
 * Interfaces:
 *   ncr-once     one NCRIO_SESSION_ONCE ioctl per operation, the argument
 *                structure prepared once outside the loop.
 *   ncr-session  NCRIO_SESSION_INIT once, one NCRIO_SESSION_UPDATE per
 *                operation (a stream); AES-GCM: init+update+final per
 *                operation, because an AEAD session buffers to final.
 *   af_alg       the kernel's AF_ALG sockets: sendmsg(+cmsg)/read for
 *                ciphers and AEADs, write/read for hashes and MACs.
 *   openssl      libcrypto EVP in the same process, contexts reused.
 *
 * Before timing a (interface, algorithm, size) cell its output is compared
 * with an independent OpenSSL computation (fresh contexts); a difference
 * prints "# MISMATCH ..." and makes the exit status 1.  Setup or run-time
 * errors make it 2.  Speed never affects the exit status.
 *
 * Timing: each cell gets --time seconds of CLOCK_MONOTONIC wall time, split
 * into --rounds rounds.  For one (algorithm, size) the interfaces take
 * turns round by round, each round preceded by a short warm-up, and the
 * best round is reported: on a shared host (or a QEMU guest) interference
 * only ever slows a round down, and interleaving exposes all interfaces
 * to the same conditions.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <linux/if_alg.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "libncr.h"

#ifndef SOL_ALG
#define SOL_ALG 279
#endif

/* ------------------------------------------------------------------ */
/* the matrix                                                         */

enum iface { IF_ONCE, IF_SESSION, IF_AFALG, IF_OPENSSL, IF_COUNT };
enum alg { A_CBC, A_GCM, A_SHA, A_HMAC, A_COUNT };

static const char *const iface_names[IF_COUNT] = {
	"ncr-once", "ncr-session", "af_alg", "openssl",
};
static const char *const alg_names[A_COUNT] = {
	"aes-128-cbc", "aes-256-gcm", "sha256", "hmac-sha256",
};

static const size_t default_sizes[] = {
	16, 64, 256, 1024, 4096, 16384, 65536,
};
#define MAX_SIZES 32
#define MAX_BYTES (1U << 24)

#define GCM_IV_LEN 12
#define GCM_TAG_LEN 16
#define DIGEST_LEN 32

/* ------------------------------------------------------------------ */
/* shared state: one key set, one input, fixed IVs                     */

static uint8_t key_aes128[16], key_aes256[32], key_hmac[32];
static const uint8_t iv_cbc[16] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
};
static const uint8_t iv_gcm[GCM_IV_LEN] = {
	0xca, 0xfe, 0xba, 0xbe, 0xfa, 0xce, 0xdb, 0xad,
	0xde, 0xca, 0xf8, 0x88,
};

static int ncr_fd = -1;
static uint32_t nk_aes128, nk_aes256, nk_hmac;	/* ncr key handles */

static uint8_t *inbuf;		/* input, the largest size */
static uint8_t *outbufs[IF_COUNT];	/* each interface's result */
static uint8_t *refbuf;		/* reference result (OpenSSL, fresh) */

static int status;		/* exit status: 0, 1 mismatch, 2 error */

static void note(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void set_status(int st)
{
	if (st > status)
		status = st;
}

static void ossl_fail(const char *what)
{
	unsigned long e = ERR_get_error();
	char buf[256] = "";

	if (e)
		ERR_error_string_n(e, buf, sizeof(buf));
	note("error: OpenSSL %s failed %s", what, buf);
}

/* Length of one operation's result: ciphertext, ciphertext||tag, digest. */
static size_t result_len(enum alg a, size_t len)
{
	switch (a) {
	case A_CBC:
		return len;
	case A_GCM:
		return len + GCM_TAG_LEN;
	default:
		return DIGEST_LEN;
	}
}

/* ------------------------------------------------------------------ */
/* the reference: OpenSSL with fresh contexts, nothing reused          */

static int reference(enum alg a, const uint8_t *in, size_t len, uint8_t *out)
{
	EVP_CIPHER_CTX *c = NULL;
	int ok = 0, l1 = 0, l2 = 0;
	unsigned int dl = 0;
	size_t ml = 0;

	switch (a) {
	case A_CBC:
	case A_GCM:
		c = EVP_CIPHER_CTX_new();
		if (!c)
			break;
		if (a == A_CBC)
			ok = EVP_EncryptInit_ex(c, EVP_aes_128_cbc(), NULL,
						key_aes128, iv_cbc) &&
			     EVP_CIPHER_CTX_set_padding(c, 0);
		else
			ok = EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL,
						NULL, NULL) &&
			     EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_IVLEN,
						 GCM_IV_LEN, NULL) &&
			     EVP_EncryptInit_ex(c, NULL, NULL, key_aes256,
						iv_gcm);
		ok = ok && EVP_EncryptUpdate(c, out, &l1, in, (int)len) &&
		     EVP_EncryptFinal_ex(c, out + l1, &l2) &&
		     (size_t)(l1 + l2) == len;
		if (ok && a == A_GCM)
			ok = EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG,
						 GCM_TAG_LEN, out + len);
		EVP_CIPHER_CTX_free(c);
		break;
	case A_SHA:
		ok = EVP_Digest(in, len, out, &dl, EVP_sha256(), NULL) &&
		     dl == DIGEST_LEN;
		break;
	case A_HMAC:
		ok = EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, key_hmac,
			       sizeof(key_hmac), in, len, out, DIGEST_LEN,
			       &ml) != NULL && ml == DIGEST_LEN;
		break;
	default:
		break;
	}
	if (!ok)
		ossl_fail("reference computation");
	return ok ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* one benchmark cell                                                  */

struct job;

struct iface_ops {
	/* Prepares everything that a tuned application would prepare once. */
	int (*setup)(struct job *j);
	/* One timed operation; result (if any) in j->out.  0 or -errno. */
	int (*op)(struct job *j);
	/*
	 * Computes one operation's result into j->out from a state that
	 * gives the same result as the reference (a fresh session for the
	 * streaming interface).  NULL: the first op() does that.
	 */
	int (*verify)(struct job *j);
	/* Ends the run (a stream's final) and frees everything. */
	void (*teardown)(struct job *j);
	/* op() on a fresh job leaves the reference result in j->out and
	 * keeps doing so on every call (stateless per op). */
	bool stateless;
};

struct job {
	enum iface ifc;
	enum alg alg;
	size_t len;
	const char *where;	/* "iface alg bytes", for messages */
	uint8_t *out;		/* this interface's output buffer */

	/* ncr */
	struct ncr_session_once once;
	struct ncr_session_init sinit;
	struct ncr_session_op sop;	/* update */
	struct ncr_session_op sfin;	/* final */
	bool ses_live;

	/* AF_ALG */
	int tfmfd, opfd;
	struct msghdr msg;
	struct iovec iov;
	union {
		struct cmsghdr align;
		uint8_t buf[CMSG_SPACE(sizeof(uint32_t)) * 2 +
			    CMSG_SPACE(sizeof(struct af_alg_iv) + 16)];
	} cbuf;

	/* OpenSSL */
	EVP_CIPHER *cipher;
	EVP_CIPHER_CTX *cctx;
	EVP_MD *md;
	EVP_MD_CTX *mctx;
	EVP_MAC *mac;
	EVP_MAC_CTX *macctx;
};

/* ---- ncr-once ---------------------------------------------------- */

static int once_setup(struct job *j)
{
	struct ncr_session_once *o = &j->once;

	memset(o, 0, sizeof(*o));
	o->size = sizeof(*o);
	o->input = (uintptr_t)inbuf;
	o->input_size = j->len;
	switch (j->alg) {
	case A_CBC:
		o->algorithm = NCR_ALG_AES_CBC;
		o->op = NCR_OP_ENCRYPT;
		o->key = nk_aes128;
		o->iv = (uintptr_t)iv_cbc;
		o->iv_size = sizeof(iv_cbc);
		o->output = (uintptr_t)j->out;
		o->output_size = j->len;
		break;
	case A_GCM:
		o->algorithm = NCR_ALG_AES_GCM;
		o->op = NCR_OP_ENCRYPT;
		o->key = nk_aes256;
		o->iv = (uintptr_t)iv_gcm;
		o->iv_size = sizeof(iv_gcm);
		o->output = (uintptr_t)j->out;
		o->output_size = j->len;
		o->tag = (uintptr_t)(j->out + j->len);
		o->tag_size = GCM_TAG_LEN;
		break;
	case A_SHA:
		o->algorithm = NCR_ALG_SHA256;
		o->op = NCR_OP_SIGN;
		o->tag = (uintptr_t)j->out;
		o->tag_size = DIGEST_LEN;
		break;
	case A_HMAC:
		o->algorithm = NCR_ALG_HMAC_SHA256;
		o->op = NCR_OP_SIGN;
		o->key = nk_hmac;
		o->tag = (uintptr_t)j->out;
		o->tag_size = DIGEST_LEN;
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

static int once_op(struct job *j)
{
	/* In/out fields the kernel writes back: restore the capacities (the
	 * same values it returns on success, so these stores are cheap) and
	 * the result field, which must be 0 on input. */
	j->once.output_size = j->alg <= A_GCM ? j->len : 0;
	j->once.tag_size = j->alg == A_CBC ? 0 :
			   j->alg == A_GCM ? GCM_TAG_LEN : DIGEST_LEN;
	j->once.result = 0;
	if (ioctl(ncr_fd, NCRIO_SESSION_ONCE, &j->once))
		return -errno;
	return 0;
}

static void nop_teardown(struct job *j)
{
	(void)j;
}

/* ---- ncr-session ------------------------------------------------- */

static void session_prepare(struct job *j)
{
	struct ncr_session_init *si = &j->sinit;

	memset(si, 0, sizeof(*si));
	si->size = sizeof(*si);
	switch (j->alg) {
	case A_CBC:
		si->algorithm = NCR_ALG_AES_CBC;
		si->op = NCR_OP_ENCRYPT;
		si->key = nk_aes128;
		si->iv = (uintptr_t)iv_cbc;
		si->iv_size = sizeof(iv_cbc);
		break;
	case A_GCM:
		si->algorithm = NCR_ALG_AES_GCM;
		si->op = NCR_OP_ENCRYPT;
		si->key = nk_aes256;
		si->iv = (uintptr_t)iv_gcm;
		si->iv_size = sizeof(iv_gcm);
		si->tag_size = GCM_TAG_LEN;
		break;
	case A_SHA:
		si->algorithm = NCR_ALG_SHA256;
		si->op = NCR_OP_SIGN;
		break;
	default:
		si->algorithm = NCR_ALG_HMAC_SHA256;
		si->op = NCR_OP_SIGN;
		si->key = nk_hmac;
		break;
	}
	memset(&j->sop, 0, sizeof(j->sop));
	j->sop.size = sizeof(j->sop);
	j->sop.input = (uintptr_t)inbuf;
	j->sop.input_size = j->len;
	if (j->alg == A_CBC) {
		j->sop.output = (uintptr_t)j->out;
		j->sop.output_size = j->len;
	}
	memset(&j->sfin, 0, sizeof(j->sfin));
	j->sfin.size = sizeof(j->sfin);
	switch (j->alg) {
	case A_CBC:
		break;
	case A_GCM:
		j->sfin.output = (uintptr_t)j->out;
		j->sfin.output_size = j->len;
		j->sfin.tag = (uintptr_t)(j->out + j->len);
		j->sfin.tag_size = GCM_TAG_LEN;
		break;
	default:
		j->sfin.tag = (uintptr_t)j->out;
		j->sfin.tag_size = DIGEST_LEN;
		break;
	}
}

static int session_init(struct job *j)
{
	j->sinit.ses = 0;	/* out field; must be 0 on input */
	if (ioctl(ncr_fd, NCRIO_SESSION_INIT, &j->sinit))
		return -errno;
	j->sop.ses = j->sinit.ses;
	j->sfin.ses = j->sinit.ses;
	j->ses_live = true;
	return 0;
}

static int session_update(struct job *j)
{
	if (j->alg == A_CBC)
		j->sop.output_size = j->len;
	if (ioctl(ncr_fd, NCRIO_SESSION_UPDATE, &j->sop))
		return -errno;
	return 0;
}

static int session_final(struct job *j)
{
	j->ses_live = false;	/* final frees the session even on error */
	j->sfin.result = 0;
	switch (j->alg) {
	case A_CBC:
		j->sfin.output_size = 0;
		break;
	case A_GCM:
		j->sfin.output_size = j->len;
		j->sfin.tag_size = GCM_TAG_LEN;
		break;
	default:
		j->sfin.tag_size = DIGEST_LEN;
		break;
	}
	if (ioctl(ncr_fd, NCRIO_SESSION_FINAL, &j->sfin))
		return -errno;
	return 0;
}

static int session_setup(struct job *j)
{
	session_prepare(j);
	/* The stream (CBC, digests, MACs) starts here and lives until
	 * teardown; GCM sessions are made per operation. */
	if (j->alg == A_GCM)
		return 0;
	return session_init(j);
}

static int session_op(struct job *j)
{
	int err;

	if (j->alg != A_GCM)
		return session_update(j);
	/* AEAD sessions buffer the whole message until final: one message
	 * per operation is init + update + final. */
	err = session_init(j);
	if (!err)
		err = session_update(j);
	if (!err)
		err = session_final(j);
	else if (j->ses_live)
		(void)session_final(j);
	return err;
}

/* A fresh session over one message, as the reference computes it. */
static int session_verify(struct job *j)
{
	struct job v = *j;
	int err;

	v.ses_live = false;
	err = session_init(&v);
	if (!err)
		err = session_update(&v);
	if (v.ses_live) {
		int e2 = session_final(&v);

		err = err ?: e2;
	}
	return err;
}

static void session_teardown(struct job *j)
{
	if (j->ses_live) {
		int err = session_final(j);

		if (err) {
			note("error: %s: NCRIO_SESSION_FINAL: %s", j->where,
			     strerror(-err));
			set_status(2);
		}
	}
}

/* ---- AF_ALG ------------------------------------------------------ */

static void afalg_close(struct job *j)
{
	if (j->opfd >= 0)
		close(j->opfd);
	if (j->tfmfd >= 0)
		close(j->tfmfd);
	j->opfd = j->tfmfd = -1;
}

static int afalg_setup(struct job *j)
{
	struct sockaddr_alg sa = { .salg_family = AF_ALG };
	const void *key = NULL;
	size_t keylen = 0;
	struct cmsghdr *cm;
	struct af_alg_iv *aiv;
	const uint8_t *iv = NULL;
	uint32_t ivlen = 0;
	int err;

	switch (j->alg) {
	case A_CBC:
		strcpy((char *)sa.salg_type, "skcipher");
		strcpy((char *)sa.salg_name, "cbc(aes)");
		key = key_aes128;
		keylen = sizeof(key_aes128);
		iv = iv_cbc;
		ivlen = sizeof(iv_cbc);
		break;
	case A_GCM:
		strcpy((char *)sa.salg_type, "aead");
		strcpy((char *)sa.salg_name, "gcm(aes)");
		key = key_aes256;
		keylen = sizeof(key_aes256);
		iv = iv_gcm;
		ivlen = sizeof(iv_gcm);
		break;
	case A_SHA:
		strcpy((char *)sa.salg_type, "hash");
		strcpy((char *)sa.salg_name, "sha256");
		break;
	default:
		strcpy((char *)sa.salg_type, "hash");
		strcpy((char *)sa.salg_name, "hmac(sha256)");
		key = key_hmac;
		keylen = sizeof(key_hmac);
		break;
	}
	j->opfd = -1;
	j->tfmfd = socket(AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (j->tfmfd < 0)
		return -errno;
	if (bind(j->tfmfd, (struct sockaddr *)&sa, sizeof(sa)))
		goto fail;
	if (key && setsockopt(j->tfmfd, SOL_ALG, ALG_SET_KEY, key, keylen))
		goto fail;
	/* The tag length travels in optlen, with no option value. */
	if (j->alg == A_GCM &&
	    setsockopt(j->tfmfd, SOL_ALG, ALG_SET_AEAD_AUTHSIZE, NULL,
		       GCM_TAG_LEN))
		goto fail;
	j->opfd = accept4(j->tfmfd, NULL, NULL, SOCK_CLOEXEC);
	if (j->opfd < 0)
		goto fail;
	if (j->alg == A_SHA || j->alg == A_HMAC)
		return 0;

	/* Ciphers: the message (control part and iovec) is built once;
	 * sendmsg does not modify it. */
	memset(&j->msg, 0, sizeof(j->msg));
	memset(&j->cbuf, 0, sizeof(j->cbuf));
	j->iov.iov_base = inbuf;
	j->iov.iov_len = j->len;
	j->msg.msg_iov = &j->iov;
	j->msg.msg_iovlen = 1;
	j->msg.msg_control = j->cbuf.buf;
	j->msg.msg_controllen = CMSG_SPACE(sizeof(uint32_t)) +
				CMSG_SPACE(sizeof(*aiv) + ivlen);
	if (j->alg == A_GCM)
		j->msg.msg_controllen += CMSG_SPACE(sizeof(uint32_t));

	cm = CMSG_FIRSTHDR(&j->msg);
	cm->cmsg_level = SOL_ALG;
	cm->cmsg_type = ALG_SET_OP;
	cm->cmsg_len = CMSG_LEN(sizeof(uint32_t));
	*(uint32_t *)CMSG_DATA(cm) = ALG_OP_ENCRYPT;

	cm = CMSG_NXTHDR(&j->msg, cm);
	cm->cmsg_level = SOL_ALG;
	cm->cmsg_type = ALG_SET_IV;
	cm->cmsg_len = CMSG_LEN(sizeof(*aiv) + ivlen);
	aiv = (struct af_alg_iv *)CMSG_DATA(cm);
	aiv->ivlen = ivlen;
	memcpy(aiv->iv, iv, ivlen);

	if (j->alg == A_GCM) {
		cm = CMSG_NXTHDR(&j->msg, cm);
		cm->cmsg_level = SOL_ALG;
		cm->cmsg_type = ALG_SET_AEAD_ASSOCLEN;
		cm->cmsg_len = CMSG_LEN(sizeof(uint32_t));
		*(uint32_t *)CMSG_DATA(cm) = 0;
	}
	return 0;
fail:
	err = -errno;
	afalg_close(j);
	return err;
}

static int read_full(int fd, uint8_t *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t r = read(fd, buf + got, len - got);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (r == 0)
			return -EIO;
		got += (size_t)r;
	}
	return 0;
}

static int afalg_op(struct job *j)
{
	ssize_t w;

	if (j->alg == A_SHA || j->alg == A_HMAC) {
		/* No MSG_MORE: the write finishes the hash; read the result. */
		w = write(j->opfd, inbuf, j->len);
		if (w < 0)
			return -errno;
		if ((size_t)w != j->len)
			return -EIO;
		return read_full(j->opfd, j->out, DIGEST_LEN);
	}
	w = sendmsg(j->opfd, &j->msg, 0);
	if (w < 0)
		return -errno;
	if ((size_t)w != j->len)
		return -EIO;
	/* AEAD encryption with assoclen 0: ciphertext then the tag. */
	return read_full(j->opfd, j->out, result_len(j->alg, j->len));
}

static void afalg_teardown(struct job *j)
{
	afalg_close(j);
}

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

static const struct iface_ops iface_ops[IF_COUNT] = {
	[IF_ONCE] = { once_setup, once_op, NULL, nop_teardown, true },
	[IF_SESSION] = { session_setup, session_op, session_verify,
			 session_teardown, false },
	[IF_AFALG] = { afalg_setup, afalg_op, NULL, afalg_teardown, true },
	[IF_OPENSSL] = { openssl_setup, openssl_op, NULL, openssl_teardown,
			 true },
};

/* ------------------------------------------------------------------ */
/* timing                                                              */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/*
 * Runs op() for `secs` of wall time.  The clock is read after batches of
 * operations; a batch doubles while it takes less than 1/200 of the run,
 * so reading the clock costs nothing measurable even for 16-byte OpenSSL
 * calls, and the overshoot past `secs` stays small.
 */
static int timed_loop(struct job *j, double secs, uint64_t *ops,
		      double *elapsed)
{
	const struct iface_ops *io = &iface_ops[j->ifc];
	uint64_t n = 0, batch = 1, i;
	double t0, t, last;
	int err;

	t0 = last = now();
	for (;;) {
		for (i = 0; i < batch; i++) {
			err = io->op(j);
			if (err)
				return err;
		}
		n += batch;
		t = now();
		if (t - t0 >= secs)
			break;
		if (t - last < secs / 200 && batch < (1U << 20))
			batch *= 2;
		last = t;
	}
	*ops = n;
	*elapsed = t - t0;
	return 0;
}

/* ------------------------------------------------------------------ */
/* one cell: setup, verify, warm up, time                               */

static void report_mismatch(const struct job *j, size_t rl, const char *when)
{
	size_t k;

	for (k = 0; k < rl && j->out[k] == refbuf[k]; k++)
		;
	note("MISMATCH %s: output differs from OpenSSL %s (%zu-byte result, "
	     "first difference at byte %zu)", j->where, when, rl, k);
	set_status(1);
}

/*
 * Prepares and verifies one interface's job for (alg, len).  Returns true
 * if it can be timed; on false, the job holds nothing.
 */
static bool cell_prepare(struct job *j, enum iface ifc, enum alg a, size_t len,
			 char *where, size_t wsize)
{
	const struct iface_ops *io = &iface_ops[ifc];
	size_t rl = result_len(a, len);
	int err;

	memset(j, 0, sizeof(*j));
	j->ifc = ifc;
	j->alg = a;
	j->len = len;
	j->tfmfd = j->opfd = -1;
	j->out = outbufs[ifc];
	snprintf(where, wsize, "%s %s %zu", iface_names[ifc], alg_names[a],
		 len);
	j->where = where;

	err = io->setup(j);
	if (err) {
		note("error: %s: setup: %s", where, strerror(-err));
		set_status(2);
		return false;
	}
	/* Correctness once, before timing. */
	memset(j->out, 0xa5, rl);
	err = io->verify ? io->verify(j) : io->op(j);
	if (err) {
		note("error: %s: %s", where, strerror(-err));
		set_status(2);
	} else if (memcmp(j->out, refbuf, rl)) {
		report_mismatch(j, rl, "before timing");
		err = -EBADMSG;
	}
	if (err) {
		io->teardown(j);
		return false;
	}
	return true;
}

/* One round: warm-up, then the timed run.  Returns ops/s, or < 0. */
static double cell_round(struct job *j, double secs)
{
	uint64_t ops = 0, wops = 0;
	double el = 0, wel = 0;
	int err;

	/* Warm-up (caches, page faults, lazy kernel state, TCG's
	 * translation of the code paths). */
	err = timed_loop(j, secs / 10, &wops, &wel);
	if (!err)
		err = timed_loop(j, secs, &ops, &el);
	if (err) {
		note("error: %s: %s", j->where, strerror(-err));
		set_status(2);
		return -1;
	}
	return (double)ops / el;
}

/* After the last round: the output check again, then teardown.  Returns
 * false on a mismatch. */
static bool cell_finish(struct job *j)
{
	const struct iface_ops *io = &iface_ops[j->ifc];
	size_t rl = result_len(j->alg, j->len);
	/* ncr-session GCM is a whole message per op too */
	bool stateless = io->stateless ||
			 (j->ifc == IF_SESSION && j->alg == A_GCM);
	bool ok = true;

	/* A stateless op must still give the reference result after being
	 * repeated: catches a context that is not really reset per op. */
	if (stateless && memcmp(j->out, refbuf, rl)) {
		report_mismatch(j, rl, "after timing");
		ok = false;
	}
	io->teardown(j);
	return ok;
}

/*
 * All selected interfaces for one (alg, len).  The time budget is split
 * into `rounds` rounds; in each round every interface runs once, in a
 * rotating order, and the best round counts.  Interleaving and best-of
 * keep the ratios meaningful when the host is busy (a QEMU guest on a
 * shared machine gets descheduled now and then; that only ever makes a
 * round slower).
 */
static void run_cells(unsigned int ifmask, enum alg a, size_t len,
		      double secs, int rounds, double best[IF_COUNT],
		      double worst[IF_COUNT])
{
	struct job jobs[IF_COUNT];
	char where[IF_COUNT][96];
	bool live[IF_COUNT] = { false };
	int r, k, i;

	for (i = 0; i < IF_COUNT; i++)
		best[i] = worst[i] = -1;
	if (reference(a, inbuf, len, refbuf)) {
		set_status(2);
		return;
	}
	for (i = 0; i < IF_COUNT; i++)
		if (ifmask & (1U << i))
			live[i] = cell_prepare(&jobs[i], i, a, len, where[i],
					       sizeof(where[i]));
	for (r = 0; r < rounds; r++) {
		for (k = 0; k < IF_COUNT; k++) {
			double v;

			i = (k + r) % IF_COUNT;
			if (!live[i])
				continue;
			v = cell_round(&jobs[i], secs / rounds);
			if (v < 0) {
				iface_ops[i].teardown(&jobs[i]);
				live[i] = false;
				best[i] = -1;
				continue;
			}
			if (v > best[i])
				best[i] = v;
			if (worst[i] < 0 || v < worst[i])
				worst[i] = v;
		}
	}
	for (i = 0; i < IF_COUNT; i++)
		if (live[i] && !cell_finish(&jobs[i]))
			best[i] = -1;
}

/* ------------------------------------------------------------------ */
/* keys                                                                 */

static int ncr_keys(void)
{
	/* The AES-128 key serves CBC, which is not in an AES key's
	 * default algorithm set (AES-GCM only): it is named. */
	struct { uint32_t type, bits, usage; uint64_t algs; uint32_t *h;
		 uint8_t *buf; size_t len; } k[3] = {
		{ NCR_KEY_TYPE_AES, 128,
		  NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
		  NCR_KEY_ALG_AES_CBC, &nk_aes128,
		  key_aes128, sizeof(key_aes128) },
		{ NCR_KEY_TYPE_AES, 256,
		  NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
		  NCR_KEY_ALG_AES_GCM, &nk_aes256,
		  key_aes256, sizeof(key_aes256) },
		{ NCR_KEY_TYPE_HMAC, 256,
		  NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY, 0, &nk_hmac,
		  key_hmac, sizeof(key_hmac) },
	};
	size_t i, l;
	int err;

	/* Generated in the kernel, exportable so that AF_ALG and OpenSSL
	 * get the very same material. */
	for (i = 0; i < 3; i++) {
		struct ncr_key_policy pol = {
			.flags = NCR_KEY_FLAG_EXPORTABLE,
			.usage = k[i].usage,
			.algs = k[i].algs,
		};

		err = ncr_key_generate_ex(ncr_fd, k[i].type, k[i].bits, &pol,
					  k[i].h);
		if (err) {
			note("error: ncr_key_generate: %s", ncr_strerror(err));
			return err;
		}
		l = k[i].len;
		err = ncr_key_export(ncr_fd, *k[i].h, k[i].buf, &l);
		if (err || l != k[i].len) {
			note("error: ncr_key_export: %s",
			     err ? ncr_strerror(err) : "wrong length");
			return err ? err : -EIO;
		}
	}
	return 0;
}

static void ncr_drivers(void)
{
	static const struct { uint32_t id; const char *name; } show[] = {
		{ NCR_ALG_AES_CBC, "aes-128-cbc" },
		{ NCR_ALG_AES_GCM, "aes-256-gcm" },
		{ NCR_ALG_SHA256, "sha256" },
		{ NCR_ALG_HMAC_SHA256, "hmac-sha256" },
	};
	struct ncr_alg_info ai[64];
	uint32_t n = 64, i, s;

	if (ncr_get_info(ncr_fd, NULL, ai, &n))
		return;
	if (n > 64)
		n = 64;
	for (s = 0; s < sizeof(show) / sizeof(show[0]); s++)
		for (i = 0; i < n; i++)
			if (ai[i].algorithm == show[s].id)
				note("ncr driver: %s -> %.64s (%.64s)",
				     show[s].name, ai[i].name, ai[i].driver);
}


/* ------------------------------------------------------------------ */
/* public-key operations: ncr (libncr, one NCRIO_SESSION_ONCE or        */
/* KEY_DERIVE per op) beside OpenSSL EVP_PKEY in the same process       */

/*
 * RSA test keys (made with openssl genpkey, only for this benchmark): RSA
 * key generation takes many seconds under TCG and is not what is
 * measured.  The other keys are generated by OpenSSL at start-up; every
 * key is imported into ncr as PKCS#8, so both sides use the same key.
 */
static const char rsa2048_pem[] =
"-----BEGIN PRIVATE KEY-----\n"
"MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQCu2RiIuAx7er6C\n"
"izQCPwX/WP05DYGa2RCUcGHh7V+j5/2L7vpch5PCrI1d1wbe5Iq1/pYt7Dvhc1Or\n"
"qr2xwHDJx5epWTRTCMtUZrFFODR2r+NZsU0vVrJ/XtWpyVRsdbrTCjFs2TgDEob4\n"
"GxqcoZrePwpHs3IqAbDHA3qWMfOS9gwQxht6WkNxloBMnIWd7c7NTMuu6Vlgvfhl\n"
"KLR4U7/OCx3Kv+9FHRD39pmNVfw1U8g+isi1lH1kCSxMVFRGHGY++XYtDXAJ0J9U\n"
"qfB/kBjgkOyU7CAsPcgQjwpe2EYE9g7fRDAHJPFjAyS9SI5SqLyaUHNfAc789qeE\n"
"1h1qM+DPAgMBAAECggEAExlLq24kjuhddE0C+qvVBTYR6EV9aWNZ2EezqXC7CGBd\n"
"kFzOTtp7CBdpFF2vNnGoZTDQnruLNEPbWTO7/MqUh2Ccmbb7bDEtufkYVq3zrR3m\n"
"q57JBj67c1ucjdXxZCzdTL10S1DUOXcF9IahZYfm2W1Gu4ZHwNGRHxarhp8g3WXX\n"
"WHBZxSA0BQEY+7rKHRdkiarrEuERWCIhjKAQS6kVARYAa2Op92dqi+nj1gnpmx1+\n"
"qsZDZIVEvzD3IVIPaeOqBhwZl/pxPz8M3Bby8NP3IZrDbgyNunGtZGJXTl2jOYaT\n"
"g3RvHk65GBeUNfZ80Ue/ve/RttIwKI9xKM26D6J0IQKBgQDd4CV3j+2Jev/5klYi\n"
"cyYl7CpVrwRGxLqjSGPwZl8f3syuBQfrWcwHSNKjsnjiGHJyFaesFa5JPrKte2Om\n"
"IgAqmzL3sLb2KwN4t3ruBkF6YsXHW9mXFVaW4oFPJZsG0LbKCi1S5dK8zMwHVxZs\n"
"hjm4RCEb6lv6Kg18koxnbkvR2wKBgQDJvVhrdMXA+hOSC9FcER8Mcoipq1niK41P\n"
"JibcWYX7Ei6ZrpcphngdQeMrsIILMxWIBkj6AQCGqlrMjM8WIqpHNePH6W5SCzrE\n"
"Fn3EETXr9vqZTCU8BmEF9GqsRiy9cisQBkAcfuaofoqX+t1NoDaGovedZ6JjGfhR\n"
"CO26FWXBHQKBgEQhO+AG1g3NMyTThpd1fFVQu38sCsggSJ8y7102UidbJsaYzOG7\n"
"5SaneebCOtRSZXIarC3vSmE7W2ph5StybVKn7XKZVNUqSBqdXKYSTbDi+5BH5/y4\n"
"lKooS0Sea4ggNsC7d0dpQtiumkf2ufABF2A5q2EDCdM7boC+D1cDS0zZAoGAdXaR\n"
"GCgqyL0TThMheLjjWi0KE7iYok73fWFaeSyLDXA9v+/fRidsoqRtcE/auEirPcNj\n"
"FGYm90ITkkxee6X9fW8MTKdHO/Ab7HaoDdRzkAwDR+UFPRj9vyjcP6iwfjIOjssE\n"
"41KkXPEpI2rHFl61wNj80iK4c3l4kz5epN22nKUCgYAZ8mq5AG+zgOyP9u5hmKZa\n"
"n4+YmyP6a0hhiVSb3VjS1MMdQ4HgQLeBLbE/0jPdsyGh9eqGClGl5aeMgwOK8MLC\n"
"aBjxmfOLqIuah/eaeuzKQbnDtjL8eRI7lLLkDNsB1PxtsZZwVi8ZdunklBVlhAOD\n"
"YqUZ7lDqjzlKzJX8vfsxTQ==\n"
"-----END PRIVATE KEY-----\n"
;
static const char rsa3072_pem[] =
"-----BEGIN PRIVATE KEY-----\n"
"MIIG/AIBADANBgkqhkiG9w0BAQEFAASCBuYwggbiAgEAAoIBgQCiJucyPmuUOtrM\n"
"PJZj9rldo/iv0jmQFhNUp5Dz85xh7GxirraCN+vrid0NLvEsTe9SsDk/DKVuuXAQ\n"
"kWao0NHGmSLaSe9DnysA/b0yTpsg9FvpGVjIShQ/MGH128aoNPu0UWuminDG5ARq\n"
"NlCDs/uJxqvGhJ3dUtBrPnfHR27POyl6LZ9dqpsYgFPDVburPotOiQIPUldHN0fr\n"
"quf05Ev5t7mSZWKFGpt7amVoX3KyAl5MtpwYqjrsZ7zCXYZlarRxxZtaTVSrE/iC\n"
"j22ZT16LiFD8e54QXDwH5aYTcOXfdNDjoC1mRS1IXJyCylU/j7Lr40bm71o0ggMc\n"
"Cz45ryJUco+Tuxgboz+X2Ipmb857hENfwl94fIpan4DtjdrcQOf5nViKY8nD8UKh\n"
"aYtFtw4eCUNoQRyj1PvqlWm0+v0Knrg4Dgy710Acee37KzIt4wrOLUGniqkhMHv0\n"
"As6Z74CdbQSlvqIR/4qUDOLDqF4JSgl4Ev1CR1Ut3frqXOfio98CAwEAAQKCAYBJ\n"
"aN9macf+dZ60tAFKBFrrP97Iip4w0y2xN6NyLinwUz7Gdl5+GZ8fJW0EGOpqqmXc\n"
"w5dHKgyDUkSf25PkfZVbGd0jgjFmJdssObO74MZuZvJtV2JQWulLqjXPPs5zPHlv\n"
"qyTXYvmnsXcmNqzA02zfdSgzWbq2hlWBF+jWOUq7WwduHtV1bFWHBCHn3xp1bn1W\n"
"8sQR9683uJlA4kDdJ7YVuc2zr16o7+DQQNzkIcIlQNk8VbfZmsfOWzCjtf+wTlvm\n"
"H9+DaTP+UAj5MWtbsRHQxPtrPfZdynav1HYg+Mkt6yJ/YZOlfUx8RVzv1wgcJimw\n"
"rqzM2YS6vMrAvlmfFQjBGRpeFzvjHQCE6E/IyU+75GaYmF76pDSy7OF/ytjlbInA\n"
"SBZLLZQz+5HywtjaJB68DeBaCLG7Z4pty6waMfO7tlfKLrF/xrKEhLjscqWu5MBz\n"
"cOtbhXQLbKpJUcB3k5Ka1qhXOqWVjB1JrO7moHzTuur08BpHGY90LwVJdY1+ZhEC\n"
"gcEA1uv5RAc0wPMBVr7w//kwVT0KF+c1/8OWHK1v/yuPDENUXCdQdLTtmMEskNLj\n"
"4fM1EOixadKSdRyRGbLkBqVsZ4ieoVDYrrgJhuZRHVR6Z6/SGMfGiCY8eTwtzim2\n"
"bONv2QpIohM89SFy48ozP5QVDjsXUTl8RSZM2CbwS45gMLwPRfyQPonj/ERiWtn9\n"
"YaJelVG789MMSImgSlmfA2vswMHgkubiGHnBPrVWhfSm9ux/b8lsAZzJmXLlsgRO\n"
"37R9AoHBAMEk7SRDQ+YFf9T58wVKH1sLIgf1+mJ9CJsskD/NE8/cLxy0oXOH+66O\n"
"S2/02tO/MiBqcejyCiGSk1F05DRTlksMmMpdvKuI8EyK/U9PRBZqy0dMZZePPTNt\n"
"0B9woUz15yX+kKobKe6VOe8tG/Z+bLsAb9b29W0ddGfZrCWj65zUzqnqLcLlWjv/\n"
"qIDll/mQfVoQfig53k9Ri2K8g9cEtNF+IDWJfBYEAq2xe9EPePsj7lzjBNOAx54G\n"
"rAU5oZ90iwKBwC2tv6/WvD6aJ1mxgXVWGBC1xXRpHs/6WOhFcH1SW7fmg4KGlJIJ\n"
"dko2HGu3dtmqIEg0vKhaKeicJrbIj7Bd7lle7yAoF7WixduXDfxm3RE2jDfaFfcP\n"
"8WBvCuk7cltYR4hgqClSX21WK54Adr33kjYRFxabWi80QbbbJ81XOFiDT9e3I003\n"
"b25JdoIKvNDIesPPuFvNKlosbhX/UE2g3ZPmYP239qvvDMRwNDCKXAY1I6y1qa/6\n"
"C9sCUZFxWvYu3QKBwHYX5ONCOZbAEAwhk8TNMGTTZshlTuW/O27djYllE9MI9slf\n"
"bEQehfWRzXAzz0Se58BINUPQEf+7BlZM2WdhIEjc9+Lr83sSbJLwfLdsaN4oCAid\n"
"HpTPoQT8BL/kdst+owlpH/zSRQ46scSa2TkazdJ9DuTp9N/1nYIN5qLRGjO3LnFX\n"
"3QkIgOakh9vgBc8y2GIkKW7hCxuGaWpCh34Fw6U/r+PsHzG63ARlu6X1BuzPaGPk\n"
"7sN/Pw5RWAaN2VOMxwKBwA1xnmlI+nPKzPA5g+XZq3wuvRBvCH+GiaLJNxvKTlvs\n"
"aWFYXkIq78GPZej8Kfrp4WKk3vaBIOoeo6NiC3HZ5RNJ188JnoVgPti9u60Cn8xj\n"
"7wMsZFNegPa60DMNiwo43h9/LMygxRjFadFRyDUsd02Tzmnlbc9uXdTvzPQ2KwqO\n"
"QMvCTsEAGw7Q0CXSDv2s+FTLG2/nZX2QvbeSDVpPCvWbbWmoABmO59pY08/Dz1+W\n"
"kpQpVO+0PvB1RIloNBNC+Q==\n"
"-----END PRIVATE KEY-----\n"
;

enum pk_kind { PK_SIGN, PK_VERIFY, PK_ENC, PK_DEC, PK_DERIVE };
enum pk_keyid { K_RSA2048, K_RSA3072, K_P256, K_P384, K_ED25519, K_X25519,
		K_DH2048, K_COUNT };

struct pk_case {
	const char *name;	/* the CSV algorithm column */
	enum pk_keyid k;
	enum pk_kind kind;
	uint32_t alg;		/* NCR_ALG_* */
	uint32_t hash;		/* NCR_ALG_SHA*, 0 for Ed25519 / derive */
};

static const struct pk_case pk_cases[] = {
	{ "rsa2048-pkcs1-sign", K_RSA2048, PK_SIGN, NCR_ALG_RSA_PKCS1, NCR_ALG_SHA256 },
	{ "rsa2048-pkcs1-verify", K_RSA2048, PK_VERIFY, NCR_ALG_RSA_PKCS1, NCR_ALG_SHA256 },
	{ "rsa2048-pss-sign", K_RSA2048, PK_SIGN, NCR_ALG_RSA_PSS, NCR_ALG_SHA256 },
	{ "rsa2048-pss-verify", K_RSA2048, PK_VERIFY, NCR_ALG_RSA_PSS, NCR_ALG_SHA256 },
	{ "rsa3072-pkcs1-sign", K_RSA3072, PK_SIGN, NCR_ALG_RSA_PKCS1, NCR_ALG_SHA256 },
	{ "rsa3072-pkcs1-verify", K_RSA3072, PK_VERIFY, NCR_ALG_RSA_PKCS1, NCR_ALG_SHA256 },
	{ "rsa3072-pss-sign", K_RSA3072, PK_SIGN, NCR_ALG_RSA_PSS, NCR_ALG_SHA256 },
	{ "rsa3072-pss-verify", K_RSA3072, PK_VERIFY, NCR_ALG_RSA_PSS, NCR_ALG_SHA256 },
	{ "rsa2048-oaep-encrypt", K_RSA2048, PK_ENC, NCR_ALG_RSA_OAEP, NCR_ALG_SHA256 },
	{ "rsa2048-oaep-decrypt", K_RSA2048, PK_DEC, NCR_ALG_RSA_OAEP, NCR_ALG_SHA256 },
	{ "ecdsa-p256-sign", K_P256, PK_SIGN, NCR_ALG_ECDSA, NCR_ALG_SHA256 },
	{ "ecdsa-p256-verify", K_P256, PK_VERIFY, NCR_ALG_ECDSA, NCR_ALG_SHA256 },
	{ "ecdsa-p384-sign", K_P384, PK_SIGN, NCR_ALG_ECDSA, NCR_ALG_SHA384 },
	{ "ecdsa-p384-verify", K_P384, PK_VERIFY, NCR_ALG_ECDSA, NCR_ALG_SHA384 },
	{ "ed25519-sign", K_ED25519, PK_SIGN, NCR_ALG_ED25519, 0 },
	{ "ed25519-verify", K_ED25519, PK_VERIFY, NCR_ALG_ED25519, 0 },
	{ "x25519-derive", K_X25519, PK_DERIVE, NCR_ALG_X25519, 0 },
	{ "ecdh-p256-derive", K_P256, PK_DERIVE, NCR_ALG_ECDH, 0 },
	{ "dh-ffdhe2048-derive", K_DH2048, PK_DERIVE, NCR_ALG_DH, 0 },
};
#define PK_NCASES (sizeof(pk_cases) / sizeof(pk_cases[0]))
#define PK_MSG_LEN 32		/* message signed / plaintext encrypted */

static const char *const pk_key_names[K_COUNT] = {
	"rsa-2048", "rsa-3072", "ec-p256", "ec-p384", "ed25519", "x25519",
	"dh-ffdhe2048",
};

struct pk_key {
	EVP_PKEY *pkey;		/* OpenSSL: the key */
	EVP_PKEY *peer;		/* OpenSSL: a peer's key (derive) */
	uint32_t nk;		/* ncr: the same private key, 0 if none */
	uint8_t peer_raw[512];	/* ncr: the peer's raw public value */
	size_t peer_raw_len;
};

static struct pk_key pk_keys[K_COUNT];
static const uint8_t pk_msg[PK_MSG_LEN] = "ncr-bench public-key message..";

/* A job: one case on one interface, everything an application would
 * prepare once done in pk_setup. */
struct pk_job {
	const struct pk_case *c;
	struct pk_key *k;
	int ncr;		/* 1: ncr, 0: OpenSSL */
	struct ncr_pk_params pp;
	EVP_PKEY_CTX *pctx;
	EVP_MD *md;
	EVP_MD_CTX *mctx;
	uint8_t in[1024];	/* signature to verify / ciphertext to decrypt */
	size_t in_len;
	uint8_t out[1024];
	size_t out_len;
};

static EVP_PKEY *pk_ossl_generate(enum pk_keyid k)
{
	EVP_PKEY_CTX *c = NULL;
	EVP_PKEY *pkey = NULL;
	BIO *b;

	switch (k) {
	case K_RSA2048:
	case K_RSA3072:
		b = BIO_new_mem_buf(k == K_RSA2048 ? rsa2048_pem : rsa3072_pem,
				    -1);
		if (b)
			pkey = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
		BIO_free(b);
		return pkey;
	case K_P256:
		return EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	case K_P384:
		return EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
	case K_ED25519:
		return EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	case K_X25519:
		return EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
	case K_DH2048:
		c = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
		if (c && EVP_PKEY_keygen_init(c) > 0 &&
		    EVP_PKEY_CTX_set_group_name(c, "ffdhe2048") > 0)
			EVP_PKEY_generate(c, &pkey);
		EVP_PKEY_CTX_free(c);
		return pkey;
	default:
		return NULL;
	}
}

static uint32_t pk_ncr_type(enum pk_keyid k)
{
	switch (k) {
	case K_RSA2048:
	case K_RSA3072:
		return NCR_KEY_TYPE_RSA;
	case K_P256:
	case K_P384:
		return NCR_KEY_TYPE_EC;
	case K_ED25519:
		return NCR_KEY_TYPE_ED25519;
	case K_X25519:
		return NCR_KEY_TYPE_X25519;
	default:
		return NCR_KEY_TYPE_DH;
	}
}

/* key (and peer) into ncr: the private key as PKCS#8; the peer's SPKI
 * is imported only to read its raw public value back. */
static int pk_ncr_import(enum pk_keyid k)
{
	struct pk_key *pk = &pk_keys[k];
	uint32_t type = pk_ncr_type(k), usage, pub;
	struct ncr_key_policy pol;
	uint64_t algs;
	PKCS8_PRIV_KEY_INFO *p8;
	unsigned char *der = NULL;
	int len, err;

	usage = type == NCR_KEY_TYPE_RSA ?
		NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY |
		NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT :
		type == NCR_KEY_TYPE_EC ?
		NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY |
		NCR_KEY_USAGE_DERIVE :
		type == NCR_KEY_TYPE_ED25519 ?
		NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY :
		NCR_KEY_USAGE_DERIVE;
	/* A usage of two kinds has no default algorithm set: name it. */
	algs = type == NCR_KEY_TYPE_RSA ?
		NCR_KEY_ALG_RSA_PKCS1 | NCR_KEY_ALG_RSA_PSS |
		NCR_KEY_ALG_RSA_OAEP :
		type == NCR_KEY_TYPE_EC ?
		NCR_KEY_ALG_ECDSA | NCR_KEY_ALG_ECDH : 0;
	memset(&pol, 0, sizeof(pol));
	pol.usage = usage;
	pol.algs = algs;
	p8 = EVP_PKEY2PKCS8(pk->pkey);
	len = p8 ? i2d_PKCS8_PRIV_KEY_INFO(p8, &der) : -1;
	PKCS8_PRIV_KEY_INFO_free(p8);
	if (len <= 0) {
		ossl_fail("PKCS#8 encoding");
		return -EINVAL;
	}
	err = ncr_key_import_ex(ncr_fd, type, NCR_KEY_FORMAT_PKCS8, 0, der,
				(size_t)len, &pol, &pk->nk);
	OPENSSL_clear_free(der, (size_t)len);
	if (err) {
		note("error: %s: ncr import of OpenSSL's PKCS#8 key: %s",
		     pk_key_names[k], ncr_strerror(err));
		pk->nk = 0;
		return err;
	}
	if (!pk->peer)
		return 0;
	der = NULL;
	len = i2d_PUBKEY(pk->peer, &der);
	if (len <= 0) {
		ossl_fail("SPKI encoding");
		return -EINVAL;
	}
	err = ncr_key_import_fmt(ncr_fd, type, NCR_KEY_FORMAT_SPKI, 0, der,
				 (size_t)len, NULL, 0, 0,
				 NCR_KEY_USAGE_DERIVE, &pub);
	OPENSSL_free(der);
	if (!err) {
		pk->peer_raw_len = sizeof(pk->peer_raw);
		err = ncr_key_export_fmt(ncr_fd, pub,
					 NCR_KEY_FORMAT_RAW_PUBLIC,
					 pk->peer_raw, &pk->peer_raw_len);
		ncr_key_deinit(ncr_fd, pub);
	}
	if (err) {
		note("error: %s: ncr import of OpenSSL's peer SPKI: %s",
		     pk_key_names[k], ncr_strerror(err));
		ncr_key_deinit(ncr_fd, pk->nk);
		pk->nk = 0;
	}
	return err;
}

/* Makes the keys the selected cases need; returns false on an OpenSSL
 * failure (ncr failures only disable the ncr side of a key). */
static bool pk_keys_setup(unsigned long long pkmask, bool use_ncr)
{
	bool need[K_COUNT] = { false }, peer[K_COUNT] = { false };
	size_t i;
	int k;

	for (i = 0; i < PK_NCASES; i++)
		if (pkmask & (1ULL << i)) {
			need[pk_cases[i].k] = true;
			if (pk_cases[i].kind == PK_DERIVE)
				peer[pk_cases[i].k] = true;
		}
	for (k = 0; k < K_COUNT; k++) {
		if (!need[k])
			continue;
		pk_keys[k].pkey = pk_ossl_generate(k);
		if (peer[k])
			pk_keys[k].peer = pk_ossl_generate(k);
		if (!pk_keys[k].pkey || (peer[k] && !pk_keys[k].peer)) {
			ossl_fail(pk_key_names[k]);
			return false;
		}
		if (use_ncr && pk_ncr_import(k))
			set_status(2);
	}
	return true;
}

static void pk_keys_free(void)
{
	int k;

	for (k = 0; k < K_COUNT; k++) {
		EVP_PKEY_free(pk_keys[k].pkey);
		EVP_PKEY_free(pk_keys[k].peer);
		if (pk_keys[k].nk)
			ncr_key_deinit(ncr_fd, pk_keys[k].nk);
	}
}

static const char *pk_md_name(uint32_t h)
{
	return h == NCR_ALG_SHA384 ? "SHA384" : "SHA256";
}

/* OpenSSL: an EVP_PKEY_CTX initialized for the case, or NULL. */
static EVP_PKEY_CTX *pk_ossl_ctx(const struct pk_case *c, EVP_PKEY *pkey,
				 EVP_PKEY *peer, enum pk_kind kind)
{
	EVP_PKEY_CTX *p = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
	int ok;

	if (!p)
		return NULL;
	switch (kind) {
	case PK_SIGN:
		ok = EVP_PKEY_sign_init(p) > 0;
		break;
	case PK_VERIFY:
		ok = EVP_PKEY_verify_init(p) > 0;
		break;
	case PK_ENC:
		ok = EVP_PKEY_encrypt_init(p) > 0;
		break;
	case PK_DEC:
		ok = EVP_PKEY_decrypt_init(p) > 0;
		break;
	default:
		ok = EVP_PKEY_derive_init(p) > 0 &&
		     EVP_PKEY_derive_set_peer(p, peer) > 0;
		break;
	}
	if (ok && (kind == PK_SIGN || kind == PK_VERIFY))
		ok = EVP_PKEY_CTX_set_signature_md(p, EVP_get_digestbyname(
				pk_md_name(c->hash))) > 0;
	if (ok && c->alg == NCR_ALG_RSA_PSS)
		ok = EVP_PKEY_CTX_set_rsa_padding(p, RSA_PKCS1_PSS_PADDING) > 0 &&
		     EVP_PKEY_CTX_set_rsa_pss_saltlen(p, RSA_PSS_SALTLEN_DIGEST) > 0;
	if (ok && c->alg == NCR_ALG_RSA_OAEP)
		ok = EVP_PKEY_CTX_set_rsa_padding(p, RSA_PKCS1_OAEP_PADDING) > 0 &&
		     EVP_PKEY_CTX_set_rsa_oaep_md(p, EVP_sha256()) > 0 &&
		     EVP_PKEY_CTX_set_rsa_mgf1_md(p, EVP_sha256()) > 0;
	if (!ok) {
		ossl_fail(c->name);
		EVP_PKEY_CTX_free(p);
		return NULL;
	}
	return p;
}

/* The digest OpenSSL's sign/verify take (the message is hashed per op). */
static int pk_digest(struct pk_job *j, uint8_t *md, size_t *mdlen)
{
	unsigned int l = 0;

	if (!EVP_Digest(pk_msg, sizeof(pk_msg), md, &l, j->md, NULL))
		return -EINVAL;
	*mdlen = l;
	return 0;
}

/* One operation; the result (signature, ciphertext, plaintext, secret)
 * in j->out/out_len.  0 or -errno; a failed verification is -EBADMSG. */
static int pk_op(struct pk_job *j)
{
	const struct pk_case *c = j->c;
	uint8_t md[64];
	size_t mdlen;
	uint32_t nk;
	int r;

	j->out_len = sizeof(j->out);
	if (j->ncr) {
		switch (c->kind) {
		case PK_SIGN:
			return ncr_sign(ncr_fd, c->alg, j->k->nk, &j->pp, pk_msg,
					sizeof(pk_msg), j->out, &j->out_len);
		case PK_VERIFY:
			r = ncr_verify(ncr_fd, c->alg, j->k->nk, &j->pp, pk_msg,
				       sizeof(pk_msg), j->in, j->in_len);
			return r == NCR_VERIFY_OK ? 0 : r < 0 ? r : -EBADMSG;
		case PK_ENC:
			return ncr_pk_encrypt(ncr_fd, c->alg, j->k->nk, &j->pp,
					      pk_msg, sizeof(pk_msg), j->out,
					      &j->out_len);
		case PK_DEC:
			return ncr_pk_decrypt(ncr_fd, c->alg, j->k->nk, &j->pp,
					      j->in, j->in_len, j->out,
					      &j->out_len);
		default:
			/* a new key object per agreement, then its deinit */
			r = ncr_key_derive(ncr_fd, c->alg, j->k->nk,
					   j->k->peer_raw, j->k->peer_raw_len,
					   NCR_KEY_TYPE_HMAC, 0,
					   NCR_KEY_USAGE_SIGN, &nk);
			if (!r)
				r = ncr_key_deinit(ncr_fd, nk);
			j->out_len = 0;
			return r;
		}
	}
	switch (c->kind) {
	case PK_SIGN:
		if (c->alg == NCR_ALG_ED25519)
			r = EVP_DigestSignInit_ex(j->mctx, NULL, NULL, NULL,
						  NULL, j->k->pkey, NULL) > 0 &&
			    EVP_DigestSign(j->mctx, j->out, &j->out_len,
					   pk_msg, sizeof(pk_msg)) > 0;
		else
			r = !pk_digest(j, md, &mdlen) &&
			    EVP_PKEY_sign(j->pctx, j->out, &j->out_len, md,
					  mdlen) > 0;
		return r ? 0 : -EINVAL;
	case PK_VERIFY:
		if (c->alg == NCR_ALG_ED25519)
			r = EVP_DigestVerifyInit_ex(j->mctx, NULL, NULL, NULL,
						    NULL, j->k->pkey, NULL) > 0 &&
			    EVP_DigestVerify(j->mctx, j->in, j->in_len,
					     pk_msg, sizeof(pk_msg)) == 1;
		else
			r = !pk_digest(j, md, &mdlen) &&
			    EVP_PKEY_verify(j->pctx, j->in, j->in_len, md,
					    mdlen) == 1;
		return r ? 0 : -EBADMSG;
	case PK_ENC:
		return EVP_PKEY_encrypt(j->pctx, j->out, &j->out_len, pk_msg,
					sizeof(pk_msg)) > 0 ? 0 : -EINVAL;
	case PK_DEC:
		return EVP_PKEY_decrypt(j->pctx, j->out, &j->out_len, j->in,
					j->in_len) > 0 ? 0 : -EBADMSG;
	default:
		return EVP_PKEY_derive(j->pctx, j->out, &j->out_len) > 0 ?
		       0 : -EINVAL;
	}
}

static void pk_teardown(struct pk_job *j)
{
	EVP_PKEY_CTX_free(j->pctx);
	EVP_MD_CTX_free(j->mctx);
	EVP_MD_free(j->md);
	j->pctx = NULL;
	j->mctx = NULL;
	j->md = NULL;
}

static void pk_mismatch(const char *where, const char *what)
{
	note("MISMATCH %s: %s", where, what);
	set_status(1);
}

/*
 * Prepares j and checks it against the other side before timing: a
 * signature ncr makes verifies with OpenSSL and the reverse, ciphertexts
 * decrypt on the other side, the derived secrets are equal.  Returns
 * true if the job can be timed.
 */
static bool pk_setup(struct pk_job *j, const struct pk_case *c, int ncr,
		     const char *where)
{
	struct pk_job other;
	EVP_PKEY_CTX *x = NULL;
	uint8_t buf[1024];
	size_t len = sizeof(buf);
	uint32_t nk;
	bool ok = false;
	int err;

	memset(j, 0, sizeof(*j));
	j->c = c;
	j->k = &pk_keys[c->k];
	j->ncr = ncr;
	j->pp.hash = c->hash;
	if (c->alg == NCR_ALG_RSA_PSS)
		j->pp.salt_size = 32;
	if (ncr && !j->k->nk)
		return false;		/* import failed: noted already */
	if (!ncr) {
		j->md = EVP_MD_fetch(NULL, pk_md_name(c->hash), NULL);
		j->mctx = EVP_MD_CTX_new();
		if (c->alg != NCR_ALG_ED25519)
			j->pctx = pk_ossl_ctx(c, j->k->pkey, j->k->peer,
					      c->kind);
		if (!j->md || !j->mctx ||
		    (c->alg != NCR_ALG_ED25519 && !j->pctx)) {
			note("error: %s: OpenSSL setup", where);
			set_status(2);
			pk_teardown(j);
			return false;
		}
	}
	/* The input of verify/decrypt comes from the other side (from
	 * OpenSSL itself when ncr has no key: a run without the device). */
	if (c->kind == PK_VERIFY || c->kind == PK_DEC) {
		int other_ncr = !ncr && j->k->nk;

		memset(&other, 0, sizeof(other));
		other = *j;
		other.ncr = other_ncr;
		if (!other_ncr) {
			/* OpenSSL makes the input */
			other.md = EVP_MD_fetch(NULL, pk_md_name(c->hash), NULL);
			other.mctx = EVP_MD_CTX_new();
			other.pctx = c->alg == NCR_ALG_ED25519 ? NULL :
				pk_ossl_ctx(c, j->k->pkey, NULL,
					    c->kind == PK_VERIFY ? PK_SIGN :
								   PK_ENC);
		} else {
			other.md = NULL;
			other.mctx = NULL;
			other.pctx = NULL;
		}
		other.c = &(struct pk_case){ c->name, c->k,
			c->kind == PK_VERIFY ? PK_SIGN : PK_ENC, c->alg,
			c->hash };
		err = pk_op(&other);
		if (!err && other.out_len <= sizeof(j->in)) {
			memcpy(j->in, other.out, other.out_len);
			j->in_len = other.out_len;
		} else {
			note("error: %s: making the input on the other side: %s",
			     where, strerror(err ? -err : ERANGE));
			set_status(2);
		}
		if (!other_ncr)
			pk_teardown(&other);
		if (err)
			goto fail;
	}
	err = pk_op(j);
	if (err == -EBADMSG) {
		pk_mismatch(where, c->kind == PK_VERIFY ?
			    "the other side's signature does not verify" :
			    "the other side's ciphertext does not decrypt");
		goto fail;
	}
	if (err) {
		note("error: %s: %s", where, strerror(-err));
		set_status(2);
		goto fail;
	}
	switch (c->kind) {
	case PK_VERIFY:
		ok = true;
		break;
	case PK_DEC:
		ok = j->out_len == sizeof(pk_msg) &&
		     !memcmp(j->out, pk_msg, sizeof(pk_msg));
		if (!ok)
			pk_mismatch(where, "decryption gives another message");
		break;
	case PK_SIGN:
	case PK_ENC:
		if (!ncr) {
			ok = true;	/* checked from the ncr side */
			break;
		}
		/* OpenSSL checks ncr's signature / decrypts its ciphertext */
		if (c->alg == NCR_ALG_ED25519) {
			EVP_MD_CTX *m = EVP_MD_CTX_new();

			ok = m && EVP_DigestVerifyInit_ex(m, NULL, NULL, NULL,
						NULL, j->k->pkey, NULL) > 0 &&
			     EVP_DigestVerify(m, j->out, j->out_len, pk_msg,
					      sizeof(pk_msg)) == 1;
			EVP_MD_CTX_free(m);
		} else if (c->kind == PK_SIGN) {
			uint8_t md[64];
			unsigned int l = 0;

			x = pk_ossl_ctx(c, j->k->pkey, NULL, PK_VERIFY);
			ok = x && EVP_Digest(pk_msg, sizeof(pk_msg), md, &l,
					     EVP_get_digestbyname(
						pk_md_name(c->hash)), NULL) &&
			     EVP_PKEY_verify(x, j->out, j->out_len, md, l) == 1;
		} else {
			x = pk_ossl_ctx(c, j->k->pkey, NULL, PK_DEC);
			ok = x && EVP_PKEY_decrypt(x, buf, &len, j->out,
						   j->out_len) > 0 &&
			     len == sizeof(pk_msg) &&
			     !memcmp(buf, pk_msg, len);
		}
		if (!ok)
			pk_mismatch(where, c->kind == PK_SIGN ?
				    "OpenSSL does not verify ncr's signature" :
				    "OpenSSL does not decrypt ncr's ciphertext");
		break;
	default:	/* derive */
		if (!ncr) {
			ok = true;
			break;
		}
		/* an exportable secret once, compared with OpenSSL's */
		err = ncr_key_derive(ncr_fd, c->alg, j->k->nk, j->k->peer_raw,
				     j->k->peer_raw_len, NCR_KEY_TYPE_HMAC,
				     NCR_KEY_FLAG_EXPORTABLE,
				     NCR_KEY_USAGE_SIGN, &nk);
		if (!err) {
			err = ncr_key_export(ncr_fd, nk, buf, &len);
			ncr_key_deinit(ncr_fd, nk);
		}
		x = pk_ossl_ctx(c, j->k->pkey, j->k->peer, PK_DERIVE);
		j->out_len = sizeof(j->out);
		ok = !err && x && EVP_PKEY_derive(x, j->out, &j->out_len) > 0 &&
		     j->out_len == len && !memcmp(j->out, buf, len);
		if (!ok)
			pk_mismatch(where, err ? ncr_strerror(err) :
				    "the shared secrets differ");
		break;
	}
	EVP_PKEY_CTX_free(x);
	OPENSSL_cleanse(buf, sizeof(buf));
	if (ok)
		return true;
fail:
	pk_teardown(j);
	return false;
}

/* Like timed_loop, for pk_op. */
static int pk_timed(struct pk_job *j, double secs, uint64_t *ops,
		    double *elapsed)
{
	uint64_t n = 0, batch = 1, i;
	double t0, t, last;
	int err;

	t0 = last = now();
	for (;;) {
		for (i = 0; i < batch; i++) {
			err = pk_op(j);
			if (err)
				return err;
		}
		n += batch;
		t = now();
		if (t - t0 >= secs)
			break;
		if (t - last < secs / 200 && batch < (1U << 20))
			batch *= 2;
		last = t;
	}
	*ops = n;
	*elapsed = t - t0;
	return 0;
}

/*
 * Every selected public-key case, ncr and OpenSSL interleaved round by
 * round as for the symmetric cells, best round reported.  Prints the CSV
 * rows (bytes: the message or plaintext length, 0 for derive).
 */
static void pk_run(unsigned long long pkmask, bool do_ncr, bool do_ossl,
		   double secs, int rounds, int *ncells, int *noisy)
{
	size_t ci;

	for (ci = 0; ci < PK_NCASES; ci++) {
		const struct pk_case *c = &pk_cases[ci];
		double best[2] = { -1, -1 }, worst[2] = { -1, -1 };
		char where[2][96];
		struct pk_job jobs[2];
		bool live[2] = { false, false };
		int r, s, i;

		if (!(pkmask & (1ULL << ci)))
			continue;
		for (i = 0; i < 2; i++) {
			snprintf(where[i], sizeof(where[i]), "%s %s",
				 i ? "openssl" : "ncr-once", c->name);
			if (i ? do_ossl : do_ncr)
				live[i] = pk_setup(&jobs[i], c, !i, where[i]);
		}
		for (r = 0; r < rounds; r++) {
			for (s = 0; s < 2; s++) {
				uint64_t ops = 0, w = 0;
				double el = 0, wel = 0, v;
				int err;

				i = (s + r) % 2;
				if (!live[i])
					continue;
				err = pk_timed(&jobs[i], secs / rounds / 10,
					       &w, &wel);
				if (!err)
					err = pk_timed(&jobs[i], secs / rounds,
						       &ops, &el);
				if (err) {
					note("error: %s: %s", where[i],
					     strerror(-err));
					set_status(2);
					pk_teardown(&jobs[i]);
					live[i] = false;
					best[i] = -1;
					continue;
				}
				v = (double)ops / el;
				if (v > best[i])
					best[i] = v;
				if (worst[i] < 0 || v < worst[i])
					worst[i] = v;
			}
		}
		for (i = 0; i < 2; i++) {
			if (!live[i])
				continue;
			pk_teardown(&jobs[i]);
			if (best[i] <= 0)
				continue;
			(*ncells)++;
			if (worst[i] < best[i] * 0.75)
				(*noisy)++;
			printf("%s,%s,%d,%.1f,%.3f\n",
			       i ? "openssl" : "ncr-once", c->name,
			       c->kind == PK_DERIVE ? 0 : PK_MSG_LEN, best[i],
			       c->kind == PK_DERIVE ? 0.0 :
			       best[i] * PK_MSG_LEN / 1e6);
		}
		fflush(stdout);
	}
}

/* ------------------------------------------------------------------ */
/* command line                                                         */

static void usage(FILE *f)
{
	fprintf(f,
"Usage: ncr-bench [--time SECS] [--quick] [--interfaces LIST] [--algs LIST]\n"
"                 [--sizes LIST]\n"
"  --time SECS        timed run per cell (default 0.3), split into rounds\n"
"  --rounds N         rounds per cell (default 5): the interfaces take turns\n"
"                     and the best round is reported; each round has a\n"
"                     warm-up of 1/10 of its time\n"
"  --quick            smoke run: --time 0.02\n"
"  --interfaces LIST  comma list of: ncr-once,ncr-session,af_alg,openssl\n"
"  --algs LIST        comma list of: aes-128-cbc,aes-256-gcm,sha256,hmac-sha256\n"
"  --sizes LIST       comma list of byte counts (default\n"
"                     16,64,256,1024,4096,16384,65536; CBC needs multiples of 16)\n"
"  --pk-algs LIST     public-key cases (default all; 'none' skips them):\n"
"                     rsa2048-pkcs1-sign, ...-verify, rsa2048-pss-*, rsa3072-*,\n"
"                     rsa2048-oaep-encrypt, ...-decrypt, ecdsa-p256-*,\n"
"                     ecdsa-p384-*, ed25519-*, x25519-derive, ecdh-p256-derive,\n"
"                     dh-ffdhe2048-derive (a '*' suffix selects a group)\n"
"  --pk-time SECS     timed run per public-key cell (default: 10/3 x --time),\n"
"                     in at most 3 rounds\n"
"CSV on stdout, notes on stderr.  Exit: 0 ok, 1 output mismatch, 2 error.\n");
}

/* Parses a comma list of names into a bit mask; -1 on an unknown name. */
static int parse_names(const char *arg, const char *const *names, int n,
		       unsigned int *mask)
{
	char *dup = strdup(arg), *save = NULL, *tok;
	int i, ok = 1;

	if (!dup)
		return -1;
	*mask = 0;
	for (tok = strtok_r(dup, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < n; i++)
			if (!strcmp(tok, names[i]))
				break;
		if (i == n) {
			fprintf(stderr, "ncr-bench: unknown name '%s'\n", tok);
			ok = 0;
			break;
		}
		*mask |= 1U << i;
	}
	free(dup);
	return ok && *mask ? 0 : -1;
}

/* Public-key case names; "none", or a prefix ending in '*'. */
static int parse_pk_names(const char *arg, unsigned long long *mask)
{
	char *dup = strdup(arg), *save = NULL, *tok;
	size_t i, l;
	int ok = 1;

	if (!dup)
		return -1;
	*mask = 0;
	if (!strcmp(arg, "none")) {
		free(dup);
		return 0;
	}
	for (tok = strtok_r(dup, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		unsigned long long m = 0;

		l = strlen(tok);
		for (i = 0; i < PK_NCASES; i++)
			if (l && tok[l - 1] == '*' ?
			    !strncmp(tok, pk_cases[i].name, l - 1) :
			    !strcmp(tok, pk_cases[i].name))
				m |= 1ULL << i;
		if (!m) {
			fprintf(stderr, "ncr-bench: unknown public-key case "
				"'%s'\n", tok);
			ok = 0;
			break;
		}
		*mask |= m;
	}
	free(dup);
	return ok && *mask ? 0 : -1;
}

static int parse_sizes(const char *arg, size_t *sizes, size_t *n)
{
	char *dup = strdup(arg), *save = NULL, *tok, *end;
	int ok = 1;

	if (!dup)
		return -1;
	*n = 0;
	for (tok = strtok_r(dup, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		unsigned long v = strtoul(tok, &end, 10);

		if (*end || !v || v > MAX_BYTES || *n == MAX_SIZES) {
			fprintf(stderr, "ncr-bench: bad size '%s'\n", tok);
			ok = 0;
			break;
		}
		sizes[(*n)++] = v;
	}
	free(dup);
	return ok && *n ? 0 : -1;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "time", required_argument, NULL, 't' },
		{ "quick", no_argument, NULL, 'q' },
		{ "interfaces", required_argument, NULL, 'i' },
		{ "algs", required_argument, NULL, 'a' },
		{ "sizes", required_argument, NULL, 's' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "pk-algs", required_argument, NULL, 'p' },
		{ "pk-time", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned int ifmask = (1U << IF_COUNT) - 1, amask = (1U << A_COUNT) - 1;
	size_t sizes[MAX_SIZES], nsizes = 0, si, maxlen = 0, bufsize;
	static double best[A_COUNT][MAX_SIZES][IF_COUNT];
	static double worst[A_COUNT][MAX_SIZES][IF_COUNT];
	double secs = 0.3, pk_secs = 0;
	int rounds = 5, ncells = 0, noisy = 0;
	unsigned long long pkmask = (1ULL << PK_NCASES) - 1;
	struct utsname un;
	char *end;
	int c, i, a;
	bool need_ncr;

	memcpy(sizes, default_sizes, sizeof(default_sizes));
	nsizes = sizeof(default_sizes) / sizeof(default_sizes[0]);
	while ((c = getopt_long(argc, argv, "t:qi:a:s:r:p:P:h", lo, NULL)) !=
	       -1) {
		switch (c) {
		case 't':
			secs = strtod(optarg, &end);
			if (*end || !(secs > 0) || secs > 3600) {
				fprintf(stderr, "ncr-bench: bad --time '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'q':
			secs = 0.02;
			break;
		case 'i':
			if (parse_names(optarg, iface_names, IF_COUNT, &ifmask))
				return 2;
			break;
		case 'a':
			if (parse_names(optarg, alg_names, A_COUNT, &amask))
				return 2;
			break;
		case 's':
			if (parse_sizes(optarg, sizes, &nsizes))
				return 2;
			break;
		case 'r':
			rounds = (int)strtol(optarg, &end, 10);
			if (*end || rounds < 1 || rounds > 100) {
				fprintf(stderr, "ncr-bench: bad --rounds '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'p':
			if (parse_pk_names(optarg, &pkmask))
				return 2;
			break;
		case 'P':
			pk_secs = strtod(optarg, &end);
			if (*end || !(pk_secs > 0) || pk_secs > 3600) {
				fprintf(stderr, "ncr-bench: bad --pk-time '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	for (si = 0; si < nsizes; si++) {
		if ((amask & (1U << A_CBC)) && sizes[si] % 16) {
			fprintf(stderr, "ncr-bench: size %zu: aes-128-cbc "
				"needs a multiple of 16\n", sizes[si]);
			return 2;
		}
		if (sizes[si] > maxlen)
			maxlen = sizes[si];
	}

	/* Buffers sized for the largest cell (a multiple of 64 for
	 * aligned_alloc), each touched once so that no page fault lands in
	 * a timed loop. */
	bufsize = (maxlen + 64 + 63) & ~(size_t)63;
	inbuf = aligned_alloc(64, bufsize);
	refbuf = aligned_alloc(64, bufsize);
	if (!inbuf || !refbuf) {
		fprintf(stderr, "ncr-bench: out of memory\n");
		return 2;
	}
	for (si = 0; si < bufsize; si++)
		inbuf[si] = (uint8_t)(si * 131 + 7);
	memset(refbuf, 0, bufsize);
	for (i = 0; i < IF_COUNT; i++) {
		outbufs[i] = aligned_alloc(64, bufsize);
		if (!outbufs[i]) {
			fprintf(stderr, "ncr-bench: out of memory\n");
			return 2;
		}
		memset(outbufs[i], 0, bufsize);
	}

	if (uname(&un) == 0)
		note("kernel %s %s, OpenSSL %s, %g s per cell in %d rounds",
		     un.release, un.machine, OpenSSL_version(OPENSSL_VERSION),
		     secs, rounds);

	need_ncr = ifmask & ((1U << IF_ONCE) | (1U << IF_SESSION));
	ncr_fd = ncr_open();
	if (ncr_fd < 0) {
		note("%s: /dev/crypto: %s", need_ncr ? "error" : "note",
		     ncr_strerror(ncr_fd));
		if (need_ncr) {
			note("error: ncr interfaces skipped");
			set_status(2);
			ifmask &= ~((1U << IF_ONCE) | (1U << IF_SESSION));
		}
		if (RAND_bytes(key_aes128, sizeof(key_aes128)) != 1 ||
		    RAND_bytes(key_aes256, sizeof(key_aes256)) != 1 ||
		    RAND_bytes(key_hmac, sizeof(key_hmac)) != 1) {
			ossl_fail("RAND_bytes");
			return 2;
		}
	} else {
		if (ncr_keys())
			return 2;
		ncr_drivers();
	}
	if (amask & (1U << A_GCM))
		note("ncr-session aes-256-gcm: init+update+final per op (an "
		     "AEAD session buffers the message until final)");
	note("ncr-session aes-128-cbc/sha256/hmac-sha256: one update per op "
	     "on one long-lived session");

	for (a = 0; a < A_COUNT; a++) {
		if (!(amask & (1U << a)))
			continue;
		for (si = 0; si < nsizes; si++) {
			run_cells(ifmask, a, sizes[si], secs, rounds,
				  best[a][si], worst[a][si]);
			for (i = 0; i < IF_COUNT; i++) {
				if (best[a][si][i] <= 0)
					continue;
				ncells++;
				if (worst[a][si][i] < best[a][si][i] * 0.75)
					noisy++;
			}
		}
	}

	/* Rows grouped by interface, then algorithm, then size. */
	printf("interface,algorithm,bytes,ops_per_s,mb_per_s\n");
	for (i = 0; i < IF_COUNT; i++)
		for (a = 0; a < A_COUNT; a++)
			for (si = 0; si < nsizes; si++) {
				double v = best[a][si][i];

				if (!(amask & (1U << a)) || v <= 0)
					continue;
				printf("%s,%s,%zu,%.1f,%.3f\n", iface_names[i],
				       alg_names[a], sizes[si], v,
				       v * (double)sizes[si] / 1e6);
			}
	fflush(stdout);

	/* Public key: after the symmetric rows, in the same CSV. */
	if (pkmask && (ifmask & ((1U << IF_ONCE) | (1U << IF_OPENSSL)))) {
		bool do_ncr = (ifmask & (1U << IF_ONCE)) && ncr_fd >= 0;

		/* A public-key operation under TCG takes up to ~0.2 s
		 * (RSA-3072 signing): longer cells and at most 3 rounds,
		 * so that a round holds more than one operation. */
		if (!pk_secs)
			pk_secs = secs * 10 / 3;
		note("public key: ncr-once = libncr, one NCRIO_SESSION_ONCE "
		     "per sign/verify/encrypt/decrypt, KEY_DERIVE + "
		     "KEY_DEINIT per derive; openssl = EVP_PKEY in process; "
		     "%g s per cell", pk_secs);
		if (pk_keys_setup(pkmask, do_ncr))
			pk_run(pkmask, do_ncr, ifmask & (1U << IF_OPENSSL),
			       pk_secs, rounds < 3 ? rounds : 3, &ncells,
			       &noisy);
		else
			set_status(2);
		pk_keys_free();
	}
	if (rounds > 1)
		note("%d of %d cells had a round more than 25%% slower than "
		     "their best%s", noisy, ncells,
		     noisy * 5 > ncells ? " (busy host? the best round is "
		     "reported)" : "");

	if (ncr_fd >= 0)
		ncr_close(ncr_fd);
	free(inbuf);
	free(refbuf);
	for (i = 0; i < IF_COUNT; i++)
		free(outbufs[i]);
	if (status == 1)
		note("MISMATCH: some interface disagreed with OpenSSL");
	return status;
}
