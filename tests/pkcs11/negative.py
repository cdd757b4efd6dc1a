#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# negative.py MODULE - attacks on ncr-pkcs11.so through the PKCS #11 API
# and through its token directory; each must be refused with the right
# CKR_ (asserted), and no sensitive key's bytes may ever come out:
#
#   - reading CKA_VALUE / the private RSA parts of sensitive keys;
#   - widening a key (C_SetAttributeValue, C_CopyObject templates);
#   - the Tookan / Clulow wrap attacks: wrap a sensitive key under a key
#     the caller knows or that may also decrypt (AES-KW, AES-KWP,
#     RSA-OAEP), unwrap as sensitive then read or wrap, unwrap as
#     non-sensitive under a sensitive key (decryption oracle), the
#     classic extracting derivations and ECDH/HKDF out of sensitive keys;
#   - usage attributes, CKA_ALLOWED_MECHANISMS, login state, the PIN retry
#     counter and its lock, PIN lengths, R/O sessions, bad handles,
#     read-only attributes in templates, wrongly sized attributes, the
#     C_GetAttributeValue size conventions;
#   - the token files: a flipped CKA_SENSITIVE/CKA_EXTRACTABLE in a public
#     object's file (the kernel keeps the flags in the key's blob), a copy
#     of the token directory opened by another process, a private object's
#     file (no attribute in the clear).
#
# Run as tests/vm-suite.sh does, in the VM (tests/pkcs11/lib.sh):
#   p11_master_key; p11_new_token DIR test; negative.py MODULE
# The token is the one labelled $P11_LABEL (default "test") with user PIN
# $P11_PIN (1234) and SO PIN $P11_SO_PIN (12345678); when there is none,
# one is initialised in the free slot.  The user PIN is locked and reset
# on the way (it is the same at the end).  TAP output; exit status 1 if
# any test failed.
#
# The checks are in tests/pkcs11/negative/, one file a subject (attrs,
# copies, wrap, derive, templates, session, files, pin; common.py holds
# what they share); this file runs them in order, one TAP stream.
import os
import sys

sys.dont_write_bytecode = True	# no __pycache__ in negative/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from negative import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv, os.path.abspath(__file__)))
