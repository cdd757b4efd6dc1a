// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/wycheproof/harness.c - part of build/tests/wycheproof (see
 * tests/wycheproof/main.c): a test's decoded fields (hex from the JSON) and
 * the verdict helpers shared by the per-schema runners.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "wycheproof.h"

uint8_t *jhex(json_t *t, const char *field, size_t *len, int *bad)
{
	json_t *v = json_object_get(t, field);
	uint8_t *p;

	*len = 0;
	if (!v)
		return NULL;
	if (!json_is_string(v) ||
	    !(p = hex_decode(json_string_value(v), len))) {
		*bad = 1;
		return NULL;
	}
	return p;
}

int tcase_load(json_t *t, struct tcase *tc, int need_key)
{
	int bad = 0;

	memset(tc, 0, sizeof(*tc));
	tc->id = (long)json_integer_value(json_object_get(t, "tcId"));
	tc->comment = json_string_value(json_object_get(t, "comment"));
	tc->result = json_string_value(json_object_get(t, "result"));
	if (!tc->comment)
		tc->comment = "";
	tc->key = jhex(t, "key", &tc->key_len, &bad);
	tc->iv = jhex(t, "iv", &tc->iv_len, &bad);
	tc->aad = jhex(t, "aad", &tc->aad_len, &bad);
	tc->msg = jhex(t, "msg", &tc->msg_len, &bad);
	tc->ct = jhex(t, "ct", &tc->ct_len, &bad);
	tc->tag = jhex(t, "tag", &tc->tag_len, &bad);
	tc->sig = jhex(t, "sig", &tc->sig_len, &bad);
	tc->label = jhex(t, "label", &tc->label_len, &bad);
	tc->pub = jhex(t, "public", &tc->pub_len, &bad);
	tc->priv = jhex(t, "private", &tc->priv_len, &bad);
	tc->shared = jhex(t, "shared", &tc->shared_len, &bad);
	if (!tc->result || (need_key && !tc->key))
		bad = 1;
	return bad ? -1 : 0;
}

void tcase_free(struct tcase *tc)
{
	free(tc->key);
	free(tc->iv);
	free(tc->aad);
	free(tc->msg);
	free(tc->ct);
	free(tc->tag);
	free(tc->sig);
	free(tc->label);
	free(tc->pub);
	free(tc->priv);
	free(tc->shared);
}

int is_valid(const struct tcase *tc)
{
	return !strcmp(tc->result, "valid");
}

int is_acceptable(const struct tcase *tc)
{
	return !strcmp(tc->result, "acceptable");
}

/* Outcome of importing the test's key, with the set {alg} and nothing
 * else.  Returns V_PASS with *key set when the import succeeded and the
 * test continues; otherwise the verdict. */
enum verdict import_key(const struct tcase *tc, uint32_t alg,
			uint32_t type, uint32_t usage, uint32_t *key,
			int *done, char *why, size_t why_len)
{
	int r = be->key_import(type, tc->key, tc->key_len, 0, usage,
			       talg_keybit(alg), key);

	*done = 0;
	if (!r)
		return V_PASS;
	*done = 1;
	if (r == -EINVAL && !talg_key_ok(alg, tc->key_len)) {
		if (!is_valid(tc))
			return V_PASS;	/* invalid key size refused */
		WHY("%s: %zu-bit keys not supported (EINVAL)", talg_name(alg),
		    tc->key_len * 8);
		return V_SKIP;
	}
	WHY("key import (%zu bytes): %s", tc->key_len, errname(r));
	return V_FAIL;
}

/* An operation on a test the caller considers valid/acceptable failed
 * with r: decide skip (documented-unsupported parameter), pass
 * (acceptable refused) or fail. */
enum verdict refused(const struct tcase *tc, int r, const char *what,
		     const char *param_issue, char *why, size_t why_len)
{
	if (r == -EINVAL && param_issue) {
		WHY("%s (EINVAL)", param_issue);
		return V_SKIP;
	}
	if (r == -EOPNOTSUPP) {
		WHY("no kernel implementation (EOPNOTSUPP)");
		return V_SKIP;
	}
	if (is_acceptable(tc) && (r == -EINVAL || r == -EBADMSG))
		return V_PASS;
	WHY("%s: %s", what, errname(r));
	return V_FAIL;
}
