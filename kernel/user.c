// SPDX-License-Identifier: GPL-2.0
/*
 * user.c - per-user accounting: every key, session, namespace, buffered
 * byte and other byte of kernel memory a namespace's objects hold is
 * counted against the uid that opened the namespace, over all of that
 * uid's namespaces and processes together, and refused (-EDQUOT) past the
 * module parameters (params.c).  Opening more descriptors or forking more
 * processes does not multiply what one uid may hold.  The memory itself
 * is also charged to the caller's memory cgroup (GFP_KERNEL_ACCOUNT), so
 * a cgroup limit applies to it as to the caller's own pages.
 */
#include <linux/hashtable.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/uaccess.h>
#include "ncr-int.h"

struct ncr_user {
	struct hlist_node node;
	kuid_t uid;
	unsigned int refs;	/* namespaces/keys pointing here; ncr_users_lock */
	atomic_long_t used[NCR_RES_COUNT];
};

static DEFINE_HASHTABLE(ncr_users, 6);
static DEFINE_SPINLOCK(ncr_users_lock);

struct ncr_user *ncr_user_get(kuid_t uid)
{
	struct ncr_user *u, *fresh;
	int i;

	fresh = kzalloc(sizeof(*fresh), GFP_KERNEL_ACCOUNT);
	spin_lock(&ncr_users_lock);
	hash_for_each_possible(ncr_users, u, node, __kuid_val(uid)) {
		if (uid_eq(u->uid, uid)) {
			u->refs++;
			spin_unlock(&ncr_users_lock);
			kfree(fresh);
			return u;
		}
	}
	if (fresh) {
		fresh->uid = uid;
		fresh->refs = 1;
		for (i = 0; i < NCR_RES_COUNT; i++)
			atomic_long_set(&fresh->used[i], 0);
		hash_add(ncr_users, &fresh->node, __kuid_val(uid));
	}
	spin_unlock(&ncr_users_lock);
	return fresh;
}

void ncr_user_hold(struct ncr_user *u)
{
	spin_lock(&ncr_users_lock);
	u->refs++;
	spin_unlock(&ncr_users_lock);
}

void ncr_user_put(struct ncr_user *u)
{
	spin_lock(&ncr_users_lock);
	if (--u->refs == 0) {
		hash_del(&u->node);
		spin_unlock(&ncr_users_lock);
		kfree(u);
		return;
	}
	spin_unlock(&ncr_users_lock);
}

/* The limit of r, read at each charge (the parameters are writable). */
static unsigned long ncr_user_limit(enum ncr_res r)
{
	switch (r) {
	case NCR_RES_KEYS:
		return READ_ONCE(ncr_max_keys_per_user);
	case NCR_RES_SESSIONS:
		return READ_ONCE(ncr_max_sessions_per_user);
	case NCR_RES_NAMESPACES:
		return READ_ONCE(ncr_max_namespaces_per_user);
	case NCR_RES_BUFFERED:
		return READ_ONCE(ncr_max_buffered_bytes);
	default:
		return READ_ONCE(ncr_max_user_memory);
	}
}

int ncr_user_charge(struct ncr_user *u, enum ncr_res r, unsigned long n)
{
	unsigned long limit = ncr_user_limit(r);

	if (n > limit ||
	    (unsigned long)atomic_long_add_return(n, &u->used[r]) > limit) {
		if (n <= limit)
			atomic_long_sub(n, &u->used[r]);
		return -EDQUOT;
	}
	return 0;
}

void ncr_user_uncharge(struct ncr_user *u, enum ncr_res r, unsigned long n)
{
	atomic_long_sub(n, &u->used[r]);
}

unsigned long ncr_user_used(struct ncr_user *u, enum ncr_res r)
{
	return atomic_long_read(&u->used[r]);
}

void *ncr_user_kvzalloc(struct ncr_user *u, size_t n)
{
	void *p;
	int err = ncr_user_charge(u, NCR_RES_MEMORY, n);

	if (err)
		return ERR_PTR(err);
	p = kvzalloc(n, GFP_KERNEL_ACCOUNT);
	if (!p) {
		ncr_user_uncharge(u, NCR_RES_MEMORY, n);
		return ERR_PTR(-ENOMEM);
	}
	return p;
}

void *ncr_user_kzalloc(struct ncr_user *u, size_t n)
{
	void *p;
	int err = ncr_user_charge(u, NCR_RES_MEMORY, n);

	if (err)
		return ERR_PTR(err);
	p = kzalloc(n, GFP_KERNEL_ACCOUNT);
	if (!p) {
		ncr_user_uncharge(u, NCR_RES_MEMORY, n);
		return ERR_PTR(-ENOMEM);
	}
	return p;
}

void *ncr_user_memdup(struct ncr_user *u, const void __user *src, size_t n)
{
	void *p = ncr_user_kvzalloc(u, n);

	if (!IS_ERR(p) && copy_from_user(p, src, n)) {
		ncr_user_kvfree(u, p, n);
		return ERR_PTR(-EFAULT);
	}
	return p;
}

void ncr_user_kvfree(struct ncr_user *u, void *p, size_t n)
{
	if (IS_ERR_OR_NULL(p))
		return;
	kvfree_sensitive(p, n);
	ncr_user_uncharge(u, NCR_RES_MEMORY, n);
}
