// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_ec_ct.c - constant-time check of the EC code in the style of
 * ctgrind: private scalars, RNG output (nonce hedging, key candidates) and
 * the RFC 6979 private input are marked undefined for Valgrind's memcheck,
 * which reports any conditional jump or memory address depending on them.
 * Run by core/tests/ct-check.sh under `valgrind --error-exitcode=1`.  The sources
 * are built with NCR_CT_CHECK, which declassifies exactly the verdicts the
 * headers document as leaking (is d valid, is a candidate k or d rejected,
 * is r or s zero); public outputs are marked defined before they are used.
 * Built without sanitizers.
 *
 *   test_ec_ct keys     - ncr_ec_public_from_private (fixed-base d*G),
 *                         ncr_ec_generate (RNG output secret) and ncr_ecdh
 *                         (variable-base d*P)
 *   test_ec_ct sign     - ncr_ecdsa_sign, deterministic and hedged, and
 *                         ncr_rfc6979_nonce alone
 *   test_ec_ct leak     - a deliberate secret branch: memcheck must see it
 * (each on P-256 and P-384; one process per group: Valgrind starts slowly)
 */
#include <stdio.h>
#include <string.h>
#include <valgrind/memcheck.h>
#include "ec/ec.h"
#include "hash/hash.h"
#include "hash/rfc6979.h"

#define SECRET(p, len)	VALGRIND_MAKE_MEM_UNDEFINED(p, len)
#define PUBLIC(p, len)	VALGRIND_MAKE_MEM_DEFINED(p, len)

static u64 state = 0x9e3779b97f4a7c15ull;

static void rnd(void *ctx, u8 *out, size_t len)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < len; i++) {
		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
		out[i] = (u8)(state >> 24);
	}
	SECRET(out, len);
}

static const struct ncr_env env = { rnd, NULL, NULL };

static void show(const char *what, u8 *v, size_t n)
{
	PUBLIC(v, n);
	printf("# %s: %02x%02x...%02x\n", what, v[0], v[1], v[n - 1]);
}

static int run(u32 c, const char *mode)
{
	size_t L = ncr_ec_field_len(c);
	u8 d[64], d2[64], pub[128], pub2[128], sig[128], dig[64], s[64];
	int ret = 0;

	rnd(NULL, d, L);
	d[0] &= 0x7f;	/* below n */
	memset(dig, 0xa5, sizeof(dig));
	if (!strcmp(mode, "keys")) {
		ret |= ncr_ec_public_from_private(c, d, L, pub);
		show("pub", pub, 1 + 2 * L);
		ret |= ncr_ec_generate(c, &env, d2, pub2);
		show("generated pub", pub2, 1 + 2 * L);
		ret |= ncr_ecdh(c, d, L, pub2, 1 + 2 * L, s);
		show("secret", s, L);
	} else if (!strcmp(mode, "sign")) {
		const struct ncr_ec_ops *ops = ncr_ec_ops(c);
		u8 extra[32];

		ret |= ncr_ecdsa_sign(c, d, L, NCR_HASH_SHA256, dig, 32, NULL, sig);
		show("sig", sig, 2 * L);
		ret |= ncr_ecdsa_sign(c, d, L, NCR_HASH_SHA512, dig, 64, &env, sig);
		show("hedged sig", sig, 2 * L);

		rnd(NULL, extra, sizeof(extra));
		ret |= ncr_rfc6979_nonce(NCR_HASH_SHA384, ops->order, L, 8 * (u32)L, d, L, dig, 48,
					 extra, sizeof(extra), s);
		show("k", s, L);
	} else if (!strcmp(mode, "leak")) {
		if (d[0] & 1)	/* deliberately secret-dependent */
			printf("# odd\n");
		else
			printf("# even\n");
	} else {
		return 2;
	}
	return ret ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "sign";
	int ret = run(NCR_EC_P256, mode);

	if (!ret && strcmp(mode, "leak"))
		ret = run(NCR_EC_P384, mode);
	return ret;
}
