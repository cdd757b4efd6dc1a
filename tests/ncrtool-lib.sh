# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# tests/ncrtool-lib.sh - what the ncrtool end-to-end checks share; sourced
# with the label of their TAP lines as its argument:
#
#   . tests/ncrtool-lib.sh "ncrtool kdf"
#
# by tests/ncrtool-kdf.sh, tests/ncrtool-pk.sh and the ncrtool step of
# tests/vm-suite.sh.  Offers:
#   ok DESCRIPTION, nok DESCRIPTION   "ok N - LABEL: DESCRIPTION" (not ok),
#                        N counted in $n
#   check DESCRIPTION COMMAND...      ok if COMMAND succeeds, else nok
#   rc_is WANT DESCRIPTION COMMAND... ok if COMMAND exits WANT, else nok
#                        and COMMAND's output (kept in $d/rc.out) as
#                        comments
#   info_has FILE REGEX  a line of '$T key info --key FILE' matches
#   hex FILE...          the bytes in lower-case hex, on one line
#   ncrtool_setup NAME   a script's start: T (ncrtool: $NCRTOOL, default
#                        build/bin/ncrtool), d (a temporary folder
#                        NAME.XXXXXX, removed on exit), n=0; the whole
#                        script skipped (exit 0) without ncrtool or the
#                        openssl command; a storage master key set if none
#                        is (exit 3 "already set" is fine)
# Expects the repository top as the current directory; uses $n, $d and $T
# of the caller (variables of a calling function too).

ncrtool_label=${1:?usage: . tests/ncrtool-lib.sh LABEL}

ok() { n=$((n + 1)); echo "ok $n - $ncrtool_label: $*"; }
nok() { n=$((n + 1)); echo "not ok $n - $ncrtool_label: $*"; }
check() { # check DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@"; then ok "$what"; else nok "$what"; fi
}
# rc_is WANT DESCRIPTION COMMAND...: the command's exit status is WANT
rc_is() {
	local want=$1 what=$2 rc
	shift 2
	"$@" >"$d/rc.out" 2>&1
	rc=$?
	if [ "$rc" -eq "$want" ]; then
		ok "$what (exit $rc)"
	else
		nok "$what (exit $rc, want $want)"
		sed 's/^/# /' "$d/rc.out"
	fi
}
info_has() { # info_has FILE REGEX: a line of 'key info' matches
	"$T" key info --key "$1" 2>&1 | grep -Eq "$2"
}
hex() { od -An -v -tx1 "$@" | tr -d ' \n'; }

ncrtool_setup() { # ncrtool_setup NAME
	local mk
	T=${NCRTOOL:-build/bin/ncrtool}
	d=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX") || exit 1
	trap 'rm -rf "$d"' EXIT
	n=0
	if [ ! -x "$T" ]; then
		echo "1..0 # SKIP $T not built"
		exit 0
	fi
	if ! command -v openssl >/dev/null 2>&1; then
		echo "1..0 # SKIP no openssl command"
		exit 0
	fi
	mk=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
	"$T" master-key set --hex "$mk" >/dev/null 2>&1
}
