// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_der_ct.c - constant-time check of core/der/der*.c in the style of
 * ctgrind: the contents of private components (RSA d, p, q, dp, dq, qinv;
 * DSA x; EC d; Ed25519 seed) are marked undefined for Valgrind's memcheck,
 * which reports any branch or memory address depending on them.  Run by
 * core/tests/ct-check.sh under `valgrind --error-exitcode=1`.  der.c is built with
 * -DNCR_DER_CT_CHECK so that the values the encoding makes public anyway
 * (an INTEGER's validity verdict and magnitude length) are declassified
 * there; outputs are marked defined again before they are compared.
 *
 *   test_der_ct parse  - PKCS8 (RSA, DSA, EC, Ed25519) and PKCS1 parsing
 *   test_der_ct write  - PKCS8 and PKCS1 writing of the same keys
 *   test_der_ct leak   - a deliberate secret branch: memcheck must see it
 */
#include <stdio.h>
#include <string.h>
#include <valgrind/memcheck.h>
#include "der/der.h"

#define SECRET(p, len)	VALGRIND_MAKE_MEM_UNDEFINED(p, len)
#define PUBLIC(p, len)	VALGRIND_MAKE_MEM_DEFINED(p, len)

static u8 pool[4096];
static size_t used;

static u32 rnd(void)
{
	static u64 s = 0x9e3779b97f4a7c15ull;

	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return (u32)(s >> 16);
}

/* A number of len bytes; top: 0 leading zero byte, 1 top bit set, 2 clear */
static struct ncr_bytes num(size_t len, int top)
{
	struct ncr_bytes b = { pool + used, len };
	size_t i;

	for (i = 0; i < len; i++)
		pool[used + i] = (u8)rnd();
	pool[used] = top == 0 ? 0 : top == 1 ? (pool[used] | 0x80) : ((pool[used] & 0x7f) | 1);
	used += len;
	return b;
}

static int failures;

static void check(int cond, const char *what)
{
	PUBLIC(&cond, sizeof(cond));
	if (!cond) {
		printf("FAIL: %s\n", what);
		failures++;
	}
}

#define NKEYS 5

static void make_keys(struct ncr_pk_parts *k)
{
	static u8 pt[65];
	size_t i;

	memset(k, 0, NKEYS * sizeof(*k));
	used = 0;
	/* RSA, PKCS8 and PKCS1, components of every leading-byte kind */
	for (i = 0; i < 2; i++) {
		k[i].type = NCR_PK_RSA;
		k[i].priv = 1;
		k[i].rsa.n = num(256, 1);
		k[i].rsa.e = num(3, 2);
		k[i].rsa.d = num(256, (int)i);
		k[i].rsa.p = num(128, 1);
		k[i].rsa.q = num(128, 2);
		k[i].rsa.dp = num(128, 0);
		k[i].rsa.dq = num(128, 1 + (int)i);
		k[i].rsa.qinv = num(127, 2 - (int)i);
	}
	k[2].type = NCR_PK_DSA;
	k[2].priv = 1;
	k[2].dl.p = num(256, 1);
	k[2].dl.q = num(32, 1);
	k[2].dl.g = num(256, 2);
	k[2].dl.x = num(32, 0);
	k[3].type = NCR_PK_EC;
	k[3].priv = 1;
	k[3].ec.curve = NCR_EC_P256;
	pt[0] = 4;
	for (i = 1; i < sizeof(pt); i++)
		pt[i] = (u8)rnd();
	k[3].ec.point.p = pt;
	k[3].ec.point.len = sizeof(pt);
	k[3].ec.d = num(33, 0);		/* written as 32 bytes */
	k[4].type = NCR_PK_ED25519;
	k[4].priv = 1;
	k[4].k25519.priv = num(32, 1);
}

static void secret_parts(const struct ncr_pk_parts *k)
{
	switch (k->type) {
	case NCR_PK_RSA:
		SECRET((void *)k->rsa.d.p, k->rsa.d.len);
		SECRET((void *)k->rsa.p.p, k->rsa.p.len);
		SECRET((void *)k->rsa.q.p, k->rsa.q.len);
		SECRET((void *)k->rsa.dp.p, k->rsa.dp.len);
		SECRET((void *)k->rsa.dq.p, k->rsa.dq.len);
		SECRET((void *)k->rsa.qinv.p, k->rsa.qinv.len);
		break;
	case NCR_PK_DSA:
		SECRET((void *)k->dl.x.p, k->dl.x.len);
		break;
	case NCR_PK_EC:
		SECRET((void *)k->ec.d.p, k->ec.d.len);
		break;
	default:
		SECRET((void *)k->k25519.priv.p, k->k25519.priv.len);
	}
}

/* An INTEGER's whole contents: the sign byte before the magnitude too. */
static void secret_int(const struct ncr_bytes *b)
{
	const u8 *p = b->p;
	size_t len = b->len;

	if (p[-1] == 0) {	/* a sign byte (a length byte is never 0 here) */
		p--;
		len++;
	}
	SECRET((void *)p, len);
}

static u32 fmt_of(int i)
{
	return i == 1 ? NCR_DER_PKCS1 : NCR_DER_PKCS8;
}

static void run_write(void)
{
	struct ncr_pk_parts k[NKEYS];
	static u8 ref[2048], out[2048];
	size_t rlen, olen;
	int i, err;

	make_keys(k);
	for (i = 0; i < NKEYS; i++) {
		rlen = sizeof(ref);
		err = ncr_der_write_key(fmt_of(i), &k[i], ref, &rlen);
		check(!err, "reference write");
		secret_parts(&k[i]);
		olen = 0;
		err = ncr_der_write_key(fmt_of(i), &k[i], NULL, &olen);
		PUBLIC(&olen, sizeof(olen));
		check(err == -ERANGE && olen == rlen, "length query with secret parts");
		olen = sizeof(out);
		err = ncr_der_write_key(fmt_of(i), &k[i], out, &olen);
		PUBLIC(&olen, sizeof(olen));
		PUBLIC(out, sizeof(out));
		check(!err && olen == rlen && !memcmp(out, ref, rlen), "write with secret parts");
	}
	PUBLIC(pool, sizeof(pool));
}

static void run_parse(void)
{
	struct ncr_pk_parts k[NKEYS], a, b;
	static u8 der[NKEYS][2048];
	size_t len[NKEYS];
	int i;

	make_keys(k);
	for (i = 0; i < NKEYS; i++) {
		len[i] = sizeof(der[i]);
		check(!ncr_der_write_key(fmt_of(i), &k[i], der[i], &len[i]), "write");
		memset(&a, 0, sizeof(a));
		a.priv = 1;
		check(!ncr_der_parse_key(fmt_of(i), der[i], len[i], &a), "reference parse");
		/* the private contents of the encoding become secret */
		switch (a.type) {
		case NCR_PK_RSA:
			secret_int(&a.rsa.d);
			secret_int(&a.rsa.p);
			secret_int(&a.rsa.q);
			secret_int(&a.rsa.dp);
			secret_int(&a.rsa.dq);
			secret_int(&a.rsa.qinv);
			break;
		case NCR_PK_DSA:
			secret_int(&a.dl.x);
			break;
		default:
			secret_parts(&a);
		}
		memset(&b, 0, sizeof(b));
		b.priv = 1;
		check(!ncr_der_parse_key(fmt_of(i), der[i], len[i], &b), "parse of secret contents");
		PUBLIC(der[i], len[i]);
		check(!memcmp(&a, &b, sizeof(a)), "same parts");
	}
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "parse";

	if (!strcmp(mode, "parse")) {
		run_parse();
	} else if (!strcmp(mode, "write")) {
		run_write();
	} else if (!strcmp(mode, "leak")) {
		u8 s = (u8)rnd();
		u32 i, acc = 0;

		SECRET(&s, 1);
		/* deliberately secret-dependent: a loop count (no cmov for that) */
		for (i = 0; i < (u32)(s & 7); i++)
			acc += rnd();
		PUBLIC(&acc, sizeof(acc));
		printf("leak: %u\n", acc);
	} else {
		fprintf(stderr, "usage: %s parse|write|leak\n", argv[0]);
		return 2;
	}
	printf("%s: %d failures\n", mode, failures);
	return failures ? 3 : 0;
}
