// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/failnth/batch.c - the fail-nth steps of NCRIO_BATCH: a mixed batch
 * (one-shot ciphers that share a kept session, a digest, a MAC, an AEAD,
 * an update and a final of a session set up unarmed) and a batch of
 * one-shot AES-CBC with NCR_SESSION_FLAG_HARDWARE, which on the debug bed
 * (virtio-crypto) goes to the asynchronous driver (kernel/areq.c).  A step
 * returns the ioctl's error or else the first element's, so every failure
 * an injected fault causes is checked against the documented errnos.
 */
#include <errno.h>
#include <string.h>
#include "failnth.h"
#include "ncr.h"

#define PTR64(p) ((__u64)(uintptr_t)(p))

static struct ncr_batch_op ops[12];
static unsigned int done;	/* elements the last batch ran */
static uint8_t bout[12][256];

static void once_el(struct ncr_batch_op *e, uint32_t flags, uint32_t alg,
		    uint32_t op, uint32_t key, size_t iv_len, size_t len,
		    uint8_t *o)
{
	memset(e, 0, sizeof(*e));
	e->type = NCR_BATCH_OP_ONCE;
	e->once.size = sizeof(e->once);
	e->once.flags = flags;
	e->once.algorithm = alg;
	e->once.op = op;
	e->once.key = key;
	e->once.iv = iv_len ? PTR64(iv) : 0;
	e->once.iv_size = iv_len;
	e->once.input = PTR64(in);
	e->once.input_size = len;
	if (op == NCR_OP_ENCRYPT) {
		e->once.output = PTR64(o);
		e->once.output_size = 256;
	}
	if (alg == NCR_ALG_AES_GCM || op == NCR_OP_SIGN) {
		e->once.tag = PTR64(tag);
		e->once.tag_size = alg == NCR_ALG_AES_GCM ? 16 : 64;
	}
}

static int run(unsigned int n, uint32_t flags)
{
	struct ncr_batch b = {
		.size = sizeof(b), .flags = flags, .ops = PTR64(ops),
		.op_size = sizeof(ops[0]), .count = n,
	};
	unsigned int i;
	int r = xioctl(fd, NCRIO_BATCH, &b);

	done = b.done;	/* also after EINTR or EFAULT */
	if (r)
		return r;
	for (i = 0; i < b.done; i++)
		if (ops[i].error)
			return ops[i].error;
	return b.done == n ? 0 : -EPROTO;
}

int s_batch_mixed(struct ctx *c)
{
	unsigned int i, n = 0;
	int r;

	for (i = 0; i < 4; i++)
		once_el(&ops[n++], 0, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, c->aes,
			16, 64, bout[i]);
	once_el(&ops[n++], 0, NCR_ALG_SHA256, NCR_OP_SIGN, 0, 0, 100, NULL);
	once_el(&ops[n++], 0, NCR_ALG_HMAC_SHA256, NCR_OP_SIGN, c->hmac, 0,
		100, NULL);
	once_el(&ops[n++], 0, NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, c->aes, 12,
		64, bout[6]);
	if (c->ses) {
		for (i = 0; i < 2; i++) {
			struct ncr_batch_op *e = &ops[n++];

			memset(e, 0, sizeof(*e));
			e->type = i ? NCR_BATCH_OP_FINAL : NCR_BATCH_OP_UPDATE;
			e->op.size = sizeof(e->op);
			e->op.ses = c->ses;
			e->op.input = PTR64(in);
			e->op.input_size = 32;
			e->op.output = PTR64(bout[7 + i]);
			e->op.output_size = 256;
		}
	}
	r = run(n, 0);
	/* the final ran (anything but ERANGE frees): the session is gone */
	if (c->ses && done == n && ops[n - 1].error != -ERANGE)
		c->ses = 0;
	return r;
}

int s_batch_hw(struct ctx *c)
{
	unsigned int i;
	int r;

	(void)c;
	for (i = 0; i < 8; i++)
		once_el(&ops[i], NCR_SESSION_FLAG_HARDWARE, NCR_ALG_AES_CBC,
			NCR_OP_ENCRYPT, c->aes, 16, 256, bout[i]);
	r = run(8, 0);
	/* no hardware driver for AES-CBC in this kernel: nothing to test */
	return r == -EOPNOTSUPP ? 0 : r;
}
