// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/diff_openssl/sets.c - part of build/tests/diff_openssl (see
 * tests/diff_openssl/main.c): algorithm sets (ncr.h, ALGORITHM SETS): the
 * same key bytes under fixed and random sets, every algorithm of the set
 * against OpenSSL and every other refused with EPERM, NCRIO_KEY_RESTRICT,
 * key info, and the sets ncr.h forbids or gives by default.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "diff_openssl.h"

/* The keyed algorithms of each key type (cases[] has a label for each). */
static const uint32_t aes_algs[] = {
	NCR_ALG_AES_ECB, NCR_ALG_AES_CBC, NCR_ALG_AES_CTR, NCR_ALG_AES_XTS,
	NCR_ALG_AES_GCM, NCR_ALG_AES_CCM, NCR_ALG_CMAC_AES,
};
static const uint32_t hmac_algs[] = {
	NCR_ALG_HMAC_SHA1, NCR_ALG_HMAC_SHA224, NCR_ALG_HMAC_SHA256,
	NCR_ALG_HMAC_SHA384, NCR_ALG_HMAC_SHA512, NCR_ALG_HMAC_SHA3_256,
	NCR_ALG_HMAC_SHA3_512,
};
static const uint32_t chacha_algs[] = {
	NCR_ALG_CHACHA20, NCR_ALG_CHACHA20_POLY1305,
};
static const uint32_t des3_algs[] = { NCR_ALG_DES3_CBC };

static void set_str(uint64_t algs, char *buf, size_t len)
{
	if (ncr_keyalgs_format(algs, buf, len) >= len && len)
		buf[len - 1] = 0;
}

/*
 * One use of alg with the key of job j (key bytes j->key_bytes): once
 * and session both directions against OpenSSL (in set), or EPERM from
 * once and from session init (not in set).
 */
static void set_probe(struct tally *t, struct job *j, int in_set,
		      const char *set)
{
	uint8_t msg[48], want[48 + SLACK], got[48 + SLACK];
	uint8_t wtag[NCR_MAX_TAG], gtag[NCR_MAX_TAG];
	const int sign = is_mac(j);
	size_t len = sizeof(msg), n;
	uint32_t ses;
	int r;

	job_refresh(j);
	rng_fill(&rng, msg, len);
	if (!in_set) {
		r = ncr_once_run(j, 1, msg, len, got, gtag);
		check_verdict(t, j, r, -EPERM, set, len);
		r = ncr_session_init(fd, j->a->alg, sign ? NCR_OP_VERIFY :
				     NCR_OP_DECRYPT, j->key, j->iv, j->iv_len,
				     0, 0, &ses);
		if (!r)
			ncr_session_free(fd, ses);
		check_verdict(t, j, r, -EPERM, set, len);
		return;
	}
	if (ref_run(j, 1, msg, len, want, wtag)) {
		tally_fail(t, "%s under {%s}: OpenSSL reference failed",
			   j->c->label, set);
		return;
	}
	r = ncr_once_run(j, 1, msg, len, got, gtag);
	check(t, j, r, sign ? NULL : got, want, len, len,
	      sign || is_aead(j) ? gtag : NULL, wtag, set, len);
	r = ncr_sess_run(j, 1, msg, len, NULL, 0, 0, ~(size_t)0, 0, got, gtag,
			 &n);
	check(t, j, r, sign ? NULL : got, want, n, len,
	      sign || is_aead(j) ? gtag : NULL, wtag, set, len);
	if (sign) {
		r = ncr_verify_run(j, msg, len, wtag, j->tag_len, 1, 9);
		check_verdict(t, j, r, NCR_VERIFY_OK, set, len);
	} else {
		r = ncr_once_run(j, 0, want, len, got, wtag);
		check(t, j, r, got, msg, len, len, NULL, NULL, set, len);
	}
}

/*
 * The key bytes kb (klen) of type under the set algs, usage: every
 * algorithm of `algs` (the type's list) used once.  Then, if the set has
 * two or more, one is removed with NCRIO_KEY_RESTRICT: it is refused
 * from then on, the others still work.
 */
static void set_run(struct tally *t, uint32_t type, const uint8_t *kb,
		    size_t klen, uint64_t set, uint32_t usage,
		    const uint32_t *algs, size_t n_algs)
{
	struct ncr_key_policy pol = { .usage = usage, .algs = set };
	struct ncr_key_info info;
	char name[200];
	uint64_t gone = 0;
	uint32_t key;
	int r;

	set_str(set, name, sizeof(name));
	t->runs++;
	r = ncr_key_import_ex(fd, type, NCR_KEY_FORMAT_DEFAULT, 0, kb, klen,
			      &pol, &key);
	if (r) {
		tally_fail(t, "import of a %zu-byte key with {%s}: %s", klen,
			   name, errname(r));
		return;
	}
	r = ncr_key_get_info(fd, key, &info);
	if (r || info.algs != set)
		tally_fail(t, "key info of a key with {%s}: %s, algs 0x%llx",
			   name, errname(r), (unsigned long long)info.algs);
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < n_algs; i++) {
			struct job j;

			memset(&j, 0, sizeof(j));
			j.c = dcase_of(algs[i], klen);
			j.a = talg_get(algs[i]);
			j.key = key;
			memcpy(j.key_bytes, kb, klen);
			j.iv_len = j.a->iv;
			j.tag_len = j.a->tag;
			set_probe(t, &j, !!(set & talg_keybit(algs[i]) & ~gone),
				  name);
		}
		/* narrow the set by one algorithm, and run again */
		if (round || !(set & (set - 1)))
			break;
		gone = set & -set;
		r = ncr_key_restrict(fd, key, 0, 0, gone);
		t->runs++;
		if (r) {
			tally_fail(t, "restrict {%s} by 0x%llx: %s", name,
				   (unsigned long long)gone, errname(r));
			break;
		}
		r = ncr_key_get_info(fd, key, &info);
		if (r || info.algs != (set & ~gone))
			tally_fail(t, "key info after restrict of {%s}: %s, "
				   "algs 0x%llx", name, errname(r),
				   (unsigned long long)info.algs);
	}
	/* the set cannot become empty */
	r = ncr_key_restrict(fd, key, 0, 0, set);
	check_verdict(t, &(struct job){ .c = dcase_of(algs[0], klen),
					.a = talg_get(algs[0]) },
		      r, -EINVAL, "restrict of the whole set", klen);
	ncr_key_deinit(fd, key);
}

/* A random non-empty subset of the bits of mask. */
static uint64_t rand_subset(uint64_t mask)
{
	uint64_t s;

	do
		s = rng_u64(&rng) & mask;
	while (!s);
	return s;
}

void test_key_sets(void)
{
	const uint32_t aes_use = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT |
				 NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY;
	const uint64_t aes_nx = NCR_KEY_ALG_AES_ECB | NCR_KEY_ALG_AES_CBC |
				NCR_KEY_ALG_AES_CTR | NCR_KEY_ALG_AES_GCM |
				NCR_KEY_ALG_AES_CCM | NCR_KEY_ALG_CMAC_AES;
	static const uint64_t aes_fixed[] = {
		NCR_KEY_ALG_AES_GCM, NCR_KEY_ALG_AES_CBC, NCR_KEY_ALG_AES_CTR,
		NCR_KEY_ALG_AES_ECB, NCR_KEY_ALG_AES_CCM, NCR_KEY_ALG_CMAC_AES,
		NCR_KEY_ALG_AES_CBC | NCR_KEY_ALG_AES_CTR,
		NCR_KEY_ALG_AES_GCM | NCR_KEY_ALG_CMAC_AES,
		NCR_KEY_ALG_AES_ECB | NCR_KEY_ALG_AES_CBC |
		NCR_KEY_ALG_AES_CTR | NCR_KEY_ALG_AES_GCM |
		NCR_KEY_ALG_AES_CCM | NCR_KEY_ALG_CMAC_AES,
	};
	uint8_t kb[64];

	for (size_t klen = 16; klen <= 32; klen += 8) {
		struct tally t = { 0 };

		rng_fill(&rng, kb, klen);
		for (size_t i = 0; i < ARRAY_SIZE(aes_fixed) + 4; i++)
			set_run(&t, NCR_KEY_TYPE_AES, kb, klen,
				i < ARRAY_SIZE(aes_fixed) ? aes_fixed[i] :
				rand_subset(aes_nx), aes_use, aes_algs,
				ARRAY_SIZE(aes_algs));
		if (klen == 32)
			set_run(&t, NCR_KEY_TYPE_AES, kb, klen,
				NCR_KEY_ALG_AES_XTS, aes_use, aes_algs,
				ARRAY_SIZE(aes_algs));
		tally_report(&t, "AES-%zu keys under %zu algorithm sets (fixed "
			     "and random): the set's algorithms == OpenSSL, "
			     "the other AES algorithms EPERM, restrict removes "
			     "one%s", klen * 8, ARRAY_SIZE(aes_fixed) + 4 +
			     (klen == 32), klen == 32 ?
			     " (and a 32-byte XTS key is never AES-256)" : "");
	}
	{
		struct tally t = { 0 };

		rng_fill(&rng, kb, 64);
		set_run(&t, NCR_KEY_TYPE_AES, kb, 64, NCR_KEY_ALG_AES_XTS,
			NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
			aes_algs, ARRAY_SIZE(aes_algs));
		rng_fill(&rng, kb, 32);
		for (int i = 0; i < 6; i++)
			set_run(&t, NCR_KEY_TYPE_HMAC, kb, 32,
				i ? rand_subset(NCR_KEY_ALG_HMAC_ALL) :
				NCR_KEY_ALG_HMAC_ALL, NCR_KEY_USAGE_SIGN |
				NCR_KEY_USAGE_VERIFY, hmac_algs,
				ARRAY_SIZE(hmac_algs));
		for (int i = 1; i <= 3; i++)
			set_run(&t, NCR_KEY_TYPE_CHACHA20, kb, 32,
				(i & 1 ? NCR_KEY_ALG_CHACHA20 : 0) |
				(i & 2 ? NCR_KEY_ALG_CHACHA20_POLY1305 : 0),
				NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
				chacha_algs, ARRAY_SIZE(chacha_algs));
		rng_fill(&rng, kb, 24);
		set_run(&t, NCR_KEY_TYPE_DES3, kb, 24, NCR_KEY_ALG_DES3_CBC,
			NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
			des3_algs, ARRAY_SIZE(des3_algs));
		tally_report(&t, "AES-256-XTS (64-byte), HMAC (random subsets "
			     "of the 7), ChaCha20 and DES3 keys: the set's "
			     "algorithms == OpenSSL, the others EPERM");
	}
	{
		/* sets ncr.h forbids; default sets */
		static const struct {
			uint32_t type, usage;
			size_t klen;
			uint64_t algs;	/* 0: default */
			int err;
			uint64_t want;	/* the default set */
			const char *what;
		} v[] = {
			{ NCR_KEY_TYPE_AES, NCR_KEY_USAGE_ENCRYPT, 32,
			  NCR_KEY_ALG_AES_XTS | NCR_KEY_ALG_AES_CBC, -EINVAL, 0,
			  "AES-XTS with another mode" },
			{ NCR_KEY_TYPE_AES, NCR_KEY_USAGE_ENCRYPT, 16,
			  NCR_KEY_ALG_AES_XTS, -EINVAL, 0, "XTS, 16-byte key" },
			{ NCR_KEY_TYPE_AES, NCR_KEY_USAGE_ENCRYPT, 24,
			  NCR_KEY_ALG_AES_XTS, -EINVAL, 0, "XTS, 24-byte key" },
			{ NCR_KEY_TYPE_AES, NCR_KEY_USAGE_ENCRYPT, 64,
			  NCR_KEY_ALG_AES_CBC, -EINVAL, 0, "CBC, 64-byte key" },
			{ NCR_KEY_TYPE_AES, NCR_KEY_USAGE_ENCRYPT, 48,
			  NCR_KEY_ALG_AES_GCM, -EINVAL, 0, "GCM, 48-byte key" },
			{ NCR_KEY_TYPE_AES, NCR_KEY_USAGE_SIGN, 16,
			  NCR_KEY_ALG_HMAC_SHA256, -EINVAL, 0,
			  "AES key, an HMAC" },
			{ NCR_KEY_TYPE_HMAC, NCR_KEY_USAGE_SIGN, 32,
			  NCR_KEY_ALG_CMAC_AES, -EINVAL, 0, "HMAC key, CMAC" },
			{ NCR_KEY_TYPE_CHACHA20, NCR_KEY_USAGE_ENCRYPT, 32,
			  NCR_KEY_ALG_AES_CTR, -EINVAL, 0,
			  "ChaCha20 key, AES-CTR" },
			{ NCR_KEY_TYPE_AES, NCR_KEY_USAGE_ENCRYPT, 16,
			  1ULL << 60, -EINVAL, 0, "an unknown bit" },
			{ NCR_KEY_TYPE_AES, NCR_KEY_USAGE_ENCRYPT |
			  NCR_KEY_USAGE_SIGN, 16, 0, -EINVAL, 0,
			  "no set for AES encrypt|sign" },
			{ NCR_KEY_TYPE_AES, NCR_KEY_USAGE_DECRYPT |
			  NCR_KEY_USAGE_UNWRAP, 32, 0, -EINVAL, 0,
			  "no set for AES decrypt|unwrap" },
			{ NCR_KEY_TYPE_AES, NCR_KEY_USAGE_ENCRYPT |
			  NCR_KEY_USAGE_DECRYPT, 16, 0, 0,
			  NCR_KEY_ALG_AES_GCM, "AES encrypt|decrypt" },
			{ NCR_KEY_TYPE_AES, NCR_KEY_USAGE_SIGN |
			  NCR_KEY_USAGE_VERIFY, 24, 0, 0,
			  NCR_KEY_ALG_CMAC_AES, "AES sign|verify" },
			{ NCR_KEY_TYPE_AES, NCR_KEY_USAGE_WRAP |
			  NCR_KEY_USAGE_UNWRAP, 32, 0, 0,
			  NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_KWP,
			  "AES wrap|unwrap" },
			{ NCR_KEY_TYPE_AES, NCR_KEY_USAGE_ENCRYPT |
			  NCR_KEY_USAGE_DECRYPT, 64, 0, 0,
			  NCR_KEY_ALG_AES_XTS, "64-byte AES encrypt|decrypt" },
			{ NCR_KEY_TYPE_AES, NCR_KEY_USAGE_ENCRYPT, 48, 0, 0,
			  NCR_KEY_ALG_AES_XTS, "48-byte AES encrypt" },
			{ NCR_KEY_TYPE_DES3, NCR_KEY_USAGE_ENCRYPT, 24, 0, 0,
			  NCR_KEY_ALG_DES3_CBC, "DES3 encrypt" },
			{ NCR_KEY_TYPE_CHACHA20, NCR_KEY_USAGE_DECRYPT, 32, 0,
			  0, NCR_KEY_ALG_CHACHA20_POLY1305,
			  "ChaCha20 decrypt" },
			{ NCR_KEY_TYPE_HMAC, NCR_KEY_USAGE_SIGN |
			  NCR_KEY_USAGE_VERIFY, 20, 0, 0, NCR_KEY_ALG_HMAC_ALL,
			  "HMAC sign|verify" },
		};
		struct tally t = { 0 };

		rng_fill(&rng, kb, sizeof(kb));
		for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
			struct ncr_key_policy pol = {
				.usage = v[i].usage, .algs = v[i].algs,
			};
			struct ncr_key_info info;
			uint32_t key;
			int r;

			t.runs++;
			r = ncr_key_import_ex(fd, v[i].type,
					      NCR_KEY_FORMAT_DEFAULT, 0, kb,
					      v[i].klen, &pol, &key);
			if (r != v[i].err) {
				tally_fail(&t, "%s: import %s, want %s",
					   v[i].what, errname(r),
					   errname(v[i].err));
			} else if (!r && (ncr_key_get_info(fd, key, &info) ||
					  info.algs != v[i].want)) {
				tally_fail(&t, "%s: default set 0x%llx, want "
					   "0x%llx", v[i].what,
					   (unsigned long long)info.algs,
					   (unsigned long long)v[i].want);
			}
			if (!r)
				ncr_key_deinit(fd, key);
		}
		tally_report(&t, "sets ncr.h forbids are refused (EINVAL: XTS "
			     "with anything or on 16/24-byte keys, modes on "
			     "48/64-byte keys, another type's algorithm, no "
			     "set for two families); default sets as listed");
	}
}
