// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * sha256.c - the SHA-224/SHA-256 compression function (FIPS 180-4 6.2).
 * Buffering, padding and dispatch are in hmac.c.  Straight-line rounds with
 * a rolling 16-word message schedule (64 bytes of stack for W).  No branch
 * or index depends on the data.
 */
#include "hash.h"

static const u32 k256[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,
	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROR32(x, n)	(((x) >> (n)) | ((x) << (32 - (n))))
#define BS0(x)		(ROR32(x, 2) ^ ROR32(x, 13) ^ ROR32(x, 22))
#define BS1(x)		(ROR32(x, 6) ^ ROR32(x, 11) ^ ROR32(x, 25))
#define SS0(x)		(ROR32(x, 7) ^ ROR32(x, 18) ^ ((x) >> 3))
#define SS1(x)		(ROR32(x, 17) ^ ROR32(x, 19) ^ ((x) >> 10))
#define CH(x, y, z)	((z) ^ ((x) & ((y) ^ (z))))
#define MAJ(x, y, z)	(((x) & (y)) | ((z) & ((x) | (y))))

/* One round; the caller rotates the variable names instead of the values. */
#define RND(a, b, c, d, e, f, g, h, j) do {				\
	u32 t1_ = h + BS1(e) + CH(e, f, g) + k256[i + (j)] + w[j];	\
	d += t1_;							\
	h = t1_ + BS0(a) + MAJ(a, b, c);				\
} while (0)

void ncr_sha256_blocks(u32 st[8], const u8 *p, size_t nblocks)
{
	u32 a, b, c, d, e, f, g, h, w[16];
	unsigned int i, j;

	while (nblocks--) {
		for (j = 0; j < 16; j++)
			w[j] = ncr_get_be32(p + 4 * j);
		a = st[0]; b = st[1]; c = st[2]; d = st[3];
		e = st[4]; f = st[5]; g = st[6]; h = st[7];
		for (i = 0; ; i += 16) {
			RND(a, b, c, d, e, f, g, h, 0);
			RND(h, a, b, c, d, e, f, g, 1);
			RND(g, h, a, b, c, d, e, f, 2);
			RND(f, g, h, a, b, c, d, e, 3);
			RND(e, f, g, h, a, b, c, d, 4);
			RND(d, e, f, g, h, a, b, c, 5);
			RND(c, d, e, f, g, h, a, b, 6);
			RND(b, c, d, e, f, g, h, a, 7);
			RND(a, b, c, d, e, f, g, h, 8);
			RND(h, a, b, c, d, e, f, g, 9);
			RND(g, h, a, b, c, d, e, f, 10);
			RND(f, g, h, a, b, c, d, e, 11);
			RND(e, f, g, h, a, b, c, d, 12);
			RND(d, e, f, g, h, a, b, c, 13);
			RND(c, d, e, f, g, h, a, b, 14);
			RND(b, c, d, e, f, g, h, a, 15);
			if (i == 48)
				break;
			/* W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16] */
			for (j = 0; j < 16; j++)
				w[j] += SS1(w[(j + 14) & 15]) + w[(j + 9) & 15] +
					SS0(w[(j + 1) & 15]);
		}
		st[0] += a; st[1] += b; st[2] += c; st[3] += d;
		st[4] += e; st[5] += f; st[6] += g; st[7] += h;
		p += 64;
	}
	/* the schedule and working variables are derived from the data */
	ncr_wipe(w, sizeof(w));
}
