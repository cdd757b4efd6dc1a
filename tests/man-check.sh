#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/man-check.sh - the manual pages in doc/ are complete and clean.
# TAP; run from the top of the tree (make check runs it as
# build/tests/test_man_check):
#
#   tests/man-check.sh [NCRTOOL]        (default build/bin/ncrtool)
#
# It checks that
#   1. every function lib/libncr.h declares has a page doc/<name>.3, a
#      page of its own or a one-line link ".so man3/<family>.3";
#   2. every link points at a page of doc/ whose NAME line names the
#      function, and that page's SYNOPSIS shows the prototype exactly as
#      libncr.h declares it (whitespace aside);
#   3. every command of `ncrtool --help` has a section (.SS) in
#      doc/ncrtool.1 and a line of its SYNOPSIS, and every option that
#      `ncrtool --help` and `ncrtool COMMAND --help` name appears in that
#      SYNOPSIS and is described in the page (outside the SYNOPSIS); and
#      every command section of the page is a command of the tool;
#   4. every page doc/*.[1-8] formats without a warning
#      (groff -man -ww -z, at the 78 columns man(1) uses for an
#      80-column terminal), has a NAME line "name, ... \- description", a
#      .TH whose section is the file's, and the tbl line '\" t if it has
#      tables; every ncr page it refers to (BR name (N)) exists;
#   5. the complete example programs of libncr(3) and ncr(4) compile
#      (-Wall -Wextra -Werror; libncr's links against build/lib/libncr.a).
# A declaration is a line of libncr.h starting in column 0 with a letter
# that names ncr_something( (as lib/tests/exports.sh reads them).
set -u
tool=${1:-build/bin/ncrtool}
hdr=lib/libncr.h
tmp=$(mktemp -d "${TMPDIR:-/tmp}/man-check.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

n=0 fail=0
t() {	# t STATUS NAME [DETAIL-FILE]: one TAP line, details as comments
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fail=1
		[ -n "${3:-}" ] && [ -s "$3" ] && sed 's/^/#   /' "$3"
	fi
}

# roff source to plain words: \- and \(hy are "-", font escapes go.
unroff() {
	sed -e 's/\\-/-/g' -e 's/\\(hy/-/g' -e 's/\\f[BIRP]//g' -e 's/\\%//g' \
	    -e 's/\\f(CW//g' -e 's/\\&//g' -e 's/\\e/\\/g' "$@"
}

# A page rendered as plain text (no bold/underline), one long line each.
render() {
	groff -man -t -Tascii -P-c -P-b -P-o -P-u -rLL=250n "$1" 2>/dev/null
}

# The text of one section (.SH NAME-OF-IT) of a rendered page.
section() {	# section RENDERED-FILE HEADING
	awk -v h="$2" '
		$0 == h { on = 1; next }
		/^[A-Z][A-Z0-9 ]*$/ { on = 0 }
		on' "$1"
}

norm() {	# collapse white space; no blank after ( or before ) and ,
	tr '\n' ' ' | sed -e 's/[[:space:]]\+/ /g' -e 's/( /(/g' \
		-e 's/ )/)/g' -e 's/ ,/,/g' -e 's/^ //' -e 's/ $//'
}

if ! command -v groff >/dev/null; then
	echo "not ok 1 - groff is installed (apt-get install groff)"
	echo "1..1"
	exit 1
fi

# ------------------------------------------------------------ 1, 2: libncr
awk '
	/^[a-z]/ && /ncr_[a-z0-9_]+\(/ { d = $0; on = 1 }
	on && !/^[a-z]/ { d = d " " $0 }
	on && /;/ { sub(/;.*/, ";", d); print d; on = 0 }
' "$hdr" >"$tmp/decls"
grep -oE '\bncr_[a-z0-9_]+\(' "$tmp/decls" | tr -d '(' | sort -u >"$tmp/fns"
nfn=$(wc -l <"$tmp/fns")
t "$([ "$nfn" -gt 50 ]; echo $?)" "libncr.h declares $nfn functions"

: >"$tmp/nopage"
: >"$tmp/badlink"
: >"$tmp/notnamed"
: >"$tmp/noproto"
while read -r fn; do
	page=doc/$fn.3
	if [ ! -f "$page" ]; then
		echo "$fn: no doc/$fn.3" >>"$tmp/nopage"
		continue
	fi
	target=$page
	if head -n1 "$page" | grep -q '^\.so '; then
		rel=$(head -n1 "$page" | sed -n 's|^\.so man3/\([^ /]*\.3\)$|\1|p')
		if [ -z "$rel" ] || [ "$(wc -l <"$page")" -ne 1 ] ||
		   [ ! -f "doc/$rel" ] || head -n1 "doc/$rel" | grep -q '^\.so'; then
			echo "$page: $(head -n1 "$page") (want one line .so man3/PAGE.3, PAGE a real page of doc/)" >>"$tmp/badlink"
			continue
		fi
		target=doc/$rel
	fi
	awk '/^\.SH NAME/ { on = 1; next } on && /^\./ { exit } on' "$target" |
		unroff | sed 's/ - .*//' | tr ',' '\n' | tr -d ' ' >"$tmp/names"
	if ! grep -qx "$fn" "$tmp/names"; then
		echo "$fn: not in the NAME line of $target" >>"$tmp/notnamed"
		continue
	fi
	render "$target" >"$tmp/page.txt"
	section "$tmp/page.txt" SYNOPSIS | norm >"$tmp/syn"
	proto=$(grep -E "\\b$fn\\(" "$tmp/decls" | head -n1 | norm)
	if ! grep -qF -- "$proto" "$tmp/syn"; then
		echo "$fn: $target SYNOPSIS lacks: $proto" >>"$tmp/noproto"
	fi
done <"$tmp/fns"
t "$([ ! -s "$tmp/nopage" ]; echo $?)" \
	"every libncr.h function has a page (doc/NAME.3, a page or a .so link)" \
	"$tmp/nopage"
t "$([ ! -s "$tmp/badlink" ]; echo $?)" \
	"every .so link names an existing page of doc/" "$tmp/badlink"
t "$([ ! -s "$tmp/notnamed" ]; echo $?)" \
	"every function is in the NAME line of its page" "$tmp/notnamed"
t "$([ ! -s "$tmp/noproto" ]; echo $?)" \
	"every function's prototype in its page's SYNOPSIS is libncr.h's" \
	"$tmp/noproto"

# No stray link pages: every .so link of doc/ is for a declared function.
: >"$tmp/stray"
for page in doc/*.3; do
	head -n1 "$page" | grep -q '^\.so ' || continue
	b=$(basename "$page" .3)
	grep -qx "$b" "$tmp/fns" || echo "$page: no such function in libncr.h" >>"$tmp/stray"
done
t "$([ ! -s "$tmp/stray" ]; echo $?)" \
	"every link page of doc/ is a function libncr.h declares" "$tmp/stray"

# ------------------------------------------------------------ 3: ncrtool
man1=doc/ncrtool.1
if [ ! -x "$tool" ]; then
	t 1 "$tool is built (make tool)"
else
	"$tool" --help >"$tmp/help" 2>&1
	# The commands: the lines of the list "Commands:" with two blanks
	# of indent; the name is the words before the first option or
	# bracket.
	awk '/^Commands:/ { on = 1; next } on && /^$/ { exit }
	     on && /^  [a-z]/' "$tmp/help" |
		sed -e 's/^  //' -e 's/ [-\[(].*//' -e 's/ [A-Z].*//' |
		sort -u >"$tmp/cmds"
	ncmd=$(wc -l <"$tmp/cmds")
	t "$([ "$ncmd" -gt 15 ]; echo $?)" "ncrtool --help lists $ncmd commands"

	# the page without its SYNOPSIS: where options are described
	unroff "$man1" | awk '/^\.SH SYNOPSIS/ { skip = 1; next }
		/^\.SH/ { skip = 0 } !skip' >"$tmp/man1.src"
	render "$man1" >"$tmp/man1.txt"
	section "$tmp/man1.txt" SYNOPSIS >"$tmp/man1.syn"
	grep '^\.SS ' "$tmp/man1.src" | sed 's/^\.SS //' | tr -d '"' |
		sed 's/, /\n/g' >"$tmp/man1.ss"

	: >"$tmp/nocmd"
	cp "$tmp/help" "$tmp/allhelp"
	while read -r c; do
		grep -qxF "$c" "$tmp/man1.ss" ||
			echo "command '$c': no .SS $c in $man1" >>"$tmp/nocmd"
		grep -qE "(^| )ncrtool( \[[^]]*\])? $c( |$)" "$tmp/man1.syn" ||
			echo "command '$c': no 'ncrtool $c' line in the SYNOPSIS" >>"$tmp/nocmd"
		# shellcheck disable=SC2086
		if ! "$tool" $c --help >"$tmp/one" 2>&1; then
			echo "command '$c': ncrtool $c --help failed" >>"$tmp/nocmd"
		fi
		cat "$tmp/one" >>"$tmp/allhelp"
		# short options from the usage lines
		awk 'NR == 1 || (on && /^       /) { on = 1; print; next } { on = 0 }' "$tmp/one" |
			grep -oE '(^|[ [(|])-[a-zA-Z]([] |)]|$)' |
			grep -oE -- '-[a-zA-Z]' >>"$tmp/short"
	done <"$tmp/cmds"
	t "$([ ! -s "$tmp/nocmd" ]; echo $?)" \
		"every ncrtool command has a section and a SYNOPSIS line in $man1" \
		"$tmp/nocmd"
	# and the other way round: no section for a command the tool lacks
	unroff "$man1" | awk '/^\.SH COMMANDS/ { on = 1; next } /^\.SH/ { on = 0 }
		on && /^\.SS / { sub(/^\.SS /, ""); gsub(/"/, ""); print }' |
		sed 's/, /\n/g' | while read -r c; do
			grep -qxF "$c" "$tmp/cmds" ||
				echo "$man1: section '$c' under COMMANDS, but ncrtool --help has no such command"
		done >"$tmp/extracmd"
	t "$([ ! -s "$tmp/extracmd" ]; echo $?)" \
		"every command section of $man1 is a command of ncrtool" \
		"$tmp/extracmd"

	grep -oE -- '(^|[^a-zA-Z0-9-])--[a-z0-9][a-z0-9-]*' "$tmp/allhelp" |
		sed 's/^[^-]*//' | sort -u >"$tmp/opts"
	awk '/^Global options:/ { on = 1; next } on && /^$/ { exit } on' "$tmp/help" |
		grep -oE -- '(^|[ ,])-[a-zA-Z]([ ,]|$)' | grep -oE -- '-[a-zA-Z]' >>"$tmp/short"
	sort -u "$tmp/short" >>"$tmp/opts"
	nopt=$(wc -l <"$tmp/opts")
	: >"$tmp/noopt"
	: >"$tmp/nosyn"
	while read -r o; do
		re="(^|[^a-zA-Z0-9-])$o([^a-zA-Z0-9-]|\$)"
		grep -qE -- "$re" "$tmp/man1.src" ||
			echo "option $o: not described in $man1 (outside its SYNOPSIS)" >>"$tmp/noopt"
		grep -qE -- "$re" "$tmp/man1.syn" ||
			echo "option $o: not in the SYNOPSIS of $man1" >>"$tmp/nosyn"
	done <"$tmp/opts"
	t "$([ "$nopt" -gt 40 ] && [ ! -s "$tmp/noopt" ]; echo $?)" \
		"all $nopt options of ncrtool's help are described in $man1" \
		"$tmp/noopt"
	t "$([ ! -s "$tmp/nosyn" ]; echo $?)" \
		"all options of ncrtool's help are in the SYNOPSIS of $man1" \
		"$tmp/nosyn"
fi

# ------------------------------------------------------------ 4: every page
: >"$tmp/warn"
: >"$tmp/form"
: >"$tmp/refs"
npage=0
for page in doc/*.[1-8]; do
	if head -n1 "$page" | grep -q '^\.so '; then
		# a link page: one line naming a page of doc/ of its section
		to=$(sed -n 's|^\.so man\([1-8]\)/\([^ /]*\.\1\)$|\2|p' "$page")
		if [ -z "$to" ] || [ ! -f "doc/$to" ] || [ "$(wc -l <"$page")" -ne 1 ]; then
			echo "$page: $(head -n1 "$page") is not a link to a page of doc/" >>"$tmp/form"
		fi
		continue
	fi
	npage=$((npage + 1))
	sec=${page##*.}
	out=$(groff -man -t -Tutf8 -rLL=78n -ww -z "$page" 2>&1)
	[ -z "$out" ] || printf '%s: %s\n' "$page" "$out" >>"$tmp/warn"
	if grep -q '^\.TS' "$page" && ! head -n1 "$page" | grep -q "^'\\\\\" t"; then
		echo "$page: tables but no '\\\" t first line" >>"$tmp/form"
	fi
	th=$(grep -m1 '^\.TH ' "$page" | awk '{ print $3 }')
	[ "$th" = "$sec" ] || echo "$page: .TH section '$th', file section $sec" >>"$tmp/form"
	name=$(awk '/^\.SH NAME/ { on = 1; next } on && /^\./ { exit } on' "$page" | tr '\n' ' ')
	echo "$name" | grep -qE '^[^ ].* \\- [^ ]' ||
		echo "$page: NAME line is not 'name, ... \\- description': $name" >>"$tmp/form"
	first=$(grep -n '^\.SH' "$page" | head -n2 | sed 's/^[0-9]*://' | tr '\n' ' ')
	case $first in
	".SH NAME .SH SYNOPSIS "* | ".SH NAME .SH LIBRARY "*) ;;
	*) echo "$page: sections start '$first', not NAME then SYNOPSIS (or LIBRARY)" >>"$tmp/form" ;;
	esac
	# cross references to ncr's own pages
	unroff "$page" | grep -oE '^\.BR (ncr|libncr)[a-z0-9_.-]* \([1-8]\)' |
		sed -E 's/^\.BR ([^ ]*) \(([1-8])\)/\1.\2/' | sort -u |
		while read -r ref; do
			[ -f "doc/$ref" ] || echo "$page: refers to $ref, not in doc/" >>"$tmp/refs"
		done
done
t "$([ "$npage" -gt 10 ] && [ ! -s "$tmp/warn" ]; echo $?)" \
	"all $npage pages format without a warning (groff -man -ww)" "$tmp/warn"
t "$([ ! -s "$tmp/form" ]; echo $?)" \
	"every page has .TH of its section, a NAME line, NAME then SYNOPSIS" \
	"$tmp/form"
t "$([ ! -s "$tmp/refs" ]; echo $?)" \
	"every ncr page a page refers to exists in doc/" "$tmp/refs"

# ------------------------------------------------------------ 5: examples
# The complete programs of libncr(3) and ncr(4) compile as shown (warnings
# are errors), and the libncr one links against build/lib/libncr.a.
for ex in doc/libncr.3 doc/ncr.4; do
	render "$ex" | section /dev/stdin EXAMPLES | sed 's/^       //' |
		sed -n '/^#include/,/^}/p' >"$tmp/ex.c"
	if [ ! -s "$tmp/ex.c" ]; then
		t 1 "$ex: EXAMPLES hold a program (#include ... })"
		continue
	fi
	link=(-c -o "$tmp/ex.o") how=" (not linked)"
	if [ "$ex" = doc/libncr.3 ] && [ -f build/lib/libncr.a ]; then
		link=(-o "$tmp/ex" build/lib/libncr.a) how=" and links"
	fi
	if ${CC:-cc} -std=gnu11 -Wall -Wextra -Werror -Iinclude/uapi \
		-Iinclude/uapi/linux -Ilib -x c "$tmp/ex.c" -x none \
		"${link[@]}" >"$tmp/cc.log" 2>&1; then
		t 0 "$ex: the example program compiles$how"
	else
		t 1 "$ex: the example program compiles" "$tmp/cc.log"
	fi
done

echo "1..$n"
exit $fail
