#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# wrap_test.py MODULE - ncr-pkcs11.so's C_WrapKey, C_UnwrapKey,
# C_DeriveKey and CKM_PKCS5_PBKD2 (pkcs11/wrap.c), end to end through
# PyKCS11, against known answers (RFC 3394, RFC 5869, RFC 6070) and
# OpenSSL (id-aes*-wrap(-pad), RSA-OAEP decryption, PBKDF2, HMAC).
#
# Needs /dev/crypto with a master key set, and NCR_PKCS11_DIR pointing at
# a token directory (a fresh one is initialised here).  TAP output; exit
# status 1 if any test failed.
import ctypes
import hashlib
import hmac
import os
import subprocess
import sys
import tempfile

import PyKCS11
from PyKCS11 import (CKA_CLASS, CKA_DERIVE, CKA_EC_PARAMS, CKA_EC_POINT,
                     CKA_EXTRACTABLE, CKA_KEY_TYPE, CKA_LABEL,
                     CKA_LOCAL, CKA_ALWAYS_SENSITIVE, CKA_MODULUS,
                     CKA_PRIVATE, CKA_PUBLIC_EXPONENT, CKA_SENSITIVE,
                     CKA_TOKEN, CKA_UNWRAP, CKA_VALUE, CKA_VALUE_LEN,
                     CKA_WRAP, CKA_ENCRYPT, CKA_DECRYPT, CKA_MODULUS_BITS,
                     CKK_AES, CKK_EC,
                     CKK_GENERIC_SECRET, CKK_RSA, CKO_PRIVATE_KEY,
                     CKO_PUBLIC_KEY, CKO_SECRET_KEY, CKU_SO, CK_FALSE,
                     CK_TRUE, CKM_SHA256, CKM_SHA_1, CKG_MGF1_SHA256,
                     CKG_MGF1_SHA1, CKD_NULL, CKD_SHA256_KDF)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from p11test import (CK_ULONG, HKDF_PARAMS, RawMech, SO_PIN,  # noqa: E402
                     USER_PIN, cbuf, done, ec_point_raw, expect_rv, load,
                     open_token, run, rv_name, skip, user_session)

CKM_AES_KEY_WRAP = 0x2109
CKM_AES_KEY_WRAP_PAD = 0x210A
CKM_AES_KEY_WRAP_KWP = 0x210B
CKM_HKDF_DERIVE = 0x402A
CKM_PKCS5_PBKD2 = 0x3B0
CKM_SHA384 = 0x260
CKM_SHA512 = 0x270
CKM_EC_KEY_PAIR_GEN = 0x1040
CKM_EC_MONTGOMERY_KEY_PAIR_GEN = 0x1056
CKM_RSA_PKCS_KEY_PAIR_GEN = 0x0
CKM_RSA_PKCS_OAEP = 0x9
CKM_ECDH1_DERIVE = 0x1050
CKK_EC_MONTGOMERY = 0x41
CKF_HKDF_SALT_NULL = 1
CKF_HKDF_SALT_DATA = 2
CKF_HKDF_SALT_KEY = 4
CKZ_SALT_SPECIFIED = 1
CKP_SHA1 = 1
CKP_SHA224 = 3
CKP_SHA256 = 4
CKP_SHA512 = 6
CKA_WRAP_WITH_TRUSTED = 0x210
CKA_TRUSTED = 0x86
CKA_PRIME = 0x130
CKA_BASE = 0x132
CKA_SIGN = 0x108
CKA_VERIFY = 0x10A
CKM_DH_PKCS_KEY_PAIR_GEN = 0x20
CKM_DH_PKCS_DERIVE = 0x21
FFDHE2048_P = bytes.fromhex(
    "FFFFFFFFFFFFFFFFADF85458A2BB4A9AAFDC5620273D3CF1"
    "D8B9C583CE2D3695A9E13641146433FBCC939DCE249B3EF9"
    "7D2FE363630C75D8F681B202AEC4617AD3DF1ED5D5FD6561"
    "2433F51F5F066ED0856365553DED1AF3B557135E7F57C935"
    "984F0C70E0E68B77E2A689DAF3EFE8721DF158A136ADE735"
    "30ACCA4F483A797ABC0AB182B324FB61D108A94BB2C8E3FB"
    "B96ADAB760D7F4681D4F42A3DE394DF4AE56EDE76372BB19"
    "0B07A7C8EE0A6D709E02FCE1CDF7E2ECC03404CD28342F61"
    "9172FE9CE98583FF8E4F1232EEF28183C3FE3B1B4C6FAD73"
    "3BB5FCBC2EC22005C58EF1837D1683B2C6F34A26C1B2EFFA"
    "886B423861285C97FFFFFFFFFFFFFFFF")

P256_OID = bytes.fromhex("06082a8648ce3d030107")
X25519_OID = bytes.fromhex("06032b656e")

class PBKD2_PARAMS2(ctypes.Structure):
    _fields_ = [("saltSource", CK_ULONG), ("pSaltSourceData", ctypes.c_void_p),
                ("ulSaltSourceDataLen", CK_ULONG), ("iterations", CK_ULONG),
                ("prf", CK_ULONG), ("pPrfData", ctypes.c_void_p),
                ("ulPrfDataLen", CK_ULONG), ("pPassword", ctypes.c_void_p),
                ("ulPasswordLen", CK_ULONG)]


class PBKD2_PARAMS(ctypes.Structure):	# 2.x: the length by pointer
    _fields_ = [("saltSource", CK_ULONG), ("pSaltSourceData", ctypes.c_void_p),
                ("ulSaltSourceDataLen", CK_ULONG), ("iterations", CK_ULONG),
                ("prf", CK_ULONG), ("pPrfData", ctypes.c_void_p),
                ("ulPrfDataLen", CK_ULONG), ("pPassword", ctypes.c_void_p),
                ("ulPasswordLen", ctypes.POINTER(CK_ULONG))]


class ECDH1_PARAMS(ctypes.Structure):
    _fields_ = [("kdf", CK_ULONG), ("ulSharedDataLen", CK_ULONG),
                ("pSharedData", ctypes.c_void_p),
                ("ulPublicDataLen", CK_ULONG),
                ("pPublicData", ctypes.c_void_p)]


def openssl(args, data=None):
    return subprocess.run(["openssl"] + args, input=data, check=True,
                          stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE).stdout


def ossl_wrap(kek, key, pad):
    bits = len(kek) * 8
    cipher = "-id-aes%d-wrap%s" % (bits, "-pad" if pad else "")
    iv = "A65959A6" if pad else "A6A6A6A6A6A6A6A6"
    return openssl(["enc", cipher, "-K", kek.hex(), "-iv", iv], key)


def hkdf(hname, ikm, salt, info, length):
    h = getattr(hashlib, hname)
    prk = hmac.new(salt or b"\0" * h().digest_size, ikm, h).digest()
    t, okm, i = b"", b"", 1
    while len(okm) < length:
        t = hmac.new(prk, t + info + bytes([i]), h).digest()
        okm += t
        i += 1
    return okm[:length]


def main():
    if len(sys.argv) != 2:
        print("usage: wrap_test.py MODULE", file=sys.stderr)
        return 2
    lib = load(sys.argv[1])
    s = user_session(lib, open_token(lib))

    def value(h):
        return bytes(s.getAttributeValue(h, [CKA_VALUE], True)[0])

    def attr(h, a):
        return s.getAttributeValue(h, [a])[0]

    def secret(val, kt=CKK_AES, sensitive=False, extractable=True,
               wrap=False, unwrap=False, derive=False, extra=()):
        t = [(CKA_CLASS, CKO_SECRET_KEY), (CKA_KEY_TYPE, kt),
             (CKA_TOKEN, CK_FALSE), (CKA_VALUE, val),
             (CKA_SENSITIVE, CK_TRUE if sensitive else CK_FALSE),
             (CKA_EXTRACTABLE, CK_TRUE if extractable else CK_FALSE),
             (CKA_WRAP, CK_TRUE if wrap else CK_FALSE),
             (CKA_UNWRAP, CK_TRUE if unwrap else CK_FALSE),
             (CKA_DERIVE, CK_TRUE if derive else CK_FALSE)]
        return s.createObject(t + list(extra))

    def new_tmpl(kt, length=None, sensitive=False, extractable=True,
                 derive=False, extra=()):
        t = [(CKA_CLASS, CKO_SECRET_KEY), (CKA_KEY_TYPE, kt),
             (CKA_TOKEN, CK_FALSE),
             (CKA_SENSITIVE, CK_TRUE if sensitive else CK_FALSE),
             (CKA_EXTRACTABLE, CK_TRUE if extractable else CK_FALSE),
             (CKA_DERIVE, CK_TRUE if derive else CK_FALSE)]
        if length is not None:
            t.append((CKA_VALUE_LEN, length))
        return t + list(extra)

    M = PyKCS11.Mechanism
    kw = M(CKM_AES_KEY_WRAP)
    kwp = M(CKM_AES_KEY_WRAP_KWP)
    pad = M(CKM_AES_KEY_WRAP_PAD)

    # --------------------------------------------------- AES key wrap
    kek_v = bytes(range(16))			# RFC 3394 4.1
    key_v = bytes.fromhex("00112233445566778899aabbccddeeff")
    rfc3394 = bytes.fromhex("1fa68b0a8112b447aef34bd8fb5a7b82"
                            "9d3e862371d2cfe5")
    kek = secret(kek_v, wrap=True, unwrap=True)
    key = secret(key_v)
    gen20_v = os.urandom(20)
    gen20 = secret(gen20_v, kt=CKK_GENERIC_SECRET)

    def t_kw():
        w = bytes(s.wrapKey(kek, key, kw))
        o = ossl_wrap(kek_v, key_v, False)
        return w == rfc3394 and o == w, "ncr %s openssl %s" % (w.hex(),
                                                              o.hex())
    run("AES-KW wrap = RFC 3394 4.1 = OpenSSL id-aes128-wrap", t_kw)

    for name, mech in (("KWP", kwp), ("KEY_WRAP_PAD", pad)):
        def t_kwp(mech=mech):
            w = bytes(s.wrapKey(kek, gen20, mech))
            o = ossl_wrap(kek_v, gen20_v, True)
            return w == o, "ncr %s openssl %s" % (w.hex(), o.hex())
        run("AES-%s wrap of 20 bytes = OpenSSL id-aes128-wrap-pad" % name,
            t_kwp)

    for bits in (192, 256):
        def t_kw_big(bits=bits):
            kv = os.urandom(bits // 8)
            tv = os.urandom(32)
            k = secret(kv, wrap=True)
            t = secret(tv)
            w = bytes(s.wrapKey(k, t, kw))
            o = ossl_wrap(kv, tv, False)
            return w == o, "ncr %s openssl %s" % (w.hex(), o.hex())
        run("AES-%d KW of a 256-bit key = OpenSSL" % bits, t_kw_big)

    expect_rv("AES-KW of a 20-byte key: CKR_KEY_SIZE_RANGE",
              PyKCS11.CKR_KEY_SIZE_RANGE, s.wrapKey, kek, gen20, kw)

    def t_sizes():
        mech = kw.to_native()
        out = PyKCS11.ckbytelist()
        rv = s.lib.C_WrapKey(s.session, mech, kek, key, out)
        if rv != PyKCS11.CKR_OK or len(out) != 24:
            return False, "size query: %s, %d" % (rv_name(rv), len(out))
        small = PyKCS11.ckbytelist([0] * 8)
        rv = s.lib.C_WrapKey(s.session, mech, kek, key, small)
        return (rv == PyKCS11.CKR_BUFFER_TOO_SMALL,
                "short buffer: %s" % rv_name(rv))
    run("C_WrapKey size query 24, short buffer CKR_BUFFER_TOO_SMALL",
        t_sizes)

    expect_rv("AES-KW with a non-default IV: CKR_MECHANISM_PARAM_INVALID",
              PyKCS11.CKR_MECHANISM_PARAM_INVALID, s.wrapKey, kek, key,
              M(CKM_AES_KEY_WRAP, b"\x01" * 8))

    def t_unwrap(mech, pad_, val, kt, length=None):
        w = ossl_wrap(kek_v, val, pad_)
        h = s.unwrapKey(kek, w, new_tmpl(kt, length), mech)
        got = value(h)
        local = attr(h, CKA_LOCAL)
        asens = attr(h, CKA_ALWAYS_SENSITIVE)
        ok = got == val and not local and not asens
        return ok, "value %s local %s always_sensitive %s" % (
            got.hex(), local, asens)
    run("AES-KW unwrap of OpenSSL's wrap: the key, not LOCAL/ALWAYS_SENS",
        t_unwrap, kw, False, key_v, CKK_AES)
    run("AES-KWP unwrap of OpenSSL's wrap of 20 bytes (generic secret)",
        t_unwrap, kwp, True, gen20_v, CKK_GENERIC_SECRET)
    run("AES-KWP unwrap with CKA_VALUE_LEN 20",
        t_unwrap, kwp, True, gen20_v, CKK_GENERIC_SECRET, 20)
    expect_rv("unwrap with a wrong CKA_VALUE_LEN: CKR_TEMPLATE_INCONSISTENT",
              PyKCS11.CKR_TEMPLATE_INCONSISTENT, s.unwrapKey, kek,
              ossl_wrap(kek_v, gen20_v, True),
              new_tmpl(CKK_GENERIC_SECRET, 24), kwp)

    w_ok = ossl_wrap(kek_v, key_v, False)
    bad = bytearray(w_ok)
    bad[5] ^= 1
    expect_rv("unwrap of tampered bytes: CKR_WRAPPED_KEY_INVALID",
              PyKCS11.CKR_WRAPPED_KEY_INVALID, s.unwrapKey, kek,
              bytes(bad), new_tmpl(CKK_AES), kw)
    expect_rv("unwrap of 20 bytes: CKR_WRAPPED_KEY_LEN_RANGE",
              PyKCS11.CKR_WRAPPED_KEY_LEN_RANGE, s.unwrapKey, kek,
              w_ok[:20], new_tmpl(CKK_AES), kw)
    expect_rv("unwrap of a KW wrap as KWP: CKR_WRAPPED_KEY_INVALID",
              PyKCS11.CKR_WRAPPED_KEY_INVALID, s.unwrapKey, kek, w_ok,
              new_tmpl(CKK_AES), kwp)
    expect_rv("unwrap without CKA_KEY_TYPE: CKR_TEMPLATE_INCOMPLETE",
              PyKCS11.CKR_TEMPLATE_INCOMPLETE, s.unwrapKey, kek, w_ok,
              [(CKA_CLASS, CKO_SECRET_KEY), (CKA_TOKEN, CK_FALSE)], kw)
    expect_rv("unwrap as a private key: CKR_TEMPLATE_INCONSISTENT",
              PyKCS11.CKR_TEMPLATE_INCONSISTENT, s.unwrapKey, kek, w_ok,
              [(CKA_CLASS, CKO_PRIVATE_KEY), (CKA_KEY_TYPE, CKK_EC),
               (CKA_TOKEN, CK_FALSE)], kw)

    # ---------------------------------------------------- the policy
    sens_v = os.urandom(16)
    sens = secret(sens_v, sensitive=True)
    unext = secret(os.urandom(16), extractable=False)
    kek_s_v = os.urandom(32)
    kek_s = secret(kek_s_v, sensitive=True, wrap=True, unwrap=True)
    nowrap = secret(os.urandom(16), wrap=False, unwrap=False)

    expect_rv("wrap of a sensitive key under an ordinary key: "
              "CKR_KEY_NOT_WRAPPABLE (no Tookan wrap/decrypt)",
              PyKCS11.CKR_KEY_NOT_WRAPPABLE, s.wrapKey, kek, sens, kw)
    expect_rv("wrap of a sensitive key under a sensitive (untrusted) key: "
              "CKR_KEY_NOT_WRAPPABLE",
              PyKCS11.CKR_KEY_NOT_WRAPPABLE, s.wrapKey, kek_s, sens, kw)
    expect_rv("size query for a sensitive key: CKR_KEY_NOT_WRAPPABLE too",
              PyKCS11.CKR_KEY_NOT_WRAPPABLE, lambda: (
                  _raise_rv(s.lib.C_WrapKey(s.session, kw.to_native(), kek,
                                            sens, PyKCS11.ckbytelist()))))
    expect_rv("wrap of a non-extractable key: CKR_KEY_UNEXTRACTABLE",
              PyKCS11.CKR_KEY_UNEXTRACTABLE, s.wrapKey, kek, unext, kw)
    expect_rv("wrap under a key without CKA_WRAP: "
              "CKR_KEY_FUNCTION_NOT_PERMITTED",
              PyKCS11.CKR_KEY_FUNCTION_NOT_PERMITTED, s.wrapKey, nowrap,
              key, kw)
    expect_rv("unwrap under a key without CKA_UNWRAP: "
              "CKR_KEY_FUNCTION_NOT_PERMITTED",
              PyKCS11.CKR_KEY_FUNCTION_NOT_PERMITTED, s.unwrapKey, nowrap,
              w_ok, new_tmpl(CKK_AES), kw)
    expect_rv("wrap under a generic secret: "
              "CKR_WRAPPING_KEY_TYPE_INCONSISTENT",
              PyKCS11.CKR_WRAPPING_KEY_TYPE_INCONSISTENT, s.wrapKey, gen20,
              key, kw)
    wwt = secret(os.urandom(16), extra=[(CKA_WRAP_WITH_TRUSTED, CK_TRUE)])
    expect_rv("wrap of a CKA_WRAP_WITH_TRUSTED key under an untrusted key: "
              "CKR_KEY_NOT_WRAPPABLE", PyKCS11.CKR_KEY_NOT_WRAPPABLE,
              s.wrapKey, kek, wwt, kw)

    w_s = ossl_wrap(kek_s_v, key_v, False)
    expect_rv("exportable key out of a sensitive unwrapping key: "
              "CKR_TEMPLATE_INCONSISTENT (no decryption oracle)",
              PyKCS11.CKR_TEMPLATE_INCONSISTENT, s.unwrapKey, kek_s, w_s,
              new_tmpl(CKK_AES), kw)

    def t_unwrap_sens():
        h = s.unwrapKey(kek_s, w_s, new_tmpl(CKK_AES, sensitive=True,
                                             extractable=False), kw)
        return (attr(h, CKA_VALUE_LEN) == 16 and
                not attr(h, CKA_ALWAYS_SENSITIVE)), "attributes"
    run("sensitive key unwrapped under a sensitive key", t_unwrap_sens)

    # ------------------------------------------------------- RSA-OAEP
    oaep = PyKCS11.RSAOAEPMechanism(CKM_SHA256, CKG_MGF1_SHA256)
    oaep1 = PyKCS11.RSAOAEPMechanism(CKM_SHA_1, CKG_MGF1_SHA1)
    oaep_l = PyKCS11.RSAOAEPMechanism(CKM_SHA256, CKG_MGF1_SHA256, b"lbl")
    tmp = tempfile.mkdtemp()
    pem = os.path.join(tmp, "rsa.pem")
    openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt",
             "rsa_keygen_bits:2048", "-out", pem])
    txt = openssl(["rsa", "-in", pem, "-noout", "-modulus"]).decode()
    modulus = bytes.fromhex(txt.strip().split("=", 1)[1])
    try:
        rpub = s.createObject([(CKA_CLASS, CKO_PUBLIC_KEY),
                               (CKA_KEY_TYPE, CKK_RSA),
                               (CKA_TOKEN, CK_FALSE),
                               (CKA_MODULUS, modulus),
                               (CKA_PUBLIC_EXPONENT, b"\x01\x00\x01"),
                               (CKA_WRAP, CK_TRUE)])
    except PyKCS11.PyKCS11Error as e:
        rpub = None
        skip("RSA-OAEP wrap, OpenSSL decrypts",
             "RSA public key import: %s" % rv_name(e.value))
    if rpub is not None:
        def t_oaep():
            w = bytes(s.wrapKey(rpub, key, oaep))
            ct = os.path.join(tmp, "ct")
            with open(ct, "wb") as f:
                f.write(w)
            pt = openssl(["pkeyutl", "-decrypt", "-inkey", pem, "-in", ct,
                          "-pkeyopt", "rsa_padding_mode:oaep",
                          "-pkeyopt", "rsa_oaep_md:sha256",
                          "-pkeyopt", "rsa_mgf1_md:sha256"])
            return pt == key_v and len(w) == 256, "decrypted %s" % pt.hex()
        run("RSA-OAEP wrap (SHA-256): OpenSSL decrypts the key", t_oaep)
        expect_rv("RSA-OAEP with SHA-1: CKR_MECHANISM_PARAM_INVALID",
                  PyKCS11.CKR_MECHANISM_PARAM_INVALID, s.wrapKey, rpub, key,
                  oaep1)
        expect_rv("RSA-OAEP with a label: CKR_MECHANISM_PARAM_INVALID",
                  PyKCS11.CKR_MECHANISM_PARAM_INVALID, s.wrapKey, rpub, key,
                  oaep_l)

    def t_oaep_pair():
        pub, priv = s.generateKeyPair(
            [(CKA_TOKEN, CK_FALSE), (CKA_MODULUS_BITS, 2048),
             (CKA_PUBLIC_EXPONENT, b"\x01\x00\x01"), (CKA_WRAP, CK_TRUE)],
            [(CKA_TOKEN, CK_FALSE), (CKA_PRIVATE, CK_TRUE),
             (CKA_SENSITIVE, CK_TRUE), (CKA_UNWRAP, CK_TRUE)],
            PyKCS11.Mechanism(CKM_RSA_PKCS_KEY_PAIR_GEN))
        w = bytes(s.wrapKey(pub, gen20, oaep))
        h = s.unwrapKey(priv, w, new_tmpl(CKK_GENERIC_SECRET,
                                          sensitive=True), oaep)
        bad = bytearray(w)
        bad[-1] ^= 1
        try:
            s.unwrapKey(priv, bytes(bad), new_tmpl(CKK_GENERIC_SECRET,
                                                   sensitive=True), oaep)
            return False, "tampered OAEP unwrapped"
        except PyKCS11.PyKCS11Error as e:
            if e.value != PyKCS11.CKR_WRAPPED_KEY_INVALID:
                return False, "tampered: %s" % rv_name(e.value)
        return attr(h, CKA_VALUE_LEN) == 20, "unwrapped"
    run("RSA-OAEP wrap/unwrap with a generated pair; tampered refused",
        t_oaep_pair)

    # ----------------------------------------------------------- ECDH
    def ec_pair(params, mech, derive=True):
        return s.generateKeyPair(
            [(CKA_TOKEN, CK_FALSE), (CKA_EC_PARAMS, params),
             (CKA_DERIVE, CK_TRUE if derive else CK_FALSE)],
            [(CKA_TOKEN, CK_FALSE), (CKA_PRIVATE, CK_TRUE),
             (CKA_SENSITIVE, CK_TRUE),
             (CKA_DERIVE, CK_TRUE if derive else CK_FALSE)],
            PyKCS11.Mechanism(mech))

    def der_octet(b):
        return bytes([0x04, len(b)]) + b

    def t_ecdh(params, mech, kt=CKK_GENERIC_SECRET, length=None, n=32):
        pa, ka = ec_pair(params, mech)
        pb, kb = ec_pair(params, mech)
        qa = bytes(attr(pa, CKA_EC_POINT))
        qb = bytes(attr(pb, CKA_EC_POINT))
        # one side the DER OCTET STRING (CKA_EC_POINT), the other raw
        ha = s.deriveKey(ka, new_tmpl(kt, length),
                         PyKCS11.ECDH1_DERIVE_Mechanism(qb))
        hb = s.deriveKey(kb, new_tmpl(kt, length),
                         PyKCS11.ECDH1_DERIVE_Mechanism(ec_point_raw(qa)))
        va, vb = value(ha), value(hb)
        return (va == vb and len(va) == n and
                not attr(ha, CKA_LOCAL)), "%s / %s" % (va.hex(), vb.hex())
    run("ECDH P-256: both sides derive the same 32-byte secret",
        t_ecdh, P256_OID, CKM_EC_KEY_PAIR_GEN)
    run("ECDH P-256 into an AES-256 key, both sides equal",
        t_ecdh, P256_OID, CKM_EC_KEY_PAIR_GEN, CKK_AES, 32)
    try:
        ec_pair(X25519_OID, CKM_EC_MONTGOMERY_KEY_PAIR_GEN)
        have_x = True
    except PyKCS11.PyKCS11Error as e:
        have_x = False
        skip("ECDH X25519", "no X25519 pairs: %s" % rv_name(e.value))
    if have_x:
        run("ECDH X25519: both sides derive the same secret",
            t_ecdh, X25519_OID, CKM_EC_MONTGOMERY_KEY_PAIR_GEN)

    pa, ka = ec_pair(P256_OID, CKM_EC_KEY_PAIR_GEN)
    pb, kb = ec_pair(P256_OID, CKM_EC_KEY_PAIR_GEN, derive=False)
    qb = bytes(attr(pb, CKA_EC_POINT))
    expect_rv("ECDH with CKD_SHA256_KDF: CKR_MECHANISM_PARAM_INVALID",
              PyKCS11.CKR_MECHANISM_PARAM_INVALID, s.deriveKey, ka,
              new_tmpl(CKK_GENERIC_SECRET),
              PyKCS11.ECDH1_DERIVE_Mechanism(qb, CKD_SHA256_KDF))
    expect_rv("ECDH with an AES-128 length: CKR_TEMPLATE_INCONSISTENT",
              PyKCS11.CKR_TEMPLATE_INCONSISTENT, s.deriveKey, ka,
              new_tmpl(CKK_AES, 16), PyKCS11.ECDH1_DERIVE_Mechanism(qb))
    expect_rv("ECDH from a key without CKA_DERIVE: "
              "CKR_KEY_FUNCTION_NOT_PERMITTED",
              PyKCS11.CKR_KEY_FUNCTION_NOT_PERMITTED, s.deriveKey, kb,
              new_tmpl(CKK_GENERIC_SECRET),
              PyKCS11.ECDH1_DERIVE_Mechanism(qb))
    offcurve = bytearray(ec_point_raw(qb))
    offcurve[-1] ^= 1
    expect_rv("ECDH with a point off the curve: CKR_MECHANISM_PARAM_INVALID",
              PyKCS11.CKR_MECHANISM_PARAM_INVALID, s.deriveKey, ka,
              new_tmpl(CKK_GENERIC_SECRET),
              PyKCS11.ECDH1_DERIVE_Mechanism(bytes(offcurve)))

    # ------------------------------------------------------------- DH
    def t_dh():
        pairs = []
        for _ in range(2):
            pairs.append(s.generateKeyPair(
                [(CKA_TOKEN, CK_FALSE), (CKA_PRIME, FFDHE2048_P),
                 (CKA_BASE, b"\x02"), (CKA_DERIVE, CK_TRUE)],
                [(CKA_TOKEN, CK_FALSE), (CKA_PRIVATE, CK_TRUE),
                 (CKA_SENSITIVE, CK_TRUE), (CKA_DERIVE, CK_TRUE)],
                PyKCS11.Mechanism(CKM_DH_PKCS_KEY_PAIR_GEN)))
        (pa, ka), (pb, kb) = pairs
        ya = bytes(attr(pa, CKA_VALUE))
        yb = bytes(attr(pb, CKA_VALUE))
        ha = s.deriveKey(ka, new_tmpl(CKK_GENERIC_SECRET),
                         PyKCS11.Mechanism(CKM_DH_PKCS_DERIVE, yb))
        hb = s.deriveKey(kb, new_tmpl(CKK_GENERIC_SECRET, 256),
                         PyKCS11.Mechanism(CKM_DH_PKCS_DERIVE, ya))
        va, vb = value(ha), value(hb)
        try:
            s.deriveKey(ka, new_tmpl(CKK_GENERIC_SECRET),
                        PyKCS11.Mechanism(CKM_DH_PKCS_DERIVE, b"\x01"))
            return False, "y = 1 accepted"
        except PyKCS11.PyKCS11Error as e:
            if e.value != PyKCS11.CKR_MECHANISM_PARAM_INVALID:
                return False, "y = 1: %s" % rv_name(e.value)
        return va == vb and len(va) == 256, "%s / %s" % (va[:16].hex(),
                                                        vb[:16].hex())
    try:
        run_dh = True
        s.generateKeyPair(
            [(CKA_TOKEN, CK_FALSE), (CKA_PRIME, FFDHE2048_P),
             (CKA_BASE, b"\x02"), (CKA_DERIVE, CK_TRUE)],
            [(CKA_TOKEN, CK_FALSE), (CKA_PRIVATE, CK_TRUE),
             (CKA_DERIVE, CK_TRUE)],
            PyKCS11.Mechanism(CKM_DH_PKCS_KEY_PAIR_GEN))
    except PyKCS11.PyKCS11Error as e:
        run_dh = False
        skip("DH (ffdhe2048): both sides derive the same secret",
             "no DH pairs: %s" % rv_name(e.value))
    if run_dh:
        run("DH (ffdhe2048): both sides derive the same secret; y=1 refused",
            t_dh)

    # ----------------------------------------------------------- HKDF
    def hkdf_mech(hm, salt, info, extract=True, expand=True, salt_type=None):
        sb, ib = cbuf(salt or b""), cbuf(info or b"")
        p = HKDF_PARAMS()
        p.bExtract = 1 if extract else 0
        p.bExpand = 1 if expand else 0
        p.prfHashMechanism = hm
        if salt_type is None:
            salt_type = CKF_HKDF_SALT_DATA if salt else CKF_HKDF_SALT_NULL
        p.ulSaltType = salt_type
        if salt:
            p.pSalt = ctypes.addressof(sb)
            p.ulSaltLen = len(salt)
        if info:
            p.pInfo = ctypes.addressof(ib)
            p.ulInfoLen = len(info)
        return RawMech(CKM_HKDF_DERIVE, p, (sb, ib))

    def t_hkdf(hm, ikm, salt, info, length, want):
        base = secret(ikm, kt=CKK_GENERIC_SECRET, sensitive=True,
                      derive=True)
        h = s.deriveKey(base, new_tmpl(CKK_GENERIC_SECRET, length),
                        hkdf_mech(hm, salt, info))
        got = value(h)
        return got == want, "got %s\nwant %s" % (got.hex(), want.hex())

    ikm1 = b"\x0b" * 22
    salt1 = bytes(range(13))
    info1 = bytes(range(0xf0, 0xfa))
    okm1 = bytes.fromhex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c"
                         "5db02d56ecc4c5bf34007208d5b887185865")
    okm3 = bytes.fromhex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879e"
                         "c3454e5f3c738d2d9d201395faa4b61a96c8")
    run("HKDF-SHA256 = RFC 5869 A.1", t_hkdf, CKM_SHA256, ikm1, salt1,
        info1, 42, okm1)
    run("HKDF-SHA256 = RFC 5869 A.3 (no salt, no info)", t_hkdf, CKM_SHA256,
        ikm1, None, None, 42, okm3)
    ikm = os.urandom(48)
    salt = os.urandom(20)
    info = b"ncr pkcs11 wrap test"
    run("HKDF-SHA384 = Python hmac", t_hkdf, CKM_SHA384, ikm, salt, info,
        100, hkdf("sha384", ikm, salt, info, 100))
    run("HKDF-SHA512 = Python hmac", t_hkdf, CKM_SHA512, ikm, salt, info,
        64, hkdf("sha512", ikm, salt, info, 64))

    def t_hkdf_aes():
        base = secret(ikm, kt=CKK_GENERIC_SECRET, sensitive=True,
                      derive=True)
        h = s.deriveKey(base, new_tmpl(CKK_AES, 16),
                        hkdf_mech(CKM_SHA256, salt, info))
        return (value(h) == hkdf("sha256", ikm, salt, info, 16),
                "AES key value")
    run("HKDF-SHA256 into an AES-128 key", t_hkdf_aes)

    hbase = secret(ikm, kt=CKK_GENERIC_SECRET, sensitive=True, derive=True)
    expect_rv("HKDF extract only: CKR_MECHANISM_PARAM_INVALID",
              PyKCS11.CKR_MECHANISM_PARAM_INVALID, s.deriveKey, hbase,
              new_tmpl(CKK_GENERIC_SECRET, 32),
              hkdf_mech(CKM_SHA256, salt, info, expand=False))
    expect_rv("HKDF with a salt key: CKR_MECHANISM_PARAM_INVALID",
              PyKCS11.CKR_MECHANISM_PARAM_INVALID, s.deriveKey, hbase,
              new_tmpl(CKK_GENERIC_SECRET, 32),
              hkdf_mech(CKM_SHA256, None, info, salt_type=CKF_HKDF_SALT_KEY))
    expect_rv("HKDF with SHA-1: CKR_MECHANISM_PARAM_INVALID",
              PyKCS11.CKR_MECHANISM_PARAM_INVALID, s.deriveKey, hbase,
              new_tmpl(CKK_GENERIC_SECRET, 32),
              hkdf_mech(CKM_SHA_1, salt, info))
    expect_rv("HKDF into a generic secret without CKA_VALUE_LEN: "
              "CKR_TEMPLATE_INCOMPLETE",
              PyKCS11.CKR_TEMPLATE_INCOMPLETE, s.deriveKey, hbase,
              new_tmpl(CKK_GENERIC_SECRET), hkdf_mech(CKM_SHA256, salt, info))
    hnod = secret(ikm, kt=CKK_GENERIC_SECRET, sensitive=True, derive=False)
    expect_rv("HKDF from a key without CKA_DERIVE: "
              "CKR_KEY_FUNCTION_NOT_PERMITTED",
              PyKCS11.CKR_KEY_FUNCTION_NOT_PERMITTED, s.deriveKey, hnod,
              new_tmpl(CKK_GENERIC_SECRET, 32),
              hkdf_mech(CKM_SHA256, salt, info))

    def t_ecdh_hkdf():
        pa, ka = ec_pair(P256_OID, CKM_EC_KEY_PAIR_GEN)
        pb, kb = ec_pair(P256_OID, CKM_EC_KEY_PAIR_GEN)
        qa = bytes(attr(pa, CKA_EC_POINT))
        qb = bytes(attr(pb, CKA_EC_POINT))
        out = []
        for k, q in ((ka, qb), (kb, qa)):
            z = s.deriveKey(k, new_tmpl(CKK_GENERIC_SECRET, sensitive=True,
                                        extractable=False, derive=True),
                            PyKCS11.ECDH1_DERIVE_Mechanism(q))
            h = s.deriveKey(z, new_tmpl(CKK_GENERIC_SECRET, 32),
                            hkdf_mech(CKM_SHA256, salt, info))
            out.append(value(h))
        return out[0] == out[1], "%s / %s" % (out[0].hex(), out[1].hex())
    run("ECDH into a sensitive secret, then HKDF: both sides equal",
        t_ecdh_hkdf)

    # --------------------------------------------------------- PBKDF2
    def pbkdf2_mech(prf, pw, salt_, it, old=False):
        pb, sb = cbuf(pw), cbuf(salt_)
        p = PBKD2_PARAMS() if old else PBKD2_PARAMS2()
        p.saltSource = CKZ_SALT_SPECIFIED
        p.pSaltSourceData = ctypes.addressof(sb)
        p.ulSaltSourceDataLen = len(salt_)
        p.iterations = it
        p.prf = prf
        p.pPassword = ctypes.addressof(pb)
        keep = [pb, sb]
        if old:
            ln = CK_ULONG(len(pw))
            keep.append(ln)
            p.ulPasswordLen = ctypes.pointer(ln)
        else:
            p.ulPasswordLen = len(pw)
        return RawMech(CKM_PKCS5_PBKD2, p, keep)

    def t_pbkdf2(prf, pw, salt_, it, length, want, old=False,
                 kt=CKK_GENERIC_SECRET):
        h = s.generateKey(new_tmpl(kt, length),
                          pbkdf2_mech(prf, pw, salt_, it, old))
        got = value(h)
        return got == want, "got %s\nwant %s" % (got.hex(), want.hex())

    for it, dk in ((1, "0c60c80f961f0e71f3a9b524af6012062fe037a6"),
                   (2, "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"),
                   (4096, "4b007901b765489abead49d926f721d065a429c1")):
        run("PBKDF2-SHA1 = RFC 6070 (c=%d)" % it, t_pbkdf2, CKP_SHA1,
            b"password", b"salt", it, 20, bytes.fromhex(dk))
    run("PBKDF2-SHA1 = RFC 6070 (long password and salt, 25 bytes)",
        t_pbkdf2, CKP_SHA1, b"passwordPASSWORDpassword",
        b"saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, 25,
        bytes.fromhex("3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038"))
    run("PBKDF2-SHA1 = RFC 6070 (NUL bytes), CK_PKCS5_PBKD2_PARAMS",
        t_pbkdf2, CKP_SHA1, b"pass\0word", b"sa\0lt", 4096, 16,
        bytes.fromhex("56fa6aa75548099dcc37d7f03425e0c3"), True)
    pw, sl = b"correct horse battery staple", os.urandom(16)
    run("PBKDF2-SHA256 = OpenSSL (hashlib)", t_pbkdf2, CKP_SHA256, pw, sl,
        1000, 48, hashlib.pbkdf2_hmac("sha256", pw, sl, 1000, 48))
    run("PBKDF2-SHA512 into an AES-256 key = OpenSSL (hashlib)", t_pbkdf2,
        CKP_SHA512, pw, sl, 1000, 32,
        hashlib.pbkdf2_hmac("sha512", pw, sl, 1000, 32), False, CKK_AES)
    expect_rv("PBKDF2 with 0 iterations: CKR_MECHANISM_PARAM_INVALID",
              PyKCS11.CKR_MECHANISM_PARAM_INVALID, s.generateKey,
              new_tmpl(CKK_GENERIC_SECRET, 20),
              pbkdf2_mech(CKP_SHA1, pw, sl, 0))
    expect_rv("PBKDF2 with HMAC-SHA224: CKR_MECHANISM_PARAM_INVALID",
              PyKCS11.CKR_MECHANISM_PARAM_INVALID, s.generateKey,
              new_tmpl(CKK_GENERIC_SECRET, 20),
              pbkdf2_mech(CKP_SHA224, pw, sl, 1))
    expect_rv("PBKDF2 into AES without CKA_VALUE_LEN: "
              "CKR_TEMPLATE_INCOMPLETE",
              PyKCS11.CKR_TEMPLATE_INCOMPLETE, s.generateKey,
              new_tmpl(CKK_AES), pbkdf2_mech(CKP_SHA256, pw, sl, 1))

    def t_pbkdf2_token():
        t = [(CKA_CLASS, CKO_SECRET_KEY), (CKA_KEY_TYPE, CKK_AES),
             (CKA_VALUE_LEN, 32), (CKA_TOKEN, CK_TRUE),
             (CKA_PRIVATE, CK_TRUE), (CKA_SENSITIVE, CK_TRUE),
             (CKA_EXTRACTABLE, CK_FALSE), (CKA_ENCRYPT, CK_TRUE),
             (CKA_DECRYPT, CK_TRUE), (CKA_LABEL, "pbkdf2-token")]
        h = s.generateKey(t, pbkdf2_mech(CKP_SHA256, pw, sl, 1000))
        ok = (attr(h, CKA_TOKEN) and not attr(h, CKA_ALWAYS_SENSITIVE) and
              attr(h, CKA_VALUE_LEN) == 32)
        s.destroyObject(h)
        return ok, "token key attributes"
    run("PBKDF2 into a sensitive token key", t_pbkdf2_token)

    # ------------------------------------------------ token objects
    def t_unwrap_token():
        t = new_tmpl(CKK_AES, sensitive=True, extractable=False,
                     extra=[(CKA_LABEL, "unwrapped-token")])
        t = [a for a in t if a[0] != CKA_TOKEN] + [(CKA_TOKEN, CK_TRUE)]
        h = s.unwrapKey(kek, w_ok, t, kw)
        ok = attr(h, CKA_TOKEN) and attr(h, CKA_VALUE_LEN) == 16
        s.destroyObject(h)
        return ok, "token unwrap"
    run("unwrap into a token object", t_unwrap_token)

    # ------------------------------------- TRUSTED wrapping key (root)
    # The SO makes a wrap-only TRUSTED key (the kernel wants CAP_SYS_ADMIN);
    # the user may then wrap sensitive keys under it, and they come back
    # no wider than they went in.
    s.logout()
    tkek = None
    try:
        s.login(SO_PIN, CKU_SO)
        tkek = s.createObject([
            (CKA_CLASS, CKO_SECRET_KEY), (CKA_KEY_TYPE, CKK_AES),
            (CKA_TOKEN, CK_FALSE), (CKA_PRIVATE, CK_FALSE),
            (CKA_VALUE, os.urandom(32)), (CKA_TRUSTED, CK_TRUE),
            (CKA_SENSITIVE, CK_TRUE), (CKA_EXTRACTABLE, CK_FALSE),
            (CKA_ENCRYPT, CK_FALSE), (CKA_DECRYPT, CK_FALSE),
            (CKA_SIGN, CK_FALSE), (CKA_VERIFY, CK_FALSE),
            (CKA_DERIVE, CK_FALSE), (CKA_WRAP, CK_TRUE),
            (CKA_UNWRAP, CK_TRUE)])
    except PyKCS11.PyKCS11Error as e:
        why = "SO's trusted key: %s" % rv_name(e.value)
    try:
        s.logout()
    except PyKCS11.PyKCS11Error:
        pass
    s.login(USER_PIN)
    if tkek is None:
        for n in ("sensitive key wrapped under a TRUSTED key",
                  "unwrap under a TRUSTED key: no wider than wrapped"):
            skip(n, why)
    else:
        base_t = [(CKA_WRAP, CK_FALSE), (CKA_UNWRAP, CK_FALSE),
                  (CKA_DERIVE, CK_FALSE)]
        wt = secret(os.urandom(16), sensitive=True,
                    extra=[(CKA_WRAP_WITH_TRUSTED, CK_TRUE)])
        sens = secret(os.urandom(16), sensitive=True)	# the old one went
        try:
            attr(tkek, CKA_VALUE_LEN)
        except PyKCS11.PyKCS11Error as e:
            print("# the SO's public session key after logout: %s" %
                  rv_name(e.value))

        def t_trusted_wrap():
            w = bytes(s.wrapKey(tkek, wt, kw))
            w2 = bytes(s.wrapKey(tkek, sens, kw))
            # the 24-byte envelope travels with the key
            return len(w) == 48 and len(w2) == 48, "%d bytes" % len(w)
        run("sensitive key wrapped under a TRUSTED key", t_trusted_wrap)

        def t_trusted_unwrap():
            w = bytes(s.wrapKey(tkek, sens, kw))
            t = new_tmpl(CKK_AES, sensitive=True)
            t = [a for a in t if a[0] not in (CKA_WRAP, CKA_UNWRAP,
                                              CKA_DERIVE)] + base_t
            h = s.unwrapKey(tkek, w, t, kw)
            if attr(h, CKA_VALUE_LEN) != 16:
                return False, "length"
            for name, extra in (("readable", [(CKA_SENSITIVE, CK_FALSE)]),
                                ("more usage", [(CKA_WRAP, CK_TRUE)])):
                t2 = [a for a in t if a[0] not in
                      [x[0] for x in extra]] + extra
                try:
                    s.unwrapKey(tkek, w, t2, kw)
                    return False, "unwrapped %s" % name
                except PyKCS11.PyKCS11Error as e:
                    if e.value != PyKCS11.CKR_TEMPLATE_INCONSISTENT:
                        return False, "%s: %s" % (name, rv_name(e.value))
            return True, ""
        run("unwrap under a TRUSTED key: no wider than wrapped",
            t_trusted_unwrap)

    s.logout()
    s.closeSession()
    return done()


def _raise_rv(rv):
    if rv != PyKCS11.CKR_OK:
        raise PyKCS11.PyKCS11Error(rv)


if __name__ == "__main__":
    sys.exit(main())
