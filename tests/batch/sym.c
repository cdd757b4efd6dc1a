// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/batch/sym.c - part of build/tests/batch (see tests/batch/main.c):
 * one-shot symmetric operations in batches, each element checked against
 * the same operation alone (NCRIO_SESSION_ONCE) and against OpenSSL:
 *   - per algorithm: a batch of random operations of that algorithm,
 *     both directions, every key length, truncated tags and MACs, VERIFY
 *     right and wrong, tampered AEAD messages, refused lengths, ERANGE;
 *   - batches of 1 to 256 elements mixing every algorithm and key;
 *   - one batch whose inputs go from 0 bytes to well past NCR_COPY_BOUND
 *     (the bounded copy and the zero-copy path side by side);
 *   - the same key in every element of a 256-element batch, switching
 *     algorithm, direction, IV and MAC length in runs and alone (what the
 *     kernel's cache of the last one-shot session must get right).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"

/* A random algorithm of the oracle table the kernel offers. */
static uint32_t rand_alg(void)
{
	for (;;) {
		const struct talg *a = &talgs[rng_below(&rng,
						       (uint32_t)n_talgs)];

		if (alg_available(a->alg))
			return a->alg;
	}
}

static void free_jobs(struct job *js, size_t n)
{
	for (size_t i = 0; i < n; i++)
		job_free(&js[i]);
}

void t_per_alg(void)
{
	enum { N = 48 };
	struct job js[N];
	char first[400];

	for (size_t ai = 0; ai < n_talgs; ai++) {
		const struct talg *a = &talgs[ai];
		size_t made = 0;
		int bad;

		if (!alg_available(a->alg)) {
			tap_skip("not in this kernel", "per algorithm: %s",
				 a->name);
			continue;
		}
		for (; made < N; made++)
			if (job_sym(&js[made], a->alg,
				    skey_of(a->alg, (unsigned int)made),
				    rand_len())) {
				tap_diag("%s: OpenSSL reference failed",
					 a->name);
				made++;
				break;
			}
		if (made < N) {
			tap_ok(0, "per algorithm: %s: references", a->name);
			free_jobs(js, made);
			continue;
		}
		bad = jobs_run_check(js, N, 0, first, sizeof(first));
		tap_ok(!bad, "per algorithm: %s: %d random operations in one "
		       "batch: the same as alone and as OpenSSL%s%s", a->name,
		       N, bad ? ": " : "", bad ? first : "");
		free_jobs(js, N);
	}
}

/* n random jobs of random algorithms; inputs up to max_len */
static int mixed(struct job *js, size_t n, size_t max_len)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t alg = rand_alg();
		size_t len = rand_len();

		if (len > max_len)
			len = rng_below(&rng, (uint32_t)max_len + 1);
		if (job_sym(&js[i], alg, skey_of(alg, rng_below(&rng, 3)),
			    len)) {
			free_jobs(js, i + 1);
			return -1;
		}
	}
	return 0;
}

void t_mixed_sizes(void)
{
	static const uint32_t fixed[] = { 1, 2, 3, 5, 8, 13, 31, 32, 64, 100,
					  127, 128, 200, 255, 256 };
	uint32_t sizes[ARRAY_SIZE(fixed) + 12];
	struct job *js = calloc(NCR_BATCH_MAX_OPS, sizeof(*js));
	char first[400];

	if (!js) {
		tap_ok(0, "mixed batches: calloc");
		return;
	}
	memcpy(sizes, fixed, sizeof(fixed));
	for (size_t k = ARRAY_SIZE(fixed); k < ARRAY_SIZE(sizes); k++)
		sizes[k] = 1 + rng_below(&rng, NCR_BATCH_MAX_OPS);
	for (size_t k = 0; k < ARRAY_SIZE(sizes); k++) {
		size_t n = sizes[k];
		int bad;

		/* the big batches with smaller inputs, to bound the time */
		if (mixed(js, n, n > 64 ? 8192 : 70000)) {
			tap_ok(0, "mixed batch of %zu: references", n);
			continue;
		}
		bad = jobs_run_check(js, n, 0, first, sizeof(first));
		tap_ok(!bad, "a batch of %zu elements of random algorithms, "
		       "keys and lengths: each the same as alone and as "
		       "OpenSSL%s%s", n, bad ? ": " : "", bad ? first : "");
		free_jobs(js, n);
	}
	/* and with STOP_ON_ERROR, nothing failing on purpose: runs one at
	 * a time in the kernel, same results where no element failed */
	if (!mixed(js, 64, 8192)) {
		struct ncr_batch b;
		int r, bad = 0;
		char why[300];
		size_t i;

		r = jobs_batch(js, 64, NCR_BATCH_FLAG_STOP_ON_ERROR, &b);
		jobs_single(js, 64);
		for (i = 0; i < b.done && !r; i++)
			if (!job_check(&js[i], why, sizeof(why)) && !bad++)
				tap_diag("STOP_ON_ERROR element %zu: %s", i,
					 why);
		for (i = 0; i < 64 && js[i].r[S].err == 0; i++)
			;
		/* it stops after the first element that fails alone */
		tap_ok(!r && !bad && b.done == (i < 64 ? i + 1 : 64) &&
		       b.failed == (i < 64),
		       "STOP_ON_ERROR, 64 random elements: done %u (the first "
		       "failing one alone is #%zu), the same results", b.done,
		       i);
		free_jobs(js, 64);
	}
	free(js);
}

void t_lengths(void)
{
	static const size_t lens[] = {
		0, 1, 15, 16, 17, 63, 64, 4095, 4096, 4097, 16383,
		NCR_COPY_BOUND, NCR_COPY_BOUND + 1, NCR_COPY_BOUND + 16,
		32768, 65536 + 16, 100000, 150000,
	};
	static const uint32_t algs[] = {
		NCR_ALG_AES_CBC, NCR_ALG_AES_CTR, NCR_ALG_AES_GCM,
		NCR_ALG_SHA256, NCR_ALG_HMAC_SHA256, NCR_ALG_CMAC_AES,
		NCR_ALG_CHACHA20_POLY1305, NCR_ALG_AES_XTS,
	};
	enum { N = ARRAY_SIZE(lens) * ARRAY_SIZE(algs) };
	struct job *js = calloc(N, sizeof(*js));
	char first[400];
	size_t n = 0;
	int bad;

	if (!js)
		return;
	for (size_t l = 0; l < ARRAY_SIZE(lens); l++)
		for (size_t a = 0; a < ARRAY_SIZE(algs); a++) {
			if (!alg_available(algs[a]))
				continue;
			if (job_sym(&js[n], algs[a],
				    skey_of(algs[a], (unsigned int)l),
				    lens[l])) {
				tap_diag("%s %zu: no reference",
					 talg_name(algs[a]), lens[l]);
				continue;
			}
			n++;
		}
	bad = jobs_run_check(js, n, 0, first, sizeof(first));
	tap_ok(!bad, "one batch of %zu elements, inputs of 0 to 150000 bytes "
	       "(around and past NCR_COPY_BOUND, the zero-copy path), 8 "
	       "algorithms: the same as alone and as OpenSSL%s%s", n,
	       bad ? ": " : "", bad ? first : "");
	free_jobs(js, n);
	free(js);
}

/*
 * One AES key with ECB, CBC, CTR, GCM and CMAC in its set and one HMAC key
 * with every HMAC, in all 256 elements of a batch: runs of the same
 * algorithm and direction (new IVs, new MAC lengths) and lone switches,
 * with digests (no key) in between.
 */
void t_same_key(void)
{
	static const uint32_t aes_algs[] = {
		NCR_ALG_AES_ECB, NCR_ALG_AES_CBC, NCR_ALG_AES_CTR,
		NCR_ALG_AES_GCM, NCR_ALG_CMAC_AES,
	};
	static const uint32_t hmacs[] = {
		NCR_ALG_HMAC_SHA1, NCR_ALG_HMAC_SHA256, NCR_ALG_HMAC_SHA512,
		NCR_ALG_HMAC_SHA3_256,
	};
	struct bkey aes = { 0 }, hmac = { 0 };
	struct job *js = calloc(NCR_BATCH_MAX_OPS, sizeof(*js));
	char first[400];
	size_t n = 0;
	int r, bad, round;

	if (!js)
		return;
	aes.len = 32;
	rng_fill(&rng, aes.bytes, aes.len);
	hmac.len = 40;
	rng_fill(&rng, hmac.bytes, hmac.len);
	r = key_import(fd, NCR_KEY_TYPE_AES, 0, 0, aes.bytes, aes.len, 0,
		       NCR_KEY_USAGE_ALL, NCR_KEY_ALG_AES_ECB |
		       NCR_KEY_ALG_AES_CBC | NCR_KEY_ALG_AES_CTR |
		       NCR_KEY_ALG_AES_GCM | NCR_KEY_ALG_CMAC_AES, NULL, 0,
		       &aes.handle);
	r = r ?: key_import(fd, NCR_KEY_TYPE_HMAC, 0, 0, hmac.bytes, hmac.len,
			    0, NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY,
			    NCR_KEY_ALG_HMAC_ALL, NULL, 0, &hmac.handle);
	if (!tap_err(r, 0, "same key: an AES key of five algorithms and an "
		     "HMAC key of all HMACs")) {
		free(js);
		return;
	}
	for (round = 0; n < NCR_BATCH_MAX_OPS; round++) {
		uint32_t run = rng_below(&rng, 4) ? 1 + rng_below(&rng, 12) : 1;
		uint32_t pick = rng_below(&rng, 10), alg;
		const struct bkey *k;
		uint32_t op = 0;

		if (pick < 6) {
			alg = aes_algs[rng_below(&rng, ARRAY_SIZE(aes_algs))];
			k = &aes;
		} else if (pick < 9) {
			alg = hmacs[rng_below(&rng, ARRAY_SIZE(hmacs))];
			k = &hmac;
		} else {
			alg = rng_below(&rng, 2) ? NCR_ALG_SHA256 :
			      NCR_ALG_SHA3_256;
			k = NULL;
		}
		for (uint32_t i = 0; i < run && n < NCR_BATCH_MAX_OPS; i++) {
			/* mostly small: what a cache is for */
			size_t len = rng_below(&rng, 8) ? rng_below(&rng, 200) :
				     rand_len();

			if (job_sym(&js[n], alg, k, len)) {
				tap_diag("same key: no reference for %s",
					 talg_name(alg));
				job_free(&js[n]);
				continue;
			}
			/* keep the run's direction now and then: only the
			 * IV, the data and the MAC length change */
			if (i && rng_below(&rng, 2) && js[n].op != op &&
			    js[n].a->kind != TK_AEAD) {
				job_free(&js[n]);
				continue;
			}
			op = js[n].op;
			n++;
		}
	}
	bad = jobs_run_check(js, n, 0, first, sizeof(first));
	tap_ok(!bad, "same key: %zu elements on one AES key, one HMAC key and "
	       "digests, in %d runs of one algorithm: the same as alone and "
	       "as OpenSSL%s%s", n, round, bad ? ": " : "", bad ? first : "");
	free_jobs(js, n);
	free(js);
	key_del(fd, aes.handle);
	key_del(fd, hmac.handle);
}
