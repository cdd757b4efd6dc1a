// SPDX-License-Identifier: GPL-2.0
/*
 * security - the security properties of ncr keys.
 *
 *   build/tests/security [--master-key-hex HEX64]
 *
 * Sections, in order:
 *   master key   as root with --master-key-hex: storage wrap/unwrap with no
 *                master key set give ENOKEY (skipped if one is already
 *                set), the set succeeds (EEXIST tolerated if an earlier
 *                run of this boot set it), a second set gives EEXIST.  As
 *                non-root: the set gives EPERM.  Run this program first in
 *                a boot (tests/vm-suite.sh does) so the ENOKEY checks run.
 *   exportability  export of a non-exportable key is EPERM, also after a
 *                storage wrap/unwrap round trip (type, flags, usage, bits
 *                and key ID identical); wrap of a non-wrappable key EPERM.
 *   namespaces   handles of one open() are ENOENT in another; fork, dup
 *                and SCM_RIGHTS share the namespace; the last close frees
 *                everything in it.
 *   usage        each NCR_KEY_USAGE_* bit is enforced (EPERM).
 *   key data     NCR_OP_FLAG_KEY_DATA needs NCR_KEY_FLAG_HASHABLE (EPERM);
 *                hashing a key equals hashing its bytes.
 *   key wrap     a key without NCR_KEY_FLAG_WRAPPABLE cannot be wrapped
 *                (EPERM), not even when exportable; a wrapping key needs
 *                NCR_KEY_USAGE_WRAP to wrap and NCR_KEY_USAGE_UNWRAP to
 *                unwrap (EPERM); an unwrapped key is never exportable,
 *                even when asked for, but is wrappable and has the
 *                original material; handles of another namespace: ENOENT.
 *   blob tamper  every byte of a blob flipped, every truncation, an
 *                appended byte: EBADMSG (EPROTONOSUPPORT for the version,
 *                EINVAL only for length 0); nothing created.
 *   deinit       a session keeps a deinit'ed key alive and completes
 *                correctly.
 *   public key   a private key without EXPORTABLE refuses PKCS8, PKCS1
 *                and RAW export (EPERM) but gives SPKI and RAW_PUBLIC;
 *                public key objects are exportable; usage bits and key
 *                classes for sign, verify, encrypt, decrypt and derive
 *                (a public key never signs, decrypts or derives: EPERM);
 *                derived keys get exactly the flags and usage asked;
 *                RSA-OAEP key wrap needs WRAPPABLE and WRAP/UNWRAP;
 *                storage blobs of private keys round-trip and the restored
 *                key signs verifiably; invalid ECDH/X25519/DH peer values
 *                give EINVAL with nothing created; a child SIGKILLed
 *                during DSA parameter or RSA-4096 generation is reaped
 *                within a second and leaves no key behind.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
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

static int key_info_equal(const struct ncr_key_info *a,
			  const struct ncr_key_info *b)
{
	return a->flags == b->flags && a->usage == b->usage &&
	       a->type == b->type && a->bits == b->bits &&
	       a->key_id_size == b->key_id_size &&
	       !memcmp(a->key_id, b->key_id, a->key_id_size);
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

	if (ncr_key_generate(fd, NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_WRAPPABLE,
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
				     NCR_KEY_FLAG_WRAPPABLE,
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
	const char key_id[] = "security-test-id-20";
	struct ncr_key_info i1, i2;
	struct live before;
	size_t len, blen;
	uint32_t k, k2, k3;
	int r;

	memset(msg, 0x33, sizeof(msg));
	ref_cipher(NCR_ALG_AES_CBC, 1, aes_bytes, 16, iv16, msg, 32, ref);

	/* generated, not exportable */
	r = ncr_key_generate(fd, NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_WRAPPABLE,
			     NCR_KEY_USAGE_ENCRYPT, &k);
	before = live_now();
	len = sizeof(buf);
	r = r ? r : ncr_key_export(fd, k, buf, &len);
	expect_none(r, -EPERM, &before, "export of a generated key without "
		    "EXPORTABLE");
	ncr_key_deinit(fd, k);

	/* imported without EXPORTABLE: the caller had the bytes, the key is
	 * still not exportable */
	r = ncr_key_import(fd, NCR_KEY_TYPE_AES, aes_bytes, 16, key_id,
			   strlen(key_id), NCR_KEY_FLAG_WRAPPABLE |
			   NCR_KEY_FLAG_HASHABLE, NCR_KEY_USAGE_ENCRYPT, &k);
	tap_err(r, 0, "import without EXPORTABLE");
	before = live_now();
	len = sizeof(buf);
	r = ncr_key_export(fd, k, buf, &len);
	expect_none(r, -EPERM, &before, "export of an imported key without "
		    "EXPORTABLE");

	/* imported with EXPORTABLE */
	r = ncr_key_import(fd, NCR_KEY_TYPE_AES, aes_bytes, 16, NULL, 0,
			   NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_WRAPPABLE,
			   NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT, &k3);
	len = sizeof(buf);
	r = r ? r : ncr_key_export(fd, k3, buf, &len);
	tap_ok(!r && len == 16 && !memcmp(buf, aes_bytes, 16),
	       "export of an EXPORTABLE key returns its bytes (%s)",
	       errname(r));

	if (!master_set) {
		tap_skip("master key not set", "storage wrap round trips");
		ncr_key_deinit(fd, k);
		ncr_key_deinit(fd, k3);
		goto not_wrappable;
	}
	/* non-exportable through a storage round trip */
	blen = sizeof(blob);
	r = ncr_key_storage_wrap(fd, k, blob, &blen);
	tap_err(r, 0, "storage wrap of a non-exportable wrappable key");
	r = r ? r : ncr_key_storage_unwrap(fd, blob, blen, &k2);
	tap_err(r, 0, "storage unwrap");
	if (!r) {
		memset(&i1, 0, sizeof(i1));
		memset(&i2, 0, sizeof(i2));
		ncr_key_get_info(fd, k, &i1);
		ncr_key_get_info(fd, k2, &i2);
		tap_ok(key_info_equal(&i1, &i2) &&
		       i2.flags == (NCR_KEY_FLAG_WRAPPABLE |
				    NCR_KEY_FLAG_HASHABLE) &&
		       i2.usage == NCR_KEY_USAGE_ENCRYPT &&
		       i2.key_id_size == strlen(key_id),
		       "unwrapped key: type, flags, usage, bits and key ID "
		       "identical (flags %#x usage %#x id %u bytes)", i2.flags,
		       i2.usage, i2.key_id_size);
		tap_ok(k2 != k, "unwrap creates a new handle");
		before = live_now();
		len = sizeof(buf);
		r = ncr_key_export(fd, k2, buf, &len);
		expect_none(r, -EPERM, &before, "export of the unwrapped key");
		r = cbc_encrypt(fd, k, msg, 32, ct1);
		r = r ? r : cbc_encrypt(fd, k2, msg, 32, ct2);
		tap_ok(!r && !memcmp(ct1, ref, 32) && !memcmp(ct2, ref, 32),
		       "original and unwrapped key encrypt identically (%s)",
		       errname(r));
		before = live_now();
		len = sizeof(buf);
		r = ncr_cipher(fd, NCR_ALG_AES_CBC, NCR_OP_DECRYPT, k2, iv16,
			       16, ct2, 32, buf, &len);
		expect_none(r, -EPERM, &before, "unwrapped ENCRYPT-only key "
			    "cannot decrypt");
		/* and again: wrap of the unwrapped key, still the same */
		blen = sizeof(blob);
		r = ncr_key_storage_wrap(fd, k2, blob, &blen);
		{
			uint32_t k4;

			r = r ? r : ncr_key_storage_unwrap(fd, blob, blen, &k4);
			if (!r) {
				struct ncr_key_info i4;

				memset(&i4, 0, sizeof(i4));
				ncr_key_get_info(fd, k4, &i4);
				len = sizeof(buf);
				tap_ok(key_info_equal(&i1, &i4) &&
				       ncr_key_export(fd, k4, buf, &len) ==
				       -EPERM, "second round trip: same info, "
				       "export EPERM");
				ncr_key_deinit(fd, k4);
			} else {
				tap_ok(0, "second storage round trip: %s",
				       errname(r));
			}
		}
		/* the same blob unwraps again into another key */
		{
			uint32_t k5 = 0;

			blen = sizeof(blob);
			ncr_key_storage_wrap(fd, k, blob, &blen);
			r = ncr_key_storage_unwrap(fd, blob, blen, &k5);
			tap_ok(!r && k5 != k2 && k5 != k,
			       "a blob unwraps more than once (%s)",
			       errname(r));
			if (!r)
				ncr_key_deinit(fd, k5);
		}
		ncr_key_deinit(fd, k2);
	}
	ncr_key_deinit(fd, k);

	/* exportable through a storage round trip: same bytes */
	blen = sizeof(blob);
	r = ncr_key_storage_wrap(fd, k3, blob, &blen);
	r = r ? r : ncr_key_storage_unwrap(fd, blob, blen, &k2);
	if (!r) {
		memset(&i1, 0, sizeof(i1));
		memset(&i2, 0, sizeof(i2));
		ncr_key_get_info(fd, k3, &i1);
		ncr_key_get_info(fd, k2, &i2);
		len = sizeof(buf);
		r = ncr_key_export(fd, k2, buf, &len);
		tap_ok(!r && len == 16 && !memcmp(buf, aes_bytes, 16) &&
		       key_info_equal(&i1, &i2),
		       "exportable key after a storage round trip: same "
		       "bytes and info (%s)", errname(r));
		ncr_key_deinit(fd, k2);
	} else {
		tap_ok(0, "storage round trip of an exportable key: %s",
		       errname(r));
	}
	ncr_key_deinit(fd, k3);

not_wrappable:
	if (!master_set) {
		tap_skip("master key not set", "storage wrap of a key without "
			 "WRAPPABLE");
		return;
	}
	r = ncr_key_generate(fd, NCR_KEY_TYPE_HMAC, 256,
			     NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_HASHABLE,
			     NCR_KEY_USAGE_SIGN, &k);
	before = live_now();
	blen = sizeof(blob);
	r = r ? r : ncr_key_storage_wrap(fd, k, blob, &blen);
	expect_none(r, -EPERM, &before,
		    "storage wrap of a key without WRAPPABLE");
	ncr_key_deinit(fd, k);
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
	ncr_key_import(a, NCR_KEY_TYPE_AES, aes_bytes, 16, NULL, 0,
		       NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_HASHABLE |
		       NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_ALL, &ka);
	ncr_session_init(a, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, ka, iv16, 16, 0, 0,
			 &sa);

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
			ncr_key_generate(c, NCR_KEY_TYPE_AES, 128, 0,
					 NCR_KEY_USAGE_ENCRYPT, &k);
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

		r = ncr_key_generate(fd, cases[i].type, cases[i].bits, 0,
				     cases[i].usage, &k);
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

	ncr_key_deinit(fd, k_plain);
	ncr_key_deinit(fd, k_hash);
	ncr_key_deinit(fd, k_hash_noexp);
	ncr_key_deinit(fd, k_mac);
}

/* ------------------------------------------------------------- key wrap */

static void test_key_wrap(void)
{
	uint8_t w[NCR_WRAPPED_KEY_MAX], w2[NCR_WRAPPED_KEY_MAX], buf[64];
	uint8_t msg[32], ct1[32], ct2[32];
	uint32_t kek, kek_wrap_only, kek_unwrap_only, k_plain, k_exp, k, k2;
	struct ncr_key_info ki;
	struct live before;
	size_t wl, wl2, len;
	int r, other;

	memset(msg, 0x71, sizeof(msg));
	r = ncr_key_generate(fd, NCR_KEY_TYPE_AES, 256, 0,
			     NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP, &kek);
	r = r ? r : ncr_key_generate(fd, NCR_KEY_TYPE_AES, 128, 0,
				     NCR_KEY_USAGE_WRAP, &kek_wrap_only);
	r = r ? r : ncr_key_generate(fd, NCR_KEY_TYPE_AES, 128, 0,
				     NCR_KEY_USAGE_UNWRAP, &kek_unwrap_only);
	/* not wrappable, once exportable and hashable, once not */
	r = r ? r : ncr_key_import(fd, NCR_KEY_TYPE_AES, aes_bytes, 16, NULL,
				   0, 0, NCR_KEY_USAGE_ENCRYPT, &k_plain);
	r = r ? r : ncr_key_import(fd, NCR_KEY_TYPE_AES, aes_bytes, 16, NULL,
				   0, NCR_KEY_FLAG_EXPORTABLE |
				   NCR_KEY_FLAG_HASHABLE,
				   NCR_KEY_USAGE_ENCRYPT, &k_exp);
	/* wrappable, not exportable */
	r = r ? r : ncr_key_import(fd, NCR_KEY_TYPE_AES, aes_bytes, 16, NULL,
				   0, NCR_KEY_FLAG_WRAPPABLE,
				   NCR_KEY_USAGE_ENCRYPT, &k);
	if (r) {
		tap_ok(0, "key wrap: set up keys: %s", errname(r));
		return;
	}

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
		r = ncr_key_wrap(fd, alg, kek_unwrap_only, k, w, &wl);
		expect_none(r, -EPERM, &before, "key wrap (alg %u) under a key "
			    "without WRAP usage", alg);
	}

	wl = sizeof(w);
	r = ncr_key_wrap(fd, NCR_WALG_AES_RFC5649, kek, k, w, &wl);
	tap_err(r, 0, "key wrap of a wrappable, non-exportable key");
	if (r)
		goto out;
	before = live_now();
	r = ncr_key_unwrap(fd, NCR_WALG_AES_RFC5649, kek_wrap_only, w, wl,
			   NCR_KEY_TYPE_AES, 0, NCR_KEY_USAGE_ENCRYPT, NULL, 0,
			   &k2);
	expect_none(r, -EPERM, &before, "key unwrap under a key without "
		    "UNWRAP usage");

	/* unwrapped: never exportable, even when asked; always wrappable */
	r = ncr_key_unwrap(fd, NCR_WALG_AES_RFC5649, kek, w, wl,
			   NCR_KEY_TYPE_AES, NCR_KEY_FLAG_EXPORTABLE,
			   NCR_KEY_USAGE_ENCRYPT, NULL, 0, &k2);
	tap_err(r, 0, "key unwrap asking for an exportable key");
	if (r)
		goto out;
	memset(&ki, 0, sizeof(ki));
	ncr_key_get_info(fd, k2, &ki);
	tap_ok(ki.flags == NCR_KEY_FLAG_WRAPPABLE, "the unwrapped key's flags "
	       "are WRAPPABLE only (%#x): EXPORTABLE dropped", ki.flags);
	before = live_now();
	len = sizeof(buf);
	r = ncr_key_export(fd, k2, buf, &len);
	expect_none(r, -EPERM, &before, "export of the unwrapped key");
	/* ... and cannot be laundered through another round */
	wl2 = sizeof(w2);
	r = ncr_key_wrap(fd, NCR_WALG_AES_RFC5649, kek, k2, w2, &wl2);
	tap_ok(!r && wl2 == wl && !memcmp(w, w2, wl), "the unwrapped key "
	       "wraps again to the same bytes (%s): same material",
	       errname(r));
	{
		uint32_t k3;

		r = ncr_key_unwrap(fd, NCR_WALG_AES_RFC5649, kek, w2, wl2,
				   NCR_KEY_TYPE_AES, NCR_KEY_FLAG_EXPORTABLE,
				   NCR_KEY_USAGE_ENCRYPT, NULL, 0, &k3);
		if (!r) {
			len = sizeof(buf);
			r = ncr_key_export(fd, k3, buf, &len);
			tap_err(r, -EPERM, "a second unwrap is not exportable "
				"either");
			ncr_key_deinit(fd, k3);
		} else {
			tap_ok(0, "second unwrap: %s", errname(r));
		}
	}
	r = cbc_encrypt(fd, k, msg, 32, ct1);
	r = r ? r : cbc_encrypt(fd, k2, msg, 32, ct2);
	tap_ok(!r && !memcmp(ct1, ct2, 32), "original and unwrapped key "
	       "encrypt identically (%s)", errname(r));
	ncr_key_deinit(fd, k2);

	/* handles mean nothing in another namespace */
	other = ncr_open();
	if (other >= 0) {
		before = live_now();
		wl2 = sizeof(w2);
		r = ncr_key_wrap(other, NCR_WALG_AES_RFC5649, kek, k, w2, &wl2);
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
	ncr_key_deinit(fd, kek_wrap_only);
	ncr_key_deinit(fd, kek_unwrap_only);
	ncr_key_deinit(fd, k_plain);
	ncr_key_deinit(fd, k_exp);
	ncr_key_deinit(fd, k);
}

/* ---------------------------------------------------------- blob tamper */

static void test_blob_tamper(void)
{
	static uint8_t blob[NCR_STORAGE_BLOB_MAX + 2], t[NCR_STORAGE_BLOB_MAX + 2];
	const char key_id[] = "tamper";
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
	r = ncr_key_import(fd, NCR_KEY_TYPE_HMAC, kbytes, sizeof(kbytes), key_id,
			   strlen(key_id), NCR_KEY_FLAG_WRAPPABLE,
			   NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY, &k);
	blen = sizeof(blob);
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

		memset(&ki, 0, sizeof(ki));
		ncr_key_get_info(fd, k2, &ki);
		r = ncr_mac_verify(fd, NCR_ALG_HMAC_SHA256, k2, msg, 10,
				   (uint8_t[32]){ 0 }, 32);
		tap_ok(ki.key_id_size == strlen(key_id) &&
		       !memcmp(ki.key_id, key_id, ki.key_id_size) &&
		       ki.bits == 256 && r == NCR_VERIFY_FAILED,
		       "the intact blob unwraps to the same key");
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
	ncr_key_import(fd, NCR_KEY_TYPE_AES, aes_bytes, 16, NULL, 0, 0,
		       NCR_KEY_USAGE_ENCRYPT, &k);
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
	ncr_key_import(fd, NCR_KEY_TYPE_AES, aes_bytes, 16, NULL, 0, 0,
		       NCR_KEY_USAGE_ENCRYPT, &k);
	ncr_session_init(fd, NCR_ALG_AES_CTR, NCR_OP_ENCRYPT, k, iv16, 16, 0, 0,
			 &ses);
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
		       ki.key_class == NCR_KEY_CLASS_PUBLIC,
		       "%s: the public key object is exportable and of class "
		       "public (flags 0x%x, class %u)", t[i].name, ki.flags,
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
		       ki.key_class == NCR_KEY_CLASS_SECRET,
		       "derived key: exactly flags 0x%x usage 0x%x type %u, "
		       "256 bits, secret (got 0x%x 0x%x %u %u)", d[i].flags,
		       d[i].usage, d[i].type, ki.flags, ki.usage, ki.type,
		       ki.bits);
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
	key_del(fd, x);
	key_del(fd, xpub);
}

/* Key wrap with RSA-OAEP: WRAPPABLE and usage rules. */
static void test_pk_wrap(void)
{
	uint8_t w[512], raw[32] = { 9, 8, 7 };
	uint32_t rsa, rsa_pub, nowrap_rsa, aes_w, aes_nw, nk;
	struct live before;
	size_t wl;
	int r;

	r = rsa_import(NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_WRAP |
		       NCR_KEY_USAGE_UNWRAP, &rsa, &rsa_pub);
	if (!tap_err(r, 0, "RSA-2048 with WRAP|UNWRAP"))
		return;
	r = rsa_import(0, NCR_KEY_USAGE_DECRYPT, &nowrap_rsa, NULL);
	r = r ? r : pk_import(fd, NCR_KEY_TYPE_AES, NCR_KEY_FORMAT_RAW, 0, raw,
			      32, NCR_KEY_FLAG_WRAPPABLE,
			      NCR_KEY_USAGE_ENCRYPT, &aes_w);
	r = r ? r : pk_import(fd, NCR_KEY_TYPE_AES, NCR_KEY_FORMAT_RAW, 0, raw,
			      32, NCR_KEY_FLAG_EXPORTABLE,
			      NCR_KEY_USAGE_ENCRYPT, &aes_nw);
	if (!tap_err(r, 0, "keys for the RSA-OAEP wrap checks"))
		return;
	wl = sizeof(w);
	r = kwrap_raw(NCR_WALG_RSA_OAEP, rsa_pub, aes_w, w, &wl);
	tap_ok(!r && wl == 256, "RSA-OAEP wrap of a WRAPPABLE AES key with "
	       "the public key: %s, %zu bytes", errname(r), wl);
	if (!r) {
		r = kunwrap_raw(NCR_WALG_RSA_OAEP, rsa, w, wl,
				NCR_KEY_TYPE_AES, NCR_KEY_FLAG_EXPORTABLE,
				NCR_KEY_USAGE_ENCRYPT, &nk);
		if (tap_err(r, 0, "RSA-OAEP unwrap with the private key")) {
			struct ncr_key_info ki;

			key_info(fd, nk, &ki);
			tap_ok(ki.flags == NCR_KEY_FLAG_WRAPPABLE,
			       "the RSA-OAEP unwrapped key is wrappable and "
			       "not exportable although asked (flags 0x%x)",
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
	r = kwrap_raw(NCR_WALG_RSA_OAEP, nowrap_rsa, aes_w, w, &wl);
	expect_none(r, -EPERM, &before, "RSA-OAEP wrap under an RSA key "
		    "lacking WRAP");
	wl = sizeof(w);
	r = kwrap_raw(NCR_WALG_RSA_OAEP, rsa_pub, rsa, w, &wl);
	expect_none(r, -EINVAL, &before, "RSA-OAEP wrap of a (wrappable) "
		    "private key: only secret keys");
	wl = sizeof(w);
	r = kwrap_raw(NCR_WALG_RSA_OAEP, rsa, aes_w, w, &wl);
	if (!r) {
		before = live_now();
		r = kunwrap_raw(NCR_WALG_RSA_OAEP, nowrap_rsa, w, wl,
				NCR_KEY_TYPE_AES, 0, NCR_KEY_USAGE_ENCRYPT,
				&nk);
		expect_none(r, -EPERM, &before, "RSA-OAEP unwrap under a key "
			    "lacking UNWRAP");
	}
	key_del(fd, rsa);
	key_del(fd, rsa_pub);
	key_del(fd, nowrap_rsa);
	key_del(fd, aes_w);
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
			r = rsa_import(NCR_KEY_FLAG_WRAPPABLE,
				       NCR_KEY_USAGE_SIGN, &priv, &pub);
		else
			r = pk_genpair(fd, t[i].type, t[i].bits, 0, NULL, 0,
				       NCR_KEY_FLAG_WRAPPABLE,
				       NCR_KEY_USAGE_SIGN, 0, &priv, &pub);
		if (!tap_err(r, 0, "%s: a wrappable private key", t[i].name))
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
			       "usage, bits, key ID and class", t[i].name);
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
		/* not wrappable: EPERM */
		if (t[i].type != NCR_KEY_TYPE_RSA &&
		    !pk_genpair(fd, t[i].type, t[i].bits, 0, NULL, 0, 0,
				NCR_KEY_USAGE_SIGN, 0, &nw, &nwp)) {
			before = live_now();
			bl = sizeof(blob);
			r = ncr_key_storage_wrap(fd, nw, blob, &bl);
			expect_none(r, -EPERM, &before, "%s: storage wrap of a "
				    "private key without WRAPPABLE",
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
	test_namespaces();
	test_usage();
	test_key_data();
	test_key_wrap();
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
