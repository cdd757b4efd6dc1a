# SPDX-License-Identifier: GPL-2.0-or-later
# pkcs11/pkcs11.mk - ncr-pkcs11.so, the PKCS #11 3.0 module whose keys are
# ncr key objects (docs/pkcs11.md), and its p11-kit module file.
#
# Included by the top-level Makefile (after lib/lib.mk).  The module links
# libncr statically (build/lib/libncr.a, built -fPIC) and OpenSSL's
# libcrypto (DER encoding only); a version script exports the C_* entry
# points and nothing else.  The PKCS #11 header is NSS's (libnss3-dev).

P11_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)

CC ?= cc
PREFIX ?= /usr/local
DESTDIR ?=
LIBNCR_A ?= build/lib/libncr.a
NCR_CFLAGS ?= -Iinclude/uapi -Iinclude/uapi/linux -Ilib

P11_SO := build/pkcs11/ncr-pkcs11.so
P11_SRCS := $(sort $(wildcard pkcs11/*.c))
P11_OBJDIR := build/pkcs11/obj
P11_OBJS := $(patsubst pkcs11/%.c,$(P11_OBJDIR)/%.o,$(P11_SRCS))
# Debian's PKCS #11 module directory when p11-kit says so, else LIBDIR's
P11_MODULEDIR ?= $(or $(shell pkg-config --variable=p11_module_path p11-kit-1 2>/dev/null),$(PREFIX)/lib/pkcs11)
P11_CONFDIR ?= $(or $(shell pkg-config --variable=p11_module_configs p11-kit-1 2>/dev/null),$(PREFIX)/share/p11-kit/modules)
P11_MANDIR ?= $(or $(MANDIR),$(PREFIX)/share/man)
P11_CFLAGS ?= $(if $(CFLAGS),$(CFLAGS),-O2 -g)
P11_WARN := $(or $(NCR_WARN),-Wall -Wextra)
P11_ALL_CFLAGS := $(CPPFLAGS) $(P11_CFLAGS) $(P11_WARN) -fPIC \
	-fvisibility=hidden -D_GNU_SOURCE $(NCR_CFLAGS) -Ipkcs11 \
	$(shell pkg-config --cflags nss 2>/dev/null || echo -I/usr/include/nspr)
P11_LDFLAGS ?= $(LDFLAGS)

ALL_TARGETS += $(P11_SO)
CLEAN_TARGETS += clean-pkcs11

$(P11_OBJDIR)/%.o: pkcs11/%.c $(wildcard pkcs11/*.h) lib/libncr.h \
		include/uapi/linux/ncr.h pkcs11/pkcs11.mk
	@mkdir -p $(@D)
	$(CC) $(P11_ALL_CFLAGS) -c -o $@ $<

$(P11_SO): $(P11_OBJS) $(LIBNCR_A) pkcs11/exports.map
	@mkdir -p $(@D)
	$(CC) $(P11_CFLAGS) -shared -Wl,--no-undefined -Wl,-z,relro -Wl,-z,now \
		-Wl,--version-script=pkcs11/exports.map $(P11_LDFLAGS) \
		-o $@.tmp $(P11_OBJS) $(LIBNCR_A) -lcrypto -lpthread
	@# atomic: a VM run may have the previous copy mapped right now
	mv -f $@.tmp $@

# Host test (`make check`): the module on a machine without ncr.
P11_HOST_TEST := build/tests/test_pkcs11_host
UNIT_TESTS += $(P11_HOST_TEST)
$(P11_HOST_TEST): tests/pkcs11/host_test.c $(P11_SO)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(P11_CFLAGS) $(P11_WARN) \
		$(shell pkg-config --cflags nss 2>/dev/null || echo -I/usr/include/nspr) \
		$(P11_LDFLAGS) -o $@ $< -ldl

.PHONY: pkcs11 install-pkcs11 uninstall-pkcs11 clean-pkcs11
pkcs11: $(P11_SO)

install-pkcs11: $(P11_SO)
	install -d $(DESTDIR)$(P11_MODULEDIR) $(DESTDIR)$(P11_CONFDIR) \
		$(DESTDIR)$(P11_MANDIR)/man7
	install -m 0644 $(P11_SO) $(DESTDIR)$(P11_MODULEDIR)/ncr-pkcs11.so
	printf '# ncr: PKCS #11 token with kernel-held keys (ncr-pkcs11(7))\nmodule: %s\ncritical: no\n' \
		'$(P11_MODULEDIR)/ncr-pkcs11.so' > $(DESTDIR)$(P11_CONFDIR)/ncr.module
	chmod 0644 $(DESTDIR)$(P11_CONFDIR)/ncr.module
	install -m 0644 doc/ncr-pkcs11.7 $(DESTDIR)$(P11_MANDIR)/man7/ncr-pkcs11.7

uninstall-pkcs11:
	rm -f $(DESTDIR)$(P11_MODULEDIR)/ncr-pkcs11.so \
		$(DESTDIR)$(P11_CONFDIR)/ncr.module \
		$(DESTDIR)$(P11_MANDIR)/man7/ncr-pkcs11.7

clean-pkcs11:
	rm -rf build/pkcs11

.DEFAULT_GOAL := $(P11_SAVED_DEFAULT_GOAL)
