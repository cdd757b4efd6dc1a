# SPDX-License-Identifier: LGPL-2.1-or-later
#
# negative/files.py - the token's files: a flipped
# CKA_SENSITIVE/CKA_EXTRACTABLE in a public object's file (the kernel keeps
# the flags in the key's blob), a copy of the token directory opened by
# another process (negative.py MODULE --child, child() here), a private
# object's file (no attribute in the clear).
import glob
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

import PyKCS11
from PyKCS11 import (CKA_CLASS, CKA_EXTRACTABLE, CKA_ID, CKA_LABEL,
                     CKA_PRIVATE, CKA_SENSITIVE, CKA_TOKEN, CKA_VALUE,
                     CKF_SERIAL_SESSION, CK_FALSE, CK_TRUE)

from p11test import (call_rv, find_slot, load, report, run, rv_name, skip)
from negative.common import (Raw, hv, sv)


# ---------------------------------------------------------- the files

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


def checks(c):
    s, module = c.s, c.module
    kw = c.kw
    secret, read, battr = c.secret, c.read, c.battr
    W, k_v = c.W, c.k_v
    R = PyKCS11

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
        p = subprocess.run([sys.executable, c.runner,
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

    # for the later parts
    c.fpriv = fpriv
