// SPDX-License-Identifier: GPL-2.0
/*
 * derive.c - NCRIO_KEY_DERIVE: key agreement (ECDH, X25519, DH) whose
 * shared secret becomes a new secret key object and never leaves the
 * kernel unless that key is made exportable.
 */
#include <linux/slab.h>
#include <linux/random.h>
#include <linux/uaccess.h>
#include "ncr-int.h"
#include "pkparts.h"
#include "dlog/dsa.h"
#include "ec/ec.h"
#include "curve25519/curve25519.h"

/* Largest shared secret: DH with an 8192-bit p. */
#define NCR_DERIVE_MAX	1024

static int ncr_derive_secret(struct ncr_ns *ns, const struct ncr_alg *alg,
			     struct ncr_key *key, const u8 *peer,
			     size_t peer_len, u8 *secret, size_t *len)
{
	struct ncr_pk_parts k;
	size_t slen = 0;
	void *scratch;
	int err;

	err = ncr_pk_key_parts(key, &k);
	if (err)
		return err;
	switch (alg->id) {
	case NCR_ALG_ECDH:
		*len = ncr_ec_field_len(k.ec.curve);
		return ncr_ecdh(k.ec.curve, k.ec.d.p, k.ec.d.len, peer,
				peer_len, secret);
	case NCR_ALG_X25519:
		if (peer_len != 32)
			return -EINVAL;
		*len = 32;
		return ncr_x25519(secret, k.k25519.priv.p, peer);
	default:	/* DH: y is at most as long as p */
		*len = (key->bits + 7) / 8;
		if (peer_len > *len)
			return -EINVAL;
		scratch = ncr_pk_scratch(ns->user, key->type, key->bits, &slen);
		if (IS_ERR(scratch))
			return PTR_ERR(scratch);
		err = ncr_dh_derive_env(&k.dl, peer, peer_len, &ncr_kenv,
					secret, scratch);
		ncr_pk_scratch_free(ns->user, scratch, slen);
		return err;
	}
}

long ncr_key_derive_ioctl(struct ncr_ucmd *uc)
{
	struct ncr_key_derive *d = uc->cmd;
	struct ncr_ns *ns = uc->ns;
	struct ncr_audit_ctx *ac = &uc->ac;
	const struct ncr_alg *alg;
	struct ncr_key *key, *nk;
	u8 *peer = NULL, *secret;
	size_t len = 0;
	int err = 0;

	alg = ncr_alg_find(d->algorithm);
	if (!alg || alg->kind != NCR_KIND_KX || d->__reserved ||
	    d->label_size > NCR_KEY_LABEL_MAX || !d->peer_size ||
	    d->peer_size > NCR_DERIVE_MAX)
		return -EINVAL;
	if (d->type != NCR_KEY_TYPE_HMAC && d->type != NCR_KEY_TYPE_AES)
		return -EINVAL;
	err = ncr_key_check_policy(d->flags, d->usage);
	if (err)
		return err;
	/* the caller chose the peer, so it may know the secret */
	if (d->flags & NCR_KEY_FLAG_TRUSTED)
		return -EPERM;
	ac->alg = alg;
	key = ncr_ns_key(ns, d->key);
	if (!key)
		return -ENOENT;
	ncr_audit_key(ac, d->key, key);
	if (key->type != alg->key_type) {
		err = -EINVAL;
		goto out_key;
	}
	err = ncr_key_permits(key, NCR_KEY_USAGE_DERIVE, alg->algbit);
	if (!err && key->klass != NCR_KEY_CLASS_PRIVATE)
		err = -EPERM;
	if (err)
		goto out_key;
	secret = ncr_user_kvzalloc(ns->user, NCR_DERIVE_MAX);
	if (IS_ERR(secret)) {
		err = PTR_ERR(secret);
		goto out_key;
	}
	peer = ncr_user_memdup(ns->user, ncr_uptr(d->peer), d->peer_size);
	if (IS_ERR(peer)) {
		err = PTR_ERR(peer);
		peer = NULL;
		goto out_secret;
	}
	err = ncr_derive_secret(ns, alg, key, peer, d->peer_size, secret, &len);
	if (err)
		goto out_secret;
	/* AES: a single key (16, 24, 32), not the XTS pairs */
	if (ncr_key_check_len(d->type, len) ||
	    (d->type == NCR_KEY_TYPE_AES && len > 32)) {
		err = -EINVAL;
		goto out_secret;
	}
	nk = ncr_key_alloc(ns->user, d->type, len, secret);
	if (IS_ERR(nk)) {
		err = PTR_ERR(nk);
		goto out_secret;
	}
	err = ncr_key_set_policy(nk, d->flags, d->usage, d->algs, 0) ?:
	      ncr_key_set_label(nk, d->label, d->label_size);
	if (err) {
		ncr_key_put(nk);
		goto out_secret;
	}
	err = ncr_key_publish(uc, nk, &d->new_key, sizeof(*d), NULL);
out_secret:
	ncr_user_kvfree(ns->user, secret, NCR_DERIVE_MAX);
	ncr_user_kvfree(ns->user, peer, d->peer_size);
out_key:
	ncr_key_put(key);
	return err;
}
