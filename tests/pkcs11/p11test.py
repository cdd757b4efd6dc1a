# SPDX-License-Identifier: LGPL-2.1-or-later
#
# p11test.py - shared by the Python tests of ncr-pkcs11.so (crypto_test.py,
# negative.py, two_process.py, wrap_test.py): loading the module, finding
# or making the token and logging in, TAP output, the expected-CKR_
# checks, and the ctypes pieces for what PyKCS11 cannot express.
#
# The token is the one tests/pkcs11/lib.sh makes: label $P11_LABEL
# (default "test"), SO PIN $P11_SO_PIN (12345678), user PIN $P11_PIN
# (1234); open_token initialises one in the free slot when there is none.
import ctypes
import os
import sys

import PyKCS11
from PyKCS11 import (CKF_RW_SESSION, CKF_SERIAL_SESSION,
                     CKF_TOKEN_INITIALIZED, CKU_SO)

LABEL = os.environ.get("P11_LABEL", "test")
USER_PIN = os.environ.get("P11_PIN", "1234")
SO_PIN = os.environ.get("P11_SO_PIN", "12345678")

CK_ULONG = ctypes.c_ulong
CK_BBOOL = ctypes.c_ubyte
CKR_ACTION_PROHIBITED = 0x1B	# 3.0, not in every PyKCS11's table

# ------------------------------------------------------------------ TAP

n_tests = 0
n_failed = 0


def report(name, ok, diag=None):
    global n_tests, n_failed
    n_tests += 1
    if ok:
        print("ok %d - %s" % (n_tests, name))
    else:
        n_failed += 1
        print("not ok %d - %s" % (n_tests, name))
        if diag:
            for line in str(diag).splitlines():
                print("# " + line)
    sys.stdout.flush()


def skip(name, why):
    global n_tests
    n_tests += 1
    print("ok %d - %s # SKIP %s" % (n_tests, name, why))
    sys.stdout.flush()


def done():
    """The TAP plan; the exit status (1 if any test failed)."""
    print("1..%d" % n_tests)
    return 1 if n_failed else 0


# ------------------------------------------------------------ CKR_ codes

class Rv(Exception):
    """A CKR_ other than CKR_OK from a raw (ctypes) call."""

    def __init__(self, rv):
        Exception.__init__(self, "rv 0x%x" % rv)
        self.rv = rv


def check(rv):
    if rv != PyKCS11.CKR_OK:
        raise Rv(rv)


def rv_name(rv):
    if rv == CKR_ACTION_PROHIBITED:
        return "CKR_ACTION_PROHIBITED"
    return PyKCS11.CKR.get(rv, hex(rv)) if isinstance(rv, int) else str(rv)


def call_rv(fn, *args, **kw):
    """CKR_OK, or the code fn raised (PyKCS11 or a raw call's Rv)."""
    try:
        fn(*args, **kw)
    except PyKCS11.PyKCS11Error as e:
        return e.value
    except Rv as e:
        return e.rv
    return PyKCS11.CKR_OK


def expect_rv(name, want, fn, *args, **kw):
    """want: one code or a tuple of acceptable codes.  Returns the code
    (None when fn raised something else, a failure)."""
    wants = want if isinstance(want, tuple) else (want,)
    try:
        rv = call_rv(fn, *args, **kw)
    except Exception as e:	# pragma: no cover - shows the bug
        report(name, False, "%s: %s" % (type(e).__name__, e))
        return None
    report(name, rv in wants, "got %s, want %s" % (
        rv_name(rv), " or ".join(rv_name(w) for w in wants)))
    return rv


def run(name, fn, *args):
    """fn returns (ok, diag) or raises."""
    try:
        ok, diag = fn(*args)
    except Rv as e:
        ok, diag = False, str(e)
    except PyKCS11.PyKCS11Error as e:
        ok, diag = False, "PKCS #11 error %s" % rv_name(e.value)
    except Exception as e:	# pragma: no cover - shows the bug
        ok, diag = False, "%s: %s" % (type(e).__name__, e)
    report(name, ok, diag)


# ------------------------------------------------------- module, token

def load(module):
    lib = PyKCS11.PyKCS11Lib()
    lib.load(module)
    return lib


def find_slot(lib, label=LABEL):
    for sl in lib.getSlotList(tokenPresent=True):
        ti = lib.getTokenInfo(sl)
        if ti.flags & CKF_TOKEN_INITIALIZED and ti.label.strip() == label:
            return sl
    return None


def open_token(lib, label=LABEL, so_pin=SO_PIN, user_pin=USER_PIN,
               init=True):
    """The slot of the token labelled label; without one, a token is
    initialised in the free slot (init), or the test stops."""
    slot = find_slot(lib, label)
    if slot is not None:
        return slot
    if not init:
        raise SystemExit("no token labelled %r" % label)
    for sl in lib.getSlotList(tokenPresent=True):
        if not lib.getTokenInfo(sl).flags & CKF_TOKEN_INITIALIZED:
            lib.initToken(sl, so_pin, label)
            break
    slot = find_slot(lib, label)
    so = lib.openSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION)
    so.login(so_pin, CKU_SO)
    so.initPin(user_pin)
    so.logout()
    so.closeSession()
    return slot


def user_session(lib, slot, user_pin=USER_PIN):
    """An R/W session logged in as the user."""
    s = lib.openSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION)
    s.login(user_pin)
    return s


# -------------------------------------------------------------- ctypes

class HKDF_PARAMS(ctypes.Structure):
    _fields_ = [("bExtract", CK_BBOOL), ("bExpand", CK_BBOOL),
                ("prfHashMechanism", CK_ULONG), ("ulSaltType", CK_ULONG),
                ("pSalt", ctypes.c_void_p), ("ulSaltLen", CK_ULONG),
                ("hSaltKey", CK_ULONG), ("pInfo", ctypes.c_void_p),
                ("ulInfoLen", CK_ULONG)]


class RawMech:
    """A mechanism whose parameter is a ctypes structure pointing at
    buffers this object keeps alive."""

    def __init__(self, mech, struct_, keep=()):
        self.struct = struct_
        self.keep = keep
        self.m = PyKCS11.Mechanism(mech, bytes(struct_))

    def to_native(self):
        return self.m.to_native()


def cbuf(b):
    return ctypes.create_string_buffer(bytes(b), max(len(b), 1))


def H(v):
    """An int as a PyKCS11 object handle."""
    h = PyKCS11.LowLevel.CK_OBJECT_HANDLE()
    h.assign(int(v))
    return h


def ec_point_raw(b):
    """A point without the DER OCTET STRING CKA_EC_POINT puts it in."""
    b = bytes(b)
    return b[2:] if len(b) >= 2 and b[0] == 4 and b[1] == len(b) - 2 \
        else b
