// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tools/ncrtool/util.c - part of build/bin/ncrtool (see main.c): the
 * helpers every command uses: one-line messages and the exit codes,
 * reading input files and writing output files (through a temporary file
 * renamed into place), hex, random bytes, and opening the device.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "ncrtool.h"

const char *g_cmd;			/* command named in messages */
const char *g_device;			/* --device, NULL: libncr default */
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

void __attribute__((noreturn, format(printf, 2, 3)))
die(int code, const char *fmt, ...)
{
	va_list ap;

	progress_clear();
	fprintf(stderr, g_cmd ? "ncrtool: %s: " : "ncrtool: ", g_cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	remove_tmp();
	exit(code);
}

/*
 * The sentence for a kernel/library error.  EPERM is libncr's sentence
 * without its "or missing CAP_SYS_ADMIN": the commands that need the
 * capability (master-key set, --trusted, key trust) say so themselves,
 * and every other EPERM is the key's policy.
 */
const char *ncr_reason(int err)
{
	if (err == -EPERM || err == EPERM)
		return "not permitted by the key's policy (flags, usage or "
		       "algorithm set: see 'ncrtool key info --key FILE')";
	return ncr_strerror(err);
}

/* A message that does not end the command ("ncrtool: digest: ..."). */
void __attribute__((format(printf, 1, 2)))
warn_msg(const char *fmt, ...)
{
	va_list ap;

	progress_clear();
	fflush(stdout);
	fprintf(stderr, g_cmd ? "ncrtool: %s: " : "ncrtool: ", g_cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* A kernel/library error, optionally about a named file. */
void __attribute__((noreturn))
die_ncr(int err, const char *about)
{
	if (about)
		die(EXIT_NCR, "%s: %s", about, ncr_reason(err));
	die(EXIT_NCR, "%s", ncr_reason(err));
}

void __attribute__((noreturn))
die_io(const char *file, int err)
{
	die(EXIT_IO, "%s: %s", file, strerror(err));
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die(EXIT_IO, "out of memory (%zu bytes)", n);
	return p;
}

/* ------------------------------------------------------------------ */
/* files                                                              */

int is_stdio(const char *path)
{
	return !path || !strcmp(path, "-");
}

const char *in_name(const char *path)
{
	return is_stdio(path) ? "standard input" : path;
}

/*
 * "-" (or no file) is standard input; it can be read only once in a
 * command (--in - --key -, --in - --aad -, ...: a usage error).
 */
static int g_stdin_taken;

void take_stdin(const char *what)
{
	if (g_stdin_taken++)
		die_usage("standard input ('-') is given twice%s%s: it can be "
			  "read only once", what ? " " : "", what ? what : "");
}

int open_in(const char *path)
{
	int fd;

	if (is_stdio(path)) {
		take_stdin(NULL);
		return STDIN_FILENO;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die_io(path, errno);
	return fd;
}

uint64_t fd_size(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < 0)
		return 0;
	return (uint64_t)st.st_size;
}

void close_in(int fd)
{
	if (fd != STDIN_FILENO)
		close(fd);
}

/* Reads until len bytes or end of file; returns the bytes read. */
size_t read_full(int fd, void *buf, size_t len, const char *name)
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
size_t slurp(const char *path, void *buf, size_t max,
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
 * Feeds a whole file into the session ses, CHUNK bytes at a time: as the
 * data (aad 0) or as associated data (aad 1).  Returns the bytes fed.
 */
size_t feed_file(int ctx, uint32_t ses, const char *path, int aad)
{
	uint8_t *buf = xmalloc(CHUNK);
	int fd = open_in(path);
	size_t n, total = 0;
	struct progress pr;
	int ret;

	/* associated data is not what the user waits for */
	if (!aad)
		progress_start(&pr, g_cmd, fd_size(fd));
	while ((n = read_full(fd, buf, CHUNK, in_name(path))) > 0) {
		if (aad)
			ret = ncr_session_aad(ctx, ses, buf, n);
		else
			ret = ncr_session_update(ctx, ses, buf, n, NULL, NULL);
		if (ret)
			die_ncr(ret, aad ? "associated data" : NULL);
		total += n;
		if (!aad)
			progress_add(&pr, n);
	}
	if (!aad)
		progress_end(&pr);
	close_in(fd);
	explicit_bzero(buf, CHUNK);
	free(buf);
	return total;
}

/*
 * The mode of a new output file: secret material (key blobs of secret and
 * private keys, exported secret keys, wrapped keys) 0600; anything else
 * (public keys, signatures, digests, ciphertext, decrypted data) 0666
 * less the umask, as cp or openssl would make it.  A file that exists
 * keeps its mode (the temporary file gets it before the rename).
 */
static mode_t new_file_mode(int secret)
{
	mode_t mask = umask(077);

	umask(mask);
	return secret ? 0600 : 0666 & ~mask;
}

static int g_stdout_taken;

void out_open_mode(struct output *o, const char *path, int secret)
{
	struct stat st;
	char *target;
	mode_t mode;
	int exists;

	o->final_path = NULL;
	if (is_stdio(path)) {
		if (g_stdout_taken++)
			die_usage("standard output ('-') is given twice: name "
				  "a file for one of the outputs");
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
	/* stat follows symlinks, as realpath did: the mode (and owner) of
	 * the file the rename replaces */
	exists = stat(target, &st) == 0 && S_ISREG(st.st_mode);
	mode = exists ? st.st_mode & 0777 : new_file_mode(secret);
	if (asprintf(&g_tmp_path, "%s.ncrtool-XXXXXX", target) < 0) {
		g_tmp_path = NULL;
		die(EXIT_IO, "out of memory");
	}
	/* mkostemp makes the file 0600: no window where secret material
	 * is readable by others; the final mode comes before any write */
	o->fd = mkostemp(g_tmp_path, O_CLOEXEC);
	if (o->fd < 0) {
		int e = errno;

		free(g_tmp_path);
		g_tmp_path = NULL;
		die_io(path, e);
	}
	/* the old file's owner and group too, where allowed (root
	 * rewriting a user's file; a group the user is in); else ours */
	if (exists && (st.st_uid != geteuid() || st.st_gid != getegid()) &&
	    fchown(o->fd, st.st_uid, st.st_gid) < 0 &&
	    fchown(o->fd, (uid_t)-1, st.st_gid) < 0) {
		/* neither: the new file is the caller's own */
	}
	if (fchmod(o->fd, mode) < 0)
		die_io(path, errno);
	o->final_path = target;
}

void out_open(struct output *o, const char *path)
{
	out_open_mode(o, path, 0);
}

void out_write(struct output *o, const void *buf, size_t len)
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

void out_commit(struct output *o)
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

/* Writes a whole output file (or standard output) at once; secret: see
 * out_open_mode. */
void write_file_mode(const char *path, const void *buf, size_t len,
		     int secret)
{
	struct output o;

	out_open_mode(&o, path, secret);
	out_write(&o, buf, len);
	out_commit(&o);
}

void write_file(const char *path, const void *buf, size_t len)
{
	struct output o;

	out_open(&o, path);
	out_write(&o, buf, len);
	out_commit(&o);
}

/* What a command printed on standard output is complete. */
void flush_stdout(void)
{
	if (fflush(stdout))
		die_io("standard output", errno);
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
size_t parse_hex(const char *s, uint8_t *out, size_t max,
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

void print_hex(FILE *f, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		fprintf(f, "%02x", p[i]);
}

void random_bytes(void *buf, size_t len)
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

/* ------------------------------------------------------------------ */
/* the device                                                         */

/*
 * Opens the ncr device (--device, else $NCR_DEVICE, else /dev/crypto, as
 * libncr's ncr_open).  If that fails, or the node opened does not answer
 * NCRIO_INFO (another driver's node, /dev/null), libncr's
 * ncr_device_check() says why in one sentence naming the path actually
 * tried: module not loaded, node missing, stale node of the wrong
 * number, another driver's node, permission denied (exit 3).
 */
int open_device(void)
{
	const char *path = g_device && *g_device ? g_device : NULL;
	int fd = path ? ncr_open_device(path) : ncr_open();
	struct ncr_info in;
	char why[512];

	if (fd >= 0) {
		memset(&in, 0, sizeof(in));
		in.size = NCR_INFO_SIZE_VER0;
		if (ioctl(fd, NCRIO_INFO, &in) == 0)
			return fd;
		close(fd);
		fd = -errno;
	}
	if (ncr_device_check(path, why, sizeof(why)) != NCR_DEV_OK)
		die(EXIT_NCR, "%s", why);
	die(EXIT_NCR, "%s: %s", path ? path : "the ncr device",
	    ncr_strerror(fd));
}
