#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels.sh - resolve installed Debian kernel releases for ncr builds/tests.
#
#   scripts/kernels.sh 6.1     -> e.g. 6.1.0-56-amd64
#   scripts/kernels.sh 6.12    -> e.g. 6.12.117+deb12-amd64
#   scripts/kernels.sh 6.12-rt -> e.g. 6.12.117+deb12-rt-amd64 (PREEMPT_RT)
#   scripts/kernels.sh         -> all usable releases, one per line
#
# A release is "usable" when both /boot/vmlinuz-$rel and a module build tree
# (/lib/modules/$rel/build or /usr/src/linux-headers-$rel) exist.  The newest
# usable release (sort -V) of the requested series wins.  Only the generic
# "-amd64" flavour is considered, or "-rt-amd64" for a series "X-rt"
# (never -cloud-amd64).
#
# May also be sourced; it then only defines the functions below.
# Exit status 1 (and no output) when nothing matches.

ncr_kernel_usable() {
	local rel=$1
	[ -f "/boot/vmlinuz-$rel" ] || return 1
	[ -e "/lib/modules/$rel/build/Makefile" ] ||
		[ -e "/usr/src/linux-headers-$rel/Makefile" ] || return 1
}

# ncr_kernel_kdir REL -> prints the kbuild dir for REL
ncr_kernel_kdir() {
	local rel=$1
	if [ -e "/lib/modules/$rel/build/Makefile" ]; then
		echo "/lib/modules/$rel/build"
	else
		echo "/usr/src/linux-headers-$rel"
	fi
}

# ncr_kernel_list [SERIES] -> usable releases (oldest first)
ncr_kernel_list() {
	local series=${1:-} f rel flavour=amd64
	case $series in
	*-rt) flavour=rt-amd64; series=${series%-rt} ;;
	esac
	for f in /boot/vmlinuz-*; do
		[ -e "$f" ] || continue
		rel=${f#/boot/vmlinuz-}
		case $rel in
		*-cloud-amd64) continue ;;
		*-rt-amd64) [ "$flavour" = rt-amd64 ] || continue ;;
		*-amd64) [ "$flavour" = amd64 ] || continue ;;
		*) continue ;;
		esac
		if [ -n "$series" ]; then
			case $rel in
			"$series".*) ;;
			*) continue ;;
			esac
		fi
		ncr_kernel_usable "$rel" && echo "$rel"
	done | sort -V
}

# ncr_kernel_release SERIES -> newest usable release of SERIES
ncr_kernel_release() {
	local rel
	rel=$(ncr_kernel_list "$1" | tail -n 1)
	[ -n "$rel" ] || return 1
	echo "$rel"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	if [ $# -eq 0 ]; then
		out=$(ncr_kernel_list)
		[ -n "$out" ] || exit 1
		echo "$out"
	else
		ncr_kernel_release "$1"
	fi
fi
