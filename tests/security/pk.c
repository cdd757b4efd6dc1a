// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pk.c - build/tests/security: the policy of public-key objects: export
 * formats of non-exportable private keys, usage bits and key classes
 * (sign, verify, encrypt, decrypt, derive), RSA-OAEP key wrap under the
 * key wrap rules, and storage blobs of private keys that restore and sign.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "security.h"

/* Raw key wrap/unwrap ioctls (any algorithm, NCR_WALG_RSA_OAEP too). */
/* An OpenSSL RSA-2048 key imported as PKCS#8 (fast under emulation,
 * unlike kernel generation).  Returns 0 or -errno. */
static int rsa_import(uint32_t flags, uint32_t usage, uint32_t *key,
		      uint32_t *pub)
{
	static uint8_t der[4096];
	static size_t der_len;
	uint8_t spki[1024];
	size_t slen = sizeof(spki);
	int r;

	if (!der_len) {
		EVP_PKEY *o = EVP_RSA_gen(2048);
		PKCS8_PRIV_KEY_INFO *p8 = o ? EVP_PKEY2PKCS8(o) : NULL;
		unsigned char *p = der;
		int n = p8 ? i2d_PKCS8_PRIV_KEY_INFO(p8, NULL) : -1;

		if (n > 0 && (size_t)n <= sizeof(der))
			n = i2d_PKCS8_PRIV_KEY_INFO(p8, &p);
		PKCS8_PRIV_KEY_INFO_free(p8);
		EVP_PKEY_free(o);
		if (n <= 0 || (size_t)n > sizeof(der))
			return -EPROTO;
		der_len = (size_t)n;
	}
	r = pk_import(fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_PKCS8, 0, der,
		      der_len, flags, usage, key);
	if (r || !pub)
		return r;
	r = pk_export(fd, *key, NCR_KEY_FORMAT_SPKI, spki, &slen);
	if (!r)
		r = pk_import(fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_SPKI, 0,
			      spki, slen, 0, NCR_KEY_USAGE_ENCRYPT |
			      NCR_KEY_USAGE_VERIFY | NCR_KEY_USAGE_WRAP, pub);
	if (r)
		key_del(fd, *key);
	return r;
}

static const char *fmt_name(uint32_t f)
{
	static const char *const n[] = { "DEFAULT", "RAW", "RAW_PUBLIC",
					 "SPKI", "PKCS8", "PKCS1", "PARAMS" };

	return f < ARRAY_SIZE(n) ? n[f] : "?";
}

/* Export policy of public-key objects. */
void test_pk_export(void)
{
	static const struct {
		uint32_t type, bits;
		const char *name;
	} t[] = {
		{ NCR_KEY_TYPE_EC, 256, "EC P-256" },
		{ NCR_KEY_TYPE_ED25519, 0, "Ed25519" },
		{ NCR_KEY_TYPE_X25519, 0, "X25519" },
		{ NCR_KEY_TYPE_RSA, 2048, "RSA-2048" },
	};
	uint8_t buf[NCR_MAX_PKEY_BYTES];

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		uint32_t usage = t[i].type == NCR_KEY_TYPE_X25519 ?
				 NCR_KEY_USAGE_DERIVE : NCR_KEY_USAGE_SIGN;
		struct ncr_key_info ki;
		struct live before;
		uint32_t priv, pub = 0;
		size_t len;
		int r;

		if (t[i].type == NCR_KEY_TYPE_RSA)
			r = rsa_import(0, usage, &priv, &pub);
		else
			r = pk_genpair(fd, t[i].type, t[i].bits, 0, NULL, 0, 0,
				       usage, 0, &priv, &pub);
		if (!tap_err(r, 0, "%s: a private key without EXPORTABLE",
			     t[i].name))
			continue;
		/* the secret forms: EPERM */
		uint32_t secret_fmts[] = { NCR_KEY_FORMAT_PKCS8,
					   NCR_KEY_FORMAT_DEFAULT,
					   t[i].type == NCR_KEY_TYPE_RSA ?
					   NCR_KEY_FORMAT_PKCS1 :
					   NCR_KEY_FORMAT_RAW };
		for (size_t f = 0; f < ARRAY_SIZE(secret_fmts); f++) {
			before = live_now();
			len = sizeof(buf);
			memset(buf, 0x5a, sizeof(buf));
			r = pk_export(fd, priv, secret_fmts[f], buf, &len);
			expect_none(r, -EPERM, &before, "%s: export %s of a "
				    "non-exportable private key", t[i].name,
				    fmt_name(secret_fmts[f]));
			if (r) {
				int clean = 1;

				for (size_t b = 0; b < 64; b++)
					clean &= buf[b] == 0x5a;
				if (!clean)
					tap_ok(0, "%s: refused export wrote "
					       "to the buffer", t[i].name);
			}
		}
		/* the public forms: allowed from the private key */
		uint32_t pub_fmts[] = { NCR_KEY_FORMAT_SPKI,
					t[i].type == NCR_KEY_TYPE_RSA ? 0 :
					NCR_KEY_FORMAT_RAW_PUBLIC };
		for (size_t f = 0; f < ARRAY_SIZE(pub_fmts); f++) {
			if (!pub_fmts[f])
				continue;
			len = sizeof(buf);
			r = pk_export(fd, priv, pub_fmts[f], buf, &len);
			tap_err(r, 0, "%s: export %s of the non-exportable "
				"private key (%zu bytes)", t[i].name,
				fmt_name(pub_fmts[f]), len);
		}
		/* the public key object: exportable, its default is SPKI */
		r = key_info(fd, pub, &ki);
		tap_ok(!r && (ki.flags & NCR_KEY_FLAG_EXPORTABLE) &&
		       (ki.flags & NCR_KEY_FLAG_STORABLE) &&
		       !(ki.attrs & NCR_KEY_ATTR_ALWAYS_SENSITIVE) &&
		       ki.key_class == NCR_KEY_CLASS_PUBLIC,
		       "%s: the public key object is exportable, storable, "
		       "not ALWAYS_SENSITIVE and of class public (flags 0x%x, "
		       "attrs 0x%x, class %u)", t[i].name, ki.flags, ki.attrs,
		       ki.key_class);
		len = sizeof(buf);
		r = pk_export(fd, pub, NCR_KEY_FORMAT_DEFAULT, buf, &len);
		tap_err(r, 0, "%s: default export of the public key object",
			t[i].name);
		r = key_info(fd, priv, &ki);
		tap_ok(!r && ki.flags == 0 &&
		       ki.key_class == NCR_KEY_CLASS_PRIVATE,
		       "%s: the private key has exactly the flags asked (0x%x)",
		       t[i].name, ki.flags);
		before = live_now();
		len = sizeof(buf);
		r = pk_export(fd, pub, NCR_KEY_FORMAT_PKCS8, buf, &len);
		expect_none(r, -EINVAL, &before, "%s: PKCS8 export of a public "
			    "key object (it has no private key)", t[i].name);
		if (t[i].type == NCR_KEY_TYPE_RSA) {
			len = sizeof(buf);
			r = pk_export(fd, pub, NCR_KEY_FORMAT_PKCS1, buf, &len);
			tap_err(r, 0, "RSA-2048: PKCS1 export of the public key "
				"object (RSAPublicKey)");
		}
		key_del(fd, priv);
		key_del(fd, pub);
	}
}

/* Usage bits and key classes for sessions and derive. */
void test_pk_usage(void)
{
	uint8_t msg[32] = { 1, 2, 3 }, sig[NCR_MAX_SIGNATURE];
	uint8_t ct[512], pt[512], peer[65];
	struct pkp p = { .hash = NCR_ALG_SHA256 };
	struct live before;
	uint32_t sign_only, verify_only, pub, rsa, rsa_pub, x, xpub, nk;
	size_t sl, len, pl = sizeof(peer);
	int r;

	/* EC: SIGN only / VERIFY only */
	r = pk_genpair(fd, NCR_KEY_TYPE_EC, 256, 0, NULL, 0, 0,
		       NCR_KEY_USAGE_SIGN, 0, &sign_only, &pub);
	r = r ? r : pk_genpair(fd, NCR_KEY_TYPE_EC, 256, 0, NULL, 0, 0,
			       NCR_KEY_USAGE_VERIFY, NCR_KEY_USAGE_VERIFY,
			       &verify_only, &xpub);
	if (!tap_err(r, 0, "EC key pairs for the usage checks"))
		return;
	key_del(fd, xpub);
	sl = sizeof(sig);
	r = pk_sign(fd, NCR_ALG_ECDSA, sign_only, &p, msg, 32, sig, &sl);
	tap_err(r, 0, "ECDSA sign with a SIGN key");
	before = live_now();
	r = pk_verify(fd, NCR_ALG_ECDSA, sign_only, &p, msg, 32, sig, sl);
	expect_none(r, -EPERM, &before, "ECDSA verify with a private key "
		    "lacking VERIFY");
	r = pk_verify(fd, NCR_ALG_ECDSA, pub, &p, msg, 32, sig, sl);
	tap_ok(r == NCR_VERIFY_OK, "the public key (public usage derived "
	       "from SIGN: VERIFY) verifies: %s", errname(r));
	sl = sizeof(sig);
	r = pk_sign(fd, NCR_ALG_ECDSA, verify_only, &p, msg, 32, sig, &sl);
	expect_none(r, -EPERM, &before, "ECDSA sign with a private key "
		    "lacking SIGN");
	sl = sizeof(sig);
	r = pk_sign(fd, NCR_ALG_ECDSA, pub, &p, msg, 32, sig, &sl);
	expect_none(r, -EPERM, &before, "ECDSA sign with a public key");
	{
		struct ncr_session_init s = {
			.size = sizeof(s), .algorithm = NCR_ALG_ECDSA,
			.op = NCR_OP_SIGN, .key = pub, .hash = NCR_ALG_SHA256,
		};

		r = xioctl(fd, NCRIO_SESSION_INIT, &s);
		expect_none(r, -EPERM, &before, "SESSION_INIT sign with a "
			    "public key");
	}
	r = pk_export(fd, sign_only, NCR_KEY_FORMAT_RAW_PUBLIC, peer, &pl);
	r = r ? r : pk_derive(fd, NCR_ALG_ECDH, sign_only, peer, pl,
			      NCR_KEY_TYPE_HMAC, 0, NCR_KEY_USAGE_SIGN, &nk);
	expect_none(r, -EPERM, &before, "ECDH derive with a private key "
		    "lacking DERIVE");
	/* a public key with DERIVE usage still cannot derive */
	{
		uint8_t spki[200];
		size_t sl2 = sizeof(spki);
		uint32_t dpub;

		r = pk_export(fd, pub, NCR_KEY_FORMAT_SPKI, spki, &sl2);
		r = r ? r : pk_import(fd, NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_SPKI,
				      0, spki, sl2, 0, NCR_KEY_USAGE_DERIVE,
				      &dpub);
		if (tap_err(r, 0, "EC public key imported with DERIVE")) {
			before = live_now();
			r = pk_derive(fd, NCR_ALG_ECDH, dpub, peer, pl,
				      NCR_KEY_TYPE_HMAC, 0, NCR_KEY_USAGE_SIGN,
				      &nk);
			expect_none(r, -EPERM, &before, "ECDH derive with a "
				    "public key");
			key_del(fd, dpub);
		}
		before = live_now();
		r = pk_import(fd, NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_SPKI, 0,
			      spki, sl2, 0, NCR_KEY_USAGE_SIGN, &dpub);
		if (!r)
			key_del(fd, dpub);
		expect_none(r, -EINVAL, &before, "import of a public key with "
			    "SIGN usage");
		before = live_now();
		r = pk_import(fd, NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_SPKI, 0,
			      spki, sl2, 0, NCR_KEY_USAGE_DECRYPT, &dpub);
		if (!r)
			key_del(fd, dpub);
		expect_none(r, -EINVAL, &before, "import of a public key with "
			    "DECRYPT usage");
	}
	key_del(fd, sign_only);
	key_del(fd, verify_only);
	key_del(fd, pub);

	/* RSA: ENCRYPT only cannot decrypt, DECRYPT only cannot encrypt,
	 * the public key cannot decrypt */
	r = rsa_import(0, NCR_KEY_USAGE_ENCRYPT, &rsa, &rsa_pub);
	if (tap_err(r, 0, "RSA-2048 with ENCRYPT only")) {
		len = sizeof(ct);
		r = pk_crypt(fd, NCR_ALG_RSA_OAEP, NCR_OP_ENCRYPT, rsa, &p, msg,
			     32, ct, &len);
		tap_err(r, 0, "RSA-OAEP encrypt with ENCRYPT usage");
		before = live_now();
		size_t pl2 = sizeof(pt);

		r = pk_crypt(fd, NCR_ALG_RSA_OAEP, NCR_OP_DECRYPT, rsa, &p, ct,
			     len, pt, &pl2);
		expect_none(r, -EPERM, &before, "RSA-OAEP decrypt with a key "
			    "lacking DECRYPT");
		pl2 = sizeof(pt);
		r = pk_crypt(fd, NCR_ALG_RSA_OAEP, NCR_OP_DECRYPT, rsa_pub, &p,
			     ct, len, pt, &pl2);
		expect_none(r, -EPERM, &before, "RSA-OAEP decrypt with a "
			    "public key");
		sl = sizeof(sig);
		r = pk_sign(fd, NCR_ALG_RSA_PSS, rsa_pub, &p, msg, 32, sig,
			    &sl);
		expect_none(r, -EPERM, &before, "RSA-PSS sign with a public "
			    "key");
		key_del(fd, rsa);
		key_del(fd, rsa_pub);
	}
	r = rsa_import(0, NCR_KEY_USAGE_DECRYPT, &rsa, NULL);
	if (tap_err(r, 0, "RSA-2048 with DECRYPT only")) {
		before = live_now();
		len = sizeof(ct);
		r = pk_crypt(fd, NCR_ALG_RSA_OAEP, NCR_OP_ENCRYPT, rsa, &p, msg,
			     32, ct, &len);
		expect_none(r, -EPERM, &before, "RSA-OAEP encrypt with a key "
			    "lacking ENCRYPT");
		key_del(fd, rsa);
	}

	/* X25519: DERIVE works; the derived key gets exactly what is asked */
	r = pk_genpair(fd, NCR_KEY_TYPE_X25519, 0, 0, NULL, 0, 0,
		       NCR_KEY_USAGE_DERIVE, 0, &x, &xpub);
	if (!tap_err(r, 0, "X25519 key pair"))
		return;
	pl = 32;
	pk_export(fd, xpub, NCR_KEY_FORMAT_RAW_PUBLIC, peer, &pl);
	static const struct {
		uint32_t flags, usage, type;
	} d[] = {
		{ 0, NCR_KEY_USAGE_SIGN, NCR_KEY_TYPE_HMAC },
		{ NCR_KEY_FLAG_HASHABLE | NCR_KEY_FLAG_WRAPPABLE,
		  NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY, NCR_KEY_TYPE_HMAC },
		{ NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_TYPE_AES },
	};
	for (size_t i = 0; i < ARRAY_SIZE(d); i++) {
		struct ncr_key_info ki;
		uint8_t s[64];
		size_t slen = sizeof(s);

		r = pk_derive(fd, NCR_ALG_X25519, x, peer, 32, d[i].type,
			      d[i].flags, d[i].usage, &nk);
		if (!tap_err(r, 0, "X25519 derive into type %u flags 0x%x",
			     d[i].type, d[i].flags))
			continue;
		r = key_info(fd, nk, &ki);
		tap_ok(!r && ki.flags == d[i].flags && ki.usage == d[i].usage &&
		       ki.type == d[i].type && ki.bits == 256 &&
		       ki.key_class == NCR_KEY_CLASS_SECRET &&
		       !(ki.attrs & (NCR_KEY_ATTR_LOCAL |
				     NCR_KEY_ATTR_ALWAYS_SENSITIVE)),
		       "derived key: exactly flags 0x%x usage 0x%x type %u, "
		       "256 bits, secret, neither LOCAL nor ALWAYS_SENSITIVE "
		       "(got 0x%x 0x%x %u %u, attrs 0x%x)", d[i].flags,
		       d[i].usage, d[i].type, ki.flags, ki.usage, ki.type,
		       ki.bits, ki.attrs);
		before = live_now();
		r = secret_export(fd, nk, s, &slen);
		if (d[i].flags & NCR_KEY_FLAG_EXPORTABLE)
			tap_err(r, 0, "export of the EXPORTABLE derived key");
		else
			expect_none(r, -EPERM, &before, "export of a derived "
				    "key without EXPORTABLE");
		key_del(fd, nk);
	}
	before = live_now();
	r = pk_derive(fd, NCR_ALG_X25519, x, peer, 32, NCR_KEY_TYPE_HMAC, 0, 0,
		      &nk);
	expect_none(r, -EINVAL, &before, "derive with usage 0");
	r = pk_derive(fd, NCR_ALG_ECDH, x, peer, 32, NCR_KEY_TYPE_HMAC, 0,
		      NCR_KEY_USAGE_SIGN, &nk);
	expect_none(r, -EINVAL, &before, "ECDH derive with an X25519 key");
	r = pk_derive(fd, NCR_ALG_X25519, xpub, peer, 32, NCR_KEY_TYPE_HMAC, 0,
		      NCR_KEY_USAGE_SIGN, &nk);
	expect_none(r, -EPERM, &before, "X25519 derive with the public key");
	/* the caller chose the peer and may know the secret: never TRUSTED,
	 * whoever asks (EPERM for root too) */
	{
		struct ncr_key_policy pol = {
			.flags = NCR_KEY_FLAG_TRUSTED,
			.usage = NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP,
			.algs = NCR_KEY_ALG_AES_KW,
		};

		before = live_now();
		r = ncr_key_derive_ex(fd, NCR_ALG_X25519, x, peer, 32,
				      NCR_KEY_TYPE_AES, &pol, &nk);
		if (!r)
			key_del(fd, nk);
		expect_none(r, -EPERM, &before, "X25519 derive of a TRUSTED "
			    "wrapping key (as uid %d)", (int)geteuid());
		/* nor later: ncr.h, NCRIO_KEY_WRAP, "A wrapping key the
		 * caller could know (imported, exportable, derived) can
		 * therefore only wrap keys the caller could read anyway." */
		pol.flags = 0;
		r = is_root ? ncr_key_derive_ex(fd, NCR_ALG_X25519, x, peer,
						32, NCR_KEY_TYPE_AES, &pol,
						&nk) : -EPERM;
		if (!is_root) {
			tap_skip("not root", "NCRIO_KEY_TRUST of a derived "
				 "wrap-only key");
		} else if (tap_err(r, 0, "a derived wrap-only AES key")) {
			before = live_now();
			r = ncr_key_trust(fd, nk);
			expect_none(r, -EINVAL, &before, "NCRIO_KEY_TRUST by "
				    "root of a derived key");
			key_del(fd, nk);
		}
	}
	key_del(fd, x);
	key_del(fd, xpub);
}

/* Key wrap with RSA-OAEP: the key wrap rules with RSA wrapping keys. */
void test_pk_wrap(void)
{
	uint8_t w[512], raw[32] = { 9, 8, 7 }, buf[64], msg[32];
	uint8_t ct1[32], ct2[32];
	uint32_t rsa, rsa_pub, nowrap_rsa, rsa_ew, aes_w, aes_ew, aes_nw, nk = 0;
	struct ncr_key_info ki;
	struct live before;
	size_t wl, len;
	int r;

	memset(msg, 0x17, sizeof(msg));
	r = rsa_import(NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_WRAP |
		       NCR_KEY_USAGE_UNWRAP, &rsa, &rsa_pub);
	if (!tap_err(r, 0, "RSA-2048 with WRAP|UNWRAP"))
		return;
	r = rsa_import(0, NCR_KEY_USAGE_DECRYPT, &nowrap_rsa, NULL);
	r = r ? r : rsa_import(NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_WRAPPABLE,
			       NCR_KEY_USAGE_SIGN, &rsa_ew, NULL);
	r = r ? r : imp_key(fd, NCR_KEY_TYPE_AES, raw, 32,
			    NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_ENCRYPT,
			    NCR_KEY_ALG_AES_CBC, NULL, &aes_w);
	r = r ? r : imp_key(fd, NCR_KEY_TYPE_AES, raw, 32,
			    NCR_KEY_FLAG_WRAPPABLE | NCR_KEY_FLAG_EXPORTABLE,
			    NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_CBC, NULL,
			    &aes_ew);
	r = r ? r : imp_key(fd, NCR_KEY_TYPE_AES, raw, 32,
			    NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_ENCRYPT,
			    NCR_KEY_ALG_AES_CBC, NULL, &aes_nw);
	if (!tap_err(r, 0, "keys for the RSA-OAEP wrap checks"))
		return;
	/* a public key anybody can import is no TRUSTED key */
	before = live_now();
	wl = sizeof(w);
	r = key_wrap(fd, NCR_WALG_RSA_OAEP, rsa_pub, aes_w, w, &wl);
	expect_none(r, -EPERM, &before, "RSA-OAEP wrap of a wrappable, "
		    "non-exportable AES key under an (untrusted) public key");
	wl = sizeof(w);
	r = key_wrap(fd, NCR_WALG_RSA_OAEP, rsa, aes_w, w, &wl);
	expect_none(r, -EPERM, &before, "RSA-OAEP wrap of a wrappable, "
		    "non-exportable AES key under an (untrusted) private key");
	wl = sizeof(w);
	r = key_wrap(fd, NCR_WALG_RSA_OAEP, rsa_pub, aes_ew, w, &wl);
	tap_ok(!r && wl == 256, "RSA-OAEP wrap of a wrappable, exportable AES "
	       "key with the public key: %s, %zu bytes", errname(r), wl);
	if (!r) {
		before = live_now();
		r = key_unwrap(fd, NCR_WALG_RSA_OAEP, rsa, w, wl,
			       NCR_KEY_TYPE_AES, NCR_KEY_FLAG_EXPORTABLE,
			       NCR_KEY_USAGE_ENCRYPT, 0, &nk);
		if (!r)
			key_del(fd, nk);
		expect_none(r, -EPERM, &before, "RSA-OAEP unwrap asking "
			    "EXPORTABLE under a non-exportable private key");
		r = key_unwrap(fd, NCR_WALG_RSA_OAEP, rsa, w, wl,
			       NCR_KEY_TYPE_AES, NCR_KEY_FLAG_HASHABLE,
			       NCR_KEY_USAGE_ENCRYPT, 0, &nk);
		if (!r)
			key_del(fd, nk);
		expect_none(r, -EPERM, &before, "RSA-OAEP unwrap asking "
			    "HASHABLE under a non-exportable private key");
		r = key_unwrap(fd, NCR_WALG_RSA_OAEP, rsa, w, wl,
			       NCR_KEY_TYPE_AES, 0, NCR_KEY_USAGE_ENCRYPT,
			       0, &nk);
		if (tap_err(r, 0, "RSA-OAEP unwrap with the private key")) {
			key_info(fd, nk, &ki);
			tap_ok(ki.flags == 0, "the RSA-OAEP unwrapped key has "
			       "exactly the flags asked (flags 0x%x)",
			       ki.flags);
			key_del(fd, nk);
		}
		before = live_now();
		r = key_unwrap(fd, NCR_WALG_RSA_OAEP, rsa_pub, w, wl,
			       NCR_KEY_TYPE_AES, 0, NCR_KEY_USAGE_ENCRYPT,
			       0, &nk);
		expect_none(r, -EPERM, &before, "RSA-OAEP unwrap with the "
			    "public key");
	}
	before = live_now();
	wl = sizeof(w);
	r = key_wrap(fd, NCR_WALG_RSA_OAEP, rsa_pub, aes_nw, w, &wl);
	expect_none(r, -EPERM, &before, "RSA-OAEP wrap of a key without "
		    "WRAPPABLE (even exportable)");
	wl = sizeof(w);
	r = key_wrap(fd, NCR_WALG_RSA_OAEP, nowrap_rsa, aes_ew, w, &wl);
	expect_none(r, -EPERM, &before, "RSA-OAEP wrap under an RSA key "
		    "lacking WRAP");
	wl = sizeof(w);
	r = key_wrap(fd, NCR_WALG_RSA_OAEP, rsa_pub, rsa_ew, w, &wl);
	expect_none(r, -EINVAL, &before, "RSA-OAEP wrap of an exportable, "
		    "wrappable private key: only secret keys");
	wl = sizeof(w);
	r = key_wrap(fd, NCR_WALG_RSA_OAEP, rsa, aes_ew, w, &wl);
	if (!r) {
		before = live_now();
		r = key_unwrap(fd, NCR_WALG_RSA_OAEP, nowrap_rsa, w, wl,
			       NCR_KEY_TYPE_AES, 0, NCR_KEY_USAGE_ENCRYPT,
			       0, &nk);
		expect_none(r, -EPERM, &before, "RSA-OAEP unwrap under a key "
			    "lacking UNWRAP");
	}

	/* root: the peer's public key, TRUSTED, carries a non-exportable
	 * key to the holder of the private key */
	if (is_root) {
		uint8_t spki[1024];
		size_t sl = sizeof(spki);
		uint32_t tpub = 0;

		r = pk_export(fd, rsa, NCR_KEY_FORMAT_SPKI, spki, &sl);
		r = r ? r : pk_import(fd, NCR_KEY_TYPE_RSA,
				      NCR_KEY_FORMAT_SPKI, 0, spki, sl,
				      NCR_KEY_FLAG_TRUSTED, NCR_KEY_USAGE_WRAP,
				      &tpub);
		if (tap_err(r, 0, "root: a TRUSTED RSA public key, usage "
			    "WRAP")) {
			wl = sizeof(w);
			r = key_wrap(fd, NCR_WALG_RSA_OAEP, tpub, aes_w, w,
				     &wl);
			tap_ok(!r && wl == 256, "RSA-OAEP wrap of a wrappable, "
			       "non-exportable key under the TRUSTED public "
			       "key: %s", errname(r));
			/* an untrusted private key takes raw material only:
			 * the envelope + key is no AES key length */
			before = live_now();
			r = r ? r : key_unwrap(fd, NCR_WALG_RSA_OAEP, rsa, w,
					       wl, NCR_KEY_TYPE_AES, 0,
					       NCR_KEY_USAGE_ENCRYPT, 0, &nk);
			expect_none(r, -EINVAL, &before, "... its unwrap with "
				    "the private key while that is not "
				    "TRUSTED");
			/* root trusts its own private key (imported by
			 * root, wrap-only): it takes the envelope */
			r = ncr_key_trust(fd, rsa);
			r = r ? r : key_unwrap(fd, NCR_WALG_RSA_OAEP, rsa, w,
					       wl, NCR_KEY_TYPE_AES, 0,
					       NCR_KEY_USAGE_ENCRYPT, 0, &nk);
			if (tap_err(r, 0, "... and its unwrap with the private "
				    "key once TRUSTED")) {
				/* the envelope gave it aes_w's set (CBC) */
				r = cbc_encrypt(fd, nk, msg, 32, ct1);
				r = r ? r : cbc_encrypt(fd, aes_w, msg, 32,
							ct2);
				tap_ok(!r && !memcmp(ct1, ct2, 32), "the key "
				       "unwrapped has the original material "
				       "and set (%s)", errname(r));
				kinfo(fd, nk, &ki);
				tap_ok(ki.algs == NCR_KEY_ALG_AES_CBC &&
				       ki.usage == NCR_KEY_USAGE_ENCRYPT,
				       "... and the policy it was wrapped with "
				       "(usage %#x, algs %#llx)", ki.usage,
				       (unsigned long long)ki.algs);
				len = sizeof(buf);
				r = secret_export(fd, nk, buf, &len);
				tap_err(r, -EPERM, "... and is not exportable");
				key_del(fd, nk);
			}
			key_del(fd, tpub);
		}
	}
	key_del(fd, rsa);
	key_del(fd, rsa_pub);
	key_del(fd, nowrap_rsa);
	key_del(fd, rsa_ew);
	key_del(fd, aes_w);
	key_del(fd, aes_ew);
	key_del(fd, aes_nw);
}

/* Storage blobs of private keys. */
void test_pk_storage(void)
{
	static const struct {
		uint32_t type, bits, alg, hash;
		const char *name;
	} t[] = {
		{ NCR_KEY_TYPE_EC, 384, NCR_ALG_ECDSA, NCR_ALG_SHA384,
		  "EC P-384" },
		{ NCR_KEY_TYPE_ED25519, 0, NCR_ALG_ED25519, 0, "Ed25519" },
		{ NCR_KEY_TYPE_RSA, 2048, NCR_ALG_RSA_PSS, NCR_ALG_SHA256,
		  "RSA-2048" },
	};

	if (!master_set) {
		tap_skip("master key not set", "storage wrap of private keys");
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		uint8_t blob[NCR_STORAGE_BLOB_MAX], sig[NCR_MAX_SIGNATURE];
		uint8_t msg[77];
		struct pkp p = { .hash = t[i].hash, .salt_size =
				 t[i].alg == NCR_ALG_RSA_PSS ? 32 : 0 };
		struct ncr_key_info i1, i2;
		struct live before;
		uint32_t priv, pub, k2, nw, nwp;
		size_t bl = sizeof(blob), sl = sizeof(sig);
		int r;

		memset(msg, (int)i + 1, sizeof(msg));
		if (t[i].type == NCR_KEY_TYPE_RSA)
			r = rsa_import(NCR_KEY_FLAG_STORABLE,
				       NCR_KEY_USAGE_SIGN, &priv, &pub);
		else
			r = pk_genpair(fd, t[i].type, t[i].bits, 0, NULL, 0,
				       NCR_KEY_FLAG_STORABLE,
				       NCR_KEY_USAGE_SIGN, 0, &priv, &pub);
		if (!tap_err(r, 0, "%s: a storable private key", t[i].name))
			continue;
		r = ncr_key_storage_wrap(fd, priv, blob, &bl);
		tap_err(r, 0, "%s: storage wrap of the private key (%zu bytes)",
			t[i].name, bl);
		r = r ? r : ncr_key_storage_unwrap(fd, blob, bl, &k2);
		if (tap_err(r, 0, "%s: storage unwrap", t[i].name)) {
			key_info(fd, priv, &i1);
			key_info(fd, k2, &i2);
			tap_ok(key_info_equal(&i1, &i2) &&
			       i2.key_class == NCR_KEY_CLASS_PRIVATE,
			       "%s: the restored key has the same type, flags, "
			       "usage, bits, key ID, class, set, attrs, label",
			       t[i].name);
			r = pk_sign(fd, t[i].alg, k2, &p, msg, sizeof(msg),
				    sig, &sl);
			r = r ? r : pk_verify(fd, t[i].alg, pub, &p, msg,
					      sizeof(msg), sig, sl);
			tap_ok(r == NCR_VERIFY_OK, "%s: the restored key signs, "
			       "the original public key verifies: %s",
			       t[i].name, errname(r));
			before = live_now();
			bl = sizeof(blob);
			r = pk_export(fd, k2, NCR_KEY_FORMAT_PKCS8, blob, &bl);
			expect_none(r, -EPERM, &before, "%s: PKCS8 export of "
				    "the restored non-exportable key",
				    t[i].name);
			key_del(fd, k2);
		}
		/* the public key object is always storable */
		bl = sizeof(blob);
		r = ncr_key_storage_wrap(fd, pub, blob, &bl);
		r = r ? r : ncr_key_storage_unwrap(fd, blob, bl, &k2);
		if (tap_err(r, 0, "%s: storage round trip of the public key "
			    "object", t[i].name)) {
			key_info(fd, pub, &i1);
			key_info(fd, k2, &i2);
			tap_ok(key_info_equal(&i1, &i2) &&
			       i2.key_class == NCR_KEY_CLASS_PUBLIC,
			       "%s: the restored public key is the same",
			       t[i].name);
			key_del(fd, k2);
		}
		/* WRAPPABLE but not STORABLE: EPERM */
		if (t[i].type != NCR_KEY_TYPE_RSA &&
		    !pk_genpair(fd, t[i].type, t[i].bits, 0, NULL, 0,
				NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_SIGN, 0,
				&nw, &nwp)) {
			before = live_now();
			bl = sizeof(blob);
			r = ncr_key_storage_wrap(fd, nw, blob, &bl);
			expect_none(r, -EPERM, &before, "%s: storage wrap of a "
				    "(wrappable) private key without STORABLE",
				    t[i].name);
			key_del(fd, nw);
			key_del(fd, nwp);
		}
		key_del(fd, priv);
		key_del(fd, pub);
	}
}
