// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * ec_api.c - the curve-independent entry points of ec.h: curve lookup,
 * point decoding, private-key checks, key generation and ECDH.
 */
#include "ncr_core.h"
#include "ct.h"
#include "ec.h"

const struct ncr_ec_ops *ncr_ec_ops(u32 curve)
{
	switch (curve) {
	case NCR_EC_P256:
		return &ncr_ec_p256_ops;
	case NCR_EC_P384:
		return &ncr_ec_p384_ops;
	}
	return NULL;
}

size_t ncr_ec_field_len(u32 curve)
{
	const struct ncr_ec_ops *ops = ncr_ec_ops(curve);

	return ops ? ops->len : 0;
}

int ncr_ec_point_decode(u32 curve, const u8 *in, size_t len, u8 *out)
{
	const struct ncr_ec_ops *ops = ncr_ec_ops(curve);

	if (!ops || !out)
		return -EINVAL;
	return ops->decode(in, len, out);
}

int ncr_ec_check_private(u32 curve, const u8 *d, size_t dlen)
{
	const struct ncr_ec_ops *ops = ncr_ec_ops(curve);

	if (!ops)
		return -EINVAL;
	return ops->check_priv(d, dlen);
}

int ncr_ec_public_from_private(u32 curve, const u8 *d, size_t dlen, u8 *pub)
{
	const struct ncr_ec_ops *ops = ncr_ec_ops(curve);

	if (!ops || !pub)
		return -EINVAL;
	return ops->pub(d, dlen, pub);
}

int ncr_ec_generate(u32 curve, const struct ncr_env *env, u8 *d, u8 *pub)
{
	const struct ncr_ec_ops *ops = ncr_ec_ops(curve);
	int i, ret;

	if (!ops || !env || !env->rand || !d || !pub)
		return -EINVAL;
	/*
	 * Rejection sampling: L random bytes (the order has exactly 8L bits)
	 * until 1 <= d < n.  Only the number of rejected candidates leaks
	 * (about 2^-32 per try for both curves).
	 */
	for (i = 0; i < 64; i++) {
		env->rand(env->ctx, d, ops->len);
		ret = ops->pub(d, ops->len, pub);
		if (ret != -EINVAL)
			return ret;
	}
	ncr_wipe(d, ops->len);
	return -EIO;
}

int ncr_ecdh(u32 curve, const u8 *d, size_t dlen, const u8 *peer, size_t peer_len,
	     u8 *secret)
{
	const struct ncr_ec_ops *ops = ncr_ec_ops(curve);

	if (!ops || !secret)
		return -EINVAL;
	return ops->ecdh(d, dlen, peer, peer_len, secret);
}
