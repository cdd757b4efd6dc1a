// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * diff_openssl - differential tests of ncr against OpenSSL libcrypto on
 * random inputs.
 *
 *   build/tests/diff_openssl [--quick]
 *
 * Every digest, MAC, cipher and AEAD in ncr.h, with several key sizes, on
 * message lengths 0, 1, 15, 16, 17, 63, 64, 65, 1000, 4095, 4096, 16383,
 * 16384, 16385 and 70000 (those valid for the mode), through:
 *   - the one-shot calls (NCRIO_SESSION_ONCE via ncr_digest, ncr_mac,
 *     ncr_cipher, ncr_aead_*), both directions / verify;
 *   - sessions: one update + empty final, and everything in the final;
 *   - every 2-way split of a short message across updates (and with the
 *     second part in the final), every 3-way split for a few algorithms,
 *     and split AAD;
 *   - truncated MACs and AEAD tags, every CCM nonce size, in-place updates;
 *     MACs truncated below ncr.h's minimum (HMAC 10 bytes, CMAC 8) are
 *     refused (EINVAL from session init and from NCRIO_SESSION_ONCE's
 *     mac_size, ERANGE from libncr's ncr_mac), and a verifier accepts
 *     only the length it was set up for (a truncated MAC under a
 *     full-length verifier, or one byte more or less, fails);
 *   - a 1 MiB message in one update and in one once call (the kernel
 *     walks it in NCR_COPY_BOUND chunks).
 * Every key is imported with the algorithm set of exactly the algorithm
 * it is used with (ncr.h, ALGORITHM SETS; the defaults would refuse CBC,
 * CTR, ECB, CCM, ChaCha20 and XTS with 32-byte keys).  Then, per key type
 * and size, the same key bytes under several sets (fixed ones and random
 * subsets): every algorithm of the set agrees with OpenSSL (once and
 * session), every other algorithm of the type is refused with EPERM (once
 * and session init), NCRIO_KEY_RESTRICT removes one algorithm and only
 * that one, key info reports the set; and the sets ncr.h forbids (XTS
 * with anything, XTS on 16/24-byte keys, other modes on 48/64-byte keys,
 * another type's algorithms, no set for a key of two families) are
 * refused with EINVAL, the default sets are the ones ncr.h lists.
 * Inputs come from a PRNG seeded from NCR_TEST_SEED (printed; set it to
 * reproduce a run).  --quick skips the 3-way splits and the 1 MiB runs.
 *
 * The files of tests/diff_openssl/: main.c the table of algorithms and
 * the loop over them; harness.c one computation run by OpenSSL and by
 * ncr, and the tallies; messages.c message lengths, splits, in-place
 * updates, 1 MiB; params.c MAC and tag lengths, CCM nonces, HMAC keys;
 * sets.c algorithm sets; diff_openssl.h what they share.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "diff_openssl.h"

int fd;
struct rng rng;

static const struct dcase cases[] = {
	{ NCR_ALG_MD5, 0, "md5" },
	{ NCR_ALG_SHA1, 0, "sha1" },
	{ NCR_ALG_SHA224, 0, "sha224" },
	{ NCR_ALG_SHA256, 0, "sha256" },
	{ NCR_ALG_SHA384, 0, "sha384" },
	{ NCR_ALG_SHA512, 0, "sha512" },
	{ NCR_ALG_SHA3_256, 0, "sha3-256" },
	{ NCR_ALG_SHA3_512, 0, "sha3-512" },
	{ NCR_ALG_HMAC_SHA1, 20, "hmac-sha1" },
	{ NCR_ALG_HMAC_SHA224, 28, "hmac-sha224" },
	{ NCR_ALG_HMAC_SHA256, 32, "hmac-sha256" },
	{ NCR_ALG_HMAC_SHA384, 48, "hmac-sha384" },
	{ NCR_ALG_HMAC_SHA512, 64, "hmac-sha512" },
	{ NCR_ALG_HMAC_SHA3_256, 32, "hmac-sha3-256" },
	{ NCR_ALG_HMAC_SHA3_512, 64, "hmac-sha3-512" },
	{ NCR_ALG_CMAC_AES, 16, "cmac-aes-128" },
	{ NCR_ALG_CMAC_AES, 24, "cmac-aes-192" },
	{ NCR_ALG_CMAC_AES, 32, "cmac-aes-256" },
	{ NCR_ALG_AES_ECB, 16, "aes-128-ecb" },
	{ NCR_ALG_AES_ECB, 24, "aes-192-ecb" },
	{ NCR_ALG_AES_ECB, 32, "aes-256-ecb" },
	{ NCR_ALG_AES_CBC, 16, "aes-128-cbc" },
	{ NCR_ALG_AES_CBC, 24, "aes-192-cbc" },
	{ NCR_ALG_AES_CBC, 32, "aes-256-cbc" },
	{ NCR_ALG_AES_CTR, 16, "aes-128-ctr" },
	{ NCR_ALG_AES_CTR, 24, "aes-192-ctr" },
	{ NCR_ALG_AES_CTR, 32, "aes-256-ctr" },
	{ NCR_ALG_AES_XTS, 32, "aes-128-xts" },
	{ NCR_ALG_AES_XTS, 64, "aes-256-xts" },
	{ NCR_ALG_DES3_CBC, 24, "des3-cbc" },
	{ NCR_ALG_CHACHA20, 32, "chacha20" },
	{ NCR_ALG_AES_GCM, 16, "aes-128-gcm" },
	{ NCR_ALG_AES_GCM, 24, "aes-192-gcm" },
	{ NCR_ALG_AES_GCM, 32, "aes-256-gcm" },
	{ NCR_ALG_AES_CCM, 16, "aes-128-ccm" },
	{ NCR_ALG_AES_CCM, 32, "aes-256-ccm" },
	{ NCR_ALG_CHACHA20_POLY1305, 32, "chacha20-poly1305" },
};

/* The dcase of alg at a key length (labels only matter for messages). */
const struct dcase *dcase_of(uint32_t alg, size_t klen)
{
	static struct dcase tmp;
	static char label[48];

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		if (cases[i].alg == alg && cases[i].key_len == klen)
			return &cases[i];
	snprintf(label, sizeof(label), "%s (%zu-byte key)", talg_name(alg),
		 klen);
	tmp = (struct dcase){ alg, klen, label };
	return &tmp;
}

/* The algorithms that get 3-way splits and 1 MiB runs. */
static int selected(const struct dcase *c)
{
	static const char *const names[] = {
		"sha256", "sha3-256", "hmac-sha256", "hmac-sha512",
		"cmac-aes-128", "aes-128-cbc", "aes-256-ctr", "aes-256-xts",
		"aes-128-ecb", "des3-cbc", "chacha20", "aes-128-gcm",
		"aes-256-ccm", "chacha20-poly1305",
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(names[i], c->label))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	int quick = argc > 1 && !strcmp(argv[1], "--quick");
	struct live before, after;

	tap_init();
	fd = dev_open_or_skip_all(ncr_open);
	rng.s = test_seed();
	live_get(fd, &before);

	for (size_t ci = 0; ci < ARRAY_SIZE(cases); ci++) {
		struct job j;

		if (job_init(&j, &cases[ci])) {
			tap_ok(0, "%s: key import", cases[ci].label);
			continue;
		}
		test_lengths(&j);
		test_splits(&j, !quick && selected(&cases[ci]));
		test_params(&j);
		if (j.a->alg == NCR_ALG_AES_CBC || j.a->alg == NCR_ALG_AES_CTR ||
		    j.a->alg == NCR_ALG_CHACHA20 || j.a->alg == NCR_ALG_DES3_CBC)
			test_in_place(&j);
		if (!quick && selected(&cases[ci]))
			test_big(&j);
		if (j.key)
			ncr_key_deinit(fd, j.key);
	}
	test_hmac_keys();
	test_key_sets();

	if (!live_get(fd, &after))
		tap_ok(after.keys == before.keys &&
		       after.sessions == before.sessions,
		       "no keys or sessions left behind (keys %llu -> %llu, "
		       "sessions %llu -> %llu)",
		       (unsigned long long)before.keys,
		       (unsigned long long)after.keys,
		       (unsigned long long)before.sessions,
		       (unsigned long long)after.sessions);
	ncr_close(fd);
	return tap_finish("diff_openssl");
}
