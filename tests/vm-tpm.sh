#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/vm-tpm.sh - the master key sealed to a TPM 2.0 (swtpm), across a
# reboot; runs on the HOST (make check, tests/run-all.sh) and boots the
# guest three times:
#
#   tests/vm-tpm.sh [--kernel 6.12]
#
#   boot 1 (a new TPM): load the test trusted.ko (scripts/build-trusted-ko.sh:
#     Debian's kernels lack CONFIG_TRUSTED_KEYS), seal a new trusted key in
#     the kernel (keyctl add trusted ... "new 32"), save only its sealed
#     blob, set ncr's master key from it (master-key set --keyring
#     trusted:ncr:master; status: source trusted), make a key file, encrypt
#     with it, record the master key ID;
#   boot 2 (the same TPM state = the same machine rebooted): the
#     ncr-master-key service script unseals the blob and sets the master
#     key: the same ID; boot 1's key file opens and decrypts boot 1's data;
#   boot 3 (another TPM): the sealed blob does not load, the service sets
#     nothing (exit 1).
# And, without a VM: the master-key scripts never read a key's payload
# back (no keyctl read/print; keyctl pipe only of trusted and encrypted
# keys, which give their sealed/encrypted form).
#
# Inside the guest the same file runs with --guest PHASE DIR.
set -u

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top" || exit 1

# shellcheck source=tests/check-lib.sh
. tests/check-lib.sh

# ------------------------------------------------------------------ guest
if [ "${1:-}" = --guest ]; then
	phase=$2 d=$3
	NCRTOOL=$top/build/bin/ncrtool
	export NCRTOOL
	SVC=$top/packaging/systemd/ncr-master-key
	status_field() {
		"$NCRTOOL" master-key status --json |
			sed -n "s/.*\"$1\": \"\{0,1\}\([^\",}]*\).*/\1/p"
	}
	n=$4
	check "$phase: /dev/tpm0 and /dev/tpmrm0" eval '[ -c /dev/tpm0 ] && [ -c /dev/tpmrm0 ]'
	check "$phase: insmod trusted.ko" insmod "$d/trusted.ko"
	keyctl new_session >/dev/null
	case $phase in
	boot1)
		id=$(keyctl add trusted ncr:master "new 32 keyhandle=0x81000001" @s)
		check "boot1: the TPM seals a new trusted key" [ -n "$id" ]
		# the sealed blob is all that reaches user space
		keyctl pipe "$id" > "$d/master.trusted"
		check "boot1: its sealed blob saved (TPM2 key ASN.1, hex)" \
			grep -Eq '^[0-9a-f]{200,}$' "$d/master.trusted"
		out=$("$NCRTOOL" master-key set --keyring trusted:ncr:master 2>&1)
		check "boot1: master-key set --keyring trusted:ncr:master" [ -z "$out" ]
		check "boot1: status: source trusted" [ "$(status_field source)" = trusted ]
		status_field id > "$d/id1"
		keyctl revoke "$id"
		keyctl unlink "$id" @s >/dev/null
		check "boot1: the key revoked, the module keeps its copy" \
			[ "$(status_field set)" = true ]
		"$NCRTOOL" key generate --type aes --bits 256 --out "$d/k1"
		echo "sealed by the TPM in boot 1" > "$d/plain"
		"$NCRTOOL" encrypt --key "$d/k1" --alg aes-256-gcm --in "$d/plain" --out "$d/ct"
		check "boot1: a key file and data encrypted with it" eval '[ -s "$d/k1" ] && [ -s "$d/ct" ]'
		out=$("$NCRTOOL" master-key set --keyring trusted:ncr:gone --rotate 2>&1)
		check "boot1: an absent trusted key: ENOKEY names it" \
			eval "[[ \$out == *\"no trusted key 'ncr:gone'\"* ]]"
		;;
	boot2 | boot3)
		cfg=$(mktemp -d /run/ncr-tpm.XXXXXX)
		cp "$d/master.trusted" "$cfg/"
		printf 'SOURCES="trusted"\n' > "$cfg/master-key.conf"
		out=$("$SVC" --config-dir "$cfg" start 2>&1)
		rc=$?
		if [ "$phase" = boot2 ]; then
			check "boot2: ncr-master-key start unseals (same TPM)" [ "$rc" = 0 ]
			check "boot2: status: source trusted" [ "$(status_field source)" = trusted ]
			check "boot2: the same master key ID as boot 1" \
				[ "$(status_field id)" = "$(cat "$d/id1")" ]
			"$NCRTOOL" decrypt --key "$d/k1" --alg aes-256-gcm --in "$d/ct" --out "$d/back"
			check "boot2: boot 1's key file decrypts boot 1's data" cmp -s "$d/back" "$d/plain"
			check "boot2: no live ncr: kernel key left after the service" \
				[ "$(awk '$9 ~ /^ncr:/ && $2 !~ /R/' /proc/keys | wc -l)" = 0 ]
			# docs/master-key.md's rotation procedure, with the TPM
			out=$("$SVC" --config-dir "$cfg" seal --tpm --out "$cfg/master.trusted.new" 2>&1)
			check "boot2: ncr-master-key seal --tpm --out master.trusted.new" \
				eval '[ -s "$cfg/master.trusted.new" ] && [ "$(stat -c %a "$cfg/master.trusted.new")" = 600 ]'
			out=$("$SVC" --config-dir "$cfg" start --rotate --source trusted --blob "$cfg/master.trusted.new" 2>&1)
			check "boot2: start --rotate --source trusted --blob master.trusted.new" \
				eval '[ "$(status_field previous_id)" = "$(cat "$d/id1")" ] && [ "$(status_field source)" = trusted ]'
			out=$("$NCRTOOL" key rewrap "$d/k1" 2>&1)
			check "boot2: key rewrap k1 under the new key" [ -z "$out" ]
			out=$("$NCRTOOL" master-key forget-previous 2>&1)
			"$NCRTOOL" decrypt --key "$d/k1" --alg aes-256-gcm --in "$d/ct" --out "$d/back2"
			check "boot2: after forget-previous the rewrapped k1 still decrypts" cmp -s "$d/back2" "$d/plain"
		else
			check "boot3: another TPM: the service cannot unseal, exit 1" \
				eval '[ "$rc" = 1 ] && [[ $out == *"did not unseal"* ]]'
			check "boot3: no master key set" [ "$(status_field set)" = false ]
			keyctl add trusted ncr:master "load $(cat "$d/master.trusted")" @s >/dev/null 2>&1
			check "boot3: keyctl add trusted ... load fails on another TPM" [ $? != 0 ]
		fi
		;;
	esac
	echo "$n" > "$d/n"
	exit 0
fi

# ------------------------------------------------------------------ host
kernel=6.12
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2; shift 2 ;;
	*) echo "usage: tests/vm-tpm.sh [--kernel 6.12|6.1]" >&2; exit 2 ;;
	esac
done

# the key's payload is never read back: built from pieces so that this
# line does not match itself
pat='keyctl +(re''ad|pr''int) +["$@0-9]'
hits=$(grep -nE "$pat" packaging/systemd/ncr-master-key tests/vm-tpm.sh)
check "no keyctl read or print in ncr-master-key and vm-tpm.sh${hits:+: $hits}" [ -z "$hits" ]
pipes=$(grep -nE 'keyctl +pipe +"\$id"' packaging/systemd/ncr-master-key tests/vm-tpm.sh | wc -l)
check "keyctl pipe only of the trusted/encrypted keys just added (3 uses)" [ "$pipes" = 3 ]

ko=$(scripts/build-trusted-ko.sh "$kernel" 2>/dev/null)
case $? in
0) ;;
3)
	echo "ok $((n + 1)) - TPM tests # SKIP no kernel source for the test trusted.ko (apt-get install linux-source-$kernel)"
	echo "1..$((n + 1))"
	exit 0
	;;
*) nok "scripts/build-trusted-ko.sh $kernel"; echo "1..$n"; exit 1 ;;
esac
command -v swtpm >/dev/null || {
	echo "ok $((n + 1)) - TPM tests # SKIP swtpm not installed"
	echo "1..$((n + 1))"
	exit 0
}

# The shared folder is in the checkout (the guest sees it read-write).
d=$(mktemp -d "$top/build/vm-tpm.XXXXXX") || exit 1
trap 'rm -rf "$d"' EXIT
cp "$ko" "$d/trusted.ko"
mkdir "$d/tpm" "$d/tpm-other"

boot() { # PHASE STATEDIR
	local rc
	echo "$n" > "$d/n"
	tools/ncr-vm --kernel "$kernel" --tpm "$2" --timeout 600 -- \
		tests/vm-tpm.sh --guest "$1" "$d" "$n"
	rc=$?
	n=$(cat "$d/n")
	[ "$rc" = 0 ] || nok "$1: the VM run (exit $rc)"
}
boot boot1 "$d/tpm"
check "boot1: only the sealed blob was saved, not 32 key bytes" \
	eval '[ "$(stat -c %s "$d/master.trusted")" -gt 64 ]'
boot boot2 "$d/tpm"
boot boot3 "$d/tpm-other"
echo "1..$n"
