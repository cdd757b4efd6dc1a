// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * slot.c - slots and tokens: C_GetSlotList, C_GetSlotInfo,
 * C_GetTokenInfo, C_InitToken, C_WaitForSlotEvent.
 *
 * Every initialised token under the tokens directory (p11.root: each
 * subdirectory holding a "token" file) is a slot, and one more slot holds
 * no initialised token: C_InitToken there makes a new token directory
 * (named by its serial).  Slot IDs are indexes that never change within a
 * process: tokens another process makes later are appended when the list
 * is read again.
 *
 * A token is present only when /dev/crypto is open and the kernel has a
 * master key (without one no key could be stored or loaded): otherwise
 * the slots list no token, and syslog says why (CKF_TOKEN_PRESENT clear,
 * C_GetTokenInfo and C_OpenSession CKR_TOKEN_NOT_PRESENT).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "p11.h"

static bool probe_master_key(void)
{
	static bool logged;
	uint32_t k;
	uint8_t b = 0;
	int err;

	if (p11.fd < 0)
		return false;
	err = ncr_key_storage_unwrap(p11.fd, &b, 1, &k);
	if (err == -ENOKEY) {
		if (!logged)
			p11_log("the ncr master key is not set (ncrtool "
				"master-key set): no token is present");
		logged = true;
		return false;
	}
	if (!err)
		ncr_key_deinit(p11.fd, k);
	return true;
}

static bool known_dir(const char *dir)
{
	for (size_t i = 0; i < p11.ntokens; i++)
		if (!strcmp(p11.tokens[i].dir, dir))
			return true;
	return false;
}

/* The free slot is the last entry when it exists. */
static struct p11_token *free_slot(void)
{
	if (p11.ntokens && !p11.tokens[p11.ntokens - 1].initialized)
		return &p11.tokens[p11.ntokens - 1];
	return NULL;
}

static void add_free_slot(void)
{
	struct p11_token *t;

	if (free_slot() || p11.ntokens >= P11_ARRAY_SIZE(p11.tokens))
		return;
	t = &p11.tokens[p11.ntokens];
	memset(t, 0, sizeof(*t));
	t->slot = p11.ntokens++;
	t->login = (CK_USER_TYPE)-1;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void p11_slots_scan(void)
{
	char *names[256];
	size_t n = 0;
	struct dirent *de;
	DIR *d;

	p11.master_key = probe_master_key();
	d = opendir(p11.root);
	while (d && (de = readdir(d)) && n < P11_ARRAY_SIZE(names)) {
		char path[4400];
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/token", p11.root,
			 de->d_name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			names[n++] = strdup(de->d_name);
	}
	if (d)
		closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_names);
	for (size_t i = 0; i < n; i++) {
		char dir[4400];
		struct p11_token *t;

		if (!names[i])
			continue;
		snprintf(dir, sizeof(dir), "%s/%s", p11.root, names[i]);
		free(names[i]);
		if (known_dir(dir) || strlen(dir) >= sizeof(t->dir))
			continue;
		t = free_slot();
		if (!t) {
			if (p11.ntokens >= P11_MAX_TOKENS)
				continue;
			add_free_slot();
			t = free_slot();
		}
		snprintf(t->dir, sizeof(t->dir), "%s", dir);
		if (p11_token_load(t) != CKR_OK || !t->initialized) {
			t->dir[0] = 0;
			t->initialized = false;
			continue;
		}
	}
	if (p11.ntokens < P11_MAX_TOKENS + 1)
		add_free_slot();
}

struct p11_token *p11_token_of_slot(CK_SLOT_ID slot)
{
	if (slot >= p11.ntokens)
		return NULL;
	return &p11.tokens[slot];
}

static bool present(void)
{
	return p11.fd >= 0 && p11.master_key;
}

P11_EXPORT CK_RV C_GetSlotList(CK_BBOOL tokenPresent,
			       CK_SLOT_ID_PTR pSlotList, CK_ULONG_PTR pulCount)
{
	CK_ULONG n = 0;

	P11_ENTER();
	if (!pulCount)
		P11_RETURN(CKR_ARGUMENTS_BAD);
	if (!pSlotList)
		p11_slots_scan();
	if (!tokenPresent || present())
		n = p11.ntokens;
	if (!pSlotList) {
		*pulCount = n;
		P11_RETURN(CKR_OK);
	}
	if (*pulCount < n) {
		*pulCount = n;
		P11_RETURN(CKR_BUFFER_TOO_SMALL);
	}
	for (CK_ULONG i = 0; i < n; i++)
		pSlotList[i] = p11.tokens[i].slot;
	*pulCount = n;
	P11_RETURN(CKR_OK);
}

P11_EXPORT CK_RV C_GetSlotInfo(CK_SLOT_ID slotID, CK_SLOT_INFO_PTR pInfo)
{
	char desc[64];

	P11_ENTER();
	if (!pInfo)
		P11_RETURN(CKR_ARGUMENTS_BAD);
	if (!p11_token_of_slot(slotID))
		P11_RETURN(CKR_SLOT_ID_INVALID);
	memset(pInfo, 0, sizeof(*pInfo));
	snprintf(desc, sizeof(desc), "ncr slot %lu (kernel-held keys)",
		 (unsigned long)slotID);
	p11_pad(pInfo->slotDescription, sizeof(pInfo->slotDescription), desc);
	p11_pad(pInfo->manufacturerID, sizeof(pInfo->manufacturerID),
		P11_MANUFACTURER);
	pInfo->flags = present() ? CKF_TOKEN_PRESENT : 0;
	pInfo->hardwareVersion.major = P11_VERSION_MAJOR;
	pInfo->firmwareVersion.major = P11_VERSION_MAJOR;
	P11_RETURN(CKR_OK);
}

static CK_FLAGS pin_flags(const struct p11_pinrec *r, CK_FLAGS low,
			  CK_FLAGS final, CK_FLAGS locked)
{
	if (!r->set || !r->failures)
		return 0;
	if (r->failures >= P11_PIN_TRIES)
		return locked;
	if (r->failures == P11_PIN_TRIES - 1)
		return low | final;
	return low;
}

P11_EXPORT CK_RV C_GetTokenInfo(CK_SLOT_ID slotID, CK_TOKEN_INFO_PTR pInfo)
{
	struct p11_token *t;
	struct p11_session *s;
	CK_ULONG ns = 0, nrw = 0;

	P11_ENTER();
	if (!pInfo)
		P11_RETURN(CKR_ARGUMENTS_BAD);
	t = p11_token_of_slot(slotID);
	if (!t)
		P11_RETURN(CKR_SLOT_ID_INVALID);
	if (!present())
		P11_RETURN(CKR_TOKEN_NOT_PRESENT);
	if (t->dir[0])
		p11_token_load(t);
	for (s = p11.sessions; s; s = s->next) {
		if (s->tok != t)
			continue;
		ns++;
		nrw += !!(s->flags & CKF_RW_SESSION);
	}
	memset(pInfo, 0, sizeof(*pInfo));
	p11_pad(pInfo->label, sizeof(pInfo->label),
		t->initialized ? t->label : "");
	p11_pad(pInfo->manufacturerID, sizeof(pInfo->manufacturerID),
		P11_MANUFACTURER);
	p11_pad(pInfo->model, sizeof(pInfo->model), P11_MODEL);
	p11_pad(pInfo->serialNumber, sizeof(pInfo->serialNumber),
		t->initialized ? t->serial : "");
	pInfo->flags = CKF_RNG | CKF_LOGIN_REQUIRED;
	if (t->initialized) {
		pInfo->flags |= CKF_TOKEN_INITIALIZED;
		if (t->user.set)
			pInfo->flags |= CKF_USER_PIN_INITIALIZED;
		pInfo->flags |= pin_flags(&t->user, CKF_USER_PIN_COUNT_LOW,
					  CKF_USER_PIN_FINAL_TRY,
					  CKF_USER_PIN_LOCKED);
		pInfo->flags |= pin_flags(&t->so, CKF_SO_PIN_COUNT_LOW,
					  CKF_SO_PIN_FINAL_TRY,
					  CKF_SO_PIN_LOCKED);
	}
	pInfo->ulMaxSessionCount = CK_EFFECTIVELY_INFINITE;
	pInfo->ulSessionCount = ns;
	pInfo->ulMaxRwSessionCount = CK_EFFECTIVELY_INFINITE;
	pInfo->ulRwSessionCount = nrw;
	pInfo->ulMaxPinLen = P11_PIN_MAX;
	pInfo->ulMinPinLen = P11_PIN_MIN;
	pInfo->ulTotalPublicMemory = CK_UNAVAILABLE_INFORMATION;
	pInfo->ulFreePublicMemory = CK_UNAVAILABLE_INFORMATION;
	pInfo->ulTotalPrivateMemory = CK_UNAVAILABLE_INFORMATION;
	pInfo->ulFreePrivateMemory = CK_UNAVAILABLE_INFORMATION;
	pInfo->hardwareVersion.major = P11_VERSION_MAJOR;
	pInfo->firmwareVersion.major = P11_VERSION_MAJOR;
	P11_RETURN(CKR_OK);
}

/* Removes every object file of t (re-initialisation). */
static void wipe_objects(struct p11_token *t)
{
	char path[4400];
	struct dirent *de;
	struct p11_object **pp = &p11.objects;
	DIR *d;

	snprintf(path, sizeof(path), "%s/objects", t->dir);
	d = opendir(path);
	while (d && (de = readdir(d))) {
		char f[4700];

		if (de->d_name[0] == '.')
			continue;
		snprintf(f, sizeof(f), "%s/%s", path, de->d_name);
		unlink(f);
	}
	if (d)
		closedir(d);
	while (*pp) {
		struct p11_object *o = *pp;

		if (o->tok == t) {
			*pp = o->next;
			p11_object_free(o);
			continue;
		}
		pp = &o->next;
	}
}

/* mkdir -p; the directories made are the caller's only (0700): a tokens
 * directory shared by several users is made by the administrator. */
static int mkdir_parents(const char *path)
{
	char p[4096];
	size_t len = strlen(path);

	if (len >= sizeof(p)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(p, path, len + 1);
	for (char *c = p + 1; *c; c++) {
		if (*c != '/')
			continue;
		*c = 0;
		if (mkdir(p, 0700) < 0 && errno != EEXIST)
			return -1;
		*c = '/';
	}
	return mkdir(p, 0700) < 0 && errno != EEXIST ? -1 : 0;
}

static CK_RV init_token(CK_SLOT_ID slotID, CK_UTF8CHAR_PTR pPin,
			CK_ULONG ulPinLen, CK_UTF8CHAR_PTR pLabel)
{
	struct p11_token *t = p11_token_of_slot(slotID);
	char label[33];
	struct p11_session *s;
	CK_RV rv;
	int lk;

	if (!t)
		return CKR_SLOT_ID_INVALID;
	if (!present())
		return CKR_TOKEN_NOT_PRESENT;
	if (!pLabel || (!pPin && ulPinLen))
		return CKR_ARGUMENTS_BAD;
	for (s = p11.sessions; s; s = s->next)
		if (s->tok == t)
			return CKR_SESSION_EXISTS;
	memcpy(label, pLabel, 32);
	label[32] = 0;
	for (int i = 31; i >= 0 && label[i] == ' '; i--)
		label[i] = 0;

	if (!t->initialized) {
		uint8_t rnd[8];
		char dir[4400];

		if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd))
			return CKR_DEVICE_ERROR;
		for (int i = 0; i < 8; i++)
			sprintf(t->serial + 2 * i, "%02x", rnd[i]);
		if (mkdir_parents(p11.root) < 0) {
			p11_log("cannot create %s: %s", p11.root,
				strerror(errno));
			return CKR_DEVICE_ERROR;
		}
		snprintf(dir, sizeof(dir), "%s/%s", p11.root, t->serial);
		if (strlen(dir) >= sizeof(t->dir))
			return CKR_DEVICE_ERROR;
		snprintf(t->dir, sizeof(t->dir), "%s", dir);
		snprintf(dir, sizeof(dir), "%s/objects", t->dir);
		if (mkdir(t->dir, 0700) < 0 || mkdir(dir, 0700) < 0) {
			p11_log("cannot create %s: %s", dir, strerror(errno));
			t->dir[0] = 0;
			return CKR_DEVICE_ERROR;
		}
		rv = p11_pin_init_token(t, pPin, ulPinLen, label);
		if (rv == CKR_OK) {
			lk = p11_token_lock(t, true);
			rv = lk < 0 ? CKR_DEVICE_ERROR : p11_token_save(t);
			p11_token_unlock(lk);
		}
		if (rv != CKR_OK) {
			snprintf(dir, sizeof(dir), "%s/lock", t->dir);
			unlink(dir);
			snprintf(dir, sizeof(dir), "%s/objects", t->dir);
			rmdir(dir);
			rmdir(t->dir);
			t->dir[0] = 0;
			return rv;
		}
		t->initialized = true;
		add_free_slot();
		return CKR_OK;
	}

	/* re-initialisation: the SO PIN must be right; every object goes */
	p11_pin_logout(t);
	rv = p11_pin_verify_so(t, pPin, ulPinLen);
	if (rv != CKR_OK)
		return rv;
	lk = p11_token_lock(t, true);
	if (lk < 0)
		return CKR_DEVICE_ERROR;
	wipe_objects(t);
	rv = p11_pin_init_token(t, pPin, ulPinLen, label);
	if (rv == CKR_OK)
		rv = p11_token_save(t);
	p11_token_unlock(lk);
	return rv;
}

P11_EXPORT CK_RV C_InitToken(CK_SLOT_ID slotID, CK_UTF8CHAR_PTR pPin,
			     CK_ULONG ulPinLen, CK_UTF8CHAR_PTR pLabel)
{
	P11_ENTER();
	P11_RETURN(init_token(slotID, pPin, ulPinLen, pLabel));
}

P11_EXPORT CK_RV C_WaitForSlotEvent(CK_FLAGS flags, CK_SLOT_ID_PTR pSlot,
				    CK_VOID_PTR pReserved)
{
	(void)pSlot;
	if (pReserved)
		return CKR_ARGUMENTS_BAD;
	P11_ENTER();
	/* tokens are directories: nothing is ever inserted or removed */
	P11_RETURN(flags & CKF_DONT_BLOCK ? CKR_NO_EVENT
					  : CKR_FUNCTION_NOT_SUPPORTED);
}
