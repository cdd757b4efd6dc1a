# SPDX-License-Identifier: GPL-2.0-or-later
# lib/lib.mk - libncr: shared and static library, pkg-config file, unit test.
#
# Included by the top-level Makefile; usable alone as well:
#   make -f lib/lib.mk build/lib/libncr.so.1 build/tests/test_libncr_unit
# Paths are relative to the repository top.  Variables are prefixed LIB_,
# except the ones meant for other fragments: LIBNCR_A, NCR_CFLAGS,
# ALL_TARGETS, UNIT_TESTS, PREFIX, DESTDIR, and the install directories
# of the top-level Makefile (LIBDIR, INCLUDEDIR, PKGCONFIGDIR, MANDIR).
#
# Installed headers (docs/packaging.md): $(INCLUDEDIR)/ncr/libncr.h, the
# uapi header as $(INCLUDEDIR)/linux/ncr.h (where the kernel's own uapi
# headers are: a future upstream <linux/ncr.h> is the same file) and the
# BSD ABI's $(INCLUDEDIR)/crypto/cryptodev.h; libncr.h includes
# <linux/ncr.h>, so in-tree builds use -Iinclude/uapi.

# Do not let this fragment's first rule become the includer's default goal.
LIB_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)

CC ?= cc
AR ?= ar
PREFIX ?= /usr/local
DESTDIR ?=

# The package's version is VERSION's (the pkg-config Version:); the
# soname's major is the ABI of libncr.so, bumped only on an incompatible
# change (debian/libncr1.symbols lists what each version added).
LIB_VERSION := $(or $(NCR_VERSION),$(shell cat VERSION 2>/dev/null),0)
LIB_SOMAJOR := 1
LIB_LIBDIR ?= $(or $(LIBDIR),$(PREFIX)/lib)
LIB_INCLUDEDIR ?= $(or $(INCLUDEDIR),$(PREFIX)/include)
LIB_PKGCONFIGDIR ?= $(or $(PKGCONFIGDIR),$(LIB_LIBDIR)/pkgconfig)
LIB_MANDIR ?= $(or $(MANDIR),$(PREFIX)/share/man)

NCR_CFLAGS := -Iinclude/uapi -Iinclude/uapi/linux -Ilib
LIBNCR_A := build/lib/libncr.a

# -Werror only with WERROR=1 (the top-level Makefile's NCR_WARN)
LIB_WARN := $(or $(NCR_WARN),-Wall -Wextra)
# The top-level Makefile's CFLAGS (default -O2 -g), CPPFLAGS and LDFLAGS
# are honoured.
LIB_CFLAGS ?= $(if $(CFLAGS),$(CFLAGS),-O2 -g)
LIB_ALL_CFLAGS := $(CPPFLAGS) $(LIB_CFLAGS) $(LIB_WARN) -fPIC \
	-fvisibility=hidden -D_GNU_SOURCE $(NCR_CFLAGS)
LIB_LDFLAGS ?= $(LDFLAGS)

# The library is every lib/*.c; its host-only unit test is lib/tests/*.c.
LIB_SRCS := $(wildcard lib/*.c)
LIB_HDRS := lib/libncr.h lib/ncr_internal.h include/uapi/linux/ncr.h
LIB_OBJDIR := build/lib/obj
LIB_OBJS := $(patsubst lib/%.c,$(LIB_OBJDIR)/%.o,$(LIB_SRCS))

LIB_SO := build/lib/libncr.so.$(LIB_SOMAJOR)
LIB_SO_LINK := build/lib/libncr.so
LIB_PC := build/lib/libncr.pc
LIB_UNIT := build/tests/test_libncr_unit
LIB_UNIT_SRCS := $(wildcard lib/tests/*.c)
LIB_UNIT_HDRS := $(wildcard lib/tests/*.h)
# libncr.so exports exactly what libncr.h declares (a script, run from the
# top of the tree like the other unit tests)
LIB_EXPORTS := build/tests/test_libncr_exports
# README.md's libncr example compiles and links as shown (issue 13)
LIB_README := build/tests/test_readme_example

ALL_TARGETS += $(LIB_SO) $(LIB_SO_LINK) $(LIBNCR_A) $(LIB_PC)
UNIT_TESTS += $(LIB_UNIT) $(LIB_EXPORTS) $(LIB_README)
CLEAN_TARGETS += clean-lib

# sed program turning libncr.pc.in into libncr.pc for the current PREFIX.
# libdir and includedir are written relative to ${prefix} when they are
# under PREFIX, so that `pkg-config --define-prefix` relocates the file.
lib_pc_rel = $(if $(filter $(PREFIX)/%,$(1)),$${prefix}/$(patsubst $(PREFIX)/%,%,$(1)),$(1))
LIB_PC_SED = -e 's|@PREFIX@|$(PREFIX)|g' \
	-e 's|@LIBDIR@|$(call lib_pc_rel,$(LIB_LIBDIR))|g' \
	-e 's|@INCLUDEDIR@|$(call lib_pc_rel,$(LIB_INCLUDEDIR))|g' \
	-e 's|@VERSION@|$(LIB_VERSION)|g'

$(LIB_OBJDIR)/%.o: lib/%.c $(LIB_HDRS) lib/lib.mk
	@mkdir -p $(@D)
	$(CC) $(LIB_ALL_CFLAGS) -c -o $@ $<

$(LIB_SO): $(LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) $(LIB_CFLAGS) -shared -Wl,-soname,libncr.so.$(LIB_SOMAJOR) \
		-Wl,--no-undefined -Wl,-z,relro -Wl,-z,now $(LIB_LDFLAGS) \
		-o $@ $(LIB_OBJS)

$(LIB_SO_LINK): $(LIB_SO)
	ln -sf libncr.so.$(LIB_SOMAJOR) $@

$(LIBNCR_A): $(LIB_OBJS)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJS)

$(LIB_PC): lib/libncr.pc.in lib/lib.mk VERSION
	@mkdir -p $(@D)
	sed $(LIB_PC_SED) $< > $@

# The unit test links the static archive, so it sees the internal
# (hidden-visibility) helpers too; it needs no /dev/crypto.
$(LIB_UNIT): $(LIB_UNIT_SRCS) $(LIB_UNIT_HDRS) $(LIBNCR_A) $(LIB_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(LIB_CFLAGS) $(LIB_WARN) -D_GNU_SOURCE $(NCR_CFLAGS) \
		$(LIB_LDFLAGS) -o $@ $(LIB_UNIT_SRCS) $(LIBNCR_A)

$(LIB_EXPORTS): lib/tests/exports.sh $(LIB_SO)
	@mkdir -p $(@D)
	install -m 0755 $< $@

$(LIB_README): tests/readme-example.sh $(LIBNCR_A)
	@mkdir -p $(@D)
	install -m 0755 $< $@

.PHONY: lib check-lib install-lib uninstall-lib clean-lib
lib: $(LIB_SO) $(LIB_SO_LINK) $(LIBNCR_A) $(LIB_PC)

check-lib: $(LIB_UNIT) $(LIB_EXPORTS) $(LIB_README)
	$(LIB_UNIT)
	$(LIB_EXPORTS)
	$(LIB_README)

# The .pc file is generated afresh from its template so that a PREFIX
# given at install time is honoured even if it differs from the build's.
# The library's man pages: doc/libncr*.3 and doc/ncr_*.3, whatever exists.
LIB_MAN3 = $(wildcard doc/libncr*.3 doc/ncr_*.3)
install-lib: $(LIB_SO) $(LIBNCR_A)
	install -d $(DESTDIR)$(LIB_LIBDIR) $(DESTDIR)$(LIB_INCLUDEDIR)/ncr \
		$(DESTDIR)$(LIB_INCLUDEDIR)/linux $(DESTDIR)$(LIB_INCLUDEDIR)/crypto \
		$(DESTDIR)$(LIB_PKGCONFIGDIR)
	install -m 0644 $(LIB_SO) $(DESTDIR)$(LIB_LIBDIR)/libncr.so.$(LIB_SOMAJOR)
	ln -sf libncr.so.$(LIB_SOMAJOR) $(DESTDIR)$(LIB_LIBDIR)/libncr.so
	install -m 0644 $(LIBNCR_A) $(DESTDIR)$(LIB_LIBDIR)/libncr.a
	install -m 0644 lib/libncr.h $(DESTDIR)$(LIB_INCLUDEDIR)/ncr/libncr.h
	install -m 0644 include/uapi/linux/ncr.h $(DESTDIR)$(LIB_INCLUDEDIR)/linux/ncr.h
	install -m 0644 include/uapi/crypto/cryptodev.h \
		$(DESTDIR)$(LIB_INCLUDEDIR)/crypto/cryptodev.h
	sed $(LIB_PC_SED) lib/libncr.pc.in > $(DESTDIR)$(LIB_PKGCONFIGDIR)/libncr.pc
	chmod 0644 $(DESTDIR)$(LIB_PKGCONFIGDIR)/libncr.pc
	$(if $(LIB_MAN3),install -d $(DESTDIR)$(LIB_MANDIR)/man3)
	$(if $(LIB_MAN3),install -m 0644 $(LIB_MAN3) $(DESTDIR)$(LIB_MANDIR)/man3/)

# Removes exactly what install-lib put (and the directories it made, when
# they are left empty).
uninstall-lib:
	rm -f $(DESTDIR)$(LIB_LIBDIR)/libncr.so.$(LIB_SOMAJOR) \
		$(DESTDIR)$(LIB_LIBDIR)/libncr.so $(DESTDIR)$(LIB_LIBDIR)/libncr.a \
		$(DESTDIR)$(LIB_INCLUDEDIR)/ncr/libncr.h \
		$(DESTDIR)$(LIB_INCLUDEDIR)/linux/ncr.h \
		$(DESTDIR)$(LIB_INCLUDEDIR)/crypto/cryptodev.h \
		$(DESTDIR)$(LIB_PKGCONFIGDIR)/libncr.pc \
		$(addprefix $(DESTDIR)$(LIB_MANDIR)/man3/,$(notdir $(LIB_MAN3)))
	-rmdir $(DESTDIR)$(LIB_INCLUDEDIR)/ncr $(DESTDIR)$(LIB_INCLUDEDIR)/crypto 2>/dev/null

clean-lib:
	rm -rf build/lib $(LIB_UNIT) $(LIB_EXPORTS) $(LIB_README)

.DEFAULT_GOAL := $(LIB_SAVED_DEFAULT_GOAL)
