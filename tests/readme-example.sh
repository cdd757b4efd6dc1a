#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/readme-example.sh - the libncr example of README.md is a complete
# program that compiles and links as shown: the C block after the marker
# comment "tests/readme-example.sh compiles the next C block" is taken
# verbatim, compiled with warnings as errors against lib/libncr.h and
# include/uapi/linux/ncr.h, and linked with build/lib/libncr.a.  Host
# only (no /dev/crypto needed); TAP.  Run from the top of the tree (make
# check runs it as build/tests/test_readme_example):
#
#   tests/readme-example.sh [README.md [build/lib/libncr.a]]
set -u
readme=${1:-README.md}
lib=${2:-build/lib/libncr.a}
cc=${CC:-cc}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/readme-example.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

echo "1..3"
# the block: from the first ```c line after the marker to the next ```
awk '/tests\/readme-example.sh compiles the next C block/ { m = 1; next }
     m == 1 && /^```c[ \t]*$/ { m = 2; next }
     m == 2 && /^```/ { exit }
     m == 2 { print }' "$readme" >"$tmp/example.c"
if [ -s "$tmp/example.c" ] && grep -q 'int main' "$tmp/example.c"; then
	echo "ok 1 - README.md has the marked example, with main()"
else
	echo "not ok 1 - README.md has the marked example, with main()"
	exit 1
fi
# the includes as an installed libncr has them with `pkg-config --cflags
# libncr`: <libncr.h> (lib/, installed as ncr/libncr.h) and its
# <linux/ncr.h> (include/uapi/)
if "$cc" -std=gnu11 -Wall -Wextra -Werror -Ilib -Iinclude/uapi \
	-c -o "$tmp/example.o" "$tmp/example.c" 2>"$tmp/cc.err"; then
	echo "ok 2 - the example compiles with -Wall -Wextra -Werror"
else
	echo "not ok 2 - the example compiles with -Wall -Wextra -Werror"
	sed 's/^/# /' "$tmp/cc.err"
	exit 1
fi
if "$cc" -o "$tmp/example" "$tmp/example.o" "$lib" 2>"$tmp/ld.err"; then
	echo "ok 3 - the example links against libncr"
else
	echo "not ok 3 - the example links against libncr"
	sed 's/^/# /' "$tmp/ld.err"
	exit 1
fi
