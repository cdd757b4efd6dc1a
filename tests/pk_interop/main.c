// SPDX-License-Identifier: GPL-2.0-or-later
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
 *
 * Files (tests/pk_interop/): main.c this entry and the order of the
 * sections; ossl.c the OpenSSL side and kernel.c the kernel side of every
 * check, checks.c the checks all families share (pk_interop.h); rsa.c,
 * ec.c, curve25519.c (Ed25519, X25519), dlog.c (DSA, DH) the families;
 * cli.c the openssl command line; storage.c key IDs, labels, storage.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>

#include "pk_interop.h"

int fd;
struct rng rng;

int main(void)
{
	struct live before, after;
	double t0;

	tap_init();
	fd = dev_open_or_skip_all(dev_open);
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
