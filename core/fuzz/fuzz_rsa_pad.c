// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * fuzz_rsa_pad.c - libFuzzer target for the RSA decryption padding removal
 * (ncr_rsa_pkcs1_unpad, ncr_rsa_pkcs1_unpad_implicit, ncr_rsa_oaep_unpad)
 * on fuzzed blocks of every length, with every hash / MGF1 pairing and a
 * fuzzed label.  Checks that a success returns a message that really is
 * the tail of the block, within bounds, and that PKCS#1 v1.5 success means
 * the structure is right; that implicit rejection returns exactly the
 * message the explicit check accepts, and otherwise a message that does
 * not depend on the block (only on the ciphertext and d), at most k - 11
 * bytes, cut to the capacity.
 *
 * Input: byte 0 selects hashes (and a capacity), byte 1 the label length,
 * then the label (also used as d), then the block (its length is k; it
 * also serves as the ciphertext).
 */
#include <stdlib.h>
#include <string.h>
#include "rsa/rsa.h"

static u8 ir[NCR_RSA_IR_SCRATCH] __attribute__((aligned(8)));

/*
 * Implicit rejection of em (ciphertext c = em, d = the label) against the
 * explicit verdict r0 / message msg0 of ol0 bytes.
 */
static void implicit(const u8 *em, size_t k, const u8 *d, size_t dl, int r0, const u8 *msg0,
		     size_t ol0, size_t cap)
{
	u8 out[NCR_RSA_KMAX], syn[NCR_RSA_KMAX], bad[NCR_RSA_KMAX];
	size_t ol = sizeof(out), sl = sizeof(syn), cl, i;
	int d_ok = dl > 0, r;

	for (i = 0; dl > k && i < dl - k; i++)
		d_ok &= !d[i];
	r = ncr_rsa_pkcs1_unpad_implicit(em, em, d, dl, k, out, &ol, ir);
	if (k < 11 || !d_ok) {
		if (r != -EINVAL)
			abort();
		return;
	}
	/* the synthetic message: that of a block with a wrong first byte */
	memset(bad, 0xff, k);
	if (r || ncr_rsa_pkcs1_unpad_implicit(bad, em, d, dl, k, syn, &sl, ir) || sl > k - 11)
		abort();
	if (r0 == 0) {
		if (ol != ol0 || memcmp(out, msg0, ol))
			abort();
	} else if (ol != sl || memcmp(out, syn, sl)) {
		abort();
	}
	/* a small capacity: the message if it fits, else the synthetic one, cut */
	cl = cap;
	if (ncr_rsa_pkcs1_unpad_implicit(em, em, d, dl, k, out, &cl, ir) || cl > cap)
		abort();
	if (r0 == 0 && ol0 <= cap) {
		if (cl != ol0 || memcmp(out, msg0, cl))
			abort();
	} else if (cl != (sl < cap ? sl : cap) || memcmp(out, syn, cl)) {
		abort();
	}
}

static const u32 ids[5] = { NCR_HASH_SHA1, NCR_HASH_SHA224, NCR_HASH_SHA256,
			    NCR_HASH_SHA384, NCR_HASH_SHA512 };

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	u8 em[NCR_RSA_KMAX], orig[NCR_RSA_KMAX], out[NCR_RSA_KMAX];
	size_t k, ll, ol, i;
	u32 h, m;
	u8 sel;
	int r;

	if (size < 2)
		return 0;
	sel = data[0];
	h = ids[data[0] % 5];
	m = ids[(data[0] / 5) % 5];
	ll = data[1];
	data += 2;
	size -= 2;
	if (ll > size)
		ll = size;
	k = size - ll;
	if (k > NCR_RSA_KMAX)
		k = NCR_RSA_KMAX;
	memcpy(orig, data + ll, k);

	memcpy(em, orig, k);
	ol = sizeof(out);
	r = ncr_rsa_pkcs1_unpad(em, k, out, &ol);
	if (k < 11) {
		if (r != -EINVAL)
			abort();
	} else if (r == 0) {
		if (ol > k - 11 || orig[0] != 0 || orig[1] != 2 || orig[k - ol - 1] != 0 ||
		    memcmp(out, orig + k - ol, ol))
			abort();
		for (i = 2; i < k - ol - 1; i++)
			if (!orig[i])
				abort();
		if (k - ol - 1 < 10)
			abort();
	} else if (r != -EBADMSG || ol != 0) {
		abort();
	}
	implicit(orig, k, data, ll, r, out, ol, sel % (k + 1));

	memcpy(em, orig, k);
	ol = sizeof(out);
	r = ncr_rsa_oaep_unpad(h, m, data, ll, em, k, out, &ol);
	if (r == 0) {
		size_t hl = ncr_hash_info(h)->digest_len;

		if (ol > k - 2 * hl - 2 || orig[0] != 0)
			abort();
		/* the message is the tail of the unmasked block: em holds it */
		if (memcmp(out, em + k - ol, ol) || em[k - ol - 1] != 1)
			abort();
	} else if (r != -EBADMSG && r != -EINVAL) {
		abort();
	}
	return 0;
}
