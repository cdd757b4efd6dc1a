# SPDX-License-Identifier: LGPL-2.1-or-later
#
# negative/ - the parts of negative.py, by subject; main() runs them in
# order in one session (common.Ctx), one TAP stream (p11test numbers the
# lines), as negative.py did in one piece.  Some parts use what earlier
# ones made (the keys of attrs and wrap, the private token object of
# files), so the order is fixed.
import sys

from p11test import done
from negative import (attrs, copies, derive, files, pin, session,
                      templates, wrap)
from negative.common import Ctx

PARTS = (
    attrs.checks,		# sensitive values, widening a key
    copies.checks,		# C_CopyObject
    wrap.checks,		# wrapping policy, Tookan (a) (b) (c)
    derive.checks,		# derivation (d)
    wrap.with_trusted,		# CKA_WRAP_WITH_TRUSTED, CKA_PRIVATE
    templates.checks,		# usage, templates, sizes, handles
    session.read_only,		# R/O session
    files.checks,		# the token's files
    session.logout,		# private objects, C_Logout
    pin.checks,			# the PINs; closes the session
)


def main(argv, runner):
    """argv: negative.py's; runner: its path (the --child runs it)."""
    if len(argv) == 3 and argv[2] == "--child":
        return files.child(argv[1])
    if len(argv) != 2:
        print("usage: negative.py MODULE", file=sys.stderr)
        return 2
    c = Ctx(argv[1], runner)
    for part in PARTS:
        part(c)
    return done()
