#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# ratios.sh - ratio table and target summary from ncr-bench CSV.
#
#   bench/ratios.sh [FILE.csv]     (stdin when no file or "-")
#
# For each algorithm and size: ncr-once/openssl, ncr-session/openssl,
# af_alg/openssl, ncr-once/af_alg, cioccrypt/openssl, ncr-once/cioccrypt
# (the BSD ABI's CIOCCRYPT), ncr-batch/openssl and ncr-uring/openssl, from
# the mb_per_s column (the same bytes per op on both sides, so this is
# also the ops/s ratio).  Then the performance targets with the measured
# value and MET / NOT MET, and issue 12's targets (many operations per
# system call; the requests-in-flight rows batch-hw/uring-hw,
# aes-128-cbc-dN, when present) with "met" / "not met".  The targets are
# informational: the exit status is 0 whatever the speed (1 only for an
# unreadable or empty input).
set -euo pipefail

in=${1:--}
if [ "$in" != - ] && [ ! -r "$in" ]; then
	echo "ratios.sh: cannot read '$in'" >&2
	exit 1
fi

exec awk -F, '
function ratio(a, b) {
	if (a == "" || b == "" || b + 0 <= 0)
		return "n/a"
	return sprintf("%.2f", a / b)
}
function add_alg(a) {
	if (!(a in alg_seen)) { alg_seen[a] = 1; algs[++nalg] = a }
}
function add_size(s) {
	if (!(s in size_seen)) { size_seen[s] = 1; sizes[++nsize] = s + 0 }
}
# target(algorithm, bytes-or-"big", threshold): one summary line
function target(a, which, thr,    s, i, r, min, minsz, label, got) {
	if (which == "big") {
		min = ""
		for (i = 1; i <= nsize; i++) {
			s = sizes[i]
			if (s < 16384)
				continue
			r = ratio(mb["ncr-once", a, s], mb["openssl", a, s])
			if (r == "n/a")
				continue
			if (min == "" || r + 0 < min + 0) { min = r; minsz = s }
		}
		label = sprintf("%-11s >= 16 KiB", a)
		got = min == "" ? "n/a" : sprintf("%s (lowest, at %d B)", min, minsz)
		r = min == "" ? "n/a" : min
	} else {
		label = sprintf("%-11s at %5d B", a, which)
		r = ratio(mb["ncr-once", a, which], mb["openssl", a, which])
		got = r
	}
	printf "  ncr-once/openssl %s: want >= %.2fx, measured %-24s %s\n",
		label, thr, got, r == "n/a" ? "NO DATA" : (r + 0 >= thr ? "MET" : "NOT MET")
}
# issue 12: one line, the ratio a / b against a minimum (judged unrounded,
# shown truncated to two decimals, so that 1.999 reads 1.99 "not met")
function t12(label, a, b, thr,    ok) {
	ok = a != "" && b != "" && b + 0 > 0
	printf "    %-48s %6s  >= %-4s %s\n", label,
		ok ? sprintf("%.2f", int(a / b * 100) / 100) : "n/a", thr,
		!ok ? "no data" : (a / b >= thr ? "met" : "not met")
	n12++
	m12 += ok && a / b >= thr
}
/^#/ || NF < 5 { next }
$1 == "interface" { header = 1; next }
# requests in flight (aes-128-cbc-dN): only for the issue-12 targets
$2 ~ /-d[0-9]+$/ {
	inflight[$1, substr($2, match($2, /-d[0-9]+$/) + 2) + 0] = $5
	next
}
{
	key = $1 SUBSEP $2 SUBSEP ($3 + 0)
	mb[key] = $5
	add_alg($2)
	add_size($3)
	rows++
}
END {
	if (!rows) {
		print "ratios.sh: no data rows" > "/dev/stderr"
		exit 1
	}
	# sizes ascending (few entries: insertion sort)
	for (i = 2; i <= nsize; i++) {
		v = sizes[i]
		for (k = i - 1; k >= 1 && sizes[k] > v; k--)
			sizes[k + 1] = sizes[k]
		sizes[k + 1] = v
	}
	print "Throughput ratios (mb_per_s of one interface / another; > 1: the first is faster)."
	print "Under QEMU TCG every instruction is emulated: absolute numbers mean nothing,"
	print "only ratios within one run do, and even those are skewed (see docs/bench.md)."
	for (ai = 1; ai <= nalg; ai++) {
		a = algs[ai]
		printf "\n%s\n", a
		printf "  %8s  %14s  %17s  %14s  %14s  %17s  %16s  %14s  %14s\n", "bytes",
			"once/openssl", "session/openssl", "af_alg/openssl",
			"once/af_alg", "cioccrypt/openssl", "once/cioccrypt",
			"batch/openssl", "uring/openssl"
		for (i = 1; i <= nsize; i++) {
			s = sizes[i]
			if (!(("openssl", a, s) in mb) && !(("ncr-once", a, s) in mb))
				continue
			printf "  %8d  %14s  %17s  %14s  %14s  %17s  %16s  %14s  %14s\n", s,
				ratio(mb["ncr-once", a, s], mb["openssl", a, s]),
				ratio(mb["ncr-session", a, s], mb["openssl", a, s]),
				ratio(mb["af_alg", a, s], mb["openssl", a, s]),
				ratio(mb["ncr-once", a, s], mb["af_alg", a, s]),
				ratio(mb["cioccrypt", a, s], mb["openssl", a, s]),
				ratio(mb["ncr-once", a, s], mb["cioccrypt", a, s]),
				ratio(mb["ncr-batch", a, s], mb["openssl", a, s]),
				ratio(mb["ncr-uring", a, s], mb["openssl", a, s])
		}
	}
	print "\nTargets (informational; never a failure):"
	target("aes-128-cbc", 64, 0.60)
	target("sha256", 64, 0.65)
	target("hmac-sha256", 64, 0.65)
	for (ai = 1; ai <= nalg; ai++)
		target(algs[ai], "big", 0.95)

	# issue 12: many operations per system call.  ncr-batch: 32 ops
	# per NCRIO_BATCH, ncr-uring: 32 SQEs in flight (ncr-bench --batch,
	# default 32); dN rows: N in flight on the hardware driver.
	print "\nIssue 12 targets (many operations per system call; informational):"
	print "  (a) 64 B, ncr-batch (32 per call) and ncr-uring (32 in flight)"
	split("aes-128-cbc sha256 hmac-sha256", small, " ")
	for (k = 1; k <= 3; k++) {
		a = small[k]
		t12(sprintf("%-11s ncr-batch/openssl", a),
			mb["ncr-batch", a, 64], mb["openssl", a, 64], 0.7)
		t12(sprintf("%-11s ncr-uring/openssl", a),
			mb["ncr-uring", a, 64], mb["openssl", a, 64], 0.7)
		t12(sprintf("%-11s ncr-batch/ncr-once", a),
			mb["ncr-batch", a, 64], mb["ncr-once", a, 64], 2)
		t12(sprintf("%-11s ncr-uring/ncr-once", a),
			mb["ncr-uring", a, 64], mb["ncr-once", a, 64], 2)
	}
	print "  (b) 64 B, one NCRIO_SESSION_ONCE per operation"
	for (k = 1; k <= 3; k++) {
		a = small[k]
		t12(sprintf("%-11s ncr-once/cioccrypt", a),
			mb["ncr-once", a, 64], mb["cioccrypt", a, 64], 1.2)
		t12(sprintf("%-11s ncr-once/openssl", a),
			mb["ncr-once", a, 64], mb["openssl", a, 64], 0.5)
	}
	print "  (c) virtio-crypto, aes-128-cbc 16 KiB, 16 in flight / 1 at a time"
	t12("ncr-batch (batch of 16 / batch of 1)",
		inflight["batch-hw", 16], inflight["batch-hw", 1], 4)
	t12("ncr-uring (16 SQEs in flight / 1)",
		inflight["uring-hw", 16], inflight["uring-hw", 1], 4)
	printf "  %d of %d met\n", m12, n12
}
' "$in"
