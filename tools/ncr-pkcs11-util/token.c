// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * token.c - tokens and PINs: init-token (a new token on the free slot,
 * or re-initialisation of the one --slot/--token names, which needs its
 * SO PIN and erases every object), init-pin (the SO sets the user PIN,
 * also the way out of a locked user PIN), set-pin (the user's or, with
 * --so, the SO's own PIN), and list (the module, its slots and tokens,
 * their flags and the state of both PINs' retry counters).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const struct {
	CK_FLAGS f;
	const char *name;
} token_flags[] = {
	{ CKF_RNG, "rng" },
	{ CKF_WRITE_PROTECTED, "write-protected" },
	{ CKF_LOGIN_REQUIRED, "login-required" },
	{ CKF_USER_PIN_INITIALIZED, "user-pin-initialized" },
	{ CKF_RESTORE_KEY_NOT_NEEDED, "restore-key-not-needed" },
	{ CKF_CLOCK_ON_TOKEN, "clock-on-token" },
	{ CKF_PROTECTED_AUTHENTICATION_PATH, "protected-authentication-path" },
	{ CKF_DUAL_CRYPTO_OPERATIONS, "dual-crypto-operations" },
	{ CKF_TOKEN_INITIALIZED, "token-initialized" },
	{ CKF_SECONDARY_AUTHENTICATION, "secondary-authentication" },
	{ CKF_USER_PIN_COUNT_LOW, "user-pin-count-low" },
	{ CKF_USER_PIN_FINAL_TRY, "user-pin-final-try" },
	{ CKF_USER_PIN_LOCKED, "user-pin-locked" },
	{ CKF_USER_PIN_TO_BE_CHANGED, "user-pin-to-be-changed" },
	{ CKF_SO_PIN_COUNT_LOW, "so-pin-count-low" },
	{ CKF_SO_PIN_FINAL_TRY, "so-pin-final-try" },
	{ CKF_SO_PIN_LOCKED, "so-pin-locked" },
	{ CKF_SO_PIN_TO_BE_CHANGED, "so-pin-to-be-changed" },
	{ CKF_ERROR_STATE, "error-state" },
};

/* The slots, all of them or only those with a token. */
static CK_RV slot_list(bool present, CK_SLOT_ID **slots, CK_ULONG *n)
{
	CK_RV rv;

	*slots = NULL;
	*n = 0;
	rv = p11f->C_GetSlotList(present, NULL, n);
	if (rv != CKR_OK || !*n)
		return rv;
	*slots = calloc(*n, sizeof(**slots));
	if (!*slots)
		return CKR_HOST_MEMORY;
	rv = p11f->C_GetSlotList(present, *slots, n);
	if (rv != CKR_OK) {
		free(*slots);
		*slots = NULL;
	}
	return rv;
}

/* --label for a token: at most 32 bytes, padded with blanks. */
static int token_label(const char *l, CK_UTF8CHAR out[32])
{
	size_t n = strlen(l);

	if (!n || n > 32) {
		msg("a token label has 1 to 32 bytes (\"%s\")", l);
		return EXIT_USAGE;
	}
	memset(out, ' ', 32);
	memcpy(out, l, n);
	return 0;
}

int cmd_init_token(struct opts *o)
{
	CK_SLOT_ID *slots = NULL, slot = 0;
	CK_ULONG n = 0;
	CK_TOKEN_INFO ti;
	CK_UTF8CHAR label[32];
	char *so_pin = NULL, name[33], serial[17];
	bool reinit = false, found = false;
	CK_RV rv;
	int rc;

	if (!o->label) {
		msg("init-token needs --label LABEL");
		return EXIT_USAGE;
	}
	rc = token_label(o->label, label);
	if (rc)
		return rc;
	rc = start(o);
	if (rc)
		return rc;
	if (o->token || o->slot >= 0) {
		rc = find_token(o, &slot);
		if (rc)
			return rc;
		rv = p11f->C_GetTokenInfo(slot, &ti);
		if (rv != CKR_OK)
			return p11_fail("C_GetTokenInfo", rv);
		reinit = ti.flags & CKF_TOKEN_INITIALIZED;
		found = true;
	}
	/* a new token: the first slot whose token is not initialised; and
	 * no other token may have the label (--token could not tell them
	 * apart) */
	rv = slot_list(true, &slots, &n);
	if (rv != CKR_OK)
		return p11_fail("C_GetSlotList", rv);
	for (CK_ULONG i = 0; i < n; i++) {
		if (p11f->C_GetTokenInfo(slots[i], &ti) != CKR_OK)
			continue;
		if (!(ti.flags & CKF_TOKEN_INITIALIZED)) {
			if (!found) {
				slot = slots[i];
				found = true;
			}
			continue;
		}
		p11_str(name, ti.label, sizeof(ti.label));
		if (!strcmp(name, o->label) && !(reinit && slots[i] == slot)) {
			msg("token %lu is labelled \"%s\" already",
			    (unsigned long)slots[i], o->label);
			free(slots);
			return EXIT_USAGE;
		}
	}
	free(slots);
	if (!found) {
		msg("no free slot to make a token in");
		return EXIT_P11;
	}
	rc = get_pin(o->so_pin, o->so_pin_file, "NCR_PKCS11_SO_PIN",
		     reinit ? "SO PIN of the token" : "new SO PIN", !reinit,
		     &so_pin);
	if (rc)
		return rc;
	rv = p11f->C_InitToken(slot, (CK_UTF8CHAR_PTR)so_pin, strlen(so_pin),
			       label);
	pin_free(so_pin);
	if (rv != CKR_OK)
		return p11_fail("C_InitToken", rv);
	serial[0] = 0;
	if (p11f->C_GetTokenInfo(slot, &ti) == CKR_OK)
		p11_str(serial, ti.serialNumber, sizeof(ti.serialNumber));
	printf("%s token \"%s\" in slot %lu, serial %s\n",
	       reinit ? "re-initialised" : "initialised", o->label,
	       (unsigned long)slot, serial[0] ? serial : "?");
	if (!reinit || !(ti.flags & CKF_USER_PIN_INITIALIZED))
		printf("next: ncr-pkcs11-util init-pin --token '%s' "
		       "(sets the user PIN)\n", o->label);
	return 0;
}

int cmd_init_pin(struct opts *o)
{
	CK_SESSION_HANDLE s;
	CK_SLOT_ID slot;
	char *so_pin = NULL, *pin = NULL;
	CK_RV rv;
	int rc;

	rc = start(o);
	if (!rc)
		rc = find_token(o, &slot);
	if (!rc)
		rc = get_pin(o->so_pin, o->so_pin_file, "NCR_PKCS11_SO_PIN",
			     "SO PIN", false, &so_pin);
	if (!rc)
		rc = get_pin(o->pin, o->pin_file, "NCR_PKCS11_PIN",
			     "new user PIN", true, &pin);
	if (!rc)
		rc = open_session(slot, true, &s);
	if (rc)
		goto out;
	rc = login(s, CKU_SO, so_pin);
	if (!rc) {
		rv = p11f->C_InitPIN(s, (CK_UTF8CHAR_PTR)pin, strlen(pin));
		rc = rv == CKR_OK ? 0 : p11_fail("C_InitPIN", rv);
		p11f->C_Logout(s);
	}
	p11f->C_CloseSession(s);
	if (!rc)
		printf("user PIN set\n");
out:
	pin_free(so_pin);
	pin_free(pin);
	return rc;
}

int cmd_set_pin(struct opts *o)
{
	CK_SESSION_HANDLE s;
	CK_SLOT_ID slot;
	char *old = NULL, *new = NULL;
	CK_RV rv;
	int rc;

	rc = start(o);
	if (!rc)
		rc = find_token(o, &slot);
	if (!rc)
		rc = get_pin(o->old_pin, o->old_pin_file,
			     o->so ? "NCR_PKCS11_SO_PIN" : "NCR_PKCS11_PIN",
			     o->so ? "current SO PIN" : "current user PIN",
			     false, &old);
	if (!rc)
		rc = get_pin(o->new_pin, o->new_pin_file, NULL,
			     o->so ? "new SO PIN" : "new user PIN", true,
			     &new);
	if (!rc)
		rc = open_session(slot, true, &s);
	if (rc)
		goto out;
	/* logged in first: the PIN changed is the logged-in role's */
	rc = login(s, o->so ? CKU_SO : CKU_USER, old);
	if (!rc) {
		rv = p11f->C_SetPIN(s, (CK_UTF8CHAR_PTR)old, strlen(old),
				    (CK_UTF8CHAR_PTR)new, strlen(new));
		rc = rv == CKR_OK ? 0 : p11_fail("C_SetPIN", rv);
		p11f->C_Logout(s);
	}
	p11f->C_CloseSession(s);
	if (!rc)
		printf("%s PIN changed\n", o->so ? "SO" : "user");
out:
	pin_free(old);
	pin_free(new);
	return rc;
}

static const char *pin_state(CK_FLAGS f, bool user)
{
	CK_FLAGS low = user ? CKF_USER_PIN_COUNT_LOW : CKF_SO_PIN_COUNT_LOW;
	CK_FLAGS final = user ? CKF_USER_PIN_FINAL_TRY : CKF_SO_PIN_FINAL_TRY;
	CK_FLAGS locked = user ? CKF_USER_PIN_LOCKED : CKF_SO_PIN_LOCKED;

	if (user && !(f & CKF_USER_PIN_INITIALIZED))
		return "not set (init-pin)";
	if (f & locked)
		return "LOCKED";
	if (f & final)
		return "final try left (failed logins recorded)";
	if (f & low)
		return "failed logins recorded";
	return "ok";
}

static void print_token(CK_SLOT_ID slot)
{
	CK_TOKEN_INFO ti;
	char label[33], man[33], model[17], serial[17];
	CK_RV rv = p11f->C_GetTokenInfo(slot, &ti);

	if (rv != CKR_OK) {
		printf("  token:         unavailable (%s)\n", ckr_name(rv));
		return;
	}
	p11_str(label, ti.label, sizeof(ti.label));
	p11_str(man, ti.manufacturerID, sizeof(ti.manufacturerID));
	p11_str(model, ti.model, sizeof(ti.model));
	p11_str(serial, ti.serialNumber, sizeof(ti.serialNumber));
	if (!(ti.flags & CKF_TOKEN_INITIALIZED)) {
		printf("  token:         not initialised (init-token makes "
		       "one here)\n");
		return;
	}
	printf("  token label:   %s\n", label);
	printf("  serial:        %s\n", serial);
	printf("  model:         %s (%s)\n", model, man);
	printf("  flags:        ");
	for (size_t i = 0; i < sizeof(token_flags) / sizeof(token_flags[0]);
	     i++)
		if (ti.flags & token_flags[i].f)
			printf(" %s", token_flags[i].name);
	printf("\n");
	printf("  user PIN:      %s\n", pin_state(ti.flags, true));
	printf("  SO PIN:        %s\n", pin_state(ti.flags, false));
	printf("  PIN length:    %lu..%lu\n", (unsigned long)ti.ulMinPinLen,
	       (unsigned long)ti.ulMaxPinLen);
}

int cmd_list(struct opts *o)
{
	CK_INFO info;
	CK_SLOT_INFO si;
	CK_SLOT_ID *slots;
	CK_ULONG n;
	char desc[65], man[33];
	CK_RV rv;
	int rc = start(o);

	if (rc)
		return rc;
	rv = p11f->C_GetInfo(&info);
	if (rv != CKR_OK)
		return p11_fail("C_GetInfo", rv);
	p11_str(desc, info.libraryDescription,
		sizeof(info.libraryDescription));
	p11_str(man, info.manufacturerID, sizeof(info.manufacturerID));
	printf("module: %s\n", o->module);
	printf("  %s (%s), library %u.%u, Cryptoki %u.%u\n", desc, man,
	       info.libraryVersion.major, info.libraryVersion.minor,
	       info.cryptokiVersion.major, info.cryptokiVersion.minor);
	rv = slot_list(false, &slots, &n);
	if (rv != CKR_OK)
		return p11_fail("C_GetSlotList", rv);
	if (!n)
		printf("no slots\n");
	for (CK_ULONG i = 0; i < n; i++) {
		rv = p11f->C_GetSlotInfo(slots[i], &si);
		if (rv != CKR_OK) {
			printf("slot %lu: %s\n", (unsigned long)slots[i],
			       ckr_name(rv));
			continue;
		}
		p11_str(desc, si.slotDescription, sizeof(si.slotDescription));
		printf("slot %lu: %s\n", (unsigned long)slots[i], desc);
		if (si.flags & CKF_TOKEN_PRESENT)
			print_token(slots[i]);
		else
			printf("  token:         none present\n");
	}
	free(slots);
	return 0;
}
