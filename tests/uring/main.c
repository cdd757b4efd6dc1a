// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uring - ncr's io_uring commands (IO_URING in ncr.h): IORING_OP_URING_CMD
 * on a /dev/crypto descriptor, cmd_op NCRIO_SESSION_ONCE or NCRIO_BATCH,
 * struct ncr_uring_cmd in sqe->cmd.  Rings from liburing; SQEs filled by
 * hand (ring.c) and, in libncr.c, by libncr's ncr_uring_prep_* helpers.
 *
 *   build/tests/uring [--require-hw] [PART...]
 *
 * PART: once batch errors files libncr async stress (default: all).
 * Parts, one file each:
 *   once    one-shot ops of every symmetric algorithm, 1..256 in flight:
 *           CQE, structure and bytes == NCRIO_SESSION_ONCE == OpenSSL;
 *   batch   batches as SQEs, several in flight; batch-level errors;
 *   errors  bad inputs (the CQE is the ioctl's errno, the structure
 *           written back alike) and bad commands (ENOTTY, EINVAL, EFAULT);
 *   files   a registered file, SQE128/CQE32 and SQPOLL rings, a
 *           descriptor from CRIOGET, another namespace's keys (ENOENT);
 *   libncr  the same through libncr's ncr_uring_prep_once/_batch;
 *   async   with an asynchronous hardware driver (virtio-crypto):
 *           AES-CBC 16 KiB with NCR_SESSION_FLAG_HARDWARE, 64 in flight,
 *           and more than max_inflight_per_ns (lowered to 4 as root);
 *           skipped without one, a failure with --require-hw;
 *   stress  close the ring and the descriptor with requests in flight,
 *           exit() and SIGKILL with 64 in flight, munmap of the output
 *           while in flight, threads submitting while another closes
 *           the descriptor; each loop NCR_URING_SECONDS (default 3) long
 *           and checked for leaks.  Asynchronous requests when the
 *           hardware driver is there, inline completions anyway.
 * Environment: NCR_TEST_SEED, NCR_URING_SECONDS.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "uring.h"

int fd;
int have_hw;
int have_defer;
uint64_t seed;
double stress_seconds = 3;

static int hw_detect(void)
{
	struct ncr_alg_info algs[64];
	struct ncr_info info;

	memset(&info, 0, sizeof(info));
	memset(algs, 0, sizeof(algs));
	info.size = sizeof(info);
	info.algs = PTR64(algs);
	info.alg_count = ARRAY_SIZE(algs);
	info.alg_info_size = sizeof(algs[0]);
	if (xioctl(fd, NCRIO_INFO, &info))
		return 0;
	for (uint32_t i = 0; i < info.alg_count && i < ARRAY_SIZE(algs); i++)
		if (algs[i].algorithm == NCR_ALG_AES_CBC &&
		    (algs[i].flags & NCR_ALG_INFO_FLAG_HW_AVAILABLE)) {
			tap_diag("hardware driver for aes-cbc: %s",
				 algs[i].hw_driver);
			return 1;
		}
	return 0;
}

static const struct {
	const char *name;
	void (*run)(void);
} parts[] = {
	{ "once", test_once },
	{ "batch", test_batch },
	{ "errors", test_errors },
	{ "files", test_files },
	{ "libncr", test_libncr },
	{ "async", test_async },
	{ "stress", test_stress },
};

int main(int argc, char **argv)
{
	int require_hw = 0, want[ARRAY_SIZE(parts)] = { 0 }, any = 0, info_fd;
	struct io_uring ring;
	const char *env;
	int e;

	tap_init();
	for (int i = 1; i < argc; i++) {
		size_t p;

		if (!strcmp(argv[i], "--require-hw")) {
			require_hw = 1;
			continue;
		}
		for (p = 0; p < ARRAY_SIZE(parts); p++)
			if (!strcmp(argv[i], parts[p].name))
				break;
		if (p == ARRAY_SIZE(parts)) {
			fprintf(stderr, "usage: uring [--require-hw] [once|batch|"
				"errors|files|libncr|async|stress]...\n");
			return 2;
		}
		want[p] = any = 1;
	}
	env = getenv("NCR_URING_SECONDS");
	if (env && *env)
		stress_seconds = atof(env);
	fd = dev_open_or_skip_all(dev_open);
	e = io_uring_queue_init(4, &ring, 0);
	if (e) {
		char why[96];

		snprintf(why, sizeof(why), "io_uring_queue_init: %s",
			 errname(e));
		tap_skip_all(why);
	}
	io_uring_queue_exit(&ring);
	if (!ring_has_uring_cmd())
		tap_skip_all("the kernel has no IORING_OP_URING_CMD");
	seed = test_seed();
	have_hw = hw_detect();
	have_defer = ring_has_defer();
	if (!have_defer)
		tap_diag("no IORING_SETUP_DEFER_TASKRUN: those rings are "
			 "skipped");
	if (require_hw)
		tap_ok(have_hw, "a hardware driver for aes-cbc (--require-hw)");
	else if (!have_hw)
		tap_diag("no hardware driver: the asynchronous parts are "
			 "skipped, the stress loops complete inline");

	/* each part in a namespace of its own, closed after it: the
	 * namespace's pooled buffers count in user_memory until then */
	info_fd = fd;
	for (size_t p = 0; p < ARRAY_SIZE(parts); p++) {
		double t0 = now_s();
		struct base b;
		char what[64];

		if (any && !want[p])
			continue;
		base_get(info_fd, &b);
		fd = dev_open();
		if (fd < 0) {
			tap_ok(0, "%s: open: %s", parts[p].name, errname(fd));
			break;
		}
		parts[p].run();
		close(fd);
		snprintf(what, sizeof(what), "%s, its descriptor closed",
			 parts[p].name);
		base_check(info_fd, &b, what);
		tap_diag("time %s: %.1f s", parts[p].name, now_s() - t0);
	}
	close(info_fd);
	return tap_finish("uring");
}
