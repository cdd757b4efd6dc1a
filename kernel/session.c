// SPDX-License-Identifier: GPL-2.0
/*
 * session.c - sessions: init / update / final / free: set-up and
 * tear-down, one step, and the handle ioctls.  The one-shot path is in
 * session_once.c, the data paths in session_cipher.c, session_whole.c
 * (AEAD, XTS) and session_hash.c, with what they share in session.h.
 *
 * A session is set up identically for a handle (NCRIO_SESSION_INIT) and for
 * a one-shot call (NCRIO_SESSION_ONCE, where it lives on the stack or is
 * kept for the next like call, and takes a pooled bounce buffer, so the
 * fast path allocates nothing).
 * User data moves through the bounce buffer in chunks of at most
 * NCR_COPY_BOUND bytes; messages that the kernel must see whole (AEAD,
 * XTS) are gathered in a page list instead, charged to the namespace.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "session.h"

atomic64_t ncr_live_sessions = ATOMIC64_INIT(0);

/* ---- setup and teardown ---- */

static u32 ncr_op_usage(u32 op)
{
	switch (op) {
	case NCR_OP_ENCRYPT:
		return NCR_KEY_USAGE_ENCRYPT;
	case NCR_OP_DECRYPT:
		return NCR_KEY_USAGE_DECRYPT;
	case NCR_OP_SIGN:
		return NCR_KEY_USAGE_SIGN;
	default:
		return NCR_KEY_USAGE_VERIFY;
	}
}

static int ncr_check_iv(const struct ncr_alg *alg, u32 iv_size)
{
	if (alg->id == NCR_ALG_AES_CCM)
		return iv_size >= 7 && iv_size <= 13 ? 0 : -EINVAL;
	return iv_size == alg->iv_size ? 0 : -EINVAL;
}

/*
 * The key for a session of alg: its type (EINVAL), then the usage of op
 * and the algorithm in its set (EPERM).  Key lengths: the algorithm set
 * already ties 48/64-byte AES keys to XTS; checked again here so that no
 * path hands an AES-256 key to XTS as two AES-128 keys or the reverse.
 */
int ncr_session_check_key(const struct ncr_alg *alg, struct ncr_key *key,
			  u32 op)
{
	int err;

	if (key->type != alg->key_type || key->klass)
		return -EINVAL;
	err = ncr_key_permits(key, ncr_op_usage(op), alg->algbit);
	if (err)
		return err;
	if (alg->key_type == NCR_KEY_TYPE_AES) {
		bool xts = alg->id == NCR_ALG_AES_XTS;

		if (xts ? key->len < 32 : key->len > 32)
			return -EINVAL;
	}
	return 0;
}

/* The shortest MAC a caller may ask for (ncr.h: truncation). */
static u32 ncr_mac_min(const struct ncr_alg *alg)
{
	return alg->id == NCR_ALG_CMAC_AES ? 8 : 10;
}

static size_t ncr_state_size(struct ncr_tfm *t)
{
	switch (t->alg->kind) {
	case NCR_KIND_CIPHER:
		return sizeof(struct skcipher_request) +
		       crypto_skcipher_reqsize(t->sk);
	case NCR_KIND_AEAD:
		return sizeof(struct aead_request) +
		       crypto_aead_reqsize(t->aead);
	default:
		return sizeof(struct shash_desc) +
		       crypto_shash_descsize(t->sh);
	}
}

void ncr_session_teardown(struct ncr_session *s)
{
	if (s->ob)
		ncr_opbuf_put(s->ns, s->ob);
	s->ob = NULL;
	ncr_pk_sess_free(s->ns, s->pk);
	s->pk = NULL;
	ncr_bigbuf_free(s->ns, &s->big);
	ncr_tfm_release(&s->tfm);
	if (s->key)
		ncr_key_put(s->key);
	s->key = NULL;
	memzero_explicit(s->iv, sizeof(s->iv));
	if (s->carry_used)
		memzero_explicit(s->carry, sizeof(s->carry));
	s->carry_used = false;
}

/* Public-key sessions: the key is checked here, the rest in pksession.c. */
static int ncr_pk_session_setup(struct ncr_ns *ns, struct ncr_session *s,
				bool hw, u32 key_handle, u32 iv_size,
				u32 tag_size, const struct ncr_pk_args *pa,
				struct ncr_audit_ctx *ac)
{
	int err;

	if (iv_size || tag_size || s->op < NCR_OP_ENCRYPT ||
	    s->op > NCR_OP_VERIFY)
		return -EINVAL;
	if (hw)
		return -EOPNOTSUPP;
	s->key = ncr_ns_key(ns, key_handle);
	if (!s->key)
		return -ENOENT;
	s->key_handle = key_handle;
	ncr_audit_key(ac, key_handle, s->key);
	err = ncr_pk_sess_new(ns, s->alg, s->op, s->key,
			      ncr_op_usage(s->op), pa, &s->pk);
	if (err) {
		ncr_key_put(s->key);
		s->key = NULL;
	}
	return err;
}

/*
 * Validates the init parameters and prepares s (zeroed by the caller).
 * On failure s holds nothing.
 */
int ncr_session_setup(struct ncr_ns *ns, struct ncr_session *s, u32 flags,
		      const struct ncr_alg *alg, u32 op, u32 key_handle,
		      const void __user *iv, u32 iv_size, u32 tag_size,
		      const struct ncr_pk_args *pa, struct ncr_audit_ctx *ac)
{
	static const struct ncr_pk_args no_pk;
	bool hw = flags & NCR_SESSION_FLAG_HARDWARE;
	int err;

	s->ns = ns;
	if (!alg || (flags & ~NCR_SESSION_FLAGS_ALL))
		return -EINVAL;
	s->alg = alg;
	ac->alg = alg;
	s->op = op;
	if (alg->kind == NCR_KIND_PK)
		return ncr_pk_session_setup(ns, s, hw, key_handle, iv_size,
					    tag_size, pa, ac);
	if (alg->kind == NCR_KIND_KX || memcmp(pa, &no_pk, sizeof(no_pk)))
		return -EINVAL;
	switch (alg->kind) {
	case NCR_KIND_CIPHER:
	case NCR_KIND_AEAD:
		if (op != NCR_OP_ENCRYPT && op != NCR_OP_DECRYPT)
			return -EINVAL;
		break;
	default:
		if (op != NCR_OP_SIGN && op != NCR_OP_VERIFY)
			return -EINVAL;
		break;
	}
	if (ncr_check_iv(alg, iv_size))
		return -EINVAL;

	/* tag length */
	switch (alg->kind) {
	case NCR_KIND_CIPHER:
		if (tag_size)
			return -EINVAL;
		break;
	case NCR_KIND_HASH:
		if (tag_size && tag_size != alg->tag)
			return -EINVAL;
		tag_size = alg->tag;
		break;
	case NCR_KIND_MAC:
		if (tag_size && (tag_size < ncr_mac_min(alg) ||
				 tag_size > alg->tag))
			return -EINVAL;
		tag_size = tag_size ?: alg->tag;
		break;
	case NCR_KIND_AEAD:
		if (tag_size > alg->tag)
			return -EINVAL;
		tag_size = tag_size ?: alg->tag;
		break;
	default:	/* NCR_KIND_PK and NCR_KIND_KX returned above */
		return -EINVAL;
	}
	s->tag_size = tag_size;

	if (alg->key_type) {
		struct ncr_key *key = ncr_ns_key(ns, key_handle);

		if (!key)
			return -ENOENT;
		s->key_handle = key_handle;
		ncr_audit_key(ac, key_handle, key);
		err = ncr_session_check_key(alg, key, op);
		if (err) {
			ncr_key_put(key);
			return err;
		}
		return ncr_session_arm(ns, s, key, hw, iv, iv_size);
	}
	if (key_handle)
		return -EINVAL;
	return ncr_session_arm(ns, s, NULL, hw, iv, iv_size);
}

int ncr_session_arm(struct ncr_ns *ns, struct ncr_session *s,
		    struct ncr_key *key, bool hw, const void __user *iv,
		    u32 iv_size)
{
	const struct ncr_alg *alg = s->alg;
	int err;

	s->ns = ns;
	if (key) {
		s->key = key;
		err = ncr_key_tfm(s->key, alg,
				  alg->kind == NCR_KIND_AEAD ? s->tag_size : 0,
				  hw, &s->tfm);
		if (err)
			goto err_key;
	} else {
		if (hw)
			return -EOPNOTSUPP;
		s->tfm.alg = alg;
		s->tfm.sh = ncr_alg_digest_tfm(alg);
		if (IS_ERR(s->tfm.sh)) {
			err = PTR_ERR(s->tfm.sh);
			s->tfm.sh = NULL;
			return err == -ENOENT ? -EOPNOTSUPP : err;
		}
	}

	if (iv_size) {
		s->iv_len = iv_size;
		if (copy_from_user(s->iv, iv, iv_size)) {
			err = -EFAULT;
			goto err_tfm;
		}
	}

	s->ob = ncr_opbuf_get(ns);
	if (IS_ERR(s->ob)) {
		err = PTR_ERR(s->ob);
		s->ob = NULL;
		goto err_tfm;
	}
	err = ncr_opbuf_state(ns, s->ob, ncr_state_size(&s->tfm));
	if (err)
		goto err_tfm;

	if (alg->kind == NCR_KIND_HASH || alg->kind == NCR_KIND_MAC) {
		struct shash_desc *desc = s->ob->state;

		desc->tfm = s->tfm.sh;
		err = crypto_shash_init(desc);
		if (err)
			goto err_tfm;
	}
	return 0;

err_tfm:
	ncr_session_teardown(s);
	return err;
err_key:
	ncr_key_put(s->key);
	s->key = NULL;
	return err;
}

int ncr_session_rewind(struct ncr_session *s)
{
	ncr_bigbuf_free(s->ns, &s->big);
	s->blen = 0;
	s->aad_len = 0;
	s->data_seen = false;
	s->carry_len = 0;
	if (s->carry_used)
		memzero_explicit(s->carry, sizeof(s->carry));
	s->carry_used = false;
	if (s->alg->kind == NCR_KIND_HASH || s->alg->kind == NCR_KIND_MAC) {
		struct shash_desc *desc = s->ob->state;

		desc->tfm = s->tfm.sh;
		return crypto_shash_init(desc);
	}
	return 0;
}

int ncr_session_set_tag(struct ncr_session *s, u32 tag_size)
{
	struct ncr_tfm t = {};
	int err;

	err = ncr_key_tfm(s->key, s->alg, tag_size, false, &t);
	if (err)
		return err;
	err = ncr_opbuf_state(s->ns, s->ob, ncr_state_size(&t));
	if (err) {
		ncr_tfm_release(&t);
		return err;
	}
	ncr_tfm_release(&s->tfm);
	s->tfm = t;
	s->tag_size = tag_size;
	return 0;
}

/* Last reference of a handle session (s->counted): frees and uncharges. */
static void ncr_session_destroy(struct kref *ref)
{
	struct ncr_session *s = container_of(ref, struct ncr_session, ref);
	struct ncr_ns *ns = s->ns;

	ncr_session_teardown(s);
	if (s->counted)
		atomic64_dec(&ncr_live_sessions);
	kfree_sensitive(s);
	ncr_user_uncharge(ns->user, NCR_RES_MEMORY, sizeof(*s));
	ncr_user_uncharge(ns->user, NCR_RES_SESSIONS, 1);
}

static void ncr_session_put(struct ncr_session *s)
{
	kref_put(&s->ref, ncr_session_destroy);
}

void ncr_session_put_any(void *s)
{
	ncr_session_put(s);
}

/* ---- one step on a session: update or final ---- */


/*
 * ERANGE must consume nothing, so a final checks its output room before
 * it feeds the last input.
 */
static int ncr_final_room(struct ncr_session *s, struct ncr_step *st)
{
	bool enc = s->op == NCR_OP_ENCRYPT;
	u64 data_len;

	switch (s->alg->kind) {
	case NCR_KIND_CIPHER:
		if (!s->alg->whole)
			return 0;	/* ncr_cipher_update checks first */
		fallthrough;
	case NCR_KIND_AEAD:
		data_len = ncr_whole_len(s) - s->aad_len + st->inlen;
		if (st->outlen < data_len) {
			st->outlen = data_len;
			return -ERANGE;
		}
		if (s->alg->kind == NCR_KIND_AEAD && enc &&
		    st->tag_len < s->tag_size) {
			st->outlen = 0;
			st->tag_len = s->tag_size;
			return -ERANGE;
		}
		return 0;
	default:
		if (s->op == NCR_OP_SIGN && st->tag_len < s->tag_size) {
			st->outlen = 0;
			st->tag_len = s->tag_size;
			return -ERANGE;
		}
		return 0;
	}
}

int ncr_session_step(struct ncr_session *s, struct ncr_step *st, bool final)
{
	const struct ncr_alg *alg = s->alg;
	bool keydata = st->flags & NCR_OP_FLAG_KEY_DATA;
	bool aad = st->flags & NCR_OP_FLAG_AAD;
	u64 cap = st->outlen;
	int err;

	if (alg->kind == NCR_KIND_PK)
		return ncr_pk_sess_step(s->ns, s->pk, st, final);
	if (st->flags & ~NCR_OP_FLAGS_ALL || (aad && keydata))
		return -EINVAL;
	if (keydata && !ncr_key_data_alg(alg))
		return -EINVAL;
	if (aad && alg->kind != NCR_KIND_AEAD)
		return -EINVAL;
	if (aad && final && st->inlen)
		return -EINVAL;
	if (final) {
		err = ncr_final_room(s, st);
		if (err)
			return err;
	}
	st->outlen = 0;

	switch (alg->kind) {
	case NCR_KIND_CIPHER:
		if (!alg->whole) {
			st->outlen = cap;
			return ncr_cipher_update(s, st->in, st->inlen, st->out,
						 &st->outlen, final);
		}
		fallthrough;
	case NCR_KIND_AEAD:
		err = ncr_whole_update(s, st->in, st->inlen, aad);
		if (err || !final)
			return err;
		st->outlen = cap;
		return ncr_whole_final(s, st->out, &st->outlen, st->tag,
				       &st->tag_len);
	default:
		if (keydata)
			err = ncr_hash_key_data(s, st->input_key);
		else
			err = ncr_shash_update(s, st->in, st->inlen);
		if (err || !final)
			return err;
		return ncr_shash_final(s, st->tag, &st->tag_len, &st->result);
	}
}

/* ---- ioctls ---- */

long ncr_session_init_ioctl(struct ncr_ucmd *uc)
{
	struct ncr_session_init *si = uc->cmd;
	struct ncr_ns *ns = uc->ns;
	struct ncr_audit_ctx *ac = &uc->ac;
	struct ncr_pk_args pa;
	struct ncr_session *s;
	int err = 0;

	err = ncr_user_charge(ns->user, NCR_RES_SESSIONS, 1);
	if (err)
		return err;
	err = ncr_user_charge(ns->user, NCR_RES_MEMORY, sizeof(*s));
	if (err)
		goto err_count;
	s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!s) {
		err = -ENOMEM;
		goto err_memory;
	}
	kref_init(&s->ref);
	mutex_init(&s->lock);
	pa = (struct ncr_pk_args) {
		.hash = si->hash, .mgf1_hash = si->mgf1_hash,
		.salt_size = si->salt_size, .pk_flags = si->pk_flags,
		.label = si->label, .label_size = si->label_size,
		.reserved = si->__reserved,
	};
	err = ncr_session_setup(ns, s, si->flags, ncr_alg_find(si->algorithm),
				si->op, si->key,
				ncr_uptr(si->iv), si->iv_size, si->tag_size,
				&pa, ac);
	if (err)
		goto err_free;
	err = ncr_ns_charge(ns);
	if (err)
		goto err_teardown;
	/*
	 * Complete before it is published: once xa_alloc returns, another
	 * thread may guess the handle and end the session, so from there on
	 * s is touched only through a reference of our own.
	 */
	s->counted = true;
	atomic64_inc(&ncr_live_sessions);
	kref_get(&s->ref);	/* ours, until the copy-out is done */
	err = xa_alloc(&ns->sessions, &si->ses, s, xa_limit_31b,
		       GFP_KERNEL_ACCOUNT);
	if (err) {
		ncr_ns_uncharge(ns);
		ncr_session_put(s);	/* ours */
		ncr_session_put(s);	/* the table's that never was */
		return err == -EBUSY ? -EDQUOT : err;
	}
	err = ncr_ucmd_respond(uc, sizeof(*si));
	if (err && xa_cmpxchg(&ns->sessions, si->ses, s, NULL, 0) == s) {
		ncr_ns_uncharge(ns);
		ncr_session_put(s);	/* the table's */
	}
	ncr_session_put(s);	/* ours */
	return err;

err_teardown:
	ncr_session_teardown(s);
err_free:
	kfree_sensitive(s);
err_memory:
	ncr_user_uncharge(ns->user, NCR_RES_MEMORY, sizeof(*s));
err_count:
	ncr_user_uncharge(ns->user, NCR_RES_SESSIONS, 1);
	return err;
}

static struct ncr_session *ncr_ns_session(struct ncr_ns *ns, u32 handle)
{
	struct ncr_session *s;

	if (!handle)
		return NULL;
	xa_lock(&ns->sessions);
	s = xa_load(&ns->sessions, handle);
	if (s)
		kref_get(&s->ref);
	xa_unlock(&ns->sessions);
	return s;
}

/* Removes the handle; caller holds s->lock and a reference of its own. */
static void ncr_session_end(struct ncr_ns *ns, struct ncr_session *s,
			    u32 handle)
{
	lockdep_assert_held(&s->lock);
	s->done = true;
	if (xa_cmpxchg(&ns->sessions, handle, s, NULL, 0) == s) {
		ncr_ns_uncharge(ns);
		kref_put(&s->ref, ncr_session_destroy);	/* the table's */
	}
}

/*
 * Update and final on the kernel's copy of the structure (the ioctls and
 * NCRIO_BATCH): the session stays locked for the whole step.  The out
 * fields are set on success and on ERANGE, for the caller to copy back.
 */
int ncr_session_op_run(struct ncr_ns *ns, struct ncr_session_op *op,
		       bool final, struct ncr_audit_ctx *ac)
{
	struct ncr_session *s;
	struct ncr_step st;
	int err = 0;

	s = ncr_ns_session(ns, op->ses);
	if (!s)
		return -ENOENT;
	if (mutex_lock_killable(&s->lock)) {
		ncr_session_put(s);
		return -EINTR;
	}
	if (s->done) {
		err = -ENOENT;
		goto out_unlock;
	}
	ac->alg = s->alg;
	ncr_audit_key(ac, s->key_handle, s->key);
	if (s->failed) {
		err = -EIO;
		goto out_end;
	}
	st = (struct ncr_step) {
		.flags = op->flags, .input_key = op->input_key,
		.in = ncr_uptr(op->input), .inlen = op->input_size,
		.out = ncr_uptr(op->output), .outlen = op->output_size,
		.tag = ncr_uptr(op->tag), .tag_len = op->tag_size,
	};
	err = ncr_session_step(s, &st, final);
	if (st.poisoned)
		s->failed = true;
	if (!err || err == -ERANGE) {
		op->output_size = st.outlen;
		op->tag_size = st.tag_len;
		op->result = st.result;
	}
	if (final && !err && s->op == NCR_OP_VERIFY)
		ac->verify = st.result;
	/* ERANGE consumed nothing: the caller may retry the final */
out_end:
	if (final && err != -ERANGE)
		ncr_session_end(ns, s, op->ses);
out_unlock:
	mutex_unlock(&s->lock);
	ncr_session_put(s);
	return err;
}

/* Writes back the out fields of once and op: all within both VER0s. */
int ncr_put_outs(void __user *u, size_t out_off, size_t tag_off,
			size_t res_off, u64 outlen, u32 tag_len, u32 result)
{
	if (put_user(outlen, (u64 __user *)(u + out_off)) ||
	    put_user(tag_len, (u32 __user *)(u + tag_off)) ||
	    put_user(result, (u32 __user *)(u + res_off)))
		return -EFAULT;
	return 0;
}

static long ncr_session_op_ioctl(struct ncr_ucmd *uc, bool final)
{
	struct ncr_session_op *op = uc->cmd;
	int err;

	err = ncr_session_op_run(uc->ns, op, final, &uc->ac);
	if (!err || err == -ERANGE)
		err = NCR_PUT_OUTS(uc->ubuf, op) ?: err;
	return err;
}

long ncr_session_update_ioctl(struct ncr_ucmd *uc)
{
	return ncr_session_op_ioctl(uc, false);
}

long ncr_session_final_ioctl(struct ncr_ucmd *uc)
{
	return ncr_session_op_ioctl(uc, true);
}

long ncr_session_free_ioctl(struct ncr_ucmd *uc)
{
	struct ncr_session_free *f = uc->cmd;
	struct ncr_ns *ns = uc->ns;
	struct ncr_audit_ctx *ac = &uc->ac;
	struct ncr_session *s;
	int err = 0;

	s = ncr_ns_session(ns, f->ses);
	if (!s)
		return -ENOENT;
	/* an update may hold the lock across a user copy that stalls */
	if (mutex_lock_killable(&s->lock)) {
		ncr_session_put(s);
		return -EINTR;
	}
	err = s->done ? -ENOENT : 0;
	if (!err) {
		ac->alg = s->alg;
		ncr_audit_key(ac, s->key_handle, s->key);
		ncr_session_end(ns, s, f->ses);
	}
	mutex_unlock(&s->lock);
	ncr_session_put(s);
	return err;
}
