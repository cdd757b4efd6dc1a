// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * harness.c - the frame of libncr's unit test (build/tests/test_libncr_unit,
 * host only, no /dev/crypto): a fake kernel answering ioctl(), TAP output,
 * and main(), which runs the test groups of the other files in order.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "unit.h"

/*
 * A fake kernel: this program links libncr statically, so its ioctl()
 * calls resolve to the definition below.  Calls on FAKE_FD are recorded
 * (request and a copy of the argument structure) and answered by
 * fake_hook, which may change the structure as the kernel would, and
 * fake_errno; every other descriptor goes to the real system call.
 */
unsigned long fake_req;
unsigned char fake_arg[FAKE_ARG_SIZE];
int fake_calls;
static int fake_errno;
static void (*fake_hook)(void *arg);

int ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;
	uint32_t size;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (fd != FAKE_FD)
		return (int)syscall(SYS_ioctl, fd, req, arg);
	fake_calls++;
	fake_req = req;
	memcpy(&size, arg, sizeof(size));
	memset(fake_arg, 0, sizeof(fake_arg));
	memcpy(fake_arg, arg, size < sizeof(fake_arg) ? size : sizeof(fake_arg));
	if (fake_hook)
		fake_hook(arg);
	if (fake_errno) {
		errno = fake_errno;
		return -1;
	}
	return 0;
}

void fake_reset(void (*hook)(void *), int err)
{
	fake_calls = 0;
	fake_req = 0;
	fake_hook = hook;
	fake_errno = err;
}

static int test_no;
static int failures;

void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	test_no++;
	printf("%sok %d - ", cond ? "" : "not ", test_no);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond)
		failures++;
}

void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

int main(void)
{
	test_names();
	test_pk_names();
	test_props();
	test_strerror();
	test_ct_helpers();
	test_pkcs7();
	test_arg_checks();
	test_pk_arg_checks();
	test_pk_marshalling();
	test_policy_marshalling();
	test_keyalgs();
	test_mac_marshalling();
	test_batch_marshalling();
	test_batch_limits();
	test_batch_run();
	test_uring_prep();
	test_open();
	printf("1..%d\n", test_no);
	return failures ? 1 : 0;
}
