// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * args.c - libncr unit tests of the argument checks made before any
 * system call (on ctx -1, which would give -EBADF if a call were made),
 * and of opening a device that is missing or not ncr.
 */
#include <errno.h>

#include "unit.h"

/* Library calls that must fail before any system call on bad input. */
void test_arg_checks(void)
{
	uint8_t buf[64] = { 0 }, iv[16] = { 0 };
	size_t len;

	len = 15;
	ok(ncr_cbc_pad_encrypt(-1, NCR_ALG_AES_CBC, 1, iv, buf, 16, buf,
			       &len) == -ERANGE && len == 32,
	   "ncr_cbc_pad_encrypt reports the padded size with -ERANGE");
	len = 0;
	ok(ncr_cbc_pad_encrypt(-1, NCR_ALG_DES3_CBC, 1, iv, buf, 0, buf,
			       &len) == -ERANGE && len == 8,
	   "ncr_cbc_pad_encrypt: empty input still needs one block");
	len = sizeof(buf);
	ok(ncr_cbc_pad_encrypt(-1, NCR_ALG_AES_CTR, 1, iv, buf, 16, buf,
			       &len) == -EINVAL,
	   "ncr_cbc_pad_encrypt refuses non-CBC algorithms");
	len = sizeof(buf);
	ok(ncr_cbc_pad_decrypt(-1, NCR_ALG_AES_CBC, 1, iv, buf, 17, buf,
			       &len) == -EBADMSG &&
	   ncr_cbc_pad_decrypt(-1, NCR_ALG_AES_CBC, 1, iv, buf, 0, buf,
			       &len) == -EBADMSG,
	   "ncr_cbc_pad_decrypt rejects partial blocks as bad messages");
	len = 16;
	ok(ncr_digest(-1, NCR_ALG_SHA256, buf, 1, buf, &len) == -ERANGE &&
	   len == 32, "ncr_digest reports the digest size with -ERANGE");
	len = 0;
	ok(ncr_mac(-1, NCR_ALG_HMAC_SHA512, 1, buf, 1, buf, &len) == -ERANGE &&
	   len == 64, "ncr_mac with capacity 0 reports the full MAC size");
	len = 3;
	ok(ncr_mac(-1, NCR_ALG_CMAC_AES, 1, buf, 1, buf, &len) == -ERANGE &&
	   len == 16, "ncr_mac will not truncate a CMAC to 3 bytes");
	len = 7;
	ok(ncr_mac(-1, NCR_ALG_CMAC_AES, 1, buf, 1, buf, &len) == -ERANGE &&
	   len == 16, "ncr_mac will not truncate a CMAC below 8 bytes");
	len = 9;
	ok(ncr_mac(-1, NCR_ALG_HMAC_SHA256, 1, buf, 1, buf, &len) ==
	   -ERANGE && len == 32,
	   "ncr_mac will not truncate an HMAC below 10 bytes");
	ok(ncr_key_get_info(-1, 1, NULL) == -EINVAL,
	   "ncr_key_get_info needs an output");
	ok(ncr_session_free(-1, 1) == -EBADF,
	   "a closed ctx gives -EBADF");
}

/* Argument checks the library makes before any system call (ctx -1 would
 * give -EBADF if a call were made). */
void test_pk_arg_checks(void)
{
	struct ncr_pk_params pp = { .label_len = 4 };
	uint8_t buf[64] = { 0 };
	uint32_t h = 0;
	size_t len;

	ok(ncr_verify(-1, NCR_ALG_ECDSA, 1, NULL, buf, 1, buf, 0) ==
	   NCR_VERIFY_FAILED,
	   "ncr_verify: an empty signature fails without a system call");
	ok(ncr_verify(-1, NCR_ALG_ECDSA, 1, NULL, buf, 1, NULL, 8) == -EINVAL,
	   "ncr_verify: a NULL signature of non-zero length is -EINVAL");
	len = sizeof(buf);
	ok(ncr_sign(-1, NCR_ALG_RSA_PSS, 1, &pp, buf, 1, buf, &len) ==
	   -EINVAL, "ncr_sign: a label length without a label is -EINVAL");
	ok(ncr_sign(-1, NCR_ALG_RSA_PSS, 1, NULL, buf, 1, buf, NULL) ==
	   -EINVAL, "ncr_sign needs a signature length");
	len = 8;
	ok(ncr_sign(-1, NCR_ALG_RSA_PSS, 1, NULL, buf, 1, NULL, &len) ==
	   -EINVAL, "ncr_sign: a NULL buffer with a capacity is -EINVAL");
	len = 0;
	ok(ncr_sign(-1, NCR_ALG_RSA_PSS, 1, NULL, buf, 1, NULL, &len) ==
	   -EBADF, "ncr_sign with capacity 0 asks the kernel (size query)");
	ok(ncr_pk_encrypt(-1, NCR_ALG_RSA_OAEP, 1, NULL, buf, 1, buf, NULL) ==
	   -EINVAL &&
	   ncr_pk_decrypt(-1, NCR_ALG_RSA_OAEP, 1, NULL, buf, 1, buf, NULL) ==
	   -EINVAL, "ncr_pk_encrypt/decrypt need an output length");
	len = sizeof(buf);
	ok(ncr_pk_decrypt(-1, NCR_ALG_RSA_OAEP, 1, NULL, NULL, 5, buf, &len) ==
	   -EINVAL, "ncr_pk_decrypt: NULL input of non-zero length");
	ok(ncr_key_export_fmt(-1, 1, NCR_KEY_FORMAT_SPKI, buf, NULL) == -EINVAL,
	   "ncr_key_export_fmt needs a length");
	ok(ncr_key_derive(-1, NCR_ALG_X25519, 1, NULL, 0, NCR_KEY_TYPE_HMAC, 0,
			  NCR_KEY_USAGE_SIGN, &h) == -EINVAL,
	   "ncr_key_derive needs a peer value");
	ok(ncr_key_import_fmt(-1, NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_RAW, 256,
			      buf, 32, buf, NCR_KEY_LABEL_MAX + 1, 0,
			      NCR_KEY_USAGE_SIGN, &h) == -EINVAL,
	   "ncr_key_import_fmt refuses an over-long label");
	ok(ncr_key_generate_pair(-1, NCR_KEY_TYPE_DSA, 2048, 256, NULL, 10, 0,
				 NCR_KEY_USAGE_SIGN, 0, &h, &h) == -EINVAL,
	   "ncr_key_generate_pair: params length without params");
	ok(ncr_key_generate_pair(-1, NCR_KEY_TYPE_EC, 256, 0, NULL, 0, 0,
				 NCR_KEY_USAGE_SIGN, 0, &h, &h) == -EBADF &&
	   ncr_pk_session_init(-1, NCR_ALG_ECDSA, NCR_OP_SIGN, 1, NULL, &h) ==
	   -EBADF, "well-formed public-key calls reach the kernel");
}

void test_open(void)
{
	int fd;

	fd = ncr_open_device("/nonexistent/ncr-test-device");
	ok(fd == -ENODEV, "a missing device node is reported as -ENODEV");
	fd = ncr_open_device("/dev/null");
	if (fd >= 0) {
		struct ncr_info info;

		ok(ncr_get_info(fd, &info, NULL, NULL) == -ENOTTY,
		   "a non-ncr device answers -ENOTTY");
		ncr_close(fd);
	} else {
		ok(1, "# SKIP /dev/null not openable");
	}
}
