#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# p11bench.sh - inside the VM (as root): build/bench/p11bench on three
# PKCS #11 configurations in one process, so that they take turns under the
# same conditions:
#   ncr             build/pkcs11/ncr-pkcs11.so (keys in the kernel), on a
#                   fresh token (tests/pkcs11/lib.sh)
#   softhsm         SoftHSM2 in the process (/usr/lib/softhsm/libsofthsm2.so)
#   p11kit-softhsm  SoftHSM2 in a `p11-kit server` daemon, reached through
#                   p11-kit-client.so (the RPC over a unix socket)
#
#   tools/ncr-vm --kernel 6.1 -- bench/p11bench.sh [--time SECS] [P11BENCH ARGS...]
#   NCR_P11BENCH_CPU=none tools/ncr-vm ...   (no pinning: see below)
#   tools/ncr-vm -- bench/p11bench.sh --syscalls   (strace -c: system calls
#                                       per operation, module by module)
#
# CSV on stdout (interface,algorithm,bytes,ops_per_s,mb_per_s), notes on
# stderr.  bench/run.sh makes the table.  --time (default
# $NCR_BENCH_SECONDS, else 1) and other arguments go to p11bench.  Exit
# status: p11bench's (0; 1 a check failed; 2 an error), 2 if setup failed.
set -uo pipefail

TOP=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)
cd "$TOP" || exit 2

BIN=build/bench/p11bench
NCR_MOD=build/pkcs11/ncr-pkcs11.so
SOFTHSM=${P11BENCH_SOFTHSM:-/usr/lib/softhsm/libsofthsm2.so}
CLIENT=${P11BENCH_CLIENT:-/usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-client.so}
PIN=1234

die() { echo "p11bench.sh: $*" >&2; exit 2; }
for f in "$BIN" "$NCR_MOD" "$SOFTHSM" "$CLIENT"; do
	[ -e "$f" ] || die "$f is missing (make; apt-get install softhsm2 p11-kit p11-kit-modules)"
done
command -v softhsm2-util >/dev/null || die "softhsm2-util is missing"
command -v p11-kit >/dev/null || die "p11-kit is missing"

work=$(mktemp -d "${TMPDIR:-/tmp}/p11bench.XXXXXX") || die "mktemp"
server_pid=
cleanup() {
	[ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

# (1) ncr: a fresh token "bench", user PIN 1234 (the master key set if none)
P11_PIN=$PIN
. tests/pkcs11/lib.sh
p11_master_key || die "no ncr master key"
p11_new_token "$work/ncr" bench || die "could not make the ncr token"

# (2) and (3): SoftHSM2 tokens "b", one store for the process and one for
# the server, so that neither sees the other's files.
softhsm_token() {
	mkdir -p "$work/$1/tokens"
	printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n' \
		"$work/$1/tokens" > "$work/$1/softhsm2.conf"
	SOFTHSM2_CONF=$work/$1/softhsm2.conf softhsm2-util --init-token --free \
		--label b --pin "$PIN" --so-pin "$PIN" >/dev/null
}
softhsm_token inproc || die "softhsm2-util --init-token failed"
softhsm_token server || die "softhsm2-util --init-token failed (server)"

# the daemon: it forks, prints P11_KIT_SERVER_ADDRESS and _PID (sh syntax)
mkdir -p "$work/run"
# The server and the benchmark on one vCPU (NCR_P11BENCH_CPU, default 0;
# "none": anywhere): under TCG a wake-up on another vCPU is an emulated IPI
# to a QEMU thread that the host may not be running, which costs
# milliseconds on a busy host; on one vCPU each RPC is two local context
# switches, the daemon's best case.  The in-process modules do not care.
PIN_CPU=()
cpu=${NCR_P11BENCH_CPU:-0}
[ "$cpu" = none ] || PIN_CPU=(taskset -c "$cpu")
env=$(XDG_RUNTIME_DIR=$work/run SOFTHSM2_CONF=$work/server/softhsm2.conf \
	"${PIN_CPU[@]}" p11-kit server --sh --provider "$SOFTHSM" "pkcs11:token=b") ||
	die "p11-kit server failed"
eval "$env"
server_pid=${P11_KIT_SERVER_PID:-}
[ -n "${P11_KIT_SERVER_ADDRESS:-}" ] || die "p11-kit server printed no address"
export P11_KIT_SERVER_ADDRESS

echo "# p11bench.sh: $(uname -r); pinned to CPU ${PIN_CPU[2]:-none}; softhsm2 $(dpkg-query -W -f '${Version}' softhsm2 2>/dev/null); p11-kit $(dpkg-query -W -f '${Version}' p11-kit 2>/dev/null) server $P11_KIT_SERVER_ADDRESS" >&2

if [ "${1:-}" = --syscalls ]; then
	# per operation: (calls in 150 ops - calls in 50 ops) / 100, so that
	# setup (login, key generation, checks) cancels out
	command -v strace >/dev/null || die "strace is missing"
	for m in "ncr $NCR_MOD bench" "softhsm $SOFTHSM b" "p11kit-softhsm $CLIENT b"; do
		set -- $m
		for c in aes-128-cbc-16 aes-128-cbc-16384 hmac-sha256 \
			rsa2048-pkcs1-sign ecdsa-p256-sign; do
			for n in 50 150; do
				SOFTHSM2_CONF=$work/inproc/softhsm2.conf "${PIN_CPU[@]}" \
					strace -f -c -o "$work/strace.$n" "$BIN" --ops $n \
					--cases $c --module "$2" --name "$1" --token "$3" \
					--pin "$PIN" >/dev/null 2>&1 || die "$1 $c failed"
			done
			printf '%-16s %-20s' "$1" "$c"
			awk 'FNR == NR { if ($NF != "total" && $4 ~ /^[0-9]+$/) a[$NF] = $4; next }
			     $NF != "total" && $4 ~ /^[0-9]+$/ { d = ($4 - a[$NF]) / 100
				if (d > 0.05) printf " %s %.2f", $NF, d }
			     END { print "" }' "$work/strace.50" "$work/strace.150"
		done
	done
	exit 0
fi

SOFTHSM2_CONF=$work/inproc/softhsm2.conf "${PIN_CPU[@]}" "$BIN" "$@" \
	--module "$NCR_MOD" --name ncr --token bench --pin "$PIN" \
	--module "$SOFTHSM" --name softhsm --token b --pin "$PIN" \
	--module "$CLIENT" --name p11kit-softhsm --token b --pin "$PIN"
