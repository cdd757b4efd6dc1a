// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * storage.c - build/tests/pk_interop: key IDs (the kernel's), labels
 * (the caller's) and storage blobs of public-key objects.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "pk_interop.h"

static int label_is(const struct ncr_key_info *ki, const char *label)
{
	return ki->label_size == strlen(label) &&
	       !memcmp(ki->label, label, ki->label_size);
}

/*
 * Key IDs are the kernel's: 16 bytes, one for both halves of a generated
 * pair, another for every import (even of the same key with the same
 * label); labels are the caller's.  A STORABLE private key sealed in a
 * storage blob comes back with its ID, label, flags, usage, set and
 * attributes, and signs for OpenSSL; a private key without STORABLE is
 * refused (EPERM); a public key is always storable; a changed blob is
 * EBADMSG.  The blobs need the master key (tests/vm-suite.sh has
 * tests/security/ set one first): ENOKEY skips them.
 */
void test_ids_storage(void)
{
	static const char label[] = "pk_interop: a label of mine";
	uint8_t der[NCR_MAX_PKEY_BYTES], blob[NCR_STORAGE_BLOB_MAX];
	uint8_t m[64], sig[NCR_MAX_SIGNATURE];
	size_t len = sizeof(der), bl = sizeof(blob), sl = sizeof(sig);
	struct ncr_key_info a, b, c, d, e;
	struct pkp p = { .hash = NCR_ALG_SHA256 };
	uint32_t kpriv = 0, kpub = 0, k1 = 0, k2 = 0, ku = 0;
	EVP_PKEY *o = ossl_gen("EC", "P-256"), *opub = NULL;
	int r;

	r = key_genpair(fd, NCR_KEY_TYPE_EC, 256, 0, NULL, 0,
			NCR_KEY_FLAG_STORABLE, NCR_KEY_USAGE_SIGN, 0, 0, 0,
			label, strlen(label), &kpriv, &kpub);
	if (!tap_err(r, 0, "key IDs: a storable EC P-256 pair with a label"))
		goto out;
	r = key_info(fd, kpriv, &a);
	r = r ? r : key_info(fd, kpub, &b);
	tap_ok(!r && a.key_id_size == NCR_KEY_ID_LEN &&
	       b.key_id_size == NCR_KEY_ID_LEN &&
	       !memcmp(a.key_id, b.key_id, NCR_KEY_ID_LEN) &&
	       label_is(&a, label) && label_is(&b, label) &&
	       (a.attrs & NCR_KEY_ATTR_LOCAL) && (b.attrs & NCR_KEY_ATTR_LOCAL),
	       "key IDs: both halves of a generated pair have one %d-byte "
	       "kernel ID (sizes %u, %u) and the caller's label, and are "
	       "LOCAL (%s)", NCR_KEY_ID_LEN, a.key_id_size, b.key_id_size,
	       errname(r));
	if (!o || ossl_der(o, 1, der, &len)) {
		tap_ok(0, "key IDs: an OpenSSL P-256 key");
		goto out;
	}
	r = key_import(fd, NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_PKCS8, 0, der, len,
		       0, NCR_KEY_USAGE_SIGN, 0, label, strlen(label), &k1);
	r = r ? r : key_import(fd, NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_PKCS8, 0,
			       der, len, 0, NCR_KEY_USAGE_SIGN, 0, label,
			       strlen(label), &k2);
	r = r ? r : key_info(fd, k1, &c);
	r = r ? r : key_info(fd, k2, &d);
	tap_ok(!r && c.key_id_size == NCR_KEY_ID_LEN &&
	       d.key_id_size == NCR_KEY_ID_LEN &&
	       memcmp(c.key_id, d.key_id, NCR_KEY_ID_LEN) &&
	       memcmp(c.key_id, a.key_id, NCR_KEY_ID_LEN) &&
	       label_is(&c, label) && label_is(&d, label) &&
	       !(c.attrs & NCR_KEY_ATTR_LOCAL),
	       "key IDs: two imports of one key with one label get two "
	       "kernel IDs, keep the label, are not LOCAL (%s)", errname(r));

	/* storage blobs */
	r = key_store(fd, kpriv, blob, &bl);
	if (r == -ENOKEY) {
		tap_skip("no master key set (tests/vm-suite.sh has "
			 "tests/security/ set one first)",
			 "storage blobs of public-key objects");
		goto out;
	}
	if (!tap_err(r, 0, "storage: blob of the STORABLE private key (%zu "
		     "bytes)", bl))
		goto out;
	r = key_load(fd, blob, bl, &ku);
	if (tap_err(r, 0, "storage: the blob loads")) {
		r = key_info(fd, ku, &e);
		tap_ok(!r && e.key_id_size == a.key_id_size &&
		       !memcmp(e.key_id, a.key_id, NCR_KEY_ID_LEN) &&
		       label_is(&e, label) && e.flags == a.flags &&
		       e.usage == a.usage && e.algs == a.algs &&
		       e.attrs == a.attrs && e.type == a.type &&
		       e.bits == a.bits && e.key_class == a.key_class,
		       "storage: the loaded key has the sealed key's ID, "
		       "label, flags 0x%x, usage 0x%x, set 0x%llx, attrs 0x%x",
		       e.flags, e.usage, (unsigned long long)e.algs, e.attrs);
		opub = kexport_pub(kpub);
		rng_fill(&rng, m, sizeof(m));
		r = pk_sign(fd, NCR_ALG_ECDSA, ku, &p, m, sizeof(m), sig, &sl);
		tap_ok(!r && opub && ossl_verify(opub, NCR_ALG_SHA256, 0, 0, m,
						 sizeof(m), sig, sl) == 1,
		       "storage: the loaded key signs, OpenSSL verifies with "
		       "the original public key (%s)", errname(r));
		key_del(fd, ku);
	}
	blob[bl / 2] ^= 0x20;
	r = key_load(fd, blob, bl, &ku);
	if (!r)
		key_del(fd, ku);
	tap_err(r, -EBADMSG, "storage: a changed blob");
	bl = sizeof(blob);
	r = key_store(fd, k1, blob, &bl);
	tap_err(r, -EPERM, "storage: blob of a private key without STORABLE");
	bl = sizeof(blob);
	r = key_store(fd, kpub, blob, &bl);
	tap_ok(!r && (b.flags & NCR_KEY_FLAG_STORABLE), "storage: a public key "
	       "is storable (flags 0x%x) and seals (%s)", b.flags, errname(r));
out:
	memset(der, 0, sizeof(der));
	EVP_PKEY_free(opub);
	EVP_PKEY_free(o);
	if (k1)
		key_del(fd, k1);
	if (k2)
		key_del(fd, k2);
	if (kpriv)
		key_del(fd, kpriv);
	if (kpub)
		key_del(fd, kpub);
}
