// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * accel - hardware-backed sessions (NCR_SESSION_FLAG_HARDWARE) against
 * software sessions and OpenSSL, for AES-CBC: the algorithm QEMU's
 * virtio-crypto device (tools/ncr-vm --crypto-accel) offers.
 *
 *   build/tests/accel [--require-hw]
 *
 * If NCRIO_INFO reports no hardware driver for aes-cbc the program prints
 * "1..0 # SKIP no hardware driver"; with --require-hw that is a failure
 * instead (tests/vm-accel.sh and the --crypto-accel boot use it).
 *
 * Checks: every key size and many lengths (16 B .. 1 MiB) in one update,
 * both directions; random update boundaries (IV chaining across
 * updates); the once path with the hardware flag; the key's usage and
 * algorithm set enforced on the hardware path too (EPERM); 16 threads
 * with many requests in flight at once; EOPNOTSUPP for the hardware flag
 * on algorithms without a hardware driver (with keys whose usage and
 * algorithm set allow the operation, so nothing else refuses it).
 * Since ABI 3 an AES key needs NCR_KEY_ALG_AES_CBC in its algorithm set
 * for CBC (the default set of an encryption key is GCM only).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "libncr.h"
#include "tap.h"

#define BIG (1024 * 1024)

static int fd;
static uint64_t seed;

/* HW (flags) or software session over in, cut at the given points. */
static int cbc_session(int ctx, uint32_t flags, int enc, uint32_t key,
		       const uint8_t *iv, const uint8_t *in, size_t len,
		       const size_t *cuts, int ncuts, uint8_t *out,
		       size_t *out_len)
{
	size_t pos = 0, opos = 0, n;
	uint32_t ses;
	int r;

	r = ncr_session_init(ctx, NCR_ALG_AES_CBC, enc ? NCR_OP_ENCRYPT :
			     NCR_OP_DECRYPT, key, iv, 16, 0, flags, &ses);
	if (r)
		return r;
	for (int i = 0; i < ncuts; i++) {
		n = len + 16 - opos;
		r = ncr_session_update(ctx, ses, in + pos, cuts[i] - pos,
				       out + opos, &n);
		if (r) {
			ncr_session_free(ctx, ses);
			return r;
		}
		opos += n;
		pos = cuts[i];
	}
	n = len + 16 - opos;
	r = ncr_session_final(ctx, ses, in + pos, len - pos, out + opos, &n,
			      NULL, NULL);
	if (r)
		return r;
	*out_len = opos + n;
	return 0;
}

/* An AES key for CBC: since ABI 3 an AES key to encrypt and decrypt is
 * a GCM key unless its algorithm set names CBC. */
static int cbc_key(const uint8_t *bytes, size_t len, uint32_t usage,
		   uint32_t *key)
{
	struct ncr_key_policy pol = {
		.usage = usage, .algs = NCR_KEY_ALG_AES_CBC,
	};

	return ncr_key_import_ex(fd, NCR_KEY_TYPE_AES, 0, 0, bytes, len, &pol,
				 key);
}

static int once_hw(uint32_t key, int enc, const uint8_t *iv,
		   const uint8_t *in, size_t len, uint8_t *out)
{
	struct ncr_session_once o = {
		.size = sizeof(o), .flags = NCR_SESSION_FLAG_HARDWARE,
		.algorithm = NCR_ALG_AES_CBC,
		.op = enc ? NCR_OP_ENCRYPT : NCR_OP_DECRYPT, .key = key,
		.iv = PTR64(iv), .iv_size = 16, .input = PTR64(in),
		.input_size = len, .output = PTR64(out), .output_size = len,
	};
	int r = xioctl(fd, NCRIO_SESSION_ONCE, &o);

	if (!r && o.output_size != len)
		return -EIO;
	return r;
}

static void test_lengths(struct rng *rng)
{
	static const size_t lengths[] = { 16, 32, 48, 64, 1008, 4096, 16384,
					  16400, 65536, BIG };
	static const size_t klens[] = { 16, 24, 32 };
	uint8_t *msg = malloc(BIG), *ref = malloc(BIG + 16),
		*hw = malloc(BIG + 16), *sw = malloc(BIG + 16);
	uint8_t key[32], iv[16];

	for (size_t ki = 0; ki < ARRAY_SIZE(klens); ki++) {
		int bad = 0, runs = 0;
		uint32_t k;
		int r;

		rng_fill(rng, key, klens[ki]);
		r = cbc_key(key, klens[ki], NCR_KEY_USAGE_ENCRYPT |
			    NCR_KEY_USAGE_DECRYPT, &k);
		if (r) {
			tap_ok(0, "AES-%zu key import: %s", klens[ki] * 8,
			       errname(r));
			continue;
		}
		for (size_t li = 0; li < ARRAY_SIZE(lengths); li++) {
			size_t len = lengths[li], nh = 0, ns = 0;
			int rh, rs;

			rng_fill(rng, msg, len);
			rng_fill(rng, iv, 16);
			ref_cipher(NCR_ALG_AES_CBC, 1, key, klens[ki], iv, msg,
				   len, ref);
			for (int enc = 1; enc >= 0; enc--) {
				const uint8_t *in = enc ? msg : ref;
				const uint8_t *want = enc ? ref : msg;

				runs++;
				rh = cbc_session(fd, NCR_SESSION_FLAG_HARDWARE,
						 enc, k, iv, in, len, NULL, 0,
						 hw, &nh);
				rs = cbc_session(fd, 0, enc, k, iv, in, len,
						 NULL, 0, sw, &ns);
				if (rh || rs || nh != len || ns != len ||
				    memcmp(hw, want, len) ||
				    memcmp(sw, want, len)) {
					if (!bad++)
						tap_diag("AES-%zu %s %zu bytes: "
							 "hw %s, sw %s, %s",
							 klens[ki] * 8,
							 enc ? "encrypt" :
							 "decrypt", len,
							 errname(rh),
							 errname(rs),
							 rh || rs ? "" :
							 "output differs");
				}
				runs++;
				rh = once_hw(k, enc, iv, in, len, hw);
				if (rh || memcmp(hw, want, len)) {
					if (!bad++)
						tap_diag("AES-%zu once %s %zu "
							 "bytes: %s",
							 klens[ki] * 8,
							 enc ? "encrypt" :
							 "decrypt", len,
							 rh ? errname(rh) :
							 "output differs");
				}
			}
		}
		tap_ok(!bad, "AES-%zu-CBC: hardware session == software session "
		       "== OpenSSL, 16 B..1 MiB, both directions, and once "
		       "(%d runs, %d wrong)", klens[ki] * 8, runs, bad);
		ncr_key_deinit(fd, k);
	}
	free(msg);
	free(ref);
	free(hw);
	free(sw);
}

static void test_splits(struct rng *rng)
{
	uint8_t msg[8192], ref[8192], out[8192 + 16], key[16], iv[16];
	int bad = 0, runs = 0;
	uint32_t k;

	rng_fill(rng, key, 16);
	if (cbc_key(key, 16, NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
		    &k)) {
		tap_ok(0, "key import");
		return;
	}
	for (int it = 0; it < 60; it++) {
		size_t len = 16 * (1 + rng_below(rng, 512)), cuts[6], n = 0;
		int ncuts = 1 + (int)rng_below(rng, 6), r;

		rng_fill(rng, msg, len);
		rng_fill(rng, iv, 16);
		for (int i = 0; i < ncuts; i++)
			cuts[i] = rng_below(rng, (uint32_t)len + 1);
		/* sort the cut points */
		for (int i = 1; i < ncuts; i++)
			for (int j = i; j > 0 && cuts[j - 1] > cuts[j]; j--) {
				size_t tmp = cuts[j];

				cuts[j] = cuts[j - 1];
				cuts[j - 1] = tmp;
			}
		ref_cipher(NCR_ALG_AES_CBC, 1, key, 16, iv, msg, len, ref);
		runs++;
		r = cbc_session(fd, NCR_SESSION_FLAG_HARDWARE, 1, k, iv, msg,
				len, cuts, ncuts, out, &n);
		if (r || n != len || memcmp(out, ref, len)) {
			if (!bad++)
				tap_diag("%zu bytes in %d pieces: %s", len,
					 ncuts + 1, r ? errname(r) :
					 "output differs");
		}
		runs++;
		r = cbc_session(fd, NCR_SESSION_FLAG_HARDWARE, 0, k, iv, ref,
				len, cuts, ncuts, out, &n);
		if (r || n != len || memcmp(out, msg, len)) {
			if (!bad++)
				tap_diag("decrypt %zu bytes in %d pieces: %s",
					 len, ncuts + 1, r ? errname(r) :
					 "output differs");
		}
	}
	tap_ok(!bad, "hardware sessions over random update boundaries chain "
	       "the IV (%d runs, %d wrong)", runs, bad);
	ncr_key_deinit(fd, k);
}

/* The hardware path enforces the key's policy as the software one. */
static void test_hw_policy(void)
{
	uint8_t key[16] = { 1, 2, 3 }, iv[16] = { 0 }, in[64] = { 0 };
	uint8_t out[64 + 16];
	uint32_t k_gcm, k_enc, ses;
	int r;

	/* the default set of an ENCRYPT|DECRYPT AES key is GCM only */
	r = ncr_key_import(fd, NCR_KEY_TYPE_AES, key, 16, NULL, 0, 0,
			   NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
			   &k_gcm);
	r = r ? r : cbc_key(key, 16, NCR_KEY_USAGE_ENCRYPT, &k_enc);
	if (!tap_err(r, 0, "keys for the hardware policy checks"))
		return;
	r = ncr_session_init(fd, NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k_gcm, iv, 16,
			     0, NCR_SESSION_FLAG_HARDWARE, &ses);
	if (!r)
		ncr_session_free(fd, ses);
	tap_err(r, -EPERM, "hardware CBC session with a GCM-only key");
	r = once_hw(k_gcm, 1, iv, in, sizeof(in), out);
	tap_err(r, -EPERM, "hardware CBC once with a GCM-only key");
	r = ncr_session_init(fd, NCR_ALG_AES_CBC, NCR_OP_DECRYPT, k_enc, iv, 16,
			     0, NCR_SESSION_FLAG_HARDWARE, &ses);
	if (!r)
		ncr_session_free(fd, ses);
	tap_err(r, -EPERM, "hardware CBC decrypt session with an ENCRYPT-only "
		"key");
	r = once_hw(k_enc, 0, iv, in, sizeof(in), out);
	tap_err(r, -EPERM, "hardware CBC decrypt once with an ENCRYPT-only "
		"key");
	ncr_key_deinit(fd, k_gcm);
	ncr_key_deinit(fd, k_enc);
}

struct worker {
	int id, bad, runs, errs;
	struct rng rng;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	size_t cap = 65536;
	uint8_t *msg = malloc(cap), *ref = malloc(cap), *out = malloc(cap + 16);
	uint8_t key[32], iv[16];

	for (int it = 0; it < 24; it++) {
		size_t klen = 16 + 8 * rng_below(&w->rng, 3);
		size_t len = 16 * (1 + rng_below(&w->rng, (uint32_t)cap / 16));
		size_t cut = rng_below(&w->rng, (uint32_t)len + 1), n = 0;
		uint32_t k;
		int r;

		rng_fill(&w->rng, key, klen);
		rng_fill(&w->rng, iv, 16);
		rng_fill(&w->rng, msg, len);
		r = cbc_key(key, klen, NCR_KEY_USAGE_ENCRYPT, &k);
		if (r) {
			w->errs++;
			continue;
		}
		ref_cipher(NCR_ALG_AES_CBC, 1, key, klen, iv, msg, len, ref);
		w->runs++;
		if (it & 1)
			r = once_hw(k, 1, iv, msg, len, out), n = len;
		else
			r = cbc_session(fd, NCR_SESSION_FLAG_HARDWARE, 1, k, iv,
					msg, len, &cut, 1, out, &n);
		if (r || n != len || memcmp(out, ref, len)) {
			if (!w->bad++)
				tap_diag("thread %d: %zu bytes: %s", w->id, len,
					 r ? errname(r) : "output differs");
		}
		ncr_key_deinit(fd, k);
	}
	free(msg);
	free(ref);
	free(out);
	return NULL;
}

static void test_threads(void)
{
	struct worker w[16];
	pthread_t t[16];
	int bad = 0, runs = 0, errs = 0;

	for (int i = 0; i < 16; i++) {
		w[i] = (struct worker){ .id = i };
		w[i].rng.s = seed ^ (0x1000 + (uint64_t)i) * 0x9e3779b97f4a7c15ULL;
		pthread_create(&t[i], NULL, worker_main, &w[i]);
	}
	for (int i = 0; i < 16; i++) {
		pthread_join(t[i], NULL);
		bad += w[i].bad;
		runs += w[i].runs;
		errs += w[i].errs;
	}
	tap_ok(!bad && !errs, "16 threads with hardware requests in flight at "
	       "once: %d requests, %d wrong, %d errors", runs, bad, errs);
}

static void test_no_hw(const struct ncr_alg_info *algs, uint32_t n)
{
	/* every usage, with a set naming every algorithm of the type, so
	 * that only the missing hardware driver can refuse */
	static const struct {
		uint32_t type, bits;
		uint64_t algs;
	} kk[] = {
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_ALG_AES_ECB |
		  NCR_KEY_ALG_AES_CBC | NCR_KEY_ALG_AES_CTR |
		  NCR_KEY_ALG_AES_GCM | NCR_KEY_ALG_AES_CCM |
		  NCR_KEY_ALG_CMAC_AES },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_ALG_AES_XTS },
		{ NCR_KEY_TYPE_CHACHA20, 256, NCR_KEY_ALG_CHACHA20 |
		  NCR_KEY_ALG_CHACHA20_POLY1305 },
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_ALG_HMAC_ALL },
		{ NCR_KEY_TYPE_DES3, 192, NCR_KEY_ALG_DES3_CBC },
	};
	uint32_t keys[ARRAY_SIZE(kk)] = { 0 };
	uint32_t k_aes, k_xts, k_cc, k_hmac, k_des;
	int bad = 0, tried = 0, kerr = 0;
	uint8_t iv[16] = { 0 };

	for (size_t i = 0; i < ARRAY_SIZE(kk); i++) {
		struct ncr_key_policy pol = {
			.usage = NCR_KEY_USAGE_ALL, .algs = kk[i].algs,
		};
		int r = ncr_key_generate_ex(fd, kk[i].type, kk[i].bits, &pol,
					    &keys[i]);

		if (r && !kerr++)
			tap_diag("key type %u, %u bits, algs %#llx: %s",
				 kk[i].type, kk[i].bits,
				 (unsigned long long)kk[i].algs, errname(r));
	}
	tap_ok(!kerr, "keys of every type with every algorithm in their set "
	       "(%d errors)", kerr);
	k_aes = keys[0];
	k_xts = keys[1];
	k_cc = keys[2];
	k_hmac = keys[3];
	k_des = keys[4];
	for (uint32_t i = 0; i < n; i++) {
		const struct talg *a = talg_get(algs[i].algorithm);
		uint32_t key = 0, ses;
		int r;

		if (!a || (algs[i].flags & NCR_ALG_INFO_FLAG_HW_AVAILABLE) ||
		    !(algs[i].flags & NCR_ALG_INFO_FLAG_AVAILABLE))
			continue;
		switch (a->key_type) {
		case NCR_KEY_TYPE_AES:
			key = a->alg == NCR_ALG_AES_XTS ? k_xts : k_aes;
			break;
		case NCR_KEY_TYPE_CHACHA20: key = k_cc; break;
		case NCR_KEY_TYPE_HMAC: key = k_hmac; break;
		case NCR_KEY_TYPE_DES3: key = k_des; break;
		}
		tried++;
		r = ncr_session_init(fd, a->alg, a->kind == TK_MAC ||
				     a->kind == TK_DIGEST ? NCR_OP_SIGN :
				     NCR_OP_ENCRYPT, key, iv, a->iv, 0,
				     NCR_SESSION_FLAG_HARDWARE, &ses);
		if (r != -EOPNOTSUPP) {
			if (!bad++)
				tap_diag("%s: hardware flag without a hardware "
					 "driver: %s", a->name, errname(r));
			if (!r)
				ncr_session_free(fd, ses);
		}
	}
	tap_ok(!bad, "NCR_SESSION_FLAG_HARDWARE on the %d algorithms without a "
	       "hardware driver: EOPNOTSUPP (%d wrong)", tried, bad);
	ncr_key_deinit(fd, k_aes);
	ncr_key_deinit(fd, k_xts);
	ncr_key_deinit(fd, k_cc);
	ncr_key_deinit(fd, k_hmac);
	ncr_key_deinit(fd, k_des);
}

int main(int argc, char **argv)
{
	int require = argc > 1 && !strcmp(argv[1], "--require-hw");
	struct ncr_alg_info algs[64];
	struct ncr_info info;
	uint32_t n = 64;
	const struct ncr_alg_info *cbc = NULL;
	struct rng rng;
	int r;

	tap_init();
	fd = ncr_open();
	if (fd < 0) {
		char reason[96];

		snprintf(reason, sizeof(reason), "cannot open /dev/crypto: %s",
			 errname(fd));
		if (!require)
			tap_skip_all(reason);
		tap_ok(0, "%s", reason);
		return tap_finish("accel");
	}
	memset(algs, 0, sizeof(algs));
	r = ncr_get_info(fd, &info, algs, &n);
	if (r) {
		tap_ok(0, "NCRIO_INFO: %s", errname(r));
		return tap_finish("accel");
	}
	for (uint32_t i = 0; i < n && i < 64; i++)
		if (algs[i].algorithm == NCR_ALG_AES_CBC &&
		    (algs[i].flags & NCR_ALG_INFO_FLAG_HW_AVAILABLE))
			cbc = &algs[i];
	if (!cbc) {
		if (!require)
			tap_skip_all("no hardware driver");
		tap_ok(0, "a hardware driver for aes-cbc (NCRIO_INFO reports "
		       "none; --require-hw)");
		return tap_finish("accel");
	}
	tap_ok(1, "hardware driver for aes-cbc: %s (default driver %s%s)",
	       cbc->hw_driver, cbc->driver,
	       cbc->flags & NCR_ALG_INFO_FLAG_ASYNC ? ", async" : "");
	seed = test_seed();
	rng.s = seed;

	test_lengths(&rng);
	test_splits(&rng);
	test_hw_policy();
	test_threads();
	test_no_hw(algs, n < 64 ? n : 64);
	ncr_close(fd);
	return tap_finish("accel");
}
