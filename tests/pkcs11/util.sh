#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# tests/pkcs11/util.sh - ncr-pkcs11-util (tools/ncr-pkcs11-util) end to
# end against ncr-pkcs11.so: token and PIN administration, importing
# OpenSSL-made keys and certificates, signing with the imported keys
# through pkcs11-tool and verifying with openssl, list/delete/
# export-pubkey round trips, exit codes.
#
# Runs inside the VM as root (tools/ncr-vm -- tests/pkcs11/util.sh): sets
# the ncr master key if none is set, and uses a fresh tokens directory.
# TAP output; exit status 1 if any test failed.

cd "$(dirname "$0")/../.." || exit 1
. tests/pkcs11/lib.sh

UTIL=$P11_TOP/build/bin/ncr-pkcs11-util
export NCR_PKCS11_MODULE=$P11_MODULE
unset NCR_PKCS11_PIN NCR_PKCS11_SO_PIN
W=$(mktemp -d "${TMPDIR:-/tmp}/p11util.XXXXXX")
trap 'rm -rf "$W"' EXIT
export NCR_PKCS11_DIR=$W/tokens
mkdir -p "$NCR_PKCS11_DIR"
PIN=$P11_PIN SO=$P11_SO_PIN TOK=util

n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
# t NAME CMD...: passes when CMD succeeds; shows its output otherwise
t() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then ok "$name"; else
		nok "$name"; printf '%s\n' "$out" | sed 's/^/# /'; fi
}
# rc NAME WANT CMD...: passes when CMD exits with status WANT
rc() {
	local name=$1 want=$2 got
	shift 2
	"$@" >"$W/out" 2>&1
	got=$?
	if [ "$got" = "$want" ]; then ok "$name"; else
		nok "$name (status $got, want $want)"
		sed 's/^/# /' "$W/out"; fi
}
util() { "$UTIL" "$@"; }
p11tool() { "${P11_TOOL[@]}" --token-label "$TOK" "$@"; }

for x in "$UTIL" "$P11_MODULE"; do
	[ -e "$x" ] || { echo "1..0 # SKIP $x is not built"; exit 0; }
done
if [ ! -e /dev/crypto ]; then
	echo "1..0 # SKIP no /dev/crypto (run in the VM)"; exit 0
fi
p11_master_key || { echo "not ok 1 - master key"; exit 1; }

# ------------------------------------------------------------ test keys
(
	cd "$W" || exit 1
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
		-out rsa.pem &&
	openssl req -new -x509 -key rsa.pem -subj "/CN=ncr util test" \
		-days 30 -out rsa.crt &&
	openssl x509 -in rsa.crt -outform DER -out rsa.crt.der &&
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
		-out ec.pem &&
	openssl pkcs8 -topk8 -nocrypt -in ec.pem -outform DER -out ec.der &&
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 \
		-out ec384.pem &&
	openssl pkey -in ec384.pem -pubout -out ec384.pub &&
	openssl genpkey -algorithm ED25519 -out ed.pem &&
	openssl genpkey -algorithm X25519 -out x.pem &&
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
		-out rsa2.pem &&
	for k in rsa ec ed x rsa2; do
		openssl pkey -in $k.pem -pubout -out $k.pub || exit 1
	done &&
	echo "data to sign, $(date)" >data
) >"$W/openssl.log" 2>&1 || {
	echo "not ok 1 - make test keys with openssl"
	sed 's/^/# /' "$W/openssl.log"
	exit 1
}

# ------------------------------------------------------- usage, tokens
rc "no command: status 1" 1 util
rc "unknown command: status 1" 1 util frobnicate
rc "option the command does not take: status 1" 1 util list --pin 1234
rc "init-token without --label: status 1" 1 util init-token --so-pin "$SO"
rc "import without FILE: status 1" 1 util import --token $TOK --label k
rc "a module that does not load: status 2" 2 \
	util --module "$W/none.so" list

t "init-token on the free slot" util init-token --label $TOK --so-pin "$SO"
util list >"$W/list" 2>&1
if grep -q "token label:   $TOK\$" "$W/list" &&
   grep -q 'user PIN:      not set' "$W/list" &&
   grep -q 'token:         not initialised' "$W/list"; then
	ok "list: the new token, its user PIN unset, a free slot"
else
	nok "list: the new token, its user PIN unset, a free slot"
	sed 's/^/# /' "$W/list"
fi
rc "init-token: a label in use is refused (status 1)" 1 \
	util init-token --label $TOK --so-pin "$SO"
rc "init-pin with a wrong SO PIN: status 2" 2 \
	util init-pin --token $TOK --so-pin 99999999 --pin "$PIN"
grep -q CKR_PIN_INCORRECT "$W/out" && ok "  ... and CKR_PIN_INCORRECT said" ||
	nok "  ... and CKR_PIN_INCORRECT said"
printf '%s\n' "$SO" >"$W/so.pin"
t "init-pin (SO PIN from a file)" \
	util init-pin --token $TOK --so-pin-file "$W/so.pin" --pin "$PIN"
util list >"$W/list" 2>&1
grep -q 'user PIN:      ok' "$W/list" && grep -q 'user-pin-initialized' \
	"$W/list" && ok "list: user PIN set" || nok "list: user PIN set"
rc "unknown token: status 1" 1 util list-objects --token nosuch --pin "$PIN"

# ------------------------------------------------------------- import
t "import an RSA private key (PEM)" util import --token $TOK --pin "$PIN" \
	--label rsa --id 01 "$W/rsa.pem"
t "import its certificate (DER)" util import --token $TOK --pin "$PIN" \
	--label rsa --id 01 "$W/rsa.crt.der"
t "import an EC P-256 key (DER PKCS #8, PIN from the environment)" \
	env NCR_PKCS11_PIN="$PIN" "$UTIL" import --token $TOK --label ec \
	--id 02 "$W/ec.der"
t "import an Ed25519 key" util import --token $TOK --pin "$PIN" \
	--label ed --id 03 "$W/ed.pem"
t "import an X25519 key (private only)" util import --token $TOK \
	--pin "$PIN" --label x --id 04 --no-public "$W/x.pem"
t "import an EC P-384 public key" util import --token $TOK --pin "$PIN" \
	--label ec384 --id 05 "$W/ec384.pub"
printf '%s\n' "$PIN" >"$W/user.pin"
t "import an extractable, not sensitive RSA key (PIN file)" \
	util import --token $TOK --pin-file "$W/user.pin" --label open \
	--id 06 --extractable --not-sensitive "$W/rsa2.pem"
rc "import with a malformed --id: status 1" 1 util import --token $TOK \
	--pin "$PIN" --label bad --id 0g "$W/rsa.pem"
rc "import of a file that is no key: status 1" 1 util import --token $TOK \
	--pin "$PIN" --label bad --id 07 "$W/data"
rc "import with a wrong PIN: status 2" 2 util import --token $TOK \
	--pin 0000 --label bad --id 07 "$W/rsa.pem"

# ------------------------------------------------------- list-objects
util list-objects --token $TOK --pin "$PIN" >"$W/objs" 2>&1
# the block of the object whose id line is "id: ID" and class is CLASS
block() { awk -v c="$1" -v id="$2" '
	/^[a-z]/ { if (cl ~ "^" c && i == id) print b; b = $0; cl = $0; i = ""; next }
	{ b = b "\n" $0 } /^  id:/ { i = $2 }
	END { if (cl ~ "^" c && i == id) print b }' "$W/objs"; }
check_block() {	# NAME CLASS ID REGEX... ("!REGEX": must not match)
	local name=$1 b hit
	b=$(block "$2" "$3")
	shift 3
	for re in "$@"; do
		if [ "${re#!}" != "$re" ]; then
			grep -Eq -- "${re#!}" <<<"$b" && hit=no || hit=yes
		else
			grep -Eq -- "$re" <<<"$b" && hit=yes || hit=no
		fi
		if [ $hit = no ]; then
			nok "$name"; printf '%s\n' "$b" | sed 's/^/# /'
			sed 's/^/#   /' "$W/objs"; return
		fi
	done
	ok "$name"
}
check_block "list-objects: the RSA private key, sensitive, not extractable" \
	private-key 01 '^private-key RSA-2048$' 'label:   rsa$' \
	'flags: +token private sensitive' '! extractable' '!local'
check_block "list-objects: the RSA public key beside it" public-key 01 \
	'^public-key RSA-2048$'
check_block "list-objects: the certificate with its subject" certificate 01 \
	'^certificate X.509$' 'subject: .*CN=ncr util test'
check_block "list-objects: the EC P-256 key, not local" private-key 02 \
	'^private-key EC-P-256$' 'sensitive' '!local'
check_block "list-objects: the Ed25519 key" private-key 03 \
	'^private-key Ed25519$'
check_block "list-objects: the X25519 key" private-key 04 \
	'^private-key X25519$'
check_block "list-objects: the P-384 public key" public-key 05 \
	'^public-key EC-P-384$'
check_block "list-objects: --extractable --not-sensitive" private-key 06 \
	'flags: +token private extractable$'
util list-objects --token $TOK >"$W/pubobjs" 2>&1
if ! grep -q '^private-key' "$W/pubobjs" &&
   grep -q '^public-key RSA-2048' "$W/pubobjs"; then
	ok "list-objects without a PIN: public objects only"
else
	nok "list-objects without a PIN: public objects only"
	sed 's/^/# /' "$W/pubobjs"
fi

# ------------------------------------------- signing with imported keys
if p11tool --login --pin "$PIN" --sign --id 01 -m SHA256-RSA-PKCS \
	-i "$W/data" -o "$W/rsa.sig" >"$W/out" 2>&1 &&
   openssl dgst -sha256 -verify "$W/rsa.pub" -signature "$W/rsa.sig" \
	"$W/data" >>"$W/out" 2>&1; then
	ok "pkcs11-tool signs with the imported RSA key, openssl verifies"
else
	nok "pkcs11-tool signs with the imported RSA key, openssl verifies"
	sed 's/^/# /' "$W/out"
fi
if p11tool --login --pin "$PIN" --sign --id 01 -m SHA256-RSA-PKCS-PSS \
	--mgf MGF1-SHA256 --salt-len 32 -i "$W/data" -o "$W/pss.sig" \
	>"$W/out" 2>&1 &&
   openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt \
	rsa_pss_saltlen:32 -verify "$W/rsa.pub" -signature "$W/pss.sig" \
	"$W/data" >>"$W/out" 2>&1; then
	ok "RSA-PSS signature of the imported key verifies"
else
	nok "RSA-PSS signature of the imported key verifies"
	sed 's/^/# /' "$W/out"
fi
if p11tool --login --pin "$PIN" --sign --id 02 -m ECDSA-SHA256 \
	--signature-format openssl -i "$W/data" -o "$W/ec.sig" \
	>"$W/out" 2>&1 &&
   openssl dgst -sha256 -verify "$W/ec.pub" -signature "$W/ec.sig" \
	"$W/data" >>"$W/out" 2>&1; then
	ok "pkcs11-tool signs with the imported EC key, openssl verifies"
else
	nok "pkcs11-tool signs with the imported EC key, openssl verifies"
	sed 's/^/# /' "$W/out"
fi
if p11tool --login --pin "$PIN" --sign --id 03 -m EDDSA \
	-i "$W/data" -o "$W/ed.sig" >"$W/out" 2>&1 &&
   openssl pkeyutl -verify -pubin -inkey "$W/ed.pub" -rawin \
	-in "$W/data" -sigfile "$W/ed.sig" >>"$W/out" 2>&1; then
	ok "pkcs11-tool signs with the imported Ed25519 key, openssl verifies"
else
	nok "pkcs11-tool signs with the imported Ed25519 key, openssl verifies"
	sed 's/^/# /' "$W/out"
fi

# ------------------------------------------------------ export-pubkey
exp_check() {	# NAME WANT-PUB ARGS...
	local name=$1 want=$2
	shift 2
	if util export-pubkey --token $TOK "$@" --out "$W/exp.pem" \
		>"$W/out" 2>&1 &&
	   cmp -s <(openssl pkey -pubin -in "$W/exp.pem" -outform DER) \
		<(openssl pkey -pubin -in "$want" -outform DER); then
		ok "$name"
	else
		nok "$name"; sed 's/^/# /' "$W/out"
	fi
}
exp_check "export-pubkey --id 01 is the RSA key's public key" "$W/rsa.pub" \
	--id 01
exp_check "export-pubkey --label ec (no PIN: the public object)" \
	"$W/ec.pub" --label ec
exp_check "export-pubkey of the Ed25519 key" "$W/ed.pub" --id 03
exp_check "export-pubkey of the X25519 key (private object, PIN)" \
	"$W/x.pub" --id 04 --pin "$PIN"
exp_check "export-pubkey of the imported P-384 public key" "$W/ec384.pub" \
	--label ec384
if util export-pubkey --token $TOK --id 01 >"$W/stdout.pem" 2>"$W/out" &&
   grep -q 'BEGIN PUBLIC KEY' "$W/stdout.pem"; then
	ok "export-pubkey to standard output"
else
	nok "export-pubkey to standard output"; sed 's/^/# /' "$W/out"
fi
rc "export-pubkey of nothing: status 1" 1 \
	util export-pubkey --token $TOK --id 7777

# ------------------------------------------------------------- delete
t "delete --id 02 (the EC pair)" util delete --token $TOK --pin "$PIN" \
	--id 02
util list-objects --token $TOK --pin "$PIN" >"$W/objs" 2>&1
if [ -z "$(block private-key 02)$(block public-key 02)" ] &&
   [ -n "$(block private-key 01)" ]; then
	ok "list-objects: the EC pair is gone, the rest is there"
else
	nok "list-objects: the EC pair is gone, the rest is there"
	sed 's/^/# /' "$W/objs"
fi
t "delete --label rsa --class certificate" util delete --token $TOK \
	--pin "$PIN" --label rsa --class certificate
util list-objects --token $TOK --pin "$PIN" >"$W/objs" 2>&1
[ -z "$(block certificate 01)" ] && [ -n "$(block private-key 01)" ] &&
	ok "  ... only the certificate went" || nok "  ... only the certificate went"
rc "delete of nothing: status 1" 1 util delete --token $TOK --pin "$PIN" \
	--id 02
rc "delete with a wrong PIN: status 2" 2 util delete --token $TOK \
	--pin 4321 --id 01
rc "delete without --label/--id: status 1" 1 util delete --token $TOK \
	--pin "$PIN"

# ------------------------------------------------------- PINs, counters
rc "list-objects with a bad PIN: status 2" 2 \
	util list-objects --token $TOK --pin 9999
grep -q 'CKR_PIN_INCORRECT' "$W/out" && ok "  ... CKR_PIN_INCORRECT printed" ||
	nok "  ... CKR_PIN_INCORRECT printed"
grep -q 9999 "$W/out" && nok "  ... the PIN is not echoed" ||
	ok "  ... the PIN is not echoed"
util list >"$W/list" 2>&1
grep -q 'user PIN:      failed logins recorded' "$W/list" &&
	grep -q user-pin-count-low "$W/list" &&
	ok "list: the user PIN's failure counter shows" ||
	{ nok "list: the user PIN's failure counter shows"; sed 's/^/# /' "$W/list"; }
t "set-pin (user)" util set-pin --token $TOK --old-pin "$PIN" \
	--new-pin 24680
rc "the old user PIN no longer works (status 2)" 2 \
	util list-objects --token $TOK --pin "$PIN"
t "the new user PIN works" util list-objects --token $TOK --pin 24680
util list >"$W/list" 2>&1
grep -q 'user PIN:      ok' "$W/list" && ok "list: a good login reset the counter" ||
	nok "list: a good login reset the counter"
t "set-pin --so" util set-pin --token $TOK --so --old-pin "$SO" \
	--new-pin 87654321
rc "the old SO PIN no longer works (status 2)" 2 \
	util init-pin --token $TOK --so-pin "$SO" --pin "$PIN"
t "init-pin with the new SO PIN resets the user PIN" \
	util init-pin --token $TOK --so-pin 87654321 --pin "$PIN"
t "... and keeps the objects" bash -c \
	"'$UTIL' list-objects --token $TOK --pin '$PIN' | grep -q '^private-key RSA-2048'"
rc "set-pin: a new PIN too short (status 2)" 2 util set-pin --token $TOK \
	--old-pin "$PIN" --new-pin 12
grep -q CKR_PIN_LEN_RANGE "$W/out" && ok "  ... CKR_PIN_LEN_RANGE" ||
	nok "  ... CKR_PIN_LEN_RANGE"

# ------------------------------------------------ other PKCS #11 clients
if command -v ssh-keygen >/dev/null; then
	ssh-keygen -D "$P11_MODULE" >"$W/ssh.pub" 2>"$W/out"
	want=$(ssh-keygen -i -m PKCS8 -f "$W/rsa.pub" 2>/dev/null | cut -d' ' -f2)
	if [ -n "$want" ] && grep -q "$want" "$W/ssh.pub"; then
		ok "ssh-keygen -D lists the imported RSA key"
	else
		nok "ssh-keygen -D lists the imported RSA key"
		sed 's/^/# /' "$W/ssh.pub" "$W/out"
	fi
fi

# ---------------------------------------------------- re-initialisation
rc "init-token --token with a wrong SO PIN: status 2" 2 util init-token \
	--token $TOK --label util2 --so-pin 11111111
t "init-token --token re-initialises" util init-token --token $TOK \
	--label util2 --so-pin 87654321
util list >"$W/list" 2>&1
grep -q 'token label:   util2$' "$W/list" && ! grep -q "token label:   $TOK\$" \
	"$W/list" && ok "list: the token has its new label" ||
	nok "list: the token has its new label"
TOK=util2
t "init-pin on the new token" util init-pin --token $TOK --so-pin 87654321 \
	--pin "$PIN"
util list-objects --token $TOK --pin "$PIN" >"$W/objs" 2>&1
grep -q '^no objects' "$W/objs" && ok "re-initialisation erased every object" ||
	{ nok "re-initialisation erased every object"; sed 's/^/# /' "$W/objs"; }

# ------------------------------------- the default PBKDF2 iteration count
# (the rest of the tests use few, NCR_PKCS11_PBKDF2_ITERATIONS): a token
# made with the default records it and logs in with it
(
	unset NCR_PKCS11_PBKDF2_ITERATIONS
	util init-token --label dflt --so-pin 87654321 >/dev/null 2>&1 &&
	util init-pin --token dflt --so-pin 87654321 --pin "$PIN" >/dev/null 2>&1
) && ok "a token with the default PBKDF2 count initialises" ||
	nok "a token with the default PBKDF2 count initialises"
iters=$(grep -h '^user=' "$NCR_PKCS11_DIR"/*/token 2>/dev/null |
	cut -d: -f2 | sort -n | tail -n 1)
[ "$iters" = 210000 ] && ok "its user PIN record has 210000 iterations" ||
	nok "its user PIN record has 210000 iterations (got ${iters:-none})"
t "... and the user logs in with it" util list-objects --token dflt \
	--pin "$PIN"

echo "1..$n"
[ "$failed" = 0 ]
