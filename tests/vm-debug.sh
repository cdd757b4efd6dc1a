#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/vm-debug.sh - runs INSIDE the debug-kernel VM (tests/check-debug.sh):
#
#   tools/ncr-vm --kernel 6.12-debug --crypto-accel -- tests/vm-debug.sh
#
#   1. the whole suite: tests/vm-suite.sh --with-accel;
#   1b. failnth: fail-nth fault injection over every ioctl (tests/failnth.c);
#   1c. kcov_fuzz for NCR_KCOV_SECONDS (default 120): a short run of the
#      coverage-guided fuzzer (make fuzz-kcov is the long one), its own
#      corpus in build/check-debug-kcov/, started afresh each time;
#   2. kmemleak (what the boot left is cleared first): ncr.ko unloaded (so
#      everything it freed or leaked at exit is settled), two scans (kmemleak reports an object only once it has
#      been unreferenced over two scans), and "ok" only if no suspected leak
#      is reported; the leaks are printed.
# The exit status is 1 if anything failed; tools/ncr-vm checks the kernel
# log for KASAN, UBSAN, lockdep, KFENCE and DEBUG_OBJECTS reports.
set -u
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top" || exit 1

# shellcheck source=tests/kmemleak-lib.sh
. tests/kmemleak-lib.sh
if ! kmemleak_start; then
	echo "not ok - kmemleak: $KMEMLEAK missing (is this the debug kernel?)"
	exit 1
fi

tests/vm-suite.sh --with-accel
rc=$?
build/tests/failnth || rc=1
rm -rf build/check-debug-kcov
build/tests/kcov_fuzz --ko "build/$(uname -r)/ncr.ko" --out build/check-debug-kcov \
	--seconds "${NCR_KCOV_SECONDS:-120}" || rc=1

kmemleak_check "the suite" || rc=1
exit "$rc"
