// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * sha1.c - the SHA-1 compression function (FIPS 180-4 6.1), with a rolling
 * 16-word message schedule.  Buffering, padding and dispatch are in hmac.c.
 * SHA-1 is here for PKCS#1/DSA interoperability with old keys only.
 */
#include "hash.h"

#define ROL32(x, n)	(((x) << (n)) | ((x) >> (32 - (n))))

/* W[t] for t >= 16, computed in place over W[t-16] */
#define SCHED(t) (w[(t) & 15] = ROL32(w[((t) + 13) & 15] ^ w[((t) + 8) & 15] ^ \
				      w[((t) + 2) & 15] ^ w[(t) & 15], 1))

#define STEP(fn, k, wt) do {						\
	u32 t_ = ROL32(a, 5) + (fn) + e + (k) + (wt);			\
	e = d; d = c; c = ROL32(b, 30); b = a; a = t_;			\
} while (0)

#define F0(b, c, d)	((d) ^ ((b) & ((c) ^ (d))))
#define F1(b, c, d)	((b) ^ (c) ^ (d))
#define F2(b, c, d)	(((b) & (c)) | ((d) & ((b) | (c))))

void ncr_sha1_blocks(u32 st[5], const u8 *p, size_t nblocks)
{
	u32 a, b, c, d, e, w[16];
	unsigned int t;

	while (nblocks--) {
		for (t = 0; t < 16; t++)
			w[t] = ncr_get_be32(p + 4 * t);
		a = st[0]; b = st[1]; c = st[2]; d = st[3]; e = st[4];
		for (t = 0; t < 16; t++)
			STEP(F0(b, c, d), 0x5a827999, w[t]);
		for (; t < 20; t++)
			STEP(F0(b, c, d), 0x5a827999, SCHED(t));
		for (; t < 40; t++)
			STEP(F1(b, c, d), 0x6ed9eba1, SCHED(t));
		for (; t < 60; t++)
			STEP(F2(b, c, d), 0x8f1bbcdc, SCHED(t));
		for (; t < 80; t++)
			STEP(F1(b, c, d), 0xca62c1d6, SCHED(t));
		st[0] += a; st[1] += b; st[2] += c; st[3] += d; st[4] += e;
		p += 64;
	}
	ncr_wipe(w, sizeof(w));
}
