// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kdf - NCRIO_KEY_KDF (ncr.h): HKDF, PBKDF2 and the SP 800-108 counter
 * KDF into a new key object, through /dev/crypto with libncr's
 * ncr_key_kdf and raw ioctls.
 *
 *   build/tests/kdf
 *
 * Checks:
 *   - known answers: RFC 5869 test cases 1-3 (HKDF-SHA-256; case 3 with
 *     empty salt and info) and RFC 6070 (PBKDF2-HMAC-SHA1: 1, 2 and 4096
 *     iterations, the 25-byte output, "pass\0word"); its 16777216-
 *     iteration case is above NCR_PBKDF2_ITERATIONS_MAX: EINVAL;
 *   - every algorithm against OpenSSL 3's EVP_KDF ("HKDF", "PBKDF2",
 *     "KBKDF" in counter mode with HMAC-SHA256 or CMAC over AES-128/192/
 *     256-CBC, whose defaults use-l=1 and use-separator=1 are ncr's
 *     [i]_32 || Label || 0x00 || Context || [L]_32; OpenSSL's salt is the
 *     Label, its info the Context) on random inputs (NCR_TEST_SEED):
 *     source keys of 1..100 bytes (AES 16/24/32 for CMAC), salt, info and
 *     password of 0..100, HMAC-type outputs of 1..300 bytes and AES-128/
 *     192/256, DES3 and ChaCha20 keys; the largest sizes (1024-byte
 *     salt, info, password and output);
 *   - the new key: usage, flags, algorithm set and label as asked, never
 *     LOCAL; NCR_KEY_ATTR_ALWAYS_SENSITIVE kept from a source that has
 *     it when the new key is not exportable, and never for PBKDF2
 *     outputs; a non-exportable output cannot be exported (EPERM) but
 *     MACs with the derived bytes; HKDF of an HKDF output;
 *   - policy and arguments, each refused with its documented errno and
 *     nothing created: a source without DERIVE usage or without the
 *     algorithm in its set (EPERM); KBKDF keys that would do anything
 *     else (EINVAL at import) and do nothing else (EPERM); TRUSTED new
 *     keys (EPERM); iteration counts, inputs an algorithm does not take,
 *     sizes, output types and lengths, unknown algorithms and flags,
 *     public-key sources (EINVAL); bad pointers (EFAULT); a missing key
 *     (ENOENT);
 *   - ECDH then HKDF entirely in the kernel: both sides of a P-256
 *     agreement derive the same key from their non-exportable shared
 *     secrets, equal to OpenSSL's HKDF of an exportable copy;
 *   - a process killed (SIGKILL) in a PBKDF2 of NCR_PBKDF2_ITERATIONS_MAX
 *     iterations leaves no key, session or namespace behind;
 *   - no KDF in a default set: an HMAC key or an ECDH secret made with
 *     algs 0 is no HKDF or KBKDF source (EPERM);
 *   - at the end the live key count is back to where it was.
 * Every other source key names its set (HKDF, KBKDF_HMAC or
 * KBKDF_CMAC).  No check depends on timing.
 */
#define _GNU_SOURCE
#include "kdf.h"

int fd;

int main(void)
{
	struct live start, before, after;
	struct rng rng;
	int back;

	tap_init();
	fd = dev_open_or_skip_all(ncr_open);
	rng.s = test_seed();
	if (live_get(fd, &start)) {
		tap_ok(0, "NCRIO_INFO live counters");
		return tap_finish("kdf");
	}
	test_kat();
	test_diff(&rng);
	test_limits(&rng);
	test_new_key();
	test_always_sensitive();
	live_get(fd, &before);
	test_policy();
	test_args();
	live_get(fd, &after);
	tap_ok(after.keys == before.keys && after.sessions == before.sessions,
	       "the refused calls left no key behind (keys %llu -> %llu)",
	       (unsigned long long)before.keys,
	       (unsigned long long)after.keys);
	test_ecdh_hkdf();
	test_kill();
	back = !live_wait(fd, &start, &after);
	tap_ok(back, "live keys back to %llu at the end (now %llu)",
	       (unsigned long long)start.keys,
	       (unsigned long long)after.keys);
	ncr_close(fd);
	return tap_finish("kdf");
}
