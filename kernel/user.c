// SPDX-License-Identifier: GPL-2.0
/*
 * user.c - per-user key accounting: the RFC's per-user limit on key
 * objects, counted over every namespace the uid has open.
 */
#include <linux/hashtable.h>
#include <linux/slab.h>
#include "ncr-int.h"

struct ncr_user {
	struct hlist_node node;
	kuid_t uid;
	unsigned int refs;	/* namespaces/keys pointing here; ncr_users_lock */
	atomic_t keys;
};

static DEFINE_HASHTABLE(ncr_users, 6);
static DEFINE_SPINLOCK(ncr_users_lock);

struct ncr_user *ncr_user_get(kuid_t uid)
{
	struct ncr_user *u, *fresh;

	fresh = kzalloc(sizeof(*fresh), GFP_KERNEL);
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
		atomic_set(&fresh->keys, 0);
		hash_add(ncr_users, &fresh->node, __kuid_val(uid));
	}
	spin_unlock(&ncr_users_lock);
	return fresh;
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

int ncr_user_charge_key(struct ncr_user *u)
{
	if (atomic_inc_return(&u->keys) > ncr_max_keys_per_user) {
		atomic_dec(&u->keys);
		return -EDQUOT;
	}
	return 0;
}

void ncr_user_uncharge_key(struct ncr_user *u)
{
	atomic_dec(&u->keys);
}
