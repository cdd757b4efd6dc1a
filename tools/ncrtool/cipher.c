// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tools/ncrtool/cipher.c - part of build/bin/ncrtool (see main.c):
 * encrypt and decrypt with the symmetric algorithms: AEAD files (format
 * version 2, segmented, is in stream.c; version 1 files, one tag over the
 * whole message, still decrypt here), CBC with PKCS#7 padding, and
 * CTR/ChaCha20 streams (rsa-oaep and rsa-pkcs1 are handed to pk.c).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ncrtool.h"

#define TAG_LEN		16	/* AEAD tag in encrypted files */

/* AEAD file header of format version 1 (docs/stream-format.md): magic
 * "NCRE" 4, version 1, alg 1, nonce length 1, the nonce; format 2 shares
 * the first HDR_FIXED bytes. */
#define FILE_VERSION_1	1
#define HDR_FIXED	STREAM_HDR_FIXED
#define HDR_MAX_IV	16

enum mode_kind { MODE_AEAD, MODE_CBC, MODE_STREAM };

struct mode {
	uint32_t alg;
	enum mode_kind kind;
	uint32_t bits;		/* from "aes-256-gcm", 0 if not given */
	size_t iv_len;		/* IV generated for encryption */
	size_t block;		/* CBC block size */
	struct ncr_alg_props props;
};

static void parse_mode(const char *name, struct mode *m)
{
	char base[64];
	const char *p;
	int alg;

	need(name, "--alg");
	memset(m, 0, sizeof(*m));
	/* "aes-256-gcm" is "aes-gcm" with a key size to check. */
	if (!strncasecmp(name, "aes-", 4) && isdigit((unsigned char)name[4])) {
		char *end;
		unsigned long b = strtoul(name + 4, &end, 10);

		if (*end != '-' || (b != 128 && b != 192 && b != 256))
			die_usage("--alg: bad AES key size in '%s' (128, 192 "
				  "or 256)", name);
		m->bits = (uint32_t)b;
		p = end + 1;
		if (snprintf(base, sizeof(base), "aes-%s", p) >=
		    (int)sizeof(base))
			die_usage("--alg: unknown algorithm '%s'", name);
	} else {
		if (snprintf(base, sizeof(base), "%s", name) >=
		    (int)sizeof(base))
			die_usage("--alg: unknown algorithm '%s'", name);
	}
	alg = ncr_alg_from_name(base);
	switch (alg) {
	case NCR_ALG_AES_GCM:
	case NCR_ALG_CHACHA20_POLY1305:
	case NCR_ALG_AES_CCM:
		/* What encrypt generates is the nonce prefix of format 2
		 * (stream.c); every segment's nonce is 12 bytes (aes-ccm:
		 * L = 3, segments of 64 KiB fit). */
		m->kind = MODE_AEAD;
		m->iv_len = STREAM_PREFIX_LEN;
		break;
	case NCR_ALG_AES_CBC:
	case NCR_ALG_DES3_CBC:
		m->kind = MODE_CBC;
		break;
	case NCR_ALG_AES_CTR:
	case NCR_ALG_CHACHA20:
		m->kind = MODE_STREAM;
		break;
	default:
		die_usage("--alg: '%s' is not an encryption algorithm ncrtool "
			  "supports (aes-gcm, aes-ccm, chacha20-poly1305, "
			  "aes-cbc, des3-cbc, aes-ctr, chacha20, or "
			  "aes-128-/aes-192-/aes-256-<mode>)", name);
	}
	m->alg = (uint32_t)alg;
	ncr_alg_props(m->alg, &m->props);
	if (m->kind != MODE_AEAD)
		m->iv_len = m->props.iv_size;
	m->block = m->kind == MODE_CBC ? m->props.block_size : 1;
}

/* The nonce of a format 1 file (aes-ccm: 7 to 13 bytes, 11 written). */
static int v1_nonce_len_ok(const struct mode *m, size_t len)
{
	if (m->alg == NCR_ALG_AES_CCM)
		return len >= 7 && len <= 13;
	return len == 12;
}

/* --iv: for the AEAD modes the 7-byte nonce prefix of format 2. */
static int iv_len_ok(const struct mode *m, size_t len)
{
	if (m->kind == MODE_AEAD)
		return len == STREAM_PREFIX_LEN;
	return len == m->props.iv_size;
}

/* The IV at the start of the input of CBC, CTR and ChaCha20 decryption. */
static void read_iv(int fd, uint8_t *iv, size_t len, const char *name)
{
	if (read_full(fd, iv, len, name) < len)
		die_verify("%s: truncated (shorter than the %zu-byte IV)",
			   name, len);
}

/*
 * Format version 1: one AEAD message with the header as associated data.
 * The kernel holds the whole message (its max_buffered_bytes limit
 * applies) and so does this: old files decrypt as they always did.
 */
static void aead_decrypt_v1(int ctx, uint32_t key, const struct mode *m,
			    int fd, uint8_t *hdr, struct opts *o)
{
	uint8_t *buf, *pt;
	size_t iv_len, held = 0, total = 0, n, pt_len, tag_len = TAG_LEN;
	const char *name = in_name(o->in);
	struct output out;
	uint32_t ses;
	int ret;

	iv_len = hdr[6];
	if (!v1_nonce_len_ok(m, iv_len) ||
	    read_full(fd, hdr + HDR_FIXED, iv_len, name) < iv_len)
		die_verify("%s: corrupt file header", name);

	ret = ncr_session_init(ctx, m->alg, NCR_OP_DECRYPT, key,
			       hdr + HDR_FIXED, iv_len, TAG_LEN, 0, &ses);
	if (ret)
		die_ncr(ret, NULL);
	ret = ncr_session_aad(ctx, ses, hdr, HDR_FIXED + iv_len);
	if (ret)
		die_ncr(ret, "associated data");
	if (o->aad)
		feed_file(ctx, ses, o->aad, 1);

	/* Feed everything except the last TAG_LEN bytes, the tag. */
	buf = xmalloc(TAG_LEN + CHUNK);
	while ((n = read_full(fd, buf + held, CHUNK, name)) > 0) {
		size_t avail = held + n;

		if (avail <= TAG_LEN) {
			held = avail;
			continue;
		}
		ret = ncr_session_update(ctx, ses, buf, avail - TAG_LEN,
					 NULL, NULL);
		if (ret)
			die_ncr(ret, NULL);
		total += avail - TAG_LEN;
		memmove(buf, buf + avail - TAG_LEN, TAG_LEN);
		held = TAG_LEN;
	}
	close_in(fd);
	if (held < TAG_LEN) {
		ncr_session_free(ctx, ses);
		die_verify("%s: truncated (no room for the %d-byte tag)",
			   name, TAG_LEN);
	}

	/* The plaintext exists only once the kernel has checked the tag;
	 * the output is not even opened before. */
	pt = xmalloc(total);
	pt_len = total;
	ret = ncr_session_final(ctx, ses, NULL, 0, pt, &pt_len, buf, &tag_len);
	free(buf);
	if (ret == -EBADMSG)
		die_verify("%s", ncr_strerror(ret));
	if (ret)
		die_ncr(ret, NULL);
	if (pt_len != total)
		die(EXIT_NCR, "kernel returned %zu bytes for %zu bytes of "
		    "input", pt_len, total);
	out_open(&out, o->out);
	out_write(&out, pt, pt_len);
	explicit_bzero(pt, pt_len);
	free(pt);
	out_commit(&out);
}

/* An AEAD file: the header says which format. */
static void aead_decrypt(int ctx, uint32_t key, const struct mode *m,
			 const char *alg_name, struct opts *o)
{
	uint8_t hdr[HDR_FIXED + HDR_MAX_IV];
	const char *name = in_name(o->in);
	int fd;

	if (o->iv)
		die_usage("--iv: the nonce of an %s file is in its header",
			  alg_name);
	fd = open_in(o->in);
	if (read_full(fd, hdr, HDR_FIXED, name) < HDR_FIXED ||
	    memcmp(hdr, STREAM_MAGIC, 4))
		die_verify("%s: not an ncrtool encrypted file", name);
	if (hdr[4] != FILE_VERSION_1 && hdr[4] != STREAM_VERSION)
		die_verify("%s: unsupported file format version %u", name,
			   hdr[4]);
	if (hdr[5] != m->alg) {
		const char *was = ncr_alg_name(hdr[5]);

		die_usage("%s was encrypted with %s, not %s", name,
			  was ? was : "an unknown algorithm", alg_name);
	}
	if (hdr[4] == FILE_VERSION_1)
		aead_decrypt_v1(ctx, key, m, fd, hdr, o);
	else
		stream_decrypt(ctx, key, m->alg, fd, hdr, o);
}

static void cbc_encrypt(int ctx, uint32_t key, const struct mode *m,
			const uint8_t *iv, int write_iv, struct opts *o)
{
	size_t bs = m->block, n, olen, total = 0, pad;
	uint8_t *buf, *obuf, padding[16];
	struct progress prog;
	struct output out;
	uint32_t ses;
	int fd, ret;

	ret = ncr_session_init(ctx, m->alg, NCR_OP_ENCRYPT, key, iv, bs, 0, 0,
			       &ses);
	if (ret)
		die_ncr(ret, NULL);
	fd = open_in(o->in);
	progress_start(&prog, "encrypt", fd_size(fd));
	out_open(&out, o->out);
	if (write_iv)
		out_write(&out, iv, bs);
	buf = xmalloc(CHUNK);
	obuf = xmalloc(CHUNK + 2 * bs);
	while ((n = read_full(fd, buf, CHUNK, in_name(o->in))) > 0) {
		olen = CHUNK + bs;
		ret = ncr_session_update(ctx, ses, buf, n, obuf, &olen);
		if (ret)
			die_ncr(ret, NULL);
		out_write(&out, obuf, olen);
		total += n;
		progress_add(&prog, n);
	}
	close_in(fd);
	/* The kernel holds total % bs bytes; PKCS#7 completes the block
	 * (a whole block of padding if nothing is held). */
	pad = bs - total % bs;
	memset(padding, (int)pad, pad);
	olen = 2 * bs;
	ret = ncr_session_final(ctx, ses, padding, pad, obuf, &olen, NULL,
				NULL);
	if (ret)
		die_ncr(ret, NULL);
	out_write(&out, obuf, olen);
	explicit_bzero(buf, CHUNK);
	free(buf);
	free(obuf);
	out_commit(&out);
	progress_end(&prog);
}

/*
 * Streaming CBC decryption: the last plaintext block is held back until
 * the padding is checked.  Output to a file goes to a temporary file that
 * is deleted on bad padding; on standard output, all blocks but the last
 * have been written by then.
 */
static void cbc_decrypt(int ctx, uint32_t key, const struct mode *m,
			const uint8_t *iv_opt, struct opts *o)
{
	size_t bs = m->block, n, olen, total = 0, plen = 0, padlen, avail;
	const char *name = in_name(o->in);
	uint8_t iv[16], *buf, *obuf;
	struct progress prog;
	struct output out;
	uint32_t ses;
	int fd, ret;

	fd = open_in(o->in);
	progress_start(&prog, "decrypt", fd_size(fd));
	if (iv_opt)
		memcpy(iv, iv_opt, bs);
	else
		read_iv(fd, iv, bs, name);
	ret = ncr_session_init(ctx, m->alg, NCR_OP_DECRYPT, key, iv, bs, 0, 0,
			       &ses);
	if (ret)
		die_ncr(ret, NULL);
	out_open(&out, o->out);
	buf = xmalloc(CHUNK);
	obuf = xmalloc(CHUNK + 3 * bs);
	for (;;) {
		n = read_full(fd, buf, CHUNK, name);
		olen = CHUNK + 2 * bs;
		if (n == 0) {
			if (total == 0 || total % bs) {
				ncr_session_free(ctx, ses);
				die_verify("%s: truncated, or not %s: the "
					   "ciphertext is not a whole number "
					   "of %zu-byte blocks", name,
					   ncr_alg_name(m->alg), bs);
			}
			ret = ncr_session_final(ctx, ses, NULL, 0, obuf + plen,
						&olen, NULL, NULL);
		} else {
			ret = ncr_session_update(ctx, ses, buf, n, obuf + plen,
						 &olen);
		}
		if (ret)
			die_ncr(ret, NULL);
		total += n;
		progress_add(&prog, n);
		avail = plen + olen;
		if (avail > bs) {
			out_write(&out, obuf, avail - bs);
			memmove(obuf, obuf + avail - bs, bs);
			plen = bs;
		} else {
			plen = avail;
		}
		if (n == 0)
			break;
	}
	close_in(fd);
	if (plen != bs)
		die(EXIT_NCR, "kernel returned a partial last block");
	if (ncr_pkcs7_unpad_len(obuf, bs, &padlen)) {
		explicit_bzero(obuf, bs);
		die_verify("bad padding: wrong key, or corrupt or truncated "
			   "data");
	}
	out_write(&out, obuf, bs - padlen);
	explicit_bzero(buf, CHUNK);
	explicit_bzero(obuf, CHUNK + 3 * bs);
	free(buf);
	free(obuf);
	out_commit(&out);
	progress_end(&prog);
}

/* CTR and ChaCha20: the same stream both ways. */
static void stream_crypt(int ctx, uint32_t key, const struct mode *m,
			 uint32_t op, const uint8_t *iv_in, int iv_in_file,
			 struct opts *o)
{
	const char *name = in_name(o->in);
	size_t iv_len = m->iv_len, n, olen;
	uint8_t iv[16], *buf, *obuf;
	struct progress prog;
	struct output out;
	uint32_t ses;
	int fd, ret;

	fd = open_in(o->in);
	progress_start(&prog, op == NCR_OP_ENCRYPT ? "encrypt" : "decrypt",
		       fd_size(fd));
	if (op == NCR_OP_DECRYPT && iv_in_file)
		read_iv(fd, iv, iv_len, name);
	else
		memcpy(iv, iv_in, iv_len);
	ret = ncr_session_init(ctx, m->alg, op, key, iv, iv_len, 0, 0, &ses);
	if (ret)
		die_ncr(ret, NULL);
	out_open(&out, o->out);
	if (op == NCR_OP_ENCRYPT && iv_in_file)
		out_write(&out, iv, iv_len);
	buf = xmalloc(CHUNK);
	obuf = xmalloc(CHUNK + 64);
	while ((n = read_full(fd, buf, CHUNK, name)) > 0) {
		olen = CHUNK + 64;
		ret = ncr_session_update(ctx, ses, buf, n, obuf, &olen);
		if (ret)
			die_ncr(ret, NULL);
		out_write(&out, obuf, olen);
		progress_add(&prog, n);
	}
	close_in(fd);
	olen = CHUNK + 64;
	ret = ncr_session_final(ctx, ses, NULL, 0, obuf, &olen, NULL, NULL);
	if (ret)
		die_ncr(ret, NULL);
	out_write(&out, obuf, olen);
	explicit_bzero(buf, CHUNK);
	explicit_bzero(obuf, CHUNK + 64);
	free(buf);
	free(obuf);
	out_commit(&out);
	progress_end(&prog);
}

static int crypt_common(struct opts *o, uint32_t op)
{
	uint8_t iv[HDR_MAX_IV];
	size_t iv_len;
	struct mode m;
	uint32_t key;
	int ctx, have_iv = 0;

	if (o->alg && !strcmp(o->alg, "rsa-oaep"))
		return pk_crypt_cmd(o, NCR_ALG_RSA_OAEP, op);
	if (o->alg && !strcmp(o->alg, "rsa-pkcs1"))
		return pk_crypt_cmd(o, NCR_ALG_RSA_PKCS1, op);
	if (o->hash || o->mgf1 || o->label)
		die_usage("--hash/--mgf1/--label apply to rsa-oaep");
	parse_mode(o->alg, &m);
	need(o->key, "--key");
	if (o->aad && m.kind != MODE_AEAD)
		die_usage("--aad: %s is not an AEAD algorithm", o->alg);
	if (o->aad && is_stdio(o->aad) && is_stdio(o->in))
		die_usage("--aad -: standard input is the input already; "
			  "give the input or the associated data as a file");
	iv_len = m.iv_len;
	if (o->iv) {
		iv_len = parse_hex(o->iv, iv, sizeof(iv), "--iv");
		if (!iv_len_ok(&m, iv_len))
			die_usage("--iv: wrong IV length for %s (%zu bytes)",
				  o->alg, iv_len);
		have_iv = 1;
	} else if (op == NCR_OP_ENCRYPT) {
		random_bytes(iv, iv_len);
		/* ChaCha20 IV: 32-bit block counter, then the nonce.  Start
		 * the counter at 0 so it cannot wrap within a message. */
		if (m.alg == NCR_ALG_CHACHA20)
			memset(iv, 0, 4);
	}

	key = open_keyfile(o->key, 0, 0, NULL, &ctx);
	check_key(ctx, key, o->key, m.alg,
		  op == NCR_OP_ENCRYPT ? NCR_KEY_USAGE_ENCRYPT :
		  NCR_KEY_USAGE_DECRYPT, m.bits, o->alg);

	switch (m.kind) {
	case MODE_AEAD:
		if (op == NCR_OP_ENCRYPT)
			stream_encrypt(ctx, key, m.alg, iv, o);
		else
			aead_decrypt(ctx, key, &m, o->alg, o);
		break;
	case MODE_CBC:
		if (op == NCR_OP_ENCRYPT)
			cbc_encrypt(ctx, key, &m, iv, !have_iv, o);
		else
			cbc_decrypt(ctx, key, &m, have_iv ? iv : NULL, o);
		break;
	case MODE_STREAM:
		stream_crypt(ctx, key, &m, op, iv, !have_iv, o);
		break;
	}
	ncr_close(ctx);
	return 0;
}

int cmd_encrypt(struct opts *o)
{
	return crypt_common(o, NCR_OP_ENCRYPT);
}

int cmd_decrypt(struct opts *o)
{
	return crypt_common(o, NCR_OP_DECRYPT);
}
