# SPDX-License-Identifier: GPL-2.0-or-later
# plot-batch.gp - the batch-size sweep (build/bench/batch-K.csv) -> PNG:
# one panel per algorithm, operations per second at 64 B against the
# number of operations per NCRIO_BATCH call (ncr-batch) or of io_uring
# SQEs in flight (ncr-uring), log-log; ncr-once and in-process OpenSSL,
# which do not depend on it, as reference lines.
#
#   gnuplot -e "csv='build/bench/batch-6.1.csv'; out='build/bench/batch-6.1.png'; \
#               kernel='6.1'" bench/plot-batch.gp
#
# CSV columns: interface,algorithm,bytes,batch,ops_per_s,mb_per_s.
# csv is required; out defaults to csv with .png for .csv, kernel to "".

if (!exists("csv")) { print "plot-batch.gp: set csv='FILE.csv' with -e"; exit status 1 }
if (!exists("out")) { out = csv[1:strlen(csv) - 4] . ".png" }
if (!exists("kernel")) { kernel = "" }

if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
	set terminal pngcairo size 1500,560 enhanced font "sans,11" linewidth 1.5
} else {
	set terminal png size 1500,560 enhanced font "sans,11"
}
set output out

set datafile separator ","
set datafile commentschars "#"
set logscale x 2
set logscale y 10
set format y "%g"
set xrange [0.8:320]
set xtics ("1" 1, "2" 2, "4" 4, "8" 8, "16" 16, "32" 32, "64" 64, "128" 128, "256" 256)
set grid xtics ytics mytics lc rgb "#dddddd"
set key bottom right box opaque samplen 3
set xlabel "operations per call (ncr-batch) / in flight (ncr-uring)"
set ylabel "operations per second, 64 B each"

ifaces = "ncr-batch ncr-uring ncr-once openssl"
colors = "#8c564b #e377c2 #d62728 #2ca02c"
points = "15 3 7 13"
algs = "aes-128-cbc sha256 hmac-sha256"

title_kernel = kernel eq "" ? "" : sprintf(" - kernel %s", kernel)
set multiplot layout 1,3 title sprintf("ncr-bench batch-size sweep at 64 B%s (QEMU TCG: compare lines within one panel)", title_kernel) font "sans,13"
do for [a = 1:words(algs)] {
	alg = word(algs, a)
	set title alg font "sans,12"
	# ncr-batch and ncr-uring solid, the two references dashed
	plot for [i = 1:2] csv \
		using 4:((strcol(1) eq word(ifaces, i) && strcol(2) eq alg) ? $5 : NaN) \
		with linespoints lw 2 pt (word(points, i) + 0) ps 1.1 \
		lc rgb word(colors, i) title word(ifaces, i) noenhanced, \
	     for [i = 3:4] csv \
		using 4:((strcol(1) eq word(ifaces, i) && strcol(2) eq alg) ? $5 : NaN) \
		with lines lw 2 dt 2 lc rgb word(colors, i) \
		title word(ifaces, i) noenhanced
}
unset multiplot
set output
