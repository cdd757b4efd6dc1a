#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/pkcs11/lib.sh - shared by the PKCS #11 tests (sourced, inside the VM).
#
#   p11_master_key          as root: sets a random ncr master key unless one
#                           is set already (the vm-suite sets it at step 1)
#   p11_new_token DIR LABEL makes a fresh tokens directory DIR (exported as
#                           NCR_PKCS11_DIR) with one token LABEL, SO PIN
#                           $P11_SO_PIN and user PIN $P11_PIN
# Variables: P11_MODULE (the module), P11_PIN, P11_SO_PIN, P11_TOOL
# (pkcs11-tool with --module).  PBKDF2 runs with few iterations
# (NCR_PKCS11_PBKDF2_ITERATIONS) so that the many logins stay quick under
# TCG; the default count is tested on its own.

P11_TOP=${P11_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
P11_MODULE=${P11_MODULE:-$P11_TOP/build/pkcs11/ncr-pkcs11.so}
P11_PIN=${P11_PIN:-1234}
P11_SO_PIN=${P11_SO_PIN:-12345678}
P11_TOOL=(pkcs11-tool --module "$P11_MODULE")
export NCR_PKCS11_PBKDF2_ITERATIONS=${NCR_PKCS11_PBKDF2_ITERATIONS:-1000}

p11_master_key()
{
	local err
	[ "$(id -u)" = 0 ] || return 0
	err=$("$P11_TOP/build/bin/ncrtool" master-key set \
		--hex "$(openssl rand -hex 32)" 2>&1) && return 0
	case $err in *"already set"*|*EEXIST*) return 0 ;; esac
	echo "p11_master_key: $err" >&2
	return 1
}

p11_new_token()
{
	local dir=$1 label=${2:-test}
	rm -rf "$dir"
	mkdir -p "$dir"
	export NCR_PKCS11_DIR=$dir
	"${P11_TOOL[@]}" --init-token --label "$label" --so-pin "$P11_SO_PIN" \
		>/dev/null || return 1
	"${P11_TOOL[@]}" --token-label "$label" --login --login-type so \
		--so-pin "$P11_SO_PIN" --init-pin --pin "$P11_PIN" >/dev/null
}
