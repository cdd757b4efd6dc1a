// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * curve25519.c - build/tests/pk_interop: Ed25519 signatures and X25519
 * shared secrets against OpenSSL.
 */
#define _GNU_SOURCE
#include <string.h>

#include "pk_interop.h"

/* -------------------------------------------------------------- Ed25519 */

void test_ed25519(void)
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

void test_x25519(void)
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
