#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run.sh - what `make bench` runs: ncr-bench in the QEMU guest of each test
# kernel, then the ratio table and the plot.
#
#   bench/run.sh [--kernel 6.1|6.12]... [--quick | --time SECS]
#                [--p11-time SECS | --no-p11 | --p11-only] [-- ARGS...]
#
# Builds nothing: build/bench/ncr-bench and build/<release>/ncr.ko must
# exist (`make` builds both).  For each kernel K (default: 6.1 and 6.12):
#   build/bench/bench-K.csv      the CSV (guest stdout, CSV rows only)
#   build/bench/bench-K.log      the guest's stderr (notes) and runner messages
#   build/bench/ratios-K.txt     bench/ratios.sh of the symmetric rows, then
#                                the public-key table (also on stdout)
#   build/bench/bench-K.png      bench/plot.gp of the symmetric rows (gnuplot)
#   build/bench/batch-K.csv      the batch-size sweep: ops/s at 64 B against
#                                ops per NCRIO_BATCH / SQEs in flight
#   build/bench/batch-K.png      bench/plot-batch.gp of it (gnuplot)
# --quick / --time and any ARGS after "--" go to ncr-bench.
# Then, in one more boot per kernel, bench/p11bench.sh (the PKCS #11
# section: ncr-pkcs11.so, SoftHSM2, SoftHSM2 behind p11-kit server):
#   build/bench/p11-K.csv        its CSV rows
#   build/bench/p11-K.log        its notes
#   build/bench/p11-K.txt        the ops/s table, ratios and targets (also
#                                on stdout)
# --p11-time SECS per case and module (default 1; --quick: 0.1).
#
# The guest is QEMU TCG: every instruction is emulated, so absolute numbers
# mean nothing and only ratios within one run are worth reading.
#
# Exit status: 0; 1 if an interface's output did not match OpenSSL (or a
# PKCS #11 check failed); 2 for any other failure (VM, missing binary, no
# rows).  Speed never fails.
set -uo pipefail

TOP=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)
cd "$TOP" || exit 2

BIN=build/bench/ncr-bench
OUTDIR=build/bench
KERNELS=()
ARGS=()
P11=1		# 0: --no-p11; 2: --p11-only
P11_TIME=

usage() {
	sed -n '2,29s/^# \{0,1\}//p' "$0"
}
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) [ $# -ge 2 ] || { usage >&2; exit 2; }; KERNELS+=("$2"); shift 2 ;;
	--kernel=*) KERNELS+=("${1#*=}"); shift ;;
	--quick) ARGS+=(--quick); P11_TIME=${P11_TIME:-0.1}; shift ;;
	--p11-time) [ $# -ge 2 ] || { usage >&2; exit 2; }; P11_TIME=$2; shift 2 ;;
	--p11-time=*) P11_TIME=${1#*=}; shift ;;
	--no-p11) P11=0; shift ;;
	--p11-only) P11=2; shift ;;
	--time) [ $# -ge 2 ] || { usage >&2; exit 2; }; ARGS+=(--time "$2"); shift 2 ;;
	--time=*) ARGS+=(--time "${1#*=}"); shift ;;
	-h | --help) usage; exit 0 ;;
	--) shift; ARGS+=("$@"); break ;;
	*) echo "run.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
	esac
done
[ ${#KERNELS[@]} -gt 0 ] || KERNELS=(6.1 6.12)

if [ "$P11" != 2 ] && [ ! -x "$BIN" ]; then
	echo "run.sh: $BIN is missing: run 'make' first" >&2
	exit 2
fi
if [ ! -x tools/ncr-vm ]; then
	echo "run.sh: tools/ncr-vm is missing" >&2
	exit 2
fi
mkdir -p "$OUTDIR"

# Only well-formed CSV rows (and the header) go into the CSV: the runner
# writes its own messages to stderr, but a stray line must not break the
# ratio table or the plot.
ROW_RE='^(ncr-once|ncr-session|af_alg|openssl|cioccrypt|ncr-batch|ncr-uring),[a-z0-9-]+,[0-9]+,[0-9.]+,[0-9.]+$'
HEADER='interface,algorithm,bytes,ops_per_s,mb_per_s'
# Public-key rows (ops/s of one operation; bytes is the message length):
# their own table, not the MB/s ratio table or the plot.
PK_RE='^(ncr-once|openssl),(rsa|ecdsa|ed25519|x25519|ecdh|dh)[a-z0-9-]*,'
# Requests in flight (CIOCASYNCCRYPT, aes-128-cbc-dN = N in flight on the
# default or the hardware driver; NCRIO_BATCH and io_uring with N per
# call / in flight on the hardware driver): their own table.
ASYNC_RE='^(async-(sw|hw)|batch-hw|uring-hw),aes-128-cbc-d[0-9]+,[0-9]+,[0-9.]+,[0-9.]+$'
# The batch-size sweep (64 B, ops per batch / in flight 1..256): "sweep,"
# and then the row of build/bench/batch-K.csv.
SWEEP_RE='^sweep,(ncr-once|openssl|ncr-batch|ncr-uring),[a-z0-9-]+,[0-9]+,[0-9]+,[0-9.]+,[0-9.]+$'
SWEEP_HEADER='interface,algorithm,bytes,batch,ops_per_s,mb_per_s'

# async_table CSV: MB/s per depth and path, and the ratio to depth 1.
async_table() {
	awk -F, '
	NR == 1 { next }
	{
		d = substr($2, index($2, "-d") + 2) + 0
		if (!(d in seen)) { seen[d] = 1; ds[++n] = d }
		mb[$1, d] = $5
		if ($1 !~ /^async-/)
			many = 1
	}
	END {
		if (!n)
			exit
		k[1] = "async-sw"; k[2] = "async-hw"; nk = 2
		if (many) { k[3] = "batch-hw"; k[4] = "uring-hw"; nk = 4 }
		print ""
		print "Requests in flight: aes-128-cbc 16 KiB, MB/s with N requests kept in"
		print "flight, and the ratio to one at a time (same path and driver)."
		print "sw, hw: CIOCASYNCCRYPT/FETCH on the crypto API default driver and on"
		print "CRYPTODEV_NCR_HW (virtio-crypto)."
		if (many)
			print "batch-hw, uring-hw: NCRIO_BATCH of N and io_uring with N SQEs in flight,\n" \
			      "NCR_SESSION_FLAG_HARDWARE (virtio-crypto)."
		line = sprintf("  %-10s", "in flight")
		for (j = 1; j <= nk; j++) {
			h = k[j]; sub(/^async-/, "", h)
			line = line sprintf("  %10s  %6s", h " MB/s", "x")
		}
		print line
		for (i = 1; i <= n; i++) {
			d = ds[i]
			line = sprintf("  %-10d", d)
			for (j = 1; j <= nk; j++) {
				x = mb[k[j], d]; b = mb[k[j], 1]
				line = line sprintf("  %10s  %6s",
					x == "" ? "-" : sprintf("%.1f", x),
					(x != "" && b + 0 > 0) ? sprintf("%.2f", x / b) : "-")
			}
			print line
		}
	}' "$1"
}

# sweep_table CSV: the batch-size sweep, ops/s relative to in-process
# OpenSSL per algorithm (ncr-batch and ncr-uring by batch size; ncr-once).
sweep_table() {
	awk -F, '
	NR == 1 { next }
	{
		if (!($2 in aseen)) { aseen[$2] = 1; algs[++na] = $2 }
		if (!($4 in bseen)) { bseen[$4] = 1; bs[++nb] = $4 + 0 }
		ops[$1, $2, $4 + 0] = $5
	}
	function r(x, y) { return (x != "" && y + 0 > 0) ? sprintf("%.2f", x / y) : "-" }
	END {
		if (!na)
			exit
		print ""
		print "Batch-size sweep at 64 B (build/bench/batch-K.csv, .png): ops/s of"
		print "ncr-batch (N ops per NCRIO_BATCH) and ncr-uring (N SQEs in flight)"
		print "relative to in-process OpenSSL; ncr-once/openssl for reference."
		line = sprintf("  %6s", "N")
		for (a = 1; a <= na; a++)
			line = line sprintf("  %24s", algs[a] " batch / uring")
		print line
		for (i = 1; i <= nb; i++) {
			b = bs[i]
			line = sprintf("  %6d", b)
			for (a = 1; a <= na; a++) {
				o = ops["openssl", algs[a], b]
				line = line sprintf("  %24s", r(ops["ncr-batch", algs[a], b], o) \
					" / " r(ops["ncr-uring", algs[a], b], o))
			}
			print line
		}
		line = sprintf("  %6s", "once")
		for (a = 1; a <= na; a++)
			line = line sprintf("  %24s", r(ops["ncr-once", algs[a], bs[1]],
				ops["openssl", algs[a], bs[1]]))
		print line
	}' "$1"
}

# pk_table CSV: ncr-once and openssl ops/s and their ratio per operation.
pk_table() {
	awk -F, '
	NR == 1 { next }
	{
		if (!($2 in seen)) { seen[$2] = 1; names[++n] = $2 }
		ops[$1, $2] = $4
	}
	END {
		if (!n)
			exit
		print ""
		print "Public key: operations per second, ncr (libncr in the guest: one"
		print "NCRIO_SESSION_ONCE per op; derive = KEY_DERIVE + KEY_DEINIT) beside"
		print "in-process OpenSSL in the same run; ncr/openssl > 1: ncr is faster."
		printf "  %-22s  %12s  %12s  %14s\n", "operation", "ncr ops/s",
			"openssl ops/s", "ncr/openssl"
		for (i = 1; i <= n; i++) {
			a = names[i]
			x = ops["ncr-once", a]; y = ops["openssl", a]
			r = (x != "" && y + 0 > 0) ? sprintf("%.2f", x / y) : "n/a"
			printf "  %-22s  %12s  %12s  %14s\n", a,
				x == "" ? "-" : sprintf("%.1f", x),
				y == "" ? "-" : sprintf("%.1f", y), r
		}
	}' "$1"
}

STATUS=0
worst() { [ "$1" -gt "$STATUS" ] && STATUS=$1; return 0; }

for K in "${KERNELS[@]}"; do
	[ "$P11" != 2 ] || break
	csv=$OUTDIR/bench-$K.csv
	raw=$OUTDIR/bench-$K.raw
	log=$OUTDIR/bench-$K.log
	rat=$OUTDIR/ratios-$K.txt
	png=$OUTDIR/bench-$K.png
	bcsv=$OUTDIR/batch-$K.csv
	bpng=$OUTDIR/batch-$K.png
	rel=$(scripts/kernels.sh "$K" 2>/dev/null || echo "$K")

	# Other guests or builds on the host slow the guest down at random;
	# ncr-bench interleaves the interfaces and keeps the best of its
	# rounds, but say how busy the host was.
	read -r load _ < /proc/loadavg
	ncpu=$(nproc)
	busy=$(awk -v l="$load" -v n="$ncpu" 'BEGIN { print (l > n / 4) ? 1 : 0 }')

	echo "==== kernel $K ($rel): ncr-bench ${ARGS[*]} in QEMU (TCG) ====" >&2
	[ "$busy" = 0 ] ||
		echo "run.sh: warning: host load average $load on $ncpu CPUs: results will be noisier" >&2
	# with the virtio-crypto device: the async rows' hardware driver
	tools/ncr-vm --kernel "$K" --crypto-accel -- "$BIN" "${ARGS[@]}" > "$raw" 2> >(tee "$log" >&2)
	rc=$?
	wait # for tee
	case $rc in
	0) ;;
	1) echo "run.sh: kernel $K: an interface disagreed with OpenSSL (see # MISMATCH in $log)" >&2
	   worst 1 ;;
	*) echo "run.sh: kernel $K: ncr-vm / ncr-bench exited $rc (see $log)" >&2
	   worst 2 ;;
	esac

	{
		echo "$HEADER"
		grep -E "$ROW_RE|$ASYNC_RE" "$raw" || true
	} > "$csv"
	{
		echo "$SWEEP_HEADER"
		grep -E "$SWEEP_RE" "$raw" | cut -d, -f2- || true
	} > "$bcsv"
	extra=$(grep -cvE "$ROW_RE|$ASYNC_RE|$SWEEP_RE|^$HEADER\$" "$raw" || true)
	[ "${extra:-0}" = 0 ] ||
		echo "run.sh: kernel $K: dropped $extra non-CSV line(s) of guest stdout (kept in $raw)" >&2
	rows=$(($(wc -l < "$csv") - 1))
	if [ "$rows" -le 0 ]; then
		echo "run.sh: kernel $K: no CSV rows" >&2
		worst 2
		continue
	fi
	[ "${extra:-0}" != 0 ] || rm -f "$raw"

	sym=$OUTDIR/.sym-$K.csv
	rin=$OUTDIR/.ratios-$K.csv
	pkc=$OUTDIR/.pk-$K.csv
	asy=$OUTDIR/.async-$K.csv
	grep -vE "$PK_RE|$ASYNC_RE" "$csv" > "$sym" || true
	# ratios.sh: the symmetric rows and the requests in flight (its
	# issue-12 targets read the hardware driver's rows)
	grep -vE "$PK_RE" "$csv" > "$rin" || true
	{ echo "$HEADER"; grep -E "$PK_RE" "$csv" || true; } > "$pkc"
	{ echo "$HEADER"; grep -E "$ASYNC_RE" "$csv" || true; } > "$asy"
	{
		echo "ncr-bench, kernel $K ($rel), $rows rows from $csv"
		echo "NOTE: QEMU TCG (emulated CPU): ratios within this run only; absolute"
		echo "      MB/s and ops/s are not comparable with real hardware."
		echo "Host load average before the run: $load on $ncpu CPUs$([ "$busy" = 0 ] || echo " (busy: noisier)")."
		grep -h '^# [0-9]* of [0-9]* cells' "$log" | sed 's/^# /ncr-bench: /' || true
		echo
		if [ "$(wc -l < "$sym")" -gt 1 ]; then
			bench/ratios.sh "$rin"
		else
			echo "(no symmetric rows)"
		fi
		async_table "$asy"
		sweep_table "$bcsv"
		pk_table "$pkc"
	} > "$rat" || worst 2
	cat "$rat"
	echo

	if command -v gnuplot >/dev/null 2>&1; then
		if [ "$(wc -l < "$sym")" -le 1 ]; then
			echo "run.sh: kernel $K: no symmetric rows to plot" >&2
		elif gnuplot -e "csv='$sym'; out='$png'; kernel='$K ($rel)'" bench/plot.gp; then
			echo "run.sh: plot: $png" >&2
		else
			echo "run.sh: kernel $K: gnuplot failed" >&2
			worst 2
		fi
		if [ "$(wc -l < "$bcsv")" -le 1 ]; then
			echo "run.sh: kernel $K: no batch-size sweep rows to plot" >&2
		elif gnuplot -e "csv='$bcsv'; out='$bpng'; kernel='$K ($rel)'" bench/plot-batch.gp; then
			echo "run.sh: plot: $bpng" >&2
		else
			echo "run.sh: kernel $K: gnuplot failed (batch-size sweep)" >&2
			worst 2
		fi
	else
		echo "run.sh: gnuplot not installed: no $png, $bpng (apt-get install gnuplot-nox)" >&2
	fi
	rm -f "$sym" "$rin" "$pkc" "$asy"
done

# ---------------------------------------------------------------- PKCS #11
# p11_table CSV: ops/s per case and configuration (ncr, softhsm,
# p11kit-softhsm), the ratios of ncr to the two others, and the targets.
# An aes-128-ecb row (p11-kit 0.24's RPC refuses the CBC IV) stands in
# for aes-128-cbc of the same size, marked "e".
p11_table() {
	awk -F, '
	NR == 1 { next }
	{
		a = $2; e = ""
		if (a == "aes-128-ecb") { a = "aes-128-cbc"; e = "e"; ecb = 1 }
		k = a " " $3
		if (!(k in seen)) { seen[k] = 1; keys[++n] = k }
		ops[$1, k] = $4; mark[$1, k] = e
	}
	function v(c, k) { return ops[c, k] == "" ? "-" : sprintf("%.1f%s", ops[c, k], mark[c, k]) }
	function r(a, b) { return (a != "" && b + 0 > 0) ? a / b : "" }
	function f(x) { return x == "" ? "n/a" : sprintf("%.2f", x) }
	function target(what, x, min) {
		printf "  %-56s %7s  %s\n", what, f(x),
			x == "" ? "n/a" : (x >= min ? "MET" : "NOT MET")
	}
	END {
		if (!n)
			exit
		print "PKCS #11: operations per second through C_* calls, one Init + one"
		print "Encrypt/Sign per op, keys generated in each token (session objects,"
		print "sensitive); the three modules in one process, taking turns per round."
		print "  ncr: ncr-pkcs11.so (keys in the kernel); softhsm: SoftHSM2 in the"
		print "  process; p11kit: SoftHSM2 in a p11-kit server daemon (p11-kit-client.so)."
		printf "  %-24s  %10s  %10s  %10s  %11s  %10s\n", "case", "ncr",
			"softhsm", "p11kit", "ncr/softhsm", "ncr/p11kit"
		for (i = 1; i <= n; i++) {
			k = keys[i]
			printf "  %-24s  %10s  %10s  %10s  %11s  %10s\n", k,
				v("ncr", k), v("softhsm", k), v("p11kit-softhsm", k),
				f(r(ops["ncr", k], ops["softhsm", k])),
				f(r(ops["ncr", k], ops["p11kit-softhsm", k]))
		}
		if (ecb)
			print "  e: CKM_AES_ECB (p11-kit 0.24 RPC carries no CBC IV): same calls, no IV"
		print ""
		print "Targets (informational: QEMU TCG):"
		target("rsa2048-pkcs1-sign: ncr/softhsm >= 1",
			r(ops["ncr", "rsa2048-pkcs1-sign 32"], ops["softhsm", "rsa2048-pkcs1-sign 32"]), 1)
		target("ecdsa-p256-sign: ncr/softhsm >= 1",
			r(ops["ncr", "ecdsa-p256-sign 32"], ops["softhsm", "ecdsa-p256-sign 32"]), 1)
		split("aes-128-cbc 16,aes-128-cbc 64,hmac-sha256 64", small, ",")
		lo = ""; lok = ""
		for (j = 1; j <= 3; j++) {
			x = r(ops["ncr", small[j]], ops["p11kit-softhsm", small[j]])
			if (x == "") { lo = ""; lok = "missing"; break }
			if (lo == "" || x < lo) { lo = x; lok = small[j] }
		}
		target("small symmetric: ncr/p11kit >= 3 (lowest: " lok ")", lo, 3)
	}' "$1"
}

for K in "${KERNELS[@]}"; do
	[ "$P11" != 0 ] || break
	pcsv=$OUTDIR/p11-$K.csv
	plog=$OUTDIR/p11-$K.log
	ptxt=$OUTDIR/p11-$K.txt
	rel=$(scripts/kernels.sh "$K" 2>/dev/null || echo "$K")
	for f in build/bench/p11bench build/pkcs11/ncr-pkcs11.so; do
		[ -e "$f" ] || { echo "run.sh: $f is missing: run 'make' first" >&2; worst 2; continue 2; }
	done
	read -r load _ < /proc/loadavg
	echo "==== kernel $K ($rel): bench/p11bench.sh in QEMU (TCG) ====" >&2
	tools/ncr-vm --kernel "$K" -- bench/p11bench.sh \
		${P11_TIME:+--time "$P11_TIME"} > "$pcsv.raw" 2> >(tee "$plog" >&2)
	rc=$?
	wait # for tee
	case $rc in
	0) ;;
	1) echo "run.sh: kernel $K: a PKCS #11 check failed (see # MISMATCH in $plog)" >&2
	   worst 1 ;;
	*) echo "run.sh: kernel $K: ncr-vm / p11bench.sh exited $rc (see $plog)" >&2
	   worst 2 ;;
	esac
	{
		echo "$HEADER"
		grep -E '^[a-z0-9-]+,[a-z0-9-]+,[0-9]+,[0-9.]+,[0-9.]+$' "$pcsv.raw" || true
	} > "$pcsv"
	rm -f "$pcsv.raw"
	if [ "$(wc -l < "$pcsv")" -le 1 ]; then
		echo "run.sh: kernel $K: no PKCS #11 rows" >&2
		worst 2
		continue
	fi
	{
		echo "p11bench, kernel $K ($rel), from $pcsv"
		echo "NOTE: QEMU TCG (emulated CPU): ratios within this run only."
		echo "Host load average before the run: $load on $(nproc) CPUs."
		echo
		p11_table "$pcsv"
	} > "$ptxt" || worst 2
	cat "$ptxt"
	echo
done
exit "$STATUS"
