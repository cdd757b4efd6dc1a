// SPDX-License-Identifier: GPL-2.0-or-later
/* common.c - helpers shared by the ncr test programs (TAP, errno names,
 * hex, PRNG, the algorithm oracle, OpenSSL references); the device and key
 * helpers are in common_dev.c.  See tap.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "tap.h"

/* ------------------------------------------------------------------ TAP */

static pthread_mutex_t tap_lock = PTHREAD_MUTEX_INITIALIZER;
static int tap_n, tap_pass, tap_fail, tap_skips;

void tap_init(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
}

void tap_plan(int n)
{
	printf("1..%d\n", n);
}

void tap_skip_all(const char *reason)
{
	printf("1..0 # SKIP %s\n", reason);
	fflush(stdout);
	exit(0);
}

static void tap_line(const char *status, const char *skip, const char *fmt,
		     va_list ap)
{
	char name[1024];

	vsnprintf(name, sizeof(name), fmt, ap);
	/* A '#' in a name would start a TAP directive. */
	for (char *p = name; *p; p++)
		if (*p == '#' || *p == '\n')
			*p = *p == '#' ? '%' : ' ';
	pthread_mutex_lock(&tap_lock);
	tap_n++;
	if (skip) {
		tap_skips++;
		printf("%s %d - %s # SKIP %s\n", status, tap_n, name, skip);
	} else {
		if (status[0] == 'o')
			tap_pass++;
		else
			tap_fail++;
		printf("%s %d - %s\n", status, tap_n, name);
	}
	fflush(stdout);
	pthread_mutex_unlock(&tap_lock);
}

int tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_line(cond ? "ok" : "not ok", NULL, fmt, ap);
	va_end(ap);
	return cond;
}

void tap_skip(const char *reason, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_line("ok", reason, fmt, ap);
	va_end(ap);
}

void tap_diag(const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&tap_lock);
	for (char *line = buf, *nl; line; line = nl) {
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = 0;
		if (*line || !nl)
			printf("# %s\n", line);
	}
	fflush(stdout);
	pthread_mutex_unlock(&tap_lock);
}

int tap_err(int got, int want, const char *fmt, ...)
{
	char name[900];
	va_list ap;
	int ok = got == want;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	if (ok)
		tap_ok(1, "%s: %s", name, errname(want));
	else
		tap_ok(0, "%s: got %s, want %s", name, errname(got),
		       errname(want));
	return ok;
}

void tap_counts(int *pass, int *fail, int *skip)
{
	pthread_mutex_lock(&tap_lock);
	*pass = tap_pass;
	*fail = tap_fail;
	*skip = tap_skips;
	pthread_mutex_unlock(&tap_lock);
}

int tap_finish(const char *label)
{
	int p, f, s;

	tap_counts(&p, &f, &s);
	printf("1..%d\n", tap_n);
	printf("# %s: %d passed, %d failed, %d skipped\n", label, p, f, s);
	fflush(stdout);
	return f ? 1 : 0;
}

/* ----------------------------------------------------------- errno, hex */

const char *errname(int err)
{
	static const struct {
		int e;
		const char *n;
	} names[] = {
		{ 0, "0 (success)" }, { EPERM, "EPERM" }, { ENOENT, "ENOENT" },
		{ EINTR, "EINTR" }, { EIO, "EIO" }, { EBADF, "EBADF" },
		{ EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" },
		{ EACCES, "EACCES" }, { EFAULT, "EFAULT" }, { EBUSY, "EBUSY" },
		{ EEXIST, "EEXIST" }, { ENODEV, "ENODEV" },
		{ EINVAL, "EINVAL" }, { ENOTTY, "ENOTTY" }, { ENOSPC, "ENOSPC" },
		{ ERANGE, "ERANGE" }, { ENOSYS, "ENOSYS" },
		{ EOVERFLOW, "EOVERFLOW" }, { EBADMSG, "EBADMSG" },
		{ EPROTONOSUPPORT, "EPROTONOSUPPORT" },
		{ EOPNOTSUPP, "EOPNOTSUPP" }, { E2BIG, "E2BIG" },
		{ EDQUOT, "EDQUOT" }, { ENOKEY, "ENOKEY" },
		{ EKEYREJECTED, "EKEYREJECTED" }, { EMSGSIZE, "EMSGSIZE" },
		{ EKEYREVOKED, "EKEYREVOKED" }, { EKEYEXPIRED, "EKEYEXPIRED" },
		{ ENXIO, "ENXIO" }, { ENOTSUP, "ENOTSUP" },
	};
	static __thread char other[32];

	if (err < 0)
		err = -err;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i].e == err)
			return names[i].n;
	snprintf(other, sizeof(other), "errno %d", err);
	return other;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

uint8_t *hex_decode(const char *hex, size_t *len)
{
	size_t n = strlen(hex);
	uint8_t *out;

	if (n % 2)
		return NULL;
	out = malloc(n / 2 + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i < n / 2; i++) {
		int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);

		if (hi < 0 || lo < 0) {
			free(out);
			return NULL;
		}
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*len = n / 2;
	return out;
}

void hex_fprint(FILE *f, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	for (size_t i = 0; i < len; i++)
		fprintf(f, "%02x", p[i]);
}

int memcmp_diag(const char *what, const void *got, const void *want,
		size_t len)
{
	const uint8_t *g = got, *w = want;

	for (size_t i = 0; i < len; i++) {
		if (g[i] != w[i]) {
			tap_diag("%s differs at byte %zu of %zu: got %02x, "
				 "want %02x", what, i, len, g[i], w[i]);
			return 1;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ PRNG */

uint64_t rng_u64(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint32_t rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(rng_u64(r) % n);
}

void rng_fill(struct rng *r, void *buf, size_t n)
{
	uint8_t *p = buf;

	while (n >= 8) {
		uint64_t v = rng_u64(r);

		memcpy(p, &v, 8);
		p += 8;
		n -= 8;
	}
	if (n) {
		uint64_t v = rng_u64(r);

		memcpy(p, &v, n);
	}
}

uint64_t test_seed(void)
{
	const char *env = getenv("NCR_TEST_SEED");
	uint64_t seed;

	if (env && *env) {
		seed = strtoull(env, NULL, 0);
	} else {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		seed = (uint64_t)ts.tv_sec * 1000000007ULL ^
		       (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32);
	}
	printf("# seed 0x%016llx (reproduce with NCR_TEST_SEED=0x%016llx)\n",
	       (unsigned long long)seed, (unsigned long long)seed);
	return seed;
}

double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------ algorithm oracle */

const struct talg talgs[] = {
	{ NCR_ALG_AES_ECB, "aes-ecb", TK_CIPHER, NCR_KEY_TYPE_AES, 16, 0, 0, 0 },
	{ NCR_ALG_AES_CBC, "aes-cbc", TK_CIPHER, NCR_KEY_TYPE_AES, 16, 16, 0, 0 },
	{ NCR_ALG_AES_CTR, "aes-ctr", TK_CIPHER, NCR_KEY_TYPE_AES, 1, 16, 0, 0 },
	{ NCR_ALG_AES_XTS, "aes-xts", TK_CIPHER, NCR_KEY_TYPE_AES, 16, 16, 0, 1 },
	{ NCR_ALG_DES3_CBC, "des3-cbc", TK_CIPHER, NCR_KEY_TYPE_DES3, 8, 8, 0, 0 },
	{ NCR_ALG_CHACHA20, "chacha20", TK_CIPHER, NCR_KEY_TYPE_CHACHA20, 1, 16,
	  0, 0 },
	{ NCR_ALG_AES_GCM, "aes-gcm", TK_AEAD, NCR_KEY_TYPE_AES, 1, 12, 16, 1 },
	{ NCR_ALG_AES_CCM, "aes-ccm", TK_AEAD, NCR_KEY_TYPE_AES, 1, 12, 16, 1 },
	{ NCR_ALG_CHACHA20_POLY1305, "chacha20-poly1305", TK_AEAD,
	  NCR_KEY_TYPE_CHACHA20, 1, 12, 16, 1 },
	{ NCR_ALG_MD5, "md5", TK_DIGEST, 0, 64, 0, 16, 0 },
	{ NCR_ALG_SHA1, "sha1", TK_DIGEST, 0, 64, 0, 20, 0 },
	{ NCR_ALG_SHA224, "sha224", TK_DIGEST, 0, 64, 0, 28, 0 },
	{ NCR_ALG_SHA256, "sha256", TK_DIGEST, 0, 64, 0, 32, 0 },
	{ NCR_ALG_SHA384, "sha384", TK_DIGEST, 0, 128, 0, 48, 0 },
	{ NCR_ALG_SHA512, "sha512", TK_DIGEST, 0, 128, 0, 64, 0 },
	{ NCR_ALG_SHA3_256, "sha3-256", TK_DIGEST, 0, 136, 0, 32, 0 },
	{ NCR_ALG_SHA3_512, "sha3-512", TK_DIGEST, 0, 72, 0, 64, 0 },
	{ NCR_ALG_HMAC_SHA1, "hmac-sha1", TK_MAC, NCR_KEY_TYPE_HMAC, 64, 0, 20, 0 },
	{ NCR_ALG_HMAC_SHA224, "hmac-sha224", TK_MAC, NCR_KEY_TYPE_HMAC, 64, 0,
	  28, 0 },
	{ NCR_ALG_HMAC_SHA256, "hmac-sha256", TK_MAC, NCR_KEY_TYPE_HMAC, 64, 0,
	  32, 0 },
	{ NCR_ALG_HMAC_SHA384, "hmac-sha384", TK_MAC, NCR_KEY_TYPE_HMAC, 128, 0,
	  48, 0 },
	{ NCR_ALG_HMAC_SHA512, "hmac-sha512", TK_MAC, NCR_KEY_TYPE_HMAC, 128, 0,
	  64, 0 },
	{ NCR_ALG_HMAC_SHA3_256, "hmac-sha3-256", TK_MAC, NCR_KEY_TYPE_HMAC, 136,
	  0, 32, 0 },
	{ NCR_ALG_HMAC_SHA3_512, "hmac-sha3-512", TK_MAC, NCR_KEY_TYPE_HMAC, 72,
	  0, 64, 0 },
	{ NCR_ALG_CMAC_AES, "cmac-aes", TK_MAC, NCR_KEY_TYPE_AES, 16, 0, 16, 0 },
};
const size_t n_talgs = ARRAY_SIZE(talgs);

const struct talg *talg_get(uint32_t alg)
{
	for (size_t i = 0; i < n_talgs; i++)
		if (talgs[i].alg == alg)
			return &talgs[i];
	return NULL;
}

const char *talg_name(uint32_t alg)
{
	static __thread char buf[24];
	const struct talg *a = talg_get(alg);

	if (a)
		return a->name;
	snprintf(buf, sizeof(buf), "alg#%u", alg);
	return buf;
}

/*
 * The NCR_KEY_ALG_* bit of an algorithm, written from the list in ncr.h
 * (the tests' own table, so that they do not take libncr's word for it).
 * 0: keyless or unknown.
 */
uint64_t talg_keybit(uint32_t alg)
{
	switch (alg) {
	case NCR_ALG_AES_ECB: return NCR_KEY_ALG_AES_ECB;
	case NCR_ALG_AES_CBC: return NCR_KEY_ALG_AES_CBC;
	case NCR_ALG_AES_CTR: return NCR_KEY_ALG_AES_CTR;
	case NCR_ALG_AES_XTS: return NCR_KEY_ALG_AES_XTS;
	case NCR_ALG_DES3_CBC: return NCR_KEY_ALG_DES3_CBC;
	case NCR_ALG_CHACHA20: return NCR_KEY_ALG_CHACHA20;
	case NCR_ALG_AES_GCM: return NCR_KEY_ALG_AES_GCM;
	case NCR_ALG_AES_CCM: return NCR_KEY_ALG_AES_CCM;
	case NCR_ALG_CHACHA20_POLY1305: return NCR_KEY_ALG_CHACHA20_POLY1305;
	case NCR_ALG_CMAC_AES: return NCR_KEY_ALG_CMAC_AES;
	case NCR_ALG_HMAC_SHA1: return NCR_KEY_ALG_HMAC_SHA1;
	case NCR_ALG_HMAC_SHA224: return NCR_KEY_ALG_HMAC_SHA224;
	case NCR_ALG_HMAC_SHA256: return NCR_KEY_ALG_HMAC_SHA256;
	case NCR_ALG_HMAC_SHA384: return NCR_KEY_ALG_HMAC_SHA384;
	case NCR_ALG_HMAC_SHA512: return NCR_KEY_ALG_HMAC_SHA512;
	case NCR_ALG_HMAC_SHA3_256: return NCR_KEY_ALG_HMAC_SHA3_256;
	case NCR_ALG_HMAC_SHA3_512: return NCR_KEY_ALG_HMAC_SHA3_512;
	case NCR_ALG_RSA_PKCS1: return NCR_KEY_ALG_RSA_PKCS1;
	case NCR_ALG_RSA_PSS: return NCR_KEY_ALG_RSA_PSS;
	case NCR_ALG_RSA_OAEP: return NCR_KEY_ALG_RSA_OAEP;
	case NCR_ALG_DSA: return NCR_KEY_ALG_DSA;
	case NCR_ALG_ECDSA: return NCR_KEY_ALG_ECDSA;
	case NCR_ALG_ED25519: return NCR_KEY_ALG_ED25519;
	case NCR_ALG_ECDH: return NCR_KEY_ALG_ECDH;
	case NCR_ALG_X25519: return NCR_KEY_ALG_X25519;
	case NCR_ALG_DH: return NCR_KEY_ALG_DH;
	}
	return 0;
}

/* The same for a key-wrapping algorithm (NCR_WALG_*). */
uint64_t talg_wkeybit(uint32_t walg)
{
	return walg == NCR_WALG_AES_RFC3394 ? NCR_KEY_ALG_AES_KW :
	       walg == NCR_WALG_AES_RFC5649 ? NCR_KEY_ALG_AES_KWP :
	       walg == NCR_WALG_RSA_OAEP ? NCR_KEY_ALG_RSA_OAEP_WRAP : 0;
}

/* ncr.h: a MAC may be truncated to 10 bytes (HMAC) or 8 (CMAC). */
size_t talg_mac_min(uint32_t alg)
{
	return alg == NCR_ALG_CMAC_AES ? 8 : 10;
}

int talg_iv_ok(uint32_t alg, size_t iv_len)
{
	const struct talg *a = talg_get(alg);

	if (!a)
		return 0;
	if (alg == NCR_ALG_AES_CCM)
		return iv_len >= 7 && iv_len <= 13;
	return iv_len == a->iv;
}

int talg_tag_ok(uint32_t alg, size_t t)
{
	const struct talg *a = talg_get(alg);

	if (!a)
		return 0;
	switch (alg) {
	case NCR_ALG_AES_GCM:
		return t == 0 || t == 4 || t == 8 || (t >= 12 && t <= 16);
	case NCR_ALG_AES_CCM:
		return t == 0 || (t >= 4 && t <= 16 && t % 2 == 0);
	case NCR_ALG_CHACHA20_POLY1305:
		return t == 0 || t == 16;
	}
	if (a->kind == TK_MAC)
		return t == 0 || (t >= talg_mac_min(alg) && t <= a->tag);
	if (a->kind == TK_DIGEST)
		return t == 0 || t == a->tag;
	return t == 0;
}

int talg_key_ok(uint32_t alg, size_t k)
{
	const struct talg *a = talg_get(alg);

	if (!a)
		return 0;
	switch (a->key_type) {
	case NCR_KEY_TYPE_AES:
		if (alg == NCR_ALG_AES_XTS)
			return k == 32 || k == 48 || k == 64;
		return k == 16 || k == 24 || k == 32;
	case NCR_KEY_TYPE_DES3:
		return k == 24;
	case NCR_KEY_TYPE_CHACHA20:
		return k == 32;
	case NCR_KEY_TYPE_HMAC:
		return k >= 1 && k <= NCR_MAX_HMAC_KEY_BYTES;
	}
	return k == 0;
}

/* ----------------------------------------------------- OpenSSL reference */

static const char *ossl_md(uint32_t alg)
{
	switch (alg) {
	case NCR_ALG_MD5: return "MD5";
	case NCR_ALG_SHA1: case NCR_ALG_HMAC_SHA1: return "SHA1";
	case NCR_ALG_SHA224: case NCR_ALG_HMAC_SHA224: return "SHA224";
	case NCR_ALG_SHA256: case NCR_ALG_HMAC_SHA256: return "SHA256";
	case NCR_ALG_SHA384: case NCR_ALG_HMAC_SHA384: return "SHA384";
	case NCR_ALG_SHA512: case NCR_ALG_HMAC_SHA512: return "SHA512";
	case NCR_ALG_SHA3_256: case NCR_ALG_HMAC_SHA3_256: return "SHA3-256";
	case NCR_ALG_SHA3_512: case NCR_ALG_HMAC_SHA3_512: return "SHA3-512";
	}
	return NULL;
}

static int ossl_cipher_name(uint32_t alg, size_t klen, char *buf, size_t n)
{
	switch (alg) {
	case NCR_ALG_AES_ECB:
		return snprintf(buf, n, "AES-%zu-ECB", klen * 8) > 0 ? 0 : -1;
	case NCR_ALG_AES_CBC:
		return snprintf(buf, n, "AES-%zu-CBC", klen * 8) > 0 ? 0 : -1;
	case NCR_ALG_AES_CTR:
		return snprintf(buf, n, "AES-%zu-CTR", klen * 8) > 0 ? 0 : -1;
	case NCR_ALG_AES_XTS:
		return snprintf(buf, n, "AES-%zu-XTS", klen * 4) > 0 ? 0 : -1;
	case NCR_ALG_AES_GCM:
		return snprintf(buf, n, "AES-%zu-GCM", klen * 8) > 0 ? 0 : -1;
	case NCR_ALG_AES_CCM:
		return snprintf(buf, n, "AES-%zu-CCM", klen * 8) > 0 ? 0 : -1;
	case NCR_ALG_CMAC_AES:
		return snprintf(buf, n, "AES-%zu-CBC", klen * 8) > 0 ? 0 : -1;
	case NCR_ALG_DES3_CBC:
		return snprintf(buf, n, "DES-EDE3-CBC") > 0 ? 0 : -1;
	case NCR_ALG_CHACHA20:
		return snprintf(buf, n, "ChaCha20") > 0 ? 0 : -1;
	case NCR_ALG_CHACHA20_POLY1305:
		return snprintf(buf, n, "ChaCha20-Poly1305") > 0 ? 0 : -1;
	}
	return -1;
}

int ref_digest(uint32_t alg, const void *in, size_t len, uint8_t *out,
	       size_t *out_len)
{
	const char *name = ossl_md(alg);
	EVP_MD *md;
	unsigned int n = 0;
	int ok;

	if (!name || alg >= NCR_ALG_HMAC_SHA1)
		return -1;
	md = EVP_MD_fetch(NULL, name, NULL);
	if (!md)
		return -1;
	ok = EVP_Digest(in, len, out, &n, md, NULL);
	EVP_MD_free(md);
	*out_len = n;
	return ok ? 0 : -1;
}

int ref_mac(uint32_t alg, const void *key, size_t key_len, const void *in,
	    size_t len, uint8_t *out, size_t *out_len)
{
	char cname[32];
	const char *sub;
	uint8_t dummy = 0;

	if (alg == NCR_ALG_CMAC_AES) {
		if (ossl_cipher_name(alg, key_len, cname, sizeof(cname)))
			return -1;
		sub = cname;
	} else {
		sub = ossl_md(alg);
		if (!sub || alg < NCR_ALG_HMAC_SHA1)
			return -1;
	}
	if (!EVP_Q_mac(NULL, alg == NCR_ALG_CMAC_AES ? "CMAC" : "HMAC", NULL,
		       sub, NULL, key, key_len, len ? in : &dummy, len, out,
		       NCR_MAX_TAG, out_len))
		return -1;
	return 0;
}

static EVP_CIPHER *fetch_cipher(uint32_t alg, size_t klen)
{
	char name[32];

	if (ossl_cipher_name(alg, klen, name, sizeof(name)))
		return NULL;
	return EVP_CIPHER_fetch(NULL, name, NULL);
}

int ref_cipher(uint32_t alg, int enc, const void *key, size_t key_len,
	       const void *iv, const void *in, size_t len, uint8_t *out)
{
	EVP_CIPHER *c = fetch_cipher(alg, key_len);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int ok = 0, n1 = 0, n2 = 0;

	if (!c || !ctx)
		goto out;
	if (!EVP_CipherInit_ex2(ctx, c, key, iv, enc, NULL))
		goto out;
	EVP_CIPHER_CTX_set_padding(ctx, 0);
	if (len && !EVP_CipherUpdate(ctx, out, &n1, in, (int)len))
		goto out;
	if (!EVP_CipherFinal_ex(ctx, out + n1, &n2))
		goto out;
	ok = (size_t)(n1 + n2) == len;
out:
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(c);
	return ok ? 0 : -1;
}

int ref_aead(uint32_t alg, int enc, const void *key, size_t key_len,
	     const void *iv, size_t iv_len, const void *aad, size_t aad_len,
	     const void *in, size_t len, uint8_t *out, uint8_t *tag,
	     size_t tag_len)
{
	EVP_CIPHER *c = fetch_cipher(alg, key_len);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int ccm = alg == NCR_ALG_AES_CCM;
	int ok = 0, n = 0;
	uint8_t dummy = 0;

	if (!c || !ctx)
		goto out;
	if (!in)
		in = &dummy;
	if (!EVP_CipherInit_ex2(ctx, c, NULL, NULL, enc, NULL))
		goto out;
	if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, (int)iv_len,
				NULL) <= 0)
		goto out;
	if (ccm || !enc)
		if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, (int)tag_len,
					enc ? NULL : tag) <= 0)
			goto out;
	if (!EVP_CipherInit_ex2(ctx, NULL, key, iv, enc, NULL))
		goto out;
	if (ccm && !EVP_CipherUpdate(ctx, NULL, &n, NULL, (int)len))
		goto out;
	if (aad_len && !EVP_CipherUpdate(ctx, NULL, &n, aad, (int)aad_len))
		goto out;
	if (!EVP_CipherUpdate(ctx, out, &n, in, (int)len))
		goto out;
	if (!ccm || enc) {
		int n2 = 0;

		if (!EVP_CipherFinal_ex(ctx, out + n, &n2))
			goto out;
	}
	if (enc && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, (int)tag_len,
				       tag) <= 0)
		goto out;
	ok = 1;
out:
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(c);
	return ok ? 0 : -1;
}

int ref_rsa_crypt(EVP_PKEY *k, int enc, uint32_t oaep_hash,
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
		if (EVP_PKEY_CTX_set_rsa_oaep_md_name(pc, ossl_md(oaep_hash),
						      NULL) <= 0 ||
		    EVP_PKEY_CTX_set_rsa_mgf1_md_name(pc, ossl_md(oaep_hash),
						      NULL) <= 0)
			goto out;
		if (label_len) {
			void *l = OPENSSL_memdup(label, label_len);

			if (!l || EVP_PKEY_CTX_set0_rsa_oaep_label(pc, l,
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
