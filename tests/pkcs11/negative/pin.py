# SPDX-License-Identifier: LGPL-2.1-or-later
#
# negative/pin.py - the PINs: the user PIN's retry counter and lock, PIN
# lengths, the SO's C_InitPIN, CKA_TRUSTED keys (the SO, as root), C_SetPIN;
# the user PIN is the same at the end, and the session is closed.
import os

import PyKCS11
from PyKCS11 import (CKA_CLASS, CKA_DECRYPT, CKA_ENCRYPT, CKA_KEY_TYPE,
                     CKA_LABEL, CKA_PRIVATE, CKA_SIGN, CKA_TOKEN, CKA_TRUSTED,
                     CKA_UNWRAP, CKA_VALUE, CKA_VERIFY, CKA_WRAP, CKK_AES,
                     CKO_SECRET_KEY, CKU_SO, CK_FALSE, CK_TRUE)

from p11test import (CKR_ACTION_PROHIBITED, H, SO_PIN, USER_PIN, call_rv,
                     expect_rv, report, run, rv_name)
from negative.common import (CKF_SO_PIN_COUNT_LOW, CKF_USER_PIN_COUNT_LOW,
                             CKF_USER_PIN_FINAL_TRY, CKF_USER_PIN_LOCKED, enc,
                             sv)


def checks(c):
    s, raw, lib, slot = c.s, c.raw, c.lib, c.slot
    kw, ecb = c.kw, c.ecb
    secret, new_tmpl, read = c.secret, c.new_tmpl, c.read
    R = PyKCS11

    # ========================================================= the PINs
    def flags():
        return lib.getTokenInfo(slot).flags

    def login_rv(pin, who=PyKCS11.CKU_USER):
        return call_rv(s.login, pin, who)

    def t_trusted_wrap(th):
        T = H(th)
        kt_v = os.urandom(16)
        kt = secret(kt_v, sensitive=True, extractable=True,
                    extra=[(CKA_PRIVATE, CK_FALSE)])
        w = bytes(s.wrapKey(T, kt, kw))
        bad = []
        rv = call_rv(s.unwrapKey, T, w, new_tmpl(sensitive=False,
                                                  extractable=True), kw)
        if rv != R.CKR_TEMPLATE_INCONSISTENT:
            bad.append("unwrap as non-sensitive: %s" % rv_name(rv))
        h = s.unwrapKey(T, w, new_tmpl(sensitive=True, extractable=True), kw)
        rv, got = read(h)
        if rv != R.CKR_ATTRIBUTE_SENSITIVE or got is not None:
            bad.append("unwrapped copy: value %s" % rv_name(rv))
        w2 = secret(os.urandom(16), sensitive=False, wrap=True)
        rv = call_rv(s.wrapKey, w2, h, kw)
        if rv != R.CKR_KEY_NOT_WRAPPABLE:
            bad.append("unwrapped copy under W: %s" % rv_name(rv))
        rv = call_rv(s.decrypt, T, w[:16], ecb)
        if rv != R.CKR_KEY_FUNCTION_NOT_PERMITTED:
            bad.append("C_Decrypt with the trusted key: %s" % rv_name(rv))
        rv = call_rv(s.setAttributeValue, T, [(CKA_DECRYPT, CK_TRUE)])
        if rv not in (R.CKR_ATTRIBUTE_READ_ONLY, CKR_ACTION_PROHIBITED):
            bad.append("CKA_DECRYPT on the trusted key: %s" % rv_name(rv))
        if kt_v in w:
            bad.append("LEAK: the key in the clear in the wrap")
        return not bad, "\n".join(bad)

    rv = login_rv("0000")
    f = flags()
    report("wrong user PIN: CKR_PIN_INCORRECT, CKF_USER_PIN_COUNT_LOW set",
           rv == R.CKR_PIN_INCORRECT and f & CKF_USER_PIN_COUNT_LOW,
           "%s flags %#x" % (rv_name(rv), f))
    rv = login_rv("1" * 300)
    report("a 300-byte PIN: CKR_PIN_INCORRECT or CKR_PIN_LEN_RANGE",
           rv in (R.CKR_PIN_INCORRECT, R.CKR_PIN_LEN_RANGE), rv_name(rv))
    rv = login_rv("12")
    report("a 2-byte PIN: CKR_PIN_INCORRECT or CKR_PIN_LEN_RANGE",
           rv in (R.CKR_PIN_INCORRECT, R.CKR_PIN_LEN_RANGE), rv_name(rv))
    rv = login_rv(USER_PIN)
    f = flags()
    report("the right PIN resets the counter",
           rv == R.CKR_OK and not f & (CKF_USER_PIN_COUNT_LOW |
                                        CKF_USER_PIN_FINAL_TRY |
                                        CKF_USER_PIN_LOCKED),
           "%s flags %#x" % (rv_name(rv), f))
    s.logout()
    rvs = [login_rv("wrong%d" % i) for i in range(9)]
    f = flags()
    report("9 wrong PINs: each CKR_PIN_INCORRECT, then CKF_USER_PIN_FINAL_TRY",
           all(r == R.CKR_PIN_INCORRECT for r in rvs) and
           f & CKF_USER_PIN_FINAL_TRY and not f & CKF_USER_PIN_LOCKED,
           "%s flags %#x" % ([rv_name(r) for r in rvs], f))
    rv = login_rv("wrong10")
    f = flags()
    report("the 10th: CKR_PIN_INCORRECT or CKR_PIN_LOCKED, "
           "CKF_USER_PIN_LOCKED set",
           rv in (R.CKR_PIN_INCORRECT, R.CKR_PIN_LOCKED) and
           f & CKF_USER_PIN_LOCKED, "%s flags %#x" % (rv_name(rv), f))
    rv = login_rv(USER_PIN)
    report("locked: even the right PIN is CKR_PIN_LOCKED",
           rv == R.CKR_PIN_LOCKED, rv_name(rv))
    rv = login_rv("so-wrong", CKU_SO)
    f = flags()
    report("wrong SO PIN: CKR_PIN_INCORRECT, CKF_SO_PIN_COUNT_LOW",
           rv == R.CKR_PIN_INCORRECT and f & CKF_SO_PIN_COUNT_LOW,
           "%s flags %#x" % (rv_name(rv), f))
    trusted = None
    rv = login_rv(SO_PIN, CKU_SO)
    report("the SO logs in (the user is locked)", rv == R.CKR_OK,
           rv_name(rv))
    if rv == R.CKR_OK:
        expect_rv("C_InitPIN with a 3-byte PIN: CKR_PIN_LEN_RANGE",
                  R.CKR_PIN_LEN_RANGE, s.initPin, "123")
        expect_rv("C_InitPIN with a 256-byte PIN: CKR_PIN_LEN_RANGE",
                  R.CKR_PIN_LEN_RANGE, s.initPin, "7" * 256)
        report("still locked after the refused C_InitPINs",
               flags() & CKF_USER_PIN_LOCKED)
        # the SO's view: a sensitive key stays sensitive for the SO too
        if os.geteuid() == 0:
            def t_trusted():
                t_v = os.urandom(32)
                rvd, _ = raw.create(sv(s), [
                    (CKA_CLASS, enc(CKO_SECRET_KEY)),
                    (CKA_KEY_TYPE, enc(CKK_AES)), (CKA_TOKEN, enc(False)),
                    (CKA_PRIVATE, enc(False)), (CKA_VALUE, t_v),
                    (CKA_TRUSTED, enc(True)), (CKA_WRAP, enc(True)),
                    (CKA_DECRYPT, enc(True)), (CKA_ENCRYPT, enc(False)),
                    (CKA_SIGN, enc(False)), (CKA_VERIFY, enc(False)),
                    (CKA_UNWRAP, enc(True))])
                return rvd != R.CKR_OK, \
                    "a TRUSTED key that may decrypt: %s" % rv_name(rvd)
            run("SO: a CKA_TRUSTED key with CKA_DECRYPT is refused (trusted "
                "keys only wrap)", t_trusted)
            rvt, trusted = raw.create(sv(s), [
                (CKA_CLASS, enc(CKO_SECRET_KEY)),
                (CKA_KEY_TYPE, enc(CKK_AES)), (CKA_TOKEN, enc(False)),
                (CKA_PRIVATE, enc(False)), (CKA_VALUE, os.urandom(32)),
                (CKA_TRUSTED, enc(True)), (CKA_WRAP, enc(True)),
                (CKA_UNWRAP, enc(True)), (CKA_DECRYPT, enc(False)),
                (CKA_ENCRYPT, enc(False)), (CKA_SIGN, enc(False)),
                (CKA_VERIFY, enc(False)), (CKA_LABEL, b"neg-trusted")])
            report("SO: a wrap-only CKA_TRUSTED key (root imports it)",
                   rvt == R.CKR_OK, rv_name(rvt))
            if rvt != R.CKR_OK:
                trusted = None
        s.initPin(USER_PIN + "-new")
        s.logout()
        f = flags()
        report("SO C_InitPIN unlocks the user: no LOCKED/COUNT_LOW flag",
               not f & (CKF_USER_PIN_LOCKED | CKF_USER_PIN_COUNT_LOW |
                        CKF_USER_PIN_FINAL_TRY | CKF_SO_PIN_COUNT_LOW),
               "flags %#x" % f)
        rv = login_rv(USER_PIN)
        report("the old user PIN no longer works", rv == R.CKR_PIN_INCORRECT,
               rv_name(rv))
        rv = login_rv(USER_PIN + "-new")
        report("the new user PIN logs in", rv == R.CKR_OK, rv_name(rv))
        if rv == R.CKR_OK:
            def t_priv_after():
                hs = s.findObjects([(CKA_LABEL, "neg-file-private")])
                return len(hs) == 1 and read(hs[0])[0] == \
                    R.CKR_ATTRIBUTE_SENSITIVE, "found %d" % len(hs)
            run("after the SO's C_InitPIN the private objects still open",
                t_priv_after)
            if trusted:
                run("a sensitive key wrapped under a TRUSTED key cannot be "
                    "unwrapped wider, nor decrypted with it",
                    t_trusted_wrap, trusted)
            expect_rv("C_SetPIN to a 3-byte PIN: CKR_PIN_LEN_RANGE",
                      R.CKR_PIN_LEN_RANGE, s.setPin, USER_PIN + "-new",
                      "123")
            expect_rv("C_SetPIN with a wrong old PIN: CKR_PIN_INCORRECT",
                      R.CKR_PIN_INCORRECT, s.setPin, "wrong-old", "55555")
            s.setPin(USER_PIN + "-new", USER_PIN)
            s.logout()
    s.login(USER_PIN)
    for h in s.findObjects([(CKA_LABEL, "neg-file-private")]):
        s.destroyObject(h)
    s.logout()
