#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/vm-master-key.sh - the boot-time master key service and key
# rotation; runs INSIDE the VM as root (tests/vm-suite.sh, after
# vm-master.sh: it reloads ncr.ko for a fresh master key, so it comes last):
#
#   tools/ncr-vm --kernel K -- tests/vm-master-key.sh
#
#   1. the unit passes systemd-analyze verify;
#   2. no configuration: exit 0 "not configured", nothing set;
#   3. (c) key file: seal --file, refused when group/other may read it or
#      it is not root's, then set (source bytes), a second start is a no-op;
#      a bad configuration (unknown setting, world-writable) is exit 2;
#   4. (b) encrypted key under a user key: seal --encrypted, refused with a
#      readable kek, then set (source encrypted); after a reload the same
#      key (ID) again; the kernel keys are gone from the keyrings after;
#   5. the fallback of the stock Debian kernels: a trusted blob but no
#      trusted key type (this kernel lacks CONFIG_TRUSTED_KEYS) -> the
#      encrypted source sets it;
#   6. rotation: A, key files, --rotate to B, key rewrap (in place and to
#      a new file: mode and owner kept), forget-previous; the rewrapped
#      files work, a file not rewrapped fails (rewrap exit 1); uid 65534
#      may not rotate or forget; master-key set from a user key by
#      --keyring and --serial, and the errors naming the key.
set -u

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top" || exit 1

NCRTOOL=$top/build/bin/ncrtool
export NCRTOOL
SVC=$top/packaging/systemd/ncr-master-key
ko=$top/build/$(uname -r)/ncr.ko
w=$(mktemp -d "${TMPDIR:-/tmp}/vm-master-key.XXXXXX") || exit 1
trap 'rm -rf "$w"' EXIT
chmod 0700 "$w"

# shellcheck source=tests/check-lib.sh
. tests/check-lib.sh
# shellcheck source=tests/module-lib.sh
. tests/module-lib.sh
status_field() { # FIELD: from ncrtool master-key status --json
	"$NCRTOOL" master-key status --json | sed -n "s/.*\"$1\": \"\{0,1\}\([^\",}]*\).*/\1/p"
}

reload() { ncr_reload "$ko"; } # a fresh ncr.ko: no master key
# live (not revoked) kernel keys whose description starts with ncr:
live_ncr_keys() {
	# serial flags usage expiry perm uid gid type description
	awk '$9 ~ /^ncr:/ && $2 !~ /R/' /proc/keys | wc -l
}

# 1. the unit
unit=$w/ncr-master-key.service
sed "s#@SBINDIR@#$top/packaging/systemd#" packaging/systemd/ncr-master-key.service > "$unit"
if command -v systemd-analyze >/dev/null; then
	run systemd-analyze verify --man=no "$unit"
	check "systemd-analyze verify ncr-master-key.service" [ "$rc" = 0 ]
else
	ok "systemd-analyze verify # SKIP no systemd-analyze"
fi

# 2. not configured
reload || { nok "reload ncr.ko"; exit 1; }
mkdir -m 0700 "$w/none"
run "$SVC" --config-dir "$w/none" start
check "no master-key.conf: exit 0, 'not configured'" eval '[ "$rc" = 0 ] && has "not configured"'
check "no master-key.conf: no master key set" [ "$(status_field set)" = false ]

# 3. (c) a root-only key file
c=$w/c
mkdir -m 0700 "$c"
run "$SVC" --config-dir "$c" seal --file
check "seal --file: master.key, 32 bytes, 0600; master-key.conf written" eval \
	'[ "$rc" = 0 ] && [ "$(stat -c "%s %a %u" "$c/master.key")" = "32 600 0" ] && grep -q "^SOURCES=\"file\"" "$c/master-key.conf"'
run "$SVC" --config-dir "$c" seal --file
check "seal --file again without --force: refused (exit 2)" eval '[ "$rc" = 2 ] && has "--force"'
chmod 0640 "$c/master.key"
run "$SVC" --config-dir "$c" start
check "key file mode 0640: refused, exit 1" eval '[ "$rc" = 1 ] && has "refused: mode 0640"'
check "key file mode 0640: no master key set" [ "$(status_field set)" = false ]
chmod 0600 "$c/master.key"
chown 65534 "$c/master.key"
run "$SVC" --config-dir "$c" start
check "key file not root's: refused, exit 1" eval '[ "$rc" = 1 ] && has "not root"'
chown 0 "$c/master.key"
cp -p "$c/master-key.conf" "$w/conf.good"
echo "FROBNICATE=1" >> "$c/master-key.conf"
run "$SVC" --config-dir "$c" start
check "unknown setting in master-key.conf: exit 2" eval '[ "$rc" = 2 ] && has "unknown setting FROBNICATE"'
cp -p "$w/conf.good" "$c/master-key.conf"
chmod 0666 "$c/master-key.conf"
run "$SVC" --config-dir "$c" start
check "world-writable master-key.conf: exit 2" [ "$rc" = 2 ]
chmod 0644 "$c/master-key.conf"
run "$SVC" --config-dir "$c" start
check "key file 0600 root's: set, exit 0" [ "$rc" = 0 ]
check "status: source bytes" [ "$(status_field source)" = bytes ]
run "$SVC" --config-dir "$c" start
check "second start: exit 0, already set" eval '[ "$rc" = 0 ] && has "already set"'

# 4. (b) an encrypted key under a user key
reload || { nok "reload ncr.ko"; exit 1; }
b=$w/b
mkdir -m 0700 "$b"
run "$SVC" --config-dir "$b" seal --encrypted
check "seal --encrypted: kek 0600 (32 bytes), master.encrypted" eval \
	'[ "$rc" = 0 ] && [ "$(stat -c "%s %a" "$b/kek")" = "32 600" ] && [ -s "$b/master.encrypted" ]'
check "the encrypted blob is the kernel's encrypted form, not 32 key bytes" \
	grep -q "^default user:ncr:master:kek 32 " "$b/master.encrypted"
check "seal --encrypted left no live ncr: kernel key" [ "$(live_ncr_keys)" = 0 ]
chmod 0644 "$b/kek"
run "$SVC" --config-dir "$b" start
check "kek mode 0644: refused, exit 1" eval '[ "$rc" = 1 ] && has "refused: mode 0644"'
chmod 0600 "$b/kek"
run "$SVC" --config-dir "$b" start
check "encrypted key: set, exit 0" [ "$rc" = 0 ]
check "status: source encrypted" [ "$(status_field source)" = encrypted ]
id_b=$(status_field id)
check "the service's kernel keys are revoked/unlinked after" [ "$(live_ncr_keys)" = 0 ]
reload || { nok "reload ncr.ko"; exit 1; }
run "$SVC" --config-dir "$b" start
check "after a reload the encrypted blob gives the same master key (ID)" \
	eval '[ "$rc" = 0 ] && [ "$(status_field id)" = "$id_b" ]'
# another kek: the blob does not load
reload || { nok "reload ncr.ko"; exit 1; }
cp -p "$b/kek" "$w/kek.good"
head -c 32 /dev/urandom > "$b/kek"
run "$SVC" --config-dir "$b" start
check "another kek: the encrypted blob does not load, exit 1" \
	eval '[ "$rc" = 1 ] && [ "$(status_field set)" = false ]'
cp -p "$w/kek.good" "$b/kek"

# 5. the stock kernel fallback: a trusted blob, no trusted key type
if [ -d /sys/module/trusted ]; then
	ok "fallback from trusted to encrypted # SKIP this kernel has trusted keys"
else
	echo "not a sealed key" > "$b/master.trusted"
	printf 'SOURCES="trusted encrypted file"\n' > "$b/master-key.conf"
	run "$SVC" --config-dir "$b" start
	check "no CONFIG_TRUSTED_KEYS: says so and the encrypted source sets it" \
		eval '[ "$rc" = 0 ] && has "no trusted keys (CONFIG_TRUSTED_KEYS)" && [ "$(status_field source)" = encrypted ]'
	rm -f "$b/master.trusted"
fi

# 6. rotation
reload || { nok "reload ncr.ko"; exit 1; }
r=$w/r
mkdir -m 0755 "$r"
A=$(openssl rand -hex 32)
B=$(openssl rand -hex 32)
"$NCRTOOL" master-key set --hex "$A"
id_a=$(status_field id)
"$NCRTOOL" key generate --type aes --bits 256 --out "$r/k1"
"$NCRTOOL" key generate --type aes --bits 256 --out "$r/k2"
echo "the data" > "$r/plain"
"$NCRTOOL" encrypt --key "$r/k1" --alg aes-256-gcm --in "$r/plain" --out "$r/ct"
cp -p "$r/k1" "$r/k1.old"
chown 65534:65534 "$r/k2"
chmod 0640 "$r/k2"
run "$NCRTOOL" master-key set --hex "$B"
check "a second set without --rotate: exit 3, says --rotate" eval '[ "$rc" = 3 ] && has "--rotate"'
run setpriv --reuid=65534 --regid=65534 --clear-groups "$NCRTOOL" master-key set --hex "$B" --rotate
check "uid 65534: --rotate refused (CAP_SYS_ADMIN)" eval '[ "$rc" = 3 ] && has "CAP_SYS_ADMIN"'
run "$NCRTOOL" master-key set --hex "$B" --rotate
check "--rotate to B" [ "$rc" = 0 ]
run "$NCRTOOL" master-key set --hex "$B" --rotate
check "--rotate to B again: exit 3, already the current key" eval '[ "$rc" = 3 ] && has "already the current"'
id_b=$(status_field id)
check "status: A is the previous key, B current" eval \
	'[ "$(status_field previous)" = true ] && [ "$(status_field previous_id)" = "$id_a" ] && [ "$id_b" != "$id_a" ]'
run "$NCRTOOL" master-key status
check "status text names the previous key" has "previous key: held, id $id_a"
run "$NCRTOOL" key rewrap "$r/k1"
check "key rewrap k1 (in place)" [ "$rc" = 0 ]
check "k1 changed (sealed under B)" eval '! cmp -s "$r/k1" "$r/k1.old"'
run "$NCRTOOL" key rewrap "$r/k2"
check "key rewrap k2 (in place)" [ "$rc" = 0 ]
check "k2 keeps its owner and mode (65534:65534 0640)" \
	[ "$(stat -c '%u:%g %a' "$r/k2")" = "65534:65534 640" ]
cp -p "$r/k1.old" "$r/k1.copy"
run "$NCRTOOL" key rewrap "$r/k1.copy" "$r/k1.new"
check "key rewrap IN OUT: OUT 0600" eval '[ "$rc" = 0 ] && [ "$(stat -c %a "$r/k1.new")" = 600 ]'
check "no temporary files left" eval '! compgen -G "$r/*.ncrtool-*" >/dev/null'
run setpriv --reuid=65534 --regid=65534 --clear-groups "$NCRTOOL" master-key forget-previous
check "uid 65534: forget-previous refused" [ "$rc" = 3 ]
run "$NCRTOOL" master-key forget-previous
check "forget-previous" [ "$rc" = 0 ]
check "status: no previous key" [ "$(status_field previous)" = false ]
run "$NCRTOOL" master-key forget-previous
check "forget-previous again: exit 3, none held" eval '[ "$rc" = 3 ] && has "no previous master key"'
run "$NCRTOOL" decrypt --key "$r/k1" --alg aes-256-gcm --in "$r/ct" --out "$r/back"
check "the rewrapped k1 decrypts what it encrypted under A" eval '[ "$rc" = 0 ] && cmp -s "$r/back" "$r/plain"'
run "$NCRTOOL" key info --key "$r/k2"
check "the rewrapped k2 loads" [ "$rc" = 0 ]
run "$NCRTOOL" key info --key "$r/k1.new"
check "k1.new (rewrapped to OUT) loads" [ "$rc" = 0 ]
run "$NCRTOOL" key rewrap "$r/k1.old"
check "a file not rewrapped (under A, forgotten): rewrap exit 1, says so" \
	eval '[ "$rc" = 1 ] && has "does not open under the current master key"'
check "... and the file is untouched" cmp -s "$r/k1.old" "$r/k1.copy"
run "$NCRTOOL" decrypt --key "$r/k1.old" --alg aes-256-gcm --in "$r/ct" --out "$r/back2"
check "a file not rewrapped no longer decrypts" eval '[ "$rc" != 0 ] && [ ! -e "$r/back2" ]'

# the keyring forms: a user key (keyctl), by description and by serial
keyctl new_session >/dev/null
kid=$(head -c 32 /dev/urandom | keyctl padd user ncr:rot @s)
run "$NCRTOOL" master-key set --keyring user:ncr:rot --rotate
check "--rotate --keyring user:ncr:rot" eval '[ "$rc" = 0 ] && [ "$(status_field source)" = user ]'
run "$NCRTOOL" master-key set --keyring user:ncr:nope --rotate
check "ENOKEY names the key: 'no user key 'ncr:nope''" eval "[ \"\$rc\" = 3 ] && has \"no user key 'ncr:nope'\""
kid2=$(head -c 32 /dev/urandom | keyctl padd user ncr:rot2 @s)
run "$NCRTOOL" master-key set --serial "$kid2" --rotate
check "--serial N (type and description from KEYCTL_DESCRIBE)" eval \
	'[ "$rc" = 0 ] && [ "$(status_field source)" = user ] && [ "$(status_field previous)" = true ]'
kid3=$(head -c 16 /dev/urandom | keyctl padd user ncr:short @s)
run "$NCRTOOL" master-key set --serial "$kid3" --rotate
check "a 16-byte key: refused, says 32 bytes" eval '[ "$rc" = 3 ] && has "exactly 32 bytes"'
kr=$(keyctl newring ncr:ring @s)
run "$NCRTOOL" master-key set --serial "$kr" --rotate
check "--serial of a keyring: usage error naming the type" eval '[ "$rc" = 2 ] && has "keyring"'
run "$NCRTOOL" master-key set --keyring bogus:x
check "--keyring bogus:x: usage error" [ "$rc" = 2 ]
run "$NCRTOOL" master-key set --keyring trusted:ncr:x --rotate
if [ -d /sys/module/trusted ]; then
	check "trusted:ncr:x absent: ENOKEY names it" eval "[ \"\$rc\" = 3 ] && has \"no trusted key 'ncr:x'\""
else
	check "no trusted key type: 'this kernel has no trusted keys (CONFIG_TRUSTED_KEYS'" \
		eval '[ "$rc" = 3 ] && has "this kernel has no trusted keys (CONFIG_TRUSTED_KEYS"'
fi
keyctl unlink "$kid" @s >/dev/null
keyctl unlink "$kid2" @s >/dev/null
keyctl unlink "$kid3" @s >/dev/null
keyctl unlink "$kr" @s >/dev/null

echo "1..$n"
