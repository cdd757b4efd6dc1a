// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * abi - tests of the /dev/crypto ABI (version 3) with raw ioctls (no
 * libncr), in the manner of the kernel's openat2 selftests.  What is
 * checked is what the opening comment of ncr.h documents:
 *
 *   - every ioctl (NCRIO_KEY_RESTRICT and NCRIO_KEY_TRUST included): argument
 *     size 0, 4, VER0-1, every published version size (NCR_*_SIZE_VER*:
 *     the call works with the missing fields read as zero, and the bytes
 *     past the caller's size are neither read nor written), a size between
 *     two versions, exact, larger with a zero tail (accepted, tail not
 *     written), larger with a non-zero tail (E2BIG), 4096 (accepted), above
 *     4096 (E2BIG); structure pointer NULL, garbage, kernel, running into an
 *     unmapped page (EFAULT); read-only structure for ioctls that write back
 *     (EFAULT, nothing created);
 *   - every unknown bit of every flags/usage/algs word (64-bit ones too) and
 *     every __reserved field (EINVAL);
 *   - every data pointer bad, labels included (EFAULT);
 *   - handles 0, 12345, 0xffffffff and a deinit'ed/freed one (ENOENT);
 *   - unknown ioctl numbers, including size-encoded variants (ENOTTY);
 *   - invalid algorithm, op, key type, key length, IV and tag sizes (MACs
 *     at least 10 bytes for HMAC, 8 for CMAC) and key/algorithm type
 *     mismatches (EINVAL);
 *   - ERANGE with the needed size written back (export, storage wrap,
 *     key wrap, update, final, once), "nothing consumed" after
 *     ERANGE/EFAULT;
 *   - key wrap/unwrap: algorithms, wrapping key type, size, usage and
 *     algorithm set, WRAPPABLE and EXPORTABLE-or-TRUSTED, lengths per
 *     algorithm and per key type, the RFC 3394 and RFC 5649 known answers,
 *     tampering (EBADMSG); the new key's flags as asked, EXPORTABLE and
 *     HASHABLE only under an exportable unwrapping key (EPERM);
 *   - public keys: NCRIO_KEY_GENERATE_PAIR and NCRIO_KEY_DERIVE in the
 *     generic tables, their parameter rules per type, key IDs, labels,
 *     classes, attributes and derived public usage; import format/bits/type
 *     rules, strict DER, ERANGE on SPKI export; SESSION_INIT/ONCE
 *     version-1 fields;
 *   - NCRIO_INFO contents, version 1: the limits equal the module
 *     parameters, the caller's use moves with its keys, sessions, buffered
 *     bytes and namespaces;
 *   - key info: kernel-assigned 16-byte key IDs, all distinct; labels;
 *     attributes (LOCAL, ALWAYS_SENSITIVE, NEVER_EXTRACTABLE) of generated,
 *     imported (by root or not), unwrapped and derived keys; the VER0 size
 *     writes 64 bytes only;
 *   - algorithm sets: the default set of each type and usage (and none for
 *     two families), explicit sets, other types' algorithms, the XTS rules,
 *     through generate, import, unwrap, derive and pair generation, old
 *     structure versions getting the default; every operation outside the
 *     set EPERM;
 *   - NCRIO_KEY_RESTRICT: clears only, EINVAL for unknown bits or an empty
 *     usage or set (nothing changed), visible in key info, enforced on the
 *     next session, not on one already running, attributes kept, storage
 *     blobs keeping the policy of their sealing;
 *   - NCRIO_KEY_TRUST: EPERM without CAP_SYS_ADMIN (a child that drops to
 *     uid 65534 when run as root), EINVAL for keys that do not qualify,
 *     including keys an unprivileged process made in a namespace it shares
 *     with root; what a TRUSTED key may then wrap and unwrap;
 *   - SESSION_ONCE version 2 mac_size: only for MACs, the minimum lengths,
 *     SIGN writes mac_size bytes, VERIFY accepts exactly mac_size bytes;
 *     without it (and with versions 0 and 1) full-length MACs only;
 *   - EDQUOT at each per-user limit (root: the module parameters are
 *     lowered for a moment and restored), nothing created;
 *   - NCRIO_BATCH (ABI 4): its structure in the generic tables; the
 *     element array, each element's type and inner size, per-element
 *     results and the limits (tests/abi/batch.c);
 *   - VERIFY with a wrong MAC succeeds with NCR_VERIFY_FAILED; FINAL frees
 *     the session even when it fails, except on ERANGE; an update that
 *     faults after processing data leaves the session failed (EIO).
 * After every failing call the module's live_keys/live_sessions must be
 * unchanged (a failed ioctl creates nothing).
 *
 *   build/tests/abi [--master-key-hex HEX64]
 *   build/tests/abi --master-fresh        (a module load without a key)
 *   build/tests/abi --device-not-loaded   (the module unloaded)
 *
 * Run as root with the master key already set (tests/vm-suite.sh runs
 * security, which sets it, first), or with --master-key-hex in a boot of
 * its own; the storage tests are skipped without a master key.  As root
 * the unprivileged checks run in a forked child of uid 65534; run as
 * another user, abi checks that the privileged calls are refused.
 *
 * The files of tests/abi/:
 *   main.c     this: the shared objects, main() and the order of sections;
 *   abi.h      what the files share;
 *   harness.c  results (report, expect), raw-ioctl helpers, and the sweeps
 *              (sizes, structure pointers, unknown bits, data pointers)
 *              driven by the tables of
 *   table.c    every ioctl with its sizes and a builder of a valid
 *              argument; every flags word, reserved field, data pointer;
 *   info.c     NCRIO_INFO, its version 1, EDQUOT at the per-user limits;
 *   handles.c  bad handles, unknown ioctl numbers;
 *   key.c      generate, import, key IDs/labels/attributes, restrict;
 *   session.c  session parameters, VERIFY, a failed update, mac_size;
 *   wrap.c     key wrap and unwrap;
 *   erange.c   ERANGE with the size needed, in every ioctl that has it;
 *   pk.c       key pairs, key agreement, public-key import and sessions;
 *   algsets.c  algorithm sets, and their enforcement;
 *   trust.c    NCRIO_KEY_TRUST, with the uid 65534 child;
 *   master.c   NCRIO_MASTER_KEY_SET: key sizes and malformed forms;
 *              with --master-fresh the keyring sources, rotation,
 *              FORGET_PREVIOUS and the key IDs (tests/vm-master.sh);
 *   device.c   ncr_device_check on right, stale, foreign and missing
 *              nodes;
 *   batch.c    NCRIO_BATCH: counts, element sizes and types, the element
 *              array's pointer, per-element results, STOP_ON_ERROR,
 *              NCR_BATCH_MAX_BYTES, sessions across elements.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "abi.h"

int fd;
long pagesz;
uint8_t *arena;		/* 2 RW pages, then a PROT_NONE page */
uint8_t *guard;		/* the PROT_NONE page */
int is_root;
int master_set;		/* storage wrap works */

/* Persistent objects used by many tests. */
uint32_t k_aes;		/* AES-128, all usages */
uint32_t k_hmac;		/* HMAC 32 bytes, sign|verify */
uint8_t blob[NCR_STORAGE_BLOB_MAX];
uint32_t blob_len;
uint8_t wrapped[NCR_WRAPPED_KEY_MAX];	/* key16, RFC 5649 under k_aes */
uint32_t wrapped_len;

uint8_t buf_in[256], buf_out[4096], buf_tag[NCR_MAX_TAG];
uint8_t key16[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
			     15, 16 };
uint8_t iv16[16];
uint8_t label4[4] = { 0xca, 0xfe, 0xba, 0xbe };

/* public-key objects made once in main() */
uint32_t k_x25519;		/* X25519 private key, DERIVE */
uint8_t x_peer[32];		/* another X25519 public key */
uint8_t dh_params[1024];		/* ffdhe2048 DHParameter DER */
uint32_t dh_params_len;

int main(int argc, char **argv)
{
	struct live start, end;
	int r;

	tap_init();
	/* --device-not-loaded (tests/vm-master.sh, the module unloaded):
	 * only ncr_device_check's answer */
	if (argc == 2 && !strcmp(argv[1], "--device-not-loaded"))
		return device_not_loaded();
	fd = dev_open_or_skip_all(dev_open);
	is_root = geteuid() == 0;
	pagesz = sysconf(_SC_PAGESIZE);
	arena = mmap(NULL, 3 * (size_t)pagesz, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (arena == MAP_FAILED)
		tap_skip_all("mmap failed");
	guard = arena + 2 * pagesz;
	mprotect(guard, (size_t)pagesz, PROT_NONE);
	for (size_t i = 0; i < sizeof(buf_in); i++)
		buf_in[i] = (uint8_t)i;

	/* --master-key-hex HEX64: set the master key first (as root; for a
	 * run of abi alone in a boot) */
	if (argc == 3 && !strcmp(argv[1], "--master-key-hex")) {
		size_t mk_len = 0;
		uint8_t *mk = hex_decode(argv[2], &mk_len);
		struct ncr_master_key m = {
			.size = sizeof(m), .key = PTR64(mk),
			.key_size = (uint32_t)mk_len };

		r = mk ? call(NCRIO_MASTER_KEY_SET, &m) : -EINVAL;
		if (r && r != -EEXIST)
			tap_diag("--master-key-hex: %s", errname(r));
		free(mk);
	} else if (argc == 2 && !strcmp(argv[1], "--master-fresh")) {
		/* a module load without a master key (tests/vm-master.sh):
		 * the master key's life, NCRIO_INFO version 2, the device */
		test_info_v2();
		test_master_fresh();
		master_set = 1;		/* it leaves key A set */
		test_master_key_forms();
		test_info_v2();
		test_device_check();
		close(fd);
		return tap_finish("abi --master-fresh");
	} else if (argc != 1) {
		fprintf(stderr, "usage: abi [--master-key-hex HEX64 | "
			"--master-fresh | --device-not-loaded]\n");
		return 2;
	}
	live_get(fd, &start);
	r = impx(NCR_KEY_TYPE_AES, key16, 16, 0, NCR_KEY_USAGE_ALL, AES_ALGS,
		 &k_aes);
	if (r)
		tap_diag("import of the test AES key: %s", errname(r));
	r = imp(NCR_KEY_TYPE_HMAC, buf_in, 32, 0, NCR_KEY_USAGE_SIGN |
		NCR_KEY_USAGE_VERIFY, &k_hmac);
	if (r)
		tap_diag("import of the test HMAC key: %s", errname(r));
	{
		uint32_t wk;
		struct ncr_key_storage st = { .size = sizeof(st),
					      .blob = PTR64(blob),
					      .blob_size = sizeof(blob) };

		if (!gen(NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_STORABLE,
			 NCR_KEY_USAGE_ENCRYPT, &wk)) {
			st.key = wk;
			r = call(NCRIO_KEY_STORAGE_WRAP, &st);
			master_set = r == 0;
			blob_len = st.blob_size;
			if (r && r != -ENOKEY)
				tap_diag("storage wrap: %s", errname(r));
			kdel(wk);
		}
	}
	{
		uint32_t tk;
		uint32_t n = sizeof(wrapped);

		if (!imp(NCR_KEY_TYPE_AES, key16, 16, NCR_KEY_FLAG_WRAPPABLE |
			 NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_ENCRYPT, &tk)) {
			r = kwrap(NCR_WALG_AES_RFC5649, k_aes, tk, wrapped, &n);
			if (r)
				tap_diag("key wrap: %s", errname(r));
			else
				wrapped_len = n;
			kdel(tk);
		}
	}
	tap_diag("running as %s; master key %s", is_root ? "root" : "non-root",
		 master_set ? "set" : "not set");
	{
		/* public-key objects for the generic tables */
		struct ncr_key_generate_pair g = {
			.size = sizeof(g), .type = NCR_KEY_TYPE_X25519,
			.usage = NCR_KEY_USAGE_DERIVE,
		};
		struct ncr_key_export ex = {
			.size = sizeof(ex), .data = PTR64(x_peer),
			.data_size = sizeof(x_peer),
			.format = NCR_KEY_FORMAT_RAW_PUBLIC,
		};

		r = call(NCRIO_KEY_GENERATE_PAIR, &g);
		if (!r) {
			ex.key = g.public_key;
			r = call(NCRIO_KEY_EXPORT, &ex);
			kdel(g.private_key);
			kdel(g.public_key);
		}
		if (!r)
			r = call(NCRIO_KEY_GENERATE_PAIR, &g);
		if (!r) {
			k_x25519 = g.private_key;
			kdel(g.public_key);
		} else {
			tap_diag("X25519 key pair: %s", errname(r));
		}
		g.type = NCR_KEY_TYPE_DH;
		g.bits = 2048;
		r = call(NCRIO_KEY_GENERATE_PAIR, &g);
		if (!r) {
			ex.key = g.public_key;
			ex.data = PTR64(dh_params);
			ex.data_size = sizeof(dh_params);
			ex.format = NCR_KEY_FORMAT_PARAMS;
			r = call(NCRIO_KEY_EXPORT, &ex);
			if (!r)
				dh_params_len = ex.data_size;
			kdel(g.private_key);
			kdel(g.public_key);
		}
		if (r)
			tap_diag("DH ffdhe2048 parameters: %s", errname(r));
	}

	test_info();
	test_info_v1();
	test_info_v2();
	test_tables();
	test_update_no_side_effects();
	test_handles();
	test_unknown_ioctls();
	test_generate_params();
	test_import_params();
	test_session_params();
	test_keywrap_params();
	test_erange();
	test_verify();
	test_verify_lengths();
	test_genpair_params();
	test_derive_params();
	test_pk_import_params();
	test_pk_session_params();
	test_key_ids_labels_attrs();
	test_alg_sets();
	test_alg_enforced();
	test_mac_size();
	test_batch();
	test_restrict();
	test_trust();
	test_limits();
	test_master_key_sizes();
	test_master_key_forms();
	test_device_check();

	kdel(k_aes);
	kdel(k_hmac);
	if (k_x25519)
		kdel(k_x25519);
	if (live_wait(fd, &start, &end))
		report(0, "live counters back to the start: keys %llu -> %llu, "
		       "sessions %llu -> %llu",
		       (unsigned long long)start.keys,
		       (unsigned long long)end.keys,
		       (unsigned long long)start.sessions,
		       (unsigned long long)end.sessions);
	else
		report(1, "live counters back to the start");
	close(fd);
	return tap_finish("abi");
}
