# SPDX-License-Identifier: GPL-2.0-or-later
# examples/examples.mk - small programs that show libncr in use, built
# into build/bin/ (examples/*.c, one program a file, each documented in
# its header comment):
#   ncr-uring-example  (examples/uring.c) one-shot operations and a batch
#                      through io_uring with liburing; needs liburing-dev,
#                      so it is part of `make check` (and `make examples`)
#                      only when liburing's pkg-config file is found.
#
# Included by the top-level Makefile after lib/lib.mk; usable alone too:
#   make -f lib/lib.mk -f examples/examples.mk build/bin/ncr-uring-example

EX_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)

CC ?= cc
LIBNCR_A ?= build/lib/libncr.a
NCR_CFLAGS ?= -Iinclude/uapi -Iinclude/uapi/linux -Ilib
EX_CFLAGS ?= $(if $(CFLAGS),$(CFLAGS),-O2 -g)
EX_ALL_CFLAGS := $(CPPFLAGS) $(EX_CFLAGS) $(or $(NCR_WARN),-Wall -Wextra) \
	-D_GNU_SOURCE $(NCR_CFLAGS)

EX_URING := build/bin/ncr-uring-example
EX_HAVE_URING := $(shell pkg-config --exists liburing 2>/dev/null && echo y)
EX_URING_CFLAGS := $(if $(EX_HAVE_URING),$(shell pkg-config --cflags liburing))
EX_URING_LIBS := $(if $(EX_HAVE_URING),$(shell pkg-config --libs liburing),-luring)

ifeq ($(EX_HAVE_URING),y)
CHECK_TARGETS += $(EX_URING)
endif
CLEAN_TARGETS += clean-examples

$(EX_URING): examples/uring.c $(LIBNCR_A) lib/libncr.h \
		include/uapi/linux/ncr.h examples/examples.mk
	@mkdir -p $(@D)
	$(CC) $(EX_ALL_CFLAGS) $(EX_URING_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBNCR_A) \
		$(EX_URING_LIBS)

.PHONY: examples clean-examples
examples: $(EX_URING)

clean-examples:
	rm -f $(EX_URING)

.DEFAULT_GOAL := $(EX_SAVED_DEFAULT_GOAL)
