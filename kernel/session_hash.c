// SPDX-License-Identifier: GPL-2.0
/*
 * session_hash.c - digests and MACs of sessions: updates (through the
 * bounce buffer or on pinned pages), a key's material as input, and the
 * final sign or constant-time verify.  Under s->lock (session.h).
 */
#include <linux/highmem.h>
#include <linux/uaccess.h>
#include <linux/sched/signal.h>
#include <crypto/algapi.h>
#include "session.h"

/* Hashes len bytes of the caller's pinned pages (see ncr_cipher_zc). */
static int ncr_hash_zc(struct ncr_session *s, const u8 __user *in, u64 len,
		       bool *touched)
{
	struct ncr_zc *z = (struct ncr_zc *)s->ob->buf;
	u64 pos = 0;
	int err = 0;

	while (pos < len && !err) {
		u32 n = min_t(u64, len - pos, NCR_ZC_WINDOW), i;

		err = ncr_zc_pin(z, in + pos, n, false);
		if (err)
			break;
		*touched = true;
		for (i = 0; i < z->n && !err; i++) {
			struct scatterlist *sg = &z->sg[i];
			u8 *p = kmap_local_page(sg_page(sg));

			err = crypto_shash_update(s->ob->state, p + sg->offset,
						  sg->length);
			kunmap_local(p);
		}
		ncr_zc_unpin(z, false);
		pos += n;
		if (!err && pos < len) {
			if (fatal_signal_pending(current))
				err = -EINTR;
			cond_resched();
		}
	}
	return err;
}

int ncr_shash_update(struct ncr_session *s, const u8 __user *in,
		     u64 inlen)
{
	struct shash_desc *desc = s->ob->state;
	u64 done = 0;
	int err;

	if (!s->no_zc && ncr_zerocopy_min && inlen >= ncr_zerocopy_min) {
		bool touched = false;

		err = ncr_hash_zc(s, in, inlen, &touched);
		/* a fault before the first page was hashed consumed nothing */
		if (err)
			s->failed = touched;
		return err;
	}
	while (done < inlen) {
		u32 n = min_t(u64, NCR_COPY_BOUND, inlen - done);

		if (copy_from_user(ncr_ob_data(s->ob, n), in + done, n)) {
			s->failed = done > 0;	/* else nothing consumed */
			return -EFAULT;
		}
		err = crypto_shash_update(desc, s->ob->buf, n);
		if (err) {
			s->failed = true;
			return err;
		}
		done += n;
		if (done < inlen) {
			if (fatal_signal_pending(current)) {
				s->failed = true;
				return -EINTR;
			}
			cond_resched();
		}
	}
	return 0;
}

/*
 * NCR_OP_FLAG_KEY_DATA: the material of a key as hash input, where the
 * result cannot be turned back into the material.  A digest or an HMAC is
 * one-way whatever HMAC key the caller picks (the caller's key only
 * enters as a prefix of the hashed data), unlike CMAC or a cipher under a
 * caller-known key, which are permutations of one block; MD5 is left out
 * as a hash whose resistance no longer holds up.  The material must have
 * at least 128 bits, so the result cannot be matched against every
 * possible key either.
 */
#define NCR_KEY_DATA_MIN	16

bool ncr_key_data_alg(const struct ncr_alg *alg)
{
	if (alg->kind == NCR_KIND_HASH)
		return alg->id != NCR_ALG_MD5;
	return alg->kind == NCR_KIND_MAC && alg->id != NCR_ALG_CMAC_AES;
}

int ncr_hash_key_data(struct ncr_session *s, u32 handle)
{
	struct ncr_key *k = ncr_ns_key(s->ns, handle);
	int err;

	if (!k)
		return -ENOENT;
	if (k->klass)
		err = -EINVAL;
	else if (!(ncr_key_flags(k) & NCR_KEY_FLAG_HASHABLE) ||
		 k->len < NCR_KEY_DATA_MIN)
		err = -EPERM;
	else
		err = crypto_shash_update(s->ob->state, k->material, k->len);
	ncr_key_put(k);
	return err;
}

/* SIGN: write the digest/MAC; VERIFY: compare in constant time. */
int ncr_shash_final(struct ncr_session *s, u8 __user *tag,
		    u32 *tag_len, u32 *result)
{
	u8 *md = ncr_ob_iv(s->ob, 64);
	u8 *expect = ncr_ob_data(s->ob, NCR_MAX_TAG);
	int err;

	/* room for a SIGN result was checked by ncr_final_room() */
	if (s->op == NCR_OP_VERIFY && *tag_len == s->tag_size &&
	    copy_from_user(expect, tag, s->tag_size))
		return -EFAULT;
	err = crypto_shash_final(s->ob->state, md);
	if (err)
		return err;
	if (s->op == NCR_OP_SIGN) {
		if (copy_to_user(tag, md, s->tag_size))
			return -EFAULT;
		*tag_len = s->tag_size;
	} else {
		*result = (*tag_len != s->tag_size ||
			   crypto_memneq(md, expect, s->tag_size)) ?
			NCR_VERIFY_FAILED : NCR_VERIFY_OK;
	}
	return 0;
}
