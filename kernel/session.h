/* SPDX-License-Identifier: GPL-2.0 */
/*
 * session.h - what the session files share: the session object and the
 * data path's entry points.  session.c sets sessions up, runs one step and
 * holds the handle ioctls; session_once.c the one-shot operations;
 * session_cipher.c, session_whole.c and session_hash.c are the data
 * paths, session_zc.c pins the caller's pages for them.
 *
 * Locking: every function below works on s under s->lock (a handle
 * session: the ioctl holds it for the whole step), on a one-shot session
 * on the caller's stack that no other thread can see, or on a kept
 * one-shot session under its owner's lock (ns->once_lock, or a batch's
 * own).
 */
#ifndef NCR_SESSION_H
#define NCR_SESSION_H

#include <linux/mm.h>
#include "ncr-int.h"

struct ncr_session {
	/*
	 * The handle table holds one reference and every ioctl working on
	 * the session another; the last put (final/free or namespace close,
	 * or an ioctl that raced with them) destroys it.
	 */
	struct kref ref;
	struct mutex lock;	/* serializes every operation below */
	struct ncr_ns *ns;
	const struct ncr_alg *alg;
	u32 op;
	u32 tag_size;		/* MAC/digest/AEAD tag length in use */
	bool done;		/* finished or freed: handle gone */
	bool failed;		/* a fault mid-data: only free remains */
	bool counted;		/* a handle session (live_sessions) */
	bool data_seen;		/* AEAD: no more AAD */
	bool no_zc;		/* never pin the caller's pages (BSD NO_ZC) */
	bool oneshot;		/* one message, then gone (or rewound) */
	bool last_run;		/* the cipher's last run of a one-shot */
	bool carry_used;	/* carry[] has held input: wipe it */
	struct ncr_key *key;	/* a reference, or NULL for digests */
	u32 key_handle;		/* the handle it was named by (for audit) */
	struct ncr_tfm tfm;
	struct ncr_opbuf *ob;
	u32 iv_len;
	u8 iv[16];		/* the next IV (chained across updates) */
	u32 carry_len;
	u8 carry[64];		/* input tail shorter than a block */
	u32 blen;		/* whole-message bytes in the bounce buffer */
	struct ncr_bigbuf big;	/* whole-message input (AEAD, XTS) */
	size_t aad_len;
	struct ncr_pk_sess *pk;	/* public-key state (NCR_KIND_PK) */
};

/* ---- session.c: what the BSD sessions (cryptodev*.c) reuse ---- */
/*
 * The key for a session of alg: its type (EINVAL), then the usage of op
 * and the algorithm in its set (EPERM).
 */
int ncr_session_check_key(const struct ncr_alg *alg, struct ncr_key *key,
			  u32 op);
/*
 * Arms s (zeroed; s->alg, s->op and s->tag_size set and checked by the
 * caller) with key, a reference s takes over (NULL for digests): the tfm,
 * the IV (iv_size bytes copied from iv: a NULL iv is EFAULT, as every
 * bad pointer), the bounce buffer and the hash state.  On failure s holds
 * nothing.
 */
int ncr_session_arm(struct ncr_ns *ns, struct ncr_session *s,
		    struct ncr_key *key, bool hw, const void __user *iv,
		    u32 iv_size);
/* Starts a new message on an armed session: drops the buffered input and
 * the carry, and starts the hash state over (the IV is kept). */
int ncr_session_rewind(struct ncr_session *s);
/* An armed AEAD session's tag length: a tfm of that authsize. */
int ncr_session_set_tag(struct ncr_session *s, u32 tag_size);
/* Releases everything an armed session holds (not s itself). */
void ncr_session_teardown(struct ncr_session *s);
/*
 * Validates the init parameters and prepares s (zeroed by the caller).
 * On failure s holds nothing.
 */
int ncr_session_setup(struct ncr_ns *ns, struct ncr_session *s, u32 flags,
		      const struct ncr_alg *alg, u32 op, u32 key_handle,
		      const void __user *iv, u32 iv_size, u32 tag_size,
		      const struct ncr_pk_args *pa, struct ncr_audit_ctx *ac);
/* One update (or the final) of data on an armed session. */
int ncr_session_step(struct ncr_session *s, struct ncr_step *st, bool final);
/* Writes the out fields back to the caller's once or op structure u. */
int ncr_put_outs(void __user *u, size_t out_off, size_t tag_off,
		 size_t res_off, u64 outlen, u32 tag_len, u32 result);
#define NCR_PUT_OUTS(u, s)						\
	ncr_put_outs(u, offsetof(typeof(*(s)), output_size),		\
		     offsetof(typeof(*(s)), tag_size),			\
		     offsetof(typeof(*(s)), result), (s)->output_size,	\
		     (s)->tag_size, (s)->result)

/*
 * A one-shot session kept armed across the ONCE elements of a batch that
 * ask for the same session (session.c says which): the batch owns it, on
 * its stack; ncr_once_cache_drop releases it.
 */
struct ncr_once_cache {
	struct ncr_session s;
	bool armed;
	u32 flags, key, init_tag;
};
/* ncr_session_once_run, keeping the session in c for the next element. */
int ncr_session_once_cached(struct ncr_ns *ns, struct ncr_session_once *o,
			    struct ncr_audit_ctx *ac, struct ncr_once_cache *c);
void ncr_once_cache_drop(struct ncr_once_cache *c);

/* ---- session_zc.c: zero copy for large requests ---- */

/*
 * Requests of at least zerocopy_min bytes skip the bounce buffer: the
 * caller's pages are pinned (input read-only, output with FOLL_WRITE, so
 * nothing is ever written through a page the caller could not write, and
 * copy-on-write is broken first) and handed to the cipher as scatterlists,
 * a window of NCR_ZC_PAGES pages at a time.  The page arrays and
 * scatterlists live in the (then unused) bounce buffer.
 */
#define NCR_ZC_PAGES	16
#define NCR_ZC_WINDOW	((NCR_ZC_PAGES - 1) * PAGE_SIZE)

struct ncr_zc {
	struct page *pages[NCR_ZC_PAGES];
	struct scatterlist sg[NCR_ZC_PAGES];
	unsigned int n;
};

static_assert(2 * sizeof(struct ncr_zc) <= NCR_COPY_BOUND);

static inline unsigned int ncr_npages(const void __user *p, u32 len)
{
	return DIV_ROUND_UP(offset_in_page((unsigned long)p) + len, PAGE_SIZE);
}

/* Pins [p, p + len) into pages[] and sg[0..ncr_npages(p, len)). */
int ncr_pin_sg(const void __user *p, u32 len, bool write,
	       struct page **pages, struct scatterlist *sg);
int ncr_zc_pin(struct ncr_zc *z, const void __user *p, u32 len, bool write);
void ncr_zc_unpin(struct ncr_zc *z, bool dirty);

/* ---- session_cipher.c: block and stream modes ---- */
/*
 * Runs the cipher over len bytes (whole blocks, or any length for a
 * stream cipher) from src to dst with s->iv, and advances s->iv to the
 * next chained IV.  EINVAL for a driver failure, ENOMEM.
 */
int ncr_cipher_sg(struct ncr_session *s, struct scatterlist *src,
		  unsigned int snents, struct scatterlist *dst,
		  unsigned int dnents, u32 len);
int ncr_cipher_update(struct ncr_session *s, const u8 __user *in,
		      u64 inlen, u8 __user *out, u64 *outlen, bool final);

/* ---- session_whole.c: whole-message algorithms (AEAD, XTS) ---- */
static inline u64 ncr_whole_len(const struct ncr_session *s)
{
	return s->big.len + s->blen;
}
int ncr_whole_update(struct ncr_session *s, const u8 __user *in,
		     u64 inlen, bool aad);
int ncr_whole_final(struct ncr_session *s, u8 __user *out, u64 *outlen,
		    u8 __user *tag, u32 *tag_len);
/* One-shot AEAD encryption straight on the caller's pages. */
bool ncr_zc_aead_fits(const struct ncr_session *s, u64 aad_len, u64 inlen);
int ncr_aead_once_zc(struct ncr_session *s, const u8 __user *aad,
		     u32 aad_len, const u8 __user *in, u32 inlen,
		     u8 __user *out, u64 *outlen, u8 __user *tag,
		     u32 *tag_len);

/* ---- session_hash.c: digests and MACs ---- */
int ncr_shash_update(struct ncr_session *s, const u8 __user *in, u64 inlen);
/* NCR_OP_FLAG_KEY_DATA: which algorithms may hash a key's material. */
bool ncr_key_data_alg(const struct ncr_alg *alg);
int ncr_hash_key_data(struct ncr_session *s, u32 handle);
int ncr_shash_final(struct ncr_session *s, u8 __user *tag, u32 *tag_len,
		   u32 *result);

#endif /* NCR_SESSION_H */
