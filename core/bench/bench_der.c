// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * bench_der.c - speed of the DER layer beside OpenSSL's ASN.1 code on the
 * same inputs (native, `make bench-core`).  OpenSSL's figures are for its
 * generic template decoder/encoder: d2i_PKCS8_PRIV_KEY_INFO (structure
 * only, like ours), EVP_PKEY2PKCS8 + i2d (from the key object; ours from
 * the parts, with constant-time leading-zero scans over every private
 * INTEGER, twice: a counting pass, then the write), d2i_PUBKEY (also builds
 * the key object), d2i/i2d_ECDSA_SIG (to and from BIGNUMs).
 */
#include <stdio.h>
#include <time.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/ec.h>
#include <openssl/rand.h>
#include "der/der.h"

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

#define BENCH(var, body) do { \
	long n_ = 0; double t0_ = now(), t_; \
	do { int i_; for (i_ = 0; i_ < 256; i_++) { body; } n_ += 256; \
	     t_ = now() - t0_; } while (t_ < 0.3); \
	var = n_ / t_; } while (0)

static void row(const char *what, double ours, double ossl)
{
	printf("%-34s %12.0f %12.0f %8.2fx\n", what, ours, ossl, ours / ossl);
}

static volatile int sink;

int main(void)
{
	EVP_PKEY *rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	EVP_PKEY *ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	u8 *spki = NULL, *p8 = NULL, *ep8 = NULL, *sigder = NULL, out[4096], raw[64];
	int spki_len = i2d_PUBKEY(rsa, &spki), p8_len, ep8_len, sig_len;
	PKCS8_PRIV_KEY_INFO *pi = EVP_PKEY2PKCS8(rsa), *epi = EVP_PKEY2PKCS8(ec), *t;
	struct ncr_pk_parts pp, rp;
	double a, b;
	size_t len;
	const u8 *q;
	ECDSA_SIG *sig;
	BIGNUM *r, *s;

	p8_len = i2d_PKCS8_PRIV_KEY_INFO(pi, &p8);
	ep8_len = i2d_PKCS8_PRIV_KEY_INFO(epi, &ep8);
	RAND_bytes(raw, sizeof(raw));
	raw[0] |= 0x80;
	r = BN_bin2bn(raw, 32, NULL);
	s = BN_bin2bn(raw + 32, 32, NULL);
	sig = ECDSA_SIG_new();
	ECDSA_SIG_set0(sig, r, s);
	sig_len = i2d_ECDSA_SIG(sig, &sigder);

	printf("%-34s %12s %12s %9s\n", "ops/s", "ncr core", "OpenSSL", "ratio");
	BENCH(a, memset(&pp, 0, sizeof(pp));
	      sink += ncr_der_parse_key(NCR_DER_SPKI, spki, spki_len, &pp));
	BENCH(b, q = spki; EVP_PKEY *k = d2i_PUBKEY(NULL, &q, spki_len); EVP_PKEY_free(k));
	row("RSA-2048 SPKI parse", a, b);
	BENCH(a, memset(&pp, 0, sizeof(pp));
	      sink += ncr_der_parse_key(NCR_DER_PKCS8, p8, p8_len, &pp));
	BENCH(b, q = p8; t = d2i_PKCS8_PRIV_KEY_INFO(NULL, &q, p8_len);
	      PKCS8_PRIV_KEY_INFO_free(t));
	row("RSA-2048 PKCS8 parse (structure)", a, b);
	memset(&rp, 0, sizeof(rp));
	ncr_der_parse_key(NCR_DER_PKCS8, p8, p8_len, &rp);
	BENCH(a, len = sizeof(out); sink += ncr_der_write_key(NCR_DER_PKCS8, &rp, out, &len));
	BENCH(b, u8 *o = out; t = EVP_PKEY2PKCS8(rsa); sink += i2d_PKCS8_PRIV_KEY_INFO(t, &o);
	      PKCS8_PRIV_KEY_INFO_free(t));
	row("RSA-2048 PKCS8 write (from key)", a, b);
	BENCH(a, memset(&pp, 0, sizeof(pp));
	      sink += ncr_der_parse_key(NCR_DER_PKCS8, ep8, ep8_len, &pp));
	BENCH(b, q = ep8; t = d2i_PKCS8_PRIV_KEY_INFO(NULL, &q, ep8_len);
	      PKCS8_PRIV_KEY_INFO_free(t));
	row("EC P-256 PKCS8 parse (structure)", a, b);
	BENCH(a, sink += ncr_der_sig_decode(sigder, sig_len, 32, out));
	BENCH(b, q = sigder; ECDSA_SIG *x = d2i_ECDSA_SIG(NULL, &q, sig_len); ECDSA_SIG_free(x));
	row("ECDSA P-256 signature decode", a, b);
	BENCH(a, len = sizeof(out); sink += ncr_der_sig_encode(raw, 32, out, &len));
	BENCH(b, u8 *o = out; sink += i2d_ECDSA_SIG(sig, &o));
	row("ECDSA P-256 signature encode", a, b);

	ECDSA_SIG_free(sig);
	PKCS8_PRIV_KEY_INFO_free(pi);
	PKCS8_PRIV_KEY_INFO_free(epi);
	OPENSSL_free(spki);
	OPENSSL_free(p8);
	OPENSSL_free(ep8);
	OPENSSL_free(sigder);
	EVP_PKEY_free(rsa);
	EVP_PKEY_free(ec);
	return 0;
}
