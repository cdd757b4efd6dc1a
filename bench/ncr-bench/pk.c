// SPDX-License-Identifier: GPL-2.0
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
 * Prepares j and checks it against the other side before timing: a
 * signature ncr makes verifies with OpenSSL and the reverse, ciphertexts
 * decrypt on the other side, the derived secrets are equal.  Returns
 * true if the job can be timed.
 */
static bool pk_setup(struct pk_job *j, const struct pk_case *c, int ncr,
		     const char *where)
{
	struct pk_job other;
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
	j->pp.hash = c->hash;
	if (c->alg == NCR_ALG_RSA_PSS)
		j->pp.salt_size = 32;
	if (ncr && !j->k->nk)
		return false;		/* import failed: noted already */
	if (!ncr) {
		j->md = EVP_MD_fetch(NULL, pk_md_name(c->hash), NULL);
		j->mctx = EVP_MD_CTX_new();
		if (c->alg != NCR_ALG_ED25519)
			j->pctx = pk_ossl_ctx(c, j->k->pkey, j->k->peer,
					      c->kind);
		if (!j->md || !j->mctx ||
		    (c->alg != NCR_ALG_ED25519 && !j->pctx)) {
			note("error: %s: OpenSSL setup", where);
			set_status(2);
			pk_teardown(j);
			return false;
		}
	}
	/* The input of verify/decrypt comes from the other side (from
	 * OpenSSL itself when ncr has no key: a run without the device). */
	if (c->kind == PK_VERIFY || c->kind == PK_DEC) {
		int other_ncr = !ncr && j->k->nk;

		memset(&other, 0, sizeof(other));
		other = *j;
		other.ncr = other_ncr;
		if (!other_ncr) {
			/* OpenSSL makes the input */
			other.md = EVP_MD_fetch(NULL, pk_md_name(c->hash), NULL);
			other.mctx = EVP_MD_CTX_new();
			other.pctx = c->alg == NCR_ALG_ED25519 ? NULL :
				pk_ossl_ctx(c, j->k->pkey, NULL,
					    c->kind == PK_VERIFY ? PK_SIGN :
								   PK_ENC);
		} else {
			other.md = NULL;
			other.mctx = NULL;
			other.pctx = NULL;
		}
		other.c = &(struct pk_case){ c->name, c->k,
			c->kind == PK_VERIFY ? PK_SIGN : PK_ENC, c->alg,
			c->hash };
		err = pk_op(&other);
		if (!err && other.out_len <= sizeof(j->in)) {
			memcpy(j->in, other.out, other.out_len);
			j->in_len = other.out_len;
		} else {
			note("error: %s: making the input on the other side: %s",
			     where, strerror(err ? -err : ERANGE));
			set_status(2);
		}
		if (!other_ncr)
			pk_teardown(&other);
		if (err)
			goto fail;
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
		if (c->alg == NCR_ALG_ED25519) {
			EVP_MD_CTX *m = EVP_MD_CTX_new();

			ok = m && EVP_DigestVerifyInit_ex(m, NULL, NULL, NULL,
						NULL, j->k->pkey, NULL) > 0 &&
			     EVP_DigestVerify(m, j->out, j->out_len, pk_msg,
					      sizeof(pk_msg)) == 1;
			EVP_MD_CTX_free(m);
		} else if (c->kind == PK_SIGN) {
			uint8_t md[64];
			unsigned int l = 0;

			x = pk_ossl_ctx(c, j->k->pkey, NULL, PK_VERIFY);
			ok = x && EVP_Digest(pk_msg, sizeof(pk_msg), md, &l,
					     EVP_get_digestbyname(
						pk_md_name(c->hash)), NULL) &&
			     EVP_PKEY_verify(x, j->out, j->out_len, md, l) == 1;
		} else {
			x = pk_ossl_ctx(c, j->k->pkey, NULL, PK_DEC);
			ok = x && EVP_PKEY_decrypt(x, buf, &len, j->out,
						   j->out_len) > 0 &&
			     len == sizeof(pk_msg) &&
			     !memcmp(buf, pk_msg, len);
		}
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

/* Like timed_loop, for pk_op. */
static int pk_timed(struct pk_job *j, double secs, uint64_t *ops,
		    double *elapsed)
{
	uint64_t n = 0, batch = 1, i;
	double t0, t, last;
	int err;

	t0 = last = now();
	for (;;) {
		for (i = 0; i < batch; i++) {
			err = pk_op(j);
			if (err)
				return err;
		}
		n += batch;
		t = now();
		if (t - t0 >= secs)
			break;
		if (t - last < secs / 200 && batch < (1U << 20))
			batch *= 2;
		last = t;
	}
	*ops = n;
	*elapsed = t - t0;
	return 0;
}

/*
 * Every selected public-key case, ncr and OpenSSL interleaved round by
 * round as for the symmetric cells, best round reported.  Prints the CSV
 * rows (bytes: the message or plaintext length, 0 for derive).
 */
void pk_run(unsigned long long pkmask, bool do_ncr, bool do_ossl,
	    double secs, int rounds, int *ncells, int *noisy)
{
	size_t ci;

	for (ci = 0; ci < PK_NCASES; ci++) {
		const struct pk_case *c = &pk_cases[ci];
		double best[2] = { -1, -1 }, worst[2] = { -1, -1 };
		char where[2][96];
		struct pk_job jobs[2];
		bool live[2] = { false, false };
		int r, s, i;

		if (!(pkmask & (1ULL << ci)))
			continue;
		for (i = 0; i < 2; i++) {
			snprintf(where[i], sizeof(where[i]), "%s %s",
				 i ? "openssl" : "ncr-once", c->name);
			if (i ? do_ossl : do_ncr)
				live[i] = pk_setup(&jobs[i], c, !i, where[i]);
		}
		for (r = 0; r < rounds; r++) {
			for (s = 0; s < 2; s++) {
				uint64_t ops = 0, w = 0;
				double el = 0, wel = 0, v;
				int err;

				i = (s + r) % 2;
				if (!live[i])
					continue;
				err = pk_timed(&jobs[i], secs / rounds / 10,
					       &w, &wel);
				if (!err)
					err = pk_timed(&jobs[i], secs / rounds,
						       &ops, &el);
				if (err) {
					note("error: %s: %s", where[i],
					     strerror(-err));
					set_status(2);
					pk_teardown(&jobs[i]);
					live[i] = false;
					best[i] = -1;
					continue;
				}
				v = (double)ops / el;
				if (v > best[i])
					best[i] = v;
				if (worst[i] < 0 || v < worst[i])
					worst[i] = v;
			}
		}
		for (i = 0; i < 2; i++) {
			if (!live[i])
				continue;
			pk_teardown(&jobs[i]);
			if (best[i] <= 0)
				continue;
			(*ncells)++;
			if (worst[i] < best[i] * 0.75)
				(*noisy)++;
			printf("%s,%s,%d,%.1f,%.3f\n",
			       i ? "openssl" : "ncr-once", c->name,
			       c->kind == PK_DERIVE ? 0 : PK_MSG_LEN, best[i],
			       c->kind == PK_DERIVE ? 0.0 :
			       best[i] * PK_MSG_LEN / 1e6);
		}
		fflush(stdout);
	}
}
