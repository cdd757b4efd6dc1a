/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tap.h - helpers shared by the ncr test programs in tests/:
 *   - TAP output (thread-safe; "ok N - name", "not ok N - name",
 *     "ok N - name # SKIP reason") and a closing summary comment;
 *   - errno names, hex encoding/decoding;
 *   - a seeded, reproducible PRNG (NCR_TEST_SEED), a monotonic clock;
 *   - an oracle table of the algorithms in <linux/ncr.h>, written from the
 *     ncr.h opening comment, independent of libncr;
 *   - OpenSSL libcrypto reference implementations of every algorithm;
 *   - raw /dev/crypto helpers (open, ioctl returning -errno, live counters);
 *   - keys over raw ioctls: creation with an algorithm set and a label,
 *     key wrap, storage blobs, public-key operations.
 * Nothing here calls libncr, so tests/abi/ stays raw-ioctl only.
 */
#ifndef NCR_TESTS_TAP_H
#define NCR_TESTS_TAP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "ncr.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define PTR64(p) ((__u64)(uintptr_t)(p))

/* ---- TAP ---- */
void tap_init(void);			/* line-buffered stdout */
void tap_plan(int n);
void tap_skip_all(const char *reason) __attribute__((noreturn));
int tap_ok(int cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void tap_skip(const char *reason, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "ok" if got == want (both 0 or negative errno), else "not ok" with both
 * names; returns the condition. */
int tap_err(int got, int want, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tap_counts(int *pass, int *fail, int *skip);
/* Prints "# label: N passed, N failed, N skipped"; returns the exit
 * status (1 if anything failed, else 0). */
int tap_finish(const char *label);

/* ---- errno, hex ---- */
const char *errname(int err);		/* sign ignored: "EINVAL", "0" */
/* Decodes a hex string into a malloc'd buffer (never NULL on success, even
 * for ""); returns NULL on malformed input. */
uint8_t *hex_decode(const char *hex, size_t *len);
void hex_fprint(FILE *f, const void *buf, size_t len);
/* 0 if equal; else prints a diagnostic with the first difference. */
int memcmp_diag(const char *what, const void *got, const void *want,
		size_t len);

/* ---- PRNG (splitmix64) ---- */
struct rng {
	uint64_t s;
};
uint64_t rng_u64(struct rng *r);
uint32_t rng_below(struct rng *r, uint32_t n);	/* 0..n-1, n > 0 */
void rng_fill(struct rng *r, void *buf, size_t n);
/* The run's seed: NCR_TEST_SEED (decimal or 0x hex) or a fresh one;
 * printed as a TAP comment with how to reproduce. */
uint64_t test_seed(void);
double now_s(void);			/* CLOCK_MONOTONIC, seconds */

/* ---- algorithm oracle (from the ncr.h opening comment) ---- */
enum talg_kind { TK_CIPHER, TK_AEAD, TK_DIGEST, TK_MAC };
struct talg {
	uint32_t alg;
	const char *name;	/* libncr's spelling, for messages */
	enum talg_kind kind;
	uint32_t key_type;	/* 0 for digests */
	uint32_t block;		/* cipher block size; 1 for stream */
	uint32_t iv;		/* required (default for CCM: 12) */
	uint32_t tag;		/* full tag/MAC/digest size; 0 ciphers */
	int buffered;		/* AEAD and XTS: output only at FINAL */
};
extern const struct talg talgs[];
extern const size_t n_talgs;
const struct talg *talg_get(uint32_t alg);
const char *talg_name(uint32_t alg);	/* "alg#N" for unknown */
/* Documented parameter validity. */
int talg_iv_ok(uint32_t alg, size_t iv_len);
int talg_tag_ok(uint32_t alg, size_t tag_len);
/* The shortest MAC ncr.h lets a caller ask for or accept (HMAC 10, CMAC 8). */
size_t talg_mac_min(uint32_t alg);
/* NCR_KEY_ALG_* bit of an NCR_ALG_* / NCR_WALG_* (0: none), from ncr.h */
uint64_t talg_keybit(uint32_t alg);
uint64_t talg_wkeybit(uint32_t walg);
int talg_key_ok(uint32_t alg, size_t key_len);

/* ---- OpenSSL references (return 0 on success, -1 on failure) ---- */
int ref_digest(uint32_t alg, const void *in, size_t len, uint8_t *out,
	       size_t *out_len);
/* HMAC-* and CMAC-AES; full-length MAC. */
int ref_mac(uint32_t alg, const void *key, size_t key_len, const void *in,
	    size_t len, uint8_t *out, size_t *out_len);
/* Unpadded ciphers; out gets len bytes. */
int ref_cipher(uint32_t alg, int enc, const void *key, size_t key_len,
	       const void *iv, const void *in, size_t len, uint8_t *out);
/* AEAD; encrypt writes tag (tag_len bytes); decrypt checks it and
 * returns -1 on mismatch. */
int ref_aead(uint32_t alg, int enc, const void *key, size_t key_len,
	     const void *iv, size_t iv_len, const void *aad, size_t aad_len,
	     const void *in, size_t len, uint8_t *out, uint8_t *tag,
	     size_t tag_len);
/* RSA encrypt (enc 1) or decrypt with an OpenSSL key (an EVP_PKEY *);
 * oaep_hash 0: PKCS#1 v1.5, else OAEP with that NCR_ALG_SHA* and MGF1 of
 * the same hash, and the label if label_len; *out_len in: capacity. */
struct evp_pkey_st;
int ref_rsa_crypt(struct evp_pkey_st *k, int enc, uint32_t oaep_hash,
		  const void *label, size_t label_len, const void *in,
		  size_t len, uint8_t *out, size_t *out_len);

/* ---- raw device helpers ---- */
int dev_open(void);			/* $NCR_DEVICE or /dev/crypto */
/* open_fn() (dev_open, or libncr's ncr_open), or else the whole program
 * is skipped: "1..0 # SKIP cannot open /dev/crypto: <errno name>". */
int dev_open_or_skip_all(int (*open_fn)(void));
int xioctl(int fd, unsigned long cmd, void *arg);	/* 0 or -errno */
struct live {
	uint64_t keys, sessions;
	uint32_t namespaces;
};
int live_get(int fd, struct live *l);	/* raw NCRIO_INFO */
/* Polls (up to ~2 s, for deferred frees) until the counters equal *want;
 * returns 0 if they do, else -1 with *got the last reading. */
int live_wait(int fd, const struct live *want, struct live *got);

/* ---- keys with a policy, key wrap, storage blobs (raw ioctls) ----
 * All return 0 or -errno.  algs: the key's algorithm set (ncr.h,
 * ALGORITHM SETS; 0: the default); label: label_len bytes (NULL, 0: none).
 * wrap and store: *len in: capacity, out: written (or needed with
 * -ERANGE). */
int key_gen(int fd, uint32_t type, uint32_t bits, uint32_t flags,
	    uint32_t usage, uint64_t algs, const void *label,
	    size_t label_len, uint32_t *key);
int key_import(int fd, uint32_t type, uint32_t format, uint32_t bits,
	       const void *data, size_t len, uint32_t flags, uint32_t usage,
	       uint64_t algs, const void *label, size_t label_len,
	       uint32_t *key);
/* pub NULL: the public half is deleted at once. */
int key_genpair(int fd, uint32_t type, uint32_t bits, uint32_t q_bits,
		const void *params, size_t params_len, uint32_t flags,
		uint32_t usage, uint32_t public_usage, uint64_t algs,
		uint64_t public_algs, const void *label, size_t label_len,
		uint32_t *priv, uint32_t *pub);
int key_derive(int fd, uint32_t alg, uint32_t key, const void *peer,
	       size_t peer_len, uint32_t type, uint32_t flags, uint32_t usage,
	       uint64_t algs, uint32_t *new_key);
int key_wrap(int fd, uint32_t walg, uint32_t kek, uint32_t key, void *buf,
	     size_t *len);
int key_unwrap(int fd, uint32_t walg, uint32_t kek, const void *data,
	       size_t len, uint32_t type, uint32_t flags, uint32_t usage,
	       uint64_t algs, uint32_t *key);
int key_store(int fd, uint32_t key, void *blob, size_t *len);
int key_load(int fd, const void *blob, size_t len, uint32_t *key);

/* ---- public-key helpers over raw ioctls (ABI version 2) ----
 * All return 0 or -errno; verify returns NCR_VERIFY_OK/FAILED or -errno. */
struct pkp {
	uint32_t hash, mgf1_hash, salt_size, pk_flags;
	const void *label;
	uint32_t label_size;
};
int key_del(int fd, uint32_t key);
/* A DSA-2048/256 private key, PKCS#8 DER in hex (hex_decode it). */
extern const char test_dsa2048_pkcs8_hex[];
int key_info(int fd, uint32_t key, struct ncr_key_info *info);
/* key_import, key_genpair and key_derive with the default set and no
 * label. */
int pk_import(int fd, uint32_t type, uint32_t format, uint32_t bits,
	      const void *data, size_t len, uint32_t flags, uint32_t usage,
	      uint32_t *key);
/* *len in: capacity, out: written (or needed with -ERANGE). */
int pk_export(int fd, uint32_t key, uint32_t format, void *buf, size_t *len);
int pk_genpair(int fd, uint32_t type, uint32_t bits, uint32_t q_bits,
	       const void *params, size_t params_len, uint32_t flags,
	       uint32_t usage, uint32_t public_usage, uint32_t *priv,
	       uint32_t *pub);
int pk_derive(int fd, uint32_t alg, uint32_t key, const void *peer,
	      size_t peer_len, uint32_t type, uint32_t flags, uint32_t usage,
	      uint32_t *new_key);
/* One-shot (NCRIO_SESSION_ONCE) sign/verify/encrypt/decrypt. */
int pk_sign(int fd, uint32_t alg, uint32_t key, const struct pkp *p,
	    const void *msg, size_t len, void *sig, size_t *sig_len);
int pk_verify(int fd, uint32_t alg, uint32_t key, const struct pkp *p,
	      const void *msg, size_t len, const void *sig, size_t sig_len);
int pk_crypt(int fd, uint32_t alg, uint32_t op, uint32_t key,
	     const struct pkp *p, const void *in, size_t len, void *out,
	     size_t *out_len);
/* The same through INIT, UPDATE (chunk bytes at a time, 0: one update)
 * and FINAL. */
int pk_sign_ses(int fd, uint32_t alg, uint32_t key, const struct pkp *p,
		const void *msg, size_t len, size_t chunk, void *sig,
		size_t *sig_len);
int pk_verify_ses(int fd, uint32_t alg, uint32_t key, const struct pkp *p,
		  const void *msg, size_t len, size_t chunk, const void *sig,
		  size_t sig_len);
/* Raw bytes of a secret key (must be EXPORTABLE). */
int secret_export(int fd, uint32_t key, void *buf, size_t *len);

#endif
