// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kcov_fuzz.c - coverage-guided ioctl fuzzing of ncr.ko with KCOV (the
 * debug kernel: scripts/debug-kernel.sh; driven by tests/fuzz-kcov.sh,
 * `make fuzz-kcov`).
 *
 *   kcov_fuzz --ko build/<rel>/ncr.ko --out DIR [--seconds N]
 *   kcov_fuzz --replay FILE.prog     (runs a saved program, prints calls)
 *
 * A program is a short sequence of calls (at most MAX_CALLS) run on a
 * fresh namespace that holds the well-formed keys of make_keys().  Each
 * call is the seed gen.c makes it from plus a few word patches applied to
 * the structure it made (set, add, xor a 32-bit word; set a 64-bit
 * pointer).  KCOV records the program counters the module executes for
 * each call (only the module's .text* ranges count, read from sysfs and
 * the .ko's section headers); an edge is a pair of consecutive module PCs
 * in one call.  A program that reaches a new edge joins the corpus, and
 * the loop mutates corpus programs (reseed a call, insert, delete,
 * duplicate or swap calls, patch a word, splice two programs) or makes new
 * random ones until the time is up.
 *
 * Findings, each saved as DIR/finding-N.prog with what was seen:
 *   - a line in the kernel log that the VM runner would fail on (read from
 *     /dev/kmsg after every program: KASAN, UBSAN, lockdep, BUG, WARNING,
 *     KFENCE, DEBUG_OBJECTS, "sleeping function called ...");
 *   - the worker process killed by a signal (an oops kills the caller);
 *   - a failure with an errno ncr.h does not document for that ioctl.
 * The fuzzing runs in a child; its corpus and coverage live in shared
 * memory, so the parent restarts it after a crash without losing them.
 *
 * At the end DIR holds pcs.txt (one "section offset" line per covered PC,
 * offsets as KCOV records them: the return address of the coverage call),
 * corpus.bin (the corpus; loaded again by the next run, so runs add up)
 * and the figures; the TAP lines say whether anything was found and
 * whether the live counters came back.  scripts/kcov-report.py turns
 * pcs.txt into line and function coverage.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/kcov.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "ncr.h"
#include "fuzz/gen.h"

#define MAX_CALLS 12
#define MAX_FIX 4
#define MAX_CORPUS 8192
#define COVER_WORDS (4u << 20)		/* PCs recorded per call */
#define EDGE_BITS 22
#define MAX_RANGES 8
#define MAX_FINDINGS 32
#define KERNEL_START 0xffffffff81000000ULL	/* __START_KERNEL (x86_64) */

enum fix_op { FIX_SET32, FIX_ADD32, FIX_XOR32, FIX_SET64 };

struct fix {
	uint16_t off;
	uint8_t op;
	uint8_t pad[5];
	uint64_t val;
};

struct pcall {
	uint64_t seed;
	uint32_t nfix;
	uint32_t pad;
	struct fix fix[MAX_FIX];
};

struct prog {
	uint32_t magic;		/* PROG_MAGIC: a file of this build's format */
	uint32_t n;
	struct pcall c[MAX_CALLS];
};
#define PROG_MAGIC 0x6e6b4631	/* "nkF1" */

struct range {
	char name[32];
	uint64_t start, size;	/* canonical (KCOV) addresses */
	uint64_t index;		/* first index of this range in pc_seen */
};

/* Everything that survives the worker: shared with the parent. */
struct shared {
	struct prog current;	/* the program being run */
	int current_valid;
	uint64_t execs, calls, undocumented;
	uint64_t edges, pcs;
	uint32_t ncorpus, nfindings;
	uint32_t nranges;
	uint64_t text_words;	/* sum of the ranges' sizes */
	struct range ranges[MAX_RANGES];
	struct prog corpus[MAX_CORPUS];
	uint8_t edge_seen[1u << (EDGE_BITS - 3)];
	/* then pc_seen[text_words] (one byte per text byte) */
};

static struct shared *sh;
static uint8_t *pc_seen;
static const char *out_dir;
static int kcov_fd = -1, kmsg_fd = -1;
static uint64_t *cover;
static int verbose;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int write_file(const char *name, const void *data, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", out_dir, name);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fwrite(data, 1, len, f);
	return fclose(f);
}

/* Saves the current program as a finding, with why. */
static void finding(const char *why, const char *detail)
{
	char name[64], text[1024];
	uint32_t n = sh->nfindings++;

	if (n >= MAX_FINDINGS)
		return;
	printf("# finding %u: %s: %s\n", n, why, detail);
	fflush(stdout);
	snprintf(name, sizeof(name), "finding-%u.prog", n);
	write_file(name, &sh->current, sizeof(sh->current));
	snprintf(name, sizeof(name), "finding-%u.txt", n);
	snprintf(text, sizeof(text), "%s: %s\n", why, detail);
	write_file(name, text, strlen(text));
}

/* ---- the module's text, in KCOV's (canonical) addresses ---- */

static uint64_t kaslr_offset(void)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[256];
	uint64_t a = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char type, name[128];
		unsigned long long v;

		if (sscanf(line, "%llx %c %127s", &v, &type, name) == 3 &&
		    !strcmp(name, "_text")) {
			a = v;
			break;
		}
	}
	fclose(f);
	return a ? a - KERNEL_START : 0;
}

/* Reads the .text* sections of the .ko and their load addresses. */
static int load_ranges(const char *ko)
{
	uint64_t off = kaslr_offset();
	Elf64_Ehdr eh;
	Elf64_Shdr *sh_tab = NULL;
	char *names = NULL;
	FILE *f = fopen(ko, "r");
	int ret = -1;

	if (!f || fread(&eh, sizeof(eh), 1, f) != 1 ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) || eh.e_shentsize != sizeof(Elf64_Shdr))
		goto out;
	sh_tab = calloc(eh.e_shnum, sizeof(*sh_tab));
	if (!sh_tab || fseek(f, (long)eh.e_shoff, SEEK_SET) ||
	    fread(sh_tab, sizeof(*sh_tab), eh.e_shnum, f) != eh.e_shnum)
		goto out;
	names = malloc(sh_tab[eh.e_shstrndx].sh_size);
	if (!names || fseek(f, (long)sh_tab[eh.e_shstrndx].sh_offset, SEEK_SET) ||
	    fread(names, 1, sh_tab[eh.e_shstrndx].sh_size, f) !=
	    sh_tab[eh.e_shstrndx].sh_size)
		goto out;
	for (unsigned int i = 0; i < eh.e_shnum; i++) {
		const char *n = names + sh_tab[i].sh_name;
		char path[256], buf[64];
		unsigned long long addr;
		struct range *r;
		FILE *s;

		if (strncmp(n, ".text", 5) || !(sh_tab[i].sh_flags & SHF_EXECINSTR) ||
		    !sh_tab[i].sh_size || sh->nranges == MAX_RANGES)
			continue;
		snprintf(path, sizeof(path), "/sys/module/ncr/sections/%s", n);
		s = fopen(path, "r");
		if (!s)
			continue;	/* not loaded (freed after init) */
		if (!fgets(buf, sizeof(buf), s) ||
		    sscanf(buf, "%llx", &addr) != 1 || !addr) {
			fclose(s);
			continue;
		}
		fclose(s);
		r = &sh->ranges[sh->nranges++];
		snprintf(r->name, sizeof(r->name), "%s", n);
		r->start = addr - off;
		r->size = sh_tab[i].sh_size;
		r->index = sh->text_words;
		sh->text_words += r->size;
	}
	ret = sh->nranges ? 0 : -1;
out:
	free(sh_tab);
	free(names);
	if (f)
		fclose(f);
	return ret;
}

/* The index of a PC in pc_seen, or -1 if it is not the module's. */
static int64_t pc_index(uint64_t pc)
{
	for (uint32_t i = 0; i < sh->nranges; i++) {
		const struct range *r = &sh->ranges[i];

		if (pc >= r->start && pc < r->start + r->size)
			return (int64_t)(r->index + (pc - r->start));
	}
	return -1;
}

/* Takes the PCs of the last call; returns how many edges or PCs were new. */
static unsigned int collect(void)
{
	uint64_t n = __atomic_load_n(&cover[0], __ATOMIC_RELAXED), prev = 0;
	unsigned int fresh = 0;

	if (n > COVER_WORDS - 1)
		n = COVER_WORDS - 1;
	for (uint64_t i = 1; i <= n; i++) {
		int64_t x = pc_index(cover[i]);
		uint64_t h;

		if (x < 0)
			continue;
		if (!pc_seen[x]) {
			pc_seen[x] = 1;
			sh->pcs++;
			fresh++;
		}
		h = ((prev * 0x9e3779b97f4a7c15ULL) ^ (uint64_t)x) &
		    ((1u << EDGE_BITS) - 1);
		if (!(sh->edge_seen[h >> 3] & (1u << (h & 7)))) {
			sh->edge_seen[h >> 3] |= (uint8_t)(1u << (h & 7));
			sh->edges++;
			fresh++;
		}
		prev = (uint64_t)x + 1;
	}
	return fresh;
}

static int kcov_open(void)
{
	kcov_fd = open("/sys/kernel/debug/kcov", O_RDWR);
	if (kcov_fd < 0)
		return -1;
	if (ioctl(kcov_fd, KCOV_INIT_TRACE, (unsigned long)COVER_WORDS))
		return -1;
	cover = mmap(NULL, COVER_WORDS * sizeof(uint64_t),
		     PROT_READ | PROT_WRITE, MAP_SHARED, kcov_fd, 0);
	if (cover == MAP_FAILED)
		return -1;
	return ioctl(kcov_fd, KCOV_ENABLE, KCOV_TRACE_PC);
}

/* ---- the kernel log ---- */

static const char *const bad_log[] = {
	"BUG:", "WARNING:", "KASAN", "UBSAN", "KFENCE", "ODEBUG",
	"cut here", "Oops", "general protection", "possible circular",
	"possible recursive", "inconsistent lock", "suspicious RCU",
	"sleeping function called", "kernel BUG", "Call Trace",
};

static void check_kmsg(void)
{
	char rec[2048];
	ssize_t n;

	if (kmsg_fd < 0)
		return;
	while ((n = read(kmsg_fd, rec, sizeof(rec) - 1)) > 0 ||
	       (n < 0 && errno == EPIPE)) {
		if (n <= 0)
			continue;	/* EPIPE: records were overwritten */
		rec[n] = 0;
		for (unsigned int i = 0; i < sizeof(bad_log) / sizeof(bad_log[0]); i++)
			if (strstr(rec, bad_log[i])) {
				char *nl = strchr(rec, '\n');

				if (nl)
					*nl = 0;
				finding("kernel log", strchr(rec, ';') ?
					strchr(rec, ';') + 1 : rec);
				break;
			}
	}
}

/* ---- programs ---- */

static void random_call(struct pcall *c)
{
	memset(c, 0, sizeof(*c));
	c->seed = rnd() | 1;
}

static void random_prog(struct prog *p)
{
	memset(p, 0, sizeof(*p));
	p->magic = PROG_MAGIC;
	p->n = 1 + pick(MAX_CALLS / 2);
	for (uint32_t i = 0; i < p->n; i++)
		random_call(&p->c[i]);
}

static uint64_t interesting(void)
{
	static const uint64_t v[] = {
		0, 1, 2, 3, 4, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 255,
		256, 4095, 4096, 4097, 65535, 65536, 0x7fffffff, 0x80000000,
		0xfffffffe, 0xffffffff, 0x7ffffff0, 0xfffffff0,
	};

	switch (pick(4)) {
	case 0:
		return (uint32_t)rnd();
	case 1:
		return 1 + pick(40);	/* a handle */
	default:
		return v[pick(sizeof(v) / sizeof(v[0]))];
	}
}

static void add_fix(struct pcall *c)
{
	struct fix *f;

	if (c->nfix == MAX_FIX)
		f = &c->fix[pick(MAX_FIX)];
	else
		f = &c->fix[c->nfix++];
	memset(f, 0, sizeof(*f));
	/* the ncr structures are at most ~150 bytes; the tail is for size
	 * versions beyond the kernel's */
	f->off = (uint16_t)(4 * pick(pick(8) ? 40 : FUZZ_ARG_MAX / 4));
	f->op = (uint8_t)pick(4);
	switch (f->op) {
	case FIX_SET32:
		f->val = interesting();
		break;
	case FIX_ADD32:
		f->val = (uint32_t)(int32_t)((int)pick(17) - 8);
		break;
	case FIX_XOR32:
		f->val = 1u << pick(32);
		break;
	default:
		f->off &= (uint16_t)~7u;
		f->val = pick(2) ? (uint64_t)(uintptr_t)scratch + pick(SCRATCH_SIZE) :
			 (pick(2) ? 0 : 0xffff888000000000ULL + pick(1 << 20));
		break;
	}
}

static void mutate(struct prog *p)
{
	unsigned int m = 1 + pick(3);

	while (m--) {
		uint32_t i = pick(p->n);
		const struct prog *o;

		switch (pick(8)) {
		case 0:	/* reseed a call */
			random_call(&p->c[i]);
			break;
		case 1:	/* insert a new call */
		case 2:	/* duplicate a call */
			if (p->n == MAX_CALLS)
				break;
			memmove(&p->c[i + 1], &p->c[i],
				(p->n - i) * sizeof(p->c[0]));
			p->n++;
			if (pick(2))
				random_call(&p->c[i]);
			break;
		case 3:	/* delete a call */
			if (p->n == 1)
				break;
			memmove(&p->c[i], &p->c[i + 1],
				(p->n - i - 1) * sizeof(p->c[0]));
			p->n--;
			break;
		case 4:	/* swap two calls */
		{
			uint32_t j = pick(p->n);
			struct pcall t = p->c[i];

			p->c[i] = p->c[j];
			p->c[j] = t;
			break;
		}
		case 5:	/* splice: our prefix, another's suffix */
			if (!sh->ncorpus)
				break;
			o = &sh->corpus[pick(sh->ncorpus)];
			for (uint32_t j = pick(o->n); j < o->n && i < MAX_CALLS; j++)
				p->c[i++] = o->c[j];
			p->n = i ? i : 1;
			break;
		default: /* patch a word */
			add_fix(&p->c[i]);
			break;
		}
	}
}

static void apply_fixes(struct fuzz_call *fc, const struct pcall *c)
{
	for (uint32_t k = 0; k < c->nfix && k < MAX_FIX; k++) {
		const struct fix *f = &c->fix[k];
		uint32_t w;

		if (f->off + 8 > FUZZ_ARG_MAX)
			continue;
		memcpy(&w, fc->arg + f->off, 4);
		switch (f->op) {
		case FIX_SET32: w = (uint32_t)f->val; break;
		case FIX_ADD32: w += (uint32_t)f->val; break;
		case FIX_XOR32: w ^= (uint32_t)f->val; break;
		default:
			memcpy(fc->arg + f->off, &f->val, 8);
			continue;
		}
		memcpy(fc->arg + f->off, &w, 4);
	}
	if (fc->cmd == NCRIO_KEY_GENERATE_PAIR)
		keep_generation_short(fc->arg);
	memcpy(&fc->size, fc->arg, 4);
}

/* Runs p on a fresh namespace; returns how many edges or PCs were new. */
static unsigned int run_prog(const struct prog *p)
{
	unsigned int fresh = 0;
	int fd = open("/dev/crypto", O_RDWR);

	if (fd < 0)
		return 0;
	sh->current = *p;
	sh->current_valid = 1;
	make_keys(fd);
	memset(scratch, 0, SCRATCH_SIZE / 2);
	for (uint32_t i = 0; i < p->n && i < MAX_CALLS; i++) {
		struct fuzz_call fc;
		int r, e;

		rng_state = p->c[i].seed | 1;
		fuzz_gen_call(&fc);
		apply_fixes(&fc, &p->c[i]);
		if (cover)
			__atomic_store_n(&cover[0], 0, __ATOMIC_RELAXED);
		r = fuzz_do_call(fd, &fc);
		e = errno;
		if (cover)
			fresh += collect();
		sh->calls++;
		if (verbose)
			printf("#   call %u: %s (0x%lx) size %u%s: %s\n", i,
			       fc.ci < NCMDS ? cmd_names[fc.ci] : "other",
			       fc.cmd, fc.size, fc.bad_arg ? " bad pointer" : "",
			       r ? strerror(e) : "ok");
		if (!r) {
			int first = 0;

			fuzz_note_success(&fc);
			if (fuzz_batch_undocumented(&fc, &first)) {
				char d[96];

				sh->undocumented++;
				snprintf(d, sizeof(d), "NCRIO_BATCH element "
					 "errno %d (-1: done > count, -2: "
					 "failed miscounted)", first);
				finding("undocumented element errno", d);
			}
		} else if (!is_documented(e, fc.ci)) {
			char d[160];

			sh->undocumented++;
			snprintf(d, sizeof(d), "%s size %u: errno %d (%s)",
				 fc.ci < NCMDS ? cmd_names[fc.ci] : "other",
				 fc.size, e, strerror(e));
			finding("undocumented errno", d);
		}
	}
	if (cover)
		__atomic_store_n(&cover[0], 0, __ATOMIC_RELAXED);
	close(fd);		/* the release path with whatever is left */
	if (cover)
		fresh += collect();
	sh->execs++;
	check_kmsg();
	sh->current_valid = 0;
	return fresh;
}

static void keep(const struct prog *p)
{
	if (sh->ncorpus < MAX_CORPUS)
		sh->corpus[sh->ncorpus++] = *p;
	else
		sh->corpus[pick(MAX_CORPUS)] = *p;
}

static void report(double t0)
{
	printf("# %6.0f s: %llu programs, %llu calls, corpus %u, %llu edges, %llu PCs, %u findings\n",
	       now() - t0, (unsigned long long)sh->execs,
	       (unsigned long long)sh->calls, sh->ncorpus,
	       (unsigned long long)sh->edges, (unsigned long long)sh->pcs,
	       sh->nfindings);
	fflush(stdout);
}

/* The worker: fuzzes until the deadline; 0 when it got there. */
static int worker(double t0, double deadline, uint64_t seed)
{
	double next = now() + 60;
	uint64_t r = seed;

	if (kcov_open()) {
		printf("# KCOV: %s\n", strerror(errno));
		return 2;
	}
	kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (kmsg_fd >= 0)
		lseek(kmsg_fd, 0, SEEK_END);
	while (now() < deadline) {
		struct prog p;

		rng_state = r;
		if (!sh->ncorpus || pick(5) == 0) {
			random_prog(&p);
		} else {
			/* newer entries are likelier parents */
			uint32_t n = sh->ncorpus;
			uint32_t i = pick(2) ? n - 1 - pick(n < 64 ? n : 64) :
				     pick(n);

			p = sh->corpus[i];
			mutate(&p);
		}
		r = rnd();
		if (run_prog(&p))
			keep(&p);
		if (now() > next) {
			report(t0);
			next = now() + 60;
		}
	}
	return 0;
}

static int write_pcs(void)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/pcs.txt", out_dir);
	f = fopen(path, "w");
	if (!f)
		return -1;
	for (uint32_t i = 0; i < sh->nranges; i++) {
		const struct range *r = &sh->ranges[i];

		for (uint64_t o = 0; o < r->size; o++)
			if (pc_seen[r->index + o])
				fprintf(f, "%s 0x%llx\n", r->name,
					(unsigned long long)o);
	}
	return fclose(f);
}

static int read_prog(const char *path, struct prog *p)
{
	FILE *f = fopen(path, "r");
	int ok;

	if (!f)
		return -1;
	ok = fread(p, sizeof(*p), 1, f) == 1 && p->magic == PROG_MAGIC &&
	     p->n >= 1 && p->n <= MAX_CALLS;
	fclose(f);
	return ok ? 0 : -1;
}

/* Loads the corpus of an earlier run and replays it for its coverage. */
static void load_corpus(void)
{
	char path[512];
	struct prog p;
	unsigned int n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/corpus.bin", out_dir);
	f = fopen(path, "r");
	if (!f)
		return;
	if (kcov_open()) {
		fclose(f);
		return;
	}
	while (fread(&p, sizeof(p), 1, f) == 1)
		if (p.magic == PROG_MAGIC && p.n >= 1 && p.n <= MAX_CALLS) {
			n++;
			if (run_prog(&p))
				keep(&p);
		}
	fclose(f);
	ioctl(kcov_fd, KCOV_DISABLE, 0);
	munmap(cover, COVER_WORDS * sizeof(uint64_t));
	close(kcov_fd);
	cover = NULL;
	printf("# corpus.bin: %u programs replayed, %u kept\n", n, sh->ncorpus);
}

static int live(struct ncr_info *in)
{
	int fd = open("/dev/crypto", O_RDWR), r;

	if (fd < 0)
		return -1;
	memset(in, 0, sizeof(*in));
	in->size = sizeof(*in);
	r = ioctl(fd, NCRIO_INFO, in);
	close(fd);
	return r;
}

int main(int argc, char **argv)
{
	const char *ko = NULL, *replay = NULL;
	double seconds = 1800, t0 = now();
	struct ncr_info before;
	int t = 0, fail = 0, restarts = 0, fd;
	uint64_t seed = 0x9e3779b97f4a7c15ULL ^ (uint64_t)getpid() ^
			(uint64_t)time(NULL);
	size_t shsize;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--ko") && i + 1 < argc)
			ko = argv[++i];
		else if (!strcmp(argv[i], "--out") && i + 1 < argc)
			out_dir = argv[++i];
		else if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
			seconds = strtod(argv[++i], NULL);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--replay") && i + 1 < argc)
			replay = argv[++i];
		else {
			fprintf(stderr, "usage: %s --ko NCR.KO --out DIR [--seconds N] [--seed N]\n"
				"       %s --replay FILE.prog\n", argv[0], argv[0]);
			return 2;
		}
	}
	if (fuzz_setup()) {
		printf("1..0 # SKIP cannot map the scratch area\n");
		return 0;
	}
	fd = open("/dev/crypto", O_RDWR);
	if (fd < 0) {
		printf("1..0 # SKIP no /dev/crypto\n");
		return 0;
	}
	make_encodings(fd);
	close(fd);
	shsize = sizeof(*sh);
	sh = mmap(NULL, shsize, PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 2;
	if (replay) {
		struct prog p;

		if (read_prog(replay, &p)) {
			fprintf(stderr, "%s: not a program of this build\n", replay);
			return 2;
		}
		verbose = 1;
		out_dir = "/tmp";
		printf("# replaying %s: %u calls\n", replay, p.n);
		run_prog(&p);
		return 0;
	}
	if (!ko || !out_dir) {
		fprintf(stderr, "%s: --ko and --out are needed\n", argv[0]);
		return 2;
	}
	mkdir(out_dir, 0755);
	if (load_ranges(ko)) {
		printf("1..0 # SKIP no .text of ncr in /sys/module/ncr/sections (module not loaded, or not %s)\n", ko);
		return 0;
	}
	if (access("/sys/kernel/debug/kcov", R_OK | W_OK)) {
		printf("1..0 # SKIP no /sys/kernel/debug/kcov: not the debug kernel\n");
		return 0;
	}
	shsize += sh->text_words;
	{
		/* room for pc_seen behind the fixed part */
		struct shared *big = mmap(NULL, shsize, PROT_READ | PROT_WRITE,
					  MAP_SHARED | MAP_ANONYMOUS, -1, 0);

		if (big == MAP_FAILED)
			return 2;
		memcpy(big, sh, sizeof(*sh));
		munmap(sh, sizeof(*sh));
		sh = big;
		pc_seen = (uint8_t *)(sh + 1);
	}
	for (uint32_t i = 0; i < sh->nranges; i++)
		printf("# %s: %llu bytes at 0x%llx (KCOV address)\n",
		       sh->ranges[i].name,
		       (unsigned long long)sh->ranges[i].size,
		       (unsigned long long)sh->ranges[i].start);
	printf("# seed 0x%llx, %.0f s\n", (unsigned long long)seed, seconds);
	if (live(&before)) {
		printf("not ok 1 - NCRIO_INFO\n");
		return 1;
	}
	load_corpus();

	fflush(stdout);		/* or the child prints it all again */
	for (;;) {
		pid_t pid = fork();
		int status;

		if (pid == 0)
			_exit(worker(t0, t0 + seconds, seed));
		if (pid < 0 || waitpid(pid, &status, 0) < 0)
			return 2;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 2) {
			printf("not ok 1 - KCOV could not be enabled\n");
			return 1;
		}
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			break;
		/* killed: an oops in an ioctl, or a bug here */
		if (sh->current_valid) {
			char d[64];

			snprintf(d, sizeof(d), "worker %s",
				 WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) :
				 "exited");
			finding("crash", d);
		}
		sh->current_valid = 0;
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		if (++restarts > MAX_FINDINGS || now() > t0 + seconds)
			break;
	}
	report(t0);

	write_file("corpus.bin", sh->corpus, sh->ncorpus * sizeof(sh->corpus[0]));
	write_pcs();
	{
		char s[256];

		snprintf(s, sizeof(s), "seconds %.0f\nprograms %llu\ncalls %llu\ncorpus %u\nedges %llu\npcs %llu\nfindings %u\n",
			 now() - t0, (unsigned long long)sh->execs,
			 (unsigned long long)sh->calls, sh->ncorpus,
			 (unsigned long long)sh->edges,
			 (unsigned long long)sh->pcs, sh->nfindings);
		write_file("stats.txt", s, strlen(s));
	}

	t++;
	printf("%s %d - %llu programs (%llu calls) in %.0f s reach %llu edges, %llu PCs of ncr.ko\n",
	       sh->execs && sh->pcs ? "ok" : "not ok", t,
	       (unsigned long long)sh->execs, (unsigned long long)sh->calls,
	       now() - t0, (unsigned long long)sh->edges,
	       (unsigned long long)sh->pcs);
	fail |= !sh->execs || !sh->pcs;
	t++;
	printf("%s %d - no finding (kernel report, crash, undocumented errno): %u\n",
	       sh->nfindings ? "not ok" : "ok", t, sh->nfindings);
	fail |= sh->nfindings != 0;
	t++;
	{
		int fd = open("/dev/crypto", O_RDWR);

		fail |= fd < 0 || !fuzz_live_back(t, fd, &before);
		if (fd >= 0)
			close(fd);
	}
	printf("1..%d\n", t);
	return fail;
}
