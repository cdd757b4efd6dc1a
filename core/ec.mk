# core/ec.mk - NIST P-256/P-384 (ECDSA, ECDH, point validation) and the
# RFC 6979 nonces, against OpenSSL 3 and Wycheproof.
# (hash.mk is read after this file: its sources are listed here by name.)
EC_SRCS := core/ec_api.c core/ecdsa.c core/ec_p256.c core/ec_p384.c core/ec_tables.c \
	   core/rfc6979.c core/hash.c core/hmac.c core/sha1.c core/sha256.c core/sha512.c
EC_DEPS := $(EC_SRCS) core/ec.h core/ec_impl.h core/rfc6979.h core/hash.h core/ct.h \
	   core/pkparts.h core/ncr_core.h

build/tests/test_ec_unit: core/test_ec_unit.c $(EC_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -fsanitize=address,undefined -o $@ core/test_ec_unit.c $(EC_SRCS) \
		-lcrypto -ljansson

UNIT_TESTS += build/tests/test_ec_unit
ALL_TARGETS += build/tests/test_ec_unit
