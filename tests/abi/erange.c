// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/abi/erange.c - part of build/tests/abi (see tests/abi/main.c):
 * ERANGE with the needed size written back (export, storage wrap, key
 * wrap, final, once), nothing consumed by the short call.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "abi.h"

/* ---------------------------------------------------------------- ERANGE */

void test_erange(void)
{
	struct live before;
	uint32_t key, ses;
	int r;

	/* export */
	if (!imp(NCR_KEY_TYPE_AES, key16, 16, NCR_KEY_FLAG_EXPORTABLE,
		 NCR_KEY_USAGE_ENCRYPT, &key)) {
		struct ncr_key_export e = { .size = sizeof(e), .key = key,
					    .data = PTR64(buf_out),
					    .data_size = 15 };

		r = call(NCRIO_KEY_EXPORT, &e);
		expect(r, -ERANGE, NULL, "export with 15 bytes of room");
		report(e.data_size == 16, "export ERANGE: data_size %u (want 16)",
		       e.data_size);
		e.data = 0;
		e.data_size = 0;
		r = call(NCRIO_KEY_EXPORT, &e);
		expect(r, -ERANGE, NULL, "export with no buffer");
		report(e.data_size == 16, "export ERANGE: data_size %u (want 16)",
		       e.data_size);
		e.data = PTR64(buf_out);
		e.data_size = 16;
		memset(buf_out, 0, 16);
		r = call(NCRIO_KEY_EXPORT, &e);
		report(!r && e.data_size == 16 && !memcmp(buf_out, key16, 16),
		       "export with exact room returns the key bytes (%s)",
		       errname(r));
		kdel(key);
	}
	/* storage wrap */
	if (master_set &&
	    !gen(NCR_KEY_TYPE_HMAC, 256, NCR_KEY_FLAG_STORABLE,
		 NCR_KEY_USAGE_SIGN, &key)) {
		struct ncr_key_storage st = { .size = sizeof(st), .key = key,
					      .blob = PTR64(buf_out),
					      .blob_size = 10 };
		uint32_t need;

		r = call(NCRIO_KEY_STORAGE_WRAP, &st);
		expect(r, -ERANGE, NULL, "storage wrap with 10 bytes of room");
		need = st.blob_size;
		report(need > 32 && need <= NCR_STORAGE_BLOB_MAX,
		       "storage wrap ERANGE: blob_size %u needed", need);
		st.blob_size = need;
		r = call(NCRIO_KEY_STORAGE_WRAP, &st);
		report(!r && st.blob_size == need, "storage wrap with the "
		       "needed room: %s, %u bytes", errname(r), st.blob_size);
		kdel(key);
	} else if (!master_set) {
		report_skip("master key not set", "storage wrap ERANGE");
	}
	/* key wrap: 20-byte key, RFC 5649 -> 32 bytes */
	if (!imp(NCR_KEY_TYPE_HMAC, buf_in, 20, NCR_KEY_FLAG_WRAPPABLE |
		 NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN, &key)) {
		struct ncr_key_wrap w = {
			.size = sizeof(w), .algorithm = NCR_WALG_AES_RFC5649,
			.wrapping_key = k_aes, .key = key,
			.data = PTR64(buf_out), .data_size = 31 };

		before = live_now();
		r = call(NCRIO_KEY_WRAP, &w);
		expect(r, -ERANGE, &before, "key wrap with 31 bytes of room");
		report(w.data_size == 32, "key wrap ERANGE: data_size %u "
		       "(want 32)", w.data_size);
		w.data = 0;
		w.data_size = 0;
		r = call(NCRIO_KEY_WRAP, &w);
		expect(r, -ERANGE, &before, "key wrap with no buffer");
		report(w.data_size == 32, "key wrap ERANGE: data_size %u "
		       "(want 32)", w.data_size);
		w.data = PTR64(buf_out);
		w.data_size = 32;
		r = call(NCRIO_KEY_WRAP, &w);
		report(!r && w.data_size == 32, "key wrap with exact room: %s, "
		       "%u bytes", errname(r), w.data_size);
		w.algorithm = NCR_WALG_AES_RFC3394;
		w.data_size = NCR_WRAPPED_KEY_MAX;
		r = call(NCRIO_KEY_WRAP, &w);
		expect(r, -EINVAL, &before, "RFC 3394 key wrap of a 20-byte key "
		       "(EINVAL before ERANGE)");
		kdel(key);
	}
	/* final: ERANGE keeps the session and consumes nothing; the call
	 * repeated with room gives the full, right result */
	ses = sha256_session();
	{
		struct ncr_session_op o;
		uint8_t want[64];
		size_t wl;

		ref_digest(NCR_ALG_SHA256, buf_in, 5, want, &wl);
		before = live_now();
		op_init(&o, ses, buf_in, 5, NULL, 0);
		o.tag = PTR64(buf_tag);
		o.tag_size = 16;
		r = call(NCRIO_SESSION_FINAL, &o);
		expect(r, -ERANGE, &before, "SHA-256 final with 16 bytes of "
		       "tag room (session kept)");
		report(o.tag_size == 32, "final ERANGE: tag_size %u (want 32)",
		       o.tag_size);
		op_init(&o, ses, buf_in, 5, NULL, 0);
		o.tag = PTR64(buf_tag);
		o.tag_size = 32;
		r = call(NCRIO_SESSION_FINAL, &o);
		report(!r && o.tag_size == 32 && !memcmp(buf_tag, want, 32),
		       "final repeated with room: the digest of the input, "
		       "counted once (%s)", errname(r));
		if (!r && memcmp(buf_tag, want, 32)) {
			uint8_t twice[10];

			memcpy(twice, buf_in, 5);
			memcpy(twice + 5, buf_in, 5);
			ref_digest(NCR_ALG_SHA256, twice, 10, want, &wl);
			if (!memcmp(buf_tag, want, 32))
				tap_diag("the input of the ERANGE call was "
					 "hashed: the digest covers it twice");
		}
		if (r)
			sfree(ses);
	}
	if (!sinit(NCR_ALG_AES_CTR, NCR_OP_ENCRYPT, k_aes, iv16, 16, 0,
		   &ses)) {
		struct ncr_session_op o;
		uint8_t want[16];

		ref_cipher(NCR_ALG_AES_CTR, 1, key16, 16, iv16, buf_in, 10,
			   want);
		op_init(&o, ses, buf_in, 10, buf_out, 5);
		r = call(NCRIO_SESSION_FINAL, &o);
		expect(r, -ERANGE, NULL, "CTR final: 10 bytes, room for 5");
		report(o.output_size == 10, "final ERANGE: output_size %llu "
		       "(want 10)", (unsigned long long)o.output_size);
		op_init(&o, ses, buf_in, 10, buf_out, 10);
		r = call(NCRIO_SESSION_FINAL, &o);
		report(!r && o.output_size == 10 && !memcmp(buf_out, want, 10),
		       "CTR final repeated with room: right output (%s)",
		       errname(r));
		if (r)
			sfree(ses);
	}
	if (!sinit(NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, k_aes, iv16, 12, 0,
		   &ses)) {
		struct ncr_session_op o;
		uint8_t want[16], wtag[16];

		ref_aead(NCR_ALG_AES_GCM, 1, key16, 16, iv16, 12, NULL, 0,
			 buf_in, 10, want, wtag, 16);
		op_init(&o, ses, buf_in, 10, buf_out, 64);
		o.tag = PTR64(buf_tag);
		o.tag_size = 8;
		r = call(NCRIO_SESSION_FINAL, &o);
		expect(r, -ERANGE, NULL, "GCM final: 8 bytes of tag room");
		report(o.tag_size == 16, "final ERANGE: tag_size %u (want 16)",
		       o.tag_size);
		op_init(&o, ses, buf_in, 10, buf_out, 64);
		o.tag = PTR64(buf_tag);
		o.tag_size = 16;
		r = call(NCRIO_SESSION_FINAL, &o);
		report(!r && o.output_size == 10 && o.tag_size == 16 &&
		       !memcmp(buf_out, want, 10) && !memcmp(buf_tag, wtag, 16),
		       "GCM final repeated with room: right ciphertext and tag "
		       "(%s)", errname(r));
		if (r)
			sfree(ses);
	}
	/* once */
	{
		struct ncr_session_once o = {
			.size = sizeof(o), .algorithm = NCR_ALG_AES_CBC,
			.op = NCR_OP_ENCRYPT, .key = k_aes, .iv = PTR64(iv16),
			.iv_size = 16, .input = PTR64(buf_in),
			.input_size = 48, .output = PTR64(buf_out),
			.output_size = 32 };

		r = call(NCRIO_SESSION_ONCE, &o);
		expect(r, -ERANGE, NULL, "once CBC: 48 bytes, room for 32");
		report(o.output_size == 48, "once ERANGE: output_size %llu "
		       "(want 48)", (unsigned long long)o.output_size);
		{
			/* SIGN: tag_size is the capacity */
			struct ncr_session_once so = {
				.size = sizeof(so), .algorithm = NCR_ALG_SHA256,
				.op = NCR_OP_SIGN, .input = PTR64(buf_in),
				.input_size = 3, .tag = PTR64(buf_tag),
				.tag_size = 16 };

			r = call(NCRIO_SESSION_ONCE, &so);
			expect(r, -ERANGE, NULL, "once SHA-256 with 16 bytes "
			       "of tag room");
			report(so.tag_size == 32, "once ERANGE: tag_size %u "
			       "(want 32)", so.tag_size);
			so.tag_size = 48;
			r = call(NCRIO_SESSION_ONCE, &so);
			report(!r && so.tag_size == 32, "once SHA-256 with 48 "
			       "bytes of room writes the 32-byte digest (%s, "
			       "%u)", errname(r), so.tag_size);
		}
		o.algorithm = NCR_ALG_AES_GCM;
		o.iv_size = 12;
		o.output_size = 64;
		o.tag = PTR64(buf_tag);
		o.tag_size = 8;
		o.result = 0;
		r = call(NCRIO_SESSION_ONCE, &o);
		/* with a documented 8-byte GCM tag this is a truncation, not
		 * a short buffer: it must succeed */
		expect(r, 0, NULL, "once GCM with tag_size 8 (a valid tag "
		       "length)");
	}
}
