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
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

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

	ncr_close(fd);
	return tap_finish("security");
}
