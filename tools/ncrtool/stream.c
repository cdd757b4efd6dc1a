// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tools/ncrtool/stream.c - part of build/bin/ncrtool (see main.c): the
 * AEAD file format version 2 of encrypt/decrypt (aes-gcm, aes-ccm,
 * chacha20-poly1305): the plaintext cut into 64 KiB segments, each sealed
 * on its own with a nonce made of a per-file random prefix, the segment
 * number and a last-segment flag, so that both ends run in constant
 * memory and truncation, reordering and splicing are detected.  The
 * layout and the security argument are in docs/stream-format.md; cipher.c
 * parses the options and reads the first bytes of the header.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ncrtool.h"

#define SEG_LOG2	16			/* 64 KiB segments */
#define SEG_SIZE	((size_t)1 << SEG_LOG2)
#define SEG_TAG		16			/* tag after each segment */
#define SEG_REC		(SEG_SIZE + SEG_TAG)	/* a whole segment record */
#define NONCE_LEN	12			/* prefix, counter, flag */
#define AAD_HASH	32			/* SHA-256 of the --aad file */
#define SEG_AAD		(STREAM_HDR_LEN + AAD_HASH)

/* SHA-256 of the empty string: the --aad hash when there is none. */
static const uint8_t sha256_empty[AAD_HASH] = {
	0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14,
	0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
	0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c,
	0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
};

/* What every segment is sealed with besides its own bytes. */
struct stream {
	int ctx;
	uint32_t key, alg;
	const char *in_name;
	uint8_t aad[SEG_AAD];	/* the header, then SHA-256 of --aad */
	uint8_t nonce[NONCE_LEN];
};

/*
 * The --aad file goes into every segment by its SHA-256 (computed by the
 * kernel, as a digest session over the file): a file of any length costs
 * 32 bytes a segment.  No --aad and an empty file are the same, as in
 * format 1.
 */
static void aad_hash(struct stream *s, const char *path)
{
	uint8_t *h = s->aad + STREAM_HDR_LEN;
	size_t len = AAD_HASH;
	uint32_t ses;
	int ret;

	if (!path) {
		memcpy(h, sha256_empty, AAD_HASH);
		return;
	}
	ret = ncr_session_init(s->ctx, NCR_ALG_SHA256, NCR_OP_SIGN, 0, NULL,
			       0, AAD_HASH, 0, &ses);
	if (ret)
		die_ncr(ret, "associated data (SHA-256)");
	feed_file(s->ctx, ses, path, 0);
	ret = ncr_session_final(s->ctx, ses, NULL, 0, NULL, NULL, h, &len);
	if (ret)
		die_ncr(ret, "associated data (SHA-256)");
	if (len != AAD_HASH)
		die(EXIT_NCR, "kernel returned a %zu-byte SHA-256", len);
}

/* Nonce of segment i: prefix || i (32 bits, big-endian) || last flag. */
static const uint8_t *seg_nonce(struct stream *s, uint32_t i, int last)
{
	memcpy(s->nonce, s->aad + STREAM_HDR_PREFIX, STREAM_PREFIX_LEN);
	s->nonce[7] = (uint8_t)(i >> 24);
	s->nonce[8] = (uint8_t)(i >> 16);
	s->nonce[9] = (uint8_t)(i >> 8);
	s->nonce[10] = (uint8_t)i;
	s->nonce[11] = last ? 1 : 0;
	return s->nonce;
}

void stream_encrypt(int ctx, uint32_t key, uint32_t alg,
		    const uint8_t *prefix, struct opts *o)
{
	struct stream s = { .ctx = ctx, .key = key, .alg = alg };
	uint8_t *hdr = s.aad, *buf, *obuf;
	struct progress prog;
	struct output out;
	size_t have = 0, len;
	uint32_t i = 0;
	int fd, last, ret;

	memcpy(hdr, STREAM_MAGIC, 4);
	hdr[4] = STREAM_VERSION;
	hdr[5] = (uint8_t)alg;
	hdr[6] = STREAM_PREFIX_LEN;
	hdr[7] = SEG_LOG2;
	hdr[8] = SEG_TAG;
	memcpy(hdr + STREAM_HDR_PREFIX, prefix, STREAM_PREFIX_LEN);
	aad_hash(&s, o->aad);

	s.in_name = in_name(o->in);
	fd = open_in(o->in);
	buf = xmalloc(SEG_SIZE + 1);
	obuf = xmalloc(SEG_REC);
	progress_start(&prog, "encrypt", fd_size(fd));
	out_open(&out, o->out);
	out_write(&out, hdr, STREAM_HDR_LEN);
	/*
	 * One byte is read past each full segment: a segment is the last
	 * when the input ends within it (or it is the only, empty one), so
	 * the flag is known before sealing, also on a pipe.
	 */
	for (;;) {
		have += read_full(fd, buf + have, SEG_SIZE + 1 - have,
				  s.in_name);
		last = have <= SEG_SIZE;
		len = last ? have : SEG_SIZE;
		if (!last && i == UINT32_MAX)
			die(EXIT_USAGE, "%s: too large for one encrypted file "
			    "(more than 2^32 segments of 64 KiB)", s.in_name);
		ret = ncr_aead_encrypt(ctx, alg, key, seg_nonce(&s, i, last),
				       NONCE_LEN, s.aad, SEG_AAD, buf, len,
				       obuf, obuf + len, SEG_TAG);
		if (ret)
			die_ncr(ret, NULL);
		out_write(&out, obuf, len + SEG_TAG);
		progress_add(&prog, len);
		if (last)
			break;
		buf[0] = buf[SEG_SIZE];
		have = 1;
		i++;
	}
	close_in(fd);
	explicit_bzero(buf, SEG_SIZE + 1);
	free(buf);
	free(obuf);
	out_commit(&out);
	progress_end(&prog);
}

/* A segment that does not verify: say what that can mean, and whether
 * standard output already has verified segments before it. */
static void __attribute__((noreturn))
seg_fail(const struct stream *s, const struct output *out, uint32_t i,
	 int last, uint64_t written)
{
	const char *what;

	if (i == 0 && last)
		what = "wrong key or --aad, or the file was altered";
	else if (i == 0)
		what = "wrong key or --aad, or the header or first segment "
		       "was altered";
	else if (last)
		what = "the file was truncated or altered (this is where it "
		       "ends, and that is not the last segment written)";
	else
		what = "the file was altered, or its segments reordered or "
		       "taken from another file";
	if (!out->final_path && written)
		die_verify("%s: segment %u does not verify: %s; the %llu "
			   "bytes already written to %s are authentic but "
			   "INCOMPLETE", s->in_name, i, what,
			   (unsigned long long)written, out->name);
	die_verify("%s: segment %u does not verify: %s; nothing written",
		   s->in_name, i, what);
}

/*
 * hdr holds the first STREAM_HDR_FIXED bytes, read and checked by the
 * caller (magic, version 2, the algorithm); the rest is read from fd.
 */
void stream_decrypt(int ctx, uint32_t key, uint32_t alg, int fd,
		    const uint8_t *hdr_start, struct opts *o)
{
	struct stream s = { .ctx = ctx, .key = key, .alg = alg };
	uint8_t *hdr = s.aad, *buf, *pt;
	uint64_t written = 0;
	struct progress prog;
	struct output out;
	size_t have = 0, clen, plen;
	uint32_t i = 0;
	int last, ret;

	s.in_name = in_name(o->in);
	memcpy(hdr, hdr_start, STREAM_HDR_FIXED);
	if (read_full(fd, hdr + STREAM_HDR_FIXED,
		      STREAM_HDR_LEN - STREAM_HDR_FIXED, s.in_name) <
	    STREAM_HDR_LEN - STREAM_HDR_FIXED)
		die_verify("%s: truncated (shorter than the %d-byte header)",
			   s.in_name, STREAM_HDR_LEN);
	/* ncrtool writes only these; anything else is not its file (or an
	 * altered one: the header is authenticated anyway). */
	if (hdr[6] != STREAM_PREFIX_LEN || hdr[8] != SEG_TAG)
		die_verify("%s: corrupt file header", s.in_name);
	if (hdr[7] != SEG_LOG2)
		die_verify("%s: corrupt file header (segments of 2^%u bytes; "
			   "ncrtool writes and reads 2^%u)", s.in_name, hdr[7],
			   SEG_LOG2);
	aad_hash(&s, o->aad);

	buf = xmalloc(SEG_REC + 1);
	pt = xmalloc(SEG_SIZE);
	progress_start(&prog, "decrypt", fd_size(fd));
	progress_add(&prog, STREAM_HDR_LEN);
	/* A file is staged and renamed by out_commit; standard output gets
	 * each segment once it has verified. */
	out_open(&out, o->out);
	for (;;) {
		have += read_full(fd, buf + have, SEG_REC + 1 - have,
				  s.in_name);
		last = have <= SEG_REC;
		clen = last ? have : SEG_REC;
		if (clen < SEG_TAG) {
			if (!out.final_path && written)
				die_verify("%s: truncated within the tag of "
					   "segment %u; the %llu bytes "
					   "already written to %s are "
					   "authentic but INCOMPLETE",
					   s.in_name, i,
					   (unsigned long long)written,
					   out.name);
			die_verify("%s: truncated within the tag of segment "
				   "%u; nothing written", s.in_name, i);
		}
		plen = clen - SEG_TAG;
		/* Only an empty file has an empty (last) segment: one after
		 * full segments is not what encrypt writes. */
		if (last && !plen && i)
			seg_fail(&s, &out, i, last, written);
		ret = ncr_aead_decrypt(ctx, alg, key, seg_nonce(&s, i, last),
				       NONCE_LEN, s.aad, SEG_AAD, buf, plen,
				       pt, buf + plen, SEG_TAG);
		if (ret == -EBADMSG) {
			explicit_bzero(pt, SEG_SIZE);
			seg_fail(&s, &out, i, last, written);
		}
		if (ret)
			die_ncr(ret, NULL);
		out_write(&out, pt, plen);
		written += plen;
		progress_add(&prog, clen);
		if (last)
			break;
		if (i == UINT32_MAX)
			die_verify("%s: more than 2^32 segments: not a file "
				   "encrypt writes", s.in_name);
		buf[0] = buf[SEG_REC];
		have = 1;
		i++;
	}
	close_in(fd);
	explicit_bzero(pt, SEG_SIZE);
	free(pt);
	free(buf);
	out_commit(&out);
	progress_end(&prog);
}
