// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ncr-bench - throughput of /dev/crypto (ncr) against AF_ALG and in-process
 * OpenSSL, for the same key, IV and input.
 *
 * Prints CSV on stdout:
 *   interface,algorithm,bytes,ops_per_s,mb_per_s
 * and notes ("# ...") on stderr.  MB is 10^6 bytes.
 *
 * Interfaces:
 *   ncr-once     one NCRIO_SESSION_ONCE ioctl per operation, the argument
 *                structure prepared once outside the loop.
 *   ncr-session  NCRIO_SESSION_INIT once, one NCRIO_SESSION_UPDATE per
 *                operation (a stream); AES-GCM: init+update+final per
 *                operation, because an AEAD session buffers to final.
 *   af_alg       the kernel's AF_ALG sockets: sendmsg(+cmsg)/read for
 *                ciphers and AEADs, write/read for hashes and MACs.
 *   openssl      libcrypto EVP in the same process, contexts reused.
 *   cioccrypt    the BSD ABI on ncr's device, as a cryptodev client uses
 *                it: CIOCGSESSION once with the key bytes, one CIOCCRYPT
 *                (AES-GCM: CIOCAUTHCRYPT) per operation.
 *   ncr-batch    one NCRIO_BATCH ioctl per --batch (32) one-shot
 *                operations, each what ncr-once passes; ops/s counts
 *                operations.
 *   ncr-uring    one-shot operations as io_uring SQEs (IORING_OP_URING_CMD,
 *                cmd_op NCRIO_SESSION_ONCE), --batch (32) kept in flight;
 *                ops/s counts operations.
 *
 * After the matrix: the batch-size sweep (ncr-batch and ncr-uring with 1
 * to 256 per call / in flight at 64 B, "sweep,..." rows), the BSD async
 * pair's requests in flight, and requests in flight through ncr-batch and
 * ncr-uring on the hardware driver (sweep.c).
 *
 * Before timing a (interface, algorithm, size) cell its output is compared
 * with an independent OpenSSL computation (fresh contexts); a difference
 * prints "# MISMATCH ..." and makes the exit status 1.  Setup or run-time
 * errors make it 2.  Speed never affects the exit status.
 *
 * Timing: each cell gets --time seconds of CLOCK_MONOTONIC wall time, split
 * into --rounds rounds.  For one (algorithm, size) the interfaces take
 * turns round by round, each round preceded by a short warm-up, and the
 * best round is reported: on a shared host (or a QEMU guest) interference
 * only ever slows a round down, and interleaving exposes all interfaces
 * to the same conditions.
 *
 * The files of bench/ncr-bench/ (one program, build/bench/ncr-bench):
 *   main.c         this: options, buffers, the run in order
 *   sym.c          the symmetric matrix: keys, reference, cells
 *   sym_ncr.c      the ncr-once and ncr-session interfaces
 *   sym_afalg.c    the af_alg interface
 *   sym_openssl.c  the openssl interface
 *   sym_bsd.c      the cioccrypt interface
 *   sym_batch.c    the ncr-batch interface
 *   sym_uring.c    the ncr-uring interface (liburing)
 *   sweep.c        the batch-size sweep; requests in flight on hardware
 *   async.c        requests in flight through CIOCASYNCCRYPT/FETCH
 *   pk.c           public-key cases: setup, cross-checks, timed rounds
 *   pk_keys.c      public-key keys, shared by ncr and OpenSSL
 *   report.c       notes, exit status, timed rounds, CSV rows
 *   bench.h        what they share
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "bench.h"

static const size_t default_sizes[] = {
	16, 64, 256, 1024, 4096, 16384, 65536,
};
#define MAX_SIZES 32
#define MAX_BYTES (1U << 24)

int ncr_fd = -1;

/* ------------------------------------------------------------------ */
/* command line                                                         */

static void usage(FILE *f)
{
	fprintf(f,
"Usage: ncr-bench [--time SECS] [--quick] [--interfaces LIST] [--algs LIST]\n"
"                 [--sizes LIST]\n"
"  --time SECS        timed run per cell (default 0.3), split into rounds\n"
"  --rounds N         rounds per cell (default 5): the interfaces take turns\n"
"                     and the best round is reported; each round has a\n"
"                     warm-up of 1/10 of its time\n"
"  --quick            smoke run: --time 0.02\n"
"  --interfaces LIST  comma list of: ncr-once,ncr-session,af_alg,openssl,\n"
"                     cioccrypt,ncr-batch,ncr-uring\n"
"  --batch N          ncr-batch: operations per NCRIO_BATCH; ncr-uring: SQEs\n"
"                     in flight (1..256, default 32)\n"
"  --sweep-time SECS  per job of the batch-size sweep (default: --time / 2)\n"
"  --no-sweep         no batch-size sweep and no requests in flight through\n"
"                     ncr-batch/ncr-uring on the hardware driver\n"
"  --algs LIST        comma list of: aes-128-cbc,aes-256-gcm,sha256,hmac-sha256\n"
"  --sizes LIST       comma list of byte counts (default\n"
"                     16,64,256,1024,4096,16384,65536; CBC needs multiples of 16)\n"
"  --pk-algs LIST     public-key cases (default all; 'none' skips them):\n"
"                     rsa2048-pkcs1-sign, ...-verify, rsa2048-pss-*, rsa3072-*,\n"
"                     rsa2048-oaep-encrypt, ...-decrypt, ecdsa-p256-*,\n"
"                     ecdsa-p384-*, ed25519-*, x25519-derive, ecdh-p256-derive,\n"
"                     dh-ffdhe2048-derive (a '*' suffix selects a group)\n"
"  --pk-time SECS     timed run per public-key cell (default: 10/3 x --time),\n"
"                     in at most 3 rounds\n"
"CSV on stdout, notes on stderr.  Exit: 0 ok, 1 output mismatch, 2 error.\n");
}

/* Parses a comma list of names into a bit mask; -1 on an unknown name. */
static int parse_names(const char *arg, const char *const *names, int n,
		       unsigned int *mask)
{
	char *dup = strdup(arg), *save = NULL, *tok;
	int i, ok = 1;

	if (!dup)
		return -1;
	*mask = 0;
	for (tok = strtok_r(dup, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < n; i++)
			if (!strcmp(tok, names[i]))
				break;
		if (i == n) {
			fprintf(stderr, "ncr-bench: unknown name '%s'\n", tok);
			ok = 0;
			break;
		}
		*mask |= 1U << i;
	}
	free(dup);
	return ok && *mask ? 0 : -1;
}

/* Public-key case names; "none", or a prefix ending in '*'. */
static int parse_pk_names(const char *arg, unsigned long long *mask)
{
	char *dup = strdup(arg), *save = NULL, *tok;
	size_t i, l;
	int ok = 1;

	if (!dup)
		return -1;
	*mask = 0;
	if (!strcmp(arg, "none")) {
		free(dup);
		return 0;
	}
	for (tok = strtok_r(dup, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		unsigned long long m = 0;

		l = strlen(tok);
		for (i = 0; i < pk_ncases; i++)
			if (l && tok[l - 1] == '*' ?
			    !strncmp(tok, pk_cases[i].name, l - 1) :
			    !strcmp(tok, pk_cases[i].name))
				m |= 1ULL << i;
		if (!m) {
			fprintf(stderr, "ncr-bench: unknown public-key case "
				"'%s'\n", tok);
			ok = 0;
			break;
		}
		*mask |= m;
	}
	free(dup);
	return ok && *mask ? 0 : -1;
}

static int parse_sizes(const char *arg, size_t *sizes, size_t *n)
{
	char *dup = strdup(arg), *save = NULL, *tok, *end;
	int ok = 1;

	if (!dup)
		return -1;
	*n = 0;
	for (tok = strtok_r(dup, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		unsigned long v = strtoul(tok, &end, 10);

		if (*end || !v || v > MAX_BYTES || *n == MAX_SIZES) {
			fprintf(stderr, "ncr-bench: bad size '%s'\n", tok);
			ok = 0;
			break;
		}
		sizes[(*n)++] = v;
	}
	free(dup);
	return ok && *n ? 0 : -1;
}

/* A duration in seconds: more than 0, at most an hour. */
static int parse_secs(const char *arg, const char *opt, double *secs)
{
	char *end;
	double v = strtod(arg, &end);

	if (*end || !(v > 0) || v > 3600) {
		fprintf(stderr, "ncr-bench: bad %s '%s'\n", opt, arg);
		return -1;
	}
	*secs = v;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "time", required_argument, NULL, 't' },
		{ "quick", no_argument, NULL, 'q' },
		{ "interfaces", required_argument, NULL, 'i' },
		{ "algs", required_argument, NULL, 'a' },
		{ "sizes", required_argument, NULL, 's' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "pk-algs", required_argument, NULL, 'p' },
		{ "pk-time", required_argument, NULL, 'P' },
		{ "batch", required_argument, NULL, 'b' },
		{ "sweep-time", required_argument, NULL, 'S' },
		{ "no-sweep", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned int ifmask = (1U << IF_COUNT) - 1, amask = (1U << A_COUNT) - 1;
	size_t sizes[MAX_SIZES], nsizes = 0, si, maxlen = 0, bufsize;
	static double best[A_COUNT][MAX_SIZES][IF_COUNT];
	static double worst[A_COUNT][MAX_SIZES][IF_COUNT];
	double secs = 0.3, pk_secs = 0, sweep_secs = 0;
	bool sweep = true;
	int rounds = 5;
	unsigned long long pkmask = (1ULL << pk_ncases) - 1;
	struct utsname un;
	char *end;
	int c, i, a;
	bool need_ncr;

	memcpy(sizes, default_sizes, sizeof(default_sizes));
	nsizes = sizeof(default_sizes) / sizeof(default_sizes[0]);
	while ((c = getopt_long(argc, argv, "t:qi:a:s:r:p:P:b:S:Nh", lo, NULL)) !=
	       -1) {
		switch (c) {
		case 't':
			if (parse_secs(optarg, "--time", &secs))
				return 2;
			break;
		case 'q':
			secs = 0.02;
			break;
		case 'i':
			if (parse_names(optarg, iface_names, IF_COUNT, &ifmask))
				return 2;
			break;
		case 'a':
			if (parse_names(optarg, alg_names, A_COUNT, &amask))
				return 2;
			break;
		case 's':
			if (parse_sizes(optarg, sizes, &nsizes))
				return 2;
			break;
		case 'r':
			rounds = (int)strtol(optarg, &end, 10);
			if (*end || rounds < 1 || rounds > 100) {
				fprintf(stderr, "ncr-bench: bad --rounds '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'p':
			if (parse_pk_names(optarg, &pkmask))
				return 2;
			break;
		case 'P':
			if (parse_secs(optarg, "--pk-time", &pk_secs))
				return 2;
			break;
		case 'b': {
			long v = strtol(optarg, &end, 10);

			if (*end || v < 1 || v > MAX_DEPTH) {
				fprintf(stderr, "ncr-bench: bad --batch '%s'\n",
					optarg);
				return 2;
			}
			batch_depth = (unsigned int)v;
			break;
		}
		case 'S':
			if (parse_secs(optarg, "--sweep-time", &sweep_secs))
				return 2;
			break;
		case 'N':
			sweep = false;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	for (si = 0; si < nsizes; si++) {
		if ((amask & (1U << A_CBC)) && sizes[si] % 16) {
			fprintf(stderr, "ncr-bench: size %zu: aes-128-cbc "
				"needs a multiple of 16\n", sizes[si]);
			return 2;
		}
		if (sizes[si] > maxlen)
			maxlen = sizes[si];
	}

	/* the sweep's 64 B and the requests in flight's 16 KiB too */
	if (maxlen < INFLIGHT_LEN)
		maxlen = INFLIGHT_LEN;

	/* Buffers sized for the largest cell (a multiple of 64 for
	 * aligned_alloc), each touched once so that no page fault lands in
	 * a timed loop. */
	bufsize = (maxlen + 64 + 63) & ~(size_t)63;
	inbuf = aligned_alloc(64, bufsize);
	refbuf = aligned_alloc(64, bufsize);
	if (!inbuf || !refbuf) {
		fprintf(stderr, "ncr-bench: out of memory\n");
		return 2;
	}
	for (si = 0; si < bufsize; si++)
		inbuf[si] = (uint8_t)(si * 131 + 7);
	memset(refbuf, 0, bufsize);
	for (i = 0; i < IF_COUNT; i++) {
		outbufs[i] = aligned_alloc(64, bufsize);
		if (!outbufs[i]) {
			fprintf(stderr, "ncr-bench: out of memory\n");
			return 2;
		}
		memset(outbufs[i], 0, bufsize);
	}

	if (uname(&un) == 0)
		note("kernel %s %s, OpenSSL %s, %g s per cell in %d rounds",
		     un.release, un.machine, OpenSSL_version(OPENSSL_VERSION),
		     secs, rounds);

	need_ncr = ifmask & ((1U << IF_ONCE) | (1U << IF_SESSION) |
			     (1U << IF_BSD) | (1U << IF_BATCH) |
			     (1U << IF_URING));
	ncr_fd = ncr_open();
	if (ncr_fd < 0) {
		note("%s: /dev/crypto: %s", need_ncr ? "error" : "note",
		     ncr_strerror(ncr_fd));
		if (need_ncr) {
			note("error: ncr interfaces skipped");
			set_status(2);
			ifmask &= ~((1U << IF_ONCE) | (1U << IF_SESSION) |
				    (1U << IF_BSD) | (1U << IF_BATCH) |
				    (1U << IF_URING));
		}
		if (RAND_bytes(key_aes128, sizeof(key_aes128)) != 1 ||
		    RAND_bytes(key_aes256, sizeof(key_aes256)) != 1 ||
		    RAND_bytes(key_hmac, sizeof(key_hmac)) != 1) {
			ossl_fail("RAND_bytes");
			return 2;
		}
	} else {
		if (ncr_keys())
			return 2;
		ncr_drivers();
	}
	if (amask & (1U << A_GCM))
		note("ncr-session aes-256-gcm: init+update+final per op (an "
		     "AEAD session buffers the message until final)");
	note("ncr-session aes-128-cbc/sha256/hmac-sha256: one update per op "
	     "on one long-lived session");

	for (a = 0; a < A_COUNT; a++) {
		if (!(amask & (1U << a)))
			continue;
		for (si = 0; si < nsizes; si++)
			run_cells(ifmask, a, sizes[si], secs, rounds,
				  best[a][si], worst[a][si]);
	}

	/* Rows grouped by interface, then algorithm, then size. */
	csv_header();
	for (i = 0; i < IF_COUNT; i++)
		for (a = 0; a < A_COUNT; a++)
			for (si = 0; si < nsizes; si++) {
				double v = best[a][si][i];

				if (!(amask & (1U << a)) || v <= 0)
					continue;
				csv_row(iface_names[i], alg_names[a],
					sizes[si], v);
			}
	fflush(stdout);

	/* ops/s against the batch size at 64 B ("sweep,..." rows) */
	if (sweep) {
		sweep_run(ifmask, amask, sweep_secs ? sweep_secs : secs / 2,
			  rounds);
		fflush(stdout);
	}

	/* Requests in flight: the BSD async pair, AES-128-CBC 16 KiB. */
	if (ncr_fd >= 0 && (ifmask & (1U << IF_BSD)) &&
	    (amask & (1U << A_CBC))) {
		async_run(secs, rounds);
		fflush(stdout);
	}
	/* ... and through ncr-batch and ncr-uring on the hardware driver */
	if (sweep && ncr_fd >= 0 && (amask & (1U << A_CBC))) {
		inflight_run(ifmask, secs * 3, rounds);
		fflush(stdout);
	}

	/* Public key: after the symmetric rows, in the same CSV. */
	if (pkmask && (ifmask & ((1U << IF_ONCE) | (1U << IF_OPENSSL)))) {
		bool do_ncr = (ifmask & (1U << IF_ONCE)) && ncr_fd >= 0;

		/* A public-key operation under TCG takes up to ~0.2 s
		 * (RSA-3072 signing): longer cells and at most 3 rounds,
		 * so that a round holds more than one operation. */
		if (!pk_secs)
			pk_secs = secs * 10 / 3;
		note("public key: ncr-once = libncr, one NCRIO_SESSION_ONCE "
		     "per sign/verify/encrypt/decrypt, KEY_DERIVE + "
		     "KEY_DEINIT per derive; openssl = EVP_PKEY in process; "
		     "%g s per cell", pk_secs);
		if (pk_keys_setup(pkmask, do_ncr))
			pk_run(pkmask, do_ncr, ifmask & (1U << IF_OPENSSL),
			       pk_secs, rounds < 3 ? rounds : 3);
		else
			set_status(2);
		pk_keys_free();
	}
	note_tally(rounds);

	if (ncr_fd >= 0)
		ncr_close(ncr_fd);
	free(inbuf);
	free(refbuf);
	for (i = 0; i < IF_COUNT; i++)
		free(outbufs[i]);
	if (status == 1)
		note("MISMATCH: some interface disagreed with OpenSSL");
	return status;
}

