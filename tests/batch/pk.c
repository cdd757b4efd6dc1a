// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/batch/pk.c - part of build/tests/batch (see tests/batch/main.c):
 * public-key signatures inside batches.  Keys made by OpenSSL (ECDSA
 * P-256, Ed25519, RSA-2048 for PSS) are imported as PKCS#8; batches mix
 * SIGN and VERIFY of the three with symmetric operations.  Each element
 * agrees with the same operation alone and with OpenSSL:
 *   - Ed25519 and RSA-PSS with an empty salt are deterministic: the
 *     batch's signature, the lone call's and OpenSSL's are the same bytes;
 *   - ECDSA (hedged nonces) and RSA-PSS with a salt differ from call to
 *     call: both must verify under OpenSSL, and under ncr in a later batch;
 *   - VERIFY of OpenSSL's signatures, intact (NCR_VERIFY_OK) and altered
 *     or of another message (NCR_VERIFY_FAILED), the same verdict both
 *     ways.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "batch.h"

static struct bkey k_ec, k_ed, k_rsa;

static const char *md_name(uint32_t hash)
{
	switch (hash) {
	case NCR_ALG_SHA1: return "SHA1";
	case NCR_ALG_SHA224: return "SHA224";
	case NCR_ALG_SHA256: return "SHA256";
	case NCR_ALG_SHA384: return "SHA384";
	case NCR_ALG_SHA512: return "SHA512";
	}
	return NULL;
}

static int pk_key(struct bkey *k, uint32_t alg, uint32_t type,
		  EVP_PKEY *pkey)
{
	PKCS8_PRIV_KEY_INFO *p8 = pkey ? EVP_PKEY2PKCS8(pkey) : NULL;
	unsigned char *der = NULL;
	int len = p8 ? i2d_PKCS8_PRIV_KEY_INFO(p8, &der) : -1, r;

	PKCS8_PRIV_KEY_INFO_free(p8);
	memset(k, 0, sizeof(*k));
	k->alg = alg;
	k->pkey = (struct evp_pkey_st *)pkey;
	if (len <= 0)
		return -EINVAL;
	r = key_import(fd, type, NCR_KEY_FORMAT_PKCS8, 0, der, (size_t)len, 0,
		       NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY,
		       talg_keybit(alg), NULL, 0, &k->handle);
	OPENSSL_free(der);
	return r;
}

int pk_setup(void)
{
	double t = now_s();
	int r;

	r = pk_key(&k_ec, NCR_ALG_ECDSA, NCR_KEY_TYPE_EC,
		   EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256"));
	r = r ?: pk_key(&k_ed, NCR_ALG_ED25519, NCR_KEY_TYPE_ED25519,
			EVP_PKEY_Q_keygen(NULL, NULL, "ED25519"));
	r = r ?: pk_key(&k_rsa, NCR_ALG_RSA_PSS, NCR_KEY_TYPE_RSA,
			EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048));
	tap_diag("public keys made by OpenSSL in %.1f s", now_s() - t);
	return r;
}

void pk_free(void)
{
	struct bkey *ks[] = { &k_ec, &k_ed, &k_rsa };

	for (size_t i = 0; i < ARRAY_SIZE(ks); i++) {
		if (ks[i]->handle)
			key_del(fd, ks[i]->handle);
		EVP_PKEY_free((EVP_PKEY *)ks[i]->pkey);
		memset(ks[i], 0, sizeof(*ks[i]));
	}
}

/* OpenSSL's context for j's algorithm, hash and salt on pc */
static int o_params(const struct job *j, EVP_PKEY_CTX *pc)
{
	if (j->alg != NCR_ALG_RSA_PSS)
		return 1;
	return EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PSS_PADDING) > 0 &&
	       EVP_PKEY_CTX_set_rsa_pss_saltlen(pc, j->salt ==
			NCR_PSS_SALT_AUTO ? RSA_PSS_SALTLEN_AUTO :
			(int)j->salt) > 0;
}

static int o_sign(const struct job *j, uint8_t *sig, size_t *len)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pc = NULL;
	int ok;

	ok = c && EVP_DigestSignInit_ex(c, &pc, md_name(j->hash), NULL, NULL,
					(EVP_PKEY *)j->k->pkey, NULL) == 1 &&
	     o_params(j, pc) &&
	     EVP_DigestSign(c, sig, len, j->in, j->len) == 1;
	EVP_MD_CTX_free(c);
	return ok ? 0 : -1;
}

/* 1: verifies, 0: does not, -1: OpenSSL failed otherwise */
static int o_verify(const struct job *j, const uint8_t *sig, size_t len)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pc = NULL;
	int r = -1;

	if (c && EVP_DigestVerifyInit_ex(c, &pc, md_name(j->hash), NULL, NULL,
					 (EVP_PKEY *)j->k->pkey, NULL) == 1 &&
	    o_params(j, pc))
		r = EVP_DigestVerify(c, sig, len, j->in, j->len) == 1;
	EVP_MD_CTX_free(c);
	return r;
}

#define WHY(...) (snprintf(why, why_len, __VA_ARGS__), 0)

static int pk_ref_check(const struct job *j, int w, char *why,
			size_t why_len)
{
	const struct res *r = &j->r[w];
	const char *run = w == B ? "batch" : "single";

	if (j->op == NCR_OP_VERIFY)
		return r->result == j->ref_result ? 1 :
			WHY("%s: result %u, OpenSSL's verdict %u", run,
			    r->result, j->ref_result);
	if (j->randomized)
		return o_verify(j, j->tag[w], r->tag_size) == 1 ? 1 :
			WHY("%s: the signature (%u bytes) does not verify "
			    "under OpenSSL", run, r->tag_size);
	if (r->tag_size != j->ref_tag_size ||
	    memcmp(j->tag[w], j->ref_tag, j->ref_tag_size))
		return WHY("%s: signature of %u bytes, not OpenSSL's %u", run,
			   r->tag_size, j->ref_tag_size);
	return 1;
}

/* A random SIGN or VERIFY of k's algorithm. */
static int job_pk(struct job *j, const struct bkey *k)
{
	static const uint32_t hashes[] = { NCR_ALG_SHA256, NCR_ALG_SHA384,
					   NCR_ALG_SHA512, NCR_ALG_SHA256 };
	size_t n = NCR_MAX_SIGNATURE;

	memset(j, 0, sizeof(*j));
	j->alg = k->alg;
	j->k = k;
	j->op = rng_below(&rng, 2) ? NCR_OP_SIGN : NCR_OP_VERIFY;
	j->len = rng_below(&rng, 4) ? rng_below(&rng, 300) :
		 rng_below(&rng, 20000);
	j->in = pool + rng_below(&rng, (uint32_t)(POOL_SIZE - j->len));
	j->ref_check = pk_ref_check;
	if (k->alg != NCR_ALG_ED25519)
		j->hash = hashes[rng_below(&rng, ARRAY_SIZE(hashes))];
	if (k->alg == NCR_ALG_RSA_PSS)
		j->salt = rng_below(&rng, 2) ? 0 : 32;
	j->randomized = k->alg == NCR_ALG_ECDSA || j->salt;
	j->out_cap = 0;
	j->out[B] = malloc(64);
	j->out[S] = malloc(64);
	j->ref_out = malloc(1);
	if (!j->out[B] || !j->out[S] || !j->ref_out)
		return -1;
	if (j->op == NCR_OP_SIGN) {
		j->tag_size = NCR_MAX_SIGNATURE;
		if (j->randomized)
			return 0;
		if (o_sign(j, j->ref_tag, &n))
			return -1;
		j->ref_tag_size = (uint32_t)n;
		return 0;
	}
	if (o_sign(j, j->tag_in, &n))
		return -1;
	j->tag_size = (uint32_t)n;
	j->ref_result = NCR_VERIFY_OK;
	if (k->alg == NCR_ALG_RSA_PSS && j->salt && rng_below(&rng, 2))
		j->salt = NCR_PSS_SALT_AUTO;	/* any salt length */
	switch (rng_below(&rng, 4)) {
	case 0:
		j->tag_in[rng_below(&rng, j->tag_size)] ^=
			1 << rng_below(&rng, 8);
		j->ref_result = NCR_VERIFY_FAILED;
		break;
	case 1:	/* the signature of another message */
		if (j->len) {
			j->len--;
			j->ref_result = NCR_VERIFY_FAILED;
		}
		break;
	}
	return 0;
}

/* Turns SIGN job s (run w) into a VERIFY job v of its signature. */
static int job_verify_of(struct job *v, const struct job *s, int w)
{
	memset(v, 0, sizeof(*v));
	v->alg = s->alg;
	v->k = s->k;
	v->op = NCR_OP_VERIFY;
	v->in = s->in;
	v->len = s->len;
	v->hash = s->hash;
	v->salt = s->salt;
	v->ref_check = pk_ref_check;
	v->ref_result = NCR_VERIFY_OK;
	memcpy(v->tag_in, s->tag[w], s->r[w].tag_size);
	v->tag_size = s->r[w].tag_size;
	v->out[B] = malloc(64);
	v->out[S] = malloc(64);
	v->ref_out = malloc(1);
	return v->out[B] && v->out[S] && v->ref_out ? 0 : -1;
}

void t_pk(void)
{
	enum { NPK = 24, NSYM = 24, N = NPK + NSYM };
	const struct bkey *ks[] = { &k_ec, &k_ed, &k_rsa };
	struct job js[N], vs[2 * NPK];
	size_t nv = 0, n = 0;
	char first[400];
	int bad, kinds[3] = { 0 };

	uint8_t kind[N];

	/* public-key and symmetric elements in random order */
	for (int i = 0; i < N; i++)
		kind[i] = i < NPK ? (uint8_t)(i % 3) : 3;
	for (int i = N - 1; i > 0; i--) {
		uint32_t k = rng_below(&rng, (uint32_t)i + 1);
		uint8_t t = kind[i];

		kind[i] = kind[k];
		kind[k] = t;
	}
	for (int i = 0; i < N; i++) {
		int r;

		if (kind[i] < 3) {
			kinds[kind[i]]++;
			r = job_pk(&js[n], ks[kind[i]]);
		} else {
			uint32_t alg;

			do {
				alg = talgs[rng_below(&rng,
					(uint32_t)n_talgs)].alg;
			} while (!alg_available(alg));
			r = job_sym(&js[n], alg, skey_of(alg, (unsigned)i),
				    rng_below(&rng, 2000));
		}
		if (r) {
			tap_ok(0, "public key: element %d: no reference", i);
			for (size_t k = 0; k <= n; k++)
				job_free(&js[k]);
			return;
		}
		n++;
	}
	bad = jobs_run_check(js, n, 0, first, sizeof(first));
	tap_ok(!bad, "public key: %d ECDSA P-256, Ed25519 and RSA-PSS SIGN and "
	       "VERIFY elements among %zu symmetric ones in one batch: as "
	       "alone and as OpenSSL (deterministic signatures the same "
	       "bytes, randomized ones verify under OpenSSL)%s%s",
	       kinds[0] + kinds[1] + kinds[2], n - (size_t)(kinds[0] +
	       kinds[1] + kinds[2]), bad ? ": " : "", bad ? first : "");
	/* every signature made, in the batch or alone, verified by ncr in
	 * a batch of its own */
	for (size_t i = 0; i < n && !bad; i++) {
		if (js[i].a || js[i].op != NCR_OP_SIGN || js[i].r[B].err ||
		    js[i].r[S].err)
			continue;
		for (int w = 0; w < 2; w++)
			if (!job_verify_of(&vs[nv], &js[i], w))
				nv++;
	}
	if (!bad) {
		bad = jobs_run_check(vs, nv, 0, first, sizeof(first));
		tap_ok(!bad, "public key: the %zu signatures made above (batch "
		       "and alone) verified in one batch: NCR_VERIFY_OK%s%s",
		       nv, bad ? ": " : "", bad ? first : "");
	}
	for (size_t i = 0; i < nv; i++)
		job_free(&vs[i]);
	for (size_t i = 0; i < n; i++)
		job_free(&js[i]);
}
