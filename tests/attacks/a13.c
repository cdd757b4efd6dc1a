// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/attacks/a13.c - part of build/tests/attacks (see tests/attacks/main.c):
 * finding 13 of issue 7, the smaller ones.
 *   A13.a  a key handle taken back after a failed copy-out must be the
 *          caller's own, not one a racing thread got for the same number;
 *   A13.b  a thread waiting for a session that another thread holds
 *          across a stalled user copy (userfaultfd) stays killable;
 *   A13.c  key IDs are the kernel's, unique; the label is the caller's;
 *   A13.d  PKCS#1 v1.5 decryption is no padding oracle, and a DECRYPT
 *          key no signing key.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/userfaultfd.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "attacks.h"

/* ------------------------------------------------------------------ A13.a */

#define A13A_H	64		/* handles B may guess: 1..A13A_H */

struct a13a {
	int fd;
	volatile int stop;
	pthread_mutex_t lock;		/* B and C: the set of C's keys */
	uint8_t owned[A13A_H * 8 + 1];	/* by handle: a key of C's */
	char label[A13A_H * 8 + 1][12];
	long a_calls, a_efault, a_other, b_hits, c_made, c_full;
	struct ncr_key_import *ro;	/* in a read-only page */
};

static void *a13a_thread_a(void *p)
{
	struct a13a *s = p;

	while (!s->stop) {
		int r = xioctl(s->fd, NCRIO_KEY_IMPORT, s->ro);

		s->a_calls++;
		if (r == -EFAULT)
			s->a_efault++;
		else
			s->a_other++;
	}
	return NULL;
}

static void *a13a_thread_b(void *p)
{
	struct a13a *s = p;

	while (!s->stop) {
		pthread_mutex_lock(&s->lock);
		for (uint32_t h = 1, tried = 0; h <= A13A_H && tried < 4; h++) {
			if (s->owned[h])
				continue;
			tried++;
			if (!a_del(s->fd, h))
				s->b_hits++;
		}
		pthread_mutex_unlock(&s->lock);
	}
	return NULL;
}

static void *a13a_thread_c(void *p)
{
	struct a13a *s = p;
	uint32_t k;
	int n = 0;

	while (!s->stop) {
		char label[12];

		pthread_mutex_lock(&s->lock);
		if (n >= 40) {	/* drop one of ours, keep it bounded */
			for (uint32_t h = 1; h <= A13A_H * 8; h++)
				if (s->owned[h]) {
					a_del(s->fd, h);
					s->owned[h] = 0;
					n--;
					break;
				}
		}
		snprintf(label, sizeof(label), "C%09ld", s->c_made);
		if (!key_gen(s->fd, NCR_KEY_TYPE_AES, 128, 0,
			     NCR_KEY_USAGE_ENCRYPT, 0, label, strlen(label),
			     &k)) {
			if (k <= A13A_H * 8) {
				s->owned[k] = 1;
				memcpy(s->label[k], label, sizeof(label));
				n++;
			} else {
				a_del(s->fd, k);
				s->c_full++;
			}
			s->c_made++;
		}
		pthread_mutex_unlock(&s->lock);
	}
	return NULL;
}

void t_a13a(void)
{
	static const uint8_t kbytes[16] = "A13a-import-key.";
	struct a13a s;
	struct ncr_info i0, i1, i2;
	pthread_t ta, tb, tc;
	long lost = 0, a_left = 0;
	double t0;
	int r;

	memset(&s, 0, sizeof(s));
	pthread_mutex_init(&s.lock, NULL);
	s.fd = dev_open();
	s.ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (s.fd < 0 || s.ro == MAP_FAILED) {
		tap_ok(0, "A13.a0 - a namespace and a page for the race");
		return;
	}
	a_info(A.fd, &i0);
	*s.ro = (struct ncr_key_import) {
		.size = sizeof(*s.ro), .usage = NCR_KEY_USAGE_ENCRYPT,
		.type = NCR_KEY_TYPE_AES, .data = PTR64(kbytes),
		.data_size = 16, .label = PTR64("A"), .label_size = 1,
	};
	/* copy-in works, copy-out does not */
	mprotect(s.ro, 4096, PROT_READ);
	t0 = now_s();
	pthread_create(&ta, NULL, a13a_thread_a, &s);
	pthread_create(&tb, NULL, a13a_thread_b, &s);
	pthread_create(&tc, NULL, a13a_thread_c, &s);
	while (now_s() - t0 < A.seconds)
		usleep(20000);
	s.stop = 1;
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	pthread_join(tc, NULL);

	tap_ok(s.a_calls > 0 && s.a_efault == s.a_calls, "A13.a1 - %ld "
	       "imports whose structure is readable but not writable: every "
	       "one EFAULT (%ld other results)", s.a_calls, s.a_other);
	for (uint32_t h = 1; h <= A13A_H * 8; h++) {
		struct ncr_key_info ki;

		r = a_keyinfo(s.fd, h, &ki);
		if (s.owned[h]) {
			if (r || ki.label_size != strlen(s.label[h]) ||
			    memcmp(ki.label, s.label[h], ki.label_size)) {
				if (lost++ < 5)
					tap_diag("C's key %u (%s): %s, label "
						 "%.*s", h, s.label[h],
						 errname(r),
						 (int)ki.label_size, ki.label);
			}
		} else if (!r && ki.label_size == 1 && ki.label[0] == 'A') {
			a_left++;
		}
	}
	tap_ok(!lost, "A13.a2 - thread B deinit'ed %ld keys of A's "
	       "published-then-failed imports, C made %ld keys: none of C's "
	       "%s (%ld lost or replaced)", s.b_hits, s.c_made,
	       "keys disappeared", lost);
	tap_ok(!a_left, "A13.a3 - no key of the failed imports is left in "
	       "the namespace (%ld)", a_left);
	a_info(s.fd, &i1);
	close(s.fd);
	for (int i = 0; i < 200; i++) {
		a_info(A.fd, &i2);
		if (i2.user_keys == i0.user_keys &&
		    i2.live_keys == i0.live_keys)
			break;
		usleep(10000);
	}
	tap_ok(i2.user_keys == i0.user_keys && i2.live_keys == i0.live_keys,
	       "A13.a4 - after closing: the uid's keys %u -> %u, live keys "
	       "%llu -> %llu (back to the start; %u at the end of the race)",
	       i0.user_keys, i2.user_keys, (unsigned long long)i0.live_keys,
	       (unsigned long long)i2.live_keys, i1.user_keys);
	munmap(s.ro, 4096);
}

/* ------------------------------------------------------------------ A13.b */

struct a13b_res {
	int ok_setup;		/* 0 or -errno of the setup */
	int stalled[2];		/* the update faulted into userfaultfd */
	int blocked[2];		/* the other process was still waiting */
	double reap[2];		/* seconds from SIGKILL to reaped; -1 */
	int upd[2];		/* the stalled update's result */
	int final_ok[2];	/* the session then gave the right digest */
};

struct a13b_upd {
	int fd;
	uint32_t ses;
	const void *in;
	int r;
};

static void *a13b_update(void *p)
{
	struct a13b_upd *u = p;

	u->r = a_update(u->fd, u->ses, 0, 0, u->in, 64, NULL, NULL);
	return NULL;
}

/*
 * In a process that is uid 65534 and owns uffd, registered (MISSING) on
 * the two pages at region: for variant 0 (another process frees the
 * session) and 1 (it updates the session), a thread's update stalls on
 * its input page, the other process blocks on the session, gets SIGKILL,
 * and must be reaped at once.
 */
static void a13b_run(int uffd, uint8_t *region, struct a13b_res *res)
{
	int fd = dev_open();

	memset(res, 0, sizeof(*res));
	res->ok_setup = fd < 0 ? fd : 0;
	for (int v = 0; fd >= 0 && v < 2; v++) {
		uint8_t *page = region + v * 4096;
		struct a13b_upd u = { .fd = fd, .in = page };
		struct uffd_msg msg;
		struct pollfd pfd = { .fd = uffd, .events = POLLIN };
		struct uffdio_zeropage zp = {
			.range = { .start = PTR64(page), .len = 4096 },
		};
		pthread_t t;
		int pr[2];
		pid_t pid;
		char c;

		res->reap[v] = -1;
		if (a_init(fd, NCR_ALG_SHA256, NCR_OP_SIGN, 0, NULL, 0, 0,
			   &u.ses) || pipe(pr))
			break;
		pthread_create(&t, NULL, a13b_update, &u);
		if (poll(&pfd, 1, 5000) == 1 &&
		    read(uffd, &msg, sizeof(msg)) == sizeof(msg) &&
		    msg.event == UFFD_EVENT_PAGEFAULT)
			res->stalled[v] = 1;
		pid = fork();
		if (pid == 0) {
			uint8_t in[8] = { 0 };

			if (write(pr[1], "x", 1) != 1)
				_exit(1);
			if (v == 0)
				a_free(fd, u.ses);
			else
				a_update(fd, u.ses, 0, 0, in, 8, NULL, NULL);
			_exit(0);
		}
		close(pr[1]);
		if (pid > 0 && read(pr[0], &c, 1) == 1) {
			double took;
			int st;

			usleep(300000);
			res->blocked[v] = waitpid(pid, &st, WNOHANG) == 0;
			kill(pid, SIGKILL);
			st = a_reap(pid, 3.0, &took);
			if (st != -1)
				res->reap[v] = took;
		}
		ioctl(uffd, UFFDIO_ZEROPAGE, &zp);	/* let T1 go */
		if (pid > 0 && res->reap[v] < 0)
			waitpid(pid, NULL, 0);
		pthread_join(t, NULL);
		close(pr[0]);
		res->upd[v] = u.r;
		{
			uint8_t tag[64], want[64], zero[64] = { 0 };
			size_t tl = sizeof(tag), wl = 0;

			ref_digest(NCR_ALG_SHA256, zero, 64, want, &wl);
			res->final_ok[v] = !a_final(fd, u.ses, NULL, 0, NULL,
						    NULL, tag, &tl, NULL) &&
					   tl == 32 && !memcmp(tag, want, 32);
		}
	}
	if (fd >= 0)
		close(fd);
}

static void a13b_report(const char *who, const struct a13b_res *res)
{
	static const char *const what[] = {
		"NCRIO_SESSION_FREE", "NCRIO_SESSION_UPDATE",
	};

	if (res->ok_setup) {
		tap_err(res->ok_setup, 0, "A13.b0 - %s: setup", who);
		return;
	}
	for (int v = 0; v < 2; v++) {
		tap_ok(res->stalled[v] && res->blocked[v] &&
		       res->reap[v] >= 0 && res->reap[v] < 2.0,
		       "A13.b%d - %s: an update stalled on a userfaultfd page "
		       "(%s) holds the session; another process in %s on it "
		       "(%s) is reaped %.3f s after SIGKILL (limit 2 s)",
		       2 * v + 1, who, res->stalled[v] ? "yes" : "NO",
		       what[v], res->blocked[v] ? "blocked" : "NOT blocked",
		       res->reap[v]);
		tap_ok(!res->upd[v] && res->final_ok[v], "A13.b%d - %s: the "
		       "stalled update completes once the page arrives (%s) "
		       "and the session gives the right SHA-256", 2 * v + 2,
		       who, errname(res->upd[v]));
	}
}

static int a13b_uffd(void)
{
	int u = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);

	if (u < 0) {
		int dev = open("/dev/userfaultfd", O_RDWR | O_CLOEXEC);

		if (dev < 0)
			return -errno;
		u = ioctl(dev, USERFAULTFD_IOC_NEW, O_CLOEXEC | O_NONBLOCK);
		close(dev);
		if (u < 0)
			return -errno;
	}
	return u;
}

static int a13b_register(int uffd, uint8_t **region)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg;

	*region = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (*region == MAP_FAILED)
		return -errno;
	reg = (struct uffdio_register) {
		.range = { .start = PTR64(*region), .len = 2 * 4096 },
		.mode = UFFDIO_REGISTER_MODE_MISSING,
	};
	if (ioctl(uffd, UFFDIO_API, &api) || ioctl(uffd, UFFDIO_REGISTER, &reg))
		return -errno;
	return 0;
}

/* Unprivileged: only where the system lets uid 65534 have a userfaultfd
 * that handles kernel faults (vm.unprivileged_userfaultfd = 1, or access
 * to /dev/userfaultfd). */
void t_a13b(void)
{
	struct a13b_res res;
	uint8_t *region;
	int uffd = a13b_uffd();

	if (uffd < 0) {
		tap_skip("no userfaultfd for uid 65534 here (vm.unprivileged_"
			 "userfaultfd = 0, /dev/userfaultfd root-only): the "
			 "--setup run does it with a userfaultfd root made "
			 "before dropping to 65534", "A13.b - a stalled user "
			 "copy under the session lock");
		return;
	}
	if (a13b_register(uffd, &region)) {
		tap_ok(0, "A13.b0 - register a userfaultfd range");
		close(uffd);
		return;
	}
	a13b_run(uffd, region, &res);
	a13b_report("uid 65534's own userfaultfd", &res);
	close(uffd);
}

/* Root: make the userfaultfd (root may), drop to 65534, attack. */
void t_a13b_root(void)
{
	struct a13b_res res;
	int p[2];
	pid_t pid;

	memset(&res, 0, sizeof(res));
	if (pipe(p)) {
		tap_ok(0, "A13.b0 - pipe");
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		uint8_t *region;
		int uffd = a13b_uffd();

		close(p[0]);
		res.ok_setup = uffd < 0 ? uffd : a13b_register(uffd, &region);
		if (!res.ok_setup)
			res.ok_setup = a_drop_privileges();
		if (!res.ok_setup)
			a13b_run(uffd, region, &res);
		if (write(p[1], &res, sizeof(res)) != sizeof(res))
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	if (pid < 0 || read(p[0], &res, sizeof(res)) != sizeof(res))
		res.ok_setup = -EIO;
	close(p[0]);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	a13b_report("uid 65534 with a userfaultfd made by root", &res);
}

/* ------------------------------------------------------------------ A13.c */

void t_a13cd(void)
{
	enum { NG = 48, NI = 16 };
	struct ncr_key_info ki;
	uint8_t ids[NG + NI + 2][NCR_KEY_ID_LEN], label[NCR_KEY_LABEL_MAX + 1];
	uint8_t key16[16];
	uint32_t keys[NG + NI], priv, pub, k;
	int nk = 0, bad_len = 0, bad_label = 0, dup = 0, r;

	rng_fill(&A.rng, key16, sizeof(key16));
	for (int i = 0; i < NG + NI; i++) {
		size_t ll = (size_t)i % (NCR_KEY_LABEL_MAX + 1);

		rng_fill(&A.rng, label, ll);
		if (i < NG)
			r = key_gen(A.fd, NCR_KEY_TYPE_AES, 128, 0,
				    NCR_KEY_USAGE_ENCRYPT, 0, label, ll,
				    &keys[nk]);
		else	/* the same material and label every time */
			r = key_import(A.fd, NCR_KEY_TYPE_AES, 0, 0, key16,
				       16, 0, NCR_KEY_USAGE_ENCRYPT, 0, key16,
				       16, &keys[nk]);
		if (r)
			continue;
		a_keyinfo(A.fd, keys[nk], &ki);
		if (ki.key_id_size != NCR_KEY_ID_LEN)
			bad_len++;
		if (i < NG ? ki.label_size != ll ||
			     memcmp(ki.label, label, ll) :
			     ki.label_size != 16 || memcmp(ki.label, key16, 16))
			bad_label++;
		if (i >= NG && !memcmp(ki.key_id, key16, 16))
			dup++;	/* the caller chose the ID */
		memcpy(ids[nk++], ki.key_id, NCR_KEY_ID_LEN);
	}
	r = a_genpair(A.fd, NCR_KEY_TYPE_EC, 256, NULL, 0, 0,
		      NCR_KEY_USAGE_SIGN, 0, &priv, &pub);
	if (!r) {
		struct ncr_key_info k2;

		a_keyinfo(A.fd, priv, &ki);
		a_keyinfo(A.fd, pub, &k2);
		tap_ok(ki.key_id_size == NCR_KEY_ID_LEN &&
		       !memcmp(ki.key_id, k2.key_id, NCR_KEY_ID_LEN),
		       "A13.c1 - both halves of a generated pair have the same "
		       "16-byte ID");
		memcpy(ids[nk], ki.key_id, NCR_KEY_ID_LEN);
		a_del(A.fd, priv);
		a_del(A.fd, pub);
	}
	for (int i = 0; i <= nk - (r ? 1 : 0); i++)
		for (int j = i + 1; j <= nk - (r ? 1 : 0); j++)
			if (!memcmp(ids[i], ids[j], NCR_KEY_ID_LEN))
				dup++;
	tap_ok(nk == NG + NI && !bad_len && !dup, "A13.c2 - %d keys (48 "
	       "generated, 16 imported with the same bytes and the same label, "
	       "a pair): every ID 16 bytes, no two alike, none equal to the "
	       "label (%d bad lengths, %d collisions)", nk, bad_len, dup);
	tap_ok(!bad_label, "A13.c3 - every key reports exactly the label its "
	       "caller set, 0..32 bytes (%d wrong)", bad_label);
	r = key_gen(A.fd, NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_ENCRYPT, 0,
		    label, NCR_KEY_LABEL_MAX + 1, &k);
	tap_err(r, -EINVAL, "A13.c4 - a label of 33 bytes");
	if (!r)
		a_del(A.fd, k);
	if (A.master_set && nk) {
		uint8_t blob[NCR_STORAGE_BLOB_MAX];
		size_t bl = sizeof(blob);
		struct ncr_key_info a, b;

		r = key_gen(A.fd, NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_STORABLE,
			    NCR_KEY_USAGE_ENCRYPT, 0, "sealed", 6, &k);
		r = r ?: key_store(A.fd, k, blob, &bl);
		if (!r) {
			uint32_t k2, k3;

			a_keyinfo(A.fd, k, &a);
			r = key_load(A.fd, blob, bl, &k2);
			if (!r && !key_load(A.fd, blob, bl, &k3)) {
				a_keyinfo(A.fd, k2, &b);
				tap_ok(!memcmp(a.key_id, b.key_id, 16) &&
				       b.label_size == 6, "A13.c5 - a key "
				       "loaded from its blob keeps its ID and "
				       "label (as ncr.h says: the ID names the "
				       "key, not the handle)");
				a_del(A.fd, k2);
				a_del(A.fd, k3);
			}
			a_del(A.fd, k);
		}
	}
	for (int i = 0; i < nk; i++)
		a_del(A.fd, keys[i]);

	/* ---- A13.d: PKCS#1 v1.5 decryption, implicit rejection ---- */
	{
		EVP_PKEY *vic = o_rsa_victim();
		uint8_t *der = NULL, em[256], ct[256], out[512], out2[512];
		uint8_t msg[32], *naive = NULL;
		size_t dl = 0, cl, ol, ol2, naive_len = 0;
		EVP_PKEY_CTX *pc = NULL;
		int errs = 0, nondet = 0, echoed = 0, nlen = 0;
		int lens[257] = { 0 };
		uint32_t ses;

		der = vic ? o_der(vic, 1, &dl) : NULL;
		r = der ? a_import(A.fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_PKCS8,
				   0, der, dl, 0, NCR_KEY_USAGE_DECRYPT,
				   NCR_KEY_ALG_RSA_PKCS1, &k) : -ENOMEM;
		free(der);
		if (!tap_err(r, 0, "A13.d0 - an RSA-2048 key, non-exportable, "
			     "usage DECRYPT, set {PKCS1}")) {
			EVP_PKEY_free(vic);
			return;
		}
		/* the valid ciphertext, made by OpenSSL */
		rng_fill(&A.rng, msg, sizeof(msg));
		pc = EVP_PKEY_CTX_new_from_pkey(NULL, vic, NULL);
		cl = sizeof(ct);
		r = pc && EVP_PKEY_encrypt_init(pc) > 0 &&
		    EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PADDING) > 0 &&
		    EVP_PKEY_encrypt(pc, ct, &cl, msg, sizeof(msg)) == 1 ? 0 :
		    -EINVAL;
		ol = sizeof(out);
		r = r ?: pk_crypt(A.fd, NCR_ALG_RSA_PKCS1, NCR_OP_DECRYPT, k,
				  NULL, ct, cl, out, &ol);
		tap_ok(!r && ol == sizeof(msg) && !memcmp(out, msg, ol),
		       "A13.d1 - a valid PKCS#1 v1.5 ciphertext (OpenSSL) "
		       "decrypts to its message (%s)", errname(r));
		/* 200 invalid ones: raw RSA of bad encodings */
		EVP_PKEY_CTX_free(pc);
		pc = EVP_PKEY_CTX_new_from_pkey(NULL, vic, NULL);
		if (!pc || EVP_PKEY_encrypt_init(pc) <= 0 ||
		    EVP_PKEY_CTX_set_rsa_padding(pc, RSA_NO_PADDING) <= 0) {
			tap_ok(0, "A13.d2 - OpenSSL raw RSA");
			goto d_out;
		}
		for (int i = 0; i < 200; i++) {
			int kind = i % 5;

			rng_fill(&A.rng, em, sizeof(em));
			em[0] = 0;
			em[1] = 2;
			for (int j = 2; j < 256; j++)
				if (!em[j])
					em[j] = 0x11;
			switch (kind) {
			case 0:	/* first byte not 0 */
				em[0] = 1;
				em[200] = 0;
				break;
			case 1:	/* block type 1, not 2 */
				em[1] = 1;
				em[200] = 0;
				break;
			case 2:	/* no zero separator at all */
				break;
			case 3:	/* padding string of 5 bytes (< 8) */
				em[7] = 0;
				naive = em + 8;
				naive_len = 256 - 8;
				break;
			default:	/* anything */
				rng_fill(&A.rng, em + 1, 255);
				break;
			}
			cl = sizeof(ct);
			if (EVP_PKEY_encrypt(pc, ct, &cl, em, 256) != 1)
				continue;
			ol = sizeof(out);
			r = pk_crypt(A.fd, NCR_ALG_RSA_PKCS1, NCR_OP_DECRYPT, k,
				     NULL, ct, cl, out, &ol);
			if (r) {
				if (errs++ < 3)
					tap_diag("bad padding kind %d: %s",
						 kind, errname(r));
				continue;
			}
			if (ol <= 256 && !lens[ol]++)
				nlen++;
			ol2 = sizeof(out2);
			r = pk_crypt(A.fd, NCR_ALG_RSA_PKCS1, NCR_OP_DECRYPT, k,
				     NULL, ct, cl, out2, &ol2);
			if (r || ol2 != ol || memcmp(out, out2, ol))
				nondet++;
			if (kind == 3 && ol == naive_len &&
			    !memcmp(out, naive, ol))
				echoed++;
		}
		tap_ok(!errs, "A13.d2 - 200 invalid PKCS#1 v1.5 ciphertexts "
		       "(bad first byte, block type 1, no separator, short "
		       "padding, random): every one decrypts without an error "
		       "(%d errors: an error is the padding oracle)", errs);
		tap_ok(!nondet, "A13.d3 - the same ciphertext gives the same "
		       "output every time (%d differed)", nondet);
		tap_ok(nlen >= 3, "A13.d4 - the outputs have %d different "
		       "lengths (synthetic messages of varying length, not one "
		       "tell-tale length)", nlen);
		tap_ok(!echoed, "A13.d5 - a short-padding encoding does not "
		       "decrypt to what follows its separator (%d did)",
		       echoed);
d_out:
		r = a_init_pk(A.fd, NCR_ALG_RSA_PKCS1, NCR_OP_SIGN, k,
			      NCR_ALG_SHA256, &ses);
		tap_err(r, -EPERM, "A13.d6 - a DECRYPT-only RSA key cannot "
			"sign (PKCS#1 v1.5 session)");
		if (!r)
			a_free(A.fd, ses);
		{
			struct pkp pp = { .hash = NCR_ALG_SHA256 };
			uint8_t sig[512];
			size_t sl = sizeof(sig);

			r = pk_sign(A.fd, NCR_ALG_RSA_PSS, k, &pp, msg, 32, sig,
				    &sl);
			tap_err(r, -EPERM, "A13.d7 - nor with PSS (once)");
		}
		EVP_PKEY_CTX_free(pc);
		EVP_PKEY_free(vic);
		a_del(A.fd, k);
	}
}
