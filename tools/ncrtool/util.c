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
#include <sys/sysmacros.h>
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
	/* stat follows symlinks, as realpath did: the mode of the file the
	 * rename replaces */
	mode = stat(target, &st) == 0 ? st.st_mode & 0777 :
	       new_file_mode(secret);
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
 * The device a command opens, and where that name came from: --device,
 * $NCR_DEVICE (secure_getenv, as libncr's ncr_open), else /dev/crypto.
 */
static const char *device_path(const char **from)
{
	const char *env = secure_getenv("NCR_DEVICE");

	if (g_device && *g_device) {
		*from = " (--device)";
		return g_device;
	}
	if (env && *env) {
		*from = " (from $NCR_DEVICE)";
		return env;
	}
	*from = "";
	return "/dev/crypto";
}

/* "MAJ:MIN" of ncr's misc device as sysfs has it; 0 if not there. */
static int ncr_devnum(unsigned int *maj, unsigned int *min)
{
	FILE *f = fopen("/sys/class/misc/crypto/dev", "re");
	int n;

	if (!f)
		return 0;
	n = fscanf(f, "%u:%u", maj, min);
	fclose(f);
	return n == 2;
}

static int ncr_loaded(void)
{
	struct stat st;

	return stat("/sys/module/ncr", &st) == 0;
}

/* The driver behind char device MAJ:MIN, from /sys/dev/char; NULL if
 * none (a number nobody registered). */
static const char *char_driver(unsigned int maj, unsigned int min,
			       char *buf, size_t len)
{
	char link[64], target[256];
	ssize_t n;
	const char *slash;

	snprintf(link, sizeof(link), "/sys/dev/char/%u:%u", maj, min);
	n = readlink(link, target, sizeof(target) - 1);
	if (n <= 0)
		return NULL;
	target[n] = 0;
	slash = strrchr(target, '/');
	slash = slash ? slash + 1 : target;
	if (strlen(slash) >= len)
		return NULL;
	memcpy(buf, slash, strlen(slash) + 1);
	return buf;
}

/*
 * Why the device at path cannot be used: one sentence in why, naming the
 * path and the fix, and NCR_DEV_* as K's ncr_device_check (the contract
 * of issue 13) returns: 0 the node is ncr's; NOT_LOADED, NO_NODE,
 * WRONG_NUMBER, NOT_NCR, NO_ACCESS.  err: the errno of the open that
 * failed (0: it succeeded; then only NOT_NCR/WRONG_NUMBER are found).
 */
enum { DEV_OK, DEV_NOT_LOADED, DEV_NO_NODE, DEV_WRONG_NUMBER, DEV_NOT_NCR,
       DEV_NO_ACCESS };

static int device_diagnose(const char *path, const char *from, int err,
			   char *why, size_t len)
{
	unsigned int maj = 0, min = 0;
	int have_num = ncr_devnum(&maj, &min), loaded = ncr_loaded();
	char drv[64];
	struct stat st;

	if (stat(path, &st) < 0) {
		if (errno == EACCES) {
			snprintf(why, len, "%s%s: permission denied on a "
				 "directory of its path", path, from);
			return DEV_NO_ACCESS;
		}
		if (!loaded) {
			snprintf(why, len, "%s%s does not exist, and the ncr "
				 "module is not loaded: load it with 'modprobe "
				 "ncr' (as root)", path, from);
			return DEV_NOT_LOADED;
		}
		if (have_num)
			snprintf(why, len, "%s%s does not exist, but the ncr "
				 "module is loaded as %u:%u: udev makes "
				 "/dev/crypto (see /usr/lib/udev/rules.d/"
				 "60-ncr.rules), or 'mknod %s c %u %u' (as "
				 "root)", path, from, maj, min, path, maj, min);
		else
			snprintf(why, len, "%s%s does not exist, but the ncr "
				 "module is loaded", path, from);
		return DEV_NO_NODE;
	}
	if (!S_ISCHR(st.st_mode)) {
		if (have_num)
			snprintf(why, len, "%s%s is not a character device, "
				 "so not the ncr device (ncr is the character "
				 "device %u:%u)", path, from, maj, min);
		else
			snprintf(why, len, "%s%s is not a character device, "
				 "so not the ncr device", path, from);
		return DEV_NOT_NCR;
	}
	if (have_num && (major(st.st_rdev) != maj ||
			 minor(st.st_rdev) != min)) {
		const char *d = char_driver(major(st.st_rdev),
					    minor(st.st_rdev), drv,
					    sizeof(drv));

		if (d) {
			snprintf(why, len, "%s%s is the character device "
				 "%u:%u of '%s', not the ncr device (%u:%u)",
				 path, from, major(st.st_rdev),
				 minor(st.st_rdev), d, maj, min);
			return DEV_NOT_NCR;
		}
		snprintf(why, len, "%s%s is %u:%u but ncr is %u:%u (stale node: "
			 "remove it and reload the module or run 'udevadm "
			 "trigger', or 'mknod %s c %u %u' as root)", path, from,
			 major(st.st_rdev), minor(st.st_rdev), maj, min, path,
			 maj, min);
		return DEV_WRONG_NUMBER;
	}
	if (!have_num && !loaded && err) {
		const char *d = char_driver(major(st.st_rdev),
					    minor(st.st_rdev), drv,
					    sizeof(drv));

		if (d) {
			snprintf(why, len, "%s%s is the character device "
				 "%u:%u of '%s', not the ncr device, and the "
				 "ncr module is not loaded ('modprobe ncr')",
				 path, from, major(st.st_rdev),
				 minor(st.st_rdev), d);
			return DEV_NOT_NCR;
		}
		snprintf(why, len, "%s%s is %u:%u, but the ncr module is not "
			 "loaded: load it with 'modprobe ncr' (as root)",
			 path, from, major(st.st_rdev), minor(st.st_rdev));
		return DEV_NOT_LOADED;
	}
	if (!have_num && !err) {
		/* opened, but sysfs does not say ncr's number: another
		 * driver if sysfs names one for it */
		const char *d = char_driver(major(st.st_rdev),
					    minor(st.st_rdev), drv,
					    sizeof(drv));

		if (d && strcmp(d, "crypto")) {
			snprintf(why, len, "%s%s is the character device "
				 "%u:%u of '%s', not the ncr device", path,
				 from, major(st.st_rdev), minor(st.st_rdev), d);
			return DEV_NOT_NCR;
		}
		return DEV_OK;
	}
	if (err == EACCES || err == EPERM) {
		snprintf(why, len, "%s%s: permission denied (mode %04o, owner "
			 "%u, group %u): the administrator sets who may use "
			 "ncr with a udev rule (/etc/udev/rules.d/"
			 "60-ncr.rules) or the dev_mode module parameter",
			 path, from, (unsigned int)(st.st_mode & 07777),
			 (unsigned int)st.st_uid, (unsigned int)st.st_gid);
		return DEV_NO_ACCESS;
	}
	if (err) {
		snprintf(why, len, "%s%s: %s", path, from, strerror(err));
		return DEV_NOT_NCR;
	}
	return DEV_OK;
}

/*
 * Opens the ncr device (--device, $NCR_DEVICE or /dev/crypto).  On
 * failure, or if the node opened is not ncr's, says why, naming the path
 * actually tried: module not loaded, node missing, stale node with the
 * wrong number, another driver's node, permission denied (exit 3).
 */
int open_device(void)
{
	const char *from, *path = device_path(&from);
	int fd = ncr_open_device(path), err = fd < 0 ? -fd : 0;
	char why[512];

	/* libncr says ENODEV for a missing node; the open's own errno
	 * is only needed for what is left */
	if (err == ENODEV)
		err = ENOENT;
	if (fd >= 0 && !device_diagnose(path, from, 0, why, sizeof(why)))
		return fd;
	if (fd >= 0) {
		close(fd);
		die(EXIT_NCR, "%s", why);
	}
	if (device_diagnose(path, from, err, why, sizeof(why)))
		die(EXIT_NCR, "%s", why);
	die(EXIT_NCR, "%s%s: %s", path, from, ncr_strerror(fd));
}
