// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * bench_bn.c - speed of core/bn/bn*.c against OpenSSL, measured in the same
 * run: constant-time modexp against BN_mod_exp_mont_consttime for 1024-,
 * 1536- and 2048-bit moduli with full-length exponents, and an
 * "RSA-2048-CRT-like" figure (reduce a 2048-bit input mod each of two
 * 1024-bit primes, two 1024-bit modexps, Garner recombination) beside
 * OpenSSL's RSA-2048 private-key operation (EVP_PKEY_sign, no padding,
 * blinding included as OpenSSL does it).  Each figure is the best of
 * many short rounds, OpenSSL and ours alternating, so that a machine
 * shared with other jobs disturbs the ratio less.  `make bench-core`.
 */
#include <stdio.h>
#include <time.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/core_names.h>
#include "bn/bn.h"

#define MAXN	NCR_BN_LIMBS(4096)
#define ROUNDS	25

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

	/* CPU time of this thread: other jobs on the machine matter less */
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static BIGNUM *to_ossl(const ncr_limb *a, size_t n)
{
	u8 buf[sizeof(ncr_limb) * MAXN * 2];

	ncr_bn_encode_be(buf, sizeof(ncr_limb) * n, a, n);
	return BN_bin2bn(buf, (int)(sizeof(ncr_limb) * n), NULL);
}

static void from_ossl(ncr_limb *a, size_t n, const BIGNUM *x)
{
	u8 buf[sizeof(ncr_limb) * MAXN * 2];

	BN_bn2binpad(x, buf, (int)(sizeof(ncr_limb) * n));
	ncr_bn_decode_be(a, n, buf, sizeof(ncr_limb) * n);
}

static ncr_limb t[NCR_BN_MODEXP_SCRATCH(MAXN) + NCR_BN_REDUCE_ANY_SCRATCH(MAXN)];

/* A timed job: run(ctx) once per operation. */
struct job {
	void (*run)(void *ctx);
	void *ctx;
	int iters;
	double best;	/* seconds per op */
};

static void time_round(struct job *j)
{
	double t0 = now(), dt;
	int k;

	for (k = 0; k < j->iters; k++)
		j->run(j->ctx);
	dt = (now() - t0) / j->iters;
	if (j->best == 0 || dt < j->best)
		j->best = dt;
}

/* Best of ROUNDS for both, alternating. */
static void race(struct job *ours, struct job *theirs)
{
	int r;

	ours->run(ours->ctx);	/* warm up */
	theirs->run(theirs->ctx);
	for (r = 0; r < ROUNDS; r++) {
		time_round(theirs);
		time_round(ours);
	}
}

struct mexp {
	size_t n, bits;
	ncr_limb m[MAXN], a[MAXN], e[MAXN], r[MAXN], rr[MAXN], m0i;
	BIGNUM *bm, *ba, *be, *br;
	BN_CTX *ctx;
	BN_MONT_CTX *mont;
};

static void run_ours(void *p)
{
	struct mexp *x = p;

	ncr_bn_mod_exp(x->r, x->a, x->e, x->bits, x->m, x->n, x->m0i, x->rr, t);
}

static void run_theirs(void *p)
{
	struct mexp *x = p;

	BN_mod_exp_mont_consttime(x->br, x->ba, x->be, x->bm, x->ctx, x->mont);
}

static void mexp_setup(struct mexp *x, size_t bits)
{
	size_t i;

	x->bits = bits;
	x->n = NCR_BN_LIMBS(bits);
	for (i = 0; i < x->n; i++) {
		x->m[i] = rnd();
		x->a[i] = rnd();
		x->e[i] = rnd();
	}
	x->m[x->n - 1] |= (ncr_limb)1 << (NCR_LIMB_BITS - 1);
	x->m[0] |= 1;
	ncr_bn_cond_sub(x->a, x->m, x->n, ncr_bn_lt(x->a, x->m, x->n) ^ 1);
	x->e[x->n - 1] |= (ncr_limb)1 << (NCR_LIMB_BITS - 1);
	x->bm = to_ossl(x->m, x->n);
	x->ba = to_ossl(x->a, x->n);
	x->be = to_ossl(x->e, x->n);
	x->br = BN_new();
	BN_set_flags(x->be, BN_FLG_CONSTTIME);
	x->ctx = BN_CTX_new();
	x->mont = BN_MONT_CTX_new();
	BN_MONT_CTX_set(x->mont, x->bm, x->ctx);
	x->m0i = ncr_bn_mont_m0i(x->m[0]);
	ncr_bn_mont_rr(x->rr, x->m, x->n);
}

static void mexp_free(struct mexp *x)
{
	BN_free(x->bm);
	BN_free(x->ba);
	BN_free(x->be);
	BN_free(x->br);
	BN_MONT_CTX_free(x->mont);
	BN_CTX_free(x->ctx);
}

static void bench_modexp(size_t bits)
{
	struct mexp x;
	struct job ours = { run_ours, &x, 0, 0 }, theirs = { run_theirs, &x, 0, 0 };
	BIGNUM *y;

	mexp_setup(&x, bits);
	ours.iters = theirs.iters = bits > 1536 ? 3 : bits > 1024 ? 6 : 12;
	race(&ours, &theirs);
	y = to_ossl(x.r, x.n);
	if (BN_cmp(y, x.br))
		printf("# MISMATCH at %zu bits\n", bits);
	BN_free(y);
	printf("%4zu-bit modexp (%zu-bit exponent): ncr %8.1f/s  OpenSSL consttime %8.1f/s  ratio %.2fx\n",
	       bits, bits, 1 / ours.best, 1 / theirs.best, theirs.best / ours.best);
	mexp_free(&x);
}

/* RSA-2048 private op with CRT from an OpenSSL-generated key. */
struct crt {
	size_t n, h;	/* limbs of the modulus / of each prime */
	ncr_limb c[MAXN], p[MAXN], q[MAXN], dp[MAXN], dq[MAXN], qinv[MAXN];
	ncr_limb rrp[MAXN], rrq[MAXN], p0i, q0i;
	ncr_limb m1[MAXN], m2[MAXN], h1[MAXN], out[MAXN], prod[2 * MAXN];
	EVP_PKEY *pkey;
	EVP_PKEY_CTX *sctx;
	u8 in[512], sig[512];
	size_t siglen;
};

static void run_crt(void *p)
{
	struct crt *x = p;
	size_t h = x->h;

	/* m1 = c^dp mod p, m2 = c^dq mod q */
	ncr_bn_mod_reduce_any(x->m1, x->c, x->n, x->p, h, x->p0i, x->rrp, t);
	ncr_bn_mod_exp(x->m1, x->m1, x->dp, NCR_LIMB_BITS * h, x->p, h,
		       x->p0i, x->rrp, t);
	ncr_bn_mod_reduce_any(x->m2, x->c, x->n, x->q, h, x->q0i, x->rrq, t);
	ncr_bn_mod_exp(x->m2, x->m2, x->dq, NCR_LIMB_BITS * h, x->q, h,
		       x->q0i, x->rrq, t);
	/* h1 = qinv (m1 - m2) mod p; out = m2 + h1 q */
	ncr_bn_mod_reduce_any(x->h1, x->m2, h, x->p, h, x->p0i, x->rrp, t);
	ncr_bn_cond_add(x->m1, x->p, h, ncr_bn_sub(x->m1, x->m1, x->h1, h));
	ncr_bn_mont_mul(x->h1, x->m1, x->qinv, x->p, h, x->p0i, t);
	ncr_bn_mont_mul(x->h1, x->h1, x->rrp, x->p, h, x->p0i, t);
	ncr_bn_mul(x->prod, x->h1, h, x->q, h);
	ncr_bn_zero(x->out, x->n);
	memcpy(x->out, x->m2, h * sizeof(ncr_limb));
	ncr_bn_add(x->out, x->out, x->prod, x->n);
}

static void run_rsa(void *p)
{
	struct crt *x = p;
	size_t len = sizeof(x->sig);

	if (EVP_PKEY_sign(x->sctx, x->sig, &len, x->in, 256) <= 0)
		printf("# EVP_PKEY_sign failed\n");
	x->siglen = len;
}

static void get_bn(struct crt *x, const char *name, ncr_limb *a, size_t n)
{
	BIGNUM *b = NULL;

	EVP_PKEY_get_bn_param(x->pkey, name, &b);
	from_ossl(a, n, b);
	BN_free(b);
}

static void bench_crt(void)
{
	static struct crt x;
	struct job ours = { run_crt, &x, 6, 0 }, theirs = { run_rsa, &x, 6, 0 };
	EVP_PKEY_CTX *g = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, NULL);
	u8 out[256];
	size_t i;

	x.n = NCR_BN_LIMBS(2048);
	x.h = NCR_BN_LIMBS(1024);
	EVP_PKEY_keygen_init(g);
	EVP_PKEY_CTX_set_rsa_keygen_bits(g, 2048);
	EVP_PKEY_keygen(g, &x.pkey);
	EVP_PKEY_CTX_free(g);
	get_bn(&x, OSSL_PKEY_PARAM_RSA_FACTOR1, x.p, x.h);
	get_bn(&x, OSSL_PKEY_PARAM_RSA_FACTOR2, x.q, x.h);
	get_bn(&x, OSSL_PKEY_PARAM_RSA_EXPONENT1, x.dp, x.h);
	get_bn(&x, OSSL_PKEY_PARAM_RSA_EXPONENT2, x.dq, x.h);
	get_bn(&x, OSSL_PKEY_PARAM_RSA_COEFFICIENT1, x.qinv, x.h);
	x.p0i = ncr_bn_mont_m0i(x.p[0]);
	x.q0i = ncr_bn_mont_m0i(x.q[0]);
	ncr_bn_mont_rr(x.rrp, x.p, x.h);
	ncr_bn_mont_rr(x.rrq, x.q, x.h);
	for (i = 0; i < 256; i++)
		x.in[i] = (u8)rnd();
	x.in[0] &= 0x3f;	/* below the modulus */
	ncr_bn_decode_be(x.c, x.n, x.in, 256);
	x.sctx = EVP_PKEY_CTX_new(x.pkey, NULL);
	EVP_PKEY_sign_init(x.sctx);
	EVP_PKEY_CTX_set_rsa_padding(x.sctx, RSA_NO_PADDING);
	race(&ours, &theirs);
	ncr_bn_encode_be(out, sizeof(out), x.out, x.n);
	if (x.siglen != 256 || memcmp(out, x.sig, 256))
		printf("# MISMATCH in the RSA-CRT-like operation\n");
	printf("RSA-2048-CRT-like (2 x 1024-bit modexp + CRT): ncr %8.1f/s  OpenSSL RSA-2048 sign (no padding) %8.1f/s  ratio %.2fx\n",
	       1 / ours.best, 1 / theirs.best, theirs.best / ours.best);
	EVP_PKEY_CTX_free(x.sctx);
	EVP_PKEY_free(x.pkey);
}

/* Other figures the RSA/DSA code will care about (ours only). */
static void bench_misc(void)
{
	struct mexp x;
	ncr_limb r[MAXN], ti[NCR_BN_INV_ODD_SCRATCH(MAXN)];
	double t0;
	int k, iters = 20;

	mexp_setup(&x, 2048);
	t0 = now();
	for (k = 0; k < iters * 10; k++)
		ncr_bn_mod_inv_odd(r, x.a, x.m, x.n, ti);
	printf("mod_inv_odd 2048-bit: %8.1f/s\n", iters * 10 / (now() - t0));
	t0 = now();
	for (k = 0; k < iters; k++)
		ncr_bn_mont_rr(r, x.m, x.n);
	printf("mont_rr 2048-bit:     %8.1f/s\n", iters / (now() - t0));
	t0 = now();
	for (k = 0; k < iters * 10; k++)
		ncr_bn_mont_rr_top(r, x.m, x.n);
	printf("mont_rr_top 2048-bit: %8.1f/s\n", iters * 10 / (now() - t0));
	mexp_free(&x);
	mexp_setup(&x, 1024);
	t0 = now();
	for (k = 0; k < iters * 10; k++)
		ncr_bn_mont_rr(r, x.m, x.n);
	printf("mont_rr 1024-bit:     %8.1f/s\n", iters * 10 / (now() - t0));
	t0 = now();
	for (k = 0; k < iters * 100; k++)
		ncr_bn_mont_rr_top(r, x.m, x.n);
	printf("mont_rr_top 1024-bit: %8.1f/s\n", iters * 100 / (now() - t0));
	mexp_free(&x);
}

int main(void)
{
	bench_modexp(1024);
	bench_modexp(1536);
	bench_modexp(2048);
	bench_crt();
	bench_misc();
	return 0;
}
