# core/dsa.mk - DSA (FIPS 186-4) and finite-field DH (PKCS #3, RFC 7919).
DSA_SRCS := core/dsa.c core/dsa_paramgen.c core/dh.c core/dh_groups.c
# What DSA/DH link against (the owners' lists are expanded when the recipes
# run, so fragment order does not matter; the prerequisites name the files).
DSA_LINK = $(DSA_SRCS) $(BN_SRCS) $(HASH_SRCS) core/prime.c core/rfc6979.c
DSA_DEPS := $(DSA_SRCS) core/dsa.h core/pkparts.h core/prime.h core/rfc6979.h core/hash.h \
	core/bn.h core/ct.h core/ncr_core.h core/prime.c core/rfc6979.c \
	$(wildcard core/bn*.c core/bn*.h core/sha*.c core/hash.c core/hmac.c)

build/tests/test_dsa_unit: core/test_dsa_unit.c $(DSA_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -fsanitize=address,undefined -o $@ core/test_dsa_unit.c $(DSA_LINK) -lcrypto

UNIT_TESTS += build/tests/test_dsa_unit
ALL_TARGETS += build/tests/test_dsa_unit

# The same with 32-bit limbs (bn.h's NCR_BN_LIMB32), as on 32-bit kernels.
build/tests/test_dsa_unit32: core/test_dsa_unit.c $(DSA_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -DNCR_BN_LIMB32 -DDSA_TEST_SHORT -fsanitize=address,undefined -o $@ core/test_dsa_unit.c $(DSA_LINK) -lcrypto

UNIT_TESTS += build/tests/test_dsa_unit32
ALL_TARGETS += build/tests/test_dsa_unit32

# Constant-time check (ctgrind style, see core/test_dsa_ct.c): gcc and
# clang, no sanitizers, NCR_CT_CHECK declassification hooks, DWARF 4.
DSA_CT_BINS := build/ct/test_dsa_ct build/ct/test_dsa_ct_clang

build/ct/test_dsa_ct: core/test_dsa_ct.c $(DSA_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -DNCR_CT_CHECK -o $@ core/test_dsa_ct.c $(DSA_LINK)

build/ct/test_dsa_ct_clang: core/test_dsa_ct.c $(DSA_DEPS)
	@mkdir -p $(@D)
	clang $(CORE_CFLAGS) -DNCR_CT_CHECK -gdwarf-4 -o $@ core/test_dsa_ct.c $(DSA_LINK)

build/tests/test_dsa_ct: $(DSA_CT_BINS)
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec build/ct/test_dsa_ct --run %s\n' "$(DSA_CT_BINS)" > $@
	chmod +x $@

UNIT_TESTS += build/tests/test_dsa_ct
ALL_TARGETS += build/tests/test_dsa_ct

# DSA/DH speed against OpenSSL (native, `make bench-core`).
build/bench/bench_dsa: core/bench_dsa.c $(DSA_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -o $@ core/bench_dsa.c $(DSA_LINK) -lcrypto

BENCH_CORE += build/bench/bench_dsa
