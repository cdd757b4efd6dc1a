// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * errors.c - build/tests/uring: what a wrong submission gets.
 *   - Bad one-shot inputs: the CQE's res is exactly what the
 *     NCRIO_SESSION_ONCE ioctl returns for the same structure (ENOENT
 *     handle, EPERM usage or algorithm set, ERANGE with the sizes needed
 *     written back, EINVAL, E2BIG, EFAULT buffers), and the structure is
 *     written back byte for byte as the ioctl writes it.
 *   - Bad commands: another cmd_op (ENOTTY, nothing run), non-zero flags
 *     or __reserved in struct ncr_uring_cmd (EINVAL, nothing run), an arg
 *     that is NULL, unmapped, a kernel address, non-canonical, or a
 *     structure the kernel cannot write back (EFAULT); an arg at an odd
 *     address works.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <crypto/cryptodev.h>

#include "uring.h"

static uint32_t k_cbc, k_enc_only, k_hmac;
static uint8_t msg[256], iv[16], out[512], tag[64];
static uint8_t *unmapped, *rdonly;

/* A valid AES-CBC encryption of 64 bytes with k_cbc. */
static void cbc(struct ncr_session_once *o)
{
	memset(o, 0, sizeof(*o));
	o->size = sizeof(*o);
	o->algorithm = NCR_ALG_AES_CBC;
	o->op = NCR_OP_ENCRYPT;
	o->key = k_cbc;
	o->iv = PTR64(iv);
	o->iv_size = 16;
	o->input = PTR64(msg);
	o->input_size = 64;
	o->output = PTR64(out);
	o->output_size = sizeof(out);
}

static void hmac(struct ncr_session_once *o)
{
	memset(o, 0, sizeof(*o));
	o->size = sizeof(*o);
	o->algorithm = NCR_ALG_HMAC_SHA256;
	o->op = NCR_OP_SIGN;
	o->key = k_hmac;
	o->input = PTR64(msg);
	o->input_size = sizeof(msg);
	o->tag = PTR64(tag);
	o->tag_size = sizeof(tag);
}

static void c_enoent(struct ncr_session_once *o) { cbc(o); o->key = 0x7fff1234; }
static void c_eperm_usage(struct ncr_session_once *o) { cbc(o); o->key = k_enc_only; o->op = NCR_OP_DECRYPT; }
static void c_eperm_set(struct ncr_session_once *o) { cbc(o); o->algorithm = NCR_ALG_AES_CTR; }
static void c_erange_out(struct ncr_session_once *o) { cbc(o); o->output_size = 32; }
static void c_erange_tag(struct ncr_session_once *o) { hmac(o); o->tag_size = 16; }
static void c_iv(struct ncr_session_once *o) { cbc(o); o->iv_size = 8; }
static void c_partial(struct ncr_session_once *o) { cbc(o); o->input_size = 15; }
static void c_aad(struct ncr_session_once *o) { cbc(o); o->aad = PTR64(msg); o->aad_size = 16; }
static void c_size(struct ncr_session_once *o) { cbc(o); o->size = 8; }
static void c_op(struct ncr_session_once *o) { cbc(o); o->op = NCR_OP_SIGN; }
static void c_alg(struct ncr_session_once *o) { cbc(o); o->algorithm = 9999; }
static void c_opflags(struct ncr_session_once *o) { cbc(o); o->op_flags = 0x40000000; }
static void c_reserved(struct ncr_session_once *o) { hmac(o); o->__reserved2 = 1; }
static void c_in_fault(struct ncr_session_once *o) { cbc(o); o->input = PTR64(unmapped); }
static void c_out_fault(struct ncr_session_once *o) { cbc(o); o->output = PTR64(rdonly); }
static void c_tag_fault(struct ncr_session_once *o) { hmac(o); o->tag = PTR64(unmapped); }
static void c_big_out_fault(struct ncr_session_once *o)
{
	cbc(o);		/* past zerocopy_min: pinned pages */
	o->input = PTR64(rdonly);
	o->input_size = 8192;
	o->output = PTR64(rdonly);
	o->output_size = 8192;
}
static void c_hw_sha(struct ncr_session_once *o)
{
	memset(o, 0, sizeof(*o));
	o->size = sizeof(*o);
	o->flags = NCR_SESSION_FLAG_HARDWARE;
	o->algorithm = NCR_ALG_SHA256;
	o->op = NCR_OP_SIGN;
	o->input = PTR64(msg);
	o->input_size = 16;
	o->tag = PTR64(tag);
	o->tag_size = sizeof(tag);
}

static void once_cases(struct io_uring *ring)
{
	/* want: the documented errno; 1: any error, the ioctl's */
	static const struct {
		const char *name;
		int want;
		void (*fill)(struct ncr_session_once *o);
	} cases[] = {
		{ "a handle that does not exist", -ENOENT, c_enoent },
		{ "decrypt with an encrypt-only key", -EPERM, c_eperm_usage },
		{ "AES-CTR with a key whose set is CBC", -EPERM, c_eperm_set },
		{ "output 32 bytes for 64 (the size needed written back)",
		  -ERANGE, c_erange_out },
		{ "an HMAC-SHA256 tag capacity of 16", -ERANGE, c_erange_tag },
		{ "CBC with an 8-byte IV", -EINVAL, c_iv },
		{ "CBC of 15 bytes", -EINVAL, c_partial },
		{ "AAD on a cipher", -EINVAL, c_aad },
		{ "size 8", -EINVAL, c_size },
		{ "SIGN with a cipher", -EINVAL, c_op },
		{ "algorithm 9999", 1, c_alg },
		{ "an unknown op_flags bit", -EINVAL, c_opflags },
		{ "non-zero __reserved2", 1, c_reserved },
		{ "an inaccessible (PROT_NONE) input", -EFAULT, c_in_fault },
		{ "a read-only output", -EFAULT, c_out_fault },
		{ "a read-only 8 KiB output (pinned pages)", -EFAULT,
		  c_big_out_fault },
		{ "an inaccessible tag", -EFAULT, c_tag_fault },
		{ "SHA-256 with NCR_SESSION_FLAG_HARDWARE", 1, c_hw_sha },
	};
	struct ncr_session_once a, b;
	uint8_t out_i[sizeof(out)];
	int ei, eu;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int want = cases[i].want, ok;

		cases[i].fill(&a);
		memset(out, 0, sizeof(out));
		ei = xioctl(fd, NCRIO_SESSION_ONCE, &a);
		memcpy(out_i, out, sizeof(out));
		cases[i].fill(&b);
		memset(out, 0, sizeof(out));
		eu = ring_one(ring, fd, NCRIO_SESSION_ONCE, &b, 0);
		ok = eu == ei && (want == 1 ? ei < 0 && ei > -1000 :
				  ei == want) &&
		     !memcmp(&a, &b, sizeof(a)) &&
		     !memcmp(out, out_i, sizeof(out));
		tap_ok(ok, "one-shot SQE with %s: CQE %s, ioctl %s (want %s), "
		       "the structure written back alike%s", cases[i].name,
		       errname(eu), errname(ei),
		       want == 1 ? "an error" : errname(want),
		       cases[i].fill == c_erange_out ||
		       cases[i].fill == c_erange_tag ? " (with the size "
		       "needed)" : "");
		if (cases[i].fill == c_erange_out)
			tap_ok(b.output_size == 64, "... ERANGE wrote back "
			       "output_size 64 (got %llu)",
			       (unsigned long long)b.output_size);
		if (cases[i].fill == c_erange_tag)
			tap_ok(b.tag_size == 32, "... ERANGE wrote back "
			       "tag_size 32 (got %u)", b.tag_size);
	}
}

/* A 16-byte tail past the kernel's structure: zero is fine, non-zero
 * E2BIG, as for the ioctl. */
static void tail_case(struct io_uring *ring)
{
	struct {
		struct ncr_session_once o;
		uint8_t tail[16];
	} a, b;
	int ei, eu;

	for (int nz = 0; nz < 2; nz++) {
		memset(&a, 0, sizeof(a));
		cbc(&a.o);
		a.o.size = sizeof(a);
		a.tail[15] = (uint8_t)nz;
		b = a;
		ei = xioctl(fd, NCRIO_SESSION_ONCE, &a);
		eu = ring_one(ring, fd, NCRIO_SESSION_ONCE, &b, 0);
		tap_ok(ei == (nz ? -E2BIG : 0) && eu == ei &&
		       !memcmp(&a, &b, sizeof(a)),
		       "one-shot SQE with a structure 16 bytes longer, tail %s: "
		       "CQE %s, ioctl %s", nz ? "non-zero" : "zero",
		       errname(eu), errname(ei));
	}
}

/* One command with a hand-made command area and cmd_op. */
static int raw(struct io_uring *ring, uint32_t cmd_op, uint64_t arg,
	       uint32_t flags, uint32_t reserved)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	struct io_uring_cqe *cqe;
	int r;

	if (!sqe)
		return -1000 - EBUSY;
	sqe_cmd_raw(sqe, fd, cmd_op, arg, flags, reserved);
	sqe->user_data = 7;
	if (io_uring_submit(ring) != 1)
		return -1000 - EIO;
	do
		r = io_uring_wait_cqe(ring, &cqe);
	while (r == -EINTR);
	if (r)
		return -1000 + r;
	r = cqe->res;
	io_uring_cqe_seen(ring, cqe);
	return r;
}

static void bad_commands(struct io_uring *ring)
{
	static const struct {
		const char *name;
		uint32_t op;
	} ops[] = {
		{ "0", 0 },
		{ "NCRIO_INFO", NCRIO_INFO },
		{ "NCRIO_SESSION_INIT", NCRIO_SESSION_INIT },
		{ "NCRIO_SESSION_UPDATE", NCRIO_SESSION_UPDATE },
		{ "NCRIO_KEY_GENERATE", NCRIO_KEY_GENERATE },
		{ "CIOCGSESSION", CIOCGSESSION },
		{ "CIOCCRYPT", CIOCCRYPT },
		{ "_IOWR('c', 223, once)",
		  _IOWR('c', 223, struct ncr_session_once) },
		{ "~0", ~0u },
	};
	static const struct {
		const char *name;
		uint64_t arg;
	} args[] = {
		{ "NULL", 0 },
		{ "a kernel address", 0xffff888000000000ull },
		{ "a non-canonical address", 0x0000900000000000ull << 4 },
		{ "the last user page", 0x00007ffffffff000ull },
	};
	struct ncr_session_once o, *odd;
	struct ncr_batch bt = { .size = sizeof(bt) };
	uint8_t *buf;
	int e;

	for (size_t i = 0; i < ARRAY_SIZE(ops); i++) {
		cbc(&o);
		memset(out, 0, sizeof(out));
		e = raw(ring, ops[i].op, PTR64(&o), 0, 0);
		tap_ok(e == -ENOTTY && !out[0] && !out[63],
		       "cmd_op %s (arg a valid one-shot): CQE %s (want ENOTTY),"
		       " nothing run", ops[i].name, errname(e));
	}
	for (int f = 0; f < 3; f++) {
		uint32_t flags = f == 0 ? 1 : f == 1 ? 0x80000000u : 0;
		uint32_t rsv = f == 2 ? 1 : 0;

		cbc(&o);
		memset(out, 0, sizeof(out));
		e = raw(ring, NCRIO_SESSION_ONCE, PTR64(&o), flags, rsv);
		tap_ok(e == -EINVAL && !out[0] && !out[63] &&
		       o.output_size == sizeof(out),
		       "struct ncr_uring_cmd with flags %#x, __reserved %u: CQE "
		       "%s (want EINVAL), nothing run", flags, rsv,
		       errname(e));
		e = raw(ring, NCRIO_BATCH, PTR64(&bt), flags, rsv);
		tap_ok(e == -EINVAL, "... the same on NCRIO_BATCH: CQE %s",
		       errname(e));
	}
	for (size_t i = 0; i < ARRAY_SIZE(args); i++) {
		e = raw(ring, NCRIO_SESSION_ONCE, args[i].arg, 0, 0);
		tap_ok(e == -EFAULT, "one-shot SQE whose arg is %s: CQE %s "
		       "(want EFAULT)", args[i].name, errname(e));
		e = raw(ring, NCRIO_BATCH, args[i].arg, 0, 0);
		tap_ok(e == -EFAULT, "batch SQE whose arg is %s: CQE %s "
		       "(want EFAULT)", args[i].name, errname(e));
	}
	e = raw(ring, NCRIO_SESSION_ONCE, PTR64(unmapped), 0, 0);
	tap_ok(e == -EFAULT, "one-shot SQE whose arg is inaccessible "
	       "(PROT_NONE): CQE %s (want EFAULT)", errname(e));
	e = raw(ring, NCRIO_BATCH, PTR64(unmapped), 0, 0);
	tap_ok(e == -EFAULT, "batch SQE whose arg is inaccessible (PROT_NONE): "
	       "CQE %s (want EFAULT)", errname(e));

	/* the structure across the end of a mapping: its head readable */
	buf = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		abort();
	munmap(buf + 4096, 4096);
	cbc(&o);
	memcpy(buf + 4096 - 32, &o, 32);
	e = raw(ring, NCRIO_SESSION_ONCE, PTR64(buf + 4096 - 32), 0, 0);
	tap_ok(e == -EFAULT, "one-shot SQE whose structure runs past the end "
	       "of its mapping: CQE %s (want EFAULT)", errname(e));
	/* a read-only structure: the operation runs, the write-back fails */
	cbc(&o);
	memcpy(buf, &o, sizeof(o));
	mprotect(buf, 4096, PROT_READ);
	e = xioctl(fd, NCRIO_SESSION_ONCE, buf);
	tap_ok(e == -EFAULT && raw(ring, NCRIO_SESSION_ONCE, PTR64(buf), 0, 0)
	       == e, "one-shot SQE whose structure is read-only: EFAULT, as "
	       "the ioctl (%s)", errname(e));
	munmap(buf, 4096);

	/* an odd address is fine */
	buf = malloc(sizeof(o) + 1);
	odd = (void *)(buf + 1);
	cbc(&o);
	memcpy(odd, &o, sizeof(o));
	e = raw(ring, NCRIO_SESSION_ONCE, PTR64(odd), 0, 0);
	memcpy(&o, odd, sizeof(o));
	tap_ok(!e && o.output_size == 64, "one-shot SQE whose structure is at "
	       "an odd address: CQE %s, output_size %llu", errname(e),
	       (unsigned long long)o.output_size);
	free(buf);
}

void test_errors(void)
{
	struct io_uring ring;
	uint8_t kb[32];
	struct rng r = { .s = seed ^ 0xe770 };
	int e;

	rng_fill(&r, kb, sizeof(kb));
	rng_fill(&r, msg, sizeof(msg));
	rng_fill(&r, iv, sizeof(iv));
	/* PROT_NONE, and kept: an unmapped page would soon be reused */
	unmapped = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			-1, 0);
	rdonly = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		      0);
	if (unmapped == MAP_FAILED || rdonly == MAP_FAILED)
		abort();
	e = io_uring_queue_init(8, &ring, 0);
	if (!e)
		e = key_import(fd, NCR_KEY_TYPE_AES, NCR_KEY_FORMAT_RAW, 0, kb,
			       16, 0, NCR_KEY_USAGE_ENCRYPT |
			       NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_AES_CBC,
			       NULL, 0, &k_cbc);
	if (!e)
		e = key_import(fd, NCR_KEY_TYPE_AES, NCR_KEY_FORMAT_RAW, 0, kb,
			       16, 0, NCR_KEY_USAGE_ENCRYPT,
			       NCR_KEY_ALG_AES_CBC, NULL, 0, &k_enc_only);
	if (!e)
		e = key_import(fd, NCR_KEY_TYPE_HMAC, NCR_KEY_FORMAT_RAW, 0, kb,
			       32, 0, NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY,
			       NCR_KEY_ALG_HMAC_SHA256, NULL, 0, &k_hmac);
	if (!tap_ok(!e, "errors: a ring and three keys: %s", errname(e)))
		return;
	once_cases(&ring);
	tail_case(&ring);
	bad_commands(&ring);
	key_del(fd, k_cbc);
	key_del(fd, k_enc_only);
	key_del(fd, k_hmac);
	io_uring_queue_exit(&ring);
	munmap(rdonly, 8192);
	munmap(unmapped, 4096);
}
