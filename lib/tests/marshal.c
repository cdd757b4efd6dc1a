// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_libncr_unit.c - libncr tests that need no kernel module: name
 * tables, static algorithm properties, error sentences, PKCS#7 padding
 * check, argument checks, and the structures the public-key calls and
 * the ABI 3 calls (key policies with algorithm sets and labels, restrict,
 * trust, truncated MAC verification) pass to a fake kernel (ioctl()
 * below); the algorithm-set names (ncr_keyalgs_parse/format).  Output is
 * TAP.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "libncr.h"
#include "ncr_internal.h"

/*
 * A fake kernel: this program links libncr statically, so its ioctl()
 * calls resolve to the definition below.  Calls on FAKE_FD are recorded
 * (request and a copy of the argument structure) and answered by
 * fake_hook, which may change the structure as the kernel would, and
 * fake_errno; every other descriptor goes to the real system call.
 */
#define FAKE_FD 4242

static unsigned long fake_req;
static unsigned char fake_arg[4096];
static int fake_calls, fake_errno;
static void (*fake_hook)(void *arg);

int ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;
	uint32_t size;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (fd != FAKE_FD)
		return (int)syscall(SYS_ioctl, fd, req, arg);
	fake_calls++;
	fake_req = req;
	memcpy(&size, arg, sizeof(size));
	memset(fake_arg, 0, sizeof(fake_arg));
	memcpy(fake_arg, arg, size < sizeof(fake_arg) ? size : sizeof(fake_arg));
	if (fake_hook)
		fake_hook(arg);
	if (fake_errno) {
		errno = fake_errno;
		return -1;
	}
	return 0;
}

static void fake_reset(void (*hook)(void *), int err)
{
	fake_calls = 0;
	fake_req = 0;
	fake_hook = hook;
	fake_errno = err;
}

static int test_no;
static int failures;

static void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	test_no++;
	printf("%sok %d - ", cond ? "" : "not ", test_no);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond)
		failures++;
}

static void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static const char *const all_alg_names[] = {
	"aes-ecb", "aes-cbc", "aes-ctr", "aes-xts", "des3-cbc", "chacha20",
	"aes-gcm", "aes-ccm", "chacha20-poly1305", "md5", "sha1", "sha224",
	"sha256", "sha384", "sha512", "sha3-256", "sha3-512", "hmac-sha1",
	"hmac-sha224", "hmac-sha256", "hmac-sha384", "hmac-sha512",
	"hmac-sha3-256", "hmac-sha3-512", "cmac-aes",
};

static const uint32_t all_algs[] = {
	NCR_ALG_AES_ECB, NCR_ALG_AES_CBC, NCR_ALG_AES_CTR, NCR_ALG_AES_XTS,
	NCR_ALG_DES3_CBC, NCR_ALG_CHACHA20, NCR_ALG_AES_GCM, NCR_ALG_AES_CCM,
	NCR_ALG_CHACHA20_POLY1305, NCR_ALG_MD5, NCR_ALG_SHA1,
	NCR_ALG_SHA224, NCR_ALG_SHA256, NCR_ALG_SHA384, NCR_ALG_SHA512,
	NCR_ALG_SHA3_256, NCR_ALG_SHA3_512, NCR_ALG_HMAC_SHA1,
	NCR_ALG_HMAC_SHA224, NCR_ALG_HMAC_SHA256, NCR_ALG_HMAC_SHA384,
	NCR_ALG_HMAC_SHA512, NCR_ALG_HMAC_SHA3_256, NCR_ALG_HMAC_SHA3_512,
	NCR_ALG_CMAC_AES,
};

#define N_ALGS (sizeof(all_algs) / sizeof(all_algs[0]))

static void test_names(void)
{
	size_t i;
	int bad = 0;
	uint32_t t;

	_Static_assert(sizeof(all_alg_names) / sizeof(all_alg_names[0]) ==
		       N_ALGS, "name and number tables differ");

	for (i = 0; i < N_ALGS; i++) {
		int a = ncr_alg_from_name(all_alg_names[i]);
		const char *n = ncr_alg_name(all_algs[i]);

		if (a != (int)all_algs[i] || !n ||
		    strcmp(n, all_alg_names[i])) {
			diag("%s: from_name %d, name(%u) %s", all_alg_names[i],
			     a, all_algs[i], n ? n : "NULL");
			bad++;
		}
	}
	ok(!bad, "algorithm names round-trip (%zu algorithms)", N_ALGS);

	ok(ncr_alg_from_name("SHA256") == NCR_ALG_SHA256,
	   "algorithm names are case-insensitive");
	ok(ncr_alg_from_name("aes") == -EINVAL &&
	   ncr_alg_from_name("") == -EINVAL &&
	   ncr_alg_from_name(NULL) == -EINVAL &&
	   ncr_alg_from_name("sha256 ") == -EINVAL,
	   "unknown algorithm names give -EINVAL");
	ok(ncr_alg_name(NCR_ALG_NONE) == NULL && ncr_alg_name(7) == NULL &&
	   ncr_alg_name(56) == NULL && ncr_alg_name(UINT32_MAX) == NULL,
	   "unknown algorithm numbers have no name");

	bad = 0;
	for (t = NCR_KEY_TYPE_AES; t <= NCR_KEY_TYPE_HMAC; t++) {
		const char *n = ncr_key_type_name(t);

		if (!n || ncr_key_type_from_name(n) != (int)t)
			bad++;
	}
	ok(!bad && !strcmp(ncr_key_type_name(NCR_KEY_TYPE_AES), "aes") &&
	   !strcmp(ncr_key_type_name(NCR_KEY_TYPE_DES3), "des3") &&
	   !strcmp(ncr_key_type_name(NCR_KEY_TYPE_CHACHA20), "chacha20") &&
	   !strcmp(ncr_key_type_name(NCR_KEY_TYPE_HMAC), "hmac"),
	   "key type names round-trip");
	ok(ncr_key_type_name(0) == NULL && ncr_key_type_name(5) == NULL &&
	   ncr_key_type_name(15) == NULL && ncr_key_type_name(22) == NULL &&
	   ncr_key_type_from_name("rsa2048") == -EINVAL &&
	   ncr_key_type_from_name(NULL) == -EINVAL,
	   "unknown key types are rejected");
}

static void test_pk_names(void)
{
	static const struct { const char *name; uint32_t alg, kt; } pk[] = {
		{ "rsa-pkcs1", NCR_ALG_RSA_PKCS1, NCR_KEY_TYPE_RSA },
		{ "rsa-pss", NCR_ALG_RSA_PSS, NCR_KEY_TYPE_RSA },
		{ "rsa-oaep", NCR_ALG_RSA_OAEP, NCR_KEY_TYPE_RSA },
		{ "dsa", NCR_ALG_DSA, NCR_KEY_TYPE_DSA },
		{ "ecdsa", NCR_ALG_ECDSA, NCR_KEY_TYPE_EC },
		{ "ed25519", NCR_ALG_ED25519, NCR_KEY_TYPE_ED25519 },
		{ "ecdh", NCR_ALG_ECDH, NCR_KEY_TYPE_EC },
		{ "x25519", NCR_ALG_X25519, NCR_KEY_TYPE_X25519 },
		{ "dh", NCR_ALG_DH, NCR_KEY_TYPE_DH },
	};
	static const struct { const char *name; uint32_t t; } kt[] = {
		{ "rsa", NCR_KEY_TYPE_RSA }, { "dsa", NCR_KEY_TYPE_DSA },
		{ "dh", NCR_KEY_TYPE_DH }, { "ec", NCR_KEY_TYPE_EC },
		{ "x25519", NCR_KEY_TYPE_X25519 },
		{ "ed25519", NCR_KEY_TYPE_ED25519 },
	};
	struct ncr_alg_props p;
	size_t i;
	int bad = 0;

	for (i = 0; i < sizeof(pk) / sizeof(pk[0]); i++) {
		const char *n = ncr_alg_name(pk[i].alg);

		memset(&p, 0xa5, sizeof(p));
		if (ncr_alg_from_name(pk[i].name) != (int)pk[i].alg || !n ||
		    strcmp(n, pk[i].name) || ncr_alg_props(pk[i].alg, &p) ||
		    p.alg != pk[i].alg || p.key_type != pk[i].kt ||
		    p.is_aead || p.is_cipher || p.is_digest || p.is_mac ||
		    p.tag_size || p.iv_size) {
			diag("%s: bad name or props", pk[i].name);
			bad++;
		}
	}
	ok(!bad, "public-key algorithm names and props (%zu algorithms)",
	   sizeof(pk) / sizeof(pk[0]));
	bad = 0;
	for (i = 0; i < sizeof(kt) / sizeof(kt[0]); i++) {
		const char *n = ncr_key_type_name(kt[i].t);

		if (ncr_key_type_from_name(kt[i].name) != (int)kt[i].t || !n ||
		    strcmp(n, kt[i].name))
			bad++;
	}
	ok(!bad, "public-key key type names round-trip");
	ok(ncr_alg_from_name("RSA-PSS") == NCR_ALG_RSA_PSS &&
	   ncr_key_type_from_name("EC") == NCR_KEY_TYPE_EC,
	   "public-key names are case-insensitive");
}

/* Argument checks the library makes before any system call (ctx -1 would
 * give -EBADF if a call were made). */
static void test_pk_arg_checks(void)
{
	struct ncr_pk_params pp = { .label_len = 4 };
	uint8_t buf[64] = { 0 };
	uint32_t h = 0;
	size_t len;

	ok(ncr_verify(-1, NCR_ALG_ECDSA, 1, NULL, buf, 1, buf, 0) ==
	   NCR_VERIFY_FAILED,
	   "ncr_verify: an empty signature fails without a system call");
	ok(ncr_verify(-1, NCR_ALG_ECDSA, 1, NULL, buf, 1, NULL, 8) == -EINVAL,
	   "ncr_verify: a NULL signature of non-zero length is -EINVAL");
	len = sizeof(buf);
	ok(ncr_sign(-1, NCR_ALG_RSA_PSS, 1, &pp, buf, 1, buf, &len) ==
	   -EINVAL, "ncr_sign: a label length without a label is -EINVAL");
	ok(ncr_sign(-1, NCR_ALG_RSA_PSS, 1, NULL, buf, 1, buf, NULL) ==
	   -EINVAL, "ncr_sign needs a signature length");
	len = 8;
	ok(ncr_sign(-1, NCR_ALG_RSA_PSS, 1, NULL, buf, 1, NULL, &len) ==
	   -EINVAL, "ncr_sign: a NULL buffer with a capacity is -EINVAL");
	len = 0;
	ok(ncr_sign(-1, NCR_ALG_RSA_PSS, 1, NULL, buf, 1, NULL, &len) ==
	   -EBADF, "ncr_sign with capacity 0 asks the kernel (size query)");
	ok(ncr_pk_encrypt(-1, NCR_ALG_RSA_OAEP, 1, NULL, buf, 1, buf, NULL) ==
	   -EINVAL &&
	   ncr_pk_decrypt(-1, NCR_ALG_RSA_OAEP, 1, NULL, buf, 1, buf, NULL) ==
	   -EINVAL, "ncr_pk_encrypt/decrypt need an output length");
	len = sizeof(buf);
	ok(ncr_pk_decrypt(-1, NCR_ALG_RSA_OAEP, 1, NULL, NULL, 5, buf, &len) ==
	   -EINVAL, "ncr_pk_decrypt: NULL input of non-zero length");
	ok(ncr_key_export_fmt(-1, 1, NCR_KEY_FORMAT_SPKI, buf, NULL) == -EINVAL,
	   "ncr_key_export_fmt needs a length");
	ok(ncr_key_derive(-1, NCR_ALG_X25519, 1, NULL, 0, NCR_KEY_TYPE_HMAC, 0,
			  NCR_KEY_USAGE_SIGN, &h) == -EINVAL,
	   "ncr_key_derive needs a peer value");
	ok(ncr_key_import_fmt(-1, NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_RAW, 256,
			      buf, 32, buf, NCR_KEY_LABEL_MAX + 1, 0,
			      NCR_KEY_USAGE_SIGN, &h) == -EINVAL,
	   "ncr_key_import_fmt refuses an over-long label");
	ok(ncr_key_generate_pair(-1, NCR_KEY_TYPE_DSA, 2048, 256, NULL, 10, 0,
				 NCR_KEY_USAGE_SIGN, 0, &h, &h) == -EINVAL,
	   "ncr_key_generate_pair: params length without params");
	ok(ncr_key_generate_pair(-1, NCR_KEY_TYPE_EC, 256, 0, NULL, 0, 0,
				 NCR_KEY_USAGE_SIGN, 0, &h, &h) == -EBADF &&
	   ncr_pk_session_init(-1, NCR_ALG_ECDSA, NCR_OP_SIGN, 1, NULL, &h) ==
	   -EBADF, "well-formed public-key calls reach the kernel");
}

struct expect {
	uint32_t alg, key_type, iv, tag, block;
};

static const struct expect expected[] = {
	{ NCR_ALG_AES_ECB, NCR_KEY_TYPE_AES, 0, 0, 16 },
	{ NCR_ALG_AES_CBC, NCR_KEY_TYPE_AES, 16, 0, 16 },
	{ NCR_ALG_AES_CTR, NCR_KEY_TYPE_AES, 16, 0, 1 },
	{ NCR_ALG_AES_XTS, NCR_KEY_TYPE_AES, 16, 0, 16 },
	{ NCR_ALG_DES3_CBC, NCR_KEY_TYPE_DES3, 8, 0, 8 },
	{ NCR_ALG_CHACHA20, NCR_KEY_TYPE_CHACHA20, 16, 0, 1 },
	{ NCR_ALG_AES_GCM, NCR_KEY_TYPE_AES, 12, 16, 1 },
	{ NCR_ALG_AES_CCM, NCR_KEY_TYPE_AES, 13, 16, 1 },
	{ NCR_ALG_CHACHA20_POLY1305, NCR_KEY_TYPE_CHACHA20, 12, 16, 1 },
	{ NCR_ALG_MD5, 0, 0, 16, 64 },
	{ NCR_ALG_SHA1, 0, 0, 20, 64 },
	{ NCR_ALG_SHA224, 0, 0, 28, 64 },
	{ NCR_ALG_SHA256, 0, 0, 32, 64 },
	{ NCR_ALG_SHA384, 0, 0, 48, 128 },
	{ NCR_ALG_SHA512, 0, 0, 64, 128 },
	{ NCR_ALG_SHA3_256, 0, 0, 32, 136 },
	{ NCR_ALG_SHA3_512, 0, 0, 64, 72 },
	{ NCR_ALG_HMAC_SHA1, NCR_KEY_TYPE_HMAC, 0, 20, 64 },
	{ NCR_ALG_HMAC_SHA224, NCR_KEY_TYPE_HMAC, 0, 28, 64 },
	{ NCR_ALG_HMAC_SHA256, NCR_KEY_TYPE_HMAC, 0, 32, 64 },
	{ NCR_ALG_HMAC_SHA384, NCR_KEY_TYPE_HMAC, 0, 48, 128 },
	{ NCR_ALG_HMAC_SHA512, NCR_KEY_TYPE_HMAC, 0, 64, 128 },
	{ NCR_ALG_HMAC_SHA3_256, NCR_KEY_TYPE_HMAC, 0, 32, 136 },
	{ NCR_ALG_HMAC_SHA3_512, NCR_KEY_TYPE_HMAC, 0, 64, 72 },
	{ NCR_ALG_CMAC_AES, NCR_KEY_TYPE_AES, 0, 16, 16 },
};

static void test_props(void)
{
	struct ncr_alg_props p;
	size_t i;
	int bad = 0, kinds = 0;

	ok(sizeof(expected) / sizeof(expected[0]) == N_ALGS,
	   "property expectations cover every algorithm");
	for (i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
		const struct expect *e = &expected[i];
		int one;

		memset(&p, 0xa5, sizeof(p));
		if (ncr_alg_props(e->alg, &p)) {
			diag("no props for %u", e->alg);
			bad++;
			continue;
		}
		one = !!p.is_cipher + !!p.is_digest + !!p.is_mac;
		if (p.alg != e->alg || p.key_type != e->key_type ||
		    p.iv_size != e->iv || p.tag_size != e->tag ||
		    p.block_size != e->block || one != 1 ||
		    (p.is_aead && !p.is_cipher) ||
		    (p.is_digest && p.key_type) ||
		    (p.is_mac && !p.key_type) ||
		    (p.is_cipher && !p.is_aead && p.tag_size) ||
		    p.tag_size > NCR_MAX_TAG) {
			diag("%s: props key %u block %u iv %u tag %u "
			     "aead %d cipher %d digest %d mac %d",
			     ncr_alg_name(e->alg), p.key_type, p.block_size,
			     p.iv_size, p.tag_size, p.is_aead, p.is_cipher,
			     p.is_digest, p.is_mac);
			bad++;
		}
		kinds |= (p.is_aead << 0) | (p.is_digest << 1) |
			 (p.is_mac << 2);
	}
	ok(!bad && kinds == 7, "ncr_alg_props matches ncr.h for every algorithm");
	ok(ncr_alg_props(NCR_ALG_NONE, &p) == -EINVAL &&
	   ncr_alg_props(99, &p) == -EINVAL,
	   "ncr_alg_props rejects unknown algorithms");
	ok(ncr_alg_props(NCR_ALG_SHA256, NULL) == 0,
	   "ncr_alg_props accepts a NULL output (existence check)");
}

static void test_strerror(void)
{
	static const int errs[] = {
		EFAULT, EINVAL, E2BIG, ENOENT, EPERM, ENOTTY, EOPNOTSUPP,
		ERANGE, EDQUOT, ENOMEM, EINTR, ENOKEY, EBADMSG,
		EPROTONOSUPPORT, EEXIST, ENODEV, EACCES, EBADF, EIO, EPROTO,
	};
	size_t i;
	int bad = 0;

	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		const char *a = ncr_strerror(-errs[i]);
		const char *b = ncr_strerror(errs[i]);

		if (!a || !*a || !b || strcmp(a, b)) {
			diag("errno %d: \"%s\" / \"%s\"", errs[i],
			     a ? a : "NULL", b ? b : "NULL");
			bad++;
		}
	}
	ok(!bad, "ncr_strerror gives a sentence for every errno ncr uses");
	ok(strstr(ncr_strerror(-EPERM), "flags or usage") != NULL,
	   "EPERM names the key's flags or usage");
	ok(!strcmp(ncr_strerror(-ENOKEY), "no storage master key is set"),
	   "ENOKEY: master key not set");
	ok(strstr(ncr_strerror(-EBADMSG), "authentication failed") != NULL,
	   "EBADMSG: authentication failed");
	ok(!strcmp(ncr_strerror(-ENOENT), "no such key or session handle"),
	   "ENOENT: no such handle");
	ok(!strcmp(ncr_strerror(-EEXIST), "master key already set"),
	   "EEXIST: master key already set");
	ok(strstr(ncr_strerror(-ENODEV), "module loaded") != NULL,
	   "ENODEV: is the module loaded?");
	ok(ncr_strerror(-12345) != NULL && ncr_strerror(0) != NULL,
	   "unknown errno and 0 still give a string");
}

static void test_ct_helpers(void)
{
	static const uint32_t v[] = { 0, 1, 2, 15, 16, 17, 255, 256,
				      0x7fffffff, 0x80000000, 0xfffffffe,
				      0xffffffff };
	size_t i, j;
	int bad = 0;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		if (ncr_ct_mask_is_zero(v[i]) != (v[i] ? 0 : 0xffffffffu))
			bad++;
		for (j = 0; j < sizeof(v) / sizeof(v[0]); j++)
			if (ncr_ct_mask_lt(v[i], v[j]) !=
			    (v[i] < v[j] ? 0xffffffffu : 0))
				bad++;
	}
	ok(!bad, "constant-time mask helpers");
}

/* Reference check, straightforward and branchy, for comparison. */
static int ref_unpad(const uint8_t *b, size_t bs, size_t *padlen)
{
	size_t pad = b[bs - 1], i;

	if (pad == 0 || pad > bs)
		return -EBADMSG;
	for (i = bs - pad; i < bs; i++)
		if (b[i] != pad)
			return -EBADMSG;
	*padlen = pad;
	return 0;
}

static void test_pkcs7_block(size_t bs)
{
	uint8_t blk[255];
	size_t padlen, rpad;
	unsigned v, pos;
	int bad = 0, rr, r, valid = 0;

	/* Every value of the last byte, with the rest of the block filled
	 * as valid padding for that value would need. */
	for (v = 0; v < 256; v++) {
		memset(blk, 0x3c, bs);
		if (v >= 1 && v <= bs)
			memset(blk + bs - v, (int)v, v);
		blk[bs - 1] = (uint8_t)v;
		padlen = 999;
		r = ncr_pkcs7_unpad_len(blk, bs, &padlen);
		rpad = 0;
		rr = ref_unpad(blk, bs, &rpad);
		if (r != rr || (r == 0 && padlen != v) ||
		    (r != 0 && padlen != 0) || (r != 0 && r != -EBADMSG)) {
			diag("bs %zu last byte %u: ret %d padlen %zu (want %d)",
			     bs, v, r, padlen, rr);
			bad++;
		}
		if (r == 0)
			valid++;
	}
	ok(!bad && valid == (int)bs,
	   "PKCS#7 bs=%zu: all 256 last-byte values (valid exactly 1..%zu)",
	   bs, bs);

	/* Valid padding with one padding byte corrupted, every position. */
	bad = 0;
	for (v = 2; v <= bs; v++) {
		for (pos = (unsigned)(bs - v); pos < bs - 1; pos++) {
			unsigned delta;

			for (delta = 1; delta < 256; delta <<= 1) {
				memset(blk, 0x3c, bs);
				memset(blk + bs - v, (int)v, v);
				blk[pos] ^= (uint8_t)delta;
				padlen = 999;
				r = ncr_pkcs7_unpad_len(blk, bs, &padlen);
				if (r != -EBADMSG || padlen != 0)
					bad++;
			}
		}
	}
	ok(!bad, "PKCS#7 bs=%zu: any corrupted padding byte is rejected", bs);

	/* Bytes before the padding do not matter, even if they look like
	 * padding of another length. */
	bad = 0;
	for (v = 1; v < bs; v++) {
		unsigned fill;

		for (fill = 0; fill < 256; fill += 17) {
			memset(blk, (int)fill, bs);
			memset(blk + bs - v, (int)v, v);
			r = ncr_pkcs7_unpad_len(blk, bs, &padlen);
			if (r != 0 || padlen != v)
				bad++;
		}
	}
	ok(!bad, "PKCS#7 bs=%zu: data bytes before the padding are ignored",
	   bs);
}

static void test_pkcs7(void)
{
	uint8_t blk[256];
	size_t padlen = 7;

	test_pkcs7_block(16);
	test_pkcs7_block(8);
	test_pkcs7_block(1);
	test_pkcs7_block(255);

	memset(blk, 1, sizeof(blk));
	ok(ncr_pkcs7_unpad_len(blk, 0, &padlen) == -EINVAL &&
	   ncr_pkcs7_unpad_len(blk, 256, &padlen) == -EINVAL &&
	   ncr_pkcs7_unpad_len(NULL, 16, &padlen) == -EINVAL &&
	   ncr_pkcs7_unpad_len(blk, 16, NULL) == -EINVAL,
	   "PKCS#7: bad block size or pointers give -EINVAL");

	/* A full block of padding (input was a whole number of blocks). */
	memset(blk, 16, 16);
	ok(ncr_pkcs7_unpad_len(blk, 16, &padlen) == 0 && padlen == 16,
	   "PKCS#7: a whole block of padding is 16 bytes");
}

/* Library calls that must fail before any system call on bad input. */
static void test_arg_checks(void)
{
	uint8_t buf[64] = { 0 }, iv[16] = { 0 };
	size_t len;

	len = 15;
	ok(ncr_cbc_pad_encrypt(-1, NCR_ALG_AES_CBC, 1, iv, buf, 16, buf,
			       &len) == -ERANGE && len == 32,
	   "ncr_cbc_pad_encrypt reports the padded size with -ERANGE");
	len = 0;
	ok(ncr_cbc_pad_encrypt(-1, NCR_ALG_DES3_CBC, 1, iv, buf, 0, buf,
			       &len) == -ERANGE && len == 8,
	   "ncr_cbc_pad_encrypt: empty input still needs one block");
	len = sizeof(buf);
	ok(ncr_cbc_pad_encrypt(-1, NCR_ALG_AES_CTR, 1, iv, buf, 16, buf,
			       &len) == -EINVAL,
	   "ncr_cbc_pad_encrypt refuses non-CBC algorithms");
	len = sizeof(buf);
	ok(ncr_cbc_pad_decrypt(-1, NCR_ALG_AES_CBC, 1, iv, buf, 17, buf,
			       &len) == -EBADMSG &&
	   ncr_cbc_pad_decrypt(-1, NCR_ALG_AES_CBC, 1, iv, buf, 0, buf,
			       &len) == -EBADMSG,
	   "ncr_cbc_pad_decrypt rejects partial blocks as bad messages");
	len = 16;
	ok(ncr_digest(-1, NCR_ALG_SHA256, buf, 1, buf, &len) == -ERANGE &&
	   len == 32, "ncr_digest reports the digest size with -ERANGE");
	len = 0;
	ok(ncr_mac(-1, NCR_ALG_HMAC_SHA512, 1, buf, 1, buf, &len) == -ERANGE &&
	   len == 64, "ncr_mac with capacity 0 reports the full MAC size");
	len = 3;
	ok(ncr_mac(-1, NCR_ALG_CMAC_AES, 1, buf, 1, buf, &len) == -ERANGE &&
	   len == 16, "ncr_mac will not truncate a CMAC to 3 bytes");
	len = 7;
	ok(ncr_mac(-1, NCR_ALG_CMAC_AES, 1, buf, 1, buf, &len) == -ERANGE &&
	   len == 16, "ncr_mac will not truncate a CMAC below 8 bytes");
	len = 9;
	ok(ncr_mac(-1, NCR_ALG_HMAC_SHA256, 1, buf, 1, buf, &len) ==
	   -ERANGE && len == 32,
	   "ncr_mac will not truncate an HMAC below 10 bytes");
	ok(ncr_key_get_info(-1, 1, NULL) == -EINVAL,
	   "ncr_key_get_info needs an output");
	ok(ncr_session_free(-1, 1) == -EBADF,
	   "a closed ctx gives -EBADF");
}

/* ---- marshalling of the public-key calls, against the fake kernel ---- */

static void hook_pair(void *arg)
{
	struct ncr_key_generate_pair *g = arg;

	g->private_key = 7;
	g->public_key = 8;
}

static void hook_export_erange(void *arg)
{
	((struct ncr_key_export *)arg)->data_size = 300;
}

static void hook_import(void *arg)
{
	((struct ncr_key_import *)arg)->key = 11;
}

static void hook_derive(void *arg)
{
	((struct ncr_key_derive *)arg)->new_key = 12;
}

static void hook_init(void *arg)
{
	((struct ncr_session_init *)arg)->ses = 13;
}

static void hook_sign(void *arg)
{
	struct ncr_session_once *o = arg;

	memset((void *)(uintptr_t)o->tag, 0x5a, 71);
	o->tag_size = 71;
}

static void hook_sign_erange(void *arg)
{
	((struct ncr_session_once *)arg)->tag_size = 512;
}

static void hook_verify_ok(void *arg)
{
	((struct ncr_session_once *)arg)->result = NCR_VERIFY_OK;
}

static void hook_verify_bad(void *arg)
{
	((struct ncr_session_once *)arg)->result = NCR_VERIFY_FAILED;
}

static void hook_decrypt(void *arg)
{
	((struct ncr_session_once *)arg)->output_size = 32;
}

static void test_pk_marshalling(void)
{
	const struct ncr_key_generate_pair *g = (const void *)fake_arg;
	const struct ncr_key_import *im = (const void *)fake_arg;
	const struct ncr_key_export *ex = (const void *)fake_arg;
	const struct ncr_key_derive *d = (const void *)fake_arg;
	const struct ncr_session_init *si = (const void *)fake_arg;
	const struct ncr_session_once *o = (const void *)fake_arg;
	static const uint8_t e3[3] = { 1, 0, 1 }, label[5] = "label";
	struct ncr_pk_params pp = {
		.hash = NCR_ALG_SHA384, .mgf1_hash = NCR_ALG_SHA1,
		.salt_size = 20, .flags = NCR_PK_FLAG_DIGEST,
	};
	struct ncr_pk_params op = {
		.hash = NCR_ALG_SHA256, .label = label, .label_len = 5,
	};
	uint8_t buf[600], peer[65] = { 4 }, sig[512];
	uint32_t a = 0, b = 0;
	size_t len;
	int r;

	fake_reset(hook_pair, 0);
	r = ncr_key_generate_pair(FAKE_FD, NCR_KEY_TYPE_RSA, 3072, 0, e3, 3,
				  NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_SIGN,
				  NCR_KEY_USAGE_VERIFY, &a, &b);
	ok(r == 0 && fake_req == NCRIO_KEY_GENERATE_PAIR &&
	   g->size == sizeof(*g) && g->size == NCR_KEY_GENERATE_PAIR_SIZE_VER1 &&
	   g->type == NCR_KEY_TYPE_RSA && g->bits == 3072 && !g->q_bits &&
	   g->params == (uintptr_t)e3 && g->params_size == 3 &&
	   g->flags == NCR_KEY_FLAG_WRAPPABLE &&
	   g->usage == NCR_KEY_USAGE_SIGN &&
	   g->public_usage == NCR_KEY_USAGE_VERIFY && !g->label_size &&
	   !g->label && !g->algs && !g->public_algs &&
	   !g->__reserved && a == 7 && b == 8,
	   "ncr_key_generate_pair fills NCRIO_KEY_GENERATE_PAIR and returns "
	   "both handles");

	fake_reset(hook_import, 0);
	r = ncr_key_import_fmt(FAKE_FD, NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_RAW,
			       384, buf, 48, label, 2, 0, NCR_KEY_USAGE_SIGN,
			       &a);
	ok(r == 0 && fake_req == NCRIO_KEY_IMPORT &&
	   im->size == NCR_KEY_IMPORT_SIZE_VER2 &&
	   im->format == NCR_KEY_FORMAT_RAW && im->bits == 384 &&
	   im->data == (uintptr_t)buf && im->data_size == 48 &&
	   im->label == (uintptr_t)label && im->label_size == 2 &&
	   !im->algs && im->type == NCR_KEY_TYPE_EC && !im->__reserved &&
	   a == 11,
	   "ncr_key_import_fmt sends the version-2 structure with format, "
	   "bits, the label and the default algorithm set");

	fake_reset(hook_export_erange, ERANGE);
	len = 100;
	r = ncr_key_export_fmt(FAKE_FD, 5, NCR_KEY_FORMAT_SPKI, buf, &len);
	ok(r == -ERANGE && len == 300 && fake_req == NCRIO_KEY_EXPORT &&
	   ex->size == sizeof(*ex) && ex->format == NCR_KEY_FORMAT_SPKI &&
	   ex->key == 5 && ex->data_size == 100,
	   "ncr_key_export_fmt: -ERANGE with the size the kernel needs");

	fake_reset(hook_derive, 0);
	r = ncr_key_derive(FAKE_FD, NCR_ALG_ECDH, 3, peer, sizeof(peer),
			   NCR_KEY_TYPE_AES, NCR_KEY_FLAG_EXPORTABLE,
			   NCR_KEY_USAGE_ENCRYPT, &a);
	ok(r == 0 && fake_req == NCRIO_KEY_DERIVE && d->size == sizeof(*d) &&
	   d->size == NCR_KEY_DERIVE_SIZE_VER1 && !d->algs &&
	   !d->label_size && !d->__reserved &&
	   d->algorithm == NCR_ALG_ECDH && d->key == 3 &&
	   d->peer == (uintptr_t)peer && d->peer_size == 65 &&
	   d->type == NCR_KEY_TYPE_AES &&
	   d->flags == NCR_KEY_FLAG_EXPORTABLE &&
	   d->usage == NCR_KEY_USAGE_ENCRYPT && a == 12,
	   "ncr_key_derive fills NCRIO_KEY_DERIVE and returns the new key");

	fake_reset(hook_init, 0);
	r = ncr_pk_session_init(FAKE_FD, NCR_ALG_RSA_PSS, NCR_OP_VERIFY, 4,
				&pp, &a);
	ok(r == 0 && fake_req == NCRIO_SESSION_INIT &&
	   si->size == NCR_SESSION_INIT_SIZE_VER1 &&
	   si->algorithm == NCR_ALG_RSA_PSS && si->op == NCR_OP_VERIFY &&
	   si->key == 4 && si->hash == NCR_ALG_SHA384 &&
	   si->mgf1_hash == NCR_ALG_SHA1 && si->salt_size == 20 &&
	   si->pk_flags == NCR_PK_FLAG_DIGEST && !si->iv_size &&
	   !si->tag_size && !si->label_size && a == 13,
	   "ncr_pk_session_init sends the version-1 fields");

	fake_reset(hook_init, 0);
	r = ncr_pk_session_init(FAKE_FD, NCR_ALG_ED25519, NCR_OP_SIGN, 4, NULL,
				&a);
	ok(r == 0 && !si->hash && !si->mgf1_hash && !si->salt_size &&
	   !si->pk_flags && !si->label && !si->label_size,
	   "ncr_pk_session_init with NULL parameters sends zeros");

	fake_reset(hook_sign, 0);
	len = sizeof(sig);
	r = ncr_sign(FAKE_FD, NCR_ALG_ECDSA, 9, &pp, buf, 32, sig, &len);
	ok(r == 0 && fake_req == NCRIO_SESSION_ONCE &&
	   o->size == NCR_SESSION_ONCE_SIZE_VER2 && !o->mac_size &&
	   o->op == NCR_OP_SIGN &&
	   o->algorithm == NCR_ALG_ECDSA && o->key == 9 &&
	   o->input == (uintptr_t)buf && o->input_size == 32 &&
	   o->tag == (uintptr_t)sig && o->tag_size == sizeof(sig) &&
	   o->hash == NCR_ALG_SHA384 && o->pk_flags == NCR_PK_FLAG_DIGEST &&
	   !o->output_size && len == 71 && sig[70] == 0x5a,
	   "ncr_sign: one SESSION_ONCE, the signature length written back");

	fake_reset(hook_sign_erange, ERANGE);
	len = 16;
	r = ncr_sign(FAKE_FD, NCR_ALG_RSA_PKCS1, 9, &op, buf, 32, sig, &len);
	ok(r == -ERANGE && len == 512,
	   "ncr_sign: -ERANGE with the signature size needed");

	fake_reset(hook_verify_ok, 0);
	r = ncr_verify(FAKE_FD, NCR_ALG_ED25519, 9, NULL, buf, 32, sig, 64);
	ok(r == NCR_VERIFY_OK && o->op == NCR_OP_VERIFY &&
	   o->tag == (uintptr_t)sig && o->tag_size == 64 && !o->hash,
	   "ncr_verify: a good signature is NCR_VERIFY_OK");
	fake_reset(hook_verify_bad, 0);
	r = ncr_verify(FAKE_FD, NCR_ALG_ED25519, 9, NULL, buf, 32, sig, 64);
	ok(r == NCR_VERIFY_FAILED,
	   "ncr_verify: a bad signature is NCR_VERIFY_FAILED, not an error");
	fake_reset(NULL, EINVAL);
	r = ncr_verify(FAKE_FD, NCR_ALG_ED25519, 9, NULL, buf, 32, sig, 64);
	ok(r == -EINVAL, "ncr_verify: a refused call is -errno");

	fake_reset(hook_decrypt, 0);
	len = sizeof(buf);
	r = ncr_pk_decrypt(FAKE_FD, NCR_ALG_RSA_OAEP, 9, &op, sig, 256, buf,
			   &len);
	ok(r == 0 && o->op == NCR_OP_DECRYPT &&
	   o->algorithm == NCR_ALG_RSA_OAEP && o->input_size == 256 &&
	   o->output == (uintptr_t)buf && o->output_size == sizeof(buf) &&
	   o->label == (uintptr_t)label && o->label_size == 5 &&
	   o->hash == NCR_ALG_SHA256 && !o->tag_size && len == 32,
	   "ncr_pk_decrypt: label and hash passed, plaintext length back");
	fake_reset(NULL, EBADMSG);
	len = sizeof(buf);
	r = ncr_pk_encrypt(FAKE_FD, NCR_ALG_RSA_OAEP, 9, NULL, buf, 32, sig,
			   &len);
	ok(r == -EBADMSG && o->op == NCR_OP_ENCRYPT && len == sizeof(buf),
	   "ncr_pk_encrypt: an error leaves the output length alone");

	fake_reset(NULL, 0);
	ok(ncr_verify(FAKE_FD, NCR_ALG_ECDSA, 1, NULL, buf, 1, sig, 0) ==
	   NCR_VERIFY_FAILED && fake_calls == 0,
	   "an empty signature is refused without a system call");
	fake_reset(NULL, 0);
}


/* ---- ABI 3: key policies, restrict, trust, algorithm sets, MACs ---- */

static void hook_generate(void *arg)
{
	((struct ncr_key_generate *)arg)->key = 21;
}

static void hook_unwrap(void *arg)
{
	((struct ncr_key_wrap *)arg)->key = 22;
}

/* Every byte past the caller-visible size the fake kernel recorded is 0
 * (the structure was cleared before it was filled). */
static int tail_zero(size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (fake_arg[i])
			return 0;
	return 1;
}

static void test_policy_marshalling(void)
{
	const struct ncr_key_generate *g = (const void *)fake_arg;
	const struct ncr_key_import *im = (const void *)fake_arg;
	const struct ncr_key_wrap *w = (const void *)fake_arg;
	const struct ncr_key_derive *d = (const void *)fake_arg;
	const struct ncr_key_generate_pair *gp = (const void *)fake_arg;
	static const uint8_t label[NCR_KEY_LABEL_MAX + 1] =
		"0123456789abcdef0123456789abcdefX";
	static const uint8_t data[32] = { 1, 2, 3 };
	const uint64_t algs = NCR_KEY_ALG_AES_CBC | NCR_KEY_ALG_CMAC_AES;
	struct ncr_key_policy pol = {
		.flags = NCR_KEY_FLAG_WRAPPABLE | NCR_KEY_FLAG_STORABLE,
		.usage = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_SIGN,
		.algs = algs, .label = label, .label_len = 7,
	};
	struct ncr_key_policy pub_pol = {
		.flags = NCR_KEY_FLAG_HASHABLE,	/* ignored: always exportable */
		.usage = NCR_KEY_USAGE_VERIFY,
		.algs = NCR_KEY_ALG_ECDSA,
		.label = "other", .label_len = 5,	/* ignored */
	};
	uint32_t k = 0, k2 = 0;
	int r;

	/* generate */
	fake_reset(hook_generate, 0);
	r = ncr_key_generate_ex(FAKE_FD, NCR_KEY_TYPE_AES, 256, &pol, &k);
	ok(r == 0 && fake_calls == 1 && fake_req == NCRIO_KEY_GENERATE &&
	   g->size == sizeof(*g) && g->size == NCR_KEY_GENERATE_SIZE_VER1 &&
	   g->type == NCR_KEY_TYPE_AES && g->bits == 256 &&
	   g->flags == pol.flags && g->usage == pol.usage &&
	   g->algs == algs && g->label == (uintptr_t)label &&
	   g->label_size == 7 && !g->__reserved && k == 21,
	   "ncr_key_generate_ex sends flags, usage, algs and the label in "
	   "the version-1 structure");
	fake_reset(hook_generate, 0);
	k = 0;
	r = ncr_key_generate(FAKE_FD, NCR_KEY_TYPE_HMAC, 256,
			     NCR_KEY_FLAG_HASHABLE, NCR_KEY_USAGE_SIGN, &k);
	ok(r == 0 && g->size == NCR_KEY_GENERATE_SIZE_VER1 &&
	   g->flags == NCR_KEY_FLAG_HASHABLE &&
	   g->usage == NCR_KEY_USAGE_SIGN && !g->algs && !g->label &&
	   !g->label_size && k == 21,
	   "ncr_key_generate asks for the default set and no label");
	fake_reset(hook_generate, 0);
	r = ncr_key_generate_ex(FAKE_FD, NCR_KEY_TYPE_AES, 128, NULL, &k);
	ok(r == 0 && fake_calls == 1 && !g->flags && !g->usage && !g->algs &&
	   !g->label_size,
	   "ncr_key_generate_ex with a NULL policy asks for nothing (usage 0, "
	   "which the kernel refuses)");
	fake_reset(NULL, EINVAL);
	k = 99;
	r = ncr_key_generate_ex(FAKE_FD, NCR_KEY_TYPE_AES, 128, &pol, &k);
	ok(r == -EINVAL && k == 99,
	   "ncr_key_generate_ex: a refused call is -errno, handle untouched");

	/* the label length limit, at every creating call */
	{
		struct ncr_key_policy lp = pol;
		uint8_t out[64];
		int bad = 0, i;

		for (int len = NCR_KEY_LABEL_MAX; len <= NCR_KEY_LABEL_MAX + 1;
		     len++) {
			int want = len > NCR_KEY_LABEL_MAX ? -EINVAL : 0;

			lp.label_len = (size_t)len;
			for (i = 0; i < 5; i++) {
				fake_reset(NULL, 0);
				switch (i) {
				case 0:
					r = ncr_key_generate_ex(FAKE_FD,
						NCR_KEY_TYPE_AES, 128, &lp,
						&k);
					break;
				case 1:
					r = ncr_key_import_ex(FAKE_FD,
						NCR_KEY_TYPE_AES, 0, 0, data,
						16, &lp, &k);
					break;
				case 2:
					r = ncr_key_unwrap_ex(FAKE_FD,
						NCR_WALG_AES_RFC3394, 3, out,
						24, NCR_KEY_TYPE_AES, &lp, &k);
					break;
				case 3:
					r = ncr_key_derive_ex(FAKE_FD,
						NCR_ALG_X25519, 3, data, 32,
						NCR_KEY_TYPE_HMAC, &lp, &k);
					break;
				default:
					r = ncr_key_generate_pair_ex(FAKE_FD,
						NCR_KEY_TYPE_EC, 256, 0, NULL,
						0, &lp, NULL, &k, &k2);
					break;
				}
				if (r != want ||
				    fake_calls != (want ? 0 : 1)) {
					diag("call %d, label of %d bytes: %d, "
					     "%d system calls", i, len, r,
					     fake_calls);
					bad++;
				}
			}
		}
		ok(!bad, "generate/import/unwrap/derive/pair _ex: a %d-byte "
		   "label is sent, a %d-byte one is -EINVAL without a system "
		   "call", NCR_KEY_LABEL_MAX, NCR_KEY_LABEL_MAX + 1);
		lp.label = NULL;
		lp.label_len = 4;
		bad = 0;
		for (i = 0; i < 5; i++) {
			fake_reset(NULL, 0);
			r = i == 0 ? ncr_key_generate_ex(FAKE_FD,
					NCR_KEY_TYPE_AES, 128, &lp, &k) :
			    i == 1 ? ncr_key_import_ex(FAKE_FD,
					NCR_KEY_TYPE_AES, 0, 0, data, 16, &lp,
					&k) :
			    i == 2 ? ncr_key_unwrap_ex(FAKE_FD,
					NCR_WALG_AES_RFC3394, 3, out, 24,
					NCR_KEY_TYPE_AES, &lp, &k) :
			    i == 3 ? ncr_key_derive_ex(FAKE_FD,
					NCR_ALG_X25519, 3, data, 32,
					NCR_KEY_TYPE_HMAC, &lp, &k) :
				     ncr_key_generate_pair_ex(FAKE_FD,
					NCR_KEY_TYPE_EC, 256, 0, NULL, 0,
					&lp, NULL, &k, &k2);
			if (r != -EINVAL || fake_calls)
				bad++;
		}
		ok(!bad, "the _ex calls refuse a label length without a label "
		   "(-EINVAL, no system call)");
		fake_reset(NULL, 0);
		lp.label = label;
		lp.label_len = 0;
		r = ncr_key_generate_ex(FAKE_FD, NCR_KEY_TYPE_AES, 128, &lp,
					&k);
		ok(r == 0 && !g->label_size,
		   "an empty label is sent as label_size 0");
	}

	/* import */
	fake_reset(hook_import, 0);
	r = ncr_key_import_ex(FAKE_FD, NCR_KEY_TYPE_AES, NCR_KEY_FORMAT_RAW,
			      0, data, 32, &pol, &k);
	ok(r == 0 && fake_req == NCRIO_KEY_IMPORT &&
	   im->size == sizeof(*im) && im->size == NCR_KEY_IMPORT_SIZE_VER2 &&
	   im->type == NCR_KEY_TYPE_AES && im->format == NCR_KEY_FORMAT_RAW &&
	   !im->bits && im->data == (uintptr_t)data && im->data_size == 32 &&
	   im->flags == pol.flags && im->usage == pol.usage &&
	   im->algs == algs && im->label == (uintptr_t)label &&
	   im->label_size == 7 && !im->__reserved && k == 11,
	   "ncr_key_import_ex sends the whole policy in the version-2 "
	   "structure");
	fake_reset(hook_import, 0);
	r = ncr_key_import(FAKE_FD, NCR_KEY_TYPE_HMAC, data, 20, label, 3,
			   NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN, &k);
	ok(r == 0 && im->type == NCR_KEY_TYPE_HMAC && !im->format &&
	   im->data_size == 20 && im->label == (uintptr_t)label &&
	   im->label_size == 3 && !im->algs &&
	   im->flags == NCR_KEY_FLAG_EXPORTABLE,
	   "ncr_key_import: the old key ID arguments are the label; default "
	   "set");

	/* unwrap */
	fake_reset(hook_unwrap, 0);
	r = ncr_key_unwrap_ex(FAKE_FD, NCR_WALG_AES_RFC5649, 5, data, 24,
			      NCR_KEY_TYPE_AES, &pol, &k);
	ok(r == 0 && fake_req == NCRIO_KEY_UNWRAP &&
	   w->size == sizeof(*w) && w->size == NCR_KEY_WRAP_SIZE_VER1 &&
	   w->algorithm == NCR_WALG_AES_RFC5649 && w->wrapping_key == 5 &&
	   w->data == (uintptr_t)data && w->data_size == 24 &&
	   w->type == NCR_KEY_TYPE_AES && w->flags == pol.flags &&
	   w->usage == pol.usage && w->algs == algs &&
	   w->label == (uintptr_t)label && w->label_size == 7 &&
	   !w->key && !w->__reserved && k == 22,
	   "ncr_key_unwrap_ex sends the new key's policy in the version-1 "
	   "structure");
	fake_reset(hook_unwrap, 0);
	r = ncr_key_unwrap(FAKE_FD, NCR_WALG_AES_RFC3394, 5, data, 24,
			   NCR_KEY_TYPE_HMAC, 0, NCR_KEY_USAGE_VERIFY, label,
			   4, &k);
	ok(r == 0 && w->type == NCR_KEY_TYPE_HMAC && !w->flags &&
	   w->usage == NCR_KEY_USAGE_VERIFY && !w->algs &&
	   w->label == (uintptr_t)label && w->label_size == 4,
	   "ncr_key_unwrap: label passed, default set");

	/* wrap: the new-key fields stay 0 */
	fake_reset(NULL, 0);
	{
		uint8_t out[64];
		size_t len = sizeof(out);

		r = ncr_key_wrap(FAKE_FD, NCR_WALG_AES_RFC3394, 5, 6, out,
				 &len);
		ok(r == 0 && fake_req == NCRIO_KEY_WRAP &&
		   w->size == NCR_KEY_WRAP_SIZE_VER1 && !w->flags &&
		   !w->type && !w->usage && !w->label && !w->label_size &&
		   !w->algs && w->wrapping_key == 5 && w->key == 6 &&
		   w->data == (uintptr_t)out && w->data_size == 64,
		   "ncr_key_wrap leaves type, usage, label and algs 0");
	}

	/* derive */
	fake_reset(hook_derive, 0);
	r = ncr_key_derive_ex(FAKE_FD, NCR_ALG_ECDH, 3, data, 32,
			      NCR_KEY_TYPE_AES, &pol, &k);
	ok(r == 0 && fake_req == NCRIO_KEY_DERIVE &&
	   d->size == sizeof(*d) && d->size == NCR_KEY_DERIVE_SIZE_VER1 &&
	   d->algorithm == NCR_ALG_ECDH && d->key == 3 &&
	   d->peer == (uintptr_t)data && d->peer_size == 32 &&
	   d->type == NCR_KEY_TYPE_AES && d->flags == pol.flags &&
	   d->usage == pol.usage && d->algs == algs &&
	   d->label == (uintptr_t)label && d->label_size == 7 &&
	   !d->__reserved && k == 12,
	   "ncr_key_derive_ex sends the new key's policy in the version-1 "
	   "structure");

	/* pair */
	fake_reset(hook_pair, 0);
	r = ncr_key_generate_pair_ex(FAKE_FD, NCR_KEY_TYPE_EC, 384, 0, NULL, 0,
				     &pol, &pub_pol, &k, &k2);
	ok(r == 0 && fake_req == NCRIO_KEY_GENERATE_PAIR &&
	   gp->size == sizeof(*gp) &&
	   gp->size == NCR_KEY_GENERATE_PAIR_SIZE_VER1 &&
	   gp->type == NCR_KEY_TYPE_EC && gp->bits == 384 &&
	   gp->flags == pol.flags && gp->usage == pol.usage &&
	   gp->algs == algs && gp->public_usage == NCR_KEY_USAGE_VERIFY &&
	   gp->public_algs == NCR_KEY_ALG_ECDSA &&
	   gp->label == (uintptr_t)label && gp->label_size == 7 &&
	   !gp->params && !gp->params_size && !gp->__reserved &&
	   k == 7 && k2 == 8,
	   "ncr_key_generate_pair_ex: both policies, the private policy's "
	   "label, the public flags not sent");
	fake_reset(hook_pair, 0);
	r = ncr_key_generate_pair_ex(FAKE_FD, NCR_KEY_TYPE_ED25519, 0, 0, NULL,
				     0, &pol, NULL, &k, &k2);
	ok(r == 0 && !gp->public_usage && !gp->public_algs,
	   "ncr_key_generate_pair_ex: a NULL public policy means the "
	   "defaults");

	/* restrict */
	fake_reset(NULL, 0);
	r = ncr_key_restrict(FAKE_FD, 9, NCR_KEY_FLAG_EXPORTABLE,
			     NCR_KEY_USAGE_DECRYPT,
			     NCR_KEY_ALG_AES_ECB | NCR_KEY_ALG_RSA_PSS);
	{
		const struct ncr_key_restrict *rs = (const void *)fake_arg;

		ok(r == 0 && fake_calls == 1 && fake_req == NCRIO_KEY_RESTRICT &&
		   rs->size == sizeof(*rs) &&
		   rs->size == NCR_KEY_RESTRICT_SIZE_VER0 && rs->key == 9 &&
		   rs->clear_flags == NCR_KEY_FLAG_EXPORTABLE &&
		   rs->clear_usage == NCR_KEY_USAGE_DECRYPT &&
		   rs->clear_algs == (NCR_KEY_ALG_AES_ECB |
				      NCR_KEY_ALG_RSA_PSS) &&
		   tail_zero(sizeof(*rs), sizeof(fake_arg)),
		   "ncr_key_restrict fills NCRIO_KEY_RESTRICT (all 64 bits "
		   "of clear_algs)");
	}
	fake_reset(NULL, EINVAL);
	r = ncr_key_restrict(FAKE_FD, 9, 0, NCR_KEY_USAGE_ALL, 0);
	ok(r == -EINVAL, "ncr_key_restrict: the kernel's -EINVAL passed back");

	/* trust */
	fake_reset(NULL, 0);
	r = ncr_key_trust(FAKE_FD, 10);
	{
		const struct ncr_key_trust *t = (const void *)fake_arg;

		ok(r == 0 && fake_calls == 1 && fake_req == NCRIO_KEY_TRUST &&
		   t->size == sizeof(*t) && t->size == NCR_KEY_TRUST_SIZE_VER0 &&
		   t->key == 10 && !t->flags && !t->__reserved,
		   "ncr_key_trust fills NCRIO_KEY_TRUST (flags and reserved "
		   "0)");
	}
	fake_reset(NULL, EPERM);
	ok(ncr_key_trust(FAKE_FD, 10) == -EPERM,
	   "ncr_key_trust: -EPERM passed back");
	fake_reset(NULL, 0);
}

static const struct {
	const char *name;
	uint32_t alg;
	int walg;
	uint64_t bit;
} keyalgs[] = {
	{ "aes-ecb", NCR_ALG_AES_ECB, 0, NCR_KEY_ALG_AES_ECB },
	{ "aes-cbc", NCR_ALG_AES_CBC, 0, NCR_KEY_ALG_AES_CBC },
	{ "aes-ctr", NCR_ALG_AES_CTR, 0, NCR_KEY_ALG_AES_CTR },
	{ "aes-xts", NCR_ALG_AES_XTS, 0, NCR_KEY_ALG_AES_XTS },
	{ "des3-cbc", NCR_ALG_DES3_CBC, 0, NCR_KEY_ALG_DES3_CBC },
	{ "chacha20", NCR_ALG_CHACHA20, 0, NCR_KEY_ALG_CHACHA20 },
	{ "aes-gcm", NCR_ALG_AES_GCM, 0, NCR_KEY_ALG_AES_GCM },
	{ "aes-ccm", NCR_ALG_AES_CCM, 0, NCR_KEY_ALG_AES_CCM },
	{ "chacha20-poly1305", NCR_ALG_CHACHA20_POLY1305, 0,
	  NCR_KEY_ALG_CHACHA20_POLY1305 },
	{ "cmac-aes", NCR_ALG_CMAC_AES, 0, NCR_KEY_ALG_CMAC_AES },
	{ "aes-kw", NCR_WALG_AES_RFC3394, 1, NCR_KEY_ALG_AES_KW },
	{ "aes-kwp", NCR_WALG_AES_RFC5649, 1, NCR_KEY_ALG_AES_KWP },
	{ "hmac-sha1", NCR_ALG_HMAC_SHA1, 0, NCR_KEY_ALG_HMAC_SHA1 },
	{ "hmac-sha224", NCR_ALG_HMAC_SHA224, 0, NCR_KEY_ALG_HMAC_SHA224 },
	{ "hmac-sha256", NCR_ALG_HMAC_SHA256, 0, NCR_KEY_ALG_HMAC_SHA256 },
	{ "hmac-sha384", NCR_ALG_HMAC_SHA384, 0, NCR_KEY_ALG_HMAC_SHA384 },
	{ "hmac-sha512", NCR_ALG_HMAC_SHA512, 0, NCR_KEY_ALG_HMAC_SHA512 },
	{ "hmac-sha3-256", NCR_ALG_HMAC_SHA3_256, 0,
	  NCR_KEY_ALG_HMAC_SHA3_256 },
	{ "hmac-sha3-512", NCR_ALG_HMAC_SHA3_512, 0,
	  NCR_KEY_ALG_HMAC_SHA3_512 },
	{ "rsa-pkcs1", NCR_ALG_RSA_PKCS1, 0, NCR_KEY_ALG_RSA_PKCS1 },
	{ "rsa-pss", NCR_ALG_RSA_PSS, 0, NCR_KEY_ALG_RSA_PSS },
	{ "rsa-oaep", NCR_ALG_RSA_OAEP, 0, NCR_KEY_ALG_RSA_OAEP },
	{ "rsa-oaep-wrap", NCR_WALG_RSA_OAEP, 1, NCR_KEY_ALG_RSA_OAEP_WRAP },
	{ "dsa", NCR_ALG_DSA, 0, NCR_KEY_ALG_DSA },
	{ "ecdsa", NCR_ALG_ECDSA, 0, NCR_KEY_ALG_ECDSA },
	{ "ed25519", NCR_ALG_ED25519, 0, NCR_KEY_ALG_ED25519 },
	{ "ecdh", NCR_ALG_ECDH, 0, NCR_KEY_ALG_ECDH },
	{ "x25519", NCR_ALG_X25519, 0, NCR_KEY_ALG_X25519 },
	{ "dh", NCR_ALG_DH, 0, NCR_KEY_ALG_DH },
};

#define N_KEYALGS (sizeof(keyalgs) / sizeof(keyalgs[0]))

static void test_keyalgs(void)
{
	static const uint32_t keyless[] = {
		NCR_ALG_NONE, NCR_ALG_MD5, NCR_ALG_SHA1, NCR_ALG_SHA256,
		NCR_ALG_SHA3_512, 7, 56, 83, 0xffffffffu,
	};
	static const char *const bad_lists[] = {
		"", ",", ",aes-gcm", "aes-gcm,,aes-cbc", "aes", "aes-gcm,foo",
		"sha256", "md5", "aes-gcm ", " aes-gcm", "aes-gcm;aes-cbc",
		"aes-kw-", "hmac", "none",
	};
	uint64_t all = 0, set;
	char buf[1024], small[12];
	size_t n, need;
	int bad = 0;

	/* one bit per algorithm, the ones ncr.h names */
	for (size_t i = 0; i < N_KEYALGS; i++) {
		uint64_t b = keyalgs[i].walg ? ncr_walg_keybit(keyalgs[i].alg) :
					       ncr_alg_keybit(keyalgs[i].alg);

		if (b != keyalgs[i].bit || (all & b) ||
		    (keyalgs[i].walg && ncr_alg_keybit(keyalgs[i].alg) ==
					 keyalgs[i].bit) ||
		    (!keyalgs[i].walg && ncr_walg_keybit(keyalgs[i].alg) ==
					  keyalgs[i].bit)) {
			diag("%s: keybit %#llx, want %#llx", keyalgs[i].name,
			     (unsigned long long)b,
			     (unsigned long long)keyalgs[i].bit);
			bad++;
		}
		all |= keyalgs[i].bit;
	}
	ok(!bad && all == NCR_KEY_ALGS_ALL,
	   "ncr_alg_keybit/ncr_walg_keybit: one distinct NCR_KEY_ALG_* bit "
	   "per keyed algorithm, together NCR_KEY_ALGS_ALL");
	bad = 0;
	for (size_t i = 0; i < sizeof(keyless) / sizeof(keyless[0]); i++)
		if (ncr_alg_keybit(keyless[i]))
			bad++;
	ok(!bad && !ncr_walg_keybit(0) && !ncr_walg_keybit(4) &&
	   !ncr_walg_keybit(0xffffffffu),
	   "keyless and unknown algorithms have no key bit");

	/* each name alone, and its formatted form */
	bad = 0;
	for (size_t i = 0; i < N_KEYALGS; i++) {
		set = 0;
		if (ncr_keyalgs_parse(keyalgs[i].name, &set) ||
		    set != keyalgs[i].bit) {
			diag("parse %s: %#llx", keyalgs[i].name,
			     (unsigned long long)set);
			bad++;
		}
		n = ncr_keyalgs_format(keyalgs[i].bit, buf, sizeof(buf));
		if (n != strlen(keyalgs[i].name) ||
		    strcmp(buf, keyalgs[i].name)) {
			diag("format %#llx: \"%s\" (%zu)",
			     (unsigned long long)keyalgs[i].bit, buf, n);
			bad++;
		}
		/* the name of an NCR_ALG_* is the libncr algorithm name */
		if (!keyalgs[i].walg &&
		    strcmp(ncr_alg_name(keyalgs[i].alg) ?: "",
			   keyalgs[i].name))
			bad++;
	}
	ok(!bad, "ncr_keyalgs_parse/format: every algorithm name alone "
	   "(%zu), aes-kw, aes-kwp, rsa-oaep-wrap for the wrapping ones",
	   N_KEYALGS);

	/* round trips: the whole set, pairs, and pseudo-random subsets */
	bad = 0;
	{
		uint64_t x = 0x9e3779b97f4a7c15ULL;

		for (int i = 0; i < 2000; i++) {
			uint64_t s, back = 0;

			if (i == 0) {
				s = NCR_KEY_ALGS_ALL;
			} else if (i <= (int)(N_KEYALGS * N_KEYALGS)) {
				s = keyalgs[(i - 1) % N_KEYALGS].bit |
				    keyalgs[(i - 1) / N_KEYALGS %
					    N_KEYALGS].bit;
			} else {
				x ^= x >> 12;
				x ^= x << 25;
				x ^= x >> 27;
				s = (x * 0x2545F4914F6CDD1DULL) &
				    NCR_KEY_ALGS_ALL;
				if (!s)
					continue;
			}
			n = ncr_keyalgs_format(s, buf, sizeof(buf));
			if (n != strlen(buf) || ncr_keyalgs_parse(buf, &back) ||
			    back != s) {
				if (bad++ < 3)
					diag("round trip %#llx -> \"%s\" -> "
					     "%#llx", (unsigned long long)s,
					     buf, (unsigned long long)back);
			}
		}
	}
	ok(!bad, "ncr_keyalgs_format then ncr_keyalgs_parse gives the set "
	   "back (all, every pair, random subsets)");
	set = 0;
	ok(!ncr_keyalgs_parse("AES-GCM,Hmac-Sha256", &set) &&
	   set == (NCR_KEY_ALG_AES_GCM | NCR_KEY_ALG_HMAC_SHA256),
	   "ncr_keyalgs_parse: names are case-insensitive");
	set = 0;
	ok(!ncr_keyalgs_parse("aes-gcm,aes-gcm,aes-ctr", &set) &&
	   set == (NCR_KEY_ALG_AES_GCM | NCR_KEY_ALG_AES_CTR),
	   "ncr_keyalgs_parse: a repeated name is the same bit");
	ok(ncr_keyalgs_format(NCR_KEY_ALG_AES_KWP | NCR_KEY_ALG_AES_GCM, buf,
			      sizeof(buf)) == 15 &&
	   !strcmp(buf, "aes-gcm,aes-kwp"),
	   "ncr_keyalgs_format: comma-separated, no spaces (\"%s\")", buf);

	/* errors */
	bad = 0;
	for (size_t i = 0; i < sizeof(bad_lists) / sizeof(bad_lists[0]); i++) {
		set = 0x1234;
		if (ncr_keyalgs_parse(bad_lists[i], &set) != -EINVAL ||
		    set != 0x1234) {
			diag("\"%s\" accepted (%#llx)", bad_lists[i],
			     (unsigned long long)set);
			bad++;
		}
	}
	ok(!bad, "ncr_keyalgs_parse: empty lists, empty items, unknown or "
	   "keyless names are -EINVAL and leave *algs alone (%zu lists)",
	   sizeof(bad_lists) / sizeof(bad_lists[0]));
	set = 0;
	ok(ncr_keyalgs_parse(NULL, &set) == -EINVAL &&
	   ncr_keyalgs_parse("aes-gcm", NULL) == -EINVAL,
	   "ncr_keyalgs_parse: NULL arguments are -EINVAL");

	/* format: snprintf's contract */
	need = ncr_keyalgs_format(NCR_KEY_ALGS_ALL, buf, sizeof(buf));
	ok(need == strlen(buf) && need > 100 &&
	   ncr_keyalgs_format(NCR_KEY_ALGS_ALL, NULL, 0) == need,
	   "ncr_keyalgs_format returns the length it needs, also with no "
	   "buffer (%zu)", need);
	memset(small, 'x', sizeof(small));
	n = ncr_keyalgs_format(NCR_KEY_ALGS_ALL, small, sizeof(small));
	ok(n == need && small[sizeof(small) - 1] == 0 &&
	   !strncmp(small, buf, sizeof(small) - 1),
	   "ncr_keyalgs_format into 12 bytes: truncated, terminated, the "
	   "full length returned");
	memset(small, 'x', sizeof(small));
	ok(ncr_keyalgs_format(0, small, sizeof(small)) == 0 && small[0] == 0,
	   "ncr_keyalgs_format of the empty set is \"\"");
}

static uint8_t fake_mac[64];

static void hook_mac_sign(void *arg)
{
	struct ncr_session_once *o = arg;

	for (int i = 0; i < 64; i++)
		fake_mac[i] = (uint8_t)(0xa0 + i);
	memcpy((void *)(uintptr_t)o->tag, fake_mac, 32);
	o->tag_size = 32;
}

static void test_mac_marshalling(void)
{
	const struct ncr_session_once *o = (const void *)fake_arg;
	uint8_t msg[20] = { 1 }, mac[64], out[64];
	size_t len;
	int r;

	fake_reset(hook_verify_ok, 0);
	r = ncr_mac_verify_trunc(FAKE_FD, NCR_ALG_HMAC_SHA256, 4, 12, msg,
				 sizeof(msg), mac, 12);
	ok(r == NCR_VERIFY_OK && fake_calls == 1 &&
	   fake_req == NCRIO_SESSION_ONCE && o->size == sizeof(*o) &&
	   o->size == NCR_SESSION_ONCE_SIZE_VER2 && o->op == NCR_OP_VERIFY &&
	   o->algorithm == NCR_ALG_HMAC_SHA256 && o->key == 4 &&
	   o->mac_size == 12 && o->tag == (uintptr_t)mac &&
	   o->tag_size == 12 && o->input == (uintptr_t)msg &&
	   o->input_size == sizeof(msg) && !o->__reserved2 && !o->op_flags,
	   "ncr_mac_verify_trunc sends mac_size (the accepted length) and "
	   "the received length as tag_size");
	fake_reset(hook_verify_ok, 0);
	r = ncr_mac_verify_trunc(FAKE_FD, NCR_ALG_CMAC_AES, 4, 8, msg,
				 sizeof(msg), mac, 16);
	ok(r == NCR_VERIFY_OK && o->mac_size == 8 && o->tag_size == 16,
	   "ncr_mac_verify_trunc: mac_size and tag_size are sent as given, "
	   "the kernel decides (a 16-byte value for mac_size 8)");
	fake_reset(hook_verify_bad, 0);
	r = ncr_mac_verify_trunc(FAKE_FD, NCR_ALG_HMAC_SHA256, 4, 10, msg,
				 sizeof(msg), mac, 10);
	ok(r == NCR_VERIFY_FAILED,
	   "ncr_mac_verify_trunc: a failed verification is "
	   "NCR_VERIFY_FAILED");
	fake_reset(NULL, EINVAL);
	r = ncr_mac_verify_trunc(FAKE_FD, NCR_ALG_HMAC_SHA256, 4, 9, msg,
				 sizeof(msg), mac, 9);
	ok(r == -EINVAL && o->mac_size == 9,
	   "ncr_mac_verify_trunc: the kernel's -EINVAL (mac_size 9 for HMAC) "
	   "passed back");

	fake_reset(hook_verify_ok, 0);
	r = ncr_mac_verify(FAKE_FD, NCR_ALG_HMAC_SHA512, 4, msg, sizeof(msg),
			   mac, 64);
	ok(r == NCR_VERIFY_OK && fake_calls == 1 &&
	   o->size == NCR_SESSION_ONCE_SIZE_VER2 && o->op == NCR_OP_VERIFY &&
	   o->algorithm == NCR_ALG_HMAC_SHA512 && o->mac_size == 0 &&
	   o->tag_size == 64,
	   "ncr_mac_verify sends mac_size 0 (full length only)");
	fake_reset(hook_verify_bad, 0);
	r = ncr_mac_verify(FAKE_FD, NCR_ALG_HMAC_SHA256, 4, msg, sizeof(msg),
			   mac, 16);
	ok(r == NCR_VERIFY_FAILED && o->mac_size == 0 && o->tag_size == 16,
	   "ncr_mac_verify of a 16-byte value: mac_size 0, so the kernel's "
	   "full-length comparison fails it");

	/* ncr_mac: the full MAC from the kernel, truncation in the library */
	fake_reset(hook_mac_sign, 0);
	len = 12;
	memset(out, 0, sizeof(out));
	r = ncr_mac(FAKE_FD, NCR_ALG_HMAC_SHA256, 4, msg, sizeof(msg), out,
		    &len);
	ok(r == 0 && len == 12 && !memcmp(out, fake_mac, 12) && !out[12] &&
	   o->op == NCR_OP_SIGN && !o->mac_size && o->tag_size >= 32,
	   "ncr_mac truncated to 12 bytes: the first 12 bytes of the MAC, "
	   "mac_size 0 sent");
	fake_reset(hook_mac_sign, 0);
	len = sizeof(out);
	r = ncr_mac(FAKE_FD, NCR_ALG_HMAC_SHA256, 4, msg, sizeof(msg), out,
		    &len);
	ok(r == 0 && len == 32 && !memcmp(out, fake_mac, 32),
	   "ncr_mac with room: the full MAC");
	fake_reset(NULL, 0);
}

static void test_open(void)
{
	int fd;

	fd = ncr_open_device("/nonexistent/ncr-test-device");
	ok(fd == -ENODEV, "a missing device node is reported as -ENODEV");
	fd = ncr_open_device("/dev/null");
	if (fd >= 0) {
		struct ncr_info info;

		ok(ncr_get_info(fd, &info, NULL, NULL) == -ENOTTY,
		   "a non-ncr device answers -ENOTTY");
		ncr_close(fd);
	} else {
		ok(1, "# SKIP /dev/null not openable");
	}
}

int main(void)
{
	test_names();
	test_pk_names();
	test_props();
	test_strerror();
	test_ct_helpers();
	test_pkcs7();
	test_arg_checks();
	test_pk_arg_checks();
	test_pk_marshalling();
	test_policy_marshalling();
	test_keyalgs();
	test_mac_marshalling();
	test_open();
	printf("1..%d\n", test_no);
	return failures ? 1 : 0;
}
