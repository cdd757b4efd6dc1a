// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dlog.c - build/tests/pk_interop: the discrete-log families: DSA
 * (2048, 256) with parameters generated in the kernel once, and DH
 * ffdhe2048 shared secrets, against OpenSSL.
 */
#define _GNU_SOURCE
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>

#include "pk_interop.h"

/* ------------------------------------------------------------------ DSA */

void test_dsa(void)
{
	const char *name = "DSA-2048/256 (kernel)";
	uint8_t params[NCR_MAX_PKEY_BYTES];
	size_t plen = sizeof(params);
	uint32_t kpriv, kpub, k2, k2p, ko;
	EVP_PKEY *opub = NULL, *oparams = NULL, *o = NULL;
	EVP_PKEY_CTX *pc = NULL;
	double t0 = now_s();
	int r;

	r = pk_genpair(fd, NCR_KEY_TYPE_DSA, 2048, 256, NULL, 0,
		       NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN |
		       NCR_KEY_USAGE_VERIFY, 0, &kpriv, &kpub);
	if (!tap_err(r, 0, "%s: parameter and key generation (%.1f s)", name,
		     now_s() - t0))
		return;
	opub = kexport_pub(kpub);
	tap_ok(opub && EVP_PKEY_is_a(opub, "DSA") &&
	       EVP_PKEY_get_bits(opub) == 2048,
	       "%s: SPKI export loads in OpenSSL as DSA-2048", name);
	if (!opub)
		goto out;
	export_eq(name, kpriv, opub, 0);
	{
		struct pkp p = { .hash = NCR_ALG_SHA256 };

		sig_k2o("DSA-2048/256 (kernel) SHA256 DER", NCR_ALG_DSA, kpriv,
			opub, &p, 0, 0, 0);
		p.pk_flags = NCR_PK_FLAG_SIG_RAW;
		sig_k2o("DSA-2048/256 (kernel) SHA256 raw r||s", NCR_ALG_DSA,
			kpriv, opub, &p, 0, 0, 32);
		p.pk_flags = 0;
		p.hash = NCR_ALG_SHA512;
		sig_k2o("DSA-2048/256 (kernel) SHA512 DER", NCR_ALG_DSA, kpriv,
			opub, &p, 0, 0, 0);
	}
	r = pk_export(fd, kpub, NCR_KEY_FORMAT_PARAMS, params, &plen);
	if (!tap_err(r, 0, "%s: PARAMS export (Dss-Parms)", name))
		goto out;
	{
		const unsigned char *pp = params;

		oparams = d2i_KeyParams(EVP_PKEY_DSA, NULL, &pp, (long)plen);
	}
	tap_ok(oparams && EVP_PKEY_parameters_eq(oparams, opub) == 1,
	       "%s: the exported Dss-Parms load in OpenSSL and are the "
	       "key's", name);
	/* a second kernel key for the same parameters (fast) */
	t0 = now_s();
	r = pk_genpair(fd, NCR_KEY_TYPE_DSA, 0, 0, params, plen, 0,
		       NCR_KEY_USAGE_SIGN, 0, &k2, &k2p);
	if (tap_err(r, 0, "%s: key generation for given parameters (%.2f s)",
		    name, now_s() - t0)) {
		EVP_PKEY *o2 = kexport_pub(k2p);
		struct pkp p = { .hash = NCR_ALG_SHA256 };

		tap_ok(o2 && EVP_PKEY_parameters_eq(o2, opub) == 1 &&
		       EVP_PKEY_eq(o2, opub) != 1,
		       "%s: the new key has the same parameters, another y",
		       name);
		if (o2)
			sig_k2o("DSA (given parameters) SHA256", NCR_ALG_DSA,
				k2, o2, &p, 0, 0, 0);
		EVP_PKEY_free(o2);
		key_del(fd, k2);
		key_del(fd, k2p);
	}
	/* an OpenSSL key for those parameters, imported as PKCS#8 */
	if (oparams) {
		pc = EVP_PKEY_CTX_new_from_pkey(NULL, oparams, NULL);
		if (pc && EVP_PKEY_keygen_init(pc) > 0)
			EVP_PKEY_keygen(pc, &o);
	}
	ko = o ? import_ossl("DSA-2048/256 (OpenSSL)", o, NCR_KEY_TYPE_DSA,
			     NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY, 0) : 0;
	if (ko) {
		struct pkp p = { .hash = NCR_ALG_SHA256 };

		sig_k2o("DSA-2048/256 (OpenSSL) SHA256", NCR_ALG_DSA, ko, o,
			&p, 0, 0, 0);
		sig_o2k("DSA-2048/256 (OpenSSL) SHA256", NCR_ALG_DSA, ko, o,
			&p, 0, 0, 32);
		{
			uint32_t kop = import_spki(NCR_KEY_TYPE_DSA, o,
						   NCR_KEY_USAGE_VERIFY, 0);

			tap_ok(kop != 0, "DSA-2048/256 (OpenSSL): its SPKI "
			       "imports as a public key");
			if (kop) {
				sig_o2k("DSA-2048/256 (OpenSSL) SHA256, "
					"public key object", NCR_ALG_DSA, kop,
					o, &p, 0, 0, 0);
				key_del(fd, kop);
			}
		}
		key_del(fd, ko);
	} else {
		tap_ok(0, "DSA-2048/256 (OpenSSL): a key for the kernel's "
		       "parameters");
	}
	/* the public key object verifies the kernel's signatures */
	{
		uint8_t m[40], s[NCR_MAX_SIGNATURE];
		size_t sl = sizeof(s);
		struct pkp p = { .hash = NCR_ALG_SHA256 };

		rng_fill(&rng, m, sizeof(m));
		r = pk_sign(fd, NCR_ALG_DSA, kpriv, &p, m, sizeof(m), s, &sl);
		r = r ? r : pk_verify(fd, NCR_ALG_DSA, kpub, &p, m, sizeof(m), s,
				      sl);
		tap_ok(r == NCR_VERIFY_OK, "%s: the public key object "
		       "verifies the private key's signature: %s", name,
		       vname(r));
	}
out:
	EVP_PKEY_CTX_free(pc);
	EVP_PKEY_free(o);
	EVP_PKEY_free(oparams);
	EVP_PKEY_free(opub);
	key_del(fd, kpriv);
	key_del(fd, kpub);
}

/* ------------------------------------------------------------------- DH */

/* An OpenSSL ffdhe2048 public key with value y (plen bytes). */
static EVP_PKEY *ffdhe_pub(const uint8_t *y, size_t ylen)
{
	OSSL_PARAM params[3];
	EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
	EVP_PKEY *k = NULL;
	uint8_t le[1024];
	char group[] = "ffdhe2048";

	if (!pc || ylen > sizeof(le))
		goto out;
	/* OSSL_PARAM unsigned integers are native-endian */
	for (size_t i = 0; i < ylen; i++)
		le[i] = y[ylen - 1 - i];
	params[0] = OSSL_PARAM_construct_utf8_string(
		OSSL_PKEY_PARAM_GROUP_NAME, group, 0);
	params[1] = OSSL_PARAM_construct_BN(OSSL_PKEY_PARAM_PUB_KEY, le,
					    ylen);
	params[2] = OSSL_PARAM_construct_end();
	if (EVP_PKEY_fromdata_init(pc) > 0)
		EVP_PKEY_fromdata(pc, &k, EVP_PKEY_PUBLIC_KEY, params);
out:
	EVP_PKEY_CTX_free(pc);
	return k;
}

void test_dh(void)
{
	const char *name = "DH ffdhe2048";
	uint32_t kpriv, kpub, k2, k2p;
	uint8_t y[256], oy[256], want[256], params[1024];
	size_t yl = sizeof(y), wl = sizeof(want), pl = sizeof(params);
	EVP_PKEY *o = NULL, *kp = NULL, *spki = NULL;
	BIGNUM *bn = NULL;
	int r;

	r = pk_genpair(fd, NCR_KEY_TYPE_DH, 2048, 0, NULL, 0, 0,
		       NCR_KEY_USAGE_DERIVE, 0, &kpriv, &kpub);
	if (!tap_err(r, 0, "%s (kernel): key pair generation", name))
		return;
	spki = kexport_pub(kpub);
	tap_ok(spki && (EVP_PKEY_is_a(spki, "DH") || EVP_PKEY_is_a(spki, "DHX")),
	       "%s (kernel): SPKI export loads in OpenSSL as DH", name);
	r = pk_export(fd, kpub, NCR_KEY_FORMAT_RAW_PUBLIC, y, &yl);
	tap_ok(!r && yl <= 256, "%s (kernel): RAW_PUBLIC export of y (%zu "
	       "bytes): %s", name, yl, errname(r));
	o = ossl_gen("DH", "ffdhe2048");
	kp = r ? NULL : ffdhe_pub(y, yl);
	if (!o || !kp || !EVP_PKEY_get_bn_param(o, OSSL_PKEY_PARAM_PUB_KEY,
						&bn) ||
	    BN_bn2binpad(bn, oy, 256) != 256 ||
	    ossl_derive(o, kp, 1, want, &wl)) {
		tap_ok(0, "%s: OpenSSL key and derive", name);
		goto out;
	}
	derive_cmp("DH ffdhe2048 (kernel x OpenSSL)", NCR_ALG_DH, kpriv, oy,
		   256, want, wl);
	/* a kernel key for the exported parameters agrees with the first */
	r = pk_export(fd, kpub, NCR_KEY_FORMAT_PARAMS, params, &pl);
	if (!tap_err(r, 0, "%s: PARAMS export", name))
		goto out;
	r = pk_genpair(fd, NCR_KEY_TYPE_DH, 0, 0, params, pl,
		       NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_DERIVE, 0, &k2,
		       &k2p);
	if (tap_err(r, 0, "%s: key pair for the exported parameters", name)) {
		uint8_t y2[256], s1[256], s2[256];
		size_t y2l = sizeof(y2), l1 = sizeof(s1), l2 = sizeof(s2);
		uint32_t n1 = 0, n2 = 0;
		int r1, r2;

		pk_export(fd, k2p, NCR_KEY_FORMAT_RAW_PUBLIC, y2, &y2l);
		r1 = pk_derive(fd, NCR_ALG_DH, kpriv, y2, y2l,
			       NCR_KEY_TYPE_HMAC, NCR_KEY_FLAG_EXPORTABLE,
			       NCR_KEY_USAGE_SIGN, &n1);
		r2 = pk_derive(fd, NCR_ALG_DH, k2, y, yl, NCR_KEY_TYPE_HMAC,
			       NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN,
			       &n2);
		if (!r1)
			r1 = secret_export(fd, n1, s1, &l1);
		if (!r2)
			r2 = secret_export(fd, n2, s2, &l2);
		tap_ok(!r1 && !r2 && l1 == 256 && l2 == 256 &&
		       !memcmp(s1, s2, 256), "%s: two kernel keys derive the "
		       "same 256-byte secret (%s, %s)", name, errname(r1),
		       errname(r2));
		if (n1)
			key_del(fd, n1);
		if (n2)
			key_del(fd, n2);
		key_del(fd, k2);
		key_del(fd, k2p);
	}
out:
	BN_free(bn);
	EVP_PKEY_free(o);
	EVP_PKEY_free(kp);
	EVP_PKEY_free(spki);
	key_del(fd, kpriv);
	key_del(fd, kpub);
}
