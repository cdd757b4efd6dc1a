// SPDX-License-Identifier: GPL-2.0
/*
 * wrap.c - NCRIO_KEY_WRAP and NCRIO_KEY_UNWRAP: one key's material
 * wrapped under another with AES Key Wrap (RFC 3394) or AES Key Wrap with
 * Padding (RFC 5649), for key transport.
 *
 * The algorithms are the portable core's (core/symkey/keywrap.c), run over the
 * kernel's AES library on a key schedule that lives on the stack for the
 * length of one call and is wiped after it.  The wrapped bytes are the
 * standard format, so another RFC 3394/5649 implementation holding the
 * wrapping key can read them; nothing of the key but its material is in
 * them.  NCR_WALG_RSA_OAEP encrypts the material to an RSA key instead
 * (RSAES-OAEP with SHA-256 and MGF1-SHA-256, no label), so that a peer
 * holding only our public key can send us a key, or we it one.
 *
 * The policy (ncr.h, KEY POLICY): a key leaves wrapped only if it is
 * WRAPPABLE and either EXPORTABLE (the caller could read it anyway) or the
 * wrapping key is TRUSTED (which no caller without CAP_SYS_ADMIN can make,
 * and which can do nothing but wrap).  A key that arrives wrapped gets
 * EXPORTABLE or HASHABLE only when the unwrapping key is itself
 * EXPORTABLE, so an unwrapping key is never a decryption oracle for the
 * "wrapped keys" a caller feeds it.
 *
 * Under a TRUSTED key the key's policy travels with its material: what is
 * wrapped is the envelope below, and unwrapping under a TRUSTED key takes
 * only envelopes and gives a key no wider than the envelope says.  The
 * raw formats carry no policy, so without the envelope a caller could
 * wrap a key under a trusted key and unwrap it again with more usage or
 * algorithms (or unwrap a trusted wrapping key itself as a plain cipher
 * key, and undo every wrap made under it).  Only keys wrapped under a
 * trusted key, i.e. transport between ncr instances that share it, use
 * the envelope; exportable keys under ordinary keys stay in the standard
 * formats any RFC 3394 / 5649 / RSA-OAEP implementation reads.
 *
 * Envelope (big-endian), then the material:
 *   0  4  "NCRT"
 *   4  4  key type
 *   8  4  flags (EXPORTABLE, WRAPPABLE, HASHABLE, STORABLE; never TRUSTED)
 *  12  4  usage
 *  16  8  algorithm set
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <crypto/aes.h>
#include "ncr-int.h"
#include "symkey/keywrap.h"
#include "pkparts.h"
#include "hash/hash.h"
#include "rsa/rsa.h"

#define NCR_ENV_MAGIC	"NCRT"
#define NCR_ENV_LEN	24
#define NCR_ENV_FLAGS	(NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_WRAPPABLE | \
			 NCR_KEY_FLAG_HASHABLE | NCR_KEY_FLAG_STORABLE)

static_assert(NCR_WRAPPED_KEY_MAX >= NCR_MAX_SECRET_BYTES + NCR_ENV_LEN + 16);

struct ncr_envelope {
	u32 type, flags, usage;
	u64 algs;
};

/* Writes the envelope of key (a snapshot of its policy) to out. */
static void ncr_env_put(const struct ncr_key *key, u8 *out)
{
	u64 algs = READ_ONCE(key->algs);

	memcpy(out, NCR_ENV_MAGIC, 4);
	ncr_put_be32(out + 4, key->type);
	ncr_put_be32(out + 8, ncr_key_flags(key) & NCR_ENV_FLAGS);
	ncr_put_be32(out + 12, READ_ONCE(key->usage));
	ncr_put_be32(out + 16, (u32)(algs >> 32));
	ncr_put_be32(out + 20, (u32)algs);
}

/* Parses an unwrapped envelope: -EBADMSG unless well formed. */
static int ncr_env_get(const u8 *in, size_t len, struct ncr_envelope *e)
{
	if (len <= NCR_ENV_LEN || memcmp(in, NCR_ENV_MAGIC, 4))
		return -EBADMSG;
	e->type = ncr_get_be32(in + 4);
	e->flags = ncr_get_be32(in + 8);
	e->usage = ncr_get_be32(in + 12);
	e->algs = ((u64)ncr_get_be32(in + 16) << 32) | ncr_get_be32(in + 20);
	if (e->flags & ~NCR_ENV_FLAGS)
		return -EBADMSG;
	return 0;
}

static void ncr_wrap_aes_enc(void *ctx, u8 out[16], const u8 in[16])
{
	aes_encrypt(ctx, out, in);
}

static void ncr_wrap_aes_dec(void *ctx, u8 out[16], const u8 in[16])
{
	aes_decrypt(ctx, out, in);
}

/* The algorithm-set bit of a wrapping algorithm, 0 if unknown. */
static u64 ncr_walg_bit(u32 alg)
{
	switch (alg) {
	case NCR_WALG_AES_RFC3394:
		return NCR_KEY_ALG_AES_KW;
	case NCR_WALG_AES_RFC5649:
		return NCR_KEY_ALG_AES_KWP;
	case NCR_WALG_RSA_OAEP:
		return NCR_KEY_ALG_RSA_OAEP_WRAP;
	default:
		return 0;
	}
}

static bool ncr_walg_valid(u32 alg)
{
	return ncr_walg_bit(alg) != 0;
}

/* Bytes of an RSA-OAEP wrapping (the modulus length). */
static size_t ncr_wrap_rsa_len(const struct ncr_key *wk)
{
	return (wk->bits + 7) / 8;
}

/*
 * RSA-OAEP wrap (encrypt len bytes of in to out, the modulus length) or
 * unwrap (decrypt in, *out_len set; -EBADMSG when the padding is wrong).
 */
static int ncr_wrap_rsa(struct ncr_ns *ns, const struct ncr_key *wk, bool wrap,
			const u8 *in, size_t len, u8 *out, size_t *out_len)
{
	size_t cap = out_len ? *out_len : 0;
	struct ncr_pk_parts k;
	size_t slen = 0;
	void *scratch;
	int err;

	err = ncr_pk_key_parts(wk, &k);
	if (err)
		return err;
	scratch = ncr_pk_scratch(ns->user, wk->type, wk->bits, &slen);
	if (IS_ERR(scratch))
		return PTR_ERR(scratch);
	if (wrap) {
		err = ncr_rsa_encrypt(&k.rsa, NCR_RSA_PAD_OAEP, NCR_HASH_SHA256,
				      NCR_HASH_SHA256, NULL, 0, in, len,
				      &ncr_kenv, out, scratch);
	} else {
		*out_len = cap;
		err = ncr_rsa_decrypt(&k.rsa, NCR_RSA_PAD_OAEP,
				      NCR_HASH_SHA256, NCR_HASH_SHA256, NULL,
				      0, in, len, &ncr_kenv, out, out_len,
				      scratch);
		if (err == -ERANGE)
			err = -EINVAL;
	}
	ncr_pk_scratch_free(ns->user, scratch, slen);
	return err;
}

/*
 * The wrapping key: AES (-EINVAL otherwise), with the usage bit and the
 * algorithm in its set (-EPERM otherwise), of a single AES key length
 * (not an XTS pair); or RSA for NCR_WALG_RSA_OAEP (a private key to
 * unwrap).  The order of the checks is the one session init uses.
 */
static int ncr_wrap_check_kek(const struct ncr_key *wk, u32 usage, u32 alg)
{
	int err;

	if (alg == NCR_WALG_RSA_OAEP) {
		if (wk->type != NCR_KEY_TYPE_RSA)
			return -EINVAL;
		err = ncr_key_permits(wk, usage, ncr_walg_bit(alg));
		if (err)
			return err;
		if (usage == NCR_KEY_USAGE_UNWRAP &&
		    wk->klass != NCR_KEY_CLASS_PRIVATE)
			return -EPERM;
		return 0;
	}
	if (wk->type != NCR_KEY_TYPE_AES)
		return -EINVAL;
	err = ncr_key_permits(wk, usage, ncr_walg_bit(alg));
	if (err)
		return err;
	if (wk->len != 16 && wk->len != 24 && wk->len != 32)
		return -EINVAL;
	return 0;
}

/* May key leave wrapped under wk?  (-EPERM if not; see the top.) */
static int ncr_wrap_check_target(const struct ncr_key *wk,
				 const struct ncr_key *key)
{
	u32 flags = ncr_key_flags(key);

	if (!(flags & NCR_KEY_FLAG_WRAPPABLE))
		return -EPERM;
	if (!(flags & NCR_KEY_FLAG_EXPORTABLE) &&
	    !(ncr_key_flags(wk) & NCR_KEY_FLAG_TRUSTED))
		return -EPERM;
	return 0;
}

/*
 * Wraps (wrap) or unwraps len bytes of in into out under wk; in place is
 * fine.  Unwrap sets *out_len to the key length.
 */
static int ncr_wrap_crypt(const struct ncr_key *wk, u32 alg, bool wrap,
			  const u8 *in, size_t len, u8 *out, size_t *out_len)
{
	struct crypto_aes_ctx ctx;
	struct ncr_kw_cipher c = {
		.ctx = &ctx,
		.enc = ncr_wrap_aes_enc,
		.dec = ncr_wrap_aes_dec,
	};
	bool padded = alg == NCR_WALG_AES_RFC5649;
	int err;

	err = aes_expandkey(&ctx, wk->material, wk->len);
	if (err)
		goto out;
	if (wrap) {
		err = padded ? ncr_kwp_wrap(&c, in, len, out) :
			       ncr_kw_wrap(&c, in, len, out);
	} else if (padded) {
		err = ncr_kwp_unwrap(&c, in, len, out, out_len);
	} else {
		err = ncr_kw_unwrap(&c, in, len, out);
		*out_len = len - NCR_KW_SEMIBLOCK;
	}
out:
	memzero_explicit(&ctx, sizeof(ctx));
	return err;
}

long ncr_key_wrap_ioctl(struct ncr_ucmd *uc)
{
	struct ncr_key_wrap *w = uc->cmd;
	struct ncr_ns *ns = uc->ns;
	struct ncr_audit_ctx *ac = &uc->ac;
	struct ncr_key *wk, *key = NULL;
	u8 *buf = NULL, *plain = NULL;
	size_t need = 0, plen = 0;
	bool env;
	int err = 0;

	/* the new-key fields belong to unwrap */
	if (w->flags || w->type || w->usage || w->label || w->label_size ||
	    w->algs || w->__reserved || !ncr_walg_valid(w->algorithm))
		return -EINVAL;
	wk = ncr_ns_key(ns, w->wrapping_key);
	if (!wk)
		return -ENOENT;
	ac->wrapping_key = w->wrapping_key;
	key = ncr_ns_key(ns, w->key);
	if (!key) {
		err = -ENOENT;
		goto out;
	}
	ncr_audit_key(ac, w->key, key);
	err = ncr_wrap_check_kek(wk, NCR_KEY_USAGE_WRAP, w->algorithm);
	if (err)
		goto out;
	if (key->klass) {	/* public-key objects: not material to wrap */
		err = -EINVAL;
		goto out;
	}
	err = ncr_wrap_check_target(wk, key);
	if (err)
		goto out;
	/* what is wrapped: the material, or the envelope and the material */
	env = ncr_key_flags(wk) & NCR_KEY_FLAG_TRUSTED;
	plen = key->len + (env ? NCR_ENV_LEN : 0);
	if (w->algorithm == NCR_WALG_RSA_OAEP)
		/* OAEP-SHA-256 carries at most k - 66 bytes */
		need = plen + 66 <= ncr_wrap_rsa_len(wk) ?
		       ncr_wrap_rsa_len(wk) : 0;
	else
		need = ncr_kw_wrapped_len(w->algorithm == NCR_WALG_AES_RFC5649,
					  plen);
	if (!need) {
		err = -EINVAL;
		goto out;
	}
	if (w->data_size < need) {
		w->data_size = need;
		err = ncr_ucmd_respond(uc, sizeof(*w)) ?: -ERANGE;
		goto out;
	}
	/* plain holds the key in clear until it is wrapped: wiped on free */
	buf = ncr_user_kvzalloc(ns->user, need);
	plain = ncr_user_kvzalloc(ns->user, plen);
	if (IS_ERR(buf) || IS_ERR(plain)) {
		err = IS_ERR(buf) ? PTR_ERR(buf) : PTR_ERR(plain);
		goto out;
	}
	if (env)
		ncr_env_put(key, plain);
	memcpy(plain + plen - key->len, key->material, key->len);
	if (w->algorithm == NCR_WALG_RSA_OAEP)
		err = ncr_wrap_rsa(ns, wk, true, plain, plen, buf, NULL);
	else
		err = ncr_wrap_crypt(wk, w->algorithm, true, plain, plen, buf,
				     NULL);
	if (err)
		goto out;
	if (copy_to_user(ncr_uptr(w->data), buf, need)) {
		err = -EFAULT;
		goto out;
	}
	w->data_size = need;
	err = ncr_ucmd_respond(uc, sizeof(*w));
out:
	ncr_user_kvfree(ns->user, buf, need);
	ncr_user_kvfree(ns->user, plain, plen);
	if (key)
		ncr_key_put(key);
	ncr_key_put(wk);
	return err;
}

long ncr_key_unwrap_ioctl(struct ncr_ucmd *uc)
{
	struct ncr_key_wrap *w = uc->cmd;
	struct ncr_ns *ns = uc->ns;
	struct ncr_audit_ctx *ac = &uc->ac;
	struct ncr_key *wk, *key;
	struct ncr_envelope e;
	u8 *in = NULL, *buf = NULL, *m;
	size_t len = NCR_WRAPPED_KEY_MAX;
	u64 algs;
	int err = 0;

	if (w->__reserved || !ncr_walg_valid(w->algorithm))
		return -EINVAL;
	err = ncr_key_check_policy(w->flags, w->usage);
	if (err)
		return err;
	if (w->type < NCR_KEY_TYPE_AES || w->type > NCR_KEY_TYPE_HMAC ||
	    w->label_size > NCR_KEY_LABEL_MAX)
		return -EINVAL;
	/* no algorithm makes less than two semiblocks, nor more than the
	 * largest key needs */
	if (w->data_size < 2 * NCR_KW_SEMIBLOCK ||
	    w->data_size > NCR_WRAPPED_KEY_MAX)
		return -EINVAL;
	ac->wrapping_key = w->wrapping_key;
	wk = ncr_ns_key(ns, w->wrapping_key);
	if (!wk)
		return -ENOENT;
	err = ncr_wrap_check_kek(wk, NCR_KEY_USAGE_UNWRAP, w->algorithm) ?:
	      ncr_key_check_unwrapped_flags(wk, w->flags);
	if (err)
		goto out;
	in = ncr_user_kvzalloc(ns->user, w->data_size);
	buf = ncr_user_kvzalloc(ns->user, NCR_WRAPPED_KEY_MAX);
	if (IS_ERR(in) || IS_ERR(buf)) {
		err = IS_ERR(in) ? PTR_ERR(in) : PTR_ERR(buf);
		goto out;
	}
	if (copy_from_user(in, ncr_uptr(w->data), w->data_size)) {
		err = -EFAULT;
		goto out;
	}
	if (w->algorithm == NCR_WALG_RSA_OAEP)
		err = ncr_wrap_rsa(ns, wk, false, in, w->data_size, buf, &len);
	else
		err = ncr_wrap_crypt(wk, w->algorithm, false, in, w->data_size,
				     buf, &len);
	if (err)
		goto out;
	m = buf;
	algs = w->algs;
	if (ncr_key_flags(wk) & NCR_KEY_FLAG_TRUSTED) {
		/* the policy that travelled with it bounds what is asked */
		err = ncr_env_get(buf, len, &e);
		if (err)
			goto out;
		if (e.type != w->type) {
			err = -EINVAL;
			goto out;
		}
		algs = algs ?: e.algs;
		/* TRUSTED is never carried: root may ask it again */
		if ((w->flags & ~(e.flags | NCR_KEY_FLAG_TRUSTED)) ||
		    (w->usage & ~e.usage) || (algs & ~e.algs)) {
			err = -EPERM;
			goto out;
		}
		m += NCR_ENV_LEN;
		len -= NCR_ENV_LEN;
	}
	/* authentic; now the same rules as for an imported key */
	if (ncr_key_check_len(w->type, len) ||
	    (w->type == NCR_KEY_TYPE_DES3 && ncr_des3_degenerate(m))) {
		err = -EINVAL;
		goto out;
	}
	key = ncr_key_alloc(ns->user, w->type, len, m);
	if (IS_ERR(key)) {
		err = PTR_ERR(key);
		goto out;
	}
	/*
	 * Never ALWAYS_SENSITIVE (as PKCS #11's C_UnwrapKey): whoever made
	 * the wrapped bytes may know the material, even under a TRUSTED
	 * key (anyone can encrypt to an RSA public key, and a TRUSTED key
	 * may have wrapped a key its importer knows).
	 */
	err = ncr_key_set_policy(key, w->flags, w->usage, algs, 0) ?:
	      ncr_key_set_label(key, w->label, w->label_size);
	if (err) {
		ncr_key_put(key);
		goto out;
	}
	err = ncr_key_publish(uc, key, &w->key, sizeof(*w), ac);
out:
	ncr_user_kvfree(ns->user, in, w->data_size);
	ncr_user_kvfree(ns->user, buf, NCR_WRAPPED_KEY_MAX);
	ncr_key_put(wk);
	return err;
}
