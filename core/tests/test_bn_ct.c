// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_bn_ct.c - constant-time check of core/bn/bn*.c in the style of ctgrind:
 * the secret inputs (base, exponent, modulus) are marked undefined for
 * Valgrind's memcheck, which then reports any conditional jump or memory
 * address that depends on them.  Run by core/tests/ct-check.sh under
 * `valgrind --error-exitcode=1`; results are marked defined again before
 * they are printed.  Built without sanitizers (they add their own branches).
 *
 *   test_bn_ct modexp   - ncr_bn_mod_exp, 2048-bit modulus and exponent
 *                         (5-bit windows), 1024-bit (RSA CRT half) and a
 *                         short secret exponent (narrower windows)
 *   test_bn_ct mont     - rr, m0i, mont_mul, mont_sqr, reduce, inverse,
 *                         codec, compare, and mul, mod_reduce_any,
 *                         mod_inv_odd, mod_small, bit_length, shifts
 *   test_bn_ct leak     - a deliberate secret branch: memcheck must see it
 */
#include <stdio.h>
#include <string.h>
#include <valgrind/memcheck.h>
#include "bn/bn.h"

#define BITS	2048
#define N	NCR_BN_LIMBS(BITS)

#define SECRET(p, len)	VALGRIND_MAKE_MEM_UNDEFINED(p, len)
#define PUBLIC(p, len)	VALGRIND_MAKE_MEM_DEFINED(p, len)

static ncr_limb m[N], rr[N], a[N], e[N], r[N], x[3 * N];
static ncr_limb t[NCR_BN_INV_SCRATCH(N) + NCR_BN_REDUCE_ANY_SCRATCH(N) +
		  NCR_BN_INV_ODD_SCRATCH(N)];
static ncr_limb m0i;

static ncr_limb rnd(void)
{
	static u64 s = 0x9e3779b97f4a7c15ull;

	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return (ncr_limb)(s * 0x2545f4914f6cdd1dull);
}

static void setup(void)
{
	size_t i;

	for (i = 0; i < N; i++) {
		m[i] = rnd();
		a[i] = rnd();
		e[i] = rnd();
	}
	m[N - 1] |= (ncr_limb)1 << (NCR_LIMB_BITS - 1);
	m[0] |= 1;
	for (i = 0; i < 3 * N; i++)
		x[i] = rnd();
	SECRET(m, sizeof(m));
	SECRET(a, sizeof(a));
	SECRET(e, sizeof(e));
	SECRET(x, sizeof(x));
	/* Montgomery setup on the secret modulus (an RSA prime) */
	m0i = ncr_bn_mont_m0i(m[0]);
	ncr_bn_mont_rr(rr, m, N);
}

static void show(const char *what, const ncr_limb *v, size_t n)
{
	PUBLIC(v, n * sizeof(*v));
	printf("# %s: %llx...%llx\n", what, (unsigned long long)v[n - 1],
	       (unsigned long long)v[0]);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "modexp";
	u32 ctl;
	u8 buf[sizeof(ncr_limb) * N];
	size_t len;
	int c;

	setup();
	if (!strcmp(mode, "modexp")) {
		ncr_bn_mod_exp(r, a, e, BITS, m, N, m0i, rr, t);
		show("a^e mod m", r, N);
		/* an RSA CRT half: 1024-bit prime and exponent */
		m0i = ncr_bn_mont_m0i(m[0]);
		ncr_bn_mont_rr(rr, m, N / 2);
		ncr_bn_mod_exp(r, a, e, BITS / 2, m, N / 2, m0i, rr, t);
		show("a^e mod m, 1024", r, N / 2);
		/* a short secret exponent: narrower windows */
		ncr_bn_mod_exp(r, a, e, 20, m, N / 2, m0i, rr, t);
		show("a^e mod m, 20-bit e", r, N / 2);
	} else if (!strcmp(mode, "mont")) {
		ncr_bn_mont_rr_top(r, m, N);
		show("rr_top", r, N);
		ncr_bn_mont_rr_top(r, m, N / 2 + 1);	/* the CIOS-free path too */
		show("rr_top", r, 1);
		ncr_bn_mont_rr_top(r, m, 2);
		show("rr_top", r, 1);
		ncr_bn_mont_mul(r, a, rr, m, N, m0i, t);
		ncr_bn_mont_mul(r, r, r, m, N, m0i, t);
		ncr_bn_mont_sqr(r, r, m, N, m0i, t);
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
		ncr_bn_mul(x, a, N, e, N / 2);
		show("mul", x, N + N / 2);
		SECRET(x, sizeof(x));
		ncr_bn_mod_reduce_any(r, x, 3 * N, m, N, m0i, rr, t);
		show("reduce_any 3n", r, N);
		/* a hash reduced mod a smaller number (nx < n) */
		ncr_bn_mod_reduce_any(r, x, N / 2 - 1, m, N, m0i, rr, t);
		show("reduce_any short", r, N);
		ctl = ncr_bn_mod_inv_odd(r, a, m, N, t);
		PUBLIC(&ctl, sizeof(ctl));
		show("inv_odd", r, N);
		printf("# invertible %u\n", ctl);
		ctl = ncr_bn_mod_small(a, N, 65537) ^ ncr_bn_mod_small(m, N, 3);
		PUBLIC(&ctl, sizeof(ctl));
		printf("# mod_small %u\n", ctl);
		ncr_bn_rshift(r, a, N, 77);
		ncr_bn_lshift(r, r, N, 13);
		show("shifts", r, N);
		len = ncr_bn_bit_length(a, N) + ncr_bn_bit_length(x, 3 * N);
		PUBLIC(&len, sizeof(len));
		printf("# bit lengths %zu\n", len);
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
