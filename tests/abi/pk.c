// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/abi/pk.c - part of build/tests/abi (see tests/abi/main.c): public
 * keys: NCRIO_KEY_GENERATE_PAIR and NCRIO_KEY_DERIVE parameters, import
 * and export rules, public-key session parameters (version-1 fields).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "abi.h"

/* ------------------------------------------------------ public-key ABI */

static int genpair(struct ncr_key_generate_pair *g)
{
	int r = call(NCRIO_KEY_GENERATE_PAIR, g);

	if (!r) {
		kdel(g->private_key);
		kdel(g->public_key);
	}
	return r;
}

void test_genpair_params(void)
{
	static const uint8_t e3[] = { 3 }, e_even[] = { 1, 0, 0 };
	static const uint8_t e_long[9] = { 1, 0, 0, 0, 0, 0, 0, 0, 1 };
	static const struct {
		uint32_t type, bits, q_bits, usage, public_usage;
		const void *params;
		uint32_t params_size, label_size;
		const char *what;
	} bad[] = {
		{ NCR_KEY_TYPE_RSA, 1024, 0, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0,
		  "RSA 1024 bits (verify-only size)" },
		{ NCR_KEY_TYPE_RSA, 2047, 0, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0,
		  "RSA 2047 bits" },
		{ NCR_KEY_TYPE_RSA, 8192, 0, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0,
		  "RSA 8192 bits" },
		{ NCR_KEY_TYPE_RSA, 2048, 0, NCR_KEY_USAGE_SIGN, 0, e3, 1, 0,
		  "RSA exponent 3 (< 65537)" },
		{ NCR_KEY_TYPE_RSA, 2048, 0, NCR_KEY_USAGE_SIGN, 0, e_even, 3, 0,
		  "RSA even exponent" },
		{ NCR_KEY_TYPE_RSA, 2048, 0, NCR_KEY_USAGE_SIGN, 0, e_long, 9, 0,
		  "RSA 9-byte exponent" },
		{ NCR_KEY_TYPE_RSA, 2048, 256, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0,
		  "RSA with q_bits" },
		{ NCR_KEY_TYPE_DSA, 1024, 160, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0,
		  "DSA (1024, 160)" },
		{ NCR_KEY_TYPE_DSA, 3072, 224, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0,
		  "DSA (3072, 224)" },
		{ NCR_KEY_TYPE_DSA, 0, 0, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0,
		  "DSA without bits or parameters" },
		{ NCR_KEY_TYPE_DSA, 2048, 256, NCR_KEY_USAGE_SIGN, 0, key16, 16,
		  0, "DSA with garbage parameters" },
		{ NCR_KEY_TYPE_DH, 1024, 0, NCR_KEY_USAGE_DERIVE, 0, NULL, 0, 0,
		  "DH group 1024" },
		{ NCR_KEY_TYPE_DH, 2304, 0, NCR_KEY_USAGE_DERIVE, 0, NULL, 0, 0,
		  "DH group 2304" },
		{ NCR_KEY_TYPE_DH, 0, 0, NCR_KEY_USAGE_DERIVE, 0, key16, 16, 0,
		  "DH with garbage parameters" },
		{ NCR_KEY_TYPE_EC, 224, 0, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0,
		  "EC 224 bits" },
		{ NCR_KEY_TYPE_EC, 521, 0, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0,
		  "EC 521 bits" },
		{ NCR_KEY_TYPE_EC, 0, 0, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0,
		  "EC 0 bits" },
		{ NCR_KEY_TYPE_EC, 256, 0, NCR_KEY_USAGE_SIGN, 0, key16, 16, 0,
		  "EC with params" },
		{ NCR_KEY_TYPE_EC, 256, 256, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0,
		  "EC with q_bits" },
		{ NCR_KEY_TYPE_X25519, 256, 0, NCR_KEY_USAGE_DERIVE, 0, NULL, 0,
		  0, "X25519 256 bits" },
		{ NCR_KEY_TYPE_ED25519, 0, 0, NCR_KEY_USAGE_SIGN, 0, key16, 16,
		  0, "Ed25519 with params" },
		{ NCR_KEY_TYPE_EC, 256, 0, 0, 0, NULL, 0, 0, "usage 0" },
		{ NCR_KEY_TYPE_EC, 256, 0, NCR_KEY_USAGE_SIGN,
		  NCR_KEY_USAGE_SIGN, NULL, 0, 0, "public_usage SIGN" },
		{ NCR_KEY_TYPE_EC, 256, 0, NCR_KEY_USAGE_SIGN,
		  NCR_KEY_USAGE_DECRYPT, NULL, 0, 0, "public_usage DECRYPT" },
		{ NCR_KEY_TYPE_EC, 256, 0, NCR_KEY_USAGE_SIGN, 0, NULL, 0,
		  NCR_KEY_LABEL_MAX + 1, "label_size 33" },
		{ NCR_KEY_TYPE_EC, 256, 0, NCR_KEY_USAGE_SIGN |
		  NCR_KEY_USAGE_DERIVE, 0, NULL, 0, 0,
		  "EC SIGN|DERIVE without an algorithm set (two families)" },
		{ NCR_KEY_TYPE_X25519, 0, 0, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0,
		  "X25519 with SIGN only (no default set)" },
		{ NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_ENCRYPT, 0, NULL, 0, 0,
		  "a secret key type (AES)" },
		{ NCR_KEY_TYPE_HMAC, 256, 0, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0,
		  "a secret key type (HMAC)" },
		{ 0, 256, 0, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0, "type 0" },
		{ 22, 256, 0, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0, "type 22" },
		{ 0xffffffffu, 256, 0, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0,
		  "type 0xffffffff" },
	};
	uint8_t big[NCR_MAX_PKEY_BYTES + 1] = { 0 };

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct ncr_key_generate_pair g = {
			.size = sizeof(g), .type = bad[i].type,
			.bits = bad[i].bits, .q_bits = bad[i].q_bits,
			.usage = bad[i].usage,
			.public_usage = bad[i].public_usage,
			.params = PTR64(bad[i].params),
			.params_size = bad[i].params_size,
			.label = PTR64(buf_in),
			.label_size = bad[i].label_size,
		};
		struct live before = live_now();

		expect(genpair(&g), -EINVAL, &before,
		       "NCRIO_KEY_GENERATE_PAIR: %s", bad[i].what);
	}
	{
		struct ncr_key_generate_pair g = {
			.size = sizeof(g), .type = NCR_KEY_TYPE_DH,
			.usage = NCR_KEY_USAGE_DERIVE, .params = PTR64(big),
			.params_size = sizeof(big),
		};
		struct live before = live_now();

		expect2(genpair(&g), -EINVAL, -E2BIG, &before,
			"NCRIO_KEY_GENERATE_PAIR: params over "
			"NCR_MAX_PKEY_BYTES");
	}
	/* valid: the outputs, key IDs, labels, classes, attributes, derived
	 * public usage and default sets */
	{
		struct ncr_key_generate_pair g = {
			.size = sizeof(g), .type = NCR_KEY_TYPE_EC, .bits = 384,
			.usage = NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DERIVE,
			.algs = NCR_KEY_ALG_ECDSA | NCR_KEY_ALG_ECDH,
			.flags = NCR_KEY_FLAG_WRAPPABLE,
			.label = PTR64(label4), .label_size = 4,
		};
		struct ncr_key_info a, b;
		int r = call(NCRIO_KEY_GENERATE_PAIR, &g);

		if (report_err(r, 0, "NCRIO_KEY_GENERATE_PAIR: EC P-384, "
			       "SIGN|DERIVE with an explicit set")) {
			kinfo(g.private_key, &a);
			kinfo(g.public_key, &b);
			report(g.private_key && g.public_key &&
			       g.private_key != g.public_key,
			       "GENERATE_PAIR: two distinct non-zero handles");
			report(a.key_class == NCR_KEY_CLASS_PRIVATE &&
			       b.key_class == NCR_KEY_CLASS_PUBLIC &&
			       a.bits == 384 && b.bits == 384 &&
			       a.type == NCR_KEY_TYPE_EC &&
			       b.type == NCR_KEY_TYPE_EC,
			       "GENERATE_PAIR: classes private/public, EC, 384 "
			       "bits (got %u/%u, %u/%u)", a.key_class,
			       b.key_class, a.bits, b.bits);
			report(a.flags == NCR_KEY_FLAG_WRAPPABLE &&
			       b.flags == (NCR_KEY_FLAG_EXPORTABLE |
					   NCR_KEY_FLAG_STORABLE) &&
			       a.usage == g.usage &&
			       b.usage == (NCR_KEY_USAGE_VERIFY |
					   NCR_KEY_USAGE_DERIVE),
			       "GENERATE_PAIR: private flags/usage as asked, "
			       "public EXPORTABLE|STORABLE with VERIFY|DERIVE "
			       "(got 0x%x/0x%x, 0x%x/0x%x)", a.flags, b.flags,
			       a.usage, b.usage);
			report(a.algs == (NCR_KEY_ALG_ECDSA | NCR_KEY_ALG_ECDH) &&
			       b.algs == (NCR_KEY_ALG_ECDSA | NCR_KEY_ALG_ECDH),
			       "GENERATE_PAIR: private set as asked, public "
			       "the union of its families (got %#llx/%#llx)",
			       (unsigned long long)a.algs,
			       (unsigned long long)b.algs);
			report(a.key_id_size == NCR_KEY_ID_LEN &&
			       b.key_id_size == NCR_KEY_ID_LEN &&
			       !memcmp(a.key_id, b.key_id, NCR_KEY_ID_LEN) &&
			       a.label_size == 4 && b.label_size == 4 &&
			       !memcmp(a.label, label4, 4) &&
			       !memcmp(b.label, label4, 4),
			       "GENERATE_PAIR: both keys have one kernel key ID "
			       "and the label");
			report(a.attrs == (NCR_KEY_ATTR_LOCAL |
					   NCR_KEY_ATTR_ALWAYS_SENSITIVE) &&
			       (b.attrs & NCR_KEY_ATTR_LOCAL) &&
			       !(b.attrs & NCR_KEY_ATTR_ALWAYS_SENSITIVE),
			       "GENERATE_PAIR: attrs LOCAL|ALWAYS_SENSITIVE "
			       "(wrappable private key), LOCAL and never "
			       "sensitive public key (got %#x/%#x)", a.attrs,
			       b.attrs);
			kdel(g.private_key);
			kdel(g.public_key);
		}
		g.label_size = 0;
		g.label = 0;
		r = call(NCRIO_KEY_GENERATE_PAIR, &g);
		if (!r) {
			struct ncr_key_info c, d;

			kinfo(g.private_key, &a);
			kinfo(g.public_key, &b);
			kdel(g.private_key);
			kdel(g.public_key);
			r = call(NCRIO_KEY_GENERATE_PAIR, &g);
			if (!r) {
				kinfo(g.private_key, &c);
				kinfo(g.public_key, &d);
				kdel(g.private_key);
				kdel(g.public_key);
			}
			report(!r && a.key_id_size == 16 &&
			       b.key_id_size == 16 && a.label_size == 0 &&
			       !memcmp(a.key_id, b.key_id, 16) &&
			       !memcmp(c.key_id, d.key_id, 16) &&
			       memcmp(a.key_id, c.key_id, 16),
			       "GENERATE_PAIR: without a label, each pair has "
			       "one 16-byte ID, another pair another");
		}
		/* the default sets of each half (public_usage: the kernel
		 * wrote back the one it derived) */
		g.algs = 0;
		g.usage = NCR_KEY_USAGE_SIGN;
		g.public_usage = 0;
		r = call(NCRIO_KEY_GENERATE_PAIR, &g);
		if (!report_err(r, 0, "GENERATE_PAIR: EC P-384 SIGN, default "
				"set"))
			goto ver0;
		kinfo(g.private_key, &a);
		kinfo(g.public_key, &b);
		report(a.algs == NCR_KEY_ALG_ECDSA && b.algs == NCR_KEY_ALG_ECDSA &&
		       b.usage == NCR_KEY_USAGE_VERIFY,
		       "GENERATE_PAIR: EC SIGN gives ECDSA, its public half "
		       "VERIFY with ECDSA (got %#llx/%#llx)",
		       (unsigned long long)a.algs, (unsigned long long)b.algs);
		kdel(g.private_key);
		kdel(g.public_key);
		g.public_usage = NCR_KEY_USAGE_VERIFY | NCR_KEY_USAGE_DERIVE;
		r = call(NCRIO_KEY_GENERATE_PAIR, &g);
		if (!r) {
			kinfo(g.public_key, &b);
			kdel(g.private_key);
			kdel(g.public_key);
		}
		report(!r && b.usage == g.public_usage &&
		       b.algs == (NCR_KEY_ALG_ECDSA | NCR_KEY_ALG_ECDH),
		       "GENERATE_PAIR: a public key with VERIFY|DERIVE gets "
		       "ECDSA|ECDH (%s, %#llx)", errname(r),
		       (unsigned long long)b.algs);
		g.public_usage = 0;
		g.public_algs = NCR_KEY_ALG_ECDH;
		g.usage = NCR_KEY_USAGE_DERIVE;
		r = call(NCRIO_KEY_GENERATE_PAIR, &g);
		if (!r) {
			kinfo(g.private_key, &a);
			kinfo(g.public_key, &b);
			kdel(g.private_key);
			kdel(g.public_key);
		}
		report(!r && a.algs == NCR_KEY_ALG_ECDH &&
		       b.algs == NCR_KEY_ALG_ECDH &&
		       b.usage == NCR_KEY_USAGE_DERIVE,
		       "GENERATE_PAIR: EC DERIVE gives ECDH, public_algs as "
		       "asked (%s)", errname(r));
		g.public_algs = NCR_KEY_ALG_RSA_PSS;
		{
			struct live before = live_now();

			expect(genpair(&g), -EINVAL, &before, "GENERATE_PAIR: "
			       "public_algs of another type (RSA-PSS for EC)");
			g.public_algs = 0;
			g.algs = NCR_KEY_ALG_AES_GCM;
			expect(genpair(&g), -EINVAL, &before, "GENERATE_PAIR: "
			       "algs of another type (AES-GCM for EC)");
		}
	}
ver0:
	/* VER0 size exactly: the default sets */
	{
		struct ncr_key_generate_pair g = {
			.size = NCR_KEY_GENERATE_PAIR_SIZE_VER0,
			.type = NCR_KEY_TYPE_ED25519,
			.usage = NCR_KEY_USAGE_SIGN,
		};
		struct ncr_key_info a, b;
		int r = call(NCRIO_KEY_GENERATE_PAIR, &g);

		if (report_err(r, 0, "GENERATE_PAIR: Ed25519, size VER0")) {
			kinfo(g.private_key, &a);
			kinfo(g.public_key, &b);
			report(a.algs == NCR_KEY_ALG_ED25519 &&
			       b.algs == NCR_KEY_ALG_ED25519 &&
			       b.usage == NCR_KEY_USAGE_VERIFY,
			       "GENERATE_PAIR VER0: both halves get the "
			       "default set ED25519");
			kdel(g.private_key);
			kdel(g.public_key);
		}
	}
}

static int derive(struct ncr_key_derive *d)
{
	int r = call(NCRIO_KEY_DERIVE, d);

	if (!r)
		kdel(d->new_key);
	return r;
}

void test_derive_params(void)
{
	struct ncr_key_derive d;
	struct live before;
	uint32_t ec = 0, ecp = 0, dead = 0;
	uint8_t ec_pt[97];

	if (!k_x25519) {
		report_skip("no X25519 key", "NCRIO_KEY_DERIVE parameters");
		return;
	}
#define D_RESET() do { memset(&d, 0, sizeof(d)); prep_derive(&d); \
		d.size = sizeof(d); before = live_now(); } while (0)
	D_RESET();
	expect(derive(&d), 0, &before, "DERIVE: X25519 into HMAC");
	D_RESET();
	d.type = NCR_KEY_TYPE_AES;
	d.usage = NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP;
	if (!call(NCRIO_KEY_DERIVE, &d)) {
		struct ncr_key_info ki;
		int r = kinfo(d.new_key, &ki);

		report(!r && ki.flags == 0 && ki.algs == AES_WRAPS &&
		       ki.key_id_size == NCR_KEY_ID_LEN && ki.label_size == 4 &&
		       ki.attrs == NCR_KEY_ATTR_NEVER_EXTRACTABLE,
		       "DERIVE: the new key has a kernel key ID, the label, "
		       "the default set, attrs NEVER_EXTRACTABLE only (not "
		       "LOCAL, not ALWAYS_SENSITIVE: the caller may know the "
		       "secret) (%#x)", ki.attrs);
		before = live_now();
		expect(ktrust(d.new_key), is_root ? -EINVAL : -EPERM, &before,
		       "DERIVE: NCRIO_KEY_TRUST of a derived wrap-only key");
		kdel(d.new_key);
	} else {
		report(0, "DERIVE: X25519 into an AES wrap-only key");
	}
	D_RESET();
	d.type = NCR_KEY_TYPE_AES;
	d.usage = NCR_KEY_USAGE_ENCRYPT;
	expect(derive(&d), 0, &before, "DERIVE: X25519 into AES-256");
	static const uint32_t bad_types[] = { 0, NCR_KEY_TYPE_DES3,
					      NCR_KEY_TYPE_RSA,
					      NCR_KEY_TYPE_EC,
					      NCR_KEY_TYPE_X25519, 99 };
	for (size_t i = 0; i < ARRAY_SIZE(bad_types); i++) {
		D_RESET();
		d.type = bad_types[i];
		expect(derive(&d), -EINVAL, &before, "DERIVE: new key type %u",
		       bad_types[i]);
	}
	D_RESET();
	d.usage = 0;
	expect(derive(&d), -EINVAL, &before, "DERIVE: usage 0");
	D_RESET();
	d.label_size = NCR_KEY_LABEL_MAX + 1;
	expect(derive(&d), -EINVAL, &before, "DERIVE: label_size 33");
	D_RESET();
	d.flags = NCR_KEY_FLAG_TRUSTED;
	d.type = NCR_KEY_TYPE_AES;
	d.usage = NCR_KEY_USAGE_WRAP;
	expect(derive(&d), -EPERM, &before, "DERIVE: a TRUSTED new key (the "
	       "caller may know the secret), %s CAP_SYS_ADMIN",
	       is_root ? "even with" : "without");
	D_RESET();
	d.type = NCR_KEY_TYPE_AES;
	d.usage = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_SIGN;
	expect(derive(&d), -EINVAL, &before, "DERIVE: AES ENCRYPT|SIGN "
	       "without an algorithm set");
	D_RESET();
	d.algs = NCR_KEY_ALG_AES_GCM;
	expect(derive(&d), -EINVAL, &before, "DERIVE: an AES set for an HMAC "
	       "key");
	static const uint32_t bad_algs[] = { 0, NCR_ALG_AES_CBC,
					     NCR_ALG_ECDSA, NCR_ALG_ECDH,
					     NCR_ALG_DH, 83, 0xffffffffu };
	for (size_t i = 0; i < ARRAY_SIZE(bad_algs); i++) {
		D_RESET();
		d.algorithm = bad_algs[i];
		expect(derive(&d), -EINVAL, &before,
		       "DERIVE: algorithm %u with an X25519 key", bad_algs[i]);
	}
	static const uint32_t bad_handles[] = { 0, 12345, 0xffffffffu };
	for (size_t i = 0; i < ARRAY_SIZE(bad_handles); i++) {
		D_RESET();
		d.key = bad_handles[i];
		expect(derive(&d), -ENOENT, &before, "DERIVE: key handle %u",
		       bad_handles[i]);
	}
	{
		struct ncr_key_generate_pair g = {
			.size = sizeof(g), .type = NCR_KEY_TYPE_X25519,
			.usage = NCR_KEY_USAGE_DERIVE,
		};

		if (!call(NCRIO_KEY_GENERATE_PAIR, &g)) {
			dead = g.private_key;
			kdel(g.private_key);
			kdel(g.public_key);
			D_RESET();
			d.key = dead;
			expect(derive(&d), -ENOENT, &before,
			       "DERIVE: a deinit'ed key handle");
		}
	}
	D_RESET();
	d.key = k_aes;
	expect(derive(&d), -EINVAL, &before, "DERIVE: an AES key");
	D_RESET();
	d.peer_size = 31;
	expect(derive(&d), -EINVAL, &before, "DERIVE: X25519 peer of 31 bytes");
	D_RESET();
	d.peer_size = 4097;
	expect2(derive(&d), -EINVAL, -EFAULT, &before,
		"DERIVE: peer_size 4097");
	/* P-384 secret (48 bytes) into AES: impossible length */
	{
		struct ncr_key_generate_pair g = {
			.size = sizeof(g), .type = NCR_KEY_TYPE_EC, .bits = 384,
			.usage = NCR_KEY_USAGE_DERIVE,
		};
		struct ncr_key_export ex = {
			.size = sizeof(ex), .data = PTR64(ec_pt),
			.data_size = sizeof(ec_pt),
			.format = NCR_KEY_FORMAT_RAW_PUBLIC,
		};

		if (!call(NCRIO_KEY_GENERATE_PAIR, &g)) {
			ec = g.private_key;
			ecp = g.public_key;
			ex.key = ecp;
			if (!call(NCRIO_KEY_EXPORT, &ex)) {
				D_RESET();
				d.algorithm = NCR_ALG_ECDH;
				d.key = ec;
				d.peer = PTR64(ec_pt);
				d.peer_size = ex.data_size;
				d.type = NCR_KEY_TYPE_AES;
				d.usage = NCR_KEY_USAGE_ENCRYPT;
				expect(derive(&d), -EINVAL, &before,
				       "DERIVE: a 48-byte P-384 secret into an "
				       "AES key");
				d.type = NCR_KEY_TYPE_HMAC;
				d.usage = NCR_KEY_USAGE_SIGN;
				expect(derive(&d), 0, &before,
				       "DERIVE: P-384 ECDH into HMAC");
				D_RESET();
				d.peer = PTR64(ec_pt);
				d.peer_size = ex.data_size;
				expect(derive(&d), -EINVAL, &before,
				       "DERIVE: X25519 with a P-384 point");
			}
			kdel(ec);
			kdel(ecp);
		}
	}
	/* VER0 size */
	D_RESET();
	d.size = NCR_KEY_DERIVE_SIZE_VER0;
	expect(derive(&d), 0, &before, "DERIVE: size VER0");
#undef D_RESET
}

void test_pk_import_params(void)
{
	uint8_t spki[200], pkcs8[200], raw[32], pt[65];
	uint32_t spki_len = 0, pkcs8_len = 0, pt_len = 0;
	uint32_t priv, pub;
	struct ncr_key_generate_pair g = {
		.size = sizeof(g), .type = NCR_KEY_TYPE_EC, .bits = 256,
		.flags = NCR_KEY_FLAG_EXPORTABLE, .usage = NCR_KEY_USAGE_SIGN,
	};
	struct ncr_key_export ex = { .size = sizeof(ex) };
	int r = call(NCRIO_KEY_GENERATE_PAIR, &g);

	if (!report_err(r, 0, "EC P-256 pair for the import checks"))
		return;
	priv = g.private_key;
	pub = g.public_key;
	ex.key = pub;
	ex.data = PTR64(spki);
	ex.data_size = sizeof(spki);
	ex.format = NCR_KEY_FORMAT_SPKI;
	if (!call(NCRIO_KEY_EXPORT, &ex))
		spki_len = ex.data_size;
	ex.key = priv;
	ex.data = PTR64(pkcs8);
	ex.data_size = sizeof(pkcs8);
	ex.format = NCR_KEY_FORMAT_PKCS8;
	if (!call(NCRIO_KEY_EXPORT, &ex))
		pkcs8_len = ex.data_size;
	ex.data = PTR64(raw);
	ex.data_size = sizeof(raw);
	ex.format = NCR_KEY_FORMAT_RAW;
	r = call(NCRIO_KEY_EXPORT, &ex);
	ex.key = pub;
	ex.data = PTR64(pt);
	ex.data_size = sizeof(pt);
	ex.format = NCR_KEY_FORMAT_RAW_PUBLIC;
	if (!r && !call(NCRIO_KEY_EXPORT, &ex))
		pt_len = ex.data_size;
	if (!report(spki_len && pkcs8_len && pt_len == 65,
		    "EC P-256 exports: SPKI %u, PKCS8 %u, RAW_PUBLIC %u bytes",
		    spki_len, pkcs8_len, pt_len))
		goto out;

	/* ERANGE on a public key export, needed size written back */
	for (uint32_t cap = 0; cap < spki_len; cap += spki_len - 1) {
		uint8_t small[200];

		memset(small, 0x77, sizeof(small));
		ex.key = pub;
		ex.data = PTR64(small);
		ex.data_size = cap;
		ex.format = NCR_KEY_FORMAT_SPKI;
		r = call(NCRIO_KEY_EXPORT, &ex);
		report(r == -ERANGE && ex.data_size == spki_len &&
		       small[0] == 0x77 && small[cap ? cap - 1 : 0] == 0x77,
		       "SPKI export into %u bytes: ERANGE with data_size %u "
		       "(got %s, %u), buffer untouched", cap, spki_len,
		       errname(r), ex.data_size);
	}
	{
		struct ncr_key_export e2 = {
			.size = NCR_KEY_EXPORT_SIZE_VER0, .key = pub,
			.data = PTR64(buf_out), .data_size = sizeof(buf_out),
			.format = NCR_KEY_FORMAT_RAW,
		};
		struct live before = live_now();

		expect(call(NCRIO_KEY_EXPORT, &e2), -EINVAL, &before,
		       "RAW (private) export of a public EC key");
		e2.format = 7;
		expect(call(NCRIO_KEY_EXPORT, &e2), -EINVAL, &before,
		       "export format 7");
		e2.format = NCR_KEY_FORMAT_PKCS1;
		expect(call(NCRIO_KEY_EXPORT, &e2), -EINVAL, &before,
		       "PKCS1 export of an EC key");
		e2.format = NCR_KEY_FORMAT_PARAMS;
		expect(call(NCRIO_KEY_EXPORT, &e2), -EINVAL, &before,
		       "PARAMS export of an EC key");
	}

	static const struct {
		uint32_t type, format, bits, usage;
		int which;	/* 0 spki 1 pkcs8 2 raw 3 point */
		int trunc, extra;
		int want;
		const char *what;
	} v[] = {
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_SPKI, 0, NCR_KEY_USAGE_VERIFY,
		  0, 0, 0, 0, "SPKI" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_PKCS8, 0, NCR_KEY_USAGE_SIGN,
		  1, 0, 0, 0, "PKCS8" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_DEFAULT, 0,
		  NCR_KEY_USAGE_SIGN, 1, 0, 0, 0, "format 0 (PKCS8)" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_RAW, 256, NCR_KEY_USAGE_SIGN,
		  2, 0, 0, 0, "RAW with bits 256" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_RAW_PUBLIC, 256,
		  NCR_KEY_USAGE_VERIFY, 3, 0, 0, 0, "RAW_PUBLIC with bits 256" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_RAW, 0, NCR_KEY_USAGE_SIGN,
		  2, 0, 0, -EINVAL, "RAW with bits 0" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_RAW_PUBLIC, 521,
		  NCR_KEY_USAGE_VERIFY, 3, 0, 0, -EINVAL,
		  "RAW_PUBLIC with bits 521" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_SPKI, 256,
		  NCR_KEY_USAGE_VERIFY, 0, 0, 0, -EINVAL,
		  "SPKI with bits 256 (must be 0)" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_PKCS8, 256,
		  NCR_KEY_USAGE_SIGN, 1, 0, 0, -EINVAL,
		  "PKCS8 with bits 256 (must be 0)" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_SPKI, 0, NCR_KEY_USAGE_SIGN,
		  0, 0, 0, -EINVAL, "SPKI (public) with SIGN usage" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_SPKI, 0, 0, 0, 0, 0, -EINVAL,
		  "SPKI with usage 0" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_PKCS8, 0, NCR_KEY_USAGE_SIGN,
		  0, 0, 0, -EINVAL, "an SPKI given as PKCS8" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_SPKI, 0, NCR_KEY_USAGE_VERIFY,
		  1, 0, 0, -EINVAL, "a PKCS8 given as SPKI" },
		{ NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_SPKI, 0,
		  NCR_KEY_USAGE_VERIFY, 0, 0, 0, -EINVAL,
		  "an EC SPKI as type RSA" },
		{ NCR_KEY_TYPE_ED25519, NCR_KEY_FORMAT_PKCS8, 0,
		  NCR_KEY_USAGE_SIGN, 1, 0, 0, -EINVAL,
		  "an EC PKCS8 as type Ed25519" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_PKCS1, 0, NCR_KEY_USAGE_SIGN,
		  1, 0, 0, -EINVAL, "format PKCS1 for EC" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_PARAMS, 0, NCR_KEY_USAGE_SIGN,
		  1, 0, 0, -EINVAL, "format PARAMS (export only)" },
		{ NCR_KEY_TYPE_EC, 7, 0, NCR_KEY_USAGE_SIGN, 1, 0, 0, -EINVAL,
		  "format 7" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_SPKI, 0, NCR_KEY_USAGE_VERIFY,
		  0, 1, 0, -EINVAL, "SPKI truncated by one byte" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_SPKI, 0, NCR_KEY_USAGE_VERIFY,
		  0, 0, 1, -EINVAL, "SPKI with a trailing byte" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_PKCS8, 0, NCR_KEY_USAGE_SIGN,
		  1, 1, 0, -EINVAL, "PKCS8 truncated by one byte" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_PKCS8, 0, NCR_KEY_USAGE_SIGN,
		  1, 0, 1, -EINVAL, "PKCS8 with a trailing byte" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_RAW_PUBLIC, 256,
		  NCR_KEY_USAGE_VERIFY, 3, 1, 0, -EINVAL,
		  "RAW_PUBLIC point truncated" },
		{ NCR_KEY_TYPE_AES, NCR_KEY_FORMAT_SPKI, 0,
		  NCR_KEY_USAGE_ENCRYPT, 0, 0, 0, -EINVAL,
		  "a secret type with format SPKI" },
		{ NCR_KEY_TYPE_AES, NCR_KEY_FORMAT_RAW, 256,
		  NCR_KEY_USAGE_ENCRYPT, 2, 0, 0, -EINVAL,
		  "a secret key with bits 256" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		uint8_t data[256];
		const uint8_t *src = v[i].which == 0 ? spki : v[i].which == 1 ?
				     pkcs8 : v[i].which == 2 ? raw : pt;
		uint32_t len = v[i].which == 0 ? spki_len : v[i].which == 1 ?
			       pkcs8_len : v[i].which == 2 ? 32 : pt_len;
		struct ncr_key_import im = {
			.size = sizeof(im), .type = v[i].type,
			.usage = v[i].usage, .format = v[i].format,
			.bits = v[i].bits, .data = PTR64(data),
		};
		struct live before = live_now();

		memcpy(data, src, len);
		if (v[i].trunc)
			len--;
		if (v[i].extra)
			data[len++] = 0;
		im.data_size = len;
		r = call(NCRIO_KEY_IMPORT, &im);
		if (!r)
			kdel(im.key);
		expect(r, v[i].want, &before, "public-key import: %s",
		       v[i].what);
	}
	{
		static uint8_t big[NCR_MAX_PKEY_BYTES + 1];
		struct ncr_key_import im = {
			.size = sizeof(im), .type = NCR_KEY_TYPE_EC,
			.usage = NCR_KEY_USAGE_VERIFY,
			.format = NCR_KEY_FORMAT_SPKI, .data = PTR64(big),
			.data_size = sizeof(big),
		};
		struct live before = live_now();

		memcpy(big, spki, spki_len);
		r = call(NCRIO_KEY_IMPORT, &im);
		if (!r)
			kdel(im.key);
		expect2(r, -EINVAL, -E2BIG, &before, "public-key import of "
			"more than NCR_MAX_PKEY_BYTES");
		/* the VER0 import structure has no bits: an EC point needs
		 * its curve, which then reads as 0 */
		im.size = NCR_KEY_IMPORT_SIZE_VER0;
		im.format = NCR_KEY_FORMAT_RAW_PUBLIC;
		im.bits = 256;	/* past VER0: not read */
		im.data = PTR64(pt);
		im.data_size = pt_len;
		before = live_now();
		r = call(NCRIO_KEY_IMPORT, &im);
		if (!r)
			kdel(im.key);
		expect(r, -EINVAL, &before, "an EC point through the VER0 "
		       "import structure (bits past it read as 0)");
		im.size = NCR_KEY_IMPORT_SIZE_VER1;
		r = call(NCRIO_KEY_IMPORT, &im);
		if (!r)
			kdel(im.key);
		report_err(r, 0, "the same EC point with the VER1 structure");
	}
out:
	kdel(priv);
	kdel(pub);
}

/* Public-key session parameters (version-1 fields). */
void test_pk_session_params(void)
{
	uint32_t ec, ecp, ed, edp, ecp_enc = 0;
	struct ncr_key_generate_pair g = {
		.size = sizeof(g), .type = NCR_KEY_TYPE_EC, .bits = 256,
		.usage = NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY,
	};
	int r = call(NCRIO_KEY_GENERATE_PAIR, &g);

	if (!report_err(r, 0, "EC P-256 pair for the session checks"))
		return;
	ec = g.private_key;
	ecp = g.public_key;
	g.type = NCR_KEY_TYPE_ED25519;
	g.bits = 0;
	if (call(NCRIO_KEY_GENERATE_PAIR, &g)) {
		kdel(ec);
		kdel(ecp);
		report(0, "Ed25519 pair for the session checks");
		return;
	}
	ed = g.private_key;
	edp = g.public_key;
	{
		/* an EC public key that may ENCRYPT: wrong ops and wrong
		 * algorithms for it are EINVAL, not a usage EPERM */
		uint8_t spki[200];
		struct ncr_key_export ex = {
			.size = sizeof(ex), .key = ecp, .data = PTR64(spki),
			.data_size = sizeof(spki),
			.format = NCR_KEY_FORMAT_SPKI,
		};
		struct ncr_key_import im = {
			.size = sizeof(im), .type = NCR_KEY_TYPE_EC,
			.format = NCR_KEY_FORMAT_SPKI, .data = PTR64(spki),
			.usage = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_VERIFY,
		};

		r = call(NCRIO_KEY_EXPORT, &ex);
		im.data_size = ex.data_size;
		r = r ? r : call(NCRIO_KEY_IMPORT, &im);
		if (report_err(r, 0, "EC public key with ENCRYPT|VERIFY usage"))
			ecp_enc = im.key;
	}

	static const struct {
		uint32_t alg, op, which;	/* 0 ec 1 ecp 2 ed 3 k_aes */
		uint32_t hash, mgf1, salt, pk_flags, iv_size, tag_size;
		uint32_t size;			/* 0: sizeof */
		int want;
		const char *what;
	} v[] = {
		{ NCR_ALG_ECDSA, NCR_OP_SIGN, 0, NCR_ALG_SHA256, 0, 0, 0, 0, 0,
		  0, 0, "ECDSA SHA-256 sign" },
		{ NCR_ALG_ECDSA, NCR_OP_VERIFY, 1, NCR_ALG_SHA384, 0, 0,
		  NCR_PK_FLAG_SIG_RAW | NCR_PK_FLAG_DIGEST, 0, 0, 0, 0,
		  "ECDSA verify, raw signature over a digest" },
		{ NCR_ALG_ECDSA, NCR_OP_SIGN, 0, 0, 0, 0, 0, 0, 0, 0, -EINVAL,
		  "ECDSA without a hash" },
		{ NCR_ALG_ECDSA, NCR_OP_SIGN, 0, NCR_ALG_SHA256, 0, 0, 0, 0, 0,
		  NCR_SESSION_INIT_SIZE_VER0, -EINVAL,
		  "ECDSA with the VER0 structure (no hash)" },
		{ NCR_ALG_ECDSA, NCR_OP_SIGN, 0, NCR_ALG_MD5, 0, 0, 0, 0, 0, 0,
		  -EINVAL, "ECDSA with MD5" },
		{ NCR_ALG_ECDSA, NCR_OP_SIGN, 0, NCR_ALG_SHA3_256, 0, 0, 0, 0,
		  0, 0, -EINVAL, "ECDSA with SHA3-256" },
		{ NCR_ALG_ECDSA, NCR_OP_SIGN, 0, NCR_ALG_HMAC_SHA256, 0, 0, 0,
		  0, 0, 0, -EINVAL, "ECDSA with hash HMAC-SHA256" },
		{ NCR_ALG_ECDSA, NCR_OP_SIGN, 0, NCR_ALG_SHA256, 0, 0, 4, 0, 0,
		  0, -EINVAL, "pk_flags bit 2" },
		{ NCR_ALG_ECDSA, NCR_OP_SIGN, 0, NCR_ALG_SHA256, 0, 0,
		  0x80000000u, 0, 0, 0, -EINVAL, "pk_flags bit 31" },
		{ NCR_ALG_ECDSA, NCR_OP_SIGN, 0, NCR_ALG_SHA256, 0, 0, 0, 16, 0,
		  0, -EINVAL, "ECDSA with iv_size 16" },
		{ NCR_ALG_ECDSA, NCR_OP_SIGN, 0, NCR_ALG_SHA256, 0, 0, 0, 0, 16,
		  0, -EINVAL, "ECDSA with tag_size 16" },
		{ NCR_ALG_ECDSA, NCR_OP_ENCRYPT, 4, NCR_ALG_SHA256, 0, 0, 0, 0,
		  0, 0, -EINVAL, "ECDSA ENCRYPT (key with ENCRYPT usage)" },
		{ NCR_ALG_ECDSA, NCR_OP_SIGN, 2, NCR_ALG_SHA256, 0, 0, 0, 0, 0,
		  0, -EINVAL, "ECDSA with an Ed25519 key" },
		{ NCR_ALG_ECDSA, NCR_OP_SIGN, 3, NCR_ALG_SHA256, 0, 0, 0, 0, 0,
		  0, -EINVAL, "ECDSA with an AES key" },
		{ NCR_ALG_RSA_PSS, NCR_OP_SIGN, 0, NCR_ALG_SHA256, 0, 32, 0, 0,
		  0, 0, -EINVAL, "RSA-PSS with an EC key" },
		{ NCR_ALG_ECDSA, NCR_OP_SIGN, 0, NCR_ALG_SHA256, NCR_ALG_SHA1,
		  0, 0, 0, 0, 0, -EINVAL, "ECDSA with mgf1_hash" },
		{ NCR_ALG_ECDSA, NCR_OP_SIGN, 0, NCR_ALG_SHA256, 0, 20, 0, 0,
		  0, 0, -EINVAL, "ECDSA with salt_size" },
		{ NCR_ALG_ED25519, NCR_OP_SIGN, 2, 0, 0, 0, 0, 0, 0, 0, 0,
		  "Ed25519 sign" },
		{ NCR_ALG_ED25519, NCR_OP_VERIFY, 3 - 0, 0, 0, 0, 0, 0, 0, 0,
		  -EINVAL, "Ed25519 verify with an AES key" },
		{ NCR_ALG_ED25519, NCR_OP_SIGN, 2, NCR_ALG_SHA512, 0, 0, 0, 0,
		  0, 0, -EINVAL, "Ed25519 with hash SHA-512" },
		{ NCR_ALG_ED25519, NCR_OP_SIGN, 2, 0, 0, 0, NCR_PK_FLAG_DIGEST,
		  0, 0, 0, -EINVAL, "Ed25519 with NCR_PK_FLAG_DIGEST" },
		{ NCR_ALG_ED25519, NCR_OP_SIGN, 2, 0, 0, 0, 0, 0, 0,
		  NCR_SESSION_INIT_SIZE_VER0, 0,
		  "Ed25519 with the VER0 structure" },
		{ NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, 3, 0, 0, 0, 0, 16, 0,
		  NCR_SESSION_INIT_SIZE_VER0, 0,
		  "AES-CBC with the VER0 structure" },
		{ NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, 3, NCR_ALG_SHA256, 0, 0, 0,
		  16, 0, 0, -EINVAL, "AES-CBC with a hash" },
		{ NCR_ALG_RSA_OAEP, NCR_OP_ENCRYPT, 4, 0, 0, 0, 0, 0, 0, 0,
		  -EINVAL, "RSA-OAEP with an EC public key (ENCRYPT usage)" },
		{ NCR_ALG_DSA, NCR_OP_VERIFY, 1, NCR_ALG_SHA256, 0, 0, 0, 0, 0,
		  0, -EINVAL, "DSA with an EC key" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		uint32_t keys[] = { ec, ecp, ed, k_aes, ecp_enc };
		struct ncr_session_init s = {
			.size = v[i].size ? v[i].size : sizeof(s),
			.algorithm = v[i].alg, .op = v[i].op,
			.key = keys[v[i].which], .hash = v[i].hash,
			.mgf1_hash = v[i].mgf1, .salt_size = v[i].salt,
			.pk_flags = v[i].pk_flags, .iv_size = v[i].iv_size,
			.iv = v[i].iv_size ? PTR64(iv16) : 0,
			.tag_size = v[i].tag_size,
		};
		struct ncr_session_once o = {
			.size = sizeof(o), .algorithm = v[i].alg,
			.op = v[i].op, .key = keys[v[i].which],
			.hash = v[i].hash, .mgf1_hash = v[i].mgf1,
			.salt_size = v[i].salt, .pk_flags = v[i].pk_flags,
			.iv_size = v[i].iv_size,
			.iv = v[i].iv_size ? PTR64(iv16) : 0,
		};
		struct live before = live_now();

		r = call(NCRIO_SESSION_INIT, &s);
		if (!r)
			sfree(s.ses);
		expect(r, v[i].want, &before, "SESSION_INIT: %s", v[i].what);
		if (v[i].want && !v[i].size && !v[i].tag_size) {
			r = call(NCRIO_SESSION_ONCE, &o);
			expect(r, v[i].want, &before, "SESSION_ONCE: %s",
			       v[i].what);
		}
	}
	/* ONCE with the VER0 structure still works for symmetric ones */
	{
		struct ncr_session_once o = {
			.size = NCR_SESSION_ONCE_SIZE_VER0,
			.algorithm = NCR_ALG_SHA256, .op = NCR_OP_SIGN,
			.input = PTR64(buf_in), .input_size = 3,
			.tag = PTR64(buf_tag), .tag_size = sizeof(buf_tag),
		};

		report_err(call(NCRIO_SESSION_ONCE, &o), 0,
			"SESSION_ONCE: SHA-256 with the VER0 structure");
	}
	/* ERANGE for a short signature buffer; SALT_AUTO only verifies */
	{
		struct ncr_session_once o = {
			.size = sizeof(o), .algorithm = NCR_ALG_ECDSA,
			.op = NCR_OP_SIGN, .key = ec, .hash = NCR_ALG_SHA256,
			.input = PTR64(buf_in), .input_size = 10,
			.tag = PTR64(buf_tag), .tag_size = 8,
			.pk_flags = NCR_PK_FLAG_SIG_RAW,
		};
		struct live before = live_now();

		r = call(NCRIO_SESSION_ONCE, &o);
		report(r == -ERANGE && o.tag_size == 64,
		       "ECDSA raw sign into 8 bytes: ERANGE with tag_size 64 "
		       "(got %s, %u)", errname(r), o.tag_size);
		{
			struct live now = live_now();

			report(now.keys == before.keys &&
			       now.sessions == before.sessions,
			       "ECDSA sign ERANGE leaves no session or key");
		}
		o.pk_flags = NCR_PK_FLAG_DIGEST;
		o.input_size = 31;
		o.tag = PTR64(buf_out);
		o.tag_size = NCR_MAX_SIGNATURE;
		r = call(NCRIO_SESSION_ONCE, &o);
		report_err(r, -EINVAL, "ECDSA SHA-256 over a 31-byte \"digest\"");
	}
	kdel(ec);
	kdel(ecp);
	kdel(ed);
	kdel(edp);
	if (ecp_enc)
		kdel(ecp_enc);
}
