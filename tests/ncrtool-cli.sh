#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/ncrtool-cli.sh - the command-line rules of ncrtool (issue 13, part
# 6), in the VM against the real /dev/crypto (a step of tests/vm-suite.sh);
# TAP.  Each check fails on the behaviour before the fix:
#   - a key of the wrong usage, algorithm set, type or size is exit 2 with
#     what the key allows and the option that makes one that fits, and no
#     word of CAP_SYS_ADMIN (was exit 3, "or missing CAP_SYS_ADMIN");
#   - file modes: secret material 0600, public keys, signatures,
#     ciphertext with the umask (022 and 077), an existing file's mode
#     kept (was 0600 for everything, and reset on rewrite);
#   - options: --in twice, an option with a value twice, the input as
#     --in and an argument, standard input or output named twice: exit 2;
#     '-' for standard input/output, --key - included;
#   - digest goes on past a missing or unreadable file (exit 1, as
#     sha256sum; was exit 4 at the first), digest --check against
#     sha256sum -c both ways, names with spaces, backslashes, newlines;
#   - info: module version, self-test, master key state, the limits by
#     module parameter name; info --json parses (/usr/bin/python3);
#   - the device: $NCR_DEVICE/--device naming a missing path, /dev/null,
#     a stale node of the wrong number, a regular file, a node without
#     access: exit 3 with a sentence naming the path tried (was "/dev/crypto
#     not present: is the ncr module loaded?" for all);
#   - progress: --progress to a file writes a rate line, --quiet and a
#     non-terminal standard error none.
# Run as root (mknod, setpriv), from the top of the tree.
set -u
# shellcheck source=tests/ncrtool-lib.sh
. tests/ncrtool-lib.sh "ncrtool cli"
ncrtool_setup ncrtool-cli
case $T in /*) ;; *) T=$PWD/$T ;; esac	# the digest checks cd
PY=/usr/bin/python3

# has TEXT: the last rc_is output ($d/rc.out) contains TEXT
has() { grep -qF -- "$1" "$d/rc.out"; }
# no_cap: the last output does not mention CAP_SYS_ADMIN
no_cap() { ! grep -q CAP_SYS_ADMIN "$d/rc.out"; }
mode() { stat -c %a "$1"; }

head -c 100000 /dev/urandom >"$d/plain"
echo "a message" >"$d/msg"

# ---------------------------------------------------------------- #
# 1. keys that do not fit: exit 2, what the key allows, the fix
"$T" key generate --type aes --bits 256 --out "$d/k.blob"
"$T" key generate --type aes --bits 128 --out "$d/k128.blob"
"$T" key generate --type hmac --bits 256 --out "$d/h.blob"
"$T" key generate --alg ec-p256 --out "$d/ec.blob" --pub-out "$d/ec.pub"
"$T" key generate --alg x25519 --out "$d/x.blob"

rc_is 2 "mac with an encrypt,decrypt key is a usage error" \
	"$T" mac --alg cmac-aes --key "$d/k.blob" --in "$d/msg"
check "... saying what the key allows and how to make one" \
	has "k.blob allows encrypt,decrypt only, not sign: make it with --usage sign,verify"
check "... without a word of CAP_SYS_ADMIN" no_cap
rc_is 2 "encrypt --alg aes-cbc with the default (aes-gcm) key" \
	"$T" encrypt --key "$d/k.blob" --alg aes-cbc --in "$d/msg" \
	--out "$d/x.ct"
check "... names the set and the --algs that fits" \
	has "allows the algorithms aes-gcm only, not aes-cbc: make it with --algs aes-cbc"
check "... and writes no output" test ! -e "$d/x.ct"
check "... without a word of CAP_SYS_ADMIN" no_cap
rc_is 2 "encrypt --alg aes-gcm with an hmac key" \
	"$T" encrypt --key "$d/h.blob" --alg aes-gcm --in "$d/msg"
check "... says the type needed and how to make one" \
	has "needs key type aes: make one with 'ncrtool key generate --type aes"
rc_is 2 "encrypt --alg aes-256-gcm with a 128-bit key" \
	"$T" encrypt --key "$d/k128.blob" --alg aes-256-gcm --in "$d/msg"
check "... says the size needed and how to make one" \
	has "needs a 256-bit key: make one with 'ncrtool key generate --type aes --bits 256'"
rc_is 2 "sign --alg rsa-pss with an ec key" \
	"$T" sign --key "$d/ec.blob" --alg rsa-pss "$d/msg" -o "$d/x.sig"
check "... says how to make an rsa key" \
	has "make one with 'ncrtool key generate --alg rsa-"
rc_is 2 "verify-mac with an encrypt,decrypt key" \
	"$T" verify-mac --alg cmac-aes --key "$d/k.blob" --mac 00112233445566778899 \
	--in "$d/msg"
check "... says the key does not verify" \
	has "allows encrypt,decrypt only, not verify: make it with --usage sign,verify"
rc_is 2 "derive with a sign,verify ec key" \
	"$T" derive --key "$d/ec.blob" --peer "$d/ec.pub" --exportable
check "... says --usage derive" has "make it with --usage derive"
"$T" key generate --type aes --bits 256 --usage wrap,unwrap \
	--out "$d/kek.blob"
"$T" key generate --type hmac --bits 256 --wrappable --exportable \
	--out "$d/hw.blob"
rc_is 2 "key wrap under a key without the wrap usage" \
	"$T" key wrap --key "$d/k.blob" --target "$d/hw.blob" --out "$d/x.wr"
check "... says --usage wrap,unwrap" has "make it with --usage wrap,unwrap"
rc_is 0 "key wrap under the wrap,unwrap key" \
	"$T" key wrap --key "$d/kek.blob" --target "$d/hw.blob" \
	--out "$d/hw.wr"
rc_is 2 "encrypt with the wrap-only key" \
	"$T" encrypt --key "$d/kek.blob" --alg aes-gcm --in "$d/msg"
check "... says --usage encrypt,decrypt" \
	has "allows wrap,unwrap only, not encrypt: make it with --usage encrypt,decrypt"
rc_is 3 "key export of a key that is not exportable is still exit 3" \
	"$T" key export --key "$d/k.blob" --out "$d/x.raw"
check "... without a word of CAP_SYS_ADMIN" no_cap
if openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 \
	-out "$d/r1k.pem" 2>/dev/null; then
	rc_is 2 "sign with an RSA-1024 key without rsa-legacy" \
		"$T" sign --key "$d/r1k.pem" --alg rsa-pkcs1 "$d/msg" \
		-o "$d/x.sig"
	check "... says the size and the fix" \
		has "1024-bit RSA key, which signs and decrypts only with the rsa-legacy flag"
fi

# ---------------------------------------------------------------- #
# 2. file modes: secret 0600, the rest with the umask; existing kept
for um in 022 077; do
	want=$(printf '%o' $((0666 & ~8#$um)))
	m=$d/m$um
	mkdir -p "$m"
	(
		umask "$um"
		"$T" key generate --type aes --bits 256 --exportable \
			--out "$m/k.blob"
		"$T" key generate --alg ed25519 --out "$m/ed.blob" \
			--pub-out "$m/ed.pub" --pem
		"$T" sign --key "$m/ed.blob" --alg ed25519 "$d/msg" -o "$m/sig"
		"$T" encrypt --key "$m/k.blob" --alg aes-gcm --in "$d/msg" \
			--out "$m/ct"
		"$T" key export --key "$m/k.blob" --out "$m/raw"
		"$T" key export --key "$m/ed.blob" --public --out "$m/pub.der"
		"$T" key wrap --key "$d/kek.blob" --target "$d/hw.blob" \
			--out "$m/wr"
	)
	check "umask $um: a key blob is 0600" test "$(mode "$m/k.blob")" = 600
	check "umask $um: a private key blob is 0600" \
		test "$(mode "$m/ed.blob")" = 600
	check "umask $um: --pub-out is $want" test "$(mode "$m/ed.pub")" = "$want"
	check "umask $um: a signature is $want" test "$(mode "$m/sig")" = "$want"
	check "umask $um: ciphertext is $want" test "$(mode "$m/ct")" = "$want"
	check "umask $um: an exported secret key is 0600" \
		test "$(mode "$m/raw")" = 600
	check "umask $um: an exported public key is $want" \
		test "$(mode "$m/pub.der")" = "$want"
	check "umask $um: a wrapped key is 0600" test "$(mode "$m/wr")" = 600
done
chmod 0640 "$d/m022/sig" "$d/m022/k.blob"
(umask 022 && "$T" sign --key "$d/m022/ed.blob" --alg ed25519 "$d/plain" \
	-o "$d/m022/sig")
check "a rewritten signature keeps its mode 0640" \
	test "$(mode "$d/m022/sig")" = 640
chown 65534:65534 "$d/m022/sig"
"$T" sign --key "$d/m022/ed.blob" --alg ed25519 "$d/msg" -o "$d/m022/sig"
check "root rewriting uid 65534's signature keeps its owner and mode" \
	test "$(stat -c %u:%g:%a "$d/m022/sig")" = 65534:65534:640
check "... and it is the new signature (Ed25519 is deterministic)" \
	bash -c "'$T' sign --key '$d/m022/ed.blob' --alg ed25519 '$d/msg' -o - | cmp -s - '$d/m022/sig'"
(umask 077 && "$T" key restrict --key "$d/m022/k.blob" --clear-flags exportable \
	--out "$d/m022/k.blob")
check "a rewritten key blob keeps its mode 0640" \
	test "$(mode "$d/m022/k.blob")" = 640
check "... and is the new key (not exportable)" \
	info_has "$d/m022/k.blob" '^flags:[[:space:]]+storable$'

# ---------------------------------------------------------------- #
# 3. options: given once; the input once; '-' everywhere
rc_is 2 "--in twice is a usage error" \
	"$T" encrypt --key "$d/k.blob" --alg aes-gcm --in "$d/msg" \
	--in "$d/plain"
check "... 'give --in once'" has "give --in once"
rc_is 2 "--alg twice is a usage error" \
	"$T" digest --alg sha256 --alg sha512 "$d/msg"
check "... 'give --alg once'" has "give --alg once"
rc_is 2 "--device before and after the command is a usage error" \
	"$T" --device /dev/crypto info --device /dev/crypto
rc_is 2 "the input as --in and as an argument is a usage error" \
	"$T" mac --alg hmac-sha256 --key "$d/h.blob" --in "$d/msg" "$d/msg"
check "... 'give the input once'" has "give the input once"
rc_is 2 "sign: --in and an argument is a usage error" \
	"$T" sign --key "$d/ec.blob" --alg ecdsa --in "$d/msg" "$d/msg" \
	-o "$d/x.sig"
a=$("$T" mac --alg hmac-sha256 --key "$d/h.blob" --in "$d/msg")
b=$("$T" mac --alg hmac-sha256 --key "$d/h.blob" "$d/msg")
c=$("$T" mac --alg hmac-sha256 --key "$d/h.blob" - <"$d/msg")
check "mac: --in F, the argument F and - <F are the same input" \
	test -n "$a" -a "$a" = "$b" -a "$a" = "$c"
"$T" encrypt --key "$d/k.blob" --alg aes-gcm "$d/msg" --out "$d/pos.ct"
"$T" decrypt --key "$d/k.blob" --alg aes-gcm "$d/pos.ct" --out "$d/pos.pt"
check "encrypt/decrypt take the input as an argument" \
	cmp -s "$d/msg" "$d/pos.pt"
"$T" sign --key "$d/m022/ed.blob" --alg ed25519 "$d/msg" -o "$d/ed1.sig"
"$T" sign --key - --alg ed25519 "$d/msg" -o - <"$d/m022/ed.blob" \
	>"$d/ed2.sig"
check "sign --key - (the key from standard input) -o - (to standard output)" \
	cmp -s "$d/ed1.sig" "$d/ed2.sig"
rc_is 2 "--key - with the data from standard input too is a usage error" \
	"$T" sign --key - --alg ed25519 - -o "$d/x.sig" <"$d/m022/ed.blob"
check "... 'standard input ('-') is given twice'" \
	has "standard input ('-') is given twice"
rc_is 2 "key generate --out - --pub-out - is a usage error" \
	"$T" key generate --alg ed25519 --out - --pub-out -
check "... 'standard output ('-') is given twice'" \
	has "standard output ('-') is given twice"

# ---------------------------------------------------------------- #
# 4. digest: on past a missing file; --check as sha256sum -c
dg=$d/dg
mkdir -p "$dg"
printf 'one\n' >"$dg/s1"
printf 'two\n' >"$dg/s 2"
printf 'three\n' >"$dg/back\\slash"
printf 'four\n' >"$dg/new
line"
head -c 200000 /dev/urandom >"$dg/big"
mkdir "$dg/adir"
(
	cd "$dg" || exit 1
	"$T" digest s1 nosuch "s 2" adir big >"$d/dg.out" 2>"$d/dg.err"
	echo $? >"$d/dg.rc"
)
check "digest of files with a missing one and a directory: exit 1 (got $(cat "$d/dg.rc"))" \
	test "$(cat "$d/dg.rc")" = 1
check "... the others' lines, as sha256sum's" \
	test "$(cat "$d/dg.out")" = "$(cd "$dg" && sha256sum s1 "s 2" big)"
check "... names the missing file" \
	grep -q "nosuch: No such file or directory" "$d/dg.err"
check "... and the directory" grep -q "adir: Is a directory" "$d/dg.err"
(cd "$dg" && sha256sum s1 "s 2" "back\\slash" "new
line" big >"$d/sha.sums")
(cd "$dg" && "$T" digest s1 "s 2" "back\\slash" "new
line" big >"$d/ncr.sums")
check "digest lines equal sha256sum's (escaped names too)" \
	cmp -s "$d/sha.sums" "$d/ncr.sums"
(cd "$dg" && "$T" digest --check "$d/sha.sums" >"$d/ck.out" 2>&1)
check "digest --check of sha256sum's list: exit 0 ($?)" test $? -eq 0
check "... 'NAME: OK' for each of the 5 files" \
	test "$(grep -c ': OK$' "$d/ck.out")" = 5
(cd "$dg" && sha256sum -c "$d/ncr.sums" >/dev/null 2>&1)
check "sha256sum -c of digest's list: exit 0 ($?)" test $? -eq 0
(cd "$dg" && sha512sum s1 big >"$d/sha512.sums")
(cd "$dg" && "$T" digest --alg sha512 --check "$d/sha512.sums" >/dev/null 2>&1)
check "digest --alg sha512 --check of sha512sum's list: exit 0 ($?)" test $? -eq 0
(cd "$dg" && "$T" digest --alg sha512 s1 big | sha512sum -c >/dev/null 2>&1)
check "sha512sum -c of digest --alg sha512 from a pipe: exit 0" test $? -eq 0
(cd "$dg" && "$T" digest --check - <"$d/sha.sums" >/dev/null 2>&1)
check "digest --check - reads the list from standard input" test $? -eq 0
sed 's/^\([0-9a-f]*\)  s1$/\1 *s1/' "$d/sha.sums" >"$d/bin.sums"
(cd "$dg" && "$T" digest --check "$d/bin.sums" >/dev/null 2>&1)
check "digest --check takes 'HEX *NAME' (binary mode) lines" test $? -eq 0
printf 'ONE\n' >"$dg/s1"
rm -f "$dg/big"
(cd "$dg" && "$T" digest --check "$d/sha.sums" >"$d/ck.out" 2>"$d/ck.err")
rc=$?
check "digest --check with a changed and a missing file: exit 1 (got $rc)" \
	test "$rc" = 1
check "... 's1: FAILED'" grep -qx 's1: FAILED' "$d/ck.out"
check "... 'big: FAILED open or read'" \
	grep -qx 'big: FAILED open or read' "$d/ck.out"
check "... the others OK" test "$(grep -c ': OK$' "$d/ck.out")" = 3
check "... 'WARNING: 1 computed checksum did NOT match'" \
	grep -q 'WARNING: 1 computed checksum did NOT match' "$d/ck.err"
check "... 'WARNING: 1 listed file could not be read'" \
	grep -q 'WARNING: 1 listed file could not be read' "$d/ck.err"
(cd "$dg" && sha256sum -c "$d/sha.sums" >/dev/null 2>&1)
check "... (sha256sum -c says 1 as well)" test $? -eq 1
(cd "$dg" && "$T" --quiet digest --check "$d/sha.sums" >"$d/ck.out" 2>/dev/null)
check "--quiet digest --check prints the failures only" \
	test "$(grep -c ': OK$' "$d/ck.out")" = 0 -a \
	"$(grep -c 'FAILED' "$d/ck.out")" = 2
echo "not a checksum line" >"$d/bad.sums"
rc_is 1 "digest --check of a list without a checksum line" \
	"$T" digest --check "$d/bad.sums"
check "... says so" has "no properly formatted sha256 checksum lines found"
rc_is 2 "digest --check with file arguments is a usage error" \
	"$T" digest --check "$d/sha.sums" "$dg/s1"

# ---------------------------------------------------------------- #
# 5. info: versions, self-test, master key, limits by name; --json
"$T" info >"$d/info.txt" 2>&1
check "info shows the module version" \
	grep -Eq '^module version:[[:space:]]+[0-9]' "$d/info.txt"
check "info shows the self-test passed" \
	grep -Eq '^self-test:[[:space:]]+passed' "$d/info.txt"
check "info shows the master key is set, and how" \
	grep -Eq '^master key:[[:space:]]+set, (bytes|trusted|encrypted|user|logon)' \
	"$d/info.txt"
for p in max_keys_per_user max_sessions_per_user max_namespaces_per_user \
	max_buffered_bytes max_user_memory max_objects_per_ns \
	max_inflight_per_ns zerocopy_min dev_mode NCR_BATCH_MAX_OPS \
	NCR_BATCH_MAX_BYTES; do
	check "info names the limit $p" grep -q "$p" "$d/info.txt"
done
"$T" info --json >"$d/info.json" 2>"$d/info.err"
check "info --json exits 0" test $? -eq 0
if [ -x "$PY" ]; then
	check "info --json is valid JSON (python3 -m json.tool)" \
		"$PY" -m json.tool "$d/info.json" /dev/null
	check "info --json: master key set, its id, self-test, limits, algorithms" \
		"$PY" -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["master_key"]["set"] is True, j["master_key"]
assert len(j["master_key"]["id"]) == 32
assert j["selftest"]["passed"] is True
assert j["abi_version"] >= 5 and j["module_version"]
for k in ("max_keys_per_user", "max_user_memory", "zerocopy_min", "dev_mode"):
    assert j["limits"][k]["value"] > 0, k
assert j["user"]["max_keys_per_user"]["limit"] > 0
assert j["live"]["namespaces"] >= 1
assert any(a["name"] == "aes-gcm" for a in j["algorithms"])
' "$d/info.json"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$T" info --json \
		>"$d/info65534.json" 2>/dev/null
	check "info --json as uid 65534 is valid JSON" \
		"$PY" -m json.tool "$d/info65534.json" /dev/null
fi

# ---------------------------------------------------------------- #
# 6. the device: the path tried, and why it is not ncr
nd=$(mktemp -d "${TMPDIR:-/tmp}/ncrtool-dev.XXXXXX")
chmod 755 "$nd"
rc_is 3 "NCR_DEVICE naming a missing path" \
	env NCR_DEVICE="$nd/missing" "$T" info
check "... names the path and NCR_DEVICE" \
	bash -c "grep -qF '$nd/missing' '$d/rc.out' && grep -q NCR_DEVICE '$d/rc.out'"
check "... not 'is the ncr module loaded?'" \
	bash -c "! grep -q 'is the ncr module loaded' '$d/rc.out'"
rc_is 3 "--device /dev/null" "$T" --device /dev/null info
check "... says /dev/null is another driver's device" \
	bash -c "grep -q '/dev/null is device 1:3 of another driver' '$d/rc.out'"
rc_is 3 "NCR_DEVICE=/dev/null" env NCR_DEVICE=/dev/null "$T" info
check "... names /dev/null and NCR_DEVICE" \
	bash -c "grep -q '/dev/null (from NCR_DEVICE)' '$d/rc.out'"
if mknod "$nd/stale" c 10 255 2>/dev/null; then
	rc_is 3 "NCR_DEVICE naming a stale node 10:255" \
		env NCR_DEVICE="$nd/stale" "$T" info
	check "... says its number is not ncr's (stale), names it" \
		bash -c "grep -qF '$nd/stale (from NCR_DEVICE) has device number 10:255 but the ncr device is' '$d/rc.out'"
fi
echo x >"$nd/regular"
rc_is 3 "--device naming a regular file" "$T" --device "$nd/regular" info
check "... says it is not a character device" \
	bash -c "grep -qF '$nd/regular is not a character device' '$d/rc.out'"
if num=$(cat /sys/class/misc/crypto/dev 2>/dev/null) &&
	mknod -m 0600 "$nd/crypto" c "${num%%:*}" "${num##*:}" 2>/dev/null; then
	rc_is 0 "root uses a node of ncr's number ($num) elsewhere" \
		env NCR_DEVICE="$nd/crypto" "$T" digest "$d/msg"
	rc_is 3 "uid 65534 on that node, mode 0600" \
		env NCR_DEVICE="$nd/crypto" setpriv --reuid=65534 \
		--regid=65534 --clear-groups "$T" info
	check "... says permission denied, names the path and mode" \
		bash -c "grep -qF 'permission denied opening $nd/crypto (from NCR_DEVICE) (mode 0600' '$d/rc.out'"
fi
rm -rf "$nd"

# ---------------------------------------------------------------- #
# 7. progress: forced to a file, silenced, off when not a terminal
head -c 3000000 /dev/urandom >"$d/big"
"$T" --progress digest "$d/big" >/dev/null 2>"$d/prog"
check "--progress digest to a file writes a rate line" \
	grep -Eq '^digest: .*[0-9.]+ (B|KiB|MiB|GiB)/s in [0-9.]+ s$' "$d/prog"
check "... with the total" grep -q '/ 2.9 MiB (100%)' "$d/prog"
"$T" mac --progress --alg hmac-sha256 --key "$d/h.blob" "$d/big" \
	>/dev/null 2>"$d/prog"
check "mac --progress writes a rate line" \
	grep -Eq '^mac: .*/s in [0-9.]+ s$' "$d/prog"
"$T" --quiet digest "$d/big" >/dev/null 2>"$d/prog"
check "--quiet digest writes nothing on standard error" test ! -s "$d/prog"
"$T" digest "$d/big" >/dev/null 2>"$d/prog"
check "no progress when standard error is not a terminal" test ! -s "$d/prog"
# a pipe, so that the size is unknown
head -c 3000000 "$d/big" | "$T" --progress digest - >/dev/null 2>"$d/prog"
check "--progress of a pipe (size unknown): bytes and rate" \
	grep -Eq '^digest: 2.9 MiB, .*/s in' "$d/prog"
# on a terminal (script(1) gives one): one line redrawn in place, at most
# 4 times a second, cleared at the end; the data comes slowly through a
# FIFO for over a second
if command -v script >/dev/null 2>&1 && mkfifo "$d/fifo"; then
	(for _ in $(seq 1 6); do head -c 600000 "$d/big"; sleep 0.2; done \
		>"$d/fifo") &
	t0=$(date +%s%N)
	script -qec "'$T' digest '$d/fifo'" /dev/null >"$d/tty.out" 2>&1
	t1=$(date +%s%N)
	wait
	ms=$(((t1 - t0) / 1000000))
	draws=$(tr -cd '\r' <"$d/tty.out" | wc -c)
	# script turns each \n into \r\n: the digest line adds one \r,
	# the final clear one
	check "on a terminal progress is redrawn in place ($draws \\r in $ms ms)" \
		test "$draws" -ge 3
	check "... at most 4 times a second" \
		test $(((draws - 2) * 1000)) -le $((4 * ms + 1000))
	check "... and the line is cleared at the end (\\r ESC [K before the digest)" \
		grep -qP '\r\e\[K[0-9a-f]{64}  ' "$d/tty.out"
fi

echo "1..$n"
