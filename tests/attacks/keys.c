// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/attacks/keys.c - part of build/tests/attacks (see tests/attacks/main.c): the
 * findings of issue 7 about key material, each carried out
 * as the real attack with OpenSSL on the attacker's side.
 *   A1   extraction through NCRIO_KEY_WRAP (keys the caller can unwrap
 *        itself), storage blobs that gained WRAPPABLE, and an UNWRAP-only
 *        RSA key as a decryption oracle;
 *   A13.c  kernel-assigned, unique key IDs;
 *   A13.d  PKCS#1 v1.5 decryption without a padding oracle.
 * The algorithm bindings (A2, A3, A7) are in algs.c.
 * Where an attack needs the victim's bytes to be recognised, the victim
 * has AES-ECB in its set, so a_victim_is() can tell whether what the
 * attack recovered is the key.  The recovery code runs only when the
 * kernel unexpectedly lets the attack through.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "libncr.h"
#include "attacks.h"

static const uint32_t WU = NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP;
static const uint64_t ECB_GCM = NCR_KEY_ALG_AES_ECB | NCR_KEY_ALG_AES_GCM;

/* The attacker's tools: an AES KEK it knows, its RSA key pair (public
 * half imported), a KEK it made in the kernel (untrusted). */
struct att {
	uint8_t kek[32];
	uint32_t kek_h, rsa_h, gen_kek;
	EVP_PKEY *rsa;
};

static int att_make(struct att *a)
{
	uint8_t *der;
	size_t dl = 0;
	int r;

	memset(a, 0, sizeof(*a));
	rng_fill(&A.rng, a->kek, sizeof(a->kek));
	a->rsa = o_rsa_attacker();
	r = a_import(A.fd, NCR_KEY_TYPE_AES, 0, 0, a->kek, 32, 0, WU, 0,
		     &a->kek_h);
	der = a->rsa ? o_der(a->rsa, 0, &dl) : NULL;
	if (!r)
		r = der ? a_import(A.fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_SPKI,
				   0, der, dl, 0, NCR_KEY_USAGE_WRAP, 0,
				   &a->rsa_h) : -ENOMEM;
	free(der);
	if (!r)
		r = a_gen(A.fd, NCR_KEY_TYPE_AES, 256, 0, WU, 0, &a->gen_kek);
	return r;
}

static void att_free(struct att *a)
{
	a_del(A.fd, a->kek_h);
	a_del(A.fd, a->rsa_h);
	a_del(A.fd, a->gen_kek);
	EVP_PKEY_free(a->rsa);
}

/*
 * Wrap victim under kek with walg, as the attacker; it must be refused
 * (EPERM).  If the kernel lets it through, the attacker unwraps the output
 * with OpenSSL (AES-KW with the KEK it knows, or RSA-OAEP with its private
 * key) and the test says whether that recovered the victim's key.
 */
static void wrap_attack(const char *id, const char *what, uint32_t walg,
			uint32_t kek, uint32_t victim, const struct att *a,
			int known)
{
	uint8_t out[600], clear[600];
	size_t n = sizeof(out), cl = sizeof(clear);
	int r = key_wrap(A.fd, walg, kek, victim, out, &n), got = -1;

	if (r) {
		tap_err(r, -EPERM, "%s - %s", id, what);
		return;
	}
	if (known && walg == NCR_WALG_RSA_OAEP)
		got = o_oaep(a->rsa, 0, out, n, clear, &cl) ? -1 :
		      a_victim_is(A.fd, victim, clear, cl);
	else if (known)
		got = o_kw_unwrap(a->kek, 32, walg == NCR_WALG_AES_RFC5649,
				  out, n, clear, &cl) ? -1 :
		      a_victim_is(A.fd, victim, clear, cl);
	tap_ok(0, "%s - %s: the wrap SUCCEEDED (%zu bytes)%s", id, what, n,
	       got == 1 ? " and OpenSSL unwrapped it to the victim's key: "
			  "KEY EXTRACTED" :
	       got == 0 ? "; the unwrapped bytes were not the key" : "");
}

/* Whether two AES handles hold the same material (ECB of one block). */
static int same_aes(uint32_t k1, uint32_t k2)
{
	static const uint8_t blk[16] = "same-key?-probe.";
	uint8_t o1[16], o2[16];
	size_t n1 = 16, n2 = 16;

	if (a_crypt(A.fd, NCR_ALG_AES_ECB, NCR_OP_ENCRYPT, k1, NULL, 0, NULL,
		    0, blk, 16, o1, &n1, NULL, NULL) ||
	    a_crypt(A.fd, NCR_ALG_AES_ECB, NCR_OP_ENCRYPT, k2, NULL, 0, NULL,
		    0, blk, 16, o2, &n2, NULL, NULL))
		return 0;
	return !memcmp(o1, o2, 16);
}

static void a1_blobs(const struct att *a)
{
	static const struct {
		const char *name;
		uint32_t flags;
	} blobs[] = {
		{ "a1-storable", NCR_KEY_FLAG_STORABLE },
		{ "a1-storwrap",
		  NCR_KEY_FLAG_STORABLE | NCR_KEY_FLAG_WRAPPABLE },
	};
	uint32_t loaded[2] = { 0, 0 }, tkek = 0;
	uint8_t *blob = NULL, *info = NULL, out[600];
	size_t bl, il, n;
	int r;

	if (!A.dir || !A.master_set) {
		tap_skip(A.dir ? "master key not set" : "no setup folder "
			 "(run --setup DIR as root first)", "A1.8 - A1.19: "
			 "blob files of root's non-exportable keys");
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(blobs); i++) {
		char file[64], id[16];
		struct ncr_key_info ki;
		const struct ncr_key_info *want;
		int base = 8 + 4 * (int)i;

		snprintf(file, sizeof(file), "%s.blob", blobs[i].name);
		r = a_dir_read(file, &blob, &bl);
		snprintf(file, sizeof(file), "%s.info", blobs[i].name);
		r = r ?: a_dir_read(file, &info, &il);
		r = r ?: il == sizeof(ki) ? 0 : -EINVAL;
		r = r ?: key_load(A.fd, blob, bl, &loaded[i]);
		snprintf(id, sizeof(id), "A1.%d", base);
		if (!tap_err(r, 0, "%s - uid 65534 reads root's blob file %s "
			     ".blob and loads it", id, blobs[i].name) && r) {
			free(blob);
			free(info);
			blob = info = NULL;
			continue;
		}
		want = (const struct ncr_key_info *)info;
		a_keyinfo(A.fd, loaded[i], &ki);
		tap_ok(ki.flags == blobs[i].flags && ki.flags == want->flags &&
		       ki.usage == want->usage && ki.algs == want->algs &&
		       ki.attrs == want->attrs &&
		       ki.key_id_size == want->key_id_size &&
		       !memcmp(ki.key_id, want->key_id, NCR_KEY_ID_MAX) &&
		       ki.label_size == want->label_size &&
		       !memcmp(ki.label, want->label, ki.label_size),
		       "A1.%d - the loaded key has exactly the sealed policy: "
		       "flags %#x (sealed %#x), usage, algs, attrs %#x, key "
		       "ID and label", base + 1, ki.flags, want->flags,
		       ki.attrs);
		n = sizeof(out);
		r = a_export(A.fd, loaded[i], NCR_KEY_FORMAT_RAW, out, &n);
		if (!r)
			tap_ok(0, "A1.%d - export of the loaded key "
			       "SUCCEEDED%s",
			       base + 2, a_victim_is(A.fd, loaded[i], out, n) ==
			       1 ? ": KEY EXTRACTED" : "");
		else
			tap_err(r, -EPERM, "A1.%d - export of the loaded key",
				base + 2);
		snprintf(id, sizeof(id), "A1.%da", base + 3);
		wrap_attack(id, "wrap of the loaded key under the attacker's "
			    "AES KEK (RFC 3394)", NCR_WALG_AES_RFC3394,
			    a->kek_h, loaded[i], a, 1);
		snprintf(id, sizeof(id), "A1.%db", base + 3);
		wrap_attack(id, "wrap of the loaded key under the attacker's "
			    "AES KEK (RFC 5649)", NCR_WALG_AES_RFC5649,
			    a->kek_h, loaded[i], a, 1);
		snprintf(id, sizeof(id), "A1.%dc", base + 3);
		wrap_attack(id, "wrap of the loaded key to the attacker's RSA "
			    "key (OAEP)", NCR_WALG_RSA_OAEP, a->rsa_h,
			    loaded[i], a, 1);
		free(blob);
		free(info);
		blob = info = NULL;
	}

	/* root's TRUSTED KEK: it wraps only WRAPPABLE keys, and what it
	 * unwraps is never EXPORTABLE or HASHABLE */
	r = a_dir_read("trusted-kek.blob", &blob, &bl);
	r = r ?: key_load(A.fd, blob, bl, &tkek);
	free(blob);
	if (!tap_err(r, 0, "A1.16 - uid 65534 loads root's TRUSTED KEK from "
		     "its blob") && r)
		goto out;
	if (loaded[0]) {
		n = sizeof(out);
		r = key_wrap(A.fd, NCR_WALG_AES_RFC3394, tkek, loaded[0], out,
			     &n);
		tap_err(r, -EPERM, "A1.17 - the STORABLE-only (not WRAPPABLE) "
			"loaded key under root's TRUSTED KEK");
	}
	if (loaded[1]) {
		uint32_t copy;

		n = sizeof(out);
		r = key_wrap(A.fd, NCR_WALG_AES_RFC3394, tkek, loaded[1], out,
			     &n);
		tap_err(r, 0, "A1.18 - the STORABLE|WRAPPABLE loaded key under "
			"root's TRUSTED KEK (transport: allowed)");
		if (r)
			goto out;
		r = key_unwrap(A.fd, NCR_WALG_AES_RFC3394, tkek, out, n,
			       NCR_KEY_TYPE_AES, NCR_KEY_FLAG_EXPORTABLE,
			       NCR_KEY_USAGE_ENCRYPT, ECB_GCM, &copy);
		if (!r) {
			uint8_t raw[32];
			size_t rl = sizeof(raw);
			int ex = a_export(A.fd, copy, 0, raw, &rl);

			tap_ok(0, "A1.19 - unwrap under the TRUSTED KEK into "
			       "an EXPORTABLE key SUCCEEDED%s", !ex &&
			       a_victim_is(A.fd, loaded[1], raw, rl) == 1 ?
			       ": KEY EXTRACTED" : "");
			a_del(A.fd, copy);
		} else {
			tap_err(r, -EPERM, "A1.19 - unwrap under root's "
				"TRUSTED KEK into an EXPORTABLE key");
		}
		r = key_unwrap(A.fd, NCR_WALG_AES_RFC3394, tkek, out, n,
			       NCR_KEY_TYPE_AES, NCR_KEY_FLAG_HASHABLE,
			       NCR_KEY_USAGE_ENCRYPT, ECB_GCM, &copy);
		tap_err(r, -EPERM, "A1.20 - unwrap under root's TRUSTED KEK "
			"into a HASHABLE key");
		if (!r)
			a_del(A.fd, copy);
		/*
		 * The wrapped form carries material only: the caller names
		 * the new key's usage and set.  Unwrapping under the same
		 * trusted key it may use, an unprivileged caller gets the
		 * victim's material with usages and algorithms the victim
		 * never had (here DECRYPT and CTR for an ENCRYPT-only
		 * ECB/GCM key: the GCM-through-CTR decryption of A3).
		 */
		r = key_unwrap(A.fd, NCR_WALG_AES_RFC3394, tkek, out, n,
			       NCR_KEY_TYPE_AES, 0, NCR_KEY_USAGE_ENCRYPT |
			       NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_AES_CTR |
			       NCR_KEY_ALG_AES_ECB, &copy);
		if (!r) {
			int same = same_aes(loaded[1], copy);

			tap_ok(!same, "A1.21 - a WRAPPABLE key taken through "
			       "wrap + unwrap under a TRUSTED KEK cannot gain "
			       "usage or algorithms: the unwrapped copy %s "
			       "(usage ENCRYPT|DECRYPT, set CTR|ECB; the "
			       "victim: ENCRYPT, ECB|GCM)", same ? "HAS THE "
			       "VICTIM'S MATERIAL with the wider policy" :
			       "differs");
			a_del(A.fd, copy);
		} else {
			tap_ok(1, "A1.21 - a WRAPPABLE key taken through wrap "
			       "+ unwrap under a TRUSTED KEK cannot gain usage "
			       "or algorithms: refused (%s)", errname(r));
		}
	}
out:
	if (tkek)
		a_del(A.fd, tkek);
	for (int i = 0; i < 2; i++)
		if (loaded[i])
			a_del(A.fd, loaded[i]);
}

/* A1 (c): an RSA key with UNWRAP only must not be a decryption oracle. */
static void a1_oracle(const struct att *a)
{
	uint8_t spki[600], msg[32], ct[256], out[600], md[64];
	size_t sl = sizeof(spki), cl = sizeof(ct), n;
	uint32_t priv, pub, k;
	EVP_PKEY *opub = NULL;
	int r;

	rng_fill(&A.rng, msg, sizeof(msg));
	r = a_genpair(A.fd, NCR_KEY_TYPE_RSA, 2048, NULL, 0, 0,
		      NCR_KEY_USAGE_UNWRAP, 0, &priv, &pub);
	r = r ?: a_export(A.fd, pub, NCR_KEY_FORMAT_SPKI, spki, &sl);
	if (!r) {
		opub = o_spki(spki, sl);
		r = opub && !o_oaep(opub, 1, msg, sizeof(msg), ct, &cl) ? 0 :
		    -EINVAL;
	}
	if (!tap_err(r, 0, "A1.22 - a non-exportable RSA-2048 pair made in "
		     "the kernel with usage UNWRAP only; a secret message "
		     "encrypted to it with OpenSSL (OAEP SHA-256)"))
		goto out;

	r = key_unwrap(A.fd, NCR_WALG_RSA_OAEP, priv, ct, cl, NCR_KEY_TYPE_HMAC,
		       0, NCR_KEY_USAGE_SIGN, 0, &k);
	tap_err(r, 0, "A1.23 - unwrap of the message as an HMAC key, no "
		"flags (allowed: the material stays in the kernel)");
	if (!r) {
		n = sizeof(md);
		r = a_keydata(A.fd, NCR_ALG_SHA256, 0, k, md, &n);
		tap_err(r, -EPERM, "A1.24 - SHA-256 of that key (KEY_DATA)");
		n = sizeof(out);
		r = a_export(A.fd, k, 0, out, &n);
		tap_err(r, -EPERM, "A1.25 - export of that key");
		a_del(A.fd, k);
	}
	r = key_unwrap(A.fd, NCR_WALG_RSA_OAEP, priv, ct, cl, NCR_KEY_TYPE_HMAC,
		       NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN, 0, &k);
	if (!r) {
		n = sizeof(out);
		r = a_export(A.fd, k, 0, out, &n);
		tap_ok(0, "A1.26 - unwrap into an EXPORTABLE key SUCCEEDED%s",
		       !r && n == sizeof(msg) && !memcmp(out, msg, n) ?
		       ": the export gives the SECRET MESSAGE" : "");
		a_del(A.fd, k);
	} else {
		tap_err(r, -EPERM, "A1.26 - unwrap into an EXPORTABLE key");
	}
	r = key_unwrap(A.fd, NCR_WALG_RSA_OAEP, priv, ct, cl, NCR_KEY_TYPE_HMAC,
		       NCR_KEY_FLAG_HASHABLE, NCR_KEY_USAGE_SIGN, 0, &k);
	if (!r) {
		uint8_t want[32];
		size_t wl = 0;

		n = sizeof(md);
		r = a_keydata(A.fd, NCR_ALG_SHA256, 0, k, md, &n);
		ref_digest(NCR_ALG_SHA256, msg, sizeof(msg), want, &wl);
		tap_ok(0, "A1.27 - unwrap into a HASHABLE key SUCCEEDED%s",
		       !r && n == 32 && !memcmp(md, want, 32) ? ": its SHA-256 "
		       "is the message's (a guess-checking oracle)" : "");
		a_del(A.fd, k);
	} else {
		tap_err(r, -EPERM, "A1.27 - unwrap into a HASHABLE key");
	}
	r = key_unwrap(A.fd, NCR_WALG_RSA_OAEP, priv, ct, cl, NCR_KEY_TYPE_HMAC,
		       NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_SIGN, 0, &k);
	if (!tap_err(r, 0, "A1.28 - unwrap into a WRAPPABLE key (allowed)")
	    && r)
		goto pair;
	n = sizeof(out);
	r = key_wrap(A.fd, NCR_WALG_AES_RFC5649, a->kek_h, k, out, &n);
	if (!r) {
		uint8_t clear[64];
		size_t ol = sizeof(clear);

		tap_ok(0, "A1.29 - re-wrap of the unwrapped message under the "
		       "attacker's KEK SUCCEEDED%s",
		       !o_kw_unwrap(a->kek, 32, 1, out, n, clear, &ol) &&
		       ol == sizeof(msg) && !memcmp(clear, msg, ol) ?
		       ": OpenSSL unwraps it to the SECRET MESSAGE" : "");
	} else {
		tap_err(r, -EPERM, "A1.29 - re-wrap of the unwrapped message "
			"under the attacker's KEK (RFC 5649)");
	}
	a_del(A.fd, k);
pair:
	/* the rule is about the unwrapping key, not "always refuse" */
	{
		uint8_t *der = o_der(a->rsa, 1, &n);
		uint32_t own;
		uint8_t ct2[256];
		size_t c2 = sizeof(ct2);

		r = der ? a_import(A.fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_PKCS8,
				   0, der, n, NCR_KEY_FLAG_EXPORTABLE,
				   NCR_KEY_USAGE_UNWRAP, 0, &own) : -ENOMEM;
		free(der);
		if (!r)
			r = o_oaep(a->rsa, 1, msg, sizeof(msg), ct2, &c2) ?
			    -EINVAL : 0;
		if (!r) {
			r = key_unwrap(A.fd, NCR_WALG_RSA_OAEP, own, ct2, c2,
				       NCR_KEY_TYPE_HMAC,
				       NCR_KEY_FLAG_EXPORTABLE |
				       NCR_KEY_FLAG_HASHABLE,
				       NCR_KEY_USAGE_SIGN, 0, &k);
			n = sizeof(out);
			if (!r) {
				r = a_export(A.fd, k, 0, out, &n);
				a_del(A.fd, k);
			}
			a_del(A.fd, own);
		}
		tap_ok(!r && n == sizeof(msg) && !memcmp(out, msg, n),
		       "A1.30 - control: under an EXPORTABLE unwrapping key "
		       "(the caller's own RSA key) the same unwrap into an "
		       "EXPORTABLE|HASHABLE key works and exports the message "
		       "(%s)", errname(r));
	}
	a_del(A.fd, priv);
	a_del(A.fd, pub);
out:
	EVP_PKEY_free(opub);
}

/*
 * RFC 3394 unwrap done by hand with an ECB-decrypt handle of the KEK's
 * material: what an attacker does once it holds such a handle.
 */
static int kw_unwrap_by_ecb(uint32_t ecb_dec, const uint8_t *c, size_t len,
			    uint8_t *out)
{
	uint8_t a[8], r[8 * 8], b[16], o[16];
	size_t n = len / 8 - 1, ol;

	if (len % 8 || n < 2 || n > 8)
		return -1;
	memcpy(a, c, 8);
	memcpy(r, c + 8, 8 * n);
	for (int j = 5; j >= 0; j--) {
		for (size_t i = n; i >= 1; i--) {
			uint64_t t = n * (uint64_t)j + i;

			for (int x = 0; x < 8; x++)
				a[7 - x] ^= (uint8_t)(t >> (8 * x));
			memcpy(b, a, 8);
			memcpy(b + 8, r + 8 * (i - 1), 8);
			ol = sizeof(o);
			if (a_crypt(A.fd, NCR_ALG_AES_ECB, NCR_OP_DECRYPT,
				    ecb_dec, NULL, 0, NULL, 0, b, 16, o, &ol,
				    NULL, NULL))
				return -1;
			memcpy(a, o, 8);
			memcpy(r + 8 * (i - 1), o + 8, 8);
		}
	}
	for (int x = 0; x < 8; x++)
		if (a[x] != 0xa6)
			return -1;
	memcpy(out, r, 8 * n);
	return (int)(8 * n);
}

/*
 * A TRUSTED key that is itself WRAPPABLE (if root could make one): the
 * attacker wraps it under itself, unwraps that as an ECB-decrypt key, and
 * then unwraps by hand whatever the trusted key wrapped.
 */
static void a1_chain(void)
{
	uint8_t *blob = NULL, w[64], wt[64], rec[64];
	size_t bl, wl = sizeof(w), wtl = sizeof(wt);
	uint32_t t, v, t2;
	int r, step, got;

	if (!A.dir || !A.master_set) {
		tap_skip("no setup folder", "A1.31 - extraction through a "
			 "TRUSTED key that is itself WRAPPABLE");
		return;
	}
	r = a_dir_read("trusted-wrappable.blob", &blob, &bl);
	if (r == -ENOENT) {
		tap_ok(1, "A1.31 - extraction through a TRUSTED key that is "
		       "itself WRAPPABLE: root could not make such a key");
		return;
	}
	r = r ?: key_load(A.fd, blob, bl, &t);
	free(blob);
	if (r) {
		tap_err(r, 0, "A1.31 - load root's TRUSTED|WRAPPABLE KEK");
		return;
	}
	step = 1;
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_WRAPPABLE,
		  NCR_KEY_USAGE_ENCRYPT, ECB_GCM, &v);
	if (!r) {
		step = 2;
		r = key_wrap(A.fd, NCR_WALG_AES_RFC3394, t, v, w, &wl);
	}
	if (!r) {
		step = 3;
		r = key_wrap(A.fd, NCR_WALG_AES_RFC3394, t, t, wt, &wtl);
	}
	if (!r) {
		step = 4;
		r = key_unwrap(A.fd, NCR_WALG_AES_RFC3394, t, wt, wtl,
			       NCR_KEY_TYPE_AES, 0, NCR_KEY_USAGE_DECRYPT,
			       NCR_KEY_ALG_AES_ECB, &t2);
	}
	if (r) {
		static const char *const at[] = {
			"", "the victim", "wrapping the victim under it",
			"wrapping the trusted key under itself",
			"unwrapping that as an ECB-decrypt key",
		};

		tap_ok(1, "A1.31 - extraction through a TRUSTED key that is "
		       "itself WRAPPABLE: stopped at %s (%s)", at[step],
		       errname(r));
	} else {
		got = kw_unwrap_by_ecb(t2, w, wl, rec);
		tap_ok(0, "A1.31 - a TRUSTED, WRAPPABLE KEK wrapped under "
		       "itself and unwrapped as an ECB-decrypt key (AES_ECB, "
		       "DECRYPT) gives the attacker the KEK's block cipher%s",
		       got > 0 &&
		       a_victim_is(A.fd, v, rec, (size_t)got) == 1 ? ": the "
		       "victim's key UNWRAPPED BY HAND, KEY EXTRACTED" : "");
		a_del(A.fd, t2);
	}
	if (step > 1)
		a_del(A.fd, v);
	a_del(A.fd, t);
}

void t_a1(void)
{
	struct att a;
	uint32_t v, v2, v3;
	uint8_t raw[16], out[64], clear[64];
	size_t n, cl;
	int r;

	r = att_make(&a);
	if (!tap_err(r, 0, "A1.0a - the attacker's AES KEK (imported, "
		     "known), RSA public key (private half in OpenSSL) and "
		     "an untrusted in-kernel KEK"))
		goto out;
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_WRAPPABLE,
		  NCR_KEY_USAGE_ENCRYPT, ECB_GCM, &v);
	if (!tap_err(r, 0, "A1.0b - the victim: AES-128 generated "
		     "non-exportable, WRAPPABLE, set ECB|GCM"))
		goto out;
	wrap_attack("A1.1", "wrap of the victim under the attacker's imported "
		    "AES KEK, RFC 3394", NCR_WALG_AES_RFC3394, a.kek_h, v, &a,
		    1);
	wrap_attack("A1.2", "wrap of the victim under the attacker's imported "
		    "AES KEK, RFC 5649", NCR_WALG_AES_RFC5649, a.kek_h, v, &a,
		    1);
	wrap_attack("A1.3", "wrap of the victim to the attacker's imported RSA "
		    "public key, OAEP", NCR_WALG_RSA_OAEP, a.rsa_h, v, &a, 1);
	wrap_attack("A1.4", "wrap of the victim under an untrusted KEK the "
		    "attacker generated in the kernel", NCR_WALG_AES_RFC3394,
		    a.gen_kek, v, &a, 0);

	/* control: an EXPORTABLE|WRAPPABLE key does wrap, and OpenSSL reads
	 * it (the rule is not "always refuse") */
	rng_fill(&A.rng, raw, sizeof(raw));
	r = a_import(A.fd, NCR_KEY_TYPE_AES, 0, 0, raw, 16,
		     NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_WRAPPABLE,
		     NCR_KEY_USAGE_ENCRYPT, ECB_GCM, &v2);
	n = sizeof(out);
	r = r ?: key_wrap(A.fd, NCR_WALG_AES_RFC3394, a.kek_h, v2, out, &n);
	cl = sizeof(clear);
	tap_ok(!r && !o_kw_unwrap(a.kek, 32, 0, out, n, clear, &cl) &&
	       cl == 16 && !memcmp(clear, raw, 16), "A1.5 - control: an "
	       "EXPORTABLE|WRAPPABLE key wraps under the attacker's KEK and "
	       "OpenSSL unwraps its bytes (%s)", errname(r));
	r = r ?: a_restrict(A.fd, v2, NCR_KEY_FLAG_EXPORTABLE, 0, 0);
	tap_err(r, 0, "A1.6a - EXPORTABLE cleared from that key");
	wrap_attack("A1.6b", "the same wrap once EXPORTABLE was cleared",
		    NCR_WALG_AES_RFC3394, a.kek_h, v2, &a, 1);
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_EXPORTABLE,
		  NCR_KEY_USAGE_ENCRYPT, ECB_GCM, &v3);
	n = sizeof(out);
	r = r ?: key_wrap(A.fd, NCR_WALG_AES_RFC3394, a.kek_h, v3, out, &n);
	tap_err(r, -EPERM, "A1.7 - wrap of an EXPORTABLE key without "
		"WRAPPABLE");
	a_del(A.fd, v2);
	a_del(A.fd, v3);

	a1_blobs(&a);
	a1_oracle(&a);
	a1_chain();
	a_del(A.fd, v);
out:
	att_free(&a);
}
