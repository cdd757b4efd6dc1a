# SPDX-License-Identifier: LGPL-2.1-or-later
#
# negative/derive.py - derivation from sensitive keys: HKDF gives only its
# output, the classic extracting mechanisms are refused, ECDH gives the
# shared secret only, C_DigestKey is no hash oracle.
import os
import struct

import PyKCS11
from PyKCS11 import (CKA_CLASS, CKA_DERIVE, CKA_EC_PARAMS, CKA_KEY_TYPE,
                     CKA_SENSITIVE, CKA_SIGN, CKA_TOKEN, CKA_TRUSTED,
                     CKA_VALUE, CKK_AES, CKK_EC, CKK_GENERIC_SECRET,
                     CKM_SHA256, CKO_PRIVATE_KEY, CK_FALSE, CK_TRUE)

from p11test import (call_rv, expect_rv, run, rv_name)
from negative.common import (CKM_CONCATENATE_BASE_AND_DATA,
                             CKM_CONCATENATE_BASE_AND_KEY,
                             CKM_EXTRACT_KEY_FROM_KEY,
                             CKM_SHA256_KEY_DERIVATION, CKM_XOR_BASE_AND_DATA,
                             P256_G, P256_N, P256_OID, hkdf_mech, hv)


def checks(c):
    s = c.s
    secret = c.secret
    new_tmpl = c.new_tmpl
    read = c.read
    unreadable = c.unreadable
    aes_open = c.aes_open
    M = PyKCS11.Mechanism
    R = PyKCS11

    # ---------------------------------------------- derivation (d)
    g_v = os.urandom(32)
    G = secret(g_v, kt=CKK_GENERIC_SECRET, sensitive=True, derive=True)

    def t_hkdf():
        import hashlib
        import hmac
        salt, info = os.urandom(16), b"negative"
        h = s.deriveKey(G, new_tmpl(CKK_GENERIC_SECRET, 32, sensitive=False,
                                    extractable=True),
                        hkdf_mech(salt, info))
        rv, got = read(h)
        prk = hmac.new(salt, g_v, hashlib.sha256).digest()
        want = hmac.new(prk, info + b"\x01", hashlib.sha256).digest()
        return (rv == R.CKR_OK and got == want and g_v not in got and
                got != g_v), "HKDF output %s" % (got.hex() if got else rv)
    run("HKDF from a sensitive key into an exportable key: only the HKDF "
        "output (not the source) comes out", t_hkdf)

    def t_hkdf_sens():
        h = s.deriveKey(G, new_tmpl(CKK_GENERIC_SECRET, 32),
                        hkdf_mech(b"s" * 16, b"i"))
        rv, _ = read(h)
        st = call_rv(s.setAttributeValue, h, [(CKA_SENSITIVE, CK_FALSE)])
        return (rv == R.CKR_ATTRIBUTE_SENSITIVE and
                st == R.CKR_ATTRIBUTE_READ_ONLY), "%s %s" % (rv_name(rv),
                                                             rv_name(st))
    run("HKDF into a sensitive key: unreadable, not widenable", t_hkdf_sens)
    expect_rv("HKDF into a CKA_TRUSTED key: refused (CKR_ATTRIBUTE_READ_ONLY)",
              (R.CKR_ATTRIBUTE_READ_ONLY, R.CKR_TEMPLATE_INCONSISTENT),
              s.deriveKey, G, new_tmpl(CKK_AES, 32, extra=[(CKA_TRUSTED,
                                                            CK_TRUE)]),
              hkdf_mech(b"s" * 16, b"i"))
    for mname, mech in (("CKM_CONCATENATE_BASE_AND_KEY",
                         M(CKM_CONCATENATE_BASE_AND_KEY,
                           struct.pack("L", hv(aes_open)))),
                        ("CKM_CONCATENATE_BASE_AND_DATA",
                         M(CKM_CONCATENATE_BASE_AND_DATA, b"")),
                        ("CKM_XOR_BASE_AND_DATA",
                         M(CKM_XOR_BASE_AND_DATA, b"\0" * 32)),
                        ("CKM_EXTRACT_KEY_FROM_KEY",
                         M(CKM_EXTRACT_KEY_FROM_KEY, struct.pack("L", 0))),
                        ("CKM_SHA256_KEY_DERIVATION",
                         M(CKM_SHA256_KEY_DERIVATION))):
        def t_classic(mech=mech):
            try:
                h = s.deriveKey(G, new_tmpl(CKK_GENERIC_SECRET, 32,
                                            sensitive=False,
                                            extractable=True), mech)
            except PyKCS11.PyKCS11Error as e:
                return e.value == R.CKR_MECHANISM_INVALID, rv_name(e.value)
            rv, got = read(h)
            return False, "derived! value %s%s" % (
                got.hex() if got else rv_name(rv),
                "\nLEAK" if got and g_v[:8] in got else "")
        run("derive with %s from a sensitive key: CKR_MECHANISM_INVALID"
            % mname, t_classic)

    def t_ecdh_g():
        from cryptography.hazmat.primitives.asymmetric import ec
        d = int.from_bytes(os.urandom(32), "big") % (P256_N - 1) + 1
        d_b = d.to_bytes(32, "big")
        k = s.createObject([(CKA_CLASS, CKO_PRIVATE_KEY),
                            (CKA_KEY_TYPE, CKK_EC), (CKA_TOKEN, CK_FALSE),
                            (CKA_EC_PARAMS, P256_OID), (CKA_VALUE, d_b),
                            (CKA_SENSITIVE, CK_TRUE), (CKA_DERIVE, CK_TRUE),
                            (CKA_SIGN, CK_FALSE)])
        unreadable("ECDH source: an imported sensitive EC key is unreadable",
                   k, d_b)
        h = s.deriveKey(k, new_tmpl(CKK_GENERIC_SECRET, sensitive=False,
                                    extractable=True),
                        PyKCS11.ECDH1_DERIVE_Mechanism(P256_G))
        rv, got = read(h)
        x = ec.derive_private_key(d, ec.SECP256R1()).public_key() \
            .public_numbers().x.to_bytes(32, "big")
        return (rv == R.CKR_OK and got == x and got != d_b), \
            "ECDH(d, G) = %s, public x %s" % (got.hex() if got else
                                              rv_name(rv), x.hex())
    run("ECDH with the generator as peer: the shared secret is the public "
        "x(dG), never d", t_ecdh_g)

    def t_digest_key():
        k32_v = os.urandom(32)
        k32 = secret(k32_v, sensitive=True, extractable=True)
        try:
            d = bytes(s.digestSession(M(CKM_SHA256)).digestKey(k32).final())
        except PyKCS11.PyKCS11Error as e:
            return e.value == R.CKR_KEY_INDIGESTIBLE, rv_name(e.value)
        import hashlib
        return False, "digested%s" % (
            ": LEAK, SHA-256 of the key" if d == hashlib.sha256(k32_v)
            .digest() else "")
    run("C_DigestKey of a sensitive key: CKR_KEY_INDIGESTIBLE (no hash "
        "oracle)", t_digest_key)
