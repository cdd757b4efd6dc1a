// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * storage.c - build/tests/security: the master key (ENOKEY before it is
 * set, EPERM for non-root, EEXIST the second time), exportability across
 * storage round trips, storage blobs keeping the whole policy, and
 * tampered blobs (EBADMSG, nothing created).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "security.h"

/* ------------------------------------------------------------ master key */

static void probe_master(void)
{
	uint8_t blob[NCR_STORAGE_BLOB_MAX];
	size_t len = sizeof(blob);
	uint32_t key;
	int r;

	if (ncr_key_generate(fd, NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_STORABLE,
			     NCR_KEY_USAGE_ENCRYPT, &key))
		return;
	r = ncr_key_storage_wrap(fd, key, blob, &len);
	master_set = r == 0;
	ncr_key_deinit(fd, key);
}

void test_master(const char *hex)
{
	uint8_t *mk = NULL, other[32];
	size_t mk_len = 0;
	struct live before;
	int r;

	memset(other, 0x42, sizeof(other));
	probe_master();
	if (!is_root) {
		before = live_now();
		r = ncr_master_key_set(fd, other, sizeof(other));
		expect_none(r, -EPERM, &before,
			    "master key set without CAP_SYS_ADMIN");
		tap_diag("master key %s", master_set ? "set" : "not set");
		return;
	}
	if (!hex) {
		tap_skip("no --master-key-hex given", "master key set");
		return;
	}
	mk = hex_decode(hex, &mk_len);
	if (!mk || mk_len != 32) {
		tap_ok(0, "--master-key-hex must be 64 hex digits");
		free(mk);
		return;
	}
	if (!master_set) {
		uint8_t blob[NCR_STORAGE_BLOB_MAX] = { 1 };
		size_t len = sizeof(blob);
		uint32_t key, k2;

		r = ncr_key_generate(fd, NCR_KEY_TYPE_AES, 128,
				     NCR_KEY_FLAG_STORABLE,
				     NCR_KEY_USAGE_ENCRYPT, &key);
		before = live_now();
		r = r ? r : ncr_key_storage_wrap(fd, key, blob, &len);
		expect_none(r, -ENOKEY, &before,
			    "storage wrap with no master key");
		memset(blob, 0, sizeof(blob));
		blob[0] = 1;
		r = ncr_key_storage_unwrap(fd, blob, 128, &k2);
		expect_none(r, -ENOKEY, &before,
			    "storage unwrap with no master key");
		ncr_key_deinit(fd, key);
	} else {
		tap_skip("master key already set in this boot",
			 "storage wrap/unwrap with no master key: ENOKEY");
	}
	before = live_now();
	r = ncr_master_key_set(fd, mk, 31);
	if (master_set && r == -EEXIST)	/* order of checks is open */
		expect_none(r, -EEXIST, &before, "master key set with 31 "
			    "bytes (already set)");
	else
		expect_none(r, -EINVAL, &before, "master key set with 31 "
			    "bytes");
	r = ncr_master_key_set(fd, mk, 32);
	if (r == -EEXIST && master_set) {
		tap_skip("set earlier in this boot", "master key set: EEXIST");
	} else {
		tap_err(r, 0, "master key set (first in this boot)");
	}
	r = ncr_master_key_set(fd, mk, 32);
	tap_err(r, -EEXIST, "master key set again, same key");
	r = ncr_master_key_set(fd, other, 32);
	tap_err(r, -EEXIST, "master key set again, another key");
	probe_master();
	tap_ok(master_set, "storage wrap works once the master key is set");
	free(mk);
}

/* ---------------------------------------------------------- exportability */

void test_exportable(void)
{
	uint8_t buf[64], blob[NCR_STORAGE_BLOB_MAX], ct1[32], ct2[32], ref[32];
	uint8_t msg[32];
	struct live before;
	size_t len, blen;
	uint32_t k, k2, k3;
	int r;

	memset(msg, 0x33, sizeof(msg));
	ref_cipher(NCR_ALG_AES_CBC, 1, aes_bytes, 16, iv16, msg, 32, ref);

	/* generated, not exportable (but everything else) */
	r = gen_key(fd, NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_WRAPPABLE |
		    NCR_KEY_FLAG_HASHABLE | NCR_KEY_FLAG_STORABLE,
		    NCR_KEY_USAGE_ENCRYPT, 0, &k);
	before = live_now();
	len = sizeof(buf);
	memset(buf, 0x5a, sizeof(buf));
	r = r ? r : ncr_key_export(fd, k, buf, &len);
	expect_none(r, -EPERM, &before, "export of a generated key without "
		    "EXPORTABLE");
	tap_ok(buf[0] == 0x5a && buf[31] == 0x5a, "the refused export wrote "
	       "nothing");
	ncr_key_deinit(fd, k);

	/* imported without EXPORTABLE: the caller had the bytes, the key is
	 * still not exportable */
	r = imp_key(fd, NCR_KEY_TYPE_AES, aes_bytes, 16,
		    NCR_KEY_FLAG_WRAPPABLE | NCR_KEY_FLAG_HASHABLE |
		    NCR_KEY_FLAG_STORABLE,
		    NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_CBC, "exp-test", &k);
	tap_err(r, 0, "import without EXPORTABLE");
	{
		struct ncr_key_info ki;

		kinfo(fd, k, &ki);
		tap_ok(ki.attrs == (is_root ? NCR_KEY_ATTR_ALWAYS_SENSITIVE :
				    0u), "the imported key's attrs are %s "
		       "(%#x): %s", is_root ? "ALWAYS_SENSITIVE" : "none",
		       ki.attrs, is_root ? "imported with CAP_SYS_ADMIN" :
		       "its importer had the bytes");
	}
	before = live_now();
	len = sizeof(buf);
	r = ncr_key_export(fd, k, buf, &len);
	expect_none(r, -EPERM, &before, "export of an imported key without "
		    "EXPORTABLE");

	/* imported with EXPORTABLE */
	r = imp_key(fd, NCR_KEY_TYPE_AES, aes_bytes, 16,
		    NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_STORABLE,
		    NCR_KEY_USAGE_ENCRYPT |
		    NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_AES_CBC, NULL, &k3);
	len = sizeof(buf);
	r = r ? r : ncr_key_export(fd, k3, buf, &len);
	tap_ok(!r && len == 16 && !memcmp(buf, aes_bytes, 16),
	       "export of an EXPORTABLE key returns its bytes (%s)",
	       errname(r));

	if (!master_set) {
		tap_skip("master key not set", "export after storage round "
			 "trips");
		ncr_key_deinit(fd, k);
		ncr_key_deinit(fd, k3);
		return;
	}
	/* non-exportable through a storage round trip */
	blen = sizeof(blob);
	r = ncr_key_storage_wrap(fd, k, blob, &blen);
	tap_err(r, 0, "storage wrap of a non-exportable STORABLE key");
	r = r ? r : ncr_key_storage_unwrap(fd, blob, blen, &k2);
	tap_err(r, 0, "storage unwrap");
	if (!r) {
		tap_ok(k2 != k, "unwrap creates a new handle");
		before = live_now();
		len = sizeof(buf);
		r = ncr_key_export(fd, k2, buf, &len);
		expect_none(r, -EPERM, &before, "export of the restored key");
		r = cbc_encrypt(fd, k, msg, 32, ct1);
		r = r ? r : cbc_encrypt(fd, k2, msg, 32, ct2);
		tap_ok(!r && !memcmp(ct1, ref, 32) && !memcmp(ct2, ref, 32),
		       "original and restored key encrypt identically (%s)",
		       errname(r));
		before = live_now();
		len = sizeof(buf);
		r = ncr_cipher(fd, NCR_ALG_AES_CBC, NCR_OP_DECRYPT, k2, iv16,
			       16, ct2, 32, buf, &len);
		expect_none(r, -EPERM, &before, "restored ENCRYPT-only key "
			    "cannot decrypt");
		/* and again: a round trip of the restored key */
		blen = sizeof(blob);
		r = ncr_key_storage_wrap(fd, k2, blob, &blen);
		{
			uint32_t k4;

			r = r ? r : ncr_key_storage_unwrap(fd, blob, blen, &k4);
			if (!r) {
				len = sizeof(buf);
				tap_err(ncr_key_export(fd, k4, buf, &len),
					-EPERM, "second round trip: export");
				ncr_key_deinit(fd, k4);
			} else {
				tap_ok(0, "second storage round trip: %s",
				       errname(r));
			}
		}
		ncr_key_deinit(fd, k2);
	}
	ncr_key_deinit(fd, k);

	/* exportable through a storage round trip: same bytes */
	blen = sizeof(blob);
	r = ncr_key_storage_wrap(fd, k3, blob, &blen);
	r = r ? r : ncr_key_storage_unwrap(fd, blob, blen, &k2);
	if (!r) {
		len = sizeof(buf);
		r = ncr_key_export(fd, k2, buf, &len);
		tap_ok(!r && len == 16 && !memcmp(buf, aes_bytes, 16),
		       "exportable key after a storage round trip: same "
		       "bytes (%s)", errname(r));
		ncr_key_deinit(fd, k2);
	} else {
		tap_ok(0, "storage round trip of an exportable key: %s",
		       errname(r));
	}
	ncr_key_deinit(fd, k3);
}

/* --------------------------------------------------------------- storage */

/* Storage round trip of key: the restored key's info (version 1) equals
 * the original's in every field; the restored handle in *out (0 if none). */
static void storage_same(uint32_t key, const char *what, uint32_t *out)
{
	uint8_t blob[NCR_STORAGE_BLOB_MAX];
	struct ncr_key_info i1, i2;
	const char *why = "none";
	size_t blen = sizeof(blob);
	uint32_t k2 = 0;
	int r;

	*out = 0;
	r = kinfo(fd, key, &i1);
	r = r ? r : ncr_key_storage_wrap(fd, key, blob, &blen);
	r = r ? r : ncr_key_storage_unwrap(fd, blob, blen, &k2);
	if (!tap_err(r, 0, "%s: storage round trip", what))
		return;
	r = kinfo(fd, k2, &i2);
	tap_ok(!r && key_info_equal_why(&i1, &i2, &why) &&
	       i2.key_id_size == NCR_KEY_ID_LEN && k2 != key,
	       "%s: restored key has exactly the flags (%#x), usage (%#x), "
	       "algorithm set (%#llx), attributes (%#x), key ID (%u bytes) "
	       "and label (%u bytes) of the sealed key (differs: %s; after: "
	       "flags %#x usage %#x algs %#llx attrs %#x)", what, i1.flags,
	       i1.usage, (unsigned long long)i1.algs, i1.attrs,
	       i1.key_id_size, i1.label_size, why, i2.flags, i2.usage,
	       (unsigned long long)i2.algs, i2.attrs);
	*out = k2;
}

void test_storage(void)
{
	static const char label_max[NCR_KEY_LABEL_MAX] = "\x00\x01label\xff"
		"with-every-byte-possible";
	uint8_t blob[NCR_STORAGE_BLOB_MAX], buf[64], hb[32];
	struct ncr_key_info ki, k2i;
	struct live before;
	size_t blen, len;
	uint32_t k = 0, k2 = 0;
	int r;

	if (!master_set) {
		tap_skip("master key not set", "storage wrap policy checks");
		return;
	}
	/* STORABLE is required: everything else is not enough */
	r = gen_key(fd, NCR_KEY_TYPE_HMAC, 256, NCR_KEY_FLAG_EXPORTABLE |
		    NCR_KEY_FLAG_HASHABLE | NCR_KEY_FLAG_WRAPPABLE,
		    NCR_KEY_USAGE_SIGN, 0, &k);
	before = live_now();
	blen = sizeof(blob);
	r = r ? r : ncr_key_storage_wrap(fd, k, blob, &blen);
	expect_none(r, -EPERM, &before, "storage wrap of an EXPORTABLE|"
		    "WRAPPABLE|HASHABLE key without STORABLE");
	ncr_key_deinit(fd, k);
	r = gen_key(fd, NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_STORABLE,
		    NCR_KEY_USAGE_ENCRYPT, 0, &k);
	blen = sizeof(blob);
	r = r ? r : ncr_key_storage_wrap(fd, k, blob, &blen);
	tap_err(r, 0, "storage wrap of a key with STORABLE only (no "
		"WRAPPABLE)");
	ncr_key_deinit(fd, k);

	/* generated: LOCAL, ALWAYS_SENSITIVE; a label, two algorithms */
	{
		struct ncr_key_policy p = {
			.flags = NCR_KEY_FLAG_STORABLE |
				 NCR_KEY_FLAG_WRAPPABLE |
				 NCR_KEY_FLAG_HASHABLE,
			.usage = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
			.algs = NCR_KEY_ALG_AES_CBC | NCR_KEY_ALG_AES_CTR,
			.label = "generated-key", .label_len = 13,
		};

		r = ncr_key_generate_ex(fd, NCR_KEY_TYPE_AES, 256, &p, &k);
	}
	if (tap_err(r, 0, "generate a STORABLE AES-256 key with a label")) {
		kinfo(fd, k, &ki);
		tap_ok(ki.attrs == (NCR_KEY_ATTR_LOCAL |
				    NCR_KEY_ATTR_ALWAYS_SENSITIVE) &&
		       ki.label_size == 13 && !memcmp(ki.label,
						      "generated-key", 13) &&
		       ki.key_id_size == NCR_KEY_ID_LEN &&
		       ki.algs == (NCR_KEY_ALG_AES_CBC | NCR_KEY_ALG_AES_CTR),
		       "the generated key: attrs LOCAL|ALWAYS_SENSITIVE "
		       "(%#x), its label, a %u-byte key ID, the set asked",
		       ki.attrs, ki.key_id_size);
		storage_same(k, "generated AES key", &k2);
		if (k2) {
			/* the same blob loads again with the same key ID */
			uint32_t k5 = 0;

			blen = sizeof(blob);
			r = ncr_key_storage_wrap(fd, k, blob, &blen);
			ncr_key_deinit(fd, k);
			k = 0;
			r = r ? r : ncr_key_storage_unwrap(fd, blob, blen, &k5);
			kinfo(fd, k2, &k2i);
			kinfo(fd, k5, &ki);
			tap_ok(!r && k5 != k2 && key_info_equal(&ki, &k2i),
			       "a blob unwraps more than once, also after the "
			       "original was deinit'ed: new handle, same key "
			       "ID and policy (%s)", errname(r));
			if (!r)
				ncr_key_deinit(fd, k5);
			ncr_key_deinit(fd, k2);
		}
		if (k)
			ncr_key_deinit(fd, k);
	}

	/* imported, exportable (no ALWAYS_SENSITIVE), never wrappable
	 * (NEVER_EXTRACTABLE); a label of NCR_KEY_LABEL_MAX arbitrary bytes */
	for (size_t i = 0; i < sizeof(hb); i++)
		hb[i] = (uint8_t)(0x11 * i + 3);
	{
		struct ncr_key_policy p = {
			.flags = NCR_KEY_FLAG_STORABLE |
				 NCR_KEY_FLAG_EXPORTABLE,
			.usage = NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY,
			.algs = NCR_KEY_ALG_HMAC_SHA256 |
				NCR_KEY_ALG_HMAC_SHA512,
			.label = label_max, .label_len = sizeof(label_max),
		};

		r = ncr_key_import_ex(fd, NCR_KEY_TYPE_HMAC, 0, 0, hb,
				      sizeof(hb), &p, &k);
	}
	if (tap_err(r, 0, "import an exportable HMAC key with a %u-byte "
		    "label", NCR_KEY_LABEL_MAX)) {
		kinfo(fd, k, &ki);
		tap_ok(ki.attrs == NCR_KEY_ATTR_NEVER_EXTRACTABLE,
		       "the imported key: attrs NEVER_EXTRACTABLE only (%#x)",
		       ki.attrs);
		storage_same(k, "imported HMAC key", &k2);
		if (k2) {
			len = sizeof(buf);
			r = ncr_key_export(fd, k2, buf, &len);
			tap_ok(!r && len == sizeof(hb) &&
			       !memcmp(buf, hb, sizeof(hb)),
			       "the restored exportable key exports the same "
			       "bytes (%s)", errname(r));
			ncr_key_deinit(fd, k2);
		}
		ncr_key_deinit(fd, k);
	}

	/* restricted before sealing: the blob holds the stricter policy */
	r = gen_key(fd, NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_STORABLE |
		    NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_WRAPPABLE,
		    NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
		    NCR_KEY_ALG_AES_GCM | NCR_KEY_ALG_AES_CCM, &k);
	r = r ? r : ncr_key_restrict(fd, k, NCR_KEY_FLAG_EXPORTABLE,
				     NCR_KEY_USAGE_DECRYPT,
				     NCR_KEY_ALG_AES_CCM);
	if (tap_err(r, 0, "a key made EXPORTABLE, then restricted")) {
		kinfo(fd, k, &ki);
		tap_ok(ki.flags == (NCR_KEY_FLAG_STORABLE |
				    NCR_KEY_FLAG_WRAPPABLE) &&
		       ki.usage == NCR_KEY_USAGE_ENCRYPT &&
		       ki.algs == NCR_KEY_ALG_AES_GCM &&
		       ki.attrs == NCR_KEY_ATTR_LOCAL,
		       "the restricted key: flags %#x usage %#x algs %#llx "
		       "attrs %#x (LOCAL only: it was once exportable and "
		       "wrappable)", ki.flags, ki.usage,
		       (unsigned long long)ki.algs, ki.attrs);
		storage_same(k, "restricted key", &k2);
		if (k2) {
			uint8_t iv[13] = { 0 }, tag[16];

			before = live_now();
			len = sizeof(buf);
			r = ncr_key_export(fd, k2, buf, &len);
			expect_none(r, -EPERM, &before, "the restored "
				    "restricted key: export");
			r = ncr_aead_decrypt(fd, NCR_ALG_AES_GCM, k2, iv, 12,
					     NULL, 0, buf, 16, buf + 16,
					     buf + 32, 16);
			expect_none(r, -EPERM, &before, "the restored "
				    "restricted key: decrypt");
			r = ncr_aead_encrypt(fd, NCR_ALG_AES_CCM, k2, iv, 13,
					     NULL, 0, buf, 16, buf + 16, tag,
					     16);
			expect_none(r, -EPERM, &before, "the restored "
				    "restricted key: CCM");
			ncr_key_deinit(fd, k2);
		}
		/* STORABLE cleared: no more blobs */
		r = ncr_key_restrict(fd, k, NCR_KEY_FLAG_STORABLE, 0, 0);
		before = live_now();
		blen = sizeof(blob);
		r = r ? r : ncr_key_storage_wrap(fd, k, blob, &blen);
		expect_none(r, -EPERM, &before, "storage wrap after STORABLE "
			    "was cleared");
	}
	ncr_key_deinit(fd, k);

	/* a ChaCha20 key with the default set and no label */
	r = gen_key(fd, NCR_KEY_TYPE_CHACHA20, 256, NCR_KEY_FLAG_STORABLE,
		    NCR_KEY_USAGE_DECRYPT, 0, &k);
	if (tap_err(r, 0, "a STORABLE ChaCha20 key")) {
		storage_same(k, "ChaCha20 key with the default set", &k2);
		if (k2)
			ncr_key_deinit(fd, k2);
		ncr_key_deinit(fd, k);
	}

	/* a TRUSTED key keeps TRUSTED (only root can make one) */
	if (is_root) {
		r = gen_key(fd, NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_STORABLE |
			    NCR_KEY_FLAG_TRUSTED, NCR_KEY_USAGE_WRAP |
			    NCR_KEY_USAGE_UNWRAP, NCR_KEY_ALG_AES_KWP, &k);
		if (tap_err(r, 0, "a STORABLE TRUSTED wrapping key")) {
			storage_same(k, "TRUSTED wrapping key", &k2);
			if (k2)
				ncr_key_deinit(fd, k2);
			ncr_key_deinit(fd, k);
		}
	}
}

/* ---------------------------------------------------------- blob tamper */

void test_blob_tamper(void)
{
	static uint8_t blob[NCR_STORAGE_BLOB_MAX + 2], t[NCR_STORAGE_BLOB_MAX + 2];
	const char label[] = "tamper";
	struct ncr_key_info k0;
	uint8_t kbytes[32];
	struct live before;
	size_t blen;
	uint32_t k, k2;
	int r, bad = 0, proto = 0, trunc_bad = 0;
	char proto_pos[200] = "";

	if (!master_set) {
		tap_skip("master key not set", "blob tamper");
		return;
	}
	for (size_t i = 0; i < sizeof(kbytes); i++)
		kbytes[i] = (uint8_t)(i + 1);
	r = ncr_key_import(fd, NCR_KEY_TYPE_HMAC, kbytes, sizeof(kbytes), label,
			   strlen(label), NCR_KEY_FLAG_STORABLE,
			   NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY, &k);
	blen = sizeof(blob);
	r = r ? r : kinfo(fd, k, &k0);
	r = r ? r : ncr_key_storage_wrap(fd, k, blob, &blen);
	if (r) {
		tap_ok(0, "blob tamper: wrap: %s", errname(r));
		return;
	}
	ncr_key_deinit(fd, k);
	before = live_now();

	for (size_t i = 0; i < blen; i++) {
		for (int m = 0; m < 2; m++) {
			memcpy(t, blob, blen);
			t[i] ^= m ? 0x80 : 0x01;
			k2 = 0;
			r = ncr_key_storage_unwrap(fd, t, blen, &k2);
			if (r == -EPROTONOSUPPORT) {
				if (!m && strlen(proto_pos) < 180)
					snprintf(proto_pos + strlen(proto_pos),
						 sizeof(proto_pos) -
						 strlen(proto_pos), " %zu", i);
				proto++;
			} else if (r != -EBADMSG) {
				if (!bad++)
					tap_diag("byte %zu ^ %#x: %s", i,
						 m ? 0x80 : 1, errname(r));
				if (!r)
					ncr_key_deinit(fd, k2);
			}
		}
	}
	tap_ok(!bad && live_same(&before), "every byte of a %zu-byte blob "
	       "flipped (two ways): EBADMSG or EPROTONOSUPPORT, nothing "
	       "created (%d wrong)", blen, bad);
	if (proto)
		tap_diag("EPROTONOSUPPORT at byte(s)%s", proto_pos);
	tap_ok(proto <= 8, "EPROTONOSUPPORT only for a version field (%d "
	       "flips)", proto);

	for (size_t l = 0; l < blen; l++) {
		r = ncr_key_storage_unwrap(fd, blob, l, &k2);
		if (!(r == -EBADMSG || (l == 0 && r == -EINVAL))) {
			if (!trunc_bad++)
				tap_diag("truncated to %zu bytes: %s", l,
					 errname(r));
			if (!r)
				ncr_key_deinit(fd, k2);
		}
	}
	tap_ok(!trunc_bad && live_same(&before), "every truncation 0..%zu: "
	       "EBADMSG (EINVAL for 0), nothing created (%d wrong)", blen - 1,
	       trunc_bad);
	for (int v = 0; v < 2; v++) {
		memcpy(t, blob, blen);
		t[blen] = v ? 0xa5 : 0;
		r = ncr_key_storage_unwrap(fd, t, blen + 1, &k2);
		expect_none(r, -EBADMSG, &before, "blob with a %s byte appended",
			    v ? "0xa5" : "zero");
		if (!r)
			ncr_key_deinit(fd, k2);
	}
	/* the intact blob still works */
	r = ncr_key_storage_unwrap(fd, blob, blen, &k2);
	if (!r) {
		struct ncr_key_info ki;
		uint8_t msg[10] = "0123456789";

		uint8_t mac[32], want[32];
		size_t ml = sizeof(mac), wl;

		kinfo(fd, k2, &ki);
		r = ncr_mac(fd, NCR_ALG_HMAC_SHA256, k2, msg, 10, mac, &ml);
		ref_mac(NCR_ALG_HMAC_SHA256, kbytes, sizeof(kbytes), msg, 10,
			want, &wl);
		tap_ok(key_info_equal(&ki, &k0) && ki.label_size ==
		       strlen(label) && !r && ml == 32 &&
		       !memcmp(mac, want, 32),
		       "the intact blob unwraps to the same key: same info "
		       "(key ID, label), same MAC (%s)", errname(r));
		ncr_key_deinit(fd, k2);
	} else {
		tap_ok(0, "the intact blob unwraps: %s", errname(r));
	}
}
