// SPDX-License-Identifier: GPL-2.0
/*
 * ns.c - namespaces: one per open file description of /dev/crypto, holding
 * the key and session handle tables, and the ioctl dispatcher.
 */
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/module.h>
#include "ncr-int.h"

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

static int ncr_open(struct inode *inode, struct file *file)
{
	struct ncr_user *u;
	struct ncr_ns *ns;
	int err;

	u = ncr_user_get(current_uid());
	if (!u)
		return -ENOMEM;
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
	spin_lock_init(&ns->pool_lock);
	ns->user = u;		/* the namespace's reference */
	file->private_data = ns;
	atomic_inc(&ncr_live_ns);
	return 0;

err_memory:
	ncr_user_uncharge(u, NCR_RES_MEMORY, sizeof(*ns));
err_count:
	ncr_user_uncharge(u, NCR_RES_NAMESPACES, 1);
err_user:
	ncr_user_put(u);
	return err;
}

/* Last close: no ioctl can be running, so every handle can go at once. */
static int ncr_release(struct inode *inode, struct file *file)
{
	struct ncr_ns *ns = file->private_data;
	unsigned long i;
	void *p;

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
	ncr_pool_drain(ns);
	ncr_user_uncharge(ns->user, NCR_RES_MEMORY, sizeof(*ns));
	ncr_user_uncharge(ns->user, NCR_RES_NAMESPACES, 1);
	ncr_user_put(ns->user);
	kfree(ns);
	atomic_dec(&ncr_live_ns);
	return 0;
}

/*
 * Handlers fill ac; the dispatcher writes one audit record per operation
 * (see audit.c).  Info queries and session updates are not recorded.
 */
static long ncr_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ncr_ns *ns = file->private_data;
	void __user *uarg = (void __user *)arg;
	struct ncr_audit_ctx ac = { .verify = -1 };
	const char *op;
	long ret;

	switch (cmd) {
	case NCRIO_SESSION_ONCE:
		ret = ncr_session_once_ioctl(ns, uarg, &ac);
		op = "session_once";
		break;
	case NCRIO_SESSION_UPDATE:
		return ncr_session_update_ioctl(ns, uarg, false, &ac);
	case NCRIO_SESSION_FINAL:
		ret = ncr_session_update_ioctl(ns, uarg, true, &ac);
		op = "session_final";
		break;
	case NCRIO_SESSION_INIT:
		ret = ncr_session_init_ioctl(ns, uarg, &ac);
		op = "session_init";
		break;
	case NCRIO_SESSION_FREE:
		ret = ncr_session_free_ioctl(ns, uarg, &ac);
		op = "session_free";
		break;
	case NCRIO_INFO:
		return ncr_info_ioctl(ns, uarg);
	case NCRIO_KEY_GET_INFO:
		return ncr_key_info_ioctl(ns, uarg);
	case NCRIO_KEY_GENERATE:
		ret = ncr_key_generate_ioctl(ns, uarg, &ac);
		op = "key_generate";
		break;
	case NCRIO_KEY_IMPORT:
		ret = ncr_key_import_ioctl(ns, uarg, &ac);
		op = "key_import";
		break;
	case NCRIO_KEY_EXPORT:
		ret = ncr_key_export_ioctl(ns, uarg, &ac);
		op = "key_export";
		break;
	case NCRIO_KEY_DEINIT:
		ret = ncr_key_deinit_ioctl(ns, uarg, &ac);
		op = "key_deinit";
		break;
	case NCRIO_KEY_RESTRICT:
		ret = ncr_key_restrict_ioctl(ns, uarg, &ac);
		op = "key_restrict";
		break;
	case NCRIO_KEY_TRUST:
		ret = ncr_key_trust_ioctl(ns, uarg, &ac);
		op = "key_trust";
		break;
	case NCRIO_KEY_GENERATE_PAIR:
		ret = ncr_key_generate_pair_ioctl(ns, uarg, &ac);
		op = "key_generate_pair";
		break;
	case NCRIO_KEY_DERIVE:
		ret = ncr_key_derive_ioctl(ns, uarg, &ac);
		op = "key_derive";
		break;
	case NCRIO_MASTER_KEY_SET:
		ret = ncr_master_key_set_ioctl(uarg);
		op = "master_key_set";
		break;
	case NCRIO_KEY_STORAGE_WRAP:
		ret = ncr_storage_wrap_ioctl(ns, uarg, &ac);
		op = "storage_wrap";
		break;
	case NCRIO_KEY_STORAGE_UNWRAP:
		ret = ncr_storage_unwrap_ioctl(ns, uarg, &ac);
		op = "storage_unwrap";
		break;
	case NCRIO_KEY_WRAP:
		ret = ncr_key_wrap_ioctl(ns, uarg, &ac);
		op = "key_wrap";
		break;
	case NCRIO_KEY_UNWRAP:
		ret = ncr_key_unwrap_ioctl(ns, uarg, &ac);
		op = "key_unwrap";
		break;
	default:
		return -ENOTTY;
	}
	ncr_audit(op, &ac, ret);
	return ret;
}

const struct file_operations ncr_fops = {
	.owner = THIS_MODULE,
	.open = ncr_open,
	.release = ncr_release,
	.unlocked_ioctl = ncr_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};
