// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tools/ncrtool/opts.c - part of build/bin/ncrtool (see main.c): the
 * options of a command: the long options of every command, each command's
 * --help, and parsing them into struct opts (an option a command does not
 * take is a usage error).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "ncrtool.h"

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
	{ "kdf", required_argument, NULL, OPT_KDF },
	{ "salt-hex", required_argument, NULL, OPT_SALT_HEX },
	{ "salt-file", required_argument, NULL, OPT_SALT_FILE },
	{ "info-hex", required_argument, NULL, OPT_INFO_HEX },
	{ "info-file", required_argument, NULL, OPT_INFO_FILE },
	{ "label-hex", required_argument, NULL, OPT_LABEL_HEX },
	{ "label-file", required_argument, NULL, OPT_LABEL_FILE },
	{ "context-hex", required_argument, NULL, OPT_CONTEXT_HEX },
	{ "context-file", required_argument, NULL, OPT_CONTEXT_FILE },
	{ "iterations", required_argument, NULL, OPT_ITERATIONS },
	{ "password-file", required_argument, NULL, OPT_PASSWORD_FILE },
	{ "rsa-legacy", no_argument, NULL, OPT_RSA_LEGACY },
	/* issue 13, CLI */
	{ "json", no_argument, NULL, OPT_JSON },
	{ "check", required_argument, NULL, OPT_CHECK },
	/* issue 13, master key (master.c) */
	{ "keyring", required_argument, NULL, OPT_KEYRING },
	{ "serial", required_argument, NULL, OPT_SERIAL },
	{ "rotate", no_argument, NULL, OPT_ROTATE },
	/* new per-command options here (the enum's order) */
	/* global options (no O() bit) */
	{ "progress", no_argument, NULL, OPT_PROGRESS },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ NULL, 0, NULL, 0 },
};

/* long_opts[ch - OPT_DEVICE] is option ch; O(ch) is a bit of a u64 for
 * the options before OPT_PROGRESS (the global ones need none) */
_Static_assert(ARRAY_SIZE(long_opts) == OPT__END - OPT_DEVICE + 1,
	       "long_opts follows the OPT_ enum");
_Static_assert(OPT_PROGRESS - OPT_DEVICE <= 64, "O() needs 64 bits");

static void __attribute__((noreturn)) command_help(const struct command *c)
{
	printf("Usage: ncrtool [--device PATH] [--progress] [--quiet] %s\n\n"
	       "%s\n"
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

/*
 * A password is never an argument: every user can read the arguments of
 * every process (ps, /proc/PID/cmdline), and shells keep them in their
 * history.  getopt_long takes any unique prefix of --password-file, so
 * "--password SECRET" would be that option with a file named SECRET:
 * refused, without repeating the argument.  arg: the option as typed.
 */
static void password_opt(const char *arg)
{
	size_t n = strcspn(arg, "=");

	if (n != strlen("--password-file") ||
	    strncmp(arg, "--password-file", n))
		die_usage("'%.*s': a password is never taken on the command "
			  "line, where other users can read it (ps): use "
			  "--password-file FILE (- for standard input) or type "
			  "it at the prompt", (int)n, arg);
}

/*
 * An option that takes a value may be given once: "--in a --in b" is
 * refused rather than the last one silently winning.  Options without a
 * value (--exportable, ...) may repeat.  --device counts the global one
 * before the command too.
 */
static void once(unsigned char *seen, int ch)
{
	const struct option *lo = &long_opts[ch - OPT_DEVICE];

	if (lo->has_arg != required_argument)
		return;
	if (seen[ch - OPT_DEVICE]++ || (ch == OPT_DEVICE && g_device))
		die_usage("give --%s once", lo->name);
}

/* --progress or --quiet, before the command or after it: --progress
 * always shows progress (also with --quiet, which then only silences
 * notes); --quiet alone shows none. */
void global_opt(int ch)
{
	if (ch == OPT_PROGRESS) {
		g_progress = 1;
	} else {
		g_quiet = 1;
		if (g_progress != 1)
			g_progress = -1;
	}
}

void parse_opts(const struct command *c, int argc, char **argv,
		struct opts *o)
{
	unsigned char seen[ARRAY_SIZE(long_opts)] = { 0 };
	int ch, max_args = c->max_args;

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
		    ch < OPT_PROGRESS && !(c->allowed & O(ch)))
			die_usage("option '--%s' does not apply to '%s'",
				  long_opts[ch - OPT_DEVICE].name, c->name);
		if (ch >= OPT_DEVICE && ch != OPT_HELP)
			once(seen, ch);
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
		case OPT_RSA_LEGACY:
			o->flags |= NCR_KEY_FLAG_RSA_LEGACY;
			break;
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
		case OPT_KDF: o->kdf = optarg; break;
		case OPT_SALT_HEX: o->salt_hex = optarg; break;
		case OPT_SALT_FILE: o->salt_file = optarg; break;
		case OPT_INFO_HEX: o->info_hex = optarg; break;
		case OPT_INFO_FILE: o->info_file = optarg; break;
		case OPT_LABEL_HEX: o->label_hex = optarg; break;
		case OPT_LABEL_FILE: o->label_file = optarg; break;
		case OPT_CONTEXT_HEX: o->context_hex = optarg; break;
		case OPT_CONTEXT_FILE: o->context_file = optarg; break;
		case OPT_ITERATIONS:
			o->iterations = parse_num(optarg, "--iterations");
			o->have_iterations = 1;
			break;
		case OPT_JSON: o->json = 1; break;
		case OPT_CHECK: o->check = optarg; break;
		case OPT_KEYRING: o->keyring = optarg; break;
		case OPT_SERIAL: o->serial = optarg; break;
		case OPT_ROTATE: o->rotate = 1; break;
		case OPT_PROGRESS:
		case OPT_QUIET:
			global_opt(ch);
			break;
		case OPT_PASSWORD_FILE:
			/* "--opt=ARG" is one word, "--opt ARG" two */
			password_opt(optarg != argv[optind - 1] ?
				     argv[optind - 1] : argv[optind - 2]);
			o->password_file = optarg;
			break;
		default:
			die_usage("unexpected option");
		}
	}
	o->nargs = argc - optind;
	o->args = argv + optind;
	/*
	 * One rule for the input of every command that reads one (--in):
	 * it may be given as --in FILE or as one argument, not both; "-"
	 * is standard input.  (digest takes a list: --in F is its first.)
	 */
	if ((c->allowed & O(OPT_IN)) && max_args <= 1) {
		max_args = 1;
		if (o->nargs >= 1) {
			if (o->in)
				die_usage("give the input once: --in %s and "
					  "the argument '%s' both name it",
					  o->in, o->args[0]);
			o->in = o->args[0];
			o->args++;
			o->nargs--;
			max_args = 0;
		}
	}
	if (o->nargs > max_args)
		die_usage("unexpected argument '%s' (see 'ncrtool %s --help')",
			  o->args[max_args], c->name);
}

void need(const char *v, const char *opt)
{
	if (!v)
		die_usage("%s is required (see 'ncrtool %s --help')", opt,
			  g_command->name);
}
