// SPDX-License-Identifier: GPL-2.0
/*
 * buf.c - bounded bounce buffers (one per session, pooled per namespace for
 * one-shot operations) and page lists for messages that must be processed
 * whole (AEAD, XTS, Ed25519).  All of it is charged to the caller's memory
 * cgroup (GFP_KERNEL_ACCOUNT) and to the namespace's user (user.c):
 * whole-message pages as NCR_RES_BUFFERED, everything else as
 * NCR_RES_MEMORY.
 */
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/highmem.h>
#include <linux/uaccess.h>
#include <linux/overflow.h>
#include <linux/sched/signal.h>
#include "ncr-int.h"

struct ncr_opbuf *ncr_opbuf_get(struct ncr_ns *ns)
{
	struct ncr_opbuf *ob = NULL;
	int i;

	spin_lock(&ns->pool_lock);
	for (i = 0; i < ARRAY_SIZE(ns->pool); i++) {
		if (ns->pool[i]) {
			ob = ns->pool[i];
			ns->pool[i] = NULL;
			break;
		}
	}
	spin_unlock(&ns->pool_lock);
	if (ob)
		return ob;

	if (ncr_user_charge(ns->user, NCR_RES_MEMORY,
			    sizeof(*ob) + NCR_OPBUF_SIZE))
		return ERR_PTR(-EDQUOT);
	ob = kzalloc(sizeof(*ob), GFP_KERNEL_ACCOUNT);
	if (!ob)
		goto err_uncharge;
	ob->buf = kmalloc(NCR_OPBUF_SIZE, GFP_KERNEL_ACCOUNT);
	if (!ob->buf) {
		kfree(ob);
		goto err_uncharge;
	}
	return ob;

err_uncharge:
	ncr_user_uncharge(ns->user, NCR_RES_MEMORY,
			  sizeof(*ob) + NCR_OPBUF_SIZE);
	return ERR_PTR(-ENOMEM);
}

static void ncr_opbuf_free(struct ncr_ns *ns, struct ncr_opbuf *ob)
{
	size_t charged = sizeof(*ob) + NCR_OPBUF_SIZE + ob->state_cap;

	kfree_sensitive(ob->buf);
	kfree_sensitive(ob->state);
	kfree(ob);
	ncr_user_uncharge(ns->user, NCR_RES_MEMORY, charged);
}

/* Buffers may have held plaintext or hash state: wiped before reuse. */
void ncr_opbuf_put(struct ncr_ns *ns, struct ncr_opbuf *ob)
{
	int i;

	memzero_explicit(ob->buf, ob->dirty);
	memzero_explicit(ob->buf + NCR_OPBUF_IV_OFF, ob->iv_dirty);
	ob->dirty = 0;
	ob->iv_dirty = 0;
	if (ob->state)
		memzero_explicit(ob->state, ob->state_used);
	ob->state_used = 0;
	spin_lock(&ns->pool_lock);
	for (i = 0; i < ARRAY_SIZE(ns->pool); i++) {
		if (!ns->pool[i]) {
			ns->pool[i] = ob;
			spin_unlock(&ns->pool_lock);
			return;
		}
	}
	spin_unlock(&ns->pool_lock);
	ncr_opbuf_free(ns, ob);
}

int ncr_opbuf_state(struct ncr_ns *ns, struct ncr_opbuf *ob, size_t size)
{
	void *p;
	int err;

	if (ob->state_cap >= size) {
		ob->state_used = max(ob->state_used, size);
		return 0;
	}
	err = ncr_user_charge(ns->user, NCR_RES_MEMORY, size - ob->state_cap);
	if (err)
		return err;
	p = kzalloc(size, GFP_KERNEL_ACCOUNT);
	if (!p) {
		ncr_user_uncharge(ns->user, NCR_RES_MEMORY,
				  size - ob->state_cap);
		return -ENOMEM;
	}
	kfree_sensitive(ob->state);
	ob->state = p;
	ob->state_cap = size;
	ob->state_used = size;
	return 0;
}

void ncr_pool_drain(struct ncr_ns *ns)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(ns->pool); i++) {
		if (ns->pool[i])
			ncr_opbuf_free(ns, ns->pool[i]);
		ns->pool[i] = NULL;
	}
}

static int ncr_bigbuf_reserve(struct ncr_ns *ns, struct ncr_bigbuf *b,
			      size_t len)
{
	size_t need;
	unsigned long pages;
	int err;

	if (check_add_overflow(b->len, len, &need) ||
	    need > ncr_max_buffered_bytes)
		return -EDQUOT;
	pages = DIV_ROUND_UP(need, PAGE_SIZE);
	while (b->npages < pages) {
		if (b->npages == b->cap) {
			unsigned int cap = max(16U, b->cap * 2);
			struct page **np;

			err = ncr_user_charge(ns->user, NCR_RES_MEMORY,
					      (cap - b->cap) * sizeof(*np));
			if (err)
				return err;
			np = kvmalloc_array(cap, sizeof(*np),
					    GFP_KERNEL_ACCOUNT);
			if (!np) {
				ncr_user_uncharge(ns->user, NCR_RES_MEMORY,
						  (cap - b->cap) * sizeof(*np));
				return -ENOMEM;
			}
			if (b->pages)
				memcpy(np, b->pages,
				       b->npages * sizeof(*np));
			kvfree(b->pages);
			b->pages = np;
			b->cap = cap;
		}
		err = ncr_user_charge(ns->user, NCR_RES_BUFFERED, PAGE_SIZE);
		if (err)
			return err;
		b->pages[b->npages] = alloc_page(GFP_KERNEL_ACCOUNT);
		if (!b->pages[b->npages]) {
			ncr_user_uncharge(ns->user, NCR_RES_BUFFERED,
					  PAGE_SIZE);
			return -ENOMEM;
		}
		b->npages++;
		if (fatal_signal_pending(current))
			return -EINTR;
	}
	return 0;
}

int ncr_bigbuf_extend(struct ncr_ns *ns, struct ncr_bigbuf *b, size_t len)
{
	int err = ncr_bigbuf_reserve(ns, b, len);

	if (!err)
		b->len += len;
	return err;
}

/*
 * Pages are reserved as the copy advances, so a bad pointer or a length far
 * beyond the caller's buffer fails at the first fault instead of after
 * reserving max_buffered_bytes.  On failure b->len is unchanged (pages
 * already reserved stay, charged, until the buffer is freed).
 */
int ncr_bigbuf_append_user(struct ncr_ns *ns, struct ncr_bigbuf *b,
			   const void __user *src, size_t len)
{
	size_t done = 0;
	int err;

	while (done < len) {
		size_t off = (b->len + done) % PAGE_SIZE;
		size_t n = min_t(size_t, len - done, PAGE_SIZE - off);
		struct page *pg;
		unsigned long left;
		void *p;

		err = ncr_bigbuf_reserve(ns, b, done + n);
		if (err)
			return err;
		pg = b->pages[(b->len + done) / PAGE_SIZE];
		p = kmap_local_page(pg);
		left = copy_from_user(p + off, src + done, n);
		kunmap_local(p);
		if (left)
			return -EFAULT;
		done += n;
		if (fatal_signal_pending(current))
			return -EINTR;
		cond_resched();
	}
	b->len += len;
	return 0;
}

int ncr_bigbuf_append(struct ncr_ns *ns, struct ncr_bigbuf *b,
		      const void *src, size_t len)
{
	size_t done = 0;
	int err = ncr_bigbuf_reserve(ns, b, len);

	if (err)
		return err;
	while (done < len) {
		size_t off = (b->len + done) % PAGE_SIZE;
		size_t n = min_t(size_t, len - done, PAGE_SIZE - off);

		memcpy_to_page(b->pages[(b->len + done) / PAGE_SIZE], off,
			       src + done, n);
		done += n;
	}
	b->len += len;
	return 0;
}

int ncr_bigbuf_copy_to_user(struct ncr_bigbuf *b, size_t off,
			    void __user *dst, size_t len)
{
	size_t done = 0;

	while (done < len) {
		size_t po = (off + done) % PAGE_SIZE;
		size_t n = min_t(size_t, len - done, PAGE_SIZE - po);
		void *p = kmap_local_page(b->pages[(off + done) / PAGE_SIZE]);
		unsigned long left = copy_to_user(dst + done, p + po, n);

		kunmap_local(p);
		if (left)
			return -EFAULT;
		done += n;
		if (done < len && fatal_signal_pending(current))
			return -EINTR;
		cond_resched();
	}
	return 0;
}

void ncr_bigbuf_copy_out(struct ncr_bigbuf *b, size_t off, void *dst,
			 size_t len)
{
	size_t done = 0;

	while (done < len) {
		size_t po = (off + done) % PAGE_SIZE;
		size_t n = min_t(size_t, len - done, PAGE_SIZE - po);

		memcpy_from_page(dst + done,
				 b->pages[(off + done) / PAGE_SIZE], po, n);
		done += n;
	}
}

int ncr_bigbuf_sg(struct ncr_bigbuf *b, struct sg_table *t)
{
	unsigned int n = DIV_ROUND_UP(b->len, PAGE_SIZE), i;
	struct scatterlist *sg;
	int err;

	if (!n)
		return -EINVAL;
	err = sg_alloc_table(t, n, GFP_KERNEL_ACCOUNT);
	if (err)
		return err;
	for_each_sg(t->sgl, sg, n, i) {
		size_t l = min_t(size_t, PAGE_SIZE, b->len - (size_t)i * PAGE_SIZE);

		sg_set_page(sg, b->pages[i], l, 0);
	}
	return 0;
}

void ncr_bigbuf_free(struct ncr_ns *ns, struct ncr_bigbuf *b)
{
	unsigned int i;

	if (!b->pages) {	/* nothing was ever gathered */
		b->len = 0;
		return;
	}

	for (i = 0; i < b->npages; i++) {
		void *p = kmap_local_page(b->pages[i]);

		memzero_explicit(p, PAGE_SIZE);
		kunmap_local(p);
		__free_page(b->pages[i]);
	}
	ncr_user_uncharge(ns->user, NCR_RES_BUFFERED,
			  (unsigned long)b->npages * PAGE_SIZE);
	ncr_user_uncharge(ns->user, NCR_RES_MEMORY,
			  (unsigned long)b->cap * sizeof(*b->pages));
	kvfree(b->pages);
	memset(b, 0, sizeof(*b));
}
