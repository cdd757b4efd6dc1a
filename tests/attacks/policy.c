// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/attacks/policy.c - part of build/tests/attacks (see tests/attacks/main.c):
 * the general properties of KEY POLICY in ncr.h.
 *   P.restrict-only-stricter  NCRIO_KEY_RESTRICT only ever clears bits;
 *   P.trusted-needs-root      NCR_KEY_FLAG_TRUSTED and NCRIO_KEY_TRUST
 *                need CAP_SYS_ADMIN (and root's side: they work for
 *                root, on keys that qualify);
 *   P.algset     no algorithm outside a key's set accepts the key.
 * (P.no-reveal is in tests/attacks/reveal.c.)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>

#include "attacks.h"

/* ------------------------------------------------------------- P.restrict */

/* the ID prefixes */
#define PR "P.restrict-only-stricter."
#define PT "P.trusted-needs-root."

/* The policy triple of a key, for comparisons. */
struct pol {
	uint32_t flags, usage;
	uint64_t algs;
	uint32_t attrs;
};

static int pol_get(int fd, uint32_t key, struct pol *p)
{
	struct ncr_key_info ki;
	int r = a_keyinfo(fd, key, &ki);

	memset(p, 0, sizeof(*p));
	if (!r) {
		p->flags = ki.flags;
		p->usage = ki.usage;
		p->algs = ki.algs;
		p->attrs = ki.attrs;
	}
	return r;
}

static int pol_eq(const struct pol *a, const struct pol *b)
{
	return a->flags == b->flags && a->usage == b->usage &&
	       a->algs == b->algs && a->attrs == b->attrs;
}

void t_restrict(void)
{
	const uint32_t flags = NCR_KEY_FLAG_EXPORTABLE |
			       NCR_KEY_FLAG_WRAPPABLE | NCR_KEY_FLAG_HASHABLE |
			       NCR_KEY_FLAG_STORABLE;
	const uint32_t usage = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT |
			       NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY;
	const uint64_t algs = NCR_KEY_ALG_AES_GCM | NCR_KEY_ALG_AES_CTR |
			      NCR_KEY_ALG_CMAC_AES | NCR_KEY_ALG_AES_ECB;
	static const uint8_t iv[16] = { 1 }, pt[32] = { 2 };
	uint8_t buf[64];
	size_t n;
	struct pol p0, p1;
	uint32_t k, ses;
	int r, bad, other;

	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 128, flags, usage, algs, &k);
	if (!tap_err(r, 0, PR "0 - an AES key with every flag but "
		     "TRUSTED, four usages, four algorithms"))
		return;
	pol_get(A.fd, k, &p0);

	r = a_restrict(A.fd, k, 0, 0, 0);
	pol_get(A.fd, k, &p1);
	tap_ok(!r && pol_eq(&p0, &p1), PR "1 - restrict clearing "
	       "nothing succeeds and changes nothing (%s)", errname(r));

	bad = 0;
	/* the lowest bits ncr.h does not define, whatever it grows to */
	bad |= a_restrict(A.fd, k, 1U << __builtin_ctz(~NCR_KEY_FLAGS_ALL),
			  0, 0) != -EINVAL;
	bad |= a_restrict(A.fd, k, 0x80000000U, 0, 0) != -EINVAL;
	bad |= a_restrict(A.fd, k, 0, 1U << 7, 0) != -EINVAL;
	bad |= a_restrict(A.fd, k, 0, 0, 1ULL << 63) != -EINVAL;
	bad |= a_restrict(A.fd, k, 0, 0,
			  1ULL << __builtin_ctzll(~NCR_KEY_ALGS_ALL)) != -EINVAL;
	bad |= a_restrict(A.fd, k, ~0U, ~0U, ~0ULL) != -EINVAL;
	pol_get(A.fd, k, &p1);
	tap_ok(!bad && pol_eq(&p0, &p1), PR "2 - unknown bits in "
	       "clear_flags/clear_usage/clear_algs: EINVAL, policy unchanged");

	bad = 0;
	bad |= a_restrict(A.fd, k, 0, usage, 0) != -EINVAL;
	bad |= a_restrict(A.fd, k, 0, NCR_KEY_USAGE_ALL, 0) != -EINVAL;
	bad |= a_restrict(A.fd, k, 0, 0, algs) != -EINVAL;
	bad |= a_restrict(A.fd, k, 0, 0, NCR_KEY_ALGS_ALL) != -EINVAL;
	bad |= a_restrict(A.fd, k, NCR_KEY_FLAG_EXPORTABLE, usage, 0) !=
	       -EINVAL;
	pol_get(A.fd, k, &p1);
	tap_ok(!bad && pol_eq(&p0, &p1), PR "3 - clearing every "
	       "usage or every algorithm: EINVAL, and nothing of the call "
	       "applied (flags unchanged too)");

	/* a session begun before the restriction */
	r = a_init(A.fd, NCR_ALG_AES_CTR, NCR_OP_DECRYPT, k, iv, 16, 0, &ses);
	tap_err(r, 0, PR "4 - a CTR decrypt session before restrict");
	r = a_restrict(A.fd, k, NCR_KEY_FLAG_EXPORTABLE,
		       NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_AES_CTR);
	pol_get(A.fd, k, &p1);
	tap_ok(!r && p1.flags == (p0.flags & ~NCR_KEY_FLAG_EXPORTABLE) &&
	       p1.usage == (p0.usage & ~NCR_KEY_USAGE_DECRYPT) &&
	       p1.algs == (p0.algs & ~NCR_KEY_ALG_AES_CTR) &&
	       !(p1.attrs & NCR_KEY_ATTR_ALWAYS_SENSITIVE),
	       PR "5 - clearing EXPORTABLE, DECRYPT and AES_CTR: "
	       "exactly those bits go, ALWAYS_SENSITIVE stays clear (flags "
	       "%#x usage %#x algs %#llx attrs %#x)", p1.flags, p1.usage,
	       (unsigned long long)p1.algs, p1.attrs);
	n = sizeof(buf);
	r = a_export(A.fd, k, NCR_KEY_FORMAT_RAW, buf, &n);
	tap_err(r, -EPERM, PR "6 - export after EXPORTABLE was "
		"cleared");
	n = sizeof(buf);
	r = a_update(A.fd, ses, 0, 0, pt, 32, buf, &n);
	tap_ok(!r && n == 32, PR "7 - the session begun before keeps "
	       "working (ncr.h: sessions keep what they started with): %s",
	       errname(r));
	a_free(A.fd, ses);
	r = a_init(A.fd, NCR_ALG_AES_CTR, NCR_OP_ENCRYPT, k, iv, 16, 0, &ses);
	tap_err(r, -EPERM, PR "8 - a new session with the cleared "
		"algorithm (CTR encrypt)");
	if (!r)
		a_free(A.fd, ses);
	r = a_init(A.fd, NCR_ALG_AES_GCM, NCR_OP_DECRYPT, k, iv, 12, 0, &ses);
	tap_err(r, -EPERM, PR "9 - a new session with the cleared "
		"usage (GCM decrypt)");
	if (!r)
		a_free(A.fd, ses);

	/* clearing is not toggling */
	r = a_restrict(A.fd, k, NCR_KEY_FLAG_EXPORTABLE,
		       NCR_KEY_USAGE_DECRYPT | NCR_KEY_USAGE_WRAP,
		       NCR_KEY_ALG_AES_CTR | NCR_KEY_ALG_AES_KW);
	pol_get(A.fd, k, &p0);
	tap_ok(!r && pol_eq(&p0, &p1), PR "10 - clearing bits that "
	       "are already clear (or never were) adds nothing back: %s",
	       errname(r));

	/* random sequences: every step a subset of the one before */
	bad = 0;
	for (int round = 0; round < 20 && !bad; round++) {
		uint32_t k2;

		if (a_gen(A.fd, NCR_KEY_TYPE_AES, 128, flags, usage, algs,
			  &k2)) {
			bad = 1;
			break;
		}
		pol_get(A.fd, k2, &p0);
		for (int step = 0; step < 12; step++) {
			uint32_t cf = (uint32_t)rng_below(&A.rng, 32) &
				      NCR_KEY_FLAGS_ALL;
			uint32_t cu = (uint32_t)rng_below(&A.rng, 128) &
				      (step & 1 ? usage : NCR_KEY_USAGE_ALL);
			uint64_t ca = rng_u64(&A.rng) & (step & 2 ? algs :
							  NCR_KEY_ALGS_ALL);
			int empty = !(p0.usage & ~cu) || !(p0.algs & ~ca);

			r = a_restrict(A.fd, k2, cf, cu, ca);
			pol_get(A.fd, k2, &p1);
			if (empty ? r != -EINVAL || !pol_eq(&p0, &p1) :
			    r || p1.flags != (p0.flags & ~cf) ||
			    p1.usage != (p0.usage & ~cu) ||
			    p1.algs != (p0.algs & ~ca) ||
			    (p1.attrs & ~p0.attrs)) {
				tap_diag("restrict %#x %#x %#llx on flags %#x "
					 "usage %#x algs %#llx: %s, now flags "
					 "%#x usage %#x algs %#llx attrs %#x",
					 cf, cu, (unsigned long long)ca,
					 p0.flags, p0.usage,
					 (unsigned long long)p0.algs,
					 errname(r), p1.flags, p1.usage,
					 (unsigned long long)p1.algs,
					 p1.attrs);
				bad = 1;
				break;
			}
			p0 = p1;
		}
		a_del(A.fd, k2);
	}
	tap_ok(!bad, PR "11 - 240 random restricts: every result is "
	       "exactly the old policy minus the cleared bits (EINVAL and "
	       "unchanged when usage or algs would become empty)");

	other = dev_open();
	r = other < 0 ? other : a_restrict(other, k, NCR_KEY_FLAG_STORABLE, 0,
					   0);
	tap_err(r, -ENOENT, PR "12 - restrict of the handle from "
		"another namespace");
	if (other >= 0)
		close(other);

	/* a blob sealed after the restriction keeps the restriction */
	if (A.master_set) {
		uint8_t blob[NCR_STORAGE_BLOB_MAX];
		uint32_t k3;

		n = sizeof(blob);
		r = key_store(A.fd, k, blob, &n);
		if (!r)
			r = key_load(A.fd, blob, n, &k3);
		if (!r) {
			pol_get(A.fd, k3, &p0);
			pol_get(A.fd, k, &p1);
			n = sizeof(buf);
			tap_ok(pol_eq(&p0, &p1) &&
			       a_export(A.fd, k3, 0, buf, &n) == -EPERM,
			       PR "13 - sealed after restrict, loaded "
			       "back: the restricted policy, export EPERM");
			a_del(A.fd, k3);
		} else {
			tap_err(r, 0, PR "13 - storage round trip of "
				"a restricted key");
		}
		r = a_restrict(A.fd, k, NCR_KEY_FLAG_STORABLE, 0, 0);
		n = sizeof(blob);
		r = r ?: key_store(A.fd, k, blob, &n);
		tap_err(r, -EPERM, PR "14 - storage wrap after "
			"STORABLE was cleared");
	} else {
		tap_skip("master key not set", PR "13 - sealed after "
			 "restrict keeps the restriction");
	}
	a_del(A.fd, k);
}

/* -------------------------------------------------------------- P.trusted */

void t_trusted(void)
{
	const uint32_t wu = NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP;
	const uint64_t kw = NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_KWP;
	uint8_t kek_bytes[32], wrapped[64];
	uint8_t *spki;
	size_t n, spki_len = 0;
	uint32_t k, kek, tk, priv, pub, t;
	struct ncr_key_info ki;
	EVP_PKEY *att = o_rsa_attacker();
	int r;

	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_TRUSTED, wu, kw,
		  &k);
	tap_err(r, -EPERM, PT "1 - generate a TRUSTED AES-256 "
		"wrap-only key without CAP_SYS_ADMIN");
	if (!r)
		a_del(A.fd, k);

	rng_fill(&A.rng, kek_bytes, sizeof(kek_bytes));
	r = a_import(A.fd, NCR_KEY_TYPE_AES, 0, 0, kek_bytes, 32,
		     NCR_KEY_FLAG_TRUSTED, wu, kw, &k);
	tap_err(r, -EPERM, PT "2 - import a TRUSTED AES key (one the "
		"caller knows)");
	if (!r)
		a_del(A.fd, k);

	spki = att ? o_der(att, 0, &spki_len) : NULL;
	r = spki ? a_import(A.fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_SPKI, 0,
			    spki, spki_len, NCR_KEY_FLAG_TRUSTED,
			    NCR_KEY_USAGE_WRAP, NCR_KEY_ALG_RSA_OAEP_WRAP, &k) :
		   -ENOMEM;
	tap_err(r, -EPERM, PT "3 - import a TRUSTED RSA public key "
		"(whose private key the caller holds)");
	if (!r)
		a_del(A.fd, k);

	r = a_genpair(A.fd, NCR_KEY_TYPE_RSA, 2048, NULL, 0,
		      NCR_KEY_FLAG_TRUSTED, NCR_KEY_USAGE_UNWRAP,
		      NCR_KEY_ALG_RSA_OAEP_WRAP, &priv, &pub);
	tap_err(r, -EPERM, PT "4 - generate a TRUSTED RSA pair");
	if (!r) {
		a_del(A.fd, priv);
		a_del(A.fd, pub);
	}

	/* unwrap asking for TRUSTED */
	r = a_import(A.fd, NCR_KEY_TYPE_AES, 0, 0, kek_bytes, 32,
		     NCR_KEY_FLAG_EXPORTABLE, wu, kw, &kek);
	if (!r)
		r = a_gen(A.fd, NCR_KEY_TYPE_AES, 256,
			  NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_WRAPPABLE,
			  wu, kw, &tk);
	n = sizeof(wrapped);
	if (!r)
		r = key_wrap(A.fd, NCR_WALG_AES_RFC3394, kek, tk, wrapped, &n);
	if (!r) {
		r = key_unwrap(A.fd, NCR_WALG_AES_RFC3394, kek, wrapped, n,
			       NCR_KEY_TYPE_AES, NCR_KEY_FLAG_TRUSTED, wu,
			       NCR_KEY_ALG_AES_KW, &t);
		tap_err(r, -EPERM, PT "5 - unwrap into a TRUSTED key");
		if (!r)
			a_del(A.fd, t);
		a_del(A.fd, tk);
		a_del(A.fd, kek);
	} else {
		tap_err(r, 0, PT "5 - setting up the unwrap test");
	}

	/* derive asking for TRUSTED */
	r = a_genpair(A.fd, NCR_KEY_TYPE_EC, 256, NULL, 0, 0,
		      NCR_KEY_USAGE_DERIVE, 0, &priv, &pub);
	if (!r) {
		uint8_t pt[133];

		n = sizeof(pt);
		r = a_export(A.fd, pub, NCR_KEY_FORMAT_RAW_PUBLIC, pt, &n);
		if (!r) {
			r = key_derive(A.fd, NCR_ALG_ECDH, priv, pt, n,
				       NCR_KEY_TYPE_AES, NCR_KEY_FLAG_TRUSTED,
				       wu, NCR_KEY_ALG_AES_KW, &t);
			tap_err(r, -EPERM, PT "6 - derive a TRUSTED "
				"key (ECDH)");
			if (!r)
				a_del(A.fd, t);
		}
		a_del(A.fd, priv);
		a_del(A.fd, pub);
	}
	if (r && r != -EPERM)
		tap_err(r, -EPERM, PT "6 - derive a TRUSTED key");

	/* NCRIO_KEY_TRUST on a key that qualifies */
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 256, 0, wu, kw, &k);
	if (!r) {
		r = a_trust(A.fd, k);
		a_keyinfo(A.fd, k, &ki);
		tap_ok(r == -EPERM && !(ki.flags & NCR_KEY_FLAG_TRUSTED),
		       PT "7 - NCRIO_KEY_TRUST on a wrap-only, "
		       "never-exportable key without CAP_SYS_ADMIN: %s "
		       "(want EPERM), flags %#x", errname(r), ki.flags);
		a_del(A.fd, k);
	} else {
		tap_err(r, 0, PT "7 - a wrap-only AES-256 key");
	}

	/* root's trusted KEK, loaded from its blob: restrict can remove
	 * TRUSTED, nothing gives it back */
	{
		uint8_t *blob = NULL;
		size_t bl = 0;

		if (a_dir_read("trusted-kek.blob", &blob, &bl) ||
		    !A.master_set) {
			tap_skip("no setup folder", PT "8 - TRUSTED "
				 "cleared by restrict stays cleared");
		} else if ((r = key_load(A.fd, blob, bl, &k))) {
			tap_err(r, 0, PT "8 - load root's trusted KEK");
		} else {
			uint32_t v;
			int r1, r2, r3 = -1;

			a_gen(A.fd, NCR_KEY_TYPE_AES, 128,
			      NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_ENCRYPT,
			      0, &v);
			n = sizeof(wrapped);
			r1 = a_restrict(A.fd, k, NCR_KEY_FLAG_TRUSTED, 0, 0);
			n = sizeof(wrapped);
			r2 = key_wrap(A.fd, NCR_WALG_AES_RFC3394, k, v, wrapped,
				      &n);
			r3 = a_trust(A.fd, k);
			a_keyinfo(A.fd, k, &ki);
			tap_ok(!r1 && r2 == -EPERM && r3 == -EPERM &&
			       !(ki.flags & NCR_KEY_FLAG_TRUSTED),
			       PT "8 - root's trusted KEK with TRUSTED "
			       "cleared (%s) no longer wraps a non-exportable "
			       "key (%s) and NCRIO_KEY_TRUST does not give it "
			       "back (%s)", errname(r1), errname(r2),
			       errname(r3));
			a_del(A.fd, v);
			a_del(A.fd, k);
		}
		free(blob);
	}
	free(spki);
	EVP_PKEY_free(att);
}

/* Root's side: TRUSTED works with CAP_SYS_ADMIN and only on keys that
 * qualify, so the EPERMs above are about privilege. */
void t_trusted_root(void)
{
	const uint32_t wu = NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP;
	const uint64_t kw = NCR_KEY_ALG_AES_KW;
	struct ncr_key_info ki;
	uint32_t k;
	int r;

	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_TRUSTED, wu, kw,
		  &k);
	tap_err(r, 0, PT "root1 - root generates a TRUSTED wrap-only "
		"key");
	if (!r)
		a_del(A.fd, k);
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 256, 0, wu, kw, &k);
	if (!r) {
		r = a_trust(A.fd, k);
		a_keyinfo(A.fd, k, &ki);
		tap_ok(!r && (ki.flags & NCR_KEY_FLAG_TRUSTED),
		       PT "root2 - root's NCRIO_KEY_TRUST on a "
		       "qualifying key: %s, flags %#x", errname(r), ki.flags);
		a_del(A.fd, k);
	}
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 256,
		  NCR_KEY_FLAG_TRUSTED | NCR_KEY_FLAG_EXPORTABLE, wu, kw, &k);
	tap_err(r, -EINVAL, PT "root3 - even root: TRUSTED with "
		"EXPORTABLE");
	if (!r)
		a_del(A.fd, k);
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_TRUSTED,
		  wu | NCR_KEY_USAGE_ENCRYPT, kw | NCR_KEY_ALG_AES_ECB, &k);
	tap_err(r, -EINVAL, PT "root4 - even root: TRUSTED on a key "
		"that can also encrypt (ECB)");
	if (!r)
		a_del(A.fd, k);
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_EXPORTABLE, wu, kw,
		  &k);
	if (!r) {
		int r2 = a_restrict(A.fd, k, NCR_KEY_FLAG_EXPORTABLE, 0, 0);

		r = r2 ?: a_trust(A.fd, k);
		tap_err(r, -EINVAL, PT "root5 - even root: TRUST of a "
			"key that was once exportable (restricted since)");
		a_del(A.fd, k);
	}
}


/* --------------------------------------------------------------- P.algset */

/* One (algorithm, operation) a key may be tried with. */
struct try {
	uint32_t alg, op;
	uint64_t bit;		/* its NCR_KEY_ALG_* */
	uint32_t iv;
	uint32_t hash;		/* public key */
	int kind;		/* 0 session, 1 wrap, 2 unwrap, 3 derive */
};

#define T_S(a, o, b, iv) { NCR_ALG_##a, NCR_OP_##o, NCR_KEY_ALG_##b, iv, 0, 0 }

static const struct try aes_tries[] = {
	T_S(AES_ECB, ENCRYPT, AES_ECB, 0), T_S(AES_ECB, DECRYPT, AES_ECB, 0),
	T_S(AES_CBC, ENCRYPT, AES_CBC, 16), T_S(AES_CBC, DECRYPT, AES_CBC, 16),
	T_S(AES_CTR, ENCRYPT, AES_CTR, 16), T_S(AES_CTR, DECRYPT, AES_CTR, 16),
	T_S(AES_GCM, ENCRYPT, AES_GCM, 12), T_S(AES_GCM, DECRYPT, AES_GCM, 12),
	T_S(AES_CCM, ENCRYPT, AES_CCM, 12), T_S(AES_CCM, DECRYPT, AES_CCM, 12),
	T_S(CMAC_AES, SIGN, CMAC_AES, 0), T_S(CMAC_AES, VERIFY, CMAC_AES, 0),
	T_S(AES_XTS, ENCRYPT, AES_XTS, 16), T_S(AES_XTS, DECRYPT, AES_XTS, 16),
	{ NCR_WALG_AES_RFC3394, 0, NCR_KEY_ALG_AES_KW, 0, 0, 1 },
	{ NCR_WALG_AES_RFC5649, 0, NCR_KEY_ALG_AES_KWP, 0, 0, 1 },
};

static const struct try chacha_tries[] = {
	T_S(CHACHA20, ENCRYPT, CHACHA20, 16),
	T_S(CHACHA20, DECRYPT, CHACHA20, 16),
	T_S(CHACHA20_POLY1305, ENCRYPT, CHACHA20_POLY1305, 12),
	T_S(CHACHA20_POLY1305, DECRYPT, CHACHA20_POLY1305, 12),
};

static const struct try hmac_tries[] = {
	T_S(HMAC_SHA1, SIGN, HMAC_SHA1, 0),
	T_S(HMAC_SHA224, SIGN, HMAC_SHA224, 0),
	T_S(HMAC_SHA256, SIGN, HMAC_SHA256, 0),
	T_S(HMAC_SHA256, VERIFY, HMAC_SHA256, 0),
	T_S(HMAC_SHA384, SIGN, HMAC_SHA384, 0),
	T_S(HMAC_SHA512, VERIFY, HMAC_SHA512, 0),
	T_S(HMAC_SHA3_256, SIGN, HMAC_SHA3_256, 0),
	T_S(HMAC_SHA3_512, SIGN, HMAC_SHA3_512, 0),
};

static const struct try rsa_tries[] = {
	{ NCR_ALG_RSA_PKCS1, NCR_OP_SIGN, NCR_KEY_ALG_RSA_PKCS1, 0,
	  NCR_ALG_SHA256, 0 },
	{ NCR_ALG_RSA_PSS, NCR_OP_SIGN, NCR_KEY_ALG_RSA_PSS, 0,
	  NCR_ALG_SHA256, 0 },
	{ NCR_ALG_RSA_PKCS1, NCR_OP_VERIFY, NCR_KEY_ALG_RSA_PKCS1, 0,
	  NCR_ALG_SHA256, 0 },
	{ NCR_ALG_RSA_PKCS1, NCR_OP_DECRYPT, NCR_KEY_ALG_RSA_PKCS1, 0, 0, 0 },
	{ NCR_ALG_RSA_OAEP, NCR_OP_DECRYPT, NCR_KEY_ALG_RSA_OAEP, 0, 0, 0 },
	{ NCR_ALG_RSA_PKCS1, NCR_OP_ENCRYPT, NCR_KEY_ALG_RSA_PKCS1, 0, 0, 0 },
	{ NCR_ALG_RSA_OAEP, NCR_OP_ENCRYPT, NCR_KEY_ALG_RSA_OAEP, 0, 0, 0 },
	{ NCR_WALG_RSA_OAEP, 0, NCR_KEY_ALG_RSA_OAEP_WRAP, 0, 0, 1 },
	{ NCR_WALG_RSA_OAEP, 0, NCR_KEY_ALG_RSA_OAEP_WRAP, 0, 0, 2 },
};

static const struct try ec_tries[] = {
	{ NCR_ALG_ECDSA, NCR_OP_SIGN, NCR_KEY_ALG_ECDSA, 0, NCR_ALG_SHA256, 0 },
	{ NCR_ALG_ECDSA, NCR_OP_VERIFY, NCR_KEY_ALG_ECDSA, 0, NCR_ALG_SHA256,
	  0 },
	{ NCR_ALG_ECDH, 0, NCR_KEY_ALG_ECDH, 0, 0, 3 },
};

/* A target any wrapping key may wrap (EXPORTABLE | WRAPPABLE), made once. */
static uint32_t algset_target;
static uint8_t algset_peer[65];

/* Runs one try with key k: 0 or -errno (EPERM: refused by policy). */
static int try_one(uint32_t k, const struct try *t)
{
	static const uint8_t iv[16] = { 7 };
	uint8_t buf[600];
	size_t n = sizeof(buf);
	uint32_t ses, nk;
	int r;

	switch (t->kind) {
	case 1:
		return key_wrap(A.fd, t->alg, k, algset_target, buf, &n);
	case 2:
		/* the policy check comes before the decryption (EBADMSG
		 * for these bytes when the policy lets it through) */
		memset(buf, 0x5a, 256);
		r = key_unwrap(A.fd, t->alg, k, buf, 256, NCR_KEY_TYPE_HMAC, 0,
			       NCR_KEY_USAGE_SIGN, 0, &nk);
		if (!r)
			a_del(A.fd, nk);
		return r == -EBADMSG || r == -EINVAL ? 0 : r;
	case 3:
		r = key_derive(A.fd, t->alg, k, algset_peer, 65,
			       NCR_KEY_TYPE_HMAC, 0, NCR_KEY_USAGE_SIGN, 0,
			       &nk);
		if (!r)
			a_del(A.fd, nk);
		return r;
	}
	if (t->hash || (t->alg >= NCR_ALG_RSA_PKCS1 &&
			t->alg <= NCR_ALG_ED25519))
		r = a_init_pk(A.fd, t->alg, t->op, k, t->hash, &ses);
	else
		r = a_init(A.fd, t->alg, t->op, k, iv, t->iv, 0, &ses);
	if (!r)
		a_free(A.fd, ses);
	return r;
}

/* Every try outside set: EPERM; inside: accepted.  One TAP line. */
static void algset_check(const char *id, const char *what, uint32_t k,
			 uint64_t set, const struct try *tries, size_t n)
{
	int refused = 0, accepted = 0, bad = 0;

	for (size_t i = 0; i < n; i++) {
		int r = try_one(k, &tries[i]);
		int in = !!(tries[i].bit & set);

		if (in ? r == 0 : r == -EPERM) {
			in ? accepted++ : refused++;
			continue;
		}
		bad++;
		tap_diag("%s: %s (kind %d) op %u: %s, want %s", what,
			 talg_name(tries[i].alg), tries[i].kind, tries[i].op,
			 errname(r), in ? "success" : "EPERM");
	}
	tap_ok(!bad, "%s - %s: %d algorithm/operation pairs outside its set "
	       "refused (EPERM), %d inside accepted", id, what, refused,
	       accepted);
}

void t_algset(void)
{
	static const uint64_t aes_sets[] = {
		NCR_KEY_ALG_AES_ECB, NCR_KEY_ALG_AES_CBC, NCR_KEY_ALG_AES_CTR,
		NCR_KEY_ALG_AES_GCM, NCR_KEY_ALG_AES_CCM,
		NCR_KEY_ALG_CMAC_AES, NCR_KEY_ALG_AES_KW, NCR_KEY_ALG_AES_KWP,
		NCR_KEY_ALG_AES_XTS,
	};
	static const char *const aes_names[] = {
		"ecb", "cbc", "ctr", "gcm", "ccm", "cmac", "kw", "kwp", "xts",
	};
	const uint32_t all = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT |
			     NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY |
			     NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP;
	char id[64], what[128];
	uint32_t k, pub, peer_priv, peer_pub;
	EVP_PKEY *vic = o_rsa_victim();
	uint8_t *der;
	size_t dl = 0, n;
	int r;

	if (a_gen(A.fd, NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_EXPORTABLE |
		  NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_ENCRYPT, 0,
		  &algset_target)) {
		tap_ok(0, "P.algset - a wrappable target key");
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(aes_sets); i++) {
		snprintf(id, sizeof(id), "P.algset.aes-%s", aes_names[i]);
		snprintf(what, sizeof(what), "an AES-256 key with every usage "
			 "and the set {%s}", aes_names[i]);
		r = a_gen(A.fd, NCR_KEY_TYPE_AES, 256, 0, all, aes_sets[i], &k);
		if (r) {
			tap_err(r, 0, "%s - %s", id, what);
			continue;
		}
		algset_check(id, what, k, aes_sets[i], aes_tries,
			     ARRAY_SIZE(aes_tries));
		a_del(A.fd, k);
	}
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 512, 0,
		  NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT, 0, &k);
	if (!r) {
		struct ncr_key_info ki;

		a_keyinfo(A.fd, k, &ki);
		tap_ok(ki.algs == NCR_KEY_ALG_AES_XTS, "P.algset.xts-default "
		       "- a 64-byte AES key's default set is {AES_XTS} "
		       "(%#llx)", (unsigned long long)ki.algs);
		algset_check("P.algset.xts-512", "an AES-XTS-256 (64-byte) "
			     "key", k, NCR_KEY_ALG_AES_XTS, aes_tries,
			     ARRAY_SIZE(aes_tries));
		a_del(A.fd, k);
	}
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 256, 0,
		  NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
		  NCR_KEY_ALG_AES_XTS | NCR_KEY_ALG_AES_GCM, &k);
	tap_err(r, -EINVAL, "P.algset.xts-mixed - a set holding AES_XTS and "
		"anything else");
	if (!r)
		a_del(A.fd, k);

	for (int i = 0; i < 2; i++) {
		uint64_t set = i ? NCR_KEY_ALG_CHACHA20_POLY1305 :
				   NCR_KEY_ALG_CHACHA20;

		r = a_gen(A.fd, NCR_KEY_TYPE_CHACHA20, 256, 0,
			  NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT, set,
			  &k);
		snprintf(id, sizeof(id), "P.algset.chacha-%s",
			 i ? "poly1305" : "raw");
		if (r) {
			tap_err(r, 0, "%s - a ChaCha20 key", id);
			continue;
		}
		algset_check(id, i ? "a ChaCha20 key with the set "
			     "{ChaCha20-Poly1305}" : "a ChaCha20 key with the "
			     "set {ChaCha20}", k, set, chacha_tries,
			     ARRAY_SIZE(chacha_tries));
		a_del(A.fd, k);
	}

	r = a_gen(A.fd, NCR_KEY_TYPE_HMAC, 256, 0,
		  NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY,
		  NCR_KEY_ALG_HMAC_SHA256, &k);
	if (!r) {
		algset_check("P.algset.hmac-sha256", "an HMAC key with the set "
			     "{HMAC-SHA256}", k, NCR_KEY_ALG_HMAC_SHA256,
			     hmac_tries, ARRAY_SIZE(hmac_tries));
		a_del(A.fd, k);
	}

	/* RSA: the victim key with every usage and one algorithm */
	der = vic ? o_der(vic, 1, &dl) : NULL;
	for (int i = 0; der && i < 4; i++) {
		static const uint64_t sets[] = {
			NCR_KEY_ALG_RSA_PKCS1, NCR_KEY_ALG_RSA_PSS,
			NCR_KEY_ALG_RSA_OAEP, NCR_KEY_ALG_RSA_OAEP_WRAP,
		};
		static const char *const nm[] = {
			"pkcs1", "pss", "oaep", "oaep-wrap",
		};

		snprintf(id, sizeof(id), "P.algset.rsa-%s", nm[i]);
		snprintf(what, sizeof(what), "an RSA private key with every "
			 "usage and the set {%s}", nm[i]);
		r = a_import(A.fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_PKCS8, 0,
			     der, dl, 0, all, sets[i], &k);
		if (r) {
			tap_err(r, 0, "%s - %s", id, what);
			continue;
		}
		algset_check(id, what, k, sets[i], rsa_tries,
			     ARRAY_SIZE(rsa_tries));
		a_del(A.fd, k);
	}
	free(der);
	der = vic ? o_der(vic, 0, &dl) : NULL;
	r = der ? a_import(A.fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_SPKI, 0, der,
			   dl, 0, NCR_KEY_USAGE_VERIFY | NCR_KEY_USAGE_ENCRYPT |
			   NCR_KEY_USAGE_WRAP, NCR_KEY_ALG_RSA_PSS, &k) :
		  -ENOMEM;
	if (r) {
		tap_err(r, 0, "P.algset.rsa-public - an RSA public key with "
			"the "
			"set {PSS}");
		free(der);
	} else {
		static const struct try pub_tries[] = {
			{ NCR_ALG_RSA_PSS, NCR_OP_VERIFY, NCR_KEY_ALG_RSA_PSS,
			  0, NCR_ALG_SHA256, 0 },
			{ NCR_ALG_RSA_PKCS1, NCR_OP_VERIFY,
			  NCR_KEY_ALG_RSA_PKCS1, 0, NCR_ALG_SHA256, 0 },
			{ NCR_ALG_RSA_OAEP, NCR_OP_ENCRYPT,
			  NCR_KEY_ALG_RSA_OAEP, 0, 0, 0 },
			{ NCR_ALG_RSA_PKCS1, NCR_OP_ENCRYPT,
			  NCR_KEY_ALG_RSA_PKCS1, 0, 0, 0 },
			{ NCR_WALG_RSA_OAEP, 0, NCR_KEY_ALG_RSA_OAEP_WRAP, 0,
			  0, 1 },
		};

		algset_check("P.algset.rsa-public", "an RSA public key with "
			     "the set {PSS}", k, NCR_KEY_ALG_RSA_PSS,
			     pub_tries, ARRAY_SIZE(pub_tries));
		a_del(A.fd, k);
		free(der);
	}

	/* EC: ECDSA only, ECDH only */
	r = a_genpair(A.fd, NCR_KEY_TYPE_EC, 256, NULL, 0, 0,
		      NCR_KEY_USAGE_DERIVE, 0, &peer_priv, &peer_pub);
	n = sizeof(algset_peer);
	if (!r)
		r = a_export(A.fd, peer_pub, NCR_KEY_FORMAT_RAW_PUBLIC,
			     algset_peer, &n);
	for (int i = 0; !r && i < 2; i++) {
		uint64_t set = i ? NCR_KEY_ALG_ECDH : NCR_KEY_ALG_ECDSA;

		snprintf(id, sizeof(id), "P.algset.ec-%s",
			 i ? "ecdh" : "ecdsa");
		r = a_genpair(A.fd, NCR_KEY_TYPE_EC, 256, NULL, 0, 0,
			      NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY |
			      NCR_KEY_USAGE_DERIVE, set, &k, &pub);
		if (r) {
			tap_err(r, 0, "%s - an EC P-256 pair", id);
			break;
		}
		algset_check(id, i ? "an EC private key with every usage and "
			     "the set {ECDH}" : "an EC private key with every "
			     "usage and the set {ECDSA}", k, set, ec_tries,
			     ARRAY_SIZE(ec_tries));
		a_del(A.fd, k);
		a_del(A.fd, pub);
	}
	if (r)
		tap_err(r, 0, "P.algset.ec - the EC keys");
	a_del(A.fd, peer_priv);
	a_del(A.fd, peer_pub);
	a_del(A.fd, algset_target);
	EVP_PKEY_free(vic);
}
