// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * newkey.c - what the new key is: usage, flags, set, label, and
 * NCR_KEY_ATTR_ALWAYS_SENSITIVE.
 */
#define _GNU_SOURCE
#include "kdf.h"

/* ------------------------------------------------------- the new key */

void test_new_key(void)
{
	static const uint8_t label[] = "kdf label \x00\xff";
	static const uint8_t ikm[32] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	static const uint8_t msg[] = "message";
	struct ncr_kdf_params p = {
		.salt = "salt", .salt_len = 4, .info = "info", .info_len = 4,
	};
	const struct kdfalg *hk = kdfalg_get(NCR_ALG_HKDF_SHA256);
	struct ncr_key_policy pol = {
		.flags = NCR_KEY_FLAG_WRAPPABLE | NCR_KEY_FLAG_STORABLE,
		.usage = NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DERIVE,
		.algs = NCR_KEY_ALG_HMAC_SHA256 | NCR_KEY_ALG_HKDF,
		.label = label, .label_len = sizeof(label) - 1,
	};
	uint8_t want[64], buf[64], mac[32], refmac[64], second[48];
	size_t n, ml = sizeof(mac), rl = sizeof(refmac);
	struct ncr_key_info info;
	uint32_t src, nk, nk2;
	int r;

	r = src_import(NCR_KEY_TYPE_HMAC, ikm, sizeof(ikm), 0,
		       NCR_KEY_USAGE_DERIVE, NCR_KEY_ALG_HKDF, &src);
	if (r) {
		tap_ok(0, "import of an HKDF source key: %s", errname(r));
		return;
	}
	if (ref_kdf(hk, ikm, sizeof(ikm), &p, want, 48)) {
		tap_ok(0, "OpenSSL's HKDF-SHA256");
		ncr_key_deinit(fd, src);
		return;
	}
	r = ncr_key_kdf(fd, NCR_ALG_HKDF_SHA256, src, &p, NCR_KEY_TYPE_HMAC,
			48, &pol, &nk);
	if (r) {
		tap_ok(0, "HKDF-SHA256 into a non-exportable HMAC key: %s",
		       errname(r));
		ncr_key_deinit(fd, src);
		return;
	}
	r = key_attrs(nk, &info);
	tap_ok(!r && info.type == NCR_KEY_TYPE_HMAC && info.bits == 48 * 8 &&
	       info.flags == pol.flags && info.usage == pol.usage &&
	       info.algs == pol.algs && info.label_size == pol.label_len &&
	       !memcmp(info.label, label, pol.label_len) &&
	       info.key_class == NCR_KEY_CLASS_SECRET &&
	       !(info.attrs & NCR_KEY_ATTR_LOCAL),
	       "the new key's type, bits, flags, usage, set and label are as "
	       "asked, and it is not LOCAL (%s; type %u bits %u flags 0x%x "
	       "usage 0x%x algs 0x%llx label %u B attrs 0x%x)", errname(r),
	       info.type, info.bits, info.flags, info.usage,
	       (unsigned long long)info.algs, info.label_size, info.attrs);
	n = sizeof(buf);
	tap_err(ncr_key_export(fd, nk, buf, &n), -EPERM,
		"a derived key made without EXPORTABLE cannot be exported");
	/* it holds the derived bytes: its HMAC is OpenSSL's under them */
	r = ncr_mac(fd, NCR_ALG_HMAC_SHA256, nk, msg, sizeof(msg), mac, &ml);
	tap_ok(!r && !ref_mac(NCR_ALG_HMAC_SHA256, want, 48, msg, sizeof(msg),
			      refmac, &rl) && ml == 32 && rl == 32 &&
	       !memcmp_diag("HMAC", mac, refmac, 32),
	       "the non-exportable derived key MACs as the reference's HKDF "
	       "output (%s)", errname(r));
	/* and it is a source in turn (DERIVE, HKDF in its set) */
	r = kdf_bytes(NCR_ALG_HKDF_SHA256, nk, &p, NCR_KEY_TYPE_HMAC, 48,
		      buf);
	tap_ok(!r && !ref_kdf(hk, want, 48, &p, second, 48) &&
	       !memcmp_diag("HKDF of HKDF", buf, second, 48),
	       "HKDF-SHA256 of an HKDF-SHA256 output, in the kernel, equals "
	       "OpenSSL's two steps (%s)", errname(r));
	ncr_key_deinit(fd, nk);
	/* an AES key with no set named gets the default: AES-GCM */
	pol = (struct ncr_key_policy){
		.usage = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
	};
	r = ncr_key_kdf(fd, NCR_ALG_HKDF_SHA256, src, &p, NCR_KEY_TYPE_AES,
			32, &pol, &nk2);
	if (!r) {
		r = key_attrs(nk2, &info);
		ncr_key_deinit(fd, nk2);
	}
	tap_ok(!r && info.type == NCR_KEY_TYPE_AES && info.bits == 256 &&
	       info.usage == pol.usage && info.algs == NCR_KEY_ALG_AES_GCM &&
	       info.flags == 0 && info.label_size == 0,
	       "an AES-256 key derived with algs 0 has the default set "
	       "{aes-gcm} and no label (%s; algs 0x%llx)", errname(r),
	       (unsigned long long)info.algs);
	ncr_key_deinit(fd, src);
}

/* --------------------------------------------------- ALWAYS_SENSITIVE */

/* Derives from src with alg (0 for PBKDF2) into a key with flags; its
 * attrs, or a negative errno. */
static long derived_attrs(uint32_t alg, uint32_t src, uint32_t flags)
{
	struct ncr_kdf_params p = {
		.salt = "s", .salt_len = 1, .password = "pw",
		.password_len = 2, .iterations = 1,
	};
	struct ncr_key_policy pol = {
		.flags = flags, .usage = NCR_KEY_USAGE_SIGN,
	};
	struct ncr_key_info info;
	uint32_t nk;
	int r;

	if (src) {
		p.password = NULL;
		p.password_len = 0;
		p.iterations = 0;
	}
	r = ncr_key_kdf(fd, alg, src, &p, NCR_KEY_TYPE_HMAC, 32, &pol, &nk);
	if (r)
		return r;
	r = key_attrs(nk, &info);
	ncr_key_deinit(fd, nk);
	return r ? r : (long)info.attrs;
}

static int has_as(long attrs)
{
	return attrs >= 0 && (attrs & NCR_KEY_ATTR_ALWAYS_SENSITIVE);
}

static const char *as_str(long attrs)
{
	return attrs < 0 ? errname((int)attrs) :
	       has_as(attrs) ? "ALWAYS_SENSITIVE" : "not ALWAYS_SENSITIVE";
}

void test_always_sensitive(void)
{
	static const uint8_t b[32] = { 9 };
	struct ncr_key_info info;
	uint32_t g, ga, gk, ie, in;
	long a1, a2, a3, a4, a5;
	int r;

	r = src_generate(NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_DERIVE,
			 NCR_KEY_ALG_HKDF, &g);
	if (!r)
		r = src_generate(NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_DERIVE,
				 NCR_KEY_ALG_KBKDF_CMAC, &ga);
	if (!r)
		r = src_generate(NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_DERIVE,
				 NCR_KEY_ALG_KBKDF_HMAC, &gk);
	if (r) {
		tap_ok(0, "generated source keys: %s", errname(r));
		return;
	}
	r = key_attrs(g, &info);
	tap_ok(!r && (info.attrs & NCR_KEY_ATTR_ALWAYS_SENSITIVE) &&
	       (info.attrs & NCR_KEY_ATTR_LOCAL),
	       "a generated HMAC key is LOCAL and ALWAYS_SENSITIVE (attrs "
	       "0x%x)", info.attrs);
	a1 = derived_attrs(NCR_ALG_HKDF_SHA256, g, 0);
	a2 = derived_attrs(NCR_ALG_KBKDF_CMAC_AES, ga, 0);
	a3 = derived_attrs(NCR_ALG_KBKDF_HMAC_SHA256, gk, 0);
	tap_ok(has_as(a1) && has_as(a2) && has_as(a3) &&
	       !(a1 & NCR_KEY_ATTR_LOCAL) && !(a2 & NCR_KEY_ATTR_LOCAL) &&
	       !(a3 & NCR_KEY_ATTR_LOCAL),
	       "a non-exportable key derived from a generated key keeps "
	       "ALWAYS_SENSITIVE, and is not LOCAL (HKDF %s, KBKDF-CMAC %s, "
	       "KBKDF-HMAC %s)", as_str(a1), as_str(a2), as_str(a3));
	a1 = derived_attrs(NCR_ALG_HKDF_SHA256, g, NCR_KEY_FLAG_EXPORTABLE);
	tap_ok(a1 >= 0 && !has_as(a1),
	       "an exportable key derived from a generated key is not "
	       "ALWAYS_SENSITIVE (%s)", as_str(a1));
	ncr_key_deinit(fd, g);
	ncr_key_deinit(fd, ga);
	ncr_key_deinit(fd, gk);

	/* imported: exportable (never ALWAYS_SENSITIVE), and not */
	r = src_import(NCR_KEY_TYPE_HMAC, b, sizeof(b),
		       NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_DERIVE,
		       NCR_KEY_ALG_HKDF, &ie);
	if (!r)
		r = src_import(NCR_KEY_TYPE_HMAC, b, sizeof(b), 0,
			       NCR_KEY_USAGE_DERIVE, NCR_KEY_ALG_HKDF, &in);
	if (r) {
		tap_ok(0, "imported source keys: %s", errname(r));
		return;
	}
	r = key_attrs(ie, &info);
	a1 = derived_attrs(NCR_ALG_HKDF_SHA256, ie, 0);
	tap_ok(!r && !(info.attrs & NCR_KEY_ATTR_ALWAYS_SENSITIVE) &&
	       a1 >= 0 && !has_as(a1),
	       "a non-exportable key derived from an imported exportable key "
	       "is not ALWAYS_SENSITIVE (%s)", as_str(a1));
	/* root's non-exportable import is ALWAYS_SENSITIVE, another's not:
	 * the derived key follows its source either way */
	r = key_attrs(in, &info);
	a2 = derived_attrs(NCR_ALG_HKDF_SHA256, in, 0);
	tap_ok(!r && a2 >= 0 &&
	       !!(info.attrs & NCR_KEY_ATTR_ALWAYS_SENSITIVE) == has_as(a2),
	       "a key derived from an imported non-exportable key is "
	       "ALWAYS_SENSITIVE exactly when its source is (source %s, "
	       "derived %s)", as_str(r ? r : (long)info.attrs), as_str(a2));
	ncr_key_deinit(fd, ie);
	ncr_key_deinit(fd, in);

	a4 = derived_attrs(NCR_ALG_PBKDF2_SHA256, 0, 0);
	a5 = derived_attrs(NCR_ALG_PBKDF2_SHA1, 0, 0);
	tap_ok(a4 >= 0 && a5 >= 0 && !has_as(a4) && !has_as(a5) &&
	       !(a4 & NCR_KEY_ATTR_LOCAL),
	       "a non-exportable PBKDF2 output is not ALWAYS_SENSITIVE nor "
	       "LOCAL (%s, %s)", as_str(a4), as_str(a5));
}
