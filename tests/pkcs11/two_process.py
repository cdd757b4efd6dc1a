#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# two_process.py MODULE [COUNT] - two processes on one ncr-pkcs11.so token
# (each with its own C_Initialize, session and login):
#
#   - process B, started and logged in before A makes anything, finds the
#     token key pair A generates at its next C_FindObjectsInit;
#   - A and B sign with that one private key at the same time, COUNT
#     ECDSA P-256 (CKM_ECDSA_SHA256) signatures each (default 1000); every
#     signature is verified by the other process (C_Verify) and by the
#     `cryptography` package against the key's CKA_EC_POINT;
#   - an object one process destroys is no longer found by the other, and
#     the other's old handle for it is CKR_OBJECT_HANDLE_INVALID after its
#     next search; a private object changed in one (its label) is seen
#     changed in the other.
#
# A is this process; B is this script run with --worker, driven through
# JSON lines on its stdin/stdout.  Under TCG one ECDSA signature through
# PyKCS11 and the kernel takes about a millisecond or two, so the default
# count fits the suite; pass a smaller COUNT for a quick run.
#
# Run as tests/vm-suite.sh does, in the VM (tests/pkcs11/lib.sh):
#   p11_master_key; p11_new_token DIR test; two_process.py MODULE
# The token is the one labelled $P11_LABEL (default "test"), user PIN
# $P11_PIN (1234).  TAP output; exit status 1 if any test failed.
import json
import os
import subprocess
import sys
import time

import PyKCS11
from PyKCS11 import (CKA_CLASS, CKA_EC_PARAMS, CKA_EC_POINT, CKA_LABEL,
                     CKA_PRIVATE, CKA_SENSITIVE, CKA_SIGN, CKA_TOKEN,
                     CKA_VERIFY, CKA_VALUE, CKO_DATA, CKO_PRIVATE_KEY,
                     CKO_PUBLIC_KEY, CK_FALSE, CK_TRUE)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from p11test import (H, done, ec_point_raw, load, open_token,  # noqa: E402
                     report, rv_name, skip, user_session)

CKM_EC_KEY_PAIR_GEN = 0x1040
CKM_ECDSA_SHA256 = 0x1044
P256_OID = bytes.fromhex("06082a8648ce3d030107")
KEY_LABEL = "two-process-key"


def open_session(module):
    """The token lib.sh made (never one made here: two processes)."""
    lib = load(module)
    s = user_session(lib, open_token(lib, init=False))
    return lib, s


def find(s, label, cls=None):
    t = [(CKA_LABEL, label)]
    if cls is not None:
        t.append((CKA_CLASS, cls))
    return s.findObjects(t)


def msgs(tag, n):
    return [("%s-%d" % (tag, i)).encode() for i in range(n)]


def sign_all(s, key, tag, n):
    m = PyKCS11.Mechanism(CKM_ECDSA_SHA256)
    return [bytes(s.sign(key, d, m)) for d in msgs(tag, n)]


def verify_all(s, pub, tag, sigs):
    """Indexes of the signatures C_Verify refuses."""
    m = PyKCS11.Mechanism(CKM_ECDSA_SHA256)
    bad = []
    for i, (d, sig) in enumerate(zip(msgs(tag, len(sigs)), sigs)):
        try:
            if not s.verify(pub, d, sig, m):
                bad.append(i)
        except PyKCS11.PyKCS11Error:
            bad.append(i)
    return bad


# ------------------------------------------------------------- worker B

def worker(module):
    lib, s = open_session(module)
    out = sys.stdout
    out.write(json.dumps({"ready": True}) + "\n")
    out.flush()
    handles = {}
    for line in sys.stdin:
        cmd = json.loads(line)
        op = cmd["op"]
        r = {}
        try:
            if op == "find":
                hs = find(s, cmd["label"], cmd.get("cls"))
                if hs:		# kept for "attr" and "stale"
                    handles[cmd["label"]] = [h.value() for h in hs]
                r["n"] = len(hs)
            elif op == "attr":		# label of the object found before
                h = H(handles[cmd["label"]][0])
                try:
                    r["value"] = s.getAttributeValue(h, [CKA_LABEL])[0]
                    r["rv"] = 0
                except PyKCS11.PyKCS11Error as e:
                    r["rv"] = e.value
            elif op == "stale":		# old handle, after a new search
                h = H(handles[cmd["label"]][0])
                find(s, "no-such-label")
                vals = PyKCS11.LowLevel.ckattrlist(1)
                vals[0].SetType(CKA_LABEL)
                r["rv"] = s.lib.C_GetAttributeValue(s.session, h, vals)
            elif op == "sign":
                key = find(s, cmd["label"], CKO_PRIVATE_KEY)[0]
                t0 = time.time()
                sigs = sign_all(s, key, cmd["tag"], cmd["n"])
                r["secs"] = time.time() - t0
                r["sigs"] = [x.hex() for x in sigs]
            elif op == "verify":
                pub = find(s, cmd["label"], CKO_PUBLIC_KEY)[0]
                r["bad"] = verify_all(s, pub, cmd["tag"],
                                      [bytes.fromhex(x) for x in cmd["sigs"]])
            elif op == "destroy":
                for h in find(s, cmd["label"]):
                    s.destroyObject(h)
                r["ok"] = True
            elif op == "quit":
                break
        except PyKCS11.PyKCS11Error as e:
            r["error"] = rv_name(e.value)
        out.write(json.dumps(r) + "\n")
        out.flush()
    s.logout()
    s.closeSession()
    return 0


class Worker:
    def __init__(self, module):
        self.p = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), module, "--worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.ready = self.read()

    def read(self):
        line = self.p.stdout.readline()
        if not line:
            raise RuntimeError("worker B died (exit %s)" % self.p.poll())
        return json.loads(line)

    def send(self, **cmd):
        self.p.stdin.write(json.dumps(cmd) + "\n")
        self.p.stdin.flush()

    def call(self, **cmd):
        self.send(**cmd)
        return self.read()

    def close(self):
        try:
            self.send(op="quit")
            self.p.stdin.close()
        except Exception:
            pass
        return self.p.wait(timeout=60)


def check_cryptography(point, tag, sigs):
    """Indexes of the signatures OpenSSL (through `cryptography`) refuses;
    None when the package is missing."""
    try:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.hazmat.primitives.asymmetric.utils import \
            encode_dss_signature
    except ImportError:
        return None
    pk = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(),
                                                      ec_point_raw(point))
    bad = []
    for i, (d, sig) in enumerate(zip(msgs(tag, len(sigs)), sigs)):
        der = encode_dss_signature(int.from_bytes(sig[:32], "big"),
                                   int.from_bytes(sig[32:], "big"))
        try:
            pk.verify(der, d, ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            bad.append(i)
    return bad


def main():
    if len(sys.argv) == 3 and sys.argv[2] == "--worker":
        return worker(sys.argv[1])
    if len(sys.argv) not in (2, 3):
        print("usage: two_process.py MODULE [COUNT]", file=sys.stderr)
        return 2
    module = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) == 3 else 1000

    B = Worker(module)		# started before A makes anything
    report("process B is up and logged in", B.ready.get("ready"))
    lib, s = open_session(module)
    for h in find(s, KEY_LABEL):	# leftovers of an earlier run
        s.destroyObject(h)
    r = B.call(op="find", label=KEY_LABEL)
    report("B finds no key pair before A makes it", r.get("n") == 0, r)

    pub, priv = s.generateKeyPair(
        [(CKA_TOKEN, CK_TRUE), (CKA_PRIVATE, CK_FALSE),
         (CKA_EC_PARAMS, P256_OID), (CKA_VERIFY, CK_TRUE),
         (CKA_LABEL, KEY_LABEL)],
        [(CKA_TOKEN, CK_TRUE), (CKA_PRIVATE, CK_TRUE),
         (CKA_SENSITIVE, CK_TRUE), (CKA_SIGN, CK_TRUE),
         (CKA_LABEL, KEY_LABEL)],
        PyKCS11.Mechanism(CKM_EC_KEY_PAIR_GEN))
    r = B.call(op="find", label=KEY_LABEL)
    report("B, already initialised, sees A's new token key pair at its next "
           "C_FindObjectsInit (public + private)", r.get("n") == 2, r)
    point = bytes(s.getAttributeValue(pub, [CKA_EC_POINT], True)[0])

    # concurrent signing: B's batch runs while A signs its own
    B.send(op="sign", label=KEY_LABEL, tag="B", n=count)
    t0 = time.time()
    a_err = None
    try:
        a_sigs = sign_all(s, priv, "A", count)
    except PyKCS11.PyKCS11Error as e:
        a_sigs, a_err = [], rv_name(e.value)
    a_secs = time.time() - t0
    rb = B.read()
    b_sigs = [bytes.fromhex(x) for x in rb.get("sigs", [])]
    print("# A: %d signatures in %.1f s; B: %d in %.1f s" % (
        len(a_sigs), a_secs, len(b_sigs), rb.get("secs", 0)))
    report("A and B each made %d signatures with one key at the same time"
           % count, len(a_sigs) == count and len(b_sigs) == count and
           not a_err and "error" not in rb,
           "A %d (%s), B %d (%s)" % (len(a_sigs), a_err, len(b_sigs),
                                     rb.get("error")))
    bad_b = verify_all(s, pub, "B", b_sigs)
    report("A verifies every one of B's signatures (C_Verify)",
           not bad_b and b_sigs, "refused: %s" % bad_b[:20])
    r = B.call(op="verify", label=KEY_LABEL, tag="A",
               sigs=[x.hex() for x in a_sigs])
    report("B verifies every one of A's signatures (C_Verify)",
           r.get("bad") == [] and a_sigs, r.get("bad", r)[:20]
           if isinstance(r.get("bad", r), list) else r)
    bad_a = check_cryptography(point, "A", a_sigs)
    bad_bb = check_cryptography(point, "B", b_sigs)
    if bad_a is None:
        skip("OpenSSL check", "no cryptography package")
    else:
        report("OpenSSL (cryptography) verifies all %d signatures against "
               "CKA_EC_POINT" % (2 * count), not bad_a and not bad_bb,
               "A refused %s, B refused %s" % (bad_a[:20], bad_bb[:20]))
    report("the two processes' signatures all differ (fresh nonces)",
           len(set(a_sigs) | set(b_sigs)) == 2 * count)

    # a change and a deletion by one process, seen by the other
    obj = s.createObject([(CKA_CLASS, CKO_DATA), (CKA_TOKEN, CK_TRUE),
                          (CKA_PRIVATE, CK_TRUE), (CKA_LABEL, "tp-data"),
                          (CKA_VALUE, b"shared")])
    r = B.call(op="find", label="tp-data")
    report("B finds A's private data object", r.get("n") == 1, r)
    s.setAttributeValue(obj, [(CKA_LABEL, "tp-data-renamed")])
    r = B.call(op="find", label="tp-data-renamed")
    r2 = B.call(op="attr", label="tp-data-renamed")
    report("A renames it: B finds it by the new label and reads it",
           r.get("n") == 1 and r2.get("value") == "tp-data-renamed",
           (r, r2))
    r = B.call(op="destroy", label="tp-data-renamed")
    found = find(s, "tp-data-renamed")
    report("B destroys it: A no longer finds it", r.get("ok") and
           not found, (r, len(found)))
    try:
        s.getAttributeValue(obj, [CKA_LABEL])
        rv = PyKCS11.CKR_OK
    except PyKCS11.PyKCS11Error as e:
        rv = e.value
    report("A's old handle for it: CKR_OBJECT_HANDLE_INVALID",
           rv == PyKCS11.CKR_OBJECT_HANDLE_INVALID, rv_name(rv))

    r = B.call(op="find", label=KEY_LABEL, cls=CKO_PRIVATE_KEY)
    s.destroyObject(priv)
    s.destroyObject(pub)
    r = B.call(op="find", label=KEY_LABEL)
    report("A destroys the key pair: B no longer finds it", r.get("n") == 0,
           r)
    r = B.call(op="stale", label=KEY_LABEL)
    report("B's handle of the destroyed private key after its next search: "
           "CKR_OBJECT_HANDLE_INVALID",
           r.get("rv") == PyKCS11.CKR_OBJECT_HANDLE_INVALID, r)
    rc = B.close()
    report("process B exits cleanly", rc == 0, "exit %s" % rc)
    s.logout()
    s.closeSession()
    return done()


if __name__ == "__main__":
    sys.exit(main())
