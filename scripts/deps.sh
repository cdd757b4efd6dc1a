#!/bin/bash
# deps.sh - idempotent installer of everything ncr needs to build and test.
#
#   scripts/deps.sh        what make check needs
#   scripts/deps.sh --rt   the PREEMPT_RT kernels (make check-rt)
#
# Fast path: if every package below is already installed (dpkg-query), do
# nothing.  Otherwise run `apt-get update` (errors from unreachable third-party
# sources are tolerated) and install the missing set.  Needs root (or sudo) on
# Debian 12 (bookworm).
#
set -euo pipefail

PKGS=(
	# kernels + headers (meta packages pull the current ABI)
	linux-image-amd64 linux-headers-amd64
	linux-image-6.12-amd64 linux-headers-6.12-amd64
	# VM test bed
	qemu-system-x86 busybox-static kmod cpio xz-utils zstd gzip util-linux
	# build
	build-essential pkg-config libjansson-dev libssl-dev git
	# liburing: the io_uring example program (examples/uring.c),
	# ncr-bench's ncr-uring interface (bench/ncr-bench/sym_uring.c) and
	# the io_uring tests (tests/uring/, build/tests/uring)
	liburing-dev
	# the PKCS #11 module: NSS's PKCS #11 3.0 header, p11-kit's paths
	libnss3-dev libnspr4-dev libp11-kit-dev
	# PKCS #11 clients the token is tested with (tests/pkcs11/), and
	# SoftHSM2 beside it in the bench
	opensc gnutls-bin libnss3-tools libengine-pkcs11-openssl p11-kit
	python3-pykcs11 openssh-client softhsm2
	# tests / demo / bench
	openssl python3 gnuplot-nox valgrind procps
	# fuzzers (libFuzzer + sanitizer runtimes)
	clang libclang-rt-14-dev
	# 32-bit test programs (the BSD ABI's compat layer: build/tests/bsd32)
	gcc-multilib libssl-dev:i386
)

# --rt: only the PREEMPT_RT kernels and headers (make check-rt)
if [ "${1:-}" = --rt ]; then
	PKGS=(linux-image-rt-amd64 linux-headers-rt-amd64
		linux-image-6.12-rt-amd64 linux-headers-6.12-rt-amd64)
fi

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
