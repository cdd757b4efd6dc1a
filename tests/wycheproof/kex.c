// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/wycheproof/kex.c - part of build/tests/wycheproof (see
 * tests/wycheproof/main.c): key agreement tests: ECDH on P-256 and P-384
 * (ecdh_test_schema_v1 with the peer's SPKI, ecdh_ecpoint_test_schema_v1
 * with its point) and X25519 (xdh_comp_schema_v1), and the ECDH key's set
 * check.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "wycheproof.h"

/*
 * ECDH: a private scalar imported to sign and derive.  With the set
 * {ecdh} ECDSA is refused (EPERM); with no set, EINVAL (two families);
 * with {ecdsa, ecdh} it signs.
 */
static void ecdh_set_check(uint32_t curve, const uint8_t *d, size_t dlen)
{
	static const uint8_t msg[] = "set";
	struct pkp p = { .hash = NCR_ALG_SHA256 };
	uint8_t sig[NCR_MAX_SIGNATURE];
	char bad[300] = "";
	uint32_t key;
	size_t n;
	int r;

	set_checked = 1;
	r = pk_import_ex(NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_RAW, curve, d, dlen,
			 0, NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DERIVE,
			 NCR_KEY_ALG_ECDH, &key);
	if (r) {
		CAT(bad, " import with {ecdh}: %s;", errname(r));
	} else {
		n = sizeof(sig);
		r = pk_sign(ncr_fd, NCR_ALG_ECDSA, key, &p, msg, sizeof(msg),
			    sig, &n);
		if (r != -EPERM)
			CAT(bad, " ecdsa sign: %s;", errname(r));
		key_del(ncr_fd, key);
	}
	r = pk_import_ex(NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_RAW, curve, d, dlen,
			 0, NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DERIVE, 0, &key);
	if (!r)
		key_del(ncr_fd, key);
	if (r != -EINVAL)
		CAT(bad, " import for sign|derive without a set: %s;",
		    errname(r));
	r = pk_import_ex(NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_RAW, curve, d, dlen,
			 0, NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DERIVE,
			 NCR_KEY_ALG_ECDSA | NCR_KEY_ALG_ECDH, &key);
	if (r) {
		CAT(bad, " import with {ecdsa, ecdh}: %s;", errname(r));
	} else {
		n = sizeof(sig);
		r = pk_sign(ncr_fd, NCR_ALG_ECDSA, key, &p, msg, sizeof(msg),
			    sig, &n);
		if (r)
			CAT(bad, " ecdsa sign with {ecdsa, ecdh}: %s;",
			    errname(r));
		key_del(ncr_fd, key);
	}
	tap_ok(!bad[0], "%s: a P-%u key to sign and derive with the set "
	       "{ecdh} refuses ECDSA (EPERM), without a set is refused "
	       "(EINVAL), with {ecdsa, ecdh} signs%s", cur_file, curve, bad);
}

/* Derive with our private key and peer into an exportable generic secret;
 * compare with shared. */
static enum verdict pk_derive_check(uint32_t alg, uint32_t priv,
				    const uint8_t *peer, size_t peer_len,
				    const struct tcase *tc, char *why,
				    size_t why_len)
{
	uint8_t secret[NCR_MAX_SECRET_BYTES];
	size_t slen = sizeof(secret);
	uint32_t nk;
	int r;

	r = pk_derive(ncr_fd, alg, priv, peer, peer_len, NCR_KEY_TYPE_HMAC,
		      NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN, &nk);
	if (r)
		return op_outcome_refused(tc, r, -EINVAL, 0, "derive", why,
					  why_len);
	r = secret_export(ncr_fd, nk, secret, &slen);
	key_del(ncr_fd, nk);
	if (r) {
		WHY("export of the derived key: %s", errname(r));
		return V_FAIL;
	}
	if (!is_valid(tc) && !is_acceptable(tc)) {
		WHY("derive with an invalid public key succeeded");
		return V_FAIL;
	}
	if (!tc->shared || slen != tc->shared_len ||
	    memcmp(secret, tc->shared, slen)) {
		WHY("shared secret differs (%zu bytes, want %zu)", slen,
		    tc->shared_len);
		return V_FAIL;
	}
	if (is_acceptable(tc))
		acc_accepted++;
	return V_PASS;
}

enum verdict pk_ecdh_test(struct pkgroup *gc, const struct tcase *tc,
			  char *why, size_t why_len)
{
	size_t flen = gc->curve / 8, plen;
	uint8_t d[48] = { 0 }, point[2 * 48 + 1];
	const uint8_t *pv = tc->priv;
	size_t pvl = tc->priv_len, point_len = sizeof(point);
	uint32_t priv, pub = 0;
	enum verdict v;
	int r, cached = 0;

	if (!tc->priv || !tc->pub) {
		WHY("malformed test: missing fields");
		return V_FAIL;
	}
	while (pvl > flen && !*pv) {
		pv++;
		pvl--;
	}
	if (pvl > flen) {
		WHY("private scalar of %zu bytes for a %zu-byte field",
		    tc->priv_len, flen);
		return V_FAIL;
	}
	memcpy(d + flen - pvl, pv, pvl);
	priv = 0;
	for (int i = 0; i < gc->nprivs; i++)
		if (!memcmp(gc->privs[i].d, d, flen))
			priv = gc->privs[i].key;
	if (!priv && !set_checked)
		ecdh_set_check(gc->curve, d, flen);
	if (!priv) {
		r = pk_import_ex(NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_RAW,
				 gc->curve, d, flen, 0, NCR_KEY_USAGE_DERIVE,
				 NCR_KEY_ALG_ECDH, &priv);
		if (r) {
			memset(d, 0, sizeof(d));
			WHY("import of the private scalar (RAW, P-%u): %s",
			    gc->curve, errname(r));
			return V_FAIL;
		}
		if (gc->nprivs < (int)ARRAY_SIZE(gc->privs)) {
			memcpy(gc->privs[gc->nprivs].d, d, flen);
			gc->privs[gc->nprivs++].key = priv;
			cached = 1;
		}
	} else {
		cached = 1;
	}
	memset(d, 0, sizeof(d));
	if (gc->kind == PK_ECDH_ASN) {
		/* the SPKI through the real import, then its point */
		r = pk_import_ex(NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_SPKI, 0,
				 tc->pub, tc->pub_len, 0, NCR_KEY_USAGE_DERIVE,
				 NCR_KEY_ALG_ECDH, &pub);
		if (r) {
			v = import_refused(tc, r, 0, NULL, "the public SPKI",
					   why, why_len);
			goto out;
		}
		r = pk_export(ncr_fd, pub, NCR_KEY_FORMAT_RAW_PUBLIC, point,
			      &point_len);
		if (r) {
			WHY("export RAW_PUBLIC of the imported SPKI: %s",
			    errname(r));
			v = V_FAIL;
			goto out;
		}
		plen = point_len;
		v = pk_derive_check(NCR_ALG_ECDH, priv, point, plen, tc, why,
				    why_len);
	} else {
		v = pk_derive_check(NCR_ALG_ECDH, priv, tc->pub, tc->pub_len,
				    tc, why, why_len);
	}
out:
	if (pub)
		key_del(ncr_fd, pub);
	if (!cached)
		key_del(ncr_fd, priv);
	return v;
}

enum verdict pk_xdh_test(const struct tcase *tc, char *why,
			 size_t why_len)
{
	enum verdict v;
	uint32_t priv;
	int r;

	if (!tc->priv || !tc->pub) {
		WHY("malformed test: missing fields");
		return V_FAIL;
	}
	r = pk_import_ex(NCR_KEY_TYPE_X25519, NCR_KEY_FORMAT_RAW, 0, tc->priv,
			 tc->priv_len, 0, NCR_KEY_USAGE_DERIVE,
			 NCR_KEY_ALG_X25519, &priv);
	if (r)
		return import_refused(tc, r, 0, NULL, "the private key", why,
				      why_len);
	v = pk_derive_check(NCR_ALG_X25519, priv, tc->pub, tc->pub_len, tc,
			    why, why_len);
	key_del(ncr_fd, priv);
	return v;
}
