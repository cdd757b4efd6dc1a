#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# debug-kernel.sh - builds (once) Debian's own 6.12 kernel with the kernel's
# debugging bed, for `make check-debug` and `tools/ncr-vm --kernel
# 6.12-debug`.
#
#   scripts/debug-kernel.sh            build if needed; print the release
#   scripts/debug-kernel.sh --dir      print the cache directory (no build)
#
# Source: linux-source-6.12 (installed by this script); configuration:
# Debian's /boot/config of the installed 6.12 kernel, trimmed to what the
# test VM loads (`make localmodconfig` over scripts/debug-kernel.lsmod), then
#   KASAN (generic, inline), UBSAN (bounds, shift), PROVE_LOCKING,
#   DEBUG_ATOMIC_SLEEP, DEBUG_LOCKDEP, DEBUG_KMEMLEAK, KFENCE, DEBUG_OBJECTS
#   (work, timers, rcu_head, free), DEBUG_SG, DEBUG_LIST, FAULT_INJECTION
#   with FAILSLAB, FAIL_PAGE_ALLOC, FAULT_INJECTION_USERCOPY and debugfs,
#   KCOV;
# no debug info, no module signing.  The result lives outside the clone, in
#   ${NCR_KERNEL_CACHE:-~/.cache/ncr/kernels}/<version>-<config hash>/
#     build/         the built tree (the module's KDIR)
#     bzImage        the kernel
#     lib/modules/   its modules (modules_install)
#     release        the kernel release, e.g. 6.12.118-ncr-debug
#   ${NCR_KERNEL_CACHE}/6.12-debug   -> the newest such directory
# keyed by the source package version, the base config, the module list and
# the configuration steps, so only the first build pays.  Build log: <dir>/build.log.
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
CACHE=${NCR_KERNEL_CACHE:-$HOME/.cache/ncr/kernels}
SRC_TAR=/usr/src/linux-source-6.12.tar.xz
LSMOD=$TOP/scripts/debug-kernel.lsmod   # /proc/modules of a suite run
LOCALVERSION=-ncr-debug

die() { echo "debug-kernel.sh: $*" >&2; exit 1; }

need_pkgs() {
	local p missing=()
	for p in linux-source-6.12 bc bison flex libelf-dev libssl-dev cpio \
		 xz-utils rsync; do
		dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null |
			grep -q '^ii' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return
	echo "debug-kernel.sh: installing ${missing[*]}" >&2
	apt-get update -q >&2 || true
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "${missing[@]}" >&2
}

# The Debian config the debug kernel starts from.
base_config() {
	local rel
	rel=$("$TOP/scripts/kernels.sh" 6.12) || die "no installed 6.12 kernel"
	echo "/boot/config-$rel"
}

# The cache key: the source version, the base config, the module list and
# the lines between "config {" and "} config" below (not the comments or
# the rest of this script, so editing those does not cost a rebuild).
key() {
	{
		dpkg-query -W -f='${Version}' linux-source-6.12
		cat "$LSMOD" "$(base_config)"
		sed -n '/^\t\t# config {$/,/^\t\t# } config$/p' "${BASH_SOURCE[0]}"
	} | sha256sum | cut -c1-12
}

if [ "${1:-}" = --dir ]; then
	readlink -f "$CACHE/6.12-debug" 2>/dev/null || die "not built yet"
	exit 0
fi

need_pkgs
VERSION=$(dpkg-query -W -f='${Version}' linux-source-6.12)
DIR=$CACHE/${VERSION%%-*}-$(key)
link() {
	ln -sfn "$DIR" "$CACHE/6.12-debug"
	rel=$(cat "$DIR/release")
	# The guest sees the host's root: a link there lets its modprobe (the
	# kernel's request_module) find the debug kernel's modules too.
	if [ ! -e "/lib/modules/$rel" ] || [ -L "/lib/modules/$rel" ]; then
		ln -sfn "$DIR/lib/modules/$rel" "/lib/modules/$rel" 2>/dev/null || true
	fi
	echo "$rel"
}
if [ -f "$DIR/done" ]; then
	link
	exit 0
fi

mkdir -p "$DIR"
exec 9>"$DIR/lock"
flock 9
if [ ! -f "$DIR/done" ]; then
	LOG=$DIR/build.log
	echo "debug-kernel.sh: building the debug kernel in $DIR (log: $LOG)" >&2
	{
	# An interrupted build resumes: once configured, only make runs again.
	if [ ! -f "$DIR/configured" ]; then
		rm -rf "$DIR/build" "$DIR/lib"
		mkdir -p "$DIR/build"
		tar -xJf "$SRC_TAR" -C "$DIR/build" --strip-components=1
		cd "$DIR/build"
		# config {
		cp "$(base_config)" .config
		./scripts/config --set-str LOCALVERSION "$LOCALVERSION" \
			--disable LOCALVERSION_AUTO \
			--disable MODULE_SIG --disable MODULE_SIG_ALL \
			--set-str MODULE_SIG_KEY "" \
			--set-str SYSTEM_TRUSTED_KEYS "" \
			--set-str SYSTEM_REVOCATION_KEYS "" \
			--disable DEBUG_INFO_BTF
		make olddefconfig
		yes '' | make LSMOD="$LSMOD" localmodconfig
		./scripts/config \
			--disable DEBUG_INFO --disable DEBUG_INFO_DWARF5 \
			--disable DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT \
			--enable DEBUG_INFO_NONE \
			--enable KASAN --enable KASAN_GENERIC --enable KASAN_INLINE \
			--enable UBSAN --enable UBSAN_BOUNDS --enable UBSAN_SHIFT \
			--disable UBSAN_TRAP \
			--enable PROVE_LOCKING --enable DEBUG_ATOMIC_SLEEP \
			--enable DEBUG_LOCKDEP \
			--enable DEBUG_KMEMLEAK --disable DEBUG_KMEMLEAK_DEFAULT_OFF \
			--set-val DEBUG_KMEMLEAK_MEM_POOL_SIZE 40000 \
			--enable KFENCE \
			--enable DEBUG_OBJECTS --enable DEBUG_OBJECTS_WORK \
			--enable DEBUG_OBJECTS_TIMERS --enable DEBUG_OBJECTS_RCU_HEAD \
			--enable DEBUG_OBJECTS_FREE \
			--enable DEBUG_SG --enable DEBUG_LIST \
			--enable FAULT_INJECTION --enable FAILSLAB \
			--enable FAIL_PAGE_ALLOC --enable FAULT_INJECTION_USERCOPY \
			--enable FAULT_INJECTION_DEBUG_FS --enable DEBUG_FS \
			--enable KCOV --enable KCOV_INSTRUMENT_ALL \
			--enable VIRTIO_PCI --enable VIRTIO_CONSOLE \
			--enable NET_9P --enable NET_9P_VIRTIO --enable 9P_FS \
			--module CRYPTO_DEV_VIRTIO
		make olddefconfig
		# what the bed needs must have survived olddefconfig
		for o in KASAN PROVE_LOCKING DEBUG_KMEMLEAK KFENCE DEBUG_OBJECTS \
			 FAILSLAB FAIL_PAGE_ALLOC FAULT_INJECTION_USERCOPY KCOV \
			 DEBUG_SG UBSAN; do
			grep -q "^CONFIG_$o=y" .config ||
				{ echo "CONFIG_$o did not stick"; exit 1; }
		done
		# } config
		touch "$DIR/configured"
	fi
		cd "$DIR/build"
		make -j"$(nproc)" bzImage modules
		make INSTALL_MOD_PATH="$DIR" modules_install
		cp arch/x86/boot/bzImage "$DIR/bzImage"
		make -s kernelrelease > "$DIR/release"
	} >"$LOG" 2>&1 || die "build failed: see $LOG"
	touch "$DIR/done"
fi
link
