#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# demo/demo.sh - the main job of ncr, told in plain words, across two boots.
#
#   make demo                 (builds everything first)
#   demo/demo.sh [--kernel 6.1|6.12]
#
# Boot 1 sets a master key, generates an AES-256 key inside the kernel (not
# exportable, usable with AES-GCM only), encrypts a file with AES-256-GCM,
# shows that another mode and exporting the key are refused, and saves the
# key as a storage blob.  Boot 2 is a fresh kernel:
# it sets the same master key, loads the blob, decrypts, and compares.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

kernel=6.12
phase=host
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift 2 ;;
	--phase) phase=$2; shift 2 ;;
	*) echo "usage: demo/demo.sh [--kernel 6.1|6.12]" >&2; exit 2 ;;
	esac
done

d=build/demo
tool=$top/build/bin/ncrtool
say() { printf '\n\033[1m%s\033[0m\n' "$*"; }
run() { printf '  $ %s\n' "$*"; "$@" 2>&1 | sed 's/^/    /'; return "${PIPESTATUS[0]}"; }

case "$phase" in
host)
	[ -x "$tool" ] || { echo "demo: build first (make demo builds everything)" >&2; exit 1; }
	rm -rf "$d"; mkdir -p "$d"
	say "ncr demo: keys that stay in the kernel, and survive a reboot as blobs"
	echo "  Host: making a 32-byte master key file and a document to protect."
	head -c 32 /dev/urandom > "$d/master.key"
	{ echo "Quarterly numbers - do not distribute."; seq 1 2000; } > "$d/secret.txt"
	echo "  $d/secret.txt: $(wc -c < "$d/secret.txt") bytes, sha256 $(sha256sum < "$d/secret.txt" | cut -c1-16)..."
	say "Boot 1 (kernel $kernel): a fresh VM with ncr.ko loaded"
	tools/ncr-vm --kernel "$kernel" -- demo/demo.sh --phase boot1
	say "Boot 2 (kernel $kernel): another fresh VM - the first one's kernel and keys are gone"
	tools/ncr-vm --kernel "$kernel" -- demo/demo.sh --phase boot2
	say "Back on the host"
	if cmp -s "$d/secret.txt" "$d/secret.dec"; then
		echo "  The file decrypted in boot 2 is identical to the original. Demo complete."
	else
		echo "  MISMATCH: the decrypted file differs from the original" >&2
		exit 1
	fi
	;;
boot1)
	cd "$d"
	echo "  Running in the guest: $(uname -r)"
	say "1. Set the storage master key (needs CAP_SYS_ADMIN, once per boot)"
	run "$tool" master-key set --file master.key
	say "2. Generate an AES-256 key inside the kernel; it is NOT exportable"
	run "$tool" key generate --type aes --bits 256 --usage encrypt,decrypt --label "demo key" --out demo.key
	echo "  The key file holds a storage blob: the key sealed under the master key,"
	echo "  with its policy: flags, usage, and the algorithms it may be used with."
	run "$tool" key info --key demo.key
	say "3. Encrypt the document with AES-256-GCM; the key never enters this process"
	run "$tool" encrypt --key demo.key --alg aes-256-gcm --in secret.txt --out secret.enc
	echo "  secret.enc: $(wc -c < secret.enc) bytes (header + IV + ciphertext + tag)"
	say "3b. The key is bound to AES-GCM: AES-CTR, GCM's keystream, is refused"
	if run "$tool" encrypt --key demo.key --alg aes-ctr --in secret.txt --out secret.ctr; then
		echo "  UNEXPECTED: the key was used with AES-CTR" >&2; exit 1
	fi
	say "4. Try to export the raw key: the kernel refuses"
	if run "$tool" key export --key demo.key --out stolen.key; then
		echo "  UNEXPECTED: export succeeded" >&2; exit 1
	fi
	echo "  Refused, as it must be. Nothing was written:"
	[ ! -e stolen.key ] && echo "    (no stolen.key)"
	;;
boot2)
	cd "$d"
	echo "  Running in the guest: $(uname -r)"
	say "1. Without a master key the blob cannot be loaded"
	if run "$tool" decrypt --key demo.key --alg aes-256-gcm --in secret.enc --out secret.dec; then
		echo "  UNEXPECTED: decrypt worked without a master key" >&2; exit 1
	fi
	say "2. Set the same master key as in boot 1"
	run "$tool" master-key set --file master.key
	say "3. Load the blob and decrypt"
	run "$tool" decrypt --key demo.key --alg aes-256-gcm --in secret.enc --out secret.dec
	echo "  secret.dec: $(wc -c < secret.dec) bytes"
	say "4. A tampered ciphertext is rejected, and nothing is written"
	cp secret.enc tampered.enc
	printf '\xff' | dd of=tampered.enc bs=1 seek=100 conv=notrunc status=none
	if run "$tool" decrypt --key demo.key --alg aes-256-gcm --in tampered.enc --out tampered.dec; then
		echo "  UNEXPECTED: tampered file decrypted" >&2; exit 1
	fi
	[ ! -e tampered.dec ] && echo "    (no tampered.dec)"
	;;
esac
