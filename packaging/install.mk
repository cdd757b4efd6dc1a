# SPDX-License-Identifier: GPL-2.0-or-later
# packaging/install.mk - installing without packages, the DKMS source tree
# and the Debian packages (docs/packaging.md).  Included by the top-level
# Makefile after the fragments.
#
#   make install [PREFIX=/usr/local] [DESTDIR=] [WITH_MODULE=1]
#       libncr (.so, .a, headers, libncr.pc), ncrtool, the PKCS #11 module
#       and its tool, man pages, the udev rule, the modules-load.d entry,
#       the commented /etc/modprobe.d/ncr.conf example (kept if present),
#       the master-key service and its script (packaging/systemd/).
#       Needs no kernel headers; WITH_MODULE=1 adds install-module.
#   make install-module [INSTALL_KREL=<release>]
#       builds ncr.ko for that kernel (default: the running one; its
#       headers needed) into /lib/modules/<release>/updates/, runs depmod
#   make uninstall [same variables]     removes exactly what install put
#   make dkms-src [DESTDIR=]            /usr/src/ncr-$(NCR_VERSION)/
#   make deb                            build/deb/*.deb (debian/)
#
# Directories (GNU names; all overridable on the command line):
PREFIX ?= /usr/local
EXEC_PREFIX ?= $(PREFIX)
BINDIR ?= $(EXEC_PREFIX)/bin
SBINDIR ?= $(EXEC_PREFIX)/sbin
LIBDIR ?= $(EXEC_PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
SYSCONFDIR ?= /etc
# udev, systemd and modules-load read $(PREFIX)/lib/... for both /usr and
# /usr/local (never a multiarch LIBDIR)
UDEVRULESDIR ?= $(PREFIX)/lib/udev/rules.d
MODULESLOADDIR ?= $(PREFIX)/lib/modules-load.d
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
MODPROBEDIR ?= $(SYSCONFDIR)/modprobe.d
DKMSDIR ?= /usr/src/ncr-$(NCR_VERSION)

.PHONY: install uninstall install-system uninstall-system install-man \
	uninstall-man install-module uninstall-module dkms-src deb check-deb

# ------------------------------------------------------------------ install
install: install-lib install-tool install-pkcs11 install-p11util \
		install-system install-man $(if $(filter 1,$(WITH_MODULE)),install-module)

uninstall: uninstall-lib uninstall-tool uninstall-pkcs11 uninstall-p11util \
		uninstall-system uninstall-man $(if $(filter 1,$(WITH_MODULE)),uninstall-module)

# Every man page of doc/ (doc/NAME.SECTION), whichever exist.
INST_MAN := $(wildcard doc/*.[1-8])
install-man:
	@for m in $(INST_MAN); do s=$${m##*.}; \
		echo "install -D -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}"; \
		install -D -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/$${m##*/} || exit 1; done

uninstall-man:
	rm -f $(foreach m,$(INST_MAN),$(DESTDIR)$(MANDIR)/man$(subst .,,$(suffix $(m)))/$(notdir $(m)))

# The master-key service of packaging/systemd/ (its unit: *.service, with
# @SBINDIR@ replaced; its scripts: every other file, into SBINDIR).
INST_UNITS := $(wildcard packaging/systemd/*.service)
INST_SCRIPTS := $(filter-out $(INST_UNITS) %.md %~,$(wildcard packaging/systemd/*))
INST_SED := -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@BINDIR@|$(BINDIR)|g'

# The modprobe.d example is a configuration file: an existing one (the
# admin's) is left alone, and uninstall removes it only when unchanged.
install-system:
	install -D -m 0644 packaging/udev/60-ncr.rules \
		$(DESTDIR)$(UDEVRULESDIR)/60-ncr.rules
	install -D -m 0644 packaging/modules-load.d/ncr.conf \
		$(DESTDIR)$(MODULESLOADDIR)/ncr.conf
	@if [ -e $(DESTDIR)$(MODPROBEDIR)/ncr.conf ]; then \
		echo "install: keeping $(DESTDIR)$(MODPROBEDIR)/ncr.conf"; \
	else \
		echo "install -D -m 0644 packaging/modprobe.d/ncr.conf $(DESTDIR)$(MODPROBEDIR)/ncr.conf"; \
		install -D -m 0644 packaging/modprobe.d/ncr.conf $(DESTDIR)$(MODPROBEDIR)/ncr.conf; \
	fi
	@for u in $(INST_UNITS); do \
		echo "install $$u -> $(DESTDIR)$(SYSTEMDUNITDIR)/$${u##*/}"; \
		install -d $(DESTDIR)$(SYSTEMDUNITDIR) && \
		sed $(INST_SED) $$u > $(DESTDIR)$(SYSTEMDUNITDIR)/$${u##*/} && \
		chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/$${u##*/} || exit 1; done
	@for s in $(INST_SCRIPTS); do \
		echo "install -D -m 0755 $$s $(DESTDIR)$(SBINDIR)/$${s##*/}"; \
		install -D -m 0755 $$s $(DESTDIR)$(SBINDIR)/$${s##*/} || exit 1; done
	@if [ -z "$(DESTDIR)" ] && command -v udevadm >/dev/null && [ -d /run/udev ]; then \
		udevadm control --reload || true; fi
	@if [ -z "$(DESTDIR)" ] && [ -n "$(INST_UNITS)" ] && [ -d /run/systemd/system ]; then \
		systemctl daemon-reload || true; fi

uninstall-system:
	rm -f $(DESTDIR)$(UDEVRULESDIR)/60-ncr.rules \
		$(DESTDIR)$(MODULESLOADDIR)/ncr.conf \
		$(addprefix $(DESTDIR)$(SYSTEMDUNITDIR)/,$(notdir $(INST_UNITS))) \
		$(addprefix $(DESTDIR)$(SBINDIR)/,$(notdir $(INST_SCRIPTS)))
	@if cmp -s packaging/modprobe.d/ncr.conf $(DESTDIR)$(MODPROBEDIR)/ncr.conf; then \
		echo "rm -f $(DESTDIR)$(MODPROBEDIR)/ncr.conf"; rm -f $(DESTDIR)$(MODPROBEDIR)/ncr.conf; \
	elif [ -e $(DESTDIR)$(MODPROBEDIR)/ncr.conf ]; then \
		echo "uninstall: keeping $(DESTDIR)$(MODPROBEDIR)/ncr.conf (changed)"; fi

# ------------------------------------------------------------------ module
# Not part of plain `make install`: it needs the kernel's headers.  For a
# machine that gets new kernels, the DKMS package (or dkms-src + `dkms
# install`) rebuilds the module for each one; this installs one build.
INSTALL_KREL ?= $(shell uname -r)
INSTALL_KDIR ?= /lib/modules/$(INSTALL_KREL)/build
INSTALL_MODDIR ?= /lib/modules/$(INSTALL_KREL)/updates

install-module:
	@test -e $(INSTALL_KDIR)/Makefile || { \
		echo "install-module: no kernel headers for $(INSTALL_KREL) at $(INSTALL_KDIR):" \
			"install linux-headers-$(INSTALL_KREL), or name another kernel" \
			"with INSTALL_KREL=<release> (make install without WITH_MODULE=1" \
			"needs no headers)" >&2; exit 1; }
	$(MAKE) --no-print-directory module KDIR=$(INSTALL_KDIR) \
		KREL=$(INSTALL_KREL) MODULE_WERROR=$(WERROR)
	install -D -m 0644 build/$(INSTALL_KREL)/ncr.ko \
		$(DESTDIR)$(INSTALL_MODDIR)/ncr.ko
	@test -n "$(DESTDIR)" || depmod -a $(INSTALL_KREL)

uninstall-module:
	rm -f $(DESTDIR)$(INSTALL_MODDIR)/ncr.ko
	@test -n "$(DESTDIR)" || depmod -a $(INSTALL_KREL)

# ------------------------------------------------------------------ DKMS
# The module's sources as a tree of their own, with the Makefile and
# dkms.conf of packaging/dkms/: what ncr-dkms ships in /usr/src.
DKMS_FILES = $(wildcard kernel/Kbuild kernel/*.c kernel/*.h core/parts.mk \
	core/*.h $(foreach p,$(NCR_CORE_PARTS),core/$(p)/*.c core/$(p)/*.h) \
	include/uapi/linux/ncr.h include/uapi/crypto/cryptodev.h)

dkms-src:
	@test -f kernel/Kbuild || { echo "dkms-src: kernel/Kbuild is missing" >&2; exit 1; }
	rm -rf $(DESTDIR)$(DKMSDIR)
	install -d $(DESTDIR)$(DKMSDIR)
	tar -cf - $(DKMS_FILES) | tar -xf - -C $(DESTDIR)$(DKMSDIR) --no-same-owner
	install -m 0644 packaging/dkms/Makefile $(DESTDIR)$(DKMSDIR)/Makefile
	sed 's|@VERSION@|$(NCR_VERSION)|g' packaging/dkms/dkms.conf.in \
		> $(DESTDIR)$(DKMSDIR)/dkms.conf
	install -m 0644 VERSION $(DESTDIR)$(DKMSDIR)/VERSION
	chmod -R u+rwX,go+rX,go-w $(DESTDIR)$(DKMSDIR)

# ------------------------------------------------------------------ debs
# make deb: the source tree (tracked and new files; not build/) is copied
# to build/deb/ncr-$(NCR_VERSION)/ and built there with dpkg-buildpackage
# (debhelper, dh-dkms: scripts/deps.sh deb), then checked by lintian.
# The packages land in build/deb/.
DEB_DIR := build/deb
DEB_SRC := $(DEB_DIR)/ncr-$(NCR_VERSION)
deb:
	bash scripts/deps.sh deb
	rm -rf $(DEB_DIR)
	mkdir -p $(DEB_SRC)
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git ls-files -z --cached --others --exclude-standard | \
			grep -zv '^build/' | xargs -0 sh -c 'for f; do [ -e "$$f" ] && printf "%s\0" "$$f"; done' sh | \
			tar --null -T - -cf - | tar -xf - -C $(DEB_SRC); \
	else \
		tar --exclude=./build -cf - . | tar -xf - -C $(DEB_SRC); \
	fi
	@# (the outer make's variables, e.g. make check's WERROR=1, stay out)
	cd $(DEB_SRC) && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
		dpkg-buildpackage -us -uc -b -j$(or $(DEB_JOBS),2)
	lintian --info --display-info --pedantic --fail-on error,warning \
		$(DEB_DIR)/ncr_$(NCR_VERSION)_*.changes
	@ls -l $(DEB_DIR)/*.deb
