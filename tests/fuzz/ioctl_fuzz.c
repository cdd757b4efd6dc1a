// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioctl_fuzz.c - random ioctls against /dev/crypto, made by gen.c (see
 * there for what the calls look like).  Checked: every failure is one of
 * the errno values ncr.h documents for that ioctl; the kernel logs nothing
 * (the VM runner fails the run on any oops/WARN); after the last close the
 * live counters are back where they started.  Run as root and as an
 * unprivileged user (EPERM for master key set and trust).  The
 * coverage-guided sibling is kcov_fuzz.c.
 *
 * NCR_FUZZ_ITERS (default 20000) and NCR_TEST_SEED reproduce a run.  TAP.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "ncr.h"
#include "fuzz/gen.h"

int info(int fd, struct ncr_info *in)
{
	memset(in, 0, sizeof(*in));
	in->size = sizeof(*in);
	return ioctl(fd, NCRIO_INFO, in);
}

int main(void)
{
	const char *s = getenv("NCR_TEST_SEED"), *it = getenv("NCR_FUZZ_ITERS");
	unsigned long iters = it ? strtoul(it, NULL, 0) : 20000, i;
	unsigned long ok = 0, undocumented = 0, per_errno[256] = { 0 };
	unsigned long calls[NCMDS + 1] = { 0 }, oks[NCMDS + 1] = { 0 };
	struct ncr_info before;
	int fd, ctl, t = 0, e;

	rng_state = s ? strtoull(s, NULL, 0) : 0x9e3779b97f4a7c15ULL ^ (uint64_t)getpid();
	if (!rng_state)
		rng_state = 1;
	printf("# seed 0x%llx (reproduce with NCR_TEST_SEED)\n",
	       (unsigned long long)rng_state);
	ctl = open("/dev/crypto", O_RDWR);
	if (fuzz_setup() || ctl < 0) {
		printf("1..0 # SKIP no /dev/crypto\n");
		return 0;
	}
	if (info(ctl, &before)) {
		printf("not ok 1 - NCRIO_INFO\n");
		return 1;
	}
	fd = open("/dev/crypto", O_RDWR);
	if (fd < 0) {
		printf("not ok 1 - open\n");
		return 1;
	}
	make_encodings(fd);
	make_keys(fd);

	for (i = 0; i < iters; i++) {
		struct fuzz_call fc;
		unsigned int ci;
		int r;

		fuzz_gen_call(&fc);
		ci = fc.ci;
		r = fuzz_do_call(fd, &fc);
		calls[ci]++;
		if (r == 0) {
			int first = 0, nb;

			ok++;
			oks[ci]++;
			fuzz_note_success(&fc);
			/* a batch: done, failed and each element's errno */
			nb = fuzz_batch_undocumented(&fc, &first);
			if (nb && (undocumented += (unsigned long)nb) <= 10)
				printf("# NCRIO_BATCH: %d wrong element "
				       "results, first errno %d\n", nb, first);
			continue;
		}
		e = errno;
		per_errno[e & 255]++;
		if (!is_documented(e, ci)) {
			undocumented++;
			if (undocumented <= 10)
				printf("# ioctl 0x%lx (%s) size %u: undocumented errno %d (%s)\n",
				       fc.cmd, ci < NCMDS ? cmd_names[ci] :
				       "not an ncr ioctl", fc.size, e,
				       strerror(e));
		}
		/* start over with a fresh namespace now and then */
		if (pick(2000) == 0) {
			close(fd);
			fd = open("/dev/crypto", O_RDWR);
			make_keys(fd);
		}
	}
	printf("# %lu calls, %lu succeeded; failures:", iters, ok);
	for (e = 0; e < 256; e++)
		if (per_errno[e])
			printf(" %s=%lu", strerror(e), per_errno[e]);
	printf("\n");
	for (unsigned int ci = 0; ci <= NCMDS; ci++)
		printf("#   %-18s %6lu calls, %6lu succeeded\n",
		       ci < NCMDS ? cmd_names[ci] : "(other numbers)",
		       calls[ci], oks[ci]);
	t++;
	printf("%s %d - every failure is an errno ncr.h documents for that ioctl (%lu undocumented)\n",
	       undocumented ? "not ok" : "ok", t, undocumented);
	t++;
	printf("%s %d - some calls get through to the operations (%lu succeeded)\n",
	       ok > iters / 50 ? "ok" : "not ok", t, ok);
	close(fd);
	t++;
	if (!fuzz_live_back(t, ctl, &before))
		undocumented++;
	printf("1..%d\n", t);
	return undocumented || ok <= iters / 50;
}
