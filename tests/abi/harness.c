// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/abi/harness.c - part of build/tests/abi (see tests/abi/main.c): the
 * shared harness.  Every result goes through report(); the small raw-ioctl
 * helpers every section uses; and the sweeps driven by the tables of
 * tests/abi/table.c: for each ioctl its argument sizes and structure
 * pointers, for each flags/usage/algs word or reserved field every unknown
 * bit, for each data pointer the bad addresses.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "abi.h"

/* ------------------------------------------------------------- TAP lines */

/*
 * Every result goes through report(): to TAP, or, in a child that dropped
 * its privileges (run_unprivileged()), through a pipe to the parent, which
 * prints it, so that the numbering and the counts stay the parent's.
 */
int child_pipe = -1;

void report_line(char kind, const char *name)
{
	char line[1100];
	int n = snprintf(line, sizeof(line), "%c%s\n", kind, name);

	for (int i = 1; i < n - 1; i++)
		if (line[i] == '\n')
			line[i] = ' ';
	if (write(child_pipe, line, (size_t)n) != n)
		_exit(3);
}

int report(int cond, const char *fmt, ...)
{
	char name[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	if (child_pipe >= 0)
		report_line(cond ? '1' : '0', name);
	else
		tap_ok(cond, "%s", name);
	return cond;
}

void report_skip(const char *reason, const char *fmt, ...)
{
	char name[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	if (child_pipe >= 0) {
		char both[1100];

		snprintf(both, sizeof(both), "%s\t%s", reason, name);
		report_line('s', both);
	} else {
		tap_skip(reason, "%s", name);
	}
}

int report_err(int got, int want, const char *fmt, ...)
{
	char name[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	if (got == want)
		return report(1, "%s: %s", name, errname(want));
	return report(0, "%s: got %s, want %s", name, errname(got),
		      errname(want));
}
/* ------------------------------------------------------------- helpers */

int call(unsigned long cmd, void *arg)
{
	return xioctl(fd, cmd, arg);
}

struct live live_now(void)
{
	struct live l = { 0 };

	live_get(fd, &l);
	return l;
}

int expect(int got, int want, const struct live *expect_live,
	   const char *fmt, ...)
{
	char name[600];
	struct live now;
	int same = 1;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	if (want && expect_live) {
		now = live_now();
		same = now.keys == expect_live->keys &&
		       now.sessions == expect_live->sessions;
	}
	if (got != want)
		return report(0, "%s: got %s, want %s", name, errname(got),
			      errname(want));
	if (!same)
		return report(0, "%s: %s, but live keys/sessions changed "
			      "(%llu/%llu -> %llu/%llu)", name, errname(want),
			      (unsigned long long)expect_live->keys,
			      (unsigned long long)expect_live->sessions,
			      (unsigned long long)now.keys,
			      (unsigned long long)now.sessions);
	return report(1, "%s: %s%s", name, errname(want),
		      want && expect_live ? ", nothing created" : "");
}

/* Like expect() but any of two errnos is right (documented order of
 * checks is open). */
int expect2(int got, int want1, int want2, const struct live *el,
	    const char *name)
{
	if (got == want2)
		return expect(got, want2, el, "%s", name);
	return expect(got, want1, el, "%s", name);
}

/* Generate / import with an algorithm set (0: the default set). */
int genx(uint32_t type, uint32_t bits, uint32_t flags, uint32_t usage,
	 uint64_t algs, uint32_t *key)
{
	struct ncr_key_generate g = {
		.size = sizeof(g), .flags = flags, .usage = usage,
		.type = type, .bits = bits, .algs = algs,
	};
	int r = call(NCRIO_KEY_GENERATE, &g);

	if (!r)
		*key = g.key;
	return r;
}

int gen(uint32_t type, uint32_t bits, uint32_t flags, uint32_t usage,
	uint32_t *key)
{
	return genx(type, bits, flags, usage, 0, key);
}

int impx(uint32_t type, const void *data, uint32_t len, uint32_t flags,
	 uint32_t usage, uint64_t algs, uint32_t *key)
{
	struct ncr_key_import im = {
		.size = sizeof(im), .flags = flags, .usage = usage,
		.type = type, .data = PTR64(data), .data_size = len,
		.algs = algs,
	};
	int r = call(NCRIO_KEY_IMPORT, &im);

	if (!r)
		*key = im.key;
	return r;
}

int imp(uint32_t type, const void *data, uint32_t len, uint32_t flags,
	uint32_t usage, uint32_t *key)
{
	return impx(type, data, len, flags, usage, 0, key);
}

/* Key info with the kernel's (version 1) structure. */
int kinfo(uint32_t key, struct ncr_key_info *ki)
{
	memset(ki, 0, sizeof(*ki));
	ki->size = sizeof(*ki);
	ki->key = key;
	return call(NCRIO_KEY_GET_INFO, ki);
}

int krestrict(uint32_t key, uint32_t clear_flags, uint32_t clear_usage,
	      uint64_t clear_algs)
{
	struct ncr_key_restrict r = {
		.size = sizeof(r), .key = key, .clear_flags = clear_flags,
		.clear_usage = clear_usage, .clear_algs = clear_algs,
	};

	return call(NCRIO_KEY_RESTRICT, &r);
}

int ktrust(uint32_t key)
{
	struct ncr_key_trust t = { .size = sizeof(t), .key = key };

	return call(NCRIO_KEY_TRUST, &t);
}

int kdel(uint32_t key)
{
	struct ncr_key_deinit d = { .size = sizeof(d), .key = key };

	return call(NCRIO_KEY_DEINIT, &d);
}

int sinit(uint32_t alg, uint32_t op, uint32_t key, const void *iv,
	  uint32_t iv_size, uint32_t tag_size, uint32_t *ses)
{
	struct ncr_session_init s = {
		.size = sizeof(s), .algorithm = alg, .op = op, .key = key,
		.iv = PTR64(iv), .iv_size = iv_size, .tag_size = tag_size,
	};
	int r = call(NCRIO_SESSION_INIT, &s);

	if (!r)
		*ses = s.ses;
	return r;
}

int sfree(uint32_t ses)
{
	struct ncr_session_free f = { .size = sizeof(f), .ses = ses };

	return call(NCRIO_SESSION_FREE, &f);
}

void op_init(struct ncr_session_op *o, uint32_t ses, const void *in,
	     uint64_t in_len, void *out, uint64_t out_cap)
{
	memset(o, 0, sizeof(*o));
	o->size = sizeof(*o);
	o->ses = ses;
	o->input = PTR64(in);
	o->input_size = in_len;
	o->output = PTR64(out);
	o->output_size = out_cap;
}

uint32_t cbc_session(int enc)
{
	uint32_t ses = 0;

	if (sinit(NCR_ALG_AES_CBC, enc ? NCR_OP_ENCRYPT : NCR_OP_DECRYPT,
		  k_aes, iv16, 16, 0, &ses))
		tap_diag("cannot create an AES-CBC session");
	return ses;
}

uint32_t sha256_session(void)
{
	uint32_t ses = 0;

	if (sinit(NCR_ALG_SHA256, NCR_OP_SIGN, 0, NULL, 0, 0, &ses))
		tap_diag("cannot create a SHA-256 session");
	return ses;
}
static const struct ioc *ioc_get(unsigned long cmd)
{
	for (size_t i = 0; i < n_iocs; i++)
		if (iocs[i].cmd == cmd)
			return &iocs[i];
	abort();
}

/* The keys and the session io's builder made or its call created. */
static void release(const struct ioc *io, const uint8_t *s)
{
	uint32_t h;

	for (size_t i = 0; i < ARRAY_SIZE(io->keys); i++) {
		if (!io->keys[i])
			continue;
		memcpy(&h, s + io->keys[i], sizeof(h));
		if (h)
			kdel(h);
	}
	if (io->ses) {
		memcpy(&h, s + io->ses, sizeof(h));
		if (h)
			sfree(h);
	}
}

/*
 * Builds io's valid request at s: zeroes len bytes, runs prep (NULL: the
 * ioctl's own builder) and sets the size field to size.  Returns NULL, or
 * the builder's reason to skip.
 */
static const char *build(const struct ioc *io, const char *(*prep)(void *),
			 uint8_t *s, size_t len, uint32_t size)
{
	const char *skip;

	memset(s, 0, len);
	skip = (prep ? prep : io->prep)(s);
	if (!skip)
		memcpy(s, &size, sizeof(size));
	return skip;
}

/* What a valid call of this ioctl returns here. */
static int valid_result(const struct ioc *io)
{
	if (io->cmd == NCRIO_MASTER_KEY_SET)
		return -EEXIST;
	if (io->cmd == NCRIO_KEY_TRUST && !is_root)
		return -EPERM;
	return 0;
}

/*
 * One call of io with its valid request at s (inside arena), size field
 * set to size, optionally changed by tweak; checks the result and the
 * live counters.  s must have room for max(size, io->size) bytes.
 */
static void run_variant(const struct ioc *io, uint8_t *s, size_t room,
			uint32_t size, void (*tweak)(uint8_t *s, size_t room),
			int want, const char *what)
{
	struct live before;
	const char *skip;
	int r;

	skip = build(io, NULL, s, room, size);
	if (skip) {
		report_skip(skip, "%s: %s", io->name, what);
		return;
	}
	if (tweak)
		tweak(s, room);
	before = live_now();
	r = call(io->cmd, s);
	/* a structure that cannot be read names no session to free */
	expect(r, want, &before, "%s: %s", io->name, what);
	if (!r && size > io->size) {
		/* the tail beyond the kernel's structure is not written */
		int clean = 1;

		for (size_t i = io->size; i < size && i < room; i++)
			clean &= s[i] == 0;
		report(clean, "%s: %s: bytes past the structure untouched",
		       io->name, what);
	}
	release(io, s);
}

/*
 * A valid call with an older (smaller) size: the fields past it are
 * neither read (they hold 0xa5 bytes, which would be refused as flags,
 * reserved words or pointers) nor written, the call succeeds with the
 * missing fields read as zero.
 */
static void run_version(const struct ioc *io, uint8_t *s, size_t room,
			uint32_t size, const char *what)
{
	size_t end = io->size + 64;
	struct live before;
	const char *skip;
	int r, clean = 1;

	skip = build(io, NULL, s, room, size);
	if (skip) {
		report_skip(skip, "%s: %s", io->name, what);
		return;
	}
	memset(s + size, 0xa5, end - size);
	before = live_now();
	r = call(io->cmd, s);
	expect(r, valid_result(io), &before, "%s: %s", io->name, what);
	for (size_t i = size; i < end; i++)
		clean &= s[i] == 0xa5;
	report(clean, "%s: %s: fields past the caller's size neither read nor "
	       "written", io->name, what);
	release(io, s);
}

static void tail_nonzero_last(uint8_t *s, size_t room)
{
	uint32_t size;

	(void)room;
	memcpy(&size, s, 4);
	s[size - 1] = 1;
}

static void test_sizes(const struct ioc *io)
{
	uint8_t *s = arena;		/* page aligned, 2 pages room */
	size_t room = 2 * (size_t)pagesz;
	int ok = valid_result(io);
	char what[96];

	run_variant(io, s, room, 0, NULL, -EINVAL, "size 0");
	run_variant(io, s, room, 4, NULL, -EINVAL, "size 4");
	snprintf(what, sizeof(what), "size VER0-1 (%zu)", io->ver0 - 1);
	run_variant(io, s, room, (uint32_t)io->ver0 - 1, NULL, -EINVAL, what);
	for (int v = 0; v < 4 && io->vers[v]; v++) {
		if (io->vers[v] == io->size)
			continue;
		snprintf(what, sizeof(what), "size VER%d (%u)", v,
			 io->vers[v]);
		run_version(io, s, room, io->vers[v], what);
	}
	if (io->ver0 + 4 < io->size) {
		snprintf(what, sizeof(what), "size VER0+4 (%zu, between "
			 "versions)", io->ver0 + 4);
		run_version(io, s, room, (uint32_t)io->ver0 + 4, what);
	}
	for (int v = 0; v < 4 && io->vers[v]; v++)
		if (io->vers[v] == io->size)
			snprintf(what, sizeof(what), "exact size %zu (VER%d)",
				 io->size, v);
	run_variant(io, s, room, (uint32_t)io->size, NULL, ok, what);
	snprintf(what, sizeof(what), "size %zu, zero tail", io->size + 8);
	run_variant(io, s, room, (uint32_t)io->size + 8, NULL, ok, what);
	snprintf(what, sizeof(what), "size %zu, non-zero tail byte",
		 io->size + 1);
	run_variant(io, s, room, (uint32_t)io->size + 1, tail_nonzero_last,
		    -E2BIG, what);
	snprintf(what, sizeof(what), "size %zu, non-zero last tail byte",
		 io->size + 64);
	run_variant(io, s, room, (uint32_t)io->size + 64, tail_nonzero_last,
		    -E2BIG, what);
	run_variant(io, s, room, 4096, NULL, ok, "size 4096, zero tail");
	run_variant(io, s, room, 4096, tail_nonzero_last, -E2BIG,
		    "size 4096, non-zero last byte");
	run_variant(io, s, room, 4097, NULL, -E2BIG, "size 4097, zero tail");
	run_variant(io, s, room, 0xffffffffu, NULL, -E2BIG, "size 0xffffffff");
}

static void test_struct_pointers(const struct ioc *io)
{
	static const struct {
		uint64_t p;
		const char *what;
	} bad[] = {
		{ 0, "NULL" }, { 1, "address 1" },
		{ BAD_KERNEL_PTR, "kernel address" },
		{ BAD_NONCANON, "non-canonical address" },
	};
	struct live before = live_now();
	uint8_t *s;
	const char *skip;
	int r;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		r = call(io->cmd, (void *)(uintptr_t)bad[i].p);
		expect(r, -EFAULT, &before, "%s: structure pointer %s",
		       io->name, bad[i].what);
	}
	r = call(io->cmd, guard);
	expect(r, -EFAULT, &before, "%s: structure in an unmapped page",
	       io->name);

	/* valid structure right before the guard page, claiming 64 bytes
	 * more: the tail cannot be read */
	s = guard - io->size;
	skip = build(io, NULL, s, io->size, (uint32_t)io->size + 64);
	if (skip) {
		report_skip(skip, "%s: tail runs into an unmapped page", io->name);
	} else {
		before = live_now();
		r = call(io->cmd, s);
		expect(r, -EFAULT, &before, "%s: size runs into an unmapped "
		       "page", io->name);
		release(io, s);
	}

	/* only the size field mapped */
	s = guard - 4;
	memcpy(s, &(uint32_t){ (uint32_t)io->size }, 4);
	before = live_now();
	r = call(io->cmd, s);
	expect(r, -EFAULT, &before, "%s: structure straddles into an unmapped "
	       "page", io->name);

	if (!io->writes_back)
		return;
	/* a valid request in read-only memory: the write-back fails and
	 * nothing may be left behind */
	s = arena;
	skip = build(io, NULL, s, io->size, (uint32_t)io->size);
	if (skip) {
		report_skip(skip, "%s: read-only structure", io->name);
		return;
	}
	mprotect(arena, (size_t)pagesz, PROT_READ);
	before = live_now();
	r = call(io->cmd, s);
	mprotect(arena, (size_t)pagesz, PROT_READ | PROT_WRITE);
	expect(r, -EFAULT, &before, "%s: read-only structure", io->name);
	release(io, s);
	if (io->creates) {
		/* if something was created anyway, do not leak it (release
		 * also dropped what the builder made: fewer is fine) */
		struct live now = live_now();

		if (now.keys > before.keys || now.sessions > before.sessions)
			tap_diag("%s: read-only structure left objects "
				 "behind", io->name);
	}
}
/* ------------------------------------------------- flags, reserved words */

static void test_field(const struct field *f)
{
	const struct ioc *io = ioc_get(f->cmd);
	uint8_t *s = arena;
	int bad = 0, n = 0, first_bad = -1, first_got = 0;

	/* without CAP_SYS_ADMIN, whether a bad trust request is refused
	 * for its flags or for the privilege first is open */
	int alt = f->cmd == NCRIO_KEY_TRUST && !is_root ? -EPERM : -EINVAL;

	for (int bit = 0; bit < 8 * f->width; bit++) {
		struct live before;
		uint64_t v = 0;
		const char *skip;
		int r;

		if (f->valid & (1ULL << bit))
			continue;
		skip = build(io, NULL, s, io->size, (uint32_t)io->size);
		if (skip) {
			report_skip(skip, "%s: unknown bits", f->name);
			return;
		}
		memcpy(&v, s + f->off, (size_t)f->width);
		v |= 1ULL << bit;
		memcpy(s + f->off, &v, (size_t)f->width);
		before = live_now();
		r = call(io->cmd, s);
		n++;
		{
			struct live now = live_now();

			/* whether FINAL frees a session whose request had
			 * a bad flag is open: sessions not compared there */
			if ((r != -EINVAL && r != alt) ||
			    now.keys != before.keys ||
			    (!io->destroys &&
			     now.sessions != before.sessions)) {
				if (!bad++) {
					first_bad = bit;
					first_got = r;
				}
			}
		}
		release(io, s);
	}
	if (bad)
		report(0, "%s: each of %d unknown bits -> EINVAL: %d wrong, "
		       "first bit %d gave %s", f->name, n, bad, first_bad,
		       errname(first_got));
	else
		report(1, "%s: each of %d unknown bits -> EINVAL, nothing "
		       "created", f->name, n);
}

/* ------------------------------------------------------- data pointers */

static void test_ptrfield(const struct ptrfield *f)
{
	const struct ioc *io = ioc_get(f->cmd);
	uint64_t bad[] = { 0, 1, BAD_KERNEL_PTR, BAD_NONCANON,
			   PTR64(guard) };
	uint8_t *s = arena;
	int nbad = 0, first_got = 0;
	size_t first = 0;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct live before, now;
		const char *skip;
		int r, want = -EFAULT;

		/* NCRIO_INFO: algs == 0 means "no array" */
		if (f->cmd == NCRIO_INFO && !bad[i])
			continue;

		skip = build(io, f->prep, s, io->size, (uint32_t)io->size);
		if (skip) {
			report_skip(skip, "%s: bad pointers", f->name);
			return;
		}
		memcpy(s + f->off, &bad[i], 8);
		before = live_now();
		r = call(io->cmd, s);
		if (io->destroys)
			before.sessions--;	/* FINAL frees on failure */
		if (f->cmd == NCRIO_MASTER_KEY_SET && master_set &&
		    r == -EEXIST)
			want = -EEXIST;	/* order of checks not documented */
		now = live_now();
		if (r != want || now.keys != before.keys ||
		    now.sessions != before.sessions) {
			if (!nbad++) {
				first = i;
				first_got = r;
			}
		}
		release(io, s);
	}
	if (nbad)
		report(0, "%s: NULL/1/kernel/non-canonical/unmapped -> EFAULT: "
		       "%d wrong, first (#%zu) gave %s", f->name, nbad, first,
		       errname(first_got));
	else
		report(1, "%s: NULL/1/kernel/non-canonical/unmapped -> EFAULT, "
		       "nothing created", f->name);
}

/*
 * The sweeps over the tables of tests/abi/table.c, in order: every ioctl's
 * sizes and structure pointers, every flags word and reserved field, every
 * data pointer.
 */
void test_tables(void)
{
	for (size_t i = 0; i < n_iocs; i++) {
		if (iocs[i].cmd == NCRIO_MASTER_KEY_SET && !is_root) {
			report_skip("needs root", "%s: sizes and pointers",
				 iocs[i].name);
			continue;
		}
		test_sizes(&iocs[i]);
		test_struct_pointers(&iocs[i]);
	}
	for (size_t i = 0; i < n_fields; i++)
		test_field(&fields[i]);
	for (size_t i = 0; i < n_ptrfields; i++)
		test_ptrfield(&ptrfields[i]);
}
