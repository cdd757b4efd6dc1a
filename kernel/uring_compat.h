/* SPDX-License-Identifier: GPL-2.0 */
/*
 * uring_compat.h - the io_uring command API as uring.c uses it, on the
 * kernels ncr supports: 6.1 (Debian's, with the 6.1.y backports that give
 * io_uring_cmd_done and the task-work callback their issue_flags) and 6.12.
 * What differs:
 *   - the header: <linux/io_uring.h> (6.1), <linux/io_uring/cmd.h> (6.7+);
 *   - the command area: ioucmd->cmd (6.1) or io_uring_sqe_cmd(ioucmd->sqe)
 *     (6.5+), both the 16 (or 80) bytes of sqe->cmd, possibly still in the
 *     shared ring: read each field once;
 *   - a dead task: 6.12 says so in the task-work callback's issue_flags
 *     (IO_URING_F_TASK_DEAD); 6.1 runs the callback from a kworker
 *     (fallback work) when the task is exiting, which ncr_uring_task_gone
 *     sees from current.
 */
#ifndef NCR_URING_COMPAT_H
#define NCR_URING_COMPAT_H

#include <linux/version.h>
#include <linux/sched.h>
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
#include <linux/io_uring/cmd.h>
#else
#include <linux/io_uring.h>
#endif

static inline const void *ncr_uring_cmd_area(const struct io_uring_cmd *c)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	return io_uring_sqe_cmd(c->sqe);
#else
	return c->cmd;
#endif
}

/* The task-work callback runs where user memory of mm must not be used. */
static inline bool ncr_uring_task_gone(unsigned int issue_flags,
				       const struct mm_struct *mm)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	if (issue_flags & IO_URING_F_TASK_DEAD)
		return true;
#endif
	return (current->flags & (PF_EXITING | PF_KTHREAD)) ||
	       current->mm != mm;
}

#endif /* NCR_URING_COMPAT_H */
