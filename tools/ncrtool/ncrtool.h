/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tools/ncrtool/ncrtool.h - shared by the files of tools/ncrtool/
 * (build/bin/ncrtool): exit codes and messages, files, options, the
 * policy of keys, key files, and the commands each family file defines.
 * See main.c for what the tool is and for the command table.
 */
#ifndef NCR_TOOLS_NCRTOOL_H
#define NCR_TOOLS_NCRTOOL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "libncr.h"

enum {
	EXIT_VERIFY = 1,	/* bad MAC, tag, padding or encrypted file */
	EXIT_USAGE = 2,
	EXIT_NCR = 3,		/* the device or the kernel said no */
	EXIT_IO = 4,		/* reading or writing a file */
};

#define CHUNK		65536	/* bytes per read and per session update */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- messages and exits (util.c) ---- */

extern const char *g_cmd;		/* command named in messages */
extern const char *g_device;		/* --device, NULL: libncr default */

void __attribute__((noreturn, format(printf, 2, 3)))
die(int code, const char *fmt, ...);

/* The same line, and the command goes on. */
void __attribute__((format(printf, 1, 2))) warn_msg(const char *fmt, ...);

#define die_usage(...) die(EXIT_USAGE, __VA_ARGS__)
#define die_verify(...) die(EXIT_VERIFY, __VA_ARGS__)

/* A kernel/library error, optionally about a named file. */
void __attribute__((noreturn)) die_ncr(int err, const char *about);
/* ncr_strerror, but EPERM without "CAP_SYS_ADMIN" (the key's policy) */
const char *ncr_reason(int err);
void __attribute__((noreturn)) die_io(const char *file, int err);
void *xmalloc(size_t n);

/* ---- files (util.c) ---- */

int is_stdio(const char *path);
const char *in_name(const char *path);
/* "-" is standard input, which a command reads once: a second take is a
 * usage error naming what (may be NULL). */
void take_stdin(const char *what);
int open_in(const char *path);
void close_in(int fd);
size_t read_full(int fd, void *buf, size_t len, const char *name);
size_t slurp(const char *path, void *buf, size_t max, const char *what);
size_t feed_file(int ctx, uint32_t ses, const char *path, int aad);

/*
 * Output: standard output, or a regular file written through a temporary
 * file in the same directory that is renamed over the target only when
 * everything succeeded (and removed on any failure).  Non-regular targets
 * (devices, FIFOs) are written directly.  New files get mode 0600 if
 * secret (key blobs of secret/private keys, exported secret keys,
 * wrapped keys), else 0666 less the umask; an existing file keeps its
 * mode.  "-" is standard output, once per command.
 */
struct output {
	int fd;
	const char *name;	/* for messages */
	char *final_path;	/* rename target, NULL if written directly */
};

void out_open_mode(struct output *o, const char *path, int secret);
void out_open(struct output *o, const char *path);	/* secret 0 */
void out_write(struct output *o, const void *buf, size_t len);
void out_commit(struct output *o);
void write_file(const char *path, const void *buf, size_t len);
void write_file_mode(const char *path, const void *buf, size_t len,
		     int secret);
void flush_stdout(void);

/* ---- progress on standard error (progress.c) ---- */

#define HAVE_PROGRESS 1

/* --progress 1 (always), --quiet -1 (never, and no notes), default 0:
 * when standard error is a terminal */
extern int g_progress;
extern int g_quiet;		/* --quiet: no notes (digest --check: no OK) */

struct progress {
	const char *what;	/* "digest", "encrypt", ... */
	uint64_t total;		/* 0: unknown */
	uint64_t done;
	uint64_t start, last;	/* CLOCK_MONOTONIC, ns */
	int on, tty, drawn;
};

void progress_start(struct progress *p, const char *what, uint64_t total);
void progress_add(struct progress *p, uint64_t bytes);
void progress_end(struct progress *p);
void progress_clear(void);	/* die(): clears a line being redrawn */
/* The size of a regular file open on fd, else 0 (unknown). */
uint64_t fd_size(int fd);

/* ---- small helpers (util.c) ---- */

size_t parse_hex(const char *s, uint8_t *out, size_t max, const char *what);
void print_hex(FILE *f, const uint8_t *p, size_t len);
void random_bytes(void *buf, size_t len);
int open_device(void);

/* ---- options (opts.c) ---- */

enum {
	OPT_DEVICE = 256, OPT_HELP, OPT_TYPE, OPT_BITS, OPT_EXPORTABLE,
	OPT_WRAPPABLE, OPT_HASHABLE, OPT_USAGE, OPT_OUT, OPT_IN, OPT_ID,
	OPT_KEY, OPT_ALG, OPT_AAD, OPT_IV, OPT_MAC, OPT_FILE, OPT_HEX,
	OPT_LENGTH, OPT_TARGET, OPT_PUBLIC, OPT_FORMAT, OPT_PEM, OPT_PUB_OUT,
	OPT_HASH, OPT_MGF1, OPT_SALT, OPT_LABEL, OPT_SIG, OPT_PEER,
	OPT_OUT_TYPE, OPT_PREHASHED, OPT_RAW_SIG, OPT_ALGS, OPT_TRUSTED,
	OPT_CLEAR_FLAGS, OPT_CLEAR_USAGE, OPT_CLEAR_ALGS, OPT_MAC_SIZE,
	OPT_KDF, OPT_SALT_HEX, OPT_SALT_FILE, OPT_INFO_HEX, OPT_INFO_FILE,
	OPT_LABEL_HEX, OPT_LABEL_FILE, OPT_CONTEXT_HEX, OPT_CONTEXT_FILE,
	OPT_ITERATIONS, OPT_PASSWORD_FILE, OPT_RSA_LEGACY,
	/* issue 13, CLI: info --json (also for other commands' machine
	 * output), digest --check */
	OPT_JSON, OPT_CHECK,
	/* issue 13, master key: master-key set --keyring, --serial,
	 * --rotate (master.c) */
	OPT_KEYRING, OPT_SERIAL, OPT_ROTATE,
	/* New per-command options go here, before OPT_PROGRESS, in the
	 * order of long_opts (opts.c). */
	/* The global options after --device (any command takes them;
	 * no O() bit): --progress, --quiet. */
	OPT_PROGRESS, OPT_QUIET,
	OPT__END
};

#define O(x) (1ULL << ((x) - OPT_DEVICE))
/* The policy of a new key (see key_policy_opts). */
#define KEYFLAG_OPTS (O(OPT_EXPORTABLE) | O(OPT_WRAPPABLE) | \
		      O(OPT_HASHABLE) | O(OPT_USAGE) | O(OPT_ALGS) | \
		      O(OPT_LABEL) | O(OPT_ID) | O(OPT_TRUSTED))

struct opts {
	const char *type, *out, *in, *id, *key, *alg, *aad, *iv, *mac;
	const char *file, *hex, *usage, *target;
	const char *format, *pub_out, *hash, *mgf1, *label, *sig, *peer;
	const char *out_type, *algs, *clear_flags, *clear_usage, *clear_algs;
	/* derive --kdf: each input as hex or as a file */
	const char *kdf, *salt_hex, *salt_file, *info_hex, *info_file;
	const char *label_hex, *label_file, *context_hex, *context_file;
	const char *password_file;
	unsigned long bits, length, salt, mac_size, iterations;
	int have_bits, have_length, have_salt, public, pem, prehashed;
	int raw_sig, have_mac_size, have_iterations;
	int json;		/* --json */
	const char *check;	/* digest --check FILE */
	/* master-key set: --keyring TYPE:DESC, --serial N, --rotate */
	const char *keyring, *serial;
	int rotate;
	uint32_t flags;
	int nargs;
	char **args;
};

struct command {
	const char *name;	/* as typed: "key generate" */
	int (*run)(struct opts *o);
	unsigned long long allowed;	/* O(...) bits besides --device,
					 * --help */
	int max_args;		/* positional arguments accepted */
	const char *synopsis;
	const char *summary;	/* one line for the global help */
	const char *help;
};

extern const struct command *g_command;	/* main.c: the one running */

void parse_opts(const struct command *c, int argc, char **argv,
		struct opts *o);
void need(const char *v, const char *opt);
void global_opt(int ch);	/* --progress, --quiet (opts.c) */

/* ---- the policy of keys (policy.c) ---- */

struct usage_name {
	const char *name;
	uint32_t bit;
};

/* The sizes are checked against the definitions in policy.c. */
extern const struct usage_name usage_names[7];
/* NCR_KEY_FLAG_* bit i is flag_names[i]; NCR_KEY_ATTR_* likewise. */
extern const char *const flag_names[6];
extern const char *const attr_names[3];

/* The usage bits a public key may have (ncr.h, NCRIO_KEY_IMPORT). */
#define PUBLIC_USAGES (NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_VERIFY | \
		       NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_DERIVE)

uint32_t parse_usage(const char *list, const char *opt);
uint32_t parse_flags(const char *list, const char *opt);
uint64_t parse_algs(const char *list, const char *opt);
const char *algs_text(uint64_t algs, char *buf, size_t len);
int usage_families(uint32_t type, uint32_t bits, uint32_t usage);

/* The policy of a new key: libncr's, with room for the label. */
struct keypol {
	struct ncr_key_policy p;
	uint8_t label[NCR_KEY_LABEL_MAX];
	const char *usage_text;	/* --usage as given, or NULL */
	int algs_given;
};

void key_policy_opts(struct opts *o, uint32_t type, uint32_t bits,
		     int public_key, uint32_t def_usage, uint32_t extra,
		     struct keypol *kp);
void __attribute__((noreturn))
die_create(int ret, const struct keypol *kp, uint32_t type, const char *what);
void check_policy(const struct ncr_key_info *info, const char *file,
		  uint32_t usage, uint32_t alg, uint64_t algbit,
		  const char *alg_name);
void check_key(int ctx, uint32_t key, const char *file, uint32_t alg,
	       uint32_t usage, uint32_t bits, const char *alg_name);
/* 'key generate' options for a key of type (bits 0: a usual size) */
const char *make_key_hint(uint32_t type, uint32_t bits, char *buf,
			  size_t len);
/* The kernel refused an operation with key (EPERM, EINVAL): says what
 * the key allows and how to make one that fits (exit 2) if that is why,
 * else the kernel's sentence (exit 3). */
void __attribute__((noreturn))
die_key_refused(int ret, int ctx, uint32_t key, const char *file,
		uint32_t usage, uint32_t alg, const char *alg_name);
/* The same, but returns if the key's policy does not explain it. */
void explain_key_refusal(int ret, int ctx, uint32_t key, const char *file,
			 uint32_t usage, uint32_t alg, const char *alg_name);

/* ---- PEM armour and DER, just enough to tell keys apart (pem.c) ---- */

int pem_decode(uint8_t *buf, size_t *len, char *label, size_t lsize,
	       const char *name);
/* secret: written 0600 if new (see out_open_mode) */
void write_der(const char *path, const char *label, const uint8_t *der,
	       size_t len, int secret);
int der_tlv(const uint8_t **p, const uint8_t *end, unsigned int *tag,
	    const uint8_t **val, size_t *len);
int der_classify(const uint8_t *d, size_t len, uint32_t *fmt,
		 uint32_t *type, int *priv);
uint32_t pem_label_format(const char *label, const char *name,
			  uint32_t *type);

/* ---- key files: storage blobs and PEM/DER keys (keyfile.c) ---- */

#define PK_FILE_MAX	(2 * NCR_MAX_PKEY_BYTES)	/* PEM of the largest */

uint32_t format_opt(const char *name);
int pk_type(uint32_t type);
uint32_t pk_default_usage(uint32_t type, int priv);

/* What an imported key is made of, worked out from the file and options. */
struct pk_input {
	uint8_t *data;		/* DER or raw bytes (in the caller's buffer) */
	size_t len;
	uint32_t format, type, bits;
	int priv;
};

void pk_identify(uint8_t *buf, size_t len, const char *name,
		 const char *fmt_name, uint32_t type_opt, uint32_t bits,
		 struct pk_input *pi);
uint32_t pk_import(int ctx, const struct pk_input *pi, const char *name,
		   const struct ncr_key_policy *pol);

/* A key file, read before the device is opened so that file errors
 * come first: a storage blob, or (public-key types) a PEM or DER key. */
struct keyfile {
	const char *path;
	size_t len;
	uint8_t blob[PK_FILE_MAX];
};

void read_keyfile(struct keyfile *kf, const char *path);
int is_blob(const uint8_t *d, size_t len);
uint32_t load_key(int ctx, struct keyfile *kf, uint32_t usage, uint32_t alg);
uint32_t open_keyfile(const char *path, uint32_t usage, uint32_t alg,
		      const char *not_blob, int *ctx);
void key_info(int ctx, uint32_t key, const char *file,
	      struct ncr_key_info *info);
void write_blob(int ctx, uint32_t key, const char *path);

/* ---- shared by the command families ---- */

uint32_t key_type_opt(const char *name);		/* key.c */
uint32_t secret_default_usage(uint32_t type);		/* key.c */
/* encrypt/decrypt with rsa-oaep or rsa-pkcs1 (pk.c) */
int pk_crypt_cmd(struct opts *o, uint32_t alg, uint32_t op);
/* derive: key agreement of --key with --peer into a new key in the
 * namespace *ctx it opens; kp the policy from the options (for messages),
 * NULL for a secret that a KDF takes next (pk.c) */
uint32_t derive_agree(struct opts *o, uint32_t type,
		      const struct ncr_key_policy *pol,
		      const struct keypol *kp, int *ctx);
/* derive: the new key to --out and/or, if exportable, in hex (pk.c) */
void derive_output(struct opts *o, int ctx, uint32_t key);
/* derive --kdf (kdf.c) */
int derive_kdf(struct opts *o);

/* ---- streaming AEAD files, format version 2 (stream.c) ---- */

/* docs/stream-format.md: magic 4, version 1, algorithm 1, prefix length
 * 1, log2 of the segment size 1, tag length 1, nonce prefix 7 */
#define STREAM_MAGIC		"NCRE"
#define STREAM_VERSION		2
#define STREAM_HDR_FIXED	7	/* the bytes formats 1 and 2 share */
#define STREAM_HDR_PREFIX	9	/* offset of the nonce prefix */
#define STREAM_PREFIX_LEN	7
#define STREAM_HDR_LEN		16

void stream_encrypt(int ctx, uint32_t key, uint32_t alg,
		    const uint8_t *prefix, struct opts *o);
/* hdr_start: the first STREAM_HDR_FIXED bytes, already read from fd */
void stream_decrypt(int ctx, uint32_t key, uint32_t alg, int fd,
		    const uint8_t *hdr_start, struct opts *o);

/* ---- the commands, one file a family (main.c: the table) ---- */

int cmd_info(struct opts *o);			/* info.c */
int cmd_master_key_set(struct opts *o);		/* master.c */
int cmd_master_key_status(struct opts *o);
int cmd_master_key_forget_previous(struct opts *o);
const char *master_source_name(uint32_t src);	/* "none", "trusted", ... */
int cmd_key_rewrap(struct opts *o);
int cmd_key_generate(struct opts *o);		/* key.c */
int cmd_key_import(struct opts *o);
int cmd_key_export(struct opts *o);
int cmd_key_info(struct opts *o);
int cmd_key_restrict(struct opts *o);
int cmd_key_trust(struct opts *o);
int cmd_key_wrap(struct opts *o);		/* wrap.c */
int cmd_key_unwrap(struct opts *o);
int cmd_encrypt(struct opts *o);		/* cipher.c */
int cmd_decrypt(struct opts *o);
int cmd_digest(struct opts *o);			/* digest.c */
int cmd_mac(struct opts *o);
int cmd_verify_mac(struct opts *o);
int cmd_sign(struct opts *o);			/* pk.c */
int cmd_verify(struct opts *o);
int cmd_derive(struct opts *o);

#endif /* NCR_TOOLS_NCRTOOL_H */
