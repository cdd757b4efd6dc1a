#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/vm-kcov.sh - runs INSIDE the debug-kernel VM (tests/fuzz-kcov.sh):
#
#   tools/ncr-vm --kernel 6.12-debug --crypto-accel -- tests/vm-kcov.sh SECONDS OUT
#
# Coverage-guided ioctl fuzzing (build/tests/kcov_fuzz) for SECONDS, as
# root, with the corpus, the covered PCs and the findings in OUT (in the
# checkout, so the host reads them: scripts/kcov-report.py).  Then ncr.ko
# is unloaded and kmemleak scanned twice, as in tests/vm-debug.sh.
# The exit status is 1 if anything failed; tools/ncr-vm checks the kernel
# log for KASAN, UBSAN, lockdep, KFENCE and DEBUG_OBJECTS reports.
set -u
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top" || exit 1
secs=${1:-1800}
out=${2:-build/fuzz-kcov}
rel=$(uname -r)

# shellcheck source=tests/kmemleak-lib.sh
. tests/kmemleak-lib.sh
kmemleak_start
have_kl=$?
mkdir -p "$out"
build/tests/kcov_fuzz --ko "build/$rel/ncr.ko" --out "$out" --seconds "$secs"
rc=$?
[ "$have_kl" != 0 ] || kmemleak_check fuzzing || rc=1
exit "$rc"
