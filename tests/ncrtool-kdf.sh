#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/ncrtool-kdf.sh - ncrtool derive --kdf end to end: HKDF, PBKDF2 and
# the SP 800-108 counter KDF against their RFC vectors and the OpenSSL 3
# command line (openssl kdf); runs INSIDE the VM (called by
# tests/vm-suite.sh), as root, from anywhere.  Prints TAP.
#
# The derived keys are printed (--exportable) or exported from their key
# file and compared; a key derived without --exportable cannot be
# exported; ECDH and X25519 secrets go through HKDF without leaving the
# kernel (--peer with --kdf); source keys are KDF sources only when their
# set names the KDF; the password of PBKDF2 is read from a file, standard
# input or the terminal (a pty: not echoed), never from the command line;
# bad options are usage errors (exit 2) that write no key file.
#
# Needs a storage master key: one is set if none is (exit 3 "already set"
# is fine).  Environment: NCRTOOL (default build/bin/ncrtool).
set -u

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/ncrtool-lib.sh
. tests/ncrtool-lib.sh "ncrtool kdf"
ncrtool_setup ncrtool-kdf

# same DESCRIPTION GOT WANT: two hex strings are equal and not empty
same() {
	if [ -n "$2" ] && [ "$2" = "$3" ]; then
		ok "$1"
	else
		nok "$1"
		echo "#   got:  $2"
		echo "#   want: $3"
	fi
}
unhex() { printf '%s' "$1" | sed 's/../\\x&/g' | xargs -0 printf '%b'; }
# ossl_kdf ARGS...: openssl kdf's output in lower-case hex
ossl_kdf() { openssl kdf -binary "$@" 2>"$d/ossl.err" | hex; }

# ---------------------------------------------------------------- HKDF
# RFC 5869 A.1 (test case 1): IKM 22 x 0x0b, salt 00..0c, info f0..f9
ikm=0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b
salt=000102030405060708090a0b0c
info=f0f1f2f3f4f5f6f7f8f9
okm1=3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865
unhex "$ikm" >"$d/ikm"
unhex "$salt" >"$d/salt"
unhex "$info" >"$d/info"
rc_is 0 "key import of the RFC 5869 IKM as an hmac key, --algs hkdf" \
	"$T" key import --type hmac --in "$d/ikm" --algs hkdf \
	--out "$d/ikm.blob"
check "... --algs hkdf alone gives the usage derive" \
	info_has "$d/ikm.blob" '^usage:[[:space:]]+derive$'
got=$("$T" derive --kdf hkdf-sha256 --key "$d/ikm.blob" --salt-hex "$salt" \
	--info-hex "$info" --length 42 --exportable 2>"$d/err")
same "HKDF-SHA256 (RFC 5869 test case 1), --salt-hex/--info-hex" \
	"$got" "$okm1"
got=$("$T" derive --kdf hkdf-sha256 --key "$d/ikm.blob" \
	--salt-file "$d/salt" --info-file "$d/info" --length 42 \
	--exportable --label okm --out "$d/okm.blob" 2>"$d/err")
same "... the same from --salt-file/--info-file, with --out" "$got" "$okm1"
rm -f "$d/okm.bin"
"$T" key export --key "$d/okm.blob" --out "$d/okm.bin" 2>"$d/err"
same "... its key file exported gives the RFC OKM" \
	"$(hex "$d/okm.bin" 2>/dev/null)" "$okm1"
out=$("$T" key info --key "$d/okm.blob" 2>&1)
check "... key info: hmac, 336 bits, exportable,storable, sign,verify" \
	grep -Pzq 'type:\s+hmac\nclass:\s+secret\nbits:\s+336\nflags:\s+exportable,storable\nusage:\s+sign,verify\n' <<<"$out"
check "... and the --label" grep -Eq '^label:[[:space:]]+okm$' <<<"$out"
got=$(unhex "$info" | "$T" derive --kdf hkdf-sha256 --key "$d/ikm.blob" \
	--salt-hex "$salt" --info-file - --length 42 --exportable 2>"$d/err")
same "... --info-file - reads standard input" "$got" "$okm1"
# RFC 5869 A.3 (test case 3): no salt (HashLen zeros), no info
got=$("$T" derive --kdf hkdf-sha256 --key "$d/ikm.blob" --length 42 \
	--exportable 2>"$d/err")
same "HKDF-SHA256 without salt and info (RFC 5869 test case 3)" "$got" \
	8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8
for h in sha384 sha512; do
	want=$(ossl_kdf -keylen 100 -kdfopt "digest:${h^^}" \
		-kdfopt "hexkey:$ikm" -kdfopt "hexsalt:$salt" \
		-kdfopt "hexinfo:$info" HKDF)
	got=$("$T" derive --kdf "hkdf-$h" --key "$d/ikm.blob" \
		--salt-hex "$salt" --info-hex "$info" --length 100 \
		--exportable 2>"$d/err")
	same "HKDF-${h^^} of 100 bytes equals openssl kdf HKDF" "$got" "$want"
done
got=$("$T" derive --kdf hkdf-sha512 --key "$d/ikm.blob" --exportable \
	2>"$d/err")
check "hmac output without --length: one hash output (64 bytes)" \
	test "${#got}" -eq 128

# a derived key that is not exportable stays in the kernel
rc_is 0 "HKDF into an AES-256 key file (not exportable)" \
	"$T" derive --kdf hkdf-sha256 --key "$d/ikm.blob" --salt-hex "$salt" \
	--info-hex "$info" --out-type aes --out "$d/aes.blob"
check "... key info: aes, 256 bits, storable only, encrypt,decrypt" \
	bash -c "'$T' key info --key '$d/aes.blob' | grep -Pzq 'type:\s+aes\nclass:\s+secret\nbits:\s+256\nflags:\s+storable\nusage:\s+encrypt,decrypt\nalgs:\s+aes-gcm\n'"
rm -f "$d/leak"
rc_is 3 "key export of the derived key that is not exportable" \
	"$T" key export --key "$d/aes.blob" --out "$d/leak"
check "... says it is not exportable" grep -q "not exportable" "$d/rc.out"
check "... and writes no key bytes" test ! -s "$d/leak"
head -c 5000 /dev/urandom >"$d/plain"
rm -f "$d/pt"
"$T" encrypt --key "$d/aes.blob" --alg aes-gcm --in "$d/plain" \
	--out "$d/ct" 2>"$d/err" &&
	"$T" decrypt --key "$d/aes.blob" --alg aes-gcm --in "$d/ct" \
		--out "$d/pt" 2>"$d/err"
check "... and encrypts and decrypts with aes-gcm" cmp -s "$d/plain" "$d/pt"
# the same AES key again, exportable: it is the HKDF output
got=$("$T" derive --kdf hkdf-sha256 --key "$d/ikm.blob" --salt-hex "$salt" \
	--info-hex "$info" --out-type aes --length 16 --exportable 2>"$d/err")
same "HKDF into an exportable AES-128 key: the first 16 OKM bytes" \
	"$got" "${okm1:0:32}"

# the source key's policy
"$T" key import --type hmac --in "$d/ikm" --out "$d/mac.blob"
rc_is 2 "a source key without the derive usage is refused" \
	"$T" derive --kdf hkdf-sha256 --key "$d/mac.blob" --exportable
check "... saying so, with the fix" grep -q "allows sign,verify only, not derive: make it with --usage derive" "$d/rc.out"
"$T" key import --type hmac --in "$d/ikm" --usage derive \
	--algs hmac-sha256 --out "$d/nohkdf.blob"
rc_is 2 "a source key whose set lacks hkdf is refused" \
	"$T" derive --kdf hkdf-sha256 --key "$d/nohkdf.blob" --exportable
check "... naming the set and the fix" grep -q "allows the algorithms hmac-sha256 only, not hkdf-sha256: make it with --algs hkdf" \
	"$d/rc.out"
"$T" key generate --type aes --bits 256 --out "$d/k.blob"
rc_is 2 "an AES key as HKDF source is a usage error" \
	"$T" derive --kdf hkdf-sha256 --key "$d/k.blob" --exportable
rc_is 2 "a PEM key as HKDF source is a usage error" \
	bash -c "openssl genpkey -algorithm X25519 -out '$d/x.pem' 2>/dev/null && '$T' derive --kdf hkdf-sha256 --key '$d/x.pem' --exportable"
rc_is 3 "--algs of another type for the new key is refused by the kernel" \
	"$T" derive --kdf hkdf-sha256 --key "$d/ikm.blob" --out-type aes \
	--algs aes-gcm,ecdsa --out "$d/x.blob"
check "refused derivations write no key file" test ! -e "$d/x.blob"

# --------------------------------------------- key agreement, then HKDF
rc_is 0 "key generate --alg ec-p256 --usage derive" \
	"$T" key generate --alg ec-p256 --usage derive --out "$d/ec.blob" \
	--pub-out "$d/ec.pub.pem" --pem
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
	-out "$d/oec.pem" 2>/dev/null
openssl pkey -in "$d/oec.pem" -pubout -out "$d/oec.pub.pem" 2>/dev/null
z=$(openssl pkeyutl -derive -inkey "$d/oec.pem" -peerkey "$d/ec.pub.pem" \
	2>/dev/null | hex)
want=$(ossl_kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt "hexkey:$z" \
	-kdfopt "hexsalt:$salt" -kdfopt "hexinfo:$info" HKDF)
got=$("$T" derive --key "$d/ec.blob" --peer "$d/oec.pub.pem" \
	--kdf hkdf-sha256 --salt-hex "$salt" --info-hex "$info" --length 32 \
	--exportable 2>"$d/err")
same "ECDH P-256 then HKDF-SHA256 in one command equals OpenSSL" \
	"$got" "$want"
rc_is 0 "ECDH into a secret for HKDF only (--algs hkdf)" \
	"$T" derive --key "$d/ec.blob" --peer "$d/oec.pub.pem" --algs hkdf \
	--out "$d/z.blob"
check "... whose usage is derive and set hkdf" \
	bash -c "'$T' key info --key '$d/z.blob' | grep -Pzq 'usage:\s+derive\nalgs:\s+hkdf\n'"
got=$("$T" derive --kdf hkdf-sha256 --key "$d/z.blob" --salt-hex "$salt" \
	--info-hex "$info" --length 32 --exportable 2>"$d/err")
same "... then HKDF from its key file: the same key" "$got" "$want"
rc_is 0 "ECDH then HKDF into an AES key file that never left the kernel" \
	"$T" derive --key "$d/ec.blob" --peer "$d/oec.pub.pem" \
	--kdf hkdf-sha256 --info-hex "$info" --out-type aes \
	--out "$d/ecaes.blob"
rc_is 3 "... which cannot be exported" \
	"$T" key export --key "$d/ecaes.blob" --out "$d/leak"
"$T" key generate --alg x25519 --out "$d/x.blob" --pub-out "$d/x.pub.pem" \
	--pem
openssl genpkey -algorithm X25519 -out "$d/ox.pem" 2>/dev/null
openssl pkey -in "$d/ox.pem" -pubout -out "$d/ox.pub.pem" 2>/dev/null
z=$(openssl pkeyutl -derive -inkey "$d/ox.pem" -peerkey "$d/x.pub.pem" \
	2>/dev/null | hex)
want=$(ossl_kdf -keylen 48 -kdfopt digest:SHA384 -kdfopt "hexkey:$z" \
	-kdfopt "hexinfo:$info" HKDF)
got=$("$T" derive --key "$d/x.blob" --peer "$d/ox.pub.pem" \
	--kdf hkdf-sha384 --info-hex "$info" --length 48 --exportable \
	2>"$d/err")
same "X25519 then HKDF-SHA384 equals OpenSSL" "$got" "$want"
want=$(ossl_kdf -keylen 32 -kdfopt mode:COUNTER -kdfopt mac:CMAC \
	-kdfopt cipher:AES-256-CBC -kdfopt "hexkey:$z" \
	-kdfopt hexsalt:6c6162656c -kdfopt hexinfo:636f6e74657874 KBKDF)
got=$("$T" derive --key "$d/x.blob" --peer "$d/ox.pub.pem" \
	--kdf kbkdf-cmac-aes --label-hex 6c6162656c \
	--context-hex 636f6e74657874 --out-type aes --exportable 2>"$d/err")
same "X25519 then KBKDF-CMAC-AES-256 equals openssl kdf KBKDF" \
	"$got" "$want"

# ------------------------------------------------------- SP 800-108
kb=00112233445566778899aabbccddeeff102132435465768798a9bacbdcedfe0f
unhex "$kb" >"$d/kb"
label=6c6162656c
context=636f6e74657874
unhex "$label" >"$d/label"
rc_is 0 "key import of an hmac key for kbkdf-hmac-sha256 only" \
	"$T" key import --type hmac --in "$d/kb" --algs kbkdf-hmac-sha256 \
	--out "$d/kbh.blob"
want=$(ossl_kdf -keylen 64 -kdfopt mode:COUNTER -kdfopt mac:HMAC \
	-kdfopt digest:SHA256 -kdfopt "hexkey:$kb" -kdfopt "hexsalt:$label" \
	-kdfopt "hexinfo:$context" KBKDF)
got=$("$T" derive --kdf kbkdf-hmac-sha256 --key "$d/kbh.blob" \
	--label-hex "$label" --context-hex "$context" --length 64 \
	--exportable 2>"$d/err")
same "KBKDF-HMAC-SHA256 (Label, Context) equals openssl kdf KBKDF" \
	"$got" "$want"
got=$("$T" derive --kdf kbkdf-hmac-sha256 --key "$d/kbh.blob" \
	--label-file "$d/label" --context-hex "$context" --length 64 \
	--exportable 2>"$d/err")
same "... --label-file gives the same" "$got" "$want"
rc_is 2 "the kbkdf key cannot MAC" \
	"$T" mac --alg hmac-sha256 --key "$d/kbh.blob" --in "$d/plain"
rc_is 3 "a set with kbkdf-hmac-sha256 and an HMAC is refused" \
	"$T" key import --type hmac --in "$d/kb" \
	--algs kbkdf-hmac-sha256,hmac-sha256 --out "$d/x.blob"
rc_is 2 "an hmac key without kbkdf-hmac-sha256 in its set is refused" \
	"$T" derive --kdf kbkdf-hmac-sha256 --key "$d/ikm.blob" --exportable
head -c 16 "$d/kb" >"$d/kb16"
rc_is 0 "key import of an AES-128 key for kbkdf-cmac-aes only" \
	"$T" key import --type aes --in "$d/kb16" --algs kbkdf-cmac-aes \
	--out "$d/kbc.blob"
want=$(ossl_kdf -keylen 24 -kdfopt mode:COUNTER -kdfopt mac:CMAC \
	-kdfopt cipher:AES-128-CBC -kdfopt "hexkey:${kb:0:32}" \
	-kdfopt "hexsalt:$label" -kdfopt "hexinfo:$context" KBKDF)
got=$("$T" derive --kdf kbkdf-cmac-aes --key "$d/kbc.blob" \
	--label-hex "$label" --context-hex "$context" --out-type aes \
	--length 24 --exportable 2>"$d/err")
same "KBKDF-CMAC-AES-128 into an AES-192 key equals openssl kdf KBKDF" \
	"$got" "$want"
rc_is 2 "the kbkdf-cmac-aes key cannot encrypt" \
	"$T" encrypt --key "$d/kbc.blob" --alg aes-gcm --in "$d/plain" \
	--out "$d/x.ct"
rc_is 2 "an hmac key for kbkdf-cmac-aes is a usage error" \
	"$T" derive --kdf kbkdf-cmac-aes --key "$d/kbh.blob" --exportable

# ---------------------------------------------------------- PBKDF2
pw='correct horse battery staple'
printf '%s\n' "$pw" >"$d/pw"
psalt=73616c7453414c5473616c74
want=$(ossl_kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt "pass:$pw" \
	-kdfopt "hexsalt:$psalt" -kdfopt iter:1000 PBKDF2)
got=$("$T" derive --kdf pbkdf2-sha256 --password-file "$d/pw" \
	--salt-hex "$psalt" --iterations 1000 --length 32 --exportable \
	2>"$d/err")
same "PBKDF2-SHA256, 1000 iterations, equals openssl kdf PBKDF2" \
	"$got" "$want"
got=$(printf '%s' "$pw" | "$T" derive --kdf pbkdf2-sha256 \
	--password-file - --salt-hex "$psalt" --iterations 1000 --exportable \
	2>"$d/err")
same "... the password from standard input (no line end), default length" \
	"$got" "$want"
printf '%s\r\n' "$pw" >"$d/pwcrlf"
got=$("$T" derive --kdf pbkdf2-sha256 --password-file "$d/pwcrlf" \
	--salt-hex "$psalt" --iterations 1000 --exportable 2>"$d/err")
same "... a CR LF line end is not part of the password" "$got" "$want"
want=$(ossl_kdf -keylen 64 -kdfopt digest:SHA512 -kdfopt "pass:$pw" \
	-kdfopt "hexsalt:$psalt" -kdfopt iter:1000 PBKDF2)
unhex "$psalt" >"$d/psalt"
got=$("$T" derive --kdf pbkdf2-sha512 --password-file "$d/pw" \
	--salt-file "$d/psalt" --iterations 1000 --exportable 2>"$d/err")
same "PBKDF2-SHA512 with --salt-file equals openssl kdf PBKDF2" \
	"$got" "$want"
# RFC 6070: P "password", S "salt", c 4096, dkLen 20
printf 'password' >"$d/pw6070"
got=$("$T" derive --kdf pbkdf2-sha1 --password-file "$d/pw6070" \
	--salt-hex 73616c74 --iterations 4096 --exportable 2>"$d/err")
same "PBKDF2-SHA1 (RFC 6070, c = 4096)" "$got" \
	4b007901b765489abead49d926f721d065a429c1
rc_is 0 "PBKDF2 into an AES key file (not exportable)" \
	"$T" derive --kdf pbkdf2-sha256 --password-file "$d/pw" \
	--salt-hex "$psalt" --iterations 1000 --out-type aes \
	--out "$d/pbk.blob"
check "... never always-sensitive (someone knows the password)" \
	info_has "$d/pbk.blob" '^attrs:[[:space:]]+never-extractable$'
rc_is 3 "... key export refused" \
	"$T" key export --key "$d/pbk.blob" --out "$d/leak"
check "... saying it is not exportable" grep -q "not exportable" "$d/rc.out"
# the password typed at a terminal (a pty): asked twice, not echoed
if command -v python3 >/dev/null 2>&1; then
	want=$(ossl_kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt "pass:$pw" \
		-kdfopt "hexsalt:$psalt" -kdfopt iter:1000 PBKDF2)
	python3 - "$T" "$pw" "$psalt" >"$d/tty.out" 2>&1 <<'EOF'
import os, pty, select, sys
t, pw, salt = sys.argv[1:4]
pid, fd = pty.fork()
if pid == 0:
    os.execv(t, [t, "derive", "--kdf", "pbkdf2-sha256", "--salt-hex", salt,
                 "--iterations", "1000", "--exportable"])
out = b""
def until(s):
    global out
    while s not in out:
        r, _, _ = select.select([fd], [], [], 60)
        if not r:
            return False
        try:
            b = os.read(fd, 1024)
        except OSError:
            return False
        if not b:
            return False
        out += b
    return True
for prompt in (b"Password: ", b"Password again: "):
    if not until(prompt):
        break
    os.write(fd, pw.encode() + b"\n")
until(b"\0")            # to the end
os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors="replace"))
EOF
	got=$(tr -d '\r' <"$d/tty.out" | grep -Eo '^[0-9a-f]{64}$')
	same "PBKDF2 with the password typed twice at a terminal" "$got" "$want"
	check "... which was not echoed" \
		bash -c "! grep -qF '$pw' '$d/tty.out'"
else
	ok "# SKIP no python3 for a pty"
	ok "# SKIP no python3 for a pty"
fi

# ---------------------------------------------------- bad options (2)
rm -f "$d/x.blob"
rc_is 2 "--password on the command line is refused" \
	"$T" derive --kdf pbkdf2-sha256 --password "s3cret-pw" \
	--salt-hex "$psalt" --iterations 1000 --exportable
check "... without repeating it" bash -c "! grep -q s3cret-pw '$d/rc.out'"
check "... saying why" grep -q "ps" "$d/rc.out"
rc_is 2 "--pass=PASSWORD too" \
	"$T" derive --kdf pbkdf2-sha256 --pass=s3cret-pw --salt-hex "$psalt" \
	--iterations 1000 --exportable
rc_is 2 "an unknown --kdf" \
	"$T" derive --kdf hkdf-md5 --key "$d/ikm.blob" --exportable
rc_is 2 "pbkdf2 without --iterations" \
	"$T" derive --kdf pbkdf2-sha256 --password-file "$d/pw" \
	--salt-hex "$psalt" --exportable
rc_is 2 "pbkdf2 --iterations 0" \
	"$T" derive --kdf pbkdf2-sha256 --password-file "$d/pw" \
	--salt-hex "$psalt" --iterations 0 --exportable
rc_is 2 "pbkdf2 --iterations over the kernel's maximum" \
	"$T" derive --kdf pbkdf2-sha256 --password-file "$d/pw" \
	--salt-hex "$psalt" --iterations 10000001 --exportable
rc_is 2 "pbkdf2 without a salt" \
	"$T" derive --kdf pbkdf2-sha256 --password-file "$d/pw" \
	--iterations 1000 --exportable
rc_is 2 "pbkdf2 with --key" \
	"$T" derive --kdf pbkdf2-sha256 --key "$d/ikm.blob" \
	--password-file "$d/pw" --salt-hex "$psalt" --iterations 1000 \
	--exportable
rc_is 2 "pbkdf2 with --info-hex" \
	"$T" derive --kdf pbkdf2-sha256 --password-file "$d/pw" \
	--salt-hex "$psalt" --info-hex "$info" --iterations 1000 --exportable
rc_is 2 "pbkdf2 without a password when standard input is no terminal" \
	"$T" derive --kdf pbkdf2-sha256 --salt-hex "$psalt" \
	--iterations 1000 --exportable </dev/null
: >"$d/pw0"
rc_is 2 "pbkdf2 with an empty password file" \
	"$T" derive --kdf pbkdf2-sha256 --password-file "$d/pw0" \
	--salt-hex "$psalt" --iterations 1000 --exportable
printf 'one\ntwo\n' >"$d/pw2"
rc_is 2 "pbkdf2 with a password file of two lines" \
	"$T" derive --kdf pbkdf2-sha256 --password-file "$d/pw2" \
	--salt-hex "$psalt" --iterations 1000 --exportable
head -c 1100 /dev/zero | tr '\0' a >"$d/pwlong"
rc_is 2 "pbkdf2 with a password over 1024 bytes" \
	"$T" derive --kdf pbkdf2-sha256 --password-file "$d/pwlong" \
	--salt-hex "$psalt" --iterations 1000 --exportable
rc_is 2 "hkdf with --label-hex (an SP 800-108 input)" \
	"$T" derive --kdf hkdf-sha256 --key "$d/ikm.blob" --label-hex "$label" \
	--exportable
rc_is 2 "kbkdf with --salt-hex (an HKDF/PBKDF2 input)" \
	"$T" derive --kdf kbkdf-hmac-sha256 --key "$d/kbh.blob" \
	--salt-hex "$salt" --exportable
rc_is 2 "hkdf with --iterations" \
	"$T" derive --kdf hkdf-sha256 --key "$d/ikm.blob" --iterations 10 \
	--exportable
rc_is 2 "hkdf without --key" \
	"$T" derive --kdf hkdf-sha256 --salt-hex "$salt" --exportable
rc_is 2 "hkdf-sha256 --length 8161 (over 255 x 32)" \
	"$T" derive --kdf hkdf-sha256 --key "$d/ikm.blob" --length 8161 \
	--exportable
rc_is 0 "hkdf-sha256 --length 1024 (an hmac key's largest)" \
	"$T" derive --kdf hkdf-sha256 --key "$d/ikm.blob" --length 1024 \
	--exportable
rc_is 2 "--out-type aes --length 20" \
	"$T" derive --kdf hkdf-sha256 --key "$d/ikm.blob" --out-type aes \
	--length 20 --exportable
rc_is 2 "--out-type rsa" \
	"$T" derive --kdf hkdf-sha256 --key "$d/ikm.blob" --out-type rsa \
	--exportable
rc_is 2 "--salt-hex of an odd number of digits" \
	"$T" derive --kdf hkdf-sha256 --key "$d/ikm.blob" --salt-hex abc \
	--exportable
rc_is 2 "--salt-hex and --salt-file together" \
	"$T" derive --kdf hkdf-sha256 --key "$d/ikm.blob" --salt-hex "$salt" \
	--salt-file "$d/salt" --exportable
head -c 1025 /dev/zero >"$d/big"
rc_is 2 "an --info-file over 1024 bytes" \
	"$T" derive --kdf hkdf-sha256 --key "$d/ikm.blob" \
	--info-file "$d/big" --exportable
rc_is 2 "two inputs from standard input" \
	"$T" derive --kdf hkdf-sha256 --key "$d/ikm.blob" --salt-file - \
	--info-file - --exportable </dev/null
rc_is 2 "neither --out nor --exportable" \
	"$T" derive --kdf hkdf-sha256 --key "$d/ikm.blob"
rc_is 2 "--salt-hex without --kdf" \
	"$T" derive --key "$d/ec.blob" --peer "$d/oec.pub.pem" \
	--salt-hex "$salt" --exportable
rc_is 2 "--trusted does not apply to derive" \
	"$T" derive --kdf hkdf-sha256 --key "$d/ikm.blob" --trusted \
	--out "$d/x.blob"
rc_is 2 "--kdf does not apply to other commands" \
	"$T" key generate --type aes --bits 256 --kdf hkdf-sha256 \
	--out "$d/x.blob"
rc_is 4 "a missing --password-file is an I/O error" \
	"$T" derive --kdf pbkdf2-sha256 --password-file "$d/nonexistent" \
	--salt-hex "$psalt" --iterations 1000 --exportable
check "refused commands write no key file" test ! -e "$d/x.blob"
echo "1..$n"
