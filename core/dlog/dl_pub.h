/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * dl_pub.h - the public value of a discrete-log key (DSA, DH): y = g^x mod p,
 * for private keys whose encoding (PKCS#8) leaves y out.
 */
#ifndef NCR_DL_PUB_H
#define NCR_DL_PUB_H

#include "pkparts.h"

/* Bytes of scratch ncr_dl_public_from_private needs for p of pbits. */
size_t ncr_dl_pub_scratch_size(u32 pbits);

/*
 * y = g^x mod p, written as plen bytes (plen: p's length without leading
 * zeros).  p must be odd, 1 < g < p, 0 < x; -EINVAL otherwise.  Constant
 * time in x (fixed-window exponentiation over x's byte length, which is
 * public).  scratch: ncr_dl_pub_scratch_size(bits of p) bytes, wiped.
 */
int ncr_dl_public_from_private(const struct ncr_dl_parts *k, u8 *y,
			       void *scratch);

/*
 * The same, calling ncr_env_yield(env) (env may be NULL) about every
 * millisecond of the exponentiation, at points that depend on lengths only
 * (an 8192-bit p with an x as long takes a third of a second): -EINTR, y
 * not written, if it asks to stop.
 */
int ncr_dl_public_from_private_env(const struct ncr_dl_parts *k,
				   const struct ncr_env *env, u8 *y,
				   void *scratch);

#endif /* NCR_DL_PUB_H */
