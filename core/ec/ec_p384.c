// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * ec_p384.c - NIST P-384 (FIPS 186-5 / SEC 2 secp384r1): the curve
 * constants and one instance of ec_impl.h.  Montgomery constants for
 * R = 2^384, little-endian 64-bit words (L64 splits them for 32-bit
 * limbs); computed with Python's integers and checked by the unit test
 * against OpenSSL.
 */
#include "ec.h"
#include "ec_impl.h"

#define EC_BITS		384
#define EC_W		3	/* variable-base window (table of 4 points) */
#define EC_CURVE	NCR_EC_P384
#define EC_NAME		ncr_ec_p384_ops
#define EC_GTAB		ncr_ec_p384_gtab
#define EC_GW		EC_P384_GW
#define EC_C_P { L64(0x00000000ffffffffull), L64(0xffffffff00000000ull), L64(0xfffffffffffffffeull), L64(0xffffffffffffffffull), L64(0xffffffffffffffffull), L64(0xffffffffffffffffull) }
#define EC_C_N { L64(0xecec196accc52973ull), L64(0x581a0db248b0a77aull), L64(0xc7634d81f4372ddfull), L64(0xffffffffffffffffull), L64(0xffffffffffffffffull), L64(0xffffffffffffffffull) }
#define EC_C_RR_P { L64(0xfffffffe00000001ull), L64(0x0000000200000000ull), L64(0xfffffffe00000000ull), L64(0x0000000200000000ull), L64(0x0000000000000001ull), L64(0x0000000000000000ull) }
#define EC_C_RR_N { L64(0x2d319b2419b409a9ull), L64(0xff3d81e5df1aa419ull), L64(0xbc3e483afcb82947ull), L64(0xd40d49174aab1cc5ull), L64(0x3fb05b7a28266895ull), L64(0x0c84ee012b39bf21ull) }
#define EC_C_ONE { L64(0xffffffff00000001ull), L64(0x00000000ffffffffull), L64(0x0000000000000001ull), L64(0x0000000000000000ull), L64(0x0000000000000000ull), L64(0x0000000000000000ull) }
#define EC_C_B { L64(0x081188719d412dccull), L64(0xf729add87a4c32ecull), L64(0x77f2209b1920022eull), L64(0xe3374bee94938ae2ull), L64(0xb62b21f41f022094ull), L64(0xcd08114b604fbff9ull) }
#define EC_C_PM2 { L64(0x00000000fffffffdull), L64(0xffffffff00000000ull), L64(0xfffffffffffffffeull), L64(0xffffffffffffffffull), L64(0xffffffffffffffffull), L64(0xffffffffffffffffull) }
#define EC_C_NM2 { L64(0xecec196accc52971ull), L64(0x581a0db248b0a77aull), L64(0xc7634d81f4372ddfull), L64(0xffffffffffffffffull), L64(0xffffffffffffffffull), L64(0xffffffffffffffffull) }
#define EC_C_SQRT { L64(0x0000000040000000ull), L64(0xbfffffffc0000000ull), L64(0xffffffffffffffffull), L64(0xffffffffffffffffull), L64(0xffffffffffffffffull), L64(0x3fffffffffffffffull) }
#define EC_C_P0I 0x0000000100000001ull
#define EC_C_N0I 0x6ed46089e88fdc45ull
#define EC_C_ORDER_BE { \
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,\
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,\
	0xc7, 0x63, 0x4d, 0x81, 0xf4, 0x37, 0x2d, 0xdf, 0x58, 0x1a, 0x0d, 0xb2,\
	0x48, 0xb0, 0xa7, 0x7a, 0xec, 0xec, 0x19, 0x6a, 0xcc, 0xc5, 0x29, 0x73 }

#include "ec_impl.h"
