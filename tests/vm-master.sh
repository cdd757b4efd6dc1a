#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/vm-master.sh - the master key's life and the device node; runs
# INSIDE the VM, as root, and reloads ncr.ko, so it comes LAST in a boot
# (tests/vm-suite.sh step 9) or alone:
#
#   tools/ncr-vm --kernel K -- tests/vm-master.sh
#
#   1. modinfo: no devname / misc-minor alias (with a dynamic minor it
#      made kmod static-nodes create a stale 10:255 /dev/crypto at boot);
#   2. rmmod ncr, then "abi --device-not-loaded": ncr_device_check says
#      NOT_LOADED, ncr_open ENODEV;
#   3. insmod with dev_mode=1000 and dev_mode=abc fails (EINVAL);
#      dev_mode=0640: the node is made 0640 and the parameter reads 0640;
#   4. "abi --master-fresh" in that load (no master key yet): keyring
#      sources, rotation, FORGET_PREVIOUS, key IDs, NCRIO_INFO version 2,
#      ncr_device_check on right, stale, foreign and missing nodes;
#   5. rmmod, insmod with the defaults: the node is 0666 again.
# It leaves ncr.ko loaded, without a master key.  TAP on stdout; exit 1 if
# anything failed.
set -u
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/tap-lib.sh
. tests/tap-lib.sh
# shellcheck source=tests/module-lib.sh
. tests/module-lib.sh

B=build/tests
rel=$(uname -r)
ko=build/$rel/ncr.ko
log=$(mktemp "${TMPDIR:-/tmp}/vm-master.XXXXXX") || exit 1
trap 'rm -f "$log"' EXIT
say() { echo "$*" | tee -a "$log"; }
ok() { say "ok - $*"; }
nok() { say "not ok - $*"; }
check() { # DESC COND...
	local d=$1
	shift
	if "$@"; then ok "$d"; else nok "$d"; fi
}

[ -f "$ko" ] || { nok "$ko exists (make module)"; exit 1; }

# 1. no aliases
al=$(modinfo -F alias "$ko")
check "ncr.ko has no devname or misc-minor alias (got: ${al:-none})" \
	test -z "$al"

# 2. the module unloaded
if ! ncr_unload; then
	nok "rmmod ncr (something still holds /dev/crypto?)"
	exit 1
fi
check "rmmod ncr: /dev/crypto goes with the module" ncr_node_wait absent
tap_run "abi --device-not-loaded" "$log" "$B/abi" --device-not-loaded

# 3. dev_mode
for bad in 1000 abc 0x1ff; do
	if insmod "$ko" dev_mode=$bad 2>/dev/null; then
		nok "insmod dev_mode=$bad refused"
		rmmod ncr
	else
		ok "insmod dev_mode=$bad refused"
	fi
done
if ! insmod "$ko" dev_mode=0640; then
	nok "insmod dev_mode=0640"
	exit 1
fi
ncr_node_wait present
check "dev_mode=0640: the parameter reads 0640 ($(cat /sys/module/ncr/parameters/dev_mode))" \
	test "$(cat /sys/module/ncr/parameters/dev_mode)" = 0640
check "dev_mode=0640: devtmpfs made /dev/crypto $(stat -c %a /dev/crypto)" \
	test "$(stat -c %a /dev/crypto)" = 640
check "/dev/crypto is the number in /sys/class/misc/crypto/dev" \
	test "$(stat -c '%t:%T' /dev/crypto | { IFS=: read -r a b; printf '%d:%d' 0x$a 0x$b; })" = "$(cat /sys/class/misc/crypto/dev)"

# 4. the master key's life, in a load without one
tap_run "abi --master-fresh" "$log" "$B/abi" --master-fresh

# 5. back to the defaults
if ncr_reload "$ko"; then
	check "default dev_mode: the parameter reads 0666" \
		test "$(cat /sys/module/ncr/parameters/dev_mode)" = 0666
	check "default dev_mode: /dev/crypto is $(stat -c %a /dev/crypto) (666)" \
		test "$(stat -c %a /dev/crypto)" = 666
else
	nok "reload ncr.ko with the default parameters"
fi

read -r p f s < <(tap_count "$log")
echo "# vm-master: $p passed, $f failed, $s skipped ($rel)"
[ "$f" -eq 0 ]
