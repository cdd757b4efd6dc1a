#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/run-all.sh - everything `make check` runs, on the host:
#
#   tests/run-all.sh [UNIT_TEST...]
#
# Where the tests are:
#   host only   the unit tests of each part, beside what they test:
#               core/tests/ (the portable core, its constant-time plans),
#               core/fuzz/ (libFuzzer smoke run), lib/tests/ (libncr);
#               built as build/tests/test_*, listed in $UNIT_TESTS
#   in the VM   tests/: the programs run inside the guest against the real
#               /dev/crypto (abi/, security/, attacks/, wycheproof/, ...,
#               each a folder or one .c), driven by tests/vm-suite.sh
#
#   1. the user-space unit tests: the programs given as arguments, else
#      those in $UNIT_TESTS, else every build/tests/test_*_unit (none with
#      NCR_CHECK_NO_UNITS=1, as make check-rt runs it);
#   2. for each kernel (6.1 and 6.12, or $NCR_CHECK_KERNELS, "" none), with the
#      memory guards of guards() below on the kernel command line: ONE boot
#        tools/ncr-vm --kernel K --crypto-accel -- tests/vm-suite.sh --with-accel
#      and, in a boot with audit=1, tests/vm-audit.sh
#      running the whole VM suite and then the accelerator test in the same
#      guest.  The virtio-crypto device only adds a hardware driver: ncr
#      asks for it only with NCR_SESSION_FLAG_HARDWARE, and the software
#      tests keep the default (software) drivers, so one boot serves both
#      and halves the boot time under TCG.  NCR_CHECK_SEPARATE_ACCEL=1
#      instead boots twice per kernel: tests/vm-suite.sh without the
#      device, then tests/vm-accel.sh with it.
#
# All output goes to the terminal and to build/check.log.  Every "ok",
# "not ok" and SKIP line of everything is counted (tests/tap-lib.sh); a
# program or VM that exits non-zero without a "not ok" line of its own
# gets one, a VM exit status 125 (a problem in the guest kernel log, or a
# VM that could not run) is "not ok - guest kernel log clean (K)".  Per
# kernel counts are printed, and the last line is exactly
#   N passed, N failed, N skipped
# The exit status is 1 if anything failed.
set -u

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/tap-lib.sh
. tests/tap-lib.sh

mkdir -p build
log=build/check.log
: >"$log"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/run-all.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
summary=()

# ------------------------------------------------------------ unit tests
if [ "${NCR_CHECK_NO_UNITS:-0}" = 1 ]; then
	units=()
elif [ $# -gt 0 ]; then
	units=("$@")
elif [ -n "${UNIT_TESTS:-}" ]; then
	read -r -a units <<<"$UNIT_TESTS"
else
	shopt -s nullglob
	units=(build/tests/test_*_unit)
	shopt -u nullglob
fi
: >"$tmp/unit.tap"
for u in "${units[@]}"; do
	: >"$tmp/one.tap"
	if [ ! -x "$u" ]; then
		echo "not ok - unit test $u is built" | tee -a "$tmp/unit.tap"
		continue
	fi
	tap_run "$u" "$tmp/one.tap" "$u"
	rc=$?
	# a unit test without TAP output counts by its exit status
	read -r p f s < <(tap_count "$tmp/one.tap")
	if [ $((p + f + s)) -eq 0 ]; then
		if [ "$rc" -eq 0 ]; then
			echo "ok - $u" | tee -a "$tmp/one.tap"
		fi
	fi
	cat "$tmp/one.tap" >>"$tmp/unit.tap"
done 2>&1 | tee -a "$log"
read -r p f s < <(tap_count "$tmp/unit.tap")
summary+=("# unit tests (${#units[@]} programs): $p passed, $f failed, $s skipped")
cat "$tmp/unit.tap" >"$tmp/total.tap"

# ------------------------------------------------------------ VM suites
# The Wycheproof vectors live beside the repository (../shared), which may be
# under /tmp, hidden in the guest by its own tmpfs: share them explicitly.
share=()
vec=${NCR_VECTORS:-$(git rev-parse --show-toplevel 2>/dev/null || pwd)/../shared/vectors/wycheproof/testvectors_v1}
if [ -d "$vec" ]; then
	export NCR_VECTORS=$(cd "$vec" && pwd -P)
	share=(--share-ro "$NCR_VECTORS")
fi
vm_run() { # vm_run KERNEL OUTFILE NCR-VM-ARGS... -- CMD...
	local k=$1 out=$2 rc
	shift 2
	echo "# === tools/ncr-vm --kernel $k $*" | tee -a "$log"
	tools/ncr-vm --kernel "$k" "${share[@]}" "$@" 2>&1 | tee -a "$log" | tee -a "$out"
	rc=${PIPESTATUS[0]}
	case $rc in
	0) ;;
	125) echo "not ok - guest kernel log clean ($k)" | tee -a "$log" "$out" ;;
	124) echo "not ok - VM run finished within its time limit ($k)" |
		tee -a "$log" "$out" ;;
	*)
		if ! grep -Eq '^[[:space:]]*not ok([[:space:]]|$)' "$out"; then
			echo "not ok - VM command exited with status $rc ($k)" |
				tee -a "$log" "$out"
		fi
		;;
	esac
	return "$rc"
}

# Cheap memory-corruption guards in every boot (NCR_CHECK_GUARDS=0: none):
# SLUB red zones, poisoning and free-pointer checks, freed memory and pages
# poisoned, and on 6.12 (6.1 has no KFENCE) KFENCE sampling every 10 ms.
guards() {
	[ "${NCR_CHECK_GUARDS:-1}" = 1 ] || return 0
	printf '%s' "slub_debug=FZPU init_on_free=1 page_poison=1"
	case $1 in
	6.1 | 6.1-rt | 6.1.*) ;;
	*) printf '%s' " kfence.sample_interval=10" ;;
	esac
}

vm_failed=0
for k in ${NCR_CHECK_KERNELS-6.1 6.12}; do
	out=$tmp/vm-$k.tap
	: >"$out"
	t0=$(date +%s)
	export NCR_VM_APPEND="$(guards "$k")"
	if [ "${NCR_CHECK_SEPARATE_ACCEL:-0}" = 1 ]; then
		vm_run "$k" "$out" -- tests/vm-suite.sh || vm_failed=1
		vm_run "$k" "$out" --crypto-accel -- tests/vm-accel.sh ||
			vm_failed=1
	else
		vm_run "$k" "$out" --crypto-accel -- \
			tests/vm-suite.sh --with-accel || vm_failed=1
	fi
	# audit records need a boot with audit=1 (kept out of the main boot:
	# the stress tests would flood the audit backlog)
	NCR_VM_APPEND="audit=1 $(guards "$k")" vm_run "$k" "$out" -- tests/vm-audit.sh ||
		vm_failed=1
	read -r p f s < <(tap_count "$out")
	summary+=("# kernel $k: $p passed, $f failed, $s skipped ($(($(date +%s) - t0)) s)")
	cat "$out" >>"$tmp/total.tap"
done

# ------------------------------------------------------------ packages
# The Debian packages (build/deb, made by make deb) installed on a fresh
# root in the guest, the module built there by DKMS (tests/vm-packages.sh,
# docs/packaging.md): on 6.12 only by default (one DKMS build under TCG);
# make check-deb runs both kernels; NCR_CHECK_PACKAGES="" skips it.
for k in ${NCR_CHECK_PACKAGES-6.12}; do
	out=$tmp/pkg-$k.tap
	: >"$out"
	t0=$(date +%s)
	NCR_VM_APPEND="" vm_run "$k" "$out" --no-module --mem 2048 --timeout 2400 \
		-- tests/vm-packages.sh || vm_failed=1
	read -r p f s < <(tap_count "$out")
	summary+=("# packages on $k: $p passed, $f failed, $s skipped ($(($(date +%s) - t0)) s)")
	cat "$out" >>"$tmp/total.tap"
done

# ------------------------------------------------------------ TPM
# The master key sealed to a TPM 2.0 (swtpm) across a reboot
# (tests/vm-tpm.sh, docs/master-key.md: three boots with tools/ncr-vm
# --tpm and the test trusted.ko of scripts/build-trusted-ko.sh): on 6.12
# by default; NCR_CHECK_TPM="6.1 6.12" both, "" skips it.
for k in ${NCR_CHECK_TPM-6.12}; do
	out=$tmp/tpm-$k.tap
	t0=$(date +%s)
	echo "# === tests/vm-tpm.sh --kernel $k" | tee -a "$log"
	NCR_VM_APPEND="" tests/vm-tpm.sh --kernel "$k" 2>&1 | tee -a "$log" >"$out"
	rc=${PIPESTATUS[0]}
	cat "$out"
	if [ "$rc" != 0 ] && ! grep -Eq '^[[:space:]]*not ok([[:space:]]|$)' "$out"; then
		echo "not ok - tests/vm-tpm.sh --kernel $k exited with status $rc" |
			tee -a "$log" "$out"
	fi
	read -r p f s < <(tap_count "$out")
	summary+=("# TPM on $k: $p passed, $f failed, $s skipped ($(($(date +%s) - t0)) s)")
	cat "$out" >>"$tmp/total.tap"
done

# ------------------------------------------------------------ summary
for line in "${summary[@]}"; do
	echo "$line" | tee -a "$log"
done
read -r p f s < <(tap_count "$tmp/total.tap")
echo "$p passed, $f failed, $s skipped" | tee -a "$log"
[ "$f" -eq 0 ] && [ "$vm_failed" -eq 0 ]
