// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tools/ncrtool/progress.c - part of build/bin/ncrtool (see main.c):
 * progress of long operations on standard error, as pv or dd
 * status=progress show it: bytes done (of the total, when known), the
 * percentage and the rate.
 *
 * Shown when standard error is a terminal, or always with --progress;
 * never with --quiet.  On a terminal one line is redrawn in place (at
 * most 4 times a second) and cleared at the end; otherwise (--progress
 * to a file or pipe) a line is written at most every second and a last
 * line with the total and the mean rate at the end.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ncrtool.h"

int g_progress;			/* --progress 1, --quiet -1, default 0 */
int g_quiet;			/* --quiet */

/* The one progress line drawn now, for die() to clear (NULL: none). */
static struct progress *g_drawn;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* bytes as "12.3 MiB" (binary units, as pv) */
static const char *human(uint64_t v, char *buf, size_t len)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double d = (double)v;
	size_t u = 0;

	while (d >= 1024 && u + 1 < ARRAY_SIZE(unit)) {
		d /= 1024;
		u++;
	}
	if (!u)
		snprintf(buf, len, "%llu B", (unsigned long long)v);
	else
		snprintf(buf, len, "%.1f %s", d, unit[u]);
	return buf;
}

static void draw(struct progress *p, uint64_t t, int last)
{
	char done[32], total[32], rate[32];
	double secs = (double)(t - p->start) / 1e9;
	uint64_t r = secs > 0 ? (uint64_t)((double)p->done / secs) : 0;

	human(p->done, done, sizeof(done));
	human(r, rate, sizeof(rate));
	if (p->tty)
		fputs("\r", stderr);
	if (p->total)
		fprintf(stderr, "%s: %s / %s (%u%%), %s/s", p->what, done,
			human(p->total, total, sizeof(total)),
			(unsigned int)(p->done >= p->total ? 100 :
				       p->done * 100 / p->total), rate);
	else
		fprintf(stderr, "%s: %s, %s/s", p->what, done, rate);
	if (last && !p->tty)
		fprintf(stderr, " in %.1f s", secs);
	fputs(p->tty ? "\033[K" : "\n", stderr);
	fflush(stderr);
	p->last = t;
	p->drawn = 1;
	g_drawn = p->tty ? p : NULL;
}

void progress_start(struct progress *p, const char *what, uint64_t total)
{
	memset(p, 0, sizeof(*p));
	p->what = what;
	p->total = total;
	p->tty = isatty(STDERR_FILENO);
	p->on = g_progress > 0 || (g_progress == 0 && p->tty);
	p->start = p->last = now_ns();
}

void progress_add(struct progress *p, uint64_t bytes)
{
	uint64_t t;

	p->done += bytes;
	if (!p->on)
		return;
	t = now_ns();
	/* a terminal: at most 4 redraws a second; a file: one line a
	 * second; nothing in the first quarter second (short jobs stay
	 * quiet on a terminal) */
	if (t - p->last < (p->tty ? 250000000ULL : 1000000000ULL))
		return;
	draw(p, t, 0);
}

void progress_end(struct progress *p)
{
	if (!p->on)
		return;
	if (p->tty) {
		if (p->drawn) {
			fputs("\r\033[K", stderr);
			fflush(stderr);
		}
	} else {
		draw(p, now_ns(), 1);
	}
	p->on = 0;
	g_drawn = NULL;
}

/* Before an error message: the line being redrawn is cleared first. */
void progress_clear(void)
{
	if (g_drawn) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		g_drawn = NULL;
	}
}
