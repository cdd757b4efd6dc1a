#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/pkcs11/clients.sh - ncr-pkcs11.so driven by the PKCS #11 clients that
# Debian ships, unchanged:
#
#   1. OpenSC pkcs11-tool: --test (RSA-2048 token, EC P-256 token),
#      --test-fork, --test-threads, and signatures (RSA PKCS#1 v1.5, RSA-PSS,
#      ECDSA) checked by plain openssl against the exported public keys;
#   2. GnuTLS: p11tool (list, keygen, --test-sign, RSA-PSS), certtool
#      self-signed certificates with token keys, gnutls-serv/gnutls-cli;
#   3. NSS: modutil, certutil keygen + certificates on the token (NSS sets
#      CKA_ID), selfserv/tstclnt TLS 1.3 and 1.2, and GnuTLS serving with
#      the key that NSS made;
#   4. OpenSSL 3 through the libp11 engine: dgst -sign (and a wrong PIN),
#      pkey -pubout, req -x509, s_server/s_client TLS 1.3;
#   5. OpenSSH: ssh-keygen -D, ssh-agent + ssh-add -s, ssh-keygen -Y sign;
#   6. p11-kit: a user .module file, p11-kit list-modules, p11tool through
#      p11-kit-proxy, pkcs11-tool through p11-kit-proxy.so.  p11-kit reads
#      no user configuration as root, so as root these run as nobody.
#
# Runs inside the VM as root (tests/vm-suite.sh step 7d), or standalone:
#   tools/ncr-vm --kernel 6.12 -- tests/pkcs11/clients.sh
# Prints TAP; a missing client gives "# SKIP"; exits 1 when a check failed.
# Each client gets its own token in a scratch directory, removed at the end.
# About 2 minutes under TCG.  CLIENTS_SECTIONS="nss openssl" runs some
# sections only; CLIENTS_TIMEOUT limits each command (default 240 s).

set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/pkcs11/lib.sh

M=$P11_MODULE
PIN=$P11_PIN
TMO=${CLIENTS_TIMEOUT:-240}	# seconds, per client command (TCG is slow)
W=$(mktemp -d "${TMPDIR:-/tmp}/p11-clients.XXXXXX") || exit 2
OUT=$W/out
PIDS=()
SRVLOG=		# a running server's log, shown with failures
n=0
nfail=0

cleanup()
{
	local p
	for p in "${PIDS[@]}"; do
		kill "$p" 2>/dev/null
	done
	for p in "${PIDS[@]}"; do
		wait "$p" 2>/dev/null
	done
	[ -n "${SSH_AGENT_PID:-}" ] && kill "$SSH_AGENT_PID" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT

# ---- TAP helpers -----------------------------------------------------------

ok()   { n=$((n + 1)); echo "ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
# nok NAME [WHY]: a failure; shows WHY and the tail of the last output
nok()
{
	n=$((n + 1))
	nfail=$((nfail + 1))
	echo "not ok $n - $1"
	[ -n "${2:-}" ] && echo "#   $2"
	[ -s "$OUT" ] && tail -n "${NOK_LINES:-40}" "$OUT" | sed 's/^/#   /'
	if [ -n "$SRVLOG" ] && [ -s "$SRVLOG" ]; then
		echo "#   --- server log $SRVLOG:"
		tail -n 20 "$SRVLOG" | sed 's/^/#   /'
	fi
	return 1
}

# to CMD...: runs a program with a time limit
to() { timeout -k 5 "$TMO" "$@"; }

# run NAME CMD...: passes when CMD exits 0.  Output in $OUT.
run()
{
	local name=$1 rc
	shift
	"$@" >"$OUT" 2>&1
	rc=$?
	[ "$rc" = 0 ] && { ok "$name"; return 0; }
	nok "$name" "exit status $rc: $*"
}

# run_grep NAME ERE CMD...: passes when CMD exits 0 and prints a line
# matching ERE
run_grep()
{
	local name=$1 re=$2 rc
	shift 2
	"$@" >"$OUT" 2>&1
	rc=$?
	[ "$rc" = 0 ] || { nok "$name" "exit status $rc: $*"; return 1; }
	grep -Eq -- "$re" "$OUT" && { ok "$name"; return 0; }
	nok "$name" "no line matches /$re/ in the output of: $*"
}

# out_has NAME ERE...: passes when the last output ($OUT) matches every ERE
out_has()
{
	local name=$1 re
	shift
	for re; do
		grep -Eq -- "$re" "$OUT" ||
			{ nok "$name" "no line matches /$re/"; return 1; }
	done
	ok "$name"
}

# out_lacks NAME ERE: passes when no line of the last output matches ERE
out_lacks()
{
	grep -Eq -- "$2" "$OUT" && { nok "$1" "a line matches /$2/"; return 1; }
	ok "$1"
}

# have NAME PROG...: true if every PROG is installed, else one SKIP line
have()
{
	local name=$1 p
	shift
	for p; do
		command -v "$p" >/dev/null 2>&1 ||
			{ skip "$name" "$p is not installed"; return 1; }
	done
}

# new_tok LABEL: a fresh tokens directory with one token LABEL
new_tok()
{
	p11_new_token "$W/tok-$1" "$1" >"$OUT" 2>&1 ||
		{ nok "token $1 created" "p11_new_token failed"; return 1; }
}

# p11t LABEL ARGS...: pkcs11-tool on token LABEL, logged in
p11t()
{
	local l=$1
	shift
	to "${P11_TOOL[@]}" --token-label "$l" --login --pin "$PIN" "$@"
}

# pubkey LABEL ID BASE: exports a public key with pkcs11-tool (no login) to
# BASE.der and BASE.pem
pubkey()
{
	to "${P11_TOOL[@]}" --token-label "$1" --read-object --type pubkey \
		--id "$2" -o "$3.der" &&
	openssl pkey -pubin -inform DER -in "$3.der" -out "$3.pem"
}

PORT=$((20000 + RANDOM % 20000))
next_port() { PORT=$((PORT + 1)); }

# wait_listen PORT [PID]: waits until a TCP socket listens on PORT
wait_listen()
{
	local hex i
	hex=$(printf ':%04X ' "$1")
	for ((i = 0; i < 240; i++)); do
		grep -q "${hex}[0-9A-F:]* 0A " /proc/net/tcp /proc/net/tcp6 \
			2>/dev/null && return 0
		[ -n "${2:-}" ] && ! kill -0 "$2" 2>/dev/null && return 1
		sleep 0.5
	done
	return 1
}

# bg LOG CMD...: starts a server program in the background, with a time
# limit; its pid in $BGPID
bg()
{
	local log=$1
	shift
	timeout -k 5 "$TMO" "$@" >"$log" 2>&1 </dev/null &
	BGPID=$!
	PIDS+=("$BGPID")
}

# stop PID: ends a server started by bg
stop()
{
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

# ---- setup -----------------------------------------------------------------

echo "# ncr-pkcs11 clients: module $M, scratch $W"
if [ ! -f "$M" ]; then
	echo "1..0 # SKIP $M is not built (make pkcs11)"
	exit 0
fi
p11_master_key || { echo "Bail out! no ncr master key"; exit 1; }
# the VM boots with the loopback interface down; the TLS checks need it
if [ "$(id -u)" = 0 ] && command -v ip >/dev/null &&
   ip link show lo 2>/dev/null | grep -q 'state DOWN'; then
	ip link set lo up
fi
head -c 3000 /dev/urandom >"$W/msg"
openssl dgst -sha256 -binary "$W/msg" >"$W/msg.sha256"
printf '%s\n' "$PIN" >"$W/pin"

# ---- 1. OpenSC pkcs11-tool -------------------------------------------------

section_opensc()
{
	local d=$W/opensc
	mkdir -p "$d"
	have "pkcs11-tool" pkcs11-tool openssl || return

	# RSA-2048 token
	new_tok rsa || return
	run "pkcs11-tool --keypairgen rsa:2048" \
		p11t rsa --keypairgen --key-type rsa:2048 --id 01 --label rsa
	run_grep "pkcs11-tool --test on an RSA-2048 token: No errors" \
		'^No errors' p11t rsa --test --allow-sw
	out_has "pkcs11-tool --test: RSA signatures and OAEP with a label" \
		'all 4 signature functions seem to work' \
		'\(Label\) present' 'RSA-PKCS-OAEP:'
	pubkey rsa 01 "$d/rsa" >"$OUT" 2>&1 ||
		nok "pkcs11-tool --read-object --type pubkey (RSA) to PEM"

	run "pkcs11-tool --sign -m SHA256-RSA-PKCS" \
		p11t rsa --sign -m SHA256-RSA-PKCS --id 01 \
		-i "$W/msg" -o "$d/sig.pkcs1"
	run "openssl dgst -verify: SHA256-RSA-PKCS signature" \
		openssl dgst -sha256 -verify "$d/rsa.pem" \
		-signature "$d/sig.pkcs1" "$W/msg"
	# (pkcs11-tool takes --hash-algorithm with RSA-PKCS-PSS only)
	run "pkcs11-tool --sign -m SHA256-RSA-PKCS-PSS --mgf MGF1-SHA256" \
		p11t rsa --sign -m SHA256-RSA-PKCS-PSS \
		--mgf MGF1-SHA256 --id 01 -i "$W/msg" -o "$d/sig.pss"
	run "openssl dgst -verify: SHA256-RSA-PKCS-PSS signature (salt = 32)" \
		openssl dgst -sha256 -verify "$d/rsa.pem" \
		-sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest \
		-signature "$d/sig.pss" "$W/msg"
	run "pkcs11-tool --sign -m RSA-PKCS-PSS on a SHA-256 digest" \
		p11t rsa --sign -m RSA-PKCS-PSS --hash-algorithm SHA256 \
		--mgf MGF1-SHA256 --id 01 -i "$W/msg.sha256" -o "$d/sig.rpss"
	run_grep "openssl pkeyutl -verify: RSA-PKCS-PSS signature" \
		'Signature Verified Successfully' \
		openssl pkeyutl -verify -pubin -inkey "$d/rsa.pem" \
		-in "$W/msg.sha256" -sigfile "$d/sig.rpss" \
		-pkeyopt digest:sha256 -pkeyopt rsa_padding_mode:pss \
		-pkeyopt rsa_pss_saltlen:digest
	run "pkcs11-tool --sign -m SHA384-RSA-PKCS-PSS --mgf MGF1-SHA384" \
		p11t rsa --sign -m SHA384-RSA-PKCS-PSS \
		--mgf MGF1-SHA384 --id 01 -i "$W/msg" -o "$d/sig.pss384"
	run "openssl dgst -verify: SHA384-RSA-PKCS-PSS signature" \
		openssl dgst -sha384 -verify "$d/rsa.pem" \
		-sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest \
		-signature "$d/sig.pss384" "$W/msg"

	# EC P-256 token
	new_tok ec || return
	run "pkcs11-tool --keypairgen EC:prime256v1" \
		p11t ec --keypairgen --key-type EC:prime256v1 --id 02 --label ec
	run_grep "pkcs11-tool --test on an EC P-256 token: No errors" \
		'^No errors' p11t ec --test --allow-sw
	pubkey ec 02 "$d/ec" >"$OUT" 2>&1 ||
		nok "pkcs11-tool --read-object --type pubkey (EC) to PEM"
	run "pkcs11-tool --sign -m ECDSA-SHA256 --signature-format openssl" \
		p11t ec --sign -m ECDSA-SHA256 --signature-format openssl \
		--id 02 -i "$W/msg" -o "$d/sig.ecdsa"
	run "openssl dgst -verify: ECDSA-SHA256 signature" \
		openssl dgst -sha256 -verify "$d/ec.pem" \
		-signature "$d/sig.ecdsa" "$W/msg"
	run "pkcs11-tool --sign -m ECDSA on a SHA-256 digest" \
		p11t ec --sign -m ECDSA --signature-format openssl \
		--id 02 -i "$W/msg.sha256" -o "$d/sig.rawecdsa"
	run_grep "openssl pkeyutl -verify: raw ECDSA signature" \
		'Signature Verified Successfully' \
		openssl pkeyutl -verify -pubin -inkey "$d/ec.pem" \
		-in "$W/msg.sha256" -sigfile "$d/sig.rawecdsa"
	# (--test-ec is left out: pkcs11-tool 0.23 opens a read-only session
	# for it, then asks for a token key pair: CKR_SESSION_READ_ONLY)

	# processes and threads
	run_grep "pkcs11-tool --test-fork (C_Initialize in a forked child)" \
		'Calling C_Initialize in forked child' \
		p11t ec --test-fork --list-objects
	out_has "pkcs11-tool --test-fork: the parent lists the objects" \
		'Private Key Object; EC'
	out_lacks "pkcs11-tool --test-fork: no errors" 'CKR_|[Ee]rror'
	run_grep "pkcs11-tool --test-threads INGISLT0 x2 (C_Initialize(NULL))" \
		'all threads have ended' \
		to "${P11_TOOL[@]}" --test-threads INGISLT0 \
		--test-threads INGISLT0 -L
	out_lacks "pkcs11-tool --test-threads INGISLT0: no thread failed" \
		'some errors'
	run_grep "pkcs11-tool --test-threads ILGISLT0 (CKF_OS_LOCKING_OK)" \
		'all threads have ended' \
		to "${P11_TOOL[@]}" --test-threads ILGISLT0 -L
	out_lacks "pkcs11-tool --test-threads ILGISLT0: no thread failed" \
		'some errors'
}

# ---- 2. GnuTLS -------------------------------------------------------------

section_gnutls()
{
	local d=$W/gnutls t u k vok
	mkdir -p "$d"
	have "GnuTLS p11tool/certtool" p11tool certtool || return
	new_tok gnutls || return
	export GNUTLS_PIN=$PIN GNUTLS_SO_PIN=$P11_SO_PIN
	local PT=(to p11tool --provider "$M")
	t='pkcs11:token=gnutls'

	run_grep "p11tool --list-tokens shows the token" 'token=gnutls' \
		"${PT[@]}" --list-tokens
	run "p11tool --generate-privkey rsa --bits 2048" \
		"${PT[@]}" --login --generate-privkey rsa --bits 2048 \
		--label g-rsa --outfile "$d/g-rsa.pub" "$t"
	run "p11tool --generate-privkey ecdsa --curve secp256r1" \
		"${PT[@]}" --login --generate-privkey ecdsa --curve secp256r1 \
		--label g-ec --outfile "$d/g-ec.pub" "$t"
	run_grep "p11tool --list-all (no login) shows the public keys" \
		'object=g-ec;.*type=public' "${PT[@]}" --list-all "$t"
	out_has "p11tool --list-all: the RSA public key" \
		'object=g-rsa;.*type=public'
	run_grep "p11tool --login --list-privkeys shows both private keys" \
		'object=g-ec;.*type=private' \
		"${PT[@]}" --login --list-privkeys "$t"
	out_has "p11tool --list-privkeys: the RSA private key" \
		'object=g-rsa;.*type=private'

	vok='Verifying against public key in the token\.\.\. ok'
	for k in g-rsa g-ec; do
		run_grep "p11tool --test-sign $k" "$vok" \
			"${PT[@]}" --login --test-sign "$t;object=$k"
	done
	run_grep "p11tool --test-sign --sign-params rsa-pss g-rsa" "$vok" \
		"${PT[@]}" --login --test-sign --sign-params rsa-pss \
		"$t;object=g-rsa"

	cat >"$d/tmpl" <<-EOF
	cn = "localhost"
	organization = "ncr gnutls"
	dns_name = "localhost"
	serial = 7
	expiration_days = 30
	ca
	cert_signing_key
	signing_key
	tls_www_server
	EOF
	for k in g-rsa g-ec; do
		run "certtool --generate-self-signed with the token key $k" \
			to certtool --provider "$M" --generate-self-signed \
			--load-privkey "$t;object=$k;type=private" \
			--load-pubkey "$t;object=$k;type=public" \
			--template "$d/tmpl" --outfile "$d/$k.crt"
		run_grep "openssl verify: certtool's $k certificate" ': OK' \
			openssl verify -CAfile "$d/$k.crt" "$d/$k.crt"
		run_grep "certtool --verify: $k certificate" 'Verified' \
			to certtool --verify --load-ca-certificate "$d/$k.crt" \
			--infile "$d/$k.crt"
	done
	run "certtool --generate-self-signed --sign-params rsa-pss" \
		to certtool --provider "$M" --generate-self-signed \
		--sign-params rsa-pss \
		--load-privkey "$t;object=g-rsa;type=private" \
		--load-pubkey "$t;object=g-rsa;type=public" \
		--template "$d/tmpl" --outfile "$d/g-pss.crt"
	run_grep "openssl verify: the RSA-PSS signed certificate" ': OK' \
		openssl verify -CAfile "$d/g-pss.crt" "$d/g-pss.crt"

	if have "gnutls-serv/gnutls-cli TLS 1.3" gnutls-serv gnutls-cli; then
		for k in g-rsa g-ec; do
			next_port
			bg "$d/serv.log" gnutls-serv --provider "$M" \
				--port "$PORT" --x509certfile "$d/$k.crt" \
				--x509keyfile "$t;object=$k;type=private"
			u=$BGPID
			SRVLOG=$d/serv.log
			if ! wait_listen "$PORT" "$u"; then
				: >"$OUT"
				nok "gnutls-serv with $k listens"
				stop "$u"
				continue
			fi
			run_grep "gnutls-cli TLS 1.3 to gnutls-serv with $k" \
				'Handshake was completed' \
				to gnutls-cli --x509cafile "$d/$k.crt" \
				--priority 'NORMAL:-VERS-ALL:+VERS-TLS1.3' \
				-p "$PORT" localhost </dev/null
			out_has "gnutls-cli: TLS1.3 and a trusted certificate" \
				'TLS1\.3' 'certificate is trusted'
			stop "$u"
			SRVLOG=
		done
	fi
	unset GNUTLS_PIN GNUTLS_SO_PIN
}

# ---- 3. NSS ----------------------------------------------------------------

section_nss()
{
	local d=$W/nss db cdb k u
	have "NSS modutil/certutil" modutil certutil || return
	mkdir -p "$d/db" "$d/cdb"
	db=sql:$d/db
	cdb=sql:$d/cdb
	new_tok nss || return
	head -c 2048 /dev/urandom >"$d/noise"

	run "certutil -N (an empty NSS database)" \
		to certutil -N -d "$db" --empty-password
	run "modutil -add ncr -libfile ncr-pkcs11.so" \
		to modutil -dbdir "$db" -add ncr -libfile "$M" -force
	run_grep "modutil -list ncr shows the token" 'Token Name: *nss|token: *nss' \
		to modutil -dbdir "$db" -list ncr -force

	run "certutil -S -k rsa -g 2048 -h nss (keygen and cert on the token)" \
		to certutil -d "$db" -S -s CN=localhost,O=nss-rsa -n nss-rsa \
		-x -t CT,, -k rsa -g 2048 -Z SHA256 -h nss -f "$W/pin" \
		-z "$d/noise" --extSAN dns:localhost -v 12
	run "certutil -S -k ec -q nistp256 -h nss" \
		to certutil -d "$db" -S -s CN=localhost,O=nss-ec -n nss-ec \
		-x -t CT,, -k ec -q nistp256 -Z SHA256 -h nss -f "$W/pin" \
		-z "$d/noise" --extSAN dns:localhost -v 12
	run_grep "certutil -L -h nss lists both certificates" 'nss:nss-ec' \
		to certutil -d "$db" -L -h nss -f "$W/pin"
	out_has "certutil -L -h nss: the RSA certificate" 'nss:nss-rsa'
	run_grep "certutil -K -h nss lists both private keys" 'nss-ec' \
		to certutil -d "$db" -K -h nss -f "$W/pin"
	out_has "certutil -K -h nss: the RSA key" 'rsa .*nss-rsa'
	for k in nss-rsa nss-ec; do
		run_grep "certutil -V: $k valid as an SSL server" \
			'certificate is valid' to certutil -d "$db" -V -n "$k" \
			-u V -h nss -f "$W/pin"
		to certutil -d "$db" -L -n "nss:$k" -a -h nss -f "$W/pin" \
			>"$d/$k.crt" 2>"$OUT"
		run_grep "openssl verify: NSS's $k certificate from the token" \
			': OK' openssl verify -CAfile "$d/$k.crt" "$d/$k.crt"
	done
	# NSS sets CKA_ID after C_GenerateKeyPair: cert, private and public
	# key must share the ID
	run_grep "pkcs11-tool lists NSS's objects" 'Certificate Object' \
		p11t nss --list-objects
	u=$(awk '/^Private Key Object; RSA/{f=1} f&&/ID:/{print $2; exit}' "$OUT")
	k=$(awk '/^Certificate Object/{f=0} /label: *nss-rsa/{f=1}
		f&&/ID:/{print $2; exit}' "$OUT")
	if [ -n "$u" ] && [ "$u" = "$k" ]; then
		ok "NSS set CKA_ID: the RSA key and its certificate share ID $u"
	else
		nok "NSS set CKA_ID: the RSA key and its certificate share an ID" \
			"key ID '$u', certificate ID '$k'"
	fi

	# another client uses the key and certificate that NSS made: GnuTLS
	# finds the private key by the CKA_ID that NSS gave it (NSS leaves
	# the key's label empty)
	if [ -n "$u" ] && command -v gnutls-serv >/dev/null &&
	   command -v gnutls-cli >/dev/null; then
		# shellcheck disable=SC2001
		k="pkcs11:token=nss;id=$(echo "$u" | sed 's/../%&/g');type=private"
		next_port
		bg "$d/gserv.log" env GNUTLS_PIN="$PIN" gnutls-serv \
			--provider "$M" --port "$PORT" \
			--x509certfile "$d/nss-rsa.crt" \
			--x509keyfile "$k"
		u=$BGPID
		SRVLOG=$d/gserv.log
		if wait_listen "$PORT" "$u"; then
			run_grep "gnutls-serv with NSS's token key: gnutls-cli TLS 1.3" \
				'Handshake was completed' \
				to gnutls-cli --x509cafile "$d/nss-rsa.crt" \
				--priority 'NORMAL:-VERS-ALL:+VERS-TLS1.3' \
				-p "$PORT" localhost </dev/null
		else
			: >"$OUT"
			nok "gnutls-serv with NSS's token key listens"
		fi
		stop "$u"
		SRVLOG=
	fi

	if ! command -v selfserv >/dev/null || ! command -v tstclnt >/dev/null
	then
		skip "NSS selfserv/tstclnt TLS" \
			"selfserv/tstclnt are not installed (gnutls-serv and openssl s_server cover TLS)"
		return
	fi
	# shellcheck disable=SC2016
	run "certutil -A (client database trusts both certificates)" \
		bash -c 'certutil -N -d "$1" --empty-password &&
			certutil -A -d "$1" -n rsa -t CT,, -a -i "$2" &&
			certutil -A -d "$1" -n ec -t CT,, -a -i "$3"' \
		_ "$cdb" "$d/nss-rsa.crt" "$d/nss-ec.crt"
	printf 'GET / HTTP/1.0\r\n\r\n' >"$d/req"
	next_port
	bg "$d/selfserv.log" selfserv -d "$db" -p "$PORT" -f "$W/pin" \
		-n nss:nss-rsa -e nss:nss-ec -V tls1.2:tls1.3
	u=$BGPID
	SRVLOG=$d/selfserv.log
	if ! wait_listen "$PORT" "$u"; then
		: >"$OUT"
		nok "selfserv with the token keys listens"
		stop "$u"
		return
	fi
	run_grep "tstclnt TLS 1.3 rsa_pss_rsae_sha256 (selfserv, token RSA key)" \
		'O=nss-rsa' to tstclnt -h localhost -p "$PORT" -d "$cdb" \
		-V tls1.3:tls1.3 -J rsa_pss_rsae_sha256 -C <"$d/req"
	run_grep "tstclnt TLS 1.3 ecdsa_secp256r1_sha256 (token EC key)" \
		'O=nss-ec' to tstclnt -h localhost -p "$PORT" -d "$cdb" \
		-V tls1.3:tls1.3 -J ecdsa_secp256r1_sha256 -C <"$d/req"
	# TLS 1.2: the cipher suite picks the certificate (C02F: ECDHE-RSA,
	# C02B: ECDHE-ECDSA, both AES-128-GCM)
	run_grep "tstclnt TLS 1.2 ECDHE-RSA rsa_pkcs1_sha256 (token RSA key)" \
		'O=nss-rsa' to tstclnt -h localhost -p "$PORT" -d "$cdb" \
		-V tls1.2:tls1.2 -c :C02F -J rsa_pkcs1_sha256 -C <"$d/req"
	run_grep "tstclnt TLS 1.2 ECDHE-ECDSA (token EC key)" \
		'O=nss-ec' to tstclnt -h localhost -p "$PORT" -d "$cdb" \
		-V tls1.2:tls1.2 -c :C02B -C <"$d/req"
	stop "$u"
	SRVLOG=
}

# ---- 4. OpenSSL 3 through the libp11 engine --------------------------------

section_openssl()
{
	local d=$W/openssl k u uri
	mkdir -p "$d"
	have "openssl + libp11 engine" openssl || return
	if ! PKCS11_MODULE_PATH=$M openssl engine pkcs11 >"$OUT" 2>&1; then
		skip "openssl -engine pkcs11" "the libp11 engine does not load"
		return
	fi
	new_tok ossl || return
	export PKCS11_MODULE_PATH=$M
	run "pkcs11-tool --keypairgen rsa:2048 (for the engine)" \
		p11t ossl --keypairgen --key-type rsa:2048 --id 10 --label o-rsa
	run "pkcs11-tool --keypairgen EC:prime256v1 (for the engine)" \
		p11t ossl --keypairgen --key-type EC:prime256v1 --id 11 --label o-ec
	for k in o-rsa o-ec; do
		uri="pkcs11:token=ossl;object=$k"
		run "openssl dgst -sha256 -engine pkcs11 -sign ($k)" \
			to openssl dgst -sha256 -engine pkcs11 -keyform engine \
			-sign "$uri;type=private;pin-value=$PIN" \
			-out "$d/$k.sig" "$W/msg"
		run "openssl pkey -engine pkcs11 -pubin -pubout ($k, no login)" \
			to openssl pkey -engine pkcs11 -inform engine \
			-pubin -in "$uri;type=public" -pubout -out "$d/$k.pub"
		if to openssl dgst -sha256 -engine pkcs11 -keyform engine \
			-sign "$uri;type=private;pin-value=9999" \
			-out "$d/bad.sig" "$W/msg" >"$OUT" 2>&1 </dev/null; then
			nok "openssl dgst -engine pkcs11 -sign with a wrong PIN fails"
		else
			ok "openssl dgst -engine pkcs11 -sign with a wrong PIN fails"
		fi
		run "plain openssl dgst -verify of the engine's $k signature" \
			openssl dgst -sha256 -verify "$d/$k.pub" \
			-signature "$d/$k.sig" "$W/msg"
		run "openssl req -x509 -engine pkcs11 ($k self-signed)" \
			to openssl req -new -x509 -engine pkcs11 -keyform engine \
			-key "$uri;type=private;pin-value=$PIN" -sha256 -days 2 \
			-subj "/CN=localhost/O=$k" \
			-addext subjectAltName=DNS:localhost -out "$d/$k.crt"
		run_grep "openssl verify: the engine-signed $k certificate" \
			': OK' openssl verify -CAfile "$d/$k.crt" "$d/$k.crt"

		next_port
		bg "$d/s_server.log" openssl s_server -engine pkcs11 \
			-keyform engine -key "$uri;type=private;pin-value=$PIN" \
			-cert "$d/$k.crt" -accept "127.0.0.1:$PORT" -tls1_3 -www
		u=$BGPID
		SRVLOG=$d/s_server.log
		if ! wait_listen "$PORT" "$u"; then
			: >"$OUT"
			nok "openssl s_server -engine pkcs11 ($k) listens"
			stop "$u"
			continue
		fi
		run_grep "openssl s_client TLS 1.3 to s_server -engine pkcs11 ($k)" \
			'Verify return code: 0 \(ok\)' \
			to openssl s_client -connect "127.0.0.1:$PORT" -tls1_3 \
			-servername localhost -verify_hostname localhost \
			-CAfile "$d/$k.crt" -verify_return_error </dev/null
		out_has "openssl s_client: TLSv1.3 with $k's certificate" \
			'TLSv1\.3' "O ?= ?$k"
		stop "$u"
		SRVLOG=
	done
	unset PKCS11_MODULE_PATH
}

# ---- 5. OpenSSH ------------------------------------------------------------

section_openssh()
{
	local d=$W/ssh k
	mkdir -p "$d"
	have "OpenSSH ssh-keygen/ssh-agent/ssh-add" ssh-keygen ssh-agent \
		ssh-add || return
	new_tok ssh || return
	run "pkcs11-tool --keypairgen rsa:2048 (for ssh)" \
		p11t ssh --keypairgen --key-type rsa:2048 --id 20 --label s-rsa
	run "pkcs11-tool --keypairgen EC:prime256v1 (for ssh)" \
		p11t ssh --keypairgen --key-type EC:prime256v1 --id 21 --label s-ec

	run_grep "ssh-keygen -D lists the RSA key (no login)" '^ssh-rsa ' \
		to ssh-keygen -D "$M"
	out_has "ssh-keygen -D lists the ECDSA P-256 key" \
		'^ecdsa-sha2-nistp256 '
	grep '^ssh-rsa ' "$OUT" | head -1 >"$d/rsa.pub"
	grep '^ecdsa-sha2-nistp256 ' "$OUT" | head -1 >"$d/ec.pub"
	# the same keys as pkcs11-tool exports
	pubkey ssh 20 "$d/rsa" >/dev/null 2>&1 &&
	pubkey ssh 21 "$d/ec" >/dev/null 2>&1 &&
	for k in rsa ec; do
		ssh-keygen -i -m PKCS8 -f "$d/$k.pem" >"$d/$k.conv" 2>"$OUT"
		if [ "$(cut -d' ' -f2 "$d/$k.conv")" = \
		     "$(cut -d' ' -f2 "$d/$k.pub")" ] && [ -s "$d/$k.pub" ]; then
			ok "ssh-keygen -D $k key = pkcs11-tool's public key"
		else
			nok "ssh-keygen -D $k key = pkcs11-tool's public key"
		fi
	done

	cat >"$d/askpass" <<-EOF
	#!/bin/sh
	echo '$PIN'
	EOF
	chmod 755 "$d/askpass"
	if ! to ssh-agent -s -a "$d/agent.sock" -P "$M" >"$d/agent.env" \
		2>"$OUT"; then
		nok "ssh-agent -P MODULE starts"
		return
	fi
	# shellcheck disable=SC1091
	. "$d/agent.env" >/dev/null
	run_grep "ssh-add -s MODULE (PIN from SSH_ASKPASS)" 'Card added' \
		env SSH_ASKPASS="$d/askpass" SSH_ASKPASS_REQUIRE=force \
		DISPLAY=:0 timeout "$TMO" ssh-add -s "$M" </dev/null
	run_grep "ssh-add -l lists the token keys" 'ECDSA' to ssh-add -l
	out_has "ssh-add -l: the RSA key" 'RSA'
	for k in rsa ec; do
		rm -f "$W/msg.sig"
		run "ssh-keygen -Y sign through the agent ($k)" \
			to ssh-keygen -Y sign -f "$d/$k.pub" -n file "$W/msg"
		cp "$W/msg.sig" "$d/$k.sig" 2>/dev/null
		echo "ncr-$k $(cut -d' ' -f1,2 "$d/$k.pub")" >"$d/allowed"
		run_grep "ssh-keygen -Y verify ($k, allowed_signers)" \
			'Good "file" signature' \
			to ssh-keygen -Y verify -f "$d/allowed" -I "ncr-$k" \
			-n file -s "$d/$k.sig" <"$W/msg"
		run "ssh-keygen -Y check-novalidate ($k)" \
			to ssh-keygen -Y check-novalidate -n file -f "$d/$k.pub" \
			-s "$d/$k.sig" <"$W/msg"
	done
	run "ssh-add -e MODULE" to ssh-add -e "$M"
	kill "$SSH_AGENT_PID" 2>/dev/null
	unset SSH_AGENT_PID SSH_AUTH_SOCK
}

# ---- 6. p11-kit ------------------------------------------------------------

# p11-kit reads no user configuration in a program run as root, so as root
# the p11-kit checks run as nobody (setpriv), on a token that nobody owns
section_p11kit()
{
	local d=$W/p11kit h proxy uid gid
	local AS=(env)
	have "p11-kit" p11-kit || return
	h=$d/home
	mkdir -p "$h/.config/pkcs11/modules"
	printf 'module: %s\n' "$M" >"$h/.config/pkcs11/modules/ncr.module"
	new_tok p11kit || return
	if [ "$(id -u)" = 0 ]; then
		uid=$(id -u nobody 2>/dev/null)
		gid=$(id -g nobody 2>/dev/null)
		if [ -z "$uid" ] || ! command -v setpriv >/dev/null; then
			skip "p11-kit with a user .module file" \
				"running as root, and no setpriv or no user nobody"
			return
		fi
		chmod 711 "$W"
		chown -R "$uid:$gid" "$d" "$W/tok-p11kit"
		AS=(setpriv --reuid="$uid" --regid="$gid" --clear-groups env)
	fi
	AS+=(HOME="$h" NCR_PKCS11_DIR="$W/tok-p11kit" timeout -k 5 "$TMO")

	run "pkcs11-tool --keypairgen EC:prime256v1 (for p11-kit)" \
		"${AS[@]}" "${P11_TOOL[@]}" --token-label p11kit --login \
		--pin "$PIN" --keypairgen --key-type EC:prime256v1 --id 30 \
		--label k-ec
	run_grep "p11-kit list-modules shows the ncr module (~/.config)" \
		'^ncr: ' "${AS[@]}" p11-kit list-modules
	out_has "p11-kit list-modules shows the token" 'token: p11kit$'
	if command -v p11tool >/dev/null; then
		run_grep "p11tool --list-tokens through p11-kit-proxy" \
			'token=p11kit' "${AS[@]}" p11tool --list-tokens
		run_grep "p11tool --list-all through p11-kit-proxy" \
			'object=k-ec' "${AS[@]}" p11tool \
			--list-all 'pkcs11:token=p11kit'
	else
		skip "p11tool through p11-kit-proxy" "p11tool is not installed"
	fi
	proxy=
	for h in /usr/lib/*/p11-kit-proxy.so /usr/lib/p11-kit-proxy.so; do
		[ -f "$h" ] && { proxy=$h; break; }
	done
	if [ -n "$proxy" ]; then
		run "pkcs11-tool --sign through p11-kit-proxy.so" \
			"${AS[@]}" pkcs11-tool --module "$proxy" \
			--token-label p11kit --login --pin "$PIN" --sign \
			-m ECDSA-SHA256 --signature-format openssl --id 30 \
			-i "$W/msg" -o "$d/sig"
		"${AS[@]}" "${P11_TOOL[@]}" --token-label p11kit \
			--read-object --type pubkey --id 30 -o "$d/ec.der" \
			>"$OUT" 2>&1
		run "openssl verifies the signature made through p11-kit" \
			openssl dgst -sha256 -verify "$d/ec.der" -keyform DER \
			-signature "$d/sig" "$W/msg"
	else
		skip "pkcs11-tool through p11-kit-proxy.so" "no p11-kit-proxy.so"
	fi
}

# section NAME: runs section_NAME and notes its time
section()
{
	local t0=$SECONDS
	"section_$1"
	echo "# $1: $((SECONDS - t0)) s"
}

for s in ${CLIENTS_SECTIONS:-opensc gnutls nss openssl openssh p11kit}; do
	section "$s"
done

echo "1..$n"
echo "# clients: $((n - nfail)) ok, $nfail failed"
[ "$nfail" = 0 ]
