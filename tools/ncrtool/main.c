// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ncrtool - command-line front end to /dev/crypto (ncr).
 *
 * Keys never leave the kernel in clear (unless made exportable): a key is
 * kept on disk as a storage blob, encrypted and authenticated by the kernel
 * under the system master key, and every command that takes --key FILE
 * unwraps that blob into the fresh namespace of its own open of the device.
 *
 * Exit status: 0 ok, 1 verification failed, 2 usage, 3 ncr/kernel error,
 * 4 file I/O error.  Every error is one line on stderr:
 *   ncrtool: <command>: <cause>
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libncr.h"

#define NCRTOOL_VERSION "1.0"

enum {
	EXIT_VERIFY = 1,	/* bad MAC, tag, padding or encrypted file */
	EXIT_USAGE = 2,
	EXIT_NCR = 3,		/* the device or the kernel said no */
	EXIT_IO = 4,		/* reading or writing a file */
};

#define CHUNK		65536	/* bytes per read and per session update */
#define TAG_LEN		16	/* AEAD tag in encrypted files */

/* Encrypted-file header for the AEAD modes (see ncrtool(1)). */
#define FILE_MAGIC	"NCRE"
#define FILE_VERSION	1
#define HDR_FIXED	7	/* magic 4, version 1, alg 1, iv length 1 */
#define HDR_MAX_IV	16

static const char *g_cmd;		/* command named in messages */
static const char *g_device;		/* --device, NULL: libncr default */
static char *g_tmp_path;		/* unfinished output to remove */

/* ------------------------------------------------------------------ */
/* messages and exits                                                 */

static void remove_tmp(void)
{
	if (g_tmp_path) {
		unlink(g_tmp_path);
		free(g_tmp_path);
		g_tmp_path = NULL;
	}
}

static void __attribute__((noreturn, format(printf, 2, 3)))
die(int code, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, g_cmd ? "ncrtool: %s: " : "ncrtool: ", g_cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	remove_tmp();
	exit(code);
}

#define die_usage(...) die(EXIT_USAGE, __VA_ARGS__)
#define die_verify(...) die(EXIT_VERIFY, __VA_ARGS__)

/* A kernel/library error, optionally about a named file. */
static void __attribute__((noreturn))
die_ncr(int err, const char *about)
{
	if (about)
		die(EXIT_NCR, "%s: %s", about, ncr_strerror(err));
	die(EXIT_NCR, "%s", ncr_strerror(err));
}

static void __attribute__((noreturn))
die_io(const char *file, int err)
{
	die(EXIT_IO, "%s: %s", file, strerror(err));
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die(EXIT_IO, "out of memory (%zu bytes)", n);
	return p;
}

/* ------------------------------------------------------------------ */
/* files                                                              */

static int is_stdio(const char *path)
{
	return !path || !strcmp(path, "-");
}

static const char *in_name(const char *path)
{
	return is_stdio(path) ? "standard input" : path;
}

static int open_in(const char *path)
{
	int fd;

	if (is_stdio(path))
		return STDIN_FILENO;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die_io(path, errno);
	return fd;
}

static void close_in(int fd)
{
	if (fd != STDIN_FILENO)
		close(fd);
}

/* Reads until len bytes or end of file; returns the bytes read. */
static size_t read_full(int fd, void *buf, size_t len, const char *name)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, (uint8_t *)buf + got, len - got);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			die_io(name, errno);
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return got;
}

/* Reads a whole small file; dies if it holds more than max bytes. */
static size_t slurp(const char *path, void *buf, size_t max,
		    const char *what)
{
	int fd = open_in(path);
	uint8_t extra;
	size_t n = read_full(fd, buf, max, in_name(path));

	if (n == max && read_full(fd, &extra, 1, in_name(path)) == 1) {
		close_in(fd);
		die(EXIT_USAGE, "%s: too large for %s (more than %zu bytes)",
		    in_name(path), what, max);
	}
	close_in(fd);
	return n;
}

/*
 * Output: standard output, or a regular file written through a temporary
 * file in the same directory that is renamed over the target only when
 * everything succeeded (and removed on any failure).  Non-regular targets
 * (devices, FIFOs) are written directly.  New files get mode 0600.
 */
struct output {
	int fd;
	const char *name;	/* for messages */
	char *final_path;	/* rename target, NULL if written directly */
};

static void out_open(struct output *o, const char *path)
{
	struct stat st;
	char *target;

	o->final_path = NULL;
	if (is_stdio(path)) {
		o->fd = STDOUT_FILENO;
		o->name = "standard output";
		return;
	}
	o->name = path;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		o->fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
		if (o->fd < 0)
			die_io(path, errno);
		return;
	}
	/* Write beside the real file, so that a symlink stays a symlink. */
	target = realpath(path, NULL);
	if (!target) {
		if (errno != ENOENT)
			die_io(path, errno);
		target = strdup(path);
		if (!target)
			die(EXIT_IO, "out of memory");
	}
	if (asprintf(&g_tmp_path, "%s.ncrtool-XXXXXX", target) < 0) {
		g_tmp_path = NULL;
		die(EXIT_IO, "out of memory");
	}
	o->fd = mkostemp(g_tmp_path, O_CLOEXEC);
	if (o->fd < 0) {
		int e = errno;

		free(g_tmp_path);
		g_tmp_path = NULL;
		die_io(path, e);
	}
	o->final_path = target;
}

static void out_write(struct output *o, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = write(o->fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			die_io(o->name, errno);
		}
		p += n;
		len -= (size_t)n;
	}
}

static void out_commit(struct output *o)
{
	if (o->fd == STDOUT_FILENO) {
		if (fflush(stdout))
			die_io(o->name, errno);
		return;
	}
	if (o->final_path && fsync(o->fd) < 0)
		die_io(o->name, errno);
	if (close(o->fd) < 0)
		die_io(o->name, errno);
	if (o->final_path) {
		if (rename(g_tmp_path, o->final_path) < 0)
			die_io(o->name, errno);
		free(g_tmp_path);
		g_tmp_path = NULL;
		free(o->final_path);
		o->final_path = NULL;
	}
}

/* ------------------------------------------------------------------ */
/* small helpers                                                      */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Parses an even-length hex string of at most max bytes. */
static size_t parse_hex(const char *s, uint8_t *out, size_t max,
			const char *what)
{
	size_t len = strlen(s), i;

	if (len % 2)
		die_usage("%s: odd number of hex digits", what);
	if (len / 2 > max)
		die_usage("%s: too long (at most %zu bytes)", what, max);
	for (i = 0; i < len / 2; i++) {
		int hi = hexval((unsigned char)s[2 * i]);
		int lo = hexval((unsigned char)s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			die_usage("%s: not a hex string", what);
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return len / 2;
}

static void print_hex(FILE *f, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		fprintf(f, "%02x", p[i]);
}

static void random_bytes(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t n = getrandom(p, len, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			die(EXIT_IO, "getrandom: %s", strerror(errno));
		}
		p += n;
		len -= (size_t)n;
	}
}

static int open_device(void)
{
	int fd = g_device ? ncr_open_device(g_device) : ncr_open();

	if (fd >= 0)
		return fd;
	if (g_device && fd == -ENODEV)
		die(EXIT_NCR, "%s: device not present: is the ncr module "
		    "loaded?", g_device);
	if (fd == -ENODEV)
		die_ncr(fd, NULL);
	die_ncr(fd, g_device ? g_device : "/dev/crypto");
}

static const struct {
	const char *name;
	uint32_t bit;
} usage_names[] = {
	{ "encrypt", NCR_KEY_USAGE_ENCRYPT },
	{ "decrypt", NCR_KEY_USAGE_DECRYPT },
	{ "sign", NCR_KEY_USAGE_SIGN },
	{ "verify", NCR_KEY_USAGE_VERIFY },
	{ "wrap", NCR_KEY_USAGE_WRAP },
	{ "unwrap", NCR_KEY_USAGE_UNWRAP },
	{ "derive", NCR_KEY_USAGE_DERIVE },
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Parses a comma-separated list of usage names (opt names the option). */
static uint32_t parse_usage(const char *list, const char *opt)
{
	uint32_t usage = 0;
	char *copy = strdup(list), *tok, *save = NULL;
	size_t i;

	if (!copy)
		die(EXIT_IO, "out of memory");
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "all")) {
			usage |= NCR_KEY_USAGE_ALL;
			continue;
		}
		for (i = 0; i < ARRAY_SIZE(usage_names); i++)
			if (!strcmp(tok, usage_names[i].name))
				break;
		if (i == ARRAY_SIZE(usage_names))
			die_usage("%s: unknown usage '%s' (use encrypt, "
				  "decrypt, sign, verify, wrap, unwrap, derive "
				  "or all)", opt, tok);
		usage |= usage_names[i].bit;
	}
	free(copy);
	if (!usage)
		die_usage("%s: empty list", opt);
	return usage;
}

/* NCR_KEY_FLAG_* bit i is flag_names[i]; NCR_KEY_ATTR_* likewise. */
static const char *const flag_names[] = {
	"exportable", "wrappable", "hashable", "storable", "trusted",
};
static const char *const attr_names[] = {
	"local", "always-sensitive", "never-extractable",
};

static uint32_t parse_flags(const char *list, const char *opt)
{
	uint32_t flags = 0;
	char *copy = strdup(list), *tok, *save = NULL;
	size_t i;

	if (!copy)
		die(EXIT_IO, "out of memory");
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < ARRAY_SIZE(flag_names); i++)
			if (!strcmp(tok, flag_names[i]))
				break;
		if (i == ARRAY_SIZE(flag_names))
			die_usage("%s: unknown flag '%s' (use exportable, "
				  "wrappable, hashable, storable or trusted)",
				  opt, tok);
		flags |= 1U << i;
	}
	free(copy);
	if (!flags)
		die_usage("%s: empty list", opt);
	return flags;
}

#define ALG_NAMES_HELP "aes-gcm, aes-ccm, aes-cbc, aes-ctr, aes-ecb, " \
	"aes-xts, cmac-aes, aes-kw, aes-kwp, des3-cbc, chacha20, " \
	"chacha20-poly1305, hmac-sha1, hmac-sha224, hmac-sha256, " \
	"hmac-sha384, hmac-sha512, hmac-sha3-256, hmac-sha3-512, rsa-pkcs1, " \
	"rsa-pss, rsa-oaep, rsa-oaep-wrap, dsa, ecdsa, ed25519, ecdh, " \
	"x25519, dh"

/* A comma-separated list of algorithm names into NCR_KEY_ALG_* bits. */
static uint64_t parse_algs(const char *list, const char *opt)
{
	uint64_t algs;

	if (ncr_keyalgs_parse(list, &algs))
		die_usage("%s: '%s' is not a comma-separated list of "
			  "algorithm names (" ALG_NAMES_HELP ")", opt, list);
	return algs;
}

/* An algorithm set as names ("none" if empty). */
static const char *algs_text(uint64_t algs, char *buf, size_t len)
{
	if (!algs || !ncr_keyalgs_format(algs, buf, len))
		snprintf(buf, len, "none");
	return buf;
}

/* The usage bits a public key may have (ncr.h, NCRIO_KEY_IMPORT). */
#define PUBLIC_USAGES (NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_VERIFY | \
		       NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_DERIVE)

/*
 * The usage that goes with an algorithm set, when --algs is given without
 * --usage: ciphers encrypt and decrypt, MACs and signatures sign and
 * verify, key-wrapping algorithms wrap and unwrap, key agreements derive.
 * (rsa-pkcs1 counts as a signature; give --usage for PKCS#1 encryption.)
 */
static uint32_t algs_usage(uint64_t algs)
{
	const uint64_t crypt = NCR_KEY_ALG_AES_ECB | NCR_KEY_ALG_AES_CBC |
		NCR_KEY_ALG_AES_CTR | NCR_KEY_ALG_AES_XTS |
		NCR_KEY_ALG_DES3_CBC | NCR_KEY_ALG_CHACHA20 |
		NCR_KEY_ALG_AES_GCM | NCR_KEY_ALG_AES_CCM |
		NCR_KEY_ALG_CHACHA20_POLY1305 | NCR_KEY_ALG_RSA_OAEP;
	const uint64_t sign = NCR_KEY_ALG_CMAC_AES | NCR_KEY_ALG_HMAC_ALL |
		NCR_KEY_ALG_RSA_PKCS1 | NCR_KEY_ALG_RSA_PSS | NCR_KEY_ALG_DSA |
		NCR_KEY_ALG_ECDSA | NCR_KEY_ALG_ED25519;
	const uint64_t wrap = NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_KWP |
		NCR_KEY_ALG_RSA_OAEP_WRAP;
	const uint64_t derive = NCR_KEY_ALG_ECDH | NCR_KEY_ALG_X25519 |
		NCR_KEY_ALG_DH;
	uint32_t usage = 0;

	if (algs & crypt)
		usage |= NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT;
	if (algs & sign)
		usage |= NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY;
	if (algs & wrap)
		usage |= NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP;
	if (algs & derive)
		usage |= NCR_KEY_USAGE_DERIVE;
	return usage;
}

/*
 * How many algorithm families (ncr.h, ALGORITHM SETS) a usage of a key of
 * this type spans; the kernel has a default set only for one.  bits: the
 * key length if known (AES keys of 384/512 bits are XTS keys), else 0.
 */
static int usage_families(uint32_t type, uint32_t bits, uint32_t usage)
{
	int crypt = !!(usage & (NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT));
	int sign = !!(usage & (NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY));
	int wrap = !!(usage & (NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP));
	int derive = !!(usage & NCR_KEY_USAGE_DERIVE);

	switch (type) {
	case NCR_KEY_TYPE_AES:
		if (bits == 384 || bits == 512)
			return crypt;
		return crypt + sign + wrap;
	case NCR_KEY_TYPE_RSA:
		return crypt + sign + wrap;
	case NCR_KEY_TYPE_DES3:
	case NCR_KEY_TYPE_CHACHA20:
		return crypt;
	case NCR_KEY_TYPE_HMAC:
		return sign || derive;
	case NCR_KEY_TYPE_EC:
		return sign + derive;
	case NCR_KEY_TYPE_DSA:
	case NCR_KEY_TYPE_ED25519:
		return sign;
	default:	/* X25519, DH */
		return derive;
	}
}

static void print_list(uint32_t mask, const char *const *names, size_t n)
{
	const char *sep = "";
	size_t i;

	for (i = 0; i < n; i++) {
		if (mask & (1U << i)) {
			printf("%s%s", sep, names[i] ? names[i] : "?");
			sep = ",";
		}
	}
	if (!*sep)
		printf("none");
	if (mask >> n)
		printf("%sunknown(0x%x)", sep, mask >> n << n);
	putchar('\n');
}

/* ------------------------------------------------------------------ */
/* public-key encodings: PEM armour, and just enough DER to tell the   */
/* key encodings and key types apart (the kernel parses them for real) */

#define PK_FILE_MAX	(2 * NCR_MAX_PKEY_BYTES)	/* PEM of the largest */

static const struct {
	const char *name;
	uint32_t fmt;
} format_names[] = {
	{ "pkcs8", NCR_KEY_FORMAT_PKCS8 },
	{ "pkcs1", NCR_KEY_FORMAT_PKCS1 },
	{ "spki", NCR_KEY_FORMAT_SPKI },
	{ "raw", NCR_KEY_FORMAT_RAW },
	{ "raw-public", NCR_KEY_FORMAT_RAW_PUBLIC },
	{ "params", NCR_KEY_FORMAT_PARAMS },
};

static uint32_t format_opt(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(format_names); i++)
		if (!strcmp(name, format_names[i].name))
			return format_names[i].fmt;
	die_usage("--format: unknown format '%s' (use pkcs8, pkcs1, spki, "
		  "raw, raw-public or params)", name);
}

static int pk_type(uint32_t type)
{
	return type >= NCR_KEY_TYPE_RSA && type <= NCR_KEY_TYPE_ED25519;
}

/*
 * The usage a public-key key gets when none is asked for.  A private key
 * gets one family, so that the kernel's default algorithm set applies
 * (RSA, EC: sign,verify; decryption, unwrapping and ECDH must be asked
 * for); a public key may have all its type's families at once.
 */
static uint32_t pk_default_usage(uint32_t type, int priv)
{
	switch (type) {
	case NCR_KEY_TYPE_RSA:
		return priv ? NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY :
			      NCR_KEY_USAGE_VERIFY | NCR_KEY_USAGE_ENCRYPT |
			      NCR_KEY_USAGE_WRAP;
	case NCR_KEY_TYPE_EC:
		return priv ? NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY :
			      NCR_KEY_USAGE_VERIFY | NCR_KEY_USAGE_DERIVE;
	case NCR_KEY_TYPE_DSA:
	case NCR_KEY_TYPE_ED25519:
		return (priv ? NCR_KEY_USAGE_SIGN : 0) | NCR_KEY_USAGE_VERIFY;
	default:	/* DH, X25519 */
		return NCR_KEY_USAGE_DERIVE;
	}
}

static int b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Base64 body (whitespace ignored, '=' ends it); -1 if malformed. */
static ssize_t b64_decode(const char *s, size_t n, uint8_t *out, size_t max)
{
	uint32_t acc = 0;
	size_t len = 0, i;
	int bits = 0, pad = 0;

	for (i = 0; i < n; i++) {
		int c = (unsigned char)s[i], v;

		if (isspace(c))
			continue;
		if (c == '=') {
			pad++;
			continue;
		}
		v = b64val(c);
		if (v < 0 || pad)
			return -1;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (len == max)
				return -1;
			out[len++] = (uint8_t)(acc >> bits);
		}
	}
	if (pad > 2 || (acc & ((1U << bits) - 1)))
		return -1;
	return (ssize_t)len;
}

/*
 * If buf holds PEM ("-----BEGIN label-----"), decodes the first block in
 * place and returns 1 with its label; 0 if it is not PEM.  Dies on a
 * malformed or encrypted block.
 */
static int pem_decode(uint8_t *buf, size_t *len, char *label, size_t lsize,
		      const char *name)
{
	const char *b = (const char *)buf, *end = b + *len, *p, *q, *body;
	char endline[96];
	ssize_t n;
	size_t l;

	p = memmem(b, *len, "-----BEGIN ", 11);
	if (!p)
		return 0;
	p += 11;
	q = memmem(p, (size_t)(end - p), "-----", 5);
	if (!q || (size_t)(q - p) >= lsize || memchr(p, '\n', (size_t)(q - p)))
		die_usage("%s: malformed PEM header", name);
	l = (size_t)(q - p);
	memcpy(label, p, l);
	label[l] = 0;
	body = q + 5;
	snprintf(endline, sizeof(endline), "-----END %s-----", label);
	q = memmem(body, (size_t)(end - body), endline, strlen(endline));
	if (!q)
		die_usage("%s: PEM block '%s' has no END line", name, label);
	if (memmem(body, (size_t)(q - body), "Proc-Type:", 10) ||
	    !strcmp(label, "ENCRYPTED PRIVATE KEY"))
		die_usage("%s: an encrypted private key; decrypt it first "
			  "(openssl pkey -in F -out PLAIN.pem)", name);
	n = b64_decode(body, (size_t)(q - body), buf, *len);
	if (n <= 0)
		die_usage("%s: bad base64 in PEM block '%s'", name, label);
	*len = (size_t)n;
	return 1;
}

static void pem_write(struct output *o, const char *label, const uint8_t *d,
		      size_t len)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				  "abcdefghijklmnopqrstuvwxyz0123456789+/";
	char line[80];
	size_t i, col = 0;

	dprintf(o->fd, "-----BEGIN %s-----\n", label);
	for (i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)d[i] << 16;
		size_t k = len - i;

		if (k > 1)
			v |= (uint32_t)d[i + 1] << 8;
		if (k > 2)
			v |= d[i + 2];
		line[col++] = tab[v >> 18 & 63];
		line[col++] = tab[v >> 12 & 63];
		line[col++] = k > 1 ? tab[v >> 6 & 63] : '=';
		line[col++] = k > 2 ? tab[v & 63] : '=';
		if (col == 64 || i + 3 >= len) {
			line[col++] = '\n';
			out_write(o, line, col);
			col = 0;
		}
	}
	dprintf(o->fd, "-----END %s-----\n", label);
}

/* One DER TLV at *p (definite lengths up to 3 bytes); -1 if malformed. */
static int der_tlv(const uint8_t **p, const uint8_t *end, unsigned int *tag,
		   const uint8_t **val, size_t *len)
{
	size_t l;

	if (end - *p < 2)
		return -1;
	*tag = *(*p)++;
	l = *(*p)++;
	if (l & 0x80) {
		int n = (int)(l & 0x7f);

		if (n < 1 || n > 3 || end - *p < n)
			return -1;
		for (l = 0; n--; )
			l = l << 8 | *(*p)++;
	}
	if ((size_t)(end - *p) < l)
		return -1;
	*val = *p;
	*len = l;
	*p += l;
	return 0;
}

static uint32_t oid_key_type(const uint8_t *oid, size_t len)
{
	static const struct {
		uint8_t len, oid[10];
		uint32_t type;
	} t[] = {
		{ 9, { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1, 1 },
		  NCR_KEY_TYPE_RSA },			/* rsaEncryption */
		{ 9, { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1, 10 },
		  NCR_KEY_TYPE_RSA },			/* RSASSA-PSS */
		{ 7, { 0x2a, 0x86, 0x48, 0xce, 0x38, 4, 1 },
		  NCR_KEY_TYPE_DSA },			/* id-dsa */
		{ 9, { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 3, 1 },
		  NCR_KEY_TYPE_DH },			/* dhKeyAgreement */
		{ 7, { 0x2a, 0x86, 0x48, 0xce, 0x3e, 2, 1 },
		  NCR_KEY_TYPE_DH },			/* dhpublicnumber */
		{ 7, { 0x2a, 0x86, 0x48, 0xce, 0x3d, 2, 1 },
		  NCR_KEY_TYPE_EC },			/* id-ecPublicKey */
		{ 3, { 0x2b, 0x65, 0x6e }, NCR_KEY_TYPE_X25519 },
		{ 3, { 0x2b, 0x65, 0x70 }, NCR_KEY_TYPE_ED25519 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		if (len == t[i].len && !memcmp(oid, t[i].oid, len))
			return t[i].type;
	return 0;
}

/* The algorithm OID inside an AlgorithmIdentifier SEQUENCE's content. */
static uint32_t der_algid_type(const uint8_t *v, size_t l)
{
	const uint8_t *p = v, *oid;
	unsigned int tag;
	size_t ol;

	if (der_tlv(&p, v + l, &tag, &oid, &ol) || tag != 0x06)
		return 0;
	return oid_key_type(oid, ol);
}

/*
 * Which encoding (SPKI, PKCS#8, PKCS#1 private or public) and key type a
 * DER key is; 0 and *priv, or -1 if it looks like none of them.
 */
static int der_classify(const uint8_t *d, size_t len, uint32_t *fmt,
			uint32_t *type, int *priv)
{
	const uint8_t *p = d, *end = d + len, *v, *e1, *e2;
	unsigned int tag, t1, t2;
	size_t l, l1, l2;
	int n = 0;

	if (der_tlv(&p, end, &tag, &v, &l) || tag != 0x30 || p != end)
		return -1;
	p = v;
	end = v + l;
	if (der_tlv(&p, end, &t1, &e1, &l1) || der_tlv(&p, end, &t2, &e2, &l2))
		return -1;
	if (t1 == 0x30 && t2 == 0x03) {		/* SPKI */
		*fmt = NCR_KEY_FORMAT_SPKI;
		*type = der_algid_type(e1, l1);
		*priv = 0;
		return *type ? 0 : -1;
	}
	if (t1 == 0x02 && t2 == 0x30) {		/* PKCS#8 */
		*fmt = NCR_KEY_FORMAT_PKCS8;
		*type = der_algid_type(e2, l2);
		*priv = 1;
		return *type ? 0 : -1;
	}
	if (t1 == 0x02 && t2 == 0x04 && l1 == 1 && e1[0] == 1)
		return -2;			/* SEC1 ECPrivateKey */
	if (t1 != 0x02 || t2 != 0x02)
		return -1;
	/* RSAPublicKey {n, e} or RSAPrivateKey {0, n, e, d, p, q, ...} */
	for (n = 2; p < end; n++)
		if (der_tlv(&p, end, &tag, &v, &l) || tag != 0x02)
			return -1;
	*fmt = NCR_KEY_FORMAT_PKCS1;
	*type = NCR_KEY_TYPE_RSA;
	if (n == 2) {
		*priv = 0;
		return 0;
	}
	*priv = 1;
	return n >= 9 && l1 == 1 && e1[0] == 0 ? 0 : -1;
}

/* The format a PEM label announces (0: not a key label we take). */
static uint32_t pem_label_format(const char *label, const char *name,
				 uint32_t *type)
{
	if (!strcmp(label, "PRIVATE KEY"))
		return NCR_KEY_FORMAT_PKCS8;
	if (!strcmp(label, "PUBLIC KEY"))
		return NCR_KEY_FORMAT_SPKI;
	if (!strcmp(label, "RSA PRIVATE KEY") ||
	    !strcmp(label, "RSA PUBLIC KEY")) {
		*type = NCR_KEY_TYPE_RSA;
		return NCR_KEY_FORMAT_PKCS1;
	}
	if (!strcmp(label, "EC PRIVATE KEY") ||
	    !strcmp(label, "DSA PRIVATE KEY"))
		die_usage("%s: a '%s' (traditional format); convert it to "
			  "PKCS#8 first: openssl pkcs8 -topk8 -nocrypt -in F "
			  "-out P8.pem", name, label);
	die_usage("%s: PEM block '%s' is not a key ncrtool reads (PRIVATE "
		  "KEY, PUBLIC KEY, RSA PRIVATE KEY, RSA PUBLIC KEY)", name,
		  label);
}

/* What an imported key is made of, worked out from the file and options. */
struct pk_input {
	uint8_t *data;		/* DER or raw bytes (in the caller's buffer) */
	size_t len;
	uint32_t format, type, bits;
	int priv;
};

/*
 * Works out format, type and class of the key bytes in buf (PEM is
 * decoded in place).  fmt_name/type_name/bits: the user's overrides
 * (NULL/0: detect).  Dies with a usage error if it cannot tell.
 */
static void pk_identify(uint8_t *buf, size_t len, const char *name,
			const char *fmt_name, uint32_t type_opt,
			uint32_t bits, struct pk_input *pi)
{
	char label[64];
	uint32_t lfmt = 0, ltype = 0, dfmt = 0, dtype = 0;
	int dpriv = 0, det;

	memset(pi, 0, sizeof(*pi));
	if (pem_decode(buf, &len, label, sizeof(label), name))
		lfmt = pem_label_format(label, name, &ltype);
	pi->data = buf;
	pi->len = len;
	pi->bits = bits;
	det = der_classify(buf, len, &dfmt, &dtype, &dpriv);
	if (det == -2 && !fmt_name)
		die_usage("%s: a SEC1 EC private key (traditional format); "
			  "convert it to PKCS#8 first: openssl pkcs8 -topk8 "
			  "-nocrypt -in F -out P8.pem", name);
	pi->format = fmt_name ? format_opt(fmt_name) : lfmt ? lfmt :
		     det == 0 ? dfmt : 0;
	if (!pi->format)
		die_usage("%s: not a DER or PEM key ncrtool recognizes (give "
			  "--format, and --type for raw keys)", name);
	switch (pi->format) {
	case NCR_KEY_FORMAT_RAW:
	case NCR_KEY_FORMAT_RAW_PUBLIC:
		if (!type_opt)
			die_usage("%s: --type is needed with --format raw or "
				  "raw-public", name);
		if (type_opt == NCR_KEY_TYPE_EC && bits != 256 && bits != 384)
			die_usage("%s: a raw EC key needs --bits 256 or 384 "
				  "(the curve)", name);
		pi->type = type_opt;
		pi->priv = pi->format == NCR_KEY_FORMAT_RAW;
		return;
	case NCR_KEY_FORMAT_PARAMS:
		die_usage("%s: domain parameters are not a key (use them with "
			  "'key generate --params')", name);
	default:
		break;
	}
	if (bits)
		die_usage("--bits applies only to raw EC keys");
	if (det == 0 && dfmt == pi->format) {
		pi->type = dtype;
		pi->priv = dpriv;
	} else {
		/* An explicit format the DER does not look like: let the
		 * kernel judge, with the type asked for. */
		pi->type = type_opt ? type_opt : ltype;
		pi->priv = pi->format == NCR_KEY_FORMAT_PKCS8 ||
			   (pi->format == NCR_KEY_FORMAT_PKCS1 &&
			    lfmt == NCR_KEY_FORMAT_PKCS1 &&
			    !strcmp(label, "RSA PRIVATE KEY"));
	}
	if (type_opt && pi->type != type_opt)
		die_usage("%s: holds a%s %s key, not %s", name,
			  pi->type == NCR_KEY_TYPE_RSA ||
			  pi->type == NCR_KEY_TYPE_EC ||
			  pi->type == NCR_KEY_TYPE_ED25519 ? "n" : "",
			  pi->type ? ncr_key_type_name(pi->type) : "unknown",
			  ncr_key_type_name(type_opt));
	if (!pi->type)
		die_usage("%s: key of an unknown algorithm (give --type)",
			  name);
}

/*
 * Imports what pk_identify found with the policy pol (usage 0: the
 * type's default usage; algs 0: the kernel's default set for it).
 */
static uint32_t pk_import(int ctx, const struct pk_input *pi,
			  const char *name, const struct ncr_key_policy *pol)
{
	struct ncr_key_policy p = *pol;
	uint32_t key;
	int ret;

	if (!p.usage)
		p.usage = pk_default_usage(pi->type, pi->priv);
	ret = ncr_key_import_ex(ctx, pi->type, pi->format, pi->bits,
				pi->data, pi->len, &p, &key);
	if (ret == -EINVAL)
		die(EXIT_NCR, "%s: the kernel refused the %s key (malformed "
		    "encoding, invalid key, a usage a %s key cannot have, or "
		    "algorithms not of its type)", name,
		    ncr_key_type_name(pi->type),
		    pi->priv ? "private" : "public");
	if (ret == -EOPNOTSUPP)
		die(EXIT_NCR, "%s: a key form this kernel does not support "
		    "(explicit EC parameters, multi-prime RSA, another "
		    "curve?)", name);
	if (ret == -EPERM && (p.flags & NCR_KEY_FLAG_TRUSTED))
		die(EXIT_NCR, "--trusted: permission denied: marking a key "
		    "trusted needs CAP_SYS_ADMIN (run as root)");
	if (ret)
		die_ncr(ret, name);
	return key;
}

/* A key file, read before the device is opened so that file errors
 * come first: a storage blob, or (public-key types) a PEM or DER key. */
struct keyfile {
	const char *path;
	size_t len;
	uint8_t blob[PK_FILE_MAX];
};

static void read_keyfile(struct keyfile *kf, const char *path)
{
	if (is_stdio(path))
		die_usage("--key: a key blob file is required");
	kf->path = path;
	kf->len = slurp(path, kf->blob, sizeof(kf->blob), "a key file");
}

static int is_blob(const uint8_t *d, size_t len)
{
	return len >= 4 && !memcmp(d, "NCRK", 4);
}

/*
 * Loads a key file into the namespace ctx: a storage blob is unwrapped
 * (with the policy it was sealed with).  A PEM or DER public or private
 * key (SPKI, PKCS#8, PKCS#1) is imported for this run only, not
 * exportable, with what the command needs: usage, and alg (NCR_ALG_*,
 * 0: the default set for the usage) if it is an algorithm of the key's
 * type; a usage the key cannot have (a public key to sign), or none,
 * gives the type's default usage, and the command says what is wrong.
 */
static uint32_t load_key(int ctx, struct keyfile *kf, uint32_t usage,
			 uint32_t alg)
{
	struct ncr_key_policy pol;
	struct ncr_alg_props ap;
	struct pk_input pi;
	uint32_t key;
	int ret;

	if (!is_blob(kf->blob, kf->len)) {
		pk_identify(kf->blob, kf->len, kf->path, NULL, 0, 0, &pi);
		memset(&pol, 0, sizeof(pol));
		pol.usage = pi.priv ? usage : usage & PUBLIC_USAGES;
		if (pol.usage && alg && !ncr_alg_props(alg, &ap) &&
		    ap.key_type == pi.type)
			pol.algs = ncr_alg_keybit(alg);
		if (pol.usage && usage_families(pi.type, 0, pol.usage) > 1 &&
		    !pol.algs)
			pol.usage = 0;
		key = pk_import(ctx, &pi, kf->path, &pol);
		explicit_bzero(kf->blob, sizeof(kf->blob));
		return key;
	}
	ret = ncr_key_storage_unwrap(ctx, kf->blob, kf->len, &key);
	explicit_bzero(kf->blob, sizeof(kf->blob));
	if (ret)
		die_ncr(ret, kf->path);
	return key;
}

static void write_blob(int ctx, uint32_t key, const char *path)
{
	uint8_t blob[NCR_STORAGE_BLOB_MAX];
	size_t len = sizeof(blob);
	struct output o;
	int ret;

	ret = ncr_key_storage_wrap(ctx, key, blob, &len);
	if (ret == -EPERM)
		die(EXIT_NCR, "storage wrap: the key is not storable, so it "
		    "cannot be written as a key file");
	if (ret)
		die_ncr(ret, "storage wrap");
	out_open(&o, path);
	out_write(&o, blob, len);
	out_commit(&o);
}

/* ------------------------------------------------------------------ */
/* options                                                            */

enum {
	OPT_DEVICE = 256, OPT_HELP, OPT_TYPE, OPT_BITS, OPT_EXPORTABLE,
	OPT_WRAPPABLE, OPT_HASHABLE, OPT_USAGE, OPT_OUT, OPT_IN, OPT_ID,
	OPT_KEY, OPT_ALG, OPT_AAD, OPT_IV, OPT_MAC, OPT_FILE, OPT_HEX,
	OPT_LENGTH, OPT_TARGET, OPT_PUBLIC, OPT_FORMAT, OPT_PEM, OPT_PUB_OUT,
	OPT_HASH, OPT_MGF1, OPT_SALT, OPT_LABEL, OPT_SIG, OPT_PEER,
	OPT_OUT_TYPE, OPT_PREHASHED, OPT_RAW_SIG, OPT_ALGS, OPT_TRUSTED,
	OPT_CLEAR_FLAGS, OPT_CLEAR_USAGE, OPT_CLEAR_ALGS, OPT_MAC_SIZE,
};

#define O(x) (1ULL << ((x) - OPT_DEVICE))
/* The policy of a new key (see key_policy_opts). */
#define KEYFLAG_OPTS (O(OPT_EXPORTABLE) | O(OPT_WRAPPABLE) | \
		      O(OPT_HASHABLE) | O(OPT_USAGE) | O(OPT_ALGS) | \
		      O(OPT_LABEL) | O(OPT_ID) | O(OPT_TRUSTED))

static const struct option long_opts[] = {
	{ "device", required_argument, NULL, OPT_DEVICE },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "type", required_argument, NULL, OPT_TYPE },
	{ "bits", required_argument, NULL, OPT_BITS },
	{ "exportable", no_argument, NULL, OPT_EXPORTABLE },
	{ "wrappable", no_argument, NULL, OPT_WRAPPABLE },
	{ "hashable", no_argument, NULL, OPT_HASHABLE },
	{ "usage", required_argument, NULL, OPT_USAGE },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "in", required_argument, NULL, OPT_IN },
	{ "id", required_argument, NULL, OPT_ID },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "alg", required_argument, NULL, OPT_ALG },
	{ "aad", required_argument, NULL, OPT_AAD },
	{ "iv", required_argument, NULL, OPT_IV },
	{ "mac", required_argument, NULL, OPT_MAC },
	{ "file", required_argument, NULL, OPT_FILE },
	{ "hex", required_argument, NULL, OPT_HEX },
	{ "length", required_argument, NULL, OPT_LENGTH },
	{ "target", required_argument, NULL, OPT_TARGET },
	{ "public", no_argument, NULL, OPT_PUBLIC },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "pem", no_argument, NULL, OPT_PEM },
	{ "pub-out", required_argument, NULL, OPT_PUB_OUT },
	{ "hash", required_argument, NULL, OPT_HASH },
	{ "mgf1", required_argument, NULL, OPT_MGF1 },
	{ "salt", required_argument, NULL, OPT_SALT },
	{ "label", required_argument, NULL, OPT_LABEL },
	{ "sig", required_argument, NULL, OPT_SIG },
	{ "peer", required_argument, NULL, OPT_PEER },
	{ "out-type", required_argument, NULL, OPT_OUT_TYPE },
	{ "prehashed", no_argument, NULL, OPT_PREHASHED },
	{ "raw-sig", no_argument, NULL, OPT_RAW_SIG },
	{ "algs", required_argument, NULL, OPT_ALGS },
	{ "trusted", no_argument, NULL, OPT_TRUSTED },
	{ "clear-flags", required_argument, NULL, OPT_CLEAR_FLAGS },
	{ "clear-usage", required_argument, NULL, OPT_CLEAR_USAGE },
	{ "clear-algs", required_argument, NULL, OPT_CLEAR_ALGS },
	{ "mac-size", required_argument, NULL, OPT_MAC_SIZE },
	{ NULL, 0, NULL, 0 },
};

struct opts {
	const char *type, *out, *in, *id, *key, *alg, *aad, *iv, *mac;
	const char *file, *hex, *usage, *target;
	const char *format, *pub_out, *hash, *mgf1, *label, *sig, *peer;
	const char *out_type, *algs, *clear_flags, *clear_usage, *clear_algs;
	unsigned long bits, length, salt, mac_size;
	int have_bits, have_length, have_salt, public, pem, prehashed;
	int raw_sig, have_mac_size;
	uint32_t flags;
	int nargs;
	char **args;
};

struct command {
	const char *name;	/* as typed: "key generate" */
	int (*run)(struct opts *o);
	unsigned long long allowed;	/* O(...) bits besides --device,
					 * --help */
	int max_args;		/* positional arguments accepted */
	const char *synopsis;
	const char *summary;	/* one line for the global help */
	const char *help;
};

static const struct command *g_command;

static void __attribute__((noreturn)) command_help(const struct command *c)
{
	printf("Usage: ncrtool [--device PATH] %s\n\n%s\n"
	       "Exit status: 0 success, 1 verification failed, 2 usage error, "
	       "3 ncr/kernel error,\n4 file I/O error.  "
	       "See ncrtool(1) for details.\n", c->synopsis, c->help);
	exit(0);
}

static unsigned long parse_num(const char *s, const char *what)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (!*s || *end || errno || !isdigit((unsigned char)*s) ||
	    v > UINT32_MAX)
		die_usage("%s: not a number: '%s'", what, s);
	return v;
}

static void parse_opts(const struct command *c, int argc, char **argv,
		       struct opts *o)
{
	int ch;

	memset(o, 0, sizeof(*o));
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, ":ho:", long_opts, NULL)) != -1) {
		if (ch == '?') {
			if (optopt && optopt < 256)
				die_usage("unknown option '-%c' (see 'ncrtool "
					  "%s --help')", optopt, c->name);
			die_usage("unknown option '%s' (see 'ncrtool %s "
				  "--help')", argv[optind - 1], c->name);
		}
		if (ch == ':')
			die_usage("option '%s' needs an argument",
				  argv[optind - 1]);
		if (ch == 'h')
			ch = OPT_HELP;
		if (ch == 'o')
			ch = OPT_OUT;
		if (ch >= OPT_DEVICE && ch != OPT_DEVICE && ch != OPT_HELP &&
		    !(c->allowed & O(ch)))
			die_usage("option '--%s' does not apply to '%s'",
				  long_opts[ch - OPT_DEVICE].name, c->name);
		switch (ch) {
		case OPT_DEVICE: g_device = optarg; break;
		case OPT_HELP: command_help(c);
		case OPT_TYPE: o->type = optarg; break;
		case OPT_BITS:
			o->bits = parse_num(optarg, "--bits");
			o->have_bits = 1;
			break;
		case OPT_EXPORTABLE: o->flags |= NCR_KEY_FLAG_EXPORTABLE; break;
		case OPT_WRAPPABLE: o->flags |= NCR_KEY_FLAG_WRAPPABLE; break;
		case OPT_HASHABLE: o->flags |= NCR_KEY_FLAG_HASHABLE; break;
		case OPT_USAGE: o->usage = optarg; break;
		case OPT_OUT: o->out = optarg; break;
		case OPT_IN: o->in = optarg; break;
		case OPT_ID: o->id = optarg; break;
		case OPT_KEY: o->key = optarg; break;
		case OPT_ALG: o->alg = optarg; break;
		case OPT_AAD: o->aad = optarg; break;
		case OPT_IV: o->iv = optarg; break;
		case OPT_MAC: o->mac = optarg; break;
		case OPT_FILE: o->file = optarg; break;
		case OPT_HEX: o->hex = optarg; break;
		case OPT_LENGTH:
			o->length = parse_num(optarg, "--length");
			o->have_length = 1;
			break;
		case OPT_TARGET: o->target = optarg; break;
		case OPT_PUBLIC: o->public = 1; break;
		case OPT_FORMAT: o->format = optarg; break;
		case OPT_PEM: o->pem = 1; break;
		case OPT_PUB_OUT: o->pub_out = optarg; break;
		case OPT_HASH: o->hash = optarg; break;
		case OPT_MGF1: o->mgf1 = optarg; break;
		case OPT_SALT:
			o->salt = parse_num(optarg, "--salt");
			o->have_salt = 1;
			break;
		case OPT_LABEL: o->label = optarg; break;
		case OPT_SIG: o->sig = optarg; break;
		case OPT_PEER: o->peer = optarg; break;
		case OPT_OUT_TYPE: o->out_type = optarg; break;
		case OPT_PREHASHED: o->prehashed = 1; break;
		case OPT_RAW_SIG: o->raw_sig = 1; break;
		case OPT_ALGS: o->algs = optarg; break;
		case OPT_TRUSTED: o->flags |= NCR_KEY_FLAG_TRUSTED; break;
		case OPT_CLEAR_FLAGS: o->clear_flags = optarg; break;
		case OPT_CLEAR_USAGE: o->clear_usage = optarg; break;
		case OPT_CLEAR_ALGS: o->clear_algs = optarg; break;
		case OPT_MAC_SIZE:
			o->mac_size = parse_num(optarg, "--mac-size");
			o->have_mac_size = 1;
			break;
		default:
			die_usage("unexpected option");
		}
	}
	o->nargs = argc - optind;
	o->args = argv + optind;
	if (o->nargs > c->max_args)
		die_usage("unexpected argument '%s' (see 'ncrtool %s --help')",
			  o->args[c->max_args], c->name);
}

static void need(const char *v, const char *opt)
{
	if (!v)
		die_usage("%s is required (see 'ncrtool %s --help')", opt,
			  g_command->name);
}

/* ------------------------------------------------------------------ */
/* the policy of a new key                                            */

/* The policy of a new key: libncr's, with room for the label. */
struct keypol {
	struct ncr_key_policy p;
	uint8_t label[NCR_KEY_LABEL_MAX];
	const char *usage_text;	/* --usage as given, or NULL */
	int algs_given;
};

/* The label from --label TEXT or --id HEX (its older name, in hex). */
static void label_opts(struct opts *o, struct keypol *kp)
{
	size_t len;

	if (o->label && o->id)
		die_usage("--label and --id both set the key's label: give "
			  "one");
	kp->p.label = kp->label;
	kp->p.label_len = 0;
	if (o->label) {
		len = strlen(o->label);
		if (len > NCR_KEY_LABEL_MAX)
			die_usage("--label: at most %d bytes, not %zu",
				  NCR_KEY_LABEL_MAX, len);
		memcpy(kp->label, o->label, len);
		kp->p.label_len = len;
	} else if (o->id) {
		kp->p.label_len = parse_hex(o->id, kp->label,
					    sizeof(kp->label), "--id");
	}
}

/*
 * The policy of a key ncrtool creates, from the options: the flags asked
 * for plus extra (NCR_KEY_FLAG_STORABLE when the key is written as a
 * blob); --usage, else the usage of --algs, else def_usage; --algs, else
 * 0 (the kernel's default set for the type and usage, which exists only
 * when the usage is of one family: checked here, for a clear message);
 * the label.  public_key: the key is a public key (any usage of its
 * families, no default needed; an --algs-derived usage keeps only what a
 * public key may do).
 */
static void key_policy_opts(struct opts *o, uint32_t type, uint32_t bits,
			    int public_key, uint32_t def_usage,
			    uint32_t extra, struct keypol *kp)
{
	memset(kp, 0, sizeof(*kp));
	kp->p.flags = o->flags | extra;
	if (o->algs) {
		kp->p.algs = parse_algs(o->algs, "--algs");
		kp->algs_given = 1;
	}
	if (o->usage) {
		kp->p.usage = parse_usage(o->usage, "--usage");
		kp->usage_text = o->usage;
	} else if (o->algs) {
		kp->p.usage = algs_usage(kp->p.algs);
		if (public_key)
			kp->p.usage &= PUBLIC_USAGES;
		if (!kp->p.usage)
			kp->p.usage = def_usage;
	} else {
		kp->p.usage = def_usage;
	}
	label_opts(o, kp);
	if (!kp->algs_given && !public_key &&
	    usage_families(type, bits, kp->p.usage) > 1) {
		const char *hint = type == NCR_KEY_TYPE_AES ?
				   " (e.g. --algs aes-gcm,cmac-aes)" :
				   type == NCR_KEY_TYPE_RSA ?
				   " (e.g. --algs rsa-pss,rsa-oaep)" :
				   type == NCR_KEY_TYPE_EC ?
				   " (e.g. --algs ecdsa,ecdh)" : "";

		die_usage("--usage %s: for key type %s, a usage of more than "
			  "one kind (encrypt/decrypt, sign/verify, wrap/unwrap, "
			  "derive) has no default algorithm set: name the "
			  "key's algorithms with --algs LIST%s, or make one key "
			  "per kind", kp->usage_text ? kp->usage_text : "",
			  ncr_key_type_name(type), hint);
	}
}

/* Explains a key creation the kernel refused. */
static void __attribute__((noreturn))
die_create(int ret, const struct keypol *kp, uint32_t type, const char *what)
{
	char buf[512];

	if (ret == -EPERM && (kp->p.flags & NCR_KEY_FLAG_TRUSTED) &&
	    geteuid() != 0)
		die(EXIT_NCR, "--trusted: permission denied: marking a key "
		    "trusted needs CAP_SYS_ADMIN (run as root)");
	if (ret == -EINVAL && (kp->p.flags & NCR_KEY_FLAG_TRUSTED))
		die(EXIT_NCR, "--trusted: the kernel refused the key (%s): a "
		    "trusted key may only wrap (--usage wrap,unwrap or wrap; "
		    "algorithms within aes-kw,aes-kwp,rsa-oaep-wrap) and is "
		    "not exportable or hashable", ncr_strerror(ret));
	if (ret == -EINVAL && kp->algs_given)
		die(EXIT_NCR, "%s%sthe kernel refused --algs %s for a%s %s key "
		    "(algorithms of another key type, aes-xts with other "
		    "algorithms or with a 128/192-bit key, other algorithms "
		    "with a 384/512-bit AES key, or a bad key length)",
		    what ? what : "", what ? ": " : "",
		    algs_text(kp->p.algs, buf, sizeof(buf)),
		    type == NCR_KEY_TYPE_AES || type == NCR_KEY_TYPE_RSA ||
		    type == NCR_KEY_TYPE_EC || type == NCR_KEY_TYPE_ED25519 ?
		    "n" : "", ncr_key_type_name(type));
	die_ncr(ret, what);
}

/* ------------------------------------------------------------------ */
/* info                                                               */

static const char *alg_label(uint32_t alg, char *buf, size_t len)
{
	const char *n = ncr_alg_name(alg);

	if (n)
		return n;
	snprintf(buf, len, "alg#%u", alg);
	return buf;
}

static int cmd_info(struct opts *o)
{
	struct ncr_info info;
	struct ncr_alg_info *algs = NULL;
	uint32_t cap = 32, count, i;
	int ctx = open_device(), ret, w_name = 9, w_kname = 11, w_drv = 6;
	char lbl[32];

	(void)o;
	for (;;) {
		free(algs);
		algs = xmalloc(cap * sizeof(*algs));
		memset(algs, 0, cap * sizeof(*algs));
		count = cap;
		ret = ncr_get_info(ctx, &info, algs, &count);
		if (ret)
			die_ncr(ret, NULL);
		if (count <= cap)
			break;
		cap = count;
	}

	printf("ABI version:      %u%s\n", info.version,
	       info.version == NCR_ABI_VERSION ? "" :
	       " (ncrtool was built for another version)");
	printf("copy bound:       %u bytes\n", info.copy_bound);
	printf("max HMAC key:     %u bytes\n", info.max_hmac_key_bytes);
	printf("live namespaces:  %u\n", info.live_namespaces);
	printf("live keys:        %llu\n", (unsigned long long)info.live_keys);
	printf("live sessions:    %llu\n",
	       (unsigned long long)info.live_sessions);
	if (info.version >= 3) {
		/* NCRIO_INFO version 1: the per-user limits and what this
		 * uid holds now (this command's own namespace included). */
		printf("per-user limits (uid %u: in use / limit):\n",
		       (unsigned int)getuid());
		printf("  keys:           %u / %u\n", info.user_keys,
		       info.max_keys_per_user);
		printf("  sessions:       %u / %u\n", info.user_sessions,
		       info.max_sessions_per_user);
		printf("  namespaces:     %u / %u\n", info.user_namespaces,
		       info.max_namespaces_per_user);
		printf("  buffered bytes: %llu / %llu\n",
		       (unsigned long long)info.user_buffered,
		       (unsigned long long)info.max_buffered_bytes);
		printf("  memory bytes:   %llu / %llu\n",
		       (unsigned long long)info.user_memory,
		       (unsigned long long)info.max_user_memory);
		printf("objects per namespace: %u at most\n",
		       info.max_objects_per_ns);
	}
	printf("algorithms:       %u\n\n", count);

	for (i = 0; i < count; i++) {
		struct ncr_alg_info *a = &algs[i];
		int l;

		a->name[sizeof(a->name) - 1] = 0;
		a->driver[sizeof(a->driver) - 1] = 0;
		a->hw_driver[sizeof(a->hw_driver) - 1] = 0;
		l = (int)strlen(alg_label(a->algorithm, lbl, sizeof(lbl)));
		w_name = l > w_name ? l : w_name;
		l = (int)strlen(a->name);
		w_kname = l > w_kname ? l : w_kname;
		l = (int)strlen(a->driver);
		w_drv = l > w_drv ? l : w_drv;
	}
	printf("%-*s  %-*s  %-*s  %-3s  %-5s  %s\n", w_name, "ALGORITHM",
	       w_kname, "KERNEL NAME", w_drv, "DRIVER", "HW", "ASYNC",
	       "HW DRIVER");
	for (i = 0; i < count; i++) {
		struct ncr_alg_info *a = &algs[i];
		int avail = a->flags & NCR_ALG_INFO_FLAG_AVAILABLE;

		printf("%-*s  %-*s  %-*s  %-3s  %-5s  %s\n", w_name,
		       alg_label(a->algorithm, lbl, sizeof(lbl)),
		       w_kname, a->name[0] ? a->name : "-",
		       w_drv, avail ? a->driver : "(unavailable)",
		       !avail ? "-" :
		       a->flags & NCR_ALG_INFO_FLAG_HARDWARE ? "yes" : "no",
		       !avail ? "-" :
		       a->flags & NCR_ALG_INFO_FLAG_ASYNC ? "yes" : "no",
		       a->flags & NCR_ALG_INFO_FLAG_HW_AVAILABLE &&
		       a->hw_driver[0] ? a->hw_driver : "-");
	}
	free(algs);
	ncr_close(ctx);
	if (fflush(stdout))
		die_io("standard output", errno);
	return 0;
}

/* ------------------------------------------------------------------ */
/* master key                                                         */

#define MASTER_KEY_LEN 32

static int cmd_master_key_set(struct opts *o)
{
	uint8_t key[MASTER_KEY_LEN + 1];
	int sources = !!o->file + !!o->hex + o->nargs, ctx, ret;
	size_t len;

	if (sources != 1 || (o->nargs && strcmp(o->args[0], "-")))
		die_usage("give exactly one of --file FILE, --hex HEX or - "
			  "(standard input)");
	if (o->hex) {
		if (strlen(o->hex) != 2 * MASTER_KEY_LEN)
			die_usage("--hex: a master key is %d hex digits",
				  2 * MASTER_KEY_LEN);
		len = parse_hex(o->hex, key, MASTER_KEY_LEN, "--hex");
	} else {
		const char *path = o->file ? o->file : "-";

		len = slurp(path, key, sizeof(key) - 1, "a master key");
		if (len != MASTER_KEY_LEN) {
			explicit_bzero(key, sizeof(key));
			die_usage("%s: a master key is exactly %d bytes, "
				  "not %zu", in_name(path), MASTER_KEY_LEN,
				  len);
		}
	}
	ctx = open_device();
	ret = ncr_master_key_set(ctx, key, len);
	explicit_bzero(key, sizeof(key));
	if (ret == -EPERM)
		die(EXIT_NCR, "permission denied: setting the master key needs "
		    "CAP_SYS_ADMIN (run as root)");
	if (ret)
		die_ncr(ret, NULL);
	ncr_close(ctx);
	return 0;
}

/* ------------------------------------------------------------------ */
/* keys                                                               */

static uint32_t key_type_opt(const char *name)
{
	int t;

	need(name, "--type");
	t = ncr_key_type_from_name(name);
	if (t < 0)
		die_usage("--type: unknown key type '%s' (use aes, des3, "
			  "chacha20, hmac, rsa, dsa, dh, ec, x25519 or ed25519)",
			  name);
	return (uint32_t)t;
}

/* The usage of a new secret key when neither --usage nor --algs says:
 * one family, so that the kernel's default algorithm set applies. */
static uint32_t secret_default_usage(uint32_t type)
{
	if (type == NCR_KEY_TYPE_HMAC)
		return NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY;
	return NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT;
}

static const struct {
	const char *name;
	uint32_t type, bits, q_bits;
} pk_gen_algs[] = {
	{ "rsa-2048", NCR_KEY_TYPE_RSA, 2048, 0 },
	{ "rsa-3072", NCR_KEY_TYPE_RSA, 3072, 0 },
	{ "rsa-4096", NCR_KEY_TYPE_RSA, 4096, 0 },
	{ "ec-p256", NCR_KEY_TYPE_EC, 256, 0 },
	{ "ec-p384", NCR_KEY_TYPE_EC, 384, 0 },
	{ "ed25519", NCR_KEY_TYPE_ED25519, 255, 0 },
	{ "x25519", NCR_KEY_TYPE_X25519, 255, 0 },
	{ "dsa-2048", NCR_KEY_TYPE_DSA, 2048, 256 },
	{ "dsa-2048-224", NCR_KEY_TYPE_DSA, 2048, 224 },
	{ "dsa-3072", NCR_KEY_TYPE_DSA, 3072, 256 },
	{ "dh-ffdhe2048", NCR_KEY_TYPE_DH, 2048, 0 },
	{ "dh-ffdhe3072", NCR_KEY_TYPE_DH, 3072, 0 },
	{ "dh-ffdhe4096", NCR_KEY_TYPE_DH, 4096, 0 },
};

/* Writes a public-key object's SPKI (DER, or PEM with pem). */
static void write_spki(int ctx, uint32_t key, const char *path, int pem)
{
	uint8_t der[NCR_MAX_PKEY_BYTES];
	size_t len = sizeof(der);
	struct output out;
	int ret;

	ret = ncr_key_export_fmt(ctx, key, NCR_KEY_FORMAT_SPKI, der, &len);
	if (ret)
		die_ncr(ret, "public key export");
	out_open(&out, path);
	if (pem)
		pem_write(&out, "PUBLIC KEY", der, len);
	else
		out_write(&out, der, len);
	out_commit(&out);
}

/* key generate --alg: a key pair in the kernel. */
static int key_generate_pair(struct opts *o)
{
	uint32_t type = 0, bits = 0, q_bits = 0, priv, pub;
	struct ncr_key_policy pub_pol;
	struct keypol kp;
	size_t i;
	int ctx, ret;

	for (i = 0; i < ARRAY_SIZE(pk_gen_algs); i++)
		if (!strcmp(o->alg, pk_gen_algs[i].name))
			break;
	if (i == ARRAY_SIZE(pk_gen_algs))
		die_usage("--alg: unknown key pair algorithm '%s' (use rsa-2048, "
			  "rsa-3072, rsa-4096, ec-p256, ec-p384, ed25519, "
			  "x25519, dsa-2048, dsa-2048-224, dsa-3072, "
			  "dh-ffdhe2048, dh-ffdhe3072 or dh-ffdhe4096)", o->alg);
	type = pk_gen_algs[i].type;
	bits = pk_gen_algs[i].bits;
	q_bits = pk_gen_algs[i].q_bits;
	if (o->type || o->have_bits)
		die_usage("--type/--bits are for secret keys; --alg names the "
			  "key pair");
	if (o->pem && !o->pub_out)
		die_usage("--pem applies to --pub-out");
	need(o->out, "--out");
	/* The private key file is a storage blob: the key must be
	 * storable.  The public key is always exportable and storable,
	 * with the counterparts of the usage and the same algorithms. */
	key_policy_opts(o, type, 0, 0, pk_default_usage(type, 1),
			NCR_KEY_FLAG_STORABLE, &kp);
	memset(&pub_pol, 0, sizeof(pub_pol));
	pub_pol.algs = kp.p.algs;
	ctx = open_device();
	ret = ncr_key_generate_pair_ex(ctx, type,
				       type == NCR_KEY_TYPE_DH ||
				       type == NCR_KEY_TYPE_DSA ||
				       type == NCR_KEY_TYPE_RSA ||
				       type == NCR_KEY_TYPE_EC ? bits : 0,
				       q_bits, NULL, 0, &kp.p, &pub_pol,
				       &priv, &pub);
	if (ret == -EINVAL && o->usage && !kp.algs_given &&
	    !(kp.p.flags & NCR_KEY_FLAG_TRUSTED))
		die(EXIT_NCR, "%s: %s (is --usage right for a private key?)",
		    o->alg, ncr_strerror(ret));
	if (ret)
		die_create(ret, &kp, type, o->alg);
	write_blob(ctx, priv, o->out);
	if (o->pub_out)
		write_spki(ctx, pub, o->pub_out, o->pem);
	ncr_close(ctx);
	return 0;
}

static int cmd_key_generate(struct opts *o)
{
	struct keypol kp;
	uint32_t type, key;
	int ctx, ret;

	if (o->alg)
		return key_generate_pair(o);
	if (o->pub_out || o->pem)
		die_usage("--pub-out/--pem apply to key pairs (--alg)");
	type = key_type_opt(o->type);
	if (pk_type(type))
		die_usage("--type %s: generate key pairs with --alg (e.g. "
			  "--alg rsa-3072, ec-p256)", o->type);
	if (!o->have_bits)
		die_usage("--bits is required");
	need(o->out, "--out");
	/* A key file is a storage blob: the key must be storable. */
	key_policy_opts(o, type, (uint32_t)o->bits, 0,
			secret_default_usage(type), NCR_KEY_FLAG_STORABLE, &kp);
	ctx = open_device();
	ret = ncr_key_generate_ex(ctx, type, (uint32_t)o->bits, &kp.p, &key);
	if (ret)
		die_create(ret, &kp, type, NULL);
	write_blob(ctx, key, o->out);
	ncr_close(ctx);
	return 0;
}

/* key import of a public-key key: PEM or DER, or raw with --format. */
static int key_import_pk(struct opts *o, uint32_t type)
{
	uint8_t *buf = xmalloc(PK_FILE_MAX);
	struct pk_input pi;
	struct keypol kp;
	uint32_t key;
	size_t len;
	int ctx;

	len = slurp(o->in, buf, PK_FILE_MAX, "a key");
	if (!len)
		die_usage("%s: empty key file", in_name(o->in));
	pk_identify(buf, len, in_name(o->in), o->format, type,
		    o->have_bits ? (uint32_t)o->bits : 0, &pi);
	key_policy_opts(o, pi.type, 0, !pi.priv,
			pk_default_usage(pi.type, pi.priv),
			NCR_KEY_FLAG_STORABLE, &kp);
	ctx = open_device();
	key = pk_import(ctx, &pi, in_name(o->in), &kp.p);
	explicit_bzero(buf, PK_FILE_MAX);
	free(buf);
	write_blob(ctx, key, o->out);
	ncr_close(ctx);
	return 0;
}

static int cmd_key_import(struct opts *o)
{
	uint8_t raw[NCR_MAX_SECRET_BYTES];
	uint32_t type = 0, key;
	struct keypol kp;
	size_t len;
	int ctx, ret;

	need(o->in, "--in");
	need(o->out, "--out");
	if (o->type)
		type = key_type_opt(o->type);
	if (!o->type || pk_type(type))
		return key_import_pk(o, type);
	if (o->format && strcmp(o->format, "raw"))
		die_usage("--format: a %s key is imported raw", o->type);
	if (o->have_bits)
		die_usage("--bits: the length of a raw key is the file's");
	len = slurp(o->in, raw, sizeof(raw), "a raw key");
	if (!len)
		die_usage("%s: empty key file", in_name(o->in));
	key_policy_opts(o, type, (uint32_t)len * 8, 0,
			secret_default_usage(type), NCR_KEY_FLAG_STORABLE, &kp);
	ctx = open_device();
	ret = ncr_key_import_ex(ctx, type, 0, 0, raw, len, &kp.p, &key);
	explicit_bzero(raw, sizeof(raw));
	if (ret)
		die_create(ret, &kp, type, NULL);
	write_blob(ctx, key, o->out);
	ncr_close(ctx);
	return 0;
}

/* The PEM label of an export (NULL: no PEM form). */
static const char *pem_label(uint32_t fmt, uint32_t type, int priv,
			     const uint8_t *der, size_t len)
{
	const uint8_t *p = der, *v;
	unsigned int tag;
	size_t l;
	int n = 0;

	switch (fmt) {
	case NCR_KEY_FORMAT_SPKI:
		return "PUBLIC KEY";
	case NCR_KEY_FORMAT_PKCS8:
		return "PRIVATE KEY";
	case NCR_KEY_FORMAT_PKCS1:
		return priv ? "RSA PRIVATE KEY" : "RSA PUBLIC KEY";
	case NCR_KEY_FORMAT_PARAMS:
		if (type == NCR_KEY_TYPE_DSA)
			return "DSA PARAMETERS";
		/* DHParameter {p, g [, privateValueLength]} or X9.42
		 * DomainParameters {p, g, q, ...}: a large third INTEGER. */
		if (!der_tlv(&p, der + len, &tag, &v, &l)) {
			const uint8_t *end = v + l;

			p = v;
			while (p < end && !der_tlv(&p, end, &tag, &v, &l))
				if (++n == 3)
					break;
		}
		return n == 3 && l > 8 ? "X9.42 DH PARAMETERS" :
					 "DH PARAMETERS";
	default:
		return NULL;
	}
}

static int key_export_pk(struct opts *o, int ctx, uint32_t key,
			 const struct ncr_key_info *info)
{
	uint8_t *buf = xmalloc(NCR_MAX_PKEY_BYTES);
	int priv = info->key_class == NCR_KEY_CLASS_PRIVATE;
	size_t len = NCR_MAX_PKEY_BYTES;
	const char *label = NULL;
	struct output out;
	uint32_t fmt;
	int ret;

	if (o->public && o->format && strcmp(o->format, "spki"))
		die_usage("--public exports the SPKI; not with --format %s",
			  o->format);
	fmt = o->public ? NCR_KEY_FORMAT_SPKI :
	      o->format ? format_opt(o->format) :
	      priv ? NCR_KEY_FORMAT_PKCS8 : NCR_KEY_FORMAT_SPKI;
	ret = ncr_key_export_fmt(ctx, key, fmt, buf, &len);
	if (ret == -EPERM)
		die(EXIT_NCR, "%s: the private key is not exportable (it was "
		    "made without --exportable); --public exports its public "
		    "half", o->key);
	if (ret == -EINVAL)
		die_usage("%s: a %s %s key has no --format %s", o->key,
			  priv ? "private" : "public",
			  ncr_key_type_name(info->type),
			  o->format ? o->format : "spki");
	if (ret)
		die_ncr(ret, o->key);
	if (o->pem) {
		label = pem_label(fmt, info->type, priv, buf, len);
		if (!label)
			die_usage("--pem: raw formats have no PEM form");
	}
	out_open(&out, o->out);
	if (label)
		pem_write(&out, label, buf, len);
	else
		out_write(&out, buf, len);
	explicit_bzero(buf, NCR_MAX_PKEY_BYTES);
	free(buf);
	out_commit(&out);
	ncr_close(ctx);
	return 0;
}

static int cmd_key_export(struct opts *o)
{
	uint8_t raw[NCR_MAX_SECRET_BYTES];
	size_t len = sizeof(raw);
	struct ncr_key_info info;
	struct keyfile kf;
	struct output out;
	uint32_t key;
	int ctx, ret;

	need(o->key, "--key");
	read_keyfile(&kf, o->key);
	ctx = open_device();
	key = load_key(ctx, &kf, 0, 0);
	ret = ncr_key_get_info(ctx, key, &info);
	if (ret)
		die_ncr(ret, o->key);
	if (pk_type(info.type))
		return key_export_pk(o, ctx, key, &info);
	if (o->public || o->pem || (o->format && strcmp(o->format, "raw")))
		die_usage("%s: a secret key is exported raw (no --public, "
			  "--pem or --format)", o->key);
	ret = ncr_key_export(ctx, key, raw, &len);
	if (ret == -EPERM)
		die(EXIT_NCR, "%s: the key is not exportable (it was made "
		    "without --exportable)", o->key);
	if (ret)
		die_ncr(ret, o->key);
	out_open(&out, o->out);
	out_write(&out, raw, len);
	explicit_bzero(raw, sizeof(raw));
	out_commit(&out);
	ncr_close(ctx);
	return 0;
}

/* A label as text if it is printable ASCII, else in hex. */
static void print_label(const uint8_t *l, size_t len)
{
	size_t i;

	if (!len) {
		printf("(empty)\n");
		return;
	}
	for (i = 0; i < len; i++)
		if (l[i] < 0x20 || l[i] > 0x7e)
			break;
	if (i == len) {
		printf("%.*s\n", (int)len, (const char *)l);
		return;
	}
	printf("hex:");
	print_hex(stdout, l, len);
	putchar('\n');
}

static int cmd_key_info(struct opts *o)
{
	const char *usage[ARRAY_SIZE(usage_names)];
	struct ncr_key_info info;
	struct keyfile kf;
	const char *tname;
	char buf[512];
	uint32_t key;
	size_t i;
	int ctx, ret;

	need(o->key, "--key");
	read_keyfile(&kf, o->key);
	ctx = open_device();
	key = load_key(ctx, &kf, 0, 0);
	ret = ncr_key_get_info(ctx, key, &info);
	if (ret)
		die_ncr(ret, o->key);
	for (i = 0; i < ARRAY_SIZE(usage_names); i++)
		usage[i] = usage_names[i].name;
	tname = ncr_key_type_name(info.type);
	if (tname)
		printf("type:    %s\n", tname);
	else
		printf("type:    unknown (%u)\n", info.type);
	printf("class:   %s\n",
	       info.key_class == NCR_KEY_CLASS_PRIVATE ? "private" :
	       info.key_class == NCR_KEY_CLASS_PUBLIC ? "public" :
	       info.key_class == NCR_KEY_CLASS_SECRET ? "secret" : "unknown");
	printf("bits:    %u\n", info.bits);
	printf("flags:   ");
	print_list(info.flags, flag_names, ARRAY_SIZE(flag_names));
	printf("usage:   ");
	print_list(info.usage, usage, ARRAY_SIZE(usage));
	printf("algs:    %s\n", algs_text(info.algs, buf, sizeof(buf)));
	printf("attrs:   ");
	print_list(info.attrs, attr_names, ARRAY_SIZE(attr_names));
	printf("key id:  ");
	if (info.key_id_size > NCR_KEY_ID_MAX)
		info.key_id_size = NCR_KEY_ID_MAX;
	if (info.key_id_size)
		print_hex(stdout, info.key_id, info.key_id_size);
	else
		printf("(empty)");
	putchar('\n');
	printf("label:   ");
	if (info.label_size > NCR_KEY_LABEL_MAX)
		info.label_size = NCR_KEY_LABEL_MAX;
	print_label(info.label, info.label_size);
	ncr_close(ctx);
	if (fflush(stdout))
		die_io("standard output", errno);
	return 0;
}

/*
 * A loaded key must allow what a command does with it: the usage bit and
 * the algorithm (alg, or the NCR_KEY_ALG_* bit algbit if alg is 0).  The
 * kernel checks both (EPERM); this says which rule, in the words of the
 * options that set them.
 */
static void check_policy(const struct ncr_key_info *info, const char *file,
			 uint32_t usage, uint32_t alg, uint64_t algbit,
			 const char *alg_name)
{
	char buf[512];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(usage_names); i++)
		if ((usage & usage_names[i].bit) &&
		    !(info->usage & usage_names[i].bit))
			die(EXIT_NCR, "%s: the key may not %s (it was made "
			    "without --usage %s)", file, usage_names[i].name,
			    usage_names[i].name);
	if (alg)
		algbit = ncr_alg_keybit(alg);
	if (algbit && !(info->algs & algbit))
		die(EXIT_NCR, "%s: key's algorithm set does not include %s "
		    "(it has: %s; a key's algorithms are named with --algs "
		    "when it is made)", file, alg_name,
		    algs_text(info->algs, buf, sizeof(buf)));
}

static const char *walg_name(uint32_t walg)
{
	switch (walg) {
	case NCR_WALG_AES_RFC3394: return "aes-kw";
	case NCR_WALG_AES_RFC5649: return "aes-kwp";
	default: return "rsa-oaep-wrap";
	}
}

/* key restrict: a blob in, a stricter blob out. */
static int cmd_key_restrict(struct opts *o)
{
	uint32_t cflags = 0, cusage = 0, key;
	struct ncr_key_info info;
	uint64_t calgs = 0;
	struct keyfile kf;
	char buf[512];
	int ctx, ret;

	need(o->key, "--key");
	need(o->out, "--out");
	if (o->clear_flags)
		cflags = parse_flags(o->clear_flags, "--clear-flags");
	if (o->clear_usage)
		cusage = parse_usage(o->clear_usage, "--clear-usage");
	if (o->clear_algs)
		calgs = parse_algs(o->clear_algs, "--clear-algs");
	if (!cflags && !cusage && !calgs)
		die_usage("nothing to clear: give --clear-flags, --clear-usage "
			  "and/or --clear-algs");
	if (cflags & NCR_KEY_FLAG_STORABLE)
		die_usage("--clear-flags storable: the restricted key is "
			  "written to --out as a storage blob, which needs "
			  "the storable flag");
	read_keyfile(&kf, o->key);
	if (!is_blob(kf.blob, kf.len))
		die_usage("%s: not a key blob ('key restrict' narrows the "
			  "policy of a key file)", o->key);
	ctx = open_device();
	key = load_key(ctx, &kf, 0, 0);
	ret = ncr_key_get_info(ctx, key, &info);
	if (ret)
		die_ncr(ret, o->key);
	ret = ncr_key_restrict(ctx, key, cflags, cusage, calgs);
	if (ret == -EINVAL && !(info.usage & ~cusage))
		die(EXIT_NCR, "%s: --clear-usage would leave the key no usage "
		    "(delete the key file instead)", o->key);
	if (ret == -EINVAL && !(info.algs & ~calgs))
		die(EXIT_NCR, "%s: --clear-algs would leave the key no "
		    "algorithm (it has: %s; delete the key file instead)",
		    o->key, algs_text(info.algs, buf, sizeof(buf)));
	if (ret)
		die_ncr(ret, o->key);
	write_blob(ctx, key, o->out);
	ncr_close(ctx);
	return 0;
}

/* key trust: a blob in, the same key marked trusted out (root). */
static int cmd_key_trust(struct opts *o)
{
	struct keyfile kf;
	uint32_t key;
	int ctx, ret;

	need(o->key, "--key");
	need(o->out, "--out");
	read_keyfile(&kf, o->key);
	if (!is_blob(kf.blob, kf.len))
		die_usage("%s: not a key blob (a key imported for one command "
			  "cannot be trusted)", o->key);
	ctx = open_device();
	key = load_key(ctx, &kf, 0, 0);
	ret = ncr_key_trust(ctx, key);
	if (ret == -EPERM)
		die(EXIT_NCR, "permission denied: marking a key trusted needs "
		    "CAP_SYS_ADMIN (run as root)");
	if (ret == -EINVAL)
		die(EXIT_NCR, "%s: the key cannot be trusted: a trusted key may "
		    "only wrap (usage within wrap,unwrap; algorithms within "
		    "aes-kw,aes-kwp,rsa-oaep-wrap; 'key restrict' can narrow "
		    "them), is not hashable, and its material was never "
		    "readable outside a kernel (attribute always-sensitive: "
		    "generated here or imported by root, never exportable; "
		    "a public key: the half of a pair generated here)",
		    o->key);
	if (ret)
		die_ncr(ret, o->key);
	write_blob(ctx, key, o->out);
	ncr_close(ctx);
	return 0;
}

/* ------------------------------------------------------------------ */
/* key wrap / unwrap (key transport)                                  */

static uint32_t wrap_alg_opt(const char *name)
{
	if (!name || !strcmp(name, "rfc5649"))
		return NCR_WALG_AES_RFC5649;
	if (!strcmp(name, "rfc3394"))
		return NCR_WALG_AES_RFC3394;
	die_usage("--alg: unknown key wrap algorithm '%s' (use rfc3394 or "
		  "rfc5649)", name);
}

/* The wrapping key must be an AES-128/192/256 key with the usage bit and
 * the algorithm: say which rule it breaks rather than EPERM/EINVAL. */
static void check_wrapping_key(int ctx, uint32_t key, const char *file,
			       uint32_t usage, uint32_t walg,
			       struct ncr_key_info *info)
{
	int ret = ncr_key_get_info(ctx, key, info);

	if (ret)
		die_ncr(ret, file);
	if (info->type != NCR_KEY_TYPE_AES ||
	    (info->bits != 128 && info->bits != 192 && info->bits != 256))
		die_usage("%s: a wrapping key is an AES key of 128, 192 or 256 "
			  "bits", file);
	check_policy(info, file, usage, 0, ncr_walg_keybit(walg),
		     walg_name(walg));
}

static int cmd_key_wrap(struct opts *o)
{
	uint32_t alg = wrap_alg_opt(o->alg), wk, key;
	uint8_t wrapped[NCR_WRAPPED_KEY_MAX];
	size_t len = sizeof(wrapped);
	struct keyfile *kf = xmalloc(2 * sizeof(*kf));
	struct ncr_key_info winfo, kinfo;
	struct output out;
	int ctx, ret;

	need(o->key, "--key");
	need(o->target, "--target");
	need(o->out, "--out");
	read_keyfile(&kf[0], o->key);
	read_keyfile(&kf[1], o->target);
	ctx = open_device();
	wk = load_key(ctx, &kf[0], 0, 0);
	key = load_key(ctx, &kf[1], 0, 0);
	free(kf);
	check_wrapping_key(ctx, wk, o->key, NCR_KEY_USAGE_WRAP, alg, &winfo);
	ret = ncr_key_wrap(ctx, alg, wk, key, wrapped, &len);
	if (ret == -EPERM && !ncr_key_get_info(ctx, key, &kinfo)) {
		if (!(kinfo.flags & NCR_KEY_FLAG_WRAPPABLE))
			die(EXIT_NCR, "%s: the key is not wrappable (it was "
			    "made without --wrappable)", o->target);
		if (!(kinfo.flags & NCR_KEY_FLAG_EXPORTABLE) &&
		    !(winfo.flags & NCR_KEY_FLAG_TRUSTED))
			die(EXIT_NCR, "%s: a key that is not exportable can be "
			    "wrapped only under a trusted wrapping key, and %s "
			    "is not trusted (see 'key trust')", o->target,
			    o->key);
	}
	if (ret == -EINVAL && alg == NCR_WALG_AES_RFC3394)
		die_usage("%s: rfc3394 wraps keys of a multiple of 8 bytes, "
			  "at least 16 (rfc5649 wraps any)", o->target);
	if (ret)
		die_ncr(ret, NULL);
	out_open(&out, o->out);
	out_write(&out, wrapped, len);
	out_commit(&out);
	ncr_close(ctx);
	return 0;
}

static int cmd_key_unwrap(struct opts *o)
{
	uint32_t alg = wrap_alg_opt(o->alg), type = key_type_opt(o->type);
	uint8_t wrapped[NCR_WRAPPED_KEY_MAX];
	struct ncr_key_info winfo;
	struct keypol kp;
	uint32_t wk, key;
	struct keyfile kf;
	size_t len;
	int ctx, ret;

	need(o->key, "--key");
	need(o->in, "--in");
	need(o->out, "--out");
	if (pk_type(type))
		die_usage("--type %s: only secret keys (aes, des3, chacha20, "
			  "hmac) are unwrapped", o->type);
	read_keyfile(&kf, o->key);
	len = slurp(o->in, wrapped, sizeof(wrapped), "a wrapped key");
	/* The length of the unwrapped key: at most 8 less, for the family
	 * check of XTS-length AES keys. */
	key_policy_opts(o, type, len > 8 ? (uint32_t)(len - 8) * 8 : 0, 0,
			secret_default_usage(type), NCR_KEY_FLAG_STORABLE, &kp);
	ctx = open_device();
	wk = load_key(ctx, &kf, 0, 0);
	check_wrapping_key(ctx, wk, o->key, NCR_KEY_USAGE_UNWRAP, alg, &winfo);
	ret = ncr_key_unwrap_ex(ctx, alg, wk, wrapped, len, type, &kp.p, &key);
	if (ret == -EBADMSG)
		die_verify("%s: does not unwrap under %s (corrupt, or wrapped "
			   "under another key or with another --alg)",
			   in_name(o->in), o->key);
	if (ret == -EPERM &&
	    (kp.p.flags & (NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_HASHABLE)) &&
	    !(winfo.flags & NCR_KEY_FLAG_EXPORTABLE))
		die(EXIT_NCR, "%s: the unwrapped key may be %s only if the "
		    "wrapping key is exportable, and %s is not (else any "
		    "data presented as a wrapped key could be decrypted "
		    "with it)", in_name(o->in),
		    kp.p.flags & NCR_KEY_FLAG_EXPORTABLE ? "exportable" :
		    "hashable", o->key);
	if (ret == -EINVAL && !kp.algs_given &&
	    !(kp.p.flags & NCR_KEY_FLAG_TRUSTED))
		die(EXIT_NCR, "%s: not a wrapped %s key (%s)", in_name(o->in),
		    ncr_key_type_name(type), ncr_strerror(ret));
	if (ret)
		die_create(ret, &kp, type, in_name(o->in));
	write_blob(ctx, key, o->out);
	ncr_close(ctx);
	return 0;
}

/* ------------------------------------------------------------------ */
/* encrypt / decrypt                                                  */

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
		m->kind = MODE_AEAD;
		m->iv_len = 12;
		break;
	case NCR_ALG_AES_CCM:
		/* 11-byte nonce: L = 4, messages up to 4 GiB (with the
		 * library default of 13 only 64 KiB would fit). */
		m->kind = MODE_AEAD;
		m->iv_len = 11;
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

static int iv_len_ok(const struct mode *m, size_t len)
{
	if (m->alg == NCR_ALG_AES_CCM)
		return len >= 7 && len <= 13;
	if (m->kind == MODE_AEAD)
		return len == 12;
	return len == m->props.iv_size;
}

/* The key must suit the algorithm alg, used for usage: a clear message
 * beats EINVAL or EPERM.  bits 0: any length. */
static void check_key(int ctx, uint32_t key, const char *file, uint32_t alg,
		      uint32_t usage, uint32_t bits, const char *alg_name)
{
	struct ncr_key_info info;
	struct ncr_alg_props ap;
	uint32_t key_type;
	int ret = ncr_key_get_info(ctx, key, &info);

	ncr_alg_props(alg, &ap);
	key_type = ap.key_type;

	if (ret)
		die_ncr(ret, file);
	if (info.type != key_type) {
		const char *have = ncr_key_type_name(info.type);

		die_usage("%s: key type %s, but %s needs key type %s", file,
			  have ? have : "unknown", alg_name,
			  ncr_key_type_name(key_type));
	}
	if (bits && info.bits != bits)
		die_usage("%s: %u-bit key, but %s needs a %u-bit key", file,
			  info.bits, alg_name, bits);
	check_policy(&info, file, usage, alg, 0, ncr_alg_name(alg));
}

static void feed_aad(int ctx, uint32_t ses, const char *path)
{
	uint8_t *buf;
	int fd;
	size_t n;
	int ret;

	if (!path)
		return;
	fd = open_in(path);
	buf = xmalloc(CHUNK);
	while ((n = read_full(fd, buf, CHUNK, in_name(path))) > 0) {
		ret = ncr_session_aad(ctx, ses, buf, n);
		if (ret)
			die_ncr(ret, "associated data");
	}
	free(buf);
	close_in(fd);
}

static size_t make_header(uint8_t *hdr, const struct mode *m,
			  const uint8_t *iv, size_t iv_len)
{
	memcpy(hdr, FILE_MAGIC, 4);
	hdr[4] = FILE_VERSION;
	hdr[5] = (uint8_t)m->alg;
	hdr[6] = (uint8_t)iv_len;
	memcpy(hdr + HDR_FIXED, iv, iv_len);
	return HDR_FIXED + iv_len;
}

static void aead_encrypt(int ctx, uint32_t key, const struct mode *m,
			 const uint8_t *iv, size_t iv_len, struct opts *o)
{
	uint8_t hdr[HDR_FIXED + HDR_MAX_IV], tag[TAG_LEN], *buf, *ct;
	size_t hdr_len = make_header(hdr, m, iv, iv_len), n, total = 0;
	size_t ct_len, tag_len = TAG_LEN;
	struct output out;
	uint32_t ses;
	int fd, ret;

	ret = ncr_session_init(ctx, m->alg, NCR_OP_ENCRYPT, key, iv, iv_len,
			       TAG_LEN, 0, &ses);
	if (ret)
		die_ncr(ret, NULL);
	/* The header is authenticated along with the caller's AAD. */
	ret = ncr_session_aad(ctx, ses, hdr, hdr_len);
	if (ret)
		die_ncr(ret, "associated data");
	feed_aad(ctx, ses, o->aad);

	/* The kernel buffers the message; it is encrypted at FINAL. */
	fd = open_in(o->in);
	buf = xmalloc(CHUNK);
	while ((n = read_full(fd, buf, CHUNK, in_name(o->in))) > 0) {
		ret = ncr_session_update(ctx, ses, buf, n, NULL, NULL);
		if (ret)
			die_ncr(ret, NULL);
		total += n;
	}
	close_in(fd);
	explicit_bzero(buf, CHUNK);
	free(buf);

	ct = xmalloc(total);
	ct_len = total;
	ret = ncr_session_final(ctx, ses, NULL, 0, ct, &ct_len, tag, &tag_len);
	if (ret)
		die_ncr(ret, NULL);
	if (ct_len != total || tag_len != TAG_LEN)
		die(EXIT_NCR, "kernel returned %zu bytes and a %zu-byte tag "
		    "for %zu bytes of input", ct_len, tag_len, total);
	out_open(&out, o->out);
	out_write(&out, hdr, hdr_len);
	out_write(&out, ct, ct_len);
	out_write(&out, tag, TAG_LEN);
	out_commit(&out);
	free(ct);
}

static void aead_decrypt(int ctx, uint32_t key, const struct mode *m,
			 const char *alg_name, struct opts *o)
{
	uint8_t hdr[HDR_FIXED + HDR_MAX_IV], *buf, *pt;
	size_t iv_len, held = 0, total = 0, n, pt_len, tag_len = TAG_LEN;
	const char *name = in_name(o->in);
	struct output out;
	uint32_t ses;
	int fd, ret;

	if (o->iv)
		die_usage("--iv: the nonce of an %s file is in its header",
			  alg_name);
	fd = open_in(o->in);
	if (read_full(fd, hdr, HDR_FIXED, name) < HDR_FIXED ||
	    memcmp(hdr, FILE_MAGIC, 4))
		die_verify("%s: not an ncrtool encrypted file", name);
	if (hdr[4] != FILE_VERSION)
		die_verify("%s: unsupported file format version %u", name,
			   hdr[4]);
	if (hdr[5] != m->alg) {
		const char *was = ncr_alg_name(hdr[5]);

		die_usage("%s was encrypted with %s, not %s", name,
			  was ? was : "an unknown algorithm", alg_name);
	}
	iv_len = hdr[6];
	if (!iv_len_ok(m, iv_len) ||
	    read_full(fd, hdr + HDR_FIXED, iv_len, name) < iv_len)
		die_verify("%s: corrupt file header", name);

	ret = ncr_session_init(ctx, m->alg, NCR_OP_DECRYPT, key,
			       hdr + HDR_FIXED, iv_len, TAG_LEN, 0, &ses);
	if (ret)
		die_ncr(ret, NULL);
	ret = ncr_session_aad(ctx, ses, hdr, HDR_FIXED + iv_len);
	if (ret)
		die_ncr(ret, "associated data");
	feed_aad(ctx, ses, o->aad);

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

static void cbc_encrypt(int ctx, uint32_t key, const struct mode *m,
			const uint8_t *iv, int write_iv, struct opts *o)
{
	size_t bs = m->block, n, olen, total = 0, pad;
	uint8_t *buf, *obuf, padding[16];
	struct output out;
	uint32_t ses;
	int fd, ret;

	ret = ncr_session_init(ctx, m->alg, NCR_OP_ENCRYPT, key, iv, bs, 0, 0,
			       &ses);
	if (ret)
		die_ncr(ret, NULL);
	fd = open_in(o->in);
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
	struct output out;
	uint32_t ses;
	int fd, ret;

	fd = open_in(o->in);
	if (iv_opt)
		memcpy(iv, iv_opt, bs);
	else if (read_full(fd, iv, bs, name) < bs)
		die_verify("%s: truncated (shorter than the %zu-byte IV)",
			   name, bs);
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
}

/* CTR and ChaCha20: the same stream both ways. */
static void stream_crypt(int ctx, uint32_t key, const struct mode *m,
			 uint32_t op, const uint8_t *iv_in, int iv_in_file,
			 struct opts *o)
{
	const char *name = in_name(o->in);
	size_t iv_len = m->iv_len, n, olen;
	uint8_t iv[16], *buf, *obuf;
	struct output out;
	uint32_t ses;
	int fd, ret;

	fd = open_in(o->in);
	if (op == NCR_OP_DECRYPT && iv_in_file) {
		if (read_full(fd, iv, iv_len, name) < iv_len)
			die_verify("%s: truncated (shorter than the %zu-byte "
				   "IV)", name, iv_len);
	} else {
		memcpy(iv, iv_in, iv_len);
	}
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
}

static int pk_crypt_cmd(struct opts *o, uint32_t alg, uint32_t op);

static int crypt_common(struct opts *o, uint32_t op)
{
	uint8_t iv[HDR_MAX_IV];
	struct keyfile kf;
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
	if (o->aad && is_stdio(o->aad))
		die_usage("--aad: must be a file");
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

	read_keyfile(&kf, o->key);
	ctx = open_device();
	key = load_key(ctx, &kf, 0, 0);
	check_key(ctx, key, o->key, m.alg,
		  op == NCR_OP_ENCRYPT ? NCR_KEY_USAGE_ENCRYPT :
		  NCR_KEY_USAGE_DECRYPT, m.bits, o->alg);

	switch (m.kind) {
	case MODE_AEAD:
		if (op == NCR_OP_ENCRYPT)
			aead_encrypt(ctx, key, &m, iv, iv_len, o);
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

static int cmd_encrypt(struct opts *o)
{
	return crypt_common(o, NCR_OP_ENCRYPT);
}

static int cmd_decrypt(struct opts *o)
{
	return crypt_common(o, NCR_OP_DECRYPT);
}

/* ------------------------------------------------------------------ */
/* digest and MAC                                                     */

/* Feeds a file into a digest/MAC session. */
static void hash_file(int ctx, uint32_t ses, const char *path)
{
	uint8_t *buf = xmalloc(CHUNK);
	int fd = open_in(path);
	size_t n;
	int ret;

	while ((n = read_full(fd, buf, CHUNK, in_name(path))) > 0) {
		ret = ncr_session_update(ctx, ses, buf, n, NULL, NULL);
		if (ret)
			die_ncr(ret, NULL);
	}
	close_in(fd);
	free(buf);
}

static uint32_t hash_alg(const char *name, int want_mac)
{
	struct ncr_alg_props p;
	int alg;

	need(name, "--alg");
	alg = ncr_alg_from_name(name);
	if (alg < 0 || ncr_alg_props((uint32_t)alg, &p) ||
	    (want_mac ? !p.is_mac : !p.is_digest))
		die_usage("--alg: '%s' is not a %s", name, want_mac ?
			  "MAC (hmac-sha1, hmac-sha224, hmac-sha256, "
			  "hmac-sha384, hmac-sha512, hmac-sha3-256, "
			  "hmac-sha3-512, cmac-aes)" :
			  "digest (md5, sha1, sha224, sha256, sha384, sha512, "
			  "sha3-256, sha3-512)");
	return (uint32_t)alg;
}

/*
 * The MAC length of --mac-size N (or mac's older --length N): 0 for the
 * full length, else N, which must be at least 10 bytes for HMAC and 8 for
 * CMAC (shorter MACs are too easy to forge) and at most the full length.
 */
static size_t mac_size_opt(struct opts *o, uint32_t alg)
{
	struct ncr_alg_props p;
	unsigned long n;
	size_t min;

	if (o->have_mac_size && o->have_length)
		die_usage("--mac-size and --length are the same option: give "
			  "one");
	if (!o->have_mac_size && !o->have_length)
		return 0;
	n = o->have_mac_size ? o->mac_size : o->length;
	ncr_alg_props(alg, &p);
	min = alg == NCR_ALG_CMAC_AES ? 8 : 10;
	if (n < min || n > p.tag_size)
		die_usage("--mac-size: a %s MAC is %zu to %u bytes, not %lu",
			  ncr_alg_name(alg), min, p.tag_size, n);
	return n == p.tag_size ? 0 : n;
}

static int cmd_digest(struct opts *o)
{
	uint32_t alg = hash_alg(o->alg, 0);
	const char *files[1 + 64];
	int nfiles = 0, i, ctx, ret, stdin_used = 0;

	if (o->in)
		files[nfiles++] = o->in;
	for (i = 0; i < o->nargs; i++)
		files[nfiles++] = o->args[i];
	if (!nfiles)
		files[nfiles++] = "-";
	for (i = 0; i < nfiles; i++)
		if (is_stdio(files[i]) && stdin_used++)
			die_usage("standard input named twice");

	ctx = open_device();
	for (i = 0; i < nfiles; i++) {
		uint8_t md[NCR_MAX_TAG];
		size_t md_len = sizeof(md);
		uint32_t ses;

		ret = ncr_session_init(ctx, alg, NCR_OP_SIGN, 0, NULL, 0, 0, 0,
				       &ses);
		if (ret)
			die_ncr(ret, NULL);
		hash_file(ctx, ses, files[i]);
		ret = ncr_session_final(ctx, ses, NULL, 0, NULL, NULL, md,
					&md_len);
		if (ret)
			die_ncr(ret, NULL);
		print_hex(stdout, md, md_len);
		printf("  %s\n", files[i]);
	}
	ncr_close(ctx);
	if (fflush(stdout))
		die_io("standard output", errno);
	return 0;
}

static int cmd_mac(struct opts *o)
{
	uint32_t alg = hash_alg(o->alg, 1), key, ses;
	uint8_t mac[NCR_MAX_TAG];
	size_t mac_len = sizeof(mac), mac_size;
	struct keyfile kf;
	int ctx, ret;

	need(o->key, "--key");
	mac_size = mac_size_opt(o, alg);
	read_keyfile(&kf, o->key);
	ctx = open_device();
	key = load_key(ctx, &kf, 0, 0);
	check_key(ctx, key, o->key, alg, NCR_KEY_USAGE_SIGN, 0, o->alg);
	/* tag_size at init: the length of the (truncated) MAC */
	ret = ncr_session_init(ctx, alg, NCR_OP_SIGN, key, NULL, 0, mac_size,
			       0, &ses);
	if (ret)
		die_ncr(ret, NULL);
	hash_file(ctx, ses, o->in);
	ret = ncr_session_final(ctx, ses, NULL, 0, NULL, NULL, mac, &mac_len);
	if (ret)
		die_ncr(ret, NULL);
	if (mac_size && mac_len != mac_size)
		die(EXIT_NCR, "the kernel returned a %zu-byte MAC for "
		    "--mac-size %zu", mac_len, mac_size);
	print_hex(stdout, mac, mac_len);
	putchar('\n');
	ncr_close(ctx);
	if (fflush(stdout))
		die_io("standard output", errno);
	return 0;
}

/*
 * The length checked is the algorithm's full MAC length, or --mac-size:
 * chosen by the verifier, never by the MAC it is given.  A MAC of any
 * other length fails (the kernel is told the length before it sees the
 * MAC, and fails any other; ncrtool does not rely on that alone).
 */
static int cmd_verify_mac(struct opts *o)
{
	uint32_t alg = hash_alg(o->alg, 1), key, ses;
	uint8_t mac[NCR_MAX_TAG];
	struct ncr_alg_props p;
	size_t mac_len, mac_size, want;
	struct keyfile kf;
	int ctx, ret;

	need(o->key, "--key");
	need(o->mac, "--mac");
	mac_size = mac_size_opt(o, alg);
	ncr_alg_props(alg, &p);
	want = mac_size ? mac_size : p.tag_size;
	/* A MAC longer than any MAC is still just a wrong MAC. */
	if (strlen(o->mac) > 2 * NCR_MAX_TAG)
		die_verify("MAC verification failed (MAC too long)");
	mac_len = parse_hex(o->mac, mac, sizeof(mac), "--mac");
	read_keyfile(&kf, o->key);
	ctx = open_device();
	key = load_key(ctx, &kf, 0, 0);
	check_key(ctx, key, o->key, alg, NCR_KEY_USAGE_VERIFY, 0, o->alg);
	ret = ncr_session_init(ctx, alg, NCR_OP_VERIFY, key, NULL, 0,
			       mac_size, 0, &ses);
	if (ret)
		die_ncr(ret, NULL);
	hash_file(ctx, ses, o->in);
	ret = ncr_session_verify(ctx, ses, NULL, 0, mac, mac_len);
	if (ret < 0)
		die_ncr(ret, NULL);
	ncr_close(ctx);
	if (ret == NCR_VERIFY_OK && mac_len != want)
		die(EXIT_NCR, "the kernel accepted a %zu-byte MAC where %zu "
		    "bytes are checked: refusing it (a kernel bug)", mac_len,
		    want);
	if (mac_len != want)
		die_verify("MAC verification failed (a %zu-byte MAC; %s "
			   "checks %zu bytes%s)", mac_len, o->alg, want,
			   mac_size ? "" :
			   ", or --mac-size N for a truncated MAC");
	if (ret != NCR_VERIFY_OK)
		die_verify("MAC verification failed");
	return 0;
}

/* ------------------------------------------------------------------ */
/* public key: sign, verify, RSA encrypt/decrypt, derive               */

static uint32_t pk_hash_opt(const char *name, const char *opt)
{
	int h = ncr_alg_from_name(name);

	if (h < NCR_ALG_SHA1 || h > NCR_ALG_SHA512)
		die_usage("%s: '%s' is not a hash for public-key algorithms "
			  "(sha1, sha224, sha256, sha384, sha512)", opt, name);
	return (uint32_t)h;
}

static size_t hash_len(uint32_t h)
{
	struct ncr_alg_props p;

	return ncr_alg_props(h, &p) ? 0 : p.tag_size;
}

/* The signature algorithm of --alg; dies if it is not one. */
static uint32_t sig_alg_opt(const char *name)
{
	int alg;

	need(name, "--alg");
	alg = ncr_alg_from_name(name);
	switch (alg) {
	case NCR_ALG_RSA_PKCS1:
	case NCR_ALG_RSA_PSS:
	case NCR_ALG_DSA:
	case NCR_ALG_ECDSA:
	case NCR_ALG_ED25519:
		return (uint32_t)alg;
	default:
		die_usage("--alg: '%s' is not a signature algorithm (rsa-pss, "
			  "rsa-pkcs1, ecdsa, dsa, ed25519)", name);
	}
}

/* Session parameters of sign/verify from the options. */
static void sig_params(struct opts *o, uint32_t alg, int verify,
		       struct ncr_pk_params *pp)
{
	memset(pp, 0, sizeof(*pp));
	if (alg == NCR_ALG_ED25519) {
		if (o->hash || o->prehashed)
			die_usage("ed25519 signs the message itself (no --hash "
				  "or --prehashed)");
	} else {
		pp->hash = pk_hash_opt(o->hash ? o->hash : "sha256", "--hash");
	}
	if (o->mgf1) {
		if (alg != NCR_ALG_RSA_PSS)
			die_usage("--mgf1 applies to rsa-pss and rsa-oaep");
		pp->mgf1_hash = pk_hash_opt(o->mgf1, "--mgf1");
	}
	if (o->have_salt && alg != NCR_ALG_RSA_PSS)
		die_usage("--salt applies to rsa-pss");
	if (alg == NCR_ALG_RSA_PSS)
		pp->salt_size = o->have_salt ? (uint32_t)o->salt :
				verify ? NCR_PSS_SALT_AUTO :
				(uint32_t)hash_len(pp->hash);
	if (o->raw_sig) {
		if (alg != NCR_ALG_ECDSA && alg != NCR_ALG_DSA)
			die_usage("--raw-sig applies to ecdsa and dsa");
		pp->flags |= NCR_PK_FLAG_SIG_RAW;
	}
	if (o->prehashed)
		pp->flags |= NCR_PK_FLAG_DIGEST;
}

/* The input file of sign/verify: --in or the one argument. */
static const char *pk_input_name(struct opts *o)
{
	if (o->in && o->nargs)
		die_usage("give the input as --in FILE or as an argument, not "
			  "both");
	return o->nargs ? o->args[0] : o->in;
}

/* A session of alg/op over the whole input file, up to final. */
static uint32_t pk_session_over_file(int ctx, uint32_t alg, uint32_t op,
				     uint32_t key, const struct ncr_pk_params *pp,
				     const char *in, const char *keyname)
{
	uint32_t ses;
	int ret;

	ret = ncr_pk_session_init(ctx, alg, op, key, pp, &ses);
	if (ret == -EPERM)
		die(EXIT_NCR, "%s: the key may not %s (made without the %s "
		    "usage)", keyname, op == NCR_OP_SIGN ? "sign" : "verify",
		    op == NCR_OP_SIGN ? "sign" : "verify");
	if (ret == -EINVAL)
		die(EXIT_NCR, "%s: the kernel refused %s with this key and "
		    "these parameters (%s)", keyname, ncr_alg_name(alg),
		    ncr_strerror(ret));
	if (ret)
		die_ncr(ret, NULL);
	hash_file(ctx, ses, in);
	return ses;
}

/* The key must be of alg's type: a clear message beats EINVAL. */
static void check_pk_key(int ctx, uint32_t key, const char *file,
			 uint32_t alg, struct ncr_key_info *info)
{
	struct ncr_alg_props p;
	int ret = ncr_key_get_info(ctx, key, info);

	if (ret)
		die_ncr(ret, file);
	ncr_alg_props(alg, &p);
	if (info->type != p.key_type) {
		const char *have = ncr_key_type_name(info->type);

		die_usage("%s: a %s key, but %s needs an %s key", file,
			  have ? have : "unknown", ncr_alg_name(alg),
			  ncr_key_type_name(p.key_type));
	}
}

static int cmd_sign(struct opts *o)
{
	uint32_t alg = sig_alg_opt(o->alg), key, ses;
	uint8_t sig[NCR_MAX_SIGNATURE];
	size_t sig_len = sizeof(sig);
	struct ncr_key_info info;
	struct ncr_pk_params pp;
	const char *in = pk_input_name(o);
	struct keyfile kf;
	struct output out;
	int ctx, ret;

	need(o->key, "--key");
	sig_params(o, alg, 0, &pp);
	read_keyfile(&kf, o->key);
	ctx = open_device();
	key = load_key(ctx, &kf, NCR_KEY_USAGE_SIGN, alg);
	check_pk_key(ctx, key, o->key, alg, &info);
	if (info.key_class != NCR_KEY_CLASS_PRIVATE)
		die_usage("%s: a public key cannot sign", o->key);
	check_policy(&info, o->key, NCR_KEY_USAGE_SIGN, alg, 0,
		     ncr_alg_name(alg));
	ses = pk_session_over_file(ctx, alg, NCR_OP_SIGN, key, &pp, in,
				   o->key);
	ret = ncr_session_final(ctx, ses, NULL, 0, NULL, NULL, sig, &sig_len);
	if (ret == -EINVAL && o->prehashed)
		die_usage("--prehashed: the input must be exactly one %s "
			  "digest (%zu bytes)", ncr_alg_name(pp.hash),
			  hash_len(pp.hash));
	if (ret)
		die_ncr(ret, NULL);
	out_open(&out, o->out);
	out_write(&out, sig, sig_len);
	out_commit(&out);
	ncr_close(ctx);
	return 0;
}

static int cmd_verify(struct opts *o)
{
	uint32_t alg = sig_alg_opt(o->alg), key, ses;
	uint8_t sig[2 * NCR_MAX_SIGNATURE + 1];
	struct ncr_key_info info;
	struct ncr_pk_params pp;
	const char *in = pk_input_name(o);
	struct keyfile kf;
	size_t sig_len;
	int ctx, ret, fd;

	need(o->key, "--key");
	need(o->sig, "--sig");
	sig_params(o, alg, 1, &pp);
	if (is_stdio(o->sig) && is_stdio(in))
		die_usage("the signature and the data cannot both be standard "
			  "input");
	fd = open_in(o->sig);
	sig_len = read_full(fd, sig, sizeof(sig), in_name(o->sig));
	close_in(fd);
	read_keyfile(&kf, o->key);
	ctx = open_device();
	key = load_key(ctx, &kf, NCR_KEY_USAGE_VERIFY, alg);
	check_pk_key(ctx, key, o->key, alg, &info);
	check_policy(&info, o->key, NCR_KEY_USAGE_VERIFY, alg, 0,
		     ncr_alg_name(alg));
	ses = pk_session_over_file(ctx, alg, NCR_OP_VERIFY, key, &pp, in,
				   o->key);
	/* Longer than any signature: wrong, not an error. */
	if (sig_len == sizeof(sig)) {
		ncr_session_free(ctx, ses);
		die_verify("signature verification failed (signature too "
			   "long)");
	}
	ret = ncr_session_verify(ctx, ses, NULL, 0, sig, sig_len);
	if (ret == -EINVAL && o->prehashed)
		die_usage("--prehashed: the input must be exactly one %s "
			  "digest (%zu bytes)", ncr_alg_name(pp.hash),
			  hash_len(pp.hash));
	if (ret < 0)
		die_ncr(ret, NULL);
	ncr_close(ctx);
	if (ret != NCR_VERIFY_OK)
		die_verify("signature verification failed");
	return 0;
}

/* encrypt/decrypt with rsa-oaep or rsa-pkcs1: one RSA block. */
static int pk_crypt_cmd(struct opts *o, uint32_t alg, uint32_t op)
{
	uint8_t in[NCR_MAX_SIGNATURE + 1], outb[NCR_MAX_SIGNATURE];
	uint8_t label[NCR_MAX_SIGNATURE];
	size_t in_len, out_len = sizeof(outb);
	struct ncr_key_info info;
	struct ncr_pk_params pp;
	struct keyfile kf;
	struct output out;
	uint32_t key;
	int ctx, ret;

	need(o->key, "--key");
	if (o->aad || o->iv)
		die_usage("--aad/--iv do not apply to %s", o->alg);
	memset(&pp, 0, sizeof(pp));
	if (alg == NCR_ALG_RSA_OAEP) {
		pp.hash = pk_hash_opt(o->hash ? o->hash : "sha1", "--hash");
		if (o->mgf1)
			pp.mgf1_hash = pk_hash_opt(o->mgf1, "--mgf1");
		if (o->label) {
			pp.label_len = parse_hex(o->label, label,
						 sizeof(label), "--label");
			pp.label = label;
		}
	} else if (o->hash || o->mgf1 || o->label) {
		die_usage("--hash/--mgf1/--label apply to rsa-oaep");
	}
	in_len = slurp(o->in, in, sizeof(in), "one RSA block");
	read_keyfile(&kf, o->key);
	ctx = open_device();
	key = load_key(ctx, &kf, op == NCR_OP_ENCRYPT ? NCR_KEY_USAGE_ENCRYPT :
		       NCR_KEY_USAGE_DECRYPT, alg);
	check_pk_key(ctx, key, o->key, alg, &info);
	if (op == NCR_OP_DECRYPT && info.key_class != NCR_KEY_CLASS_PRIVATE)
		die_usage("%s: decryption needs the private key", o->key);
	check_policy(&info, o->key, op == NCR_OP_ENCRYPT ?
		     NCR_KEY_USAGE_ENCRYPT : NCR_KEY_USAGE_DECRYPT, alg, 0,
		     ncr_alg_name(alg));
	if (in_len > (info.bits + 7) / 8)
		die_usage("%s: %zu bytes; one %s operation takes at most %u",
			  in_name(o->in), in_len, ncr_alg_name(alg),
			  op == NCR_OP_DECRYPT ? (info.bits + 7) / 8 :
			  (info.bits + 7) / 8 - (alg == NCR_ALG_RSA_OAEP ?
			  2 * (uint32_t)hash_len(pp.hash) + 2 : 11));
	if (op == NCR_OP_ENCRYPT)
		ret = ncr_pk_encrypt(ctx, alg, key, &pp, in, in_len, outb,
				     &out_len);
	else
		ret = ncr_pk_decrypt(ctx, alg, key, &pp, in, in_len, outb,
				     &out_len);
	explicit_bzero(in, sizeof(in));
	if (ret == -EBADMSG)
		die_verify("decryption failed: wrong key, parameters or "
			   "ciphertext");
	if (ret == -EPERM)
		die(EXIT_NCR, "%s: the key may not %s", o->key,
		    op == NCR_OP_ENCRYPT ? "encrypt" : "decrypt");
	if (ret == -EINVAL && op == NCR_OP_ENCRYPT)
		die_usage("%s: too long for %s with this key", in_name(o->in),
			  ncr_alg_name(alg));
	if (ret)
		die_ncr(ret, NULL);
	out_open(&out, o->out);
	out_write(&out, outb, out_len);
	explicit_bzero(outb, sizeof(outb));
	out_commit(&out);
	ncr_close(ctx);
	return 0;
}

/*
 * The peer's public value for derive: a storage blob or PEM/DER SPKI is
 * loaded as a key and its raw public value exported; anything else is
 * taken as the raw value itself.
 */
static size_t read_peer(int ctx, const char *path, uint8_t *out,
			size_t max)
{
	uint8_t *buf = xmalloc(PK_FILE_MAX);
	struct pk_input pi;
	uint32_t fmt, type, key;
	size_t len;
	int priv, ret;

	len = slurp(path, buf, PK_FILE_MAX, "a public key");
	if (is_blob(buf, len)) {
		ret = ncr_key_storage_unwrap(ctx, buf, len, &key);
		if (ret)
			die_ncr(ret, path);
	} else if (memmem(buf, len, "-----BEGIN ", 11) ||
		   der_classify(buf, len, &fmt, &type, &priv) == 0) {
		struct ncr_key_policy pol = { .usage = NCR_KEY_USAGE_DERIVE };

		pk_identify(buf, len, path, NULL, 0, 0, &pi);
		if (usage_families(pi.type, 0, pol.usage) != 1)
			pol.usage = 0;	/* not a key-agreement key */
		key = pk_import(ctx, &pi, path, &pol);
	} else {
		/* the raw public value */
		if (!len || len > max)
			die_usage("%s: not a key file, and %zu bytes is no raw "
				  "public value", path, len);
		memcpy(out, buf, len);
		free(buf);
		return len;
	}
	free(buf);
	len = max;
	ret = ncr_key_export_fmt(ctx, key, NCR_KEY_FORMAT_RAW_PUBLIC, out,
				 &len);
	if (ret)
		die_ncr(ret, path);
	ncr_key_deinit(ctx, key);
	return len;
}

static int cmd_derive(struct opts *o)
{
	uint8_t peer[1024], secret[1024];
	uint32_t alg, type = NCR_KEY_TYPE_HMAC, key, nk;
	size_t peer_len, slen = sizeof(secret);
	struct ncr_key_info info;
	struct keypol kp;
	struct keyfile kf;
	int ctx, ret;

	need(o->key, "--key");
	need(o->peer, "--peer");
	if (o->out_type) {
		if (!strcmp(o->out_type, "aes"))
			type = NCR_KEY_TYPE_AES;
		else if (strcmp(o->out_type, "hmac"))
			die_usage("--out-type: hmac or aes, not '%s'",
				  o->out_type);
	}
	if (!o->out && !(o->flags & NCR_KEY_FLAG_EXPORTABLE))
		die_usage("nothing to do: give --out FILE for the derived key, "
			  "and/or --exportable to print the secret");
	/* Written as a blob with --out: storable then. */
	key_policy_opts(o, type, 0, 0, secret_default_usage(type),
			o->out ? NCR_KEY_FLAG_STORABLE : 0, &kp);
	read_keyfile(&kf, o->key);
	ctx = open_device();
	key = load_key(ctx, &kf, NCR_KEY_USAGE_DERIVE, 0);
	ret = ncr_key_get_info(ctx, key, &info);
	if (ret)
		die_ncr(ret, o->key);
	switch (info.type) {
	case NCR_KEY_TYPE_EC: alg = NCR_ALG_ECDH; break;
	case NCR_KEY_TYPE_X25519: alg = NCR_ALG_X25519; break;
	case NCR_KEY_TYPE_DH: alg = NCR_ALG_DH; break;
	default:
		die_usage("%s: key agreement needs an ec, x25519 or dh key",
			  o->key);
	}
	if (info.key_class != NCR_KEY_CLASS_PRIVATE)
		die_usage("%s: key agreement needs our private key", o->key);
	check_policy(&info, o->key, NCR_KEY_USAGE_DERIVE, alg, 0,
		     ncr_alg_name(alg));
	peer_len = read_peer(ctx, o->peer, peer, sizeof(peer));
	ret = ncr_key_derive_ex(ctx, alg, key, peer, peer_len, type, &kp.p,
				&nk);
	if (ret == -EPERM)
		die(EXIT_NCR, "%s: the key may not derive (%s)", o->key,
		    ncr_strerror(ret));
	if (ret == -EINVAL && kp.algs_given)
		die_create(ret, &kp, type, o->peer);
	if (ret == -EINVAL)
		die(EXIT_NCR, "%s: refused: a peer value not valid for this "
		    "key (wrong curve or group, not on the curve, out of "
		    "range), or --out-type aes with a secret that is not "
		    "16, 24 or 32 bytes", o->peer);
	if (ret)
		die_ncr(ret, NULL);
	if (o->out)
		write_blob(ctx, nk, o->out);
	if (o->flags & NCR_KEY_FLAG_EXPORTABLE) {
		ret = ncr_key_export(ctx, nk, secret, &slen);
		if (ret)
			die_ncr(ret, "derived key");
		print_hex(stdout, secret, slen);
		putchar('\n');
		explicit_bzero(secret, sizeof(secret));
		if (fflush(stdout))
			die_io("standard output", errno);
	}
	ncr_close(ctx);
	return 0;
}

/* ------------------------------------------------------------------ */
/* command table and main                                             */

/* The options of a new key, in the help of every command that makes one. */
#define KEY_OPTIONS_HELP \
	"Key options:\n" \
	"  --usage LIST    encrypt,decrypt,sign,verify,wrap,unwrap,derive or\n" \
	"                  all.  Default: encrypt,decrypt for aes, des3,\n" \
	"                  chacha20; sign,verify for hmac and for rsa, ec, dsa\n" \
	"                  and ed25519 private keys; derive for x25519, dh.\n" \
	"                  With --algs and no --usage: the usage of those\n" \
	"                  algorithms.\n" \
	"  --algs LIST     the algorithms the key may ever be used with, e.g.\n" \
	"                  aes-gcm,aes-cbc,aes-ctr (names: aes-gcm aes-ccm\n" \
	"                  aes-cbc aes-ctr aes-ecb aes-xts cmac-aes aes-kw\n" \
	"                  aes-kwp des3-cbc chacha20 chacha20-poly1305 hmac-sha*\n" \
	"                  rsa-pkcs1 rsa-pss rsa-oaep rsa-oaep-wrap dsa ecdsa\n" \
	"                  ed25519 ecdh x25519 dh).  Default: the kernel's set\n" \
	"                  for the type and usage: aes encrypt,decrypt aes-gcm\n" \
	"                  ONLY (aes-cbc, aes-ctr, aes-ccm must be named),\n" \
	"                  sign,verify cmac-aes, wrap,unwrap aes-kw,aes-kwp;\n" \
	"                  des3 des3-cbc; chacha20 chacha20-poly1305; hmac every\n" \
	"                  hmac-*; rsa sign,verify rsa-pkcs1,rsa-pss, encrypt,\n" \
	"                  decrypt rsa-oaep, wrap,unwrap rsa-oaep-wrap; ec\n" \
	"                  sign,verify ecdsa, derive ecdh.  A usage of two kinds\n" \
	"                  (aes encrypt and sign, rsa sign and decrypt, ec sign\n" \
	"                  and derive, ...) has no default: ask for it with both\n" \
	"                  options, e.g. --usage sign,verify,decrypt\n" \
	"                  --algs rsa-pss,rsa-oaep.\n" \
	"  --exportable    the raw key may be read back ('key export')\n" \
	"  --wrappable     may be wrapped for transport ('key wrap'): under a\n" \
	"                  trusted key, or under any if also --exportable\n" \
	"  --hashable      key material may be digest/MAC input (library use)\n" \
	"  --trusted       (root) may wrap keys that are not exportable; only\n" \
	"                  for wrap-only keys that are not exportable\n" \
	"  --label TEXT    the key's label, up to 32 bytes (--id HEX: the same,\n" \
	"                  in hex; the kernel assigns the key ID itself)\n" \
	"A key written to a key file is always made storable (the file is a\n" \
	"storage blob); a key's policy can later only be narrowed ('key\n" \
	"restrict')."

static const struct command commands[] = {
	{ "info", cmd_info, 0, 0, "info",
	  "show ABI version, limits, counters and algorithm drivers",
	  "Print the ncr ABI version, copy bound, live object counters, the\n"
	  "per-user limits with this user's current use of them (keys,\n"
	  "sessions, namespaces, buffered bytes, memory), and for each\n"
	  "algorithm the kernel implementation serving it: kernel name,\n"
	  "driver, whether it is hardware-backed and asynchronous, and the\n"
	  "hardware driver a session could ask for." },
	{ "master-key set", cmd_master_key_set, O(OPT_FILE) | O(OPT_HEX), 1,
	  "master-key set (--file FILE | --hex HEX | -)",
	  "set the storage master key (32 bytes; CAP_SYS_ADMIN)",
	  "Set the storage master key (AES-256, exactly 32 bytes): raw bytes\n"
	  "from FILE or from standard input (-), or 64 hex digits.  Needs\n"
	  "CAP_SYS_ADMIN; can be set once per module load." },
	{ "key generate", cmd_key_generate,
	  O(OPT_TYPE) | O(OPT_BITS) | O(OPT_OUT) | O(OPT_ALG) |
	  O(OPT_PUB_OUT) | O(OPT_PEM) | KEYFLAG_OPTS, 0,
	  "key generate (--type TYPE --bits N | --alg PAIR [--pub-out F "
	  "[--pem]])\n       [KEY OPTIONS] --out FILE",
	  "generate a key or key pair in the kernel, save it as a storage blob",
	  "Generate a key in the kernel and write it to FILE as a storage\n"
	  "blob (sealed under the master key, which must be set).\n"
	  "  --type aes|des3|chacha20|hmac\n"
	  "  --bits N        aes 128/192/256 (384/512 for aes-xts),\n"
	  "                  des3 192, chacha20 256, hmac 8..8192\n"
	  "Key pairs: FILE gets the private key (blob); --pub-out F the public\n"
	  "key as DER SubjectPublicKeyInfo (PEM with --pem).\n"
	  "  --alg rsa-2048|rsa-3072|rsa-4096|ec-p256|ec-p384|ed25519|x25519|\n"
	  "        dsa-2048|dsa-2048-224|dsa-3072|dh-ffdhe2048|dh-ffdhe3072|\n"
	  "        dh-ffdhe4096\n"
	  "  The private key's usage is one kind by default (rsa, ec, dsa,\n"
	  "  ed25519: sign,verify; x25519, dh: derive): an rsa key to decrypt\n"
	  "  or unwrap, or an ec key for ecdh, needs --usage decrypt, --usage\n"
	  "  unwrap or --usage derive (or --algs rsa-oaep, ecdh, ...).  The\n"
	  "  public key gets the counterparts (verify, encrypt, wrap, derive)\n"
	  "  and the same --algs.\n"
	  KEY_OPTIONS_HELP },
	{ "key import", cmd_key_import,
	  O(OPT_TYPE) | O(OPT_IN) | O(OPT_OUT) | O(OPT_FORMAT) |
	  O(OPT_BITS) | KEYFLAG_OPTS, 0,
	  "key import [--type TYPE] --in FILE [--format F] [--bits N]\n"
	  "       [KEY OPTIONS] --out FILE",
	  "import a raw secret key or a PEM/DER key, save it as a storage blob",
	  "Import a key and write it to FILE as a storage blob.\n"
	  "Secret keys (--type aes|des3|chacha20|hmac): raw bytes, the key\n"
	  "length is the file's length.\n"
	  "Public-key keys: PEM or DER PKCS#8 (PRIVATE KEY), SPKI (PUBLIC\n"
	  "KEY) or PKCS#1 (RSA PRIVATE KEY, RSA PUBLIC KEY), as OpenSSL writes\n"
	  "them; type, encoding and private/public are detected.  Raw keys:\n"
	  "--format raw (EC scalar, X25519/Ed25519 private key) or raw-public\n"
	  "(EC point, 32-byte X25519/Ed25519 key) with --type ec|x25519|\n"
	  "ed25519, and --bits 256|384 for ec.  A public key is always\n"
	  "exportable and storable, and may have every usage of its type a\n"
	  "public key can have (default: rsa verify,encrypt,wrap; ec\n"
	  "verify,derive; dsa, ed25519 verify; x25519, dh derive).\n"
	  KEY_OPTIONS_HELP },
	{ "key export", cmd_key_export,
	  O(OPT_KEY) | O(OPT_OUT) | O(OPT_PUBLIC) | O(OPT_FORMAT) | O(OPT_PEM),
	  0,
	  "key export --key FILE [--public | --format F] [--pem] [--out FILE]",
	  "write an exportable key, or any key's public half",
	  "Write key material (standard output by default).  Secret keys:\n"
	  "the raw bytes; the kernel refuses keys made without --exportable.\n"
	  "Public-key keys: --public writes the public half as DER\n"
	  "SubjectPublicKeyInfo (always allowed); --format pkcs8 (default\n"
	  "for a private key; needs --exportable), pkcs1 (RSA), spki (default\n"
	  "for a public key), raw (EC/X25519/Ed25519 private value; needs\n"
	  "--exportable), raw-public (EC point, X25519/Ed25519 key, DSA/DH y)\n"
	  "or params (DSA/DH domain parameters).  --pem armours DER output." },
	{ "key info", cmd_key_info, O(OPT_KEY), 0, "key info --key FILE",
	  "show a key's type, class, length, policy, ID and label",
	  "Print a key's type, class (secret, private, public), length,\n"
	  "flags (exportable, wrappable, hashable, storable, trusted), usage,\n"
	  "algorithm set (algs), attributes (local: generated in the kernel;\n"
	  "always-sensitive: the material never left a kernel, generated or\n"
	  "imported by root and never exportable; never-extractable: never\n"
	  "wrappable), the key ID the kernel assigned and the label (as text\n"
	  "if printable, else hex:...).  FILE may also be a PEM/DER key." },
	{ "key restrict", cmd_key_restrict,
	  O(OPT_KEY) | O(OPT_CLEAR_FLAGS) | O(OPT_CLEAR_USAGE) |
	  O(OPT_CLEAR_ALGS) | O(OPT_OUT), 0,
	  "key restrict --key FILE [--clear-flags LIST] [--clear-usage LIST]\n"
	  "       [--clear-algs LIST] --out FILE",
	  "narrow a key's flags, usage or algorithms into a new key file",
	  "Load the key blob FILE, make its policy stricter in the kernel and\n"
	  "write the result as a new key blob to --out.  Nothing can be added\n"
	  "back, by this or any command: a key's policy only gets stricter.\n"
	  "  --clear-flags LIST  exportable, wrappable, hashable, trusted\n"
	  "                      (not storable: the result is a blob)\n"
	  "  --clear-usage LIST  usage names, as for --usage\n"
	  "  --clear-algs LIST   algorithm names, as for --algs\n"
	  "The key must keep at least one usage and one algorithm (exit 3\n"
	  "otherwise).  The old FILE still holds the old policy: delete it\n"
	  "if the point was to give up what was cleared." },
	{ "key trust", cmd_key_trust, O(OPT_KEY) | O(OPT_OUT), 0,
	  "key trust --key FILE --out FILE",
	  "mark a wrap-only key trusted (CAP_SYS_ADMIN)",
	  "Mark the key in FILE trusted and write it as a new key blob: a\n"
	  "trusted key may wrap keys that are not exportable (with 'key\n"
	  "wrap'; they must still be wrappable).  Needs CAP_SYS_ADMIN.  Only\n"
	  "a key that can do nothing but wrap qualifies: usage within\n"
	  "wrap,unwrap, algorithms within aes-kw,aes-kwp,rsa-oaep-wrap, not\n"
	  "hashable, and always-sensitive (see 'key info': generated here or\n"
	  "imported by root, never exportable; never an unwrapped or derived\n"
	  "key); a public RSA key with usage wrap only if its pair was\n"
	  "generated here.  'key generate ... --trusted' (or 'key import ...\n"
	  "--trusted' by root) makes one trusted from the start." },
	{ "key wrap", cmd_key_wrap,
	  O(OPT_KEY) | O(OPT_TARGET) | O(OPT_ALG) | O(OPT_OUT), 0,
	  "key wrap --key WRAPPING_KEY_FILE --target KEY_FILE "
	  "[--alg rfc3394|rfc5649] --out FILE",
	  "wrap a key under another for transport (RFC 3394/5649)",
	  "Wrap the key of KEY_FILE under the AES key of WRAPPING_KEY_FILE\n"
	  "(made with --usage including wrap) and write the wrapped key to\n"
	  "FILE: the standard AES Key Wrap bytes, which any RFC 3394/5649\n"
	  "implementation with the wrapping key can unwrap.  Only the key's\n"
	  "material is wrapped, not its type, usage or ID.  KEY_FILE must be\n"
	  "wrappable (--wrappable), and either exportable too, or wrapped\n"
	  "under a trusted wrapping key (--trusted, 'key trust'; root).\n"
	  "  --alg rfc5649   AES Key Wrap with Padding, any key length\n"
	  "                  (the default)\n"
	  "  --alg rfc3394   AES Key Wrap, keys of a multiple of 8 bytes,\n"
	  "                  at least 16" },
	{ "key unwrap", cmd_key_unwrap,
	  O(OPT_KEY) | O(OPT_IN) | O(OPT_TYPE) | O(OPT_ALG) | O(OPT_OUT) |
	  KEYFLAG_OPTS, 0,
	  "key unwrap --key WRAPPING_KEY_FILE --in FILE --type TYPE "
	  "[--alg rfc3394|rfc5649]\n       [KEY OPTIONS] --out FILE",
	  "unwrap a wrapped key into a new key file",
	  "Unwrap the wrapped key in FILE (from 'key wrap' or any RFC\n"
	  "3394/5649 implementation) under the AES key of WRAPPING_KEY_FILE\n"
	  "(made with --usage including unwrap) into a new secret key of\n"
	  "TYPE (aes, des3, chacha20, hmac), and write it to FILE as a\n"
	  "storage blob.  --alg as for 'key wrap' (default rfc5649); the new\n"
	  "key's options as for 'key generate'.  The kernel allows\n"
	  "--exportable and --hashable only if the wrapping key is itself\n"
	  "exportable (exit 3 otherwise).  Exit 1 if the wrapped key does not\n"
	  "verify under the wrapping key.\n"
	  KEY_OPTIONS_HELP },
	{ "encrypt", cmd_encrypt,
	  O(OPT_KEY) | O(OPT_ALG) | O(OPT_IN) | O(OPT_OUT) | O(OPT_AAD) |
	  O(OPT_IV) | O(OPT_HASH) | O(OPT_MGF1) | O(OPT_LABEL), 0,
	  "encrypt --key FILE --alg ALG [--in F] [--out F] [--aad F] "
	  "[--iv HEX]",
	  "encrypt a file or a stream",
	  "Encrypt F (default standard input) to F (default standard output).\n"
	  "ALG: aes-gcm, aes-ccm, chacha20-poly1305 (authenticated; file\n"
	  "header, tag at the end, --aad adds associated data), aes-cbc,\n"
	  "des3-cbc (PKCS#7 padding, random IV first), aes-ctr, chacha20\n"
	  "(random IV first).  aes-128-/aes-192-/aes-256-<mode> also check\n"
	  "the key size.  --iv uses that IV: for CBC/CTR/ChaCha20 it is then\n"
	  "not written to the output; for AEADs it goes into the header.\n"
	  "Never reuse an IV with the same key.\n"
	  "RSA: --alg rsa-oaep [--hash H] [--mgf1 H] [--label HEX] or\n"
	  "rsa-pkcs1 encrypts one block (at most the modulus length less the\n"
	  "padding) with a public or private RSA key; the output is what\n"
	  "'openssl pkeyutl -encrypt' writes.  OAEP hash default sha1 (as\n"
	  "OpenSSL and RFC 8017); --mgf1 default: the --hash." },
	{ "decrypt", cmd_decrypt,
	  O(OPT_KEY) | O(OPT_ALG) | O(OPT_IN) | O(OPT_OUT) | O(OPT_AAD) |
	  O(OPT_IV) | O(OPT_HASH) | O(OPT_MGF1) | O(OPT_LABEL), 0,
	  "decrypt --key FILE --alg ALG [--in F] [--out F] [--aad F] "
	  "[--iv HEX]",
	  "decrypt what encrypt wrote; exit 1 if it does not verify",
	  "Decrypt what 'encrypt' wrote.  AEAD: nothing is written unless the\n"
	  "tag verifies (exit 1 otherwise).  CBC: bad padding is exit 1; an\n"
	  "output file is then removed (standard output may already have all\n"
	  "but the last block).  --iv: for CBC/CTR/ChaCha20, the input holds\n"
	  "no IV; not accepted for AEADs (the header has the nonce).\n"
	  "RSA: --alg rsa-oaep|rsa-pkcs1 with the private key, options as for\n"
	  "encrypt; a padding check failure is exit 1." },
	{ "digest", cmd_digest, O(OPT_ALG) | O(OPT_IN), 64,
	  "digest --alg ALG [--in F] [FILE...]",
	  "print digests like sha256sum",
	  "Print the digest of each file (standard input by default) like\n"
	  "sha256sum: HEX, two spaces, the file name or -.\n"
	  "ALG: md5 sha1 sha224 sha256 sha384 sha512 sha3-256 sha3-512" },
	{ "mac", cmd_mac,
	  O(OPT_ALG) | O(OPT_KEY) | O(OPT_IN) | O(OPT_MAC_SIZE) | O(OPT_LENGTH),
	  0, "mac --alg ALG --key FILE [--in F] [--mac-size N]",
	  "print a MAC in hex",
	  "Print the MAC of F (default standard input) in hex; --mac-size N\n"
	  "(or --length N, its older name) truncates it to N bytes: at least\n"
	  "10 for HMAC, 8 for CMAC.\n"
	  "ALG: hmac-sha1 hmac-sha224 hmac-sha256 hmac-sha384 hmac-sha512\n"
	  "     hmac-sha3-256 hmac-sha3-512 (hmac keys), cmac-aes (aes keys\n"
	  "     made with --usage sign,verify or --algs cmac-aes)" },
	{ "verify-mac", cmd_verify_mac,
	  O(OPT_ALG) | O(OPT_KEY) | O(OPT_IN) | O(OPT_MAC) | O(OPT_MAC_SIZE),
	  0, "verify-mac --alg ALG --key FILE --mac HEX [--mac-size N] [--in F]",
	  "check a MAC: exit 0 if good, 1 if not",
	  "Check a MAC in the kernel, in constant time.  The full MAC length\n"
	  "is checked, or with --mac-size N (HMAC at least 10, CMAC at least\n"
	  "8) a MAC truncated to N bytes: the verifier chooses the length,\n"
	  "never the MAC given, so a MAC of any other length fails.\n"
	  "Exit 0 if it is good, 1 (\"MAC verification failed\") if not." },
	{ "sign", cmd_sign,
	  O(OPT_KEY) | O(OPT_ALG) | O(OPT_IN) | O(OPT_OUT) | O(OPT_HASH) |
	  O(OPT_MGF1) | O(OPT_SALT) | O(OPT_PREHASHED) | O(OPT_RAW_SIG), 1,
	  "sign --key FILE --alg ALG [--hash H] [--salt N] [--mgf1 H]\n"
	  "       [--prehashed] [--raw-sig] [IN | --in IN] [-o | --out SIG]",
	  "sign a file with a private key",
	  "Sign IN (default standard input) with the private key of FILE (a\n"
	  "key blob, or a PEM/DER private key) and write the signature.\n"
	  "ALG: rsa-pss, rsa-pkcs1, ecdsa, dsa (hash the message with --hash,\n"
	  "default sha256), ed25519 (the message itself).  --salt: PSS salt\n"
	  "bytes (default: the hash length); --mgf1: PSS MGF1 hash (default:\n"
	  "--hash).  --prehashed: IN is the digest itself.  Signatures are\n"
	  "those of 'openssl dgst -sign' / 'openssl pkeyutl -sign': RSA the\n"
	  "modulus length, ECDSA/DSA DER (r||s with --raw-sig), Ed25519 64\n"
	  "bytes.  ECDSA/DSA nonces are RFC 6979, hedged with fresh random." },
	{ "verify", cmd_verify,
	  O(OPT_KEY) | O(OPT_ALG) | O(OPT_IN) | O(OPT_SIG) | O(OPT_HASH) |
	  O(OPT_MGF1) | O(OPT_SALT) | O(OPT_PREHASHED) | O(OPT_RAW_SIG), 1,
	  "verify --key FILE --alg ALG --sig SIG [--hash H] [--salt N]\n"
	  "       [--mgf1 H] [--prehashed] [--raw-sig] [IN | --in IN]",
	  "check a signature: exit 0 if good, 1 if not",
	  "Check the signature in SIG over IN (default standard input) with\n"
	  "FILE: a public key (PEM/DER SPKI or PKCS#1, as 'openssl pkey\n"
	  "-pubout' writes; no master key needed), or a key blob.  Options as\n"
	  "for sign; rsa-pss accepts any salt length unless --salt is given.\n"
	  "Exit 0 if the signature is good, 1 (\"signature verification\n"
	  "failed\") if not, also for a malformed signature." },
	{ "derive", cmd_derive,
	  O(OPT_KEY) | O(OPT_PEER) | O(OPT_OUT_TYPE) | O(OPT_OUT) |
	  O(OPT_EXPORTABLE) | O(OPT_WRAPPABLE) | O(OPT_HASHABLE) |
	  O(OPT_USAGE) | O(OPT_ALGS) | O(OPT_LABEL) | O(OPT_ID), 0,
	  "derive --key FILE --peer PEER [--out-type hmac|aes] [KEY OPTIONS]\n"
	  "       [--out FILE]",
	  "key agreement (ECDH, X25519, DH) into a new secret key",
	  "Combine our private key (FILE: an ec, x25519 or dh key blob or\n"
	  "PEM/DER private key, with the derive usage) with the peer's public\n"
	  "key PEER (PEM/DER SPKI, a key blob, or the raw public value: EC\n"
	  "point, 32 bytes, DH y) into a new secret key of --out-type (hmac:\n"
	  "a generic secret, the default; aes: secrets of 16, 24 or 32\n"
	  "bytes).  The secret is the raw shared value (as 'openssl pkeyutl\n"
	  "-derive').  --out writes the new key as a storage blob; with\n"
	  "--exportable the secret is also printed in hex.  One of them is\n"
	  "required.  Key options as for 'key generate' (not --trusted)." },
};

static void __attribute__((noreturn)) global_help(void)
{
	size_t i;

	printf("Usage: ncrtool [--device PATH] COMMAND [OPTIONS]\n"
	       "Kernel cryptography through /dev/crypto (ncr): keys stay in "
	       "the kernel.\n\nCommands:\n");
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		printf("  %s\n      %s\n", commands[i].synopsis,
		       commands[i].summary);
	printf("\n%s\nThey apply to key generate, key import and key unwrap; "
	       "derive takes all\nbut --trusted.\n", KEY_OPTIONS_HELP);
	printf("\nKey wrap (key wrap, key unwrap): --alg rfc5649 (default, any "
	       "key length)\nor rfc3394 (multiples of 8 bytes from 16); the "
	       "wrapping key is an AES key\nwith the wrap / unwrap usage.  A "
	       "key is wrapped only if it is --wrappable, and\neither "
	       "--exportable or wrapped under a --trusted key.  An unwrapped "
	       "key may be\n--exportable or --hashable only if the wrapping key "
	       "is exportable.\n"
	       "\nKey pairs (key generate --alg): rsa-2048|3072|4096, "
	       "ec-p256|p384, ed25519,\nx25519, dsa-2048|2048-224|3072, "
	       "dh-ffdhe2048|3072|4096; --pub-out F writes\nthe public key "
	       "(SPKI; --pem for PEM).  Any --key FILE may also be a PEM/DER\n"
	       "key as OpenSSL writes it (PKCS#8, SPKI, PKCS#1), imported for "
	       "that command.\n"
	       "\nKey files are storage blobs: the kernel wraps keys under the "
	       "master key,\nand each command unwraps its --key FILE again.  "
	       "'-' or a missing --in/--out\nmeans standard input/output.  "
	       "Output files are completed under a temporary\nname and "
	       "renamed into place (with mode 0600).\n"
	       "\nGlobal options:\n"
	       "  --device PATH   the ncr device (default: $NCR_DEVICE, else "
	       "/dev/crypto)\n"
	       "  -h, --help      this help; 'ncrtool COMMAND --help' for one "
	       "command\n"
	       "  -V, --version   print the version\n"
	       "\nExit status:\n"
	       "  0  success\n"
	       "  1  verification failed: bad MAC, tag or padding, a "
	       "corrupt or\n"
	       "     truncated encrypted file, a wrapped key that does not "
	       "unwrap,\n"
	       "     a bad signature, or an RSA ciphertext that does not "
	       "decrypt\n"
	       "  2  usage error\n"
	       "  3  ncr/kernel error (no device, operation refused, ...)\n"
	       "  4  file I/O error\n"
	       "\nSee ncrtool(1).\n");
	exit(0);
}

int main(int argc, char **argv)
{
	const struct command *c = NULL;
	struct opts o;
	int i = 1, words = 1;
	size_t k;

	/* Global options come before the command. */
	while (i < argc && argv[i][0] == '-' && argv[i][1]) {
		const char *a = argv[i];

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			global_help();
		} else if (!strcmp(a, "--version") || !strcmp(a, "-V")) {
			printf("ncrtool %s (ncr ABI %d)\n", NCRTOOL_VERSION,
			       NCR_ABI_VERSION);
			return 0;
		} else if (!strcmp(a, "--device")) {
			if (i + 1 >= argc)
				die_usage("option '--device' needs an "
					  "argument");
			g_device = argv[++i];
		} else if (!strncmp(a, "--device=", 9)) {
			g_device = a + 9;
		} else if (!strcmp(a, "--")) {
			i++;
			break;
		} else {
			die_usage("unknown option '%s' (see 'ncrtool --help')",
				  a);
		}
		i++;
	}
	if (i >= argc)
		die_usage("no command given (see 'ncrtool --help')");

	/* Commands are one or two words ("key generate"). */
	for (k = 0; k < ARRAY_SIZE(commands) && !c; k++) {
		const char *n = commands[k].name, *sp = strchr(n, ' ');

		if (!sp) {
			if (!strcmp(argv[i], n)) {
				c = &commands[k];
				words = 1;
			}
		} else if (!strncmp(argv[i], n, (size_t)(sp - n)) &&
			   argv[i][sp - n] == 0) {
			if (i + 1 < argc && !strcmp(argv[i + 1], sp + 1)) {
				c = &commands[k];
				words = 2;
			}
		}
	}
	if (!c) {
		/* "key" or "master-key" alone, or with a bad subcommand. */
		for (k = 0; k < ARRAY_SIZE(commands); k++) {
			const char *n = commands[k].name;
			size_t l = strlen(argv[i]);

			if (!strncmp(n, argv[i], l) && n[l] == ' ') {
				g_cmd = argv[i];
				if (i + 1 < argc && (!strcmp(argv[i + 1],
							      "--help") ||
						     !strcmp(argv[i + 1], "-h")))
					global_help();
				if (i + 1 >= argc)
					die_usage("missing subcommand (see "
						  "'ncrtool --help')");
				die_usage("unknown subcommand '%s' (see "
					  "'ncrtool --help')", argv[i + 1]);
			}
		}
		die_usage("unknown command '%s' (see 'ncrtool --help')",
			  argv[i]);
	}
	g_cmd = c->name;
	g_command = c;
	i += words - 1;	/* argv[i] is the last command word */
	parse_opts(c, argc - i, argv + i, &o);
	return c->run(&o);
}
