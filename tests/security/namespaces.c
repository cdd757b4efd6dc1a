// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * namespaces.c - build/tests/security: key isolation between the
 * namespaces of two open()s (fork, dup and SCM_RIGHTS share one; the
 * last close frees it), and a key deinit'ed during a session that
 * still completes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "security.h"

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

void test_namespaces(void)
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

/* ------------------------------------------------ deinit during a session */

void test_deinit_in_session(void)
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
