// SPDX-License-Identifier: GPL-2.0
/*
 * session_once.c - one-shot operations (NCRIO_SESSION_ONCE, and the ONCE
 * elements of NCRIO_BATCH): checked, set up on a session of their own
 * (session.c's setup and step), run, torn down; or run on a session kept
 * armed from the previous like call, by the namespace (one caller at a
 * time) or by a batch.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "session.h"

/*
 * The checks of NCRIO_SESSION_ONCE before any object is looked up; sets
 * the algorithm (NULL: unknown, refused by the setup) and the tag length
 * the session is set up with.
 */
static int ncr_once_check(const struct ncr_session_once *o,
			  const struct ncr_alg **palg, u32 *init_tag)
{
	const struct ncr_alg *alg;

	if ((o->op_flags & ~NCR_OP_FLAG_KEY_DATA) || o->__reserved2)
		return -EINVAL;
	/*
	 * tag_size: for SIGN the capacity of tag; for VERIFY the length of
	 * the expected value; for AEAD the tag length.  MACs are mac_size
	 * long (0: full), a length the caller fixes, not the sender of the
	 * MAC: an expected value of another length fails.
	 */
	alg = ncr_alg_find(o->algorithm);
	if (o->aad_size && (!alg || alg->kind != NCR_KIND_AEAD))
		return -EINVAL;
	if (o->mac_size && (!alg || alg->kind != NCR_KIND_MAC))
		return -EINVAL;
	if (alg && alg->kind == NCR_KIND_MAC)
		*init_tag = o->mac_size;
	else if (o->op == NCR_OP_SIGN || o->op == NCR_OP_VERIFY)
		*init_tag = 0;
	else
		*init_tag = o->tag_size;
	*palg = alg;
	return 0;
}

static int ncr_once_setup(struct ncr_ns *ns, struct ncr_session *s,
			  const struct ncr_session_once *o,
			  const struct ncr_alg *alg, u32 init_tag,
			  struct ncr_audit_ctx *ac)
{
	struct ncr_pk_args pa = {
		.hash = o->hash, .mgf1_hash = o->mgf1_hash,
		.salt_size = o->salt_size, .pk_flags = o->pk_flags,
		.label = o->label, .label_size = o->label_size,
		.reserved = o->__reserved,
	};

	return ncr_session_setup(ns, s, o->flags, alg, o->op, o->key,
				 ncr_uptr(o->iv), o->iv_size, init_tag, &pa,
				 ac);
}

/* The data step of a one-shot operation on an armed session. */
static int ncr_once_exec(struct ncr_session *s, struct ncr_session_once *o,
			 struct ncr_audit_ctx *ac)
{
	struct ncr_step st = {
		.flags = o->op_flags, .input_key = o->input_key,
		.in = ncr_uptr(o->input), .inlen = o->input_size,
		.out = ncr_uptr(o->output), .outlen = o->output_size,
		.tag = ncr_uptr(o->tag), .tag_len = o->tag_size,
	};
	int err = 0;

	if (ncr_zc_aead_fits(s, o->aad_size, o->input_size)) {
		err = ncr_aead_once_zc(s, ncr_uptr(o->aad), o->aad_size,
				       st.in, st.inlen, st.out, &st.outlen,
				       st.tag, &st.tag_len);
	} else {
		if (o->aad_size)
			err = ncr_whole_update(s, ncr_uptr(o->aad),
					       o->aad_size, true);
		if (!err)
			err = ncr_session_step(s, &st, true);
	}
	if (!err || err == -ERANGE) {
		o->output_size = st.outlen;
		o->tag_size = st.tag_len;
		o->result = st.result;
	}
	if (!err && o->op == NCR_OP_VERIFY)
		ac->verify = st.result;
	return err;
}

/* One one-shot operation on a session of its own, on the stack. */
static int ncr_session_once_plain(struct ncr_ns *ns,
				  struct ncr_session_once *o,
				  struct ncr_audit_ctx *ac)
{
	struct ncr_session s = {};
	const struct ncr_alg *alg;
	u32 init_tag;
	int err;

	err = ncr_once_check(o, &alg, &init_tag);
	if (err)
		return err;
	err = ncr_once_setup(ns, &s, o, alg, init_tag, ac);
	if (err)
		return err;
	s.oneshot = true;
	err = ncr_once_exec(&s, o, ac);
	ncr_session_teardown(&s);
	return err;
}

/*
 * One-shot sessions kept armed across the ONCE elements of a batch.  Only
 * kinds whose whole state a new message resets (block and stream ciphers:
 * the IV is loaded again; digests and MACs: the hash starts over) are
 * kept, and only between elements that ask for exactly the same session:
 * algorithm, operation, key handle, flags, IV length, tag length, no
 * public-key or key-data fields.  Each reuse checks again what the ioctl
 * would check on its own: that the handle still names the same key (no
 * deinit in between) and that the key's policy (restricted meanwhile?)
 * still allows the operation.  Any failure drops the session.
 */
static bool ncr_once_reusable(const struct ncr_alg *alg,
			      const struct ncr_session_once *o)
{
	if (!alg || o->op_flags || o->aad_size || o->hash || o->mgf1_hash ||
	    o->salt_size || o->pk_flags || o->label || o->label_size ||
	    o->__reserved)
		return false;
	switch (alg->kind) {
	case NCR_KIND_CIPHER:
		return !alg->whole;
	case NCR_KIND_HASH:
	case NCR_KIND_MAC:
		return true;
	default:
		return false;
	}
}

void ncr_once_cache_drop(struct ncr_once_cache *c)
{
	if (c->armed)
		ncr_session_teardown(&c->s);
	c->armed = false;
}

static bool ncr_once_cache_hit(struct ncr_ns *ns, struct ncr_once_cache *c,
			       const struct ncr_session_once *o,
			       const struct ncr_alg *alg, u32 init_tag)
{
	struct ncr_session *s = &c->s;

	if (!c->armed || s->alg != alg || s->op != o->op ||
	    c->flags != o->flags || s->iv_len != o->iv_size ||
	    c->init_tag != init_tag || c->key != o->key)
		return false;
	if (s->key && (!ncr_ns_key_is(ns, o->key, s->key) ||
		       ncr_session_check_key(alg, s->key, o->op)))
		return false;
	return true;
}

int ncr_session_once_cached(struct ncr_ns *ns, struct ncr_session_once *o,
			    struct ncr_audit_ctx *ac, struct ncr_once_cache *c)
{
	struct ncr_session *s = &c->s;
	const struct ncr_alg *alg;
	u32 init_tag;
	int err;

	err = ncr_once_check(o, &alg, &init_tag);
	if (err)
		return err;
	if (!ncr_once_reusable(alg, o)) {
		ncr_once_cache_drop(c);
		return ncr_session_once_plain(ns, o, ac);
	}
	if (ncr_once_cache_hit(ns, c, o, alg, init_tag)) {
		ac->alg = alg;
		if (s->key)
			ncr_audit_key(ac, o->key, s->key);
		err = ncr_session_rewind(s);
		if (!err && o->iv_size &&
		    copy_from_user(s->iv, ncr_uptr(o->iv), o->iv_size))
			err = -EFAULT;
		if (err) {
			ncr_once_cache_drop(c);
			return err;
		}
	} else {
		ncr_once_cache_drop(c);
		memset(s, 0, sizeof(*s));
		err = ncr_once_setup(ns, s, o, alg, init_tag, ac);
		if (err)
			return err;
		s->oneshot = true;
		c->armed = true;
		c->flags = o->flags;
		c->key = o->key;
		c->init_tag = init_tag;
	}
	err = ncr_once_exec(s, o, ac);
	if (err || s->failed)
		ncr_once_cache_drop(c);
	return err;
}

/*
 * Between two calls the kept session must hold no user data: its bounce
 * buffer's used bytes and IV area are wiped (the tfm, the request and the
 * hash state, which are the key's, stay).
 */
static void ncr_once_cache_scrub(struct ncr_once_cache *c)
{
	struct ncr_opbuf *ob = c->s.ob;

	if (!c->armed)
		return;
	memzero_explicit(ob->buf, ob->dirty);
	memzero_explicit(ob->buf + NCR_OPBUF_IV_OFF, ob->iv_dirty);
	ob->dirty = 0;
	ob->iv_dirty = 0;
	memzero_explicit(c->s.iv, sizeof(c->s.iv));
}

/*
 * NCRIO_SESSION_ONCE on the kernel's copy of the structure (the ioctl and
 * io_uring; NCRIO_BATCH keeps its own session): the out fields are set on
 * success and on ERANGE, for the caller to copy back.  The namespace
 * keeps the last one-shot session (ns->once, lazily made, one caller at a
 * time: a thread that finds it busy uses a session of its own), so a
 * program repeating one operation sets it up once; the rules of reuse are
 * the batch's (ncr_session_once_cached).
 */
int ncr_session_once_run(struct ncr_ns *ns, struct ncr_session_once *o,
			 struct ncr_audit_ctx *ac)
{
	struct ncr_once_cache *c;
	int err;

	if (!mutex_trylock(&ns->once_lock))
		return ncr_session_once_plain(ns, o, ac);
	c = ns->once;
	if (!c) {
		if (ncr_user_charge(ns->user, NCR_RES_MEMORY, sizeof(*c)))
			goto plain;
		c = kzalloc(sizeof(*c), GFP_KERNEL_ACCOUNT);
		if (!c) {
			ncr_user_uncharge(ns->user, NCR_RES_MEMORY,
					  sizeof(*c));
			goto plain;
		}
		ns->once = c;
	}
	err = ncr_session_once_cached(ns, o, ac, c);
	ncr_once_cache_scrub(c);
	mutex_unlock(&ns->once_lock);
	return err;
plain:
	mutex_unlock(&ns->once_lock);
	return ncr_session_once_plain(ns, o, ac);
}

/*
 * After NCRIO_KEY_DEINIT: the kept session goes, so that no key whose
 * handle is gone stays alive in it (ncr.h: the material is zeroized once
 * no session uses the key).
 */
void ncr_session_once_forget(struct ncr_ns *ns)
{
	/* killed while another thread runs a long one-shot: the key then
	 * lives until that thread's next one-shot or the last close */
	if (mutex_lock_killable(&ns->once_lock))
		return;
	if (ns->once)
		ncr_once_cache_drop(ns->once);
	mutex_unlock(&ns->once_lock);
}

/* The namespace's last close: its kept one-shot session goes. */
void ncr_session_ns_release(struct ncr_ns *ns)
{
	if (!ns->once)
		return;
	ncr_once_cache_drop(ns->once);
	kfree_sensitive(ns->once);
	ns->once = NULL;
	ncr_user_uncharge(ns->user, NCR_RES_MEMORY,
			  sizeof(struct ncr_once_cache));
}

long ncr_session_once_ioctl(struct ncr_ucmd *uc)
{
	struct ncr_session_once *o = uc->cmd;
	int err;

	err = ncr_session_once_run(uc->ns, o, &uc->ac);
	if (!err || err == -ERANGE)
		err = NCR_PUT_OUTS(uc->ubuf, o) ?: err;
	return err;
}
