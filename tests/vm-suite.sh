#!/bin/bash
# tests/vm-suite.sh - the ncr test suite; runs INSIDE the VM, as root:
#
#   tools/ncr-vm --kernel K [--crypto-accel] -- tests/vm-suite.sh [--with-accel]
#
# In order:
#   1. security, as root, with a fresh random master key (it checks ENOKEY
#      before setting it, so it must be the first program of the boot);
#   2. abi (raw ioctls; the master key is now set);
#   3. diff_openssl (differential tests against OpenSSL);
#   4. wycheproof over every file in $NCR_VECTORS (default: the
#      shared/vectors/wycheproof/testvectors_v1 folder beside the
#      repository); files of other schemas are reported as skipped;
#   4b. pk_interop (public keys against OpenSSL libcrypto and the openssl
#      command line);
#   5. security again as nobody (65534): master key set EPERM, and the
#      rest unprivileged;
#   6. stress (bounded: NCR_STRESS_ITERS, NCR_STRESS_SECONDS);
#   7. ncrtool end to end (build/bin/ncrtool);
#   7b. ncrtool public-key commands against openssl (tests/ncrtool-pk.sh);
#   8. with --with-accel: accel --require-hw (needs --crypto-accel).
# Every step prints TAP; a step that exits non-zero without a "not ok" line
# gets one.  The last line is "# vm-suite: N passed, N failed, N skipped";
# the exit status is 1 if anything failed.
set -u

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/tap-lib.sh
. tests/tap-lib.sh

with_accel=0
for arg in "$@"; do
	case $arg in
	--with-accel) with_accel=1 ;;
	*) echo "usage: tests/vm-suite.sh [--with-accel]" >&2; exit 2 ;;
	esac
done

B=build/tests
NCRTOOL=build/bin/ncrtool
work=$(mktemp -d "${TMPDIR:-/tmp}/vm-suite.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
log=$work/all.tap
: >"$log"

if [ -z "${NCR_VECTORS:-}" ]; then
	gtop=$(git -C "$top" rev-parse --show-toplevel 2>/dev/null) || gtop=$top
	NCR_VECTORS=$gtop/../shared/vectors/wycheproof/testvectors_v1
fi

say() { echo "$*" | tee -a "$log"; }

# tap_run with the step's duration as a comment line (not counted)
timed_run() {
	local name=$1 t=$SECONDS rc
	tap_run "$@"
	rc=$?
	echo "# time $name: $((SECONDS - t)) s"
	return "$rc"
}

# Every public-key Wycheproof test runs (about 50 s per kernel under TCG);
# NCR_WYCHEPROOF_PK_STRIDE=k samples every k-th test of those files, with
# an offset changing from run to run, should that become too slow.
export NCR_WYCHEPROOF_PK_STRIDE=${NCR_WYCHEPROOF_PK_STRIDE:-1}

t0=$(date +%s)
if [ -c /dev/crypto ]; then
	say "ok - /dev/crypto is a character device"
else
	say "not ok - /dev/crypto is a character device"
fi
# every known answer passed (symmetric ones and, since ABI 2, public key)
kat=$(dmesg | sed -n 's/.*ncr: known-answer self-tests passed (\([0-9]*\) of \([0-9]*\)).*/\1 \2/p' | tail -n 1)
if [ -n "$kat" ] && [ "${kat% *}" = "${kat#* }" ] && [ "${kat% *}" -ge 5 ]; then
	say "ok - the module's known-answer self-tests passed at load ($kat)"
else
	say "not ok - the module's known-answer self-tests passed at load (${kat:-no message})"
fi

# 1. security (master key part first), as root
mk=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
timed_run security "$log" "$B/security" --master-key-hex "$mk"

# 2. abi
timed_run abi "$log" "$B/abi"

# 3. diff_openssl
timed_run diff_openssl "$log" "$B/diff_openssl"

# 4. wycheproof
shopt -s nullglob
vectors=("$NCR_VECTORS"/*.json)
shopt -u nullglob
if [ ${#vectors[@]} -eq 0 ]; then
	say "not ok - Wycheproof vectors found in $NCR_VECTORS"
else
	timed_run wycheproof "$log" "$B/wycheproof" "${vectors[@]}"
fi

# 4b. public-key interoperability with OpenSSL
timed_run pk_interop "$log" "$B/pk_interop"

# 5. security, unprivileged
if command -v setpriv >/dev/null 2>&1; then
	tap_run "security (uid 65534)" "$log" \
		setpriv --reuid=65534 --regid=65534 --clear-groups "$B/security"
else
	tap_run "security (nobody)" "$log" \
		su nobody -s /bin/sh -c "$B/security"
fi

# 6. stress, then random ioctls (NCR_FUZZ_ITERS, default 20000)
timed_run stress "$log" "$B/stress"
timed_run ioctl_fuzz "$log" "$B/ioctl_fuzz"

# 7. ncrtool end to end
ncrtool_checks() {
	local d=$work/ncrtool n=0 rc out want got
	mkdir -p "$d"
	ok() { n=$((n + 1)); echo "ok $n - ncrtool: $*"; }
	nok() { n=$((n + 1)); echo "not ok $n - ncrtool: $*"; }
	check() { # check DESCRIPTION CONDITION-COMMAND...
		local what=$1
		shift
		if "$@"; then ok "$what"; else nok "$what"; fi
	}
	if [ ! -x "$NCRTOOL" ]; then
		echo "1..0 # SKIP $NCRTOOL not built"
		return 0
	fi
	T=$NCRTOOL

	"$T" info >"$d/info" 2>&1
	rc=$?
	check "info exits 0 (got $rc)" test "$rc" -eq 0
	check "info shows ABI version 2" grep -Eq 'ABI version:[[:space:]]+2$' "$d/info"
	head -c 100000 /dev/urandom >"$d/plain"
	head -c 32 /dev/urandom >"$d/raw32"

	"$T" key generate --type aes --bits 256 --out "$d/k.blob"
	check "key generate writes a key file" test -s "$d/k.blob"
	out=$("$T" key info --key "$d/k.blob" 2>&1)
	check "key info shows an AES 256-bit key" \
		grep -Eq '^type:[[:space:]]+aes$' <<<"$out"
	check "key info shows 256 bits" grep -Eq '^bits:[[:space:]]+256$' <<<"$out"

	for alg in aes-gcm aes-cbc aes-ctr; do
		rm -f "$d/ct" "$d/pt"
		"$T" encrypt --key "$d/k.blob" --alg "$alg" --in "$d/plain" \
			--out "$d/ct" &&
			"$T" decrypt --key "$d/k.blob" --alg "$alg" \
				--in "$d/ct" --out "$d/pt"
		check "$alg encrypt/decrypt round trip of 100000 bytes" \
			cmp -s "$d/plain" "$d/pt"
	done
	# a flipped byte in the middle of an AEAD file must not decrypt
	"$T" encrypt --key "$d/k.blob" --alg aes-gcm --in "$d/plain" \
		--out "$d/ct"
	printf '\x55' | dd of="$d/ct" bs=1 seek=5000 conv=notrunc status=none
	"$T" decrypt --key "$d/k.blob" --alg aes-gcm --in "$d/ct" \
		--out "$d/pt" >/dev/null 2>&1
	rc=$?
	check "aes-gcm decrypt of a tampered file exits 1 (got $rc)" \
		test "$rc" -eq 1

	"$T" key export --key "$d/k.blob" --out "$d/leak" >/dev/null 2>&1
	rc=$?
	check "key export of a non-exportable key is refused with exit 3 (got $rc)" \
		test "$rc" -eq 3
	check "key export refused wrote no key bytes" test ! -s "$d/leak"

	"$T" key import --type aes --in "$d/raw32" --exportable \
		--out "$d/e.blob" &&
		"$T" key export --key "$d/e.blob" --out "$d/raw32.out"
	check "key import --exportable then key export gives the bytes back" \
		cmp -s "$d/raw32" "$d/raw32.out"

	# CBC with a given IV equals openssl enc
	iv=000102030405060708090a0b0c0d0e0f
	rm -f "$d/ct"
	"$T" encrypt --key "$d/e.blob" --alg aes-256-cbc --iv "$iv" \
		--in "$d/plain" --out "$d/ct"
	want=$(openssl enc -aes-256-cbc -K "$(od -An -tx1 "$d/raw32" | tr -d ' \n')" \
		-iv "$iv" -in "$d/plain" 2>/dev/null | sha256sum | cut -d' ' -f1)
	got=$(sha256sum <"$d/ct" | cut -d' ' -f1)
	check "aes-256-cbc --iv output equals openssl enc" test "$want" = "$got"

	want=$(sha256sum "$d/plain" | cut -d' ' -f1)
	got=$("$T" digest --alg sha256 "$d/plain" | cut -d' ' -f1)
	check "digest sha256 of a file equals sha256sum" test "$want" = "$got"
	got=$("$T" digest --alg sha256 <"$d/plain" | cut -d' ' -f1)
	check "digest sha256 of standard input equals sha256sum" \
		test "$want" = "$got"
	want=$(sha512sum </dev/null | cut -d' ' -f1)
	got=$("$T" digest --alg sha512 </dev/null | cut -d' ' -f1)
	check "digest sha512 of empty input equals sha512sum" \
		test "$want" = "$got"

	"$T" key import --type hmac --in "$d/raw32" --usage sign,verify \
		--out "$d/h.blob"
	mac=$("$T" mac --alg hmac-sha256 --key "$d/h.blob" --in "$d/plain")
	want=$(openssl dgst -sha256 -mac HMAC \
		-macopt "hexkey:$(od -An -tx1 "$d/raw32" | tr -d ' \n')" \
		<"$d/plain" 2>/dev/null | sed 's/.*= *//')
	check "mac hmac-sha256 equals openssl dgst -mac HMAC" \
		test -n "$mac" -a "$mac" = "$want"
	"$T" verify-mac --alg hmac-sha256 --key "$d/h.blob" --mac "$mac" \
		--in "$d/plain" >/dev/null 2>&1
	rc=$?
	check "verify-mac of the right MAC exits 0 (got $rc)" test "$rc" -eq 0
	if [ "${mac:0:1}" = f ]; then bad=0${mac:1}; else bad=f${mac:1}; fi
	"$T" verify-mac --alg hmac-sha256 --key "$d/h.blob" --mac "$bad" \
		--in "$d/plain" >/dev/null 2>&1
	rc=$?
	check "verify-mac of a wrong MAC exits 1 (got $rc)" test "$rc" -eq 1

	# key wrap: the HMAC key under an AES-256 key-encryption key, both
	# algorithms, unwrapped into a new key that MACs the same
	"$T" key generate --type aes --bits 256 --usage wrap,unwrap \
		--out "$d/kek.blob"
	for walg in rfc5649 rfc3394; do
		rm -f "$d/h.wrapped" "$d/h2.blob"
		"$T" key wrap --key "$d/kek.blob" --target "$d/h.blob" \
			--alg "$walg" --out "$d/h.wrapped"
		check "key wrap --alg $walg of a 32-byte key writes 40 bytes" \
			test "$(stat -c %s "$d/h.wrapped" 2>/dev/null)" = 40
		"$T" key unwrap --key "$d/kek.blob" --in "$d/h.wrapped" \
			--alg "$walg" --type hmac --usage sign,verify \
			--out "$d/h2.blob"
		got=$("$T" mac --alg hmac-sha256 --key "$d/h2.blob" \
			--in "$d/plain" 2>/dev/null)
		check "key unwrap --alg $walg gives a key with the same MAC" \
			test -n "$got" -a "$got" = "$mac"
	done
	out=$("$T" key info --key "$d/h2.blob" 2>&1)
	check "the unwrapped key is wrappable, not exportable" \
		grep -Eq '^flags:[[:space:]]+wrappable$' <<<"$out"
	"$T" key export --key "$d/h2.blob" --out "$d/leak2" >/dev/null 2>&1
	rc=$?
	check "key export of an unwrapped key is refused with exit 3 (got $rc)" \
		test "$rc" -eq 3
	"$T" key unwrap --key "$d/kek.blob" --in "$d/h.wrapped" --alg rfc5649 \
		--type hmac --out "$d/h3.blob" >/dev/null 2>&1
	rc=$?
	check "key unwrap with the other --alg exits 1 (got $rc)" \
		test "$rc" -eq 1
	printf '\x55' | dd of="$d/h.wrapped" bs=1 seek=20 conv=notrunc \
		status=none
	"$T" key unwrap --key "$d/kek.blob" --in "$d/h.wrapped" --alg rfc3394 \
		--type hmac --out "$d/h3.blob" >/dev/null 2>&1
	rc=$?
	check "key unwrap of a tampered wrapped key exits 1 (got $rc)" \
		test "$rc" -eq 1
	check "a failed unwrap writes no key file" test ! -e "$d/h3.blob"
	"$T" key unwrap --key "$d/kek.blob" --in "$d/h.wrapped" --type hmac \
		--exportable --out "$d/h3.blob" >/dev/null 2>&1
	rc=$?
	check "key unwrap --exportable is a usage error (got $rc)" \
		test "$rc" -eq 2
	"$T" key wrap --key "$d/k.blob" --target "$d/h.blob" \
		--out "$d/h4.wrapped" >/dev/null 2>&1
	rc=$?
	check "key wrap under a key without the wrap usage exits 3 (got $rc)" \
		test "$rc" -eq 3

	"$T" no-such-command >/dev/null 2>&1
	rc=$?
	check "an unknown command exits 2 (got $rc)" test "$rc" -eq 2
	echo "1..$n"
}
timed_run ncrtool "$log" ncrtool_checks
# 7b. ncrtool public-key commands against the openssl command line
timed_run "ncrtool public key" "$log" tests/ncrtool-pk.sh

# 8. accel
if [ "$with_accel" = 1 ]; then
	timed_run accel "$log" "$B/accel" --require-hw
fi

read -r p f s < <(tap_count "$log")
echo "# vm-suite: $p passed, $f failed, $s skipped ($(($(date +%s) - t0)) s, $(uname -r))"
[ "$f" -eq 0 ]
