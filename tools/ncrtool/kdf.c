// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tools/ncrtool/kdf.c - part of build/bin/ncrtool (see main.c): derive
 * --kdf, key derivation functions into a new key in the kernel
 * (NCRIO_KEY_KDF through ncr_key_kdf): HKDF and the SP 800-108 counter
 * KDF from a secret key (a key file, or the secret of a key agreement
 * with --peer that never leaves the kernel), PBKDF2 from a password read
 * from a file or the terminal, never from the command line.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "ncrtool.h"

enum { KDF_HKDF, KDF_PBKDF2, KDF_KBKDF };

static const struct {
	const char *name;
	uint32_t alg;
	int kind;
	uint32_t prf_len;	/* bytes of one PRF output */
} kdfs[] = {
	{ "hkdf-sha256", NCR_ALG_HKDF_SHA256, KDF_HKDF, 32 },
	{ "hkdf-sha384", NCR_ALG_HKDF_SHA384, KDF_HKDF, 48 },
	{ "hkdf-sha512", NCR_ALG_HKDF_SHA512, KDF_HKDF, 64 },
	{ "pbkdf2-sha256", NCR_ALG_PBKDF2_SHA256, KDF_PBKDF2, 32 },
	{ "pbkdf2-sha512", NCR_ALG_PBKDF2_SHA512, KDF_PBKDF2, 64 },
	{ "pbkdf2-sha1", NCR_ALG_PBKDF2_SHA1, KDF_PBKDF2, 20 },
	{ "kbkdf-hmac-sha256", NCR_ALG_KBKDF_HMAC_SHA256, KDF_KBKDF, 32 },
	{ "kbkdf-cmac-aes", NCR_ALG_KBKDF_CMAC_AES, KDF_KBKDF, 16 },
};

/* One input of the KDF: --NAME-hex HEX or --NAME-file F (or neither). */
struct kdf_in {
	uint8_t buf[NCR_KDF_INPUT_MAX];
	size_t len;
	int given;
};

static void kdf_input(const char *hex, const char *file, const char *name,
		      const char *what, struct kdf_in *in)
{
	char opt[32];

	if (hex && file)
		die_usage("--%s-hex and --%s-file both give %s: give one",
			  name, name, what);
	in->given = hex || file;
	in->len = 0;
	if (hex) {
		snprintf(opt, sizeof(opt), "--%s-hex", name);
		in->len = parse_hex(hex, in->buf, sizeof(in->buf), opt);
	} else if (file) {
		in->len = slurp(file, in->buf, sizeof(in->buf), what);
	}
}

/* An option the KDF does not take: a usage error saying what it takes. */
static void not_for(const char *given, const char *kdf, const char *hint)
{
	die_usage("%s does not apply to --kdf %s (%s)", given, kdf, hint);
}

/* ------------------------------------------------------------------ */
/* the password of PBKDF2                                             */

#define PW_MAX NCR_KDF_INPUT_MAX

static struct termios g_tty_saved;

/* A signal while echo is off: echo back on, then the default action. */
static void tty_signal(int sig)
{
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_tty_saved);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* One line from the terminal on standard input, not echoed. */
static size_t prompt_line(const char *prompt, uint8_t *buf)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction sa, old[ARRAY_SIZE(sigs)];
	struct termios t;
	size_t len = 0, i;
	int too_long = 0, eof = 0;
	uint8_t c;

	if (tcgetattr(STDIN_FILENO, &g_tty_saved))
		die_io("standard input", errno);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = tty_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, &old[i]);
	t = g_tty_saved;
	t.c_lflag &= ~(tcflag_t)ECHO;
	t.c_lflag |= ECHONL;
	/* echo off (and what was typed ahead dropped) before the prompt */
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &t))
		die_io("standard input", errno);
	fputs(prompt, stderr);
	fflush(stderr);
	for (;;) {
		ssize_t n = read(STDIN_FILENO, &c, 1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			eof = 1;
			break;
		}
		if (c == '\n')
			break;
		if (len < PW_MAX)
			buf[len++] = c;
		else
			too_long = 1;
	}
	c = 0;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_tty_saved);
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &old[i], NULL);
	if (eof)
		fputc('\n', stderr);
	if (too_long)
		die_usage("the password is longer than %d bytes", PW_MAX);
	if (eof && !len)
		die_usage("no password given");
	return len;
}

/*
 * The password: the one line of a file (without its line end, as
 * openssl's -pass file: and gpg --passphrase-file read it), or typed
 * twice at the terminal, not echoed, when the file is standard input
 * (or not given) and standard input is a terminal.
 */
static size_t read_password(const char *path, uint8_t *buf)
{
	uint8_t again[PW_MAX];
	size_t len, len2;
	int fd, same;

	if (is_stdio(path) && isatty(STDIN_FILENO)) {
		len = prompt_line("Password: ", buf);
		len2 = prompt_line("Password again: ", again);
		same = len == len2 && !memcmp(buf, again, len);
		explicit_bzero(again, sizeof(again));
		if (!same)
			die_usage("the two passwords differ");
	} else {
		if (!path)
			die_usage("no password: give --password-file FILE "
				  "(- for standard input), or run on a "
				  "terminal to be asked for it");
		fd = open_in(path);
		/* room for a line end (CR LF) and one byte too many */
		len = read_full(fd, buf, PW_MAX + 3, in_name(path));
		close_in(fd);
		if (len && buf[len - 1] == '\n') {
			len--;
			if (len && buf[len - 1] == '\r')
				len--;
		}
		if (memchr(buf, '\n', len))
			die_usage("%s: more than one line (the password is the "
				  "file's one line)", in_name(path));
		if (len > PW_MAX)
			die_usage("%s: the password is longer than %d bytes",
				  in_name(path), PW_MAX);
	}
	if (!len)
		die_usage("%s: an empty password (anyone could derive the "
			  "key)", path && !is_stdio(path) ? path :
			  "standard input");
	return len;
}

/* ------------------------------------------------------------------ */
/* derive --kdf                                                       */

/* --out-type of a derived key: hmac (the default), aes, des3, chacha20. */
static uint32_t kdf_type_opt(const char *name)
{
	int t;

	if (!name)
		return NCR_KEY_TYPE_HMAC;
	t = ncr_key_type_from_name(name);
	if (t != NCR_KEY_TYPE_HMAC && t != NCR_KEY_TYPE_AES &&
	    t != NCR_KEY_TYPE_DES3 && t != NCR_KEY_TYPE_CHACHA20)
		die_usage("--out-type: hmac, aes, des3 or chacha20, not '%s'",
			  name);
	return (uint32_t)t;
}

/* --length, or the natural length of the type (hmac: one PRF output);
 * checked against what the kernel takes. */
static uint32_t kdf_length(struct opts *o, uint32_t type, int kind,
			   uint32_t prf_len)
{
	unsigned long len;

	if (!o->have_length)
		return type == NCR_KEY_TYPE_AES ? 32 :
		       type == NCR_KEY_TYPE_DES3 ? 24 :
		       type == NCR_KEY_TYPE_CHACHA20 ? 32 : prf_len;
	len = o->length;
	switch (type) {
	case NCR_KEY_TYPE_AES:
		if (len != 16 && len != 24 && len != 32)
			die_usage("--length: an aes key is 16, 24 or 32 bytes, "
				  "not %lu", len);
		break;
	case NCR_KEY_TYPE_DES3:
		if (len != 24)
			die_usage("--length: a des3 key is 24 bytes, not %lu",
				  len);
		break;
	case NCR_KEY_TYPE_CHACHA20:
		if (len != 32)
			die_usage("--length: a chacha20 key is 32 bytes, not "
				  "%lu", len);
		break;
	default:
		if (len < 1 || len > NCR_MAX_HMAC_KEY_BYTES)
			die_usage("--length: an hmac key is 1 to %d bytes, not "
				  "%lu", NCR_MAX_HMAC_KEY_BYTES, len);
		break;
	}
	if (kind == KDF_HKDF && len > 255UL * prf_len)
		die_usage("--length: HKDF gives at most 255 x %u = %lu bytes",
			  prf_len, 255UL * prf_len);
	return (uint32_t)len;
}

/* Which options the KDF takes: the others are usage errors. */
static void kdf_check_opts(struct opts *o, int kind)
{
	const char *k = o->kdf;

	if (kind != KDF_PBKDF2) {
		if (o->have_iterations || o->password_file)
			not_for(o->have_iterations ? "--iterations" :
				"--password-file", k, "PBKDF2 inputs");
		need(o->key, "--key");
	}
	switch (kind) {
	case KDF_HKDF:
		if (o->label_hex || o->label_file || o->context_hex ||
		    o->context_file)
			not_for("--label-*/--context-*", k, "they are the SP "
				"800-108 Label and Context of kbkdf-*; HKDF "
				"takes --salt-* and --info-*; the new key's "
				"label is --label TEXT or --id HEX");
		break;
	case KDF_KBKDF:
		if (o->salt_hex || o->salt_file || o->info_hex ||
		    o->info_file)
			not_for("--salt-*/--info-*", k, "SP 800-108 takes "
				"--label-hex/--label-file (its Label) and "
				"--context-hex/--context-file (its Context)");
		break;
	default:
		if (o->key || o->peer)
			not_for(o->key ? "--key" : "--peer", k, "PBKDF2 "
				"derives from a password, not from a key");
		if (o->info_hex || o->info_file || o->label_hex ||
		    o->label_file || o->context_hex || o->context_file)
			not_for("--info-*/--label-*/--context-*", k, "PBKDF2 "
				"takes --salt-*, --iterations and the "
				"password");
		if (!o->salt_hex && !o->salt_file)
			die_usage("--kdf %s needs a salt: --salt-hex HEX or "
				  "--salt-file F (e.g. 16 random bytes, kept "
				  "with what the key protects)", k);
		if (!o->have_iterations)
			die_usage("--kdf %s needs --iterations N", k);
		if (o->iterations < 1 ||
		    o->iterations > NCR_PBKDF2_ITERATIONS_MAX)
			die_usage("--iterations: 1 to %d, not %lu",
				  NCR_PBKDF2_ITERATIONS_MAX, o->iterations);
		break;
	}
}

/* At most one input may be standard input. */
static void one_stdin(struct opts *o)
{
	const char *files[] = {
		o->salt_file, o->info_file, o->label_file, o->context_file,
		o->password_file, o->peer,
	};
	size_t i, n = 0;

	for (i = 0; i < ARRAY_SIZE(files); i++)
		n += files[i] && is_stdio(files[i]);
	if (n > 1)
		die_usage("only one input can be standard input (-)");
}

int derive_kdf(struct opts *o)
{
	struct kdf_in salt, info;
	struct ncr_kdf_params p;
	uint8_t password[PW_MAX + 3];
	uint32_t alg, type, length, src = 0, nk;
	struct keypol kp;
	size_t i;
	int kind, ctx, ret;

	for (i = 0; i < ARRAY_SIZE(kdfs); i++)
		if (!strcmp(o->kdf, kdfs[i].name))
			break;
	if (i == ARRAY_SIZE(kdfs))
		die_usage("--kdf: unknown key derivation function '%s' (use "
			  "hkdf-sha256, hkdf-sha384, hkdf-sha512, "
			  "pbkdf2-sha256, pbkdf2-sha512, pbkdf2-sha1, "
			  "kbkdf-hmac-sha256 or kbkdf-cmac-aes)", o->kdf);
	alg = kdfs[i].alg;
	kind = kdfs[i].kind;
	kdf_check_opts(o, kind);
	type = kdf_type_opt(o->out_type);
	length = kdf_length(o, type, kind, kdfs[i].prf_len);
	if (!o->out && !(o->flags & NCR_KEY_FLAG_EXPORTABLE))
		die_usage("nothing to do: give --out FILE for the derived key, "
			  "and/or --exportable to print it");
	one_stdin(o);
	/* Written as a blob with --out: storable then. */
	key_policy_opts(o, type, length * 8, 0, secret_default_usage(type),
			o->out ? NCR_KEY_FLAG_STORABLE : 0, &kp);

	/* the inputs, before the device and the key */
	if (kind == KDF_KBKDF) {
		kdf_input(o->label_hex, o->label_file, "label",
			  "the SP 800-108 Label", &salt);
		kdf_input(o->context_hex, o->context_file, "context",
			  "the SP 800-108 Context", &info);
	} else {
		kdf_input(o->salt_hex, o->salt_file, "salt", "the salt",
			  &salt);
		kdf_input(o->info_hex, o->info_file, "info", "the info",
			  &info);
	}
	memset(&p, 0, sizeof(p));
	p.salt = salt.buf;
	p.salt_len = salt.len;
	p.info = info.buf;
	p.info_len = info.len;
	if (kind == KDF_PBKDF2) {
		p.password = password;
		p.password_len = read_password(o->password_file, password);
		p.iterations = (uint32_t)o->iterations;
	}

	/* the source key */
	if (kind == KDF_PBKDF2) {
		ctx = open_device();
	} else if (o->peer) {
		/* the shared secret: for this KDF only, in this namespace */
		struct ncr_key_policy ip = {
			.usage = NCR_KEY_USAGE_DERIVE,
			.algs = ncr_alg_keybit(alg),
		};

		src = derive_agree(o, alg == NCR_ALG_KBKDF_CMAC_AES ?
				   NCR_KEY_TYPE_AES : NCR_KEY_TYPE_HMAC,
				   &ip, NULL, &ctx);
	} else {
		src = open_keyfile(o->key, NCR_KEY_USAGE_DERIVE, alg,
				   "the source key of a KDF is a secret key: "
				   "a key file of 'key import' or 'key "
				   "generate', or --peer for the secret of a "
				   "key agreement", &ctx);
		check_key(ctx, src, o->key, alg, NCR_KEY_USAGE_DERIVE, 0,
			  o->kdf);
	}

	ret = ncr_key_kdf(ctx, alg, src, &p, type, length, &kp.p, &nk);
	explicit_bzero(password, sizeof(password));
	explicit_bzero(&salt, sizeof(salt));
	explicit_bzero(&info, sizeof(info));
	if (ret == -EINVAL && kp.algs_given)
		die_create(ret, &kp, type, o->kdf);
	if (ret == -EINVAL)
		die(EXIT_NCR, "%s: the kernel refused the new %s key of %u "
		    "bytes: its usage has no default algorithm set for the "
		    "type (name the set with --algs), or an input the kernel "
		    "does not take", o->kdf, ncr_key_type_name(type), length);
	if (ret == -EOPNOTSUPP)
		die(EXIT_NCR, "%s: this kernel lacks its PRF (%s)", o->kdf,
		    ncr_strerror(ret));
	if (ret == -ENOTTY)
		die(EXIT_NCR, "%s: the ncr module has no key derivation "
		    "functions (NCRIO_KEY_KDF; older than this ncrtool?)",
		    o->kdf);
	if (ret)
		die_ncr(ret, o->kdf);
	if (src)
		ncr_key_deinit(ctx, src);
	derive_output(o, ctx, nk);
	ncr_close(ctx);
	return 0;
}
