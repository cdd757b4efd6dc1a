// SPDX-License-Identifier: GPL-2.0 OR MIT
/* fuzz_der_params.c - libFuzzer target: ncr_der_parse_key(NCR_DER_PARAMS, ...) and
 * the round trip through ncr_der_write_key (body in fuzz_der_key.c). */
#define FUZZ_FORMAT NCR_DER_PARAMS
#include "fuzz_der_key.c"
