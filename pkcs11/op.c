/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * op.c - the life of an operation (struct p11_op, crypto.h), shared by
 * crypto.c (C_Encrypt*, C_Decrypt*, C_Digest*), sign.c (C_Sign*,
 * C_Verify*) and wrap.c: finding the active operation of a session, the
 * argument checks every call makes first, ending an operation, the output
 * buffer convention, gathered input, and results kept for a retry.
 *
 * The conventions (PKCS #11 3.0, section 5.2): a NULL output buffer asks
 * for the length (CKR_OK, the operation goes on, nothing is consumed); a
 * buffer too small gives CKR_BUFFER_TOO_SMALL with the length, and the
 * operation goes on; any other error ends it.  Where a length is known
 * only after the work (CBC_PAD and RSA decryption), the result is kept
 * (wiped when delivered or dropped) for the call with a larger buffer.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"

/* ------------------------------------------------------------ helpers */

void p11_wipe_free(uint8_t *p, size_t len)
{
	if (p) {
		p11_wipe(p, len);
		free(p);
	}
}

void p11_op_free(struct p11_op *op)
{
	if (!op)
		return;
	if (op->ses && p11.fd >= 0)
		ncr_session_free(p11.fd, op->ses);
	p11_wipe_free(op->buf, op->cap);
	p11_wipe_free(op->res, op->res_len);
	p11_wipe_free(op->aad, op->aad_len);
	free(op->label);
	free(op->n);
	free(op->e);
	p11_wipe(op, sizeof(*op));
	free(op);
}

void p11_op_end(struct p11_session *s, enum p11_op_kind kind)
{
	struct p11_op *op = s->op[kind];

	s->op[kind] = NULL;
	p11_op_free(op);
}

CK_RV p11_op_get(CK_SESSION_HANDLE h, enum p11_op_kind kind,
		    struct p11_session **s, struct p11_op **op)
{
	*s = p11_session_get(h);
	if (!*s)
		return CKR_SESSION_HANDLE_INVALID;
	*op = (*s)->op[kind];
	if (!*op)
		return CKR_OPERATION_NOT_INITIALIZED;
	return CKR_OK;
}

CK_RV p11_op_args(CK_SESSION_HANDLE h, enum p11_op_kind kind, bool args_ok,
		  bool once, struct p11_session **s, struct p11_op **op)
{
	CK_RV rv = p11_op_get(h, kind, s, op);

	if (rv != CKR_OK)
		return rv;
	if (!args_ok) {
		p11_op_end(*s, kind);
		return CKR_ARGUMENTS_BAD;
	}
	if (once && (*op)->multi)
		return CKR_OPERATION_ACTIVE;
	return CKR_OK;
}

CK_RV p11_op_done(struct p11_session *s, enum p11_op_kind kind, CK_RV rv,
		  bool query)
{
	if (rv == CKR_BUFFER_TOO_SMALL || (rv == CKR_OK && query))
		return rv;
	p11_op_end(s, kind);
	return rv;
}

CK_RV p11_out_check(CK_BYTE_PTR out, CK_ULONG_PTR out_len, size_t need,
		    bool *query)
{
	*query = !out;
	if (!out) {
		*out_len = need;
		return CKR_OK;
	}
	if (*out_len < need) {
		*out_len = need;
		return CKR_BUFFER_TOO_SMALL;
	}
	return CKR_OK;
}

CK_RV p11_op_append(struct p11_op *op, const uint8_t *in, size_t len)
{
	size_t cap;
	uint8_t *nb;

	if (!len)
		return CKR_OK;
	if (len > P11_ACC_MAX - op->len)
		return op->kind == P11_OP_DECRYPT ?
			CKR_ENCRYPTED_DATA_LEN_RANGE : CKR_DATA_LEN_RANGE;
	if (op->len + len > op->cap) {
		cap = op->cap ? op->cap : 256;
		while (cap < op->len + len)
			cap *= 2;
		if (cap > P11_ACC_MAX)
			cap = P11_ACC_MAX;
		/* no realloc: the old buffer is wiped, not left behind */
		nb = malloc(cap);
		if (!nb)
			return CKR_HOST_MEMORY;
		if (op->len)
			memcpy(nb, op->buf, op->len);
		p11_wipe_free(op->buf, op->cap);
		op->buf = nb;
		op->cap = cap;
	}
	memcpy(op->buf + op->len, in, len);
	op->len += len;
	return CKR_OK;
}

CK_RV p11_res_deliver(struct p11_op *op, CK_BYTE_PTR out,
		      CK_ULONG_PTR out_len, bool *query)
{
	CK_RV rv = p11_out_check(out, out_len, op->res_len, query);

	if (rv != CKR_OK || *query)
		return rv;
	memcpy(out, op->res, op->res_len);
	*out_len = op->res_len;
	return CKR_OK;
}

CK_RV p11_res_offer(struct p11_op *op, uint8_t *res, size_t cap, size_t len,
		    CK_BYTE_PTR out, CK_ULONG_PTR out_len)
{
	/* the tail first: res_len covers what is wiped when freed */
	p11_wipe(res + len, cap - len);
	if (*out_len >= len) {
		memcpy(out, res, len);
		*out_len = len;
		p11_wipe_free(res, len);
		return CKR_OK;
	}
	op->res = res;
	op->res_len = len;
	op->have_res = true;
	*out_len = len;
	return CKR_BUFFER_TOO_SMALL;
}
