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
NCR_CFLAGS ?= -Iinclude/uapi/linux -Ilib

BENCH_BIN := build/bench/ncr-bench
# One program from every .c of bench/ncr-bench/ (bench.h beside them).
BENCH_SRCS := $(sort $(wildcard bench/ncr-bench/*.c))
BENCH_HDRS := $(wildcard bench/ncr-bench/*.h)
BENCH_CFLAGS ?= -O2 -g
BENCH_ALL_CFLAGS := $(BENCH_CFLAGS) -Wall -Wextra -Werror $(NCR_CFLAGS) \
	-Iinclude/uapi
BENCH_LDLIBS := $(LIBNCR_A) -lcrypto

ALL_TARGETS += $(BENCH_BIN)
CLEAN_TARGETS += clean-bench

$(BENCH_BIN): $(BENCH_SRCS) $(BENCH_HDRS) $(LIBNCR_A) lib/libncr.h \
		include/uapi/linux/ncr.h bench/bench.mk
	@mkdir -p $(@D)
	$(CC) $(BENCH_ALL_CFLAGS) -o $@ $(BENCH_SRCS) $(BENCH_LDLIBS)

.PHONY: bench-bin clean-bench
bench-bin: $(BENCH_BIN)

clean-bench:
	rm -rf build/bench

.DEFAULT_GOAL := $(BENCH_SAVED_DEFAULT_GOAL)
