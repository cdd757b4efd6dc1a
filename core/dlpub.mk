# core/dlpub.mk - y = g^x mod p for DSA/DH private keys without y.
build/tests/test_dlpub_unit: core/test_dlpub_unit.c core/dl_pub.c core/dl_pub.h $(BN_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -fsanitize=address,undefined -o $@ core/test_dlpub_unit.c core/dl_pub.c $(BN_SRCS) -lcrypto

UNIT_TESTS += build/tests/test_dlpub_unit
ALL_TARGETS += build/tests/test_dlpub_unit
