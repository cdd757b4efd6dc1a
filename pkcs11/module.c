// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * module.c - ncr-pkcs11.so's life cycle: C_Initialize, C_Finalize,
 * C_GetInfo, the 2.40 function list and the 3.0 interfaces, the one lock,
 * and what a forked child sees.
 *
 * Process model.  C_Initialize opens /dev/crypto (one ncr namespace for
 * the process: every key handle the module holds lives there).  A forked
 * child shares that descriptor's namespace with its parent, so it must
 * never use or free the parent's handles: after fork() every call in the
 * child returns CKR_CRYPTOKI_NOT_INITIALIZED until the child calls
 * C_Initialize, which drops the inherited state without a kernel call
 * (the parent still owns it), closes the child's copy of the descriptor
 * and opens a /dev/crypto of its own.  Process exit without C_Finalize is
 * clean: closing the descriptor frees every key and session in the
 * kernel, and nothing else is held.
 *
 * Threads: CKF_OS_LOCKING_OK; the module always uses its own pthread
 * mutex, whatever C_Initialize's arguments say (the spec allows a library
 * to use the OS primitives when the application accepts them or gives
 * none; an application that insists on its own callbacks without
 * CKF_OS_LOCKING_OK gets CKR_CANT_LOCK).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "p11.h"

struct p11_state p11 = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.fd = -1,
};

static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;

static void atfork_prepare(void) { pthread_mutex_lock(&p11.lock); }
static void atfork_parent(void) { pthread_mutex_unlock(&p11.lock); }
/* The child keeps its parent's state (and descriptor) until its own
 * C_Initialize; every other call sees "not initialised".  A flag set here
 * rather than a getpid() per call, which glibc does not cache. */
static void atfork_child(void)
{
	pthread_mutex_init(&p11.lock, NULL);
	p11.forked = true;
}

static void register_atfork(void)
{
	pthread_atfork(atfork_prepare, atfork_parent, atfork_child);
}

void p11_wipe(void *p, size_t len)
{
	if (p && len) {
		memset(p, 0, len);
		__asm__ __volatile__("" : : "r"(p) : "memory");
	}
}

/* Diagnostics go to syslog (LOG_USER) and, when NCR_PKCS11_DEBUG is set,
 * to stderr: a module must not write on an application's terminal. */
void p11_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (getenv("NCR_PKCS11_DEBUG")) {
		va_list aq;

		va_copy(aq, ap);
		fputs("ncr-pkcs11: ", stderr);
		vfprintf(stderr, fmt, aq);
		fputc('\n', stderr);
		va_end(aq);
	}
	vsyslog(LOG_USER | LOG_WARNING, fmt, ap);
	va_end(ap);
}

void p11_pad(CK_UTF8CHAR *dst, size_t n, const char *src)
{
	size_t l = src ? strlen(src) : 0;

	memset(dst, ' ', n);
	memcpy(dst, src, l < n ? l : n);
}

CK_RV p11_rv(int err)
{
	switch (err) {
	case 0: return CKR_OK;
	case -EPERM: case -EACCES: return CKR_KEY_FUNCTION_NOT_PERMITTED;
	case -ENOENT: return CKR_KEY_HANDLE_INVALID;
	case -EINVAL: return CKR_ARGUMENTS_BAD;
	case -EBADMSG: return CKR_ENCRYPTED_DATA_INVALID;
	case -ERANGE: return CKR_BUFFER_TOO_SMALL;
	case -ENOMEM: return CKR_HOST_MEMORY;
	case -EDQUOT: case -EMFILE: case -ENOSPC: return CKR_DEVICE_MEMORY;
	case -EOPNOTSUPP: return CKR_MECHANISM_INVALID;
	case -ENOKEY: return CKR_DEVICE_ERROR;
	case -EINTR: return CKR_FUNCTION_CANCELED;
	case -EMSGSIZE: case -E2BIG: return CKR_DATA_LEN_RANGE;
	default: return CKR_DEVICE_ERROR;
	}
}

/* Drops all state.  kernel: the descriptor is ours (not a forked
 * parent's), so handles are freed there too (closing it would do it as
 * well; freeing explicitly keeps the order readable). */
static void drop_state(bool kernel)
{
	struct p11_session *s, *sn;
	struct p11_object *o, *on;

	for (s = p11.sessions; s; s = sn) {
		sn = s->next;
		for (int k = 0; k < P11_OP_KINDS; k++)
			if (s->op[k] && kernel)
				p11_op_free(s->op[k]);
		free(s->found);
		free(s);
	}
	p11.sessions = NULL;
	for (o = p11.objects; o; o = on) {
		on = o->next;
		if (!kernel)
			o->key = 0;	/* the parent's handle */
		p11_object_free(o);
	}
	p11.objects = NULL;
	for (size_t i = 0; i < p11.ntokens; i++) {
		struct p11_token *t = &p11.tokens[i];

		if (t->token_key && kernel)
			ncr_key_deinit(p11.fd, t->token_key);
		free(t->so.sealed);
		free(t->user.sealed);
		memset(t, 0, sizeof(*t));
	}
	p11.ntokens = 0;
	if (p11.fd >= 0)
		close(p11.fd);
	p11.fd = -1;
	p11.initialized = false;
}

/* The directory of tokens: $NCR_PKCS11_DIR, else "directory = PATH" in
 * $NCR_PKCS11_CONF (default /etc/ncr/pkcs11.conf), else
 * /var/lib/ncr/tokens. */
static void find_root(void)
{
	const char *env = getenv("NCR_PKCS11_DIR");
	const char *conf = getenv("NCR_PKCS11_CONF");
	char line[4200];
	FILE *f;

	snprintf(p11.root, sizeof(p11.root), "%s", "/var/lib/ncr/tokens");
	if (env && *env) {
		snprintf(p11.root, sizeof(p11.root), "%s", env);
		return;
	}
	f = fopen(conf && *conf ? conf : "/etc/ncr/pkcs11.conf", "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *v;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '#' || strncmp(p, "directory", 9))
			continue;
		v = strchr(p, '=');
		if (!v)
			continue;
		v++;
		while (*v == ' ' || *v == '\t')
			v++;
		v[strcspn(v, "\r\n")] = 0;
		for (size_t l = strlen(v); l && (v[l - 1] == ' ' ||
						 v[l - 1] == '\t'); l--)
			v[l - 1] = 0;
		if (*v)
			snprintf(p11.root, sizeof(p11.root), "%s", v);
	}
	fclose(f);
}

CK_RV p11_enter(void)
{
	pthread_mutex_lock(&p11.lock);
	if (!p11.initialized || p11.forked) {
		pthread_mutex_unlock(&p11.lock);
		return CKR_CRYPTOKI_NOT_INITIALIZED;
	}
	return CKR_OK;
}

void p11_leave(void)
{
	pthread_mutex_unlock(&p11.lock);
}

/* CK_C_INITIALIZE_ARGS as the standard lays it out.  NSS's header adds a
 * field (LibraryParameters) where the standard has pReserved, so its
 * struct is one pointer longer than what a conforming caller passes:
 * only the standard's six fields are read.  The last one (pReserved, or
 * NSS's module parameter string) is ignored, so that NSS may pass one. */
struct std_init_args {
	CK_CREATEMUTEX CreateMutex;
	CK_DESTROYMUTEX DestroyMutex;
	CK_LOCKMUTEX LockMutex;
	CK_UNLOCKMUTEX UnlockMutex;
	CK_FLAGS flags;
	CK_VOID_PTR pReserved;
};

P11_EXPORT CK_RV C_Initialize(CK_VOID_PTR pInitArgs)
{
	const struct std_init_args *args = pInitArgs;
	int fd;

	pthread_once(&atfork_once, register_atfork);
	if (args) {
		int n = !!args->CreateMutex + !!args->DestroyMutex +
			!!args->LockMutex + !!args->UnlockMutex;

		if (n != 0 && n != 4)
			return CKR_ARGUMENTS_BAD;
		if (n == 4 && !(args->flags & CKF_OS_LOCKING_OK))
			return CKR_CANT_LOCK;
	}
	pthread_mutex_lock(&p11.lock);
	if (p11.initialized && !p11.forked) {
		pthread_mutex_unlock(&p11.lock);
		return CKR_CRYPTOKI_ALREADY_INITIALIZED;
	}
	if (p11.initialized)		/* a forked child: the parent's state */
		drop_state(false);
	fd = ncr_open();
	p11.fd = fd;
	if (fd < 0)
		p11_log("cannot open /dev/crypto (%s): is the ncr module "
			"loaded?", ncr_strerror(fd));
	p11.pid = getpid();
	p11.forked = false;
	p11.next_handle = 1;
	p11.next_session = 1;
	find_root();
	p11.initialized = true;
	p11_slots_scan();
	pthread_mutex_unlock(&p11.lock);
	return CKR_OK;
}

P11_EXPORT CK_RV C_Finalize(CK_VOID_PTR pReserved)
{
	if (pReserved)
		return CKR_ARGUMENTS_BAD;
	P11_ENTER();
	drop_state(true);
	P11_RETURN(CKR_OK);
}

P11_EXPORT CK_RV C_GetInfo(CK_INFO_PTR pInfo)
{
	P11_ENTER();
	if (!pInfo)
		P11_RETURN(CKR_ARGUMENTS_BAD);
	memset(pInfo, 0, sizeof(*pInfo));
	pInfo->cryptokiVersion.major = 3;
	pInfo->cryptokiVersion.minor = 0;
	p11_pad(pInfo->manufacturerID, sizeof(pInfo->manufacturerID),
		P11_MANUFACTURER);
	p11_pad(pInfo->libraryDescription, sizeof(pInfo->libraryDescription),
		P11_LIBRARY_DESC);
	pInfo->libraryVersion.major = P11_VERSION_MAJOR;
	pInfo->libraryVersion.minor = P11_VERSION_MINOR;
	P11_RETURN(CKR_OK);
}

/* The 2.40 list and the 3.0 list share their first 68 entries. */
#define P11_FUNCTIONS_240 \
	C_Initialize, C_Finalize, C_GetInfo, C_GetFunctionList, \
	C_GetSlotList, C_GetSlotInfo, C_GetTokenInfo, C_GetMechanismList, \
	C_GetMechanismInfo, C_InitToken, C_InitPIN, C_SetPIN, \
	C_OpenSession, C_CloseSession, C_CloseAllSessions, \
	C_GetSessionInfo, C_GetOperationState, C_SetOperationState, \
	C_Login, C_Logout, C_CreateObject, C_CopyObject, C_DestroyObject, \
	C_GetObjectSize, C_GetAttributeValue, C_SetAttributeValue, \
	C_FindObjectsInit, C_FindObjects, C_FindObjectsFinal, \
	C_EncryptInit, C_Encrypt, C_EncryptUpdate, C_EncryptFinal, \
	C_DecryptInit, C_Decrypt, C_DecryptUpdate, C_DecryptFinal, \
	C_DigestInit, C_Digest, C_DigestUpdate, C_DigestKey, \
	C_DigestFinal, C_SignInit, C_Sign, C_SignUpdate, C_SignFinal, \
	C_SignRecoverInit, C_SignRecover, C_VerifyInit, C_Verify, \
	C_VerifyUpdate, C_VerifyFinal, C_VerifyRecoverInit, \
	C_VerifyRecover, C_DigestEncryptUpdate, C_DecryptDigestUpdate, \
	C_SignEncryptUpdate, C_DecryptVerifyUpdate, C_GenerateKey, \
	C_GenerateKeyPair, C_WrapKey, C_UnwrapKey, C_DeriveKey, \
	C_SeedRandom, C_GenerateRandom, C_GetFunctionStatus, \
	C_CancelFunction, C_WaitForSlotEvent

static CK_FUNCTION_LIST functions_240 = {
	{ 2, 40 },
	P11_FUNCTIONS_240
};

static CK_FUNCTION_LIST_3_0 functions_30 = {
	{ 3, 0 },
	P11_FUNCTIONS_240,
	C_GetInterfaceList, C_GetInterface, C_LoginUser, C_SessionCancel,
	C_MessageEncryptInit, C_EncryptMessage, C_EncryptMessageBegin,
	C_EncryptMessageNext, C_MessageEncryptFinal, C_MessageDecryptInit,
	C_DecryptMessage, C_DecryptMessageBegin, C_DecryptMessageNext,
	C_MessageDecryptFinal, C_MessageSignInit, C_SignMessage,
	C_SignMessageBegin, C_SignMessageNext, C_MessageSignFinal,
	C_MessageVerifyInit, C_VerifyMessage, C_VerifyMessageBegin,
	C_VerifyMessageNext, C_MessageVerifyFinal
};

static CK_INTERFACE interfaces[] = {
	{ (CK_CHAR_PTR)"PKCS 11", &functions_30, 0 },
	{ (CK_CHAR_PTR)"PKCS 11", &functions_240, 0 },
};

/* C_GetFunctionList works before C_Initialize (it is how callers find
 * C_Initialize). */
P11_EXPORT CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR ppFunctionList)
{
	if (!ppFunctionList)
		return CKR_ARGUMENTS_BAD;
	*ppFunctionList = &functions_240;
	return CKR_OK;
}

P11_EXPORT CK_RV C_GetInterfaceList(CK_INTERFACE_PTR pInterfacesList,
				    CK_ULONG_PTR pulCount)
{
	CK_ULONG n = P11_ARRAY_SIZE(interfaces);

	if (!pulCount)
		return CKR_ARGUMENTS_BAD;
	if (!pInterfacesList) {
		*pulCount = n;
		return CKR_OK;
	}
	if (*pulCount < n) {
		*pulCount = n;
		return CKR_BUFFER_TOO_SMALL;
	}
	memcpy(pInterfacesList, interfaces, sizeof(interfaces));
	*pulCount = n;
	return CKR_OK;
}

P11_EXPORT CK_RV C_GetInterface(CK_UTF8CHAR_PTR pInterfaceName,
				CK_VERSION_PTR pVersion,
				CK_INTERFACE_PTR_PTR ppInterface,
				CK_FLAGS flags)
{
	if (!ppInterface)
		return CKR_ARGUMENTS_BAD;
	for (size_t i = 0; i < P11_ARRAY_SIZE(interfaces); i++) {
		CK_VERSION *v = interfaces[i].pFunctionList;

		if (pInterfaceName &&
		    strcmp((const char *)pInterfaceName,
			   (const char *)interfaces[i].pInterfaceName))
			continue;
		if (pVersion && (pVersion->major != v->major ||
				 pVersion->minor != v->minor))
			continue;
		if ((flags & interfaces[i].flags) != flags)
			continue;
		*ppInterface = &interfaces[i];
		return CKR_OK;
	}
	return CKR_ARGUMENTS_BAD;
}
