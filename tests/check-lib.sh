# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# tests/check-lib.sh - numbered TAP assertions for the shell tests that
# run one command at a time and judge its status and output
# (tests/vm-master-key.sh, tests/vm-tpm.sh).
#
#   run CMD...          runs CMD; sets $rc and $out (stdout and stderr)
#   has TEXT            $out contains TEXT
#   check DESC COND...  "ok N - DESC" when COND succeeds, else "not ok N -
#                       DESC" followed by the last run's $out as comments
#   ok DESC / nok DESC  a pass / a failure, numbered
# $n counts the lines printed (for the plan "1..$n").

n=0
out=
rc=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
nok() { n=$((n + 1)); echo "not ok $n - $*"; }
check() {
	local desc=$1
	shift
	if "$@"; then
		ok "$desc"
	else
		nok "$desc"
		[ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/#   /'
	fi
}
run() {
	out=$("$@" 2>&1)
	rc=$?
}
has() { [[ $out == *"$1"* ]]; }
