// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * store.c - a token on disk.  docs/pkcs11.md describes the layout:
 *
 *   DIR/token            the token file: label, serial, PIN records
 *   DIR/lock             flock()ed: shared to read, exclusive to write
 *   DIR/objects/ID.obj   one object each
 *
 * Writes are crash-safe: a temporary file in the same directory, fsync,
 * rename over the old name, fsync of the directory.  A reader therefore
 * sees either the old or the new file, and a crash leaves at worst a
 * stray ".tmp" file that the next writer's scan ignores.  Several
 * processes may use one token: each rescans objects/ at C_FindObjectsInit
 * (and when a handle is looked up), keyed by file name and mtime.
 *
 * An object file:
 *   "NCRP11O1" | u32 flags | u32 body length | body
 *   flags bit 0 (P11_OBJ_SEALED): the body is iv(12) | AES-256-GCM under
 *   the token key T of the plain body | tag(16), made by the kernel
 *   (p11_store_seal): private objects, whose attributes (a private data
 *   object's value, a certificate marked private) and key blob only a
 *   user login opens.
 *   plain body: u32 attrs length | attributes (attr.c) | u32 blob length |
 *   the ncr storage blob (keys; sealed by the kernel under the system
 *   master key, so the file alone reveals no key on any machine).
 * The kernel keeps each key's flags, usage and algorithm set inside its
 * blob: editing a file's attributes (CKA_SENSITIVE, CKA_EXTRACTABLE...)
 * changes nothing the kernel enforces.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "p11.h"

#define OBJ_MAGIC	"NCRP11O1"
#define P11_OBJ_SEALED	1u
static const char seal_aad[] = "ncr-pkcs11 object v1";

int p11_token_lock(const struct p11_token *t, bool excl)
{
	char path[4200];
	int fd;

	snprintf(path, sizeof(path), "%s/lock", t->dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (flock(fd, excl ? LOCK_EX : LOCK_SH) < 0) {
		if (errno != EINTR) {
			int e = -errno;

			close(fd);
			return e;
		}
	}
	return fd;
}

void p11_token_unlock(int fd)
{
	if (fd >= 0)
		close(fd);	/* drops the flock */
}

/* Reads a whole (small) file. */
int p11_read_file(const char *path, uint8_t **buf, size_t *len,
		  struct timespec *mtime)
{
	struct stat st;
	uint8_t *b;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || st.st_size > P11_OBJ_MAX_BYTES) {
		close(fd);
		return -EFBIG;
	}
	b = malloc(st.st_size + 1);
	if (!b) {
		close(fd);
		return -ENOMEM;
	}
	r = read(fd, b, st.st_size);
	close(fd);
	if (r != st.st_size) {
		free(b);
		return -EIO;
	}
	b[r] = 0;
	*buf = b;
	*len = r;
	if (mtime)
		*mtime = st.st_mtim;
	return 0;
}

/* Crash-safe replace of path with buf. */
int p11_write_file(const char *path, const uint8_t *buf, size_t len)
{
	char tmp[4300], dir[4200], *slash;
	size_t off = 0;
	int fd, dfd, err = 0;
	uint8_t rnd[4];

	if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd))
		return -EIO;
	snprintf(tmp, sizeof(tmp), "%s.%02x%02x%02x%02x.tmp", path, rnd[0],
		 rnd[1], rnd[2], rnd[3]);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	while (off < len) {
		ssize_t w = write(fd, buf + off, len - off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			goto unlink_tmp;
		}
		off += w;
	}
	if (fsync(fd) < 0) {
		err = -errno;
		goto unlink_tmp;
	}
	close(fd);
	fd = -1;
	if (rename(tmp, path) < 0) {
		err = -errno;
		goto unlink_tmp;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash) {
		*slash = 0;
		dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	}
	return 0;
unlink_tmp:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return err;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24;
}

static uint32_t get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

CK_RV p11_store_seal(struct p11_token *t, const uint8_t *in, size_t len,
		     uint8_t **out, size_t *olen)
{
	uint8_t *b;
	int err;

	if (!t->token_key)
		return CKR_USER_NOT_LOGGED_IN;
	b = malloc(12 + len + 16);
	if (!b)
		return CKR_HOST_MEMORY;
	if (getrandom(b, 12, 0) != 12) {
		free(b);
		return CKR_DEVICE_ERROR;
	}
	err = ncr_aead_encrypt(p11.fd, NCR_ALG_AES_GCM, t->token_key, b, 12,
			       seal_aad, sizeof(seal_aad), in, len, b + 12,
			       b + 12 + len, 16);
	if (err) {
		free(b);
		return p11_rv(err);
	}
	*out = b;
	*olen = 12 + len + 16;
	return CKR_OK;
}

CK_RV p11_store_open(struct p11_token *t, const uint8_t *in, size_t len,
		     uint8_t **out, size_t *olen)
{
	uint8_t *b;
	int err;

	if (!t->token_key)
		return CKR_USER_NOT_LOGGED_IN;
	if (len < 28)
		return CKR_DEVICE_ERROR;
	b = malloc(len - 28 + 1);
	if (!b)
		return CKR_HOST_MEMORY;
	err = ncr_aead_decrypt(p11.fd, NCR_ALG_AES_GCM, t->token_key, in, 12,
			       seal_aad, sizeof(seal_aad), in + 12, len - 28,
			       b, in + len - 16, 16);
	if (err) {
		free(b);
		p11_log("object file does not open under the token key (%s)",
			ncr_strerror(err));
		return CKR_DEVICE_ERROR;
	}
	*out = b;
	*olen = len - 28;
	return CKR_OK;
}

static void obj_path(const struct p11_token *t, const char *id, char *buf,
		     size_t n)
{
	snprintf(buf, n, "%s/objects/%s.obj", t->dir, id);
}

CK_RV p11_store_write(struct p11_object *o)
{
	struct p11_token *t = o->tok;
	uint8_t *attrs = NULL, *plain = NULL, *body = NULL, *file = NULL;
	size_t alen, plen, blen;
	char path[4300];
	struct stat st;
	CK_RV rv;
	int lk, err;

	rv = p11_attrs_save(&o->attrs, &attrs, &alen);
	if (rv != CKR_OK)
		return rv;
	plen = 8 + alen + o->blob_len;
	plain = malloc(plen);
	if (!plain) {
		rv = CKR_HOST_MEMORY;
		goto free_attrs;
	}
	put32(plain, alen);
	memcpy(plain + 4, attrs, alen);
	put32(plain + 4 + alen, o->blob_len);
	if (o->blob_len)
		memcpy(plain + 8 + alen, o->blob, o->blob_len);
	if (o->priv) {
		rv = p11_store_seal(t, plain, plen, &body, &blen);
		if (rv != CKR_OK)
			goto free_plain;
	} else {
		body = plain;
		blen = plen;
		plain = NULL;
	}
	if (blen > P11_OBJ_MAX_BYTES - 16) {
		rv = CKR_DEVICE_MEMORY;
		goto free_body;
	}
	file = malloc(16 + blen);
	if (!file) {
		rv = CKR_HOST_MEMORY;
		goto free_body;
	}
	memcpy(file, OBJ_MAGIC, 8);
	put32(file + 8, o->priv ? P11_OBJ_SEALED : 0);
	put32(file + 12, blen);
	memcpy(file + 16, body, blen);
	obj_path(t, o->id, path, sizeof(path));
	lk = p11_token_lock(t, true);
	if (lk < 0) {
		rv = CKR_DEVICE_ERROR;
		goto free_file;
	}
	err = p11_write_file(path, file, 16 + blen);
	if (!err && stat(path, &st) == 0)
		o->mtime = st.st_mtim;
	p11_token_unlock(lk);
	if (err) {
		p11_log("cannot write %s: %s", path, strerror(-err));
		rv = err == -ENOSPC ? CKR_DEVICE_MEMORY : CKR_DEVICE_ERROR;
	}
free_file:
	free(file);
free_body:
	free(body);
free_plain:
	free(plain);
free_attrs:
	free(attrs);
	return rv;
}

CK_RV p11_store_remove(struct p11_object *o)
{
	char path[4300];
	int lk, err = 0;

	obj_path(o->tok, o->id, path, sizeof(path));
	lk = p11_token_lock(o->tok, true);
	if (lk < 0)
		return CKR_DEVICE_ERROR;
	if (unlink(path) < 0 && errno != ENOENT)
		err = -errno;
	p11_token_unlock(lk);
	return err ? CKR_DEVICE_ERROR : CKR_OK;
}

/* Fills o (attrs, blob, class...) from a file's bytes.  A sealed file of
 * a token nobody is logged in to yields a placeholder: priv set, no
 * attributes, loaded at the next scan after login. */
static CK_RV load_object(struct p11_object *o, const uint8_t *f, size_t len)
{
	const uint8_t *body;
	uint8_t *opened = NULL;
	size_t blen;
	uint32_t flags, alen, klen;
	CK_RV rv = CKR_DEVICE_ERROR;
	bool b;

	if (len < 16 || memcmp(f, OBJ_MAGIC, 8))
		return CKR_DEVICE_ERROR;
	flags = get32(f + 8);
	blen = get32(f + 12);
	if (blen != len - 16 || (flags & ~P11_OBJ_SEALED))
		return CKR_DEVICE_ERROR;
	body = f + 16;
	o->priv = flags & P11_OBJ_SEALED;
	if (o->priv) {
		if (!o->tok->token_key)
			return CKR_OK;		/* placeholder */
		rv = p11_store_open(o->tok, body, blen, &opened, &blen);
		if (rv != CKR_OK)
			return rv;
		body = opened;
		rv = CKR_DEVICE_ERROR;
	}
	if (blen < 8)
		goto out;
	alen = get32(body);
	if (alen > blen - 8)
		goto out;
	klen = get32(body + 4 + alen);
	if (klen != blen - 8 - alen)
		goto out;
	rv = p11_attrs_load(&o->attrs, body + 4, alen);
	if (rv != CKR_OK)
		goto out;
	if (klen) {
		o->blob = malloc(klen);
		if (!o->blob) {
			rv = CKR_HOST_MEMORY;
			goto out;
		}
		memcpy(o->blob, body + 8 + alen, klen);
		o->blob_len = klen;
	}
	rv = CKR_DEVICE_ERROR;
	if (!p11_attrs_ulong(&o->attrs, CKA_CLASS, &o->cls))
		goto out;
	if (!p11_attrs_ulong(&o->attrs, CKA_KEY_TYPE, &o->ktype))
		o->ktype = CK_UNAVAILABLE_INFORMATION;
	/* what the file's flags say wins over its CKA_PRIVATE */
	p11_attrs_set_bool(&o->attrs, CKA_PRIVATE, o->priv);
	if (p11_attrs_bool(&o->attrs, CKA_TOKEN, &b) && !b)
		goto out;
	rv = CKR_OK;
out:
	if (opened) {
		p11_wipe(opened, blen);
		free(opened);
	}
	return rv;
}

static struct p11_object *find_loaded(const struct p11_token *t,
				      const char *id)
{
	for (struct p11_object *o = p11.objects; o; o = o->next)
		if (o->token && o->tok == t && !strcmp(o->id, id))
			return o;
	return NULL;
}

static void drop_object(struct p11_object *dead)
{
	struct p11_object **pp;

	for (pp = &p11.objects; *pp; pp = &(*pp)->next) {
		if (*pp == dead) {
			*pp = dead->next;
			p11_object_free(dead);
			return;
		}
	}
}

static bool is_object_name(const char *n, char *id)
{
	size_t l = strlen(n);

	if (l != P11_OBJ_ID_LEN + 4 || strcmp(n + P11_OBJ_ID_LEN, ".obj"))
		return false;
	for (size_t i = 0; i < P11_OBJ_ID_LEN; i++)
		if (!((n[i] >= '0' && n[i] <= '9') ||
		      (n[i] >= 'a' && n[i] <= 'f')))
			return false;
	memcpy(id, n, P11_OBJ_ID_LEN);
	id[P11_OBJ_ID_LEN] = 0;
	return true;
}

CK_RV p11_store_scan(struct p11_token *t)
{
	char path[4300], id[P11_OBJ_ID_LEN + 1];
	struct p11_object *o, *next;
	struct dirent *de;
	DIR *d;
	int lk;

	if (!t->initialized)
		return CKR_OK;
	snprintf(path, sizeof(path), "%s/objects", t->dir);
	lk = p11_token_lock(t, false);
	if (lk < 0)
		return CKR_DEVICE_ERROR;
	d = opendir(path);
	if (!d) {
		p11_token_unlock(lk);
		return CKR_DEVICE_ERROR;
	}
	for (o = p11.objects; o; o = o->next)
		if (o->token && o->tok == t)
			o->stale = true;
	while ((de = readdir(d))) {
		struct timespec mt;
		uint8_t *f;
		size_t len;
		bool placeholder;

		if (!is_object_name(de->d_name, id))
			continue;
		o = find_loaded(t, id);
		obj_path(t, id, path, sizeof(path));
		if (p11_read_file(path, &f, &len, &mt))
			continue;
		placeholder = o && o->priv && !o->attrs.n;
		if (o && !placeholder && mt.tv_sec == o->mtime.tv_sec &&
		    mt.tv_nsec == o->mtime.tv_nsec) {
			o->stale = false;
			free(f);
			continue;
		}
		if (o && (!placeholder || t->token_key)) {
			/* changed (or now openable): reload in place, same
			 * handle; the old kernel key goes */
			if (o->key)
				ncr_key_deinit(p11.fd, o->key);
			o->key = 0;
			p11_attrs_free(&o->attrs);
			free(o->blob);
			o->blob = NULL;
			o->blob_len = 0;
			if (load_object(o, f, len) == CKR_OK) {
				o->mtime = mt;
				o->stale = false;
			}
			free(f);
			continue;
		}
		if (o) {		/* placeholder, still locked */
			o->stale = false;
			free(f);
			continue;
		}
		o = calloc(1, sizeof(*o));
		if (!o) {
			free(f);
			break;
		}
		o->tok = t;
		o->token = true;
		o->ktype = CK_UNAVAILABLE_INFORMATION;
		memcpy(o->id, id, sizeof(o->id));
		if (load_object(o, f, len) != CKR_OK) {
			p11_log("ignoring malformed object file %s", path);
			p11_object_free(o);
			free(f);
			continue;
		}
		free(f);
		o->mtime = mt;
		o->handle = p11.next_handle++;
		o->next = p11.objects;
		p11.objects = o;
	}
	closedir(d);
	p11_token_unlock(lk);
	for (o = p11.objects; o; o = next) {
		next = o->next;
		if (o->token && o->tok == t && o->stale)
			drop_object(o);
	}
	return CKR_OK;
}

/* ------------------------------------------------------------ token file
 * Text, one "name=value" a line:
 *   label=HEX (32 bytes)   serial=TEXT   iterations are per PIN record
 *   so=SALT:ITER:IV:SEALED:FAILURES   user=... (hex fields)
 */
static void hex(char *out, const uint8_t *in, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", in[i]);
	out[2 * n] = 0;
}

static int unhex(const char *in, size_t n, uint8_t *out)
{
	for (size_t i = 0; i < n; i++) {
		unsigned v;

		if (sscanf(in + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = v;
	}
	return 0;
}

static int parse_pinrec(struct p11_pinrec *r, char *v)
{
	char *salt = strtok(v, ":"), *it = strtok(NULL, ":"),
	     *iv = strtok(NULL, ":"), *sealed = strtok(NULL, ":"),
	     *fail = strtok(NULL, ":");
	size_t sl;

	if (!salt || !it || !iv || !sealed || !fail || strlen(salt) != 32 ||
	    strlen(iv) != 24)
		return -1;
	sl = strlen(sealed);
	if (sl % 2 || sl / 2 < 17 || sl / 2 > 2 * NCR_STORAGE_BLOB_MAX)
		return -1;
	if (unhex(salt, 16, r->salt) || unhex(iv, 12, r->iv))
		return -1;
	r->sealed = malloc(sl / 2);
	if (!r->sealed || unhex(sealed, sl / 2, r->sealed))
		return -1;
	r->sealed_len = sl / 2;
	r->iterations = strtoul(it, NULL, 10);
	r->failures = strtoul(fail, NULL, 10);
	r->set = r->iterations > 0;
	return r->set ? 0 : -1;
}

CK_RV p11_token_load(struct p11_token *t)
{
	CK_RV rv;
	int lk = p11_token_lock(t, false);

	if (lk < 0) {
		t->initialized = false;
		return CKR_OK;		/* no such directory (yet) */
	}
	rv = p11_token_load_locked(t);
	p11_token_unlock(lk);
	return rv;
}

CK_RV p11_token_load_locked(struct p11_token *t)
{
	char path[4200];
	uint8_t *buf;
	size_t len;
	struct timespec mt;
	char *line, *save = NULL;

	snprintf(path, sizeof(path), "%s/token", t->dir);
	if (p11_read_file(path, &buf, &len, &mt)) {
		t->initialized = false;
		return CKR_OK;
	}
	if (t->initialized && mt.tv_sec == t->meta_mtime.tv_sec &&
	    mt.tv_nsec == t->meta_mtime.tv_nsec) {
		free(buf);
		return CKR_OK;
	}
	free(t->so.sealed);
	free(t->user.sealed);
	memset(&t->so, 0, sizeof(t->so));
	memset(&t->user, 0, sizeof(t->user));
	p11_pad((CK_UTF8CHAR *)t->label, 32, "");
	t->label[32] = 0;
	t->serial[0] = 0;
	for (line = strtok_r((char *)buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *v = strchr(line, '=');

		if (!v)
			continue;
		*v++ = 0;
		if (!strcmp(line, "label") && strlen(v) == 64)
			unhex(v, 32, (uint8_t *)t->label);
		else if (!strcmp(line, "serial"))
			snprintf(t->serial, sizeof(t->serial), "%s", v);
		else if (!strcmp(line, "so") && parse_pinrec(&t->so, v))
			goto malformed;
		else if (!strcmp(line, "user") && parse_pinrec(&t->user, v))
			goto malformed;
	}
	free(buf);
	if (!t->so.set || !t->serial[0]) {
		t->initialized = false;
		return CKR_DEVICE_ERROR;
	}
	t->initialized = true;
	t->meta_mtime = mt;
	return CKR_OK;
malformed:
	free(buf);
	p11_log("malformed token file %s", path);
	t->initialized = false;
	return CKR_DEVICE_ERROR;
}

static char *fmt_pinrec(const struct p11_pinrec *r)
{
	char salt[33], iv[25], *sealed, *out;

	sealed = malloc(2 * r->sealed_len + 1);
	if (!sealed)
		return NULL;
	hex(salt, r->salt, 16);
	hex(iv, r->iv, 12);
	hex(sealed, r->sealed, r->sealed_len);
	if (asprintf(&out, "%s:%u:%s:%s:%u", salt, r->iterations, iv, sealed,
		     r->failures) < 0)
		out = NULL;
	free(sealed);
	return out;
}

/* The caller holds the token's lock exclusively (p11_token_lock). */
CK_RV p11_token_save(struct p11_token *t)
{
	char path[4200], label[65], *so = NULL, *user = NULL, *text = NULL;
	struct stat st;
	CK_RV rv = CKR_HOST_MEMORY;
	int n, err;

	hex(label, (const uint8_t *)t->label, 32);
	so = fmt_pinrec(&t->so);
	if (!so)
		goto out;
	if (t->user.set) {
		user = fmt_pinrec(&t->user);
		if (!user)
			goto out;
	}
	n = asprintf(&text, "# ncr-pkcs11 token (docs/pkcs11.md)\n"
		     "label=%s\nserial=%s\nso=%s\n%s%s%s", label, t->serial,
		     so, user ? "user=" : "", user ? user : "",
		     user ? "\n" : "");
	if (n < 0) {
		text = NULL;
		goto out;
	}
	snprintf(path, sizeof(path), "%s/token", t->dir);
	err = p11_write_file(path, (uint8_t *)text, n);
	if (err) {
		p11_log("cannot write %s: %s", path, strerror(-err));
		rv = CKR_DEVICE_ERROR;
		goto out;
	}
	if (stat(path, &st) == 0)
		t->meta_mtime = st.st_mtim;
	rv = CKR_OK;
out:
	free(so);
	free(user);
	free(text);
	return rv;
}
