// SPDX-License-Identifier: GPL-2.0
/*
 * session_cipher.c - the cipher engine of sessions: block and stream modes
 * (CBC, CTR, ChaCha20, ...), through the bounce buffer or, for large
 * requests, on the caller's pinned pages.  Under s->lock (session.h).
 */
#include <linux/uaccess.h>
#include <linux/sched/signal.h>
#include "session.h"

static void ncr_be128_add(u8 *ctr, u64 n)
{
	int i;

	for (i = 15; i >= 0 && n; i--) {
		n += ctr[i];
		ctr[i] = (u8)n;
		n >>= 8;
	}
}

/*
 * Runs the cipher from src to dst (len bytes) with the session IV, then
 * computes the next IV ourselves (drivers differ in what they leave in
 * req->iv): CBC - the last ciphertext block; CTR - counter + blocks;
 * ChaCha20 - 32-bit LE block counter + blocks.
 */
int ncr_cipher_sg(struct ncr_session *s, struct scatterlist *src,
		  unsigned int snents, struct scatterlist *dst,
		  unsigned int dnents, u32 len)
{
	struct skcipher_request *req = s->ob->state;
	u8 *iv = ncr_ob_iv(s->ob, 16);
	const struct ncr_alg *alg = s->alg;
	bool enc = s->op == NCR_OP_ENCRYPT;
	bool cbc = alg->id == NCR_ALG_AES_CBC || alg->id == NCR_ALG_DES3_CBC;
	u8 next[16];
	DECLARE_CRYPTO_WAIT(wait);
	int err;

	if (!len)
		return 0;

	/* the last run of a one-shot message: no next IV to compute */
	if (s->last_run)
		cbc = false;
	if (cbc && !enc)
		sg_pcopy_to_buffer(src, snents, next, alg->block,
				   len - alg->block);
	memcpy(iv, s->iv, s->iv_len);
	skcipher_request_set_tfm(req, s->tfm.sk);
	skcipher_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP |
				      CRYPTO_TFM_REQ_MAY_BACKLOG,
				      crypto_req_done, &wait);
	skcipher_request_set_crypt(req, src, dst, len, s->iv_len ? iv : NULL);
	err = crypto_wait_req(enc ? crypto_skcipher_encrypt(req) :
			      crypto_skcipher_decrypt(req), &wait);
	if (err)
		return err == -ENOMEM ? err : -EINVAL;
	if (s->last_run)
		return 0;

	switch (alg->id) {
	case NCR_ALG_AES_CBC:
	case NCR_ALG_DES3_CBC:
		if (enc)
			sg_pcopy_to_buffer(dst, dnents, s->iv, alg->block,
					   len - alg->block);
		else
			memcpy(s->iv, next, alg->block);
		break;
	case NCR_ALG_AES_CTR:
		ncr_be128_add(s->iv, len / 16);
		break;
	case NCR_ALG_CHACHA20: {
		u32 c = ncr_get_le32(s->iv) + len / 64;

		ncr_put_le32(s->iv, c);
		break;
	}
	}
	if (cbc && !enc)
		memzero_explicit(next, sizeof(next));
	return 0;
}

/* In place over the bounce buffer. */
static int ncr_cipher_run(struct ncr_session *s, u8 *buf, u32 len)
{
	struct scatterlist sg;

	sg_init_one(&sg, buf, len);
	return ncr_cipher_sg(s, &sg, 1, &sg, 1, len);
}

static int ncr_cipher_zc(struct ncr_session *s, const u8 __user *in,
			 u8 __user *out, u64 len, bool *touched)
{
	struct ncr_zc *zi = (struct ncr_zc *)s->ob->buf, *zo = zi + 1;
	u32 bs = s->alg->block;
	u64 pos = 0;
	int err = 0;

	while (pos < len) {
		u32 n = min_t(u64, len - pos, NCR_ZC_WINDOW);

		if (pos + n < len)
			n -= n % bs;
		err = ncr_zc_pin(zi, in + pos, n, false);
		if (err)
			break;
		err = ncr_zc_pin(zo, out + pos, n, true);
		if (err) {
			ncr_zc_unpin(zi, false);
			break;
		}
		*touched = true;
		err = ncr_cipher_sg(s, zi->sg, zi->n, zo->sg, zo->n, n);
		ncr_zc_unpin(zi, false);
		ncr_zc_unpin(zo, true);
		if (err)
			break;
		pos += n;
		if (pos < len) {
			if (fatal_signal_pending(current)) {
				err = -EINTR;
				break;
			}
			cond_resched();
		}
	}
	return err;
}

/*
 * Block/stream cipher update.  The data seen by the cipher is
 * V = carry || in[0..inlen - tail), processed in chunks and written to
 * out[0..|V|).  Writing out[j] may overwrite in[j] when the caller works
 * in place, and in[j] is V[j + carry]: so each chunk reads carry bytes
 * ahead before it writes.  The new tail is read first for the same reason.
 */
int ncr_cipher_update(struct ncr_session *s, const u8 __user *in,
		      u64 inlen, u8 __user *out, u64 *outlen,
		      bool final)
{
	u32 bs = s->alg->block, c0 = s->carry_len, have, tail;
	u8 *buf = s->ob->buf;
	u64 total = c0 + inlen, produce, pos = 0, rd = 0;
	bool touched = false;	/* IV advanced or output written */
	u8 newtail[64];
	int err = 0;

	if (total < inlen)
		return -EINVAL;
	if (!final) {
		produce = total - total % bs;
	} else if (s->alg->stream) {
		produce = total;
	} else {
		if (total % bs)
			return -EINVAL;
		produce = total;
	}
	if (*outlen < produce) {
		*outlen = produce;
		return -ERANGE;
	}
	tail = total - produce;		/* < bs, and <= inlen when nonzero */
	if (tail > inlen)
		tail = 0;	/* the carry alone, nothing new: kept */
	if (tail && copy_from_user(newtail, in + inlen - tail, tail))
		return -EFAULT;

	if (!c0 && !s->no_zc && ncr_zerocopy_min &&
	    produce >= ncr_zerocopy_min) {
		err = ncr_cipher_zc(s, in, out, produce, &touched);
		if (err)
			goto fail;
		pos = produce;
	}

	memcpy(ncr_ob_data(s->ob, c0), s->carry, c0);
	have = c0;
	while (pos < produce) {
		u32 n = min_t(u64, NCR_COPY_BOUND, produce - pos);
		u64 want = min_t(u64, pos + n + c0, produce) - pos;

		if (want > have) {
			if (copy_from_user(buf + have, in + rd, want - have)) {
				err = -EFAULT;
				goto fail;
			}
			rd += want - have;
			have = want;
			ncr_ob_data(s->ob, have);
		}
		touched = true;
		s->last_run = s->oneshot && final && pos + n == produce;
		err = ncr_cipher_run(s, buf, n);
		s->last_run = false;
		if (err)
			goto fail;
		if (copy_to_user(out + pos, buf, n)) {
			err = -EFAULT;
			goto fail;
		}
		have -= n;
		memmove(buf, buf + n, have);
		pos += n;
		if (fatal_signal_pending(current)) {
			err = -EINTR;
			goto fail;
		}
		cond_resched();
	}
	if (produce) {
		memcpy(s->carry, newtail, tail);
		s->carry_len = tail;
		s->carry_used |= tail != 0;
	} else {
		/* nothing processed: the input joins the carry */
		if (copy_from_user(s->carry + c0, in, inlen))
			return -EFAULT;
		s->carry_len = c0 + inlen;
		s->carry_used |= s->carry_len != 0;
	}
	*outlen = produce;
	if (tail)
		memzero_explicit(newtail, tail);
	return 0;

fail:
	s->failed = touched;	/* else the session is as it was */
	if (tail)
		memzero_explicit(newtail, tail);
	return err;
}
