#!/bin/bash
# der-ct.sh BIN... - constant-time check of the DER layer (ctgrind style,
# like ct-check.sh): runs each BIN (core/test_der_ct.c, built by different
# compilers) under Valgrind's memcheck with the private key components
# marked undefined; any branch or address depending on them is an error.
# First makes sure memcheck does catch a deliberate leak.  TAP output.
set -u
log=build/ct
mkdir -p "$log"
if ! command -v valgrind >/dev/null; then
	echo "1..0 # SKIP valgrind is not installed"
	exit 0
fi
n=0 failed=0
check() {	# check MODE EXPECT-FAIL DESCRIPTION
	n=$((n + 1))
	valgrind -q --error-exitcode=1 --track-origins=yes "$bin" "$1" \
		>"$log/${bin##*/}-$1.log" 2>&1
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
	check parse 0 "PKCS8/PKCS1 parsing is constant time in the private components"
	check write 0 "PKCS8/PKCS1 writing is constant time in the private components"
done
echo "1..$n"
[ "$failed" -eq 0 ]
