// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ncrkey.c - BSD sessions keyed by NCR key handles (CRYPTODEV_NCR_KEY):
 * the same results as the key's bytes, the key's usage and algorithm set
 * enforced at creation and at every operation (NCRIO_KEY_RESTRICT takes
 * effect at once), the session keeping the key after its handle is
 * deinited.  CRIOGET: a close-on-exec descriptor of a new namespace that
 * sees none of the first one's sessions or keys.  fork: the child shares
 * the namespace and its sessions.  SCM_RIGHTS: a passed descriptor keeps
 * its sessions after the sender exits.
 */
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bsd.h"

static const uint8_t kb[16] = "kernel-held key!";

void t_ncr_keys(int fd)
{
	uint8_t pt[64], ct[64], want[64], iv[16] = "iv iv iv iv iv!", md[32];
	uint8_t wmd[32], hk[32] = "hmac key bytes";
	uint32_t enc_only, key, gcm_only, hmac, ses, mses, h;
	struct ncr_key_restrict rs = { .size = sizeof(rs) };
	size_t wl = sizeof(wmd);
	int e;

	memset(pt, 'q', sizeof(pt));
	e = key_import(fd, NCR_KEY_TYPE_AES, NCR_KEY_FORMAT_RAW, 0, kb, 16, 0,
		       NCR_KEY_USAGE_ENCRYPT, talg_keybit(NCR_ALG_AES_CBC),
		       NULL, 0, &enc_only) ?:
	    key_import(fd, NCR_KEY_TYPE_AES, NCR_KEY_FORMAT_RAW, 0, kb, 16, 0,
		       NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
		       talg_keybit(NCR_ALG_AES_CBC), NULL, 0, &key) ?:
	    key_import(fd, NCR_KEY_TYPE_AES, NCR_KEY_FORMAT_RAW, 0, kb, 16, 0,
		       NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
		       talg_keybit(NCR_ALG_AES_GCM), NULL, 0, &gcm_only) ?:
	    key_import(fd, NCR_KEY_TYPE_HMAC, NCR_KEY_FORMAT_RAW, 0, hk, 32, 0,
		       NCR_KEY_USAGE_SIGN, talg_keybit(NCR_ALG_HMAC_SHA256),
		       NULL, 0, &hmac);
	if (!tap_err(e, 0, "ncr keys: import the keys"))
		return;
	e = bsd_sess(fd, CRYPTO_AES_CBC | CRYPTODEV_NCR_KEY, &enc_only, 4, 0,
		     NULL, 0, &ses);
	if (!tap_err(e, 0, "ncr keys: CIOCGSESSION from an encrypt-only key handle"))
		return;
	ref_cipher(NCR_ALG_AES_CBC, 1, kb, 16, iv, pt, 64, want);
	e = bsd_crypt(fd, ses, COP_ENCRYPT, 0, pt, ct, 64, NULL, iv);
	tap_ok(!e && !memcmp(ct, want, 64),
	       "ncr keys: encrypt = OpenSSL with the key's bytes (%s)",
	       errname(e));
	tap_err(bsd_crypt(fd, ses, COP_DECRYPT, 0, ct, ct, 64, NULL, iv),
		-EPERM, "ncr keys: decrypt with an encrypt-only key");
	bsd_free(fd, ses);

	e = bsd_sess(fd, CRYPTO_AES_CBC | CRYPTODEV_NCR_KEY, &key, 4, 0, NULL,
		     0, &ses);
	e = e ?: bsd_crypt(fd, ses, COP_ENCRYPT, 0, pt, ct, 64, NULL, iv);
	tap_err(e, 0, "ncr keys: an encrypt+decrypt key encrypts");
	rs.key = key;
	rs.clear_usage = NCR_KEY_USAGE_ENCRYPT;
	e = xioctl(fd, NCRIO_KEY_RESTRICT, &rs);
	tap_err(e ?: bsd_crypt(fd, ses, COP_ENCRYPT, 0, pt, ct, 64, NULL, iv),
		-EPERM, "ncr keys: NCRIO_KEY_RESTRICT (no more ENCRYPT) takes effect on the next CIOCCRYPT");
	tap_err(key_del(fd, key), 0,
		"ncr keys: NCRIO_KEY_DEINIT of the session's key handle");
	e = bsd_crypt(fd, ses, COP_DECRYPT, 0, want, ct, 64, NULL, iv);
	tap_ok(!e && !memcmp(ct, pt, 64),
	       "ncr keys: the session keeps the key (decrypt) after its handle is gone (%s)",
	       errname(e));
	bsd_free(fd, ses);

	tap_err(bsd_sess(fd, CRYPTO_AES_CBC | CRYPTODEV_NCR_KEY, &gcm_only, 4,
			 0, NULL, 0, NULL), -EPERM,
		"ncr keys: a key whose algorithm set lacks AES-CBC");
	tap_err(bsd_sess(fd, CRYPTO_AES_CBC | CRYPTODEV_NCR_KEY, &hmac, 4, 0,
			 NULL, 0, NULL), -EINVAL,
		"ncr keys: an HMAC key for AES-CBC");
	tap_err(bsd_sess(fd, CRYPTO_AES_CBC | CRYPTODEV_NCR_KEY, &gcm_only, 16,
			 0, NULL, 0, NULL), -EINVAL,
		"ncr keys: keylen other than 4");
	h = 0x7fffff00;
	tap_err(bsd_sess(fd, CRYPTO_AES_CBC | CRYPTODEV_NCR_KEY, &h, 4, 0,
			 NULL, 0, NULL), -ENOENT, "ncr keys: no such handle");
	e = bsd_sess(fd, 0, NULL, 0, CRYPTO_SHA2_256_HMAC | CRYPTODEV_NCR_KEY,
		     &hmac, 4, &mses);
	e = e ?: bsd_crypt(fd, mses, 0, 0, pt, NULL, 64, md, NULL);
	ref_mac(NCR_ALG_HMAC_SHA256, hk, 32, pt, 64, wmd, &wl);
	tap_ok(!e && !memcmp(md, wmd, 32),
	       "ncr keys: HMAC-SHA256 from a key handle = OpenSSL (%s)",
	       errname(e));
	bsd_free(fd, mses);
	key_del(fd, enc_only);
	key_del(fd, gcm_only);
	key_del(fd, hmac);
}

/* The message of the SCM_RIGHTS test: a session id and the block it
 * encrypted, with one descriptor as ancillary data. */
struct scm_msg {
	struct {
		uint32_t ses;
		uint8_t ct[16];
	} m;
	union {
		struct cmsghdr h;
		char b[CMSG_SPACE(sizeof(int))];
	} cm;
	struct iovec io;
	struct msghdr mh;
};

/* All zero, mh pointing at m and at the ancillary data buffer. */
static void scm_msg_init(struct scm_msg *s)
{
	memset(s, 0, sizeof(*s));
	s->io.iov_base = &s->m;
	s->io.iov_len = sizeof(s->m);
	s->mh.msg_iov = &s->io;
	s->mh.msg_iovlen = 1;
	s->mh.msg_control = s->cm.b;
	s->mh.msg_controllen = sizeof(s->cm.b);
}

/* The child's descriptor, its session id and its result, to the parent. */
static void scm_child(int sock)
{
	uint8_t key[16] = "scm_rights key..", buf[16] = "block", iv[16] = "i";
	struct scm_msg s;
	int d = dev_open();

	scm_msg_init(&s);
	if (d < 0 ||
	    bsd_sess(d, CRYPTO_AES_CBC, key, 16, 0, NULL, 0, &s.m.ses) ||
	    bsd_crypt(d, s.m.ses, COP_ENCRYPT, 0, buf, s.m.ct, 16, NULL, iv))
		_exit(1);
	s.cm.h.cmsg_level = SOL_SOCKET;
	s.cm.h.cmsg_type = SCM_RIGHTS;
	s.cm.h.cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(&s.cm.h), &d, sizeof(int));
	_exit(sendmsg(sock, &s.mh, 0) == (ssize_t)sizeof(s.m) ? 0 : 1);
}

/*
 * SCM_RIGHTS: a child makes a session on its own descriptor, passes the
 * descriptor and the session id, and exits; the session lives on in the
 * open file description the parent now holds, and dies with its close.
 */
static void t_scm_rights(void)
{
	uint8_t buf[16] = "block", iv[16] = "i", ct[16];
	struct scm_msg s;
	struct cmsghdr *c;
	int sv[2], status, d = -1;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) {
		tap_ok(0, "SCM_RIGHTS: socketpair");
		return;
	}
	scm_msg_init(&s);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		scm_child(sv[1]);
	}
	close(sv[1]);
	if (recvmsg(sv[0], &s.mh, 0) == (ssize_t)sizeof(s.m) &&
	    (c = CMSG_FIRSTHDR(&s.mh)) && c->cmsg_type == SCM_RIGHTS)
		memcpy(&d, CMSG_DATA(c), sizeof(int));
	close(sv[0]);
	waitpid(pid, &status, 0);
	tap_ok(d >= 0 && WIFEXITED(status) && !WEXITSTATUS(status) &&
	       !bsd_crypt(d, s.m.ses, COP_ENCRYPT, 0, buf, ct, 16, NULL, iv) &&
	       !memcmp(ct, s.m.ct, 16),
	       "SCM_RIGHTS: a descriptor passed by a process that then exited keeps its sessions");
	if (d >= 0)
		close(d);
}

void t_crioget(int fd)
{
	uint8_t key[16] = "crioget key.....", buf[32] = { 0 }, iv[16] = { 0 };
	uint32_t nfd = 0, ses, other;
	int e, status;
	pid_t pid;

	e = xioctl(fd, CRIOGET, &nfd);
	if (!tap_err(e, 0, "CRIOGET"))
		return;
	tap_ok((fcntl((int)nfd, F_GETFD) & FD_CLOEXEC) != 0,
	       "CRIOGET: the new descriptor %u is close-on-exec", nfd);
	e = bsd_sess(fd, CRYPTO_AES_CBC, key, 16, 0, NULL, 0, &ses);
	tap_err(e ?: bsd_crypt((int)nfd, ses, COP_ENCRYPT, 0, buf, buf, 16,
			       NULL, iv), -ENOENT,
		"CRIOGET: a session of the first descriptor is unknown on it");
	e = bsd_sess((int)nfd, CRYPTO_AES_CBC, key, 16, 0, NULL, 0, &other);
	tap_err(e ?: bsd_crypt((int)nfd, other, COP_ENCRYPT, 0, buf, buf, 16,
			       NULL, iv), 0,
		"CRIOGET: its own sessions work");
	tap_err(bsd_crypt(fd, other, COP_ENCRYPT, 0, buf, buf, 16, NULL, iv),
		-ENOENT, "another descriptor's session is unknown here");
	tap_err(xioctl(fd, CRIOGET, (void *)8), -EFAULT,
		"CRIOGET: argument at a bad address (no descriptor left)");
	close((int)nfd);	/* frees its session */

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(bsd_crypt(fd, ses, COP_ENCRYPT, 0, buf, buf, 16, NULL,
				iv) ? 1 : 0);
	waitpid(pid, &status, 0);
	tap_ok(pid > 0 && WIFEXITED(status) && !WEXITSTATUS(status),
	       "fork: the child uses the parent's session (shared namespace)");
	tap_err(bsd_crypt(fd, ses, COP_ENCRYPT, 0, buf, buf, 16, NULL, iv), 0,
		"fork: and the parent still does");
	bsd_free(fd, ses);
	t_scm_rights();
}
