/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * cryptodev.h - the BSD /dev/crypto ABI (as cryptodev-linux 1.14 defines
 * it) served by ncr.ko on the same device as the NCR ioctls (ncr.h).
 * Installed as <crypto/cryptodev.h>, where cryptodev clients look for it:
 * OpenSSL's devcrypto engine, GnuTLS, cryptodev-linux's own tests and
 * vendor SDKs build against it unchanged.  Numbers, layouts and constants
 * are byte for byte those of cryptodev-linux 1.14 on x86_64 and i386; the
 * text is ncr's own.
 *
 * OVERVIEW
 *
 * open("/dev/crypto", O_RDWR) gives a descriptor that takes both ABIs.  A
 * BSD session (CIOCGSESSION) is an algorithm, or a cipher and a MAC, with
 * its keys, named by a random non-zero __u32 id that is valid only on the
 * open file description that made it (shared by fork, dup and SCM_RIGHTS,
 * like NCR handles; the last close frees every session).  CIOCCRYPT runs
 * the cipher and/or the hash over a buffer; CIOCAUTHCRYPT runs AEAD (GCM,
 * CCM) and the TLS and SRTP compositions of a cipher and an HMAC; CIOCKEY
 * does big-number operations.  The key bytes given to CIOCGSESSION are
 * copied into the kernel and never returned.  BSD sessions count against
 * the same per-namespace and per-user limits as NCR objects, obey the
 * same algorithm allowlist, and appear in the audit trail and NCRIO_INFO.
 *
 * Kernel-held keys (ncr extension): a session may take its key from an NCR
 * key object of the same descriptor instead of bytes.  Set
 * CRYPTODEV_NCR_KEY in cipher (or mac), point key (or mackey) at a __u32
 * key handle and set keylen (mackeylen) to 4.  The key's usage must allow
 * the operation (ENCRYPT for COP_ENCRYPT, DECRYPT for COP_DECRYPT, SIGN for
 * a MAC) and its algorithm set the algorithm, checked on every operation,
 * so a later NCRIO_KEY_RESTRICT takes effect at once.
 *
 * Drivers: a session's cipher and hash run on the crypto API's choice for
 * the algorithm (its highest-priority driver), as with cryptodev-linux.
 * CRYPTODEV_NCR_HW in cipher (or mac) asks for a hardware-backed driver
 * (the ones NCRIO_ALG_INFO lists for the algorithm, e.g. virtio-crypto)
 * and fails with EOPNOTSUPP if the kernel has none; the module parameter
 * bsd_hardware=1 makes every BSD session prefer one, falling back to the
 * crypto API's choice, so unchanged clients reach an accelerator that a
 * faster CPU driver would otherwise outrank.  CIOCGSESSINFO tells which
 * driver a session got.
 *
 * LAYOUTS
 *
 * Unlike ncr.h these structures hold real pointers and have implicit
 * padding: they are the historical ABI.  A 32-bit process on a 64-bit
 * kernel uses the i386 layouts (sizes below), which the kernel converts
 * (compat_ioctl) for every ioctl, CIOCAUTHCRYPT and CIOCKEY included.  The
 * ioctl numbers encode the sizes, so a caller compiled with another layout
 * gets ENOTTY.  Padding bytes are ignored on input.
 *
 * IOCTLS (type 'c'; values for x86_64)
 *
 * CRIOGET  _IOWR('c', 101, __u32)                              0xc0046365
 *	Historical: returns in *arg a new descriptor for the same device
 *	(a new, empty namespace), close-on-exec set (O_CLOEXEC) as a
 *	descriptor made by open(O_CLOEXEC) would be.  Not needed
 *	(CRIOGET_NOT_NEEDED): the descriptor of open() serves every ioctl.
 *	Errors: EFAULT, EMFILE, ENOMEM, EDQUOT.
 *
 * CIOCGSESSION  _IOWR('c', 102, struct session_op)  48 / 28    0xc0306366
 *	Makes a session.  In: cipher and/or mac (at least one non-zero; a
 *	CRYPTO_* id), keylen/key for the cipher, mackeylen/mackey for an
 *	HMAC (plain hashes take none).  Out: ses.  AES-GCM and AES-CCM are
 *	ciphers (their tag comes from CIOCAUTHCRYPT).  With both a block
 *	cipher and an HMAC the session serves CIOCCRYPT (hash and cipher
 *	together) and CIOCAUTHCRYPT TLS mode; with a stream cipher (AES-CTR)
 *	and an HMAC also SRTP mode.
 *	Errors: EINVAL (neither algorithm, an id not defined below, two
 *	ciphers, a cipher given as mac or the reverse, a key length the
 *	algorithm does not take, keylen above CRYPTO_CIPHER_MAX_KEY_LEN or
 *	mackeylen above CRYPTO_HMAC_MAX_KEY_LEN, a key on a plain hash, a
 *	degenerate 3DES key, CRYPTODEV_NCR_* bits without an id); EOPNOTSUPP
 *	(an id defined below that this kernel cannot serve or the module's
 *	allowlist refuses: see SUPPORTED ALGORITHMS; CRYPTODEV_NCR_HW and no
 *	hardware driver for it); EFAULT; ENOENT (CRYPTODEV_NCR_KEY: no such key handle);
 *	EINVAL also for a CRYPTODEV_NCR_KEY key of another type; EPERM
 *	(CRYPTODEV_NCR_KEY: the key's algorithm set lacks the algorithm, or
 *	its usage allows none of the session's operations); EDQUOT (limits);
 *	ENOMEM.
 *
 * CIOCFSESSION  _IOW('c', 103, __u32)                          0x40046367
 *	Frees the session *arg.  An operation running on it in another
 *	thread finishes first.  Errors: ENOENT (no such session), EFAULT.
 *
 * CIOCCRYPT  _IOWR('c', 104, struct crypt_op)       48 / 28    0xc0306368
 *	Runs the session's cipher and/or hash over len bytes at src.
 *	- Cipher: the output (len bytes) goes to dst, which may equal src
 *	  (in place) but must not otherwise overlap it.  len must be a
 *	  multiple of the block size (1 for CTR); AES-XTS takes any len >=
 *	  16 (ciphertext stealing for a partial last block).
 *	  iv non-NULL: the IV (the algorithm's IV size) is read from it;
 *	  NULL: the session's IV is used, which is the last operation's
 *	  chained IV (last ciphertext block for CBC, next counter for CTR) or
 *	  zeros at first.  COP_FLAG_WRITE_IV: that next IV is written back to
 *	  iv (which must then be non-NULL).
 *	- Hash or HMAC: the digest goes to mac (the digest size bytes).  The
 *	  hash covers the plaintext: encrypt hashes src then encrypts, decrypt
 *	  decrypts then hashes dst.  State rules, as the original:
 *	  flags == 0 or COP_FLAG_RESET starts a new message;
 *	  COP_FLAG_UPDATE adds len bytes and keeps the state (no output);
 *	  COP_FLAG_FINAL, or no COP_FLAG_UPDATE, or len == 0, finishes the
 *	  message and writes the digest to mac; the state then starts over.
 *	- op is COP_ENCRYPT or COP_DECRYPT (ignored by a hash-only session).
 *	- A failure drops the hash message in progress.
 *	- COP_FLAG_NO_ZC: the data go through a kernel bounce buffer instead
 *	  of pinned pages (the result is the same).
 *	Errors: ENOENT (no such session), EINVAL (unknown op or flags, len
 *	not a multiple of the block size, AES-XTS len below 16, WRITE_IV
 *	without iv, an AES-GCM/CCM session, dst overlapping src other than
 *	in place, AEAD flags), EFAULT, EPERM (a kernel-held key's usage or
 *	algorithm set refuses op), ENOMEM, EDQUOT (AES-XTS: more than the
 *	buffered-bytes limit), EINTR (a fatal signal), EIO (the driver
 *	failed).
 *
 * CIOCKEY  _IOWR('c', 105, struct crypt_kop)        144 / 80   0xc0906369
 *	Big-number operations on the module's constant-time core.  crk_op is
 *	a CRK_* value; crk_param[] holds crk_iparams inputs, then crk_oparams
 *	outputs, each crp_nbits bits of little-endian bytes at crp_p (byte 0
 *	the least significant, as the BSDs and OpenSSL's cryptodev engine
 *	have them; bits above crp_nbits in the top byte are ignored).  Inputs
 *	are at most CRK_MAX_BITS bits.  An output is written as
 *	ceil(crp_nbits / 8) bytes, zero-padded: the result's own length is
 *	the modulus's (p + q bytes for the CRT, q's for r and s), and a
 *	shorter buffer is enough only when the bytes it lacks are zero.
 *	  CRK_MOD_EXP        in: base, exponent, modulus   out: result
 *	  CRK_MOD_EXP_CRT    in: p, q, input, dp, dq, qinv out: result
 *	  CRK_DSA_SIGN       in: digest, p, q, g, x        out: r, s
 *	  CRK_DSA_VERIFY     in: digest, p, q, g, y, r, s  (no output)
 *	  CRK_DH_COMPUTE_KEY in: private x, public y, p    out: y^x mod p
 *	Exponents (and x, p, q, dp, dq, qinv) are treated as secret: the time
 *	depends on operand lengths only.  Moduli must be odd.  DSA takes the
 *	(L, N) sizes (2048, 224), (2048, 256), (3072, 256), and (1024, 160)
 *	for verification, with structurally valid p, q, g (q | p - 1,
 *	g^q = 1); signatures use RFC 6979 nonces (SHA-256, hedged with fresh
 *	randomness); the digest's leftmost N bits are signed.
 *	crk_status: 0 on success; for CRK_DSA_VERIFY 1 if the signature
 *	verifies and 0 if not (the ioctl itself returns 0 for both).
 *	Errors: EINVAL (unknown crk_op, parameter counts other than above,
 *	an input above CRK_MAX_BITS, an empty or even modulus, DSA sizes or
 *	parameters refused, x outside [1, q - 1]), ENOSPC (an output buffer
 *	too small for the result), EFAULT, ENOMEM, EDQUOT, EINTR (a fatal
 *	signal stopped a long computation).
 *
 * CIOCASYMFEAT  _IOR('c', 106, __u32)                          0x8004636a
 *	*arg = the CRF_* bits of the CIOCKEY operations served: all five.
 *
 * CIOCGSESSINFO  _IOWR('c', 107, struct session_info_op)  268  0xc10c636b
 *	In: ses.  Out: the crypto API's cra_name and cra_driver_name of the
 *	cipher and of the hash (empty for an absent one), alignmask (the
 *	larger of the two) and flags: SIOP_FLAG_KERNEL_DRIVER_ONLY if either
 *	is served by a hardware driver (CRYPTO_ALG_KERN_DRIVER_ONLY, e.g.
 *	virtio-crypto).  Errors: ENOENT, EFAULT.
 *
 * CIOCAUTHCRYPT  _IOWR('c', 109, struct crypt_auth_op)  72 / 44  0xc048636d
 *	Authenticated encryption; len is written back with the output length.
 *	- Plain AEAD (flags without TLS/SRTP; AES-GCM or AES-CCM session):
 *	  iv/iv_len the nonce (GCM: 12 bytes; CCM: 7..13), auth_src/auth_len
 *	  the associated data, src/len the
 *	  input.  Encrypt writes len + tag_len bytes to dst (ciphertext, then
 *	  tag); decrypt reads len bytes (ciphertext then tag, so len includes
 *	  the tag) and writes len - tag_len.  tag_len 0 means 16; GCM takes
 *	  4, 8, 12..16, CCM 4..16 even.  tag is not used.
 *	  The message and its associated data are gathered in the kernel
 *	  (bounded by the module's buffered-bytes limit: EDQUOT beyond).
 *	- TLS (COP_FLAG_AEAD_TLS_TYPE; an AES-CBC or 3DES-CBC cipher with an
 *	  HMAC in one session): tag_len is the MAC length (0: the HMAC's
 *	  size; at least 10).  Encrypt computes HMAC(auth_src || src),
 *	  appends its first tag_len bytes and the minimal TLS padding (1 to
 *	  block size bytes, each holding the padding length minus one), and
 *	  CBC-encrypts the whole into dst: len + tag_len + that padding
 *	  bytes, at most len + tag_len + block size, written back to len.
 *	  Decrypt takes a record of len bytes (a multiple of the block size,
 *	  room for the tag and a padding byte), decrypts it in the kernel,
 *	  accepts any valid padding (up to 256 bytes), checks padding and MAC
 *	  over auth_src || plaintext without branching on either (one
 *	  error, EBADMSG, for both; the time does not depend on the padding
 *	  length to within a hash block's copy), and only then writes the
 *	  plaintext to dst and its length to len.  auth_src is the TLS
 *	  pseudo-header as the caller builds it (auth_len any length,
 *	  including 0).  iv: as CIOCCRYPT (the block size read when
 *	  non-NULL, iv_len ignored as in the original; NULL continues the
 *	  session's chained IV, as TLS 1.0 does).  dst may be src (in
 *	  place, as clients do) or any buffer: the record is gathered in the
 *	  kernel before anything is written (EDQUOT beyond the module's
 *	  buffered-bytes limit).
 *	- SRTP (COP_FLAG_AEAD_SRTP_TYPE; AES-CTR with an HMAC): the packet
 *	  auth_src[0..auth_len) holds the payload src[0..len), which is
 *	  en/decrypted in place (dst == src); tag (tag_len bytes: 0 means
 *	  the HMAC's size, at least 4 for the 32-bit SRTP profiles) is the
 *	  HMAC of the whole region after encryption.  Encrypt encrypts, then
 *	  writes the tag; decrypt checks the tag first (constant time) and
 *	  decrypts only if it matches.  len is unchanged.
 *	- TLS and SRTP use the session's HMAC state: a CIOCCRYPT hash message
 *	  in progress on the session is dropped.  A kernel-held MAC key
 *	  (CRYPTODEV_NCR_KEY) needs SIGN usage to encrypt and VERIFY to
 *	  decrypt.
 *	Errors: EBADMSG (tag, MAC or padding wrong: nothing of the plaintext
 *	is written), ENOENT, EINVAL (a session that is not of the mode's
 *	kind, unknown flags or op, both TLS and SRTP, a bad nonce or tag
 *	length, decrypt len below the tag length, a TLS record not a whole
 *	number of blocks or too short, SRTP's payload outside its region or
 *	dst != src), EFAULT, EPERM, ENOMEM, EDQUOT, EINTR, EIO.
 *
 * CIOCASYNCCRYPT  _IOW('c', 110, struct crypt_op)   48 / 28    0x4030636e
 * CIOCASYNCFETCH  _IOR('c', 111, struct crypt_op)   48 / 28    0x8030636f
 *	Asynchronous CIOCCRYPT.  ASYNCCRYPT queues a request and returns at
 *	once: a cipher-only session's request (not AES-XTS) has its input
 *	copied in and goes to the driver, so many are in flight at once on
 *	an asynchronous driver; any other (a hash, AES-XTS) runs at once as
 *	CIOCCRYPT and is queued finished.  len is at most
 *	CRYPTODEV_ASYNC_MAX_LEN (E2BIG).  iv NULL means the session's IV at
 *	submission; async requests do not advance the session's IV.
 *	ASYNCFETCH returns the requests in submission order: the oldest,
 *	once finished (EBUSY before, and when none is queued), its crypt_op
 *	written back and its output copied to its dst (and the next IV to
 *	iv with COP_FLAG_WRITE_IV) at that moment, so dst must stay valid
 *	until then.  A request that failed is returned too, the ioctl
 *	failing with its errno.  At most CRYPTODEV_ASYNC_MAX requests are
 *	queued per descriptor (EBUSY beyond).  poll(): POLLIN when the
 *	oldest request has finished, POLLOUT when one more can be queued.
 *	Closing the descriptor waits for the requests in flight and drops
 *	them.
 *	Errors: as CIOCCRYPT; EBUSY; E2BIG; EINVAL (flags other than
 *	COP_FLAG_WRITE_IV on ASYNCCRYPT).
 *
 * CIOCCPHASH  _IOW('c', 112, struct cphash_op)                 0x40086370
 *	Copies the hash state of session src_ses to dst_ses (both of this
 *	descriptor, both with the same hash or HMAC, and HMAC keys equal).
 *	Errors: ENOENT (either session unknown), EDEADLK (dst_ses ==
 *	src_ses), EINVAL (a session without a hash, or different hashes or
 *	keys).  Two threads copying in opposite directions cannot deadlock.
 *
 * SUPPORTED ALGORITHMS
 *
 * Served (ncr's allowlist): CRYPTO_3DES_CBC, CRYPTO_AES_CBC,
 * CRYPTO_AES_CTR, CRYPTO_AES_XTS, CRYPTO_AES_ECB, CRYPTO_AES_GCM,
 * CRYPTO_AES_CCM, CRYPTO_MD5, CRYPTO_SHA1, CRYPTO_SHA2_224/256/384/512,
 * CRYPTO_SHA1_HMAC and CRYPTO_SHA2_224/256/384/512_HMAC.  EOPNOTSUPP for
 * the other defined ids: DES (56-bit key), Blowfish, CAST, Skipjack, ARC4,
 * the KPDK MACs and compression (broken or not ciphers), CRYPTO_NULL (no
 * protection at all), AES-CFB/OFB, Camellia, MD5-HMAC and RIPEMD-160 (not
 * in ncr's allowlist), the vendor TLS1.x templates (not in mainline
 * Linux).  EINVAL for ids cryptodev.h does not define.
 */
#ifndef _UAPI_CRYPTO_CRYPTODEV_H
#define _UAPI_CRYPTO_CRYPTODEV_H

#include <linux/types.h>
#include <linux/ioctl.h>

#ifdef __KERNEL__
#define __cdev_user __user
#else
#define __cdev_user
#endif

/* Longest keys CIOCGSESSION takes. */
#define CRYPTO_HMAC_MAX_KEY_LEN		512
#define CRYPTO_CIPHER_MAX_KEY_LEN	64

/* Algorithm ids (session_op.cipher / .mac). */
enum cryptodev_crypto_op_t {
	CRYPTO_DES_CBC = 1,
	CRYPTO_3DES_CBC = 2,
	CRYPTO_BLF_CBC = 3,
	CRYPTO_CAST_CBC = 4,
	CRYPTO_SKIPJACK_CBC = 5,
	CRYPTO_MD5_HMAC = 6,
	CRYPTO_SHA1_HMAC = 7,
	CRYPTO_RIPEMD160_HMAC = 8,
	CRYPTO_MD5_KPDK = 9,
	CRYPTO_SHA1_KPDK = 10,
	CRYPTO_RIJNDAEL128_CBC = 11,
	CRYPTO_AES_CBC = 11,
	CRYPTO_ARC4 = 12,
	CRYPTO_MD5 = 13,
	CRYPTO_SHA1 = 14,
	CRYPTO_DEFLATE_COMP = 15,
	CRYPTO_NULL = 16,
	CRYPTO_LZS_COMP = 17,
	CRYPTO_SHA2_256_HMAC = 18,
	CRYPTO_SHA2_384_HMAC = 19,
	CRYPTO_SHA2_512_HMAC = 20,
	CRYPTO_AES_CTR = 21,
	CRYPTO_AES_XTS = 22,
	CRYPTO_AES_ECB = 23,
	CRYPTO_AES_CFB = 24,
	CRYPTO_AES_OFB = 25,
	CRYPTO_AES_GCM = 50,
	CRYPTO_AES_CCM = 51,
	CRYPTO_CAMELLIA_CBC = 101,
	CRYPTO_RIPEMD160 = 102,
	CRYPTO_SHA2_224 = 103,
	CRYPTO_SHA2_256 = 104,
	CRYPTO_SHA2_384 = 105,
	CRYPTO_SHA2_512 = 106,
	CRYPTO_SHA2_224_HMAC = 107,
	CRYPTO_TLS11_AES_CBC_HMAC_SHA1 = 108,
	CRYPTO_TLS12_AES_CBC_HMAC_SHA256 = 109,
	CRYPTO_ALGORITHM_ALL = 110,
};
#define CRYPTO_ALGORITHM_MAX	(CRYPTO_ALGORITHM_ALL - 1)

/*
 * ncr extension: in session_op.cipher or .mac, the key is an NCR key
 * handle of this descriptor (key points to a __u32, keylen 4).
 */
#define CRYPTODEV_NCR_KEY	0x80000000u
/*
 * ncr extension: in session_op.cipher or .mac, that part must run on a
 * hardware-backed driver (EOPNOTSUPP if the kernel has none for it).
 */
#define CRYPTODEV_NCR_HW	0x40000000u

/* Block sizes. */
#define DES_BLOCK_LEN		8
#define DES3_BLOCK_LEN		8
#define RIJNDAEL128_BLOCK_LEN	16
#define AES_BLOCK_LEN		16
#define CAMELLIA_BLOCK_LEN	16
#define BLOWFISH_BLOCK_LEN	8
#define SKIPJACK_BLOCK_LEN	8
#define CAST128_BLOCK_LEN	8
#define EALG_MAX_BLOCK_LEN	16	/* also the largest IV */

#define AALG_MAX_RESULT_LEN	64	/* the largest digest */
#define HASH_MAX_LEN		64
#define CRYPTODEV_MAX_ALG_NAME	64

/* CIOCGSESSION */
struct session_op {
	__u32 cipher;		/* CRYPTO_* id or 0 (| CRYPTODEV_NCR_*) */
	__u32 mac;		/* CRYPTO_* id or 0 (| CRYPTODEV_NCR_*) */
	__u32 keylen;
	__u8 __cdev_user *key;
	__u32 mackeylen;
	__u8 __cdev_user *mackey;
	__u32 ses;		/* out: the session id */
};

/* CIOCGSESSINFO */
struct session_info_op {
	__u32 ses;
	struct alg_info {
		char cra_name[CRYPTODEV_MAX_ALG_NAME];
		char cra_driver_name[CRYPTODEV_MAX_ALG_NAME];
	} cipher_info, hash_info;	/* out */
	__u16 alignmask;		/* out */
	__u32 flags;			/* out: SIOP_FLAG_* */
};
/* One of the session's algorithms runs on a hardware driver. */
#define SIOP_FLAG_KERNEL_DRIVER_ONLY	1

/* crypt_op.op, crypt_auth_op.op */
#define COP_ENCRYPT	0
#define COP_DECRYPT	1

/* CIOCCRYPT, CIOCASYNCCRYPT, CIOCASYNCFETCH */
struct crypt_op {
	__u32 ses;
	__u16 op;		/* COP_ENCRYPT or COP_DECRYPT */
	__u16 flags;		/* COP_FLAG_* */
	__u32 len;
	__u8 __cdev_user *src;
	__u8 __cdev_user *dst;
	__u8 __cdev_user *mac;	/* the digest, for a session with a hash */
	__u8 __cdev_user *iv;	/* NULL: the session's chained IV */
};

/* CIOCAUTHCRYPT */
struct crypt_auth_op {
	__u32 ses;
	__u16 op;		/* COP_ENCRYPT or COP_DECRYPT */
	__u16 flags;		/* 0, COP_FLAG_AEAD_TLS_TYPE or _SRTP_TYPE */
	__u32 len;		/* in: input length; out: output length */
	__u32 auth_len;
	__u8 __cdev_user *auth_src;
	__u8 __cdev_user *src;
	__u8 __cdev_user *dst;
	__u8 __cdev_user *tag;	/* SRTP only */
	__u32 tag_len;		/* 0: the default */
	__u8 __cdev_user *iv;
	__u32 iv_len;
};

/* crypt_op.flags, crypt_auth_op.flags */
#define COP_FLAG_NONE		0x00
#define COP_FLAG_UPDATE		0x01	/* hash: add data, keep the state */
#define COP_FLAG_FINAL		0x02	/* hash: finish, write the digest */
#define COP_FLAG_WRITE_IV	0x04	/* write the next IV back to iv */
#define COP_FLAG_NO_ZC		0x08	/* bounce buffer, no pinned pages */
#define COP_FLAG_AEAD_TLS_TYPE	0x10	/* CIOCAUTHCRYPT: TLS MAC-then-encrypt */
#define COP_FLAG_AEAD_SRTP_TYPE	0x20	/* CIOCAUTHCRYPT: SRTP */
#define COP_FLAG_RESET		0x40	/* hash: start a new message */

/* CIOCKEY */
#define CRYPTO_ALG_FLAG_SUPPORTED	1
#define CRYPTO_ALG_FLAG_RNG_ENABLE	2
#define CRYPTO_ALG_FLAG_DSA_SHA		4

struct crparam {
	__u8 __cdev_user *crp_p;	/* little-endian bytes */
	__u32 crp_nbits;
};

#define CRK_MAXPARAM	8
/* Largest operand of CIOCKEY, in bits (ncr's limit). */
#define CRK_MAX_BITS	8192

struct crypt_kop {
	__u32 crk_op;		/* CRK_* */
	__u32 crk_status;	/* out */
	__u16 crk_iparams;
	__u16 crk_oparams;
	__u32 crk_pad1;
	struct crparam crk_param[CRK_MAXPARAM];
};

enum cryptodev_crk_op_t {
	CRK_MOD_EXP = 0,
	CRK_MOD_EXP_CRT = 1,
	CRK_DSA_SIGN = 2,
	CRK_DSA_VERIFY = 3,
	CRK_DH_COMPUTE_KEY = 4,
	CRK_ALGORITHM_ALL = 5,
};
#define CRK_ALGORITHM_MAX	(CRK_ALGORITHM_ALL - 1)

/* CIOCASYMFEAT bits */
#define CRF_MOD_EXP		(1 << CRK_MOD_EXP)
#define CRF_MOD_EXP_CRT		(1 << CRK_MOD_EXP_CRT)
#define CRF_DSA_SIGN		(1 << CRK_DSA_SIGN)
#define CRF_DSA_VERIFY		(1 << CRK_DSA_VERIFY)
#define CRF_DH_COMPUTE_KEY	(1 << CRK_DH_COMPUTE_KEY)

/* CIOCCPHASH */
struct cphash_op {
	__u32 dst_ses;
	__u32 src_ses;
};

/* Requests queued per descriptor, and the longest (CIOCASYNCCRYPT). */
#define CRYPTODEV_ASYNC_MAX	64
#define CRYPTODEV_ASYNC_MAX_LEN	65536

#define CRIOGET		_IOWR('c', 101, __u32)
#define CRIOGET_NOT_NEEDED	1
#define CIOCGSESSION	_IOWR('c', 102, struct session_op)
#define CIOCFSESSION	_IOW('c', 103, __u32)
#define CIOCCRYPT	_IOWR('c', 104, struct crypt_op)
#define CIOCKEY		_IOWR('c', 105, struct crypt_kop)
#define CIOCASYMFEAT	_IOR('c', 106, __u32)
#define CIOCGSESSINFO	_IOWR('c', 107, struct session_info_op)
#define CIOCAUTHCRYPT	_IOWR('c', 109, struct crypt_auth_op)
#define CIOCASYNCCRYPT	_IOW('c', 110, struct crypt_op)
#define CIOCASYNCFETCH	_IOR('c', 111, struct crypt_op)
#define CIOCCPHASH	_IOW('c', 112, struct cphash_op)

#endif /* _UAPI_CRYPTO_CRYPTODEV_H */
