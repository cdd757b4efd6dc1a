# SPDX-License-Identifier: LGPL-2.1-or-later
#
# negative/attrs.py - sensitive values are unreadable; a key cannot be
# widened (CKA_SENSITIVE, CKA_EXTRACTABLE, CKA_ALLOWED_MECHANISMS, usage
# flags).
import os
import struct

import PyKCS11
from PyKCS11 import (CKA_COEFFICIENT, CKA_DECRYPT, CKA_DERIVE, CKA_EC_PARAMS,
                     CKA_ENCRYPT, CKA_EXPONENT_1, CKA_EXPONENT_2,
                     CKA_EXTRACTABLE, CKA_LABEL, CKA_MODULUS, CKA_MODULUS_BITS,
                     CKA_PRIME_1, CKA_PRIME_2, CKA_PRIVATE,
                     CKA_PRIVATE_EXPONENT, CKA_PUBLIC_EXPONENT, CKA_SENSITIVE,
                     CKA_SIGN, CKA_TOKEN, CKA_UNWRAP, CKA_VALUE, CKA_VALUE_LEN,
                     CKA_VERIFY, CKA_WRAP, CKK_GENERIC_SECRET, CK_FALSE,
                     CK_TRUE)

from p11test import (call_rv, expect_rv, report, run, rv_name)
from negative.common import (CKA_ALLOWED_MECHANISMS, CKM_AES_ECB, CKM_AES_GCM,
                             CKM_AES_KEY_GEN, CKM_EC_KEY_PAIR_GEN,
                             CKM_RSA_PKCS_KEY_PAIR_GEN, P256_OID)


def checks(c):
    s = c.s
    secret, read, battr, unreadable = c.secret, c.read, c.battr, c.unreadable
    M = PyKCS11.Mechanism
    R = PyKCS11

    # ================================================ sensitive values
    aes_v = os.urandom(16)
    aes_s = secret(aes_v, encrypt=True, decrypt=True)
    unreadable("sensitive AES key: CKA_VALUE is CKR_ATTRIBUTE_SENSITIVE",
               aes_s, aes_v)
    aes_g = s.generateKey([(CKA_TOKEN, CK_FALSE), (CKA_VALUE_LEN, 32)],
                          M(CKM_AES_KEY_GEN))
    unreadable("generated AES key (default CKA_SENSITIVE): value sensitive",
               aes_g)
    report("generated AES key defaults: CKA_SENSITIVE true, "
           "CKA_EXTRACTABLE false",
           battr(aes_g, CKA_SENSITIVE) is True and
           battr(aes_g, CKA_EXTRACTABLE) is False)
    aes_open_v = os.urandom(16)
    aes_open = secret(aes_open_v, sensitive=False, extractable=True)
    run("control: a non-sensitive key's CKA_VALUE is readable",
        lambda: (read(aes_open) == (R.CKR_OK, aes_open_v), "value"))

    ec_pub, ec_priv = s.generateKeyPair(
        [(CKA_TOKEN, CK_FALSE), (CKA_EC_PARAMS, P256_OID),
         (CKA_VERIFY, CK_TRUE)],
        [(CKA_TOKEN, CK_FALSE), (CKA_PRIVATE, CK_TRUE),
         (CKA_SENSITIVE, CK_TRUE), (CKA_SIGN, CK_TRUE),
         (CKA_DERIVE, CK_TRUE)], M(CKM_EC_KEY_PAIR_GEN))
    unreadable("EC P-256 private key: CKA_VALUE sensitive", ec_priv)

    rsa_pub, rsa_priv = s.generateKeyPair(
        [(CKA_TOKEN, CK_FALSE), (CKA_MODULUS_BITS, 2048),
         (CKA_PUBLIC_EXPONENT, b"\x01\x00\x01"), (CKA_WRAP, CK_TRUE),
         (CKA_ENCRYPT, CK_TRUE), (CKA_VERIFY, CK_TRUE)],
        [(CKA_TOKEN, CK_FALSE), (CKA_PRIVATE, CK_TRUE),
         (CKA_SENSITIVE, CK_TRUE), (CKA_UNWRAP, CK_TRUE),
         (CKA_DECRYPT, CK_TRUE), (CKA_SIGN, CK_TRUE)],
        M(CKM_RSA_PKCS_KEY_PAIR_GEN))
    unreadable("RSA-2048 private key: CKA_PRIVATE_EXPONENT, CKA_PRIME_1/2, "
               "CKA_EXPONENT_1/2, CKA_COEFFICIENT sensitive", rsa_priv,
               attrs=(CKA_PRIVATE_EXPONENT, CKA_PRIME_1, CKA_PRIME_2,
                      CKA_EXPONENT_1, CKA_EXPONENT_2, CKA_COEFFICIENT))
    run("RSA private key: CKA_MODULUS (public) readable",
        lambda: (read(rsa_priv, CKA_MODULUS)[0] == R.CKR_OK and
                 len(read(rsa_priv, CKA_MODULUS)[1]) == 256, "modulus"))

    # ================================================== widening a key
    for name, h, sv_ in (("AES", aes_s, aes_v), ("EC private", ec_priv, None),
                         ("RSA private", rsa_priv, None)):
        expect_rv("%s: CKA_SENSITIVE true -> false: CKR_ATTRIBUTE_READ_ONLY"
                  % name, R.CKR_ATTRIBUTE_READ_ONLY, s.setAttributeValue, h,
                  [(CKA_SENSITIVE, CK_FALSE)])
        expect_rv("%s: CKA_EXTRACTABLE false -> true: "
                  "CKR_ATTRIBUTE_READ_ONLY" % name,
                  R.CKR_ATTRIBUTE_READ_ONLY, s.setAttributeValue, h,
                  [(CKA_EXTRACTABLE, CK_TRUE)])
        report("%s: still CKA_SENSITIVE true, CKA_EXTRACTABLE false "
               "afterwards" % name, battr(h, CKA_SENSITIVE) is True and
               battr(h, CKA_EXTRACTABLE) is False)
        unreadable("%s: value still unreadable after the attempts" % name,
                   h, sv_, attrs=(CKA_PRIVATE_EXPONENT,) if
                   name.startswith("RSA") else (CKA_VALUE,))
    # both at once with a harmless change: nothing applied
    expect_rv("label + CKA_SENSITIVE false in one template: "
              "CKR_ATTRIBUTE_READ_ONLY", R.CKR_ATTRIBUTE_READ_ONLY,
              s.setAttributeValue, aes_s, [(CKA_LABEL, "renamed"),
                                           (CKA_SENSITIVE, CK_FALSE)])
    report("... and the label did not change either",
           read(aes_s, CKA_LABEL) == (R.CKR_OK, b""), read(aes_s, CKA_LABEL))

    def t_narrow():
        v = os.urandom(16)
        h = secret(v, sensitive=False, extractable=True)
        s.setAttributeValue(h, [(CKA_SENSITIVE, CK_TRUE)])
        rv, got = read(h)
        back = call_rv(s.setAttributeValue, h, [(CKA_SENSITIVE, CK_FALSE)])
        rv2, _ = read(h)
        return (rv == R.CKR_ATTRIBUTE_SENSITIVE and got is None and
                back == R.CKR_ATTRIBUTE_READ_ONLY and
                rv2 == R.CKR_ATTRIBUTE_SENSITIVE), \
            "%s, back %s" % (rv_name(rv), rv_name(back))
    run("CKA_SENSITIVE false -> true is allowed, then unreadable for good",
        t_narrow)

    am_gcm = struct.pack("L", CKM_AES_GCM)
    am_key = secret(os.urandom(16), encrypt=True,
                    extra=[(CKA_ALLOWED_MECHANISMS, am_gcm)])
    expect_rv("widening CKA_ALLOWED_MECHANISMS: CKR_ATTRIBUTE_READ_ONLY",
              R.CKR_ATTRIBUTE_READ_ONLY, s.setAttributeValue, am_key,
              [(CKA_ALLOWED_MECHANISMS,
                struct.pack("LL", CKM_AES_GCM, CKM_AES_ECB))])
    nosign = secret(os.urandom(32), kt=CKK_GENERIC_SECRET, sign=False,
                    verify=True)
    expect_rv("CKA_SIGN false -> true: CKR_ATTRIBUTE_READ_ONLY",
              R.CKR_ATTRIBUTE_READ_ONLY, s.setAttributeValue, nosign,
              [(CKA_SIGN, CK_TRUE)])

    # for the later parts
    c.aes_v = aes_v
    c.aes_s = aes_s
    c.aes_g = aes_g
    c.aes_open = aes_open
    c.aes_open_v = aes_open_v
    c.ec_priv = ec_priv
    c.rsa_pub = rsa_pub
    c.rsa_priv = rsa_priv
    c.am_key = am_key
    c.nosign = nosign
