// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * security - the security properties of ncr keys (ABI 3): what a process
 * holding handles, but not the key bytes, must not be able to do.
 *
 *   build/tests/security [--master-key-hex HEX64]
 *
 * Run it as root with --master-key-hex first in a boot, then again as an
 * unprivileged user (tests/vm-suite.sh does both); the checks that need
 * CAP_SYS_ADMIN (trusted keys, master key set) run in the root pass, and
 * the unprivileged pass checks that the same calls are refused.
 *
 * Sections, in order:
 *   master key   as root with --master-key-hex: storage wrap/unwrap with no
 *                master key set give ENOKEY (skipped if one is already
 *                set), the set succeeds (EEXIST tolerated if an earlier
 *                run of this boot set it), a second set gives EEXIST.  As
 *                non-root: the set gives EPERM.
 *   exportability  export of a non-exportable key (generated or imported)
 *                is EPERM, also after a storage round trip; an EXPORTABLE
 *                key exports its bytes, also after a round trip.
 *   storage      NCR_KEY_FLAG_STORABLE is required for a storage wrap
 *                (EPERM without, even for an EXPORTABLE|WRAPPABLE|HASHABLE
 *                key, or after NCRIO_KEY_RESTRICT cleared it; WRAPPABLE is
 *                not needed); a round trip keeps flags, usage, algorithm
 *                set, attributes, key ID and label exactly (key info
 *                version 1 compared field by field before and after) for
 *                generated, imported, restricted and (root) TRUSTED keys;
 *                a restored key is no looser than the sealed one; a blob
 *                unwraps more than once, each time with the same key ID.
 *   namespaces   handles of one open() are ENOENT in another; fork, dup
 *                and SCM_RIGHTS share the namespace; the last close frees
 *                everything in it.
 *   usage        each NCR_KEY_USAGE_* bit is enforced (EPERM), with the
 *                algorithm in the key's set so that the usage alone
 *                refuses; the permitted direction works.
 *   algorithm sets  the default sets of ncr.h (AES ENCRYPT: GCM only,
 *                SIGN: CMAC, WRAP: KW|KWP, 48/64-byte AES: XTS, ChaCha20:
 *                ChaCha20-Poly1305, HMAC: every HMAC, DES3: DES3-CBC); a
 *                key used with an algorithm outside its set is EPERM even
 *                when the usage allows it: a GCM key through CTR/ECB/CBC/
 *                CCM, a CMAC key through ECB/CBC, a key-wrap key through
 *                ECB, a ChaCha20-Poly1305 key through plain ChaCha20;
 *                usages of two families without an explicit set, sets of
 *                another type, XTS mixed with others: EINVAL.
 *   restrict     NCRIO_KEY_RESTRICT makes a key stricter, never looser:
 *                EXPORTABLE cleared: export EPERM; WRAPPABLE cleared: wrap
 *                EPERM; HASHABLE cleared: key data EPERM; STORABLE
 *                cleared: storage wrap EPERM; a usage cleared: init and
 *                once EPERM; an algorithm cleared: EPERM; what is left
 *                keeps working; a session started before keeps running;
 *                emptying usage or set, unknown bits: EINVAL, key
 *                unchanged; another namespace's handle: ENOENT.
 *   key data     NCR_OP_FLAG_KEY_DATA needs NCR_KEY_FLAG_HASHABLE and 16
 *                bytes of material (EPERM); only digests but MD5 and HMACs
 *                (CMAC, MD5: EINVAL), never a public-key object (EINVAL);
 *                hashing a key equals hashing its bytes.
 *   key wrap     a key without WRAPPABLE is never wrapped (EPERM), not even
 *                when exportable; a wrappable, non-exportable key under an
 *                ordinary (generated or imported) wrapping key: EPERM; a
 *                wrappable, exportable one: wrapped; a wrapping key needs
 *                WRAP / UNWRAP usage (EPERM); an unwrapped key gets exactly
 *                the flags asked (no forced WRAPPABLE), but EXPORTABLE or
 *                HASHABLE under a non-exportable unwrapping key is EPERM
 *                with nothing created (no decryption oracle), and works
 *                under an exportable one; an unwrapped wrappable key cannot
 *                be laundered through an ordinary wrapping key (EPERM);
 *                handles of another namespace: ENOENT.
 *   trusted keys as root: a TRUSTED wrapping key (NCR_KEY_FLAG_TRUSTED at
 *                generate or unwrap, or NCRIO_KEY_TRUST) wraps a
 *                wrappable, non-exportable key, the unwrapped key has the
 *                same material, the rewrap is identical; WRAPPABLE is still
 *                needed; TRUSTED only for wrap-only keys that never were
 *                exportable (EXPORTABLE, HASHABLE, ENCRYPT usage, a non-wrap
 *                algorithm, a once-exportable key, an HMAC key: EINVAL);
 *                clearing TRUSTED takes the right away; keys whose
 *                material the caller may know are never trusted
 *                (NCRIO_KEY_TRUST: EINVAL): imported by an unprivileged
 *                process into a shared namespace, unwrapped under an
 *                ordinary key, derived.  The attributes say where the
 *                material has been: ALWAYS_SENSITIVE for generated keys,
 *                keys imported by root and keys unwrapped under a TRUSTED
 *                key only (never for imports by others, keys unwrapped
 *                under ordinary keys, derived or public keys).  As
 *                non-root: TRUSTED at generate, import, unwrap and key
 *                pair generation, and NCRIO_KEY_TRUST, give EPERM,
 *                nothing created.
 *   blob tamper  every byte of a blob flipped, every truncation, an
 *                appended byte: EBADMSG (EPROTONOSUPPORT for the version,
 *                EINVAL only for length 0); nothing created.
 *   deinit       a session keeps a deinit'ed key alive and completes
 *                correctly.
 *   public key   a private key without EXPORTABLE refuses PKCS8, PKCS1
 *                and RAW export (EPERM) but gives SPKI and RAW_PUBLIC;
 *                public key objects are exportable and storable; usage
 *                bits and key classes for sign, verify, encrypt, decrypt
 *                and derive (a public key never signs, decrypts or derives:
 *                EPERM); derived keys get exactly the flags and usage
 *                asked, but never TRUSTED (EPERM at derive, also for
 *                root; NCRIO_KEY_TRUST of a derived key: EINVAL); RSA-OAEP
 *                key wrap follows the key wrap rules (untrusted RSA public
 *                key: only exportable keys; as root a TRUSTED RSA public
 *                key wraps a non-exportable key; an unwrapped key is
 *                exportable only under an exportable private key); storage
 *                blobs of private keys need STORABLE, round-trip and the
 *                restored key signs verifiably; invalid ECDH/X25519/DH peer
 *                values give EINVAL with nothing created; a child SIGKILLed
 *                during DSA parameter or RSA-4096 generation is reaped
 *                within a second and leaves no key behind.
 *
 * Files (tests/security/): main.c this entry and the order of the
 * sections; util.c the helpers they share (security.h); storage.c master
 * key, exportability, storage, blob tamper; namespaces.c namespaces,
 * deinit; policy.c usage, algorithm sets, key data, restrict; wrap.c key
 * wrap, trusted keys; pk.c public key export, usage, wrap and storage;
 * pk_limits.c invalid peers and signals during generation.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "security.h"

int fd;
int is_root;
int master_set;

int main(int argc, char **argv)
{
	const char *hex = NULL;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--master-key-hex") && i + 1 < argc) {
			hex = argv[++i];
		} else {
			fprintf(stderr, "usage: security [--master-key-hex "
				"HEX64]\n");
			return 2;
		}
	}
	tap_init();
	fd = dev_open_or_skip_all(ncr_open);
	is_root = geteuid() == 0;
	tap_diag("running as uid %d", (int)geteuid());

	test_master(hex);
	test_exportable();
	test_storage();
	test_namespaces();
	test_usage();
	test_algsets();
	test_restrict();
	test_key_data();
	test_key_wrap();
	test_trusted();
	test_blob_tamper();
	test_deinit_in_session();
	test_pk_export();
	test_pk_usage();
	test_pk_wrap();
	test_pk_storage();
	test_pk_peers();
	test_pk_signal();

	ncr_close(fd);
	return tap_finish("security");
}
