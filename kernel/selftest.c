// SPDX-License-Identifier: GPL-2.0
/*
 * selftest.c - known-answer tests at module load, through the allowlist
 * (ncr_alg_find + ncr_tfm_alloc), so that the names user space reaches are
 * checked to compute what the standards say, whichever driver serves them.
 * A wrong answer fails the module load (-ELIBBAD); an algorithm the kernel
 * lacks is skipped with a warning (sessions on it give EOPNOTSUPP).
 *
 * Vectors: SHA-256("abc") (FIPS 180-2 B.1), HMAC-SHA256 RFC 4231 case 2,
 * AES-128-CBC SP 800-38A F.2.1 (first block), AES-128-GCM from the GCM
 * specification's test case 2 (zero key, IV and plaintext).
 */
#include <linux/slab.h>
#include <linux/scatterlist.h>
#include "ncr-int.h"

static const u8 kat_sha256_abc[32] = {
	0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde,
	0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c,
	0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad };
static const u8 kat_hmac[32] = {
	0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e, 0x6a, 0x04, 0x24, 0x26,
	0x08, 0x95, 0x75, 0xc7, 0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27, 0x39, 0x83,
	0x9d, 0xec, 0x58, 0xb9, 0x64, 0xec, 0x38, 0x43 };
static const u8 kat_aes_key[16] = {
	0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88,
	0x09, 0xcf, 0x4f, 0x3c };
static const u8 kat_cbc_pt[16] = {
	0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96, 0xe9, 0x3d, 0x7e, 0x11,
	0x73, 0x93, 0x17, 0x2a };
static const u8 kat_cbc_ct[16] = {
	0x76, 0x49, 0xab, 0xac, 0x81, 0x19, 0xb2, 0x46, 0xce, 0xe9, 0x8e, 0x9b,
	0x12, 0xe9, 0x19, 0x7d };
static const u8 kat_gcm_ct_tag[32] = {
	0x03, 0x88, 0xda, 0xce, 0x60, 0xb6, 0xa3, 0x92, 0xf3, 0x28, 0xc2, 0xb9,
	0x71, 0xb2, 0xfe, 0x78, 0xab, 0x6e, 0x47, 0xd4, 0x2c, 0xec, 0x13, 0xbd,
	0xf5, 0x3a, 0x67, 0xb2, 0x12, 0x57, 0xbd, 0xdf };

/* 0 pass, 1 skipped (not in this kernel), <0 failure */
static int ncr_kat_hash(u32 id, const u8 *key, u32 klen, const u8 *msg,
			u32 len, const u8 *want)
{
	const struct ncr_alg *alg = ncr_alg_find(id);
	u8 out[64];
	struct ncr_tfm t;
	int err;

	if (ncr_tfm_alloc(alg, false, &t))
		return 1;
	err = key ? crypto_shash_setkey(t.sh, key, klen) : 0;
	if (!err)
		err = crypto_shash_tfm_digest(t.sh, msg, len, out);
	ncr_tfm_release(&t);
	if (!err && memcmp(out, want, alg->tag))
		err = -ELIBBAD;
	return err;
}

/* AES-128-CBC or AES-128-GCM encryption of buf (16 bytes, + 16 for a tag) */
static int ncr_kat_cipher(u32 id, const u8 *key, const u8 *iv, u8 *buf,
			  const u8 *want, u32 want_len)
{
	const struct ncr_alg *alg = ncr_alg_find(id);
	DECLARE_CRYPTO_WAIT(wait);
	struct scatterlist sg;
	struct ncr_tfm t;
	u8 ivbuf[16];
	void *req;
	int err;

	if (ncr_tfm_alloc(alg, false, &t))
		return 1;
	memcpy(ivbuf, iv, sizeof(ivbuf));
	sg_init_one(&sg, buf, want_len);
	if (alg->kind == NCR_KIND_CIPHER) {
		err = crypto_skcipher_setkey(t.sk, key, 16);
		req = err ? NULL : skcipher_request_alloc(t.sk, GFP_KERNEL);
		if (req) {
			skcipher_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP,
						      crypto_req_done, &wait);
			skcipher_request_set_crypt(req, &sg, &sg, 16, ivbuf);
			err = crypto_wait_req(crypto_skcipher_encrypt(req),
					      &wait);
			skcipher_request_free(req);
		}
	} else {
		err = crypto_aead_setkey(t.aead, key, 16) ?:
		      crypto_aead_setauthsize(t.aead, 16);
		req = err ? NULL : aead_request_alloc(t.aead, GFP_KERNEL);
		if (req) {
			aead_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP,
						  crypto_req_done, &wait);
			aead_request_set_ad(req, 0);
			aead_request_set_crypt(req, &sg, &sg, 16, ivbuf);
			err = crypto_wait_req(crypto_aead_encrypt(req), &wait);
			aead_request_free(req);
		}
	}
	if (!err && !req)
		err = -ENOMEM;
	ncr_tfm_release(&t);
	if (!err && memcmp(buf, want, want_len))
		err = -ELIBBAD;
	return err;
}

int ncr_selftest(void)
{
	static const u8 iv_cbc[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
				       12, 13, 14, 15 };
	static const u8 zero[16];
	static const char *const names[] = { "sha256", "hmac(sha256)",
					     "cbc(aes)", "gcm(aes)" };
	int res[4], i, passed = 0;
	u8 *buf = kzalloc(32, GFP_KERNEL);

	if (!buf)
		return -ENOMEM;
	res[0] = ncr_kat_hash(NCR_ALG_SHA256, NULL, 0, "abc", 3,
			      kat_sha256_abc);
	res[1] = ncr_kat_hash(NCR_ALG_HMAC_SHA256, "Jefe", 4,
			      "what do ya want for nothing?", 28, kat_hmac);
	memcpy(buf, kat_cbc_pt, 16);
	res[2] = ncr_kat_cipher(NCR_ALG_AES_CBC, kat_aes_key, iv_cbc, buf,
				kat_cbc_ct, 16);
	memset(buf, 0, 32);
	res[3] = ncr_kat_cipher(NCR_ALG_AES_GCM, zero, zero, buf,
				kat_gcm_ct_tag, 32);
	kfree(buf);
	for (i = 0; i < ARRAY_SIZE(res); i++) {
		if (res[i] < 0) {
			pr_err(NCR_PREFIX "known-answer self-test of %s failed (%d)\n",
			       names[i], res[i]);
			return -ELIBBAD;
		}
		if (res[i] > 0)
			pr_warn(NCR_PREFIX "%s not available: self-test skipped\n",
				names[i]);
		else
			passed++;
	}
	pr_info(NCR_PREFIX "known-answer self-tests passed (%d of %zu)\n",
		passed, ARRAY_SIZE(res));
	return 0;
}
