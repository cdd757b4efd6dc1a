/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tests/fuzz/gen.h - the ioctl call generator shared by the random fuzzer
 * (ioctl_fuzz.c) and the KCOV-guided one (kcov_fuzz.c).
 *
 * A call is made from the generator's random state alone (rng_state, the
 * handles seen, the keys of make_keys()): reseeding rng_state and replaying
 * the same calls on a fresh namespace gives the same calls again, which is
 * what lets kcov_fuzz.c keep a call as a seed.  Not thread-safe.
 */
#ifndef NCR_TESTS_FUZZ_GEN_H
#define NCR_TESTS_FUZZ_GEN_H

#include <stdint.h>

#define SCRATCH_SIZE (1 << 20)
#define NCMDS 33	/* 22 NCR ioctls, then the 11 BSD ones */
#define FUZZ_ARG_MAX 512

extern uint64_t rng_state;
extern uint8_t *scratch;	/* alone at a fixed address, see fuzz_setup() */
extern uint32_t handles[64];	/* key and session handles seen */
extern unsigned int nhandles;
extern const unsigned long cmds[NCMDS];
extern const char *const cmd_names[NCMDS];
extern const uint32_t full[NCMDS];	/* the kernel's sizes */

uint64_t rnd(void);
uint32_t pick(uint32_t n);

struct fuzz_call {
	unsigned long cmd;
	unsigned int ci;	/* index in cmds[]; NCMDS: not an ncr ioctl */
	uint32_t size;		/* also in arg's first word */
	int bad_arg;		/* pass a junk pointer instead of arg */
	uint8_t arg[FUZZ_ARG_MAX];
};

/* Maps the scratch area; 0, or -1 if it cannot. */
int fuzz_setup(void);
/* The valid public-key encodings the templates start from. */
void make_encodings(int fd);
/* The well-formed keys of a fresh namespace; forgets the handles seen. */
void make_keys(int fd);
/* A call: a random ioctl number or an ncr one, a plausible structure
 * (template) with a few words mutated, or random words (fill). */
void fuzz_gen_call(struct fuzz_call *fc);
/* Issues it on fd: the ioctl's return value, errno as it left it. */
int fuzz_do_call(int fd, const struct fuzz_call *fc);
/* After a successful call: remembers the handles it made. */
void fuzz_note_success(const struct fuzz_call *fc);
/* Whether errno e is documented for cmds[ci] (ci == NCMDS: only ENOTTY). */
int is_documented(int e, unsigned int ci);
void fill(uint8_t *buf, uint32_t size);
/* RSA and DSA generation without parameters take minutes under TCG: an
 * NCRIO_KEY_GENERATE_PAIR structure asking for them gets an odd size. */
void keep_generation_short(uint8_t *arg);
/* Field values the templates draw from (gen.c). */
uint64_t a_pointer(void);
uint32_t a_handle(void);
uint32_t a_length(void);
uint32_t a_usage(void);
uint64_t an_algs(uint32_t type);
uint32_t a_label_size(void);
uint32_t an_op(void);
void remember(uint32_t h);	/* a handle the calls may name */

/*
 * A key with an algorithm it may serve (the third field: its IV length,
 * or for public-key objects the operation), made in a fresh namespace.
 */
struct good {
	uint32_t key, alg, iv;
};

/* gen_pk.c: public-key templates and objects */
int pk_template(unsigned long cmd, uint8_t *buf);	/* 1 if it made one */
void make_pk_keys(int fd);

/* The template of cmd (a plausible structure, size word not set) and a
 * published size of it (or the kernel's): what gen_batch.c builds its
 * elements from. */
void fuzz_template(unsigned long cmd, uint8_t *buf);
uint32_t fuzz_version(unsigned long cmd);

/* gen_batch.c: NCRIO_BATCH, its element array in the scratch area */
void batch_template(uint8_t *buf);
/* After a successful call: how many things the kernel wrote back are
 * wrong (done/failed inconsistent: *first -1/-2; an element's errno not
 * documented for its ioctl: *first that errno). */
int fuzz_batch_undocumented(const struct fuzz_call *fc, int *first);

/* gen_bsd.c: the BSD ioctls (<crypto/cryptodev.h>) */
int is_bsd_cmd(unsigned long cmd);
void bsd_template(unsigned long cmd, uint8_t *buf);
void bsd_note_success(unsigned long cmd, const uint8_t *arg);
void bsd_forget(void);	/* a fresh namespace: no session ids */

/* TAP line t: NCRIO_INFO on fd shows the live counters of *before;
 * returns whether it does. */
struct ncr_info;
int fuzz_live_back(int t, int fd, const struct ncr_info *before);

#endif
