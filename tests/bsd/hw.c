// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hw.c - BSD sessions on hardware drivers: CRYPTODEV_NCR_HW gives one
 * exactly when NCRIO_INFO lists one for the algorithm (EOPNOTSUPP
 * otherwise); CIOCGSESSINFO then names it and sets
 * SIOP_FLAG_KERNEL_DRIVER_ONLY; CIOCCRYPT (bounce buffer and zero copy),
 * chained IVs, 64 async requests in flight and TLS records on it equal
 * OpenSSL; the bsd_hardware parameter makes unchanged clients prefer it.
 * In the VM the driver is virtio-crypto (make check boots with it).
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <poll.h>
#include "bsd.h"

#define PARAM "/sys/module/ncr/parameters/bsd_hardware"

static int hw_info(int fd, uint32_t ncr_alg, struct ncr_alg_info *out)
{
	static struct ncr_alg_info algs[96];
	struct ncr_info info;

	memset(&info, 0, sizeof(info));
	memset(algs, 0, sizeof(algs));
	info.size = sizeof(info);
	info.alg_info_size = sizeof(algs[0]);
	info.algs = (uintptr_t)algs;
	info.alg_count = 96;
	if (xioctl(fd, NCRIO_INFO, &info))
		return -1;
	for (uint32_t i = 0; i < info.alg_count && i < 96; i++)
		if (algs[i].algorithm == ncr_alg) {
			*out = algs[i];
			return !!(algs[i].flags & NCR_ALG_INFO_FLAG_HW_AVAILABLE);
		}
	return 0;
}

static int sessinfo(int fd, uint32_t ses, struct session_info_op *si)
{
	memset(si, 0, sizeof(*si));
	si->ses = ses;
	return xioctl(fd, CIOCGSESSINFO, si);
}

static void hw_crypt(int fd, uint32_t ses, const uint8_t *key,
		     struct rng *r)
{
	static uint8_t pt[65536], ct[65536], want[65536];
	uint8_t iv[16], iv2[16];
	unsigned int bad = 0, rounds = 24;

	for (unsigned int i = 0; i < rounds; i++) {
		uint32_t len = 16 * (1 + rng_below(r, i & 1 ? 4096 : 64));

		rng_fill(r, iv, 16);
		rng_fill(r, pt, len);
		memcpy(iv2, iv, 16);
		if (bsd_crypt(fd, ses, COP_ENCRYPT, 0, pt, ct, len, NULL, iv) ||
		    ref_cipher(NCR_ALG_AES_CBC, 1, key, 16, iv2, pt, len, want) ||
		    memcmp(ct, want, len) ||
		    bsd_crypt(fd, ses, COP_DECRYPT, 0, ct, ct, len, NULL,
			      iv2) || memcmp(ct, pt, len)) {
			if (!bad++)
				tap_diag("hw: CIOCCRYPT len %u differs", len);
		}
	}
	tap_ok(!bad, "hw: %u AES-CBC CIOCCRYPT round trips (16 B..64 KiB, bounce and zero copy, in place) = OpenSSL",
	       rounds);
}

/* 64 requests of 4 KiB in flight at once, fetched in order. */
static void hw_async(int fd, uint32_t ses, const uint8_t *key)
{
	static uint8_t src[CRYPTODEV_ASYNC_MAX][4096];
	static uint8_t dst[CRYPTODEV_ASYNC_MAX][4096], want[4096];
	uint8_t ivs[CRYPTODEV_ASYNC_MAX][16];
	unsigned int bad = 0, queued = 0;

	for (unsigned int i = 0; i < CRYPTODEV_ASYNC_MAX; i++) {
		struct crypt_op c = {
			.ses = ses, .op = COP_ENCRYPT, .len = 4096,
			.src = src[i], .dst = dst[i], .iv = ivs[i],
		};

		memset(src[i], (int)(i * 3 + 1), 4096);
		memset(ivs[i], (int)i, 16);
		queued += xioctl(fd, CIOCASYNCCRYPT, &c) == 0;
	}
	for (unsigned int i = 0; i < queued; i++) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		struct crypt_op c;

		memset(&c, 0, sizeof(c));
		if (poll(&p, 1, 10000) != 1 || xioctl(fd, CIOCASYNCFETCH, &c) ||
		    c.dst != dst[i] ||
		    ref_cipher(NCR_ALG_AES_CBC, 1, key, 16, ivs[i], src[i],
			       4096, want) || memcmp(dst[i], want, 4096)) {
			if (!bad++)
				tap_diag("hw: async request %u differs", i);
		}
	}
	tap_ok(queued == CRYPTODEV_ASYNC_MAX && !bad,
	       "hw: %u of %u async 4 KiB requests queued at once on the hardware driver, fetched in order = OpenSSL",
	       queued, CRYPTODEV_ASYNC_MAX);
}

/* A TLS record sealed on the hardware cipher opens and equals OpenSSL's. */
static void hw_tls(int fd, const uint8_t *key)
{
	uint8_t mkey[20] = "hw tls mac key", iv[16] = "hw iv", aad[13] = "h";
	uint8_t pt[100], rec[160], plain[160], want[160], msg[113], md[20];
	size_t ml = sizeof(md);
	uint32_t ses;
	struct crypt_auth_op a;

	memset(pt, 'h', sizeof(pt));
	if (bsd_sess(fd, CRYPTO_AES_CBC | CRYPTODEV_NCR_HW, key, 16,
		     CRYPTO_SHA1_HMAC, mkey, 20, &ses)) {
		tap_ok(0, "hw: TLS session");
		return;
	}
	/* pt || HMAC || 8 bytes of 7: 100 + 20 + 8 = 128 */
	memcpy(msg, aad, 13);
	memcpy(msg + 13, pt, 100);
	ref_mac(NCR_ALG_HMAC_SHA1, mkey, 20, msg, 113, md, &ml);
	memcpy(plain, pt, 100);
	memcpy(plain + 100, md, 20);
	memset(plain + 120, 7, 8);
	ref_cipher(NCR_ALG_AES_CBC, 1, key, 16, iv, plain, 128, want);
	memcpy(rec, pt, 100);
	a = (struct crypt_auth_op){
		.ses = ses, .op = COP_ENCRYPT, .flags = COP_FLAG_AEAD_TLS_TYPE,
		.len = 100, .auth_src = aad, .auth_len = 13, .src = rec,
		.dst = rec, .iv = iv,
	};
	tap_ok(!xioctl(fd, CIOCAUTHCRYPT, &a) && a.len == 128 &&
	       !memcmp(rec, want, 128),
	       "hw: a TLS record sealed on the hardware cipher = OpenSSL");
	a.op = COP_DECRYPT;
	a.len = 128;
	tap_ok(!xioctl(fd, CIOCAUTHCRYPT, &a) && a.len == 100 &&
	       !memcmp(rec, pt, 100), "hw: and opened");
	bsd_free(fd, ses);
}

static int param_write(const char *v)
{
	int p = open(PARAM, O_WRONLY);
	int ok;

	if (p < 0)
		return -1;
	ok = write(p, v, 1) == 1;
	close(p);
	return ok ? 0 : -1;
}

static void hw_param(int fd, const struct ncr_alg_info *cbc, int have)
{
	uint8_t key[16] = "param key";
	struct session_info_op si;
	uint32_t ses, hses;
	int ok;

	if (param_write("1")) {
		tap_skip("cannot write " PARAM, "hw: bsd_hardware=1");
		return;
	}
	ok = !bsd_sess(fd, CRYPTO_AES_CBC, key, 16, 0, NULL, 0, &ses) &&
	     !sessinfo(fd, ses, &si);
	ok = ok && !strcmp(si.cipher_info.cra_driver_name,
			   have ? cbc->hw_driver : cbc->driver);
	tap_ok(ok, "hw: with bsd_hardware=1 a session without CRYPTODEV_NCR_HW gets %s (%s)",
	       have ? "the hardware driver" : "the default driver (no hardware)",
	       ok ? si.cipher_info.cra_driver_name : "failed");
	if (ok)
		bsd_free(fd, ses);
	/* a hash no hardware serves falls back to the kernel's choice */
	tap_err(bsd_sess(fd, 0, NULL, 0, CRYPTO_SHA2_256, NULL, 0, &hses), 0,
		"hw: with bsd_hardware=1 SHA-256 falls back to software");
	bsd_free(fd, hses);
	param_write("0");
}

void t_hw(int fd, struct rng *r)
{
	struct ncr_alg_info cbc, sha;
	struct session_info_op si;
	uint8_t key[16];
	uint32_t ses, dses;
	int have, have_sha, e;

	have = hw_info(fd, NCR_ALG_AES_CBC, &cbc);
	have_sha = hw_info(fd, NCR_ALG_SHA256, &sha);
	if (have < 0 || have_sha < 0) {
		tap_ok(0, "hw: NCRIO_INFO");
		return;
	}
	tap_err(bsd_sess(fd, CRYPTODEV_NCR_HW, NULL, 0, 0, NULL, 0, NULL),
		-EINVAL, "hw: CRYPTODEV_NCR_HW without an id");
	tap_err(bsd_sess(fd, 0, NULL, 0, CRYPTO_SHA2_256 | CRYPTODEV_NCR_HW,
			 NULL, 0, &ses), have_sha ? 0 : -EOPNOTSUPP,
		"hw: SHA-256 with CRYPTODEV_NCR_HW (NCRIO_INFO: %s)",
		have_sha ? sha.hw_driver : "no hardware driver");
	if (have_sha)
		bsd_free(fd, ses);
	rng_fill(r, key, sizeof(key));
	e = bsd_sess(fd, CRYPTO_AES_CBC | CRYPTODEV_NCR_HW, key, 16, 0, NULL,
		     0, &ses);
	tap_err(e, have ? 0 : -EOPNOTSUPP,
		"hw: AES-CBC with CRYPTODEV_NCR_HW (NCRIO_INFO: %s)",
		have ? cbc.hw_driver : "no hardware driver");
	hw_param(fd, &cbc, have);
	if (!have || e) {
		tap_skip("no hardware driver for AES-CBC in this boot", "hw: sessions on the hardware driver");
		return;
	}
	tap_ok(!sessinfo(fd, ses, &si) &&
	       !strcmp(si.cipher_info.cra_driver_name, cbc.hw_driver) &&
	       !strcmp(si.cipher_info.cra_name, "cbc(aes)") &&
	       (si.flags & SIOP_FLAG_KERNEL_DRIVER_ONLY),
	       "hw: CIOCGSESSINFO names %s and sets SIOP_FLAG_KERNEL_DRIVER_ONLY",
	       cbc.hw_driver);
	if (!bsd_sess(fd, CRYPTO_AES_CBC, key, 16, 0, NULL, 0, &dses)) {
		int soft = !sessinfo(fd, dses, &si) &&
			   strcmp(si.cipher_info.cra_driver_name,
				  cbc.hw_driver);

		if (soft)
			tap_ok(!(si.flags & SIOP_FLAG_KERNEL_DRIVER_ONLY),
			       "hw: a default session on %s has no KERNEL_DRIVER_ONLY",
			       si.cipher_info.cra_driver_name);
		bsd_free(fd, dses);
	}
	hw_crypt(fd, ses, key, r);
	hw_async(fd, ses, key);
	bsd_free(fd, ses);
	hw_tls(fd, key);
}
