# core/hash.mk - SHA-1/SHA-2, HMAC and MGF1 of the portable core.
HASH_SRCS := core/hash.c core/hmac.c core/sha1.c core/sha256.c core/sha512.c
HASH_DEPS := $(HASH_SRCS) core/hash.h core/ncr_core.h

build/tests/test_hash_unit: core/test_hash_unit.c $(HASH_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -fsanitize=address,undefined -o $@ core/test_hash_unit.c $(HASH_SRCS) -lcrypto

UNIT_TESTS += build/tests/test_hash_unit
ALL_TARGETS += build/tests/test_hash_unit
