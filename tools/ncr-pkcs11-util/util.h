/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * util.h - ncr-pkcs11-util, the admin tool of ncr-pkcs11.so tokens
 * (doc/ncr-pkcs11-util.1).  It talks to a PKCS #11 module through the
 * standard interface only (C_GetFunctionList), so it works with any
 * module; nothing in it knows how ncr stores a token.
 *
 *   main.c     options, the command table, usage
 *   p11.c      loading the module, CKR_ names, tokens by label or slot,
 *              sessions and logins, object search, attribute reading
 *   pin.c      PINs: --pin, --pin-file, NCR_PKCS11_PIN, or a prompt on
 *              the terminal with echo off; every copy wiped after use
 *   token.c    init-token, init-pin, set-pin, list
 *   objects.c  list-objects, delete, export-pubkey
 *   import.c   import: PEM/DER keys and certificates (OpenSSL libcrypto)
 *              into C_CreateObject templates
 *
 * Exit status: 0 ok, 1 usage or input error (bad arguments, no such
 * token or object, an unreadable file), 2 a PKCS #11 error (its CKR_
 * name is printed).
 */
#ifndef NCR_P11UTIL_H
#define NCR_P11UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <p11-kit/pkcs11.h>

/* PKCS #11 3.0 names older headers lack */
#ifndef CKK_EC_MONTGOMERY
#define CKK_EC_MONTGOMERY		0x00000041UL
#endif
#ifndef CKK_CHACHA20
#define CKK_CHACHA20			0x00000033UL
#endif
#ifndef CKF_ERROR_STATE
#define CKF_ERROR_STATE			0x01000000UL
#endif
#ifndef CKR_TOKEN_RESOURCE_EXCEEDED
#define CKR_TOKEN_RESOURCE_EXCEEDED	0x00000201UL
#endif
#ifndef CKR_OPERATION_CANCEL_FAILED
#define CKR_OPERATION_CANCEL_FAILED	0x00000202UL
#endif

#define EXIT_USAGE	1
#define EXIT_P11	2

#ifndef NCR_PKCS11_DEFAULT_MODULE
#define NCR_PKCS11_DEFAULT_MODULE "/usr/local/lib/pkcs11/ncr-pkcs11.so"
#endif

struct opts {
	const char *cmd;
	const char *module;
	const char *label;		/* object label, or new token label */
	const char *token;		/* token label */
	long slot;			/* -1: none */
	const char *id_hex;
	const char *pin, *pin_file;
	const char *so_pin, *so_pin_file;
	const char *old_pin, *old_pin_file;
	const char *new_pin, *new_pin_file;
	const char *out;
	const char *class_name;		/* delete --class */
	const char *file;		/* import's operand */
	bool so, login, extractable, not_sensitive, no_public;
};

/* ------------------------------------------------------------- p11.c */

extern CK_FUNCTION_LIST_PTR p11f;

const char *ckr_name(CK_RV rv);
/* Prints "ncr-pkcs11-util: WHAT: CKR_..." and returns EXIT_P11. */
int p11_fail(const char *what, CK_RV rv);
void msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* dlopen + C_GetFunctionList + C_Initialize of o->module; 0 or an exit
 * status.  p11_unload: C_Finalize (if loaded) and dlclose. */
int start(const struct opts *o);
void p11_unload(void);

/* Fixed-width blank-padded PKCS #11 text into a C string. */
void p11_str(char *dst, const CK_UTF8CHAR *src, size_t n);

/* The slot of the token the options name (--slot N or --token LABEL):
 * 0 or an exit status. */
int find_token(const struct opts *o, CK_SLOT_ID *slot);
/* An R/W (or R/O) session on slot: 0 or an exit status. */
int open_session(CK_SLOT_ID slot, bool rw, CK_SESSION_HANDLE *s);
/* C_Login with a PIN: 0 or an exit status. */
int login(CK_SESSION_HANDLE s, CK_USER_TYPE who, const char *pin);

/* One attribute's value, malloc'd (NULL, 0 when absent or unreadable;
 * a present empty value is a non-NULL pointer of length 0). */
CK_RV get_attr(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE h,
	       CK_ATTRIBUTE_TYPE t, uint8_t **val, CK_ULONG *len);
bool get_ulong(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE h,
	       CK_ATTRIBUTE_TYPE t, CK_ULONG *v);
bool get_bool(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE h, CK_ATTRIBUTE_TYPE t);
/* Every object matching the template, in *found (malloc'd). */
CK_RV find_objects(CK_SESSION_HANDLE s, CK_ATTRIBUTE *t, CK_ULONG n,
		   CK_OBJECT_HANDLE **found, CK_ULONG *nfound);

/* --id: hex (colons allowed) into bytes; false if malformed. */
bool parse_hex(const char *hex, uint8_t **out, size_t *len);
void print_hex(const uint8_t *p, size_t len);

const char *class_name(CK_OBJECT_CLASS c);
const char *key_type_name(CK_KEY_TYPE k);
/* "P-256" etc. for a CKA_EC_PARAMS value; NULL if unknown. */
const char *curve_name(const uint8_t *p, size_t len);

/* ------------------------------------------------------------- pin.c */

/* A PIN from the value, the file, the environment variable or (when
 * prompt is set and there is a terminal) a prompt; confirm asks twice.
 * *pin is malloc'd: free it with pin_free.  0 or EXIT_USAGE. */
int get_pin(const char *value, const char *file, const char *env,
	    const char *prompt, bool confirm, char **pin);
void pin_free(char *pin);
void wipe(void *p, size_t len);

/* ------------------------------------------------------ the commands */

int cmd_init_token(struct opts *o);
int cmd_init_pin(struct opts *o);
int cmd_set_pin(struct opts *o);
int cmd_list(struct opts *o);
int cmd_list_objects(struct opts *o);
int cmd_delete(struct opts *o);
int cmd_export_pubkey(struct opts *o);
int cmd_import(struct opts *o);

#endif /* NCR_P11UTIL_H */
