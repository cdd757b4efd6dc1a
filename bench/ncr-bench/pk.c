// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pk.c - public-key operations: ncr (libncr, one NCRIO_SESSION_ONCE or
 * KEY_DERIVE per op) beside OpenSSL EVP_PKEY in the same process, each
 * checked against the other side before it is timed.  The keys are made
 * in pk_keys.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "bench.h"

const struct pk_case pk_cases[] = {
	{ "rsa2048-pkcs1-sign", K_RSA2048, PK_SIGN, NCR_ALG_RSA_PKCS1, NCR_ALG_SHA256 },
	{ "rsa2048-pkcs1-verify", K_RSA2048, PK_VERIFY, NCR_ALG_RSA_PKCS1, NCR_ALG_SHA256 },
	{ "rsa2048-pss-sign", K_RSA2048, PK_SIGN, NCR_ALG_RSA_PSS, NCR_ALG_SHA256 },
	{ "rsa2048-pss-verify", K_RSA2048, PK_VERIFY, NCR_ALG_RSA_PSS, NCR_ALG_SHA256 },
	{ "rsa3072-pkcs1-sign", K_RSA3072, PK_SIGN, NCR_ALG_RSA_PKCS1, NCR_ALG_SHA256 },
	{ "rsa3072-pkcs1-verify", K_RSA3072, PK_VERIFY, NCR_ALG_RSA_PKCS1, NCR_ALG_SHA256 },
	{ "rsa3072-pss-sign", K_RSA3072, PK_SIGN, NCR_ALG_RSA_PSS, NCR_ALG_SHA256 },
	{ "rsa3072-pss-verify", K_RSA3072, PK_VERIFY, NCR_ALG_RSA_PSS, NCR_ALG_SHA256 },
	{ "rsa2048-oaep-encrypt", K_RSA2048, PK_ENC, NCR_ALG_RSA_OAEP, NCR_ALG_SHA256 },
	{ "rsa2048-oaep-decrypt", K_RSA2048, PK_DEC, NCR_ALG_RSA_OAEP, NCR_ALG_SHA256 },
	{ "ecdsa-p256-sign", K_P256, PK_SIGN, NCR_ALG_ECDSA, NCR_ALG_SHA256 },
	{ "ecdsa-p256-verify", K_P256, PK_VERIFY, NCR_ALG_ECDSA, NCR_ALG_SHA256 },
	{ "ecdsa-p384-sign", K_P384, PK_SIGN, NCR_ALG_ECDSA, NCR_ALG_SHA384 },
	{ "ecdsa-p384-verify", K_P384, PK_VERIFY, NCR_ALG_ECDSA, NCR_ALG_SHA384 },
	{ "ed25519-sign", K_ED25519, PK_SIGN, NCR_ALG_ED25519, 0 },
	{ "ed25519-verify", K_ED25519, PK_VERIFY, NCR_ALG_ED25519, 0 },
	{ "x25519-derive", K_X25519, PK_DERIVE, NCR_ALG_X25519, 0 },
	{ "ecdh-p256-derive", K_P256, PK_DERIVE, NCR_ALG_ECDH, 0 },
	{ "dh-ffdhe2048-derive", K_DH2048, PK_DERIVE, NCR_ALG_DH, 0 },
};
#define PK_NCASES (sizeof(pk_cases) / sizeof(pk_cases[0]))
#define PK_MSG_LEN 32		/* message signed / plaintext encrypted */

const size_t pk_ncases = PK_NCASES;

static const uint8_t pk_msg[PK_MSG_LEN] = "ncr-bench public-key message..";

/* A job: one case on one interface, everything an application would
 * prepare once done in pk_setup. */
struct pk_job {
	const struct pk_case *c;
	struct pk_key *k;
	int ncr;		/* 1: ncr, 0: OpenSSL */
	const char *where;	/* "interface case", for messages */
	struct ncr_pk_params pp;
	EVP_PKEY_CTX *pctx;
	EVP_MD *md;
	EVP_MD_CTX *mctx;
	uint8_t in[1024];	/* signature to verify / ciphertext to decrypt */
	size_t in_len;
	uint8_t out[1024];
	size_t out_len;
};

static const char *pk_md_name(uint32_t h)
{
	return h == NCR_ALG_SHA384 ? "SHA384" : "SHA256";
}

/* OpenSSL: an EVP_PKEY_CTX initialized for the case, or NULL. */
static EVP_PKEY_CTX *pk_ossl_ctx(const struct pk_case *c, EVP_PKEY *pkey,
				 EVP_PKEY *peer, enum pk_kind kind)
{
	EVP_PKEY_CTX *p = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
	int ok;

	if (!p)
		return NULL;
	switch (kind) {
	case PK_SIGN:
		ok = EVP_PKEY_sign_init(p) > 0;
		break;
	case PK_VERIFY:
		ok = EVP_PKEY_verify_init(p) > 0;
		break;
	case PK_ENC:
		ok = EVP_PKEY_encrypt_init(p) > 0;
		break;
	case PK_DEC:
		ok = EVP_PKEY_decrypt_init(p) > 0;
		break;
	default:
		ok = EVP_PKEY_derive_init(p) > 0 &&
		     EVP_PKEY_derive_set_peer(p, peer) > 0;
		break;
	}
	if (ok && (kind == PK_SIGN || kind == PK_VERIFY))
		ok = EVP_PKEY_CTX_set_signature_md(p, EVP_get_digestbyname(
				pk_md_name(c->hash))) > 0;
	if (ok && c->alg == NCR_ALG_RSA_PSS)
		ok = EVP_PKEY_CTX_set_rsa_padding(p, RSA_PKCS1_PSS_PADDING) > 0 &&
		     EVP_PKEY_CTX_set_rsa_pss_saltlen(p, RSA_PSS_SALTLEN_DIGEST) > 0;
	if (ok && c->alg == NCR_ALG_RSA_OAEP)
		ok = EVP_PKEY_CTX_set_rsa_padding(p, RSA_PKCS1_OAEP_PADDING) > 0 &&
		     EVP_PKEY_CTX_set_rsa_oaep_md(p, EVP_sha256()) > 0 &&
		     EVP_PKEY_CTX_set_rsa_mgf1_md(p, EVP_sha256()) > 0;
	if (!ok) {
		ossl_fail(c->name);
		EVP_PKEY_CTX_free(p);
		return NULL;
	}
	return p;
}

/* The digest OpenSSL's sign/verify take (the message is hashed per op). */
static int pk_digest(struct pk_job *j, uint8_t *md, size_t *mdlen)
{
	unsigned int l = 0;

	if (!EVP_Digest(pk_msg, sizeof(pk_msg), md, &l, j->md, NULL))
		return -EINVAL;
	*mdlen = l;
	return 0;
}

/* One operation; the result (signature, ciphertext, plaintext, secret)
 * in j->out/out_len.  0 or -errno; a failed verification is -EBADMSG. */
static int pk_op(struct pk_job *j)
{
	const struct pk_case *c = j->c;
	uint8_t md[64];
	size_t mdlen;
	uint32_t nk;
	int r;

	j->out_len = sizeof(j->out);
	if (j->ncr) {
		switch (c->kind) {
		case PK_SIGN:
			return ncr_sign(ncr_fd, c->alg, j->k->nk, &j->pp, pk_msg,
					sizeof(pk_msg), j->out, &j->out_len);
		case PK_VERIFY:
			r = ncr_verify(ncr_fd, c->alg, j->k->nk, &j->pp, pk_msg,
				       sizeof(pk_msg), j->in, j->in_len);
			return r == NCR_VERIFY_OK ? 0 : r < 0 ? r : -EBADMSG;
		case PK_ENC:
			return ncr_pk_encrypt(ncr_fd, c->alg, j->k->nk, &j->pp,
					      pk_msg, sizeof(pk_msg), j->out,
					      &j->out_len);
		case PK_DEC:
			return ncr_pk_decrypt(ncr_fd, c->alg, j->k->nk, &j->pp,
					      j->in, j->in_len, j->out,
					      &j->out_len);
		default:
			/* a new key object per agreement, then its deinit */
			r = ncr_key_derive(ncr_fd, c->alg, j->k->nk,
					   j->k->peer_raw, j->k->peer_raw_len,
					   NCR_KEY_TYPE_HMAC, 0,
					   NCR_KEY_USAGE_SIGN, &nk);
			if (!r)
				r = ncr_key_deinit(ncr_fd, nk);
			j->out_len = 0;
			return r;
		}
	}
	switch (c->kind) {
	case PK_SIGN:
		if (c->alg == NCR_ALG_ED25519)
			r = EVP_DigestSignInit_ex(j->mctx, NULL, NULL, NULL,
						  NULL, j->k->pkey, NULL) > 0 &&
			    EVP_DigestSign(j->mctx, j->out, &j->out_len,
					   pk_msg, sizeof(pk_msg)) > 0;
		else
			r = !pk_digest(j, md, &mdlen) &&
			    EVP_PKEY_sign(j->pctx, j->out, &j->out_len, md,
					  mdlen) > 0;
		return r ? 0 : -EINVAL;
	case PK_VERIFY:
		if (c->alg == NCR_ALG_ED25519)
			r = EVP_DigestVerifyInit_ex(j->mctx, NULL, NULL, NULL,
						    NULL, j->k->pkey, NULL) > 0 &&
			    EVP_DigestVerify(j->mctx, j->in, j->in_len,
					     pk_msg, sizeof(pk_msg)) == 1;
		else
			r = !pk_digest(j, md, &mdlen) &&
			    EVP_PKEY_verify(j->pctx, j->in, j->in_len, md,
					    mdlen) == 1;
		return r ? 0 : -EBADMSG;
	case PK_ENC:
		return EVP_PKEY_encrypt(j->pctx, j->out, &j->out_len, pk_msg,
					sizeof(pk_msg)) > 0 ? 0 : -EINVAL;
	case PK_DEC:
		return EVP_PKEY_decrypt(j->pctx, j->out, &j->out_len, j->in,
					j->in_len) > 0 ? 0 : -EBADMSG;
	default:
		return EVP_PKEY_derive(j->pctx, j->out, &j->out_len) > 0 ?
		       0 : -EINVAL;
	}
}

static void pk_teardown(struct pk_job *j)
{
	EVP_PKEY_CTX_free(j->pctx);
	EVP_MD_CTX_free(j->mctx);
	EVP_MD_free(j->md);
	j->pctx = NULL;
	j->mctx = NULL;
	j->md = NULL;
}

static void pk_mismatch(const char *where, const char *what)
{
	note("MISMATCH %s: %s", where, what);
	set_status(1);
}

/*
 * OpenSSL's side of a job: the digest and its context and, but for
 * Ed25519 (which hashes the message itself), an EVP_PKEY_CTX for the
 * case's kind.  false if one is missing.
 */
static bool pk_ossl_prepare(struct pk_job *j)
{
	const struct pk_case *c = j->c;

	j->md = EVP_MD_fetch(NULL, pk_md_name(c->hash), NULL);
	j->mctx = EVP_MD_CTX_new();
	if (c->alg != NCR_ALG_ED25519)
		j->pctx = pk_ossl_ctx(c, j->k->pkey, j->k->peer, c->kind);
	return j->md && j->mctx && (c->alg == NCR_ALG_ED25519 || j->pctx);
}

/*
 * One operation of another kind with j's key and parameters, on ncr (ncr
 * = 1) or OpenSSL, for the checks of pk_setup: it makes the input of a
 * verify or decrypt on the other side, and has OpenSSL verify ncr's
 * signatures and decrypt its ciphertexts.  The result goes to out, whose
 * size *out_len gives and receives.  0 or -errno; -ERANGE if it does not
 * fit, -EBADMSG if a verification or decryption fails.
 */
static int pk_once(const struct pk_job *j, int ncr, enum pk_kind kind,
		   const uint8_t *in, size_t in_len, uint8_t *out,
		   size_t *out_len)
{
	struct pk_case c = *j->c;
	struct pk_job t;
	int err;

	c.kind = kind;
	memset(&t, 0, sizeof(t));
	t.c = &c;
	t.k = j->k;
	t.ncr = ncr;
	t.pp = j->pp;
	if (in_len)
		memcpy(t.in, in, in_len);
	t.in_len = in_len;
	err = !ncr && !pk_ossl_prepare(&t) ? -EINVAL : pk_op(&t);
	if (!err && t.out_len > *out_len)
		err = -ERANGE;
	if (!err) {
		memcpy(out, t.out, t.out_len);
		*out_len = t.out_len;
	}
	pk_teardown(&t);
	return err;
}

/*
 * Prepares j and checks it against the other side before timing: a
 * signature ncr makes verifies with OpenSSL and the reverse, ciphertexts
 * decrypt on the other side, the derived secrets are equal.  Returns
 * true if the job can be timed.
 */
static bool pk_setup(struct pk_job *j, const struct pk_case *c, int ncr,
		     const char *where)
{
	EVP_PKEY_CTX *x = NULL;
	uint8_t buf[1024];
	size_t len = sizeof(buf);
	uint32_t nk;
	bool ok = false;
	int err;

	memset(j, 0, sizeof(*j));
	j->c = c;
	j->k = &pk_keys[c->k];
	j->ncr = ncr;
	j->where = where;
	j->pp.hash = c->hash;
	if (c->alg == NCR_ALG_RSA_PSS)
		j->pp.salt_size = 32;
	if (ncr && !j->k->nk)
		return false;		/* import failed: noted already */
	if (!ncr && !pk_ossl_prepare(j)) {
		note("error: %s: OpenSSL setup", where);
		set_status(2);
		pk_teardown(j);
		return false;
	}
	/* The input of verify/decrypt comes from the other side (from
	 * OpenSSL itself when ncr has no key: a run without the device). */
	if (c->kind == PK_VERIFY || c->kind == PK_DEC) {
		j->in_len = sizeof(j->in);
		err = pk_once(j, !ncr && j->k->nk,
			      c->kind == PK_VERIFY ? PK_SIGN : PK_ENC, NULL, 0,
			      j->in, &j->in_len);
		if (err) {
			note("error: %s: making the input on the other side: %s",
			     where, strerror(-err));
			set_status(2);
			goto fail;
		}
	}
	err = pk_op(j);
	if (err == -EBADMSG) {
		pk_mismatch(where, c->kind == PK_VERIFY ?
			    "the other side's signature does not verify" :
			    "the other side's ciphertext does not decrypt");
		goto fail;
	}
	if (err) {
		note("error: %s: %s", where, strerror(-err));
		set_status(2);
		goto fail;
	}
	switch (c->kind) {
	case PK_VERIFY:
		ok = true;
		break;
	case PK_DEC:
		ok = j->out_len == sizeof(pk_msg) &&
		     !memcmp(j->out, pk_msg, sizeof(pk_msg));
		if (!ok)
			pk_mismatch(where, "decryption gives another message");
		break;
	case PK_SIGN:
	case PK_ENC:
		if (!ncr) {
			ok = true;	/* checked from the ncr side */
			break;
		}
		/* OpenSSL checks ncr's signature / decrypts its ciphertext */
		err = pk_once(j, 0, c->kind == PK_SIGN ? PK_VERIFY : PK_DEC,
			      j->out, j->out_len, buf, &len);
		ok = !err && (c->kind == PK_SIGN ||
			      (len == sizeof(pk_msg) &&
			       !memcmp(buf, pk_msg, len)));
		if (!ok)
			pk_mismatch(where, c->kind == PK_SIGN ?
				    "OpenSSL does not verify ncr's signature" :
				    "OpenSSL does not decrypt ncr's ciphertext");
		break;
	default:	/* derive */
		if (!ncr) {
			ok = true;
			break;
		}
		/* an exportable secret once, compared with OpenSSL's */
		err = ncr_key_derive(ncr_fd, c->alg, j->k->nk, j->k->peer_raw,
				     j->k->peer_raw_len, NCR_KEY_TYPE_HMAC,
				     NCR_KEY_FLAG_EXPORTABLE,
				     NCR_KEY_USAGE_SIGN, &nk);
		if (!err) {
			err = ncr_key_export(ncr_fd, nk, buf, &len);
			ncr_key_deinit(ncr_fd, nk);
		}
		x = pk_ossl_ctx(c, j->k->pkey, j->k->peer, PK_DERIVE);
		j->out_len = sizeof(j->out);
		ok = !err && x && EVP_PKEY_derive(x, j->out, &j->out_len) > 0 &&
		     j->out_len == len && !memcmp(j->out, buf, len);
		if (!ok)
			pk_mismatch(where, err ? ncr_strerror(err) :
				    "the shared secrets differ");
		break;
	}
	EVP_PKEY_CTX_free(x);
	OPENSSL_cleanse(buf, sizeof(buf));
	if (ok)
		return true;
fail:
	pk_teardown(j);
	return false;
}

/* n operations, for timed_round (report.c). */
static int pk_batch(void *job, uint64_t n)
{
	uint64_t i;
	int err;

	for (i = 0; i < n; i++) {
		err = pk_op(job);
		if (err)
			return err;
	}
	return 0;
}

/* One round of job i: ops/s, or < 0 with the job torn down. */
static double pk_round(void *jobs, int i, double secs)
{
	struct pk_job *j = (struct pk_job *)jobs + i;
	double v = timed_round(pk_batch, j, j->where, secs);

	if (v < 0)
		pk_teardown(j);
	return v;
}

/*
 * Every selected public-key case, ncr and OpenSSL interleaved round by
 * round as for the symmetric cells, best round reported.  Prints the CSV
 * rows (bytes: the message or plaintext length, 0 for derive).
 */
void pk_run(unsigned long long pkmask, bool do_ncr, bool do_ossl,
	    double secs, int rounds)
{
	static const enum iface ifc[2] = { IF_ONCE, IF_OPENSSL };
	size_t ci;

	for (ci = 0; ci < PK_NCASES; ci++) {
		const struct pk_case *c = &pk_cases[ci];
		double best[2] = { -1, -1 }, worst[2] = { -1, -1 };
		char where[2][96];
		struct pk_job jobs[2];
		bool live[2] = { false, false };
		int i;

		if (!(pkmask & (1ULL << ci)))
			continue;
		for (i = 0; i < 2; i++) {
			snprintf(where[i], sizeof(where[i]), "%s %s",
				 iface_names[ifc[i]], c->name);
			if (i ? do_ossl : do_ncr)
				live[i] = pk_setup(&jobs[i], c, !i, where[i]);
		}
		run_rounds(2, live, rounds, secs, pk_round, jobs, best, worst);
		for (i = 0; i < 2; i++) {
			if (!live[i])
				continue;
			pk_teardown(&jobs[i]);
			if (best[i] <= 0)
				continue;
			tally_cell(best[i], worst[i]);
			csv_row(iface_names[ifc[i]], c->name,
				c->kind == PK_DERIVE ? 0 : PK_MSG_LEN, best[i]);
		}
		fflush(stdout);
	}
}
