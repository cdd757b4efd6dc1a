// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fork_test.c - ncr-pkcs11.so across fork() (build/tests/p11_fork):
 *
 *   p11_fork MODULE
 *
 * The parent initialises the module, logs in, makes a session key and a
 * token object, then forks:
 *   - the child gets CKR_CRYPTOKI_NOT_INITIALIZED for every call (the
 *     parent's session and key handles included) until it calls
 *     C_Initialize; then the parent's handles mean nothing in it
 *     (CKR_SESSION_HANDLE_INVALID), and it works with its own session and
 *     login: it sees the token object, makes and uses its own key, and
 *     C_Finalizes;
 *   - a second child calls C_Initialize and exits without C_Finalize, a
 *     third exits at once;
 *   - the parent's session, login and key are intact afterwards (its
 *     ciphertext is unchanged): the children never used or freed the
 *     parent's kernel key handles, although they share its /dev/crypto
 *     descriptor.
 * The token is the one labelled $P11_LABEL (default "test"), user PIN
 * $P11_PIN (1234), as tests/pkcs11/lib.sh makes it.  The module is
 * dlopen()ed; the PKCS #11 header is p11-kit's.  TAP output, exit status
 * 1 if any test failed.
 */
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <p11-kit-1/p11-kit/pkcs11.h>

static int n_tests, n_failed;
static FILE *out;		/* stdout, or the pipe to the parent */

static int ok(int cond, const char *fmt, ...)
{
	va_list ap;

	n_tests++;
	if (!cond)
		n_failed++;
	fprintf(out, "%s", cond ? "ok" : "not ok");
	if (out == stdout)
		fprintf(out, " %d", n_tests);
	fprintf(out, " - ");
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fprintf(out, "\n");
	fflush(out);
	return cond;
}

static int rv_is(CK_RV got, CK_RV want, const char *what)
{
	if (!ok(got == want, "%s: 0x%lx (want 0x%lx)", what,
		(unsigned long)got, (unsigned long)want))
		return 0;
	return 1;
}

static CK_FUNCTION_LIST_PTR f;
static const char *label_want;
static const char *pin;

static CK_RV find_slot(CK_SLOT_ID *slot)
{
	CK_SLOT_ID slots[32];
	CK_ULONG n = 32;
	CK_RV rv = f->C_GetSlotList(CK_TRUE, slots, &n);

	if (rv != CKR_OK)
		return rv;
	for (CK_ULONG i = 0; i < n; i++) {
		CK_TOKEN_INFO ti;
		char lab[33];
		size_t l;

		if (f->C_GetTokenInfo(slots[i], &ti) != CKR_OK)
			continue;
		memcpy(lab, ti.label, 32);
		lab[32] = 0;
		for (l = 32; l && lab[l - 1] == ' '; l--)
			lab[l - 1] = 0;
		if (!strcmp(lab, label_want)) {
			*slot = slots[i];
			return CKR_OK;
		}
	}
	return CKR_TOKEN_NOT_PRESENT;
}

static CK_RV open_login(CK_SLOT_ID slot, CK_SESSION_HANDLE *s)
{
	CK_RV rv = f->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION,
				    NULL, NULL, s);

	if (rv != CKR_OK)
		return rv;
	return f->C_Login(*s, CKU_USER, (CK_UTF8CHAR_PTR)pin, strlen(pin));
}

static CK_RV aes_key(CK_SESSION_HANDLE s, const char *label,
		     CK_OBJECT_HANDLE *k)
{
	CK_BBOOL t = CK_TRUE, fl = CK_FALSE;
	CK_ULONG len = 16;
	CK_MECHANISM m = { CKM_AES_KEY_GEN, NULL, 0 };
	CK_ATTRIBUTE tmpl[] = {
		{ CKA_TOKEN, &fl, sizeof(fl) },
		{ CKA_VALUE_LEN, &len, sizeof(len) },
		{ CKA_ENCRYPT, &t, sizeof(t) },
		{ CKA_DECRYPT, &t, sizeof(t) },
		{ CKA_LABEL, (void *)label, strlen(label) },
	};

	return f->C_GenerateKey(s, &m, tmpl, 5, k);
}

static CK_RV ecb(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE k, int enc,
		 const unsigned char in[16], unsigned char outb[16])
{
	CK_MECHANISM m = { CKM_AES_ECB, NULL, 0 };
	CK_ULONG olen = 16;
	CK_RV rv = enc ? f->C_EncryptInit(s, &m, k) : f->C_DecryptInit(s, &m, k);

	if (rv != CKR_OK)
		return rv;
	return enc ? f->C_Encrypt(s, (CK_BYTE_PTR)in, 16, outb, &olen)
		   : f->C_Decrypt(s, (CK_BYTE_PTR)in, 16, outb, &olen);
}

static CK_ULONG count_label(CK_SESSION_HANDLE s, const char *label)
{
	CK_ATTRIBUTE t = { CKA_LABEL, (void *)label, strlen(label) };
	CK_OBJECT_HANDLE h[8];
	CK_ULONG n = 0;

	if (f->C_FindObjectsInit(s, &t, 1) != CKR_OK)
		return (CK_ULONG)-1;
	if (f->C_FindObjects(s, h, 8, &n) != CKR_OK)
		n = (CK_ULONG)-1;
	f->C_FindObjectsFinal(s);
	return n;
}

static const unsigned char block[16] = "fork test block";

/* The first child: everything is refused until C_Initialize. */
static void child_main(CK_SESSION_HANDLE ps, CK_OBJECT_HANDLE pk)
{
	CK_SESSION_INFO si;
	CK_MECHANISM m = { CKM_AES_ECB, NULL, 0 };
	CK_SLOT_ID slots[32], slot;
	CK_ULONG n = 32;
	CK_SESSION_HANDLE s;
	CK_OBJECT_HANDLE k;
	unsigned char ct[16], pt[16];
	char lab[64] = "";
	CK_ATTRIBUTE la = { CKA_LABEL, lab, sizeof(lab) - 1 };
	CK_RV rv;

	rv_is(f->C_GetSessionInfo(ps, &si), CKR_CRYPTOKI_NOT_INITIALIZED,
	      "child: C_GetSessionInfo of the parent's session before "
	      "C_Initialize");
	rv_is(f->C_EncryptInit(ps, &m, pk), CKR_CRYPTOKI_NOT_INITIALIZED,
	      "child: C_EncryptInit with the parent's session and key");
	rv_is(f->C_GetSlotList(CK_TRUE, slots, &n),
	      CKR_CRYPTOKI_NOT_INITIALIZED, "child: C_GetSlotList");
	rv_is(f->C_OpenSession(0, CKF_SERIAL_SESSION, NULL, NULL, &s),
	      CKR_CRYPTOKI_NOT_INITIALIZED, "child: C_OpenSession");
	rv_is(f->C_Logout(ps), CKR_CRYPTOKI_NOT_INITIALIZED,
	      "child: C_Logout of the parent's session");
	rv_is(f->C_Initialize(NULL), CKR_OK, "child: C_Initialize");
	rv_is(f->C_GetSessionInfo(ps, &si), CKR_SESSION_HANDLE_INVALID,
	      "child: the parent's session handle after C_Initialize");
	rv = find_slot(&slot);
	if (!rv_is(rv, CKR_OK, "child: the token is listed"))
		goto out;
	rv = f->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION,
			      NULL, NULL, &s);
	if (!rv_is(rv, CKR_OK, "child: its own session"))
		goto out;
	/* the parent's key handle may name another object here (handles are
	 * per process), never the parent's session key */
	rv = f->C_GetAttributeValue(s, pk, &la, 1);
	ok(rv != CKR_OK || strcmp(lab, "fork-parent-key"),
	   "child: the parent's key handle is not the parent's key (0x%lx)",
	   (unsigned long)rv);
	rv_is(f->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR)pin, strlen(pin)),
	      CKR_OK, "child: its own login");
	ok(count_label(s, "fork-token-obj") == 1,
	   "child: sees the parent's token object");
	ok(count_label(s, "fork-parent-key") == 0,
	   "child: does not see the parent's session key");
	rv = aes_key(s, "fork-child-key", &k);
	if (rv_is(rv, CKR_OK, "child: makes its own key")) {
		rv = ecb(s, k, 1, block, ct);
		if (rv == CKR_OK)
			rv = ecb(s, k, 0, ct, pt);
		ok(rv == CKR_OK && !memcmp(pt, block, 16),
		   "child: encrypts and decrypts with it (0x%lx)",
		   (unsigned long)rv);
	}
	rv_is(f->C_Finalize(NULL), CKR_OK, "child: C_Finalize");
out:
	fflush(out);
}

int main(int argc, char **argv)
{
	CK_C_GetFunctionList gfl;
	CK_SESSION_HANDLE ps;
	CK_SESSION_INFO si;
	CK_SLOT_ID slot;
	CK_OBJECT_HANDLE pk, tobj;
	unsigned char ct0[16], ct[16];
	CK_OBJECT_CLASS dcls = CKO_DATA;
	CK_BBOOL t = CK_TRUE, fl = CK_FALSE;
	CK_ATTRIBUTE dt[] = {
		{ CKA_CLASS, &dcls, sizeof(dcls) },
		{ CKA_TOKEN, &t, sizeof(t) },
		{ CKA_PRIVATE, &fl, sizeof(fl) },
		{ CKA_LABEL, "fork-token-obj", 14 },
		{ CKA_VALUE, "x", 1 },
	};
	void *dl;
	int fds[2], status;
	pid_t pid;
	CK_RV rv;
	char line[512];
	FILE *in;

	out = stdout;
	if (argc != 2) {
		fprintf(stderr, "usage: p11_fork MODULE\n");
		return 2;
	}
	label_want = getenv("P11_LABEL") ? getenv("P11_LABEL") : "test";
	pin = getenv("P11_PIN") ? getenv("P11_PIN") : "1234";
	dl = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
	if (!dl) {
		printf("Bail out! %s\n", dlerror());
		return 1;
	}
	gfl = (CK_C_GetFunctionList)dlsym(dl, "C_GetFunctionList");
	if (!gfl || gfl(&f) != CKR_OK) {
		printf("Bail out! no C_GetFunctionList\n");
		return 1;
	}
	if (!rv_is(f->C_Initialize(NULL), CKR_OK, "parent: C_Initialize") ||
	    !rv_is(find_slot(&slot), CKR_OK, "parent: the token is listed") ||
	    !rv_is(open_login(slot, &ps), CKR_OK, "parent: session, login") ||
	    !rv_is(aes_key(ps, "fork-parent-key", &pk), CKR_OK,
		   "parent: a session key") ||
	    !rv_is(ecb(ps, pk, 1, block, ct0), CKR_OK, "parent: encrypts") ||
	    !rv_is(f->C_CreateObject(ps, dt, 5, &tobj), CKR_OK,
		   "parent: a token object")) {
		printf("1..%d\n", n_tests);
		return 1;
	}

	/* child 1: the whole story, its results through a pipe */
	if (pipe(fds) < 0) {
		perror("pipe");
		return 1;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (!pid) {
		close(fds[0]);
		out = fdopen(fds[1], "w");
		child_main(ps, pk);
		fclose(out);
		_exit(0);
	}
	close(fds[1]);
	in = fdopen(fds[0], "r");
	while (fgets(line, sizeof(line), in)) {
		int good = !strncmp(line, "ok - ", 5);

		line[strcspn(line, "\n")] = 0;
		ok(good, "%s", line + (good ? 5 : 9));
	}
	fclose(in);
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && !WEXITSTATUS(status), "child 1 exits 0");

	/* child 2: C_Initialize, then exit without C_Finalize */
	pid = fork();
	if (!pid) {
		CK_RV r = f->C_Initialize(NULL);

		_exit(r == CKR_OK ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && !WEXITSTATUS(status),
	   "child 2: C_Initialize, exit without C_Finalize");
	/* child 3: exits at once (atexit handlers run: exit, not _exit) */
	pid = fork();
	if (!pid)
		exit(0);
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && !WEXITSTATUS(status), "child 3: plain exit");

	rv = f->C_GetSessionInfo(ps, &si);
	ok(rv == CKR_OK && si.state == CKS_RW_USER_FUNCTIONS,
	   "parent: its session and login survive the children (0x%lx, "
	   "state %lu)", (unsigned long)rv, (unsigned long)si.state);
	rv = ecb(ps, pk, 1, block, ct);
	ok(rv == CKR_OK && !memcmp(ct, ct0, 16),
	   "parent: its key is intact, same ciphertext (0x%lx)",
	   (unsigned long)rv);
	ok(count_label(ps, "fork-token-obj") == 1,
	   "parent: its token object is still there");
	rv_is(f->C_DestroyObject(ps, tobj), CKR_OK,
	      "parent: destroys the token object");
	rv_is(f->C_Logout(ps), CKR_OK, "parent: C_Logout");
	rv_is(f->C_Finalize(NULL), CKR_OK, "parent: C_Finalize");
	printf("1..%d\n", n_tests);
	return n_failed ? 1 : 0;
}
