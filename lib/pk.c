// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pk.c - public-key cryptography: key pairs, key agreement (derive),
 * sessions with public-key parameters, sign and verify, encrypt and
 * decrypt.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <string.h>

#include "libncr.h"
#include "ncr_internal.h"

NCR_EXPORT int ncr_key_generate_pair(int ctx, uint32_t type, uint32_t bits,
				     uint32_t q_bits, const void *params,
				     size_t params_len, uint32_t flags,
				     uint32_t usage, uint32_t public_usage,
				     uint32_t *priv, uint32_t *pub)
{
	struct ncr_key_policy pp = { .flags = flags, .usage = usage };
	struct ncr_key_policy pu = { .usage = public_usage };

	return ncr_key_generate_pair_ex(ctx, type, bits, q_bits, params,
					params_len, &pp, &pu, priv, pub);
}

NCR_EXPORT int ncr_key_generate_pair_ex(int ctx, uint32_t type,
					uint32_t bits, uint32_t q_bits,
					const void *params, size_t params_len,
					const struct ncr_key_policy *priv_pol,
					const struct ncr_key_policy *pub_pol,
					uint32_t *priv, uint32_t *pub)
{
	struct ncr_key_generate_pair g;
	int ret;

	if (params_len && !params)
		return -EINVAL;
	NCR_ARG_INIT(g);
	/* The label is the private key's; the public key has only usage
	 * and algorithms (0 for a NULL policy). */
	ret = NCR_ARG_POLICY(g, priv_pol);
	if (ret)
		return ret;
	if (pub_pol) {
		g.public_usage = pub_pol->usage;
		g.public_algs = pub_pol->algs;
	}
	g.type = type;
	g.bits = bits;
	g.q_bits = q_bits;
	g.params = PTR(params);
	ret = len32(params_len, &g.params_size);
	if (ret)
		return ret;
	ret = ncr_ioctl(ctx, NCRIO_KEY_GENERATE_PAIR, &g);
	if (ret)
		return ret;
	if (priv)
		*priv = g.private_key;
	if (pub)
		*pub = g.public_key;
	return 0;
}

NCR_EXPORT int ncr_key_derive(int ctx, uint32_t alg, uint32_t key,
			      const void *peer, size_t peer_len,
			      uint32_t type, uint32_t flags, uint32_t usage,
			      uint32_t *new_key)
{
	struct ncr_key_policy pol = { .flags = flags, .usage = usage };

	return ncr_key_derive_ex(ctx, alg, key, peer, peer_len, type, &pol,
				 new_key);
}

NCR_EXPORT int ncr_key_derive_ex(int ctx, uint32_t alg, uint32_t key,
				 const void *peer, size_t peer_len,
				 uint32_t type,
				 const struct ncr_key_policy *pol,
				 uint32_t *new_key)
{
	struct ncr_key_derive d;
	int ret;

	if (!peer || !peer_len)
		return -EINVAL;
	NCR_ARG_INIT(d);
	ret = NCR_ARG_POLICY(d, pol);
	if (ret)
		return ret;
	d.algorithm = alg;
	d.key = key;
	d.peer = PTR(peer);
	ret = len32(peer_len, &d.peer_size);
	if (ret)
		return ret;
	d.type = type;
	return ncr_ioctl_handle(ctx, NCRIO_KEY_DERIVE, &d, &d.new_key,
				new_key);
}

/* The version-1 public-key fields shared by SESSION_INIT and ONCE. */
struct pk_fields {
	__u32 hash, mgf1_hash, salt_size, pk_flags;
	__u64 label;
	__u32 label_size;
};

static int pk_fields(const struct ncr_pk_params *p, struct pk_fields *f)
{
	memset(f, 0, sizeof(*f));
	if (!p)
		return 0;
	if (p->label_len && !p->label)
		return -EINVAL;
	f->hash = p->hash;
	f->mgf1_hash = p->mgf1_hash;
	f->salt_size = p->salt_size;
	f->pk_flags = p->flags;
	f->label = PTR(p->label);
	return len32(p->label_len, &f->label_size);
}

NCR_EXPORT int ncr_pk_session_init(int ctx, uint32_t alg, uint32_t op,
				   uint32_t key,
				   const struct ncr_pk_params *p,
				   uint32_t *ses)
{
	struct ncr_session_init s;
	struct pk_fields f;
	int ret;

	ret = pk_fields(p, &f);
	if (ret)
		return ret;
	NCR_ARG_INIT(s);
	s.algorithm = alg;
	s.op = op;
	s.key = key;
	s.hash = f.hash;
	s.mgf1_hash = f.mgf1_hash;
	s.salt_size = f.salt_size;
	s.pk_flags = f.pk_flags;
	s.label = f.label;
	s.label_size = f.label_size;
	return ncr_ioctl_handle(ctx, NCRIO_SESSION_INIT, &s, &s.ses, ses);
}

/* A NCRIO_SESSION_ONCE structure for a public-key operation. */
static int pk_once_prepare(struct ncr_session_once *o, uint32_t alg,
			   uint32_t op, uint32_t key,
			   const struct ncr_pk_params *p, const void *in,
			   size_t in_len)
{
	struct pk_fields f;
	int ret;

	if (in_len && !in)
		return -EINVAL;
	ret = pk_fields(p, &f);
	if (ret)
		return ret;
	ncr_once_prepare(o, alg, op, key, in, in_len);
	o->hash = f.hash;
	o->mgf1_hash = f.mgf1_hash;
	o->salt_size = f.salt_size;
	o->pk_flags = f.pk_flags;
	o->label = f.label;
	o->label_size = f.label_size;
	return 0;
}

NCR_EXPORT int ncr_sign(int ctx, uint32_t alg, uint32_t key,
			const struct ncr_pk_params *p, const void *msg,
			size_t len, void *sig, size_t *sig_len)
{
	struct ncr_session_once o;
	int ret;

	if (!sig_len || (*sig_len && !sig))
		return -EINVAL;
	ret = pk_once_prepare(&o, alg, NCR_OP_SIGN, key, p, msg, len);
	if (ret)
		return ret;
	o.tag = PTR(sig);
	return ncr_ioctl_buf32(ctx, NCRIO_SESSION_ONCE, &o, &o.tag_size,
			       sig_len);
}

NCR_EXPORT int ncr_verify(int ctx, uint32_t alg, uint32_t key,
			  const struct ncr_pk_params *p, const void *msg,
			  size_t len, const void *sig, size_t sig_len)
{
	struct ncr_session_once o;
	int ret;

	/* An empty signature is never valid; no need to ask. */
	if (!sig_len)
		return NCR_VERIFY_FAILED;
	if (!sig)
		return -EINVAL;
	ret = pk_once_prepare(&o, alg, NCR_OP_VERIFY, key, p, msg, len);
	if (ret)
		return ret;
	o.tag = PTR(sig);
	/* Longer than any signature: a failed verification, as the kernel
	 * would say too. */
	if (sig_len > UINT32_MAX)
		return NCR_VERIFY_FAILED;
	o.tag_size = (__u32)sig_len;
	return ncr_ioctl_verify(ctx, NCRIO_SESSION_ONCE, &o, &o.result);
}

static int pk_crypt(int ctx, uint32_t alg, uint32_t op, uint32_t key,
		    const struct ncr_pk_params *p, const void *in,
		    size_t in_len, void *out, size_t *out_len)
{
	struct ncr_session_once o;
	int ret;

	if (!out_len || (*out_len && !out))
		return -EINVAL;
	ret = pk_once_prepare(&o, alg, op, key, p, in, in_len);
	if (ret)
		return ret;
	o.output = PTR(out);
	return ncr_ioctl_buf64(ctx, NCRIO_SESSION_ONCE, &o, &o.output_size,
			       out_len);
}

NCR_EXPORT int ncr_pk_encrypt(int ctx, uint32_t alg, uint32_t key,
			      const struct ncr_pk_params *p, const void *in,
			      size_t in_len, void *out, size_t *out_len)
{
	return pk_crypt(ctx, alg, NCR_OP_ENCRYPT, key, p, in, in_len, out,
			out_len);
}

NCR_EXPORT int ncr_pk_decrypt(int ctx, uint32_t alg, uint32_t key,
			      const struct ncr_pk_params *p, const void *in,
			      size_t in_len, void *out, size_t *out_len)
{
	return pk_crypt(ctx, alg, NCR_OP_DECRYPT, key, p, in, in_len, out,
			out_len);
}

NCR_EXPORT int ncr_key_kdf(int ctx, uint32_t alg, uint32_t key,
			   const struct ncr_kdf_params *p, uint32_t type,
			   size_t length, const struct ncr_key_policy *pol,
			   uint32_t *new_key)
{
	struct ncr_key_kdf d;
	int ret;

	if (!p)
		return -EINVAL;
	NCR_ARG_INIT(d);
	ret = NCR_ARG_POLICY(d, pol);
	if (ret)
		return ret;
	d.algorithm = alg;
	d.key = key;
	d.password = PTR(p->password);
	d.salt = PTR(p->salt);
	d.info = PTR(p->info);
	d.iterations = p->iterations;
	d.type = type;
	ret = len32(p->password_len, &d.password_size) ?:
	      len32(p->salt_len, &d.salt_size) ?:
	      len32(p->info_len, &d.info_size) ?:
	      len32(length, &d.length);
	if (ret)
		return ret;
	return ncr_ioctl_handle(ctx, NCRIO_KEY_KDF, &d, &d.new_key, new_key);
}
