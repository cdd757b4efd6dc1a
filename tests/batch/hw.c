// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/batch/hw.c - part of build/tests/batch (see tests/batch/main.c):
 * one-shot AES-CBC and AES-CTR with NCR_SESSION_FLAG_HARDWARE in batches,
 * where an asynchronous driver (virtio-crypto: tools/ncr-vm
 * --crypto-accel) serves them: the kernel starts all of a batch's
 * requests before it waits for any.  64 elements of 16 KiB, both
 * directions, all key lengths; 256 elements of 4 KiB (more than
 * max_inflight_per_ns, 128 by default, at once); the same with
 * STOP_ON_ERROR (one at a time); hardware elements mixed with software
 * ones and failing ones.  Each result is the lone call's (with the flag),
 * OpenSSL's, and the software batch's.  Without a hardware driver the
 * elements must fail as the lone calls do (EOPNOTSUPP).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"

static int hw_available(uint32_t alg)
{
	struct ncr_alg_info infos[128];
	struct ncr_info info = {
		.size = sizeof(info), .alg_info_size = sizeof(infos[0]),
		.algs = PTR64(infos), .alg_count = ARRAY_SIZE(infos),
	};

	if (xioctl(fd, NCRIO_INFO, &info))
		return 0;
	for (uint32_t i = 0; i < info.alg_count && i < ARRAY_SIZE(infos); i++)
		if (infos[i].algorithm == alg)
			return !!(infos[i].flags &
				  NCR_ALG_INFO_FLAG_HW_AVAILABLE);
	return 0;
}

/* n jobs of alg, len bytes each, with the hardware flag (hw) or not; a
 * few software or failing ones mixed in when mix */
static int make(struct job *js, size_t n, uint32_t alg, size_t len, int hw,
		int mix)
{
	for (size_t i = 0; i < n; i++) {
		if (job_sym(&js[i], alg, skey_of(alg, (unsigned int)i), len))
			return -1;
		js[i].flags = hw ? NCR_SESSION_FLAG_HARDWARE : 0;
		if (mix && !rng_below(&rng, 8))
			js[i].flags = 0;
		if (mix && !rng_below(&rng, 16)) {
			static const struct bkey nokey = { .handle = 0x7ffffff };

			js[i].k = &nokey;
			js[i].want_err = js[i].want_err ? NO_REF : -ENOENT;
		}
	}
	return 0;
}

static void free_all(struct job *js, size_t n)
{
	for (size_t i = 0; i < n; i++)
		job_free(&js[i]);
}

/* The software batch of the same jobs: outputs and sizes the same. */
static int same_as_software(struct job *js, size_t n, char *why,
			    size_t why_len)
{
	uint8_t **hw = calloc(n, sizeof(*hw));
	struct res *hres = calloc(n, sizeof(*hres));
	uint32_t *flags = calloc(n, sizeof(*flags));
	struct ncr_batch b;
	int bad = 0, r;

	if (!hw || !hres || !flags) {
		bad = 1;
		goto out;
	}
	for (size_t i = 0; i < n && !bad; i++) {
		hw[i] = malloc(js[i].out_cap + 1);
		if (!hw[i]) {
			bad = 1;
			break;
		}
		memcpy(hw[i], js[i].out[B], js[i].out_cap);
		hres[i] = js[i].r[B];
		flags[i] = js[i].flags;
		js[i].flags = 0;
	}
	r = bad ? -ENOMEM : jobs_batch(js, n, 0, &b);
	for (size_t i = 0; i < n && !bad; i++) {
		if (r || js[i].r[B].err != hres[i].err ||
		    (!hres[i].err && (js[i].r[B].out_size != hres[i].out_size ||
				      memcmp(hw[i], js[i].out[B],
					     hres[i].out_size)))) {
			snprintf(why, why_len, "element %zu: hardware %s, "
				 "software %s%s", i, errname(hres[i].err),
				 errname(r ?: js[i].r[B].err),
				 hres[i].err ? "" : " or other bytes");
			bad = 1;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (flags)
			js[i].flags = flags[i];
out:
	for (size_t i = 0; hw && i < n; i++)
		free(hw[i]);
	free(hw);
	free(hres);
	free(flags);
	return bad;
}

static void hw_alg(uint32_t alg, struct job *js)
{
	static const struct {
		size_t n, len;
		uint32_t flags;
		int mix;
		const char *what;
	} runs[] = {
		{ 64, 16384, 0, 0, "64 x 16 KiB" },
		{ 256, 4096, 0, 0, "256 x 4 KiB (more than max_inflight_per_ns)" },
		{ 64, 16384, NCR_BATCH_FLAG_STOP_ON_ERROR, 0,
		  "64 x 16 KiB with STOP_ON_ERROR (one at a time)" },
		{ 128, 2048, 0, 1, "128 x 2 KiB, some software, some failing" },
	};
	const char *name = talg_name(alg);
	char why[400];

	for (size_t k = 0; k < ARRAY_SIZE(runs); k++) {
		struct ncr_batch b;
		double t0, t1, t2;
		size_t want;
		int bad;

		if (make(js, runs[k].n, alg, runs[k].len, 1, runs[k].mix)) {
			tap_ok(0, "hardware %s: references", name);
			free_all(js, runs[k].n);
			continue;
		}
		t0 = now_s();
		bad = jobs_batch(js, runs[k].n, runs[k].flags, &b);
		t1 = now_s();
		jobs_single(js, runs[k].n);
		t2 = now_s();
		/* with STOP_ON_ERROR: up to the first element that fails
		 * alone (job_sym makes some fail on purpose) */
		want = runs[k].n;
		for (size_t i = 0; runs[k].flags && i < runs[k].n; i++)
			if (js[i].r[S].err) {
				want = i + 1;
				break;
			}
		if (bad || b.done != want) {
			snprintf(why, sizeof(why), "NCRIO_BATCH: %s, done %u, "
				 "want %zu", errname(bad), b.done, want);
			bad = 1;
		}
		for (size_t i = 0; i < want && !bad; i++) {
			char w[300];

			if (!job_check(&js[i], w, sizeof(w))) {
				snprintf(why, sizeof(why), "element %zu: %s",
					 i, w);
				bad = 1;
			}
		}
		if (!bad && !runs[k].flags)
			bad = same_as_software(js, runs[k].n, why, sizeof(why));
		tap_ok(!bad, "hardware %s: %s in one batch: as alone, as "
		       "OpenSSL%s%s%s", name, runs[k].what,
		       runs[k].flags ? "" : ", as the software batch",
		       bad ? ": " : "", bad ? why : "");
		tap_diag("hardware %s %s: batch %.3f s, one at a time %.3f s",
			 name, runs[k].what, t1 - t0, t2 - t1);
		free_all(js, runs[k].n);
	}
}

void t_hw(int require)
{
	static const uint32_t algs[] = { NCR_ALG_AES_CBC, NCR_ALG_AES_CTR };
	struct job *js = calloc(NCR_BATCH_MAX_OPS, sizeof(*js));
	int any = 0;

	if (!js)
		return;
	for (size_t a = 0; a < ARRAY_SIZE(algs); a++) {
		char why[400];
		int bad;

		if (hw_available(algs[a])) {
			any = 1;
			hw_alg(algs[a], js);
			continue;
		}
		/* no driver: each element fails as the lone call does */
		if (make(js, 8, algs[a], 4096, 1, 0)) {
			free_all(js, 8);
			continue;
		}
		for (int i = 0; i < 8; i++)
			js[i].want_err = js[i].want_err ? NO_REF :
					  -EOPNOTSUPP;
		bad = jobs_run_check(js, 8, 0, why, sizeof(why));
		tap_ok(!bad, "no hardware driver for %s: 8 elements with "
		       "NCR_SESSION_FLAG_HARDWARE fail as alone, EOPNOTSUPP%s%s",
		       talg_name(algs[a]), bad ? ": " : "", bad ? why : "");
		free_all(js, 8);
	}
	if (!any && require)
		tap_ok(0, "a hardware driver for AES-CBC or AES-CTR (--require-hw)");
	free(js);
}
