// SPDX-License-Identifier: GPL-2.0
/*
 * ns.c - namespaces: one per open file description of /dev/crypto, holding
 * the key and session handle tables.  dev.c creates one at open and
 * destroys it at the last close; the ioctl handlers look handles up here.
 */
#include <linux/slab.h>
#include <linux/sched.h>
#include "cryptodev-int.h"

atomic_t ncr_live_ns = ATOMIC_INIT(0);

int ncr_ns_charge(struct ncr_ns *ns)
{
	if (atomic_inc_return(&ns->nobjects) > ncr_max_objects_per_ns) {
		atomic_dec(&ns->nobjects);
		return -EDQUOT;
	}
	return 0;
}

void ncr_ns_uncharge(struct ncr_ns *ns)
{
	atomic_dec(&ns->nobjects);
}

/*
 * The key is complete before it is published: from xa_alloc on, another
 * thread may use or deinit the handle, so nothing of the key is written
 * after it (the caller's own reference keeps the pointer valid).
 */
int ncr_ns_add_key(struct ncr_ns *ns, struct ncr_key *key, u32 *handle)
{
	int err = ncr_ns_charge(ns);

	if (err)
		return err;
	ncr_key_get(key);	/* the table's */
	err = xa_alloc(&ns->keys, handle, key, xa_limit_31b,
		       GFP_KERNEL_ACCOUNT);
	if (err)
		goto err_uncharge;
	return 0;

err_uncharge:
	ncr_key_put(key);
	ncr_ns_uncharge(ns);
	return err == -EBUSY ? -EDQUOT : err;
}

void ncr_ns_unpublish_key(struct ncr_ns *ns, u32 handle, struct ncr_key *key)
{
	if (xa_cmpxchg(&ns->keys, handle, key, NULL, 0) == key) {
		ncr_ns_uncharge(ns);
		ncr_key_put(key);	/* the table's */
	}
}

int ncr_ns_remove_key(struct ncr_ns *ns, u32 handle)
{
	struct ncr_key *key = handle ? xa_erase(&ns->keys, handle) : NULL;

	if (!key)
		return -ENOENT;
	ncr_ns_uncharge(ns);
	ncr_key_put(key);	/* the table's reference */
	return 0;
}

struct ncr_key *ncr_ns_key(struct ncr_ns *ns, u32 handle)
{
	struct ncr_key *key;

	if (!handle)
		return NULL;
	xa_lock(&ns->keys);
	key = xa_load(&ns->keys, handle);
	if (key)
		ncr_key_get(key);
	xa_unlock(&ns->keys);
	return key;
}

bool ncr_ns_key_is(struct ncr_ns *ns, u32 handle, const struct ncr_key *key)
{
	return handle && xa_load(&ns->keys, handle) == key;
}

/*
 * A new namespace for one opening of /dev/crypto, charged to uid (one
 * namespace and its memory); ERR_PTR(-ENOMEM or -EDQUOT).
 */
struct ncr_ns *ncr_ns_create(kuid_t uid)
{
	struct ncr_user *u;
	struct ncr_ns *ns;
	int err;

	u = ncr_user_get(uid);
	if (!u)
		return ERR_PTR(-ENOMEM);
	err = ncr_user_charge(u, NCR_RES_NAMESPACES, 1);
	if (err)
		goto err_user;
	err = ncr_user_charge(u, NCR_RES_MEMORY, sizeof(*ns));
	if (err)
		goto err_count;
	ns = kzalloc(sizeof(*ns), GFP_KERNEL_ACCOUNT);
	if (!ns) {
		err = -ENOMEM;
		goto err_memory;
	}
	xa_init_flags(&ns->keys, XA_FLAGS_ALLOC1);
	xa_init_flags(&ns->sessions, XA_FLAGS_ALLOC1);
	xa_init(&ns->bsd);
	ncr_bsd_async_init(ns);
	atomic_set(&ns->inflight, 0);
	mutex_init(&ns->once_lock);
	init_waitqueue_head(&ns->inflight_wait);
	spin_lock_init(&ns->pool_lock);
	ns->user = u;		/* the namespace's reference */
	atomic_inc(&ncr_live_ns);
	return ns;

err_memory:
	ncr_user_uncharge(u, NCR_RES_MEMORY, sizeof(*ns));
err_count:
	ncr_user_uncharge(u, NCR_RES_NAMESPACES, 1);
err_user:
	ncr_user_put(u);
	return ERR_PTR(err);
}

/* Last close: no ioctl can be running, so every handle can go at once. */
void ncr_ns_destroy(struct ncr_ns *ns)
{
	unsigned long i;
	void *p;

	/* batches and io_uring commands hold the file while in flight */
	WARN_ON_ONCE(atomic_read(&ns->inflight));
	ncr_bsd_async_drain(ns);	/* requests hold BSD sessions */
	ncr_bsd_destroy_all(ns);	/* before the pool: they hold buffers */
	xa_for_each(&ns->sessions, i, p) {
		xa_erase(&ns->sessions, i);
		ncr_session_put_any(p);
		cond_resched();
	}
	xa_for_each(&ns->keys, i, p) {
		xa_erase(&ns->keys, i);
		ncr_key_put(p);
		cond_resched();
	}
	xa_destroy(&ns->sessions);
	xa_destroy(&ns->keys);
	ncr_session_ns_release(ns);	/* before the pool: it holds a buffer */
	ncr_pool_drain(ns);
	ncr_user_uncharge(ns->user, NCR_RES_MEMORY, sizeof(*ns));
	ncr_user_uncharge(ns->user, NCR_RES_NAMESPACES, 1);
	ncr_user_put(ns->user);
	kfree(ns);
	atomic_dec(&ncr_live_ns);
}
