#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/ncrtool-stream-ref.py - a second implementation of ncrtool's AEAD
file formats (docs/stream-format.md) on Python's cryptography package
(OpenSSL), for tests/ncrtool-stream.sh:

  ncrtool-stream-ref.py dec KEYHEX [AADFILE] < FILE > PLAINTEXT
      decrypts format 1 or 2; exit 1 if anything does not verify
  ncrtool-stream-ref.py enc KEYHEX ALG PREFIXHEX [AADFILE] [VARIANT] < P > F
  ncrtool-stream-ref.py batch JOBFILE
      one job a line, the same with files named (AADFILE "-" for none):
        dec KEYHEX IN OUT [AADFILE]     (OUT not written if it fails)
        enc KEYHEX ALG PREFIXHEX IN OUT [AADFILE [VARIANT]]
        flips IN OUTPREFIX              (OUTPREFIX.i: IN with bit i of
                                         its 16-byte header flipped)
      (python3 with cryptography takes seconds to start under TCG)
      writes format 2 as ncrtool does (VARIANT absent), or a file that is
      wrong in one way, each segment still sealed under the key, so that
      only the format's rules can catch it:
        no-last      every segment sealed as "not last"
        last-at=K    segment K (not the final one) sealed as "last"
        empty-tail   an extra empty last segment after full ones
        seg-log2=N   segments of 2^N bytes, the header saying so
        tag=N        the header's tag length byte N (tags stay 16 bytes)

Only for tests: the key is given on the command line.
"""
import hashlib
import struct
import sys

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import (AESCCM, AESGCM,
                                                         ChaCha20Poly1305)

ALGS = {16: AESGCM, 17: AESCCM, 18: ChaCha20Poly1305}
NAMES = {"aes-gcm": 16, "aes-ccm": 17, "chacha20-poly1305": 18}


def aead(alg, key):
    return ALGS[alg](key)


def nonce(prefix, i, last):
    return prefix + struct.pack(">IB", i, 1 if last else 0)


def dec(key, data, aad):
    if len(data) < 7 or data[:4] != b"NCRE":
        raise ValueError("not an ncrtool file")
    ver, alg = data[4], data[5]
    c = aead(alg, key)
    if ver == 1:
        n = data[6]
        hdr = data[:7 + n]
        return c.decrypt(data[7:7 + n], data[7 + n:], hdr + aad)
    if ver != 2:
        raise ValueError("version %d" % ver)
    hdr = data[:16]
    if hdr[6] != 7 or hdr[7] != 16 or hdr[8] != 16:
        raise ValueError("header")
    prefix = hdr[9:16]
    sad = hdr + hashlib.sha256(aad).digest()
    rec = (1 << 16) + 16
    body = data[16:]
    out = []
    i = 0
    while True:
        seg = body[i * rec:(i + 1) * rec]
        last = len(body) <= (i + 1) * rec
        if len(seg) < 16 or (last and len(seg) == 16 and i > 0):
            raise ValueError("truncated")
        out.append(c.decrypt(nonce(prefix, i, last), seg, sad))
        if last:
            return b"".join(out)
        i += 1


def enc(key, alg, prefix, pt, aad, variant):
    log2, taglen = 16, 16
    if variant.startswith("seg-log2="):
        log2 = int(variant.split("=")[1])
    if variant.startswith("tag="):
        taglen = int(variant.split("=")[1])
    size = 1 << log2
    hdr = b"NCRE" + bytes([2, alg, 7, log2, taglen]) + prefix
    sad = hdr + hashlib.sha256(aad).digest()
    c = aead(alg, key)
    segs = [pt[j:j + size] for j in range(0, len(pt), size)] or [b""]
    if variant == "empty-tail":
        segs.append(b"")
    lastk = len(segs) - 1
    if variant == "no-last":
        lastk = -1
    if variant.startswith("last-at="):
        lastk = int(variant.split("=")[1])
    out = [hdr]
    for i, s in enumerate(segs):
        out.append(c.encrypt(nonce(prefix, i, i == lastk), s, sad))
    return b"".join(out)


def readf(path):
    if path in ("", "-"):
        return b""
    with open(path, "rb") as f:
        return f.read()


def writef(path, data):
    with open(path, "wb") as f:
        f.write(data)


def batch(jobfile):
    for line in open(jobfile):
        a = line.split()
        if not a:
            continue
        if a[0] == "dec":
            try:
                pt = dec(bytes.fromhex(a[1]), readf(a[2]),
                         readf(a[4] if len(a) > 4 else ""))
            except (InvalidTag, ValueError):
                continue
            writef(a[3], pt)
        elif a[0] == "enc":
            writef(a[5], enc(bytes.fromhex(a[1]), NAMES[a[2]],
                             bytes.fromhex(a[3]), readf(a[4]),
                             readf(a[6] if len(a) > 6 else ""),
                             a[7] if len(a) > 7 else ""))
        elif a[0] == "flips":
            f = readf(a[1])
            for i in range(16 * 8):
                g = bytearray(f)
                g[i // 8] ^= 1 << (i % 8)
                writef("%s.%d" % (a[2], i), g)
        else:
            raise ValueError(line)
    return 0


def main(argv):
    if argv[1] == "batch":
        return batch(argv[2])
    key = bytes.fromhex(argv[2])
    if argv[1] == "dec":
        aad = open(argv[3], "rb").read() if len(argv) > 3 else b""
        try:
            pt = dec(key, sys.stdin.buffer.read(), aad)
        except (InvalidTag, ValueError) as e:
            print("ncrtool-stream-ref: does not verify: %r" % e,
                  file=sys.stderr)
            return 1
        sys.stdout.buffer.write(pt)
        return 0
    alg = NAMES[argv[3]]
    prefix = bytes.fromhex(argv[4])
    aad = open(argv[5], "rb").read() if len(argv) > 5 and argv[5] else b""
    variant = argv[6] if len(argv) > 6 else ""
    sys.stdout.buffer.write(enc(key, alg, prefix, sys.stdin.buffer.read(),
                                aad, variant))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
