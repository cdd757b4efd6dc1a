// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sym.c - the symmetric matrix: the shared keys, IVs and buffers, the
 * OpenSSL reference, and one (algorithm, size) cell over every selected
 * interface (setup, check against the reference, interleaved timed
 * rounds).  The interfaces themselves are in sym_ncr.c, sym_afalg.c,
 * sym_openssl.c, sym_bsd.c, sym_batch.c and sym_uring.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "bench.h"

const char *const iface_names[IF_COUNT] = {
	"ncr-once", "ncr-session", "af_alg", "openssl", "cioccrypt",
	"ncr-batch", "ncr-uring",
};
const char *const alg_names[A_COUNT] = {
	"aes-128-cbc", "aes-256-gcm", "sha256", "hmac-sha256",
};

/* ------------------------------------------------------------------ */
/* shared state: one key set, one input, fixed IVs                     */

uint8_t key_aes128[16], key_aes256[32], key_hmac[32];
const uint8_t iv_cbc[16] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
};
const uint8_t iv_gcm[GCM_IV_LEN] = {
	0xca, 0xfe, 0xba, 0xbe, 0xfa, 0xce, 0xdb, 0xad,
	0xde, 0xca, 0xf8, 0x88,
};

uint32_t nk_aes128, nk_aes256, nk_hmac;	/* ncr key handles */

uint8_t *inbuf;		/* input, the largest size */
uint8_t *outbufs[IF_COUNT];	/* each interface's result */
uint8_t *refbuf;		/* reference result (OpenSSL, fresh) */

/* The AES-128 key serves CBC, which is not in an AES key's default
 * algorithm set (AES-GCM only): it is named. */
const struct sym_alg sym_algs[A_COUNT] = {
	[A_CBC] = { NCR_ALG_AES_CBC, NCR_OP_ENCRYPT,
		    NCR_KEY_TYPE_AES,
		    NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
		    NCR_KEY_ALG_AES_CBC, key_aes128, sizeof(key_aes128),
		    &nk_aes128, iv_cbc, sizeof(iv_cbc) },
	[A_GCM] = { NCR_ALG_AES_GCM, NCR_OP_ENCRYPT,
		    NCR_KEY_TYPE_AES,
		    NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
		    NCR_KEY_ALG_AES_GCM, key_aes256, sizeof(key_aes256),
		    &nk_aes256, iv_gcm, sizeof(iv_gcm) },
	[A_SHA] = { NCR_ALG_SHA256, NCR_OP_SIGN, 0, 0, 0, NULL, 0, NULL,
		    NULL, 0 },
	[A_HMAC] = { NCR_ALG_HMAC_SHA256, NCR_OP_SIGN,
		     NCR_KEY_TYPE_HMAC,
		     NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY,
		     0, key_hmac, sizeof(key_hmac), &nk_hmac, NULL, 0 },
};

/* ------------------------------------------------------------------ */
/* the reference: OpenSSL with fresh contexts, nothing reused          */

static int reference(enum alg a, const uint8_t *in, size_t len, uint8_t *out)
{
	EVP_CIPHER_CTX *c = NULL;
	int ok = 0, l1 = 0, l2 = 0;
	unsigned int dl = 0;
	size_t ml = 0;

	switch (a) {
	case A_CBC:
	case A_GCM:
		c = EVP_CIPHER_CTX_new();
		if (!c)
			break;
		if (a == A_CBC)
			ok = EVP_EncryptInit_ex(c, EVP_aes_128_cbc(), NULL,
						key_aes128, iv_cbc) &&
			     EVP_CIPHER_CTX_set_padding(c, 0);
		else
			ok = EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL,
						NULL, NULL) &&
			     EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_IVLEN,
						 GCM_IV_LEN, NULL) &&
			     EVP_EncryptInit_ex(c, NULL, NULL, key_aes256,
						iv_gcm);
		ok = ok && EVP_EncryptUpdate(c, out, &l1, in, (int)len) &&
		     EVP_EncryptFinal_ex(c, out + l1, &l2) &&
		     (size_t)(l1 + l2) == len;
		if (ok && a == A_GCM)
			ok = EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG,
						 GCM_TAG_LEN, out + len);
		EVP_CIPHER_CTX_free(c);
		break;
	case A_SHA:
		ok = EVP_Digest(in, len, out, &dl, EVP_sha256(), NULL) &&
		     dl == DIGEST_LEN;
		break;
	case A_HMAC:
		ok = EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, key_hmac,
			       sizeof(key_hmac), in, len, out, DIGEST_LEN,
			       &ml) != NULL && ml == DIGEST_LEN;
		break;
	default:
		break;
	}
	if (!ok)
		ossl_fail("reference computation");
	return ok ? 0 : -1;
}

static const struct iface_ops *const iface_ops[IF_COUNT] = {
	[IF_ONCE] = &iface_once,
	[IF_SESSION] = &iface_session,
	[IF_AFALG] = &iface_afalg,
	[IF_OPENSSL] = &iface_openssl,
	[IF_BSD] = &iface_bsd,
	[IF_BATCH] = &iface_batch,
	[IF_URING] = &iface_uring,
};

unsigned int batch_depth = DEFAULT_DEPTH;

/* ------------------------------------------------------------------ */
/* timing                                                              */

/* n operations of the job's interface, for timed_round (report.c). */
static int cell_batch(void *job, uint64_t n)
{
	struct job *j = job;
	const struct iface_ops *io = iface_ops[j->ifc];
	uint64_t i;
	int err;

	for (i = 0; i < n; i++) {
		err = io->op(j);
		if (err)
			return err;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* one cell: setup, verify, warm up, time                               */

static void report_mismatch(const struct job *j, size_t rl, const char *when)
{
	size_t k;

	for (k = 0; k < rl && j->out[k] == refbuf[k]; k++)
		;
	note("MISMATCH %s: output differs from OpenSSL %s (%zu-byte result, "
	     "first difference at byte %zu)", j->where, when, rl, k);
	set_status(1);
}

/*
 * Prepares and verifies a job for (alg, len); its ifc, depth, sflags and
 * tshare are set.  Returns true if it can be timed; on false, the job
 * holds nothing.
 */
static bool cell_prepare(struct job *j, enum alg a, size_t len)
{
	const struct job keep = *j;
	const struct iface_ops *io = iface_ops[keep.ifc];
	size_t rl = result_len(a, len);
	int err;

	memset(j, 0, sizeof(*j));
	j->ifc = keep.ifc;
	j->depth = keep.depth ? keep.depth : batch_depth;
	j->sflags = keep.sflags;
	j->tshare = keep.tshare > 0 ? keep.tshare : 1;
	j->alg = a;
	j->len = len;
	j->tfmfd = j->opfd = -1;
	j->out = outbufs[j->ifc];
	if (j->ifc == IF_BATCH || j->ifc == IF_URING)
		snprintf(j->name, sizeof(j->name), "%s(%u)%s %s %zu",
			 iface_names[j->ifc], j->depth,
			 j->sflags & NCR_SESSION_FLAG_HARDWARE ? "-hw" : "",
			 alg_names[a], len);
	else
		snprintf(j->name, sizeof(j->name), "%s %s %zu",
			 iface_names[j->ifc], alg_names[a], len);
	j->where = j->name;

	err = io->setup(j);
	if (err) {
		note("error: %s: setup: %s", j->where, strerror(-err));
		set_status(2);
		io->teardown(j);
		return false;
	}
	/* Correctness once, before timing. */
	memset(j->out, 0xa5, rl);
	err = io->verify ? io->verify(j) : io->op(j);
	if (err) {
		note("error: %s: %s", j->where, strerror(-err));
		set_status(2);
	} else if (memcmp(j->out, refbuf, rl)) {
		report_mismatch(j, rl, "before timing");
		err = -EBADMSG;
	}
	if (err) {
		io->teardown(j);
		return false;
	}
	return true;
}

/* One round of job i: ops/s, or < 0 with the job torn down. */
static double cell_round(void *jobs, int i, double secs)
{
	struct job *j = (struct job *)jobs + i;
	double v = timed_round(cell_batch, j, j->where, secs * j->tshare);

	if (v < 0)
		iface_ops[j->ifc]->teardown(j);
	return v * (j->per_call ? j->per_call : 1);
}

/* After the last round: the output check again, then teardown.  Returns
 * false on a mismatch. */
static bool cell_finish(struct job *j)
{
	const struct iface_ops *io = iface_ops[j->ifc];
	size_t rl = result_len(j->alg, j->len);
	/* ncr-session GCM is a whole message per op too */
	bool stateless = io->stateless ||
			 (j->ifc == IF_SESSION && j->alg == A_GCM);
	bool ok = true;
	int err;

	if (io->settle) {
		err = io->settle(j);
		if (err) {
			note("error: %s: after timing: %s", j->where,
			     strerror(-err));
			set_status(2);
			io->teardown(j);
			return false;
		}
	}
	/* A stateless op must still give the reference result after being
	 * repeated: catches a context that is not really reset per op. */
	if (stateless && memcmp(j->out, refbuf, rl)) {
		report_mismatch(j, rl, "after timing");
		ok = false;
	}
	io->teardown(j);
	return ok;
}

/*
 * n jobs for one (alg, len), their ifc, depth, sflags and tshare set: all
 * prepared and checked, then their rounds interleaved (run_rounds); each
 * one's best round counts.  best[i] and worst[i] (ops/s; -1: no result).
 */
void run_jobs(struct job *jobs, int n, enum alg a, size_t len, double secs,
	      int rounds, double *best, double *worst)
{
	bool live[MAX_JOBS];
	int i;

	for (i = 0; i < n; i++) {
		best[i] = worst[i] = -1;
		live[i] = false;
	}
	if (n > MAX_JOBS || reference(a, inbuf, len, refbuf)) {
		set_status(2);
		return;
	}
	for (i = 0; i < n; i++)
		live[i] = cell_prepare(&jobs[i], a, len);
	run_rounds(n, live, rounds, secs, cell_round, jobs, best, worst);
	for (i = 0; i < n; i++) {
		if (live[i] && !cell_finish(&jobs[i]))
			best[i] = -1;
		if (best[i] > 0)
			tally_cell(best[i], worst[i]);
	}
}

/*
 * All selected interfaces for one (alg, len) (run_jobs): ncr-batch and
 * ncr-uring at --batch, with half the time of the others (their cells are
 * many operations per call: a round needs fewer calls to settle).
 */
void run_cells(unsigned int ifmask, enum alg a, size_t len,
	       double secs, int rounds, double best[IF_COUNT],
	       double worst[IF_COUNT])
{
	struct job jobs[IF_COUNT];
	double b[IF_COUNT], w[IF_COUNT];
	int i, n = 0;

	for (i = 0; i < IF_COUNT; i++) {
		best[i] = worst[i] = -1;
		if (!(ifmask & (1U << i)))
			continue;
		memset(&jobs[n], 0, sizeof(jobs[n]));
		jobs[n].ifc = i;
		if (i == IF_BATCH || i == IF_URING)
			jobs[n].tshare = 0.5;
		n++;
	}
	run_jobs(jobs, n, a, len, secs, rounds, b, w);
	for (i = 0; i < n; i++) {
		best[jobs[i].ifc] = b[i];
		worst[jobs[i].ifc] = w[i];
	}
}

/* ------------------------------------------------------------------ */
/* many results per call                                               */

/* depth result buffers for a job, mstride apart (free()d by teardown). */
uint8_t *mout_alloc(struct job *j)
{
	size_t rl = result_len(j->alg, j->len);

	j->mstride = (rl + 63) & ~(size_t)63;
	j->mout = aligned_alloc(64, j->mstride * j->depth);
	if (j->mout)
		memset(j->mout, 0x5a, j->mstride * j->depth);
	return j->mout;
}

/*
 * Puts into j->out the first of the job's depth results that differs
 * from the reference, else the first: the check of j->out then covers
 * every operation of the call (or in flight).
 */
void pick_result(struct job *j)
{
	size_t rl = result_len(j->alg, j->len);
	unsigned int k, pick = 0;

	for (k = 0; k < j->depth; k++)
		if (memcmp(j->mout + k * j->mstride, refbuf, rl)) {
			pick = k;
			break;
		}
	memcpy(j->out, j->mout + pick * j->mstride, rl);
}

/* ------------------------------------------------------------------ */
/* keys                                                                 */

int ncr_keys(void)
{
	size_t l;
	int a, err;

	/* Generated in the kernel, exportable so that AF_ALG and OpenSSL
	 * get the very same material. */
	for (a = 0; a < A_COUNT; a++) {
		const struct sym_alg *k = &sym_algs[a];
		struct ncr_key_policy pol = {
			.flags = NCR_KEY_FLAG_EXPORTABLE,
			.usage = k->key_usage,
			.algs = k->key_algs,
		};

		if (!k->key)
			continue;
		err = ncr_key_generate_ex(ncr_fd, k->key_type,
					  (uint32_t)k->key_len * 8, &pol,
					  k->nk);
		if (err) {
			note("error: ncr_key_generate: %s", ncr_strerror(err));
			return err;
		}
		l = k->key_len;
		err = ncr_key_export(ncr_fd, *k->nk, k->key, &l);
		if (err || l != k->key_len) {
			note("error: ncr_key_export: %s",
			     err ? ncr_strerror(err) : "wrong length");
			return err ? err : -EIO;
		}
	}
	return 0;
}

void ncr_drivers(void)
{
	struct ncr_alg_info ai[64];
	uint32_t n = 64, i;
	int a;

	if (ncr_get_info(ncr_fd, NULL, ai, &n))
		return;
	if (n > 64)
		n = 64;
	for (a = 0; a < A_COUNT; a++)
		for (i = 0; i < n; i++)
			if (ai[i].algorithm == sym_algs[a].ncr_alg)
				note("ncr driver: %s -> %.64s (%.64s)",
				     alg_names[a], ai[i].name, ai[i].driver);
}

