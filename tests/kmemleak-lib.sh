# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# tests/kmemleak-lib.sh - kmemleak around a debug-kernel run (sourced by
# tests/vm-debug.sh and tests/vm-kcov.sh, inside the VM).

KMEMLEAK=/sys/kernel/debug/kmemleak

# kmemleak_start: mounts debugfs and forgets what the boot left
# unreferenced (not ours).  Returns 1 if the kernel has no kmemleak.
kmemleak_start() {
	mountpoint -q /sys/kernel/debug ||
		mount -t debugfs debugfs /sys/kernel/debug
	[ -e "$KMEMLEAK" ] || return 1
	echo scan >"$KMEMLEAK"
	echo clear >"$KMEMLEAK"
}

# kmemleak_check WHAT: unloads ncr.ko (so that what it freed or leaked at
# exit is settled), scans twice (kmemleak reports an object only once it
# has stayed unreferenced over two scans), prints "ok - kmemleak: no
# suspected leak after WHAT" or "not ok" with the leaks; returns 1 then.
kmemleak_check() {
	local leaks

	rmmod ncr 2>/dev/null || echo "# rmmod ncr failed: scanning with it loaded"
	sleep 1
	echo scan >"$KMEMLEAK"; sleep 6; echo scan >"$KMEMLEAK"
	leaks=$(cat "$KMEMLEAK")
	if [ -z "$leaks" ]; then
		echo "ok - kmemleak: no suspected leak after $1"
		return 0
	fi
	echo "not ok - kmemleak: suspected leaks after $1"
	printf '%s\n' "$leaks" | head -200 | sed 's/^/# /'
	return 1
}
