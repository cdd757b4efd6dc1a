// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/abi/handles.c - part of build/tests/abi (see tests/abi/main.c):
 * requests that name nothing: bad key and session handles in every ioctl
 * that takes one, and unknown ioctl numbers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "abi.h"

/* ------------------------------------------------------------- handles */

void test_handles(void)
{
	uint32_t dead_key, dead_ses, ses;
	struct live before;
	uint32_t bad[4] = { 0, 12345, 0xffffffffu, 0 };
	const char *names[4] = { "0", "12345", "0xffffffff", "deinit'ed" };
	int r;

	if (genx(NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_EXPORTABLE |
		 NCR_KEY_FLAG_WRAPPABLE | NCR_KEY_FLAG_HASHABLE |
		 NCR_KEY_FLAG_STORABLE, NCR_KEY_USAGE_ALL, AES_ALGS,
		 &dead_key))
		report(0, "a key to deinit for the handle tests");
	kdel(dead_key);
	dead_ses = cbc_session(1);
	sfree(dead_ses);

	for (int i = 0; i < 4; i++) {
		uint32_t k = i == 3 ? dead_key : bad[i];
		uint32_t sh = i == 3 ? dead_ses : bad[i];
		const char *sname = i == 3 ? "freed" : names[i];

		before = live_now();
		{
			struct ncr_key_export e = {
				.size = sizeof(e), .key = k,
				.data = PTR64(buf_out), .data_size = 64 };
			r = call(NCRIO_KEY_EXPORT, &e);
			expect(r, -ENOENT, &before, "export key %s", names[i]);
		}
		{
			struct ncr_key_info ki = { .size = sizeof(ki), .key = k };

			r = call(NCRIO_KEY_GET_INFO, &ki);
			expect(r, -ENOENT, &before, "get info key %s",
			       names[i]);
		}
		r = kdel(k);
		expect(r, -ENOENT, &before, "deinit key %s", names[i]);
		r = krestrict(k, 0, NCR_KEY_USAGE_ENCRYPT, 0);
		expect(r, -ENOENT, &before, "restrict key %s", names[i]);
		r = ktrust(k);
		if (is_root)
			expect(r, -ENOENT, &before, "trust key %s", names[i]);
		else
		{
			char nm[80];

			snprintf(nm, sizeof(nm), "trust key %s (no "
				 "CAP_SYS_ADMIN)", names[i]);
			expect2(r, -ENOENT, -EPERM, &before, nm);
		}
		if (master_set) {
			struct ncr_key_storage st = {
				.size = sizeof(st), .key = k,
				.blob = PTR64(buf_out),
				.blob_size = NCR_STORAGE_BLOB_MAX };
			r = call(NCRIO_KEY_STORAGE_WRAP, &st);
			expect(r, -ENOENT, &before, "storage wrap key %s",
			       names[i]);
		}
		{
			struct ncr_key_wrap w = {
				.size = sizeof(w),
				.algorithm = NCR_WALG_AES_RFC5649,
				.wrapping_key = k, .key = k_aes,
				.data = PTR64(buf_out),
				.data_size = NCR_WRAPPED_KEY_MAX };

			r = call(NCRIO_KEY_WRAP, &w);
			expect(r, -ENOENT, &before, "key wrap under key %s",
			       names[i]);
			w.wrapping_key = k_aes;
			w.key = k;
			r = call(NCRIO_KEY_WRAP, &w);
			expect(r, -ENOENT, &before, "key wrap of key %s",
			       names[i]);
			memset(&w, 0, sizeof(w));
			w.size = sizeof(w);
			w.algorithm = NCR_WALG_AES_RFC5649;
			w.wrapping_key = k;
			w.data = PTR64(wrapped);
			w.data_size = wrapped_len ? wrapped_len : 24;
			w.type = NCR_KEY_TYPE_AES;
			w.usage = NCR_KEY_USAGE_ENCRYPT;
			r = call(NCRIO_KEY_UNWRAP, &w);
			expect(r, -ENOENT, &before, "key unwrap under key %s",
			       names[i]);
		}
		r = sinit(NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k, iv16, 16, 0,
			  &ses);
		expect(r, -ENOENT, &before, "session init with key %s",
		       names[i]);
		{
			struct ncr_session_once o = {
				.size = sizeof(o),
				.algorithm = NCR_ALG_AES_CBC,
				.op = NCR_OP_ENCRYPT, .key = k,
				.iv = PTR64(iv16), .iv_size = 16,
				.input = PTR64(buf_in), .input_size = 16,
				.output = PTR64(buf_out), .output_size = 64 };
			r = call(NCRIO_SESSION_ONCE, &o);
			expect(r, -ENOENT, &before, "once with key %s",
			       names[i]);
		}
		{
			struct ncr_session_once o = {
				.size = sizeof(o), .algorithm = NCR_ALG_SHA256,
				.op = NCR_OP_SIGN,
				.op_flags = NCR_OP_FLAG_KEY_DATA,
				.input_key = k, .tag = PTR64(buf_tag),
				.tag_size = 32 };
			r = call(NCRIO_SESSION_ONCE, &o);
			expect(r, -ENOENT, &before, "once hashing key %s",
			       names[i]);
		}
		{
			struct ncr_session_op o;

			ses = sha256_session();
			before = live_now();
			op_init(&o, ses, NULL, 0, NULL, 0);
			o.flags = NCR_OP_FLAG_KEY_DATA;
			o.input_key = k;
			r = call(NCRIO_SESSION_UPDATE, &o);
			expect(r, -ENOENT, &before, "update hashing key %s",
			       names[i]);
			sfree(ses);
		}
		before = live_now();
		{
			struct ncr_session_op o;

			op_init(&o, sh, buf_in, 16, buf_out, 64);
			r = call(NCRIO_SESSION_UPDATE, &o);
			expect(r, -ENOENT, &before, "update session %s", sname);
			op_init(&o, sh, buf_in, 16, buf_out, 64);
			r = call(NCRIO_SESSION_FINAL, &o);
			expect(r, -ENOENT, &before, "final session %s", sname);
		}
		r = sfree(sh);
		expect(r, -ENOENT, &before, "free session %s", sname);
	}
	/* a finished session is gone */
	ses = sha256_session();
	{
		struct ncr_session_op o;

		op_init(&o, ses, buf_in, 3, NULL, 0);
		o.tag = PTR64(buf_tag);
		o.tag_size = sizeof(buf_tag);
		r = call(NCRIO_SESSION_FINAL, &o);
		expect(r, 0, NULL, "final of a digest session");
		before = live_now();
		r = sfree(ses);
		expect(r, -ENOENT, &before, "free after final");
	}
}

/* ----------------------------------------------------- unknown ioctls */

void test_unknown_ioctls(void)
{
	static const struct {
		unsigned long cmd;
		const char *name;
	} cmds[] = {
		{ _IO('c', 199), "_IO('c', 199)" },
		{ _IO('c', 216), "_IO('c', 216)" },
		{ _IO('c', 219), "_IO('c', 219)" },
		{ _IOWR('c', 208, struct ncr_key_restrict),
		  "_IOWR('c', 208, ncr_key_restrict)" },
		{ _IOW('c', 209, struct ncr_key_trust),
		  "_IOW('c', 209, ncr_key_trust)" },
		{ _IO('c', 226), "_IO('c', 226)" },
		{ _IOWR('c', 225, struct ncr_batch),
		  "_IOWR('c', 225, ncr_batch)" },
		{ _IO('c', 255), "_IO('c', 255)" },
		{ _IOWR('c', 200, struct ncr_info), "_IOWR('c', 200, ncr_info)" },
		{ _IOW('c', 201, struct ncr_key_generate),
		  "_IOW('c', 201, ncr_key_generate)" },
		{ _IO('x', 200), "_IO('x', 200)" },
		{ 0, "0" },
	};
	struct ncr_info info = { .size = sizeof(info) };
	struct live before = live_now();

	for (size_t i = 0; i < ARRAY_SIZE(cmds); i++)
		expect(call(cmds[i].cmd, &info), -ENOTTY, &before,
		       "unknown ioctl %s", cmds[i].name);
}
