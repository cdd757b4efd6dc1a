// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sym_ncr.c - the two ncr interfaces of the symmetric matrix: ncr-once
 * (one NCRIO_SESSION_ONCE per operation) and ncr-session (a long-lived
 * session, one NCRIO_SESSION_UPDATE per operation; AES-GCM a whole
 * session per operation).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "bench.h"

/* The fields of ncr_session_once and ncr_session_init that say what to
 * compute: algorithm, operation, key and IV. */
#define NCR_SET_ALG(s, a) do {						\
	const struct sym_alg *p_ = &sym_algs[a];			\
									\
	(s)->algorithm = p_->ncr_alg;					\
	(s)->op = p_->ncr_op;						\
	(s)->key = p_->nk ? *p_->nk : 0;				\
	(s)->iv = (uintptr_t)p_->iv;					\
	(s)->iv_size = p_->iv_len;					\
} while (0)

/* ---- ncr-once ---------------------------------------------------- */

void once_fill(struct ncr_session_once *o, enum alg a, size_t len,
	       uint8_t *out, uint32_t sflags)
{
	memset(o, 0, sizeof(*o));
	o->size = sizeof(*o);
	o->flags = sflags;
	NCR_SET_ALG(o, a);
	o->input = (uintptr_t)inbuf;
	o->input_size = len;
	switch (a) {
	case A_CBC:
		o->output = (uintptr_t)out;
		o->output_size = len;
		break;
	case A_GCM:
		o->output = (uintptr_t)out;
		o->output_size = len;
		o->tag = (uintptr_t)(out + len);
		o->tag_size = GCM_TAG_LEN;
		break;
	default:
		o->tag = (uintptr_t)out;
		o->tag_size = DIGEST_LEN;
		break;
	}
}

static int once_setup(struct job *j)
{
	once_fill(&j->once, j->alg, j->len, j->out, j->sflags);
	return 0;
}

static int once_op(struct job *j)
{
	/* In/out fields the kernel writes back: restore the capacities (the
	 * same values it returns on success, so these stores are cheap) and
	 * the result field, which must be 0 on input. */
	once_rearm(&j->once, j->alg, j->len);
	if (ioctl(ncr_fd, NCRIO_SESSION_ONCE, &j->once))
		return -errno;
	return 0;
}

static void nop_teardown(struct job *j)
{
	(void)j;
}

/* ---- ncr-session ------------------------------------------------- */

static void session_prepare(struct job *j)
{
	struct ncr_session_init *si = &j->sinit;

	memset(si, 0, sizeof(*si));
	si->size = sizeof(*si);
	NCR_SET_ALG(si, j->alg);
	if (j->alg == A_GCM)
		si->tag_size = GCM_TAG_LEN;
	memset(&j->sop, 0, sizeof(j->sop));
	j->sop.size = sizeof(j->sop);
	j->sop.input = (uintptr_t)inbuf;
	j->sop.input_size = j->len;
	if (j->alg == A_CBC) {
		j->sop.output = (uintptr_t)j->out;
		j->sop.output_size = j->len;
	}
	memset(&j->sfin, 0, sizeof(j->sfin));
	j->sfin.size = sizeof(j->sfin);
	switch (j->alg) {
	case A_CBC:
		break;
	case A_GCM:
		j->sfin.output = (uintptr_t)j->out;
		j->sfin.output_size = j->len;
		j->sfin.tag = (uintptr_t)(j->out + j->len);
		j->sfin.tag_size = GCM_TAG_LEN;
		break;
	default:
		j->sfin.tag = (uintptr_t)j->out;
		j->sfin.tag_size = DIGEST_LEN;
		break;
	}
}

static int session_init(struct job *j)
{
	j->sinit.ses = 0;	/* out field; must be 0 on input */
	if (ioctl(ncr_fd, NCRIO_SESSION_INIT, &j->sinit))
		return -errno;
	j->sop.ses = j->sinit.ses;
	j->sfin.ses = j->sinit.ses;
	j->ses_live = true;
	return 0;
}

static int session_update(struct job *j)
{
	if (j->alg == A_CBC)
		j->sop.output_size = j->len;
	if (ioctl(ncr_fd, NCRIO_SESSION_UPDATE, &j->sop))
		return -errno;
	return 0;
}

static int session_final(struct job *j)
{
	j->ses_live = false;	/* final frees the session even on error */
	j->sfin.result = 0;
	switch (j->alg) {
	case A_CBC:
		j->sfin.output_size = 0;
		break;
	case A_GCM:
		j->sfin.output_size = j->len;
		j->sfin.tag_size = GCM_TAG_LEN;
		break;
	default:
		j->sfin.tag_size = DIGEST_LEN;
		break;
	}
	if (ioctl(ncr_fd, NCRIO_SESSION_FINAL, &j->sfin))
		return -errno;
	return 0;
}

static int session_setup(struct job *j)
{
	session_prepare(j);
	/* The stream (CBC, digests, MACs) starts here and lives until
	 * teardown; GCM sessions are made per operation. */
	if (j->alg == A_GCM)
		return 0;
	return session_init(j);
}

static int session_op(struct job *j)
{
	int err;

	if (j->alg != A_GCM)
		return session_update(j);
	/* AEAD sessions buffer the whole message until final: one message
	 * per operation is init + update + final. */
	err = session_init(j);
	if (!err)
		err = session_update(j);
	if (!err)
		err = session_final(j);
	else if (j->ses_live)
		(void)session_final(j);
	return err;
}

/* A fresh session over one message, as the reference computes it. */
static int session_verify(struct job *j)
{
	struct job v = *j;
	int err;

	v.ses_live = false;
	err = session_init(&v);
	if (!err)
		err = session_update(&v);
	if (v.ses_live) {
		int e2 = session_final(&v);

		err = err ?: e2;
	}
	return err;
}

static void session_teardown(struct job *j)
{
	if (j->ses_live) {
		int err = session_final(j);

		if (err) {
			note("error: %s: NCRIO_SESSION_FINAL: %s", j->where,
			     strerror(-err));
			set_status(2);
		}
	}
}

const struct iface_ops iface_once = {
	once_setup, once_op, NULL, nop_teardown, true, NULL
};

const struct iface_ops iface_session = {
	session_setup, session_op, session_verify, session_teardown, false,
	NULL
};
