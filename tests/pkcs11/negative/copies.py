# SPDX-License-Identifier: LGPL-2.1-or-later
#
# negative/copies.py - C_CopyObject cannot widen a key, and a copy of a
# sensitive key is sensitive too.
import os

import PyKCS11
from PyKCS11 import (CKA_EXTRACTABLE, CKA_LABEL, CKA_SENSITIVE, CKA_TOKEN)

from p11test import (CKR_ACTION_PROHIBITED, H, call_rv, report, run, rv_name)
from negative.common import (CKA_COPYABLE, enc, hv, sv)


def checks(c):
    s, raw = c.s, c.raw
    kw = c.kw
    secret, read, battr = c.secret, c.read, c.battr
    aes_open, aes_s, aes_v, ec_priv = c.aes_open, c.aes_s, c.aes_v, c.ec_priv
    R = PyKCS11

    # =================================================== C_CopyObject
    def t_copy(h, tmpl, secret_bytes, what):
        rv, nh = raw.copy(sv(s), hv(h), tmpl)
        ok = rv == R.CKR_ATTRIBUTE_READ_ONLY
        diag = "copy: %s" % rv_name(rv)
        if rv == R.CKR_OK:
            rv2, got = read(nh)
            if got is not None and secret_bytes and got == secret_bytes:
                diag += "\nLEAK: the copy's value is the sensitive key"
            diag += "\nthe copy: value %s, %s" % (rv_name(rv2), what)
        return ok, diag
    run("C_CopyObject of a sensitive key with CKA_SENSITIVE false: "
        "CKR_ATTRIBUTE_READ_ONLY", t_copy, aes_s,
        [(CKA_SENSITIVE, enc(False))], aes_v, "")
    run("C_CopyObject of a sensitive key with CKA_EXTRACTABLE true: "
        "CKR_ATTRIBUTE_READ_ONLY", t_copy, aes_s,
        [(CKA_EXTRACTABLE, enc(True))], aes_v, "")
    run("C_CopyObject of an EC private key with CKA_SENSITIVE false: "
        "CKR_ATTRIBUTE_READ_ONLY", t_copy, ec_priv,
        [(CKA_SENSITIVE, enc(False))], None, "")

    def t_copy_plain():
        rv, nh = raw.copy(sv(s), hv(aes_s), [(CKA_LABEL, b"copy")])
        if rv != R.CKR_OK:
            return False, "copy: %s" % rv_name(rv)
        rv2, got = read(nh)
        wr = call_rv(s.wrapKey, aes_open, H(nh), kw)
        return (rv2 == R.CKR_ATTRIBUTE_SENSITIVE and got is None and
                battr(H(nh), CKA_SENSITIVE) is True and
                wr != R.CKR_OK), "value %s, wrap %s" % (rv_name(rv2),
                                                       rv_name(wr))
    run("a plain copy of a sensitive key is sensitive and unwrappable too",
        t_copy_plain)

    def t_copy_token():
        rv, nh = raw.copy(sv(s), hv(aes_s), [(CKA_TOKEN, enc(True)),
                                             (CKA_LABEL, b"neg-copy-tok")])
        if rv != R.CKR_OK:
            return False, "copy: %s" % rv_name(rv)
        rv2, _ = read(nh)
        s.destroyObject(H(nh))
        return rv2 == R.CKR_ATTRIBUTE_SENSITIVE, rv_name(rv2)
    run("a token copy of a sensitive key is sensitive", t_copy_token)

    nocopy = secret(os.urandom(16), extra=[(CKA_COPYABLE, enc(False))])
    rv, _ = raw.copy(sv(s), hv(nocopy), [])
    report("C_CopyObject of a CKA_COPYABLE false key: CKR_ACTION_PROHIBITED",
           rv == CKR_ACTION_PROHIBITED, rv_name(rv))

