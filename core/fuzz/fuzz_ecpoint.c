// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * fuzz_ecpoint.c - libFuzzer target for ncr_ec_point_decode: the first
 * byte picks the curve, the rest is the encoding.  Checks that nothing
 * crashes, that a decoded point re-decodes to itself, and that acceptance
 * and the decoded point agree with OpenSSL for the 02/03/04 forms (OpenSSL
 * also takes the hybrid 06/07 forms, which we reject by design).
 */
#include <stdlib.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include "ec/ec.h"

static EC_GROUP *groups[2];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	u8 out[NCR_EC_MAX_POINT], out2[NCR_EC_MAX_POINT], ref[NCR_EC_MAX_POINT];
	u32 curve;
	size_t L;
	int ret, ci, ossl_ok;
	EC_POINT *pt;

	if (size < 1)
		return 0;
	ci = data[0] & 1;
	curve = ci ? NCR_EC_P384 : NCR_EC_P256;
	L = ncr_ec_field_len(curve);
	data++;
	size--;
	ret = ncr_ec_point_decode(curve, data, size, out);
	if (ret != 0 && ret != -EINVAL)
		abort();
	if (!ret) {
		if (out[0] != 4 || ncr_ec_point_decode(curve, out, 1 + 2 * L, out2) ||
		    memcmp(out, out2, 1 + 2 * L))
			abort();
	}
	if (!groups[ci])
		groups[ci] = EC_GROUP_new_by_curve_name(ci ? NID_secp384r1 : NID_X9_62_prime256v1);
	if (size && (data[0] == 2 || data[0] == 3 || data[0] == 4)) {
		pt = EC_POINT_new(groups[ci]);
		ossl_ok = EC_POINT_oct2point(groups[ci], pt, data, size, NULL) == 1 &&
			  !EC_POINT_is_at_infinity(groups[ci], pt);
		if (ossl_ok != !ret)
			abort();
		if (ossl_ok) {
			EC_POINT_point2oct(groups[ci], pt, POINT_CONVERSION_UNCOMPRESSED, ref,
					   sizeof(ref), NULL);
			if (memcmp(ref, out, 1 + 2 * L))
				abort();
		}
		EC_POINT_free(pt);
	}
	return 0;
}
