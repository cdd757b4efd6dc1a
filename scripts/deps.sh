#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# deps.sh - idempotent installer of the Debian packages ncr needs, by
# profile (docs/packaging.md):
#
#   scripts/deps.sh [build]   building the product: compiler, the kernel
#                             headers of the running kernel, the libraries
#                             (make deps, make all, make install)
#   scripts/deps.sh check     build + what make check needs: the two test
#                             kernels, QEMU, the PKCS #11 clients, clang
#                             and the sanitizer runtimes, Valgrind, 32-bit
#                             libraries, dpkg-dev/dkms for the package test
#   scripts/deps.sh demo      build + the test kernels and QEMU (make demo)
#   scripts/deps.sh bench     check + gnuplot, SoftHSM2 (make bench)
#   scripts/deps.sh deb       build + debhelper, dh-dkms, lintian (make deb)
#   scripts/deps.sh all       every profile (.ci/run)
#   scripts/deps.sh --rt      the PREEMPT_RT kernels (make check-rt)
#
# Fast path: if every package of the profile is already installed
# (dpkg-query), do nothing.  Otherwise run `apt-get update` (errors from
# unreachable third-party sources are tolerated) and install the missing
# set.  Needs root (or sudo) on Debian 12 (bookworm).
#
set -euo pipefail

BUILD=(
	build-essential pkg-config git
	# the module: headers of Debian's current kernel (make all builds
	# ncr.ko for it; make install-module for the running kernel needs
	# that kernel's linux-headers-<release>, as DKMS does)
	linux-headers-amd64
	# the PKCS #11 module and its tool: OpenSSL's libcrypto, NSS's
	# PKCS #11 3.0 header, p11-kit's header and paths
	libssl-dev libnss3-dev libnspr4-dev libp11-kit-dev
)
# The kernels the module is built and tested for (meta packages pull the
# current ABI), and the VM test bed.
KERNELS=(
	linux-image-amd64 linux-headers-amd64
	linux-image-6.12-amd64 linux-headers-6.12-amd64
)
VM=(qemu-system-x86 busybox-static kmod cpio xz-utils zstd gzip util-linux)
CHECK=(
	"${KERNELS[@]}" "${VM[@]}"
	# liburing: the io_uring example program (examples/uring.c),
	# ncr-bench's ncr-uring interface (bench/ncr-bench/sym_uring.c) and
	# the io_uring tests (tests/uring/, build/tests/uring)
	liburing-dev
	# PKCS #11 clients the token is tested with (tests/pkcs11/)
	opensc gnutls-bin libnss3-tools libengine-pkcs11-openssl p11-kit
	python3-pykcs11 openssh-client
	# tests / demo (jansson: the Wycheproof and core test programs)
	libjansson-dev openssl python3 valgrind procps
	# fuzzers (libFuzzer + sanitizer runtimes)
	clang libclang-rt-14-dev
	# 32-bit test programs (the BSD ABI's compat layer: build/tests/bsd32)
	gcc-multilib libssl-dev:i386
	# the package test (tests/vm-packages.sh): the guest, which sees the
	# host's root, installs the .debs with dpkg and builds by DKMS
	# (udev and systemd: the rule under systemd-udevd, modules-load.d
	# under systemd-modules-load; binutils: readelf)
	dkms dpkg-dev udev systemd binutils
	# the man page check (tests/man-check.sh) and the unit's verification
	groff-base
	# boot-time master key (tests/vm-tpm.sh, tests/vm-master-key.sh):
	# swtpm behind ncr-vm --tpm, keyctl in the guest, and the kernel
	# source scripts/build-trusted-ko.sh builds the test trusted.ko from
	swtpm swtpm-tools keyutils linux-source-6.12
)
DEMO=("${KERNELS[@]}" "${VM[@]}" openssl procps)
BENCH=("${CHECK[@]}" gnuplot-nox softhsm2)
DEB=(debhelper dh-dkms dkms lintian fakeroot dpkg-dev)

case ${1:-build} in
build) PKGS=("${BUILD[@]}") ;;
check) PKGS=("${BUILD[@]}" "${CHECK[@]}" "${DEB[@]}") ;;
demo) PKGS=("${BUILD[@]}" "${DEMO[@]}") ;;
bench) PKGS=("${BUILD[@]}" "${BENCH[@]}") ;;
deb) PKGS=("${BUILD[@]}" "${DEB[@]}") ;;
all) PKGS=("${BUILD[@]}" "${BENCH[@]}" "${DEB[@]}") ;;
# --rt: only the PREEMPT_RT kernels and headers (make check-rt)
--rt) PKGS=(linux-image-rt-amd64 linux-headers-rt-amd64
	linux-image-6.12-rt-amd64 linux-headers-6.12-rt-amd64) ;;
*)
	echo "usage: scripts/deps.sh [build|check|demo|bench|deb|all|--rt]" >&2
	exit 2
	;;
esac

declare -A have=()
# ${binary:Package} names foreign packages with their architecture
# (libssl-dev:i386), native Multi-Arch: same ones with :amd64
while read -r name st; do
	case $st in ii*) have[$name]=1; have[${name%:amd64}]=1 ;; esac
done < <(dpkg-query -W -f='${binary:Package} ${db:Status-Abbrev}\n' "${PKGS[@]}" 2>/dev/null || true)
missing=()
for p in "${PKGS[@]}"; do
	[ -n "${have[$p]:-}" ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

echo "deps.sh: installing: ${missing[*]}" >&2
SUDO=
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
case " ${missing[*]} " in
*:i386\ *)
	dpkg --print-foreign-architectures | grep -qx i386 ||
		$SUDO dpkg --add-architecture i386 ;;
esac
# A failing third-party source must not stop us; the install below fails
# loudly if Debian's own archive was unreachable.
$SUDO apt-get update -q || echo "deps.sh: apt-get update reported errors (continuing)" >&2
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	--no-install-recommends "${missing[@]}"
