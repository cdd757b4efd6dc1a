// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/abi/wrap.c - part of build/tests/abi (see tests/abi/main.c): key
 * wrap and unwrap (NCRIO_KEY_WRAP, NCRIO_KEY_UNWRAP): the RFC 3394 and RFC
 * 5649 known answers, parameters, tampering, the new key's flags.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "abi.h"

/* ------------------------------------------------------------- key wrap */

int kwrap(uint32_t alg, uint32_t wk, uint32_t key, uint8_t *out,
	  uint32_t *len)
{
	struct ncr_key_wrap w = {
		.size = sizeof(w), .algorithm = alg, .wrapping_key = wk,
		.key = key, .data = PTR64(out), .data_size = *len };
	int r = call(NCRIO_KEY_WRAP, &w);

	if (!r || r == -ERANGE)
		*len = w.data_size;
	return r;
}

int kunwrap(uint32_t alg, uint32_t wk, const uint8_t *in,
	    uint32_t len, uint32_t type, uint32_t flags,
	    uint32_t usage, uint32_t *key)
{
	struct ncr_key_wrap w = {
		.size = sizeof(w), .flags = flags, .algorithm = alg,
		.wrapping_key = wk, .data = PTR64(in), .data_size = len,
		.type = type, .usage = usage };
	int r = call(NCRIO_KEY_UNWRAP, &w);

	if (!r)
		*key = w.key;
	return r;
}

/*
 * Wraps the known key data under the known KEK and compares; unwraps the
 * known answer (as an exportable key: the KEK is exportable too) and
 * compares the material.
 */
static void kat(const char *name, uint32_t alg, const uint8_t *kek,
		uint32_t kek_len, const uint8_t *data, uint32_t len,
		const uint8_t *want, uint32_t want_len)
{
	uint8_t out[64];
	uint32_t wk = 0, k = 0, k2 = 0, n = sizeof(out);
	int r;

	r = imp(NCR_KEY_TYPE_AES, kek, kek_len, NCR_KEY_FLAG_EXPORTABLE,
		NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP, &wk);
	r = r ? r : imp(NCR_KEY_TYPE_HMAC, data, len, NCR_KEY_FLAG_WRAPPABLE |
			NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN, &k);
	r = r ? r : kwrap(alg, wk, k, out, &n);
	report(!r && n == want_len && !memcmp(out, want, want_len),
	       "%s: key wrap gives the RFC's bytes (%s, %u bytes)", name,
	       errname(r), n);
	r = kunwrap(alg, wk, want, want_len, NCR_KEY_TYPE_HMAC,
		    NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN, &k2);
	if (!r) {
		uint8_t got[64];
		size_t gl = sizeof(got);

		r = secret_export(fd, k2, got, &gl);
		report(!r && gl == len && !memcmp(got, data, len),
		       "%s: key unwrap gives back the key data (%s, %zu "
		       "bytes)", name, errname(r), gl);
		kdel(k2);
	} else {
		report(0, "%s: key unwrap of the RFC's bytes: %s", name,
		       errname(r));
	}
	kdel(k);
	kdel(wk);
}

void test_keywrap_params(void)
{
	static const uint8_t kek128[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
					    11, 12, 13, 14, 15 };
	static const uint8_t data128[16] = {
		0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
		0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
	static const uint8_t rfc3394_41[24] = {
		0x1f, 0xa6, 0x8b, 0x0a, 0x81, 0x12, 0xb4, 0x47,
		0xae, 0xf3, 0x4b, 0xd8, 0xfb, 0x5a, 0x7b, 0x82,
		0x9d, 0x3e, 0x86, 0x23, 0x71, 0xd2, 0xcf, 0xe5 };
	static const uint8_t kek5649[24] = {
		0x58, 0x40, 0xdf, 0x6e, 0x29, 0xb0, 0x2a, 0xf1,
		0xab, 0x49, 0x3b, 0x70, 0x5b, 0xf1, 0x6e, 0xa1,
		0xae, 0x83, 0x38, 0xf4, 0xdc, 0xc1, 0x76, 0xa8 };
	static const uint8_t data5649[20] = {
		0xc3, 0x7b, 0x7e, 0x64, 0x92, 0x58, 0x43, 0x40,
		0xbe, 0xd1, 0x22, 0x07, 0x80, 0x89, 0x41, 0x15,
		0x50, 0x68, 0xf7, 0x38 };
	static const uint8_t rfc5649_20[32] = {
		0x13, 0x8b, 0xde, 0xaa, 0x9b, 0x8f, 0xa7, 0xfc,
		0x61, 0xf9, 0x77, 0x42, 0xe7, 0x22, 0x48, 0xee,
		0x5a, 0xe6, 0xae, 0x53, 0x60, 0xd1, 0xae, 0x6a,
		0x5f, 0x54, 0xf3, 0x73, 0xfa, 0x54, 0x3b, 0x6a };
	static const uint8_t data5649_7[7] = { 0x46, 0x6f, 0x72, 0x50, 0x61,
					       0x73, 0x69 };
	static const uint8_t rfc5649_7[16] = {
		0xaf, 0xbe, 0xb0, 0xf0, 0x7d, 0xfb, 0xf5, 0x41,
		0x92, 0x00, 0xf2, 0xcc, 0xb5, 0x0b, 0xb2, 0x4f };
	uint8_t out[NCR_WRAPPED_KEY_MAX + 16], t[64];
	uint32_t wk_hmac = 0, wk_xts = 0, wk_wrap = 0, wk_unwrap = 0;
	uint32_t k_nowrap = 0, k20 = 0, k8 = 0, k_noexp = 0, wk_kw = 0, k24 = 0;
	uint32_t k, n;
	struct live before;
	int r;

	kat("RFC 3394 4.1", NCR_WALG_AES_RFC3394, kek128, 16, data128, 16,
	    rfc3394_41, 24);
	kat("RFC 5649 6 (20 octets)", NCR_WALG_AES_RFC5649, kek5649, 24,
	    data5649, 20, rfc5649_20, 32);
	kat("RFC 5649 6 (7 octets)", NCR_WALG_AES_RFC5649, kek5649, 24,
	    data5649_7, 7, rfc5649_7, 16);

	/* the keys to wrap are EXPORTABLE: k_aes is not trusted */
	r = gen(NCR_KEY_TYPE_HMAC, 256, 0, NCR_KEY_USAGE_ALL, &wk_hmac);
	r = r ?: gen(NCR_KEY_TYPE_AES, 512, 0, NCR_KEY_USAGE_ALL, &wk_xts);
	r = r ?: genx(NCR_KEY_TYPE_AES, 256, 0, NCR_KEY_USAGE_ALL &
		      ~NCR_KEY_USAGE_UNWRAP, AES_ALGS, &wk_wrap);
	r = r ?: genx(NCR_KEY_TYPE_AES, 256, 0, NCR_KEY_USAGE_ALL &
		      ~NCR_KEY_USAGE_WRAP, AES_ALGS, &wk_unwrap);
	r = r ?: genx(NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_EXPORTABLE |
		      NCR_KEY_FLAG_HASHABLE, NCR_KEY_USAGE_ALL, AES_ALGS,
		      &k_nowrap);
	r = r ?: imp(NCR_KEY_TYPE_HMAC, buf_in, 20, NCR_KEY_FLAG_WRAPPABLE |
		     NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN, &k20);
	r = r ?: imp(NCR_KEY_TYPE_HMAC, buf_in, 8, NCR_KEY_FLAG_WRAPPABLE |
		     NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN, &k8);
	r = r ?: imp(NCR_KEY_TYPE_HMAC, buf_in, 24, NCR_KEY_FLAG_WRAPPABLE,
		     NCR_KEY_USAGE_SIGN, &k_noexp);
	r = r ?: imp(NCR_KEY_TYPE_HMAC, buf_in, 24, NCR_KEY_FLAG_WRAPPABLE |
		     NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN, &k24);
	r = r ?: genx(NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_WRAP |
		      NCR_KEY_USAGE_UNWRAP, NCR_KEY_ALG_AES_KW, &wk_kw);
	report_err(r, 0, "the keys of the key wrap parameter checks");

	/* wrap */
	{
		const struct {
			uint32_t *wk, *key, alg;
			int want;
			const char *what;
		} cases[] = {
			{ &k_aes, &k20, 0, -EINVAL, "algorithm 0" },
			{ &k_aes, &k20, 3, -EINVAL, "algorithm 3" },
			{ &k_aes, &k20, 0xffffffffu, -EINVAL,
			  "algorithm 0xffffffff" },
			{ &wk_hmac, &k20, NCR_WALG_AES_RFC5649, -EINVAL,
			  "under an HMAC key with WRAP usage [or EPERM]" },
			{ &wk_xts, &k20, NCR_WALG_AES_RFC5649, -EINVAL,
			  "under a 512-bit (XTS) AES key [or EPERM]" },
			{ &wk_unwrap, &k20, NCR_WALG_AES_RFC5649, -EPERM,
			  "under an AES key without WRAP usage" },
			{ &k_aes, &k_nowrap, NCR_WALG_AES_RFC5649, -EPERM,
			  "of a key without WRAPPABLE" },
			{ &k_aes, &k_noexp, NCR_WALG_AES_RFC5649, -EPERM,
			  "of a WRAPPABLE key that is not EXPORTABLE under an "
			  "untrusted key" },
			{ &k_aes, &k_noexp, NCR_WALG_AES_RFC3394, -EPERM,
			  "(RFC 3394) of a WRAPPABLE key that is not "
			  "EXPORTABLE under an untrusted key" },
			{ &wk_kw, &k20, NCR_WALG_AES_RFC5649, -EPERM,
			  "RFC 5649 under a key whose set is AES_KW only" },
			{ &wk_kw, &k8, NCR_WALG_AES_RFC3394, -EINVAL,
			  "RFC 3394 of an 8-byte key under an AES_KW key" },
			{ &wk_kw, &k24, NCR_WALG_AES_RFC3394, 0,
			  "RFC 3394 of a 24-byte key under an AES_KW key" },
			{ &k_aes, &k20, NCR_WALG_AES_RFC3394, -EINVAL,
			  "RFC 3394 of a 20-byte key" },
			{ &k_aes, &k8, NCR_WALG_AES_RFC3394, -EINVAL,
			  "RFC 3394 of an 8-byte key" },
			{ &k_aes, &k20, NCR_WALG_AES_RFC5649, 0,
			  "RFC 5649 of a 20-byte key" },
			{ &k_aes, &k8, NCR_WALG_AES_RFC5649, 0,
			  "RFC 5649 of an 8-byte key" },
		};

		for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
			char nm[200];

			before = live_now();
			n = sizeof(out);
			r = kwrap(cases[i].alg, *cases[i].wk, *cases[i].key,
				  out, &n);
			snprintf(nm, sizeof(nm), "key wrap %s", cases[i].what);
			/* a wrapping key of the wrong type or length never
			 * has the algorithm in its set: either check may
			 * come first */
			expect2(r, cases[i].want, strstr(cases[i].what,
				"or EPERM") ? -EPERM : cases[i].want, &before,
				nm);
		}
		n = sizeof(out);
		r = kwrap(NCR_WALG_AES_RFC5649, k_aes, k8, out, &n);
		report(!r && n == 16, "RFC 5649 of 8 bytes is 16 bytes (%u)", n);
	}

	/* unwrap: parameters refused before anything is unwrapped */
	n = sizeof(out);
	r = kwrap(NCR_WALG_AES_RFC5649, k_aes, k20, out, &n);
	if (r || n != 32) {
		report(0, "key wrap of the 20-byte key for the unwrap tests: %s",
		       errname(r));
		goto out;
	}
	{
		const struct {
			uint32_t *wk, alg, type, usage, len;
			int want;
			const char *what;
		} cases[] = {
			{ &k_aes, 0, NCR_KEY_TYPE_HMAC, NCR_KEY_USAGE_SIGN, 32,
			  -EINVAL, "algorithm 0" },
			{ &k_aes, 3, NCR_KEY_TYPE_HMAC, NCR_KEY_USAGE_SIGN, 32,
			  -EINVAL, "algorithm 3" },
			{ &k_aes, NCR_WALG_AES_RFC5649, 0, NCR_KEY_USAGE_SIGN,
			  32, -EINVAL, "type 0" },
			{ &k_aes, NCR_WALG_AES_RFC5649, 5, NCR_KEY_USAGE_SIGN,
			  32, -EINVAL, "type 5" },
			{ &k_aes, NCR_WALG_AES_RFC5649, NCR_KEY_TYPE_HMAC, 0,
			  32, -EINVAL, "usage 0" },
			{ &k_aes, NCR_WALG_AES_RFC5649, NCR_KEY_TYPE_HMAC,
			  NCR_KEY_USAGE_SIGN, 0, -EINVAL, "data_size 0" },
			{ &k_aes, NCR_WALG_AES_RFC5649, NCR_KEY_TYPE_HMAC,
			  NCR_KEY_USAGE_SIGN, 8, -EINVAL, "data_size 8" },
			{ &k_aes, NCR_WALG_AES_RFC5649, NCR_KEY_TYPE_HMAC,
			  NCR_KEY_USAGE_SIGN, 31, -EINVAL, "data_size 31" },
			{ &k_aes, NCR_WALG_AES_RFC5649, NCR_KEY_TYPE_HMAC,
			  NCR_KEY_USAGE_SIGN, NCR_WRAPPED_KEY_MAX + 8, -EINVAL,
			  "data_size NCR_WRAPPED_KEY_MAX + 8" },
			{ &k_aes, NCR_WALG_AES_RFC3394, NCR_KEY_TYPE_HMAC,
			  NCR_KEY_USAGE_SIGN, 16, -EINVAL,
			  "RFC 3394, data_size 16" },
			{ &wk_hmac, NCR_WALG_AES_RFC5649, NCR_KEY_TYPE_HMAC,
			  NCR_KEY_USAGE_SIGN, 32, -EINVAL,
			  "under an HMAC key with UNWRAP usage [or EPERM]" },
			{ &wk_xts, NCR_WALG_AES_RFC5649, NCR_KEY_TYPE_HMAC,
			  NCR_KEY_USAGE_SIGN, 32, -EINVAL,
			  "under a 512-bit (XTS) AES key [or EPERM]" },
			{ &wk_kw, NCR_WALG_AES_RFC5649, NCR_KEY_TYPE_HMAC,
			  NCR_KEY_USAGE_SIGN, 32, -EPERM,
			  "RFC 5649 under a key whose set is AES_KW only" },
			{ &wk_wrap, NCR_WALG_AES_RFC5649, NCR_KEY_TYPE_HMAC,
			  NCR_KEY_USAGE_SIGN, 32, -EPERM,
			  "under an AES key without UNWRAP usage" },
			{ &wk_unwrap, NCR_WALG_AES_RFC5649, NCR_KEY_TYPE_HMAC,
			  NCR_KEY_USAGE_SIGN, 32, -EBADMSG,
			  "under another AES key" },
			{ &k_aes, NCR_WALG_AES_RFC3394, NCR_KEY_TYPE_HMAC,
			  NCR_KEY_USAGE_SIGN, 32, -EBADMSG,
			  "with the other algorithm" },
			{ &k_aes, NCR_WALG_AES_RFC5649, NCR_KEY_TYPE_HMAC,
			  NCR_KEY_USAGE_SIGN, 24, -EBADMSG,
			  "truncated by 8 bytes" },
			{ &k_aes, NCR_WALG_AES_RFC5649, NCR_KEY_TYPE_AES,
			  NCR_KEY_USAGE_ENCRYPT, 32, -EINVAL,
			  "a 20-byte key as type AES" },
			{ &k_aes, NCR_WALG_AES_RFC5649, NCR_KEY_TYPE_CHACHA20,
			  NCR_KEY_USAGE_ENCRYPT, 32, -EINVAL,
			  "a 20-byte key as type CHACHA20" },
		};

		for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
			char nm[200];

			before = live_now();
			k = 0;
			r = kunwrap(cases[i].alg, *cases[i].wk, out,
				    cases[i].len, cases[i].type, 0,
				    cases[i].usage, &k);
			snprintf(nm, sizeof(nm), "key unwrap %s",
				 cases[i].what);
			expect2(r, cases[i].want, strstr(cases[i].what,
				"or EPERM") ? -EPERM : cases[i].want, &before,
				nm);
			if (!r)
				kdel(k);
		}
	}
	{
		struct ncr_key_wrap w = {
			.size = sizeof(w), .algorithm = NCR_WALG_AES_RFC5649,
			.wrapping_key = k_aes, .data = PTR64(out),
			.data_size = 32, .type = NCR_KEY_TYPE_HMAC,
			.usage = NCR_KEY_USAGE_SIGN, .label = PTR64(buf_in),
			.label_size = NCR_KEY_LABEL_MAX + 1 };

		before = live_now();
		r = call(NCRIO_KEY_UNWRAP, &w);
		expect(r, -EINVAL, &before, "key unwrap with label_size %d",
		       NCR_KEY_LABEL_MAX + 1);
	}
	/* every single-byte change of the wrapped key: EBADMSG */
	{
		int bad = 0, first = -1, first_r = 0;

		before = live_now();
		for (int i = 0; i < 32; i++) {
			memcpy(t, out, 32);
			t[i] ^= 0x80;
			k = 0;
			r = kunwrap(NCR_WALG_AES_RFC5649, k_aes, t, 32,
				    NCR_KEY_TYPE_HMAC, 0, NCR_KEY_USAGE_SIGN,
				    &k);
			if (r != -EBADMSG) {
				if (!bad++) {
					first = i;
					first_r = r;
				}
				if (!r)
					kdel(k);
			}
		}
		expect(bad ? first_r : -EBADMSG, -EBADMSG, &before,
		       "key unwrap with each of 32 bytes changed (%d wrong, "
		       "first byte %d)", bad, first);
	}
	/*
	 * The new key's flags: as asked (nothing forced, WRAPPABLE not
	 * added), but EXPORTABLE or HASHABLE only under an exportable
	 * unwrapping key (k_aes is not): EPERM, nothing created.
	 */
	{
		static const struct {
			uint32_t flags;
			int want;
		} fl[] = {
			{ 0, 0 },
			{ NCR_KEY_FLAG_WRAPPABLE, 0 },
			{ NCR_KEY_FLAG_STORABLE, 0 },
			{ NCR_KEY_FLAG_EXPORTABLE, -EPERM },
			{ NCR_KEY_FLAG_HASHABLE, -EPERM },
			{ NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_HASHABLE,
			  -EPERM },
			{ NCR_KEY_FLAG_WRAPPABLE | NCR_KEY_FLAG_HASHABLE,
			  -EPERM },
		};

		for (size_t i = 0; i < ARRAY_SIZE(fl); i++) {
			struct ncr_key_wrap w = {
				.size = sizeof(w), .flags = fl[i].flags,
				.algorithm = NCR_WALG_AES_RFC5649,
				.wrapping_key = k_aes, .data = PTR64(out),
				.data_size = 32, .type = NCR_KEY_TYPE_HMAC,
				.usage = NCR_KEY_USAGE_VERIFY |
					 NCR_KEY_USAGE_DERIVE,
				.label = PTR64(label4), .label_size = 4 };
			struct ncr_key_info ki;

			before = live_now();
			r = call(NCRIO_KEY_UNWRAP, &w);
			expect(r, fl[i].want, &before, "key unwrap under a "
			       "non-exportable key asking for flags %#x",
			       fl[i].flags);
			if (r)
				continue;
			r = kinfo(w.key, &ki);
			report(!r && ki.type == NCR_KEY_TYPE_HMAC &&
			       ki.bits == 160 && ki.flags == fl[i].flags &&
			       ki.usage == (NCR_KEY_USAGE_VERIFY |
					    NCR_KEY_USAGE_DERIVE) &&
			       ki.algs == NCR_KEY_ALG_HMAC_ALL &&
			       ki.key_id_size == NCR_KEY_ID_LEN &&
			       ki.label_size == 4 &&
			       !memcmp(ki.label, label4, 4) &&
			       !(ki.attrs & (NCR_KEY_ATTR_LOCAL |
					     NCR_KEY_ATTR_ALWAYS_SENSITIVE)),
			       "unwrapped key: HMAC, 160 bits, flags %#x as "
			       "asked (got %#x), usage, default set, a kernel "
			       "key ID, the label, attrs without LOCAL or "
			       "ALWAYS_SENSITIVE (under an ordinary key) "
			       "(%#x)", fl[i].flags, ki.flags, ki.attrs);
			before = live_now();
			{
				struct ncr_key_export e = {
					.size = sizeof(e), .key = w.key,
					.data = PTR64(t),
					.data_size = sizeof(t) };

				r = call(NCRIO_KEY_EXPORT, &e);
			}
			expect(r, -EPERM, &before, "export of the unwrapped "
			       "key");
			kdel(w.key);
		}
	}
	/* under an exportable unwrapping key, EXPORTABLE and HASHABLE are
	 * allowed (the caller could unwrap in user space) */
	{
		uint32_t wk_exp = 0, k_new = 0;
		uint8_t kek[16], wr[40], got[32];
		uint32_t wl = sizeof(wr);
		size_t gl = sizeof(got);

		for (int i = 0; i < 16; i++)
			kek[i] = (uint8_t)(0x70 + i);
		r = imp(NCR_KEY_TYPE_AES, kek, 16, NCR_KEY_FLAG_EXPORTABLE,
			NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP, &wk_exp);
		r = r ?: kwrap(NCR_WALG_AES_RFC5649, wk_exp, k20, wr, &wl);
		r = r ?: kunwrap(NCR_WALG_AES_RFC5649, wk_exp, wr, wl,
				 NCR_KEY_TYPE_HMAC, NCR_KEY_FLAG_EXPORTABLE |
				 NCR_KEY_FLAG_HASHABLE, NCR_KEY_USAGE_SIGN,
				 &k_new);
		r = r ?: secret_export(fd, k_new, got, &gl);
		report(!r && gl == 20 && !memcmp(got, buf_in, 20),
		       "key unwrap under an exportable key with "
		       "EXPORTABLE|HASHABLE: the key exports as the bytes "
		       "wrapped (%s)", errname(r));
		if (k_new)
			kdel(k_new);
		if (wk_exp)
			kdel(wk_exp);
	}
	/* TRUSTED at unwrap needs CAP_SYS_ADMIN; root, who brings the
	 * wrapped key itself, may make a wrap-only key TRUSTED (ncr.h: "At
	 * creation ... the caller with CAP_SYS_ADMIN brings the material or
	 * the wrapped key itself: that is its decision"), but the key is
	 * not ALWAYS_SENSITIVE, so nobody could trust it later by handle */
	if (wrapped_len) {
		struct ncr_key_info ki;

		before = live_now();
		k = 0;
		r = kunwrap(NCR_WALG_AES_RFC5649, k_aes, wrapped, wrapped_len,
			    NCR_KEY_TYPE_AES, NCR_KEY_FLAG_TRUSTED,
			    NCR_KEY_USAGE_WRAP, &k);
		if (is_root) {
			memset(&ki, 0, sizeof(ki));
			if (!r)
				kinfo(k, &ki);
			report(!r && (ki.flags & NCR_KEY_FLAG_TRUSTED) &&
			       !(ki.attrs & NCR_KEY_ATTR_ALWAYS_SENSITIVE),
			       "key unwrap under an untrusted key asking for "
			       "TRUSTED (a wrap-only AES key) with "
			       "CAP_SYS_ADMIN: %s, flags %#x, attrs %#x",
			       errname(r), ki.flags, ki.attrs);
		} else {
			expect(r, -EPERM, &before, "key unwrap under an "
			       "untrusted key asking for TRUSTED (a wrap-only "
			       "AES key) without CAP_SYS_ADMIN");
		}
		if (!r)
			kdel(k);
	}
	/* a 3DES key of equal thirds is refused as on import */
	{
		uint8_t weak[24];
		uint32_t kw = 0;

		for (int i = 0; i < 24; i++)
			weak[i] = (uint8_t)(0x10 + i % 8);
		imp(NCR_KEY_TYPE_HMAC, weak, 24, NCR_KEY_FLAG_WRAPPABLE |
		    NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN, &kw);
		n = sizeof(t);
		r = kwrap(NCR_WALG_AES_RFC3394, k_aes, kw, t, &n);
		before = live_now();
		k = 0;
		r = r ? r : kunwrap(NCR_WALG_AES_RFC3394, k_aes, t, n,
				    NCR_KEY_TYPE_DES3, 0, NCR_KEY_USAGE_ENCRYPT,
				    &k);
		expect(r, -EINVAL, &before, "key unwrap of a 3DES key of equal "
		       "thirds");
		if (!r)
			kdel(k);
		kdel(kw);
	}
	/* the largest key: 1024 bytes both ways */
	{
		uint8_t *big = malloc(NCR_MAX_SECRET_BYTES);
		uint32_t kb = 0;

		for (int i = 0; i < NCR_MAX_SECRET_BYTES; i++)
			big[i] = (uint8_t)(i * 13);
		r = imp(NCR_KEY_TYPE_HMAC, big, NCR_MAX_SECRET_BYTES,
			NCR_KEY_FLAG_WRAPPABLE | NCR_KEY_FLAG_EXPORTABLE,
			NCR_KEY_USAGE_SIGN, &kb);
		for (uint32_t alg = NCR_WALG_AES_RFC3394;
		     !r && alg <= NCR_WALG_AES_RFC5649; alg++) {
			n = NCR_WRAPPED_KEY_MAX;
			r = kwrap(alg, k_aes, kb, out, &n);
			/* an ordinary key: the raw format, key + 8 */
			report(!r && n == NCR_MAX_SECRET_BYTES + 8, "key wrap "
			       "(alg %u) of a %d-byte key: %s, %u bytes (want "
			       "the key length + 8; NCR_WRAPPED_KEY_MAX has "
			       "room for the trusted envelope too)", alg,
			       NCR_MAX_SECRET_BYTES, errname(r), n);
			k = 0;
			r = r ? r : kunwrap(alg, k_aes, out, n,
					    NCR_KEY_TYPE_HMAC, 0,
					    NCR_KEY_USAGE_SIGN, &k);
			report_err(r, 0, "key unwrap (alg %u) of it", alg);
			if (!r)
				kdel(k);
		}
		kdel(kb);
		free(big);
	}
out:
	kdel(wk_hmac);
	kdel(wk_xts);
	kdel(wk_wrap);
	kdel(wk_unwrap);
	kdel(k_nowrap);
	kdel(k20);
	kdel(k8);
	kdel(k24);
	kdel(k_noexp);
	kdel(wk_kw);
}
