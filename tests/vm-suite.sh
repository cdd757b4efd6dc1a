#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/vm-suite.sh - the ncr test suite; runs INSIDE the VM, as root:
#
#   tools/ncr-vm --kernel K [--crypto-accel] -- tests/vm-suite.sh [--with-accel]
#
# In order:
#   1. security, as root, with a fresh random master key (it checks ENOKEY
#      before setting it, so it must be the first program of the boot);
#   2. abi (raw ioctls; the master key is now set), then batch
#      (NCRIO_BATCH: every element as the lone call and as OpenSSL;
#      --with-accel: its hardware elements must run);
#   2a. uring (io_uring commands, tests/uring/; --require-hw with
#      --with-accel) and the example build/bin/ncr-uring-example (with
#      --hw too under --with-accel);
#   2b. bsd and bsd32: the BSD /dev/crypto ABI from a 64-bit and a 32-bit
#      program (tests/bsd/);
#   3. diff_openssl (differential tests against OpenSSL);
#   4. wycheproof over every file in $NCR_VECTORS (default: the
#      shared/vectors/wycheproof/testvectors_v1 folder beside the
#      repository); files of other schemas are reported as skipped;
#      then the aes_* and hmac_* files through the BSD ABI
#      (--backend=bsd);
#   4a. wycheproof over tests/vectors/rsa_legacy/*.json: RSA-1024/1536
#      vectors made by scripts/gen-rsa-legacy-vectors.py (private keys
#      imported with NCR_KEY_FLAG_RSA_LEGACY);
#   4b. pk_interop (public keys against OpenSSL libcrypto and the openssl
#      command line); rsa_legacy (NCR_KEY_FLAG_RSA_LEGACY: RSA-1024/1536
#      keys against OpenSSL, storage blobs under the master key of step 1);
#   4c. kdf (NCRIO_KEY_KDF: known answers, OpenSSL EVP_KDF, key policy,
#      ECDH then HKDF, a PBKDF2 killed mid-call);
#   5. security again as nobody (65534): master key set EPERM, and the
#      rest unprivileged;
#   5b. attacks (tests/attacks/, the attack suite of docs/security.md): as root
#      "attacks --setup DIR" (blobs of keys only root can make, and the
#      root side of the memory and userfaultfd attacks), then as nobody
#      (65534) every attack, each failing if it works (NCR_ATTACK_SECONDS
#      per race);
#   6. stress (bounded: NCR_STRESS_ITERS, NCR_STRESS_SECONDS), ioctl_fuzz,
#      the failnth steps once each, unarmed;
#   7. ncrtool end to end (build/bin/ncrtool);
#   7b. ncrtool public-key commands against openssl (tests/ncrtool-pk.sh);
#   7c. ncrtool derive --kdf against RFC vectors and openssl kdf
#      (tests/ncrtool-kdf.sh);
#   7e. ncrtool's command-line rules (tests/ncrtool-cli.sh);
#   7f. ncrtool encrypt/decrypt of the AEAD modes, file format 2 in 64 KiB
#      segments: sizes, truncation, reordering, splicing, format 1 files,
#      pipes, a big stream in constant memory (tests/ncrtool-stream.sh;
#      NCR_STREAM_BIG_MIB, default 256 on 6.12 and 64 on 6.1);
#   7d. the PKCS #11 token (tests/pkcs11/): clients, attacks, processes;
#   8. with --with-accel: accel --require-hw (needs --crypto-accel);
#   9. tests/vm-master.sh: reloads ncr.ko, so last (the module unloaded,
#      dev_mode, the master key's life in a fresh load: abi --master-fresh).
#  10. tests/vm-master-key.sh: reloads ncr.ko too: ncr-master-key.service's
#      script (encrypted key, key file), key rotation and key rewrap.
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

# 2. abi, then batch (NCRIO_BATCH, tests/batch/)
timed_run abi "$log" "$B/abi"
if [ "$with_accel" = 1 ]; then
	timed_run batch "$log" "$B/batch" --with-accel
else
	timed_run batch "$log" "$B/batch"
fi
# 2a. io_uring commands (tests/uring/): with --with-accel the requests in
# flight on virtio-crypto must run (--require-hw); without it they are
# skipped and the stress loops complete inline.  NCR_URING_SECONDS per
# stress loop (default 3, four loops).  Then libncr's example program.
if [ "$with_accel" = 1 ]; then
	timed_run uring "$log" "$B/uring" --require-hw
else
	timed_run uring "$log" "$B/uring"
fi
# the attacker's view: the same commands as uid 65534 (bad commands,
# other namespaces, requests left in flight; max_inflight_per_ns is
# root's, that test skips), the stress loops 1 s each
command -v setpriv >/dev/null &&
	timed_run "uring (uid 65534)" "$log" env NCR_URING_SECONDS=1 \
		setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$B/uring" errors files async stress
# uring_example [ARGS...]: build/bin/ncr-uring-example as one TAP line
# (its own lines as comments; exit 77, no io_uring, is a skip)
uring_example() {
	local ex=build/bin/ncr-uring-example rc
	if [ ! -x "$ex" ]; then
		echo "1..0 # SKIP $ex not built"
		return 0
	fi
	"$ex" "$@" >"$work/uring-example.out" 2>&1
	rc=$?
	sed 's/^/# /' "$work/uring-example.out"
	case $rc in
	0) echo "ok - ncr-uring-example $*" ;;
	77) echo "ok - ncr-uring-example $* # SKIP no io_uring" ;;
	*) echo "not ok - ncr-uring-example $* (exit $rc)" ;;
	esac
}
timed_run "ncr-uring-example" "$log" uring_example -n 64
if [ "$with_accel" = 1 ]; then
	timed_run "ncr-uring-example --hw" "$log" uring_example --hw -n 64
fi
# 2b. the BSD /dev/crypto ABI, 64-bit and 32-bit (compat_ioctl)
timed_run bsd "$log" "$B/bsd"
timed_run "bsd (32-bit)" "$log" "$B/bsd32"

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
	# the symmetric files again through the BSD ABI (CIOCAUTHCRYPT,
	# CIOCCRYPT); the runner picks by schema and skips what has no BSD id
	shopt -s nullglob
	bsdvec=("$NCR_VECTORS"/aes_*.json "$NCR_VECTORS"/hmac_*.json)
	shopt -u nullglob
	[ ${#bsdvec[@]} -eq 0 ] ||
		timed_run "wycheproof (BSD ABI)" "$log" "$B/wycheproof" \
			--backend=bsd "${bsdvec[@]}"
fi
# 4a. the repository's own RSA-1024/1536 vectors (NCR_KEY_FLAG_RSA_LEGACY;
# scripts/gen-rsa-legacy-vectors.py)
shopt -s nullglob
legacyvec=(tests/vectors/rsa_legacy/*.json)
shopt -u nullglob
if [ ${#legacyvec[@]} -eq 0 ]; then
	say "not ok - RSA legacy vectors found in tests/vectors/rsa_legacy"
else
	timed_run "wycheproof (RSA legacy)" "$log" "$B/wycheproof" \
		"${legacyvec[@]}"
fi

# 4b. public-key interoperability with OpenSSL
timed_run pk_interop "$log" "$B/pk_interop"
timed_run rsa_legacy "$log" "$B/rsa_legacy"
# 4c. key derivation functions (NCRIO_KEY_KDF)
timed_run kdf "$log" "$B/kdf"

# 5. security, unprivileged
if command -v setpriv >/dev/null 2>&1; then
	tap_run "security (uid 65534)" "$log" \
		setpriv --reuid=65534 --regid=65534 --clear-groups "$B/security"
else
	tap_run "security (nobody)" "$log" \
		su nobody -s /bin/sh -c "$B/security"
fi

# 5b. the attack suite: root's objects in a folder that uid 65534 can read,
# then the attacks as uid 65534
adir=$(mktemp -d "${TMPDIR:-/tmp}/attacks.XXXXXX") && chmod 755 "$adir"
timed_run "attacks --setup (root)" "$log" "$B/attacks" --setup "$adir"
if command -v setpriv >/dev/null 2>&1; then
	timed_run "attacks (uid 65534)" "$log" \
		setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$B/attacks" "$adir"
else
	timed_run "attacks (nobody)" "$log" \
		su nobody -s /bin/sh -c "$B/attacks $adir"
fi
rm -rf "$adir"

# 6. stress, then random ioctls (NCR_FUZZ_ITERS, default 20000)
timed_run stress "$log" "$B/stress"
timed_run ioctl_fuzz "$log" "$B/ioctl_fuzz"
# the fault-injection steps, once each and unarmed (the debug bed arms them)
timed_run "failnth steps" "$log" env NCR_FAILNTH_SETUP_ONLY=1 "$B/failnth"

# 7. ncrtool end to end
# flip_byte FILE OFFSET: inverts every bit of one byte in place, a tamper
# that always changes it (writing a fixed value left it alone 1 time in 256)
flip_byte() {
	local b
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "\\$(printf '%03o' $((b ^ 0xff)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

ncrtool_checks() {
	local d=$work/ncrtool n=0 rc out want got mac bad pd
	mkdir -p "$d"
	# ok, nok, check, rc_is, info_has (on $n, $d and $T)
	# shellcheck source=tests/ncrtool-lib.sh
	. tests/ncrtool-lib.sh ncrtool
	if [ ! -x "$NCRTOOL" ]; then
		echo "1..0 # SKIP $NCRTOOL not built"
		return 0
	fi
	T=$NCRTOOL

	"$T" info >"$d/info" 2>&1
	rc=$?
	check "info exits 0 (got $rc)" test "$rc" -eq 0
	check "info shows ABI version 5" grep -Eq 'ABI version:[[:space:]]+5$' "$d/info"
	check "info shows this user's keys against the per-user limit" \
		grep -Eq '^  keys:[[:space:]]+[0-9]+ / [1-9][0-9]* \(max_keys_per_user\)$' "$d/info"
	check "info shows the per-user memory limit" \
		grep -Eq '^  memory bytes:[[:space:]]+[0-9]+ / [1-9][0-9]* \(max_user_memory\)$' "$d/info"
	head -c 100000 /dev/urandom >"$d/plain"
	head -c 32 /dev/urandom >"$d/raw32"

	# one key for GCM, CBC and CTR: the set is named at creation
	"$T" key generate --type aes --bits 256 --algs aes-gcm,aes-cbc,aes-ctr \
		--label "suite key" --out "$d/k.blob"
	check "key generate writes a key file" test -s "$d/k.blob"
	out=$("$T" key info --key "$d/k.blob" 2>&1)
	check "key info shows an AES 256-bit key" \
		grep -Eq '^type:[[:space:]]+aes$' <<<"$out"
	check "key info shows 256 bits" grep -Eq '^bits:[[:space:]]+256$' <<<"$out"
	check "key info shows the algorithm set given with --algs" \
		grep -Eq '^algs:[[:space:]]+aes-cbc,aes-ctr,aes-gcm$' <<<"$out"
	check "a key file's key is storable and nothing else" \
		grep -Eq '^flags:[[:space:]]+storable$' <<<"$out"
	check "key info shows the attributes of a generated, sealed key" \
		grep -Eq '^attrs:[[:space:]]+local,always-sensitive,never-extractable$' <<<"$out"
	check "key info shows a 16-byte kernel-assigned key ID" \
		grep -Eq '^key id:[[:space:]]+[0-9a-f]{32}$' <<<"$out"
	check "key info shows the --label" \
		grep -Eq '^label:[[:space:]]+suite key$' <<<"$out"

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
	cp "$d/ct" "$d/ct.gcm"
	flip_byte "$d/ct" 5000
	"$T" decrypt --key "$d/k.blob" --alg aes-gcm --in "$d/ct" \
		--out "$d/pt" >/dev/null 2>&1
	rc=$?
	check "aes-gcm decrypt of a tampered file exits 1 (got $rc)" \
		test "$rc" -eq 1

	# a key made without --algs has the kernel's default set: AES-GCM
	# only; CBC and CTR (through which GCM's keystream could be
	# recomputed) are refused, in both directions
	"$T" key generate --type aes --bits 256 --out "$d/kd.blob"
	out=$("$T" key info --key "$d/kd.blob" 2>&1)
	check "a default AES encrypt/decrypt key has the set aes-gcm" \
		grep -Eq '^algs:[[:space:]]+aes-gcm$' <<<"$out"
	rm -f "$d/ct2"
	rc_is 2 "a default key refuses encrypt --alg aes-cbc" \
		"$T" encrypt --key "$d/kd.blob" --alg aes-cbc --in "$d/plain" \
		--out "$d/ct2"
	check "... with a message naming the algorithm set and the fix" \
		grep -q "allows the algorithms aes-gcm only, not aes-cbc: make it with --algs aes-cbc" "$d/rc.out"
	check "... and writes no output" test ! -e "$d/ct2"
	rc_is 2 "a default key refuses encrypt --alg aes-ctr" \
		"$T" encrypt --key "$d/kd.blob" --alg aes-ctr --in "$d/plain" \
		--out "$d/ct2"
	"$T" encrypt --key "$d/k.blob" --alg aes-cbc --in "$d/plain" \
		--out "$d/ct.cbc"
	rc_is 2 "a default key refuses decrypt --alg aes-cbc" \
		"$T" decrypt --key "$d/kd.blob" --alg aes-cbc --in "$d/ct.cbc" \
		--out "$d/pt2"
	rm -f "$d/pt"
	"$T" encrypt --key "$d/kd.blob" --alg aes-gcm --in "$d/plain" \
		--out "$d/ct2" &&
		"$T" decrypt --key "$d/kd.blob" --alg aes-gcm --in "$d/ct2" \
			--out "$d/pt"
	check "the default key does AES-GCM" cmp -s "$d/plain" "$d/pt"
	rc_is 2 "an encrypt/decrypt key refuses mac --alg cmac-aes" \
		"$T" mac --alg cmac-aes --key "$d/kd.blob" --in "$d/plain"
	rc_is 2 "--usage encrypt,sign without --algs is a usage error" \
		"$T" key generate --type aes --bits 256 --usage encrypt,sign \
		--out "$d/x.blob"
	check "... that says to name the set with --algs" \
		grep -q -- "--algs" "$d/rc.out"
	rc_is 2 "an unknown --algs name is a usage error" \
		"$T" key generate --type aes --bits 256 --algs aes-gcm,rot13 \
		--out "$d/x.blob"
	rc_is 3 "--algs of another key type is refused by the kernel" \
		"$T" key generate --type aes --bits 256 --algs aes-gcm,ecdsa \
		--out "$d/x.blob"
	check "refused key creations write no key file" test ! -e "$d/x.blob"

	# key restrict: a stricter copy of a key, never a wider one
	rc_is 0 "key restrict --clear-algs aes-cbc" \
		"$T" key restrict --key "$d/k.blob" --clear-algs aes-cbc \
		--out "$d/kr.blob"
	out=$("$T" key info --key "$d/kr.blob" 2>&1)
	check "the restricted key has the set aes-ctr,aes-gcm" \
		grep -Eq '^algs:[[:space:]]+aes-ctr,aes-gcm$' <<<"$out"
	check "the restricted key keeps its key ID and label" \
		test "$(grep -E '^(key id|label):' <<<"$out")" = \
		"$("$T" key info --key "$d/k.blob" 2>&1 | grep -E '^(key id|label):')"
	rc_is 2 "the restricted key refuses aes-cbc" \
		"$T" decrypt --key "$d/kr.blob" --alg aes-cbc --in "$d/ct.cbc" \
		--out "$d/pt2"
	rm -f "$d/pt"
	"$T" decrypt --key "$d/kr.blob" --alg aes-gcm --in "$d/ct.gcm" \
		--out "$d/pt"
	check "the restricted key still decrypts the original key's GCM file" \
		cmp -s "$d/plain" "$d/pt"
	rc_is 0 "key restrict --clear-usage encrypt of the restricted key" \
		"$T" key restrict --key "$d/kr.blob" --clear-usage encrypt \
		--out "$d/kr2.blob"
	rc_is 2 "a key restricted to decrypt refuses to encrypt" \
		"$T" encrypt --key "$d/kr2.blob" --alg aes-gcm --in "$d/plain" \
		--out "$d/ct3"
	check "key info shows the usage left" \
		info_has "$d/kr2.blob" '^usage:[[:space:]]+decrypt$'
	rc_is 3 "key restrict that would leave no algorithm is refused" \
		"$T" key restrict --key "$d/kr.blob" \
		--clear-algs aes-gcm,aes-ctr --out "$d/kr3.blob"
	rc_is 3 "key restrict that would leave no usage is refused" \
		"$T" key restrict --key "$d/kr.blob" --clear-usage all \
		--out "$d/kr3.blob"
	rc_is 2 "key restrict --clear-flags storable is a usage error" \
		"$T" key restrict --key "$d/kr.blob" --clear-flags storable \
		--out "$d/kr3.blob"
	rc_is 2 "key restrict with nothing to clear is a usage error" \
		"$T" key restrict --key "$d/kr.blob" --out "$d/kr3.blob"
	check "failed restricts write no key file" test ! -e "$d/kr3.blob"

	"$T" key export --key "$d/k.blob" --out "$d/leak" >/dev/null 2>&1
	rc=$?
	check "key export of a non-exportable key is refused with exit 3 (got $rc)" \
		test "$rc" -eq 3
	check "key export refused wrote no key bytes" test ! -s "$d/leak"

	"$T" key import --type aes --in "$d/raw32" --exportable \
		--algs aes-cbc --out "$d/e.blob" &&
		"$T" key export --key "$d/e.blob" --out "$d/raw32.out"
	check "key import --exportable then key export gives the bytes back" \
		cmp -s "$d/raw32" "$d/raw32.out"
	check "an imported key is not local" \
		info_has "$d/e.blob" '^attrs:[[:space:]]+never-extractable$'

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
	# several files: the small regular ones are hashed in one NCRIO_BATCH,
	# the rest (bigger than 64 KiB, not regular, standard input) one by
	# one; the lines come in the order given, as sha256sum prints them
	local dg=$d/dg files i
	mkdir -p "$dg"
	for i in 1 2 3 4 5 6 7 8; do
		head -c $((i * 777)) "$d/plain" >"$dg/s$i"
	done
	: >"$dg/empty"
	head -c 65536 "$d/plain" >"$dg/edge"	# the largest batched
	head -c 65537 "$d/plain" >"$dg/big"	# one byte more: a session
	files=(s1 empty s2 big s3 edge /dev/null s4 - s5 s6 s7 s8)
	want=$(cd "$dg" && sha256sum "${files[@]}" <"$dg/s3")
	got=$(cd "$dg" && "$top/$T" digest --alg sha256 "${files[@]}" <"$dg/s3")
	check "digest of 13 files (small, empty, 64 KiB, bigger, /dev/null, standard input) equals sha256sum, in order" \
		test -n "$got" -a "$want" = "$got"
	want=$(cd "$dg" && sha512sum s1 s2)
	got=$(cd "$dg" && "$top/$T" digest --alg sha512 s1 s2)
	check "digest --alg sha512 of two small files equals sha512sum" \
		test -n "$got" -a "$want" = "$got"
	got=$(cd "$dg" && "$top/$T" digest --alg sha256 s1 s2 nosuch s3 \
		2>"$dg/err")
	rc=$?
	check "digest of files with a missing one: the lines of the others, exit 1 as sha256sum (got $rc)" \
		test "$rc" -eq 1 -a "$got" = "$(cd "$dg" && sha256sum s1 s2 s3)"
	check "digest of a missing file names it" \
		grep -q 'nosuch: No such file or directory' "$dg/err"
	files=()
	for i in $(seq 1 64); do
		printf 'file %d\n' "$i" >"$dg/f$i"
		files+=("f$i")
	done
	want=$(cd "$dg" && sha256sum s1 "${files[@]}")
	got=$(cd "$dg" && "$top/$T" digest --alg sha256 --in s1 "${files[@]}")
	check "digest of 65 small files (--in and 64 arguments) equals sha256sum" \
		test -n "$got" -a "$want" = "$got"

	"$T" key import --type hmac --in "$d/raw32" --usage sign,verify \
		--wrappable --id 6d61632d6b6579 --out "$d/h.blob"
	check "--id HEX sets the label (hex of 'mac-key')" \
		info_has "$d/h.blob" '^label:[[:space:]]+mac-key$'
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
	# the verifier chooses how much is checked, never the MAC given
	rc_is 1 "verify-mac of the right MAC cut to 16 bytes, no --mac-size" \
		"$T" verify-mac --alg hmac-sha256 --key "$d/h.blob" \
		--mac "${mac:0:32}" --in "$d/plain"
	rc_is 1 "verify-mac of the right MAC cut to 10 bytes, no --mac-size" \
		"$T" verify-mac --alg hmac-sha256 --key "$d/h.blob" \
		--mac "${mac:0:20}" --in "$d/plain"
	rc_is 1 "verify-mac of a 1-byte MAC (its first byte)" \
		"$T" verify-mac --alg hmac-sha256 --key "$d/h.blob" \
		--mac "${mac:0:2}" --in "$d/plain"
	rc_is 1 "verify-mac of the right MAC with a byte appended" \
		"$T" verify-mac --alg hmac-sha256 --key "$d/h.blob" \
		--mac "${mac}00" --in "$d/plain"
	rc_is 0 "verify-mac --mac-size 16 of the right MAC cut to 16 bytes" \
		"$T" verify-mac --alg hmac-sha256 --key "$d/h.blob" \
		--mac-size 16 --mac "${mac:0:32}" --in "$d/plain"
	rc_is 1 "verify-mac --mac-size 16 of a wrong 16-byte MAC" \
		"$T" verify-mac --alg hmac-sha256 --key "$d/h.blob" \
		--mac-size 16 --mac "${bad:0:32}" --in "$d/plain"
	rc_is 1 "verify-mac --mac-size 16 of the full MAC" \
		"$T" verify-mac --alg hmac-sha256 --key "$d/h.blob" \
		--mac-size 16 --mac "$mac" --in "$d/plain"
	rc_is 1 "verify-mac --mac-size 16 of the right MAC cut to 10 bytes" \
		"$T" verify-mac --alg hmac-sha256 --key "$d/h.blob" \
		--mac-size 16 --mac "${mac:0:20}" --in "$d/plain"
	rc_is 2 "verify-mac --mac-size 9 (under the HMAC minimum) is a usage error" \
		"$T" verify-mac --alg hmac-sha256 --key "$d/h.blob" \
		--mac-size 9 --mac "${mac:0:18}" --in "$d/plain"
	got=$("$T" mac --alg hmac-sha256 --key "$d/h.blob" --mac-size 10 \
		--in "$d/plain")
	check "mac --mac-size 10 is the first 10 bytes of the MAC" \
		test "$got" = "${mac:0:20}"
	rc_is 2 "mac --mac-size 9 is a usage error" \
		"$T" mac --alg hmac-sha256 --key "$d/h.blob" --mac-size 9 \
		--in "$d/plain"
	# CMAC: AES keys to sign and verify get the set cmac-aes
	"$T" key generate --type aes --bits 128 --usage sign,verify \
		--out "$d/c.blob"
	check "an AES sign/verify key has the set cmac-aes" \
		info_has "$d/c.blob" '^algs:[[:space:]]+cmac-aes$'
	mac=$("$T" mac --alg cmac-aes --key "$d/c.blob" --in "$d/plain")
	check "mac cmac-aes writes a 16-byte MAC" test "${#mac}" = 32
	rc_is 0 "verify-mac cmac-aes --mac-size 8 of its first 8 bytes" \
		"$T" verify-mac --alg cmac-aes --key "$d/c.blob" --mac-size 8 \
		--mac "${mac:0:16}" --in "$d/plain"
	rc_is 1 "verify-mac cmac-aes of its first 8 bytes, no --mac-size" \
		"$T" verify-mac --alg cmac-aes --key "$d/c.blob" \
		--mac "${mac:0:16}" --in "$d/plain"
	rc_is 2 "verify-mac cmac-aes --mac-size 7 is a usage error" \
		"$T" verify-mac --alg cmac-aes --key "$d/c.blob" --mac-size 7 \
		--mac "${mac:0:14}" --in "$d/plain"
	rc_is 2 "a CMAC key refuses to encrypt" \
		"$T" encrypt --key "$d/c.blob" --alg aes-gcm --in "$d/plain" \
		--out "$d/ct3"
	mac=$("$T" mac --alg hmac-sha256 --key "$d/h.blob" --in "$d/plain")

	# key wrap: a key that is not exportable leaves the kernel wrapped
	# only under a trusted wrapping key (made by root)
	rc_is 0 "key generate --trusted of a wrap-only AES key (root)" \
		"$T" key generate --type aes --bits 256 --usage wrap,unwrap \
		--trusted --out "$d/kek.blob"
	out=$("$T" key info --key "$d/kek.blob" 2>&1)
	check "the trusted key: flags storable,trusted" \
		grep -Eq '^flags:[[:space:]]+storable,trusted$' <<<"$out"
	check "the wrapping key's default set is aes-kw,aes-kwp" \
		grep -Eq '^algs:[[:space:]]+aes-kw,aes-kwp$' <<<"$out"
	for walg in rfc5649 rfc3394; do
		rm -f "$d/h.wrapped" "$d/h2.blob"
		"$T" key wrap --key "$d/kek.blob" --target "$d/h.blob" \
			--alg "$walg" --out "$d/h.wrapped"
		# under a trusted key: the 24-byte policy envelope + key + 8
		check "key wrap --alg $walg of a 32-byte key under a trusted key writes 64 bytes" \
			test "$(stat -c %s "$d/h.wrapped" 2>/dev/null)" = 64
		"$T" key unwrap --key "$d/kek.blob" --in "$d/h.wrapped" \
			--alg "$walg" --type hmac --usage sign,verify \
			--out "$d/h2.blob"
		got=$("$T" mac --alg hmac-sha256 --key "$d/h2.blob" \
			--in "$d/plain" 2>/dev/null)
		check "key unwrap --alg $walg gives a key with the same MAC" \
			test -n "$got" -a "$got" = "$mac"
	done
	out=$("$T" key info --key "$d/h2.blob" 2>&1)
	check "the unwrapped key has the flags asked for: storable only" \
		grep -Eq '^flags:[[:space:]]+storable$' <<<"$out"
	"$T" key export --key "$d/h2.blob" --out "$d/leak2" >/dev/null 2>&1
	rc=$?
	check "key export of an unwrapped key is refused with exit 3 (got $rc)" \
		test "$rc" -eq 3
	rc_is 3 "key unwrap --exportable under a non-exportable key is refused" \
		"$T" key unwrap --key "$d/kek.blob" --in "$d/h.wrapped" \
		--alg rfc3394 --type hmac --exportable --out "$d/h3.blob"
	check "... with a message about the wrapping key" \
		grep -q "only if the wrapping key is exportable" "$d/rc.out"
	rc_is 3 "key unwrap --hashable under a non-exportable key is refused" \
		"$T" key unwrap --key "$d/kek.blob" --in "$d/h.wrapped" \
		--alg rfc3394 --type hmac --hashable --out "$d/h3.blob"
	"$T" key unwrap --key "$d/kek.blob" --in "$d/h.wrapped" --alg rfc5649 \
		--type hmac --out "$d/h3.blob" >/dev/null 2>&1
	rc=$?
	check "key unwrap with the other --alg exits 1 (got $rc)" \
		test "$rc" -eq 1
	flip_byte "$d/h.wrapped" 20
	"$T" key unwrap --key "$d/kek.blob" --in "$d/h.wrapped" --alg rfc3394 \
		--type hmac --out "$d/h3.blob" >/dev/null 2>&1
	rc=$?
	check "key unwrap of a tampered wrapped key exits 1 (got $rc)" \
		test "$rc" -eq 1
	check "a failed unwrap writes no key file" test ! -e "$d/h3.blob"
	# an untrusted wrapping key wraps only what the caller could read
	"$T" key generate --type aes --bits 256 --usage wrap,unwrap \
		--out "$d/kek2.blob"
	rm -f "$d/h4.wrapped"
	rc_is 3 "key wrap of a non-exportable key under an untrusted key" \
		"$T" key wrap --key "$d/kek2.blob" --target "$d/h.blob" \
		--out "$d/h4.wrapped"
	check "... writes nothing" test ! -e "$d/h4.wrapped"
	rc_is 3 "key wrap of a key made without --wrappable, trusted key" \
		"$T" key wrap --key "$d/kek.blob" --target "$d/k.blob" \
		--out "$d/h4.wrapped"
	"$T" key restrict --key "$d/h.blob" --clear-flags wrappable \
		--out "$d/hn.blob"
	rc_is 3 "key wrap of a key restricted to not wrappable" \
		"$T" key wrap --key "$d/kek.blob" --target "$d/hn.blob" \
		--out "$d/h4.wrapped"
	check "... which keeps never-extractable clear (it was wrappable)" \
		info_has "$d/hn.blob" '^attrs:[[:space:]]+always-sensitive$'
	# an exportable key under an exportable wrapping key: everything
	# could be read anyway, so the unwrapped key may be exportable
	"$T" key import --type aes --in "$d/raw32" --usage wrap,unwrap \
		--exportable --out "$d/kekx.blob"
	"$T" key import --type hmac --in "$d/raw32" --exportable --wrappable \
		--out "$d/hx.blob"
	rc_is 0 "key wrap of an exportable key under an untrusted key" \
		"$T" key wrap --key "$d/kekx.blob" --target "$d/hx.blob" \
		--out "$d/hx.wrapped"
	rm -f "$d/raw32.out"
	"$T" key unwrap --key "$d/kekx.blob" --in "$d/hx.wrapped" --type hmac \
		--exportable --out "$d/hx2.blob" &&
		"$T" key export --key "$d/hx2.blob" --out "$d/raw32.out"
	check "key unwrap --exportable under an exportable key, then export" \
		cmp -s "$d/raw32" "$d/raw32.out"
	rc_is 2 "key wrap under a key without the wrap usage" \
		"$T" key wrap --key "$d/k.blob" --target "$d/h.blob" \
		--out "$d/h4.wrapped"
	# key trust (root) and its refusals
	rc_is 0 "key trust of a wrap-only key (root)" \
		"$T" key trust --key "$d/kek2.blob" --out "$d/kek2t.blob"
	check "the trusted copy has the trusted flag" \
		info_has "$d/kek2t.blob" '^flags:[[:space:]]+storable,trusted$'
	rc_is 0 "the trusted copy wraps the non-exportable key" \
		"$T" key wrap --key "$d/kek2t.blob" --target "$d/h.blob" \
		--out "$d/h4.wrapped"
	rc_is 3 "key trust of an encryption key is refused" \
		"$T" key trust --key "$d/k.blob" --out "$d/kt.blob"
	rc_is 3 "key trust of a once-exportable wrap key is refused" \
		"$T" key trust --key "$d/kekx.blob" --out "$d/kt.blob"
	# a key that came in wrapped is never trusted, whoever asks: whoever
	# made the wrapped bytes may know its material
	"$T" key import --type aes --in "$d/raw32" --usage wrap,unwrap \
		--exportable --wrappable --out "$d/kwx.blob"
	"$T" key wrap --key "$d/kek.blob" --target "$d/kwx.blob" \
		--out "$d/hxk.wrapped"
	rc_is 3 "key unwrap under the trusted key as another type than it was wrapped" \
		"$T" key unwrap --key "$d/kek.blob" --in "$d/hxk.wrapped" \
		--type hmac --usage sign --out "$d/kt.blob"
	rc_is 3 "key unwrap under the trusted key with more usage than it was wrapped with" \
		"$T" key unwrap --key "$d/kek.blob" --in "$d/hxk.wrapped" \
		--type aes --usage encrypt --algs aes-ecb --out "$d/kt.blob"
	rc_is 0 "key unwrap of an AES wrap key under the trusted key" \
		"$T" key unwrap --key "$d/kek.blob" --in "$d/hxk.wrapped" \
		--type aes --usage wrap,unwrap --out "$d/ku.blob"
	check "an unwrapped key is not always-sensitive" \
		info_has "$d/ku.blob" '^attrs:[[:space:]]+never-extractable$'
	rc_is 3 "key trust of an unwrapped key is refused, even to root" \
		"$T" key trust --key "$d/ku.blob" --out "$d/kt.blob"
	# ... but root may create a trusted key by unwrapping what it was
	# sent itself: the decision is root's
	rc_is 0 "key unwrap --trusted of a wrap key by root" \
		"$T" key unwrap --key "$d/kek.blob" --in "$d/hxk.wrapped" \
		--type aes --usage wrap,unwrap --trusted --out "$d/kut.blob"
	check "... which is trusted" \
		info_has "$d/kut.blob" '^flags:[[:space:]]+storable,trusted$'
	rc_is 3 "key unwrap --trusted of a key that could encrypt is refused" \
		"$T" key unwrap --key "$d/kek.blob" --in "$d/hxk.wrapped" \
		--type aes --usage wrap,encrypt --algs aes-kw,aes-gcm --trusted \
		--out "$d/kt.blob"
	rc_is 3 "key generate --trusted of a key that could encrypt is refused" \
		"$T" key generate --type aes --bits 256 --trusted --out "$d/kt.blob"
	check "refused trusts write no key file" test ! -e "$d/kt.blob"
	if command -v setpriv >/dev/null 2>&1; then
		# a folder uid 65534 can read and write ($work is 0700)
		pd=$(mktemp -d "${TMPDIR:-/tmp}/ncrtool-nobody.XXXXXX") &&
			chmod 1777 "$pd"
		cp "$d/kek2.blob" "$pd/kek2.blob" && chmod 644 "$pd/kek2.blob"
		rc_is 3 "key trust as uid 65534 is refused" \
			setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$T" key trust --key "$pd/kek2.blob" --out "$pd/t.blob"
		rc_is 3 "key generate --trusted as uid 65534 is refused" \
			setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$T" key generate --type aes --bits 256 --usage wrap \
			--trusted --out "$pd/t.blob"
		check "... and no key file was written" test ! -e "$pd/t.blob"
		# material an unprivileged user brought in: root cannot
		# trust it even when handed the key file
		cp "$d/raw32" "$pd/raw32" && chmod 644 "$pd/raw32"
		rc_is 0 "key import of a wrap key as uid 65534" \
			setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$T" key import --type aes --in "$pd/raw32" \
			--usage wrap,unwrap --out "$pd/nk.blob"
		rc_is 3 "root's key trust of that key is refused" \
			"$T" key trust --key "$pd/nk.blob" --out "$pd/t.blob"
		rm -rf "$pd"
	fi

	"$T" no-such-command >/dev/null 2>&1
	rc=$?
	check "an unknown command exits 2 (got $rc)" test "$rc" -eq 2
	echo "1..$n"
}
timed_run ncrtool "$log" ncrtool_checks
# 7b. ncrtool public-key commands against the openssl command line
timed_run "ncrtool public key" "$log" tests/ncrtool-pk.sh
# 7c. ncrtool key derivation (derive --kdf) against openssl kdf
timed_run "ncrtool kdf" "$log" tests/ncrtool-kdf.sh
# 7e. ncrtool's command-line rules (issue 13): a key that does not fit,
# file modes, options once, digest --check against sha256sum, info
# --json, the device diagnosis, progress (tests/ncrtool-cli.sh)
timed_run "ncrtool cli" "$log" tests/ncrtool-cli.sh
# 7f. ncrtool encrypt/decrypt: the segmented AEAD format, against a Python
# reference, attacks on a file, format 1 files, a big stream
timed_run "ncrtool stream" "$log" tests/ncrtool-stream.sh

# 7d. the PKCS #11 token (build/pkcs11/ncr-pkcs11.so, tests/pkcs11/): real
# clients (OpenSC, GnuTLS, NSS, the libp11 engine, OpenSSH, p11-kit), the
# attacks through the API and on the token files, several processes on one
# token, wrap/unwrap/derive, the admin tool
p11py=/usr/bin/python3
for t in tests/pkcs11/clients.sh tests/pkcs11/util.sh; do
	[ -x "$t" ] && timed_run "pkcs11 ${t##*/}" "$log" "$t"
done
for t in tests/pkcs11/crypto_test.py tests/pkcs11/negative.py \
	tests/pkcs11/two_process.py \
	tests/pkcs11/wrap_test.py; do
	[ -f "$t" ] && timed_run "pkcs11 ${t##*/}" "$log" bash -c \
		'. tests/pkcs11/lib.sh && p11_master_key &&
		 p11_new_token "$(mktemp -d)/tok" test &&
		 "$0" "$1" "$P11_MODULE"' "$p11py" "$t"
done
# the attacks again as the attacker /dev/crypto is open to: uid 65534
# (its token in a folder it owns; the TRUSTED-key cases need root and
# say so)
p11d=$(mktemp -d "${TMPDIR:-/tmp}/p11-nobody.XXXXXX") && chmod 1777 "$p11d"
[ -f tests/pkcs11/negative.py ] && command -v setpriv >/dev/null &&
	timed_run "pkcs11 negative.py (uid 65534)" "$log" \
		setpriv --reuid=65534 --regid=65534 --clear-groups \
		env HOME="$p11d" D="$p11d" bash -c \
		'. tests/pkcs11/lib.sh && p11_new_token "$D/tok" test &&
		 "$0" tests/pkcs11/negative.py "$P11_MODULE"' "$p11py"
rm -rf "$p11d"
[ -x "$B/p11_fork" ] && timed_run "pkcs11 fork" "$log" bash -c \
	'. tests/pkcs11/lib.sh && p11_master_key &&
	 p11_new_token "$(mktemp -d)/tok" test && "$0" "$P11_MODULE"' \
	"$B/p11_fork"

# 8. accel
if [ "$with_accel" = 1 ]; then
	timed_run accel "$log" "$B/accel" --require-hw
fi

# 9. (issue 13, master key and device node) tests/vm-master.sh: reloads
# ncr.ko (the module unloaded, dev_mode, abi --master-fresh: keyring
# sources, rotation, FORGET_PREVIOUS), so it must come last
timed_run "vm-master" "$log" tests/vm-master.sh

# 10. (issue 13, boot-time master key) tests/vm-master-key.sh: the
# ncr-master-key service (encrypted key, key file, refusals, the stock
# kernels' fallback), rotation and key rewrap; reloads ncr.ko too
timed_run "vm-master-key" "$log" tests/vm-master-key.sh

read -r p f s < <(tap_count "$log")
echo "# vm-suite: $p passed, $f failed, $s skipped ($(($(date +%s) - t0)) s, $(uname -r))"
[ "$f" -eq 0 ]
