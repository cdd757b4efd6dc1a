// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pin.c - where a PIN comes from, in this order: the option's value
 * (visible to other users in ps: for tests and scripts on a single-user
 * machine), the option's file (its first line), the environment variable
 * (NCR_PKCS11_PIN for the user, NCR_PKCS11_SO_PIN for the SO), a prompt
 * on /dev/tty with echo off.  A PIN is never printed; every buffer that
 * held one is wiped before it is freed.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "util.h"

#define PIN_BUF 1024

void wipe(void *p, size_t len)
{
	if (p)
		explicit_bzero(p, len);
}

void pin_free(char *pin)
{
	if (pin) {
		wipe(pin, strlen(pin));
		free(pin);
	}
}

static char *pin_dup(const char *p, size_t len)
{
	char *d = malloc(len + 1);

	if (d) {
		memcpy(d, p, len);
		d[len] = 0;
	}
	return d;
}

/* The first line of a file, without its line end. */
static int pin_from_file(const char *path, char **pin)
{
	char buf[PIN_BUF];
	ssize_t n;
	size_t len;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		msg("cannot read %s: %s", path, strerror(errno));
		return EXIT_USAGE;
	}
	do
		n = read(fd, buf, sizeof(buf) - 1);
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n < 0) {
		msg("cannot read %s: %s", path, strerror(errno));
		return EXIT_USAGE;
	}
	buf[n] = 0;
	len = strcspn(buf, "\r\n");
	*pin = pin_dup(buf, len);
	wipe(buf, sizeof(buf));
	if (!*pin) {
		msg("out of memory");
		return EXIT_USAGE;
	}
	return 0;
}

/* One line from the terminal, echo off.  NULL if there is no terminal. */
static char *prompt_tty(const char *prompt)
{
	struct termios old, quiet;
	char buf[PIN_BUF];
	char *pin = NULL;
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	FILE *f;

	if (fd < 0)
		return NULL;
	if (tcgetattr(fd, &old) < 0) {
		close(fd);
		return NULL;
	}
	f = fdopen(fd, "r+");
	if (!f) {
		close(fd);
		return NULL;
	}
	setvbuf(f, NULL, _IONBF, 0);
	quiet = old;
	quiet.c_lflag &= ~(ECHO | ECHOE | ECHOK | ECHONL);
	quiet.c_lflag |= ICANON;
	fprintf(f, "%s: ", prompt);
	if (tcsetattr(fd, TCSAFLUSH, &quiet) == 0) {
		if (fgets(buf, sizeof(buf), f))
			pin = pin_dup(buf, strcspn(buf, "\r\n"));
		tcsetattr(fd, TCSAFLUSH, &old);
	}
	fputc('\n', f);
	wipe(buf, sizeof(buf));
	fclose(f);
	return pin;
}

int get_pin(const char *value, const char *file, const char *env,
	    const char *prompt, bool confirm, char **pin)
{
	const char *e;
	char *again;

	*pin = NULL;
	if (value && file) {
		msg("a PIN and a PIN file given for the same PIN");
		return EXIT_USAGE;
	}
	if (value) {
		*pin = pin_dup(value, strlen(value));
		return *pin ? 0 : EXIT_USAGE;
	}
	if (file)
		return pin_from_file(file, pin);
	e = env ? getenv(env) : NULL;
	if (e && *e) {
		*pin = pin_dup(e, strlen(e));
		return *pin ? 0 : EXIT_USAGE;
	}
	if (!prompt)
		return 0;		/* optional: none given */
	*pin = prompt_tty(prompt);
	if (!*pin) {
		msg("no %s given (option, file%s%s, or a terminal to ask on)",
		    prompt, env ? " or $" : "", env ? env : "");
		return EXIT_USAGE;
	}
	if (confirm) {
		char p2[300];

		snprintf(p2, sizeof(p2), "%s (again)", prompt);
		again = prompt_tty(p2);
		if (!again || strcmp(again, *pin)) {
			pin_free(again);
			pin_free(*pin);
			*pin = NULL;
			msg("the two PINs differ");
			return EXIT_USAGE;
		}
		pin_free(again);
	}
	return 0;
}
