// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/fuzz/gen.c - the ioctl calls both fuzzers make (gen.h).  Every
 * call gets a structure of random size and content, biased towards
 * plausible values (valid sizes, live handles, known algorithms, pointers
 * into a scratch area, small lengths) so that it gets past the first
 * checks and reaches the deep paths.  Pointers are NULL, junk, kernel
 * addresses or inside the scratch area (alone at a fixed address), never
 * into this program's own data.
 *
 * Public keys: NCRIO_KEY_GENERATE_PAIR and NCRIO_KEY_DERIVE have templates
 * too (EC, X25519, Ed25519, DH for given or RFC 7919 parameters; RSA and
 * DSA generation without parameters is kept out, it is too slow under
 * emulation); imports get valid SPKI/PKCS#8/RAW encodings made at start
 * with DER mutations (a byte flipped, a length changed, truncated,
 * extended); sessions get the version-1 fields (hash, MGF1 hash, salt,
 * pk_flags, label) with public-key algorithms.  Sizes are one of the
 * published versions (NCR_*_SIZE_VER*) or the kernel's structure, so that
 * every version's fields are reached.
 *
 * ABI 3: NCRIO_KEY_RESTRICT and NCRIO_KEY_TRUST have templates; creating
 * calls get algorithm sets (0: the default, a subset of the type's
 * algorithms, or random bits) and labels; one-shot MACs get mac_size.
 * ABI 4: NCRIO_BATCH (gen_batch.c: an element array of ONCE, UPDATE and
 * FINAL elements made by their ioctls' templates).
 * Each ioctl's failures must be among the errno values ncr.h documents for
 * it: the common list, plus ENOKEY (storage), EEXIST (master key set),
 * EBADMSG (storage unwrap, key unwrap, final, once) and EPROTONOSUPPORT
 * (storage unwrap); an unknown ioctl number only ENOTTY.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <crypto/cryptodev.h>
#include "ncr.h"
#include "fuzz/gen.h"

#define NCR_BLOB_LEN_GUESS (92 + 32)

uint64_t rng_state;

uint64_t rnd(void)
{
	/* xorshift64*: reproducible from the seed */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

uint32_t pick(uint32_t n)
{
	return n ? (uint32_t)(rnd() % n) : 0;
}

const unsigned long cmds[NCMDS] = {
	NCRIO_INFO, NCRIO_KEY_GENERATE, NCRIO_KEY_IMPORT, NCRIO_KEY_EXPORT,
	NCRIO_KEY_GET_INFO, NCRIO_KEY_DEINIT, NCRIO_MASTER_KEY_SET,
	NCRIO_KEY_STORAGE_WRAP, NCRIO_KEY_STORAGE_UNWRAP, NCRIO_KEY_WRAP,
	NCRIO_KEY_UNWRAP, NCRIO_SESSION_INIT, NCRIO_SESSION_UPDATE,
	NCRIO_SESSION_FINAL, NCRIO_SESSION_ONCE, NCRIO_SESSION_FREE,
	NCRIO_KEY_GENERATE_PAIR, NCRIO_KEY_DERIVE, NCRIO_KEY_RESTRICT,
	NCRIO_KEY_TRUST, NCRIO_KEY_KDF, NCRIO_BATCH,
	CRIOGET, CIOCGSESSION, CIOCFSESSION, CIOCCRYPT, CIOCKEY, CIOCASYMFEAT,
	CIOCGSESSINFO, CIOCAUTHCRYPT, CIOCASYNCCRYPT, CIOCASYNCFETCH,
	CIOCCPHASH,
};
const char *const cmd_names[NCMDS] = {
	"INFO", "KEY_GENERATE", "KEY_IMPORT", "KEY_EXPORT", "KEY_GET_INFO",
	"KEY_DEINIT", "MASTER_KEY_SET", "KEY_STORAGE_WRAP",
	"KEY_STORAGE_UNWRAP", "KEY_WRAP", "KEY_UNWRAP", "SESSION_INIT",
	"SESSION_UPDATE", "SESSION_FINAL", "SESSION_ONCE", "SESSION_FREE",
	"KEY_GENERATE_PAIR", "KEY_DERIVE", "KEY_RESTRICT", "KEY_TRUST",
	"KEY_KDF", "BATCH", "CRIOGET", "CIOCGSESSION", "CIOCFSESSION", "CIOCCRYPT", "CIOCKEY",
	"CIOCASYMFEAT", "CIOCGSESSINFO", "CIOCAUTHCRYPT", "CIOCASYNCCRYPT",
	"CIOCASYNCFETCH", "CIOCCPHASH",
};
/* the kernel's own sizes (this header's), by index in cmds[] */
const uint32_t full[NCMDS] = {
	sizeof(struct ncr_info), sizeof(struct ncr_key_generate),
	sizeof(struct ncr_key_import), sizeof(struct ncr_key_export),
	sizeof(struct ncr_key_info), sizeof(struct ncr_key_deinit),
	sizeof(struct ncr_master_key), sizeof(struct ncr_key_storage),
	sizeof(struct ncr_key_storage), sizeof(struct ncr_key_wrap),
	sizeof(struct ncr_key_wrap), sizeof(struct ncr_session_init),
	sizeof(struct ncr_session_op), sizeof(struct ncr_session_op),
	sizeof(struct ncr_session_once), sizeof(struct ncr_session_free),
	sizeof(struct ncr_key_generate_pair), sizeof(struct ncr_key_derive),
	sizeof(struct ncr_key_restrict), sizeof(struct ncr_key_trust),
	sizeof(struct ncr_key_kdf), sizeof(struct ncr_batch), 4,
	sizeof(struct session_op), 4, sizeof(struct crypt_op),
	sizeof(struct crypt_kop), 4, sizeof(struct session_info_op),
	sizeof(struct crypt_auth_op), sizeof(struct crypt_op),
	sizeof(struct crypt_op), sizeof(struct cphash_op),
};
/* every published size, by index in cmds[] (0: no more) */
static const uint32_t vers[NCMDS][3] = {
	{ NCR_INFO_SIZE_VER0, NCR_INFO_SIZE_VER1, NCR_INFO_SIZE_VER2 },
	{ NCR_KEY_GENERATE_SIZE_VER0, NCR_KEY_GENERATE_SIZE_VER1 },
	{ NCR_KEY_IMPORT_SIZE_VER0, NCR_KEY_IMPORT_SIZE_VER1,
	  NCR_KEY_IMPORT_SIZE_VER2 },
	{ NCR_KEY_EXPORT_SIZE_VER0 },
	{ NCR_KEY_INFO_SIZE_VER0, NCR_KEY_INFO_SIZE_VER1 },
	{ NCR_KEY_DEINIT_SIZE_VER0 },
	{ NCR_MASTER_KEY_SIZE_VER0, NCR_MASTER_KEY_SIZE_VER1 },
	{ NCR_KEY_STORAGE_SIZE_VER0 },
	{ NCR_KEY_STORAGE_SIZE_VER0 },
	{ NCR_KEY_WRAP_SIZE_VER0, NCR_KEY_WRAP_SIZE_VER1 },
	{ NCR_KEY_WRAP_SIZE_VER0, NCR_KEY_WRAP_SIZE_VER1 },
	{ NCR_SESSION_INIT_SIZE_VER0, NCR_SESSION_INIT_SIZE_VER1 },
	{ NCR_SESSION_OP_SIZE_VER0 },
	{ NCR_SESSION_OP_SIZE_VER0 },
	{ NCR_SESSION_ONCE_SIZE_VER0, NCR_SESSION_ONCE_SIZE_VER1,
	  NCR_SESSION_ONCE_SIZE_VER2 },
	{ NCR_SESSION_FREE_SIZE_VER0 },
	{ NCR_KEY_GENERATE_PAIR_SIZE_VER0, NCR_KEY_GENERATE_PAIR_SIZE_VER1 },
	{ NCR_KEY_DERIVE_SIZE_VER0, NCR_KEY_DERIVE_SIZE_VER1 },
	{ NCR_KEY_RESTRICT_SIZE_VER0 },
	{ NCR_KEY_TRUST_SIZE_VER0 },
	{ NCR_KEY_KDF_SIZE_VER0 },
	{ NCR_BATCH_SIZE_VER0 },
};

/* a published size of cmds[c], or the kernel's */
static uint32_t a_version(unsigned int c);
static const uint32_t algs[] = {
	NCR_ALG_AES_ECB, NCR_ALG_AES_CBC, NCR_ALG_AES_CTR, NCR_ALG_AES_XTS,
	NCR_ALG_DES3_CBC, NCR_ALG_CHACHA20, NCR_ALG_AES_GCM, NCR_ALG_AES_CCM,
	NCR_ALG_CHACHA20_POLY1305, NCR_ALG_MD5, NCR_ALG_SHA1, NCR_ALG_SHA224,
	NCR_ALG_SHA256, NCR_ALG_SHA384, NCR_ALG_SHA512, NCR_ALG_SHA3_256,
	NCR_ALG_SHA3_512, NCR_ALG_HMAC_SHA1, NCR_ALG_HMAC_SHA256,
	NCR_ALG_HMAC_SHA512, NCR_ALG_HMAC_SHA3_256, NCR_ALG_CMAC_AES,
};
/* the IV each algorithm takes, by index in algs[] (CCM: a valid nonce) */
static const uint32_t ivs[] = { 0, 16, 16, 16, 8, 16, 12, 12, 12, 0, 0, 0,
				0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
/* ncr.h, ERRNO VALUES: common to every ioctl */
static const int documented[] = {
	EFAULT, EINVAL, E2BIG, ENOENT, EPERM, ENOTTY, EOPNOTSUPP, ERANGE,
	EDQUOT, ENOMEM, EINTR, EIO,
};
/* and the extras an ioctl lists ("Also: ...") beyond the common ones */
static const struct {
	unsigned long cmd;
	int err[5];
} extras[] = {
	/* a mutated flags word may name a keyring key or FORGET_PREVIOUS */
	{ NCRIO_MASTER_KEY_SET, { EEXIST, ENOKEY, ENOENT, EKEYREVOKED,
				  EKEYEXPIRED } },
	{ NCRIO_KEY_STORAGE_WRAP, { ENOKEY } },
	{ NCRIO_KEY_STORAGE_UNWRAP, { ENOKEY, EBADMSG, EPROTONOSUPPORT } },
	{ NCRIO_KEY_UNWRAP, { EBADMSG } },
	{ NCRIO_SESSION_FINAL, { EBADMSG } },	/* AEAD and OAEP decryption */
	{ NCRIO_SESSION_ONCE, { EBADMSG } },
	{ CRIOGET, { EMFILE } },
	{ CIOCAUTHCRYPT, { EBADMSG } },
	{ CIOCCPHASH, { EDEADLK } },
	{ CIOCKEY, { ENOSPC } },
	{ CIOCASYNCCRYPT, { EBUSY } },
	{ CIOCASYNCFETCH, { EBUSY } },
};

/* The algorithm set bits a key type may have (ncr.h, ALGORITHM SETS). */
static uint64_t type_algs(uint32_t type)
{
	switch (type) {
	case NCR_KEY_TYPE_AES:
		return NCR_KEY_ALG_AES_ECB | NCR_KEY_ALG_AES_CBC |
		       NCR_KEY_ALG_AES_CTR | NCR_KEY_ALG_AES_XTS |
		       NCR_KEY_ALG_AES_GCM | NCR_KEY_ALG_AES_CCM |
		       NCR_KEY_ALG_CMAC_AES | NCR_KEY_ALG_AES_KW |
		       NCR_KEY_ALG_AES_KWP | NCR_KEY_ALG_KBKDF_CMAC;
	case NCR_KEY_TYPE_DES3:
		return NCR_KEY_ALG_DES3_CBC;
	case NCR_KEY_TYPE_CHACHA20:
		return NCR_KEY_ALG_CHACHA20 | NCR_KEY_ALG_CHACHA20_POLY1305;
	case NCR_KEY_TYPE_HMAC:
		return NCR_KEY_ALG_HMAC_ALL | NCR_KEY_ALG_HKDF |
		       NCR_KEY_ALG_KBKDF_HMAC;
	case NCR_KEY_TYPE_RSA:
		return NCR_KEY_ALG_RSA_PKCS1 | NCR_KEY_ALG_RSA_PSS |
		       NCR_KEY_ALG_RSA_OAEP | NCR_KEY_ALG_RSA_OAEP_WRAP;
	case NCR_KEY_TYPE_DSA:
		return NCR_KEY_ALG_DSA;
	case NCR_KEY_TYPE_DH:
		return NCR_KEY_ALG_DH;
	case NCR_KEY_TYPE_EC:
		return NCR_KEY_ALG_ECDSA | NCR_KEY_ALG_ECDH;
	case NCR_KEY_TYPE_X25519:
		return NCR_KEY_ALG_X25519;
	case NCR_KEY_TYPE_ED25519:
		return NCR_KEY_ALG_ED25519;
	}
	return 0;
}

/*
 * Keys made whole at start (and after each fresh namespace), with an
 * algorithm in their set: since ABI 3 a random algorithm rarely is in a
 * random key's set, and these keep sessions, wraps and unwraps reachable.
 */
static struct good goods[24];
static unsigned int ngoods;
static uint32_t wrap_kek, wrap_victim;	/* AES KW/KWP key; a wrappable key */
static uint32_t blob_len_seen = NCR_BLOB_LEN_GUESS;	/* last storage wrap */
static uint32_t wrapped_len_seen, wrapped_alg_seen;	/* last key wrap */

static int is_mac(uint32_t alg)
{
	return alg >= NCR_ALG_HMAC_SHA1 && alg <= NCR_ALG_CMAC_AES;
}

uint8_t *scratch;
uint32_t handles[64];	/* key and session handles seen */
unsigned int nhandles;

uint64_t a_pointer(void)
{
	switch (pick(10)) {
	case 0:
		return 0;
	case 1:
		return 0x1000;
	case 2:
		return 0xffff888000000000ULL;	/* kernel address */
	case 3:
		return (uint64_t)(uintptr_t)scratch + SCRATCH_SIZE - pick(64);
	default:
		return (uint64_t)(uintptr_t)scratch + pick(SCRATCH_SIZE / 2);
	}
}

uint32_t a_handle(void)
{
	if (nhandles && pick(4))
		return handles[pick(nhandles)];
	return pick(3) ? pick(40) : (uint32_t)rnd();
}

uint32_t a_length(void)
{
	static const uint32_t l[] = { 0, 1, 7, 8, 12, 13, 15, 16, 17, 24, 32,
				      48, 64, 100, 4095, 4096, 16384, 70000 };

	return pick(8) ? l[pick(sizeof(l) / sizeof(l[0]))] : (uint32_t)rnd();
}

static uint32_t a_version(unsigned int c)
{
	uint32_t n = 0;

	while (n < 3 && vers[c][n])
		n++;
	return pick(n + 1) < n ? vers[c][pick(n)] : full[c];
}

/* A usage word: mostly one family, sometimes several or anything. */
uint32_t a_usage(void)
{
	static const uint32_t u[] = {
		NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
		NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY,
		NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP,
		NCR_KEY_USAGE_ENCRYPT, NCR_KEY_USAGE_DECRYPT,
		NCR_KEY_USAGE_SIGN, NCR_KEY_USAGE_VERIFY, NCR_KEY_USAGE_DERIVE,
		NCR_KEY_USAGE_ALL,
	};

	return pick(8) ? u[pick(sizeof(u) / sizeof(u[0]))] : pick(256);
}

/* An algorithm set for a key of this type: mostly 0 (the default) or a
 * part of the type's algorithms, sometimes another type's or anything. */
uint64_t an_algs(uint32_t type)
{
	uint64_t all = type_algs(type), b;

	switch (pick(8)) {
	case 0:
	case 1:
	case 2:
		return 0;
	case 3:
	case 4:
		return all & (rnd() | rnd());
	case 5:	/* one of its algorithms */
		for (int i = 0; i < 64; i++) {
			b = 1ULL << pick(64);
			if (b & all)
				return b;
		}
		return all;
	case 6:
		return type_algs(1 + pick(4)) | type_algs(16 + pick(6));
	default:
		return pick(2) ? 1ULL << pick(64) : rnd();
	}
}

/* A label length: mostly valid (0..NCR_KEY_LABEL_MAX), sometimes not. */
uint32_t a_label_size(void)
{
	return pick(8) ? pick(NCR_KEY_LABEL_MAX + 2) : (uint32_t)rnd();
}

/* mac_size of a one-shot MAC: 0, lengths around the minimums, anything */
static uint32_t a_mac_size(void)
{
	static const uint32_t m[] = { 0, 0, 0, 4, 7, 8, 9, 10, 12, 16, 20,
				      32, 33, 64, 65 };

	return pick(16) ? m[pick(sizeof(m) / sizeof(m[0]))] :
			  (uint32_t)rnd();
}

/*
 * Fills a structure: every 4-byte word independently gets a plausible
 * value for some field (a handle, an algorithm, a flag, a length, half of a
 * pointer) or random bits.  8-byte aligned words sometimes get a pointer.
 */
void fill(uint8_t *buf, uint32_t size)
{
	uint32_t off;

	for (off = 0; off + 4 <= size; off += 4) {
		uint32_t v;

		if (off % 8 == 0 && off + 8 <= size && pick(3) == 0) {
			uint64_t p = a_pointer();

			memcpy(buf + off, &p, 8);
			off += 4;
			continue;
		}
		switch (pick(8)) {
		case 0: v = a_handle(); break;
		case 1: v = algs[pick(sizeof(algs) / sizeof(algs[0]))]; break;
		case 2: v = pick(5); break;
		case 3: v = a_length(); break;
		case 4: v = (uint32_t)rnd(); break;
		default: v = 0; break;
		}
		memcpy(buf + off, &v, 4);
	}
}

#define P(x) ((uint64_t)(uintptr_t)(x))

uint32_t an_op(void)
{
	return 1 + pick(4);
}

/*
 * A call that is valid or nearly so: every field plausible for cmd.  The
 * caller then mutates a few words at random.
 */
static void template(unsigned long cmd, uint8_t *buf)
{
	static const uint32_t types[] = { NCR_KEY_TYPE_AES, NCR_KEY_TYPE_DES3,
					  NCR_KEY_TYPE_CHACHA20,
					  NCR_KEY_TYPE_HMAC };
	static const uint32_t bits[] = { 128, 192, 256, 256 };
	uint8_t *sp = scratch + pick(SCRATCH_SIZE / 4);
	uint32_t t = pick(4), a = pick(sizeof(algs) / sizeof(algs[0]));

	if (is_bsd_cmd(cmd)) {
		bsd_template(cmd, buf);
		return;
	}
	if ((cmd == NCRIO_KEY_GENERATE_PAIR || cmd == NCRIO_KEY_DERIVE ||
	     pick(3) == 0) && pk_template(cmd, buf))
		return;
	switch (cmd) {
	case NCRIO_KEY_GENERATE: {
		struct ncr_key_generate *g = (void *)buf;

		if (pick(8) == 0) {	/* a key NCRIO_KEY_TRUST accepts */
			g->flags = pick(2) ? NCR_KEY_FLAG_WRAPPABLE : 0;
			g->usage = NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP;
			g->type = NCR_KEY_TYPE_AES;
			g->bits = 256;
			break;
		}
		g->flags = pick(32);
		g->usage = a_usage();
		g->type = types[t];
		g->bits = t == 0 ? 128 + 64 * pick(pick(4) ? 3 : 7) : bits[t];
		g->algs = an_algs(types[t]);
		g->label = P(sp + 3072);
		g->label_size = a_label_size();
		break;
	}
	case NCRIO_KEY_IMPORT: {
		struct ncr_key_import *im = (void *)buf;

		im->flags = pick(32);
		im->usage = a_usage();
		im->type = types[t];
		im->data = P(sp);
		im->data_size = bits[t] / 8;
		im->label = P(sp + 64);
		im->label_size = a_label_size();
		im->algs = an_algs(types[t]);
		break;
	}
	case NCRIO_KEY_EXPORT:
	case NCRIO_KEY_GET_INFO:
	case NCRIO_KEY_DEINIT: {
		struct ncr_key_export *ex = (void *)buf;

		ex->key = a_handle();
		if (cmd == NCRIO_KEY_EXPORT) {
			ex->data = P(sp);
			ex->data_size = pick(80);
		}
		break;
	}
	case NCRIO_MASTER_KEY_SET: {
		struct ncr_master_key *mk = (void *)buf;

		mk->key = P(sp);
		mk->key_size = 32;
		break;
	}
	case NCRIO_KEY_STORAGE_WRAP:
	case NCRIO_KEY_STORAGE_UNWRAP: {
		struct ncr_key_storage *st = (void *)buf;

		st->key = cmd == NCRIO_KEY_STORAGE_WRAP ? a_handle() : 0;
		/* blobs are wrapped into, and unwrapped from, one place */
		st->blob = P(scratch + SCRATCH_SIZE / 4 * 3);
		st->blob_size = cmd == NCRIO_KEY_STORAGE_WRAP ? 2000 :
				pick(4) ? blob_len_seen : NCR_BLOB_LEN_GUESS;
		break;
	}
	case NCRIO_KEY_WRAP:
	case NCRIO_KEY_UNWRAP: {
		struct ncr_key_wrap *w = (void *)buf;

		w->algorithm = 1 + pick(2);
		w->wrapping_key = wrap_kek && pick(2) ? wrap_kek : a_handle();
		if (cmd == NCRIO_KEY_WRAP) {
			w->key = wrap_victim && pick(2) ? wrap_victim :
				 a_handle();
			w->data_size = 2000;
		} else {
			w->flags = pick(4) ? 0 : pick(32);
			w->type = types[t];
			w->usage = a_usage();
			w->data_size = 8 * (2 + pick(6));
			if (wrapped_len_seen && pick(2)) {
				w->algorithm = wrapped_alg_seen;
				w->data_size = wrapped_len_seen;
				w->type = NCR_KEY_TYPE_AES;
			}
			w->algs = an_algs(types[t]);
			w->label = P(sp + 3072);
			w->label_size = pick(2) ? 0 : a_label_size();
		}
		w->data = P(scratch + SCRATCH_SIZE / 4 * 3 + 4096);
		break;
	}
	case NCRIO_SESSION_INIT: {
		struct ncr_session_init *si = (void *)buf;

		si->algorithm = algs[a];
		si->op = an_op();
		si->key = a_handle();
		si->iv = P(sp);
		si->iv_size = ivs[a];
		if (ngoods && pick(4)) {
			const struct good *g = &goods[pick(ngoods)];

			si->algorithm = g->alg;
			si->key = g->key;
			si->iv_size = g->iv;
			si->op = is_mac(g->alg) ? 3 + pick(2) : 1 + pick(2);
			if (is_mac(g->alg) && pick(4) == 0)
				si->tag_size = a_mac_size();
		}
		break;
	}
	case NCRIO_SESSION_UPDATE:
	case NCRIO_SESSION_FINAL: {
		struct ncr_session_op *op = (void *)buf;

		op->flags = pick(4) == 0 ? pick(4) : 0;
		op->ses = a_handle();
		op->input_key = a_handle();
		op->input = P(sp);
		op->input_size = a_length();
		op->output = P(scratch + SCRATCH_SIZE / 4 * 2 + 8192);
		op->output_size = 1 << 17;
		op->tag = P(sp + 128);
		op->tag_size = pick(2) ? 64 : 16;
		break;
	}
	case NCRIO_SESSION_ONCE: {
		struct ncr_session_once *o = (void *)buf;

		o->algorithm = algs[a];
		o->op = an_op();
		o->key = a_handle();
		o->iv_size = ivs[a];
		if (ngoods && pick(4)) {
			const struct good *g = &goods[pick(ngoods)];

			o->algorithm = g->alg;
			o->key = g->key;
			o->iv_size = g->iv;
			o->op = is_mac(g->alg) ? 3 + pick(2) : 1 + pick(2);
		}
		o->iv = P(sp);
		o->input = P(sp + 256);
		o->input_size = a_length();
		o->output = P(scratch + SCRATCH_SIZE / 4 * 2 + 8192);
		o->output_size = 1 << 17;
		o->aad = P(sp + 512);
		o->aad_size = pick(3) ? 0 : pick(64);
		o->tag = P(sp + 128);
		/* ciphers take no tag; AEADs and MACs 16 or a capacity */
		if (o->algorithm >= NCR_ALG_AES_GCM || pick(8) == 0)
			o->tag_size = pick(2) ? 64 : 16;
		if (is_mac(o->algorithm) || pick(16) == 0)
			o->mac_size = a_mac_size();
		break;
	}
	case NCRIO_KEY_RESTRICT: {
		struct ncr_key_restrict *r = (void *)buf;

		r->key = a_handle();
		r->clear_flags = pick(2) ? 0 : pick(8) ? 1U << pick(5) :
			(uint32_t)rnd();
		r->clear_usage = pick(2) ? 0 : pick(8) ? 1U << pick(7) :
			(uint32_t)rnd();
		r->clear_algs = pick(2) ? 0 : pick(8) ? 1ULL << pick(42) : rnd();
		break;
	}
	case NCRIO_KEY_TRUST: {
		struct ncr_key_trust *tr = (void *)buf;

		tr->key = a_handle();
		tr->flags = pick(16) ? 0 : (uint32_t)rnd();
		break;
	}
	case NCRIO_KEY_KDF: {
		static const uint32_t kdfs[] = {
			NCR_ALG_HKDF_SHA256, NCR_ALG_HKDF_SHA384,
			NCR_ALG_HKDF_SHA512, NCR_ALG_PBKDF2_SHA1,
			NCR_ALG_PBKDF2_SHA256, NCR_ALG_PBKDF2_SHA512,
			NCR_ALG_KBKDF_HMAC_SHA256, NCR_ALG_KBKDF_CMAC_AES,
		};
		static const uint32_t lens[] = { 16, 24, 32, 1, 64, 1024, 1025,
						 8160 };
		struct ncr_key_kdf *k = (void *)buf;

		k->algorithm = pick(8) ? kdfs[pick(8)] : (uint32_t)rnd();
		k->flags = pick(4) ? pick(2) : (uint32_t)rnd();
		k->key = k->algorithm >= NCR_ALG_PBKDF2_SHA1 &&
			 k->algorithm <= NCR_ALG_PBKDF2_SHA512 && pick(4) ?
			 0 : a_handle();
		k->password = P(sp);
		k->password_size = pick(3) ? pick(40) : a_length();
		/* few iterations, or now and then the most (a long call) */
		k->iterations = pick(4) ? 1 + pick(100) : pick(64) ? 0 :
				NCR_PBKDF2_ITERATIONS_MAX;
		k->salt = P(sp + 64);
		k->salt_size = pick(3) ? pick(40) : a_length();
		k->info = P(sp + 128);
		k->info_size = pick(3) ? pick(40) : a_length();
		if (k->algorithm >= NCR_ALG_PBKDF2_SHA1 &&
		    k->algorithm <= NCR_ALG_PBKDF2_SHA512 && pick(4))
			k->info_size = 0;	/* PBKDF2 takes none */
		k->type = types[t];
		/* mostly a length the type takes */
		k->length = pick(4) ? bits[t] / 8 : pick(2) ? lens[pick(8)] :
			    a_length();
		k->usage = a_usage();
		k->algs = pick(3) ? 0 : pick(2) ? type_algs(k->type) :
			  1ULL << pick(64);
		break;
	}
	case NCRIO_SESSION_FREE: {
		struct ncr_session_free *f = (void *)buf;

		f->ses = a_handle();
		break;
	}
	case NCRIO_BATCH:
		batch_template(buf);
		break;
	default:
		break;
	}
}

void fuzz_template(unsigned long cmd, uint8_t *buf)
{
	template(cmd, buf);
}

uint32_t fuzz_version(unsigned long cmd)
{
	for (unsigned int c = 0; c < NCMDS; c++)
		if (cmds[c] == cmd)
			return a_version(c);
	return 0;
}

void remember(uint32_t h)
{
	if (h)
		handles[nhandles < 64 ? nhandles++ : pick(64)] = h;
}

static uint32_t gen_key(int fd, uint32_t type, uint32_t bits, uint32_t flags,
			uint32_t usage, uint64_t algs)
{
	struct ncr_key_generate g = {
		.size = sizeof(g), .type = type, .bits = bits, .flags = flags,
		.usage = usage, .algs = algs,
	};

	if (ioctl(fd, NCRIO_KEY_GENERATE, &g))
		return 0;
	remember(g.key);
	return g.key;
}

static void add_good(uint32_t key, uint32_t alg, uint32_t iv)
{
	if (key && ngoods < sizeof(goods) / sizeof(goods[0]))
		goods[ngoods++] = (struct good){ key, alg, iv };
}

/* The well-formed keys of a fresh namespace (see struct good). */
void make_keys(int fd)
{
	const uint32_t all = NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_WRAPPABLE |
			     NCR_KEY_FLAG_HASHABLE | NCR_KEY_FLAG_STORABLE;
	const uint32_t crypt = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT;
	uint32_t k;

	ngoods = 0;
	nhandles = 0;
	bsd_forget();
	wrapped_len_seen = 0;
	wrapped_alg_seen = 0;
	blob_len_seen = NCR_BLOB_LEN_GUESS;
	k = gen_key(fd, NCR_KEY_TYPE_AES, 128, all, NCR_KEY_USAGE_ALL,
		    NCR_KEY_ALG_AES_ECB | NCR_KEY_ALG_AES_CBC |
		    NCR_KEY_ALG_AES_CTR | NCR_KEY_ALG_AES_GCM |
		    NCR_KEY_ALG_AES_CCM | NCR_KEY_ALG_CMAC_AES |
		    NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_KWP);
	add_good(k, NCR_ALG_AES_ECB, 0);
	add_good(k, NCR_ALG_AES_CBC, 16);
	add_good(k, NCR_ALG_AES_CTR, 16);
	add_good(k, NCR_ALG_AES_GCM, 12);
	add_good(k, NCR_ALG_AES_CCM, 12);
	add_good(k, NCR_ALG_CMAC_AES, 0);
	wrap_kek = wrap_victim = k;
	k = gen_key(fd, NCR_KEY_TYPE_AES, 256, all, crypt, NCR_KEY_ALG_AES_XTS);
	add_good(k, NCR_ALG_AES_XTS, 16);
	k = gen_key(fd, NCR_KEY_TYPE_DES3, 192, all, crypt, 0);
	add_good(k, NCR_ALG_DES3_CBC, 8);
	k = gen_key(fd, NCR_KEY_TYPE_CHACHA20, 256, all, crypt,
		    NCR_KEY_ALG_CHACHA20 | NCR_KEY_ALG_CHACHA20_POLY1305);
	add_good(k, NCR_ALG_CHACHA20, 16);
	add_good(k, NCR_ALG_CHACHA20_POLY1305, 12);
	k = gen_key(fd, NCR_KEY_TYPE_HMAC, 256, all, NCR_KEY_USAGE_SIGN |
		    NCR_KEY_USAGE_VERIFY, 0);
	add_good(k, NCR_ALG_HMAC_SHA1, 0);
	add_good(k, NCR_ALG_HMAC_SHA256, 0);
	add_good(k, NCR_ALG_HMAC_SHA512, 0);
	add_good(k, NCR_ALG_HMAC_SHA3_256, 0);
	/* a wrappable key that is not exportable: wraps only under a
	 * TRUSTED key (root may make one with NCRIO_KEY_TRUST) */
	k = gen_key(fd, NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_WRAPPABLE,
		    NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP, 0);
	(void)k;
	make_pk_keys(fd);
}

/* Whether e is documented for cmds[c] (c == NCMDS: not an ncr ioctl). */
int is_documented(int e, unsigned int c)
{
	unsigned int i;

	if (c >= NCMDS)
		return e == ENOTTY;
	for (i = 0; i < sizeof(documented) / sizeof(documented[0]); i++)
		if (documented[i] == e)
			return 1;
	for (i = 0; i < sizeof(extras) / sizeof(extras[0]); i++)
		if (extras[i].cmd == cmds[c])
			for (int j = 0; j < 5 && extras[i].err[j]; j++)
				if (extras[i].err[j] == e)
					return 1;
	return 0;
}

void fuzz_gen_call(struct fuzz_call *fc)
{
	unsigned int c = pick(NCMDS + 1), ci;
	unsigned long cmd = c < NCMDS ? cmds[c] :
		_IO('c', 150 + pick(150));
	uint8_t *arg = fc->arg;
	uint32_t size;

	/* a random number may be an ncr ioctl after all */
	for (ci = 0; ci < NCMDS && cmds[ci] != cmd; ci++)
		;
	if (c < NCMDS && pick(8))
		size = a_version(c) + (pick(4) == 0 ? 8 * pick(3) : 0);
	else
		size = pick(FUZZ_ARG_MAX + 1);
	memset(arg, 0, FUZZ_ARG_MAX);
	if (c < NCMDS && pick(4)) {
		/* a plausible call with a few words mutated */
		unsigned int m = pick(3), k;

		template(cmd, arg);
		for (k = 0; k < m; k++) {
			uint32_t v = pick(2) ? (uint32_t)rnd() : pick(70000);

			memcpy(arg + 4 * (1 + pick(full[c] / 4 - 1)), &v, 4);
		}
	} else {
		fill(arg, FUZZ_ARG_MAX);
	}
	/* bigger than the kernel's: mostly a zero tail */
	if (c < NCMDS && size > full[c] && pick(4))
		memset(arg + full[c], 0, FUZZ_ARG_MAX - full[c]);
	if (cmd == NCRIO_KEY_GENERATE_PAIR)
		keep_generation_short(arg);
	if (!is_bsd_cmd(cmd))	/* BSD structures have no size word */
		memcpy(arg, &size, 4);
	/* refill the scratch area now and then with fresh bytes */
	if (pick(200) == 0)
		memset(scratch, (int)pick(256), SCRATCH_SIZE / 2);
	fc->cmd = cmd;
	fc->ci = ci;
	fc->size = size;
	fc->bad_arg = pick(50) == 0;
}

int fuzz_do_call(int fd, const struct fuzz_call *fc)
{
	return ioctl(fd, fc->cmd, fc->bad_arg ? (void *)0x10 :
		     (void *)fc->arg);
}

void fuzz_note_success(const struct fuzz_call *fc)
{
	const uint8_t *arg = fc->arg;
	unsigned long cmd = fc->cmd;
	uint32_t size = fc->size, h = 0;

	if (is_bsd_cmd(cmd)) {
		bsd_note_success(cmd, arg);
		return;
	}
	if (cmd == NCRIO_KEY_GENERATE)
		h = ((struct ncr_key_generate *)arg)->key;
	else if (cmd == NCRIO_KEY_IMPORT)
		h = ((struct ncr_key_import *)arg)->key;
	else if (cmd == NCRIO_SESSION_INIT)
		h = ((struct ncr_session_init *)arg)->ses;
	else if (cmd == NCRIO_KEY_STORAGE_UNWRAP)
		h = ((struct ncr_key_storage *)arg)->key;
	else if (cmd == NCRIO_KEY_DERIVE)
		h = ((struct ncr_key_derive *)arg)->new_key;
	else if (cmd == NCRIO_KEY_KDF)
		h = ((struct ncr_key_kdf *)arg)->new_key;
	else if (cmd == NCRIO_KEY_UNWRAP)
		h = ((struct ncr_key_wrap *)arg)->key;
	else if (cmd == NCRIO_KEY_STORAGE_WRAP &&
		 size >= NCR_KEY_STORAGE_SIZE_VER0)
		blob_len_seen =
		    ((struct ncr_key_storage *)arg)->blob_size;
	if (cmd == NCRIO_KEY_WRAP && size >= 56) {
		struct ncr_key_wrap *w = (void *)arg;

		wrapped_len_seen = w->data_size;
		wrapped_alg_seen = w->algorithm;
	}
	else if (cmd == NCRIO_KEY_GENERATE_PAIR) {
		struct ncr_key_generate_pair *g = (void *)arg;

		if (g->public_key)
			handles[nhandles < 64 ? nhandles++ :
				pick(64)] = g->public_key;
		h = g->private_key;
	}
	if (h)
		handles[nhandles < 64 ? nhandles++ : pick(64)] = h;
}

int fuzz_setup(void)
{
	/*
	 * The scratch area sits alone at a fixed address far from the stack,
	 * heap and libraries: a mutated pointer keeps its upper half, so it
	 * still lands in this otherwise empty region, and the kernel's
	 * writes through it can never hit this program's own memory.
	 */
	scratch = mmap((void *)0x100000000000ULL, SCRATCH_SIZE,
		       PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (scratch == MAP_FAILED)
		return -1;
	/* a read-only page in the scratch area: output there must fault */
	mprotect(scratch + SCRATCH_SIZE / 2, 4096, PROT_READ);
	return 0;
}

int fuzz_live_back(int t, int fd, const struct ncr_info *before)
{
	struct ncr_info after = { .size = sizeof(after) };
	int same;

	if (ioctl(fd, NCRIO_INFO, &after)) {
		printf("not ok %d - NCRIO_INFO after the run\n", t);
		return 0;
	}
	same = after.live_keys == before->live_keys &&
	       after.live_sessions == before->live_sessions &&
	       after.live_namespaces == before->live_namespaces;
	printf("%s %d - live keys/sessions/namespaces back to %llu/%llu/%u (now %llu/%llu/%u)\n",
	       same ? "ok" : "not ok", t,
	       (unsigned long long)before->live_keys,
	       (unsigned long long)before->live_sessions,
	       before->live_namespaces,
	       (unsigned long long)after.live_keys,
	       (unsigned long long)after.live_sessions,
	       after.live_namespaces);
	return same;
}
