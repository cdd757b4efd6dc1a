// SPDX-License-Identifier: GPL-2.0
/*
 * tests/abi/device.c - part of build/tests/abi (see tests/abi/main.c):
 * the device node and libncr's ncr_device_check, one outcome each: the
 * right node (also a copy made with mknod, and through NCR_DEVICE), a node
 * of the wrong minor (a stale node as kmod static-nodes made it), another
 * driver's node (/dev/null), a regular file, a missing path, a node uid
 * 65534 may not open; abi --device-not-loaded (tests/vm-master.sh, with
 * the module unloaded) the module missing.  Each sentence must name the
 * path it tried.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "abi.h"
#include "libncr.h"

static const char *status_name(int s)
{
	switch (s) {
	case NCR_DEV_OK: return "OK";
	case NCR_DEV_NOT_LOADED: return "NOT_LOADED";
	case NCR_DEV_NO_NODE: return "NO_NODE";
	case NCR_DEV_WRONG_NUMBER: return "WRONG_NUMBER";
	case NCR_DEV_NOT_NCR: return "NOT_NCR";
	case NCR_DEV_NO_ACCESS: return "NO_ACCESS";
	}
	return "?";
}

/* ncr_device_check(path) gives want, and its sentence names name. */
static void check(const char *path, int want, const char *name,
		  const char *what)
{
	char why[512] = "";
	int r = ncr_device_check(path, why, sizeof(why));

	report(r == want && (!name || strstr(why, name)),
	       "ncr_device_check(%s): %s: %s (want %s, naming %s): \"%s\"",
	       path ? path : "NULL", what, status_name(r), status_name(want),
	       name ? name : "-", why);
}

static int misc_dev(unsigned int *maj, unsigned int *min)
{
	FILE *f = fopen("/sys/class/misc/crypto/dev", "r");
	int n;

	if (!f)
		return -1;
	n = fscanf(f, "%u:%u", maj, min);
	fclose(f);
	return n == 2 ? 0 : -1;
}

void test_device_check(void)
{
	char dir[] = "/tmp/ncr-devcheck.XXXXXX", wrong[64], right[64],
	     file[64], missing[64], why[256];
	unsigned int maj, min;
	struct stat st;
	pid_t pid;
	int r, status;

	if (!is_root) {
		report_skip("needs root (mknod)", "ncr_device_check");
		return;
	}
	unsetenv("NCR_DEVICE");
	if (!report(!misc_dev(&maj, &min), "/sys/class/misc/crypto/dev "
		    "names the device"))
		return;
	r = stat("/dev/crypto", &st);
	report(!r && S_ISCHR(st.st_mode) && major(st.st_rdev) == maj &&
	       minor(st.st_rdev) == min, "/dev/crypto is %u:%u, the number "
	       "the module registered (%u:%u)", r ? 0 : major(st.st_rdev),
	       r ? 0 : minor(st.st_rdev), maj, min);
	check(NULL, NCR_DEV_OK, "/dev/crypto", "NULL path, no NCR_DEVICE");
	check("/dev/crypto", NCR_DEV_OK, "/dev/crypto", "the node");
	report(ncr_device_check(NULL, NULL, 0) == NCR_DEV_OK,
	       "ncr_device_check without a sentence buffer");
	if (!mkdtemp(dir) || chmod(dir, 0755)) {
		report(0, "a temporary folder: %s", strerror(errno));
		return;
	}
	snprintf(wrong, sizeof(wrong), "%s/wrong", dir);
	snprintf(right, sizeof(right), "%s/right", dir);
	snprintf(file, sizeof(file), "%s/file", dir);
	snprintf(missing, sizeof(missing), "%s/missing", dir);
	r = mknod(wrong, S_IFCHR | 0666, makedev(maj, min == 255 ? 254 : 255));
	r |= mknod(right, S_IFCHR | 0600, makedev(maj, min));
	r |= close(open(file, O_CREAT | O_WRONLY, 0644));
	if (!report(!r, "mknod of a stale %u:%u node and a copy of the "
		    "right one, a regular file", maj, min == 255 ? 254 : 255))
		goto out;
	check(wrong, NCR_DEV_WRONG_NUMBER, wrong, "a node of the wrong minor");
	check(right, NCR_DEV_OK, right, "a copy of the right node");
	check("/dev/null", NCR_DEV_NOT_NCR, "/dev/null",
	      "another driver's node");
	check(file, NCR_DEV_NOT_NCR, file, "a regular file");
	check(missing, NCR_DEV_NO_NODE, missing, "a missing path");
	check("", NCR_DEV_OK, "/dev/crypto", "\"\" is /dev/crypto");

	setenv("NCR_DEVICE", missing, 1);
	check(NULL, NCR_DEV_NO_NODE, "NCR_DEVICE", "NCR_DEVICE missing");
	check(NULL, NCR_DEV_NO_NODE, missing, "NCR_DEVICE missing, its path");
	setenv("NCR_DEVICE", "/dev/null", 1);
	check(NULL, NCR_DEV_NOT_NCR, "/dev/null", "NCR_DEVICE=/dev/null");
	setenv("NCR_DEVICE", wrong, 1);
	check(NULL, NCR_DEV_WRONG_NUMBER, wrong, "NCR_DEVICE=stale node");
	setenv("NCR_DEVICE", right, 1);
	check(NULL, NCR_DEV_OK, right, "NCR_DEVICE=a right node");
	check("/dev/crypto", NCR_DEV_OK, "/dev/crypto",
	      "an explicit path wins over NCR_DEVICE");
	unsetenv("NCR_DEVICE");

	/* a node uid 65534 may not open (mode 0600, root's) */
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(100);
		r = ncr_device_check(right, why, sizeof(why));
		_exit(r == NCR_DEV_NO_ACCESS && strstr(why, right) ? 0 :
		      10 + r);
	}
	if (pid > 0 && waitpid(pid, &status, 0) == pid)
		report(WIFEXITED(status) && !WEXITSTATUS(status),
		       "ncr_device_check(%s) as uid 65534, node mode 0600: "
		       "NO_ACCESS naming the path (child exit %d)", right,
		       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	else
		report(0, "fork: %s", strerror(errno));
out:
	unlink(wrong);
	unlink(right);
	unlink(file);
	rmdir(dir);
}

/* abi --device-not-loaded: the module is not loaded. */
int device_not_loaded(void)
{
	char why[512] = "";
	int r;

	unsetenv("NCR_DEVICE");
	r = ncr_device_check(NULL, why, sizeof(why));
	tap_ok(r == NCR_DEV_NOT_LOADED && strstr(why, "/dev/crypto") &&
	       strstr(why, "modprobe ncr"), "ncr_device_check with the "
	       "module unloaded: %s (want NOT_LOADED): \"%s\"",
	       status_name(r), why);
	r = ncr_device_check("/dev/null", why, sizeof(why));
	tap_ok(r == NCR_DEV_NOT_LOADED && strstr(why, "/dev/null"),
	       "ncr_device_check(/dev/null) with the module unloaded: %s "
	       "naming the path", status_name(r));
	r = ncr_open();
	tap_ok(r == -ENODEV, "ncr_open with the module unloaded: %s (want "
	       "ENODEV)", errname(r));
	return tap_finish("abi --device-not-loaded");
}
