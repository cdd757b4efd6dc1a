// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * marshal.c - libncr unit tests of what the calls pass to the kernel and
 * take back from it, against the fake kernel of harness.c: the public-key
 * calls, the ABI 3 calls (key policies with algorithm sets and labels,
 * restrict, trust) and MACs (truncated verification, ncr_mac).
 */
#include <errno.h>
#include <string.h>

#include "unit.h"

/* ---- marshalling of the public-key calls, against the fake kernel ---- */

static void hook_pair(void *arg)
{
	struct ncr_key_generate_pair *g = arg;

	g->private_key = 7;
	g->public_key = 8;
}

static void hook_export_erange(void *arg)
{
	((struct ncr_key_export *)arg)->data_size = 300;
}

static void hook_import(void *arg)
{
	((struct ncr_key_import *)arg)->key = 11;
}

static void hook_derive(void *arg)
{
	((struct ncr_key_derive *)arg)->new_key = 12;
}

static void hook_init(void *arg)
{
	((struct ncr_session_init *)arg)->ses = 13;
}

static void hook_sign(void *arg)
{
	struct ncr_session_once *o = arg;

	memset((void *)(uintptr_t)o->tag, 0x5a, 71);
	o->tag_size = 71;
}

static void hook_sign_erange(void *arg)
{
	((struct ncr_session_once *)arg)->tag_size = 512;
}

static void hook_verify_ok(void *arg)
{
	((struct ncr_session_once *)arg)->result = NCR_VERIFY_OK;
}

static void hook_verify_bad(void *arg)
{
	((struct ncr_session_once *)arg)->result = NCR_VERIFY_FAILED;
}

static void hook_decrypt(void *arg)
{
	((struct ncr_session_once *)arg)->output_size = 32;
}

void test_pk_marshalling(void)
{
	const struct ncr_key_generate_pair *g = (const void *)fake_arg;
	const struct ncr_key_import *im = (const void *)fake_arg;
	const struct ncr_key_export *ex = (const void *)fake_arg;
	const struct ncr_key_derive *d = (const void *)fake_arg;
	const struct ncr_session_init *si = (const void *)fake_arg;
	const struct ncr_session_once *o = (const void *)fake_arg;
	static const uint8_t e3[3] = { 1, 0, 1 }, label[5] = "label";
	struct ncr_pk_params pp = {
		.hash = NCR_ALG_SHA384, .mgf1_hash = NCR_ALG_SHA1,
		.salt_size = 20, .flags = NCR_PK_FLAG_DIGEST,
	};
	struct ncr_pk_params op = {
		.hash = NCR_ALG_SHA256, .label = label, .label_len = 5,
	};
	uint8_t buf[600], peer[65] = { 4 }, sig[512];
	uint32_t a = 0, b = 0;
	size_t len;
	int r;

	fake_reset(hook_pair, 0);
	r = ncr_key_generate_pair(FAKE_FD, NCR_KEY_TYPE_RSA, 3072, 0, e3, 3,
				  NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_SIGN,
				  NCR_KEY_USAGE_VERIFY, &a, &b);
	ok(r == 0 && fake_req == NCRIO_KEY_GENERATE_PAIR &&
	   g->size == sizeof(*g) && g->size == NCR_KEY_GENERATE_PAIR_SIZE_VER1 &&
	   g->type == NCR_KEY_TYPE_RSA && g->bits == 3072 && !g->q_bits &&
	   g->params == (uintptr_t)e3 && g->params_size == 3 &&
	   g->flags == NCR_KEY_FLAG_WRAPPABLE &&
	   g->usage == NCR_KEY_USAGE_SIGN &&
	   g->public_usage == NCR_KEY_USAGE_VERIFY && !g->label_size &&
	   !g->label && !g->algs && !g->public_algs &&
	   !g->__reserved && a == 7 && b == 8,
	   "ncr_key_generate_pair fills NCRIO_KEY_GENERATE_PAIR and returns "
	   "both handles");

	fake_reset(hook_import, 0);
	r = ncr_key_import_fmt(FAKE_FD, NCR_KEY_TYPE_EC, NCR_KEY_FORMAT_RAW,
			       384, buf, 48, label, 2, 0, NCR_KEY_USAGE_SIGN,
			       &a);
	ok(r == 0 && fake_req == NCRIO_KEY_IMPORT &&
	   im->size == NCR_KEY_IMPORT_SIZE_VER2 &&
	   im->format == NCR_KEY_FORMAT_RAW && im->bits == 384 &&
	   im->data == (uintptr_t)buf && im->data_size == 48 &&
	   im->label == (uintptr_t)label && im->label_size == 2 &&
	   !im->algs && im->type == NCR_KEY_TYPE_EC && !im->__reserved &&
	   a == 11,
	   "ncr_key_import_fmt sends the version-2 structure with format, "
	   "bits, the label and the default algorithm set");

	fake_reset(hook_export_erange, ERANGE);
	len = 100;
	r = ncr_key_export_fmt(FAKE_FD, 5, NCR_KEY_FORMAT_SPKI, buf, &len);
	ok(r == -ERANGE && len == 300 && fake_req == NCRIO_KEY_EXPORT &&
	   ex->size == sizeof(*ex) && ex->format == NCR_KEY_FORMAT_SPKI &&
	   ex->key == 5 && ex->data_size == 100,
	   "ncr_key_export_fmt: -ERANGE with the size the kernel needs");

	fake_reset(hook_derive, 0);
	r = ncr_key_derive(FAKE_FD, NCR_ALG_ECDH, 3, peer, sizeof(peer),
			   NCR_KEY_TYPE_AES, NCR_KEY_FLAG_EXPORTABLE,
			   NCR_KEY_USAGE_ENCRYPT, &a);
	ok(r == 0 && fake_req == NCRIO_KEY_DERIVE && d->size == sizeof(*d) &&
	   d->size == NCR_KEY_DERIVE_SIZE_VER1 && !d->algs &&
	   !d->label_size && !d->__reserved &&
	   d->algorithm == NCR_ALG_ECDH && d->key == 3 &&
	   d->peer == (uintptr_t)peer && d->peer_size == 65 &&
	   d->type == NCR_KEY_TYPE_AES &&
	   d->flags == NCR_KEY_FLAG_EXPORTABLE &&
	   d->usage == NCR_KEY_USAGE_ENCRYPT && a == 12,
	   "ncr_key_derive fills NCRIO_KEY_DERIVE and returns the new key");

	fake_reset(hook_init, 0);
	r = ncr_pk_session_init(FAKE_FD, NCR_ALG_RSA_PSS, NCR_OP_VERIFY, 4,
				&pp, &a);
	ok(r == 0 && fake_req == NCRIO_SESSION_INIT &&
	   si->size == NCR_SESSION_INIT_SIZE_VER1 &&
	   si->algorithm == NCR_ALG_RSA_PSS && si->op == NCR_OP_VERIFY &&
	   si->key == 4 && si->hash == NCR_ALG_SHA384 &&
	   si->mgf1_hash == NCR_ALG_SHA1 && si->salt_size == 20 &&
	   si->pk_flags == NCR_PK_FLAG_DIGEST && !si->iv_size &&
	   !si->tag_size && !si->label_size && a == 13,
	   "ncr_pk_session_init sends the version-1 fields");

	fake_reset(hook_init, 0);
	r = ncr_pk_session_init(FAKE_FD, NCR_ALG_ED25519, NCR_OP_SIGN, 4, NULL,
				&a);
	ok(r == 0 && !si->hash && !si->mgf1_hash && !si->salt_size &&
	   !si->pk_flags && !si->label && !si->label_size,
	   "ncr_pk_session_init with NULL parameters sends zeros");

	fake_reset(hook_sign, 0);
	len = sizeof(sig);
	r = ncr_sign(FAKE_FD, NCR_ALG_ECDSA, 9, &pp, buf, 32, sig, &len);
	ok(r == 0 && fake_req == NCRIO_SESSION_ONCE &&
	   o->size == NCR_SESSION_ONCE_SIZE_VER2 && !o->mac_size &&
	   o->op == NCR_OP_SIGN &&
	   o->algorithm == NCR_ALG_ECDSA && o->key == 9 &&
	   o->input == (uintptr_t)buf && o->input_size == 32 &&
	   o->tag == (uintptr_t)sig && o->tag_size == sizeof(sig) &&
	   o->hash == NCR_ALG_SHA384 && o->pk_flags == NCR_PK_FLAG_DIGEST &&
	   !o->output_size && len == 71 && sig[70] == 0x5a,
	   "ncr_sign: one SESSION_ONCE, the signature length written back");

	fake_reset(hook_sign_erange, ERANGE);
	len = 16;
	r = ncr_sign(FAKE_FD, NCR_ALG_RSA_PKCS1, 9, &op, buf, 32, sig, &len);
	ok(r == -ERANGE && len == 512,
	   "ncr_sign: -ERANGE with the signature size needed");

	fake_reset(hook_verify_ok, 0);
	r = ncr_verify(FAKE_FD, NCR_ALG_ED25519, 9, NULL, buf, 32, sig, 64);
	ok(r == NCR_VERIFY_OK && o->op == NCR_OP_VERIFY &&
	   o->tag == (uintptr_t)sig && o->tag_size == 64 && !o->hash,
	   "ncr_verify: a good signature is NCR_VERIFY_OK");
	fake_reset(hook_verify_bad, 0);
	r = ncr_verify(FAKE_FD, NCR_ALG_ED25519, 9, NULL, buf, 32, sig, 64);
	ok(r == NCR_VERIFY_FAILED,
	   "ncr_verify: a bad signature is NCR_VERIFY_FAILED, not an error");
	fake_reset(NULL, EINVAL);
	r = ncr_verify(FAKE_FD, NCR_ALG_ED25519, 9, NULL, buf, 32, sig, 64);
	ok(r == -EINVAL, "ncr_verify: a refused call is -errno");

	fake_reset(hook_decrypt, 0);
	len = sizeof(buf);
	r = ncr_pk_decrypt(FAKE_FD, NCR_ALG_RSA_OAEP, 9, &op, sig, 256, buf,
			   &len);
	ok(r == 0 && o->op == NCR_OP_DECRYPT &&
	   o->algorithm == NCR_ALG_RSA_OAEP && o->input_size == 256 &&
	   o->output == (uintptr_t)buf && o->output_size == sizeof(buf) &&
	   o->label == (uintptr_t)label && o->label_size == 5 &&
	   o->hash == NCR_ALG_SHA256 && !o->tag_size && len == 32,
	   "ncr_pk_decrypt: label and hash passed, plaintext length back");
	fake_reset(NULL, EBADMSG);
	len = sizeof(buf);
	r = ncr_pk_encrypt(FAKE_FD, NCR_ALG_RSA_OAEP, 9, NULL, buf, 32, sig,
			   &len);
	ok(r == -EBADMSG && o->op == NCR_OP_ENCRYPT && len == sizeof(buf),
	   "ncr_pk_encrypt: an error leaves the output length alone");

	fake_reset(NULL, 0);
	ok(ncr_verify(FAKE_FD, NCR_ALG_ECDSA, 1, NULL, buf, 1, sig, 0) ==
	   NCR_VERIFY_FAILED && fake_calls == 0,
	   "an empty signature is refused without a system call");
	fake_reset(NULL, 0);
}

/* ---- ABI 3: key policies, restrict, trust, algorithm sets, MACs ---- */

static void hook_generate(void *arg)
{
	((struct ncr_key_generate *)arg)->key = 21;
}

static void hook_unwrap(void *arg)
{
	((struct ncr_key_wrap *)arg)->key = 22;
}

/* Every byte past the caller-visible size the fake kernel recorded is 0
 * (the structure was cleared before it was filled). */
static int tail_zero(size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (fake_arg[i])
			return 0;
	return 1;
}

void test_policy_marshalling(void)
{
	const struct ncr_key_generate *g = (const void *)fake_arg;
	const struct ncr_key_import *im = (const void *)fake_arg;
	const struct ncr_key_wrap *w = (const void *)fake_arg;
	const struct ncr_key_derive *d = (const void *)fake_arg;
	const struct ncr_key_generate_pair *gp = (const void *)fake_arg;
	static const uint8_t label[NCR_KEY_LABEL_MAX + 1] =
		"0123456789abcdef0123456789abcdefX";
	static const uint8_t data[32] = { 1, 2, 3 };
	const uint64_t algs = NCR_KEY_ALG_AES_CBC | NCR_KEY_ALG_CMAC_AES;
	struct ncr_key_policy pol = {
		.flags = NCR_KEY_FLAG_WRAPPABLE | NCR_KEY_FLAG_STORABLE,
		.usage = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_SIGN,
		.algs = algs, .label = label, .label_len = 7,
	};
	struct ncr_key_policy pub_pol = {
		.flags = NCR_KEY_FLAG_HASHABLE,	/* ignored: always exportable */
		.usage = NCR_KEY_USAGE_VERIFY,
		.algs = NCR_KEY_ALG_ECDSA,
		.label = "other", .label_len = 5,	/* ignored */
	};
	uint32_t k = 0, k2 = 0;
	int r;

	/* generate */
	fake_reset(hook_generate, 0);
	r = ncr_key_generate_ex(FAKE_FD, NCR_KEY_TYPE_AES, 256, &pol, &k);
	ok(r == 0 && fake_calls == 1 && fake_req == NCRIO_KEY_GENERATE &&
	   g->size == sizeof(*g) && g->size == NCR_KEY_GENERATE_SIZE_VER1 &&
	   g->type == NCR_KEY_TYPE_AES && g->bits == 256 &&
	   g->flags == pol.flags && g->usage == pol.usage &&
	   g->algs == algs && g->label == (uintptr_t)label &&
	   g->label_size == 7 && !g->__reserved && k == 21,
	   "ncr_key_generate_ex sends flags, usage, algs and the label in "
	   "the version-1 structure");
	fake_reset(hook_generate, 0);
	k = 0;
	r = ncr_key_generate(FAKE_FD, NCR_KEY_TYPE_HMAC, 256,
			     NCR_KEY_FLAG_HASHABLE, NCR_KEY_USAGE_SIGN, &k);
	ok(r == 0 && g->size == NCR_KEY_GENERATE_SIZE_VER1 &&
	   g->flags == NCR_KEY_FLAG_HASHABLE &&
	   g->usage == NCR_KEY_USAGE_SIGN && !g->algs && !g->label &&
	   !g->label_size && k == 21,
	   "ncr_key_generate asks for the default set and no label");
	fake_reset(hook_generate, 0);
	r = ncr_key_generate_ex(FAKE_FD, NCR_KEY_TYPE_AES, 128, NULL, &k);
	ok(r == 0 && fake_calls == 1 && !g->flags && !g->usage && !g->algs &&
	   !g->label_size,
	   "ncr_key_generate_ex with a NULL policy asks for nothing (usage 0, "
	   "which the kernel refuses)");
	fake_reset(NULL, EINVAL);
	k = 99;
	r = ncr_key_generate_ex(FAKE_FD, NCR_KEY_TYPE_AES, 128, &pol, &k);
	ok(r == -EINVAL && k == 99,
	   "ncr_key_generate_ex: a refused call is -errno, handle untouched");

	/* the label length limit, at every creating call */
	{
		struct ncr_key_policy lp = pol;
		uint8_t out[64];
		int bad = 0, i;

		for (int len = NCR_KEY_LABEL_MAX; len <= NCR_KEY_LABEL_MAX + 1;
		     len++) {
			int want = len > NCR_KEY_LABEL_MAX ? -EINVAL : 0;

			lp.label_len = (size_t)len;
			for (i = 0; i < 5; i++) {
				fake_reset(NULL, 0);
				switch (i) {
				case 0:
					r = ncr_key_generate_ex(FAKE_FD,
						NCR_KEY_TYPE_AES, 128, &lp,
						&k);
					break;
				case 1:
					r = ncr_key_import_ex(FAKE_FD,
						NCR_KEY_TYPE_AES, 0, 0, data,
						16, &lp, &k);
					break;
				case 2:
					r = ncr_key_unwrap_ex(FAKE_FD,
						NCR_WALG_AES_RFC3394, 3, out,
						24, NCR_KEY_TYPE_AES, &lp, &k);
					break;
				case 3:
					r = ncr_key_derive_ex(FAKE_FD,
						NCR_ALG_X25519, 3, data, 32,
						NCR_KEY_TYPE_HMAC, &lp, &k);
					break;
				default:
					r = ncr_key_generate_pair_ex(FAKE_FD,
						NCR_KEY_TYPE_EC, 256, 0, NULL,
						0, &lp, NULL, &k, &k2);
					break;
				}
				if (r != want ||
				    fake_calls != (want ? 0 : 1)) {
					diag("call %d, label of %d bytes: %d, "
					     "%d system calls", i, len, r,
					     fake_calls);
					bad++;
				}
			}
		}
		ok(!bad, "generate/import/unwrap/derive/pair _ex: a %d-byte "
		   "label is sent, a %d-byte one is -EINVAL without a system "
		   "call", NCR_KEY_LABEL_MAX, NCR_KEY_LABEL_MAX + 1);
		lp.label = NULL;
		lp.label_len = 4;
		bad = 0;
		for (i = 0; i < 5; i++) {
			fake_reset(NULL, 0);
			r = i == 0 ? ncr_key_generate_ex(FAKE_FD,
					NCR_KEY_TYPE_AES, 128, &lp, &k) :
			    i == 1 ? ncr_key_import_ex(FAKE_FD,
					NCR_KEY_TYPE_AES, 0, 0, data, 16, &lp,
					&k) :
			    i == 2 ? ncr_key_unwrap_ex(FAKE_FD,
					NCR_WALG_AES_RFC3394, 3, out, 24,
					NCR_KEY_TYPE_AES, &lp, &k) :
			    i == 3 ? ncr_key_derive_ex(FAKE_FD,
					NCR_ALG_X25519, 3, data, 32,
					NCR_KEY_TYPE_HMAC, &lp, &k) :
				     ncr_key_generate_pair_ex(FAKE_FD,
					NCR_KEY_TYPE_EC, 256, 0, NULL, 0,
					&lp, NULL, &k, &k2);
			if (r != -EINVAL || fake_calls)
				bad++;
		}
		ok(!bad, "the _ex calls refuse a label length without a label "
		   "(-EINVAL, no system call)");
		fake_reset(NULL, 0);
		lp.label = label;
		lp.label_len = 0;
		r = ncr_key_generate_ex(FAKE_FD, NCR_KEY_TYPE_AES, 128, &lp,
					&k);
		ok(r == 0 && !g->label_size,
		   "an empty label is sent as label_size 0");
	}

	/* import */
	fake_reset(hook_import, 0);
	r = ncr_key_import_ex(FAKE_FD, NCR_KEY_TYPE_AES, NCR_KEY_FORMAT_RAW,
			      0, data, 32, &pol, &k);
	ok(r == 0 && fake_req == NCRIO_KEY_IMPORT &&
	   im->size == sizeof(*im) && im->size == NCR_KEY_IMPORT_SIZE_VER2 &&
	   im->type == NCR_KEY_TYPE_AES && im->format == NCR_KEY_FORMAT_RAW &&
	   !im->bits && im->data == (uintptr_t)data && im->data_size == 32 &&
	   im->flags == pol.flags && im->usage == pol.usage &&
	   im->algs == algs && im->label == (uintptr_t)label &&
	   im->label_size == 7 && !im->__reserved && k == 11,
	   "ncr_key_import_ex sends the whole policy in the version-2 "
	   "structure");
	fake_reset(hook_import, 0);
	r = ncr_key_import(FAKE_FD, NCR_KEY_TYPE_HMAC, data, 20, label, 3,
			   NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_SIGN, &k);
	ok(r == 0 && im->type == NCR_KEY_TYPE_HMAC && !im->format &&
	   im->data_size == 20 && im->label == (uintptr_t)label &&
	   im->label_size == 3 && !im->algs &&
	   im->flags == NCR_KEY_FLAG_EXPORTABLE,
	   "ncr_key_import: the old key ID arguments are the label; default "
	   "set");

	/* unwrap */
	fake_reset(hook_unwrap, 0);
	r = ncr_key_unwrap_ex(FAKE_FD, NCR_WALG_AES_RFC5649, 5, data, 24,
			      NCR_KEY_TYPE_AES, &pol, &k);
	ok(r == 0 && fake_req == NCRIO_KEY_UNWRAP &&
	   w->size == sizeof(*w) && w->size == NCR_KEY_WRAP_SIZE_VER1 &&
	   w->algorithm == NCR_WALG_AES_RFC5649 && w->wrapping_key == 5 &&
	   w->data == (uintptr_t)data && w->data_size == 24 &&
	   w->type == NCR_KEY_TYPE_AES && w->flags == pol.flags &&
	   w->usage == pol.usage && w->algs == algs &&
	   w->label == (uintptr_t)label && w->label_size == 7 &&
	   !w->key && !w->__reserved && k == 22,
	   "ncr_key_unwrap_ex sends the new key's policy in the version-1 "
	   "structure");
	fake_reset(hook_unwrap, 0);
	r = ncr_key_unwrap(FAKE_FD, NCR_WALG_AES_RFC3394, 5, data, 24,
			   NCR_KEY_TYPE_HMAC, 0, NCR_KEY_USAGE_VERIFY, label,
			   4, &k);
	ok(r == 0 && w->type == NCR_KEY_TYPE_HMAC && !w->flags &&
	   w->usage == NCR_KEY_USAGE_VERIFY && !w->algs &&
	   w->label == (uintptr_t)label && w->label_size == 4,
	   "ncr_key_unwrap: label passed, default set");

	/* wrap: the new-key fields stay 0 */
	fake_reset(NULL, 0);
	{
		uint8_t out[64];
		size_t len = sizeof(out);

		r = ncr_key_wrap(FAKE_FD, NCR_WALG_AES_RFC3394, 5, 6, out,
				 &len);
		ok(r == 0 && fake_req == NCRIO_KEY_WRAP &&
		   w->size == NCR_KEY_WRAP_SIZE_VER1 && !w->flags &&
		   !w->type && !w->usage && !w->label && !w->label_size &&
		   !w->algs && w->wrapping_key == 5 && w->key == 6 &&
		   w->data == (uintptr_t)out && w->data_size == 64,
		   "ncr_key_wrap leaves type, usage, label and algs 0");
	}

	/* derive */
	fake_reset(hook_derive, 0);
	r = ncr_key_derive_ex(FAKE_FD, NCR_ALG_ECDH, 3, data, 32,
			      NCR_KEY_TYPE_AES, &pol, &k);
	ok(r == 0 && fake_req == NCRIO_KEY_DERIVE &&
	   d->size == sizeof(*d) && d->size == NCR_KEY_DERIVE_SIZE_VER1 &&
	   d->algorithm == NCR_ALG_ECDH && d->key == 3 &&
	   d->peer == (uintptr_t)data && d->peer_size == 32 &&
	   d->type == NCR_KEY_TYPE_AES && d->flags == pol.flags &&
	   d->usage == pol.usage && d->algs == algs &&
	   d->label == (uintptr_t)label && d->label_size == 7 &&
	   !d->__reserved && k == 12,
	   "ncr_key_derive_ex sends the new key's policy in the version-1 "
	   "structure");

	/* pair */
	fake_reset(hook_pair, 0);
	r = ncr_key_generate_pair_ex(FAKE_FD, NCR_KEY_TYPE_EC, 384, 0, NULL, 0,
				     &pol, &pub_pol, &k, &k2);
	ok(r == 0 && fake_req == NCRIO_KEY_GENERATE_PAIR &&
	   gp->size == sizeof(*gp) &&
	   gp->size == NCR_KEY_GENERATE_PAIR_SIZE_VER1 &&
	   gp->type == NCR_KEY_TYPE_EC && gp->bits == 384 &&
	   gp->flags == pol.flags && gp->usage == pol.usage &&
	   gp->algs == algs && gp->public_usage == NCR_KEY_USAGE_VERIFY &&
	   gp->public_algs == NCR_KEY_ALG_ECDSA &&
	   gp->label == (uintptr_t)label && gp->label_size == 7 &&
	   !gp->params && !gp->params_size && !gp->__reserved &&
	   k == 7 && k2 == 8,
	   "ncr_key_generate_pair_ex: both policies, the private policy's "
	   "label, the public flags not sent");
	fake_reset(hook_pair, 0);
	r = ncr_key_generate_pair_ex(FAKE_FD, NCR_KEY_TYPE_ED25519, 0, 0, NULL,
				     0, &pol, NULL, &k, &k2);
	ok(r == 0 && !gp->public_usage && !gp->public_algs,
	   "ncr_key_generate_pair_ex: a NULL public policy means the "
	   "defaults");

	/* restrict */
	fake_reset(NULL, 0);
	r = ncr_key_restrict(FAKE_FD, 9, NCR_KEY_FLAG_EXPORTABLE,
			     NCR_KEY_USAGE_DECRYPT,
			     NCR_KEY_ALG_AES_ECB | NCR_KEY_ALG_RSA_PSS);
	{
		const struct ncr_key_restrict *rs = (const void *)fake_arg;

		ok(r == 0 && fake_calls == 1 && fake_req == NCRIO_KEY_RESTRICT &&
		   rs->size == sizeof(*rs) &&
		   rs->size == NCR_KEY_RESTRICT_SIZE_VER0 && rs->key == 9 &&
		   rs->clear_flags == NCR_KEY_FLAG_EXPORTABLE &&
		   rs->clear_usage == NCR_KEY_USAGE_DECRYPT &&
		   rs->clear_algs == (NCR_KEY_ALG_AES_ECB |
				      NCR_KEY_ALG_RSA_PSS) &&
		   tail_zero(sizeof(*rs), sizeof(fake_arg)),
		   "ncr_key_restrict fills NCRIO_KEY_RESTRICT (all 64 bits "
		   "of clear_algs)");
	}
	fake_reset(NULL, EINVAL);
	r = ncr_key_restrict(FAKE_FD, 9, 0, NCR_KEY_USAGE_ALL, 0);
	ok(r == -EINVAL, "ncr_key_restrict: the kernel's -EINVAL passed back");

	/* trust */
	fake_reset(NULL, 0);
	r = ncr_key_trust(FAKE_FD, 10);
	{
		const struct ncr_key_trust *t = (const void *)fake_arg;

		ok(r == 0 && fake_calls == 1 && fake_req == NCRIO_KEY_TRUST &&
		   t->size == sizeof(*t) && t->size == NCR_KEY_TRUST_SIZE_VER0 &&
		   t->key == 10 && !t->flags && !t->__reserved,
		   "ncr_key_trust fills NCRIO_KEY_TRUST (flags and reserved "
		   "0)");
	}
	fake_reset(NULL, EPERM);
	ok(ncr_key_trust(FAKE_FD, 10) == -EPERM,
	   "ncr_key_trust: -EPERM passed back");
	fake_reset(NULL, 0);
}

static uint8_t fake_mac[64];

static void hook_mac_sign(void *arg)
{
	struct ncr_session_once *o = arg;

	for (int i = 0; i < 64; i++)
		fake_mac[i] = (uint8_t)(0xa0 + i);
	memcpy((void *)(uintptr_t)o->tag, fake_mac, 32);
	o->tag_size = 32;
}

void test_mac_marshalling(void)
{
	const struct ncr_session_once *o = (const void *)fake_arg;
	uint8_t msg[20] = { 1 }, mac[64], out[64];
	size_t len;
	int r;

	fake_reset(hook_verify_ok, 0);
	r = ncr_mac_verify_trunc(FAKE_FD, NCR_ALG_HMAC_SHA256, 4, 12, msg,
				 sizeof(msg), mac, 12);
	ok(r == NCR_VERIFY_OK && fake_calls == 1 &&
	   fake_req == NCRIO_SESSION_ONCE && o->size == sizeof(*o) &&
	   o->size == NCR_SESSION_ONCE_SIZE_VER2 && o->op == NCR_OP_VERIFY &&
	   o->algorithm == NCR_ALG_HMAC_SHA256 && o->key == 4 &&
	   o->mac_size == 12 && o->tag == (uintptr_t)mac &&
	   o->tag_size == 12 && o->input == (uintptr_t)msg &&
	   o->input_size == sizeof(msg) && !o->__reserved2 && !o->op_flags,
	   "ncr_mac_verify_trunc sends mac_size (the accepted length) and "
	   "the received length as tag_size");
	fake_reset(hook_verify_ok, 0);
	r = ncr_mac_verify_trunc(FAKE_FD, NCR_ALG_CMAC_AES, 4, 8, msg,
				 sizeof(msg), mac, 16);
	ok(r == NCR_VERIFY_OK && o->mac_size == 8 && o->tag_size == 16,
	   "ncr_mac_verify_trunc: mac_size and tag_size are sent as given, "
	   "the kernel decides (a 16-byte value for mac_size 8)");
	fake_reset(hook_verify_bad, 0);
	r = ncr_mac_verify_trunc(FAKE_FD, NCR_ALG_HMAC_SHA256, 4, 10, msg,
				 sizeof(msg), mac, 10);
	ok(r == NCR_VERIFY_FAILED,
	   "ncr_mac_verify_trunc: a failed verification is "
	   "NCR_VERIFY_FAILED");
	fake_reset(NULL, EINVAL);
	r = ncr_mac_verify_trunc(FAKE_FD, NCR_ALG_HMAC_SHA256, 4, 9, msg,
				 sizeof(msg), mac, 9);
	ok(r == -EINVAL && o->mac_size == 9,
	   "ncr_mac_verify_trunc: the kernel's -EINVAL (mac_size 9 for HMAC) "
	   "passed back");

	fake_reset(hook_verify_ok, 0);
	r = ncr_mac_verify(FAKE_FD, NCR_ALG_HMAC_SHA512, 4, msg, sizeof(msg),
			   mac, 64);
	ok(r == NCR_VERIFY_OK && fake_calls == 1 &&
	   o->size == NCR_SESSION_ONCE_SIZE_VER2 && o->op == NCR_OP_VERIFY &&
	   o->algorithm == NCR_ALG_HMAC_SHA512 && o->mac_size == 0 &&
	   o->tag_size == 64,
	   "ncr_mac_verify sends mac_size 0 (full length only)");
	fake_reset(hook_verify_bad, 0);
	r = ncr_mac_verify(FAKE_FD, NCR_ALG_HMAC_SHA256, 4, msg, sizeof(msg),
			   mac, 16);
	ok(r == NCR_VERIFY_FAILED && o->mac_size == 0 && o->tag_size == 16,
	   "ncr_mac_verify of a 16-byte value: mac_size 0, so the kernel's "
	   "full-length comparison fails it");

	/* ncr_mac: the full MAC from the kernel, truncation in the library */
	fake_reset(hook_mac_sign, 0);
	len = 12;
	memset(out, 0, sizeof(out));
	r = ncr_mac(FAKE_FD, NCR_ALG_HMAC_SHA256, 4, msg, sizeof(msg), out,
		    &len);
	ok(r == 0 && len == 12 && !memcmp(out, fake_mac, 12) && !out[12] &&
	   o->op == NCR_OP_SIGN && !o->mac_size && o->tag_size >= 32,
	   "ncr_mac truncated to 12 bytes: the first 12 bytes of the MAC, "
	   "mac_size 0 sent");
	fake_reset(hook_mac_sign, 0);
	len = sizeof(out);
	r = ncr_mac(FAKE_FD, NCR_ALG_HMAC_SHA256, 4, msg, sizeof(msg), out,
		    &len);
	ok(r == 0 && len == 32 && !memcmp(out, fake_mac, 32),
	   "ncr_mac with room: the full MAC");
	fake_reset(NULL, 0);
}
