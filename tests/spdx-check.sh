#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/spdx-check.sh - every source file of the tree carries an
# SPDX-License-Identifier line, in its first three lines, whose licences
# (and WITH exceptions) are the ones LICENSES/ holds (COPYING says which
# applies where), and debian/copyright has a License paragraph for each.
# TAP; run from anywhere (make check runs it as build/tests/test_spdx).
#
#   tests/spdx-check.sh                  the whole tree
#   tests/spdx-check.sh --scan TOP F...  only files F (relative to TOP),
#                                        against TOP/LICENSES; prints one
#                                        "# F: why" line a bad file, exit 1
#
# Source files: *.c *.h *.S *.sh *.py *.pl *.mk *.gp *.in *.map *.plan
# *.rules *.conf *.service *.lds, Makefile, Kbuild, debian/rules, every
# file starting with "#!", and the man pages doc/*.[1-8] (not the
# one-line ".so" link pages).  Not: documentation (*.md), data (test
# vectors, *.json), LICENSES/ and debian's control files.
set -u

# known_ids TOP: every identifier LICENSES/ declares, one a line
known_ids() {
	find "$1/LICENSES" -type f -print0 2>/dev/null |
		xargs -0 -r sed -n -E 's/^(Valid-License-Identifier|SPDX-Exception-Identifier):[[:space:]]*([^[:space:]]+).*/\2/p' |
		sort -u
}

# scan TOP FILE...: prints "# FILE: why" for each bad file; status 1 if any
scan() {
	local top=$1
	shift
	local ids
	ids=$(known_ids "$top" | tr '\n' ' ')
	(cd "$top" && awk -v ids=" $ids" '
		BEGIN { n = split(ids, a, " "); for (i = 1; i <= n; i++) known[a[i]] = 1 }
		FNR == 1 { if (cur != "") report(); cur = FILENAME; line = "" }
		FNR <= 3 && line == "" && /SPDX-License-Identifier:/ { line = $0 }
		function report(   e, t, i, m, bad, op) {
			if (line == "") { printf "# %s: no SPDX-License-Identifier line in its first 3 lines\n", cur; fail = 1; return }
			e = line
			sub(/.*SPDX-License-Identifier:[[:space:]]*/, "", e)
			sub(/[[:space:]]*(\*\/|-->).*$/, "", e)
			gsub(/[()]/, " ", e)
			m = split(e, t, /[[:space:]]+/)
			bad = ""; op = 1
			for (i = 1; i <= m; i++) {
				if (t[i] == "") continue
				if (t[i] == "OR" || t[i] == "AND" || t[i] == "WITH") { if (op) bad = bad " (operator " t[i] " misplaced)"; op = 1; continue }
				if (!op) bad = bad " (missing operator before " t[i] ")"
				op = 0
				if (!(t[i] in known)) bad = bad " " t[i]
			}
			if (op) bad = bad " (empty or dangling expression)"
			if (bad != "") { printf "# %s: licence not in LICENSES/:%s\n", cur, bad; fail = 1 }
		}
		END { if (cur != "") report(); exit fail }
	' "$@")
}

# source_files TOP: the files to check, relative to TOP, one a line
source_files() {
	local top=$1
	(
		cd "$top" || exit 1
		if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
			git ls-files --cached --others --exclude-standard
		else
			find . -path ./build -prune -o -type f -print | sed 's|^\./||'
		fi
	) | while IFS= read -r f; do
		[ -f "$top/$f" ] || continue
		case $f in
		build/* | LICENSES/* | */vectors/* | *.md | *.json) continue ;;
		debian/rules) ;;
		debian/*) continue ;;
		doc/*.[1-8])
			# a link page is one ".so" line
			[ "$(grep -cv '^\.so ' "$top/$f")" -gt 0 ] || continue ;;
		*.c | *.h | *.S | *.sh | *.py | *.pl | *.mk | *.gp | *.in | *.map | \
			*.plan | *.rules | *.conf | *.service | *.lds | */Makefile | \
			Makefile | */Kbuild | Kbuild) ;;
		*)
			[ "$(head -c 2 "$top/$f")" = '#!' ] || continue ;;
		esac
		printf '%s\n' "$f"
	done
}

if [ "${1:-}" = --scan ]; then
	shift
	top=$1
	shift
	scan "$top" "$@"
	exit
fi

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
self=$top/tests/spdx-check.sh
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
t() { # t NAME CMD...: ok when CMD succeeds
	local name=$1
	shift
	if "$@"; then ok "$name"; else notok "$name"; fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/spdx-check.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# 1. LICENSES/ and COPYING
known_ids "$top" >"$tmp/ids"
for id in GPL-2.0 GPL-2.0-or-later LGPL-2.1-or-later MIT Linux-syscall-note; do
	t "LICENSES/ declares $id" grep -qxF "$id" "$tmp/ids"
done
t "COPYING names every file of LICENSES/" bash -c '
	cd "$1" || exit 1
	for f in LICENSES/*/*; do grep -qF "$f" COPYING || { echo "# COPYING: $f not named"; exit 1; }; done' _ "$top"

# 2. the checker fails where it must (a file without the line, an unknown
#    licence, a dangling operator) and passes a good file
mkdir -p "$tmp/tree/LICENSES/x"
printf 'Valid-License-Identifier: GPL-2.0\nValid-License-Identifier: MIT\n' >"$tmp/tree/LICENSES/x/L"
printf 'SPDX-Exception-Identifier: Linux-syscall-note\n' >"$tmp/tree/LICENSES/x/E"
printf '/* SPDX-License-Identifier: GPL-2.0 OR MIT */\nint a;\n' >"$tmp/tree/good.c"
printf '#!/bin/sh\n# SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note\n' >"$tmp/tree/good.sh"
printf 'int b;\n' >"$tmp/tree/none.c"
printf '\n\n\n// SPDX-License-Identifier: MIT\n' >"$tmp/tree/late.c"
printf '// SPDX-License-Identifier: Foo-1.0\n' >"$tmp/tree/unknown.c"
printf '# SPDX-License-Identifier: GPL-2.0 OR\n' >"$tmp/tree/dangling.mk"
t "checker passes files with known licences" "$self" --scan "$tmp/tree" good.c good.sh
for f in none.c late.c unknown.c dangling.mk; do
	if out=$("$self" --scan "$tmp/tree" good.c "$f"); then
		notok "checker fails on $f"
	elif printf '%s\n' "$out" | grep -q "^# $f:" &&
		! printf '%s\n' "$out" | grep -q '^# good.c:'; then
		ok "checker fails on $f, naming it"
	else
		notok "checker fails on $f, naming it"
		printf '%s\n' "$out"
	fi
done

# 3. the tree
source_files "$top" >"$tmp/files"
nfiles=$(wc -l <"$tmp/files")
t "the tree has source files to check ($nfiles)" test "$nfiles" -gt 100
mapfile -t files <"$tmp/files"
if scan "$top" "${files[@]}" >"$tmp/bad"; then
	ok "every source file has an SPDX line naming licences of LICENSES/"
else
	notok "every source file has an SPDX line naming licences of LICENSES/"
	cat "$tmp/bad"
fi

# 4. debian/copyright (DEP-5) has a License paragraph for every licence used
if [ -f "$top/debian/copyright" ]; then
	(cd "$top" && awk 'FNR <= 3 && /SPDX-License-Identifier:/ { sub(/.*SPDX-License-Identifier:[[:space:]]*/, ""); sub(/[[:space:]]*(\*\/|-->).*$/, ""); gsub(/[()]/, " "); print; nextfile }' "${files[@]}") |
		tr ' ' '\n' | grep -vE '^(OR|AND|WITH|)$' |
		sed -E 's/^(GPL-2\.0|LGPL-2\.1)-only$/\1/; s/^(GPL-2\.0|LGPL-2\.1)\+$/\1-or-later/' |
		sort -u >"$tmp/used"
	missing=$(while read -r id; do
		grep -qE "^License: .*\b${id//+/\\+}\b" "$top/debian/copyright" ||
			grep -qE "^(License|Comment): .*${id//+/\\+}" "$top/debian/copyright" ||
			echo "$id"
	done <"$tmp/used")
	if [ -z "$missing" ]; then
		ok "debian/copyright covers every licence used ($(tr '\n' ' ' <"$tmp/used"))"
	else
		notok "debian/copyright covers every licence used"
		echo "# missing: $missing"
	fi
else
	notok "debian/copyright exists"
fi

echo "1..$n"
[ "$fails" -eq 0 ]
