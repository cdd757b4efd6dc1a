// SPDX-License-Identifier: GPL-2.0
/*
 * cryptodev.c - the BSD /dev/crypto ABI (include/uapi/crypto/cryptodev.h)
 * on the same descriptor as the NCR ioctls: the CRYPTO_* ids, BSD sessions
 * (CIOCGSESSION, CIOCFSESSION, CIOCGSESSINFO, CIOCCPHASH) and the
 * dispatcher of the BSD ioctl numbers.  The data paths are in
 * cryptodev_crypt.c, the 32-bit layouts in cryptodev_compat.c.
 */
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <crypto/algapi.h>
#include <crypto/hash.h>
#include "cryptodev-int.h"

/* ---- the CRYPTO_* ids ---- */

/* The ids cryptodev.h defines, served or not. */
static bool ncr_bsd_defined(u32 id)
{
	return (id >= CRYPTO_DES_CBC && id <= CRYPTO_AES_OFB) ||
	       id == CRYPTO_AES_GCM || id == CRYPTO_AES_CCM ||
	       (id >= CRYPTO_CAMELLIA_CBC && id <= CRYPTO_ALGORITHM_MAX);
}

static const struct {
	u32 bsd;
	u32 ncr;	/* enum ncr_algorithm */
} ncr_bsd_algs[] = {
	{ CRYPTO_3DES_CBC, NCR_ALG_DES3_CBC },
	{ CRYPTO_AES_CBC, NCR_ALG_AES_CBC },
	{ CRYPTO_AES_CTR, NCR_ALG_AES_CTR },
	{ CRYPTO_AES_XTS, NCR_ALG_AES_XTS },
	{ CRYPTO_AES_ECB, NCR_ALG_AES_ECB },
	{ CRYPTO_AES_GCM, NCR_ALG_AES_GCM },
	{ CRYPTO_AES_CCM, NCR_ALG_AES_CCM },
	{ CRYPTO_MD5, NCR_ALG_MD5 },
	{ CRYPTO_SHA1, NCR_ALG_SHA1 },
	{ CRYPTO_SHA2_224, NCR_ALG_SHA224 },
	{ CRYPTO_SHA2_256, NCR_ALG_SHA256 },
	{ CRYPTO_SHA2_384, NCR_ALG_SHA384 },
	{ CRYPTO_SHA2_512, NCR_ALG_SHA512 },
	{ CRYPTO_SHA1_HMAC, NCR_ALG_HMAC_SHA1 },
	{ CRYPTO_SHA2_224_HMAC, NCR_ALG_HMAC_SHA224 },
	{ CRYPTO_SHA2_256_HMAC, NCR_ALG_HMAC_SHA256 },
	{ CRYPTO_SHA2_384_HMAC, NCR_ALG_HMAC_SHA384 },
	{ CRYPTO_SHA2_512_HMAC, NCR_ALG_HMAC_SHA512 },
};

/*
 * The ncr algorithm behind a CRYPTO_* id given as a cipher (mac false) or
 * as a mac: EINVAL for an id cryptodev.h does not define or one given in
 * the wrong field, EOPNOTSUPP for one this module does not serve.
 */
static int ncr_bsd_alg(u32 id, bool mac, const struct ncr_alg **out)
{
	const struct ncr_alg *alg = NULL;
	bool is_mac;
	int i;

	if (!ncr_bsd_defined(id))
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(ncr_bsd_algs); i++)
		if (ncr_bsd_algs[i].bsd == id)
			alg = ncr_alg_find(ncr_bsd_algs[i].ncr);
	if (!alg)
		return -EOPNOTSUPP;
	is_mac = alg->kind == NCR_KIND_HASH || alg->kind == NCR_KIND_MAC;
	if (is_mac != mac)
		return -EINVAL;
	*out = alg;
	return 0;
}

/* ---- sessions ---- */

static void ncr_bsd_destroy(struct kref *ref)
{
	struct ncr_bsd *b = container_of(ref, struct ncr_bsd, ref);
	struct ncr_ns *ns = b->ns;

	if (b->c.alg)
		ncr_session_teardown(&b->c);
	if (b->h.alg)
		ncr_session_teardown(&b->h);
	atomic64_dec(&ncr_live_sessions);
	kfree_sensitive(b);
	ncr_user_uncharge(ns->user, NCR_RES_MEMORY, sizeof(*b));
	ncr_user_uncharge(ns->user, NCR_RES_SESSIONS, 1);
}

void ncr_bsd_put(struct ncr_bsd *b)
{
	kref_put(&b->ref, ncr_bsd_destroy);
}

struct ncr_bsd *ncr_bsd_lookup(struct ncr_ns *ns, u32 id)
{
	struct ncr_bsd *b;

	if (!id)
		return NULL;
	xa_lock(&ns->bsd);
	b = xa_load(&ns->bsd, id);
	if (b)
		kref_get(&b->ref);
	xa_unlock(&ns->bsd);
	return b;
}

struct ncr_bsd *ncr_bsd_get_locked(struct ncr_ns *ns, u32 id)
{
	struct ncr_bsd *b = ncr_bsd_lookup(ns, id);

	if (!b)
		return ERR_PTR(-ENOENT);
	/* an operation may hold the lock across a user copy that stalls */
	if (mutex_lock_killable(&b->lock)) {
		ncr_bsd_put(b);
		return ERR_PTR(-EINTR);
	}
	if (b->done) {
		ncr_bsd_unlock_put(b);
		return ERR_PTR(-ENOENT);
	}
	return b;
}

void ncr_bsd_unlock_put(struct ncr_bsd *b)
{
	mutex_unlock(&b->lock);
	ncr_bsd_put(b);
}

/*
 * Arms one part of a new session for alg with its key: bytes copied from
 * ukey (a key object only this session holds, allowed every operation of
 * the algorithm), or, by_handle, the NCR key whose __u32 handle ukey
 * points to.  On failure s holds nothing.
 */
static int ncr_bsd_arm(struct ncr_ns *ns, struct ncr_session *s,
		       const struct ncr_alg *alg, bool by_handle, bool hw,
		       const u8 __user *ukey, u32 keylen, u32 *handle)
{
	bool mac = alg->kind == NCR_KIND_MAC;
	u32 op = mac ? NCR_OP_SIGN : NCR_OP_ENCRYPT;
	struct ncr_key *key;
	u8 *bytes;
	int err;

	s->alg = alg;
	s->op = alg->kind == NCR_KIND_HASH ? NCR_OP_SIGN : op;
	s->tag_size = alg->tag;
	if (alg->kind == NCR_KIND_HASH) {
		if (keylen || by_handle)
			return -EINVAL;
		if (!hw && ncr_bsd_hardware) {
			err = ncr_session_arm(ns, s, NULL, true, NULL, 0);
			if (err != -EOPNOTSUPP)
				return err;
		}
		return ncr_session_arm(ns, s, NULL, hw, NULL, 0);
	}
	if (by_handle) {
		if (keylen != sizeof(u32))
			return -EINVAL;
		if (copy_from_user(handle, ukey, sizeof(u32)))
			return -EFAULT;
		key = ncr_ns_key(ns, *handle);
		if (!key)
			return -ENOENT;
		/* a cipher key must allow one direction at least */
		err = ncr_session_check_key(alg, key, op);
		if (err == -EPERM && !mac)
			err = ncr_session_check_key(alg, key, NCR_OP_DECRYPT);
	} else {
		if (keylen > (mac ? CRYPTO_HMAC_MAX_KEY_LEN :
			      CRYPTO_CIPHER_MAX_KEY_LEN) ||
		    ncr_key_check_len(alg->key_type, keylen))
			return -EINVAL;
		bytes = memdup_user(ukey, keylen);
		if (IS_ERR(bytes))
			return PTR_ERR(bytes);
		if (alg->key_type == NCR_KEY_TYPE_DES3 &&
		    ncr_des3_degenerate(bytes)) {
			kfree_sensitive(bytes);
			return -EINVAL;
		}
		key = ncr_key_alloc(ns->user, alg->key_type, keylen, bytes);
		kfree_sensitive(bytes);
		if (IS_ERR(key))
			return PTR_ERR(key);
		err = ncr_key_set_policy(key, 0, mac ?
					 NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY :
					 NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
					 alg->algbit, 0);
		if (!err)
			err = ncr_session_check_key(alg, key, op);
	}
	if (err) {
		ncr_key_put(key);
		return err;
	}
	/* no IV yet: zeros until a call gives one (s was zeroed) */
	if (!hw && ncr_bsd_hardware) {
		/* prefer a hardware driver; without one, the kernel's choice */
		ncr_key_get(key);
		err = ncr_session_arm(ns, s, key, true, NULL, 0);
		if (err != -EOPNOTSUPP) {
			ncr_key_put(key);
			goto armed;
		}
		memset(s, 0, sizeof(*s));
		s->alg = alg;
		s->op = op;
		s->tag_size = alg->tag;
	}
	err = ncr_session_arm(ns, s, key, hw, NULL, 0);
armed:
	if (!err)
		s->iv_len = alg->iv_size;
	return err;
}

/*
 * On success sop->ses is the new id, published in ns->bsd, and *out a
 * reference for the caller (ncr_bsd_gsession).
 */
static long ncr_bsd_new(struct ncr_ns *ns, struct session_op *sop,
			struct ncr_audit_ctx *ac, struct ncr_bsd **out)
{
	const u32 ext = CRYPTODEV_NCR_KEY | CRYPTODEV_NCR_HW;
	u32 cid = sop->cipher & ~ext, mid = sop->mac & ~ext;
	bool ch = sop->cipher & CRYPTODEV_NCR_KEY;
	bool mh = sop->mac & CRYPTODEV_NCR_KEY;
	bool chw = sop->cipher & CRYPTODEV_NCR_HW;
	bool mhw = sop->mac & CRYPTODEV_NCR_HW;
	const struct ncr_alg *ca = NULL, *ma = NULL;
	struct ncr_bsd *b;
	int err, tries;

	if ((!cid && !mid) || ((ch || chw) && !cid) || ((mh || mhw) && !mid))
		return -EINVAL;
	if (cid) {
		err = ncr_bsd_alg(cid, false, &ca);
		if (err)
			return err;
	}
	if (mid) {
		err = ncr_bsd_alg(mid, true, &ma);
		if (err)
			return err;
	}
	/* an AEAD has its own tag; CIOCCRYPT hashes plaintext only */
	if (ca && ma && ca->kind == NCR_KIND_AEAD)
		return -EINVAL;
	ac->alg = ca ?: ma;

	err = ncr_user_charge(ns->user, NCR_RES_SESSIONS, 1);
	if (err)
		return err;
	err = ncr_user_charge(ns->user, NCR_RES_MEMORY, sizeof(*b));
	if (err)
		goto err_count;
	b = kzalloc(sizeof(*b), GFP_KERNEL_ACCOUNT);
	if (!b) {
		err = -ENOMEM;
		goto err_memory;
	}
	kref_init(&b->ref);
	mutex_init(&b->lock);
	b->ns = ns;
	b->cipher_id = cid;
	b->mac_id = mid;
	b->c_handle = ch;
	b->h_handle = mh;
	if (ca) {
		err = ncr_bsd_arm(ns, &b->c, ca, ch, chw, sop->key,
				  sop->keylen, &b->c_key);
		if (err) {
			b->c.alg = NULL;
			goto err_free;
		}
		if (ch)
			ncr_audit_key(ac, b->c_key, b->c.key);
	}
	if (ma) {
		err = ncr_bsd_arm(ns, &b->h, ma, mh, mhw, sop->mackey,
				  sop->mackeylen, &b->h_key);
		if (err) {
			b->h.alg = NULL;
			goto err_teardown;
		}
		if (mh && !ch)
			ncr_audit_key(ac, b->h_key, b->h.key);
	}
	err = ncr_ns_charge(ns);
	if (err)
		goto err_teardown_h;
	atomic64_inc(&ncr_live_sessions);
	/*
	 * Complete before it is published: from xa_insert on, another thread
	 * may guess the id and free the session; our reference keeps b.
	 */
	kref_get(&b->ref);
	err = -EBUSY;
	for (tries = 0; tries < 16; tries++) {
		b->id = get_random_u32();
		if (!b->id)
			continue;
		err = xa_insert(&ns->bsd, b->id, b, GFP_KERNEL_ACCOUNT);
		if (err != -EBUSY)
			break;
	}
	if (err) {
		ncr_ns_uncharge(ns);
		ncr_bsd_put(b);		/* ours */
		ncr_bsd_put(b);		/* the table's that never was */
		return err == -EBUSY ? -EDQUOT : err;
	}
	sop->ses = b->id;
	*out = b;
	return 0;

err_teardown_h:
	if (b->h.alg)
		ncr_session_teardown(&b->h);
err_teardown:
	if (b->c.alg)
		ncr_session_teardown(&b->c);
err_free:
	kfree_sensitive(b);
err_memory:
	ncr_user_uncharge(ns->user, NCR_RES_MEMORY, sizeof(*b));
err_count:
	ncr_user_uncharge(ns->user, NCR_RES_SESSIONS, 1);
	return err;
}

/* Takes a new session back, if its id still names it. */
static void ncr_bsd_unpublish(struct ncr_ns *ns, struct ncr_bsd *b)
{
	mutex_lock(&b->lock);
	if (!b->done && xa_cmpxchg(&ns->bsd, b->id, b, NULL, 0) == b) {
		b->done = true;
		ncr_ns_uncharge(ns);
		ncr_bsd_put(b);		/* the table's: ours remains */
	}
	mutex_unlock(&b->lock);
}

long ncr_bsd_fsession(struct ncr_ns *ns, u32 id, struct ncr_audit_ctx *ac)
{
	struct ncr_bsd *b = ncr_bsd_get_locked(ns, id);

	if (IS_ERR(b))
		return PTR_ERR(b);
	ac->alg = b->c.alg ?: b->h.alg;
	b->done = true;
	if (xa_cmpxchg(&ns->bsd, id, b, NULL, 0) == b) {
		ncr_ns_uncharge(ns);
		ncr_bsd_put(b);		/* the table's */
	}
	ncr_bsd_unlock_put(b);
	return 0;
}

void ncr_bsd_destroy_all(struct ncr_ns *ns)
{
	unsigned long i;
	struct ncr_bsd *b;

	xa_for_each(&ns->bsd, i, b) {
		xa_erase(&ns->bsd, i);
		ncr_ns_uncharge(ns);
		ncr_bsd_put(b);
		cond_resched();
	}
	xa_destroy(&ns->bsd);
}

static void ncr_bsd_info(const struct ncr_session *s, struct alg_info *ai,
			 u16 *alignmask, u32 *flags)
{
	struct crypto_tfm *tfm;

	if (!s->alg)
		return;
	tfm = ncr_tfm_base(&s->tfm);
	strscpy(ai->cra_name, crypto_tfm_alg_name(tfm),
		sizeof(ai->cra_name));
	strscpy(ai->cra_driver_name, crypto_tfm_alg_driver_name(tfm),
		sizeof(ai->cra_driver_name));
	*alignmask = max_t(u16, *alignmask, crypto_tfm_alg_alignmask(tfm));
	if (s->tfm.hw ||
	    (tfm->__crt_alg->cra_flags & CRYPTO_ALG_KERN_DRIVER_ONLY))
		*flags |= SIOP_FLAG_KERNEL_DRIVER_ONLY;
}

long ncr_bsd_sessinfo(struct ncr_ns *ns, struct session_info_op *si)
{
	struct ncr_bsd *b = ncr_bsd_get_locked(ns, si->ses);
	u32 ses = si->ses;

	if (IS_ERR(b))
		return PTR_ERR(b);
	memset(si, 0, sizeof(*si));
	si->ses = ses;
	ncr_bsd_info(&b->c, &si->cipher_info, &si->alignmask, &si->flags);
	ncr_bsd_info(&b->h, &si->hash_info, &si->alignmask, &si->flags);
	ncr_bsd_unlock_put(b);
	return 0;
}

/* Same HMAC key bytes (or both keyless): a state may move between them. */
static bool ncr_bsd_same_key(const struct ncr_key *a, const struct ncr_key *b)
{
	if (!a || !b)
		return !a && !b;
	return a == b || (a->len == b->len &&
			  !crypto_memneq(a->material, b->material, a->len));
}

long ncr_bsd_cphash(struct ncr_ns *ns, const struct cphash_op *cp)
{
	struct ncr_bsd *dst, *src, *first, *second;
	void *state;
	long err;

	dst = ncr_bsd_lookup(ns, cp->dst_ses);
	if (!dst)
		return -ENOENT;
	src = ncr_bsd_lookup(ns, cp->src_ses);
	if (!src) {
		ncr_bsd_put(dst);
		return -ENOENT;
	}
	if (src == dst) {
		err = -EDEADLK;
		goto out_put;
	}
	/* in address order, so two opposite copies cannot deadlock */
	first = dst < src ? dst : src;
	second = dst < src ? src : dst;
	if (mutex_lock_killable(&first->lock)) {
		err = -EINTR;
		goto out_put;
	}
	if (mutex_lock_killable_nested(&second->lock, SINGLE_DEPTH_NESTING)) {
		err = -EINTR;
		goto out_unlock_first;
	}
	if (dst->done || src->done) {
		err = -ENOENT;
		goto out_unlock;
	}
	if (!dst->h.alg || dst->h.alg != src->h.alg ||
	    !ncr_bsd_same_key(dst->h.key, src->h.key)) {
		err = -EINVAL;
		goto out_unlock;
	}
	state = kmalloc(crypto_shash_statesize(src->h.tfm.sh), GFP_KERNEL);
	if (!state) {
		err = -ENOMEM;
		goto out_unlock;
	}
	err = crypto_shash_export(src->h.ob->state, state);
	if (!err)
		err = crypto_shash_import(dst->h.ob->state, state);
	kfree_sensitive(state);
	if (!err)
		dst->hash_open = src->hash_open;
out_unlock:
	mutex_unlock(&second->lock);
out_unlock_first:
	mutex_unlock(&first->lock);
out_put:
	ncr_bsd_put(src);
	ncr_bsd_put(dst);
	return err;
}

/* ---- the dispatcher (native layouts) ---- */

bool ncr_is_bsd_ioctl(unsigned int cmd)
{
	return _IOC_TYPE(cmd) == 'c' && _IOC_NR(cmd) >= _IOC_NR(CRIOGET) &&
	       _IOC_NR(cmd) <= _IOC_NR(CIOCCPHASH);
}

long ncr_bsd_gsession(struct ncr_ns *ns, struct session_op *sop,
		      u32 __user *ses, struct ncr_audit_ctx *ac)
{
	struct ncr_bsd *b;
	long err = ncr_bsd_new(ns, sop, ac, &b);

	if (err)
		return err;
	if (put_user(sop->ses, ses)) {
		ncr_bsd_unpublish(ns, b);
		err = -EFAULT;
	}
	ncr_bsd_put(b);		/* ours */
	return err;
}

static long ncr_bsd_gsession_ioctl(struct ncr_ns *ns, void __user *arg,
				   struct ncr_audit_ctx *ac)
{
	struct session_op __user *u = arg;
	struct session_op sop;

	if (copy_from_user(&sop, u, sizeof(sop)))
		return -EFAULT;
	return ncr_bsd_gsession(ns, &sop, &u->ses, ac);
}

long ncr_bsd_ioctl(struct file *file, unsigned int cmd, void __user *arg)
{
	struct ncr_ns *ns = file->private_data;
	struct ncr_audit_ctx ac = { .verify = -1 };
	const char *audit = NULL;
	long err;

	switch (cmd) {
	case CRIOGET:
		return ncr_crioget(arg);
	case CIOCASYMFEAT:
		return put_user(NCR_BSD_ASYMFEAT, (u32 __user *)arg);
	case CIOCGSESSION:
		audit = "bsd_session";
		err = ncr_bsd_gsession_ioctl(ns, arg, &ac);
		break;
	case CIOCFSESSION: {
		u32 id;

		audit = "bsd_free";
		err = get_user(id, (u32 __user *)arg) ?:
		      ncr_bsd_fsession(ns, id, &ac);
		break;
	}
	case CIOCCRYPT: {
		struct crypt_op cop;

		audit = "bsd_crypt";
		err = copy_from_user(&cop, arg, sizeof(cop)) ? -EFAULT :
		      ncr_bsd_crypt(ns, &cop, &ac);
		break;
	}
	case CIOCAUTHCRYPT: {
		struct crypt_auth_op cao;

		audit = "bsd_authcrypt";
		if (copy_from_user(&cao, arg, sizeof(cao))) {
			err = -EFAULT;
			break;
		}
		err = ncr_bsd_authcrypt(ns, &cao, &ac);
		if (!err && put_user(cao.len,
				     &((struct crypt_auth_op __user *)arg)->len))
			err = -EFAULT;
		break;
	}
	case CIOCGSESSINFO: {
		struct session_info_op si;

		if (copy_from_user(&si, arg, sizeof(si)))
			return -EFAULT;
		err = ncr_bsd_sessinfo(ns, &si);
		if (!err && copy_to_user(arg, &si, sizeof(si)))
			err = -EFAULT;
		return err;
	}
	case CIOCCPHASH: {
		struct cphash_op cp;

		if (copy_from_user(&cp, arg, sizeof(cp)))
			return -EFAULT;
		return ncr_bsd_cphash(ns, &cp);
	}
	case CIOCKEY: {
		struct crypt_kop kop;

		audit = "bsd_key";
		if (copy_from_user(&kop, arg, sizeof(kop))) {
			err = -EFAULT;
			break;
		}
		err = ncr_bsd_kop(ns, &kop);
		if (!err && put_user(kop.crk_status,
				     &((struct crypt_kop __user *)arg)->crk_status))
			err = -EFAULT;
		break;
	}
	case CIOCASYNCCRYPT: {
		struct crypt_op cop;

		audit = "bsd_async";
		err = copy_from_user(&cop, arg, sizeof(cop)) ? -EFAULT :
		      ncr_bsd_async_submit(ns, &cop, &ac);
		break;
	}
	case CIOCASYNCFETCH: {
		struct crypt_op cop;

		err = ncr_bsd_async_fetch(ns, &cop);
		if (err != -EBUSY && copy_to_user(arg, &cop, sizeof(cop)))
			err = -EFAULT;
		return err;
	}
	default:
		return -ENOTTY;
	}
	ncr_audit(audit, &ac, err);
	return err;
}
