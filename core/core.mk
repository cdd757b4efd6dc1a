# SPDX-License-Identifier: GPL-2.0-or-later
# core/core.mk - host builds of the portable core: unit tests, constant-time
# checks, libFuzzer targets, native benches and the table generators.
# Included by the top-level Makefile.  Every program is made by one of five
# rule patterns below from a line of the table at the end:
#
#   core_unit  BIN,SRCS,PARTS,CFLAGS,LIBS  unit test under ASan+UBSan
#                                          (core/tests/SRC.c... -> build/tests/BIN)
#   core_ct    BIN,SRC,PARTS,CFLAGS,CC     constant-time binary, no sanitizers
#                                          (core/tests/SRC.c -> build/ct/BIN)
#   core_ctrun TEST,RUNNER,BINS            build/tests/TEST: RUNNER over BINS
#                                          (core/tests/ct-check.sh PLAN, whose
#                                          plans are core/tests/ct.plan)
#   core_fuzz  NAME,PARTS,CFLAGS,LIBS      libFuzzer target (core/fuzz/NAME.c)
#   core_bench NAME,PARTS                  speed beside OpenSSL (core/bench/)
#
# PARTS are folders of core/parts.mk; a program links every source of the
# parts it names and of the parts those need.
include core/parts.mk

# The core's host programs keep their own flags (sanitizers, the ct builds'
# exact code generation, libFuzzer): not the builder's CFLAGS/LDFLAGS; they
# are only built by make check (never by make all).  -Werror with WERROR=1.
CORE_CFLAGS = -O2 -g $(or $(NCR_WARN),-Wall -Wextra) -Icore
# clang's DWARF 5 may not be readable by Valgrind
CORE_CLANG = clang -gdwarf-4
# frames must stay small for the kernel (checked on the ct builds, which
# have no sanitizers)
CORE_FRAME := -Wframe-larger-than=1024

core_closure = $(sort $(1) $(foreach p,$(1),$(NCR_CORE_NEEDS_$(p))))
core_srcs = $(foreach p,$(call core_closure,$(1)),$(wildcard core/$(p)/*.c))
core_deps = $(call core_srcs,$(1)) $(wildcard core/*.h) \
	$(foreach p,$(call core_closure,$(1)),$(wildcard core/$(p)/*.h))

define core_unit
build/tests/$(1): $(patsubst %,core/tests/%.c,$(2)) $$(call core_deps,$(3)) $$(wildcard core/tests/*.h)
	@mkdir -p $$(@D)
	$$(CC) $$(CORE_CFLAGS) -fsanitize=address,undefined $(4) -o $$@ $(patsubst %,core/tests/%.c,$(2)) $$(call core_srcs,$(3)) $(5)
CORE_UNIT_TESTS += build/tests/$(1)
endef

define core_ct
build/ct/$(1): core/tests/$(2).c $$(call core_deps,$(3))
	@mkdir -p $$(@D)
	$(5) $$(CORE_CFLAGS) $(4) -o $$@ $$< $$(call core_srcs,$(3))
endef

define core_ctrun
build/tests/$(1): core/tests/ct-check.sh core/tests/ct.plan $(addprefix build/ct/,$(3))
	@mkdir -p $$(@D)
	printf '#!/bin/sh\nexec $(2) %s\n' "$(addprefix build/ct/,$(3))" > $$@
	chmod +x $$@
CORE_UNIT_TESTS += build/tests/$(1)
endef

define core_fuzz
build/fuzz/$(1): core/fuzz/$(1).c $$(call core_deps,$(2))
	@mkdir -p $$(@D)
	clang -O1 -g -Icore -fsanitize=fuzzer,address,undefined $(3) -o $$@ $$< $$(call core_srcs,$(2)) $(4)
FUZZERS += build/fuzz/$(1)
endef

define core_bench
build/bench/$(1): core/bench/$(1).c $$(call core_deps,$(2))
	@mkdir -p $$(@D)
	$$(CC) $$(CORE_CFLAGS) -o $$@ $$< $$(call core_srcs,$(2)) -lcrypto
BENCH_CORE += build/bench/$(1)
endef

CT := core/tests/ct-check.sh
FUZZ_DER := -fno-sanitize-recover=all

# ------------------------------------------------------------------ table
# storage blobs and key wrap (the module plugs in the kernel's AES, the
# tests OpenSSL's)
$(eval $(call core_unit,test_blob_unit,test_blob_unit,symkey))
$(eval $(call core_unit,test_keywrap_unit,test_keywrap_unit,symkey,,-lcrypto))
$(eval $(call core_fuzz,fuzz_blob,symkey))
$(eval $(call core_fuzz,fuzz_keywrap,symkey,,-lcrypto))

# multi-precision integers, against OpenSSL's BN; 32-bit limbs as on
# machines without a 128-bit integer type
$(eval $(call core_unit,test_bn_unit,test_bn_unit,bn,,-lcrypto))
$(eval $(call core_unit,test_bn_unit32,test_bn_unit,bn,-DNCR_BN_LIMB32,-lcrypto))
$(eval $(call core_unit,test_bn_be_unit,test_bn_be_unit,bn,,-lcrypto))
$(eval $(call core_unit,test_bn_be_unit32,test_bn_be_unit,bn,-DNCR_BN_LIMB32,-lcrypto))
$(eval $(call core_ct,test_bn_ct,test_bn_ct,bn,,$(CC)))
$(eval $(call core_ct,test_bn_ct_clang,test_bn_ct,bn,,$(CORE_CLANG)))
$(eval $(call core_ctrun,test_bn_ct,$(CT) bn,test_bn_ct test_bn_ct_clang))
$(eval $(call core_bench,bench_bn,bn))

# X25519 and Ed25519; the 32-bit radix-2^25.5 field is what 32-bit kernels run
$(eval $(call core_unit,test_25519_unit,test_25519_unit,curve25519,,-lcrypto -ljansson))
$(eval $(call core_unit,test_25519_unit32,test_25519_unit,curve25519,-DNCR_F25519_FORCE_32,-lcrypto -ljansson))
$(eval $(call core_ct,test_25519_ct,test_25519_ct,curve25519,$(CORE_FRAME),$(CC)))
$(eval $(call core_ct,test_25519_ct_clang,test_25519_ct,curve25519,$(CORE_FRAME),$(CORE_CLANG)))
$(eval $(call core_ct,test_25519_ct32,test_25519_ct,curve25519,$(CORE_FRAME) -DNCR_F25519_FORCE_32,$(CC)))
$(eval $(call core_ctrun,test_25519_ct,$(CT) c25519,test_25519_ct test_25519_ct_clang test_25519_ct32))
$(eval $(call core_fuzz,fuzz_ed25519,curve25519,,-lcrypto))
$(eval $(call core_bench,bench_25519,curve25519))

# DER: one fuzzer per parser entry, seeded below
$(eval $(call core_unit,test_der_unit,test_der_unit,der,$(FUZZ_DER),-lcrypto))
$(eval $(call core_ct,test_der_ct,test_der_ct,der,-DNCR_DER_CT_CHECK,$(CC)))
$(eval $(call core_ct,test_der_ct_clang,test_der_ct,der,-DNCR_DER_CT_CHECK,$(CORE_CLANG)))
$(eval $(call core_ctrun,test_der_ct,$(CT) der,test_der_ct test_der_ct_clang))
DER_FUZZ_NAMES := spki pkcs8 pkcs1 params sig
$(foreach n,$(DER_FUZZ_NAMES),$(eval $(call core_fuzz,fuzz_der_$(n),der,$(FUZZ_DER))))
$(eval $(call core_bench,bench_der,der))

# DSA and finite-field DH; y = g^x mod p for keys without y
$(eval $(call core_unit,test_dlpub_unit,test_dlpub_unit,dlog,,-lcrypto))
DSA_UNIT := test_dsa_unit test_dh_unit test_dh_params test_dsa_wycheproof
$(eval $(call core_unit,test_dsa_unit,$(DSA_UNIT),dlog,,-lcrypto))
$(eval $(call core_unit,test_dsa_unit32,$(DSA_UNIT),dlog,-DNCR_BN_LIMB32 -DDSA_TEST_SHORT,-lcrypto))
$(eval $(call core_ct,test_dsa_ct,test_dsa_ct,dlog,-DNCR_CT_CHECK,$(CC)))
$(eval $(call core_ct,test_dsa_ct_clang,test_dsa_ct,dlog,-DNCR_CT_CHECK,$(CORE_CLANG)))
$(eval $(call core_ctrun,test_dsa_ct,build/ct/test_dsa_ct --run,test_dsa_ct test_dsa_ct_clang))
$(eval $(call core_bench,bench_dsa,dlog))

# P-256/P-384 and RFC 6979, against OpenSSL and Wycheproof; 32-bit limbs
$(eval $(call core_unit,test_ec_unit,test_ec_unit,ec,,-lcrypto -ljansson))
$(eval $(call core_unit,test_ec_unit_limb32,test_ec_unit,ec,-DNCR_EC_LIMB32,-lcrypto -ljansson))
$(eval $(call core_ct,test_ec_ct,test_ec_ct,ec,-DNCR_CT_CHECK,$(CC)))
$(eval $(call core_ct,test_ec_ct_clang,test_ec_ct,ec,-DNCR_CT_CHECK,$(CORE_CLANG)))
$(eval $(call core_ctrun,test_ec_ct,$(CT) ec,test_ec_ct test_ec_ct_clang))
$(eval $(call core_fuzz,fuzz_ecpoint,ec,,-lcrypto))
$(eval $(call core_bench,bench_ec,ec))

# SHA-1/SHA-2, HMAC, MGF1
$(eval $(call core_unit,test_hash_unit,test_hash_unit,hash,,-lcrypto))
$(eval $(call core_ct,test_hash_ct,test_hash_ct,hash,,$(CC)))
$(eval $(call core_ct,test_hash_ct_clang,test_hash_ct,hash,,$(CORE_CLANG)))
$(eval $(call core_ctrun,test_hash_ct,$(CT) hash,test_hash_ct test_hash_ct_clang))
$(eval $(call core_fuzz,fuzz_hash,hash,,-lcrypto))
$(eval $(call core_bench,bench_hash,hash))

# RSA and primality; key generation under memcheck is slow: its own test,
# gcc build only
RSA_UNIT := test_rsa_unit test_rsa_pad test_rsa_keygen test_rsa_wycheproof
$(eval $(call core_unit,test_rsa_unit,$(RSA_UNIT),rsa,,-lcrypto -ljansson))
$(eval $(call core_ct,test_rsa_ct,test_rsa_ct,rsa,-DNCR_CT_VALGRIND,$(CC)))
$(eval $(call core_ct,test_rsa_ct_clang,test_rsa_ct,rsa,-DNCR_CT_VALGRIND,$(CORE_CLANG)))
$(eval $(call core_ctrun,test_rsa_ct,$(CT) rsa,test_rsa_ct test_rsa_ct_clang))
$(eval $(call core_ctrun,test_rsa_ct_keygen,$(CT) rsa-keygen,test_rsa_ct))
$(eval $(call core_fuzz,fuzz_rsa_pad,rsa))
$(eval $(call core_bench,bench_rsa,rsa))

# --------------------------------------------------------------- fuzzing
# `make check` runs every fuzzer for a few seconds (a unit test that is a
# wrapper with the fuzzers baked in); `make fuzz` for FUZZ_SECONDS each.
FUZZ_SECONDS ?= 30
build/tests/test_fuzz_smoke: core/fuzz/fuzz-smoke.sh $(FUZZERS)
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec core/fuzz/fuzz-smoke.sh %s\n' "$(FUZZERS)" > $@
	chmod +x $@
CORE_UNIT_TESTS += build/tests/test_fuzz_smoke

.PHONY: fuzz
fuzz: $(FUZZERS)
	@for f in $(FUZZERS); do mkdir -p build/fuzz/corpus-$${f##*/}; \
	  $$f -max_total_time=$(FUZZ_SECONDS) build/fuzz/corpus-$${f##*/} || exit 1; done

# The DER fuzzers' corpora start from OpenSSL's encodings of small keys of
# every type, so that even the few seconds of `make check` start from valid
# structures (best effort: a missing tool only leaves the corpus empty).
# Prefix bytes: PKCS1 priv flag, PARAMS DSA(0)/DH(1), signature qlen-1.
$(foreach n,$(DER_FUZZ_NAMES),$(eval build/fuzz/fuzz_der_$(n): core/fuzz/fuzz_der_key.c))
DER_SEEDED := $(addprefix build/fuzz/der-seeds/copied-,$(DER_FUZZ_NAMES))
build/tests/test_fuzz_smoke fuzz: $(DER_SEEDED)
build/fuzz/der-seeds/copied-%: build/fuzz/der-seeds/.done
	@mkdir -p build/fuzz/corpus-fuzz_der_$*
	@cp build/fuzz/der-seeds/$*-* build/fuzz/corpus-fuzz_der_$*/ 2>/dev/null || true
	@touch $@

build/fuzz/der-seeds/.done: core/core.mk
	@rm -rf $(@D) && mkdir -p $(@D)
	@cd $(@D) && { \
	  o="openssl"; \
	  $$o genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out rsa.pem; \
	  $$o genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out p256.pem; \
	  $$o genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out p384.pem; \
	  $$o genpkey -algorithm X25519 -out x25519.pem; \
	  $$o genpkey -algorithm ED25519 -out ed25519.pem; \
	  $$o genpkey -algorithm DH -pkeyopt group:ffdhe2048 -out dh.pem; \
	  $$o genpkey -algorithm DHX -pkeyopt group:ffdhe2048 -out dhx.pem; \
	  $$o genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:1024 -out dsap.pem; \
	  $$o genpkey -paramfile dsap.pem -out dsa.pem; \
	  for k in rsa p256 p384 x25519 ed25519 dh dhx dsa; do \
	    $$o pkey -in $$k.pem -pubout -outform DER -out spki-$$k; \
	    $$o pkcs8 -topk8 -nocrypt -in $$k.pem -outform DER -out pkcs8-$$k; \
	  done; \
	  { printf '\001'; $$o rsa -in rsa.pem -traditional -outform DER; } > pkcs1-priv; \
	  { printf '\000'; $$o rsa -in rsa.pem -RSAPublicKey_out -outform DER; } > pkcs1-pub; \
	  pem2der() { sed '1d;$$d' | base64 -d; }; \
	  { printf '\000'; pem2der < dsap.pem; } > params-dsa; \
	  { printf '\001'; $$o genpkey -genparam -algorithm DH -pkeyopt group:ffdhe2048 | pem2der; } > params-dh; \
	  { printf '\001'; $$o genpkey -genparam -algorithm DHX -pkeyopt group:ffdhe2048 | pem2der; } > params-dhx; \
	  echo x | $$o dgst -sha256 -sign p256.pem > sig.der && \
	    { printf '\037'; cat sig.der; } > sig-p256; \
	  echo x | $$o dgst -sha384 -sign p384.pem > sig.der && \
	    { printf '\057'; cat sig.der; } > sig-p384; \
	  rm -f *.pem sig.der; \
	} >/dev/null 2>&1 || true
	@touch $@

# ------------------------------------------------------ generated tables
# The fixed-base tables are generated source, committed; line 1 of each
# names the target that rewrites it.
build/gen/ed25519_gentable: core/gen/ed25519_gentable.c $(call core_deps,curve25519)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -o $@ $< core/curve25519/f25519.c core/curve25519/ed25519_ge.c

.PHONY: ed25519-table ec-tables
ed25519-table: build/gen/ed25519_gentable
	build/gen/ed25519_gentable > core/curve25519/ed25519_table.c

ec-tables:
	python3 core/gen/ec_tables.py > core/ec/ec_tables.c

# ------------------------------------------------------------ entry points
UNIT_TESTS += $(CORE_UNIT_TESTS)

# The slow part of the RSA unit test (3072/4096-bit keys, 3072-bit keygen).
.PHONY: test-rsa-full bench-core
test-rsa-full: build/tests/test_rsa_unit
	build/tests/test_rsa_unit full

# Native speed of the portable core beside OpenSSL (not part of make check).
bench-core: $(BENCH_CORE)
	@for b in $(BENCH_CORE); do $$b || exit 1; done
