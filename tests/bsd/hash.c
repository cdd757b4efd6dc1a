// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hash.c - the state CIOCCRYPT keeps between calls, as cryptodev.h says:
 * a hash message fed in odd pieces with COP_FLAG_UPDATE and finished with
 * COP_FLAG_FINAL (or an UPDATE of length 0), RESET and flags 0 starting
 * over; CIOCCPHASH copying a message in progress (and refusing what it
 * must, and not deadlocking two opposite copies); the IV chained from
 * call to call when iv is NULL, and COP_FLAG_WRITE_IV.
 */
#include <pthread.h>
#include <string.h>
#include "bsd.h"

static int ref_md(const struct balg *a, const uint8_t *key,
		  const uint8_t *m, size_t len, uint8_t *out)
{
	size_t l = 64;

	return a->keylen ? ref_mac(a->ncr, key, a->keylen, m, len, out, &l) :
			   ref_digest(a->ncr, m, len, out, &l);
}

static void splits(int fd, const struct balg *a, struct rng *r)
{
	uint8_t key[256], msg[3000], md[64], want[64];
	unsigned int bad = 0, rounds = 40;
	uint32_t ses;
	int e;

	rng_fill(r, key, sizeof(key));
	e = bsd_sess(fd, 0, NULL, 0, a->bsd, key, a->keylen, &ses);
	if (e) {
		tap_ok(0, "hash %s: CIOCGSESSION: %s", a->name, errname(e));
		return;
	}
	for (unsigned int i = 0; i < rounds; i++) {
		uint32_t len = rng_below(r, sizeof(msg)), pos = 0;
		int how = rng_below(r, 3);

		rng_fill(r, msg, len);
		/* junk first, dropped by the RESET of the first piece */
		e = bsd_crypt(fd, ses, 0, COP_FLAG_UPDATE, msg, NULL,
			      len / 2 + 1, NULL, NULL);
		while (!e && pos < len) {
			uint32_t n = 1 + rng_below(r, len - pos);
			uint16_t f = COP_FLAG_UPDATE |
				     (pos ? 0 : COP_FLAG_RESET);

			if (pos + n == len && how == 0)
				f |= COP_FLAG_FINAL;
			e = bsd_crypt(fd, ses, 0, f, msg + pos, NULL, n,
				      f & COP_FLAG_FINAL ? md : NULL, NULL);
			pos += n;
		}
		if (!e && (how || !len)) {
			/* finish: FINAL with no data, or UPDATE of length 0
			 * (an empty message needs the RESET too) */
			uint16_t f = how == 1 || !len ?
				     COP_FLAG_FINAL | COP_FLAG_RESET * !len :
				     COP_FLAG_UPDATE;

			e = bsd_crypt(fd, ses, 0, f, msg, NULL, 0, md, NULL);
		}
		ref_md(a, key, msg, len, want);
		if (e || memcmp(md, want, a->out)) {
			if (!bad++)
				tap_diag("%s: %u bytes, ending %d: %s",
					 a->name, len, how,
					 e ? errname(e) : "differs");
		}
	}
	tap_ok(!bad, "hash %s: %u messages in random pieces (UPDATE, RESET, FINAL; UPDATE of 0 ends) = OpenSSL",
	       a->name, rounds);
	bsd_free(fd, ses);
}

struct cp_arg {
	int fd;
	uint32_t dst, src;
	int err;
};

static void *cp_loop(void *p)
{
	struct cp_arg *c = p;
	struct cphash_op op = { .dst_ses = c->dst, .src_ses = c->src };

	for (int i = 0; i < 2000 && !c->err; i++)
		c->err = xioctl(c->fd, CIOCCPHASH, &op);
	return NULL;
}

static void cphash(int fd)
{
	static const uint8_t key[32] = "cphash key", key2[32] = "other";
	uint8_t md[32], want[32], msg[100];
	uint32_t a, b, c, d, e_ses;
	struct cphash_op op;
	struct cp_arg x, y;
	pthread_t t1, t2;
	size_t wl = sizeof(want);
	int e;

	memset(msg, 'm', sizeof(msg));
	if (bsd_sess(fd, 0, NULL, 0, CRYPTO_SHA2_256_HMAC, key, 32, &a) ||
	    bsd_sess(fd, 0, NULL, 0, CRYPTO_SHA2_256_HMAC, key, 32, &b) ||
	    bsd_sess(fd, 0, NULL, 0, CRYPTO_SHA2_256_HMAC, key2, 32, &c) ||
	    bsd_sess(fd, 0, NULL, 0, CRYPTO_SHA2_256, NULL, 0, &d) ||
	    bsd_sess(fd, CRYPTO_AES_CBC, key, 16, 0, NULL, 0, &e_ses)) {
		tap_ok(0, "cphash: sessions");
		return;
	}
	e = bsd_crypt(fd, a, 0, COP_FLAG_UPDATE, msg, NULL, 60, NULL, NULL);
	op = (struct cphash_op){ .dst_ses = b, .src_ses = a };
	e = e ?: xioctl(fd, CIOCCPHASH, &op);
	e = e ?: bsd_crypt(fd, b, 0, COP_FLAG_UPDATE | COP_FLAG_FINAL,
			   msg + 60, NULL, 40, md, NULL);
	ref_mac(NCR_ALG_HMAC_SHA256, key, 32, msg, 100, want, &wl);
	tap_ok(!e && !memcmp(md, want, 32),
	       "cphash: a copied HMAC state finishes the source's message");
	e = bsd_crypt(fd, a, 0, COP_FLAG_UPDATE | COP_FLAG_FINAL, msg + 60,
		      NULL, 40, md, NULL);
	tap_ok(!e && !memcmp(md, want, 32),
	       "cphash: the source's own message is unchanged");
	op = (struct cphash_op){ .dst_ses = a, .src_ses = a };
	tap_err(xioctl(fd, CIOCCPHASH, &op), -EDEADLK, "cphash: onto itself");
	op = (struct cphash_op){ .dst_ses = c, .src_ses = a };
	tap_err(xioctl(fd, CIOCCPHASH, &op), -EINVAL,
		"cphash: HMAC states of different keys");
	op = (struct cphash_op){ .dst_ses = d, .src_ses = a };
	tap_err(xioctl(fd, CIOCCPHASH, &op), -EINVAL,
		"cphash: HMAC-SHA256 onto SHA-256");
	op = (struct cphash_op){ .dst_ses = e_ses, .src_ses = e_ses + 1 };
	tap_err(xioctl(fd, CIOCCPHASH, &op), -ENOENT, "cphash: unknown source");
	op = (struct cphash_op){ .dst_ses = e_ses, .src_ses = a };
	tap_err(xioctl(fd, CIOCCPHASH, &op), -EINVAL,
		"cphash: onto a cipher session");
	x = (struct cp_arg){ fd, a, b, 0 };
	y = (struct cp_arg){ fd, b, a, 0 };
	pthread_create(&t1, NULL, cp_loop, &x);
	pthread_create(&t2, NULL, cp_loop, &y);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	tap_ok(!x.err && !y.err,
	       "cphash: two threads copying in opposite directions 2000 times each (%s, %s)",
	       errname(x.err), errname(y.err));
	bsd_free(fd, a);
	bsd_free(fd, b);
	bsd_free(fd, c);
	bsd_free(fd, d);
	bsd_free(fd, e_ses);
}

static void chaining(int fd, uint32_t id, const char *name)
{
	const struct balg *a = balg_get(id);
	uint8_t key[32] = "chained IV key", iv[16] = "initial vector!";
	uint8_t pt[96], one[96], two[96], wiv[16];
	uint32_t ses;
	int e;

	memset(pt, 'p', sizeof(pt));
	if (bsd_sess(fd, id, key, a->keylen, 0, NULL, 0, &ses)) {
		tap_ok(0, "%s: session", name);
		return;
	}
	e = bsd_crypt(fd, ses, COP_ENCRYPT, 0, pt, one, 96, NULL, iv);
	memcpy(wiv, iv, 16);
	e = e ?: bsd_crypt(fd, ses, COP_ENCRYPT, COP_FLAG_WRITE_IV, pt, two,
			   32, NULL, wiv);
	e = e ?: bsd_crypt(fd, ses, COP_ENCRYPT, 0, pt + 32, two + 32, 64,
			   NULL, NULL);
	tap_ok(!e && !memcmp(one, two, 96),
	       "%s: 32 bytes, then 64 with iv NULL (the session's chained IV) = 96 in one call",
	       name);
	if (id == CRYPTO_AES_CBC)
		tap_ok(!e && !memcmp(wiv, two + 16, 16),
		       "%s: COP_FLAG_WRITE_IV returns the last ciphertext block",
		       name);
	tap_err(bsd_crypt(fd, ses, COP_ENCRYPT, COP_FLAG_WRITE_IV, pt, two,
			  16, NULL, NULL), -EINVAL,
		"%s: COP_FLAG_WRITE_IV without iv", name);
	bsd_free(fd, ses);
}

void t_hash_state(int fd, struct rng *r)
{
	for (size_t i = 0; i < n_balgs; i++)
		if (balgs[i].mac)
			splits(fd, &balgs[i], r);
	cphash(fd);
	chaining(fd, CRYPTO_AES_CBC, "iv chaining AES-CBC");
	chaining(fd, CRYPTO_AES_CTR, "iv chaining AES-CTR");
}
