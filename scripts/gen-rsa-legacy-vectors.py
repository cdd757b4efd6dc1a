#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
scripts/gen-rsa-legacy-vectors.py - RSA test vectors for keys of 1024 and
1536 bits (NCR_KEY_FLAG_RSA_LEGACY, ncr.h) in Wycheproof's v1 JSON schemas,
made with OpenSSL through Debian's python3-cryptography:

    /usr/bin/python3 scripts/gen-rsa-legacy-vectors.py [OUTDIR]

OUTDIR (default tests/vectors/rsa_legacy) gets:
  rsa_oaep_1024_sha256_mgf1sha256_test.json  rsaes_oaep_decrypt_schema_v1
  rsa_oaep_1536_sha1_mgf1sha1_test.json      rsaes_oaep_decrypt_schema_v1
  rsa_pkcs1_1024_test.json                   rsaes_pkcs1_decrypt_schema_v1
  rsa_pkcs1_1536_sig_gen_test.json           rsassa_pkcs1_generate_schema_v1
  rsa_pss_1024_sha256_mgf1_32_test.json      rsassa_pss_verify_schema_v1
each with a fresh key and a handful of tests: valid ones (messages of
several lengths, OAEP with and without a label) and invalid ones (a
ciphertext or signature with one bit flipped, a wrong label, another
message).  build/tests/wycheproof runs them (tests/vm-suite.sh); it
imports private RSA keys below 2048 bits with NCR_KEY_FLAG_RSA_LEGACY.
Every run makes new keys, so the files change completely when rerun.
"""
import json
import os
import sys

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

HASHES = {"SHA-1": hashes.SHA1, "SHA-256": hashes.SHA256}

NOTES = {
    "Normal": {"bugType": "BASIC",
               "description": "A valid test made with OpenSSL "
                              "(python3-cryptography)."},
    "SmallModulus": {"bugType": "WEAK_PARAMS",
                     "description": "The key has a modulus of less than "
                                    "2048 bits: ncr uses its private half "
                                    "only with NCR_KEY_FLAG_RSA_LEGACY."},
    "EncryptionWithLabel": {"bugType": "FUNCTIONALITY",
                            "description": "The ciphertext was made with "
                                           "a non-empty OAEP label."},
    "ModifiedCiphertext": {"bugType": "MISSING_STEP",
                           "description": "One bit of a valid ciphertext "
                                          "is flipped."},
    "WrongLabel": {"bugType": "MISSING_STEP",
                   "description": "The ciphertext was made with another "
                                  "label than the test's."},
    "ModifiedSignature": {"bugType": "MISSING_STEP",
                          "description": "One bit of a valid signature is "
                                         "flipped."},
    "ModifiedMessage": {"bugType": "MISSING_STEP",
                        "description": "The signature is of another "
                                       "message."},
}


def hx(b):
    return b.hex()


def flip(b, i):
    b = bytearray(b)
    b[i % len(b)] ^= 0x10
    return bytes(b)


def pkcs8(key):
    return key.private_bytes(serialization.Encoding.DER,
                             serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def spki(key):
    return key.public_key().public_bytes(
        serialization.Encoding.DER,
        serialization.PublicFormat.SubjectPublicKeyInfo)


def messages(maxlen):
    """Messages of length 0, 1, a middle one and maxlen."""
    return [b"", b"\x61", os.urandom(maxlen // 2), os.urandom(maxlen)]


def document(algorithm, schema, header, groups):
    tcid = 1
    used = set()
    for g in groups:
        for t in g["tests"]:
            t["tcId"] = tcid
            tcid += 1
            used.update(t["flags"])
    return {
        "algorithm": algorithm,
        "schema": schema,
        "numberOfTests": tcid - 1,
        "header": header,
        "notes": {k: v for k, v in NOTES.items() if k in used},
        "testGroups": groups,
    }


def test(comment, flags, result, **fields):
    t = {"tcId": 0, "comment": comment, "flags": flags}
    t.update({k: hx(v) for k, v in fields.items()})
    t["result"] = result
    return t


def oaep_file(bits, sha):
    key = rsa.generate_private_key(65537, bits)
    h = HASHES[sha]
    hlen = h.digest_size

    def pad(label):
        return padding.OAEP(padding.MGF1(h()), h(), label or None)

    tests = []
    for m in messages(bits // 8 - 2 * hlen - 2):
        tests.append(test("", ["Normal", "SmallModulus"], "valid", msg=m,
                          ct=key.public_key().encrypt(m, pad(b"")),
                          label=b""))
    label = os.urandom(16)
    m = os.urandom(20)
    ct = key.public_key().encrypt(m, pad(label))
    tests.append(test("with a label", ["EncryptionWithLabel",
                                       "SmallModulus"], "valid", msg=m,
                      ct=ct, label=label))
    tests.append(test("wrong label", ["WrongLabel"], "invalid", msg=m,
                      ct=ct, label=flip(label, 3)))
    for i in (0, bits // 16, bits // 8 - 1):
        ct = key.public_key().encrypt(m, pad(b""))
        tests.append(test("ciphertext bit flipped", ["ModifiedCiphertext"],
                          "invalid", msg=m, ct=flip(ct, i), label=b""))
    group = {
        "type": "RsaesOaepDecrypt",
        "source": {"name": "ncr scripts/gen-rsa-legacy-vectors.py",
                   "version": "1"},
        "keySize": bits, "sha": sha, "mgf": "MGF1", "mgfSha": sha,
        "privateKeyPkcs8": hx(pkcs8(key)),
        "tests": tests,
    }
    return document("RSAES-OAEP", "rsaes_oaep_decrypt_schema_v1.json",
                    ["RSAES-OAEP decryption with a %d-bit key (%s, "
                     "MGF1-%s)" % (bits, sha, sha)], [group])


def pkcs1_v15_padded(key, ct):
    """True if ct decrypts (raw RSA) to 00 02 PS(>= 8 non-zero) 00 M."""
    n = key.private_numbers()
    k = (n.public_numbers.n.bit_length() + 7) // 8
    c = int.from_bytes(ct, "big")
    if c >= n.public_numbers.n:
        return False
    em = pow(c, n.d, n.public_numbers.n).to_bytes(k, "big")
    if em[:2] != b"\x00\x02":
        return False
    z = em.find(b"\x00", 2)
    return z >= 10


def pkcs1_dec_file(bits):
    key = rsa.generate_private_key(65537, bits)
    tests = []
    for m in messages(bits // 8 - 11):
        tests.append(test("", ["Normal", "SmallModulus"], "valid", msg=m,
                          ct=key.public_key().encrypt(m, padding.PKCS1v15())))
    m = os.urandom(24)
    for i in (1, bits // 16, bits // 8 - 1):
        ct = key.public_key().encrypt(m, padding.PKCS1v15())
        bad = flip(ct, i)
        j = i
        while pkcs1_v15_padded(key, bad):     # keep it really invalid
            j += 1
            bad = flip(ct, j)
        tests.append(test("ciphertext bit flipped", ["ModifiedCiphertext"],
                          "invalid", msg=m, ct=bad))
    group = {
        "type": "RsaesPkcs1Decrypt",
        "source": {"name": "ncr scripts/gen-rsa-legacy-vectors.py",
                   "version": "1"},
        "keySize": bits,
        "privateKeyPkcs8": hx(pkcs8(key)),
        "tests": tests,
    }
    return document("RSAES-PKCS1-v1_5", "rsaes_pkcs1_decrypt_schema_v1.json",
                    ["RSAES-PKCS1-v1_5 decryption with a %d-bit key"
                     % bits], [group])


def pkcs1_gen_file(bits, sha):
    key = rsa.generate_private_key(65537, bits)
    h = HASHES[sha]
    tests = []
    for m in messages(200):
        tests.append(test("", ["Normal", "SmallModulus"], "valid", msg=m,
                          sig=key.sign(m, padding.PKCS1v15(), h())))
    m = os.urandom(32)
    sig = key.sign(m, padding.PKCS1v15(), h())
    for i in (0, bits // 16, bits // 8 - 1):
        tests.append(test("signature bit flipped", ["ModifiedSignature"],
                          "invalid", msg=m, sig=flip(sig, i)))
    group = {
        "type": "RsassaPkcs1Generate",
        "source": {"name": "ncr scripts/gen-rsa-legacy-vectors.py",
                   "version": "1"},
        "keySize": bits, "sha": sha,
        "privateKeyPkcs8": hx(pkcs8(key)),
        "tests": tests,
    }
    return document("RSASSA-PKCS1-v1_5",
                    "rsassa_pkcs1_generate_schema_v1.json",
                    ["RSASSA-PKCS1-v1_5 signature generation with a %d-bit "
                     "key (%s)" % (bits, sha)], [group])


def pss_file(bits, sha, slen):
    key = rsa.generate_private_key(65537, bits)
    h = HASHES[sha]
    pss = padding.PSS(mgf=padding.MGF1(h()), salt_length=slen)
    tests = []
    for m in messages(200):
        tests.append(test("", ["Normal", "SmallModulus"], "valid", msg=m,
                          sig=key.sign(m, pss, h())))
    m = os.urandom(32)
    sig = key.sign(m, pss, h())
    for i in (0, bits // 16, bits // 8 - 1):
        tests.append(test("signature bit flipped", ["ModifiedSignature"],
                          "invalid", msg=m, sig=flip(sig, i)))
    tests.append(test("signature of another message", ["ModifiedMessage"],
                      "invalid", msg=flip(m, 5), sig=sig))
    group = {
        "type": "RsassaPssVerify",
        "source": {"name": "ncr scripts/gen-rsa-legacy-vectors.py",
                   "version": "1"},
        "keySize": bits, "sha": sha, "mgf": "MGF1", "mgfSha": sha,
        "sLen": slen,
        "publicKeyDer": hx(spki(key)),
        "tests": tests,
    }
    return document("RSASSA-PSS", "rsassa_pss_verify_schema_v1.json",
                    ["RSASSA-PSS verification with a %d-bit key (%s, "
                     "MGF1-%s, salt %d)" % (bits, sha, sha, slen)], [group])


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "tests/vectors/rsa_legacy"
    os.makedirs(out, exist_ok=True)
    files = {
        "rsa_oaep_1024_sha256_mgf1sha256_test.json":
            oaep_file(1024, "SHA-256"),
        "rsa_oaep_1536_sha1_mgf1sha1_test.json": oaep_file(1536, "SHA-1"),
        "rsa_pkcs1_1024_test.json": pkcs1_dec_file(1024),
        "rsa_pkcs1_1536_sig_gen_test.json": pkcs1_gen_file(1536, "SHA-256"),
        "rsa_pss_1024_sha256_mgf1_32_test.json":
            pss_file(1024, "SHA-256", 32),
    }
    for name, doc in files.items():
        with open(os.path.join(out, name), "w") as f:
            json.dump(doc, f, indent=2)
            f.write("\n")
        print("%s: %d tests" % (os.path.join(out, name),
                                doc["numberOfTests"]))


if __name__ == "__main__":
    main()
