// SPDX-License-Identifier: GPL-2.0
/*
 * pk_interop - public-key interoperability of /dev/crypto with OpenSSL
 * libcrypto (and once with the openssl command line), through the real
 * ioctls (tests/common.c helpers).  Runs in the VM:
 *
 *   build/tests/pk_interop
 *
 * For RSA-2048 (generated in the kernel once), RSA-3072 (an OpenSSL key
 * imported as PKCS#8 and PKCS#1), EC P-256/P-384, Ed25519, X25519, DSA
 * (2048, 256) (parameters generated in the kernel once, then reused) and
 * DH ffdhe2048:
 *   - kernel public halves exported as SPKI load in OpenSSL (d2i_PUBKEY)
 *     and OpenSSL verifies kernel signatures: PKCS#1 v1.5 (SHA-1/2),
 *     PSS (salts 0, 20, 32, maximum), ECDSA and DSA in DER and raw r||s,
 *     Ed25519; a tampered signature or message is refused;
 *   - OpenSSL signatures verify in the kernel (PSS also with
 *     NCR_PSS_SALT_AUTO), tampered ones do not;
 *   - OpenSSL encrypts (OAEP SHA-1 and SHA-256 with a label, PKCS#1)
 *     and the kernel decrypts; the kernel encrypts and OpenSSL decrypts;
 *   - exportable private keys exported as PKCS#8 (RSA also PKCS#1) load
 *     in OpenSSL and equal the public half (EVP_PKEY_eq); OpenSSL keys
 *     imported as PKCS#8 export the same SPKI bytes as OpenSSL's;
 *   - ECDH, X25519 and DH shared secrets (derived into an exportable
 *     generic secret) equal EVP_PKEY_derive's;
 *   - RSA-OAEP key wrap (NCR_WALG_RSA_OAEP) of an AES key is unwrapped by
 *     OpenSSL (OAEP SHA-256), and an AES key OpenSSL encrypts to the
 *     kernel's public key unwraps in the kernel into a key that encrypts
 *     as OpenSSL does with the same bytes;
 *   - `openssl dgst -verify` and `openssl pkeyutl -verify` accept kernel
 *     RSA and ECDSA signatures (when the openssl program is there);
 *   - algorithm sets (ncr.h, ALGORITHM SETS): keys of several families
 *     name their set (RSA every usage: PKCS#1, PSS, OAEP, OAEP wrap; EC
 *     ECDSA and ECDH); the same RSA and EC keys under several sets do
 *     with OpenSSL exactly what the set holds and get EPERM for the rest,
 *     no set for two families is EINVAL, the defaults are ncr.h's
 *     (decryption: OAEP only); PKCS#1 v1.5 decryption of a tampered
 *     ciphertext succeeds with a synthetic message (implicit rejection);
 *   - wrapping: a non-exportable key is refused under an untrusted RSA
 *     key, wrapped under a TRUSTED one (as root; EPERM without
 *     CAP_SYS_ADMIN) for OpenSSL to unwrap; unwrapped keys get exactly
 *     the flags and set asked for, exportable only under an exportable
 *     unwrapping key;
 *   - key IDs are the kernel's (one per pair, a new one per import),
 *     labels the caller's; a STORABLE private key survives a storage
 *     blob with its ID, label and policy, one without STORABLE is
 *     refused, public keys are always storable.
 * Messages are random (NCR_TEST_SEED reproduces them).  At the end no
 * key or session of ours is left (live counters).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "tap.h"

static int fd;
static struct rng rng;

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

/* ------------------------------------------------------------ helpers */

static const char *md_name(uint32_t hash)
{
	switch (hash) {
	case NCR_ALG_SHA1: return "SHA1";
	case NCR_ALG_SHA224: return "SHA224";
	case NCR_ALG_SHA256: return "SHA256";
	case NCR_ALG_SHA384: return "SHA384";
	case NCR_ALG_SHA512: return "SHA512";
	}
	return NULL;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static EVP_PKEY *ossl_pub(const uint8_t *der, size_t len)
{
	const unsigned char *p = der;

	return d2i_PUBKEY(NULL, &p, (long)len);
}

static EVP_PKEY *ossl_priv(const uint8_t *der, size_t len)
{
	const unsigned char *p = der;

	return d2i_AutoPrivateKey(NULL, &p, (long)len);
}

/* The kernel key's export in fmt, loaded in OpenSSL (pub: SPKI). */
static EVP_PKEY *kexport_pub(uint32_t key)
{
	uint8_t der[NCR_MAX_PKEY_BYTES];
	size_t len = sizeof(der);

	if (pk_export(fd, key, NCR_KEY_FORMAT_SPKI, der, &len))
		return NULL;
	return ossl_pub(der, len);
}

static EVP_PKEY *kexport_priv(uint32_t key, uint32_t fmt)
{
	uint8_t der[NCR_MAX_PKEY_BYTES];
	size_t len = sizeof(der);

	if (pk_export(fd, key, fmt, der, &len))
		return NULL;
	if (fmt == NCR_KEY_FORMAT_PKCS1) {
		const unsigned char *p = der;

		return d2i_PrivateKey(EVP_PKEY_RSA, NULL, &p, (long)len);
	}
	return ossl_priv(der, len);
}

/* DER of an OpenSSL key: PKCS#8 (priv) or SPKI. */
static int ossl_der(EVP_PKEY *k, int priv, uint8_t *out, size_t *len)
{
	unsigned char *p = out;
	int n;

	if (priv) {
		PKCS8_PRIV_KEY_INFO *p8 = EVP_PKEY2PKCS8(k);

		if (!p8)
			return -1;
		n = i2d_PKCS8_PRIV_KEY_INFO(p8, NULL);
		if (n <= 0 || (size_t)n > *len) {
			PKCS8_PRIV_KEY_INFO_free(p8);
			return -1;
		}
		n = i2d_PKCS8_PRIV_KEY_INFO(p8, &p);
		PKCS8_PRIV_KEY_INFO_free(p8);
	} else {
		n = i2d_PUBKEY(k, NULL);
		if (n <= 0 || (size_t)n > *len)
			return -1;
		n = i2d_PUBKEY(k, &p);
	}
	if (n <= 0)
		return -1;
	*len = (size_t)n;
	return 0;
}

/* pad: RSA_PKCS1_PADDING, RSA_PKCS1_PSS_PADDING or 0 (not RSA). */
static int ossl_pctx_setup(EVP_PKEY_CTX *pc, int pad, int salt,
			   uint32_t mgf1)
{
	if (!pad)
		return 1;
	if (EVP_PKEY_CTX_set_rsa_padding(pc, pad) <= 0)
		return 0;
	if (pad == RSA_PKCS1_PSS_PADDING) {
		if (EVP_PKEY_CTX_set_rsa_pss_saltlen(pc, salt) <= 0)
			return 0;
		if (mgf1 && EVP_PKEY_CTX_set_rsa_mgf1_md_name(pc,
				md_name(mgf1), NULL) <= 0)
			return 0;
	}
	return 1;
}

/* 1: good signature, 0: bad, -1: error. hash 0: Ed25519. */
static int ossl_verify(EVP_PKEY *k, uint32_t hash, int pad, int salt,
		       const void *msg, size_t len, const void *sig,
		       size_t sig_len)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pc = NULL;
	int r = -1;

	if (EVP_DigestVerifyInit_ex(c, &pc, hash ? md_name(hash) : NULL, NULL,
				    NULL, k, NULL) <= 0 ||
	    !ossl_pctx_setup(pc, pad, salt, 0))
		goto out;
	r = EVP_DigestVerify(c, sig, sig_len, msg, len) == 1;
out:
	EVP_MD_CTX_free(c);
	return r;
}

static int ossl_sign(EVP_PKEY *k, uint32_t hash, int pad, int salt,
		     const void *msg, size_t len, uint8_t *sig,
		     size_t *sig_len)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pc = NULL;
	int ok = 0;

	if (EVP_DigestSignInit_ex(c, &pc, hash ? md_name(hash) : NULL, NULL,
				  NULL, k, NULL) <= 0 ||
	    !ossl_pctx_setup(pc, pad, salt, 0))
		goto out;
	ok = EVP_DigestSign(c, sig, sig_len, msg, len) == 1;
out:
	EVP_MD_CTX_free(c);
	return ok ? 0 : -1;
}

/* RSA encrypt/decrypt; oaep_hash 0: PKCS#1 v1.5. */
static int ossl_rsa_crypt(EVP_PKEY *k, int enc, uint32_t oaep_hash,
			  const void *label, size_t label_len, const void *in,
			  size_t len, uint8_t *out, size_t *out_len)
{
	EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL);
	int ok = 0;

	if (!pc)
		return -1;
	if ((enc ? EVP_PKEY_encrypt_init(pc) : EVP_PKEY_decrypt_init(pc)) <= 0)
		goto out;
	if (EVP_PKEY_CTX_set_rsa_padding(pc, oaep_hash ? RSA_PKCS1_OAEP_PADDING
					 : RSA_PKCS1_PADDING) <= 0)
		goto out;
	if (oaep_hash) {
		if (EVP_PKEY_CTX_set_rsa_oaep_md_name(pc, md_name(oaep_hash),
						      NULL) <= 0 ||
		    EVP_PKEY_CTX_set_rsa_mgf1_md_name(pc, md_name(oaep_hash),
						      NULL) <= 0)
			goto out;
		if (label_len) {
			void *l = OPENSSL_memdup(label, label_len);

			if (EVP_PKEY_CTX_set0_rsa_oaep_label(pc, l,
					(int)label_len) <= 0) {
				OPENSSL_free(l);
				goto out;
			}
		}
	}
	ok = (enc ? EVP_PKEY_encrypt(pc, out, out_len, in, len) :
		    EVP_PKEY_decrypt(pc, out, out_len, in, len)) == 1;
out:
	EVP_PKEY_CTX_free(pc);
	return ok ? 0 : -1;
}

static int ossl_derive(EVP_PKEY *priv, EVP_PKEY *peer, int dh_pad,
		       uint8_t *out, size_t *out_len)
{
	EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_pkey(NULL, priv, NULL);
	int ok = 0;

	if (!pc)
		return -1;
	if (EVP_PKEY_derive_init(pc) <= 0 ||
	    (dh_pad && EVP_PKEY_CTX_set_dh_pad(pc, 1) <= 0) ||
	    EVP_PKEY_derive_set_peer(pc, peer) <= 0)
		goto out;
	ok = EVP_PKEY_derive(pc, out, out_len) == 1;
out:
	EVP_PKEY_CTX_free(pc);
	return ok ? 0 : -1;
}

static EVP_PKEY *ossl_gen(const char *alg, const char *group)
{
	EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_name(NULL, alg, NULL);
	EVP_PKEY *k = NULL;

	if (!pc)
		return NULL;
	if (EVP_PKEY_keygen_init(pc) > 0 &&
	    (!group || EVP_PKEY_CTX_set_group_name(pc, group) > 0))
		EVP_PKEY_keygen(pc, &k);
	EVP_PKEY_CTX_free(pc);
	return k;
}

/* DER SEQUENCE{r, s} <-> r||s (each n bytes). */
static int sig_der_to_raw(const uint8_t *der, size_t len, size_t n,
			  uint8_t *raw)
{
	const unsigned char *p = der;
	ECDSA_SIG *s = d2i_ECDSA_SIG(NULL, &p, (long)len);
	const BIGNUM *r, *ss;
	int ok;

	if (!s)
		return -1;
	ECDSA_SIG_get0(s, &r, &ss);
	ok = BN_bn2binpad(r, raw, (int)n) == (int)n &&
	     BN_bn2binpad(ss, raw + n, (int)n) == (int)n;
	ECDSA_SIG_free(s);
	return ok ? 0 : -1;
}

static int sig_raw_to_der(const uint8_t *raw, size_t n, uint8_t *der,
			  size_t *len)
{
	ECDSA_SIG *s = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(raw, (int)n, NULL);
	BIGNUM *ss = BN_bin2bn(raw + n, (int)n, NULL);
	unsigned char *p = der;
	int l;

	if (!s || !r || !ss || !ECDSA_SIG_set0(s, r, ss)) {
		ECDSA_SIG_free(s);
		BN_free(r);
		BN_free(ss);
		return -1;
	}
	l = i2d_ECDSA_SIG(s, &p);
	ECDSA_SIG_free(s);
	if (l <= 0)
		return -1;
	*len = (size_t)l;
	return 0;
}

static const char *vname(int r)
{
	return r == NCR_VERIFY_OK ? "NCR_VERIFY_OK" :
	       r == NCR_VERIFY_FAILED ? "NCR_VERIFY_FAILED" : errname(r);
}

/*
 * Key creation with a policy: the algorithm set (ncr.h, ALGORITHM SETS;
 * 0: the default) and, for pairs, the public key's set and a label.
 * Raw ioctls of the current structure versions (common.c's pk_import and
 * pk_genpair leave algs 0).
 */
static int kimport(uint32_t type, uint32_t format, uint32_t bits,
		   const void *data, size_t len, uint32_t flags, uint32_t usage,
		   uint64_t algs, uint32_t *key)
{
	struct ncr_key_import im = {
		.size = sizeof(im), .flags = flags, .usage = usage,
		.type = type, .data = PTR64(data), .data_size = (__u32)len,
		.format = format, .bits = bits, .algs = algs,
	};
	int r = xioctl(fd, NCRIO_KEY_IMPORT, &im);

	if (!r)
		*key = im.key;
	return r;
}

static int kgenpair(uint32_t type, uint32_t bits, uint32_t q_bits,
		    const void *params, size_t params_len, uint32_t flags,
		    uint32_t usage, uint64_t algs, uint64_t public_algs,
		    const char *label, uint32_t *priv, uint32_t *pub)
{
	struct ncr_key_generate_pair g = {
		.size = sizeof(g), .flags = flags, .usage = usage,
		.type = type, .bits = bits, .q_bits = q_bits,
		.params = PTR64(params), .params_size = (__u32)params_len,
		.algs = algs, .public_algs = public_algs,
		.label = PTR64(label),
		.label_size = label ? (__u32)strlen(label) : 0,
	};
	int r = xioctl(fd, NCRIO_KEY_GENERATE_PAIR, &g);

	if (!r) {
		*priv = g.private_key;
		*pub = g.public_key;
	}
	return r;
}

/* A secret key generated in the kernel (NCRIO_KEY_GENERATE). */
static int kgen(uint32_t type, uint32_t bits, uint32_t flags, uint32_t usage,
		uint64_t algs, uint32_t *key)
{
	struct ncr_key_generate g = {
		.size = sizeof(g), .flags = flags, .usage = usage,
		.type = type, .bits = bits, .algs = algs,
	};
	int r = xioctl(fd, NCRIO_KEY_GENERATE, &g);

	if (!r)
		*key = g.key;
	return r;
}

/* The public-key bits of a set, comma-separated, for messages. */
static void algs_str(uint64_t algs, char *buf, size_t len)
{
	static const struct {
		uint64_t bit;
		const char *name;
	} n[] = {
		{ NCR_KEY_ALG_RSA_PKCS1, "rsa-pkcs1" },
		{ NCR_KEY_ALG_RSA_PSS, "rsa-pss" },
		{ NCR_KEY_ALG_RSA_OAEP, "rsa-oaep" },
		{ NCR_KEY_ALG_RSA_OAEP_WRAP, "rsa-oaep-wrap" },
		{ NCR_KEY_ALG_ECDSA, "ecdsa" },
		{ NCR_KEY_ALG_ECDH, "ecdh" },
	};
	size_t used = 0;

	buf[0] = 0;
	for (size_t i = 0; i < ARRAY_SIZE(n); i++)
		if ((algs & n[i].bit) && used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%s",
						 used ? ", " : "", n[i].name);
}

/* Raw ioctl key wrap/unwrap (NCR_WALG_RSA_OAEP). */
static int kwrap(uint32_t walg, uint32_t wk, uint32_t key, uint8_t *out,
		 size_t *out_len)
{
	struct ncr_key_wrap w = {
		.size = sizeof(w), .algorithm = walg, .wrapping_key = wk,
		.key = key, .data = PTR64(out), .data_size = (__u32)*out_len,
	};
	int r = xioctl(fd, NCRIO_KEY_WRAP, &w);

	if (!r || r == -ERANGE)
		*out_len = w.data_size;
	return r;
}

static int kunwrap(uint32_t walg, uint32_t wk, const uint8_t *in,
		   size_t len, uint32_t type, uint32_t flags, uint32_t usage,
		   uint64_t algs, uint32_t *key)
{
	struct ncr_key_wrap w = {
		.size = sizeof(w), .flags = flags, .algorithm = walg,
		.wrapping_key = wk, .type = type, .usage = usage,
		.data = PTR64(in), .data_size = (__u32)len, .algs = algs,
	};
	int r = xioctl(fd, NCRIO_KEY_UNWRAP, &w);

	if (!r)
		*key = w.key;
	return r;
}

/* AES-ECB of one block with a kernel key (usage ENCRYPT, set aes-ecb). */
static int kaes_block(uint32_t key, const uint8_t in[16], uint8_t out[16])
{
	struct ncr_session_once o = {
		.size = sizeof(o), .algorithm = NCR_ALG_AES_ECB,
		.op = NCR_OP_ENCRYPT, .key = key, .input = PTR64(in),
		.input_size = 16, .output = PTR64(out), .output_size = 16,
	};

	return xioctl(fd, NCRIO_SESSION_ONCE, &o);
}

static void rand_msg(uint8_t *m, size_t *len, size_t max)
{
	*len = 1 + rng_below(&rng, (uint32_t)max);
	rng_fill(&rng, m, *len);
}

/* ------------------------------------------------- signature round trips */

/*
 * The kernel signs (private key kpriv, parameters p; a session fed in
 * 97-byte updates, or one NCRIO_SESSION_ONCE with the digest when
 * p->pk_flags has NCR_PK_FLAG_DIGEST); OpenSSL verifies with opub
 * (raw_n: r||s halves of that length, converted to DER first).
 */
static void sig_k2o(const char *name, uint32_t alg, uint32_t kpriv,
		    EVP_PKEY *opub, const struct pkp *p, int pad, int salt,
		    size_t raw_n)
{
	uint8_t msg[3000], sig[NCR_MAX_SIGNATURE], der[NCR_MAX_SIGNATURE];
	uint8_t dig[64];
	size_t len, sig_len = sizeof(sig), der_len, dl;
	const uint8_t *vsig = sig;
	size_t vlen;
	int r, good, bad_sig, bad_msg;

	rand_msg(msg, &len, sizeof(msg));
	if (p && (p->pk_flags & NCR_PK_FLAG_DIGEST)) {
		ref_digest(p->hash, msg, len, dig, &dl);
		r = pk_sign(fd, alg, kpriv, p, dig, dl, sig, &sig_len);
	} else {
		r = pk_sign_ses(fd, alg, kpriv, p, msg, len, 97, sig,
				&sig_len);
	}
	if (r) {
		tap_ok(0, "%s: kernel sign (%zu-byte message): %s", name, len,
		       errname(r));
		return;
	}
	vlen = sig_len;
	if (raw_n) {
		if (sig_len != 2 * raw_n ||
		    sig_raw_to_der(sig, raw_n, der, &der_len)) {
			tap_ok(0, "%s: raw signature is %zu bytes, want %zu",
			       name, sig_len, 2 * raw_n);
			return;
		}
		vsig = der;
		vlen = der_len;
	}
	good = ossl_verify(opub, p ? p->hash : 0, pad, salt, msg, len, vsig,
			   vlen);
	msg[len / 2] ^= 0x01;
	bad_msg = ossl_verify(opub, p ? p->hash : 0, pad, salt, msg, len,
			      vsig, vlen);
	msg[len / 2] ^= 0x01;
	sig[sig_len - 1 - sig_len / 3] ^= 0x40;
	if (raw_n)
		sig_raw_to_der(sig, raw_n, der, &der_len);
	bad_sig = ossl_verify(opub, p ? p->hash : 0, pad, salt, msg, len,
			      raw_n ? der : sig, raw_n ? der_len : sig_len);
	tap_ok(good == 1 && bad_msg == 0 && bad_sig == 0,
	       "%s: OpenSSL verifies the kernel's signature of %zu bytes "
	       "(%d), refuses a tampered message (%d) and signature (%d)",
	       name, len, good, bad_msg, bad_sig);
}

/* OpenSSL signs with opriv; the kernel verifies with kkey (raw_n: also
 * as r||s with NCR_PK_FLAG_SIG_RAW). */
static void sig_o2k(const char *name, uint32_t alg, uint32_t kkey,
		    EVP_PKEY *opriv, const struct pkp *p, int pad, int salt,
		    size_t raw_n)
{
	uint8_t msg[3000], sig[NCR_MAX_SIGNATURE], raw[NCR_MAX_SIGNATURE];
	size_t len, sig_len = sizeof(sig);
	struct pkp q = p ? *p : (struct pkp){ 0 };
	int good, good_ses, bad_msg, bad_sig, good_raw = NCR_VERIFY_OK;

	rand_msg(msg, &len, sizeof(msg));
	if (ossl_sign(opriv, q.hash, pad, salt, msg, len, sig, &sig_len)) {
		tap_ok(0, "%s: OpenSSL sign", name);
		return;
	}
	good = pk_verify(fd, alg, kkey, &q, msg, len, sig, sig_len);
	good_ses = pk_verify_ses(fd, alg, kkey, &q, msg, len, 61, sig,
				 sig_len);
	if (raw_n) {
		struct pkp qr = q;

		qr.pk_flags |= NCR_PK_FLAG_SIG_RAW;
		if (sig_der_to_raw(sig, sig_len, raw_n, raw))
			good_raw = -EPROTO;
		else
			good_raw = pk_verify(fd, alg, kkey, &qr, msg, len, raw,
					     2 * raw_n);
	}
	msg[0] ^= 0x80;
	bad_msg = pk_verify(fd, alg, kkey, &q, msg, len, sig, sig_len);
	msg[0] ^= 0x80;
	sig[sig_len / 2] ^= 0x04;
	bad_sig = pk_verify(fd, alg, kkey, &q, msg, len, sig, sig_len);
	tap_ok(good == NCR_VERIFY_OK && good_ses == NCR_VERIFY_OK &&
	       good_raw == NCR_VERIFY_OK && bad_msg == NCR_VERIFY_FAILED &&
	       bad_sig == NCR_VERIFY_FAILED,
	       "%s: the kernel verifies OpenSSL's signature of %zu bytes "
	       "(once %s, session %s%s%s), refuses a tampered message (%s) "
	       "and signature (%s)", name, len, vname(good), vname(good_ses),
	       raw_n ? ", raw " : "", raw_n ? vname(good_raw) : "",
	       vname(bad_msg), vname(bad_sig));
}

/* Exported PKCS#8 (and PKCS#1) of an exportable kernel private key load
 * in OpenSSL and equal the SPKI public half. */
static void export_eq(const char *name, uint32_t kpriv, EVP_PKEY *opub,
		      int pkcs1)
{
	EVP_PKEY *k8 = kexport_priv(kpriv, NCR_KEY_FORMAT_PKCS8);

	tap_ok(k8 && opub && EVP_PKEY_eq(k8, opub) == 1,
	       "%s: exported PKCS#8 loads in OpenSSL and equals the SPKI "
	       "public key", name);
	if (pkcs1) {
		EVP_PKEY *k1 = kexport_priv(kpriv, NCR_KEY_FORMAT_PKCS1);

		tap_ok(k1 && k8 && EVP_PKEY_eq(k1, k8) == 1 &&
		       EVP_PKEY_eq(k1, opub) == 1,
		       "%s: exported PKCS#1 RSAPrivateKey loads in OpenSSL "
		       "and equals the PKCS#8 key", name);
		EVP_PKEY_free(k1);
	}
	EVP_PKEY_free(k8);
}

/* An OpenSSL private key imported as PKCS#8: the kernel's SPKI export
 * of it equals OpenSSL's bytes.  Returns the handle (0 on failure). */
static uint32_t import_ossl(const char *name, EVP_PKEY *o, uint32_t type,
			    uint32_t usage, uint64_t algs)
{
	uint8_t der[NCR_MAX_PKEY_BYTES], spki[NCR_MAX_PKEY_BYTES];
	uint8_t kspki[NCR_MAX_PKEY_BYTES];
	size_t len = sizeof(der), slen = sizeof(spki), klen = sizeof(kspki);
	uint32_t key = 0;
	int r;

	if (ossl_der(o, 1, der, &len) || ossl_der(o, 0, spki, &slen)) {
		tap_ok(0, "%s: OpenSSL DER encoding", name);
		return 0;
	}
	r = kimport(type, NCR_KEY_FORMAT_PKCS8, 0, der, len, 0, usage, algs,
		    &key);
	memset(der, 0, sizeof(der));
	if (!tap_err(r, 0, "%s: import of OpenSSL's PKCS#8 (%zu bytes)", name,
		     len))
		return 0;
	r = pk_export(fd, key, NCR_KEY_FORMAT_SPKI, kspki, &klen);
	tap_ok(!r && klen == slen && !memcmp(kspki, spki, slen),
	       "%s: SPKI exported from the imported key equals OpenSSL's "
	       "(%zu bytes, want %zu): %s", name, klen, slen, errname(r));
	return key;
}

/* The kernel's SPKI, imported back as a public key for verify. */
static uint32_t import_spki(uint32_t type, EVP_PKEY *o, uint32_t usage,
			    uint64_t algs)
{
	uint8_t spki[NCR_MAX_PKEY_BYTES];
	size_t slen = sizeof(spki);
	uint32_t key = 0;

	if (ossl_der(o, 0, spki, &slen) ||
	    kimport(type, NCR_KEY_FORMAT_SPKI, 0, spki, slen, 0, usage, algs,
		    &key))
		return 0;
	return key;
}

/* ------------------------------------------------------------------ RSA */

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
		if (ossl_rsa_crypt(opub, 1, v[i].alg == NCR_ALG_RSA_OAEP ?
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
		r = ossl_rsa_crypt(opriv, 0, v[i].alg == NCR_ALG_RSA_OAEP ?
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
		EVP_MD_CTX *c = EVP_MD_CTX_new();
		EVP_PKEY_CTX *pc = NULL;
		int r, ok;

		rand_msg(msg, &len, sizeof(msg));
		r = pk_sign(fd, NCR_ALG_RSA_PSS, kpriv, &p, msg, len, sig,
			    &sig_len);
		ok = !r && EVP_DigestVerifyInit_ex(c, &pc, "SHA256", NULL,
						   NULL, opub, NULL) > 0 &&
		     ossl_pctx_setup(pc, RSA_PKCS1_PSS_PADDING, 32,
				     NCR_ALG_SHA1) &&
		     EVP_DigestVerify(c, sig, sig_len, msg, len) == 1;
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
	r = kwrap(NCR_WALG_RSA_OAEP, kpub, aes, w, &wl);
	tap_ok(!r && wl == mod, "%s: RSA-OAEP wrap of an exportable AES-256 "
	       "key with the public key: %s, %zu bytes (want %zu)", name,
	       errname(r), wl, mod);
	if (!r) {
		r = ossl_rsa_crypt(opriv, 0, NCR_ALG_SHA256, NULL, 0, w, wl,
				   got, &gl);
		tap_ok(!r && gl == 32 && !memcmp(got, raw, 32),
		       "%s: OpenSSL unwraps it (OAEP SHA-256) to the AES key's "
		       "bytes", name);
	}
	wl = sizeof(w);
	r = kwrap(NCR_WALG_RSA_OAEP, kpriv, aes, w, &wl);
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
		r = kwrap(NCR_WALG_RSA_OAEP, kpub, aesn, w, &wl);
		wl = sizeof(w);
		r2 = kwrap(NCR_WALG_RSA_OAEP, kpriv, aesn, w, &wl);
		tap_ok(r == -EPERM && r2 == -EPERM, "%s: a non-exportable key "
		       "is not wrapped under an untrusted RSA key (public %s, "
		       "private %s; want EPERM)", name, errname(r),
		       errname(r2));
		key_del(fd, aesn);
	}

	/* OpenSSL wraps, the kernel unwraps */
	rng_fill(&rng, raw, sizeof(raw));
	wl = sizeof(w);
	if (ossl_rsa_crypt(opub, 1, NCR_ALG_SHA256, NULL, 0, raw, 32, w,
			   &wl)) {
		tap_ok(0, "%s: OpenSSL OAEP encrypt", name);
		return;
	}
	r = kunwrap(NCR_WALG_RSA_OAEP, kpriv, w, wl, NCR_KEY_TYPE_AES, 0,
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
	r = kunwrap(NCR_WALG_RSA_OAEP, kpriv, w, wl, NCR_KEY_TYPE_AES,
		    NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_ENCRYPT, 0, &aes2);
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
	r = kunwrap(NCR_WALG_RSA_OAEP, kpriv, w, wl, NCR_KEY_TYPE_AES, 0,
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
	r2 = r ? r : kgen(NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_WRAPPABLE,
			  NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_ECB, &ak);
	if (!tap_err(r2, 0, "%s: an untrusted copy and a wrappable, "
		     "non-exportable AES-256 key generated in the kernel",
		     name))
		goto out;
	r = kwrap(NCR_WALG_RSA_OAEP, uk, ak, w, &wl);
	tap_err(r, -EPERM, "%s: wrap of the non-exportable key under the "
		"untrusted copy", name);
	wl = sizeof(w);
	r = kwrap(NCR_WALG_RSA_OAEP, tk, ak, w, &wl);
	if (!tap_err(r, 0, "%s: wrap of the non-exportable key under the "
		     "TRUSTED key", name))
		goto out;
	rng_fill(&rng, blk, sizeof(blk));
	r = ossl_rsa_crypt(o, 0, NCR_ALG_SHA256, NULL, 0, w, wl, got, &gl);
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
				if (ossl_rsa_crypt(o, 1, oi == 2 ?
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
				if (ossl_rsa_crypt(o, 1, NCR_ALG_SHA256, NULL,
						   0, m, 16, ct, &cl)) {
					r = -EPROTO;
					ok = 0;
					break;
				}
				r = kunwrap(NCR_WALG_RSA_OAEP, k, ct, cl,
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
		if (ossl_rsa_crypt(o, 1, 0, NULL, 0, "x", 1, ct, &cl))
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

static void test_rsa2048(void)
{
	const char *name = "RSA-2048 (kernel)";
	uint32_t kpriv = 0, kpub = 0;
	EVP_PKEY *opub, *opriv;
	struct ncr_key_info ki;
	double t0 = now_s();
	int r;

	r = kgenpair(NCR_KEY_TYPE_RSA, 2048, 0, NULL, 0,
		     NCR_KEY_FLAG_EXPORTABLE, RSA_ALL_USAGE, RSA_ALL_ALGS, 0,
		     NULL, &kpriv, &kpub);
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

static void test_rsa3072(void)
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

/* ------------------------------------------------------------------- EC */

static void derive_cmp(const char *name, uint32_t alg, uint32_t kpriv,
		       const uint8_t *peer, size_t peer_len,
		       const uint8_t *want, size_t want_len)
{
	uint8_t s[NCR_MAX_SECRET_BYTES];
	size_t sl = sizeof(s);
	uint32_t nk;
	int r;

	r = pk_derive(fd, alg, kpriv, peer, peer_len, NCR_KEY_TYPE_HMAC,
		      NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN, &nk);
	if (!tap_err(r, 0, "%s: derive (%zu-byte peer value)", name, peer_len))
		return;
	r = secret_export(fd, nk, s, &sl);
	key_del(fd, nk);
	tap_ok(!r && sl == want_len && !memcmp(s, want, sl),
	       "%s: the derived secret (%zu bytes) equals OpenSSL's "
	       "EVP_PKEY_derive (%zu bytes): %s", name, sl, want_len,
	       errname(r));
}

/*
 * OpenSSL's EC key o (PKCS#8) with usage sign|derive under the sets
 * {ecdsa}, {ecdh}, {ecdsa, ecdh}: ECDSA signatures OpenSSL verifies and
 * ECDH secrets equal to OpenSSL's where the set has the algorithm, EPERM
 * where it does not; with no set the import is refused (EINVAL: two
 * families).
 */
static void ec_set_checks(const char *name, EVP_PKEY *o, const char *group,
			  uint32_t hash)
{
	static const uint64_t sets[] = {
		NCR_KEY_ALG_ECDSA, NCR_KEY_ALG_ECDH,
		NCR_KEY_ALG_ECDSA | NCR_KEY_ALG_ECDH,
	};
	const uint32_t usage = NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DERIVE;
	uint8_t der[NCR_MAX_PKEY_BYTES], want[64], pt[2 * 48 + 1];
	size_t len = sizeof(der), wl = sizeof(want), pl = 0;
	EVP_PKEY *peer = ossl_gen("EC", group);
	uint32_t k;
	int r;

	if (!peer || ossl_der(o, 1, der, &len) ||
	    ossl_derive(o, peer, 0, want, &wl) ||
	    !EVP_PKEY_get_octet_string_param(peer,
		OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, pt, sizeof(pt), &pl)) {
		tap_ok(0, "%s: OpenSSL key, peer and derive", name);
		EVP_PKEY_free(peer);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(sets); i++) {
		uint8_t m[40], sig[NCR_MAX_SIGNATURE], s[NCR_MAX_SECRET_BYTES];
		size_t sl = sizeof(sig), ssl = sizeof(s);
		struct pkp p = { .hash = hash };
		int in_sig = !!(sets[i] & NCR_KEY_ALG_ECDSA);
		int in_dh = !!(sets[i] & NCR_KEY_ALG_ECDH);
		int rs, rd, ok_s, ok_d;
		uint32_t nk = 0;
		char setname[64];

		algs_str(sets[i], setname, sizeof(setname));
		r = kimport(NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_PKCS8, 0, der, len,
			    0, usage, sets[i], &k);
		if (!tap_err(r, 0, "%s: import with usage sign|derive and the "
			     "set {%s}", name, setname))
			continue;
		rng_fill(&rng, m, sizeof(m));
		rs = pk_sign(fd, NCR_ALG_ECDSA, k, &p, m, sizeof(m), sig, &sl);
		ok_s = in_sig ? !rs && ossl_verify(o, hash, 0, 0, m, sizeof(m),
						   sig, sl) == 1 :
			rs == -EPERM;
		rd = pk_derive(fd, NCR_ALG_ECDH, k, pt, pl, NCR_KEY_TYPE_HMAC,
			       NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN,
			       &nk);
		if (!rd) {
			rd = secret_export(fd, nk, s, &ssl);
			key_del(fd, nk);
		}
		ok_d = in_dh ? !rd && ssl == wl && !memcmp(s, want, wl) :
			rd == -EPERM;
		tap_ok(ok_s && ok_d, "%s under {%s}: ECDSA %s (%s), ECDH %s "
		       "(%s)", name, setname, in_sig ? "verified by OpenSSL" :
		       "refused, EPERM", errname(rs), in_dh ?
		       "equal to OpenSSL's secret" : "refused, EPERM",
		       errname(rd));
		key_del(fd, k);
	}
	r = kimport(NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_PKCS8, 0, der, len, 0,
		    usage, 0, &k);
	if (!r)
		key_del(fd, k);
	tap_err(r, -EINVAL, "%s: import for sign|derive without a set", name);
	memset(der, 0, sizeof(der));
	EVP_PKEY_free(peer);
}

static void test_ec(uint32_t bits)
{
	const char *group = bits == 256 ? "P-256" : "P-384";
	uint32_t hash = bits == 256 ? NCR_ALG_SHA256 : NCR_ALG_SHA384;
	size_t n = bits / 8;
	char name[64], what[160];
	uint32_t kpriv = 0, kpub = 0, ko, kop;
	EVP_PKEY *opub = NULL, *o = NULL, *okpub = NULL;
	int r;

	snprintf(name, sizeof(name), "EC %s (kernel)", group);
	/* ECDSA and ECDH: two families, both named */
	r = kgenpair(NCR_KEY_TYPE_EC, bits, 0, NULL, 0,
		     NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN |
		     NCR_KEY_USAGE_VERIFY | NCR_KEY_USAGE_DERIVE,
		     NCR_KEY_ALG_ECDSA | NCR_KEY_ALG_ECDH, 0, NULL, &kpriv,
		     &kpub);
	if (!tap_err(r, 0, "%s: key pair generation (set {ecdsa, ecdh})",
		     name))
		return;
	opub = kexport_pub(kpub);
	tap_ok(opub && EVP_PKEY_is_a(opub, "EC") &&
	       EVP_PKEY_get_bits(opub) == (int)bits,
	       "%s: SPKI export loads in OpenSSL as %s", name, group);
	if (!opub)
		goto out;
	export_eq(name, kpriv, opub, 0);
	{
		uint8_t pt[2 * 48 + 1], opt[2 * 48 + 1];
		size_t pl = sizeof(pt), opl = 0;

		r = pk_export(fd, kpub, NCR_KEY_FORMAT_RAW_PUBLIC, pt, &pl);
		EVP_PKEY_get_octet_string_param(opub,
			OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, opt, sizeof(opt),
			&opl);
		tap_ok(!r && pl == 2 * n + 1 && pl == opl &&
		       !memcmp(pt, opt, pl), "%s: RAW_PUBLIC export is "
		       "OpenSSL's uncompressed point (%zu bytes)", name, pl);
	}
	{
		struct pkp p = { .hash = hash };

		snprintf(what, sizeof(what), "%s ECDSA %s DER", name,
			 md_name(hash));
		sig_k2o(what, NCR_ALG_ECDSA, kpriv, opub, &p, 0, 0, 0);
		p.pk_flags = NCR_PK_FLAG_SIG_RAW;
		snprintf(what, sizeof(what), "%s ECDSA %s raw r||s", name,
			 md_name(hash));
		sig_k2o(what, NCR_ALG_ECDSA, kpriv, opub, &p, 0, 0, n);
		p.pk_flags = NCR_PK_FLAG_DIGEST;
		snprintf(what, sizeof(what), "%s ECDSA %s over a digest", name,
			 md_name(hash));
		sig_k2o(what, NCR_ALG_ECDSA, kpriv, opub, &p, 0, 0, 0);
		p.pk_flags = 0;
		p.hash = NCR_ALG_SHA512;
		snprintf(what, sizeof(what), "%s ECDSA SHA512 DER", name);
		sig_k2o(what, NCR_ALG_ECDSA, kpriv, opub, &p, 0, 0, 0);
	}
	{
		/* two signatures of one message differ (hedged nonces) */
		uint8_t m[32], s1[NCR_MAX_SIGNATURE], s2[NCR_MAX_SIGNATURE];
		size_t l1 = sizeof(s1), l2 = sizeof(s2);
		struct pkp p = { .hash = hash };
		int r1, r2;

		rng_fill(&rng, m, sizeof(m));
		r1 = pk_sign(fd, NCR_ALG_ECDSA, kpriv, &p, m, 32, s1, &l1);
		r2 = pk_sign(fd, NCR_ALG_ECDSA, kpriv, &p, m, 32, s2, &l2);
		tap_ok(!r1 && !r2 && (l1 != l2 || memcmp(s1, s2, l1)),
		       "%s: two ECDSA signatures of one message differ "
		       "(hedged RFC 6979 nonces)", name);
	}

	/* an OpenSSL key, imported as PKCS#8 */
	o = ossl_gen("EC", group);
	snprintf(name, sizeof(name), "EC %s (OpenSSL)", group);
	ko = o ? import_ossl(name, o, NCR_KEY_TYPE_EC, NCR_KEY_USAGE_SIGN |
			     NCR_KEY_USAGE_VERIFY | NCR_KEY_USAGE_DERIVE,
			     NCR_KEY_ALG_ECDSA | NCR_KEY_ALG_ECDH) : 0;
	if (ko) {
		struct pkp p = { .hash = hash };

		snprintf(what, sizeof(what), "%s ECDSA %s", name,
			 md_name(hash));
		sig_k2o(what, NCR_ALG_ECDSA, ko, o, &p, 0, 0, 0);
		sig_o2k(what, NCR_ALG_ECDSA, ko, o, &p, 0, 0, n);
		kop = import_spki(NCR_KEY_TYPE_EC, o, NCR_KEY_USAGE_VERIFY, 0);
		tap_ok(kop != 0, "%s: OpenSSL's SPKI imports as a public key",
		       name);
		if (kop) {
			snprintf(what, sizeof(what), "%s ECDSA %s (public "
				 "key object)", name, md_name(hash));
			sig_o2k(what, NCR_ALG_ECDSA, kop, o, &p, 0, 0, n);
			key_del(fd, kop);
		}
		/* ECDH both ways: kernel key x OpenSSL key */
		{
			uint8_t want[64], opt[2 * 48 + 1];
			size_t wl = sizeof(want), opl = 0;

			snprintf(what, sizeof(what), "ECDH %s", group);
			if (ossl_derive(o, opub, 0, want, &wl) ||
			    !EVP_PKEY_get_octet_string_param(o,
				OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, opt,
				sizeof(opt), &opl)) {
				tap_ok(0, "%s: OpenSSL derive", what);
			} else {
				derive_cmp(what, NCR_ALG_ECDH, kpriv, opt, opl,
					   want, wl);
				/* the same peer compressed */
				uint8_t cpt[49];

				memcpy(cpt, opt, n + 1);
				cpt[0] = 2 | (opt[2 * n] & 1);
				snprintf(what, sizeof(what),
					 "ECDH %s, compressed peer", group);
				derive_cmp(what, NCR_ALG_ECDH, kpriv, cpt,
					   n + 1, want, wl);
				/* and the OpenSSL key imported in the kernel
				 * with the kernel key's point */
				uint8_t kpt[2 * 48 + 1];
				size_t kpl = sizeof(kpt);

				if (!pk_export(fd, kpub,
					       NCR_KEY_FORMAT_RAW_PUBLIC, kpt,
					       &kpl)) {
					snprintf(what, sizeof(what),
						 "ECDH %s, imported key", group);
					derive_cmp(what, NCR_ALG_ECDH, ko, kpt,
						   kpl, want, wl);
				}
			}
		}
		key_del(fd, ko);
		ec_set_checks(name, o, group, hash);
	}
	EVP_PKEY_free(okpub);
out:
	EVP_PKEY_free(o);
	EVP_PKEY_free(opub);
	key_del(fd, kpriv);
	key_del(fd, kpub);
}

/* -------------------------------------------------------------- Ed25519 */

static void test_ed25519(void)
{
	const char *name = "Ed25519";
	uint32_t kpriv, kpub, ko;
	EVP_PKEY *opub, *o;
	int r;

	r = pk_genpair(fd, NCR_KEY_TYPE_ED25519, 0, 0, NULL, 0,
		       NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN |
		       NCR_KEY_USAGE_VERIFY, 0, &kpriv, &kpub);
	if (!tap_err(r, 0, "%s (kernel): key pair generation", name))
		return;
	opub = kexport_pub(kpub);
	tap_ok(opub && EVP_PKEY_is_a(opub, "ED25519"),
	       "%s (kernel): SPKI export loads in OpenSSL", name);
	if (opub) {
		export_eq("Ed25519 (kernel)", kpriv, opub, 0);
		sig_k2o("Ed25519 (kernel)", NCR_ALG_ED25519, kpriv, opub, NULL,
			0, 0, 0);
	}
	o = ossl_gen("ED25519", NULL);
	ko = o ? import_ossl("Ed25519 (OpenSSL)", o, NCR_KEY_TYPE_ED25519,
			     NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY, 0) : 0;
	if (ko) {
		uint8_t msg[500], s1[64], s2[NCR_MAX_SIGNATURE];
		size_t len, l1 = sizeof(s1), l2 = sizeof(s2);

		sig_o2k("Ed25519 (OpenSSL)", NCR_ALG_ED25519, ko, o, NULL, 0, 0,
			0);
		rand_msg(msg, &len, sizeof(msg));
		r = pk_sign(fd, NCR_ALG_ED25519, ko, NULL, msg, len, s2, &l2);
		tap_ok(!r && !ossl_sign(o, 0, 0, 0, msg, len, s1, &l1) &&
		       l1 == 64 && l2 == 64 && !memcmp(s1, s2, 64),
		       "Ed25519 (OpenSSL): the kernel's signature equals "
		       "OpenSSL's byte for byte (deterministic): %s",
		       errname(r));
		key_del(fd, ko);
	}
	EVP_PKEY_free(o);
	EVP_PKEY_free(opub);
	key_del(fd, kpriv);
	key_del(fd, kpub);
}

/* --------------------------------------------------------------- X25519 */

static void test_x25519(void)
{
	uint32_t kpriv, kpub, ko;
	EVP_PKEY *opub, *o;
	uint8_t want[32], opt[32], kpt[32];
	size_t wl = sizeof(want), opl = sizeof(opt), kpl = sizeof(kpt);
	int r;

	r = pk_genpair(fd, NCR_KEY_TYPE_X25519, 0, 0, NULL, 0,
		       NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_DERIVE, 0, &kpriv,
		       &kpub);
	if (!tap_err(r, 0, "X25519 (kernel): key pair generation"))
		return;
	opub = kexport_pub(kpub);
	tap_ok(opub && EVP_PKEY_is_a(opub, "X25519"),
	       "X25519 (kernel): SPKI export loads in OpenSSL");
	o = ossl_gen("X25519", NULL);
	if (opub && o) {
		export_eq("X25519 (kernel)", kpriv, opub, 0);
		r = pk_export(fd, kpub, NCR_KEY_FORMAT_RAW_PUBLIC, kpt, &kpl);
		EVP_PKEY_get_raw_public_key(opub, opt, &opl);
		tap_ok(!r && kpl == 32 && opl == 32 && !memcmp(kpt, opt, 32),
		       "X25519 (kernel): RAW_PUBLIC export is OpenSSL's raw "
		       "public key");
		opl = sizeof(opt);
		if (ossl_derive(o, opub, 0, want, &wl) ||
		    !EVP_PKEY_get_raw_public_key(o, opt, &opl)) {
			tap_ok(0, "X25519: OpenSSL derive");
		} else {
			derive_cmp("X25519 (kernel x OpenSSL)", NCR_ALG_X25519,
				   kpriv, opt, opl, want, wl);
			ko = import_ossl("X25519 (OpenSSL)", o,
					 NCR_KEY_TYPE_X25519,
					 NCR_KEY_USAGE_DERIVE, 0);
			if (ko) {
				derive_cmp("X25519 (imported OpenSSL key)",
					   NCR_ALG_X25519, ko, kpt, 32, want,
					   wl);
				key_del(fd, ko);
			}
		}
	}
	EVP_PKEY_free(o);
	EVP_PKEY_free(opub);
	key_del(fd, kpriv);
	key_del(fd, kpub);
}

/* ------------------------------------------------------------------ DSA */

static void test_dsa(void)
{
	const char *name = "DSA-2048/256 (kernel)";
	uint8_t params[NCR_MAX_PKEY_BYTES];
	size_t plen = sizeof(params);
	uint32_t kpriv, kpub, k2, k2p, ko;
	EVP_PKEY *opub = NULL, *oparams = NULL, *o = NULL;
	EVP_PKEY_CTX *pc = NULL;
	double t0 = now_s();
	int r;

	r = pk_genpair(fd, NCR_KEY_TYPE_DSA, 2048, 256, NULL, 0,
		       NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN |
		       NCR_KEY_USAGE_VERIFY, 0, &kpriv, &kpub);
	if (!tap_err(r, 0, "%s: parameter and key generation (%.1f s)", name,
		     now_s() - t0))
		return;
	opub = kexport_pub(kpub);
	tap_ok(opub && EVP_PKEY_is_a(opub, "DSA") &&
	       EVP_PKEY_get_bits(opub) == 2048,
	       "%s: SPKI export loads in OpenSSL as DSA-2048", name);
	if (!opub)
		goto out;
	export_eq(name, kpriv, opub, 0);
	{
		struct pkp p = { .hash = NCR_ALG_SHA256 };

		sig_k2o("DSA-2048/256 (kernel) SHA256 DER", NCR_ALG_DSA, kpriv,
			opub, &p, 0, 0, 0);
		p.pk_flags = NCR_PK_FLAG_SIG_RAW;
		sig_k2o("DSA-2048/256 (kernel) SHA256 raw r||s", NCR_ALG_DSA,
			kpriv, opub, &p, 0, 0, 32);
		p.pk_flags = 0;
		p.hash = NCR_ALG_SHA512;
		sig_k2o("DSA-2048/256 (kernel) SHA512 DER", NCR_ALG_DSA, kpriv,
			opub, &p, 0, 0, 0);
	}
	r = pk_export(fd, kpub, NCR_KEY_FORMAT_PARAMS, params, &plen);
	if (!tap_err(r, 0, "%s: PARAMS export (Dss-Parms)", name))
		goto out;
	{
		const unsigned char *pp = params;

		oparams = d2i_KeyParams(EVP_PKEY_DSA, NULL, &pp, (long)plen);
	}
	tap_ok(oparams && EVP_PKEY_parameters_eq(oparams, opub) == 1,
	       "%s: the exported Dss-Parms load in OpenSSL and are the "
	       "key's", name);
	/* a second kernel key for the same parameters (fast) */
	t0 = now_s();
	r = pk_genpair(fd, NCR_KEY_TYPE_DSA, 0, 0, params, plen, 0,
		       NCR_KEY_USAGE_SIGN, 0, &k2, &k2p);
	if (tap_err(r, 0, "%s: key generation for given parameters (%.2f s)",
		    name, now_s() - t0)) {
		EVP_PKEY *o2 = kexport_pub(k2p);
		struct pkp p = { .hash = NCR_ALG_SHA256 };

		tap_ok(o2 && EVP_PKEY_parameters_eq(o2, opub) == 1 &&
		       EVP_PKEY_eq(o2, opub) != 1,
		       "%s: the new key has the same parameters, another y",
		       name);
		if (o2)
			sig_k2o("DSA (given parameters) SHA256", NCR_ALG_DSA,
				k2, o2, &p, 0, 0, 0);
		EVP_PKEY_free(o2);
		key_del(fd, k2);
		key_del(fd, k2p);
	}
	/* an OpenSSL key for those parameters, imported as PKCS#8 */
	if (oparams) {
		pc = EVP_PKEY_CTX_new_from_pkey(NULL, oparams, NULL);
		if (pc && EVP_PKEY_keygen_init(pc) > 0)
			EVP_PKEY_keygen(pc, &o);
	}
	ko = o ? import_ossl("DSA-2048/256 (OpenSSL)", o, NCR_KEY_TYPE_DSA,
			     NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY, 0) : 0;
	if (ko) {
		struct pkp p = { .hash = NCR_ALG_SHA256 };

		sig_k2o("DSA-2048/256 (OpenSSL) SHA256", NCR_ALG_DSA, ko, o,
			&p, 0, 0, 0);
		sig_o2k("DSA-2048/256 (OpenSSL) SHA256", NCR_ALG_DSA, ko, o,
			&p, 0, 0, 32);
		{
			uint32_t kop = import_spki(NCR_KEY_TYPE_DSA, o,
						   NCR_KEY_USAGE_VERIFY, 0);

			tap_ok(kop != 0, "DSA-2048/256 (OpenSSL): its SPKI "
			       "imports as a public key");
			if (kop) {
				sig_o2k("DSA-2048/256 (OpenSSL) SHA256, "
					"public key object", NCR_ALG_DSA, kop,
					o, &p, 0, 0, 0);
				key_del(fd, kop);
			}
		}
		key_del(fd, ko);
	} else {
		tap_ok(0, "DSA-2048/256 (OpenSSL): a key for the kernel's "
		       "parameters");
	}
	/* the public key object verifies the kernel's signatures */
	{
		uint8_t m[40], s[NCR_MAX_SIGNATURE];
		size_t sl = sizeof(s);
		struct pkp p = { .hash = NCR_ALG_SHA256 };

		rng_fill(&rng, m, sizeof(m));
		r = pk_sign(fd, NCR_ALG_DSA, kpriv, &p, m, sizeof(m), s, &sl);
		r = r ? r : pk_verify(fd, NCR_ALG_DSA, kpub, &p, m, sizeof(m), s,
				      sl);
		tap_ok(r == NCR_VERIFY_OK, "%s: the public key object "
		       "verifies the private key's signature: %s", name,
		       vname(r));
	}
out:
	EVP_PKEY_CTX_free(pc);
	EVP_PKEY_free(o);
	EVP_PKEY_free(oparams);
	EVP_PKEY_free(opub);
	key_del(fd, kpriv);
	key_del(fd, kpub);
}

/* ------------------------------------------------------------------- DH */

/* An OpenSSL ffdhe2048 public key with value y (plen bytes). */
static EVP_PKEY *ffdhe_pub(const uint8_t *y, size_t ylen)
{
	OSSL_PARAM params[3];
	EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
	EVP_PKEY *k = NULL;
	uint8_t le[1024];
	char group[] = "ffdhe2048";

	if (!pc || ylen > sizeof(le))
		goto out;
	/* OSSL_PARAM unsigned integers are native-endian */
	for (size_t i = 0; i < ylen; i++)
		le[i] = y[ylen - 1 - i];
	params[0] = OSSL_PARAM_construct_utf8_string(
		OSSL_PKEY_PARAM_GROUP_NAME, group, 0);
	params[1] = OSSL_PARAM_construct_BN(OSSL_PKEY_PARAM_PUB_KEY, le,
					    ylen);
	params[2] = OSSL_PARAM_construct_end();
	if (EVP_PKEY_fromdata_init(pc) > 0)
		EVP_PKEY_fromdata(pc, &k, EVP_PKEY_PUBLIC_KEY, params);
out:
	EVP_PKEY_CTX_free(pc);
	return k;
}

static void test_dh(void)
{
	const char *name = "DH ffdhe2048";
	uint32_t kpriv, kpub, k2, k2p;
	uint8_t y[256], oy[256], want[256], params[1024];
	size_t yl = sizeof(y), wl = sizeof(want), pl = sizeof(params);
	EVP_PKEY *o = NULL, *kp = NULL, *spki = NULL;
	BIGNUM *bn = NULL;
	int r;

	r = pk_genpair(fd, NCR_KEY_TYPE_DH, 2048, 0, NULL, 0, 0,
		       NCR_KEY_USAGE_DERIVE, 0, &kpriv, &kpub);
	if (!tap_err(r, 0, "%s (kernel): key pair generation", name))
		return;
	spki = kexport_pub(kpub);
	tap_ok(spki && (EVP_PKEY_is_a(spki, "DH") || EVP_PKEY_is_a(spki, "DHX")),
	       "%s (kernel): SPKI export loads in OpenSSL as DH", name);
	r = pk_export(fd, kpub, NCR_KEY_FORMAT_RAW_PUBLIC, y, &yl);
	tap_ok(!r && yl <= 256, "%s (kernel): RAW_PUBLIC export of y (%zu "
	       "bytes): %s", name, yl, errname(r));
	o = ossl_gen("DH", "ffdhe2048");
	kp = r ? NULL : ffdhe_pub(y, yl);
	if (!o || !kp || !EVP_PKEY_get_bn_param(o, OSSL_PKEY_PARAM_PUB_KEY,
						&bn) ||
	    BN_bn2binpad(bn, oy, 256) != 256 ||
	    ossl_derive(o, kp, 1, want, &wl)) {
		tap_ok(0, "%s: OpenSSL key and derive", name);
		goto out;
	}
	derive_cmp("DH ffdhe2048 (kernel x OpenSSL)", NCR_ALG_DH, kpriv, oy,
		   256, want, wl);
	/* a kernel key for the exported parameters agrees with the first */
	r = pk_export(fd, kpub, NCR_KEY_FORMAT_PARAMS, params, &pl);
	if (!tap_err(r, 0, "%s: PARAMS export", name))
		goto out;
	r = pk_genpair(fd, NCR_KEY_TYPE_DH, 0, 0, params, pl,
		       NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_DERIVE, 0, &k2,
		       &k2p);
	if (tap_err(r, 0, "%s: key pair for the exported parameters", name)) {
		uint8_t y2[256], s1[256], s2[256];
		size_t y2l = sizeof(y2), l1 = sizeof(s1), l2 = sizeof(s2);
		uint32_t n1 = 0, n2 = 0;
		int r1, r2;

		pk_export(fd, k2p, NCR_KEY_FORMAT_RAW_PUBLIC, y2, &y2l);
		r1 = pk_derive(fd, NCR_ALG_DH, kpriv, y2, y2l,
			       NCR_KEY_TYPE_HMAC, NCR_KEY_FLAG_EXPORTABLE,
			       NCR_KEY_USAGE_SIGN, &n1);
		r2 = pk_derive(fd, NCR_ALG_DH, k2, y, yl, NCR_KEY_TYPE_HMAC,
			       NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN,
			       &n2);
		if (!r1)
			r1 = secret_export(fd, n1, s1, &l1);
		if (!r2)
			r2 = secret_export(fd, n2, s2, &l2);
		tap_ok(!r1 && !r2 && l1 == 256 && l2 == 256 &&
		       !memcmp(s1, s2, 256), "%s: two kernel keys derive the "
		       "same 256-byte secret (%s, %s)", name, errname(r1),
		       errname(r2));
		if (n1)
			key_del(fd, n1);
		if (n2)
			key_del(fd, n2);
		key_del(fd, k2);
		key_del(fd, k2p);
	}
out:
	BN_free(bn);
	EVP_PKEY_free(o);
	EVP_PKEY_free(kp);
	EVP_PKEY_free(spki);
	key_del(fd, kpriv);
	key_del(fd, kpub);
}

/* ------------------------------------------------- openssl command line */

static int write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	int ok;

	if (!f)
		return -1;
	ok = fwrite(p, 1, n, f) == n;
	return fclose(f) == 0 && ok ? 0 : -1;
}

/* `openssl dgst -verify` (and for ECDSA `openssl pkeyutl -verify` over
 * the digest) of a kernel signature. */
static void cli_check(const char *name, uint32_t alg, uint32_t kpriv,
		      EVP_PKEY *opub, uint32_t hash)
{
	char dir[] = "/tmp/pk_interop.XXXXXX", cmd[1024];
	char pub[300], msgf[300], sigf[300], digf[300];
	uint8_t msg[1000], sig[NCR_MAX_SIGNATURE], dig[64];
	size_t len, sl = sizeof(sig), dl;
	struct pkp p = { .hash = hash };
	FILE *f;
	int r, good, bad, pku = -1;

	if (system("command -v openssl >/dev/null 2>&1") != 0) {
		tap_skip("no openssl program", "%s: openssl dgst -verify",
			 name);
		return;
	}
	if (!mkdtemp(dir)) {
		tap_ok(0, "%s: temporary directory", name);
		return;
	}
	snprintf(pub, sizeof(pub), "%s/pub.pem", dir);
	snprintf(msgf, sizeof(msgf), "%s/msg", dir);
	snprintf(sigf, sizeof(sigf), "%s/sig", dir);
	snprintf(digf, sizeof(digf), "%s/dig", dir);
	rand_msg(msg, &len, sizeof(msg));
	r = pk_sign(fd, alg, kpriv, &p, msg, len, sig, &sl);
	f = fopen(pub, "w");
	if (r || !f || !PEM_write_PUBKEY(f, opub)) {
		if (f)
			fclose(f);
		tap_ok(0, "%s: kernel signature and PEM public key: %s", name,
		       errname(r));
		goto out;
	}
	fclose(f);
	write_file(msgf, msg, len);
	write_file(sigf, sig, sl);
	snprintf(cmd, sizeof(cmd), "openssl dgst -%s -verify %s -signature %s "
		 "%s >/dev/null 2>&1", md_name(hash), pub, sigf, msgf);
	good = system(cmd);
	if (alg == NCR_ALG_ECDSA) {
		ref_digest(hash, msg, len, dig, &dl);
		write_file(digf, dig, dl);
		snprintf(cmd, sizeof(cmd), "openssl pkeyutl -verify -pubin "
			 "-inkey %s -in %s -sigfile %s >/dev/null 2>&1", pub,
			 digf, sigf);
		pku = system(cmd);
	}
	msg[0] ^= 1;
	write_file(msgf, msg, len);
	snprintf(cmd, sizeof(cmd), "openssl dgst -%s -verify %s -signature %s "
		 "%s >/dev/null 2>&1", md_name(hash), pub, sigf, msgf);
	bad = system(cmd);
	tap_ok(good == 0 && bad != 0 && (alg != NCR_ALG_ECDSA || pku == 0),
	       "%s: `openssl dgst -%s -verify` accepts the kernel's signature "
	       "(status %d)%s and refuses it for a changed file (status %d)",
	       name, md_name(hash), good, alg == NCR_ALG_ECDSA ?
	       ", `openssl pkeyutl -verify` too" : "", bad);
out:
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		tap_diag("could not remove %s", dir);
}

static void test_cli(void)
{
	uint32_t kpriv, kpub;
	EVP_PKEY *opub;
	int r;

	r = pk_genpair(fd, NCR_KEY_TYPE_EC, 256, 0, NULL, 0, 0,
		       NCR_KEY_USAGE_SIGN, 0, &kpriv, &kpub);
	if (!tap_err(r, 0, "openssl CLI: EC P-256 key pair"))
		return;
	opub = kexport_pub(kpub);
	if (opub)
		cli_check("EC P-256 ECDSA", NCR_ALG_ECDSA, kpriv, opub,
			  NCR_ALG_SHA256);
	EVP_PKEY_free(opub);
	key_del(fd, kpriv);
	key_del(fd, kpub);
}

/* ---------------------------------------- key IDs, labels, storage */

static int kimport_label(const void *der, size_t len, const char *label,
			 uint32_t *key)
{
	struct ncr_key_import im = {
		.size = sizeof(im), .usage = NCR_KEY_USAGE_SIGN,
		.type = NCR_KEY_TYPE_EC, .data = PTR64(der),
		.data_size = (__u32)len, .format = NCR_KEY_FORMAT_PKCS8,
		.label = PTR64(label), .label_size = (__u32)strlen(label),
	};
	int r = xioctl(fd, NCRIO_KEY_IMPORT, &im);

	if (!r)
		*key = im.key;
	return r;
}

static int kstore(uint32_t key, uint8_t *blob, size_t *len)
{
	struct ncr_key_storage st = {
		.size = sizeof(st), .key = key, .blob = PTR64(blob),
		.blob_size = (__u32)*len,
	};
	int r = xioctl(fd, NCRIO_KEY_STORAGE_WRAP, &st);

	if (!r || r == -ERANGE)
		*len = st.blob_size;
	return r;
}

static int kload(const uint8_t *blob, size_t len, uint32_t *key)
{
	struct ncr_key_storage st = {
		.size = sizeof(st), .blob = PTR64(blob),
		.blob_size = (__u32)len,
	};
	int r = xioctl(fd, NCRIO_KEY_STORAGE_UNWRAP, &st);

	if (!r)
		*key = st.key;
	return r;
}

static int label_is(const struct ncr_key_info *ki, const char *label)
{
	return ki->label_size == strlen(label) &&
	       !memcmp(ki->label, label, ki->label_size);
}

/*
 * Key IDs are the kernel's: 16 bytes, one for both halves of a generated
 * pair, another for every import (even of the same key with the same
 * label); labels are the caller's.  A STORABLE private key sealed in a
 * storage blob comes back with its ID, label, flags, usage, set and
 * attributes, and signs for OpenSSL; a private key without STORABLE is
 * refused (EPERM); a public key is always storable; a changed blob is
 * EBADMSG.  The blobs need the master key (tests/vm-suite.sh has
 * tests/security.c set one first): ENOKEY skips them.
 */
static void test_ids_storage(void)
{
	static const char label[] = "pk_interop: a label of mine";
	uint8_t der[NCR_MAX_PKEY_BYTES], blob[NCR_STORAGE_BLOB_MAX];
	uint8_t m[64], sig[NCR_MAX_SIGNATURE];
	size_t len = sizeof(der), bl = sizeof(blob), sl = sizeof(sig);
	struct ncr_key_info a, b, c, d, e;
	struct pkp p = { .hash = NCR_ALG_SHA256 };
	uint32_t kpriv = 0, kpub = 0, k1 = 0, k2 = 0, ku = 0;
	EVP_PKEY *o = ossl_gen("EC", "P-256"), *opub = NULL;
	int r;

	r = kgenpair(NCR_KEY_TYPE_EC, 256, 0, NULL, 0, NCR_KEY_FLAG_STORABLE,
		     NCR_KEY_USAGE_SIGN, 0, 0, label, &kpriv, &kpub);
	if (!tap_err(r, 0, "key IDs: a storable EC P-256 pair with a label"))
		goto out;
	r = key_info(fd, kpriv, &a);
	r = r ? r : key_info(fd, kpub, &b);
	tap_ok(!r && a.key_id_size == NCR_KEY_ID_LEN &&
	       b.key_id_size == NCR_KEY_ID_LEN &&
	       !memcmp(a.key_id, b.key_id, NCR_KEY_ID_LEN) &&
	       label_is(&a, label) && label_is(&b, label) &&
	       (a.attrs & NCR_KEY_ATTR_LOCAL) && (b.attrs & NCR_KEY_ATTR_LOCAL),
	       "key IDs: both halves of a generated pair have one %d-byte "
	       "kernel ID (sizes %u, %u) and the caller's label, and are "
	       "LOCAL (%s)", NCR_KEY_ID_LEN, a.key_id_size, b.key_id_size,
	       errname(r));
	if (!o || ossl_der(o, 1, der, &len)) {
		tap_ok(0, "key IDs: an OpenSSL P-256 key");
		goto out;
	}
	r = kimport_label(der, len, label, &k1);
	r = r ? r : kimport_label(der, len, label, &k2);
	r = r ? r : key_info(fd, k1, &c);
	r = r ? r : key_info(fd, k2, &d);
	tap_ok(!r && c.key_id_size == NCR_KEY_ID_LEN &&
	       d.key_id_size == NCR_KEY_ID_LEN &&
	       memcmp(c.key_id, d.key_id, NCR_KEY_ID_LEN) &&
	       memcmp(c.key_id, a.key_id, NCR_KEY_ID_LEN) &&
	       label_is(&c, label) && label_is(&d, label) &&
	       !(c.attrs & NCR_KEY_ATTR_LOCAL),
	       "key IDs: two imports of one key with one label get two "
	       "kernel IDs, keep the label, are not LOCAL (%s)", errname(r));

	/* storage blobs */
	r = kstore(kpriv, blob, &bl);
	if (r == -ENOKEY) {
		tap_skip("no master key set (tests/vm-suite.sh has "
			 "tests/security.c set one first)",
			 "storage blobs of public-key objects");
		goto out;
	}
	if (!tap_err(r, 0, "storage: blob of the STORABLE private key (%zu "
		     "bytes)", bl))
		goto out;
	r = kload(blob, bl, &ku);
	if (tap_err(r, 0, "storage: the blob loads")) {
		r = key_info(fd, ku, &e);
		tap_ok(!r && e.key_id_size == a.key_id_size &&
		       !memcmp(e.key_id, a.key_id, NCR_KEY_ID_LEN) &&
		       label_is(&e, label) && e.flags == a.flags &&
		       e.usage == a.usage && e.algs == a.algs &&
		       e.attrs == a.attrs && e.type == a.type &&
		       e.bits == a.bits && e.key_class == a.key_class,
		       "storage: the loaded key has the sealed key's ID, "
		       "label, flags 0x%x, usage 0x%x, set 0x%llx, attrs 0x%x",
		       e.flags, e.usage, (unsigned long long)e.algs, e.attrs);
		opub = kexport_pub(kpub);
		rng_fill(&rng, m, sizeof(m));
		r = pk_sign(fd, NCR_ALG_ECDSA, ku, &p, m, sizeof(m), sig, &sl);
		tap_ok(!r && opub && ossl_verify(opub, NCR_ALG_SHA256, 0, 0, m,
						 sizeof(m), sig, sl) == 1,
		       "storage: the loaded key signs, OpenSSL verifies with "
		       "the original public key (%s)", errname(r));
		key_del(fd, ku);
	}
	blob[bl / 2] ^= 0x20;
	r = kload(blob, bl, &ku);
	if (!r)
		key_del(fd, ku);
	tap_err(r, -EBADMSG, "storage: a changed blob");
	bl = sizeof(blob);
	r = kstore(k1, blob, &bl);
	tap_err(r, -EPERM, "storage: blob of a private key without STORABLE");
	bl = sizeof(blob);
	r = kstore(kpub, blob, &bl);
	tap_ok(!r && (b.flags & NCR_KEY_FLAG_STORABLE), "storage: a public key "
	       "is storable (flags 0x%x) and seals (%s)", b.flags, errname(r));
out:
	memset(der, 0, sizeof(der));
	EVP_PKEY_free(opub);
	EVP_PKEY_free(o);
	if (k1)
		key_del(fd, k1);
	if (k2)
		key_del(fd, k2);
	if (kpriv)
		key_del(fd, kpriv);
	if (kpub)
		key_del(fd, kpub);
}

/* ------------------------------------------------------------------ main */

int main(void)
{
	struct live before, after;
	double t0;

	tap_init();
	fd = dev_open();
	if (fd < 0) {
		char reason[96];

		snprintf(reason, sizeof(reason), "cannot open /dev/crypto: %s",
			 errname(fd));
		tap_skip_all(reason);
	}
	rng.s = test_seed();
	if (live_get(fd, &before))
		tap_skip_all("NCRIO_INFO failed");

#define STEP(f) do { t0 = now_s(); f; \
		tap_diag(#f ": %.1f s", now_s() - t0); } while (0)
	STEP(test_rsa2048());
	STEP(test_rsa3072());
	STEP(test_ec(256));
	STEP(test_ec(384));
	STEP(test_ed25519());
	STEP(test_x25519());
	STEP(test_dh());
	STEP(test_dsa());
	STEP(test_cli());
	STEP(test_ids_storage());

	int lw = live_wait(fd, &before, &after);

	tap_ok(!lw,
	       "no keys or sessions left behind (keys %llu -> %llu, sessions "
	       "%llu -> %llu)", (unsigned long long)before.keys,
	       (unsigned long long)after.keys,
	       (unsigned long long)before.sessions,
	       (unsigned long long)after.sessions);
	close(fd);
	return tap_finish("pk_interop");
}
