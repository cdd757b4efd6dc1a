# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# tests/module-lib.sh - unloading and reloading ncr.ko inside the VM, for
# the tests that need a fresh module (tests/vm-master.sh,
# tests/vm-master-key.sh).  Root only.
#
#   ncr_node_wait present|absent   waits up to 5 s for devtmpfs to make or
#                                  remove /dev/crypto
#   ncr_unload                     rmmod ncr if loaded, retried for up to
#                                  10 s: descriptors an earlier step's
#                                  processes or io_uring rings held are
#                                  released asynchronously
#   ncr_reload KO [PARAM=VALUE...] ncr_unload, then insmod KO with the
#                                  parameters; 0 once /dev/crypto exists

ncr_node_wait() {
	local i
	for ((i = 0; i < 100; i++)); do
		if [ "$1" = present ]; then
			[ -c /dev/crypto ] && return 0
		else
			[ -e /dev/crypto ] || return 0
		fi
		sleep 0.05
	done
	return 1
}

ncr_unload() {
	local i
	for ((i = 0; i < 20; i++)); do
		[ -d /sys/module/ncr ] || return 0
		rmmod ncr 2>/dev/null && return 0
		sleep 0.5
	done
	echo "# ncr refcount: $(cat /sys/module/ncr/refcnt 2>/dev/null)"
	rmmod ncr
}

ncr_reload() {
	local ko=$1
	shift
	ncr_unload || return 1
	ncr_node_wait absent || return 1
	insmod "$ko" "$@" || return 1
	ncr_node_wait present
}
