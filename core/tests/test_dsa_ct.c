// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_dsa_ct.c - constant-time check of core/dlog/dsa.c and dh.c in the style
 * of ctgrind: the secrets (the private x, every random byte, hence the
 * RFC 6979 nonce k) are marked undefined for Valgrind's memcheck, which then
 * reports any conditional jump or memory address depending on them.  The
 * library declassifies (NCR_CT_CHECK) only what may leak by design:
 * validity verdicts, rejected random candidates, r and s.  Outputs that are
 * public (y, the signature) are marked defined before they are printed; the
 * DH shared secret too, to print it.  Built without sanitizers, with
 * -DNCR_CT_CHECK, by gcc and clang.
 *
 *   test_dsa_ct MODE     one check under the caller's valgrind:
 *     leak      a deliberate secret branch: memcheck must see it
 *     sign      DSA-2048/256 sign, deterministic and hedged
 *     generate  DSA key generation; DH generation with and without q
 *     derive    DH ffdhe2048 derive, and DSA/DH key pair checks (with a
 *               yield callback: its calls must not depend on x either)
 *   test_dsa_ct --run BIN...   runs every mode of each BIN under valgrind
 *                              and prints TAP (the unit test)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/memcheck.h>
#include "dlog/dsa.h"
#include "hash/hash.h"

#define SECRET(p, len)	VALGRIND_MAKE_MEM_UNDEFINED(p, len)
#define PUBLIC(p, len)	VALGRIND_MAKE_MEM_DEFINED(p, len)

static u64 s = 0x9e3779b97f4a7c15ull;

/* A fixed-seed generator whose output memcheck treats as secret. */
static void ct_rand(void *ctx, u8 *out, size_t len)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < len; i++) {
		s ^= s << 13;
		s ^= s >> 7;
		s ^= s << 17;
		out[i] = (u8)(s >> 24);
	}
	SECRET(out, len);
}

/* A yield that never stops: the calls must not depend on secrets. */
static int yields;
static int ct_yield(void *ctx)
{
	(void)ctx;
	yields++;
	return 0;
}

static const struct ncr_env env = { ct_rand, ct_yield, NULL };

static size_t hex2bin(const char *h, u8 *out)
{
	size_t n = 0;
	unsigned int v;

	while (h[0] && h[1] && sscanf(h, "%2x", &v) == 1) {
		out[n++] = (u8)v;
		h += 2;
	}
	return n;
}

/* RFC 6979 A.2.2 */
static const char p_hex[] =
	"9DB6FB5951B66BB6FE1E140F1D2CE5502374161FD6538DF1648218642F0B5C48"
	"C8F7A41AADFA187324B87674FA1822B00F1ECF8136943D7C55757264E5A1A44F"
	"FE012E9936E00C1D3E9310B01C7D179805D3058B2A9F4BB6F9716BFE6117C6B5"
	"B3CC4D9BE341104AD4A80AD6C94E005F4B993E14F091EB51743BF33050C38DE2"
	"35567E1B34C3D6A5C0CEAA1A0F368213C3D19843D0B4B09DCB9FC72D39C8DE41"
	"F1BF14D4BB4563CA28371621CAD3324B6A2D392145BEBFAC748805236F5CA2FE"
	"92B871CD8F9C36D3292B5509CA8CAA77A2ADFC7BFD77DDA6F71125A7456FEA15"
	"3E433256A2261C6A06ED3693797E7995FAD5AABBCFBE3EDA2741E375404AE25B";
static const char q_hex[] =
	"F2C3119374CE76C9356990B465374A17F23F9ED35089BD969F61C6DDE9998C1F";
static const char g_hex[] =
	"5C7FF6B06F8F143FE8288433493E4769C4D988ACE5BE25A0E24809670716C613"
	"D7B0CEE6932F8FAA7C44D2CB24523DA53FBE4F6EC3595892D1AA58C4328A06C4"
	"6A15662E7EAA703A1DECF8BBB2D05DBE2EB956C142A338661D10461C0D135472"
	"085057F3494309FFA73C611F78B32ADBB5740C361C9F35BE90997DB2014E2EF5"
	"AA61782F52ABEB8BD6432C4DD097BC5423B285DAFB60DC364E8161F4A2A35ACA"
	"3A10B1C4D203CC76A470A33AFDCBDD92959859ABD8B56E1725252D78EAC66E71"
	"BA9AE3F1DD2487199874393CD4D832186800654760E1E34C09E4D155179F9EC0"
	"DC4473F996BDCE6EED1CABED8B6F116F7AD9CF505DF0F998E34AB27514B0FFE7";
static const char x_hex[] =
	"69C7548C21D0DFEA6B9A51C9EAD4E27C33D3B3F180316E5BCAB92C933F0E4DBC";
static const char y_hex[] =
	"667098C654426C78D7F8201EAC6C203EF030D43605032C2F1FA937E5237DBD94"
	"9F34A0A2564FE126DC8B715C5141802CE0979C8246463C40E6B6BDAA2513FA61"
	"1728716C2E4FD53BC95B89E69949D96512E873B9C8F8DFD499CC312882561ADE"
	"CB31F658E934C0C197F2C4D96B05CBAD67381E7B768891E4DA3843D24D94CDFB"
	"5126E9B8BF21E8358EE0E0A30EF13FD6A664C0DCE3731F7FB49A4845A4FD8254"
	"687972A2D382599C9BAC4E0ED7998193078913032558134976410B89D2C171D1"
	"23AC35FD977219597AA7D15C1A9A428E59194F75C721EBCBCFAE44696A499AFA"
	"74E04299F132026601638CB87AB79190D4A0986315DA8EEC6561C938996BEADF";

static u8 p[256], q[32], g[256], x[256], y[256], x2[256], y2[256], sec[256];
static struct ncr_dl_parts dsa;

static void show(const char *what, const u8 *v, size_t n, int rc)
{
	PUBLIC(v, n);
	printf("# %s: rc %d, %02x%02x%02x%02x...%02x\n", what, rc, v[0], v[1], v[2], v[3],
	       v[n - 1]);
}

static int run(char **bins, int nbins)
{
	static const char *modes[] = { "leak", "sign", "generate", "derive" };
	char cmd[1024], log[512];
	int i, m, n = 0, failed = 0, rc, hit;
	FILE *f;

	if (system("command -v valgrind >/dev/null 2>&1")) {
		printf("1..0 # SKIP valgrind is not installed\n");
		return 0;
	}
	for (i = 0; i < nbins; i++) {
		const char *base = strrchr(bins[i], '/') ? strrchr(bins[i], '/') + 1 : bins[i];

		for (m = 0; m < 4; m++) {
			snprintf(log, sizeof(log), "build/ct/%s-%s.log", base, modes[m]);
			snprintf(cmd, sizeof(cmd),
				 "valgrind -q --error-exitcode=1 --track-origins=yes %s %s >%s 2>&1",
				 bins[i], modes[m], log);
			rc = system(cmd);
			rc = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
			hit = 0;
			snprintf(cmd, sizeof(cmd), "grep -q 'depends on uninitialised' %s", log);
			if (m == 0)
				hit = system(cmd) == 0;
			n++;
			if ((m == 0 && rc == 1 && hit) || (m && rc == 0)) {
				printf("ok %d - %s: %s\n", n, base,
				       m ? modes[m] : "memcheck flags a deliberate secret branch");
			} else {
				failed++;
				printf("not ok %d - %s: %s (valgrind exit %d, see %s)\n", n, base,
				       modes[m], rc, log);
				f = fopen(log, "r");
				while (f && fgets(cmd, sizeof(cmd), f) && n < 1000)
					printf("# %s", cmd);
				if (f)
					fclose(f);
			}
		}
	}
	printf("1..%d\n", n);
	return failed != 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "sign";
	struct ncr_dl_parts d;
	u8 dig[32], sig[64];
	size_t xl = 0;
	void *scratch;
	int rc;

	if (!strcmp(mode, "--run"))
		return run(argv + 2, argc - 2);
	scratch = malloc(ncr_dl_scratch_size(2048));
	hex2bin(p_hex, p);
	hex2bin(q_hex, q);
	hex2bin(g_hex, g);
	hex2bin(x_hex, x);
	hex2bin(y_hex, y);
	dsa = (struct ncr_dl_parts){ { p, 256 }, { q, 32 }, { g, 256 }, { y, 256 }, { x, 32 } };
	SECRET(x, sizeof(x));
	ncr_hash(NCR_HASH_SHA256, "sample", 6, dig);

	if (!strcmp(mode, "leak")) {
		memset(sig, 0, sizeof(sig));
		if (x[0] & 1)
			sig[0] = 1;
		show("leak", sig, 4, 0);
	} else if (!strcmp(mode, "sign")) {
		rc = ncr_dsa_sign(&dsa, NCR_HASH_SHA256, dig, 32, NULL, sig, scratch);
		show("deterministic r||s", sig, 64, rc);
		rc = ncr_dsa_sign(&dsa, NCR_HASH_SHA256, dig, 32, &env, sig, scratch);
		show("hedged r||s", sig, 64, rc);
	} else if (!strcmp(mode, "generate")) {
		d = dsa;
		d.x.len = d.y.len = 0;
		rc = ncr_dsa_generate(&d, &env, x2, y2, scratch);
		show("DSA y", y2, 256, rc);
		ncr_dh_ffdhe(2048, &d);
		rc = ncr_dh_generate(&d, &env, x2, &xl, y2, scratch);
		show("DH ffdhe2048 y", y2, 256, rc);
		d.q.len = 0;
		rc = ncr_dh_generate(&d, &env, x2, &xl, y2, scratch);
		show("DH PKCS#3 y", y2, 256, rc);
	} else if (!strcmp(mode, "derive")) {
		rc = ncr_dl_check_keypair_env(&dsa, &env, scratch);
		printf("# DSA keypair check %d\n", rc);
		ncr_dh_ffdhe(2048, &d);
		ct_rand(NULL, x2, 256);
		x2[0] &= 0x7f;	/* x < q */
		d.x.p = x2;
		d.x.len = 256;
		memset(y2, 0, 256);
		y2[255] = 2;	/* peer 2 (in the subgroup: 2 generates it) */
		rc = ncr_dh_derive_env(&d, y2, 256, &env, sec, scratch);
		show("DH ffdhe2048 secret", sec, 256, rc);
		printf("# %d yields\n", yields);
		d.y = d.x;	/* a DH key pair check with the 2048-bit x (y wrong) */
		rc = ncr_dl_check_keypair_env(&d, &env, scratch);
		printf("# DH keypair check %d, %d yields\n", rc, yields);
		d.q.len = 0;
		d.x.len = 28;	/* PKCS#3 x */
		rc = ncr_dh_derive(&d, y2, 256, sec, scratch);
		show("DH PKCS#3 secret", sec, 256, rc);
	} else {
		fprintf(stderr, "usage: %s leak|sign|generate|derive | --run BIN...\n", argv[0]);
		return 2;
	}
	free(scratch);
	return 0;
}
