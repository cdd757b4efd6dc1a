// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * main.c - ncr-pkcs11-util's options and command table.
 *
 * Options may come before or after the command; each command accepts
 * only the options listed in its row (anything else is a usage error,
 * so a mistyped invocation never runs with half its intent).  The
 * module is --module PATH, else $NCR_PKCS11_MODULE, else the installed
 * ncr-pkcs11.so; a command checks its options before it loads the
 * module (start()), so a usage error never depends on the module.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char usage_text[] =
"usage: ncr-pkcs11-util [--module PATH] COMMAND [OPTIONS]\n"
"\n"
"commands:\n"
"  list                                     slots, tokens, PIN state\n"
"  init-token --label L [--so-pin P | --so-pin-file F]\n"
"             [--slot N | --token OLD]      new token (or re-initialise)\n"
"  init-pin   --token L --so-pin.. --pin..  set the user PIN (as SO)\n"
"  set-pin    --token L [--so] --old-pin.. --new-pin..\n"
"  list-objects --token L [--pin.. | --login]\n"
"  import     --token L --pin.. --label L [--id HEX] [--extractable]\n"
"             [--not-sensitive] [--no-public] FILE\n"
"  delete     --token L --pin.. (--label L | --id HEX) [--class C]\n"
"  export-pubkey --token L (--label L | --id HEX) [--pin..] [--out F]\n"
"\n"
"PIN options: --pin P, --pin-file F (also --so-pin, --old-pin, --new-pin\n"
"and their -file forms); otherwise $NCR_PKCS11_PIN (user) or\n"
"$NCR_PKCS11_SO_PIN (SO), otherwise a prompt on the terminal.\n"
"--slot N may replace --token L.  Exit status: 0 ok, 1 usage or input\n"
"error, 2 PKCS #11 error.  See ncr-pkcs11-util(1).\n";

enum {
	O_MODULE = 256, O_LABEL, O_TOKEN, O_SLOT, O_ID, O_PIN, O_PIN_FILE,
	O_SO_PIN, O_SO_PIN_FILE, O_OLD_PIN, O_OLD_PIN_FILE, O_NEW_PIN,
	O_NEW_PIN_FILE, O_SO, O_LOGIN, O_EXTRACTABLE, O_NOT_SENSITIVE,
	O_NO_PUBLIC, O_OUT, O_CLASS, O_HELP, O_LAST
};

static const struct option long_opts[] = {
	{ "module", required_argument, NULL, O_MODULE },
	{ "label", required_argument, NULL, O_LABEL },
	{ "token", required_argument, NULL, O_TOKEN },
	{ "slot", required_argument, NULL, O_SLOT },
	{ "id", required_argument, NULL, O_ID },
	{ "pin", required_argument, NULL, O_PIN },
	{ "pin-file", required_argument, NULL, O_PIN_FILE },
	{ "so-pin", required_argument, NULL, O_SO_PIN },
	{ "so-pin-file", required_argument, NULL, O_SO_PIN_FILE },
	{ "old-pin", required_argument, NULL, O_OLD_PIN },
	{ "old-pin-file", required_argument, NULL, O_OLD_PIN_FILE },
	{ "new-pin", required_argument, NULL, O_NEW_PIN },
	{ "new-pin-file", required_argument, NULL, O_NEW_PIN_FILE },
	{ "so", no_argument, NULL, O_SO },
	{ "login", no_argument, NULL, O_LOGIN },
	{ "extractable", no_argument, NULL, O_EXTRACTABLE },
	{ "not-sensitive", no_argument, NULL, O_NOT_SENSITIVE },
	{ "no-public", no_argument, NULL, O_NO_PUBLIC },
	{ "out", required_argument, NULL, O_OUT },
	{ "class", required_argument, NULL, O_CLASS },
	{ "help", no_argument, NULL, O_HELP },
	{ NULL, 0, NULL, 0 },
};

struct command {
	const char *name;
	int (*fn)(struct opts *o);
	int allowed[16];	/* options beyond --module, 0-terminated */
	bool operand;		/* takes FILE */
};

static const struct command commands[] = {
	{ "list", cmd_list, { 0 }, false },
	{ "init-token", cmd_init_token,
	  { O_LABEL, O_SO_PIN, O_SO_PIN_FILE, O_SLOT, O_TOKEN, 0 }, false },
	{ "init-pin", cmd_init_pin,
	  { O_TOKEN, O_SLOT, O_SO_PIN, O_SO_PIN_FILE, O_PIN, O_PIN_FILE, 0 },
	  false },
	{ "set-pin", cmd_set_pin,
	  { O_TOKEN, O_SLOT, O_SO, O_OLD_PIN, O_OLD_PIN_FILE, O_NEW_PIN,
	    O_NEW_PIN_FILE, 0 }, false },
	{ "list-objects", cmd_list_objects,
	  { O_TOKEN, O_SLOT, O_PIN, O_PIN_FILE, O_LOGIN, 0 }, false },
	{ "import", cmd_import,
	  { O_TOKEN, O_SLOT, O_PIN, O_PIN_FILE, O_LABEL, O_ID,
	    O_EXTRACTABLE, O_NOT_SENSITIVE, O_NO_PUBLIC, 0 }, true },
	{ "delete", cmd_delete,
	  { O_TOKEN, O_SLOT, O_PIN, O_PIN_FILE, O_LABEL, O_ID, O_CLASS, 0 },
	  false },
	{ "export-pubkey", cmd_export_pubkey,
	  { O_TOKEN, O_SLOT, O_PIN, O_PIN_FILE, O_LOGIN, O_LABEL, O_ID,
	    O_OUT, 0 }, false },
};

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "ncr-pkcs11-util: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n(ncr-pkcs11-util --help for usage)\n");
	return EXIT_USAGE;
}

static const char *opt_name(int code)
{
	for (const struct option *l = long_opts; l->name; l++)
		if (l->val == code)
			return l->name;
	return "?";
}

int main(int argc, char **argv)
{
	struct opts o = { .slot = -1 };
	bool seen[O_LAST] = { false };
	const char *operands[3] = { NULL };
	const struct command *cmd = NULL;
	int nops = 0, c, rc;
	char *end;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", long_opts, NULL)) != -1) {
		switch (c) {
		case 'h': case O_HELP:
			fputs(usage_text, stdout);
			return 0;
		case ':':
			return usage_error("option %s needs a value",
					   argv[optind - 1]);
		case '?':
			return usage_error("unknown option %s",
					   argv[optind - 1]);
		}
		if (c >= O_MODULE && c < O_LAST) {
			if (seen[c])
				return usage_error("--%s given twice",
						   opt_name(c));
			seen[c] = true;
		}
		switch (c) {
		case O_MODULE: o.module = optarg; break;
		case O_LABEL: o.label = optarg; break;
		case O_TOKEN: o.token = optarg; break;
		case O_SLOT:
			o.slot = strtol(optarg, &end, 10);
			if (!*optarg || *end || o.slot < 0)
				return usage_error("bad slot number %s",
						   optarg);
			break;
		case O_ID: o.id_hex = optarg; break;
		case O_PIN: o.pin = optarg; break;
		case O_PIN_FILE: o.pin_file = optarg; break;
		case O_SO_PIN: o.so_pin = optarg; break;
		case O_SO_PIN_FILE: o.so_pin_file = optarg; break;
		case O_OLD_PIN: o.old_pin = optarg; break;
		case O_OLD_PIN_FILE: o.old_pin_file = optarg; break;
		case O_NEW_PIN: o.new_pin = optarg; break;
		case O_NEW_PIN_FILE: o.new_pin_file = optarg; break;
		case O_SO: o.so = true; break;
		case O_LOGIN: o.login = true; break;
		case O_EXTRACTABLE: o.extractable = true; break;
		case O_NOT_SENSITIVE: o.not_sensitive = true; break;
		case O_NO_PUBLIC: o.no_public = true; break;
		case O_OUT: o.out = optarg; break;
		case O_CLASS: o.class_name = optarg; break;
		}
	}
	while (optind < argc) {
		if (nops == 3)
			return usage_error("too many operands (%s)",
					   argv[optind]);
		operands[nops++] = argv[optind++];
	}
	if (!nops) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i].name, operands[0]))
			cmd = &commands[i];
	if (!cmd)
		return usage_error("unknown command %s", operands[0]);
	o.cmd = cmd->name;
	for (int k = O_MODULE + 1; k < O_LAST; k++) {
		bool ok = false;

		if (!seen[k])
			continue;
		for (const int *a = cmd->allowed; *a; a++)
			ok |= *a == k;
		if (!ok) {
			fprintf(stderr, "ncr-pkcs11-util: %s does not take "
				"--%s\n", cmd->name, opt_name(k));
			return EXIT_USAGE;
		}
	}
	if (nops > (cmd->operand ? 2 : 1))
		return usage_error("unexpected operand %s",
				   operands[cmd->operand ? 2 : 1]);
	if (cmd->operand && nops < 2)
		return usage_error("%s needs a FILE", cmd->name);
	o.file = operands[1];
	if (o.token && o.slot >= 0)
		return usage_error("%s", "give --token or --slot, not both");

	if (!o.module)
		o.module = getenv("NCR_PKCS11_MODULE");
	if (!o.module || !*o.module)
		o.module = NCR_PKCS11_DEFAULT_MODULE;
	/* each command checks its options, then loads the module (start) */
	rc = cmd->fn(&o);
	p11_unload();
	return rc;
}
