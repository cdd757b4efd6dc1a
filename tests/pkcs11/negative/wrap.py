# SPDX-License-Identifier: LGPL-2.1-or-later
#
# negative/wrap.py - the wrapping policy and the Tookan / Clulow attacks:
# wrap a sensitive key under a key the caller knows or that may also decrypt
# (AES-KW, AES-KWP, RSA-OAEP), unwrap as sensitive then read or wrap, unwrap
# as non-sensitive under a sensitive key (decryption oracle);
# CKA_WRAP_WITH_TRUSTED and CKA_PRIVATE cannot be dropped.
import os

import PyKCS11
from PyKCS11 import (CKA_ALWAYS_SENSITIVE, CKA_DECRYPT, CKA_ENCRYPT, CKA_LABEL,
                     CKA_MODULUS, CKA_NEVER_EXTRACTABLE, CKA_PRIVATE,
                     CKA_SENSITIVE, CKA_TOKEN, CKA_TRUSTED, CKA_VALUE_LEN,
                     CKA_WRAP, CK_FALSE, CK_TRUE)

from p11test import (call_rv, expect_rv, report, run, rv_name)
from negative.common import (CKA_WRAP_WITH_TRUSTED, CKM_AES_KEY_GEN, aes_wrap,
                             enc, hv, kw_unwrap, sv)


def checks(c):
    s, raw = c.s, c.raw
    kw, kwp, ecb, oaep = c.kw, c.kwp, c.ecb, c.oaep
    secret, new_tmpl, read, battr = c.secret, c.new_tmpl, c.read, c.battr
    aes_s, rsa_priv, rsa_pub = c.aes_s, c.rsa_priv, c.rsa_pub
    M = PyKCS11.Mechanism
    R = PyKCS11

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

    # for the later parts
    c.W, c.ext, c.blob, c.k_v = W, ext, blob, k_v


def with_trusted(c):
    """CKA_WRAP_WITH_TRUSTED, a public copy of a private key, CKA_PRIVATE
    (run after derive.checks, as before the split)."""
    s, raw = c.s, c.raw
    kw = c.kw
    secret, read = c.secret, c.read
    W, aes_s, ec_priv = c.W, c.aes_s, c.ec_priv
    R = PyKCS11

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

