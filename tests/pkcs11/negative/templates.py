# SPDX-License-Identifier: LGPL-2.1-or-later
#
# negative/templates.py - usage attributes and CKA_ALLOWED_MECHANISMS,
# read-only and wrongly sized attributes in templates, the
# C_GetAttributeValue size conventions, bad object, key and session handles.
import os
import struct

import PyKCS11
from PyKCS11 import (CKA_ALWAYS_SENSITIVE, CKA_CLASS, CKA_DERIVE,
                     CKA_EC_PARAMS, CKA_EXTRACTABLE, CKA_KEY_GEN_MECHANISM,
                     CKA_KEY_TYPE, CKA_LABEL, CKA_LOCAL, CKA_MODULUS,
                     CKA_NEVER_EXTRACTABLE, CKA_SENSITIVE, CKA_SIGN, CKA_TOKEN,
                     CKA_VALUE, CKA_VALUE_LEN, CKF_RW_SESSION,
                     CKF_SERIAL_SESSION, CKK_AES, CKK_GENERIC_SECRET,
                     CKO_SECRET_KEY, CK_FALSE, CK_TRUE)

from p11test import (H, expect_rv, report, run, rv_name)
from negative.common import (CKA_ALLOWED_MECHANISMS, CKM_AES_CBC_PAD,
                             CKM_AES_KEY_GEN, CKM_AES_KEY_WRAP, CKM_ECDSA,
                             CKM_EC_KEY_PAIR_GEN, CKM_SHA256_HMAC,
                             CK_UNAVAILABLE, P256_OID, enc, hkdf_mech, hv, sv)


def checks(c):
    s, raw, lib, slot = c.s, c.raw, c.lib, c.slot
    kw, kwp, ecb = c.kw, c.kwp, c.ecb
    secret, new_tmpl, battr = c.secret, c.new_tmpl, c.battr
    W = c.W
    aes_g = c.aes_g
    aes_open = c.aes_open
    aes_open_v = c.aes_open_v
    aes_s = c.aes_s
    am_key = c.am_key
    blob = c.blob
    ext = c.ext
    nosign = c.nosign
    M = PyKCS11.Mechanism
    R = PyKCS11

    # ========================================================= usage
    expect_rv("sign with an EC key without CKA_SIGN: "
              "CKR_KEY_FUNCTION_NOT_PERMITTED",
              R.CKR_KEY_FUNCTION_NOT_PERMITTED, s.sign,
              s.generateKeyPair([(CKA_TOKEN, CK_FALSE),
                                 (CKA_EC_PARAMS, P256_OID)],
                                [(CKA_TOKEN, CK_FALSE), (CKA_SIGN, CK_FALSE),
                                 (CKA_DERIVE, CK_TRUE)],
                                M(CKM_EC_KEY_PAIR_GEN))[1],
              b"\0" * 32, M(CKM_ECDSA))
    expect_rv("HMAC sign with a key without CKA_SIGN: "
              "CKR_KEY_FUNCTION_NOT_PERMITTED",
              R.CKR_KEY_FUNCTION_NOT_PERMITTED, s.sign, nosign, b"data",
              M(CKM_SHA256_HMAC))
    noenc = secret(os.urandom(16), encrypt=False, decrypt=True)
    expect_rv("encrypt with a key without CKA_ENCRYPT: "
              "CKR_KEY_FUNCTION_NOT_PERMITTED",
              R.CKR_KEY_FUNCTION_NOT_PERMITTED, s.encrypt, noenc,
              b"\0" * 16, ecb)
    expect_rv("encrypt AES-CBC-PAD with CKA_ALLOWED_MECHANISMS {AES-GCM}: "
              "CKR_MECHANISM_INVALID", R.CKR_MECHANISM_INVALID, s.encrypt,
              am_key, b"x" * 16, M(CKM_AES_CBC_PAD, b"\0" * 16))
    expect_rv("encrypt AES-ECB with CKA_ALLOWED_MECHANISMS {AES-GCM}: "
              "CKR_MECHANISM_INVALID", R.CKR_MECHANISM_INVALID, s.encrypt,
              am_key, b"x" * 16, ecb)
    run("control: AES-GCM with that key works",
        lambda: (len(s.encrypt(am_key, b"x" * 16,
                               PyKCS11.AES_GCM_Mechanism(b"\0" * 12, b"",
                                                         128))) == 32, ""))
    am_w = secret(os.urandom(16), sensitive=False, wrap=True,
                  extra=[(CKA_ALLOWED_MECHANISMS,
                          struct.pack("L", CKM_AES_KEY_WRAP))])
    expect_rv("wrap AES-KWP under a key allowed AES-KW only: "
              "CKR_MECHANISM_INVALID", R.CKR_MECHANISM_INVALID, s.wrapKey,
              am_w, ext, kwp)

    # ======================================= read-only attrs, bad sizes
    for a, aname in ((CKA_LOCAL, "CKA_LOCAL"),
                     (CKA_ALWAYS_SENSITIVE, "CKA_ALWAYS_SENSITIVE"),
                     (CKA_NEVER_EXTRACTABLE, "CKA_NEVER_EXTRACTABLE")):
        expect_rv("%s in a C_CreateObject template: CKR_ATTRIBUTE_READ_ONLY"
                  % aname, R.CKR_ATTRIBUTE_READ_ONLY, secret,
                  os.urandom(16), extra=[(a, CK_TRUE)])
        expect_rv("%s in a C_GenerateKey template: CKR_ATTRIBUTE_READ_ONLY"
                  % aname, R.CKR_ATTRIBUTE_READ_ONLY, s.generateKey,
                  [(CKA_TOKEN, CK_FALSE), (CKA_VALUE_LEN, 16), (a, CK_TRUE)],
                  M(CKM_AES_KEY_GEN))
        expect_rv("%s in a C_UnwrapKey template: CKR_ATTRIBUTE_READ_ONLY"
                  % aname, R.CKR_ATTRIBUTE_READ_ONLY, s.unwrapKey, W, blob,
                  new_tmpl(extra=[(a, CK_TRUE)]), kw)
        expect_rv("%s set on a key: CKR_ATTRIBUTE_READ_ONLY" % aname,
                  R.CKR_ATTRIBUTE_READ_ONLY, s.setAttributeValue, aes_open,
                  [(a, CK_TRUE)])
    expect_rv("CKA_KEY_GEN_MECHANISM in a template: CKR_ATTRIBUTE_READ_ONLY",
              R.CKR_ATTRIBUTE_READ_ONLY, secret, os.urandom(16),
              extra=[(CKA_KEY_GEN_MECHANISM, CKM_AES_KEY_GEN)])
    report("a generated key is CKA_LOCAL and ALWAYS_SENSITIVE; an imported "
           "one neither", battr(aes_g, CKA_LOCAL) is True and
           battr(aes_g, CKA_ALWAYS_SENSITIVE) is True and
           battr(aes_s, CKA_LOCAL) is False and
           battr(aes_s, CKA_ALWAYS_SENSITIVE) is False)

    def raw_create(items):
        return raw.create(sv(s), items)[0]

    base = [(CKA_CLASS, enc(CKO_SECRET_KEY)), (CKA_KEY_TYPE, enc(CKK_AES)),
            (CKA_TOKEN, enc(False)), (CKA_VALUE, os.urandom(16))]
    for name, items in (
            ("CKA_SENSITIVE of 4 bytes",
             base + [(CKA_SENSITIVE, b"\1\0\0\0")]),
            ("CKA_EXTRACTABLE of 0 bytes", base + [(CKA_EXTRACTABLE, b"")]),
            ("CKA_CLASS of 4 bytes",
             [(CKA_CLASS, struct.pack("I", CKO_SECRET_KEY))] + base[1:]),
            ("CKA_KEY_TYPE of 1 byte",
             base[:1] + [(CKA_KEY_TYPE, b"\x1f")] + base[2:]),
            ("CKA_ALLOWED_MECHANISMS of 5 bytes",
             base + [(CKA_ALLOWED_MECHANISMS, b"\0" * 5)]),
            ("CKA_VALUE_LEN of 2 bytes",
             base + [(CKA_VALUE_LEN, b"\x10\0")]),
            ("CKA_TOKEN with a NULL value and a length",
             base[:2] + [(CKA_TOKEN, None, 1)] + base[3:])):
        rv = raw_create(items)
        report("C_CreateObject with %s: CKR_ATTRIBUTE_VALUE_INVALID" % name,
               rv == R.CKR_ATTRIBUTE_VALUE_INVALID, rv_name(rv))
    rv = raw.set(sv(s), hv(aes_open), [(CKA_SENSITIVE, b"\1\0\0\0")])
    report("C_SetAttributeValue CKA_SENSITIVE of 4 bytes: "
           "CKR_ATTRIBUTE_VALUE_INVALID", rv == R.CKR_ATTRIBUTE_VALUE_INVALID,
           rv_name(rv))
    rv = raw_create(base + [(0x7fff1234, b"x")])
    report("C_CreateObject with an unknown attribute: "
           "CKR_ATTRIBUTE_TYPE_INVALID", rv == R.CKR_ATTRIBUTE_TYPE_INVALID,
           rv_name(rv))

    # ============================== C_GetAttributeValue size conventions
    sized = secret(aes_open_v, sensitive=False, extractable=True,
                   extra=[(CKA_LABEL, "abc")])

    def t_sizes():
        sh = sv(s)
        rv1, o1 = raw.get(sh, hv(sized), [(CKA_LABEL, None),
                                          (CKA_VALUE, None)])
        rv2, o2 = raw.get(sh, hv(sized), [(CKA_LABEL, 1)])
        rv3, o3 = raw.get(sh, hv(sized), [(CKA_LABEL, 3), (CKA_VALUE, 16)])
        rv4, o4 = raw.get(sh, hv(sized), [(CKA_VALUE, 15)])
        bad = []
        if rv1 != R.CKR_OK or o1[0][0] != 3 or o1[1][0] != 16:
            bad.append("NULL buffers: %s %s" % (rv_name(rv1), o1))
        if rv2 != R.CKR_BUFFER_TOO_SMALL or o2[0][0] != CK_UNAVAILABLE:
            bad.append("short label: %s len %#x" % (rv_name(rv2), o2[0][0]))
        if rv3 != R.CKR_OK or o3[0] != (3, b"abc") or \
                o3[1] != (16, aes_open_v):
            bad.append("exact: %s %s" % (rv_name(rv3), o3))
        if rv4 != R.CKR_BUFFER_TOO_SMALL or o4[0][0] != CK_UNAVAILABLE:
            bad.append("short value: %s len %#x" % (rv_name(rv4), o4[0][0]))
        return not bad, "\n".join(bad)
    run("C_GetAttributeValue: NULL gives the length, a short buffer "
        "CKR_BUFFER_TOO_SMALL and CK_UNAVAILABLE_INFORMATION", t_sizes)

    def t_mixed():
        rv, o = raw.get(sv(s), hv(aes_s), [(CKA_LABEL, 16), (CKA_VALUE, 64),
                                           (CKA_MODULUS, 64),
                                           (CKA_VALUE_LEN, 8)])
        ok = (rv in (R.CKR_ATTRIBUTE_SENSITIVE,
                     R.CKR_ATTRIBUTE_TYPE_INVALID) and
              o[0] == (0, b"") and o[1][0] == CK_UNAVAILABLE and
              o[2][0] == CK_UNAVAILABLE and
              o[3] == (8, struct.pack("L", 16)))
        return ok, "%s %s" % (rv_name(rv), o)
    run("one call with a good, a sensitive and an invalid attribute: every "
        "entry answered, the bad ones CK_UNAVAILABLE_INFORMATION", t_mixed)

    # ========================================================= handles
    BOGUS = 0x7ffff00d
    rv, _ = raw.get(sv(s), BOGUS, [(CKA_LABEL, None)])
    report("C_GetAttributeValue of a bogus handle: CKR_OBJECT_HANDLE_INVALID",
           rv == R.CKR_OBJECT_HANDLE_INVALID, rv_name(rv))
    rv, _ = raw.get(sv(s), 0, [(CKA_LABEL, None)])
    report("C_GetAttributeValue of handle 0: CKR_OBJECT_HANDLE_INVALID",
           rv == R.CKR_OBJECT_HANDLE_INVALID, rv_name(rv))
    expect_rv("C_DestroyObject of a bogus handle: CKR_OBJECT_HANDLE_INVALID",
              R.CKR_OBJECT_HANDLE_INVALID, s.destroyObject, H(BOGUS))
    expect_rv("C_SetAttributeValue of a bogus handle: "
              "CKR_OBJECT_HANDLE_INVALID", R.CKR_OBJECT_HANDLE_INVALID,
              s.setAttributeValue, H(BOGUS), [(CKA_LABEL, "x")])
    rv, _ = raw.copy(sv(s), BOGUS, [])
    report("C_CopyObject of a bogus handle: CKR_OBJECT_HANDLE_INVALID",
           rv == R.CKR_OBJECT_HANDLE_INVALID, rv_name(rv))
    expect_rv("C_EncryptInit with a bogus key: CKR_KEY_HANDLE_INVALID",
              R.CKR_KEY_HANDLE_INVALID, s.encrypt, H(BOGUS), b"\0" * 16, ecb)
    expect_rv("C_SignInit with a bogus key: CKR_KEY_HANDLE_INVALID",
              R.CKR_KEY_HANDLE_INVALID, s.sign, H(BOGUS), b"x",
              M(CKM_SHA256_HMAC))
    expect_rv("C_WrapKey of a bogus key: CKR_KEY_HANDLE_INVALID",
              R.CKR_KEY_HANDLE_INVALID, s.wrapKey, W, H(BOGUS), kw)
    expect_rv("C_WrapKey under a bogus key: CKR_WRAPPING_KEY_HANDLE_INVALID",
              R.CKR_WRAPPING_KEY_HANDLE_INVALID, s.wrapKey, H(BOGUS), ext,
              kw)
    expect_rv("C_UnwrapKey under a bogus key: "
              "CKR_UNWRAPPING_KEY_HANDLE_INVALID",
              R.CKR_UNWRAPPING_KEY_HANDLE_INVALID, s.unwrapKey, H(BOGUS),
              blob, new_tmpl(), kw)
    expect_rv("C_DeriveKey from a bogus key: CKR_KEY_HANDLE_INVALID",
              R.CKR_KEY_HANDLE_INVALID, s.deriveKey, H(BOGUS),
              new_tmpl(CKK_GENERIC_SECRET, 32), hkdf_mech(b"s", b"i"))
    rv = raw.session_info(0x7ffff00d)
    report("C_GetSessionInfo of a bogus session: CKR_SESSION_HANDLE_INVALID",
           rv == R.CKR_SESSION_HANDLE_INVALID, rv_name(rv))
    s_tmp = lib.openSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION)
    sess_obj = secret(os.urandom(16), sensitive=False, sess=s_tmp)
    tmp_h = sv(s_tmp)
    s_tmp.closeSession()
    rv = raw.session_info(tmp_h)
    report("a closed session's handle: CKR_SESSION_HANDLE_INVALID",
           rv == R.CKR_SESSION_HANDLE_INVALID, rv_name(rv))
    rv = raw.close_session(tmp_h)
    report("C_CloseSession twice: CKR_SESSION_HANDLE_INVALID",
           rv == R.CKR_SESSION_HANDLE_INVALID, rv_name(rv))
    rv, _ = raw.get(sv(s), hv(sess_obj), [(CKA_LABEL, None)])
    report("a closed session's object: CKR_OBJECT_HANDLE_INVALID",
           rv == R.CKR_OBJECT_HANDLE_INVALID, rv_name(rv))
    rv, _ = raw.create(tmp_h, base)
    report("C_CreateObject in a closed session: CKR_SESSION_HANDLE_INVALID",
           rv == R.CKR_SESSION_HANDLE_INVALID, rv_name(rv))

