/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * test_tap_split.h - ok() in a unit test made of several files.
 * test_tap.h keeps its counters in static variables, so only one file of
 * a program may include it: the file with main() defines TAP_MAIN and
 * includes this header, which includes test_tap.h there and defines
 * tap_ok(); in the program's other files ok(...) is tap_ok(...), which
 * prints through that one ok(), so the numbering runs on across files.
 */
#ifndef NCR_TEST_TAP_SPLIT_H
#define NCR_TEST_TAP_SPLIT_H

int tap_ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#ifdef TAP_MAIN
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "test_tap.h"

int tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	msg = n < 0 ? NULL : malloc((size_t)n + 1);
	if (!msg)
		abort();
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	ok(cond, "%s", msg);
	free(msg);
	return cond;
}
#else
#define ok(...) tap_ok(__VA_ARGS__)
#endif

#endif /* NCR_TEST_TAP_SPLIT_H */
