// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_dsa_wycheproof.c - the Wycheproof DsaVerify files, read from
 * $NCR_WYCHEPROOF_DIR (default ../shared/vectors/wycheproof/testvectors_v1,
 * from the top of the tree), through ncr_dsa_verify; part of
 * build/tests/test_dsa_unit (its 64-bit build only).  TAP (test_tap_split.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/dsa.h>
#include "dlog/dsa.h"
#include "test_tap_split.h"
#include "test_dlog.h"

/* --- Wycheproof DsaVerify files (optional: skipped when not found) --- */
#ifndef DSA_TEST_SHORT
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) == (size_t)n) {
			buf[n] = 0;
			*len = (size_t)n;
		} else {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	return buf;
}

/* The string value of "key" at or after from (before end): hex into out. */
static const char *json_str(const char *from, const char *end, const char *key, char *out,
			    size_t max)
{
	char pat[32];
	const char *k, *v, *e;

	snprintf(pat, sizeof(pat), "\"%s\"", key);
	k = strstr(from, pat);
	if (!k || (end && k >= end))
		return NULL;
	v = strchr(k + strlen(pat), '"');
	if (!v)
		return NULL;
	e = strchr(v + 1, '"');
	if (!e || (size_t)(e - v - 1) >= max)
		return NULL;
	memcpy(out, v + 1, (size_t)(e - v - 1));
	out[e - v - 1] = 0;
	return e + 1;
}

/* Strict DER Dss-Sig-Value -> r||s of qlen bytes each; 0 if malformed. */
static int der_sig_raw(const u8 *der, size_t len, u8 *raw, size_t qlen)
{
	const u8 *p = der;
	DSA_SIG *ds = d2i_DSA_SIG(NULL, &p, (long)len);
	const BIGNUM *r, *s;
	u8 *re = NULL;
	int ok = 0, rl;

	if (!ds)
		return 0;
	rl = i2d_DSA_SIG(ds, &re);
	DSA_SIG_get0(ds, &r, &s);
	if (p == der + len && rl == (int)len && !memcmp(re, der, len) &&
	    (size_t)BN_num_bytes(r) <= qlen && (size_t)BN_num_bytes(s) <= qlen)
		ok = BN_bn2binpad(r, raw, (int)qlen) > 0 && BN_bn2binpad(s, raw + qlen, (int)qlen) > 0;
	OPENSSL_free(re);
	DSA_SIG_free(ds);
	return ok;
}

void test_wycheproof(const char *name)
{
	static char val[8192];
	static u8 msg[4096], der[4096];
	const char *dir = getenv("NCR_WYCHEPROOF_DIR");
	char path[512], md[16] = "";
	struct key k = { 0 };
	struct ncr_dl_parts d;
	u8 dig[64], raw[128];
	size_t len, dl, ml, sl, ql;
	const char *g, *gnext, *t, *tnext, *qs;
	char *js;
	int n = 0, bad = 0, acc = 0, r, valid, inval;

	snprintf(path, sizeof(path), "%s/%s",
		 dir ? dir : "../shared/vectors/wycheproof/testvectors_v1", name);
	js = slurp(path, &len);
	if (!js) {
		ok(1, "# SKIP %s not found", path);
		return;
	}
	for (g = strstr(js, "\"publicKey\""); g; g = gnext) {
		gnext = strstr(g + 1, "\"publicKey\"");
		/* "sha" precedes "publicKey" in the group */
		if (!json_str(g - 200 > js ? g - 200 : js, g, "sha", md, sizeof(md)))
			break;
		if (!json_str(g, gnext, "p", val, sizeof(val)))
			break;
		k.plen = hex2bin(val, k.p, sizeof(k.p));
		json_str(g, gnext, "q", val, sizeof(val));
		k.qlen = hex2bin(val, k.q, sizeof(k.q));
		json_str(g, gnext, "g", val, sizeof(val));
		k.glen = hex2bin(val, k.g, sizeof(k.g));
		json_str(g, gnext, "y", val, sizeof(val));
		k.ylen = hex2bin(val, k.y, sizeof(k.y));
		d = parts(&k);
		ncr_dl_bits(k.q, k.qlen, (const u8 **)&qs, &ql);
		for (t = strstr(g, "\"tcId\""); t && (!gnext || t < gnext); t = tnext) {
			tnext = strstr(t + 1, "\"tcId\"");
			if (!json_str(t, tnext, "msg", val, sizeof(val)))
				break;
			ml = hex2bin(val, msg, sizeof(msg));
			json_str(t, tnext, "sig", val, sizeof(val));
			sl = hex2bin(val, der, sizeof(der));
			json_str(t, tnext, "result", val, sizeof(val));
			valid = !strcmp(val, "valid");
			inval = !strcmp(val, "invalid");
			digest(!strcmp(md, "SHA-224") ? "SHA224" : !strcmp(md, "SHA-256") ? "SHA256" :
			       !strcmp(md, "SHA-1") ? "SHA1" : "SHA512", msg, ml, dig, &dl);
			r = der_sig_raw(der, sl, raw, ql) ?
				ncr_dsa_verify(&d, dig, dl, raw, 2 * ql, scratch) : -EBADMSG;
			n++;
			if ((valid && r) || (inval && !r)) {
				bad++;
				if (bad < 5)
					printf("# %s: a test with result %s got %d\n", name, val, r);
			}
			acc += !valid && !inval;
		}
	}
	ok(n > 0 && !bad, "Wycheproof %s: %d tests (%d acceptable), %d wrong", name, n, acc, bad);
	free(js);
}
#endif
