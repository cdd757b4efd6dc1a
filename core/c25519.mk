# core/c25519.mk - X25519 and Ed25519 of the portable core.
C25519_SRCS := core/f25519.c core/x25519.c core/ed25519.c core/ed25519_ge.c \
	       core/ed25519_sc.c core/ed25519_table.c
C25519_HDRS := core/curve25519.h core/f25519.h core/ct.h core/ncr_core.h core/hash.h
# SHA-512 comes from core/hash.mk, which is read after this file: the
# recipes use $(HASH_SRCS) (expanded when they run), the prerequisites name
# the hash sources directly.
C25519_DEPS := $(C25519_SRCS) $(C25519_HDRS) $(wildcard core/hash.c core/hmac.c core/sha*.c)
# frames must stay small for the kernel (checked without sanitizers)
C25519_FRAME := -Wframe-larger-than=1024

build/tests/test_25519_unit: core/test_25519_unit.c $(C25519_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -fsanitize=address,undefined -o $@ core/test_25519_unit.c $(C25519_SRCS) $(HASH_SRCS) -lcrypto -ljansson

# the same with the 32-bit radix-2^25.5 field (what 32-bit kernels run)
build/tests/test_25519_unit32: core/test_25519_unit.c $(C25519_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -DNCR_F25519_FORCE_32 -fsanitize=address,undefined -o $@ core/test_25519_unit.c $(C25519_SRCS) $(HASH_SRCS) -lcrypto -ljansson

UNIT_TESTS += build/tests/test_25519_unit build/tests/test_25519_unit32
ALL_TARGETS += build/tests/test_25519_unit build/tests/test_25519_unit32

# Regenerates core/ed25519_table.c (not part of the build).
build/tools/ed25519_gentable: core/ed25519_gentable.c core/f25519.c core/ed25519_ge.c core/f25519.h
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -o $@ core/ed25519_gentable.c core/f25519.c core/ed25519_ge.c

.PHONY: ed25519-table
ed25519-table: build/tools/ed25519_gentable
	build/tools/ed25519_gentable > core/ed25519_table.c

# Speed against OpenSSL (native, `make bench-core`).
build/bench/bench_25519: core/bench_25519.c $(C25519_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -o $@ core/bench_25519.c $(C25519_SRCS) $(HASH_SRCS) -lcrypto

BENCH_CORE += build/bench/bench_25519

# Constant-time check (ctgrind style, core/ct-check.sh): gcc and clang with
# the radix-2^51 field, gcc with the 32-bit one; no sanitizers, DWARF 4 for
# Valgrind.  -Wframe-larger-than keeps the kernel's stack budget honest.
C25519_CT_BINS := build/ct/test_25519_ct build/ct/test_25519_ct_clang build/ct/test_25519_ct32

build/ct/test_25519_ct: core/test_25519_ct.c $(C25519_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) $(C25519_FRAME) -o $@ core/test_25519_ct.c $(C25519_SRCS) $(HASH_SRCS)

build/ct/test_25519_ct_clang: core/test_25519_ct.c $(C25519_DEPS)
	@mkdir -p $(@D)
	clang $(CORE_CFLAGS) $(C25519_FRAME) -gdwarf-4 -o $@ core/test_25519_ct.c $(C25519_SRCS) $(HASH_SRCS)

build/ct/test_25519_ct32: core/test_25519_ct.c $(C25519_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) $(C25519_FRAME) -DNCR_F25519_FORCE_32 -o $@ core/test_25519_ct.c $(C25519_SRCS) $(HASH_SRCS)

build/tests/test_25519_ct: core/ct-check.sh core/c25519.ct $(C25519_CT_BINS)
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec core/ct-check.sh core/c25519.ct %s\n' "$(C25519_CT_BINS)" > $@
	chmod +x $@

UNIT_TESTS += build/tests/test_25519_ct
ALL_TARGETS += build/tests/test_25519_ct

# libFuzzer: Ed25519 verification and X25519 against OpenSSL.
FUZZERS += build/fuzz/fuzz_ed25519
build/tests/test_fuzz_smoke: build/fuzz/fuzz_ed25519

build/fuzz/fuzz_ed25519: core/fuzz_ed25519.c $(C25519_DEPS)
	@mkdir -p $(@D)
	clang -O1 -g -Icore -fsanitize=fuzzer,address,undefined -o $@ core/fuzz_ed25519.c $(C25519_SRCS) $(HASH_SRCS) -lcrypto
