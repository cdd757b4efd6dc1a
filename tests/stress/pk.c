// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pk.c - build/tests/stress: the public-key phase: signers on shared EC
 * and RSA keys while another thread deinits them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "stress.h"

/*
 * A few threads sign with one shared EC P-256 key and one RSA-2048 key
 * (an OpenSSL key imported as PKCS#8, to spare a kernel generation under
 * emulation), each signature checked with the public key objects, through
 * one-shot calls and through sessions, while another thread deinits the
 * private keys: afterwards new signatures fail with ENOENT, sessions
 * opened before complete and verify, and at the end the counters are back
 * at the baseline.
 */
#define PK_SIGNERS 3
#define PK_OPS 24

struct pkstate {
	int fd;
	uint32_t ec, ec_pub, rsa, rsa_pub;
	volatile int deinit_done;
	int done_ops[PK_SIGNERS];
	long ok, enoent, bad, unexpected;
	pthread_mutex_t lock;
};

struct pkthread {
	struct pkstate *s;
	int no;
};

static void *pk_signer(void *arg)
{
	struct pkthread *pt = arg;
	struct pkstate *s = pt->s;
	long ok = 0, enoent = 0, bad = 0, unexpected = 0;

	for (int i = 0; i < PK_OPS; i++) {
		int rsa = (i + pt->no) % 3 == 0, ses = i % 2;
		uint32_t key = rsa ? s->rsa : s->ec;
		uint32_t pub = rsa ? s->rsa_pub : s->ec_pub;
		uint32_t alg = rsa ? NCR_ALG_RSA_PSS : NCR_ALG_ECDSA;
		struct pkp p = { .hash = NCR_ALG_SHA256,
				 .salt_size = rsa ? 32 : 0 };
		uint8_t msg[300], sig[NCR_MAX_SIGNATURE];
		size_t sl = sizeof(sig);
		int r;

		memset(msg, pt->no * 31 + i, sizeof(msg));
		if (ses)
			r = pk_sign_ses(s->fd, alg, key, &p, msg, sizeof(msg),
					50, sig, &sl);
		else
			r = pk_sign(s->fd, alg, key, &p, msg, sizeof(msg), sig,
				    &sl);
		if (r == -ENOENT && s->deinit_done) {
			enoent++;
		} else if (r) {
			unexpected++;
			tap_diag("pk signer %d: %s sign: %s", pt->no,
				 rsa ? "RSA-PSS" : "ECDSA", errname(r));
		} else {
			r = pk_verify(s->fd, alg, pub, &p, msg, sizeof(msg),
				      sig, sl);
			if (r == NCR_VERIFY_OK) {
				ok++;
			} else {
				bad++;
				tap_diag("pk signer %d: verify: %s", pt->no,
					 r == NCR_VERIFY_FAILED ?
					 "NCR_VERIFY_FAILED" : errname(r));
			}
		}
		pthread_mutex_lock(&s->lock);
		s->done_ops[pt->no]++;
		pthread_mutex_unlock(&s->lock);
	}
	pthread_mutex_lock(&s->lock);
	s->ok += ok;
	s->enoent += enoent;
	s->bad += bad;
	s->unexpected += unexpected;
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

static void *pk_deiniter(void *arg)
{
	struct pkstate *s = arg;
	uint32_t ses = 0;
	struct pkp p = { .hash = NCR_ALG_SHA256 };
	uint8_t sig[NCR_MAX_SIGNATURE];
	size_t sl = sizeof(sig);
	int r, ready = 0;

	/* a session opened before the deinit must still complete */
	{
		struct ncr_session_init si = {
			.size = sizeof(si), .algorithm = NCR_ALG_ECDSA,
			.op = NCR_OP_SIGN, .key = s->ec,
			.hash = NCR_ALG_SHA256,
		};

		if (!xioctl(s->fd, NCRIO_SESSION_INIT, &si))
			ses = si.ses;
	}
	while (!ready) {
		usleep(2000);
		pthread_mutex_lock(&s->lock);
		ready = 1;
		for (int i = 0; i < PK_SIGNERS; i++)
			ready &= s->done_ops[i] >= PK_OPS / 3;
		pthread_mutex_unlock(&s->lock);
	}
	s->deinit_done = 1;	/* before: ENOENT may come at once */
	__sync_synchronize();
	key_del(s->fd, s->ec);
	key_del(s->fd, s->rsa);
	r = ses ? 0 : -ENOENT;
	if (ses) {
		struct ncr_session_op f = {
			.size = sizeof(f), .ses = ses, .input = PTR64("abc"),
			.input_size = 3, .tag = PTR64(sig),
			.tag_size = sizeof(sig),
		};

		r = xioctl(s->fd, NCRIO_SESSION_FINAL, &f);
		sl = f.tag_size;
		if (!r)
			r = pk_verify(s->fd, NCR_ALG_ECDSA, s->ec_pub, &p, "abc",
				      3, sig, sl);
	}
	tap_ok(r == NCR_VERIFY_OK, "pk stress: a session opened before its "
	       "key was deinit'ed signs afterwards, verifiably (%s)",
	       errname(r));
	return NULL;
}

void phase_pk(int info_fd, const struct live *base)
{
	struct pkstate s = { .lock = PTHREAD_MUTEX_INITIALIZER };
	pthread_t th[PK_SIGNERS + 1];
	struct pkthread pt[PK_SIGNERS];
	struct live after;
	EVP_PKEY *o = EVP_RSA_gen(2048);
	PKCS8_PRIV_KEY_INFO *p8 = o ? EVP_PKEY2PKCS8(o) : NULL;
	uint8_t der[4096], spki[1024];
	unsigned char *dp = der;
	size_t sl = sizeof(spki);
	double t0 = now_s();
	int n = p8 ? i2d_PKCS8_PRIV_KEY_INFO(p8, NULL) : -1, r;

	if (n > 0 && n <= (int)sizeof(der))
		n = i2d_PKCS8_PRIV_KEY_INFO(p8, &dp);
	PKCS8_PRIV_KEY_INFO_free(p8);
	EVP_PKEY_free(o);
	s.fd = dev_open();
	r = s.fd < 0 ? s.fd : n <= 0 ? -EPROTO : 0;
	r = r ? r : pk_genpair(s.fd, NCR_KEY_TYPE_EC, 256, 0, NULL, 0, 0,
			       NCR_KEY_USAGE_SIGN, 0, &s.ec, &s.ec_pub);
	r = r ? r : pk_import(s.fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_PKCS8, 0,
			      der, (size_t)n, 0, NCR_KEY_USAGE_SIGN, &s.rsa);
	r = r ? r : pk_export(s.fd, s.rsa, NCR_KEY_FORMAT_SPKI, spki, &sl);
	r = r ? r : pk_import(s.fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_SPKI, 0,
			      spki, sl, 0, NCR_KEY_USAGE_VERIFY, &s.rsa_pub);
	memset(der, 0, sizeof(der));
	if (!tap_err(r, 0, "pk stress: shared EC P-256 and RSA-2048 keys")) {
		if (s.fd >= 0)
			close(s.fd);
		return;
	}
	for (int i = 0; i < PK_SIGNERS; i++) {
		pt[i].s = &s;
		pt[i].no = i;
		pthread_create(&th[i], NULL, pk_signer, &pt[i]);
	}
	pthread_create(&th[PK_SIGNERS], NULL, pk_deiniter, &s);
	for (int i = 0; i <= PK_SIGNERS; i++)
		pthread_join(th[i], NULL);
	tap_ok(s.bad == 0 && s.unexpected == 0 && s.ok > 0,
	       "pk stress: %d threads, %ld signatures verified, %ld ENOENT "
	       "after the deinit, %ld bad, %ld unexpected errors (%.1f s)",
	       PK_SIGNERS, s.ok, s.enoent, s.bad, s.unexpected,
	       now_s() - t0);
	close(s.fd);
	r = live_wait(info_fd, base, &after);
	tap_ok(!r,
	       "pk stress: live keys/sessions/namespaces back to %llu/%llu/%u "
	       "(now %llu/%llu/%u)", (unsigned long long)base->keys,
	       (unsigned long long)base->sessions, base->namespaces,
	       (unsigned long long)after.keys,
	       (unsigned long long)after.sessions, after.namespaces);
	ucount_check(info_fd, "pk stress");
}
