#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# build-trusted-ko.sh - TEST INFRASTRUCTURE, not shipped: build the kernel's
# own "trusted" key type (security/keys/trusted-keys/) as an out-of-tree
# module for a Debian kernel that lacks CONFIG_TRUSTED_KEYS.
#
#   scripts/build-trusted-ko.sh 6.12|6.1|REL   -> prints build/REL/trusted/trusted.ko
#   scripts/build-trusted-ko.sh --src DIR REL  -> take the sources from an
#                                                unpacked kernel tree DIR
#
# Debian's stock kernels (6.1, 6.12) have the TPM drivers and the
# "encrypted" key type built in but not the "trusted" key type, so
# `keyctl add trusted ...` fails there.  The TPM test of ncr's boot-time
# master key (tests/vm-tpm.sh, docs/master-key.md) needs it, so this script
# compiles the kernel's unmodified trusted_core.c, trusted_tpm1.c,
# trusted_tpm2.c, the ASN.1 parser generated from tpm2key.asn1 and (when the
# kernel does not export it) lib/asn1_encoder.c into build/REL/trusted/
# trusted.ko, against /lib/modules/REL/build.  Only the TPM source is built
# (no TEE/CAAM/DCP); the code is compiled unchanged (only TPM 2.0 is
# tested, with swtpm: tests/vm-tpm.sh).
#
# Sources: --src DIR, else $NCR_KSRC, else Debian's linux-source-X.Y
# package (/usr/src/linux-source-X.Y.tar.xz: `apt-get install
# linux-source-6.12`), which must be the same upstream version as REL.
# Nothing of the kernel's code is kept in this repository: it is extracted
# into build/REL/trusted/src at build time.  The result is cached; it is
# rebuilt when this script, the sources or the kernel's Module.symvers
# change.
#
# Exit status: 0 (path printed), 1 build failed, 2 usage, 3 no sources
# (the package is missing: the caller may skip).
set -euo pipefail

PROG=build-trusted-ko.sh
SCRIPT=$(readlink -f "${BASH_SOURCE[0]}")
TOP=$(cd "$(dirname "$SCRIPT")/.." && pwd -P)

usage() {
	sed -n '4,9p' "$SCRIPT" | sed 's/^# \{0,1\}//'
	exit 2
}

SRC=${NCR_KSRC:-}
while [ $# -gt 0 ]; do
	case $1 in
	--src) [ $# -ge 2 ] || usage; SRC=$2; shift 2 ;;
	--src=*) SRC=${1#*=}; shift ;;
	-h | --help) usage ;;
	-*) echo "$PROG: unknown option $1" >&2; usage ;;
	*) break ;;
	esac
done
[ $# -eq 1 ] || usage
if [ -d "/lib/modules/$1/build" ]; then
	REL=$1
else
	REL=$("$TOP/scripts/kernels.sh" "$1") || {
		echo "$PROG: no installed kernel for '$1'" >&2
		exit 2
	}
fi
. "$TOP/scripts/kernels.sh"
KDIR=$(ncr_kernel_kdir "$REL")
SERIES=$(echo "$REL" | sed -E 's/^([0-9]+\.[0-9]+).*/\1/')
OUT=$TOP/build/$REL/trusted
KO=$OUT/trusted.ko

# Files taken from the kernel tree (relative to its top).
FILES=(Makefile
	security/keys/trusted-keys/trusted_core.c
	security/keys/trusted-keys/trusted_tpm1.c
	security/keys/trusted-keys/trusted_tpm2.c
	security/keys/trusted-keys/tpm2key.asn1
	lib/asn1_encoder.c
	scripts/asn1_compiler.c
	include/linux/asn1.h
	include/linux/asn1_ber_bytecode.h)

TARBALL=
if [ -n "$SRC" ]; then
	[ -f "$SRC/security/keys/trusted-keys/trusted_core.c" ] || {
		echo "$PROG: $SRC is not a kernel source tree" >&2
		exit 3
	}
	SRCKEY=$(cd "$SRC" && stat -c '%n %s %Y' "${FILES[@]}")
else
	TARBALL=/usr/src/linux-source-$SERIES.tar.xz
	[ -f "$TARBALL" ] || {
		echo "$PROG: $TARBALL missing: apt-get install linux-source-$SERIES (or give --src DIR)" >&2
		exit 3
	}
	SRCKEY=$(stat -c '%n %s %Y' "$TARBALL")
fi
KEY=$({
	sha256sum "$SCRIPT"
	echo "$SRCKEY"
	stat -L -c '%n %s %Y' "$KDIR/Module.symvers"
} | sha256sum | cut -d' ' -f1)

mkdir -p "$OUT"
exec 9> "$OUT/.lock"
flock 9
if [ -f "$KO" ] && [ "$(cat "$KO.key" 2>/dev/null)" = "$KEY" ]; then
	echo "$KO"
	exit 0
fi
rm -rf "$OUT/src" "$KO" "$KO.key"
mkdir -p "$OUT/src"
B=$OUT/src

# ---- sources
if [ -n "$SRC" ]; then
	for f in "${FILES[@]}"; do
		install -D -m 0644 "$SRC/$f" "$B/tree/$f"
	done
else
	top=$(tar -tJf "$TARBALL" 2>/dev/null | head -1 | cut -d/ -f1) || true
	[ -n "$top" ] || { echo "$PROG: cannot list $TARBALL" >&2; exit 1; }
	echo "$PROG: extracting the trusted-keys sources from $TARBALL" >&2
	mkdir -p "$B/tree"
	tar -xJf "$TARBALL" -C "$B/tree" --strip-components=1 \
		"${FILES[@]/#/$top/}"
fi
# The sources must be the headers' upstream version (the Makefile's
# VERSION.PATCHLEVEL.SUBLEVEL, e.g. 6.12.118 for 6.12.118+deb12-amd64).
want=$(make -s -C "$KDIR" kernelversion 2>/dev/null | tail -1) || want=
have=$(awk -F' *= *' '$1 ~ /^(VERSION|PATCHLEVEL|SUBLEVEL)$/ { v = v (v == "" ? "" : ".") $2 }
	END { print v }' "$B/tree/Makefile")
if [ -n "$want" ] && [ "$want" != "$have" ]; then
	echo "$PROG: the sources are $have but $REL is $want" >&2
	exit 3
fi

# ---- the ASN.1 compiler (not in Debian's linux-kbuild package)
gcc -O2 -I"$B/tree/include" -o "$B/asn1_compiler" \
	"$B/tree/scripts/asn1_compiler.c"

# ---- module directory
T=$B/tree/security/keys/trusted-keys
cp "$T/trusted_core.c" "$T/trusted_tpm1.c" "$T/trusted_tpm2.c" "$B/"
"$B/asn1_compiler" "$T/tpm2key.asn1" "$B/tpm2key.asn1.c" "$B/tpm2key.asn1.h"

OBJS="trusted_core.o trusted_tpm1.o trusted_tpm2.o tpm2key.asn1.o"
if ! awk '$2 == "asn1_encode_sequence" { f = 1 } END { exit !f }' "$KDIR/Module.symvers"; then
	cp "$B/tree/lib/asn1_encoder.c" "$B/"
	OBJS="$OBJS asn1_encoder.o"
fi

{
	echo "# generated by scripts/build-trusted-ko.sh"
	echo "obj-m := trusted.o"
	echo "trusted-y := $OBJS"
	echo "ccflags-y := -DCONFIG_TRUSTED_KEYS_TPM=1 -I\$(src)"
	echo "\$(obj)/trusted_tpm2.o: \$(obj)/tpm2key.asn1.h"
} > "$B/Kbuild"

echo "$PROG: building trusted.ko for $REL" >&2
if ! make -s -C "$KDIR" M="$B" modules > "$OUT/build.log" 2>&1; then
	cat "$OUT/build.log" >&2
	echo "$PROG: build failed (log: $OUT/build.log)" >&2
	exit 1
fi
if grep -q 'undefined!' "$OUT/build.log"; then
	cat "$OUT/build.log" >&2
	echo "$PROG: unresolved symbols: the sources do not match $REL" >&2
	exit 1
fi
cp "$B/trusted.ko" "$KO.tmp"
mv -f "$KO.tmp" "$KO"
echo "$KEY" > "$KO.key"
echo "$KO"
