/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ncr-int.h - internal interfaces of the ncr module, one section per file.
 */
#ifndef NCR_INT_H
#define NCR_INT_H

#include <linux/kref.h>
#include <linux/wait.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/xarray.h>
#include <linux/uidgid.h>
#include <linux/scatterlist.h>
#include <linux/audit.h>
#include <crypto/skcipher.h>
#include <crypto/aead.h>
#include <crypto/hash.h>
#include "ncr.h"
#include "ncr_core.h"

#define NCR_PREFIX "ncr: "

struct ncr_audit_ctx;
struct ncr_ucmd;
struct ncr_ns;
struct ncr_key;

/* ---- params.c: module parameters ---- */
extern unsigned int ncr_max_keys_per_user;
extern unsigned int ncr_max_sessions_per_user;
extern unsigned int ncr_max_namespaces_per_user;
extern unsigned int ncr_max_objects_per_ns;
extern unsigned long ncr_max_buffered_bytes;
extern unsigned long ncr_max_user_memory;
extern unsigned int ncr_zerocopy_min;
extern unsigned int ncr_max_inflight_per_ns;
extern bool ncr_bsd_hardware;
extern unsigned int ncr_dev_mode;	/* the node's mode (octal parameter) */

#ifndef NCR_MODULE_VERSION	/* kernel/Kbuild: from the VERSION file */
#error "NCR_MODULE_VERSION not defined: build through kernel/Kbuild"
#endif

/* ---- uabi.c: size-versioned structure copies ---- */
/*
 * Copies a size-versioned struct in.  ksize is the kernel's sizeof, ver0 the
 * first published size.  On success *usize is the caller's size.
 */
int ncr_copy_words_from_user(void *k, const void __user *u, size_t len);
int ncr_copy_in(void *k, size_t ksize, size_t ver0, void __user *u,
		u32 *usize);
/* Copies min(usize, ksize) bytes back. */
int ncr_copy_out(void __user *u, const void *k, size_t ksize, u32 usize);
static inline void __user *ncr_uptr(u64 p)
{
	return (void __user *)(uintptr_t)p;
}

/* ---- algs.c: the allowlist ---- */
enum ncr_kind { NCR_KIND_CIPHER, NCR_KIND_AEAD, NCR_KIND_HASH, NCR_KIND_MAC,
		NCR_KIND_PK,	/* signature / encryption in the portable core */
		NCR_KIND_KX };	/* key agreement (NCRIO_KEY_DERIVE) */

struct ncr_alg {
	u32 id;			/* enum ncr_algorithm */
	enum ncr_kind kind;
	const char *kname;	/* kernel algorithm name */
	u32 key_type;		/* 0 for digests */
	u32 block;		/* unit of processing (1 = any) */
	u32 iv_size;		/* IV the user passes (CCM: max nonce) */
	u32 tag;		/* full tag / digest length */
	u64 algbit;		/* NCR_KEY_ALG_* of keyed algorithms */
	bool whole;		/* needs the whole message (AEAD, XTS) */
	bool stream;		/* partial final block allowed */
	const char *const *hw_drivers;	/* known off-CPU drivers */
	struct crypto_shash *shared;	/* cached keyless shash (digests) */
};

const struct ncr_alg *ncr_alg_find(u32 id);
int ncr_alg_count(void);
const struct ncr_alg *ncr_alg_at(int i);
/* A shared, keyless tfm for a digest (allocated once, freed at exit). */
struct crypto_shash *ncr_alg_digest_tfm(const struct ncr_alg *alg);
bool ncr_driver_is_hw(const struct ncr_alg *alg, struct crypto_tfm *tfm);
void ncr_algs_exit(void);

/* ---- user.c: per-user accounting ---- */
/*
 * Everything a namespace's objects hold is counted against the uid that
 * opened the namespace (ns->user): counts of keys, sessions and
 * namespaces, whole-message bytes, and all other memory.  Each charge
 * fails with -EDQUOT past its module parameter; every charge has exactly
 * one uncharge of the same amount on the object's free path.
 */
enum ncr_res {
	NCR_RES_KEYS, NCR_RES_SESSIONS, NCR_RES_NAMESPACES,
	NCR_RES_BUFFERED,	/* bytes of whole-message buffers */
	NCR_RES_MEMORY,		/* bytes of everything else */
	NCR_RES_COUNT
};
/*
 * The accounting of one uid (user.c), shared by all its namespaces.  Every
 * namespace and every key charged to it holds a reference (ncr_user_hold;
 * counted under ncr_users_lock); the last ncr_user_put unhashes and frees
 * it, by which time every charge has been uncharged.  A key keeps its
 * user alive for as long as anything holds the key, so the uncharge on
 * the key's free path always finds it.
 */
struct ncr_user;
struct ncr_user *ncr_user_get(kuid_t uid);	/* NULL: no memory */
void ncr_user_hold(struct ncr_user *u);	/* another reference */
void ncr_user_put(struct ncr_user *u);
int ncr_user_charge(struct ncr_user *u, enum ncr_res r, unsigned long n);
void ncr_user_uncharge(struct ncr_user *u, enum ncr_res r, unsigned long n);
unsigned long ncr_user_used(struct ncr_user *u, enum ncr_res r);
/* Memory charged to u for the length of a call (kvzalloc; wiped on free);
 * ERR_PTR(-ENOMEM or -EDQUOT). */
void *ncr_user_kvzalloc(struct ncr_user *u, size_t n);
void ncr_user_kvfree(struct ncr_user *u, void *p, size_t n);
/*
 * The same in linear memory (kmalloc, never vmalloc), for a buffer a
 * scatterlist describes with sg_init_one/sg_set_buf; freed with
 * ncr_user_kvfree.
 */
void *ncr_user_kzalloc(struct ncr_user *u, size_t n);
/* A charged copy of n bytes of user memory (free with ncr_user_kvfree). */
void *ncr_user_memdup(struct ncr_user *u, const void __user *src, size_t n);

/* ---- key.c: key objects ---- */
/*
 * A keyed crypto API transform.  Either cached in key->cache[] (owned
 * false): shared by every session and one-shot on the key, set up under
 * key->lock and freed only when the key's last reference goes (and every
 * user of it holds a key reference); or owned by one session (owned true:
 * the cache was full), released by ncr_tfm_release at its teardown.  A
 * tfm's keyed state never changes after setkey; requests carry the rest.
 */
struct ncr_tfm {
	const struct ncr_alg *alg;
	union {
		struct crypto_skcipher *sk;
		struct crypto_aead *aead;
		struct crypto_shash *sh;
		void *ptr;
	};
	u32 authsize;
	bool req_hw;		/* allocated for NCR_SESSION_FLAG_HARDWARE */
	bool hw;
	bool owned;		/* not cached: the user frees it */
	struct ncr_user *charged_to;	/* NCR_RES_MEMORY for the tfm, */
	size_t charged;			/* uncharged when it is freed */
};

#define NCR_KEY_TFM_CACHE 4

struct ncr_key {
	/*
	 * The handle table holds one reference; every session and in-flight
	 * operation using the key holds another.  Whoever drops the last one
	 * (deinit, namespace close, or the last session) zeroizes and frees.
	 */
	struct kref ref;
	u32 type, bits;
	/*
	 * The policy: set before the key is published, then only narrowed
	 * (NCRIO_KEY_RESTRICT; TRUSTED added by NCRIO_KEY_TRUST), each write
	 * under lock; readers take READ_ONCE snapshots without the lock (a
	 * torn read of algs on a 32-bit machine mixes two states, each at
	 * least as strict as the one before the write).
	 */
	u32 flags, usage;
	u64 algs;
	u32 attrs;		/* NCR_KEY_ATTR_* */
	u32 klass;		/* NCR_KEY_CLASS_*; 0 (secret) for
				 * symmetric keys */
	u32 key_id_len;
	u8 key_id[NCR_KEY_ID_MAX];
	u32 label_len;
	u8 label[NCR_KEY_LABEL_MAX];
	struct ncr_user *user;	/* charged for the key (a reference) */
	size_t charged;		/* NCR_RES_MEMORY bytes charged */
	spinlock_t lock;	/* guards cache[] and policy writes */
	struct ncr_tfm cache[NCR_KEY_TFM_CACHE];
	u32 len;
	u8 material[];		/* secret: kfree_sensitive */
};

int ncr_key_check_len(u32 type, u32 bytes);
/* The per-boot key behind kernel-assigned key IDs (module init). */
int ncr_key_ids_init(void);
/* Flags and usage of a new key: known bits only, usage not 0 (-EINVAL);
 * TRUSTED only with CAP_SYS_ADMIN (-EPERM). */
int ncr_key_check_policy(u32 flags, u32 usage);
/* A 3DES key whose thirds repeat (refused: it degrades to DES). */
bool ncr_des3_degenerate(const u8 *k);
/*
 * Allocates a key object charged to u, with a new kernel-assigned key ID
 * and no policy yet (flags 0, usage 0: unusable until ncr_key_set_policy).
 * Material copied from src, or random when src is NULL.
 */
struct ncr_key *ncr_key_alloc(struct ncr_user *u, u32 type, u32 bytes,
			      const u8 *src);
/*
 * Sets the policy of a new, unpublished key (type, klass and len known):
 * flags, usage and algs as asked (algs 0: the default set), attrs the
 * origin attributes: LOCAL if generated here, ALWAYS_SENSITIVE if the
 * material was never readable outside a kernel (kept only if the key is
 * not exportable).  NEVER_EXTRACTABLE is added when it is not WRAPPABLE.
 * A public key gets EXPORTABLE and STORABLE.  -EINVAL for a policy the key cannot have, -EPERM for
 * TRUSTED without CAP_SYS_ADMIN.
 */
int ncr_key_set_policy(struct ncr_key *key, u32 flags, u32 usage, u64 algs,
		       u32 attrs);
/*
 * The policy a storage blob recorded, restored exactly (algs 0: a
 * format-1 blob, the default set); no capability needed for TRUSTED (the
 * blob is authentic), but it must still be consistent: -EINVAL otherwise.
 */
int ncr_key_restore_policy(struct ncr_key *key, u32 flags, u32 usage,
			   u64 algs, u32 attrs);
/* Copies a label from user space into a new key (-EINVAL, -EFAULT). */
int ncr_key_set_label(struct ncr_key *key, u64 uptr, u32 len);
/* -EPERM unless the key allows usage (one NCR_KEY_USAGE_* bit) with the
 * algorithm algbit (NCR_KEY_ALG_*; 0: no algorithm check). */
int ncr_key_permits(const struct ncr_key *key, u32 usage, u64 algbit);
static inline u32 ncr_key_flags(const struct ncr_key *key)
{
	return READ_ONCE(key->flags);
}
void ncr_key_put(struct ncr_key *key);
static inline void ncr_key_get(struct ncr_key *key) { kref_get(&key->ref); }
/* A keyed tfm for alg, from the key's cache or new (then tfm->owned). */
int ncr_key_tfm(struct ncr_key *key, const struct ncr_alg *alg, u32 authsize,
		bool hw, struct ncr_tfm *out);
void ncr_tfm_release(struct ncr_tfm *t);
/* The generic transform inside (not at offset 0 of the typed ones). */
struct crypto_tfm *ncr_tfm_base(const struct ncr_tfm *t);
int ncr_tfm_alloc(const struct ncr_alg *alg, bool hw, struct ncr_tfm *out);

/* ---- pkey.c: public-key key objects ---- */
struct ncr_pk_parts;
extern const struct ncr_env ncr_kenv;
bool ncr_pk_type(u32 type);
/* Scratch for the core's operations on a key of type/bits (kvzalloc),
 * charged to u while it lives; ERR_PTR(-ENOMEM or -EDQUOT). */
void *ncr_pk_scratch(struct ncr_user *u, u32 type, u32 bits, size_t *len);
void ncr_pk_scratch_free(struct ncr_user *u, void *p, size_t len);
/* Parts of a key object (pointing into its material). */
int ncr_pk_key_parts(const struct ncr_key *key, struct ncr_pk_parts *k);
int ncr_pk_unpack(u32 type, u32 bits, const u8 *m, size_t len,
		  struct ncr_pk_parts *k);
int ncr_pk_usage_ok(u32 klass, u32 usage);
/* Key objects without a policy yet (see ncr_key_set_policy), charged to u */
struct ncr_key *ncr_pk_key_packed(struct ncr_user *u, u32 type, u32 bits,
				  const u8 *m, size_t len);
struct ncr_key *ncr_pk_import(struct ncr_user *u, u32 type, u32 format,
			      u32 bits, const u8 *data, size_t len);
int ncr_pk_export(const struct ncr_key *key, u32 format, u8 *buf,
		  size_t *len);
long ncr_key_generate_pair_ioctl(struct ncr_ucmd *uc);

/* ---- derive.c: key agreement ---- */
long ncr_key_derive_ioctl(struct ncr_ucmd *uc);

/* ---- kdf.c: key derivation functions ---- */
long ncr_key_kdf_ioctl(struct ncr_ucmd *uc);

/* ---- ns.c: namespaces (one per open file) ---- */
struct ncr_opbuf;

/*
 * A namespace: one per open file of /dev/crypto (file->private_data).
 * Made at open, destroyed at the file's last release, when no ioctl on it
 * can be running (each runs inside the file's reference), so the ioctls
 * use it without a reference of their own.  Sessions point back to it
 * without one too: they die in ncr_ns_destroy at the latest.
 * Locking: the handle tables' own xa_lock guards insert, erase and the
 * lookup that takes a reference (ncr_ns_key; sessions likewise), so a
 * handle removed by one thread while another looks it up is either found
 * with a reference or not at all; pool_lock guards pool[].
 */
/* The BSD async queue of a namespace (cryptodev_async.c). */
struct ncr_bsd_async {
	spinlock_t lock;		/* guards all below; irq-safe */
	struct list_head reqs;		/* submitted, oldest first */
	unsigned int n;			/* on reqs, <= CRYPTODEV_ASYNC_MAX */
	unsigned int in_flight;		/* handed to a driver, not done */
	wait_queue_head_t wait;		/* poll, and the drain at close */
};

struct ncr_ns {
	struct xarray keys;	/* handle -> struct ncr_key (holds a ref) */
	struct xarray sessions;	/* handle -> struct ncr_session (a ref) */
	struct xarray bsd;	/* BSD id -> struct ncr_bsd (a ref) */
	struct ncr_bsd_async async;	/* CIOCASYNCCRYPT requests */
	atomic_t inflight;	/* areq.c: requests on async drivers */
	struct mutex once_lock;	/* guards once */
	struct ncr_once_cache *once;	/* session.c: the last one-shot */
	wait_queue_head_t inflight_wait;	/* a slot came free */
	atomic_t nobjects;	/* keys + sessions, <= max_objects_per_ns */
	struct ncr_user *user;	/* the opener's uid: charged for it all */
	spinlock_t pool_lock;	/* guards pool */
	struct ncr_opbuf *pool[4];
};

extern atomic64_t ncr_live_keys, ncr_live_sessions;
extern atomic_t ncr_live_ns;

int ncr_ns_charge(struct ncr_ns *ns);
void ncr_ns_uncharge(struct ncr_ns *ns);
/*
 * Inserts key under a new handle; the table takes a reference of its own,
 * the caller keeps its reference (and drops it when done).
 */
int ncr_ns_add_key(struct ncr_ns *ns, struct ncr_key *key, u32 *handle);
/* Removes a handle, dropping the table's reference: 0 or -ENOENT. */
int ncr_ns_remove_key(struct ncr_ns *ns, u32 handle);
/*
 * Undoes ncr_ns_add_key after a failed copy-out: removes the handle only
 * if it still names key (a racing deinit may have freed the number and
 * another thread reused it).  The caller still holds its reference.
 */
void ncr_ns_unpublish_key(struct ncr_ns *ns, u32 handle, struct ncr_key *key);
/* Looks up a handle and returns a new reference, or NULL. */
struct ncr_key *ncr_ns_key(struct ncr_ns *ns, u32 handle);
/* Whether handle names key right now (compares pointers only). */
bool ncr_ns_key_is(struct ncr_ns *ns, u32 handle, const struct ncr_key *key);

/* Open and last close of /dev/crypto (dev.c). */
struct ncr_ns *ncr_ns_create(kuid_t uid);
void ncr_ns_destroy(struct ncr_ns *ns);

/* ---- buf.c: bounce buffers and whole-message buffers ---- */
/* bounce: NCR_COPY_BOUND data + 64 read-ahead + 64 IV work area */
#define NCR_OPBUF_SIZE		(NCR_COPY_BOUND + 128)
#define NCR_OPBUF_IV_OFF	(NCR_COPY_BOUND + 64)

/*
 * A bounce buffer.  Owned by one user at a time: a session from its init
 * to its teardown, or one one-shot ioctl for its length; never shared, so
 * it needs no lock.  ncr_opbuf_get takes one from the namespace's pool
 * (under ns->pool_lock) or allocates one charged to ns->user;
 * ncr_opbuf_put wipes what was used and gives it back to the pool, or
 * frees it when the pool is full.  The pool is drained (freed) when the
 * namespace is destroyed, after its last session.
 */
struct ncr_opbuf {
	u8 *buf;		/* NCR_OPBUF_SIZE bytes */
	u32 dirty;		/* buf[0..dirty) may hold data: wiped on put */
	u32 iv_dirty;		/* bytes of the IV work area used: wiped */
	void *state;		/* request / hash descriptor */
	size_t state_cap;
	size_t state_used;	/* state[0..state_used) wiped on put */
};

/*
 * Marks buf[0..len) as holding user data, so that the put wipes it; only
 * the bytes used are wiped, which keeps small one-shot operations cheap.
 */
static inline u8 *ncr_ob_data(struct ncr_opbuf *ob, u32 len)
{
	if (len > ob->dirty)
		ob->dirty = len;
	return ob->buf;
}

/* The IV work area (64 bytes), its first len bytes marked for the wipe. */
static inline u8 *ncr_ob_iv(struct ncr_opbuf *ob, u32 len)
{
	if (len > ob->iv_dirty)
		ob->iv_dirty = len;
	return ob->buf + NCR_OPBUF_IV_OFF;
}

/* Pooled bounce buffers, charged to ns->user; ERR_PTR(-EDQUOT, -ENOMEM) */
struct ncr_opbuf *ncr_opbuf_get(struct ncr_ns *ns);
void ncr_opbuf_put(struct ncr_ns *ns, struct ncr_opbuf *ob);
/* Makes ob->state at least size bytes. */
int ncr_opbuf_state(struct ncr_ns *ns, struct ncr_opbuf *ob, size_t size);
void ncr_pool_drain(struct ncr_ns *ns);

/* A growable list of pages for messages that must be processed whole. */
struct ncr_bigbuf {
	struct page **pages;
	unsigned int npages, cap;
	size_t len;
};
int ncr_bigbuf_append_user(struct ncr_ns *ns, struct ncr_bigbuf *b,
			   const void __user *src, size_t len);
int ncr_bigbuf_append(struct ncr_ns *ns, struct ncr_bigbuf *b,
		      const void *src, size_t len);
/* Makes room for len more bytes without copying (e.g. an AEAD tag). */
int ncr_bigbuf_extend(struct ncr_ns *ns, struct ncr_bigbuf *b, size_t len);
int ncr_bigbuf_copy_to_user(struct ncr_bigbuf *b, size_t off,
			    void __user *dst, size_t len);
void ncr_bigbuf_copy_out(struct ncr_bigbuf *b, size_t off, void *dst,
			 size_t len);
/* Builds an sg table over the buffer (caller sg_free_table()s it). */
int ncr_bigbuf_sg(struct ncr_bigbuf *b, struct sg_table *t);
void ncr_bigbuf_free(struct ncr_ns *ns, struct ncr_bigbuf *b);

/* ---- session.c ---- */
/* One update or final on a session (the ioctl's fields, decoded). */
struct ncr_step {
	bool poisoned;		/* out: state advanced, then the step failed */
	u32 flags;
	u32 input_key;
	const u8 __user *in;
	u64 inlen;
	u8 __user *out;
	u64 outlen;		/* in: capacity; out: written */
	u8 __user *tag;
	u32 tag_len;
	u32 result;
};

/* ---- pksession.c: public-key sessions ---- */
/* The version-1 tail of session init/once. */
struct ncr_pk_args {
	u32 hash, mgf1_hash, salt_size, pk_flags;
	u64 label;
	u32 label_size, reserved;
};
struct ncr_pk_sess;
struct ncr_once_cache;
/* Checks the parameters and the key (whose reference the session holds). */
int ncr_pk_sess_new(struct ncr_ns *ns, const struct ncr_alg *alg, u32 op,
		    struct ncr_key *key, u32 usage,
		    const struct ncr_pk_args *pa, struct ncr_pk_sess **out);
int ncr_pk_sess_step(struct ncr_ns *ns, struct ncr_pk_sess *ps,
		     struct ncr_step *st, bool final);
void ncr_pk_sess_free(struct ncr_ns *ns, struct ncr_pk_sess *ps);

/*
 * The work of NCRIO_SESSION_ONCE and NCRIO_SESSION_UPDATE/FINAL on the
 * kernel's copy of the structure (shared by the ioctls, NCRIO_BATCH and
 * io_uring): 0 or -errno; the out fields are set on success and on ERANGE,
 * for the caller to copy back; ac is filled for the audit record.
 */
int ncr_session_once_run(struct ncr_ns *ns, struct ncr_session_once *o,
			 struct ncr_audit_ctx *ac);
int ncr_session_op_run(struct ncr_ns *ns, struct ncr_session_op *op,
		       bool final, struct ncr_audit_ctx *ac);
/* At the namespace's last close, before its buffer pool is drained. */
void ncr_session_ns_release(struct ncr_ns *ns);
/* Drops the namespace's kept one-shot session (after a key deinit). */
void ncr_session_once_forget(struct ncr_ns *ns);
long ncr_session_init_ioctl(struct ncr_ucmd *uc);

/* ---- batch.c: NCRIO_BATCH ---- */
/*
 * Runs the batch b (the kernel's copy of the caller's structure): 0 or
 * -errno; b->done and b->failed are set, and the elements run are written
 * back, also when it fails after some ran (EINTR, EFAULT).
 */
int ncr_batch_exec(struct ncr_ns *ns, struct ncr_batch *b);
long ncr_batch_ioctl(struct ncr_ucmd *uc);

/* ---- uring.c: IORING_OP_URING_CMD ---- */
struct io_uring_cmd;
int ncr_uring_cmd(struct io_uring_cmd *ioucmd, unsigned int issue_flags);
long ncr_session_update_ioctl(struct ncr_ucmd *uc);
long ncr_session_final_ioctl(struct ncr_ucmd *uc);
long ncr_session_once_ioctl(struct ncr_ucmd *uc);
long ncr_session_free_ioctl(struct ncr_ucmd *uc);
void ncr_session_put_any(void *s);

/* ---- key.c ioctls ---- */
long ncr_key_generate_ioctl(struct ncr_ucmd *uc);
long ncr_key_import_ioctl(struct ncr_ucmd *uc);
long ncr_key_export_ioctl(struct ncr_ucmd *uc);
long ncr_key_info_ioctl(struct ncr_ucmd *uc);
long ncr_key_deinit_ioctl(struct ncr_ucmd *uc);

/*
 * Publishes a new key: a handle into *handle (a field of uc->cmd), the
 * caller's structure copied out (ksize bytes of the kernel's), the handle
 * taken back if that fails (only if it still names this key).  Drops the
 * caller's reference in every case.  ac NULL: not the audited key.
 */
int ncr_key_publish(const struct ncr_ucmd *uc, struct ncr_key *key,
		    u32 *handle, size_t ksize, struct ncr_audit_ctx *ac);
long ncr_key_restrict_ioctl(struct ncr_ucmd *uc);
long ncr_key_trust_ioctl(struct ncr_ucmd *uc);
/* Policy of a key that was born wrapped (unwrap): see ncr.h. */
int ncr_key_check_unwrapped_flags(const struct ncr_key *wk, u32 flags);

/* ---- storage.c: master key and storage blobs ---- */
#define NCR_MASTER_KEY_ID_LEN	16
/* A keyed blob tfm for a 32-byte master key, and the key's ID. */
int ncr_master_tfm_new(const u8 *master, struct crypto_aead **out,
		       u8 id[NCR_MASTER_KEY_ID_LEN]);
/* Makes tfm the current master key (the slots own it on success): -EEXIST
 * if one is set and !rotate, or it is the current key itself. */
int ncr_master_install(struct crypto_aead *tfm, u32 source,
		       const u8 id[NCR_MASTER_KEY_ID_LEN], bool rotate);
int ncr_master_forget_previous(void);	/* 0 or -ENOENT */
/* Whether a master key is set (never unset again until module exit). */
bool ncr_master_is_set(void);
/* The master key fields of NCRIO_INFO version 2. */
void ncr_master_info(struct ncr_info *in);
long ncr_storage_wrap_ioctl(struct ncr_ucmd *uc);
long ncr_storage_unwrap_ioctl(struct ncr_ucmd *uc);
void ncr_storage_exit(void);

/* ---- masterkey.c: NCRIO_MASTER_KEY_SET ---- */
long ncr_master_key_set_ioctl(struct ncr_ucmd *uc);
const char *ncr_master_src_name(u32 src);	/* "bytes", "trusted", ... */

/* ---- wrap.c: key wrapping (RFC 3394, RFC 5649) ---- */
long ncr_key_wrap_ioctl(struct ncr_ucmd *uc);
long ncr_key_unwrap_ioctl(struct ncr_ucmd *uc);

/* ---- audit.c ---- */
/* What an ioctl handler tells the dispatcher's audit record. */
struct ncr_audit_ctx {
	const char *op;		/* overrides the table's op= (or NULL) */
	const struct ncr_alg *alg;
	const char *alg_name;	/* when alg is NULL (e.g. a KDF) */
	u32 handle;		/* key handle (with has_key) */
	u32 wrapping_key;	/* key wrap/unwrap: the wrapping key */
	bool has_key;
	int verify;		/* NCR_VERIFY_* for verifications, else -1 */
	u32 key_type, key_bits, key_id_len;
	u8 key_id[NCR_KEY_ID_MAX];
	/* a master key set or rotated (masterkey.c) */
	bool has_master;
	u32 master_source, master_serial;
	u8 master_id[NCR_MASTER_KEY_ID_LEN];
};

void __ncr_audit_key(struct ncr_audit_ctx *ac, u32 handle,
		     const struct ncr_key *key);
/* Notes the key an operation used; free when audit is off. */
static inline void ncr_audit_key(struct ncr_audit_ctx *ac, u32 handle,
				 const struct ncr_key *key)
{
	if (unlikely(audit_enabled) && key)
		__ncr_audit_key(ac, handle, key);
}
/* Writes the record for op with result res (when audit is enabled). */
void ncr_audit(const char *op, const struct ncr_audit_ctx *ac, long res);

/* ---- one ioctl call: dev.c fills it, the handlers read it ---- */
/*
 * dev.c copies the caller's structure in (ncr_copy_in: its first u32 is
 * its size, at least the first published one) before it calls the
 * handler; the handler writes its answer back with ncr_ucmd_respond and
 * fills ac for the dispatcher's audit record.  The structure lives for the
 * length of the call.
 */
struct ncr_ucmd {
	struct ncr_ns *ns;	/* the file's namespace */
	void __user *ubuf;	/* the caller's structure */
	u32 usize;		/* its size */
	void *cmd;		/* the kernel's copy (its ioctl's struct) */
	struct ncr_audit_ctx ac;
};

/* Copies the kernel's structure (ksize bytes) back to the caller. */
static inline int ncr_ucmd_respond(const struct ncr_ucmd *uc, size_t ksize)
{
	return ncr_copy_out(uc->ubuf, uc->cmd, ksize, uc->usize);
}

/* ---- dev.c: /dev/crypto and the ioctl dispatcher ---- */
int ncr_dev_register(void);
void ncr_dev_unregister(void);

/* ---- selftest.c ---- */
/* Known-answer tests at load: 0, or -ELIBBAD if an algorithm is wrong. */
int ncr_selftest(void);
extern unsigned int ncr_selftest_passed;	/* how many passed */

/* ---- info.c ---- */
long ncr_info_ioctl(struct ncr_ucmd *uc);

#endif /* NCR_INT_H */
