/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * test_tap.h - TAP output for the portable core's user-space unit tests:
 * ok(cond, printf-format, ...) prints "ok N - ..." or "not ok N - ...",
 * tap_done() prints the plan and returns the exit status.  Header-only;
 * include it in exactly one file per test program (a program of several
 * files includes test_tap_split.h instead).
 */
#ifndef NCR_TEST_TAP_H
#define NCR_TEST_TAP_H

#include <stdarg.h>
#include <stdio.h>

static int tap_n, tap_failed;

static int __attribute__((format(printf, 2, 3), unused))
ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	return cond;
}

/* Prints the plan; the program's exit status. */
static int __attribute__((unused)) tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif /* NCR_TEST_TAP_H */
