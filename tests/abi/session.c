// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/abi/session.c - part of build/tests/abi (see tests/abi/main.c):
 * sessions (NCRIO_SESSION_INIT, UPDATE, FINAL, ONCE, FREE): a failed
 * update, invalid parameters, VERIFY results and lengths, and the
 * version-2 mac_size of SESSION_ONCE.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "abi.h"

/*
 * A failed update that processed nothing (input unreadable from its first
 * byte, short output: ERANGE) changes nothing: the session continues as
 * if it had not happened.  One that faults after processing (output not
 * writable) leaves the session failed: EIO until FINAL/FREE release it.
 */
void test_update_no_side_effects(void)
{
	static const char *const kinds[] = {
		"a bad input pointer", "16 bytes of output room for 32",
	};
	static const int wants[] = { -EFAULT, -ERANGE };
	uint8_t in[64], out[128], ref[64];

	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)(i * 7 + 1);
	ref_cipher(NCR_ALG_AES_CBC, 1, key16, 16, iv16, in, 64, ref);
	for (int k = 0; k < 2; k++) {
		struct ncr_session_op o;
		uint32_t ses = cbc_session(1);
		size_t got = 0;
		int r;

		if (k == 0)
			op_init(&o, ses, (void *)(uintptr_t)1, 32, out, 64);
		else
			op_init(&o, ses, in, 32, out, 16);
		r = call(NCRIO_SESSION_UPDATE, &o);
		expect(r, wants[k], NULL, "CBC update with %s", kinds[k]);
		if (k == 1)
			report(o.output_size == 32, "update ERANGE wrote back "
			       "the size needed (%llu, want 32)",
			       (unsigned long long)o.output_size);
		op_init(&o, ses, in, 32, out, sizeof(out));
		r = call(NCRIO_SESSION_UPDATE, &o);
		if (!r)
			got = o.output_size;
		op_init(&o, ses, in + 32, 32, out + got, sizeof(out) - got);
		r = r ? r : call(NCRIO_SESSION_FINAL, &o);
		if (!r)
			got += o.output_size;
		report(!r && got == 64 && !memcmp(out, ref, 64), "after the "
		       "update with %s the session still gives AES-CBC of the "
		       "whole message (%s, %zu bytes)", kinds[k], errname(r),
		       got);
		if (r)
			sfree(ses);
	}
	/* output not writable: the data were processed, the session fails */
	{
		struct ncr_session_op o;
		uint32_t ses = cbc_session(1);
		struct live before;
		int r;

		op_init(&o, ses, in, 32, (void *)(uintptr_t)BAD_KERNEL_PTR, 64);
		r = call(NCRIO_SESSION_UPDATE, &o);
		expect(r, -EFAULT, NULL, "CBC update with a bad output pointer");
		op_init(&o, ses, in, 32, out, sizeof(out));
		r = call(NCRIO_SESSION_UPDATE, &o);
		expect(r, -EIO, NULL, "the next update of the failed session");
		before = live_now();
		before.sessions--;
		op_init(&o, ses, in, 32, out, sizeof(out));
		r = call(NCRIO_SESSION_FINAL, &o);
		expect(r, -EIO, &before, "final of the failed session releases "
		       "it");
		expect(sfree(ses), -ENOENT, NULL, "the failed session is gone "
		       "after final");
		ses = cbc_session(1);
		op_init(&o, ses, in, 32, (void *)(uintptr_t)BAD_KERNEL_PTR, 64);
		call(NCRIO_SESSION_UPDATE, &o);
		expect(sfree(ses), 0, NULL, "free releases a failed session");
	}
}

struct sp {
	uint32_t alg, op;
	uint32_t key;		/* filled at run time by kind */
	uint32_t iv_size, tag_size;
	const char *what;
};

void test_session_params(void)
{
	uint32_t k_xts = 0, k_aes512 = 0, k_chacha = 0, k_des3 = 0;
	uint32_t k_hmac_short = 0, k_aes256 = 0;
	uint8_t iv[64] = { 0 };
	struct live before;
	uint32_t ses;
	int r;

	/* a 256-bit XTS key (XTS only), a 256-bit AES key for the other
	 * modes, a 512-bit (XTS) key: every usage, its default set */
	r = genx(NCR_KEY_TYPE_AES, 256, 0, NCR_KEY_USAGE_ENCRYPT |
		 NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_AES_XTS, &k_xts);
	r = r ?: genx(NCR_KEY_TYPE_AES, 256, 0, NCR_KEY_USAGE_ALL, AES_ALGS,
		      &k_aes256);
	r = r ?: gen(NCR_KEY_TYPE_AES, 512, 0, NCR_KEY_USAGE_ALL, &k_aes512);
	r = r ?: genx(NCR_KEY_TYPE_CHACHA20, 256, 0, NCR_KEY_USAGE_ALL,
		      NCR_KEY_ALG_CHACHA20 | NCR_KEY_ALG_CHACHA20_POLY1305,
		      &k_chacha);
	r = r ?: gen(NCR_KEY_TYPE_DES3, 192, 0, NCR_KEY_USAGE_ALL, &k_des3);
	r = r ?: gen(NCR_KEY_TYPE_HMAC, 64, 0, NCR_KEY_USAGE_ALL,
		     &k_hmac_short);
	report_err(r, 0, "the keys of the session parameter checks");

	const struct sp cases[] = {
		{ 0, NCR_OP_ENCRYPT, k_aes, 16, 0, "algorithm 0" },
		{ 7, NCR_OP_ENCRYPT, k_aes, 16, 0, "algorithm 7" },
		{ 15, NCR_OP_ENCRYPT, k_aes, 16, 0, "algorithm 15" },
		{ 19, NCR_OP_ENCRYPT, k_aes, 12, 0, "algorithm 19" },
		{ 31, NCR_OP_SIGN, 0, 0, 0, "algorithm 31" },
		{ 40, NCR_OP_SIGN, 0, 0, 0, "algorithm 40" },
		{ 56, NCR_OP_SIGN, k_hmac, 0, 0, "algorithm 56" },
		{ 0xffffffffu, NCR_OP_SIGN, 0, 0, 0, "algorithm 0xffffffff" },
		{ NCR_ALG_AES_CBC, 0, k_aes, 16, 0, "op 0" },
		{ NCR_ALG_AES_CBC, 5, k_aes, 16, 0, "op 5" },
		{ NCR_ALG_AES_CBC, 0xffffffffu, k_aes, 16, 0, "op 0xffffffff" },
		{ NCR_ALG_AES_CBC, NCR_OP_SIGN, k_aes, 16, 0, "cipher with SIGN" },
		{ NCR_ALG_AES_GCM, NCR_OP_VERIFY, k_aes, 12, 0,
		  "AEAD with VERIFY" },
		{ NCR_ALG_SHA256, NCR_OP_ENCRYPT, 0, 0, 0,
		  "digest with ENCRYPT" },
		{ NCR_ALG_HMAC_SHA256, NCR_OP_DECRYPT, k_hmac, 0, 0,
		  "MAC with DECRYPT" },
		/* IV sizes */
		{ NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k_aes, 0, 0, "CBC iv 0" },
		{ NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k_aes, 15, 0, "CBC iv 15" },
		{ NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k_aes, 17, 0, "CBC iv 17" },
		{ NCR_ALG_AES_CTR, NCR_OP_ENCRYPT, k_aes, 12, 0, "CTR iv 12" },
		{ NCR_ALG_AES_ECB, NCR_OP_ENCRYPT, k_aes, 16, 0, "ECB iv 16" },
		{ NCR_ALG_AES_XTS, NCR_OP_ENCRYPT, k_xts, 8, 0, "XTS iv 8" },
		{ NCR_ALG_DES3_CBC, NCR_OP_ENCRYPT, k_des3, 16, 0,
		  "DES3-CBC iv 16" },
		{ NCR_ALG_CHACHA20, NCR_OP_ENCRYPT, k_chacha, 12, 0,
		  "ChaCha20 iv 12" },
		{ NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, k_aes, 16, 0, "GCM iv 16" },
		{ NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, k_aes, 8, 0, "GCM iv 8" },
		{ NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, k_aes, 0, 0, "GCM iv 0" },
		{ NCR_ALG_AES_CCM, NCR_OP_ENCRYPT, k_aes, 6, 0, "CCM iv 6" },
		{ NCR_ALG_AES_CCM, NCR_OP_ENCRYPT, k_aes, 14, 0, "CCM iv 14" },
		{ NCR_ALG_CHACHA20_POLY1305, NCR_OP_ENCRYPT, k_chacha, 8, 0,
		  "ChaCha20-Poly1305 iv 8" },
		{ NCR_ALG_SHA256, NCR_OP_SIGN, 0, 16, 0, "digest with iv 16" },
		{ NCR_ALG_HMAC_SHA256, NCR_OP_SIGN, k_hmac, 16, 0,
		  "MAC with iv 16" },
		/* tag sizes */
		{ NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, k_aes, 12, 3, "GCM tag 3" },
		{ NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, k_aes, 12, 5, "GCM tag 5" },
		{ NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, k_aes, 12, 11, "GCM tag 11" },
		{ NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, k_aes, 12, 17, "GCM tag 17" },
		{ NCR_ALG_AES_CCM, NCR_OP_ENCRYPT, k_aes, 12, 2, "CCM tag 2" },
		{ NCR_ALG_AES_CCM, NCR_OP_ENCRYPT, k_aes, 12, 5, "CCM tag 5" },
		{ NCR_ALG_AES_CCM, NCR_OP_ENCRYPT, k_aes, 12, 15, "CCM tag 15" },
		{ NCR_ALG_AES_CCM, NCR_OP_ENCRYPT, k_aes, 12, 18, "CCM tag 18" },
		{ NCR_ALG_CHACHA20_POLY1305, NCR_OP_ENCRYPT, k_chacha, 12, 12,
		  "ChaCha20-Poly1305 tag 12" },
		{ NCR_ALG_HMAC_SHA256, NCR_OP_SIGN, k_hmac, 0, 3,
		  "HMAC-SHA256 tag 3" },
		{ NCR_ALG_HMAC_SHA256, NCR_OP_SIGN, k_hmac, 0, 9,
		  "HMAC-SHA256 tag 9 (under the 10-byte minimum)" },
		{ NCR_ALG_HMAC_SHA256, NCR_OP_VERIFY, k_hmac, 0, 9,
		  "HMAC-SHA256 verify, tag 9" },
		{ NCR_ALG_HMAC_SHA256, NCR_OP_SIGN, k_hmac, 0, 10,
		  "HMAC-SHA256 tag 10 is fine" },
		{ NCR_ALG_CMAC_AES, NCR_OP_SIGN, k_aes, 0, 7,
		  "CMAC tag 7 (under the 8-byte minimum)" },
		{ NCR_ALG_CMAC_AES, NCR_OP_VERIFY, k_aes, 0, 4,
		  "CMAC verify, tag 4" },
		{ NCR_ALG_CMAC_AES, NCR_OP_VERIFY, k_aes, 0, 8,
		  "CMAC verify, tag 8 is fine" },
		{ NCR_ALG_HMAC_SHA256, NCR_OP_SIGN, k_hmac, 0, 33,
		  "HMAC-SHA256 tag 33" },
		{ NCR_ALG_CMAC_AES, NCR_OP_SIGN, k_aes, 0, 17, "CMAC tag 17" },
		{ NCR_ALG_SHA256, NCR_OP_SIGN, 0, 0, 16, "SHA-256 tag 16" },
		{ NCR_ALG_SHA256, NCR_OP_SIGN, 0, 0, 33, "SHA-256 tag 33" },
		/* key type mismatches */
		{ NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k_hmac, 16, 0,
		  "AES-CBC with an HMAC key" },
		{ NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k_chacha, 16, 0,
		  "AES-CBC with a ChaCha20 key" },
		{ NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k_des3, 16, 0,
		  "AES-CBC with a DES3 key" },
		{ NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k_aes512, 16, 0,
		  "AES-CBC with a 512-bit (XTS) AES key [EPERM: not in its set]" },
		{ NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, k_aes256, 12, 0,
		  "AES-GCM with a 256-bit key is fine" },
		{ NCR_ALG_AES_XTS, NCR_OP_ENCRYPT, k_xts, 16, 0,
		  "AES-XTS with a 256-bit XTS key is fine" },
		{ NCR_ALG_AES_XTS, NCR_OP_ENCRYPT, k_aes512, 16, 0,
		  "AES-XTS with a 512-bit key is fine" },
		{ NCR_ALG_AES_XTS, NCR_OP_ENCRYPT, k_aes, 16, 0,
		  "AES-XTS with a 128-bit key [EPERM: not in its set]" },
		{ NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, k_chacha, 12, 0,
		  "AES-GCM with a ChaCha20 key" },
		{ NCR_ALG_CHACHA20_POLY1305, NCR_OP_ENCRYPT, k_aes, 12, 0,
		  "ChaCha20-Poly1305 with an AES key" },
		{ NCR_ALG_DES3_CBC, NCR_OP_ENCRYPT, k_aes, 8, 0,
		  "DES3-CBC with an AES key" },
		{ NCR_ALG_HMAC_SHA256, NCR_OP_SIGN, k_aes, 0, 0,
		  "HMAC with an AES key" },
		{ NCR_ALG_CMAC_AES, NCR_OP_SIGN, k_hmac, 0, 0,
		  "CMAC with an HMAC key" },
		{ NCR_ALG_CMAC_AES, NCR_OP_SIGN, k_aes512, 0, 0,
		  "CMAC with a 512-bit AES key [EPERM: not in its set]" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct sp *c = &cases[i];
		/* ncr.h: the key's type (EINVAL), then its usage and set
		 * (EPERM), then its length (EINVAL): a wrong length is
		 * never in the set, so EPERM */
		int want = strstr(c->what, "is fine") ? 0 :
			   strstr(c->what, "[EPERM") ? -EPERM : -EINVAL;

		before = live_now();
		ses = 0;
		r = sinit(c->alg, c->op, c->key, iv, c->iv_size, c->tag_size,
			  &ses);
		expect(r, want, &before, "session init: %s", c->what);
		if (!r)
			sfree(ses);
		/* the same through once */
		{
			struct ncr_session_once o = {
				.size = sizeof(o), .algorithm = c->alg,
				.op = c->op, .key = c->key,
				.iv = PTR64(iv), .iv_size = c->iv_size,
				.input = PTR64(buf_in), .input_size = 16,
				.output = PTR64(buf_out), .output_size = 64,
				.tag = PTR64(buf_tag),
				.tag_size = c->tag_size ? c->tag_size : 64 };

			if (c->op != NCR_OP_SIGN && c->op != NCR_OP_VERIFY &&
			    c->alg != NCR_ALG_AES_GCM &&
			    c->alg != NCR_ALG_AES_CCM &&
			    c->alg != NCR_ALG_CHACHA20_POLY1305)
				o.tag_size = 0;
			if (want == 0)
				continue;
			/* in once, tag_size of a digest or MAC is the
			 * capacity (SIGN) or the expected value's length
			 * (VERIFY), not a truncation: tested elsewhere */
			if ((c->op == NCR_OP_SIGN || c->op == NCR_OP_VERIFY) &&
			    c->tag_size)
				continue;
			before = live_now();
			r = call(NCRIO_SESSION_ONCE, &o);
			expect(r, want, &before, "once: %s", c->what);
		}
	}
	/* AAD in once op_flags is not allowed (KEY_DATA only) */
	{
		struct ncr_session_once o = {
			.size = sizeof(o), .algorithm = NCR_ALG_AES_GCM,
			.op = NCR_OP_ENCRYPT, .key = k_aes,
			.op_flags = NCR_OP_FLAG_AAD, .iv = PTR64(iv),
			.iv_size = 12, .input = PTR64(buf_in),
			.input_size = 16, .output = PTR64(buf_out),
			.output_size = 64, .tag = PTR64(buf_tag),
			.tag_size = 16 };

		before = live_now();
		r = call(NCRIO_SESSION_ONCE, &o);
		expect(r, -EINVAL, &before, "once with op_flags AAD");
	}
	/* once: AAD only for AEADs */
	{
		struct ncr_session_once o = {
			.size = sizeof(o), .algorithm = NCR_ALG_AES_CTR,
			.op = NCR_OP_ENCRYPT, .key = k_aes, .iv = PTR64(iv),
			.iv_size = 16, .input = PTR64(buf_in),
			.input_size = 16, .output = PTR64(buf_out),
			.output_size = 64, .aad = PTR64(buf_in),
			.aad_size = 8 };

		before = live_now();
		r = call(NCRIO_SESSION_ONCE, &o);
		expect(r, -EINVAL, &before, "once AES-CTR with AAD");
		o.algorithm = NCR_ALG_SHA256;
		o.op = NCR_OP_SIGN;
		o.key = 0;
		o.iv = 0;
		o.iv_size = 0;
		o.output = 0;
		o.output_size = 0;
		o.tag = PTR64(buf_tag);
		o.tag_size = 32;
		r = call(NCRIO_SESSION_ONCE, &o);
		expect(r, -EINVAL, &before, "once SHA-256 with AAD");
	}
	/* AAD after data */
	if (!sinit(NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, k_aes, iv, 12, 0, &ses)) {
		struct ncr_session_op o;

		op_init(&o, ses, buf_in, 16, buf_out, 64);
		r = call(NCRIO_SESSION_UPDATE, &o);
		expect(r, 0, NULL, "GCM update with data");
		op_init(&o, ses, buf_in, 16, NULL, 0);
		o.flags = NCR_OP_FLAG_AAD;
		r = call(NCRIO_SESSION_UPDATE, &o);
		expect(r, -EINVAL, NULL, "GCM AAD after data");
		sfree(ses);
	}
	/* partial blocks at final */
	{
		static const struct {
			uint32_t alg, key, iv, len;
			const char *what;
		} pb[] = {
			{ NCR_ALG_AES_CBC, 0, 16, 17, "AES-CBC final with 17 bytes" },
			{ NCR_ALG_AES_ECB, 0, 0, 8, "AES-ECB final with 8 bytes" },
			{ NCR_ALG_DES3_CBC, 1, 8, 12,
			  "DES3-CBC final with 12 bytes" },
			{ NCR_ALG_AES_XTS, 2, 16, 15, "AES-XTS final with 15 bytes" },
		};

		for (size_t i = 0; i < ARRAY_SIZE(pb); i++) {
			uint32_t k = pb[i].key == 0 ? k_aes :
				     pb[i].key == 1 ? k_des3 : k_xts;
			struct ncr_session_op o;

			if (sinit(pb[i].alg, NCR_OP_ENCRYPT, k, iv, pb[i].iv, 0,
				  &ses)) {
				report(0, "%s: session init failed", pb[i].what);
				continue;
			}
			before = live_now();
			before.sessions--;
			op_init(&o, ses, buf_in, pb[i].len, buf_out, 64);
			r = call(NCRIO_SESSION_FINAL, &o);
			expect(r, -EINVAL, &before, "%s, session freed",
			       pb[i].what);
			expect(sfree(ses), -ENOENT, NULL,
			       "%s: the failed final freed the session",
			       pb[i].what);
			{
				struct ncr_session_once once = {
					.size = sizeof(once),
					.algorithm = pb[i].alg,
					.op = NCR_OP_ENCRYPT, .key = k,
					.iv = PTR64(iv), .iv_size = pb[i].iv,
					.input = PTR64(buf_in),
					.input_size = pb[i].len,
					.output = PTR64(buf_out),
					.output_size = 64 };

				before = live_now();
				r = call(NCRIO_SESSION_ONCE, &once);
				expect(r, -EINVAL, &before, "once: %s",
				       pb[i].what);
			}
		}
	}
	kdel(k_xts);
	kdel(k_aes256);
	kdel(k_aes512);
	kdel(k_chacha);
	kdel(k_des3);
	kdel(k_hmac_short);
}

/* ------------------------------------------------------------ verify */

void test_verify(void)
{
	uint8_t msg[40], mac[NCR_MAX_TAG], bad[32];
	size_t n;
	uint32_t ses;
	int r;

	memset(msg, 0x61, sizeof(msg));
	/* k_hmac holds buf_in[0..31] */
	ref_mac(NCR_ALG_HMAC_SHA256, buf_in, 32, msg, sizeof(msg), mac, &n);
	memcpy(bad, mac, 32);
	bad[31] ^= 1;

	for (int variant = 0; variant < 4; variant++) {
		const uint8_t *tag = variant == 1 ? bad : mac;
		uint32_t tl = variant == 2 ? 31 : 32;
		int want = variant == 0 ? NCR_VERIFY_OK : NCR_VERIFY_FAILED;
		const char *what = variant == 0 ? "right MAC" :
				   variant == 1 ? "wrong MAC" :
				   variant == 2 ? "MAC with wrong tag_size 31" :
				   "MAC of another message";
		struct ncr_session_op o;

		if (sinit(NCR_ALG_HMAC_SHA256, NCR_OP_VERIFY, k_hmac, NULL, 0, 0,
			  &ses)) {
			report(0, "verify session init");
			continue;
		}
		op_init(&o, ses, msg, variant == 3 ? 39 : 40, NULL, 0);
		o.tag = PTR64(tag);
		o.tag_size = tl;
		r = call(NCRIO_SESSION_FINAL, &o);
		report(!r && o.result == (uint32_t)want, "verify session, %s: "
		       "ioctl %s, result %u (want %d)", what, errname(r),
		       o.result, want);

		{
			struct ncr_session_once once = {
				.size = sizeof(once),
				.algorithm = NCR_ALG_HMAC_SHA256,
				.op = NCR_OP_VERIFY, .key = k_hmac,
				.input = PTR64(msg),
				.input_size = variant == 3 ? 39 : 40,
				.tag = PTR64(tag), .tag_size = tl };

			/* in once, tag_size 31 is the length of the value
			 * received, not a truncation the sender may pick:
			 * without mac_size the whole MAC is compared */
			r = call(NCRIO_SESSION_ONCE, &once);
			report(!r && once.result == (uint32_t)want,
			       "verify once, %s: ioctl %s, result %u (want %d)",
			       what, errname(r), once.result, want);
		}
	}
}

/*
 * Once VERIFY: tag_size is the length of the value received.  Without
 * mac_size (and with the version 0 and 1 structures, which have none) a
 * MAC or digest is compared at its full length: any other length is a
 * failed verification, never a shorter comparison.
 */
void test_verify_lengths(void)
{
	static const struct {
		uint32_t alg, len;
		int want;
	} cases[] = {
		{ NCR_ALG_HMAC_SHA256, 32, NCR_VERIFY_OK },
		{ NCR_ALG_HMAC_SHA256, 4, NCR_VERIFY_FAILED },
		{ NCR_ALG_HMAC_SHA256, 10, NCR_VERIFY_FAILED },
		{ NCR_ALG_HMAC_SHA256, 16, NCR_VERIFY_FAILED },
		{ NCR_ALG_HMAC_SHA256, 31, NCR_VERIFY_FAILED },
		{ NCR_ALG_HMAC_SHA256, 3, NCR_VERIFY_FAILED },
		{ NCR_ALG_HMAC_SHA256, 33, NCR_VERIFY_FAILED },
		{ NCR_ALG_HMAC_SHA256, 0, NCR_VERIFY_FAILED },
		{ NCR_ALG_CMAC_AES, 16, NCR_VERIFY_OK },
		{ NCR_ALG_CMAC_AES, 8, NCR_VERIFY_FAILED },
		{ NCR_ALG_SHA256, 32, NCR_VERIFY_OK },
		{ NCR_ALG_SHA256, 16, NCR_VERIFY_FAILED },
		{ NCR_ALG_SHA256, 33, NCR_VERIFY_FAILED },
	};
	static const uint32_t sizes[] = {
		NCR_SESSION_ONCE_SIZE_VER0, NCR_SESSION_ONCE_SIZE_VER1,
		NCR_SESSION_ONCE_SIZE_VER2,
	};
	uint8_t want[NCR_MAX_TAG];
	size_t n;

	for (size_t v = 0; v < ARRAY_SIZE(sizes); v++) {
		int bad = 0;

		for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
			uint32_t alg = cases[i].alg;
			int mac = alg != NCR_ALG_SHA256;
			struct ncr_session_once o = {
				.size = sizes[v], .algorithm = alg,
				.op = NCR_OP_VERIFY,
				.key = !mac ? 0 : alg == NCR_ALG_CMAC_AES ?
				       k_aes : k_hmac,
				.input = PTR64(buf_in), .input_size = 77,
				.tag = PTR64(want), .tag_size = cases[i].len,
				.result = 0xdead };
			int r;

			memset(want, 0, sizeof(want));
			if (alg == NCR_ALG_CMAC_AES)
				ref_mac(alg, key16, 16, buf_in, 77, want, &n);
			else if (mac)
				ref_mac(alg, buf_in, 32, buf_in, 77, want, &n);
			else
				ref_digest(alg, buf_in, 77, want, &n);
			r = call(NCRIO_SESSION_ONCE, &o);
			if (r || o.result != (uint32_t)cases[i].want) {
				bad++;
				tap_diag("size %u: %s with a %u-byte value: %s, "
					 "result %u (want %d)", sizes[v],
					 talg_name(alg), cases[i].len,
					 errname(r), o.result, cases[i].want);
			}
		}
		report(!bad, "verify once (size %u, no mac_size): HMAC, CMAC "
		       "and SHA-256 values verify only at their full length "
		       "(%zu lengths, %d wrong)", sizes[v], ARRAY_SIZE(cases),
		       bad);
	}
}

/* ------------------------------------- SESSION_ONCE version 2: mac_size */

static int mac_once(uint32_t alg, uint32_t op, uint32_t key, uint32_t mac_size,
		    const void *tag, uint32_t tag_size,
		    struct ncr_session_once *o)
{
	memset(o, 0, sizeof(*o));
	o->size = sizeof(*o);
	o->algorithm = alg;
	o->op = op;
	o->key = key;
	o->input = PTR64(buf_in);
	o->input_size = 77;
	o->tag = PTR64(tag);
	o->tag_size = tag_size;
	o->mac_size = mac_size;
	o->result = 0xdead;
	return call(NCRIO_SESSION_ONCE, o);
}

void test_mac_size(void)
{
	uint8_t hfull[64], cfull[16], out[NCR_MAX_TAG + 8], t[NCR_MAX_TAG];
	struct ncr_session_once o;
	struct live before;
	size_t n;
	int r;

	/* k_hmac holds buf_in[0..31], k_aes key16 */
	ref_mac(NCR_ALG_HMAC_SHA256, buf_in, 32, buf_in, 77, hfull, &n);
	ref_mac(NCR_ALG_CMAC_AES, key16, 16, buf_in, 77, cfull, &n);

	/* not a MAC: EINVAL */
	{
		struct ncr_session_once x = {
			.size = sizeof(x), .algorithm = NCR_ALG_SHA256,
			.op = NCR_OP_SIGN, .input = PTR64(buf_in),
			.input_size = 77, .tag = PTR64(out), .tag_size = 64,
			.mac_size = 16 };

		before = live_now();
		expect(call(NCRIO_SESSION_ONCE, &x), -EINVAL, &before,
		       "once SHA-256 with mac_size 16");
		x.op = NCR_OP_VERIFY;
		x.tag_size = 16;
		expect(call(NCRIO_SESSION_ONCE, &x), -EINVAL, &before,
		       "once SHA-256 verify with mac_size 16");
		x.algorithm = NCR_ALG_AES_GCM;
		x.op = NCR_OP_ENCRYPT;
		x.key = k_aes;
		x.iv = PTR64(iv16);
		x.iv_size = 12;
		x.output = PTR64(buf_out);
		x.output_size = 128;
		expect(call(NCRIO_SESSION_ONCE, &x), -EINVAL, &before,
		       "once AES-GCM with mac_size 16");
		x.algorithm = NCR_ALG_AES_CTR;
		x.iv_size = 16;
		x.tag = 0;
		x.tag_size = 0;
		x.mac_size = 10;
		expect(call(NCRIO_SESSION_ONCE, &x), -EINVAL, &before,
		       "once AES-CTR with mac_size 10");
		x.algorithm = 0x7777;
		expect(call(NCRIO_SESSION_ONCE, &x), -EINVAL, &before,
		       "once with an unknown algorithm and mac_size 10");
	}
	/* lengths */
	{
		static const struct {
			uint32_t alg, mac_size;
			int want;
		} c[] = {
			{ NCR_ALG_HMAC_SHA256, 1, -EINVAL },
			{ NCR_ALG_HMAC_SHA256, 4, -EINVAL },
			{ NCR_ALG_HMAC_SHA256, 8, -EINVAL },
			{ NCR_ALG_HMAC_SHA256, 9, -EINVAL },
			{ NCR_ALG_HMAC_SHA256, 10, 0 },
			{ NCR_ALG_HMAC_SHA256, 16, 0 },
			{ NCR_ALG_HMAC_SHA256, 32, 0 },
			{ NCR_ALG_HMAC_SHA256, 33, -EINVAL },
			{ NCR_ALG_HMAC_SHA256, 0xffffffffu, -EINVAL },
			{ NCR_ALG_HMAC_SHA512, 64, 0 },
			{ NCR_ALG_HMAC_SHA512, 65, -EINVAL },
			{ NCR_ALG_HMAC_SHA1, 10, 0 },
			{ NCR_ALG_HMAC_SHA1, 21, -EINVAL },
			{ NCR_ALG_CMAC_AES, 4, -EINVAL },
			{ NCR_ALG_CMAC_AES, 7, -EINVAL },
			{ NCR_ALG_CMAC_AES, 8, 0 },
			{ NCR_ALG_CMAC_AES, 16, 0 },
			{ NCR_ALG_CMAC_AES, 17, -EINVAL },
		};

		for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
			int cmac = c[i].alg == NCR_ALG_CMAC_AES;
			uint8_t ref[64];

			if (cmac)
				memcpy(ref, cfull, 16);
			else
				ref_mac(c[i].alg, buf_in, 32, buf_in, 77, ref,
					&n);
			memset(out, 0xee, sizeof(out));
			before = live_now();
			r = mac_once(c[i].alg, NCR_OP_SIGN, cmac ? k_aes :
				     k_hmac, c[i].mac_size, out, sizeof(out),
				     &o);
			if (c[i].want) {
				expect(r, c[i].want, &before, "once %s SIGN "
				       "with mac_size %u",
				       talg_name(c[i].alg), c[i].mac_size);
				continue;
			}
			report(!r && o.tag_size == c[i].mac_size &&
			       !memcmp(out, ref, c[i].mac_size) &&
			       out[c[i].mac_size] == 0xee,
			       "once %s SIGN with mac_size %u: that many "
			       "bytes of the MAC, nothing after (%s, "
			       "tag_size %u)", talg_name(c[i].alg),
			       c[i].mac_size, errname(r), o.tag_size);
			r = mac_once(c[i].alg, NCR_OP_VERIFY, cmac ? k_aes :
				     k_hmac, c[i].mac_size, ref,
				     c[i].mac_size, &o);
			report(!r && o.result == NCR_VERIFY_OK,
			       "once %s VERIFY with mac_size %u of those "
			       "bytes: OK (%s, %u)", talg_name(c[i].alg),
			       c[i].mac_size, errname(r), o.result);
		}
	}
	/* SIGN: tag_size is the capacity */
	before = live_now();
	r = mac_once(NCR_ALG_HMAC_SHA256, NCR_OP_SIGN, k_hmac, 12, out, 11, &o);
	report(r == -ERANGE && o.tag_size == 12, "once HMAC SIGN, mac_size "
	       "12 into 11 bytes: ERANGE with tag_size 12 (%s, %u)",
	       errname(r), o.tag_size);
	/* VERIFY accepts exactly mac_size bytes */
	{
		static const struct {
			uint32_t mac_size, len;
			int flip;	/* change byte 0 */
			int want;
			const char *what;
		} v[] = {
			{ 12, 12, 0, NCR_VERIFY_OK, "the 12 bytes" },
			{ 12, 12, 1, NCR_VERIFY_FAILED, "12 bytes, one wrong" },
			{ 12, 11, 0, NCR_VERIFY_FAILED, "11 bytes (shorter)" },
			{ 12, 13, 0, NCR_VERIFY_FAILED, "13 bytes (longer)" },
			{ 12, 32, 0, NCR_VERIFY_FAILED, "the whole MAC" },
			{ 12, 10, 0, NCR_VERIFY_FAILED,
			  "10 bytes (the minimum, but not mac_size)" },
			{ 12, 0, 0, NCR_VERIFY_FAILED, "nothing" },
			{ 0, 32, 0, NCR_VERIFY_OK,
			  "mac_size 0: the whole MAC" },
			{ 0, 12, 0, NCR_VERIFY_FAILED,
			  "mac_size 0: 12 bytes" },
			{ 32, 32, 0, NCR_VERIFY_OK,
			  "mac_size 32: the whole MAC" },
		};

		for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
			memcpy(t, hfull, 32);
			memset(t + 32, 0, sizeof(t) - 32);
			if (v[i].flip)
				t[0] ^= 1;
			r = mac_once(NCR_ALG_HMAC_SHA256, NCR_OP_VERIFY,
				     k_hmac, v[i].mac_size, t, v[i].len, &o);
			report(!r && o.result == (uint32_t)v[i].want,
			       "once HMAC-SHA256 VERIFY, mac_size %u, %s: "
			       "result %u (want %d, %s)", v[i].mac_size,
			       v[i].what, o.result, v[i].want, errname(r));
		}
		r = mac_once(NCR_ALG_CMAC_AES, NCR_OP_VERIFY, k_aes, 8, cfull,
			     16, &o);
		report(!r && o.result == NCR_VERIFY_FAILED, "once CMAC VERIFY, "
		       "mac_size 8, the whole 16-byte MAC: FAILED (%s)",
		       errname(r));
		r = mac_once(NCR_ALG_CMAC_AES, NCR_OP_VERIFY, k_aes, 8, cfull,
			     8, &o);
		report(!r && o.result == NCR_VERIFY_OK, "once CMAC VERIFY, "
		       "mac_size 8, 8 bytes: OK (%s)", errname(r));
		before = live_now();
		r = mac_once(NCR_ALG_HMAC_SHA256, NCR_OP_VERIFY, k_hmac, 9,
			     hfull, 9, &o);
		expect(r, -EINVAL, &before, "once HMAC VERIFY with mac_size 9");
		r = mac_once(NCR_ALG_CMAC_AES, NCR_OP_VERIFY, k_aes, 7, cfull,
			     7, &o);
		expect(r, -EINVAL, &before, "once CMAC VERIFY with mac_size 7");
	}
	/* the same through a session: tag_size at init */
	{
		static const struct {
			uint32_t init, len;
			int want;
		} v[] = {
			{ 10, 10, NCR_VERIFY_OK }, { 10, 32, NCR_VERIFY_FAILED },
			{ 10, 11, NCR_VERIFY_FAILED },
			{ 10, 9, NCR_VERIFY_FAILED },
			{ 0, 32, NCR_VERIFY_OK }, { 0, 10, NCR_VERIFY_FAILED },
		};

		for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
			struct ncr_session_op f;
			uint32_t ses;

			r = sinit(NCR_ALG_HMAC_SHA256, NCR_OP_VERIFY, k_hmac,
				  NULL, 0, v[i].init, &ses);
			if (r) {
				report_err(r, 0, "HMAC verify session, "
					   "tag_size %u", v[i].init);
				continue;
			}
			op_init(&f, ses, buf_in, 77, NULL, 0);
			f.tag = PTR64(hfull);
			f.tag_size = v[i].len;
			f.result = 0xdead;
			r = call(NCRIO_SESSION_FINAL, &f);
			report(!r && f.result == (uint32_t)v[i].want,
			       "HMAC-SHA256 verify session with tag_size %u "
			       "at init, %u bytes at final: result %u (want "
			       "%d)", v[i].init, v[i].len, f.result,
			       v[i].want);
		}
		{
			struct ncr_session_op f;
			uint32_t ses;

			r = sinit(NCR_ALG_CMAC_AES, NCR_OP_SIGN, k_aes, NULL, 0,
				  8, &ses);
			if (!r) {
				memset(out, 0xee, sizeof(out));
				op_init(&f, ses, buf_in, 77, NULL, 0);
				f.tag = PTR64(out);
				f.tag_size = sizeof(out);
				r = call(NCRIO_SESSION_FINAL, &f);
			}
			report(!r && f.tag_size == 8 &&
			       !memcmp(out, cfull, 8) && out[8] == 0xee,
			       "CMAC sign session with tag_size 8: the first 8 "
			       "bytes of the MAC (%s)", errname(r));
		}
	}
}
