#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/vm-accel.sh - the hardware-accelerator test alone; runs INSIDE a VM
# booted with the virtio-crypto device:
#
#   tools/ncr-vm --kernel K --crypto-accel -- tests/vm-accel.sh
#
# accel --require-hw fails when NCRIO_INFO reports no hardware driver for
# aes-cbc.  tests/run-all.sh normally runs accel inside the main suite's
# boot instead (tests/vm-suite.sh --with-accel); this script is for a
# separate accelerator boot (NCR_CHECK_SEPARATE_ACCEL=1) or by hand.
set -u

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/tap-lib.sh
. tests/tap-lib.sh

log=$(mktemp "${TMPDIR:-/tmp}/vm-accel.XXXXXX") || exit 1
trap 'rm -f "$log"' EXIT
tap_run accel "$log" build/tests/accel --require-hw
read -r p f s < <(tap_count "$log")
echo "# vm-accel: $p passed, $f failed, $s skipped ($(uname -r))"
[ "$f" -eq 0 ]
