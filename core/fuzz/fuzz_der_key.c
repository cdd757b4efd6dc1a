// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * fuzz_der_key.c - the body of the key parser fuzzers (fuzz_der_spki.c,
 * fuzz_der_pkcs8.c, fuzz_der_pkcs1.c, fuzz_der_params.c include it with
 * FUZZ_FORMAT set): any input is either rejected with -EINVAL/-EOPNOTSUPP
 * or parses into parts whose re-encoding parses back into the same parts
 * (numbers compared by value; what a format does not carry on writing -
 * PKCS#8 DSA/DH y and X25519/Ed25519 public keys - left out).  For PKCS1
 * the first byte's low bit is `priv`, for PARAMS it picks DSA or DH.
 */
#include <stdlib.h>
#include "der/der.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

static int num_eq(const struct ncr_bytes *a, const struct ncr_bytes *b)
{
	size_t i = 0, j = 0;

	while (i < a->len && !a->p[i])
		i++;
	while (j < b->len && !b->p[j])
		j++;
	if (a->len - i != b->len - j)
		return 0;
	return i == a->len || !memcmp(a->p + i, b->p + j, a->len - i);
}

static int bytes_eq(const struct ncr_bytes *a, const struct ncr_bytes *b)
{
	return a->len == b->len && (!a->len || !memcmp(a->p, b->p, a->len));
}

static int parts_eq(u32 format, const struct ncr_pk_parts *a, const struct ncr_pk_parts *b)
{
	if (a->type != b->type || a->priv != b->priv)
		return 0;
	switch (a->type) {
	case NCR_PK_RSA:
		return num_eq(&a->rsa.n, &b->rsa.n) && num_eq(&a->rsa.e, &b->rsa.e) &&
		       num_eq(&a->rsa.d, &b->rsa.d) && num_eq(&a->rsa.p, &b->rsa.p) &&
		       num_eq(&a->rsa.q, &b->rsa.q) && num_eq(&a->rsa.dp, &b->rsa.dp) &&
		       num_eq(&a->rsa.dq, &b->rsa.dq) && num_eq(&a->rsa.qinv, &b->rsa.qinv);
	case NCR_PK_DSA:
	case NCR_PK_DH:
		return num_eq(&a->dl.p, &b->dl.p) && num_eq(&a->dl.q, &b->dl.q) &&
		       num_eq(&a->dl.g, &b->dl.g) && num_eq(&a->dl.x, &b->dl.x) &&
		       (format == NCR_DER_PKCS8 || num_eq(&a->dl.y, &b->dl.y));
	case NCR_PK_EC:
		return a->ec.curve == b->ec.curve && bytes_eq(&a->ec.point, &b->ec.point) &&
		       bytes_eq(&a->ec.d, &b->ec.d);
	case NCR_PK_X25519:
	case NCR_PK_ED25519:
		return bytes_eq(&a->k25519.priv, &b->k25519.priv) &&
		       (format == NCR_DER_PKCS8 || bytes_eq(&a->k25519.pub, &b->k25519.pub));
	}
	return 0;
}

static u8 out[NCR_DER_MAX_LEN + 64];

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct ncr_pk_parts a, b;
	size_t len = 0;
	u32 sel = 0;
	int err;

	memset(&a, 0, sizeof(a));
	if (FUZZ_FORMAT == NCR_DER_PKCS1 || FUZZ_FORMAT == NCR_DER_PARAMS) {
		if (!size)
			return 0;
		sel = data[0] & 1;
		data++;
		size--;
		a.priv = sel;
		a.type = sel ? NCR_PK_DH : NCR_PK_DSA;
	}
	err = ncr_der_parse_key(FUZZ_FORMAT, data, size, &a);
	if (err) {
		if (err != -EINVAL && err != -EOPNOTSUPP)
			abort();
		return 0;
	}
	/* the length query and the write agree */
	err = ncr_der_write_key(FUZZ_FORMAT, &a, NULL, &len);
	if (err != -ERANGE) {
		/* only a re-encoding grown past the limit may fail */
		if (err == -EINVAL && size > NCR_DER_MAX_LEN - 64)
			return 0;
		abort();
	}
	if (len > sizeof(out))
		abort();
	err = ncr_der_write_key(FUZZ_FORMAT, &a, out, &len);
	if (err)
		abort();
	memset(&b, 0, sizeof(b));
	b.priv = a.priv;
	b.type = a.type;
	if (ncr_der_parse_key(FUZZ_FORMAT, out, len, &b) || !parts_eq(FUZZ_FORMAT, &a, &b))
		abort();
	return 0;
}
