/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libncr - the C API to /dev/crypto (ncr): kernel cryptography with keys
 * that stay in the kernel.
 *
 * Conventions
 *  - Every function returns 0 (or a documented non-negative value) on
 *    success and a negative errno on failure; ncr_strerror() turns one into
 *    a sentence.  errno is not used for results.
 *  - A "ctx" is an open /dev/crypto descriptor: a namespace of key and
 *    session handles (see <linux/ncr.h>, installed as
 *    $(includedir)/linux/ncr.h; this header is $(includedir)/ncr/libncr.h:
 *    #include <ncr/libncr.h>, or <libncr.h> with `pkg-config --cflags
 *    libncr`).  Handles are uint32_t, never 0.
 *  - In/out lengths are size_t pointers: in = buffer capacity, out = bytes
 *    written.  -ERANGE means the buffer was too small and *len holds the
 *    size needed.
 *  - Thread safety: all functions may be called concurrently on one ctx.
 *
 * Minimal example (errors unchecked):
 *
 *   int fd = ncr_open();
 *   uint32_t key;
 *   ncr_key_generate(fd, NCR_KEY_TYPE_AES, 256, 0,
 *                    NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT, &key);
 *   uint8_t iv[12] = {0}, tag[16], ct[5];
 *   ncr_aead_encrypt(fd, NCR_ALG_AES_GCM, key, iv, 12, NULL, 0,
 *                    "hello", 5, ct, tag, 16);
 *   ncr_key_deinit(fd, key);
 *   ncr_close(fd);
 */
#ifndef LIBNCR_H
#define LIBNCR_H

#include <stddef.h>
#include <stdint.h>
#include <linux/ncr.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- context ---- */

/* Opens /dev/crypto (or $NCR_DEVICE if set); returns the fd or -errno.
 * A missing device node (ENOENT, ENXIO from open) is reported as -ENODEV. */
int ncr_open(void);
/* The same for an explicit device path (NULL or "": /dev/crypto). */
int ncr_open_device(const char *path);
void ncr_close(int ctx);

/* ---- device check ----
 * Why a device node cannot be used, for a message that says what to fix.
 * path NULL: $NCR_DEVICE if set, else /dev/crypto.  Returns NCR_DEV_OK (0)
 * or one of the positive values below (never -errno), and writes one
 * sentence naming the path tried and the fix to why[len] (NUL-terminated,
 * truncated to fit; why may be NULL). */
enum ncr_device_status {
	NCR_DEV_OK = 0,
	NCR_DEV_NOT_LOADED = 1,		/* no /sys/module/ncr */
	NCR_DEV_NO_NODE = 2,		/* module loaded, no node at path */
	NCR_DEV_WRONG_NUMBER = 3,	/* a char device, but not the number
					 * of /sys/class/misc/crypto/dev */
	NCR_DEV_NOT_NCR = 4,		/* not a char device, or the ncr
					 * module has no misc device "crypto"
					 * (another driver's node) */
	NCR_DEV_NO_ACCESS = 5,		/* open: EACCES or EPERM */
};
int ncr_device_check(const char *path, char *why, size_t len);

/* A static English sentence for a negative (or positive) errno value as
 * ncr uses it, e.g. -EPERM -> "operation not permitted by the key's flags
 * or usage". */
const char *ncr_strerror(int err);

/* ---- algorithm names ----
 * Names are lower case: "aes-ecb", "aes-cbc", "aes-ctr", "aes-xts",
 * "des3-cbc", "chacha20", "aes-gcm", "aes-ccm", "chacha20-poly1305", "md5",
 * "sha1", "sha224", "sha256", "sha384", "sha512", "sha3-256", "sha3-512",
 * "hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384", "hmac-sha512",
 * "hmac-sha3-256", "hmac-sha3-512", "cmac-aes", and the public-key
 * algorithms "rsa-pkcs1", "rsa-pss", "rsa-oaep", "dsa", "ecdsa", "ed25519",
 * "ecdh", "x25519", "dh".
 * Key type names: "aes", "des3", "chacha20", "hmac", "rsa", "dsa", "dh",
 * "ec", "x25519", "ed25519". */
int ncr_alg_from_name(const char *name);	/* alg or -EINVAL */
const char *ncr_alg_name(uint32_t alg);		/* NULL if unknown */
int ncr_key_type_from_name(const char *name);	/* type or -EINVAL */
const char *ncr_key_type_name(uint32_t type);	/* NULL if unknown */

/* Static properties of an algorithm, known without asking the kernel.
 * For the public-key algorithms only alg and key_type are set (sizes
 * depend on the key; none of the is_* kinds applies). */
struct ncr_alg_props {
	uint32_t alg;
	uint32_t key_type;	/* 0: keyless (digest) */
	uint32_t block_size;	/* 1 for stream ciphers, CTR and AEADs
				 * (any length, no padding); 16/8 for
				 * ECB, CBC, XTS; the hash block size
				 * for digests and MACs */
	uint32_t iv_size;	/* default/required IV (CCM: 13 default) */
	uint32_t tag_size;	/* full digest/MAC/tag size, 0 for ciphers */
	int is_aead, is_cipher, is_digest, is_mac; /* is_cipher: takes
				 * ENCRYPT/DECRYPT (AEADs too) */
};
int ncr_alg_props(uint32_t alg, struct ncr_alg_props *p);

/* ---- module information ----
 * Fills *info; if algs != NULL, also up to *count entries of algs and sets
 * *count to the number the kernel knows. */
int ncr_get_info(int ctx, struct ncr_info *info,
		 struct ncr_alg_info *algs, uint32_t *count);

/* ---- keys ----
 * A key's policy (ncr.h, KEY POLICY and ALGORITHM SETS): flags
 * (NCR_KEY_FLAG_*), usage (NCR_KEY_USAGE_*), the algorithm set (algs, a
 * mask of NCR_KEY_ALG_*; 0: the kernel's default for the type and usage,
 * which does not exist when the usage spans several families, e.g. AES
 * to encrypt and to sign: then -EINVAL and the set must be named) and a
 * label of the caller's (0..NCR_KEY_LABEL_MAX bytes; the key ID itself is
 * assigned by the kernel).  Flags, usage and set only ever get stricter
 * (ncr_key_restrict). */
struct ncr_key_policy {
	uint32_t flags;
	uint32_t usage;
	uint64_t algs;
	const void *label;
	size_t label_len;
};

/* The _ex forms take the whole policy; the others the default set and, for
 * import/unwrap, a label (the pointer and length that were the key ID
 * before ABI 3). */
int ncr_key_generate(int ctx, uint32_t type, uint32_t bits, uint32_t flags,
		     uint32_t usage, uint32_t *key);
int ncr_key_generate_ex(int ctx, uint32_t type, uint32_t bits,
			const struct ncr_key_policy *pol, uint32_t *key);
int ncr_key_import(int ctx, uint32_t type, const void *data, size_t len,
		   const void *label, size_t label_len, uint32_t flags,
		   uint32_t usage, uint32_t *key);
/* Import in a format (NCR_KEY_FORMAT_*; 0 for raw secret keys). */
int ncr_key_import_ex(int ctx, uint32_t type, uint32_t format, uint32_t bits,
		      const void *data, size_t len,
		      const struct ncr_key_policy *pol, uint32_t *key);
/* Narrows a key's policy: clears flags, usage bits and algorithms (never
 * adds any; -EINVAL if the usage or the set would become empty). */
int ncr_key_restrict(int ctx, uint32_t key, uint32_t clear_flags,
		     uint32_t clear_usage, uint64_t clear_algs);
/* Marks a key NCR_KEY_FLAG_TRUSTED (CAP_SYS_ADMIN; -EINVAL if the key
 * could do more than wrap, or was ever exportable). */
int ncr_key_trust(int ctx, uint32_t key);

/* Algorithm sets: the NCR_KEY_ALG_* bit of an NCR_ALG_* / NCR_WALG_* (0 if
 * it takes no key); names are the algorithm names above, plus "aes-kw",
 * "aes-kwp" and "rsa-oaep-wrap" for the key-wrapping algorithms.
 * ncr_keyalgs_parse reads a comma-separated list ("aes-gcm,aes-cbc");
 * ncr_keyalgs_format writes one (returns the length it needs, as
 * snprintf). */
uint64_t ncr_alg_keybit(uint32_t alg);
uint64_t ncr_walg_keybit(uint32_t walg);
int ncr_keyalgs_parse(const char *list, uint64_t *algs);
size_t ncr_keyalgs_format(uint64_t algs, char *buf, size_t len);
int ncr_key_export(int ctx, uint32_t key, void *buf, size_t *len);
int ncr_key_get_info(int ctx, uint32_t key, struct ncr_key_info *info);
int ncr_key_deinit(int ctx, uint32_t key);

/* ---- master key and storage blobs ----
 * All need CAP_SYS_ADMIN (-EPERM).  ncr_master_key_set: the 32 key bytes;
 * -EEXIST if a master key is already set (see NCRIO_MASTER_KEY_SET in
 * <linux/ncr.h>).  NCRIO_INFO (ncr_get_info) tells whether one is set,
 * where it came from and its key ID. */
int ncr_master_key_set(int ctx, const void *key, size_t len);
/* The master key from a kernel keyring key, without the bytes passing
 * through user space: type NCR_MASTER_KEY_SRC_TRUSTED, _ENCRYPTED, _USER or
 * _LOGON, the key's description, serial 0 (any key of that description in
 * the caller's keyrings) or the serial the key must have, flags 0 or
 * NCR_MASTER_KEY_FLAG_ROTATE.  The payload must be 32 bytes (-EINVAL).
 * -ENOKEY (not found, or another serial), -EKEYREVOKED, -EKEYEXPIRED,
 * -EOPNOTSUPP (the kernel lacks the key type: "trusted" on most kernels
 * without a TPM driver), -EEXIST (set, and no ROTATE). */
int ncr_master_key_set_keyring(int ctx, uint32_t type, const char *description,
			       uint32_t serial, uint32_t flags);
/* Key rotation: the current master key becomes the previous one (used only
 * to open blobs made before), key (32 bytes) the current one; a previous
 * key held before is dropped.  -EEXIST if key is the current key. */
int ncr_master_key_rotate(int ctx, const void *key, size_t len);
/* Drops the previous master key (after every blob was sealed again under
 * the current one); -ENOENT if there is none. */
int ncr_master_key_forget_previous(int ctx);
/* blob buffer of NCR_STORAGE_BLOB_MAX bytes is always enough */
int ncr_key_storage_wrap(int ctx, uint32_t key, void *blob, size_t *len);
int ncr_key_storage_unwrap(int ctx, const void *blob, size_t len,
			   uint32_t *key);

/* ---- key wrapping (key transport, RFC 3394 / RFC 5649) ----
 * alg: NCR_WALG_AES_RFC3394 (AES Key Wrap: the key's length must be a
 * multiple of 8 bytes, at least 16) or NCR_WALG_AES_RFC5649 (AES Key Wrap
 * with Padding: any length).  wrapping_key: an AES-128/192/256 key with
 * NCR_KEY_USAGE_WRAP (to wrap) or NCR_KEY_USAGE_UNWRAP (to unwrap).
 * The output is the standard format: any RFC 3394/5649 implementation
 * holding the wrapping key reads it.  Only the key's material is wrapped,
 * not its type, flags, usage or ID. */
/* Wraps key into out (key needs NCR_KEY_FLAG_WRAPPABLE, and either
 * NCR_KEY_FLAG_EXPORTABLE or a TRUSTED wrapping key: -EPERM); *len in:
 * capacity, out: bytes written (key length + 8, padded to 8 for RFC
 * 5649).  NCR_WRAPPED_KEY_MAX bytes are always enough; -ERANGE with the
 * size needed in *len otherwise. */
int ncr_key_wrap(int ctx, uint32_t alg, uint32_t wrapping_key, uint32_t key,
		 void *out, size_t *len);
/* Creates a key of the given type and policy from len wrapped bytes.
 * EXPORTABLE and HASHABLE only if the wrapping key is exportable (-EPERM
 * otherwise).  -EBADMSG: the bytes do not verify under wrapping_key
 * (tampered, or another key or algorithm); -EINVAL also for an unwrapped
 * length type cannot take.  Nothing is created on error. */
int ncr_key_unwrap(int ctx, uint32_t alg, uint32_t wrapping_key,
		   const void *in, size_t len, uint32_t type, uint32_t flags,
		   uint32_t usage, const void *label, size_t label_len,
		   uint32_t *key);
int ncr_key_unwrap_ex(int ctx, uint32_t alg, uint32_t wrapping_key,
		      const void *in, size_t len, uint32_t type,
		      const struct ncr_key_policy *pol, uint32_t *key);

/* ---- sessions ---- */
int ncr_session_init(int ctx, uint32_t alg, uint32_t op, uint32_t key,
		     const void *iv, size_t iv_len, size_t tag_size,
		     uint32_t flags, uint32_t *ses);
/* Feed data; *out_len in: capacity, out: written (ciphers may hold back a
 * partial block; AEAD/XTS/digests/MACs write nothing). out may be NULL
 * when out_len is NULL. */
int ncr_session_update(int ctx, uint32_t ses, const void *in, size_t in_len,
		       void *out, size_t *out_len);
/* AEAD associated data, before any data. */
int ncr_session_aad(int ctx, uint32_t ses, const void *aad, size_t len);
/* Hash the material of key `key` (digests but MD5, HMACs; the key needs
 * NCR_KEY_FLAG_HASHABLE and 16 bytes or more). */
int ncr_session_update_key(int ctx, uint32_t ses, uint32_t key);
/* Finish and free.  For SIGN sessions and AEAD encryption the digest, MAC
 * or tag is written to tag (*tag_len in: capacity, out: written).  For
 * AEAD decryption tag and *tag_len are the expected tag (-EBADMSG on mismatch).
 * For VERIFY sessions use ncr_session_verify().  On -ERANGE the session
 * stays alive, nothing was consumed, and *out_len / *tag_len hold the sizes
 * needed: call again with bigger buffers.  On any other error the session
 * is gone. */
int ncr_session_final(int ctx, uint32_t ses, const void *in, size_t in_len,
		      void *out, size_t *out_len, void *tag, size_t *tag_len);
/* Finish a VERIFY session: returns NCR_VERIFY_OK (0), NCR_VERIFY_FAILED
 * (1), or -errno. */
int ncr_session_verify(int ctx, uint32_t ses, const void *in, size_t in_len,
		       const void *tag, size_t tag_len);
int ncr_session_free(int ctx, uint32_t ses);

/* ---- one-shot helpers (NCRIO_SESSION_ONCE) ---- */
/* Unpadded cipher: in_len must suit the mode; *out_len in/out. */
int ncr_cipher(int ctx, uint32_t alg, uint32_t op, uint32_t key,
	       const void *iv, size_t iv_len, const void *in, size_t in_len,
	       void *out, size_t *out_len);
/* AES-CBC / DES3-CBC with PKCS#7 padding done in the library; the IV is
 * the algorithm's block size (16 or 8 bytes).  Encrypt output is in_len
 * rounded up to the next whole block (always at least one byte of
 * padding); -ERANGE with *out_len set if the buffer is smaller.  Decrypt:
 * -EBADMSG on bad padding (checked in constant time; the output buffer is
 * then wiped) or an input that is not one or more whole blocks.  in and
 * out may be the same buffer. */
int ncr_cbc_pad_encrypt(int ctx, uint32_t alg, uint32_t key, const void *iv,
			const void *in, size_t in_len, void *out,
			size_t *out_len);
int ncr_cbc_pad_decrypt(int ctx, uint32_t alg, uint32_t key, const void *iv,
			const void *in, size_t in_len, void *out,
			size_t *out_len);
/* AEAD: out gets in_len bytes. */
int ncr_aead_encrypt(int ctx, uint32_t alg, uint32_t key, const void *iv,
		     size_t iv_len, const void *aad, size_t aad_len,
		     const void *in, size_t in_len, void *out, void *tag,
		     size_t tag_len);
int ncr_aead_decrypt(int ctx, uint32_t alg, uint32_t key, const void *iv,
		     size_t iv_len, const void *aad, size_t aad_len,
		     const void *in, size_t in_len, void *out,
		     const void *tag, size_t tag_len);
/* Digest: *out_len in capacity, out digest length (-ERANGE with the
 * digest length if the capacity is smaller). */
int ncr_digest(int ctx, uint32_t alg, const void *in, size_t in_len,
	       void *out, size_t *out_len);
/* MAC with truncation: *out_len in is the capacity and the MAC length
 * wanted: at least the full MAC size gives the full MAC, less a MAC
 * truncated to *out_len bytes (done in the library; at least 10 bytes for
 * HMAC, 8 for CMAC, else -ERANGE with the full size in *out_len); out:
 * bytes written. */
int ncr_mac(int ctx, uint32_t alg, uint32_t key, const void *in,
	    size_t in_len, void *out, size_t *out_len);
/* MAC check of a full-length MAC: NCR_VERIFY_OK, NCR_VERIFY_FAILED (also
 * for a mac_len other than the full length), or -errno. */
int ncr_mac_verify(int ctx, uint32_t alg, uint32_t key, const void *in,
		   size_t in_len, const void *mac, size_t mac_len);
/* The same for a truncated MAC: mac_size is the length the application
 * accepts, fixed by it and never taken from the message (at least 10
 * bytes for HMAC, 8 for CMAC: -EINVAL otherwise; 0: full); a mac_len
 * other than mac_size is NCR_VERIFY_FAILED. */
int ncr_mac_verify_trunc(int ctx, uint32_t alg, uint32_t key,
			 size_t mac_size, const void *in, size_t in_len,
			 const void *mac, size_t mac_len);

/* ------------------------------------------------------------------ */
/* public-key cryptography (ABI version 2)                             */
/* ------------------------------------------------------------------ */

/*
 * Parameters of a public-key session (NULL means all zero).
 *   hash:      NCR_ALG_SHA1..SHA512: the digest signed (RSA, DSA, ECDSA;
 *              0 for Ed25519) or OAEP's hash (0: SHA-1); 0 for PKCS#1
 *              encryption.
 *   mgf1_hash: PSS/OAEP MGF1 hash, 0: as hash.
 *   salt_size: PSS salt bytes (NCR_PSS_SALT_AUTO: any, verify only).
 *   flags:     NCR_PK_FLAG_DIGEST (input is the digest),
 *              NCR_PK_FLAG_SIG_RAW (ECDSA/DSA r||s instead of DER).
 *   label:     OAEP label.
 */
struct ncr_pk_params {
	uint32_t hash;
	uint32_t mgf1_hash;
	uint32_t salt_size;
	uint32_t flags;
	const void *label;
	size_t label_len;
};

/*
 * A key pair generated in the kernel.  bits/q_bits/params as documented for
 * NCRIO_KEY_GENERATE_PAIR in ncr.h (params: RSA public exponent bytes, DSA
 * or DH parameters DER, or NULL); public_usage 0: derived from usage.  Both
 * keys get one kernel-assigned key ID.  The _ex form takes both policies
 * (the public key's flags are ignored: it is always exportable; its usage
 * 0 and algs 0 mean the defaults; the label is the private policy's).
 */
int ncr_key_generate_pair(int ctx, uint32_t type, uint32_t bits,
			  uint32_t q_bits, const void *params,
			  size_t params_len, uint32_t flags, uint32_t usage,
			  uint32_t public_usage, uint32_t *priv,
			  uint32_t *pub);
int ncr_key_generate_pair_ex(int ctx, uint32_t type, uint32_t bits,
			     uint32_t q_bits, const void *params,
			     size_t params_len,
			     const struct ncr_key_policy *priv_pol,
			     const struct ncr_key_policy *pub_pol,
			     uint32_t *priv, uint32_t *pub);
/* Import in a format (NCR_KEY_FORMAT_*); bits: EC curve for RAW forms. */
int ncr_key_import_fmt(int ctx, uint32_t type, uint32_t format,
		       uint32_t bits, const void *data, size_t len,
		       const void *label, size_t label_len, uint32_t flags,
		       uint32_t usage, uint32_t *key);
/* Export in a format; *len in: capacity, out: written (or needed with
 * -ERANGE). */
int ncr_key_export_fmt(int ctx, uint32_t key, uint32_t format, void *buf,
		       size_t *len);
/* Key agreement into a new secret key (type HMAC or AES): alg
 * NCR_ALG_ECDH (EC key; peer: SEC1 point), NCR_ALG_X25519 (32 bytes) or
 * NCR_ALG_DH (peer y big-endian).  The secret stays in the kernel unless
 * flags has NCR_KEY_FLAG_EXPORTABLE (then ncr_key_export reads it). */
int ncr_key_derive(int ctx, uint32_t alg, uint32_t key, const void *peer,
		   size_t peer_len, uint32_t type, uint32_t flags,
		   uint32_t usage, uint32_t *new_key);
int ncr_key_derive_ex(int ctx, uint32_t alg, uint32_t key, const void *peer,
		      size_t peer_len, uint32_t type,
		      const struct ncr_key_policy *pol, uint32_t *new_key);
/* Inputs of a key derivation function (ncr_key_kdf); unused ones 0. */
struct ncr_kdf_params {
	const void *salt;	/* HKDF, PBKDF2 salt; KBKDF Label */
	size_t salt_len;
	const void *info;	/* HKDF info; KBKDF Context */
	size_t info_len;
	const void *password;	/* PBKDF2 */
	size_t password_len;
	uint32_t iterations;	/* PBKDF2 */
};
/* A key derivation function into a new key of type and length bytes
 * (NCRIO_KEY_KDF): alg NCR_ALG_HKDF_* or NCR_ALG_KBKDF_* from key (a
 * secret with NCR_KEY_USAGE_DERIVE), or NCR_ALG_PBKDF2_* from a password
 * (key 0).  The output stays in the kernel unless pol->flags has
 * NCR_KEY_FLAG_EXPORTABLE. */
int ncr_key_kdf(int ctx, uint32_t alg, uint32_t key,
		const struct ncr_kdf_params *p, uint32_t type, size_t length,
		const struct ncr_key_policy *pol, uint32_t *new_key);
/* Session for a public-key algorithm; then ncr_session_update, and
 * ncr_session_final (SIGN: the signature in tag; ENCRYPT/DECRYPT: output)
 * or ncr_session_verify (the signature as tag). */
int ncr_pk_session_init(int ctx, uint32_t alg, uint32_t op, uint32_t key,
			const struct ncr_pk_params *p, uint32_t *ses);
/* One-shot signature of msg (or of a digest with NCR_PK_FLAG_DIGEST);
 * *sig_len in: capacity (NCR_MAX_SIGNATURE is enough), out: written, or
 * the size needed with -ERANGE.  Signatures: RSA the modulus length,
 * ECDSA/DSA DER (r||s with NCR_PK_FLAG_SIG_RAW), Ed25519 64 bytes. */
int ncr_sign(int ctx, uint32_t alg, uint32_t key,
	     const struct ncr_pk_params *p, const void *msg, size_t len,
	     void *sig, size_t *sig_len);
/* NCR_VERIFY_OK, NCR_VERIFY_FAILED or -errno.  A malformed or empty
 * signature is NCR_VERIFY_FAILED, not an error. */
int ncr_verify(int ctx, uint32_t alg, uint32_t key,
	       const struct ncr_pk_params *p, const void *msg, size_t len,
	       const void *sig, size_t sig_len);
/* RSA encryption (NCR_ALG_RSA_OAEP, NCR_ALG_RSA_PKCS1); *out_len in:
 * capacity (the modulus length is always enough), out: written.
 * OAEP decryption with bad padding: -EBADMSG; PKCS#1 v1.5 decryption
 * never fails on padding (implicit rejection: a synthetic message). */
int ncr_pk_encrypt(int ctx, uint32_t alg, uint32_t key,
		   const struct ncr_pk_params *p, const void *in,
		   size_t in_len, void *out, size_t *out_len);
int ncr_pk_decrypt(int ctx, uint32_t alg, uint32_t key,
		   const struct ncr_pk_params *p, const void *in,
		   size_t in_len, void *out, size_t *out_len);

/* ------------------------------------------------------------------ */
/* many operations per system call (ABI version 4)                     */
/* ------------------------------------------------------------------ */

/*
 * A batch (NCRIO_BATCH): operations added one by one, run with one
 * system call, each with its own result.  The buffers an operation names
 * must stay valid until ncr_batch_run returns; the batch may be run again
 * (same operations, e.g. new data in the same buffers: the in/out lengths
 * are restored before each run) or reset.  Not thread safe: one batch,
 * one thread at a time.
 *
 * ncr_batch_new: capacity 1..NCR_BATCH_MAX_OPS (NULL otherwise or out of
 * memory).  The add functions return the operation's index (>= 0), or
 * -ENOSPC when the batch is full (NCR_BATCH_MAX_BYTES of input + AAD
 * counts too), -E2BIG for one operation above NCR_BATCH_MAX_BYTES alone,
 * -EINVAL for arguments libncr can see are wrong.  struct ncr_batch_ctx
 * is opaque: only ncr_batch_new makes one; ncr_batch_arg gives the
 * NCRIO_BATCH argument (struct ncr_batch, ncr.h) inside it, for callers
 * that submit it themselves.  Arguments as for the
 * one-shot helpers above:
 *   cipher: unpadded cipher (ncr_cipher); *out_len after the run via
 *           ncr_batch_result.
 *   aead:   encrypt (tag written, tag_len its length) or decrypt (tag the
 *           expected tag).
 *   digest, mac: out_cap the capacity of out (the full length is
 *           written); mac_size as NCRIO_SESSION_ONCE's (0: full).
 *   mac_verify: mac_size 0 for a full-length MAC; the result is
 *           NCR_VERIFY_OK/FAILED in ncr_batch_result's verify.
 *   once:   any NCRIO_SESSION_ONCE (o->size may be 0: filled in); copied.
 *   update, final: on a session handle (NCRIO_SESSION_UPDATE/FINAL).
 * ncr_batch_run: flags NCR_BATCH_FLAG_*; returns the number of failed
 * operations (>= 0; with STOP_ON_ERROR the run stops after the first) or
 * a negative errno for the batch itself (then no operation ran, except
 * -EINTR: ncr_batch_done says how many did).  An empty batch runs
 * without a system call (0).  Each operation's capacities (output_size,
 * tag_size) are those it had at its first run, restored before each
 * later one.
 * ncr_batch_result: the operation's 0 or -errno (-ENOENT... as its
 * ioctl; -ECANCELED if it did not run), and when non-NULL its output and
 * tag lengths and verify result.
 */
struct ncr_batch_ctx;
struct ncr_batch_ctx *ncr_batch_new(size_t capacity);
struct ncr_batch *ncr_batch_arg(struct ncr_batch_ctx *b);
void ncr_batch_free(struct ncr_batch_ctx *b);
void ncr_batch_reset(struct ncr_batch_ctx *b);
size_t ncr_batch_count(const struct ncr_batch_ctx *b);
size_t ncr_batch_done(const struct ncr_batch_ctx *b);
int ncr_batch_add_cipher(struct ncr_batch_ctx *b, uint32_t alg, uint32_t op,
			 uint32_t key, const void *iv, size_t iv_len,
			 const void *in, size_t in_len, void *out,
			 size_t out_cap);
int ncr_batch_add_aead(struct ncr_batch_ctx *b, uint32_t alg, uint32_t op,
		       uint32_t key, const void *iv, size_t iv_len,
		       const void *aad, size_t aad_len, const void *in,
		       size_t in_len, void *out, void *tag, size_t tag_len);
int ncr_batch_add_digest(struct ncr_batch_ctx *b, uint32_t alg, const void *in,
			 size_t in_len, void *out, size_t out_cap);
int ncr_batch_add_mac(struct ncr_batch_ctx *b, uint32_t alg, uint32_t key,
		      size_t mac_size, const void *in, size_t in_len,
		      void *out, size_t out_cap);
int ncr_batch_add_mac_verify(struct ncr_batch_ctx *b, uint32_t alg, uint32_t key,
			     size_t mac_size, const void *in, size_t in_len,
			     const void *mac, size_t mac_len);
int ncr_batch_add_once(struct ncr_batch_ctx *b, const struct ncr_session_once *o);
int ncr_batch_add_update(struct ncr_batch_ctx *b, uint32_t ses, const void *in,
			 size_t in_len, void *out, size_t out_cap);
int ncr_batch_add_final(struct ncr_batch_ctx *b, uint32_t ses, const void *in,
			size_t in_len, void *out, size_t out_cap, void *tag,
			size_t tag_cap);
/* Session flags (NCR_SESSION_FLAG_HARDWARE) for ONCE operations added
 * from now on (default 0). */
void ncr_batch_set_session_flags(struct ncr_batch_ctx *b, uint32_t flags);
int ncr_batch_run(int ctx, struct ncr_batch_ctx *b, uint32_t flags);
int ncr_batch_result(const struct ncr_batch_ctx *b, size_t i, size_t *out_len,
		     size_t *tag_len, uint32_t *verify);
/* The raw elements (ncr_batch_count of them), for callers that fill or
 * read NCRIO_BATCH's structures themselves. */
struct ncr_batch_op *ncr_batch_ops(struct ncr_batch_ctx *b);

/*
 * io_uring (IORING_OP_URING_CMD on ctx; see IO_URING in ncr.h).  These
 * fill an SQE the caller got from its ring (liburing's io_uring_get_sqe,
 * or its own); the caller sets sqe->user_data and submits.  o, b and every
 * buffer they name must stay valid until the CQE; the CQE's res is the
 * ioctl's result.  For a batch, ncr_batch_prepare first (after the adds,
 * before each submission) and ncr_batch_complete(b, cqe->res) after the
 * CQE, then ncr_batch_result as after ncr_batch_run.  libncr itself does
 * not need liburing.
 */
struct io_uring_sqe;
void ncr_uring_prep_once(struct io_uring_sqe *sqe, int ctx,
			 struct ncr_session_once *o);
int ncr_batch_prepare(struct ncr_batch_ctx *b, uint32_t flags);
void ncr_uring_prep_batch(struct io_uring_sqe *sqe, int ctx,
			  struct ncr_batch_ctx *b);
int ncr_batch_complete(struct ncr_batch_ctx *b, int res);

/* ---- padding (no device needed) ----
 * Checks the PKCS#7 padding of the last decrypted block (bs bytes, 1..255)
 * in constant time.  Returns 0 and sets *padlen to the number of padding
 * bytes (1..bs), or -EBADMSG and sets *padlen to 0; -EINVAL for a bad bs.
 * For callers that decrypt CBC in a stream with sessions. */
int ncr_pkcs7_unpad_len(const uint8_t *last_block, size_t bs,
			size_t *padlen);

#ifdef __cplusplus
}
#endif
#endif /* LIBNCR_H */
