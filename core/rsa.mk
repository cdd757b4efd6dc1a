# core/rsa.mk - RSA (key checks, CRT private operations, keygen, PKCS#1
# v1.5 / PSS / OAEP) and Miller-Rabin prime testing.
RSA_SRCS := core/prime.c core/rsa.c core/rsa_pad.c core/rsa_keygen.c
RSA_ALL_SRCS := $(RSA_SRCS) $(BN_SRCS) $(HASH_SRCS)
RSA_DEPS := $(RSA_ALL_SRCS) core/rsa.h core/prime.h core/bn.h core/hash.h \
	core/pkparts.h core/ct.h core/ncr_core.h

build/tests/test_rsa_unit: core/test_rsa_unit.c core/test_rsa_ir_kat.h $(RSA_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -fsanitize=address,undefined -o $@ core/test_rsa_unit.c $(RSA_ALL_SRCS) -lcrypto -ljansson

UNIT_TESTS += build/tests/test_rsa_unit
ALL_TARGETS += build/tests/test_rsa_unit

# Constant-time check (ctgrind style, see core/ct-check.sh): gcc and clang,
# no sanitizers, DWARF 4 for Valgrind; -DNCR_CT_VALGRIND lets the library
# mark its public-by-design values.
RSA_CT_BINS := build/ct/test_rsa_ct build/ct/test_rsa_ct_clang

build/ct/test_rsa_ct: core/test_rsa_ct.c $(RSA_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -DNCR_CT_VALGRIND -o $@ core/test_rsa_ct.c $(RSA_ALL_SRCS)

build/ct/test_rsa_ct_clang: core/test_rsa_ct.c $(RSA_DEPS)
	@mkdir -p $(@D)
	clang $(CORE_CFLAGS) -gdwarf-4 -DNCR_CT_VALGRIND -o $@ core/test_rsa_ct.c $(RSA_ALL_SRCS)

build/tests/test_rsa_ct: core/ct-check.sh core/rsa.ct $(RSA_CT_BINS)
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec core/ct-check.sh core/rsa.ct %s\n' "$(RSA_CT_BINS)" > $@
	chmod +x $@

# Key generation under memcheck is slower: its own test, gcc build only.
build/tests/test_rsa_ct_keygen: core/ct-check.sh core/rsa-keygen.ct build/ct/test_rsa_ct
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec core/ct-check.sh core/rsa-keygen.ct build/ct/test_rsa_ct\n' > $@
	chmod +x $@

UNIT_TESTS += build/tests/test_rsa_ct build/tests/test_rsa_ct_keygen
ALL_TARGETS += build/tests/test_rsa_ct build/tests/test_rsa_ct_keygen

# libFuzzer target on the decryption padding removal.
FUZZERS += build/fuzz/fuzz_rsa_pad
build/tests/test_fuzz_smoke: build/fuzz/fuzz_rsa_pad

build/fuzz/fuzz_rsa_pad: core/fuzz_rsa_pad.c $(RSA_DEPS)
	@mkdir -p $(@D)
	clang -O1 -g -Icore -fsanitize=fuzzer,address,undefined -o $@ core/fuzz_rsa_pad.c $(RSA_ALL_SRCS)

# The slow part of the unit test (3072/4096-bit keys, 3072-bit keygen).
.PHONY: test-rsa-full
test-rsa-full: build/tests/test_rsa_unit
	build/tests/test_rsa_unit full

# RSA speed beside OpenSSL (native, `make bench-core`).
build/bench/bench_rsa: core/bench_rsa.c $(RSA_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -o $@ core/bench_rsa.c $(RSA_ALL_SRCS) -lcrypto

BENCH_CORE += build/bench/bench_rsa
