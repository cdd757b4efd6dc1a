// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * policy.c - policy and arguments: every refusal with its errno.
 */
#define _GNU_SOURCE
#include "kdf.h"

/* ------------------------------------------------- policy and arguments */

void test_policy(void)
{
	static const uint8_t b[32] = { 0x11, 0x22 };
	static const uint8_t msg[16];
	struct ncr_kdf_params p = {
		.salt = "salt", .salt_len = 4, .info = "info", .info_len = 4,
	};
	struct ncr_kdf_params pp = {
		.salt = "salt", .salt_len = 4, .password = "pw",
		.password_len = 2, .iterations = 1,
	};
	struct ncr_key_policy pol;
	uint32_t hkdf, sign_only, hmac_only, kbh, kbc, aes_cmac, def;
	uint8_t out[64];
	size_t n;
	int r;

	r = src_import(NCR_KEY_TYPE_HMAC, b, sizeof(b), 0,
		       NCR_KEY_USAGE_DERIVE, NCR_KEY_ALG_HKDF, &hkdf) ?:
	    src_import(NCR_KEY_TYPE_HMAC, b, sizeof(b), 0,
		       NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY,
		       NCR_KEY_ALG_HMAC_SHA256 | NCR_KEY_ALG_HKDF,
		       &sign_only) ?:
	    src_import(NCR_KEY_TYPE_HMAC, b, sizeof(b), 0,
		       NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DERIVE,
		       NCR_KEY_ALG_HMAC_SHA256, &hmac_only) ?:
	    src_import(NCR_KEY_TYPE_HMAC, b, sizeof(b), 0,
		       NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DERIVE,
		       NCR_KEY_ALG_KBKDF_HMAC, &kbh) ?:
	    src_import(NCR_KEY_TYPE_AES, b, 16, 0,
		       NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_ENCRYPT |
		       NCR_KEY_USAGE_DERIVE, NCR_KEY_ALG_KBKDF_CMAC, &kbc) ?:
	    src_import(NCR_KEY_TYPE_AES, b, 16, 0,
		       NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DERIVE,
		       NCR_KEY_ALG_CMAC_AES, &aes_cmac);
	if (r) {
		tap_ok(0, "import of the source keys: %s", errname(r));
		return;
	}
	/* the controls: each source does what its policy allows */
	r = kdf_bytes(NCR_ALG_HKDF_SHA256, hkdf, &p, NCR_KEY_TYPE_HMAC, 32,
		      out) ?:
	    kdf_bytes(NCR_ALG_KBKDF_HMAC_SHA256, kbh, &p, NCR_KEY_TYPE_HMAC,
		      32, out) ?:
	    kdf_bytes(NCR_ALG_KBKDF_CMAC_AES, kbc, &p, NCR_KEY_TYPE_AES, 16,
		      out) ?:
	    kdf_bytes(NCR_ALG_PBKDF2_SHA256, 0, &pp, NCR_KEY_TYPE_HMAC, 32,
		      out);
	tap_ok(!r, "controls: HKDF, KBKDF-HMAC, KBKDF-CMAC and PBKDF2 with "
	       "well-formed arguments and sources (%s)", errname(r));

	/* usage and algorithm sets */
	kdf_refused(-EPERM, NCR_ALG_HKDF_SHA256, sign_only, &p,
		    NCR_KEY_TYPE_HMAC, 32, NULL,
		    "HKDF from a key without DERIVE usage (HKDF in its set)");
	kdf_refused(-EPERM, NCR_ALG_HKDF_SHA256, hmac_only, &p,
		    NCR_KEY_TYPE_HMAC, 32, NULL,
		    "HKDF from a DERIVE key whose set {hmac-sha256} lacks "
		    "HKDF");
	kdf_refused(-EPERM, NCR_ALG_KBKDF_HMAC_SHA256, hkdf, &p,
		    NCR_KEY_TYPE_HMAC, 32, NULL,
		    "KBKDF-HMAC from a key whose set is {hkdf}");
	kdf_refused(-EPERM, NCR_ALG_HKDF_SHA512, kbh, &p, NCR_KEY_TYPE_HMAC,
		    32, NULL, "HKDF from a key whose set is {kbkdf-hmac}");
	/* no KDF is in a default set: a key is a KDF source only when its
	 * creator names the KDF */
	r = src_import(NCR_KEY_TYPE_HMAC, b, sizeof(b), 0,
		       NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DERIVE, 0, &def);
	if (r) {
		tap_ok(0, "import of an HMAC DERIVE key with the default set: "
		       "%s", errname(r));
	} else {
		struct ncr_key_info info;

		r = key_attrs(def, &info);
		tap_ok(!r && info.algs == NCR_KEY_ALG_HMAC_ALL,
		       "an HMAC key to sign and derive, with algs 0, has the "
		       "default set of every HMAC and no KDF (%s, algs 0x%llx)",
		       errname(r), (unsigned long long)info.algs);
		kdf_refused(-EPERM, NCR_ALG_HKDF_SHA256, def, &p,
			    NCR_KEY_TYPE_HMAC, 32, NULL,
			    "HKDF from an HMAC DERIVE key with the default "
			    "set");
		kdf_refused(-EPERM, NCR_ALG_KBKDF_HMAC_SHA256, def, &p,
			    NCR_KEY_TYPE_HMAC, 32, NULL,
			    "KBKDF-HMAC from an HMAC DERIVE key with the "
			    "default set");
		ncr_key_deinit(fd, def);
	}
	kdf_refused(-EPERM, NCR_ALG_KBKDF_CMAC_AES, aes_cmac, &p,
		    NCR_KEY_TYPE_HMAC, 32, NULL,
		    "KBKDF-CMAC from an AES DERIVE key whose set is "
		    "{cmac-aes}");
	n = sizeof(out);
	tap_err(ncr_mac(fd, NCR_ALG_HMAC_SHA256, kbh, msg, sizeof(msg), out,
			&n), -EPERM,
		"a KBKDF-HMAC key (usage SIGN|DERIVE) computes no HMAC");
	n = sizeof(out);
	tap_err(ncr_mac(fd, NCR_ALG_CMAC_AES, kbc, msg, sizeof(msg), out, &n),
		-EPERM, "a KBKDF-CMAC key (usage SIGN|ENCRYPT|DERIVE) "
		"computes no CMAC");
	n = sizeof(out);
	tap_err(ncr_cipher(fd, NCR_ALG_AES_ECB, NCR_OP_ENCRYPT, kbc, NULL, 0,
			   msg, sizeof(msg), out, &n), -EPERM,
		"a KBKDF-CMAC key encrypts no AES-ECB block");
	import_refused(-EINVAL, NCR_KEY_TYPE_HMAC, 32, NCR_KEY_USAGE_DERIVE |
		       NCR_KEY_USAGE_SIGN, NCR_KEY_ALG_KBKDF_HMAC |
		       NCR_KEY_ALG_HMAC_SHA256,
		       "import of an HMAC key with the set {kbkdf-hmac, "
		       "hmac-sha256}");
	import_refused(-EINVAL, NCR_KEY_TYPE_HMAC, 32, NCR_KEY_USAGE_DERIVE,
		       NCR_KEY_ALG_KBKDF_HMAC | NCR_KEY_ALG_HKDF,
		       "import of an HMAC key with the set {kbkdf-hmac, hkdf}");
	import_refused(-EINVAL, NCR_KEY_TYPE_AES, 16, NCR_KEY_USAGE_DERIVE |
		       NCR_KEY_USAGE_SIGN, NCR_KEY_ALG_KBKDF_CMAC |
		       NCR_KEY_ALG_CMAC_AES,
		       "import of an AES key with the set {kbkdf-cmac, "
		       "cmac-aes}");
	import_refused(-EINVAL, NCR_KEY_TYPE_AES, 32, NCR_KEY_USAGE_DERIVE |
		       NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_KBKDF_CMAC |
		       NCR_KEY_ALG_AES_ECB,
		       "import of an AES key with the set {kbkdf-cmac, "
		       "aes-ecb}");
	import_refused(-EINVAL, NCR_KEY_TYPE_HMAC, 32, NCR_KEY_USAGE_DERIVE,
		       NCR_KEY_ALG_KBKDF_CMAC,
		       "import of an HMAC key with the set {kbkdf-cmac}");
	import_refused(-EINVAL, NCR_KEY_TYPE_AES, 32, NCR_KEY_USAGE_DERIVE,
		       NCR_KEY_ALG_KBKDF_HMAC | NCR_KEY_ALG_HKDF,
		       "import of an AES key with the set {kbkdf-hmac, hkdf}");
	import_refused(-EINVAL, NCR_KEY_TYPE_AES, 64, NCR_KEY_USAGE_DERIVE,
		       NCR_KEY_ALG_KBKDF_CMAC,
		       "import of a 64-byte (XTS) AES key with the set "
		       "{kbkdf-cmac}");

	/* the new key's flags */
	pol = (struct ncr_key_policy){
		.flags = NCR_KEY_FLAG_TRUSTED,
		.usage = NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP,
		.algs = NCR_KEY_ALG_AES_KW,
	};
	kdf_refused(-EPERM, NCR_ALG_HKDF_SHA256, hkdf, &p, NCR_KEY_TYPE_AES,
		    32, &pol, "HKDF into a TRUSTED wrapping key");
	kdf_refused(-EPERM, NCR_ALG_PBKDF2_SHA256, 0, &pp, NCR_KEY_TYPE_AES,
		    32, &pol, "PBKDF2 into a TRUSTED wrapping key");
	pol = (struct ncr_key_policy){
		.flags = 1U << 31, .usage = NCR_KEY_USAGE_SIGN,
	};
	kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, hkdf, &p, NCR_KEY_TYPE_HMAC,
		    32, &pol, "a new key with an unknown flag bit");
	pol = (struct ncr_key_policy){
		.usage = NCR_KEY_USAGE_SIGN,
		.algs = NCR_KEY_ALG_KBKDF_HMAC | NCR_KEY_ALG_HMAC_SHA256,
	};
	kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, hkdf, &p, NCR_KEY_TYPE_HMAC,
		    32, &pol, "a new HMAC key with the set {kbkdf-hmac, "
		    "hmac-sha256}");
	pol = (struct ncr_key_policy){
		.usage = NCR_KEY_USAGE_SIGN, .algs = NCR_KEY_ALG_AES_GCM,
	};
	kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, hkdf, &p, NCR_KEY_TYPE_HMAC,
		    32, &pol, "a new HMAC key with the set {aes-gcm}");
	{
		uint8_t lab[NCR_KEY_LABEL_MAX + 1] = { 0 };

		pol = (struct ncr_key_policy){
			.usage = NCR_KEY_USAGE_SIGN, .label = lab,
			.label_len = sizeof(lab),
		};
		kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, hkdf, &p,
			    NCR_KEY_TYPE_HMAC, 32, &pol,
			    "a new key's label of NCR_KEY_LABEL_MAX + 1 bytes");
	}

	ncr_key_deinit(fd, hkdf);
	ncr_key_deinit(fd, sign_only);
	ncr_key_deinit(fd, hmac_only);
	ncr_key_deinit(fd, kbh);
	ncr_key_deinit(fd, kbc);
	ncr_key_deinit(fd, aes_cmac);
}

void test_args(void)
{
	static const uint8_t b[32] = { 0x33 };
	static uint8_t big[NCR_KDF_INPUT_MAX + 1];
	struct ncr_kdf_params p = {
		.salt = "salt", .salt_len = 4, .info = "info", .info_len = 4,
	};
	struct ncr_kdf_params pp = {
		.salt = "salt", .salt_len = 4, .password = "pw",
		.password_len = 2, .iterations = 1,
	};
	struct ncr_kdf_params q;
	struct ncr_key_kdf d;
	uint32_t hkdf, kbc, xpriv, xpub;
	uint8_t *page;
	char what[128];
	int r;

	r = src_import(NCR_KEY_TYPE_HMAC, b, sizeof(b), 0,
		       NCR_KEY_USAGE_DERIVE, NCR_KEY_ALG_HKDF, &hkdf) ?:
	    src_import(NCR_KEY_TYPE_AES, b, 32, 0, NCR_KEY_USAGE_DERIVE,
		       NCR_KEY_ALG_KBKDF_CMAC, &kbc) ?:
	    ncr_key_generate_pair(fd, NCR_KEY_TYPE_X25519, 255, 0, NULL, 0, 0,
				  NCR_KEY_USAGE_DERIVE, 0, &xpriv, &xpub);
	if (r) {
		tap_ok(0, "the source keys: %s", errname(r));
		return;
	}

	/* PBKDF2 iterations */
	q = pp;
	q.iterations = 0;
	kdf_refused(-EINVAL, NCR_ALG_PBKDF2_SHA256, 0, &q, NCR_KEY_TYPE_HMAC,
		    32, NULL, "PBKDF2 with 0 iterations");
	q.iterations = NCR_PBKDF2_ITERATIONS_MAX + 1;
	kdf_refused(-EINVAL, NCR_ALG_PBKDF2_SHA512, 0, &q, NCR_KEY_TYPE_HMAC,
		    32, NULL, "PBKDF2 with NCR_PBKDF2_ITERATIONS_MAX + 1 "
		    "iterations");
	q.iterations = UINT32_MAX;
	kdf_refused(-EINVAL, NCR_ALG_PBKDF2_SHA1, 0, &q, NCR_KEY_TYPE_HMAC,
		    32, NULL, "PBKDF2 with 2^32 - 1 iterations");

	/* inputs an algorithm does not take */
	q = p;
	q.password = "pw";
	q.password_len = 2;
	kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, hkdf, &q, NCR_KEY_TYPE_HMAC,
		    32, NULL, "HKDF with a password");
	q = p;
	q.iterations = 1;
	kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, hkdf, &q, NCR_KEY_TYPE_HMAC,
		    32, NULL, "HKDF with an iteration count");
	q = p;
	q.password = "pw";
	q.password_len = 2;
	kdf_refused(-EINVAL, NCR_ALG_KBKDF_CMAC_AES, kbc, &q,
		    NCR_KEY_TYPE_HMAC, 32, NULL, "KBKDF with a password");
	kdf_refused(-EINVAL, NCR_ALG_PBKDF2_SHA256, hkdf, &pp,
		    NCR_KEY_TYPE_HMAC, 32, NULL, "PBKDF2 with a key");
	q = pp;
	q.info = "info";
	q.info_len = 4;
	kdf_refused(-EINVAL, NCR_ALG_PBKDF2_SHA256, 0, &q, NCR_KEY_TYPE_HMAC,
		    32, NULL, "PBKDF2 with info");

	/* output type and length */
	kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, hkdf, &p, NCR_KEY_TYPE_HMAC,
		    255 * 32 + 1, NULL,
		    "HKDF-SHA256 of 255 * HashLen + 1 bytes");
	kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, hkdf, &p, NCR_KEY_TYPE_HMAC,
		    255 * 32, NULL, "HKDF-SHA256 of 255 * HashLen = 8160 "
		    "bytes (above NCR_MAX_HMAC_KEY_BYTES)");
	kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, hkdf, &p, NCR_KEY_TYPE_HMAC,
		    NCR_MAX_HMAC_KEY_BYTES + 1, NULL,
		    "an HMAC-type output of NCR_MAX_HMAC_KEY_BYTES + 1 bytes");
	kdf_refused(-EINVAL, NCR_ALG_PBKDF2_SHA256, 0, &pp, NCR_KEY_TYPE_HMAC,
		    NCR_MAX_HMAC_KEY_BYTES + 1, NULL,
		    "a PBKDF2 output of NCR_MAX_HMAC_KEY_BYTES + 1 bytes");
	kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, hkdf, &p, NCR_KEY_TYPE_HMAC,
		    0, NULL, "an output of 0 bytes");
	{
		static const struct {
			uint32_t type, len;
		} bad[] = {
			{ NCR_KEY_TYPE_AES, 20 }, { NCR_KEY_TYPE_AES, 48 },
			{ NCR_KEY_TYPE_AES, 64 }, { NCR_KEY_TYPE_DES3, 16 },
			{ NCR_KEY_TYPE_CHACHA20, 16 },
			{ NCR_KEY_TYPE_RSA, 256 }, { NCR_KEY_TYPE_EC, 32 },
			{ NCR_KEY_TYPE_X25519, 32 }, { 0, 32 }, { 99, 32 },
		};

		for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
			snprintf(what, sizeof(what), "a new key of type %u "
				 "and %u bytes", bad[i].type, bad[i].len);
			kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, hkdf, &p,
				    bad[i].type, bad[i].len, NULL, what);
		}
	}

	/* input sizes */
	q = p;
	q.salt = big;
	q.salt_len = sizeof(big);
	kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, hkdf, &q, NCR_KEY_TYPE_HMAC,
		    32, NULL, "a salt of NCR_KDF_INPUT_MAX + 1 bytes");
	q = p;
	q.info = big;
	q.info_len = sizeof(big);
	kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, hkdf, &q, NCR_KEY_TYPE_HMAC,
		    32, NULL, "info of NCR_KDF_INPUT_MAX + 1 bytes");
	q = pp;
	q.password = big;
	q.password_len = sizeof(big);
	kdf_refused(-EINVAL, NCR_ALG_PBKDF2_SHA256, 0, &q, NCR_KEY_TYPE_HMAC,
		    32, NULL, "a password of NCR_KDF_INPUT_MAX + 1 bytes");

	/* pointers: unmapped, and straddling the end of a mapping */
	q = p;
	q.salt = (const void *)(uintptr_t)16;
	kdf_refused(-EFAULT, NCR_ALG_HKDF_SHA256, hkdf, &q, NCR_KEY_TYPE_HMAC,
		    32, NULL, "a salt at an unmapped address");
	q = p;
	q.info = (const void *)(uintptr_t)16;
	kdf_refused(-EFAULT, NCR_ALG_KBKDF_CMAC_AES, kbc, &q,
		    NCR_KEY_TYPE_HMAC, 32, NULL,
		    "a Context (info) at an unmapped address");
	q = pp;
	q.password = (const void *)(uintptr_t)16;
	kdf_refused(-EFAULT, NCR_ALG_PBKDF2_SHA1, 0, &q, NCR_KEY_TYPE_HMAC,
		    20, NULL, "a password at an unmapped address");
	page = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page != MAP_FAILED) {
		munmap(page + 4096, 4096);
		q = pp;
		q.salt = page + 4096 - 8;
		q.salt_len = 16;
		kdf_refused(-EFAULT, NCR_ALG_PBKDF2_SHA256, 0, &q,
			    NCR_KEY_TYPE_HMAC, 32, NULL,
			    "a salt running past the end of its mapping");
		munmap(page, 4096);
	}
	{
		struct ncr_key_policy pol = {
			.usage = NCR_KEY_USAGE_SIGN,
			.label = (const void *)(uintptr_t)16, .label_len = 4,
		};

		kdf_refused(-EFAULT, NCR_ALG_HKDF_SHA256, hkdf, &p,
			    NCR_KEY_TYPE_HMAC, 32, &pol,
			    "a new key's label at an unmapped address");
	}

	/* algorithms and source keys */
	{
		static const uint32_t bad[] = {
			0, NCR_ALG_HMAC_SHA256, NCR_ALG_ECDH,
			NCR_ALG_KBKDF_CMAC_AES + 1, NCR_ALG_HKDF_SHA256 - 1,
			0xffffffff,
		};

		for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
			snprintf(what, sizeof(what), "algorithm %u (not a "
				 "KDF)", bad[i]);
			kdf_refused(-EINVAL, bad[i], hkdf, &p,
				    NCR_KEY_TYPE_HMAC, 32, NULL, what);
		}
	}
	kdf_refused(-ENOENT, NCR_ALG_HKDF_SHA256, 0x7ffffff0, &p,
		    NCR_KEY_TYPE_HMAC, 32, NULL, "HKDF from a missing key");
	kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, kbc, &p, NCR_KEY_TYPE_HMAC,
		    32, NULL, "HKDF from an AES key");
	kdf_refused(-EINVAL, NCR_ALG_KBKDF_CMAC_AES, hkdf, &p,
		    NCR_KEY_TYPE_HMAC, 32, NULL, "KBKDF-CMAC from an HMAC key");
	kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, xpriv, &p,
		    NCR_KEY_TYPE_HMAC, 32, NULL,
		    "HKDF from an X25519 private key (usage DERIVE)");
	kdf_refused(-EINVAL, NCR_ALG_HKDF_SHA256, xpub, &p, NCR_KEY_TYPE_HMAC,
		    32, NULL, "HKDF from an X25519 public key");
	kdf_refused(-EINVAL, NCR_ALG_KBKDF_HMAC_SHA256, xpriv, &p,
		    NCR_KEY_TYPE_HMAC, 32, NULL,
		    "KBKDF-HMAC from an X25519 private key");

	/* raw structure: reserved field */
	memset(&d, 0, sizeof(d));
	d.size = sizeof(d);
	d.algorithm = NCR_ALG_HKDF_SHA256;
	d.key = hkdf;
	d.type = NCR_KEY_TYPE_HMAC;
	d.usage = NCR_KEY_USAGE_SIGN;
	d.length = 32;
	r = xioctl(fd, NCRIO_KEY_KDF, &d);
	if (!r)
		ncr_key_deinit(fd, d.new_key);
	tap_err(r, 0, "raw NCRIO_KEY_KDF (HKDF, no salt, no info, size %zu)",
		sizeof(d));
	d.__reserved = 1;
	raw_refused(-EINVAL, &d, "raw NCRIO_KEY_KDF with __reserved set");
	d.__reserved = 0;
	d.usage = 0;
	raw_refused(-EINVAL, &d, "raw NCRIO_KEY_KDF with usage 0");

	ncr_key_deinit(fd, hkdf);
	ncr_key_deinit(fd, kbc);
	ncr_key_deinit(fd, xpriv);
	ncr_key_deinit(fd, xpub);
}
