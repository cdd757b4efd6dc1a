# SPDX-License-Identifier: GPL-2.0 OR MIT
# core/parts.mk - the parts of the portable core: read by kernel/Kbuild (the
# module links every part) and by core/core.mk (each host program links the
# parts it names, with what they need).  Every .c of core/<part>/ is library
# code; tests, fuzzers, benches and generators live in core/tests/,
# core/fuzz/, core/bench/ and core/gen/.
NCR_CORE_PARTS := bn hash ec curve25519 rsa dlog der symkey

# What each part links against besides itself (one level: bn and hash
# need nothing).
NCR_CORE_NEEDS_ec := hash
NCR_CORE_NEEDS_curve25519 := hash
NCR_CORE_NEEDS_rsa := bn hash
NCR_CORE_NEEDS_dlog := bn hash
