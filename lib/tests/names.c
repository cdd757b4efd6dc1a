// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * names.c - libncr unit tests of the name tables: algorithm and key-type
 * names, static algorithm properties, error sentences, and the
 * algorithm-set names (ncr_keyalgs_parse/format, ncr_alg_keybit).
 */
#include <errno.h>
#include <string.h>

#include "unit.h"

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

void test_names(void)
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

void test_pk_names(void)
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

void test_props(void)
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
	   ncr_alg_props(250, &p) == -EINVAL,
	   "ncr_alg_props rejects unknown algorithms");
	ok(ncr_alg_props(NCR_ALG_SHA256, NULL) == 0,
	   "ncr_alg_props accepts a NULL output (existence check)");
}

void test_strerror(void)
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
	ok(!strncmp(ncr_strerror(-ENOKEY), "no storage master key is set",
		    28),
	   "ENOKEY: master key not set");
	ok(strstr(ncr_strerror(-EBADMSG), "authentication failed") != NULL,
	   "EBADMSG: authentication failed");
	ok(!strcmp(ncr_strerror(-ENOENT), "no such key or session handle"),
	   "ENOENT: no such handle");
	ok(!strncmp(ncr_strerror(-EEXIST), "master key already set", 22),
	   "EEXIST: master key already set");
	ok(strstr(ncr_strerror(-ENODEV), "module loaded") != NULL,
	   "ENODEV: is the module loaded?");
	ok(ncr_strerror(-12345) != NULL && ncr_strerror(0) != NULL,
	   "unknown errno and 0 still give a string");
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
	/* the HKDF bit covers every HKDF hash; named by the first */
	{ "hkdf", NCR_ALG_HKDF_SHA256, 0, NCR_KEY_ALG_HKDF },
	{ "kbkdf-hmac-sha256", NCR_ALG_KBKDF_HMAC_SHA256, 0,
	  NCR_KEY_ALG_KBKDF_HMAC },
	{ "kbkdf-cmac-aes", NCR_ALG_KBKDF_CMAC_AES, 0, NCR_KEY_ALG_KBKDF_CMAC },
};

#define N_KEYALGS (sizeof(keyalgs) / sizeof(keyalgs[0]))

void test_keyalgs(void)
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
		/* the name of an NCR_ALG_* is the libncr algorithm name
		 * (but "hkdf": one bit for the three HKDF hashes) */
		if (!keyalgs[i].walg && keyalgs[i].bit != NCR_KEY_ALG_HKDF &&
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
