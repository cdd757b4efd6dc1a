// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_25519_ct.c - constant-time check of X25519 and Ed25519 signing in
 * the style of ctgrind: the private scalar / seed is marked undefined for
 * Valgrind's memcheck, which then reports any conditional jump or memory
 * address that depends on it.  Run by core/tests/ct-check.sh under
 * `valgrind --error-exitcode=1`; outputs that are public (a public key, a
 * shared secret handed to the caller, a signature) are marked defined
 * before they are printed.  Built without sanitizers.
 *
 *   test_25519_ct x25519          - ncr_x25519 with a secret scalar
 *   test_25519_ct x25519_public   - ncr_x25519_public
 *   test_25519_ct ed25519_public  - ncr_ed25519_public
 *   test_25519_ct ed25519_sign    - ncr_ed25519_sign (secret seed; the
 *                                   expanded key, nonce and S follow)
 *   test_25519_ct ed25519_sign_inc - the incremental signing calls: a
 *                                   1000-byte message in uneven pieces
 *                                   (empty ones too) in both passes, an
 *                                   abort and a call out of order on
 *                                   contexts holding secrets; the signature
 *                                   must equal the one-shot one
 *   test_25519_ct scalar          - sc_reduce64 / sc_muladd on secrets
 *   test_25519_ct all             - all of the above in one run
 *   test_25519_ct leak            - a deliberate secret branch
 */
#include <stdio.h>
#include <string.h>
#include <valgrind/memcheck.h>
#include "curve25519/curve25519.h"
#include "curve25519/f25519.h"

#define SECRET(p, len)	VALGRIND_MAKE_MEM_UNDEFINED(p, len)
#define PUBLIC(p, len)	VALGRIND_MAKE_MEM_DEFINED(p, len)

static void show(const char *what, const u8 *v, size_t n)
{
	size_t i;

	PUBLIC(v, n);
	printf("# %s: ", what);
	for (i = 0; i < n; i++)
		printf("%02x", v[i]);
	printf("\n");
}

/* The incremental calls on a secret seed; 0 if the signature equals the
 * one-shot one. */
static __attribute__((noinline)) int
sign_inc(u8 out[64], const u8 sk[32], const u8 pk[32])
{
	static const size_t cuts1[] = { 0, 1, 127, 0, 128, 300, 1, 443 };
	static const size_t cuts2[] = { 500, 0, 3, 129, 368 };
	static u8 lmsg[1000];
	struct ncr_ed25519_sign_ctx c;
	u8 one[64];
	size_t off = 0, i;
	int r = 0;

	for (i = 0; i < sizeof(lmsg); i++)
		lmsg[i] = (u8)(i * 7 + 1);
	/* abort and a call out of order on contexts holding secrets */
	ncr_ed25519_sign_start(&c, sk, pk);
	ncr_ed25519_sign_update(&c, lmsg, 200);
	ncr_ed25519_sign_abort(&c);
	ncr_ed25519_sign_start(&c, sk, pk);
	ncr_ed25519_sign_update(&c, lmsg, 200);
	ncr_ed25519_sign_middle(&c);
	if (ncr_ed25519_sign_middle(&c) != -EINVAL)	/* wipes */
		return 2;
	/* a signature in pieces, cut differently in the two passes */
	ncr_ed25519_sign_start(&c, sk, pk);
	for (i = 0; i < sizeof(cuts1) / sizeof(cuts1[0]); i++) {
		r |= ncr_ed25519_sign_update(&c, lmsg + off, cuts1[i]);
		off += cuts1[i];
	}
	r |= ncr_ed25519_sign_middle(&c);
	for (off = 0, i = 0; i < sizeof(cuts2) / sizeof(cuts2[0]); i++) {
		r |= ncr_ed25519_sign_update(&c, lmsg + off, cuts2[i]);
		off += cuts2[i];
	}
	r |= ncr_ed25519_sign_finish(&c, out);
	if (r || off != sizeof(lmsg))
		return 2;
	ncr_ed25519_sign(one, sk, pk, lmsg, sizeof(lmsg));
	PUBLIC(out, 64);
	PUBLIC(one, 64);
	return memcmp(out, one, 64) ? 3 : 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "all";
	int all = !strcmp(mode, "all");
	static const char *const modes[] = {
		"all", "leak", "x25519", "x25519_public", "ed25519_public",
		"ed25519_sign", "ed25519_sign_inc", "scalar",
	};
	u8 sk[32], pk[32], peer[32], out[64], msg[100], big[64];
	int i, r;

	/* an unknown mode would check nothing and pass */
	for (i = 0; i < (int)(sizeof(modes) / sizeof(modes[0])); i++)
		if (!strcmp(mode, modes[i]))
			break;
	if (i == (int)(sizeof(modes) / sizeof(modes[0]))) {
		fprintf(stderr, "unknown mode %s\n", mode);
		return 2;
	}
	for (i = 0; i < 32; i++) {
		sk[i] = (u8)(i * 29 + 7);
		peer[i] = (u8)(i * 13 + 1);
	}
	for (i = 0; i < 100; i++)
		msg[i] = (u8)i;
	for (i = 0; i < 64; i++)
		big[i] = (u8)(i * 101 + 3);
	ncr_ed25519_public(pk, sk);	/* before the key becomes secret */
	SECRET(sk, sizeof(sk));
	if (!strcmp(mode, "leak")) {
		/* one-armed, so that no compiler can turn it into a cmov */
		if (sk[3] & 1)
			printf("# odd\n");
	}
	if (all || !strcmp(mode, "x25519")) {
		r = ncr_x25519(out, sk, peer);
		PUBLIC(&r, sizeof(r));
		if (r)
			return 2;
		show("shared", out, 32);
	}
	if (all || !strcmp(mode, "x25519_public")) {
		ncr_x25519_public(out, sk);
		show("x25519 public", out, 32);
	}
	if (all || !strcmp(mode, "ed25519_public")) {
		ncr_ed25519_public(out, sk);
		show("ed25519 public", out, 32);
	}
	if (all || !strcmp(mode, "ed25519_sign")) {
		ncr_ed25519_sign(out, sk, pk, msg, sizeof(msg));
		show("signature", out, 64);
	}
	if (all || !strcmp(mode, "ed25519_sign_inc")) {
		r = sign_inc(out, sk, pk);
		if (r)
			return r;
		show("incremental signature", out, 64);
	}
	if (all || !strcmp(mode, "scalar")) {
		SECRET(big, sizeof(big));
		ncr_sc_reduce64(out, big);
		ncr_sc_muladd(out + 32, big, big + 32, out);
		show("scalars", out, 64);
	}
	return 0;
}
