// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/abi/key.c - part of build/tests/abi (see tests/abi/main.c): secret
 * keys: NCRIO_KEY_GENERATE and NCRIO_KEY_IMPORT parameters, key IDs,
 * labels and attributes in NCRIO_KEY_GET_INFO, NCRIO_KEY_RESTRICT.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "abi.h"

/* ------------------------------------------------- invalid parameters */

void test_generate_params(void)
{
	static const struct {
		uint32_t type, bits;
		int want;
	} cases[] = {
		{ 0, 128, -EINVAL }, { 5, 128, -EINVAL },
		{ 0xffffffffu, 128, -EINVAL },
		{ NCR_KEY_TYPE_AES, 0, -EINVAL }, { NCR_KEY_TYPE_AES, 64, -EINVAL },
		{ NCR_KEY_TYPE_AES, 127, -EINVAL },
		{ NCR_KEY_TYPE_AES, 129, -EINVAL },
		{ NCR_KEY_TYPE_AES, 320, -EINVAL },
		{ NCR_KEY_TYPE_AES, 1024, -EINVAL },
		{ NCR_KEY_TYPE_AES, 128, 0 }, { NCR_KEY_TYPE_AES, 192, 0 },
		{ NCR_KEY_TYPE_AES, 256, 0 }, { NCR_KEY_TYPE_AES, 384, 0 },
		{ NCR_KEY_TYPE_AES, 512, 0 },
		{ NCR_KEY_TYPE_DES3, 0, -EINVAL },
		{ NCR_KEY_TYPE_DES3, 64, -EINVAL },
		{ NCR_KEY_TYPE_DES3, 128, -EINVAL },
		{ NCR_KEY_TYPE_DES3, 168, -EINVAL },
		{ NCR_KEY_TYPE_DES3, 192, 0 },
		{ NCR_KEY_TYPE_CHACHA20, 128, -EINVAL },
		{ NCR_KEY_TYPE_CHACHA20, 512, -EINVAL },
		{ NCR_KEY_TYPE_CHACHA20, 256, 0 },
		{ NCR_KEY_TYPE_HMAC, 0, -EINVAL },
		{ NCR_KEY_TYPE_HMAC, 4, -EINVAL },
		{ NCR_KEY_TYPE_HMAC, 12, -EINVAL },
		{ NCR_KEY_TYPE_HMAC, NCR_MAX_HMAC_KEY_BYTES * 8 + 8, -EINVAL },
		{ NCR_KEY_TYPE_HMAC, 8, 0 },
		{ NCR_KEY_TYPE_HMAC, 136, 0 },
		{ NCR_KEY_TYPE_HMAC, NCR_MAX_HMAC_KEY_BYTES * 8, 0 },
	};
	struct live before;
	uint32_t key;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		/* a usage with a default set for each type */
		uint32_t usage = cases[i].type == NCR_KEY_TYPE_HMAC ?
				 NCR_KEY_USAGE_SIGN : NCR_KEY_USAGE_ENCRYPT;

		before = live_now();
		key = 0;
		int r = gen(cases[i].type, cases[i].bits, 0, usage, &key);

		expect(r, cases[i].want, &before, "generate type %u bits %u",
		       cases[i].type, cases[i].bits);
		if (!r) {
			struct ncr_key_info ki;

			r = kinfo(key, &ki);
			report(!r && ki.type == cases[i].type &&
			       ki.bits == cases[i].bits && ki.flags == 0 &&
			       ki.usage == usage &&
			       ki.key_id_size == NCR_KEY_ID_LEN &&
			       ki.key_class == NCR_KEY_CLASS_SECRET &&
			       ki.attrs == (NCR_KEY_ATTR_LOCAL |
					    NCR_KEY_ATTR_ALWAYS_SENSITIVE |
					    NCR_KEY_ATTR_NEVER_EXTRACTABLE),
			       "generated key info: type %u bits %u flags %u "
			       "key_id_size %u (want 16) attrs %#x (want "
			       "LOCAL|ALWAYS_SENSITIVE|NEVER_EXTRACTABLE)",
			       ki.type, ki.bits, ki.flags, ki.key_id_size,
			       ki.attrs);
			kdel(key);
		}
	}
	before = live_now();
	expect(gen(NCR_KEY_TYPE_AES, 128, 0, 0, &key), -EINVAL, &before,
	       "generate with usage 0");
}

void test_import_params(void)
{
	static const struct {
		uint32_t type, len;
		int want;
	} cases[] = {
		{ NCR_KEY_TYPE_AES, 0, -EINVAL }, { NCR_KEY_TYPE_AES, 15, -EINVAL },
		{ NCR_KEY_TYPE_AES, 17, -EINVAL }, { NCR_KEY_TYPE_AES, 33, -EINVAL },
		{ NCR_KEY_TYPE_AES, 65, -EINVAL }, { NCR_KEY_TYPE_AES, 48, 0 },
		{ NCR_KEY_TYPE_DES3, 16, -EINVAL }, { NCR_KEY_TYPE_DES3, 24, 0 },
		{ NCR_KEY_TYPE_CHACHA20, 16, -EINVAL },
		{ NCR_KEY_TYPE_CHACHA20, 32, 0 },
		{ NCR_KEY_TYPE_HMAC, 0, -EINVAL },
		{ NCR_KEY_TYPE_HMAC, NCR_MAX_HMAC_KEY_BYTES + 1, -EINVAL },
		{ NCR_KEY_TYPE_HMAC, 1, 0 },
		{ 0, 16, -EINVAL }, { 9, 16, -EINVAL },
	};
	uint8_t *data = calloc(1, NCR_MAX_HMAC_KEY_BYTES + 8);
	struct live before;
	uint32_t key;
	int r;

	/* distinct bytes: a DES3 key of equal thirds is refused as weak */
	for (size_t i = 0; i < NCR_MAX_HMAC_KEY_BYTES + 8; i++)
		data[i] = (uint8_t)(i * 37 + 11);

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		before = live_now();
		key = 0;
		r = imp(cases[i].type, data, cases[i].len, 0,
			cases[i].type == NCR_KEY_TYPE_HMAC ?
			NCR_KEY_USAGE_SIGN : NCR_KEY_USAGE_ENCRYPT, &key);
		expect(r, cases[i].want, &before, "import type %u, %u bytes",
		       cases[i].type, cases[i].len);
		if (!r)
			kdel(key);
	}
	{
		struct ncr_key_import im = {
			.size = sizeof(im), .type = NCR_KEY_TYPE_AES,
			.usage = NCR_KEY_USAGE_ENCRYPT, .data = PTR64(data),
			.data_size = 16, .label = PTR64(data + 64),
			.label_size = NCR_KEY_LABEL_MAX + 1 };

		before = live_now();
		r = call(NCRIO_KEY_IMPORT, &im);
		expect(r, -EINVAL, &before, "import with label_size %d",
		       NCR_KEY_LABEL_MAX + 1);
		im.label_size = 0xffffffffu;
		r = call(NCRIO_KEY_IMPORT, &im);
		expect(r, -EINVAL, &before, "import with label_size "
		       "0xffffffff");
		im.label_size = NCR_KEY_LABEL_MAX;
		for (int i = 0; i < NCR_KEY_LABEL_MAX; i++)
			data[64 + i] = (uint8_t)(i * 8);	/* a 0 byte too */
		im.flags = NCR_KEY_FLAG_HASHABLE;
		im.usage = NCR_KEY_USAGE_DECRYPT | NCR_KEY_USAGE_DERIVE;
		r = call(NCRIO_KEY_IMPORT, &im);
		expect(r, 0, NULL, "import with label_size %d",
		       NCR_KEY_LABEL_MAX);
		if (!r) {
			struct ncr_key_info ki;

			r = kinfo(im.key, &ki);
			report(!r && ki.type == NCR_KEY_TYPE_AES &&
			       ki.bits == 128 &&
			       ki.flags == NCR_KEY_FLAG_HASHABLE &&
			       ki.usage == (NCR_KEY_USAGE_DECRYPT |
					    NCR_KEY_USAGE_DERIVE) &&
			       ki.algs == NCR_KEY_ALG_AES_GCM &&
			       ki.key_id_size == NCR_KEY_ID_LEN &&
			       ki.label_size == NCR_KEY_LABEL_MAX &&
			       !memcmp(ki.label, data + 64, NCR_KEY_LABEL_MAX) &&
			       ki.attrs == (NCR_KEY_ATTR_NEVER_EXTRACTABLE |
					    (is_root ?
					     NCR_KEY_ATTR_ALWAYS_SENSITIVE : 0)),
			       "key info of an imported key: type, bits, flags, "
			       "usage as imported, algs the default (GCM; "
			       "DERIVE adds nothing), a kernel key ID, the "
			       "32-byte label, attrs without LOCAL, "
			       "ALWAYS_SENSITIVE only if imported by root "
			       "(got %#x)", ki.attrs);
			kdel(im.key);
		}
		im.label_size = 0;
		im.label = 0;
		r = call(NCRIO_KEY_IMPORT, &im);
		if (!r) {
			struct ncr_key_info ki;

			memset(&ki, 0x5a, sizeof(ki));
			r = kinfo(im.key, &ki);
			report(!r && ki.label_size == 0 &&
			       ki.key_id_size == NCR_KEY_ID_LEN,
			       "import with label_size 0: empty label, still a "
			       "16-byte key ID (%s, label_size %u)", errname(r),
			       ki.label_size);
			kdel(im.key);
		} else {
			expect(r, 0, NULL, "import with label_size 0");
		}
	}
	free(data);
}

/* --------------------------------------- key IDs, labels, attributes */

void test_key_ids_labels_attrs(void)
{
	enum { N = 48 };
	static uint8_t ids[N][NCR_KEY_ID_LEN];
	uint32_t keys[N] = { 0 };
	struct ncr_key_info ki;
	struct live before;
	int bad = 0, dup = 0, r;

	/* kernel-assigned IDs: one material imported many times still
	 * gives distinct IDs */
	for (int i = 0; i < N; i++) {
		r = i % 2 ? gen(NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_ENCRYPT,
				&keys[i]) :
			    imp(NCR_KEY_TYPE_AES, key16, 16, 0,
				NCR_KEY_USAGE_ENCRYPT, &keys[i]);
		r = r ?: kinfo(keys[i], &ki);
		if (r || ki.key_id_size != NCR_KEY_ID_LEN) {
			bad++;
			continue;
		}
		for (int j = NCR_KEY_ID_LEN; j < NCR_KEY_ID_MAX; j++)
			bad += ki.key_id[j] != 0;
		memcpy(ids[i], ki.key_id, NCR_KEY_ID_LEN);
	}
	for (int i = 0; i < N; i++)
		for (int j = i + 1; j < N; j++)
			dup += !memcmp(ids[i], ids[j], NCR_KEY_ID_LEN);
	report(!bad && !dup, "%d keys (generated, and one material imported "
	       "again and again): key_id_size %d, %d distinct IDs, the rest "
	       "of key_id zero (%d bad, %d equal pairs)", N, NCR_KEY_ID_LEN,
	       N, bad, dup);
	for (int i = 0; i < N; i++)
		if (keys[i])
			kdel(keys[i]);

	/* labels: any bytes, 0..NCR_KEY_LABEL_MAX */
	{
		static const uint32_t lens[] = { 1, 5, 16, 31,
						 NCR_KEY_LABEL_MAX };
		uint8_t lab[NCR_KEY_LABEL_MAX + 1];

		bad = 0;
		for (size_t i = 0; i < ARRAY_SIZE(lens); i++) {
			struct ncr_key_generate g = {
				.size = sizeof(g), .type = NCR_KEY_TYPE_AES,
				.bits = 128, .usage = NCR_KEY_USAGE_ENCRYPT,
				.label = PTR64(lab), .label_size = lens[i] };

			for (uint32_t j = 0; j < sizeof(lab); j++)
				lab[j] = (uint8_t)(j * 85 + i);	/* 0, 0xff */
			r = call(NCRIO_KEY_GENERATE, &g);
			memset(&ki, 0x5a, sizeof(ki));
			r = r ?: kinfo(g.key, &ki);
			if (r || ki.label_size != lens[i] ||
			    memcmp(ki.label, lab, lens[i]))
				bad++;
			for (uint32_t j = lens[i]; j < NCR_KEY_LABEL_MAX; j++)
				bad += ki.label[j] != 0;
			if (!r)
				kdel(g.key);
		}
		report(!bad, "labels of 1, 5, 16, 31 and 32 arbitrary bytes "
		       "come back in key info, the rest of label[] zero");
		{
			struct ncr_key_generate g = {
				.size = sizeof(g), .type = NCR_KEY_TYPE_AES,
				.bits = 128, .usage = NCR_KEY_USAGE_ENCRYPT,
				.label = PTR64(lab),
				.label_size = NCR_KEY_LABEL_MAX + 1 };

			before = live_now();
			expect(call(NCRIO_KEY_GENERATE, &g), -EINVAL, &before,
			       "generate with label_size %d",
			       NCR_KEY_LABEL_MAX + 1);
			g.label_size = 1u << 31;
			expect(call(NCRIO_KEY_GENERATE, &g), -EINVAL, &before,
			       "generate with label_size 2^31");
		}
	}

	/* attributes of generated and imported keys */
	{
		static const struct {
			int generated;
			uint32_t flags, want;
		} at[] = {
			{ 1, 0, NCR_KEY_ATTR_LOCAL |
			  NCR_KEY_ATTR_ALWAYS_SENSITIVE |
			  NCR_KEY_ATTR_NEVER_EXTRACTABLE },
			{ 1, NCR_KEY_FLAG_HASHABLE | NCR_KEY_FLAG_STORABLE,
			  NCR_KEY_ATTR_LOCAL | NCR_KEY_ATTR_ALWAYS_SENSITIVE |
			  NCR_KEY_ATTR_NEVER_EXTRACTABLE },
			{ 1, NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_ATTR_LOCAL |
			  NCR_KEY_ATTR_NEVER_EXTRACTABLE },
			{ 1, NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_ATTR_LOCAL |
			  NCR_KEY_ATTR_ALWAYS_SENSITIVE },
			{ 1, NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_WRAPPABLE,
			  NCR_KEY_ATTR_LOCAL },
			/* imported: ALWAYS_SENSITIVE only if by root */
			{ 0, 0, NCR_KEY_ATTR_ALWAYS_SENSITIVE |
			  NCR_KEY_ATTR_NEVER_EXTRACTABLE },
			{ 0, NCR_KEY_FLAG_EXPORTABLE,
			  NCR_KEY_ATTR_NEVER_EXTRACTABLE },
			{ 0, NCR_KEY_FLAG_WRAPPABLE,
			  NCR_KEY_ATTR_ALWAYS_SENSITIVE },
			{ 0, NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_WRAPPABLE,
			  0 },
		};

		for (size_t i = 0; i < ARRAY_SIZE(at); i++) {
			uint32_t k = 0;

			r = at[i].generated ?
			    gen(NCR_KEY_TYPE_AES, 256, at[i].flags,
				NCR_KEY_USAGE_ENCRYPT, &k) :
			    imp(NCR_KEY_TYPE_AES, key16, 16, at[i].flags,
				NCR_KEY_USAGE_ENCRYPT, &k);
			uint32_t want = at[i].want;

			if (!at[i].generated && !is_root)
				want &= ~NCR_KEY_ATTR_ALWAYS_SENSITIVE;
			r = r ?: kinfo(k, &ki);
			report(!r && ki.attrs == want &&
			       ki.flags == at[i].flags,
			       "%s key with flags %#x: attrs %#x (want %#x)",
			       at[i].generated ? "generated" :
			       is_root ? "imported (by root)" :
			       "imported (without CAP_SYS_ADMIN)",
			       at[i].flags, ki.attrs, want);
			if (k)
				kdel(k);
		}
	}

	/* key info version 0: 64 bytes written, nothing after */
	{
		uint8_t raw[sizeof(struct ncr_key_info) + 16];
		struct ncr_key_info *p = (void *)raw;
		uint32_t k = 0;
		int clean = 1;

		r = gen(NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_WRAPPABLE,
			NCR_KEY_USAGE_WRAP, &k);
		memset(raw, 0xee, sizeof(raw));
		p->size = NCR_KEY_INFO_SIZE_VER0;
		p->key = k;
		r = r ?: call(NCRIO_KEY_GET_INFO, p);
		for (size_t i = NCR_KEY_INFO_SIZE_VER0; i < sizeof(raw); i++)
			clean &= raw[i] == 0xee;
		report(!r && clean && p->key_id_size == NCR_KEY_ID_LEN &&
		       p->flags == NCR_KEY_FLAG_WRAPPABLE &&
		       p->usage == NCR_KEY_USAGE_WRAP && p->bits == 128 &&
		       p->type == NCR_KEY_TYPE_AES &&
		       p->key_class == NCR_KEY_CLASS_SECRET,
		       "key info with the VER0 size (64): the version 0 fields "
		       "written, the 48 bytes of version 1 and beyond left "
		       "alone (%s)", errname(r));
		if (k)
			kdel(k);
	}
}

/* ------------------------------------------------- NCRIO_KEY_RESTRICT */

static int same_policy(const struct ncr_key_info *a,
		       const struct ncr_key_info *b)
{
	return a->flags == b->flags && a->usage == b->usage &&
	       a->algs == b->algs && a->attrs == b->attrs &&
	       a->type == b->type && a->bits == b->bits &&
	       a->key_id_size == b->key_id_size &&
	       !memcmp(a->key_id, b->key_id, sizeof(a->key_id)) &&
	       a->label_size == b->label_size &&
	       !memcmp(a->label, b->label, sizeof(a->label));
}

void test_restrict(void)
{
	const uint32_t flags = NCR_KEY_FLAG_EXPORTABLE |
			       NCR_KEY_FLAG_WRAPPABLE |
			       NCR_KEY_FLAG_HASHABLE | NCR_KEY_FLAG_STORABLE;
	const uint32_t usage = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT |
			       NCR_KEY_USAGE_SIGN;
	const uint64_t algs = NCR_KEY_ALG_AES_CBC | NCR_KEY_ALG_AES_CTR |
			      NCR_KEY_ALG_AES_GCM | NCR_KEY_ALG_CMAC_AES;
	struct ncr_key_info a, b, c;
	static uint8_t blob0[NCR_STORAGE_BLOB_MAX], blob1[NCR_STORAGE_BLOB_MAX];
	size_t blob0_len = 0, blob1_len = 0;
	uint8_t out[128], ref[128];
	struct live before;
	uint32_t k = 0, ses = 0, ses2 = 0;
	int r;

	r = impx(NCR_KEY_TYPE_AES, key16, 16, flags, usage, algs, &k);
	r = r ?: kinfo(k, &a);
	if (!report_err(r, 0, "an AES key for the restrict checks"))
		return;
	if (master_set) {
		struct ncr_key_storage st = {
			.size = sizeof(st), .key = k, .blob = PTR64(blob0),
			.blob_size = sizeof(blob0) };

		if (!call(NCRIO_KEY_STORAGE_WRAP, &st))
			blob0_len = st.blob_size;
	}

	/* bits the key does not have: nothing changes, nothing is added */
	r = krestrict(k, NCR_KEY_FLAG_TRUSTED, NCR_KEY_USAGE_VERIFY |
		      NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP |
		      NCR_KEY_USAGE_DERIVE, NCR_KEY_ALG_AES_ECB |
		      NCR_KEY_ALG_AES_XTS | NCR_KEY_ALG_AES_CCM | AES_WRAPS |
		      NCR_KEY_ALG_HMAC_ALL | NCR_KEY_ALG_RSA_PSS);
	kinfo(k, &b);
	report(!r && same_policy(&a, &b), "restrict of bits the key does not "
	       "have: success, policy unchanged (%s)", errname(r));
	r = krestrict(k, 0, 0, 0);
	kinfo(k, &b);
	report(!r && same_policy(&a, &b), "restrict of nothing: success, "
	       "policy unchanged (%s)", errname(r));

	/* refused: unknown bits, an empty usage or set; nothing changes */
	{
		static const struct {
			uint32_t cf, cu;
			uint64_t ca;
			const char *what;
		} bad[] = {
			{ NCR_KEY_FLAG_EXPORTABLE | 0x40, 0, 0,
			  "clear_flags with bit 6" },
			{ 0x80000000u, NCR_KEY_USAGE_SIGN, 0,
			  "clear_flags with bit 31" },
			{ NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN | 0x80,
			  0, "clear_usage with bit 7" },
			{ 0, NCR_KEY_USAGE_SIGN, NCR_KEY_ALG_AES_CBC |
			  (1ULL << 13), "clear_algs with bit 13" },
			{ 0, 0, 1ULL << 63, "clear_algs with bit 63" },
			{ NCR_KEY_FLAG_EXPORTABLE, usage, 0,
			  "clearing every usage bit (and EXPORTABLE)" },
			{ 0, NCR_KEY_USAGE_ALL, 0, "clear_usage ALL" },
			{ NCR_KEY_FLAG_HASHABLE, 0, algs,
			  "clearing the whole set (and HASHABLE)" },
			{ 0, 0, NCR_KEY_ALGS_ALL, "clear_algs ALGS_ALL" },
			{ 0, NCR_KEY_USAGE_ENCRYPT, algs |
			  NCR_KEY_ALG_AES_ECB, "clearing the set and more" },
		};

		for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
			before = live_now();
			r = krestrict(k, bad[i].cf, bad[i].cu, bad[i].ca);
			expect(r, -EINVAL, &before, "restrict: %s",
			       bad[i].what);
			kinfo(k, &b);
			report(same_policy(&a, &b), "restrict: %s: the "
			       "policy is unchanged", bad[i].what);
		}
	}

	/* a session started before the restriction */
	r = sinit(NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k, iv16, 16, 0, &ses);
	r = r ?: sinit(NCR_ALG_CMAC_AES, NCR_OP_SIGN, k, NULL, 0, 0, &ses2);
	report_err(r, 0, "CBC encrypt and CMAC sessions started before the "
		   "restriction");
	r = krestrict(k, NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_HASHABLE,
		      NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_SIGN,
		      NCR_KEY_ALG_AES_CBC | NCR_KEY_ALG_CMAC_AES);
	report_err(r, 0, "restrict: clear EXPORTABLE|HASHABLE, ENCRYPT|SIGN, "
		   "CBC|CMAC");
	r = kinfo(k, &b);
	report(!r && b.flags == (NCR_KEY_FLAG_WRAPPABLE |
				 NCR_KEY_FLAG_STORABLE) &&
	       b.usage == NCR_KEY_USAGE_DECRYPT &&
	       b.algs == (NCR_KEY_ALG_AES_CTR | NCR_KEY_ALG_AES_GCM) &&
	       b.attrs == a.attrs && !(b.attrs &
				       NCR_KEY_ATTR_ALWAYS_SENSITIVE) &&
	       b.key_id_size == a.key_id_size &&
	       !memcmp(b.key_id, a.key_id, NCR_KEY_ID_MAX),
	       "key info after restrict: flags %#x, usage %#x, algs %#llx; "
	       "attrs unchanged (%#x: still not ALWAYS_SENSITIVE), same ID",
	       b.flags, b.usage, (unsigned long long)b.algs, b.attrs);
	/* the old sessions keep running with what they started with */
	if (ses) {
		struct ncr_session_op o;
		size_t got = 0;

		ref_cipher(NCR_ALG_AES_CBC, 1, key16, 16, iv16, buf_in, 64,
			   ref);
		op_init(&o, ses, buf_in, 32, out, sizeof(out));
		r = call(NCRIO_SESSION_UPDATE, &o);
		got = r ? 0 : o.output_size;
		op_init(&o, ses, buf_in + 32, 32, out + got,
			sizeof(out) - got);
		r = r ?: call(NCRIO_SESSION_FINAL, &o);
		got += r ? 0 : o.output_size;
		report(!r && got == 64 && !memcmp(out, ref, 64), "the CBC "
		       "session started before keeps encrypting, right "
		       "output (%s)", errname(r));
		if (r)
			sfree(ses);
	}
	if (ses2) {
		struct ncr_session_op o;
		size_t n;

		ref_mac(NCR_ALG_CMAC_AES, key16, 16, buf_in, 40, ref, &n);
		op_init(&o, ses2, buf_in, 40, NULL, 0);
		o.tag = PTR64(out);
		o.tag_size = 16;
		r = call(NCRIO_SESSION_FINAL, &o);
		report(!r && o.tag_size == 16 && !memcmp(out, ref, 16),
		       "the CMAC session started before still signs (%s)",
		       errname(r));
	}
	/* new sessions get the new policy */
	{
		static const struct {
			uint32_t alg, op, iv;
			int want;
			const char *why;
		} c[] = {
			{ NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, 16, -EPERM,
			  "usage and algorithm cleared" },
			{ NCR_ALG_AES_CTR, NCR_OP_ENCRYPT, 16, -EPERM,
			  "ENCRYPT cleared" },
			{ NCR_ALG_AES_CBC, NCR_OP_DECRYPT, 16, -EPERM,
			  "CBC cleared" },
			{ NCR_ALG_CMAC_AES, NCR_OP_SIGN, 0, -EPERM,
			  "SIGN and CMAC cleared" },
			{ NCR_ALG_AES_CTR, NCR_OP_DECRYPT, 16, 0,
			  "left as it was" },
			{ NCR_ALG_AES_GCM, NCR_OP_DECRYPT, 12, 0,
			  "left as it was" },
		};

		for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
			int mac = c[i].alg == NCR_ALG_CMAC_AES;
			int aead = c[i].alg == NCR_ALG_AES_GCM;
			struct ncr_session_once o = {
				.size = sizeof(o), .algorithm = c[i].alg,
				.op = c[i].op, .key = k, .iv = PTR64(iv16),
				.iv_size = c[i].iv, .input = PTR64(buf_in),
				.input_size = 32,
				.output = mac ? 0 : PTR64(out),
				.output_size = mac ? 0 : sizeof(out),
				.tag = PTR64(buf_tag),
				.tag_size = mac || aead ? 16 : 0 };

			before = live_now();
			r = sinit(c[i].alg, c[i].op, k, iv16, c[i].iv, 0,
				  &ses);
			if (!r)
				sfree(ses);
			expect(r, c[i].want, &before, "after restrict: session "
			       "init %s/%u (%s)", talg_name(c[i].alg), c[i].op,
			       c[i].why);
			if (c[i].want || c[i].alg == NCR_ALG_AES_GCM) {
				r = call(NCRIO_SESSION_ONCE, &o);
				expect(r, c[i].want ? c[i].want : -EBADMSG,
				       &before, "after restrict: once %s/%u",
				       talg_name(c[i].alg), c[i].op);
			} else {
				r = call(NCRIO_SESSION_ONCE, &o);
				ref_cipher(NCR_ALG_AES_CTR, 0, key16, 16, iv16,
					   buf_in, 32, ref);
				report(!r && o.output_size == 32 &&
				       !memcmp(out, ref, 32), "after restrict: "
				       "once CTR decrypt still right (%s)",
				       errname(r));
			}
		}
	}
	/* the flags too */
	{
		uint8_t t[64];
		size_t n = sizeof(t);
		uint32_t wn = sizeof(t);
		struct ncr_session_once o = {
			.size = sizeof(o), .algorithm = NCR_ALG_SHA256,
			.op = NCR_OP_SIGN, .op_flags = NCR_OP_FLAG_KEY_DATA,
			.input_key = k, .tag = PTR64(t), .tag_size = 32 };

		before = live_now();
		expect(secret_export(fd, k, t, &n), -EPERM, &before,
		       "after clearing EXPORTABLE: export");
		expect(call(NCRIO_SESSION_ONCE, &o), -EPERM, &before,
		       "after clearing HASHABLE: SHA-256 of the key");
		expect(kwrap(NCR_WALG_AES_RFC5649, k_aes, k, t, &wn), -EPERM,
		       &before, "after clearing EXPORTABLE: wrap under an "
		       "untrusted key (WRAPPABLE alone is not enough)");
	}
	if (master_set) {
		struct ncr_key_storage st = {
			.size = sizeof(st), .key = k, .blob = PTR64(blob1),
			.blob_size = sizeof(blob1) };

		r = call(NCRIO_KEY_STORAGE_WRAP, &st);
		if (report_err(r, 0, "storage wrap of the restricted key "
			       "(still STORABLE)"))
			blob1_len = st.blob_size;
	}
	/* narrower still; then STORABLE goes too */
	r = krestrict(k, NCR_KEY_FLAG_STORABLE, 0, NCR_KEY_ALG_AES_CTR);
	kinfo(k, &c);
	report(!r && c.flags == NCR_KEY_FLAG_WRAPPABLE &&
	       c.algs == NCR_KEY_ALG_AES_GCM && c.usage == b.usage,
	       "a second restrict narrows further (%s)", errname(r));
	if (master_set) {
		struct ncr_key_storage st = {
			.size = sizeof(st), .key = k, .blob = PTR64(out),
			.blob_size = sizeof(out) };

		before = live_now();
		expect(call(NCRIO_KEY_STORAGE_WRAP, &st), -EPERM, &before,
		       "after clearing STORABLE: storage wrap");
	}
	/* a blob keeps the policy the key had when it was sealed */
	if (blob0_len && blob1_len) {
		struct ncr_key_storage st = { .size = sizeof(st) };
		struct ncr_key_info u0, u1;

		st.blob = PTR64(blob0);
		st.blob_size = (uint32_t)blob0_len;
		r = call(NCRIO_KEY_STORAGE_UNWRAP, &st);
		r = r ?: kinfo(st.key, &u0);
		if (!r)
			kdel(st.key);
		report(!r && same_policy(&u0, &a), "the blob sealed before "
		       "restrict loads with the policy of then (flags %#x)",
		       u0.flags);
		st.blob = PTR64(blob1);
		st.blob_size = (uint32_t)blob1_len;
		r = call(NCRIO_KEY_STORAGE_UNWRAP, &st);
		r = r ?: kinfo(st.key, &u1);
		if (!r)
			kdel(st.key);
		report(!r && same_policy(&u1, &b), "the blob sealed after "
		       "restrict loads restricted (flags %#x, usage %#x)",
		       u1.flags, u1.usage);
	} else if (!master_set) {
		report_skip("master key not set", "storage blobs keep the "
			    "policy of their sealing");
	}
	kdel(k);

	/* clearing EXPORTABLE/WRAPPABLE never makes a key ALWAYS_SENSITIVE
	 * or NEVER_EXTRACTABLE */
	r = gen(NCR_KEY_TYPE_HMAC, 256, NCR_KEY_FLAG_EXPORTABLE |
		NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_SIGN, &k);
	r = r ?: krestrict(k, NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_WRAPPABLE,
			   0, 0);
	r = r ?: kinfo(k, &b);
	report(!r && b.flags == 0 && b.attrs == NCR_KEY_ATTR_LOCAL,
	       "a generated EXPORTABLE|WRAPPABLE key with both cleared: "
	       "attrs stay LOCAL only (%#x)", b.attrs);
	if (k)
		kdel(k);
}
