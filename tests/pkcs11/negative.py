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
import ctypes
import glob
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

import PyKCS11
from PyKCS11 import (CKA_CLASS, CKA_DERIVE, CKA_EC_PARAMS,
                     CKA_EXTRACTABLE, CKA_KEY_TYPE, CKA_LABEL, CKA_ID,
                     CKA_LOCAL, CKA_ALWAYS_SENSITIVE, CKA_NEVER_EXTRACTABLE,
                     CKA_PRIVATE, CKA_PUBLIC_EXPONENT, CKA_SENSITIVE,
                     CKA_TOKEN, CKA_UNWRAP, CKA_VALUE, CKA_VALUE_LEN,
                     CKA_WRAP, CKA_ENCRYPT, CKA_DECRYPT, CKA_MODULUS_BITS,
                     CKA_SIGN, CKA_VERIFY, CKA_TRUSTED, CKA_MODULUS,
                     CKA_PRIVATE_EXPONENT, CKA_PRIME_1, CKA_PRIME_2,
                     CKA_EXPONENT_1, CKA_EXPONENT_2, CKA_COEFFICIENT,
                     CKA_KEY_GEN_MECHANISM,
                     CKF_RW_SESSION, CKF_SERIAL_SESSION, CKK_AES, CKK_EC,
                     CKK_GENERIC_SECRET, CKO_PRIVATE_KEY, CKO_DATA,
                     CKO_SECRET_KEY, CKU_SO, CK_FALSE, CK_TRUE,
                     CKM_SHA256, CKG_MGF1_SHA256)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from p11test import (CK_ULONG, CKR_ACTION_PROHIBITED, H,  # noqa: E402
                     HKDF_PARAMS, RawMech, SO_PIN, USER_PIN, call_rv, cbuf,
                     done, expect_rv, find_slot, load, open_token, report,
                     rv_name, run, skip, user_session)

CKM_AES_KEY_GEN = 0x1080
CKM_AES_ECB = 0x1081
CKM_AES_CBC_PAD = 0x1085
CKM_AES_GCM = 0x1087
CKM_AES_KEY_WRAP = 0x2109
CKM_AES_KEY_WRAP_KWP = 0x210B
CKM_HKDF_DERIVE = 0x402A
CKM_EC_KEY_PAIR_GEN = 0x1040
CKM_ECDSA = 0x1041
CKM_RSA_PKCS_KEY_PAIR_GEN = 0x0
CKM_RSA_PKCS_OAEP = 0x9
CKM_SHA256_HMAC = 0x251
CKM_CONCATENATE_BASE_AND_KEY = 0x360
CKM_CONCATENATE_BASE_AND_DATA = 0x362
CKM_XOR_BASE_AND_DATA = 0x364
CKM_EXTRACT_KEY_FROM_KEY = 0x365
CKM_SHA256_KEY_DERIVATION = 0x393
CKA_COPYABLE = 0x171
CKA_ALLOWED_MECHANISMS = 0x40000600
CKA_WRAP_WITH_TRUSTED = 0x210
CKF_HKDF_SALT_DATA = 2
CKF_USER_PIN_COUNT_LOW = 0x10000
CKF_USER_PIN_FINAL_TRY = 0x20000
CKF_USER_PIN_LOCKED = 0x40000
CKF_SO_PIN_COUNT_LOW = 0x100000
CKF_SO_PIN_LOCKED = 0x400000
CK_UNAVAILABLE = (1 << (8 * ctypes.sizeof(ctypes.c_ulong))) - 1

P256_OID = bytes.fromhex("06082a8648ce3d030107")
P256_G = bytes.fromhex(
    "04"
    "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
    "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5")
P256_N = int("ffffffff00000000ffffffffffffffff"
             "bce6faada7179e84f3b9cac2fc632551", 16)

# ------------------------------------------------- raw calls (ctypes)

class ATTR(ctypes.Structure):
    _fields_ = [("type", CK_ULONG), ("pValue", ctypes.c_void_p),
                ("ulValueLen", CK_ULONG)]


def enc(v):
    """A template value as the module's bytes."""
    if isinstance(v, bool):
        return b"\x01" if v else b"\x00"
    if isinstance(v, int):
        return struct.pack("L", v)
    if isinstance(v, str):
        return v.encode()
    return bytes(v)


class Raw:
    """The module's C_* entry points through ctypes (same library
    instance as PyKCS11's), for what PyKCS11 cannot express: NULL or short
    buffers, wrongly sized values, C_CopyObject."""

    def __init__(self, path):
        self.dll = ctypes.CDLL(path)

    @staticmethod
    def template(items):
        """items: (type, bytes-or-None, length-or-None)."""
        arr = (ATTR * max(len(items), 1))()
        keep = []
        for i, it in enumerate(items):
            t, v = it[0], it[1]
            ln = it[2] if len(it) > 2 else None
            arr[i].type = t
            if v is None:
                arr[i].pValue = None
                arr[i].ulValueLen = ln or 0
            else:
                b = cbuf(v)
                keep.append(b)
                arr[i].pValue = ctypes.addressof(b)
                arr[i].ulValueLen = len(v) if ln is None else ln
        return arr, keep

    def get(self, sh, oh, items):
        """items: (type, buffer length or None for a NULL pValue).
        Returns rv, [(ulValueLen, bytes or None)]."""
        arr = (ATTR * len(items))()
        bufs = []
        for i, (t, ln) in enumerate(items):
            arr[i].type = t
            if ln is None:
                arr[i].pValue = None
                arr[i].ulValueLen = 0
                bufs.append(None)
            else:
                b = ctypes.create_string_buffer(max(ln, 1))
                bufs.append(b)
                arr[i].pValue = ctypes.addressof(b)
                arr[i].ulValueLen = ln
        rv = self.dll.C_GetAttributeValue(CK_ULONG(sh), CK_ULONG(oh), arr,
                                          CK_ULONG(len(items)))
        out = []
        for i in range(len(items)):
            ln = arr[i].ulValueLen
            b = bufs[i]
            val = None
            if b is not None and ln != CK_UNAVAILABLE and ln <= len(b.raw):
                val = b.raw[:ln]
            out.append((ln, val))
        return rv, out

    def create(self, sh, items):
        arr, keep = self.template(items)
        h = CK_ULONG(0)
        rv = self.dll.C_CreateObject(CK_ULONG(sh), arr, CK_ULONG(len(items)),
                                     ctypes.byref(h))
        return rv, h.value

    def copy(self, sh, oh, items):
        arr, keep = self.template(items)
        h = CK_ULONG(0)
        rv = self.dll.C_CopyObject(CK_ULONG(sh), CK_ULONG(oh), arr,
                                   CK_ULONG(len(items)), ctypes.byref(h))
        return rv, h.value

    def set(self, sh, oh, items):
        arr, keep = self.template(items)
        return self.dll.C_SetAttributeValue(CK_ULONG(sh), CK_ULONG(oh), arr,
                                            CK_ULONG(len(items)))

    def session_info(self, sh):
        info = (CK_ULONG * 4)()
        return self.dll.C_GetSessionInfo(CK_ULONG(sh), info)

    def close_session(self, sh):
        return self.dll.C_CloseSession(CK_ULONG(sh))


def hv(h):
    return h if isinstance(h, int) else h.value()


def sv(s):
    return s.session.value()


# ------------------------------------------------------- AES key wrap
# RFC 3394 / 5649 unwrapping with one AES block decryption as a function:
# with cryptography's AES that is an ordinary unwrap; with C_Decrypt
# (CKM_AES_ECB) under the wrapping key it is the Tookan attack's second
# half, "decrypt the wrapped key with the key that wrapped it".

def kw_unwrap(dec_block, c, pad=False):
    n = len(c) // 8 - 1
    if n == 1:
        b = dec_block(c)
        a, r = b[:8], [b[8:]]
    else:
        a = c[:8]
        r = [c[8 * (i + 1):8 * (i + 2)] for i in range(n)]
        for j in range(5, -1, -1):
            for i in range(n, 0, -1):
                t = n * j + i
                x = (int.from_bytes(a, "big") ^ t).to_bytes(8, "big")
                b = dec_block(x + r[i - 1])
                a, r[i - 1] = b[:8], b[8:]
    p = b"".join(r)
    if not pad:
        return p if a == b"\xa6" * 8 else None
    if a[:4] != bytes.fromhex("a65959a6"):
        return None
    mli = int.from_bytes(a[4:], "big")
    return p[:mli]


def aes_dec_block(key):
    from cryptography.hazmat.primitives.ciphers import (Cipher, algorithms,
                                                        modes)
    d = Cipher(algorithms.AES(key), modes.ECB()).decryptor()
    return lambda b: d.update(b)


def aes_wrap(kek, key, pad=False):
    from cryptography.hazmat.primitives import keywrap
    if pad:
        return keywrap.aes_key_wrap_with_padding(kek, key)
    return keywrap.aes_key_wrap(kek, key)


# ---------------------------------------------------------------- setup

def token_dirs():
    root = os.environ.get("NCR_PKCS11_DIR", "")
    return [d for d in glob.glob(os.path.join(root, "*"))
            if os.path.isdir(os.path.join(d, "objects"))]


def object_files():
    out = set()
    for d in token_dirs():
        out |= set(glob.glob(os.path.join(d, "objects", "*.obj")))
    return out


def parse_attrs(b):
    out, off = [], 0
    while off < len(b):
        t, ln = struct.unpack_from("<QI", b, off)
        off += 12
        out.append([t, b[off:off + ln]])
        off += ln
    return out


def save_attrs(attrs):
    return b"".join(struct.pack("<QI", t, len(v)) + v for t, v in attrs)


def edit_public_file(path, changes):
    """Sets attributes (type -> bytes) in a public object file, keeping
    its key blob; a newer mtime so that every process reloads it."""
    with open(path, "rb") as f:
        data = f.read()
    magic, flags = data[:8], struct.unpack_from("<I", data, 8)[0]
    assert magic == b"NCRP11O1" and not flags & 1, "not a public object"
    body = data[16:]
    alen = struct.unpack_from("<I", body, 0)[0]
    attrs = parse_attrs(body[4:4 + alen])
    blob = body[8 + alen:]
    for a in attrs:
        if a[0] in changes:
            a[1] = changes[a[0]]
    nb = save_attrs(attrs)
    body = struct.pack("<I", len(nb)) + nb + struct.pack("<I", len(blob)) + \
        blob
    st = os.stat(path)
    with open(path, "wb") as f:
        f.write(b"NCRP11O1" + struct.pack("<II", flags, len(body)) + body)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2000000000))


# ---------------------------------------------------- the child process
# negative.py MODULE --child: a process of its own on a copy of the token
# directory (NCR_PKCS11_DIR): no login; prints what it could read as JSON.

def child(module):
    lib = load(module)
    raw = Raw(module)
    slot = find_slot(lib)
    s = lib.openSession(slot, CKF_SERIAL_SESSION)
    res = {}
    for lab in ("neg-file-public", "neg-file-private", "neg-file-unsealed"):
        hs = s.findObjects([(CKA_LABEL, lab)])
        res[lab] = {"found": len(hs)}
        if hs:
            rv, out = raw.get(sv(s), hv(hs[0]), [(CKA_VALUE, 64),
                                                 (CKA_SENSITIVE, 1)])
            res[lab]["rv"] = rv
            res[lab]["value"] = out[0][1].hex() if out[0][1] else None
            res[lab]["sensitive_attr"] = out[1][1].hex() if out[1][1] \
                else None
    print(json.dumps(res))
    return 0


# ------------------------------------------------------------------ main

def main():
    if len(sys.argv) == 3 and sys.argv[2] == "--child":
        return child(sys.argv[1])
    if len(sys.argv) != 2:
        print("usage: negative.py MODULE", file=sys.stderr)
        return 2
    module = sys.argv[1]
    lib = load(module)
    raw = Raw(module)
    slot = open_token(lib)
    s = user_session(lib, slot)
    M = PyKCS11.Mechanism
    kw = M(CKM_AES_KEY_WRAP)
    kwp = M(CKM_AES_KEY_WRAP_KWP)
    ecb = M(CKM_AES_ECB)
    oaep = PyKCS11.RSAOAEPMechanism(CKM_SHA256, CKG_MGF1_SHA256)
    R = PyKCS11

    def b(v):
        return CK_TRUE if v else CK_FALSE

    def secret(val, kt=CKK_AES, sensitive=True, extractable=False,
               extra=(), sess=None, **usage):
        t = [(CKA_CLASS, CKO_SECRET_KEY), (CKA_KEY_TYPE, kt),
             (CKA_TOKEN, CK_FALSE), (CKA_VALUE, val),
             (CKA_SENSITIVE, b(sensitive)),
             (CKA_EXTRACTABLE, b(extractable))]
        for k, a in (("wrap", CKA_WRAP), ("unwrap", CKA_UNWRAP),
                     ("derive", CKA_DERIVE), ("encrypt", CKA_ENCRYPT),
                     ("decrypt", CKA_DECRYPT), ("sign", CKA_SIGN),
                     ("verify", CKA_VERIFY)):
            if k in usage:
                t.append((a, b(usage[k])))
        over = set(a for a, _ in extra)
        t = [x for x in t if x[0] not in over]
        return (sess or s).createObject(t + list(extra))

    def new_tmpl(kt=CKK_AES, length=None, sensitive=True, extractable=False,
                 extra=()):
        t = [(CKA_CLASS, CKO_SECRET_KEY), (CKA_KEY_TYPE, kt),
             (CKA_TOKEN, CK_FALSE), (CKA_SENSITIVE, b(sensitive)),
             (CKA_EXTRACTABLE, b(extractable))]
        if length is not None:
            t.append((CKA_VALUE_LEN, length))
        return t + list(extra)

    def read(h, a=CKA_VALUE, sess=None):
        """(rv, bytes or None) of one attribute, the size query first."""
        sh = sv(sess or s)
        rv, out = raw.get(sh, hv(h), [(a, None)])
        if rv != R.CKR_OK:
            return rv, None
        rv, out = raw.get(sh, hv(h), [(a, out[0][0])])
        return rv, out[0][1]

    def battr(h, a, sess=None):
        rv, v = read(h, a, sess)
        return None if rv != R.CKR_OK else v == b"\x01"

    def unreadable(name, h, secret_bytes=None, attrs=(CKA_VALUE,),
                   sess=None):
        """Every attribute in attrs answers CKR_ATTRIBUTE_SENSITIVE, with
        CK_UNAVAILABLE_INFORMATION as length and no bytes."""
        bad = []
        for a in attrs:
            sh = sv(sess or s)
            rv, out = raw.get(sh, hv(h), [(a, None)])
            rv2, out2 = raw.get(sh, hv(h), [(a, 4096)])
            if (rv != R.CKR_ATTRIBUTE_SENSITIVE or
                    rv2 != R.CKR_ATTRIBUTE_SENSITIVE or
                    out[0][0] != CK_UNAVAILABLE or
                    out2[0][0] != CK_UNAVAILABLE):
                bad.append("%s: %s/%s len %#x" % (
                    R.CKA.get(a, hex(a)), rv_name(rv), rv_name(rv2),
                    out2[0][0]))
            if secret_bytes and out2[0][1] and secret_bytes in out2[0][1]:
                bad.append("LEAK: the secret came out")
        report(name, not bad, "\n".join(bad))

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

    # ================================================ wrapping policy
    ext_v = os.urandom(16)
    ext = secret(ext_v, sensitive=False, extractable=True)
    nowrap = secret(os.urandom(16), sensitive=False, wrap=False,
                    unwrap=False)
    expect_rv("wrap under a key without CKA_WRAP: "
              "CKR_KEY_FUNCTION_NOT_PERMITTED",
              R.CKR_KEY_FUNCTION_NOT_PERMITTED, s.wrapKey, nowrap, ext, kw)
    w_v = os.urandom(16)
    W = secret(w_v, sensitive=False, extractable=False, wrap=True,
               unwrap=True, encrypt=True, decrypt=True)
    unext = secret(os.urandom(16), sensitive=False, extractable=False)
    expect_rv("wrap of a non-extractable key: CKR_KEY_UNEXTRACTABLE",
              R.CKR_KEY_UNEXTRACTABLE, s.wrapKey, W, unext, kw)
    expect_rv("wrap of a sensitive non-extractable key: "
              "CKR_KEY_UNEXTRACTABLE", R.CKR_KEY_UNEXTRACTABLE, s.wrapKey,
              W, aes_s, kw)

    # ---------------------------------------------- Tookan (a)
    # K sensitive + extractable; W known to the caller (it made W from
    # bytes it chose), with CKA_WRAP and CKA_DECRYPT.
    k_v = os.urandom(16)
    K = secret(k_v, sensitive=True, extractable=True, wrap=True,
               decrypt=True, encrypt=True)

    def tookan_wrap(name, wkey, key, mech, recover):
        rv = call_rv(s.wrapKey, wkey, key, mech)
        diag = "got %s, want CKR_KEY_NOT_WRAPPABLE" % rv_name(rv)
        if rv == R.CKR_OK:
            w = bytes(s.wrapKey(wkey, key, mech))
            try:
                got = recover(w)
            except Exception as e:
                got = "recovery failed: %s" % e
            diag += "\nwrapped %s; recovered %s" % (w.hex(), got.hex() if
                                                   isinstance(got, bytes)
                                                   else got)
            if got == k_v:
                diag += "\nLEAK: the sensitive key's bytes"
        report(name, rv == R.CKR_KEY_NOT_WRAPPABLE, diag)

    dec_W = lambda blk: bytes(s.decrypt(W, blk, ecb))
    tookan_wrap("Tookan: AES-KW wrap of a sensitive key under a "
                "caller-made WRAP+DECRYPT key: CKR_KEY_NOT_WRAPPABLE",
                W, K, kw, lambda w: kw_unwrap(dec_W, w))
    tookan_wrap("Tookan: AES-KWP wrap of the same: CKR_KEY_NOT_WRAPPABLE",
                W, K, kwp, lambda w: kw_unwrap(dec_W, w, True))

    def t_size_query():
        out = PyKCS11.ckbytelist()
        rv = s.lib.C_WrapKey(s.session, kw.to_native(), W, K, out)
        return rv == R.CKR_KEY_NOT_WRAPPABLE, "size query: %s (%d)" % (
            rv_name(rv), len(out))
    run("Tookan: the size query for it is refused too", t_size_query)
    tookan_wrap("Tookan: K wrapped under itself (WRAP+DECRYPT): "
                "CKR_KEY_NOT_WRAPPABLE", K, K, kw,
                lambda w: kw_unwrap(lambda blk: bytes(
                    s.decrypt(K, blk, ecb)), w))
    Wg = s.generateKey([(CKA_TOKEN, CK_FALSE), (CKA_VALUE_LEN, 32),
                        (CKA_WRAP, CK_TRUE), (CKA_DECRYPT, CK_TRUE),
                        (CKA_ENCRYPT, CK_TRUE)], M(CKM_AES_KEY_GEN))
    tookan_wrap("Tookan: under a generated sensitive WRAP+DECRYPT key: "
                "CKR_KEY_NOT_WRAPPABLE", Wg, K, kw,
                lambda w: kw_unwrap(lambda blk: bytes(
                    s.decrypt(Wg, blk, ecb)), w))
    tookan_wrap("Tookan: RSA-OAEP wrap under a pair whose private half "
                "decrypts: CKR_KEY_NOT_WRAPPABLE", rsa_pub, K, oaep,
                lambda w: bytes(s.decrypt(rsa_priv, w, oaep)))

    # the attack itself works on what may be wrapped: the refusal is what
    # stops it (an exportable, extractable key, whose bytes the caller may
    # read anyway)
    def t_oracle_works():
        w1 = bytes(s.wrapKey(W, ext, kw))
        w2 = bytes(s.wrapKey(W, ext, kwp))
        w3 = bytes(s.wrapKey(rsa_pub, ext, oaep))
        g1 = kw_unwrap(dec_W, w1)
        g2 = kw_unwrap(dec_W, w2, True)
        g3 = bytes(s.decrypt(rsa_priv, w3, oaep))
        return g1 == g2 == g3 == ext_v, "%s %s %s" % (g1, g2, g3)
    run("control: wrap-then-C_Decrypt recovers an exportable key (AES-KW, "
        "AES-KWP, RSA-OAEP): the attack code works", t_oracle_works)

    # ---------------------------------------------- Tookan (b)
    kb_v = os.urandom(16)
    blob = aes_wrap(w_v, kb_v)

    def t_unwrap_sensitive():
        h = s.unwrapKey(W, blob, new_tmpl(sensitive=True,
                                          extractable=False), kw)
        rv, got = read(h)
        wr = call_rv(s.wrapKey, W, h, kw)
        st = call_rv(s.setAttributeValue, h, [(CKA_SENSITIVE, CK_FALSE)])
        cp, nh = raw.copy(sv(s), hv(h), [(CKA_SENSITIVE, enc(False))])
        asens = battr(h, CKA_ALWAYS_SENSITIVE)
        nev = battr(h, CKA_NEVER_EXTRACTABLE)
        ok = (rv == R.CKR_ATTRIBUTE_SENSITIVE and got is None and
              wr == R.CKR_KEY_UNEXTRACTABLE and
              st == R.CKR_ATTRIBUTE_READ_ONLY and
              cp == R.CKR_ATTRIBUTE_READ_ONLY and asens is False)
        return ok, ("read %s, wrap %s, set %s, copy %s, "
                    "ALWAYS_SENSITIVE %s, NEVER_EXTRACTABLE %s" % (
                        rv_name(rv), rv_name(wr), rv_name(st), rv_name(cp),
                        asens, nev))
    run("Tookan: unwrapped as sensitive+non-extractable: read "
        "CKR_ATTRIBUTE_SENSITIVE, wrap CKR_KEY_UNEXTRACTABLE, widen "
        "CKR_ATTRIBUTE_READ_ONLY; not CKA_ALWAYS_SENSITIVE",
        t_unwrap_sensitive)

    def t_unwrap_sens_ext():
        h = s.unwrapKey(W, blob, new_tmpl(sensitive=True,
                                          extractable=True), kw)
        wr = call_rv(s.wrapKey, W, h, kw)
        return wr == R.CKR_KEY_NOT_WRAPPABLE, "wrap %s" % rv_name(wr)
    run("Tookan: unwrapped as sensitive+extractable, wrapped back under W: "
        "CKR_KEY_NOT_WRAPPABLE", t_unwrap_sens_ext)

    # ---------------------------------------------- Tookan (c)
    def t_unwrap_open():
        h = s.unwrapKey(W, blob, new_tmpl(sensitive=False,
                                          extractable=True), kw)
        return read(h) == (R.CKR_OK, kb_v), "value"
    run("unwrap as non-sensitive under a key the caller knows: the value is "
        "the caller's own bytes", t_unwrap_open)
    ws_v = os.urandom(32)
    Ws = secret(ws_v, sensitive=True, extractable=False, unwrap=True,
                wrap=True, decrypt=True)
    for name, mech, pad in (("AES-KW", kw, False), ("AES-KWP", kwp, True)):
        expect_rv("Tookan: %s unwrap as non-sensitive under a sensitive key "
                  "(decryption oracle): CKR_TEMPLATE_INCONSISTENT" % name,
                  R.CKR_TEMPLATE_INCONSISTENT, s.unwrapKey, Ws,
                  aes_wrap(ws_v, kb_v, pad),
                  new_tmpl(sensitive=False, extractable=True), mech)

    def t_unwrap_ws_sens():
        h = s.unwrapKey(Ws, aes_wrap(ws_v, kb_v), new_tmpl(), kw)
        rv, _ = read(h)
        wr = call_rv(s.wrapKey, W, h, kw)
        return rv == R.CKR_ATTRIBUTE_SENSITIVE and wr != R.CKR_OK, \
            "read %s wrap %s" % (rv_name(rv), rv_name(wr))
    run("under a sensitive key only a sensitive key comes out, and stays so",
        t_unwrap_ws_sens)

    def t_oaep_oracle():
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding, rsa
        n = int.from_bytes(read(rsa_pub, CKA_MODULUS)[1], "big")
        pk = rsa.RSAPublicNumbers(65537, n).public_key()
        c = pk.encrypt(kb_v, padding.OAEP(padding.MGF1(hashes.SHA256()),
                                          hashes.SHA256(), None))
        rv = call_rv(s.unwrapKey, rsa_priv, c,
                     new_tmpl(sensitive=False, extractable=True), oaep)
        return rv == R.CKR_TEMPLATE_INCONSISTENT, rv_name(rv)
    run("Tookan: RSA-OAEP unwrap as non-sensitive under a sensitive private "
        "key: CKR_TEMPLATE_INCONSISTENT", t_oaep_oracle)
    expect_rv("unwrap with CKA_TRUSTED true as the user: "
              "CKR_ATTRIBUTE_READ_ONLY", R.CKR_ATTRIBUTE_READ_ONLY,
              s.unwrapKey, W, blob, new_tmpl(extra=[(CKA_TRUSTED, CK_TRUE)]),
              kw)
    expect_rv("C_CreateObject with CKA_TRUSTED true as the user: "
              "CKR_ATTRIBUTE_READ_ONLY", R.CKR_ATTRIBUTE_READ_ONLY,
              lambda: secret(os.urandom(16), extra=[(CKA_TRUSTED, CK_TRUE)],
                             wrap=True))

    # ---------------------------------------------- derivation (d)
    def hkdf_mech(salt, info):
        sb, ib = cbuf(salt), cbuf(info)
        p = HKDF_PARAMS()
        p.bExtract = p.bExpand = 1
        p.prfHashMechanism = CKM_SHA256
        p.ulSaltType = CKF_HKDF_SALT_DATA
        p.pSalt = ctypes.addressof(sb)
        p.ulSaltLen = len(salt)
        p.pInfo = ctypes.addressof(ib)
        p.ulInfoLen = len(info)
        return RawMech(CKM_HKDF_DERIVE, p, (sb, ib))

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

    wwt = secret(os.urandom(16), sensitive=False, extractable=True,
                 extra=[(CKA_WRAP_WITH_TRUSTED, CK_TRUE)])
    expect_rv("CKA_WRAP_WITH_TRUSTED true -> false: CKR_ATTRIBUTE_READ_ONLY",
              R.CKR_ATTRIBUTE_READ_ONLY, s.setAttributeValue, wwt,
              [(CKA_WRAP_WITH_TRUSTED, CK_FALSE)])
    rv, nh = raw.copy(sv(s), hv(wwt), [(CKA_WRAP_WITH_TRUSTED, enc(False))])
    report("C_CopyObject with CKA_WRAP_WITH_TRUSTED false: "
           "CKR_ATTRIBUTE_READ_ONLY", rv == R.CKR_ATTRIBUTE_READ_ONLY,
           rv_name(rv))
    expect_rv("a CKA_WRAP_WITH_TRUSTED key under an untrusted key: "
              "CKR_KEY_NOT_WRAPPABLE", R.CKR_KEY_NOT_WRAPPABLE, s.wrapKey,
              W, wwt, kw)

    def t_copy_public():
        # the spec lets C_CopyObject change CKA_PRIVATE; the public copy
        # of a sensitive private key must stay sensitive
        rv, nh = raw.copy(sv(s), hv(ec_priv), [(CKA_PRIVATE, enc(False)),
                                               (CKA_LABEL, b"neg-pubcopy")])
        if rv != R.CKR_OK:
            return rv in (R.CKR_ATTRIBUTE_READ_ONLY,
                          R.CKR_TEMPLATE_INCONSISTENT), \
                "refused: %s" % rv_name(rv)
        rv2, got = read(nh)
        return rv2 == R.CKR_ATTRIBUTE_SENSITIVE and got is None, \
            "public copy: value %s" % rv_name(rv2)
    run("a public copy (CKA_PRIVATE false) of a sensitive private key is "
        "still sensitive", t_copy_public)
    expect_rv("CKA_PRIVATE true -> false by C_SetAttributeValue: "
              "CKR_ATTRIBUTE_READ_ONLY", R.CKR_ATTRIBUTE_READ_ONLY,
              s.setAttributeValue, aes_s, [(CKA_PRIVATE, CK_FALSE)])

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

    # =========================================== the token's files
    before = object_files()
    fp_v = os.urandom(16)
    secret(fp_v, sensitive=True, extractable=False,
                  extra=[(CKA_TOKEN, CK_TRUE), (CKA_PRIVATE, CK_FALSE),
                         (CKA_LABEL, "neg-file-public")], wrap=True)
    mid = object_files()
    fpriv_id = os.urandom(12)
    fpriv = secret(os.urandom(16), sensitive=True,
                   extra=[(CKA_TOKEN, CK_TRUE), (CKA_PRIVATE, CK_TRUE),
                          (CKA_LABEL, "neg-file-private"),
                          (CKA_ID, fpriv_id)])
    after = object_files()
    pub_files = sorted(mid - before)
    priv_files = sorted(after - mid)
    tokdir = os.path.dirname(os.path.dirname(pub_files[0])) if pub_files \
        else None
    report("the token objects are files in $NCR_PKCS11_DIR/*/objects",
           len(pub_files) == 1 and len(priv_files) == 1,
           "public %s private %s" % (pub_files, priv_files))

    if priv_files:
        data = open(priv_files[0], "rb").read()
        leaks = [n for n, v in (("label", b"neg-file-private"),
                                ("CKA_ID", fpriv_id),
                                ("CKA_CLASS entry",
                                 struct.pack("<QI", CKA_CLASS, 8)))
                 if v in data]
        report("a private object's file: sealed, no attribute in the clear",
               data[:8] == b"NCRP11O1" and data[8] & 1 and not leaks,
               "flags %d, in the clear: %s" % (data[8], leaks))
        pdata = open(pub_files[0], "rb").read()
        report("(a public object's file does hold its label in the clear)",
               b"neg-file-public" in pdata)

    if tokdir:
        # a copy of the whole tokens directory, edited, opened by another
        # process without a login
        croot = tempfile.mkdtemp()
        cdir = os.path.join(croot, os.path.basename(tokdir))
        shutil.copytree(tokdir, cdir)
        cpub = os.path.join(cdir, "objects", os.path.basename(pub_files[0]))
        edit_public_file(cpub, {CKA_SENSITIVE: b"\0",
                                CKA_EXTRACTABLE: b"\1"})
        if priv_files:
            # a second private file with its sealed flag cleared
            src = open(os.path.join(cdir, "objects",
                                    os.path.basename(priv_files[0])),
                       "rb").read()
            dst = os.path.join(cdir, "objects", "%016x.obj" %
                               int.from_bytes(os.urandom(8), "big"))
            with open(dst, "wb") as f:
                f.write(src[:8] + b"\0" + src[9:])
        env = dict(os.environ, NCR_PKCS11_DIR=croot)
        p = subprocess.run([sys.executable, os.path.abspath(__file__),
                            module, "--child"], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            res = json.loads(p.stdout.decode().strip().splitlines()[-1])
        except Exception:
            res = None
        if res is None:
            report("copied token directory opened by another process", False,
                   "exit %d\n%s%s" % (p.returncode, p.stdout.decode(),
                                      p.stderr.decode()))
        else:
            pub = res["neg-file-public"]
            report("copy + CKA_SENSITIVE flipped in the file: the other "
                   "process reads CKA_VALUE as CKR_ATTRIBUTE_SENSITIVE "
                   "(the kernel's blob keeps the flag)",
                   pub["found"] == 1 and
                   pub.get("rv") == R.CKR_ATTRIBUTE_SENSITIVE and
                   pub.get("value") in (None, "") and
                   fp_v.hex() not in str(res), json.dumps(res))
            report("copy: the private objects (sealed, or with the seal flag "
                   "cleared) are invisible without the PIN",
                   res["neg-file-private"]["found"] == 0 and
                   res["neg-file-unsealed"]["found"] == 0, json.dumps(res))
        shutil.rmtree(croot, ignore_errors=True)

        # the same edit in place: this process reloads the changed file
        edit_public_file(pub_files[0], {CKA_SENSITIVE: b"\0",
                                        CKA_EXTRACTABLE: b"\1"})

        def t_inplace():
            hs = s.findObjects([(CKA_LABEL, "neg-file-public")])
            if len(hs) != 1:
                return False, "found %d" % len(hs)
            h = hs[0]
            claims = (battr(h, CKA_SENSITIVE), battr(h, CKA_EXTRACTABLE))
            rv, got = read(h)
            wr = call_rv(s.wrapKey, W, h, kw)
            leak = got is not None and fp_v in got
            return (rv == R.CKR_ATTRIBUTE_SENSITIVE and got is None and
                    wr in (R.CKR_KEY_NOT_WRAPPABLE,
                           R.CKR_KEY_UNEXTRACTABLE)), \
                "file claims SENSITIVE=%s EXTRACTABLE=%s; read %s; wrap " \
                "%s%s" % (claims[0], claims[1], rv_name(rv), rv_name(wr),
                          "\nLEAK" if leak else "")
        run("file edited in place (SENSITIVE false, EXTRACTABLE true): "
            "read CKR_ATTRIBUTE_SENSITIVE, wrap refused", t_inplace)

        def t_inplace_wrap_k():
            # a sensitive+extractable token key whose file now says
            # non-sensitive: the wrap under W (untrusted) must still fail
            h = secret(k_v, sensitive=True, extractable=True, wrap=False,
                       extra=[(CKA_TOKEN, CK_TRUE), (CKA_PRIVATE, CK_FALSE),
                              (CKA_LABEL, "neg-file-k")])
            f = sorted(object_files() - after)
            f = [x for x in f if b"neg-file-k" in open(x, "rb").read()]
            edit_public_file(f[0], {CKA_SENSITIVE: b"\0"})
            hs = s.findObjects([(CKA_LABEL, "neg-file-k")])
            rv = call_rv(s.wrapKey, W, hs[0], kw)
            rd, got = read(hs[0])
            s.destroyObject(hs[0])
            return (rv == R.CKR_KEY_NOT_WRAPPABLE and
                    rd == R.CKR_ATTRIBUTE_SENSITIVE), \
                "wrap %s read %s (%s)" % (rv_name(rv), rv_name(rd), h)
        run("Tookan through the file: CKA_SENSITIVE flipped on a sensitive "
            "extractable key, wrap under W: CKR_KEY_NOT_WRAPPABLE",
            t_inplace_wrap_k)
        for h in s.findObjects([(CKA_LABEL, "neg-file-public")]):
            s.destroyObject(h)
    else:
        skip("file-level attacks", "no token directory found")

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
    s.closeSession()
    return done()


if __name__ == "__main__":
    sys.exit(main())
