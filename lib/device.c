// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * device.c - libncr's context: opening and closing the ncr device, the one
 * ioctl path every call goes through (result as 0 / -errno), the errno
 * sentences, and the module information query.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
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
		return "no storage master key is set";
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
		return "master key already set";
	case ENODEV:
		return "/dev/crypto not present: is the ncr module loaded?";
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
