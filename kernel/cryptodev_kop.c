// SPDX-License-Identifier: GPL-2.0
/*
 * cryptodev_kop.c - CIOCKEY: the BSD big-number operations on the portable
 * core (core/bn/bn_be.c, core/dlog/): modular exponentiation, its CRT form,
 * DSA signature and verification, DH.  Operands come and go as
 * little-endian byte strings of crp_nbits bits (the BSD convention), at
 * most CRK_MAX_BITS each; the core works on big-endian ones, so each is
 * reversed on the way.  Secret operands (exponents, x, p and q of the CRT)
 * are handled in constant time by the core; only their lengths show.
 * Nothing is kept: every buffer is charged to the caller's uid for the
 * length of the call and wiped when freed.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "cryptodev-int.h"
#include "bn/bn_be.h"
#include "dlog/dsa.h"
#include "hash/hash.h"

/* inputs, outputs of each crk_op */
static const u8 ncr_kop_params[CRK_ALGORITHM_ALL][2] = {
	[CRK_MOD_EXP] = { 3, 1 },
	[CRK_MOD_EXP_CRT] = { 6, 1 },
	[CRK_DSA_SIGN] = { 5, 2 },
	[CRK_DSA_VERIFY] = { 7, 0 },
	[CRK_DH_COMPUTE_KEY] = { 3, 1 },
};

struct ncr_kop {
	struct ncr_ns *ns;
	const struct crypt_kop *kop;
	u8 *in[CRK_MAXPARAM];		/* big-endian copies */
	size_t len[CRK_MAXPARAM];
	void *scratch;
	size_t scratch_len;
};

/* Input i as big-endian bytes (bits above crp_nbits cleared). */
static int ncr_kop_read(struct ncr_kop *k, int i)
{
	const struct crparam *p = &k->kop->crk_param[i];
	size_t n = DIV_ROUND_UP(p->crp_nbits, 8);
	u8 *b;

	if (p->crp_nbits > CRK_MAX_BITS)
		return -EINVAL;
	b = ncr_user_kzalloc(k->ns->user, n ?: 1);
	if (IS_ERR(b))
		return PTR_ERR(b);
	k->in[i] = b;
	k->len[i] = n;
	if (copy_from_user(b, p->crp_p, n))
		return -EFAULT;
	for (size_t j = 0; j < n / 2; j++)
		swap(b[j], b[n - 1 - j]);
	if (p->crp_nbits % 8)
		b[0] &= (1u << (p->crp_nbits % 8)) - 1;
	return 0;
}

/*
 * Output i: the big-endian be[0..len) as little-endian bytes filling the
 * caller's crp_nbits (zero-padded).  A buffer shorter than len is enough
 * when the bytes it lacks are zero (a result below the modulus in
 * buffers sized to the modulus); else -ENOSPC.
 */
static int ncr_kop_write(struct ncr_kop *k, int i, const u8 *be, size_t len)
{
	const struct crparam *p = &k->kop->crk_param[i];
	size_t cap = DIV_ROUND_UP(p->crp_nbits, 8), j;
	u8 *out, excess = 0;
	int err = 0;

	if (p->crp_nbits > 2 * CRK_MAX_BITS)
		return -EINVAL;
	for (j = 0; cap < len && j < len - cap; j++)
		excess |= be[j];
	if (excess)
		return -ENOSPC;
	out = ncr_user_kzalloc(k->ns->user, cap ?: 1);
	if (IS_ERR(out))
		return PTR_ERR(out);
	for (j = 0; j < cap && j < len; j++)
		out[j] = be[len - 1 - j];
	if (copy_to_user(p->crp_p, out, cap))
		err = -EFAULT;
	ncr_user_kvfree(k->ns->user, out, cap ?: 1);
	return err;
}

static int ncr_kop_scratch(struct ncr_kop *k, size_t len)
{
	k->scratch = ncr_user_kvzalloc(k->ns->user, len);
	if (IS_ERR(k->scratch)) {
		int err = PTR_ERR(k->scratch);

		k->scratch = NULL;
		return err;
	}
	k->scratch_len = len;
	return 0;
}

/* MOD_EXP: base, exponent, modulus; DH: x, y, p (y^x mod p). */
static int ncr_kop_exp(struct ncr_kop *k, int a, int e, int m)
{
	size_t ml = k->len[m];
	u8 *r;
	int err;

	if (!ml)
		return -EINVAL;
	err = ncr_kop_scratch(k, ncr_bn_be_scratch(ml, k->len[a], k->len[e]) +
			      ml);
	if (err)
		return err;
	r = (u8 *)k->scratch + k->scratch_len - ml;
	err = ncr_bn_be_mod_exp(r, k->in[a], k->len[a], k->in[e], k->len[e],
				k->in[m], ml, &ncr_kenv, k->scratch);
	return err ?: ncr_kop_write(k, 3, r, ml);
}

/* MOD_EXP_CRT: p, q, input, dp, dq, qinv (OpenSSL's engine's order). */
static int ncr_kop_crt(struct ncr_kop *k)
{
	size_t pl = k->len[0], ql = k->len[1];
	size_t el = max(k->len[3], k->len[4]);
	u8 *r;
	int err;

	if (!pl || !ql)
		return -EINVAL;
	err = ncr_kop_scratch(k, ncr_bn_be_crt_scratch(pl, ql, k->len[2], el,
						       k->len[5]) + pl + ql);
	if (err)
		return err;
	r = (u8 *)k->scratch + k->scratch_len - pl - ql;
	err = ncr_bn_be_mod_exp_crt(r, k->in[2], k->len[2], k->in[0], pl,
				    k->in[1], ql, k->in[3], k->len[3],
				    k->in[4], k->len[4], k->in[5], k->len[5],
				    &ncr_kenv, k->scratch);
	return err ?: ncr_kop_write(k, 6, r, pl + ql);
}

/* digest, p, q, g, then x (sign) or y, r, s (verify) */
static int ncr_kop_dsa(struct ncr_kop *k, bool sign, u32 *status)
{
	struct ncr_dl_parts dl = {
		.p = { k->in[1], k->len[1] }, .q = { k->in[2], k->len[2] },
		.g = { k->in[3], k->len[3] },
	};
	const u8 *qs;
	size_t ql, sl;
	u32 pbits = ncr_dl_bits(k->in[1], k->len[1], &qs, &sl);
	u8 *sig;
	int err;

	ncr_dl_bits(k->in[2], k->len[2], &qs, &ql);
	if (pbits > NCR_DL_MAX_PBITS || !ql)
		return -EINVAL;
	err = ncr_kop_scratch(k, ncr_dl_scratch_size(pbits) + 2 * ql);
	if (err)
		return err;
	sig = (u8 *)k->scratch + k->scratch_len - 2 * ql;
	err = ncr_dsa_check_params(&dl, 0, &ncr_kenv, k->scratch);
	if (err)
		return err;
	if (sign) {
		dl.x = (struct ncr_bytes){ k->in[4], k->len[4] };
		/* RFC 6979 nonces (hedged) with SHA-256: any hash serves */
		err = ncr_dsa_sign(&dl, NCR_HASH_SHA256, k->in[0], k->len[0],
				   &ncr_kenv, sig, k->scratch);
		return err ?: ncr_kop_write(k, 5, sig, ql) ?:
			      ncr_kop_write(k, 6, sig + ql, ql);
	}
	dl.y = (struct ncr_bytes){ k->in[4], k->len[4] };
	/* r and s, each as q's length: a longer one cannot be valid */
	for (int i = 0; i < 2; i++) {
		const u8 *v;
		size_t vl;

		ncr_dl_bits(k->in[5 + i], k->len[5 + i], &v, &vl);
		if (vl > ql) {
			*status = 0;
			return 0;
		}
		memset(sig + i * ql, 0, ql - vl);
		memcpy(sig + i * ql + ql - vl, v, vl);
	}
	err = ncr_dsa_verify(&dl, k->in[0], k->len[0], sig, 2 * ql,
			     k->scratch);
	if (err == -EBADMSG) {
		*status = 0;
		return 0;
	}
	if (!err)
		*status = 1;
	return err;
}

long ncr_bsd_kop(struct ncr_ns *ns, struct crypt_kop *kop)
{
	struct ncr_kop k = { .ns = ns, .kop = kop };
	u32 status = 0;
	int i, n, err;

	if (kop->crk_op >= CRK_ALGORITHM_ALL ||
	    kop->crk_iparams != ncr_kop_params[kop->crk_op][0] ||
	    kop->crk_oparams != ncr_kop_params[kop->crk_op][1])
		return -EINVAL;
	n = kop->crk_iparams;
	for (i = 0, err = 0; i < n && !err; i++)
		err = ncr_kop_read(&k, i);
	if (err)
		goto out;
	switch (kop->crk_op) {
	case CRK_MOD_EXP:
		err = ncr_kop_exp(&k, 0, 1, 2);
		break;
	case CRK_DH_COMPUTE_KEY:
		err = ncr_kop_exp(&k, 1, 0, 2);
		break;
	case CRK_MOD_EXP_CRT:
		err = ncr_kop_crt(&k);
		break;
	default:
		err = ncr_kop_dsa(&k, kop->crk_op == CRK_DSA_SIGN, &status);
		break;
	}
	if (!err)
		kop->crk_status = status;
out:
	for (i = 0; i < n; i++)
		if (k.in[i])
			ncr_user_kvfree(ns->user, k.in[i], k.len[i] ?: 1);
	if (k.scratch)
		ncr_user_kvfree(ns->user, k.scratch, k.scratch_len);
	return err;
}
