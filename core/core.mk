# core/core.mk - user-space builds of the portable core: unit tests and
# fuzzers.  Included by the top-level Makefile.
CORE_CFLAGS = -O2 -g -Wall -Wextra -Werror -Icore

build/tests/test_blob_unit: core/test_blob_unit.c core/blob.c core/blob.h core/ncr_core.h
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -fsanitize=address,undefined -o $@ core/test_blob_unit.c core/blob.c

# Key wrap over OpenSSL's AES (the module plugs in the kernel's AES).
build/tests/test_keywrap_unit: core/test_keywrap_unit.c core/keywrap.c core/keywrap.h core/ncr_core.h
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -fsanitize=address,undefined -o $@ core/test_keywrap_unit.c core/keywrap.c -lcrypto

UNIT_TESTS += build/tests/test_blob_unit build/tests/test_keywrap_unit build/tests/test_fuzz_smoke
ALL_TARGETS += build/tests/test_blob_unit build/tests/test_keywrap_unit build/tests/test_fuzz_smoke

# libFuzzer (clang): `make fuzz` runs each target for FUZZ_SECONDS (default
# 30); `make check` runs them for a few seconds through tests/run-all.sh.
FUZZ_SECONDS ?= 30
FUZZERS := build/fuzz/fuzz_blob build/fuzz/fuzz_keywrap

# The fuzz smoke run is a unit test: a wrapper with the fuzzers baked in.
build/tests/test_fuzz_smoke: core/fuzz-smoke.sh $(FUZZERS)
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec core/fuzz-smoke.sh %s\n' "$(FUZZERS)" > $@
	chmod +x $@

build/fuzz/fuzz_blob: core/fuzz_blob.c core/blob.c core/blob.h core/ncr_core.h
	@mkdir -p $(@D)
	clang -O1 -g -Icore -fsanitize=fuzzer,address,undefined -o $@ core/fuzz_blob.c core/blob.c

build/fuzz/fuzz_keywrap: core/fuzz_keywrap.c core/keywrap.c core/keywrap.h core/ncr_core.h
	@mkdir -p $(@D)
	clang -O1 -g -Icore -fsanitize=fuzzer,address,undefined -o $@ core/fuzz_keywrap.c core/keywrap.c -lcrypto

.PHONY: fuzz
fuzz: $(FUZZERS)
	@for f in $(FUZZERS); do mkdir -p build/fuzz/corpus-$${f##*/}; \
	  $$f -max_total_time=$(FUZZ_SECONDS) build/fuzz/corpus-$${f##*/} || exit 1; done

# Multi-precision integers (the base of RSA/DSA/DH/EC), against OpenSSL's BN.
BN_SRCS := core/bn.c core/bn_mont.c core/bn_modexp.c core/bn_ops.c core/bn_inv.c
BN_DEPS := $(BN_SRCS) core/bn.h core/bn_int.h core/ct.h core/ncr_core.h

build/tests/test_bn_unit: core/test_bn_unit.c $(BN_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -fsanitize=address,undefined -o $@ core/test_bn_unit.c $(BN_SRCS) -lcrypto

# The same tests with 32-bit limbs (the limb type of machines without a
# 128-bit integer type).
build/tests/test_bn_unit32: core/test_bn_unit.c $(BN_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -DNCR_BN_LIMB32 -fsanitize=address,undefined -o $@ core/test_bn_unit.c $(BN_SRCS) -lcrypto

UNIT_TESTS += build/tests/test_bn_unit build/tests/test_bn_unit32
ALL_TARGETS += build/tests/test_bn_unit build/tests/test_bn_unit32

# Constant-time check (ctgrind style): no sanitizers, run under memcheck.
# Built by gcc and by clang (the kernel may be built with either; DWARF 4
# because Valgrind may not read clang's DWARF 5).
CT_BINS := build/ct/test_bn_ct build/ct/test_bn_ct_clang

build/ct/test_bn_ct: core/test_bn_ct.c $(BN_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -o $@ core/test_bn_ct.c $(BN_SRCS)

build/ct/test_bn_ct_clang: core/test_bn_ct.c $(BN_DEPS)
	@mkdir -p $(@D)
	clang $(CORE_CFLAGS) -gdwarf-4 -o $@ core/test_bn_ct.c $(BN_SRCS)

build/tests/test_bn_ct: core/ct-check.sh core/bn.ct $(CT_BINS)
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec core/ct-check.sh core/bn.ct %s\n' "$(CT_BINS)" > $@
	chmod +x $@

UNIT_TESTS += build/tests/test_bn_ct
ALL_TARGETS += build/tests/test_bn_ct

# Bignum speed against OpenSSL (native, not part of make check).
build/bench/bench_bn: core/bench_bn.c $(BN_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -o $@ core/bench_bn.c $(BN_SRCS) -lcrypto

# Each part appends its native benchmark binaries to BENCH_CORE.
BENCH_CORE += build/bench/bench_bn
# (the bench-core rule is in the top-level Makefile, after every fragment)
