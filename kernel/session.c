// SPDX-License-Identifier: GPL-2.0
/*
 * session.c - sessions: init / update / final / free, and the one-shot path.
 *
 * A session is set up identically for a handle (NCRIO_SESSION_INIT) and for
 * a one-shot call (NCRIO_SESSION_ONCE, where it lives on the stack and
 * takes a pooled bounce buffer, so the fast path allocates nothing).
 * User data moves through the bounce buffer in chunks of at most
 * NCR_COPY_BOUND bytes; messages that the kernel must see whole (AEAD,
 * XTS) are gathered in a page list instead, charged to the namespace.
 */
#include <linux/slab.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/uaccess.h>
#include <linux/sched/signal.h>
#include <crypto/algapi.h>
#include "ncr-int.h"

atomic64_t ncr_live_sessions = ATOMIC64_INIT(0);

struct ncr_session {
	/*
	 * The handle table holds one reference and every ioctl working on
	 * the session another; the last put (final/free or namespace close,
	 * or an ioctl that raced with them) destroys it.
	 */
	struct kref ref;
	struct mutex lock;	/* serializes every operation below */
	struct ncr_ns *ns;
	const struct ncr_alg *alg;
	u32 op;
	u32 tag_size;		/* MAC/digest/AEAD tag length in use */
	bool done;		/* finished or freed: handle gone */
	bool failed;		/* a fault mid-data: only free remains */
	bool counted;		/* a handle session (live_sessions) */
	bool data_seen;		/* AEAD: no more AAD */
	struct ncr_key *key;	/* a reference, or NULL for digests */
	u32 key_handle;		/* the handle it was named by (for audit) */
	struct ncr_tfm tfm;
	struct ncr_opbuf *ob;
	u32 iv_len;
	u8 iv[16];		/* the next IV (chained across updates) */
	u32 carry_len;
	u8 carry[64];		/* input tail shorter than a block */
	u32 blen;		/* whole-message bytes in the bounce buffer */
	struct ncr_bigbuf big;	/* whole-message input (AEAD, XTS) */
	size_t aad_len;
	struct ncr_pk_sess *pk;	/* public-key state (NCR_KIND_PK) */
};

/* ---- setup and teardown ---- */

static u32 ncr_op_usage(u32 op)
{
	switch (op) {
	case NCR_OP_ENCRYPT:
		return NCR_KEY_USAGE_ENCRYPT;
	case NCR_OP_DECRYPT:
		return NCR_KEY_USAGE_DECRYPT;
	case NCR_OP_SIGN:
		return NCR_KEY_USAGE_SIGN;
	default:
		return NCR_KEY_USAGE_VERIFY;
	}
}

static int ncr_check_iv(const struct ncr_alg *alg, u32 iv_size)
{
	if (alg->id == NCR_ALG_AES_CCM)
		return iv_size >= 7 && iv_size <= 13 ? 0 : -EINVAL;
	return iv_size == alg->iv_size ? 0 : -EINVAL;
}

/*
 * The key for a session of alg: its type (EINVAL), then the usage of op
 * and the algorithm in its set (EPERM).  Key lengths: the algorithm set
 * already ties 48/64-byte AES keys to XTS; checked again here so that no
 * path hands an AES-256 key to XTS as two AES-128 keys or the reverse.
 */
static int ncr_check_key(const struct ncr_alg *alg, struct ncr_key *key,
			 u32 op)
{
	int err;

	if (key->type != alg->key_type || key->klass)
		return -EINVAL;
	err = ncr_key_permits(key, ncr_op_usage(op), alg->algbit);
	if (err)
		return err;
	if (alg->key_type == NCR_KEY_TYPE_AES) {
		bool xts = alg->id == NCR_ALG_AES_XTS;

		if (xts ? key->len < 32 : key->len > 32)
			return -EINVAL;
	}
	return 0;
}

/* The shortest MAC a caller may ask for (ncr.h: truncation). */
static u32 ncr_mac_min(const struct ncr_alg *alg)
{
	return alg->id == NCR_ALG_CMAC_AES ? 8 : 10;
}

static size_t ncr_state_size(struct ncr_tfm *t)
{
	switch (t->alg->kind) {
	case NCR_KIND_CIPHER:
		return sizeof(struct skcipher_request) +
		       crypto_skcipher_reqsize(t->sk);
	case NCR_KIND_AEAD:
		return sizeof(struct aead_request) +
		       crypto_aead_reqsize(t->aead);
	default:
		return sizeof(struct shash_desc) +
		       crypto_shash_descsize(t->sh);
	}
}

static void ncr_session_teardown(struct ncr_session *s)
{
	if (s->ob)
		ncr_opbuf_put(s->ns, s->ob);
	s->ob = NULL;
	ncr_pk_sess_free(s->ns, s->pk);
	s->pk = NULL;
	ncr_bigbuf_free(s->ns, &s->big);
	ncr_tfm_release(&s->tfm);
	if (s->key)
		ncr_key_put(s->key);
	s->key = NULL;
	memzero_explicit(s->iv, sizeof(s->iv));
	memzero_explicit(s->carry, sizeof(s->carry));
}

/* Public-key sessions: the key is checked here, the rest in pksession.c. */
static int ncr_pk_session_setup(struct ncr_ns *ns, struct ncr_session *s,
				bool hw, u32 key_handle, u32 iv_size,
				u32 tag_size, const struct ncr_pk_args *pa,
				struct ncr_audit_ctx *ac)
{
	int err;

	if (iv_size || tag_size || s->op < NCR_OP_ENCRYPT ||
	    s->op > NCR_OP_VERIFY)
		return -EINVAL;
	if (hw)
		return -EOPNOTSUPP;
	s->key = ncr_ns_key(ns, key_handle);
	if (!s->key)
		return -ENOENT;
	s->key_handle = key_handle;
	ncr_audit_key(ac, key_handle, s->key);
	err = ncr_pk_sess_new(ns, s->alg, s->op, s->key,
			      ncr_op_usage(s->op), pa, &s->pk);
	if (err) {
		ncr_key_put(s->key);
		s->key = NULL;
	}
	return err;
}

/*
 * Validates the init parameters and prepares s (zeroed by the caller).
 * On failure s holds nothing.
 */
static int ncr_session_setup(struct ncr_ns *ns, struct ncr_session *s,
			     u32 flags, const struct ncr_alg *alg, u32 op,
			     u32 key_handle,
			     const void __user *iv, u32 iv_size, u32 tag_size,
			     const struct ncr_pk_args *pa,
			     struct ncr_audit_ctx *ac)
{
	static const struct ncr_pk_args no_pk;
	bool hw = flags & NCR_SESSION_FLAG_HARDWARE;
	int err;

	s->ns = ns;
	if (!alg || (flags & ~NCR_SESSION_FLAGS_ALL))
		return -EINVAL;
	s->alg = alg;
	ac->alg = alg;
	s->op = op;
	if (alg->kind == NCR_KIND_PK)
		return ncr_pk_session_setup(ns, s, hw, key_handle, iv_size,
					    tag_size, pa, ac);
	if (alg->kind == NCR_KIND_KX || memcmp(pa, &no_pk, sizeof(no_pk)))
		return -EINVAL;
	switch (alg->kind) {
	case NCR_KIND_CIPHER:
	case NCR_KIND_AEAD:
		if (op != NCR_OP_ENCRYPT && op != NCR_OP_DECRYPT)
			return -EINVAL;
		break;
	default:
		if (op != NCR_OP_SIGN && op != NCR_OP_VERIFY)
			return -EINVAL;
		break;
	}
	if (ncr_check_iv(alg, iv_size))
		return -EINVAL;

	/* tag length */
	switch (alg->kind) {
	case NCR_KIND_CIPHER:
		if (tag_size)
			return -EINVAL;
		break;
	case NCR_KIND_HASH:
		if (tag_size && tag_size != alg->tag)
			return -EINVAL;
		tag_size = alg->tag;
		break;
	case NCR_KIND_MAC:
		if (tag_size && (tag_size < ncr_mac_min(alg) ||
				 tag_size > alg->tag))
			return -EINVAL;
		tag_size = tag_size ?: alg->tag;
		break;
	case NCR_KIND_AEAD:
		if (tag_size > alg->tag)
			return -EINVAL;
		tag_size = tag_size ?: alg->tag;
		break;
	default:	/* NCR_KIND_PK and NCR_KIND_KX returned above */
		return -EINVAL;
	}
	s->tag_size = tag_size;

	if (alg->key_type) {
		s->key = ncr_ns_key(ns, key_handle);
		if (!s->key)
			return -ENOENT;
		s->key_handle = key_handle;
		ncr_audit_key(ac, key_handle, s->key);
		err = ncr_check_key(alg, s->key, op);
		if (err)
			goto err_key;
		err = ncr_key_tfm(s->key, alg,
				  alg->kind == NCR_KIND_AEAD ? tag_size : 0,
				  hw, &s->tfm);
		if (err)
			goto err_key;
	} else {
		if (key_handle)
			return -EINVAL;
		if (hw)
			return -EOPNOTSUPP;
		s->tfm.alg = alg;
		s->tfm.sh = ncr_alg_digest_tfm(alg);
		if (IS_ERR(s->tfm.sh)) {
			err = PTR_ERR(s->tfm.sh);
			s->tfm.sh = NULL;
			return err == -ENOENT ? -EOPNOTSUPP : err;
		}
	}

	if (iv_size) {
		s->iv_len = iv_size;
		if (copy_from_user(s->iv, iv, iv_size)) {
			err = -EFAULT;
			goto err_tfm;
		}
	}

	s->ob = ncr_opbuf_get(ns);
	if (IS_ERR(s->ob)) {
		err = PTR_ERR(s->ob);
		s->ob = NULL;
		goto err_tfm;
	}
	err = ncr_opbuf_state(ns, s->ob, ncr_state_size(&s->tfm));
	if (err)
		goto err_tfm;

	if (alg->kind == NCR_KIND_HASH || alg->kind == NCR_KIND_MAC) {
		struct shash_desc *desc = s->ob->state;

		desc->tfm = s->tfm.sh;
		err = crypto_shash_init(desc);
		if (err)
			goto err_tfm;
	}
	return 0;

err_tfm:
	ncr_session_teardown(s);
	return err;
err_key:
	ncr_key_put(s->key);
	s->key = NULL;
	return err;
}

/* Last reference of a handle session (s->counted): frees and uncharges. */
static void ncr_session_destroy(struct kref *ref)
{
	struct ncr_session *s = container_of(ref, struct ncr_session, ref);
	struct ncr_ns *ns = s->ns;

	ncr_session_teardown(s);
	if (s->counted)
		atomic64_dec(&ncr_live_sessions);
	kfree_sensitive(s);
	ncr_user_uncharge(ns->user, NCR_RES_MEMORY, sizeof(*s));
	ncr_user_uncharge(ns->user, NCR_RES_SESSIONS, 1);
}

static void ncr_session_put(struct ncr_session *s)
{
	kref_put(&s->ref, ncr_session_destroy);
}

void ncr_session_put_any(void *s)
{
	ncr_session_put(s);
}

/* ---- the cipher engine (block and stream modes) ---- */

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
static int ncr_cipher_sg(struct ncr_session *s, struct scatterlist *src,
			 unsigned int snents, struct scatterlist *dst,
			 unsigned int dnents, u32 len)
{
	struct skcipher_request *req = s->ob->state;
	u8 *iv = s->ob->buf + NCR_OPBUF_IV_OFF;
	const struct ncr_alg *alg = s->alg;
	bool enc = s->op == NCR_OP_ENCRYPT;
	bool cbc = alg->id == NCR_ALG_AES_CBC || alg->id == NCR_ALG_DES3_CBC;
	u8 next[16];
	DECLARE_CRYPTO_WAIT(wait);
	int err;

	if (!len)
		return 0;

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

/* ---- zero copy for large requests ---- */

/*
 * Requests of at least zerocopy_min bytes skip the bounce buffer: the
 * caller's pages are pinned (input read-only, output with FOLL_WRITE, so
 * nothing is ever written through a page the caller could not write, and
 * copy-on-write is broken first) and handed to the cipher as scatterlists,
 * a window of NCR_ZC_PAGES pages at a time.  The page arrays and
 * scatterlists live in the (then unused) bounce buffer.
 */
#define NCR_ZC_PAGES	16
#define NCR_ZC_WINDOW	((NCR_ZC_PAGES - 1) * PAGE_SIZE)

struct ncr_zc {
	struct page *pages[NCR_ZC_PAGES];
	struct scatterlist sg[NCR_ZC_PAGES];
	unsigned int n;
};

static_assert(2 * sizeof(struct ncr_zc) <= NCR_COPY_BOUND);

static unsigned int ncr_npages(const void __user *p, u32 len)
{
	return DIV_ROUND_UP(offset_in_page((unsigned long)p) + len, PAGE_SIZE);
}

/*
 * Pins the ncr_npages(p, len) pages under [p, p + len) into pages[] and
 * describes them in sg[0..n), which the caller initialized.
 */
static int ncr_pin_sg(const void __user *p, u32 len, bool write,
		      struct page **pages, struct scatterlist *sg)
{
	unsigned long a = (unsigned long)p;
	unsigned int off = offset_in_page(a), i;
	int n = ncr_npages(p, len), got;

	got = pin_user_pages_fast(a - off, n, write ? FOLL_WRITE : 0, pages);
	if (got != n) {
		if (got > 0)
			unpin_user_pages(pages, got);
		return got < 0 ? got : -EFAULT;
	}
	for (i = 0; i < n; i++) {
		u32 l = min_t(u32, len, PAGE_SIZE - off);

		sg_set_page(&sg[i], pages[i], l, off);
		len -= l;
		off = 0;
	}
	return 0;
}

static int ncr_zc_pin(struct ncr_zc *z, const void __user *p, u32 len,
		      bool write)
{
	unsigned int n = ncr_npages(p, len);
	int err;

	sg_init_table(z->sg, n);
	err = ncr_pin_sg(p, len, write, z->pages, z->sg);
	z->n = err ? 0 : n;
	return err;
}

static void ncr_zc_unpin(struct ncr_zc *z, bool dirty)
{
	if (dirty)
		unpin_user_pages_dirty_lock(z->pages, z->n, true);
	else
		unpin_user_pages(z->pages, z->n);
	z->n = 0;
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
static int ncr_cipher_update(struct ncr_session *s, const u8 __user *in,
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

	if (!c0 && ncr_zerocopy_min && produce >= ncr_zerocopy_min) {
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
		err = ncr_cipher_run(s, buf, n);
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
	} else {
		/* nothing processed: the input joins the carry */
		if (copy_from_user(s->carry + c0, in, inlen))
			return -EFAULT;
		s->carry_len = c0 + inlen;
	}
	*outlen = produce;
	memzero_explicit(newtail, sizeof(newtail));
	return 0;

fail:
	s->failed = touched;	/* else the session is as it was */
	memzero_explicit(newtail, sizeof(newtail));
	return err;
}

/* ---- whole-message algorithms (AEAD, XTS) ---- */

/*
 * Runs over sg holding aad || data (|| tag for decryption) in place.
 * Returns -EBADMSG on a tag mismatch.
 */
static int ncr_whole_run(struct ncr_session *s, struct scatterlist *src,
			 struct scatterlist *dst, u32 aad_len, u32 data_len)
{
	bool enc = s->op == NCR_OP_ENCRYPT;
	u8 *iv = s->ob->buf + NCR_OPBUF_IV_OFF;
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

static u64 ncr_whole_len(const struct ncr_session *s)
{
	return s->big.len + s->blen;
}

/* Whole-message update: gather input (or AAD). */
static int ncr_whole_update(struct ncr_session *s, const u8 __user *in,
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
static int ncr_whole_final(struct ncr_session *s, u8 __user *out,
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

static bool ncr_zc_aead_fits(const struct ncr_session *s, u64 aad_len,
			     u64 inlen)
{
	return s->alg->kind == NCR_KIND_AEAD && s->op == NCR_OP_ENCRYPT &&
	       ncr_zerocopy_min &&
	       inlen >= ncr_zerocopy_min && inlen <= NCR_ZC_AEAD_MAX &&
	       aad_len <= NCR_ZC_AAD_MAX;
}

static int ncr_aead_once_zc(struct ncr_session *s, const u8 __user *aad,
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

/* ---- digests and MACs ---- */

/* Hashes len bytes of the caller's pinned pages (see ncr_cipher_zc). */
static int ncr_hash_zc(struct ncr_session *s, const u8 __user *in, u64 len,
		       bool *touched)
{
	struct ncr_zc *z = (struct ncr_zc *)s->ob->buf;
	u64 pos = 0;
	int err = 0;

	while (pos < len && !err) {
		u32 n = min_t(u64, len - pos, NCR_ZC_WINDOW), i;

		err = ncr_zc_pin(z, in + pos, n, false);
		if (err)
			break;
		*touched = true;
		for (i = 0; i < z->n && !err; i++) {
			struct scatterlist *sg = &z->sg[i];
			u8 *p = kmap_local_page(sg_page(sg));

			err = crypto_shash_update(s->ob->state, p + sg->offset,
						  sg->length);
			kunmap_local(p);
		}
		ncr_zc_unpin(z, false);
		pos += n;
		if (!err && pos < len) {
			if (fatal_signal_pending(current))
				err = -EINTR;
			cond_resched();
		}
	}
	return err;
}

static int ncr_hash_update(struct ncr_session *s, const u8 __user *in,
			   u64 inlen)
{
	struct shash_desc *desc = s->ob->state;
	u64 done = 0;
	int err;

	if (ncr_zerocopy_min && inlen >= ncr_zerocopy_min) {
		bool touched = false;

		err = ncr_hash_zc(s, in, inlen, &touched);
		/* a fault before the first page was hashed consumed nothing */
		if (err)
			s->failed = touched;
		return err;
	}
	while (done < inlen) {
		u32 n = min_t(u64, NCR_COPY_BOUND, inlen - done);

		if (copy_from_user(ncr_ob_data(s->ob, n), in + done, n)) {
			s->failed = done > 0;	/* else nothing consumed */
			return -EFAULT;
		}
		err = crypto_shash_update(desc, s->ob->buf, n);
		if (err) {
			s->failed = true;
			return err;
		}
		done += n;
		if (done < inlen) {
			if (fatal_signal_pending(current)) {
				s->failed = true;
				return -EINTR;
			}
			cond_resched();
		}
	}
	return 0;
}

/*
 * NCR_OP_FLAG_KEY_DATA: the material of a key as hash input, where the
 * result cannot be turned back into the material.  A digest or an HMAC is
 * one-way whatever HMAC key the caller picks (the caller's key only
 * enters as a prefix of the hashed data), unlike CMAC or a cipher under a
 * caller-known key, which are permutations of one block; MD5 is left out
 * as a hash whose resistance no longer holds up.  The material must have
 * at least 128 bits, so the result cannot be matched against every
 * possible key either.
 */
#define NCR_KEY_DATA_MIN	16

static bool ncr_key_data_alg(const struct ncr_alg *alg)
{
	if (alg->kind == NCR_KIND_HASH)
		return alg->id != NCR_ALG_MD5;
	return alg->kind == NCR_KIND_MAC && alg->id != NCR_ALG_CMAC_AES;
}

static int ncr_hash_key_data(struct ncr_session *s, u32 handle)
{
	struct ncr_key *k = ncr_ns_key(s->ns, handle);
	int err;

	if (!k)
		return -ENOENT;
	if (k->klass)
		err = -EINVAL;
	else if (!(ncr_key_flags(k) & NCR_KEY_FLAG_HASHABLE) ||
		 k->len < NCR_KEY_DATA_MIN)
		err = -EPERM;
	else
		err = crypto_shash_update(s->ob->state, k->material, k->len);
	ncr_key_put(k);
	return err;
}

/* SIGN: write the digest/MAC; VERIFY: compare in constant time. */
static int ncr_hash_final(struct ncr_session *s, u8 __user *tag,
			  u32 *tag_len, u32 *result)
{
	u8 *md = s->ob->buf + NCR_OPBUF_IV_OFF;	/* 64 bytes */
	u8 *expect = ncr_ob_data(s->ob, NCR_MAX_TAG);
	int err;

	/* room for a SIGN result was checked by ncr_final_room() */
	if (s->op == NCR_OP_VERIFY && *tag_len == s->tag_size &&
	    copy_from_user(expect, tag, s->tag_size))
		return -EFAULT;
	err = crypto_shash_final(s->ob->state, md);
	if (err)
		return err;
	if (s->op == NCR_OP_SIGN) {
		if (copy_to_user(tag, md, s->tag_size))
			return -EFAULT;
		*tag_len = s->tag_size;
	} else {
		*result = (*tag_len != s->tag_size ||
			   crypto_memneq(md, expect, s->tag_size)) ?
			NCR_VERIFY_FAILED : NCR_VERIFY_OK;
	}
	return 0;
}

/* ---- one step on a session: update or final ---- */


/*
 * ERANGE must consume nothing, so a final checks its output room before
 * it feeds the last input.
 */
static int ncr_final_room(struct ncr_session *s, struct ncr_step *st)
{
	bool enc = s->op == NCR_OP_ENCRYPT;
	u64 data_len;

	switch (s->alg->kind) {
	case NCR_KIND_CIPHER:
		if (!s->alg->whole)
			return 0;	/* ncr_cipher_update checks first */
		fallthrough;
	case NCR_KIND_AEAD:
		data_len = ncr_whole_len(s) - s->aad_len + st->inlen;
		if (st->outlen < data_len) {
			st->outlen = data_len;
			return -ERANGE;
		}
		if (s->alg->kind == NCR_KIND_AEAD && enc &&
		    st->tag_len < s->tag_size) {
			st->outlen = 0;
			st->tag_len = s->tag_size;
			return -ERANGE;
		}
		return 0;
	default:
		if (s->op == NCR_OP_SIGN && st->tag_len < s->tag_size) {
			st->outlen = 0;
			st->tag_len = s->tag_size;
			return -ERANGE;
		}
		return 0;
	}
}

static int ncr_session_step(struct ncr_session *s, struct ncr_step *st,
			    bool final)
{
	const struct ncr_alg *alg = s->alg;
	bool keydata = st->flags & NCR_OP_FLAG_KEY_DATA;
	bool aad = st->flags & NCR_OP_FLAG_AAD;
	u64 cap = st->outlen;
	int err;

	if (alg->kind == NCR_KIND_PK)
		return ncr_pk_sess_step(s->ns, s->pk, st, final);
	if (st->flags & ~NCR_OP_FLAGS_ALL || (aad && keydata))
		return -EINVAL;
	if (keydata && !ncr_key_data_alg(alg))
		return -EINVAL;
	if (aad && alg->kind != NCR_KIND_AEAD)
		return -EINVAL;
	if (aad && final && st->inlen)
		return -EINVAL;
	if (final) {
		err = ncr_final_room(s, st);
		if (err)
			return err;
	}
	st->outlen = 0;

	switch (alg->kind) {
	case NCR_KIND_CIPHER:
		if (!alg->whole) {
			st->outlen = cap;
			return ncr_cipher_update(s, st->in, st->inlen, st->out,
						 &st->outlen, final);
		}
		fallthrough;
	case NCR_KIND_AEAD:
		err = ncr_whole_update(s, st->in, st->inlen, aad);
		if (err || !final)
			return err;
		st->outlen = cap;
		return ncr_whole_final(s, st->out, &st->outlen, st->tag,
				       &st->tag_len);
	default:
		if (keydata)
			err = ncr_hash_key_data(s, st->input_key);
		else
			err = ncr_hash_update(s, st->in, st->inlen);
		if (err || !final)
			return err;
		return ncr_hash_final(s, st->tag, &st->tag_len, &st->result);
	}
}

/* ---- ioctls ---- */

long ncr_session_init_ioctl(struct ncr_ucmd *uc)
{
	struct ncr_session_init *si = uc->cmd;
	struct ncr_ns *ns = uc->ns;
	struct ncr_audit_ctx *ac = &uc->ac;
	struct ncr_pk_args pa;
	struct ncr_session *s;
	int err = 0;

	err = ncr_user_charge(ns->user, NCR_RES_SESSIONS, 1);
	if (err)
		return err;
	err = ncr_user_charge(ns->user, NCR_RES_MEMORY, sizeof(*s));
	if (err)
		goto err_count;
	s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!s) {
		err = -ENOMEM;
		goto err_memory;
	}
	kref_init(&s->ref);
	mutex_init(&s->lock);
	pa = (struct ncr_pk_args) {
		.hash = si->hash, .mgf1_hash = si->mgf1_hash,
		.salt_size = si->salt_size, .pk_flags = si->pk_flags,
		.label = si->label, .label_size = si->label_size,
		.reserved = si->__reserved,
	};
	err = ncr_session_setup(ns, s, si->flags, ncr_alg_find(si->algorithm),
				si->op, si->key,
				ncr_uptr(si->iv), si->iv_size, si->tag_size,
				&pa, ac);
	if (err)
		goto err_free;
	err = ncr_ns_charge(ns);
	if (err)
		goto err_teardown;
	/*
	 * Complete before it is published: once xa_alloc returns, another
	 * thread may guess the handle and end the session, so from there on
	 * s is touched only through a reference of our own.
	 */
	s->counted = true;
	atomic64_inc(&ncr_live_sessions);
	kref_get(&s->ref);	/* ours, until the copy-out is done */
	err = xa_alloc(&ns->sessions, &si->ses, s, xa_limit_31b,
		       GFP_KERNEL_ACCOUNT);
	if (err) {
		ncr_ns_uncharge(ns);
		ncr_session_put(s);	/* ours */
		ncr_session_put(s);	/* the table's that never was */
		return err == -EBUSY ? -EDQUOT : err;
	}
	err = ncr_ucmd_respond(uc, sizeof(*si));
	if (err && xa_cmpxchg(&ns->sessions, si->ses, s, NULL, 0) == s) {
		ncr_ns_uncharge(ns);
		ncr_session_put(s);	/* the table's */
	}
	ncr_session_put(s);	/* ours */
	return err;

err_teardown:
	ncr_session_teardown(s);
err_free:
	kfree_sensitive(s);
err_memory:
	ncr_user_uncharge(ns->user, NCR_RES_MEMORY, sizeof(*s));
err_count:
	ncr_user_uncharge(ns->user, NCR_RES_SESSIONS, 1);
	return err;
}

static struct ncr_session *ncr_ns_session(struct ncr_ns *ns, u32 handle)
{
	struct ncr_session *s;

	if (!handle)
		return NULL;
	xa_lock(&ns->sessions);
	s = xa_load(&ns->sessions, handle);
	if (s)
		kref_get(&s->ref);
	xa_unlock(&ns->sessions);
	return s;
}

/* Removes the handle; caller holds s->lock and a reference of its own. */
static void ncr_session_end(struct ncr_ns *ns, struct ncr_session *s,
			    u32 handle)
{
	lockdep_assert_held(&s->lock);
	s->done = true;
	if (xa_cmpxchg(&ns->sessions, handle, s, NULL, 0) == s) {
		ncr_ns_uncharge(ns);
		kref_put(&s->ref, ncr_session_destroy);	/* the table's */
	}
}

/* Update and final: the session stays locked for the whole step. */
static long ncr_session_op_ioctl(struct ncr_ucmd *uc, bool final)
{
	struct ncr_session_op *op = uc->cmd;
	struct ncr_ns *ns = uc->ns;
	struct ncr_audit_ctx *ac = &uc->ac;
	struct ncr_session *s;
	struct ncr_step st;
	int err = 0;

	s = ncr_ns_session(ns, op->ses);
	if (!s)
		return -ENOENT;
	if (mutex_lock_killable(&s->lock)) {
		ncr_session_put(s);
		return -EINTR;
	}
	if (s->done) {
		err = -ENOENT;
		goto out_unlock;
	}
	ac->alg = s->alg;
	ncr_audit_key(ac, s->key_handle, s->key);
	if (s->failed) {
		err = -EIO;
		goto out_end;
	}
	st = (struct ncr_step) {
		.flags = op->flags, .input_key = op->input_key,
		.in = ncr_uptr(op->input), .inlen = op->input_size,
		.out = ncr_uptr(op->output), .outlen = op->output_size,
		.tag = ncr_uptr(op->tag), .tag_len = op->tag_size,
	};
	err = ncr_session_step(s, &st, final);
	if (st.poisoned)
		s->failed = true;
	if (!err || err == -ERANGE) {
		op->output_size = st.outlen;
		op->tag_size = st.tag_len;
		op->result = st.result;
		err = ncr_ucmd_respond(uc, sizeof(*op)) ?: err;
	}
	if (final && !err && s->op == NCR_OP_VERIFY)
		ac->verify = st.result;
	/* ERANGE consumed nothing: the caller may retry the final */
out_end:
	if (final && err != -ERANGE)
		ncr_session_end(ns, s, op->ses);
out_unlock:
	mutex_unlock(&s->lock);
	ncr_session_put(s);
	return err;
}

long ncr_session_update_ioctl(struct ncr_ucmd *uc)
{
	return ncr_session_op_ioctl(uc, false);
}

long ncr_session_final_ioctl(struct ncr_ucmd *uc)
{
	return ncr_session_op_ioctl(uc, true);
}

long ncr_session_free_ioctl(struct ncr_ucmd *uc)
{
	struct ncr_session_free *f = uc->cmd;
	struct ncr_ns *ns = uc->ns;
	struct ncr_audit_ctx *ac = &uc->ac;
	struct ncr_session *s;
	int err = 0;

	s = ncr_ns_session(ns, f->ses);
	if (!s)
		return -ENOENT;
	/* an update may hold the lock across a user copy that stalls */
	if (mutex_lock_killable(&s->lock)) {
		ncr_session_put(s);
		return -EINTR;
	}
	err = s->done ? -ENOENT : 0;
	if (!err) {
		ac->alg = s->alg;
		ncr_audit_key(ac, s->key_handle, s->key);
		ncr_session_end(ns, s, f->ses);
	}
	mutex_unlock(&s->lock);
	ncr_session_put(s);
	return err;
}

long ncr_session_once_ioctl(struct ncr_ucmd *uc)
{
	struct ncr_session_once *o = uc->cmd;
	struct ncr_ns *ns = uc->ns;
	struct ncr_audit_ctx *ac = &uc->ac;
	struct ncr_pk_args pa;
	struct ncr_session s = {};
	const struct ncr_alg *alg;
	struct ncr_step st;
	u32 init_tag;
	int err = 0;

	if ((o->op_flags & ~NCR_OP_FLAG_KEY_DATA) || o->__reserved2)
		return -EINVAL;
	/*
	 * tag_size: for SIGN the capacity of tag; for VERIFY the length of
	 * the expected value; for AEAD the tag length.  MACs are mac_size
	 * long (0: full), a length the caller fixes, not the sender of the
	 * MAC: an expected value of another length fails.
	 */
	alg = ncr_alg_find(o->algorithm);
	if (o->aad_size && (!alg || alg->kind != NCR_KIND_AEAD))
		return -EINVAL;
	if (o->mac_size && (!alg || alg->kind != NCR_KIND_MAC))
		return -EINVAL;
	if (alg && alg->kind == NCR_KIND_MAC)
		init_tag = o->mac_size;
	else if (o->op == NCR_OP_SIGN || o->op == NCR_OP_VERIFY)
		init_tag = 0;
	else
		init_tag = o->tag_size;
	pa = (struct ncr_pk_args) {
		.hash = o->hash, .mgf1_hash = o->mgf1_hash,
		.salt_size = o->salt_size, .pk_flags = o->pk_flags,
		.label = o->label, .label_size = o->label_size,
		.reserved = o->__reserved,
	};
	err = ncr_session_setup(ns, &s, o->flags, alg, o->op, o->key,
				ncr_uptr(o->iv), o->iv_size, init_tag, &pa, ac);
	if (err)
		return err;
	st = (struct ncr_step) {
		.flags = o->op_flags, .input_key = o->input_key,
		.in = ncr_uptr(o->input), .inlen = o->input_size,
		.out = ncr_uptr(o->output), .outlen = o->output_size,
		.tag = ncr_uptr(o->tag), .tag_len = o->tag_size,
	};
	if (ncr_zc_aead_fits(&s, o->aad_size, o->input_size)) {
		err = ncr_aead_once_zc(&s, ncr_uptr(o->aad), o->aad_size,
				       st.in, st.inlen, st.out, &st.outlen,
				       st.tag, &st.tag_len);
	} else {
		err = 0;
		if (o->aad_size)
			err = ncr_whole_update(&s, ncr_uptr(o->aad),
					       o->aad_size, true);
		if (!err)
			err = ncr_session_step(&s, &st, true);
	}
	if (!err || err == -ERANGE) {
		o->output_size = st.outlen;
		o->tag_size = st.tag_len;
		o->result = st.result;
		err = ncr_ucmd_respond(uc, sizeof(*o)) ?: err;
	}
	if (!err && o->op == NCR_OP_VERIFY)
		ac->verify = st.result;
	ncr_session_teardown(&s);
	return err;
}
