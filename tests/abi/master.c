// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/abi/master.c - part of build/tests/abi (see tests/abi/main.c):
 * NCRIO_MASTER_KEY_SET.  (Its sizes, flags, reserved fields and pointers
 * are in the tables of tests/abi/table.c.)
 *
 * In the main run (the master key already set by security, which the
 * later steps of tests/vm-suite.sh rely on) only calls that change
 * nothing: wrong key sizes, malformed keyring and FORGET_PREVIOUS forms,
 * keyring keys that are not found, EEXIST.
 *
 * abi --master-fresh runs in a module load without a master key
 * (tests/vm-master.sh reloads the module for it) and goes through the
 * whole life of the master key: the keyring sources (user, logon,
 * encrypted; trusted -> EOPNOTSUPP where the kernel has no trusted keys),
 * each keyring error, rotation and FORGET_PREVIOUS with blobs made under
 * each key, and the key IDs NCRIO_INFO reports.  The kernel keys are
 * made with add_key(2)/keyctl(2) directly (keyutils need not be there),
 * in the process keyring.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/keyctl.h>
#include <openssl/evp.h>

#include "abi.h"

/* ------------------------------------------------------------ helpers */

static int mk_set(uint32_t flags, const void *key, uint32_t key_size,
		  uint32_t type, uint32_t serial)
{
	struct ncr_master_key mk = {
		.size = sizeof(mk), .flags = flags, .key = PTR64(key),
		.key_size = key_size, .key_type = type, .key_serial = serial,
	};

	return call(NCRIO_MASTER_KEY_SET, &mk);
}

/* A keyring source by description (NUL-terminated). */
static int mk_keyring(uint32_t flags, uint32_t type, const char *desc,
		      uint32_t serial)
{
	return mk_set(NCR_MASTER_KEY_FLAG_KEYRING | flags, desc,
		      (uint32_t)strlen(desc), type, serial);
}

static int32_t add_key(const char *type, const char *desc, const void *data,
		       size_t len, int32_t ring)
{
	long r = syscall(SYS_add_key, type, desc, data, len, ring);

	return r < 0 ? -errno : (int32_t)r;
}

static long keyctl(int cmd, unsigned long a, unsigned long b)
{
	long r = syscall(SYS_keyctl, cmd, a, b, 0UL, 0UL);

	return r < 0 ? -errno : r;
}

static int info_get(struct ncr_info *in)
{
	memset(in, 0, sizeof(*in));
	in->size = sizeof(*in);
	return call(NCRIO_INFO, in);
}

static int is_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return 0;
	return 1;
}

/* The documented key ID: HMAC-SHA256(key, "ncr master key id v1")[0..16) */
static void master_id(const uint8_t key[32], uint8_t id[16])
{
	static const char label[] = "ncr master key id v1";
	uint8_t full[32];
	size_t n = 0;

	memset(id, 0, 16);
	if (EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, key, 32,
		      (const uint8_t *)label, sizeof(label) - 1, full,
		      sizeof(full), &n) && n == 32)
		memcpy(id, full, 16);
}

static const char *hex16(const uint8_t *id)
{
	static __thread char s[4][33];
	static __thread int i;
	char *o = s[i++ & 3];

	for (int k = 0; k < 16; k++)
		snprintf(o + 2 * k, 3, "%02x", id[k]);
	return o;
}

/* A storage blob of a new STORABLE key under the current master key. */
static int blob_make(uint8_t *b, uint32_t *len)
{
	struct ncr_key_storage st = {
		.size = sizeof(st), .blob = PTR64(b),
		.blob_size = NCR_STORAGE_BLOB_MAX };
	uint32_t k;
	int r;

	r = gen(NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_STORABLE,
		NCR_KEY_USAGE_ENCRYPT, &k);
	if (r)
		return r;
	st.key = k;
	r = call(NCRIO_KEY_STORAGE_WRAP, &st);
	*len = st.blob_size;
	kdel(k);
	return r;
}

/* Loads a blob (the key is deleted again): 0 or -errno. */
static int blob_load(const uint8_t *b, uint32_t len)
{
	struct ncr_key_storage st = {
		.size = sizeof(st), .blob = PTR64(b), .blob_size = len };
	int r = call(NCRIO_KEY_STORAGE_UNWRAP, &st);

	if (!r)
		kdel(st.key);
	return r;
}

/* ------------------------------------------------- the main run (set) */

/* As root: every key_size but 32 is EINVAL (or EEXIST once set). */
void test_master_key_sizes(void)
{
	static const uint32_t sizes[] = { 0, 16, 31, 33, 64 };
	struct live before;
	int r;

	if (!is_root)
		return;
	before = live_now();
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct ncr_master_key mk = {
			.size = sizeof(mk), .key = PTR64(buf_in),
			.key_size = sizes[i] };
		char name[64];

		snprintf(name, sizeof(name), "master key set with "
			 "key_size %u", sizes[i]);
		r = call(NCRIO_MASTER_KEY_SET, &mk);
		if (master_set)
			expect2(r, -EINVAL, -EEXIST, &before, name);
		else
			expect(r, -EINVAL, &before, "%s", name);
	}
}

/*
 * The forms of the structure that are wrong whatever the state (EINVAL
 * before anything is looked up or changed), and the master key state
 * they leave alone.
 */
void test_master_key_forms(void)
{
	static const char nul_desc[] = "ab\0cd";
	static char long_desc[NCR_MASTER_KEY_DESC_MAX + 2];
	struct ncr_info a, b;
	int r;

	if (!is_root)
		return;
	info_get(&a);
	report_err(mk_set(NCR_MASTER_KEY_FLAG_FORGET_PREVIOUS, buf_in, 0, 0,
			  0), -EINVAL, "FORGET_PREVIOUS with a key pointer");
	report_err(mk_set(NCR_MASTER_KEY_FLAG_FORGET_PREVIOUS, NULL, 32, 0,
			  0), -EINVAL, "FORGET_PREVIOUS with key_size 32");
	report_err(mk_set(NCR_MASTER_KEY_FLAG_FORGET_PREVIOUS |
			  NCR_MASTER_KEY_FLAG_ROTATE, NULL, 0, 0, 0), -EINVAL,
		   "FORGET_PREVIOUS | ROTATE");
	report_err(mk_set(NCR_MASTER_KEY_FLAG_FORGET_PREVIOUS |
			  NCR_MASTER_KEY_FLAG_KEYRING, NULL, 0, 0, 0), -EINVAL,
		   "FORGET_PREVIOUS | KEYRING");
	report_err(mk_set(NCR_MASTER_KEY_FLAG_FORGET_PREVIOUS, NULL, 0,
			  NCR_MASTER_KEY_SRC_USER, 0), -EINVAL,
		   "FORGET_PREVIOUS with a key_type");
	report_err(mk_set(NCR_MASTER_KEY_FLAG_FORGET_PREVIOUS, NULL, 0, 0, 7),
		   -EINVAL, "FORGET_PREVIOUS with a key_serial");
	report_err(mk_set(0, buf_in, 32, NCR_MASTER_KEY_SRC_USER, 0), -EINVAL,
		   "the key's bytes with a key_type");
	report_err(mk_set(0, buf_in, 32, 0, 1), -EINVAL,
		   "the key's bytes with a key_serial");
	for (uint32_t t = 0; t < 8; t++) {
		if (t >= NCR_MASTER_KEY_SRC_TRUSTED &&
		    t <= NCR_MASTER_KEY_SRC_LOGON)
			continue;
		report_err(mk_keyring(NCR_MASTER_KEY_FLAG_ROTATE, t,
				      "ncr-t-any", 0), -EINVAL,
			   "KEYRING with key_type %u", t);
	}
	report_err(mk_set(NCR_MASTER_KEY_FLAG_KEYRING |
			  NCR_MASTER_KEY_FLAG_ROTATE, "x", 0,
			  NCR_MASTER_KEY_SRC_USER, 0), -EINVAL,
		   "KEYRING with an empty description");
	memset(long_desc, 'd', sizeof(long_desc) - 1);
	report_err(mk_set(NCR_MASTER_KEY_FLAG_KEYRING |
			  NCR_MASTER_KEY_FLAG_ROTATE, long_desc,
			  NCR_MASTER_KEY_DESC_MAX + 1,
			  NCR_MASTER_KEY_SRC_USER, 0), -EINVAL,
		   "KEYRING with a description of %d bytes",
		   NCR_MASTER_KEY_DESC_MAX + 1);
	report_err(mk_set(NCR_MASTER_KEY_FLAG_KEYRING |
			  NCR_MASTER_KEY_FLAG_ROTATE, nul_desc, 5,
			  NCR_MASTER_KEY_SRC_USER, 0), -EINVAL,
		   "KEYRING with a NUL inside the description");
	report_err(mk_set(NCR_MASTER_KEY_FLAG_KEYRING |
			  NCR_MASTER_KEY_FLAG_ROTATE, (void *)guard, 8,
			  NCR_MASTER_KEY_SRC_USER, 0), -EFAULT,
		   "KEYRING with an unmapped description");
	/* a long description that exists nowhere: looked up, not found */
	r = mk_set(NCR_MASTER_KEY_FLAG_KEYRING | NCR_MASTER_KEY_FLAG_ROTATE,
		   long_desc, NCR_MASTER_KEY_DESC_MAX,
		   NCR_MASTER_KEY_SRC_USER, 0);
	report_err(r, -ENOKEY, "KEYRING with a %d-byte description nobody "
		   "added", NCR_MASTER_KEY_DESC_MAX);
	if (master_set) {
		report_err(mk_set(0, buf_in, 32, 0, 0), -EEXIST,
			   "a second set without ROTATE");
		report_err(mk_keyring(0, NCR_MASTER_KEY_SRC_USER,
				      "ncr-t-absent", 0), -EEXIST,
			   "a second set without ROTATE, from a keyring key "
			   "that does not exist (the state is checked "
			   "first)");
	}
	info_get(&b);
	report(a.master_key_source == b.master_key_source &&
	       a.master_key_flags == b.master_key_flags &&
	       !memcmp(a.master_key_id, b.master_key_id, 16) &&
	       !memcmp(a.master_key_previous_id, b.master_key_previous_id, 16),
	       "refused master key calls leave the master key state as it "
	       "was (source %u, id %s)", b.master_key_source,
	       hex16(b.master_key_id));
}

/* -------------------------------------------- abi --master-fresh (root) */

/* Whether this kernel could have trusted keys: built in, loaded, or a
 * trusted.ko on disk. */
static int trusted_possible(void)
{
	struct utsname u;
	char pat[512];
	glob_t g;
	int found;

	if (!access("/sys/module/trusted", F_OK))
		return 1;
	if (uname(&u))
		return 1;
	snprintf(pat, sizeof(pat),
		 "/lib/modules/%s/kernel/security/keys/trusted-keys/trusted.ko*",
		 u.release);
	found = !glob(pat, 0, NULL, &g) && g.gl_pathc > 0;
	globfree(&g);
	snprintf(pat, sizeof(pat), "/lib/modules/%s/*/trusted.ko*", u.release);
	if (!found && !glob(pat, 0, NULL, &g)) {
		found = g.gl_pathc > 0;
		globfree(&g);
	}
	return found;
}

/* A child of uid 65534 adds a 32-byte user key to ITS user keyring. */
static int plant_as_nobody(const char *desc)
{
	uint8_t k[32];
	pid_t pid;
	int st;

	memset(k, 0x65, sizeof(k));
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(2);
		_exit(add_key("user", desc, k, sizeof(k),
			      KEY_SPEC_USER_KEYRING) > 0 ? 0 : 1);
	}
	if (waitpid(pid, &st, 0) != pid)
		return -errno;
	return WIFEXITED(st) && !WEXITSTATUS(st) ? 0 : -EPERM;
}

struct mstate {
	uint32_t source, flags;
	uint8_t id[16], prev[16];
};

/* Reports whether NCRIO_INFO shows the state want. */
static void check_state(const struct mstate *want, const char *what)
{
	struct ncr_info in;
	int r = info_get(&in);

	report(!r && in.master_key_source == want->source &&
	       in.master_key_flags == want->flags &&
	       !memcmp(in.master_key_id, want->id, 16) &&
	       !memcmp(in.master_key_previous_id, want->prev, 16),
	       "%s: NCRIO_INFO source %u flags %u id %s previous %s (want "
	       "%u %u %s %s)", what, in.master_key_source,
	       in.master_key_flags, hex16(in.master_key_id),
	       hex16(in.master_key_previous_id), want->source, want->flags,
	       hex16(want->id), hex16(want->prev));
}

void test_master_fresh(void)
{
	static uint8_t blob_a[NCR_STORAGE_BLOB_MAX], blob_b[NCR_STORAGE_BLOB_MAX],
		blob_c[NCR_STORAGE_BLOB_MAX];
	uint8_t ka[32], kb[32], k31[31], k33[33], kmk[32], id_a[16], id_b[16];
	uint32_t la = 0, lb = 0, lc = 0;
	int32_t sa, sb, s31, s33, sl31, srev, sexp, senc, skmk;
	struct mstate st = { 0 };
	struct ncr_info in;
	uint8_t enc_id[16];
	int r;

	if (!is_root) {
		report_skip("needs root", "the master key's life");
		return;
	}
	for (int i = 0; i < 32; i++) {
		ka[i] = (uint8_t)(0xa0 + i);
		kb[i] = (uint8_t)(0x30 ^ i);
		kmk[i] = (uint8_t)(7 * i);
	}
	memset(k31, 0x31, sizeof(k31));
	memset(k33, 0x33, sizeof(k33));
	master_id(ka, id_a);
	master_id(kb, id_b);
	report(!is_zero(id_a, 16) && memcmp(id_a, id_b, 16),
	       "OpenSSL computes the expected key IDs");

	check_state(&st, "at load: no master key");
	{
		uint32_t l;

		report_err(blob_make(blob_a, &l), -ENOKEY,
			   "storage wrap before a master key is set");
	}
	report_err(mk_set(NCR_MASTER_KEY_FLAG_FORGET_PREVIOUS, NULL, 0, 0, 0),
		   -ENOENT, "FORGET_PREVIOUS with no key at all");

	/* the kernel keys, in this process's keyring */
	sa = add_key("user", "ncr-t-a", ka, 32, KEY_SPEC_PROCESS_KEYRING);
	sb = add_key("logon", "ncr:t-b", kb, 32, KEY_SPEC_PROCESS_KEYRING);
	s31 = add_key("user", "ncr-t-31", k31, 31, KEY_SPEC_PROCESS_KEYRING);
	s33 = add_key("user", "ncr-t-33", k33, 33, KEY_SPEC_PROCESS_KEYRING);
	sl31 = add_key("logon", "ncr:t-31", k31, 31, KEY_SPEC_PROCESS_KEYRING);
	srev = add_key("user", "ncr-t-revoked", ka, 32,
		       KEY_SPEC_PROCESS_KEYRING);
	sexp = add_key("user", "ncr-t-expired", ka, 32,
		       KEY_SPEC_PROCESS_KEYRING);
	skmk = add_key("user", "ncr-t-kmk", kmk, 32, KEY_SPEC_PROCESS_KEYRING);
	senc = add_key("encrypted", "ncr-t-enc",
		       "new default user:ncr-t-kmk 32",
		       strlen("new default user:ncr-t-kmk 32"),
		       KEY_SPEC_PROCESS_KEYRING);
	if (!report(sa > 0 && sb > 0 && s31 > 0 && s33 > 0 && sl31 > 0 &&
		    srev > 0 && sexp > 0 && skmk > 0,
		    "add_key: user and logon keys in the process keyring "
		    "(%d %d %d %d %d %d %d %d)", sa, sb, s31, s33, sl31, srev,
		    sexp, skmk))
		return;
	report(senc > 0, "add_key: an encrypted key (new default "
	       "user:ncr-t-kmk 32): %s", senc > 0 ? "made" : errname(senc));
	report_err((int)keyctl(KEYCTL_REVOKE, (unsigned long)srev, 0), 0,
		   "keyctl revoke");
	report_err((int)keyctl(KEYCTL_SET_TIMEOUT, (unsigned long)sexp, 1), 0,
		   "keyctl set_timeout 1 s");

	/* keyring errors, no key set: nothing changes */
	report_err(mk_keyring(0, NCR_MASTER_KEY_SRC_USER, "ncr-t-none", 0),
		   -ENOKEY, "a user key that does not exist");
	report_err(mk_keyring(0, NCR_MASTER_KEY_SRC_LOGON, "ncr-t-a", 0),
		   -ENOKEY, "the description of a user key as a logon key");
	report_err(mk_keyring(0, NCR_MASTER_KEY_SRC_USER, "ncr-t-31", 0),
		   -EINVAL, "a user key of 31 bytes");
	report_err(mk_keyring(0, NCR_MASTER_KEY_SRC_USER, "ncr-t-33", 0),
		   -EINVAL, "a user key of 33 bytes");
	report_err(mk_keyring(0, NCR_MASTER_KEY_SRC_LOGON, "ncr:t-31", 0),
		   -EINVAL, "a logon key of 31 bytes");
	report_err(mk_keyring(0, NCR_MASTER_KEY_SRC_USER, "ncr-t-a",
			      (uint32_t)sb), -ENOKEY,
		   "a user key found, but key_serial names another key");
	report_err(mk_keyring(0, NCR_MASTER_KEY_SRC_USER, "ncr-t-revoked", 0),
		   -EKEYREVOKED, "a revoked user key");
	sleep(2);
	report_err(mk_keyring(0, NCR_MASTER_KEY_SRC_USER, "ncr-t-expired", 0),
		   -EKEYEXPIRED, "an expired user key");
	r = plant_as_nobody("ncr-t-planted");
	report_err(r, 0, "uid 65534 adds user key ncr-t-planted to its own "
		   "user keyring");
	report_err(mk_keyring(0, NCR_MASTER_KEY_SRC_USER, "ncr-t-planted", 0),
		   -ENOKEY, "a key of another user (uid 65534's user keyring) "
		   "is not in root's keyrings: not found");
	r = mk_keyring(0, NCR_MASTER_KEY_SRC_TRUSTED, "ncr-t-trusted", 0);
	if (!trusted_possible())
		report_err(r, -EOPNOTSUPP, "a trusted key on a kernel without "
			   "trusted keys (no trusted.ko)");
	else if (r == -ENOKEY || r == -EOPNOTSUPP)
		report(1, "a trusted key that does not exist, trusted.ko on "
		       "disk: %s", errname(r));
	else
		report(0, "a trusted key that does not exist: %s",
		       errname(r));
	check_state(&st, "after the refused keyring calls: still none");

	/* set from the user key, with its serial */
	r = mk_keyring(0, NCR_MASTER_KEY_SRC_USER, "ncr-t-a", (uint32_t)sa);
	report_err(r, 0, "set from user key ncr-t-a with its serial");
	st.source = NCR_MASTER_KEY_SRC_USER;
	memcpy(st.id, id_a, 16);
	check_state(&st, "set from a user key: its ID");
	check_state(&st, "the ID is stable from call to call");
	report_err(blob_make(blob_a, &la), 0, "blob A under key A");
	report_err(blob_load(blob_a, la), 0, "blob A loads");
	report_err(mk_set(0, kb, 32, 0, 0), -EEXIST,
		   "a second set (bytes) without ROTATE");
	report_err(mk_keyring(0, NCR_MASTER_KEY_SRC_LOGON, "ncr:t-b", 0),
		   -EEXIST, "a second set (logon key) without ROTATE");
	report_err(mk_set(NCR_MASTER_KEY_FLAG_ROTATE, ka, 32, 0, 0), -EEXIST,
		   "rotating to the current key itself");
	report_err(mk_set(NCR_MASTER_KEY_FLAG_FORGET_PREVIOUS, NULL, 0, 0, 0),
		   -ENOENT, "FORGET_PREVIOUS with no previous key");
	report_err(mk_keyring(NCR_MASTER_KEY_FLAG_ROTATE,
			      NCR_MASTER_KEY_SRC_USER, "ncr-t-33", 0),
		   -EINVAL, "ROTATE to a 33-byte user key");
	check_state(&st, "after the refused calls: still key A alone");

	/* rotate to the logon key */
	r = mk_keyring(NCR_MASTER_KEY_FLAG_ROTATE, NCR_MASTER_KEY_SRC_LOGON,
		       "ncr:t-b", 0);
	report_err(r, 0, "ROTATE to logon key ncr:t-b");
	st.source = NCR_MASTER_KEY_SRC_LOGON;
	st.flags = NCR_INFO_MASTER_PREVIOUS;
	memcpy(st.prev, id_a, 16);
	memcpy(st.id, id_b, 16);
	check_state(&st, "after ROTATE: B current, A previous");
	report_err(blob_load(blob_a, la), 0, "blob A (made before the "
		   "rotation) still loads: the previous key opens it");
	report_err(blob_make(blob_b, &lb), 0, "blob B under key B");
	report_err(blob_load(blob_b, lb), 0, "blob B loads");

	/* rotate to the encrypted key: A is dropped */
	if (senc > 0) {
		r = mk_keyring(NCR_MASTER_KEY_FLAG_ROTATE,
			       NCR_MASTER_KEY_SRC_ENCRYPTED, "ncr-t-enc", 0);
		report_err(r, 0, "ROTATE to encrypted key ncr-t-enc");
		info_get(&in);
		memcpy(enc_id, in.master_key_id, 16);
		report(in.master_key_source == NCR_MASTER_KEY_SRC_ENCRYPTED &&
		       in.master_key_flags == NCR_INFO_MASTER_PREVIOUS &&
		       !is_zero(enc_id, 16) && memcmp(enc_id, id_a, 16) &&
		       memcmp(enc_id, id_b, 16) &&
		       !memcmp(in.master_key_previous_id, id_b, 16),
		       "after ROTATE to the encrypted key: a new ID %s, B "
		       "previous", hex16(enc_id));
		report_err(blob_load(blob_a, la), -EBADMSG, "blob A no "
			   "longer loads: a second rotation dropped key A");
		report_err(blob_load(blob_b, lb), 0, "blob B loads (previous)");
		report_err(blob_make(blob_c, &lc), 0, "blob C under the "
			   "encrypted key");
		report_err(mk_set(NCR_MASTER_KEY_FLAG_FORGET_PREVIOUS, NULL, 0,
				  0, 0), 0, "FORGET_PREVIOUS");
		report_err(blob_load(blob_b, lb), -EBADMSG, "after "
			   "FORGET_PREVIOUS, blob B (previous key) gives "
			   "EBADMSG");
		report_err(blob_load(blob_c, lc), 0, "blob C (current key) "
			   "loads");
		info_get(&in);
		report(in.master_key_flags == 0 &&
		       is_zero(in.master_key_previous_id, 16) &&
		       !memcmp(in.master_key_id, enc_id, 16),
		       "after FORGET_PREVIOUS: no previous key, no previous "
		       "ID, the current ID unchanged");
		report_err(mk_set(NCR_MASTER_KEY_FLAG_FORGET_PREVIOUS, NULL, 0,
				  0, 0), -ENOENT, "FORGET_PREVIOUS again");
		memcpy(st.prev, enc_id, 16);
	} else {
		report_skip("no encrypted key", "ROTATE to an encrypted key");
		memcpy(st.prev, id_b, 16);
	}

	/* back to A by its bytes: the same key, the same ID */
	r = mk_set(NCR_MASTER_KEY_FLAG_ROTATE, ka, 32, 0, 0);
	report_err(r, 0, "ROTATE to key A given as bytes");
	st.source = NCR_MASTER_KEY_SRC_BYTES;
	st.flags = NCR_INFO_MASTER_PREVIOUS;
	memcpy(st.id, id_a, 16);
	check_state(&st, "key A by bytes has the ID it had from the keyring");
	report_err(blob_load(blob_a, la), 0, "blob A loads again under A");
	report_err(mk_set(NCR_MASTER_KEY_FLAG_FORGET_PREVIOUS, NULL, 0, 0, 0),
		   0, "FORGET_PREVIOUS");
	memset(st.prev, 0, 16);
	st.flags = 0;
	check_state(&st, "key A alone");
	report_err(blob_load(blob_b, lb), -EBADMSG, "blob B, made after the "
		   "rotation A -> B, does not load under key A alone");
	if (lc)
		report_err(blob_load(blob_c, lc), -EBADMSG, "blob C does not "
			   "load under key A alone");
	report_err(blob_load(blob_a, la), 0, "blob A loads under key A");

	keyctl(KEYCTL_CLEAR, (unsigned long)KEY_SPEC_PROCESS_KEYRING, 0);
	(void)skmk;
}
