// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/attacks/reveal.c - part of build/tests/attacks (see tests/attacks/main.c):
 * P.no-reveal.  For every key kind (AES, HMAC, RSA, EC, X25519, Ed25519),
 * imported with known material and every flag but EXPORTABLE (WRAPPABLE,
 * STORABLE, HASHABLE: the most an attacker could hope for), every path
 * that outputs bytes is tried: export in every format, wrap with every
 * algorithm under keys whose output the attacker can read (its own AES
 * KEK, unwrapped with OpenSSL; its own RSA key, decrypted with OpenSSL),
 * storage wrap (the blob's bytes) then load and export, key data into a
 * digest and an HMAC, derive, unwrap under it.  Each path must refuse or
 * output nothing of the material: every 16-byte window of the secret
 * parts (AES/HMAC bytes, RSA d, p, q, EC d, X25519/Ed25519 private key)
 * is searched for in what comes out.  IDs: P.no-reveal.<kind>.<path>.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include "attacks.h"


/* The secret parts of a key, searched for in every output. */
struct needles {
	const uint8_t *p[4];
	size_t n[4];
	int count;
};

/* 1 if out holds any 16-byte window (or the whole, if shorter) of a
 * secret part. */
static int leaks(const struct needles *s, const uint8_t *out, size_t len)
{
	for (int i = 0; i < s->count; i++) {
		size_t w = s->n[i] < 16 ? s->n[i] : 16;

		for (size_t off = 0; off + w <= s->n[i]; off += w)
			if (a_contains(out, len, s->p[i] + off, w))
				return 1;
	}
	return 0;
}

/* One path: refused, or its output holds no key material.  The ID is
 * P.no-reveal.<kind>.<slug>. */
static void nr_report(const char *kind, const char *slug, const char *path,
		      int r, const struct needles *s, const uint8_t *out,
		      size_t len)
{
	if (r)
		tap_ok(1, "P.no-reveal.%s.%s - %s: refused (%s)", kind, slug,
		       path, errname(r));
	else
		tap_ok(!leaks(s, out, len), "P.no-reveal.%s.%s - %s: allowed, "
		       "%zu bytes out, none of them key material", kind, slug,
		       path, len);
}

struct nr_attacker {
	uint8_t kek[32];
	uint32_t kek_h;		/* imported AES-256 KEK, the caller knows it */
	uint32_t rsa_h;		/* imported RSA public key, the caller holds
				 * the private one */
	EVP_PKEY *rsa;
	uint32_t mac_h;		/* an HMAC key of the caller's */
};

static void no_reveal_one(const char *kind, uint32_t k, int pk,
			  const struct needles *s,
			  const struct nr_attacker *att, uint32_t ec_derive)
{
	static const struct {
		uint32_t f;
		const char *slug, *name;
	} fmts[] = {
		{ NCR_KEY_FORMAT_DEFAULT, "export", "export (default format)" },
		{ NCR_KEY_FORMAT_RAW, "export-raw", "export RAW" },
		{ NCR_KEY_FORMAT_RAW_PUBLIC, "export-raw-public",
		  "export RAW_PUBLIC" },
		{ NCR_KEY_FORMAT_SPKI, "export-spki", "export SPKI" },
		{ NCR_KEY_FORMAT_PKCS8, "export-pkcs8", "export PKCS8" },
		{ NCR_KEY_FORMAT_PKCS1, "export-pkcs1", "export PKCS1" },
		{ NCR_KEY_FORMAT_PARAMS, "export-params", "export PARAMS" },
		{ 7, "export-7", "export in an unknown format 7" },
	};
	static uint8_t out[NCR_STORAGE_BLOB_MAX + 64], clear[2048];
	struct ncr_key_info ki, ki2;
	size_t n, cl;
	uint32_t k2;
	int r;

	a_keyinfo(A.fd, k, &ki);
	for (size_t i = 0; i < ARRAY_SIZE(fmts); i++) {
		n = sizeof(out);
		r = a_export(A.fd, k, fmts[i].f, out, &n);
		nr_report(kind, fmts[i].slug, fmts[i].name, r, s, out, n);
	}

	/* transport wrap under keys the attacker can read the output of */
	for (int pad = 0; pad < 2; pad++) {
		const char *path = pad ? "wrap RFC 5649 under the caller's "
					 "AES KEK" :
					 "wrap RFC 3394 under the caller's "
					 "AES KEK";

		n = sizeof(out);
		r = key_wrap(A.fd, pad ? NCR_WALG_AES_RFC5649 :
			     NCR_WALG_AES_RFC3394, att->kek_h, k, out, &n);
		cl = sizeof(clear);
		if (!r && !o_kw_unwrap(att->kek, 32, pad, out, n, clear, &cl)) {
			memcpy(out, clear, cl);	/* what the attacker gets */
			n = cl;
		}
		nr_report(kind, pad ? "wrap-kwp" : "wrap-kw", path, r, s, out,
			  n);
	}
	n = sizeof(out);
	r = key_wrap(A.fd, NCR_WALG_RSA_OAEP, att->rsa_h, k, out, &n);
	cl = sizeof(clear);
	if (!r && !o_oaep(att->rsa, 0, out, n, clear, &cl)) {
		memcpy(out, clear, cl);
		n = cl;
	}
	nr_report(kind, "wrap-rsa", "wrap RSA-OAEP to the caller's RSA public "
		  "key", r, s, out, n);

	/* storage: the blob, and the key loaded back */
	if (A.master_set) {
		n = sizeof(out);
		r = key_store(A.fd, k, out, &n);
		nr_report(kind, "blob", "storage blob (the bytes of the blob)",
			  r, s, out, n);
		if (!r) {
			r = key_load(A.fd, out, n, &k2);
			if (!r) {
				a_keyinfo(A.fd, k2, &ki2);
				tap_ok(ki2.flags == ki.flags &&
				       ki2.usage == ki.usage &&
				       ki2.algs == ki.algs,
				       "P.no-reveal.%s.blob-policy - loaded "
				       "from its blob: "
				       "the same flags %#x (got %#x), usage, "
				       "algorithms", kind, ki.flags,
				       ki2.flags);
				for (int f = 0; f < 2; f++) {
					n = sizeof(out);
					r = a_export(A.fd, k2, f ? (pk ?
						     NCR_KEY_FORMAT_PKCS8 :
						     NCR_KEY_FORMAT_RAW) : 0,
						     out, &n);
					nr_report(kind, f ? "blob-export-raw" :
						  "blob-export", f ? "the "
						  "loaded key: export "
						  "RAW/PKCS8" : "the loaded "
						  "key: export (default)", r, s,
						  out, n);
				}
				a_del(A.fd, k2);
			} else {
				tap_err(r, 0, "P.no-reveal.%s.blob-policy - "
					"load its blob", kind);
			}
		}
	}

	/* key material as hash input */
	n = sizeof(out);
	r = a_keydata(A.fd, NCR_ALG_SHA256, 0, k, out, &n);
	nr_report(kind, "keydata-sha256", "SHA-256 of the key (KEY_DATA)", r,
		  s, out, n);
	n = sizeof(out);
	r = a_keydata(A.fd, NCR_ALG_HMAC_SHA256, att->mac_h, k, out, &n);
	nr_report(kind, "keydata-hmac", "HMAC-SHA256 under the caller's key "
		  "of the key (KEY_DATA)", r, s, out, n);
	if (pk && (r == 0 || r == -EPERM))
		tap_ok(0, "P.no-reveal.%s.keydata-errno - KEY_DATA of a "
		       "public-key object must be EINVAL, got %s", kind,
		       errname(r));

	/* derive: the new key holds a shared secret, never our key */
	if (ec_derive) {
		uint8_t peer[65];
		uint32_t pp, ppub;

		r = a_genpair(A.fd, ec_derive == NCR_ALG_ECDH ?
			      NCR_KEY_TYPE_EC : NCR_KEY_TYPE_X25519,
			      ec_derive == NCR_ALG_ECDH ? 256 : 0, NULL, 0, 0,
			      NCR_KEY_USAGE_DERIVE, 0, &pp, &ppub);
		n = sizeof(peer);
		if (!r)
			r = a_export(A.fd, ppub, NCR_KEY_FORMAT_RAW_PUBLIC,
				     peer, &n);
		if (!r) {
			r = key_derive(A.fd, ec_derive, k, peer, n,
				       NCR_KEY_TYPE_HMAC,
				       NCR_KEY_FLAG_EXPORTABLE,
				       NCR_KEY_USAGE_SIGN, 0, &k2);
			cl = sizeof(out);
			if (!r) {
				r = a_export(A.fd, k2, 0, out, &cl);
				a_del(A.fd, k2);
			}
			nr_report(kind, "derive", "derive an EXPORTABLE key "
				  "and export it", r, s, out, cl);
			a_del(A.fd, pp);
			a_del(A.fd, ppub);
		}
	} else {
		uint8_t peer[32] = { 9 };

		r = key_derive(A.fd, pk ? NCR_ALG_ECDH : NCR_ALG_X25519, k,
			       peer, 32, NCR_KEY_TYPE_HMAC,
			       NCR_KEY_FLAG_EXPORTABLE,
			       NCR_KEY_USAGE_SIGN, 0, &k2);
		if (!r)
			a_del(A.fd, k2);
		nr_report(kind, "derive", "derive with it (not a key-agreement "
			  "key)", r, s, NULL, 0);
	}

	/* unwrap under it into an EXPORTABLE key: the key as a
	 * decryption oracle (AES) */
	if (!pk) {
		memset(clear, 0x42, 40);
		r = key_unwrap(A.fd, NCR_WALG_AES_RFC3394, k, clear, 40,
			       NCR_KEY_TYPE_HMAC, NCR_KEY_FLAG_EXPORTABLE,
			       NCR_KEY_USAGE_SIGN, 0, &k2);
		if (!r)
			a_del(A.fd, k2);
		/* EPERM before any decryption; EINVAL for a key that
		 * is no AES key-wrapping key at all */
		tap_ok(r == -EPERM || (strcmp(kind, "aes") && r == -EINVAL),
		       "P.no-reveal.%s.unwrap-oracle - unwrap under it into "
		       "an EXPORTABLE key: %s", kind, errname(r));
	}
}

static EVP_PKEY *o_gen(const char *type, const char *group)
{
	EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
	EVP_PKEY *k = NULL;

	if (pc && EVP_PKEY_keygen_init(pc) > 0 &&
	    (!group || EVP_PKEY_CTX_set_group_name(pc, group) > 0))
		EVP_PKEY_keygen(pc, &k);
	EVP_PKEY_CTX_free(pc);
	return k;
}

void t_no_reveal(void)
{
	const uint32_t noexp = NCR_KEY_FLAG_WRAPPABLE | NCR_KEY_FLAG_STORABLE |
			       NCR_KEY_FLAG_HASHABLE;
	const uint32_t all = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT |
			     NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY |
			     NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP;
	const uint64_t aes_all = NCR_KEY_ALG_AES_ECB | NCR_KEY_ALG_AES_CBC |
				 NCR_KEY_ALG_AES_CTR | NCR_KEY_ALG_AES_GCM |
				 NCR_KEY_ALG_AES_CCM | NCR_KEY_ALG_CMAC_AES |
				 NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_KWP;
	struct nr_attacker att = { 0 };
	struct needles s;
	uint8_t secret[32], mac[32], *der = NULL, *p[3] = { NULL };
	size_t dl = 0, pn[3] = { 0 };
	uint32_t k;
	int r;

	att.rsa = o_rsa_attacker();
	rng_fill(&A.rng, att.kek, sizeof(att.kek));
	rng_fill(&A.rng, mac, sizeof(mac));
	r = a_import(A.fd, NCR_KEY_TYPE_AES, 0, 0, att.kek, 32,
		     NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_WRAP |
		     NCR_KEY_USAGE_UNWRAP, 0, &att.kek_h);
	if (!r)
		r = a_import(A.fd, NCR_KEY_TYPE_HMAC, 0, 0, mac, 32, 0,
			     NCR_KEY_USAGE_SIGN, 0, &att.mac_h);
	der = att.rsa ? o_der(att.rsa, 0, &dl) : NULL;
	if (!r)
		r = der ? a_import(A.fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_SPKI,
				   0, der, dl, 0, NCR_KEY_USAGE_WRAP, 0,
				   &att.rsa_h) : -ENOMEM;
	free(der);
	if (!tap_err(r, 0, "P.no-reveal.setup - the attacker's own AES KEK, "
		     "RSA public key and HMAC key imported"))
		goto out;

	/* AES-256: every family, every flag but EXPORTABLE */
	rng_fill(&A.rng, secret, sizeof(secret));
	s = (struct needles) { { secret }, { 32 }, 1 };
	r = a_import(A.fd, NCR_KEY_TYPE_AES, 0, 0, secret, 32, noexp, all,
		     aes_all, &k);
	if (tap_err(r, 0, "P.no-reveal.aes.import - a known AES-256 key, "
		    "WRAPPABLE|STORABLE|HASHABLE, not EXPORTABLE")) {
		no_reveal_one("aes", k, 0, &s, &att, 0);
		a_del(A.fd, k);
	}

	/* HMAC */
	rng_fill(&A.rng, secret, sizeof(secret));
	r = a_import(A.fd, NCR_KEY_TYPE_HMAC, 0, 0, secret, 32, noexp,
		     NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY, 0, &k);
	if (tap_err(r, 0, "P.no-reveal.hmac.import - a known 32-byte HMAC "
		    "key, not EXPORTABLE")) {
		no_reveal_one("hmac", k, 0, &s, &att, 0);
		a_del(A.fd, k);
	}

	/* private keys: RSA, EC, X25519, Ed25519 */
	for (int kind = 0; kind < 4; kind++) {
		static const char *const names[] = {
			"rsa", "ec", "x25519", "ed25519",
		};
		static const uint32_t types[] = {
			NCR_KEY_TYPE_RSA, NCR_KEY_TYPE_EC, NCR_KEY_TYPE_X25519,
			NCR_KEY_TYPE_ED25519,
		};
		EVP_PKEY *o = kind == 0 ? o_rsa_victim() :
			      kind == 1 ? o_gen("EC", "P-256") :
			      kind == 2 ? o_gen("X25519", NULL) :
					  o_gen("ED25519", NULL);
		uint32_t usage = kind == 0 ? all :
				 kind == 1 ? NCR_KEY_USAGE_SIGN |
					     NCR_KEY_USAGE_VERIFY |
					     NCR_KEY_USAGE_DERIVE :
				 kind == 2 ? NCR_KEY_USAGE_DERIVE :
					     NCR_KEY_USAGE_SIGN |
					     NCR_KEY_USAGE_VERIFY;
		uint64_t algs = kind == 0 ? NCR_KEY_ALG_RSA_PKCS1 |
					    NCR_KEY_ALG_RSA_PSS |
					    NCR_KEY_ALG_RSA_OAEP |
					    NCR_KEY_ALG_RSA_OAEP_WRAP :
				kind == 1 ? NCR_KEY_ALG_ECDSA |
					    NCR_KEY_ALG_ECDH : 0;

		memset(&s, 0, sizeof(s));
		if (kind == 0) {
			p[0] = o_bn_param(o, OSSL_PKEY_PARAM_RSA_D, &pn[0]);
			p[1] = o_bn_param(o, OSSL_PKEY_PARAM_RSA_FACTOR1,
					  &pn[1]);
			p[2] = o_bn_param(o, OSSL_PKEY_PARAM_RSA_FACTOR2,
					  &pn[2]);
		} else if (kind == 1) {
			p[0] = o_bn_param(o, OSSL_PKEY_PARAM_PRIV_KEY, &pn[0]);
		} else if (o) {
			pn[0] = 32;
			p[0] = malloc(32);
			if (p[0] && !EVP_PKEY_get_raw_private_key(o, p[0],
								   &pn[0])) {
				free(p[0]);
				p[0] = NULL;
			}
		}
		for (int i = 0; i < 3; i++)
			if (p[i]) {
				s.p[s.count] = p[i];
				s.n[s.count++] = pn[i];
			}
		der = o ? o_der(o, 1, &dl) : NULL;
		r = der && s.count ? a_import(A.fd, types[kind],
					      NCR_KEY_FORMAT_PKCS8, 0, der,
					      dl, noexp, usage, algs, &k) :
			-ENOMEM;
		if (tap_err(r, 0, "P.no-reveal.%s.import - a known private "
			    "key (PKCS#8), not EXPORTABLE", names[kind]))
			no_reveal_one(names[kind], k, 1, &s, &att,
				      kind == 1 ? NCR_ALG_ECDH :
				      kind == 2 ? NCR_ALG_X25519 : 0);
		if (!r)
			a_del(A.fd, k);
		free(der);
		for (int i = 0; i < 3; i++) {
			free(p[i]);
			p[i] = NULL;
		}
		EVP_PKEY_free(o);
	}
out:
	a_del(A.fd, att.kek_h);
	a_del(A.fd, att.rsa_h);
	a_del(A.fd, att.mac_h);
	EVP_PKEY_free(att.rsa);
}
