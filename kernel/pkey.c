// SPDX-License-Identifier: GPL-2.0
/*
 * pkey.c - public-key key objects: their packed material, import, export,
 * pair generation, and the environment (RNG, yield) the portable core runs
 * in.  The arithmetic is all in core/ (rsa*.c, dsa*.c, dh*.c, ec*.c,
 * x25519.c, ed25519.c, der*.c); this file only moves parts between user
 * space, key objects and the core.
 *
 * Packed material (struct ncr_key.material of a public-key object, and the
 * material of its storage blobs):
 *   byte 0     class: NCR_KEY_CLASS_PRIVATE or NCR_KEY_CLASS_PUBLIC
 *   byte 1     layout version, 1
 *   then, for each component of the type in a fixed order (RSA n e d p q
 *   dp dq qinv; DSA/DH p q g y x; EC point d; X25519/Ed25519 pub priv):
 *   a 16-bit big-endian length and that many bytes (0: absent).
 * The EC curve is the key's bits.  A public key's private components are
 * absent.
 */
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include <crypto/algapi.h>
#include "ncr-int.h"
#include "der/der.h"
#include "rsa/rsa.h"
#include "dlog/dsa.h"
#include "ec/ec.h"
#include "curve25519/curve25519.h"
#include "dlog/dl_pub.h"

#define NCR_PK_LAYOUT	1
#define NCR_PK_MAX_FIELDS 8

/* ---- the environment of the portable core ---- */

static void ncr_kenv_rand(void *ctx, u8 *out, size_t len)
{
	get_random_bytes(out, len);
}

/* Long computations call this between units of work. */
static int ncr_kenv_yield(void *ctx)
{
	cond_resched();
	return fatal_signal_pending(current);
}

const struct ncr_env ncr_kenv = {
	.rand = ncr_kenv_rand,
	.yield = ncr_kenv_yield,
};

bool ncr_pk_type(u32 type)
{
	return type >= NCR_KEY_TYPE_RSA && type <= NCR_KEY_TYPE_ED25519;
}

void *ncr_pk_scratch(struct ncr_user *u, u32 type, u32 bits, size_t *len)
{
	switch (type) {
	case NCR_KEY_TYPE_RSA:
		*len = ncr_rsa_scratch_size(bits);
		break;
	case NCR_KEY_TYPE_DSA:
	case NCR_KEY_TYPE_DH:
		*len = ncr_dl_scratch_size(bits);
		break;
	default:
		*len = 0;
		return ZERO_SIZE_PTR;
	}
	return ncr_user_kvzalloc(u, *len);
}

void ncr_pk_scratch_free(struct ncr_user *u, void *p, size_t len)
{
	if (len)
		ncr_user_kvfree(u, p, len);
}

/* ---- packing ---- */

static int ncr_pk_fields(struct ncr_pk_parts *k, struct ncr_bytes **f)
{
	switch (k->type) {
	case NCR_PK_RSA:
		f[0] = &k->rsa.n; f[1] = &k->rsa.e; f[2] = &k->rsa.d;
		f[3] = &k->rsa.p; f[4] = &k->rsa.q; f[5] = &k->rsa.dp;
		f[6] = &k->rsa.dq; f[7] = &k->rsa.qinv;
		return 8;
	case NCR_PK_DSA:
	case NCR_PK_DH:
		f[0] = &k->dl.p; f[1] = &k->dl.q; f[2] = &k->dl.g;
		f[3] = &k->dl.y; f[4] = &k->dl.x;
		return 5;
	case NCR_PK_EC:
		f[0] = &k->ec.point; f[1] = &k->ec.d;
		return 2;
	case NCR_PK_X25519:
	case NCR_PK_ED25519:
		f[0] = &k->k25519.pub; f[1] = &k->k25519.priv;
		return 2;
	}
	return 0;
}

/* The private components of k dropped (its public half). */
static void ncr_pk_public_half(struct ncr_pk_parts *k)
{
	static const struct ncr_bytes none;

	switch (k->type) {
	case NCR_PK_RSA:
		k->rsa.d = k->rsa.p = k->rsa.q = none;
		k->rsa.dp = k->rsa.dq = k->rsa.qinv = none;
		break;
	case NCR_PK_DSA:
	case NCR_PK_DH:
		k->dl.x = none;
		break;
	case NCR_PK_EC:
		k->ec.d = none;
		break;
	default:
		k->k25519.priv = none;
		break;
	}
	k->priv = 0;
}

/*
 * A new key object holding k packed, charged to u, without a policy yet
 * (ncr_key_set_policy makes public keys exportable).  Returns the key or
 * an ERR_PTR.
 */
static struct ncr_key *ncr_pk_key_new(struct ncr_user *u,
				      struct ncr_pk_parts *k, u32 bits)
{
	struct ncr_bytes *f[NCR_PK_MAX_FIELDS];
	int i, n = ncr_pk_fields(k, f);
	struct ncr_key *key;
	size_t size = 2;
	u8 *p;

	for (i = 0; i < n; i++) {
		if (f[i]->len > 0xffff)
			return ERR_PTR(-EINVAL);
		size += 2 + f[i]->len;
	}
	if (!n || size > NCR_MAX_PKEY_BYTES)
		return ERR_PTR(-EINVAL);
	key = ncr_key_alloc(u, k->type, size, NULL);
	if (IS_ERR(key))
		return key;
	p = key->material;
	*p++ = k->priv ? NCR_KEY_CLASS_PRIVATE : NCR_KEY_CLASS_PUBLIC;
	*p++ = NCR_PK_LAYOUT;
	for (i = 0; i < n; i++) {
		*p++ = f[i]->len >> 8;
		*p++ = f[i]->len;
		if (f[i]->len)
			memcpy(p, f[i]->p, f[i]->len);
		p += f[i]->len;
	}
	key->klass = k->priv ? NCR_KEY_CLASS_PRIVATE : NCR_KEY_CLASS_PUBLIC;
	key->bits = bits;
	return key;
}

/*
 * The parts of a public-key object (pointing into its material) from the
 * packed form: -EINVAL if it is not well formed (a storage blob of ours
 * always is; this guards against a bug, not an attacker).
 */
int ncr_pk_unpack(u32 type, u32 bits, const u8 *m, size_t len,
		  struct ncr_pk_parts *k)
{
	struct ncr_bytes *f[NCR_PK_MAX_FIELDS];
	size_t off = 2;
	int i, n;

	memset(k, 0, sizeof(*k));
	k->type = type;
	if (len < 2 || m[1] != NCR_PK_LAYOUT ||
	    (m[0] != NCR_KEY_CLASS_PRIVATE && m[0] != NCR_KEY_CLASS_PUBLIC))
		return -EINVAL;
	k->priv = m[0] == NCR_KEY_CLASS_PRIVATE;
	n = ncr_pk_fields(k, f);
	if (!n)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		size_t l;

		if (len - off < 2)
			return -EINVAL;
		l = (m[off] << 8) | m[off + 1];
		off += 2;
		if (len - off < l)
			return -EINVAL;
		f[i]->p = m + off;
		f[i]->len = l;
		off += l;
	}
	if (off != len)
		return -EINVAL;
	if (type == NCR_PK_EC)
		k->ec.curve = bits;
	return 0;
}

static struct ncr_key *ncr_pk_key_legacy_dh(struct ncr_user *u,
					     struct ncr_pk_parts *k, u32 bits);

/*
 * A key object from packed material (a storage blob's): checked layout.
 * A DH key without q comes from a blob of ABI 2, whose parameters were
 * never validated: checked now, and kept with the q it gets.
 */
struct ncr_key *ncr_pk_key_packed(struct ncr_user *u, u32 type, u32 bits,
				  const u8 *m, size_t len)
{
	struct ncr_pk_parts k;
	struct ncr_key *key;

	if (ncr_pk_unpack(type, bits, m, len, &k))
		return ERR_PTR(-EINVAL);
	if (type == NCR_KEY_TYPE_DH && !k.dl.q.len)
		return ncr_pk_key_legacy_dh(u, &k, bits);
	key = ncr_key_alloc(u, type, len, m);
	if (IS_ERR(key))
		return key;
	key->klass = m[0];
	key->bits = bits;
	return key;
}

int ncr_pk_key_parts(const struct ncr_key *key, struct ncr_pk_parts *k)
{
	int err = ncr_pk_unpack(key->type, key->bits, key->material, key->len,
				k);

	/* NCR_KEY_FLAG_RSA_LEGACY: private operations below 2048 bits */
	if (!err && key->type == NCR_KEY_TYPE_RSA &&
	    (ncr_key_flags(key) & NCR_KEY_FLAG_RSA_LEGACY))
		k->rsa.min_priv_bits = NCR_RSA_MIN_BITS;
	return err;
}

/*
 * Validates DH parameters someone else chose (import, pair generation with
 * given parameters, a key from a storage blob of ABI 2 without q): q
 * prime dividing p-1 and g of order q, or p a safe prime (then
 * q = (p-1)/2 is written to qbuf, plen bytes, and set in k, so that every
 * peer value is checked in the order-q subgroup from then on).  No key is
 * ever made or used in a group with small subgroups a chosen peer value
 * could probe (Pohlig-Hellman on the private value).  Slow (Miller-Rabin
 * and Lucas on p and q: seconds at 8192 bits), yielding; the RFC 7919
 * groups are known and cost nothing.
 */
static int ncr_pk_dh_params(struct ncr_pk_parts *k, u8 *qbuf, size_t room,
			    void *scratch)
{
	size_t ql = room;
	int err;

	err = ncr_dh_check_params_full(&k->dl, &ncr_kenv, qbuf, &ql, scratch);
	if (!err && ql)
		k->dl.q = (struct ncr_bytes){ qbuf, ql };
	return err;
}

/*
 * What we write for a DH key of a safe-prime group (the RFC 7919 groups
 * and every PKCS #3 group we accepted): PKCS#3 form, without q, as OpenSSL
 * writes its own keys of these groups (an X9.42 "DHX" key would not agree
 * with them, and OpenSSL refuses q = (p-1)/2 outside the named groups).
 */
static void ncr_pk_dh_drop_group_q(struct ncr_pk_parts *k)
{
	if (k->type == NCR_PK_DH &&
	    (ncr_dh_ffdhe_bits(&k->dl) || ncr_dh_q_is_half(&k->dl)))
		k->dl.q = (struct ncr_bytes){ NULL, 0 };
}

/* ---- completing and checking imported or generated parts ---- */

/* Room for public halves computed here (EC point, 25519 keys, DSA/DH y). */
struct ncr_pk_work {
	u8 point[1 + 2 * 48];
	u8 pub[32];
	u8 y[NCR_MAX_PKEY_BYTES / 8];
	u8 q[NCR_MAX_PKEY_BYTES / 8];	/* DH: (p-1)/2 of a safe prime */
};

/*
 * Validates k and fills in a public half the encoding left out (its buffers
 * in w).  *bits: the key's size.  -EINVAL for an invalid key.
 */
static int ncr_pk_complete(struct ncr_user *u, struct ncr_pk_parts *k,
			   struct ncr_pk_work *w, u32 *bits)
{
	size_t slen = 0;
	void *scratch;
	u32 pbits;
	int err;

	switch (k->type) {
	case NCR_PK_RSA:
		if (ncr_bytes_bits(k->rsa.n) > NCR_RSA_MAX_BITS)
			return -EINVAL;
		scratch = ncr_pk_scratch(u, k->type, ncr_bytes_bits(k->rsa.n),
					 &slen);
		if (IS_ERR(scratch))
			return PTR_ERR(scratch);
		err = ncr_rsa_check(&k->rsa, k->priv, bits, scratch);
		ncr_pk_scratch_free(u, scratch, slen);
		return err;
	case NCR_PK_DSA:
	case NCR_PK_DH:
		pbits = ncr_bytes_bits(k->dl.p);
		if (pbits < 1024 || pbits > 8192)
			return -EINVAL;
		*bits = pbits;
		scratch = ncr_pk_scratch(u, k->type, pbits, &slen);
		if (IS_ERR(scratch))
			return PTR_ERR(scratch);
		if (k->type == NCR_PK_DSA)
			err = ncr_dsa_check_params(&k->dl, 1, &ncr_kenv,
						   scratch);
		else
			err = ncr_pk_dh_params(k, w->q, sizeof(w->q), scratch);
		if (err)
			goto out_dl;
		if (k->priv) {
			if (!k->dl.x.len) {
				err = -EINVAL;
				goto out_dl;
			}
			if (!k->dl.y.len) {
				size_t plen = (pbits + 7) / 8;

				size_t ylen = ncr_dl_pub_scratch_size(pbits);
				void *ys = ncr_user_kvzalloc(u, ylen);

				err = IS_ERR(ys) ? PTR_ERR(ys) :
				      ncr_dl_public_from_private_env(&k->dl,
						&ncr_kenv, w->y, ys);
				ncr_user_kvfree(u, ys, ylen);
				if (err)
					goto out_dl;
				k->dl.y.p = w->y;
				k->dl.y.len = plen;
			}
			err = ncr_dl_check_keypair_env(&k->dl, &ncr_kenv,
						       scratch);
		} else if (k->type == NCR_PK_DH) {
			err = ncr_dh_check_public_env(&k->dl, k->dl.y.p,
						      k->dl.y.len, &ncr_kenv,
						      scratch);
		} else {
			/* DSA y: 1 < y < p; a wrong y only fails verifies */
			err = k->dl.y.len ? 0 : -EINVAL;
		}
out_dl:
		ncr_pk_scratch_free(u, scratch, slen);
		return err;
	case NCR_PK_EC:
		if (!ncr_ec_field_len(k->ec.curve))
			return -EOPNOTSUPP;
		*bits = k->ec.curve;
		if (k->priv) {
			err = ncr_ec_check_private(k->ec.curve, k->ec.d.p,
						   k->ec.d.len);
			if (err)
				return err;
			err = ncr_ec_public_from_private(k->ec.curve, k->ec.d.p,
							 k->ec.d.len, w->point);
			if (err)
				return err;
			if (k->ec.point.len) {
				u8 given[1 + 2 * 48];

				err = ncr_ec_point_decode(k->ec.curve,
							  k->ec.point.p,
							  k->ec.point.len,
							  given);
				if (err || memcmp(given, w->point,
					1 + 2 * ncr_ec_field_len(k->ec.curve)))
					return -EINVAL;
			}
		} else {
			err = ncr_ec_point_decode(k->ec.curve, k->ec.point.p,
						  k->ec.point.len, w->point);
			if (err)
				return err;
		}
		k->ec.point.p = w->point;
		k->ec.point.len = 1 + 2 * ncr_ec_field_len(k->ec.curve);
		return 0;
	case NCR_PK_X25519:
	case NCR_PK_ED25519:
		*bits = 255;
		if (k->priv) {
			if (k->k25519.priv.len != 32)
				return -EINVAL;
			if (k->type == NCR_PK_X25519)
				ncr_x25519_public(w->pub, k->k25519.priv.p);
			else
				ncr_ed25519_public(w->pub, k->k25519.priv.p);
			if (k->k25519.pub.len &&
			    (k->k25519.pub.len != 32 ||
			     memcmp(k->k25519.pub.p, w->pub, 32)))
				return -EINVAL;
			k->k25519.pub.p = w->pub;
			k->k25519.pub.len = 32;
		} else if (k->k25519.pub.len != 32) {
			return -EINVAL;
		}
		return 0;
	}
	return -EINVAL;
}

static struct ncr_key *ncr_pk_key_legacy_dh(struct ncr_user *u,
					     struct ncr_pk_parts *k, u32 bits)
{
	struct ncr_pk_work *w;
	struct ncr_key *key;
	size_t slen = 0;
	void *scratch;
	int err;

	w = ncr_user_kvzalloc(u, sizeof(*w));
	if (IS_ERR(w))
		return ERR_CAST(w);
	scratch = ncr_pk_scratch(u, k->type, bits, &slen);
	if (IS_ERR(scratch)) {
		key = ERR_CAST(scratch);
		goto out_w;
	}
	err = ncr_pk_dh_params(k, w->q, sizeof(w->q), scratch);
	key = err ? ERR_PTR(err) : ncr_pk_key_new(u, k, bits);
	ncr_pk_scratch_free(u, scratch, slen);
out_w:
	ncr_user_kvfree(u, w, sizeof(*w));
	return key;
}

/* ---- import and export (called from key.c for public-key types) ---- */

int ncr_pk_usage_ok(u32 klass, u32 usage)
{
	if (klass == NCR_KEY_CLASS_PUBLIC &&
	    (usage & ~(NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_VERIFY |
		       NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_DERIVE)))
		return -EINVAL;
	return 0;
}

struct ncr_key *ncr_pk_import(struct ncr_user *u, u32 type, u32 format,
			      u32 bits, const u8 *data, size_t len)
{
	struct ncr_pk_parts k = { .type = type };
	struct ncr_pk_work *w;
	struct ncr_key *key;
	u32 kbits = 0;
	int err;

	switch (format) {
	case NCR_KEY_FORMAT_DEFAULT:
	case NCR_KEY_FORMAT_PKCS8:
		err = ncr_der_parse_key(NCR_DER_PKCS8, data, len, &k);
		k.priv = 1;
		break;
	case NCR_KEY_FORMAT_SPKI:
		err = ncr_der_parse_key(NCR_DER_SPKI, data, len, &k);
		k.priv = 0;
		break;
	case NCR_KEY_FORMAT_PKCS1:
		if (type != NCR_KEY_TYPE_RSA)
			return ERR_PTR(-EINVAL);
		k.priv = 1;
		err = ncr_der_parse_key(NCR_DER_PKCS1, data, len, &k);
		if (err) {
			memset(&k, 0, sizeof(k));
			k.type = type;
			err = ncr_der_parse_key(NCR_DER_PKCS1, data, len, &k);
			k.priv = 0;
		}
		k.type = NCR_PK_RSA;
		break;
	case NCR_KEY_FORMAT_RAW:
	case NCR_KEY_FORMAT_RAW_PUBLIC:
		k.priv = format == NCR_KEY_FORMAT_RAW;
		err = 0;
		if (type == NCR_KEY_TYPE_EC) {
			if (bits != NCR_EC_P256 && bits != NCR_EC_P384)
				return ERR_PTR(-EINVAL);
			k.ec.curve = bits;
			if (k.priv) {
				/* RFC 5915: exactly the field length */
				if (len != ncr_ec_field_len(bits))
					return ERR_PTR(-EINVAL);
				k.ec.d.p = data;
				k.ec.d.len = len;
			} else {
				k.ec.point.p = data;
				k.ec.point.len = len;
			}
		} else if (type == NCR_KEY_TYPE_X25519 ||
			   type == NCR_KEY_TYPE_ED25519) {
			if (len != 32)
				return ERR_PTR(-EINVAL);
			if (k.priv) {
				k.k25519.priv.p = data;
				k.k25519.priv.len = 32;
			} else {
				k.k25519.pub.p = data;
				k.k25519.pub.len = 32;
			}
		} else {
			return ERR_PTR(-EINVAL);
		}
		break;
	default:
		return ERR_PTR(-EINVAL);
	}
	if (err)
		return ERR_PTR(err);
	if (k.type != type || (format != NCR_KEY_FORMAT_RAW &&
			       format != NCR_KEY_FORMAT_RAW_PUBLIC && bits))
		return ERR_PTR(-EINVAL);
	w = ncr_user_kvzalloc(u, sizeof(*w));
	if (IS_ERR(w))
		return ERR_CAST(w);
	err = ncr_pk_complete(u, &k, w, &kbits);
	key = err ? ERR_PTR(err) : ncr_pk_key_new(u, &k, kbits);
	ncr_user_kvfree(u, w, sizeof(*w));
	return key;
}

/*
 * Writes key in format to buf (capacity *len; *len set to the length
 * written, or needed with -ERANGE).  Checks the export policy.
 */
int ncr_pk_export(const struct ncr_key *key, u32 format, u8 *buf, size_t *len)
{
	struct ncr_pk_parts k;
	struct ncr_bytes raw;
	bool secret_out;
	int err;

	err = ncr_pk_key_parts(key, &k);
	if (err)
		return err;
	if (format == NCR_KEY_FORMAT_DEFAULT)
		format = k.priv ? NCR_KEY_FORMAT_PKCS8 : NCR_KEY_FORMAT_SPKI;
	switch (format) {
	case NCR_KEY_FORMAT_SPKI:
	case NCR_KEY_FORMAT_RAW_PUBLIC:
	case NCR_KEY_FORMAT_PARAMS:
		secret_out = false;
		break;
	case NCR_KEY_FORMAT_PKCS8:
	case NCR_KEY_FORMAT_RAW:
		if (!k.priv)
			return -EINVAL;
		secret_out = true;
		break;
	case NCR_KEY_FORMAT_PKCS1:
		if (k.type != NCR_PK_RSA)
			return -EINVAL;
		secret_out = k.priv;
		break;
	default:
		return -EINVAL;
	}
	if (secret_out && !(key->flags & NCR_KEY_FLAG_EXPORTABLE))
		return -EPERM;
	ncr_pk_dh_drop_group_q(&k);

	switch (format) {
	case NCR_KEY_FORMAT_SPKI:
		ncr_pk_public_half(&k);
		return ncr_der_write_key(NCR_DER_SPKI, &k, buf, len);
	case NCR_KEY_FORMAT_PKCS8:
		return ncr_der_write_key(NCR_DER_PKCS8, &k, buf, len);
	case NCR_KEY_FORMAT_PKCS1:
		return ncr_der_write_key(NCR_DER_PKCS1, &k, buf, len);
	case NCR_KEY_FORMAT_PARAMS:
		if (k.type != NCR_PK_DSA && k.type != NCR_PK_DH)
			return -EINVAL;
		ncr_pk_public_half(&k);
		return ncr_der_write_key(NCR_DER_PARAMS, &k, buf, len);
	case NCR_KEY_FORMAT_RAW_PUBLIC:
		switch (k.type) {
		case NCR_PK_EC:
			raw = k.ec.point;
			break;
		case NCR_PK_X25519:
		case NCR_PK_ED25519:
			raw = k.k25519.pub;
			break;
		case NCR_PK_DSA:
		case NCR_PK_DH:
			raw = k.dl.y;
			break;
		default:
			return -EINVAL;
		}
		break;
	default:	/* RAW */
		switch (k.type) {
		case NCR_PK_EC:
			raw = k.ec.d;
			break;
		case NCR_PK_X25519:
		case NCR_PK_ED25519:
			raw = k.k25519.priv;
			break;
		default:
			return -EINVAL;
		}
		break;
	}
	if (*len < raw.len) {
		*len = raw.len;
		return -ERANGE;
	}
	memcpy(buf, raw.p, raw.len);
	*len = raw.len;
	return 0;
}

/* ---- pair generation ---- */

/* Public usage by default: the counterpart of each private usage. */
static u32 ncr_pk_public_usage(u32 usage)
{
	u32 pub = 0;

	if (usage & NCR_KEY_USAGE_SIGN)
		pub |= NCR_KEY_USAGE_VERIFY;
	if (usage & NCR_KEY_USAGE_DECRYPT)
		pub |= NCR_KEY_USAGE_ENCRYPT;
	if (usage & NCR_KEY_USAGE_UNWRAP)
		pub |= NCR_KEY_USAGE_WRAP;
	if (usage & NCR_KEY_USAGE_DERIVE)
		pub |= NCR_KEY_USAGE_DERIVE;
	return pub ?: NCR_KEY_USAGE_VERIFY;
}

/* Generated material: the largest is RSA-4096 or DH/DSA parameters. */
struct ncr_pk_gen {
	struct ncr_pk_parts k;
	struct ncr_pk_work w;
	u8 e[8];
	u8 buf[6 * 1024];	/* components written by the core */
};

static int ncr_pk_generate(struct ncr_user *u, struct ncr_pk_gen *g,
			   u32 type, u32 bits, u32 q_bits, const u8 *params,
			   size_t params_len, u32 *kbits)
{
	struct ncr_pk_parts *k = &g->k;
	size_t slen = 0, plen, qlen, xlen;
	void *scratch = NULL;
	u8 *p;
	int err;

	memset(k, 0, sizeof(*k));
	k->type = type;
	k->priv = 1;
	switch (type) {
	case NCR_KEY_TYPE_RSA:
		if (bits != 2048 && bits != 3072 && bits != 4096)
			return -EINVAL;
		if (q_bits || params_len > sizeof(g->e))
			return -EINVAL;
		if (!params_len) {
			g->e[0] = 1; g->e[1] = 0; g->e[2] = 1;
			params = g->e;
			params_len = 3;
		}
		scratch = ncr_pk_scratch(u, type, bits, &slen);
		if (IS_ERR(scratch))
			return PTR_ERR(scratch);
		if (NCR_RSA_GEN_BUF(bits) > sizeof(g->buf))
			err = -EINVAL;
		else
			err = ncr_rsa_generate(bits, params, params_len,
					       &ncr_kenv, g->buf,
					       sizeof(g->buf), &k->rsa,
					       scratch);
		*kbits = bits;
		break;
	case NCR_KEY_TYPE_DSA:
	case NCR_KEY_TYPE_DH:
		if (params_len) {
			k->priv = 0;
			err = ncr_der_parse_key(NCR_DER_PARAMS, params,
						params_len, k);
			k->priv = 1;
			if (err)
				return err;
			if (k->type != type)
				return -EINVAL;
			bits = ncr_bytes_bits(k->dl.p);
			if (bits < 2048 || bits > 8192 ||
			    (q_bits && q_bits != ncr_bytes_bits(k->dl.q)))
				return -EINVAL;
		} else if (type == NCR_KEY_TYPE_DH) {
			if (q_bits)
				return -EINVAL;
			err = ncr_dh_ffdhe(bits, &k->dl);
			if (err)
				return err;
		} else {
			q_bits = q_bits ?: 256;
			if (!((bits == 2048 && (q_bits == 224 ||
						 q_bits == 256)) ||
			      (bits == 3072 && q_bits == 256)))
				return -EINVAL;
		}
		*kbits = bits;
		plen = DIV_ROUND_UP(bits, 8);	/* p need not be whole bytes */
		scratch = ncr_pk_scratch(u, type, bits, &slen);
		if (IS_ERR(scratch))
			return PTR_ERR(scratch);
		p = g->buf;
		if (type == NCR_KEY_TYPE_DSA && !params_len) {
			qlen = q_bits / 8;
			err = ncr_dsa_paramgen(bits, q_bits, &ncr_kenv, p,
					       p + plen, p + plen + qlen,
					       scratch);
			if (err)
				break;
			k->dl.p = (struct ncr_bytes){ p, plen };
			k->dl.q = (struct ncr_bytes){ p + plen, qlen };
			k->dl.g = (struct ncr_bytes){ p + plen + qlen, plen };
			p += 2 * plen + qlen;
		} else if (params_len) {
			err = type == NCR_KEY_TYPE_DSA ?
				ncr_dsa_check_params(&k->dl, 1, &ncr_kenv,
						     scratch) :
				ncr_pk_dh_params(k, g->w.q, sizeof(g->w.q),
						 scratch);
			if (err)
				break;
		}
		qlen = k->dl.q.len ? k->dl.q.len : plen;
		if (type == NCR_KEY_TYPE_DSA) {
			err = ncr_dsa_generate(&k->dl, &ncr_kenv, p, p + qlen,
					       scratch);
			xlen = ncr_bytes_trim(k->dl.q).len;
		} else {
			xlen = plen;
			err = ncr_dh_generate(&k->dl, &ncr_kenv, p, &xlen,
					      p + plen, scratch);
			qlen = plen;
		}
		if (err)
			break;
		k->dl.x = (struct ncr_bytes){ p, xlen };
		k->dl.y = (struct ncr_bytes){ p + qlen, plen };
		break;
	case NCR_KEY_TYPE_EC:
		if (q_bits || params_len || !ncr_ec_field_len(bits))
			return -EINVAL;
		k->ec.curve = bits;
		*kbits = bits;
		err = ncr_ec_generate(bits, &ncr_kenv, g->buf, g->w.point);
		if (err)
			break;
		k->ec.d = (struct ncr_bytes){ g->buf, ncr_ec_field_len(bits) };
		k->ec.point = (struct ncr_bytes){ g->w.point,
				1 + 2 * ncr_ec_field_len(bits) };
		break;
	case NCR_KEY_TYPE_X25519:
	case NCR_KEY_TYPE_ED25519:
		if ((bits && bits != 255) || q_bits || params_len)
			return -EINVAL;
		*kbits = 255;
		get_random_bytes(g->buf, 32);
		if (type == NCR_KEY_TYPE_X25519)
			ncr_x25519_public(g->w.pub, g->buf);
		else
			ncr_ed25519_public(g->w.pub, g->buf);
		k->k25519.priv = (struct ncr_bytes){ g->buf, 32 };
		k->k25519.pub = (struct ncr_bytes){ g->w.pub, 32 };
		err = 0;
		break;
	default:
		return -EINVAL;
	}
	ncr_pk_scratch_free(u, scratch, slen);
	return err;
}

long ncr_key_generate_pair_ioctl(struct ncr_ucmd *uc)
{
	struct ncr_key_generate_pair *gp = uc->cmd;
	struct ncr_ns *ns = uc->ns;
	struct ncr_audit_ctx *ac = &uc->ac;
	struct ncr_key *priv = NULL, *pub = NULL;
	struct ncr_pk_gen *g;
	u32 kbits = 0, pub_flags;
	u8 *params = NULL;
	int err = 0;

	/* RSA_LEGACY is for imported keys: nothing weak is generated */
	if (gp->__reserved || !ncr_pk_type(gp->type) ||
	    (gp->flags & NCR_KEY_FLAG_RSA_LEGACY) ||
	    gp->label_size > NCR_KEY_LABEL_MAX ||
	    gp->params_size > NCR_MAX_PKEY_BYTES)
		return -EINVAL;
	err = ncr_key_check_policy(gp->flags, gp->usage);
	if (err)
		return err;
	gp->public_usage = gp->public_usage ?: ncr_pk_public_usage(gp->usage);
	err = ncr_key_check_policy(0, gp->public_usage) ?:
	      ncr_pk_usage_ok(NCR_KEY_CLASS_PUBLIC, gp->public_usage);
	if (err)
		return err;
	g = ncr_user_kvzalloc(ns->user, sizeof(*g));
	if (IS_ERR(g))
		return PTR_ERR(g);
	if (gp->params_size) {
		params = ncr_user_memdup(ns->user, ncr_uptr(gp->params),
					 gp->params_size);
		if (IS_ERR(params)) {
			err = PTR_ERR(params);
			params = NULL;
			goto out;
		}
	}
	err = ncr_pk_generate(ns->user, g, gp->type, gp->bits, gp->q_bits,
			      params, gp->params_size, &kbits);
	if (err)
		goto out;
	priv = ncr_pk_key_new(ns->user, &g->k, kbits);
	if (IS_ERR(priv)) {
		err = PTR_ERR(priv);
		priv = NULL;
		goto out;
	}
	ncr_pk_public_half(&g->k);
	pub = ncr_pk_key_new(ns->user, &g->k, kbits);
	if (IS_ERR(pub)) {
		err = PTR_ERR(pub);
		pub = NULL;
		goto out;
	}
	/* a trusted pair: the public half wraps to it */
	pub_flags = gp->flags & NCR_KEY_FLAG_TRUSTED;
	err = ncr_key_set_policy(priv, gp->flags, gp->usage, gp->algs,
				 NCR_KEY_ATTR_LOCAL |
				 NCR_KEY_ATTR_ALWAYS_SENSITIVE) ?:
	      ncr_key_set_policy(pub, pub_flags, gp->public_usage,
				 gp->public_algs, NCR_KEY_ATTR_LOCAL) ?:
	      ncr_key_set_label(priv, gp->label, gp->label_size);
	if (err)
		goto out;
	/* one key, one ID: the public half is named as its private half */
	memcpy(pub->key_id, priv->key_id, priv->key_id_len);
	pub->key_id_len = priv->key_id_len;
	memcpy(pub->label, priv->label, priv->label_len);
	pub->label_len = priv->label_len;

	ncr_audit_key(ac, 0, priv);
	err = ncr_ns_add_key(ns, priv, &gp->private_key);
	if (err)
		goto out;
	ac->handle = gp->private_key;
	err = ncr_ns_add_key(ns, pub, &gp->public_key);
	if (err) {
		ncr_ns_unpublish_key(ns, gp->private_key, priv);
		goto out;
	}
	err = ncr_ucmd_respond(uc, sizeof(*gp));
	if (err) {
		ncr_ns_unpublish_key(ns, gp->public_key, pub);
		ncr_ns_unpublish_key(ns, gp->private_key, priv);
	}
out:
	if (pub)
		ncr_key_put(pub);
	if (priv)
		ncr_key_put(priv);
	ncr_user_kvfree(ns->user, params, gp->params_size);
	ncr_user_kvfree(ns->user, g, sizeof(*g));
	return err;
}
