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
 *
 * Algorithm sets (ncr.h, ALGORITHM SETS): every test key is imported with
 * the set of exactly the algorithm its file tests (AES_GCM, AES_CCM,
 * CHACHA20_POLY1305, AES_CBC, AES_XTS, CMAC_AES, the file's HMAC, AES_KW
 * or AES_KWP, RSA_OAEP, RSA_PKCS1, RSA_PSS, DSA, ECDSA, ED25519, ECDH,
 * X25519).  Once per file, the first usable key is imported again with a
 * usage wide enough for the other algorithms of its type, and must still
 * do its own algorithm but refuse those outside its set with EPERM (GCM
 * through CTR or ECB, CMAC through ECB or CBC, key wrap through ECB or the
 * other padding, an XTS key as AES-256, an HMAC key with another hash, an
 * OAEP key as a PKCS#1 v1.5 oracle and back, PKCS#1 v1.5 and PSS for each
 * other, an ECDH key for ECDSA; an EC key for both with no set named:
 * EINVAL).  One TAP line per file.
 *
 * Public-key rejections: an "invalid" test passes when it is refused at
 * import (EINVAL/EOPNOTSUPP), at derive (EINVAL), at decryption (OAEP:
 * EBADMSG, or EINVAL) or by verification (NCR_VERIFY_FAILED; an errno from
 * verify is a failure: a malformed signature is a failed verification).
 * PKCS#1 v1.5 decryption does implicit rejection (ncr.h): an invalid
 * ciphertext must decrypt WITHOUT an error (unless it is publicly invalid:
 * not k bytes long, or not below n; then an error is allowed) to a
 * synthetic message of at most k - 11 bytes, the same for the same
 * ciphertext, that is not the test's msg, and that equals the synthetic
 * message of the reference below; valid ciphertexts decrypt to msg in
 * the kernel and in the reference.  The reference is written here with
 * OpenSSL's libcrypto, from the algorithm in core/rsa/rsa.h
 * (draft-irtf-cfrg-rsa-guidance, as OpenSSL 3.2+): the raw RSA decryption
 * (RSA_NO_PADDING), the padding check 00 02 PS(>= 8 non-zero) 00 M, and
 * otherwise KDK = HMAC-SHA256(SHA-256(d as k bytes), C), PRF(label, L) =
 * HMAC-SHA256(KDK, be16(i) || label || be16(8 L)) concatenated, the
 * length the last of the 128 16-bit words of PRF("length", 256), masked
 * to the smallest all-ones value covering k - 10, that is below k - 10,
 * and the message the last that many bytes of PRF("message", k).
 * A key whose size ncr.h documents as unsupported (RSA outside
 * 1024..4096, DSA L outside 2048..3072) refused with EINVAL/EOPNOTSUPP
 * skips its tests with the reason.  Counts of acceptable tests accepted
 * and refused are printed per file.  Unsupported curves and hashes skip
 * their group.
 *
 * Verdicts: "valid" tests must produce exactly the expected output (and
 * decrypt/verify back); "acceptable" ones may instead be refused; "invalid"
 * ones must be refused: EBADMSG from AEAD or padded-CBC decryption,
 * NCR_VERIFY_FAILED from MAC verification, EINVAL where a parameter (key,
 * IV or tag size) is outside what ncr.h documents.  A valid test whose
 * parameters ncr.h does not support, refused with EINVAL, is skipped with
 * the reason (e.g. GCM IVs other than 12 bytes).
 *
 * MACs: the length the verifier accepts is the group's tagSize, fixed
 * before any tag is seen (session init tag_size; once: mac_size, through
 * ncr_mac_verify_trunc), never the length of the test's tag.  Valid
 * tests: the MAC of that length, computed by a raw NCRIO_SESSION_ONCE
 * with mac_size and by a session with tag_size, equals tag; tag verifies
 * (once and session); a one-bit change, the tag one byte shorter and, for
 * truncated groups, the tag under a full-length verifier all fail.
 * Truncations below the minimum of ncr.h (HMAC 10 bytes, CMAC 8) are
 * refused by design: a valid test of such a group passes only if every
 * one of those calls is refused with EINVAL, and is then reported as
 * "# SKIP below the minimum MAC length ncr accepts"; an invalid test
 * (any length) passes when it is refused (EINVAL) or fails to verify,
 * and fails if it ever verifies.
 *
 * Key wrap: the wrapping key is imported as an exportable AES key with
 * usage WRAP|UNWRAP and the file's algorithm (sizes other than 128/192/256
 * bits are skipped).  Each test (a) imports msg as an exportable,
 * wrappable HMAC key (the caller holds its bytes, so ncr.h lets any
 * wrapping key wrap it) and wraps it, which for valid tests must give
 * exactly ct (an invalid test's ct must not come out), and (b) unwraps ct
 * into a new exportable, hashable HMAC key (allowed because the wrapping
 * key is exportable): valid tests must succeed, the new key's material
 * exported must equal msg and, hashed in the kernel (NCR_OP_FLAG_KEY_DATA),
 * give SHA-256 of msg when it has 16 bytes or more and EPERM when it is
 * shorter; invalid tests must fail with EBADMSG or EINVAL and create no
 * key.  A msg an HMAC key cannot hold (0 bytes) skips part (a), and a
 * valid test whose msg it is, the whole test.  The file's set check also
 * asks of a non-exportable wrapping key (EPERM each): the other wrapping
 * algorithm, ECB, wrapping a key that is not exportable (the wrapping key
 * is not TRUSTED), and unwrapping into an exportable or hashable key; and
 * that it still unwraps into a plain key.
 *
 * Output: TAP, one "ok" line per test group, one "not ok" line per failing
 * test (tcId and comment), one "# SKIP" line per distinct skip reason, and
 * "# FILE: N passed, N failed, N skipped".  Exit status 1 if any test
 * failed.
 *
 * --backend=openssl runs the same decisions against OpenSSL libcrypto with
 * ncr's documented parameter limits and key policy: a self-test of this
 * runner that needs no /dev/crypto.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <libgen.h>
#include <time.h>

#include <jansson.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "libncr.h"
#include "tap.h"

enum verdict { V_PASS, V_FAIL, V_SKIP };

/* ------------------------------------------------ algorithm sets, MACs */

/* The shortest MAC ncr.h lets a caller ask for or accept. */
static size_t mac_min(uint32_t alg)
{
	return alg == NCR_ALG_CMAC_AES ? 8 : 10;
}

/* ------------------------------------------------------------ backends */

/* The operations the runner needs, with libncr's conventions (0 or
 * -errno; mac_verify returns NCR_VERIFY_*). */
struct backend {
	/* algs: NCR_KEY_ALG_* (0: the default set of ncr.h) */
	int (*key_import)(uint32_t type, const void *k, size_t len,
			  uint32_t flags, uint32_t usage, uint64_t algs,
			  uint32_t *key);
	int (*key_deinit)(uint32_t key);
	int (*key_export)(uint32_t key, void *out, size_t *out_len);
	int (*aead)(int enc, uint32_t alg, uint32_t key, const void *iv,
		    size_t iv_len, const void *aad, size_t aad_len,
		    const void *in, size_t len, void *out, void *tag,
		    size_t tag_len);
	int (*cbc_pad)(int enc, uint32_t key, const void *iv, const void *in,
		       size_t len, void *out, size_t *out_len);
	int (*cipher)(uint32_t alg, uint32_t op, uint32_t key, const void *iv,
		      size_t iv_len, const void *in, size_t len, void *out,
		      size_t *out_len);
	/* A MAC of mac_size bytes (0: the full length), through a session
	 * (init tag_size) or one NCRIO_SESSION_ONCE (mac_size); *out_len
	 * in: capacity, out: written. */
	int (*mac)(int session, uint32_t alg, uint32_t key, size_t mac_size,
		   const void *in, size_t len, void *out, size_t *out_len);
	/* Checks mac (mac_len bytes) with a verifier that accepts MACs of
	 * mac_size bytes (0: full), session or once. */
	int (*mac_verify)(int session, uint32_t alg, uint32_t key,
			  size_t mac_size, const void *in, size_t len,
			  const void *mac, size_t mac_len);
	/* key wrap (alg NCR_WALG_*): libncr's ncr_key_wrap/unwrap_ex */
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
			uint32_t flags, uint32_t usage, uint64_t algs,
			uint32_t *key)
{
	struct ncr_key_policy pol = {
		.flags = flags, .usage = usage, .algs = algs,
	};

	return ncr_key_import_ex(ncr_fd, type, NCR_KEY_FORMAT_DEFAULT, 0, k,
				 len, &pol, key);
}

static int n_key_deinit(uint32_t key)
{
	return ncr_key_deinit(ncr_fd, key);
}

static int n_key_export(uint32_t key, void *out, size_t *out_len)
{
	return ncr_key_export(ncr_fd, key, out, out_len);
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

/*
 * Session: init with tag_size = mac_size, half the message in an update,
 * the rest in the final.  Once: a raw NCRIO_SESSION_ONCE (structure
 * version 2) whose mac_size the kernel truncates to (libncr's ncr_mac
 * truncates in the library instead).
 */
static int n_mac(int session, uint32_t alg, uint32_t key, size_t mac_size,
		 const void *in, size_t len, void *out, size_t *out_len)
{
	const uint8_t *m = in;
	uint32_t ses;
	int r;

	if (!session) {
		struct ncr_session_once o = {
			.size = sizeof(o), .algorithm = alg,
			.op = NCR_OP_SIGN, .key = key, .input = PTR64(in),
			.input_size = len, .tag = PTR64(out),
			.tag_size = (__u32)*out_len,
			.mac_size = (__u32)mac_size,
		};

		r = xioctl(ncr_fd, NCRIO_SESSION_ONCE, &o);
		if (!r || r == -ERANGE)
			*out_len = o.tag_size;
		return r;
	}
	r = ncr_session_init(ncr_fd, alg, NCR_OP_SIGN, key, NULL, 0, mac_size,
			     0, &ses);
	if (r)
		return r;
	r = ncr_session_update(ncr_fd, ses, m, len / 2, NULL, NULL);
	if (r) {
		ncr_session_free(ncr_fd, ses);
		return r;
	}
	return ncr_session_final(ncr_fd, ses, m + len / 2, len - len / 2, NULL,
				 NULL, out, out_len);
}

static int n_mac_verify(int session, uint32_t alg, uint32_t key,
			size_t mac_size, const void *in, size_t len,
			const void *mac, size_t mac_len)
{
	const uint8_t *m = in;
	uint32_t ses;
	int r;

	if (!session)
		return ncr_mac_verify_trunc(ncr_fd, alg, key, mac_size, in, len,
					    mac, mac_len);
	r = ncr_session_init(ncr_fd, alg, NCR_OP_VERIFY, key, NULL, 0,
			     mac_size, 0, &ses);
	if (r)
		return r;
	r = ncr_session_update(ncr_fd, ses, m, len / 3, NULL, NULL);
	if (r) {
		ncr_session_free(ncr_fd, ses);
		return r;
	}
	return ncr_session_verify(ncr_fd, ses, m + len / 3, len - len / 3, mac,
				  mac_len);
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
	struct ncr_key_policy pol = { .flags = flags, .usage = usage };

	return ncr_key_unwrap_ex(ncr_fd, walg, wk, in, len, type, &pol, key);
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
	n_key_import, n_key_deinit, n_key_export, n_aead, n_cbc_pad, n_cipher,
	n_mac, n_mac_verify, n_key_wrap, n_key_unwrap, n_key_sha256,
};

/*
 * OpenSSL backend: keys are kept in a small table with their policy;
 * parameter limits and the policy rules (usage, algorithm sets and their
 * defaults, exportable, wrap and unwrap, KEY_DATA) are ncr.h's.
 */
static struct {
	uint8_t k[NCR_MAX_HMAC_KEY_BYTES];
	size_t len;
	uint32_t type, flags, usage;
	uint64_t algs;
	int used;
} ref_keys[8];

/* ncr.h's default set: the union of the families of the usage bits;
 * none when a secret key's usage spans two families. */
static uint64_t r_default_algs(uint32_t type, size_t len, uint32_t usage)
{
	uint64_t all = 0, f;
	int families = 0;

	for (uint32_t bit = 1; bit & NCR_KEY_USAGE_ALL; bit <<= 1) {
		int crypt = bit & (NCR_KEY_USAGE_ENCRYPT |
				   NCR_KEY_USAGE_DECRYPT);
		int sign = bit & (NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY);
		int wrap = bit & (NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP);

		if (!(usage & bit))
			continue;
		f = 0;
		if (type == NCR_KEY_TYPE_AES && (len == 48 || len == 64))
			f = crypt ? NCR_KEY_ALG_AES_XTS : 0;
		else if (type == NCR_KEY_TYPE_AES)
			f = crypt ? NCR_KEY_ALG_AES_GCM :
			    sign ? NCR_KEY_ALG_CMAC_AES :
			    wrap ? NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_KWP : 0;
		else if (type == NCR_KEY_TYPE_CHACHA20)
			f = crypt ? NCR_KEY_ALG_CHACHA20_POLY1305 : 0;
		else if (type == NCR_KEY_TYPE_HMAC)
			f = sign || (bit & NCR_KEY_USAGE_DERIVE) ?
			    NCR_KEY_ALG_HMAC_ALL : 0;
		if (f && all && !(all & f))
			families++;
		all |= f;
	}
	return families ? 0 : all;
}

static int r_key_import(uint32_t type, const void *k, size_t len,
			uint32_t flags, uint32_t usage, uint64_t algs,
			uint32_t *key)
{
	static const uint64_t aes = NCR_KEY_ALG_AES_ECB | NCR_KEY_ALG_AES_CBC |
		NCR_KEY_ALG_AES_CTR | NCR_KEY_ALG_AES_XTS |
		NCR_KEY_ALG_AES_GCM | NCR_KEY_ALG_AES_CCM |
		NCR_KEY_ALG_CMAC_AES | NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_KWP;
	int xts_len = type == NCR_KEY_TYPE_AES && (len == 48 || len == 64);

	if (type == NCR_KEY_TYPE_AES &&
	    !(len == 16 || len == 24 || len == 32 || xts_len))
		return -EINVAL;
	if (type == NCR_KEY_TYPE_CHACHA20 && len != 32)
		return -EINVAL;
	if (type == NCR_KEY_TYPE_HMAC &&
	    (len < 1 || len > NCR_MAX_HMAC_KEY_BYTES))
		return -EINVAL;
	if (!usage || (flags & NCR_KEY_FLAG_TRUSTED))
		return -EINVAL;
	if (!algs)
		algs = r_default_algs(type, len, usage);
	if (!algs)
		return -EINVAL;
	if (type == NCR_KEY_TYPE_AES) {
		if (algs & ~aes)
			return -EINVAL;
		if ((algs & NCR_KEY_ALG_AES_XTS) ?
		    algs != NCR_KEY_ALG_AES_XTS || len == 16 || len == 24 :
		    xts_len)
			return -EINVAL;
	} else if (type == NCR_KEY_TYPE_CHACHA20) {
		if (algs & ~(NCR_KEY_ALG_CHACHA20 |
			     NCR_KEY_ALG_CHACHA20_POLY1305))
			return -EINVAL;
	} else if (type == NCR_KEY_TYPE_HMAC) {
		if (algs & ~NCR_KEY_ALG_HMAC_ALL)
			return -EINVAL;
	}
	for (uint32_t i = 0; i < ARRAY_SIZE(ref_keys); i++) {
		if (ref_keys[i].used)
			continue;
		memcpy(ref_keys[i].k, k, len);
		ref_keys[i].len = len;
		ref_keys[i].type = type;
		ref_keys[i].flags = flags;
		ref_keys[i].usage = usage;
		ref_keys[i].algs = algs;
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

static int r_key_export(uint32_t key, void *out, size_t *out_len)
{
	if (!(ref_keys[key - 1].flags & NCR_KEY_FLAG_EXPORTABLE))
		return -EPERM;
	if (*out_len < ref_keys[key - 1].len) {
		*out_len = ref_keys[key - 1].len;
		return -ERANGE;
	}
	memcpy(out, ref_keys[key - 1].k, ref_keys[key - 1].len);
	*out_len = ref_keys[key - 1].len;
	return 0;
}

/* ncr_key_permits: the usage bit and the algorithm in the set. */
static int r_permits(uint32_t key, uint32_t usage, uint64_t algbit)
{
	if (!(ref_keys[key - 1].usage & usage))
		return -EPERM;
	return ref_keys[key - 1].algs & algbit ? 0 : -EPERM;
}

static int r_aead(int enc, uint32_t alg, uint32_t key, const void *iv,
		  size_t iv_len, const void *aad, size_t aad_len,
		  const void *in, size_t len, void *out, void *tag,
		  size_t tag_len)
{
	const size_t klen = ref_keys[key - 1].len;
	uint8_t *tmp;
	int r;

	if (!talg_iv_ok(alg, iv_len) || !tag_len || !talg_tag_ok(alg, tag_len))
		return -EINVAL;
	r = r_permits(key, enc ? NCR_KEY_USAGE_ENCRYPT : NCR_KEY_USAGE_DECRYPT,
		      talg_keybit(alg));
	if (r)
		return r;
	if (!talg_key_ok(alg, klen))
		return -EINVAL;
	tmp = malloc(len + 1);
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
	int r;

	r = r_permits(key, enc ? NCR_KEY_USAGE_ENCRYPT : NCR_KEY_USAGE_DECRYPT,
		      NCR_KEY_ALG_AES_CBC);
	if (r)
		return r;
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
	int r;

	if (!talg_iv_ok(alg, iv_len))
		return -EINVAL;
	r = r_permits(key, op == NCR_OP_ENCRYPT ? NCR_KEY_USAGE_ENCRYPT :
		      NCR_KEY_USAGE_DECRYPT, talg_keybit(alg));
	if (r)
		return r;
	if (!talg_key_ok(alg, klen))
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

/* The MAC length a verifier or signer of mac_size gets (0: invalid). */
static size_t r_mac_len(uint32_t alg, size_t mac_size)
{
	const struct talg *a = talg_get(alg);

	if (!mac_size)
		return a->tag;
	return mac_size < mac_min(alg) || mac_size > a->tag ? 0 : mac_size;
}

static int r_mac(int session, uint32_t alg, uint32_t key, size_t mac_size,
		 const void *in, size_t len, void *out, size_t *out_len)
{
	uint8_t full[NCR_MAX_TAG];
	size_t n, want = r_mac_len(alg, mac_size);
	int r;

	(void)session;
	if (!want)
		return -EINVAL;
	r = r_permits(key, NCR_KEY_USAGE_SIGN, talg_keybit(alg));
	if (r)
		return r;
	if (!talg_key_ok(alg, ref_keys[key - 1].len))
		return -EINVAL;
	if (ref_mac(alg, ref_keys[key - 1].k, ref_keys[key - 1].len, in, len,
		    full, &n))
		return -EIO;
	if (*out_len < want) {
		*out_len = want;
		return -ERANGE;
	}
	memcpy(out, full, want);
	*out_len = want;
	return 0;
}

static int r_mac_verify(int session, uint32_t alg, uint32_t key,
			size_t mac_size, const void *in, size_t len,
			const void *mac, size_t mac_len)
{
	uint8_t full[NCR_MAX_TAG];
	size_t n, want = r_mac_len(alg, mac_size);
	int r;

	(void)session;
	if (!want)
		return -EINVAL;
	r = r_permits(key, NCR_KEY_USAGE_VERIFY, talg_keybit(alg));
	if (r)
		return r;
	if (!talg_key_ok(alg, ref_keys[key - 1].len))
		return -EINVAL;
	if (ref_mac(alg, ref_keys[key - 1].k, ref_keys[key - 1].len, in, len,
		    full, &n))
		return -EIO;
	if (mac_len != want)
		return NCR_VERIFY_FAILED;
	return memcmp(full, mac, want) ? NCR_VERIFY_FAILED : NCR_VERIFY_OK;
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

static int r_check_kek(uint32_t walg, uint32_t wk, uint32_t usage)
{
	size_t klen = ref_keys[wk - 1].len;

	if (ref_keys[wk - 1].type != NCR_KEY_TYPE_AES ||
	    (klen != 16 && klen != 24 && klen != 32))
		return -EINVAL;
	return r_permits(wk, usage, talg_wkeybit(walg));
}

static int r_key_wrap(uint32_t walg, uint32_t wk, uint32_t key, void *out,
		      size_t *out_len)
{
	size_t len = ref_keys[key - 1].len, need, got;
	int pad = walg == NCR_WALG_AES_RFC5649;
	int r = r_check_kek(walg, wk, NCR_KEY_USAGE_WRAP);

	if (r)
		return r;
	/* WRAPPABLE, and EXPORTABLE or a TRUSTED wrapping key */
	if (!(ref_keys[key - 1].flags & NCR_KEY_FLAG_WRAPPABLE) ||
	    (!(ref_keys[key - 1].flags & NCR_KEY_FLAG_EXPORTABLE) &&
	     !(ref_keys[wk - 1].flags & NCR_KEY_FLAG_TRUSTED)))
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
	int pad = walg == NCR_WALG_AES_RFC5649;
	int r = r_check_kek(walg, wk, NCR_KEY_USAGE_UNWRAP);
	size_t got;

	if (r)
		return r;
	/* EXPORTABLE and HASHABLE only under an exportable wrapping key */
	if ((flags & (NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_HASHABLE)) &&
	    !(ref_keys[wk - 1].flags & NCR_KEY_FLAG_EXPORTABLE))
		return -EPERM;
	if (len % 8 || len < (pad ? 16u : 24u) || len > NCR_WRAPPED_KEY_MAX)
		return -EINVAL;
	if (r_wrap_crypt(0, walg, wk, in, len, out, &got))
		return -EBADMSG;
	r = r_key_import(type, out, got, flags, usage, 0, key);
	memset(out, 0, sizeof(out));
	return r;
}

static int r_key_sha256(uint32_t key, uint8_t out[32])
{
	size_t n;

	if (!(ref_keys[key - 1].flags & NCR_KEY_FLAG_HASHABLE) ||
	    ref_keys[key - 1].len < 16)
		return -EPERM;
	return ref_digest(NCR_ALG_SHA256, ref_keys[key - 1].k,
			  ref_keys[key - 1].len, out, &n) ? -EIO : 0;
}

static const struct backend openssl_backend = {
	r_key_import, r_key_deinit, r_key_export, r_aead, r_cbc_pad, r_cipher,
	r_mac, r_mac_verify, r_key_wrap, r_key_unwrap, r_key_sha256,
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

/* Outcome of importing the test's key, with the set {alg} and nothing
 * else.  Returns V_PASS with *key set when the import succeeded and the
 * test continues; otherwise the verdict. */
static enum verdict import_key(const struct tcase *tc, uint32_t alg,
			       uint32_t type, uint32_t usage, uint32_t *key,
			       int *done, char *why, size_t why_len)
{
	int r = be->key_import(type, tc->key, tc->key_len, 0, usage,
			       talg_keybit(alg), key);

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

static const char *vname(int r)
{
	return r == NCR_VERIFY_OK ? "NCR_VERIFY_OK" :
	       r == NCR_VERIFY_FAILED ? "NCR_VERIFY_FAILED" : errname(r);
}

/*
 * tag_bytes: the group's tagSize, the length the application accepts
 * (acc, 0 when it is the full length), fixed before the test's tag is
 * looked at.
 */
static enum verdict run_mac(uint32_t alg, size_t tag_bytes,
			    const struct tcase *tc, char *why, size_t why_len)
{
	uint32_t type = alg == NCR_ALG_CMAC_AES ? NCR_KEY_TYPE_AES :
			NCR_KEY_TYPE_HMAC;
	const size_t full = talg_get(alg)->tag, min = mac_min(alg);
	const size_t acc = tag_bytes == full ? 0 : tag_bytes;
	const int below_min = tag_bytes && tag_bytes < min;
	const int unsupported = tag_bytes > full;
	uint8_t mac[NCR_MAX_TAG];
	size_t mac_len;
	enum verdict v;
	uint32_t key;
	int done, r, rs;

	if (!tc->tag || !tc->msg || !tag_bytes) {
		WHY("malformed test: missing fields or tagSize");
		return V_FAIL;
	}
	v = import_key(tc, alg, type, NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY,
		       &key, &done, why, why_len);
	if (done)
		return v;

	if (!is_valid(tc) && !is_acceptable(tc)) {
		/* must never verify: refused (a length ncr.h does not take)
		 * or NCR_VERIFY_FAILED, once and through a session */
		v = V_PASS;
		for (int ses = 0; ses < 2 && v == V_PASS; ses++) {
			r = be->mac_verify(ses, alg, key, acc, tc->msg,
					   tc->msg_len, tc->tag, tc->tag_len);
			if (r == NCR_VERIFY_FAILED ||
			    (r == -EINVAL && (below_min || unsupported)))
				continue;
			v = V_FAIL;
			WHY("%s verify of an invalid MAC (accepting %zu "
			    "bytes): got %s, want NCR_VERIFY_FAILED%s",
			    ses ? "session" : "once", tag_bytes, vname(r),
			    below_min || unsupported ? " or EINVAL" : "");
		}
		goto out;
	}
	if (below_min || unsupported) {
		/* A valid MAC of a length ncr refuses by design: every way
		 * of asking for that length must be EINVAL. */
		int rm[2], rv[2];

		for (int ses = 0; ses < 2; ses++) {
			mac_len = sizeof(mac);
			rm[ses] = be->mac(ses, alg, key, tag_bytes, tc->msg,
					  tc->msg_len, mac, &mac_len);
			rv[ses] = be->mac_verify(ses, alg, key, tag_bytes,
						 tc->msg, tc->msg_len,
						 tc->tag, tc->tag_len);
		}
		if (rm[0] == -EINVAL && rm[1] == -EINVAL && rv[0] == -EINVAL &&
		    rv[1] == -EINVAL) {
			v = V_SKIP;
			if (below_min)
				WHY("below the minimum MAC length ncr accepts "
				    "(%s: %zu of at least %zu bytes, refused "
				    "with EINVAL)", talg_name(alg), tag_bytes,
				    min);
			else
				WHY("%s: %zu-byte MACs not supported (EINVAL)",
				    talg_name(alg), tag_bytes);
		} else {
			v = V_FAIL;
			WHY("a %zu-byte %s MAC (ncr.h: %zu..%zu) must be "
			    "refused with EINVAL: once sign %s, session sign "
			    "%s, once verify %s, session verify %s", tag_bytes,
			    talg_name(alg), min, full, errname(rm[0]),
			    errname(rm[1]), vname(rv[0]), vname(rv[1]));
		}
		goto out;
	}
	for (int ses = 0; ses < 2; ses++) {
		const char *how = ses ? "session" : "once";

		mac_len = sizeof(mac);
		r = be->mac(ses, alg, key, acc, tc->msg, tc->msg_len, mac,
			    &mac_len);
		if (r) {
			v = refused(tc, r, "mac", NULL, why, why_len);
			goto out;
		}
		if (mac_len != tc->tag_len ||
		    memcmp(mac, tc->tag, tc->tag_len)) {
			v = V_FAIL;
			WHY("%s mac differs (%zu bytes, want %zu)", how,
			    mac_len, tc->tag_len);
			goto out;
		}
		r = be->mac_verify(ses, alg, key, acc, tc->msg, tc->msg_len,
				   tc->tag, tc->tag_len);
		if (r != NCR_VERIFY_OK) {
			v = V_FAIL;
			WHY("%s verify of the expected MAC: got %s", how,
			    vname(r));
			goto out;
		}
		/* a one-bit change of it must not verify */
		memcpy(mac, tc->tag, tc->tag_len);
		mac[tc->tag_len - 1] ^= 1;
		r = be->mac_verify(ses, alg, key, acc, tc->msg, tc->msg_len,
				   mac, tc->tag_len);
		if (r != NCR_VERIFY_FAILED) {
			v = V_FAIL;
			WHY("%s verify of a modified MAC: got %s", how,
			    vname(r));
			goto out;
		}
		/* nor the right MAC one byte shorter than the verifier takes
		 * (the sender does not choose how much is checked) */
		r = be->mac_verify(ses, alg, key, acc, tc->msg, tc->msg_len,
				   tc->tag, tc->tag_len - 1);
		if (r != NCR_VERIFY_FAILED) {
			v = V_FAIL;
			WHY("%s verify of the MAC cut to %zu bytes, accepting "
			    "%zu: got %s", how, tc->tag_len - 1, tag_bytes,
			    vname(r));
			goto out;
		}
		/* nor a truncated MAC by a full-length verifier */
		if (acc) {
			rs = be->mac_verify(ses, alg, key, 0, tc->msg,
					    tc->msg_len, tc->tag, tc->tag_len);
			if (rs != NCR_VERIFY_FAILED) {
				v = V_FAIL;
				WHY("%s full-length verify of the %zu-byte "
				    "MAC: got %s, want NCR_VERIFY_FAILED", how,
				    tc->tag_len, vname(rs));
				goto out;
			}
		}
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
 * (a) msg as an exportable, wrappable HMAC key (its bytes are the
 * caller's: any wrapping key may wrap it), wrapped: valid -> exactly ct;
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
			   NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_WRAPPABLE,
			   NCR_KEY_USAGE_SIGN, 0, &key);
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
 * (b) ct unwrapped into a new exportable, hashable HMAC key (the wrapping
 * key is exportable, so ncr.h allows both): valid -> its material is msg
 * (exported), and hashed in the kernel gives SHA-256 of msg (16 bytes or
 * more; shorter keys: KEY_DATA refused with EPERM); acceptable -> that
 * or refused; invalid -> EBADMSG or EINVAL, and no key created.
 */
static enum verdict keywrap_unwrap(uint32_t walg, uint32_t wk,
				   const struct tcase *tc, char *why,
				   size_t why_len)
{
	uint8_t got[32], want[32], raw[NCR_WRAPPED_KEY_MAX];
	size_t raw_len = sizeof(raw);
	struct live before, after;
	int have_live = !live_now(&before);
	enum verdict v;
	uint32_t key = 0;
	size_t n;
	int r;

	r = be->key_unwrap(walg, wk, tc->ct, tc->ct_len, NCR_KEY_TYPE_HMAC,
			   NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_HASHABLE,
			   NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY, &key);
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
	r = be->key_export(key, raw, &raw_len);
	if (r || raw_len != tc->msg_len || memcmp(raw, tc->msg, raw_len)) {
		v = V_FAIL;
		WHY("unwrapped key: export %s, %zu bytes, want msg (%zu "
		    "bytes)", errname(r), raw_len, tc->msg_len);
		goto out;
	}
	r = be->key_sha256(key, got);
	ref_digest(NCR_ALG_SHA256, tc->msg, tc->msg_len, want, &n);
	if (tc->msg_len < 16) {
		/* too short to be hashed without being found by search */
		v = r == -EPERM ? V_PASS : V_FAIL;
		if (v == V_FAIL)
			WHY("KEY_DATA hash of a %zu-byte unwrapped key: %s, "
			    "want EPERM (ncr.h: at least 16 bytes)",
			    tc->msg_len, errname(r));
	} else if (r) {
		v = V_FAIL;
		WHY("SHA-256 of the unwrapped key (KEY_DATA): %s", errname(r));
	} else if (memcmp(got, want, 32)) {
		v = V_FAIL;
		WHY("unwrapped key: SHA-256 of its material differs from "
		    "SHA-256 of msg");
	} else {
		v = V_PASS;
	}
out:
	memset(raw, 0, sizeof(raw));
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
	r = be->key_import(NCR_KEY_TYPE_AES, tc->key, tc->key_len,
			   NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_WRAP |
			   NCR_KEY_USAGE_UNWRAP, talg_wkeybit(walg), &wk);
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

/* ------------------------------------------------ algorithm set checks */

/* The file being run (for the lines that are not about one test). */
static const char *cur_file = "";
/* Whether this file's key already had its set check. */
static int set_checked;

static const char *set_name(uint64_t bit)
{
	static const struct {
		uint64_t bit;
		const char *name;
	} n[] = {
		{ NCR_KEY_ALG_AES_ECB, "aes-ecb" },
		{ NCR_KEY_ALG_AES_CBC, "aes-cbc" },
		{ NCR_KEY_ALG_AES_CTR, "aes-ctr" },
		{ NCR_KEY_ALG_AES_XTS, "aes-xts" },
		{ NCR_KEY_ALG_CHACHA20, "chacha20" },
		{ NCR_KEY_ALG_AES_GCM, "aes-gcm" },
		{ NCR_KEY_ALG_AES_CCM, "aes-ccm" },
		{ NCR_KEY_ALG_CHACHA20_POLY1305, "chacha20-poly1305" },
		{ NCR_KEY_ALG_CMAC_AES, "cmac-aes" },
		{ NCR_KEY_ALG_AES_KW, "aes-kw" },
		{ NCR_KEY_ALG_AES_KWP, "aes-kwp" },
		{ NCR_KEY_ALG_HMAC_SHA1, "hmac-sha1" },
		{ NCR_KEY_ALG_HMAC_SHA224, "hmac-sha224" },
		{ NCR_KEY_ALG_HMAC_SHA256, "hmac-sha256" },
		{ NCR_KEY_ALG_HMAC_SHA384, "hmac-sha384" },
		{ NCR_KEY_ALG_HMAC_SHA512, "hmac-sha512" },
		{ NCR_KEY_ALG_HMAC_SHA3_256, "hmac-sha3-256" },
		{ NCR_KEY_ALG_HMAC_SHA3_512, "hmac-sha3-512" },
		{ NCR_KEY_ALG_RSA_PKCS1, "rsa-pkcs1" },
		{ NCR_KEY_ALG_RSA_PSS, "rsa-pss" },
		{ NCR_KEY_ALG_RSA_OAEP, "rsa-oaep" },
		{ NCR_KEY_ALG_ECDSA, "ecdsa" },
		{ NCR_KEY_ALG_ECDH, "ecdh" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(n); i++)
		if (n[i].bit == bit)
			return n[i].name;
	return "?";
}

/* One operation of alg (32 zero bytes) with key: 0 or -errno. */
static int probe(uint32_t alg, uint32_t key)
{
	const struct talg *a = talg_get(alg);
	uint8_t in[32] = { 0 }, out[64], tag[NCR_MAX_TAG], iv[16] = { 0 };
	size_t n = sizeof(out);

	switch (a->kind) {
	case TK_CIPHER:
		return be->cipher(alg, NCR_OP_ENCRYPT, key, iv, a->iv, in,
				  sizeof(in), out, &n);
	case TK_AEAD:
		return be->aead(1, alg, key, iv, a->iv, NULL, 0, in,
				sizeof(in), out, tag, a->tag);
	case TK_MAC:
		n = sizeof(tag);
		return be->mac(0, alg, key, 0, in, sizeof(in), tag, &n);
	default:
		return -EINVAL;
	}
}

/* Appends to a message buffer. */
#define CAT(buf, ...) snprintf((buf) + strlen(buf), sizeof(buf) - \
			       strlen(buf), __VA_ARGS__)

/*
 * The test's key, imported with usage `usage` and the set {alg} only:
 * alg works, every algorithm of `others` is refused with EPERM.
 */
static void set_check_sym(uint32_t alg, uint32_t type, uint32_t usage,
			  const uint32_t *others, size_t n_others,
			  const struct tcase *tc)
{
	char msg[600] = "", note[80] = "", bad[400] = "";
	uint32_t key, k2;
	int r;

	r = be->key_import(type, tc->key, tc->key_len, 0, usage, talg_keybit(alg),
			   &key);
	if (r) {
		tap_ok(0, "%s: import of the test key with the set {%s}: %s",
		       cur_file, set_name(talg_keybit(alg)), errname(r));
		return;
	}
	r = probe(alg, key);
	if (r)
		CAT(bad, " %s itself: %s;", talg_name(alg), errname(r));
	for (size_t i = 0; i < n_others; i++) {
		r = probe(others[i], key);
		CAT(msg, "%s%s", i ? ", " : "", talg_name(others[i]));
		if (r != -EPERM)
			CAT(bad, " %s: %s;", talg_name(others[i]), errname(r));
	}
	be->key_deinit(key);
	/* an AES key to encrypt and to sign has no default set */
	if (type == NCR_KEY_TYPE_AES && tc->key_len != 48 &&
	    tc->key_len != 64) {
		r = be->key_import(type, tc->key, tc->key_len, 0,
				   NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_SIGN,
				   0, &k2);
		if (!r)
			be->key_deinit(k2);
		if (r != -EINVAL)
			CAT(bad, " import for ENCRYPT|SIGN without a set: %s "
			    "(want EINVAL);", errname(r));
		CAT(note, "; no default set for ENCRYPT|SIGN (EINVAL)");
	}
	tap_ok(!bad[0], "%s: a key with the set {%s} (usage 0x%x) does %s and "
	       "refuses %s (EPERM)%s%s", cur_file, set_name(talg_keybit(alg)),
	       usage, talg_name(alg), msg, note, bad);
}

/*
 * Key wrap: a NON-exportable wrapping key of the test with usage
 * WRAP|UNWRAP|ENCRYPT and the set {walg}.
 */
static void set_check_wrap(uint32_t walg, const struct tcase *tc)
{
	uint32_t other = walg == NCR_WALG_AES_RFC3394 ? NCR_WALG_AES_RFC5649 :
			 NCR_WALG_AES_RFC3394;
	uint8_t hk_bytes[16], out[NCR_WRAPPED_KEY_MAX];
	char bad[500] = "";
	uint32_t wk, hk = 0, hk2 = 0, nk;
	size_t n;
	int r;

	memset(hk_bytes, 0x5c, sizeof(hk_bytes));
	r = be->key_import(NCR_KEY_TYPE_AES, tc->key, tc->key_len, 0,
			   NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP |
			   NCR_KEY_USAGE_ENCRYPT, talg_wkeybit(walg), &wk);
	if (r) {
		tap_ok(0, "%s: import of a wrapping key with usage "
		       "wrap|unwrap|encrypt and the set {%s}: %s", cur_file,
		       set_name(talg_wkeybit(walg)), errname(r));
		return;
	}
	r = be->key_import(NCR_KEY_TYPE_HMAC, hk_bytes, sizeof(hk_bytes),
			   NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_WRAPPABLE,
			   NCR_KEY_USAGE_SIGN, 0, &hk);
	if (!r)
		r = be->key_import(NCR_KEY_TYPE_HMAC, hk_bytes,
				   sizeof(hk_bytes), NCR_KEY_FLAG_WRAPPABLE,
				   NCR_KEY_USAGE_SIGN, 0, &hk2);
	if (r) {
		CAT(bad, " import of the keys to wrap: %s;", errname(r));
		goto out;
	}
	n = sizeof(out);
	r = be->key_wrap(walg, wk, hk, out, &n);
	if (r)
		CAT(bad, " wrap of an exportable key: %s (want success);",
		    errname(r));
	n = sizeof(out);
	r = be->key_wrap(other, wk, hk, out, &n);
	if (r != -EPERM)
		CAT(bad, " wrap with the other algorithm: %s;", errname(r));
	r = probe(NCR_ALG_AES_ECB, wk);
	if (r != -EPERM)
		CAT(bad, " aes-ecb: %s;", errname(r));
	n = sizeof(out);
	r = be->key_wrap(walg, wk, hk2, out, &n);
	if (r != -EPERM)
		CAT(bad, " wrap of a non-exportable key under an untrusted "
		    "key: %s;", errname(r));
	r = be->key_unwrap(walg, wk, tc->ct, tc->ct_len, NCR_KEY_TYPE_HMAC,
			   NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN, &nk);
	if (!r)
		be->key_deinit(nk);
	if (r != -EPERM)
		CAT(bad, " unwrap into an exportable key: %s;", errname(r));
	r = be->key_unwrap(walg, wk, tc->ct, tc->ct_len, NCR_KEY_TYPE_HMAC,
			   NCR_KEY_FLAG_HASHABLE, NCR_KEY_USAGE_SIGN, &nk);
	if (!r)
		be->key_deinit(nk);
	if (r != -EPERM)
		CAT(bad, " unwrap into a hashable key: %s;", errname(r));
	r = be->key_unwrap(walg, wk, tc->ct, tc->ct_len, NCR_KEY_TYPE_HMAC,
			   0, NCR_KEY_USAGE_SIGN, &nk);
	if (!r)
		be->key_deinit(nk);
	else
		CAT(bad, " unwrap into a plain key: %s (want success);",
		    errname(r));
out:
	if (hk)
		be->key_deinit(hk);
	if (hk2)
		be->key_deinit(hk2);
	be->key_deinit(wk);
	tap_ok(!bad[0], "%s: a non-exportable wrapping key with the set {%s} "
	       "wraps an exportable key and unwraps into a plain one, and "
	       "refuses (EPERM) %s, aes-ecb, wrapping a non-exportable key "
	       "(not TRUSTED), unwrapping into an exportable or hashable "
	       "key%s", cur_file, set_name(talg_wkeybit(walg)),
	       set_name(talg_wkeybit(other)), bad);
}

/* ------------------------------------------------------ public-key tests */

/*
 * Public-key schemas run per group: the group's key is imported once
 * (NCRIO_KEY_IMPORT, DER as the file gives it), then each test goes
 * through NCRIO_SESSION_ONCE or NCRIO_KEY_DERIVE with raw ioctls (the
 * tests/common.c helpers; imports here, to name the algorithm set).  A
 * rejection is a failed import, a failed derive (EINVAL), a failed OAEP
 * decryption (EBADMSG, or EINVAL for a ciphertext longer than the
 * modulus), a PKCS#1 v1.5 synthetic message (implicit rejection) or
 * NCR_VERIFY_FAILED.  "acceptable" tests may go either way; the counts of
 * each are reported.
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
	uint64_t algs;		/* the keys' set: talg_keybit(alg) */
	struct pkp p;
	EVP_PKEY *okey;		/* PKCS#1 decryption: OpenSSL's copy */
	size_t k;		/* its modulus length */
	uint8_t n[NCR_MAX_SIGNATURE];	/* and the modulus, k bytes */
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
/* PKCS#1 v1.5 invalid tests: synthetic messages equal to the reference
 * (their shortest and longest), publicly invalid ones refused or
 * decrypted */
static int ir_synth, ir_pub_refused, ir_pub_decrypted;
static size_t ir_min = (size_t)-1, ir_max;

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

static EVP_PKEY *ossl_priv_der(const uint8_t *der, size_t len)
{
	const unsigned char *p = der;

	return d2i_AutoPrivateKey(NULL, &p, (long)len);
}

/* NCRIO_KEY_IMPORT with an algorithm set (common.c's pk_import has none). */
static int pk_import_ex(uint32_t type, uint32_t format, uint32_t bits,
			const void *data, size_t len, uint32_t flags,
			uint32_t usage, uint64_t algs, uint32_t *key)
{
	struct ncr_key_import im = {
		.size = sizeof(im), .flags = flags, .usage = usage,
		.type = type, .data = PTR64(data), .data_size = (__u32)len,
		.format = format, .bits = bits, .algs = algs,
	};
	int r;

	if (len > 0xffffffffu)
		return -EINVAL;
	r = xioctl(ncr_fd, NCRIO_KEY_IMPORT, &im);
	if (!r)
		*key = im.key;
	return r;
}

/*
 * The file's set check for the RSA kinds, on the group's key (whose
 * usage already allows the other algorithm): its own algorithm works,
 * the other RSA padding of the same operation is refused with EPERM.
 */
static void pk_set_check(struct pkgroup *gc)
{
	static const uint8_t msg[] = "set";
	uint8_t buf[NCR_MAX_SIGNATURE], out[NCR_MAX_SIGNATURE];
	size_t k = 0, n;
	struct pkp sha256 = { .hash = NCR_ALG_SHA256 };
	struct pkp pss = { .hash = NCR_ALG_SHA256, .salt_size = 32 };
	char bad[300] = "", what[200] = "";
	uint32_t other;
	int r, own;

	switch (gc->kind) {
	case PK_RSA_OAEP_DEC:
	case PK_RSA_PKCS1_DEC:
		/* a decryption key of one padding must not decrypt (nor
		 * encrypt) with the other: PKCS#1 v1.5 under an OAEP key
		 * would be a padding oracle on its ciphertexts */
		other = gc->kind == PK_RSA_OAEP_DEC ? NCR_ALG_RSA_PKCS1 :
			NCR_ALG_RSA_OAEP;
		n = sizeof(buf);
		own = pk_crypt(ncr_fd, gc->alg, NCR_OP_ENCRYPT, gc->key,
			       &gc->p, msg, sizeof(msg), buf, &n);
		k = n;
		n = sizeof(out);
		r = pk_crypt(ncr_fd, other, NCR_OP_DECRYPT, gc->key, NULL, buf,
			     k ? k : 256, out, &n);
		if (r != -EPERM)
			CAT(bad, " decrypt: %s;", errname(r));
		n = sizeof(out);
		r = pk_crypt(ncr_fd, other, NCR_OP_ENCRYPT, gc->key, NULL, msg,
			     sizeof(msg), out, &n);
		if (r != -EPERM)
			CAT(bad, " encrypt: %s;", errname(r));
		snprintf(what, sizeof(what), "encrypts with %s and refuses %s "
			 "decryption and encryption", set_name(gc->algs),
			 set_name(talg_keybit(other)));
		break;
	case PK_RSA_PKCS1_GEN:
		n = sizeof(buf);
		own = pk_sign(ncr_fd, gc->alg, gc->key, &gc->p, msg,
			      sizeof(msg), buf, &n);
		n = sizeof(buf);
		r = pk_sign(ncr_fd, NCR_ALG_RSA_PSS, gc->key, &pss, msg,
			    sizeof(msg), buf, &n);
		if (r != -EPERM)
			CAT(bad, " rsa-pss sign: %s;", errname(r));
		snprintf(what, sizeof(what), "signs with rsa-pkcs1 and "
			 "refuses rsa-pss");
		break;
	case PK_RSA_PKCS1_VER:
	case PK_RSA_PSS_VER:
		/* a made-up signature: own algorithm NCR_VERIFY_FAILED, the
		 * other one EPERM before it looks at anything */
		memset(buf, 0x3c, sizeof(buf));
		own = pk_verify(ncr_fd, gc->alg, gc->key, &gc->p, msg,
				sizeof(msg), buf, 256);
		own = own == NCR_VERIFY_FAILED ? 0 : own == 0 ? -EPROTO : own;
		other = gc->kind == PK_RSA_PSS_VER ? NCR_ALG_RSA_PKCS1 :
			NCR_ALG_RSA_PSS;
		r = pk_verify(ncr_fd, other, gc->key, other == NCR_ALG_RSA_PSS ?
			      &pss : &sha256, msg, sizeof(msg), buf, 256);
		if (r != -EPERM)
			CAT(bad, " %s verify: %s;", set_name(talg_keybit(other)),
			    r == NCR_VERIFY_OK ? "NCR_VERIFY_OK" :
			    r == NCR_VERIFY_FAILED ? "NCR_VERIFY_FAILED" :
			    errname(r));
		snprintf(what, sizeof(what), "verifies with %s and refuses %s",
			 set_name(gc->algs), set_name(talg_keybit(other)));
		break;
	default:
		return;
	}
	if (own)
		CAT(bad, " own algorithm: %s;", errname(own));
	set_checked = 1;
	tap_ok(!bad[0], "%s: the group key with the set {%s} %s (EPERM)%s",
	       cur_file, set_name(gc->algs), what, bad);
}

/*
 * ECDH: a private scalar imported to sign and derive.  With the set
 * {ecdh} ECDSA is refused (EPERM); with no set, EINVAL (two families);
 * with {ecdsa, ecdh} it signs.
 */
static void ecdh_set_check(uint32_t curve, const uint8_t *d, size_t dlen)
{
	static const uint8_t msg[] = "set";
	struct pkp p = { .hash = NCR_ALG_SHA256 };
	uint8_t sig[NCR_MAX_SIGNATURE];
	char bad[300] = "";
	uint32_t key;
	size_t n;
	int r;

	set_checked = 1;
	r = pk_import_ex(NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_RAW, curve, d, dlen,
			 0, NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DERIVE,
			 NCR_KEY_ALG_ECDH, &key);
	if (r) {
		CAT(bad, " import with {ecdh}: %s;", errname(r));
	} else {
		n = sizeof(sig);
		r = pk_sign(ncr_fd, NCR_ALG_ECDSA, key, &p, msg, sizeof(msg),
			    sig, &n);
		if (r != -EPERM)
			CAT(bad, " ecdsa sign: %s;", errname(r));
		key_del(ncr_fd, key);
	}
	r = pk_import_ex(NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_RAW, curve, d, dlen,
			 0, NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DERIVE, 0, &key);
	if (!r)
		key_del(ncr_fd, key);
	if (r != -EINVAL)
		CAT(bad, " import for sign|derive without a set: %s;",
		    errname(r));
	r = pk_import_ex(NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_RAW, curve, d, dlen,
			 0, NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DERIVE,
			 NCR_KEY_ALG_ECDSA | NCR_KEY_ALG_ECDH, &key);
	if (r) {
		CAT(bad, " import with {ecdsa, ecdh}: %s;", errname(r));
	} else {
		n = sizeof(sig);
		r = pk_sign(ncr_fd, NCR_ALG_ECDSA, key, &p, msg, sizeof(msg),
			    sig, &n);
		if (r)
			CAT(bad, " ecdsa sign with {ecdsa, ecdh}: %s;",
			    errname(r));
		key_del(ncr_fd, key);
	}
	tap_ok(!bad[0], "%s: a P-%u key to sign and derive with the set "
	       "{ecdh} refuses ECDSA (EPERM), without a set is refused "
	       "(EINVAL), with {ecdsa, ecdh} signs%s", cur_file, curve, bad);
}

/* ---------------------------------- PKCS#1 v1.5 implicit rejection */

/* PRF(label, L) of core/rsa/rsa.h: HMAC-SHA256(KDK, be16(i) || label ||
 * be16(8 L)) for i = 0, 1, ..., the first L bytes. */
static int ir_prf(const uint8_t kdk[32], const char *label, uint8_t *out,
		  size_t L)
{
	size_t ll = strlen(label), off = 0;

	for (unsigned int i = 0; off < L; i++) {
		uint8_t in[2 + 16 + 2], mac[32];
		size_t n = 0, ml;

		in[n++] = (uint8_t)(i >> 8);
		in[n++] = (uint8_t)i;
		memcpy(in + n, label, ll);
		n += ll;
		in[n++] = (uint8_t)((8 * L) >> 8);
		in[n++] = (uint8_t)(8 * L);
		if (!EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, kdk, 32, in,
			       n, mac, sizeof(mac), &ml) || ml != 32)
			return -1;
		memcpy(out + off, mac, L - off < 32 ? L - off : 32);
		off += L - off < 32 ? L - off : 32;
	}
	return 0;
}

/*
 * The reference: PKCS#1 v1.5 decryption of the k-byte c with implicit
 * rejection, from the raw RSA decryption of OpenSSL (RSA_NO_PADDING).
 * 0 with the message (real or synthetic) in out, or -1.
 */
static int ir_reference(EVP_PKEY *pk, const uint8_t *c, size_t k,
			uint8_t *out, size_t *out_len)
{
	uint8_t em[NCR_MAX_SIGNATURE], dk[NCR_MAX_SIGNATURE], h[32], kdk[32];
	uint8_t lens[256], synth[NCR_MAX_SIGNATURE];
	size_t emlen = sizeof(em), hl, kl, len = 0, sep = 0, max, mask;
	EVP_PKEY_CTX *pc;
	BIGNUM *d = NULL;
	unsigned int hlen = 0;
	int ok, good;

	if (k < 11 || k > sizeof(em))
		return -1;
	pc = EVP_PKEY_CTX_new_from_pkey(NULL, pk, NULL);
	ok = pc && EVP_PKEY_decrypt_init(pc) > 0 &&
	     EVP_PKEY_CTX_set_rsa_padding(pc, RSA_NO_PADDING) > 0 &&
	     EVP_PKEY_decrypt(pc, em, &emlen, c, k) > 0 && emlen == k;
	EVP_PKEY_CTX_free(pc);
	ok = ok && EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_RSA_D, &d) &&
	     BN_bn2binpad(d, dk, (int)k) == (int)k;
	BN_clear_free(d);
	/* KDK = HMAC-SHA256(SHA-256(d as k bytes), c) */
	ok = ok && EVP_Digest(dk, k, h, &hlen, EVP_sha256(), NULL) &&
	     hlen == 32 &&
	     EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, h, 32, c, k, kdk,
		       sizeof(kdk), &kl) && kl == 32 &&
	     !ir_prf(kdk, "length", lens, sizeof(lens)) &&
	     !ir_prf(kdk, "message", synth, k);
	OPENSSL_cleanse(dk, sizeof(dk));
	if (!ok)
		return -1;
	max = k - 10;
	mask = max;
	mask |= mask >> 1;
	mask |= mask >> 2;
	mask |= mask >> 4;
	mask |= mask >> 8;
	for (size_t j = 0; j < sizeof(lens) / 2; j++) {
		size_t v = ((size_t)lens[2 * j] << 8 | lens[2 * j + 1]) & mask;

		if (v < max)
			len = v;
	}
	/* 00 02 PS (at least 8 non-zero bytes) 00 M */
	for (size_t i = 2; i < k && !sep; i++)
		if (!em[i])
			sep = i;
	good = em[0] == 0 && em[1] == 2 && sep >= 10;
	if (good) {
		hl = k - sep - 1;
		memcpy(out, em + sep + 1, hl);
		*out_len = hl;
	} else {
		memcpy(out, synth + k - len, len);
		*out_len = len;
	}
	OPENSSL_cleanse(em, sizeof(em));
	return 0;
}

/*
 * Known answers of OpenSSL 3.2's implicit rejection, to check the
 * reference above (and ncr) against an implementation other than both:
 * the keys and "Decrypt" vectors the core's unit test uses
 * (core/tests/test_rsa_ir_kat.h, from OpenSSL's test suite).
 */
#include "../core/tests/test_rsa_ir_kat.h"

/* ir_kat_keys[i] as an OpenSSL key and, against /dev/crypto, as a kernel
 * key (*key, 0 if not imported); a note of what failed goes to bad. */
static EVP_PKEY *ir_load(size_t i, uint32_t *key, char *bad, size_t len)
{
	BIO *b = BIO_new_mem_buf(ir_kat_keys[i], -1);
	EVP_PKEY *pk = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
	uint8_t der[NCR_MAX_PKEY_BYTES];
	unsigned char *dp = der;
	int derlen, r;

	BIO_free(b);
	*key = 0;
	if (!pk) {
		snprintf(bad + strlen(bad), len - strlen(bad),
			 " key %zu does not load;", i);
		return NULL;
	}
	derlen = i2d_PrivateKey(pk, &dp);	/* PKCS#1 RSAPrivateKey */
	if (be == &ncr_backend && derlen > 0) {
		r = pk_import_ex(NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_PKCS1, 0,
				 der, (size_t)derlen, 0,
				 NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_RSA_PKCS1,
				 key);
		if (r)
			snprintf(bad + strlen(bad), len - strlen(bad),
				 " kernel import of key %zu: %s;", i,
				 errname(r));
	}
	OPENSSL_cleanse(der, sizeof(der));
	return pk;
}

/* One TAP line: the reference (and, against /dev/crypto, ncr's PKCS#1
 * v1.5 decryption) gives OpenSSL 3.2's answers. */
static void ir_known_answers(void)
{
	EVP_PKEY *pk[ARRAY_SIZE(ir_kat_keys)];
	uint32_t key[ARRAY_SIZE(ir_kat_keys)];
	uint8_t out[NCR_MAX_SIGNATURE];
	char bad[600] = "";
	int r = 0;

	for (size_t i = 0; i < ARRAY_SIZE(ir_kat_keys); i++)
		pk[i] = ir_load(i, &key[i], bad, sizeof(bad));
	for (size_t i = 0; i < ARRAY_SIZE(ir_kats); i++) {
		int k = ir_kats[i].key;
		size_t ct_len, want_len, out_len = sizeof(out);
		uint8_t *ct = hex_decode(ir_kats[i].ct, &ct_len);
		uint8_t *want = ir_kats[i].str ?
			(uint8_t *)strdup(ir_kats[i].out) :
			hex_decode(ir_kats[i].out, &want_len);

		if (ir_kats[i].str)
			want_len = strlen(ir_kats[i].out);
		r = !pk[k] || !ct || !want ? -1 :
		    ir_reference(pk[k], ct, ct_len, out, &out_len);
		if (r || out_len != want_len || memcmp(out, want, want_len))
			CAT(bad, " reference, vector %zu: %s, %zu bytes "
			    "(want %zu);", i, r ? "failed" : "differs",
			    out_len, want_len);
		if (key[k] && ct && want) {
			out_len = sizeof(out);
			r = pk_crypt(ncr_fd, NCR_ALG_RSA_PKCS1, NCR_OP_DECRYPT,
				     key[k], NULL, ct, ct_len, out, &out_len);
			if (r || out_len != want_len ||
			    memcmp(out, want, want_len))
				CAT(bad, " ncr, vector %zu: %s, %zu bytes "
				    "(want %zu);", i, r ? errname(r) :
				    "differs", out_len, want_len);
		}
		free(ct);
		free(want);
	}
	for (size_t i = 0; i < ARRAY_SIZE(ir_kat_keys); i++) {
		if (key[i])
			key_del(ncr_fd, key[i]);
		EVP_PKEY_free(pk[i]);
	}
	tap_ok(!bad[0], "PKCS#1 v1.5 implicit rejection: the reference%s "
	       "give%s OpenSSL 3.2's %zu known answers (RSA-2048, 2049, "
	       "3072; valid ciphertexts and synthetic messages)%s",
	       be == &ncr_backend ? " and ncr" : "",
	       be == &ncr_backend ? "" : "s", ARRAY_SIZE(ir_kats), bad);
}

/* Publicly invalid: not k bytes, or not below n. */
static int ct_public_invalid(const struct pkgroup *gc, const uint8_t *c,
			     size_t len)
{
	return len != gc->k || memcmp(c, gc->n, gc->k) >= 0;
}

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
	gc->algs = talg_keybit(gc->alg);
	gc->import_err = pk_import_ex(type, format, 0, der, der_len, 0, usage,
				      gc->algs, &gc->key);
	gc->have_key = !gc->import_err;
	if (gc->have_key && kind == PK_RSA_PKCS1_DEC) {
		/* OpenSSL's copy for the implicit rejection reference */
		BIGNUM *n = NULL;

		gc->okey = ossl_priv_der(der, der_len);
		if (gc->okey &&
		    EVP_PKEY_get_bn_param(gc->okey, OSSL_PKEY_PARAM_RSA_N,
					  &n)) {
			gc->k = (size_t)BN_num_bytes(n);
			if (gc->k > sizeof(gc->n) ||
			    BN_bn2binpad(n, gc->n, (int)gc->k) != (int)gc->k)
				gc->k = 0;
		}
		BN_free(n);
	}
	free(der);
	if (gc->have_key && !set_checked)
		pk_set_check(gc);
}

static void pk_group_end(struct pkgroup *gc)
{
	if (gc->have_key)
		key_del(ncr_fd, gc->key);
	EVP_PKEY_free(gc->okey);
	gc->okey = NULL;
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

/*
 * PKCS#1 v1.5 decryption with implicit rejection (ncr.h, NCRIO_SESSION_INIT):
 * valid -> msg, in the kernel and in the reference; invalid -> success
 * (an error only for a publicly invalid ciphertext) with at most k - 11
 * bytes, the same twice, not msg, and the reference's synthetic message.
 */
static enum verdict pk_pkcs1_dec_test(struct pkgroup *gc,
				      const struct tcase *tc, char *why,
				      size_t why_len)
{
	uint8_t out[NCR_MAX_SIGNATURE], out2[NCR_MAX_SIGNATURE];
	uint8_t ref[NCR_MAX_SIGNATURE], ct[NCR_MAX_SIGNATURE];
	size_t out_len = sizeof(out), out2_len = sizeof(out2), ref_len = 0;
	size_t ct_len = sizeof(ct);
	const int pub_bad = ct_public_invalid(gc, tc->ct, tc->ct_len);
	int r, rr;

	if (!gc->okey || !gc->k) {
		WHY("OpenSSL cannot load the group's key");
		return V_FAIL;
	}
	r = pk_crypt(ncr_fd, gc->alg, NCR_OP_DECRYPT, gc->key, &gc->p, tc->ct,
		     tc->ct_len, out, &out_len);
	rr = pub_bad ? -1 : ir_reference(gc->okey, tc->ct, gc->k, ref,
					 &ref_len);
	if (!pub_bad && rr) {
		WHY("the OpenSSL reference failed on a %zu-byte ciphertext "
		    "below n", tc->ct_len);
		return V_FAIL;
	}
	if (is_valid(tc) || is_acceptable(tc)) {
		if (r)
			return op_outcome_refused(tc, r, -EINVAL, 0,
						  "decrypt", why, why_len);
		if (out_len != tc->msg_len || memcmp(out, tc->msg, out_len)) {
			WHY("decrypt: plaintext differs (%zu bytes, want %zu)",
			    out_len, tc->msg_len);
			return V_FAIL;
		}
		if (!pub_bad && (ref_len != tc->msg_len ||
				 memcmp(ref, tc->msg, ref_len))) {
			WHY("the reference does not decrypt a valid "
			    "ciphertext to msg (%zu bytes)", ref_len);
			return V_FAIL;
		}
		if (is_acceptable(tc)) {
			acc_accepted++;
			return V_PASS;
		}
		if (gc->roundtrips >= 3)
			return V_PASS;
		gc->roundtrips++;
		r = pk_crypt(ncr_fd, gc->alg, NCR_OP_ENCRYPT, gc->key, &gc->p,
			     tc->msg, tc->msg_len, ct, &ct_len);
		if (!r)
			r = pk_crypt(ncr_fd, gc->alg, NCR_OP_DECRYPT, gc->key,
				     &gc->p, ct, ct_len, out2, &out2_len);
		if (r || out2_len != tc->msg_len ||
		    memcmp(out2, tc->msg, out2_len)) {
			WHY("kernel encryption of msg does not decrypt back: "
			    "%s", errname(r));
			return V_FAIL;
		}
		return V_PASS;
	}
	/* invalid */
	if (r) {
		if (pub_bad && (r == -EINVAL || r == -EBADMSG)) {
			ir_pub_refused++;
			return V_PASS;
		}
		WHY("decrypt: %s; implicit rejection wants success%s",
		    errname(r), pub_bad ? " (or EINVAL/EBADMSG: the "
		    "ciphertext is publicly invalid)" : "");
		return V_FAIL;
	}
	if (out_len > gc->k - 11) {
		WHY("synthetic message of %zu bytes, more than k - 11 = %zu",
		    out_len, gc->k - 11);
		return V_FAIL;
	}
	r = pk_crypt(ncr_fd, gc->alg, NCR_OP_DECRYPT, gc->key, &gc->p, tc->ct,
		     tc->ct_len, out2, &out2_len);
	if (r || out2_len != out_len || memcmp(out, out2, out_len)) {
		WHY("a second decryption of the ciphertext gives another "
		    "result (%s, %zu bytes, first %zu): not deterministic",
		    errname(r), out2_len, out_len);
		return V_FAIL;
	}
	if (out_len == tc->msg_len && !memcmp(out, tc->msg, out_len)) {
		WHY("an invalid ciphertext decrypted to the test's msg");
		return V_FAIL;
	}
	if (!pub_bad && (ref_len != out_len || memcmp(out, ref, out_len))) {
		WHY("synthetic message (%zu bytes) differs from the "
		    "reference's (%zu bytes)", out_len, ref_len);
		if (ref_len == out_len)
			memcmp_diag("synthetic message", out, ref, out_len);
		return V_FAIL;
	}
	if (pub_bad) {
		ir_pub_decrypted++;
	} else {
		ir_synth++;
		ir_min = out_len < ir_min ? out_len : ir_min;
		ir_max = out_len > ir_max ? out_len : ir_max;
	}
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
	if (!priv && !set_checked)
		ecdh_set_check(gc->curve, d, flen);
	if (!priv) {
		r = pk_import_ex(NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_RAW,
				 gc->curve, d, flen, 0, NCR_KEY_USAGE_DERIVE,
				 NCR_KEY_ALG_ECDH, &priv);
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
		r = pk_import_ex(NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_SPKI, 0,
				 tc->pub, tc->pub_len, 0, NCR_KEY_USAGE_DERIVE,
				 NCR_KEY_ALG_ECDH, &pub);
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
	r = pk_import_ex(NCR_KEY_TYPE_X25519, NCR_KEY_FORMAT_RAW, 0, tc->priv,
			 tc->priv_len, 0, NCR_KEY_USAGE_DERIVE,
			 NCR_KEY_ALG_X25519, &priv);
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
		return pk_decrypt_test(gc, tc, why, why_len);
	case PK_RSA_PKCS1_DEC:
		if (!tc->ct || !tc->msg) {
			WHY("malformed test: missing fields");
			return V_FAIL;
		}
		return pk_pkcs1_dec_test(gc, tc, why, why_len);
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

/*
 * The file's set check for the symmetric kinds, on the first valid test
 * whose key the algorithm takes (XTS: a 32-byte key, which must never be
 * taken as AES-256).
 */
static void set_check(const struct supported *sup, const struct tcase *tc)
{
	static const uint32_t aes_algs[] = {
		NCR_ALG_AES_ECB, NCR_ALG_AES_CBC, NCR_ALG_AES_CTR,
		NCR_ALG_AES_GCM, NCR_ALG_AES_CCM, NCR_ALG_CMAC_AES,
	};
	static const uint32_t hmacs[] = {
		NCR_ALG_HMAC_SHA1, NCR_ALG_HMAC_SHA224, NCR_ALG_HMAC_SHA256,
		NCR_ALG_HMAC_SHA384, NCR_ALG_HMAC_SHA512, NCR_ALG_HMAC_SHA3_256,
		NCR_ALG_HMAC_SHA3_512,
	};
	const uint32_t all = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT |
			     NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY;
	uint32_t others[8];
	size_t n = 0;

	if (!is_valid(tc) || !tc->key)
		return;
	switch (sup->kind) {
	case K_KEYWRAP:
		if ((tc->key_len != 16 && tc->key_len != 24 &&
		     tc->key_len != 32) || !tc->msg_len || !tc->ct)
			return;
		set_checked = 1;
		set_check_wrap(sup->alg, tc);
		return;
	case K_XTS:
		if (tc->key_len != 32)
			return;
		break;
	case K_MAC:
		if (sup->alg != NCR_ALG_CMAC_AES) {
			for (size_t i = 0; i < ARRAY_SIZE(hmacs); i++)
				if (hmacs[i] != sup->alg)
					others[n++] = hmacs[i];
			set_checked = 1;
			set_check_sym(sup->alg, NCR_KEY_TYPE_HMAC,
				      NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY,
				      others, n, tc);
			return;
		}
		/* fall through */
	default:
		if (!talg_key_ok(sup->alg, tc->key_len))
			return;
		break;
	}
	set_checked = 1;
	if (sup->alg == NCR_ALG_CHACHA20_POLY1305) {
		others[n++] = NCR_ALG_CHACHA20;
		set_check_sym(sup->alg, NCR_KEY_TYPE_CHACHA20,
			      NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
			      others, n, tc);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(aes_algs); i++)
		if (aes_algs[i] != sup->alg)
			others[n++] = aes_algs[i];
	set_check_sym(sup->alg, NCR_KEY_TYPE_AES, all, others, n, tc);
}

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
	cur_file = fr.name;
	set_checked = 0;
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
	ir_synth = ir_pub_refused = ir_pub_decrypted = 0;
	ir_min = (size_t)-1;
	ir_max = 0;

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
				if (!set_checked && sup->kind != K_PK)
					set_check(sup, &tc);
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
	if (ir_synth || ir_pub_refused || ir_pub_decrypted)
		printf("# %s: implicit rejection: %d invalid ciphertexts "
		       "decrypted to the reference's synthetic message (%zu.."
		       "%zu bytes); publicly invalid: %d refused, %d "
		       "decrypted\n", fr.name, ir_synth, ir_synth ? ir_min : 0,
		       ir_max, ir_pub_refused, ir_pub_decrypted);
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
	ir_known_answers();
	for (int i = 1; i < argc; i++)
		if (argv[i][0] != '-' || argv[i][1] != '-')
			failed |= run_file(argv[i]);
	if (ncr_fd >= 0)
		ncr_close(ncr_fd);
	return tap_finish("wycheproof") || failed ? 1 : 0;
}
