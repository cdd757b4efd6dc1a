#!/bin/bash
# rsa-ct.sh BIN... - constant-time check of the RSA private operations
# (ctgrind style, as core/ct-check.sh): runs each BIN (core/test_rsa_ct.c
# built by different compilers) under Valgrind's memcheck with the private
# key marked undefined; any branch or address depending on it is an error.
# First makes sure memcheck does catch a deliberate leak.  TAP output.
# `rsa-ct.sh keygen BIN...` checks key generation instead (slower).
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
keygen=0
if [ "${1:-}" = keygen ]; then	# rsa-ct.sh keygen BIN...: key generation only
	keygen=1
	shift
fi
for bin in "$@"; do
	check leak 1 "memcheck flags a deliberate secret-dependent branch"
	if [ $keygen = 1 ]; then
		check keygen 0 "2048-bit key generation is constant time (but for discarded candidates and v2(p-1), v2(q-1))"
		continue
	fi
	check sign 0 "blinded CRT signing (PKCS#1 v1.5, PSS) is constant time"
	check oaep 0 "OAEP decryption and padding check are constant time"
	check pkcs1 0 "PKCS#1 v1.5 decryption and padding check are constant time"
done
echo "1..$n"
[ "$failed" -eq 0 ]
