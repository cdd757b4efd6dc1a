# SPDX-License-Identifier: GPL-2.0-or-later
# plot.gp - ncr-bench CSV -> PNG: one panel per algorithm, MB/s against
# bytes per operation (log-log), one line per interface.
#
#   gnuplot -e "csv='build/bench/bench-6.1.csv'; out='build/bench/bench-6.1.png'; \
#               kernel='6.1'" bench/plot.gp
#
# csv is required; out defaults to csv with .png for .csv, kernel to "".

if (!exists("csv")) { print "plot.gp: set csv='FILE.csv' with -e"; exit status 1 }
if (!exists("out")) { out = csv[1:strlen(csv) - 4] . ".png" }
if (!exists("kernel")) { kernel = "" }

if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
	set terminal pngcairo size 1400,1000 enhanced font "sans,11" linewidth 1.5
} else {
	set terminal png size 1400,1000 enhanced font "sans,11"
}
set output out

set datafile separator ","
set datafile commentschars "#"
set logscale x 2
set logscale y 10
set format y "%g"
set xrange [12:90000]
set xtics ("16" 16, "64" 64, "256" 256, "1K" 1024, "4K" 4096, "16K" 16384, "64K" 65536)
set grid xtics ytics mytics lc rgb "#dddddd"
set key top left box opaque samplen 3
set xlabel "bytes per operation"
set ylabel "MB/s (10^6 B/s)"

ifaces = "ncr-once ncr-session af_alg openssl cioccrypt ncr-batch ncr-uring"
colors = "#d62728 #ff7f0e #1f77b4 #2ca02c #9467bd #8c564b #e377c2"
points = "7 5 9 13 11 15 3"
algs = "aes-128-cbc aes-256-gcm sha256 hmac-sha256"

title_kernel = kernel eq "" ? "" : sprintf(" - kernel %s", kernel)
set multiplot layout 2,2 title sprintf("ncr-bench%s (QEMU TCG: compare lines within one panel, not absolute values)", title_kernel) font "sans,13"
do for [a = 1:words(algs)] {
	alg = word(algs, a)
	set title alg font "sans,12"
	plot for [i = 1:words(ifaces)] csv \
		using 3:((strcol(1) eq word(ifaces, i) && strcol(2) eq alg) ? $5 : NaN) \
		with linespoints lw 2 pt (word(points, i) + 0) ps 1.2 \
		lc rgb word(colors, i) title word(ifaces, i) noenhanced
}
unset multiplot
set output
