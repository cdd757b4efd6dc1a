// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * session.c - sessions: C_OpenSession, C_CloseSession,
 * C_CloseAllSessions, C_GetSessionInfo, C_SessionCancel; the kernel RNG
 * (C_GenerateRandom, C_SeedRandom); and the functions this token does not
 * offer, each answering what the spec says for that case.
 *
 * Closing a session ends its operations and destroys its session objects
 * (their kernel keys with them); closing a token's last session logs the
 * application out (the spec's rule), which drops the token key.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "p11.h"

struct p11_session *p11_session_get(CK_SESSION_HANDLE h)
{
	for (struct p11_session *s = p11.sessions; s; s = s->next)
		if (s->handle == h)
			return s;
	return NULL;
}

CK_STATE p11_session_state(const struct p11_session *s)
{
	bool rw = s->flags & CKF_RW_SESSION;

	switch (s->tok->login) {
	case CKU_SO:
		return CKS_RW_SO_FUNCTIONS;
	case CKU_USER:
		return rw ? CKS_RW_USER_FUNCTIONS : CKS_RO_USER_FUNCTIONS;
	default:
		return rw ? CKS_RW_PUBLIC_SESSION : CKS_RO_PUBLIC_SESSION;
	}
}

P11_EXPORT CK_RV C_OpenSession(CK_SLOT_ID slotID, CK_FLAGS flags,
			       CK_VOID_PTR pApplication, CK_NOTIFY Notify,
			       CK_SESSION_HANDLE_PTR phSession)
{
	struct p11_token *t;
	struct p11_session *s;

	(void)pApplication;
	(void)Notify;		/* no callbacks are ever made */
	P11_ENTER();
	if (!phSession)
		P11_RETURN(CKR_ARGUMENTS_BAD);
	t = p11_token_of_slot(slotID);
	if (!t)
		P11_RETURN(CKR_SLOT_ID_INVALID);
	if (!(flags & CKF_SERIAL_SESSION))
		P11_RETURN(CKR_SESSION_PARALLEL_NOT_SUPPORTED);
	if (flags & ~(CK_FLAGS)(CKF_SERIAL_SESSION | CKF_RW_SESSION))
		P11_RETURN(CKR_ARGUMENTS_BAD);
	if (p11.fd < 0 || !p11.master_key)
		P11_RETURN(CKR_TOKEN_NOT_PRESENT);
	if (t->dir[0])
		p11_token_load(t);
	if (!t->initialized)
		P11_RETURN(CKR_TOKEN_NOT_RECOGNIZED);
	if (t->login == CKU_SO && !(flags & CKF_RW_SESSION))
		P11_RETURN(CKR_SESSION_READ_WRITE_SO_EXISTS);
	s = calloc(1, sizeof(*s));
	if (!s)
		P11_RETURN(CKR_HOST_MEMORY);
	s->tok = t;
	s->flags = flags;
	s->handle = p11.next_session++;
	s->next = p11.sessions;
	p11.sessions = s;
	*phSession = s->handle;
	P11_RETURN(CKR_OK);
}

static void close_session(struct p11_session *s)
{
	struct p11_session **sp;
	struct p11_object **pp = &p11.objects;
	struct p11_token *t = s->tok;
	bool last = true;

	for (int k = 0; k < P11_OP_KINDS; k++)
		if (s->op[k])
			p11_op_free(s->op[k]);
	while (*pp) {
		struct p11_object *o = *pp;

		if (o->owner == s) {
			*pp = o->next;
			p11_object_free(o);
			continue;
		}
		pp = &o->next;
	}
	for (sp = &p11.sessions; *sp; sp = &(*sp)->next) {
		if (*sp == s) {
			*sp = s->next;
			break;
		}
	}
	free(s->found);
	free(s);
	for (struct p11_session *x = p11.sessions; x; x = x->next)
		if (x->tok == t)
			last = false;
	if (last)
		p11_pin_logout(t);
}

P11_EXPORT CK_RV C_CloseSession(CK_SESSION_HANDLE hSession)
{
	struct p11_session *s;

	P11_ENTER();
	s = p11_session_get(hSession);
	if (!s)
		P11_RETURN(CKR_SESSION_HANDLE_INVALID);
	close_session(s);
	P11_RETURN(CKR_OK);
}

P11_EXPORT CK_RV C_CloseAllSessions(CK_SLOT_ID slotID)
{
	struct p11_token *t;
	struct p11_session *s, *next;

	P11_ENTER();
	t = p11_token_of_slot(slotID);
	if (!t)
		P11_RETURN(CKR_SLOT_ID_INVALID);
	for (s = p11.sessions; s; s = next) {
		next = s->next;
		if (s->tok == t)
			close_session(s);
	}
	P11_RETURN(CKR_OK);
}

P11_EXPORT CK_RV C_GetSessionInfo(CK_SESSION_HANDLE hSession,
				  CK_SESSION_INFO_PTR pInfo)
{
	struct p11_session *s;

	P11_ENTER();
	if (!pInfo)
		P11_RETURN(CKR_ARGUMENTS_BAD);
	s = p11_session_get(hSession);
	if (!s)
		P11_RETURN(CKR_SESSION_HANDLE_INVALID);
	memset(pInfo, 0, sizeof(*pInfo));
	pInfo->slotID = s->tok->slot;
	pInfo->state = p11_session_state(s);
	pInfo->flags = s->flags;
	P11_RETURN(CKR_OK);
}

P11_EXPORT CK_RV C_SessionCancel(CK_SESSION_HANDLE hSession, CK_FLAGS flags)
{
	static const struct { CK_FLAGS f; enum p11_op_kind k; } map[] = {
		{ CKF_ENCRYPT, P11_OP_ENCRYPT }, { CKF_DECRYPT, P11_OP_DECRYPT },
		{ CKF_DIGEST, P11_OP_DIGEST }, { CKF_SIGN, P11_OP_SIGN },
		{ CKF_VERIFY, P11_OP_VERIFY },
	};
	struct p11_session *s;

	P11_ENTER();
	s = p11_session_get(hSession);
	if (!s)
		P11_RETURN(CKR_SESSION_HANDLE_INVALID);
	for (size_t i = 0; i < P11_ARRAY_SIZE(map); i++) {
		if (!(flags & map[i].f) || !s->op[map[i].k])
			continue;
		p11_op_free(s->op[map[i].k]);
		s->op[map[i].k] = NULL;
	}
	if (flags & CKF_FIND_OBJECTS) {
		free(s->found);
		s->found = NULL;
		s->finding = false;
	}
	P11_RETURN(CKR_OK);
}

/* The kernel's RNG, through getrandom(2): the same generator ncr keys come
 * from. */
P11_EXPORT CK_RV C_GenerateRandom(CK_SESSION_HANDLE hSession,
				  CK_BYTE_PTR RandomData, CK_ULONG ulRandomLen)
{
	CK_ULONG off = 0;

	P11_ENTER();
	if (!p11_session_get(hSession))
		P11_RETURN(CKR_SESSION_HANDLE_INVALID);
	if (!RandomData && ulRandomLen)
		P11_RETURN(CKR_ARGUMENTS_BAD);
	while (off < ulRandomLen) {
		ssize_t r = getrandom(RandomData + off, ulRandomLen - off, 0);

		if (r < 0)
			P11_RETURN(CKR_DEVICE_ERROR);
		off += r;
	}
	P11_RETURN(CKR_OK);
}

/* The kernel's generator cannot be seeded by a caller (writes to
 * /dev/random add entropy only with CAP_SYS_ADMIN's ioctl):
 * CKR_RANDOM_SEED_NOT_SUPPORTED, as the spec says for such a token. */
P11_EXPORT CK_RV C_SeedRandom(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSeed,
			      CK_ULONG ulSeedLen)
{
	P11_ENTER();
	if (!p11_session_get(hSession))
		P11_RETURN(CKR_SESSION_HANDLE_INVALID);
	if (!pSeed && ulSeedLen)
		P11_RETURN(CKR_ARGUMENTS_BAD);
	P11_RETURN(CKR_RANDOM_SEED_NOT_SUPPORTED);
}

/* ---------------------------------------------- not offered by this token
 * Operation state would carry kernel handles between processes: not
 * supported.  Legacy parallel functions: CKR_FUNCTION_NOT_PARALLEL.
 * Recover, dual-function and message-based operations: not supported
 * (none of the mechanisms offered needs them). */
#define SESSION_NOT_SUPPORTED(hs) do {			\
		P11_ENTER();				\
		if (!p11_session_get(hs))		\
			P11_RETURN(CKR_SESSION_HANDLE_INVALID); \
		P11_RETURN(CKR_FUNCTION_NOT_SUPPORTED);	\
	} while (0)

P11_EXPORT CK_RV C_GetOperationState(CK_SESSION_HANDLE h, CK_BYTE_PTR p,
				     CK_ULONG_PTR l)
{
	(void)p; (void)l;
	SESSION_NOT_SUPPORTED(h);
}

P11_EXPORT CK_RV C_SetOperationState(CK_SESSION_HANDLE h, CK_BYTE_PTR p,
				     CK_ULONG l, CK_OBJECT_HANDLE e,
				     CK_OBJECT_HANDLE a)
{
	(void)p; (void)l; (void)e; (void)a;
	SESSION_NOT_SUPPORTED(h);
}

P11_EXPORT CK_RV C_GetFunctionStatus(CK_SESSION_HANDLE h)
{
	P11_ENTER();
	if (!p11_session_get(h))
		P11_RETURN(CKR_SESSION_HANDLE_INVALID);
	P11_RETURN(CKR_FUNCTION_NOT_PARALLEL);
}

P11_EXPORT CK_RV C_CancelFunction(CK_SESSION_HANDLE h)
{
	P11_ENTER();
	if (!p11_session_get(h))
		P11_RETURN(CKR_SESSION_HANDLE_INVALID);
	P11_RETURN(CKR_FUNCTION_NOT_PARALLEL);
}

P11_EXPORT CK_RV C_SignRecoverInit(CK_SESSION_HANDLE h, CK_MECHANISM_PTR m,
				   CK_OBJECT_HANDLE k)
{
	(void)m; (void)k;
	SESSION_NOT_SUPPORTED(h);
}

P11_EXPORT CK_RV C_SignRecover(CK_SESSION_HANDLE h, CK_BYTE_PTR d,
			       CK_ULONG dl, CK_BYTE_PTR s, CK_ULONG_PTR sl)
{
	(void)d; (void)dl; (void)s; (void)sl;
	SESSION_NOT_SUPPORTED(h);
}

P11_EXPORT CK_RV C_VerifyRecoverInit(CK_SESSION_HANDLE h, CK_MECHANISM_PTR m,
				     CK_OBJECT_HANDLE k)
{
	(void)m; (void)k;
	SESSION_NOT_SUPPORTED(h);
}

P11_EXPORT CK_RV C_VerifyRecover(CK_SESSION_HANDLE h, CK_BYTE_PTR s,
				 CK_ULONG sl, CK_BYTE_PTR d, CK_ULONG_PTR dl)
{
	(void)s; (void)sl; (void)d; (void)dl;
	SESSION_NOT_SUPPORTED(h);
}

#define DUAL(name)							\
P11_EXPORT CK_RV name(CK_SESSION_HANDLE h, CK_BYTE_PTR i, CK_ULONG il,	\
		      CK_BYTE_PTR o, CK_ULONG_PTR ol)			\
{									\
	(void)i; (void)il; (void)o; (void)ol;				\
	SESSION_NOT_SUPPORTED(h);					\
}
DUAL(C_DigestEncryptUpdate)
DUAL(C_DecryptDigestUpdate)
DUAL(C_SignEncryptUpdate)
DUAL(C_DecryptVerifyUpdate)

#define MSG_INIT(name)							\
P11_EXPORT CK_RV name(CK_SESSION_HANDLE h, CK_MECHANISM_PTR m,		\
		      CK_OBJECT_HANDLE k)				\
{									\
	(void)m; (void)k;						\
	SESSION_NOT_SUPPORTED(h);					\
}
MSG_INIT(C_MessageEncryptInit)
MSG_INIT(C_MessageDecryptInit)
MSG_INIT(C_MessageSignInit)
MSG_INIT(C_MessageVerifyInit)

#define MSG_FINAL(name)							\
P11_EXPORT CK_RV name(CK_SESSION_HANDLE h)				\
{									\
	SESSION_NOT_SUPPORTED(h);					\
}
MSG_FINAL(C_MessageEncryptFinal)
MSG_FINAL(C_MessageDecryptFinal)
MSG_FINAL(C_MessageSignFinal)
MSG_FINAL(C_MessageVerifyFinal)

P11_EXPORT CK_RV C_EncryptMessage(CK_SESSION_HANDLE h, CK_VOID_PTR p,
				  CK_ULONG pl, CK_BYTE_PTR a, CK_ULONG al,
				  CK_BYTE_PTR in, CK_ULONG il, CK_BYTE_PTR out,
				  CK_ULONG_PTR ol)
{
	(void)p; (void)pl; (void)a; (void)al; (void)in; (void)il; (void)out;
	(void)ol;
	SESSION_NOT_SUPPORTED(h);
}

P11_EXPORT CK_RV C_DecryptMessage(CK_SESSION_HANDLE h, CK_VOID_PTR p,
				  CK_ULONG pl, CK_BYTE_PTR a, CK_ULONG al,
				  CK_BYTE_PTR in, CK_ULONG il, CK_BYTE_PTR out,
				  CK_ULONG_PTR ol)
{
	(void)p; (void)pl; (void)a; (void)al; (void)in; (void)il; (void)out;
	(void)ol;
	SESSION_NOT_SUPPORTED(h);
}

#define MSG_BEGIN(name)							\
P11_EXPORT CK_RV name(CK_SESSION_HANDLE h, CK_VOID_PTR p, CK_ULONG pl,	\
		      CK_BYTE_PTR a, CK_ULONG al)			\
{									\
	(void)p; (void)pl; (void)a; (void)al;				\
	SESSION_NOT_SUPPORTED(h);					\
}
MSG_BEGIN(C_EncryptMessageBegin)
MSG_BEGIN(C_DecryptMessageBegin)

#define MSG_NEXT(name)							\
P11_EXPORT CK_RV name(CK_SESSION_HANDLE h, CK_VOID_PTR p, CK_ULONG pl,	\
		      CK_BYTE_PTR in, CK_ULONG il, CK_BYTE_PTR out,	\
		      CK_ULONG_PTR ol, CK_FLAGS f)			\
{									\
	(void)p; (void)pl; (void)in; (void)il; (void)out; (void)ol;	\
	(void)f;							\
	SESSION_NOT_SUPPORTED(h);					\
}
MSG_NEXT(C_EncryptMessageNext)
MSG_NEXT(C_DecryptMessageNext)

P11_EXPORT CK_RV C_SignMessage(CK_SESSION_HANDLE h, CK_VOID_PTR p,
			       CK_ULONG pl, CK_BYTE_PTR d, CK_ULONG dl,
			       CK_BYTE_PTR s, CK_ULONG_PTR sl)
{
	(void)p; (void)pl; (void)d; (void)dl; (void)s; (void)sl;
	SESSION_NOT_SUPPORTED(h);
}

P11_EXPORT CK_RV C_VerifyMessage(CK_SESSION_HANDLE h, CK_VOID_PTR p,
				 CK_ULONG pl, CK_BYTE_PTR d, CK_ULONG dl,
				 CK_BYTE_PTR s, CK_ULONG sl)
{
	(void)p; (void)pl; (void)d; (void)dl; (void)s; (void)sl;
	SESSION_NOT_SUPPORTED(h);
}

P11_EXPORT CK_RV C_SignMessageBegin(CK_SESSION_HANDLE h, CK_VOID_PTR p,
				    CK_ULONG pl)
{
	(void)p; (void)pl;
	SESSION_NOT_SUPPORTED(h);
}

P11_EXPORT CK_RV C_VerifyMessageBegin(CK_SESSION_HANDLE h, CK_VOID_PTR p,
				      CK_ULONG pl)
{
	(void)p; (void)pl;
	SESSION_NOT_SUPPORTED(h);
}

P11_EXPORT CK_RV C_SignMessageNext(CK_SESSION_HANDLE h, CK_VOID_PTR p,
				   CK_ULONG pl, CK_BYTE_PTR d, CK_ULONG dl,
				   CK_BYTE_PTR s, CK_ULONG_PTR sl)
{
	(void)p; (void)pl; (void)d; (void)dl; (void)s; (void)sl;
	SESSION_NOT_SUPPORTED(h);
}

P11_EXPORT CK_RV C_VerifyMessageNext(CK_SESSION_HANDLE h, CK_VOID_PTR p,
				     CK_ULONG pl, CK_BYTE_PTR d, CK_ULONG dl,
				     CK_BYTE_PTR s, CK_ULONG sl)
{
	(void)p; (void)pl; (void)d; (void)dl; (void)s; (void)sl;
	SESSION_NOT_SUPPORTED(h);
}
