// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * ecdsa.c - ECDSA signing with RFC 6979 nonces (hedged with 32 random bytes
 * when the caller supplies an RNG) and verification, over ec_impl.h.
 */
#include "ncr_core.h"
#include "ec.h"
#include "hash/hash.h"
#include "hash/rfc6979.h"

int ncr_ecdsa_sign(u32 curve, const u8 *d, size_t dlen, u32 hash_id, const u8 *digest,
		   size_t digest_len, const struct ncr_env *env, u8 *sig)
{
	const struct ncr_ec_ops *ops = ncr_ec_ops(curve);
	u8 k[NCR_EC_MAX_LEN], extra[32], blind[NCR_HASH_MAX_DIGEST + 1];
	size_t extra_len = 0, i;
	int ret;

	if (!ops || !sig || (!digest && digest_len) || !ncr_hash_info(hash_id))
		return -EINVAL;
	ret = ops->check_priv(d, dlen);
	if (ret)
		return ret;
	memset(extra, 0, sizeof(extra));
	if (env && env->rand) {
		env->rand(env->ctx, extra, sizeof(extra));
		extra_len = sizeof(extra);
	}
	/*
	 * r or s = 0 happens with probability about 2^-256; then (as for a
	 * rejected k) the RFC 6979 stream is simply continued by signing a
	 * digest that differs in one byte of the additional data.
	 */
	for (i = 0; i < 4; i++) {
		ret = ncr_rfc6979_nonce(hash_id, ops->order, ops->len, 8 * (u32)ops->len,
					d, dlen, digest, digest_len, extra, extra_len, k);
		if (ret)
			break;
		/* the blinding factor: SHA-512(k || 1), secret and pseudo-random */
		memcpy(blind, k, ops->len);
		blind[ops->len] = 1;
		ret = ncr_hash(NCR_HASH_SHA512, blind, ops->len + 1, blind);
		if (ret)
			break;
		ret = ops->sign_k(d, dlen, k, blind, digest, digest_len, sig);
		if (ret != -EAGAIN)
			break;
		extra[0] ^= (u8)(i + 1);
		extra_len = sizeof(extra);
	}
	ncr_wipe(k, sizeof(k));
	ncr_wipe(extra, sizeof(extra));
	ncr_wipe(blind, sizeof(blind));
	return ret;
}

int ncr_ecdsa_verify(u32 curve, const u8 *pub, size_t pub_len, const u8 *digest,
		     size_t digest_len, const u8 *sig, size_t sig_len)
{
	const struct ncr_ec_ops *ops = ncr_ec_ops(curve);

	if (!ops || (!digest && digest_len))
		return -EINVAL;
	if (!sig || sig_len != 2 * ops->len)
		return -EBADMSG;
	return ops->verify(pub, pub_len, digest, digest_len, sig);
}
