#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/vm-audit.sh - audit records, in a guest booted with audit=1 (no
# auditd: kauditd prints the records to the kernel log).  Run by
# tests/run-all.sh as
#   NCR_VM_APPEND=audit=1 tools/ncr-vm --kernel K -- tests/vm-audit.sh
# TAP output.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
tool=$top/build/bin/ncrtool
d=$(mktemp -d)
n=0 failed=0

ok() { # ok COND-STATUS NAME
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else failed=$((failed + 1)); echo "not ok $n - $2"; fi
}
# records since the mark, the "ncr op=..." part only
records() { dmesg | awk -v m="$1" 'f && /type=1316/ { sub(/.*ncr op=/, "op="); print } index($0, m) { f = 1 }'; }
mark() { local m="ncr-audit-test-mark-$RANDOM$RANDOM"; echo "$m" > /dev/kmsg; echo "$m"; }
has() { grep -Eq "$1" <<<"$2"; }

case " $(cat /proc/cmdline) " in
*" audit=1 "*) ;;
*) echo "1..0 # SKIP the guest was not booted with audit=1"; exit 0 ;;
esac

# without auditd, kauditd prints records through printk's rate limit
echo 0 > /proc/sys/kernel/printk_ratelimit
echo 100000 > /proc/sys/kernel/printk_ratelimit_burst

head -c 32 /dev/urandom > "$d/master"
m=$(mark)
"$tool" master-key set --file "$d/master" >/dev/null 2>&1
"$tool" master-key set --file "$d/master" >/dev/null 2>&1
r=$(records "$m")
# the key ID (ncr.h): HMAC-SHA256(master, "ncr master key id v1"), 16 bytes
mid() { printf 'ncr master key id v1' | openssl mac -digest SHA256 -macopt "hexkey:$(od -An -tx1 -v "$1" | tr -d ' \n')" HMAC | tr 'A-F' 'a-f' | cut -c1-32; }
id=$(mid "$d/master")
has "^op=master_key_set alg=- source=bytes id=$id pid=[0-9]+ uid=0 .* res=0\$" "$r"; ok $? "master key set is recorded with its source, key ID ($id), pid, uid and res=0"
has '^op=master_key_set alg=- pid=[0-9]+ .* res=-17$' "$r"; ok $? "the refused second set is recorded with res=-EEXIST (no key ID)"
# rotation and forget (ncrtool master-key set --rotate, forget-previous)
if "$tool" master-key --help 2>&1 | grep -q -- --rotate; then
	head -c 32 /dev/urandom > "$d/master2"
	m=$(mark)
	"$tool" master-key set --rotate --file "$d/master2" >/dev/null 2>&1
	"$tool" master-key forget-previous >/dev/null 2>&1
	"$tool" master-key forget-previous >/dev/null 2>&1
	r=$(records "$m")
	id2=$(mid "$d/master2")
	has "^op=master_key_rotate alg=- source=bytes id=$id2 pid=[0-9]+ .* res=0\$" "$r"; ok $? "a rotation is recorded with the new key's ID"
	has '^op=master_key_forget_previous alg=- pid=[0-9]+ .* res=0$' "$r"; ok $? "forget-previous is recorded"
	has '^op=master_key_forget_previous .* res=-2$' "$r"; ok $? "a second forget-previous is recorded with res=-ENOENT"
else
	n=$((n + 1)); echo "ok $n - master key rotation records # SKIP ncrtool has no master-key set --rotate"
fi

m=$(mark)
"$tool" key generate --type hmac --bits 256 --out "$d/k" >/dev/null 2>&1
id=$("$tool" key info --key "$d/k" | awk '/key id/ { print $3 }')
r=$(records "$m")
has "^op=key_generate alg=- key=[0-9]+ key_type=4 key_bits=256 key_id=$id .* res=0\$" "$r"
ok $? "key generation names the key (handle, type, bits, persistent ID)"
has "^op=storage_wrap alg=- key=[0-9]+ .*key_id=$id .* res=0\$" "$r"; ok $? "storage wrap is recorded"

m=$(mark)
"$tool" key export --key "$d/k" >/dev/null 2>&1
r=$(records "$m")
has "^op=storage_unwrap .*key_id=$id .* res=0\$" "$r"; ok $? "storage unwrap is recorded"
has "^op=key_export .*key_id=$id .* res=-1\$" "$r"; ok $? "a refused export is recorded with res=-EPERM"

echo hello > "$d/msg"
mac=$("$tool" mac --alg hmac-sha256 --key "$d/k" --in "$d/msg")
m=$(mark)
"$tool" verify-mac --alg hmac-sha256 --key "$d/k" --mac "$mac" --in "$d/msg" >/dev/null 2>&1
# a wrong MAC: the first byte changed (00 -> ff, anything else -> 00)
case $mac in 00*) bad=ff${mac#00} ;; *) bad=00${mac#??} ;; esac
"$tool" verify-mac --alg hmac-sha256 --key "$d/k" --mac "$bad" --in "$d/msg" >/dev/null 2>&1
r=$(records "$m")
has "alg=hmac\\(sha256\\) key=[0-9]+ .*key_id=$id .* verify=ok res=0\$" "$r"; ok $? "a good MAC check is recorded as verify=ok"
has "alg=hmac\\(sha256\\) key=[0-9]+ .*key_id=$id .* verify=failed res=0\$" "$r"; ok $? "a bad MAC is recorded as verify=failed"

printf 'a password\n' > "$d/pw"
m=$(mark)
"$tool" derive --kdf pbkdf2-sha256 --iterations 10 --salt-hex 0011223344556677 \
	--password-file "$d/pw" --out-type aes --out "$d/pk" >/dev/null 2>&1
r=$(records "$m")
has '^op=key_kdf alg=pbkdf2-sha256 pid=[0-9]+ uid=0 .* res=0$' "$r"; ok $? "a key derivation is recorded with its algorithm"

chmod 755 "$d"; chmod 644 "$d/msg"
m=$(mark)
setpriv --reuid=65534 --regid=65534 --clear-groups "$tool" digest --alg sha256 --in "$d/msg" >/dev/null 2>&1
r=$(records "$m")
has '^op=session_(once|final) alg=sha256 pid=[0-9]+ uid=65534 .* res=0$' "$r"; ok $? "an unprivileged digest is recorded with the caller's uid"

rm -rf "$d"
echo "1..$n"
echo "# vm-audit: $((n - failed)) passed, $failed failed, 0 skipped"
[ "$failed" -eq 0 ]
