// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/abi/info.c - part of build/tests/abi (see tests/abi/main.c):
 * NCRIO_INFO (its algorithm entries; version 1: the limits and the
 * caller's use; version 2: module version, self-tests, master key state,
 * the other limits, dev_mode and the node's mode) and EDQUOT at each
 * per-user limit.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "abi.h"

/* ------------------------------------------------------------ NCRIO_INFO */

/* The documented key lengths of an algorithm, in bytes. */
static int key_range_ok(const struct talg *a, uint32_t min, uint32_t max)
{
	switch (a->key_type) {
	case NCR_KEY_TYPE_AES:
		if (a->alg == NCR_ALG_AES_XTS)
			return min == 32 && max == 64;
		return min == 16 && max == 32;
	case NCR_KEY_TYPE_DES3:
		return min == 24 && max == 24;
	case NCR_KEY_TYPE_CHACHA20:
		return min == 32 && max == 32;
	case NCR_KEY_TYPE_HMAC:
		return min == 1 && max == NCR_MAX_HMAC_KEY_BYTES;
	}
	return min == 0 && max == 0;
}

void test_info(void)
{
	struct ncr_info info;
	struct ncr_alg_info *algs = calloc(64, 256);
	uint8_t *raw = (uint8_t *)algs;
	uint32_t n;
	int r, seen[256] = { 0 }, bad = 0;

	memset(&info, 0, sizeof(info));
	info.size = sizeof(info);
	info.alg_info_size = sizeof(struct ncr_alg_info);
	r = call(NCRIO_INFO, &info);
	expect(r, 0, NULL, "NCRIO_INFO without algs");
	report(info.version == NCR_ABI_VERSION, "version %u == %d",
	       info.version, NCR_ABI_VERSION);
	report(info.copy_bound == NCR_COPY_BOUND, "copy_bound %u == %d",
	       info.copy_bound, NCR_COPY_BOUND);
	report(info.max_hmac_key_bytes == NCR_MAX_HMAC_KEY_BYTES,
	       "max_hmac_key_bytes %u == %d", info.max_hmac_key_bytes,
	       NCR_MAX_HMAC_KEY_BYTES);
	report(info.live_namespaces >= 1, "live_namespaces %u >= 1 (ours)",
	       info.live_namespaces);
	report(info.live_keys >= 2, "live_keys %llu >= 2 (ours)",
	       (unsigned long long)info.live_keys);
	n = info.alg_count;
	report(n >= n_talgs && n <= 64, "alg_count %u: at least the %zu "
	       "algorithms of ncr.h", n, n_talgs);
	if (n > 64)
		n = 64;

	memset(&info, 0, sizeof(info));
	info.size = sizeof(info);
	info.alg_info_size = sizeof(struct ncr_alg_info);
	info.algs = PTR64(algs);
	info.alg_count = 64;
	r = call(NCRIO_INFO, &info);
	expect(r, 0, NULL, "NCRIO_INFO with room for 64 entries");
	report(info.alg_count == n, "alg_count %u unchanged", info.alg_count);
	for (uint32_t i = 0; i < n && i < 64; i++) {
		const struct ncr_alg_info *e = &algs[i];
		const struct talg *a = talg_get(e->algorithm);

		if (!a) {
			tap_diag("entry %u: algorithm %u not in ncr.h", i,
				 e->algorithm);
			continue;
		}
		seen[e->algorithm & 255]++;
		if (!memchr(e->name, 0, sizeof(e->name)) || !e->name[0] ||
		    !memchr(e->driver, 0, sizeof(e->driver)) ||
		    !memchr(e->hw_driver, 0, sizeof(e->hw_driver))) {
			bad++;
			tap_diag("%s: name/driver strings not terminated or "
				 "empty name", a->name);
		}
		/* block_size of the stream ciphers (CTR, ChaCha20) is not
		 * defined by ncr.h: 1 or the keystream block are both
		 * plausible, so only block ciphers are checked */
		if (e->key_type != a->key_type || e->tag_size != a->tag ||
		    (a->kind == TK_CIPHER && a->block > 1 &&
		     e->block_size != a->block) ||
		    (a->alg != NCR_ALG_AES_CCM && e->iv_size != a->iv)) {
			bad++;
			tap_diag("%s: key_type %u tag %u block %u iv %u, want "
				 "%u %u %u %u", a->name, e->key_type,
				 e->tag_size, e->block_size, e->iv_size,
				 a->key_type, a->tag, a->block, a->iv);
		}
		if (!key_range_ok(a, e->min_key_bytes, e->max_key_bytes)) {
			bad++;
			tap_diag("%s: key bytes %u..%u", a->name,
				 e->min_key_bytes, e->max_key_bytes);
		}
		if ((e->flags & NCR_ALG_INFO_FLAG_AVAILABLE) && !e->driver[0]) {
			bad++;
			tap_diag("%s: available without a driver", a->name);
		}
		if (!!(e->flags & NCR_ALG_INFO_FLAG_HW_AVAILABLE) !=
		    !!e->hw_driver[0]) {
			bad++;
			tap_diag("%s: HW_AVAILABLE %d but hw_driver '%s'",
				 a->name, !!(e->flags &
					     NCR_ALG_INFO_FLAG_HW_AVAILABLE),
				 e->hw_driver);
		}
		if (e->flags & ~0xfU) {
			bad++;
			tap_diag("%s: unknown flags %#x", a->name, e->flags);
		}
		if (!(e->flags & NCR_ALG_INFO_FLAG_AVAILABLE))
			tap_diag("%s (%s): no driver in this kernel", a->name,
				 e->name);
	}
	for (size_t i = 0; i < n_talgs; i++)
		if (seen[talgs[i].alg] != 1) {
			bad++;
			tap_diag("%s listed %d times", talgs[i].name,
				 seen[talgs[i].alg]);
		}
	report(!bad, "alg entries: every ncr.h algorithm once, properties as "
	       "documented (%d problems)", bad);

	/* capacity 3: success, count reported, entries 3.. untouched */
	memset(raw, 0xee, 64 * 256);
	memset(&info, 0, sizeof(info));
	info.size = sizeof(info);
	info.alg_info_size = sizeof(struct ncr_alg_info);
	info.algs = PTR64(algs);
	info.alg_count = 3;
	r = call(NCRIO_INFO, &info);
	expect(r, 0, NULL, "NCRIO_INFO with room for 3 entries");
	report(info.alg_count == n, "alg_count %u == %u with capacity 3",
	       info.alg_count, n);
	{
		int untouched = 1;

		for (size_t i = 3 * sizeof(struct ncr_alg_info);
		     i < 64 * sizeof(struct ncr_alg_info); i++)
			untouched &= raw[i] == 0xee;
		report(untouched && algs[0].algorithm != 0xeeeeeeeeu,
		       "only 3 entries written");
	}

	/* a larger entry size: entries at that stride, the rest zeroed */
	memset(raw, 0xee, 64 * 256);
	memset(&info, 0, sizeof(info));
	info.size = sizeof(info);
	info.alg_info_size = 256;
	info.algs = PTR64(algs);
	info.alg_count = 64;
	r = call(NCRIO_INFO, &info);
	expect(r, 0, NULL, "NCRIO_INFO with alg_info_size 256");
	{
		int good = !r;

		for (uint32_t i = 0; !r && i < n; i++) {
			uint32_t alg;

			memcpy(&alg, raw + (size_t)i * 256, 4);
			good &= talg_get(alg) != NULL ||
				alg > NCR_ALG_CMAC_AES;
			good &= alg != 0;
			for (size_t b = sizeof(struct ncr_alg_info); b < 256;
			     b++)
				good &= raw[(size_t)i * 256 + b] == 0;
		}
		report(good, "entries laid out at a 256-byte stride, bytes past "
		       "the kernel's entry zeroed");
	}

	for (int sz = 0; sz < 2; sz++) {
		memset(&info, 0, sizeof(info));
		info.size = sizeof(info);
		info.alg_info_size = sz ? 4097 : NCR_ALG_INFO_SIZE_VER0 - 1;
		info.algs = PTR64(algs);
		info.alg_count = 1;
		r = call(NCRIO_INFO, &info);
		expect(r, -EINVAL, NULL, "NCRIO_INFO with alg_info_size %u",
		       info.alg_info_size);
	}
	/* the out fields are ignored on input */
	memset(&info, 0, sizeof(info));
	info.size = sizeof(info);
	info.version = 77;
	info.copy_bound = 1;
	info.max_hmac_key_bytes = 2;
	info.live_namespaces = 3;
	info.live_keys = 4;
	info.live_sessions = 5;
	r = call(NCRIO_INFO, &info);
	report(!r && info.version == NCR_ABI_VERSION &&
	       info.copy_bound == NCR_COPY_BOUND, "NCRIO_INFO ignores its out "
	       "fields on input (%s)", errname(r));
	free(algs);
}

/* ------------------------------------------------ NCRIO_INFO version 1 */

static int read_param(const char *name, unsigned long long *v)
{
	char path[128], buf[64];
	FILE *f;

	snprintf(path, sizeof(path), "/sys/module/ncr/parameters/%s", name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	*v = strtoull(buf, NULL, 10);
	return 0;
}

static int write_param(const char *name, unsigned long long v)
{
	char path[128];
	FILE *f;
	int bad;

	snprintf(path, sizeof(path), "/sys/module/ncr/parameters/%s", name);
	f = fopen(path, "w");
	if (!f)
		return -1;
	bad = fprintf(f, "%llu\n", v) < 0;
	return fclose(f) || bad ? -1 : 0;
}

static int info_v1(int f, struct ncr_info *in)
{
	memset(in, 0, sizeof(*in));
	in->size = sizeof(*in);
	return xioctl(f, NCRIO_INFO, in);
}

/* Polls (deferred frees) until the caller's uid holds keys/sessions/
 * namespaces as given; 0 if it does. */
static int user_wait(uint32_t keys, uint32_t sessions, uint32_t nss,
		     struct ncr_info *in)
{
	for (int i = 0; i < 200; i++) {
		if (info_v1(fd, in))
			return -1;
		if (in->user_keys == keys && in->user_sessions == sessions &&
		    in->user_namespaces == nss)
			return 0;
		usleep(10000);
	}
	return -1;
}

void test_info_v1(void)
{
	static const struct {
		const char *param;
		size_t off;
		int wide;
	} params[] = {
		{ "max_keys_per_user",
		  offsetof(struct ncr_info, max_keys_per_user), 0 },
		{ "max_sessions_per_user",
		  offsetof(struct ncr_info, max_sessions_per_user), 0 },
		{ "max_namespaces_per_user",
		  offsetof(struct ncr_info, max_namespaces_per_user), 0 },
		{ "max_objects_per_ns",
		  offsetof(struct ncr_info, max_objects_per_ns), 0 },
		{ "max_buffered_bytes",
		  offsetof(struct ncr_info, max_buffered_bytes), 1 },
		{ "max_user_memory",
		  offsetof(struct ncr_info, max_user_memory), 1 },
	};
	struct ncr_info a, b;
	uint32_t k = 0, ses = 0;
	int r, f2;

	r = info_v1(fd, &a);
	if (!report_err(r, 0, "NCRIO_INFO with the version 1 structure"))
		return;
	for (size_t i = 0; i < ARRAY_SIZE(params); i++) {
		unsigned long long want, got = 0;

		if (read_param(params[i].param, &want)) {
			report_skip("no /sys/module/ncr/parameters",
				    "NCRIO_INFO %s", params[i].param);
			continue;
		}
		if (params[i].wide)
			memcpy(&got, (uint8_t *)&a + params[i].off, 8);
		else
			memcpy(&got, (uint8_t *)&a + params[i].off, 4);
		report(got == want, "NCRIO_INFO %s %llu == the module "
		       "parameter (%llu)", params[i].param, got, want);
	}
	report(a.user_keys >= 3 && a.user_keys <= a.max_keys_per_user &&
	       a.user_keys <= a.live_keys &&
	       a.user_namespaces >= 1 &&
	       a.user_namespaces <= a.max_namespaces_per_user &&
	       a.user_namespaces <= a.live_namespaces &&
	       a.user_sessions <= a.max_sessions_per_user &&
	       a.user_sessions <= a.live_sessions &&
	       a.user_memory > 0 && a.user_memory <= a.max_user_memory &&
	       a.user_buffered <= a.max_buffered_bytes && !a.__reserved,
	       "NCRIO_INFO user_*: keys %u (we hold 3 or more), sessions "
	       "%u, namespaces %u, %llu bytes, %llu buffered: within the "
	       "limits and the module-wide counts", a.user_keys,
	       a.user_sessions, a.user_namespaces,
	       (unsigned long long)a.user_memory,
	       (unsigned long long)a.user_buffered);

	/* one more key, then one less */
	r = gen(NCR_KEY_TYPE_HMAC, 2048, 0, NCR_KEY_USAGE_SIGN, &k);
	info_v1(fd, &b);
	report(!r && b.user_keys == a.user_keys + 1 &&
	       b.user_memory >= a.user_memory + 256 &&
	       b.live_keys == a.live_keys + 1,
	       "a new key: user_keys %u -> %u, user_memory %llu -> %llu (a "
	       "256-byte key and more)", a.user_keys, b.user_keys,
	       (unsigned long long)a.user_memory,
	       (unsigned long long)b.user_memory);
	if (!r)
		kdel(k);
	r = user_wait(a.user_keys, a.user_sessions, a.user_namespaces, &b);
	report(!r && b.user_memory == a.user_memory, "deinit: user_keys and "
	       "user_memory back (%u, %llu)", b.user_keys,
	       (unsigned long long)b.user_memory);

	/* a session with buffered data (GCM buffers until final) */
	r = sinit(NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, k_aes, iv16, 12, 0, &ses);
	if (report_err(r, 0, "a GCM session for the user counts")) {
		struct ncr_session_op o;

		info_v1(fd, &b);
		report(b.user_sessions == a.user_sessions + 1,
		       "a new session: user_sessions %u -> %u",
		       a.user_sessions, b.user_sessions);
		/* more than the session's own bounded buffer holds */
		static uint8_t msg[40000];

		op_init(&o, ses, msg, sizeof(msg), NULL, 0);
		r = call(NCRIO_SESSION_UPDATE, &o);
		info_v1(fd, &b);
		report(!r && b.user_buffered >= a.user_buffered + sizeof(msg) &&
		       b.user_buffered <= b.max_buffered_bytes,
		       "%zu bytes buffered in it: user_buffered %llu -> "
		       "%llu", sizeof(msg), (unsigned long long)a.user_buffered,
		       (unsigned long long)b.user_buffered);
		sfree(ses);
		r = user_wait(a.user_keys, a.user_sessions, a.user_namespaces,
			      &b);
		report(!r && b.user_buffered == a.user_buffered,
		       "free: user_sessions and user_buffered back (%u, "
		       "%llu)", b.user_sessions,
		       (unsigned long long)b.user_buffered);
	}
	/* once makes no session */
	{
		struct ncr_session_once o = {
			.size = sizeof(o), .algorithm = NCR_ALG_SHA256,
			.op = NCR_OP_SIGN, .input = PTR64(buf_in),
			.input_size = 100, .tag = PTR64(buf_tag),
			.tag_size = 32 };

		r = call(NCRIO_SESSION_ONCE, &o);
		info_v1(fd, &b);
		report(!r && b.user_sessions == a.user_sessions &&
		       b.user_keys == a.user_keys,
		       "once: no session or key counted (%s)", errname(r));
	}
	/* another namespace of this uid */
	f2 = dev_open();
	if (f2 >= 0) {
		struct ncr_info c;

		info_v1(fd, &b);
		r = info_v1(f2, &c);
		report(b.user_namespaces == a.user_namespaces + 1 &&
		       b.live_namespaces == a.live_namespaces + 1 && !r &&
		       c.user_namespaces == b.user_namespaces &&
		       c.user_keys == b.user_keys,
		       "a second open(): user_namespaces %u -> %u, the same "
		       "use seen through either descriptor",
		       a.user_namespaces, b.user_namespaces);
		close(f2);
		r = user_wait(a.user_keys, a.user_sessions, a.user_namespaces,
			      &b);
		report(!r, "close: user_namespaces back to %u",
		       a.user_namespaces);
	} else {
		report(0, "a second open() of /dev/crypto: %s", errname(f2));
	}
}

/* ------------------------------------------------------------ EDQUOT */

/*
 * The per-user limits (root: the module parameters are lowered for a
 * moment, then restored): past each one the call fails with EDQUOT and
 * creates nothing.
 */
void test_limits(void)
{
	unsigned long long orig_keys, orig_ses, orig_ns, orig_buf;
	struct ncr_info in;
	struct live before;
	uint32_t k1 = 0, k2 = 0, ses = 0, ses2 = 0;
	int r;

	if (!is_root) {
		report_skip("needs root (module parameters)", "EDQUOT at the "
			    "per-user limits");
		return;
	}
	if (read_param("max_keys_per_user", &orig_keys) ||
	    read_param("max_sessions_per_user", &orig_ses) ||
	    read_param("max_namespaces_per_user", &orig_ns) ||
	    read_param("max_buffered_bytes", &orig_buf)) {
		report_skip("no /sys/module/ncr/parameters", "EDQUOT at the "
			    "per-user limits");
		return;
	}

	/* keys: room for one more */
	info_v1(fd, &in);
	r = write_param("max_keys_per_user", in.user_keys + 1ULL);
	if (!report_err(r ? -EIO : 0, 0, "max_keys_per_user set to %u",
			in.user_keys + 1))
		return;
	r = gen(NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_ENCRYPT, &k1);
	report_err(r, 0, "the last key under max_keys_per_user");
	before = live_now();
	expect(gen(NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_ENCRYPT, &k2),
	       -EDQUOT, &before, "generate past max_keys_per_user");
	expect(imp(NCR_KEY_TYPE_AES, key16, 16, 0, NCR_KEY_USAGE_ENCRYPT,
		   &k2), -EDQUOT, &before, "import past max_keys_per_user");
	if (wrapped_len)
		expect(kunwrap(NCR_WALG_AES_RFC5649, k_aes, wrapped,
			       wrapped_len, NCR_KEY_TYPE_AES, 0,
			       NCR_KEY_USAGE_ENCRYPT, &k2), -EDQUOT, &before,
		       "unwrap past max_keys_per_user");
	if (master_set) {
		struct ncr_key_storage st = {
			.size = sizeof(st), .blob = PTR64(blob),
			.blob_size = blob_len };

		expect(call(NCRIO_KEY_STORAGE_UNWRAP, &st), -EDQUOT, &before,
		       "storage unwrap past max_keys_per_user");
	}
	if (k_x25519) {
		struct ncr_key_derive d;

		memset(&d, 0, sizeof(d));
		prep_derive(&d);
		d.size = sizeof(d);
		expect(call(NCRIO_KEY_DERIVE, &d), -EDQUOT, &before,
		       "derive past max_keys_per_user");
	}
	if (k1)
		kdel(k1);
	k1 = 0;
	/* a pair needs two slots: one is not enough */
	{
		struct ncr_key_generate_pair g = {
			.size = sizeof(g), .type = NCR_KEY_TYPE_X25519,
			.usage = NCR_KEY_USAGE_DERIVE };

		before = live_now();
		expect(call(NCRIO_KEY_GENERATE_PAIR, &g), -EDQUOT, &before,
		       "a key pair with one key slot left");
		write_param("max_keys_per_user", in.user_keys + 2ULL);
		r = call(NCRIO_KEY_GENERATE_PAIR, &g);
		report_err(r, 0, "a key pair with two key slots left");
		if (!r) {
			kdel(g.private_key);
			kdel(g.public_key);
		}
	}
	r = write_param("max_keys_per_user", orig_keys);
	report_err(r ? -EIO : 0, 0, "max_keys_per_user restored to %llu",
		   orig_keys);

	/* sessions: room for one more; once needs none */
	info_v1(fd, &in);
	write_param("max_sessions_per_user", in.user_sessions + 1ULL);
	r = sinit(NCR_ALG_SHA256, NCR_OP_SIGN, 0, NULL, 0, 0, &ses);
	report_err(r, 0, "the last session under max_sessions_per_user");
	before = live_now();
	expect(sinit(NCR_ALG_SHA256, NCR_OP_SIGN, 0, NULL, 0, 0, &ses2),
	       -EDQUOT, &before, "session init past max_sessions_per_user");
	{
		struct ncr_session_once o = {
			.size = sizeof(o), .algorithm = NCR_ALG_SHA256,
			.op = NCR_OP_SIGN, .input = PTR64(buf_in),
			.input_size = 10, .tag = PTR64(buf_tag),
			.tag_size = 32 };

		report_err(call(NCRIO_SESSION_ONCE, &o), 0, "once at "
			   "max_sessions_per_user (no handle)");
	}
	if (ses)
		sfree(ses);
	r = write_param("max_sessions_per_user", orig_ses);
	report_err(r ? -EIO : 0, 0, "max_sessions_per_user restored to %llu",
		   orig_ses);

	/* buffered bytes (past what a session's own bounded buffer
	 * holds, which is memory of the session) */
	info_v1(fd, &in);
	write_param("max_buffered_bytes", in.user_buffered + 65536ULL);
	ses = 0;
	r = sinit(NCR_ALG_AES_GCM, NCR_OP_ENCRYPT, k_aes, iv16, 12, 0, &ses);
	if (!r) {
		struct ncr_session_op o;
		static uint8_t big[65536];

		op_init(&o, ses, big, 40000, NULL, 0);
		r = call(NCRIO_SESSION_UPDATE, &o);
		report_err(r, 0, "GCM: 40000 bytes buffered under a 64 KiB "
			   "max_buffered_bytes");
		op_init(&o, ses, big, 30000, NULL, 0);
		r = call(NCRIO_SESSION_UPDATE, &o);
		report_err(r, -EDQUOT, "GCM: 30000 more bytes past "
			   "max_buffered_bytes");
		op_init(&o, ses, big, 20000, NULL, 0);
		r = call(NCRIO_SESSION_UPDATE, &o);
		report_err(r, 0, "GCM: 20000 more bytes fit (the refused "
			   "update consumed nothing)");
		sfree(ses);
	}
	r = write_param("max_buffered_bytes", orig_buf);
	report_err(r ? -EIO : 0, 0, "max_buffered_bytes restored to %llu",
		   orig_buf);

	/* namespaces: open(2) fails with EDQUOT */
	info_v1(fd, &in);
	write_param("max_namespaces_per_user", in.user_namespaces);
	{
		struct live l0 = live_now();
		int f2 = dev_open();

		if (f2 >= 0)
			close(f2);
		report(f2 == -EDQUOT && live_now().namespaces == l0.namespaces,
		       "open(2) of /dev/crypto at max_namespaces_per_user: "
		       "EDQUOT, no namespace made (%s)",
		       f2 >= 0 ? "opened" : errname(f2));
	}
	r = write_param("max_namespaces_per_user", orig_ns);
	report_err(r ? -EIO : 0, 0, "max_namespaces_per_user restored to %llu",
		   orig_ns);
}

/* ------------------------------------------------ NCRIO_INFO version 2 */

static int read_text(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	char *nl;

	if (!f)
		return -1;
	if (!fgets(buf, (int)len, f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	nl = strchr(buf, '\n');
	if (nl)
		*nl = 0;
	return 0;
}

static int zero16(const uint8_t *p)
{
	for (int i = 0; i < 16; i++)
		if (p[i])
			return 0;
	return 1;
}

void test_info_v2(void)
{
	unsigned long long v;
	char text[64];
	struct ncr_info a;
	struct stat st;
	uint8_t raw[sizeof(struct ncr_info) + 16] __attribute__((aligned(8)));
	int r, ok;

	/* garbage in every out field: ignored on input */
	memset(&a, 0xee, sizeof(a));
	a.size = sizeof(a);
	a.flags = 0;
	a.__reserved = 0;
	a.algs = 0;
	r = call(NCRIO_INFO, &a);
	if (!report_err(r, 0, "NCRIO_INFO with the version 2 structure "
			"(%zu bytes), out fields filled with 0xee",
			sizeof(a)))
		return;
	report(sizeof(a) == NCR_INFO_SIZE_VER2 &&
	       offsetof(struct ncr_info, module_version) == NCR_INFO_SIZE_VER1,
	       "struct ncr_info is NCR_INFO_SIZE_VER2 (%zu) bytes, version "
	       "2 starting at NCR_INFO_SIZE_VER1", sizeof(a));
	report(memchr(a.module_version, 0, sizeof(a.module_version)) &&
	       a.module_version[0], "module_version \"%.32s\" is "
	       "NUL-terminated", a.module_version);
	if (!read_text("/sys/module/ncr/version", text, sizeof(text)))
		report(!strcmp(text, a.module_version), "module_version "
		       "\"%.32s\" is the module's MODULE_VERSION (\"%s\")",
		       a.module_version, text);
	else
		report_skip("no /sys/module/ncr/version", "module_version");
	report(a.version == NCR_ABI_VERSION && NCR_ABI_VERSION == 5,
	       "ABI version %u (5 since NCRIO_INFO version 2)", a.version);
	report(a.selftest == NCR_SELFTEST_PASSED && a.selftest_count >= 1 &&
	       a.selftest_count <= 5, "selftest %u (PASSED), %u known-answer "
	       "tests passed (1..5)", a.selftest, a.selftest_count);
	report(!(a.master_key_flags & ~NCR_INFO_MASTER_PREVIOUS) &&
	       !!(a.master_key_flags & NCR_INFO_MASTER_PREVIOUS) ==
	       !zero16(a.master_key_previous_id),
	       "master_key_flags %#x: only PREVIOUS, and a previous ID "
	       "exactly when it is set", a.master_key_flags);
	if (master_set)
		report(a.master_key_source >= NCR_MASTER_KEY_SRC_BYTES &&
		       a.master_key_source <= NCR_MASTER_KEY_SRC_LOGON &&
		       !zero16(a.master_key_id), "master key set: source %u, "
		       "a non-zero ID", a.master_key_source);
	else
		report(!a.master_key_source && zero16(a.master_key_id),
		       "no master key: source 0, ID zero");
	report(a.batch_max_ops == NCR_BATCH_MAX_OPS &&
	       a.batch_max_bytes == NCR_BATCH_MAX_BYTES,
	       "batch_max_ops %u, batch_max_bytes %llu: the ncr.h limits",
	       a.batch_max_ops, (unsigned long long)a.batch_max_bytes);
	report(a.inflight == 0, "inflight %llu: nothing in flight now",
	       (unsigned long long)a.inflight);
	if (!read_param("max_inflight_per_ns", &v))
		report(a.max_inflight_per_ns == v, "max_inflight_per_ns %u "
		       "== the parameter (%llu)", a.max_inflight_per_ns, v);
	if (!read_param("zerocopy_min", &v))
		report(a.zerocopy_min == v, "zerocopy_min %u == the parameter "
		       "(%llu)", a.zerocopy_min, v);

	/* dev_mode: the parameter (octal), the node's mode */
	if (!read_text("/sys/module/ncr/parameters/dev_mode", text,
		       sizeof(text))) {
		unsigned long m = strtoul(text, NULL, 8);

		report(a.dev_mode == m && a.dev_mode <= 0777,
		       "dev_mode %04o == /sys/module/ncr/parameters/dev_mode "
		       "(\"%s\", octal)", a.dev_mode, text);
		r = stat("/dev/crypto", &st);
		ok = !r && (st.st_mode & 07777) == (a.dev_mode ?: 0600);
		report(ok, "/dev/crypto has mode %04o, the dev_mode the "
		       "module was loaded with (%04o)",
		       r ? 0 : (unsigned int)(st.st_mode & 07777),
		       a.dev_mode ?: 0600);
	} else {
		report(0, "/sys/module/ncr/parameters/dev_mode readable");
	}

	/* a version 1 caller: nothing past its 120 bytes is written */
	memset(raw, 0xee, sizeof(raw));
	memset(raw, 0, NCR_INFO_SIZE_VER1);
	((struct ncr_info *)raw)->size = NCR_INFO_SIZE_VER1;
	r = call(NCRIO_INFO, raw);
	ok = !r;
	for (size_t i = NCR_INFO_SIZE_VER1; i < sizeof(raw); i++)
		ok &= raw[i] == 0xee;
	report(ok, "a version 1 caller (size 120): nothing written past its "
	       "structure (%s)", errname(r));
}
