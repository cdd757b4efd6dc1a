# core/rsa.mk - RSA (key checks, CRT private operations, keygen, PKCS#1
# v1.5 / PSS / OAEP) and Miller-Rabin prime testing.
RSA_SRCS := core/prime.c core/rsa.c core/rsa_pad.c core/rsa_keygen.c
RSA_ALL_SRCS := $(RSA_SRCS) $(BN_SRCS) $(HASH_SRCS)
RSA_DEPS := $(RSA_ALL_SRCS) core/rsa.h core/prime.h core/bn.h core/hash.h \
	core/pkparts.h core/ct.h core/ncr_core.h

build/tests/test_rsa_unit: core/test_rsa_unit.c $(RSA_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -fsanitize=address,undefined -o $@ core/test_rsa_unit.c $(RSA_ALL_SRCS) -lcrypto

UNIT_TESTS += build/tests/test_rsa_unit
ALL_TARGETS += build/tests/test_rsa_unit
