/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * crypto.c - C_Encrypt*, C_Decrypt* and C_Digest*, and starting an
 * operation (struct p11_op, crypto.h) for them and for sign.c (C_Sign*,
 * C_Verify*); op.c has the rest of an operation's life.
 *
 * How each mechanism runs in the kernel:
 *  - Block ciphers and CTR (CKM_AES_ECB/CBC/CBC_PAD/CTR, CKM_DES3_CBC(_PAD))
 *    are one ncr cipher session, opened at C_EncryptInit/C_DecryptInit.
 *    The kernel holds back a partial block; the module counts the bytes
 *    it holds (carry), so it knows every output length before the call.
 *    CBC_PAD pads here (PKCS #7); on decryption the last decrypted block
 *    is kept back here until C_DecryptFinal, and its padding is checked
 *    in constant time (ncr_pkcs7_unpad_len).
 *  - AEADs (CKM_AES_GCM, CKM_AES_CCM, CKM_CHACHA20_POLY1305) gather the
 *    input here (at most P11_ACC_MAX bytes) and make one kernel call at
 *    the end: output ciphertext || tag; decryption releases nothing
 *    unless the tag verifies (the kernel decrypts into its own memory).
 *  - Digests are an ncr session of NCR_OP_SIGN without a key; C_DigestKey
 *    feeds a key's material in the kernel (NCR_OP_FLAG_KEY_DATA).
 *  - RSA encryption: sign.c.
 *
 * PKCS #11 conventions (3.0, section 5.2): a NULL output buffer asks for
 * the length (CKR_OK, the operation goes on, nothing is consumed); a
 * buffer too small gives CKR_BUFFER_TOO_SMALL with the length, and the
 * operation goes on; any other error ends it.  Where a length is known
 * only after the work (CBC_PAD and RSA decryption), the work is done once
 * and its result kept (wiped when delivered or dropped) for the call
 * with a larger buffer.
 *
 * Every buffer that held plaintext, key-dependent output or gathered
 * input is wiped (p11_wipe) before it is freed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"

static const CK_FLAGS kind_flag[P11_OP_KINDS] = {
	[P11_OP_ENCRYPT] = CKF_ENCRYPT,
	[P11_OP_DECRYPT] = CKF_DECRYPT,
	[P11_OP_DIGEST] = CKF_DIGEST,
	[P11_OP_SIGN] = CKF_SIGN,
	[P11_OP_VERIFY] = CKF_VERIFY,
};


static const CK_ATTRIBUTE_TYPE kind_attr[P11_OP_KINDS] = {
	[P11_OP_ENCRYPT] = CKA_ENCRYPT,
	[P11_OP_DECRYPT] = CKA_DECRYPT,
	[P11_OP_DIGEST] = 0,
	[P11_OP_SIGN] = CKA_SIGN,
	[P11_OP_VERIFY] = CKA_VERIFY,
};

static bool ktype_is_pk(CK_KEY_TYPE kt)
{
	return kt == CKK_RSA || kt == CKK_EC || kt == CKK_EC_EDWARDS ||
	       kt == CKK_EC_MONTGOMERY || kt == CKK_DSA || kt == CKK_DH;
}

/* The CKK_SHA*_HMAC type of an HMAC algorithm. */
static CK_KEY_TYPE hmac_ktype(uint32_t alg)
{
	switch (alg) {
	case NCR_ALG_HMAC_SHA1: return CKK_SHA_1_HMAC;
	case NCR_ALG_HMAC_SHA224: return CKK_SHA224_HMAC;
	case NCR_ALG_HMAC_SHA256: return CKK_SHA256_HMAC;
	case NCR_ALG_HMAC_SHA384: return CKK_SHA384_HMAC;
	case NCR_ALG_HMAC_SHA512: return CKK_SHA512_HMAC;
	case NCR_ALG_HMAC_SHA3_256: return CKK_SHA3_256_HMAC;
	case NCR_ALG_HMAC_SHA3_512: return CKK_SHA3_512_HMAC;
	}
	return CK_UNAVAILABLE_INFORMATION;
}

static bool mech_takes_ktype(const struct p11_mech *m, CK_KEY_TYPE kt)
{
	if (m->ktype == kt)
		return true;
	return m->ktype == CKK_GENERIC_SECRET && kt == hmac_ktype(m->alg) &&
	       kt != CK_UNAVAILABLE_INFORMATION;
}

/* The key class an operation needs for the mechanism's key type. */
static CK_OBJECT_CLASS kind_class(enum p11_op_kind kind, CK_KEY_TYPE kt)
{
	if (!ktype_is_pk(kt))
		return CKO_SECRET_KEY;
	return kind == P11_OP_ENCRYPT || kind == P11_OP_VERIFY ?
		CKO_PUBLIC_KEY : CKO_PRIVATE_KEY;
}

/* ------------------------------------------------- symmetric set-up */

/* CKM_AES_CTR: the part of the counter block that counts. */
static CK_RV ctr_setup(struct p11_op *op, CK_MECHANISM_PTR mech)
{
	const CK_AES_CTR_PARAMS *p = p11_mech_param(mech, sizeof(*p));
	uint64_t low = 0;
	CK_ULONG bits;
	int i;

	if (!p)
		return CKR_MECHANISM_PARAM_INVALID;
	bits = p->ulCounterBits;
	if (bits == 0 || bits > 128)
		return CKR_MECHANISM_PARAM_INVALID;
	memcpy(op->iv, p->cb, 16);
	op->iv_len = 16;
	/* The kernel counts with all 128 bits; a counter of fewer bits
	 * must not wrap into the nonce: refuse data past the wrap. */
	op->ctr_left = UINT64_MAX;
	if (bits < 64) {
		for (i = 8; i < 16; i++)
			low = (low << 8) | p->cb[i];
		low &= ((uint64_t)1 << bits) - 1;
		op->ctr_left = ((uint64_t)1 << bits) - low;
	}
	return CKR_OK;
}

static CK_RV cipher_setup(struct p11_op *op, CK_MECHANISM_PTR mech)
{
	uint32_t nop = op->kind == P11_OP_ENCRYPT ? NCR_OP_ENCRYPT :
						     NCR_OP_DECRYPT;
	const void *iv;
	size_t ivl = 0;
	CK_RV rv;
	int err;

	op->how = P11_HOW_CIPHER;
	op->ctr_left = UINT64_MAX;
	switch (op->mech) {
	case CKM_AES_ECB:
		op->bs = 16;
		break;
	case CKM_AES_CBC_PAD:
		op->pad = true;
		/* fall through */
	case CKM_AES_CBC:
		op->bs = ivl = 16;
		break;
	case CKM_DES3_CBC_PAD:
		op->pad = true;
		/* fall through */
	case CKM_DES3_CBC:
		op->bs = ivl = 8;
		break;
	case CKM_AES_CTR:
		op->bs = 16;
		rv = ctr_setup(op, mech);
		if (rv != CKR_OK)
			return rv;
		break;
	default:
		return CKR_MECHANISM_INVALID;
	}
	if (ivl) {
		iv = p11_mech_param(mech, ivl);
		if (!iv)
			return CKR_MECHANISM_PARAM_INVALID;
		memcpy(op->iv, iv, ivl);
		op->iv_len = ivl;
	} else if (op->mech == CKM_AES_ECB && mech->ulParameterLen) {
		return CKR_MECHANISM_PARAM_INVALID;
	}
	err = ncr_session_init(p11.fd, op->alg, nop, op->key,
			       op->iv_len ? op->iv : NULL, op->iv_len, 0, 0,
			       &op->ses);
	if (err == -EINVAL)
		return CKR_KEY_SIZE_RANGE;	/* e.g. an AES-XTS key */
	return p11_rv(err);
}

static CK_RV copy_aad(struct p11_op *op, const void *aad, CK_ULONG len)
{
	if (!len)
		return CKR_OK;
	if (!aad || len > P11_ACC_MAX)
		return CKR_MECHANISM_PARAM_INVALID;
	op->aad = malloc(len);
	if (!op->aad)
		return CKR_HOST_MEMORY;
	memcpy(op->aad, aad, len);
	op->aad_len = len;
	return CKR_OK;
}

/* The GCM tag sizes ncr takes: 4, 8, 12..16 bytes. */
static bool gcm_tag_ok(CK_ULONG bits)
{
	CK_ULONG b = bits / 8;

	return bits % 8 == 0 && (b == 4 || b == 8 || (b >= 12 && b <= 16));
}

static CK_RV aead_setup(struct p11_op *op, CK_MECHANISM_PTR mech)
{
	const void *iv, *aad;
	CK_ULONG iv_len, aad_len, tag_bits;

	op->how = P11_HOW_ACC;
	switch (op->mech) {
	case CKM_AES_GCM: {
		/* 3.0 layout (with ulIvBits), or the 2.40 document's one */
		const CK_GCM_PARAMS_V3 *p3 = p11_mech_param(mech, sizeof(*p3));
		const CK_NSS_GCM_PARAMS *p2 = p11_mech_param(mech, sizeof(*p2));

		if (p3) {
			iv = p3->pIv;
			iv_len = p3->ulIvLen;
			aad = p3->pAAD;
			aad_len = p3->ulAADLen;
			tag_bits = p3->ulTagBits;
			if (p3->ulIvBits && p3->ulIvBits != 8 * iv_len)
				return CKR_MECHANISM_PARAM_INVALID;
		} else if (p2) {
			iv = p2->pIv;
			iv_len = p2->ulIvLen;
			aad = p2->pAAD;
			aad_len = p2->ulAADLen;
			tag_bits = p2->ulTagBits;
		} else {
			return CKR_MECHANISM_PARAM_INVALID;
		}
		/* ncr's GCM takes the 96-bit IV only */
		if (iv_len != 12 || !iv || !gcm_tag_ok(tag_bits))
			return CKR_MECHANISM_PARAM_INVALID;
		op->tag_len = tag_bits / 8;
		break;
	}
	case CKM_AES_CCM: {
		const CK_CCM_PARAMS *p = p11_mech_param(mech, sizeof(*p));

		if (!p)
			return CKR_MECHANISM_PARAM_INVALID;
		iv = p->pNonce;
		iv_len = p->ulNonceLen;
		aad = p->pAAD;
		aad_len = p->ulAADLen;
		if (!iv || iv_len < 7 || iv_len > 13)
			return CKR_MECHANISM_PARAM_INVALID;
		if (p->ulMACLen < 4 || p->ulMACLen > 16 || p->ulMACLen % 2)
			return CKR_MECHANISM_PARAM_INVALID;
		/* L = 15 - nonce bytes must hold the length */
		if (15 - iv_len < 8 &&
		    (uint64_t)p->ulDataLen >> (8 * (15 - iv_len)))
			return CKR_MECHANISM_PARAM_INVALID;
		op->tag_len = p->ulMACLen;
		op->ccm = true;
		op->ccm_len = p->ulDataLen;
		break;
	}
	case CKM_CHACHA20_POLY1305: {
		const CK_SALSA20_CHACHA20_POLY1305_PARAMS *p =
			p11_mech_param(mech, sizeof(*p));

		if (!p)
			return CKR_MECHANISM_PARAM_INVALID;
		iv = p->pNonce;
		iv_len = p->ulNonceLen;
		aad = p->pAAD;
		aad_len = p->ulAADLen;
		/* RFC 8439's 96-bit nonce only */
		if (!iv || iv_len != 12)
			return CKR_MECHANISM_PARAM_INVALID;
		op->tag_len = 16;
		break;
	}
	default:
		return CKR_MECHANISM_INVALID;
	}
	memcpy(op->iv, iv, iv_len);
	op->iv_len = iv_len;
	return copy_aad(op, aad, aad_len);
}

/* ------------------------------------------------------- op start */

static CK_RV op_start(struct p11_session *s, enum p11_op_kind kind,
		      CK_MECHANISM_PTR mech, CK_OBJECT_HANDLE hkey,
		      struct p11_op **out)
{
	const struct p11_mech *m;
	struct p11_object *o = NULL;
	struct p11_op *op;
	bool b = false;
	CK_RV rv;

	if (s->op[kind])
		return CKR_OPERATION_ACTIVE;
	m = p11_mech_find(mech->mechanism);
	if (!m || !(m->flags & kind_flag[kind]))
		return CKR_MECHANISM_INVALID;
	if (kind != P11_OP_DIGEST) {
		o = p11_object_get(s, hkey);
		if (!o)
			return CKR_KEY_HANDLE_INVALID;
		if (o->cls != kind_class(kind, m->ktype) ||
		    !mech_takes_ktype(m, o->ktype))
			return CKR_KEY_TYPE_INCONSISTENT;
		if (!p11_attrs_bool(&o->attrs, kind_attr[kind], &b) || !b)
			return CKR_KEY_FUNCTION_NOT_PERMITTED;
		if (!p11_mech_allowed(o, mech->mechanism))
			return CKR_MECHANISM_INVALID;
	}
	op = calloc(1, sizeof(*op));
	if (!op)
		return CKR_HOST_MEMORY;
	op->kind = kind;
	op->mech = mech->mechanism;
	op->m = m;
	op->alg = m->alg;
	if (o) {
		rv = p11_object_key(o, &op->key);
		if (rv != CKR_OK)
			goto err;
	}

	switch (kind) {
	case P11_OP_ENCRYPT:
	case P11_OP_DECRYPT:
		if (ktype_is_pk(m->ktype))
			rv = p11_pk_crypt_setup(op, o, mech);
		else if (m->alg == NCR_ALG_AES_GCM || m->alg == NCR_ALG_AES_CCM ||
			 m->alg == NCR_ALG_CHACHA20_POLY1305)
			rv = aead_setup(op, mech);
		else
			rv = cipher_setup(op, mech);
		break;
	case P11_OP_DIGEST:
		op->how = P11_HOW_STREAM;
		if (mech->ulParameterLen) {
			rv = CKR_MECHANISM_PARAM_INVALID;
			break;
		}
		{
			struct ncr_alg_props pr;

			if (ncr_alg_props(m->alg, &pr) || !pr.tag_size) {
				rv = CKR_MECHANISM_INVALID;
				break;
			}
			op->out_len = pr.tag_size;
		}
		rv = p11_rv(ncr_session_init(p11.fd, m->alg, NCR_OP_SIGN, 0,
					     NULL, 0, 0, 0, &op->ses));
		break;
	default:
		rv = p11_sign_setup(op, o, mech);
		break;
	}
	if (rv != CKR_OK)
		goto err;
	s->op[kind] = op;
	*out = op;
	return CKR_OK;
err:
	p11_op_free(op);
	return rv;
}

CK_RV p11_op_init(CK_SESSION_HANDLE h, enum p11_op_kind kind,
		  CK_MECHANISM_PTR mech, CK_OBJECT_HANDLE key,
		  struct p11_session **s, struct p11_op **op)
{
	*op = NULL;
	*s = p11_session_get(h);
	if (!*s)
		return CKR_SESSION_HANDLE_INVALID;
	if (!mech) {
		if (!(*s)->op[kind])
			return CKR_ARGUMENTS_BAD;
		p11_op_end(*s, kind);
		return CKR_OK;
	}
	return op_start(*s, kind, mech, key, op);
}

static CK_RV init_common(CK_SESSION_HANDLE h, enum p11_op_kind kind,
			 CK_MECHANISM_PTR mech, CK_OBJECT_HANDLE key)
{
	struct p11_session *s;
	struct p11_op *op;

	return p11_op_init(h, kind, mech, key, &s, &op);
}

/* ----------------------------------------------------------- ciphers */

/* Output bytes of an update of len on a cipher session. */
static CK_RV cipher_update_len(struct p11_op *op, size_t len, size_t *need)
{
	size_t total, produce;

	if (len > SIZE_MAX - op->carry)
		return CKR_DATA_LEN_RANGE;
	total = op->carry + len;
	produce = total - total % op->bs;
	if (op->pad && op->kind == P11_OP_DECRYPT)
		*need = produce ? op->hold_len + produce - op->bs : 0;
	else
		*need = produce;
	return CKR_OK;
}

/* CTR: refuse data that would run a short counter round. */
static CK_RV ctr_check(struct p11_op *op, size_t len)
{
	uint64_t bytes;

	if (op->ctr_left == UINT64_MAX)
		return CKR_OK;
	bytes = op->ctr_done + len;
	if (bytes < op->ctr_done || (bytes + 15) / 16 > op->ctr_left)
		return op->kind == P11_OP_DECRYPT ?
			CKR_ENCRYPTED_DATA_LEN_RANGE : CKR_DATA_LEN_RANGE;
	return CKR_OK;
}

static CK_RV cipher_update(struct p11_op *op, const uint8_t *in, size_t len,
			   CK_BYTE_PTR out, CK_ULONG_PTR out_len, bool *query)
{
	size_t need, produce, got, total, tlen = 0;
	uint8_t *tmp = NULL;
	CK_RV rv;
	int err;

	rv = cipher_update_len(op, len, &need);
	if (rv == CKR_OK)
		rv = ctr_check(op, len);
	if (rv != CKR_OK)
		return rv;
	rv = p11_out_check(out, out_len, need, query);
	if (rv != CKR_OK || *query)
		return rv;
	total = op->carry + len;
	produce = total - total % op->bs;

	if (!(op->pad && op->kind == P11_OP_DECRYPT)) {
		got = produce;
		err = ncr_session_update(p11.fd, op->ses, in, len,
					 produce ? out : NULL, &got);
		if (err)
			return p11_rv(err);
		if (got != produce)
			return CKR_DEVICE_ERROR;
		op->carry = total % op->bs;
		op->ctr_done += len;
		*out_len = got;
		return CKR_OK;
	}

	/* CBC_PAD decryption: hold back the last block produced. */
	if (produce) {
		tlen = op->hold_len + produce;
		tmp = malloc(tlen);
		if (!tmp)
			return CKR_HOST_MEMORY;
	}
	got = produce;
	err = ncr_session_update(p11.fd, op->ses, in, len,
				 produce ? tmp + op->hold_len : NULL, &got);
	if (err) {
		rv = p11_rv(err);
		goto out;
	}
	if (got != produce) {
		rv = CKR_DEVICE_ERROR;
		goto out;
	}
	op->carry = total % op->bs;
	if (produce) {
		memcpy(tmp, op->hold, op->hold_len);
		got = op->hold_len + produce - op->bs;
		memcpy(out, tmp, got);
		memcpy(op->hold, tmp + got, op->bs);
		op->hold_len = op->bs;
	} else {
		got = 0;
	}
	*out_len = got;
out:
	if (tmp)
		p11_wipe_free(tmp, tlen);
	return rv;
}

/* C_EncryptFinal / C_DecryptFinal of a cipher session. */
static CK_RV cipher_final(struct p11_op *op, CK_BYTE_PTR out,
			  CK_ULONG_PTR out_len, bool *query)
{
	bool dec = op->kind == P11_OP_DECRYPT;
	uint8_t pad[16];
	size_t need, got, padlen = 0;
	CK_RV rv;
	int err;

	if (op->mech == CKM_AES_CTR) {
		need = op->carry;
	} else if (op->pad && !dec) {
		need = op->bs;
	} else if (op->carry) {
		return dec ? CKR_ENCRYPTED_DATA_LEN_RANGE : CKR_DATA_LEN_RANGE;
	} else if (op->pad) {
		/* decryption: the held block and its padding */
		if (op->hold_len != op->bs)
			return CKR_ENCRYPTED_DATA_LEN_RANGE;
		if (ncr_pkcs7_unpad_len(op->hold, op->bs, &padlen))
			return CKR_ENCRYPTED_DATA_INVALID;
		need = op->bs - padlen;
	} else {
		need = 0;
	}
	rv = p11_out_check(out, out_len, need, query);
	if (rv != CKR_OK || *query)
		return rv;

	if (op->pad && !dec) {
		size_t n = op->bs - op->carry;

		memset(pad, (int)n, n);
		got = need;
		err = ncr_session_final(p11.fd, op->ses, pad, n, out, &got,
					NULL, NULL);
	} else if (op->pad) {
		got = 0;
		err = ncr_session_final(p11.fd, op->ses, NULL, 0, NULL, &got,
					NULL, NULL);
		if (!err)
			memcpy(out, op->hold, need);
		got = need;
	} else {
		got = need;
		err = ncr_session_final(p11.fd, op->ses, NULL, 0,
					need ? out : NULL, &got, NULL, NULL);
	}
	op->ses = 0;		/* freed by the kernel, also on error */
	if (err)
		return p11_rv(err);
	if (got != need)
		return CKR_DEVICE_ERROR;
	*out_len = got;
	return CKR_OK;
}

/* C_Encrypt / C_Decrypt of a cipher session: one SESSION_FINAL. */
static CK_RV cipher_once(struct p11_op *op, const uint8_t *in, size_t len,
			 CK_BYTE_PTR out, CK_ULONG_PTR out_len, bool *query)
{
	bool dec = op->kind == P11_OP_DECRYPT;
	size_t need, got, padlen = 0, n;
	uint8_t *tmp = NULL;
	CK_RV rv;
	int err;

	if (op->have_res)
		return p11_res_deliver(op, out, out_len, query);
	rv = ctr_check(op, len);
	if (rv != CKR_OK)
		return rv;
	if (op->mech == CKM_AES_CTR) {
		need = len;
	} else if (op->pad && !dec) {
		if (len > SIZE_MAX - op->bs)
			return CKR_DATA_LEN_RANGE;
		need = len - len % op->bs + op->bs;
	} else if (len % op->bs || (op->pad && !len)) {
		return dec ? CKR_ENCRYPTED_DATA_LEN_RANGE : CKR_DATA_LEN_RANGE;
	} else {
		need = len;	/* CBC_PAD decryption: at most this */
	}

	if (!(op->pad && dec)) {
		rv = p11_out_check(out, out_len, need, query);
		if (rv != CKR_OK || *query)
			return rv;
		if (op->pad) {
			/* encryption: the padded copy, then one call */
			n = need - len;
			tmp = malloc(need);
			if (!tmp)
				return CKR_HOST_MEMORY;
			if (len)
				memcpy(tmp, in, len);
			memset(tmp + len, (int)n, n);
			in = tmp;
		}
		got = need;
		err = ncr_session_final(p11.fd, op->ses, in, need, out, &got,
					NULL, NULL);
		op->ses = 0;
		if (tmp)
			p11_wipe_free(tmp, need);
		if (err)
			return p11_rv(err);
		if (got != need)
			return CKR_DEVICE_ERROR;
		*out_len = got;
		return CKR_OK;
	}

	/* CBC_PAD decryption: the length is known after the padding. */
	if (!out)
		return p11_out_check(out, out_len, need, query);
	tmp = malloc(len);
	if (!tmp)
		return CKR_HOST_MEMORY;
	got = len;
	err = ncr_session_final(p11.fd, op->ses, in, len, tmp, &got, NULL,
				NULL);
	op->ses = 0;
	if (err || got != len) {
		rv = err ? p11_rv(err) : CKR_DEVICE_ERROR;
		goto err;
	}
	if (ncr_pkcs7_unpad_len(tmp + len - op->bs, op->bs, &padlen)) {
		rv = CKR_ENCRYPTED_DATA_INVALID;
		goto err;
	}
	return p11_res_offer(op, tmp, len, len - padlen, out, out_len);
err:
	p11_wipe_free(tmp, len);
	return rv;
}

/* -------------------------------------------------------------- AEAD */

static CK_RV aead_run(struct p11_op *op, const uint8_t *in, size_t len,
		      CK_BYTE_PTR out, CK_ULONG_PTR out_len, bool *query)
{
	size_t need;
	CK_RV rv;
	int err;

	if (op->kind == P11_OP_ENCRYPT) {
		if (op->ccm && len != op->ccm_len)
			return CKR_DATA_LEN_RANGE;
		need = len + op->tag_len;
		rv = p11_out_check(out, out_len, need, query);
		if (rv != CKR_OK || *query)
			return rv;
		err = ncr_aead_encrypt(p11.fd, op->alg, op->key, op->iv,
				       op->iv_len, op->aad, op->aad_len, in,
				       len, out, out + len, op->tag_len);
		if (err)
			return err == -EINVAL ? CKR_DATA_LEN_RANGE :
						p11_rv(err);
	} else {
		if (len < op->tag_len ||
		    (op->ccm && len - op->tag_len != op->ccm_len))
			return CKR_ENCRYPTED_DATA_LEN_RANGE;
		need = len - op->tag_len;
		rv = p11_out_check(out, out_len, need, query);
		if (rv != CKR_OK || *query)
			return rv;
		/* the kernel decrypts into its own memory and writes out
		 * only after the tag verified */
		err = ncr_aead_decrypt(p11.fd, op->alg, op->key, op->iv,
				       op->iv_len, op->aad, op->aad_len, in,
				       need, out, in + need, op->tag_len);
		if (err == -EBADMSG)
			return CKR_ENCRYPTED_DATA_INVALID;
		if (err)
			return err == -EINVAL ? CKR_ENCRYPTED_DATA_LEN_RANGE :
						p11_rv(err);
	}
	*out_len = need;
	return CKR_OK;
}

/* ------------------------------------------------ encrypt / decrypt */

static CK_RV crypt_once(struct p11_op *op, const uint8_t *in, size_t len,
			CK_BYTE_PTR out, CK_ULONG_PTR out_len, bool *query)
{
	if (op->how == P11_HOW_CIPHER)
		return cipher_once(op, in, len, out, out_len, query);
	if (ktype_is_pk(op->m->ktype))
		return op->kind == P11_OP_ENCRYPT ?
			p11_pk_encrypt(op, in, len, out, out_len, query) :
			p11_pk_decrypt(op, in, len, out, out_len, query);
	return aead_run(op, in, len, out, out_len, query);
}

static CK_RV crypt_single(CK_SESSION_HANDLE h, enum p11_op_kind kind,
			  CK_BYTE_PTR in, CK_ULONG len, CK_BYTE_PTR out,
			  CK_ULONG_PTR out_len)
{
	struct p11_session *s;
	struct p11_op *op;
	bool query = false;
	CK_RV rv;

	rv = p11_op_args(h, kind, out_len && (in || !len), true, &s, &op);
	if (rv != CKR_OK)
		return rv;
	rv = crypt_once(op, in, len, out, out_len, &query);
	return p11_op_done(s, kind, rv, query);
}

static CK_RV crypt_update(CK_SESSION_HANDLE h, enum p11_op_kind kind,
			  CK_BYTE_PTR in, CK_ULONG len, CK_BYTE_PTR out,
			  CK_ULONG_PTR out_len)
{
	struct p11_session *s;
	struct p11_op *op;
	bool query = false;
	CK_RV rv;

	rv = p11_op_args(h, kind, out_len && (in || !len), false, &s, &op);
	if (rv != CKR_OK)
		return rv;
	if (op->how == P11_HOW_CIPHER) {
		rv = cipher_update(op, in, len, out, out_len, &query);
	} else {
		/* gathered for the final call: no output yet */
		rv = p11_out_check(out, out_len, 0, &query);
		if (rv == CKR_OK && !query)
			rv = p11_op_append(op, in, len);
		if (rv == CKR_OK)
			*out_len = 0;
	}
	if (rv == CKR_OK && !query)
		op->multi = true;
	if (rv == CKR_OK || rv == CKR_BUFFER_TOO_SMALL)
		return rv;
	p11_op_end(s, kind);
	return rv;
}

static CK_RV crypt_final(CK_SESSION_HANDLE h, enum p11_op_kind kind,
			 CK_BYTE_PTR out, CK_ULONG_PTR out_len)
{
	struct p11_session *s;
	struct p11_op *op;
	bool query = false;
	CK_RV rv;

	rv = p11_op_args(h, kind, out_len != NULL, false, &s, &op);
	if (rv != CKR_OK)
		return rv;
	if (op->how == P11_HOW_CIPHER)
		rv = cipher_final(op, out, out_len, &query);
	else
		rv = crypt_once(op, op->buf, op->len, out, out_len, &query);
	return p11_op_done(s, kind, rv, query);
}

P11_EXPORT CK_RV C_EncryptInit(CK_SESSION_HANDLE hSession,
			       CK_MECHANISM_PTR pMechanism,
			       CK_OBJECT_HANDLE hKey)
{
	P11_ENTER();
	P11_RETURN(init_common(hSession, P11_OP_ENCRYPT, pMechanism, hKey));
}

P11_EXPORT CK_RV C_Encrypt(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData,
			   CK_ULONG ulDataLen, CK_BYTE_PTR pEncryptedData,
			   CK_ULONG_PTR pulEncryptedDataLen)
{
	P11_ENTER();
	P11_RETURN(crypt_single(hSession, P11_OP_ENCRYPT, pData, ulDataLen,
				pEncryptedData, pulEncryptedDataLen));
}

P11_EXPORT CK_RV C_EncryptUpdate(CK_SESSION_HANDLE hSession,
				 CK_BYTE_PTR pPart, CK_ULONG ulPartLen,
				 CK_BYTE_PTR pEncryptedPart,
				 CK_ULONG_PTR pulEncryptedPartLen)
{
	P11_ENTER();
	P11_RETURN(crypt_update(hSession, P11_OP_ENCRYPT, pPart, ulPartLen,
				pEncryptedPart, pulEncryptedPartLen));
}

P11_EXPORT CK_RV C_EncryptFinal(CK_SESSION_HANDLE hSession,
				CK_BYTE_PTR pLastEncryptedPart,
				CK_ULONG_PTR pulLastEncryptedPartLen)
{
	P11_ENTER();
	P11_RETURN(crypt_final(hSession, P11_OP_ENCRYPT, pLastEncryptedPart,
			       pulLastEncryptedPartLen));
}

P11_EXPORT CK_RV C_DecryptInit(CK_SESSION_HANDLE hSession,
			       CK_MECHANISM_PTR pMechanism,
			       CK_OBJECT_HANDLE hKey)
{
	P11_ENTER();
	P11_RETURN(init_common(hSession, P11_OP_DECRYPT, pMechanism, hKey));
}

P11_EXPORT CK_RV C_Decrypt(CK_SESSION_HANDLE hSession,
			   CK_BYTE_PTR pEncryptedData,
			   CK_ULONG ulEncryptedDataLen, CK_BYTE_PTR pData,
			   CK_ULONG_PTR pulDataLen)
{
	P11_ENTER();
	P11_RETURN(crypt_single(hSession, P11_OP_DECRYPT, pEncryptedData,
				ulEncryptedDataLen, pData, pulDataLen));
}

P11_EXPORT CK_RV C_DecryptUpdate(CK_SESSION_HANDLE hSession,
				 CK_BYTE_PTR pEncryptedPart,
				 CK_ULONG ulEncryptedPartLen,
				 CK_BYTE_PTR pPart, CK_ULONG_PTR pulPartLen)
{
	P11_ENTER();
	P11_RETURN(crypt_update(hSession, P11_OP_DECRYPT, pEncryptedPart,
				ulEncryptedPartLen, pPart, pulPartLen));
}

P11_EXPORT CK_RV C_DecryptFinal(CK_SESSION_HANDLE hSession,
				CK_BYTE_PTR pLastPart,
				CK_ULONG_PTR pulLastPartLen)
{
	P11_ENTER();
	P11_RETURN(crypt_final(hSession, P11_OP_DECRYPT, pLastPart,
			       pulLastPartLen));
}

/* ------------------------------------------------------------ digest */

P11_EXPORT CK_RV C_DigestInit(CK_SESSION_HANDLE hSession,
			      CK_MECHANISM_PTR pMechanism)
{
	P11_ENTER();
	P11_RETURN(init_common(hSession, P11_OP_DIGEST, pMechanism,
			       CK_INVALID_HANDLE));
}

/* Digest (or MAC, signature) of a stream session into out. */
static CK_RV stream_final(struct p11_op *op, const uint8_t *in, size_t len,
			  CK_BYTE_PTR out, CK_ULONG_PTR out_len, bool *query)
{
	size_t got = op->out_len;
	CK_RV rv;
	int err;

	rv = p11_out_check(out, out_len, op->out_len, query);
	if (rv != CKR_OK || *query)
		return rv;
	err = ncr_session_final(p11.fd, op->ses, in, len, NULL, NULL, out,
				&got);
	if (err == -ERANGE)
		return CKR_DEVICE_ERROR;	/* the length was known */
	op->ses = 0;
	if (err)
		return p11_rv(err);
	*out_len = got;
	return CKR_OK;
}

CK_RV p11_op_result(CK_SESSION_HANDLE h, enum p11_op_kind kind, bool once,
		    const uint8_t *in, CK_ULONG len, CK_BYTE_PTR out,
		    CK_ULONG_PTR out_len)
{
	struct p11_session *s;
	struct p11_op *op;
	bool query = false;
	CK_RV rv;

	rv = p11_op_args(h, kind, out_len && (in || !len), once, &s, &op);
	if (rv != CKR_OK)
		return rv;
	if (!once) {
		/* what the Updates gathered (P11_HOW_ACC); a stream
		 * session has it in the kernel (buf NULL, len 0) */
		in = op->buf;
		len = op->len;
	}
	if (op->how == P11_HOW_ACC)
		rv = p11_acc_sign(op, in, len, out, out_len, &query);
	else
		rv = stream_final(op, in, len, out, out_len, &query);
	return p11_op_done(s, kind, rv, query);
}

/* C_DigestUpdate, C_SignUpdate, C_VerifyUpdate: into the kernel's stream
 * session, or gathered here (P11_HOW_ACC); an error ends the operation. */
CK_RV p11_op_update(CK_SESSION_HANDLE h, enum p11_op_kind kind,
		    const uint8_t *in, CK_ULONG len)
{
	struct p11_session *s;
	struct p11_op *op;
	CK_RV rv;
	int err;

	rv = p11_op_args(h, kind, in || !len, false, &s, &op);
	if (rv != CKR_OK)
		return rv;
	op->multi = true;
	if (op->how == P11_HOW_ACC) {
		rv = p11_op_append(op, in, len);
	} else {
		err = ncr_session_update(p11.fd, op->ses, in, len, NULL,
					 NULL);
		rv = p11_rv(err);
	}
	if (rv != CKR_OK)
		p11_op_end(s, kind);
	return rv;
}

P11_EXPORT CK_RV C_Digest(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData,
			  CK_ULONG ulDataLen, CK_BYTE_PTR pDigest,
			  CK_ULONG_PTR pulDigestLen)
{
	P11_ENTER();
	P11_RETURN(p11_op_result(hSession, P11_OP_DIGEST, true, pData,
				 ulDataLen, pDigest, pulDigestLen));
}

P11_EXPORT CK_RV C_DigestUpdate(CK_SESSION_HANDLE hSession,
				CK_BYTE_PTR pPart, CK_ULONG ulPartLen)
{
	P11_ENTER();
	P11_RETURN(p11_op_update(hSession, P11_OP_DIGEST, pPart, ulPartLen));
}

P11_EXPORT CK_RV C_DigestKey(CK_SESSION_HANDLE hSession,
			     CK_OBJECT_HANDLE hKey)
{
	struct p11_session *s;
	struct p11_object *o;
	struct p11_op *op;
	uint32_t key;
	CK_RV rv;
	int err;

	P11_ENTER();
	rv = p11_op_get(hSession, P11_OP_DIGEST, &s, &op);
	if (rv != CKR_OK)
		P11_RETURN(rv);
	o = p11_object_get(s, hKey);
	if (!o) {
		rv = CKR_KEY_HANDLE_INVALID;
		goto fail;
	}
	/* only secret keys, and the kernel decides which: HASHABLE,
	 * at least 16 bytes, not for MD5 */
	if (o->cls != CKO_SECRET_KEY) {
		rv = CKR_KEY_INDIGESTIBLE;
		goto fail;
	}
	rv = p11_object_key(o, &key);
	if (rv != CKR_OK)
		goto fail;
	op->multi = true;
	err = ncr_session_update_key(p11.fd, op->ses, key);
	if (err == -EPERM || err == -EINVAL)
		rv = CKR_KEY_INDIGESTIBLE;
	else
		rv = p11_rv(err);
	if (rv == CKR_OK)
		P11_RETURN(CKR_OK);
fail:
	p11_op_end(s, P11_OP_DIGEST);
	P11_RETURN(rv);
}

P11_EXPORT CK_RV C_DigestFinal(CK_SESSION_HANDLE hSession,
			       CK_BYTE_PTR pDigest, CK_ULONG_PTR pulDigestLen)
{
	P11_ENTER();
	P11_RETURN(p11_op_result(hSession, P11_OP_DIGEST, false, NULL, 0,
				 pDigest, pulDigestLen));
}
