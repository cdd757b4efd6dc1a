// SPDX-License-Identifier: GPL-2.0
/*
 * security - the security properties of ncr keys (ABI 3): what a process
 * holding handles, but not the key bytes, must not be able to do.
 *
 *   build/tests/security [--master-key-hex HEX64]
 *
 * Run it as root with --master-key-hex first in a boot, then again as an
 * unprivileged user (tests/vm-suite.sh does both); the checks that need
 * CAP_SYS_ADMIN (trusted keys, master key set) run in the root pass, and
 * the unprivileged pass checks that the same calls are refused.
 *
 * Sections, in order:
 *   master key   as root with --master-key-hex: storage wrap/unwrap with no
 *                master key set give ENOKEY (skipped if one is already
 *                set), the set succeeds (EEXIST tolerated if an earlier
 *                run of this boot set it), a second set gives EEXIST.  As
 *                non-root: the set gives EPERM.
 *   exportability  export of a non-exportable key (generated or imported)
 *                is EPERM, also after a storage round trip; an EXPORTABLE
 *                key exports its bytes, also after a round trip.
 *   storage      NCR_KEY_FLAG_STORABLE is required for a storage wrap
 *                (EPERM without, even for an EXPORTABLE|WRAPPABLE|HASHABLE
 *                key, or after NCRIO_KEY_RESTRICT cleared it; WRAPPABLE is
 *                not needed); a round trip keeps flags, usage, algorithm
 *                set, attributes, key ID and label exactly (key info
 *                version 1 compared field by field before and after) for
 *                generated, imported, restricted and (root) TRUSTED keys;
 *                a restored key is no looser than the sealed one; a blob
 *                unwraps more than once, each time with the same key ID.
 *   namespaces   handles of one open() are ENOENT in another; fork, dup
 *                and SCM_RIGHTS share the namespace; the last close frees
 *                everything in it.
 *   usage        each NCR_KEY_USAGE_* bit is enforced (EPERM), with the
 *                algorithm in the key's set so that the usage alone
 *                refuses; the permitted direction works.
 *   algorithm sets  the default sets of ncr.h (AES ENCRYPT: GCM only,
 *                SIGN: CMAC, WRAP: KW|KWP, 48/64-byte AES: XTS, ChaCha20:
 *                ChaCha20-Poly1305, HMAC: every HMAC, DES3: DES3-CBC); a
 *                key used with an algorithm outside its set is EPERM even
 *                when the usage allows it: a GCM key through CTR/ECB/CBC/
 *                CCM, a CMAC key through ECB/CBC, a key-wrap key through
 *                ECB, a ChaCha20-Poly1305 key through plain ChaCha20;
 *                usages of two families without an explicit set, sets of
 *                another type, XTS mixed with others: EINVAL.
 *   restrict     NCRIO_KEY_RESTRICT makes a key stricter, never looser:
 *                EXPORTABLE cleared: export EPERM; WRAPPABLE cleared: wrap
 *                EPERM; HASHABLE cleared: key data EPERM; STORABLE
 *                cleared: storage wrap EPERM; a usage cleared: init and
 *                once EPERM; an algorithm cleared: EPERM; what is left
 *                keeps working; a session started before keeps running;
 *                emptying usage or set, unknown bits: EINVAL, key
 *                unchanged; another namespace's handle: ENOENT.
 *   key data     NCR_OP_FLAG_KEY_DATA needs NCR_KEY_FLAG_HASHABLE and 16
 *                bytes of material (EPERM); only digests but MD5 and HMACs
 *                (CMAC, MD5: EINVAL), never a public-key object (EINVAL);
 *                hashing a key equals hashing its bytes.
 *   key wrap     a key without WRAPPABLE is never wrapped (EPERM), not even
 *                when exportable; a wrappable, non-exportable key under an
 *                ordinary (generated or imported) wrapping key: EPERM; a
 *                wrappable, exportable one: wrapped; a wrapping key needs
 *                WRAP / UNWRAP usage (EPERM); an unwrapped key gets exactly
 *                the flags asked (no forced WRAPPABLE), but EXPORTABLE or
 *                HASHABLE under a non-exportable unwrapping key is EPERM
 *                with nothing created (no decryption oracle), and works
 *                under an exportable one; an unwrapped wrappable key cannot
 *                be laundered through an ordinary wrapping key (EPERM);
 *                handles of another namespace: ENOENT.
 *   trusted keys as root: a TRUSTED wrapping key (NCR_KEY_FLAG_TRUSTED at
 *                generate or unwrap, or NCRIO_KEY_TRUST) wraps a
 *                wrappable, non-exportable key, the unwrapped key has the
 *                same material, the rewrap is identical; WRAPPABLE is still
 *                needed; TRUSTED only for wrap-only keys that never were
 *                exportable (EXPORTABLE, HASHABLE, ENCRYPT usage, a non-wrap
 *                algorithm, a once-exportable key, an HMAC key: EINVAL);
 *                clearing TRUSTED takes the right away; keys whose
 *                material the caller may know are never trusted
 *                (NCRIO_KEY_TRUST: EINVAL): imported by an unprivileged
 *                process into a shared namespace, unwrapped under an
 *                ordinary key, derived.  The attributes say where the
 *                material has been: ALWAYS_SENSITIVE for generated keys,
 *                keys imported by root and keys unwrapped under a TRUSTED
 *                key only (never for imports by others, keys unwrapped
 *                under ordinary keys, derived or public keys).  As
 *                non-root: TRUSTED at generate, import, unwrap and key
 *                pair generation, and NCRIO_KEY_TRUST, give EPERM,
 *                nothing created.
 *   blob tamper  every byte of a blob flipped, every truncation, an
 *                appended byte: EBADMSG (EPROTONOSUPPORT for the version,
 *                EINVAL only for length 0); nothing created.
 *   deinit       a session keeps a deinit'ed key alive and completes
 *                correctly.
 *   public key   a private key without EXPORTABLE refuses PKCS8, PKCS1
 *                and RAW export (EPERM) but gives SPKI and RAW_PUBLIC;
 *                public key objects are exportable and storable; usage
 *                bits and key classes for sign, verify, encrypt, decrypt
 *                and derive (a public key never signs, decrypts or derives:
 *                EPERM); derived keys get exactly the flags and usage
 *                asked, but never TRUSTED (EPERM at derive, also for
 *                root; NCRIO_KEY_TRUST of a derived key: EINVAL); RSA-OAEP
 *                key wrap follows the key wrap rules (untrusted RSA public
 *                key: only exportable keys; as root a TRUSTED RSA public
 *                key wraps a non-exportable key; an unwrapped key is
 *                exportable only under an exportable private key); storage
 *                blobs of private keys need STORABLE, round-trip and the
 *                restored key signs verifiably; invalid ECDH/X25519/DH peer
 *                values give EINVAL with nothing created; a child SIGKILLed
 *                during DSA parameter or RSA-4096 generation is reaped
 *                within a second and leaves no key behind.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <grp.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "libncr.h"
#include "tap.h"

static int fd;
static int is_root;
static int master_set;

static const uint8_t aes_bytes[16] = {
	0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
	0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c,
};
static const uint8_t iv16[16] = { 0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6,
				  0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd,
				  0xfe, 0xff };

static struct live live_now(void)
{
	struct live l = { 0 };

	live_get(fd, &l);
	return l;
}

static int live_same(const struct live *a)
{
	struct live b = live_now();

	return a->keys == b.keys && a->sessions == b.sessions;
}

/* err == want and nothing was created or destroyed since *before. */
static int expect_none(int got, int want, const struct live *before,
		       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int expect_none(int got, int want, const struct live *before,
		       const char *fmt, ...)
{
	char name[400];
	va_list ap;
	int same = live_same(before);

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	if (got != want)
		return tap_ok(0, "%s: got %s, want %s", name, errname(got),
			      errname(want));
	return tap_ok(same, "%s: %s%s", name, errname(want),
		      same ? "" : ", but live keys/sessions changed");
}

static int cbc_encrypt(int ctx, uint32_t key, const void *in, size_t len,
		       uint8_t *out)
{
	size_t n = len;

	return ncr_cipher(ctx, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, key, iv16, 16,
			  in, len, out, &n);
}

/* Key creation with a whole policy (algs 0: the default set). */
static int gen_key(int ctx, uint32_t type, uint32_t bits, uint32_t flags,
		   uint32_t usage, uint64_t algs, uint32_t *key)
{
	struct ncr_key_policy p = {
		.flags = flags, .usage = usage, .algs = algs,
	};

	return ncr_key_generate_ex(ctx, type, bits, &p, key);
}

static int imp_key(int ctx, uint32_t type, const void *bytes, size_t len,
		   uint32_t flags, uint32_t usage, uint64_t algs,
		   const char *label, uint32_t *key)
{
	struct ncr_key_policy p = {
		.flags = flags, .usage = usage, .algs = algs, .label = label,
		.label_len = label ? strlen(label) : 0,
	};

	return ncr_key_import_ex(ctx, type, 0, 0, bytes, len, &p, key);
}

static int unwrap_key(int ctx, uint32_t walg, uint32_t wk, const void *in,
		      size_t len, uint32_t type, uint32_t flags,
		      uint32_t usage, uint64_t algs, uint32_t *key)
{
	struct ncr_key_policy p = {
		.flags = flags, .usage = usage, .algs = algs,
	};

	return ncr_key_unwrap_ex(ctx, walg, wk, in, len, type, &p, key);
}

/* Key info, structure version 1 (algs, attrs, label); zeroed on error. */
static int kinfo(int ctx, uint32_t key, struct ncr_key_info *ki)
{
	int r = ncr_key_get_info(ctx, key, ki);

	if (r)
		memset(ki, 0, sizeof(*ki));
	return r;
}

/*
 * 1 if two keys' info (version 1) is identical in every field but the
 * handle; else 0, with the first field that differs in *why.
 */
static int key_info_equal_why(const struct ncr_key_info *a,
			      const struct ncr_key_info *b, const char **why)
{
	const char *w = NULL;

	if (a->flags != b->flags)
		w = "flags";
	else if (a->usage != b->usage)
		w = "usage";
	else if (a->type != b->type)
		w = "type";
	else if (a->bits != b->bits)
		w = "bits";
	else if (a->key_class != b->key_class)
		w = "key_class";
	else if (a->key_id_size != b->key_id_size ||
		 a->key_id_size > NCR_KEY_ID_MAX ||
		 memcmp(a->key_id, b->key_id, a->key_id_size))
		w = "key_id";
	else if (a->algs != b->algs)
		w = "algs";
	else if (a->attrs != b->attrs)
		w = "attrs";
	else if (a->label_size != b->label_size ||
		 a->label_size > NCR_KEY_LABEL_MAX ||
		 memcmp(a->label, b->label, a->label_size))
		w = "label";
	if (why)
		*why = w ? w : "none";
	return !w;
}

static int key_info_equal(const struct ncr_key_info *a,
			  const struct ncr_key_info *b)
{
	return key_info_equal_why(a, b, NULL);
}

/* Raw once hashing the material of a key (libncr has no helper). */
static int once_key_data(int ctx, uint32_t alg, uint32_t mac_key,
			 uint32_t input_key, uint8_t *out, uint32_t *out_len)
{
	struct ncr_session_once o = {
		.size = sizeof(o), .algorithm = alg, .op = NCR_OP_SIGN,
		.key = mac_key, .op_flags = NCR_OP_FLAG_KEY_DATA,
		.input_key = input_key, .tag = PTR64(out),
		.tag_size = *out_len,
	};
	int r = xioctl(ctx, NCRIO_SESSION_ONCE, &o);

	if (!r)
		*out_len = o.tag_size;
	return r;
}

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

static void test_master(const char *hex)
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

static void test_exportable(void)
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

static void test_storage(void)
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

/* ------------------------------------------------------------- namespaces */

static int send_fd(int sock, int pass)
{
	char c = 'x';
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = u.buf,
			    .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&m);

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &pass, sizeof(int));
	return sendmsg(sock, &m, 0) == 1 ? 0 : -1;
}

static int recv_fd(int sock)
{
	char c;
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = u.buf,
			    .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *cm;
	int got;

	if (recvmsg(sock, &m, 0) != 1)
		return -1;
	cm = CMSG_FIRSTHDR(&m);
	if (!cm || cm->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&got, CMSG_DATA(cm), sizeof(int));
	return got;
}

static void test_namespaces(void)
{
	int a = ncr_open(), b = ncr_open();
	uint8_t msg[32], ref[32], buf[64], tag[64];
	struct ncr_key_info ki;
	size_t len;
	uint32_t ka, sa, ses, hk;
	struct live before;
	int r;

	if (a < 0 || b < 0) {
		tap_ok(0, "open two namespaces: %s", errname(a < 0 ? a : b));
		return;
	}
	memset(msg, 0x5c, sizeof(msg));
	ref_cipher(NCR_ALG_AES_CBC, 1, aes_bytes, 16, iv16, msg, 32, ref);
	r = imp_key(a, NCR_KEY_TYPE_AES, aes_bytes, 16,
		    NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_HASHABLE |
		    NCR_KEY_FLAG_WRAPPABLE | NCR_KEY_FLAG_STORABLE,
		    NCR_KEY_USAGE_ENCRYPT |
		    NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_AES_CBC, NULL, &ka);
	r = r ? r : ncr_session_init(a, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, ka,
				     iv16, 16, 0, 0, &sa);
	if (!tap_err(r, 0, "namespace A: a key and a CBC session")) {
		ncr_close(a);
		ncr_close(b);
		return;
	}

	/* namespace b is empty: a's handles mean nothing there */
	before = live_now();
	memset(&ki, 0, sizeof(ki));
	expect_none(ncr_key_get_info(b, ka, &ki), -ENOENT, &before,
		    "key of namespace A in B: get info");
	len = sizeof(buf);
	expect_none(ncr_key_export(b, ka, buf, &len), -ENOENT, &before,
		    "key of namespace A in B: export");
	expect_none(ncr_session_init(b, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, ka,
				     iv16, 16, 0, 0, &ses), -ENOENT, &before,
		    "key of namespace A in B: session init");
	len = sizeof(buf);
	expect_none(ncr_cipher(b, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, ka, iv16, 16,
			       msg, 32, buf, &len), -ENOENT, &before,
		    "key of namespace A in B: once");
	if (master_set) {
		uint8_t blob[NCR_STORAGE_BLOB_MAX];

		len = sizeof(blob);
		expect_none(ncr_key_storage_wrap(b, ka, blob, &len), -ENOENT,
			    &before, "key of namespace A in B: storage wrap");
	}
	{
		uint32_t n = sizeof(tag);

		expect_none(once_key_data(b, NCR_ALG_SHA256, 0, ka, tag, &n),
			    -ENOENT, &before,
			    "key of namespace A in B: hashed as key data");
	}
	len = sizeof(buf);
	expect_none(ncr_session_update(b, sa, msg, 16, buf, &len), -ENOENT,
		    &before, "session of namespace A in B: update");
	expect_none(ncr_session_free(b, sa), -ENOENT, &before,
		    "session of namespace A in B: free");
	expect_none(ncr_key_deinit(b, ka), -ENOENT, &before,
		    "key of namespace A in B: deinit");
	memset(&ki, 0, sizeof(ki));
	tap_err(ncr_key_get_info(a, ka, &ki), 0,
		"the key is still there in A");

	/* a key in B is separate even if its handle number equals ka's */
	r = ncr_key_import(b, NCR_KEY_TYPE_HMAC, aes_bytes, 16, NULL, 0, 0,
			   NCR_KEY_USAGE_SIGN, &hk);
	if (!r) {
		memset(&ki, 0, sizeof(ki));
		ncr_key_get_info(a, ka, &ki);
		tap_ok(ki.type == NCR_KEY_TYPE_AES, "key created in B does not "
		       "change A's key (handles %u and %u)", ka, hk);
	}

	/* fork: the child shares namespace A */
	int pfd[2];
	pid_t pid;

	if (pipe(pfd)) {
		tap_ok(0, "pipe");
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		uint8_t out[32];
		uint32_t kc = 0;
		int bad = 0;

		len = 16;
		bad |= ncr_session_update(a, sa, msg, 16, out, &len) != 0;
		bad |= cbc_encrypt(a, ka, msg, 32, out) != 0;
		bad |= memcmp(out, ref, 32) != 0;
		bad |= ncr_key_generate(a, NCR_KEY_TYPE_AES, 128, 0,
					NCR_KEY_USAGE_ENCRYPT, &kc) != 0;
		/* tell the parent the new handle */
		bad |= write(pfd[1], &kc, sizeof(kc)) != sizeof(kc);
		_exit(bad);
	}
	{
		int st = 0;
		uint32_t kc = 0;

		close(pfd[1]);
		if (read(pfd[0], &kc, sizeof(kc)) != sizeof(kc))
			kc = 0;
		close(pfd[0]);
		waitpid(pid, &st, 0);
		tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		       "a forked child uses the parent's key and session");
		memset(&ki, 0, sizeof(ki));
		r = ncr_key_get_info(a, kc, &ki);
		tap_ok(!r && ki.type == NCR_KEY_TYPE_AES && ki.bits == 128,
		       "the child's key is in the parent's namespace after the "
		       "child exited (%s)", errname(r));
		if (!r)
			ncr_key_deinit(a, kc);
		/* the session the child fed goes on in the parent */
		len = sizeof(buf);
		r = ncr_session_final(a, sa, msg + 16, 16, buf, &len, NULL,
				      NULL);
		tap_ok(!r && len == 16 && !memcmp(buf, ref + 16, 16),
		       "the parent finishes the session the child fed (%s)",
		       errname(r));
	}

	/* dup and SCM_RIGHTS share it too */
	{
		int d = dup(a), sv[2], got = -1;

		memset(&ki, 0, sizeof(ki));
		tap_err(ncr_key_get_info(d, ka, &ki), 0, "dup'ed descriptor "
			"sees the key");
		close(d);
		if (!socketpair(AF_UNIX, SOCK_STREAM, 0, sv) &&
		    !send_fd(sv[0], a))
			got = recv_fd(sv[1]);
		memset(&ki, 0, sizeof(ki));
		tap_ok(got >= 0 && ncr_key_get_info(got, ka, &ki) == 0,
		       "descriptor passed with SCM_RIGHTS sees the key");
		if (got >= 0)
			close(got);
		close(sv[0]);
		close(sv[1]);
	}

	/* the last close frees everything in the namespace */
	{
		struct live l0, l1, want;
		uint32_t k;
		int c;

		live_get(fd, &l0);
		c = ncr_open();
		for (int i = 0; i < 3; i++)
			gen_key(c, NCR_KEY_TYPE_AES, 128, 0,
				NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_CBC, &k);
		ncr_session_init(c, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k, iv16,
				 16, 0, 0, &ses);
		ncr_session_init(c, NCR_ALG_SHA256, NCR_OP_SIGN, 0, NULL, 0, 0,
				 0, &ses);
		live_get(fd, &l1);
		tap_ok(l1.keys == l0.keys + 3 && l1.sessions == l0.sessions + 2 &&
		       l1.namespaces == l0.namespaces + 1,
		       "live counters count a new namespace's 3 keys and 2 "
		       "sessions");
		close(c);
		want = l0;
		r = live_wait(fd, &want, &l1);
		tap_ok(!r, "closing the namespace freed its keys, sessions "
		       "and itself (keys %llu, sessions %llu, namespaces %u)",
		       (unsigned long long)l1.keys,
		       (unsigned long long)l1.sessions, l1.namespaces);
		(void)len;
	}
	ncr_key_deinit(a, ka);
	ncr_close(a);
	ncr_close(b);
}

/* ----------------------------------------------------------------- usage */

static void test_usage(void)
{
	static const struct {
		uint32_t type, bits, usage, alg, op;
		const char *what;
	} cases[] = {
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT, NCR_ALG_AES_CBC,
		  NCR_OP_DECRYPT, "ENCRYPT-only AES key decrypting" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT, NCR_ALG_CMAC_AES,
		  NCR_OP_SIGN, "ENCRYPT-only AES key signing (CMAC)" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT, NCR_ALG_AES_GCM,
		  NCR_OP_DECRYPT, "ENCRYPT-only AES key decrypting (GCM)" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_DECRYPT, NCR_ALG_AES_CTR,
		  NCR_OP_ENCRYPT, "DECRYPT-only AES key encrypting" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_SIGN, NCR_ALG_CMAC_AES,
		  NCR_OP_VERIFY, "SIGN-only AES key verifying (CMAC)" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_SIGN |
		  NCR_KEY_USAGE_VERIFY, NCR_ALG_AES_ECB, NCR_OP_ENCRYPT,
		  "SIGN|VERIFY AES key encrypting" },
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_SIGN,
		  NCR_ALG_HMAC_SHA256, NCR_OP_VERIFY,
		  "SIGN-only HMAC key verifying" },
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_VERIFY,
		  NCR_ALG_HMAC_SHA512, NCR_OP_SIGN,
		  "VERIFY-only HMAC key signing" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_WRAP |
		  NCR_KEY_USAGE_UNWRAP | NCR_KEY_USAGE_DERIVE, NCR_ALG_AES_CBC,
		  NCR_OP_ENCRYPT, "WRAP|UNWRAP|DERIVE AES key encrypting" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_WRAP |
		  NCR_KEY_USAGE_UNWRAP | NCR_KEY_USAGE_DERIVE, NCR_ALG_AES_CBC,
		  NCR_OP_DECRYPT, "WRAP|UNWRAP|DERIVE AES key decrypting" },
		{ NCR_KEY_TYPE_CHACHA20, 256, NCR_KEY_USAGE_ENCRYPT,
		  NCR_ALG_CHACHA20_POLY1305, NCR_OP_DECRYPT,
		  "ENCRYPT-only ChaCha20 key decrypting" },
		{ NCR_KEY_TYPE_DES3, 192, NCR_KEY_USAGE_DECRYPT,
		  NCR_ALG_DES3_CBC, NCR_OP_ENCRYPT,
		  "DECRYPT-only DES3 key encrypting" },
	};
	uint8_t iv[16] = { 0 }, in[64] = { 0 }, out[128], tag[64];

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct talg *a = talg_get(cases[i].alg);
		struct live before;
		uint32_t k, ses;
		size_t ivl = a->iv, n;
		int r, allowed_op;

		/* the algorithm is in the set: only the usage refuses */
		r = gen_key(fd, cases[i].type, cases[i].bits, 0,
			    cases[i].usage, ncr_alg_keybit(cases[i].alg), &k);
		if (r) {
			tap_ok(0, "%s: generate: %s", cases[i].what,
			       errname(r));
			continue;
		}
		before = live_now();
		r = ncr_session_init(fd, cases[i].alg, cases[i].op, k, iv, ivl,
				     0, 0, &ses);
		expect_none(r, -EPERM, &before, "%s: session init",
			    cases[i].what);
		if (!r)
			ncr_session_free(fd, ses);
		/* once, through the matching libncr call */
		switch (cases[i].op) {
		case NCR_OP_SIGN:
			n = a->tag;
			r = ncr_mac(fd, cases[i].alg, k, in, 16, tag, &n);
			break;
		case NCR_OP_VERIFY:
			r = ncr_mac_verify(fd, cases[i].alg, k, in, 16, tag,
					   a->tag);
			break;
		default:
			if (a->kind == TK_AEAD) {
				memset(tag, 0, 16);
				r = cases[i].op == NCR_OP_ENCRYPT ?
				    ncr_aead_encrypt(fd, cases[i].alg, k, iv,
						     ivl, NULL, 0, in, 16, out,
						     tag, 16) :
				    ncr_aead_decrypt(fd, cases[i].alg, k, iv,
						     ivl, NULL, 0, in, 16, out,
						     tag, 16);
			} else {
				n = sizeof(out);
				r = ncr_cipher(fd, cases[i].alg, cases[i].op, k,
					       iv, ivl, in, 16, out, &n);
			}
		}
		expect_none(r, -EPERM, &before, "%s: once", cases[i].what);
		/* the permitted direction works */
		allowed_op = cases[i].usage & NCR_KEY_USAGE_ENCRYPT ?
			     NCR_OP_ENCRYPT :
			     cases[i].usage & NCR_KEY_USAGE_DECRYPT ?
			     NCR_OP_DECRYPT :
			     cases[i].usage & NCR_KEY_USAGE_SIGN ? NCR_OP_SIGN :
			     cases[i].usage & NCR_KEY_USAGE_VERIFY ?
			     NCR_OP_VERIFY : 0;
		if (allowed_op && (a->kind == TK_MAC) ==
		    (allowed_op >= NCR_OP_SIGN)) {
			r = ncr_session_init(fd, cases[i].alg, allowed_op, k,
					     iv, ivl, 0, 0, &ses);
			tap_err(r, 0, "%s: the permitted operation works",
				cases[i].what);
			if (!r)
				ncr_session_free(fd, ses);
		}
		ncr_key_deinit(fd, k);
	}
}

/* --------------------------------------------------------- algorithm sets */

/* Session init and once of alg/op with key: both EPERM, nothing made. */
static void alg_refused(uint32_t key, uint32_t alg, uint32_t op,
			const char *what)
{
	const struct talg *a = talg_get(alg);
	uint8_t iv[16] = { 0 }, in[32] = { 0 }, out[64], tag[64];
	size_t ivl = a->iv, n;
	struct live before = live_now();
	uint32_t ses;
	int r;

	r = ncr_session_init(fd, alg, op, key, iv, ivl, 0, 0, &ses);
	if (!r)
		ncr_session_free(fd, ses);
	expect_none(r, -EPERM, &before, "%s: %s %s session init", what,
		    a->name, op == NCR_OP_ENCRYPT ? "encrypt" :
		    op == NCR_OP_DECRYPT ? "decrypt" : op == NCR_OP_SIGN ?
		    "sign" : "verify");
	switch (a->kind) {
	case TK_MAC:
		n = a->tag;
		r = op == NCR_OP_SIGN ?
		    ncr_mac(fd, alg, key, in, 16, tag, &n) :
		    ncr_mac_verify(fd, alg, key, in, 16, tag, a->tag);
		break;
	case TK_AEAD:
		memset(tag, 0, 16);
		r = op == NCR_OP_ENCRYPT ?
		    ncr_aead_encrypt(fd, alg, key, iv, ivl, NULL, 0, in, 16,
				     out, tag, 16) :
		    ncr_aead_decrypt(fd, alg, key, iv, ivl, NULL, 0, in, 16,
				     out, tag, 16);
		break;
	default:
		n = sizeof(out);
		r = ncr_cipher(fd, alg, op, key, iv, ivl, in,
			       alg == NCR_ALG_AES_XTS ? 32 : 16, out, &n);
	}
	expect_none(r, -EPERM, &before, "%s: %s once", what, a->name);
}

static void test_algsets(void)
{
	static const struct {
		uint32_t type, bits, usage;
		uint64_t want;
		const char *what;
	} defaults[] = {
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_AES_GCM,
		  "AES ENCRYPT|DECRYPT" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_DECRYPT,
		  NCR_KEY_ALG_AES_GCM, "AES-256 DECRYPT" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_SIGN |
		  NCR_KEY_USAGE_VERIFY, NCR_KEY_ALG_CMAC_AES,
		  "AES SIGN|VERIFY" },
		{ NCR_KEY_TYPE_AES, 192, NCR_KEY_USAGE_WRAP |
		  NCR_KEY_USAGE_UNWRAP,
		  NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_KWP, "AES WRAP|UNWRAP" },
		{ NCR_KEY_TYPE_AES, 512, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_AES_XTS, "64-byte AES" },
		{ NCR_KEY_TYPE_AES, 384, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_XTS, "48-byte AES" },
		{ NCR_KEY_TYPE_DES3, 192, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_DES3_CBC, "DES3 ENCRYPT" },
		{ NCR_KEY_TYPE_CHACHA20, 256, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_CHACHA20_POLY1305,
		  "ChaCha20 ENCRYPT|DECRYPT" },
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_SIGN,
		  NCR_KEY_ALG_HMAC_ALL, "HMAC SIGN" },
	};
	/* a key whose usage allows the operation, used outside its set */
	static const struct {
		uint32_t type, bits, usage;
		uint64_t algs;	/* 0: default */
		uint32_t alg, op;
		const char *what;
	} outside[] = {
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, 0, NCR_ALG_AES_CTR, NCR_OP_DECRYPT,
		  "GCM key (default) as CTR keystream" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, 0, NCR_ALG_AES_ECB, NCR_OP_ENCRYPT,
		  "GCM key (default) as ECB (the GHASH key)" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, 0, NCR_ALG_AES_ECB, NCR_OP_DECRYPT,
		  "GCM key (default) as ECB decryption" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, 0, NCR_ALG_AES_CBC, NCR_OP_DECRYPT,
		  "GCM key (default) as CBC" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, 0, NCR_ALG_AES_CCM, NCR_OP_DECRYPT,
		  "GCM key (default) as CCM" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT | NCR_KEY_USAGE_SIGN |
		  NCR_KEY_USAGE_VERIFY, NCR_KEY_ALG_AES_GCM, NCR_ALG_CMAC_AES,
		  NCR_OP_SIGN, "GCM-only key with SIGN usage as CMAC" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT | NCR_KEY_USAGE_SIGN |
		  NCR_KEY_USAGE_VERIFY, NCR_KEY_ALG_CMAC_AES, NCR_ALG_AES_ECB,
		  NCR_OP_ENCRYPT, "CMAC-only key with ENCRYPT usage as ECB" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT | NCR_KEY_USAGE_SIGN |
		  NCR_KEY_USAGE_VERIFY, NCR_KEY_ALG_CMAC_AES, NCR_ALG_AES_CBC,
		  NCR_OP_ENCRYPT, "CMAC-only key with ENCRYPT usage as CBC" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_WRAP |
		  NCR_KEY_USAGE_UNWRAP | NCR_KEY_USAGE_DECRYPT,
		  NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_KWP, NCR_ALG_AES_ECB,
		  NCR_OP_DECRYPT, "key-wrap key with DECRYPT usage as ECB" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_AES_CBC, NCR_ALG_AES_XTS,
		  NCR_OP_DECRYPT, "AES-256 CBC key as XTS (two AES-128 keys)" },
		{ NCR_KEY_TYPE_CHACHA20, 256, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, 0, NCR_ALG_CHACHA20, NCR_OP_DECRYPT,
		  "ChaCha20-Poly1305 key (default) as ChaCha20" },
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_SIGN |
		  NCR_KEY_USAGE_VERIFY, NCR_KEY_ALG_HMAC_SHA512,
		  NCR_ALG_HMAC_SHA1, NCR_OP_SIGN,
		  "HMAC-SHA512-only key as HMAC-SHA1" },
	};
	/* creation refused: EINVAL */
	static const struct {
		uint32_t type, bits, usage;
		uint64_t algs;
		const char *what;
	} bad[] = {
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_SIGN, 0, "AES ENCRYPT|SIGN, no set" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ALL, 0,
		  "AES with every usage, no set" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_DECRYPT |
		  NCR_KEY_USAGE_UNWRAP, 0, "AES DECRYPT|UNWRAP, no set" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_SIGN,
		  NCR_KEY_ALG_HMAC_SHA256, "AES key with an HMAC set" },
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_SIGN,
		  NCR_KEY_ALG_CMAC_AES, "HMAC key with CMAC" },
		{ NCR_KEY_TYPE_CHACHA20, 256, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_GCM, "ChaCha20 key with AES-GCM" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_XTS | NCR_KEY_ALG_AES_CBC,
		  "AES-256 key with XTS and CBC" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_XTS, "AES-128 key with XTS" },
		{ NCR_KEY_TYPE_AES, 512, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_CBC, "64-byte AES key with CBC" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_RSA_OAEP, "AES key with RSA-OAEP" },
	};
	struct ncr_key_info ki;
	uint32_t k;
	int r;

	for (size_t i = 0; i < ARRAY_SIZE(defaults); i++) {
		r = gen_key(fd, defaults[i].type, defaults[i].bits, 0,
			    defaults[i].usage, 0, &k);
		r = r ? r : kinfo(fd, k, &ki);
		tap_ok(!r && ki.algs == defaults[i].want, "default set of %s: "
		       "%#llx (got %#llx, %s)", defaults[i].what,
		       (unsigned long long)defaults[i].want,
		       (unsigned long long)ki.algs, errname(r));
		if (!r)
			ncr_key_deinit(fd, k);
	}
	for (size_t i = 0; i < ARRAY_SIZE(outside); i++) {
		r = gen_key(fd, outside[i].type, outside[i].bits, 0,
			    outside[i].usage, outside[i].algs, &k);
		if (!tap_err(r, 0, "%s: create", outside[i].what))
			continue;
		alg_refused(k, outside[i].alg, outside[i].op, outside[i].what);
		ncr_key_deinit(fd, k);
	}
	/* the default GCM key does work with GCM */
	r = gen_key(fd, NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_ENCRYPT |
		    NCR_KEY_USAGE_DECRYPT, 0, &k);
	if (!r) {
		uint8_t iv[12] = { 1 }, pt[20] = "gcm in its own set", ct[20];
		uint8_t back[20], tag[16];

		r = ncr_aead_encrypt(fd, NCR_ALG_AES_GCM, k, iv, 12, NULL, 0,
				     pt, 20, ct, tag, 16);
		r = r ? r : ncr_aead_decrypt(fd, NCR_ALG_AES_GCM, k, iv, 12,
					     NULL, 0, ct, 20, back, tag, 16);
		tap_ok(!r && !memcmp(back, pt, 20), "the default-set AES key "
		       "encrypts and decrypts GCM (%s)", errname(r));
		ncr_key_deinit(fd, k);
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct live before = live_now();
		uint8_t kb[64] = { 7 };

		r = gen_key(fd, bad[i].type, bad[i].bits, 0, bad[i].usage,
			    bad[i].algs, &k);
		if (!r)
			ncr_key_deinit(fd, k);
		expect_none(r, -EINVAL, &before, "generate: %s", bad[i].what);
		r = imp_key(fd, bad[i].type, kb, bad[i].bits / 8, 0,
			    bad[i].usage, bad[i].algs, NULL, &k);
		if (!r)
			ncr_key_deinit(fd, k);
		expect_none(r, -EINVAL, &before, "import: %s", bad[i].what);
	}
	/* with the set named, the two families are allowed */
	r = gen_key(fd, NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_ENCRYPT |
		    NCR_KEY_USAGE_SIGN, NCR_KEY_ALG_AES_CBC |
		    NCR_KEY_ALG_CMAC_AES, &k);
	tap_err(r, 0, "AES ENCRYPT|SIGN with the set named (CBC|CMAC)");
	if (!r)
		ncr_key_deinit(fd, k);
}

/* -------------------------------------------------------------- key data */

static void test_key_data(void)
{
	uint8_t kb[48], want[64], got[64], macv[64], mix[3 + 48 + 3];
	struct live before;
	size_t n, wl;
	uint32_t k_plain, k_hash, k_hash_noexp, k_mac, ses, gl;
	int r;

	for (size_t i = 0; i < sizeof(kb); i++)
		kb[i] = (uint8_t)(0xa0 ^ (i * 13));
	ncr_key_import(fd, NCR_KEY_TYPE_HMAC, kb, sizeof(kb), NULL, 0,
		       NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN, &k_plain);
	ncr_key_import(fd, NCR_KEY_TYPE_HMAC, kb, sizeof(kb), NULL, 0,
		       NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_HASHABLE,
		       NCR_KEY_USAGE_SIGN, &k_hash);
	ncr_key_import(fd, NCR_KEY_TYPE_HMAC, kb, sizeof(kb), NULL, 0,
		       NCR_KEY_FLAG_HASHABLE, NCR_KEY_USAGE_SIGN,
		       &k_hash_noexp);
	ncr_key_import(fd, NCR_KEY_TYPE_HMAC, aes_bytes, 16, NULL, 0, 0,
		       NCR_KEY_USAGE_SIGN, &k_mac);

	/* without HASHABLE */
	r = ncr_session_init(fd, NCR_ALG_SHA256, NCR_OP_SIGN, 0, NULL, 0, 0, 0,
			     &ses);
	before = live_now();
	r = r ? r : ncr_session_update_key(fd, ses, k_plain);
	expect_none(r, -EPERM, &before, "hashing a key without HASHABLE "
		    "(session update)");
	n = sizeof(got);
	r = ncr_session_final(fd, ses, NULL, 0, NULL, NULL, got, &n);
	ref_digest(NCR_ALG_SHA256, "", 0, want, &wl);
	tap_ok(!r && n == 32 && !memcmp(got, want, 32), "the refused key data "
	       "was not hashed: the session gives SHA-256 of nothing (%s)",
	       errname(r));
	gl = sizeof(got);
	before = live_now();
	r = once_key_data(fd, NCR_ALG_SHA256, 0, k_plain, got, &gl);
	expect_none(r, -EPERM, &before, "hashing a key without HASHABLE "
		    "(once)");

	/* with HASHABLE: equals the hash of the bytes */
	static const uint32_t algs[] = { NCR_ALG_SHA256, NCR_ALG_SHA512,
					 NCR_ALG_SHA3_256 };
	for (size_t i = 0; i < ARRAY_SIZE(algs); i++) {
		const char *name = talg_name(algs[i]);

		ref_digest(algs[i], kb, sizeof(kb), want, &wl);
		r = ncr_session_init(fd, algs[i], NCR_OP_SIGN, 0, NULL, 0, 0, 0,
				     &ses);
		r = r ? r : ncr_session_update_key(fd, ses, k_hash);
		n = sizeof(got);
		r = r ? r : ncr_session_final(fd, ses, NULL, 0, NULL, NULL, got,
					      &n);
		tap_ok(!r && n == wl && !memcmp(got, want, wl),
		       "%s of key data (session) == %s of the key bytes (%s)",
		       name, name, errname(r));
		gl = sizeof(got);
		r = once_key_data(fd, algs[i], 0, k_hash_noexp, got, &gl);
		tap_ok(!r && gl == wl && !memcmp(got, want, wl),
		       "%s of a non-exportable HASHABLE key (once) == %s of "
		       "its bytes (%s)", name, name, errname(r));
	}
	{
		uint8_t exported[64];

		n = sizeof(exported);
		r = ncr_key_export(fd, k_hash, exported, &n);
		ref_digest(NCR_ALG_SHA256, exported, n, want, &wl);
		gl = sizeof(got);
		r = r ? r : once_key_data(fd, NCR_ALG_SHA256, 0, k_hash, got,
					  &gl);
		tap_ok(!r && !memcmp(got, want, 32), "SHA-256 of key data == "
		       "SHA-256 of the exported bytes (%s)", errname(r));
	}
	/* key data between ordinary data */
	memcpy(mix, "abc", 3);
	memcpy(mix + 3, kb, sizeof(kb));
	memcpy(mix + 3 + sizeof(kb), "def", 3);
	ref_digest(NCR_ALG_SHA256, mix, sizeof(mix), want, &wl);
	r = ncr_session_init(fd, NCR_ALG_SHA256, NCR_OP_SIGN, 0, NULL, 0, 0, 0,
			     &ses);
	r = r ? r : ncr_session_update(fd, ses, "abc", 3, NULL, NULL);
	r = r ? r : ncr_session_update_key(fd, ses, k_hash);
	n = sizeof(got);
	r = r ? r : ncr_session_final(fd, ses, "def", 3, NULL, NULL, got, &n);
	tap_ok(!r && !memcmp(got, want, 32), "SHA-256(\"abc\" || key || "
	       "\"def\") with the key as key data (%s)", errname(r));
	/* MAC over key data */
	ref_mac(NCR_ALG_HMAC_SHA256, aes_bytes, 16, kb, sizeof(kb), macv, &wl);
	r = ncr_session_init(fd, NCR_ALG_HMAC_SHA256, NCR_OP_SIGN, k_mac, NULL,
			     0, 0, 0, &ses);
	r = r ? r : ncr_session_update_key(fd, ses, k_hash_noexp);
	n = sizeof(got);
	r = r ? r : ncr_session_final(fd, ses, NULL, 0, NULL, NULL, got, &n);
	tap_ok(!r && n == 32 && !memcmp(got, macv, 32), "HMAC-SHA256 over key "
	       "data == HMAC of the key bytes (%s)", errname(r));

	/* the limits: at least 16 bytes; digests but MD5 and HMACs only;
	 * secret keys only */
	{
		uint32_t k_short, k_cmac, ec, ecp;
		int ri;

		r = ncr_key_import(fd, NCR_KEY_TYPE_HMAC, kb, 15, NULL, 0,
				   NCR_KEY_FLAG_HASHABLE, NCR_KEY_USAGE_SIGN,
				   &k_short);
		if (tap_err(r, 0, "a HASHABLE 15-byte HMAC key")) {
			before = live_now();
			gl = sizeof(got);
			r = once_key_data(fd, NCR_ALG_SHA256, 0, k_short, got,
					  &gl);
			expect_none(r, -EPERM, &before, "hashing a 15-byte "
				    "key (searchable by brute force), once");
			ri = ncr_session_init(fd, NCR_ALG_SHA512, NCR_OP_SIGN,
					      0, NULL, 0, 0, 0, &ses);
			before = live_now();
			r = ri ? ri : ncr_session_update_key(fd, ses, k_short);
			expect_none(r, -EPERM, &before, "hashing a 15-byte "
				    "key, session update");
			if (!ri)
				ncr_session_free(fd, ses);
			ncr_key_deinit(fd, k_short);
		}
		r = ncr_key_generate(fd, NCR_KEY_TYPE_AES, 128, 0,
				     NCR_KEY_USAGE_SIGN, &k_cmac);
		if (tap_err(r, 0, "an AES CMAC key")) {
			before = live_now();
			gl = sizeof(got);
			r = once_key_data(fd, NCR_ALG_CMAC_AES, k_cmac,
					  k_hash, got, &gl);
			expect_none(r, -EINVAL, &before, "CMAC over key data "
				    "(invertible under a known key), once");
			ri = ncr_session_init(fd, NCR_ALG_CMAC_AES, NCR_OP_SIGN,
					      k_cmac, NULL, 0, 0, 0, &ses);
			before = live_now();
			r = ri ? ri : ncr_session_update_key(fd, ses, k_hash);
			expect_none(r, -EINVAL, &before, "CMAC over key data, "
				    "session update");
			if (!ri)
				ncr_session_free(fd, ses);
			ncr_key_deinit(fd, k_cmac);
		}
		before = live_now();
		gl = sizeof(got);
		r = once_key_data(fd, NCR_ALG_MD5, 0, k_hash, got, &gl);
		expect_none(r, -EINVAL, &before, "MD5 over key data");
		r = pk_genpair(fd, NCR_KEY_TYPE_EC, 256, 0, NULL, 0,
			       NCR_KEY_FLAG_HASHABLE, NCR_KEY_USAGE_SIGN, 0,
			       &ec, &ecp);
		if (tap_err(r, 0, "a HASHABLE EC private key")) {
			before = live_now();
			gl = sizeof(got);
			r = once_key_data(fd, NCR_ALG_SHA256, 0, ec, got, &gl);
			expect_none(r, -EINVAL, &before, "a private key object "
				    "as key data");
			gl = sizeof(got);
			r = once_key_data(fd, NCR_ALG_SHA256, 0, ecp, got, &gl);
			expect_none(r, -EINVAL, &before, "a public key object "
				    "as key data");
			key_del(fd, ec);
			key_del(fd, ecp);
		}
	}

	ncr_key_deinit(fd, k_plain);
	ncr_key_deinit(fd, k_hash);
	ncr_key_deinit(fd, k_hash_noexp);
	ncr_key_deinit(fd, k_mac);
}

/* ------------------------------------------------------------- key wrap */

static void test_key_wrap(void)
{
	static const uint8_t kek_bytes[16] = { 0xde, 0xad, 0xbe, 0xef, 1, 2,
					       3, 4, 5, 6, 7, 8, 9, 10, 11,
					       12 };
	uint8_t w[NCR_WRAPPED_KEY_MAX], w2[NCR_WRAPPED_KEY_MAX], buf[64];
	uint8_t msg[32], ct1[32], ct2[32];
	uint32_t kek, kek_exp, kek_imp, kek_wrap_only, kek_unwrap_only;
	uint32_t k_plain, k_exp, k, k_ew, k2;
	struct ncr_key_info ki;
	struct live before;
	size_t wl, wl2, len;
	int r, other;

	memset(msg, 0x71, sizeof(msg));
	/* wrapping keys: generated (ordinary, not exportable), imported
	 * exportable, imported not exportable, one usage only */
	r = ncr_key_generate(fd, NCR_KEY_TYPE_AES, 256, 0,
			     NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP, &kek);
	r = r ? r : ncr_key_import(fd, NCR_KEY_TYPE_AES, kek_bytes, 16, NULL,
				   0, NCR_KEY_FLAG_EXPORTABLE,
				   NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP,
				   &kek_exp);
	r = r ? r : ncr_key_import(fd, NCR_KEY_TYPE_AES, kek_bytes, 16, NULL,
				   0, 0, NCR_KEY_USAGE_WRAP |
				   NCR_KEY_USAGE_UNWRAP, &kek_imp);
	r = r ? r : ncr_key_generate(fd, NCR_KEY_TYPE_AES, 128, 0,
				     NCR_KEY_USAGE_WRAP, &kek_wrap_only);
	r = r ? r : ncr_key_generate(fd, NCR_KEY_TYPE_AES, 128, 0,
				     NCR_KEY_USAGE_UNWRAP, &kek_unwrap_only);
	/* keys to wrap: not wrappable (once exportable and hashable, once
	 * not), wrappable not exportable, wrappable and exportable */
	r = r ? r : imp_key(fd, NCR_KEY_TYPE_AES, aes_bytes, 16, 0,
			    NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_CBC, NULL,
			    &k_plain);
	r = r ? r : imp_key(fd, NCR_KEY_TYPE_AES, aes_bytes, 16,
			    NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_HASHABLE,
			    NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_CBC, NULL,
			    &k_exp);
	r = r ? r : gen_key(fd, NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_WRAPPABLE,
			    NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_CBC, &k);
	r = r ? r : imp_key(fd, NCR_KEY_TYPE_AES, aes_bytes, 16,
			    NCR_KEY_FLAG_WRAPPABLE | NCR_KEY_FLAG_EXPORTABLE,
			    NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_CBC, NULL,
			    &k_ew);
	if (!tap_err(r, 0, "key wrap: set up keys"))
		return;

	for (uint32_t alg = NCR_WALG_AES_RFC3394;
	     alg <= NCR_WALG_AES_RFC5649; alg++) {
		before = live_now();
		wl = sizeof(w);
		r = ncr_key_wrap(fd, alg, kek, k_plain, w, &wl);
		expect_none(r, -EPERM, &before, "key wrap (alg %u) of a key "
			    "without WRAPPABLE", alg);
		wl = sizeof(w);
		r = ncr_key_wrap(fd, alg, kek, k_exp, w, &wl);
		expect_none(r, -EPERM, &before, "key wrap (alg %u) of an "
			    "exportable key without WRAPPABLE", alg);
		wl = sizeof(w);
		r = ncr_key_wrap(fd, alg, kek_unwrap_only, k_ew, w, &wl);
		expect_none(r, -EPERM, &before, "key wrap (alg %u) under a key "
			    "without WRAP usage", alg);
		/* the attack: a wrapping key that is not TRUSTED must not
		 * carry a non-exportable key out, whatever it is */
		wl = sizeof(w);
		memset(w, 0x5a, sizeof(w));
		r = ncr_key_wrap(fd, alg, kek, k, w, &wl);
		expect_none(r, -EPERM, &before, "key wrap (alg %u) of a "
			    "wrappable, non-exportable key under an ordinary "
			    "generated wrapping key", alg);
		tap_ok(w[0] == 0x5a && w[23] == 0x5a, "the refused wrap (alg "
		       "%u) wrote nothing", alg);
		wl = sizeof(w);
		r = ncr_key_wrap(fd, alg, kek_exp, k, w, &wl);
		expect_none(r, -EPERM, &before, "key wrap (alg %u) of a "
			    "wrappable, non-exportable key under an imported "
			    "exportable wrapping key (the caller knows it)",
			    alg);
		wl = sizeof(w);
		r = ncr_key_wrap(fd, alg, kek_imp, k, w, &wl);
		expect_none(r, -EPERM, &before, "key wrap (alg %u) of a "
			    "wrappable, non-exportable key under an imported "
			    "non-exportable wrapping key", alg);
		/* wrappable and exportable: the caller could read it anyway */
		wl = sizeof(w);
		r = ncr_key_wrap(fd, alg, kek, k_ew, w, &wl);
		tap_ok(!r && wl == 24, "key wrap (alg %u) of a wrappable, "
		       "exportable key under an ordinary wrapping key: %s, "
		       "%zu bytes", alg, errname(r), wl);
	}

	/* unwrap: w = k_ew's bytes under kek (not exportable) */
	wl = sizeof(w);
	r = ncr_key_wrap(fd, NCR_WALG_AES_RFC5649, kek, k_ew, w, &wl);
	if (!tap_err(r, 0, "key wrap of the wrappable, exportable key"))
		goto out;
	before = live_now();
	r = ncr_key_unwrap(fd, NCR_WALG_AES_RFC5649, kek_wrap_only, w, wl,
			   NCR_KEY_TYPE_AES, 0, NCR_KEY_USAGE_ENCRYPT, NULL, 0,
			   &k2);
	expect_none(r, -EPERM, &before, "key unwrap under a key without "
		    "UNWRAP usage");
	/* the decryption-oracle attack: whatever is presented as a wrapped
	 * key under a key the caller cannot read stays in the kernel */
	{
		static const uint32_t asks[] = {
			NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_FLAG_HASHABLE,
			NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_WRAPPABLE,
			NCR_KEY_FLAG_HASHABLE | NCR_KEY_FLAG_STORABLE,
		};

		for (size_t i = 0; i < ARRAY_SIZE(asks); i++) {
			k2 = 0;
			r = unwrap_key(fd, NCR_WALG_AES_RFC5649, kek, w, wl,
				       NCR_KEY_TYPE_AES, asks[i],
				       NCR_KEY_USAGE_ENCRYPT,
				       NCR_KEY_ALG_AES_CBC, &k2);
			if (!r)
				ncr_key_deinit(fd, k2);
			expect_none(r, -EPERM, &before, "key unwrap asking "
				    "flags %#x under a non-exportable wrapping "
				    "key", asks[i]);
		}
		/* the same under the imported non-exportable key */
		wl2 = sizeof(w2);
		r = ncr_key_wrap(fd, NCR_WALG_AES_RFC3394, kek_exp, k_ew, w2,
				 &wl2);
		before = live_now();
		k2 = 0;
		r = r ? r : unwrap_key(fd, NCR_WALG_AES_RFC3394, kek_imp, w2,
				       wl2, NCR_KEY_TYPE_HMAC,
				       NCR_KEY_FLAG_HASHABLE,
				       NCR_KEY_USAGE_SIGN, 0, &k2);
		if (!r)
			ncr_key_deinit(fd, k2);
		expect_none(r, -EPERM, &before, "key unwrap asking HASHABLE "
			    "under an imported non-exportable wrapping key");
	}
	/* asked nothing: gets nothing (no forced WRAPPABLE) */
	r = unwrap_key(fd, NCR_WALG_AES_RFC5649, kek, w, wl, NCR_KEY_TYPE_AES,
		       0, NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_CBC, &k2);
	if (tap_err(r, 0, "key unwrap asking flags 0")) {
		kinfo(fd, k2, &ki);
		tap_ok(ki.flags == 0 && ki.usage == NCR_KEY_USAGE_ENCRYPT &&
		       ki.algs == NCR_KEY_ALG_AES_CBC &&
		       ki.attrs == NCR_KEY_ATTR_NEVER_EXTRACTABLE,
		       "the unwrapped key has exactly the policy asked (flags "
		       "%#x, usage %#x, algs %#llx), attrs NEVER_EXTRACTABLE "
		       "only (%#x): not LOCAL, not ALWAYS_SENSITIVE (an "
		       "ordinary wrapping key's holder may know it)", ki.flags,
		       ki.usage, (unsigned long long)ki.algs, ki.attrs);
		before = live_now();
		len = sizeof(buf);
		r = ncr_key_export(fd, k2, buf, &len);
		expect_none(r, -EPERM, &before, "export of the unwrapped key");
		r = cbc_encrypt(fd, k_ew, msg, 32, ct1);
		r = r ? r : cbc_encrypt(fd, k2, msg, 32, ct2);
		tap_ok(!r && !memcmp(ct1, ct2, 32), "original and unwrapped "
		       "key encrypt identically (%s)", errname(r));
		wl2 = sizeof(w2);
		r = ncr_key_wrap(fd, NCR_WALG_AES_RFC5649, kek, k2, w2, &wl2);
		expect_none(r, -EPERM, &before, "key wrap of the unwrapped "
			    "key, which is not WRAPPABLE");
		ncr_key_deinit(fd, k2);
	}
	/* asked WRAPPABLE: cannot be laundered out through a wrapping key
	 * the caller knows */
	r = unwrap_key(fd, NCR_WALG_AES_RFC5649, kek, w, wl, NCR_KEY_TYPE_AES,
		       NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_ENCRYPT,
		       NCR_KEY_ALG_AES_CBC, &k2);
	if (tap_err(r, 0, "key unwrap asking WRAPPABLE")) {
		kinfo(fd, k2, &ki);
		tap_ok(ki.flags == NCR_KEY_FLAG_WRAPPABLE, "its flags are "
		       "WRAPPABLE only (%#x)", ki.flags);
		before = live_now();
		wl2 = sizeof(w2);
		r = ncr_key_wrap(fd, NCR_WALG_AES_RFC5649, kek_exp, k2, w2,
				 &wl2);
		expect_none(r, -EPERM, &before, "key wrap of the unwrapped, "
			    "wrappable key under a known wrapping key");
		wl2 = sizeof(w2);
		r = ncr_key_wrap(fd, NCR_WALG_AES_RFC5649, kek, k2, w2, &wl2);
		expect_none(r, -EPERM, &before, "key wrap of the unwrapped, "
			    "wrappable key under the key that unwrapped it");
		ncr_key_deinit(fd, k2);
	}
	/* under an exportable wrapping key, EXPORTABLE and HASHABLE are
	 * allowed: the caller could unwrap in user space anyway */
	wl2 = sizeof(w2);
	r = ncr_key_wrap(fd, NCR_WALG_AES_RFC3394, kek_exp, k_ew, w2, &wl2);
	r = r ? r : unwrap_key(fd, NCR_WALG_AES_RFC3394, kek_exp, w2, wl2,
			       NCR_KEY_TYPE_AES, NCR_KEY_FLAG_EXPORTABLE |
			       NCR_KEY_FLAG_HASHABLE, NCR_KEY_USAGE_ENCRYPT,
			       NCR_KEY_ALG_AES_CBC, &k2);
	if (tap_err(r, 0, "key unwrap asking EXPORTABLE|HASHABLE under an "
		    "exportable wrapping key")) {
		kinfo(fd, k2, &ki);
		len = sizeof(buf);
		r = ncr_key_export(fd, k2, buf, &len);
		tap_ok(!r && len == 16 && !memcmp(buf, aes_bytes, 16) &&
		       ki.flags == (NCR_KEY_FLAG_EXPORTABLE |
				    NCR_KEY_FLAG_HASHABLE),
		       "it has the flags asked (%#x) and exports the wrapped "
		       "bytes (%s)", ki.flags, errname(r));
		ncr_key_deinit(fd, k2);
	}

	/* handles mean nothing in another namespace */
	other = ncr_open();
	if (other >= 0) {
		before = live_now();
		wl2 = sizeof(w2);
		r = ncr_key_wrap(other, NCR_WALG_AES_RFC5649, kek, k_ew, w2,
				 &wl2);
		expect_none(r, -ENOENT, &before, "key wrap with handles of "
			    "another namespace");
		r = ncr_key_unwrap(other, NCR_WALG_AES_RFC5649, kek, w, wl,
				   NCR_KEY_TYPE_AES, 0, NCR_KEY_USAGE_ENCRYPT,
				   NULL, 0, &k2);
		expect_none(r, -ENOENT, &before, "key unwrap under a handle of "
			    "another namespace");
		ncr_close(other);
	}
out:
	ncr_key_deinit(fd, kek);
	ncr_key_deinit(fd, kek_exp);
	ncr_key_deinit(fd, kek_imp);
	ncr_key_deinit(fd, kek_wrap_only);
	ncr_key_deinit(fd, kek_unwrap_only);
	ncr_key_deinit(fd, k_plain);
	ncr_key_deinit(fd, k_exp);
	ncr_key_deinit(fd, k);
	ncr_key_deinit(fd, k_ew);
}

/* ----------------------------------------------------------- trusted keys */

/*
 * An unprivileged child (uid/gid 65534, no capabilities) imports a
 * wrap-only key into a namespace it shares with us; returns the handle,
 * or 0.
 */
static uint32_t import_as_nobody(int ctx)
{
	int pfd[2], st = 0;
	uint32_t h = 0;
	pid_t pid;

	if (pipe(pfd))
		return 0;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		uint32_t k = 0;

		close(pfd[0]);
		if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(3);
		if (ncr_key_import(ctx, NCR_KEY_TYPE_AES, aes_bytes, 16, NULL,
				   0, 0, NCR_KEY_USAGE_WRAP, &k))
			_exit(4);
		if (write(pfd[1], &k, sizeof(k)) != sizeof(k))
			_exit(5);
		_exit(0);
	}
	close(pfd[1]);
	if (pid > 0 && read(pfd[0], &h, sizeof(h)) != sizeof(h))
		h = 0;
	close(pfd[0]);
	if (pid > 0)
		waitpid(pid, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		tap_diag("unprivileged importer: exit status %d",
			 WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	return h;
}

static void test_trusted(void)
{
	uint8_t w[NCR_WRAPPED_KEY_MAX], w2[NCR_WRAPPED_KEY_MAX], buf[64];
	uint8_t msg[48], ct1[48], ct2[48];
	uint32_t kt, kord, k, k_plain, k2, k3;
	struct ncr_key_info ki;
	struct live before;
	size_t wl, wl2, len;
	int r;

	memset(msg, 0x3c, sizeof(msg));
	if (!is_root) {
		/* every way to get a TRUSTED key is refused */
		uint8_t wrapped[24] = { 0 };

		r = ncr_key_generate(fd, NCR_KEY_TYPE_AES, 256, 0,
				     NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP,
				     &kord);
		if (!tap_err(r, 0, "an ordinary wrapping key"))
			return;
		before = live_now();
		r = ncr_key_generate(fd, NCR_KEY_TYPE_AES, 256,
				     NCR_KEY_FLAG_TRUSTED, NCR_KEY_USAGE_WRAP |
				     NCR_KEY_USAGE_UNWRAP, &k);
		if (!r)
			ncr_key_deinit(fd, k);
		expect_none(r, -EPERM, &before, "generate with TRUSTED without "
			    "CAP_SYS_ADMIN");
		r = ncr_key_import(fd, NCR_KEY_TYPE_AES, aes_bytes, 16, NULL, 0,
				   NCR_KEY_FLAG_TRUSTED, NCR_KEY_USAGE_WRAP,
				   &k);
		if (!r)
			ncr_key_deinit(fd, k);
		expect_none(r, -EPERM, &before, "import with TRUSTED without "
			    "CAP_SYS_ADMIN");
		r = unwrap_key(fd, NCR_WALG_AES_RFC3394, kord, wrapped,
			       sizeof(wrapped), NCR_KEY_TYPE_AES,
			       NCR_KEY_FLAG_TRUSTED, NCR_KEY_USAGE_WRAP, 0, &k);
		if (!r)
			ncr_key_deinit(fd, k);
		expect_none(r, -EPERM, &before, "unwrap with TRUSTED without "
			    "CAP_SYS_ADMIN");
		{
			uint32_t priv, pub;

			r = pk_genpair(fd, NCR_KEY_TYPE_RSA, 2048, 0, NULL, 0,
				       NCR_KEY_FLAG_TRUSTED,
				       NCR_KEY_USAGE_UNWRAP, 0, &priv, &pub);
			if (!r) {
				key_del(fd, priv);
				key_del(fd, pub);
			}
			expect_none(r, -EPERM, &before, "RSA key pair with "
				    "TRUSTED without CAP_SYS_ADMIN");
		}
		r = ncr_key_trust(fd, kord);
		expect_none(r, -EPERM, &before, "NCRIO_KEY_TRUST without "
			    "CAP_SYS_ADMIN");
		kinfo(fd, kord, &ki);
		tap_ok(!(ki.flags & NCR_KEY_FLAG_TRUSTED), "the key did not "
		       "become TRUSTED (flags %#x)", ki.flags);
		ncr_key_deinit(fd, kord);
		return;
	}

	r = gen_key(fd, NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_TRUSTED,
		    NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP, 0, &kt);
	r = r ? r : ncr_key_generate(fd, NCR_KEY_TYPE_AES, 256, 0,
				     NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP,
				     &kord);
	r = r ? r : gen_key(fd, NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_WRAPPABLE,
			    NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_CBC, &k);
	r = r ? r : gen_key(fd, NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_ENCRYPT,
			    NCR_KEY_ALG_AES_CBC, &k_plain);
	if (!tap_err(r, 0, "root: a TRUSTED wrapping key (generated) and "
		     "keys to wrap"))
		return;
	kinfo(fd, kt, &ki);
	tap_ok(ki.flags == NCR_KEY_FLAG_TRUSTED &&
	       ki.algs == (NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_KWP) &&
	       ki.attrs == (NCR_KEY_ATTR_LOCAL | NCR_KEY_ATTR_ALWAYS_SENSITIVE |
			    NCR_KEY_ATTR_NEVER_EXTRACTABLE),
	       "the TRUSTED key: flags %#x, algs %#llx, attrs %#x", ki.flags,
	       (unsigned long long)ki.algs, ki.attrs);

	for (uint32_t alg = NCR_WALG_AES_RFC3394;
	     alg <= NCR_WALG_AES_RFC5649; alg++) {
		wl = sizeof(w);
		r = ncr_key_wrap(fd, alg, kt, k, w, &wl);
		/* 24 envelope bytes (the key's policy), 16 of key, 8 */
		if (!tap_ok(!r && wl == 48, "key wrap (alg %u) of a wrappable, "
			    "non-exportable key under a TRUSTED key: %s, "
			    "%zu bytes (policy envelope + key + 8)",
			    alg, errname(r), wl))
			continue;
		before = live_now();
		r = unwrap_key(fd, alg, kt, w, wl, NCR_KEY_TYPE_AES, 0,
			       NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
			       NCR_KEY_ALG_AES_CBC, &k2);
		expect_none(r, -EPERM, &before, "unwrap (alg %u) under the "
			    "TRUSTED key asking a usage the key did not have",
			    alg);
		r = unwrap_key(fd, alg, kt, w, wl, NCR_KEY_TYPE_AES, 0,
			       NCR_KEY_USAGE_ENCRYPT,
			       NCR_KEY_ALG_AES_CBC | NCR_KEY_ALG_AES_ECB, &k2);
		expect_none(r, -EPERM, &before, "unwrap (alg %u) under the "
			    "TRUSTED key asking an algorithm the key did not "
			    "have", alg);
		r = unwrap_key(fd, alg, kt, w, wl, NCR_KEY_TYPE_HMAC, 0,
			       NCR_KEY_USAGE_SIGN, 0, &k2);
		expect_none(r, -EINVAL, &before, "unwrap (alg %u) under the "
			    "TRUSTED key as another key type", alg);
		r = unwrap_key(fd, alg, kt, w, wl, NCR_KEY_TYPE_AES,
			       NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_ENCRYPT,
			       NCR_KEY_ALG_AES_CBC, &k2);
		expect_none(r, -EPERM, &before, "unwrap (alg %u) under the "
			    "TRUSTED key asking EXPORTABLE", alg);
		r = unwrap_key(fd, alg, kt, w, wl, NCR_KEY_TYPE_AES,
			       NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_ENCRYPT,
			       NCR_KEY_ALG_AES_CBC, &k2);
		if (!tap_err(r, 0, "unwrap (alg %u) under the TRUSTED key",
			     alg))
			continue;
		r = cbc_encrypt(fd, k, msg, 32, ct1);
		r = r ? r : cbc_encrypt(fd, k2, msg, 32, ct2);
		tap_ok(!r && !memcmp(ct1, ct2, 32), "alg %u: original and "
		       "unwrapped key encrypt identically (%s)", alg,
		       errname(r));
		wl2 = sizeof(w2);
		r = ncr_key_wrap(fd, alg, kt, k2, w2, &wl2);
		tap_ok(!r && wl2 == wl && !memcmp(w, w2, wl), "alg %u: the "
		       "unwrapped key wraps again to the same bytes (%s)", alg,
		       errname(r));
		before = live_now();
		wl2 = sizeof(w2);
		r = ncr_key_wrap(fd, alg, kord, k2, w2, &wl2);
		expect_none(r, -EPERM, &before, "alg %u: ... but not under an "
			    "ordinary wrapping key", alg);
		len = sizeof(buf);
		r = ncr_key_export(fd, k2, buf, &len);
		expect_none(r, -EPERM, &before, "alg %u: nor exported", alg);
		ncr_key_deinit(fd, k2);
	}
	before = live_now();
	wl = sizeof(w);
	r = ncr_key_wrap(fd, NCR_WALG_AES_RFC5649, kt, k_plain, w, &wl);
	expect_none(r, -EPERM, &before, "key wrap of a key without WRAPPABLE "
		    "under a TRUSTED key");

	/* which keys may be TRUSTED */
	{
		static const struct {
			uint32_t type, bits, flags, usage;
			uint64_t algs;
			const char *what;
		} no[] = {
			{ NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_EXPORTABLE,
			  NCR_KEY_USAGE_WRAP, 0, "EXPORTABLE" },
			{ NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_HASHABLE,
			  NCR_KEY_USAGE_WRAP, 0, "HASHABLE" },
			{ NCR_KEY_TYPE_AES, 256, 0, NCR_KEY_USAGE_WRAP |
			  NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_KW |
			  NCR_KEY_ALG_AES_GCM, "usage WRAP|ENCRYPT" },
			{ NCR_KEY_TYPE_AES, 256, 0, NCR_KEY_USAGE_WRAP,
			  NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_ECB,
			  "set KW|ECB" },
			{ NCR_KEY_TYPE_AES, 256, 0, NCR_KEY_USAGE_DECRYPT, 0,
			  "usage DECRYPT" },
			{ NCR_KEY_TYPE_HMAC, 256, 0, NCR_KEY_USAGE_SIGN, 0,
			  "an HMAC key" },
		};

		for (size_t i = 0; i < ARRAY_SIZE(no); i++) {
			before = live_now();
			r = gen_key(fd, no[i].type, no[i].bits,
				    no[i].flags | NCR_KEY_FLAG_TRUSTED,
				    no[i].usage, no[i].algs, &k2);
			if (!r)
				ncr_key_deinit(fd, k2);
			expect_none(r, -EINVAL, &before, "generate TRUSTED "
				    "with %s", no[i].what);
			r = gen_key(fd, no[i].type, no[i].bits, no[i].flags,
				    no[i].usage, no[i].algs, &k2);
			if (!tap_err(r, 0, "a key with %s", no[i].what))
				continue;
			before = live_now();
			r = ncr_key_trust(fd, k2);
			expect_none(r, -EINVAL, &before, "NCRIO_KEY_TRUST of a "
				    "key with %s", no[i].what);
			kinfo(fd, k2, &ki);
			if (ki.flags & NCR_KEY_FLAG_TRUSTED)
				tap_ok(0, "the refused key became TRUSTED");
			ncr_key_deinit(fd, k2);
		}
		/* once exportable, restricted since: still refused */
		r = ncr_key_generate(fd, NCR_KEY_TYPE_AES, 256,
				     NCR_KEY_FLAG_EXPORTABLE,
				     NCR_KEY_USAGE_WRAP, &k2);
		r = r ? r : ncr_key_restrict(fd, k2, NCR_KEY_FLAG_EXPORTABLE, 0,
					     0);
		if (tap_err(r, 0, "a once-exportable key, restricted")) {
			before = live_now();
			r = ncr_key_trust(fd, k2);
			expect_none(r, -EINVAL, &before, "NCRIO_KEY_TRUST of a "
				    "key that was once exportable");
			ncr_key_deinit(fd, k2);
		}
	}

	/* a key unwrapped under an ordinary wrapping key may be known to
	 * whoever holds that key: never trusted */
	{
		uint32_t kx;

		r = gen_key(fd, NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_EXPORTABLE |
			    NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_WRAP, 0, &kx);
		wl = sizeof(w);
		r = r ? r : ncr_key_wrap(fd, NCR_WALG_AES_RFC5649, kord, kx, w,
					 &wl);
		r = r ? r : unwrap_key(fd, NCR_WALG_AES_RFC5649, kord, w, wl,
				       NCR_KEY_TYPE_AES, 0, NCR_KEY_USAGE_WRAP,
				       0, &k3);
		if (tap_err(r, 0, "a wrap-only key unwrapped under an ordinary "
			    "key")) {
			before = live_now();
			r = ncr_key_trust(fd, k3);
			expect_none(r, -EINVAL, &before, "NCRIO_KEY_TRUST of a "
				    "key unwrapped under an ordinary key");
			ncr_key_deinit(fd, k3);
		}
		ncr_key_deinit(fd, kx);
	}

	/* NCRIO_KEY_TRUST of an ordinary key; then RESTRICT takes it back */
	before = live_now();
	wl = sizeof(w);
	r = ncr_key_wrap(fd, NCR_WALG_AES_RFC3394, kord, k, w, &wl);
	expect_none(r, -EPERM, &before, "wrap of a non-exportable key under "
		    "the ordinary key, before NCRIO_KEY_TRUST");
	r = ncr_key_trust(fd, kord);
	tap_err(r, 0, "NCRIO_KEY_TRUST of a generated, wrap-only key");
	kinfo(fd, kord, &ki);
	wl = sizeof(w);
	r = ncr_key_wrap(fd, NCR_WALG_AES_RFC3394, kord, k, w, &wl);
	tap_ok(!r && (ki.flags & NCR_KEY_FLAG_TRUSTED), "after it: TRUSTED "
	       "(flags %#x) and wraps the non-exportable key (%s)", ki.flags,
	       errname(r));
	r = ncr_key_restrict(fd, kord, NCR_KEY_FLAG_TRUSTED, 0, 0);
	tap_err(r, 0, "NCRIO_KEY_RESTRICT clears TRUSTED");
	before = live_now();
	wl = sizeof(w);
	r = ncr_key_wrap(fd, NCR_WALG_AES_RFC3394, kord, k, w, &wl);
	expect_none(r, -EPERM, &before, "after it, the wrap is refused again");

	/* TRUSTED at unwrap: the unwrapped wrapping key can wrap k */
	{
		uint32_t kek2;

		r = gen_key(fd, NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_WRAPPABLE,
			    NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP, 0,
			    &kek2);
		wl = sizeof(w);
		r = r ? r : ncr_key_wrap(fd, NCR_WALG_AES_RFC5649, kt, kek2, w,
					 &wl);
		r = r ? r : unwrap_key(fd, NCR_WALG_AES_RFC5649, kt, w, wl,
				       NCR_KEY_TYPE_AES, NCR_KEY_FLAG_TRUSTED,
				       NCR_KEY_USAGE_WRAP, 0, &k3);
		if (tap_err(r, 0, "root: unwrap of a wrapping key asking "
			    "TRUSTED")) {
			kinfo(fd, k3, &ki);
			tap_ok(ki.attrs == NCR_KEY_ATTR_NEVER_EXTRACTABLE,
			       "unwrapped under a TRUSTED key: not "
			       "ALWAYS_SENSITIVE (attrs %#x)", ki.attrs);
			wl = sizeof(w);
			r = ncr_key_wrap(fd, NCR_WALG_AES_RFC3394, k3, k, w,
					 &wl);
			tap_err(r, 0, "the unwrapped TRUSTED key wraps a "
				"non-exportable key");
			ncr_key_deinit(fd, k3);
		}
		ncr_key_deinit(fd, kek2);
	}

	/* ncr.h: "A key a caller imported without CAP_SYS_ADMIN is never
	 * trusted" -- not even when it reaches a privileged process's
	 * namespace (the confused deputy) */
	k3 = import_as_nobody(fd);
	if (tap_ok(k3 != 0, "uid 65534 imports a wrap-only key into a "
		   "namespace shared with root")) {
		before = live_now();
		r = ncr_key_trust(fd, k3);
		expect_none(r, -EINVAL, &before, "NCRIO_KEY_TRUST by root of a "
			    "key imported without CAP_SYS_ADMIN");
		wl = sizeof(w);
		r = ncr_key_wrap(fd, NCR_WALG_AES_RFC3394, k3, k, w, &wl);
		expect_none(r, -EPERM, &before, "that key cannot wrap a "
			    "non-exportable key");
		ncr_key_deinit(fd, k3);
	}

	ncr_key_deinit(fd, kt);
	ncr_key_deinit(fd, kord);
	ncr_key_deinit(fd, k);
	ncr_key_deinit(fd, k_plain);
}

/* ------------------------------------------------------------- restrict */

static void test_restrict(void)
{
	uint8_t buf[64], ct[64], pt[64], w[NCR_WRAPPED_KEY_MAX];
	uint8_t blob[NCR_STORAGE_BLOB_MAX], got[64];
	struct ncr_key_info ki, k0;
	struct live before;
	uint32_t k, kek, ses, gl;
	size_t len, wl, n;
	int r, other;

	memset(pt, 0x42, sizeof(pt));
	r = imp_key(fd, NCR_KEY_TYPE_AES, aes_bytes, 16,
		    NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_WRAPPABLE |
		    NCR_KEY_FLAG_HASHABLE | NCR_KEY_FLAG_STORABLE,
		    NCR_KEY_USAGE_ENCRYPT |
		    NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_AES_CBC |
		    NCR_KEY_ALG_AES_CTR, "restrict", &k);
	r = r ? r : ncr_key_generate(fd, NCR_KEY_TYPE_AES, 128, 0,
				     NCR_KEY_USAGE_WRAP, &kek);
	if (!tap_err(r, 0, "restrict: a key with every flag but TRUSTED"))
		return;

	/* nothing to clear, or unknown bits: nothing changes */
	kinfo(fd, k, &k0);
	r = ncr_key_restrict(fd, k, 0, 0, 0);
	kinfo(fd, k, &ki);
	tap_ok(!r && key_info_equal(&k0, &ki), "restrict clearing nothing "
	       "changes nothing (%s)", errname(r));
	{
		static const struct {
			uint32_t f, u;
			uint64_t a;
			const char *what;
		} inval[] = {
			{ 1U << 31, 0, 0, "an unknown flag bit" },
			{ 0, 1U << 30, 0, "an unknown usage bit" },
			{ 0, 0, 1ULL << 62, "an unknown algorithm bit" },
			{ 0, NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT, 0,
			  "every usage bit of the key" },
			{ 0, NCR_KEY_USAGE_ALL, 0, "every usage bit" },
			{ 0, 0, NCR_KEY_ALG_AES_CBC | NCR_KEY_ALG_AES_CTR,
			  "every algorithm of the key" },
			{ NCR_KEY_FLAG_EXPORTABLE, 0, NCR_KEY_ALGS_ALL,
			  "EXPORTABLE and every algorithm" },
		};

		for (size_t i = 0; i < ARRAY_SIZE(inval); i++) {
			r = ncr_key_restrict(fd, k, inval[i].f, inval[i].u,
					     inval[i].a);
			kinfo(fd, k, &ki);
			tap_ok(r == -EINVAL && key_info_equal(&k0, &ki),
			       "restrict clearing %s: EINVAL and the key is "
			       "unchanged (got %s)", inval[i].what,
			       errname(r));
		}
	}
	other = ncr_open();
	if (other >= 0) {
		/* a key of the same handle number in another namespace */
		r = ncr_key_restrict(other, k, NCR_KEY_FLAG_EXPORTABLE, 0, 0);
		tap_err(r, -ENOENT, "restrict of a handle of another "
			"namespace");
		ncr_close(other);
	}

	/* WRAPPABLE: wraps under an ordinary key while also exportable */
	wl = sizeof(w);
	r = ncr_key_wrap(fd, NCR_WALG_AES_RFC3394, kek, k, w, &wl);
	tap_err(r, 0, "the exportable, wrappable key wraps");
	r = ncr_key_restrict(fd, k, NCR_KEY_FLAG_WRAPPABLE, 0, 0);
	before = live_now();
	wl = sizeof(w);
	r = r ? r : ncr_key_wrap(fd, NCR_WALG_AES_RFC3394, kek, k, w, &wl);
	expect_none(r, -EPERM, &before, "key wrap after WRAPPABLE was "
		    "cleared");

	/* HASHABLE */
	gl = sizeof(got);
	r = once_key_data(fd, NCR_ALG_SHA256, 0, k, got, &gl);
	tap_err(r, 0, "the HASHABLE key is hashed as key data");
	r = ncr_key_restrict(fd, k, NCR_KEY_FLAG_HASHABLE, 0, 0);
	before = live_now();
	gl = sizeof(got);
	r = r ? r : once_key_data(fd, NCR_ALG_SHA256, 0, k, got, &gl);
	expect_none(r, -EPERM, &before, "key data after HASHABLE was cleared");

	/* STORABLE */
	if (master_set) {
		size_t bl = sizeof(blob);

		r = ncr_key_storage_wrap(fd, k, blob, &bl);
		tap_err(r, 0, "the STORABLE key is sealed");
		r = ncr_key_restrict(fd, k, NCR_KEY_FLAG_STORABLE, 0, 0);
		before = live_now();
		bl = sizeof(blob);
		r = r ? r : ncr_key_storage_wrap(fd, k, blob, &bl);
		expect_none(r, -EPERM, &before, "storage wrap after STORABLE "
			    "was cleared");
	} else {
		tap_skip("master key not set", "restrict STORABLE");
		ncr_key_restrict(fd, k, NCR_KEY_FLAG_STORABLE, 0, 0);
	}

	/* EXPORTABLE */
	len = sizeof(buf);
	r = ncr_key_export(fd, k, buf, &len);
	tap_ok(!r && len == 16, "the EXPORTABLE key exports (%s)", errname(r));
	r = ncr_key_restrict(fd, k, NCR_KEY_FLAG_EXPORTABLE, 0, 0);
	tap_err(r, 0, "restrict clearing EXPORTABLE");
	before = live_now();
	len = sizeof(buf);
	memset(buf, 0x5a, sizeof(buf));
	r = ncr_key_export(fd, k, buf, &len);
	expect_none(r, -EPERM, &before, "export after EXPORTABLE was cleared");
	tap_ok(buf[0] == 0x5a && buf[15] == 0x5a, "the refused export wrote "
	       "nothing");
	kinfo(fd, k, &ki);
	tap_ok(ki.flags == 0 && !(ki.attrs & (NCR_KEY_ATTR_ALWAYS_SENSITIVE |
					      NCR_KEY_ATTR_NEVER_EXTRACTABLE)),
	       "the key's flags are now 0 (%#x); attrs show it was once "
	       "exportable and wrappable (%#x)", ki.flags, ki.attrs);

	/* a usage: a DECRYPT session started before keeps running */
	ref_cipher(NCR_ALG_AES_CBC, 1, aes_bytes, 16, iv16, pt, 64, ct);
	r = ncr_session_init(fd, NCR_ALG_AES_CBC, NCR_OP_DECRYPT, k, iv16, 16,
			     0, 0, &ses);
	n = sizeof(buf);
	r = r ? r : ncr_session_update(fd, ses, ct, 32, buf, &n);
	tap_err(r, 0, "a CBC decrypt session started before the restrict");
	r = ncr_key_restrict(fd, k, 0, NCR_KEY_USAGE_DECRYPT, 0);
	tap_err(r, 0, "restrict clearing DECRYPT");
	{
		size_t n2 = sizeof(buf) - 32;

		r = ncr_session_final(fd, ses, ct + 32, 32, buf + 32, &n2,
				      NULL, NULL);
		tap_ok(!r && n == 32 && n2 == 32 && !memcmp(buf, pt, 64),
		       "the session started before completes correctly (%s)",
		       errname(r));
	}
	alg_refused(k, NCR_ALG_AES_CBC, NCR_OP_DECRYPT,
		    "after DECRYPT was cleared");
	n = sizeof(buf);
	r = ncr_cipher(fd, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k, iv16, 16, pt, 64,
		       buf, &n);
	tap_ok(!r && !memcmp(buf, ct, 64), "ENCRYPT still works (%s)",
	       errname(r));

	/* an algorithm */
	n = sizeof(buf);
	r = ncr_cipher(fd, NCR_ALG_AES_CTR, NCR_OP_ENCRYPT, k, iv16, 16, pt, 64,
		       buf, &n);
	tap_err(r, 0, "CTR works before its algorithm is cleared");
	r = ncr_key_restrict(fd, k, 0, 0, NCR_KEY_ALG_AES_CTR);
	tap_err(r, 0, "restrict clearing AES_CTR");
	alg_refused(k, NCR_ALG_AES_CTR, NCR_OP_ENCRYPT,
		    "after AES_CTR was cleared");
	n = sizeof(buf);
	r = ncr_cipher(fd, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k, iv16, 16, pt, 64,
		       buf, &n);
	tap_ok(!r && !memcmp(buf, ct, 64), "CBC still works (%s)",
	       errname(r));

	/* the end state, and nothing can be added back */
	kinfo(fd, k, &ki);
	tap_ok(ki.flags == 0 && ki.usage == NCR_KEY_USAGE_ENCRYPT &&
	       ki.algs == NCR_KEY_ALG_AES_CBC, "after the restricts: flags "
	       "%#x, usage %#x, algs %#llx", ki.flags, ki.usage,
	       (unsigned long long)ki.algs);
	r = ncr_key_restrict(fd, k, ~0u, NCR_KEY_USAGE_ALL, 0);
	tap_err(r, -EINVAL, "restrict clearing every flag bit ever and the "
		"last usage");
	ncr_key_deinit(fd, k);
	ncr_key_deinit(fd, kek);
}

/* ---------------------------------------------------------- blob tamper */

static void test_blob_tamper(void)
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

/* ------------------------------------------------ deinit during a session */

static void test_deinit_in_session(void)
{
	uint8_t msg[64], ref[64], out[96], tag[64], rtag[64];
	struct live start = live_now();
	size_t n, got = 0, tl;
	uint32_t k, ses;
	struct ncr_key_info ki;
	int r;

	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(i * 3);

	/* CBC: deinit between updates */
	ref_cipher(NCR_ALG_AES_CBC, 1, aes_bytes, 16, iv16, msg, 64, ref);
	imp_key(fd, NCR_KEY_TYPE_AES, aes_bytes, 16, 0, NCR_KEY_USAGE_ENCRYPT,
		NCR_KEY_ALG_AES_CBC, NULL, &k);
	r = ncr_session_init(fd, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k, iv16, 16,
			     0, 0, &ses);
	n = sizeof(out);
	r = r ? r : ncr_session_update(fd, ses, msg, 20, out, &n);
	got = r ? 0 : n;
	tap_err(ncr_key_deinit(fd, k), 0, "deinit of a key a CBC session "
		"uses");
	memset(&ki, 0, sizeof(ki));
	tap_err(ncr_key_get_info(fd, k, &ki), -ENOENT, "its handle is gone");
	n = sizeof(out);
	r = ncr_cipher(fd, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k, iv16, 16, msg,
		       16, out + 64, &n);
	tap_err(r, -ENOENT, "a new once with the deinit'ed handle");
	n = sizeof(out) - got;
	r = ncr_session_update(fd, ses, msg + 20, 30, out + got, &n);
	got += r ? 0 : n;
	n = sizeof(out) - got;
	r = r ? r : ncr_session_final(fd, ses, msg + 50, 14, out + got, &n,
				      NULL, NULL);
	got += r ? 0 : n;
	tap_ok(!r && got == 64 && !memcmp(out, ref, 64), "the session "
	       "completes with the right output after the deinit (%s)",
	       errname(r));

	/* HMAC: deinit before any data */
	ref_mac(NCR_ALG_HMAC_SHA256, aes_bytes, 16, msg, 64, rtag, &tl);
	ncr_key_import(fd, NCR_KEY_TYPE_HMAC, aes_bytes, 16, NULL, 0, 0,
		       NCR_KEY_USAGE_SIGN, &k);
	r = ncr_session_init(fd, NCR_ALG_HMAC_SHA256, NCR_OP_SIGN, k, NULL, 0,
			     0, 0, &ses);
	ncr_key_deinit(fd, k);
	r = r ? r : ncr_session_update(fd, ses, msg, 33, NULL, NULL);
	n = sizeof(tag);
	r = r ? r : ncr_session_final(fd, ses, msg + 33, 31, NULL, NULL, tag,
				      &n);
	tap_ok(!r && n == 32 && !memcmp(tag, rtag, 32), "HMAC session "
	       "completes after its key was deinit'ed at once (%s)",
	       errname(r));

	/* GCM (whole-message): deinit after the AAD */
	ref_aead(NCR_ALG_AES_GCM, 1, aes_bytes, 16, iv16, 12, "aad", 3, msg, 64,
		 ref, rtag, 16);
	ncr_key_import(fd, NCR_KEY_TYPE_AES, aes_bytes, 16, NULL, 0, 0,
		       NCR_KEY_USAGE_ENCRYPT, &k);
	r = ncr_session_init(fd, NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, k, iv16, 12,
			     16, 0, &ses);
	r = r ? r : ncr_session_aad(fd, ses, "aad", 3);
	ncr_key_deinit(fd, k);
	n = sizeof(out);
	r = r ? r : ncr_session_update(fd, ses, msg, 64, out, &n);
	n = sizeof(out);
	tl = sizeof(tag);
	r = r ? r : ncr_session_final(fd, ses, NULL, 0, out, &n, tag, &tl);
	tap_ok(!r && n == 64 && !memcmp(out, ref, 64) &&
	       !memcmp(tag, rtag, 16), "GCM session completes after its key "
	       "was deinit'ed (%s)", errname(r));

	/* free of a session holding a deinit'ed key releases it too */
	imp_key(fd, NCR_KEY_TYPE_AES, aes_bytes, 16, 0, NCR_KEY_USAGE_ENCRYPT,
		NCR_KEY_ALG_AES_CTR, NULL, &k);
	r = ncr_session_init(fd, NCR_ALG_AES_CTR, NCR_OP_ENCRYPT, k, iv16, 16,
			     0, 0, &ses);
	tap_err(r, 0, "a CTR session");
	ncr_key_deinit(fd, k);
	ncr_session_free(fd, ses);
	{
		struct live now;

		r = live_wait(fd, &start, &now);
		tap_ok(!r, "after the sessions ended the keys are gone (keys "
		       "%llu -> %llu, sessions %llu -> %llu)",
		       (unsigned long long)start.keys,
		       (unsigned long long)now.keys,
		       (unsigned long long)start.sessions,
		       (unsigned long long)now.sessions);
	}
}

/* Raw key wrap/unwrap ioctls (any algorithm, NCR_WALG_RSA_OAEP too). */
static int kwrap_raw(uint32_t walg, uint32_t wk, uint32_t key, uint8_t *out,
		     size_t *out_len)
{
	struct ncr_key_wrap w = {
		.size = sizeof(w), .algorithm = walg, .wrapping_key = wk,
		.key = key, .data = PTR64(out), .data_size = (__u32)*out_len,
	};
	int r = xioctl(fd, NCRIO_KEY_WRAP, &w);

	if (!r || r == -ERANGE)
		*out_len = w.data_size;
	return r;
}

static int kunwrap_raw(uint32_t walg, uint32_t wk, const uint8_t *in,
		       size_t len, uint32_t type, uint32_t flags,
		       uint32_t usage, uint32_t *key)
{
	struct ncr_key_wrap w = {
		.size = sizeof(w), .flags = flags, .algorithm = walg,
		.wrapping_key = wk, .type = type, .usage = usage,
		.data = PTR64(in), .data_size = (__u32)len,
	};
	int r = xioctl(fd, NCRIO_KEY_UNWRAP, &w);

	if (!r)
		*key = w.key;
	return r;
}

/* ------------------------------------------------------------ public key */

/* An OpenSSL RSA-2048 key imported as PKCS#8 (fast under emulation,
 * unlike kernel generation).  Returns 0 or -errno. */
static int rsa_import(uint32_t flags, uint32_t usage, uint32_t *key,
		      uint32_t *pub)
{
	static uint8_t der[4096];
	static size_t der_len;
	uint8_t spki[1024];
	size_t slen = sizeof(spki);
	int r;

	if (!der_len) {
		EVP_PKEY *o = EVP_RSA_gen(2048);
		PKCS8_PRIV_KEY_INFO *p8 = o ? EVP_PKEY2PKCS8(o) : NULL;
		unsigned char *p = der;
		int n = p8 ? i2d_PKCS8_PRIV_KEY_INFO(p8, NULL) : -1;

		if (n > 0 && (size_t)n <= sizeof(der))
			n = i2d_PKCS8_PRIV_KEY_INFO(p8, &p);
		PKCS8_PRIV_KEY_INFO_free(p8);
		EVP_PKEY_free(o);
		if (n <= 0 || (size_t)n > sizeof(der))
			return -EPROTO;
		der_len = (size_t)n;
	}
	r = pk_import(fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_PKCS8, 0, der,
		      der_len, flags, usage, key);
	if (r || !pub)
		return r;
	r = pk_export(fd, *key, NCR_KEY_FORMAT_SPKI, spki, &slen);
	if (!r)
		r = pk_import(fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_SPKI, 0,
			      spki, slen, 0, NCR_KEY_USAGE_ENCRYPT |
			      NCR_KEY_USAGE_VERIFY | NCR_KEY_USAGE_WRAP, pub);
	if (r)
		key_del(fd, *key);
	return r;
}

static const char *fmt_name(uint32_t f)
{
	static const char *const n[] = { "DEFAULT", "RAW", "RAW_PUBLIC",
					 "SPKI", "PKCS8", "PKCS1", "PARAMS" };

	return f < ARRAY_SIZE(n) ? n[f] : "?";
}

/* Export policy of public-key objects. */
static void test_pk_export(void)
{
	static const struct {
		uint32_t type, bits;
		const char *name;
	} t[] = {
		{ NCR_KEY_TYPE_EC, 256, "EC P-256" },
		{ NCR_KEY_TYPE_ED25519, 0, "Ed25519" },
		{ NCR_KEY_TYPE_X25519, 0, "X25519" },
		{ NCR_KEY_TYPE_RSA, 2048, "RSA-2048" },
	};
	uint8_t buf[NCR_MAX_PKEY_BYTES];

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		uint32_t usage = t[i].type == NCR_KEY_TYPE_X25519 ?
				 NCR_KEY_USAGE_DERIVE : NCR_KEY_USAGE_SIGN;
		struct ncr_key_info ki;
		struct live before;
		uint32_t priv, pub = 0;
		size_t len;
		int r;

		if (t[i].type == NCR_KEY_TYPE_RSA)
			r = rsa_import(0, usage, &priv, &pub);
		else
			r = pk_genpair(fd, t[i].type, t[i].bits, 0, NULL, 0, 0,
				       usage, 0, &priv, &pub);
		if (!tap_err(r, 0, "%s: a private key without EXPORTABLE",
			     t[i].name))
			continue;
		/* the secret forms: EPERM */
		uint32_t secret_fmts[] = { NCR_KEY_FORMAT_PKCS8,
					   NCR_KEY_FORMAT_DEFAULT,
					   t[i].type == NCR_KEY_TYPE_RSA ?
					   NCR_KEY_FORMAT_PKCS1 :
					   NCR_KEY_FORMAT_RAW };
		for (size_t f = 0; f < ARRAY_SIZE(secret_fmts); f++) {
			before = live_now();
			len = sizeof(buf);
			memset(buf, 0x5a, sizeof(buf));
			r = pk_export(fd, priv, secret_fmts[f], buf, &len);
			expect_none(r, -EPERM, &before, "%s: export %s of a "
				    "non-exportable private key", t[i].name,
				    fmt_name(secret_fmts[f]));
			if (r) {
				int clean = 1;

				for (size_t b = 0; b < 64; b++)
					clean &= buf[b] == 0x5a;
				if (!clean)
					tap_ok(0, "%s: refused export wrote "
					       "to the buffer", t[i].name);
			}
		}
		/* the public forms: allowed from the private key */
		uint32_t pub_fmts[] = { NCR_KEY_FORMAT_SPKI,
					t[i].type == NCR_KEY_TYPE_RSA ? 0 :
					NCR_KEY_FORMAT_RAW_PUBLIC };
		for (size_t f = 0; f < ARRAY_SIZE(pub_fmts); f++) {
			if (!pub_fmts[f])
				continue;
			len = sizeof(buf);
			r = pk_export(fd, priv, pub_fmts[f], buf, &len);
			tap_err(r, 0, "%s: export %s of the non-exportable "
				"private key (%zu bytes)", t[i].name,
				fmt_name(pub_fmts[f]), len);
		}
		/* the public key object: exportable, its default is SPKI */
		r = key_info(fd, pub, &ki);
		tap_ok(!r && (ki.flags & NCR_KEY_FLAG_EXPORTABLE) &&
		       (ki.flags & NCR_KEY_FLAG_STORABLE) &&
		       !(ki.attrs & NCR_KEY_ATTR_ALWAYS_SENSITIVE) &&
		       ki.key_class == NCR_KEY_CLASS_PUBLIC,
		       "%s: the public key object is exportable, storable, "
		       "not ALWAYS_SENSITIVE and of class public (flags 0x%x, "
		       "attrs 0x%x, class %u)", t[i].name, ki.flags, ki.attrs,
		       ki.key_class);
		len = sizeof(buf);
		r = pk_export(fd, pub, NCR_KEY_FORMAT_DEFAULT, buf, &len);
		tap_err(r, 0, "%s: default export of the public key object",
			t[i].name);
		r = key_info(fd, priv, &ki);
		tap_ok(!r && ki.flags == 0 &&
		       ki.key_class == NCR_KEY_CLASS_PRIVATE,
		       "%s: the private key has exactly the flags asked (0x%x)",
		       t[i].name, ki.flags);
		before = live_now();
		len = sizeof(buf);
		r = pk_export(fd, pub, NCR_KEY_FORMAT_PKCS8, buf, &len);
		expect_none(r, -EINVAL, &before, "%s: PKCS8 export of a public "
			    "key object (it has no private key)", t[i].name);
		if (t[i].type == NCR_KEY_TYPE_RSA) {
			len = sizeof(buf);
			r = pk_export(fd, pub, NCR_KEY_FORMAT_PKCS1, buf, &len);
			tap_err(r, 0, "RSA-2048: PKCS1 export of the public key "
				"object (RSAPublicKey)");
		}
		key_del(fd, priv);
		key_del(fd, pub);
	}
}

/* Usage bits and key classes for sessions and derive. */
static void test_pk_usage(void)
{
	uint8_t msg[32] = { 1, 2, 3 }, sig[NCR_MAX_SIGNATURE];
	uint8_t ct[512], pt[512], peer[65];
	struct pkp p = { .hash = NCR_ALG_SHA256 };
	struct live before;
	uint32_t sign_only, verify_only, pub, rsa, rsa_pub, x, xpub, nk;
	size_t sl, len, pl = sizeof(peer);
	int r;

	/* EC: SIGN only / VERIFY only */
	r = pk_genpair(fd, NCR_KEY_TYPE_EC, 256, 0, NULL, 0, 0,
		       NCR_KEY_USAGE_SIGN, 0, &sign_only, &pub);
	r = r ? r : pk_genpair(fd, NCR_KEY_TYPE_EC, 256, 0, NULL, 0, 0,
			       NCR_KEY_USAGE_VERIFY, NCR_KEY_USAGE_VERIFY,
			       &verify_only, &xpub);
	if (!tap_err(r, 0, "EC key pairs for the usage checks"))
		return;
	key_del(fd, xpub);
	sl = sizeof(sig);
	r = pk_sign(fd, NCR_ALG_ECDSA, sign_only, &p, msg, 32, sig, &sl);
	tap_err(r, 0, "ECDSA sign with a SIGN key");
	before = live_now();
	r = pk_verify(fd, NCR_ALG_ECDSA, sign_only, &p, msg, 32, sig, sl);
	expect_none(r, -EPERM, &before, "ECDSA verify with a private key "
		    "lacking VERIFY");
	r = pk_verify(fd, NCR_ALG_ECDSA, pub, &p, msg, 32, sig, sl);
	tap_ok(r == NCR_VERIFY_OK, "the public key (public usage derived "
	       "from SIGN: VERIFY) verifies: %s", errname(r));
	sl = sizeof(sig);
	r = pk_sign(fd, NCR_ALG_ECDSA, verify_only, &p, msg, 32, sig, &sl);
	expect_none(r, -EPERM, &before, "ECDSA sign with a private key "
		    "lacking SIGN");
	sl = sizeof(sig);
	r = pk_sign(fd, NCR_ALG_ECDSA, pub, &p, msg, 32, sig, &sl);
	expect_none(r, -EPERM, &before, "ECDSA sign with a public key");
	{
		struct ncr_session_init s = {
			.size = sizeof(s), .algorithm = NCR_ALG_ECDSA,
			.op = NCR_OP_SIGN, .key = pub, .hash = NCR_ALG_SHA256,
		};

		r = xioctl(fd, NCRIO_SESSION_INIT, &s);
		expect_none(r, -EPERM, &before, "SESSION_INIT sign with a "
			    "public key");
	}
	r = pk_export(fd, sign_only, NCR_KEY_FORMAT_RAW_PUBLIC, peer, &pl);
	r = r ? r : pk_derive(fd, NCR_ALG_ECDH, sign_only, peer, pl,
			      NCR_KEY_TYPE_HMAC, 0, NCR_KEY_USAGE_SIGN, &nk);
	expect_none(r, -EPERM, &before, "ECDH derive with a private key "
		    "lacking DERIVE");
	/* a public key with DERIVE usage still cannot derive */
	{
		uint8_t spki[200];
		size_t sl2 = sizeof(spki);
		uint32_t dpub;

		r = pk_export(fd, pub, NCR_KEY_FORMAT_SPKI, spki, &sl2);
		r = r ? r : pk_import(fd, NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_SPKI,
				      0, spki, sl2, 0, NCR_KEY_USAGE_DERIVE,
				      &dpub);
		if (tap_err(r, 0, "EC public key imported with DERIVE")) {
			before = live_now();
			r = pk_derive(fd, NCR_ALG_ECDH, dpub, peer, pl,
				      NCR_KEY_TYPE_HMAC, 0, NCR_KEY_USAGE_SIGN,
				      &nk);
			expect_none(r, -EPERM, &before, "ECDH derive with a "
				    "public key");
			key_del(fd, dpub);
		}
		before = live_now();
		r = pk_import(fd, NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_SPKI, 0,
			      spki, sl2, 0, NCR_KEY_USAGE_SIGN, &dpub);
		if (!r)
			key_del(fd, dpub);
		expect_none(r, -EINVAL, &before, "import of a public key with "
			    "SIGN usage");
		before = live_now();
		r = pk_import(fd, NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_SPKI, 0,
			      spki, sl2, 0, NCR_KEY_USAGE_DECRYPT, &dpub);
		if (!r)
			key_del(fd, dpub);
		expect_none(r, -EINVAL, &before, "import of a public key with "
			    "DECRYPT usage");
	}
	key_del(fd, sign_only);
	key_del(fd, verify_only);
	key_del(fd, pub);

	/* RSA: ENCRYPT only cannot decrypt, DECRYPT only cannot encrypt,
	 * the public key cannot decrypt */
	r = rsa_import(0, NCR_KEY_USAGE_ENCRYPT, &rsa, &rsa_pub);
	if (tap_err(r, 0, "RSA-2048 with ENCRYPT only")) {
		len = sizeof(ct);
		r = pk_crypt(fd, NCR_ALG_RSA_OAEP, NCR_OP_ENCRYPT, rsa, &p, msg,
			     32, ct, &len);
		tap_err(r, 0, "RSA-OAEP encrypt with ENCRYPT usage");
		before = live_now();
		size_t pl2 = sizeof(pt);

		r = pk_crypt(fd, NCR_ALG_RSA_OAEP, NCR_OP_DECRYPT, rsa, &p, ct,
			     len, pt, &pl2);
		expect_none(r, -EPERM, &before, "RSA-OAEP decrypt with a key "
			    "lacking DECRYPT");
		pl2 = sizeof(pt);
		r = pk_crypt(fd, NCR_ALG_RSA_OAEP, NCR_OP_DECRYPT, rsa_pub, &p,
			     ct, len, pt, &pl2);
		expect_none(r, -EPERM, &before, "RSA-OAEP decrypt with a "
			    "public key");
		sl = sizeof(sig);
		r = pk_sign(fd, NCR_ALG_RSA_PSS, rsa_pub, &p, msg, 32, sig,
			    &sl);
		expect_none(r, -EPERM, &before, "RSA-PSS sign with a public "
			    "key");
		key_del(fd, rsa);
		key_del(fd, rsa_pub);
	}
	r = rsa_import(0, NCR_KEY_USAGE_DECRYPT, &rsa, NULL);
	if (tap_err(r, 0, "RSA-2048 with DECRYPT only")) {
		before = live_now();
		len = sizeof(ct);
		r = pk_crypt(fd, NCR_ALG_RSA_OAEP, NCR_OP_ENCRYPT, rsa, &p, msg,
			     32, ct, &len);
		expect_none(r, -EPERM, &before, "RSA-OAEP encrypt with a key "
			    "lacking ENCRYPT");
		key_del(fd, rsa);
	}

	/* X25519: DERIVE works; the derived key gets exactly what is asked */
	r = pk_genpair(fd, NCR_KEY_TYPE_X25519, 0, 0, NULL, 0, 0,
		       NCR_KEY_USAGE_DERIVE, 0, &x, &xpub);
	if (!tap_err(r, 0, "X25519 key pair"))
		return;
	pl = 32;
	pk_export(fd, xpub, NCR_KEY_FORMAT_RAW_PUBLIC, peer, &pl);
	static const struct {
		uint32_t flags, usage, type;
	} d[] = {
		{ 0, NCR_KEY_USAGE_SIGN, NCR_KEY_TYPE_HMAC },
		{ NCR_KEY_FLAG_HASHABLE | NCR_KEY_FLAG_WRAPPABLE,
		  NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY, NCR_KEY_TYPE_HMAC },
		{ NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_TYPE_AES },
	};
	for (size_t i = 0; i < ARRAY_SIZE(d); i++) {
		struct ncr_key_info ki;
		uint8_t s[64];
		size_t slen = sizeof(s);

		r = pk_derive(fd, NCR_ALG_X25519, x, peer, 32, d[i].type,
			      d[i].flags, d[i].usage, &nk);
		if (!tap_err(r, 0, "X25519 derive into type %u flags 0x%x",
			     d[i].type, d[i].flags))
			continue;
		r = key_info(fd, nk, &ki);
		tap_ok(!r && ki.flags == d[i].flags && ki.usage == d[i].usage &&
		       ki.type == d[i].type && ki.bits == 256 &&
		       ki.key_class == NCR_KEY_CLASS_SECRET &&
		       !(ki.attrs & (NCR_KEY_ATTR_LOCAL |
				     NCR_KEY_ATTR_ALWAYS_SENSITIVE)),
		       "derived key: exactly flags 0x%x usage 0x%x type %u, "
		       "256 bits, secret, neither LOCAL nor ALWAYS_SENSITIVE "
		       "(got 0x%x 0x%x %u %u, attrs 0x%x)", d[i].flags,
		       d[i].usage, d[i].type, ki.flags, ki.usage, ki.type,
		       ki.bits, ki.attrs);
		before = live_now();
		r = secret_export(fd, nk, s, &slen);
		if (d[i].flags & NCR_KEY_FLAG_EXPORTABLE)
			tap_err(r, 0, "export of the EXPORTABLE derived key");
		else
			expect_none(r, -EPERM, &before, "export of a derived "
				    "key without EXPORTABLE");
		key_del(fd, nk);
	}
	before = live_now();
	r = pk_derive(fd, NCR_ALG_X25519, x, peer, 32, NCR_KEY_TYPE_HMAC, 0, 0,
		      &nk);
	expect_none(r, -EINVAL, &before, "derive with usage 0");
	r = pk_derive(fd, NCR_ALG_ECDH, x, peer, 32, NCR_KEY_TYPE_HMAC, 0,
		      NCR_KEY_USAGE_SIGN, &nk);
	expect_none(r, -EINVAL, &before, "ECDH derive with an X25519 key");
	r = pk_derive(fd, NCR_ALG_X25519, xpub, peer, 32, NCR_KEY_TYPE_HMAC, 0,
		      NCR_KEY_USAGE_SIGN, &nk);
	expect_none(r, -EPERM, &before, "X25519 derive with the public key");
	/* the caller chose the peer and may know the secret: never TRUSTED,
	 * whoever asks (EPERM for root too) */
	{
		struct ncr_key_policy pol = {
			.flags = NCR_KEY_FLAG_TRUSTED,
			.usage = NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP,
			.algs = NCR_KEY_ALG_AES_KW,
		};

		before = live_now();
		r = ncr_key_derive_ex(fd, NCR_ALG_X25519, x, peer, 32,
				      NCR_KEY_TYPE_AES, &pol, &nk);
		if (!r)
			key_del(fd, nk);
		expect_none(r, -EPERM, &before, "X25519 derive of a TRUSTED "
			    "wrapping key (as uid %d)", (int)geteuid());
		/* nor later: ncr.h, NCRIO_KEY_WRAP, "A wrapping key the
		 * caller could know (imported, exportable, derived) can
		 * therefore only wrap keys the caller could read anyway." */
		pol.flags = 0;
		r = is_root ? ncr_key_derive_ex(fd, NCR_ALG_X25519, x, peer,
						32, NCR_KEY_TYPE_AES, &pol,
						&nk) : -EPERM;
		if (!is_root) {
			tap_skip("not root", "NCRIO_KEY_TRUST of a derived "
				 "wrap-only key");
		} else if (tap_err(r, 0, "a derived wrap-only AES key")) {
			before = live_now();
			r = ncr_key_trust(fd, nk);
			expect_none(r, -EINVAL, &before, "NCRIO_KEY_TRUST by "
				    "root of a derived key");
			key_del(fd, nk);
		}
	}
	key_del(fd, x);
	key_del(fd, xpub);
}

/* Key wrap with RSA-OAEP: the key wrap rules with RSA wrapping keys. */
static void test_pk_wrap(void)
{
	uint8_t w[512], raw[32] = { 9, 8, 7 }, buf[64], msg[32];
	uint8_t ct1[32], ct2[32];
	uint32_t rsa, rsa_pub, nowrap_rsa, rsa_ew, aes_w, aes_ew, aes_nw, nk;
	struct ncr_key_info ki;
	struct live before;
	size_t wl, len;
	int r;

	memset(msg, 0x17, sizeof(msg));
	r = rsa_import(NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_WRAP |
		       NCR_KEY_USAGE_UNWRAP, &rsa, &rsa_pub);
	if (!tap_err(r, 0, "RSA-2048 with WRAP|UNWRAP"))
		return;
	r = rsa_import(0, NCR_KEY_USAGE_DECRYPT, &nowrap_rsa, NULL);
	r = r ? r : rsa_import(NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_WRAPPABLE,
			       NCR_KEY_USAGE_SIGN, &rsa_ew, NULL);
	r = r ? r : imp_key(fd, NCR_KEY_TYPE_AES, raw, 32,
			    NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_ENCRYPT,
			    NCR_KEY_ALG_AES_CBC, NULL, &aes_w);
	r = r ? r : imp_key(fd, NCR_KEY_TYPE_AES, raw, 32,
			    NCR_KEY_FLAG_WRAPPABLE | NCR_KEY_FLAG_EXPORTABLE,
			    NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_CBC, NULL,
			    &aes_ew);
	r = r ? r : imp_key(fd, NCR_KEY_TYPE_AES, raw, 32,
			    NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_ENCRYPT,
			    NCR_KEY_ALG_AES_CBC, NULL, &aes_nw);
	if (!tap_err(r, 0, "keys for the RSA-OAEP wrap checks"))
		return;
	/* a public key anybody can import is no TRUSTED key */
	before = live_now();
	wl = sizeof(w);
	r = kwrap_raw(NCR_WALG_RSA_OAEP, rsa_pub, aes_w, w, &wl);
	expect_none(r, -EPERM, &before, "RSA-OAEP wrap of a wrappable, "
		    "non-exportable AES key under an (untrusted) public key");
	wl = sizeof(w);
	r = kwrap_raw(NCR_WALG_RSA_OAEP, rsa, aes_w, w, &wl);
	expect_none(r, -EPERM, &before, "RSA-OAEP wrap of a wrappable, "
		    "non-exportable AES key under an (untrusted) private key");
	wl = sizeof(w);
	r = kwrap_raw(NCR_WALG_RSA_OAEP, rsa_pub, aes_ew, w, &wl);
	tap_ok(!r && wl == 256, "RSA-OAEP wrap of a wrappable, exportable AES "
	       "key with the public key: %s, %zu bytes", errname(r), wl);
	if (!r) {
		before = live_now();
		r = kunwrap_raw(NCR_WALG_RSA_OAEP, rsa, w, wl,
				NCR_KEY_TYPE_AES, NCR_KEY_FLAG_EXPORTABLE,
				NCR_KEY_USAGE_ENCRYPT, &nk);
		if (!r)
			key_del(fd, nk);
		expect_none(r, -EPERM, &before, "RSA-OAEP unwrap asking "
			    "EXPORTABLE under a non-exportable private key");
		r = kunwrap_raw(NCR_WALG_RSA_OAEP, rsa, w, wl,
				NCR_KEY_TYPE_AES, NCR_KEY_FLAG_HASHABLE,
				NCR_KEY_USAGE_ENCRYPT, &nk);
		if (!r)
			key_del(fd, nk);
		expect_none(r, -EPERM, &before, "RSA-OAEP unwrap asking "
			    "HASHABLE under a non-exportable private key");
		r = kunwrap_raw(NCR_WALG_RSA_OAEP, rsa, w, wl,
				NCR_KEY_TYPE_AES, 0, NCR_KEY_USAGE_ENCRYPT,
				&nk);
		if (tap_err(r, 0, "RSA-OAEP unwrap with the private key")) {
			key_info(fd, nk, &ki);
			tap_ok(ki.flags == 0, "the RSA-OAEP unwrapped key has "
			       "exactly the flags asked (flags 0x%x)",
			       ki.flags);
			key_del(fd, nk);
		}
		before = live_now();
		r = kunwrap_raw(NCR_WALG_RSA_OAEP, rsa_pub, w, wl,
				NCR_KEY_TYPE_AES, 0, NCR_KEY_USAGE_ENCRYPT,
				&nk);
		expect_none(r, -EPERM, &before, "RSA-OAEP unwrap with the "
			    "public key");
	}
	before = live_now();
	wl = sizeof(w);
	r = kwrap_raw(NCR_WALG_RSA_OAEP, rsa_pub, aes_nw, w, &wl);
	expect_none(r, -EPERM, &before, "RSA-OAEP wrap of a key without "
		    "WRAPPABLE (even exportable)");
	wl = sizeof(w);
	r = kwrap_raw(NCR_WALG_RSA_OAEP, nowrap_rsa, aes_ew, w, &wl);
	expect_none(r, -EPERM, &before, "RSA-OAEP wrap under an RSA key "
		    "lacking WRAP");
	wl = sizeof(w);
	r = kwrap_raw(NCR_WALG_RSA_OAEP, rsa_pub, rsa_ew, w, &wl);
	expect_none(r, -EINVAL, &before, "RSA-OAEP wrap of an exportable, "
		    "wrappable private key: only secret keys");
	wl = sizeof(w);
	r = kwrap_raw(NCR_WALG_RSA_OAEP, rsa, aes_ew, w, &wl);
	if (!r) {
		before = live_now();
		r = kunwrap_raw(NCR_WALG_RSA_OAEP, nowrap_rsa, w, wl,
				NCR_KEY_TYPE_AES, 0, NCR_KEY_USAGE_ENCRYPT,
				&nk);
		expect_none(r, -EPERM, &before, "RSA-OAEP unwrap under a key "
			    "lacking UNWRAP");
	}

	/* root: the peer's public key, TRUSTED, carries a non-exportable
	 * key to the holder of the private key */
	if (is_root) {
		uint8_t spki[1024];
		size_t sl = sizeof(spki);
		uint32_t tpub = 0;

		r = pk_export(fd, rsa, NCR_KEY_FORMAT_SPKI, spki, &sl);
		r = r ? r : pk_import(fd, NCR_KEY_TYPE_RSA,
				      NCR_KEY_FORMAT_SPKI, 0, spki, sl,
				      NCR_KEY_FLAG_TRUSTED, NCR_KEY_USAGE_WRAP,
				      &tpub);
		if (tap_err(r, 0, "root: a TRUSTED RSA public key, usage "
			    "WRAP")) {
			wl = sizeof(w);
			r = kwrap_raw(NCR_WALG_RSA_OAEP, tpub, aes_w, w, &wl);
			tap_ok(!r && wl == 256, "RSA-OAEP wrap of a wrappable, "
			       "non-exportable key under the TRUSTED public "
			       "key: %s", errname(r));
			/* an untrusted private key takes raw material only:
			 * the envelope + key is no AES key length */
			before = live_now();
			r = r ? r : kunwrap_raw(NCR_WALG_RSA_OAEP, rsa, w, wl,
						NCR_KEY_TYPE_AES, 0,
						NCR_KEY_USAGE_ENCRYPT, &nk);
			expect_none(r, -EINVAL, &before, "... its unwrap with "
				    "the private key while that is not "
				    "TRUSTED");
			/* root trusts its own private key (imported by
			 * root, wrap-only): it takes the envelope */
			r = ncr_key_trust(fd, rsa);
			r = r ? r : kunwrap_raw(NCR_WALG_RSA_OAEP, rsa, w, wl,
						NCR_KEY_TYPE_AES, 0,
						NCR_KEY_USAGE_ENCRYPT, &nk);
			if (tap_err(r, 0, "... and its unwrap with the private "
				    "key once TRUSTED")) {
				/* the envelope gave it aes_w's set (CBC) */
				r = cbc_encrypt(fd, nk, msg, 32, ct1);
				r = r ? r : cbc_encrypt(fd, aes_w, msg, 32,
							ct2);
				tap_ok(!r && !memcmp(ct1, ct2, 32), "the key "
				       "unwrapped has the original material "
				       "and set (%s)", errname(r));
				kinfo(fd, nk, &ki);
				tap_ok(ki.algs == NCR_KEY_ALG_AES_CBC &&
				       ki.usage == NCR_KEY_USAGE_ENCRYPT,
				       "... and the policy it was wrapped with "
				       "(usage %#x, algs %#llx)", ki.usage,
				       (unsigned long long)ki.algs);
				len = sizeof(buf);
				r = secret_export(fd, nk, buf, &len);
				tap_err(r, -EPERM, "... and is not exportable");
				key_del(fd, nk);
			}
			key_del(fd, tpub);
		}
	}
	key_del(fd, rsa);
	key_del(fd, rsa_pub);
	key_del(fd, nowrap_rsa);
	key_del(fd, rsa_ew);
	key_del(fd, aes_w);
	key_del(fd, aes_ew);
	key_del(fd, aes_nw);
}

/* Storage blobs of private keys. */
static void test_pk_storage(void)
{
	static const struct {
		uint32_t type, bits, alg, hash;
		const char *name;
	} t[] = {
		{ NCR_KEY_TYPE_EC, 384, NCR_ALG_ECDSA, NCR_ALG_SHA384,
		  "EC P-384" },
		{ NCR_KEY_TYPE_ED25519, 0, NCR_ALG_ED25519, 0, "Ed25519" },
		{ NCR_KEY_TYPE_RSA, 2048, NCR_ALG_RSA_PSS, NCR_ALG_SHA256,
		  "RSA-2048" },
	};

	if (!master_set) {
		tap_skip("master key not set", "storage wrap of private keys");
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		uint8_t blob[NCR_STORAGE_BLOB_MAX], sig[NCR_MAX_SIGNATURE];
		uint8_t msg[77];
		struct pkp p = { .hash = t[i].hash, .salt_size =
				 t[i].alg == NCR_ALG_RSA_PSS ? 32 : 0 };
		struct ncr_key_info i1, i2;
		struct live before;
		uint32_t priv, pub, k2, nw, nwp;
		size_t bl = sizeof(blob), sl = sizeof(sig);
		int r;

		memset(msg, (int)i + 1, sizeof(msg));
		if (t[i].type == NCR_KEY_TYPE_RSA)
			r = rsa_import(NCR_KEY_FLAG_STORABLE,
				       NCR_KEY_USAGE_SIGN, &priv, &pub);
		else
			r = pk_genpair(fd, t[i].type, t[i].bits, 0, NULL, 0,
				       NCR_KEY_FLAG_STORABLE,
				       NCR_KEY_USAGE_SIGN, 0, &priv, &pub);
		if (!tap_err(r, 0, "%s: a storable private key", t[i].name))
			continue;
		r = ncr_key_storage_wrap(fd, priv, blob, &bl);
		tap_err(r, 0, "%s: storage wrap of the private key (%zu bytes)",
			t[i].name, bl);
		r = r ? r : ncr_key_storage_unwrap(fd, blob, bl, &k2);
		if (tap_err(r, 0, "%s: storage unwrap", t[i].name)) {
			key_info(fd, priv, &i1);
			key_info(fd, k2, &i2);
			tap_ok(key_info_equal(&i1, &i2) &&
			       i2.key_class == NCR_KEY_CLASS_PRIVATE,
			       "%s: the restored key has the same type, flags, "
			       "usage, bits, key ID, class, set, attrs, label",
			       t[i].name);
			r = pk_sign(fd, t[i].alg, k2, &p, msg, sizeof(msg),
				    sig, &sl);
			r = r ? r : pk_verify(fd, t[i].alg, pub, &p, msg,
					      sizeof(msg), sig, sl);
			tap_ok(r == NCR_VERIFY_OK, "%s: the restored key signs, "
			       "the original public key verifies: %s",
			       t[i].name, errname(r));
			before = live_now();
			bl = sizeof(blob);
			r = pk_export(fd, k2, NCR_KEY_FORMAT_PKCS8, blob, &bl);
			expect_none(r, -EPERM, &before, "%s: PKCS8 export of "
				    "the restored non-exportable key",
				    t[i].name);
			key_del(fd, k2);
		}
		/* the public key object is always storable */
		bl = sizeof(blob);
		r = ncr_key_storage_wrap(fd, pub, blob, &bl);
		r = r ? r : ncr_key_storage_unwrap(fd, blob, bl, &k2);
		if (tap_err(r, 0, "%s: storage round trip of the public key "
			    "object", t[i].name)) {
			key_info(fd, pub, &i1);
			key_info(fd, k2, &i2);
			tap_ok(key_info_equal(&i1, &i2) &&
			       i2.key_class == NCR_KEY_CLASS_PUBLIC,
			       "%s: the restored public key is the same",
			       t[i].name);
			key_del(fd, k2);
		}
		/* WRAPPABLE but not STORABLE: EPERM */
		if (t[i].type != NCR_KEY_TYPE_RSA &&
		    !pk_genpair(fd, t[i].type, t[i].bits, 0, NULL, 0,
				NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_SIGN, 0,
				&nw, &nwp)) {
			before = live_now();
			bl = sizeof(blob);
			r = ncr_key_storage_wrap(fd, nw, blob, &bl);
			expect_none(r, -EPERM, &before, "%s: storage wrap of a "
				    "(wrappable) private key without STORABLE",
				    t[i].name);
			key_del(fd, nw);
			key_del(fd, nwp);
		}
		key_del(fd, priv);
		key_del(fd, pub);
	}
}

/*
 * A fatal signal during a long generation: the child is killed ~0.5 s
 * into the ioctl, must be reaped within a second, and the module's live
 * key count returns to its baseline.
 */
static void kill_during(const char *what, uint32_t type, uint32_t bits,
			uint32_t q_bits)
{
	struct live before, after;
	int pfd[2], status = 0;
	double t_kill, t_reap;
	struct timespec ts;
	pid_t pid, w;
	char c;

	if (live_get(fd, &before) || pipe(pfd)) {
		tap_ok(0, "%s: setup", what);
		return;
	}
	pid = fork();
	if (pid == 0) {
		int cfd = dev_open();
		uint32_t a, b;
		int r;

		close(pfd[0]);
		if (write(pfd[1], "x", 1) != 1)
			_exit(3);
		r = pk_genpair(cfd, type, bits, q_bits, NULL, 0, 0,
			       NCR_KEY_USAGE_SIGN, 0, &a, &b);
		_exit(r ? 1 : 0);
	}
	close(pfd[1]);
	if (pid < 0 || read(pfd[0], &c, 1) != 1) {
		close(pfd[0]);
		tap_ok(0, "%s: child started", what);
		return;
	}
	close(pfd[0]);
	usleep(500000);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	t_kill = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	kill(pid, SIGKILL);
	w = waitpid(pid, &status, 0);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	t_reap = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	if (w == pid && WIFEXITED(status)) {
		tap_skip("generation finished before the signal",
			 "%s: SIGKILL during the generation", what);
	} else {
		tap_ok(w == pid && WIFSIGNALED(status) &&
		       WTERMSIG(status) == SIGKILL && t_reap - t_kill < 1.0,
		       "%s: a child SIGKILLed 0.5 s into the generation is "
		       "reaped %.3f s after the signal (limit 1 s)", what,
		       t_reap - t_kill);
	}
	int lw = live_wait(fd, &before, &after);

	tap_ok(!lw, "%s: live keys back to the "
	       "baseline (%llu -> %llu)", what,
	       (unsigned long long)before.keys,
	       (unsigned long long)after.keys);
}

static void test_pk_signal(void)
{
	kill_during("DSA (2048, 256) parameter generation", NCR_KEY_TYPE_DSA,
		    2048, 256);
	kill_during("RSA-4096 key generation", NCR_KEY_TYPE_RSA, 4096, 0);
}

/* Invalid peer values for NCRIO_KEY_DERIVE: EINVAL, nothing created. */
static void bad_peer(uint32_t alg, uint32_t key, const uint8_t *peer,
		     size_t len, const char *what)
{
	struct live before = live_now();
	uint32_t nk;
	int r = pk_derive(fd, alg, key, peer, len, NCR_KEY_TYPE_HMAC, 0,
			  NCR_KEY_USAGE_SIGN, &nk);

	if (!r)
		key_del(fd, nk);
	expect_none(r, -EINVAL, &before, "derive with %s", what);
}

static void test_pk_peers(void)
{
	uint8_t pt[97], bad[600];
	size_t pl = sizeof(pt);
	uint32_t ec, ecp, x, xp, dh, dhp;
	int r;

	r = pk_genpair(fd, NCR_KEY_TYPE_EC, 256, 0, NULL, 0, 0,
		       NCR_KEY_USAGE_DERIVE, 0, &ec, &ecp);
	r = r ? r : pk_export(fd, ecp, NCR_KEY_FORMAT_RAW_PUBLIC, pt, &pl);
	if (tap_err(r, 0, "EC P-256 key pair for the peer checks")) {
		memcpy(bad, pt, pl);
		bad[pl - 1] ^= 1;
		bad_peer(NCR_ALG_ECDH, ec, bad, pl, "a P-256 point not on the "
			 "curve");
		memset(bad, 0, sizeof(bad));
		bad_peer(NCR_ALG_ECDH, ec, bad, 1, "the point at infinity "
			 "(00)");
		bad[0] = 4;
		bad_peer(NCR_ALG_ECDH, ec, bad, 65, "04 || 0 || 0");
		bad_peer(NCR_ALG_ECDH, ec, pt, 64, "a point one byte short");
		bad_peer(NCR_ALG_ECDH, ec, pt, 0, "an empty peer");
		memcpy(bad, pt, 33);
		bad[0] = 5;
		bad_peer(NCR_ALG_ECDH, ec, bad, 33, "a compressed point with "
			 "prefix 05");
		/* x = p (0xff..ff00..01 form of P-256's p) is out of range */
		static const uint8_t p256[32] = {
			0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01,
			0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
			0xff, 0xff, 0xff, 0xff,
		};
		bad[0] = 2;
		memcpy(bad + 1, p256, 32);
		bad_peer(NCR_ALG_ECDH, ec, bad, 33, "a compressed point with "
			 "x = p");
		key_del(fd, ec);
		key_del(fd, ecp);
	}
	r = pk_genpair(fd, NCR_KEY_TYPE_X25519, 0, 0, NULL, 0, 0,
		       NCR_KEY_USAGE_DERIVE, 0, &x, &xp);
	if (tap_err(r, 0, "X25519 key pair for the peer checks")) {
		static const uint8_t order8[32] = {
			0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae,
			0x16, 0x56, 0xe3, 0xfa, 0xf1, 0x9f, 0xc4, 0x6a,
			0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32, 0xb1, 0xfd,
			0x86, 0x62, 0x05, 0x16, 0x5f, 0x49, 0xb8, 0x00,
		};
		memset(bad, 0, 32);
		bad_peer(NCR_ALG_X25519, x, bad, 32, "the X25519 point u = 0 "
			 "(low order)");
		bad[0] = 1;
		bad_peer(NCR_ALG_X25519, x, bad, 32, "the X25519 point u = 1 "
			 "(low order)");
		bad_peer(NCR_ALG_X25519, x, order8, 32, "an X25519 point of "
			 "order 8");
		bad_peer(NCR_ALG_X25519, x, order8, 31, "a 31-byte X25519 "
			 "peer");
		bad_peer(NCR_ALG_X25519, x, order8, 33, "a 33-byte X25519 "
			 "peer");
		key_del(fd, x);
		key_del(fd, xp);
	}
	r = pk_genpair(fd, NCR_KEY_TYPE_DH, 2048, 0, NULL, 0, 0,
		       NCR_KEY_USAGE_DERIVE, 0, &dh, &dhp);
	if (tap_err(r, 0, "DH ffdhe2048 key pair for the peer checks")) {
		/* p of ffdhe2048 from OpenSSL */
		OSSL_PARAM prm[2];
		char group[] = "ffdhe2048";
		EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
		EVP_PKEY *pk = NULL;
		BIGNUM *p = NULL;
		uint8_t pb[256];
		int ok;

		prm[0] = OSSL_PARAM_construct_utf8_string(
			OSSL_PKEY_PARAM_GROUP_NAME, group, 0);
		prm[1] = OSSL_PARAM_construct_end();
		ok = pc && EVP_PKEY_fromdata_init(pc) > 0 &&
		     EVP_PKEY_fromdata(pc, &pk, EVP_PKEY_KEY_PARAMETERS,
				       prm) > 0 &&
		     EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_FFC_P, &p) &&
		     BN_bn2binpad(p, pb, 256) == 256;
		if (!tap_ok(ok, "ffdhe2048 p from OpenSSL")) {
			memset(pb, 0xff, sizeof(pb));
		}
		memset(bad, 0, 256);
		bad_peer(NCR_ALG_DH, dh, bad, 256, "DH y = 0");
		bad[255] = 1;
		bad_peer(NCR_ALG_DH, dh, bad, 256, "DH y = 1");
		bad_peer(NCR_ALG_DH, dh, bad + 255, 1, "DH y = 1 (1 byte)");
		memcpy(bad, pb, 256);
		bad[255] -= 1;	/* p is odd: p - 1 */
		bad_peer(NCR_ALG_DH, dh, bad, 256, "DH y = p - 1 (order 2)");
		bad_peer(NCR_ALG_DH, dh, pb, 256, "DH y = p");
		memset(bad, 0xff, 256);
		bad_peer(NCR_ALG_DH, dh, bad, 256, "DH y = 2^2048 - 1 (> p)");
		memset(bad, 0, 257);
		bad[256] = 2;
		bad_peer(NCR_ALG_DH, dh, bad, 257, "a DH y longer than p");
		bad_peer(NCR_ALG_DH, dh, bad, 0, "an empty DH y");
		BN_free(p);
		EVP_PKEY_free(pk);
		EVP_PKEY_CTX_free(pc);
		key_del(fd, dh);
		key_del(fd, dhp);
	}
}

int main(int argc, char **argv)
{
	const char *hex = NULL;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--master-key-hex") && i + 1 < argc) {
			hex = argv[++i];
		} else {
			fprintf(stderr, "usage: security [--master-key-hex "
				"HEX64]\n");
			return 2;
		}
	}
	tap_init();
	fd = ncr_open();
	if (fd < 0) {
		char reason[96];

		snprintf(reason, sizeof(reason), "cannot open /dev/crypto: %s",
			 errname(fd));
		tap_skip_all(reason);
	}
	is_root = geteuid() == 0;
	tap_diag("running as uid %d", (int)geteuid());

	test_master(hex);
	test_exportable();
	test_storage();
	test_namespaces();
	test_usage();
	test_algsets();
	test_restrict();
	test_key_data();
	test_key_wrap();
	test_trusted();
	test_blob_tamper();
	test_deinit_in_session();
	test_pk_export();
	test_pk_usage();
	test_pk_wrap();
	test_pk_storage();
	test_pk_peers();
	test_pk_signal();

	ncr_close(fd);
	return tap_finish("security");
}
