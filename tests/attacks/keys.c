// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/attacks/keys.c - part of build/tests/attacks (see tests/attacks/main.c): the
 * findings of issue 7 about key material and algorithms, each carried out
 * as the real attack with OpenSSL on the attacker's side.
 *   A1   extraction through NCRIO_KEY_WRAP (keys the caller can unwrap
 *        itself), storage blobs that gained WRAPPABLE, and an UNWRAP-only
 *        RSA key as a decryption oracle;
 *   A2   NCR_OP_FLAG_KEY_DATA through CMAC (one AES block to invert);
 *   A3   usage flags that did not bind algorithms (GCM through CTR and
 *        ECB, CMAC through ECB/CBC, AES-256 as XTS, CCM, ChaCha20, KW);
 *   A7   the sender of a MAC choosing how much of it is checked;
 *   A13.c  kernel-assigned, unique key IDs;
 *   A13.d  PKCS#1 v1.5 decryption without a padding oracle.
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

/* ------------------------------------------------------------------- A2 */

/* CMAC subkey K1 of an AES key (SP 800-38B). */
static void cmac_k1(const uint8_t *key, size_t klen, uint8_t k1[16])
{
	static const uint8_t zero[16];
	uint8_t l[16];

	o_aes_block(key, klen, 1, zero, l);
	for (int i = 0; i < 16; i++)
		k1[i] = (uint8_t)(l[i] << 1 | (i < 15 ? l[i + 1] >> 7 : 0));
	if (l[0] & 0x80)
		k1[15] ^= 0x87;
}

void t_a2(void)
{
	const uint32_t sv = NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY;
	uint8_t katt[16], tag[64], known[32], want[64], m[16], k1[16];
	size_t n, wl;
	uint32_t v, ka, kh, k15, kmd, ses, ecpriv, ecpub;
	int r;

	rng_fill(&A.rng, katt, sizeof(katt));
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_HASHABLE,
		  NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_ECB, &v);
	r = r ?: a_import(A.fd, NCR_KEY_TYPE_AES, 0, 0, katt, 16, 0, sv, 0,
			  &ka);
	if (!tap_err(r, 0, "A2.0 - a HASHABLE non-exportable AES-128 victim "
		     "and the attacker's own CMAC key"))
		return;
	n = sizeof(tag);
	r = a_keydata(A.fd, NCR_ALG_CMAC_AES, ka, v, tag, &n);
	if (!r) {
		/* tag = E_Katt(V ^ K1) for the one full block V */
		cmac_k1(katt, 16, k1);
		o_aes_block(katt, 16, 0, tag, m);
		for (int i = 0; i < 16; i++)
			m[i] ^= k1[i];
		tap_ok(0, "A2.1 - CMAC-AES of the victim (KEY_DATA, once) "
		       "SUCCEEDED%s", a_victim_is(A.fd, v, m, 16) == 1 ?
		       ": one AES decryption of the tag gives the victim's "
		       "key: KEY EXTRACTED" : "");
	} else {
		tap_err(r, -EINVAL, "A2.1 - CMAC-AES of a HASHABLE key "
			"(KEY_DATA, once)");
	}
	r = a_init(A.fd, NCR_ALG_CMAC_AES, NCR_OP_SIGN, ka, NULL, 0, 0, &ses);
	if (!r) {
		int u = a_update(A.fd, ses, NCR_OP_FLAG_KEY_DATA, v, NULL, 0,
				 NULL, NULL);

		tap_err(u, -EINVAL, "A2.2 - CMAC-AES session update with "
			"KEY_DATA of the victim");
		a_free(A.fd, ses);
	}
	r = a_init(A.fd, NCR_ALG_AES_ECB, NCR_OP_ENCRYPT, v, NULL, 0, 0, &ses);
	if (!r) {
		uint8_t o[32];
		size_t ol = sizeof(o);
		int u = a_update(A.fd, ses, NCR_OP_FLAG_KEY_DATA, v, NULL, 0, o,
				 &ol);

		tap_err(u, -EINVAL, "A2.3 - AES-ECB encryption of the key's "
			"own material (KEY_DATA into a cipher session)");
		a_free(A.fd, ses);
	}

	/* what stays allowed: digests and HMACs of >= 16 HASHABLE bytes */
	rng_fill(&A.rng, known, sizeof(known));
	r = a_import(A.fd, NCR_KEY_TYPE_HMAC, 0, 0, known, 16,
		     NCR_KEY_FLAG_HASHABLE, sv, 0, &kh);
	if (!r) {
		uint8_t mk[32];
		uint32_t km;

		rng_fill(&A.rng, mk, sizeof(mk));
		r = a_import(A.fd, NCR_KEY_TYPE_HMAC, 0, 0, mk, 32, 0, sv, 0,
			     &km);
		n = sizeof(tag);
		r = r ?: a_keydata(A.fd, NCR_ALG_HMAC_SHA256, km, kh, tag, &n);
		wl = 0;
		ref_mac(NCR_ALG_HMAC_SHA256, mk, 32, known, 16, want, &wl);
		tap_ok(!r && n == 32 && wl == 32 && !memcmp(tag, want, 32),
		       "A2.4 - HMAC-SHA256 of a 16-byte HASHABLE key "
		       "(KEY_DATA) works and equals OpenSSL's HMAC of its "
		       "bytes (%s)",
		       errname(r));
		n = sizeof(tag);
		r = a_keydata(A.fd, NCR_ALG_SHA256, 0, kh, tag, &n);
		ref_digest(NCR_ALG_SHA256, known, 16, want, &wl);
		tap_ok(!r && n == 32 && !memcmp(tag, want, 32), "A2.5 - "
		       "SHA-256 of it (KEY_DATA) equals OpenSSL's (%s)",
		       errname(r));
		n = sizeof(tag);
		r = a_keydata(A.fd, NCR_ALG_MD5, 0, kh, tag, &n);
		tap_err(r, -EINVAL, "A2.6 - MD5 of a HASHABLE key (KEY_DATA)");
		a_del(A.fd, km);
		a_del(A.fd, kh);
	}
	r = a_import(A.fd, NCR_KEY_TYPE_HMAC, 0, 0, known, 15,
		     NCR_KEY_FLAG_HASHABLE, sv, 0, &k15);
	if (!r) {
		n = sizeof(tag);
		r = a_keydata(A.fd, NCR_ALG_SHA256, 0, k15, tag, &n);
		tap_err(r, -EPERM, "A2.7 - SHA-256 of a 15-byte HASHABLE key "
			"(small enough to try every value)");
		a_del(A.fd, k15);
	}
	r = a_import(A.fd, NCR_KEY_TYPE_HMAC, 0, 0, known, 32, 0, sv, 0, &kmd);
	if (!r) {
		n = sizeof(tag);
		r = a_keydata(A.fd, NCR_ALG_SHA256, 0, kmd, tag, &n);
		tap_err(r, -EPERM, "A2.8 - SHA-256 of a key without HASHABLE");
		a_del(A.fd, kmd);
	}
	r = a_genpair(A.fd, NCR_KEY_TYPE_EC, 256, NULL, 0,
		      NCR_KEY_FLAG_HASHABLE, NCR_KEY_USAGE_SIGN, 0, &ecpriv,
		      &ecpub);
	if (!r) {
		n = sizeof(tag);
		r = a_keydata(A.fd, NCR_ALG_SHA256, 0, ecpriv, tag, &n);
		tap_err(r, -EINVAL, "A2.9 - SHA-256 of an EC private key "
			"object (HASHABLE) through KEY_DATA");
		n = sizeof(tag);
		r = a_keydata(A.fd, NCR_ALG_SHA256, 0, ecpub, tag, &n);
		tap_err(r, -EINVAL, "A2.10 - SHA-256 of an EC public key "
			"object through KEY_DATA");
		a_del(A.fd, ecpriv);
		a_del(A.fd, ecpub);
	} else {
		tap_err(r, 0, "A2.9 - a HASHABLE EC pair");
	}
	a_del(A.fd, ka);
	a_del(A.fd, v);
}

/* ------------------------------------------------------------------- A3 */

/* Session init of (alg, op) with key k must be EPERM; with iv of iv_len. */
static int a3_init(uint32_t k, uint32_t alg, uint32_t op, const void *iv,
		   size_t iv_len, uint32_t *ses)
{
	return a_init(A.fd, alg, op, k, iv, iv_len, 0, ses);
}

void t_a3(void)
{
	const uint32_t ed = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT;
	uint8_t iv[16] = { 0 }, p[32], c[48], tag[16], o[64], zero[16] = { 0 };
	struct ncr_key_info ki;
	size_t n, tl;
	uint32_t v, k, ses;
	int r;

	rng_fill(&A.rng, iv, 12);
	rng_fill(&A.rng, p, sizeof(p));
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 128, 0, ed, 0, &v);
	if (!tap_err(r, 0, "A3.0 - the victim: AES-128 ENCRYPT|DECRYPT with "
		     "the default set"))
		return;
	a_keyinfo(A.fd, v, &ki);
	tap_ok(ki.algs == NCR_KEY_ALG_AES_GCM, "A3.1 - the default set of an "
	       "AES encryption key is {AES_GCM} only (%#llx)",
	       (unsigned long long)ki.algs);
	n = sizeof(c);
	tl = 16;
	r = a_crypt(A.fd, NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, v, iv, 12, NULL, 0,
		    p, 32, c, &n, tag, &tl);
	if (!tap_err(r, 0, "A3.2 - a GCM ciphertext of a secret message made "
		     "with the victim"))
		goto out;

	/* GCM's keystream is CTR from IV || 2: CTR "encryption" of the
	 * ciphertext from there is the plaintext */
	iv[15] = 2;
	r = a3_init(v, NCR_ALG_AES_CTR, NCR_OP_ENCRYPT, iv, 16, &ses);
	if (!r) {
		n = sizeof(o);
		r = a_update(A.fd, ses, 0, 0, c, 32, o, &n);
		a_free(A.fd, ses);
		tap_ok(0, "A3.3 - CTR encrypt with the GCM key SUCCEEDED%s",
		       !r && n == 32 && !memcmp(o, p, 32) ? ": CTR from IV||2 "
		       "over the GCM ciphertext gave the PLAINTEXT" : "");
	} else {
		tap_err(r, -EPERM, "A3.3 - CTR encrypt with the GCM key (would "
			"decrypt GCM ciphertexts from IV||2)");
	}
	r = a3_init(v, NCR_ALG_AES_CTR, NCR_OP_DECRYPT, iv, 16, &ses);
	tap_err(r, -EPERM, "A3.4 - CTR decrypt with the GCM key");
	if (!r)
		a_free(A.fd, ses);

	/* ECB of J0 = IV || 1 is the tag mask of GCM (and ECB of zero its
	 * GHASH key H): with them the attacker forges tags */
	iv[15] = 1;
	r = a3_init(v, NCR_ALG_AES_ECB, NCR_OP_ENCRYPT, NULL, 0, &ses);
	if (!r) {
		uint8_t t0[16], mask[16];
		size_t t0l = 16, ml = sizeof(mask);

		a_free(A.fd, ses);
		/* an empty GCM message's tag is E_K(J0) (GHASH of nothing
		 * is 0) */
		n = 0;
		a_crypt(A.fd, NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, v, iv, 12, NULL,
			0, NULL, 0, o, &n, t0, &t0l);
		r = a_crypt(A.fd, NCR_ALG_AES_ECB, NCR_OP_ENCRYPT, v, NULL, 0,
			    NULL, 0, iv, 16, mask, &ml, NULL, NULL);
		tap_ok(0, "A3.5 - ECB encrypt with the GCM key SUCCEEDED%s",
		       !r && !memcmp(mask, t0, 16) ? ": ECB(IV||1) equals the "
		       "GCM tag of an empty message: TAGS FORGEABLE" : "");
	} else {
		tap_err(r, -EPERM, "A3.5 - ECB encrypt with the GCM key (of "
			"zero: the GHASH key H; of IV||1: the tag mask)");
	}
	n = sizeof(o);
	r = a_crypt(A.fd, NCR_ALG_AES_ECB, NCR_OP_ENCRYPT, v, NULL, 0, NULL, 0,
		    zero, 16, o, &n, NULL, NULL);
	tap_err(r, -EPERM, "A3.6 - once ECB encrypt of the zero block with the "
		"GCM key");
	r = a3_init(v, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, zero, 16, &ses);
	tap_err(r, -EPERM, "A3.7 - CBC encrypt with the GCM key");
	if (!r)
		a_free(A.fd, ses);
	r = a3_init(v, NCR_ALG_AES_XTS, NCR_OP_DECRYPT, zero, 16, &ses);
	if (r == -EPERM || r == -EINVAL)
		tap_ok(1, "A3.8 - XTS with an AES-128 GCM key: %s", errname(r));
	else
		tap_err(r, -EPERM, "A3.8 - XTS with an AES-128 GCM key");
	if (!r)
		a_free(A.fd, ses);

	/* a DECRYPT-only GCM key cannot encrypt, not even as CTR decrypt */
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_DECRYPT, 0, &k);
	if (!r) {
		r = a3_init(k, NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, iv, 12, &ses);
		tap_err(r, -EPERM, "A3.9 - GCM encrypt with a DECRYPT-only "
			"key");
		if (!r)
			a_free(A.fd, ses);
		iv[15] = 2;
		r = a3_init(k, NCR_ALG_AES_CTR, NCR_OP_DECRYPT, iv, 16, &ses);
		tap_err(r, -EPERM, "A3.10 - CTR decrypt (the same keystream as "
			"encrypt: GCM forgery) with a DECRYPT-only GCM key");
		if (!r)
			a_free(A.fd, ses);
		a_del(A.fd, k);
	}

	/* CMAC through ECB/CBC: a key that verifies CMACs and encrypts GCM */
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 128, 0,
		  NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_VERIFY,
		  NCR_KEY_ALG_AES_GCM | NCR_KEY_ALG_CMAC_AES, &k);
	if (!r) {
		uint8_t l[16], k1[16], mblk[16], blk[16], t[16];
		size_t bl = 16;

		r = a3_init(k, NCR_ALG_AES_ECB, NCR_OP_ENCRYPT, NULL, 0, &ses);
		if (!r) {
			a_free(A.fd, ses);
			/* forge CMAC(M) for one block M: L = E(0), K1 from
			 * L, tag = E(M ^ K1) */
			n = 16;
			a_crypt(A.fd, NCR_ALG_AES_ECB, NCR_OP_ENCRYPT, k, NULL,
				0, NULL, 0, zero, 16, l, &n, NULL, NULL);
			for (int i = 0; i < 16; i++)
				k1[i] = (uint8_t)(l[i] << 1 |
						  (i < 15 ? l[i + 1] >> 7 : 0));
			if (l[0] & 0x80)
				k1[15] ^= 0x87;
			memcpy(mblk, "forged message!!", 16);
			for (int i = 0; i < 16; i++)
				blk[i] = mblk[i] ^ k1[i];
			a_crypt(A.fd, NCR_ALG_AES_ECB, NCR_OP_ENCRYPT, k, NULL,
				0, NULL, 0, blk, 16, t, &bl, NULL, NULL);
			tap_ok(0, "A3.11 - ECB encrypt with a GCM+CMAC-verify "
			       "key SUCCEEDED%s", a_mac_verify(A.fd,
			       NCR_ALG_CMAC_AES, k, 0, mblk, 16, t, 16) ==
			       NCR_VERIFY_OK ? ": a CMAC tag made through ECB "
			       "VERIFIES (forgery)" : "");
		} else {
			tap_err(r, -EPERM, "A3.11 - ECB encrypt with a key "
				"that verifies CMACs (set GCM|CMAC)");
		}
		r = a3_init(k, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, zero, 16, &ses);
		tap_err(r, -EPERM, "A3.12 - CBC encrypt (CBC-MAC) with a key "
			"that verifies CMACs");
		if (!r)
			a_free(A.fd, ses);
		a_del(A.fd, k);
	}
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_VERIFY, 0, &k);
	if (!r) {
		r = a3_init(k, NCR_ALG_AES_ECB, NCR_OP_ENCRYPT, NULL, 0, &ses);
		tap_err(r, -EPERM, "A3.13 - ECB encrypt with a CMAC-only "
			"VERIFY key");
		if (!r)
			a_free(A.fd, ses);
		a_del(A.fd, k);
	}

	/* AES-256 is not two AES-128 keys */
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 256, 0, ed, 0, &k);
	if (!r) {
		r = a3_init(k, NCR_ALG_AES_XTS, NCR_OP_ENCRYPT, zero, 16, &ses);
		tap_err(r, -EPERM, "A3.14 - AES-XTS with an AES-256 key of the "
			"default set");
		if (!r)
			a_free(A.fd, ses);
		a_del(A.fd, k);
	}
	/* CCM is CTR + CBC-MAC */
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 128, 0, ed, NCR_KEY_ALG_AES_CCM, &k);
	if (!r) {
		int r1 = a3_init(k, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, zero, 16,
				 &ses);

		if (!r1)
			a_free(A.fd, ses);
		r = a3_init(k, NCR_ALG_AES_CTR, NCR_OP_ENCRYPT, zero, 16, &ses);
		if (!r)
			a_free(A.fd, ses);
		tap_ok(r1 == -EPERM && r == -EPERM, "A3.15 - a CCM key refused "
		       "by CBC (%s) and CTR (%s)", errname(r1), errname(r));
		a_del(A.fd, k);
	}
	/* ChaCha20-Poly1305: raw ChaCha20 gives the Poly1305 key */
	r = a_gen(A.fd, NCR_KEY_TYPE_CHACHA20, 256, 0, ed, 0, &k);
	if (!r) {
		r = a3_init(k, NCR_ALG_CHACHA20, NCR_OP_ENCRYPT, zero, 16,
			    &ses);
		tap_err(r, -EPERM, "A3.16 - raw ChaCha20 with a "
			"ChaCha20-Poly1305 key (block 0 is the Poly1305 key)");
		if (!r)
			a_free(A.fd, ses);
		a_del(A.fd, k);
	}
	/* a key-wrap key that may also "encrypt": not with ECB */
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 256, 0, WU | ed,
		  NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_KWP, &k);
	if (!r) {
		int r1 = a3_init(k, NCR_ALG_AES_ECB, NCR_OP_DECRYPT, NULL, 0,
				 &ses);

		if (!r1)
			a_free(A.fd, ses);
		r = a3_init(k, NCR_ALG_AES_ECB, NCR_OP_ENCRYPT, NULL, 0, &ses);
		if (!r)
			a_free(A.fd, ses);
		tap_ok(r1 == -EPERM && r == -EPERM, "A3.17 - a KW key refused "
		       "by ECB decrypt (%s: would unwrap by hand) and encrypt "
		       "(%s)", errname(r1), errname(r));
		a_del(A.fd, k);
	}
	/* mixed families need an explicit set */
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 128, 0,
		  NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_SIGN, 0, &k);
	tap_err(r, -EINVAL, "A3.18 - an AES key to ENCRYPT and SIGN without an "
		"explicit set");
	if (!r)
		a_del(A.fd, k);
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 128, 0, ed | WU, 0, &k);
	tap_err(r, -EINVAL, "A3.19 - an AES key to ENCRYPT and WRAP without an "
		"explicit set");
	if (!r)
		a_del(A.fd, k);
	{
		EVP_PKEY *vic = o_rsa_victim();
		uint8_t *der = vic ? o_der(vic, 1, &n) : NULL;

		r = der ? a_import(A.fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_PKCS8,
				   0, der, n, 0, NCR_KEY_USAGE_SIGN |
				   NCR_KEY_USAGE_DECRYPT, 0, &k) : -ENOMEM;
		tap_err(r, -EINVAL, "A3.20 - an RSA key to SIGN and DECRYPT "
			"without an explicit set");
		if (!r)
			a_del(A.fd, k);
		free(der);
		EVP_PKEY_free(vic);
	}
	r = a_genpair(A.fd, NCR_KEY_TYPE_EC, 256, NULL, 0, 0,
		      NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DERIVE, 0, &k, NULL);
	tap_err(r, -EINVAL, "A3.21 - an EC key to SIGN and DERIVE without an "
		"explicit set");
	if (!r)
		a_del(A.fd, k);

	/* the explicit choice is allowed, and then the attack works */
	r = a_gen(A.fd, NCR_KEY_TYPE_AES, 128, 0, ed,
		  NCR_KEY_ALG_AES_GCM | NCR_KEY_ALG_AES_CTR, &k);
	if (!r) {
		uint8_t c2[48], t2[16];
		size_t n2 = sizeof(c2), t2l = 16;

		r = a_crypt(A.fd, NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, k, iv, 12,
			    NULL, 0, p, 32, c2, &n2, t2, &t2l);
		iv[15] = 2;
		n = sizeof(o);
		r = r ?: a_crypt(A.fd, NCR_ALG_AES_CTR, NCR_OP_ENCRYPT, k, iv,
				 16, NULL, 0, c2, 32, o, &n, NULL, NULL);
		tap_ok(!r && !memcmp(o, p, 32), "A3.22 - a key made with the "
		       "explicit set GCM|CTR works with both (%s): the caller "
		       "chose to let CTR read its GCM messages", errname(r));
		a_del(A.fd, k);
	}
out:
	a_del(A.fd, v);
}

/* ------------------------------------------------------------------- A7 */

void t_a7(void)
{
	const uint32_t sv = NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY;
	uint8_t key[32], msg[100], mac[64], bad[64];
	size_t ml = sizeof(mac);
	uint32_t k, kc, ses;
	int r;

	rng_fill(&A.rng, key, sizeof(key));
	rng_fill(&A.rng, msg, sizeof(msg));
	r = a_import(A.fd, NCR_KEY_TYPE_HMAC, 0, 0, key, 32, 0, sv, 0, &k);
	r = r ?: a_mac(A.fd, NCR_ALG_HMAC_SHA256, k, 0, msg, sizeof(msg), mac,
		       &ml);
	if (!tap_err(r, 0, "A7.0 - an HMAC-SHA256 key and the full MAC of a "
		     "message"))
		return;
	r = a_mac_verify(A.fd, NCR_ALG_HMAC_SHA256, k, 0, msg, sizeof(msg),
			 mac, 4);
	tap_ok(r == NCR_VERIFY_FAILED, "A7.1 - once VERIFY of the right 4-byte "
	       "prefix, mac_size 0 (full): %s (want VERIFY_FAILED: the sender "
	       "does not choose the length checked)", r == NCR_VERIFY_OK ?
	       "VERIFY_OK" : r == NCR_VERIFY_FAILED ? "VERIFY_FAILED" :
	       errname(r));
	r = a_mac_verify(A.fd, NCR_ALG_HMAC_SHA256, k, 0, msg, sizeof(msg),
			 mac, 32);
	tap_ok(r == NCR_VERIFY_OK, "A7.2 - control: the full 32 bytes verify "
	       "(%d)", r);
	r = ncr_mac_verify(A.fd, NCR_ALG_HMAC_SHA256, k, msg, sizeof(msg), mac,
			   4);
	tap_ok(r == NCR_VERIFY_FAILED, "A7.3 - libncr ncr_mac_verify of the "
	       "right 4-byte prefix: not OK (%d)", r);
	for (uint32_t t = 4; t <= 9; t += 5) {
		r = a_init(A.fd, NCR_ALG_HMAC_SHA256, NCR_OP_VERIFY, k, NULL, 0,
			   t, &ses);
		tap_err(r, -EINVAL, "A7.%u - session init VERIFY with tag_size "
			"%u (HMAC minimum 10)", t == 4 ? 4 : 6, t);
		if (!r)
			a_free(A.fd, ses);
		r = a_mac_verify(A.fd, NCR_ALG_HMAC_SHA256, k, t, msg,
				 sizeof(msg), mac, t);
		tap_err(r, -EINVAL, "A7.%u - once VERIFY with mac_size %u",
			t == 4 ? 5 : 7, t);
	}
	r = a_mac_verify(A.fd, NCR_ALG_HMAC_SHA256, k, 10, msg, sizeof(msg),
			 mac, 10);
	tap_ok(r == NCR_VERIFY_OK, "A7.8 - once VERIFY mac_size 10 with the "
	       "right 10 bytes: OK (%d)", r);
	r = a_mac_verify(A.fd, NCR_ALG_HMAC_SHA256, k, 10, msg, sizeof(msg),
			 mac, 11);
	tap_ok(r == NCR_VERIFY_FAILED, "A7.9 - mac_size 10 given the right 11 "
	       "bytes: FAILED (%d)", r);
	r = a_mac_verify(A.fd, NCR_ALG_HMAC_SHA256, k, 10, msg, sizeof(msg),
			 mac, 32);
	tap_ok(r == NCR_VERIFY_FAILED, "A7.10 - mac_size 10 given the full "
	       "32 bytes: FAILED (%d)", r);
	memcpy(bad, mac, 32);
	bad[9] ^= 1;
	r = a_mac_verify(A.fd, NCR_ALG_HMAC_SHA256, k, 10, msg, sizeof(msg),
			 bad, 10);
	tap_ok(r == NCR_VERIFY_FAILED, "A7.11 - mac_size 10 with the 10th "
	       "byte wrong: FAILED (%d)", r);
	r = a_mac_verify(A.fd, NCR_ALG_HMAC_SHA256, k, 10, msg, sizeof(msg),
			 mac, 4);
	tap_ok(r == NCR_VERIFY_FAILED, "A7.12 - mac_size 10 given the right 4 "
	       "bytes: FAILED (%d)", r);

	/* sessions: the length is fixed at init, before any tag is seen */
	for (int i = 0; i < 3; i++) {
		static const uint32_t init_t[] = { 0, 10, 10 };
		static const size_t given[] = { 4, 10, 16 };
		static const uint32_t want[] = {
			NCR_VERIFY_FAILED, NCR_VERIFY_OK, NCR_VERIFY_FAILED,
		};
		uint32_t res = 0xdead;
		size_t tl = given[i];

		r = a_init(A.fd, NCR_ALG_HMAC_SHA256, NCR_OP_VERIFY, k, NULL, 0,
			   init_t[i], &ses);
		r = r ?: a_final(A.fd, ses, msg, sizeof(msg), NULL, NULL, mac,
				 &tl, &res);
		tap_ok(!r && res == want[i], "A7.%d - session VERIFY, tag_size "
		       "%u at init, the right %zu bytes at final: %s (%s)",
		       13 + i, init_t[i], given[i], res == NCR_VERIFY_OK ?
		       "OK" : "FAILED", errname(r));
	}

	/* CMAC: 8 bytes minimum */
	rng_fill(&A.rng, key, 16);
	r = a_import(A.fd, NCR_KEY_TYPE_AES, 0, 0, key, 16, 0, sv, 0, &kc);
	if (!r) {
		ml = sizeof(mac);
		a_mac(A.fd, NCR_ALG_CMAC_AES, kc, 0, msg, sizeof(msg), mac,
		      &ml);
		r = a_mac_verify(A.fd, NCR_ALG_CMAC_AES, kc, 7, msg,
				 sizeof(msg), mac, 7);
		tap_err(r, -EINVAL, "A7.16 - CMAC once VERIFY with mac_size 7");
		r = a_mac_verify(A.fd, NCR_ALG_CMAC_AES, kc, 8, msg,
				 sizeof(msg), mac, 8);
		tap_ok(r == NCR_VERIFY_OK, "A7.17 - CMAC mac_size 8 with the "
		       "right 8 bytes: OK (%d)", r);
		r = a_mac_verify(A.fd, NCR_ALG_CMAC_AES, kc, 0, msg,
				 sizeof(msg), mac, 8);
		tap_ok(r == NCR_VERIFY_FAILED, "A7.18 - CMAC full-length "
		       "VERIFY given the right 8 bytes: FAILED (%d)", r);
		a_del(A.fd, kc);
	}
	a_del(A.fd, k);
}
