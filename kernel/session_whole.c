// SPDX-License-Identifier: GPL-2.0
/*
 * session_whole.c - whole-message algorithms of sessions (AEAD, XTS): the
 * message is gathered in the bounce buffer or a page list and processed
 * at the final step; one-shot AEAD encryption may run on the caller's
 * pinned pages.  Under s->lock (session.h).
 */
#include <linux/mm.h>
#include <linux/uaccess.h>
#include "session.h"

/*
 * Runs over sg holding aad || data (|| tag for decryption) in place.
 * Returns -EBADMSG on a tag mismatch.
 */
static int ncr_whole_run(struct ncr_session *s, struct scatterlist *src,
			 struct scatterlist *dst, u32 aad_len, u32 data_len)
{
	bool enc = s->op == NCR_OP_ENCRYPT;
	u8 *iv = ncr_ob_iv(s->ob, 16);
	DECLARE_CRYPTO_WAIT(wait);
	int err;

	memset(iv, 0, 16);
	if (s->alg->id == NCR_ALG_AES_CCM) {
		/* RFC 3610 layout: flags byte L' = L - 1, then the nonce */
		iv[0] = 15 - s->iv_len - 1;
		memcpy(iv + 1, s->iv, s->iv_len);
	} else {
		memcpy(iv, s->iv, s->iv_len);
	}

	if (s->alg->kind == NCR_KIND_AEAD) {
		struct aead_request *req = s->ob->state;

		aead_request_set_tfm(req, s->tfm.aead);
		aead_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP |
					  CRYPTO_TFM_REQ_MAY_BACKLOG,
					  crypto_req_done, &wait);
		aead_request_set_ad(req, aad_len);
		aead_request_set_crypt(req, src, dst, enc ? data_len :
				       data_len + s->tag_size, iv);
		err = crypto_wait_req(enc ? crypto_aead_encrypt(req) :
				      crypto_aead_decrypt(req), &wait);
		if (err == -EBADMSG || err == -ENOMEM)
			return err;
		return err ? -EINVAL : 0;
	} else {
		struct skcipher_request *req = s->ob->state;

		if (data_len < 16)
			return -EINVAL;
		skcipher_request_set_tfm(req, s->tfm.sk);
		skcipher_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP |
					      CRYPTO_TFM_REQ_MAY_BACKLOG,
					      crypto_req_done, &wait);
		skcipher_request_set_crypt(req, src, dst, data_len, iv);
		err = crypto_wait_req(enc ? crypto_skcipher_encrypt(req) :
				      crypto_skcipher_decrypt(req), &wait);
		return err == -ENOMEM ? err : (err ? -EINVAL : 0);
	}
}

/*
 * Whole-message input is gathered in the bounce buffer while it fits (with
 * room for a tag), so small AEAD/XTS messages allocate nothing; past that
 * it spills into a page list.  Exactly one of the two holds data.
 */
#define NCR_WHOLE_BOUNCE_MAX	(NCR_COPY_BOUND - NCR_MAX_TAG)

/* Whole-message update: gather input (or AAD). */
int ncr_whole_update(struct ncr_session *s, const u8 __user *in,
		     u64 inlen, bool aad)
{
	u64 total;
	int err;

	if (aad) {
		if (s->data_seen || s->alg->kind != NCR_KIND_AEAD)
			return -EINVAL;
	}
	/* inlen is the caller's u64: the sum must not wrap (it did once) */
	if (check_add_overflow(ncr_whole_len(s), inlen, &total) ||
	    total > U32_MAX - NCR_MAX_TAG)
		return -EDQUOT;
	/* on failure the lengths are unchanged: nothing consumed */
	if (!s->big.len && s->blen + inlen <= NCR_WHOLE_BOUNCE_MAX) {
		u8 *buf = ncr_ob_data(s->ob, s->blen + inlen);

		if (copy_from_user(buf + s->blen, in, inlen))
			return -EFAULT;
		s->blen += inlen;
	} else {
		if (s->blen) {
			err = ncr_bigbuf_append(s->ns, &s->big, s->ob->buf,
						s->blen);
			if (err)
				return err;
			s->blen = 0;
		}
		err = ncr_bigbuf_append_user(s->ns, &s->big, in, inlen);
		if (err)
			return err;
	}
	if (aad)
		s->aad_len += inlen;
	else if (inlen)
		s->data_seen = true;
	return 0;
}

/* The final step over a message held in the bounce buffer. */
static int ncr_whole_final_bounce(struct ncr_session *s, u8 __user *out,
				  u8 __user *tag, u32 data_len)
{
	bool aead = s->alg->kind == NCR_KIND_AEAD;
	bool enc = s->op == NCR_OP_ENCRYPT;
	u32 tl = aead ? s->tag_size : 0;
	u8 *buf = ncr_ob_data(s->ob, s->blen + tl);
	struct scatterlist sg;
	int err;

	if (aead && !enc && copy_from_user(buf + s->blen, tag, tl))
		return -EFAULT;
	sg_init_one(&sg, buf, s->blen + tl);
	err = ncr_whole_run(s, &sg, &sg, s->aad_len, data_len);
	if (err)
		return err;
	if (copy_to_user(out, buf + s->aad_len, data_len))
		return -EFAULT;
	if (aead && enc && copy_to_user(tag, buf + s->blen, tl))
		return -EFAULT;
	return 0;
}

/* The final step over a message held in the page list. */
static int ncr_whole_final_big(struct ncr_session *s, u8 __user *out,
			       u8 __user *tag, u32 data_len)
{
	bool aead = s->alg->kind == NCR_KIND_AEAD;
	bool enc = s->op == NCR_OP_ENCRYPT;
	u8 *tbuf = ncr_ob_data(s->ob, NCR_MAX_TAG);	/* bounce is unused */
	struct sg_table t;
	int err;

	if (aead && !enc) {
		if (copy_from_user(tbuf, tag, s->tag_size))
			return -EFAULT;
		err = ncr_bigbuf_append(s->ns, &s->big, tbuf, s->tag_size);
	} else {
		err = ncr_bigbuf_extend(s->ns, &s->big, aead ? s->tag_size : 0);
	}
	if (err)
		return err;
	err = ncr_bigbuf_sg(&s->big, &t);
	if (err)
		return err;
	err = ncr_whole_run(s, t.sgl, t.sgl, s->aad_len, data_len);
	sg_free_table(&t);
	if (err)
		return err;
	err = ncr_bigbuf_copy_to_user(&s->big, s->aad_len, out, data_len);
	if (!err && aead && enc) {
		ncr_bigbuf_copy_out(&s->big, s->aad_len + data_len, tbuf,
				    s->tag_size);
		if (copy_to_user(tag, tbuf, s->tag_size))
			err = -EFAULT;
	}
	return err;
}

/*
 * Finishes a whole-message operation (aad_len bytes of AAD, then data).
 * out/outlen get the data; tag/tag_len the AEAD tag.
 */
int ncr_whole_final(struct ncr_session *s, u8 __user *out,
		    u64 *outlen, u8 __user *tag, u32 *tag_len)
{
	bool aead = s->alg->kind == NCR_KIND_AEAD;
	bool enc = s->op == NCR_OP_ENCRYPT;
	u32 data_len = ncr_whole_len(s) - s->aad_len;
	int err;

	/* output and tag room were checked by ncr_final_room() */
	if (aead && !enc && *tag_len != s->tag_size)
		return -EBADMSG;
	if (s->big.len)
		err = ncr_whole_final_big(s, out, tag, data_len);
	else
		err = ncr_whole_final_bounce(s, out, tag, data_len);
	if (err)
		return err;
	if (aead && enc)
		*tag_len = s->tag_size;
	*outlen = data_len;
	return 0;
}

/*
 * One-shot AEAD encryption on the caller's pinned pages (see
 * ncr_cipher_zc): the AAD and the tag go through the bounce buffer, the
 * data does not.  The whole message must be pinned at once, so this serves
 * messages up to NCR_ZC_AEAD_MAX; larger ones are gathered in a page list.
 * Decryption never takes this path: the kernel writes plaintext before it
 * checks the tag, and ncr.h promises that a failed check leaves the output
 * buffer untouched.
 */
#define NCR_ZC_AEAD_PAGES	64
#define NCR_ZC_AEAD_MAX		((NCR_ZC_AEAD_PAGES - 1) * PAGE_SIZE)
#define NCR_ZC_AAD_MAX		4096

struct ncr_zc_aead {
	/* user data first: only this part needs wiping afterwards */
	u8 aad[NCR_ZC_AAD_MAX];		/* source AAD */
	u8 aad_out[NCR_ZC_AAD_MAX];	/* room the API wants in dst */
	u8 tag[NCR_MAX_TAG];		/* public: the tag */
	struct page *ipages[NCR_ZC_AEAD_PAGES];
	struct page *opages[NCR_ZC_AEAD_PAGES];
	struct scatterlist isg[NCR_ZC_AEAD_PAGES + 1];
	struct scatterlist osg[NCR_ZC_AEAD_PAGES + 2];
};

static_assert(sizeof(struct ncr_zc_aead) <= NCR_COPY_BOUND);

bool ncr_zc_aead_fits(const struct ncr_session *s, u64 aad_len,
		      u64 inlen)
{
	return s->alg->kind == NCR_KIND_AEAD && s->op == NCR_OP_ENCRYPT &&
	       !s->no_zc && ncr_zerocopy_min &&
	       inlen >= ncr_zerocopy_min && inlen <= NCR_ZC_AEAD_MAX &&
	       aad_len <= NCR_ZC_AAD_MAX;
}

int ncr_aead_once_zc(struct ncr_session *s, const u8 __user *aad,
		     u32 aad_len, const u8 __user *in, u32 inlen,
		     u8 __user *out, u64 *outlen, u8 __user *tag,
		     u32 *tag_len)
{
	struct ncr_zc_aead *z = (struct ncr_zc_aead *)s->ob->buf;
	unsigned int ni = ncr_npages(in, inlen), no = ncr_npages(out, inlen);
	unsigned int a = aad_len ? 1 : 0, t = s->tag_size;
	int err;

	if (*outlen < inlen) {
		*outlen = inlen;
		return -ERANGE;
	}
	if (*tag_len < t) {
		*tag_len = t;
		return -ERANGE;
	}
	if (aad_len)
		ncr_ob_data(s->ob, NCR_ZC_AAD_MAX + aad_len);
	if (copy_from_user(z->aad, aad, aad_len))
		return -EFAULT;

	/* src: aad | plaintext;  dst: aad room | ciphertext | tag */
	sg_init_table(z->isg, a + ni);
	sg_init_table(z->osg, a + no + 1);
	if (a) {
		sg_set_buf(&z->isg[0], z->aad, aad_len);
		sg_set_buf(&z->osg[0], z->aad_out, aad_len);
	}
	sg_set_buf(&z->osg[a + no], z->tag, t);
	err = ncr_pin_sg(in, inlen, false, z->ipages, z->isg + a);
	if (err)
		return err;
	err = ncr_pin_sg(out, inlen, true, z->opages, z->osg + a);
	if (err) {
		unpin_user_pages(z->ipages, ni);
		return err;
	}
	err = ncr_whole_run(s, z->isg, z->osg, aad_len, inlen);
	unpin_user_pages(z->ipages, ni);
	unpin_user_pages_dirty_lock(z->opages, no, true);
	if (err)
		return err;
	if (copy_to_user(tag, z->tag, t))
		return -EFAULT;
	*tag_len = t;
	*outlen = inlen;
	return 0;
}
