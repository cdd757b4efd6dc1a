// SPDX-License-Identifier: GPL-2.0
/*
 * areq.c - one-shot cipher requests in flight on asynchronous drivers, for
 * NCRIO_BATCH (batch.c) and io_uring (uring.c).
 *
 * NCRIO_SESSION_ONCE runs a request and waits for it.  On a device that
 * completes asynchronously (virtio-crypto, offload engines) that wastes the
 * device: it could work on many requests at once.  Here a one-shot
 * encryption or decryption of a non-whole cipher mode, whose session would
 * be served by an asynchronous driver, is copied into a kernel buffer,
 * handed to the driver, and finished from its callback; batch.c and
 * uring.c start many before they wait for any.
 *
 * Only that case is taken: ncr_areq_prepare returns NULL for everything
 * else (and for any input the synchronous path would refuse), and the
 * caller then runs NCRIO_SESSION_ONCE's own code, which gives the same
 * errno it always gives.  So an asynchronous request never fails in a way
 * its synchronous twin would not.
 *
 * Lifetime: a request holds a reference to its key (whose tfm cache owns
 * the tfm the driver is using) and a slot of ns->inflight from
 * ncr_areq_start until its completion; its owner (a batch, or an io_uring
 * command, each of which keeps the namespace's file alive) frees it after
 * the callback with ncr_areq_free.  Nothing here touches user memory
 * except ncr_areq_prepare and ncr_areq_finish, which run in the caller's
 * context.
 */
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/version.h>
#include <crypto/skcipher.h>
#include "session.h"
#include "areq.h"

/* The longest one-shot input taken asynchronously (one kmalloc). */
#define NCR_AREQ_MAX_LEN	(64 * 1024)

static size_t ncr_areq_size(const struct ncr_areq *r)
{
	return sizeof(*r) + crypto_skcipher_reqsize(r->tfm.sk);
}

/*
 * A once structure only this path takes: a non-whole cipher with
 * NCR_SESSION_FLAG_HARDWARE and nothing but cipher fields set.  Anything
 * else (including every malformed request) goes the synchronous way.
 */
static const struct ncr_alg *ncr_areq_alg(const struct ncr_session_once *o)
{
	const struct ncr_alg *alg;

	if (o->flags != NCR_SESSION_FLAG_HARDWARE || o->op_flags ||
	    o->aad_size || o->tag_size || o->mac_size || o->hash ||
	    o->mgf1_hash || o->salt_size || o->pk_flags || o->label_size ||
	    o->label || o->__reserved || o->__reserved2)
		return NULL;
	if (o->op != NCR_OP_ENCRYPT && o->op != NCR_OP_DECRYPT)
		return NULL;
	alg = ncr_alg_find(o->algorithm);
	if (!alg || alg->kind != NCR_KIND_CIPHER || alg->whole)
		return NULL;
	if (o->iv_size != alg->iv_size || !o->input_size ||
	    o->input_size > NCR_AREQ_MAX_LEN ||
	    o->output_size < o->input_size ||
	    o->input_size % (alg->stream ? 1 : alg->block))
		return NULL;
	return alg;
}

static bool ncr_tfm_is_async(const struct ncr_tfm *t)
{
	return crypto_skcipher_tfm(t->sk)->__crt_alg->cra_flags &
	       CRYPTO_ALG_ASYNC;
}

struct ncr_areq *ncr_areq_prepare(struct ncr_ns *ns,
				  const struct ncr_session_once *o)
{
	const struct ncr_alg *alg = ncr_areq_alg(o);
	struct ncr_areq *r = NULL;
	struct ncr_key *key;
	struct ncr_tfm tfm;
	size_t size;

	if (!alg)
		return NULL;
	key = ncr_ns_key(ns, o->key);
	if (!key)
		return NULL;
	if (ncr_session_check_key(alg, key, o->op) ||
	    ncr_key_tfm(key, alg, 0, true, &tfm))
		goto out_key;
	if (!ncr_tfm_is_async(&tfm))
		goto out_tfm;	/* a synchronous driver: nothing to overlap */

	size = sizeof(*r) + crypto_skcipher_reqsize(tfm.sk);
	if (ncr_user_charge(ns->user, NCR_RES_MEMORY, size + o->input_size))
		goto out_tfm;
	r = kzalloc(size, GFP_KERNEL_ACCOUNT);
	if (!r)
		goto out_charge;
	r->buf = kmalloc(max_t(u64, o->input_size, 1),
			 GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!r->buf)
		goto out_free;
	r->len = o->input_size;
	if (copy_from_user(r->iv, u64_to_user_ptr(o->iv), o->iv_size) ||
	    copy_from_user(r->buf, u64_to_user_ptr(o->input), r->len))
		goto out_buf;	/* the synchronous path reports EFAULT */
	r->ns = ns;
	r->key = key;
	r->tfm = tfm;
	r->enc = o->op == NCR_OP_ENCRYPT;
	r->out = u64_to_user_ptr(o->output);
	r->ac.verify = -1;
	r->ac.alg = alg;
	ncr_audit_key(&r->ac, o->key, key);
	return r;

out_buf:
	kfree_sensitive(r->buf);
out_free:
	kfree(r);
	r = NULL;
out_charge:
	ncr_user_uncharge(ns->user, NCR_RES_MEMORY, size + o->input_size);
out_tfm:
	ncr_tfm_release(&tfm);
out_key:
	ncr_key_put(key);
	return r;
}

void ncr_areq_free(struct ncr_areq *r)
{
	struct ncr_ns *ns = r->ns;
	size_t size = ncr_areq_size(r), len = r->len;

	kfree_sensitive(r->buf);
	ncr_tfm_release(&r->tfm);
	ncr_key_put(r->key);
	memzero_explicit(r, size);	/* the IV and the request's state */
	kfree(r);
	ncr_user_uncharge(ns->user, NCR_RES_MEMORY, size + len);
}

/* ---- slots: at most max_inflight_per_ns requests per namespace ---- */

atomic64_t ncr_inflight_all = ATOMIC64_INIT(0);	/* all namespaces (info.c) */

static bool ncr_inflight_tryget(struct ncr_ns *ns)
{
	int max = min_t(unsigned int, READ_ONCE(ncr_max_inflight_per_ns),
			INT_MAX) ?: 1;
	int cur = atomic_read(&ns->inflight);

	do {
		if (cur >= max)
			return false;
	} while (!atomic_try_cmpxchg(&ns->inflight, &cur, cur + 1));
	atomic64_inc(&ncr_inflight_all);
	return true;
}

int ncr_inflight_get(struct ncr_ns *ns, bool nowait)
{
	if (ncr_inflight_tryget(ns))
		return 0;
	if (nowait)
		return -EAGAIN;
	return wait_event_killable(ns->inflight_wait,
				   ncr_inflight_tryget(ns)) ? -EINTR : 0;
}

static void ncr_inflight_put(struct ncr_ns *ns)
{
	atomic64_dec(&ncr_inflight_all);
	atomic_dec(&ns->inflight);
	wake_up(&ns->inflight_wait);
}

/* ---- the request ---- */

/* Any context (softirq for most drivers): no sleeping, no user memory. */
static void ncr_areq_complete(struct ncr_areq *r, int err)
{
	struct ncr_ns *ns = r->ns;

	/* ncr.h: a driver failure is EINVAL, as the synchronous path says */
	r->err = err == -ENOMEM || !err ? err : -EINVAL;
	ncr_inflight_put(ns);
	r->done(r);	/* r may be gone after this */
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
static void ncr_areq_cb(void *data, int err)
{
	struct ncr_areq *r = data;
#else
static void ncr_areq_cb(struct crypto_async_request *base, int err)
{
	struct ncr_areq *r = base->data;
#endif
	if (err == -EINPROGRESS)	/* left the backlog: not done yet */
		return;
	ncr_areq_complete(r, err);
}

void ncr_areq_start(struct ncr_areq *r, void (*done)(struct ncr_areq *r))
{
	struct skcipher_request *req = &r->req;
	int err;

	r->done = done;
	sg_init_one(&r->sg, r->buf, r->len);
	skcipher_request_set_tfm(req, r->tfm.sk);
	skcipher_request_set_callback(req, CRYPTO_TFM_REQ_MAY_BACKLOG,
				      ncr_areq_cb, r);
	skcipher_request_set_crypt(req, &r->sg, &r->sg, r->len, r->iv);
	err = r->enc ? crypto_skcipher_encrypt(req) :
		       crypto_skcipher_decrypt(req);
	if (err != -EINPROGRESS && err != -EBUSY)
		ncr_areq_complete(r, err);	/* finished at once */
}

int ncr_areq_finish(struct ncr_areq *r, struct ncr_session_once *o)
{
	if (r->err)
		return r->err;
	if (copy_to_user(r->out, r->buf, r->len))
		return -EFAULT;
	o->output_size = r->len;
	o->tag_size = 0;
	o->result = 0;
	return 0;
}
