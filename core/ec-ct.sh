#!/bin/bash
# ec-ct.sh BIN... - constant-time check of the EC code (ctgrind style, like
# ct-check.sh): runs each BIN (core/test_ec_ct.c, built by different
# compilers) under Valgrind's memcheck with private scalars, RNG output and
# nonce material marked undefined; any branch or address depending on them
# is an error.  First makes sure memcheck does catch a deliberate leak.
# TAP output.
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
	check keys 0 "public_from_private, generate and ECDH are constant time in d"
	check sign 0 "ECDSA sign (deterministic, hedged) and RFC 6979 are constant time in d, k"
done
echo "1..$n"
[ "$failed" -eq 0 ]
