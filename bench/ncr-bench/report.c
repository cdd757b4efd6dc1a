// SPDX-License-Identifier: GPL-2.0
/*
 * report.c - what ncr-bench tells besides its CSV rows: notes on stderr,
 * the exit status, and the clock the timed loops read.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include <openssl/err.h>

#include "bench.h"

int status;		/* exit status: 0, 1 mismatch, 2 error */

void note(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void set_status(int st)
{
	if (st > status)
		status = st;
}

void ossl_fail(const char *what)
{
	unsigned long e = ERR_get_error();
	char buf[256] = "";

	if (e)
		ERR_error_string_n(e, buf, sizeof(buf));
	note("error: OpenSSL %s failed %s", what, buf);
}

double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
