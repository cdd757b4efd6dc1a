// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tools/ncrtool/master.c - part of build/bin/ncrtool (see main.c): the
 * storage master key that seals every key file.
 *
 *   master-key set        from bytes (--file, --hex, -) or from a kernel
 *                         keyring key (--keyring TYPE:DESC, --serial N),
 *                         once, or --rotate to replace the current key
 *   master-key status     set or not, where from, its ID, the previous key
 *   master-key forget-previous
 *   key rewrap IN [OUT]   a key file sealed again under the current key
 *
 * With --keyring/--serial the key bytes never pass through user space:
 * the module looks the kernel key up itself (NCRIO_MASTER_KEY_SET with
 * NCR_MASTER_KEY_FLAG_KEYRING) in the caller's keyrings.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <linux/keyctl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ncrtool.h"

#define MASTER_KEY_LEN 32

static const struct {
	const char *name;
	uint32_t src;
} key_types[] = {
	{ "trusted", NCR_MASTER_KEY_SRC_TRUSTED },
	{ "encrypted", NCR_MASTER_KEY_SRC_ENCRYPTED },
	{ "user", NCR_MASTER_KEY_SRC_USER },
	{ "logon", NCR_MASTER_KEY_SRC_LOGON },
};

/* "none", "bytes", "trusted", ... as NCRIO_INFO reports the source */
const char *master_source_name(uint32_t src)
{
	size_t i;

	if (src == 0)
		return "none";
	if (src == NCR_MASTER_KEY_SRC_BYTES)
		return "bytes";
	for (i = 0; i < ARRAY_SIZE(key_types); i++)
		if (key_types[i].src == src)
			return key_types[i].name;
	return "unknown";
}

static uint32_t parse_key_type(const char *name, size_t len, const char *opt)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(key_types); i++)
		if (strlen(key_types[i].name) == len &&
		    !strncmp(key_types[i].name, name, len))
			return key_types[i].src;
	die_usage("%s: the key type is trusted, encrypted, user or logon, "
		  "not '%.*s'", opt, (int)len, name);
}

/* A kernel key named by --keyring TYPE:DESC or --serial N. */
struct kref {
	uint32_t type;
	uint32_t serial;	/* 0: any key of the description */
	char desc[NCR_MASTER_KEY_DESC_MAX + 1];
};

static void kref_from_keyring(struct kref *k, const char *arg)
{
	const char *colon = strchr(arg, ':');

	if (!colon || colon == arg || !colon[1])
		die_usage("--keyring: give TYPE:DESCRIPTION, e.g. "
			  "trusted:ncr:master");
	k->type = parse_key_type(arg, (size_t)(colon - arg), "--keyring");
	if (strlen(colon + 1) > NCR_MASTER_KEY_DESC_MAX)
		die_usage("--keyring: a key description is at most %d bytes",
			  NCR_MASTER_KEY_DESC_MAX);
	strcpy(k->desc, colon + 1);
	k->serial = 0;
}

/*
 * --serial N: the key's type and description from keyctl(KEYCTL_DESCRIBE),
 * "type;uid;gid;perm;description"; the module then checks that the key it
 * finds by description is key N.
 */
static void kref_from_serial(struct kref *k, const char *arg)
{
	char buf[NCR_MASTER_KEY_DESC_MAX + 128], *end, *semi, *desc;
	unsigned long v;
	long n;
	int i;

	errno = 0;
	v = strtoul(arg, &end, 0);
	if (errno || end == arg || *end || v == 0 || v > INT32_MAX)
		die_usage("--serial: '%s' is not a key serial number", arg);
	n = syscall(SYS_keyctl, KEYCTL_DESCRIBE, (long)v, buf,
		    (long)sizeof(buf));
	if (n < 0)
		die(EXIT_NCR, "--serial %lu: %s", v,
		    errno == ENOKEY ? "no such kernel key" :
		    errno == EACCES ? "the key may not be viewed by this user "
				      "(it needs the view permission)" :
		    strerror(errno));
	if ((size_t)n > sizeof(buf) || n == 0)
		die(EXIT_NCR, "--serial %lu: the key's description is too long",
		    v);
	buf[n - 1] = 0;
	semi = strchr(buf, ';');
	if (!semi)
		die(EXIT_NCR, "--serial %lu: keyctl describe gave '%s'", v, buf);
	k->type = 0;
	for (i = 0; i < (int)ARRAY_SIZE(key_types); i++)
		if (strlen(key_types[i].name) == (size_t)(semi - buf) &&
		    !strncmp(key_types[i].name, buf, (size_t)(semi - buf)))
			k->type = key_types[i].src;
	if (!k->type)
		die_usage("--serial %lu: a key of type '%.*s'; the master key "
			  "comes from a trusted, encrypted, user or logon key",
			  v, (int)(semi - buf), buf);
	desc = semi;
	for (i = 0; i < 3 && desc; i++)
		desc = strchr(desc + 1, ';');
	if (!desc || !desc[1])
		die(EXIT_NCR, "--serial %lu: keyctl describe gave '%s'", v, buf);
	/* after "type;uid;gid;perm;" */
	strcpy(k->desc, desc + 1);
	k->serial = (uint32_t)v;
}

static void __attribute__((noreturn))
die_keyring(int ret, const struct kref *k)
{
	const char *t = master_source_name(k->type);
	char what[NCR_MASTER_KEY_DESC_MAX + 64];

	if (k->serial)
		snprintf(what, sizeof(what), "%s key '%s' (serial %u)", t,
			 k->desc, k->serial);
	else
		snprintf(what, sizeof(what), "%s key '%s'", t, k->desc);
	switch (-ret) {
	case EOPNOTSUPP:
		if (k->type == NCR_MASTER_KEY_SRC_TRUSTED)
			die(EXIT_NCR, "this kernel has no trusted keys "
			    "(CONFIG_TRUSTED_KEYS, module trusted): use an "
			    "encrypted key or a key file (see "
			    "ncr-master-key.service(8))");
		die(EXIT_NCR, "this kernel has no %s keys", t);
	case ENOKEY:
		die(EXIT_NCR, "no %s in the caller's keyrings (thread, process "
		    "or session keyring: 'keyctl show @s')%s", what,
		    k->serial ? ", or that description names another key" :
		    "");
	case EKEYREVOKED:
		die(EXIT_NCR, "the %s was revoked", what);
	case EKEYEXPIRED:
		die(EXIT_NCR, "the %s has expired", what);
	case EINVAL:
		die(EXIT_NCR, "the %s was refused: a master key is exactly "
		    "%d bytes (new keys: keyctl add %s ... \"new 32\")", what,
		    MASTER_KEY_LEN, t);
	default:
		die_ncr(ret, what);
	}
}

static void __attribute__((noreturn)) die_set(int ret, int rotate)
{
	if (ret == -EPERM)
		die(EXIT_NCR, "permission denied: setting the master key needs "
		    "CAP_SYS_ADMIN (run as root)");
	if (ret == -EEXIST && rotate)
		die(EXIT_NCR, "this key is already the current master key "
		    "(--rotate needs a new one)");
	if (ret == -EEXIST)
		die(EXIT_NCR, "a master key is already set ('ncrtool master-key "
		    "status'); --rotate replaces it (key files are then "
		    "rewrapped: 'ncrtool key rewrap')");
	die_ncr(ret, NULL);
}

int cmd_master_key_set(struct opts *o)
{
	uint8_t key[MASTER_KEY_LEN + 1];
	int sources = !!o->file + !!o->hex + o->nargs + !!o->keyring +
		      !!o->serial, ctx, ret;
	struct kref kr;
	size_t len;

	if (sources != 1 || (o->nargs && strcmp(o->args[0], "-")))
		die_usage("give exactly one of --file FILE, --hex HEX, - "
			  "(standard input), --keyring TYPE:DESC or --serial N");
	if (o->keyring || o->serial) {
		if (o->keyring)
			kref_from_keyring(&kr, o->keyring);
		else
			kref_from_serial(&kr, o->serial);
		ctx = open_device();
		ret = ncr_master_key_set_keyring(ctx, kr.type, kr.desc,
						 kr.serial, o->rotate ?
						 NCR_MASTER_KEY_FLAG_ROTATE :
						 0);
		if (ret == -EPERM || ret == -EEXIST)
			die_set(ret, o->rotate);
		if (ret)
			die_keyring(ret, &kr);
		ncr_close(ctx);
		return 0;
	}
	if (o->hex) {
		if (strlen(o->hex) != 2 * MASTER_KEY_LEN)
			die_usage("--hex: a master key is %d hex digits",
				  2 * MASTER_KEY_LEN);
		len = parse_hex(o->hex, key, MASTER_KEY_LEN, "--hex");
	} else {
		const char *path = o->file ? o->file : "-";

		len = slurp(path, key, sizeof(key) - 1, "a master key");
		if (len != MASTER_KEY_LEN) {
			explicit_bzero(key, sizeof(key));
			die_usage("%s: a master key is exactly %d bytes, "
				  "not %zu", in_name(path), MASTER_KEY_LEN,
				  len);
		}
	}
	ctx = open_device();
	ret = o->rotate ? ncr_master_key_rotate(ctx, key, len) :
			  ncr_master_key_set(ctx, key, len);
	explicit_bzero(key, sizeof(key));
	if (ret)
		die_set(ret, o->rotate);
	ncr_close(ctx);
	return 0;
}

static void hex16(char *out, const uint8_t *id)
{
	int i;

	for (i = 0; i < 16; i++)
		sprintf(out + 2 * i, "%02x", id[i]);
}

int cmd_master_key_status(struct opts *o)
{
	struct ncr_info in;
	char id[33], prev[33];
	int ctx = open_device(), ret, set, has_prev;

	ret = ncr_get_info(ctx, &in, NULL, NULL);
	if (ret)
		die_ncr(ret, NULL);
	ncr_close(ctx);
	/* NCRIO_INFO version 2 (the master key's state) came with ABI 5 */
	if (in.version < 5)
		die(EXIT_NCR, "the ncr module (ABI %u) does not report the "
		    "master key's state (ABI 5 does)", in.version);
	set = in.master_key_source != 0;
	has_prev = !!(in.master_key_flags & NCR_INFO_MASTER_PREVIOUS);
	hex16(id, in.master_key_id);
	hex16(prev, in.master_key_previous_id);
	if (o->json) {
		printf("{\"set\": %s, \"source\": \"%s\", \"id\": %s%s%s, "
		       "\"previous\": %s, \"previous_id\": %s%s%s}\n",
		       set ? "true" : "false",
		       master_source_name(in.master_key_source),
		       set ? "\"" : "", set ? id : "null", set ? "\"" : "",
		       has_prev ? "true" : "false",
		       has_prev ? "\"" : "", has_prev ? prev : "null",
		       has_prev ? "\"" : "");
	} else if (!set) {
		printf("master key: not set\n");
	} else {
		printf("master key: set\nsource: %s\nid: %s\n",
		       master_source_name(in.master_key_source), id);
		if (has_prev)
			printf("previous key: held, id %s\n", prev);
		else
			printf("previous key: none\n");
	}
	flush_stdout();
	return 0;
}

int cmd_master_key_forget_previous(struct opts *o)
{
	int ctx = open_device(), ret;

	(void)o;
	ret = ncr_master_key_forget_previous(ctx);
	if (ret == -ENOENT)
		die(EXIT_NCR, "no previous master key is held");
	if (ret == -EPERM)
		die(EXIT_NCR, "permission denied: forgetting the previous "
		    "master key needs CAP_SYS_ADMIN (run as root)");
	if (ret)
		die_ncr(ret, NULL);
	ncr_close(ctx);
	return 0;
}

/*
 * key rewrap IN [OUT]: open the blob (the module tries the current master
 * key, then the previous one) and seal it again under the current key.
 * In place when OUT is omitted: through a temporary file renamed over IN,
 * keeping IN's mode and, when the caller may, its owner.
 */
int cmd_key_rewrap(struct opts *o)
{
	const char *in = o->args[0], *out = o->nargs > 1 ? o->args[1] : in;
	uint8_t blob[NCR_STORAGE_BLOB_MAX];
	struct ncr_key_info info;
	struct output w;
	struct stat st;
	size_t len;
	uint32_t key;
	int ctx, ret, have_st, secret;

	if (o->nargs < 1)
		die_usage("name the key file to rewrap (key rewrap IN [OUT])");
	if (is_stdio(in) && o->nargs < 2)
		die_usage("standard input cannot be rewrapped in place: give "
			  "OUT");
	len = slurp(in, blob, sizeof(blob), "a key file");
	if (len < 4 || memcmp(blob, "NCRK", 4))
		die_usage("%s: not a key blob (key files made by ncrtool are)",
			  in_name(in));
	ctx = open_device();
	ret = ncr_key_storage_unwrap(ctx, blob, len, &key);
	explicit_bzero(blob, sizeof(blob));
	if (ret == -EBADMSG)
		die_verify("%s: does not open under the current master key nor "
			   "the previous one (made under another master key, "
			   "or damaged)", in_name(in));
	if (ret)
		die_ncr(ret, in_name(in));
	len = sizeof(blob);
	ret = ncr_key_storage_wrap(ctx, key, blob, &len);
	if (ret)
		die_ncr(ret, "storage wrap");
	secret = ncr_key_get_info(ctx, key, &info) ||
		 info.key_class != NCR_KEY_CLASS_PUBLIC;
	have_st = !is_stdio(out) && stat(out, &st) == 0 && S_ISREG(st.st_mode);
	out_open_mode(&w, out, secret);
	/* root rewrapping another user's file: the file stays theirs */
	if (have_st && w.final_path &&
	    (st.st_uid != geteuid() || st.st_gid != getegid()) &&
	    fchown(w.fd, st.st_uid, st.st_gid) < 0 &&
	    st.st_uid != geteuid())
		die(EXIT_IO, "%s: cannot keep the file's owner (uid %u): %s",
		    out, (unsigned)st.st_uid, strerror(errno));
	/* fchown may clear set-id bits: the mode again */
	if (have_st && w.final_path && fchmod(w.fd, st.st_mode & 0777) < 0)
		die_io(out, errno);
	out_write(&w, blob, len);
	out_commit(&w);
	explicit_bzero(blob, sizeof(blob));
	ncr_close(ctx);
	return 0;
}
