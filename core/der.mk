# core/der.mk - the DER layer (core/der*.c): unit test against OpenSSL,
# constant-time check, one libFuzzer target per parser entry.
DER_SRCS := core/der.c core/der_key.c core/der_sig.c
DER_DEPS := $(DER_SRCS) core/der.h core/pkparts.h core/ct.h core/ncr_core.h

build/tests/test_der_unit: core/test_der_unit.c $(DER_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -fsanitize=address,undefined -o $@ core/test_der_unit.c $(DER_SRCS) -lcrypto

UNIT_TESTS += build/tests/test_der_unit
ALL_TARGETS += build/tests/test_der_unit
