// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * bench_bn.c - modexp speed of core/bn*.c against OpenSSL's
 * BN_mod_exp_mont_consttime: a full-length 2048-bit exponent (non-CRT
 * RSA-2048 private op) and a 1024-bit one (each half of an RSA-2048 CRT
 * private op).  `make bench-core`.
 */
#include <stdio.h>
#include <time.h>
#include <openssl/bn.h>
#include "bn.h"

#define MAXN	64

static u64 s = 0x243f6a8885a308d3ull;

static ncr_limb rnd(void)
{
	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return (ncr_limb)(s * 0x2545f4914f6cdd1dull);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static BIGNUM *to_ossl(const ncr_limb *a, size_t n)
{
	u8 buf[sizeof(ncr_limb) * MAXN];

	ncr_bn_encode_be(buf, sizeof(ncr_limb) * n, a, n);
	return BN_bin2bn(buf, (int)(sizeof(ncr_limb) * n), NULL);
}

static ncr_limb t[NCR_BN_MODEXP_SCRATCH(MAXN)];

static void bench(size_t bits)
{
	size_t n = NCR_BN_LIMBS(bits), i;
	ncr_limb m[MAXN], a[MAXN], e[MAXN], r[MAXN], rr[MAXN], m0i;
	BIGNUM *bm, *ba, *be, *br = BN_new();
	BN_CTX *ctx = BN_CTX_new();
	BN_MONT_CTX *mont = BN_MONT_CTX_new();
	double t0, ours, theirs;
	int iters, k;

	for (i = 0; i < n; i++) {
		m[i] = rnd();
		a[i] = rnd();
		e[i] = rnd();
	}
	m[n - 1] |= (ncr_limb)1 << (NCR_LIMB_BITS - 1);
	m[0] |= 1;
	ncr_bn_cond_sub(a, m, n, ncr_bn_lt(a, m, n) ^ 1);
	e[n - 1] |= (ncr_limb)1 << (NCR_LIMB_BITS - 1);
	bm = to_ossl(m, n);
	ba = to_ossl(a, n);
	be = to_ossl(e, n);
	BN_set_flags(be, BN_FLG_CONSTTIME);
	BN_MONT_CTX_set(mont, bm, ctx);
	m0i = ncr_bn_mont_m0i(m[0]);
	ncr_bn_mont_rr(rr, m, n);

	iters = bits > 1024 ? 100 : 400;
	t0 = now();
	for (k = 0; k < iters; k++)
		ncr_bn_mod_exp(r, a, e, bits, m, n, m0i, rr, t);
	ours = iters / (now() - t0);
	t0 = now();
	for (k = 0; k < iters; k++)
		BN_mod_exp_mont_consttime(br, ba, be, bm, ctx, mont);
	theirs = iters / (now() - t0);
	{
		BIGNUM *x = to_ossl(r, n);

		if (BN_cmp(x, br))
			printf("# MISMATCH at %zu bits\n", bits);
		BN_free(x);
	}
	printf("%4zu-bit modexp (%zu-bit exponent): ncr %8.1f/s  OpenSSL consttime %8.1f/s  ratio %.2fx\n",
	       bits, bits, ours, theirs, ours / theirs);
	BN_free(bm);
	BN_free(ba);
	BN_free(be);
	BN_free(br);
	BN_MONT_CTX_free(mont);
	BN_CTX_free(ctx);
}

int main(void)
{
	bench(1024);
	bench(2048);
	return 0;
}
