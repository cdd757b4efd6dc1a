#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
# fuzz-smoke.sh - runs each libFuzzer target briefly (NCR_FUZZ_SECONDS, default
# 5) as part of `make check`; `make fuzz` is the long run.  TAP output.
set -u
secs=${NCR_FUZZ_SECONDS:-5}
n=0 failed=0
for f in "$@"; do
	n=$((n + 1))
	name=${f##*/}
	corpus=build/fuzz/corpus-$name
	mkdir -p "$corpus"
	if "$f" -max_total_time="$secs" "$corpus" >"build/fuzz/$name.log" 2>&1; then
		echo "ok $n - $name: no crash in ${secs}s ($(grep -o 'Done [0-9]* runs' "build/fuzz/$name.log"))"
	else
		failed=$((failed + 1))
		echo "not ok $n - $name crashed: see build/fuzz/$name.log"
		tail -20 "build/fuzz/$name.log" | sed 's/^/# /'
	fi
done
echo "1..$n"
[ "$failed" -eq 0 ]
