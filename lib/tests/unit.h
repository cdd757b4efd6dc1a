/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * unit.h - shared by the files of libncr's unit test: the fake kernel and
 * TAP output of harness.c, and the test groups main() runs, in its order.
 */
#ifndef LIBNCR_UNIT_H
#define LIBNCR_UNIT_H

#include <stddef.h>
#include <stdint.h>

#include "libncr.h"
#include "ncr_internal.h"

/* ioctl() on FAKE_FD goes to the fake kernel (harness.c): it records the
 * request and a copy of the argument structure, and lets the hook given
 * to fake_reset() change it; a non-zero err is returned as -1/errno. */
#define FAKE_FD 4242
#define FAKE_ARG_SIZE 4096

extern unsigned long fake_req;
extern unsigned char fake_arg[FAKE_ARG_SIZE];
extern int fake_calls;
void fake_reset(void (*hook)(void *), int err);

/* TAP: one test result, and a comment line. */
void ok(int cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* names.c */
void test_names(void);
void test_pk_names(void);
void test_props(void);
void test_strerror(void);
void test_keyalgs(void);
/* pad.c */
void test_ct_helpers(void);
void test_pkcs7(void);
/* args.c */
void test_arg_checks(void);
void test_pk_arg_checks(void);
void test_open(void);
/* marshal.c */
void test_pk_marshalling(void);
void test_policy_marshalling(void);
void test_mac_marshalling(void);
/* batch.c */
void test_batch_marshalling(void);
void test_batch_limits(void);
void test_batch_run(void);
void test_uring_prep(void);

#endif /* LIBNCR_UNIT_H */
