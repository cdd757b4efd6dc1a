# SPDX-License-Identifier: GPL-2.0-or-later
# tests/tests.mk - the ncr test programs (build/tests/*), included by the
# top-level Makefile.  Paths are relative to the repository top.  Variables
# are prefixed TESTS_, except TEST_BINS, which this fragment appends to.
#
#   build/tests/wycheproof     Wycheproof v1 JSON runner (libncr)
#                              (a folder: tests/wycheproof/*.c)
#   build/tests/diff_openssl   differential tests against OpenSSL (libncr)
#                              (a folder: tests/diff_openssl/*.c)
#   build/tests/abi            raw-ioctl ABI tests
#                              (a folder: tests/abi/*.c)
#   build/tests/batch          NCRIO_BATCH: each element as alone and as
#                              OpenSSL (a folder: tests/batch/*.c)
#   build/tests/security       key isolation, usage, master key, blobs
#                              (a folder: tests/security/*.c)
#   build/tests/stress         threads x processes, leak check at the end
#                              (a folder: tests/stress/*.c)
#   build/tests/accel          hardware (virtio-crypto) vs software AES-CBC
#   build/tests/kdf            NCRIO_KEY_KDF: known answers, OpenSSL EVP_KDF,
#                              key policy, ECDH then HKDF, a killed PBKDF2
#                              (a folder: tests/kdf/*.c)
#   build/tests/ioctl_fuzz     random ioctls: documented errnos, no leaks
#                              (tests/fuzz/ioctl_fuzz.c + gen*.c)
#   build/tests/pk_interop     public-key interoperability with OpenSSL
#                              (a folder: tests/pk_interop/*.c)
#   build/tests/rsa_legacy     NCR_KEY_FLAG_RSA_LEGACY: RSA-1024/1536 keys
#                              against OpenSSL, where the flag is refused
#   build/tests/attacks        the attack suite, run as uid 65534
#                              (a folder: tests/attacks/*.c)
#   build/tests/failnth        fail-nth fault injection over every ioctl
#                              (a folder: tests/failnth/*.c)
#                              (debug kernel only: tests/vm-debug.sh)
#   build/tests/bsd            the BSD /dev/crypto ABI (<crypto/cryptodev.h>)
#                              (a folder: tests/bsd/*.c)
#   build/tests/bsd32          the same built with -m32 (gcc-multilib,
#                              libssl-dev:i386): the compat layer
#   build/tests/kcov_fuzz      coverage-guided ioctl fuzzing with KCOV
#                              (debug kernel only: tests/fuzz-kcov.sh)
#                              (tests/fuzz/kcov_fuzz.c + gen*.c)
#   build/tests/uring          io_uring commands (IORING_OP_URING_CMD):
#                              one-shots and batches as SQEs, errors,
#                              rings and files, requests in flight on
#                              virtio-crypto, close/exit/munmap stress
#                              (a folder: tests/uring/*.c; liburing)
#   build/tests/p11_fork       ncr-pkcs11.so across fork(): the child is
#                              refused until its own C_Initialize, the
#                              parent's keys survive (tests/pkcs11/fork_test.c;
#                              dlopen()s the module, p11-kit's pkcs11.h)
#
# The shell drivers tests/run-all.sh (make check, on the host) and
# tests/vm-suite.sh, tests/vm-accel.sh (inside tools/ncr-vm) run them.

# Do not let this fragment's first rule become the includer's default goal.
TESTS_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)

CC ?= cc
# (CPPFLAGS and LDFLAGS honoured; -Werror with WERROR=1, as make check sets)
TESTS_WARN := $(or $(NCR_WARN),-Wall -Wextra)
TESTS_CFLAGS := $(CPPFLAGS) -O2 -g $(TESTS_WARN) \
	-Iinclude/uapi -Iinclude/uapi/linux -Ilib -Itests
TESTS_LIBNCR := build/lib/libncr.a
TESTS_LIBS := -ljansson -lcrypto -lpthread
TESTS_OBJDIR := build/tests/obj
TESTS_PROGS := wycheproof diff_openssl abi security stress accel ioctl_fuzz \
	pk_interop attacks failnth kcov_fuzz bsd kdf rsa_legacy uring batch
TESTS_BINS := $(addprefix build/tests/,$(TESTS_PROGS))
TESTS_HDRS := tests/tap.h include/uapi/linux/ncr.h lib/libncr.h \
	core/tests/test_rsa_ir_kat.h

TEST_BINS += $(TESTS_BINS) build/tests/bsd32

# A program is either one file, tests/<prog>.c, or a folder, tests/<prog>/,
# all of whose .c files are linked together; a folder's objects depend on
# the shared headers (TESTS_HDRS) and on the folder's own headers
# (tests/<prog>/*.h), not on other folders'.  Every program also links
# tests/common.c, tests/common_dev.c and libncr.
# A program may also name its sources (TESTS_SRCS_<prog>), as the two
# fuzzers do: they share tests/fuzz/gen*.c.
TESTS_SRCS_ioctl_fuzz := tests/fuzz/ioctl_fuzz.c tests/fuzz/gen.c tests/fuzz/gen_pk.c \
	tests/fuzz/gen_bsd.c tests/fuzz/gen_batch.c
TESTS_SRCS_kcov_fuzz := tests/fuzz/kcov_fuzz.c tests/fuzz/gen.c tests/fuzz/gen_pk.c \
	tests/fuzz/gen_bsd.c tests/fuzz/gen_batch.c
tests_srcs = $(or $(TESTS_SRCS_$(1)),$(wildcard tests/$(1)/*.c),tests/$(1).c)
tests_objs = $(patsubst tests/%.c,$(TESTS_OBJDIR)/%.o,$(call tests_srcs,$(1)))
tests_hdrs = $(if $(TESTS_SRCS_$(1)),\
	$(wildcard $(dir $(firstword $(TESTS_SRCS_$(1))))*.h),\
	$(wildcard tests/$(1)/*.h))

$(TESTS_OBJDIR)/%.o: tests/%.c $(TESTS_HDRS)
	@mkdir -p $(@D)
	$(CC) $(TESTS_CFLAGS) -c -o $@ $<

$(foreach p,$(TESTS_PROGS),\
	$(eval build/tests/$(p): $(call tests_objs,$(p)))\
	$(eval $(call tests_objs,$(p)): $(call tests_hdrs,$(p))))

# liburing (liburing-dev) for the io_uring tests only
build/tests/uring: TESTS_LIBS += -luring

$(TESTS_BINS): build/tests/%: $(TESTS_OBJDIR)/common.o $(TESTS_OBJDIR)/common_dev.o $(TESTS_LIBNCR)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(TESTS_LIBNCR) $(TESTS_LIBS)

# The BSD tests again as a 32-bit program (i386 layouts through the
# kernel's compat_ioctl): tests/common*.c and tests/bsd/*.c with -m32,
# against the i386 libcrypto; no libncr.
TESTS_BSD32_SRCS := tests/common.c tests/common_dev.c $(wildcard tests/bsd/*.c)
build/tests/bsd32: $(TESTS_BSD32_SRCS) $(TESTS_HDRS) $(wildcard tests/bsd/*.h)
	@mkdir -p $(@D)
	$(CC) -m32 $(TESTS_CFLAGS) $(LDFLAGS) -o $@ $(TESTS_BSD32_SRCS) -lcrypto -lpthread

# The PKCS #11 fork test: no libncr, no tests/common.c; it loads the
# module given on its command line.
TEST_BINS += build/tests/p11_fork
build/tests/p11_fork: tests/pkcs11/fork_test.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -O2 -g $(TESTS_WARN) $(LDFLAGS) -o $@ $< -ldl

# Licences: every source file has an SPDX line naming a licence of
# LICENSES/ (a host unit test of make check; tests/spdx-check.sh).
UNIT_TESTS += build/tests/test_spdx
build/tests/test_spdx: tests/spdx-check.sh
	@mkdir -p $(@D)
	printf '#!/bin/sh\nexec tests/spdx-check.sh "$$@"\n' > $@
	chmod +x $@

# The manual pages (issue 13, doc/): a host unit test that every libncr
# function has a page with its prototype, every ncrtool command and option
# is in ncrtool(1), and every page formats cleanly (tests/man-check.sh;
# needs groff and build/bin/ncrtool, which `all` builds).
TESTS_MAN_CHECK := build/tests/test_man_check
UNIT_TESTS += $(TESTS_MAN_CHECK)
$(TESTS_MAN_CHECK): tests/man-check.sh
	@mkdir -p $(@D)
	install -m 0755 $< $@

.PHONY: tests-build
tests-build: $(TESTS_BINS) build/tests/bsd32 build/tests/p11_fork

.DEFAULT_GOAL := $(TESTS_SAVED_DEFAULT_GOAL)
