/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * p11.h - private to ncr-pkcs11.so, the PKCS #11 3.0 module whose keys are
 * ncr key objects.  docs/pkcs11.md is the user's guide; this header is the
 * contract between the module's files:
 *
 *   module.c   C_Initialize/C_Finalize/C_GetInfo, the function lists and
 *              interfaces, the global lock, fork detection.
 *   slot.c     slots and tokens: C_GetSlotList/SlotInfo/TokenInfo,
 *              C_InitToken, C_WaitForSlotEvent.
 *   pin.c      the token key and the PINs: C_InitPIN, C_SetPIN, C_Login,
 *              C_Logout (PBKDF2 runs in the kernel).
 *   store.c    the token directory: object files, locking, crash-safe
 *              writes, rescans.
 *   attr.c     attribute lists (templates): copy, find, serialise.
 *   object.c   objects: C_CreateObject, C_CopyObject, C_DestroyObject,
 *              C_GetAttributeValue, C_SetAttributeValue, C_FindObjects*.
 *   keys.c     ncr key objects behind key objects: policy from attributes,
 *              public attributes from the kernel, C_GenerateKey(Pair).
 *   der.c      the DER the attributes need (SPKI, EC params, PKCS #8)
 *              through OpenSSL's libcrypto (no key operation is done in
 *              it: only encoding of material the caller brought).
 *   mech.c     the mechanism table: C_GetMechanismList/Info, mechanism to
 *              ncr algorithm, CKA_ALLOWED_MECHANISMS to algorithm sets.
 *   crypto.c   C_Encrypt*, C_Decrypt*, C_Digest*; starting operations.
 *   sign.c     C_Sign*, C_Verify*, RSA encryption.
 *   op.c       the rest of an operation's life (crypto.h: struct p11_op).
 *   wrap.c     C_WrapKey, C_UnwrapKey, C_DeriveKey.
 *   session.c  C_OpenSession, C_CloseSession(s), C_GetSessionInfo,
 *              C_GenerateRandom, C_SeedRandom, and the unsupported rest.
 *
 * Locking: one mutex (p11.lock) guards every structure below.  Each C_*
 * entry point takes it through P11_ENTER and drops it through P11_LEAVE;
 * functions named p11_* are called with it held unless their comment says
 * otherwise.  Kernel calls (ncr_*) are made with it held too: ncr's own
 * calls are quick, and the one slow one (PBKDF2 at login) happens once.
 *
 * Secrets: the module never holds key material it did not receive from
 * the caller; material the caller brings (C_CreateObject, C_UnwrapKey of
 * plain bytes) is wiped (p11_wipe) as soon as it is in the kernel.
 */
#ifndef NCR_P11_H
#define NCR_P11_H

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define CK_PTR *
#define CK_DECLARE_FUNCTION(rtype, name) rtype name
#define CK_DECLARE_FUNCTION_POINTER(rtype, name) rtype (*name)
#define CK_CALLBACK_FUNCTION(rtype, name) rtype (*name)
#ifndef NULL_PTR
#define NULL_PTR 0
#endif
#include <nss/pkcs11.h>

#include "libncr.h"

/* PKCS #11 3.0 names NSS's header lacks */
#ifndef CKA_UNIQUE_ID
#define CKA_UNIQUE_ID			0x0000004aUL
#endif
#ifndef CKA_NAME_HASH_ALGORITHM
#define CKA_NAME_HASH_ALGORITHM		0x0000008cUL
#endif

#define P11_EXPORT __attribute__((visibility("default")))
#define P11_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define P11_MANUFACTURER	"ncr"
#define P11_LIBRARY_DESC	"ncr kernel-held keys"
#define P11_MODEL		"ncr token"
#define P11_VERSION_MAJOR	1
#define P11_VERSION_MINOR	0

#define P11_MAX_TOKENS		16	/* initialised tokens listed as slots */
#define P11_PIN_MIN		4
#define P11_PIN_MAX		255
#define P11_PIN_TRIES		10	/* wrong PINs before CKF_*_PIN_LOCKED */
#define P11_OBJ_ID_LEN		16	/* hex characters of an object's file id */
#define P11_OBJ_MAX_BYTES	(256 * 1024)	/* one object file, at most */

/* ---------------------------------------------------------------- attrs */

struct p11_attr {
	CK_ATTRIBUTE_TYPE type;
	CK_ULONG len;
	uint8_t *val;		/* malloc'd, len bytes (NULL when len 0) */
};

struct p11_attrs {
	struct p11_attr *a;
	size_t n, cap;
};

void p11_attrs_free(struct p11_attrs *as);		/* wipes values */
struct p11_attr *p11_attrs_find(const struct p11_attrs *as,
				CK_ATTRIBUTE_TYPE type);
/* Sets (replaces) one attribute; CKR_OK or CKR_HOST_MEMORY. */
CK_RV p11_attrs_set(struct p11_attrs *as, CK_ATTRIBUTE_TYPE type,
		    const void *val, CK_ULONG len);
CK_RV p11_attrs_set_bool(struct p11_attrs *as, CK_ATTRIBUTE_TYPE type,
			 bool v);
CK_RV p11_attrs_set_ulong(struct p11_attrs *as, CK_ATTRIBUTE_TYPE type,
			  CK_ULONG v);
void p11_attrs_del(struct p11_attrs *as, CK_ATTRIBUTE_TYPE type);
/* Reads a CK_BBOOL / CK_ULONG attribute: true if present and well-sized;
 * *out untouched otherwise. */
bool p11_attrs_bool(const struct p11_attrs *as, CK_ATTRIBUTE_TYPE type,
		    bool *out);
bool p11_attrs_ulong(const struct p11_attrs *as, CK_ATTRIBUTE_TYPE type,
		     CK_ULONG *out);
/* A template from the caller into a list: CKR_ATTRIBUTE_VALUE_INVALID for
 * a CK_BBOOL/CK_ULONG attribute of the wrong size or a NULL value with a
 * length, CKR_TEMPLATE_INCONSISTENT for one attribute given twice with
 * different values. */
CK_RV p11_attrs_from_template(struct p11_attrs *as, CK_ATTRIBUTE_PTR t,
			      CK_ULONG n);
/* Serialisation for object files: type u64, len u32, bytes (little
 * endian).  p11_attrs_load: CKR_OK or CKR_DEVICE_ERROR (malformed). */
CK_RV p11_attrs_save(const struct p11_attrs *as, uint8_t **buf, size_t *len);
CK_RV p11_attrs_load(struct p11_attrs *as, const uint8_t *buf, size_t len);
/* Does the object's list match the caller's template (C_FindObjects)? */
bool p11_attrs_match(const struct p11_attrs *as, CK_ATTRIBUTE_PTR t,
		     CK_ULONG n);
bool p11_attr_is_bool(CK_ATTRIBUTE_TYPE type);
bool p11_attr_is_ulong(CK_ATTRIBUTE_TYPE type);

/* -------------------------------------------------------------- objects */

struct p11_token;
struct p11_session;

struct p11_object {
	CK_OBJECT_HANDLE handle;	/* this process's handle, never 0 */
	struct p11_attrs attrs;		/* everything but secret values */
	CK_OBJECT_CLASS cls;
	CK_KEY_TYPE ktype;		/* CK_UNAVAILABLE_INFORMATION if not
					 * a key */
	bool token;			/* CKA_TOKEN: a file in the token */
	bool priv;			/* CKA_PRIVATE: needs a user login */
	struct p11_token *tok;		/* token objects: its token */
	struct p11_session *owner;	/* session objects: the session */
	char id[P11_OBJ_ID_LEN + 1];	/* token objects: file name */
	struct timespec mtime;		/* token objects: file as loaded */
	uint32_t key;			/* ncr key handle, 0: none loaded */
	uint8_t *blob;			/* token keys: the ncr storage blob */
	size_t blob_len;
	bool stale;			/* rescan: file gone */
	struct p11_object *next;
};

/* The object by handle, visible to the session (private objects need a
 * user login): NULL if none. */
struct p11_object *p11_object_get(struct p11_session *s, CK_OBJECT_HANDLE h);
/* Makes an object from a finished attribute list (taken over) and, for
 * keys, an ncr key handle (taken over; 0 for others).  Token objects are
 * sealed and written (p11_store_write).  *out on success. */
CK_RV p11_object_new(struct p11_session *s, struct p11_attrs *as,
		     uint32_t key, struct p11_object **out);
void p11_object_free(struct p11_object *o);	/* unlinked already */
/* The ncr key handle of a key object, loading it from its blob when
 * needed.  CKR_KEY_HANDLE_INVALID if the object is no key. */
CK_RV p11_object_key(struct p11_object *o, uint32_t *key);
/* The common template checks and defaults of a new object (CKA_CLASS,
 * CKA_TOKEN, CKA_PRIVATE, ... per class); used by create, generate,
 * unwrap, derive.  Attributes the class does not have:
 * CKR_ATTRIBUTE_TYPE_INVALID; ones only the kernel may state (CKA_LOCAL,
 * CKA_ALWAYS_SENSITIVE, ...): CKR_ATTRIBUTE_READ_ONLY. */
CK_RV p11_object_defaults(struct p11_session *s, struct p11_attrs *as,
			  CK_OBJECT_CLASS cls, CK_KEY_TYPE kt);
/* Write access for a new or changed object: token objects need an R/W
 * session, private ones a user login. */
CK_RV p11_object_may_write(struct p11_session *s, bool token, bool priv);
/* After a policy change: re-seal the object's blob and rewrite its file
 * (token objects); nothing for session objects. */
CK_RV p11_object_update(struct p11_object *o);

/* ---------------------------------------------------------------- keys */

/* ncr policy (flags, usage, algs) for a key object's attributes (the
 * template after p11_object_defaults).  pub: the public half of a pair. */
CK_RV p11_key_policy(const struct p11_attrs *as, CK_OBJECT_CLASS cls,
		     CK_KEY_TYPE kt, struct ncr_key_policy *pol,
		     uint32_t *ncr_type);
/* After the ncr key exists: sets the attributes the kernel knows
 * (CKA_LOCAL, CKA_ALWAYS_SENSITIVE, CKA_NEVER_EXTRACTABLE, CKA_VALUE_LEN,
 * CKA_MODULUS(_BITS), CKA_PUBLIC_EXPONENT, CKA_EC_PARAMS, CKA_EC_POINT,
 * CKA_VALUE of public keys, CKA_PUBLIC_KEY_INFO) from the key itself. */
CK_RV p11_key_fill(struct p11_attrs *as, uint32_t key, CK_OBJECT_CLASS cls,
		   CK_KEY_TYPE kt);
/* C_CreateObject of a key: the material out of the template into the
 * kernel (wiped from the template); the template keeps only the public
 * attributes.  *key the new ncr handle. */
CK_RV p11_key_import(struct p11_session *s, struct p11_attrs *as,
		     CK_OBJECT_CLASS cls, CK_KEY_TYPE kt, uint32_t *key);
/* ncr key type for a PKCS #11 key type (0 if none). */
uint32_t p11_ncr_type(CK_KEY_TYPE kt);
/* A sensitive attribute (CKA_VALUE of secret and private keys, the
 * private RSA parts): its value is read from the kernel only when the
 * key is exportable. */
bool p11_attr_is_secret(CK_OBJECT_CLASS cls, CK_ATTRIBUTE_TYPE type);
/* C_GetAttributeValue of such an attribute of a non-sensitive key: the
 * value exported from the kernel into *val (malloc'd). */
CK_RV p11_key_secret_attr(struct p11_object *o, CK_ATTRIBUTE_TYPE type,
			  uint8_t **val, size_t *len);

/* ----------------------------------------------------------------- DER */

/* EC curves ncr has: P-256 (bits 256) and P-384 (384).  CKA_EC_PARAMS is
 * the DER OID (namedCurve) or, for Ed25519/X25519, the OID or the
 * printable-string curve name. */
int p11_ec_params_bits(const uint8_t *p, size_t len);	/* bits or -1 */
CK_RV p11_ec_params_of(uint32_t bits, const uint8_t **p, size_t *len);
int p11_edwards_params_ok(const uint8_t *p, size_t len, bool montgomery);
const uint8_t *p11_ed25519_params(size_t *len);
const uint8_t *p11_x25519_params(size_t *len);
/* CKA_EC_POINT is a DER OCTET STRING around the point; these wrap and
 * unwrap (unwrap also accepts a raw point, as some clients send). */
CK_RV p11_octet_wrap(const uint8_t *in, size_t len, uint8_t **out,
		     size_t *olen);
CK_RV p11_octet_unwrap(const uint8_t *in, size_t len, const uint8_t **out,
		       size_t *olen);

/* OpenSSL's side (der.c): SPKI to public attributes; attributes to
 * PKCS #8 / SPKI (RSA, DSA, DH); domain parameters (DSA, DH) for pair
 * generation; one private attribute out of a PKCS #8 export. */
CK_RV p11_spki_attrs(const uint8_t *spki, size_t len, CK_KEY_TYPE kt,
		     bool public_obj, struct p11_attrs *as);
CK_RV p11_der_from_attrs(const struct p11_attrs *as, CK_KEY_TYPE kt,
			 bool priv, uint8_t **der, size_t *len);
CK_RV p11_der_params(const struct p11_attrs *as, CK_KEY_TYPE kt,
		     uint8_t **der, size_t *len);
CK_RV p11_pkcs8_attr(const uint8_t *p8der, size_t len, CK_KEY_TYPE kt,
		     CK_ATTRIBUTE_TYPE t, uint8_t **val, size_t *vlen);

/* ------------------------------------------------------------- tokens */

struct p11_pinrec {		/* one role's PIN record in the token file */
	bool set;
	uint8_t salt[16];
	uint32_t iterations;
	uint8_t iv[12];
	uint8_t *sealed;		/* GCM(K_pin, blob(T)) || tag */
	size_t sealed_len;
	uint32_t failures;
};

struct p11_token {
	CK_SLOT_ID slot;
	char dir[4096];			/* the token directory */
	bool initialized;
	char label[33];			/* blank padded to 32 */
	char serial[17];
	struct p11_pinrec so, user;
	uint32_t token_key;		/* ncr handle of T while logged in */
	CK_USER_TYPE login;		/* CKU_SO, CKU_USER or -1 */
	struct timespec meta_mtime;	/* token file as loaded */
};

struct p11_state {
	pthread_mutex_t lock;
	bool initialized;
	pid_t pid;			/* process that called C_Initialize */
	bool forked;			/* a child that has not called it yet */
	int fd;				/* /dev/crypto, or -errno */
	char root[4096];		/* directory of the tokens */
	struct p11_token tokens[P11_MAX_TOKENS + 1];
	size_t ntokens;			/* the last one may be the free slot */
	bool master_key;		/* the kernel has a master key */
	struct p11_object *objects;	/* every object this process sees */
	CK_OBJECT_HANDLE next_handle;
	struct p11_session *sessions;
	CK_SESSION_HANDLE next_session;
};

extern struct p11_state p11;

/* Entry: the lock, and CKR_CRYPTOKI_NOT_INITIALIZED if not initialised
 * (or after a fork, until the child calls C_Initialize). */
CK_RV p11_enter(void);
void p11_leave(void);
#define P11_ENTER() do { CK_RV rv_enter_ = p11_enter(); \
		if (rv_enter_ != CKR_OK) return rv_enter_; } while (0)
#define P11_RETURN(rv) do { CK_RV rv_ret_ = (rv); p11_leave(); \
		return rv_ret_; } while (0)

/* -errno from libncr to a CKR_. */
CK_RV p11_rv(int err);
void p11_wipe(void *p, size_t len);
void p11_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Blank-padded copies into fixed PKCS #11 fields. */
void p11_pad(CK_UTF8CHAR *dst, size_t n, const char *src);

struct p11_token *p11_token_of_slot(CK_SLOT_ID slot);
/* Re-reads the token list (C_GetSlotList). */
void p11_slots_scan(void);

/* store.c.  The token's flock (DIR/lock): p11_token_lock returns the
 * descriptor holding it (or -errno), p11_token_unlock drops it.  A
 * process must not take it twice (flock locks of two descriptors
 * conflict even within one process). */
int p11_token_lock(const struct p11_token *t, bool excl);
void p11_token_unlock(int fd);
/* The token file: p11_token_load takes the lock shared itself; the
 * _locked form and p11_token_save need the caller to hold it (save:
 * exclusively).  A token whose file is missing is not initialized. */
CK_RV p11_token_load(struct p11_token *t);
CK_RV p11_token_load_locked(struct p11_token *t);
CK_RV p11_token_save(struct p11_token *t);
/* Whole small files; p11_write_file is the crash-safe replace. */
int p11_read_file(const char *path, uint8_t **buf, size_t *len,
		  struct timespec *mtime);
int p11_write_file(const char *path, const uint8_t *buf, size_t len);
/* Brings p11.objects up to date with the token directory: new files
 * loaded, removed ones dropped, changed ones reloaded. */
CK_RV p11_store_scan(struct p11_token *t);
CK_RV p11_store_write(struct p11_object *o);	/* new or changed object */
CK_RV p11_store_remove(struct p11_object *o);
/* Private objects' contents are sealed under the token key T (AES-GCM in
 * the kernel); these need a user login for private objects. */
CK_RV p11_store_seal(struct p11_token *t, const uint8_t *in, size_t len,
		     uint8_t **out, size_t *olen);
CK_RV p11_store_open(struct p11_token *t, const uint8_t *in, size_t len,
		     uint8_t **out, size_t *olen);

/* pin.c: a new token key T and SO PIN record for t (not saved);
 * checking the SO PIN (re-initialisation); forgetting a login (C_Logout,
 * C_InitToken, the last session closed: T and every private object's
 * handle go). */
CK_RV p11_pin_init_token(struct p11_token *t, const uint8_t *so_pin,
			 size_t len, const char *label);
CK_RV p11_pin_verify_so(struct p11_token *t, const uint8_t *pin, size_t len);
void p11_pin_logout(struct p11_token *t);

/* ------------------------------------------------------------ sessions */

enum p11_op_kind {
	P11_OP_ENCRYPT, P11_OP_DECRYPT, P11_OP_DIGEST, P11_OP_SIGN,
	P11_OP_VERIFY, P11_OP_KINDS
};

struct p11_op;			/* crypto.h */
void p11_op_free(struct p11_op *op);	/* ends it, frees kernel state */

struct p11_session {
	CK_SESSION_HANDLE handle;
	struct p11_token *tok;
	CK_FLAGS flags;			/* CKF_RW_SESSION | CKF_SERIAL_SESSION */
	struct p11_op *op[P11_OP_KINDS];
	/* C_FindObjects */
	bool finding;
	CK_OBJECT_HANDLE *found;
	size_t nfound, found_pos;
	struct p11_session *next;
};

struct p11_session *p11_session_get(CK_SESSION_HANDLE h);
CK_STATE p11_session_state(const struct p11_session *s);
bool p11_user_logged_in(const struct p11_token *t);

/* ---------------------------------------------------------- mechanisms */

struct p11_mech {
	CK_MECHANISM_TYPE type;
	uint32_t alg;			/* NCR_ALG_*, NCR_WALG_* or 0 */
	CK_KEY_TYPE ktype;		/* CK_UNAVAILABLE_INFORMATION: keyless */
	CK_ULONG min_key, max_key;	/* CK_MECHANISM_INFO units */
	CK_FLAGS flags;			/* CKF_ENCRYPT, ... */
	uint32_t hash;			/* NCR_ALG_SHA* for the combined
					 * hash-and-sign mechanisms */
};

const struct p11_mech *p11_mech_find(CK_MECHANISM_TYPE type);
/* The ncr algorithm-set bits a key of this type may have for the usage
 * given (NCR_KEY_USAGE_*), optionally narrowed to CKA_ALLOWED_MECHANISMS
 * (NULL: all the type's mechanisms). */
uint64_t p11_mech_algs(CK_KEY_TYPE kt, uint32_t usage,
		       const CK_MECHANISM_TYPE *allowed, size_t nallowed);
/* Is mechanism type allowed for the key (CKA_ALLOWED_MECHANISMS)? */
bool p11_mech_allowed(const struct p11_object *key, CK_MECHANISM_TYPE type);
/* CKM_SHA* digest mechanism to NCR_ALG_SHA* (0 if none). */
uint32_t p11_hash_alg(CK_MECHANISM_TYPE m);
/* CKF_HW for a mechanism whose kernel driver is hardware (ncr_get_info). */
bool p11_mech_is_hw(const struct p11_mech *m);

/* ----------------------------------------------------------- wrap.c */

/* C_GenerateKey with CKM_PKCS5_PBKD2 (called by keys.c with the template
 * already through p11_object_defaults; *out the new object's handle). */
CK_RV p11_pbkdf2_generate(struct p11_session *s, CK_MECHANISM_PTR m,
			  struct p11_attrs *as, CK_OBJECT_HANDLE_PTR out);

#endif /* NCR_P11_H */
