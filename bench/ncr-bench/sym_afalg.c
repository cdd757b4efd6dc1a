// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sym_afalg.c - the af_alg interface of the symmetric matrix: the kernel's
 * AF_ALG sockets, sendmsg (with the operation, IV and AAD length as
 * control messages) and read for ciphers and AEADs, write and read for
 * hashes and MACs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/if_alg.h>

#include "bench.h"

#ifndef SOL_ALG
#define SOL_ALG 279
#endif

/* ---- AF_ALG ------------------------------------------------------ */

static void afalg_close(struct job *j)
{
	if (j->opfd >= 0)
		close(j->opfd);
	if (j->tfmfd >= 0)
		close(j->tfmfd);
	j->opfd = j->tfmfd = -1;
}

/* The kernel's names of each algorithm: socket type, algorithm. */
static const char *const afalg_names[A_COUNT][2] = {
	[A_CBC] = { "skcipher", "cbc(aes)" },
	[A_GCM] = { "aead", "gcm(aes)" },
	[A_SHA] = { "hash", "sha256" },
	[A_HMAC] = { "hash", "hmac(sha256)" },
};

static int afalg_setup(struct job *j)
{
	struct sockaddr_alg sa = { .salg_family = AF_ALG };
	const struct sym_alg *p = &sym_algs[j->alg];
	const void *key = p->key;
	size_t keylen = p->key_len;
	struct cmsghdr *cm;
	struct af_alg_iv *aiv;
	const uint8_t *iv = p->iv;
	uint32_t ivlen = p->iv_len;
	int err;

	strcpy((char *)sa.salg_type, afalg_names[j->alg][0]);
	strcpy((char *)sa.salg_name, afalg_names[j->alg][1]);
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

const struct iface_ops iface_afalg = {
	afalg_setup, afalg_op, NULL, afalg_teardown, true, NULL
};
