// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * async.c - CIOCASYNCCRYPT / CIOCASYNCFETCH / poll(): requests fetched in
 * submission order with OpenSSL's results, poll readiness, the queue
 * bound, WRITE_IV at fetch, a hash session's request (run at once), the
 * errors (NO_ZC, too long, unknown session, empty queue, a bad dst
 * reported by the fetch), and a descriptor closed with requests queued.
 */
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include "bsd.h"

static int submit(int fd, uint32_t ses, uint16_t flags, const void *src,
		  void *dst, uint32_t len, void *iv)
{
	struct crypt_op c = {
		.ses = ses, .op = COP_ENCRYPT, .flags = flags, .len = len,
		.src = (void *)src, .dst = dst, .iv = iv,
	};

	return xioctl(fd, CIOCASYNCCRYPT, &c);
}

static int fetch(int fd, struct crypt_op *c)
{
	memset(c, 0, sizeof(*c));
	return xioctl(fd, CIOCASYNCFETCH, c);
}

static int wait_in(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 5000) == 1 && (p.revents & POLLIN);
}

void t_async(int fd)
{
	static uint8_t src[CRYPTODEV_ASYNC_MAX][256], dst[CRYPTODEV_ASYNC_MAX][256];
	static uint8_t ivs[CRYPTODEV_ASYNC_MAX][16], want[256];
	uint8_t key[16] = "async test key!", md[32], wmd[32], iv[16] = { 0 };
	unsigned int bad = 0, order = 0, n = 20;
	struct crypt_op c;
	struct pollfd p;
	uint32_t ses, hses;
	size_t wl = sizeof(wmd);
	int e, other;

	if (!tap_err(bsd_sess(fd, CRYPTO_AES_CBC, key, 16, 0, NULL, 0, &ses),
		     0, "async: an AES-CBC session"))
		return;
	tap_err(fetch(fd, &c), -EBUSY, "async: CIOCASYNCFETCH on an empty queue");
	for (unsigned int i = 0; i < n; i++) {
		memset(src[i], (int)i, sizeof(src[i]));
		memset(ivs[i], (int)(i * 7), sizeof(ivs[i]));
		bad += submit(fd, ses, 0, src[i], dst[i], 256, ivs[i]) != 0;
	}
	tap_ok(!bad, "async: %u requests queued (%u failed)", n, bad);
	for (unsigned int i = 0; i < n; i++) {
		e = wait_in(fd) ? fetch(fd, &c) : -ETIMEDOUT;
		ref_cipher(NCR_ALG_AES_CBC, 1, key, 16, ivs[i], src[i], 256,
			   want);
		if (!e && c.src != src[i])
			order++;
		else if (e || memcmp(dst[i], want, 256))
			bad++;
	}
	tap_ok(!bad && !order,
	       "async: poll, then fetch: each in submission order, = OpenSSL (%u bad, %u out of order)",
	       bad, order);
	p = (struct pollfd){ .fd = fd, .events = POLLIN | POLLOUT };
	e = poll(&p, 1, 0);
	tap_ok(e == 1 && p.revents == POLLOUT,
	       "async: an empty queue polls writable, not readable (%#x)",
	       p.revents);

	for (bad = 0, n = 0; n < CRYPTODEV_ASYNC_MAX; n++)
		bad += submit(fd, ses, 0, src[n], dst[n], 256, ivs[n]) != 0;
	tap_err(submit(fd, ses, 0, src[0], dst[0], 256, ivs[0]), -EBUSY,
		"async: request %d on a full queue", CRYPTODEV_ASYNC_MAX + 1);
	p = (struct pollfd){ .fd = fd, .events = POLLOUT };
	tap_ok(!bad && poll(&p, 1, 0) == 0,
	       "async: a full queue does not poll writable");
	for (n = 0; n < CRYPTODEV_ASYNC_MAX; n++)
		bad += !wait_in(fd) || fetch(fd, &c) != 0;
	tap_ok(!bad, "async: the %d fetched", CRYPTODEV_ASYNC_MAX);

	memset(iv, 0, sizeof(iv));
	e = submit(fd, ses, COP_FLAG_WRITE_IV, src[0], dst[0], 32, iv);
	e = e ?: (wait_in(fd) ? fetch(fd, &c) : -ETIMEDOUT);
	tap_ok(!e && !memcmp(iv, dst[0] + 16, 16),
	       "async: COP_FLAG_WRITE_IV writes the last ciphertext block at the fetch (%s)",
	       errname(e));
	tap_err(submit(fd, ses, COP_FLAG_NO_ZC, src[0], dst[0], 32, iv),
		-EINVAL, "async: COP_FLAG_NO_ZC");
	tap_err(submit(fd, ses, 0, src[0], dst[0], CRYPTODEV_ASYNC_MAX_LEN + 16,
		       iv), -E2BIG, "async: longer than CRYPTODEV_ASYNC_MAX_LEN");
	tap_err(submit(fd, ses ^ 1, 0, src[0], dst[0], 32, iv), -ENOENT,
		"async: an unknown session");
	tap_err(submit(fd, ses, 0, (void *)8, dst[0], 32, iv), -EFAULT,
		"async: src at a bad address (at submission)");
	e = submit(fd, ses, 0, src[0], (void *)8, 32, iv);
	e = e ?: (wait_in(fd) ? fetch(fd, &c) : -ETIMEDOUT);
	tap_err(e, -EFAULT, "async: dst at a bad address, reported by the fetch");
	tap_err(fetch(fd, &c), -EBUSY, "async: and the queue is empty again");

	e = bsd_sess(fd, 0, NULL, 0, CRYPTO_SHA2_256, NULL, 0, &hses);
	if (!e) {
		struct crypt_op h = { .ses = hses, .len = 100, .src = src[1],
				      .mac = md };

		e = xioctl(fd, CIOCASYNCCRYPT, &h);
		e = e ?: (wait_in(fd) ? fetch(fd, &c) : -ETIMEDOUT);
		ref_digest(NCR_ALG_SHA256, src[1], 100, wmd, &wl);
		bsd_free(fd, hses);
	}
	tap_ok(!e && !memcmp(md, wmd, 32),
	       "async: a hash session's request (run at once) = OpenSSL (%s)",
	       errname(e));

	other = dev_open();
	e = bsd_sess(other, CRYPTO_AES_CBC, key, 16, 0, NULL, 0, &hses);
	for (n = 0; !e && n < CRYPTODEV_ASYNC_MAX; n++)
		e = submit(other, hses, 0, src[n], dst[n], 256, ivs[n]);
	close(other);
	tap_err(e, 0, "async: a descriptor closed with %d requests queued (the counters are checked at the end)",
		CRYPTODEV_ASYNC_MAX);
	bsd_free(fd, ses);
}
