#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/fuzz-kcov.sh - `make fuzz-kcov`: coverage-guided ioctl fuzzing of
# ncr.ko on the debug kernel (KCOV; tests/fuzz/kcov_fuzz.c), then the
# coverage report.
#
#   tests/fuzz-kcov.sh [SECONDS]        (default NCR_KCOV_SECONDS or 1800)
#
# Boots the debug kernel once with the virtio-crypto accelerator and runs
# tests/vm-kcov.sh there.  The corpus, covered PCs and findings are in
# build/fuzz-kcov/ (the corpus is replayed first by the next run, so runs
# add up; remove the folder to start over); scripts/kcov-report.py writes
# build/fuzz-kcov/report.txt: the PCs of ncr.ko's coverage points reached,
# the line coverage of kernel/ per file and the functions never entered.
# The log is build/fuzz-kcov.log; the last line is "N passed, N failed".
set -u
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/tap-lib.sh
. tests/tap-lib.sh

secs=${1:-${NCR_KCOV_SECONDS:-1800}}
rel=$(scripts/debug-kernel.sh) || { echo "fuzz-kcov: no debug kernel" >&2; exit 1; }
dir=$(scripts/debug-kernel.sh --dir) || exit 1
make --no-print-directory module KDIR="$dir/build" KREL="$rel" || exit 1

out=build/fuzz-kcov
log=build/fuzz-kcov.log
mkdir -p "$out"
: >"$log"
tap_run "kcov fuzzing $rel, $secs s" "$log" tools/ncr-vm --kernel 6.12-debug \
	--crypto-accel --timeout $((secs + 1800)) -- tests/vm-kcov.sh "$secs" "$out"
rc=$?
if [ "$rc" -eq 125 ]; then
	echo "not ok - guest kernel log clean (kcov fuzzing)" | tee -a "$log"
fi
if [ -s "$out/pcs.txt" ]; then
	/usr/bin/python3 scripts/kcov-report.py "build/$rel/ncr.ko" "$out/pcs.txt" \
		>"$out/report.txt" && sed -n '1,/^$/p' "$out/report.txt" | tee -a "$log"
	echo "# full report: $out/report.txt" | tee -a "$log"
fi
read -r p f s < <(tap_count "$log")
echo "$p passed, $f failed, $s skipped" | tee -a "$log"
[ "$f" -eq 0 ]
