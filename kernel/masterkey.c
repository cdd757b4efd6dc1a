// SPDX-License-Identifier: GPL-2.0
/*
 * masterkey.c - NCRIO_MASTER_KEY_SET: the master key from the caller's
 * bytes or from a key of the kernel's key retention service (trusted,
 * encrypted, user, logon), its rotation and the forgetting of the previous
 * key.  storage.c holds the keys (ncr_master_install).
 *
 * A keyring key is found with request_key() without a callout, in the
 * caller's keyrings, and its payload copied under the key's semaphore
 * after key_validate (not revoked, not expired; request_key passes over
 * such keys, ncr_keyring_why says which it was); the copy lives on the
 * stack only while the blob key and the ID are derived.  The "trusted"
 * and "encrypted" key types are taken with symbol_get (after asking for
 * their module), so ncr.ko loads on kernels without them and never pins
 * them: EOPNOTSUPP then.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/key.h>
#include <linux/kmod.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <keys/encrypted-type.h>
#include <keys/trusted-type.h>
#include <keys/user-type.h>
#include "ncr-int.h"

#define NCR_MASTER_LEN	32

static const char *const ncr_master_src_names[] = {
	[NCR_MASTER_KEY_SRC_BYTES] = "bytes",
	[NCR_MASTER_KEY_SRC_TRUSTED] = "trusted",
	[NCR_MASTER_KEY_SRC_ENCRYPTED] = "encrypted",
	[NCR_MASTER_KEY_SRC_USER] = "user",
	[NCR_MASTER_KEY_SRC_LOGON] = "logon",
};

const char *ncr_master_src_name(u32 src)
{
	if (src < ARRAY_SIZE(ncr_master_src_names) &&
	    ncr_master_src_names[src])
		return ncr_master_src_names[src];
	return "-";
}

/*
 * The key type of src, with a module reference where it came from
 * symbol_get (*got true: symbol_put when done); NULL if the kernel has
 * none.
 */
static struct key_type *ncr_key_type_get(u32 src, bool *got)
{
	struct key_type *t = NULL;

	*got = false;
	switch (src) {
	case NCR_MASTER_KEY_SRC_USER:
		return &key_type_user;
	case NCR_MASTER_KEY_SRC_LOGON:
		return &key_type_logon;
	case NCR_MASTER_KEY_SRC_TRUSTED:
		t = symbol_get(key_type_trusted);
		if (!t) {
			request_module("trusted");
			t = symbol_get(key_type_trusted);
		}
		break;
	case NCR_MASTER_KEY_SRC_ENCRYPTED:
		t = symbol_get(key_type_encrypted);
		if (!t) {
			request_module("encrypted-keys");
			t = symbol_get(key_type_encrypted);
		}
		break;
	}
	*got = t != NULL;
	return t;
}

static void ncr_key_type_put(u32 src)
{
	if (src == NCR_MASTER_KEY_SRC_TRUSTED)
		symbol_put(key_type_trusted);
	else if (src == NCR_MASTER_KEY_SRC_ENCRYPTED)
		symbol_put(key_type_encrypted);
}

/* Copies the payload of a valid key of type src, under key->sem. */
static int ncr_key_payload(struct key *key, u32 src, u8 out[NCR_MASTER_LEN])
{
	const u8 *data = NULL;
	size_t len = 0;
	int err;

	down_read(&key->sem);
	err = key_validate(key);
	if (err)
		goto out_unlock;
	switch (src) {
	case NCR_MASTER_KEY_SRC_USER:
	case NCR_MASTER_KEY_SRC_LOGON: {
		const struct user_key_payload *p = user_key_payload_locked(key);

		if (p) {
			data = p->data;
			len = p->datalen;
		}
		break;
	}
	case NCR_MASTER_KEY_SRC_TRUSTED: {
		const struct trusted_key_payload *p =
			dereference_key_locked(key);

		if (p) {
			data = p->key;
			len = p->key_len;
		}
		break;
	}
	case NCR_MASTER_KEY_SRC_ENCRYPTED: {
		const struct encrypted_key_payload *p =
			dereference_key_locked(key);

		if (p) {
			data = p->decrypted_data;
			len = p->decrypted_datalen;
		}
		break;
	}
	}
	if (!data)
		err = -EKEYREVOKED;	/* a revoked user key has no payload */
	else if (len != NCR_MASTER_LEN)
		err = -EINVAL;
	else
		memcpy(out, data, NCR_MASTER_LEN);
out_unlock:
	up_read(&key->sem);
	return err;
}

/*
 * request_key() passes over revoked and expired keys, so such a key reads
 * as not found.  To say why, the caller's thread, process and session
 * keyrings (and what they link) are searched again with keyring_search,
 * which reports them: EKEYREVOKED, EKEYEXPIRED, else ENOKEY.
 */
static int ncr_keyring_why(struct key_type *type, const char *desc)
{
	const struct cred *cred = current_cred();
	struct key *rings[] = { cred->thread_keyring, cred->process_keyring,
				cred->session_keyring };
	key_ref_t ref;
	int i;

	for (i = 0; i < ARRAY_SIZE(rings); i++) {
		if (!rings[i])
			continue;
		ref = keyring_search(make_key_ref(rings[i], true), type, desc,
				     true);
		if (!IS_ERR(ref)) {
			key_ref_put(ref);	/* appeared since: a race */
			continue;
		}
		if (PTR_ERR(ref) == -EKEYREVOKED ||
		    PTR_ERR(ref) == -EKEYEXPIRED)
			return PTR_ERR(ref);
	}
	return -ENOKEY;
}

/* The master key bytes of a keyring key named by mk (FLAG_KEYRING). */
static int ncr_master_from_keyring(const struct ncr_master_key *mk,
				   u8 out[NCR_MASTER_LEN], u32 *serial)
{
	struct key_type *type;
	struct key *key;
	char *desc;
	bool got;
	int err;

	desc = memdup_user_nul(ncr_uptr(mk->key), mk->key_size);
	if (IS_ERR(desc))
		return PTR_ERR(desc);
	if (strlen(desc) != mk->key_size) {
		err = -EINVAL;		/* a NUL inside */
		goto out_desc;
	}
	type = ncr_key_type_get(mk->key_type, &got);
	if (!type) {
		err = -EOPNOTSUPP;
		goto out_desc;
	}
	key = request_key(type, desc, NULL);	/* no callout */
	if (IS_ERR(key)) {
		err = PTR_ERR(key);
		/* a negative (rejected) key, or none: not found */
		if (err != -EKEYREVOKED && err != -EKEYEXPIRED &&
		    err != -ENOMEM && err != -EINTR)
			err = ncr_keyring_why(type, desc);
		goto out_type;
	}
	*serial = key->serial;
	if (mk->key_serial && key->serial != (key_serial_t)mk->key_serial)
		err = -ENOKEY;
	else
		err = ncr_key_payload(key, mk->key_type, out);
	key_put(key);
out_type:
	if (got)
		ncr_key_type_put(mk->key_type);
out_desc:
	kfree(desc);
	return err;
}

static int ncr_master_key_check(const struct ncr_master_key *mk)
{
	u32 kind = mk->flags & (NCR_MASTER_KEY_FLAG_KEYRING |
				NCR_MASTER_KEY_FLAG_FORGET_PREVIOUS);

	if ((mk->flags & ~NCR_MASTER_KEY_FLAGS_ALL) || mk->__reserved ||
	    mk->__reserved2)
		return -EINVAL;
	if (mk->flags & NCR_MASTER_KEY_FLAG_FORGET_PREVIOUS)
		return mk->flags != NCR_MASTER_KEY_FLAG_FORGET_PREVIOUS ||
		       mk->key || mk->key_size || mk->key_type ||
		       mk->key_serial ? -EINVAL : 0;
	if (kind == NCR_MASTER_KEY_FLAG_KEYRING)
		return mk->key_size < 1 ||
		       mk->key_size > NCR_MASTER_KEY_DESC_MAX ||
		       mk->key_type < NCR_MASTER_KEY_SRC_TRUSTED ||
		       mk->key_type > NCR_MASTER_KEY_SRC_LOGON ? -EINVAL : 0;
	return mk->key_size != NCR_MASTER_LEN || mk->key_type ||
	       mk->key_serial ? -EINVAL : 0;
}

long ncr_master_key_set_ioctl(struct ncr_ucmd *uc)
{
	struct ncr_master_key *mk = uc->cmd;
	struct ncr_audit_ctx *ac = &uc->ac;
	bool rotate = mk->flags & NCR_MASTER_KEY_FLAG_ROTATE;
	struct crypto_aead *tfm;
	u8 master[NCR_MASTER_LEN];
	u8 id[NCR_MASTER_KEY_ID_LEN];
	u32 src, serial = 0;
	int err;

	if (rotate)
		ac->op = "master_key_rotate";
	if (mk->flags & NCR_MASTER_KEY_FLAG_FORGET_PREVIOUS)
		ac->op = "master_key_forget_previous";
	err = ncr_master_key_check(mk);
	if (err)
		return err;
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (mk->flags & NCR_MASTER_KEY_FLAG_FORGET_PREVIOUS)
		return ncr_master_forget_previous();
	/* before any lookup (ncr_master_install checks again, locked) */
	if (!rotate && ncr_master_is_set())
		return -EEXIST;

	if (mk->flags & NCR_MASTER_KEY_FLAG_KEYRING) {
		src = mk->key_type;
		err = ncr_master_from_keyring(mk, master, &serial);
	} else {
		src = NCR_MASTER_KEY_SRC_BYTES;
		err = copy_from_user(master, ncr_uptr(mk->key),
				     sizeof(master)) ? -EFAULT : 0;
	}
	if (err)
		goto out_wipe;
	err = ncr_master_tfm_new(master, &tfm, id);
	if (err)
		goto out_wipe;
	err = ncr_master_install(tfm, src, id, rotate);
	if (err) {
		crypto_free_aead(tfm);
		goto out_wipe;
	}
	ac->has_master = true;
	ac->master_source = src;
	ac->master_serial = serial;
	memcpy(ac->master_id, id, sizeof(ac->master_id));
out_wipe:
	memzero_explicit(master, sizeof(master));
	return err;
}
