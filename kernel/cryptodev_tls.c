// SPDX-License-Identifier: GPL-2.0
/*
 * cryptodev_tls.c - the CIOCAUTHCRYPT compositions built from a BSD
 * session's cipher and HMAC (cryptodev.h, CIOCAUTHCRYPT):
 *
 *   TLS  (COP_FLAG_AEAD_TLS_TYPE, CBC + HMAC): MAC-then-encrypt with the
 *        minimal TLS padding; decryption checks padding and MAC without
 *        branching on either (what may leak is said at ncr_tls_open);
 *   SRTP (COP_FLAG_AEAD_SRTP_TYPE, CTR + HMAC): encrypt-then-MAC over a
 *        caller-given region around the payload, the tag apart.
 *
 * Both use the session's HMAC state (which drops a CIOCCRYPT hash message
 * in progress: cryptodev.h says so) and its cipher's chained IV.  Called
 * by ncr_bsd_authcrypt with the session locked and the flags, op, session
 * kinds and key policy checked.
 */
#include <linux/uaccess.h>
#include <linux/highmem.h>
#include <linux/scatterlist.h>
#include <linux/log2.h>
#include <crypto/hash.h>
#include <crypto/algapi.h>
#include "cryptodev-int.h"
#include "ct.h"

/* TLS padding: up to 255 bytes of pad plus the length byte. */
#define NCR_TLS_PAD_MAX		256
#define NCR_TLS_TAG_MIN		10	/* as NCR HMACs (ncr.h: truncation) */
#define NCR_SRTP_TAG_MIN	4	/* SRTP's HMAC-SHA1-32 profile */

static int ncr_hash_big(struct shash_desc *d, struct ncr_bigbuf *b,
			size_t len)
{
	size_t done = 0;
	int err = 0;

	while (done < len && !err) {
		size_t n = min_t(size_t, len - done, PAGE_SIZE);
		void *p = kmap_local_page(b->pages[done / PAGE_SIZE]);

		err = crypto_shash_update(d, p, n);
		kunmap_local(p);
		done += n;
	}
	return err;
}

/* The cipher over the first len bytes of the session's buffer, in place. */
static int ncr_cipher_big(struct ncr_session *c, size_t len)
{
	struct sg_table t;
	int err = ncr_bigbuf_sg(&c->big, &t);

	if (err)
		return err;
	err = ncr_cipher_sg(c, t.sgl, t.orig_nents, t.sgl, t.orig_nents, len);
	sg_free_table(&t);
	return err;
}

/* HMAC(auth_src || first len bytes of c->big), the HMAC started over. */
static int ncr_tls_mac(struct ncr_bsd *b, const struct crypt_auth_op *cao,
		       size_t len, u8 *md)
{
	struct shash_desc *d = b->h.ob->state;

	return ncr_session_rewind(&b->h) ?:
	       ncr_shash_update(&b->h, cao->auth_src, cao->auth_len) ?:
	       ncr_hash_big(d, &b->c.big, len) ?:
	       crypto_shash_final(d, md);
}

/* Encrypt: src || MAC || padding, encrypted, to dst. */
static long ncr_tls_seal(struct ncr_bsd *b, struct crypt_auth_op *cao,
			 u32 tag)
{
	struct ncr_session *c = &b->c;
	u32 bs = c->alg->block, pad = bs - (cao->len + tag) % bs;
	u8 md[HASH_MAX_DIGESTSIZE], tail[HASH_MAX_DIGESTSIZE + 16];
	size_t total = (size_t)cao->len + tag + pad;
	long err;

	err = ncr_bigbuf_append_user(b->ns, &c->big, cao->src, cao->len) ?:
	      ncr_tls_mac(b, cao, cao->len, md);
	if (err)
		goto out;
	memcpy(tail, md, tag);
	memset(tail + tag, pad - 1, pad);
	err = ncr_bigbuf_append(b->ns, &c->big, tail, tag + pad) ?:
	      ncr_cipher_big(c, total) ?:
	      ncr_bigbuf_copy_to_user(&c->big, 0, cao->dst, total);
	if (!err)
		cao->len = total;
out:
	memzero_explicit(md, sizeof(md));
	memzero_explicit(tail, sizeof(tail));
	return err;
}

/*
 * Decrypt: the record is decrypted in the kernel; padding and MAC are
 * checked together and only a record that passes both is written to dst.
 *
 * What may leak: the record length, auth_len and the result (one errno
 * for a bad padding and a bad MAC).  The padding length p is secret: the
 * padding bytes are checked over a fixed window of the last 256 + tag
 * bytes, the MAC is extracted from that window by a scan of all of it,
 * and the HMAC over auth || the first len - tag - p bytes is followed by
 * as many more blocks of dummy hashing as make the number of compression
 * calls that of the shortest padding (the Lucky Thirteen remedy).  What
 * remains is within-block: the driver's buffering of a partial block
 * (a copy of fewer than one block's bytes) and the page-walk over the
 * decrypted record.
 */
static long ncr_tls_open(struct ncr_bsd *b, struct crypt_auth_op *cao,
			 u32 tag)
{
	static const u8 zeros[128];
	struct ncr_session *c = &b->c;
	struct shash_desc *d = b->h.ob->state;
	u32 len = cao->len, bs = c->alg->block;
	u32 hb = crypto_shash_blocksize(b->h.tfm.sh), shift = ilog2(hb);
	u32 w = min_t(u32, len, NCR_TLS_PAD_MAX + tag);
	u32 p, padlen, good, pos, i, j, l, extra;
	u64 m, m_max;
	u8 md[HASH_MAX_DIGESTSIZE], mac[HASH_MAX_DIGESTSIZE];
	u8 *win;
	long err;

	if (len % bs || len < round_up(tag + 1, bs))
		return -EINVAL;
	win = kmalloc(w, GFP_KERNEL);
	if (!win)
		return -ENOMEM;
	err = ncr_bigbuf_append_user(b->ns, &c->big, cao->src, len) ?:
	      ncr_cipher_big(c, len);
	if (err)
		goto out;
	ncr_bigbuf_copy_out(&c->big, len - w, win, w);

	/* the padding: p + 1 bytes of value p, and room for the tag */
	p = win[w - 1];
	padlen = p + 1;
	good = ncr_ct_lt(len - tag, padlen) ^ 1;
	for (i = 0; i < min_t(u32, w, NCR_TLS_PAD_MAX); i++)
		good &= (ncr_ct_lt(i, padlen) ^ 1) |
			ncr_ct_eq(win[w - 1 - i], p);
	padlen = ncr_ct_select(good, padlen, 1);	/* bad: any fixed length */
	l = len - tag - padlen;

	/* the record's MAC: win[pos..pos + tag), pos secret */
	pos = w - tag - padlen;
	for (j = 0; j < tag; j++) {
		u32 acc = 0;

		for (i = 0; i < w; i++)
			acc |= win[i] & ncr_ct_mask(ncr_ct_eq(i, pos + j));
		mac[j] = acc;
	}

	err = ncr_tls_mac(b, cao, l, md);
	if (err)
		goto out;
	/* inner-hash compression calls: the ipad block, message, 0x80, length */
	m = (u64)cao->auth_len + l;
	m_max = (u64)cao->auth_len + len - tag - 1;
	extra = ((m_max + 1 + hb / 8 + hb - 1) >> shift) -
		((m + 1 + hb / 8 + hb - 1) >> shift);
	err = crypto_shash_init(d);
	for (i = 0; i < extra && !err; i++)
		err = crypto_shash_update(d, zeros, hb);
	if (err)
		goto out;

	good &= crypto_memneq(md, mac, tag) ? 0 : 1;
	if (!good) {
		err = -EBADMSG;
		goto out;
	}
	err = ncr_bigbuf_copy_to_user(&c->big, 0, cao->dst, l);
	if (!err)
		cao->len = l;
out:
	memzero_explicit(md, sizeof(md));
	memzero_explicit(mac, sizeof(mac));
	kfree_sensitive(win);
	return err;
}

long ncr_bsd_tls(struct ncr_bsd *b, struct crypt_auth_op *cao, u32 op)
{
	struct ncr_session *c = &b->c;
	u32 tag = cao->tag_len ?: b->h.alg->tag;
	long err;

	if ((c->alg->id != NCR_ALG_AES_CBC && c->alg->id != NCR_ALG_DES3_CBC) ||
	    tag < NCR_TLS_TAG_MIN || tag > b->h.alg->tag ||
	    (op == NCR_OP_ENCRYPT && cao->len > U32_MAX - tag - c->alg->block))
		return -EINVAL;
	if (cao->iv && copy_from_user(c->iv, cao->iv, c->iv_len))
		return -EFAULT;
	c->op = op;
	b->hash_open = false;
	err = op == NCR_OP_ENCRYPT ? ncr_tls_seal(b, cao, tag) :
				     ncr_tls_open(b, cao, tag);
	ncr_session_rewind(c);		/* frees and wipes the record */
	return ncr_session_rewind(&b->h) ?: err;
}

/* HMAC over auth_src[0..auth_len) into md. */
static int ncr_srtp_mac(struct ncr_bsd *b, const struct crypt_auth_op *cao,
			u8 *md)
{
	return ncr_session_rewind(&b->h) ?:
	       ncr_shash_update(&b->h, cao->auth_src, cao->auth_len) ?:
	       crypto_shash_final(b->h.ob->state, md);
}

long ncr_bsd_srtp(struct ncr_bsd *b, struct crypt_auth_op *cao, u32 op)
{
	struct ncr_session *c = &b->c;
	unsigned long a = (unsigned long)cao->auth_src;
	unsigned long s = (unsigned long)cao->src;
	u32 tag = cao->tag_len ?: b->h.alg->tag;
	u8 md[HASH_MAX_DIGESTSIZE], expect[HASH_MAX_DIGESTSIZE];
	u64 outlen = cao->len;
	long err;

	/* the payload lies inside the authenticated region, in place */
	if (!c->alg->stream || tag < NCR_SRTP_TAG_MIN ||
	    tag > b->h.alg->tag || cao->src != cao->dst || s < a ||
	    s - a > cao->auth_len || cao->len > cao->auth_len - (s - a))
		return -EINVAL;
	if (cao->iv && copy_from_user(c->iv, cao->iv, c->iv_len))
		return -EFAULT;
	c->op = op;
	c->carry_len = 0;
	b->hash_open = false;
	if (op == NCR_OP_ENCRYPT) {
		err = ncr_cipher_update(c, cao->src, cao->len, cao->dst,
					&outlen, true) ?:
		      ncr_srtp_mac(b, cao, md);
		if (!err && copy_to_user(cao->tag, md, tag))
			err = -EFAULT;
	} else {
		err = ncr_srtp_mac(b, cao, md);
		if (!err && copy_from_user(expect, cao->tag, tag))
			err = -EFAULT;
		if (!err && crypto_memneq(md, expect, tag))
			err = -EBADMSG;
		if (!err)
			err = ncr_cipher_update(c, cao->src, cao->len,
						cao->dst, &outlen, true);
	}
	memzero_explicit(md, sizeof(md));
	memzero_explicit(expect, sizeof(expect));
	return ncr_session_rewind(&b->h) ?: err;
}
