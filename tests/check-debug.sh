#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/check-debug.sh - `make check-debug`: the whole VM suite on the debug
# kernel (scripts/debug-kernel.sh: KASAN, UBSAN, lockdep, kmemleak, KFENCE,
# DEBUG_OBJECTS, DEBUG_SG, fault injection, KCOV), then a kmemleak scan.
#
#   tests/check-debug.sh
#
# Builds the debug kernel if it is not in the cache yet (the first time
# takes long; see scripts/debug-kernel.sh), builds ncr.ko against it, and
# boots it once with the virtio-crypto accelerator:
#   tests/vm-debug.sh  = tests/vm-suite.sh --with-accel, then kmemleak
# tools/ncr-vm fails the run (exit 125) on any KASAN, UBSAN, lockdep,
# "sleeping function called from invalid context", KFENCE, DEBUG_OBJECTS or
# kmemleak report in the guest's kernel log.  The log is build/check-debug.log;
# the last line is "N passed, N failed, N skipped".
set -u
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/tap-lib.sh
. tests/tap-lib.sh

rel=$(scripts/debug-kernel.sh) || { echo "check-debug: no debug kernel" >&2; exit 1; }
dir=$(scripts/debug-kernel.sh --dir) || exit 1
make --no-print-directory module KDIR="$dir/build" KREL="$rel" || exit 1

vec=${NCR_VECTORS:-$top/../shared/vectors/wycheproof/testvectors_v1}
share=()
if [ -d "$vec" ]; then
	export NCR_VECTORS=$(cd "$vec" && pwd -P)
	share=(--share-ro "$NCR_VECTORS")
fi
log=build/check-debug.log
: >"$log"
tap_run "debug kernel $rel" "$log" tools/ncr-vm --kernel 6.12-debug \
	--crypto-accel --timeout 7200 "${share[@]}" -- tests/vm-debug.sh
rc=$?
if [ "$rc" -eq 125 ]; then
	echo "not ok - guest kernel log clean (debug kernel $rel)" | tee -a "$log"
fi
read -r p f s < <(tap_count "$log")
echo "$p passed, $f failed, $s skipped" | tee -a "$log"
[ "$f" -eq 0 ]
