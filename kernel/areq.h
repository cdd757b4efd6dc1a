/* SPDX-License-Identifier: GPL-2.0 */
/*
 * areq.h - one-shot cipher requests in flight on asynchronous drivers
 * (areq.c), used by batch.c and uring.c.
 *
 * The order of use: ncr_areq_prepare (the caller's context: copies the
 * input in), ncr_inflight_get (a slot of the namespace), ncr_areq_start
 * (done is called exactly once, from the driver's callback in any context
 * or from ncr_areq_start itself, after the slot is given back), then in
 * the caller's context again ncr_areq_finish (copies the output out) and
 * ncr_areq_free.
 */
#ifndef NCR_AREQ_H
#define NCR_AREQ_H

#include <crypto/skcipher.h>
#include "ncr-int.h"

struct ncr_areq {
	struct ncr_ns *ns;
	struct ncr_key *key;		/* a reference: its cache owns tfm */
	struct ncr_tfm tfm;
	bool enc;
	int err;			/* after done: 0 or -errno */
	u32 len;
	u8 iv[16];
	u8 *buf;			/* len bytes: input, then output */
	u8 __user *out;
	struct scatterlist sg;
	void (*done)(struct ncr_areq *r);
	void *owner;			/* for done: the batch or the command */
	struct list_head node;		/* the owner's */
	u32 index;			/* the owner's */
	struct ncr_audit_ctx ac;
	struct skcipher_request req;	/* last: the driver's state follows */
};

/*
 * A request for o if it is a one-shot cipher operation whose session an
 * asynchronous driver would serve, with the input copied in and r->ac
 * filled for the audit record;
 * NULL otherwise (or for any input the synchronous path refuses): run it
 * with ncr_session_once_run.
 */
struct ncr_areq *ncr_areq_prepare(struct ncr_ns *ns,
				  const struct ncr_session_once *o);
/* A slot of ns's max_inflight_per_ns: 0, -EAGAIN (nowait), -EINTR. */
int ncr_inflight_get(struct ncr_ns *ns, bool nowait);
/* Requests holding a slot now, all namespaces together (NCRIO_INFO). */
extern atomic64_t ncr_inflight_all;
/* Hands r (holding a slot) to the driver; see above for done. */
void ncr_areq_start(struct ncr_areq *r, void (*done)(struct ncr_areq *r));
/* After done, in the caller's context: 0 or -errno; o's out fields set. */
int ncr_areq_finish(struct ncr_areq *r, struct ncr_session_once *o);
void ncr_areq_free(struct ncr_areq *r);

#endif /* NCR_AREQ_H */
