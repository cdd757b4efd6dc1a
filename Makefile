# SPDX-License-Identifier: GPL-2.0-or-later
# ncr - top-level Makefile.
#
#   make            the product: ncr.ko for every test kernel + user space
#                   (libncr, ncrtool, the PKCS #11 module and its tool)
#   make user       only the user-space product (no kernel headers needed)
#   make module     only the kernel module(s): build/$(rel)/ncr.ko
#   make module KDIR=/lib/modules/<rel>/build   only for that kernel tree
#   make check      build everything (tests, fuzzers, benches, examples
#                   too, with WERROR=1), then tests/run-all.sh
#   make deps       install what building needs (scripts/deps.sh build)
#   make install | uninstall   PREFIX=/usr/local DESTDIR= (docs/packaging.md);
#                   make install-module [INSTALL_KREL=<rel>] for ncr.ko
#   make deb        Debian packages into build/deb/ (debian/, docs/packaging.md)
#   make check-debug   the VM suite on the debug kernel (make debug-kernel)
#   make check-rt      the VM suite on the PREEMPT_RT kernels
#   make fuzz-kcov     coverage-guided ioctl fuzzing on the debug kernel (KCOV)
#   make demo | bench | clean | vm-selftest
#
# The parts of the tree build themselves in fragments included below
# (lib/lib.mk, tools/tool.mk, tests/tests.mk, bench/bench.mk,
# examples/examples.mk, core/core.mk);
# `make bench-core`, `make fuzz`, `make ec-tables`, `make ed25519-table` are
# the core's (core/core.mk).

SHELL := /bin/bash
.DEFAULT_GOAL := all

# --------------------------------------------------------------- kernels
# Release names of the two kernels the module is built and tested for.
KREL_61  := $(shell scripts/kernels.sh 6.1)
KREL_612 := $(shell scripts/kernels.sh 6.12)

ifdef KDIR
# Only the given tree: derive its release from /lib/modules/<rel>/build or
# /usr/src/linux-headers-<rel>.
KDIR := $(patsubst %/,%,$(KDIR))
# (KREL=<release> names it for a tree elsewhere, e.g. the debug kernel's)
KRELS := $(or $(KREL),$(patsubst /lib/modules/%/build,%,$(filter /lib/modules/%/build,$(KDIR))),$(patsubst linux-headers-%,%,$(notdir $(realpath $(KDIR)))))
kdir_of = $(KDIR)
else
KRELS := $(strip $(KREL_61) $(KREL_612))
kdir_of = /lib/modules/$(1)/build
endif

# --------------------------------------------------------------- user space
# Every user-space build must be clean under -Wall -Wextra; WERROR=1 makes
# warnings errors (make check and .ci/run set it; builders need not).
# CFLAGS, CPPFLAGS and LDFLAGS (dpkg-buildflags' hardening flags, say) go
# into every compile and link of the product, the tests and the benches.
CC ?= cc
CFLAGS ?= -O2 -g
CPPFLAGS ?=
LDFLAGS ?=
WERROR ?= 0
NCR_WARN := -Wall -Wextra $(if $(filter 1,$(WERROR)),-Werror)
WARNFLAGS := $(NCR_WARN)
NCR_USER_CFLAGS = $(CFLAGS) $(WARNFLAGS)
# The release, one source: VERSION (the module's MODULE_VERSION, the
# packages', libncr.pc's).
NCR_VERSION := $(shell cat VERSION)

# ALL_TARGETS: the product (make all / make user); CHECK_TARGETS: programs
# that only make check builds (benches, examples).
ALL_TARGETS ?=
CHECK_TARGETS ?=
UNIT_TESTS ?=
TEST_BINS ?=
CLEAN_TARGETS ?=

.PHONY: all user module deps check demo bench check-run demo-run bench-run install clean vm-selftest fuzz-ioctl help FORCE

# --------------------------------------------------------------- module
# kernel/Kbuild builds ncr.ko from kernel/*.c and the parts of the core
# (core/parts.mk), with include paths relative to NCR_TOP.  Each kernel gets
# its own out-of-tree build dir build/<rel>/src holding symlinks to the
# sources (kernel/ flat, core/<part>/ as in the tree), so the 6.1 and 6.12
# builds never clobber each other (and run fine under -j).
include core/parts.mk
MODULE_SRCS = $(wildcard kernel/Kbuild kernel/*.c kernel/*.h core/*.h \
	$(foreach p,$(NCR_CORE_PARTS),core/$(p)/*.c core/$(p)/*.h))
MODULE_KOS := $(foreach r,$(KRELS),build/$(r)/ncr.ko)
# The module for the test kernels is built with -Werror (kernel/Kbuild's
# NCR_WERROR); make install-module and DKMS builds follow WERROR (off).
MODULE_WERROR ?= 1

module: $(MODULE_KOS)
ifeq ($(strip $(KRELS)),)
	@echo "module: no usable kernel (need image + headers); run 'make deps'" >&2; exit 1
endif

build/%/ncr.ko: FORCE
	@test -f kernel/Kbuild || { echo "module: kernel/Kbuild is missing" >&2; exit 1; }
	@test -e $(call kdir_of,$*)/Makefile || { echo "module: no kernel build tree $(call kdir_of,$*)" >&2; exit 1; }
	@mkdir -p build/$*/src
	@find build/$*/src -xtype l -delete
	@for f in $(MODULE_SRCS); do case $$f in core/*) d=build/$*/src/$${f%/*};; *) d=build/$*/src;; esac; \
		mkdir -p "$$d" && ln -sfn "$(CURDIR)/$$f" "$$d/$${f##*/}"; done
	$(MAKE) -C $(call kdir_of,$*) M=$(CURDIR)/build/$*/src NCR_TOP=$(CURDIR) \
		NCR_WERROR=$(MODULE_WERROR) modules
	@# atomic: a VM run elsewhere may be loading the previous copy right now
	@cmp -s build/$*/src/ncr.ko $@ || { cp build/$*/src/ncr.ko $@.tmp && mv -f $@.tmp $@; }

# --------------------------------------------------------------- fragments
# Each part of the tree builds itself; the fragments append to ALL_TARGETS,
# UNIT_TESTS (host tests run by `make check`), TEST_BINS (VM test programs),
# BENCH_CORE and CLEAN_TARGETS.
include lib/lib.mk       # libncr.so/.a, libncr.pc, the library's unit test
include tools/tool.mk    # ncrtool, the command line (build/bin/ncrtool)
include pkcs11/pkcs11.mk # ncr-pkcs11.so, the PKCS #11 module (docs/pkcs11.md)
include tools/ncr-pkcs11-util/util.mk # ncr-pkcs11-util, its token admin tool
include tests/tests.mk   # the programs run inside the VM (build/tests/*)
include bench/bench.mk   # ncr-bench: ncr beside AF_ALG and OpenSSL
include examples/examples.mk # small libncr programs (ncr-uring-example)
include core/core.mk     # the core's host tests, ct checks, fuzzers, benches

# `all` is re-stated here so that ALL_TARGETS appended by the fragments above
# are prerequisites too (prerequisites are expanded when the rule is read).
# Without any test kernel's headers (a builder who only wants user space
# and DKMS), all builds user space and says so.
all: $(if $(strip $(KRELS)),module,no-module) $(ALL_TARGETS)
user: $(ALL_TARGETS)
.PHONY: no-module
no-module:
	@echo "all: no kernel with headers found (scripts/kernels.sh): ncr.ko not built;" \
		"make deps, or make install-module INSTALL_KREL=<release>, or DKMS (make deb)" >&2

# Installing, uninstalling, packaging (install.mk, debian/)
include packaging/install.mk

# --------------------------------------------------------------- entry points
deps:
	bash scripts/deps.sh build

# check, demo and bench first install what is missing (scripts/deps.sh is
# quick when nothing is), then re-enter make, so that the kernel releases
# above are read after the kernels are installed.
# tests/run-all.sh runs the unit tests, then tests/vm-suite.sh under
# tools/ncr-vm for each kernel, and prints the final "N passed, N failed".
# make check builds with WERROR=1 (our CI stays strict) and installs the
# check profile (QEMU, the second kernel, the clients); demo and bench theirs.
check demo bench:
	bash scripts/deps.sh $@
	@$(MAKE) --no-print-directory $@-run $(if $(filter check,$@),WERROR=1)

check-run: all $(CHECK_TARGETS) $(UNIT_TESTS) $(TEST_BINS) deb
	@test -x tests/run-all.sh || { echo "check: tests/run-all.sh is missing" >&2; exit 1; }
	UNIT_TESTS="$(UNIT_TESTS)" tests/run-all.sh

demo-run: all
	demo/demo.sh

bench-run: all bench-bin
	bench/run.sh

# The package test (tests/vm-packages.sh) on both kernels; make check runs
# it on 6.12 only (docs/packaging.md).
.PHONY: check-deb
check-deb: deb
	NCR_CHECK_NO_UNITS=1 NCR_CHECK_KERNELS= NCR_CHECK_PACKAGES="6.1 6.12" tests/run-all.sh

# A long random-ioctl run on both kernels (make check runs 20000 calls).
FUZZ_IOCTL_ITERS ?= 1000000
fuzz-ioctl: all build/tests/ioctl_fuzz
	for k in 6.1 6.12; do NCR_FUZZ_ITERS=$(FUZZ_IOCTL_ITERS) \
		tools/ncr-vm --kernel $$k -- build/tests/ioctl_fuzz || exit 1; done

# The debug bed: Debian's 6.12 with KASAN, lockdep, kmemleak, fault
# injection and KCOV (scripts/debug-kernel.sh: built once, cached outside
# the clone), and the whole VM suite on it, failing on any report
# (tests/check-debug.sh).  Not part of `make check`.
.PHONY: debug-kernel check-debug
debug-kernel:
	scripts/debug-kernel.sh

check-debug: all $(UNIT_TESTS) $(TEST_BINS)
	tests/check-debug.sh

# Coverage-guided ioctl fuzzing on the debug kernel (KCOV), then the
# coverage report (build/fuzz-kcov/report.txt).  FUZZ_KCOV_SECONDS long.
FUZZ_KCOV_SECONDS ?= 1800
.PHONY: fuzz-kcov
fuzz-kcov: all $(TEST_BINS)
	tests/fuzz-kcov.sh $(FUZZ_KCOV_SECONDS)

# PREEMPT_RT: ncr.ko for Debian's -rt kernels (linux-image-rt-amd64 for
# 6.1, linux-image-6.12-rt-amd64) and the same VM suite booted on each;
# kept out of `make check` for CI's time (about 5 more minutes a kernel).
RT_SERIES := 6.1-rt 6.12-rt
.PHONY: check-rt
check-rt: all $(TEST_BINS)
	bash scripts/deps.sh --rt
	@for s in $(RT_SERIES); do r=$$(scripts/kernels.sh $$s) || exit 1; \
		$(MAKE) --no-print-directory module KDIR=/lib/modules/$$r/build || exit 1; done
	NCR_CHECK_NO_UNITS=1 NCR_CHECK_KERNELS="$(RT_SERIES)" tests/run-all.sh

# Boots both kernels and checks the runner itself (no ncr.ko needed).
vm-selftest:
	tests/vm-selftest.sh

clean: $(CLEAN_TARGETS)
	rm -rf build

help:
	@sed -n '2,19s/^# \{0,1\}//p' Makefile

FORCE:
