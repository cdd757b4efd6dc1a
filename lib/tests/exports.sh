#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# lib/tests/exports.sh - libncr.so exports exactly the functions libncr.h
# declares (the library is built with -fvisibility=hidden and marks its
# API NCR_EXPORT: a forgotten mark, or an internal helper marked by
# mistake, shows here).  TAP; run from the top of the tree (make check
# runs it as build/tests/test_libncr_exports):
#
#   lib/tests/exports.sh [build/lib/libncr.so.1 [lib/libncr.h]]
#
# A declaration is a line of libncr.h starting in column 0 with a letter
# that names ncr_something( (the header's style: return type and name on
# the first line, no function-like macros).
set -u
so=${1:-build/lib/libncr.so.1}
hdr=${2:-lib/libncr.h}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/exports.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

grep -E '^[a-z]' "$hdr" | grep -oE '\bncr_[a-z0-9_]+\(' | tr -d '(' |
	sort -u >"$tmp/declared"
if ! nm -D --defined-only "$so" >"$tmp/nm"; then
	echo "not ok 1 - nm -D $so"
	echo "1..1"
	exit 1
fi
awk '$2 ~ /^[TW]$/ { print $3 }' "$tmp/nm" | sort -u >"$tmp/exported"

n=0 fail=0
t() {	# t COND-STATUS NAME
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi
}
missing=$(comm -23 "$tmp/declared" "$tmp/exported")
extra=$(comm -13 "$tmp/declared" "$tmp/exported")
t "$([ "$(wc -l <"$tmp/declared")" -gt 50 ]; echo $?)" \
	"libncr.h declares $(wc -l <"$tmp/declared") functions"
t "$([ -z "$missing" ]; echo $?)" "every function libncr.h declares is exported by $so"
[ -z "$missing" ] || echo "$missing" | sed 's/^/#   not exported: /'
t "$([ -z "$extra" ]; echo $?)" "$so exports no function libncr.h does not declare"
[ -z "$extra" ] || echo "$extra" | sed 's/^/#   not declared: /'
echo "1..$n"
exit $fail
