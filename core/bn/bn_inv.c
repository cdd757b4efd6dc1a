// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * bn_inv.c - constant-time inversion modulo any odd number (see bn.h).
 *
 * Bernstein-Yang "divsteps" (Fast constant-time gcd computation and modular
 * inversion, 2019), batched: the decisions of B = NCR_LIMB_BITS - 2
 * divsteps depend only on delta and the low B bits of f and g, so they are
 * run on one word each, collecting a 2x2 transition matrix (entries of at
 * most B bits), which is then applied to the full f, g (an exact division
 * by 2^B) and to d, e modulo m (the division by 2^B done by adding a
 * multiple of m).  Invariants: f = d a, g = e a (mod m); f starts as m
 * (odd), g as a.  After the bound of the paper, floor((49 L + 80) / 17)
 * divsteps for L-bit inputs (plus one batch of margin), g = 0 and f is
 * +-gcd(a, m).
 *
 * f and g are kept as magnitudes with sign masks.  Constant time: the
 * number of batches depends on n only; every step runs under masks.  a and
 * m leak only through the returned invertibility bit.
 */
#include "bn_int.h"

#define B	(LB - 2)

/* B divsteps on the low words; *delta updated; the matrix in mat[4]. */
static void divsteps(ncr_limb *delta, ncr_limb fw, ncr_limb gw, ncr_limb *mat)
{
	ncr_limb d = *delta, u = 1, v = 0, q = 0, r = 1;
	int i;

	for (i = 0; i < B; i++) {
		/* swap = delta > 0 and g odd: (delta, f, g) = (-delta, g, -f) */
		ncr_limb c = (ncr_limb)0 - (((ncr_limb)0 - d) >> (LB - 1) & gw & 1);
		ncr_limb x, b;

		x = (fw ^ gw) & c;
		fw ^= x;
		gw = ((gw ^ x) ^ c) - c;
		x = (u ^ q) & c;
		u ^= x;
		q = ((q ^ x) ^ c) - c;
		x = (v ^ r) & c;
		v ^= x;
		r = ((r ^ x) ^ c) - c;
		d = (d ^ c) - c;
		/* g = (g + (g odd) f) / 2; the f row doubles (scaled matrix) */
		b = (ncr_limb)0 - (gw & 1);
		gw = (gw + (fw & b)) >> 1;
		q += u & b;
		r += v & b;
		u <<= 1;
		v <<= 1;
		d++;
	}
	*delta = d;
	mat[0] = u;
	mat[1] = v;
	mat[2] = q;
	mat[3] = r;
}

/*
 * s[0..n+1] = x F + y G as an (n+2)-limb two's complement number, for
 * magnitudes F, G of n limbs and two's complement words x, y.
 */
static void signed_comb(ncr_limb *s, const ncr_limb *F, const ncr_limb *G, ncr_limb x,
			ncr_limb y, size_t n)
{
	ncr_limb sx = (ncr_limb)0 - (x >> (LB - 1)), sy = (ncr_limb)0 - (y >> (LB - 1));
	ncr_limb ax = (x ^ sx) - sx, ay = (y ^ sy) - sy;
	ncr_limb c1 = 0, c2 = 0, cs = (sx & 1) + (sy & 1);
	ncr_dlimb z;
	size_t j;

	/* |x| F and |y| G, each negated on the fly (~P + 1) if its sign is */
	for (j = 0; j < n; j++) {
		ncr_limb l1, l2;

		z = (ncr_dlimb)ax * F[j] + c1;
		l1 = (ncr_limb)z;
		c1 = (ncr_limb)(z >> LB);
		z = (ncr_dlimb)ay * G[j] + c2;
		l2 = (ncr_limb)z;
		c2 = (ncr_limb)(z >> LB);
		z = (ncr_dlimb)(l1 ^ sx) + (l2 ^ sy) + cs;
		s[j] = (ncr_limb)z;
		cs = (ncr_limb)(z >> LB);
	}
	z = (ncr_dlimb)(c1 ^ sx) + (c2 ^ sy) + cs;
	s[n] = (ncr_limb)z;
	s[n + 1] = sx + sy + (ncr_limb)(z >> LB);
}

/*
 * out[0..n) = |s| >> B for the (n+2)-limb two's complement s (divisible by
 * 2^B, |s| < 2^(LB n + B)); returns the sign mask of s.
 */
static ncr_limb abs_shift(ncr_limb *out, const ncr_limb *s, size_t n)
{
	ncr_limb sign = (ncr_limb)0 - (s[n + 1] >> (LB - 1)), c = sign & 1, prev = 0;
	size_t j;

	for (j = 0; j <= n; j++) {
		ncr_dlimb z = (ncr_dlimb)(s[j] ^ sign) + c;
		ncr_limb w = (ncr_limb)z;

		c = (ncr_limb)(z >> LB);
		if (j)
			out[j - 1] = (prev >> B) | (w << (LB - B));
		prev = w;
	}
	return sign;
}

/*
 * s[0..n) = (x D + y E) / 2^B mod m in [0, m), for D, E in [0, m) and
 * |x| + |y| <= 2^B.  s: n + 2 limbs, not overlapping D or E.
 */
static void comb_mod(ncr_limb *s, const ncr_limb *D, const ncr_limb *E, ncr_limb x,
		     ncr_limb y, const ncr_limb *m, size_t n, ncr_limb m0i)
{
	ncr_limb k, c = 0, prev, sign;
	ncr_dlimb z;
	size_t j;

	signed_comb(s, D, E, x, y, n);
	/* + k m, k = -s m^-1 mod 2^B: divisible by 2^B, in (-2^B m, 2^(B+1) m) */
	k = (s[0] * m0i) & (((ncr_limb)1 << B) - 1);
	for (j = 0; j < n; j++) {
		z = (ncr_dlimb)k * m[j] + s[j] + c;
		s[j] = (ncr_limb)z;
		c = (ncr_limb)(z >> LB);
	}
	z = (ncr_dlimb)s[n] + c;
	s[n] = (ncr_limb)z;
	s[n + 1] += (ncr_limb)(z >> LB);
	/* arithmetic shift by B into s[0..n]: a value in (-m, 2m) */
	prev = s[0];
	for (j = 1; j <= n + 1; j++) {
		ncr_limb w = s[j];

		s[j - 1] = (prev >> B) | (w << (LB - B));
		prev = w;
	}
	/* + m if negative: [0, 2m) */
	sign = (ncr_limb)0 - (s[n] >> (LB - 1));
	c = 0;
	for (j = 0; j < n; j++) {
		z = (ncr_dlimb)s[j] + (m[j] & sign) + c;
		s[j] = (ncr_limb)z;
		c = (ncr_limb)(z >> LB);
	}
	s[n] += c;
	/* - m if >= m (s[n] is 0 or 1 now): [0, m) */
	ncr_bn_cond_sub(s, m, n, (u32)(s[n] & 1) | (ncr_bn_lt(s, m, n) ^ 1));
}

u32 ncr_bn_mod_inv_odd(ncr_limb *r, const ncr_limb *a, const ncr_limb *m, size_t n,
		       ncr_limb *t)
{
	ncr_limb *F = t, *G = t + n, *D = t + 2 * n, *E = t + 3 * n;
	ncr_limb *s1 = t + 4 * n, *s2 = t + 5 * n + 2;
	ncr_limb sf = 0, sg = 0, delta = 1, m0i = ncr_bn_mont_m0i(m[0]), mat[4], one_diff;
	size_t L = (size_t)LB * n, steps = (49 * L + 80) / 17 + B, it, j;
	u32 ok;

	memcpy(F, m, n * sizeof(*F));
	memcpy(G, a, n * sizeof(*G));
	ncr_bn_zero(D, n);
	ncr_bn_set_u32(E, n, 1);
	for (it = 0; it < steps; it += B) {
		ncr_limb fw = (F[0] ^ sf) - sf, gw = (G[0] ^ sg) - sg;
		ncr_limb nsf, nsg;

		divsteps(&delta, fw, gw, mat);
		/* f, g rows: the signs of F and G folded into the factors */
		signed_comb(s1, F, G, (mat[0] ^ sf) - sf, (mat[1] ^ sg) - sg, n);
		signed_comb(s2, F, G, (mat[2] ^ sf) - sf, (mat[3] ^ sg) - sg, n);
		nsf = abs_shift(F, s1, n);
		nsg = abs_shift(G, s2, n);
		sf = nsf;
		sg = nsg;
		/* d, e rows modulo m */
		comb_mod(s1, D, E, mat[0], mat[1], m, n, m0i);
		comb_mod(s2, D, E, mat[2], mat[3], m, n, m0i);
		memcpy(D, s1, n * sizeof(*D));
		memcpy(E, s2, n * sizeof(*E));
	}
	/* invertible iff |f| = gcd = 1; then a^-1 = sign(f) d */
	one_diff = F[0] ^ 1;
	for (j = 1; j < n; j++)
		one_diff |= F[j];
	ok = limb_is_zero(one_diff);
	/* r = -d mod m if f < 0 (d = 0 only if m = 1: then r = m - 0, fixed below) */
	memcpy(s1, D, n * sizeof(*s1));
	ncr_bn_sub(s2, m, D, n);
	ncr_bn_cond_copy(s1, s2, n, (u32)(sf & 1));
	ncr_bn_cond_sub(s1, m, n, ncr_bn_lt(s1, m, n) ^ 1);
	for (j = 0; j < n; j++)
		r[j] = s1[j] & limb_mask(ok);
	ncr_wipe(t, NCR_BN_INV_ODD_SCRATCH(n) * sizeof(*t));
	return ok;
}
