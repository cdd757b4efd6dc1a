/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sign.c - C_Sign*, C_Verify*, and RSA encryption (C_Encrypt/C_Decrypt
 * with CKM_RSA_PKCS, CKM_RSA_PKCS_OAEP, CKM_RSA_X_509); the operation
 * state is crypto.c's (crypto.h).
 *
 * How each mechanism runs:
 *  - HMAC and CMAC (and their _GENERAL forms): an ncr MAC session.  A
 *    truncated MAC is fixed at C_VerifyInit (the kernel checks exactly
 *    that many bytes); ncr takes no MAC shorter than 10 bytes (HMAC) or
 *    8 (CMAC): shorter _GENERAL lengths are CKR_MECHANISM_PARAM_INVALID.
 *  - The hash-and-sign mechanisms (CKM_SHA*_RSA_PKCS(_PSS),
 *    CKM_ECDSA_SHA*, CKM_DSA_SHA*) and CKM_EDDSA: an ncr public-key
 *    session hashing (or, for Ed25519, buffering) in the kernel, so any
 *    number of C_SignUpdate calls.
 *  - The mechanisms that take a hash value (CKM_RSA_PKCS, CKM_RSA_PKCS_PSS,
 *    CKM_ECDSA, CKM_DSA): the input is gathered and signed at the end
 *    with NCR_PK_FLAG_DIGEST.
 *      CKM_RSA_PKCS signs a DigestInfo: ncr never pads arbitrary data
 *      with PKCS #1 type 1 (its private key does only the RSASSA
 *      encodings of SHA-1..SHA-512 digests), so the DigestInfo of one of
 *      those hashes is recognised and its digest signed with that hash;
 *      any other input is CKR_DATA_INVALID.  Verification of other data
 *      (a public operation) is done here with libcrypto.
 *      CKM_ECDSA / CKM_DSA: ncr takes a digest of a SHA-1..SHA-512 length
 *      only; ECDSA and DSA use the leftmost bits of the order's length
 *      (X9.62, FIPS 186), so a longer input is cut to the order's bytes
 *      and a shorter one padded on the left with zeros to the next such
 *      length, neither of which changes the number signed.
 *  - ECDSA and DSA signatures are r || s (NCR_PK_FLAG_SIG_RAW).
 *  - RSA encryption and decryption: NCR_ALG_RSA_PKCS1 (decryption with
 *    implicit rejection: bad padding gives a synthetic message, never an
 *    error) and NCR_ALG_RSA_OAEP.  CKM_RSA_X_509 is offered for the
 *    public operations only (encrypt, verify), with libcrypto's
 *    BN_mod_exp on CKA_MODULUS / CKA_PUBLIC_EXPONENT: the kernel does no
 *    raw private RSA.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>

#include "crypto.h"

/* ------------------------------------------------------------ hashes */

static size_t hash_len(uint32_t h)
{
	switch (h) {
	case NCR_ALG_SHA1: return 20;
	case NCR_ALG_SHA224: return 28;
	case NCR_ALG_SHA256: return 32;
	case NCR_ALG_SHA384: return 48;
	case NCR_ALG_SHA512: return 64;
	}
	return 0;
}

/* The hashes ncr's public-key code takes (SHA-1..SHA-512). */
static uint32_t pk_hash(CK_MECHANISM_TYPE m)
{
	uint32_t h = p11_hash_alg(m);

	return hash_len(h) ? h : 0;
}

static uint32_t mgf_hash(CK_RSA_PKCS_MGF_TYPE mgf)
{
	switch (mgf) {
	case CKG_MGF1_SHA1: return NCR_ALG_SHA1;
	case CKG_MGF1_SHA224: return NCR_ALG_SHA224;
	case CKG_MGF1_SHA256: return NCR_ALG_SHA256;
	case CKG_MGF1_SHA384: return NCR_ALG_SHA384;
	case CKG_MGF1_SHA512: return NCR_ALG_SHA512;
	}
	return 0;
}

/* DigestInfo prefixes (RFC 8017 section 9.2, note 1). */
static const struct {
	uint32_t hash;
	uint8_t len;
	uint8_t der[19];
} digest_infos[] = {
	{ NCR_ALG_SHA1, 15, { 0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e,
			      0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14 } },
#define SHA2_DI(h, l, id) \
	{ h, 19, { 0x30, 0x11 + (l), 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, \
		   0x48, 0x01, 0x65, 0x03, 0x04, 0x02, id, 0x05, 0x00, \
		   0x04, l } }
	SHA2_DI(NCR_ALG_SHA224, 28, 0x04),
	SHA2_DI(NCR_ALG_SHA256, 32, 0x01),
	SHA2_DI(NCR_ALG_SHA384, 48, 0x02),
	SHA2_DI(NCR_ALG_SHA512, 64, 0x03),
#undef SHA2_DI
};

/* The hash and digest of a DigestInfo, or 0. */
static uint32_t digest_info_parse(const uint8_t *in, size_t len,
				  const uint8_t **dg, size_t *dlen)
{
	size_t i;

	for (i = 0; i < P11_ARRAY_SIZE(digest_infos); i++) {
		size_t pl = digest_infos[i].len;
		size_t hl = hash_len(digest_infos[i].hash);

		if (len == pl + hl && !memcmp(in, digest_infos[i].der, pl)) {
			*dg = in + pl;
			*dlen = hl;
			return digest_infos[i].hash;
		}
	}
	return 0;
}

/* CKM_ECDSA / CKM_DSA input to a digest ncr takes (see the top). */
static CK_RV dsa_digest(const uint8_t *in, size_t len, size_t qlen,
			uint8_t *dg, size_t *dlen, uint32_t *hash)
{
	static const size_t lens[] = { 20, 28, 32, 48, 64 };
	size_t i, want = 0;

	if (!len)
		return CKR_DATA_LEN_RANGE;
	if (len >= qlen) {
		want = qlen;
		len = qlen;
	} else {
		for (i = 0; i < P11_ARRAY_SIZE(lens) && !want; i++)
			if (lens[i] >= len)
				want = lens[i];
	}
	for (i = 0; i < P11_ARRAY_SIZE(lens); i++)
		if (lens[i] == want)
			break;
	if (!want || i == P11_ARRAY_SIZE(lens))
		return CKR_KEY_SIZE_RANGE;	/* an order ncr does not have */
	*hash = i == 0 ? NCR_ALG_SHA1 : i == 1 ? NCR_ALG_SHA224 :
		i == 2 ? NCR_ALG_SHA256 : i == 3 ? NCR_ALG_SHA384 :
		NCR_ALG_SHA512;
	memset(dg, 0, want - len);
	memcpy(dg + want - len, in, len);
	*dlen = want;
	return CKR_OK;
}

/* ---------------------------------------------------------- key facts */

/* Tiny DER reader: the next element of tag at *p; its contents. */
static bool der_next(const uint8_t **p, const uint8_t *end, uint8_t tag,
		     const uint8_t **val, size_t *len)
{
	const uint8_t *q = *p;
	size_t l, n;

	if (end - q < 2 || q[0] != tag)
		return false;
	l = q[1];
	q += 2;
	if (l & 0x80) {
		n = l & 0x7f;
		if (!n || n > 4 || (size_t)(end - q) < n)
			return false;
		for (l = 0; n; n--)
			l = (l << 8) | *q++;
	}
	if ((size_t)(end - q) < l)
		return false;
	*val = q;
	*len = l;
	*p = q + l;
	return true;
}

/* A big-endian integer without its leading zero bytes. */
static void strip_zeros(const uint8_t **v, size_t *len)
{
	while (*len > 1 && !**v) {
		(*v)++;
		(*len)--;
	}
}

static CK_RV dup_bytes(const uint8_t *v, size_t len, uint8_t **out,
		       size_t *olen)
{
	strip_zeros(&v, &len);
	*out = malloc(len ? len : 1);
	if (!*out)
		return CKR_HOST_MEMORY;
	memcpy(*out, v, len);
	*olen = len;
	return CKR_OK;
}

/* The first two INTEGERs of the kernel's export of the key in fmt, a
 * SEQUENCE (RSAPublicKey: n, e; Dss-Parms: p, q); they point into der. */
static CK_RV export_two_ints(uint32_t key, uint32_t fmt, uint8_t *der,
			     size_t size, const uint8_t **a, size_t *al,
			     const uint8_t **b, size_t *bl)
{
	const uint8_t *p = der, *end, *seq;
	size_t len = size, sl;
	int err;

	err = ncr_key_export_fmt(p11.fd, key, fmt, der, &len);
	if (err)
		return p11_rv(err);
	end = der + len;
	if (!der_next(&p, end, 0x30, &seq, &sl))
		return CKR_DEVICE_ERROR;
	p = seq;
	end = seq + sl;
	if (!der_next(&p, end, 0x02, a, al) ||
	    !der_next(&p, end, 0x02, b, bl))
		return CKR_DEVICE_ERROR;
	return CKR_OK;
}

/* The RSA public key: CKA_MODULUS and CKA_PUBLIC_EXPONENT, or the
 * kernel's RSAPublicKey export of a public key object. */
static CK_RV rsa_pub_load(struct p11_op *op, struct p11_object *o)
{
	const struct p11_attr *an, *ae;
	uint8_t der[1200];
	const uint8_t *n, *e;
	size_t nl, el;
	CK_RV rv;

	an = p11_attrs_find(&o->attrs, CKA_MODULUS);
	ae = p11_attrs_find(&o->attrs, CKA_PUBLIC_EXPONENT);
	if (an && ae && an->len && ae->len) {
		rv = dup_bytes(an->val, an->len, &op->n, &op->n_len);
		if (rv == CKR_OK)
			rv = dup_bytes(ae->val, ae->len, &op->e, &op->e_len);
		return rv;
	}
	rv = export_two_ints(op->key, NCR_KEY_FORMAT_PKCS1, der, sizeof(der),
			     &n, &nl, &e, &el);
	if (rv != CKR_OK)
		return rv;
	rv = dup_bytes(n, nl, &op->n, &op->n_len);
	if (rv == CKR_OK)
		rv = dup_bytes(e, el, &op->e, &op->e_len);
	return rv;
}

/* DSA: bytes of q, from CKA_SUBPRIME or the kernel's Dss-Parms. */
static CK_RV dsa_qlen(struct p11_op *op, struct p11_object *o)
{
	const struct p11_attr *aq = p11_attrs_find(&o->attrs, CKA_SUBPRIME);
	uint8_t der[1200];
	const uint8_t *pv, *v;
	size_t pl, l;
	CK_RV rv;

	if (aq && aq->len) {
		v = aq->val;
		l = aq->len;
	} else {
		rv = export_two_ints(op->key, NCR_KEY_FORMAT_PARAMS, der,
				     sizeof(der), &pv, &pl, &v, &l);
		if (rv != CKR_OK)
			return rv;
	}
	strip_zeros(&v, &l);
	op->q_len = l;
	return CKR_OK;
}

/* Sizes of a public-key operation from the kernel's key info. */
static CK_RV pk_sizes(struct p11_op *op, struct p11_object *o)
{
	struct ncr_key_info ki;
	CK_RV rv;
	int err;

	err = ncr_key_get_info(p11.fd, op->key, &ki);
	if (err)
		return p11_rv(err);
	switch (o->ktype) {
	case CKK_RSA:
		if (ki.bits < 1024 || ki.bits > 4096)
			return CKR_KEY_SIZE_RANGE;
		op->mod_len = (ki.bits + 7) / 8;
		op->out_len = op->mod_len;
		/* below 2048 bits the kernel refuses private operations
		 * unless the key was imported as a legacy one */
		if (ki.bits < 2048 && ki.key_class == NCR_KEY_CLASS_PRIVATE &&
		    !(ki.flags & NCR_KEY_FLAG_RSA_LEGACY))
			return CKR_KEY_SIZE_RANGE;
		break;
	case CKK_EC:
		if (ki.bits != 256 && ki.bits != 384)
			return CKR_KEY_SIZE_RANGE;
		op->q_len = ki.bits / 8;
		op->out_len = 2 * op->q_len;
		break;
	case CKK_EC_EDWARDS:
		op->out_len = 64;
		break;
	case CKK_DSA:
		rv = dsa_qlen(op, o);
		if (rv != CKR_OK)
			return rv;
		if (op->q_len != 20 && op->q_len != 28 && op->q_len != 32)
			return CKR_KEY_SIZE_RANGE;
		op->out_len = 2 * op->q_len;
		break;
	default:
		return CKR_KEY_TYPE_INCONSISTENT;
	}
	return CKR_OK;
}

/* ---------------------------------------------------- RSA in libcrypto */

/* out (mod_len bytes) = in^e mod n; in is mod_len bytes.  Returns
 * CKR_DATA_INVALID if in >= n. */
static CK_RV rsa_public(struct p11_op *op, const uint8_t *in, uint8_t *out)
{
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *n = NULL, *e = NULL, *x = NULL, *y = NULL;
	CK_RV rv = CKR_HOST_MEMORY;

	if (!ctx)
		return rv;
	n = BN_bin2bn(op->n, (int)op->n_len, NULL);
	e = BN_bin2bn(op->e, (int)op->e_len, NULL);
	x = BN_bin2bn(in, (int)op->mod_len, NULL);
	y = BN_new();
	if (!n || !e || !x || !y)
		goto out;
	if (BN_cmp(x, n) >= 0) {
		rv = CKR_DATA_INVALID;
		goto out;
	}
	rv = CKR_FUNCTION_FAILED;
	if (!BN_mod_exp(y, x, e, n, ctx))
		goto out;
	if (BN_bn2binpad(y, out, (int)op->mod_len) != (int)op->mod_len)
		goto out;
	rv = CKR_OK;
out:
	BN_free(n);
	BN_free(e);
	BN_clear_free(x);
	BN_clear_free(y);
	BN_CTX_free(ctx);
	return rv;
}

/* The public key ready for rsa_public (the modulus of the kernel key). */
static CK_RV rsa_pub_ready(struct p11_op *op, struct p11_object *o)
{
	CK_RV rv = rsa_pub_load(op, o);

	if (rv != CKR_OK)
		return rv;
	if (op->n_len != op->mod_len || op->e_len > op->mod_len)
		return CKR_KEY_TYPE_INCONSISTENT;
	return CKR_OK;
}

/* The longest message of an RSA mechanism on this key. */
static size_t rsa_msg_max(const struct p11_op *op)
{
	size_t k = op->mod_len;

	if (op->mech == CKM_RSA_X_509)
		return k;
	if (op->mech == CKM_RSA_PKCS)
		return k - 11;
	return k - 2 * hash_len(op->pk.hash) - 2;	/* OAEP */
}

/* CKM_RSA_X_509 / CKM_RSA_PKCS verification here: the signature's
 * public transform equals the expected block. */
static CK_RV rsa_verify_raw(struct p11_op *op, const uint8_t *in,
			    size_t len, const uint8_t *sig, size_t sig_len)
{
	size_t k = op->mod_len, i;
	uint8_t *em, *want;
	CK_RV rv;

	if (sig_len != k)
		return CKR_SIGNATURE_LEN_RANGE;
	if (len > rsa_msg_max(op))
		return CKR_DATA_LEN_RANGE;
	em = calloc(2, k);
	if (!em)
		return CKR_HOST_MEMORY;
	want = em + k;
	rv = rsa_public(op, sig, em);
	if (rv == CKR_DATA_INVALID)
		rv = CKR_SIGNATURE_INVALID;
	if (rv != CKR_OK)
		goto out;
	if (op->mech == CKM_RSA_PKCS) {
		/* 00 01 FF..FF 00 data */
		want[1] = 0x01;
		for (i = 2; i < k - len - 1; i++)
			want[i] = 0xff;
	}
	memcpy(want + k - len, in, len);
	rv = memcmp(em, want, k) ? CKR_SIGNATURE_INVALID : CKR_OK;
out:
	free(em);
	return rv;
}

/* ------------------------------------------------------- mechanisms */

static CK_RV pss_params(struct p11_op *op, CK_MECHANISM_PTR mech)
{
	const CK_RSA_PKCS_PSS_PARAMS *p = p11_mech_param(mech, sizeof(*p));
	uint32_t h;

	if (!p)
		return CKR_MECHANISM_PARAM_INVALID;
	h = pk_hash(p->hashAlg);
	if (!h || !mgf_hash(p->mgf) || (op->m->hash && h != op->m->hash))
		return CKR_MECHANISM_PARAM_INVALID;
	if (p->sLen > op->mod_len)
		return CKR_MECHANISM_PARAM_INVALID;
	op->pk.hash = h;
	op->pk.mgf1_hash = mgf_hash(p->mgf);
	op->pk.salt_size = p->sLen;
	return CKR_OK;
}

static CK_RV eddsa_params(CK_MECHANISM_PTR mech)
{
	const CK_EDDSA_PARAMS *p = p11_mech_param(mech, sizeof(*p));

	if (!mech->ulParameterLen)
		return CKR_OK;
	/* pure Ed25519 only: no prehash, no context */
	if (!p || p->phFlag || p->ulContextDataLen)
		return CKR_MECHANISM_PARAM_INVALID;
	return CKR_OK;
}

static CK_RV mac_setup(struct p11_op *op, CK_MECHANISM_PTR mech)
{
	uint32_t nop = op->kind == P11_OP_SIGN ? NCR_OP_SIGN : NCR_OP_VERIFY;
	bool general = op->mech == CKM_AES_CMAC_GENERAL ||
		       op->mech == CKM_SHA_1_HMAC_GENERAL ||
		       op->mech == CKM_SHA224_HMAC_GENERAL ||
		       op->mech == CKM_SHA256_HMAC_GENERAL ||
		       op->mech == CKM_SHA384_HMAC_GENERAL ||
		       op->mech == CKM_SHA512_HMAC_GENERAL ||
		       op->mech == CKM_SHA3_256_HMAC_GENERAL ||
		       op->mech == CKM_SHA3_512_HMAC_GENERAL;
	size_t min = op->alg == NCR_ALG_CMAC_AES ? 8 : 10, want = 0;
	const CK_MAC_GENERAL_PARAMS *gp;
	struct ncr_alg_props pr;
	int err;

	op->how = P11_HOW_STREAM;
	if (ncr_alg_props(op->alg, &pr) || !pr.tag_size)
		return CKR_MECHANISM_INVALID;
	op->out_len = pr.tag_size;
	if (general) {
		gp = p11_mech_param(mech, sizeof(*gp));
		if (!gp)
			return CKR_MECHANISM_PARAM_INVALID;
		want = *gp;
		/* ncr refuses shorter MACs (forgeable by guessing) */
		if (want < min || want > pr.tag_size)
			return CKR_MECHANISM_PARAM_INVALID;
		op->out_len = want;
		if (want == pr.tag_size)
			want = 0;
	} else if (mech->ulParameterLen) {
		return CKR_MECHANISM_PARAM_INVALID;
	}
	err = ncr_session_init(p11.fd, op->alg, nop, op->key, NULL, 0, want,
			       0, &op->ses);
	if (err == -EINVAL)
		return CKR_KEY_SIZE_RANGE;
	return p11_rv(err);
}

CK_RV p11_sign_setup(struct p11_op *op, struct p11_object *o,
		     CK_MECHANISM_PTR mech)
{
	uint32_t nop = op->kind == P11_OP_SIGN ? NCR_OP_SIGN : NCR_OP_VERIFY;
	CK_RV rv;
	int err;

	if (op->m->ktype == CKK_GENERIC_SECRET || op->m->ktype == CKK_AES)
		return mac_setup(op, mech);

	rv = pk_sizes(op, o);
	if (rv != CKR_OK)
		return rv;
	switch (op->mech) {
	case CKM_RSA_PKCS:
	case CKM_ECDSA:
	case CKM_DSA:
		if (mech->ulParameterLen)
			return CKR_MECHANISM_PARAM_INVALID;
		op->how = P11_HOW_ACC;
		break;
	case CKM_RSA_X_509:
		if (mech->ulParameterLen)
			return CKR_MECHANISM_PARAM_INVALID;
		op->how = P11_HOW_ACC;
		return rsa_pub_ready(op, o);
	case CKM_RSA_PKCS_PSS:
		op->how = P11_HOW_ACC;
		return pss_params(op, mech);
	case CKM_EDDSA:
		rv = eddsa_params(mech);
		if (rv != CKR_OK)
			return rv;
		op->how = P11_HOW_STREAM;
		break;
	default:
		/* hash-and-sign */
		if (!op->m->hash)
			return CKR_MECHANISM_INVALID;
		op->how = P11_HOW_STREAM;
		op->pk.hash = op->m->hash;
		if (op->alg == NCR_ALG_RSA_PSS) {
			rv = pss_params(op, mech);
			if (rv != CKR_OK)
				return rv;
		} else if (mech->ulParameterLen) {
			return CKR_MECHANISM_PARAM_INVALID;
		}
		break;
	}
	if (op->alg == NCR_ALG_ECDSA || op->alg == NCR_ALG_DSA)
		op->pk.flags |= NCR_PK_FLAG_SIG_RAW;
	if (op->how == P11_HOW_ACC)
		return CKR_OK;
	err = ncr_pk_session_init(p11.fd, op->alg, nop, op->key, &op->pk,
				  &op->ses);
	if (err == -EINVAL)
		return CKR_MECHANISM_PARAM_INVALID;
	return p11_rv(err);
}

CK_RV p11_pk_crypt_setup(struct p11_op *op, struct p11_object *o,
			 CK_MECHANISM_PTR mech)
{
	const CK_RSA_PKCS_OAEP_PARAMS *p = p11_mech_param(mech, sizeof(*p));
	CK_RV rv;

	op->how = P11_HOW_ACC;
	rv = pk_sizes(op, o);
	if (rv != CKR_OK)
		return rv;
	switch (op->mech) {
	case CKM_RSA_PKCS:
		return mech->ulParameterLen ? CKR_MECHANISM_PARAM_INVALID :
					      CKR_OK;
	case CKM_RSA_X_509:
		if (mech->ulParameterLen)
			return CKR_MECHANISM_PARAM_INVALID;
		return rsa_pub_ready(op, o);
	case CKM_RSA_PKCS_OAEP:
		break;
	default:
		return CKR_MECHANISM_INVALID;
	}
	if (!p)
		return CKR_MECHANISM_PARAM_INVALID;
	op->pk.hash = pk_hash(p->hashAlg);
	op->pk.mgf1_hash = mgf_hash(p->mgf);
	if (!op->pk.hash || !op->pk.mgf1_hash)
		return CKR_MECHANISM_PARAM_INVALID;
	if (p->source != CKZ_DATA_SPECIFIED &&
	    (p->source || p->ulSourceDataLen))
		return CKR_MECHANISM_PARAM_INVALID;
	if (p->ulSourceDataLen) {
		if (!p->pSourceData || p->ulSourceDataLen > NCR_COPY_BOUND)
			return CKR_MECHANISM_PARAM_INVALID;
		op->label = malloc(p->ulSourceDataLen);
		if (!op->label)
			return CKR_HOST_MEMORY;
		memcpy(op->label, p->pSourceData, p->ulSourceDataLen);
		op->pk.label = op->label;
		op->pk.label_len = p->ulSourceDataLen;
	}
	if (op->mod_len < 2 * hash_len(op->pk.hash) + 2)
		return CKR_KEY_SIZE_RANGE;
	return CKR_OK;
}

/* ---------------------------------------------------- RSA encryption */

CK_RV p11_pk_encrypt(struct p11_op *op, const uint8_t *in, size_t len,
		     CK_BYTE_PTR out, CK_ULONG_PTR out_len, bool *query)
{
	size_t k = op->mod_len, got = k;
	uint8_t *blk;
	CK_RV rv;
	int err;

	if (len > rsa_msg_max(op))
		return CKR_DATA_LEN_RANGE;
	rv = p11_out_check(out, out_len, k, query);
	if (rv != CKR_OK || *query)
		return rv;
	if (op->mech == CKM_RSA_X_509) {
		blk = calloc(1, k);
		if (!blk)
			return CKR_HOST_MEMORY;
		memcpy(blk + k - len, in, len);
		rv = rsa_public(op, blk, out);
		p11_wipe(blk, k);
		free(blk);
		if (rv == CKR_OK)
			*out_len = k;
		return rv;
	}
	err = ncr_pk_encrypt(p11.fd, op->alg, op->key, &op->pk, in, len, out,
			     &got);
	if (err)
		return err == -EINVAL ? CKR_DATA_LEN_RANGE : p11_rv(err);
	*out_len = got;
	return CKR_OK;
}

CK_RV p11_pk_decrypt(struct p11_op *op, const uint8_t *in, size_t len,
		     CK_BYTE_PTR out, CK_ULONG_PTR out_len, bool *query)
{
	size_t k = op->mod_len, got;
	uint8_t *tmp;
	int err;

	if (op->have_res)
		return p11_res_deliver(op, out, out_len, query);
	if (len != k)
		return CKR_ENCRYPTED_DATA_LEN_RANGE;
	if (!out)
		return p11_out_check(out, out_len, rsa_msg_max(op), query);
	/* The message length is known after the work: decrypt into room
	 * for the longest one, and keep the result if it does not fit. */
	tmp = malloc(k);
	if (!tmp)
		return CKR_HOST_MEMORY;
	got = k;
	err = ncr_pk_decrypt(p11.fd, op->alg, op->key, &op->pk, in, len, tmp,
			     &got);
	if (err) {
		p11_wipe(tmp, k);
		free(tmp);
		if (err == -EBADMSG)
			return CKR_ENCRYPTED_DATA_INVALID;
		return err == -EINVAL ? CKR_ENCRYPTED_DATA_INVALID :
					p11_rv(err);
	}
	return p11_res_offer(op, tmp, k, got, out, out_len);
}

/* ---------------------------------------------------- sign / verify */

/*
 * What a hash-value mechanism (P11_HOW_ACC) signs or verifies for the
 * input in, len: *pk with the hash and NCR_PK_FLAG_DIGEST, and the
 * digest *dg, *dlen (in itself, in a DigestInfo, or made in dgbuf).
 * CKR_DATA_INVALID: a CKM_RSA_PKCS input that is no DigestInfo.
 */
static CK_RV acc_digest(struct p11_op *op, const uint8_t *in, size_t len,
			struct ncr_pk_params *pk, uint8_t *dgbuf,
			const uint8_t **dg, size_t *dlen)
{
	CK_RV rv;

	*pk = op->pk;
	*dg = in;
	*dlen = len;
	switch (op->mech) {
	case CKM_RSA_PKCS:
		if (len > rsa_msg_max(op))
			return CKR_DATA_LEN_RANGE;
		/* ncr signs DigestInfos of SHA-1..SHA-512 only */
		pk->hash = digest_info_parse(in, len, dg, dlen);
		if (!pk->hash)
			return CKR_DATA_INVALID;
		break;
	case CKM_RSA_PKCS_PSS:
		if (len != hash_len(pk->hash))
			return CKR_DATA_LEN_RANGE;
		break;
	case CKM_ECDSA:
	case CKM_DSA:
		rv = dsa_digest(in, len, op->q_len, dgbuf, dlen, &pk->hash);
		if (rv != CKR_OK)
			return rv;
		*dg = dgbuf;
		break;
	default:
		return CKR_FUNCTION_FAILED;
	}
	pk->flags |= NCR_PK_FLAG_DIGEST;
	return CKR_OK;
}

CK_RV p11_acc_sign(struct p11_op *op, const uint8_t *in, size_t len,
		   CK_BYTE_PTR out, CK_ULONG_PTR out_len, bool *query)
{
	struct ncr_pk_params pk;
	uint8_t dgbuf[64];
	const uint8_t *dg;
	size_t dlen, got;
	CK_RV rv;
	int err;

	rv = acc_digest(op, in, len, &pk, dgbuf, &dg, &dlen);
	if (rv != CKR_OK)
		return rv;
	rv = p11_out_check(out, out_len, op->out_len, query);
	if (rv != CKR_OK || *query)
		return rv;
	got = *out_len;
	err = ncr_sign(p11.fd, op->alg, op->key, &pk, dg, dlen, out, &got);
	p11_wipe(dgbuf, sizeof(dgbuf));
	if (err)
		return err == -ERANGE ? CKR_DEVICE_ERROR : p11_rv(err);
	*out_len = got;
	return CKR_OK;
}

static CK_RV acc_verify(struct p11_op *op, const uint8_t *in, size_t len,
			const uint8_t *sig, size_t sig_len)
{
	struct ncr_pk_params pk;
	uint8_t dgbuf[64];
	const uint8_t *dg;
	size_t dlen;
	CK_RV rv;
	int err;

	if (sig_len != op->out_len)
		return CKR_SIGNATURE_LEN_RANGE;
	if (op->mech == CKM_RSA_X_509)
		return rsa_verify_raw(op, in, len, sig, sig_len);
	rv = acc_digest(op, in, len, &pk, dgbuf, &dg, &dlen);
	/* CKM_RSA_PKCS of other data: a public operation, done here when
	 * the key is loaded (sig_init) */
	if (rv == CKR_DATA_INVALID && op->mech == CKM_RSA_PKCS && op->n)
		return rsa_verify_raw(op, in, len, sig, sig_len);
	if (rv != CKR_OK)
		return rv;
	err = ncr_verify(p11.fd, op->alg, op->key, &pk, dg, dlen, sig,
			 sig_len);
	if (err < 0)
		return p11_rv(err);
	return err == NCR_VERIFY_OK ? CKR_OK : CKR_SIGNATURE_INVALID;
}

static CK_RV stream_verify(struct p11_op *op, const uint8_t *in, size_t len,
			   const uint8_t *sig, size_t sig_len)
{
	int err;

	if (sig_len != op->out_len)
		return CKR_SIGNATURE_LEN_RANGE;
	err = ncr_session_verify(p11.fd, op->ses, in, len, sig, sig_len);
	op->ses = 0;
	if (err < 0)
		return p11_rv(err);
	return err == NCR_VERIFY_OK ? CKR_OK : CKR_SIGNATURE_INVALID;
}

static CK_RV sig_init(CK_SESSION_HANDLE h, enum p11_op_kind kind,
		      CK_MECHANISM_PTR mech, CK_OBJECT_HANDLE key)
{
	struct p11_session *s;
	struct p11_object *o;
	struct p11_op *op;
	CK_RV rv;

	rv = p11_op_init(h, kind, mech, key, &s, &op);
	if (rv != CKR_OK || !op)
		return rv;
	/* CKM_RSA_PKCS verification of data that is no DigestInfo needs
	 * the public key here */
	if (kind == P11_OP_VERIFY && op->mech == CKM_RSA_PKCS) {
		o = p11_object_get(s, key);
		rv = o ? rsa_pub_ready(op, o) : CKR_KEY_HANDLE_INVALID;
		if (rv != CKR_OK) {
			/* no key attributes: DigestInfos still verify */
			free(op->n);
			free(op->e);
			op->n = op->e = NULL;
		}
	}
	return CKR_OK;
}

/* C_Verify (once, the data in, len) and C_VerifyFinal: the operation
 * ends whatever the answer. */
static CK_RV verify_call(CK_SESSION_HANDLE h, bool once, const uint8_t *in,
			 CK_ULONG len, const uint8_t *sig, CK_ULONG sig_len)
{
	struct p11_session *s;
	struct p11_op *op;
	CK_RV rv;

	rv = p11_op_args(h, P11_OP_VERIFY, (in || !len) && (sig || !sig_len),
			 once, &s, &op);
	if (rv != CKR_OK)
		return rv;
	if (!once) {
		in = op->buf;		/* see p11_op_result */
		len = op->len;
	}
	if (op->how == P11_HOW_ACC)
		rv = acc_verify(op, in, len, sig, sig_len);
	else
		rv = stream_verify(op, in, len, sig, sig_len);
	p11_op_end(s, P11_OP_VERIFY);
	return rv;
}

P11_EXPORT CK_RV C_SignInit(CK_SESSION_HANDLE hSession,
			    CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey)
{
	P11_ENTER();
	P11_RETURN(sig_init(hSession, P11_OP_SIGN, pMechanism, hKey));
}

P11_EXPORT CK_RV C_Sign(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData,
			CK_ULONG ulDataLen, CK_BYTE_PTR pSignature,
			CK_ULONG_PTR pulSignatureLen)
{
	P11_ENTER();
	P11_RETURN(p11_op_result(hSession, P11_OP_SIGN, true, pData,
				 ulDataLen, pSignature, pulSignatureLen));
}

P11_EXPORT CK_RV C_SignUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart,
			      CK_ULONG ulPartLen)
{
	P11_ENTER();
	P11_RETURN(p11_op_update(hSession, P11_OP_SIGN, pPart, ulPartLen));
}

P11_EXPORT CK_RV C_SignFinal(CK_SESSION_HANDLE hSession,
			     CK_BYTE_PTR pSignature,
			     CK_ULONG_PTR pulSignatureLen)
{
	P11_ENTER();
	P11_RETURN(p11_op_result(hSession, P11_OP_SIGN, false, NULL, 0,
				 pSignature, pulSignatureLen));
}

P11_EXPORT CK_RV C_VerifyInit(CK_SESSION_HANDLE hSession,
			      CK_MECHANISM_PTR pMechanism,
			      CK_OBJECT_HANDLE hKey)
{
	P11_ENTER();
	P11_RETURN(sig_init(hSession, P11_OP_VERIFY, pMechanism, hKey));
}

P11_EXPORT CK_RV C_Verify(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData,
			  CK_ULONG ulDataLen, CK_BYTE_PTR pSignature,
			  CK_ULONG ulSignatureLen)
{
	P11_ENTER();
	P11_RETURN(verify_call(hSession, true, pData, ulDataLen, pSignature,
			       ulSignatureLen));
}

P11_EXPORT CK_RV C_VerifyUpdate(CK_SESSION_HANDLE hSession,
				CK_BYTE_PTR pPart, CK_ULONG ulPartLen)
{
	P11_ENTER();
	P11_RETURN(p11_op_update(hSession, P11_OP_VERIFY, pPart, ulPartLen));
}

P11_EXPORT CK_RV C_VerifyFinal(CK_SESSION_HANDLE hSession,
			       CK_BYTE_PTR pSignature,
			       CK_ULONG ulSignatureLen)
{
	P11_ENTER();
	P11_RETURN(verify_call(hSession, false, NULL, 0, pSignature,
			       ulSignatureLen));
}
