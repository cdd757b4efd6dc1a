// SPDX-License-Identifier: GPL-2.0
/*
 * key.c - key objects: creation, policy (flags, usage, algorithm sets,
 * attributes, trust), lifetime, the per-key cache of keyed transforms, and
 * the key ioctls.  The rules are the KEY POLICY and ALGORITHM SETS
 * sections of ncr.h; every creating path (generate, import, unwrap,
 * derive, pair generation, storage unwrap) goes through
 * ncr_key_set_policy(), so they cannot disagree.
 */
#include <linux/slab.h>
#include <linux/random.h>
#include <linux/cred.h>
#include <linux/capability.h>
#include <linux/uaccess.h>
#include <crypto/algapi.h>
#include <crypto/aes.h>
#include "ncr-int.h"

atomic64_t ncr_live_keys = ATOMIC64_INIT(0);

/* ---- kernel-assigned key IDs ---- */

/*
 * ID = AES-128(boot key, serial number): a permutation of a counter, so
 * IDs never repeat in a boot, and under a random per-boot key they reveal
 * neither the serial number nor each other.
 */
static struct crypto_aes_ctx ncr_id_ctx;
static atomic64_t ncr_id_serial = ATOMIC64_INIT(0);

int ncr_key_ids_init(void)
{
	u8 k[16];
	int err;

	get_random_bytes(k, sizeof(k));
	err = aes_expandkey(&ncr_id_ctx, k, sizeof(k));
	memzero_explicit(k, sizeof(k));
	return err;
}

static void ncr_key_new_id(struct ncr_key *key)
{
	u8 block[16] = {};
	u64 n = atomic64_inc_return(&ncr_id_serial);
	int i;

	for (i = 15; i >= 8; i--, n >>= 8)
		block[i] = (u8)n;
	aes_encrypt(&ncr_id_ctx, key->key_id, block);
	key->key_id_len = NCR_KEY_ID_LEN;
}

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

/* ---- algorithm sets ---- */

#define NCR_AES_MODES	(NCR_KEY_ALG_AES_ECB | NCR_KEY_ALG_AES_CBC | \
			 NCR_KEY_ALG_AES_CTR | NCR_KEY_ALG_AES_XTS | \
			 NCR_KEY_ALG_AES_GCM | NCR_KEY_ALG_AES_CCM | \
			 NCR_KEY_ALG_CMAC_AES | NCR_KEY_ALG_AES_KW | \
			 NCR_KEY_ALG_AES_KWP)
#define NCR_AES_WRAPS	(NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_KWP)
#define NCR_WRAP_ALGS	(NCR_AES_WRAPS | NCR_KEY_ALG_RSA_OAEP_WRAP)

/* Every algorithm a key of this type may ever have in its set. */
static u64 ncr_type_algs(u32 type)
{
	switch (type) {
	case NCR_KEY_TYPE_AES:
		return NCR_AES_MODES | NCR_KEY_ALG_KBKDF_CMAC;
	case NCR_KEY_TYPE_DES3:
		return NCR_KEY_ALG_DES3_CBC;
	case NCR_KEY_TYPE_CHACHA20:
		return NCR_KEY_ALG_CHACHA20 | NCR_KEY_ALG_CHACHA20_POLY1305;
	case NCR_KEY_TYPE_HMAC:
		return NCR_KEY_ALG_HMAC_ALL | NCR_KEY_ALG_HKDF |
		       NCR_KEY_ALG_KBKDF_HMAC;
	case NCR_KEY_TYPE_RSA:
		return NCR_KEY_ALG_RSA_PKCS1 | NCR_KEY_ALG_RSA_PSS |
		       NCR_KEY_ALG_RSA_OAEP | NCR_KEY_ALG_RSA_OAEP_WRAP;
	case NCR_KEY_TYPE_DSA:
		return NCR_KEY_ALG_DSA;
	case NCR_KEY_TYPE_DH:
		return NCR_KEY_ALG_DH;
	case NCR_KEY_TYPE_EC:
		return NCR_KEY_ALG_ECDSA | NCR_KEY_ALG_ECDH;
	case NCR_KEY_TYPE_X25519:
		return NCR_KEY_ALG_X25519;
	case NCR_KEY_TYPE_ED25519:
		return NCR_KEY_ALG_ED25519;
	default:
		return 0;
	}
}

/* AES keys of 48 and 64 bytes are AES-XTS double keys. */
static bool ncr_aes_xts_len(u32 len)
{
	return len == 48 || len == 64;
}

/*
 * The default family of one usage bit for a key (ncr.h, ALGORITHM SETS):
 * 0 if the type has none for it.
 */
static u64 ncr_usage_family(const struct ncr_key *key, u32 bit)
{
	bool crypt = bit & (NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT);
	bool sign = bit & (NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY);
	bool wrap = bit & (NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP);
	bool derive = bit & NCR_KEY_USAGE_DERIVE;

	switch (key->type) {
	case NCR_KEY_TYPE_AES:
		if (ncr_aes_xts_len(key->len))
			return crypt ? NCR_KEY_ALG_AES_XTS : 0;
		return crypt ? NCR_KEY_ALG_AES_GCM :
		       sign ? NCR_KEY_ALG_CMAC_AES :
		       wrap ? NCR_AES_WRAPS : 0;
	case NCR_KEY_TYPE_DES3:
		return crypt ? NCR_KEY_ALG_DES3_CBC : 0;
	case NCR_KEY_TYPE_CHACHA20:
		return crypt ? NCR_KEY_ALG_CHACHA20_POLY1305 : 0;
	case NCR_KEY_TYPE_HMAC:
		return sign || derive ? NCR_KEY_ALG_HMAC_ALL : 0;
	case NCR_KEY_TYPE_RSA:
		return sign ? NCR_KEY_ALG_RSA_PKCS1 | NCR_KEY_ALG_RSA_PSS :
		       crypt ? NCR_KEY_ALG_RSA_OAEP :
		       wrap ? NCR_KEY_ALG_RSA_OAEP_WRAP : 0;
	case NCR_KEY_TYPE_DSA:
		return sign ? NCR_KEY_ALG_DSA : 0;
	case NCR_KEY_TYPE_EC:
		return sign ? NCR_KEY_ALG_ECDSA :
		       derive ? NCR_KEY_ALG_ECDH : 0;
	case NCR_KEY_TYPE_ED25519:
		return sign ? NCR_KEY_ALG_ED25519 : 0;
	case NCR_KEY_TYPE_X25519:
		return derive ? NCR_KEY_ALG_X25519 : 0;
	case NCR_KEY_TYPE_DH:
		return derive ? NCR_KEY_ALG_DH : 0;
	default:
		return 0;
	}
}

/*
 * The default set of a key with this usage: the union of the families of
 * its usage bits.  Two or more families: only for public keys (*mixed
 * tells the caller; the union is still computed, for format-1 blobs).
 */
static u64 ncr_default_algs(const struct ncr_key *key, u32 usage,
			    bool *mixed)
{
	u64 all = 0, first = 0, f;
	u32 bit;

	*mixed = false;
	for (bit = 1; bit & NCR_KEY_USAGE_ALL; bit <<= 1) {
		if (!(usage & bit))
			continue;
		f = ncr_usage_family(key, bit);
		if (!f)
			continue;
		if (!first)
			first = f;
		else if (f != first)
			*mixed = true;
		all |= f;
	}
	return all;
}

/* An explicit set: of the key's type, with the XTS rules of ncr.h. */
static int ncr_check_algs(const struct ncr_key *key, u64 algs)
{
	const u64 kbkdf = NCR_KEY_ALG_KBKDF_HMAC | NCR_KEY_ALG_KBKDF_CMAC;

	if (!algs || (algs & ~ncr_type_algs(key->type)))
		return -EINVAL;
	/*
	 * SP 800-108 outputs are the PRF (HMAC, CMAC) under this key of
	 * caller-chosen inputs: a key that could also MAC (or encrypt
	 * blocks) would hand out its derived keys.  KBKDF keys do nothing
	 * else.
	 */
	if ((algs & kbkdf) && (algs & ~kbkdf))
		return -EINVAL;
	if (key->type != NCR_KEY_TYPE_AES)
		return 0;
	if (algs & NCR_KEY_ALG_AES_XTS)
		return algs == NCR_KEY_ALG_AES_XTS &&
		       (key->len == 32 || ncr_aes_xts_len(key->len)) ?
		       0 : -EINVAL;
	return ncr_aes_xts_len(key->len) ? -EINVAL : 0;
}

/*
 * Whether a key with this policy may be TRUSTED: it can do nothing but
 * wrap and is not exportable (see ncr.h, KEY POLICY).  At creation the
 * caller has CAP_SYS_ADMIN and brings the material (or the wrapped key)
 * itself, which is its decision.  By handle (NCRIO_KEY_TRUST), where the
 * handle may name a key some other process of the namespace brought in,
 * the material must never have been readable outside a kernel
 * (ALWAYS_SENSITIVE), and a public key must be the half of a pair
 * generated here.
 */
static bool ncr_key_trustworthy(const struct ncr_key *key, u32 flags,
				u32 usage, u64 algs, u32 attrs, bool by_handle)
{
	if (algs & ~NCR_WRAP_ALGS)
		return false;
	if (key->type != NCR_KEY_TYPE_AES && key->type != NCR_KEY_TYPE_RSA)
		return false;
	if (key->klass == NCR_KEY_CLASS_PUBLIC)
		return !(usage & ~NCR_KEY_USAGE_WRAP) &&
		       (!by_handle || (attrs & NCR_KEY_ATTR_LOCAL));
	if ((flags & (NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_HASHABLE)) ||
	    (by_handle && !(attrs & NCR_KEY_ATTR_ALWAYS_SENSITIVE)))
		return false;
	return !(usage & ~(NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP));
}

int ncr_key_check_policy(u32 flags, u32 usage)
{
	if (flags & ~NCR_KEY_FLAGS_ALL)
		return -EINVAL;
	if (!usage || (usage & ~NCR_KEY_USAGE_ALL))
		return -EINVAL;
	if ((flags & NCR_KEY_FLAG_TRUSTED) && !capable(CAP_SYS_ADMIN))
		return -EPERM;
	return 0;
}

/*
 * The end both ways of giving a new key its policy share: a set valid for
 * the key, TRUSTED only on a key that may have it; then the policy is set.
 */
static int ncr_key_apply_policy(struct ncr_key *key, u32 flags, u32 usage,
				u64 algs, u32 attrs)
{
	int err = ncr_check_algs(key, algs);

	if (err)
		return err;
	if ((flags & NCR_KEY_FLAG_TRUSTED) &&
	    !ncr_key_trustworthy(key, flags, usage, algs, attrs, false))
		return -EINVAL;
	key->flags = flags;
	key->usage = usage;
	key->algs = algs;
	key->attrs = attrs;
	return 0;
}

int ncr_key_set_policy(struct ncr_key *key, u32 flags, u32 usage, u64 algs,
		       u32 attrs)
{
	bool mixed;
	int err;

	err = ncr_key_check_policy(flags, usage);
	if (err)
		return err;
	if ((flags & NCR_KEY_FLAG_RSA_LEGACY) &&
	    (key->type != NCR_KEY_TYPE_RSA ||
	     key->klass != NCR_KEY_CLASS_PRIVATE))
		return -EINVAL;
	if (key->klass == NCR_KEY_CLASS_PUBLIC) {
		err = ncr_pk_usage_ok(key->klass, usage);
		if (err)
			return err;
		flags |= NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_STORABLE;
	}
	if (!algs) {
		algs = ncr_default_algs(key, usage, &mixed);
		if (!algs || (mixed && key->klass != NCR_KEY_CLASS_PUBLIC))
			return -EINVAL;
	}
	/* the caller says whether the material was ever outside a kernel */
	if ((flags & NCR_KEY_FLAG_EXPORTABLE) ||
	    key->klass == NCR_KEY_CLASS_PUBLIC)
		attrs &= ~NCR_KEY_ATTR_ALWAYS_SENSITIVE;
	if (!(flags & NCR_KEY_FLAG_WRAPPABLE))
		attrs |= NCR_KEY_ATTR_NEVER_EXTRACTABLE;
	return ncr_key_apply_policy(key, flags, usage, algs, attrs);
}

int ncr_key_restore_policy(struct ncr_key *key, u32 flags, u32 usage,
			   u64 algs, u32 attrs)
{
	bool mixed;

	if ((flags & ~NCR_KEY_FLAGS_ALL) || !usage ||
	    (usage & ~NCR_KEY_USAGE_ALL) || (attrs & ~NCR_KEY_ATTRS_ALL))
		return -EINVAL;
	if (key->klass == NCR_KEY_CLASS_PUBLIC &&
	    ncr_pk_usage_ok(key->klass, usage))
		return -EINVAL;
	if (!algs)	/* a format-1 blob: the union of the families */
		algs = ncr_default_algs(key, usage, &mixed);
	return ncr_key_apply_policy(key, flags, usage, algs, attrs);
}

int ncr_key_set_label(struct ncr_key *key, u64 uptr, u32 len)
{
	if (len > NCR_KEY_LABEL_MAX)
		return -EINVAL;
	if (copy_from_user(key->label, ncr_uptr(uptr), len))
		return -EFAULT;
	key->label_len = len;
	return 0;
}

int ncr_key_permits(const struct ncr_key *key, u32 usage, u64 algbit)
{
	if (!(READ_ONCE(key->usage) & usage))
		return -EPERM;
	if (algbit && !(READ_ONCE(key->algs) & algbit))
		return -EPERM;
	return 0;
}

int ncr_key_check_unwrapped_flags(const struct ncr_key *wk, u32 flags)
{
	if ((flags & (NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_HASHABLE)) &&
	    !(ncr_key_flags(wk) & NCR_KEY_FLAG_EXPORTABLE))
		return -EPERM;
	return 0;
}

/* ---- lifetime ---- */

struct ncr_key *ncr_key_alloc(struct ncr_user *u, u32 type, u32 bytes,
			      const u8 *src)
{
	struct ncr_key *key;
	size_t size = struct_size(key, material, bytes);
	int err;

	err = ncr_user_charge(u, NCR_RES_KEYS, 1);
	if (err)
		return ERR_PTR(err);
	err = ncr_user_charge(u, NCR_RES_MEMORY, size);
	if (err)
		goto err_keys;
	key = kzalloc(size, GFP_KERNEL_ACCOUNT);
	if (!key) {
		err = -ENOMEM;
		goto err_memory;
	}
	ncr_user_hold(u);
	key->user = u;
	key->charged = size;
	kref_init(&key->ref);
	spin_lock_init(&key->lock);
	key->type = type;
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
	ncr_key_new_id(key);
	atomic64_inc(&ncr_live_keys);
	return key;

err_memory:
	ncr_user_uncharge(u, NCR_RES_MEMORY, size);
err_keys:
	ncr_user_uncharge(u, NCR_RES_KEYS, 1);
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
	if (t->charged_to)
		ncr_user_uncharge(t->charged_to, NCR_RES_MEMORY, t->charged);
	t->charged_to = NULL;
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
	struct ncr_user *u = key->user;
	size_t charged = key->charged;
	int i;

	for (i = 0; i < NCR_KEY_TFM_CACHE; i++) {
		key->cache[i].owned = true;
		ncr_tfm_release(&key->cache[i]);
	}
	atomic64_dec(&ncr_live_keys);
	kfree_sensitive(key);
	ncr_user_uncharge(u, NCR_RES_MEMORY, charged);
	ncr_user_uncharge(u, NCR_RES_KEYS, 1);
	ncr_user_put(u);
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
	/*
	 * Hardware drivers are loaded when their device is probed, never on
	 * demand by name: without CRYPTO_NOLOAD each absent driver name ran
	 * modprobe, and a HARDWARE request on a machine without the device
	 * took a few tenths of a second to learn EOPNOTSUPP.
	 */
	u32 mask = hw ? CRYPTO_NOLOAD : 0;
	int nomem = 0;
	void *tfm;

	memset(out, 0, sizeof(*out));
	out->alg = alg;
	while (n) {
		switch (alg->kind) {
		case NCR_KIND_CIPHER:
			tfm = crypto_alloc_skcipher(n, 0, mask);
			break;
		case NCR_KIND_AEAD:
			tfm = crypto_alloc_aead(n, 0, mask);
			break;
		default:
			tfm = crypto_alloc_shash(n, 0, mask);
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
		} else if (PTR_ERR(tfm) == -ENOMEM) {
			nomem = 1;
		}
		n = hw ? *++name : NULL;
	}
	/* out of memory is not "this kernel lacks the algorithm" */
	return nomem ? -ENOMEM : -EOPNOTSUPP;
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
 * What a keyed transform costs, for the per-user memory count: the crypto
 * API does not say, so this is the transform's context (which holds the
 * expanded key) plus a fixed allowance for the structures around it.
 */
static size_t ncr_tfm_cost(const struct ncr_tfm *t)
{
	return 512 + ncr_tfm_base(t)->__crt_alg->cra_ctxsize;
}

/*
 * A keyed transform for alg.  A key's material never changes after
 * creation, so a keyed tfm can be shared by every session and one-shot
 * operation on the key; requests carry the rest of the state.  The cache
 * lives until the key's last reference goes.  Every transform made here
 * is charged to the key's user until it is freed.
 */
int ncr_key_tfm(struct ncr_key *key, const struct ncr_alg *alg, u32 authsize,
		bool hw, struct ncr_tfm *out)
{
	struct ncr_tfm t;
	size_t cost;
	int i, err;

	spin_lock(&key->lock);
	for (i = 0; i < NCR_KEY_TFM_CACHE; i++) {
		struct ncr_tfm *c = &key->cache[i];

		if (c->alg == alg && c->authsize == authsize &&
		    c->req_hw == hw && c->ptr) {
			*out = *c;
			out->owned = false;
			out->charged_to = NULL;
			spin_unlock(&key->lock);
			return 0;
		}
	}
	spin_unlock(&key->lock);

	err = ncr_tfm_alloc(alg, hw, &t);
	if (err)
		return err;
	cost = ncr_tfm_cost(&t);
	err = ncr_user_charge(key->user, NCR_RES_MEMORY, cost);
	if (err) {
		ncr_tfm_release(&t);
		return err;
	}
	t.charged_to = key->user;
	t.charged = cost;
	t.req_hw = hw;
	err = ncr_tfm_setkey(&t, key, authsize);
	if (err) {
		ncr_tfm_release(&t);
		return err == -ENOMEM ? err : -EINVAL;
	}

	spin_lock(&key->lock);
	for (i = 0; i < NCR_KEY_TFM_CACHE; i++) {
		if (!key->cache[i].ptr) {
			key->cache[i] = t;
			key->cache[i].owned = false;
			t.owned = false;
			t.charged_to = NULL;	/* the cache's, until release */
			break;
		}
	}
	spin_unlock(&key->lock);
	*out = t;
	return 0;
}

/* ---- ioctls ---- */

/*
 * Publishes a new key: handle, copy-out of the caller's structure, and on a
 * failed copy-out the handle taken back (only if it still names this key).
 * Drops the caller's reference in every case.
 */
int ncr_key_publish(const struct ncr_ucmd *uc, struct ncr_key *key,
		    u32 *handle, size_t ksize, struct ncr_audit_ctx *ac)
{
	struct ncr_ns *ns = uc->ns;
	int err;

	if (ac)
		ncr_audit_key(ac, 0, key);
	err = ncr_ns_add_key(ns, key, handle);
	if (!err) {
		if (ac)
			ac->handle = *handle;
		err = ncr_ucmd_respond(uc, ksize);
		if (err)
			ncr_ns_unpublish_key(ns, *handle, key);
	}
	ncr_key_put(key);
	return err;
}

long ncr_key_generate_ioctl(struct ncr_ucmd *uc)
{
	struct ncr_key_generate *g = uc->cmd;
	struct ncr_ns *ns = uc->ns;
	struct ncr_audit_ctx *ac = &uc->ac;
	struct ncr_key *key;
	int err = 0;

	if (g->__reserved || g->label_size > NCR_KEY_LABEL_MAX)
		return -EINVAL;
	err = ncr_key_check_policy(g->flags, g->usage);
	if (err)
		return err;
	if (g->bits % 8 || ncr_key_check_len(g->type, g->bits / 8))
		return -EINVAL;
	key = ncr_key_alloc(ns->user, g->type, g->bits / 8, NULL);
	if (IS_ERR(key))
		return PTR_ERR(key);
	err = ncr_key_set_policy(key, g->flags, g->usage, g->algs,
				 NCR_KEY_ATTR_LOCAL |
				 NCR_KEY_ATTR_ALWAYS_SENSITIVE) ?:
	      ncr_key_set_label(key, g->label, g->label_size);
	if (err) {
		ncr_key_put(key);
		return err;
	}
	return ncr_key_publish(uc, key, &g->key, sizeof(*g), ac);
}

long ncr_key_import_ioctl(struct ncr_ucmd *uc)
{
	struct ncr_key_import *im = uc->cmd;
	struct ncr_ns *ns = uc->ns;
	struct ncr_audit_ctx *ac = &uc->ac;
	struct ncr_key *key;
	bool pk;
	u8 *buf;
	int err = 0;

	pk = ncr_pk_type(im->type);
	if (im->__reserved || im->label_size > NCR_KEY_LABEL_MAX)
		return -EINVAL;
	if (!pk && (im->bits ||
		    (im->format && im->format != NCR_KEY_FORMAT_RAW)))
		return -EINVAL;
	err = ncr_key_check_policy(im->flags, im->usage);
	if (err)
		return err;
	if (pk ? !im->data_size || im->data_size > NCR_MAX_PKEY_BYTES :
		 ncr_key_check_len(im->type, im->data_size))
		return -EINVAL;
	buf = ncr_user_kvzalloc(ns->user, im->data_size);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	if (copy_from_user(buf, ncr_uptr(im->data), im->data_size)) {
		err = -EFAULT;
		goto out;
	}
	if (pk) {
		key = ncr_pk_import(ns->user, im->type, im->format, im->bits,
				    buf, im->data_size);
	} else if (im->type == NCR_KEY_TYPE_DES3 &&
		   ncr_des3_degenerate(buf)) {
		err = -EINVAL;
		goto out;
	} else {
		key = ncr_key_alloc(ns->user, im->type, im->data_size, buf);
	}
	if (IS_ERR(key)) {
		err = PTR_ERR(key);
		goto out;
	}
	/*
	 * The importer had the bytes: the key is ALWAYS_SENSITIVE (and so
	 * may be made TRUSTED) only if that importer was root, who vouches
	 * for it; an unprivileged importer's key never qualifies, whoever
	 * later holds its handle.
	 */
	err = ncr_key_set_policy(key, im->flags, im->usage, im->algs,
				 ns_capable_noaudit(&init_user_ns,
						    CAP_SYS_ADMIN) ?
				 NCR_KEY_ATTR_ALWAYS_SENSITIVE : 0) ?:
	      ncr_key_set_label(key, im->label, im->label_size);
	if (err) {
		ncr_key_put(key);
		goto out;
	}
	err = ncr_key_publish(uc, key, &im->key, sizeof(*im), ac);
out:
	ncr_user_kvfree(ns->user, buf, im->data_size);
	return err;
}

/* Public-key export: encoded into a kernel buffer, then copied out. */
static int ncr_key_export_pk(struct ncr_ns *ns, struct ncr_key *key,
			     struct ncr_key_export *ex)
{
	size_t len = min_t(size_t, ex->data_size, NCR_MAX_PKEY_BYTES);
	u8 *buf;
	int err;

	buf = ncr_user_kvzalloc(ns->user, NCR_MAX_PKEY_BYTES);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	err = ncr_pk_export(key, ex->format, buf, &len);
	if (!err && copy_to_user(ncr_uptr(ex->data), buf, len))
		err = -EFAULT;
	if (!err || err == -ERANGE)
		ex->data_size = len;
	ncr_user_kvfree(ns->user, buf, NCR_MAX_PKEY_BYTES);
	return err;
}

long ncr_key_export_ioctl(struct ncr_ucmd *uc)
{
	struct ncr_key_export *ex = uc->cmd;
	struct ncr_ns *ns = uc->ns;
	struct ncr_audit_ctx *ac = &uc->ac;
	struct ncr_key *key;
	int err = 0;

	key = ncr_ns_key(ns, ex->key);
	if (!key)
		return -ENOENT;
	ncr_audit_key(ac, ex->key, key);
	if (key->klass) {
		err = ncr_key_export_pk(ns, key, ex);
		if (!err || err == -ERANGE)
			err = ncr_ucmd_respond(uc, sizeof(*ex)) ?: err;
	} else if (ex->format && ex->format != NCR_KEY_FORMAT_RAW) {
		err = -EINVAL;
	} else if (!(ncr_key_flags(key) & NCR_KEY_FLAG_EXPORTABLE)) {
		err = -EPERM;
	} else if (ex->data_size < key->len) {
		ex->data_size = key->len;
		err = ncr_ucmd_respond(uc, sizeof(*ex)) ?: -ERANGE;
	} else if (copy_to_user(ncr_uptr(ex->data), key->material, key->len)) {
		err = -EFAULT;
	} else {
		ex->data_size = key->len;
		err = ncr_ucmd_respond(uc, sizeof(*ex));
	}
	ncr_key_put(key);
	return err;
}

long ncr_key_info_ioctl(struct ncr_ucmd *uc)
{
	struct ncr_key_info *in = uc->cmd;
	struct ncr_ns *ns = uc->ns;
	struct ncr_key *key;

	key = ncr_ns_key(ns, in->key);
	if (!key)
		return -ENOENT;
	in->flags = READ_ONCE(key->flags);
	in->usage = READ_ONCE(key->usage);
	in->algs = READ_ONCE(key->algs);
	in->attrs = key->attrs;
	in->type = key->type;
	in->bits = key->bits;
	in->key_id_size = key->key_id_len;
	in->key_class = key->klass ?: NCR_KEY_CLASS_SECRET;
	memset(in->key_id, 0, sizeof(in->key_id));
	memcpy(in->key_id, key->key_id, key->key_id_len);
	in->label_size = key->label_len;
	memset(in->label, 0, sizeof(in->label));
	memcpy(in->label, key->label, key->label_len);
	ncr_key_put(key);
	return ncr_ucmd_respond(uc, sizeof(*in));
}

long ncr_key_deinit_ioctl(struct ncr_ucmd *uc)
{
	struct ncr_key_deinit *d = uc->cmd;
	struct ncr_ns *ns = uc->ns;
	struct ncr_audit_ctx *ac = &uc->ac;
	int err;

	if (unlikely(audit_enabled)) {
		struct ncr_key *key = ncr_ns_key(ns, d->key);

		if (key) {
			ncr_audit_key(ac, d->key, key);
			ncr_key_put(key);
		}
	}
	err = ncr_ns_remove_key(ns, d->key);
	/* the kept one-shot session may hold the key: let it go too */
	if (!err)
		ncr_session_once_forget(ns);
	return err;
}

long ncr_key_restrict_ioctl(struct ncr_ucmd *uc)
{
	struct ncr_key_restrict *r = uc->cmd;
	struct ncr_ns *ns = uc->ns;
	struct ncr_audit_ctx *ac = &uc->ac;
	struct ncr_key *key;
	u32 usage;
	u64 algs;
	int err = 0;

	if ((r->clear_flags & ~NCR_KEY_FLAGS_ALL) ||
	    (r->clear_usage & ~NCR_KEY_USAGE_ALL) ||
	    (r->clear_algs & ~NCR_KEY_ALGS_ALL))
		return -EINVAL;
	key = ncr_ns_key(ns, r->key);
	if (!key)
		return -ENOENT;
	ncr_audit_key(ac, r->key, key);
	spin_lock(&key->lock);
	usage = key->usage & ~r->clear_usage;
	algs = key->algs & ~r->clear_algs;
	if (!usage || !algs) {
		err = -EINVAL;
	} else {
		WRITE_ONCE(key->flags, key->flags & ~r->clear_flags);
		WRITE_ONCE(key->usage, usage);
		WRITE_ONCE(key->algs, algs);
	}
	spin_unlock(&key->lock);
	ncr_key_put(key);
	return err;
}

long ncr_key_trust_ioctl(struct ncr_ucmd *uc)
{
	struct ncr_key_trust *t = uc->cmd;
	struct ncr_ns *ns = uc->ns;
	struct ncr_audit_ctx *ac = &uc->ac;
	struct ncr_key *key;
	int err = 0;

	if (t->flags || t->__reserved)
		return -EINVAL;
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	key = ncr_ns_key(ns, t->key);
	if (!key)
		return -ENOENT;
	ncr_audit_key(ac, t->key, key);
	spin_lock(&key->lock);
	if (ncr_key_trustworthy(key, key->flags, key->usage, key->algs,
				key->attrs, true))
		WRITE_ONCE(key->flags, key->flags | NCR_KEY_FLAG_TRUSTED);
	else
		err = -EINVAL;
	spin_unlock(&key->lock);
	ncr_key_put(key);
	return err;
}
