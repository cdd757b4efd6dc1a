#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-selftest.sh - checks tools/ncr-vm itself on both kernels (no ncr.ko
# needed: every run uses --no-module).  About 10 boots; several minutes
# under TCG.  Prints "N passed, N failed" and exits non-zero on failure.
#
#   tests/vm-selftest.sh [6.1|6.12 ...]     (default: both)
set -u
cd "$(dirname "$0")/.."
VM=tools/ncr-vm
KERNELS=("$@")
[ ${#KERNELS[@]} -gt 0 ] || KERNELS=(6.1 6.12)
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $*"; }
nok() { fail=$((fail + 1)); echo "not ok - $*"; }
check() { # DESC EXPECTED_RC ACTUAL_RC
	if [ "$2" = "$3" ]; then ok "$1"; else nok "$1 (exit $3, want $2)"; fi
}
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT

for k in "${KERNELS[@]}"; do
	rel=$(scripts/kernels.sh "$k") || { nok "$k: no installed kernel"; continue; }

	NCR_SELFTEST_VAR="a b'c" $VM --kernel "$k" --no-module -- bash -c '
		set -e
		echo "uname=$(uname -r)"
		echo "crypto=$(head -n 3 /proc/crypto | grep -c "^name")"
		openssl version
		/usr/bin/python3 -c "print(\"py\", 1)"
		echo "env=$NCR_SELFTEST_VAR"
		echo "cwd=$PWD"
		test -w "$PWD" && echo "repo-writable"
		echo "stderr-line" >&2
		mount | grep -q " /tmp type tmpfs" && echo "tmp-tmpfs"
		test -c /dev/null && test -e /dev/fd/1 && echo "dev-ok"
	' > "$OUT" 2> "$OUT.err"
	rc=$?
	check "$k: basic run" 0 $rc
	grep -qx "uname=$rel" "$OUT" && ok "$k: uname -r is $rel" || nok "$k: uname -r"
	grep -qx "crypto=1" "$OUT" && ok "$k: /proc/crypto readable" || nok "$k: /proc/crypto"
	grep -q '^OpenSSL ' "$OUT" && ok "$k: host openssl runs" || nok "$k: openssl"
	grep -qx 'py 1' "$OUT" && ok "$k: host python3 runs" || nok "$k: python3"
	grep -qx "env=a b'c" "$OUT" && ok "$k: NCR_* env passed" || nok "$k: NCR_* env"
	grep -qx "cwd=$PWD" "$OUT" && ok "$k: cwd is the repo" || nok "$k: cwd"
	grep -qx 'repo-writable' "$OUT" && ok "$k: repo writable" || nok "$k: repo writable"
	grep -qx 'tmp-tmpfs' "$OUT" && ok "$k: /tmp is tmpfs" || nok "$k: /tmp tmpfs"
	grep -qx 'dev-ok' "$OUT" && ok "$k: /dev populated" || nok "$k: /dev"
	grep -qx 'stderr-line' "$OUT.err" && ! grep -q stderr-line "$OUT" &&
		ok "$k: stderr kept apart" || nok "$k: stderr separation"
	rm -f "$OUT.err"

	$VM --kernel "$k" --no-module --user nobody -- \
		sh -c 'id -u; grep CapEff /proc/self/status' > "$OUT" 2>&1
	check "$k: --user nobody runs" 0 $?
	grep -qx 65534 "$OUT" && grep -q 'CapEff:.0000000000000000' "$OUT" &&
		ok "$k: nobody has uid 65534 and no capabilities" || nok "$k: nobody creds: $(tr '\n' ' ' < "$OUT")"

	$VM --kernel "$k" --no-module -- sh -c 'exit 3' > /dev/null 2>&1
	check "$k: exit status 3 propagates" 3 $?

	$VM --kernel "$k" --no-module -- sh -c 'echo "WARNING: ncr-vm selftest" > /dev/kmsg' > /dev/null 2>&1
	check "$k: WARNING in guest log gives 125" 125 $?

	$VM --kernel "$k" --no-module --crypto-accel -- \
		sh -c 'grep -B2 -A8 virtio /proc/crypto' > "$OUT" 2>&1
	check "$k: --crypto-accel run" 0 $?
	grep -q 'virtio_crypto_aes_cbc' "$OUT" && ok "$k: virtio_crypto listed in /proc/crypto" ||
		nok "$k: virtio_crypto missing"
done

k=${KERNELS[0]}
$VM --kernel "$k" --no-module --keep-going -- \
	sh -c 'echo "WARNING: ncr-vm selftest" > /dev/kmsg; exit 4' > /dev/null 2>&1
check "$k: --keep-going keeps the command status" 4 $?
$VM --kernel "$k" --no-module --user ncr-selftest -- id -un > "$OUT" 2>&1
grep -qx ncr-selftest "$OUT" && ok "$k: --user creates a missing user" || nok "$k: --user create"
$VM --kernel "$k" --no-module --timeout 20 -- sleep 600 > /dev/null 2>&1
check "$k: timeout gives 124" 124 $?

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
