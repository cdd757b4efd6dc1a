/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wycheproof.h - shared by the files of tests/wycheproof/
 * (build/tests/wycheproof): the verdicts, the backends, a test's decoded
 * fields, the public-key group and the per-file counters.  See
 * tests/wycheproof/main.c for what the program tests and how it is run.
 */
#ifndef NCR_TESTS_WYCHEPROOF_H
#define NCR_TESTS_WYCHEPROOF_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "libncr.h"
#include "tap.h"

enum verdict { V_PASS, V_FAIL, V_SKIP };

/* Result buffer for a test's explanation (failure or skip reason). */
#define WHY(...) snprintf(why, why_len, __VA_ARGS__)

/* Appends to a message buffer. */
#define CAT(buf, ...) snprintf((buf) + strlen(buf), sizeof(buf) - \
			       strlen(buf), __VA_ARGS__)

/* ---- backend_ncr.c, backend_openssl.c ---- */

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

extern int ncr_fd;
extern const struct backend ncr_backend, openssl_backend, bsd_backend;
/* backend_bsd.c: whether the BSD ABI has an id for alg (NCR_ALG_*) */
int bsd_serves(uint32_t alg);
/* the backend in use (main.c: --backend=) */
extern const struct backend *be;

/* ---- harness.c ---- */

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

uint8_t *jhex(json_t *t, const char *field, size_t *len, int *bad);
int tcase_load(json_t *t, struct tcase *tc, int need_key);
void tcase_free(struct tcase *tc);
int is_valid(const struct tcase *tc);
int is_acceptable(const struct tcase *tc);
enum verdict import_key(const struct tcase *tc, uint32_t alg, uint32_t type,
			uint32_t usage, uint32_t *key, int *done, char *why,
			size_t why_len);
enum verdict refused(const struct tcase *tc, int r, const char *what,
		     const char *param_issue, char *why, size_t why_len);

/* ---- the symmetric schemas: aead.c, cipher.c, mac.c, keywrap.c ---- */

enum verdict run_aead(uint32_t alg, const char *alg_label,
		      const struct tcase *tc, char *why, size_t why_len);
enum verdict run_cbc_pkcs5(const struct tcase *tc, char *why, size_t why_len);
enum verdict run_xts(const struct tcase *tc, char *why, size_t why_len);
enum verdict run_mac(uint32_t alg, size_t tag_bytes, const struct tcase *tc,
		     char *why, size_t why_len);
enum verdict run_keywrap(uint32_t walg, const char *alg_label,
			 const struct tcase *tc, char *why, size_t why_len);

/* ---- main.c's table of schemas; sets.c ---- */

enum kind { K_AEAD, K_CBC_PKCS5, K_XTS, K_MAC, K_KEYWRAP, K_PK, K_KDF };

struct supported {
	const char *schema, *algorithm;
	enum kind kind;
	uint32_t alg;
};

/* The file being run (for the lines that are not about one test). */
extern const char *cur_file;
/* Whether this file's key already had its set check. */
extern int set_checked;
const char *set_name(uint64_t bit);
void set_check(const struct supported *sup, const struct tcase *tc);

/* ---- the public-key schemas: pk.c, rsa_enc.c, sig.c, kex.c ---- */

/* The kind of a public-key schema (struct supported's alg for K_PK). */
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
extern int acc_accepted, acc_refused;
/* PKCS#1 v1.5 invalid tests: synthetic messages equal to the reference
 * (their shortest and longest), publicly invalid ones refused or
 * decrypted */
extern int ir_synth, ir_pub_refused, ir_pub_decrypted;
extern size_t ir_min, ir_max;
/* NCR_WYCHEPROOF_PK_STRIDE, NCR_WYCHEPROOF_PK_OFFSET (pk.c) */
extern unsigned long pk_stride, pk_offset;

int pk_selected(unsigned long index);
int pk_import_ex(uint32_t type, uint32_t format, uint32_t bits,
		 const void *data, size_t len, uint32_t flags, uint32_t usage,
		 uint64_t algs, uint32_t *key);
void pk_group_begin(int kind, json_t *g, struct pkgroup *gc);
void pk_group_end(struct pkgroup *gc);
enum verdict import_refused(const struct tcase *tc, int err, int out_of_range,
			    const char *size_desc, const char *what, char *why,
			    size_t why_len);
enum verdict op_outcome_refused(const struct tcase *tc, int r, int ok_errno1,
				int ok_errno2, const char *what, char *why,
				size_t why_len);
enum verdict run_pk(struct pkgroup *gc, const struct tcase *tc, char *why,
		    size_t why_len);

void ir_known_answers(void);
enum verdict pk_pkcs1_dec_test(struct pkgroup *gc, const struct tcase *tc,
			       char *why, size_t why_len);
enum verdict pk_decrypt_test(struct pkgroup *gc, const struct tcase *tc,
			     char *why, size_t why_len);

enum verdict pk_sign_test(struct pkgroup *gc, const struct tcase *tc,
			  char *why, size_t why_len);
enum verdict pk_verify_test(struct pkgroup *gc, const struct tcase *tc,
			    char *why, size_t why_len);

enum verdict pk_ecdh_test(struct pkgroup *gc, const struct tcase *tc,
			  char *why, size_t why_len);
enum verdict pk_xdh_test(const struct tcase *tc, char *why, size_t why_len);

/* ---- the key derivation schemas: kdf.c ---- */

/* alg: NCR_ALG_HKDF_* or NCR_ALG_PBKDF2_*; t: the test's JSON object (its
 * fields are not struct tcase's). */
enum verdict run_kdf(uint32_t alg, json_t *t, const struct tcase *tc,
		     char *why, size_t why_len);

#endif /* NCR_TESTS_WYCHEPROOF_H */
