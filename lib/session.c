// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * session.c - multi-part sessions: init, update (data, AAD, key data),
 * final, verify and free.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <string.h>

#include "libncr.h"
#include "ncr_internal.h"

NCR_EXPORT int ncr_session_init(int ctx, uint32_t alg, uint32_t op,
				uint32_t key, const void *iv, size_t iv_len,
				size_t tag_size, uint32_t flags, uint32_t *ses)
{
	struct ncr_session_init s;
	int ret;

	NCR_ARG_INIT(s);
	s.flags = flags;
	s.algorithm = alg;
	s.op = op;
	s.key = key;
	s.iv = PTR(iv);
	ret = len32(iv_len, &s.iv_size);
	if (!ret)
		ret = len32(tag_size, &s.tag_size);
	if (ret)
		return ret;
	return ncr_ioctl_handle(ctx, NCRIO_SESSION_INIT, &s, &s.ses, ses);
}

static void op_prepare(struct ncr_session_op *o, uint32_t ses,
		       const void *in, size_t in_len)
{
	NCR_ARG_INIT(*o);
	o->ses = ses;
	o->input = PTR(in);
	o->input_size = in_len;
}

NCR_EXPORT int ncr_session_update(int ctx, uint32_t ses, const void *in,
				  size_t in_len, void *out, size_t *out_len)
{
	struct ncr_session_op o;

	op_prepare(&o, ses, in, in_len);
	if (out_len)
		o.output = PTR(out);
	return ncr_ioctl_buf64(ctx, NCRIO_SESSION_UPDATE, &o, &o.output_size,
			       out_len);
}

NCR_EXPORT int ncr_session_aad(int ctx, uint32_t ses, const void *aad,
			       size_t len)
{
	struct ncr_session_op o;

	op_prepare(&o, ses, aad, len);
	o.flags = NCR_OP_FLAG_AAD;
	return ncr_ioctl(ctx, NCRIO_SESSION_UPDATE, &o);
}

NCR_EXPORT int ncr_session_update_key(int ctx, uint32_t ses, uint32_t key)
{
	struct ncr_session_op o;

	op_prepare(&o, ses, NULL, 0);
	o.flags = NCR_OP_FLAG_KEY_DATA;
	o.input_key = key;
	return ncr_ioctl(ctx, NCRIO_SESSION_UPDATE, &o);
}

NCR_EXPORT int ncr_session_final(int ctx, uint32_t ses, const void *in,
				 size_t in_len, void *out, size_t *out_len,
				 void *tag, size_t *tag_len)
{
	struct ncr_session_op o;
	int ret;

	op_prepare(&o, ses, in, in_len);
	if (out_len) {
		o.output = PTR(out);
		o.output_size = *out_len;
	}
	if (tag_len) {
		o.tag = PTR(tag);
		o.tag_size = cap32(*tag_len);
	}
	ret = ncr_ioctl(ctx, NCRIO_SESSION_FINAL, &o);
	if (ret == 0 || ret == -ERANGE) {
		if (out_len)
			*out_len = (size_t)o.output_size;
		if (tag_len)
			*tag_len = o.tag_size;
	}
	return ret;
}

NCR_EXPORT int ncr_session_verify(int ctx, uint32_t ses, const void *in,
				  size_t in_len, const void *tag,
				  size_t tag_len)
{
	struct ncr_session_op o;
	int ret;

	op_prepare(&o, ses, in, in_len);
	o.tag = PTR(tag);
	/* An absurd length cannot match; let the kernel say so. */
	o.tag_size = cap32(tag_len);
	ret = ncr_ioctl_verify(ctx, NCRIO_SESSION_FINAL, &o, &o.result);
	/* An empty expected value never verifies, whatever the kernel did
	 * (the session is freed by the call above either way). */
	if (ret == NCR_VERIFY_OK && tag_len == 0)
		return NCR_VERIFY_FAILED;
	return ret;
}

NCR_EXPORT int ncr_session_free(int ctx, uint32_t ses)
{
	struct ncr_session_free f = { .size = sizeof(f), .ses = ses };

	return ncr_ioctl(ctx, NCRIO_SESSION_FREE, &f);
}
