// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * host_test.c - ncr-pkcs11.so on a machine without ncr (the host of
 * `make check`, or a system whose module is not loaded): the module loads,
 * answers the life-cycle and interface calls as the spec says, lists its
 * slots without a token, and refuses sessions with CKR_TOKEN_NOT_PRESENT,
 * never a crash.  Loaded with dlopen() like every client; NCR_DEVICE
 * points at a path that is no ncr device.
 *
 *   test_pkcs11_host [MODULE]     (default build/pkcs11/ncr-pkcs11.so)
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define CK_PTR *
#define CK_DECLARE_FUNCTION(rtype, name) rtype name
#define CK_DECLARE_FUNCTION_POINTER(rtype, name) rtype (*name)
#define CK_CALLBACK_FUNCTION(rtype, name) rtype (*name)
#ifndef NULL_PTR
#define NULL_PTR 0
#endif
#include <nss/pkcs11.h>

static int n, failed;

static void ok(int cond, const char *name)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++n, name);
	if (!cond)
		failed++;
}

/* The standard's CK_C_INITIALIZE_ARGS (NSS's has one more field). */
struct std_init_args {
	void *create, *destroy, *lock, *unlock;
	CK_FLAGS flags;
	void *reserved;
};

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "build/pkcs11/ncr-pkcs11.so";
	CK_RV (*get_list)(CK_FUNCTION_LIST_PTR_PTR);
	CK_RV (*get_iface)(CK_UTF8CHAR_PTR, CK_VERSION_PTR,
			   CK_INTERFACE_PTR_PTR, CK_FLAGS);
	CK_RV (*get_ifaces)(CK_INTERFACE_PTR, CK_ULONG_PTR);
	CK_FUNCTION_LIST_PTR f;
	CK_FUNCTION_LIST_3_0_PTR f3;
	CK_INTERFACE_PTR ifc;
	CK_INTERFACE list[4];
	CK_VERSION v30 = { 3, 0 }, v99 = { 9, 9 };
	CK_SLOT_ID slots[32];
	CK_ULONG cnt;
	CK_TOKEN_INFO ti;
	CK_SLOT_INFO si;
	CK_INFO info;
	CK_SESSION_HANDLE sh;
	struct std_init_args args = { .flags = CKF_OS_LOCKING_OK,
				      .reserved = (void *)1 };
	void **fp;
	void *h;
	int all = 1, st;
	pid_t pid;

	setenv("NCR_DEVICE", "/nonexistent/ncr-crypto", 1);
	setenv("NCR_PKCS11_DIR", "/nonexistent/ncr-tokens", 1);
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	ok(h != NULL, "the module loads with dlopen");
	if (!h) {
		printf("# %s\n", dlerror());
		printf("1..%d\n", n);
		return 1;
	}
	get_list = (CK_RV (*)(CK_FUNCTION_LIST_PTR_PTR))dlsym(h, "C_GetFunctionList");
	get_iface = (CK_RV (*)(CK_UTF8CHAR_PTR, CK_VERSION_PTR,
			       CK_INTERFACE_PTR_PTR, CK_FLAGS))
		dlsym(h, "C_GetInterface");
	get_ifaces = (CK_RV (*)(CK_INTERFACE_PTR, CK_ULONG_PTR))
		dlsym(h, "C_GetInterfaceList");
	ok(get_list && get_iface && get_ifaces,
	   "C_GetFunctionList, C_GetInterface, C_GetInterfaceList exported");
	ok(dlsym(h, "ncr_open") == NULL && dlsym(h, "p11_enter") == NULL,
	   "nothing but the C_* entry points is exported");
	if (!get_list || !get_iface || !get_ifaces)
		return 1;
	ok(get_list(NULL) == CKR_ARGUMENTS_BAD && get_list(&f) == CKR_OK &&
	   f->version.major == 2 && f->version.minor == 40,
	   "C_GetFunctionList gives the 2.40 list");
	fp = (void **)&f->C_Initialize;
	for (size_t i = 0; i < 68; i++)
		all &= fp[i] != NULL;
	ok(all, "every one of the 68 2.40 entries is set");
	cnt = 0;
	ok(get_ifaces(NULL, &cnt) == CKR_OK && cnt == 2,
	   "C_GetInterfaceList counts two interfaces");
	cnt = 1;
	ok(get_ifaces(list, &cnt) == CKR_BUFFER_TOO_SMALL && cnt == 2,
	   "C_GetInterfaceList: a short list is CKR_BUFFER_TOO_SMALL");
	ok(get_iface((CK_UTF8CHAR_PTR)"PKCS 11", &v30, &ifc, 0) == CKR_OK &&
	   ((CK_VERSION *)ifc->pFunctionList)->major == 3,
	   "C_GetInterface(\"PKCS 11\", 3.0) gives the 3.0 list");
	f3 = ifc->pFunctionList;
	fp = (void **)&f3->C_Initialize;
	all = 1;
	for (size_t i = 0; i < 92; i++)
		all &= fp[i] != NULL;
	ok(all && f3->C_GetInterface == (void *)get_iface &&
	   f3->C_Initialize == f->C_Initialize,
	   "every one of the 92 3.0 entries is set, in the spec's order");
	ok(get_iface((CK_UTF8CHAR_PTR)"PKCS 11", &v99, &ifc, 0) != CKR_OK,
	   "C_GetInterface refuses a version it lacks");
	ok(get_iface(NULL, NULL, &ifc, 0) == CKR_OK,
	   "C_GetInterface(NULL, NULL) gives the default interface");

	ok(f->C_GetInfo(&info) == CKR_CRYPTOKI_NOT_INITIALIZED,
	   "calls before C_Initialize: CKR_CRYPTOKI_NOT_INITIALIZED");
	ok(f->C_Initialize(&args) == CKR_OK,
	   "C_Initialize with the standard arguments (and a non-NULL last "
	   "field, as NSS passes) succeeds without /dev/crypto");
	ok(f->C_Initialize(NULL) == CKR_CRYPTOKI_ALREADY_INITIALIZED,
	   "a second C_Initialize: CKR_CRYPTOKI_ALREADY_INITIALIZED");
	ok(f->C_GetInfo(&info) == CKR_OK && info.cryptokiVersion.major == 3,
	   "C_GetInfo reports Cryptoki 3.0");
	cnt = 32;
	ok(f->C_GetSlotList(CK_TRUE, slots, &cnt) == CKR_OK && cnt == 0,
	   "without ncr no slot has a token");
	cnt = 32;
	ok(f->C_GetSlotList(CK_FALSE, slots, &cnt) == CKR_OK && cnt >= 1,
	   "... but the slots are listed");
	ok(cnt >= 1 && f->C_GetSlotInfo(slots[0], &si) == CKR_OK &&
	   !(si.flags & CKF_TOKEN_PRESENT),
	   "C_GetSlotInfo: CKF_TOKEN_PRESENT clear");
	ok(f->C_GetTokenInfo(slots[0], &ti) == CKR_TOKEN_NOT_PRESENT,
	   "C_GetTokenInfo: CKR_TOKEN_NOT_PRESENT");
	ok(f->C_OpenSession(slots[0], CKF_SERIAL_SESSION, NULL, NULL, &sh) ==
	   CKR_TOKEN_NOT_PRESENT, "C_OpenSession: CKR_TOKEN_NOT_PRESENT");
	ok(f->C_GetSlotInfo(999, &si) == CKR_SLOT_ID_INVALID,
	   "an unknown slot: CKR_SLOT_ID_INVALID");
	ok(f->C_CloseSession(1) == CKR_SESSION_HANDLE_INVALID,
	   "an unknown session: CKR_SESSION_HANDLE_INVALID");

	/* a forked child must call C_Initialize before anything works */
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int r = f->C_GetInfo(&info) == CKR_CRYPTOKI_NOT_INITIALIZED &&
			f->C_Initialize(NULL) == CKR_OK &&
			f->C_GetInfo(&info) == CKR_OK &&
			f->C_Finalize(NULL) == CKR_OK;
		_exit(r ? 0 : 1);
	}
	ok(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	   WEXITSTATUS(st) == 0,
	   "a forked child: not initialised until its own C_Initialize");
	ok(f->C_GetInfo(&info) == CKR_OK, "... and the parent goes on");

	ok(f->C_Finalize((void *)1) == CKR_ARGUMENTS_BAD,
	   "C_Finalize(non-NULL): CKR_ARGUMENTS_BAD");
	ok(f->C_Finalize(NULL) == CKR_OK, "C_Finalize");
	ok(f->C_GetInfo(&info) == CKR_CRYPTOKI_NOT_INITIALIZED,
	   "after C_Finalize: CKR_CRYPTOKI_NOT_INITIALIZED");
	ok(f->C_Initialize(NULL) == CKR_OK && f->C_Finalize(NULL) == CKR_OK,
	   "initialised again after C_Finalize");
	dlclose(h);
	printf("1..%d\n", n);
	return failed ? 1 : 0;
}
