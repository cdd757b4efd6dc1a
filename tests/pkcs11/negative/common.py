# SPDX-License-Identifier: LGPL-2.1-or-later
#
# negative/common.py - shared by the parts of negative.py: the constants,
# the raw (ctypes) calls PyKCS11 cannot express, AES key wrap by hand, the
# HKDF parameter, and Ctx, the one session every part works in with its
# helpers (secret, new_tmpl, read, battr, unreadable); the keys one part
# makes for the later ones are attributes of the Ctx.
import ctypes
import struct

import PyKCS11
from PyKCS11 import (CKA_CLASS, CKA_DECRYPT, CKA_DERIVE, CKA_ENCRYPT,
                     CKA_EXTRACTABLE, CKA_KEY_TYPE, CKA_SENSITIVE, CKA_SIGN,
                     CKA_TOKEN, CKA_UNWRAP, CKA_VALUE, CKA_VALUE_LEN,
                     CKA_VERIFY, CKA_WRAP, CKG_MGF1_SHA256, CKK_AES,
                     CKM_SHA256, CKO_SECRET_KEY, CK_FALSE, CK_TRUE)

from p11test import (CK_ULONG, HKDF_PARAMS, RawMech, cbuf, load,
                     open_token, report, rv_name, user_session)

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


# -------------------------------------------------------------- HKDF

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


# ------------------------------------------------------------- context

class Ctx:
    """The module, the token's slot, the user's R/W session s and the
    helpers on it; the parts leave the keys the later ones use here."""

    def __init__(self, module, runner):
        self.module = module
        self.runner = runner	# negative.py, which --child runs
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

        def new_tmpl(kt=CKK_AES, length=None, sensitive=True,
                     extractable=False, extra=()):
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
                if secret_bytes and out2[0][1] and \
                        secret_bytes in out2[0][1]:
                    bad.append("LEAK: the secret came out")
            report(name, not bad, "\n".join(bad))

        self.lib, self.raw, self.slot, self.s = lib, raw, slot, s
        self.kw, self.kwp, self.ecb, self.oaep = kw, kwp, ecb, oaep
        self.secret, self.new_tmpl, self.read = secret, new_tmpl, read
        self.battr, self.unreadable = battr, unreadable
