# core/ec.mk - NIST P-256/P-384 (ECDSA, ECDH, point validation) and the
# RFC 6979 nonces, against OpenSSL 3 and Wycheproof.
# (hash.mk is read after this file: its sources are listed here by name.)
EC_SRCS := core/ec_api.c core/ecdsa.c core/ec_p256.c core/ec_p384.c core/ec_tables.c \
	   core/rfc6979.c core/hash.c core/hmac.c core/sha1.c core/sha256.c core/sha512.c
EC_DEPS := $(EC_SRCS) core/ec.h core/ec_impl.h core/rfc6979.h core/hash.h core/ct.h \
	   core/pkparts.h core/ncr_core.h

build/tests/test_ec_unit: core/test_ec_unit.c $(EC_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -fsanitize=address,undefined -o $@ core/test_ec_unit.c $(EC_SRCS) \
		-lcrypto -ljansson

# The same with 32-bit limbs (what a kernel without __int128 would use).
build/tests/test_ec_unit_limb32: core/test_ec_unit.c $(EC_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -DNCR_EC_LIMB32 -fsanitize=address,undefined -o $@ core/test_ec_unit.c \
		$(EC_SRCS) -lcrypto -ljansson

UNIT_TESTS += build/tests/test_ec_unit build/tests/test_ec_unit_limb32
ALL_TARGETS += build/tests/test_ec_unit build/tests/test_ec_unit_limb32

# Constant-time check (ctgrind style, core/ct-check.sh): gcc and clang, no
# sanitizers, DWARF 4 for Valgrind; NCR_CT_CHECK declassifies the verdicts
# that are documented to leak.
EC_CT_BINS := build/ct/test_ec_ct build/ct/test_ec_ct_clang

build/ct/test_ec_ct: core/test_ec_ct.c $(EC_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -DNCR_CT_CHECK -o $@ core/test_ec_ct.c $(EC_SRCS)

build/ct/test_ec_ct_clang: core/test_ec_ct.c $(EC_DEPS)
	@mkdir -p $(@D)
	clang $(CORE_CFLAGS) -gdwarf-4 -DNCR_CT_CHECK -o $@ core/test_ec_ct.c $(EC_SRCS)

build/tests/test_ec_ct: core/ct-check.sh core/ec.ct $(EC_CT_BINS)
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec core/ct-check.sh core/ec.ct %s\n' "$(EC_CT_BINS)" > $@
	chmod +x $@

UNIT_TESTS += build/tests/test_ec_ct
ALL_TARGETS += build/tests/test_ec_ct

# libFuzzer target on point decoding (compared with OpenSSL's).
FUZZERS += build/fuzz/fuzz_ecpoint
build/tests/test_fuzz_smoke: build/fuzz/fuzz_ecpoint

build/fuzz/fuzz_ecpoint: core/fuzz_ecpoint.c $(EC_DEPS)
	@mkdir -p $(@D)
	clang -O1 -g -Icore -fsanitize=fuzzer,address,undefined -o $@ core/fuzz_ecpoint.c \
		$(EC_SRCS) -lcrypto

# P-256/P-384 speed against OpenSSL (native, `make bench-core`).
build/bench/bench_ec: core/bench_ec.c $(EC_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -o $@ core/bench_ec.c $(EC_SRCS) -lcrypto

BENCH_CORE += build/bench/bench_ec
