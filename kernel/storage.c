// SPDX-License-Identifier: GPL-2.0
/*
 * storage.c - the system master key and storage blobs.
 *
 * The master key (32 bytes, set by CAP_SYS_ADMIN from its bytes or from a
 * kernel keyring key, masterkey.c) is never used directly:
 * HMAC-SHA256(master, "ncr storage blob key v1") gives the AES-256-GCM key
 * that seals blobs, so the master key itself could later serve other
 * purposes without key reuse.  The blob layout is the portable core's
 * (core/symkey/blob.h); the whole header is GCM associated data and the
 * nonce is random per blob.  Only NCR_KEY_FLAG_STORABLE keys are sealed,
 * and a blob gives back exactly the policy that was sealed (flags, usage,
 * algorithm set, attributes, key ID and label).
 *
 * Rotation: the current key seals and opens, the previous one (after
 * NCR_MASTER_KEY_FLAG_ROTATE) only opens.
 */
#include <linux/capability.h>
#include <linux/random.h>
#include <linux/rwsem.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <crypto/aead.h>
#include <crypto/hash.h>
#include "ncr-int.h"
#include "symkey/blob.h"

/*
 * The current and previous master keys, as blob tfms with their IDs and
 * sources.  ncr_master_sem guards both slots: the blob ioctls hold it for
 * reading while they use a tfm, a set, rotate or forget holds it for
 * writing while it changes the slots; a tfm dropped by a rotate or forget
 * is freed after up_write, when no reader can hold it any more.
 */
struct ncr_master_slot {
	struct crypto_aead *tfm;	/* NULL: empty */
	u32 source;			/* NCR_MASTER_KEY_SRC_* */
	u8 id[NCR_MASTER_KEY_ID_LEN];
};

static DECLARE_RWSEM(ncr_master_sem);
static struct ncr_master_slot ncr_master_cur, ncr_master_prev;

static const char ncr_blob_label[] = "ncr storage blob key v1";
static const char ncr_id_label[] = "ncr master key id v1";

/* The blob key and the key ID of a master key (out: 32 and 16 bytes). */
static int ncr_derive_master(const u8 *master, u8 blob_key[32],
			     u8 id[NCR_MASTER_KEY_ID_LEN])
{
	struct crypto_shash *h;
	u8 full[32];
	int err;

	h = crypto_alloc_shash("hmac(sha256)", 0, 0);
	if (IS_ERR(h))
		return PTR_ERR(h);
	err = crypto_shash_setkey(h, master, 32);
	if (!err)
		err = crypto_shash_tfm_digest(h, ncr_blob_label,
					      sizeof(ncr_blob_label) - 1,
					      blob_key);
	if (!err)
		err = crypto_shash_tfm_digest(h, ncr_id_label,
					      sizeof(ncr_id_label) - 1, full);
	if (!err)
		memcpy(id, full, NCR_MASTER_KEY_ID_LEN);
	memzero_explicit(full, sizeof(full));
	crypto_free_shash(h);
	return err;
}

/* A keyed blob tfm for the 32-byte master key, and its ID. */
int ncr_master_tfm_new(const u8 *master, struct crypto_aead **out,
		       u8 id[NCR_MASTER_KEY_ID_LEN])
{
	struct crypto_aead *tfm;
	u8 derived[32];
	int err;

	tfm = crypto_alloc_aead("gcm(aes)", 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	err = ncr_derive_master(master, derived, id);
	if (!err)
		err = crypto_aead_setauthsize(tfm, NCR_BLOB_TAG_LEN);
	if (!err)
		err = crypto_aead_setkey(tfm, derived, sizeof(derived));
	memzero_explicit(derived, sizeof(derived));
	if (err) {
		crypto_free_aead(tfm);
		return err;
	}
	*out = tfm;
	return 0;
}

/*
 * Installs tfm (keyed, from ncr_master_tfm_new) as the current master key:
 * -EEXIST if one is set and !rotate, or if it is the current key itself.
 * With rotate the current key becomes the previous one.  On success the
 * slots own tfm; on error the caller still does.
 */
int ncr_master_install(struct crypto_aead *tfm, u32 source,
		       const u8 id[NCR_MASTER_KEY_ID_LEN], bool rotate)
{
	struct crypto_aead *drop = NULL;

	down_write(&ncr_master_sem);
	if (ncr_master_cur.tfm &&
	    (!rotate || !memcmp(ncr_master_cur.id, id, NCR_MASTER_KEY_ID_LEN))) {
		up_write(&ncr_master_sem);
		return -EEXIST;
	}
	if (ncr_master_cur.tfm) {
		drop = ncr_master_prev.tfm;
		ncr_master_prev = ncr_master_cur;
	}
	WRITE_ONCE(ncr_master_cur.tfm, tfm);
	ncr_master_cur.source = source;
	memcpy(ncr_master_cur.id, id, NCR_MASTER_KEY_ID_LEN);
	up_write(&ncr_master_sem);
	if (drop)
		crypto_free_aead(drop);	/* no reader holds it any more */
	return 0;
}

/* Drops the previous master key: 0 or -ENOENT. */
int ncr_master_forget_previous(void)
{
	struct crypto_aead *drop;

	down_write(&ncr_master_sem);
	drop = ncr_master_prev.tfm;
	memset(&ncr_master_prev, 0, sizeof(ncr_master_prev));
	up_write(&ncr_master_sem);
	if (!drop)
		return -ENOENT;
	crypto_free_aead(drop);
	return 0;
}

void ncr_master_info(struct ncr_info *in)
{
	down_read(&ncr_master_sem);
	if (ncr_master_cur.tfm) {
		in->master_key_source = ncr_master_cur.source;
		memcpy(in->master_key_id, ncr_master_cur.id,
		       sizeof(in->master_key_id));
	}
	if (ncr_master_prev.tfm) {
		in->master_key_flags |= NCR_INFO_MASTER_PREVIOUS;
		memcpy(in->master_key_previous_id, ncr_master_prev.id,
		       sizeof(in->master_key_previous_id));
	}
	up_read(&ncr_master_sem);
}

/*
 * Seals (enc) or opens a blob in place in buf: hl header bytes (the
 * associated data), mlen bytes of material, the tag.  buf must be linear
 * memory (ncr_user_kzalloc): sg_init_one takes virt_to_page of it, which
 * for a vmalloc address is some other page, that the AEAD would then
 * write.
 */
static int ncr_blob_crypt(struct crypto_aead *tfm, u8 *buf, u32 hl, u32 mlen,
			  const u8 *nonce, bool enc)
{
	struct aead_request *req;
	struct scatterlist sg;
	DECLARE_CRYPTO_WAIT(wait);
	u8 iv[NCR_BLOB_NONCE_LEN];
	int err;

	req = aead_request_alloc(tfm, GFP_KERNEL_ACCOUNT);
	if (!req)
		return -ENOMEM;
	memcpy(iv, nonce, sizeof(iv));
	sg_init_one(&sg, buf, hl + mlen + NCR_BLOB_TAG_LEN);
	aead_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP |
				  CRYPTO_TFM_REQ_MAY_BACKLOG,
				  crypto_req_done, &wait);
	aead_request_set_ad(req, hl);
	aead_request_set_crypt(req, &sg, &sg,
			       enc ? mlen : mlen + NCR_BLOB_TAG_LEN, iv);
	err = crypto_wait_req(enc ? crypto_aead_encrypt(req) :
			      crypto_aead_decrypt(req), &wait);
	aead_request_free(req);
	return err;
}

/* Whether a master key is set (once set, one always is until exit). */
bool ncr_master_is_set(void)
{
	return READ_ONCE(ncr_master_cur.tfm) != NULL;
}

long ncr_storage_wrap_ioctl(struct ncr_ucmd *uc)
{
	struct ncr_key_storage *st = uc->cmd;
	struct ncr_ns *ns = uc->ns;
	struct ncr_audit_ctx *ac = &uc->ac;
	struct ncr_blob_hdr h = {};
	struct ncr_key *key;
	u8 *buf = NULL;
	u32 total;
	int err = 0;

	if (st->__reserved)
		return -EINVAL;
	key = ncr_ns_key(ns, st->key);
	if (!key)
		return -ENOENT;
	ncr_audit_key(ac, st->key, key);
	if (!ncr_master_is_set()) {
		err = -ENOKEY;
		goto out;
	}
	h.flags = ncr_key_flags(key);
	if (!(h.flags & NCR_KEY_FLAG_STORABLE)) {
		err = -EPERM;
		goto out;
	}
	total = NCR_BLOB_OVERHEAD + key->len;
	if (st->blob_size < total) {
		st->blob_size = total;
		err = ncr_ucmd_respond(uc, sizeof(*st)) ?: -ERANGE;
		goto out;
	}
	buf = ncr_user_kzalloc(ns->user, total);	/* sg_init_one below */
	if (IS_ERR(buf)) {
		err = PTR_ERR(buf);
		buf = NULL;
		goto out;
	}
	h.version = NCR_BLOB_VERSION;
	h.type = key->type;
	h.usage = READ_ONCE(key->usage);
	h.algs = READ_ONCE(key->algs);
	h.attrs = key->attrs;
	h.bits = key->bits;
	h.key_id_len = key->key_id_len;
	memcpy(h.key_id, key->key_id, key->key_id_len);
	h.label_len = key->label_len;
	memcpy(h.label, key->label, key->label_len);
	h.material_len = key->len;
	get_random_bytes(h.nonce, sizeof(h.nonce));
	err = ncr_blob_encode(&h, buf);
	if (err)
		goto out;
	memcpy(buf + NCR_BLOB_HDR_LEN, key->material, key->len);
	down_read(&ncr_master_sem);	/* always the current key */
	err = ncr_blob_crypt(ncr_master_cur.tfm, buf, NCR_BLOB_HDR_LEN,
			     key->len, h.nonce, true);
	up_read(&ncr_master_sem);
	if (err)
		goto out;
	if (copy_to_user(ncr_uptr(st->blob), buf, total)) {
		err = -EFAULT;
		goto out;
	}
	st->blob_size = total;
	err = ncr_ucmd_respond(uc, sizeof(*st));
out:
	ncr_user_kvfree(ns->user, buf, total);
	ncr_key_put(key);
	return err;
}

/*
 * The policy recorded in an authentic blob, as the key gets it.  A
 * format-1 blob (before STORABLE, algorithm sets and attributes) stored
 * only keys that were WRAPPABLE, which then also meant "storable": it
 * gives WRAPPABLE | STORABLE (WRAPPABLE now lets the key leave wrapped
 * only under a TRUSTED key, so nothing opens up), the default algorithm
 * set of its type and usage (ncr_key_restore_policy, algs 0), no
 * attributes.
 */
static int ncr_blob_policy(struct ncr_key *key, const struct ncr_blob_hdr *h)
{
	u32 flags = h->flags;

	if (h->version == 1) {
		if (flags & ~(NCR_KEY_FLAG_EXPORTABLE |
			      NCR_KEY_FLAG_WRAPPABLE | NCR_KEY_FLAG_HASHABLE))
			return -EINVAL;
		if (flags & NCR_KEY_FLAG_WRAPPABLE)
			flags |= NCR_KEY_FLAG_STORABLE;
		return ncr_key_restore_policy(key, flags, h->usage, 0, 0);
	}
	if (!h->algs)
		return -EINVAL;
	return ncr_key_restore_policy(key, flags, h->usage, h->algs,
				      h->attrs);
}

/*
 * Opens the blob in buf (hl header bytes, mlen of material, the tag) with
 * the current master key, else the previous one.  A failed GCM decryption
 * may leave its output in place, so the second try starts from a copy.
 */
static int ncr_blob_open(struct ncr_user *u, u8 *buf, u32 hl, u32 mlen,
			 const u8 *nonce)
{
	u32 len = hl + mlen + NCR_BLOB_TAG_LEN;
	u8 *copy = NULL;
	int err;

	down_read(&ncr_master_sem);
	if (ncr_master_prev.tfm) {
		copy = ncr_user_kvzalloc(u, len);
		if (IS_ERR(copy)) {
			err = PTR_ERR(copy);
			goto out_unlock;
		}
		memcpy(copy, buf, len);
	}
	err = ncr_blob_crypt(ncr_master_cur.tfm, buf, hl, mlen, nonce, false);
	if (err == -EBADMSG && copy) {
		memcpy(buf, copy, len);
		err = ncr_blob_crypt(ncr_master_prev.tfm, buf, hl, mlen, nonce,
				     false);
	}
	if (copy)
		ncr_user_kvfree(u, copy, len);
out_unlock:
	up_read(&ncr_master_sem);
	return err;
}

long ncr_storage_unwrap_ioctl(struct ncr_ucmd *uc)
{
	struct ncr_key_storage *st = uc->cmd;
	struct ncr_ns *ns = uc->ns;
	struct ncr_audit_ctx *ac = &uc->ac;
	struct ncr_blob_hdr h;
	struct ncr_key *key;
	u8 *buf, *m;
	u32 hl;
	int err = 0;

	if (st->__reserved)
		return -EINVAL;
	if (!ncr_master_is_set())
		return -ENOKEY;
	if (st->blob_size < NCR_BLOB_OVERHEAD_V1 + 1 ||
	    st->blob_size > NCR_STORAGE_BLOB_MAX)
		return -EBADMSG;
	buf = ncr_user_kzalloc(ns->user, st->blob_size); /* sg_init_one below */
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	if (copy_from_user(buf, ncr_uptr(st->blob), st->blob_size)) {
		err = -EFAULT;
		goto out;
	}
	err = ncr_blob_parse(buf, st->blob_size, &h);
	if (err)
		goto out;
	hl = ncr_blob_hdr_len(h.version);
	m = buf + hl;
	err = ncr_blob_open(ns->user, buf, hl, h.material_len, h.nonce);
	if (err) {
		err = err == -ENOMEM ? err : -EBADMSG;
		goto out;
	}
	/* authentic, so written by us: still refuse what we would not make */
	if (!ncr_pk_type(h.type) &&
	    (ncr_key_check_len(h.type, h.material_len) ||
	     h.bits != h.material_len * 8)) {
		err = -EBADMSG;
		goto out;
	}
	if (ncr_pk_type(h.type))
		key = ncr_pk_key_packed(ns->user, h.type, h.bits, m,
					h.material_len);
	else
		key = ncr_key_alloc(ns->user, h.type, h.material_len, m);
	if (key == ERR_PTR(-EINVAL))
		key = ERR_PTR(-EBADMSG);
	if (IS_ERR(key)) {
		err = PTR_ERR(key);
		goto out;
	}
	if (ncr_blob_policy(key, &h)) {
		ncr_key_put(key);
		err = -EBADMSG;
		goto out;
	}
	key->key_id_len = h.key_id_len;
	memcpy(key->key_id, h.key_id, h.key_id_len);
	key->label_len = h.label_len;
	memcpy(key->label, h.label, h.label_len);
	err = ncr_key_publish(uc, key, &st->key, sizeof(*st), ac);
out:
	ncr_user_kvfree(ns->user, buf, st->blob_size);
	return err;
}

/* Module exit: no file is open, so no ioctl holds a slot. */
void ncr_storage_exit(void)
{
	if (ncr_master_prev.tfm)
		crypto_free_aead(ncr_master_prev.tfm);
	if (ncr_master_cur.tfm)
		crypto_free_aead(ncr_master_cur.tfm);
	memset(&ncr_master_prev, 0, sizeof(ncr_master_prev));
	memset(&ncr_master_cur, 0, sizeof(ncr_master_cur));
}
