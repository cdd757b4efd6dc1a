#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
# ct-check.sh PLAN BIN... - constant-time check of the portable core
# (ctgrind style): runs each BIN (a core/tests/test_*_ct.c, built by
# different compilers) under Valgrind's memcheck, once per mode of the
# PLAN.  The programs mark their secrets undefined, so any branch or memory
# address that depends on a secret is a memcheck error.  Each plan starts with the
# "leak" mode, a deliberate secret-dependent branch, to prove that memcheck
# does catch one.  TAP output.
#
# PLAN names the lines "PLAN WHICH MODE EXPECT DESCRIPTION" of the plan
# table core/tests/ct.plan (which explains the columns); lines starting
# with # are comments.  CT_TRACK_ORIGINS=1 makes the logs
# (build/ct/*.log) say where each undefined value came from (slower).
set -u
log=build/ct
mkdir -p "$log"
if ! command -v valgrind >/dev/null; then
	echo "1..0 # SKIP valgrind is not installed"
	exit 0
fi
plan=$1
shift
table=$(dirname "${BASH_SOURCE[0]}")/ct.plan
origins=()
[ "${CT_TRACK_ORIGINS:-0}" = 1 ] && origins=(--track-origins=yes)
n=0 failed=0
check() {	# check BIN MODE EXPECT DESCRIPTION
	local bin=$1 out="$log/${1##*/}-$2.log" rc
	n=$((n + 1))
	valgrind -q --error-exitcode=1 "${origins[@]}" "$bin" "$2" >"$out" 2>&1
	rc=$?
	if { [ "$3" = 1 ] && [ $rc -eq 1 ] &&
	     grep -q 'depends on uninitialised' "$out"; } ||
	   { [ "$3" = 0 ] && [ $rc -eq 0 ]; }; then
		echo "ok $n - ${bin##*/}: $4"
	else
		failed=$((failed + 1))
		echo "not ok $n - ${bin##*/}: $4 (valgrind exit $rc, see $out)"
		head -40 "$out" | sed 's/^/# /'
	fi
}
first=1
for bin in "$@"; do
	while read -r name which mode expect desc; do
		case $name in
		''|'#'*) continue ;;
		esac
		[ "$name" = "$plan" ] || continue
		case $which in
		first) [ $first = 1 ] || continue ;;
		rest) [ $first = 0 ] || continue ;;
		esac
		check "$bin" "$mode" "$expect" "$desc"
	done <"$table"
	first=0
done
echo "1..$n"
[ "$failed" -eq 0 ]
