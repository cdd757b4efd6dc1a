// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_bn_ct.c - constant-time check of core/bn*.c in the style of ctgrind:
 * the secret inputs (base, exponent, modulus) are marked undefined for
 * Valgrind's memcheck, which then reports any conditional jump or memory
 * address that depends on them.  Run by core/ct-check.sh under
 * `valgrind --error-exitcode=1`; results are marked defined again before
 * they are printed.  Built without sanitizers (they add their own branches).
 *
 *   test_bn_ct modexp   - ncr_bn_mod_exp, 2048-bit modulus and exponent
 *   test_bn_ct mont     - rr, m0i, mont_mul, reduce, inverse, codec, compare
 *   test_bn_ct leak     - a deliberate secret branch: memcheck must see it
 */
#include <stdio.h>
#include <string.h>
#include <valgrind/memcheck.h>
#include "bn.h"

#define BITS	2048
#define N	NCR_BN_LIMBS(BITS)

#define SECRET(p, len)	VALGRIND_MAKE_MEM_UNDEFINED(p, len)
#define PUBLIC(p, len)	VALGRIND_MAKE_MEM_DEFINED(p, len)

static u32 m[N], rr[N], a[N], e[N], r[N], x[2 * N];
static u32 t[NCR_BN_INV_SCRATCH(N) + NCR_BN_REDUCE_SCRATCH(N)];
static u32 m0i;

static u32 rnd(void)
{
	static u64 s = 0x9e3779b97f4a7c15ull;

	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return (u32)(s >> 16);
}

static void setup(void)
{
	size_t i;

	for (i = 0; i < N; i++) {
		m[i] = rnd();
		a[i] = rnd();
		e[i] = rnd();
	}
	m[N - 1] |= 0x80000000;
	m[0] |= 1;
	for (i = 0; i < 2 * N; i++)
		x[i] = rnd();
	SECRET(m, sizeof(m));
	SECRET(a, sizeof(a));
	SECRET(e, sizeof(e));
	SECRET(x, sizeof(x));
	/* Montgomery setup on the secret modulus (an RSA prime) */
	m0i = ncr_bn_mont_m0i(m[0]);
	ncr_bn_mont_rr(rr, m, N);
}

static void show(const char *what, const u32 *v, size_t n)
{
	PUBLIC(v, n * sizeof(*v));
	printf("# %s: %08x...%08x\n", what, v[n - 1], v[0]);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "modexp";
	u32 ctl;
	u8 buf[4 * N];
	int c;

	setup();
	if (!strcmp(mode, "modexp")) {
		ncr_bn_mod_exp(r, a, e, BITS, m, N, m0i, rr, t);
		show("a^e mod m", r, N);
	} else if (!strcmp(mode, "mont")) {
		ncr_bn_mont_mul(r, a, rr, m, N, m0i, t);
		ncr_bn_mont_mul(r, r, r, m, N, m0i, t);
		ncr_bn_from_mont(r, r, m, N, m0i, t);
		show("mont_mul", r, N);
		ncr_bn_mod_reduce(r, x, m, N, m0i, rr, t);
		show("reduce", r, N);
		ncr_bn_mod_inv_prime(r, a, m, N, m0i, rr, t);
		show("inverse", r, N);
		ctl = ncr_bn_encode_be(buf, sizeof(buf), a, N);
		ctl &= ncr_bn_decode_be(r, N, buf, sizeof(buf));
		ctl &= ncr_bn_eq(r, a, N);
		ctl &= ncr_bn_lt(a, m, N) | 1;
		ctl &= ncr_bn_cond_add(r, m, N, ctl) | 1;
		ctl &= ncr_bn_cond_sub(r, m, N, ctl) | 1;
		ncr_bn_cond_swap(r, x, N, ctl);
		ncr_bn_cond_copy(r, x, N, ctl);
		c = ncr_bn_cmp(a, m, N);
		PUBLIC(&ctl, sizeof(ctl));
		PUBLIC(&c, sizeof(c));
		show("codec/cond", r, N);
		printf("# ctl %u cmp %d\n", ctl, c);
	} else if (!strcmp(mode, "leak")) {
		/* what the check must catch: a branch on a secret bit */
		if (e[0] & 1)
			r[0] = 1;
		show("leak", r, 1);
	} else {
		fprintf(stderr, "usage: %s modexp|mont|leak\n", argv[0]);
		return 2;
	}
	return 0;
}
