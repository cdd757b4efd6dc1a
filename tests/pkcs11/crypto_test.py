#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# crypto_test.py MODULE - ncr-pkcs11.so's C_Encrypt*, C_Decrypt*,
# C_Digest*, C_Sign* and C_Verify* (pkcs11/crypto.c, sign.c) end to end:
# single- and multi-part calls, the length conventions, and the results
# checked against Python's hashlib/hmac and the cryptography package.
#
# Needs /dev/crypto with a master key set and NCR_PKCS11_DIR pointing at a
# token directory (a fresh token is initialised here).  TAP output; exit
# status 1 if any test failed.
import ctypes
import hashlib
import hmac
import os
import sys

import PyKCS11
from PyKCS11 import (CKA_CLASS, CKA_KEY_TYPE, CKA_TOKEN, CKA_VALUE,
                     CKA_VALUE_LEN, CKA_SENSITIVE, CKA_EXTRACTABLE,
                     CKA_ENCRYPT, CKA_DECRYPT, CKA_SIGN, CKA_VERIFY,
                     CKA_EC_PARAMS, CKA_EC_POINT, CKA_MODULUS,
                     CKA_MODULUS_BITS, CKA_PUBLIC_EXPONENT,
                     CKO_SECRET_KEY, CKO_PUBLIC_KEY, CKO_PRIVATE_KEY,
                     CK_TRUE, CK_FALSE)
from cryptography.hazmat.primitives import hashes, cmac
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric import ed25519, utils
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers import aead

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from p11test import (CK_ULONG, check, cbuf, done, ec_point_raw,  # noqa: E402
                     expect_rv, load, open_token, run, user_session)

CKR_OK = 0
CKR_BUFFER_TOO_SMALL = 0x150
CKR_ENCRYPTED_DATA_INVALID = 0x40
CKR_ENCRYPTED_DATA_LEN_RANGE = 0x41
CKR_DATA_LEN_RANGE = 0x21
CKR_DATA_INVALID = 0x20
CKR_SIGNATURE_INVALID = 0xC0
CKR_SIGNATURE_LEN_RANGE = 0xC1
CKR_OPERATION_NOT_INITIALIZED = 0x91
CKR_OPERATION_ACTIVE = 0x90
CKR_KEY_FUNCTION_NOT_PERMITTED = 0x68
CKR_KEY_TYPE_INCONSISTENT = 0x63
CKR_MECHANISM_PARAM_INVALID = 0x71

CKK_AES, CKK_DES3, CKK_GENERIC_SECRET, CKK_CHACHA20 = 0x1F, 0x15, 0x10, 0x33
CKM = dict(AES_ECB=0x1081, AES_CBC=0x1082, AES_CBC_PAD=0x1085,
           AES_CTR=0x1086, AES_GCM=0x1087, AES_CCM=0x1088,
           AES_CMAC=0x108A, AES_CMAC_GENERAL=0x108B, DES3_CBC_PAD=0x136,
           CHACHA20_POLY1305=0x4021, SHA_1=0x220, SHA256=0x250,
           SHA384=0x260, SHA512=0x270, SHA3_256=0x2B0,
           SHA256_HMAC=0x251, SHA256_HMAC_GENERAL=0x252, SHA_1_HMAC=0x221,
           RSA_PKCS_KEY_PAIR_GEN=0, RSA_PKCS=1, RSA_X_509=3, RSA_OAEP=9,
           RSA_PSS=0xD, SHA256_RSA_PKCS=0x40, SHA256_RSA_PSS=0x43,
           EC_KEY_PAIR_GEN=0x1040, ECDSA=0x1041, ECDSA_SHA256=0x1044,
           ECDSA_SHA384=0x1045, EDWARDS_GEN=0x1055, EDDSA=0x1057)
CKG_MGF1_SHA256 = 2
CKZ_DATA_SPECIFIED = 1
P256 = bytes.fromhex("06082a8648ce3d030107")
P384 = bytes.fromhex("06052b81040022")
ED25519 = bytes.fromhex("06032b6570")


class MECH(ctypes.Structure):
    _fields_ = [("mechanism", CK_ULONG), ("pParameter", ctypes.c_void_p),
                ("ulParameterLen", CK_ULONG)]


class GCM3(ctypes.Structure):
    _fields_ = [("pIv", ctypes.c_void_p), ("ulIvLen", CK_ULONG),
                ("ulIvBits", CK_ULONG), ("pAAD", ctypes.c_void_p),
                ("ulAADLen", CK_ULONG), ("ulTagBits", CK_ULONG)]


class GCM2(ctypes.Structure):
    _fields_ = [("pIv", ctypes.c_void_p), ("ulIvLen", CK_ULONG),
                ("pAAD", ctypes.c_void_p), ("ulAADLen", CK_ULONG),
                ("ulTagBits", CK_ULONG)]


class CCM(ctypes.Structure):
    _fields_ = [("ulDataLen", CK_ULONG), ("pNonce", ctypes.c_void_p),
                ("ulNonceLen", CK_ULONG), ("pAAD", ctypes.c_void_p),
                ("ulAADLen", CK_ULONG), ("ulMACLen", CK_ULONG)]


class CHACHA(ctypes.Structure):
    _fields_ = [("pNonce", ctypes.c_void_p), ("ulNonceLen", CK_ULONG),
                ("pAAD", ctypes.c_void_p), ("ulAADLen", CK_ULONG)]


class CTR(ctypes.Structure):
    _fields_ = [("ulCounterBits", CK_ULONG), ("cb", ctypes.c_ubyte * 16)]


class OAEP(ctypes.Structure):
    _fields_ = [("hashAlg", CK_ULONG), ("mgf", CK_ULONG),
                ("source", CK_ULONG), ("pSourceData", ctypes.c_void_p),
                ("ulSourceDataLen", CK_ULONG)]


class PSS(ctypes.Structure):
    _fields_ = [("hashAlg", CK_ULONG), ("mgf", CK_ULONG),
                ("sLen", CK_ULONG)]


class Raw:
    """The module's C_* entry points through ctypes (same library
    instance as PyKCS11's, so the sessions and objects are shared)."""

    def __init__(self, path, hs):
        self.l = ctypes.CDLL(path)
        self.h = CK_ULONG(hs)
        self.keep = []

    def mech(self, m, param=None):
        mm = MECH()
        mm.mechanism = m
        if param is not None:
            if isinstance(param, (bytes, bytearray)):
                b = ctypes.create_string_buffer(bytes(param), len(param))
                mm.pParameter = ctypes.cast(b, ctypes.c_void_p)
                mm.ulParameterLen = len(param)
                self.keep.append(b)
            else:
                mm.pParameter = ctypes.cast(ctypes.pointer(param),
                                            ctypes.c_void_p)
                mm.ulParameterLen = ctypes.sizeof(param)
                self.keep.append(param)
        return mm

    def buf(self, b):
        c = cbuf(b)
        self.keep.append(c)
        return c

    def init(self, what, mech, key=None):
        f = getattr(self.l, "C_%sInit" % what)
        if hasattr(key, "value"):
            key = key.value()
        if key is None:
            check(f(self.h, ctypes.byref(mech)))
        else:
            check(f(self.h, ctypes.byref(mech), CK_ULONG(key)))

    def _out(self, f, args):
        n = CK_ULONG(0)
        check(f(self.h, *args, None, ctypes.byref(n)))
        o = ctypes.create_string_buffer(max(n.value, 1))
        check(f(self.h, *args, o, ctypes.byref(n)))
        return o.raw[:n.value]

    def once(self, what, data):
        d = self.buf(data)
        return self._out(getattr(self.l, "C_" + what),
                         (d, CK_ULONG(len(data))))

    def update(self, what, data):
        d = self.buf(data)
        return self._out(getattr(self.l, "C_%sUpdate" % what),
                         (d, CK_ULONG(len(data))))

    def final(self, what):
        return self._out(getattr(self.l, "C_%sFinal" % what), ())

    def sig_update(self, what, data):
        d = self.buf(data)
        check(getattr(self.l, "C_%sUpdate" % what)(self.h, d,
                                                   CK_ULONG(len(data))))

    def verify(self, data, sig):
        d, s = self.buf(data), self.buf(sig)
        check(self.l.C_Verify(self.h, d, CK_ULONG(len(data)), s,
                              CK_ULONG(len(sig))))

    def verify_final(self, sig):
        s = self.buf(sig)
        check(self.l.C_VerifyFinal(self.h, s, CK_ULONG(len(sig))))

    def crypt(self, what, mech, key, data, chunks=None):
        self.init(what, mech, key)
        if chunks is None:
            return self.once(what, data)
        out, pos = b"", 0
        for c in chunks:
            out += self.update(what, data[pos:pos + c])
            pos += c
        out += self.update(what, data[pos:])
        return out + self.final(what)

    def sign(self, mech, key, data, chunks=None):
        self.init("Sign", mech, key)
        if chunks is None:
            return self.once("Sign", data)
        pos = 0
        for c in chunks:
            self.sig_update("Sign", data[pos:pos + c])
            pos += c
        self.sig_update("Sign", data[pos:])
        return self.final("Sign")

    def check_sig(self, mech, key, data, sig, chunks=None):
        self.init("Verify", mech, key)
        if chunks is None:
            self.verify(data, sig)
            return
        pos = 0
        for c in chunks:
            self.sig_update("Verify", data[pos:pos + c])
            pos += c
        self.sig_update("Verify", data[pos:])
        self.verify_final(sig)


# a token of its own, initialised here
SO_PIN, USER_PIN, LABEL = "so-pin-1234", "user-pin-1234", "crypto-test"


def main():
    if len(sys.argv) != 2:
        print("usage: crypto_test.py MODULE", file=sys.stderr)
        return 2
    lib = load(sys.argv[1])
    s = user_session(lib, open_token(lib, LABEL, SO_PIN, USER_PIN),
                     USER_PIN)
    r = Raw(sys.argv[1], s.session.value())

    def B(x):
        return CK_TRUE if x else CK_FALSE

    def secret(kt, length, sign=False, crypt=True):
        """A generated key readable here (sensitive false), and its
        value for the reference computations."""
        gen = {CKK_AES: 0x1080, CKK_DES3: 0x131, CKK_CHACHA20: 0x1225,
               CKK_GENERIC_SECRET: 0x350}[kt]
        t = [(CKA_CLASS, CKO_SECRET_KEY), (CKA_KEY_TYPE, kt),
             (CKA_TOKEN, CK_FALSE), (CKA_SENSITIVE, CK_FALSE),
             (CKA_EXTRACTABLE, CK_TRUE),
             (CKA_ENCRYPT, B(crypt)), (CKA_DECRYPT, B(crypt)),
             (CKA_SIGN, B(sign)), (CKA_VERIFY, B(sign))]
        if kt != CKK_DES3 and kt != CKK_CHACHA20:
            t.append((CKA_VALUE_LEN, length))
        h = s.generateKey(t, PyKCS11.Mechanism(gen))
        return h, bytes(s.getAttributeValue(h, [CKA_VALUE], True)[0])

    aes, k = secret(CKK_AES, 32)
    mac_aes, k16 = secret(CKK_AES, 16, sign=True, crypt=False)
    pt = os.urandom(100)
    iv = os.urandom(16)

    def ossl(mode, data, enc=True, key=k):
        c = Cipher(algorithms.AES(key), mode)
        x = c.encryptor() if enc else c.decryptor()
        return x.update(data) + x.finalize()

    def pkcs7(data, bs=16):
        n = bs - len(data) % bs
        return data + bytes([n]) * n

    # ---- block ciphers, single- and multi-part
    for name, m, param, ref, data in [
            ("ECB", "AES_ECB", None, modes.ECB(), pt[:96]),
            ("CBC", "AES_CBC", iv, modes.CBC(iv), pt[:96]),
            ("CBC_PAD", "AES_CBC_PAD", iv, modes.CBC(iv), pt),
            ("CTR", "AES_CTR", None, modes.CTR(iv), pt)]:
        if m == "AES_CTR":
            c = CTR()
            c.ulCounterBits = 128
            c.cb[:] = list(iv)
            param = c
        want = ossl(ref, pkcs7(data) if m == "AES_CBC_PAD" else data)
        for chunks in (None, [1, 15, 17, 3], [32, 0, 16]):
            how = "single" if chunks is None else "multi %s" % chunks
            run("AES-%s encrypt %s" % (name, how),
                lambda: (r.crypt("Encrypt", r.mech(CKM[m], param), aes,
                                 data, chunks) == want, "mismatch"))
            run("AES-%s decrypt %s" % (name, how),
                lambda: (r.crypt("Decrypt", r.mech(CKM[m], param), aes,
                                 want, chunks) == data, "mismatch"))

    bad = ossl(modes.CBC(iv), pt[:32])		# no valid padding
    expect_rv("CBC_PAD bad padding single", CKR_ENCRYPTED_DATA_INVALID,
              r.crypt, "Decrypt", r.mech(CKM["AES_CBC_PAD"], iv), aes, bad)
    expect_rv("CBC_PAD bad padding multi", CKR_ENCRYPTED_DATA_INVALID,
              r.crypt, "Decrypt", r.mech(CKM["AES_CBC_PAD"], iv), aes, bad,
              [5])
    expect_rv("CBC_PAD ragged ciphertext", CKR_ENCRYPTED_DATA_LEN_RANGE,
              r.crypt, "Decrypt", r.mech(CKM["AES_CBC_PAD"], iv), aes,
              bad[:20])
    expect_rv("ECB ragged data", CKR_DATA_LEN_RANGE, r.crypt, "Encrypt",
              r.mech(CKM["AES_ECB"]), aes, pt[:20])
    expect_rv("no operation", CKR_OPERATION_NOT_INITIALIZED, r.final,
              "Encrypt")

    def too_small():
        r.init("Encrypt", r.mech(CKM["AES_CBC_PAD"], iv), aes)
        d = r.buf(pt)
        n = CK_ULONG(16)
        o = ctypes.create_string_buffer(128)
        rv = r.l.C_Encrypt(r.h, d, CK_ULONG(len(pt)), o, ctypes.byref(n))
        if rv != CKR_BUFFER_TOO_SMALL or n.value != 112:
            return False, "rv 0x%x len %d" % (rv, n.value)
        rv = r.l.C_Encrypt(r.h, d, CK_ULONG(len(pt)), o, ctypes.byref(n))
        want = ossl(modes.CBC(iv), pkcs7(pt))
        return rv == CKR_OK and o.raw[:n.value] == want, "rv 0x%x" % rv
    run("BUFFER_TOO_SMALL keeps the operation", too_small)

    # ---- DES3
    des3, k3 = secret(CKK_DES3, 24)
    iv8 = iv[:8]
    c = Cipher(algorithms.TripleDES(k3), modes.CBC(iv8)).encryptor()
    want3 = c.update(pkcs7(pt[:45], 8)) + c.finalize()
    run("DES3-CBC_PAD encrypt", lambda: (r.crypt(
        "Encrypt", r.mech(CKM["DES3_CBC_PAD"], iv8), des3, pt[:45],
        [7]) == want3, "mismatch"))
    run("DES3-CBC_PAD decrypt", lambda: (r.crypt(
        "Decrypt", r.mech(CKM["DES3_CBC_PAD"], iv8), des3, want3) ==
        pt[:45], "mismatch"))

    # ---- AEAD
    nonce, aad = os.urandom(12), os.urandom(20)

    def gcm_params(v3=True, tag=128):
        g = GCM3() if v3 else GCM2()
        g.pIv = ctypes.cast(r.buf(nonce), ctypes.c_void_p)
        g.ulIvLen = 12
        if v3:
            g.ulIvBits = 96
        g.pAAD = ctypes.cast(r.buf(aad), ctypes.c_void_p)
        g.ulAADLen = len(aad)
        g.ulTagBits = tag
        return g
    want = aead.AESGCM(k).encrypt(nonce, pt, aad)
    for v3 in (True, False):
        for chunks in (None, [10, 50]):
            run("AES-GCM encrypt v3=%s %s" % (v3, chunks), lambda: (
                r.crypt("Encrypt", r.mech(CKM["AES_GCM"], gcm_params(v3)),
                        aes, pt, chunks) == want, "mismatch"))
            run("AES-GCM decrypt v3=%s %s" % (v3, chunks), lambda: (
                r.crypt("Decrypt", r.mech(CKM["AES_GCM"], gcm_params(v3)),
                        aes, want, chunks) == pt, "mismatch"))
    tampered = want[:-1] + bytes([want[-1] ^ 1])
    expect_rv("AES-GCM bad tag", CKR_ENCRYPTED_DATA_INVALID, r.crypt,
              "Decrypt", r.mech(CKM["AES_GCM"], gcm_params()), aes, tampered)
    run("AES-GCM 96-bit tag", lambda: (r.crypt(
        "Encrypt", r.mech(CKM["AES_GCM"], gcm_params(tag=96)), aes, pt) ==
        aead.AESGCM(k).encrypt(nonce, pt, aad)[:len(pt) + 12],
        "mismatch"))

    def ccm_params(n=13, tag=16, dlen=len(pt)):
        c = CCM()
        c.ulDataLen = dlen
        c.pNonce = ctypes.cast(r.buf(nonce + b"\1"), ctypes.c_void_p)
        c.ulNonceLen = n
        c.pAAD = ctypes.cast(r.buf(aad), ctypes.c_void_p)
        c.ulAADLen = len(aad)
        c.ulMACLen = tag
        return c
    want = aead.AESCCM(k, 16).encrypt((nonce + b"\1")[:13], pt, aad)
    run("AES-CCM encrypt", lambda: (r.crypt(
        "Encrypt", r.mech(CKM["AES_CCM"], ccm_params()), aes, pt, [3]) ==
        want, "mismatch"))
    run("AES-CCM decrypt", lambda: (r.crypt(
        "Decrypt", r.mech(CKM["AES_CCM"], ccm_params()), aes, want) == pt,
        "mismatch"))
    expect_rv("AES-CCM length not announced", CKR_DATA_LEN_RANGE, r.crypt,
              "Encrypt", r.mech(CKM["AES_CCM"], ccm_params(dlen=5)), aes, pt)
    want = aead.AESCCM(k, 8).encrypt(nonce[:7], pt, aad)
    run("AES-CCM 7-byte nonce, 8-byte tag", lambda: (r.crypt(
        "Encrypt", r.mech(CKM["AES_CCM"], ccm_params(7, 8)), aes, pt) ==
        want, "mismatch"))

    cha, kc = secret(CKK_CHACHA20, 32)

    def cha_params():
        c = CHACHA()
        c.pNonce = ctypes.cast(r.buf(nonce), ctypes.c_void_p)
        c.ulNonceLen = 12
        c.pAAD = ctypes.cast(r.buf(aad), ctypes.c_void_p)
        c.ulAADLen = len(aad)
        return c
    want = aead.ChaCha20Poly1305(kc).encrypt(nonce, pt, aad)
    run("ChaCha20-Poly1305 encrypt", lambda: (r.crypt(
        "Encrypt", r.mech(CKM["CHACHA20_POLY1305"], cha_params()), cha,
        pt) == want, "mismatch"))
    run("ChaCha20-Poly1305 decrypt", lambda: (r.crypt(
        "Decrypt", r.mech(CKM["CHACHA20_POLY1305"], cha_params()), cha,
        want, [1]) == pt, "mismatch"))

    # ---- digests
    for m, h in (("SHA_1", "sha1"), ("SHA256", "sha256"),
                 ("SHA512", "sha512"), ("SHA3_256", "sha3_256")):
        want = hashlib.new(h, pt).digest()

        def dg(chunks):
            r.init("Digest", r.mech(CKM[m]))
            if chunks is None:
                return r.once("Digest", pt)
            r.sig_update("Digest", pt[:chunks])
            r.sig_update("Digest", pt[chunks:])
            return r.final("Digest")
        run("digest %s single" % m, lambda: (dg(None) == want, "mismatch"))
        run("digest %s multi" % m, lambda: (dg(33) == want, "mismatch"))

    # ---- MACs
    hkey, hk = secret(CKK_GENERIC_SECRET, 32, sign=True, crypt=False)
    want = hmac.new(hk, pt, "sha256").digest()
    run("HMAC-SHA256 sign", lambda: (r.sign(r.mech(CKM["SHA256_HMAC"]),
                                            hkey, pt, [7]) == want, ""))
    run("HMAC-SHA256 verify", lambda: (r.check_sig(
        r.mech(CKM["SHA256_HMAC"]), hkey, pt, want) is None, ""))
    expect_rv("HMAC-SHA256 bad MAC", CKR_SIGNATURE_INVALID, r.check_sig,
              r.mech(CKM["SHA256_HMAC"]), hkey, pt, bytes(32))
    expect_rv("HMAC-SHA256 short MAC", CKR_SIGNATURE_LEN_RANGE, r.check_sig,
              r.mech(CKM["SHA256_HMAC"]), hkey, pt, want[:16])
    g16 = CK_ULONG(16)
    run("HMAC-SHA256-GENERAL 16 sign", lambda: (r.sign(r.mech(
        CKM["SHA256_HMAC_GENERAL"], g16), hkey, pt) == want[:16], ""))
    run("HMAC-SHA256-GENERAL 16 verify", lambda: (r.check_sig(r.mech(
        CKM["SHA256_HMAC_GENERAL"], g16), hkey, pt, want[:16], [3])
        is None, ""))
    expect_rv("HMAC-GENERAL 4 refused", CKR_MECHANISM_PARAM_INVALID, r.init,
              "Sign", r.mech(CKM["SHA256_HMAC_GENERAL"], CK_ULONG(4)), hkey)
    expect_rv("HMAC with an AES encryption key", CKR_KEY_TYPE_INCONSISTENT,
              r.init, "Sign", r.mech(CKM["SHA256_HMAC"]), aes)
    expect_rv("CMAC with a key without CKA_SIGN",
              CKR_KEY_FUNCTION_NOT_PERMITTED, r.init, "Sign",
              r.mech(CKM["AES_CMAC"]), aes)
    c = cmac.CMAC(algorithms.AES(k16))
    c.update(pt)
    want = c.finalize()
    run("AES-CMAC sign", lambda: (r.sign(r.mech(CKM["AES_CMAC"]), mac_aes,
                                         pt, [9]) == want, ""))
    run("AES-CMAC verify", lambda: (r.check_sig(r.mech(CKM["AES_CMAC"]),
                                                mac_aes, pt, want) is None,
                                    ""))

    # ---- RSA
    pub, priv = s.generateKeyPair(
        [(CKA_CLASS, CKO_PUBLIC_KEY), (CKA_TOKEN, CK_FALSE),
         (CKA_MODULUS_BITS, 2048), (CKA_ENCRYPT, CK_TRUE),
         (CKA_VERIFY, CK_TRUE)],
        [(CKA_CLASS, CKO_PRIVATE_KEY), (CKA_TOKEN, CK_FALSE),
         (CKA_DECRYPT, CK_TRUE), (CKA_SIGN, CK_TRUE)],
        PyKCS11.Mechanism(CKM["RSA_PKCS_KEY_PAIR_GEN"]))
    n_, e_ = s.getAttributeValue(pub, [CKA_MODULUS, CKA_PUBLIC_EXPONENT])
    rpub = rsa.RSAPublicNumbers(int.from_bytes(bytes(e_), "big"),
                                int.from_bytes(bytes(n_), "big")) \
        .public_key()
    d = hashlib.sha256(pt).digest()
    di = bytes.fromhex("3031300d060960864801650304020105000420") + d

    def rsa_pkcs():
        sig = r.sign(r.mech(CKM["RSA_PKCS"]), priv, di)
        rpub.verify(sig, pt, padding.PKCS1v15(), hashes.SHA256())
        r.check_sig(r.mech(CKM["RSA_PKCS"]), pub, di, sig)
        return True, ""
    run("RSA-PKCS sign DigestInfo", rsa_pkcs)
    expect_rv("RSA-PKCS sign other data", CKR_DATA_INVALID, r.sign,
              r.mech(CKM["RSA_PKCS"]), priv, b"x" * 36)

    def rsa_sha256():
        sig = r.sign(r.mech(CKM["SHA256_RSA_PKCS"]), priv, pt, [10])
        rpub.verify(sig, pt, padding.PKCS1v15(), hashes.SHA256())
        r.check_sig(r.mech(CKM["SHA256_RSA_PKCS"]), pub, pt, sig, [50])
        return True, ""
    run("SHA256-RSA-PKCS", rsa_sha256)
    expect_rv("SHA256-RSA-PKCS bad signature", CKR_SIGNATURE_INVALID,
              r.check_sig, r.mech(CKM["SHA256_RSA_PKCS"]), pub, pt, bytes(256))

    def pss_p():
        p = PSS()
        p.hashAlg, p.mgf, p.sLen = CKM["SHA256"], CKG_MGF1_SHA256, 32
        return p
    pss_pad = padding.PSS(padding.MGF1(hashes.SHA256()), 32)

    def rsa_pss():
        sig = r.sign(r.mech(CKM["RSA_PSS"], pss_p()), priv, d)
        rpub.verify(sig, d, pss_pad, utils.Prehashed(hashes.SHA256()))
        r.check_sig(r.mech(CKM["RSA_PSS"], pss_p()), pub, d, sig)
        sig = r.sign(r.mech(CKM["SHA256_RSA_PSS"], pss_p()), priv, pt, [1])
        rpub.verify(sig, pt, pss_pad, hashes.SHA256())
        r.check_sig(r.mech(CKM["SHA256_RSA_PSS"], pss_p()), pub, pt, sig)
        return True, ""
    run("RSA-PSS and SHA256-RSA-PSS", rsa_pss)

    def oaep_p(label=b""):
        p = OAEP()
        p.hashAlg, p.mgf, p.source = CKM["SHA256"], CKG_MGF1_SHA256, \
            CKZ_DATA_SPECIFIED
        if label:
            p.pSourceData = ctypes.cast(r.buf(label), ctypes.c_void_p)
            p.ulSourceDataLen = len(label)
        return p

    def rsa_oaep():
        ct = rpub.encrypt(pt[:50], padding.OAEP(padding.MGF1(
            hashes.SHA256()), hashes.SHA256(), b"lbl"))
        got = r.crypt("Decrypt", r.mech(CKM["RSA_OAEP"], oaep_p(b"lbl")),
                      priv, ct)
        ct2 = r.crypt("Encrypt", r.mech(CKM["RSA_OAEP"], oaep_p()), pub,
                      pt[:50])
        got2 = r.crypt("Decrypt", r.mech(CKM["RSA_OAEP"], oaep_p()), priv,
                       ct2)
        return got == pt[:50] and got2 == pt[:50], "mismatch"
    run("RSA-OAEP", rsa_oaep)
    expect_rv("RSA-OAEP wrong label", CKR_ENCRYPTED_DATA_INVALID, r.crypt,
              "Decrypt", r.mech(CKM["RSA_OAEP"], oaep_p(b"other")), priv,
              rpub.encrypt(b"abc", padding.OAEP(padding.MGF1(
               hashes.SHA256()), hashes.SHA256(), b"lbl")))

    def rsa_v15():
        ct = r.crypt("Encrypt", r.mech(CKM["RSA_PKCS"]), pub, pt[:40])
        got = r.crypt("Decrypt", r.mech(CKM["RSA_PKCS"]), priv, ct)
        return got == pt[:40], "mismatch"
    run("RSA-PKCS encrypt/decrypt", rsa_v15)

    def rsa_raw():
        m = b"\0" + os.urandom(255)
        ct = r.crypt("Encrypt", r.mech(CKM["RSA_X_509"]), pub, m)
        nn = rpub.public_numbers()
        want = pow(int.from_bytes(m, "big"), nn.e, nn.n).to_bytes(256, "big")
        return ct == want, "mismatch"
    run("RSA-X-509 encrypt", rsa_raw)

    # ---- ECDSA, EdDSA
    for curve, oid, cls_, hl in ((ec.SECP256R1(), P256, "P-256", 32),
                                 (ec.SECP384R1(), P384, "P-384", 48)):
        epub, epriv = s.generateKeyPair(
            [(CKA_CLASS, CKO_PUBLIC_KEY), (CKA_TOKEN, CK_FALSE),
             (CKA_EC_PARAMS, oid), (CKA_VERIFY, CK_TRUE)],
            [(CKA_CLASS, CKO_PRIVATE_KEY), (CKA_TOKEN, CK_FALSE),
             (CKA_SIGN, CK_TRUE)],
            PyKCS11.Mechanism(CKM["EC_KEY_PAIR_GEN"]))
        pt_ = ec_point_raw(s.getAttributeValue(epub, [CKA_EC_POINT])[0])
        k_ = ec.EllipticCurvePublicKey.from_encoded_point(curve, pt_)

        def ecdsa(m, data, ref, chunks=None):
            sig = r.sign(r.mech(CKM[m]), epriv, data, chunks)
            if len(sig) != 2 * hl:
                return False, "length %d" % len(sig)
            der = utils.encode_dss_signature(
                int.from_bytes(sig[:hl], "big"),
                int.from_bytes(sig[hl:], "big"))
            k_.verify(der, *ref)
            r.check_sig(r.mech(CKM[m]), epub, data, sig, chunks)
            return True, ""
        run("ECDSA-SHA256 %s" % cls_, ecdsa, "ECDSA_SHA256", pt,
            (pt, ec.ECDSA(hashes.SHA256())), [20])
        for h in (hashes.SHA1(), hashes.SHA256(), hashes.SHA512()):
            dgst = hashlib.new(h.name, pt).digest()
            run("ECDSA %s raw %s" % (cls_, h.name), ecdsa, "ECDSA", dgst,
                (dgst, ec.ECDSA(utils.Prehashed(h))))

    epub, epriv = s.generateKeyPair(
        [(CKA_CLASS, CKO_PUBLIC_KEY), (CKA_TOKEN, CK_FALSE),
         (CKA_EC_PARAMS, ED25519), (CKA_VERIFY, CK_TRUE)],
        [(CKA_CLASS, CKO_PRIVATE_KEY), (CKA_TOKEN, CK_FALSE),
         (CKA_SIGN, CK_TRUE)],
        PyKCS11.Mechanism(CKM["EDWARDS_GEN"]))

    def eddsa():
        sig = r.sign(r.mech(CKM["EDDSA"]), epriv, pt, [30])
        p = ec_point_raw(s.getAttributeValue(epub, [CKA_EC_POINT])[0])
        ed25519.Ed25519PublicKey.from_public_bytes(p).verify(sig, pt)
        r.check_sig(r.mech(CKM["EDDSA"]), epub, pt, sig)
        return True, ""
    run("EdDSA Ed25519", eddsa)

    s.closeSession()
    return done()


if __name__ == "__main__":
    sys.exit(main())
