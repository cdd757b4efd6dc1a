// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_dh_params.c - validation of DH parameters someone chose
 * (ncr_dh_check_params_full: safe primes, X9.42 groups, bad ones), the
 * primality tests it rests on (strong Lucas, against OpenSSL), and the
 * yields of the long DH operations; part of build/tests/test_dsa_unit.
 * TAP (test_tap_split.h).
 */
#include <string.h>
#include <time.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include "dlog/dsa.h"
#include "bn/prime.h"
#include "test_tap_split.h"
#include "test_dlog.h"

/* --- DH parameter validation (ncr_dh_check_params_full), yields --- */

/*
 * Safe primes from `openssl dhparam 2048` and `openssl dhparam 2052` (g = 2,
 * p = 7 mod 8: 2 is a quadratic residue), the X9.42 group of `openssl
 * genpkey -genparam -algorithm DHX` (2048/256), and bad parameters made
 * with Python (sympy): pcq_p prime with (p-1)/2 = a b composite (no factor
 * below 2048), cpq_p = 2q + 1 composite (no factor below 2048) with q
 * prime, cq_* X9.42 params whose q is the product of two 128-bit primes
 * (p prime, g of order q), sq_* X9.42 params with a 160-bit prime q.
 */
static const char *safe2048_p =
	"bae1895c4cf8efef868a285f82ea121ff4a3bae184ad031a35f519162ec6cd3d"
	"40887900a7c7ace354faa4cdebf09f153cc09d2c47a14f6b3fdd050f8eec5b5b"
	"d7a4f65ac5205e688bc0c9624d4df88231080a8a98bec1b49be3b401d5d65b78"
	"d5b161ce6eb3704e8919f266d8b7c1dbfa826ecb85eb601dbfd831eddb6a2774"
	"60893daecc61b88b9ff58f38eedc99528e0b4f6bfa420bea9b5f9a6a27517a28"
	"6785892ed4aa68a1cad62dd79eaec6c02cbd14b0b671dcb957f85636b0fa3da6"
	"f87879b0babc0b928b01d7066bd851eb11635197df33fcc5117d49d0db48d4a1"
	"489e27c64c53dbe14d1fe8936fa789706b688d1e2759a16d33d0086258e7843f";

static const char *safe2052_p =
	"09656829eeae1432156d7938e3b7eb5e8b37918890802c029aa77eb4cf391076"
	"2a3027a427ac491cc4f52c6b636560f8457a30dfa273077be166c5e3e297a8f5"
	"32c0fb6447e3957ac83f764a91e0938cec093ffd184bedd5d33589fd6c35a6c8"
	"04e0b86b07638a71ec0b95d1d4e4cec3d34a33125d1863e9f88002f2a3d5b18b"
	"fd2b3e5a6f90961879540bfa7a9b75004b1cf44090156695a97e01bd949cb155"
	"dea3fdb76d9f793ec89c0372cdad752d7cc0038883ed8aec3af2543e858363ba"
	"557e2e2e42462d7173310a07d923c76a76a99afff9af20119188f8cabec2d2bc"
	"3fc6999f1dbfd4f8fe02484600d25b4cfb741ffac93de787a64dc1aaf1a3615c"
	"3f";

static const char *dhx2048_p =
	"854cf448a22620758511c4e643807914285a7c5ee5adb577edd0186c7fce403f"
	"1016c73089d5cbcedc618731c2c3fb6a0d83d5a34ef1562f6f2fe9a64c4c067f"
	"56962653dfc4b9b4ff433d33bde5d3399c6fe73f15e7c79edc136e1014873c33"
	"55608e917bb08ad892088dafff1b604b14d9f8f8d00a4fb4b334a0009ccb0ade"
	"c7ee32eb1146d0596fb6d288eaf1706b87abe44590600eff35090bb5fa0023aa"
	"096bb5ccccdd19aecb15c32851d02e1eafd451434bec5ec68f6b9850a29cc876"
	"1c78ea97b2e7876c303674a014445646f7c94b90a5d49211115ee5ab2ce9b439"
	"38dc0d6da2573a2b196cfd124cccd8064674c7753b270e6c79a284b0d063439d";

static const char *dhx2048_q =
	"8c7ad63e4e7d9b86b6d2951b86c1583fe82546d6de1e6568158465747a5f6a5f";

static const char *dhx2048_g =
	"4c62482255e7a077a67c943c8de64ee2ba5b16e23e4e7f5f04b74ec35c554d3f"
	"7e37f5af62ace35c7d9c027e7c2451c0b17e9d0f47ff08b929a0d7319480e7ae"
	"a53f008865cf74af51cb5cc2063bc52acc718b45773b15a502d38d25c093a17d"
	"918eec8fbf6bb2eedebec77613d16248a96aa7b6c9cb5e626c69296888471a7f"
	"baf31c3f28326f4012a08216d865ab3c1d4e3de87d7d7de3d1587bfe4d5b8ea7"
	"37d889795be8ce5c372810fa40634e215970bf866c1d953af49c41d79edee288"
	"d575f1d5c430a9997dee8ec13c187ece073879f117cabde7af71a8a05e773720"
	"2659ac120c5fbbe48b63f59343d726f66460da5a01cbcd1fdfc900b23d09a058";

static const char *pcq_p =
	"8b552985fcd6d72de68958a56cfab375df33a817d727b8762aba483eeb81ce82"
	"c66307891a7a22719ec544fce45a6ddfd9c7f44dd099d03943e26e861e11b816"
	"6df54906b5db4c6381fb4bd17e58a04e3021b55fca8a0f9cbeaffd159392a3d6"
	"a31dd00c5e48ecd5259d63a4cb58e733d61d4a58e6dbd6c4a9266d76027f260a"
	"b6b4b86ac81d343a6bd6aa8ccaa840e0b3dadfbe990c086e474eee7dc714aad9"
	"fc7089c9b08659aed4ea22c93e0ea186cc5956af19b373b3ecdfec219ce582dd"
	"348f522f6ff336605ae570f51399aabc1f55d5a2a92246f9df182c33701b083b"
	"ba783fe0de01b264fc0468d8f9be1cdc0e16b3f6d54c5d157ea6cc2e87bccba7";

static const char *cpq_p =
	"fb243f896e5f9af4910bfcad97188f68a2483869221c3299009545941be25c58"
	"15e84812a724037adf3ff16fb6f36cbc10b44c9c2b3fae4c6269c897f56114d2"
	"b9a8d63a3c5bf710ecc30363e1f2588e2caa5daa6023db7b458db145d418925c"
	"2d4133e3f7a1af4297bef9a6fc59de3685edea29d6a9f32e80dc65335027d7f8"
	"a476b5164d6885b7ba1701a53c263666de5c779b583571112378a14d02735ef9"
	"116c35bfabf8438b9f46a1e71fc2f012ae22c81a186cd598241be3ce5741af3a"
	"bd2582200276cb0286218991272bb60e1b9a76bd7ece77141dfd2c252108dbf8"
	"b12c17fa94f41cd152cc381ae9a4b3ffd49da75858e5a9d31da41c479cbf9627";

static const char *cq_p =
	"8025b9d43ffc29d8db87b0a7ab3f7c35fe7be7a23c86a761c1b8dc72a27e1cb6"
	"454a47ee4e407da0c9a3204c03663e7078d13ae864791842188250c6b63593a8"
	"f25a0c4313ed73a7b79ebf97034b5715b5de0fa772135c34427a485345dd39a3"
	"6d54a15d4875f72b8958cc025908a9195bd203fc009183f3d1a6187ce638e090"
	"3c1bf6e64e96feeaef976b4aa5f93309ffb161d52fbf5f25c73fdb6a428a4f30"
	"754232a7ceb3e4f48f68ffdef46802b62d75d22f7f790923e4e50d0c03ec147d"
	"a36b81b52f637cf6b7ab5c993cb56d393fcb97a770aae3154875a7be9b693471"
	"ea5893a84bf9a92960eeaf5fed2c554bca38f15a853954a98acabb2878910aab";

static const char *cq_q =
	"b8e608b17c66fe02769bc23fce72cec71913a630c72051e6c0cbfcc23f822af5";

static const char *cq_g =
	"7a5131512d93d685c162b063ae3bae4455c8eb02a160d9b035b2df8220a5c390"
	"7c505a0fcd1579312494911b1c12806a065bcae628b2f4015201900a696f2706"
	"c9c09f293f05e4c174bb5eb966142ca87ef85183f21e4756a996c19a0b82f23a"
	"e09a3346ff1e8cb43279abebccd217faca5e858d8ec5ad56f3f48fe3a5162ce3"
	"5780611e18f063bb6340335f4e7ad9a153459df91f9cb2dc7a306edfc033bf94"
	"eb56d5331915df22f477e96ac93a4a5e5e4a454dc69f40f2e47dcdf23859fe0c"
	"320c3bd1bf84a59148047b2e71e5547e4b07a942a71a2865dd3520ce91c0d4c2"
	"41986729255aa41441b94f6c67fdec81aa88991a6873a639a1bf865e490cd30a";

static const char *sq_p =
	"b801d38501514a14f6ebb3bfc32a58c46a2523ff6aeb12e29d208df7aa2ef3a7"
	"0230db4c9ae6e433e0469f284509c3fd838145a01bc8d164407ea0279325f508"
	"28657534bbbca9cad433b4dbc5c7e1565eaf67007f336ccccb8b3ea9150d706b"
	"173cd72886850f77e9f3b93e7f4c2c067fe52a357f5898a46ccd970985eaa55c"
	"4379ea62149c86614d5ec6a10c7db51219371aa1b2b9cf098531bf1231ce5b65"
	"3553b529776f8a3aa4d949a968a1a1eeaecc7c0dfa8f284f9d510cf3407a7f5d"
	"63eeff7028bc2e81b0330b15b01ccd0200bcf124a3a90dd91f2d149fb8deb9ae"
	"372c20654ac82eb533b02ff363c571acfaa521c3892de50de2029d4d1ce18197";

static const char *sq_q =
	"e4ff2f0929e9fea4f52d9cc0272f190337e11203";

static const char *sq_g =
	"a959e40bcfb22321928b01cace22c03ce6f989bd1c03d9e15207acb75ac90c3e"
	"40e91b5a94b69d424cd5f38c7efe5d39be164bcfe63e9e49bfb1e4920508127e"
	"451ed528bc92a9999b3d897cdf889b22d164a8b2e54cc02a1a7eee6cfce77992"
	"f441cfd5db673ef09a1a40caffeefc381d59cdfe3e055450a2794e65d109284c"
	"1bab700093996bc8c51c33b5eca31bda2d2418912a6e7fbc830651e8983c4f62"
	"a0087f68a23b390542e726149be7eeb549c80147fb026d0825d01a5877da540c"
	"ffeb676b619b2c2065a7ed62b7209abe6cd7fa4c18ce110af4674ba560729fb0"
	"326bf4238ae29d30fd4e8be6505aaa6a030a8bcef80ac44fb8ea78cfd98e6ae1";

struct count_env {
	int rand_calls, yields, stop_after;	/* stop_after < 0: never */
};

static void count_rand(void *ctx, u8 *out, size_t len)
{
	((struct count_env *)ctx)->rand_calls++;
	env_rand(NULL, out, len);
}

static int count_yield(void *ctx)
{
	struct count_env *c = ctx;

	return c->yields++ == c->stop_after;
}

/* Big-endian (p - 1) / 2 of p (plen bytes) into out: its byte length. */
static size_t half_of(const u8 *p, size_t plen, u8 *out)
{
	BIGNUM *b = BN_bin2bn(p, (int)plen, NULL);
	size_t n;

	BN_rshift1(b, b);
	n = (size_t)BN_bn2bin(b, out);
	BN_free(b);
	return n;
}

/* k from hex p, q (NULL: none), g (NULL: 2). */
static void dh_key(struct key *k, const char *p, const char *q, const char *g)
{
	memset(k, 0, sizeof(*k));
	set_hex(k->p, &k->plen, p);
	if (q)
		set_hex(k->q, &k->qlen, q);
	if (g) {
		set_hex(k->g, &k->glen, g);
	} else {
		k->g[0] = 2;
		k->glen = 1;
	}
}

static int full_check(struct key *k, struct count_env *c, u8 *qo, size_t *ql)
{
	struct ncr_env e = { count_rand, count_yield, c };
	struct ncr_dl_parts d = parts(k);

	return ncr_dh_check_params_full(&d, &e, qo, ql, scratch);
}

void test_dh_full_ffdhe(void)
{
	static const u32 sizes[] = { 2048, 3072, 4096 };
	struct count_env c = { 0, 0, -1 };
	struct ncr_dl_parts d;
	struct key k;
	u8 qo[1024];
	size_t ql, i;
	int r1, r2, same;

	for (i = 0; i < 3; i++) {
		ncr_dh_ffdhe(sizes[i], &d);
		memset(&k, 0, sizeof(k));
		memcpy(k.p, d.p.p, k.plen = d.p.len);
		memcpy(k.g, d.g.p, k.glen = d.g.len);
		c = (struct count_env){ 0, 0, -1 };
		ql = sizeof(qo);
		r1 = full_check(&k, &c, qo, &ql);
		same = ql == d.q.len && !memcmp(qo, d.q.p, ql);
		memcpy(k.q, d.q.p, k.qlen = d.q.len);
		ql = sizeof(qo);
		r2 = full_check(&k, &c, qo, &ql);
		ok(r1 == 0 && same && r2 == 0 && ql == 0 && !c.rand_calls && !c.yields,
		   "full check ffdhe%u: with and without q, no primality work (%d rand, %d yields); "
		   "q_out is the group's q", sizes[i], c.rand_calls, c.yields);
	}
}

void test_dh_full_good(void)
{
	struct count_env c = { 0, 0, -1 };
	struct key k, k2;
	struct ncr_dl_parts d;
	u8 qo[1024], want[1024];
	size_t ql, wl;
	clock_t t0;
	int r;

	dh_key(&k, safe2048_p, NULL, NULL);
	t0 = clock();
	ql = sizeof(qo);
	r = full_check(&k, &c, qo, &ql);
	wl = half_of(k.p, k.plen, want);
	ok(r == 0 && ql == 256 && wl == 256 && !memcmp(qo, want, wl),
	   "full check: 2048-bit safe prime, no q: accepted, q_out = (p-1)/2 (%.2f s, %d rand, "
	   "%d yields)", (double)(clock() - t0) / CLOCKS_PER_SEC, c.rand_calls, c.yields);
	memcpy(k.q, qo, k.qlen = ql);
	d = parts(&k);
	ok(ncr_dh_q_is_half(&d) && ncr_dh_check_params(&d, scratch) == 0,
	   "2048-bit safe prime with its q: q_is_half; structural check");
	ql = sizeof(qo);
	ok(full_check(&k, &c, qo, &ql) == 0 && ql == 0,
	   "full check: the same with q = (p-1)/2 given (X9.42 form): accepted, nothing written");
	test_dh_agree(&k, NULL, "DH 2048-bit safe prime, q kept", 28);
	test_dh_peer(&k, "DH 2048-bit safe prime, q kept", 1);
	ql = 255;
	k.qlen = 0;
	ok(full_check(&k, &c, qo, &ql) == -EINVAL && ql == 0,
	   "full check: q_out room of 255 bytes for a 256-byte q -> EINVAL");

	/* 2052 bits: p of 257 bytes, q of 2051 bits */
	dh_key(&k, safe2052_p, NULL, NULL);
	ql = sizeof(qo);
	r = full_check(&k, &c, qo, &ql);
	wl = half_of(k.p, k.plen, want);
	ok(r == 0 && k.plen == 257 && ql == 257 && wl == 257 && !memcmp(qo, want, wl),
	   "full check: 2052-bit safe prime: accepted, q_out = (p-1)/2 of 257 bytes");
	test_dh_agree(&k, NULL, "DH 2052-bit safe prime, PKCS#3", 28);
	k2 = k;
	memcpy(k2.q, qo, k2.qlen = ql);
	test_dh_agree(&k2, NULL, "DH 2052-bit safe prime, q kept", 28);
	test_dh_peer(&k2, "DH 2052-bit safe prime, q kept", 1);

	dh_key(&k, dhx2048_p, dhx2048_q, dhx2048_g);
	ql = sizeof(qo);
	r = full_check(&k, &c, qo, &ql);
	d = parts(&k);
	ok(r == 0 && ql == 0 && !ncr_dh_q_is_half(&d),
	   "full check: OpenSSL's X9.42 (DHX) 2048/256 params: accepted");
	test_dh_agree(&k, NULL, "DH OpenSSL DHX 2048/256", 32);
}

void test_dh_full_bad(void)
{
	struct count_env c = { 0, 0, -1 };
	struct ncr_dl_parts d;
	struct key k;
	u8 qo[1024];
	size_t ql = sizeof(qo);
	int r[4];

	dh_key(&k, cpq_p, NULL, NULL);
	r[0] = full_check(&k, &c, qo, &ql);
	dh_key(&k, pcq_p, NULL, NULL);
	r[1] = full_check(&k, &c, qo, &ql);
	ok(r[0] == -EINVAL && r[1] == -EINVAL && ql == 0,
	   "full check, no q: p = 2q+1 composite with q prime; p prime with (p-1)/2 composite "
	   "(no small factors in either): rejected");
	dh_key(&k, safe2048_p, NULL, NULL);
	memcpy(k.g, k.p, k.glen = k.plen);
	k.g[k.glen - 1] -= 2;	/* p - 2: a non-residue for p = 7 mod 8 */
	r[0] = full_check(&k, &c, NULL, NULL);
	k.g[k.glen - 1] += 1;	/* p - 1 */
	r[1] = full_check(&k, &c, NULL, NULL);
	memset(k.g, 0, k.glen);
	k.g[k.glen - 1] = 1;
	r[2] = full_check(&k, &c, NULL, NULL);
	ok(r[0] == -EINVAL && r[1] == -EINVAL && r[2] == -EINVAL,
	   "full check, safe prime: g = p-2 (order 2q), g = p-1, g = 1 rejected");
	/* DSA-style primes: p = 3 mod 4 with (p-1)/2 = q k; p = 1 mod 4 ((p-1)/2 even) */
	dh_key(&k, r2048_p, NULL, NULL);
	r[0] = full_check(&k, &c, NULL, NULL);
	dh_key(&k, dhx2048_p, NULL, NULL);
	r[1] = full_check(&k, &c, NULL, NULL);
	/* a changed p */
	dh_key(&k, safe2048_p, NULL, NULL);
	k.p[100] ^= 0x40;
	r[2] = full_check(&k, &c, NULL, NULL);
	ok(r[0] == -EINVAL && r[1] == -EINVAL && r[2] == -EINVAL,
	   "full check, no q: the primes of the RFC 6979 DSA group (p = 3 mod 4) and of the DHX "
	   "group (p = 1 mod 4), a changed safe prime: rejected");

	dh_key(&k, cq_p, cq_q, cq_g);
	r[0] = full_check(&k, &c, NULL, NULL);
	dh_key(&k, sq_p, sq_q, sq_g);
	r[1] = full_check(&k, &c, NULL, NULL);
	dh_key(&k, dhx2048_p, dhx2048_q, dhx2048_g);
	k.q[k.qlen - 1] += 2;	/* no longer divides p - 1 */
	r[2] = full_check(&k, &c, NULL, NULL);
	dh_key(&k, dhx2048_p, dhx2048_q, dhx2048_g);
	k.g[20] ^= 1;		/* not of order q */
	r[3] = full_check(&k, &c, NULL, NULL);
	ok(r[0] == -EINVAL && r[1] == -EINVAL && r[2] == -EINVAL && r[3] == -EINVAL,
	   "full check, X9.42: q composite (product of two 128-bit primes), 160-bit q, "
	   "q not dividing p-1, g not of order q: rejected");
	dh_key(&k, cq_p, cq_q, cq_g);
	d = parts(&k);
	ok(ncr_dh_check_params(&d, scratch) == 0,
	   "(the composite-q params pass the structural check: only primality refuses them)");
	dh_key(&k, safe2048_p, NULL, NULL);
	d = parts(&k);
	ok(full_check(&k, &c, qo, NULL) == -EINVAL &&
	   ncr_dh_check_params_full(&d, NULL, NULL, NULL, scratch) == -EINVAL,
	   "full check: q_out without q_len, no env -> EINVAL");
}

/* Every long DH function returns EINTR when the yield says stop. */
void test_dh_yield(void)
{
	struct count_env c;
	struct ncr_env e = { count_rand, count_yield, &c };
	struct ncr_dl_parts d;
	struct key k;
	u8 x[1024], y[1024], s[1024], qo[1024];
	size_t ql;
	int r[6], n[6], i;

	/* check_params_full: right away, then after 3 yields */
	dh_key(&k, safe2048_p, NULL, NULL);
	d = parts(&k);
	for (i = 0; i < 2; i++) {
		c = (struct count_env){ 0, 0, i ? 3 : 0 };
		ql = sizeof(qo);
		r[i] = ncr_dh_check_params_full(&d, &e, qo, &ql, scratch);
		n[i] = c.yields;
	}
	ok(r[0] == -EINTR && n[0] == 1 && r[1] == -EINTR && n[1] == 4 && ql == 0,
	   "full check: a yield saying stop at the 1st / 4th call -> EINTR");

	/* derive with a 2048-bit x (ffdhe2048): 4 yields, the 2nd stops */
	ncr_dh_ffdhe(2048, &d);
	memset(x, 0x5a, 256);
	x[0] = 0x3a;
	d.x = (struct ncr_bytes){ x, 256 };
	memset(y, 0, 256);
	y[255] = 2;
	c = (struct count_env){ 0, 0, -1 };
	r[0] = ncr_dh_derive_env(&d, y, 256, &e, s, scratch);
	n[0] = c.yields;
	r[1] = ncr_dh_derive(&d, y, 256, x + 256, scratch);
	c = (struct count_env){ 0, 0, 1 };
	memset(s + 256, 0xee, 256);
	r[2] = ncr_dh_derive_env(&d, y, 256, &e, s + 256, scratch);
	ok(r[0] == 0 && n[0] >= 2 && r[1] == 0 && !memcmp(s, x + 256, 256) && r[2] == -EINTR &&
	   s[256] == 0xee && s[511] == 0xee,
	   "derive (2048-bit x): %d yields, same secret as without env; stop at the 2nd -> EINTR, "
	   "secret not written", n[0]);

	/* keypair check of the same size */
	c = (struct count_env){ 0, 0, 0 };
	ncr_dh_ffdhe(2048, &d);
	d.x = (struct ncr_bytes){ x, 256 };
	d.y = (struct ncr_bytes){ y, 256 };
	r[0] = ncr_dl_check_keypair_env(&d, &e, scratch);
	ok(r[0] == -EINTR, "keypair check (2048-bit x): stop at the 1st yield -> EINTR");

#ifndef DSA_TEST_SHORT
	{
		struct key k8 = { 0 };
		EVP_PKEY *pk = ossl_key("DH", &k8, "ffdhe8192");
		clock_t t0;
		size_t xl;

		k8.plen = pk ? get_bn(pk, OSSL_PKEY_PARAM_FFC_P, k8.p, 0) : 0;
		k8.qlen = pk ? get_bn(pk, OSSL_PKEY_PARAM_FFC_Q, k8.q, 0) : 0;
		k8.g[0] = 2;
		k8.glen = 1;
		EVP_PKEY_free(pk);
		/* ffdhe8192 is not one of ours: the whole safe-prime test */
		c = (struct count_env){ 0, 0, -1 };
		t0 = clock();
		k = k8;
		k.qlen = 0;
		ql = sizeof(qo);
		r[0] = full_check(&k, &c, qo, &ql);
		ok(r[0] == 0 && ql == 1024 && !memcmp(qo, k8.q, 1024),
		   "full check: ffdhe8192 (not built in) as PKCS#3: accepted, q_out its q "
		   "(%.1f s, %d yields)", (double)(clock() - t0) / CLOCKS_PER_SEC, c.yields);
		/* generate: 400-bit x over 8192 bits */
		d = parts(&k8);
		c = (struct count_env){ 0, 0, -1 };
		r[0] = ncr_dh_generate(&d, &e, x, &xl, y, scratch);
		n[0] = c.yields;
		k8.xlen = xl;
		memcpy(k8.x, x, xl);
		k8.ylen = 1024;
		memcpy(k8.y, y, 1024);
		c = (struct count_env){ 0, 0, 2 };
		memset(s, 0xee, 1024);
		xl = 0;
		r[1] = ncr_dh_generate(&d, &e, s, &xl, s, scratch);
		ok(r[0] == 0 && n[0] >= 3 && r[1] == -EINTR && xl == 0 && s[0] == 0xee && s[1023] == 0xee,
		   "generate (ffdhe8192): %d yields; stop at the 3rd -> EINTR, nothing written", n[0]);
		d = parts(&k8);
		c = (struct count_env){ 0, 0, -1 };
		r[0] = ncr_dl_check_keypair_env(&d, &e, scratch);
		r[1] = ncr_dh_check_public_env(&d, k8.y, 1024, &e, scratch);
		ok(r[0] == 0 && r[1] == 0, "ffdhe8192 key pair: keypair check, public check (%d yields)",
		   c.yields);
		/* the peer check of a group with q < (p-1)/2 exponentiates: p of ffdhe8192
		 * with the 256-bit q of the DHX group (structure only: 3^q != 1) */
		k = k8;
		set_hex(k.q, &k.qlen, dhx2048_q);
		d = parts(&k);
		memset(y, 0, 1024);
		y[1023] = 3;
		c = (struct count_env){ 0, 0, -1 };
		r[0] = ncr_dh_check_public_env(&d, y, 1024, &e, scratch);
		n[0] = c.yields;
		c = (struct count_env){ 0, 0, 0 };
		r[1] = ncr_dh_check_public_env(&d, y, 1024, &e, scratch);
		ok(r[0] == -EINVAL && n[0] >= 1 && r[1] == -EINTR,
		   "public check exponentiating at 8192 bits: %d yields; stop at the 1st -> EINTR",
		   n[0]);
	}
#endif
}

/* The strong Lucas test and the test for chosen numbers. */
void test_lucas(void)
{
	/* strong Lucas pseudoprimes (OEIS A217255), strong pseudoprimes to base 2 (A001262) */
	static const u32 slpsp[] = { 5459, 5777, 10877, 16109, 18971, 22499, 24569, 25199, 40309 };
	static const u32 spsp2[] = { 3277, 4033, 4681, 8321, 15841, 29341, 42799, 49141, 52633 };
	static ncr_limb w[NCR_BN_LIMBS(2048)], t[NCR_PRIME_TEST_SCRATCH(NCR_BN_LIMBS(2048))];
	u8 buf[256];
	BIGNUM *b = BN_new();
	BN_CTX *ctx = BN_CTX_new();
	size_t i, n, bad = 0, nprime = 0;
	int r, want;

	for (i = 0; i < sizeof(slpsp) / sizeof(slpsp[0]); i++) {
		ncr_bn_set_u32(w, 1, slpsp[i]);
		bad += ncr_prime_lucas(w, 1, NULL, t) != 1;
		bad += ncr_prime_test_untrusted(w, 1, 4, &env, t) != 0;
		ncr_bn_set_u32(w, 1, spsp2[i]);
		bad += ncr_prime_lucas(w, 1, NULL, t) != 0;
	}
	ncr_bn_set_u32(w, 1, 2047);
	ok(!bad && ncr_prime_lucas(w, 1, NULL, t) == -EINVAL,
	   "Lucas: strong Lucas pseudoprimes pass it (and not the whole test), base-2 strong "
	   "pseudoprimes fail it; w <= 2048 -> EINVAL");
	/* random odd numbers without small factors, primes, and a square */
	for (i = 0; i < 40; i++) {
		n = 64;
		if (i % 4 == 0) {
			BN_generate_prime_ex(b, 512, 0, NULL, NULL, NULL);
		} else if (i == 39) {
			BN_generate_prime_ex(b, 256, 0, NULL, NULL, NULL);
			BN_sqr(b, b, ctx);
		} else {
			do {
				BN_rand(b, 512, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ODD);
				BN_bn2binpad(b, buf, (int)n);
				ncr_bn_decode_be(w, NCR_BN_LIMBS(512), buf, n);
			} while (!ncr_prime_trial(w, NCR_BN_LIMBS(512)));
		}
		BN_bn2binpad(b, buf, (int)n);
		ncr_bn_decode_be(w, NCR_BN_LIMBS(512), buf, n);
		want = BN_check_prime(b, ctx, NULL);
		nprime += want;
		r = ncr_prime_lucas(w, NCR_BN_LIMBS(512), NULL, t);
		bad += r != want;
		r = ncr_prime_test_untrusted(w, NCR_BN_LIMBS(512), 4, &env, t);
		bad += r != want;
	}
	ok(!bad, "Lucas and the whole test agree with OpenSSL on 40 512-bit numbers (%zu prime, a "
	   "square of a prime, the others without small factors)", nprime);
	BN_free(b);
	BN_CTX_free(ctx);
}
