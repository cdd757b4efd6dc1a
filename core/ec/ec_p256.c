// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * ec_p256.c - NIST P-256 (FIPS 186-5 / SEC 2 secp256r1): the curve
 * constants and one instance of ec_impl.h.  Montgomery constants for
 * R = 2^256, little-endian 64-bit words (L64 splits them for 32-bit
 * limbs); computed with Python's integers and checked by the unit test
 * against OpenSSL.
 */
#include "ec.h"
#include "ec_impl.h"

#define EC_BITS		256
#define EC_W		4	/* variable-base window (table of 8 points) */
#define EC_CURVE	NCR_EC_P256
#define EC_NAME		ncr_ec_p256_ops
#define EC_GTAB		ncr_ec_p256_gtab
#define EC_GW		EC_P256_GW
#define EC_P256_REDC	/* the specialised reduction mod p (64-bit limbs) */
#define EC_C_P { L64(0xffffffffffffffffull), L64(0x00000000ffffffffull), L64(0x0000000000000000ull), L64(0xffffffff00000001ull) }
#define EC_C_N { L64(0xf3b9cac2fc632551ull), L64(0xbce6faada7179e84ull), L64(0xffffffffffffffffull), L64(0xffffffff00000000ull) }
#define EC_C_RR_P { L64(0x0000000000000003ull), L64(0xfffffffbffffffffull), L64(0xfffffffffffffffeull), L64(0x00000004fffffffdull) }
#define EC_C_RR_N { L64(0x83244c95be79eea2ull), L64(0x4699799c49bd6fa6ull), L64(0x2845b2392b6bec59ull), L64(0x66e12d94f3d95620ull) }
#define EC_C_ONE { L64(0x0000000000000001ull), L64(0xffffffff00000000ull), L64(0xffffffffffffffffull), L64(0x00000000fffffffeull) }
#define EC_C_B { L64(0xd89cdf6229c4bddfull), L64(0xacf005cd78843090ull), L64(0xe5a220abf7212ed6ull), L64(0xdc30061d04874834ull) }
#define EC_C_PM2 { L64(0xfffffffffffffffdull), L64(0x00000000ffffffffull), L64(0x0000000000000000ull), L64(0xffffffff00000001ull) }
#define EC_C_NM2 { L64(0xf3b9cac2fc63254full), L64(0xbce6faada7179e84ull), L64(0xffffffffffffffffull), L64(0xffffffff00000000ull) }
#define EC_C_SQRT { L64(0x0000000000000000ull), L64(0x0000000040000000ull), L64(0x4000000000000000ull), L64(0x3fffffffc0000000ull) }
#define EC_C_P0I 0x0000000000000001ull
#define EC_C_N0I 0xccd1c8aaee00bc4full
#define EC_C_ORDER_BE { \
	0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff,\
	0xff, 0xff, 0xff, 0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84,\
	0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51 }

#include "ec_impl.h"
