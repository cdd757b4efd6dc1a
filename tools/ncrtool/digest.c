// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tools/ncrtool/digest.c - part of build/bin/ncrtool (see main.c):
 * digests and MACs: digest, mac and verify-mac.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ncrtool.h"

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

/* A digest or MAC session of alg over the whole file path, up to final. */
static uint32_t session_over_file(int ctx, uint32_t alg, uint32_t op,
				  uint32_t key, size_t tag_size,
				  const char *path, const char *keyname)
{
	uint32_t ses;
	int ret;

	ret = ncr_session_init(ctx, alg, op, key, NULL, 0, tag_size, 0, &ses);
	if (ret && key && (ret == -EPERM || ret == -EINVAL))
		die_key_refused(ret, ctx, key, keyname, op == NCR_OP_SIGN ?
				NCR_KEY_USAGE_SIGN : NCR_KEY_USAGE_VERIFY, alg,
				ncr_alg_name(alg));
	if (ret)
		die_ncr(ret, NULL);
	feed_file(ctx, ses, path, 0);
	return ses;
}

/*
 * digest of several files: small regular files (up to CHUNK bytes) are
 * read whole and hashed together, one NCRIO_BATCH for all of them
 * instead of a session (init, update, final) each; anything else, and
 * anything that goes wrong on the way, takes the one-file path, after
 * the batch gathered so far has been run and printed.  So the lines, the
 * message of the first error and the exit status are those of hashing
 * the files one by one, in order.
 */
struct digest_job {
	int ctx;
	uint32_t alg;
	struct ncr_batch_ctx *b;
	const char *name[1 + 64];	/* the files in the batch, in order */
	uint8_t *data[1 + 64];		/* the files' bytes, + 1 */
	size_t len[1 + 64];
	uint8_t md[1 + 64][NCR_MAX_TAG];
};

/* A name with a newline or a backslash is escaped as sha256sum does:
 * the line starts with a backslash, and the name has \\ and \n. */
static int needs_escape(const char *name)
{
	return strpbrk(name, "\\\n") != NULL;
}

static void print_name(const char *name)
{
	for (; *name; name++) {
		if (*name == '\\')
			fputs("\\\\", stdout);
		else if (*name == '\n')
			fputs("\\n", stdout);
		else
			putchar(*name);
	}
}

static void print_digest(const uint8_t *md, size_t len, const char *name)
{
	int esc = needs_escape(name);

	if (esc)
		putchar('\\');
	print_hex(stdout, md, len);
	fputs("  ", stdout);
	if (esc)
		print_name(name);
	else
		fputs(name, stdout);
	putchar('\n');
}

/*
 * The digest of one file through a session.  A file that cannot be
 * opened or read is reported (as sha256sum does) and 0 returned, and the
 * command goes on with the next; a kernel error ends it (exit 3).
 */
static int digest_file(int ctx, uint32_t alg, const char *path,
		       uint8_t *md, size_t *md_len)
{
	uint8_t *buf;
	struct progress pr;
	uint32_t ses;
	ssize_t n;
	int fd, ret, e = 0;

	if (is_stdio(path)) {
		take_stdin(NULL);
		fd = STDIN_FILENO;
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			warn_msg("%s: %s", path, strerror(errno));
			return 0;
		}
	}
	ret = ncr_session_init(ctx, alg, NCR_OP_SIGN, 0, NULL, 0, 0, 0, &ses);
	if (ret)
		die_ncr(ret, NULL);
	buf = xmalloc(CHUNK);
	progress_start(&pr, g_cmd, fd_size(fd));
	for (;;) {
		n = read(fd, buf, CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			e = n < 0 ? errno : 0;
			break;
		}
		ret = ncr_session_update(ctx, ses, buf, (size_t)n, NULL,
					 NULL);
		if (ret)
			die_ncr(ret, NULL);
		progress_add(&pr, (uint64_t)n);
	}
	progress_end(&pr);
	free(buf);
	if (fd != STDIN_FILENO)
		close(fd);
	if (e) {
		ncr_session_free(ctx, ses);
		warn_msg("%s: %s", in_name(path), strerror(e));
		return 0;
	}
	ret = ncr_session_final(ctx, ses, NULL, 0, NULL, NULL, md, md_len);
	if (ret)
		die_ncr(ret, NULL);
	return 1;
}

/* One file through a session; 0 (reported) if it could not be read. */
static int digest_one(int ctx, uint32_t alg, const char *path)
{
	uint8_t md[NCR_MAX_TAG];
	size_t md_len = sizeof(md);

	if (!digest_file(ctx, alg, path, md, &md_len))
		return 0;
	print_digest(md, md_len, path);
	return 1;
}

/*
 * Runs the batch and prints its files' digests in order; the first that
 * failed ends ncrtool with its error, as its session would have.  A
 * kernel without NCRIO_BATCH (ENOTTY) gets one call per file.
 */
static void digest_flush(struct digest_job *j)
{
	size_t i, n = ncr_batch_count(j->b), md_len;
	int ret, err;

	if (!n)
		return;
	ret = ncr_batch_run(j->ctx, j->b, NCR_BATCH_FLAG_STOP_ON_ERROR);
	for (i = 0; i < n; i++) {
		if (ret < 0) {
			/* no NCRIO_BATCH (ENOTTY), or the batch itself
			 * refused: one call per file */
			md_len = sizeof(j->md[i]);
			err = ncr_digest(j->ctx, j->alg, j->data[i], j->len[i],
					 j->md[i], &md_len);
		} else {
			err = ncr_batch_result(j->b, i, NULL, &md_len, NULL);
			if (!err && md_len > sizeof(j->md[i]))
				err = -EPROTO;
		}
		if (err)
			die_ncr(err, NULL);
		print_digest(j->md[i], md_len, j->name[i]);
		explicit_bzero(j->data[i], j->len[i]);
		free(j->data[i]);
		j->data[i] = NULL;
	}
	ncr_batch_reset(j->b);
}

/*
 * Reads path into the next slot if it is a small regular file; 1 if it
 * was added to the batch, 0 if it must take the one-file path (not a
 * regular file, too big, or any error: that path reports it).
 */
static int digest_add(struct digest_job *j, const char *path)
{
	size_t k = ncr_batch_count(j->b), n, size;
	struct stat st;
	ssize_t r = 0;
	uint8_t *buf;
	int fd;

	if (is_stdio(path) || stat(path, &st) || !S_ISREG(st.st_mode) ||
	    st.st_size > CHUNK)
		return 0;
	size = (size_t)st.st_size;
	/* O_NONBLOCK: should it no longer be a regular file, no waiting */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return 0;
	/* one byte more than stat said: a file that grew is not taken */
	buf = xmalloc(size + 1);
	for (n = 0; n <= size; n += (size_t)r) {
		r = read(fd, buf + n, size + 1 - n);
		if (r < 0 && errno == EINTR) {
			r = 0;
			continue;
		}
		if (r <= 0)
			break;
	}
	close(fd);
	if (r < 0 || n > size) {
		explicit_bzero(buf, n);
		free(buf);
		return 0;
	}
	j->name[k] = path;
	j->data[k] = buf;
	j->len[k] = n;
	if (ncr_batch_add_digest(j->b, j->alg, buf, n, j->md[k],
				 sizeof(j->md[k])) != (int)k)
		die_ncr(-EPROTO, NULL);
	return 1;
}

/* ------------------------------------------------------------------ */
/* digest --check: the lines of sha256sum -c                          */

static int hexdigit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * One line of a checksum list: "HEX  NAME" (text) or "HEX *NAME"
 * (binary; the same bytes here), a leading backslash if NAME has \\ or
 * \n escapes.  Fills want and name (unescaped in place); 0 if the line
 * is not of that form for a digest of md_len bytes.
 */
static int parse_check_line(char *line, size_t md_len, uint8_t *want,
			    char **name)
{
	int esc = 0;
	size_t i;
	char *p, *q;

	if (*line == '\\') {
		esc = 1;
		line++;
	}
	for (i = 0; i < md_len; i++) {
		int hi = hexdigit((unsigned char)line[2 * i]);
		int lo = hi < 0 ? -1 : hexdigit((unsigned char)line[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return 0;
		want[i] = (uint8_t)(hi << 4 | lo);
	}
	p = line + 2 * md_len;
	if (p[0] != ' ' || (p[1] != ' ' && p[1] != '*') || !p[2])
		return 0;
	*name = p + 2;
	if (!esc)
		return 1;
	for (p = q = *name; *p; p++) {
		if (*p != '\\') {
			*q++ = *p;
			continue;
		}
		if (p[1] == '\\')
			*q++ = '\\';
		else if (p[1] == 'n')
			*q++ = '\n';
		else
			return 0;
		p++;
	}
	*q = 0;
	return 1;
}

/* "NAME: OK", the name escaped as in the list (sha256sum -c does so) */
static void print_status(const char *name, const char *status)
{
	if (needs_escape(name)) {
		putchar('\\');
		print_name(name);
	} else {
		fputs(name, stdout);
	}
	printf(": %s\n", status);
}

static void plural_warning(unsigned long n, const char *one,
			   const char *many)
{
	if (n)
		warn_msg("WARNING: %lu %s", n, n == 1 ? one : many);
}

static int digest_check(struct opts *o, uint32_t alg)
{
	struct ncr_alg_props ap;
	unsigned long bad_lines = 0, unread = 0, mismatch = 0, good_lines = 0;
	uint8_t want[NCR_MAX_TAG], md[NCR_MAX_TAG];
	size_t md_len, cap = 0;
	char *line = NULL, *name;
	ssize_t len;
	FILE *f;
	int ctx;

	if (o->nargs || o->in)
		die_usage("--check reads the names of the files to check from "
			  "%s: give no other files", in_name(o->check));
	if (is_stdio(o->check)) {
		take_stdin("(--check -)");
		f = stdin;
	} else {
		f = fopen(o->check, "re");
		if (!f)
			die_io(o->check, errno);
	}
	ncr_alg_props(alg, &ap);
	ctx = open_device();
	while ((len = getline(&line, &cap, f)) >= 0) {
		if (len && line[len - 1] == '\n')
			line[--len] = 0;
		if (!parse_check_line(line, ap.tag_size, want, &name)) {
			bad_lines++;
			continue;
		}
		good_lines++;
		md_len = sizeof(md);
		if (!digest_file(ctx, alg, name, md, &md_len)) {
			print_status(name, "FAILED open or read");
			unread++;
			continue;
		}
		if (md_len != ap.tag_size || memcmp(md, want, md_len)) {
			print_status(name, "FAILED");
			mismatch++;
		} else if (!g_quiet) {
			print_status(name, "OK");
		}
	}
	if (ferror(f))
		die_io(in_name(o->check), errno);
	if (f != stdin)
		fclose(f);
	free(line);
	ncr_close(ctx);
	flush_stdout();
	if (!good_lines) {
		warn_msg("%s: no properly formatted %s checksum lines found",
			 in_name(o->check), ncr_alg_name(alg));
		return 1;
	}
	plural_warning(bad_lines, "line is improperly formatted",
		       "lines are improperly formatted");
	plural_warning(unread, "listed file could not be read",
		       "listed files could not be read");
	plural_warning(mismatch, "computed checksum did NOT match",
		       "computed checksums did NOT match");
	return unread || mismatch ? 1 : 0;
}

/*
 * digest: like sha256sum, a file that cannot be read is reported and the
 * others still get their lines; the exit status is then 1 (as
 * sha256sum's).  --alg defaults to sha256.
 */
int cmd_digest(struct opts *o)
{
	uint32_t alg = hash_alg(o->alg ? o->alg : "sha256", 0);
	const char *files[1 + 64];
	struct digest_job *j = NULL;
	int nfiles = 0, i, ctx, stdin_used = 0, failed = 0;

	if (o->check)
		return digest_check(o, alg);
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
	if (nfiles > 1) {
		j = xmalloc(sizeof(*j));
		memset(j, 0, sizeof(*j));
		j->ctx = ctx;
		j->alg = alg;
		j->b = ncr_batch_new((size_t)nfiles);
		if (!j->b)
			die(EXIT_IO, "out of memory");
	}
	for (i = 0; i < nfiles; i++) {
		if (j && digest_add(j, files[i]))
			continue;
		if (j)
			digest_flush(j);
		/* the lines so far are out before a message about this one */
		fflush(stdout);
		if (!digest_one(ctx, alg, files[i]))
			failed = 1;
	}
	if (j) {
		digest_flush(j);
		ncr_batch_free(j->b);
		free(j);
	}
	ncr_close(ctx);
	flush_stdout();
	return failed ? EXIT_VERIFY : 0;
}

int cmd_mac(struct opts *o)
{
	uint32_t alg = hash_alg(o->alg, 1), key, ses;
	uint8_t mac[NCR_MAX_TAG];
	size_t mac_len = sizeof(mac), mac_size;
	int ctx, ret;

	need(o->key, "--key");
	mac_size = mac_size_opt(o, alg);
	key = open_keyfile(o->key, 0, 0, NULL, &ctx);
	check_key(ctx, key, o->key, alg, NCR_KEY_USAGE_SIGN, 0, o->alg);
	/* tag_size at init: the length of the (truncated) MAC */
	ses = session_over_file(ctx, alg, NCR_OP_SIGN, key, mac_size, o->in,
				o->key);
	ret = ncr_session_final(ctx, ses, NULL, 0, NULL, NULL, mac, &mac_len);
	if (ret)
		die_ncr(ret, NULL);
	if (mac_size && mac_len != mac_size)
		die(EXIT_NCR, "the kernel returned a %zu-byte MAC for "
		    "--mac-size %zu", mac_len, mac_size);
	print_hex(stdout, mac, mac_len);
	putchar('\n');
	ncr_close(ctx);
	flush_stdout();
	return 0;
}

/*
 * The length checked is the algorithm's full MAC length, or --mac-size:
 * chosen by the verifier, never by the MAC it is given.  A MAC of any
 * other length fails (the kernel is told the length before it sees the
 * MAC, and fails any other; ncrtool does not rely on that alone).
 */
int cmd_verify_mac(struct opts *o)
{
	uint32_t alg = hash_alg(o->alg, 1), key, ses;
	uint8_t mac[NCR_MAX_TAG];
	struct ncr_alg_props p;
	size_t mac_len, mac_size, want;
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
	key = open_keyfile(o->key, 0, 0, NULL, &ctx);
	check_key(ctx, key, o->key, alg, NCR_KEY_USAGE_VERIFY, 0, o->alg);
	ses = session_over_file(ctx, alg, NCR_OP_VERIFY, key, mac_size, o->in,
				o->key);
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
