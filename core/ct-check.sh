#!/bin/bash
# ct-check.sh BIN... - constant-time check of the bignum code (ctgrind
# style): runs each BIN (core/test_bn_ct.c, built by different compilers)
# under Valgrind's memcheck with the secrets marked undefined; any branch or
# address depending on them is an error.  First makes sure memcheck does
# catch a deliberate leak.  TAP output.
set -u
log=build/ct
mkdir -p "$log"
vg() {
	valgrind -q --error-exitcode=1 --track-origins=yes "$bin" "$1" \
		>"$log/${bin##*/}-$1.log" 2>&1
}
if ! command -v valgrind >/dev/null; then
	echo "1..0 # SKIP valgrind is not installed"
	exit 0
fi
n=0 failed=0
check() {	# check MODE EXPECT-FAIL DESCRIPTION
	n=$((n + 1))
	vg "$1"
	rc=$?
	if { [ "$2" = 1 ] && [ $rc -eq 1 ] &&
	     grep -q 'depends on uninitialised' "$log/${bin##*/}-$1.log"; } ||
	   { [ "$2" = 0 ] && [ $rc -eq 0 ]; }; then
		echo "ok $n - ${bin##*/}: $3"
	else
		failed=$((failed + 1))
		echo "not ok $n - ${bin##*/}: $3 (valgrind exit $rc, see $log/${bin##*/}-$1.log)"
		head -40 "$log/${bin##*/}-$1.log" | sed 's/^/# /'
	fi
}
for bin in "$@"; do
	check leak 1 "memcheck flags a deliberate secret-dependent branch"
	check modexp 0 "modexp is constant time under memcheck"
	check mont 0 "mont_rr/mont_mul/reduce/inverse/codec/cond are constant time under memcheck"
done
echo "1..$n"
[ "$failed" -eq 0 ]
