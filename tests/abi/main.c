// SPDX-License-Identifier: GPL-2.0
/*
 * abi - tests of the /dev/crypto ABI (version 3) with raw ioctls (no
 * libncr), in the manner of the kernel's openat2 selftests.  What is
 * checked is what the opening comment of ncr.h documents:
 *
 *   - every ioctl (NCRIO_KEY_RESTRICT and NCRIO_KEY_TRUST included): argument
 *     size 0, 4, VER0-1, every published version size (NCR_*_SIZE_VER*:
 *     the call works with the missing fields read as zero, and the bytes
 *     past the caller's size are neither read nor written), a size between
 *     two versions, exact, larger with a zero tail (accepted, tail not
 *     written), larger with a non-zero tail (E2BIG), 4096 (accepted), above
 *     4096 (E2BIG); structure pointer NULL, garbage, kernel, running into an
 *     unmapped page (EFAULT); read-only structure for ioctls that write back
 *     (EFAULT, nothing created);
 *   - every unknown bit of every flags/usage/algs word (64-bit ones too) and
 *     every __reserved field (EINVAL);
 *   - every data pointer bad, labels included (EFAULT);
 *   - handles 0, 12345, 0xffffffff and a deinit'ed/freed one (ENOENT);
 *   - unknown ioctl numbers, including size-encoded variants (ENOTTY);
 *   - invalid algorithm, op, key type, key length, IV and tag sizes (MACs
 *     at least 10 bytes for HMAC, 8 for CMAC) and key/algorithm type
 *     mismatches (EINVAL);
 *   - ERANGE with the needed size written back (export, storage wrap,
 *     key wrap, update, final, once), "nothing consumed" after
 *     ERANGE/EFAULT;
 *   - key wrap/unwrap: algorithms, wrapping key type, size, usage and
 *     algorithm set, WRAPPABLE and EXPORTABLE-or-TRUSTED, lengths per
 *     algorithm and per key type, the RFC 3394 and RFC 5649 known answers,
 *     tampering (EBADMSG); the new key's flags as asked, EXPORTABLE and
 *     HASHABLE only under an exportable unwrapping key (EPERM);
 *   - public keys: NCRIO_KEY_GENERATE_PAIR and NCRIO_KEY_DERIVE in the
 *     generic tables, their parameter rules per type, key IDs, labels,
 *     classes, attributes and derived public usage; import format/bits/type
 *     rules, strict DER, ERANGE on SPKI export; SESSION_INIT/ONCE
 *     version-1 fields;
 *   - NCRIO_INFO contents, version 1: the limits equal the module
 *     parameters, the caller's use moves with its keys, sessions, buffered
 *     bytes and namespaces;
 *   - key info: kernel-assigned 16-byte key IDs, all distinct; labels;
 *     attributes (LOCAL, ALWAYS_SENSITIVE, NEVER_EXTRACTABLE) of generated,
 *     imported (by root or not), unwrapped and derived keys; the VER0 size
 *     writes 64 bytes only;
 *   - algorithm sets: the default set of each type and usage (and none for
 *     two families), explicit sets, other types' algorithms, the XTS rules,
 *     through generate, import, unwrap, derive and pair generation, old
 *     structure versions getting the default; every operation outside the
 *     set EPERM;
 *   - NCRIO_KEY_RESTRICT: clears only, EINVAL for unknown bits or an empty
 *     usage or set (nothing changed), visible in key info, enforced on the
 *     next session, not on one already running, attributes kept, storage
 *     blobs keeping the policy of their sealing;
 *   - NCRIO_KEY_TRUST: EPERM without CAP_SYS_ADMIN (a child that drops to
 *     uid 65534 when run as root), EINVAL for keys that do not qualify,
 *     including keys an unprivileged process made in a namespace it shares
 *     with root; what a TRUSTED key may then wrap and unwrap;
 *   - SESSION_ONCE version 2 mac_size: only for MACs, the minimum lengths,
 *     SIGN writes mac_size bytes, VERIFY accepts exactly mac_size bytes;
 *     without it (and with versions 0 and 1) full-length MACs only;
 *   - EDQUOT at each per-user limit (root: the module parameters are
 *     lowered for a moment and restored), nothing created;
 *   - VERIFY with a wrong MAC succeeds with NCR_VERIFY_FAILED; FINAL frees
 *     the session even when it fails, except on ERANGE; an update that
 *     faults after processing data leaves the session failed (EIO).
 * After every failing call the module's live_keys/live_sessions must be
 * unchanged (a failed ioctl creates nothing).
 *
 *   build/tests/abi [--master-key-hex HEX64]
 *
 * Run as root with the master key already set (tests/vm-suite.sh runs
 * security, which sets it, first), or with --master-key-hex in a boot of
 * its own; the storage tests are skipped without a master key.  As root
 * the unprivileged checks run in a forked child of uid 65534; run as
 * another user, abi checks that the privileged calls are refused.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

static int fd;
static long pagesz;
static uint8_t *arena;		/* 2 RW pages, then a PROT_NONE page */
static uint8_t *guard;		/* the PROT_NONE page */
static int is_root;
static int master_set;		/* storage wrap works */

/* Persistent objects used by many tests. */
static uint32_t k_aes;		/* AES-128, all usages */
static uint32_t k_hmac;		/* HMAC 32 bytes, sign|verify */
static uint8_t blob[NCR_STORAGE_BLOB_MAX];
static uint32_t blob_len;
static uint8_t wrapped[NCR_WRAPPED_KEY_MAX];	/* key16, RFC 5649 under k_aes */
static uint32_t wrapped_len;

static uint8_t buf_in[256], buf_out[4096], buf_tag[NCR_MAX_TAG];
static uint8_t key16[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
			     15, 16 };
static uint8_t iv16[16];
static uint8_t label4[4] = { 0xca, 0xfe, 0xba, 0xbe };

#define BAD_KERNEL_PTR 0xffffffff81000000ULL
#define BAD_NONCANON 0x8000000000000000ULL

/* Every AES algorithm but XTS: the set of the shared test key k_aes. */
#define AES_ALGS (NCR_KEY_ALG_AES_ECB | NCR_KEY_ALG_AES_CBC | \
		  NCR_KEY_ALG_AES_CTR | NCR_KEY_ALG_AES_GCM | \
		  NCR_KEY_ALG_AES_CCM | NCR_KEY_ALG_CMAC_AES | \
		  NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_KWP)
#define AES_WRAPS (NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_KWP)

/* ------------------------------------------------------------- TAP lines */

/*
 * Every result goes through report(): to TAP, or, in a child that dropped
 * its privileges (run_unprivileged()), through a pipe to the parent, which
 * prints it, so that the numbering and the counts stay the parent's.
 */
static int child_pipe = -1;

static void report_line(char kind, const char *name)
{
	char line[1100];
	int n = snprintf(line, sizeof(line), "%c%s\n", kind, name);

	for (int i = 1; i < n - 1; i++)
		if (line[i] == '\n')
			line[i] = ' ';
	if (write(child_pipe, line, (size_t)n) != n)
		_exit(3);
}

static int report(int cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int report(int cond, const char *fmt, ...)
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

static void report_skip(const char *reason, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void report_skip(const char *reason, const char *fmt, ...)
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

static int report_err(int got, int want, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int report_err(int got, int want, const char *fmt, ...)
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

static int call(unsigned long cmd, void *arg)
{
	return xioctl(fd, cmd, arg);
}

static struct live live_now(void)
{
	struct live l = { 0 };

	live_get(fd, &l);
	return l;
}

/* Reports got vs want; when want != 0 the live counters must equal
 * *expect (NULL: not checked).  Returns 1 if ok. */
static int expect(int got, int want, const struct live *expect_live,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int expect(int got, int want, const struct live *expect_live,
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
static int expect2(int got, int want1, int want2, const struct live *el,
		   const char *name)
{
	if (got == want2)
		return expect(got, want2, el, "%s", name);
	return expect(got, want1, el, "%s", name);
}

/* Generate / import with an algorithm set (0: the default set). */
static int genx(uint32_t type, uint32_t bits, uint32_t flags, uint32_t usage,
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

static int gen(uint32_t type, uint32_t bits, uint32_t flags, uint32_t usage,
	       uint32_t *key)
{
	return genx(type, bits, flags, usage, 0, key);
}

static int impx(uint32_t type, const void *data, uint32_t len, uint32_t flags,
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

static int imp(uint32_t type, const void *data, uint32_t len, uint32_t flags,
	       uint32_t usage, uint32_t *key)
{
	return impx(type, data, len, flags, usage, 0, key);
}

/* Key info with the kernel's (version 1) structure. */
static int kinfo(uint32_t key, struct ncr_key_info *ki)
{
	memset(ki, 0, sizeof(*ki));
	ki->size = sizeof(*ki);
	ki->key = key;
	return call(NCRIO_KEY_GET_INFO, ki);
}

static int krestrict(uint32_t key, uint32_t clear_flags, uint32_t clear_usage,
		     uint64_t clear_algs)
{
	struct ncr_key_restrict r = {
		.size = sizeof(r), .key = key, .clear_flags = clear_flags,
		.clear_usage = clear_usage, .clear_algs = clear_algs,
	};

	return call(NCRIO_KEY_RESTRICT, &r);
}

static int ktrust(uint32_t key)
{
	struct ncr_key_trust t = { .size = sizeof(t), .key = key };

	return call(NCRIO_KEY_TRUST, &t);
}

static int kdel(uint32_t key)
{
	struct ncr_key_deinit d = { .size = sizeof(d), .key = key };

	return call(NCRIO_KEY_DEINIT, &d);
}

static int sinit(uint32_t alg, uint32_t op, uint32_t key, const void *iv,
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

static int sfree(uint32_t ses)
{
	struct ncr_session_free f = { .size = sizeof(f), .ses = ses };

	return call(NCRIO_SESSION_FREE, &f);
}

static void op_init(struct ncr_session_op *o, uint32_t ses, const void *in,
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

static uint32_t cbc_session(int enc)
{
	uint32_t ses = 0;

	if (sinit(NCR_ALG_AES_CBC, enc ? NCR_OP_ENCRYPT : NCR_OP_DECRYPT,
		  k_aes, iv16, 16, 0, &ses))
		tap_diag("cannot create an AES-CBC session");
	return ses;
}

static uint32_t sha256_session(void)
{
	uint32_t ses = 0;

	if (sinit(NCR_ALG_SHA256, NCR_OP_SIGN, 0, NULL, 0, 0, &ses))
		tap_diag("cannot create a SHA-256 session");
	return ses;
}

/* ---------------------------------------------- the generic ioctl table */

struct ioc {
	const char *name;
	unsigned long cmd;
	size_t size, ver0;
	uint32_t vers[4];	/* every published size (NCR_*_SIZE_VER*) */
	/* Fills a valid request into zeroed s (size is set by the caller);
	 * returns 0, or a skip reason. */
	const char *(*prep)(void *s);
	void (*undo)(void *s);
	int writes_back;	/* has output fields: read-only struct EFAULT */
	int destroys;		/* a valid call ends the prepared session */
	int creates;		/* a valid call creates a key or session */
};

static const char *prep_info(void *p)
{
	struct ncr_info *s = p;

	s->alg_info_size = sizeof(struct ncr_alg_info);
	return NULL;
}

static const char *prep_generate(void *p)
{
	struct ncr_key_generate *s = p;

	s->type = NCR_KEY_TYPE_AES;
	s->bits = 128;
	s->usage = NCR_KEY_USAGE_ENCRYPT;
	/* version 1 */
	s->label = PTR64(label4);
	s->label_size = 4;
	return NULL;
}

static void undo_generate(void *p)
{
	struct ncr_key_generate *s = p;

	if (s->key)
		kdel(s->key);
}

static const char *prep_import(void *p)
{
	struct ncr_key_import *s = p;

	s->type = NCR_KEY_TYPE_AES;
	s->usage = NCR_KEY_USAGE_ENCRYPT;
	s->data = PTR64(key16);
	s->data_size = 16;
	s->label = PTR64(label4);
	s->label_size = 4;
	return NULL;
}

static void undo_import(void *p)
{
	struct ncr_key_import *s = p;

	if (s->key)
		kdel(s->key);
}

static const char *prep_export(void *p)
{
	struct ncr_key_export *s = p;

	if (imp(NCR_KEY_TYPE_AES, key16, 16, NCR_KEY_FLAG_EXPORTABLE,
		NCR_KEY_USAGE_ENCRYPT, &s->key))
		return "cannot import an exportable key";
	s->data = PTR64(buf_out);
	s->data_size = sizeof(buf_out);
	return NULL;
}

static void undo_export(void *p)
{
	kdel(((struct ncr_key_export *)p)->key);
}

static const char *prep_key_info(void *p)
{
	struct ncr_key_info *s = p;

	if (gen(NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_ENCRYPT, &s->key))
		return "cannot generate a key";
	return NULL;
}

static void undo_key_info(void *p)
{
	kdel(((struct ncr_key_info *)p)->key);
}

static const char *prep_deinit(void *p)
{
	struct ncr_key_deinit *s = p;

	if (gen(NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_ENCRYPT, &s->key))
		return "cannot generate a key";
	return NULL;
}

static void undo_deinit(void *p)
{
	kdel(((struct ncr_key_deinit *)p)->key);
}

static const char *prep_master(void *p)
{
	struct ncr_master_key *s = p;

	if (!is_root)
		return "needs root";
	if (!master_set)
		return "master key not set (abi does not set it)";
	s->key = PTR64(buf_in);
	s->key_size = 32;
	return NULL;
}

static void undo_nothing(void *p)
{
	(void)p;
}

static const char *prep_wrap(void *p)
{
	struct ncr_key_storage *s = p;

	if (!master_set)
		return "master key not set";
	if (gen(NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_STORABLE,
		NCR_KEY_USAGE_ENCRYPT, &s->key))
		return "cannot generate a storable key";
	s->blob = PTR64(buf_out);
	s->blob_size = NCR_STORAGE_BLOB_MAX;
	return NULL;
}

static void undo_wrap(void *p)
{
	kdel(((struct ncr_key_storage *)p)->key);
}

static const char *prep_unwrap(void *p)
{
	struct ncr_key_storage *s = p;

	if (!master_set)
		return "master key not set";
	s->blob = PTR64(blob);
	s->blob_size = blob_len;
	return NULL;
}

static void undo_unwrap(void *p)
{
	struct ncr_key_storage *s = p;

	if (s->key)
		kdel(s->key);
}

/* k_aes (all usages, not trusted) wraps a fresh wrappable and exportable
 * AES key with RFC 5649. */
static const char *prep_kwrap(void *p)
{
	struct ncr_key_wrap *s = p;

	if (gen(NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_WRAPPABLE |
		NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_ENCRYPT, &s->key))
		return "cannot generate a wrappable key";
	s->algorithm = NCR_WALG_AES_RFC5649;
	s->wrapping_key = k_aes;
	s->data = PTR64(buf_out);
	s->data_size = NCR_WRAPPED_KEY_MAX;
	return NULL;
}

static void undo_kwrap(void *p)
{
	kdel(((struct ncr_key_wrap *)p)->key);
}

static const char *prep_kunwrap(void *p)
{
	struct ncr_key_wrap *s = p;

	if (!wrapped_len)
		return "no wrapped key (key wrap failed at setup)";
	s->algorithm = NCR_WALG_AES_RFC5649;
	s->wrapping_key = k_aes;
	s->data = PTR64(wrapped);
	s->data_size = wrapped_len;
	s->type = NCR_KEY_TYPE_AES;
	s->usage = NCR_KEY_USAGE_ENCRYPT;
	s->label = PTR64(label4);
	s->label_size = 4;
	return NULL;
}

static void undo_kunwrap(void *p)
{
	struct ncr_key_wrap *s = p;

	if (s->key)
		kdel(s->key);
}

static const char *prep_init(void *p)
{
	struct ncr_session_init *s = p;

	s->algorithm = NCR_ALG_AES_CBC;
	s->op = NCR_OP_ENCRYPT;
	s->key = k_aes;
	s->iv = PTR64(iv16);
	s->iv_size = 16;
	return NULL;
}

static void undo_init(void *p)
{
	struct ncr_session_init *s = p;

	if (s->ses)
		sfree(s->ses);
}

static const char *prep_update(void *p)
{
	struct ncr_session_op *s = p;
	uint32_t ses = cbc_session(1);

	if (!ses)
		return "cannot create a session";
	s->ses = ses;
	s->input = PTR64(buf_in);
	s->input_size = 32;
	s->output = PTR64(buf_out);
	s->output_size = sizeof(buf_out);
	return NULL;
}

static void undo_session_op(void *p)
{
	sfree(((struct ncr_session_op *)p)->ses);
}

static const char *prep_final(void *p)
{
	struct ncr_session_op *s = p;
	uint32_t ses = sha256_session();

	if (!ses)
		return "cannot create a session";
	s->ses = ses;
	s->input = PTR64(buf_in);
	s->input_size = 20;
	s->tag = PTR64(buf_tag);
	s->tag_size = sizeof(buf_tag);
	return NULL;
}

static const char *prep_once(void *p)
{
	struct ncr_session_once *s = p;

	s->algorithm = NCR_ALG_AES_CBC;
	s->op = NCR_OP_ENCRYPT;
	s->key = k_aes;
	s->iv = PTR64(iv16);
	s->iv_size = 16;
	s->input = PTR64(buf_in);
	s->input_size = 32;
	s->output = PTR64(buf_out);
	s->output_size = sizeof(buf_out);
	return NULL;
}

/* public-key objects made once in main() */
static uint32_t k_x25519;		/* X25519 private key, DERIVE */
static uint8_t x_peer[32];		/* another X25519 public key */
static uint8_t dh_params[1024];		/* ffdhe2048 DHParameter DER */
static uint32_t dh_params_len;

static const char *prep_genpair(void *p)
{
	struct ncr_key_generate_pair *s = p;

	s->type = NCR_KEY_TYPE_EC;
	s->bits = 256;
	s->usage = NCR_KEY_USAGE_SIGN;
	s->label = PTR64(label4);
	s->label_size = 4;
	return NULL;
}

/* DH for the given parameters: a params pointer that is used */
static const char *prep_genpair_dh(void *p)
{
	struct ncr_key_generate_pair *s = p;

	if (!dh_params_len)
		return "no DH parameters";
	s->type = NCR_KEY_TYPE_DH;
	s->usage = NCR_KEY_USAGE_DERIVE;
	s->params = PTR64(dh_params);
	s->params_size = dh_params_len;
	return NULL;
}

static void undo_genpair(void *p)
{
	struct ncr_key_generate_pair *s = p;

	if (s->private_key)
		kdel(s->private_key);
	if (s->public_key)
		kdel(s->public_key);
}

static const char *prep_derive(void *p)
{
	struct ncr_key_derive *s = p;

	if (!k_x25519)
		return "no X25519 key";
	s->algorithm = NCR_ALG_X25519;
	s->key = k_x25519;
	s->peer = PTR64(x_peer);
	s->peer_size = 32;
	s->type = NCR_KEY_TYPE_HMAC;
	s->usage = NCR_KEY_USAGE_SIGN;
	s->label = PTR64(label4);
	s->label_size = 4;
	return NULL;
}

static void undo_derive(void *p)
{
	struct ncr_key_derive *s = p;

	if (s->new_key)
		kdel(s->new_key);
}

static const char *prep_free(void *p)
{
	struct ncr_session_free *s = p;

	s->ses = cbc_session(1);
	return s->ses ? NULL : "cannot create a session";
}

static void undo_free(void *p)
{
	sfree(((struct ncr_session_free *)p)->ses);
}

/* a fresh exportable AES key loses EXPORTABLE, DECRYPT and CTR */
static const char *prep_restrict(void *p)
{
	struct ncr_key_restrict *s = p;

	if (genx(NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_EXPORTABLE,
		 NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
		 NCR_KEY_ALG_AES_GCM | NCR_KEY_ALG_AES_CTR, &s->key))
		return "cannot generate a key";
	s->clear_flags = NCR_KEY_FLAG_EXPORTABLE;
	s->clear_usage = NCR_KEY_USAGE_DECRYPT;
	s->clear_algs = NCR_KEY_ALG_AES_CTR;
	return NULL;
}

static void undo_restrict(void *p)
{
	kdel(((struct ncr_key_restrict *)p)->key);
}

/* a fresh AES-256 wrap-only key, never exportable: it qualifies */
static const char *prep_trust(void *p)
{
	struct ncr_key_trust *s = p;

	if (gen(NCR_KEY_TYPE_AES, 256, 0,
		NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP, &s->key))
		return "cannot generate a wrapping key";
	return NULL;
}

static void undo_trust(void *p)
{
	kdel(((struct ncr_key_trust *)p)->key);
}

#define IOC(n, c, st, v0) .name = n, .cmd = c, .size = sizeof(st), .ver0 = v0

static const struct ioc iocs[] = {
	{ IOC("NCRIO_INFO", NCRIO_INFO, struct ncr_info, NCR_INFO_SIZE_VER0),
	  { NCR_INFO_SIZE_VER0, NCR_INFO_SIZE_VER1 },
	  prep_info, undo_nothing, 1, 0, 0 },
	{ IOC("NCRIO_KEY_GENERATE", NCRIO_KEY_GENERATE, struct ncr_key_generate,
	      NCR_KEY_GENERATE_SIZE_VER0),
	  { NCR_KEY_GENERATE_SIZE_VER0, NCR_KEY_GENERATE_SIZE_VER1 },
	  prep_generate, undo_generate, 1, 0, 1 },
	{ IOC("NCRIO_KEY_IMPORT", NCRIO_KEY_IMPORT, struct ncr_key_import,
	      NCR_KEY_IMPORT_SIZE_VER0),
	  { NCR_KEY_IMPORT_SIZE_VER0, NCR_KEY_IMPORT_SIZE_VER1,
	    NCR_KEY_IMPORT_SIZE_VER2 },
	  prep_import, undo_import, 1, 0, 1 },
	{ IOC("NCRIO_KEY_EXPORT", NCRIO_KEY_EXPORT, struct ncr_key_export,
	      NCR_KEY_EXPORT_SIZE_VER0),
	  { NCR_KEY_EXPORT_SIZE_VER0 },
	  prep_export, undo_export, 1, 0, 0 },
	{ IOC("NCRIO_KEY_GENERATE_PAIR", NCRIO_KEY_GENERATE_PAIR,
	      struct ncr_key_generate_pair, NCR_KEY_GENERATE_PAIR_SIZE_VER0),
	  { NCR_KEY_GENERATE_PAIR_SIZE_VER0, NCR_KEY_GENERATE_PAIR_SIZE_VER1 },
	  prep_genpair, undo_genpair, 1, 0, 1 },
	{ IOC("NCRIO_KEY_DERIVE", NCRIO_KEY_DERIVE, struct ncr_key_derive,
	      NCR_KEY_DERIVE_SIZE_VER0),
	  { NCR_KEY_DERIVE_SIZE_VER0, NCR_KEY_DERIVE_SIZE_VER1 },
	  prep_derive, undo_derive, 1, 0, 1 },
	{ IOC("NCRIO_KEY_GET_INFO", NCRIO_KEY_GET_INFO, struct ncr_key_info,
	      NCR_KEY_INFO_SIZE_VER0),
	  { NCR_KEY_INFO_SIZE_VER0, NCR_KEY_INFO_SIZE_VER1 },
	  prep_key_info, undo_key_info, 1, 0, 0 },
	{ IOC("NCRIO_KEY_DEINIT", NCRIO_KEY_DEINIT, struct ncr_key_deinit,
	      NCR_KEY_DEINIT_SIZE_VER0),
	  { NCR_KEY_DEINIT_SIZE_VER0 },
	  prep_deinit, undo_deinit, 0, 0, 0 },
	{ IOC("NCRIO_KEY_RESTRICT", NCRIO_KEY_RESTRICT, struct ncr_key_restrict,
	      NCR_KEY_RESTRICT_SIZE_VER0),
	  { NCR_KEY_RESTRICT_SIZE_VER0 },
	  prep_restrict, undo_restrict, 0, 0, 0 },
	{ IOC("NCRIO_KEY_TRUST", NCRIO_KEY_TRUST, struct ncr_key_trust,
	      NCR_KEY_TRUST_SIZE_VER0),
	  { NCR_KEY_TRUST_SIZE_VER0 },
	  prep_trust, undo_trust, 0, 0, 0 },
	{ IOC("NCRIO_MASTER_KEY_SET", NCRIO_MASTER_KEY_SET,
	      struct ncr_master_key, NCR_MASTER_KEY_SIZE_VER0),
	  { NCR_MASTER_KEY_SIZE_VER0 },
	  prep_master, undo_nothing, 0, 0, 0 },
	{ IOC("NCRIO_KEY_STORAGE_WRAP", NCRIO_KEY_STORAGE_WRAP,
	      struct ncr_key_storage, NCR_KEY_STORAGE_SIZE_VER0),
	  { NCR_KEY_STORAGE_SIZE_VER0 },
	  prep_wrap, undo_wrap, 1, 0, 0 },
	{ IOC("NCRIO_KEY_STORAGE_UNWRAP", NCRIO_KEY_STORAGE_UNWRAP,
	      struct ncr_key_storage, NCR_KEY_STORAGE_SIZE_VER0),
	  { NCR_KEY_STORAGE_SIZE_VER0 },
	  prep_unwrap, undo_unwrap, 1, 0, 1 },
	{ IOC("NCRIO_KEY_WRAP", NCRIO_KEY_WRAP, struct ncr_key_wrap,
	      NCR_KEY_WRAP_SIZE_VER0),
	  { NCR_KEY_WRAP_SIZE_VER0, NCR_KEY_WRAP_SIZE_VER1 },
	  prep_kwrap, undo_kwrap, 1, 0, 0 },
	{ IOC("NCRIO_KEY_UNWRAP", NCRIO_KEY_UNWRAP, struct ncr_key_wrap,
	      NCR_KEY_WRAP_SIZE_VER0),
	  { NCR_KEY_WRAP_SIZE_VER0, NCR_KEY_WRAP_SIZE_VER1 },
	  prep_kunwrap, undo_kunwrap, 1, 0, 1 },
	{ IOC("NCRIO_SESSION_INIT", NCRIO_SESSION_INIT, struct ncr_session_init,
	      NCR_SESSION_INIT_SIZE_VER0),
	  { NCR_SESSION_INIT_SIZE_VER0, NCR_SESSION_INIT_SIZE_VER1 },
	  prep_init, undo_init, 1, 0, 1 },
	{ IOC("NCRIO_SESSION_UPDATE", NCRIO_SESSION_UPDATE,
	      struct ncr_session_op, NCR_SESSION_OP_SIZE_VER0),
	  { NCR_SESSION_OP_SIZE_VER0 },
	  prep_update, undo_session_op, 0, 0, 0 },
	{ IOC("NCRIO_SESSION_FINAL", NCRIO_SESSION_FINAL, struct ncr_session_op,
	      NCR_SESSION_OP_SIZE_VER0),
	  { NCR_SESSION_OP_SIZE_VER0 },
	  prep_final, undo_session_op, 0, 1, 0 },
	{ IOC("NCRIO_SESSION_ONCE", NCRIO_SESSION_ONCE, struct ncr_session_once,
	      NCR_SESSION_ONCE_SIZE_VER0),
	  { NCR_SESSION_ONCE_SIZE_VER0, NCR_SESSION_ONCE_SIZE_VER1,
	    NCR_SESSION_ONCE_SIZE_VER2 },
	  prep_once, undo_nothing, 1, 0, 0 },
	{ IOC("NCRIO_SESSION_FREE", NCRIO_SESSION_FREE, struct ncr_session_free,
	      NCR_SESSION_FREE_SIZE_VER0),
	  { NCR_SESSION_FREE_SIZE_VER0 },
	  prep_free, undo_free, 0, 1, 0 },
};

static const struct ioc *ioc_get(unsigned long cmd)
{
	for (size_t i = 0; i < ARRAY_SIZE(iocs); i++)
		if (iocs[i].cmd == cmd)
			return &iocs[i];
	abort();
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
struct variant {
	uint32_t size;
	int want;
	const char *what;
};

static void run_variant(const struct ioc *io, uint8_t *s, size_t room,
			uint32_t size, void (*tweak)(uint8_t *s, size_t room),
			int want, const char *what)
{
	struct live before;
	const char *skip;
	int r;

	memset(s, 0, room);
	skip = io->prep(s);
	if (skip) {
		report_skip(skip, "%s: %s", io->name, what);
		return;
	}
	memcpy(s, &size, sizeof(size));
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
	io->undo(s);
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

	memset(s, 0, room);
	skip = io->prep(s);
	if (skip) {
		report_skip(skip, "%s: %s", io->name, what);
		return;
	}
	memcpy(s, &size, sizeof(size));
	memset(s + size, 0xa5, end - size);
	before = live_now();
	r = call(io->cmd, s);
	expect(r, valid_result(io), &before, "%s: %s", io->name, what);
	for (size_t i = size; i < end; i++)
		clean &= s[i] == 0xa5;
	report(clean, "%s: %s: fields past the caller's size neither read nor "
	       "written", io->name, what);
	io->undo(s);
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
	memset(s, 0, io->size);
	skip = io->prep(s);
	if (skip) {
		report_skip(skip, "%s: tail runs into an unmapped page", io->name);
	} else {
		uint32_t size = (uint32_t)io->size + 64;

		memcpy(s, &size, 4);
		before = live_now();
		r = call(io->cmd, s);
		expect(r, -EFAULT, &before, "%s: size runs into an unmapped "
		       "page", io->name);
		io->undo(s);
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
	memset(s, 0, io->size);
	skip = io->prep(s);
	if (skip) {
		report_skip(skip, "%s: read-only structure", io->name);
		return;
	}
	memcpy(s, &(uint32_t){ (uint32_t)io->size }, 4);
	mprotect(arena, (size_t)pagesz, PROT_READ);
	before = live_now();
	r = call(io->cmd, s);
	mprotect(arena, (size_t)pagesz, PROT_READ | PROT_WRITE);
	expect(r, -EFAULT, &before, "%s: read-only structure", io->name);
	io->undo(s);
	if (io->creates) {
		/* if something was created anyway, do not leak it */
		struct live now = live_now();

		if (now.keys != before.keys || now.sessions != before.sessions)
			tap_diag("%s: read-only structure left objects "
				 "behind", io->name);
	}
}

/* ------------------------------------------------- flags, reserved words */

struct field {
	unsigned long cmd;
	size_t off;
	uint64_t valid;		/* bits that are known */
	const char *name;
	int width;		/* 4, or 8 for a 64-bit word */
};

#define FIELD(c, st, m, v) { c, offsetof(st, m), v, #st "." #m, \
			     (int)sizeof(((st *)0)->m) }
/* for a structure two ioctls share: the name says which */
#define FIELD_IO(c, st, m, v) { c, offsetof(st, m), v, #c ": " #st "." #m, \
				(int)sizeof(((st *)0)->m) }

static const struct field fields[] = {
	FIELD(NCRIO_INFO, struct ncr_info, flags, 0),
	FIELD(NCRIO_INFO, struct ncr_info, __reserved, 0),
	FIELD(NCRIO_KEY_GENERATE, struct ncr_key_generate, flags,
	      NCR_KEY_FLAGS_ALL),
	FIELD(NCRIO_KEY_GENERATE, struct ncr_key_generate, usage,
	      NCR_KEY_USAGE_ALL),
	FIELD(NCRIO_KEY_GENERATE, struct ncr_key_generate, algs,
	      NCR_KEY_ALGS_ALL),
	FIELD(NCRIO_KEY_GENERATE, struct ncr_key_generate, __reserved, 0),
	FIELD(NCRIO_KEY_IMPORT, struct ncr_key_import, flags,
	      NCR_KEY_FLAGS_ALL),
	FIELD(NCRIO_KEY_IMPORT, struct ncr_key_import, usage,
	      NCR_KEY_USAGE_ALL),
	FIELD(NCRIO_KEY_IMPORT, struct ncr_key_import, algs,
	      NCR_KEY_ALGS_ALL),
	FIELD(NCRIO_KEY_IMPORT, struct ncr_key_import, __reserved, 0),
	/* a secret key: only format RAW (1), no curve */
	FIELD(NCRIO_KEY_IMPORT, struct ncr_key_import, format,
	      NCR_KEY_FORMAT_RAW),
	FIELD(NCRIO_KEY_IMPORT, struct ncr_key_import, bits, 0),
	FIELD(NCRIO_KEY_EXPORT, struct ncr_key_export, format,
	      NCR_KEY_FORMAT_RAW),
	FIELD(NCRIO_MASTER_KEY_SET, struct ncr_master_key, flags, 0),
	FIELD(NCRIO_MASTER_KEY_SET, struct ncr_master_key, __reserved, 0),
	FIELD(NCRIO_KEY_STORAGE_WRAP, struct ncr_key_storage, __reserved, 0),
	FIELD(NCRIO_KEY_STORAGE_UNWRAP, struct ncr_key_storage, __reserved, 0),
	/* wrap: flags 0, and the new-key fields of unwrap must be 0 */
	FIELD_IO(NCRIO_KEY_WRAP, struct ncr_key_wrap, flags, 0),
	FIELD_IO(NCRIO_KEY_WRAP, struct ncr_key_wrap, type, 0),
	FIELD_IO(NCRIO_KEY_WRAP, struct ncr_key_wrap, usage, 0),
	FIELD_IO(NCRIO_KEY_WRAP, struct ncr_key_wrap, label_size, 0),
	FIELD_IO(NCRIO_KEY_WRAP, struct ncr_key_wrap, label, 0),
	FIELD_IO(NCRIO_KEY_WRAP, struct ncr_key_wrap, algs, 0),
	FIELD_IO(NCRIO_KEY_WRAP, struct ncr_key_wrap, __reserved, 0),
	FIELD_IO(NCRIO_KEY_UNWRAP, struct ncr_key_wrap, flags,
		 NCR_KEY_FLAGS_ALL),
	FIELD_IO(NCRIO_KEY_UNWRAP, struct ncr_key_wrap, usage,
		 NCR_KEY_USAGE_ALL),
	FIELD_IO(NCRIO_KEY_UNWRAP, struct ncr_key_wrap, algs,
		 NCR_KEY_ALGS_ALL),
	FIELD_IO(NCRIO_KEY_UNWRAP, struct ncr_key_wrap, __reserved, 0),
	/* restrict and trust */
	FIELD(NCRIO_KEY_RESTRICT, struct ncr_key_restrict, clear_flags,
	      NCR_KEY_FLAGS_ALL),
	FIELD(NCRIO_KEY_RESTRICT, struct ncr_key_restrict, clear_usage,
	      NCR_KEY_USAGE_ALL),
	FIELD(NCRIO_KEY_RESTRICT, struct ncr_key_restrict, clear_algs,
	      NCR_KEY_ALGS_ALL),
	FIELD(NCRIO_KEY_TRUST, struct ncr_key_trust, flags, 0),
	FIELD(NCRIO_KEY_TRUST, struct ncr_key_trust, __reserved, 0),
	FIELD(NCRIO_SESSION_INIT, struct ncr_session_init, flags,
	      NCR_SESSION_FLAGS_ALL),
	/* version-1 public-key fields: 0 for a symmetric algorithm */
	FIELD(NCRIO_SESSION_INIT, struct ncr_session_init, hash, 0),
	FIELD(NCRIO_SESSION_INIT, struct ncr_session_init, mgf1_hash, 0),
	FIELD(NCRIO_SESSION_INIT, struct ncr_session_init, salt_size, 0),
	FIELD(NCRIO_SESSION_INIT, struct ncr_session_init, pk_flags, 0),
	FIELD(NCRIO_SESSION_INIT, struct ncr_session_init, label, 0),
	FIELD(NCRIO_SESSION_INIT, struct ncr_session_init, label_size, 0),
	FIELD(NCRIO_SESSION_INIT, struct ncr_session_init, __reserved, 0),
	FIELD(NCRIO_SESSION_ONCE, struct ncr_session_once, hash, 0),
	FIELD(NCRIO_SESSION_ONCE, struct ncr_session_once, mgf1_hash, 0),
	FIELD(NCRIO_SESSION_ONCE, struct ncr_session_once, salt_size, 0),
	FIELD(NCRIO_SESSION_ONCE, struct ncr_session_once, pk_flags, 0),
	FIELD(NCRIO_SESSION_ONCE, struct ncr_session_once, label, 0),
	FIELD(NCRIO_SESSION_ONCE, struct ncr_session_once, label_size, 0),
	FIELD(NCRIO_SESSION_ONCE, struct ncr_session_once, __reserved, 0),
	/* version 2: mac_size only for MACs (AES-CBC here), reserved 0 */
	FIELD(NCRIO_SESSION_ONCE, struct ncr_session_once, mac_size, 0),
	FIELD(NCRIO_SESSION_ONCE, struct ncr_session_once, __reserved2, 0),
	/* key pairs and key agreement */
	FIELD(NCRIO_KEY_GENERATE_PAIR, struct ncr_key_generate_pair, flags,
	      NCR_KEY_FLAGS_ALL),
	FIELD(NCRIO_KEY_GENERATE_PAIR, struct ncr_key_generate_pair, usage,
	      NCR_KEY_USAGE_ALL),
	FIELD(NCRIO_KEY_GENERATE_PAIR, struct ncr_key_generate_pair,
	      public_usage, NCR_KEY_USAGE_ALL),
	FIELD(NCRIO_KEY_GENERATE_PAIR, struct ncr_key_generate_pair,
	      __reserved, 0),
	FIELD(NCRIO_KEY_GENERATE_PAIR, struct ncr_key_generate_pair, algs,
	      NCR_KEY_ALGS_ALL),
	FIELD(NCRIO_KEY_GENERATE_PAIR, struct ncr_key_generate_pair,
	      public_algs, NCR_KEY_ALGS_ALL),
	FIELD(NCRIO_KEY_DERIVE, struct ncr_key_derive, flags,
	      NCR_KEY_FLAGS_ALL),
	FIELD(NCRIO_KEY_DERIVE, struct ncr_key_derive, usage,
	      NCR_KEY_USAGE_ALL),
	FIELD(NCRIO_KEY_DERIVE, struct ncr_key_derive, algs,
	      NCR_KEY_ALGS_ALL),
	FIELD(NCRIO_KEY_DERIVE, struct ncr_key_derive, __reserved, 0),
	FIELD(NCRIO_SESSION_UPDATE, struct ncr_session_op, flags,
	      NCR_OP_FLAGS_ALL),
	FIELD(NCRIO_SESSION_FINAL, struct ncr_session_op, flags,
	      NCR_OP_FLAGS_ALL),
	FIELD(NCRIO_SESSION_ONCE, struct ncr_session_once, flags,
	      NCR_SESSION_FLAGS_ALL),
	/* "op_flags: NCR_OP_FLAG_* (KEY_DATA only)" */
	FIELD(NCRIO_SESSION_ONCE, struct ncr_session_once, op_flags,
	      NCR_OP_FLAG_KEY_DATA),
};

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
		memset(s, 0, io->size);
		skip = io->prep(s);
		if (skip) {
			report_skip(skip, "%s: unknown bits", f->name);
			return;
		}
		memcpy(s, &(uint32_t){ (uint32_t)io->size }, 4);
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
		io->undo(s);
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

struct ptrfield {
	unsigned long cmd;
	size_t off;
	const char *name;
	const char *(*prep)(void *s);	/* NULL: the ioctl's own */
};

static const char *prep_info_algs(void *p)
{
	struct ncr_info *s = p;

	prep_info(p);
	s->algs = PTR64(buf_out);
	s->alg_count = 4;
	return NULL;
}

static const char *prep_gcm_once(void *p)
{
	struct ncr_session_once *s = p;

	prep_once(p);
	s->algorithm = NCR_ALG_AES_GCM;
	s->iv_size = 12;
	s->aad = PTR64(buf_in + 100);
	s->aad_size = 16;
	s->tag = PTR64(buf_tag);
	s->tag_size = 16;
	return NULL;
}

static const char *prep_master_ptr(void *p)
{
	struct ncr_master_key *s = p;

	if (!is_root)
		return "needs root";
	s->key = PTR64(buf_in);
	s->key_size = 32;
	return NULL;
}

#define PF(c, st, m, pr) { c, offsetof(st, m), #st "." #m, pr }
#define PF_IO(c, st, m, pr) { c, offsetof(st, m), #c ": " #st "." #m, pr }

static const struct ptrfield ptrfields[] = {
	PF(NCRIO_INFO, struct ncr_info, algs, prep_info_algs),
	PF(NCRIO_KEY_IMPORT, struct ncr_key_import, data, NULL),
	PF(NCRIO_KEY_GENERATE, struct ncr_key_generate, label, NULL),
	PF(NCRIO_KEY_IMPORT, struct ncr_key_import, label, NULL),
	PF(NCRIO_KEY_EXPORT, struct ncr_key_export, data, NULL),
	PF(NCRIO_KEY_GENERATE_PAIR, struct ncr_key_generate_pair, params,
	   prep_genpair_dh),
	PF(NCRIO_KEY_GENERATE_PAIR, struct ncr_key_generate_pair, label,
	   NULL),
	PF(NCRIO_KEY_DERIVE, struct ncr_key_derive, peer, NULL),
	PF(NCRIO_KEY_DERIVE, struct ncr_key_derive, label, NULL),
	PF(NCRIO_MASTER_KEY_SET, struct ncr_master_key, key, prep_master_ptr),
	PF(NCRIO_KEY_STORAGE_WRAP, struct ncr_key_storage, blob, NULL),
	PF(NCRIO_KEY_STORAGE_UNWRAP, struct ncr_key_storage, blob, NULL),
	PF_IO(NCRIO_KEY_WRAP, struct ncr_key_wrap, data, NULL),
	PF_IO(NCRIO_KEY_UNWRAP, struct ncr_key_wrap, data, NULL),
	PF_IO(NCRIO_KEY_UNWRAP, struct ncr_key_wrap, label, NULL),
	PF(NCRIO_SESSION_INIT, struct ncr_session_init, iv, NULL),
	PF(NCRIO_SESSION_UPDATE, struct ncr_session_op, input, NULL),
	PF(NCRIO_SESSION_UPDATE, struct ncr_session_op, output, NULL),
	PF(NCRIO_SESSION_FINAL, struct ncr_session_op, input, NULL),
	PF(NCRIO_SESSION_FINAL, struct ncr_session_op, tag, NULL),
	PF(NCRIO_SESSION_ONCE, struct ncr_session_once, iv, NULL),
	PF(NCRIO_SESSION_ONCE, struct ncr_session_once, input, NULL),
	PF(NCRIO_SESSION_ONCE, struct ncr_session_once, output, NULL),
	PF(NCRIO_SESSION_ONCE, struct ncr_session_once, aad, prep_gcm_once),
	PF(NCRIO_SESSION_ONCE, struct ncr_session_once, tag, prep_gcm_once),
};

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

		memset(s, 0, io->size);
		skip = (f->prep ? f->prep : io->prep)(s);
		if (skip) {
			report_skip(skip, "%s: bad pointers", f->name);
			return;
		}
		memcpy(s, &(uint32_t){ (uint32_t)io->size }, 4);
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
		io->undo(s);
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
 * A failed update that processed nothing (input unreadable from its first
 * byte, short output: ERANGE) changes nothing: the session continues as
 * if it had not happened.  One that faults after processing (output not
 * writable) leaves the session failed: EIO until FINAL/FREE release it.
 */
static void test_update_no_side_effects(void)
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

/* ------------------------------------------------------------- handles */

static void test_handles(void)
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

static void test_unknown_ioctls(void)
{
	static const struct {
		unsigned long cmd;
		const char *name;
	} cmds[] = {
		{ _IO('c', 199), "_IO('c', 199)" },
		{ _IO('c', 215), "_IO('c', 215)" },
		{ _IO('c', 219), "_IO('c', 219)" },
		{ _IOWR('c', 208, struct ncr_key_restrict),
		  "_IOWR('c', 208, ncr_key_restrict)" },
		{ _IOW('c', 209, struct ncr_key_trust),
		  "_IOW('c', 209, ncr_key_trust)" },
		{ _IO('c', 225), "_IO('c', 225)" },
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

static void test_info(void)
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

/* ------------------------------------------------- invalid parameters */

static void test_generate_params(void)
{
	static const struct {
		uint32_t type, bits;
		int want;
	} cases[] = {
		{ 0, 128, -EINVAL }, { 5, 128, -EINVAL },
		{ 0xffffffffu, 128, -EINVAL },
		{ NCR_KEY_TYPE_AES, 0, -EINVAL }, { NCR_KEY_TYPE_AES, 64, -EINVAL },
		{ NCR_KEY_TYPE_AES, 127, -EINVAL },
		{ NCR_KEY_TYPE_AES, 129, -EINVAL },
		{ NCR_KEY_TYPE_AES, 320, -EINVAL },
		{ NCR_KEY_TYPE_AES, 1024, -EINVAL },
		{ NCR_KEY_TYPE_AES, 128, 0 }, { NCR_KEY_TYPE_AES, 192, 0 },
		{ NCR_KEY_TYPE_AES, 256, 0 }, { NCR_KEY_TYPE_AES, 384, 0 },
		{ NCR_KEY_TYPE_AES, 512, 0 },
		{ NCR_KEY_TYPE_DES3, 0, -EINVAL },
		{ NCR_KEY_TYPE_DES3, 64, -EINVAL },
		{ NCR_KEY_TYPE_DES3, 128, -EINVAL },
		{ NCR_KEY_TYPE_DES3, 168, -EINVAL },
		{ NCR_KEY_TYPE_DES3, 192, 0 },
		{ NCR_KEY_TYPE_CHACHA20, 128, -EINVAL },
		{ NCR_KEY_TYPE_CHACHA20, 512, -EINVAL },
		{ NCR_KEY_TYPE_CHACHA20, 256, 0 },
		{ NCR_KEY_TYPE_HMAC, 0, -EINVAL },
		{ NCR_KEY_TYPE_HMAC, 4, -EINVAL },
		{ NCR_KEY_TYPE_HMAC, 12, -EINVAL },
		{ NCR_KEY_TYPE_HMAC, NCR_MAX_HMAC_KEY_BYTES * 8 + 8, -EINVAL },
		{ NCR_KEY_TYPE_HMAC, 8, 0 },
		{ NCR_KEY_TYPE_HMAC, 136, 0 },
		{ NCR_KEY_TYPE_HMAC, NCR_MAX_HMAC_KEY_BYTES * 8, 0 },
	};
	struct live before;
	uint32_t key;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		/* a usage with a default set for each type */
		uint32_t usage = cases[i].type == NCR_KEY_TYPE_HMAC ?
				 NCR_KEY_USAGE_SIGN : NCR_KEY_USAGE_ENCRYPT;

		before = live_now();
		key = 0;
		int r = gen(cases[i].type, cases[i].bits, 0, usage, &key);

		expect(r, cases[i].want, &before, "generate type %u bits %u",
		       cases[i].type, cases[i].bits);
		if (!r) {
			struct ncr_key_info ki;

			r = kinfo(key, &ki);
			report(!r && ki.type == cases[i].type &&
			       ki.bits == cases[i].bits && ki.flags == 0 &&
			       ki.usage == usage &&
			       ki.key_id_size == NCR_KEY_ID_LEN &&
			       ki.key_class == NCR_KEY_CLASS_SECRET &&
			       ki.attrs == (NCR_KEY_ATTR_LOCAL |
					    NCR_KEY_ATTR_ALWAYS_SENSITIVE |
					    NCR_KEY_ATTR_NEVER_EXTRACTABLE),
			       "generated key info: type %u bits %u flags %u "
			       "key_id_size %u (want 16) attrs %#x (want "
			       "LOCAL|ALWAYS_SENSITIVE|NEVER_EXTRACTABLE)",
			       ki.type, ki.bits, ki.flags, ki.key_id_size,
			       ki.attrs);
			kdel(key);
		}
	}
	before = live_now();
	expect(gen(NCR_KEY_TYPE_AES, 128, 0, 0, &key), -EINVAL, &before,
	       "generate with usage 0");
}

static void test_import_params(void)
{
	static const struct {
		uint32_t type, len;
		int want;
	} cases[] = {
		{ NCR_KEY_TYPE_AES, 0, -EINVAL }, { NCR_KEY_TYPE_AES, 15, -EINVAL },
		{ NCR_KEY_TYPE_AES, 17, -EINVAL }, { NCR_KEY_TYPE_AES, 33, -EINVAL },
		{ NCR_KEY_TYPE_AES, 65, -EINVAL }, { NCR_KEY_TYPE_AES, 48, 0 },
		{ NCR_KEY_TYPE_DES3, 16, -EINVAL }, { NCR_KEY_TYPE_DES3, 24, 0 },
		{ NCR_KEY_TYPE_CHACHA20, 16, -EINVAL },
		{ NCR_KEY_TYPE_CHACHA20, 32, 0 },
		{ NCR_KEY_TYPE_HMAC, 0, -EINVAL },
		{ NCR_KEY_TYPE_HMAC, NCR_MAX_HMAC_KEY_BYTES + 1, -EINVAL },
		{ NCR_KEY_TYPE_HMAC, 1, 0 },
		{ 0, 16, -EINVAL }, { 9, 16, -EINVAL },
	};
	uint8_t *data = calloc(1, NCR_MAX_HMAC_KEY_BYTES + 8);
	struct live before;
	uint32_t key;
	int r;

	/* distinct bytes: a DES3 key of equal thirds is refused as weak */
	for (size_t i = 0; i < NCR_MAX_HMAC_KEY_BYTES + 8; i++)
		data[i] = (uint8_t)(i * 37 + 11);

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		before = live_now();
		key = 0;
		r = imp(cases[i].type, data, cases[i].len, 0,
			cases[i].type == NCR_KEY_TYPE_HMAC ?
			NCR_KEY_USAGE_SIGN : NCR_KEY_USAGE_ENCRYPT, &key);
		expect(r, cases[i].want, &before, "import type %u, %u bytes",
		       cases[i].type, cases[i].len);
		if (!r)
			kdel(key);
	}
	{
		struct ncr_key_import im = {
			.size = sizeof(im), .type = NCR_KEY_TYPE_AES,
			.usage = NCR_KEY_USAGE_ENCRYPT, .data = PTR64(data),
			.data_size = 16, .label = PTR64(data + 64),
			.label_size = NCR_KEY_LABEL_MAX + 1 };

		before = live_now();
		r = call(NCRIO_KEY_IMPORT, &im);
		expect(r, -EINVAL, &before, "import with label_size %d",
		       NCR_KEY_LABEL_MAX + 1);
		im.label_size = 0xffffffffu;
		r = call(NCRIO_KEY_IMPORT, &im);
		expect(r, -EINVAL, &before, "import with label_size "
		       "0xffffffff");
		im.label_size = NCR_KEY_LABEL_MAX;
		for (int i = 0; i < NCR_KEY_LABEL_MAX; i++)
			data[64 + i] = (uint8_t)(i * 8);	/* a 0 byte too */
		im.flags = NCR_KEY_FLAG_HASHABLE;
		im.usage = NCR_KEY_USAGE_DECRYPT | NCR_KEY_USAGE_DERIVE;
		r = call(NCRIO_KEY_IMPORT, &im);
		expect(r, 0, NULL, "import with label_size %d",
		       NCR_KEY_LABEL_MAX);
		if (!r) {
			struct ncr_key_info ki;

			r = kinfo(im.key, &ki);
			report(!r && ki.type == NCR_KEY_TYPE_AES &&
			       ki.bits == 128 &&
			       ki.flags == NCR_KEY_FLAG_HASHABLE &&
			       ki.usage == (NCR_KEY_USAGE_DECRYPT |
					    NCR_KEY_USAGE_DERIVE) &&
			       ki.algs == NCR_KEY_ALG_AES_GCM &&
			       ki.key_id_size == NCR_KEY_ID_LEN &&
			       ki.label_size == NCR_KEY_LABEL_MAX &&
			       !memcmp(ki.label, data + 64, NCR_KEY_LABEL_MAX) &&
			       ki.attrs == (NCR_KEY_ATTR_NEVER_EXTRACTABLE |
					    (is_root ?
					     NCR_KEY_ATTR_ALWAYS_SENSITIVE : 0)),
			       "key info of an imported key: type, bits, flags, "
			       "usage as imported, algs the default (GCM; "
			       "DERIVE adds nothing), a kernel key ID, the "
			       "32-byte label, attrs without LOCAL, "
			       "ALWAYS_SENSITIVE only if imported by root "
			       "(got %#x)", ki.attrs);
			kdel(im.key);
		}
		im.label_size = 0;
		im.label = 0;
		r = call(NCRIO_KEY_IMPORT, &im);
		if (!r) {
			struct ncr_key_info ki;

			memset(&ki, 0x5a, sizeof(ki));
			r = kinfo(im.key, &ki);
			report(!r && ki.label_size == 0 &&
			       ki.key_id_size == NCR_KEY_ID_LEN,
			       "import with label_size 0: empty label, still a "
			       "16-byte key ID (%s, label_size %u)", errname(r),
			       ki.label_size);
			kdel(im.key);
		} else {
			expect(r, 0, NULL, "import with label_size 0");
		}
	}
	free(data);
}

struct sp {
	uint32_t alg, op;
	uint32_t key;		/* filled at run time by kind */
	uint32_t iv_size, tag_size;
	const char *what;
};

static void test_session_params(void)
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

/* ------------------------------------------------------------- key wrap */

static int kwrap(uint32_t alg, uint32_t wk, uint32_t key, uint8_t *out,
		 uint32_t *len)
{
	struct ncr_key_wrap w = {
		.size = sizeof(w), .algorithm = alg, .wrapping_key = wk,
		.key = key, .data = PTR64(out), .data_size = *len };
	int r = call(NCRIO_KEY_WRAP, &w);

	if (!r || r == -ERANGE)
		*len = w.data_size;
	return r;
}

static int kunwrap(uint32_t alg, uint32_t wk, const uint8_t *in,
		   uint32_t len, uint32_t type, uint32_t flags,
		   uint32_t usage, uint32_t *key)
{
	struct ncr_key_wrap w = {
		.size = sizeof(w), .flags = flags, .algorithm = alg,
		.wrapping_key = wk, .data = PTR64(in), .data_size = len,
		.type = type, .usage = usage };
	int r = call(NCRIO_KEY_UNWRAP, &w);

	if (!r)
		*key = w.key;
	return r;
}

/*
 * Wraps the known key data under the known KEK and compares; unwraps the
 * known answer (as an exportable key: the KEK is exportable too) and
 * compares the material.
 */
static void kat(const char *name, uint32_t alg, const uint8_t *kek,
		uint32_t kek_len, const uint8_t *data, uint32_t len,
		const uint8_t *want, uint32_t want_len)
{
	uint8_t out[64];
	uint32_t wk = 0, k = 0, k2 = 0, n = sizeof(out);
	int r;

	r = imp(NCR_KEY_TYPE_AES, kek, kek_len, NCR_KEY_FLAG_EXPORTABLE,
		NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP, &wk);
	r = r ? r : imp(NCR_KEY_TYPE_HMAC, data, len, NCR_KEY_FLAG_WRAPPABLE |
			NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN, &k);
	r = r ? r : kwrap(alg, wk, k, out, &n);
	report(!r && n == want_len && !memcmp(out, want, want_len),
	       "%s: key wrap gives the RFC's bytes (%s, %u bytes)", name,
	       errname(r), n);
	r = kunwrap(alg, wk, want, want_len, NCR_KEY_TYPE_HMAC,
		    NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN, &k2);
	if (!r) {
		uint8_t got[64];
		size_t gl = sizeof(got);

		r = secret_export(fd, k2, got, &gl);
		report(!r && gl == len && !memcmp(got, data, len),
		       "%s: key unwrap gives back the key data (%s, %zu "
		       "bytes)", name, errname(r), gl);
		kdel(k2);
	} else {
		report(0, "%s: key unwrap of the RFC's bytes: %s", name,
		       errname(r));
	}
	kdel(k);
	kdel(wk);
}

static void test_keywrap_params(void)
{
	static const uint8_t kek128[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
					    11, 12, 13, 14, 15 };
	static const uint8_t data128[16] = {
		0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
		0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
	static const uint8_t rfc3394_41[24] = {
		0x1f, 0xa6, 0x8b, 0x0a, 0x81, 0x12, 0xb4, 0x47,
		0xae, 0xf3, 0x4b, 0xd8, 0xfb, 0x5a, 0x7b, 0x82,
		0x9d, 0x3e, 0x86, 0x23, 0x71, 0xd2, 0xcf, 0xe5 };
	static const uint8_t kek5649[24] = {
		0x58, 0x40, 0xdf, 0x6e, 0x29, 0xb0, 0x2a, 0xf1,
		0xab, 0x49, 0x3b, 0x70, 0x5b, 0xf1, 0x6e, 0xa1,
		0xae, 0x83, 0x38, 0xf4, 0xdc, 0xc1, 0x76, 0xa8 };
	static const uint8_t data5649[20] = {
		0xc3, 0x7b, 0x7e, 0x64, 0x92, 0x58, 0x43, 0x40,
		0xbe, 0xd1, 0x22, 0x07, 0x80, 0x89, 0x41, 0x15,
		0x50, 0x68, 0xf7, 0x38 };
	static const uint8_t rfc5649_20[32] = {
		0x13, 0x8b, 0xde, 0xaa, 0x9b, 0x8f, 0xa7, 0xfc,
		0x61, 0xf9, 0x77, 0x42, 0xe7, 0x22, 0x48, 0xee,
		0x5a, 0xe6, 0xae, 0x53, 0x60, 0xd1, 0xae, 0x6a,
		0x5f, 0x54, 0xf3, 0x73, 0xfa, 0x54, 0x3b, 0x6a };
	static const uint8_t data5649_7[7] = { 0x46, 0x6f, 0x72, 0x50, 0x61,
					       0x73, 0x69 };
	static const uint8_t rfc5649_7[16] = {
		0xaf, 0xbe, 0xb0, 0xf0, 0x7d, 0xfb, 0xf5, 0x41,
		0x92, 0x00, 0xf2, 0xcc, 0xb5, 0x0b, 0xb2, 0x4f };
	uint8_t out[NCR_WRAPPED_KEY_MAX + 16], t[64];
	uint32_t wk_hmac = 0, wk_xts = 0, wk_wrap = 0, wk_unwrap = 0;
	uint32_t k_nowrap = 0, k20 = 0, k8 = 0, k_noexp = 0, wk_kw = 0, k24 = 0;
	uint32_t k, n;
	struct live before;
	int r;

	kat("RFC 3394 4.1", NCR_WALG_AES_RFC3394, kek128, 16, data128, 16,
	    rfc3394_41, 24);
	kat("RFC 5649 6 (20 octets)", NCR_WALG_AES_RFC5649, kek5649, 24,
	    data5649, 20, rfc5649_20, 32);
	kat("RFC 5649 6 (7 octets)", NCR_WALG_AES_RFC5649, kek5649, 24,
	    data5649_7, 7, rfc5649_7, 16);

	/* the keys to wrap are EXPORTABLE: k_aes is not trusted */
	r = gen(NCR_KEY_TYPE_HMAC, 256, 0, NCR_KEY_USAGE_ALL, &wk_hmac);
	r = r ?: gen(NCR_KEY_TYPE_AES, 512, 0, NCR_KEY_USAGE_ALL, &wk_xts);
	r = r ?: genx(NCR_KEY_TYPE_AES, 256, 0, NCR_KEY_USAGE_ALL &
		      ~NCR_KEY_USAGE_UNWRAP, AES_ALGS, &wk_wrap);
	r = r ?: genx(NCR_KEY_TYPE_AES, 256, 0, NCR_KEY_USAGE_ALL &
		      ~NCR_KEY_USAGE_WRAP, AES_ALGS, &wk_unwrap);
	r = r ?: genx(NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_EXPORTABLE |
		      NCR_KEY_FLAG_HASHABLE, NCR_KEY_USAGE_ALL, AES_ALGS,
		      &k_nowrap);
	r = r ?: imp(NCR_KEY_TYPE_HMAC, buf_in, 20, NCR_KEY_FLAG_WRAPPABLE |
		     NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN, &k20);
	r = r ?: imp(NCR_KEY_TYPE_HMAC, buf_in, 8, NCR_KEY_FLAG_WRAPPABLE |
		     NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN, &k8);
	r = r ?: imp(NCR_KEY_TYPE_HMAC, buf_in, 24, NCR_KEY_FLAG_WRAPPABLE,
		     NCR_KEY_USAGE_SIGN, &k_noexp);
	r = r ?: imp(NCR_KEY_TYPE_HMAC, buf_in, 24, NCR_KEY_FLAG_WRAPPABLE |
		     NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN, &k24);
	r = r ?: genx(NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_WRAP |
		      NCR_KEY_USAGE_UNWRAP, NCR_KEY_ALG_AES_KW, &wk_kw);
	report_err(r, 0, "the keys of the key wrap parameter checks");

	/* wrap */
	{
		const struct {
			uint32_t *wk, *key, alg;
			int want;
			const char *what;
		} cases[] = {
			{ &k_aes, &k20, 0, -EINVAL, "algorithm 0" },
			{ &k_aes, &k20, 3, -EINVAL, "algorithm 3" },
			{ &k_aes, &k20, 0xffffffffu, -EINVAL,
			  "algorithm 0xffffffff" },
			{ &wk_hmac, &k20, NCR_WALG_AES_RFC5649, -EINVAL,
			  "under an HMAC key with WRAP usage [or EPERM]" },
			{ &wk_xts, &k20, NCR_WALG_AES_RFC5649, -EINVAL,
			  "under a 512-bit (XTS) AES key [or EPERM]" },
			{ &wk_unwrap, &k20, NCR_WALG_AES_RFC5649, -EPERM,
			  "under an AES key without WRAP usage" },
			{ &k_aes, &k_nowrap, NCR_WALG_AES_RFC5649, -EPERM,
			  "of a key without WRAPPABLE" },
			{ &k_aes, &k_noexp, NCR_WALG_AES_RFC5649, -EPERM,
			  "of a WRAPPABLE key that is not EXPORTABLE under an "
			  "untrusted key" },
			{ &k_aes, &k_noexp, NCR_WALG_AES_RFC3394, -EPERM,
			  "(RFC 3394) of a WRAPPABLE key that is not "
			  "EXPORTABLE under an untrusted key" },
			{ &wk_kw, &k20, NCR_WALG_AES_RFC5649, -EPERM,
			  "RFC 5649 under a key whose set is AES_KW only" },
			{ &wk_kw, &k8, NCR_WALG_AES_RFC3394, -EINVAL,
			  "RFC 3394 of an 8-byte key under an AES_KW key" },
			{ &wk_kw, &k24, NCR_WALG_AES_RFC3394, 0,
			  "RFC 3394 of a 24-byte key under an AES_KW key" },
			{ &k_aes, &k20, NCR_WALG_AES_RFC3394, -EINVAL,
			  "RFC 3394 of a 20-byte key" },
			{ &k_aes, &k8, NCR_WALG_AES_RFC3394, -EINVAL,
			  "RFC 3394 of an 8-byte key" },
			{ &k_aes, &k20, NCR_WALG_AES_RFC5649, 0,
			  "RFC 5649 of a 20-byte key" },
			{ &k_aes, &k8, NCR_WALG_AES_RFC5649, 0,
			  "RFC 5649 of an 8-byte key" },
		};

		for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
			char nm[200];

			before = live_now();
			n = sizeof(out);
			r = kwrap(cases[i].alg, *cases[i].wk, *cases[i].key,
				  out, &n);
			snprintf(nm, sizeof(nm), "key wrap %s", cases[i].what);
			/* a wrapping key of the wrong type or length never
			 * has the algorithm in its set: either check may
			 * come first */
			expect2(r, cases[i].want, strstr(cases[i].what,
				"or EPERM") ? -EPERM : cases[i].want, &before,
				nm);
		}
		n = sizeof(out);
		r = kwrap(NCR_WALG_AES_RFC5649, k_aes, k8, out, &n);
		report(!r && n == 16, "RFC 5649 of 8 bytes is 16 bytes (%u)", n);
	}

	/* unwrap: parameters refused before anything is unwrapped */
	n = sizeof(out);
	r = kwrap(NCR_WALG_AES_RFC5649, k_aes, k20, out, &n);
	if (r || n != 32) {
		report(0, "key wrap of the 20-byte key for the unwrap tests: %s",
		       errname(r));
		goto out;
	}
	{
		const struct {
			uint32_t *wk, alg, type, usage, len;
			int want;
			const char *what;
		} cases[] = {
			{ &k_aes, 0, NCR_KEY_TYPE_HMAC, NCR_KEY_USAGE_SIGN, 32,
			  -EINVAL, "algorithm 0" },
			{ &k_aes, 3, NCR_KEY_TYPE_HMAC, NCR_KEY_USAGE_SIGN, 32,
			  -EINVAL, "algorithm 3" },
			{ &k_aes, NCR_WALG_AES_RFC5649, 0, NCR_KEY_USAGE_SIGN,
			  32, -EINVAL, "type 0" },
			{ &k_aes, NCR_WALG_AES_RFC5649, 5, NCR_KEY_USAGE_SIGN,
			  32, -EINVAL, "type 5" },
			{ &k_aes, NCR_WALG_AES_RFC5649, NCR_KEY_TYPE_HMAC, 0,
			  32, -EINVAL, "usage 0" },
			{ &k_aes, NCR_WALG_AES_RFC5649, NCR_KEY_TYPE_HMAC,
			  NCR_KEY_USAGE_SIGN, 0, -EINVAL, "data_size 0" },
			{ &k_aes, NCR_WALG_AES_RFC5649, NCR_KEY_TYPE_HMAC,
			  NCR_KEY_USAGE_SIGN, 8, -EINVAL, "data_size 8" },
			{ &k_aes, NCR_WALG_AES_RFC5649, NCR_KEY_TYPE_HMAC,
			  NCR_KEY_USAGE_SIGN, 31, -EINVAL, "data_size 31" },
			{ &k_aes, NCR_WALG_AES_RFC5649, NCR_KEY_TYPE_HMAC,
			  NCR_KEY_USAGE_SIGN, NCR_WRAPPED_KEY_MAX + 8, -EINVAL,
			  "data_size NCR_WRAPPED_KEY_MAX + 8" },
			{ &k_aes, NCR_WALG_AES_RFC3394, NCR_KEY_TYPE_HMAC,
			  NCR_KEY_USAGE_SIGN, 16, -EINVAL,
			  "RFC 3394, data_size 16" },
			{ &wk_hmac, NCR_WALG_AES_RFC5649, NCR_KEY_TYPE_HMAC,
			  NCR_KEY_USAGE_SIGN, 32, -EINVAL,
			  "under an HMAC key with UNWRAP usage [or EPERM]" },
			{ &wk_xts, NCR_WALG_AES_RFC5649, NCR_KEY_TYPE_HMAC,
			  NCR_KEY_USAGE_SIGN, 32, -EINVAL,
			  "under a 512-bit (XTS) AES key [or EPERM]" },
			{ &wk_kw, NCR_WALG_AES_RFC5649, NCR_KEY_TYPE_HMAC,
			  NCR_KEY_USAGE_SIGN, 32, -EPERM,
			  "RFC 5649 under a key whose set is AES_KW only" },
			{ &wk_wrap, NCR_WALG_AES_RFC5649, NCR_KEY_TYPE_HMAC,
			  NCR_KEY_USAGE_SIGN, 32, -EPERM,
			  "under an AES key without UNWRAP usage" },
			{ &wk_unwrap, NCR_WALG_AES_RFC5649, NCR_KEY_TYPE_HMAC,
			  NCR_KEY_USAGE_SIGN, 32, -EBADMSG,
			  "under another AES key" },
			{ &k_aes, NCR_WALG_AES_RFC3394, NCR_KEY_TYPE_HMAC,
			  NCR_KEY_USAGE_SIGN, 32, -EBADMSG,
			  "with the other algorithm" },
			{ &k_aes, NCR_WALG_AES_RFC5649, NCR_KEY_TYPE_HMAC,
			  NCR_KEY_USAGE_SIGN, 24, -EBADMSG,
			  "truncated by 8 bytes" },
			{ &k_aes, NCR_WALG_AES_RFC5649, NCR_KEY_TYPE_AES,
			  NCR_KEY_USAGE_ENCRYPT, 32, -EINVAL,
			  "a 20-byte key as type AES" },
			{ &k_aes, NCR_WALG_AES_RFC5649, NCR_KEY_TYPE_CHACHA20,
			  NCR_KEY_USAGE_ENCRYPT, 32, -EINVAL,
			  "a 20-byte key as type CHACHA20" },
		};

		for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
			char nm[200];

			before = live_now();
			k = 0;
			r = kunwrap(cases[i].alg, *cases[i].wk, out,
				    cases[i].len, cases[i].type, 0,
				    cases[i].usage, &k);
			snprintf(nm, sizeof(nm), "key unwrap %s",
				 cases[i].what);
			expect2(r, cases[i].want, strstr(cases[i].what,
				"or EPERM") ? -EPERM : cases[i].want, &before,
				nm);
			if (!r)
				kdel(k);
		}
	}
	{
		struct ncr_key_wrap w = {
			.size = sizeof(w), .algorithm = NCR_WALG_AES_RFC5649,
			.wrapping_key = k_aes, .data = PTR64(out),
			.data_size = 32, .type = NCR_KEY_TYPE_HMAC,
			.usage = NCR_KEY_USAGE_SIGN, .label = PTR64(buf_in),
			.label_size = NCR_KEY_LABEL_MAX + 1 };

		before = live_now();
		r = call(NCRIO_KEY_UNWRAP, &w);
		expect(r, -EINVAL, &before, "key unwrap with label_size %d",
		       NCR_KEY_LABEL_MAX + 1);
	}
	/* every single-byte change of the wrapped key: EBADMSG */
	{
		int bad = 0, first = -1, first_r = 0;

		before = live_now();
		for (int i = 0; i < 32; i++) {
			memcpy(t, out, 32);
			t[i] ^= 0x80;
			k = 0;
			r = kunwrap(NCR_WALG_AES_RFC5649, k_aes, t, 32,
				    NCR_KEY_TYPE_HMAC, 0, NCR_KEY_USAGE_SIGN,
				    &k);
			if (r != -EBADMSG) {
				if (!bad++) {
					first = i;
					first_r = r;
				}
				if (!r)
					kdel(k);
			}
		}
		expect(bad ? first_r : -EBADMSG, -EBADMSG, &before,
		       "key unwrap with each of 32 bytes changed (%d wrong, "
		       "first byte %d)", bad, first);
	}
	/*
	 * The new key's flags: as asked (nothing forced, WRAPPABLE not
	 * added), but EXPORTABLE or HASHABLE only under an exportable
	 * unwrapping key (k_aes is not): EPERM, nothing created.
	 */
	{
		static const struct {
			uint32_t flags;
			int want;
		} fl[] = {
			{ 0, 0 },
			{ NCR_KEY_FLAG_WRAPPABLE, 0 },
			{ NCR_KEY_FLAG_STORABLE, 0 },
			{ NCR_KEY_FLAG_EXPORTABLE, -EPERM },
			{ NCR_KEY_FLAG_HASHABLE, -EPERM },
			{ NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_HASHABLE,
			  -EPERM },
			{ NCR_KEY_FLAG_WRAPPABLE | NCR_KEY_FLAG_HASHABLE,
			  -EPERM },
		};

		for (size_t i = 0; i < ARRAY_SIZE(fl); i++) {
			struct ncr_key_wrap w = {
				.size = sizeof(w), .flags = fl[i].flags,
				.algorithm = NCR_WALG_AES_RFC5649,
				.wrapping_key = k_aes, .data = PTR64(out),
				.data_size = 32, .type = NCR_KEY_TYPE_HMAC,
				.usage = NCR_KEY_USAGE_VERIFY |
					 NCR_KEY_USAGE_DERIVE,
				.label = PTR64(label4), .label_size = 4 };
			struct ncr_key_info ki;

			before = live_now();
			r = call(NCRIO_KEY_UNWRAP, &w);
			expect(r, fl[i].want, &before, "key unwrap under a "
			       "non-exportable key asking for flags %#x",
			       fl[i].flags);
			if (r)
				continue;
			r = kinfo(w.key, &ki);
			report(!r && ki.type == NCR_KEY_TYPE_HMAC &&
			       ki.bits == 160 && ki.flags == fl[i].flags &&
			       ki.usage == (NCR_KEY_USAGE_VERIFY |
					    NCR_KEY_USAGE_DERIVE) &&
			       ki.algs == NCR_KEY_ALG_HMAC_ALL &&
			       ki.key_id_size == NCR_KEY_ID_LEN &&
			       ki.label_size == 4 &&
			       !memcmp(ki.label, label4, 4) &&
			       !(ki.attrs & (NCR_KEY_ATTR_LOCAL |
					     NCR_KEY_ATTR_ALWAYS_SENSITIVE)),
			       "unwrapped key: HMAC, 160 bits, flags %#x as "
			       "asked (got %#x), usage, default set, a kernel "
			       "key ID, the label, attrs without LOCAL or "
			       "ALWAYS_SENSITIVE (under an ordinary key) "
			       "(%#x)", fl[i].flags, ki.flags, ki.attrs);
			before = live_now();
			{
				struct ncr_key_export e = {
					.size = sizeof(e), .key = w.key,
					.data = PTR64(t),
					.data_size = sizeof(t) };

				r = call(NCRIO_KEY_EXPORT, &e);
			}
			expect(r, -EPERM, &before, "export of the unwrapped "
			       "key");
			kdel(w.key);
		}
	}
	/* under an exportable unwrapping key, EXPORTABLE and HASHABLE are
	 * allowed (the caller could unwrap in user space) */
	{
		uint32_t wk_exp = 0, k_new = 0;
		uint8_t kek[16], wr[40], got[32];
		uint32_t wl = sizeof(wr);
		size_t gl = sizeof(got);

		for (int i = 0; i < 16; i++)
			kek[i] = (uint8_t)(0x70 + i);
		r = imp(NCR_KEY_TYPE_AES, kek, 16, NCR_KEY_FLAG_EXPORTABLE,
			NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP, &wk_exp);
		r = r ?: kwrap(NCR_WALG_AES_RFC5649, wk_exp, k20, wr, &wl);
		r = r ?: kunwrap(NCR_WALG_AES_RFC5649, wk_exp, wr, wl,
				 NCR_KEY_TYPE_HMAC, NCR_KEY_FLAG_EXPORTABLE |
				 NCR_KEY_FLAG_HASHABLE, NCR_KEY_USAGE_SIGN,
				 &k_new);
		r = r ?: secret_export(fd, k_new, got, &gl);
		report(!r && gl == 20 && !memcmp(got, buf_in, 20),
		       "key unwrap under an exportable key with "
		       "EXPORTABLE|HASHABLE: the key exports as the bytes "
		       "wrapped (%s)", errname(r));
		if (k_new)
			kdel(k_new);
		if (wk_exp)
			kdel(wk_exp);
	}
	/* TRUSTED at unwrap needs CAP_SYS_ADMIN; root, who brings the
	 * wrapped key itself, may make a wrap-only key TRUSTED (ncr.h: "At
	 * creation ... the caller with CAP_SYS_ADMIN brings the material or
	 * the wrapped key itself: that is its decision"), but the key is
	 * not ALWAYS_SENSITIVE, so nobody could trust it later by handle */
	if (wrapped_len) {
		struct ncr_key_info ki;

		before = live_now();
		k = 0;
		r = kunwrap(NCR_WALG_AES_RFC5649, k_aes, wrapped, wrapped_len,
			    NCR_KEY_TYPE_AES, NCR_KEY_FLAG_TRUSTED,
			    NCR_KEY_USAGE_WRAP, &k);
		if (is_root) {
			memset(&ki, 0, sizeof(ki));
			if (!r)
				kinfo(k, &ki);
			report(!r && (ki.flags & NCR_KEY_FLAG_TRUSTED) &&
			       !(ki.attrs & NCR_KEY_ATTR_ALWAYS_SENSITIVE),
			       "key unwrap under an untrusted key asking for "
			       "TRUSTED (a wrap-only AES key) with "
			       "CAP_SYS_ADMIN: %s, flags %#x, attrs %#x",
			       errname(r), ki.flags, ki.attrs);
		} else {
			expect(r, -EPERM, &before, "key unwrap under an "
			       "untrusted key asking for TRUSTED (a wrap-only "
			       "AES key) without CAP_SYS_ADMIN");
		}
		if (!r)
			kdel(k);
	}
	/* a 3DES key of equal thirds is refused as on import */
	{
		uint8_t weak[24];
		uint32_t kw = 0;

		for (int i = 0; i < 24; i++)
			weak[i] = (uint8_t)(0x10 + i % 8);
		imp(NCR_KEY_TYPE_HMAC, weak, 24, NCR_KEY_FLAG_WRAPPABLE |
		    NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN, &kw);
		n = sizeof(t);
		r = kwrap(NCR_WALG_AES_RFC3394, k_aes, kw, t, &n);
		before = live_now();
		k = 0;
		r = r ? r : kunwrap(NCR_WALG_AES_RFC3394, k_aes, t, n,
				    NCR_KEY_TYPE_DES3, 0, NCR_KEY_USAGE_ENCRYPT,
				    &k);
		expect(r, -EINVAL, &before, "key unwrap of a 3DES key of equal "
		       "thirds");
		if (!r)
			kdel(k);
		kdel(kw);
	}
	/* the largest key: 1024 bytes both ways */
	{
		uint8_t *big = malloc(NCR_MAX_SECRET_BYTES);
		uint32_t kb = 0;

		for (int i = 0; i < NCR_MAX_SECRET_BYTES; i++)
			big[i] = (uint8_t)(i * 13);
		r = imp(NCR_KEY_TYPE_HMAC, big, NCR_MAX_SECRET_BYTES,
			NCR_KEY_FLAG_WRAPPABLE | NCR_KEY_FLAG_EXPORTABLE,
			NCR_KEY_USAGE_SIGN, &kb);
		for (uint32_t alg = NCR_WALG_AES_RFC3394;
		     !r && alg <= NCR_WALG_AES_RFC5649; alg++) {
			n = NCR_WRAPPED_KEY_MAX;
			r = kwrap(alg, k_aes, kb, out, &n);
			/* an ordinary key: the raw format, key + 8 */
			report(!r && n == NCR_MAX_SECRET_BYTES + 8, "key wrap "
			       "(alg %u) of a %d-byte key: %s, %u bytes (want "
			       "the key length + 8; NCR_WRAPPED_KEY_MAX has "
			       "room for the trusted envelope too)", alg,
			       NCR_MAX_SECRET_BYTES, errname(r), n);
			k = 0;
			r = r ? r : kunwrap(alg, k_aes, out, n,
					    NCR_KEY_TYPE_HMAC, 0,
					    NCR_KEY_USAGE_SIGN, &k);
			report_err(r, 0, "key unwrap (alg %u) of it", alg);
			if (!r)
				kdel(k);
		}
		kdel(kb);
		free(big);
	}
out:
	kdel(wk_hmac);
	kdel(wk_xts);
	kdel(wk_wrap);
	kdel(wk_unwrap);
	kdel(k_nowrap);
	kdel(k20);
	kdel(k8);
	kdel(k24);
	kdel(k_noexp);
	kdel(wk_kw);
}

/* ---------------------------------------------------------------- ERANGE */

static void test_erange(void)
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

/* ------------------------------------------------------------ verify */

static void test_verify(void)
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
static void test_verify_lengths(void)
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

/* -------------------------------------------------------------- setup */

/* ------------------------------------------------------ public-key ABI */

static int genpair(struct ncr_key_generate_pair *g)
{
	int r = call(NCRIO_KEY_GENERATE_PAIR, g);

	if (!r) {
		kdel(g->private_key);
		kdel(g->public_key);
	}
	return r;
}

static void test_genpair_params(void)
{
	static const uint8_t e3[] = { 3 }, e_even[] = { 1, 0, 0 };
	static const uint8_t e_long[9] = { 1, 0, 0, 0, 0, 0, 0, 0, 1 };
	static const struct {
		uint32_t type, bits, q_bits, usage, public_usage;
		const void *params;
		uint32_t params_size, label_size;
		const char *what;
	} bad[] = {
		{ NCR_KEY_TYPE_RSA, 1024, 0, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0,
		  "RSA 1024 bits (verify-only size)" },
		{ NCR_KEY_TYPE_RSA, 2047, 0, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0,
		  "RSA 2047 bits" },
		{ NCR_KEY_TYPE_RSA, 8192, 0, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0,
		  "RSA 8192 bits" },
		{ NCR_KEY_TYPE_RSA, 2048, 0, NCR_KEY_USAGE_SIGN, 0, e3, 1, 0,
		  "RSA exponent 3 (< 65537)" },
		{ NCR_KEY_TYPE_RSA, 2048, 0, NCR_KEY_USAGE_SIGN, 0, e_even, 3, 0,
		  "RSA even exponent" },
		{ NCR_KEY_TYPE_RSA, 2048, 0, NCR_KEY_USAGE_SIGN, 0, e_long, 9, 0,
		  "RSA 9-byte exponent" },
		{ NCR_KEY_TYPE_RSA, 2048, 256, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0,
		  "RSA with q_bits" },
		{ NCR_KEY_TYPE_DSA, 1024, 160, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0,
		  "DSA (1024, 160)" },
		{ NCR_KEY_TYPE_DSA, 3072, 224, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0,
		  "DSA (3072, 224)" },
		{ NCR_KEY_TYPE_DSA, 0, 0, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0,
		  "DSA without bits or parameters" },
		{ NCR_KEY_TYPE_DSA, 2048, 256, NCR_KEY_USAGE_SIGN, 0, key16, 16,
		  0, "DSA with garbage parameters" },
		{ NCR_KEY_TYPE_DH, 1024, 0, NCR_KEY_USAGE_DERIVE, 0, NULL, 0, 0,
		  "DH group 1024" },
		{ NCR_KEY_TYPE_DH, 2304, 0, NCR_KEY_USAGE_DERIVE, 0, NULL, 0, 0,
		  "DH group 2304" },
		{ NCR_KEY_TYPE_DH, 0, 0, NCR_KEY_USAGE_DERIVE, 0, key16, 16, 0,
		  "DH with garbage parameters" },
		{ NCR_KEY_TYPE_EC, 224, 0, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0,
		  "EC 224 bits" },
		{ NCR_KEY_TYPE_EC, 521, 0, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0,
		  "EC 521 bits" },
		{ NCR_KEY_TYPE_EC, 0, 0, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0,
		  "EC 0 bits" },
		{ NCR_KEY_TYPE_EC, 256, 0, NCR_KEY_USAGE_SIGN, 0, key16, 16, 0,
		  "EC with params" },
		{ NCR_KEY_TYPE_EC, 256, 256, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0,
		  "EC with q_bits" },
		{ NCR_KEY_TYPE_X25519, 256, 0, NCR_KEY_USAGE_DERIVE, 0, NULL, 0,
		  0, "X25519 256 bits" },
		{ NCR_KEY_TYPE_ED25519, 0, 0, NCR_KEY_USAGE_SIGN, 0, key16, 16,
		  0, "Ed25519 with params" },
		{ NCR_KEY_TYPE_EC, 256, 0, 0, 0, NULL, 0, 0, "usage 0" },
		{ NCR_KEY_TYPE_EC, 256, 0, NCR_KEY_USAGE_SIGN,
		  NCR_KEY_USAGE_SIGN, NULL, 0, 0, "public_usage SIGN" },
		{ NCR_KEY_TYPE_EC, 256, 0, NCR_KEY_USAGE_SIGN,
		  NCR_KEY_USAGE_DECRYPT, NULL, 0, 0, "public_usage DECRYPT" },
		{ NCR_KEY_TYPE_EC, 256, 0, NCR_KEY_USAGE_SIGN, 0, NULL, 0,
		  NCR_KEY_LABEL_MAX + 1, "label_size 33" },
		{ NCR_KEY_TYPE_EC, 256, 0, NCR_KEY_USAGE_SIGN |
		  NCR_KEY_USAGE_DERIVE, 0, NULL, 0, 0,
		  "EC SIGN|DERIVE without an algorithm set (two families)" },
		{ NCR_KEY_TYPE_X25519, 0, 0, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0,
		  "X25519 with SIGN only (no default set)" },
		{ NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_ENCRYPT, 0, NULL, 0, 0,
		  "a secret key type (AES)" },
		{ NCR_KEY_TYPE_HMAC, 256, 0, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0,
		  "a secret key type (HMAC)" },
		{ 0, 256, 0, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0, "type 0" },
		{ 22, 256, 0, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0, "type 22" },
		{ 0xffffffffu, 256, 0, NCR_KEY_USAGE_SIGN, 0, NULL, 0, 0,
		  "type 0xffffffff" },
	};
	uint8_t big[NCR_MAX_PKEY_BYTES + 1] = { 0 };

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct ncr_key_generate_pair g = {
			.size = sizeof(g), .type = bad[i].type,
			.bits = bad[i].bits, .q_bits = bad[i].q_bits,
			.usage = bad[i].usage,
			.public_usage = bad[i].public_usage,
			.params = PTR64(bad[i].params),
			.params_size = bad[i].params_size,
			.label = PTR64(buf_in),
			.label_size = bad[i].label_size,
		};
		struct live before = live_now();

		expect(genpair(&g), -EINVAL, &before,
		       "NCRIO_KEY_GENERATE_PAIR: %s", bad[i].what);
	}
	{
		struct ncr_key_generate_pair g = {
			.size = sizeof(g), .type = NCR_KEY_TYPE_DH,
			.usage = NCR_KEY_USAGE_DERIVE, .params = PTR64(big),
			.params_size = sizeof(big),
		};
		struct live before = live_now();

		expect2(genpair(&g), -EINVAL, -E2BIG, &before,
			"NCRIO_KEY_GENERATE_PAIR: params over "
			"NCR_MAX_PKEY_BYTES");
	}
	/* valid: the outputs, key IDs, labels, classes, attributes, derived
	 * public usage and default sets */
	{
		struct ncr_key_generate_pair g = {
			.size = sizeof(g), .type = NCR_KEY_TYPE_EC, .bits = 384,
			.usage = NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DERIVE,
			.algs = NCR_KEY_ALG_ECDSA | NCR_KEY_ALG_ECDH,
			.flags = NCR_KEY_FLAG_WRAPPABLE,
			.label = PTR64(label4), .label_size = 4,
		};
		struct ncr_key_info a, b;
		int r = call(NCRIO_KEY_GENERATE_PAIR, &g);

		if (report_err(r, 0, "NCRIO_KEY_GENERATE_PAIR: EC P-384, "
			       "SIGN|DERIVE with an explicit set")) {
			kinfo(g.private_key, &a);
			kinfo(g.public_key, &b);
			report(g.private_key && g.public_key &&
			       g.private_key != g.public_key,
			       "GENERATE_PAIR: two distinct non-zero handles");
			report(a.key_class == NCR_KEY_CLASS_PRIVATE &&
			       b.key_class == NCR_KEY_CLASS_PUBLIC &&
			       a.bits == 384 && b.bits == 384 &&
			       a.type == NCR_KEY_TYPE_EC &&
			       b.type == NCR_KEY_TYPE_EC,
			       "GENERATE_PAIR: classes private/public, EC, 384 "
			       "bits (got %u/%u, %u/%u)", a.key_class,
			       b.key_class, a.bits, b.bits);
			report(a.flags == NCR_KEY_FLAG_WRAPPABLE &&
			       b.flags == (NCR_KEY_FLAG_EXPORTABLE |
					   NCR_KEY_FLAG_STORABLE) &&
			       a.usage == g.usage &&
			       b.usage == (NCR_KEY_USAGE_VERIFY |
					   NCR_KEY_USAGE_DERIVE),
			       "GENERATE_PAIR: private flags/usage as asked, "
			       "public EXPORTABLE|STORABLE with VERIFY|DERIVE "
			       "(got 0x%x/0x%x, 0x%x/0x%x)", a.flags, b.flags,
			       a.usage, b.usage);
			report(a.algs == (NCR_KEY_ALG_ECDSA | NCR_KEY_ALG_ECDH) &&
			       b.algs == (NCR_KEY_ALG_ECDSA | NCR_KEY_ALG_ECDH),
			       "GENERATE_PAIR: private set as asked, public "
			       "the union of its families (got %#llx/%#llx)",
			       (unsigned long long)a.algs,
			       (unsigned long long)b.algs);
			report(a.key_id_size == NCR_KEY_ID_LEN &&
			       b.key_id_size == NCR_KEY_ID_LEN &&
			       !memcmp(a.key_id, b.key_id, NCR_KEY_ID_LEN) &&
			       a.label_size == 4 && b.label_size == 4 &&
			       !memcmp(a.label, label4, 4) &&
			       !memcmp(b.label, label4, 4),
			       "GENERATE_PAIR: both keys have one kernel key ID "
			       "and the label");
			report(a.attrs == (NCR_KEY_ATTR_LOCAL |
					   NCR_KEY_ATTR_ALWAYS_SENSITIVE) &&
			       (b.attrs & NCR_KEY_ATTR_LOCAL) &&
			       !(b.attrs & NCR_KEY_ATTR_ALWAYS_SENSITIVE),
			       "GENERATE_PAIR: attrs LOCAL|ALWAYS_SENSITIVE "
			       "(wrappable private key), LOCAL and never "
			       "sensitive public key (got %#x/%#x)", a.attrs,
			       b.attrs);
			kdel(g.private_key);
			kdel(g.public_key);
		}
		g.label_size = 0;
		g.label = 0;
		r = call(NCRIO_KEY_GENERATE_PAIR, &g);
		if (!r) {
			struct ncr_key_info c, d;

			kinfo(g.private_key, &a);
			kinfo(g.public_key, &b);
			kdel(g.private_key);
			kdel(g.public_key);
			r = call(NCRIO_KEY_GENERATE_PAIR, &g);
			if (!r) {
				kinfo(g.private_key, &c);
				kinfo(g.public_key, &d);
				kdel(g.private_key);
				kdel(g.public_key);
			}
			report(!r && a.key_id_size == 16 &&
			       b.key_id_size == 16 && a.label_size == 0 &&
			       !memcmp(a.key_id, b.key_id, 16) &&
			       !memcmp(c.key_id, d.key_id, 16) &&
			       memcmp(a.key_id, c.key_id, 16),
			       "GENERATE_PAIR: without a label, each pair has "
			       "one 16-byte ID, another pair another");
		}
		/* the default sets of each half (public_usage: the kernel
		 * wrote back the one it derived) */
		g.algs = 0;
		g.usage = NCR_KEY_USAGE_SIGN;
		g.public_usage = 0;
		r = call(NCRIO_KEY_GENERATE_PAIR, &g);
		if (!report_err(r, 0, "GENERATE_PAIR: EC P-384 SIGN, default "
				"set"))
			goto ver0;
		kinfo(g.private_key, &a);
		kinfo(g.public_key, &b);
		report(a.algs == NCR_KEY_ALG_ECDSA && b.algs == NCR_KEY_ALG_ECDSA &&
		       b.usage == NCR_KEY_USAGE_VERIFY,
		       "GENERATE_PAIR: EC SIGN gives ECDSA, its public half "
		       "VERIFY with ECDSA (got %#llx/%#llx)",
		       (unsigned long long)a.algs, (unsigned long long)b.algs);
		kdel(g.private_key);
		kdel(g.public_key);
		g.public_usage = NCR_KEY_USAGE_VERIFY | NCR_KEY_USAGE_DERIVE;
		r = call(NCRIO_KEY_GENERATE_PAIR, &g);
		if (!r) {
			kinfo(g.public_key, &b);
			kdel(g.private_key);
			kdel(g.public_key);
		}
		report(!r && b.usage == g.public_usage &&
		       b.algs == (NCR_KEY_ALG_ECDSA | NCR_KEY_ALG_ECDH),
		       "GENERATE_PAIR: a public key with VERIFY|DERIVE gets "
		       "ECDSA|ECDH (%s, %#llx)", errname(r),
		       (unsigned long long)b.algs);
		g.public_usage = 0;
		g.public_algs = NCR_KEY_ALG_ECDH;
		g.usage = NCR_KEY_USAGE_DERIVE;
		r = call(NCRIO_KEY_GENERATE_PAIR, &g);
		if (!r) {
			kinfo(g.private_key, &a);
			kinfo(g.public_key, &b);
			kdel(g.private_key);
			kdel(g.public_key);
		}
		report(!r && a.algs == NCR_KEY_ALG_ECDH &&
		       b.algs == NCR_KEY_ALG_ECDH &&
		       b.usage == NCR_KEY_USAGE_DERIVE,
		       "GENERATE_PAIR: EC DERIVE gives ECDH, public_algs as "
		       "asked (%s)", errname(r));
		g.public_algs = NCR_KEY_ALG_RSA_PSS;
		{
			struct live before = live_now();

			expect(genpair(&g), -EINVAL, &before, "GENERATE_PAIR: "
			       "public_algs of another type (RSA-PSS for EC)");
			g.public_algs = 0;
			g.algs = NCR_KEY_ALG_AES_GCM;
			expect(genpair(&g), -EINVAL, &before, "GENERATE_PAIR: "
			       "algs of another type (AES-GCM for EC)");
		}
	}
ver0:
	/* VER0 size exactly: the default sets */
	{
		struct ncr_key_generate_pair g = {
			.size = NCR_KEY_GENERATE_PAIR_SIZE_VER0,
			.type = NCR_KEY_TYPE_ED25519,
			.usage = NCR_KEY_USAGE_SIGN,
		};
		struct ncr_key_info a, b;
		int r = call(NCRIO_KEY_GENERATE_PAIR, &g);

		if (report_err(r, 0, "GENERATE_PAIR: Ed25519, size VER0")) {
			kinfo(g.private_key, &a);
			kinfo(g.public_key, &b);
			report(a.algs == NCR_KEY_ALG_ED25519 &&
			       b.algs == NCR_KEY_ALG_ED25519 &&
			       b.usage == NCR_KEY_USAGE_VERIFY,
			       "GENERATE_PAIR VER0: both halves get the "
			       "default set ED25519");
			kdel(g.private_key);
			kdel(g.public_key);
		}
	}
}

static int derive(struct ncr_key_derive *d)
{
	int r = call(NCRIO_KEY_DERIVE, d);

	if (!r)
		kdel(d->new_key);
	return r;
}

static void test_derive_params(void)
{
	struct ncr_key_derive d;
	struct live before;
	uint32_t ec = 0, ecp = 0, dead = 0;
	uint8_t ec_pt[97];

	if (!k_x25519) {
		report_skip("no X25519 key", "NCRIO_KEY_DERIVE parameters");
		return;
	}
#define D_RESET() do { memset(&d, 0, sizeof(d)); prep_derive(&d); \
		d.size = sizeof(d); before = live_now(); } while (0)
	D_RESET();
	expect(derive(&d), 0, &before, "DERIVE: X25519 into HMAC");
	D_RESET();
	d.type = NCR_KEY_TYPE_AES;
	d.usage = NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP;
	if (!call(NCRIO_KEY_DERIVE, &d)) {
		struct ncr_key_info ki;
		int r = kinfo(d.new_key, &ki);

		report(!r && ki.flags == 0 && ki.algs == AES_WRAPS &&
		       ki.key_id_size == NCR_KEY_ID_LEN && ki.label_size == 4 &&
		       ki.attrs == NCR_KEY_ATTR_NEVER_EXTRACTABLE,
		       "DERIVE: the new key has a kernel key ID, the label, "
		       "the default set, attrs NEVER_EXTRACTABLE only (not "
		       "LOCAL, not ALWAYS_SENSITIVE: the caller may know the "
		       "secret) (%#x)", ki.attrs);
		before = live_now();
		expect(ktrust(d.new_key), is_root ? -EINVAL : -EPERM, &before,
		       "DERIVE: NCRIO_KEY_TRUST of a derived wrap-only key");
		kdel(d.new_key);
	} else {
		report(0, "DERIVE: X25519 into an AES wrap-only key");
	}
	D_RESET();
	d.type = NCR_KEY_TYPE_AES;
	d.usage = NCR_KEY_USAGE_ENCRYPT;
	expect(derive(&d), 0, &before, "DERIVE: X25519 into AES-256");
	static const uint32_t bad_types[] = { 0, NCR_KEY_TYPE_DES3,
					      NCR_KEY_TYPE_RSA,
					      NCR_KEY_TYPE_EC,
					      NCR_KEY_TYPE_X25519, 99 };
	for (size_t i = 0; i < ARRAY_SIZE(bad_types); i++) {
		D_RESET();
		d.type = bad_types[i];
		expect(derive(&d), -EINVAL, &before, "DERIVE: new key type %u",
		       bad_types[i]);
	}
	D_RESET();
	d.usage = 0;
	expect(derive(&d), -EINVAL, &before, "DERIVE: usage 0");
	D_RESET();
	d.label_size = NCR_KEY_LABEL_MAX + 1;
	expect(derive(&d), -EINVAL, &before, "DERIVE: label_size 33");
	D_RESET();
	d.flags = NCR_KEY_FLAG_TRUSTED;
	d.type = NCR_KEY_TYPE_AES;
	d.usage = NCR_KEY_USAGE_WRAP;
	expect(derive(&d), -EPERM, &before, "DERIVE: a TRUSTED new key (the "
	       "caller may know the secret), %s CAP_SYS_ADMIN",
	       is_root ? "even with" : "without");
	D_RESET();
	d.type = NCR_KEY_TYPE_AES;
	d.usage = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_SIGN;
	expect(derive(&d), -EINVAL, &before, "DERIVE: AES ENCRYPT|SIGN "
	       "without an algorithm set");
	D_RESET();
	d.algs = NCR_KEY_ALG_AES_GCM;
	expect(derive(&d), -EINVAL, &before, "DERIVE: an AES set for an HMAC "
	       "key");
	static const uint32_t bad_algs[] = { 0, NCR_ALG_AES_CBC,
					     NCR_ALG_ECDSA, NCR_ALG_ECDH,
					     NCR_ALG_DH, 83, 0xffffffffu };
	for (size_t i = 0; i < ARRAY_SIZE(bad_algs); i++) {
		D_RESET();
		d.algorithm = bad_algs[i];
		expect(derive(&d), -EINVAL, &before,
		       "DERIVE: algorithm %u with an X25519 key", bad_algs[i]);
	}
	static const uint32_t bad_handles[] = { 0, 12345, 0xffffffffu };
	for (size_t i = 0; i < ARRAY_SIZE(bad_handles); i++) {
		D_RESET();
		d.key = bad_handles[i];
		expect(derive(&d), -ENOENT, &before, "DERIVE: key handle %u",
		       bad_handles[i]);
	}
	{
		struct ncr_key_generate_pair g = {
			.size = sizeof(g), .type = NCR_KEY_TYPE_X25519,
			.usage = NCR_KEY_USAGE_DERIVE,
		};

		if (!call(NCRIO_KEY_GENERATE_PAIR, &g)) {
			dead = g.private_key;
			kdel(g.private_key);
			kdel(g.public_key);
			D_RESET();
			d.key = dead;
			expect(derive(&d), -ENOENT, &before,
			       "DERIVE: a deinit'ed key handle");
		}
	}
	D_RESET();
	d.key = k_aes;
	expect(derive(&d), -EINVAL, &before, "DERIVE: an AES key");
	D_RESET();
	d.peer_size = 31;
	expect(derive(&d), -EINVAL, &before, "DERIVE: X25519 peer of 31 bytes");
	D_RESET();
	d.peer_size = 4097;
	expect2(derive(&d), -EINVAL, -EFAULT, &before,
		"DERIVE: peer_size 4097");
	/* P-384 secret (48 bytes) into AES: impossible length */
	{
		struct ncr_key_generate_pair g = {
			.size = sizeof(g), .type = NCR_KEY_TYPE_EC, .bits = 384,
			.usage = NCR_KEY_USAGE_DERIVE,
		};
		struct ncr_key_export ex = {
			.size = sizeof(ex), .data = PTR64(ec_pt),
			.data_size = sizeof(ec_pt),
			.format = NCR_KEY_FORMAT_RAW_PUBLIC,
		};

		if (!call(NCRIO_KEY_GENERATE_PAIR, &g)) {
			ec = g.private_key;
			ecp = g.public_key;
			ex.key = ecp;
			if (!call(NCRIO_KEY_EXPORT, &ex)) {
				D_RESET();
				d.algorithm = NCR_ALG_ECDH;
				d.key = ec;
				d.peer = PTR64(ec_pt);
				d.peer_size = ex.data_size;
				d.type = NCR_KEY_TYPE_AES;
				d.usage = NCR_KEY_USAGE_ENCRYPT;
				expect(derive(&d), -EINVAL, &before,
				       "DERIVE: a 48-byte P-384 secret into an "
				       "AES key");
				d.type = NCR_KEY_TYPE_HMAC;
				d.usage = NCR_KEY_USAGE_SIGN;
				expect(derive(&d), 0, &before,
				       "DERIVE: P-384 ECDH into HMAC");
				D_RESET();
				d.peer = PTR64(ec_pt);
				d.peer_size = ex.data_size;
				expect(derive(&d), -EINVAL, &before,
				       "DERIVE: X25519 with a P-384 point");
			}
			kdel(ec);
			kdel(ecp);
		}
	}
	/* VER0 size */
	D_RESET();
	d.size = NCR_KEY_DERIVE_SIZE_VER0;
	expect(derive(&d), 0, &before, "DERIVE: size VER0");
#undef D_RESET
}

static void test_pk_import_params(void)
{
	uint8_t spki[200], pkcs8[200], raw[32], pt[65];
	uint32_t spki_len = 0, pkcs8_len = 0, pt_len = 0;
	uint32_t priv, pub;
	struct ncr_key_generate_pair g = {
		.size = sizeof(g), .type = NCR_KEY_TYPE_EC, .bits = 256,
		.flags = NCR_KEY_FLAG_EXPORTABLE, .usage = NCR_KEY_USAGE_SIGN,
	};
	struct ncr_key_export ex = { .size = sizeof(ex) };
	int r = call(NCRIO_KEY_GENERATE_PAIR, &g);

	if (!report_err(r, 0, "EC P-256 pair for the import checks"))
		return;
	priv = g.private_key;
	pub = g.public_key;
	ex.key = pub;
	ex.data = PTR64(spki);
	ex.data_size = sizeof(spki);
	ex.format = NCR_KEY_FORMAT_SPKI;
	if (!call(NCRIO_KEY_EXPORT, &ex))
		spki_len = ex.data_size;
	ex.key = priv;
	ex.data = PTR64(pkcs8);
	ex.data_size = sizeof(pkcs8);
	ex.format = NCR_KEY_FORMAT_PKCS8;
	if (!call(NCRIO_KEY_EXPORT, &ex))
		pkcs8_len = ex.data_size;
	ex.data = PTR64(raw);
	ex.data_size = sizeof(raw);
	ex.format = NCR_KEY_FORMAT_RAW;
	r = call(NCRIO_KEY_EXPORT, &ex);
	ex.key = pub;
	ex.data = PTR64(pt);
	ex.data_size = sizeof(pt);
	ex.format = NCR_KEY_FORMAT_RAW_PUBLIC;
	if (!r && !call(NCRIO_KEY_EXPORT, &ex))
		pt_len = ex.data_size;
	if (!report(spki_len && pkcs8_len && pt_len == 65,
		    "EC P-256 exports: SPKI %u, PKCS8 %u, RAW_PUBLIC %u bytes",
		    spki_len, pkcs8_len, pt_len))
		goto out;

	/* ERANGE on a public key export, needed size written back */
	for (uint32_t cap = 0; cap < spki_len; cap += spki_len - 1) {
		uint8_t small[200];

		memset(small, 0x77, sizeof(small));
		ex.key = pub;
		ex.data = PTR64(small);
		ex.data_size = cap;
		ex.format = NCR_KEY_FORMAT_SPKI;
		r = call(NCRIO_KEY_EXPORT, &ex);
		report(r == -ERANGE && ex.data_size == spki_len &&
		       small[0] == 0x77 && small[cap ? cap - 1 : 0] == 0x77,
		       "SPKI export into %u bytes: ERANGE with data_size %u "
		       "(got %s, %u), buffer untouched", cap, spki_len,
		       errname(r), ex.data_size);
	}
	{
		struct ncr_key_export e2 = {
			.size = NCR_KEY_EXPORT_SIZE_VER0, .key = pub,
			.data = PTR64(buf_out), .data_size = sizeof(buf_out),
			.format = NCR_KEY_FORMAT_RAW,
		};
		struct live before = live_now();

		expect(call(NCRIO_KEY_EXPORT, &e2), -EINVAL, &before,
		       "RAW (private) export of a public EC key");
		e2.format = 7;
		expect(call(NCRIO_KEY_EXPORT, &e2), -EINVAL, &before,
		       "export format 7");
		e2.format = NCR_KEY_FORMAT_PKCS1;
		expect(call(NCRIO_KEY_EXPORT, &e2), -EINVAL, &before,
		       "PKCS1 export of an EC key");
		e2.format = NCR_KEY_FORMAT_PARAMS;
		expect(call(NCRIO_KEY_EXPORT, &e2), -EINVAL, &before,
		       "PARAMS export of an EC key");
	}

	static const struct {
		uint32_t type, format, bits, usage;
		int which;	/* 0 spki 1 pkcs8 2 raw 3 point */
		int trunc, extra;
		int want;
		const char *what;
	} v[] = {
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_SPKI, 0, NCR_KEY_USAGE_VERIFY,
		  0, 0, 0, 0, "SPKI" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_PKCS8, 0, NCR_KEY_USAGE_SIGN,
		  1, 0, 0, 0, "PKCS8" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_DEFAULT, 0,
		  NCR_KEY_USAGE_SIGN, 1, 0, 0, 0, "format 0 (PKCS8)" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_RAW, 256, NCR_KEY_USAGE_SIGN,
		  2, 0, 0, 0, "RAW with bits 256" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_RAW_PUBLIC, 256,
		  NCR_KEY_USAGE_VERIFY, 3, 0, 0, 0, "RAW_PUBLIC with bits 256" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_RAW, 0, NCR_KEY_USAGE_SIGN,
		  2, 0, 0, -EINVAL, "RAW with bits 0" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_RAW_PUBLIC, 521,
		  NCR_KEY_USAGE_VERIFY, 3, 0, 0, -EINVAL,
		  "RAW_PUBLIC with bits 521" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_SPKI, 256,
		  NCR_KEY_USAGE_VERIFY, 0, 0, 0, -EINVAL,
		  "SPKI with bits 256 (must be 0)" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_PKCS8, 256,
		  NCR_KEY_USAGE_SIGN, 1, 0, 0, -EINVAL,
		  "PKCS8 with bits 256 (must be 0)" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_SPKI, 0, NCR_KEY_USAGE_SIGN,
		  0, 0, 0, -EINVAL, "SPKI (public) with SIGN usage" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_SPKI, 0, 0, 0, 0, 0, -EINVAL,
		  "SPKI with usage 0" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_PKCS8, 0, NCR_KEY_USAGE_SIGN,
		  0, 0, 0, -EINVAL, "an SPKI given as PKCS8" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_SPKI, 0, NCR_KEY_USAGE_VERIFY,
		  1, 0, 0, -EINVAL, "a PKCS8 given as SPKI" },
		{ NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_SPKI, 0,
		  NCR_KEY_USAGE_VERIFY, 0, 0, 0, -EINVAL,
		  "an EC SPKI as type RSA" },
		{ NCR_KEY_TYPE_ED25519, NCR_KEY_FORMAT_PKCS8, 0,
		  NCR_KEY_USAGE_SIGN, 1, 0, 0, -EINVAL,
		  "an EC PKCS8 as type Ed25519" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_PKCS1, 0, NCR_KEY_USAGE_SIGN,
		  1, 0, 0, -EINVAL, "format PKCS1 for EC" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_PARAMS, 0, NCR_KEY_USAGE_SIGN,
		  1, 0, 0, -EINVAL, "format PARAMS (export only)" },
		{ NCR_KEY_TYPE_EC, 7, 0, NCR_KEY_USAGE_SIGN, 1, 0, 0, -EINVAL,
		  "format 7" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_SPKI, 0, NCR_KEY_USAGE_VERIFY,
		  0, 1, 0, -EINVAL, "SPKI truncated by one byte" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_SPKI, 0, NCR_KEY_USAGE_VERIFY,
		  0, 0, 1, -EINVAL, "SPKI with a trailing byte" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_PKCS8, 0, NCR_KEY_USAGE_SIGN,
		  1, 1, 0, -EINVAL, "PKCS8 truncated by one byte" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_PKCS8, 0, NCR_KEY_USAGE_SIGN,
		  1, 0, 1, -EINVAL, "PKCS8 with a trailing byte" },
		{ NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_RAW_PUBLIC, 256,
		  NCR_KEY_USAGE_VERIFY, 3, 1, 0, -EINVAL,
		  "RAW_PUBLIC point truncated" },
		{ NCR_KEY_TYPE_AES, NCR_KEY_FORMAT_SPKI, 0,
		  NCR_KEY_USAGE_ENCRYPT, 0, 0, 0, -EINVAL,
		  "a secret type with format SPKI" },
		{ NCR_KEY_TYPE_AES, NCR_KEY_FORMAT_RAW, 256,
		  NCR_KEY_USAGE_ENCRYPT, 2, 0, 0, -EINVAL,
		  "a secret key with bits 256" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		uint8_t data[256];
		const uint8_t *src = v[i].which == 0 ? spki : v[i].which == 1 ?
				     pkcs8 : v[i].which == 2 ? raw : pt;
		uint32_t len = v[i].which == 0 ? spki_len : v[i].which == 1 ?
			       pkcs8_len : v[i].which == 2 ? 32 : pt_len;
		struct ncr_key_import im = {
			.size = sizeof(im), .type = v[i].type,
			.usage = v[i].usage, .format = v[i].format,
			.bits = v[i].bits, .data = PTR64(data),
		};
		struct live before = live_now();

		memcpy(data, src, len);
		if (v[i].trunc)
			len--;
		if (v[i].extra)
			data[len++] = 0;
		im.data_size = len;
		r = call(NCRIO_KEY_IMPORT, &im);
		if (!r)
			kdel(im.key);
		expect(r, v[i].want, &before, "public-key import: %s",
		       v[i].what);
	}
	{
		static uint8_t big[NCR_MAX_PKEY_BYTES + 1];
		struct ncr_key_import im = {
			.size = sizeof(im), .type = NCR_KEY_TYPE_EC,
			.usage = NCR_KEY_USAGE_VERIFY,
			.format = NCR_KEY_FORMAT_SPKI, .data = PTR64(big),
			.data_size = sizeof(big),
		};
		struct live before = live_now();

		memcpy(big, spki, spki_len);
		r = call(NCRIO_KEY_IMPORT, &im);
		if (!r)
			kdel(im.key);
		expect2(r, -EINVAL, -E2BIG, &before, "public-key import of "
			"more than NCR_MAX_PKEY_BYTES");
		/* the VER0 import structure has no bits: an EC point needs
		 * its curve, which then reads as 0 */
		im.size = NCR_KEY_IMPORT_SIZE_VER0;
		im.format = NCR_KEY_FORMAT_RAW_PUBLIC;
		im.bits = 256;	/* past VER0: not read */
		im.data = PTR64(pt);
		im.data_size = pt_len;
		before = live_now();
		r = call(NCRIO_KEY_IMPORT, &im);
		if (!r)
			kdel(im.key);
		expect(r, -EINVAL, &before, "an EC point through the VER0 "
		       "import structure (bits past it read as 0)");
		im.size = NCR_KEY_IMPORT_SIZE_VER1;
		r = call(NCRIO_KEY_IMPORT, &im);
		if (!r)
			kdel(im.key);
		report_err(r, 0, "the same EC point with the VER1 structure");
	}
out:
	kdel(priv);
	kdel(pub);
}

/* Public-key session parameters (version-1 fields). */
static void test_pk_session_params(void)
{
	uint32_t ec, ecp, ed, edp, ecp_enc = 0;
	struct ncr_key_generate_pair g = {
		.size = sizeof(g), .type = NCR_KEY_TYPE_EC, .bits = 256,
		.usage = NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY,
	};
	int r = call(NCRIO_KEY_GENERATE_PAIR, &g);

	if (!report_err(r, 0, "EC P-256 pair for the session checks"))
		return;
	ec = g.private_key;
	ecp = g.public_key;
	g.type = NCR_KEY_TYPE_ED25519;
	g.bits = 0;
	if (call(NCRIO_KEY_GENERATE_PAIR, &g)) {
		kdel(ec);
		kdel(ecp);
		report(0, "Ed25519 pair for the session checks");
		return;
	}
	ed = g.private_key;
	edp = g.public_key;
	{
		/* an EC public key that may ENCRYPT: wrong ops and wrong
		 * algorithms for it are EINVAL, not a usage EPERM */
		uint8_t spki[200];
		struct ncr_key_export ex = {
			.size = sizeof(ex), .key = ecp, .data = PTR64(spki),
			.data_size = sizeof(spki),
			.format = NCR_KEY_FORMAT_SPKI,
		};
		struct ncr_key_import im = {
			.size = sizeof(im), .type = NCR_KEY_TYPE_EC,
			.format = NCR_KEY_FORMAT_SPKI, .data = PTR64(spki),
			.usage = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_VERIFY,
		};

		r = call(NCRIO_KEY_EXPORT, &ex);
		im.data_size = ex.data_size;
		r = r ? r : call(NCRIO_KEY_IMPORT, &im);
		if (report_err(r, 0, "EC public key with ENCRYPT|VERIFY usage"))
			ecp_enc = im.key;
	}

	static const struct {
		uint32_t alg, op, which;	/* 0 ec 1 ecp 2 ed 3 k_aes */
		uint32_t hash, mgf1, salt, pk_flags, iv_size, tag_size;
		uint32_t size;			/* 0: sizeof */
		int want;
		const char *what;
	} v[] = {
		{ NCR_ALG_ECDSA, NCR_OP_SIGN, 0, NCR_ALG_SHA256, 0, 0, 0, 0, 0,
		  0, 0, "ECDSA SHA-256 sign" },
		{ NCR_ALG_ECDSA, NCR_OP_VERIFY, 1, NCR_ALG_SHA384, 0, 0,
		  NCR_PK_FLAG_SIG_RAW | NCR_PK_FLAG_DIGEST, 0, 0, 0, 0,
		  "ECDSA verify, raw signature over a digest" },
		{ NCR_ALG_ECDSA, NCR_OP_SIGN, 0, 0, 0, 0, 0, 0, 0, 0, -EINVAL,
		  "ECDSA without a hash" },
		{ NCR_ALG_ECDSA, NCR_OP_SIGN, 0, NCR_ALG_SHA256, 0, 0, 0, 0, 0,
		  NCR_SESSION_INIT_SIZE_VER0, -EINVAL,
		  "ECDSA with the VER0 structure (no hash)" },
		{ NCR_ALG_ECDSA, NCR_OP_SIGN, 0, NCR_ALG_MD5, 0, 0, 0, 0, 0, 0,
		  -EINVAL, "ECDSA with MD5" },
		{ NCR_ALG_ECDSA, NCR_OP_SIGN, 0, NCR_ALG_SHA3_256, 0, 0, 0, 0,
		  0, 0, -EINVAL, "ECDSA with SHA3-256" },
		{ NCR_ALG_ECDSA, NCR_OP_SIGN, 0, NCR_ALG_HMAC_SHA256, 0, 0, 0,
		  0, 0, 0, -EINVAL, "ECDSA with hash HMAC-SHA256" },
		{ NCR_ALG_ECDSA, NCR_OP_SIGN, 0, NCR_ALG_SHA256, 0, 0, 4, 0, 0,
		  0, -EINVAL, "pk_flags bit 2" },
		{ NCR_ALG_ECDSA, NCR_OP_SIGN, 0, NCR_ALG_SHA256, 0, 0,
		  0x80000000u, 0, 0, 0, -EINVAL, "pk_flags bit 31" },
		{ NCR_ALG_ECDSA, NCR_OP_SIGN, 0, NCR_ALG_SHA256, 0, 0, 0, 16, 0,
		  0, -EINVAL, "ECDSA with iv_size 16" },
		{ NCR_ALG_ECDSA, NCR_OP_SIGN, 0, NCR_ALG_SHA256, 0, 0, 0, 0, 16,
		  0, -EINVAL, "ECDSA with tag_size 16" },
		{ NCR_ALG_ECDSA, NCR_OP_ENCRYPT, 4, NCR_ALG_SHA256, 0, 0, 0, 0,
		  0, 0, -EINVAL, "ECDSA ENCRYPT (key with ENCRYPT usage)" },
		{ NCR_ALG_ECDSA, NCR_OP_SIGN, 2, NCR_ALG_SHA256, 0, 0, 0, 0, 0,
		  0, -EINVAL, "ECDSA with an Ed25519 key" },
		{ NCR_ALG_ECDSA, NCR_OP_SIGN, 3, NCR_ALG_SHA256, 0, 0, 0, 0, 0,
		  0, -EINVAL, "ECDSA with an AES key" },
		{ NCR_ALG_RSA_PSS, NCR_OP_SIGN, 0, NCR_ALG_SHA256, 0, 32, 0, 0,
		  0, 0, -EINVAL, "RSA-PSS with an EC key" },
		{ NCR_ALG_ECDSA, NCR_OP_SIGN, 0, NCR_ALG_SHA256, NCR_ALG_SHA1,
		  0, 0, 0, 0, 0, -EINVAL, "ECDSA with mgf1_hash" },
		{ NCR_ALG_ECDSA, NCR_OP_SIGN, 0, NCR_ALG_SHA256, 0, 20, 0, 0,
		  0, 0, -EINVAL, "ECDSA with salt_size" },
		{ NCR_ALG_ED25519, NCR_OP_SIGN, 2, 0, 0, 0, 0, 0, 0, 0, 0,
		  "Ed25519 sign" },
		{ NCR_ALG_ED25519, NCR_OP_VERIFY, 3 - 0, 0, 0, 0, 0, 0, 0, 0,
		  -EINVAL, "Ed25519 verify with an AES key" },
		{ NCR_ALG_ED25519, NCR_OP_SIGN, 2, NCR_ALG_SHA512, 0, 0, 0, 0,
		  0, 0, -EINVAL, "Ed25519 with hash SHA-512" },
		{ NCR_ALG_ED25519, NCR_OP_SIGN, 2, 0, 0, 0, NCR_PK_FLAG_DIGEST,
		  0, 0, 0, -EINVAL, "Ed25519 with NCR_PK_FLAG_DIGEST" },
		{ NCR_ALG_ED25519, NCR_OP_SIGN, 2, 0, 0, 0, 0, 0, 0,
		  NCR_SESSION_INIT_SIZE_VER0, 0,
		  "Ed25519 with the VER0 structure" },
		{ NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, 3, 0, 0, 0, 0, 16, 0,
		  NCR_SESSION_INIT_SIZE_VER0, 0,
		  "AES-CBC with the VER0 structure" },
		{ NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, 3, NCR_ALG_SHA256, 0, 0, 0,
		  16, 0, 0, -EINVAL, "AES-CBC with a hash" },
		{ NCR_ALG_RSA_OAEP, NCR_OP_ENCRYPT, 4, 0, 0, 0, 0, 0, 0, 0,
		  -EINVAL, "RSA-OAEP with an EC public key (ENCRYPT usage)" },
		{ NCR_ALG_DSA, NCR_OP_VERIFY, 1, NCR_ALG_SHA256, 0, 0, 0, 0, 0,
		  0, -EINVAL, "DSA with an EC key" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		uint32_t keys[] = { ec, ecp, ed, k_aes, ecp_enc };
		struct ncr_session_init s = {
			.size = v[i].size ? v[i].size : sizeof(s),
			.algorithm = v[i].alg, .op = v[i].op,
			.key = keys[v[i].which], .hash = v[i].hash,
			.mgf1_hash = v[i].mgf1, .salt_size = v[i].salt,
			.pk_flags = v[i].pk_flags, .iv_size = v[i].iv_size,
			.iv = v[i].iv_size ? PTR64(iv16) : 0,
			.tag_size = v[i].tag_size,
		};
		struct ncr_session_once o = {
			.size = sizeof(o), .algorithm = v[i].alg,
			.op = v[i].op, .key = keys[v[i].which],
			.hash = v[i].hash, .mgf1_hash = v[i].mgf1,
			.salt_size = v[i].salt, .pk_flags = v[i].pk_flags,
			.iv_size = v[i].iv_size,
			.iv = v[i].iv_size ? PTR64(iv16) : 0,
		};
		struct live before = live_now();

		r = call(NCRIO_SESSION_INIT, &s);
		if (!r)
			sfree(s.ses);
		expect(r, v[i].want, &before, "SESSION_INIT: %s", v[i].what);
		if (v[i].want && !v[i].size && !v[i].tag_size) {
			r = call(NCRIO_SESSION_ONCE, &o);
			expect(r, v[i].want, &before, "SESSION_ONCE: %s",
			       v[i].what);
		}
	}
	/* ONCE with the VER0 structure still works for symmetric ones */
	{
		struct ncr_session_once o = {
			.size = NCR_SESSION_ONCE_SIZE_VER0,
			.algorithm = NCR_ALG_SHA256, .op = NCR_OP_SIGN,
			.input = PTR64(buf_in), .input_size = 3,
			.tag = PTR64(buf_tag), .tag_size = sizeof(buf_tag),
		};

		report_err(call(NCRIO_SESSION_ONCE, &o), 0,
			"SESSION_ONCE: SHA-256 with the VER0 structure");
	}
	/* ERANGE for a short signature buffer; SALT_AUTO only verifies */
	{
		struct ncr_session_once o = {
			.size = sizeof(o), .algorithm = NCR_ALG_ECDSA,
			.op = NCR_OP_SIGN, .key = ec, .hash = NCR_ALG_SHA256,
			.input = PTR64(buf_in), .input_size = 10,
			.tag = PTR64(buf_tag), .tag_size = 8,
			.pk_flags = NCR_PK_FLAG_SIG_RAW,
		};
		struct live before = live_now();

		r = call(NCRIO_SESSION_ONCE, &o);
		report(r == -ERANGE && o.tag_size == 64,
		       "ECDSA raw sign into 8 bytes: ERANGE with tag_size 64 "
		       "(got %s, %u)", errname(r), o.tag_size);
		{
			struct live now = live_now();

			report(now.keys == before.keys &&
			       now.sessions == before.sessions,
			       "ECDSA sign ERANGE leaves no session or key");
		}
		o.pk_flags = NCR_PK_FLAG_DIGEST;
		o.input_size = 31;
		o.tag = PTR64(buf_out);
		o.tag_size = NCR_MAX_SIGNATURE;
		r = call(NCRIO_SESSION_ONCE, &o);
		report_err(r, -EINVAL, "ECDSA SHA-256 over a 31-byte \"digest\"");
	}
	kdel(ec);
	kdel(ecp);
	kdel(ed);
	kdel(edp);
	if (ecp_enc)
		kdel(ecp_enc);
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

static void test_info_v1(void)
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

/* --------------------------------------- key IDs, labels, attributes */

static void test_key_ids_labels_attrs(void)
{
	enum { N = 48 };
	static uint8_t ids[N][NCR_KEY_ID_LEN];
	uint32_t keys[N] = { 0 };
	struct ncr_key_info ki;
	struct live before;
	int bad = 0, dup = 0, r;

	/* kernel-assigned IDs: one material imported many times still
	 * gives distinct IDs */
	for (int i = 0; i < N; i++) {
		r = i % 2 ? gen(NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_ENCRYPT,
				&keys[i]) :
			    imp(NCR_KEY_TYPE_AES, key16, 16, 0,
				NCR_KEY_USAGE_ENCRYPT, &keys[i]);
		r = r ?: kinfo(keys[i], &ki);
		if (r || ki.key_id_size != NCR_KEY_ID_LEN) {
			bad++;
			continue;
		}
		for (int j = NCR_KEY_ID_LEN; j < NCR_KEY_ID_MAX; j++)
			bad += ki.key_id[j] != 0;
		memcpy(ids[i], ki.key_id, NCR_KEY_ID_LEN);
	}
	for (int i = 0; i < N; i++)
		for (int j = i + 1; j < N; j++)
			dup += !memcmp(ids[i], ids[j], NCR_KEY_ID_LEN);
	report(!bad && !dup, "%d keys (generated, and one material imported "
	       "again and again): key_id_size %d, %d distinct IDs, the rest "
	       "of key_id zero (%d bad, %d equal pairs)", N, NCR_KEY_ID_LEN,
	       N, bad, dup);
	for (int i = 0; i < N; i++)
		if (keys[i])
			kdel(keys[i]);

	/* labels: any bytes, 0..NCR_KEY_LABEL_MAX */
	{
		static const uint32_t lens[] = { 1, 5, 16, 31,
						 NCR_KEY_LABEL_MAX };
		uint8_t lab[NCR_KEY_LABEL_MAX + 1];

		bad = 0;
		for (size_t i = 0; i < ARRAY_SIZE(lens); i++) {
			struct ncr_key_generate g = {
				.size = sizeof(g), .type = NCR_KEY_TYPE_AES,
				.bits = 128, .usage = NCR_KEY_USAGE_ENCRYPT,
				.label = PTR64(lab), .label_size = lens[i] };

			for (uint32_t j = 0; j < sizeof(lab); j++)
				lab[j] = (uint8_t)(j * 85 + i);	/* 0, 0xff */
			r = call(NCRIO_KEY_GENERATE, &g);
			memset(&ki, 0x5a, sizeof(ki));
			r = r ?: kinfo(g.key, &ki);
			if (r || ki.label_size != lens[i] ||
			    memcmp(ki.label, lab, lens[i]))
				bad++;
			for (uint32_t j = lens[i]; j < NCR_KEY_LABEL_MAX; j++)
				bad += ki.label[j] != 0;
			if (!r)
				kdel(g.key);
		}
		report(!bad, "labels of 1, 5, 16, 31 and 32 arbitrary bytes "
		       "come back in key info, the rest of label[] zero");
		{
			struct ncr_key_generate g = {
				.size = sizeof(g), .type = NCR_KEY_TYPE_AES,
				.bits = 128, .usage = NCR_KEY_USAGE_ENCRYPT,
				.label = PTR64(lab),
				.label_size = NCR_KEY_LABEL_MAX + 1 };

			before = live_now();
			expect(call(NCRIO_KEY_GENERATE, &g), -EINVAL, &before,
			       "generate with label_size %d",
			       NCR_KEY_LABEL_MAX + 1);
			g.label_size = 1u << 31;
			expect(call(NCRIO_KEY_GENERATE, &g), -EINVAL, &before,
			       "generate with label_size 2^31");
		}
	}

	/* attributes of generated and imported keys */
	{
		static const struct {
			int generated;
			uint32_t flags, want;
		} at[] = {
			{ 1, 0, NCR_KEY_ATTR_LOCAL |
			  NCR_KEY_ATTR_ALWAYS_SENSITIVE |
			  NCR_KEY_ATTR_NEVER_EXTRACTABLE },
			{ 1, NCR_KEY_FLAG_HASHABLE | NCR_KEY_FLAG_STORABLE,
			  NCR_KEY_ATTR_LOCAL | NCR_KEY_ATTR_ALWAYS_SENSITIVE |
			  NCR_KEY_ATTR_NEVER_EXTRACTABLE },
			{ 1, NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_ATTR_LOCAL |
			  NCR_KEY_ATTR_NEVER_EXTRACTABLE },
			{ 1, NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_ATTR_LOCAL |
			  NCR_KEY_ATTR_ALWAYS_SENSITIVE },
			{ 1, NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_WRAPPABLE,
			  NCR_KEY_ATTR_LOCAL },
			/* imported: ALWAYS_SENSITIVE only if by root */
			{ 0, 0, NCR_KEY_ATTR_ALWAYS_SENSITIVE |
			  NCR_KEY_ATTR_NEVER_EXTRACTABLE },
			{ 0, NCR_KEY_FLAG_EXPORTABLE,
			  NCR_KEY_ATTR_NEVER_EXTRACTABLE },
			{ 0, NCR_KEY_FLAG_WRAPPABLE,
			  NCR_KEY_ATTR_ALWAYS_SENSITIVE },
			{ 0, NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_WRAPPABLE,
			  0 },
		};

		for (size_t i = 0; i < ARRAY_SIZE(at); i++) {
			uint32_t k = 0;

			r = at[i].generated ?
			    gen(NCR_KEY_TYPE_AES, 256, at[i].flags,
				NCR_KEY_USAGE_ENCRYPT, &k) :
			    imp(NCR_KEY_TYPE_AES, key16, 16, at[i].flags,
				NCR_KEY_USAGE_ENCRYPT, &k);
			uint32_t want = at[i].want;

			if (!at[i].generated && !is_root)
				want &= ~NCR_KEY_ATTR_ALWAYS_SENSITIVE;
			r = r ?: kinfo(k, &ki);
			report(!r && ki.attrs == want &&
			       ki.flags == at[i].flags,
			       "%s key with flags %#x: attrs %#x (want %#x)",
			       at[i].generated ? "generated" :
			       is_root ? "imported (by root)" :
			       "imported (without CAP_SYS_ADMIN)",
			       at[i].flags, ki.attrs, want);
			if (k)
				kdel(k);
		}
	}

	/* key info version 0: 64 bytes written, nothing after */
	{
		uint8_t raw[sizeof(struct ncr_key_info) + 16];
		struct ncr_key_info *p = (void *)raw;
		uint32_t k = 0;
		int clean = 1;

		r = gen(NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_WRAPPABLE,
			NCR_KEY_USAGE_WRAP, &k);
		memset(raw, 0xee, sizeof(raw));
		p->size = NCR_KEY_INFO_SIZE_VER0;
		p->key = k;
		r = r ?: call(NCRIO_KEY_GET_INFO, p);
		for (size_t i = NCR_KEY_INFO_SIZE_VER0; i < sizeof(raw); i++)
			clean &= raw[i] == 0xee;
		report(!r && clean && p->key_id_size == NCR_KEY_ID_LEN &&
		       p->flags == NCR_KEY_FLAG_WRAPPABLE &&
		       p->usage == NCR_KEY_USAGE_WRAP && p->bits == 128 &&
		       p->type == NCR_KEY_TYPE_AES &&
		       p->key_class == NCR_KEY_CLASS_SECRET,
		       "key info with the VER0 size (64): the version 0 fields "
		       "written, the 48 bytes of version 1 and beyond left "
		       "alone (%s)", errname(r));
		if (k)
			kdel(k);
	}
}

/* --------------------------------------------------- algorithm sets */

static const char rsa2048_pkcs8_hex[] =
	"308204bc020100300d06092a864886f70d0101010500048204a6308204a20201"
	"000282010100b20992d1f99b32e6baf01df32dd39d01caf8bc5728b433edb826"
	"4728f1fc4450dd4a14a758bb9b43a0a1d466056945bdbdb624304f92a5c9047d"
	"8a497882c5d272a4a733433c5edee0606683d377158ac3974eae6fec0f496418"
	"d419308f55bb1df55b79616ced3055d54699d0534e60f9bf47beeed5d571bee3"
	"5545f88288618abc7fab692df60e39fb3ee0d5698f2cab95fab1a25e86638eee"
	"99300a9426f154f74429768ed3c2863b4261dce24d03e77d1c3b7ed5c5fa6520"
	"7c621c52ca7c115954eb38755a12bcc6f099fd627297f1edae49e63e718dd648"
	"f9472449b1f80ce9666d7438b0c18dfa8901c59b56475e2389646d62d2c0cf19"
	"08d6b8b8580302030100010282010025c84a542d387670e8b314680b0da18043"
	"e6cd7161bdfc5732814d10af69edc58b70b13962674de7e82aefbc46e1b45f33"
	"e7777e992471f25af59967461fda8372b8e692c66e05641f11d62f9bace5f170"
	"d8a765f5728f3beff624ecc3956788322f639e3ac2b7034ef3d7ebc47e296003"
	"2048c58841f0ee16a87fec3d74d62421d893f1370db1b9eb7d173e1de321cfc6"
	"f773013869ce1541bd168856dcfb3fa9b814ffaa542e80e284e41453e4454f44"
	"c80577a9273eec00b30ada556c6d964da3c16f3398f3d5d6ace63b7f6c7993fb"
	"2ee9d3d97315df8e88b7ac4a4ae60062f4644b13cf5c77f830b896610e9474d7"
	"ac8b6af07970f6d0b401e2dee7596102818100f116b738f4ed57ee6d548d3514"
	"250fd5cc279b38507d9c078c0d0c8c1531a2b016471d15f3324758930313e527"
	"dc44f5b3bfe1aeeb5afadfcb78c98cc0a737135730bbd50598a742b61b920b6b"
	"aa23e1730321348385e9d83a583ab49e758ec182693741bc6d566c2d075022e3"
	"a9a09b00799744f8f2f2766cd528b2397581f502818100bd0c886eb7b6ebe190"
	"003f57df942ac329ceef540077243f4cd52cd36c0bf7652829bbe162bf69efdb"
	"b329f935dbf7f090d0fe2e5bfc3a4b4640ec880b8377acd89a25bb9e6d885a2d"
	"58be56824243f479b58572fa7c2b2f87067f4ef88dd192ffa05f7aca863657a6"
	"257eaf6fce1ebfcd091693dc513890721dd62665991f170281807b0b44e7e4d9"
	"5d8f6a6d44c45a4bb01145e8d0e7a4ecf6bd4355459a191704192ac590aaab3c"
	"75fd56cab354b94b4a46bc3eaa4844066313e51cf880c5b2920164f69266de3c"
	"52e1516030e173499a966dc4a325d21a7e86c50052b5ec49c35a2fdcd33ed194"
	"5c0f49cbf9b254cf3610e5e528b722f79b97a564052930fa3021028180326ffe"
	"927387652577f2e8f37bde1f0e94bff61056537323444f77b72c9380bcc75b63"
	"19fdeb8dcb05b5a6542bef751604bd0da3b6bcf39c93b0ccaa7b4fe705018116"
	"e218a1a68850a2e59d550172f9ede2e528c8f589dc134d4378014e6d04a818d4"
	"80813a0f9390eb5e0256750ab52771ee4922b5b4bead0392d809b1319f028180"
	"5e0baac93bf87140bd20a71adc51a071394f27cecfe1067979812d87e7cdf9b7"
	"f0a9b37c2166c8c9e0ef68d3eb17abf1d04ca263257bf38fdf0770679587cdc7"
	"0052885bab3bb02c5a55650c5b1bc34001ee7346408dffd565e1e7640f064fef"
	"cf896dc32f2ca40f21ced56113f4c4f2e8a96a1f59080ddea1be7b3584161aa4";
static const char dsa2048_pkcs8_hex[] =
	"3082025c0201003082023506072a8648ce3804013082022802820101009556a4"
	"99585a14ac9a138efa5f199c63a488e1ab03a90734a33b8da58a784135c7a9ec"
	"bcd255646121068b8e22c94791baa50b296dd6b5371a442fa7bd2ed247a20401"
	"eac29d61401691d95ab85108719e25e35dbddf29b6b9b2db702cdcc1b0380f66"
	"9fd512c77ddc055d22b251c2ccb3f6e79603469e82e7b7b64a35f79b321c2d16"
	"03a95183d1f5b24883790f9194cc365220679165ff238ff5efa67d762eace7de"
	"eab1d0193d7c72e968d5b10955bc777a41e51c32c88e8269c342bd20b139166d"
	"857771a11a914284052d7df5133c13dbb10b5ce09542df14ad942c93c6b5d62f"
	"e74c4943a817b56860c1a02467bdfb50dba520ea5834801f60650bbe6b021d00"
	"e32dd8f74c1b6a21d69b4dd4a65dedb22b86af9b3e6b8ec5dd893f6d02820100"
	"6295d926bdaa85316c1af7897fc64fbd6b7a4d6ce4ce548b5d973523956b474c"
	"ffad8e6f68d9f909408fb2140a53a16583e4acc2e3d66c7d2e60fbf63b0366e5"
	"8a5230ec2479a8d2fb5bef2f2d2a4e048985631bac75b30457d20da5edf9c5d7"
	"c4a4249f2b8a950c7cf31e8b3c16267af6b23fa76470de67b69bbcf15013d401"
	"a86e2e3933573ea8155b8630719baba6d4d70bcd4466d2ac8f3b16ce554074a1"
	"6db33bf4472ed84a4b3f615dc895113b35c29562da5ac1ff495ed99fc51ac4a3"
	"9580017cd3a12b7bb35d654cf0f6095cd6a9993aaeab55dad33c21a6ade15745"
	"fb469b99f975eb921bc3b5c92f6d6b0bb3fe068c20f239b89c49fe046e43c2a7"
	"041e021c4edbcaded36e1636682b17d607e37daa825c6f2ec78084e593ff5bd9";

/* The set of a fresh key; 0 on any failure. */
static uint64_t algs_of(uint32_t key)
{
	struct ncr_key_info ki;

	return kinfo(key, &ki) ? 0 : ki.algs;
}

static void test_alg_sets(void)
{
	static const struct {
		uint32_t type, bits, usage;
		uint64_t want;		/* 0: EINVAL (no default) */
		const char *what;
	} defs[] = {
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_GCM, "AES-128 ENCRYPT" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_DECRYPT,
		  NCR_KEY_ALG_AES_GCM, "AES-128 DECRYPT" },
		{ NCR_KEY_TYPE_AES, 192, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_AES_GCM,
		  "AES-192 ENCRYPT|DECRYPT" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_SIGN,
		  NCR_KEY_ALG_CMAC_AES, "AES-256 SIGN" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_VERIFY,
		  NCR_KEY_ALG_CMAC_AES, "AES-128 VERIFY" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_SIGN |
		  NCR_KEY_USAGE_VERIFY, NCR_KEY_ALG_CMAC_AES,
		  "AES-256 SIGN|VERIFY" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_WRAP, AES_WRAPS,
		  "AES-128 WRAP" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_UNWRAP, AES_WRAPS,
		  "AES-256 UNWRAP" },
		{ NCR_KEY_TYPE_AES, 192, NCR_KEY_USAGE_WRAP |
		  NCR_KEY_USAGE_UNWRAP, AES_WRAPS, "AES-192 WRAP|UNWRAP" },
		{ NCR_KEY_TYPE_AES, 384, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_AES_XTS,
		  "AES 384 bits ENCRYPT|DECRYPT (XTS)" },
		{ NCR_KEY_TYPE_AES, 512, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_XTS, "AES 512 bits ENCRYPT (XTS)" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DERIVE, NCR_KEY_ALG_AES_GCM,
		  "AES-128 ENCRYPT|DERIVE (DERIVE adds nothing)" },
		{ NCR_KEY_TYPE_DES3, 192, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_DES3_CBC,
		  "DES3 ENCRYPT|DECRYPT" },
		{ NCR_KEY_TYPE_CHACHA20, 256, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_CHACHA20_POLY1305,
		  "ChaCha20 ENCRYPT|DECRYPT (the AEAD only)" },
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_SIGN |
		  NCR_KEY_USAGE_VERIFY, NCR_KEY_ALG_HMAC_ALL,
		  "HMAC SIGN|VERIFY" },
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_DERIVE,
		  NCR_KEY_ALG_HMAC_ALL, "HMAC DERIVE" },
		{ NCR_KEY_TYPE_HMAC, 128, NCR_KEY_USAGE_SIGN |
		  NCR_KEY_USAGE_DERIVE, NCR_KEY_ALG_HMAC_ALL,
		  "HMAC SIGN|DERIVE (one family)" },
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_SIGN |
		  NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_HMAC_ALL,
		  "HMAC SIGN|ENCRYPT (ENCRYPT adds nothing)" },
		/* two families, no default */
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_SIGN, 0, "AES ENCRYPT|SIGN" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_DECRYPT |
		  NCR_KEY_USAGE_WRAP, 0, "AES DECRYPT|WRAP" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_VERIFY |
		  NCR_KEY_USAGE_UNWRAP, 0, "AES VERIFY|UNWRAP" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ALL, 0,
		  "AES, every usage" },
	};
	static const struct {
		uint32_t type, bits, usage;
		uint64_t algs;
		int ok;
		const char *what;
	} ex[] = {
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_SIGN, NCR_KEY_ALG_AES_GCM |
		  NCR_KEY_ALG_CMAC_AES, 1,
		  "AES ENCRYPT|SIGN with GCM|CMAC named" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_ALL, AES_ALGS, 1,
		  "AES-256, every usage, every mode but XTS" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_XTS, 1, "AES-256 as an XTS key (XTS only)" },
		{ NCR_KEY_TYPE_AES, 384, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_XTS, 1, "AES 384 bits, XTS" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_CTR, 1, "AES-128 CTR only" },
		{ NCR_KEY_TYPE_CHACHA20, 256, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_CHACHA20, 1, "ChaCha20, the stream cipher" },
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_SIGN,
		  NCR_KEY_ALG_HMAC_SHA256, 1, "HMAC, SHA-256 only" },
		/* algorithms of another key type */
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_SIGN,
		  NCR_KEY_ALG_HMAC_SHA256, 0, "AES with HMAC-SHA256" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_GCM | NCR_KEY_ALG_CHACHA20_POLY1305, 0,
		  "AES with GCM|ChaCha20-Poly1305" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_DES3_CBC, 0, "AES with DES3-CBC" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_RSA_OAEP, 0, "AES with RSA-OAEP" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_WRAP,
		  NCR_KEY_ALG_RSA_OAEP_WRAP, 0, "AES with RSA-OAEP wrap" },
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_SIGN,
		  NCR_KEY_ALG_CMAC_AES, 0, "HMAC with CMAC" },
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_SIGN,
		  NCR_KEY_ALG_HMAC_SHA256 | NCR_KEY_ALG_AES_ECB, 0,
		  "HMAC with HMAC-SHA256|AES-ECB" },
		{ NCR_KEY_TYPE_DES3, 192, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_CBC, 0, "DES3 with AES-CBC" },
		{ NCR_KEY_TYPE_CHACHA20, 256, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_GCM, 0, "ChaCha20 with AES-GCM" },
		{ NCR_KEY_TYPE_CHACHA20, 256, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_ED25519, 0, "ChaCha20 with Ed25519" },
		/* the XTS rules */
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_XTS | NCR_KEY_ALG_AES_GCM, 0,
		  "AES-256 with XTS|GCM" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_XTS | NCR_KEY_ALG_AES_ECB, 0,
		  "AES-256 with XTS|ECB" },
		{ NCR_KEY_TYPE_AES, 512, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_XTS | NCR_KEY_ALG_AES_CBC, 0,
		  "AES 512 bits with XTS|CBC" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_ALL,
		  AES_ALGS | NCR_KEY_ALG_AES_XTS, 0,
		  "AES-256 with every AES algorithm" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_XTS, 0, "AES-128 with XTS" },
		{ NCR_KEY_TYPE_AES, 192, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_XTS, 0, "AES-192 with XTS" },
	};
	static const uint64_t non_xts[] = {
		NCR_KEY_ALG_AES_ECB, NCR_KEY_ALG_AES_CBC, NCR_KEY_ALG_AES_CTR,
		NCR_KEY_ALG_AES_GCM, NCR_KEY_ALG_AES_CCM, NCR_KEY_ALG_CMAC_AES,
		NCR_KEY_ALG_AES_KW, NCR_KEY_ALG_AES_KWP,
	};
	struct live before;
	uint32_t k;
	int r, bad;

	for (size_t i = 0; i < ARRAY_SIZE(defs); i++) {
		uint64_t got;

		before = live_now();
		k = 0;
		r = gen(defs[i].type, defs[i].bits, 0, defs[i].usage, &k);
		if (!defs[i].want) {
			expect(r, -EINVAL, &before, "generate %s without an "
			       "algorithm set (two families: no default)",
			       defs[i].what);
			if (!r)
				kdel(k);
			continue;
		}
		got = r ? 0 : algs_of(k);
		report(!r && got == defs[i].want, "default set of %s: %#llx "
		       "(%s, want %#llx)", defs[i].what,
		       (unsigned long long)got, errname(r),
		       (unsigned long long)defs[i].want);
		if (!r)
			kdel(k);
	}
	for (size_t i = 0; i < ARRAY_SIZE(ex); i++) {
		before = live_now();
		k = 0;
		r = genx(ex[i].type, ex[i].bits, 0, ex[i].usage, ex[i].algs,
			 &k);
		if (ex[i].ok) {
			uint64_t got = r ? 0 : algs_of(k);

			report(!r && got == ex[i].algs, "generate %s: the set "
			       "as named (%s, %#llx)", ex[i].what, errname(r),
			       (unsigned long long)got);
		} else {
			expect(r, -EINVAL, &before, "generate %s", ex[i].what);
		}
		if (!r)
			kdel(k);
	}
	bad = 0;
	for (int bits = 384; bits <= 512; bits += 128)
		for (size_t i = 0; i < ARRAY_SIZE(non_xts); i++) {
			before = live_now();
			k = 0;
			r = genx(NCR_KEY_TYPE_AES, (uint32_t)bits, 0,
				 NCR_KEY_USAGE_ALL, non_xts[i], &k);
			if (r != -EINVAL) {
				bad++;
				tap_diag("AES %d bits with %#llx: %s", bits,
					 (unsigned long long)non_xts[i],
					 errname(r));
			}
			if (!r)
				kdel(k);
		}
	report(!bad, "AES keys of 384 and 512 bits with each non-XTS "
	       "algorithm (ECB, CBC, CTR, GCM, CCM, CMAC, KW, KWP): EINVAL");

	/* the same rules through import, unwrap and derive */
	{
		uint8_t k64[64];

		for (int i = 0; i < 64; i++)
			k64[i] = (uint8_t)(i * 3 + 1);
		before = live_now();
		expect(impx(NCR_KEY_TYPE_AES, k64, 64, 0,
			    NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_GCM, &k),
		       -EINVAL, &before, "import a 64-byte AES key with GCM");
		expect(impx(NCR_KEY_TYPE_AES, k64, 16, 0,
			    NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_XTS, &k),
		       -EINVAL, &before, "import a 16-byte AES key with XTS");
		expect(impx(NCR_KEY_TYPE_AES, k64, 32, 0,
			    NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_SIGN, 0, &k),
		       -EINVAL, &before, "import AES ENCRYPT|SIGN without a "
		       "set");
		expect(impx(NCR_KEY_TYPE_HMAC, k64, 32, 0, NCR_KEY_USAGE_SIGN,
			    NCR_KEY_ALG_CMAC_AES, &k),
		       -EINVAL, &before, "import HMAC with CMAC");
		r = impx(NCR_KEY_TYPE_AES, k64, 48, 0, NCR_KEY_USAGE_DECRYPT,
			 0, &k);
		report(!r && algs_of(k) == NCR_KEY_ALG_AES_XTS,
		       "import a 48-byte AES key: default set XTS (%s)",
		       errname(r));
		if (!r)
			kdel(k);
		r = impx(NCR_KEY_TYPE_HMAC, k64, 20, 0, NCR_KEY_USAGE_SIGN,
			 NCR_KEY_ALG_HMAC_SHA1 | NCR_KEY_ALG_HMAC_SHA512, &k);
		report(!r && algs_of(k) == (NCR_KEY_ALG_HMAC_SHA1 |
					    NCR_KEY_ALG_HMAC_SHA512),
		       "import HMAC with SHA-1|SHA-512 named (%s)",
		       errname(r));
		if (!r)
			kdel(k);
	}
	if (wrapped_len) {
		struct ncr_key_wrap w = {
			.size = sizeof(w), .algorithm = NCR_WALG_AES_RFC5649,
			.wrapping_key = k_aes, .data = PTR64(wrapped),
			.data_size = wrapped_len, .type = NCR_KEY_TYPE_AES,
			.usage = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_SIGN,
		};

		before = live_now();
		expect(call(NCRIO_KEY_UNWRAP, &w), -EINVAL, &before, "unwrap "
		       "AES ENCRYPT|SIGN without a set");
		w.algs = NCR_KEY_ALG_HMAC_SHA256;
		expect(call(NCRIO_KEY_UNWRAP, &w), -EINVAL, &before, "unwrap "
		       "an AES key with an HMAC set");
		w.algs = NCR_KEY_ALG_AES_XTS;
		expect(call(NCRIO_KEY_UNWRAP, &w), -EINVAL, &before, "unwrap "
		       "a 16-byte AES key with XTS");
		w.algs = NCR_KEY_ALG_AES_CTR | NCR_KEY_ALG_CMAC_AES;
		r = call(NCRIO_KEY_UNWRAP, &w);
		report(!r && algs_of(w.key) == w.algs, "unwrap with CTR|CMAC "
		       "named: the set as named (%s)", errname(r));
		if (!r)
			kdel(w.key);
	}
	if (k_x25519) {
		struct ncr_key_derive d;

		memset(&d, 0, sizeof(d));
		prep_derive(&d);
		d.size = sizeof(d);
		d.type = NCR_KEY_TYPE_AES;
		d.usage = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_SIGN;
		d.algs = NCR_KEY_ALG_AES_CCM | NCR_KEY_ALG_CMAC_AES;
		r = call(NCRIO_KEY_DERIVE, &d);
		report(!r && algs_of(d.new_key) == d.algs, "derive AES "
		       "ENCRYPT|SIGN with CCM|CMAC named (%s)", errname(r));
		if (!r)
			kdel(d.new_key);
		d.algs = NCR_KEY_ALG_AES_XTS | NCR_KEY_ALG_CMAC_AES;
		before = live_now();
		expect(call(NCRIO_KEY_DERIVE, &d), -EINVAL, &before,
		       "derive an AES key with XTS|CMAC (XTS holds nothing "
		       "else)");
	}

	/* old structure versions: the default set */
	{
		struct ncr_key_generate g = {
			.size = NCR_KEY_GENERATE_SIZE_VER0,
			.type = NCR_KEY_TYPE_AES, .bits = 256,
			.usage = NCR_KEY_USAGE_SIGN };
		struct ncr_key_import im = {
			.size = NCR_KEY_IMPORT_SIZE_VER1,
			.type = NCR_KEY_TYPE_AES, .data = PTR64(key16),
			.data_size = 16, .usage = NCR_KEY_USAGE_WRAP };

		r = call(NCRIO_KEY_GENERATE, &g);
		report(!r && algs_of(g.key) == NCR_KEY_ALG_CMAC_AES,
		       "generate with the VER0 size, AES SIGN: the default "
		       "set CMAC (%s)", errname(r));
		if (!r)
			kdel(g.key);
		g.usage = NCR_KEY_USAGE_ENCRYPT;
		r = call(NCRIO_KEY_GENERATE, &g);
		report(!r && algs_of(g.key) == NCR_KEY_ALG_AES_GCM,
		       "generate with the VER0 size, AES ENCRYPT: the default "
		       "set GCM (%s)", errname(r));
		if (!r)
			kdel(g.key);
		g.usage = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_SIGN;
		before = live_now();
		expect(call(NCRIO_KEY_GENERATE, &g), -EINVAL, &before,
		       "generate with the VER0 size, AES ENCRYPT|SIGN (no "
		       "default, and no way to name a set)");
		r = call(NCRIO_KEY_IMPORT, &im);
		report(!r && algs_of(im.key) == AES_WRAPS,
		       "import with the VER1 size, AES WRAP: KW|KWP (%s)",
		       errname(r));
		if (!r)
			kdel(im.key);
		im.size = NCR_KEY_IMPORT_SIZE_VER0;
		im.usage = NCR_KEY_USAGE_DECRYPT;
		r = call(NCRIO_KEY_IMPORT, &im);
		report(!r && algs_of(im.key) == NCR_KEY_ALG_AES_GCM,
		       "import with the VER0 size, AES DECRYPT: GCM (%s)",
		       errname(r));
		if (!r)
			kdel(im.key);
		if (wrapped_len) {
			struct ncr_key_wrap w = {
				.size = NCR_KEY_WRAP_SIZE_VER0,
				.algorithm = NCR_WALG_AES_RFC5649,
				.wrapping_key = k_aes, .data = PTR64(wrapped),
				.data_size = wrapped_len,
				.type = NCR_KEY_TYPE_AES,
				.usage = NCR_KEY_USAGE_VERIFY,
			};

			r = call(NCRIO_KEY_UNWRAP, &w);
			report(!r && algs_of(w.key) == NCR_KEY_ALG_CMAC_AES,
			       "unwrap with the VER0 size, AES VERIFY: CMAC "
			       "(%s)", errname(r));
			if (!r)
				kdel(w.key);
		}
		if (k_x25519) {
			struct ncr_key_derive d;

			memset(&d, 0, sizeof(d));
			prep_derive(&d);
			d.size = NCR_KEY_DERIVE_SIZE_VER0;
			r = call(NCRIO_KEY_DERIVE, &d);
			report(!r && algs_of(d.new_key) == NCR_KEY_ALG_HMAC_ALL,
			       "derive with the VER0 size, HMAC SIGN: every "
			       "HMAC (%s)", errname(r));
			if (!r)
				kdel(d.new_key);
		}
	}

	/* public-key types */
	{
		static const struct {
			uint32_t type, usage;
			uint64_t want;	/* 0: EINVAL */
			const char *what;
		} pairs[] = {
			{ NCR_KEY_TYPE_X25519, NCR_KEY_USAGE_DERIVE,
			  NCR_KEY_ALG_X25519, "X25519 DERIVE" },
			{ NCR_KEY_TYPE_ED25519, NCR_KEY_USAGE_SIGN,
			  NCR_KEY_ALG_ED25519, "Ed25519 SIGN" },
			{ NCR_KEY_TYPE_EC, NCR_KEY_USAGE_SIGN,
			  NCR_KEY_ALG_ECDSA, "EC SIGN" },
			{ NCR_KEY_TYPE_EC, NCR_KEY_USAGE_DERIVE,
			  NCR_KEY_ALG_ECDH, "EC DERIVE" },
			{ NCR_KEY_TYPE_EC, NCR_KEY_USAGE_SIGN |
			  NCR_KEY_USAGE_DERIVE, 0, "EC SIGN|DERIVE" },
			{ NCR_KEY_TYPE_DH, NCR_KEY_USAGE_DERIVE,
			  NCR_KEY_ALG_DH, "DH DERIVE" },
		};

		for (size_t i = 0; i < ARRAY_SIZE(pairs); i++) {
			struct ncr_key_generate_pair g = {
				.size = sizeof(g), .type = pairs[i].type,
				.usage = pairs[i].usage,
				.bits = pairs[i].type == NCR_KEY_TYPE_EC ? 256 :
					pairs[i].type == NCR_KEY_TYPE_DH ?
					2048 : 0,
			};

			before = live_now();
			r = call(NCRIO_KEY_GENERATE_PAIR, &g);
			if (!pairs[i].want) {
				expect(r, -EINVAL, &before, "key pair %s "
				       "without a set (two families)",
				       pairs[i].what);
			} else {
				uint64_t a = r ? 0 : algs_of(g.private_key);
				uint64_t b = r ? 0 : algs_of(g.public_key);

				report(!r && a == pairs[i].want &&
				       b == pairs[i].want, "key pair %s: "
				       "default set %#llx for both halves (got "
				       "%#llx/%#llx, %s)", pairs[i].what,
				       (unsigned long long)pairs[i].want,
				       (unsigned long long)a,
				       (unsigned long long)b, errname(r));
			}
			if (!r) {
				kdel(g.private_key);
				kdel(g.public_key);
			}
		}
	}
	/* RSA and DSA: imported (generation is slow under emulation) */
	{
		static const struct {
			int dsa, pub;
			uint32_t usage;
			uint64_t algs, want;	/* want 0: EINVAL */
			const char *what;
		} pk[] = {
			{ 0, 0, NCR_KEY_USAGE_SIGN, 0, NCR_KEY_ALG_RSA_PKCS1 |
			  NCR_KEY_ALG_RSA_PSS, "RSA private SIGN" },
			{ 0, 0, NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY, 0,
			  NCR_KEY_ALG_RSA_PKCS1 | NCR_KEY_ALG_RSA_PSS,
			  "RSA private SIGN|VERIFY" },
			{ 0, 0, NCR_KEY_USAGE_DECRYPT, 0, NCR_KEY_ALG_RSA_OAEP,
			  "RSA private DECRYPT (OAEP only)" },
			{ 0, 0, NCR_KEY_USAGE_UNWRAP, 0,
			  NCR_KEY_ALG_RSA_OAEP_WRAP, "RSA private UNWRAP" },
			{ 0, 0, NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DECRYPT, 0,
			  0, "RSA private SIGN|DECRYPT without a set" },
			{ 0, 0, NCR_KEY_USAGE_DECRYPT | NCR_KEY_USAGE_UNWRAP,
			  0, 0, "RSA private DECRYPT|UNWRAP without a set" },
			{ 0, 0, NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DECRYPT,
			  NCR_KEY_ALG_RSA_PSS | NCR_KEY_ALG_RSA_OAEP,
			  NCR_KEY_ALG_RSA_PSS | NCR_KEY_ALG_RSA_OAEP,
			  "RSA private SIGN|DECRYPT with PSS|OAEP named" },
			{ 0, 0, NCR_KEY_USAGE_SIGN, NCR_KEY_ALG_ECDSA, 0,
			  "RSA with ECDSA" },
			{ 0, 1, NCR_KEY_USAGE_VERIFY, 0, NCR_KEY_ALG_RSA_PKCS1 |
			  NCR_KEY_ALG_RSA_PSS, "RSA public VERIFY" },
			{ 0, 1, NCR_KEY_USAGE_VERIFY | NCR_KEY_USAGE_ENCRYPT |
			  NCR_KEY_USAGE_WRAP, 0, NCR_KEY_ALG_RSA_PKCS1 |
			  NCR_KEY_ALG_RSA_PSS | NCR_KEY_ALG_RSA_OAEP |
			  NCR_KEY_ALG_RSA_OAEP_WRAP,
			  "RSA public VERIFY|ENCRYPT|WRAP (the union)" },
			{ 0, 1, NCR_KEY_USAGE_VERIFY, NCR_KEY_ALG_DSA, 0,
			  "RSA public with DSA" },
			{ 1, 0, NCR_KEY_USAGE_SIGN, 0, NCR_KEY_ALG_DSA,
			  "DSA private SIGN" },
			{ 1, 1, NCR_KEY_USAGE_VERIFY, 0, NCR_KEY_ALG_DSA,
			  "DSA public VERIFY" },
			{ 1, 0, NCR_KEY_USAGE_SIGN, NCR_KEY_ALG_RSA_PSS, 0,
			  "DSA with RSA-PSS" },
		};
		static uint8_t spki[2][1200];
		uint8_t *der[2];
		size_t der_len[2];
		uint32_t spki_len[2] = { 0, 0 };

		der[0] = hex_decode(rsa2048_pkcs8_hex, &der_len[0]);
		der[1] = hex_decode(dsa2048_pkcs8_hex, &der_len[1]);
		for (int t = 0; t < 2; t++) {
			uint32_t priv = 0;
			size_t n = sizeof(spki[t]);

			r = der[t] ? pk_import(fd, t ? NCR_KEY_TYPE_DSA :
					       NCR_KEY_TYPE_RSA,
					       NCR_KEY_FORMAT_PKCS8, 0, der[t],
					       der_len[t], 0,
					       NCR_KEY_USAGE_SIGN, &priv) :
				     -EINVAL;
			r = r ?: pk_export(fd, priv, NCR_KEY_FORMAT_SPKI,
					   spki[t], &n);
			if (report_err(r, 0, "%s-2048 private key import and "
				       "SPKI export", t ? "DSA" : "RSA"))
				spki_len[t] = (uint32_t)n;
			if (priv)
				kdel(priv);
		}
		for (size_t i = 0; i < ARRAY_SIZE(pk); i++) {
			int t = pk[i].dsa;
			struct ncr_key_import im = {
				.size = sizeof(im),
				.type = t ? NCR_KEY_TYPE_DSA : NCR_KEY_TYPE_RSA,
				.format = pk[i].pub ? NCR_KEY_FORMAT_SPKI :
					  NCR_KEY_FORMAT_PKCS8,
				.data = pk[i].pub ? PTR64(spki[t]) :
					PTR64(der[t]),
				.data_size = pk[i].pub ? spki_len[t] :
					     (uint32_t)der_len[t],
				.usage = pk[i].usage, .algs = pk[i].algs,
			};

			if (!der[t] || !spki_len[t]) {
				report_skip("no key", "%s", pk[i].what);
				continue;
			}
			before = live_now();
			r = call(NCRIO_KEY_IMPORT, &im);
			if (!pk[i].want) {
				expect(r, -EINVAL, &before, "import %s",
				       pk[i].what);
			} else {
				uint64_t got = r ? 0 : algs_of(im.key);

				report(!r && got == pk[i].want, "import %s: "
				       "set %#llx (want %#llx, %s)", pk[i].what,
				       (unsigned long long)got,
				       (unsigned long long)pk[i].want,
				       errname(r));
			}
			if (!r)
				kdel(im.key);
		}
		free(der[0]);
		free(der[1]);
	}
}

/* Every operation checks the algorithm against the key's set: EPERM. */
static void test_alg_enforced(void)
{
	uint32_t k_gcm = 0, k_only = 0, k_hm = 0, k_cc = 0, ses;
	struct live before;
	uint8_t iv[16] = { 0 };
	int r;

	/* AES with every usage but only GCM in its set */
	r = genx(NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_EXPORTABLE |
		 NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_ALL,
		 NCR_KEY_ALG_AES_GCM, &k_gcm);
	r = r ?: genx(NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_EXPORTABLE |
		      NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_ENCRYPT,
		      NCR_KEY_ALG_AES_GCM, &k_only);
	r = r ?: genx(NCR_KEY_TYPE_HMAC, 256, 0, NCR_KEY_USAGE_SIGN |
		      NCR_KEY_USAGE_VERIFY, NCR_KEY_ALG_HMAC_SHA256, &k_hm);
	r = r ?: gen(NCR_KEY_TYPE_CHACHA20, 256, 0, NCR_KEY_USAGE_ENCRYPT |
		     NCR_KEY_USAGE_DECRYPT, &k_cc);
	if (!report_err(r, 0, "keys for the algorithm set checks"))
		goto out;
	{
		static const struct {
			uint32_t alg, op, iv;
		} c[] = {
			{ NCR_ALG_AES_ECB, NCR_OP_ENCRYPT, 0 },
			{ NCR_ALG_AES_CBC, NCR_OP_DECRYPT, 16 },
			{ NCR_ALG_AES_CTR, NCR_OP_ENCRYPT, 16 },
			{ NCR_ALG_AES_CCM, NCR_OP_ENCRYPT, 12 },
			{ NCR_ALG_CMAC_AES, NCR_OP_SIGN, 0 },
			{ NCR_ALG_CMAC_AES, NCR_OP_VERIFY, 0 },
		};

		for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
			int mac = c[i].alg == NCR_ALG_CMAC_AES;
			struct ncr_session_once o = {
				.size = sizeof(o), .algorithm = c[i].alg,
				.op = c[i].op, .key = k_gcm, .iv = PTR64(iv),
				.iv_size = c[i].iv, .input = PTR64(buf_in),
				.input_size = 16,
				.output = mac ? 0 : PTR64(buf_out),
				.output_size = mac ? 0 : 64,
				.tag = PTR64(buf_tag),
				.tag_size = c[i].alg == NCR_ALG_AES_CCM ||
					    mac ? 16 : 0 };

			before = live_now();
			r = sinit(c[i].alg, c[i].op, k_gcm, iv, c[i].iv, 0,
				  &ses);
			if (!r)
				sfree(ses);
			expect(r, -EPERM, &before, "session init %s/%u with a "
			       "GCM-only key of every usage",
			       talg_name(c[i].alg), c[i].op);
			r = call(NCRIO_SESSION_ONCE, &o);
			expect(r, -EPERM, &before, "once %s/%u with a GCM-only "
			       "key of every usage", talg_name(c[i].alg),
			       c[i].op);
		}
		r = sinit(NCR_ALG_AES_GCM, NCR_OP_DECRYPT, k_gcm, iv, 12, 0,
			  &ses);
		if (!r)
			sfree(ses);
		report_err(r, 0, "the GCM-only key does GCM");
	}
	/* key wrap and unwrap check the wrapping key's set */
	{
		uint8_t out[64];
		uint32_t n = sizeof(out), k = 0;

		before = live_now();
		r = kwrap(NCR_WALG_AES_RFC3394, k_gcm, k_only, out, &n);
		expect(r, -EPERM, &before, "key wrap under a GCM-only key "
		       "with WRAP usage");
		n = sizeof(out);
		r = kwrap(NCR_WALG_AES_RFC3394, k_aes, k_only, out, &n);
		r = r ?: kunwrap(NCR_WALG_AES_RFC3394, k_gcm, out, n,
				 NCR_KEY_TYPE_AES, 0, NCR_KEY_USAGE_ENCRYPT,
				 &k);
		expect(r, -EPERM, &before, "key unwrap under a GCM-only key "
		       "with UNWRAP usage");
		if (!r)
			kdel(k);
	}
	/* HMAC restricted to SHA-256 */
	{
		struct ncr_session_once o = {
			.size = sizeof(o), .algorithm = NCR_ALG_HMAC_SHA512,
			.op = NCR_OP_SIGN, .key = k_hm,
			.input = PTR64(buf_in), .input_size = 10,
			.tag = PTR64(buf_tag), .tag_size = 64 };

		before = live_now();
		expect(call(NCRIO_SESSION_ONCE, &o), -EPERM, &before,
		       "HMAC-SHA512 with an HMAC-SHA256-only key");
		o.algorithm = NCR_ALG_HMAC_SHA1;
		expect(call(NCRIO_SESSION_ONCE, &o), -EPERM, &before,
		       "HMAC-SHA1 with an HMAC-SHA256-only key");
		o.algorithm = NCR_ALG_HMAC_SHA256;
		report_err(call(NCRIO_SESSION_ONCE, &o), 0,
			   "HMAC-SHA256 with it");
	}
	/* ChaCha20 keys by default: the AEAD, not the bare stream cipher */
	before = live_now();
	r = sinit(NCR_ALG_CHACHA20, NCR_OP_DECRYPT, k_cc, iv, 16, 0, &ses);
	if (!r)
		sfree(ses);
	expect(r, -EPERM, &before, "ChaCha20 with a default-set ChaCha20 key "
	       "(ChaCha20-Poly1305 only)");
	/* EC with ECDSA only: no ECDH */
	{
		struct ncr_key_generate_pair g = {
			.size = sizeof(g), .type = NCR_KEY_TYPE_EC, .bits = 256,
			.usage = NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DERIVE,
			.algs = NCR_KEY_ALG_ECDSA,
		};
		uint8_t pt[65];
		size_t n = sizeof(pt);

		r = call(NCRIO_KEY_GENERATE_PAIR, &g);
		r = r ?: pk_export(fd, g.public_key, NCR_KEY_FORMAT_RAW_PUBLIC,
				   pt, &n);
		if (report_err(r, 0, "EC pair SIGN|DERIVE with ECDSA only")) {
			uint32_t nk = 0;

			before = live_now();
			r = pk_derive(fd, NCR_ALG_ECDH, g.private_key, pt, n,
				      NCR_KEY_TYPE_HMAC, 0, NCR_KEY_USAGE_SIGN,
				      &nk);
			if (!r)
				kdel(nk);
			expect(r, -EPERM, &before, "ECDH with an ECDSA-only key "
			       "that has DERIVE usage");
		}
		if (g.private_key) {
			kdel(g.private_key);
			kdel(g.public_key);
		}
	}
out:
	if (k_gcm)
		kdel(k_gcm);
	if (k_only)
		kdel(k_only);
	if (k_hm)
		kdel(k_hm);
	if (k_cc)
		kdel(k_cc);
}

/* ------------------------------------------------- NCRIO_KEY_RESTRICT */

static int same_policy(const struct ncr_key_info *a,
		       const struct ncr_key_info *b)
{
	return a->flags == b->flags && a->usage == b->usage &&
	       a->algs == b->algs && a->attrs == b->attrs &&
	       a->type == b->type && a->bits == b->bits &&
	       a->key_id_size == b->key_id_size &&
	       !memcmp(a->key_id, b->key_id, sizeof(a->key_id)) &&
	       a->label_size == b->label_size &&
	       !memcmp(a->label, b->label, sizeof(a->label));
}

static void test_restrict(void)
{
	const uint32_t flags = NCR_KEY_FLAG_EXPORTABLE |
			       NCR_KEY_FLAG_WRAPPABLE |
			       NCR_KEY_FLAG_HASHABLE | NCR_KEY_FLAG_STORABLE;
	const uint32_t usage = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT |
			       NCR_KEY_USAGE_SIGN;
	const uint64_t algs = NCR_KEY_ALG_AES_CBC | NCR_KEY_ALG_AES_CTR |
			      NCR_KEY_ALG_AES_GCM | NCR_KEY_ALG_CMAC_AES;
	struct ncr_key_info a, b, c;
	static uint8_t blob0[NCR_STORAGE_BLOB_MAX], blob1[NCR_STORAGE_BLOB_MAX];
	size_t blob0_len = 0, blob1_len = 0;
	uint8_t out[128], ref[128];
	struct live before;
	uint32_t k = 0, ses = 0, ses2 = 0;
	int r;

	r = impx(NCR_KEY_TYPE_AES, key16, 16, flags, usage, algs, &k);
	r = r ?: kinfo(k, &a);
	if (!report_err(r, 0, "an AES key for the restrict checks"))
		return;
	if (master_set) {
		struct ncr_key_storage st = {
			.size = sizeof(st), .key = k, .blob = PTR64(blob0),
			.blob_size = sizeof(blob0) };

		if (!call(NCRIO_KEY_STORAGE_WRAP, &st))
			blob0_len = st.blob_size;
	}

	/* bits the key does not have: nothing changes, nothing is added */
	r = krestrict(k, NCR_KEY_FLAG_TRUSTED, NCR_KEY_USAGE_VERIFY |
		      NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP |
		      NCR_KEY_USAGE_DERIVE, NCR_KEY_ALG_AES_ECB |
		      NCR_KEY_ALG_AES_XTS | NCR_KEY_ALG_AES_CCM | AES_WRAPS |
		      NCR_KEY_ALG_HMAC_ALL | NCR_KEY_ALG_RSA_PSS);
	kinfo(k, &b);
	report(!r && same_policy(&a, &b), "restrict of bits the key does not "
	       "have: success, policy unchanged (%s)", errname(r));
	r = krestrict(k, 0, 0, 0);
	kinfo(k, &b);
	report(!r && same_policy(&a, &b), "restrict of nothing: success, "
	       "policy unchanged (%s)", errname(r));

	/* refused: unknown bits, an empty usage or set; nothing changes */
	{
		static const struct {
			uint32_t cf, cu;
			uint64_t ca;
			const char *what;
		} bad[] = {
			{ NCR_KEY_FLAG_EXPORTABLE | 0x20, 0, 0,
			  "clear_flags with bit 5" },
			{ 0x80000000u, NCR_KEY_USAGE_SIGN, 0,
			  "clear_flags with bit 31" },
			{ NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN | 0x80,
			  0, "clear_usage with bit 7" },
			{ 0, NCR_KEY_USAGE_SIGN, NCR_KEY_ALG_AES_CBC |
			  (1ULL << 12), "clear_algs with bit 12" },
			{ 0, 0, 1ULL << 63, "clear_algs with bit 63" },
			{ NCR_KEY_FLAG_EXPORTABLE, usage, 0,
			  "clearing every usage bit (and EXPORTABLE)" },
			{ 0, NCR_KEY_USAGE_ALL, 0, "clear_usage ALL" },
			{ NCR_KEY_FLAG_HASHABLE, 0, algs,
			  "clearing the whole set (and HASHABLE)" },
			{ 0, 0, NCR_KEY_ALGS_ALL, "clear_algs ALGS_ALL" },
			{ 0, NCR_KEY_USAGE_ENCRYPT, algs |
			  NCR_KEY_ALG_AES_ECB, "clearing the set and more" },
		};

		for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
			before = live_now();
			r = krestrict(k, bad[i].cf, bad[i].cu, bad[i].ca);
			expect(r, -EINVAL, &before, "restrict: %s",
			       bad[i].what);
			kinfo(k, &b);
			report(same_policy(&a, &b), "restrict: %s: the "
			       "policy is unchanged", bad[i].what);
		}
	}

	/* a session started before the restriction */
	r = sinit(NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, k, iv16, 16, 0, &ses);
	r = r ?: sinit(NCR_ALG_CMAC_AES, NCR_OP_SIGN, k, NULL, 0, 0, &ses2);
	report_err(r, 0, "CBC encrypt and CMAC sessions started before the "
		   "restriction");
	r = krestrict(k, NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_HASHABLE,
		      NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_SIGN,
		      NCR_KEY_ALG_AES_CBC | NCR_KEY_ALG_CMAC_AES);
	report_err(r, 0, "restrict: clear EXPORTABLE|HASHABLE, ENCRYPT|SIGN, "
		   "CBC|CMAC");
	r = kinfo(k, &b);
	report(!r && b.flags == (NCR_KEY_FLAG_WRAPPABLE |
				 NCR_KEY_FLAG_STORABLE) &&
	       b.usage == NCR_KEY_USAGE_DECRYPT &&
	       b.algs == (NCR_KEY_ALG_AES_CTR | NCR_KEY_ALG_AES_GCM) &&
	       b.attrs == a.attrs && !(b.attrs &
				       NCR_KEY_ATTR_ALWAYS_SENSITIVE) &&
	       b.key_id_size == a.key_id_size &&
	       !memcmp(b.key_id, a.key_id, NCR_KEY_ID_MAX),
	       "key info after restrict: flags %#x, usage %#x, algs %#llx; "
	       "attrs unchanged (%#x: still not ALWAYS_SENSITIVE), same ID",
	       b.flags, b.usage, (unsigned long long)b.algs, b.attrs);
	/* the old sessions keep running with what they started with */
	if (ses) {
		struct ncr_session_op o;
		size_t got = 0;

		ref_cipher(NCR_ALG_AES_CBC, 1, key16, 16, iv16, buf_in, 64,
			   ref);
		op_init(&o, ses, buf_in, 32, out, sizeof(out));
		r = call(NCRIO_SESSION_UPDATE, &o);
		got = r ? 0 : o.output_size;
		op_init(&o, ses, buf_in + 32, 32, out + got,
			sizeof(out) - got);
		r = r ?: call(NCRIO_SESSION_FINAL, &o);
		got += r ? 0 : o.output_size;
		report(!r && got == 64 && !memcmp(out, ref, 64), "the CBC "
		       "session started before keeps encrypting, right "
		       "output (%s)", errname(r));
		if (r)
			sfree(ses);
	}
	if (ses2) {
		struct ncr_session_op o;
		size_t n;

		ref_mac(NCR_ALG_CMAC_AES, key16, 16, buf_in, 40, ref, &n);
		op_init(&o, ses2, buf_in, 40, NULL, 0);
		o.tag = PTR64(out);
		o.tag_size = 16;
		r = call(NCRIO_SESSION_FINAL, &o);
		report(!r && o.tag_size == 16 && !memcmp(out, ref, 16),
		       "the CMAC session started before still signs (%s)",
		       errname(r));
	}
	/* new sessions get the new policy */
	{
		static const struct {
			uint32_t alg, op, iv;
			int want;
			const char *why;
		} c[] = {
			{ NCR_ALG_AES_CBC, NCR_OP_ENCRYPT, 16, -EPERM,
			  "usage and algorithm cleared" },
			{ NCR_ALG_AES_CTR, NCR_OP_ENCRYPT, 16, -EPERM,
			  "ENCRYPT cleared" },
			{ NCR_ALG_AES_CBC, NCR_OP_DECRYPT, 16, -EPERM,
			  "CBC cleared" },
			{ NCR_ALG_CMAC_AES, NCR_OP_SIGN, 0, -EPERM,
			  "SIGN and CMAC cleared" },
			{ NCR_ALG_AES_CTR, NCR_OP_DECRYPT, 16, 0,
			  "left as it was" },
			{ NCR_ALG_AES_GCM, NCR_OP_DECRYPT, 12, 0,
			  "left as it was" },
		};

		for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
			int mac = c[i].alg == NCR_ALG_CMAC_AES;
			int aead = c[i].alg == NCR_ALG_AES_GCM;
			struct ncr_session_once o = {
				.size = sizeof(o), .algorithm = c[i].alg,
				.op = c[i].op, .key = k, .iv = PTR64(iv16),
				.iv_size = c[i].iv, .input = PTR64(buf_in),
				.input_size = 32,
				.output = mac ? 0 : PTR64(out),
				.output_size = mac ? 0 : sizeof(out),
				.tag = PTR64(buf_tag),
				.tag_size = mac || aead ? 16 : 0 };

			before = live_now();
			r = sinit(c[i].alg, c[i].op, k, iv16, c[i].iv, 0,
				  &ses);
			if (!r)
				sfree(ses);
			expect(r, c[i].want, &before, "after restrict: session "
			       "init %s/%u (%s)", talg_name(c[i].alg), c[i].op,
			       c[i].why);
			if (c[i].want || c[i].alg == NCR_ALG_AES_GCM) {
				r = call(NCRIO_SESSION_ONCE, &o);
				expect(r, c[i].want ? c[i].want : -EBADMSG,
				       &before, "after restrict: once %s/%u",
				       talg_name(c[i].alg), c[i].op);
			} else {
				r = call(NCRIO_SESSION_ONCE, &o);
				ref_cipher(NCR_ALG_AES_CTR, 0, key16, 16, iv16,
					   buf_in, 32, ref);
				report(!r && o.output_size == 32 &&
				       !memcmp(out, ref, 32), "after restrict: "
				       "once CTR decrypt still right (%s)",
				       errname(r));
			}
		}
	}
	/* the flags too */
	{
		uint8_t t[64];
		size_t n = sizeof(t);
		uint32_t wn = sizeof(t);
		struct ncr_session_once o = {
			.size = sizeof(o), .algorithm = NCR_ALG_SHA256,
			.op = NCR_OP_SIGN, .op_flags = NCR_OP_FLAG_KEY_DATA,
			.input_key = k, .tag = PTR64(t), .tag_size = 32 };

		before = live_now();
		expect(secret_export(fd, k, t, &n), -EPERM, &before,
		       "after clearing EXPORTABLE: export");
		expect(call(NCRIO_SESSION_ONCE, &o), -EPERM, &before,
		       "after clearing HASHABLE: SHA-256 of the key");
		expect(kwrap(NCR_WALG_AES_RFC5649, k_aes, k, t, &wn), -EPERM,
		       &before, "after clearing EXPORTABLE: wrap under an "
		       "untrusted key (WRAPPABLE alone is not enough)");
	}
	if (master_set) {
		struct ncr_key_storage st = {
			.size = sizeof(st), .key = k, .blob = PTR64(blob1),
			.blob_size = sizeof(blob1) };

		r = call(NCRIO_KEY_STORAGE_WRAP, &st);
		if (report_err(r, 0, "storage wrap of the restricted key "
			       "(still STORABLE)"))
			blob1_len = st.blob_size;
	}
	/* narrower still; then STORABLE goes too */
	r = krestrict(k, NCR_KEY_FLAG_STORABLE, 0, NCR_KEY_ALG_AES_CTR);
	kinfo(k, &c);
	report(!r && c.flags == NCR_KEY_FLAG_WRAPPABLE &&
	       c.algs == NCR_KEY_ALG_AES_GCM && c.usage == b.usage,
	       "a second restrict narrows further (%s)", errname(r));
	if (master_set) {
		struct ncr_key_storage st = {
			.size = sizeof(st), .key = k, .blob = PTR64(out),
			.blob_size = sizeof(out) };

		before = live_now();
		expect(call(NCRIO_KEY_STORAGE_WRAP, &st), -EPERM, &before,
		       "after clearing STORABLE: storage wrap");
	}
	/* a blob keeps the policy the key had when it was sealed */
	if (blob0_len && blob1_len) {
		struct ncr_key_storage st = { .size = sizeof(st) };
		struct ncr_key_info u0, u1;

		st.blob = PTR64(blob0);
		st.blob_size = (uint32_t)blob0_len;
		r = call(NCRIO_KEY_STORAGE_UNWRAP, &st);
		r = r ?: kinfo(st.key, &u0);
		if (!r)
			kdel(st.key);
		report(!r && same_policy(&u0, &a), "the blob sealed before "
		       "restrict loads with the policy of then (flags %#x)",
		       u0.flags);
		st.blob = PTR64(blob1);
		st.blob_size = (uint32_t)blob1_len;
		r = call(NCRIO_KEY_STORAGE_UNWRAP, &st);
		r = r ?: kinfo(st.key, &u1);
		if (!r)
			kdel(st.key);
		report(!r && same_policy(&u1, &b), "the blob sealed after "
		       "restrict loads restricted (flags %#x, usage %#x)",
		       u1.flags, u1.usage);
	} else if (!master_set) {
		report_skip("master key not set", "storage blobs keep the "
			    "policy of their sealing");
	}
	kdel(k);

	/* clearing EXPORTABLE/WRAPPABLE never makes a key ALWAYS_SENSITIVE
	 * or NEVER_EXTRACTABLE */
	r = gen(NCR_KEY_TYPE_HMAC, 256, NCR_KEY_FLAG_EXPORTABLE |
		NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_SIGN, &k);
	r = r ?: krestrict(k, NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_WRAPPABLE,
			   0, 0);
	r = r ?: kinfo(k, &b);
	report(!r && b.flags == 0 && b.attrs == NCR_KEY_ATTR_LOCAL,
	       "a generated EXPORTABLE|WRAPPABLE key with both cleared: "
	       "attrs stay LOCAL only (%#x)", b.attrs);
	if (k)
		kdel(k);
}

/* --------------------------------------------------- NCRIO_KEY_TRUST */

/* The SPKI of the test RSA key (made through the current namespace). */
static int rsa_spki(uint8_t *spki, size_t *len)
{
	size_t dl = 0;
	uint8_t *der = hex_decode(rsa2048_pkcs8_hex, &dl);
	uint32_t priv = 0;
	int r;

	r = der ? pk_import(fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_PKCS8, 0, der,
			    dl, 0, NCR_KEY_USAGE_UNWRAP, &priv) : -EINVAL;
	r = r ?: pk_export(fd, priv, NCR_KEY_FORMAT_SPKI, spki, len);
	if (priv)
		kdel(priv);
	free(der);
	return r;
}

static int root_fd = -1;		/* in the child: the parent's namespace */
static uint32_t trust_candidate;	/* the parent's qualifying, untrusted key */
static uint32_t trusted_wk;		/* the parent's trusted wrapping key */
/* keys the unprivileged child made in root_fd, for root to try to trust:
 * imported, laundered through a TRUSTED key, an RSA public key */
enum { CH_IMPORT, CH_LAUNDER, CH_RSAPUB, CH_N };
static const char *const ch_names[CH_N] = { "import", "launder", "rsapub" };
static uint32_t child_handle[CH_N];

static void send_handle(int which, uint32_t h)
{
	char line[64];

	snprintf(line, sizeof(line), "%s %u", ch_names[which], h);
	if (child_pipe >= 0)
		report_line('H', line);
	else
		child_handle[which] = h;
}

static int drop_privileges(void)
{
	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	    setresuid(65534, 65534, 65534))
		return -1;
	return geteuid() == 65534 && getuid() == 65534 ? 0 : -1;
}

/*
 * Runs fn without CAP_SYS_ADMIN: as root, in a child that drops to uid
 * 65534 (its results come back through a pipe); otherwise right here.
 * In the child fd is a namespace the child opened as 65534, root_fd the
 * parent's.
 */
static void run_unprivileged(const char *what, void (*fn)(void))
{
	char line[1200];
	FILE *in;
	pid_t pid;
	int p[2], st = 0;

	if (!is_root) {
		fn();
		return;
	}
	if (pipe(p)) {
		report(0, "%s: pipe: %s", what, strerror(errno));
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		report(0, "%s: fork: %s", what, strerror(errno));
		close(p[0]);
		close(p[1]);
		return;
	}
	if (pid == 0) {
		close(p[0]);
		child_pipe = p[1];
		root_fd = fd;
		is_root = 0;
		if (drop_privileges()) {
			report(0, "%s: drop to uid 65534: %s", what,
			       strerror(errno));
			_exit(1);
		}
		fd = dev_open();
		if (fd < 0) {
			report(0, "%s: open /dev/crypto as uid 65534: %s",
			       what, errname(fd));
			_exit(1);
		}
		fn();
		close(fd);
		_exit(0);
	}
	close(p[1]);
	in = fdopen(p[0], "r");
	while (in && fgets(line, sizeof(line), in)) {
		char *nl = strchr(line, '\n'), *tab;

		if (nl)
			*nl = 0;
		switch (line[0]) {
		case '0':
		case '1':
			tap_ok(line[0] == '1', "uid 65534: %s", line + 1);
			break;
		case 's':
			tab = strchr(line, '\t');
			if (tab)
				*tab++ = 0;
			tap_skip(line + 1, "uid 65534: %s", tab ? tab : "");
			break;
		case 'H':
			for (int i = 0; i < CH_N; i++) {
				size_t n = strlen(ch_names[i]);

				if (!strncmp(line + 1, ch_names[i], n) &&
				    line[1 + n] == ' ')
					child_handle[i] = (uint32_t)strtoul(
						line + 2 + n, NULL, 0);
			}
			break;
		}
	}
	if (in)
		fclose(in);
	waitpid(pid, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		tap_ok(0, "%s: the unprivileged child ended with status %#x",
		       what, st);
}

/* What a process without CAP_SYS_ADMIN may not do with trust. */
static void unprivileged_trust(void)
{
	struct ncr_key_info ki;
	struct live before;
	uint32_t k = 0, k2 = 0, wk = 0, victim = 0;
	uint8_t w[64];
	uint32_t wl = sizeof(w);
	int r;

	r = gen(NCR_KEY_TYPE_AES, 256, 0, NCR_KEY_USAGE_WRAP |
		NCR_KEY_USAGE_UNWRAP, &k);
	if (!report_err(r, 0, "a wrap-only AES-256 key, never exportable"))
		return;
	before = live_now();
	expect(ktrust(k), -EPERM, &before, "NCRIO_KEY_TRUST of a qualifying "
	       "key without CAP_SYS_ADMIN");
	kinfo(k, &ki);
	report(ki.flags == 0, "the key is not TRUSTED after it (flags %#x)",
	       ki.flags);
	expect(genx(NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_TRUSTED,
		    NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP, 0, &k2),
	       -EPERM, &before, "generate TRUSTED without CAP_SYS_ADMIN");
	expect(impx(NCR_KEY_TYPE_AES, key16, 16, NCR_KEY_FLAG_TRUSTED,
		    NCR_KEY_USAGE_WRAP, 0, &k2), -EPERM, &before,
	       "import TRUSTED without CAP_SYS_ADMIN");
	{
		struct ncr_key_generate_pair g = {
			.size = sizeof(g), .type = NCR_KEY_TYPE_X25519,
			.usage = NCR_KEY_USAGE_DERIVE,
			.flags = NCR_KEY_FLAG_TRUSTED };

		expect(call(NCRIO_KEY_GENERATE_PAIR, &g), -EPERM, &before,
		       "generate a TRUSTED pair without CAP_SYS_ADMIN");
	}
	/* unwrap asking for TRUSTED */
	r = gen(NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_WRAP |
		NCR_KEY_USAGE_UNWRAP, &wk);
	r = r ?: gen(NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_WRAPPABLE |
		     NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_WRAP, &victim);
	r = r ?: kwrap(NCR_WALG_AES_RFC5649, wk, victim, w, &wl);
	if (report_err(r, 0, "a wrapped key for the unwrap check")) {
		before = live_now();
		expect(kunwrap(NCR_WALG_AES_RFC5649, wk, w, wl,
			       NCR_KEY_TYPE_AES, NCR_KEY_FLAG_TRUSTED,
			       NCR_KEY_USAGE_WRAP, &k2), -EPERM, &before,
		       "unwrap asking for TRUSTED without CAP_SYS_ADMIN");
	}
	/* restricting needs no privilege */
	report_err(krestrict(k, 0, NCR_KEY_USAGE_UNWRAP, NCR_KEY_ALG_AES_KW),
		   0, "NCRIO_KEY_RESTRICT without privilege");
	kdel(k);
	if (wk)
		kdel(wk);
	if (victim)
		kdel(victim);

	if (root_fd < 0)
		return;
	/* in the namespace root opened: its qualifying key stays untrusted */
	{
		int mine = fd;

		fd = root_fd;
		before = live_now();
		expect(ktrust(trust_candidate), -EPERM, &before,
		       "NCRIO_KEY_TRUST of root's qualifying key through a "
		       "shared descriptor, without CAP_SYS_ADMIN");
		r = kinfo(trust_candidate, &ki);
		report(!r && !(ki.flags & NCR_KEY_FLAG_TRUSTED),
		       "root's key is still not TRUSTED (flags %#x)",
		       ki.flags);
		/* root's trusted key serves for wrapping a key of ours */
		if (trusted_wk) {
			wl = sizeof(w);
			r = gen(NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_WRAPPABLE,
				NCR_KEY_USAGE_ENCRYPT, &victim);
			r = r ?: kwrap(NCR_WALG_AES_RFC5649, trusted_wk,
				       victim, w, &wl);
			report_err(r, 0, "wrap of a non-exportable WRAPPABLE "
				   "key under root's TRUSTED key");
			if (victim)
				kdel(victim);
			before = live_now();
			expect(krestrict(trusted_wk, 0, 0, 0), 0, &before,
			       "restrict of nothing on root's trusted key");
		}
		/* a key this uid imports there: material it knows */
		k = 0;
		r = imp(NCR_KEY_TYPE_AES, key16, 16, 0, NCR_KEY_USAGE_WRAP |
			NCR_KEY_USAGE_UNWRAP, &k);
		if (report_err(r, 0, "import of a wrap-only AES key into "
			       "root's namespace")) {
			r = kinfo(k, &ki);
			report(!r && !(ki.attrs &
				       NCR_KEY_ATTR_ALWAYS_SENSITIVE),
			       "a key imported without CAP_SYS_ADMIN is not "
			       "ALWAYS_SENSITIVE (attrs %#x)", ki.attrs);
			send_handle(CH_IMPORT, k);
		}
		/* the same known bytes, wrapped and unwrapped under root's
		 * TRUSTED key: still material this uid knows */
		if (trusted_wk) {
			uint32_t kk = 0, kl = 0;

			wl = sizeof(w);
			r = imp(NCR_KEY_TYPE_AES, key16, 16,
				NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_WRAP |
				NCR_KEY_USAGE_UNWRAP, &kk);
			r = r ?: kwrap(NCR_WALG_AES_RFC5649, trusted_wk, kk, w,
				       &wl);
			r = r ?: kunwrap(NCR_WALG_AES_RFC5649, trusted_wk, w,
					 wl, NCR_KEY_TYPE_AES, 0,
					 NCR_KEY_USAGE_WRAP |
					 NCR_KEY_USAGE_UNWRAP, &kl);
			if (report_err(r, 0, "an imported key wrapped and "
				       "unwrapped again under root's TRUSTED "
				       "key")) {
				kinfo(kl, &ki);
				tap_diag("its attrs: %#x", ki.attrs);
				send_handle(CH_LAUNDER, kl);
			}
			if (kk)
				kdel(kk);
		}
		/* an RSA public key whose private half this uid holds */
		{
			static uint8_t spki[600];
			size_t n = sizeof(spki);
			uint32_t pub = 0;

			fd = mine;
			r = rsa_spki(spki, &n);
			fd = root_fd;
			r = r ?: pk_import(fd, NCR_KEY_TYPE_RSA,
					   NCR_KEY_FORMAT_SPKI, 0, spki, n, 0,
					   NCR_KEY_USAGE_WRAP, &pub);
			if (report_err(r, 0, "import of an RSA public key (its "
				       "private half ours) into root's "
				       "namespace"))
				send_handle(CH_RSAPUB, pub);
			fd = mine;
			before = live_now();
			expect(pk_import(fd, NCR_KEY_TYPE_RSA,
					 NCR_KEY_FORMAT_SPKI, 0, spki, n,
					 NCR_KEY_FLAG_TRUSTED,
					 NCR_KEY_USAGE_WRAP, &pub), -EPERM,
			       &before, "import an RSA public key as TRUSTED "
			       "without CAP_SYS_ADMIN");
		}
		fd = mine;
	}
}

static void test_trust(void)
{
	static const struct {
		uint32_t bits, flags, usage;
		uint64_t algs;
		int restrict_exp;	/* clear EXPORTABLE before trust */
		const char *what;
	} nq[] = {
		{ 256, NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_WRAP |
		  NCR_KEY_USAGE_UNWRAP, 0, 0, "an EXPORTABLE key" },
		{ 256, 0, NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_ENCRYPT,
		  AES_WRAPS | NCR_KEY_ALG_AES_GCM, 0,
		  "a key with ENCRYPT usage (and GCM)" },
		{ 256, 0, NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_DECRYPT,
		  NCR_KEY_ALG_AES_KW, 0,
		  "a key with DECRYPT usage (KW only)" },
		{ 256, 0, NCR_KEY_USAGE_WRAP, NCR_KEY_ALG_AES_KW |
		  NCR_KEY_ALG_AES_ECB, 0,
		  "a wrap-only key whose set has ECB too" },
		{ 128, 0, NCR_KEY_USAGE_UNWRAP | NCR_KEY_USAGE_SIGN,
		  AES_WRAPS, 0, "a key with SIGN usage" },
		{ 256, NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_WRAP |
		  NCR_KEY_USAGE_UNWRAP, 0, 1,
		  "a key that was EXPORTABLE (cleared by restrict)" },
		{ 256, NCR_KEY_FLAG_HASHABLE, NCR_KEY_USAGE_WRAP |
		  NCR_KEY_USAGE_UNWRAP, 0, 0, "a HASHABLE wrap-only key" },
	};
	struct ncr_key_info ki;
	struct live before;
	uint32_t k = 0, victim = 0, k2 = 0;
	int r;

	/* keys that do not qualify */
	for (size_t i = 0; i < ARRAY_SIZE(nq); i++) {
		k = 0;
		r = genx(NCR_KEY_TYPE_AES, nq[i].bits, nq[i].flags,
			 nq[i].usage, nq[i].algs, &k);
		if (!r && nq[i].restrict_exp)
			r = krestrict(k, NCR_KEY_FLAG_EXPORTABLE, 0, 0);
		if (!report_err(r, 0, "trust: make %s", nq[i].what))
			continue;
		before = live_now();
		r = ktrust(k);
		expect(r, is_root ? -EINVAL : -EPERM, &before,
		       "NCRIO_KEY_TRUST of %s", nq[i].what);
		kinfo(k, &ki);
		report(!(ki.flags & NCR_KEY_FLAG_TRUSTED), "%s: not TRUSTED "
		       "after the refused call (flags %#x)", nq[i].what,
		       ki.flags);
		kdel(k);
	}
	k = 0;
	r = gen(NCR_KEY_TYPE_HMAC, 256, 0, NCR_KEY_USAGE_SIGN, &k);
	before = live_now();
	r = r ?: ktrust(k);
	expect(r, is_root ? -EINVAL : -EPERM, &before, "NCRIO_KEY_TRUST of "
	       "an HMAC key");
	if (k)
		kdel(k);

	/* a qualifying key: AES-256, generated, wrap-only, never
	 * exportable */
	r = gen(NCR_KEY_TYPE_AES, 256, 0, NCR_KEY_USAGE_WRAP |
		NCR_KEY_USAGE_UNWRAP, &trusted_wk);
	r = r ?: gen(NCR_KEY_TYPE_AES, 256, 0, NCR_KEY_USAGE_WRAP |
		     NCR_KEY_USAGE_UNWRAP, &trust_candidate);
	r = r ?: gen(NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_WRAPPABLE,
		     NCR_KEY_USAGE_ENCRYPT, &victim);
	if (!report_err(r, 0, "two qualifying AES-256 wrap-only keys and a "
			"WRAPPABLE, non-exportable AES-128 key"))
		goto out;
	kinfo(trusted_wk, &ki);
	report(ki.attrs == (NCR_KEY_ATTR_LOCAL | NCR_KEY_ATTR_ALWAYS_SENSITIVE |
			    NCR_KEY_ATTR_NEVER_EXTRACTABLE) &&
	       ki.algs == AES_WRAPS, "the wrapping key: LOCAL, "
	       "ALWAYS_SENSITIVE, NEVER_EXTRACTABLE, KW|KWP");
	before = live_now();
	r = ktrust(trusted_wk);
	expect(r, is_root ? 0 : -EPERM, &before, "NCRIO_KEY_TRUST of a "
	       "qualifying key %s CAP_SYS_ADMIN", is_root ? "with" :
	       "without");
	kinfo(trusted_wk, &ki);
	if (!is_root) {
		report(ki.flags == 0, "not TRUSTED (flags %#x)", ki.flags);
	} else {
		uint8_t w[64], ct1[32], ct2[32], tag1[16], tag2[16];
		uint32_t wl = sizeof(w);

		report(ki.flags == NCR_KEY_FLAG_TRUSTED &&
		       ki.usage == (NCR_KEY_USAGE_WRAP |
				    NCR_KEY_USAGE_UNWRAP) &&
		       ki.algs == AES_WRAPS, "the key is TRUSTED, usage and "
		       "set unchanged (flags %#x)", ki.flags);
		/* a non-exportable key wraps under it, and only under it */
		before = live_now();
		r = kwrap(NCR_WALG_AES_RFC5649, trusted_wk, victim, w, &wl);
		expect(r, 0, &before, "wrap of a WRAPPABLE, non-exportable "
		       "key under the TRUSTED key");
		{
			uint8_t w2[64];
			uint32_t wl2 = sizeof(w2);

			expect(kwrap(NCR_WALG_AES_RFC5649, trust_candidate,
				     victim, w2, &wl2), -EPERM, &before,
			       "the same under an untrusted key");
		}
		/* it comes back under the same key, with the same
		 * material (same GCM output), and not exportable */
		if (!r) {
			struct ncr_session_once o = {
				.size = sizeof(o),
				.algorithm = NCR_ALG_AES_GCM,
				.op = NCR_OP_ENCRYPT, .iv = PTR64(iv16),
				.iv_size = 12, .input = PTR64(buf_in),
				.input_size = 32, .output = PTR64(ct1),
				.output_size = 32, .tag = PTR64(tag1),
				.tag_size = 16 };

			before = live_now();
			expect(kunwrap(NCR_WALG_AES_RFC5649, trusted_wk, w, wl,
				       NCR_KEY_TYPE_AES,
				       NCR_KEY_FLAG_EXPORTABLE,
				       NCR_KEY_USAGE_ENCRYPT, &k2), -EPERM,
			       &before, "unwrap as EXPORTABLE under the "
			       "(non-exportable) TRUSTED key");
			r = kunwrap(NCR_WALG_AES_RFC5649, trusted_wk, w, wl,
				    NCR_KEY_TYPE_AES, 0, NCR_KEY_USAGE_ENCRYPT,
				    &k2);
			o.key = victim;
			r = r ?: call(NCRIO_SESSION_ONCE, &o);
			o.key = k2;
			o.output = PTR64(ct2);
			o.tag = PTR64(tag2);
			r = r ?: call(NCRIO_SESSION_ONCE, &o);
			report(!r && !memcmp(ct1, ct2, 32) &&
			       !memcmp(tag1, tag2, 16), "unwrapped under the "
			       "TRUSTED key: the same key (same AES-GCM "
			       "output) (%s)", errname(r));
			r = kinfo(k2, &ki);
			report(!r && ki.attrs ==
			       NCR_KEY_ATTR_NEVER_EXTRACTABLE,
			       "the key unwrapped under the TRUSTED key: not "
			       "LOCAL, not ALWAYS_SENSITIVE (unwrapped keys "
			       "never are) (attrs %#x)", ki.attrs);
			if (k2)
				kdel(k2);
		}
		/* generate TRUSTED directly */
		k2 = 0;
		r = gen(NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_TRUSTED,
			NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP, &k2);
		report(!r && kinfo(k2, &ki) == 0 &&
		       ki.flags == NCR_KEY_FLAG_TRUSTED,
		       "generate TRUSTED with CAP_SYS_ADMIN (%s)",
		       errname(r));
		if (k2)
			kdel(k2);
		before = live_now();
		expect(gen(NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_TRUSTED |
			   NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_WRAP, &k2),
		       -EINVAL, &before, "generate TRUSTED|EXPORTABLE");
		expect(genx(NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_TRUSTED,
			    NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_ENCRYPT,
			    NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_GCM, &k2),
		       -EINVAL, &before, "generate TRUSTED with ENCRYPT usage");
		expect(genx(NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_TRUSTED,
			    NCR_KEY_USAGE_WRAP, NCR_KEY_ALG_AES_KW |
			    NCR_KEY_ALG_AES_CTR, &k2), -EINVAL, &before,
		       "generate TRUSTED with CTR in the set");
		expect(gen(NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_TRUSTED |
			   NCR_KEY_FLAG_HASHABLE, NCR_KEY_USAGE_WRAP, &k2),
		       -EINVAL, &before, "generate TRUSTED|HASHABLE");
		/* RSA public keys: trusted when root imports them so, not
		 * by handle (not the half of a pair generated here) */
		{
			static uint8_t spki[600], ct[256];
			size_t n = sizeof(spki);
			uint32_t pub = 0, cl = sizeof(ct);

			r = rsa_spki(spki, &n);
			r = r ?: pk_import(fd, NCR_KEY_TYPE_RSA,
					   NCR_KEY_FORMAT_SPKI, 0, spki, n,
					   NCR_KEY_FLAG_TRUSTED,
					   NCR_KEY_USAGE_WRAP, &pub);
			r = r ?: kinfo(pub, &ki);
			report(!r && ki.flags == (NCR_KEY_FLAG_TRUSTED |
						  NCR_KEY_FLAG_EXPORTABLE |
						  NCR_KEY_FLAG_STORABLE) &&
			       ki.algs == NCR_KEY_ALG_RSA_OAEP_WRAP,
			       "root imports an RSA public key (WRAP) as "
			       "TRUSTED (%s, flags %#x)", errname(r),
			       ki.flags);
			before = live_now();
			r = r ?: kwrap(NCR_WALG_RSA_OAEP, pub, victim, ct, &cl);
			report(!r && cl == 256, "a non-exportable WRAPPABLE key "
			       "wraps under it (RSA-OAEP, %u bytes: %s)", cl,
			       errname(r));
			if (pub)
				kdel(pub);
			pub = 0;
			before = live_now();
			expect(pk_import(fd, NCR_KEY_TYPE_RSA,
					 NCR_KEY_FORMAT_SPKI, 0, spki, n,
					 NCR_KEY_FLAG_TRUSTED,
					 NCR_KEY_USAGE_WRAP |
					 NCR_KEY_USAGE_ENCRYPT, &pub), -EINVAL,
			       &before, "import an RSA public key TRUSTED with "
			       "WRAP|ENCRYPT");
			r = pk_import(fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_SPKI,
				      0, spki, n, 0, NCR_KEY_USAGE_WRAP, &pub);
			before = live_now();
			r = r ?: ktrust(pub);
			expect(r, -EINVAL, &before, "NCRIO_KEY_TRUST of an "
			       "imported RSA public key (even root's: only "
			       "halves of pairs generated here by handle)");
			if (pub)
				kdel(pub);
		}
	}

	/* a key root imports (root vouches for it) may be trusted */
	k = 0;
	r = imp(NCR_KEY_TYPE_AES, key16, 16, 0, NCR_KEY_USAGE_WRAP |
		NCR_KEY_USAGE_UNWRAP, &k);
	before = live_now();
	r = r ?: ktrust(k);
	expect(r, is_root ? 0 : -EPERM, &before, "NCRIO_KEY_TRUST of a "
	       "wrap-only key imported %s", is_root ? "by root (who vouches "
	       "for it)" : "without CAP_SYS_ADMIN");
	if (k)
		kdel(k);

	/* and without privilege, in a child of uid 65534 */
	memset(child_handle, 0, sizeof(child_handle));
	run_unprivileged("trust", unprivileged_trust);
	/*
	 * ncr.h: "A key a caller imported without CAP_SYS_ADMIN is never
	 * trusted."  Root, handed the handles (a shared namespace), must
	 * not be able to trust material the unprivileged process knows.
	 */
	for (int i = 0; is_root && i < CH_N; i++) {
		static const char *const what[CH_N] = {
			"a wrap-only AES key uid 65534 imported",
			"a key uid 65534 imported, then wrapped and unwrapped "
			"under a TRUSTED key",
			"an RSA public key uid 65534 imported (it holds the "
			"private half)",
		};

		if (!child_handle[i]) {
			report(0, "the unprivileged child made no key for "
			       "root: %s", what[i]);
			continue;
		}
		before = live_now();
		r = ktrust(child_handle[i]);
		kinfo(child_handle[i], &ki);
		expect(r, -EINVAL, &before, "NCRIO_KEY_TRUST (as root, shared "
		       "namespace) of %s", what[i]);
		report(!(ki.flags & NCR_KEY_FLAG_TRUSTED), "%s: not TRUSTED "
		       "(flags %#x, attrs %#x)", what[i], ki.flags, ki.attrs);
		kdel(child_handle[i]);
	}

	/* restrict takes TRUSTED away */
	if (is_root && trusted_wk) {
		uint8_t w[64];
		uint32_t wl = sizeof(w);

		r = krestrict(trusted_wk, NCR_KEY_FLAG_TRUSTED, 0, 0);
		kinfo(trusted_wk, &ki);
		report(!r && ki.flags == 0, "restrict clears TRUSTED (%s, "
		       "flags %#x)", errname(r), ki.flags);
		before = live_now();
		expect(kwrap(NCR_WALG_AES_RFC5649, trusted_wk, victim, w, &wl),
		       -EPERM, &before, "after that, wrap of a non-exportable "
		       "key under it");
		r = ktrust(trusted_wk);
		report_err(r, 0, "it qualifies still: trusted again by root");
	}
out:
	if (trusted_wk)
		kdel(trusted_wk);
	if (trust_candidate)
		kdel(trust_candidate);
	if (victim)
		kdel(victim);
	trusted_wk = trust_candidate = 0;
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

static void test_mac_size(void)
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

/* ------------------------------------------------------------ EDQUOT */

/*
 * The per-user limits (root: the module parameters are lowered for a
 * moment, then restored): past each one the call fails with EDQUOT and
 * creates nothing.
 */
static void test_limits(void)
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

int main(int argc, char **argv)
{
	struct live start, end;
	int r;

	tap_init();
	fd = dev_open();
	if (fd < 0) {
		char reason[96];

		snprintf(reason, sizeof(reason), "cannot open /dev/crypto: %s",
			 errname(fd));
		tap_skip_all(reason);
	}
	is_root = geteuid() == 0;
	pagesz = sysconf(_SC_PAGESIZE);
	arena = mmap(NULL, 3 * (size_t)pagesz, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (arena == MAP_FAILED)
		tap_skip_all("mmap failed");
	guard = arena + 2 * pagesz;
	mprotect(guard, (size_t)pagesz, PROT_NONE);
	for (size_t i = 0; i < sizeof(buf_in); i++)
		buf_in[i] = (uint8_t)i;

	/* --master-key-hex HEX64: set the master key first (as root; for a
	 * run of abi alone in a boot) */
	if (argc == 3 && !strcmp(argv[1], "--master-key-hex")) {
		size_t mk_len = 0;
		uint8_t *mk = hex_decode(argv[2], &mk_len);
		struct ncr_master_key m = {
			.size = sizeof(m), .key = PTR64(mk),
			.key_size = (uint32_t)mk_len };

		r = mk ? call(NCRIO_MASTER_KEY_SET, &m) : -EINVAL;
		if (r && r != -EEXIST)
			tap_diag("--master-key-hex: %s", errname(r));
		free(mk);
	} else if (argc != 1) {
		fprintf(stderr, "usage: abi [--master-key-hex HEX64]\n");
		return 2;
	}
	live_get(fd, &start);
	r = impx(NCR_KEY_TYPE_AES, key16, 16, 0, NCR_KEY_USAGE_ALL, AES_ALGS,
		 &k_aes);
	if (r)
		tap_diag("import of the test AES key: %s", errname(r));
	r = imp(NCR_KEY_TYPE_HMAC, buf_in, 32, 0, NCR_KEY_USAGE_SIGN |
		NCR_KEY_USAGE_VERIFY, &k_hmac);
	if (r)
		tap_diag("import of the test HMAC key: %s", errname(r));
	{
		uint32_t wk;
		struct ncr_key_storage st = { .size = sizeof(st),
					      .blob = PTR64(blob),
					      .blob_size = sizeof(blob) };

		if (!gen(NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_STORABLE,
			 NCR_KEY_USAGE_ENCRYPT, &wk)) {
			st.key = wk;
			r = call(NCRIO_KEY_STORAGE_WRAP, &st);
			master_set = r == 0;
			blob_len = st.blob_size;
			if (r && r != -ENOKEY)
				tap_diag("storage wrap: %s", errname(r));
			kdel(wk);
		}
	}
	{
		uint32_t tk;
		uint32_t n = sizeof(wrapped);

		if (!imp(NCR_KEY_TYPE_AES, key16, 16, NCR_KEY_FLAG_WRAPPABLE |
			 NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_ENCRYPT, &tk)) {
			r = kwrap(NCR_WALG_AES_RFC5649, k_aes, tk, wrapped, &n);
			if (r)
				tap_diag("key wrap: %s", errname(r));
			else
				wrapped_len = n;
			kdel(tk);
		}
	}
	tap_diag("running as %s; master key %s", is_root ? "root" : "non-root",
		 master_set ? "set" : "not set");
	{
		/* public-key objects for the generic tables */
		struct ncr_key_generate_pair g = {
			.size = sizeof(g), .type = NCR_KEY_TYPE_X25519,
			.usage = NCR_KEY_USAGE_DERIVE,
		};
		struct ncr_key_export ex = {
			.size = sizeof(ex), .data = PTR64(x_peer),
			.data_size = sizeof(x_peer),
			.format = NCR_KEY_FORMAT_RAW_PUBLIC,
		};

		r = call(NCRIO_KEY_GENERATE_PAIR, &g);
		if (!r) {
			ex.key = g.public_key;
			r = call(NCRIO_KEY_EXPORT, &ex);
			kdel(g.private_key);
			kdel(g.public_key);
		}
		if (!r)
			r = call(NCRIO_KEY_GENERATE_PAIR, &g);
		if (!r) {
			k_x25519 = g.private_key;
			kdel(g.public_key);
		} else {
			tap_diag("X25519 key pair: %s", errname(r));
		}
		g.type = NCR_KEY_TYPE_DH;
		g.bits = 2048;
		r = call(NCRIO_KEY_GENERATE_PAIR, &g);
		if (!r) {
			ex.key = g.public_key;
			ex.data = PTR64(dh_params);
			ex.data_size = sizeof(dh_params);
			ex.format = NCR_KEY_FORMAT_PARAMS;
			r = call(NCRIO_KEY_EXPORT, &ex);
			if (!r)
				dh_params_len = ex.data_size;
			kdel(g.private_key);
			kdel(g.public_key);
		}
		if (r)
			tap_diag("DH ffdhe2048 parameters: %s", errname(r));
	}

	test_info();
	test_info_v1();
	for (size_t i = 0; i < ARRAY_SIZE(iocs); i++) {
		if (iocs[i].cmd == NCRIO_MASTER_KEY_SET && !is_root) {
			report_skip("needs root", "%s: sizes and pointers",
				 iocs[i].name);
			continue;
		}
		test_sizes(&iocs[i]);
		test_struct_pointers(&iocs[i]);
	}
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		test_field(&fields[i]);
	for (size_t i = 0; i < ARRAY_SIZE(ptrfields); i++)
		test_ptrfield(&ptrfields[i]);
	test_update_no_side_effects();
	test_handles();
	test_unknown_ioctls();
	test_generate_params();
	test_import_params();
	test_session_params();
	test_keywrap_params();
	test_erange();
	test_verify();
	test_verify_lengths();
	test_genpair_params();
	test_derive_params();
	test_pk_import_params();
	test_pk_session_params();
	test_key_ids_labels_attrs();
	test_alg_sets();
	test_alg_enforced();
	test_mac_size();
	test_restrict();
	test_trust();
	test_limits();
	if (is_root) {
		static const uint32_t sizes[] = { 0, 16, 31, 33, 64 };
		struct live before = live_now();

		for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
			struct ncr_master_key mk = {
				.size = sizeof(mk), .key = PTR64(buf_in),
				.key_size = sizes[i] };
			char name[64];

			snprintf(name, sizeof(name), "master key set with "
				 "key_size %u", sizes[i]);
			r = call(NCRIO_MASTER_KEY_SET, &mk);
			if (master_set)
				expect2(r, -EINVAL, -EEXIST, &before, name);
			else
				expect(r, -EINVAL, &before, "%s", name);
		}
	}

	kdel(k_aes);
	kdel(k_hmac);
	if (k_x25519)
		kdel(k_x25519);
	if (live_wait(fd, &start, &end))
		report(0, "live counters back to the start: keys %llu -> %llu, "
		       "sessions %llu -> %llu",
		       (unsigned long long)start.keys,
		       (unsigned long long)end.keys,
		       (unsigned long long)start.sessions,
		       (unsigned long long)end.sessions);
	else
		report(1, "live counters back to the start");
	close(fd);
	return tap_finish("abi");
}
