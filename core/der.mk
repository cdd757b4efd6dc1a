# core/der.mk - the DER layer (core/der*.c): unit test against OpenSSL,
# constant-time check, one libFuzzer target per parser entry.
DER_SRCS := core/der.c core/der_key.c core/der_sig.c
DER_DEPS := $(DER_SRCS) core/der.h core/pkparts.h core/ct.h core/ncr_core.h

build/tests/test_der_unit: core/test_der_unit.c $(DER_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -fsanitize=address,undefined \
		-fno-sanitize-recover=all -o $@ core/test_der_unit.c $(DER_SRCS) -lcrypto

UNIT_TESTS += build/tests/test_der_unit
ALL_TARGETS += build/tests/test_der_unit

# libFuzzer targets, one per parser entry.  Their corpus directories are
# seeded with OpenSSL's encodings of small keys of every type, so that even
# the few seconds of `make check` start from valid structures.
DER_FUZZ_NAMES := spki pkcs8 pkcs1 params sig
DER_FUZZERS := $(addprefix build/fuzz/fuzz_der_,$(DER_FUZZ_NAMES))
FUZZERS += $(DER_FUZZERS)
build/tests/test_fuzz_smoke: $(DER_FUZZERS)

build/fuzz/fuzz_der_%: core/fuzz_der_%.c core/fuzz_der_key.c $(DER_DEPS)
	@mkdir -p $(@D)
	clang -O1 -g -Icore -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ $< $(DER_SRCS)
	@mkdir -p build/fuzz/corpus-fuzz_der_$*
	@cp build/fuzz/der-seeds/$*-* build/fuzz/corpus-fuzz_der_$*/ 2>/dev/null || true

$(DER_FUZZERS): build/fuzz/der-seeds/.done

# Seeds from the openssl command line (best effort: a missing tool only
# leaves the corpus empty).  Prefix bytes: PKCS1 priv flag, PARAMS DSA(0)/
# DH(1), signature qlen-1.
build/fuzz/der-seeds/.done: core/der.mk
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

# Constant-time check (ctgrind style, see core/ct-check.sh): gcc and clang,
# no sanitizers; der.c declassifies what the encoding makes public.
DER_CT_BINS := build/ct/test_der_ct build/ct/test_der_ct_clang

build/ct/test_der_ct: core/test_der_ct.c $(DER_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -DNCR_DER_CT_CHECK -o $@ core/test_der_ct.c $(DER_SRCS)

build/ct/test_der_ct_clang: core/test_der_ct.c $(DER_DEPS)
	@mkdir -p $(@D)
	clang $(CORE_CFLAGS) -gdwarf-4 -DNCR_DER_CT_CHECK -o $@ core/test_der_ct.c $(DER_SRCS)

build/tests/test_der_ct: core/ct-check.sh core/der.ct $(DER_CT_BINS)
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec core/ct-check.sh core/der.ct %s\n' "$(DER_CT_BINS)" > $@
	chmod +x $@

UNIT_TESTS += build/tests/test_der_ct
ALL_TARGETS += build/tests/test_der_ct

# Speed beside OpenSSL's ASN.1 code (native, make bench-core).
build/bench/bench_der: core/bench_der.c $(DER_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -o $@ core/bench_der.c $(DER_SRCS) -lcrypto

BENCH_CORE += build/bench/bench_der
