# SPDX-License-Identifier: GPL-2.0-or-later
# tools/ncr-pkcs11-util/util.mk - ncr-pkcs11-util, the admin tool of
# ncr-pkcs11.so tokens (doc/ncr-pkcs11-util.1), from the sources in
# tools/ncr-pkcs11-util/.
#
# Included by the top-level Makefile (after pkcs11/pkcs11.mk, whose
# P11_MODULEDIR is the default module path compiled in).  The tool uses
# only the PKCS #11 interface (p11-kit's header, libp11-kit-dev) and
# OpenSSL's libcrypto; it does not link libncr.

P11UTIL_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)

CC ?= cc
PREFIX ?= /usr/local
DESTDIR ?=

P11UTIL_BIN := build/bin/ncr-pkcs11-util
P11UTIL_SRCS := $(sort $(wildcard tools/ncr-pkcs11-util/*.c))
P11UTIL_MAN := doc/ncr-pkcs11-util.1
P11UTIL_BINDIR ?= $(or $(BINDIR),$(PREFIX)/bin)
P11UTIL_MANDIR ?= $(or $(MANDIR),$(PREFIX)/share/man)
# the installed module (pkcs11/pkcs11.mk's directory when included after it)
P11UTIL_MODULE ?= $(or $(P11_MODULEDIR),$(PREFIX)/lib/pkcs11)/ncr-pkcs11.so
P11UTIL_CFLAGS ?= $(if $(CFLAGS),$(CFLAGS),-O2 -g)
P11UTIL_ALL_CFLAGS := $(CPPFLAGS) $(P11UTIL_CFLAGS) $(or $(NCR_WARN),-Wall -Wextra) \
	-D_GNU_SOURCE \
	$(shell pkg-config --cflags p11-kit-1 2>/dev/null || echo -I/usr/include/p11-kit-1) \
	-DNCR_PKCS11_DEFAULT_MODULE='"$(P11UTIL_MODULE)"'
P11UTIL_LDFLAGS ?= $(LDFLAGS)

ALL_TARGETS += $(P11UTIL_BIN)
CLEAN_TARGETS += clean-p11util

$(P11UTIL_BIN): $(P11UTIL_SRCS) tools/ncr-pkcs11-util/util.h \
		tools/ncr-pkcs11-util/util.mk
	@mkdir -p $(@D)
	$(CC) $(P11UTIL_ALL_CFLAGS) $(P11UTIL_LDFLAGS) -o $@ $(P11UTIL_SRCS) \
		-lcrypto -ldl

.PHONY: p11util install-p11util uninstall-p11util clean-p11util
p11util: $(P11UTIL_BIN)

install-p11util: $(P11UTIL_BIN)
	install -d $(DESTDIR)$(P11UTIL_BINDIR) $(DESTDIR)$(P11UTIL_MANDIR)/man1
	install -m 0755 $(P11UTIL_BIN) $(DESTDIR)$(P11UTIL_BINDIR)/ncr-pkcs11-util
	install -m 0644 $(P11UTIL_MAN) \
		$(DESTDIR)$(P11UTIL_MANDIR)/man1/ncr-pkcs11-util.1

uninstall-p11util:
	rm -f $(DESTDIR)$(P11UTIL_BINDIR)/ncr-pkcs11-util \
		$(DESTDIR)$(P11UTIL_MANDIR)/man1/ncr-pkcs11-util.1

clean-p11util:
	rm -f $(P11UTIL_BIN)

.DEFAULT_GOAL := $(P11UTIL_SAVED_DEFAULT_GOAL)
