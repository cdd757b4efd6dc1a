// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/fuzz/gen_pk.c - the public-key part of the fuzzers' calls: valid
 * SPKI/PKCS#8/RAW encodings made at start (make_encodings) and mutated the
 * way DER parsers trip, templates for pair generation, derive, import,
 * export and public-key sessions, and the ECDSA and Ed25519 pairs of a
 * fresh namespace (make_pk_keys).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include "ncr.h"
#include "fuzz/gen.h"

#define P(x) ((uint64_t)(uintptr_t)(x))
#define ENC_SLOT (SCRATCH_SIZE / 4 * 3 + 65536)	/* mutated encodings */

static const uint32_t pk_algs[] = {
	NCR_ALG_RSA_PKCS1, NCR_ALG_RSA_PSS, NCR_ALG_RSA_OAEP, NCR_ALG_DSA,
	NCR_ALG_ECDSA, NCR_ALG_ED25519,
};
static const uint32_t pk_hashes[] = {
	0, NCR_ALG_SHA1, NCR_ALG_SHA224, NCR_ALG_SHA256, NCR_ALG_SHA384,
	NCR_ALG_SHA512, NCR_ALG_MD5, NCR_ALG_SHA3_256,
};

/*
 * Valid public-key encodings made at start (index: enum enc), copied into
 * the scratch area and mutated there for each import or derive.
 */
enum enc { E_EC_SPKI, E_EC_PKCS8, E_EC_RAW, E_EC_POINT, E_X_SPKI,
	   E_X_PKCS8, E_X_PUB, E_ED_SPKI, E_ED_PKCS8, E_DH_PARAMS,
	   E_DH_SPKI, E_DH_PUB, E_N };
static const uint32_t enc_type[E_N] = {
	NCR_KEY_TYPE_EC, NCR_KEY_TYPE_EC, NCR_KEY_TYPE_EC, NCR_KEY_TYPE_EC,
	NCR_KEY_TYPE_X25519, NCR_KEY_TYPE_X25519, NCR_KEY_TYPE_X25519,
	NCR_KEY_TYPE_ED25519, NCR_KEY_TYPE_ED25519, NCR_KEY_TYPE_DH,
	NCR_KEY_TYPE_DH, NCR_KEY_TYPE_DH,
};
static const uint32_t enc_format[E_N] = {
	NCR_KEY_FORMAT_SPKI, NCR_KEY_FORMAT_PKCS8, NCR_KEY_FORMAT_RAW,
	NCR_KEY_FORMAT_RAW_PUBLIC, NCR_KEY_FORMAT_SPKI, NCR_KEY_FORMAT_PKCS8,
	NCR_KEY_FORMAT_RAW_PUBLIC, NCR_KEY_FORMAT_SPKI, NCR_KEY_FORMAT_PKCS8,
	NCR_KEY_FORMAT_PARAMS, NCR_KEY_FORMAT_SPKI, NCR_KEY_FORMAT_RAW_PUBLIC,
};
static uint8_t enc_data[E_N][1200];
static uint32_t enc_len[E_N];
/* public-key objects of a fresh namespace: key, algorithm, operation */
static struct good pk_goods[4];
static unsigned int npk_goods;

/* One of the encodings of type (or any) copied to the scratch area,
 * sometimes mutated the way DER parsers trip: a byte flipped, a length
 * byte changed, truncated, extended.  Returns its address, sets *len. */
static uint8_t *an_encoding(int e, uint32_t *len)
{
	uint8_t *d = scratch + ENC_SLOT;
	uint32_t n;

	if (e < 0)
		e = (int)pick(E_N);
	n = enc_len[e];
	memcpy(d, enc_data[e], n);
	switch (n ? pick(8) : 7) {
	case 0:
		d[pick(n)] ^= (uint8_t)(1 + pick(255));
		break;
	case 1:	/* a length byte: DER lengths follow tags in the first bytes */
		d[1 + pick(n < 12 ? n - 1 : 11)] += (uint8_t)(pick(5) - 2);
		break;
	case 2:
		n -= 1 + pick(n < 8 ? n : 8);
		break;
	case 3:
		memset(d + n, (int)pick(256), 4);
		n += 1 + pick(4);
		break;
	case 4:	/* long-form length where short would do */
		if (n > 2 && n < 1100) {
			memmove(d + 3, d + 2, n - 2);
			d[2] = d[1];
			d[1] = 0x81;
			n++;
		}
		break;
	default:
		break;
	}
	*len = n;
	return d;
}

int pk_template(unsigned long cmd, uint8_t *buf)
{
	static const uint32_t pk_types[] = {
		NCR_KEY_TYPE_EC, NCR_KEY_TYPE_X25519, NCR_KEY_TYPE_ED25519,
		NCR_KEY_TYPE_DH, NCR_KEY_TYPE_DSA, NCR_KEY_TYPE_RSA,
	};
	uint8_t *sp = scratch + pick(SCRATCH_SIZE / 4);
	uint32_t len;

	switch (cmd) {
	case NCRIO_KEY_GENERATE_PAIR: {
		struct ncr_key_generate_pair *g = (void *)buf;
		uint32_t t = pick(4);

		g->flags = pick(32);
		g->usage = t == 0 ? (pick(2) ? NCR_KEY_USAGE_SIGN |
				     NCR_KEY_USAGE_VERIFY :
				     NCR_KEY_USAGE_DERIVE) :
			   t == 2 ? NCR_KEY_USAGE_SIGN : NCR_KEY_USAGE_DERIVE;
		g->public_usage = pick(4) ? 0 : pick(128);
		g->type = pk_types[t];
		g->bits = t == 0 ? 256 + 128 * pick(2) : t == 3 ? 2048 : 0;
		if (t == 3 && pick(2)) {
			memcpy(sp, enc_data[E_DH_PARAMS],
			       enc_len[E_DH_PARAMS]);
			g->params = P(an_encoding(E_DH_PARAMS, &len));
			g->params_size = len;
			g->bits = 0;
		}
		g->label = P(sp + 2048);
		g->label_size = pick(3) ? 0 : a_label_size();
		g->algs = an_algs(g->type);
		g->public_algs = pick(3) ? 0 : an_algs(g->type);
		return 1;
	}
	case NCRIO_KEY_DERIVE: {
		struct ncr_key_derive *d = (void *)buf;
		static const int peers[] = { E_EC_POINT, E_X_PUB, E_DH_PUB };
		static const uint32_t dalgs[] = { NCR_ALG_ECDH, NCR_ALG_X25519,
						  NCR_ALG_DH };
		uint32_t i = pick(3);

		d->flags = pick(32);
		d->algorithm = pick(8) ? dalgs[i] : dalgs[pick(3)];
		d->key = a_handle();
		d->peer = P(an_encoding(peers[i], &len));
		d->peer_size = len;
		d->type = pick(4) ? NCR_KEY_TYPE_HMAC : NCR_KEY_TYPE_AES;
		d->usage = pick(8) ? NCR_KEY_USAGE_SIGN : a_usage();
		d->label = P(sp + 2048);
		d->label_size = pick(3) ? 0 : a_label_size();
		d->algs = an_algs(d->type);
		return 1;
	}
	case NCRIO_KEY_IMPORT: {
		struct ncr_key_import *im = (void *)buf;
		int e = (int)pick(E_N);

		im->flags = pick(32);
		im->usage = pick(4) ? (pick(2) ? NCR_KEY_USAGE_VERIFY :
				       NCR_KEY_USAGE_SIGN) : a_usage();
		im->type = pick(8) ? enc_type[e] : pk_types[pick(6)];
		im->format = pick(8) ? enc_format[e] : pick(8);
		im->bits = im->type == NCR_KEY_TYPE_EC &&
			   (im->format == NCR_KEY_FORMAT_RAW ||
			    im->format == NCR_KEY_FORMAT_RAW_PUBLIC) ? 256 :
			   pick(8) ? 0 : 384;
		im->data = P(an_encoding(e, &len));
		im->data_size = len;
		im->label = P(sp + 64);
		im->label_size = a_label_size();
		im->algs = an_algs(im->type);
		return 1;
	}
	case NCRIO_KEY_EXPORT: {
		struct ncr_key_export *ex = (void *)buf;

		ex->key = a_handle();
		ex->data = P(sp);
		ex->data_size = pick(4) ? 1200 : pick(200);
		ex->format = pick(8);
		return 1;
	}
	case NCRIO_SESSION_INIT:
	case NCRIO_SESSION_ONCE: {
		struct ncr_session_init *si = (void *)buf;
		struct ncr_session_once *o = (void *)buf;
		uint32_t alg = pk_algs[pick(6)], op = an_op();
		const struct good *pg = npk_goods && pick(2) ?
					&pk_goods[pick(npk_goods)] : NULL;
		uint32_t hash = alg == NCR_ALG_ED25519 && pick(4) ? 0 :
				pk_hashes[1 + pick(5)];
		uint32_t mgf1 = pick(2) ? 0 : pk_hashes[pick(8)];
		uint32_t salt = pick(4) ? 0 : pick(3) ? 32 : 0xffffffffu;
		uint32_t flags = pick(2) ? 0 : pick(4) ? pick(4) : (uint32_t)rnd();
		uint64_t label = P(sp + 1024);
		uint32_t label_size = pick(2) ? 0 : pick(40);

		if (pg) {	/* a key of the algorithm, its operation */
			alg = pg->alg;
			op = pg->iv;
		}
		if (cmd == NCRIO_SESSION_INIT) {
			si->algorithm = alg;
			si->op = op;
			si->key = pg ? pg->key : a_handle();
			si->hash = hash;
			si->mgf1_hash = mgf1;
			si->salt_size = salt;
			si->pk_flags = flags;
			si->label = label;
			si->label_size = label_size;
		} else {
			o->algorithm = alg;
			o->op = op;
			o->key = pg ? pg->key : a_handle();
			o->hash = hash;
			o->mgf1_hash = mgf1;
			o->salt_size = salt;
			o->pk_flags = flags;
			o->label = label;
			o->label_size = label_size;
			o->input = P(sp + 256);
			o->input_size = pick(2) ? 32 : a_length();
			o->output = P(scratch + SCRATCH_SIZE / 4 * 2 + 8192);
			o->output_size = pick(4) ? 1024 : pick(300);
			o->tag = P(sp + 128);
			o->tag_size = pick(4) ? 512 : pick(100);
		}
		return 1;
	}
	}
	return 0;
}

/* RSA and DSA generation without parameters take seconds to minutes
 * under TCG: a mutated request for them gets an impossible size. */
void keep_generation_short(uint8_t *arg)
{
	struct ncr_key_generate_pair *g = (void *)arg;

	if ((g->type == NCR_KEY_TYPE_RSA || g->type == NCR_KEY_TYPE_DSA) &&
	    (!g->params_size || g->type == NCR_KEY_TYPE_RSA))
		g->bits |= 1;
}

/*
 * An ECDSA and an Ed25519 pair, so that public-key sessions reach their
 * data paths (the third field of pk_goods is the operation).
 */
void make_pk_keys(int fd)
{
	static const struct { uint32_t type, bits, alg; } pairs[] = {
		{ NCR_KEY_TYPE_EC, 256, NCR_ALG_ECDSA },
		{ NCR_KEY_TYPE_ED25519, 0, NCR_ALG_ED25519 },
	};

	npk_goods = 0;
	for (unsigned int i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		struct ncr_key_generate_pair g = {
			.size = sizeof(g), .type = pairs[i].type,
			.bits = pairs[i].bits, .usage = NCR_KEY_USAGE_SIGN,
			.public_usage = NCR_KEY_USAGE_VERIFY,
		};

		if (ioctl(fd, NCRIO_KEY_GENERATE_PAIR, &g))
			continue;
		remember(g.private_key);
		remember(g.public_key);
		pk_goods[npk_goods++] = (struct good){ g.private_key,
						       pairs[i].alg,
						       NCR_OP_SIGN };
		pk_goods[npk_goods++] = (struct good){ g.public_key,
						       pairs[i].alg,
						       NCR_OP_VERIFY };
	}
}

/* The valid encodings the templates start from (missing ones: empty). */
void make_encodings(int fd)
{
	static const struct {
		uint32_t type, bits;
		int first;	/* enc of its first export */
	} pairs[] = {
		{ NCR_KEY_TYPE_EC, 256, E_EC_SPKI },
		{ NCR_KEY_TYPE_X25519, 0, E_X_SPKI },
		{ NCR_KEY_TYPE_ED25519, 0, E_ED_SPKI },
		{ NCR_KEY_TYPE_DH, 2048, E_DH_PARAMS },
	};
	int n = 0;

	for (unsigned int i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		struct ncr_key_generate_pair g = {
			.size = sizeof(g), .type = pairs[i].type,
			.bits = pairs[i].bits, .flags = NCR_KEY_FLAG_EXPORTABLE,
			.usage = pairs[i].type == NCR_KEY_TYPE_ED25519 ?
				 NCR_KEY_USAGE_SIGN : NCR_KEY_USAGE_DERIVE,
		};
		struct ncr_key_deinit d = { .size = sizeof(d) };

		if (ioctl(fd, NCRIO_KEY_GENERATE_PAIR, &g))
			continue;
		for (int e = pairs[i].first; e < E_N &&
		     enc_type[e] == pairs[i].type; e++) {
			struct ncr_key_export ex = {
				.size = sizeof(ex), .key = g.private_key,
				.data = P(enc_data[e]),
				.data_size = sizeof(enc_data[e]),
				.format = enc_format[e],
			};

			if (!ioctl(fd, NCRIO_KEY_EXPORT, &ex)) {
				enc_len[e] = ex.data_size;
				n++;
			}
		}
		d.key = g.private_key;
		ioctl(fd, NCRIO_KEY_DEINIT, &d);
		d.key = g.public_key;
		ioctl(fd, NCRIO_KEY_DEINIT, &d);
	}
	printf("# %d public-key encodings for the templates\n", n);
}
