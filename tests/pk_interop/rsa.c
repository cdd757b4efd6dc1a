// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rsa.c - build/tests/pk_interop: RSA-2048 (generated in the kernel)
 * and RSA-3072 (an OpenSSL key imported as PKCS#8): OAEP and PKCS#1
 * encryption, PKCS#1 and PSS signatures, RSA-OAEP key wrap (also under
 * a TRUSTED key), and the algorithm sets of RSA keys.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "pk_interop.h"

static const char rsa3072_pem[] =
	"-----BEGIN PRIVATE KEY-----\n"
	"MIIG/AIBADANBgkqhkiG9w0BAQEFAASCBuYwggbiAgEAAoIBgQCotNAEAtSPvZIT\n"
	"A1f5RuY2nafSPqm/oSz7/cnafTLXVo0/Xk9pKgPjGZYGFpQWDEefkQ5S4w+ZBTuX\n"
	"/E1y5JVRGE5VGTLYqu1MDWJBBCK70XUL76E8u8ffWYgK2vCwkbY3GmErXMEldOCz\n"
	"VRExTnrYm7WbuiZttI9ceOyCDer3BU2RXdwq876gmn7OlCu7DQ0a4X0LnzZ8GUhV\n"
	"3AYu2Rr4jRHU2VMD9nJQToPWEBF+hzSuW4m1zQeFfjpV2CTKwMFifY74srASRuTZ\n"
	"U/jNUJWxvfsPj1extfWRzzIfbKFo3lwtwSXBI4YQ43L7spgfp690JUSfq6Uy7J1j\n"
	"OsgnNc5BE7SHkdrSlzp8AOyFyV5maDXVHkxY2HPsr5cAxEkeGlTOe/a+OXWi+fuE\n"
	"r9VKu2phQU+o0VA5b5+1RBEeYew5F98RjyJPTOJVG0teuQXB7bbhkh7QZlrcRpbS\n"
	"h18ieaqAWzBDq8KrEyEAJjccBldwKm6vVf0eWGmaFMuo6hzClaMCAwEAAQKCAYAl\n"
	"vpJdm16ALEsOquxXTpf59yrRXIiw4XgFhuHO2rzxtaETYN/GaQqGmDZa9Vk7V5L8\n"
	"rcD1JWzbcPLEzcNsJZ0MkDISUvlvxUoi/kmRv0GgILwdqAa8ZkzQ+SB5QUOhVXBd\n"
	"gq7juzRRU4VkSe93RxYv+SJYDX1EhSWf7EQJ0uBTVOHmWIgGKhNnrjkZscfY6RIa\n"
	"BgHqhDv15tgqsXfGqncgzbsEEn1CwTQRKIfRcDXhx5EvQzabsJvyr2uQwjN1E0uz\n"
	"Cn8CA5LoaqH+3SDdqB/WAfVicYTZAv36dK+TBbsjbcDdoq08KViDjWQcIX03wGYJ\n"
	"FBdIuGTkS7RvVFdy+UwEqYg+EEv67GcKiB5F3nvsSmlvCzkBiG8qdUJut1Eq9RWi\n"
	"ue53T4xWqNv3L+Zsiee4xIr/lwgZLmWnRm9mabV+D33ALBCJHB6SiMu0OM4s2viT\n"
	"zYbj8/hpfbJHQDxqn1clNL4jcJ0sT+PyyCWUTv0It43P2tiqYfJrn3s8wWqQ6L0C\n"
	"gcEA7gYsYZYUqsw6u+MsHnLK3Lpz/8GvhHDlkWixMxYkJwYyec3vZTsC5c1LS+l7\n"
	"E+nuxYJsnBCG9LodWFi0qOMg/lzLgAA3nFA6qIWxGC1dYND4IV9gpLF+Hcw2ysEZ\n"
	"PWkEWHZht0TeKx2D0tOjEhIVYVupMTcgjr1Do61+iVf+RO+8ukX0KioHOAlQ+Fmp\n"
	"osVIiFaqnHSRjlSu+4W8wBpwtQ7o27OHoCxaozqliChlrHhm9F9NBYf1iAZe6gcl\n"
	"nvglAoHBALVyfKPCfb2da1AvPC7n5Iwxmuf62sGpMWTOoa6snT1/tTlJnOtCE5qV\n"
	"qLHPJfseJD7SvxFX7FubKnbSWVfqnkfzkzJsLWrpO9FvkpYTdy7XfPMw3oskDvXg\n"
	"ZqC2PHzGtZS/1jd738FzFqmqTb9P6Juj1P6UybVSJuSMwd18L6hq8ACaRqn05jlN\n"
	"9v63GrltdVhUzT8qJeJZTgo9taUCqxIScDSvygdLgvvVvygLa6DRi0oPGI2bkDJS\n"
	"vwut9iEoJwKBwClVrx1fR8WFY+m/AKlk+++q/Xv7sbRJOsSurp8ViD+yps9aQOmO\n"
	"fulTZnEPYc1KgamRBbVwdU9IhtIRzYXKs68YhEp9PysJD7a2SNPPBPlMMNryykCv\n"
	"hhw8m4NIV06/zv5hyIRgFEjefkb9c8MumsHmfhJK5X+ERJvHBENroX9tNpQOk+FC\n"
	"nTBRBdurDndy1S7ABi7XW3OhJyYMyoN90/bNWQjWO4ZITZEtHRPxF/8EhbSIXELK\n"
	"oov1t0Pi69iYdQKBwHltHoAw3hkQygolMi9pvIcdgz8Pn2nOomGF7qmIlsnbNxoZ\n"
	"a0v9MkVXNkeYCyDccQEh4//lSSWc13QhHO0686XPGYi64EIVx5RHCGAqsq3EQ7gz\n"
	"0hpnjSN6gvO2QRB3onjjUKZc3ccGD/qHH/SRs2bE4vtj8wDG84QrtmlUfEhHGEou\n"
	"9G80lwVuaYbYXqgM2mS8i4Zj3Gp3vUQZPAArovQ7Jp/7rEXpgMSrrHtN+T7sPDzZ\n"
	"kWLi4kLrITLdvkM+LQKBwF6paXhtADsl2ov/dwXsKozokIcHsZo2De2sGWo4nvce\n"
	"hA/tRiLmUNNtBTBqomQG6svVejSJ23EcR/NtKSnkWHYVfenbm6KvHzXHPkPQkRKk\n"
	"VYH307ovRcrRKlumIsfql/uVRDVYM5Bx2ZU67oR+iuEjTBVVs5Npo1IxQWkLl0PG\n"
	"GNKgPKKv7nKJc3vcXQVL6RTruXAbs3xTWAgEe6QEZWGK3Eb098WocTN0kvpe+ubp\n"
	"IiC86aH9tku/i807SmYhsw==\n"
	"-----END PRIVATE KEY-----\n"
	;

#define RSA_ALL_USAGE (NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY | \
	NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT | NCR_KEY_USAGE_WRAP | \
	NCR_KEY_USAGE_UNWRAP)
/* Usage of several families: the set must be named (ncr.h); PKCS#1 v1.5
 * encryption is in no default set of ENCRYPT/DECRYPT (OAEP only). */
#define RSA_ALL_ALGS (NCR_KEY_ALG_RSA_PKCS1 | NCR_KEY_ALG_RSA_PSS | \
	NCR_KEY_ALG_RSA_OAEP | NCR_KEY_ALG_RSA_OAEP_WRAP)

/* OAEP/PKCS#1 both ways between the kernel key (kpriv private, kpub
 * public handle) and OpenSSL's opub/opriv of the same key.  A tampered
 * OAEP ciphertext is EBADMSG; a tampered PKCS#1 v1.5 one decrypts
 * (implicit rejection) to a synthetic message: at most mod - 11 bytes,
 * not the message, the same when decrypted again. */
static void rsa_crypt_checks(const char *name, uint32_t kpriv, uint32_t kpub,
			     EVP_PKEY *opub, EVP_PKEY *opriv, size_t mod)
{
	static const struct {
		uint32_t alg, hash;
		int label;
		const char *what;
	} v[] = {
		{ NCR_ALG_RSA_OAEP, NCR_ALG_SHA256, 1, "OAEP SHA-256 + label" },
		{ NCR_ALG_RSA_OAEP, NCR_ALG_SHA1, 0, "OAEP SHA-1" },
		{ NCR_ALG_RSA_OAEP, NCR_ALG_SHA512, 1, "OAEP SHA-512 + label" },
		{ NCR_ALG_RSA_PKCS1, 0, 0, "PKCS#1 v1.5" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		uint8_t msg[64], label[20], ct[NCR_MAX_SIGNATURE];
		uint8_t pt[NCR_MAX_SIGNATURE];
		size_t len, ct_len = sizeof(ct), pt_len = sizeof(pt);
		struct pkp p = { .hash = v[i].hash };
		int r;

		rand_msg(msg, &len, sizeof(msg));
		rng_fill(&rng, label, sizeof(label));
		if (v[i].label) {
			p.label = label;
			p.label_size = sizeof(label);
		}
		/* OpenSSL encrypts, the kernel decrypts */
		if (ref_rsa_crypt(opub, 1, v[i].alg == NCR_ALG_RSA_OAEP ?
				  v[i].hash : 0, label, v[i].label ?
				  sizeof(label) : 0, msg, len, ct, &ct_len)) {
			tap_ok(0, "%s: OpenSSL %s encrypt", name, v[i].what);
			continue;
		}
		r = pk_crypt(fd, v[i].alg, NCR_OP_DECRYPT, kpriv, &p, ct,
			     ct_len, pt, &pt_len);
		tap_ok(!r && pt_len == len && !memcmp(pt, msg, len),
		       "%s: the kernel decrypts OpenSSL's %s of %zu bytes: %s",
		       name, v[i].what, len, errname(r));
		ct[ct_len / 2] ^= 1;
		pt_len = sizeof(pt);
		r = pk_crypt(fd, v[i].alg, NCR_OP_DECRYPT, kpriv, &p, ct,
			     ct_len, pt, &pt_len);
		if (v[i].alg == NCR_ALG_RSA_OAEP) {
			tap_err(r, -EBADMSG, "%s: decrypt of a tampered %s "
				"ciphertext", name, v[i].what);
		} else {
			uint8_t pt2[NCR_MAX_SIGNATURE];
			size_t pt2_len = sizeof(pt2);
			int r2 = pk_crypt(fd, v[i].alg, NCR_OP_DECRYPT, kpriv,
					  &p, ct, ct_len, pt2, &pt2_len);

			tap_ok(!r && !r2 && pt_len <= mod - 11 &&
			       (pt_len != len || memcmp(pt, msg, len)) &&
			       pt2_len == pt_len && !memcmp(pt, pt2, pt_len),
			       "%s: a tampered %s ciphertext decrypts without "
			       "an error (implicit rejection: %s, %s) to a "
			       "synthetic message of %zu bytes (at most %zu), "
			       "not the message, the same twice", name,
			       v[i].what, errname(r), errname(r2), pt_len,
			       mod - 11);
		}
		/* the kernel encrypts with the public key, OpenSSL decrypts */
		ct_len = sizeof(ct);
		r = pk_crypt(fd, v[i].alg, NCR_OP_ENCRYPT, kpub, &p, msg, len,
			     ct, &ct_len);
		if (r || ct_len != mod) {
			tap_ok(0, "%s: kernel %s encrypt: %s, %zu bytes", name,
			       v[i].what, errname(r), ct_len);
			continue;
		}
		pt_len = sizeof(pt);
		r = ref_rsa_crypt(opriv, 0, v[i].alg == NCR_ALG_RSA_OAEP ?
				  v[i].hash : 0, label, v[i].label ?
				  sizeof(label) : 0, ct, ct_len, pt, &pt_len);
		tap_ok(!r && pt_len == len && !memcmp(pt, msg, len),
		       "%s: OpenSSL decrypts the kernel's %s of %zu bytes",
		       name, v[i].what, len);
	}
}

static void rsa_sig_checks(const char *name, uint32_t kpriv, uint32_t kpub,
			   EVP_PKEY *opub, EVP_PKEY *opriv, size_t mod)
{
	static const uint32_t hashes[] = { NCR_ALG_SHA1, NCR_ALG_SHA224,
					   NCR_ALG_SHA256, NCR_ALG_SHA384,
					   NCR_ALG_SHA512 };
	char what[96];

	for (size_t i = 0; i < ARRAY_SIZE(hashes); i++) {
		struct pkp p = { .hash = hashes[i] };

		snprintf(what, sizeof(what), "%s PKCS#1 %s", name,
			 md_name(hashes[i]));
		sig_k2o(what, NCR_ALG_RSA_PKCS1, kpriv, opub, &p,
			RSA_PKCS1_PADDING, 0, 0);
		sig_o2k(what, NCR_ALG_RSA_PKCS1, kpub, opriv, &p,
			RSA_PKCS1_PADDING, 0, 0);
	}
	{
		struct pkp p = { .hash = NCR_ALG_SHA256,
				 .pk_flags = NCR_PK_FLAG_DIGEST };

		snprintf(what, sizeof(what), "%s PKCS#1 SHA256 over a digest",
			 name);
		sig_k2o(what, NCR_ALG_RSA_PKCS1, kpriv, opub, &p,
			RSA_PKCS1_PADDING, 0, 0);
	}
	/* PSS with several salts, and the largest one */
	uint32_t salts[] = { 0, 20, 32, (uint32_t)(mod - 32 - 2) };

	for (size_t i = 0; i < ARRAY_SIZE(salts); i++) {
		struct pkp p = { .hash = NCR_ALG_SHA256,
				 .salt_size = salts[i] };
		uint8_t msg[200], sig[NCR_MAX_SIGNATURE];
		size_t len, sig_len = sizeof(sig);
		int r1, r2;

		snprintf(what, sizeof(what), "%s PSS SHA256 salt %u", name,
			 salts[i]);
		sig_k2o(what, NCR_ALG_RSA_PSS, kpriv, opub, &p,
			RSA_PKCS1_PSS_PADDING, (int)salts[i], 0);
		sig_o2k(what, NCR_ALG_RSA_PSS, kpub, opriv, &p,
			RSA_PKCS1_PSS_PADDING, (int)salts[i], 0);
		/* verify with any salt (AUTO), and with a wrong salt */
		rand_msg(msg, &len, sizeof(msg));
		if (ossl_sign(opriv, NCR_ALG_SHA256, RSA_PKCS1_PSS_PADDING,
			      (int)salts[i], msg, len, sig, &sig_len)) {
			tap_ok(0, "%s: OpenSSL sign", what);
			continue;
		}
		p.salt_size = NCR_PSS_SALT_AUTO;
		r1 = pk_verify(fd, NCR_ALG_RSA_PSS, kpub, &p, msg, len, sig,
			       sig_len);
		p.salt_size = salts[i] == 20 ? 32 : 20;
		r2 = pk_verify(fd, NCR_ALG_RSA_PSS, kpub, &p, msg, len, sig,
			       sig_len);
		tap_ok(r1 == NCR_VERIFY_OK && r2 == NCR_VERIFY_FAILED,
		       "%s: NCR_PSS_SALT_AUTO verifies (%s), salt %u "
		       "does not (%s)", what, vname(r1), p.salt_size,
		       vname(r2));
	}
	{
		/* PSS with MGF1-SHA-1 under SHA-256 */
		struct pkp p = { .hash = NCR_ALG_SHA256,
				 .mgf1_hash = NCR_ALG_SHA1, .salt_size = 32 };
		uint8_t msg[100], sig[NCR_MAX_SIGNATURE];
		size_t len, sig_len = sizeof(sig);
		EVP_MD_CTX *c = NULL;
		int r, ok;

		rand_msg(msg, &len, sizeof(msg));
		r = pk_sign(fd, NCR_ALG_RSA_PSS, kpriv, &p, msg, len, sig,
			    &sig_len);
		if (!r)
			c = ossl_md_ctx(opub, 0, NCR_ALG_SHA256,
					RSA_PKCS1_PSS_PADDING, 32,
					NCR_ALG_SHA1);
		ok = c && EVP_DigestVerify(c, sig, sig_len, msg, len) == 1;
		EVP_MD_CTX_free(c);
		tap_ok(ok, "%s PSS SHA256 with MGF1-SHA1: OpenSSL verifies "
		       "the kernel's signature (%s)", name, errname(r));
	}
}

/*
 * RSA-OAEP key wrap both ways with an AES-256 key.  ncr.h: a key is
 * wrapped under a wrapping key that is not TRUSTED only if it is
 * exportable; an unwrapped key gets the flags asked for (nothing added),
 * EXPORTABLE only when the unwrapping key is exportable itself
 * (priv_exportable), and the algorithm set asked for.
 */
static void rsa_wrap_checks(const char *name, uint32_t kpriv, uint32_t kpub,
			    EVP_PKEY *opub, EVP_PKEY *opriv, size_t mod,
			    int priv_exportable)
{
	uint8_t raw[32], w[NCR_MAX_SIGNATURE], got[NCR_MAX_SIGNATURE];
	uint8_t blk[16], c1[16], c2[16];
	size_t wl = sizeof(w), gl = sizeof(got);
	uint32_t aes = 0, aes2 = 0, aesn = 0;
	int r, r2;

	rng_fill(&rng, raw, sizeof(raw));
	rng_fill(&rng, blk, sizeof(blk));
	/* the caller holds these bytes: exportable, so any key may wrap it */
	r = kimport(NCR_KEY_TYPE_AES, NCR_KEY_FORMAT_RAW, 0, raw, 32,
		    NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_WRAPPABLE,
		    NCR_KEY_USAGE_ENCRYPT, 0, &aes);
	if (!tap_err(r, 0, "%s: import of an AES-256 key to wrap", name))
		return;
	r = key_wrap(fd, NCR_WALG_RSA_OAEP, kpub, aes, w, &wl);
	tap_ok(!r && wl == mod, "%s: RSA-OAEP wrap of an exportable AES-256 "
	       "key with the public key: %s, %zu bytes (want %zu)", name,
	       errname(r), wl, mod);
	if (!r) {
		r = ref_rsa_crypt(opriv, 0, NCR_ALG_SHA256, NULL, 0, w, wl,
				  got, &gl);
		tap_ok(!r && gl == 32 && !memcmp(got, raw, 32),
		       "%s: OpenSSL unwraps it (OAEP SHA-256) to the AES key's "
		       "bytes", name);
	}
	wl = sizeof(w);
	r = key_wrap(fd, NCR_WALG_RSA_OAEP, kpriv, aes, w, &wl);
	tap_ok(!r && wl == mod, "%s: RSA-OAEP wrap with the private key "
	       "handle: %s", name, errname(r));
	key_del(fd, aes);
	/* a wrappable key that is not exportable: neither RSA key is
	 * TRUSTED, so neither may wrap it (the holder of the RSA private
	 * key would read it) */
	r = kimport(NCR_KEY_TYPE_AES, NCR_KEY_FORMAT_RAW, 0, raw, 32,
		    NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_ENCRYPT, 0, &aesn);
	if (tap_err(r, 0, "%s: import of a wrappable, non-exportable AES key",
		    name)) {
		wl = sizeof(w);
		r = key_wrap(fd, NCR_WALG_RSA_OAEP, kpub, aesn, w, &wl);
		wl = sizeof(w);
		r2 = key_wrap(fd, NCR_WALG_RSA_OAEP, kpriv, aesn, w, &wl);
		tap_ok(r == -EPERM && r2 == -EPERM, "%s: a non-exportable key "
		       "is not wrapped under an untrusted RSA key (public %s, "
		       "private %s; want EPERM)", name, errname(r),
		       errname(r2));
		key_del(fd, aesn);
	}

	/* OpenSSL wraps, the kernel unwraps */
	rng_fill(&rng, raw, sizeof(raw));
	wl = sizeof(w);
	if (ref_rsa_crypt(opub, 1, NCR_ALG_SHA256, NULL, 0, raw, 32, w,
			  &wl)) {
		tap_ok(0, "%s: OpenSSL OAEP encrypt", name);
		return;
	}
	r = key_unwrap(fd, NCR_WALG_RSA_OAEP, kpriv, w, wl, NCR_KEY_TYPE_AES, 0,
		       NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_ECB, &aes2);
	if (!tap_err(r, 0, "%s: the kernel unwraps an AES key OpenSSL "
		     "encrypted to its public key (set aes-ecb)", name))
		return;
	r = kaes_block(aes2, blk, c1);
	ref_cipher(NCR_ALG_AES_ECB, 1, raw, 32, NULL, blk, 16, c2);
	tap_ok(!r && !memcmp(c1, c2, 16), "%s: the unwrapped key encrypts "
	       "as OpenSSL's AES-256 with the same bytes: %s", name,
	       errname(r));
	{
		struct ncr_key_info ki;

		r = key_info(fd, aes2, &ki);
		tap_ok(!r && ki.flags == 0 && ki.type == NCR_KEY_TYPE_AES &&
		       ki.bits == 256 && ki.algs == NCR_KEY_ALG_AES_ECB &&
		       !(ki.attrs & NCR_KEY_ATTR_LOCAL),
		       "%s: the unwrapped key is AES-256 with exactly the "
		       "flags asked for (0x%x, want 0), the set asked for "
		       "(0x%llx), not LOCAL (attrs 0x%x)", name, ki.flags,
		       (unsigned long long)ki.algs, ki.attrs);
	}
	key_del(fd, aes2);
	/* an exportable key out of it: only if the RSA key is exportable */
	r = key_unwrap(fd, NCR_WALG_RSA_OAEP, kpriv, w, wl, NCR_KEY_TYPE_AES,
		       NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_ENCRYPT, 0,
		       &aes2);
	if (priv_exportable) {
		gl = sizeof(got);
		r2 = r ? r : secret_export(fd, aes2, got, &gl);
		tap_ok(!r2 && gl == 32 && !memcmp(got, raw, 32),
		       "%s: unwrap into an exportable key under the exportable "
		       "private key, exported: the bytes OpenSSL wrapped (%s)",
		       name, errname(r2));
	} else {
		tap_err(r, -EPERM, "%s: unwrap into an exportable key under a "
			"non-exportable private key", name);
	}
	if (!r)
		key_del(fd, aes2);
	w[wl / 2] ^= 2;
	r = key_unwrap(fd, NCR_WALG_RSA_OAEP, kpriv, w, wl, NCR_KEY_TYPE_AES, 0,
		       NCR_KEY_USAGE_ENCRYPT, 0, &aes2);
	if (!r)
		key_del(fd, aes2);
	tap_err(r, -EBADMSG, "%s: unwrap of a tampered RSA-OAEP wrapped key",
		name);
	memset(raw, 0, sizeof(raw));
}

/*
 * A TRUSTED wrapping key (ncr.h, KEY POLICY): OpenSSL's public key,
 * imported with usage WRAP and the set rsa-oaep-wrap by a caller with
 * CAP_SYS_ADMIN, wraps a key generated in the kernel that is not
 * exportable, and OpenSSL (holding the private key) recovers bytes that
 * encrypt as the kernel key does.  The same public key not TRUSTED
 * refuses (EPERM); TRUSTED on a key that could do more than wrap is
 * EINVAL; without CAP_SYS_ADMIN, TRUSTED is EPERM.
 */
static void rsa_trusted_wrap(const char *name, EVP_PKEY *o)
{
	uint8_t spki[NCR_MAX_PKEY_BYTES], w[NCR_MAX_SIGNATURE];
	uint8_t got[NCR_MAX_SIGNATURE], blk[16], c1[16], c2[16];
	size_t slen = sizeof(spki), wl = sizeof(w), gl = sizeof(got);
	uint32_t tk = 0, uk = 0, ak = 0, bad;
	int r, r2;

	if (ossl_der(o, 0, spki, &slen)) {
		tap_ok(0, "%s: OpenSSL SPKI", name);
		return;
	}
	r = kimport(NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_SPKI, 0, spki, slen,
		    NCR_KEY_FLAG_TRUSTED, NCR_KEY_USAGE_WRAP,
		    NCR_KEY_ALG_RSA_OAEP_WRAP, &tk);
	if (geteuid() != 0) {
		if (!r)
			key_del(fd, tk);
		tap_err(r, -EPERM, "%s: a TRUSTED import without "
			"CAP_SYS_ADMIN", name);
		return;
	}
	if (!tap_err(r, 0, "%s: OpenSSL's public key imported TRUSTED (usage "
		     "wrap, set rsa-oaep-wrap)", name))
		return;
	r = kimport(NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_SPKI, 0, spki, slen,
		    NCR_KEY_FLAG_TRUSTED, NCR_KEY_USAGE_WRAP |
		    NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_RSA_OAEP_WRAP |
		    NCR_KEY_ALG_RSA_OAEP, &bad);
	if (!r)
		key_del(fd, bad);
	r2 = kimport(NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_SPKI, 0, spki, slen,
		     NCR_KEY_FLAG_TRUSTED, NCR_KEY_USAGE_WRAP,
		     NCR_KEY_ALG_RSA_OAEP, &bad);
	if (!r2)
		key_del(fd, bad);
	tap_ok(r == -EINVAL && r2 == -EINVAL, "%s: TRUSTED refused on a key "
	       "that could also encrypt (%s) or whose set is rsa-oaep (%s)",
	       name, errname(r), errname(r2));
	r = kimport(NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_SPKI, 0, spki, slen, 0,
		    NCR_KEY_USAGE_WRAP, NCR_KEY_ALG_RSA_OAEP_WRAP, &uk);
	r2 = r ? r : key_gen(fd, NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_WRAPPABLE,
			     NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_ECB, NULL,
			     0, &ak);
	if (!tap_err(r2, 0, "%s: an untrusted copy and a wrappable, "
		     "non-exportable AES-256 key generated in the kernel",
		     name))
		goto out;
	r = key_wrap(fd, NCR_WALG_RSA_OAEP, uk, ak, w, &wl);
	tap_err(r, -EPERM, "%s: wrap of the non-exportable key under the "
		"untrusted copy", name);
	wl = sizeof(w);
	r = key_wrap(fd, NCR_WALG_RSA_OAEP, tk, ak, w, &wl);
	if (!tap_err(r, 0, "%s: wrap of the non-exportable key under the "
		     "TRUSTED key", name))
		goto out;
	rng_fill(&rng, blk, sizeof(blk));
	r = ref_rsa_crypt(o, 0, NCR_ALG_SHA256, NULL, 0, w, wl, got, &gl);
	r2 = kaes_block(ak, blk, c1);
	/*
	 * Under a TRUSTED key the policy travels with the key (ncr.h,
	 * NCRIO_KEY_WRAP): "NCRT", type, flags, usage, algorithm set, all
	 * big-endian, then the 32 bytes of the key.
	 */
	{
		static const uint8_t env[24] = {
			'N', 'C', 'R', 'T', 0, 0, 0, NCR_KEY_TYPE_AES,
			0, 0, 0, NCR_KEY_FLAG_WRAPPABLE,
			0, 0, 0, NCR_KEY_USAGE_ENCRYPT,
			0, 0, 0, 0, 0, 0, 0, (uint8_t)NCR_KEY_ALG_AES_ECB,
		};

		tap_ok(!r && gl == 56 && !memcmp(got, env, 24), "%s: OpenSSL "
		       "unwraps the policy envelope (%zu bytes: type AES, "
		       "flags WRAPPABLE, usage ENCRYPT, set aes-ecb) and the "
		       "key", name, gl);
		if (!r && gl == 56)
			ref_cipher(NCR_ALG_AES_ECB, 1, got + 24, 32, NULL,
				   blk, 16, c2);
		tap_ok(!r && gl == 56 && !r2 && !memcmp(c1, c2, 16),
		       "%s: OpenSSL unwraps 32 bytes of key that encrypt as "
		       "the kernel key does (%s)", name, errname(r2));
	}
	memset(got, 0, sizeof(got));
out:
	if (ak)
		key_del(fd, ak);
	if (uk)
		key_del(fd, uk);
	key_del(fd, tk);
}

/*
 * The same RSA private key (OpenSSL's o, PKCS#8) under several algorithm
 * sets, usage sign|decrypt|unwrap: every algorithm of the set works with
 * OpenSSL on the other side (PKCS#1 and PSS signatures verified by
 * OpenSSL, OAEP and PKCS#1 ciphertexts of OpenSSL decrypted, an OAEP-wrapped
 * AES key unwrapped), every other one is EPERM.  And the defaults: no set
 * for sign|decrypt (EINVAL), decrypt alone is OAEP only (PKCS#1 v1.5 is
 * refused), sign alone PKCS#1 and PSS.
 */
static void rsa_set_checks(const char *name, EVP_PKEY *o)
{
	static const uint64_t sets[] = {
		NCR_KEY_ALG_RSA_PKCS1, NCR_KEY_ALG_RSA_PSS,
		NCR_KEY_ALG_RSA_OAEP, NCR_KEY_ALG_RSA_OAEP_WRAP,
		NCR_KEY_ALG_RSA_PKCS1 | NCR_KEY_ALG_RSA_OAEP,
		NCR_KEY_ALG_RSA_PSS | NCR_KEY_ALG_RSA_OAEP |
		NCR_KEY_ALG_RSA_OAEP_WRAP,
	};
	static const struct {
		uint64_t bit;
		const char *what;
	} ops[] = {
		{ NCR_KEY_ALG_RSA_PKCS1, "PKCS#1 sign" },
		{ NCR_KEY_ALG_RSA_PSS, "PSS sign" },
		{ NCR_KEY_ALG_RSA_OAEP, "OAEP decrypt" },
		{ NCR_KEY_ALG_RSA_PKCS1, "PKCS#1 decrypt" },
		{ NCR_KEY_ALG_RSA_OAEP_WRAP, "OAEP unwrap" },
	};
	const uint32_t usage = NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DECRYPT |
			       NCR_KEY_USAGE_UNWRAP;
	uint8_t der[NCR_MAX_PKEY_BYTES];
	size_t len = sizeof(der);
	struct ncr_key_info ki;
	uint32_t k;
	int r, r2;

	if (ossl_der(o, 1, der, &len)) {
		tap_ok(0, "%s: OpenSSL PKCS#8", name);
		return;
	}
	for (size_t si = 0; si < ARRAY_SIZE(sets); si++) {
		char setname[128], bad[400] = "";

		algs_str(sets[si], setname, sizeof(setname));
		r = kimport(NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_PKCS8, 0, der, len,
			    0, usage, sets[si], &k);
		if (!tap_err(r, 0, "%s: import with usage sign|decrypt|unwrap "
			     "and the set {%s}", name, setname))
			continue;
		for (size_t oi = 0; oi < ARRAY_SIZE(ops); oi++) {
			int in = !!(sets[si] & ops[oi].bit), ok;
			uint8_t m[32], ct[NCR_MAX_SIGNATURE];
			uint8_t out[NCR_MAX_SIGNATURE];
			size_t ml = sizeof(m), cl = sizeof(ct);
			size_t ol = sizeof(out);
			struct pkp p = { .hash = NCR_ALG_SHA256 };
			uint32_t nk = 0;

			rng_fill(&rng, m, ml);
			switch (oi) {
			case 0:
			case 1:
				if (oi == 1)
					p.salt_size = 32;
				r = pk_sign(fd, oi ? NCR_ALG_RSA_PSS :
					    NCR_ALG_RSA_PKCS1, k, &p, m, ml,
					    out, &ol);
				ok = !r && ossl_verify(o, NCR_ALG_SHA256, oi ?
						       RSA_PKCS1_PSS_PADDING :
						       RSA_PKCS1_PADDING, 32,
						       m, ml, out, ol) == 1;
				break;
			case 2:
			case 3:
				if (ref_rsa_crypt(o, 1, oi == 2 ?
						  NCR_ALG_SHA256 : 0, NULL, 0,
						  m, ml, ct, &cl)) {
					r = -EPROTO;
					ok = 0;
					break;
				}
				r = pk_crypt(fd, oi == 2 ? NCR_ALG_RSA_OAEP :
					     NCR_ALG_RSA_PKCS1, NCR_OP_DECRYPT,
					     k, oi == 2 ? &p : NULL, ct, cl,
					     out, &ol);
				ok = !r && ol == ml && !memcmp(out, m, ml);
				break;
			default:
				if (ref_rsa_crypt(o, 1, NCR_ALG_SHA256, NULL,
						  0, m, 16, ct, &cl)) {
					r = -EPROTO;
					ok = 0;
					break;
				}
				r = key_unwrap(fd, NCR_WALG_RSA_OAEP, k, ct, cl,
					       NCR_KEY_TYPE_AES, 0,
					       NCR_KEY_USAGE_ENCRYPT,
					       NCR_KEY_ALG_AES_ECB, &nk);
				if (!r) {
					uint8_t c1[16], c2[16];

					r = kaes_block(nk, m + 16, c1);
					ref_cipher(NCR_ALG_AES_ECB, 1, m, 16,
						   NULL, m + 16, 16, c2);
					ok = !r && !memcmp(c1, c2, 16);
					key_del(fd, nk);
				} else {
					ok = 0;
				}
				break;
			}
			if (in && !ok)
				snprintf(bad + strlen(bad),
					 sizeof(bad) - strlen(bad),
					 " %s: %s, not as OpenSSL;",
					 ops[oi].what, errname(r));
			if (!in && r != -EPERM)
				snprintf(bad + strlen(bad),
					 sizeof(bad) - strlen(bad),
					 " %s: %s, want EPERM;", ops[oi].what,
					 errname(r));
		}
		tap_ok(!bad[0], "%s under {%s}: the set's operations agree "
		       "with OpenSSL, the others of PKCS#1 sign, PSS sign, "
		       "OAEP decrypt, PKCS#1 decrypt, OAEP unwrap are EPERM%s",
		       name, setname, bad);
		key_del(fd, k);
	}
	/* defaults */
	r = kimport(NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_PKCS8, 0, der, len, 0,
		    NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DECRYPT, 0, &k);
	if (!r)
		key_del(fd, k);
	tap_err(r, -EINVAL, "%s: import for sign|decrypt without a set", name);
	r = kimport(NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_PKCS8, 0, der, len, 0,
		    NCR_KEY_USAGE_DECRYPT, 0, &k);
	if (tap_err(r, 0, "%s: import for decrypt, default set", name)) {
		uint8_t ct[NCR_MAX_SIGNATURE], out[NCR_MAX_SIGNATURE];
		size_t cl = sizeof(ct), ol = sizeof(out);

		r = key_info(fd, k, &ki);
		if (ref_rsa_crypt(o, 1, 0, NULL, 0, "x", 1, ct, &cl))
			r2 = -EPROTO;
		else
			r2 = pk_crypt(fd, NCR_ALG_RSA_PKCS1, NCR_OP_DECRYPT, k,
				      NULL, ct, cl, out, &ol);
		tap_ok(!r && ki.algs == NCR_KEY_ALG_RSA_OAEP && r2 == -EPERM,
		       "%s: the default set of a decryption key is rsa-oaep "
		       "(0x%llx) and PKCS#1 v1.5 decryption is refused (%s, "
		       "want EPERM)", name, (unsigned long long)ki.algs,
		       errname(r2));
		key_del(fd, k);
	}
	r = kimport(NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_PKCS8, 0, der, len, 0,
		    NCR_KEY_USAGE_SIGN, 0, &k);
	if (tap_err(r, 0, "%s: import for sign, default set", name)) {
		r = key_info(fd, k, &ki);
		tap_ok(!r && ki.algs == (NCR_KEY_ALG_RSA_PKCS1 |
					 NCR_KEY_ALG_RSA_PSS),
		       "%s: the default set of a signing key is rsa-pkcs1, "
		       "rsa-pss (0x%llx)", name, (unsigned long long)ki.algs);
		key_del(fd, k);
	}
	memset(der, 0, sizeof(der));
}

void test_rsa2048(void)
{
	const char *name = "RSA-2048 (kernel)";
	uint32_t kpriv = 0, kpub = 0;
	EVP_PKEY *opub, *opriv;
	struct ncr_key_info ki;
	double t0 = now_s();
	int r;

	r = key_genpair(fd, NCR_KEY_TYPE_RSA, 2048, 0, NULL, 0,
			NCR_KEY_FLAG_EXPORTABLE, RSA_ALL_USAGE, 0, RSA_ALL_ALGS,
			0, NULL, 0, &kpriv, &kpub);
	if (!tap_err(r, 0, "%s: key pair generation, every usage, the set "
		     "{rsa-pkcs1, rsa-pss, rsa-oaep, rsa-oaep-wrap} (%.1f s)",
		     name, now_s() - t0))
		return;
	r = key_info(fd, kpub, &ki);
	tap_ok(!r && ki.bits == 2048 && ki.key_class == NCR_KEY_CLASS_PUBLIC &&
	       ki.usage == (NCR_KEY_USAGE_VERIFY | NCR_KEY_USAGE_ENCRYPT |
			    NCR_KEY_USAGE_WRAP) &&
	       (ki.flags & NCR_KEY_FLAG_EXPORTABLE) &&
	       (ki.flags & NCR_KEY_FLAG_STORABLE) && ki.algs == RSA_ALL_ALGS,
	       "%s: public key: 2048 bits, class public, usage "
	       "verify|encrypt|wrap (0x%x), exportable and storable (flags "
	       "0x%x), default set the union of its families (0x%llx)", name,
	       ki.usage, ki.flags, (unsigned long long)ki.algs);
	opub = kexport_pub(kpub);
	tap_ok(opub && EVP_PKEY_get_bits(opub) == 2048 &&
	       EVP_PKEY_is_a(opub, "RSA"),
	       "%s: SPKI export loads in OpenSSL (d2i_PUBKEY) as RSA-2048",
	       name);
	opriv = kexport_priv(kpriv, NCR_KEY_FORMAT_PKCS8);
	if (!opub || !opriv) {
		tap_ok(0, "%s: OpenSSL copies of the key", name);
	} else {
		EVP_PKEY *p2 = kexport_pub(kpriv);

		tap_ok(p2 && EVP_PKEY_eq(p2, opub) == 1, "%s: the private "
		       "key's SPKI equals the public key's", name);
		EVP_PKEY_free(p2);
		export_eq(name, kpriv, opub, 1);
		rsa_sig_checks(name, kpriv, kpub, opub, opriv, 256);
		rsa_crypt_checks(name, kpriv, kpub, opub, opriv, 256);
		rsa_wrap_checks(name, kpriv, kpub, opub, opriv, 256, 1);
		rsa_set_checks(name, opriv);
	}
	EVP_PKEY_free(opub);
	EVP_PKEY_free(opriv);
	key_del(fd, kpriv);
	key_del(fd, kpub);
}

void test_rsa3072(void)
{
	const char *name = "RSA-3072 (OpenSSL)";
	BIO *b = BIO_new_mem_buf(rsa3072_pem, -1);
	EVP_PKEY *o = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
	uint8_t der[NCR_MAX_PKEY_BYTES];
	unsigned char *dp = der;
	uint32_t k, k1 = 0, kp;
	int n, r;

	BIO_free(b);
	if (!o) {
		tap_ok(0, "%s: the built-in key loads in OpenSSL", name);
		return;
	}
	k = import_ossl(name, o, NCR_KEY_TYPE_RSA, RSA_ALL_USAGE, RSA_ALL_ALGS);
	if (!k)
		goto out;
	/* PKCS#1 RSAPrivateKey import too */
	n = i2d_PrivateKey(o, &dp);
	r = n > 0 ? kimport(NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_PKCS1, 0, der,
			    (size_t)n, 0, NCR_KEY_USAGE_SIGN, 0, &k1) :
		    -EPROTO;
	tap_err(r, 0, "%s: import of OpenSSL's PKCS#1 RSAPrivateKey", name);
	if (!r) {
		struct pkp p = { .hash = NCR_ALG_SHA384 };

		sig_k2o("RSA-3072 (PKCS#1 import) PKCS#1 SHA384",
			NCR_ALG_RSA_PKCS1, k1, o, &p, RSA_PKCS1_PADDING, 0, 0);
		key_del(fd, k1);
	}
	memset(der, 0, sizeof(der));
	{
		/* the non-exportable import refuses PKCS#8 export */
		size_t l = sizeof(der);

		tap_err(pk_export(fd, k, NCR_KEY_FORMAT_PKCS8, der, &l), -EPERM,
			"%s: PKCS#8 export of the imported (not exportable) "
			"key", name);
	}
	kp = import_spki(NCR_KEY_TYPE_RSA, o, NCR_KEY_USAGE_VERIFY |
			 NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_WRAP,
			 RSA_ALL_ALGS);
	tap_ok(kp != 0, "%s: OpenSSL's SPKI imports as a public key", name);
	if (kp) {
		struct pkp p = { .hash = NCR_ALG_SHA384 };

		sig_k2o("RSA-3072 PKCS#1 SHA384", NCR_ALG_RSA_PKCS1, k, o, &p,
			RSA_PKCS1_PADDING, 0, 0);
		sig_o2k("RSA-3072 PKCS#1 SHA384", NCR_ALG_RSA_PKCS1, kp, o, &p,
			RSA_PKCS1_PADDING, 0, 0);
		p.salt_size = 48;
		sig_k2o("RSA-3072 PSS SHA384 salt 48", NCR_ALG_RSA_PSS, k, o,
			&p, RSA_PKCS1_PSS_PADDING, 48, 0);
		sig_o2k("RSA-3072 PSS SHA384 salt 48", NCR_ALG_RSA_PSS, kp, o,
			&p, RSA_PKCS1_PSS_PADDING, 48, 0);
		rsa_crypt_checks(name, k, kp, o, o, 384);
		rsa_wrap_checks(name, k, kp, o, o, 384, 0);
		key_del(fd, kp);
	}
	rsa_trusted_wrap(name, o);
	key_del(fd, k);
out:
	EVP_PKEY_free(o);
}
