// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libncr.c - the C library on top of the /dev/crypto (ncr) ioctls.
 *
 * Every function is a thin, stateless wrapper: it fills the argument
 * structure of one ioctl (size = sizeof, pointers as (__u64)(uintptr_t)),
 * issues it and maps the result to 0 / -errno.  The only logic of its own
 * is PKCS#7 padding for the CBC helpers, kept in ncr_pad.c so that it can
 * be unit-tested without the device.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "libncr.h"
#include "ncr_internal.h"

#define PTR(p) ((__u64)(uintptr_t)(p))

static int ncr_ioctl(int ctx, unsigned long req, void *arg)
{
	if (ioctl(ctx, req, arg) < 0)
		return -errno;
	return 0;
}

/* Input lengths that do not fit the ABI's __u32 fields are refused. */
static int len32(size_t len, __u32 *out)
{
	if (len > UINT32_MAX)
		return -EINVAL;
	*out = (__u32)len;
	return 0;
}

/* Buffer capacities are clamped: a bigger buffer is never wrong. */
static __u32 cap32(size_t len)
{
	return len > UINT32_MAX ? UINT32_MAX : (__u32)len;
}

/* ------------------------------------------------------------------ */
/* context                                                            */

NCR_EXPORT int ncr_open_device(const char *path)
{
	int fd;

	if (!path || !*path)
		path = "/dev/crypto";
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;

		/* No node, or a node without a driver behind it. */
		if (e == ENOENT || e == ENXIO)
			e = ENODEV;
		return -e;
	}
	return fd;
}

NCR_EXPORT int ncr_open(void)
{
	/* secure_getenv: a set-uid caller must not be redirected. */
	return ncr_open_device(secure_getenv("NCR_DEVICE"));
}

NCR_EXPORT void ncr_close(int ctx)
{
	if (ctx >= 0)
		close(ctx);
}

NCR_EXPORT const char *ncr_strerror(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case 0:
		return "success";
	case EPERM:
		return "operation not permitted by the key's flags or usage "
		       "(or missing CAP_SYS_ADMIN)";
	case ENOKEY:
		return "no storage master key is set";
	case EBADMSG:
		return "authentication failed: data, tag, blob or wrapped key "
		       "is corrupt, or made under another key";
	case EPROTONOSUPPORT:
		return "key blob of an unknown format version";
	case EDQUOT:
		return "ncr limit reached: too many keys or sessions, or too "
		       "much data buffered in sessions";
	case ENOENT:
		return "no such key or session handle";
	case EOPNOTSUPP:
		return "algorithm not implemented by this kernel (or no "
		       "hardware driver for it)";
	case ERANGE:
		return "output buffer too small";
	case EEXIST:
		return "master key already set";
	case ENODEV:
		return "/dev/crypto not present: is the ncr module loaded?";
	case EINVAL:
		return "invalid argument: unknown algorithm, operation or flag, "
		       "or a key, IV, tag or data length the algorithm does "
		       "not accept";
	case E2BIG:
		return "argument structure not understood by this kernel "
		       "(library newer than the ncr module?)";
	case EFAULT:
		return "bad buffer address";
	case ENOTTY:
		return "not an ncr device, or a request this kernel does not "
		       "know";
	case ENOMEM:
		return "the kernel is out of memory";
	case EINTR:
		return "interrupted by a signal";
	case EIO:
		return "the session failed part-way through its data (a fault "
		       "or signal); it can only be finished or freed";
	case EPROTO:
		return "unexpected answer from the kernel (libncr and the ncr "
		       "module out of step?)";
	case EACCES:
		return "permission denied opening the ncr device";
	case EBADF:
		return "not an open ncr context";
	default:
		return strerror(err);
	}
}

/* ------------------------------------------------------------------ */
/* names and static properties                                        */

struct alg_entry {
	const char *name;
	struct ncr_alg_props p;
};

/* alg, key_type, block, iv, tag, aead, cipher, digest, mac */
#define CIPHER(n, a, kt, bs, iv) { n, { a, kt, bs, iv, 0, 0, 1, 0, 0 } }
#define AEAD(n, a, kt, iv) { n, { a, kt, 1, iv, 16, 1, 1, 0, 0 } }
#define DIGEST(n, a, bs, t) { n, { a, 0, bs, 0, t, 0, 0, 1, 0 } }
#define MAC(n, a, kt, bs, t) { n, { a, kt, bs, 0, t, 0, 0, 0, 1 } }
#define PK(n, a, kt) { n, { a, kt, 0, 0, 0, 0, 0, 0, 0 } }

/*
 * block_size follows the kernel crypto API's notion: the unit the mode
 * must be fed in multiples of when finishing (1 for stream ciphers, CTR
 * and AEADs, which take any length), and the hash's internal block for
 * digests and MACs.
 */
static const struct alg_entry alg_table[] = {
	CIPHER("aes-ecb", NCR_ALG_AES_ECB, NCR_KEY_TYPE_AES, 16, 0),
	CIPHER("aes-cbc", NCR_ALG_AES_CBC, NCR_KEY_TYPE_AES, 16, 16),
	CIPHER("aes-ctr", NCR_ALG_AES_CTR, NCR_KEY_TYPE_AES, 1, 16),
	CIPHER("aes-xts", NCR_ALG_AES_XTS, NCR_KEY_TYPE_AES, 16, 16),
	CIPHER("des3-cbc", NCR_ALG_DES3_CBC, NCR_KEY_TYPE_DES3, 8, 8),
	CIPHER("chacha20", NCR_ALG_CHACHA20, NCR_KEY_TYPE_CHACHA20, 1, 16),
	AEAD("aes-gcm", NCR_ALG_AES_GCM, NCR_KEY_TYPE_AES, 12),
	AEAD("aes-ccm", NCR_ALG_AES_CCM, NCR_KEY_TYPE_AES, 13),
	AEAD("chacha20-poly1305", NCR_ALG_CHACHA20_POLY1305,
	     NCR_KEY_TYPE_CHACHA20, 12),
	DIGEST("md5", NCR_ALG_MD5, 64, 16),
	DIGEST("sha1", NCR_ALG_SHA1, 64, 20),
	DIGEST("sha224", NCR_ALG_SHA224, 64, 28),
	DIGEST("sha256", NCR_ALG_SHA256, 64, 32),
	DIGEST("sha384", NCR_ALG_SHA384, 128, 48),
	DIGEST("sha512", NCR_ALG_SHA512, 128, 64),
	DIGEST("sha3-256", NCR_ALG_SHA3_256, 136, 32),
	DIGEST("sha3-512", NCR_ALG_SHA3_512, 72, 64),
	MAC("hmac-sha1", NCR_ALG_HMAC_SHA1, NCR_KEY_TYPE_HMAC, 64, 20),
	MAC("hmac-sha224", NCR_ALG_HMAC_SHA224, NCR_KEY_TYPE_HMAC, 64, 28),
	MAC("hmac-sha256", NCR_ALG_HMAC_SHA256, NCR_KEY_TYPE_HMAC, 64, 32),
	MAC("hmac-sha384", NCR_ALG_HMAC_SHA384, NCR_KEY_TYPE_HMAC, 128, 48),
	MAC("hmac-sha512", NCR_ALG_HMAC_SHA512, NCR_KEY_TYPE_HMAC, 128, 64),
	MAC("hmac-sha3-256", NCR_ALG_HMAC_SHA3_256, NCR_KEY_TYPE_HMAC,
	    136, 32),
	MAC("hmac-sha3-512", NCR_ALG_HMAC_SHA3_512, NCR_KEY_TYPE_HMAC,
	    72, 64),
	MAC("cmac-aes", NCR_ALG_CMAC_AES, NCR_KEY_TYPE_AES, 16, 16),
	/* public key: only the key type is static (sizes depend on the
	 * key); none of the is_* kinds is set */
	PK("rsa-pkcs1", NCR_ALG_RSA_PKCS1, NCR_KEY_TYPE_RSA),
	PK("rsa-pss", NCR_ALG_RSA_PSS, NCR_KEY_TYPE_RSA),
	PK("rsa-oaep", NCR_ALG_RSA_OAEP, NCR_KEY_TYPE_RSA),
	PK("dsa", NCR_ALG_DSA, NCR_KEY_TYPE_DSA),
	PK("ecdsa", NCR_ALG_ECDSA, NCR_KEY_TYPE_EC),
	PK("ed25519", NCR_ALG_ED25519, NCR_KEY_TYPE_ED25519),
	PK("ecdh", NCR_ALG_ECDH, NCR_KEY_TYPE_EC),
	PK("x25519", NCR_ALG_X25519, NCR_KEY_TYPE_X25519),
	PK("dh", NCR_ALG_DH, NCR_KEY_TYPE_DH),
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const struct alg_entry *alg_lookup(uint32_t alg)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(alg_table); i++)
		if (alg_table[i].p.alg == alg)
			return &alg_table[i];
	return NULL;
}

NCR_EXPORT int ncr_alg_from_name(const char *name)
{
	size_t i;

	if (!name)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(alg_table); i++)
		if (!strcasecmp(alg_table[i].name, name))
			return (int)alg_table[i].p.alg;
	return -EINVAL;
}

NCR_EXPORT const char *ncr_alg_name(uint32_t alg)
{
	const struct alg_entry *e = alg_lookup(alg);

	return e ? e->name : NULL;
}

static const char *const key_type_names[] = {
	[NCR_KEY_TYPE_AES] = "aes",
	[NCR_KEY_TYPE_DES3] = "des3",
	[NCR_KEY_TYPE_CHACHA20] = "chacha20",
	[NCR_KEY_TYPE_HMAC] = "hmac",
	[NCR_KEY_TYPE_RSA] = "rsa",
	[NCR_KEY_TYPE_DSA] = "dsa",
	[NCR_KEY_TYPE_DH] = "dh",
	[NCR_KEY_TYPE_EC] = "ec",
	[NCR_KEY_TYPE_X25519] = "x25519",
	[NCR_KEY_TYPE_ED25519] = "ed25519",
};

NCR_EXPORT int ncr_key_type_from_name(const char *name)
{
	size_t i;

	if (!name)
		return -EINVAL;
	for (i = 1; i < ARRAY_SIZE(key_type_names); i++)
		if (key_type_names[i] && !strcasecmp(key_type_names[i], name))
			return (int)i;
	return -EINVAL;
}

NCR_EXPORT const char *ncr_key_type_name(uint32_t type)
{
	if (type == 0 || type >= ARRAY_SIZE(key_type_names))
		return NULL;
	return key_type_names[type];
}

NCR_EXPORT int ncr_alg_props(uint32_t alg, struct ncr_alg_props *p)
{
	const struct alg_entry *e = alg_lookup(alg);

	if (!e)
		return -EINVAL;
	if (p)
		*p = e->p;
	return 0;
}

/* ------------------------------------------------------------------ */
/* module information                                                 */

NCR_EXPORT int ncr_get_info(int ctx, struct ncr_info *info,
			    struct ncr_alg_info *algs, uint32_t *count)
{
	struct ncr_info in;
	int ret;

	memset(&in, 0, sizeof(in));
	in.size = sizeof(in);
	in.alg_info_size = sizeof(struct ncr_alg_info);
	if (algs) {
		if (!count)
			return -EINVAL;
		in.algs = PTR(algs);
		in.alg_count = *count;
	}
	ret = ncr_ioctl(ctx, NCRIO_INFO, &in);
	if (ret)
		return ret;
	if (count)
		*count = in.alg_count;
	if (info)
		*info = in;
	return 0;
}

/* ------------------------------------------------------------------ */
/* keys                                                               */

NCR_EXPORT int ncr_key_generate(int ctx, uint32_t type, uint32_t bits,
				uint32_t flags, uint32_t usage, uint32_t *key)
{
	struct ncr_key_generate g;
	int ret;

	memset(&g, 0, sizeof(g));
	g.size = sizeof(g);
	g.flags = flags;
	g.usage = usage;
	g.type = type;
	g.bits = bits;
	ret = ncr_ioctl(ctx, NCRIO_KEY_GENERATE, &g);
	if (ret)
		return ret;
	if (key)
		*key = g.key;
	return 0;
}

/* The secret-key forms: raw bytes, format 0. */
NCR_EXPORT int ncr_key_import(int ctx, uint32_t type, const void *data,
			      size_t len, const void *label,
			      size_t label_len, uint32_t flags,
			      uint32_t usage, uint32_t *key)
{
	return ncr_key_import_fmt(ctx, type, NCR_KEY_FORMAT_DEFAULT, 0, data,
				  len, label, label_len, flags, usage, key);
}

/* A NULL policy asks for nothing: the kernel then refuses (usage 0). */
static const struct ncr_key_policy no_policy;

static int policy_label(const struct ncr_key_policy *pol, __u64 *label,
			__u32 *label_size)
{
	if (pol->label_len > NCR_KEY_LABEL_MAX ||
	    (pol->label_len && !pol->label))
		return -EINVAL;
	*label = PTR(pol->label);
	*label_size = (__u32)pol->label_len;
	return 0;
}

NCR_EXPORT int ncr_key_generate_ex(int ctx, uint32_t type, uint32_t bits,
				   const struct ncr_key_policy *pol,
				   uint32_t *key)
{
	struct ncr_key_generate g;
	int ret;

	pol = pol ?: &no_policy;
	memset(&g, 0, sizeof(g));
	g.size = sizeof(g);
	g.flags = pol->flags;
	g.usage = pol->usage;
	g.algs = pol->algs;
	g.type = type;
	g.bits = bits;
	ret = policy_label(pol, &g.label, &g.label_size);
	if (ret)
		return ret;
	ret = ncr_ioctl(ctx, NCRIO_KEY_GENERATE, &g);
	if (ret)
		return ret;
	if (key)
		*key = g.key;
	return 0;
}

NCR_EXPORT int ncr_key_import_ex(int ctx, uint32_t type, uint32_t format,
				 uint32_t bits, const void *data, size_t len,
				 const struct ncr_key_policy *pol,
				 uint32_t *key)
{
	struct ncr_key_import k;
	int ret;

	pol = pol ?: &no_policy;
	memset(&k, 0, sizeof(k));
	k.size = sizeof(k);
	k.flags = pol->flags;
	k.usage = pol->usage;
	k.algs = pol->algs;
	k.type = type;
	k.format = format;
	k.bits = bits;
	k.data = PTR(data);
	ret = len32(len, &k.data_size);
	if (ret)
		return ret;
	ret = policy_label(pol, &k.label, &k.label_size);
	if (ret)
		return ret;
	ret = ncr_ioctl(ctx, NCRIO_KEY_IMPORT, &k);
	if (ret)
		return ret;
	if (key)
		*key = k.key;
	return 0;
}

NCR_EXPORT int ncr_key_restrict(int ctx, uint32_t key, uint32_t clear_flags,
				uint32_t clear_usage, uint64_t clear_algs)
{
	struct ncr_key_restrict r;

	memset(&r, 0, sizeof(r));
	r.size = sizeof(r);
	r.key = key;
	r.clear_flags = clear_flags;
	r.clear_usage = clear_usage;
	r.clear_algs = clear_algs;
	return ncr_ioctl(ctx, NCRIO_KEY_RESTRICT, &r);
}

NCR_EXPORT int ncr_key_trust(int ctx, uint32_t key)
{
	struct ncr_key_trust t;

	memset(&t, 0, sizeof(t));
	t.size = sizeof(t);
	t.key = key;
	return ncr_ioctl(ctx, NCRIO_KEY_TRUST, &t);
}

NCR_EXPORT int ncr_key_export(int ctx, uint32_t key, void *buf, size_t *len)
{
	return ncr_key_export_fmt(ctx, key, NCR_KEY_FORMAT_DEFAULT, buf, len);
}

NCR_EXPORT int ncr_key_get_info(int ctx, uint32_t key,
				struct ncr_key_info *info)
{
	if (!info)
		return -EINVAL;
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	info->key = key;
	return ncr_ioctl(ctx, NCRIO_KEY_GET_INFO, info);
}

NCR_EXPORT int ncr_key_deinit(int ctx, uint32_t key)
{
	struct ncr_key_deinit d = { .size = sizeof(d), .key = key };

	return ncr_ioctl(ctx, NCRIO_KEY_DEINIT, &d);
}

/* ------------------------------------------------------------------ */
/* master key and storage blobs                                       */

NCR_EXPORT int ncr_master_key_set(int ctx, const void *key, size_t len)
{
	struct ncr_master_key m;
	int ret;

	memset(&m, 0, sizeof(m));
	m.size = sizeof(m);
	m.key = PTR(key);
	ret = len32(len, &m.key_size);
	if (ret)
		return ret;
	return ncr_ioctl(ctx, NCRIO_MASTER_KEY_SET, &m);
}

NCR_EXPORT int ncr_key_storage_wrap(int ctx, uint32_t key, void *blob,
				    size_t *len)
{
	struct ncr_key_storage s;
	int ret;

	if (!len)
		return -EINVAL;
	memset(&s, 0, sizeof(s));
	s.size = sizeof(s);
	s.key = key;
	s.blob = PTR(blob);
	s.blob_size = cap32(*len);
	ret = ncr_ioctl(ctx, NCRIO_KEY_STORAGE_WRAP, &s);
	if (ret == 0 || ret == -ERANGE)
		*len = s.blob_size;
	return ret;
}

NCR_EXPORT int ncr_key_storage_unwrap(int ctx, const void *blob, size_t len,
				      uint32_t *key)
{
	struct ncr_key_storage s;
	int ret;

	memset(&s, 0, sizeof(s));
	s.size = sizeof(s);
	s.blob = PTR(blob);
	ret = len32(len, &s.blob_size);
	if (ret)
		return ret;
	ret = ncr_ioctl(ctx, NCRIO_KEY_STORAGE_UNWRAP, &s);
	if (ret)
		return ret;
	if (key)
		*key = s.key;
	return 0;
}

/* ------------------------------------------------------------------ */
/* key wrapping                                                       */

NCR_EXPORT int ncr_key_wrap(int ctx, uint32_t alg, uint32_t wrapping_key,
			    uint32_t key, void *out, size_t *len)
{
	struct ncr_key_wrap w;
	int ret;

	if (!len)
		return -EINVAL;
	memset(&w, 0, sizeof(w));
	w.size = sizeof(w);
	w.algorithm = alg;
	w.wrapping_key = wrapping_key;
	w.key = key;
	w.data = PTR(out);
	w.data_size = cap32(*len);
	ret = ncr_ioctl(ctx, NCRIO_KEY_WRAP, &w);
	if (ret == 0 || ret == -ERANGE)
		*len = w.data_size;
	return ret;
}

NCR_EXPORT int ncr_key_unwrap_ex(int ctx, uint32_t alg,
				 uint32_t wrapping_key, const void *in,
				 size_t len, uint32_t type,
				 const struct ncr_key_policy *pol,
				 uint32_t *key)
{
	struct ncr_key_wrap w;
	int ret;

	pol = pol ?: &no_policy;
	memset(&w, 0, sizeof(w));
	w.size = sizeof(w);
	w.flags = pol->flags;
	w.algorithm = alg;
	w.wrapping_key = wrapping_key;
	w.type = type;
	w.usage = pol->usage;
	w.algs = pol->algs;
	w.data = PTR(in);
	ret = len32(len, &w.data_size);
	if (ret)
		return ret;
	ret = policy_label(pol, &w.label, &w.label_size);
	if (ret)
		return ret;
	ret = ncr_ioctl(ctx, NCRIO_KEY_UNWRAP, &w);
	if (ret)
		return ret;
	if (key)
		*key = w.key;
	return 0;
}

NCR_EXPORT int ncr_key_unwrap(int ctx, uint32_t alg, uint32_t wrapping_key,
			      const void *in, size_t len, uint32_t type,
			      uint32_t flags, uint32_t usage,
			      const void *label, size_t label_len,
			      uint32_t *key)
{
	struct ncr_key_policy pol = {
		.flags = flags, .usage = usage,
		.label = label, .label_len = label_len,
	};

	return ncr_key_unwrap_ex(ctx, alg, wrapping_key, in, len, type, &pol,
				 key);
}

/* ------------------------------------------------------------------ */
/* sessions                                                           */

NCR_EXPORT int ncr_session_init(int ctx, uint32_t alg, uint32_t op,
				uint32_t key, const void *iv, size_t iv_len,
				size_t tag_size, uint32_t flags, uint32_t *ses)
{
	struct ncr_session_init s;
	int ret;

	memset(&s, 0, sizeof(s));
	s.size = sizeof(s);
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
	ret = ncr_ioctl(ctx, NCRIO_SESSION_INIT, &s);
	if (ret)
		return ret;
	if (ses)
		*ses = s.ses;
	return 0;
}

static void op_prepare(struct ncr_session_op *o, uint32_t ses,
		       const void *in, size_t in_len)
{
	memset(o, 0, sizeof(*o));
	o->size = sizeof(*o);
	o->ses = ses;
	o->input = PTR(in);
	o->input_size = in_len;
}

NCR_EXPORT int ncr_session_update(int ctx, uint32_t ses, const void *in,
				  size_t in_len, void *out, size_t *out_len)
{
	struct ncr_session_op o;
	int ret;

	op_prepare(&o, ses, in, in_len);
	if (out_len) {
		o.output = PTR(out);
		o.output_size = *out_len;
	}
	ret = ncr_ioctl(ctx, NCRIO_SESSION_UPDATE, &o);
	if (out_len && (ret == 0 || ret == -ERANGE))
		*out_len = (size_t)o.output_size;
	return ret;
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
	ret = ncr_ioctl(ctx, NCRIO_SESSION_FINAL, &o);
	if (ret)
		return ret;
	/* An empty expected value never verifies, whatever the kernel did
	 * (the session is freed by the call above either way). */
	if (tag_len == 0)
		return NCR_VERIFY_FAILED;
	return o.result == NCR_VERIFY_OK ? NCR_VERIFY_OK : NCR_VERIFY_FAILED;
}

NCR_EXPORT int ncr_session_free(int ctx, uint32_t ses)
{
	struct ncr_session_free f = { .size = sizeof(f), .ses = ses };

	return ncr_ioctl(ctx, NCRIO_SESSION_FREE, &f);
}

/* ------------------------------------------------------------------ */
/* one-shot helpers                                                   */

static void once_prepare(struct ncr_session_once *o, uint32_t alg,
			 uint32_t op, uint32_t key, const void *in,
			 size_t in_len)
{
	memset(o, 0, sizeof(*o));
	o->size = sizeof(*o);
	o->algorithm = alg;
	o->op = op;
	o->key = key;
	o->input = PTR(in);
	o->input_size = in_len;
}

NCR_EXPORT int ncr_cipher(int ctx, uint32_t alg, uint32_t op, uint32_t key,
			  const void *iv, size_t iv_len, const void *in,
			  size_t in_len, void *out, size_t *out_len)
{
	struct ncr_session_once o;
	int ret;

	if (!out_len)
		return -EINVAL;
	once_prepare(&o, alg, op, key, in, in_len);
	o.iv = PTR(iv);
	ret = len32(iv_len, &o.iv_size);
	if (ret)
		return ret;
	o.output = PTR(out);
	o.output_size = *out_len;
	ret = ncr_ioctl(ctx, NCRIO_SESSION_ONCE, &o);
	if (ret == 0 || ret == -ERANGE)
		*out_len = (size_t)o.output_size;
	return ret;
}

/* Block size of a CBC algorithm the padding helpers accept, or 0. */
static size_t cbc_block(uint32_t alg)
{
	if (alg == NCR_ALG_AES_CBC)
		return 16;
	if (alg == NCR_ALG_DES3_CBC)
		return 8;
	return 0;
}

NCR_EXPORT int ncr_cbc_pad_encrypt(int ctx, uint32_t alg, uint32_t key,
				   const void *iv, const void *in,
				   size_t in_len, void *out, size_t *out_len)
{
	size_t bs = cbc_block(alg), need, pad;
	size_t done;
	int ret;

	if (!bs || !out_len || (in_len && !in) || !out)
		return -EINVAL;
	if (in_len > SIZE_MAX - bs)
		return -EINVAL;
	pad = bs - in_len % bs;
	need = in_len + pad;
	if (*out_len < need) {
		*out_len = need;
		return -ERANGE;
	}
	/* Lay the padded plaintext out in the output buffer and encrypt it
	 * in place: no allocation, one system call. */
	if (in_len && out != in)
		memmove(out, in, in_len);
	memset((uint8_t *)out + in_len, (int)pad, pad);
	done = need;
	ret = ncr_cipher(ctx, alg, NCR_OP_ENCRYPT, key, iv, bs, out, need,
			 out, &done);
	if (ret == 0 && done != need)
		ret = -EPROTO;
	if (ret) {
		/* Do not leave plaintext where ciphertext was expected. */
		explicit_bzero(out, need);
		return ret;
	}
	*out_len = need;
	return 0;
}

NCR_EXPORT int ncr_cbc_pad_decrypt(int ctx, uint32_t alg, uint32_t key,
				   const void *iv, const void *in,
				   size_t in_len, void *out, size_t *out_len)
{
	size_t bs = cbc_block(alg), padlen = 0, ptlen, done;
	uint8_t *buf;
	int ret, bad;

	if (!bs || !out_len || !in || !out)
		return -EINVAL;
	/* A padded CBC message is one or more whole blocks. */
	if (in_len == 0 || in_len % bs)
		return -EBADMSG;

	/* Decrypt directly into the caller's buffer when it can hold the
	 * whole input, else into a temporary one. */
	if (*out_len >= in_len) {
		buf = out;
	} else {
		buf = malloc(in_len);
		if (!buf)
			return -ENOMEM;
	}
	done = in_len;
	ret = ncr_cipher(ctx, alg, NCR_OP_DECRYPT, key, iv, bs, in, in_len,
			 buf, &done);
	if (ret == 0 && done != in_len)
		ret = -EPROTO;
	if (ret)
		goto out;

	bad = ncr_pkcs7_unpad_len(buf + in_len - bs, bs, &padlen);
	if (bad) {
		ret = -EBADMSG;
		explicit_bzero(buf, in_len);
		if (buf != out)
			explicit_bzero(out, *out_len);
		goto out;
	}
	ptlen = in_len - padlen;
	if (buf != out) {
		if (ptlen > *out_len) {
			*out_len = ptlen;
			ret = -ERANGE;
			goto out;
		}
		memcpy(out, buf, ptlen);
	} else {
		/* Do not leave the padding bytes behind either. */
		explicit_bzero(buf + ptlen, padlen);
	}
	*out_len = ptlen;
out:
	if (buf != out) {
		explicit_bzero(buf, in_len);
		free(buf);
	}
	return ret;
}

NCR_EXPORT int ncr_aead_encrypt(int ctx, uint32_t alg, uint32_t key,
				const void *iv, size_t iv_len,
				const void *aad, size_t aad_len,
				const void *in, size_t in_len, void *out,
				void *tag, size_t tag_len)
{
	struct ncr_session_once o;
	int ret;

	once_prepare(&o, alg, NCR_OP_ENCRYPT, key, in, in_len);
	o.iv = PTR(iv);
	ret = len32(iv_len, &o.iv_size);
	if (!ret)
		ret = len32(tag_len, &o.tag_size);
	if (ret)
		return ret;
	o.aad = PTR(aad);
	o.aad_size = aad_len;
	o.output = PTR(out);
	o.output_size = in_len;
	o.tag = PTR(tag);
	return ncr_ioctl(ctx, NCRIO_SESSION_ONCE, &o);
}

NCR_EXPORT int ncr_aead_decrypt(int ctx, uint32_t alg, uint32_t key,
				const void *iv, size_t iv_len,
				const void *aad, size_t aad_len,
				const void *in, size_t in_len, void *out,
				const void *tag, size_t tag_len)
{
	struct ncr_session_once o;
	int ret;

	once_prepare(&o, alg, NCR_OP_DECRYPT, key, in, in_len);
	o.iv = PTR(iv);
	ret = len32(iv_len, &o.iv_size);
	if (!ret)
		ret = len32(tag_len, &o.tag_size);
	if (ret)
		return ret;
	o.aad = PTR(aad);
	o.aad_size = aad_len;
	o.output = PTR(out);
	o.output_size = in_len;
	o.tag = PTR(tag);
	return ncr_ioctl(ctx, NCRIO_SESSION_ONCE, &o);
}

/*
 * NCRIO_SESSION_ONCE with SIGN always writes the full digest or MAC, and its
 * tag_size is only the capacity; so the result goes to a local buffer big
 * enough for any of them, and truncation (MACs only) is done here.
 */
/* The shortest MAC the kernel accepts (ncr.h): HMAC 10, CMAC 8 bytes. */
static size_t mac_min(uint32_t alg)
{
	return alg == NCR_ALG_CMAC_AES ? 8 : 10;
}

static int sign_once(int ctx, uint32_t alg, uint32_t key, const void *in,
		     size_t in_len, void *out, size_t *out_len,
		     int allow_trunc)
{
	struct ncr_session_once o;
	struct ncr_alg_props p;
	uint8_t full[NCR_MAX_TAG];
	size_t want, min = allow_trunc ? mac_min(alg) : 0;
	int ret;

	if (!out_len)
		return -EINVAL;
	/* Known algorithm: refuse a too-small buffer without a system call. */
	if (!ncr_alg_props(alg, &p) && p.tag_size &&
	    *out_len < (allow_trunc ? min : p.tag_size)) {
		*out_len = p.tag_size;
		return -ERANGE;
	}
	once_prepare(&o, alg, NCR_OP_SIGN, key, in, in_len);
	o.tag = PTR(full);
	o.tag_size = sizeof(full);
	ret = ncr_ioctl(ctx, NCRIO_SESSION_ONCE, &o);
	if (ret == -ERANGE) {
		*out_len = o.tag_size;
		return ret;
	}
	if (ret)
		return ret;
	if (o.tag_size > sizeof(full)) {
		ret = -EPROTO;
		goto out;
	}
	want = o.tag_size;
	if (*out_len < want) {
		if (!allow_trunc || *out_len < min) {
			*out_len = o.tag_size;
			ret = -ERANGE;
			goto out;
		}
		want = *out_len;
	}
	memcpy(out, full, want);
	*out_len = want;
out:
	explicit_bzero(full, sizeof(full));
	return ret;
}

NCR_EXPORT int ncr_digest(int ctx, uint32_t alg, const void *in,
			  size_t in_len, void *out, size_t *out_len)
{
	return sign_once(ctx, alg, 0, in, in_len, out, out_len, 0);
}

NCR_EXPORT int ncr_mac(int ctx, uint32_t alg, uint32_t key, const void *in,
		       size_t in_len, void *out, size_t *out_len)
{
	return sign_once(ctx, alg, key, in, in_len, out, out_len, 1);
}

/*
 * mac_size is the length the caller accepts (0: full), fixed by the caller;
 * mac_len the length of the value it received.  The kernel compares
 * exactly mac_size bytes and fails any other mac_len.
 */
NCR_EXPORT int ncr_mac_verify_trunc(int ctx, uint32_t alg, uint32_t key,
				    size_t mac_size, const void *in,
				    size_t in_len, const void *mac,
				    size_t mac_len)
{
	struct ncr_session_once o;
	int ret;

	once_prepare(&o, alg, NCR_OP_VERIFY, key, in, in_len);
	o.tag = PTR(mac);
	ret = len32(mac_len, &o.tag_size);
	if (ret)
		return ret;
	ret = len32(mac_size, &o.mac_size);
	if (ret)
		return ret;
	ret = ncr_ioctl(ctx, NCRIO_SESSION_ONCE, &o);
	if (ret)
		return ret;
	return o.result == NCR_VERIFY_OK ? NCR_VERIFY_OK : NCR_VERIFY_FAILED;
}

NCR_EXPORT int ncr_mac_verify(int ctx, uint32_t alg, uint32_t key,
			      const void *in, size_t in_len,
			      const void *mac, size_t mac_len)
{
	return ncr_mac_verify_trunc(ctx, alg, key, 0, in, in_len, mac,
				    mac_len);
}

/* ------------------------------------------------------------------ */
/* algorithm sets                                                     */

struct keyalg_entry {
	const char *name;
	uint32_t alg;		/* NCR_ALG_* or, for wrap, NCR_WALG_* */
	int walg;
	uint64_t bit;
};

static const struct keyalg_entry keyalg_table[] = {
	{ "aes-ecb", NCR_ALG_AES_ECB, 0, NCR_KEY_ALG_AES_ECB },
	{ "aes-cbc", NCR_ALG_AES_CBC, 0, NCR_KEY_ALG_AES_CBC },
	{ "aes-ctr", NCR_ALG_AES_CTR, 0, NCR_KEY_ALG_AES_CTR },
	{ "aes-xts", NCR_ALG_AES_XTS, 0, NCR_KEY_ALG_AES_XTS },
	{ "des3-cbc", NCR_ALG_DES3_CBC, 0, NCR_KEY_ALG_DES3_CBC },
	{ "chacha20", NCR_ALG_CHACHA20, 0, NCR_KEY_ALG_CHACHA20 },
	{ "aes-gcm", NCR_ALG_AES_GCM, 0, NCR_KEY_ALG_AES_GCM },
	{ "aes-ccm", NCR_ALG_AES_CCM, 0, NCR_KEY_ALG_AES_CCM },
	{ "chacha20-poly1305", NCR_ALG_CHACHA20_POLY1305, 0,
	  NCR_KEY_ALG_CHACHA20_POLY1305 },
	{ "cmac-aes", NCR_ALG_CMAC_AES, 0, NCR_KEY_ALG_CMAC_AES },
	{ "aes-kw", NCR_WALG_AES_RFC3394, 1, NCR_KEY_ALG_AES_KW },
	{ "aes-kwp", NCR_WALG_AES_RFC5649, 1, NCR_KEY_ALG_AES_KWP },
	{ "hmac-sha1", NCR_ALG_HMAC_SHA1, 0, NCR_KEY_ALG_HMAC_SHA1 },
	{ "hmac-sha224", NCR_ALG_HMAC_SHA224, 0, NCR_KEY_ALG_HMAC_SHA224 },
	{ "hmac-sha256", NCR_ALG_HMAC_SHA256, 0, NCR_KEY_ALG_HMAC_SHA256 },
	{ "hmac-sha384", NCR_ALG_HMAC_SHA384, 0, NCR_KEY_ALG_HMAC_SHA384 },
	{ "hmac-sha512", NCR_ALG_HMAC_SHA512, 0, NCR_KEY_ALG_HMAC_SHA512 },
	{ "hmac-sha3-256", NCR_ALG_HMAC_SHA3_256, 0,
	  NCR_KEY_ALG_HMAC_SHA3_256 },
	{ "hmac-sha3-512", NCR_ALG_HMAC_SHA3_512, 0,
	  NCR_KEY_ALG_HMAC_SHA3_512 },
	{ "rsa-pkcs1", NCR_ALG_RSA_PKCS1, 0, NCR_KEY_ALG_RSA_PKCS1 },
	{ "rsa-pss", NCR_ALG_RSA_PSS, 0, NCR_KEY_ALG_RSA_PSS },
	{ "rsa-oaep", NCR_ALG_RSA_OAEP, 0, NCR_KEY_ALG_RSA_OAEP },
	{ "rsa-oaep-wrap", NCR_WALG_RSA_OAEP, 1, NCR_KEY_ALG_RSA_OAEP_WRAP },
	{ "dsa", NCR_ALG_DSA, 0, NCR_KEY_ALG_DSA },
	{ "ecdsa", NCR_ALG_ECDSA, 0, NCR_KEY_ALG_ECDSA },
	{ "ed25519", NCR_ALG_ED25519, 0, NCR_KEY_ALG_ED25519 },
	{ "ecdh", NCR_ALG_ECDH, 0, NCR_KEY_ALG_ECDH },
	{ "x25519", NCR_ALG_X25519, 0, NCR_KEY_ALG_X25519 },
	{ "dh", NCR_ALG_DH, 0, NCR_KEY_ALG_DH },
};

NCR_EXPORT uint64_t ncr_alg_keybit(uint32_t alg)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keyalg_table); i++)
		if (!keyalg_table[i].walg && keyalg_table[i].alg == alg)
			return keyalg_table[i].bit;
	return 0;
}

NCR_EXPORT uint64_t ncr_walg_keybit(uint32_t walg)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keyalg_table); i++)
		if (keyalg_table[i].walg && keyalg_table[i].alg == walg)
			return keyalg_table[i].bit;
	return 0;
}

NCR_EXPORT int ncr_keyalgs_parse(const char *list, uint64_t *algs)
{
	const char *p = list;
	uint64_t set = 0;
	size_t i, n;

	if (!list || !algs)
		return -EINVAL;
	while (*p) {
		n = strcspn(p, ",");
		if (!n || (p[n] == ',' && !p[n + 1]))
			return -EINVAL;	/* an empty name */
		for (i = 0; i < ARRAY_SIZE(keyalg_table); i++)
			if (strlen(keyalg_table[i].name) == n &&
			    !strncasecmp(keyalg_table[i].name, p, n))
				break;
		if (i == ARRAY_SIZE(keyalg_table))
			return -EINVAL;
		set |= keyalg_table[i].bit;
		p += n;
		if (*p == ',')
			p++;
	}
	if (!set)
		return -EINVAL;
	*algs = set;
	return 0;
}

NCR_EXPORT size_t ncr_keyalgs_format(uint64_t algs, char *buf, size_t len)
{
	size_t i, pos = 0;

	if (len)
		buf[0] = 0;
	for (i = 0; i < ARRAY_SIZE(keyalg_table); i++) {
		int n;

		if (!(algs & keyalg_table[i].bit))
			continue;
		n = snprintf(pos < len ? buf + pos : NULL,
			     pos < len ? len - pos : 0, "%s%s",
			     pos ? "," : "", keyalg_table[i].name);
		if (n > 0)
			pos += (size_t)n;
	}
	return pos;
}

/* ------------------------------------------------------------------ */
/* public-key cryptography                                            */

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
	priv_pol = priv_pol ?: &no_policy;
	pub_pol = pub_pol ?: &no_policy;
	memset(&g, 0, sizeof(g));
	g.size = sizeof(g);
	g.flags = priv_pol->flags;
	g.usage = priv_pol->usage;
	g.algs = priv_pol->algs;
	g.public_usage = pub_pol->usage;
	g.public_algs = pub_pol->algs;
	g.type = type;
	g.bits = bits;
	g.q_bits = q_bits;
	g.params = PTR(params);
	ret = len32(params_len, &g.params_size);
	if (ret)
		return ret;
	ret = policy_label(priv_pol, &g.label, &g.label_size);
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

NCR_EXPORT int ncr_key_import_fmt(int ctx, uint32_t type, uint32_t format,
				  uint32_t bits, const void *data, size_t len,
				  const void *label, size_t label_len,
				  uint32_t flags, uint32_t usage,
				  uint32_t *key)
{
	struct ncr_key_policy pol = {
		.flags = flags, .usage = usage,
		.label = label, .label_len = label_len,
	};

	return ncr_key_import_ex(ctx, type, format, bits, data, len, &pol,
				 key);
}

NCR_EXPORT int ncr_key_export_fmt(int ctx, uint32_t key, uint32_t format,
				  void *buf, size_t *len)
{
	struct ncr_key_export e;
	int ret;

	if (!len)
		return -EINVAL;
	memset(&e, 0, sizeof(e));
	e.size = sizeof(e);
	e.key = key;
	e.format = format;
	e.data = PTR(buf);
	e.data_size = cap32(*len);
	ret = ncr_ioctl(ctx, NCRIO_KEY_EXPORT, &e);
	if (ret == 0 || ret == -ERANGE)
		*len = e.data_size;
	return ret;
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
	pol = pol ?: &no_policy;
	memset(&d, 0, sizeof(d));
	d.size = sizeof(d);
	d.flags = pol->flags;
	d.algs = pol->algs;
	ret = policy_label(pol, &d.label, &d.label_size);
	if (ret)
		return ret;
	d.algorithm = alg;
	d.key = key;
	d.peer = PTR(peer);
	ret = len32(peer_len, &d.peer_size);
	if (ret)
		return ret;
	d.type = type;
	d.usage = pol->usage;
	ret = ncr_ioctl(ctx, NCRIO_KEY_DERIVE, &d);
	if (ret)
		return ret;
	if (new_key)
		*new_key = d.new_key;
	return 0;
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
	memset(&s, 0, sizeof(s));
	s.size = sizeof(s);
	s.algorithm = alg;
	s.op = op;
	s.key = key;
	s.hash = f.hash;
	s.mgf1_hash = f.mgf1_hash;
	s.salt_size = f.salt_size;
	s.pk_flags = f.pk_flags;
	s.label = f.label;
	s.label_size = f.label_size;
	ret = ncr_ioctl(ctx, NCRIO_SESSION_INIT, &s);
	if (ret)
		return ret;
	if (ses)
		*ses = s.ses;
	return 0;
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
	once_prepare(o, alg, op, key, in, in_len);
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
	o.tag_size = cap32(*sig_len);
	ret = ncr_ioctl(ctx, NCRIO_SESSION_ONCE, &o);
	if (ret == 0 || ret == -ERANGE)
		*sig_len = o.tag_size;
	return ret;
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
	ret = ncr_ioctl(ctx, NCRIO_SESSION_ONCE, &o);
	if (ret)
		return ret;
	return o.result == NCR_VERIFY_OK ? NCR_VERIFY_OK : NCR_VERIFY_FAILED;
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
	o.output_size = *out_len;
	ret = ncr_ioctl(ctx, NCRIO_SESSION_ONCE, &o);
	if (ret == 0 || ret == -ERANGE)
		*out_len = (size_t)o.output_size;
	return ret;
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
