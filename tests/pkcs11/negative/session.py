# SPDX-License-Identifier: LGPL-2.1-or-later
#
# negative/session.py - R/O sessions; private objects across C_Logout and a
# new login.
import os

import PyKCS11
from PyKCS11 import (CKA_CLASS, CKA_KEY_TYPE, CKA_LABEL, CKA_PRIVATE,
                     CKA_TOKEN, CKA_VALUE, CKA_VALUE_LEN, CKF_RW_SESSION,
                     CKF_SERIAL_SESSION, CKK_AES, CKO_DATA, CKO_SECRET_KEY,
                     CK_FALSE, CK_TRUE)

from p11test import (USER_PIN, expect_rv, report, run, rv_name)
from negative.common import (CKM_AES_KEY_GEN, enc, hv, sv)


def read_only(c):
    """R/O session: no token object is made, changed or destroyed."""
    s, raw, lib, slot = c.s, c.raw, c.lib, c.slot
    kw = c.kw
    W, aes_open, blob = c.W, c.aes_open, c.blob
    M = PyKCS11.Mechanism
    R = PyKCS11

    # ==================================================== R/O session
    ro = lib.openSession(slot, CKF_SERIAL_SESSION)
    tok_pub = s.createObject([(CKA_CLASS, CKO_DATA), (CKA_TOKEN, CK_TRUE),
                              (CKA_PRIVATE, CK_FALSE),
                              (CKA_LABEL, "neg-ro-data"),
                              (CKA_VALUE, b"data")])
    expect_rv("token object created in a R/O session: CKR_SESSION_READ_ONLY",
              R.CKR_SESSION_READ_ONLY, ro.createObject,
              [(CKA_CLASS, CKO_DATA), (CKA_TOKEN, CK_TRUE),
               (CKA_PRIVATE, CK_FALSE), (CKA_VALUE, b"x")])
    expect_rv("token key generated in a R/O session: CKR_SESSION_READ_ONLY",
              R.CKR_SESSION_READ_ONLY, ro.generateKey,
              [(CKA_TOKEN, CK_TRUE), (CKA_VALUE_LEN, 16)],
              M(CKM_AES_KEY_GEN))
    expect_rv("token key unwrapped in a R/O session: CKR_SESSION_READ_ONLY",
              R.CKR_SESSION_READ_ONLY, ro.unwrapKey, W, blob,
              [(CKA_CLASS, CKO_SECRET_KEY), (CKA_KEY_TYPE, CKK_AES),
               (CKA_TOKEN, CK_TRUE)], kw)
    rv, _ = raw.copy(sv(ro), hv(aes_open), [(CKA_TOKEN, enc(True))])
    report("token copy in a R/O session: CKR_SESSION_READ_ONLY",
           rv == R.CKR_SESSION_READ_ONLY, rv_name(rv))
    expect_rv("token object destroyed in a R/O session: "
              "CKR_SESSION_READ_ONLY", R.CKR_SESSION_READ_ONLY,
              ro.destroyObject, tok_pub)
    expect_rv("token object modified in a R/O session: "
              "CKR_SESSION_READ_ONLY", R.CKR_SESSION_READ_ONLY,
              ro.setAttributeValue, tok_pub, [(CKA_LABEL, "x")])
    run("a session object in a R/O session is fine",
        lambda: (ro.createObject([(CKA_CLASS, CKO_DATA),
                                  (CKA_TOKEN, CK_FALSE),
                                  (CKA_PRIVATE, CK_FALSE),
                                  (CKA_VALUE, b"x")]) is not None, ""))
    s.destroyObject(tok_pub)
    ro.closeSession()


def logout(c):
    """private objects after C_Logout (run after files.run, whose
    private token object it uses)."""
    s, raw, lib, slot = c.s, c.raw, c.lib, c.slot
    ecb = c.ecb
    secret = c.secret
    fpriv = c.fpriv
    R = PyKCS11

    # ====================================== private objects, logout
    priv_tok = fpriv
    priv_sess = secret(os.urandom(16), extra=[(CKA_PRIVATE, CK_TRUE),
                                              (CKA_LABEL, "neg-priv-sess")],
                       encrypt=True)
    report("logged in: the private token object is found",
           len(s.findObjects([(CKA_LABEL, "neg-file-private")])) == 1)
    s.logout()
    run("after C_Logout: private objects are not found",
        lambda: (not s.findObjects([(CKA_LABEL, "neg-file-private")]) and
                 not s.findObjects([(CKA_LABEL, "neg-priv-sess")]) and
                 not s.findObjects([(CKA_PRIVATE, CK_TRUE)]), ""))
    for name, h in (("token", priv_tok), ("session", priv_sess)):
        rv, _ = raw.get(sv(s), hv(h), [(CKA_LABEL, None)])
        report("after C_Logout: the private %s object's handle is "
               "CKR_OBJECT_HANDLE_INVALID" % name,
               rv == R.CKR_OBJECT_HANDLE_INVALID, rv_name(rv))
        expect_rv("after C_Logout: encrypting with the private %s key: "
                  "CKR_KEY_HANDLE_INVALID" % name, R.CKR_KEY_HANDLE_INVALID,
                  s.encrypt, h, b"\0" * 16, ecb)
        expect_rv("after C_Logout: destroying the private %s object: "
                  "CKR_OBJECT_HANDLE_INVALID" % name,
                  R.CKR_OBJECT_HANDLE_INVALID, s.destroyObject, h)
    expect_rv("a private object without a login: CKR_USER_NOT_LOGGED_IN",
              R.CKR_USER_NOT_LOGGED_IN, secret, os.urandom(16),
              extra=[(CKA_PRIVATE, CK_TRUE)])
    s2 = lib.openSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION)
    run("a new session before login sees no private object",
        lambda: (not s2.findObjects([(CKA_LABEL, "neg-file-private")]), ""))
    s2.closeSession()
    s.login(USER_PIN)
    rv, _ = raw.get(sv(s), hv(priv_tok), [(CKA_LABEL, None)])
    report("after a new login the old handle stays invalid",
           rv == R.CKR_OBJECT_HANDLE_INVALID, rv_name(rv))
    report("after a new login the private token object is found again "
           "(the session one is gone)",
           len(s.findObjects([(CKA_LABEL, "neg-file-private")])) == 1 and
           not s.findObjects([(CKA_LABEL, "neg-priv-sess")]))
    s.logout()

