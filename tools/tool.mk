# SPDX-License-Identifier: GPL-2.0-or-later
# tools/tool.mk - ncrtool, the command-line front end to /dev/crypto,
# built from the sources in tools/ncrtool/.
#
# Included by the top-level Makefile (after lib/lib.mk); usable alone too:
#   make -f lib/lib.mk -f tools/tool.mk build/bin/ncrtool
# ncrtool links libncr statically (build/lib/libncr.a), so the binary runs
# without libncr.so installed.

TOOL_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)

CC ?= cc
PREFIX ?= /usr/local
DESTDIR ?=
LIBNCR_A ?= build/lib/libncr.a
NCR_CFLAGS ?= -Iinclude/uapi -Iinclude/uapi/linux -Ilib

TOOL_BIN := build/bin/ncrtool
# one file a command family, main.c dispatching (see tools/ncrtool/main.c)
TOOL_SRCS := $(sort $(wildcard tools/ncrtool/*.c))
TOOL_MAN := doc/ncrtool.1
TOOL_BINDIR ?= $(or $(BINDIR),$(PREFIX)/bin)
TOOL_MANDIR ?= $(or $(MANDIR),$(PREFIX)/share/man)
TOOL_CFLAGS ?= $(if $(CFLAGS),$(CFLAGS),-O2 -g)
TOOL_ALL_CFLAGS := $(CPPFLAGS) $(TOOL_CFLAGS) $(or $(NCR_WARN),-Wall -Wextra) \
	-D_GNU_SOURCE $(NCR_CFLAGS)
TOOL_LDFLAGS ?= $(LDFLAGS)
# NCRTOOL_SHARED=1 (the Debian package, debian/rules): link libncr.so
# rather than libncr.a, so the installed tool uses the installed library.
TOOL_LIBNCR := $(if $(filter 1,$(NCRTOOL_SHARED)),$(LIB_SO_LINK),$(LIBNCR_A))

ALL_TARGETS += $(TOOL_BIN)
CLEAN_TARGETS += clean-tool

$(TOOL_BIN): $(TOOL_SRCS) tools/ncrtool/ncrtool.h $(TOOL_LIBNCR) \
		lib/libncr.h include/uapi/linux/ncr.h tools/tool.mk
	@mkdir -p $(@D)
	$(CC) $(TOOL_ALL_CFLAGS) $(TOOL_LDFLAGS) -o $@ $(TOOL_SRCS) $(TOOL_LIBNCR)

.PHONY: tool install-tool uninstall-tool clean-tool
tool: $(TOOL_BIN)

install-tool: $(TOOL_BIN)
	install -d $(DESTDIR)$(TOOL_BINDIR) $(DESTDIR)$(TOOL_MANDIR)/man1
	install -m 0755 $(TOOL_BIN) $(DESTDIR)$(TOOL_BINDIR)/ncrtool
	install -m 0644 $(TOOL_MAN) $(DESTDIR)$(TOOL_MANDIR)/man1/ncrtool.1

uninstall-tool:
	rm -f $(DESTDIR)$(TOOL_BINDIR)/ncrtool \
		$(DESTDIR)$(TOOL_MANDIR)/man1/ncrtool.1

clean-tool:
	rm -f $(TOOL_BIN)

.DEFAULT_GOAL := $(TOOL_SAVED_DEFAULT_GOAL)
