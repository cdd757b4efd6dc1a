/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * abi.h - shared by the files of tests/abi/ (build/tests/abi): the run's
 * shared objects (made in main.c), the harness (harness.c: results, raw
 * ioctl helpers, the table-driven sweeps) and its tables (table.c), and
 * the sections main() runs in order.  See tests/abi/main.c for what the
 * program tests and how it is run.
 */
#ifndef NCR_TESTS_ABI_H
#define NCR_TESTS_ABI_H

#include <stddef.h>
#include <stdint.h>

#include "tap.h"

#define BAD_KERNEL_PTR 0xffffffff81000000ULL
#define BAD_NONCANON 0x8000000000000000ULL

/* Every AES algorithm but XTS: the set of the shared test key k_aes. */
#define AES_ALGS (NCR_KEY_ALG_AES_ECB | NCR_KEY_ALG_AES_CBC | \
		  NCR_KEY_ALG_AES_CTR | NCR_KEY_ALG_AES_GCM | \
		  NCR_KEY_ALG_AES_CCM | NCR_KEY_ALG_CMAC_AES | \
		  NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_KWP)
#define AES_WRAPS (NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_KWP)

/* ---- the run (main.c) ---- */
extern int fd;
extern long pagesz;
extern uint8_t *arena;		/* 2 RW pages, then a PROT_NONE page */
extern uint8_t *guard;		/* the PROT_NONE page */
extern int is_root;
extern int master_set;		/* storage wrap works */

/* Persistent objects used by many tests. */
extern uint32_t k_aes;		/* AES-128, all usages */
extern uint32_t k_hmac;		/* HMAC 32 bytes, sign|verify */
extern uint8_t blob[NCR_STORAGE_BLOB_MAX];
extern uint32_t blob_len;
extern uint8_t wrapped[NCR_WRAPPED_KEY_MAX];	/* key16, RFC 5649 under k_aes */
extern uint32_t wrapped_len;

extern uint8_t buf_in[256], buf_out[4096], buf_tag[NCR_MAX_TAG];
extern uint8_t key16[16];
extern uint8_t iv16[16];
extern uint8_t label4[4];

/* public-key objects made once in main() */
extern uint32_t k_x25519;		/* X25519 private key, DERIVE */
extern uint8_t x_peer[32];		/* another X25519 public key */
extern uint8_t dh_params[1024];		/* ffdhe2048 DHParameter DER */
extern uint32_t dh_params_len;

/* ---- results (harness.c) ---- */
/* In a child that dropped its privileges: the pipe to the parent, which
 * prints the child's results (trust.c); -1 otherwise. */
extern int child_pipe;
/* One line to the parent: kind '0'/'1' (a result), 's' (a skip), or
 * another kind the parent reads (trust.c's 'H'). */
void report_line(char kind, const char *name);
int report(int cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void report_skip(const char *reason, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int report_err(int got, int want, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Reports got vs want; when want != 0 the live counters must equal
 * *expect (NULL: not checked).  Returns 1 if ok. */
int expect(int got, int want, const struct live *expect_live,
	   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Like expect() but any of two errnos is right (documented order of
 * checks is open). */
int expect2(int got, int want1, int want2, const struct live *el,
	    const char *name);

/* ---- raw ioctls on fd: 0 or -errno (harness.c) ---- */
int call(unsigned long cmd, void *arg);
struct live live_now(void);
/* Generate / import with an algorithm set (0: the default set). */
int genx(uint32_t type, uint32_t bits, uint32_t flags, uint32_t usage,
	 uint64_t algs, uint32_t *key);
int gen(uint32_t type, uint32_t bits, uint32_t flags, uint32_t usage,
	uint32_t *key);
int impx(uint32_t type, const void *data, uint32_t len, uint32_t flags,
	 uint32_t usage, uint64_t algs, uint32_t *key);
int imp(uint32_t type, const void *data, uint32_t len, uint32_t flags,
	uint32_t usage, uint32_t *key);
/* Key info with the kernel's (version 1) structure. */
int kinfo(uint32_t key, struct ncr_key_info *ki);
int krestrict(uint32_t key, uint32_t clear_flags, uint32_t clear_usage,
	      uint64_t clear_algs);
int ktrust(uint32_t key);
int kdel(uint32_t key);
int sinit(uint32_t alg, uint32_t op, uint32_t key, const void *iv,
	  uint32_t iv_size, uint32_t tag_size, uint32_t *ses);
int sfree(uint32_t ses);
void op_init(struct ncr_session_op *o, uint32_t ses, const void *in,
	     uint64_t in_len, void *out, uint64_t out_cap);
/* AES-CBC under k_aes, SHA-256: the new session, 0 on failure */
uint32_t cbc_session(int enc);
uint32_t sha256_session(void);
/* key wrap and unwrap (wrap.c); *len: capacity in, length out (also
 * with ERANGE) */
int kwrap(uint32_t alg, uint32_t wk, uint32_t key, uint8_t *out,
	  uint32_t *len);
int kunwrap(uint32_t alg, uint32_t wk, const uint8_t *in,
	    uint32_t len, uint32_t type, uint32_t flags,
	    uint32_t usage, uint32_t *key);

/* ---- the tables (table.c) the sweeps of harness.c run over ---- */
struct ioc {
	const char *name;
	unsigned long cmd;
	size_t size, ver0;
	uint32_t vers[4];	/* every published size (NCR_*_SIZE_VER*) */
	/* Fills a valid request into zeroed s (size is set by the caller);
	 * returns 0, or a skip reason. */
	const char *(*prep)(void *s);
	int writes_back;	/* has output fields: read-only struct EFAULT */
	int destroys;		/* a valid call ends the prepared session */
	int creates;		/* a valid call creates a key or session */
	/* After each call the harness deletes the keys and frees the
	 * session whose handles stand at these offsets (0: none): what
	 * prep made, or what a valid call created. */
	size_t keys[2];
	size_t ses;
};

/* a flags, usage or algs word, or a reserved field */
struct field {
	unsigned long cmd;
	size_t off;
	uint64_t valid;		/* bits that are known */
	const char *name;
	int width;		/* 4, or 8 for a 64-bit word */
};

/* a data pointer */
struct ptrfield {
	unsigned long cmd;
	size_t off;
	const char *name;
	const char *(*prep)(void *s);	/* NULL: the ioctl's own */
};

extern const struct ioc iocs[];
extern const size_t n_iocs;
extern const struct field fields[];
extern const size_t n_fields;
extern const struct ptrfield ptrfields[];
extern const size_t n_ptrfields;
/* a valid NCRIO_KEY_DERIVE: k_x25519 with x_peer into an HMAC key */
const char *prep_derive(void *p);

/* the test RSA-2048 private key, PKCS#8 (algsets.c) */
extern const char rsa2048_pkcs8_hex[];

/* ---- the sections, in the order main() runs them ---- */
void test_info(void);			/* info.c */
void test_info_v1(void);
void test_tables(void);			/* harness.c */
void test_update_no_side_effects(void);	/* session.c */
void test_handles(void);		/* handles.c */
void test_unknown_ioctls(void);
void test_generate_params(void);	/* key.c */
void test_import_params(void);
void test_session_params(void);		/* session.c */
void test_keywrap_params(void);		/* wrap.c */
void test_erange(void);			/* erange.c */
void test_verify(void);			/* session.c */
void test_verify_lengths(void);
void test_genpair_params(void);		/* pk.c */
void test_derive_params(void);
void test_pk_import_params(void);
void test_pk_session_params(void);
void test_key_ids_labels_attrs(void);	/* key.c */
void test_alg_sets(void);		/* algsets.c */
void test_alg_enforced(void);
void test_mac_size(void);		/* session.c */
void test_batch(void);			/* batch.c */
void test_restrict(void);		/* key.c */
void test_trust(void);			/* trust.c */
void test_limits(void);			/* info.c */
void test_info_v2(void);
void test_master_key_sizes(void);	/* master.c */
void test_master_key_forms(void);
void test_master_fresh(void);		/* abi --master-fresh */
void test_device_check(void);		/* device.c */
int device_not_loaded(void);		/* abi --device-not-loaded */

#endif
