// SPDX-License-Identifier: GPL-2.0 OR MIT
/* fuzz_der_pkcs8.c - libFuzzer target: ncr_der_parse_key(NCR_DER_PKCS8, ...) and
 * the round trip through ncr_der_write_key (body in fuzz_der_key.c). */
#define FUZZ_FORMAT NCR_DER_PKCS8
#include "fuzz_der_key.c"
