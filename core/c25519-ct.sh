#!/bin/bash
# c25519-ct.sh BIN... - constant-time check of X25519 and Ed25519 signing
# (ctgrind style, like ct-check.sh): runs each BIN (core/test_25519_ct.c,
# built by different compilers and with both field representations) under
# Valgrind's memcheck with private scalars and seeds marked undefined; any
# branch or address depending on them is an error.  First makes sure
# memcheck does catch a deliberate leak.  TAP output.
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
	valgrind -q --error-exitcode=1 "$bin" "$1" \
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
# The first binary op by op; the others (other compiler, other field
# representation) with every operation in one run, which is quicker.
first=1
for bin in "$@"; do
	check leak 1 "memcheck flags a deliberate secret-dependent branch"
	if [ $first = 1 ]; then
		check x25519 0 "X25519 is constant time in the scalar"
		check x25519_public 0 "X25519 public-key derivation is constant time"
		check ed25519_public 0 "Ed25519 public-key derivation is constant time"
		check ed25519_sign 0 "Ed25519 signing is constant time in seed, secret scalar and nonce"
		check scalar 0 "scalar reduction and multiply-add mod L are constant time"
	else
		check all 0 "X25519, key derivations, Ed25519 signing and scalar ops are constant time"
	fi
	first=0
done
echo "1..$n"
[ "$failed" -eq 0 ]
