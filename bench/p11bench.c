// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * p11bench - operations per second through any PKCS #11 module, so that
 * the same code measures ncr-pkcs11.so, SoftHSM2 and SoftHSM2 behind
 * p11-kit's RPC server (bench/p11bench.sh runs the three; docs/bench.md).
 *
 *   p11bench [--time SECS] [--rounds N] [--cases LIST]
 *            --module PATH [--name NAME] [--token LABEL | --slot ID] [--pin PIN]
 *            [--module PATH ...]
 *
 * Each --module starts a configuration; the --name, --token, --slot and
 * --pin after it belong to it (given before the first --module they are
 * the defaults of all).  Several configurations are loaded into the one
 * process (dlopen, RTLD_LOCAL) and take turns round by round, as the
 * interfaces of ncr-bench do, so that a busy host slows them all alike.
 *
 * Per configuration, after C_Initialize, C_OpenSession (R/W) and
 * C_Login(CKU_USER): the keys are generated in the token as session
 * objects (CKA_TOKEN false, CKA_SENSITIVE true, CKA_EXTRACTABLE false):
 * an AES-128 key, a 32-byte generic secret, an RSA-2048 pair (e = 65537)
 * and an EC P-256 pair.  The cases, one operation each:
 *
 *   aes-128-cbc   16, 64, 16384 B: C_EncryptInit(CKM_AES_CBC, a fresh IV:
 *                 a per-op counter) + C_Encrypt
 *                 (a module that refuses CBC's IV parameter with
 *                 CKR_MECHANISM_INVALID, as p11-kit 0.24's RPC client does,
 *                 is timed with CKM_AES_ECB instead: rows aes-128-ecb)
 *   hmac-sha256   64 B: C_SignInit(CKM_SHA256_HMAC) + C_Sign
 *   rsa2048-pkcs1-sign  32 B: C_SignInit(CKM_SHA256_RSA_PKCS) + C_Sign
 *                 (the module hashes the 32 bytes, then signs)
 *   ecdsa-p256-sign     32 B: C_SignInit(CKM_ECDSA) + C_Sign of a 32-byte
 *                 hash (raw r|s)
 *
 * Before timing, each case is checked (the keys are sensitive, so the
 * symmetric checks stay inside the module): AES-CBC decrypts back
 * (C_Decrypt) and another IV gives another ciphertext; the HMAC verifies
 * (C_Verify) and does not for a changed message; RSA and ECDSA
 * signatures verify with OpenSSL against the public key read from the
 * token (CKA_MODULUS/CKA_PUBLIC_EXPONENT, CKA_EC_POINT).  A failed check
 * prints "# MISMATCH ..." and makes the exit status 1; other errors 2.
 *
 * Output: CSV on stdout, as ncr-bench's,
 *   interface,algorithm,bytes,ops_per_s,mb_per_s
 * with the configuration's name as the interface; notes ("# ...") on
 * stderr.  Timing: --time seconds of CLOCK_MONOTONIC per case and
 * configuration (default $NCR_BENCH_SECONDS, else 1), split into --rounds
 * rounds (default 5), each after a warm-up of a tenth of its time; the
 * best round is reported.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <p11-kit/pkcs11.h>

#define MAX_CONFIGS 8
#define MAX_BYTES 16384

enum kind { K_AES, K_HMAC, K_RSA, K_ECDSA };

struct bcase {
	const char *alg;
	size_t bytes;
	enum kind kind;
};

static const struct bcase cases[] = {
	{ "aes-128-cbc", 16, K_AES },
	{ "aes-128-cbc", 64, K_AES },
	{ "aes-128-cbc", 16384, K_AES },
	{ "hmac-sha256", 64, K_HMAC },
	{ "rsa2048-pkcs1-sign", 32, K_RSA },
	{ "ecdsa-p256-sign", 32, K_ECDSA },
};
#define NCASES (sizeof(cases) / sizeof(cases[0]))

struct config {
	const char *name, *path, *label, *pin;
	long slot_id;			/* -1: by label */
	void *dl;
	CK_FUNCTION_LIST_PTR f;
	CK_SESSION_HANDLE s;
	bool up;			/* initialized, session open, logged in */
	CK_MECHANISM_TYPE aes_mech;	/* CKM_AES_CBC, or the ECB fallback */
	CK_OBJECT_HANDLE key[4];	/* by enum kind: the secret/private key */
	CK_OBJECT_HANDLE pub[4];	/* RSA and EC public keys */
	bool have[4];			/* key generated */
	bool ok[NCASES];		/* checked, timed */
	double best[NCASES], worst[NCASES];
};

static struct config cfgs[MAX_CONFIGS];
static int ncfg;
static double opt_time = 1.0;
static int opt_rounds = 5;
static long opt_ops;		/* --ops N: exactly N operations, one round */
static bool want[NCASES];
static int status;

static unsigned char inbuf[MAX_BYTES], outbuf[MAX_BYTES + 64];
static unsigned char ivbuf[16];
static uint64_t ivctr;

static void note(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void set_status(int st)
{
	if (st > status)
		status = st;
}

static const char *rvname(CK_RV rv)
{
	static char buf[32];

	switch (rv) {
#define R(x) case x: return #x
	R(CKR_OK); R(CKR_GENERAL_ERROR); R(CKR_FUNCTION_FAILED);
	R(CKR_ARGUMENTS_BAD); R(CKR_ATTRIBUTE_VALUE_INVALID);
	R(CKR_ATTRIBUTE_TYPE_INVALID); R(CKR_DEVICE_ERROR);
	R(CKR_KEY_TYPE_INCONSISTENT); R(CKR_KEY_FUNCTION_NOT_PERMITTED);
	R(CKR_MECHANISM_INVALID); R(CKR_MECHANISM_PARAM_INVALID);
	R(CKR_OPERATION_ACTIVE); R(CKR_OPERATION_NOT_INITIALIZED);
	R(CKR_PIN_INCORRECT); R(CKR_SESSION_HANDLE_INVALID);
	R(CKR_SIGNATURE_INVALID); R(CKR_SIGNATURE_LEN_RANGE);
	R(CKR_TEMPLATE_INCOMPLETE); R(CKR_TEMPLATE_INCONSISTENT);
	R(CKR_TOKEN_NOT_PRESENT); R(CKR_USER_NOT_LOGGED_IN);
	R(CKR_USER_ALREADY_LOGGED_IN); R(CKR_BUFFER_TOO_SMALL);
	R(CKR_DATA_LEN_RANGE); R(CKR_HOST_MEMORY);
	R(CKR_CRYPTOKI_NOT_INITIALIZED); R(CKR_FUNCTION_NOT_SUPPORTED);
	R(CKR_DOMAIN_PARAMS_INVALID); R(CKR_CURVE_NOT_SUPPORTED);
	R(CKR_KEY_SIZE_RANGE); R(CKR_SLOT_ID_INVALID);
#undef R
	}
	snprintf(buf, sizeof(buf), "CKR 0x%lx", (unsigned long)rv);
	return buf;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------------ */
/* module, token, session                                               */

static int cfg_open(struct config *c)
{
	CK_C_GetFunctionList gfl;
	/*
	 * The standard struct, zeroed 8 bytes after it: a module built on
	 * NSS's header (one field more, pReserved after LibraryParameters)
	 * reads them as pReserved.
	 */
	struct {
		CK_C_INITIALIZE_ARGS a;
		void *nss_pad;
	} args = { .a = { .flags = CKF_OS_LOCKING_OK }, .nss_pad = NULL };
	CK_SLOT_ID slots[64];
	CK_ULONG n = 64, i;
	CK_RV rv;
	bool found = false;

	c->dl = dlopen(c->path, RTLD_NOW | RTLD_LOCAL);
	if (!c->dl) {
		note("%s: dlopen %s: %s", c->name, c->path, dlerror());
		return -1;
	}
	gfl = (CK_C_GetFunctionList)dlsym(c->dl, "C_GetFunctionList");
	if (!gfl) {
		note("%s: %s has no C_GetFunctionList", c->name, c->path);
		return -1;
	}
	rv = gfl(&c->f);
	if (rv != CKR_OK) {
		note("%s: C_GetFunctionList: %s", c->name, rvname(rv));
		return -1;
	}
	rv = c->f->C_Initialize(&args.a);
	if (rv != CKR_OK) {
		note("%s: C_Initialize: %s", c->name, rvname(rv));
		return -1;
	}
	rv = c->f->C_GetSlotList(CK_TRUE, slots, &n);
	if (rv != CKR_OK) {
		note("%s: C_GetSlotList: %s", c->name, rvname(rv));
		return -1;
	}
	for (i = 0; i < n && !found; i++) {
		CK_TOKEN_INFO ti;
		char label[33];
		size_t len;

		if (c->slot_id >= 0) {
			if (slots[i] == (CK_SLOT_ID)c->slot_id)
				found = true;
			continue;
		}
		if (c->f->C_GetTokenInfo(slots[i], &ti) != CKR_OK)
			continue;
		memcpy(label, ti.label, 32);
		len = 32;
		while (len && label[len - 1] == ' ')
			len--;
		label[len] = 0;
		if (!c->label || !strcmp(label, c->label))
			found = true;
	}
	if (!found) {
		note("%s: no token %s%s", c->name,
		     c->slot_id >= 0 ? "in the slot given" : "labelled ",
		     c->slot_id >= 0 ? "" : (c->label ? c->label : "(any)"));
		return -1;
	}
	rv = c->f->C_OpenSession(slots[i - 1], CKF_SERIAL_SESSION | CKF_RW_SESSION,
				 NULL, NULL, &c->s);
	if (rv != CKR_OK) {
		note("%s: C_OpenSession: %s", c->name, rvname(rv));
		return -1;
	}
	if (c->pin) {
		rv = c->f->C_Login(c->s, CKU_USER, (CK_UTF8CHAR_PTR)c->pin,
				   strlen(c->pin));
		if (rv != CKR_OK && rv != CKR_USER_ALREADY_LOGGED_IN) {
			note("%s: C_Login: %s", c->name, rvname(rv));
			return -1;
		}
	}
	c->up = true;
	return 0;
}

static void cfg_close(struct config *c)
{
	if (c->f) {
		if (c->up) {
			c->f->C_Logout(c->s);
			c->f->C_CloseSession(c->s);
		}
		c->f->C_Finalize(NULL);
	}
	/* no dlclose: some modules leave threads or atexit handlers */
}

/* ------------------------------------------------------------------ */
/* keys: session objects, sensitive, generated in the token             */

static CK_BBOOL yes = CK_TRUE, no = CK_FALSE;

static void keygen(struct config *c)
{
	CK_OBJECT_CLASS secret = CKO_SECRET_KEY;
	CK_KEY_TYPE aes = CKK_AES, gen = CKK_GENERIC_SECRET;
	CK_ULONG len16 = 16, len32 = 32, bits = 2048;
	CK_BYTE e65537[] = { 0x01, 0x00, 0x01 };
	/* DER OID prime256v1 */
	CK_BYTE p256[] = { 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03,
			   0x01, 0x07 };
	CK_MECHANISM m_aes = { CKM_AES_KEY_GEN, NULL, 0 };
	CK_MECHANISM m_gen = { CKM_GENERIC_SECRET_KEY_GEN, NULL, 0 };
	CK_MECHANISM m_rsa = { CKM_RSA_PKCS_KEY_PAIR_GEN, NULL, 0 };
	CK_MECHANISM m_ec = { CKM_EC_KEY_PAIR_GEN, NULL, 0 };
	CK_ATTRIBUTE t_aes[] = {
		{ CKA_CLASS, &secret, sizeof(secret) },
		{ CKA_KEY_TYPE, &aes, sizeof(aes) },
		{ CKA_VALUE_LEN, &len16, sizeof(len16) },
		{ CKA_TOKEN, &no, sizeof(no) },
		{ CKA_PRIVATE, &yes, sizeof(yes) },
		{ CKA_SENSITIVE, &yes, sizeof(yes) },
		{ CKA_EXTRACTABLE, &no, sizeof(no) },
		{ CKA_ENCRYPT, &yes, sizeof(yes) },
		{ CKA_DECRYPT, &yes, sizeof(yes) },
	};
	CK_ATTRIBUTE t_hmac[] = {
		{ CKA_CLASS, &secret, sizeof(secret) },
		{ CKA_KEY_TYPE, &gen, sizeof(gen) },
		{ CKA_VALUE_LEN, &len32, sizeof(len32) },
		{ CKA_TOKEN, &no, sizeof(no) },
		{ CKA_PRIVATE, &yes, sizeof(yes) },
		{ CKA_SENSITIVE, &yes, sizeof(yes) },
		{ CKA_EXTRACTABLE, &no, sizeof(no) },
		{ CKA_SIGN, &yes, sizeof(yes) },
		{ CKA_VERIFY, &yes, sizeof(yes) },
	};
	CK_ATTRIBUTE t_rsa_pub[] = {
		{ CKA_TOKEN, &no, sizeof(no) },
		{ CKA_VERIFY, &yes, sizeof(yes) },
		{ CKA_MODULUS_BITS, &bits, sizeof(bits) },
		{ CKA_PUBLIC_EXPONENT, e65537, sizeof(e65537) },
	};
	CK_ATTRIBUTE t_ec_pub[] = {
		{ CKA_TOKEN, &no, sizeof(no) },
		{ CKA_VERIFY, &yes, sizeof(yes) },
		{ CKA_EC_PARAMS, p256, sizeof(p256) },
	};
	CK_ATTRIBUTE t_priv[] = {
		{ CKA_TOKEN, &no, sizeof(no) },
		{ CKA_PRIVATE, &yes, sizeof(yes) },
		{ CKA_SENSITIVE, &yes, sizeof(yes) },
		{ CKA_EXTRACTABLE, &no, sizeof(no) },
		{ CKA_SIGN, &yes, sizeof(yes) },
	};
	CK_RV rv;
	double t;
	bool need[4] = { false, false, false, false };
	size_t i;

	for (i = 0; i < NCASES; i++)
		if (want[i])
			need[cases[i].kind] = true;

#define GEN(kind, what, call)						\
	do {								\
		if (!need[kind])					\
			break;						\
		t = now();						\
		rv = call;						\
		if (rv != CKR_OK) {					\
			note("%s: generating the %s key: %s", c->name,	\
			     what, rvname(rv));				\
			set_status(2);					\
		} else {						\
			c->have[kind] = true;				\
			note("%s: %s key generated in %.2f s", c->name,	\
			     what, now() - t);				\
		}							\
	} while (0)
#define N(a) (sizeof(a) / sizeof((a)[0]))

	GEN(K_AES, "AES-128", c->f->C_GenerateKey(c->s, &m_aes, t_aes,
		N(t_aes), &c->key[K_AES]));
	GEN(K_HMAC, "HMAC (generic secret, 32 B)",
	    c->f->C_GenerateKey(c->s, &m_gen, t_hmac, N(t_hmac),
				&c->key[K_HMAC]));
	GEN(K_RSA, "RSA-2048", c->f->C_GenerateKeyPair(c->s, &m_rsa,
		t_rsa_pub, N(t_rsa_pub), t_priv, N(t_priv),
		&c->pub[K_RSA], &c->key[K_RSA]));
	GEN(K_ECDSA, "EC P-256", c->f->C_GenerateKeyPair(c->s, &m_ec,
		t_ec_pub, N(t_ec_pub), t_priv, N(t_priv),
		&c->pub[K_ECDSA], &c->key[K_ECDSA]));
#undef GEN
}

/* ------------------------------------------------------------------ */
/* one operation                                                        */

static CK_RV op_aes(struct config *c, size_t bytes, unsigned char *out,
		    CK_ULONG *outlen)
{
	CK_MECHANISM m = { CKM_AES_CBC, ivbuf, sizeof(ivbuf) };
	CK_RV rv;
	uint64_t v = ++ivctr;

	memcpy(ivbuf + 8, &v, 8);	/* a fresh IV per operation */
	if (c->aes_mech != CKM_AES_CBC) {
		m.mechanism = c->aes_mech;
		m.pParameter = NULL;
		m.ulParameterLen = 0;
	}
	rv = c->f->C_EncryptInit(c->s, &m, c->key[K_AES]);
	if (rv != CKR_OK)
		return rv;
	*outlen = MAX_BYTES + 64;
	return c->f->C_Encrypt(c->s, inbuf, bytes, out, outlen);
}

static CK_RV op_sign(struct config *c, CK_MECHANISM_TYPE mech,
		     CK_OBJECT_HANDLE key, size_t bytes, unsigned char *out,
		     CK_ULONG *outlen)
{
	CK_MECHANISM m = { mech, NULL, 0 };
	CK_RV rv;

	rv = c->f->C_SignInit(c->s, &m, key);
	if (rv != CKR_OK)
		return rv;
	*outlen = 512;
	return c->f->C_Sign(c->s, inbuf, bytes, out, outlen);
}

static const CK_MECHANISM_TYPE sign_mech[] = {
	[K_HMAC] = CKM_SHA256_HMAC,
	[K_RSA] = CKM_SHA256_RSA_PKCS,
	[K_ECDSA] = CKM_ECDSA,
};

static CK_RV one_op(struct config *c, const struct bcase *bc)
{
	CK_ULONG outlen;

	if (bc->kind == K_AES)
		return op_aes(c, bc->bytes, outbuf, &outlen);
	return op_sign(c, sign_mech[bc->kind], c->key[bc->kind], bc->bytes,
		       outbuf, &outlen);
}

/* ------------------------------------------------------------------ */
/* checks before timing                                                 */

static int get_attr(struct config *c, CK_OBJECT_HANDLE o,
		    CK_ATTRIBUTE_TYPE type, unsigned char *buf, size_t *len)
{
	CK_ATTRIBUTE a = { type, buf, *len };
	CK_RV rv = c->f->C_GetAttributeValue(c->s, o, &a, 1);

	if (rv != CKR_OK) {
		note("%s: C_GetAttributeValue(0x%lx): %s", c->name,
		     (unsigned long)type, rvname(rv));
		return -1;
	}
	*len = a.ulValueLen;
	return 0;
}

static EVP_PKEY *pubkey(struct config *c, enum kind kind)
{
	unsigned char a[600], b[600];
	size_t alen = sizeof(a), blen = sizeof(b);
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pk = NULL;
	BIGNUM *n = NULL, *e = NULL;
	const unsigned char *pt = a;
	size_t ptlen;

	if (!bld)
		return NULL;
	if (kind == K_RSA) {
		if (get_attr(c, c->pub[K_RSA], CKA_MODULUS, a, &alen) ||
		    get_attr(c, c->pub[K_RSA], CKA_PUBLIC_EXPONENT, b, &blen))
			goto out;
		n = BN_bin2bn(a, alen, NULL);
		e = BN_bin2bn(b, blen, NULL);
		if (!n || !e || !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) ||
		    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e))
			goto out;
		ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	} else {
		if (get_attr(c, c->pub[K_ECDSA], CKA_EC_POINT, a, &alen))
			goto out;
		/* DER OCTET STRING around the point (the standard), or raw */
		ptlen = alen;
		if (alen == 67 && a[0] == 0x04 && a[1] == 65) {
			pt = a + 2;
			ptlen = 65;
		}
		if (!OSSL_PARAM_BLD_push_utf8_string(bld,
				OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) ||
		    !OSSL_PARAM_BLD_push_octet_string(bld,
				OSSL_PKEY_PARAM_PUB_KEY, pt, ptlen))
			goto out;
		ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	}
	params = OSSL_PARAM_BLD_to_param(bld);
	if (!ctx || !params || EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &pk, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		pk = NULL;
out:
	if (!pk)
		note("%s: could not rebuild the %s public key in OpenSSL",
		     c->name, kind == K_RSA ? "RSA" : "EC");
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(n);
	BN_free(e);
	return pk;
}

/* Does one operation give a right answer?  0 yes, 1 mismatch, 2 error. */
static int check_case(struct config *c, const struct bcase *bc)
{
	static unsigned char out1[MAX_BYTES + 64], out2[MAX_BYTES + 64],
		back[MAX_BYTES + 64];
	CK_ULONG l1, l2, lb;
	CK_RV rv;
	uint64_t iv1;

	if (bc->kind == K_AES) {
		CK_MECHANISM m = { CKM_AES_CBC, ivbuf, sizeof(ivbuf) };
		bool ecb;

		rv = op_aes(c, bc->bytes, out1, &l1);
		if (rv == CKR_MECHANISM_INVALID && c->aes_mech == CKM_AES_CBC) {
			/*
			 * p11-kit 0.24's RPC (Debian 12) carries no mechanism
			 * parameter it does not know, the CBC IV included:
			 * time ECB there, the same calls without the IV.
			 */
			note("%s: CKM_AES_CBC with an IV: CKR_MECHANISM_INVALID;"
			     " timing CKM_AES_ECB instead (aes-128-ecb rows)",
			     c->name);
			c->aes_mech = CKM_AES_ECB;
			rv = op_aes(c, bc->bytes, out1, &l1);
		}
		if (rv != CKR_OK)
			goto err;
		ecb = c->aes_mech == CKM_AES_ECB;
		if (ecb) {
			m.mechanism = CKM_AES_ECB;
			m.pParameter = NULL;
			m.ulParameterLen = 0;
		}
		iv1 = ivctr;
		rv = op_aes(c, bc->bytes, out2, &l2);
		if (rv != CKR_OK)
			goto err;
		if (l1 != bc->bytes || l2 != bc->bytes ||
		    (!ecb && !memcmp(out1, out2, l1)) ||
		    !memcmp(out1, inbuf, l1)) {
			note("MISMATCH %s %s %zu: ciphertext length %lu, or the"
			     " same for two IVs, or the plaintext", c->name,
			     bc->alg, bc->bytes, (unsigned long)l1);
			return 1;
		}
		memcpy(ivbuf + 8, &iv1, 8);
		rv = c->f->C_DecryptInit(c->s, &m, c->key[K_AES]);
		if (rv != CKR_OK)
			goto err;
		lb = sizeof(back);
		rv = c->f->C_Decrypt(c->s, out1, l1, back, &lb);
		if (rv != CKR_OK)
			goto err;
		if (lb != bc->bytes || memcmp(back, inbuf, lb)) {
			note("MISMATCH %s %s %zu: C_Decrypt does not give the "
			     "plaintext back", c->name, bc->alg, bc->bytes);
			return 1;
		}
		return 0;
	}

	rv = op_sign(c, sign_mech[bc->kind], c->key[bc->kind], bc->bytes,
		     out1, &l1);
	if (rv != CKR_OK)
		goto err;
	if (bc->kind == K_HMAC) {
		CK_MECHANISM m = { CKM_SHA256_HMAC, NULL, 0 };

		if (l1 != 32) {
			note("MISMATCH %s %s: MAC of %lu bytes", c->name,
			     bc->alg, (unsigned long)l1);
			return 1;
		}
		rv = c->f->C_VerifyInit(c->s, &m, c->key[K_HMAC]);
		if (rv == CKR_OK)
			rv = c->f->C_Verify(c->s, inbuf, bc->bytes, out1, l1);
		if (rv != CKR_OK) {
			note("MISMATCH %s %s: C_Verify of its own MAC: %s",
			     c->name, bc->alg, rvname(rv));
			return 1;
		}
		inbuf[0] ^= 1;
		rv = c->f->C_VerifyInit(c->s, &m, c->key[K_HMAC]);
		if (rv == CKR_OK)
			rv = c->f->C_Verify(c->s, inbuf, bc->bytes, out1, l1);
		inbuf[0] ^= 1;
		if (rv != CKR_SIGNATURE_INVALID) {
			note("MISMATCH %s %s: C_Verify of another message "
			     "gave %s", c->name, bc->alg, rvname(rv));
			return 1;
		}
		return 0;
	}

	{
		EVP_PKEY *pk = pubkey(c, bc->kind);
		EVP_PKEY_CTX *ctx = NULL;
		EVP_MD_CTX *md = NULL;
		unsigned char der[80], *p = der;
		int ok = 0, derlen;

		if (!pk)
			return 2;
		if (bc->kind == K_RSA) {
			md = EVP_MD_CTX_new();
			ok = md && EVP_DigestVerifyInit_ex(md, NULL, "SHA256",
					NULL, NULL, pk, NULL) == 1 &&
			     EVP_DigestVerify(md, out1, l1, inbuf,
					      bc->bytes) == 1;
		} else if (l1 == 64) {
			ECDSA_SIG *sig = ECDSA_SIG_new();
			BIGNUM *r = BN_bin2bn(out1, 32, NULL);
			BIGNUM *s = BN_bin2bn(out1 + 32, 32, NULL);

			if (sig && r && s && ECDSA_SIG_set0(sig, r, s)) {
				r = s = NULL;
				derlen = i2d_ECDSA_SIG(sig, &p);
				ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pk, NULL);
				ok = derlen > 0 && ctx &&
				     EVP_PKEY_verify_init(ctx) == 1 &&
				     EVP_PKEY_verify(ctx, der, derlen, inbuf,
						     bc->bytes) == 1;
			}
			BN_free(r);
			BN_free(s);
			ECDSA_SIG_free(sig);
		}
		ERR_clear_error();
		EVP_MD_CTX_free(md);
		EVP_PKEY_CTX_free(ctx);
		EVP_PKEY_free(pk);
		if (!ok) {
			note("MISMATCH %s %s: a %lu-byte signature that OpenSSL"
			     " does not verify", c->name, bc->alg,
			     (unsigned long)l1);
			return 1;
		}
	}
	return 0;
err:
	note("%s %s %zu: %s", c->name, bc->alg, bc->bytes, rvname(rv));
	return 2;
}

/* ------------------------------------------------------------------ */
/* timing                                                               */

/*
 * Operations for SECS seconds; the clock is read after batches that grow
 * while they are short against the round.  Returns ops/s, or -1.
 */
static double timed(struct config *c, const struct bcase *bc, double secs)
{
	double t0 = now(), t = 0;
	long n = 0, batch = 1, i;
	CK_RV rv;

	for (;;) {
		for (i = 0; i < batch; i++) {
			rv = one_op(c, bc);
			if (rv != CKR_OK) {
				note("%s %s %zu: %s during the timed loop",
				     c->name, bc->alg, bc->bytes, rvname(rv));
				return -1;
			}
		}
		n += batch;
		t = now() - t0;
		if (t >= secs)
			break;
		/* aim at about 1/16 of what is left per batch */
		if (t > 0) {
			double per = t / n, left = secs - t;
			long want_b = (long)(left / per / 16);

			batch = want_b < 1 ? 1 : want_b > 2 * batch ? 2 * batch : want_b;
		} else {
			batch *= 2;
		}
	}
	return n / t;
}

/* the algorithm as timed: aes-128-ecb where CBC fell back to ECB */
static const char *case_alg(const struct config *c, const struct bcase *bc)
{
	if (bc->kind == K_AES && c->aes_mech == CKM_AES_ECB)
		return "aes-128-ecb";
	return bc->alg;
}

/* exactly N operations (--ops: for strace -c or valgrind); ops/s or -1 */
static double counted(struct config *c, const struct bcase *bc, long n)
{
	double t0 = now();
	long i;
	CK_RV rv;

	for (i = 0; i < n; i++) {
		rv = one_op(c, bc);
		if (rv != CKR_OK) {
			note("%s %s %zu: %s", c->name, bc->alg, bc->bytes,
			     rvname(rv));
			return -1;
		}
	}
	return n / (now() - t0);
}

static int parse_cases(const char *list)
{
	char *dup = strdup(list), *tok, *save = NULL;
	size_t i;
	int found;

	for (tok = strtok_r(dup, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char name[64];

		found = 0;
		for (i = 0; i < NCASES; i++) {
			snprintf(name, sizeof(name), "%s-%zu", cases[i].alg,
				 cases[i].bytes);
			if (!strcmp(tok, cases[i].alg) || !strcmp(tok, name)) {
				want[i] = true;
				found = 1;
			}
		}
		if (!found) {
			fprintf(stderr, "p11bench: unknown case '%s'\n", tok);
			free(dup);
			return -1;
		}
	}
	free(dup);
	return 0;
}

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
"Usage: p11bench [--time SECS] [--rounds N] [--cases LIST]\n"
"                --module PATH [--name NAME] [--token LABEL | --slot ID]\n"
"                [--pin PIN] [--module PATH ...]\n"
"  --time SECS    per case and configuration (default $NCR_BENCH_SECONDS,\n"
"                 else 1), split into rounds; the best round is reported\n"
"  --rounds N     rounds (default 5); the configurations take turns\n"
"  --ops N        instead of timing: exactly N operations per case and\n"
"                 configuration, no warm-up (to count system calls with\n"
"                 strace -c, or instructions with valgrind)\n"
"  --cases LIST   comma list of ALG or ALG-BYTES (default: all):\n");
	for (i = 0; i < NCASES; i++)
		fprintf(f, "                   %s-%zu\n", cases[i].alg,
			cases[i].bytes);
	fprintf(f,
"  --module PATH  a PKCS #11 module: starts a configuration; the options\n"
"                 below apply to the last --module (before any: to all)\n"
"  --name NAME    the configuration's name in the CSV (default: file name)\n"
"  --token LABEL  the token's label (default: the first token)\n"
"  --slot ID      the slot ID instead of a label\n"
"  --pin PIN      the user PIN (C_Login(CKU_USER)); none: no login\n"
"CSV on stdout: interface,algorithm,bytes,ops_per_s,mb_per_s\n");
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "time", required_argument, NULL, 't' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "cases", required_argument, NULL, 'c' },
		{ "ops", required_argument, NULL, 'o' },
		{ "module", required_argument, NULL, 'm' },
		{ "name", required_argument, NULL, 'n' },
		{ "token", required_argument, NULL, 'l' },
		{ "slot", required_argument, NULL, 's' },
		{ "pin", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct config def = { .slot_id = -1 }, *cur = &def;
	const char *env = getenv("NCR_BENCH_SECONDS");
	bool any_case = false;
	size_t i;
	int opt, k, r, j;

	if (env && *env)
		opt_time = atof(env);
	while ((opt = getopt_long(argc, argv, "t:r:c:m:n:l:s:p:h", lo, NULL)) != -1) {
		switch (opt) {
		case 't': opt_time = atof(optarg); break;
		case 'r': opt_rounds = atoi(optarg); break;
		case 'o': opt_ops = atol(optarg); opt_rounds = 1; break;
		case 'c':
			if (parse_cases(optarg))
				return 2;
			any_case = true;
			break;
		case 'm':
			if (ncfg == MAX_CONFIGS) {
				fprintf(stderr, "p11bench: at most %d modules\n",
					MAX_CONFIGS);
				return 2;
			}
			cur = &cfgs[ncfg++];
			*cur = def;
			cur->aes_mech = CKM_AES_CBC;
			cur->path = optarg;
			cur->name = strrchr(optarg, '/') ? strrchr(optarg, '/') + 1
							  : optarg;
			break;
		case 'n': cur->name = optarg; break;
		case 'l': cur->label = optarg; cur->slot_id = -1; break;
		case 's': cur->slot_id = atol(optarg); break;
		case 'p': cur->pin = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc || !ncfg || opt_time <= 0 || opt_rounds < 1) {
		usage(stderr);
		return 2;
	}
	if (!any_case)
		for (i = 0; i < NCASES; i++)
			want[i] = true;
	for (i = 0; i < sizeof(inbuf); i++)
		inbuf[i] = (unsigned char)(i * 7 + 3);
	memset(ivbuf, 0xa5, sizeof(ivbuf));

	for (k = 0; k < ncfg; k++) {
		struct config *c = &cfgs[k];

		if (cfg_open(c)) {
			set_status(2);
			continue;
		}
		keygen(c);
		for (i = 0; i < NCASES; i++) {
			int st;

			if (!want[i] || !c->have[cases[i].kind])
				continue;
			st = check_case(c, &cases[i]);
			set_status(st);
			c->ok[i] = st == 0;
			c->best[i] = 0;
			c->worst[i] = 1e300;
		}
	}

	printf("interface,algorithm,bytes,ops_per_s,mb_per_s\n");
	fflush(stdout);
	for (i = 0; i < NCASES; i++) {
		double slice = opt_time / opt_rounds;

		if (!want[i])
			continue;
		for (r = 0; r < opt_rounds; r++) {
			for (j = 0; j < ncfg; j++) {
				struct config *c = &cfgs[(j + r) % ncfg];
				double ops;

				if (!c->ok[i])
					continue;
				if (opt_ops > 0)
					ops = counted(c, &cases[i], opt_ops);
				if (opt_ops > 0 ? ops < 0 :
				    timed(c, &cases[i], slice / 10) < 0 ||
				    (ops = timed(c, &cases[i], slice)) < 0) {
					c->ok[i] = false;
					set_status(2);
					continue;
				}
				if (ops > c->best[i])
					c->best[i] = ops;
				if (ops < c->worst[i])
					c->worst[i] = ops;
			}
		}
		for (k = 0; k < ncfg; k++) {
			struct config *c = &cfgs[k];

			if (!c->ok[i])
				continue;
			printf("%s,%s,%zu,%.1f,%.3f\n", c->name,
			       case_alg(c, &cases[i]), cases[i].bytes, c->best[i],
			       c->best[i] * (double)cases[i].bytes / 1e6);
			if (opt_rounds > 1 && c->worst[i] < c->best[i] * 0.75)
				note("%s %s %zu: a round %.0f%% below the best "
				     "(busy host?)", c->name, case_alg(c, &cases[i]),
				     cases[i].bytes,
				     100 * (1 - c->worst[i] / c->best[i]));
		}
		fflush(stdout);
	}
	for (k = 0; k < ncfg; k++)
		cfg_close(&cfgs[k]);
	return status;
}
