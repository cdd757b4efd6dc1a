// SPDX-License-Identifier: GPL-2.0
/*
 * wycheproof - run Wycheproof v1 JSON test vector files through libncr.
 *
 *   build/tests/wycheproof [--backend=ncr|openssl] FILE.json [FILE.json...]
 *
 * The file's "schema" (and "algorithm") field decides what runs, never its
 * name:
 *   aead_test_schema_v1.json     AES-GCM, AES-CCM, CHACHA20-POLY1305
 *   ind_cpa_test_schema_v1.json  AES-CBC-PKCS5, AES-XTS
 *   mac_test_schema_v1.json      AES-CMAC, HMACSHA1/224/256/384/512,
 *                                HMACSHA3-256/512
 *   keywrap_test_schema_v1.json  AES-WRAP (RFC 3394), AES-KWP (RFC 5649)
 *   rsaes_oaep_decrypt_schema_v1.json, rsaes_pkcs1_decrypt_schema_v1.json
 *                                the group's privateKeyPkcs8 imported
 *                                (PKCS8); ct decrypted (OAEP: sha, mgfSha,
 *                                the test's label); valid msgs are also
 *                                encrypted by the kernel and decrypted back
 *   rsassa_pkcs1_generate_schema_v1.json
 *                                privateKeyPkcs8; sign msg (deterministic)
 *                                and compare, verify it, and a modified one
 *   rsassa_pkcs1_verify_schema_v1.json, rsassa_pss_verify_schema_v1.json
 *   (sha, mgfSha, sLen), dsa_verify_schema_v1.json,
 *   ecdsa_verify_schema_v1.json (DER signatures),
 *   dsa_p1363_verify_schema_v1.json, ecdsa_p1363_verify_schema_v1.json
 *   (NCR_PK_FLAG_SIG_RAW), eddsa_verify_schema_v1.json (Ed25519)
 *                                the group's publicKeyDer imported (SPKI),
 *                                sig verified over msg
 *   ecdh_test_schema_v1.json     private scalar imported RAW (leading 00
 *                                stripped), public SPKI imported and its
 *                                point exported RAW_PUBLIC, NCRIO_KEY_DERIVE
 *                                into an exportable generic secret (HMAC
 *                                type), exported and compared with shared
 *   ecdh_ecpoint_test_schema_v1.json  the same with the raw SEC1 point
 *   xdh_comp_schema_v1.json      X25519 (other curves skipped)
 *   anything else                "# unsupported schema X", skipped
 * Public-key rejections: an "invalid" test passes when it is refused at
 * import (EINVAL/EOPNOTSUPP), at derive (EINVAL), at decryption (EBADMSG,
 * or EINVAL) or by verification (NCR_VERIFY_FAILED; an errno from verify
 * is a failure: a malformed signature is a failed verification).  A key
 * whose size ncr.h documents as unsupported (RSA outside 1024..4096, DSA
 * L outside 2048..3072) refused with EINVAL/EOPNOTSUPP skips its tests
 * with the reason.  Counts of acceptable tests accepted and refused are
 * printed per file.  Unsupported curves and hashes skip their group.
 *
 * Verdicts: "valid" tests must produce exactly the expected output (and
 * decrypt/verify back); "acceptable" ones may instead be refused; "invalid"
 * ones must be refused: EBADMSG from AEAD or padded-CBC decryption,
 * NCR_VERIFY_FAILED from MAC verification, EINVAL where a parameter (key,
 * IV or tag size) is outside what ncr.h documents.  A valid test whose
 * parameters ncr.h does not support, refused with EINVAL, is skipped with
 * the reason (e.g. GCM IVs other than 12 bytes).
 *
 * Key wrap: the wrapping key is imported as an AES key with usage
 * WRAP|UNWRAP (sizes other than 128/192/256 bits are skipped).  Each test
 * (a) imports msg as a wrappable HMAC key and wraps it, which for valid
 * tests must give exactly ct (an invalid test's ct must not come out),
 * and (b) unwraps ct into a new hashable HMAC key: valid tests must
 * succeed with SHA-256 of the new key's material (hashed in the kernel
 * with NCR_OP_FLAG_KEY_DATA) equal to SHA-256 of msg; invalid tests must
 * fail with EBADMSG or EINVAL and create no key.  A msg an HMAC key cannot
 * hold (0 bytes) skips part (a), and a valid test whose msg it is, the
 * whole test.
 *
 * Output: TAP, one "ok" line per test group, one "not ok" line per failing
 * test (tcId and comment), one "# SKIP" line per distinct skip reason, and
 * "# FILE: N passed, N failed, N skipped".  Exit status 1 if any test
 * failed.
 *
 * --backend=openssl runs the same decisions against OpenSSL libcrypto with
 * ncr's documented parameter limits: a self-test of this runner that needs
 * no /dev/crypto.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <libgen.h>
#include <time.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "libncr.h"
#include "tap.h"

enum verdict { V_PASS, V_FAIL, V_SKIP };

/* ------------------------------------------------------------ backends */

/* The operations the runner needs, with libncr's conventions (0 or
 * -errno; mac_verify returns NCR_VERIFY_*). */
struct backend {
	int (*key_import)(uint32_t type, const void *k, size_t len,
			  uint32_t flags, uint32_t usage, uint32_t *key);
	int (*key_deinit)(uint32_t key);
	int (*aead)(int enc, uint32_t alg, uint32_t key, const void *iv,
		    size_t iv_len, const void *aad, size_t aad_len,
		    const void *in, size_t len, void *out, void *tag,
		    size_t tag_len);
	int (*cbc_pad)(int enc, uint32_t key, const void *iv, const void *in,
		       size_t len, void *out, size_t *out_len);
	int (*cipher)(uint32_t alg, uint32_t op, uint32_t key, const void *iv,
		      size_t iv_len, const void *in, size_t len, void *out,
		      size_t *out_len);
	int (*mac)(uint32_t alg, uint32_t key, const void *in, size_t len,
		   void *out, size_t *out_len);
	int (*mac_verify)(uint32_t alg, uint32_t key, const void *in,
			  size_t len, const void *mac, size_t mac_len);
	/* key wrap (alg NCR_WALG_*): libncr's ncr_key_wrap/unwrap */
	int (*key_wrap)(uint32_t walg, uint32_t wk, uint32_t key, void *out,
			size_t *out_len);
	int (*key_unwrap)(uint32_t walg, uint32_t wk, const void *in,
			  size_t len, uint32_t type, uint32_t flags,
			  uint32_t usage, uint32_t *key);
	/* SHA-256 of a (hashable) key's material, 32 bytes */
	int (*key_sha256)(uint32_t key, uint8_t out[32]);
};

static int ncr_fd = -1;

static int n_key_import(uint32_t type, const void *k, size_t len,
			uint32_t flags, uint32_t usage, uint32_t *key)
{
	return ncr_key_import(ncr_fd, type, k, len, NULL, 0, flags, usage,
			      key);
}

static int n_key_deinit(uint32_t key)
{
	return ncr_key_deinit(ncr_fd, key);
}

static int n_aead(int enc, uint32_t alg, uint32_t key, const void *iv,
		  size_t iv_len, const void *aad, size_t aad_len,
		  const void *in, size_t len, void *out, void *tag,
		  size_t tag_len)
{
	if (enc)
		return ncr_aead_encrypt(ncr_fd, alg, key, iv, iv_len, aad,
					aad_len, in, len, out, tag, tag_len);
	return ncr_aead_decrypt(ncr_fd, alg, key, iv, iv_len, aad, aad_len,
				in, len, out, tag, tag_len);
}

static int n_cbc_pad(int enc, uint32_t key, const void *iv, const void *in,
		     size_t len, void *out, size_t *out_len)
{
	if (enc)
		return ncr_cbc_pad_encrypt(ncr_fd, NCR_ALG_AES_CBC, key, iv, in,
					   len, out, out_len);
	return ncr_cbc_pad_decrypt(ncr_fd, NCR_ALG_AES_CBC, key, iv, in, len,
				   out, out_len);
}

static int n_cipher(uint32_t alg, uint32_t op, uint32_t key, const void *iv,
		    size_t iv_len, const void *in, size_t len, void *out,
		    size_t *out_len)
{
	return ncr_cipher(ncr_fd, alg, op, key, iv, iv_len, in, len, out,
			  out_len);
}

static int n_mac(uint32_t alg, uint32_t key, const void *in, size_t len,
		 void *out, size_t *out_len)
{
	return ncr_mac(ncr_fd, alg, key, in, len, out, out_len);
}

static int n_mac_verify(uint32_t alg, uint32_t key, const void *in,
			size_t len, const void *mac, size_t mac_len)
{
	return ncr_mac_verify(ncr_fd, alg, key, in, len, mac, mac_len);
}

static int n_key_wrap(uint32_t walg, uint32_t wk, uint32_t key, void *out,
		      size_t *out_len)
{
	return ncr_key_wrap(ncr_fd, walg, wk, key, out, out_len);
}

static int n_key_unwrap(uint32_t walg, uint32_t wk, const void *in,
			size_t len, uint32_t type, uint32_t flags,
			uint32_t usage, uint32_t *key)
{
	return ncr_key_unwrap(ncr_fd, walg, wk, in, len, type, flags, usage,
			      NULL, 0, key);
}

/* In the kernel: a SHA-256 session fed the key with KEY_DATA. */
static int n_key_sha256(uint32_t key, uint8_t out[32])
{
	size_t n = 32;
	uint32_t ses;
	int r;

	r = ncr_session_init(ncr_fd, NCR_ALG_SHA256, NCR_OP_SIGN, 0, NULL, 0,
			     0, 0, &ses);
	if (r)
		return r;
	r = ncr_session_update_key(ncr_fd, ses, key);
	if (r) {
		ncr_session_free(ncr_fd, ses);
		return r;
	}
	r = ncr_session_final(ncr_fd, ses, NULL, 0, NULL, NULL, out, &n);
	return r ? r : n == 32 ? 0 : -EPROTO;
}

static const struct backend ncr_backend = {
	n_key_import, n_key_deinit, n_aead, n_cbc_pad, n_cipher, n_mac,
	n_mac_verify, n_key_wrap, n_key_unwrap, n_key_sha256,
};

/* OpenSSL backend: keys are kept in a small table; parameter limits are
 * ncr.h's. */
static struct {
	uint8_t k[NCR_MAX_HMAC_KEY_BYTES];
	size_t len;
	uint32_t type, flags, usage;
	int used;
} ref_keys[8];

static int r_key_import(uint32_t type, const void *k, size_t len,
			uint32_t flags, uint32_t usage, uint32_t *key)
{
	if (type == NCR_KEY_TYPE_AES &&
	    !(len == 16 || len == 24 || len == 32 || len == 48 || len == 64))
		return -EINVAL;
	if (type == NCR_KEY_TYPE_CHACHA20 && len != 32)
		return -EINVAL;
	if (type == NCR_KEY_TYPE_HMAC &&
	    (len < 1 || len > NCR_MAX_HMAC_KEY_BYTES))
		return -EINVAL;
	for (uint32_t i = 0; i < ARRAY_SIZE(ref_keys); i++) {
		if (ref_keys[i].used)
			continue;
		memcpy(ref_keys[i].k, k, len);
		ref_keys[i].len = len;
		ref_keys[i].type = type;
		ref_keys[i].flags = flags;
		ref_keys[i].usage = usage;
		ref_keys[i].used = 1;
		*key = i + 1;
		return 0;
	}
	return -EDQUOT;
}

static int r_key_deinit(uint32_t key)
{
	if (key < 1 || key > ARRAY_SIZE(ref_keys) || !ref_keys[key - 1].used)
		return -ENOENT;
	ref_keys[key - 1].used = 0;
	return 0;
}

static int r_aead(int enc, uint32_t alg, uint32_t key, const void *iv,
		  size_t iv_len, const void *aad, size_t aad_len,
		  const void *in, size_t len, void *out, void *tag,
		  size_t tag_len)
{
	const size_t klen = ref_keys[key - 1].len;
	uint8_t *tmp = malloc(len + 1);
	int r;

	if (!talg_key_ok(alg, klen) || !talg_iv_ok(alg, iv_len) ||
	    !tag_len || !talg_tag_ok(alg, tag_len)) {
		free(tmp);
		return -EINVAL;
	}
	r = ref_aead(alg, enc, ref_keys[key - 1].k, klen, iv, iv_len, aad,
		     aad_len, in, len, tmp, tag, tag_len);
	if (!r)
		memcpy(out, tmp, len);
	free(tmp);
	return r ? (enc ? -EIO : -EBADMSG) : 0;
}

static int r_cbc_pad(int enc, uint32_t key, const void *iv, const void *in,
		     size_t len, void *out, size_t *out_len)
{
	const uint8_t *k = ref_keys[key - 1].k;
	const size_t klen = ref_keys[key - 1].len;
	uint8_t *buf;
	size_t n;
	unsigned int pad, bad = 0;

	if (!talg_key_ok(NCR_ALG_AES_CBC, klen))
		return -EINVAL;
	if (enc) {
		n = (len / 16 + 1) * 16;
		if (*out_len < n) {
			*out_len = n;
			return -ERANGE;
		}
		buf = malloc(n);
		memcpy(buf, in, len);
		memset(buf + len, (int)(n - len), n - len);
		ref_cipher(NCR_ALG_AES_CBC, 1, k, klen, iv, buf, n, out);
		*out_len = n;
		free(buf);
		return 0;
	}
	if (!len || len % 16)
		return -EINVAL;
	buf = malloc(len);
	ref_cipher(NCR_ALG_AES_CBC, 0, k, klen, iv, in, len, buf);
	pad = buf[len - 1];
	bad |= pad == 0 || pad > 16;
	for (unsigned int i = 1; !bad && i <= pad; i++)
		bad |= buf[len - i] != pad;
	if (bad) {
		free(buf);
		return -EBADMSG;
	}
	if (*out_len < len - pad) {
		free(buf);
		*out_len = len - pad;
		return -ERANGE;
	}
	memcpy(out, buf, len - pad);
	*out_len = len - pad;
	free(buf);
	return 0;
}

static int r_cipher(uint32_t alg, uint32_t op, uint32_t key, const void *iv,
		    size_t iv_len, const void *in, size_t len, void *out,
		    size_t *out_len)
{
	const size_t klen = ref_keys[key - 1].len;

	if (!talg_key_ok(alg, klen) || !talg_iv_ok(alg, iv_len))
		return -EINVAL;
	if (alg == NCR_ALG_AES_XTS && klen == 48)
		return -EOPNOTSUPP;	/* OpenSSL has no AES-192-XTS */
	if (alg == NCR_ALG_AES_XTS && len < 16)
		return -EINVAL;
	if (*out_len < len) {
		*out_len = len;
		return -ERANGE;
	}
	if (ref_cipher(alg, op == NCR_OP_ENCRYPT, ref_keys[key - 1].k, klen, iv,
		       in, len, out))
		return -EIO;
	*out_len = len;
	return 0;
}

static int r_mac(uint32_t alg, uint32_t key, const void *in, size_t len,
		 void *out, size_t *out_len)
{
	uint8_t full[NCR_MAX_TAG];
	size_t n;

	if (!talg_key_ok(alg, ref_keys[key - 1].len) ||
	    !talg_tag_ok(alg, *out_len))
		return -EINVAL;
	if (ref_mac(alg, ref_keys[key - 1].k, ref_keys[key - 1].len, in, len,
		    full, &n))
		return -EIO;
	if (*out_len && *out_len < n)
		n = *out_len;
	memcpy(out, full, n);
	*out_len = n;
	return 0;
}

static int r_mac_verify(uint32_t alg, uint32_t key, const void *in,
			size_t len, const void *mac, size_t mac_len)
{
	uint8_t full[NCR_MAX_TAG];
	size_t n = mac_len;
	int r = r_mac(alg, key, in, len, full, &n);

	if (r)
		return r;
	return memcmp(full, mac, mac_len) ? NCR_VERIFY_FAILED : NCR_VERIFY_OK;
}

/* ncr.h's key wrap rules over OpenSSL's AES key wrap ciphers. */
static int r_wrap_crypt(int enc, uint32_t walg, uint32_t wk, const void *in,
			size_t len, uint8_t *out, size_t *out_len)
{
	const size_t klen = ref_keys[wk - 1].len;
	int pad = walg == NCR_WALG_AES_RFC5649, l = 0, l2 = 0, ok;
	const EVP_CIPHER *c;
	EVP_CIPHER_CTX *ctx;

	if (klen == 16)
		c = pad ? EVP_aes_128_wrap_pad() : EVP_aes_128_wrap();
	else if (klen == 24)
		c = pad ? EVP_aes_192_wrap_pad() : EVP_aes_192_wrap();
	else
		c = pad ? EVP_aes_256_wrap_pad() : EVP_aes_256_wrap();
	ctx = EVP_CIPHER_CTX_new();
	EVP_CIPHER_CTX_set_flags(ctx, EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
	ok = EVP_CipherInit_ex(ctx, c, NULL, ref_keys[wk - 1].k, NULL, enc) &&
	     EVP_CipherUpdate(ctx, out, &l, in, (int)len) &&
	     EVP_CipherFinal_ex(ctx, out + l, &l2);
	EVP_CIPHER_CTX_free(ctx);
	*out_len = (size_t)(l + l2);
	return ok ? 0 : -1;
}

static int r_check_kek(uint32_t wk, uint32_t usage)
{
	size_t klen = ref_keys[wk - 1].len;

	if (ref_keys[wk - 1].type != NCR_KEY_TYPE_AES ||
	    (klen != 16 && klen != 24 && klen != 32))
		return -EINVAL;
	return ref_keys[wk - 1].usage & usage ? 0 : -EPERM;
}

static int r_key_wrap(uint32_t walg, uint32_t wk, uint32_t key, void *out,
		      size_t *out_len)
{
	size_t len = ref_keys[key - 1].len, need, got;
	int pad = walg == NCR_WALG_AES_RFC5649, r = r_check_kek(wk,
							NCR_KEY_USAGE_WRAP);

	if (r)
		return r;
	if (!(ref_keys[key - 1].flags & NCR_KEY_FLAG_WRAPPABLE))
		return -EPERM;
	if (!pad && (len % 8 || len < 16))
		return -EINVAL;
	need = (len + 7) / 8 * 8 + 8;
	if (*out_len < need) {
		*out_len = need;
		return -ERANGE;
	}
	if (r_wrap_crypt(1, walg, wk, ref_keys[key - 1].k, len, out, &got) ||
	    got != need)
		return -EIO;
	*out_len = got;
	return 0;
}

static int r_key_unwrap(uint32_t walg, uint32_t wk, const void *in,
			size_t len, uint32_t type, uint32_t flags,
			uint32_t usage, uint32_t *key)
{
	uint8_t out[NCR_WRAPPED_KEY_MAX + 16];
	int pad = walg == NCR_WALG_AES_RFC5649, r = r_check_kek(wk,
							NCR_KEY_USAGE_UNWRAP);
	size_t got;

	if (r)
		return r;
	if (len % 8 || len < (pad ? 16u : 24u) || len > NCR_WRAPPED_KEY_MAX)
		return -EINVAL;
	if (r_wrap_crypt(0, walg, wk, in, len, out, &got))
		return -EBADMSG;
	flags = (flags | NCR_KEY_FLAG_WRAPPABLE) & ~NCR_KEY_FLAG_EXPORTABLE;
	r = r_key_import(type, out, got, flags, usage, key);
	memset(out, 0, sizeof(out));
	return r;
}

static int r_key_sha256(uint32_t key, uint8_t out[32])
{
	size_t n;

	if (!(ref_keys[key - 1].flags & NCR_KEY_FLAG_HASHABLE))
		return -EPERM;
	return ref_digest(NCR_ALG_SHA256, ref_keys[key - 1].k,
			  ref_keys[key - 1].len, out, &n) ? -EIO : 0;
}

static const struct backend openssl_backend = {
	r_key_import, r_key_deinit, r_aead, r_cbc_pad, r_cipher, r_mac,
	r_mac_verify, r_key_wrap, r_key_unwrap, r_key_sha256,
};

static const struct backend *be = &ncr_backend;

/* ------------------------------------------------------- per-file state */

#define MAX_REASONS 32

struct file_run {
	const char *name;	/* basename, for messages */
	const char *algorithm;
	int pass, fail, skip;
	struct {
		char reason[200];
		int count;
		char ids[160];
	} skips[MAX_REASONS];
	int n_reasons;
};

static void note_skip(struct file_run *fr, const char *reason, long tc)
{
	int i;

	fr->skip++;
	for (i = 0; i < fr->n_reasons; i++)
		if (!strcmp(fr->skips[i].reason, reason))
			break;
	if (i == fr->n_reasons) {
		if (i == MAX_REASONS)
			i--;	/* lump the rest into the last reason */
		else
			fr->n_reasons++;
		snprintf(fr->skips[i].reason, sizeof(fr->skips[i].reason),
			 "%s", reason);
	}
	fr->skips[i].count++;
	size_t used = strlen(fr->skips[i].ids);
	if (used < sizeof(fr->skips[i].ids) - 16)
		snprintf(fr->skips[i].ids + used,
			 sizeof(fr->skips[i].ids) - used, "%s%ld",
			 used ? "," : "", tc);
	else if (!strstr(fr->skips[i].ids, "..."))
		strcat(fr->skips[i].ids, ",...");
}

/* A test's decoded fields. */
struct tcase {
	long id;
	const char *comment;
	const char *result;	/* "valid", "acceptable", "invalid" */
	uint8_t *key, *iv, *aad, *msg, *ct, *tag;
	size_t key_len, iv_len, aad_len, msg_len, ct_len, tag_len;
	/* public-key schemas */
	uint8_t *sig, *label, *pub, *priv, *shared;
	size_t sig_len, label_len, pub_len, priv_len, shared_len;
};

static uint8_t *jhex(json_t *t, const char *field, size_t *len, int *bad)
{
	json_t *v = json_object_get(t, field);
	uint8_t *p;

	*len = 0;
	if (!v)
		return NULL;
	if (!json_is_string(v) ||
	    !(p = hex_decode(json_string_value(v), len))) {
		*bad = 1;
		return NULL;
	}
	return p;
}

static int tcase_load(json_t *t, struct tcase *tc, int need_key)
{
	int bad = 0;

	memset(tc, 0, sizeof(*tc));
	tc->id = (long)json_integer_value(json_object_get(t, "tcId"));
	tc->comment = json_string_value(json_object_get(t, "comment"));
	tc->result = json_string_value(json_object_get(t, "result"));
	if (!tc->comment)
		tc->comment = "";
	tc->key = jhex(t, "key", &tc->key_len, &bad);
	tc->iv = jhex(t, "iv", &tc->iv_len, &bad);
	tc->aad = jhex(t, "aad", &tc->aad_len, &bad);
	tc->msg = jhex(t, "msg", &tc->msg_len, &bad);
	tc->ct = jhex(t, "ct", &tc->ct_len, &bad);
	tc->tag = jhex(t, "tag", &tc->tag_len, &bad);
	tc->sig = jhex(t, "sig", &tc->sig_len, &bad);
	tc->label = jhex(t, "label", &tc->label_len, &bad);
	tc->pub = jhex(t, "public", &tc->pub_len, &bad);
	tc->priv = jhex(t, "private", &tc->priv_len, &bad);
	tc->shared = jhex(t, "shared", &tc->shared_len, &bad);
	if (!tc->result || (need_key && !tc->key))
		bad = 1;
	return bad ? -1 : 0;
}

static void tcase_free(struct tcase *tc)
{
	free(tc->key);
	free(tc->iv);
	free(tc->aad);
	free(tc->msg);
	free(tc->ct);
	free(tc->tag);
	free(tc->sig);
	free(tc->label);
	free(tc->pub);
	free(tc->priv);
	free(tc->shared);
}

static int is_valid(const struct tcase *tc)
{
	return !strcmp(tc->result, "valid");
}

static int is_acceptable(const struct tcase *tc)
{
	return !strcmp(tc->result, "acceptable");
}

/* Result buffer for a test's explanation (failure or skip reason). */
#define WHY(...) snprintf(why, why_len, __VA_ARGS__)

/* Outcome of importing the test's key.  Returns V_PASS with *key set when
 * the import succeeded and the test continues; otherwise the verdict. */
static enum verdict import_key(const struct tcase *tc, uint32_t alg,
			       uint32_t type, uint32_t usage, uint32_t *key,
			       int *done, char *why, size_t why_len)
{
	int r = be->key_import(type, tc->key, tc->key_len, 0, usage, key);

	*done = 0;
	if (!r)
		return V_PASS;
	*done = 1;
	if (r == -EINVAL && !talg_key_ok(alg, tc->key_len)) {
		if (!is_valid(tc))
			return V_PASS;	/* invalid key size refused */
		WHY("%s: %zu-bit keys not supported (EINVAL)", talg_name(alg),
		    tc->key_len * 8);
		return V_SKIP;
	}
	WHY("key import (%zu bytes): %s", tc->key_len, errname(r));
	return V_FAIL;
}

/* An operation on a test the caller considers valid/acceptable failed
 * with r: decide skip (documented-unsupported parameter), pass
 * (acceptable refused) or fail. */
static enum verdict refused(const struct tcase *tc, int r, const char *what,
			    const char *param_issue, char *why, size_t why_len)
{
	if (r == -EINVAL && param_issue) {
		WHY("%s (EINVAL)", param_issue);
		return V_SKIP;
	}
	if (r == -EOPNOTSUPP) {
		WHY("no kernel implementation (EOPNOTSUPP)");
		return V_SKIP;
	}
	if (is_acceptable(tc) && (r == -EINVAL || r == -EBADMSG))
		return V_PASS;
	WHY("%s: %s", what, errname(r));
	return V_FAIL;
}

/* ----------------------------------------------------------- AEAD tests */

static enum verdict run_aead(uint32_t alg, const char *alg_label,
			     const struct tcase *tc, char *why, size_t why_len)
{
	uint32_t type = alg == NCR_ALG_CHACHA20_POLY1305 ?
			NCR_KEY_TYPE_CHACHA20 : NCR_KEY_TYPE_AES;
	char issue_buf[160];
	const char *issue = NULL;
	uint8_t *out = NULL, tag[NCR_MAX_TAG];
	enum verdict v;
	uint32_t key;
	int done, r;

	if (!tc->tag || !tc->ct || !tc->msg || !tc->iv) {
		WHY("malformed test: missing fields");
		return V_FAIL;
	}
	if (!talg_iv_ok(alg, tc->iv_len)) {
		snprintf(issue_buf, sizeof(issue_buf),
			 "%s: %zu-byte IVs not supported", alg_label,
			 tc->iv_len);
		issue = issue_buf;
	} else if (!tc->tag_len || !talg_tag_ok(alg, tc->tag_len)) {
		snprintf(issue_buf, sizeof(issue_buf),
			 "%s: %zu-byte tags not supported", alg_label,
			 tc->tag_len);
		issue = issue_buf;
	}
	v = import_key(tc, alg, type, NCR_KEY_USAGE_ENCRYPT |
		       NCR_KEY_USAGE_DECRYPT, &key, &done, why, why_len);
	if (done)
		return v;
	out = malloc(tc->msg_len + tc->ct_len + 1);

	if (!is_valid(tc) && !is_acceptable(tc)) {
		/* invalid: decryption must be refused, plaintext not written */
		memset(out, 0xa5, tc->ct_len + 1);
		r = be->aead(0, alg, key, tc->iv, tc->iv_len, tc->aad,
			     tc->aad_len, tc->ct, tc->ct_len, out, tc->tag,
			     tc->tag_len);
		if (!r) {
			v = V_FAIL;
			WHY("invalid ciphertext/tag accepted");
		} else if (r == -EBADMSG || (r == -EINVAL && issue)) {
			v = V_PASS;
			for (size_t i = 0; i < tc->ct_len; i++)
				if (out[i] != 0xa5) {
					v = V_FAIL;
					WHY("refused with %s but plaintext "
					    "was written", errname(r));
					break;
				}
		} else {
			v = V_FAIL;
			WHY("decrypt: got %s, want %s", errname(r),
			    issue ? "EINVAL or EBADMSG" : "EBADMSG");
		}
		goto out;
	}

	r = be->aead(1, alg, key, tc->iv, tc->iv_len, tc->aad, tc->aad_len,
		     tc->msg, tc->msg_len, out, tag, tc->tag_len);
	if (r) {
		v = refused(tc, r, "encrypt", issue, why, why_len);
		goto out;
	}
	if (tc->msg_len != tc->ct_len || memcmp(out, tc->ct, tc->ct_len)) {
		v = V_FAIL;
		WHY("encrypt: ciphertext differs");
		goto out;
	}
	if (memcmp(tag, tc->tag, tc->tag_len)) {
		v = V_FAIL;
		WHY("encrypt: tag differs");
		goto out;
	}
	r = be->aead(0, alg, key, tc->iv, tc->iv_len, tc->aad, tc->aad_len,
		     tc->ct, tc->ct_len, out, tc->tag, tc->tag_len);
	if (r) {
		v = V_FAIL;
		WHY("decrypt of the expected ciphertext: %s", errname(r));
	} else if (memcmp(out, tc->msg, tc->msg_len)) {
		v = V_FAIL;
		WHY("decrypt: plaintext differs");
	} else {
		v = V_PASS;
	}
out:
	free(out);
	be->key_deinit(key);
	return v;
}

/* ------------------------------------------------------ IND-CPA tests */

static enum verdict run_cbc_pkcs5(const struct tcase *tc, char *why,
				  size_t why_len)
{
	uint8_t *out;
	size_t out_len;
	enum verdict v;
	uint32_t key;
	int done, r;

	if (!tc->iv || !tc->ct || !tc->msg || tc->iv_len != 16) {
		WHY("malformed test: missing fields or IV not 16 bytes");
		return V_FAIL;
	}
	v = import_key(tc, NCR_ALG_AES_CBC, NCR_KEY_TYPE_AES,
		       NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT, &key,
		       &done, why, why_len);
	if (done)
		return v;
	out = malloc(tc->msg_len + tc->ct_len + 32);

	if (!is_valid(tc) && !is_acceptable(tc)) {
		int len_bad = !tc->ct_len || tc->ct_len % 16;

		out_len = tc->ct_len + 16;
		r = be->cbc_pad(0, key, tc->iv, tc->ct, tc->ct_len, out,
				&out_len);
		if (r == -EBADMSG || (r == -EINVAL && len_bad)) {
			v = V_PASS;
		} else {
			v = V_FAIL;
			WHY("padded decrypt: got %s, want %s", errname(r),
			    len_bad ? "EBADMSG or EINVAL" : "EBADMSG");
		}
		goto out;
	}
	out_len = tc->msg_len + 16;
	r = be->cbc_pad(1, key, tc->iv, tc->msg, tc->msg_len, out, &out_len);
	if (r) {
		v = refused(tc, r, "padded encrypt", NULL, why, why_len);
		goto out;
	}
	if (out_len != tc->ct_len || memcmp(out, tc->ct, tc->ct_len)) {
		v = V_FAIL;
		WHY("padded encrypt: ciphertext differs (%zu bytes, want %zu)",
		    out_len, tc->ct_len);
		goto out;
	}
	out_len = tc->ct_len;
	r = be->cbc_pad(0, key, tc->iv, tc->ct, tc->ct_len, out, &out_len);
	if (r) {
		v = V_FAIL;
		WHY("padded decrypt: %s", errname(r));
	} else if (out_len != tc->msg_len || memcmp(out, tc->msg, out_len)) {
		v = V_FAIL;
		WHY("padded decrypt: plaintext differs (%zu bytes, want %zu)",
		    out_len, tc->msg_len);
	} else {
		v = V_PASS;
	}
out:
	free(out);
	be->key_deinit(key);
	return v;
}

/*
 * Wycheproof's AES-XTS tweaks are 1..16 bytes: the data unit number,
 * little-endian.  The 128-bit tweak is that value zero-extended, which is
 * how ncr (16-byte IVs only) takes it.
 */
static enum verdict run_xts(const struct tcase *tc, char *why, size_t why_len)
{
	const char *issue = NULL;
	uint8_t *out, tweak[16] = { 0 };
	size_t out_len;
	enum verdict v;
	uint32_t key;
	int done, r;

	if (!tc->iv || !tc->ct || !tc->msg || tc->iv_len > 16) {
		WHY("malformed test: missing fields or tweak over 16 bytes");
		return V_FAIL;
	}
	memcpy(tweak, tc->iv, tc->iv_len);
	if (tc->msg_len < 16)
		issue = "AES-XTS: data units under 16 bytes not supported";
	v = import_key(tc, NCR_ALG_AES_XTS, NCR_KEY_TYPE_AES,
		       NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT, &key,
		       &done, why, why_len);
	if (done)
		return v;
	out = malloc(tc->msg_len + tc->ct_len + 1);

	if (!is_valid(tc) && !is_acceptable(tc)) {
		out_len = tc->ct_len;
		r = be->cipher(NCR_ALG_AES_XTS, NCR_OP_DECRYPT, key, tweak, 16,
			       tc->ct, tc->ct_len, out, &out_len);
		if (r == -EINVAL || r == -EBADMSG) {
			v = V_PASS;
		} else {
			v = V_FAIL;
			WHY("invalid test decrypted: %s", errname(r));
		}
		goto out;
	}
	out_len = tc->msg_len;
	r = be->cipher(NCR_ALG_AES_XTS, NCR_OP_ENCRYPT, key, tweak, 16,
		       tc->msg, tc->msg_len, out, &out_len);
	if (r) {
		v = refused(tc, r, "encrypt", issue, why, why_len);
		goto out;
	}
	if (out_len != tc->ct_len || memcmp(out, tc->ct, tc->ct_len)) {
		v = V_FAIL;
		WHY("encrypt: ciphertext differs");
		goto out;
	}
	out_len = tc->ct_len;
	r = be->cipher(NCR_ALG_AES_XTS, NCR_OP_DECRYPT, key, tweak, 16,
		       tc->ct, tc->ct_len, out, &out_len);
	if (r) {
		v = V_FAIL;
		WHY("decrypt: %s", errname(r));
	} else if (out_len != tc->msg_len || memcmp(out, tc->msg, out_len)) {
		v = V_FAIL;
		WHY("decrypt: plaintext differs");
	} else {
		v = V_PASS;
	}
out:
	free(out);
	be->key_deinit(key);
	return v;
}

/* ------------------------------------------------------------ MAC tests */

static enum verdict run_mac(uint32_t alg, size_t tag_bytes,
			    const struct tcase *tc, char *why, size_t why_len)
{
	uint32_t type = alg == NCR_ALG_CMAC_AES ? NCR_KEY_TYPE_AES :
			NCR_KEY_TYPE_HMAC;
	char issue_buf[160];
	const char *issue = NULL;
	uint8_t mac[NCR_MAX_TAG];
	size_t mac_len;
	enum verdict v;
	uint32_t key;
	int done, r;

	if (!tc->tag || !tc->msg) {
		WHY("malformed test: missing fields");
		return V_FAIL;
	}
	if (!talg_tag_ok(alg, tag_bytes) || !tag_bytes) {
		snprintf(issue_buf, sizeof(issue_buf),
			 "%s: %zu-byte MACs not supported", talg_name(alg),
			 tag_bytes);
		issue = issue_buf;
	}
	v = import_key(tc, alg, type, NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY,
		       &key, &done, why, why_len);
	if (done)
		return v;

	if (!is_valid(tc) && !is_acceptable(tc)) {
		r = be->mac_verify(alg, key, tc->msg, tc->msg_len, tc->tag,
				   tc->tag_len);
		if (r == NCR_VERIFY_FAILED || (r == -EINVAL && issue)) {
			v = V_PASS;
		} else {
			v = V_FAIL;
			WHY("verify of an invalid MAC: got %s, want "
			    "NCR_VERIFY_FAILED", r == NCR_VERIFY_OK ?
			    "NCR_VERIFY_OK" : errname(r));
		}
		goto out;
	}
	mac_len = tag_bytes;
	r = be->mac(alg, key, tc->msg, tc->msg_len, mac, &mac_len);
	if (r) {
		v = refused(tc, r, "mac", issue, why, why_len);
		goto out;
	}
	if (mac_len != tc->tag_len || memcmp(mac, tc->tag, tc->tag_len)) {
		v = V_FAIL;
		WHY("mac differs (%zu bytes, want %zu)", mac_len, tc->tag_len);
		goto out;
	}
	r = be->mac_verify(alg, key, tc->msg, tc->msg_len, tc->tag,
			   tc->tag_len);
	if (r != NCR_VERIFY_OK) {
		v = V_FAIL;
		WHY("verify of the expected MAC: got %s",
		    r == NCR_VERIFY_FAILED ? "NCR_VERIFY_FAILED" : errname(r));
		goto out;
	}
	/* and a one-bit change of it must not verify */
	memcpy(mac, tc->tag, tc->tag_len);
	mac[tc->tag_len - 1] ^= 1;
	r = be->mac_verify(alg, key, tc->msg, tc->msg_len, mac, tc->tag_len);
	if (r != NCR_VERIFY_FAILED) {
		v = V_FAIL;
		WHY("verify of a modified MAC: got %s",
		    r == NCR_VERIFY_OK ? "NCR_VERIFY_OK" : errname(r));
		goto out;
	}
	v = V_PASS;
out:
	be->key_deinit(key);
	return v;
}

/* ------------------------------------------------------------ key wrap */

static int live_now(struct live *l)
{
	return be == &ncr_backend ? live_get(ncr_fd, l) : -1;
}

/*
 * (a) msg as a wrappable HMAC key, wrapped: valid -> exactly ct;
 * acceptable -> ct or refused (EINVAL); invalid -> anything but ct.
 */
static enum verdict keywrap_wrap(uint32_t walg, uint32_t wk,
				 const struct tcase *tc, char *why,
				 size_t why_len)
{
	uint8_t out[NCR_WRAPPED_KEY_MAX];
	size_t out_len = sizeof(out);
	enum verdict v;
	uint32_t key;
	int r;

	r = be->key_import(NCR_KEY_TYPE_HMAC, tc->msg, tc->msg_len,
			   NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_SIGN, &key);
	if (r) {
		WHY("import of msg (%zu bytes) as an HMAC key: %s",
		    tc->msg_len, errname(r));
		return V_FAIL;
	}
	r = be->key_wrap(walg, wk, key, out, &out_len);
	if (!is_valid(tc) && !is_acceptable(tc)) {
		if (!r && out_len == tc->ct_len &&
		    !memcmp(out, tc->ct, tc->ct_len)) {
			v = V_FAIL;
			WHY("wrap of msg gave the invalid test's ct");
		} else if (r && r != -EINVAL) {
			v = V_FAIL;
			WHY("wrap: %s, want success or EINVAL", errname(r));
		} else {
			v = V_PASS;
		}
	} else if (r) {
		v = is_acceptable(tc) && r == -EINVAL ? V_PASS : V_FAIL;
		if (v == V_FAIL)
			WHY("wrap: %s", errname(r));
	} else if (out_len != tc->ct_len || memcmp(out, tc->ct, tc->ct_len)) {
		v = V_FAIL;
		WHY("wrap: wrapped key differs (%zu bytes, want %zu)", out_len,
		    tc->ct_len);
	} else {
		v = V_PASS;
	}
	be->key_deinit(key);
	return v;
}

/*
 * (b) ct unwrapped into a new hashable HMAC key: valid -> SHA-256 of its
 * material equals SHA-256 of msg; acceptable -> that or refused;
 * invalid -> EBADMSG or EINVAL, and no key created.
 */
static enum verdict keywrap_unwrap(uint32_t walg, uint32_t wk,
				   const struct tcase *tc, char *why,
				   size_t why_len)
{
	uint8_t got[32], want[32];
	struct live before, after;
	int have_live = !live_now(&before);
	enum verdict v;
	uint32_t key = 0;
	size_t n;
	int r;

	r = be->key_unwrap(walg, wk, tc->ct, tc->ct_len, NCR_KEY_TYPE_HMAC,
			   NCR_KEY_FLAG_HASHABLE, NCR_KEY_USAGE_SIGN |
			   NCR_KEY_USAGE_VERIFY, &key);
	if (!is_valid(tc) && !is_acceptable(tc)) {
		if (!r) {
			be->key_deinit(key);
			WHY("unwrap of an invalid ct succeeded");
			return V_FAIL;
		}
		if (r != -EBADMSG && r != -EINVAL) {
			WHY("unwrap: got %s, want EBADMSG or EINVAL",
			    errname(r));
			return V_FAIL;
		}
		if (have_live && !live_now(&after) &&
		    (after.keys != before.keys ||
		     after.sessions != before.sessions)) {
			WHY("unwrap refused with %s but live keys changed "
			    "(%llu -> %llu)", errname(r),
			    (unsigned long long)before.keys,
			    (unsigned long long)after.keys);
			return V_FAIL;
		}
		return V_PASS;
	}
	if (r) {
		if (is_acceptable(tc) && (r == -EINVAL || r == -EBADMSG))
			return V_PASS;
		WHY("unwrap: %s", errname(r));
		return V_FAIL;
	}
	r = be->key_sha256(key, got);
	ref_digest(NCR_ALG_SHA256, tc->msg, tc->msg_len, want, &n);
	if (r) {
		v = V_FAIL;
		WHY("SHA-256 of the unwrapped key (KEY_DATA): %s", errname(r));
	} else if (memcmp(got, want, 32)) {
		v = V_FAIL;
		WHY("unwrapped key: SHA-256 of its material differs from "
		    "SHA-256 of msg");
	} else {
		v = V_PASS;
	}
	be->key_deinit(key);
	return v;
}

static enum verdict run_keywrap(uint32_t walg, const char *alg_label,
				const struct tcase *tc, char *why,
				size_t why_len)
{
	int holdable = tc->msg_len >= 1 &&
		       tc->msg_len <= NCR_MAX_HMAC_KEY_BYTES;
	enum verdict v;
	uint32_t wk;
	int r;

	if (!tc->msg || !tc->ct) {
		WHY("malformed test: missing fields");
		return V_FAIL;
	}
	if (tc->key_len != 16 && tc->key_len != 24 && tc->key_len != 32) {
		WHY("%s: %zu-bit wrapping keys not supported", alg_label,
		    tc->key_len * 8);
		return V_SKIP;
	}
	if (!holdable && (is_valid(tc) || is_acceptable(tc))) {
		WHY("%s: a %zu-byte msg cannot be an HMAC key (1..%d bytes)",
		    alg_label, tc->msg_len, NCR_MAX_HMAC_KEY_BYTES);
		return V_SKIP;
	}
	r = be->key_import(NCR_KEY_TYPE_AES, tc->key, tc->key_len, 0,
			   NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP, &wk);
	if (r) {
		WHY("import of the wrapping key (%zu bytes): %s", tc->key_len,
		    errname(r));
		return V_FAIL;
	}
	v = holdable ? keywrap_wrap(walg, wk, tc, why, why_len) : V_PASS;
	if (v == V_PASS)
		v = keywrap_unwrap(walg, wk, tc, why, why_len);
	be->key_deinit(wk);
	return v;
}

/* ------------------------------------------------------ public-key tests */

/*
 * Public-key schemas run per group: the group's key is imported once
 * (NCRIO_KEY_IMPORT, DER as the file gives it), then each test goes
 * through NCRIO_SESSION_ONCE or NCRIO_KEY_DERIVE with raw ioctls (the
 * tests/common.c helpers).  A rejection is a failed import, a failed
 * derive (EINVAL), a failed decryption (EBADMSG, or EINVAL for a
 * ciphertext longer than the modulus) or NCR_VERIFY_FAILED.  "acceptable"
 * tests may go either way; the counts of each are reported.
 */
enum pk_kind {
	PK_RSA_OAEP_DEC, PK_RSA_PKCS1_DEC, PK_RSA_PKCS1_GEN,
	PK_RSA_PKCS1_VER, PK_RSA_PSS_VER, PK_DSA_VER, PK_DSA_VER_P1363,
	PK_ECDSA_VER, PK_ECDSA_VER_P1363, PK_EDDSA_VER, PK_ECDH_ASN,
	PK_ECDH_POINT, PK_XDH,
};

struct pkgroup {
	int kind;
	const char *skip;	/* whole group unsupported: the reason */
	char skip_buf[160];
	uint32_t alg;		/* NCR_ALG_* of the sessions / derive */
	struct pkp p;
	uint32_t key;		/* group key, if import_err == 0 */
	int have_key;
	int import_err;
	int out_of_range;	/* key size outside what ncr.h supports */
	char size_desc[64];
	uint32_t curve;		/* ECDH: 256, 384 */
	int roundtrips;		/* RSA decrypt: kernel round trips done */
	/* ECDH: private keys imported so far (tests share a few scalars;
	 * each import costs a scalar multiplication under emulation) */
	struct {
		uint8_t d[48];
		uint32_t key;
	} privs[64];
	int nprivs;
};

/* acceptable tests: accepted / refused */
static int acc_accepted, acc_refused;

/*
 * Sampling of the public-key files (NCR_WYCHEPROOF_PK_STRIDE=k: only
 * tests whose index in the file is offset mod k run; default 1, all).
 * Public-key operations are slow under TCG; should the full set become
 * too slow for make check, tests/vm-suite.sh can sample with an offset
 * that changes from run to run (NCR_WYCHEPROOF_PK_OFFSET reproduces one).
 */
static unsigned long pk_stride = 1, pk_offset;

static int pk_selected(unsigned long index)
{
	return pk_stride <= 1 || index % pk_stride == pk_offset;
}

static uint32_t sha_alg(const char *name)
{
	static const struct {
		const char *n;
		uint32_t a;
	} m[] = {
		{ "SHA-1", NCR_ALG_SHA1 }, { "SHA-224", NCR_ALG_SHA224 },
		{ "SHA-256", NCR_ALG_SHA256 }, { "SHA-384", NCR_ALG_SHA384 },
		{ "SHA-512", NCR_ALG_SHA512 },
	};

	for (size_t i = 0; name && i < ARRAY_SIZE(m); i++)
		if (!strcmp(m[i].n, name))
			return m[i].a;
	return 0;
}

static uint32_t curve_bits(const char *name)
{
	if (!name)
		return 0;
	if (!strcmp(name, "secp256r1") || !strcmp(name, "P-256"))
		return 256;
	if (!strcmp(name, "secp384r1") || !strcmp(name, "P-384"))
		return 384;
	return 0;
}

static const char *jstr(json_t *o, const char *field)
{
	return json_string_value(json_object_get(o, field));
}

static long jint(json_t *o, const char *field)
{
	return (long)json_integer_value(json_object_get(o, field));
}

#define GSKIP(...) do { \
	snprintf(gc->skip_buf, sizeof(gc->skip_buf), __VA_ARGS__); \
	gc->skip = gc->skip_buf; \
} while (0)

static void pk_group_begin(int kind, json_t *g, struct pkgroup *gc)
{
	json_t *pubk = json_object_get(g, "publicKey");
	const char *sha = jstr(g, "sha"), *der_field = NULL;
	uint32_t type = 0, usage = 0, format = NCR_KEY_FORMAT_SPKI;
	long size = 0, lo = 0, hi = 0;
	uint8_t *der;
	size_t der_len;
	int bad = 0;

	memset(gc, 0, sizeof(*gc));
	gc->kind = kind;
	if (sha && !sha_alg(sha))
		GSKIP("hash %s not supported by ncr sessions", sha);
	switch (kind) {
	case PK_RSA_OAEP_DEC:
		gc->alg = NCR_ALG_RSA_OAEP;
		gc->p.hash = sha_alg(sha);
		if (!jstr(g, "mgf") || strcmp(jstr(g, "mgf"), "MGF1"))
			GSKIP("mask generation %s not supported",
			      jstr(g, "mgf") ? jstr(g, "mgf") : "(none)");
		gc->p.mgf1_hash = sha_alg(jstr(g, "mgfSha"));
		if (!gc->p.mgf1_hash && !gc->skip)
			GSKIP("MGF1 hash %s not supported",
			      jstr(g, "mgfSha") ? jstr(g, "mgfSha") : "?");
		/* fall through */
	case PK_RSA_PKCS1_DEC:
		if (kind == PK_RSA_PKCS1_DEC)
			gc->alg = NCR_ALG_RSA_PKCS1;
		type = NCR_KEY_TYPE_RSA;
		usage = NCR_KEY_USAGE_DECRYPT | NCR_KEY_USAGE_ENCRYPT;
		der_field = "privateKeyPkcs8";
		format = NCR_KEY_FORMAT_PKCS8;
		size = jint(g, "keySize");
		lo = 1024;
		hi = 4096;
		break;
	case PK_RSA_PKCS1_GEN:
		gc->alg = NCR_ALG_RSA_PKCS1;
		gc->p.hash = sha_alg(sha);
		type = NCR_KEY_TYPE_RSA;
		usage = NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY;
		der_field = "privateKeyPkcs8";
		format = NCR_KEY_FORMAT_PKCS8;
		size = jint(g, "keySize");
		lo = 1024;
		hi = 4096;
		break;
	case PK_RSA_PSS_VER:
		gc->alg = NCR_ALG_RSA_PSS;
		if (!jstr(g, "mgf") || strcmp(jstr(g, "mgf"), "MGF1"))
			GSKIP("mask generation %s not supported",
			      jstr(g, "mgf") ? jstr(g, "mgf") : "(none)");
		gc->p.mgf1_hash = sha_alg(jstr(g, "mgfSha"));
		gc->p.salt_size = (uint32_t)jint(g, "sLen");
		/* fall through */
	case PK_RSA_PKCS1_VER:
		if (kind == PK_RSA_PKCS1_VER)
			gc->alg = NCR_ALG_RSA_PKCS1;
		gc->p.hash = sha_alg(sha);
		type = NCR_KEY_TYPE_RSA;
		usage = NCR_KEY_USAGE_VERIFY;
		der_field = "publicKeyDer";
		size = jint(g, "keySize");
		lo = 1024;
		hi = 4096;
		break;
	case PK_DSA_VER:
	case PK_DSA_VER_P1363:
		gc->alg = NCR_ALG_DSA;
		gc->p.hash = sha_alg(sha);
		if (kind == PK_DSA_VER_P1363)
			gc->p.pk_flags = NCR_PK_FLAG_SIG_RAW;
		type = NCR_KEY_TYPE_DSA;
		usage = NCR_KEY_USAGE_VERIFY;
		der_field = "publicKeyDer";
		size = jint(pubk, "keySize");
		lo = 2048;	/* the (L, N) pairs of NCRIO_KEY_GENERATE_PAIR */
		hi = 3072;
		break;
	case PK_ECDSA_VER:
	case PK_ECDSA_VER_P1363:
		gc->alg = NCR_ALG_ECDSA;
		gc->p.hash = sha_alg(sha);
		if (kind == PK_ECDSA_VER_P1363)
			gc->p.pk_flags = NCR_PK_FLAG_SIG_RAW;
		type = NCR_KEY_TYPE_EC;
		usage = NCR_KEY_USAGE_VERIFY;
		der_field = "publicKeyDer";
		if (!curve_bits(jstr(pubk, "curve")) && !gc->skip)
			GSKIP("curve %s not supported",
			      jstr(pubk, "curve") ? jstr(pubk, "curve") : "?");
		break;
	case PK_EDDSA_VER:
		gc->alg = NCR_ALG_ED25519;
		type = NCR_KEY_TYPE_ED25519;
		usage = NCR_KEY_USAGE_VERIFY;
		der_field = "publicKeyDer";
		if ((!jstr(pubk, "curve") ||
		     strcmp(jstr(pubk, "curve"), "edwards25519")) && !gc->skip)
			GSKIP("curve %s not supported",
			      jstr(pubk, "curve") ? jstr(pubk, "curve") : "?");
		break;
	case PK_ECDH_ASN:
	case PK_ECDH_POINT:
		gc->alg = NCR_ALG_ECDH;
		gc->curve = curve_bits(jstr(g, "curve"));
		if (!gc->curve && !gc->skip)
			GSKIP("curve %s not supported",
			      jstr(g, "curve") ? jstr(g, "curve") : "?");
		return;	/* keys per test */
	case PK_XDH:
		gc->alg = NCR_ALG_X25519;
		if ((!jstr(g, "curve") || strcmp(jstr(g, "curve"),
						 "curve25519")) && !gc->skip)
			GSKIP("curve %s not supported",
			      jstr(g, "curve") ? jstr(g, "curve") : "?");
		return;
	}
	if (gc->skip)
		return;
	if (size && (size < lo || size > hi)) {
		gc->out_of_range = 1;
		snprintf(gc->size_desc, sizeof(gc->size_desc),
			 "%ld-bit %s keys not supported (ncr.h: %ld..%ld)",
			 size, type == NCR_KEY_TYPE_RSA ? "RSA" : "DSA", lo,
			 hi);
	}
	der = jhex(g, der_field, &der_len, &bad);
	if (!der) {
		GSKIP("group has no %s field", der_field);
		return;
	}
	gc->import_err = pk_import(ncr_fd, type, format, 0, der, der_len, 0,
				   usage, &gc->key);
	gc->have_key = !gc->import_err;
	free(der);
}

static void pk_group_end(struct pkgroup *gc)
{
	if (gc->have_key)
		key_del(ncr_fd, gc->key);
	for (int i = 0; i < gc->nprivs; i++)
		key_del(ncr_fd, gc->privs[i].key);
	memset(gc->privs, 0, sizeof(gc->privs));
}

/* The verdict of a test whose key import failed with err. */
static enum verdict import_refused(const struct tcase *tc, int err,
				   int out_of_range, const char *size_desc,
				   const char *what, char *why,
				   size_t why_len)
{
	if (out_of_range && (err == -EINVAL || err == -EOPNOTSUPP)) {
		WHY("%s (%s)", size_desc, errname(err));
		return V_SKIP;
	}
	if (is_valid(tc)) {
		WHY("import of %s: %s", what, errname(err));
		return V_FAIL;
	}
	if (err != -EINVAL && err != -EOPNOTSUPP) {
		WHY("import of %s: %s, want EINVAL or EOPNOTSUPP", what,
		    errname(err));
		return V_FAIL;
	}
	if (is_acceptable(tc))
		acc_refused++;
	return V_PASS;
}

/* Verdict of a refusal r of an operation (0: it succeeded). */
static enum verdict op_outcome_refused(const struct tcase *tc, int r,
				       int ok_errno1, int ok_errno2,
				       const char *what, char *why,
				       size_t why_len)
{
	if (r != ok_errno1 && r != ok_errno2) {
		WHY("%s: %s, want %s%s%s", what, errname(r), errname(ok_errno1),
		    ok_errno2 ? " or " : "", ok_errno2 ? errname(ok_errno2) : "");
		return V_FAIL;
	}
	if (is_valid(tc)) {
		WHY("%s of a valid test refused: %s", what, errname(r));
		return V_FAIL;
	}
	if (is_acceptable(tc))
		acc_refused++;
	return V_PASS;
}

static enum verdict pk_decrypt_test(struct pkgroup *gc,
				    const struct tcase *tc, char *why,
				    size_t why_len)
{
	uint8_t out[NCR_MAX_SIGNATURE], ct[NCR_MAX_SIGNATURE];
	size_t out_len = sizeof(out), ct_len = sizeof(ct);
	struct pkp p = gc->p;
	int r;

	if (!tc->ct || !tc->msg) {
		WHY("malformed test: missing fields");
		return V_FAIL;
	}
	p.label = tc->label;
	p.label_size = (uint32_t)tc->label_len;
	r = pk_crypt(ncr_fd, gc->alg, NCR_OP_DECRYPT, gc->key, &p, tc->ct,
		     tc->ct_len, out, &out_len);
	if (r)
		return op_outcome_refused(tc, r, -EBADMSG, -EINVAL, "decrypt",
					  why, why_len);
	if (!is_valid(tc) && !is_acceptable(tc)) {
		WHY("invalid ciphertext decrypted (%zu bytes)", out_len);
		return V_FAIL;
	}
	if (out_len != tc->msg_len || memcmp(out, tc->msg, out_len)) {
		WHY("decrypt: plaintext differs (%zu bytes, want %zu)",
		    out_len, tc->msg_len);
		return V_FAIL;
	}
	if (is_acceptable(tc)) {
		acc_accepted++;
		return V_PASS;
	}
	/* and the kernel's own encryption of msg decrypts back to it (a
	 * few times per group: RSA private operations are slow under TCG) */
	if (gc->roundtrips >= 3)
		return V_PASS;
	gc->roundtrips++;
	r = pk_crypt(ncr_fd, gc->alg, NCR_OP_ENCRYPT, gc->key, &p, tc->msg,
		     tc->msg_len, ct, &ct_len);
	if (r) {
		WHY("encrypt of msg (%zu bytes): %s", tc->msg_len, errname(r));
		return V_FAIL;
	}
	out_len = sizeof(out);
	r = pk_crypt(ncr_fd, gc->alg, NCR_OP_DECRYPT, gc->key, &p, ct, ct_len,
		     out, &out_len);
	if (r || out_len != tc->msg_len || memcmp(out, tc->msg, out_len)) {
		WHY("kernel encryption of msg does not decrypt back: %s",
		    errname(r));
		return V_FAIL;
	}
	return V_PASS;
}

static enum verdict pk_sign_test(struct pkgroup *gc, const struct tcase *tc,
				 char *why, size_t why_len)
{
	uint8_t sig[NCR_MAX_SIGNATURE];
	size_t sig_len = sizeof(sig);
	int r;

	if (!tc->sig || !tc->msg) {
		WHY("malformed test: missing fields");
		return V_FAIL;
	}
	r = pk_sign(ncr_fd, gc->alg, gc->key, &gc->p, tc->msg, tc->msg_len,
		    sig, &sig_len);
	if (r)
		return op_outcome_refused(tc, r, -EINVAL, 0, "sign", why,
					  why_len);
	if (!is_valid(tc) && !is_acceptable(tc)) {
		if (sig_len == tc->sig_len && !memcmp(sig, tc->sig, sig_len)) {
			WHY("sign produced the invalid test's signature");
			return V_FAIL;
		}
		return V_PASS;
	}
	if (sig_len != tc->sig_len || memcmp(sig, tc->sig, sig_len)) {
		WHY("signature differs (%zu bytes, want %zu)", sig_len,
		    tc->sig_len);
		return V_FAIL;
	}
	r = pk_verify(ncr_fd, gc->alg, gc->key, &gc->p, tc->msg, tc->msg_len,
		      sig, sig_len);
	if (r != NCR_VERIFY_OK) {
		WHY("verify of the expected signature: %s",
		    r == NCR_VERIFY_FAILED ? "NCR_VERIFY_FAILED" : errname(r));
		return V_FAIL;
	}
	sig[sig_len / 2] ^= 0x10;
	r = pk_verify(ncr_fd, gc->alg, gc->key, &gc->p, tc->msg, tc->msg_len,
		      sig, sig_len);
	if (r != NCR_VERIFY_FAILED) {
		WHY("verify of a modified signature: %s",
		    r == NCR_VERIFY_OK ? "NCR_VERIFY_OK" : errname(r));
		return V_FAIL;
	}
	if (is_acceptable(tc))
		acc_accepted++;
	return V_PASS;
}

static enum verdict pk_verify_test(struct pkgroup *gc,
				   const struct tcase *tc, char *why,
				   size_t why_len)
{
	int r;

	if (!tc->sig || !tc->msg) {
		WHY("malformed test: missing fields");
		return V_FAIL;
	}
	r = pk_verify(ncr_fd, gc->alg, gc->key, &gc->p, tc->msg, tc->msg_len,
		      tc->sig, tc->sig_len);
	if (r < 0) {
		WHY("verify: %s, want a result (a malformed signature is "
		    "NCR_VERIFY_FAILED)", errname(r));
		return V_FAIL;
	}
	if (is_acceptable(tc)) {
		if (r == NCR_VERIFY_OK)
			acc_accepted++;
		else
			acc_refused++;
		return V_PASS;
	}
	if (is_valid(tc) ? r != NCR_VERIFY_OK : r != NCR_VERIFY_FAILED) {
		WHY("verify: %s, want %s", r == NCR_VERIFY_OK ?
		    "NCR_VERIFY_OK" : "NCR_VERIFY_FAILED", is_valid(tc) ?
		    "NCR_VERIFY_OK" : "NCR_VERIFY_FAILED");
		return V_FAIL;
	}
	return V_PASS;
}

/* Derive with our private key and peer into an exportable generic secret;
 * compare with shared. */
static enum verdict pk_derive_check(uint32_t alg, uint32_t priv,
				    const uint8_t *peer, size_t peer_len,
				    const struct tcase *tc, char *why,
				    size_t why_len)
{
	uint8_t secret[NCR_MAX_SECRET_BYTES];
	size_t slen = sizeof(secret);
	uint32_t nk;
	int r;

	r = pk_derive(ncr_fd, alg, priv, peer, peer_len, NCR_KEY_TYPE_HMAC,
		      NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN, &nk);
	if (r)
		return op_outcome_refused(tc, r, -EINVAL, 0, "derive", why,
					  why_len);
	r = secret_export(ncr_fd, nk, secret, &slen);
	key_del(ncr_fd, nk);
	if (r) {
		WHY("export of the derived key: %s", errname(r));
		return V_FAIL;
	}
	if (!is_valid(tc) && !is_acceptable(tc)) {
		WHY("derive with an invalid public key succeeded");
		return V_FAIL;
	}
	if (!tc->shared || slen != tc->shared_len ||
	    memcmp(secret, tc->shared, slen)) {
		WHY("shared secret differs (%zu bytes, want %zu)", slen,
		    tc->shared_len);
		return V_FAIL;
	}
	if (is_acceptable(tc))
		acc_accepted++;
	return V_PASS;
}

static enum verdict pk_ecdh_test(struct pkgroup *gc, const struct tcase *tc,
				 char *why, size_t why_len)
{
	size_t flen = gc->curve / 8, plen;
	uint8_t d[48] = { 0 }, point[2 * 48 + 1];
	const uint8_t *pv = tc->priv;
	size_t pvl = tc->priv_len, point_len = sizeof(point);
	uint32_t priv, pub = 0;
	enum verdict v;
	int r, cached = 0;

	if (!tc->priv || !tc->pub) {
		WHY("malformed test: missing fields");
		return V_FAIL;
	}
	while (pvl > flen && !*pv) {
		pv++;
		pvl--;
	}
	if (pvl > flen) {
		WHY("private scalar of %zu bytes for a %zu-byte field",
		    tc->priv_len, flen);
		return V_FAIL;
	}
	memcpy(d + flen - pvl, pv, pvl);
	priv = 0;
	for (int i = 0; i < gc->nprivs; i++)
		if (!memcmp(gc->privs[i].d, d, flen))
			priv = gc->privs[i].key;
	if (!priv) {
		r = pk_import(ncr_fd, NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_RAW,
			      gc->curve, d, flen, 0, NCR_KEY_USAGE_DERIVE,
			      &priv);
		if (r) {
			memset(d, 0, sizeof(d));
			WHY("import of the private scalar (RAW, P-%u): %s",
			    gc->curve, errname(r));
			return V_FAIL;
		}
		if (gc->nprivs < (int)ARRAY_SIZE(gc->privs)) {
			memcpy(gc->privs[gc->nprivs].d, d, flen);
			gc->privs[gc->nprivs++].key = priv;
			cached = 1;
		}
	} else {
		cached = 1;
	}
	memset(d, 0, sizeof(d));
	if (gc->kind == PK_ECDH_ASN) {
		/* the SPKI through the real import, then its point */
		r = pk_import(ncr_fd, NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_SPKI, 0,
			      tc->pub, tc->pub_len, 0, NCR_KEY_USAGE_DERIVE,
			      &pub);
		if (r) {
			v = import_refused(tc, r, 0, NULL, "the public SPKI",
					   why, why_len);
			goto out;
		}
		r = pk_export(ncr_fd, pub, NCR_KEY_FORMAT_RAW_PUBLIC, point,
			      &point_len);
		if (r) {
			WHY("export RAW_PUBLIC of the imported SPKI: %s",
			    errname(r));
			v = V_FAIL;
			goto out;
		}
		plen = point_len;
		v = pk_derive_check(NCR_ALG_ECDH, priv, point, plen, tc, why,
				    why_len);
	} else {
		v = pk_derive_check(NCR_ALG_ECDH, priv, tc->pub, tc->pub_len,
				    tc, why, why_len);
	}
out:
	if (pub)
		key_del(ncr_fd, pub);
	if (!cached)
		key_del(ncr_fd, priv);
	return v;
}

static enum verdict pk_xdh_test(const struct tcase *tc, char *why,
				size_t why_len)
{
	enum verdict v;
	uint32_t priv;
	int r;

	if (!tc->priv || !tc->pub) {
		WHY("malformed test: missing fields");
		return V_FAIL;
	}
	r = pk_import(ncr_fd, NCR_KEY_TYPE_X25519, NCR_KEY_FORMAT_RAW, 0,
		      tc->priv, tc->priv_len, 0, NCR_KEY_USAGE_DERIVE, &priv);
	if (r)
		return import_refused(tc, r, 0, NULL, "the private key", why,
				      why_len);
	v = pk_derive_check(NCR_ALG_X25519, priv, tc->pub, tc->pub_len, tc,
			    why, why_len);
	key_del(ncr_fd, priv);
	return v;
}

static enum verdict run_pk(struct pkgroup *gc, const struct tcase *tc,
			   char *why, size_t why_len)
{
	if (gc->skip) {
		WHY("%s", gc->skip);
		return V_SKIP;
	}
	if (gc->kind != PK_ECDH_ASN && gc->kind != PK_ECDH_POINT &&
	    gc->kind != PK_XDH && !gc->have_key)
		return import_refused(tc, gc->import_err, gc->out_of_range,
				      gc->size_desc, "the group's key", why,
				      why_len);
	switch (gc->kind) {
	case PK_RSA_OAEP_DEC:
	case PK_RSA_PKCS1_DEC:
		return pk_decrypt_test(gc, tc, why, why_len);
	case PK_RSA_PKCS1_GEN:
		return pk_sign_test(gc, tc, why, why_len);
	case PK_ECDH_ASN:
	case PK_ECDH_POINT:
		return pk_ecdh_test(gc, tc, why, why_len);
	case PK_XDH:
		return pk_xdh_test(tc, why, why_len);
	default:
		return pk_verify_test(gc, tc, why, why_len);
	}
}

/* ------------------------------------------------------------- dispatch */

enum kind { K_AEAD, K_CBC_PKCS5, K_XTS, K_MAC, K_KEYWRAP, K_PK };

struct supported {
	const char *schema, *algorithm;
	enum kind kind;
	uint32_t alg;
};

static const struct supported supported[] = {
	{ "aead_test_schema_v1.json", "AES-GCM", K_AEAD, NCR_ALG_AES_GCM },
	{ "aead_test_schema_v1.json", "AES-CCM", K_AEAD, NCR_ALG_AES_CCM },
	{ "aead_test_schema_v1.json", "CHACHA20-POLY1305", K_AEAD,
	  NCR_ALG_CHACHA20_POLY1305 },
	{ "ind_cpa_test_schema_v1.json", "AES-CBC-PKCS5", K_CBC_PKCS5,
	  NCR_ALG_AES_CBC },
	{ "ind_cpa_test_schema_v1.json", "AES-XTS", K_XTS, NCR_ALG_AES_XTS },
	{ "mac_test_schema_v1.json", "AES-CMAC", K_MAC, NCR_ALG_CMAC_AES },
	{ "mac_test_schema_v1.json", "HMACSHA1", K_MAC, NCR_ALG_HMAC_SHA1 },
	{ "mac_test_schema_v1.json", "HMACSHA224", K_MAC, NCR_ALG_HMAC_SHA224 },
	{ "mac_test_schema_v1.json", "HMACSHA256", K_MAC, NCR_ALG_HMAC_SHA256 },
	{ "mac_test_schema_v1.json", "HMACSHA384", K_MAC, NCR_ALG_HMAC_SHA384 },
	{ "mac_test_schema_v1.json", "HMACSHA512", K_MAC, NCR_ALG_HMAC_SHA512 },
	{ "mac_test_schema_v1.json", "HMACSHA3-256", K_MAC,
	  NCR_ALG_HMAC_SHA3_256 },
	{ "mac_test_schema_v1.json", "HMACSHA3-512", K_MAC,
	  NCR_ALG_HMAC_SHA3_512 },
	{ "keywrap_test_schema_v1.json", "AES-WRAP", K_KEYWRAP,
	  NCR_WALG_AES_RFC3394 },
	{ "keywrap_test_schema_v1.json", "AES-KWP", K_KEYWRAP,
	  NCR_WALG_AES_RFC5649 },
	/* public key: any algorithm name; alg is the enum pk_kind, and
	 * unsupported curves, hashes or sizes are skipped per group */
	{ "rsaes_oaep_decrypt_schema_v1.json", NULL, K_PK, PK_RSA_OAEP_DEC },
	{ "rsaes_pkcs1_decrypt_schema_v1.json", NULL, K_PK,
	  PK_RSA_PKCS1_DEC },
	{ "rsassa_pkcs1_generate_schema_v1.json", NULL, K_PK,
	  PK_RSA_PKCS1_GEN },
	{ "rsassa_pkcs1_verify_schema_v1.json", NULL, K_PK,
	  PK_RSA_PKCS1_VER },
	{ "rsassa_pss_verify_schema_v1.json", NULL, K_PK, PK_RSA_PSS_VER },
	{ "dsa_verify_schema_v1.json", NULL, K_PK, PK_DSA_VER },
	{ "dsa_p1363_verify_schema_v1.json", NULL, K_PK, PK_DSA_VER_P1363 },
	{ "ecdsa_verify_schema_v1.json", NULL, K_PK, PK_ECDSA_VER },
	{ "ecdsa_p1363_verify_schema_v1.json", NULL, K_PK,
	  PK_ECDSA_VER_P1363 },
	{ "eddsa_verify_schema_v1.json", NULL, K_PK, PK_EDDSA_VER },
	{ "ecdh_test_schema_v1.json", NULL, K_PK, PK_ECDH_ASN },
	{ "ecdh_ecpoint_test_schema_v1.json", NULL, K_PK, PK_ECDH_POINT },
	{ "xdh_comp_schema_v1.json", NULL, K_PK, PK_XDH },
};

static const char *known_schemas[] = {
	"aead_test_schema_v1.json", "ind_cpa_test_schema_v1.json",
	"mac_test_schema_v1.json", "keywrap_test_schema_v1.json",
	"rsaes_oaep_decrypt_schema_v1.json",
	"rsaes_pkcs1_decrypt_schema_v1.json",
	"rsassa_pkcs1_generate_schema_v1.json",
	"rsassa_pkcs1_verify_schema_v1.json",
	"rsassa_pss_verify_schema_v1.json", "dsa_verify_schema_v1.json",
	"dsa_p1363_verify_schema_v1.json", "ecdsa_verify_schema_v1.json",
	"ecdsa_p1363_verify_schema_v1.json", "eddsa_verify_schema_v1.json",
	"ecdh_test_schema_v1.json", "ecdh_ecpoint_test_schema_v1.json",
	"xdh_comp_schema_v1.json",
};

static void group_label(json_t *g, int gi, char *buf, size_t len)
{
	int n = snprintf(buf, len, "group %d", gi);
	static const char *const fields[] = { "keySize", "ivSize", "tagSize",
					      "sha", "mgfSha", "sLen",
					      "curve" };

	for (size_t i = 0; i < ARRAY_SIZE(fields) && n > 0 && (size_t)n < len;
	     i++) {
		json_t *v = json_object_get(g, fields[i]);

		if (json_is_integer(v))
			n += snprintf(buf + n, len - (size_t)n, " %s=%lld",
				      fields[i], (long long)json_integer_value(v));
		else if (json_is_string(v))
			n += snprintf(buf + n, len - (size_t)n, " %s=%s",
				      fields[i], json_string_value(v));
	}
}

/* Counts the tests of a file without running them. */
static int count_tests(json_t *root)
{
	json_t *groups = json_object_get(root, "testGroups"), *g;
	size_t gi;
	int n = 0;

	json_array_foreach(groups, gi, g)
		n += (int)json_array_size(json_object_get(g, "tests"));
	return n;
}

static int run_file(const char *path)
{
	struct file_run fr = { 0 };
	json_error_t jerr;
	json_t *root, *groups, *g;
	const struct supported *sup = NULL;
	const char *schema;
	char *pathcopy = strdup(path);
	struct live before, after;
	int have_live = 0;
	size_t gi;
	unsigned long file_index = 0, fr_ran = 0;

	fr.name = basename(pathcopy);
	root = json_load_file(path, 0, &jerr);
	if (!root) {
		tap_ok(0, "%s: cannot parse: %s (line %d)", fr.name, jerr.text,
		       jerr.line);
		printf("# %s: 0 passed, 1 failed, 0 skipped\n", fr.name);
		free(pathcopy);
		return 1;
	}
	schema = json_string_value(json_object_get(root, "schema"));
	fr.algorithm = json_string_value(json_object_get(root, "algorithm"));
	if (!schema)
		schema = "(none)";
	if (!fr.algorithm)
		fr.algorithm = "(none)";
	for (size_t i = 0; i < ARRAY_SIZE(supported); i++)
		if (!strcmp(supported[i].schema, schema) &&
		    (!supported[i].algorithm ||
		     !strcmp(supported[i].algorithm, fr.algorithm)))
			sup = &supported[i];
	if (!sup) {
		int known = 0;

		for (size_t i = 0; i < ARRAY_SIZE(known_schemas); i++)
			known |= !strcmp(known_schemas[i], schema);
		fr.skip = count_tests(root);
		if (known) {
			printf("# unsupported algorithm %s (schema %s)\n",
			       fr.algorithm, schema);
			tap_skip("unsupported algorithm", "%s: %s", fr.name,
				 fr.algorithm);
		} else {
			printf("# unsupported schema %s\n", schema);
			tap_skip("unsupported schema", "%s: %s", fr.name,
				 schema);
		}
		goto summary;
	}
	if (sup->kind == K_PK && be != &ncr_backend) {
		fr.skip = count_tests(root);
		tap_skip("public-key schemas run only against /dev/crypto",
			 "%s: %s", fr.name, schema);
		goto summary;
	}
	if (be == &ncr_backend && !live_get(ncr_fd, &before))
		have_live = 1;
	acc_accepted = acc_refused = 0;

	groups = json_object_get(root, "testGroups");
	json_array_foreach(groups, gi, g) {
		json_t *tests = json_object_get(g, "tests"), *t;
		unsigned long first = file_index, nsel = 0;
		long tag_bits = (long)json_integer_value(
			json_object_get(g, "tagSize"));
		int gpass = 0, gfail = 0;
		struct pkgroup gc;
		char label[128];
		size_t ti;

		group_label(g, (int)gi, label, sizeof(label));
		file_index += json_array_size(tests);
		if (sup->kind == K_PK) {
			for (unsigned long i = first; i < file_index; i++)
				nsel += pk_selected(i);
			if (!nsel)
				continue;	/* sampled out: no key import */
			pk_group_begin((int)sup->alg, g, &gc);
		}
		json_array_foreach(tests, ti, t) {
			struct tcase tc;
			char why[300] = "";
			enum verdict v;

			if (sup->kind == K_PK && !pk_selected(first + ti))
				continue;
			fr_ran++;

			if (tcase_load(t, &tc, sup->kind != K_PK)) {
				v = V_FAIL;
				snprintf(why, sizeof(why),
					 "malformed test (bad or missing hex)");
			} else {
				switch (sup->kind) {
				case K_AEAD:
					v = run_aead(sup->alg, fr.algorithm,
						     &tc, why, sizeof(why));
					break;
				case K_CBC_PKCS5:
					v = run_cbc_pkcs5(&tc, why,
							  sizeof(why));
					break;
				case K_XTS:
					v = run_xts(&tc, why, sizeof(why));
					break;
				case K_MAC:
					v = run_mac(sup->alg,
						    (size_t)tag_bits / 8, &tc,
						    why, sizeof(why));
					break;
				case K_KEYWRAP:
					v = run_keywrap(sup->alg, fr.algorithm,
							&tc, why, sizeof(why));
					break;
				case K_PK:
					v = run_pk(&gc, &tc, why, sizeof(why));
					break;
				default:
					v = V_FAIL;
					break;
				}
			}
			if (v == V_PASS) {
				gpass++;
				fr.pass++;
			} else if (v == V_FAIL) {
				gfail++;
				fr.fail++;
				tap_ok(0, "%s tcId %ld (%s) [%s, %s]: %s",
				       fr.name, tc.id, tc.comment, label,
				       tc.result ? tc.result : "?", why);
			} else {
				note_skip(&fr, why, tc.id);
			}
			tcase_free(&tc);
		}
		if (sup->kind == K_PK)
			pk_group_end(&gc);
		if (gpass && !gfail)
			tap_ok(1, "%s %s: %d tests passed", fr.name, label,
			       gpass);
	}
	for (int i = 0; i < fr.n_reasons; i++)
		tap_skip(fr.skips[i].reason, "%s: %d tests (tcId %s)", fr.name,
			 fr.skips[i].count, fr.skips[i].ids);
	if (have_live && !live_get(ncr_fd, &after))
		tap_ok(after.keys == before.keys &&
		       after.sessions == before.sessions,
		       "%s: no keys or sessions left behind (keys %llu -> "
		       "%llu, sessions %llu -> %llu)", fr.name,
		       (unsigned long long)before.keys,
		       (unsigned long long)after.keys,
		       (unsigned long long)before.sessions,
		       (unsigned long long)after.sessions);
	if (acc_accepted || acc_refused)
		printf("# %s: acceptable tests: %d accepted, %d refused\n",
		       fr.name, acc_accepted, acc_refused);
	if (sup->kind == K_PK && pk_stride > 1)
		printf("# %s: sampled: ran %lu of %lu tests (every %lu-th, "
		       "offset %lu)\n", fr.name, fr_ran, file_index,
		       pk_stride, pk_offset);
summary:
	printf("# %s: %d passed, %d failed, %d skipped\n", fr.name, fr.pass,
	       fr.fail, fr.skip);
	json_decref(root);
	free(pathcopy);
	return fr.fail ? 1 : 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: wycheproof [--backend=ncr|openssl] "
		"FILE.json...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int failed = 0, nfiles = 0;

	tap_init();
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--backend=openssl"))
			be = &openssl_backend;
		else if (!strcmp(argv[i], "--backend=ncr"))
			be = &ncr_backend;
		else if (argv[i][0] == '-' && argv[i][1] == '-')
			usage();
		else
			nfiles++;
	}
	if (!nfiles)
		usage();
	{
		const char *st = getenv("NCR_WYCHEPROOF_PK_STRIDE");
		const char *of = getenv("NCR_WYCHEPROOF_PK_OFFSET");

		if (st && strtoul(st, NULL, 0) > 1) {
			pk_stride = strtoul(st, NULL, 0);
			pk_offset = of && *of ? strtoul(of, NULL, 0) :
				    (unsigned long)time(NULL) / 60;
			pk_offset %= pk_stride;
			printf("# public-key files sampled: every %lu-th test, "
			       "offset %lu (NCR_WYCHEPROOF_PK_STRIDE=%lu "
			       "NCR_WYCHEPROOF_PK_OFFSET=%lu reproduce)\n",
			       pk_stride, pk_offset, pk_stride, pk_offset);
		}
	}
	if (be == &ncr_backend) {
		ncr_fd = ncr_open();
		if (ncr_fd < 0) {
			char reason[128];

			snprintf(reason, sizeof(reason),
				 "cannot open /dev/crypto: %s",
				 errname(ncr_fd));
			tap_skip_all(reason);
		}
	}
	for (int i = 1; i < argc; i++)
		if (argv[i][0] != '-' || argv[i][1] != '-')
			failed |= run_file(argv[i]);
	if (ncr_fd >= 0)
		ncr_close(ncr_fd);
	tap_finish("wycheproof");
	return failed ? 1 : 0;
}
