/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * attacks.h - shared by the files of tests/attacks/ (build/tests/attacks):
 * the run's context, raw-ioctl helpers that return 0 or -errno, and the
 * OpenSSL side of the attacks.  See tests/attacks/main.c for what the
 * program tests and how it is run.
 */
#ifndef NCR_TESTS_ATTACKS_H
#define NCR_TESTS_ATTACKS_H

#include <stdint.h>
#include <sys/types.h>
#include <openssl/evp.h>

#include "tap.h"

struct actx {
	int fd;			/* the run's main namespace */
	int root;		/* running with CAP_SYS_ADMIN (the setup run) */
	const char *dir;	/* the setup folder, or NULL */
	unsigned int seconds;	/* NCR_ATTACK_SECONDS: each race test */
	unsigned int ed_mb;	/* NCR_ATTACK_ED_MB: the Ed25519 message */
	int master_set;		/* storage wrap works */
	struct rng rng;
};
extern struct actx A;

/* ---- raw ioctls: 0 or -errno ----
 * Key creation with a label, key wrap, storage blobs and key derivation
 * are tests/common.c's key_gen, key_import, key_wrap, key_unwrap,
 * key_store, key_load and key_derive (tap.h); these are the short forms
 * the attacks use most. */
int a_info(int fd, struct ncr_info *in);
/* key_gen and key_import without a label */
int a_gen(int fd, uint32_t type, uint32_t bits, uint32_t flags,
	  uint32_t usage, uint64_t algs, uint32_t *key);
int a_import(int fd, uint32_t type, uint32_t format, uint32_t bits,
	     const void *data, size_t len, uint32_t flags, uint32_t usage,
	     uint64_t algs, uint32_t *key);
/* *len: capacity in, bytes out (also with -ERANGE: the size needed) */
int a_export(int fd, uint32_t key, uint32_t format, void *buf, size_t *len);
/* key_genpair without q_bits, public policy or label; pub NULL: the
 * public half is deleted */
int a_genpair(int fd, uint32_t type, uint32_t bits, const void *params,
	      size_t params_len, uint32_t flags, uint32_t usage,
	      uint64_t algs, uint32_t *priv, uint32_t *pub);
int a_restrict(int fd, uint32_t key, uint32_t clear_flags,
	       uint32_t clear_usage, uint64_t clear_algs);
int a_trust(int fd, uint32_t key);
int a_del(int fd, uint32_t key);
int a_keyinfo(int fd, uint32_t key, struct ncr_key_info *ki);
/* Sessions.  tag_size 0: the full length. */
int a_init(int fd, uint32_t alg, uint32_t op, uint32_t key, const void *iv,
	   size_t iv_len, uint32_t tag_size, uint32_t *ses);
int a_init_pk(int fd, uint32_t alg, uint32_t op, uint32_t key,
	      uint32_t hash, uint32_t *ses);
int a_update(int fd, uint32_t ses, uint32_t flags, uint32_t input_key,
	     const void *in, uint64_t in_len, void *out, size_t *out_len);
/* FINAL: *out_len and *tag_len in: capacity (or expected tag length),
 * out: written; *result: NCR_VERIFY_* for VERIFY (NULL allowed). */
int a_final(int fd, uint32_t ses, const void *in, size_t in_len, void *out,
	    size_t *out_len, void *tag, size_t *tag_len, uint32_t *result);
int a_free(int fd, uint32_t ses);
/* ONCE for ciphers and AEADs (tag: AEAD only, tag_len in/out). */
int a_crypt(int fd, uint32_t alg, uint32_t op, uint32_t key, const void *iv,
	    size_t iv_len, const void *aad, size_t aad_len, const void *in,
	    size_t len, void *out, size_t *out_len, void *tag,
	    size_t *tag_len);
/* ONCE MAC/digest SIGN with mac_size (0: full); *len: out. */
int a_mac(int fd, uint32_t alg, uint32_t key, uint32_t mac_size,
	  const void *in, size_t len, uint8_t *tag, size_t *tag_len);
/* ONCE VERIFY: NCR_VERIFY_OK/FAILED or -errno. */
int a_mac_verify(int fd, uint32_t alg, uint32_t key, uint32_t mac_size,
		 const void *in, size_t len, const void *tag, size_t tag_len);
/* ONCE SIGN over the material of input_key (NCR_OP_FLAG_KEY_DATA); key 0
 * for a digest. */
int a_keydata(int fd, uint32_t alg, uint32_t key, uint32_t input_key,
	      uint8_t *out, size_t *out_len);

/* ---- conveniences ---- */
long a_mem_available_kb(void);		/* /proc/meminfo, -1 on error */
const char *a_hex(const void *buf, size_t len);	/* static buffer */
/* 1 if needle (n bytes, n >= 8) occurs anywhere in hay. */
int a_contains(const void *hay, size_t hay_len, const void *needle,
	       size_t n);
/* Reaps pid with a timeout (seconds): its wait status, or -1 on timeout
 * (pid is then still there).  *took: seconds waited. */
int a_reap(pid_t pid, double limit, double *took);
/* Drops to uid/gid 65534 with no supplementary groups (and therefore
 * no capabilities): 0 or -errno. */
int a_drop_privileges(void);
/* Writes/reads a file of the setup folder (0 or -errno; read: malloc). */
int a_dir_write(const char *name, const void *buf, size_t len);
int a_dir_read(const char *name, uint8_t **buf, size_t *len);

/* ---- OpenSSL ---- */
EVP_PKEY *o_rsa_attacker(void);		/* the attacker's own RSA-2048 */
EVP_PKEY *o_rsa_victim(void);		/* RSA-2048 imported non-exportable */
/* DER PKCS#8 (priv) or SPKI (!priv) of k; malloc'd, NULL on error. */
uint8_t *o_der(EVP_PKEY *k, int priv, size_t *len);
EVP_PKEY *o_spki(const uint8_t *der, size_t len);
/* RSA-OAEP SHA-256/MGF1-SHA-256, no label (NCR_WALG_RSA_OAEP). */
int o_oaep(EVP_PKEY *k, int enc, const void *in, size_t len, uint8_t *out,
	   size_t *out_len);
/* AES key unwrap (RFC 3394, or 5649 if pad): 0, or -1 if it fails. */
int o_kw_unwrap(const uint8_t *kek, size_t kek_len, int pad,
		const uint8_t *in, size_t len, uint8_t *out, size_t *out_len);
int o_aes_block(const uint8_t *key, size_t key_len, int enc,
		const uint8_t in[16], uint8_t out[16]);
/* Big-endian bytes of a BIGNUM parameter of k ("d", "p", "q", "priv"),
 * malloc'd, NULL if k has none. */
uint8_t *o_bn_param(EVP_PKEY *k, const char *name, size_t *len);

/*
 * Was this candidate the victim's material?  The victim is an AES key
 * with NCR_KEY_ALG_AES_ECB in its set and NCR_KEY_USAGE_ENCRYPT: ncr
 * encrypts a block with it and OpenSSL with the candidate.  1 if they
 * agree (the attack recovered the key), 0 if not, -1 if ncr refused.
 */
int a_victim_is(int fd, uint32_t victim, const uint8_t *cand,
		size_t cand_len);

/* ---- the parts ---- */
void t_setup(const char *dir, const char *master_hex);	/* root */
void t_a1(void);
void t_a2(void);
void t_a3(void);
void t_a7(void);
void t_a13cd(void);
void t_no_reveal(void);
void t_algset(void);
void t_restrict(void);
void t_trusted(void);
void t_a4(void);
void t_a4_root(void);		/* root: survive a user's memory attack */
void t_a5(void);
void t_a6(void);
void t_a8(void);
void t_a9(void);
void t_a11(void);
void t_bsd(void);		/* B.*: the BSD ABI (bsd.c) */
void t_batch(void);		/* BT.*: NCRIO_BATCH (batch.c) */
void t_master(void);		/* MK.*: the master key (master.c) */
void t_master_root(void);	/* root: records the master key's ID */
/* batch.c and batch_res.c: the BT.* parts' helpers */
extern uint8_t bt_iv16[16];
/* a ONCE element (IV bt_iv16 for the modes that take one) */
void bt_el_once(struct ncr_batch_op *e, uint32_t alg, uint32_t op,
		uint32_t key, const void *in, size_t len, void *out,
		size_t cap, void *tag, uint32_t tag_size);
int bt_batch(int fd, struct ncr_batch_op *ops, uint32_t n, uint32_t flags,
	     struct ncr_batch *b);
/* the uid's use: user_keys .. user_memory of NCRIO_INFO version 1 */
struct bt_use {
	uint64_t keys, sessions, buffered, memory;
};
int bt_use_get(struct bt_use *u);
/* TAP line: the uid's use is *u0 again (polled ~3 s) */
void bt_use_report(const char *id, const struct bt_use *u0);
int bt_hw_cbc(void);		/* a hardware driver for AES-CBC */
void bt_memory(void);		/* batch_res.c */
void bt_kill(void);
void t_a13a(void);
void t_a13b(void);		/* with a userfaultfd of our own */
void t_a13b_root(void);		/* root makes the uffd, then drops */
void t_trusted_root(void);	/* root: TRUSTED works for root */
void t_a10(void);
void t_a12(void);
/* X9.42 DomainParameters of ffdhe8192 with q = (p-1)/2 (malloc). */
uint8_t *dh_ffdhe8192_x942(size_t *len);

#endif
