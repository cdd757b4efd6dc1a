/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * crypto.h - private to crypto.c and sign.c: the state of one active
 * cryptographic operation (struct p11_op) and the helpers both files use.
 * The rest of the module sees struct p11_op only as an opaque pointer in
 * struct p11_session and frees it with p11_op_free; wrap.c uses the
 * mechanism parameter and output buffer helpers (p11_mech_param,
 * p11_out_check).
 */
#ifndef NCR_P11_CRYPTO_H
#define NCR_P11_CRYPTO_H

#include "p11.h"

/* Input gathered in user space for the one-shot kernel calls (AEAD,
 * the raw signature mechanisms, RSA encryption): at most this much. */
#define P11_ACC_MAX	(16u * 1024 * 1024)

/* How an operation runs. */
enum p11_how {
	P11_HOW_CIPHER,		/* ncr cipher session: ECB, CBC(_PAD), CTR */
	P11_HOW_STREAM,		/* ncr digest, MAC or hash-and-sign session */
	P11_HOW_ACC,		/* gathered here, one kernel call at the end */
};

struct p11_op {
	enum p11_op_kind kind;
	enum p11_how how;
	CK_MECHANISM_TYPE mech;
	const struct p11_mech *m;
	uint32_t alg;			/* NCR_ALG_* of the kernel call */
	uint32_t key;			/* ncr key handle (0: digest) */
	uint32_t ses;			/* ncr session (0: none open) */
	bool multi;			/* an Update was made */

	/* ciphers */
	size_t bs;			/* block size of the session */
	size_t carry;			/* input bytes the kernel holds back */
	bool pad;			/* CBC_PAD: PKCS #7 done here */
	uint8_t hold[16];		/* CBC_PAD decrypt: the last block */
	size_t hold_len;
	uint64_t ctr_left;		/* CTR: blocks before the counter
					 * wraps (UINT64_MAX: no limit) */
	uint64_t ctr_done;		/* CTR: bytes processed */

	/* AEAD */
	uint8_t iv[16];
	size_t iv_len;
	uint8_t *aad;
	size_t aad_len;
	size_t tag_len;
	bool ccm;
	size_t ccm_len;			/* CCM: the announced data length */

	/* MACs, signatures: the output length */
	size_t out_len;

	/* public key */
	struct ncr_pk_params pk;
	uint8_t *label;			/* OAEP label (pk.label points here) */
	size_t mod_len;			/* RSA modulus bytes */
	size_t q_len;			/* ECDSA/DSA: bytes of the order */
	uint8_t *n, *e;			/* RSA public key (raw RSA, PKCS #1
					 * verification of other data) */
	size_t n_len, e_len;

	/* gathered input (P11_HOW_ACC) */
	uint8_t *buf;
	size_t len, cap;

	/* a finished result waiting for a large enough buffer */
	uint8_t *res;
	size_t res_len;
	bool have_res;
};

/* The mechanism's parameter when it is size bytes at a non-NULL
 * pointer (a structure, an IV), else NULL. */
static inline const void *p11_mech_param(const CK_MECHANISM *mech,
					 size_t size)
{
	return mech->pParameter && mech->ulParameterLen == size ?
		mech->pParameter : NULL;
}

/* crypto.c */
void p11_op_end(struct p11_session *s, enum p11_op_kind kind);
/* C_*Init: starts the operation (*op), or, with a NULL mechanism, ends
 * the active one (3.0; *op NULL). */
CK_RV p11_op_init(CK_SESSION_HANDLE h, enum p11_op_kind kind,
		  CK_MECHANISM_PTR mech, CK_OBJECT_HANDLE key,
		  struct p11_session **s, struct p11_op **op);
/* The active operation of a C_* call after Init.  args_ok false: the
 * caller's pointers are bad (CKR_ARGUMENTS_BAD, the operation ends).
 * once: a one-shot call, refused after an Update (CKR_OPERATION_ACTIVE,
 * the operation goes on). */
CK_RV p11_op_args(CK_SESSION_HANDLE h, enum p11_op_kind kind, bool args_ok,
		  bool once, struct p11_session **s, struct p11_op **op);
CK_RV p11_op_append(struct p11_op *op, const uint8_t *in, size_t len);
/* Output of a known length: query (NULL buffer), too small, or go on. */
CK_RV p11_out_check(CK_BYTE_PTR out, CK_ULONG_PTR out_len, size_t need,
		    bool *query);
/* A result whose length was known only after the work (len bytes at
 * res, malloc'd with cap bytes; taken over): into out if it fits, else
 * kept for the call with a larger buffer (CKR_BUFFER_TOO_SMALL). */
CK_RV p11_res_offer(struct p11_op *op, uint8_t *res, size_t cap, size_t len,
		    CK_BYTE_PTR out, CK_ULONG_PTR out_len);
/* That result, delivered to the call with a large enough buffer. */
CK_RV p11_res_deliver(struct p11_op *op, CK_BYTE_PTR out,
		      CK_ULONG_PTR out_len, bool *query);
/* op.c: free after wiping (NULL is fine); the session's active
 * operation of a kind (CKR_SESSION_HANDLE_INVALID,
 * CKR_OPERATION_NOT_INITIALIZED). */
void p11_wipe_free(uint8_t *p, size_t len);
CK_RV p11_op_get(CK_SESSION_HANDLE h, enum p11_op_kind kind,
		 struct p11_session **s, struct p11_op **op);
/* Ends the operation unless rv keeps it (BUFFER_TOO_SMALL, a query). */
CK_RV p11_op_done(struct p11_session *s, enum p11_op_kind kind, CK_RV rv,
		  bool query);
/* C_Digest(Final), C_Sign(Final): once, the one-shot call's input in,
 * len; else the final call's (the input gathered, if any). */
CK_RV p11_op_result(CK_SESSION_HANDLE h, enum p11_op_kind kind, bool once,
		    const uint8_t *in, CK_ULONG len, CK_BYTE_PTR out,
		    CK_ULONG_PTR out_len);

/* C_DigestUpdate, C_SignUpdate, C_VerifyUpdate. */
CK_RV p11_op_update(CK_SESSION_HANDLE h, enum p11_op_kind kind,
		    const uint8_t *in, CK_ULONG len);

/* sign.c */
CK_RV p11_sign_setup(struct p11_op *op, struct p11_object *o,
		     CK_MECHANISM_PTR mech);
/* The signature of a hash-value mechanism (P11_HOW_ACC) over in, len. */
CK_RV p11_acc_sign(struct p11_op *op, const uint8_t *in, size_t len,
		   CK_BYTE_PTR out, CK_ULONG_PTR out_len, bool *query);
CK_RV p11_pk_crypt_setup(struct p11_op *op, struct p11_object *o,
			 CK_MECHANISM_PTR mech);
CK_RV p11_pk_encrypt(struct p11_op *op, const uint8_t *in, size_t len,
		     CK_BYTE_PTR out, CK_ULONG_PTR out_len, bool *query);
CK_RV p11_pk_decrypt(struct p11_op *op, const uint8_t *in, size_t len,
		     CK_BYTE_PTR out, CK_ULONG_PTR out_len, bool *query);

#endif /* NCR_P11_CRYPTO_H */
