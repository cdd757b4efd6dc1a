# core/hash.mk - SHA-1/SHA-2, HMAC and MGF1 of the portable core.
HASH_SRCS := core/hash.c core/hmac.c core/sha1.c core/sha256.c core/sha512.c
HASH_DEPS := $(HASH_SRCS) core/hash.h core/ncr_core.h

build/tests/test_hash_unit: core/test_hash_unit.c $(HASH_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -fsanitize=address,undefined -o $@ core/test_hash_unit.c $(HASH_SRCS) -lcrypto

UNIT_TESTS += build/tests/test_hash_unit
ALL_TARGETS += build/tests/test_hash_unit

# Constant-time check (ctgrind style, see core/ct-check.sh): gcc and clang,
# no sanitizers, DWARF 4 for Valgrind.
HASH_CT_BINS := build/ct/test_hash_ct build/ct/test_hash_ct_clang

build/ct/test_hash_ct: core/test_hash_ct.c $(HASH_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -o $@ core/test_hash_ct.c $(HASH_SRCS)

build/ct/test_hash_ct_clang: core/test_hash_ct.c $(HASH_DEPS)
	@mkdir -p $(@D)
	clang $(CORE_CFLAGS) -gdwarf-4 -o $@ core/test_hash_ct.c $(HASH_SRCS)

build/tests/test_hash_ct: core/ct-check.sh core/hash.ct $(HASH_CT_BINS)
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec core/ct-check.sh core/hash.ct %s\n' "$(HASH_CT_BINS)" > $@
	chmod +x $@

UNIT_TESTS += build/tests/test_hash_ct
ALL_TARGETS += build/tests/test_hash_ct

# Hash speed against OpenSSL (native, `make bench-core`).
build/bench/bench_hash: core/bench_hash.c $(HASH_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -o $@ core/bench_hash.c $(HASH_SRCS) -lcrypto

BENCH_CORE += build/bench/bench_hash

# libFuzzer: core hashes, HMAC and MGF1 against OpenSSL.
build/fuzz/fuzz_hash: core/fuzz_hash.c $(HASH_DEPS)
	@mkdir -p $(@D)
	clang -O1 -g -Icore -fsanitize=fuzzer,address,undefined -o $@ core/fuzz_hash.c $(HASH_SRCS) -lcrypto

FUZZERS += build/fuzz/fuzz_hash
build/tests/test_fuzz_smoke: build/fuzz/fuzz_hash
