// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * leak.c - build/tests/uring: nothing left behind.  The module's live
 * counters (keys, sessions, namespaces: all users) and the caller's uid's
 * accounting (NCRIO_INFO version 1: user_keys, sessions, namespaces,
 * buffered and memory bytes, as tests/stress/limits.c reads them) must
 * come back to what they were before a loop, once the requests in flight
 * have finished on the device; and the module parameter
 * max_inflight_per_ns, which the asynchronous tests lower.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "uring.h"

#define INFLIGHT_PARAM "/sys/module/ncr/parameters/max_inflight_per_ns"

int base_get(int fd, struct base *b)
{
	struct ncr_info in;
	int r;

	memset(&in, 0, sizeof(in));
	in.size = NCR_INFO_SIZE_VER1;
	r = xioctl(fd, NCRIO_INFO, &in);
	if (r)
		return r;
	b->live.keys = in.live_keys;
	b->live.sessions = in.live_sessions;
	b->live.namespaces = in.live_namespaces;
	b->keys = in.user_keys;
	b->sessions = in.user_sessions;
	b->namespaces = in.user_namespaces;
	b->buffered = in.user_buffered;
	b->memory = in.user_memory;
	return 0;
}

static int base_eq(const struct base *a, const struct base *b)
{
	return a->live.keys == b->live.keys &&
	       a->live.sessions == b->live.sessions &&
	       a->live.namespaces == b->live.namespaces &&
	       a->keys == b->keys && a->sessions == b->sessions &&
	       a->namespaces == b->namespaces && a->buffered == b->buffered &&
	       a->memory == b->memory;
}

void base_check(int fd, const struct base *b, const char *label)
{
	struct base now;
	int ok = 0;

	memset(&now, 0, sizeof(now));
	for (int i = 0; i < 500 && !ok; i++) {
		if (base_get(fd, &now))
			break;
		ok = base_eq(&now, b);
		if (!ok)
			usleep(20000);
	}
	tap_ok(ok, "%s: nothing left: live keys/sessions/namespaces %llu/%llu/"
	       "%u (before %llu/%llu/%u), the uid's keys/sessions/namespaces/"
	       "buffered/memory %llu/%llu/%llu/%llu/%llu (before %llu/%llu/"
	       "%llu/%llu/%llu)", label,
	       (unsigned long long)now.live.keys,
	       (unsigned long long)now.live.sessions, now.live.namespaces,
	       (unsigned long long)b->live.keys,
	       (unsigned long long)b->live.sessions, b->live.namespaces,
	       (unsigned long long)now.keys, (unsigned long long)now.sessions,
	       (unsigned long long)now.namespaces,
	       (unsigned long long)now.buffered,
	       (unsigned long long)now.memory, (unsigned long long)b->keys,
	       (unsigned long long)b->sessions,
	       (unsigned long long)b->namespaces,
	       (unsigned long long)b->buffered, (unsigned long long)b->memory);
}

int inflight_param_get(void)
{
	char buf[32] = { 0 };
	int f = open(INFLIGHT_PARAM, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (f < 0)
		return -1;
	n = read(f, buf, sizeof(buf) - 1);
	close(f);
	if (n <= 0)
		return -1;
	return atoi(buf);
}

int inflight_param_set(int v)
{
	char buf[32];
	int f = open(INFLIGHT_PARAM, O_WRONLY | O_CLOEXEC), len, e = 0;

	if (f < 0)
		return -errno;
	len = snprintf(buf, sizeof(buf), "%d\n", v);
	if (write(f, buf, (size_t)len) != len)
		e = -errno;
	close(f);
	return e;
}
