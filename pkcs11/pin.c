// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pin.c - the token key and the PINs: C_InitPIN, C_SetPIN, C_Login,
 * C_LoginUser, C_Logout, and the PIN half of C_InitToken.
 *
 * Each token has a token key T: AES-256, made by the kernel at
 * C_InitToken, never exportable nor wrappable, only STORABLE.  Its storage
 * blob (sealed by the kernel under the system master key) is kept in the
 * token file once per role, encrypted with AES-256-GCM under a key the
 * kernel derives from that role's PIN:
 *
 *   K_role = PBKDF2-HMAC-SHA512(PIN, salt, iterations)   (NCRIO_KEY_KDF)
 *   record = salt | iterations | iv | GCM(K_role, blob(T), aad) | failures
 *
 * K_role and T exist only as kernel key handles: the module sees the PIN
 * (the caller hands it over) and T's blob (useless without this machine's
 * master key, and only ever in memory while it is being re-sealed), never
 * a key's bytes.  A wrong PIN fails the GCM tag: CKR_PIN_INCORRECT.
 * Logging in loads T; private objects (store.c) are sealed under T, so a
 * copy of the token directory, even on this machine, opens no private
 * object without the user PIN (or the SO PIN, which can set a new user
 * PIN: C_InitPIN keeps T and the objects).
 *
 * Retry counter: each failed login adds one to the role's counter in the
 * token file (written before the answer is returned); a good PIN resets
 * it.  After P11_PIN_TRIES failures the role is locked (CKR_PIN_LOCKED,
 * CKF_*_PIN_LOCKED); a locked user PIN is reset by the SO (C_InitPIN), a
 * locked SO PIN only by re-creating the token.  CKF_*_PIN_COUNT_LOW once
 * a failure is recorded, CKF_*_PIN_FINAL_TRY when one try is left.  The
 * counter lives in the file, so whoever can write the token directory can
 * reset it: it limits guessing through the module, and PBKDF2's cost
 * limits guessing through the kernel directly.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "p11.h"

#define PIN_DEFAULT_ITERATIONS	210000	/* PBKDF2-HMAC-SHA512, OWASP 2023 */

static const char pin_aad[] = "ncr-pkcs11 pin v1";

/* Iterations for new PIN records: $NCR_PKCS11_PBKDF2_ITERATIONS (1000 to
 * NCR_PBKDF2_ITERATIONS_MAX; tests use few) or the default. */
static uint32_t new_iterations(void)
{
	const char *e = getenv("NCR_PKCS11_PBKDF2_ITERATIONS");
	unsigned long v;

	if (!e || !*e)
		return PIN_DEFAULT_ITERATIONS;
	v = strtoul(e, NULL, 10);
	if (v < 1000)
		v = 1000;
	if (v > NCR_PBKDF2_ITERATIONS_MAX)
		v = NCR_PBKDF2_ITERATIONS_MAX;
	return v;
}

static CK_RV check_pin_len(CK_ULONG len)
{
	if (len < P11_PIN_MIN || len > P11_PIN_MAX)
		return CKR_PIN_LEN_RANGE;
	return CKR_OK;
}

/* K_role in the kernel, from the PIN and the record's salt/iterations. */
static CK_RV pin_key(const struct p11_pinrec *r, const uint8_t *pin,
		     size_t len, uint32_t *k)
{
	struct ncr_kdf_params kp = {
		.salt = r->salt, .salt_len = sizeof(r->salt),
		.password = pin, .password_len = len,
		.iterations = r->iterations,
	};
	struct ncr_key_policy pol = {
		.usage = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
		.algs = NCR_KEY_ALG_AES_GCM,
	};
	int err = ncr_key_kdf(p11.fd, NCR_ALG_PBKDF2_SHA512, 0, &kp,
			      NCR_KEY_TYPE_AES, 32, &pol, k);

	return err ? p11_rv(err) : CKR_OK;
}

/* Opens a role's record with pin: T's handle in *T.  CKR_PIN_INCORRECT
 * if the tag fails. */
static CK_RV open_record(const struct p11_pinrec *r, const uint8_t *pin,
			 size_t len, uint32_t *T)
{
	uint8_t blob[NCR_STORAGE_BLOB_MAX];
	size_t blen;
	uint32_t k;
	CK_RV rv;
	int err;

	if (!r->set || r->sealed_len <= 16 ||
	    r->sealed_len - 16 > sizeof(blob))
		return CKR_DEVICE_ERROR;
	rv = pin_key(r, pin, len, &k);
	if (rv != CKR_OK)
		return rv;
	blen = r->sealed_len - 16;
	err = ncr_aead_decrypt(p11.fd, NCR_ALG_AES_GCM, k, r->iv, 12,
			       pin_aad, sizeof(pin_aad), r->sealed, blen,
			       blob, r->sealed + blen, 16);
	ncr_key_deinit(p11.fd, k);
	if (err == -EBADMSG)
		return CKR_PIN_INCORRECT;
	if (err)
		return p11_rv(err);
	err = ncr_key_storage_unwrap(p11.fd, blob, blen, T);
	p11_wipe(blob, sizeof(blob));
	if (err == -ENOKEY) {
		p11_log("the ncr master key is not set: the token key cannot "
			"be loaded");
		return CKR_DEVICE_ERROR;
	}
	return err ? p11_rv(err) : CKR_OK;
}

/* A new record for role sealing T under pin (fresh salt and iv). */
static CK_RV seal_record(struct p11_pinrec *r, const uint8_t *pin,
			 size_t len, uint32_t T)
{
	uint8_t blob[NCR_STORAGE_BLOB_MAX];
	size_t blen = sizeof(blob);
	struct p11_pinrec n = { .set = true };
	uint32_t k;
	CK_RV rv;
	int err;

	n.iterations = new_iterations();
	if (getrandom(n.salt, sizeof(n.salt), 0) != sizeof(n.salt) ||
	    getrandom(n.iv, sizeof(n.iv), 0) != sizeof(n.iv))
		return CKR_DEVICE_ERROR;
	err = ncr_key_storage_wrap(p11.fd, T, blob, &blen);
	if (err)
		return p11_rv(err);
	rv = pin_key(&n, pin, len, &k);
	if (rv != CKR_OK)
		goto wipe_blob;
	rv = CKR_HOST_MEMORY;
	n.sealed = malloc(blen + 16);
	if (!n.sealed)
		goto free_k;
	n.sealed_len = blen + 16;
	err = ncr_aead_encrypt(p11.fd, NCR_ALG_AES_GCM, k, n.iv, 12, pin_aad,
			       sizeof(pin_aad), blob, blen, n.sealed,
			       n.sealed + blen, 16);
	if (err) {
		free(n.sealed);
		rv = p11_rv(err);
		goto free_k;
	}
	free(r->sealed);
	*r = n;
	rv = CKR_OK;
free_k:
	ncr_key_deinit(p11.fd, k);
wipe_blob:
	p11_wipe(blob, sizeof(blob));
	return rv;
}

static CK_RV new_token_key(uint32_t *T)
{
	struct ncr_key_policy pol = {
		.flags = NCR_KEY_FLAG_STORABLE,
		.usage = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
		.algs = NCR_KEY_ALG_AES_GCM,
	};
	int err = ncr_key_generate_ex(p11.fd, NCR_KEY_TYPE_AES, 256, &pol, T);

	return err ? p11_rv(err) : CKR_OK;
}

bool p11_user_logged_in(const struct p11_token *t)
{
	return t->login == CKU_USER && t->token_key;
}

/* Forgets the login: T goes, and with it every private object's handle
 * (the spec: they become invalid, even after a new login). */
static void logout(struct p11_token *t)
{
	struct p11_object **pp = &p11.objects;

	if (t->token_key)
		ncr_key_deinit(p11.fd, t->token_key);
	t->token_key = 0;
	t->login = (CK_USER_TYPE)-1;
	while (*pp) {
		struct p11_object *o = *pp;

		if ((o->tok == t || (o->owner && o->owner->tok == t)) &&
		    o->priv) {
			*pp = o->next;
			p11_object_free(o);
			continue;
		}
		pp = &o->next;
	}
}

CK_RV p11_pin_init_token(struct p11_token *t, const uint8_t *so_pin,
			 size_t len, const char *label)
{
	uint32_t T;
	CK_RV rv;

	rv = check_pin_len(len);
	if (rv != CKR_OK)
		return rv;
	rv = new_token_key(&T);
	if (rv != CKR_OK)
		return rv;
	free(t->user.sealed);
	memset(&t->user, 0, sizeof(t->user));
	rv = seal_record(&t->so, so_pin, len, T);
	ncr_key_deinit(p11.fd, T);
	if (rv != CKR_OK)
		return rv;
	p11_pad((CK_UTF8CHAR *)t->label, 32, label);
	t->label[32] = 0;
	return CKR_OK;
}

/* Checks a PIN against a role's record under the token's exclusive lock,
 * counting failures; on success *T is the token key. */
static CK_RV verify_pin(struct p11_token *t, CK_USER_TYPE who,
			const uint8_t *pin, size_t len, uint32_t *T)
{
	struct p11_pinrec *r;
	CK_RV rv;
	int lk = p11_token_lock(t, true);

	if (lk < 0)
		return CKR_DEVICE_ERROR;
	rv = p11_token_load_locked(t);
	if (rv != CKR_OK)
		goto unlock;
	if (!t->initialized) {
		rv = CKR_TOKEN_NOT_RECOGNIZED;
		goto unlock;
	}
	r = who == CKU_SO ? &t->so : &t->user;
	if (!r->set) {
		rv = CKR_USER_PIN_NOT_INITIALIZED;
		goto unlock;
	}
	if (r->failures >= P11_PIN_TRIES) {
		rv = CKR_PIN_LOCKED;
		goto unlock;
	}
	rv = open_record(r, pin, len, T);
	if (rv == CKR_PIN_INCORRECT) {
		r->failures++;
		if (p11_token_save(t) != CKR_OK)
			rv = CKR_DEVICE_ERROR;
		else if (r->failures >= P11_PIN_TRIES)
			rv = CKR_PIN_LOCKED;
	} else if (rv == CKR_OK && r->failures) {
		r->failures = 0;
		rv = p11_token_save(t);
		if (rv != CKR_OK) {
			ncr_key_deinit(p11.fd, *T);
			*T = 0;
		}
	}
unlock:
	p11_token_unlock(lk);
	return rv;
}

/* C_InitToken on an initialised token: the SO PIN, counted like a
 * login. */
CK_RV p11_pin_verify_so(struct p11_token *t, const uint8_t *pin, size_t len)
{
	uint32_t T = 0;
	CK_RV rv;

	if (check_pin_len(len) != CKR_OK)
		return CKR_PIN_INCORRECT;
	rv = verify_pin(t, CKU_SO, pin, len, &T);
	if (rv == CKR_OK)
		ncr_key_deinit(p11.fd, T);
	return rv;
}

static CK_RV login(CK_SESSION_HANDLE hSession, CK_USER_TYPE userType,
		   CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen)
{
	struct p11_session *s = p11_session_get(hSession), *x;
	struct p11_token *t;
	uint32_t T;
	CK_RV rv;

	if (!s)
		return CKR_SESSION_HANDLE_INVALID;
	t = s->tok;
	if (userType != CKU_SO && userType != CKU_USER &&
	    userType != CKU_CONTEXT_SPECIFIC)
		return CKR_USER_TYPE_INVALID;
	if (userType == CKU_CONTEXT_SPECIFIC)	/* no key needs it */
		return t->login == CKU_USER ? CKR_OPERATION_NOT_INITIALIZED
					    : CKR_USER_NOT_LOGGED_IN;
	if (!pPin && ulPinLen)
		return CKR_ARGUMENTS_BAD;
	if ((CK_LONG)t->login == (CK_LONG)userType)
		return CKR_USER_ALREADY_LOGGED_IN;
	if (t->login == CKU_SO || t->login == CKU_USER)
		return CKR_USER_ANOTHER_ALREADY_LOGGED_IN;
	if (userType == CKU_SO)
		for (x = p11.sessions; x; x = x->next)
			if (x->tok == t && !(x->flags & CKF_RW_SESSION))
				return CKR_SESSION_READ_ONLY_EXISTS;
	rv = check_pin_len(ulPinLen);
	if (rv != CKR_OK)
		return rv == CKR_PIN_LEN_RANGE ? CKR_PIN_INCORRECT : rv;
	rv = verify_pin(t, userType, pPin, ulPinLen, &T);
	if (rv != CKR_OK)
		return rv;
	t->token_key = T;
	t->login = userType;
	if (userType == CKU_USER)
		p11_store_scan(t);	/* open the private objects */
	return CKR_OK;
}

P11_EXPORT CK_RV C_Login(CK_SESSION_HANDLE hSession, CK_USER_TYPE userType,
			 CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen)
{
	P11_ENTER();
	P11_RETURN(login(hSession, userType, pPin, ulPinLen));
}

P11_EXPORT CK_RV C_LoginUser(CK_SESSION_HANDLE hSession,
			     CK_USER_TYPE userType, CK_UTF8CHAR_PTR pPin,
			     CK_ULONG ulPinLen, CK_UTF8CHAR_PTR pUsername,
			     CK_ULONG ulUsernameLen)
{
	(void)pUsername;
	/* one user per token: a user name is not supported */
	if (ulUsernameLen)
		return CKR_ARGUMENTS_BAD;
	return C_Login(hSession, userType, pPin, ulPinLen);
}

P11_EXPORT CK_RV C_Logout(CK_SESSION_HANDLE hSession)
{
	struct p11_session *s;

	P11_ENTER();
	s = p11_session_get(hSession);
	if (!s)
		P11_RETURN(CKR_SESSION_HANDLE_INVALID);
	if (s->tok->login != CKU_SO && s->tok->login != CKU_USER)
		P11_RETURN(CKR_USER_NOT_LOGGED_IN);
	logout(s->tok);
	P11_RETURN(CKR_OK);
}

void p11_pin_logout(struct p11_token *t)
{
	if (t->login == CKU_SO || t->login == CKU_USER || t->token_key)
		logout(t);
}

P11_EXPORT CK_RV C_InitPIN(CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pPin,
			   CK_ULONG ulPinLen)
{
	struct p11_session *s;
	struct p11_token *t;
	CK_RV rv;
	int lk;

	P11_ENTER();
	s = p11_session_get(hSession);
	if (!s)
		P11_RETURN(CKR_SESSION_HANDLE_INVALID);
	t = s->tok;
	if (t->login != CKU_SO)
		P11_RETURN(CKR_USER_NOT_LOGGED_IN);
	if (!(s->flags & CKF_RW_SESSION))
		P11_RETURN(CKR_SESSION_READ_ONLY);
	if (!pPin && ulPinLen)
		P11_RETURN(CKR_ARGUMENTS_BAD);
	rv = check_pin_len(ulPinLen);
	if (rv != CKR_OK)
		P11_RETURN(rv);
	lk = p11_token_lock(t, true);
	if (lk < 0)
		P11_RETURN(CKR_DEVICE_ERROR);
	rv = p11_token_load_locked(t);
	if (rv == CKR_OK)
		rv = seal_record(&t->user, pPin, ulPinLen, t->token_key);
	if (rv == CKR_OK)
		rv = p11_token_save(t);
	p11_token_unlock(lk);
	P11_RETURN(rv);
}

P11_EXPORT CK_RV C_SetPIN(CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pOldPin,
			  CK_ULONG ulOldLen, CK_UTF8CHAR_PTR pNewPin,
			  CK_ULONG ulNewLen)
{
	struct p11_session *s;
	struct p11_token *t;
	CK_USER_TYPE who;
	uint32_t T = 0;
	CK_RV rv;
	int lk;

	P11_ENTER();
	s = p11_session_get(hSession);
	if (!s)
		P11_RETURN(CKR_SESSION_HANDLE_INVALID);
	t = s->tok;
	if (!(s->flags & CKF_RW_SESSION))
		P11_RETURN(CKR_SESSION_READ_ONLY);
	if ((!pOldPin && ulOldLen) || (!pNewPin && ulNewLen))
		P11_RETURN(CKR_ARGUMENTS_BAD);
	rv = check_pin_len(ulNewLen);
	if (rv != CKR_OK)
		P11_RETURN(rv);
	who = t->login == CKU_SO ? CKU_SO : CKU_USER;
	if (check_pin_len(ulOldLen) != CKR_OK)
		P11_RETURN(CKR_PIN_INCORRECT);
	/* the old PIN is checked even when logged in: whoever holds the
	 * session must still know it */
	rv = verify_pin(t, who, pOldPin, ulOldLen, &T);
	if (rv != CKR_OK)
		P11_RETURN(rv);
	lk = p11_token_lock(t, true);
	if (lk < 0) {
		rv = CKR_DEVICE_ERROR;
		goto free_T;
	}
	rv = p11_token_load_locked(t);
	if (rv == CKR_OK)
		rv = seal_record(who == CKU_SO ? &t->so : &t->user, pNewPin,
				 ulNewLen, T);
	if (rv == CKR_OK)
		rv = p11_token_save(t);
	p11_token_unlock(lk);
free_T:
	ncr_key_deinit(p11.fd, T);
	P11_RETURN(rv);
}
