// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * failnth - systematic fault injection over the NCR ioctls (the technique
 * syzkaller calls fail-nth).  Runs on the debug kernel (tests/vm-debug.sh),
 * as root; skipped where /proc/thread-self/fail-nth does not exist.
 *
 * For each step of a representative sequence (generate, import, export,
 * info, restrict, one-shot cipher/AEAD/digest/MAC, a session's
 * init/update/final, storage wrap/unwrap, key wrap/unwrap, pair
 * generation, derive, sign, verify; RSA import, PSS sign and OAEP decrypt;
 * DH pair and derive; storage of a public-key object; a forged 8 KiB blob;
 * NCRIO_KEY_TRUST; NCRIO_INFO; and the BSD ABI: CIOCGSESSION with bytes
 * and with an NCR handle, CIOCCRYPT (bounce buffer, zero copy, XTS),
 * CIOCAUTHCRYPT, CIOCCPHASH, CIOCGSESSINFO, CIOCFSESSION, CRIOGET,
 * CIOCASYNCCRYPT, CIOCASYNCFETCH and CIOCKEY mod exp and DSA; and
 * NCRIO_BATCH, mixed and on the asynchronous driver), the
 * step's ioctl is run
 * again and again with the n-th fault-injection point of the calling task
 * failing, n = 1, 2, ... (failslab, fail_page_alloc and fail_usercopy,
 * all armed for sleeping allocations too), until a run reaches no n-th
 * point.  Every run must
 *   - return 0 or a documented errno of a failed allocation or copy
 *     (ENOMEM, EFAULT; EDQUOT is not expected here), or the step's own
 *     result (the forged blob: EBADMSG);
 *   - leave no object behind: the live key and session counters are back
 *     to their value before the step once its own objects are released;
 *   - leave the namespace usable: an AES-GCM one-shot still works.
 * Each step prints one TAP line with the number of injection points it
 * went through; the last line counts them all.  kmemleak (tests/vm-debug.sh)
 * then checks that nothing leaked.
 *
 * NCR_FAILNTH_MAX bounds n per step (default 2000).  NCR_FAILNTH_SETUP_ONLY=1
 * runs the setup and each step once, unarmed, on any kernel (make check
 * does, so that a step broken by a change is seen without the debug bed).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include "failnth.h"

#define FAILNTH "/proc/thread-self/fail-nth"

int fd;


/* ---- arming ---- */
static int arm(unsigned int n)
{
	char buf[16];
	int f = open(FAILNTH, O_WRONLY), len, r;

	if (f < 0)
		return -errno;
	len = snprintf(buf, sizeof(buf), "%u", n);
	r = write(f, buf, len) == len ? 0 : -errno;
	close(f);
	return r;
}

/* Disarms; returns 1 if the armed fault was injected, 0 if not. */
static int disarm(void)
{
	char buf[16] = "";
	int f = open(FAILNTH, O_RDWR), injected;

	if (f < 0)
		return 0;
	if (read(f, buf, sizeof(buf) - 1) < 0)
		buf[0] = '1';
	injected = atoi(buf) == 0;
	if (write(f, "0", 1) < 0) {
		/* nothing to do: the next arm() overwrites it */
	}
	close(f);
	return injected;
}

static int debugfs_set(const char *path, const char *val)
{
	int f = open(path, O_WRONLY), r;

	if (f < 0)
		return -errno;
	r = write(f, val, strlen(val)) == (ssize_t)strlen(val) ? 0 : -errno;
	close(f);
	return r;
}

/* Lets fail-nth fail sleeping allocations and order-0 pages too. */
static int setup_debugfs(void)
{
	static const char *const sets[][2] = {
		{ "/sys/kernel/debug/failslab/ignore-gfp-wait", "N" },
		{ "/sys/kernel/debug/fail_page_alloc/ignore-gfp-wait", "N" },
		{ "/sys/kernel/debug/fail_page_alloc/ignore-gfp-highmem", "N" },
		{ "/sys/kernel/debug/fail_page_alloc/min-order", "0" },
		{ "/sys/kernel/debug/failslab/verbose", "0" },
		{ "/sys/kernel/debug/fail_page_alloc/verbose", "0" },
		{ "/sys/kernel/debug/fail_usercopy/verbose", "0" },
	};
	size_t i;
	int r;

	for (i = 0; i < ARRAY_SIZE(sets); i++) {
		r = debugfs_set(sets[i][0], sets[i][1]);
		if (r) {
			tap_diag("%s: %s", sets[i][0], errname(r));
			return r;
		}
	}
	return 0;
}

/* ---- one-shot helpers (raw ioctls, 0 or -errno) ---- */
static int once(uint32_t alg, uint32_t op, uint32_t key, const void *iv,
		size_t iv_len, const void *in, size_t len, void *out,
		size_t out_len, void *tag, size_t tag_len)
{
	struct ncr_session_once o = {
		.size = sizeof(o), .algorithm = alg, .op = op, .key = key,
		.iv_size = iv_len, .iv = PTR64(iv),
		.input = PTR64(in), .input_size = len,
		.output = PTR64(out), .output_size = out_len,
		.tag = PTR64(tag), .tag_size = tag_len,
	};

	return xioctl(fd, NCRIO_SESSION_ONCE, &o);
}

uint8_t in[8192], out[8192 + 64], iv[16], tag[128];

static int gcm_once(uint32_t key)
{
	return once(NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, key, iv, 12, in, 64, out,
		    sizeof(out), tag, 16);
}

/* ---- the steps ---- */
static void del_made(struct ctx *c)
{
	for (size_t i = 0; i < ARRAY_SIZE(c->made); i++) {
		if (c->made[i])
			key_del(fd, c->made[i]);
		c->made[i] = 0;
	}
}

static int s_generate(struct ctx *c)
{
	return key_gen(fd, NCR_KEY_TYPE_AES, 256, 0, NCR_KEY_USAGE_ENCRYPT, 0,
		       "label", 5, &c->made[0]);
}

static int s_import(struct ctx *c)
{
	return key_import(fd, NCR_KEY_TYPE_AES, NCR_KEY_FORMAT_RAW, 0, in, 32,
			  0, NCR_KEY_USAGE_ENCRYPT, 0, NULL, 0, &c->made[0]);
}

static int s_export(struct ctx *c)
{
	size_t len = 64;

	return secret_export(fd, c->aes, out, &len);
}

static int s_info(struct ctx *c)
{
	struct ncr_key_info info;

	return key_info(fd, c->aes, &info);
}

static void p_victim(struct ctx *c)
{
	key_gen(fd, NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_EXPORTABLE,
		NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT, 0, NULL, 0,
		&c->victim);
}

static void u_victim(struct ctx *c)
{
	if (c->victim)
		key_del(fd, c->victim);
	c->victim = 0;
}

/* an HKDF source key (a generic secret with DERIVE and HKDF) */
static void p_kdf_src(struct ctx *c)
{
	key_import(fd, NCR_KEY_TYPE_HMAC, NCR_KEY_FORMAT_DEFAULT, 0, in, 32,
		   0, NCR_KEY_USAGE_DERIVE, NCR_KEY_ALG_HKDF, NULL, 0,
		   &c->victim);
}

static void u_kdf(struct ctx *c)
{
	u_victim(c);
	del_made(c);
}

static int kdf(struct ctx *c, uint32_t alg, uint32_t key, uint32_t iters)
{
	struct ncr_key_kdf k = {
		.size = sizeof(k), .algorithm = alg, .key = key,
		.password = (uintptr_t)in, .password_size = key ? 0 : 8,
		.iterations = iters, .salt = (uintptr_t)(in + 64),
		.salt_size = 16, .info = (uintptr_t)(in + 128),
		.info_size = key ? 10 : 0, .type = NCR_KEY_TYPE_HMAC,
		.length = 300, .usage = NCR_KEY_USAGE_SIGN,
		.label = (uintptr_t)(in + 256), .label_size = 8,
	};
	int r = xioctl(fd, NCRIO_KEY_KDF, &k);

	if (!r)
		c->made[0] = k.new_key;
	return r;
}

static int s_hkdf(struct ctx *c)
{
	return kdf(c, NCR_ALG_HKDF_SHA512, c->victim, 0);
}

static int s_pbkdf2(struct ctx *c)
{
	return kdf(c, NCR_ALG_PBKDF2_SHA256, 0, 3000);
}

static int s_restrict(struct ctx *c)
{
	struct ncr_key_restrict r = {
		.size = sizeof(r), .key = c->victim,
		.clear_flags = NCR_KEY_FLAG_EXPORTABLE,
		.clear_usage = NCR_KEY_USAGE_DECRYPT,
	};

	return xioctl(fd, NCRIO_KEY_RESTRICT, &r);
}

static int s_gcm(struct ctx *c)
{
	return gcm_once(c->aes);
}

static int s_cbc_large(struct ctx *c)
{
	/* 8 KiB: above zerocopy_min, so the pinned-page path */
	return once(NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, c->aes, iv, 16, in, 8192,
		    out, sizeof(out), NULL, 0);
}

static int s_digest(struct ctx *c)
{
	(void)c;
	return once(NCR_ALG_SHA256, NCR_OP_SIGN, 0, NULL, 0, in, 1000, NULL, 0,
		    tag, 32);
}

static int s_mac(struct ctx *c)
{
	return once(NCR_ALG_HMAC_SHA256, NCR_OP_SIGN, c->hmac, NULL, 0, in,
		    1000, NULL, 0, tag, 32);
}

static int s_ses_init(struct ctx *c)
{
	struct ncr_session_init si = {
		.size = sizeof(si), .algorithm = NCR_ALG_AES_CBC,
		.op = NCR_OP_ENCRYPT, .key = c->aes, .iv_size = 16,
		.iv = PTR64(iv),
	};
	int r = xioctl(fd, NCRIO_SESSION_INIT, &si);

	if (!r)
		c->ses = si.ses;
	return r;
}

static void u_ses(struct ctx *c)
{
	struct ncr_session_free sf = { .size = sizeof(sf), .ses = c->ses };

	if (c->ses)
		xioctl(fd, NCRIO_SESSION_FREE, &sf);
	c->ses = 0;
}

static void p_ses(struct ctx *c)
{
	if (s_ses_init(c))
		c->ses = 0;
}

static int ses_op(struct ctx *c, unsigned long cmd, size_t len)
{
	struct ncr_session_op so = {
		.size = sizeof(so), .ses = c->ses,
		.input = PTR64(in), .input_size = len,
		.output = PTR64(out), .output_size = sizeof(out),
	};

	return xioctl(fd, cmd, &so);
}

static int s_ses_update(struct ctx *c)
{
	return ses_op(c, NCRIO_SESSION_UPDATE, 4096);
}

static int s_ses_final(struct ctx *c)
{
	int r = ses_op(c, NCRIO_SESSION_FINAL, 32);

	if (!r)
		c->ses = 0;	/* FINAL frees the session */
	return r;
}

static int s_store(struct ctx *c)
{
	size_t len = sizeof(c->blob);

	return key_store(fd, c->aes, c->blob, &len);
}

static int s_load(struct ctx *c)
{
	return key_load(fd, c->blob, c->blob_len, &c->made[0]);
}

static int s_wrap(struct ctx *c)
{
	size_t len = sizeof(c->wrapped);

	return key_wrap(fd, NCR_WALG_AES_RFC3394, c->kek, c->aes, c->wrapped,
			&len);
}

static int s_unwrap(struct ctx *c)
{
	return key_unwrap(fd, NCR_WALG_AES_RFC3394, c->kek, c->wrapped,
			  c->wrapped_len, NCR_KEY_TYPE_AES, 0,
			  NCR_KEY_USAGE_ENCRYPT, 0, &c->made[0]);
}

static int s_pair_ec(struct ctx *c)
{
	return key_genpair(fd, NCR_KEY_TYPE_EC, 256, 0, NULL, 0, 0,
			   NCR_KEY_USAGE_SIGN, NCR_KEY_USAGE_VERIFY, 0, 0,
			   NULL, 0, &c->made[0], &c->made[1]);
}

static int s_pair_x25519(struct ctx *c)
{
	return key_genpair(fd, NCR_KEY_TYPE_X25519, 255, 0, NULL, 0, 0,
			   NCR_KEY_USAGE_DERIVE, NCR_KEY_USAGE_DERIVE, 0, 0,
			   NULL, 0, &c->made[0], &c->made[1]);
}

static int s_derive(struct ctx *c)
{
	return key_derive(fd, NCR_ALG_X25519, c->xpriv, c->xpeer, 32,
			  NCR_KEY_TYPE_AES, 0, NCR_KEY_USAGE_ENCRYPT, 0,
			  &c->made[0]);
}

static int s_sign(struct ctx *c)
{
	struct pkp p = { .hash = NCR_ALG_SHA256 };
	size_t len = sizeof(tag);

	/* into tag, not c->sig: the verify step checks setup's signature */
	return pk_sign(fd, NCR_ALG_ECDSA, c->ecpriv, &p, in, 100, tag, &len);
}

static int s_import_rsa(struct ctx *c)
{
	return key_import(fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_PKCS8, 0,
			  c->rsa_der, c->rsa_der_len, 0, NCR_KEY_USAGE_SIGN,
			  talg_keybit(NCR_ALG_RSA_PSS), NULL, 0, &c->made[0]);
}

static int s_rsa_sign(struct ctx *c)
{
	struct pkp p = { .hash = NCR_ALG_SHA256, .mgf1_hash = NCR_ALG_SHA256,
			 .salt_size = 32 };
	size_t len = sizeof(out);

	return pk_sign(fd, NCR_ALG_RSA_PSS, c->rsa_sign, &p, in, 100, out,
		       &len);
}

static int s_rsa_dec(struct ctx *c)
{
	struct pkp p = { .hash = NCR_ALG_SHA256, .mgf1_hash = NCR_ALG_SHA256 };
	size_t len = sizeof(out);

	return pk_crypt(fd, NCR_ALG_RSA_OAEP, NCR_OP_DECRYPT, c->rsa_dec, &p,
			c->oaep_ct, sizeof(c->oaep_ct), out, &len);
}

static int s_pair_dh(struct ctx *c)
{
	/* bits without parameters: the RFC 7919 group ffdhe2048 */
	return key_genpair(fd, NCR_KEY_TYPE_DH, 2048, 0, NULL, 0, 0,
			   NCR_KEY_USAGE_DERIVE, NCR_KEY_USAGE_DERIVE, 0, 0,
			   NULL, 0, &c->made[0], &c->made[1]);
}

static int s_derive_dh(struct ctx *c)
{
	/* the 256-byte secret becomes an HMAC key (no AES key is that long) */
	return key_derive(fd, NCR_ALG_DH, c->dhpriv, c->dhpeer, c->dhpeer_len,
			  NCR_KEY_TYPE_HMAC, 0, NCR_KEY_USAGE_SIGN, 0,
			  &c->made[0]);
}

static int s_store_pk(struct ctx *c)
{
	size_t len = sizeof(out);

	return key_store(fd, c->ecstore, out, &len);
}

static int s_load_pk(struct ctx *c)
{
	return key_load(fd, c->pkblob, c->pkblob_len, &c->made[0]);
}

/*
 * A blob of 8 KiB whose header is well formed and whose tag is wrong: the
 * kernel copies it into a buffer above a page and decrypts it in place
 * before the tag check fails.  Regression: that buffer was kvzalloc'd, so
 * a failed kmalloc (here: injected) gave vmalloc memory, which
 * sg_init_one cannot describe (DEBUG_SG: BUG; otherwise the AEAD wrote
 * into whatever page virt_to_page named).
 */
static int s_load_forged(struct ctx *c)
{
	return key_load(fd, c->forged, sizeof(c->forged), &c->made[0]);
}

static void p_wvictim(struct ctx *c)
{
	key_gen(fd, NCR_KEY_TYPE_AES, 256, 0,
		NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP,
		talg_wkeybit(NCR_WALG_AES_RFC3394), NULL, 0, &c->victim);
}

static int s_trust(struct ctx *c)
{
	struct ncr_key_trust t = { .size = sizeof(t), .key = c->victim };

	return xioctl(fd, NCRIO_KEY_TRUST, &t);
}

static int s_verify(struct ctx *c)
{
	struct pkp p = { .hash = NCR_ALG_SHA256 };
	int r = pk_verify(fd, NCR_ALG_ECDSA, c->ecpub, &p, in, 100, c->sig,
			  c->sig_len);

	return r == NCR_VERIFY_OK ? 0 : r == NCR_VERIFY_FAILED ? -EBADMSG : r;
}

static int s_info_ioctl(struct ctx *c)
{
	struct live l;

	(void)c;
	return live_get(fd, &l);
}

struct step {
	const char *name;
	int (*run)(struct ctx *c);
	void (*prep)(struct ctx *c);	/* unarmed, before */
	void (*undo)(struct ctx *c);	/* unarmed, after */
	int expect;	/* with no fault injected: 0 or this -errno */
};

static const struct step steps[] = {
	{ "NCRIO_KEY_GENERATE", s_generate, NULL, del_made, 0 },
	{ "NCRIO_KEY_IMPORT", s_import, NULL, del_made, 0 },
	{ "NCRIO_KEY_EXPORT", s_export, NULL, NULL, 0 },
	{ "NCRIO_KEY_GET_INFO", s_info, NULL, NULL, 0 },
	{ "NCRIO_KEY_RESTRICT", s_restrict, p_victim, u_victim, 0 },
	{ "NCRIO_SESSION_ONCE AES-GCM", s_gcm, NULL, NULL, 0 },
	{ "NCRIO_SESSION_ONCE AES-CBC 8 KiB (zero copy)", s_cbc_large, NULL,
	  NULL, 0 },
	{ "NCRIO_SESSION_ONCE SHA-256", s_digest, NULL, NULL, 0 },
	{ "NCRIO_SESSION_ONCE HMAC-SHA256", s_mac, NULL, NULL, 0 },
	{ "NCRIO_SESSION_INIT", s_ses_init, NULL, u_ses, 0 },
	{ "NCRIO_SESSION_UPDATE", s_ses_update, p_ses, u_ses, 0 },
	{ "NCRIO_SESSION_FINAL", s_ses_final, p_ses, u_ses, 0 },
	{ "NCRIO_KEY_STORAGE_WRAP", s_store, NULL, NULL, 0 },
	{ "NCRIO_KEY_STORAGE_UNWRAP", s_load, NULL, del_made, 0 },
	{ "NCRIO_KEY_WRAP", s_wrap, NULL, NULL, 0 },
	{ "NCRIO_KEY_UNWRAP", s_unwrap, NULL, del_made, 0 },
	{ "NCRIO_KEY_GENERATE_PAIR EC P-256", s_pair_ec, NULL, del_made, 0 },
	{ "NCRIO_KEY_GENERATE_PAIR X25519", s_pair_x25519, NULL, del_made, 0 },
	{ "NCRIO_KEY_DERIVE X25519", s_derive, NULL, del_made, 0 },
	{ "NCRIO_SESSION_ONCE ECDSA sign", s_sign, NULL, NULL, 0 },
	{ "NCRIO_SESSION_ONCE ECDSA verify", s_verify, NULL, NULL, 0 },
	{ "NCRIO_KEY_IMPORT RSA-2048 PKCS8", s_import_rsa, NULL, del_made, 0 },
	{ "NCRIO_SESSION_ONCE RSA-PSS sign", s_rsa_sign, NULL, NULL, 0 },
	{ "NCRIO_SESSION_ONCE RSA-OAEP decrypt", s_rsa_dec, NULL, NULL, 0 },
	{ "NCRIO_KEY_GENERATE_PAIR DH ffdhe2048", s_pair_dh, NULL, del_made, 0 },
	{ "NCRIO_KEY_DERIVE DH", s_derive_dh, NULL, del_made, 0 },
	{ "NCRIO_KEY_STORAGE_WRAP EC private key", s_store_pk, NULL, NULL, 0 },
	{ "NCRIO_KEY_STORAGE_UNWRAP EC private key", s_load_pk, NULL,
	  del_made, 0 },
	{ "NCRIO_KEY_STORAGE_UNWRAP forged 8 KiB blob (EBADMSG)",
	  s_load_forged, NULL, del_made, -EBADMSG },
	{ "NCRIO_KEY_TRUST", s_trust, p_wvictim, u_victim, 0 },
	{ "NCRIO_KEY_KDF HKDF-SHA512", s_hkdf, p_kdf_src, u_kdf, 0 },
	{ "NCRIO_KEY_KDF PBKDF2-SHA256 (3000 iterations)", s_pbkdf2, NULL,
	  del_made, 0 },
	{ "CIOCGSESSION AES-CBC + HMAC-SHA256", s_bsd_sess, NULL, u_bsd, 0 },
	{ "CIOCGSESSION from an NCR key handle", s_bsd_sess_handle, NULL,
	  u_bsd, 0 },
	{ "CIOCCRYPT AES-CBC + HMAC 4 KiB", s_bsd_crypt, p_bsd_cbc, u_bsd, 0 },
	{ "CIOCCRYPT AES-CBC + HMAC 8 KiB (zero copy)", s_bsd_crypt_zc,
	  p_bsd_cbc, u_bsd, 0 },
	{ "CIOCCRYPT AES-XTS", s_bsd_crypt, p_bsd_xts, u_bsd, 0 },
	{ "CIOCAUTHCRYPT AES-GCM", s_bsd_gcm, p_bsd_gcm, u_bsd, 0 },
	{ "CIOCAUTHCRYPT TLS seal", s_bsd_tls_seal, p_bsd_cbc, u_bsd, 0 },
	{ "CIOCAUTHCRYPT TLS open", s_bsd_tls_open, p_bsd_tls_rec, u_bsd,
	  0 },
	{ "CIOCAUTHCRYPT SRTP protect", s_bsd_srtp_seal, p_bsd_srtp, u_bsd,
	  0 },
	{ "CIOCAUTHCRYPT SRTP unprotect", s_bsd_srtp_open, p_bsd_srtp_pkt,
	  u_bsd, 0 },
	{ "CIOCCPHASH", s_bsd_cphash, p_bsd_hmacs, u_bsd, 0 },
	{ "CIOCGSESSINFO", s_bsd_info, p_bsd_cbc, u_bsd, 0 },
	{ "CIOCFSESSION", s_bsd_free, p_bsd_cbc, u_bsd, 0 },
	{ "CRIOGET", s_crioget, NULL, u_bsd, 0 },
	{ "CIOCASYNCCRYPT", s_async_submit, p_bsd_cbc_only, u_async, 0 },
	{ "CIOCASYNCFETCH", s_async_fetch, p_async, u_async, 0 },
	{ "CIOCKEY CRK_MOD_EXP 2048", s_kop_exp, NULL, NULL, 0 },
	{ "CIOCKEY CRK_DSA_SIGN", s_kop_dsa, NULL, NULL, 0 },
	{ "NCRIO_INFO", s_info_ioctl, NULL, NULL, 0 },
	{ "NCRIO_BATCH mixed (kept session, digest, MAC, AEAD, update, final)",
	  s_batch_mixed, p_ses, u_ses, 0 },
	{ "NCRIO_BATCH AES-CBC hardware (in flight on virtio-crypto)",
	  s_batch_hw, NULL, NULL, 0 },
};

/* An RSA-2048 key made by OpenSSL: its PKCS#8 DER and an OAEP
 * (SHA-256) ciphertext of 32 bytes of in[] under it. */
static int rsa_setup(struct ctx *c)
{
	EVP_PKEY *pk = EVP_RSA_gen(2048);
	PKCS8_PRIV_KEY_INFO *p8 = pk ? EVP_PKEY2PKCS8(pk) : NULL;
	EVP_PKEY_CTX *ec = pk ? EVP_PKEY_CTX_new(pk, NULL) : NULL;
	unsigned char *d = c->rsa_der;
	size_t ct_len = sizeof(c->oaep_ct);
	int len, r = -EIO;

	if (!p8 || !ec)
		goto out;
	len = i2d_PKCS8_PRIV_KEY_INFO(p8, NULL);
	if (len <= 0 || (size_t)len > sizeof(c->rsa_der) ||
	    i2d_PKCS8_PRIV_KEY_INFO(p8, &d) != len)
		goto out;
	c->rsa_der_len = (size_t)len;
	if (EVP_PKEY_encrypt_init(ec) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_padding(ec, RSA_PKCS1_OAEP_PADDING) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_oaep_md(ec, EVP_sha256()) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_mgf1_md(ec, EVP_sha256()) <= 0 ||
	    EVP_PKEY_encrypt(ec, c->oaep_ct, &ct_len, in, 32) <= 0 ||
	    ct_len != sizeof(c->oaep_ct))
		goto out;
	r = key_import(fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_PKCS8, 0,
		       c->rsa_der, c->rsa_der_len, 0, NCR_KEY_USAGE_SIGN,
		       talg_keybit(NCR_ALG_RSA_PSS), NULL, 0, &c->rsa_sign) ?:
	    key_import(fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_PKCS8, 0,
		       c->rsa_der, c->rsa_der_len, 0, NCR_KEY_USAGE_DECRYPT,
		       talg_keybit(NCR_ALG_RSA_OAEP), NULL, 0, &c->rsa_dec);
out:
	EVP_PKEY_CTX_free(ec);
	PKCS8_PRIV_KEY_INFO_free(p8);
	EVP_PKEY_free(pk);
	return r;
}

/* CIOCKEY's DSA operands: the shared DSA-2048 test key, little-endian. */
static int dsa_le(EVP_PKEY *pk, const char *name, uint8_t *buf, size_t cap,
		  int *bits)
{
	BIGNUM *b = NULL;
	int r = -EIO;

	if (EVP_PKEY_get_bn_param(pk, name, &b) && BN_num_bytes(b) <= (int)cap &&
	    BN_bn2lebinpad(b, buf, BN_num_bytes(b)) > 0) {
		*bits = BN_num_bits(b);
		r = 0;
	}
	BN_free(b);
	return r;
}

static int dsa_setup(struct ctx *c)
{
	size_t dl;
	uint8_t *der = hex_decode(test_dsa2048_pkcs8_hex, &dl);
	const unsigned char *dp = der;
	EVP_PKEY *pk = der ? d2i_AutoPrivateKey(NULL, &dp, (long)dl) : NULL;
	int r = pk ? 0 : -EIO;

	r = r ?: dsa_le(pk, OSSL_PKEY_PARAM_FFC_P, c->dsa_p, sizeof(c->dsa_p),
			&c->dsa_pb) ?:
	    dsa_le(pk, OSSL_PKEY_PARAM_FFC_Q, c->dsa_q, sizeof(c->dsa_q),
		   &c->dsa_qb) ?:
	    dsa_le(pk, OSSL_PKEY_PARAM_FFC_G, c->dsa_g, sizeof(c->dsa_g),
		   &c->dsa_gb) ?:
	    dsa_le(pk, OSSL_PKEY_PARAM_PRIV_KEY, c->dsa_x, sizeof(c->dsa_x),
		   &c->dsa_xb);
	EVP_PKEY_free(pk);
	free(der);
	return r;
}

/* The DH, stored EC and forged-blob inputs (after the master key). */
static int pk_setup(struct ctx *c)
{
	uint32_t dhpub = 0, ml;
	size_t hl;
	int r;

	c->dhpeer_len = sizeof(c->dhpeer);
	c->pkblob_len = sizeof(c->pkblob);
	r = key_genpair(fd, NCR_KEY_TYPE_DH, 2048, 0, NULL, 0, 0,
			NCR_KEY_USAGE_DERIVE, NCR_KEY_USAGE_DERIVE, 0, 0, NULL,
			0, &c->dhpriv, &dhpub) ?:
	    pk_export(fd, dhpub, NCR_KEY_FORMAT_RAW_PUBLIC, c->dhpeer,
		      &c->dhpeer_len) ?:
	    key_genpair(fd, NCR_KEY_TYPE_EC, 256, 0, NULL, 0,
			NCR_KEY_FLAG_STORABLE, NCR_KEY_USAGE_SIGN,
			NCR_KEY_USAGE_VERIFY, 0, 0, NULL, 0, &c->ecstore,
			&c->made[1]) ?:
	    key_store(fd, c->ecstore, c->pkblob, &c->pkblob_len);
	if (dhpub)
		key_del(fd, dhpub);
	if (c->made[1])
		key_del(fd, c->made[1]);
	c->made[1] = 0;
	if (r)
		return r;
	/* the real AES blob's header, a material length that fills 8 KiB */
	memcpy(&ml, c->blob + 60, 4);
	ml = __builtin_bswap32(ml);
	if (ml + 16 >= c->blob_len)
		return -EIO;
	hl = c->blob_len - 16 - ml;
	memset(c->forged, 0xa5, sizeof(c->forged));
	memcpy(c->forged, c->blob, hl);
	ml = __builtin_bswap32((uint32_t)(sizeof(c->forged) - hl - 16));
	memcpy(c->forged + 60, &ml, 4);
	return dsa_setup(c);
}

/* The fixed keys and inputs the steps use, made unarmed. */
static int setup(struct ctx *c)
{
	uint32_t aes_flags = NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_WRAPPABLE |
			     NCR_KEY_FLAG_STORABLE;
	uint64_t aes_algs = talg_keybit(NCR_ALG_AES_GCM) |
			    talg_keybit(NCR_ALG_AES_CBC);
	size_t len;
	int r;

	memset(c, 0, sizeof(*c));
	memset(in, 0x5a, sizeof(in));
	r = key_gen(fd, NCR_KEY_TYPE_AES, 256, aes_flags,
		    NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT, aes_algs,
		    NULL, 0, &c->aes) ?:
	    key_gen(fd, NCR_KEY_TYPE_AES, 256, 0,
		    NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP,
		    talg_wkeybit(NCR_WALG_AES_RFC3394), NULL, 0, &c->kek) ?:
	    key_gen(fd, NCR_KEY_TYPE_HMAC, 256, 0, NCR_KEY_USAGE_SIGN,
		    talg_keybit(NCR_ALG_HMAC_SHA256), NULL, 0, &c->hmac) ?:
	    key_genpair(fd, NCR_KEY_TYPE_EC, 256, 0, NULL, 0, 0,
			NCR_KEY_USAGE_SIGN, NCR_KEY_USAGE_VERIFY, 0, 0, NULL,
			0, &c->ecpriv, &c->ecpub) ?:
	    key_genpair(fd, NCR_KEY_TYPE_X25519, 255, 0, NULL, 0, 0,
			NCR_KEY_USAGE_DERIVE, NCR_KEY_USAGE_DERIVE, 0, 0, NULL,
			0, &c->xpriv, &c->xpub);
	if (r) {
		tap_diag("setup: a fixed key: %s", errname(r));
		return r;
	}
	len = sizeof(c->xpeer);
	r = pk_export(fd, c->xpub, NCR_KEY_FORMAT_RAW_PUBLIC, c->xpeer,
		      &len);
	if (r) {
		tap_diag("setup: X25519 public key export: %s", errname(r));
		return r;
	}
	c->blob_len = sizeof(c->blob);
	c->wrapped_len = sizeof(c->wrapped);
	c->sig_len = sizeof(c->sig);
	if (key_store(fd, c->aes, c->blob, &c->blob_len) == -ENOKEY) {
		/* a boot of its own: no master key yet, set a random one */
		uint8_t mk[32];
		struct ncr_master_key m = {
			.size = sizeof(m), .key = PTR64(mk), .key_size = 32,
		};
		struct rng g = { test_seed() };

		rng_fill(&g, mk, sizeof(mk));
		r = xioctl(fd, NCRIO_MASTER_KEY_SET, &m);
		if (r) {
			tap_diag("setup: master key: %s", errname(r));
			return r;
		}
	}
	c->blob_len = sizeof(c->blob);
	r = key_store(fd, c->aes, c->blob, &c->blob_len) ?:
	    key_wrap(fd, NCR_WALG_AES_RFC3394, c->kek, c->aes, c->wrapped,
		     &c->wrapped_len);
	if (r) {
		tap_diag("setup: storage or key wrap: %s", errname(r));
		return r;
	}
	{
		struct pkp p = { .hash = NCR_ALG_SHA256 };

		r = pk_sign(fd, NCR_ALG_ECDSA, c->ecpriv, &p, in, 100, c->sig,
			    &c->sig_len);
	}
	if (r) {
		tap_diag("setup: ECDSA signature: %s", errname(r));
		return r;
	}
	r = rsa_setup(c);
	if (r) {
		tap_diag("setup: RSA-2048 (OpenSSL, import): %s", errname(r));
		return r;
	}
	r = pk_setup(c);
	if (r)
		tap_diag("setup: DH pair, stored EC key, forged blob: %s",
			 errname(r));
	return r;
}

int main(void)
{
	unsigned int max = 2000, total = 0, n, points;
	const char *e = getenv("NCR_FAILNTH_MAX");
	struct live start, now;
	struct ctx c;
	size_t i;
	int r;

	tap_init();
	if (getenv("NCR_FAILNTH_SETUP_ONLY")) {
		/* any kernel: the setup, then each step once, unarmed */
		fd = dev_open_or_skip_all(dev_open);
		r = setup(&c);
		tap_err(r, 0, "setup of the fixed keys");
		for (i = 0; !r && i < ARRAY_SIZE(steps); i++) {
			if (steps[i].prep)
				steps[i].prep(&c);
			tap_err(steps[i].run(&c), steps[i].expect, "%s, unarmed",
				steps[i].name);
			if (steps[i].undo)
				steps[i].undo(&c);
		}
		return tap_finish("failnth setup");
	}
	if (access(FAILNTH, F_OK))
		tap_skip_all("no " FAILNTH " (not the debug kernel)");
	if (geteuid())
		tap_skip_all("needs root (debugfs fault-injection knobs)");
	if (e && atoi(e) > 0)
		max = atoi(e);
	fd = dev_open_or_skip_all(dev_open);
	if (setup_debugfs())
		tap_skip_all("fault-injection debugfs knobs not available");
	r = setup(&c);
	if (r) {
		tap_ok(0, "setup of the fixed keys: %s", errname(r));
		return tap_finish("failnth");
	}
	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		const struct step *s = &steps[i];
		int bad = 0, done = 0, injected;

		for (n = 1, points = 0; n <= max && !bad && !done; n++) {
			if (live_get(fd, &start))
				break;
			if (s->prep)
				s->prep(&c);
			arm(n);
			r = s->run(&c);
			injected = disarm();
			if (s->undo)
				s->undo(&c);
			if (!injected) {
				done = 1;
				if (r != s->expect) {
					tap_diag("%s: %s with no fault injected",
						 s->name, errname(r));
					bad = 1;
				}
			} else {
				points++;
				if (r && r != -ENOMEM && r != -EFAULT &&
				    r != s->expect) {
					tap_diag("%s: fault %u: %s (want 0, ENOMEM or EFAULT)",
						 s->name, n, errname(r));
					bad = 1;
				}
			}
			if (live_wait(fd, &start, &now)) {
				tap_diag("%s: fault %u: %s left keys %llu -> %llu, sessions %llu -> %llu",
					 s->name, n, errname(r),
					 (unsigned long long)start.keys,
					 (unsigned long long)now.keys,
					 (unsigned long long)start.sessions,
					 (unsigned long long)now.sessions);
				bad = 1;
			}
			r = gcm_once(c.aes);
			if (r) {
				tap_diag("%s: fault %u: the namespace no longer works (AES-GCM: %s)",
					 s->name, n, errname(r));
				bad = 1;
			}
		}
		tap_ok(!bad && done,
		       "%s: %u injection points, each a documented errno, nothing left behind%s",
		       s->name, points, done ? "" : " (NCR_FAILNTH_MAX reached)");
		total += points;
	}
	tap_diag("%u injection points in all", total);
	return tap_finish("failnth");
}
