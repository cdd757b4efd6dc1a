# SPDX-License-Identifier: GPL-2.0-or-later
# bench/bench.mk - ncr-bench: /dev/crypto throughput against AF_ALG and
# in-process OpenSSL (see docs/bench.md).
#
# Included by the top-level Makefile (after lib/lib.mk); usable alone too:
#   make -f lib/lib.mk -f bench/bench.mk build/bench/ncr-bench
# `make bench` (top-level) builds everything, then runs bench/run.sh.
# Paths are relative to the repository top.  Variables are prefixed BENCH_.

BENCH_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)

CC ?= cc
LIBNCR_A ?= build/lib/libncr.a
NCR_CFLAGS ?= -Iinclude/uapi -Iinclude/uapi/linux -Ilib

BENCH_BIN := build/bench/ncr-bench
# One program from every .c of bench/ncr-bench/ (bench.h beside them).
BENCH_SRCS := $(sort $(wildcard bench/ncr-bench/*.c))
BENCH_HDRS := $(wildcard bench/ncr-bench/*.h)
BENCH_CFLAGS ?= -O2 -g
# liburing (liburing-dev) runs the ring of the ncr-uring interface; without
# its pkg-config file ncr-bench is built without it (ncr-uring: ENOSYS).
BENCH_HAVE_URING := $(shell pkg-config --exists liburing 2>/dev/null && echo y)
BENCH_URING_CFLAGS := $(if $(BENCH_HAVE_URING),-DNCR_BENCH_URING \
	$(shell pkg-config --cflags liburing))
BENCH_URING_LIBS := $(if $(BENCH_HAVE_URING),$(shell pkg-config --libs liburing))
BENCH_WARN := $(or $(NCR_WARN),-Wall -Wextra)
BENCH_ALL_CFLAGS := $(CPPFLAGS) $(BENCH_CFLAGS) $(BENCH_WARN) $(NCR_CFLAGS) \
	-Iinclude/uapi $(BENCH_URING_CFLAGS)
BENCH_LDLIBS := $(LIBNCR_A) -lcrypto $(BENCH_URING_LIBS)

# benches are built by make check (that they compile) and make bench
CHECK_TARGETS += $(BENCH_BIN)
CLEAN_TARGETS += clean-bench

$(BENCH_BIN): $(BENCH_SRCS) $(BENCH_HDRS) $(LIBNCR_A) lib/libncr.h \
		include/uapi/linux/ncr.h bench/bench.mk
	@mkdir -p $(@D)
	$(CC) $(BENCH_ALL_CFLAGS) $(LDFLAGS) -o $@ $(BENCH_SRCS) $(BENCH_LDLIBS)

# p11bench: any PKCS #11 module, dlopen()ed (bench/p11bench.sh runs it on
# ncr-pkcs11.so, SoftHSM2 and SoftHSM2 behind p11-kit server; the header
# is p11-kit's pkcs11.h, libp11-kit-dev).
BENCH_P11_BIN := build/bench/p11bench
BENCH_P11_CFLAGS := $(CPPFLAGS) $(BENCH_CFLAGS) $(BENCH_WARN) \
	$(shell pkg-config --cflags p11-kit-1 2>/dev/null || echo -I/usr/include/p11-kit-1)
CHECK_TARGETS += $(BENCH_P11_BIN)

$(BENCH_P11_BIN): bench/p11bench.c bench/bench.mk
	@mkdir -p $(@D)
	$(CC) $(BENCH_P11_CFLAGS) $(LDFLAGS) -o $@ bench/p11bench.c -lcrypto -ldl

.PHONY: bench-bin clean-bench
bench-bin: $(BENCH_BIN) $(BENCH_P11_BIN)

clean-bench:
	rm -rf build/bench

.DEFAULT_GOAL := $(BENCH_SAVED_DEFAULT_GOAL)
