// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ec.c - build/tests/pk_interop: EC P-256 and P-384: ECDSA both ways in
 * DER and raw r||s, ECDH, PKCS#8 and SPKI, and the algorithm sets of
 * EC keys.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include <openssl/core_names.h>

#include "pk_interop.h"

/*
 * OpenSSL's EC key o (PKCS#8) with usage sign|derive under the sets
 * {ecdsa}, {ecdh}, {ecdsa, ecdh}: ECDSA signatures OpenSSL verifies and
 * ECDH secrets equal to OpenSSL's where the set has the algorithm, EPERM
 * where it does not; with no set the import is refused (EINVAL: two
 * families).
 */
static void ec_set_checks(const char *name, EVP_PKEY *o, const char *group,
			  uint32_t hash)
{
	static const uint64_t sets[] = {
		NCR_KEY_ALG_ECDSA, NCR_KEY_ALG_ECDH,
		NCR_KEY_ALG_ECDSA | NCR_KEY_ALG_ECDH,
	};
	const uint32_t usage = NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DERIVE;
	uint8_t der[NCR_MAX_PKEY_BYTES], want[64], pt[2 * 48 + 1];
	size_t len = sizeof(der), wl = sizeof(want), pl = 0;
	EVP_PKEY *peer = ossl_gen("EC", group);
	uint32_t k;
	int r;

	if (!peer || ossl_der(o, 1, der, &len) ||
	    ossl_derive(o, peer, 0, want, &wl) ||
	    !EVP_PKEY_get_octet_string_param(peer,
		OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, pt, sizeof(pt), &pl)) {
		tap_ok(0, "%s: OpenSSL key, peer and derive", name);
		EVP_PKEY_free(peer);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(sets); i++) {
		uint8_t m[40], sig[NCR_MAX_SIGNATURE], s[NCR_MAX_SECRET_BYTES];
		size_t sl = sizeof(sig), ssl = sizeof(s);
		struct pkp p = { .hash = hash };
		int in_sig = !!(sets[i] & NCR_KEY_ALG_ECDSA);
		int in_dh = !!(sets[i] & NCR_KEY_ALG_ECDH);
		int rs, rd, ok_s, ok_d;
		uint32_t nk = 0;
		char setname[64];

		algs_str(sets[i], setname, sizeof(setname));
		r = kimport(NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_PKCS8, 0, der, len,
			    0, usage, sets[i], &k);
		if (!tap_err(r, 0, "%s: import with usage sign|derive and the "
			     "set {%s}", name, setname))
			continue;
		rng_fill(&rng, m, sizeof(m));
		rs = pk_sign(fd, NCR_ALG_ECDSA, k, &p, m, sizeof(m), sig, &sl);
		ok_s = in_sig ? !rs && ossl_verify(o, hash, 0, 0, m, sizeof(m),
						   sig, sl) == 1 :
			rs == -EPERM;
		rd = pk_derive(fd, NCR_ALG_ECDH, k, pt, pl, NCR_KEY_TYPE_HMAC,
			       NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN,
			       &nk);
		if (!rd) {
			rd = secret_export(fd, nk, s, &ssl);
			key_del(fd, nk);
		}
		ok_d = in_dh ? !rd && ssl == wl && !memcmp(s, want, wl) :
			rd == -EPERM;
		tap_ok(ok_s && ok_d, "%s under {%s}: ECDSA %s (%s), ECDH %s "
		       "(%s)", name, setname, in_sig ? "verified by OpenSSL" :
		       "refused, EPERM", errname(rs), in_dh ?
		       "equal to OpenSSL's secret" : "refused, EPERM",
		       errname(rd));
		key_del(fd, k);
	}
	r = kimport(NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_PKCS8, 0, der, len, 0,
		    usage, 0, &k);
	if (!r)
		key_del(fd, k);
	tap_err(r, -EINVAL, "%s: import for sign|derive without a set", name);
	memset(der, 0, sizeof(der));
	EVP_PKEY_free(peer);
}

void test_ec(uint32_t bits)
{
	const char *group = bits == 256 ? "P-256" : "P-384";
	uint32_t hash = bits == 256 ? NCR_ALG_SHA256 : NCR_ALG_SHA384;
	size_t n = bits / 8;
	char name[64], what[160];
	uint32_t kpriv = 0, kpub = 0, ko, kop;
	EVP_PKEY *opub = NULL, *o = NULL, *okpub = NULL;
	int r;

	snprintf(name, sizeof(name), "EC %s (kernel)", group);
	/* ECDSA and ECDH: two families, both named */
	r = key_genpair(fd, NCR_KEY_TYPE_EC, bits, 0, NULL, 0,
			NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN |
			NCR_KEY_USAGE_VERIFY | NCR_KEY_USAGE_DERIVE, 0,
			NCR_KEY_ALG_ECDSA | NCR_KEY_ALG_ECDH, 0, NULL, 0,
			&kpriv, &kpub);
	if (!tap_err(r, 0, "%s: key pair generation (set {ecdsa, ecdh})",
		     name))
		return;
	opub = kexport_pub(kpub);
	tap_ok(opub && EVP_PKEY_is_a(opub, "EC") &&
	       EVP_PKEY_get_bits(opub) == (int)bits,
	       "%s: SPKI export loads in OpenSSL as %s", name, group);
	if (!opub)
		goto out;
	export_eq(name, kpriv, opub, 0);
	{
		uint8_t pt[2 * 48 + 1], opt[2 * 48 + 1];
		size_t pl = sizeof(pt), opl = 0;

		r = pk_export(fd, kpub, NCR_KEY_FORMAT_RAW_PUBLIC, pt, &pl);
		EVP_PKEY_get_octet_string_param(opub,
			OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, opt, sizeof(opt),
			&opl);
		tap_ok(!r && pl == 2 * n + 1 && pl == opl &&
		       !memcmp(pt, opt, pl), "%s: RAW_PUBLIC export is "
		       "OpenSSL's uncompressed point (%zu bytes)", name, pl);
	}
	{
		struct pkp p = { .hash = hash };

		snprintf(what, sizeof(what), "%s ECDSA %s DER", name,
			 md_name(hash));
		sig_k2o(what, NCR_ALG_ECDSA, kpriv, opub, &p, 0, 0, 0);
		p.pk_flags = NCR_PK_FLAG_SIG_RAW;
		snprintf(what, sizeof(what), "%s ECDSA %s raw r||s", name,
			 md_name(hash));
		sig_k2o(what, NCR_ALG_ECDSA, kpriv, opub, &p, 0, 0, n);
		p.pk_flags = NCR_PK_FLAG_DIGEST;
		snprintf(what, sizeof(what), "%s ECDSA %s over a digest", name,
			 md_name(hash));
		sig_k2o(what, NCR_ALG_ECDSA, kpriv, opub, &p, 0, 0, 0);
		p.pk_flags = 0;
		p.hash = NCR_ALG_SHA512;
		snprintf(what, sizeof(what), "%s ECDSA SHA512 DER", name);
		sig_k2o(what, NCR_ALG_ECDSA, kpriv, opub, &p, 0, 0, 0);
	}
	{
		/* two signatures of one message differ (hedged nonces) */
		uint8_t m[32], s1[NCR_MAX_SIGNATURE], s2[NCR_MAX_SIGNATURE];
		size_t l1 = sizeof(s1), l2 = sizeof(s2);
		struct pkp p = { .hash = hash };
		int r1, r2;

		rng_fill(&rng, m, sizeof(m));
		r1 = pk_sign(fd, NCR_ALG_ECDSA, kpriv, &p, m, 32, s1, &l1);
		r2 = pk_sign(fd, NCR_ALG_ECDSA, kpriv, &p, m, 32, s2, &l2);
		tap_ok(!r1 && !r2 && (l1 != l2 || memcmp(s1, s2, l1)),
		       "%s: two ECDSA signatures of one message differ "
		       "(hedged RFC 6979 nonces)", name);
	}

	/* an OpenSSL key, imported as PKCS#8 */
	o = ossl_gen("EC", group);
	snprintf(name, sizeof(name), "EC %s (OpenSSL)", group);
	ko = o ? import_ossl(name, o, NCR_KEY_TYPE_EC, NCR_KEY_USAGE_SIGN |
			     NCR_KEY_USAGE_VERIFY | NCR_KEY_USAGE_DERIVE,
			     NCR_KEY_ALG_ECDSA | NCR_KEY_ALG_ECDH) : 0;
	if (ko) {
		struct pkp p = { .hash = hash };

		snprintf(what, sizeof(what), "%s ECDSA %s", name,
			 md_name(hash));
		sig_k2o(what, NCR_ALG_ECDSA, ko, o, &p, 0, 0, 0);
		sig_o2k(what, NCR_ALG_ECDSA, ko, o, &p, 0, 0, n);
		kop = import_spki(NCR_KEY_TYPE_EC, o, NCR_KEY_USAGE_VERIFY, 0);
		tap_ok(kop != 0, "%s: OpenSSL's SPKI imports as a public key",
		       name);
		if (kop) {
			snprintf(what, sizeof(what), "%s ECDSA %s (public "
				 "key object)", name, md_name(hash));
			sig_o2k(what, NCR_ALG_ECDSA, kop, o, &p, 0, 0, n);
			key_del(fd, kop);
		}
		/* ECDH both ways: kernel key x OpenSSL key */
		{
			uint8_t want[64], opt[2 * 48 + 1];
			size_t wl = sizeof(want), opl = 0;

			snprintf(what, sizeof(what), "ECDH %s", group);
			if (ossl_derive(o, opub, 0, want, &wl) ||
			    !EVP_PKEY_get_octet_string_param(o,
				OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, opt,
				sizeof(opt), &opl)) {
				tap_ok(0, "%s: OpenSSL derive", what);
			} else {
				derive_cmp(what, NCR_ALG_ECDH, kpriv, opt, opl,
					   want, wl);
				/* the same peer compressed */
				uint8_t cpt[49];

				memcpy(cpt, opt, n + 1);
				cpt[0] = 2 | (opt[2 * n] & 1);
				snprintf(what, sizeof(what),
					 "ECDH %s, compressed peer", group);
				derive_cmp(what, NCR_ALG_ECDH, kpriv, cpt,
					   n + 1, want, wl);
				/* and the OpenSSL key imported in the kernel
				 * with the kernel key's point */
				uint8_t kpt[2 * 48 + 1];
				size_t kpl = sizeof(kpt);

				if (!pk_export(fd, kpub,
					       NCR_KEY_FORMAT_RAW_PUBLIC, kpt,
					       &kpl)) {
					snprintf(what, sizeof(what),
						 "ECDH %s, imported key", group);
					derive_cmp(what, NCR_ALG_ECDH, ko, kpt,
						   kpl, want, wl);
				}
			}
		}
		key_del(fd, ko);
		ec_set_checks(name, o, group, hash);
	}
	EVP_PKEY_free(okpub);
out:
	EVP_PKEY_free(o);
	EVP_PKEY_free(opub);
	key_del(fd, kpriv);
	key_del(fd, kpub);
}
