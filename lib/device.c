// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * device.c - libncr's context: opening and closing the ncr device, the one
 * ioctl path every call goes through (result as 0 / -errno), the errno
 * sentences, the device node check, and the module information query.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "libncr.h"
#include "ncr_internal.h"

int ncr_ioctl(int ctx, unsigned long req, void *arg)
{
	if (ioctl(ctx, req, arg) < 0)
		return -errno;
	return 0;
}

int ncr_ioctl_handle(int ctx, unsigned long req, void *arg,
		     const __u32 *handle, uint32_t *out)
{
	int ret = ncr_ioctl(ctx, req, arg);

	if (ret)
		return ret;
	if (out)
		*out = *handle;
	return 0;
}

int ncr_ioctl_buf32(int ctx, unsigned long req, void *arg, __u32 *cap,
		    size_t *len)
{
	int ret;

	if (len)
		*cap = cap32(*len);
	ret = ncr_ioctl(ctx, req, arg);
	if (len && (ret == 0 || ret == -ERANGE))
		*len = *cap;
	return ret;
}

int ncr_ioctl_buf64(int ctx, unsigned long req, void *arg, __u64 *cap,
		    size_t *len)
{
	int ret;

	if (len)
		*cap = *len;
	ret = ncr_ioctl(ctx, req, arg);
	if (len && (ret == 0 || ret == -ERANGE))
		*len = (size_t)*cap;
	return ret;
}

int ncr_ioctl_verify(int ctx, unsigned long req, void *arg,
		     const __u32 *result)
{
	int ret = ncr_ioctl(ctx, req, arg);

	if (ret)
		return ret;
	return *result == NCR_VERIFY_OK ? NCR_VERIFY_OK : NCR_VERIFY_FAILED;
}

/* ------------------------------------------------------------------ */
/* context                                                            */

NCR_EXPORT int ncr_open_device(const char *path)
{
	int fd;

	if (!path || !*path)
		path = "/dev/crypto";
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;

		/* No node, or a node without a driver behind it. */
		if (e == ENOENT || e == ENXIO)
			e = ENODEV;
		return -e;
	}
	return fd;
}

NCR_EXPORT int ncr_open(void)
{
	/* secure_getenv: a set-uid caller must not be redirected. */
	return ncr_open_device(secure_getenv("NCR_DEVICE"));
}

NCR_EXPORT void ncr_close(int ctx)
{
	if (ctx >= 0)
		close(ctx);
}

/* ------------------------------------------------------------------ */
/* device check                                                       */

/* "MAJ:MIN" of the ncr misc device, from sysfs; 0 if there is none. */
static int ncr_sysfs_devnum(dev_t *out)
{
	char buf[32];
	unsigned int maj, min;
	ssize_t n;
	int fd;

	fd = open("/sys/class/misc/crypto/dev", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	if (sscanf(buf, "%u:%u", &maj, &min) != 2)
		return 0;
	*out = makedev(maj, min);
	return 1;
}

static int ncr_why(char *why, size_t len, int status, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int ncr_why(char *why, size_t len, int status, const char *fmt, ...)
{
	va_list ap;

	if (why && len) {
		va_start(ap, fmt);
		vsnprintf(why, len, fmt, ap);
		va_end(ap);
	}
	return status;
}

NCR_EXPORT int ncr_device_check(const char *path, char *why, size_t len)
{
	const char *env = NULL;
	struct ncr_info in;
	struct stat st;
	dev_t want = 0;
	int have_num, fd, e;

	if (!path) {
		env = secure_getenv("NCR_DEVICE");
		path = env;
	}
	if (!path || !*path) {
		path = "/dev/crypto";
		env = NULL;
	}
	if (access("/sys/module/ncr", F_OK))
		return ncr_why(why, len, NCR_DEV_NOT_LOADED,
			       "the ncr module is not loaded (no "
			       "/sys/module/ncr), so %s%s is not ncr: load it "
			       "with 'modprobe ncr' (and list it in "
			       "/etc/modules-load.d to load it at boot)",
			       path, env ? " (from NCR_DEVICE)" : "");
	have_num = ncr_sysfs_devnum(&want);
	if (stat(path, &st)) {
		e = errno;
		if (e == EACCES || e == EPERM)
			return ncr_why(why, len, NCR_DEV_NO_ACCESS,
				       "%s%s: %s: ask the administrator for "
				       "access", path,
				       env ? " (from NCR_DEVICE)" : "",
				       strerror(e));
		if (env)
			return ncr_why(why, len, NCR_DEV_NO_NODE,
				       "NCR_DEVICE names %s, which does not "
				       "exist (%s): unset NCR_DEVICE to use "
				       "/dev/crypto, or point it at the ncr "
				       "device node", path, strerror(e));
		return ncr_why(why, len, NCR_DEV_NO_NODE,
			       "the ncr module is loaded but %s does not "
			       "exist (%s): udev makes it from the module's "
			       "uevent; run 'udevadm trigger "
			       "--subsystem-match=misc' or reload the module",
			       path, strerror(e));
	}
	if (!S_ISCHR(st.st_mode))
		return ncr_why(why, len, NCR_DEV_NOT_NCR,
			       "%s%s is not a character device, so not the "
			       "ncr device: remove it and reload the ncr "
			       "module (or fix NCR_DEVICE)", path,
			       env ? " (from NCR_DEVICE)" : "");
	if (have_num && st.st_rdev != want) {
		if (major(st.st_rdev) != major(want))
			return ncr_why(why, len, NCR_DEV_NOT_NCR,
				       "%s%s is device %u:%u of another driver, "
				       "not the ncr device (%u:%u): use the "
				       "ncr node (/dev/crypto)", path,
				       env ? " (from NCR_DEVICE)" : "",
				       major(st.st_rdev), minor(st.st_rdev),
				       major(want), minor(want));
		return ncr_why(why, len, NCR_DEV_WRONG_NUMBER,
			       "%s%s has device number %u:%u but the ncr "
			       "device is %u:%u (a stale node, e.g. made at "
			       "boot by 'kmod static-nodes'): remove it and "
			       "run 'udevadm trigger --subsystem-match=misc', "
			       "or 'mknod %s c %u %u'", path,
			       env ? " (from NCR_DEVICE)" : "",
			       major(st.st_rdev), minor(st.st_rdev),
			       major(want), minor(want), path, major(want),
			       minor(want));
	}
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		if (e == EACCES || e == EPERM)
			return ncr_why(why, len, NCR_DEV_NO_ACCESS,
				       "permission denied opening %s%s (mode "
				       "%04o, owner %u, group %u): the ncr "
				       "udev rule (60-ncr.rules) or the "
				       "module's dev_mode sets who may open it",
				       path, env ? " (from NCR_DEVICE)" : "",
				       (unsigned int)(st.st_mode & 07777),
				       (unsigned int)st.st_uid,
				       (unsigned int)st.st_gid);
		return ncr_why(why, len, NCR_DEV_NOT_NCR,
			       "%s%s cannot be opened (%s): it is not a "
			       "working ncr device node", path,
			       env ? " (from NCR_DEVICE)" : "", strerror(e));
	}
	memset(&in, 0, sizeof(in));
	in.size = NCR_INFO_SIZE_VER0;
	e = ioctl(fd, NCRIO_INFO, &in) < 0 ? errno : 0;
	close(fd);
	if (e)
		return ncr_why(why, len, NCR_DEV_NOT_NCR,
			       "%s%s is not the ncr device (NCRIO_INFO: %s): "
			       "another driver's node of that name; use the "
			       "ncr node", path,
			       env ? " (from NCR_DEVICE)" : "", strerror(e));
	return ncr_why(why, len, NCR_DEV_OK, "%s%s is the ncr device", path,
		       env ? " (from NCR_DEVICE)" : "");
}

NCR_EXPORT const char *ncr_strerror(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case 0:
		return "success";
	case EPERM:
		return "operation not permitted by the key's flags or usage "
		       "(or missing CAP_SYS_ADMIN)";
	case ENOKEY:
		return "no storage master key is set (setting one from a "
		       "keyring: no such key in the caller's keyrings)";
	case EKEYREVOKED:
		return "the kernel keyring key was revoked";
	case EKEYEXPIRED:
		return "the kernel keyring key has expired";
	case EBADMSG:
		return "authentication failed: data, tag, blob or wrapped key "
		       "is corrupt, or made under another key";
	case EPROTONOSUPPORT:
		return "key blob of an unknown format version";
	case EDQUOT:
		return "ncr limit reached: too many keys or sessions, or too "
		       "much data buffered in sessions";
	case ENOENT:
		return "no such key or session handle";
	case EOPNOTSUPP:
		return "algorithm not implemented by this kernel (or no "
		       "hardware driver for it)";
	case ERANGE:
		return "output buffer too small";
	case EEXIST:
		return "master key already set (rotate to replace it)";
	case ENODEV:
		return "no ncr device at the path tried (is the ncr module "
		       "loaded? ncr_device_check() tells a missing module, a "
		       "missing node and a stale node apart)";
	case EINVAL:
		return "invalid argument: unknown algorithm, operation or flag, "
		       "or a key, IV, tag or data length the algorithm does "
		       "not accept";
	case E2BIG:
		return "argument structure not understood by this kernel "
		       "(library newer than the ncr module?)";
	case EFAULT:
		return "bad buffer address";
	case ENOTTY:
		return "not an ncr device, or a request this kernel does not "
		       "know";
	case ENOMEM:
		return "the kernel is out of memory";
	case EINTR:
		return "interrupted by a signal";
	case EIO:
		return "the session failed part-way through its data (a fault "
		       "or signal); it can only be finished or freed";
	case EPROTO:
		return "unexpected answer from the kernel (libncr and the ncr "
		       "module out of step?)";
	case EACCES:
		return "permission denied opening the ncr device";
	case EBADF:
		return "not an open ncr context";
	default:
		return strerror(err);
	}
}

/* ------------------------------------------------------------------ */
/* module information                                                 */

NCR_EXPORT int ncr_get_info(int ctx, struct ncr_info *info,
			    struct ncr_alg_info *algs, uint32_t *count)
{
	struct ncr_info in;
	int ret;

	NCR_ARG_INIT(in);
	in.alg_info_size = sizeof(struct ncr_alg_info);
	if (algs) {
		if (!count)
			return -EINVAL;
		in.algs = PTR(algs);
		in.alg_count = *count;
	}
	ret = ncr_ioctl(ctx, NCRIO_INFO, &in);
	if (ret)
		return ret;
	if (count)
		*count = in.alg_count;
	if (info)
		*info = in;
	return 0;
}
