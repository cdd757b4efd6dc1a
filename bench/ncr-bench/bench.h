/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench.h - shared by the files of bench/ncr-bench/ (build/bench/ncr-bench):
 * the symmetric matrix (interfaces, algorithms, one cell's job), the
 * public-key cases and keys, and the run's state and report helpers.
 * See bench/ncr-bench/main.c for what the program measures and how.
 */
#ifndef NCR_BENCH_H
#define NCR_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <linux/if_alg.h>

#include <openssl/evp.h>

#include "libncr.h"

/* ------------------------------------------------------------------ */
/* the matrix                                                         */

enum iface { IF_ONCE, IF_SESSION, IF_AFALG, IF_OPENSSL, IF_BSD, IF_BATCH,
	     IF_URING, IF_COUNT };
enum alg { A_CBC, A_GCM, A_SHA, A_HMAC, A_COUNT };

extern const char *const iface_names[IF_COUNT];
extern const char *const alg_names[A_COUNT];

#define GCM_IV_LEN 12
#define GCM_TAG_LEN 16
#define DIGEST_LEN 32

/* ------------------------------------------------------------------ */
/* shared state (sym.c; ncr_fd: main.c)                                */

extern uint8_t key_aes128[16], key_aes256[32], key_hmac[32];
extern const uint8_t iv_cbc[16];
extern const uint8_t iv_gcm[GCM_IV_LEN];

extern int ncr_fd;
extern uint32_t nk_aes128, nk_aes256, nk_hmac;	/* ncr key handles */

extern uint8_t *inbuf;		/* input, the largest size */
extern uint8_t *outbufs[IF_COUNT];	/* each interface's result */
extern uint8_t *refbuf;		/* reference result (OpenSSL, fresh) */

/*
 * Each algorithm's parameters, the same for every interface: ncr's
 * algorithm and operation, the key (the type, usage and algorithms ncr
 * generates it with, its bytes and its ncr handle; none for sha256) and
 * the IV (none for digests and MACs).
 */
struct sym_alg {
	uint32_t ncr_alg, ncr_op;
	uint32_t key_type, key_usage;
	uint64_t key_algs;
	uint8_t *key;
	size_t key_len;
	uint32_t *nk;
	const uint8_t *iv;
	uint32_t iv_len;
};

extern const struct sym_alg sym_algs[A_COUNT];

/* Length of one operation's result: ciphertext, ciphertext||tag, digest. */
static inline size_t result_len(enum alg a, size_t len)
{
	switch (a) {
	case A_CBC:
		return len;
	case A_GCM:
		return len + GCM_TAG_LEN;
	default:
		return DIGEST_LEN;
	}
}

/* ------------------------------------------------------------------ */
/* one benchmark cell                                                  */

struct job;

struct iface_ops {
	/* Prepares everything that a tuned application would prepare once. */
	int (*setup)(struct job *j);
	/* One timed operation; result (if any) in j->out.  0 or -errno. */
	int (*op)(struct job *j);
	/*
	 * Computes one operation's result into j->out from a state that
	 * gives the same result as the reference (a fresh session for the
	 * streaming interface).  NULL: the first op() does that.
	 */
	int (*verify)(struct job *j);
	/* Ends the run (a stream's final) and frees everything. */
	void (*teardown)(struct job *j);
	/* op() on a fresh job leaves the reference result in j->out and
	 * keeps doing so on every call (stateless per op). */
	bool stateless;
	/*
	 * Before the check after timing: finishes what is in flight and
	 * puts a result to compare into j->out (the interfaces with many
	 * results per call: the first that differs from the reference).
	 * NULL: nothing to do.
	 */
	int (*settle)(struct job *j);
};

struct job {
	enum iface ifc;
	enum alg alg;
	size_t len;
	const char *where;	/* "iface alg bytes", for messages */
	uint8_t *out;		/* this interface's output buffer */
	char name[96];		/* where points here */

	/* set before setup (run_jobs): */
	unsigned int depth;	/* ncr-batch: ops per call; ncr-uring: in
				 * flight (0: the default, --batch) */
	uint32_t sflags;	/* NCR_SESSION_FLAG_* of every ncr op */
	double tshare;		/* share of the cell's time (0: 1) */

	/* set by setup: operations one op() call counts (0: 1) */
	unsigned int per_call;

	/* many results per call (ncr-batch, ncr-uring): depth results,
	 * mstride bytes apart */
	uint8_t *mout;
	size_t mstride;
	struct ncr_batch batch;
	struct ncr_batch_op *bops;
	void *uring;		/* sym_uring.c's state */

	/* ncr */
	struct ncr_session_once once;
	struct ncr_session_init sinit;
	struct ncr_session_op sop;	/* update */
	struct ncr_session_op sfin;	/* final */
	bool ses_live;

	/* the BSD ABI (cioccrypt) */
	uint32_t bsd_ses;

	/* AF_ALG */
	int tfmfd, opfd;
	struct msghdr msg;
	struct iovec iov;
	union {
		struct cmsghdr align;
		uint8_t buf[CMSG_SPACE(sizeof(uint32_t)) * 2 +
			    CMSG_SPACE(sizeof(struct af_alg_iv) + 16)];
	} cbuf;

	/* OpenSSL */
	EVP_CIPHER *cipher;
	EVP_CIPHER_CTX *cctx;
	EVP_MD *md;
	EVP_MD_CTX *mctx;
	EVP_MAC *mac;
	EVP_MAC_CTX *macctx;
};

/* the interfaces: sym_ncr.c, sym_afalg.c, sym_openssl.c, sym_bsd.c,
 * sym_batch.c, sym_uring.c */
extern const struct iface_ops iface_once, iface_session, iface_afalg,
	iface_openssl, iface_bsd, iface_batch, iface_uring;

/* sym_ncr.c: a one-shot operation of the job's algorithm on inbuf into
 * out (the tag / digest at out + len), with session flags. */
void once_fill(struct ncr_session_once *o, enum alg a, size_t len,
	       uint8_t *out, uint32_t sflags);

/* Restores the fields NCRIO_SESSION_ONCE writes back (output and tag
 * capacities, result), before the structure is used again. */
static inline void once_rearm(struct ncr_session_once *o, enum alg a,
			      size_t len)
{
	o->output_size = a <= A_GCM ? len : 0;
	o->tag_size = a == A_CBC ? 0 : a == A_GCM ? GCM_TAG_LEN : DIGEST_LEN;
	o->result = 0;
}

/* sym.c */
#define DEFAULT_DEPTH	32	/* --batch */
#define MAX_DEPTH	NCR_BATCH_MAX_OPS
#define MAX_JOBS	32	/* jobs in one run_jobs */
extern unsigned int batch_depth;	/* --batch: ncr-batch/-uring */

void run_cells(unsigned int ifmask, enum alg a, size_t len,
	       double secs, int rounds, double best[IF_COUNT],
	       double worst[IF_COUNT]);
void run_jobs(struct job *jobs, int n, enum alg a, size_t len, double secs,
	      int rounds, double *best, double *worst);
uint8_t *mout_alloc(struct job *j);
void pick_result(struct job *j);
int ncr_keys(void);
void ncr_drivers(void);

/* many operations per call: the batch-size sweep and requests in flight
 * on the hardware driver (sweep.c) */
void sweep_run(unsigned int ifmask, unsigned int amask, double secs,
	       int rounds);
void inflight_run(unsigned int ifmask, double secs, int rounds);
#define INFLIGHT_LEN	16384

/* ------------------------------------------------------------------ */
/* public key (pk.c, pk_keys.c)                                        */

enum pk_kind { PK_SIGN, PK_VERIFY, PK_ENC, PK_DEC, PK_DERIVE };
enum pk_keyid { K_RSA2048, K_RSA3072, K_P256, K_P384, K_ED25519, K_X25519,
		K_DH2048, K_COUNT };

struct pk_case {
	const char *name;	/* the CSV algorithm column */
	enum pk_keyid k;
	enum pk_kind kind;
	uint32_t alg;		/* NCR_ALG_* */
	uint32_t hash;		/* NCR_ALG_SHA*, 0 for Ed25519 / derive */
};

extern const struct pk_case pk_cases[];
extern const size_t pk_ncases;

extern const char *const pk_key_names[K_COUNT];

struct pk_key {
	EVP_PKEY *pkey;		/* OpenSSL: the key */
	EVP_PKEY *peer;		/* OpenSSL: a peer's key (derive) */
	uint32_t nk;		/* ncr: the same private key, 0 if none */
	uint8_t peer_raw[512];	/* ncr: the peer's raw public value */
	size_t peer_raw_len;
};

extern struct pk_key pk_keys[K_COUNT];

bool pk_keys_setup(unsigned long long pkmask, bool use_ncr);
void pk_keys_free(void);
void pk_run(unsigned long long pkmask, bool do_ncr, bool do_ossl,
	    double secs, int rounds);

/* ------------------------------------------------------------------ */
/* requests in flight through CIOCASYNCCRYPT (async.c)                 */

void async_run(double secs, int rounds);

/* ------------------------------------------------------------------ */
/* notes, exit status, timing, CSV rows (report.c)                     */

extern int status;		/* exit status: 0, 1 mismatch, 2 error */

void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void set_status(int st);
void ossl_fail(const char *what);

/* Runs n operations of a job: 0, or the first failed operation's -errno. */
typedef int batch_fn(void *job, uint64_t n);

double timed_round(batch_fn *batch, void *job, const char *where,
		   double secs);
void run_rounds(int n, bool *live, int rounds, double secs,
		double (*round)(void *jobs, int i, double secs), void *jobs,
		double *best, double *worst);
void tally_cell(double best, double worst);
void note_tally(int rounds);
void csv_header(void);
void csv_row(const char *iface, const char *alg, size_t bytes, double ops);

#endif /* NCR_BENCH_H */
