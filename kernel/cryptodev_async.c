// SPDX-License-Identifier: GPL-2.0
/*
 * cryptodev_async.c - CIOCASYNCCRYPT / CIOCASYNCFETCH and poll(): many
 * requests in flight per descriptor, really in flight on drivers that
 * complete asynchronously (virtio-crypto).
 *
 * A request of a cipher-only session (not AES-XTS) is copied into a kernel
 * buffer at submission and handed to the session's tfm with a callback;
 * it finishes whenever the driver says so.  Other requests (sessions with
 * a hash, AES-XTS) run at once as CIOCCRYPT would and are queued
 * finished.  CIOCASYNCFETCH returns requests in submission order: the
 * oldest, once it has finished (EBUSY before), with its output copied to
 * the caller's dst (and iv with COP_FLAG_WRITE_IV) there and then, in the
 * caller's context.  An IV given as NULL is the session's IV at submission;
 * async requests do not advance it.
 *
 * Lifetime: each request holds a reference to its BSD session (whose tfm
 * the driver is using) and is on the namespace's queue from submission
 * to fetch; the queue is per namespace, under q->lock (a spinlock: the
 * callback may run in softirq context).  ncr_bsd_async_drain, at the last
 * close, waits until every request in flight has called back, then frees
 * them all: nothing outlives the descriptor.
 */
#include <linux/poll.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/version.h>
#include <crypto/skcipher.h>
#include "cryptodev-int.h"

struct ncr_async_req {
	struct list_head node;		/* on q->reqs, oldest first */
	struct ncr_bsd_async *q;
	struct ncr_bsd *b;		/* a reference */
	struct crypt_op cop;		/* as submitted (user pointers) */
	bool done;			/* under q->lock */
	bool sync;			/* ran at submission: output written */
	int err;
	u32 len;
	u8 iv[16];
	u8 *buf;			/* len bytes: in, then out */
	struct scatterlist sg;
	struct skcipher_request *req;
};

int ncr_bsd_async_init(struct ncr_ns *ns)
{
	struct ncr_bsd_async *q = &ns->async;

	spin_lock_init(&q->lock);
	INIT_LIST_HEAD(&q->reqs);
	init_waitqueue_head(&q->wait);
	q->n = 0;
	q->in_flight = 0;
	return 0;
}

static void ncr_async_free(struct ncr_ns *ns, struct ncr_async_req *r)
{
	if (r->req)
		skcipher_request_free(r->req);
	if (r->buf)
		ncr_user_kvfree(ns->user, r->buf, r->len ?: 1);
	ncr_bsd_put(r->b);
	kfree_sensitive(r);
	ncr_user_uncharge(ns->user, NCR_RES_MEMORY, sizeof(*r));
}

static void ncr_async_finish(struct ncr_async_req *r, int err)
{
	struct ncr_bsd_async *q = r->q;
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	r->err = err;
	r->done = true;
	q->in_flight--;
	spin_unlock_irqrestore(&q->lock, flags);
	wake_up_all(&q->wait);
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
static void ncr_async_cb(void *data, int err)
{
	struct ncr_async_req *r = data;
#else
static void ncr_async_cb(struct crypto_async_request *base, int err)
{
	struct ncr_async_req *r = base->data;
#endif
	if (err == -EINPROGRESS)	/* left the backlog: not done yet */
		return;
	ncr_async_finish(r, err);
}

/* Hands r to the driver; the callback or this function finishes it. */
static int ncr_async_start(struct ncr_async_req *r)
{
	struct ncr_session *c = &r->b->c;
	int err;

	r->req = skcipher_request_alloc(c->tfm.sk, GFP_KERNEL_ACCOUNT);
	if (!r->req)
		return -ENOMEM;
	sg_init_one(&r->sg, r->buf, r->len);
	skcipher_request_set_callback(r->req, CRYPTO_TFM_REQ_MAY_BACKLOG,
				      ncr_async_cb, r);
	skcipher_request_set_crypt(r->req, &r->sg, &r->sg, r->len, r->iv);
	err = r->cop.op == COP_ENCRYPT ? crypto_skcipher_encrypt(r->req) :
					 crypto_skcipher_decrypt(r->req);
	if (err != -EINPROGRESS && err != -EBUSY)
		ncr_async_finish(r, err);
	return 0;
}

/* Only cipher-only sessions of a streaming or block mode go async. */
static bool ncr_async_capable(const struct ncr_bsd *b)
{
	return b->c.alg && !b->h.alg && b->c.alg->kind == NCR_KIND_CIPHER &&
	       !b->c.alg->whole;
}

long ncr_bsd_async_submit(struct ncr_ns *ns, struct crypt_op *cop,
			  struct ncr_audit_ctx *ac)
{
	struct ncr_bsd_async *q = &ns->async;
	struct ncr_async_req *r;
	struct ncr_bsd *b;
	bool async;
	long err;

	if (cop->flags & ~(COP_FLAG_WRITE_IV))
		return -EINVAL;	/* NO_ZC and the hash-state flags: sync only */
	if (cop->len > CRYPTODEV_ASYNC_MAX_LEN)
		return -E2BIG;
	err = ncr_user_charge(ns->user, NCR_RES_MEMORY, sizeof(*r));
	if (err)
		return err;
	r = kzalloc(sizeof(*r), GFP_KERNEL_ACCOUNT);
	if (!r) {
		ncr_user_uncharge(ns->user, NCR_RES_MEMORY, sizeof(*r));
		return -ENOMEM;
	}
	r->q = q;
	r->cop = *cop;
	/* a slot first: the queue holds at most CRYPTODEV_ASYNC_MAX */
	spin_lock_irq(&q->lock);
	if (q->n >= CRYPTODEV_ASYNC_MAX) {
		spin_unlock_irq(&q->lock);
		kfree(r);
		ncr_user_uncharge(ns->user, NCR_RES_MEMORY, sizeof(*r));
		return -EBUSY;
	}
	q->n++;
	spin_unlock_irq(&q->lock);

	b = ncr_bsd_get_locked(ns, cop->ses);
	if (IS_ERR(b)) {
		err = PTR_ERR(b);
		goto err_slot;
	}
	r->b = b;	/* the lookup's reference, kept until the fetch */
	async = ncr_async_capable(b);
	if (!async) {
		/* as CIOCCRYPT, now; the session is locked */
		mutex_unlock(&b->lock);
		err = ncr_bsd_crypt(ns, cop, ac);
		if (err)
			goto err_ref;
		r->sync = true;
		r->done = true;
		goto queue;
	}
	ac->alg = b->c.alg;
	err = -EINVAL;
	if ((cop->op != COP_ENCRYPT && cop->op != COP_DECRYPT) ||
	    cop->len % (b->c.alg->stream ? 1 : b->c.alg->block) ||
	    ((cop->flags & COP_FLAG_WRITE_IV) && !cop->iv && b->c.iv_len))
		goto err_unlock;
	if (b->c_handle) {
		err = ncr_session_check_key(b->c.alg, b->c.key,
					    cop->op == COP_ENCRYPT ?
					    NCR_OP_ENCRYPT : NCR_OP_DECRYPT);
		if (err)
			goto err_unlock;
	}
	memcpy(r->iv, b->c.iv, sizeof(r->iv));
	mutex_unlock(&b->lock);
	if (cop->iv && copy_from_user(r->iv, cop->iv, b->c.iv_len)) {
		err = -EFAULT;
		goto err_ref;
	}
	r->len = cop->len;
	r->buf = ncr_user_kzalloc(ns->user, r->len ?: 1);	/* sg_init_one */
	if (IS_ERR(r->buf)) {
		err = PTR_ERR(r->buf);
		r->buf = NULL;
		goto err_ref;
	}
	if (copy_from_user(r->buf, cop->src, r->len)) {
		err = -EFAULT;
		goto err_ref;
	}
queue:
	spin_lock_irq(&q->lock);
	list_add_tail(&r->node, &q->reqs);
	if (!r->done)
		q->in_flight++;
	spin_unlock_irq(&q->lock);
	if (!r->done) {
		err = ncr_async_start(r);
		if (err)
			ncr_async_finish(r, err);	/* fetched as failed */
	}
	wake_up_all(&q->wait);
	return 0;

err_unlock:
	mutex_unlock(&b->lock);
err_ref:
	if (r->buf)
		ncr_user_kvfree(ns->user, r->buf, r->len ?: 1);
	ncr_bsd_put(b);
err_slot:
	spin_lock_irq(&q->lock);
	q->n--;
	spin_unlock_irq(&q->lock);
	kfree_sensitive(r);
	ncr_user_uncharge(ns->user, NCR_RES_MEMORY, sizeof(*r));
	return err;
}

long ncr_bsd_async_fetch(struct ncr_ns *ns, struct crypt_op *cop)
{
	struct ncr_bsd_async *q = &ns->async;
	struct ncr_async_req *r;
	long err;

	spin_lock_irq(&q->lock);
	r = list_first_entry_or_null(&q->reqs, struct ncr_async_req, node);
	if (!r || !r->done) {
		spin_unlock_irq(&q->lock);
		return -EBUSY;
	}
	list_del(&r->node);
	q->n--;
	spin_unlock_irq(&q->lock);
	wake_up_all(&q->wait);

	*cop = r->cop;
	err = r->err;
	if (!err && !r->sync) {
		if (copy_to_user(r->cop.dst, r->buf, r->len))
			err = -EFAULT;
		else if ((r->cop.flags & COP_FLAG_WRITE_IV) &&
			 copy_to_user(r->cop.iv, r->iv, r->b->c.iv_len))
			err = -EFAULT;
	}
	ncr_async_free(ns, r);
	/* the request is returned whatever its result: the errno says it */
	return err ?: 0;
}

__poll_t ncr_bsd_async_poll(struct ncr_ns *ns, struct file *file,
			    poll_table *wait)
{
	struct ncr_bsd_async *q = &ns->async;
	struct ncr_async_req *r;
	__poll_t mask = 0;

	poll_wait(file, &q->wait, wait);
	spin_lock_irq(&q->lock);
	r = list_first_entry_or_null(&q->reqs, struct ncr_async_req, node);
	if (r && r->done)
		mask |= EPOLLIN | EPOLLRDNORM;
	if (q->n < CRYPTODEV_ASYNC_MAX)
		mask |= EPOLLOUT | EPOLLWRNORM;
	spin_unlock_irq(&q->lock);
	return mask;
}

void ncr_bsd_async_drain(struct ncr_ns *ns)
{
	struct ncr_bsd_async *q = &ns->async;
	struct ncr_async_req *r, *tmp;
	LIST_HEAD(all);

	/* the driver may still write into the buffers: wait for it */
	wait_event(q->wait, READ_ONCE(q->in_flight) == 0);
	spin_lock_irq(&q->lock);
	list_splice_init(&q->reqs, &all);
	q->n = 0;
	spin_unlock_irq(&q->lock);
	list_for_each_entry_safe(r, tmp, &all, node) {
		list_del(&r->node);
		ncr_async_free(ns, r);
	}
}
