// SPDX-License-Identifier: GPL-2.0
/*
 * key.c - key objects: creation, lifetime, policy checks, the per-key cache
 * of keyed transforms, and the key ioctls.
 */
#include <linux/slab.h>
#include <linux/random.h>
#include <linux/cred.h>
#include <linux/uaccess.h>
#include <crypto/algapi.h>
#include "ncr-int.h"

atomic64_t ncr_live_keys = ATOMIC64_INIT(0);

/*
 * 3DES keys whose thirds repeat degrade to single DES (or two-key 3DES):
 * refused, as the kernel's des3_ede does with weak-key checks on.
 */
bool ncr_des3_degenerate(const u8 *k)
{
	return !crypto_memneq(k, k + 8, 8) || !crypto_memneq(k + 8, k + 16, 8) ||
	       !crypto_memneq(k, k + 16, 8);
}

int ncr_key_check_len(u32 type, u32 bytes)
{
	switch (type) {
	case NCR_KEY_TYPE_AES:
		/* 48 and 64: AES-XTS double keys */
		if (bytes == 16 || bytes == 24 || bytes == 32 || bytes == 48 ||
		    bytes == 64)
			return 0;
		return -EINVAL;
	case NCR_KEY_TYPE_DES3:
		return bytes == 24 ? 0 : -EINVAL;
	case NCR_KEY_TYPE_CHACHA20:
		return bytes == 32 ? 0 : -EINVAL;
	case NCR_KEY_TYPE_HMAC:
		return bytes >= 1 && bytes <= NCR_MAX_HMAC_KEY_BYTES ?
			0 : -EINVAL;
	default:
		return -EINVAL;
	}
}

struct ncr_key *ncr_key_alloc(u32 type, u32 flags, u32 usage, u32 bytes,
			      const u8 *src)
{
	struct ncr_key *key;
	int err;

	key = kzalloc(struct_size(key, material, bytes), GFP_KERNEL_ACCOUNT);
	if (!key)
		return ERR_PTR(-ENOMEM);
	key->user = ncr_user_get(current_uid());
	if (!key->user) {
		err = -ENOMEM;
		goto err_free;
	}
	err = ncr_user_charge_key(key->user);
	if (err)
		goto err_user;
	kref_init(&key->ref);
	spin_lock_init(&key->cache_lock);
	key->type = type;
	key->flags = flags;
	key->usage = usage;
	key->len = bytes;
	key->bits = bytes * 8;
	if (src) {
		memcpy(key->material, src, bytes);
	} else {
		/* 3DES: draw again until the kernel's key checks accept it */
		do {
			get_random_bytes(key->material, bytes);
		} while (type == NCR_KEY_TYPE_DES3 &&
			 ncr_des3_degenerate(key->material));
	}
	atomic64_inc(&ncr_live_keys);
	return key;

err_user:
	ncr_user_put(key->user);
err_free:
	kfree(key);
	return ERR_PTR(err);
}

void ncr_tfm_release(struct ncr_tfm *t)
{
	if (!t->owned || !t->ptr)
		return;
	switch (t->alg->kind) {
	case NCR_KIND_CIPHER:
		crypto_free_skcipher(t->sk);
		break;
	case NCR_KIND_AEAD:
		crypto_free_aead(t->aead);
		break;
	default:
		crypto_free_shash(t->sh);
		break;
	}
	t->ptr = NULL;
}

struct crypto_tfm *ncr_tfm_base(const struct ncr_tfm *t)
{
	switch (t->alg->kind) {
	case NCR_KIND_CIPHER:
		return crypto_skcipher_tfm(t->sk);
	case NCR_KIND_AEAD:
		return crypto_aead_tfm(t->aead);
	default:
		return crypto_shash_tfm(t->sh);
	}
}

static void ncr_key_release(struct kref *ref)
{
	struct ncr_key *key = container_of(ref, struct ncr_key, ref);
	int i;

	for (i = 0; i < NCR_KEY_TFM_CACHE; i++) {
		key->cache[i].owned = true;
		ncr_tfm_release(&key->cache[i]);
	}
	ncr_user_uncharge_key(key->user);
	ncr_user_put(key->user);
	atomic64_dec(&ncr_live_keys);
	kfree_sensitive(key);
}

void ncr_key_put(struct ncr_key *key)
{
	kref_put(&key->ref, ncr_key_release);
}

/*
 * Allocates a transform for alg: by its generic name, or with hw by one of
 * the known hardware driver names (which must implement the same
 * algorithm).
 */
int ncr_tfm_alloc(const struct ncr_alg *alg, bool hw, struct ncr_tfm *out)
{
	const char *const *name = hw ? alg->hw_drivers : NULL;
	const char *n = hw ? *name : alg->kname;
	void *tfm;

	memset(out, 0, sizeof(*out));
	out->alg = alg;
	while (n) {
		switch (alg->kind) {
		case NCR_KIND_CIPHER:
			tfm = crypto_alloc_skcipher(n, 0, 0);
			break;
		case NCR_KIND_AEAD:
			tfm = crypto_alloc_aead(n, 0, 0);
			break;
		default:
			tfm = crypto_alloc_shash(n, 0, 0);
			break;
		}
		if (!IS_ERR(tfm)) {
			out->ptr = tfm;
			if (!hw || !strcmp(crypto_tfm_alg_name(ncr_tfm_base(out)),
					   alg->kname)) {
				out->hw = ncr_driver_is_hw(alg, ncr_tfm_base(out));
				out->owned = true;
				return 0;
			}
			out->owned = true;
			ncr_tfm_release(out);
		} else if (PTR_ERR(tfm) == -EINTR) {
			return -EINTR;
		}
		n = hw ? *++name : NULL;
	}
	return -EOPNOTSUPP;
}

static int ncr_tfm_setkey(struct ncr_tfm *t, struct ncr_key *key,
			  u32 authsize)
{
	int err;

	switch (t->alg->kind) {
	case NCR_KIND_CIPHER:
		return crypto_skcipher_setkey(t->sk, key->material, key->len);
	case NCR_KIND_AEAD:
		err = crypto_aead_setauthsize(t->aead, authsize);
		if (err)
			return -EINVAL;
		t->authsize = authsize;
		return crypto_aead_setkey(t->aead, key->material, key->len);
	default:
		return crypto_shash_setkey(t->sh, key->material, key->len);
	}
}

/*
 * A keyed transform for alg.  A key's material never changes after
 * creation, so a keyed tfm can be shared by every session and one-shot
 * operation on the key; requests carry the rest of the state.  The cache
 * lives until the key's last reference goes.
 */
int ncr_key_tfm(struct ncr_key *key, const struct ncr_alg *alg, u32 authsize,
		bool hw, struct ncr_tfm *out)
{
	struct ncr_tfm t;
	int i, err;

	spin_lock(&key->cache_lock);
	for (i = 0; i < NCR_KEY_TFM_CACHE; i++) {
		struct ncr_tfm *c = &key->cache[i];

		if (c->alg == alg && c->authsize == authsize &&
		    c->req_hw == hw && c->ptr) {
			*out = *c;
			out->owned = false;
			spin_unlock(&key->cache_lock);
			return 0;
		}
	}
	spin_unlock(&key->cache_lock);

	err = ncr_tfm_alloc(alg, hw, &t);
	if (err)
		return err;
	t.req_hw = hw;
	err = ncr_tfm_setkey(&t, key, authsize);
	if (err) {
		ncr_tfm_release(&t);
		return err == -ENOMEM ? err : -EINVAL;
	}

	spin_lock(&key->cache_lock);
	for (i = 0; i < NCR_KEY_TFM_CACHE; i++) {
		if (!key->cache[i].ptr) {
			key->cache[i] = t;
			key->cache[i].owned = false;
			t.owned = false;
			break;
		}
	}
	spin_unlock(&key->cache_lock);
	*out = t;
	return 0;
}

/* ---- ioctls ---- */

int ncr_key_check_policy(u32 flags, u32 usage)
{
	if (flags & ~NCR_KEY_FLAGS_ALL)
		return -EINVAL;
	if (!usage || (usage & ~NCR_KEY_USAGE_ALL))
		return -EINVAL;
	return 0;
}

long ncr_key_generate_ioctl(struct ncr_ns *ns, void __user *arg,
		struct ncr_audit_ctx *ac)
{
	struct ncr_key_generate g;
	struct ncr_key *key;
	u32 usize;
	int err;

	err = ncr_copy_in(&g, sizeof(g), NCR_KEY_GENERATE_SIZE_VER0, arg,
			  &usize);
	if (err)
		return err;
	err = ncr_key_check_policy(g.flags, g.usage);
	if (err)
		return err;
	if (g.bits % 8 || ncr_key_check_len(g.type, g.bits / 8))
		return -EINVAL;
	key = ncr_key_alloc(g.type, g.flags, g.usage, g.bits / 8, NULL);
	if (IS_ERR(key))
		return PTR_ERR(key);
	key->key_id_len = 16;
	get_random_bytes(key->key_id, 16);
	ncr_audit_key(ac, 0, key);
	err = ncr_ns_add_key(ns, key, &g.key);
	if (err)
		return err;
	ac->handle = g.key;
	err = ncr_copy_out(arg, &g, sizeof(g), usize);
	if (err)
		ncr_ns_remove_key(ns, g.key);
	return err;
}

long ncr_key_import_ioctl(struct ncr_ns *ns, void __user *arg,
		struct ncr_audit_ctx *ac)
{
	struct ncr_key_import im;
	struct ncr_key *key;
	bool pk;
	u8 *buf;
	u32 usize;
	int err;

	err = ncr_copy_in(&im, sizeof(im), NCR_KEY_IMPORT_SIZE_VER0, arg,
			  &usize);
	if (err)
		return err;
	pk = ncr_pk_type(im.type);
	if (im.__reserved || im.key_id_size > NCR_KEY_ID_MAX)
		return -EINVAL;
	if (!pk && (im.bits ||
		    (im.format && im.format != NCR_KEY_FORMAT_RAW)))
		return -EINVAL;
	err = ncr_key_check_policy(im.flags, im.usage);
	if (err)
		return err;
	if (pk ? !im.data_size || im.data_size > NCR_MAX_PKEY_BYTES :
		 ncr_key_check_len(im.type, im.data_size))
		return -EINVAL;
	buf = kmalloc(im.data_size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (copy_from_user(buf, ncr_uptr(im.data), im.data_size)) {
		err = -EFAULT;
		goto out;
	}
	if (pk) {
		key = ncr_pk_import(im.type, im.format, im.bits, buf,
				    im.data_size, im.flags, im.usage);
	} else if (im.type == NCR_KEY_TYPE_DES3 &&
		   ncr_des3_degenerate(buf)) {
		err = -EINVAL;
		goto out;
	} else {
		key = ncr_key_alloc(im.type, im.flags, im.usage, im.data_size,
				    buf);
	}
	if (IS_ERR(key)) {
		err = PTR_ERR(key);
		goto out;
	}
	key->key_id_len = im.key_id_size;
	if (copy_from_user(key->key_id, ncr_uptr(im.key_id), im.key_id_size)) {
		ncr_key_put(key);
		err = -EFAULT;
		goto out;
	}
	ncr_audit_key(ac, 0, key);
	err = ncr_ns_add_key(ns, key, &im.key);
	if (err)
		goto out;
	ac->handle = im.key;
	err = ncr_copy_out(arg, &im, sizeof(im), usize);
	if (err)
		ncr_ns_remove_key(ns, im.key);
out:
	kfree_sensitive(buf);
	return err;
}

/* Public-key export: encoded into a kernel buffer, then copied out. */
static int ncr_key_export_pk(struct ncr_key *key, struct ncr_key_export *ex)
{
	size_t len = min_t(size_t, ex->data_size, NCR_MAX_PKEY_BYTES);
	u8 *buf;
	int err;

	buf = kmalloc(NCR_MAX_PKEY_BYTES, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	err = ncr_pk_export(key, ex->format, buf, &len);
	if (!err && copy_to_user(ncr_uptr(ex->data), buf, len))
		err = -EFAULT;
	if (!err || err == -ERANGE)
		ex->data_size = len;
	kfree_sensitive(buf);
	return err;
}

long ncr_key_export_ioctl(struct ncr_ns *ns, void __user *arg,
		struct ncr_audit_ctx *ac)
{
	struct ncr_key_export ex;
	struct ncr_key *key;
	u32 usize;
	int err;

	err = ncr_copy_in(&ex, sizeof(ex), NCR_KEY_EXPORT_SIZE_VER0, arg,
			  &usize);
	if (err)
		return err;
	key = ncr_ns_key(ns, ex.key);
	if (!key)
		return -ENOENT;
	ncr_audit_key(ac, ex.key, key);
	if (key->klass) {
		err = ncr_key_export_pk(key, &ex);
		if (!err || err == -ERANGE)
			err = ncr_copy_out(arg, &ex, sizeof(ex), usize) ?: err;
	} else if (ex.format && ex.format != NCR_KEY_FORMAT_RAW) {
		err = -EINVAL;
	} else if (!(key->flags & NCR_KEY_FLAG_EXPORTABLE)) {
		err = -EPERM;
	} else if (ex.data_size < key->len) {
		ex.data_size = key->len;
		err = ncr_copy_out(arg, &ex, sizeof(ex), usize) ?: -ERANGE;
	} else if (copy_to_user(ncr_uptr(ex.data), key->material, key->len)) {
		err = -EFAULT;
	} else {
		ex.data_size = key->len;
		err = ncr_copy_out(arg, &ex, sizeof(ex), usize);
	}
	ncr_key_put(key);
	return err;
}

long ncr_key_info_ioctl(struct ncr_ns *ns, void __user *arg)
{
	struct ncr_key_info in;
	struct ncr_key *key;
	u32 usize;
	int err;

	err = ncr_copy_in(&in, sizeof(in), NCR_KEY_INFO_SIZE_VER0, arg,
			  &usize);
	if (err)
		return err;
	key = ncr_ns_key(ns, in.key);
	if (!key)
		return -ENOENT;
	in.flags = key->flags;
	in.usage = key->usage;
	in.type = key->type;
	in.bits = key->bits;
	in.key_id_size = key->key_id_len;
	in.key_class = key->klass ?: NCR_KEY_CLASS_SECRET;
	memset(in.key_id, 0, sizeof(in.key_id));
	memcpy(in.key_id, key->key_id, key->key_id_len);
	ncr_key_put(key);
	return ncr_copy_out(arg, &in, sizeof(in), usize);
}

long ncr_key_deinit_ioctl(struct ncr_ns *ns, void __user *arg,
		struct ncr_audit_ctx *ac)
{
	struct ncr_key_deinit d;
	u32 usize;
	int err;

	err = ncr_copy_in(&d, sizeof(d), NCR_KEY_DEINIT_SIZE_VER0, arg,
			  &usize);
	if (err)
		return err;
	if (unlikely(audit_enabled)) {
		struct ncr_key *key = ncr_ns_key(ns, d.key);

		if (key) {
			ncr_audit_key(ac, d.key, key);
			ncr_key_put(key);
		}
	}
	return ncr_ns_remove_key(ns, d.key);
}
