# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# tests/tap-lib.sh - TAP helpers for the shell drivers (sourced by
# tests/run-all.sh, tests/vm-suite.sh and tests/vm-accel.sh).
#
# Counting rules, the same everywhere: a line "ok ..." is a pass, or a skip
# when it carries a "# SKIP" directive; "not ok ..." is a failure; a plan
# "1..0 # SKIP reason" (a whole program skipped) is one skip.  Leading
# blanks are allowed; "# ..." comments never count.

# tap_count FILE...: prints "PASSED FAILED SKIPPED"
tap_count() {
	awk '
	/^[ \t]*not ok([ \t]|$)/ { f++; next }
	/^[ \t]*ok([ \t]|$)/ {
		if ($0 ~ /#[ \t]*[Ss][Kk][Ii][Pp]/) s++; else p++
		next
	}
	/^[ \t]*1\.\.0[ \t]*#[ \t]*[Ss][Kk][Ii][Pp]/ { s++ }
	END { printf "%d %d %d\n", p, f, s }
	' "$@"
}

# tap_run NAME LOG CMD [ARGS...]: runs CMD with stderr merged into stdout,
# shows its output and appends it to LOG.  If CMD exits non-zero without
# having printed a "not ok" line, a "not ok - NAME exited with status N"
# line is added, so that no failure goes uncounted.  Returns CMD's status.
tap_run() {
	local name=$1 log=$2 out rc
	shift 2
	out=$(mktemp "${TMPDIR:-/tmp}/tap-run.XXXXXX")
	local cmd="$*"
	[ ${#cmd} -le 160 ] || cmd="${cmd:0:150}... ($# words)"
	echo "# --- $name: $cmd"
	"$@" >"$out" 2>&1
	rc=$?
	cat "$out"
	cat "$out" >>"$log"
	if [ "$rc" -ne 0 ] && ! grep -Eq '^[[:space:]]*not ok([[:space:]]|$)' "$out"; then
		echo "not ok - $name exited with status $rc" | tee -a "$log"
	fi
	rm -f "$out"
	return "$rc"
}
