// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wycheproof - run Wycheproof v1 JSON test vector files through libncr.
 *
 *   build/tests/wycheproof [--backend=ncr|openssl|bsd] FILE.json [FILE.json...]
 *
 * The file's "schema" (and "algorithm") field decides what runs, never its
 * name:
 *   aead_test_schema_v1.json     AES-GCM, AES-CCM, CHACHA20-POLY1305
 *   ind_cpa_test_schema_v1.json  AES-CBC-PKCS5, AES-XTS
 *   mac_test_schema_v1.json      AES-CMAC, HMACSHA1/224/256/384/512,
 *                                HMACSHA3-256/512
 *   keywrap_test_schema_v1.json  AES-WRAP (RFC 3394), AES-KWP (RFC 5649)
 *   rsaes_oaep_decrypt_schema_v1.json, rsaes_pkcs1_decrypt_schema_v1.json
 *                                the group's privateKeyPkcs8 imported
 *                                (PKCS8); ct decrypted (OAEP: sha, mgfSha,
 *                                the test's label); valid msgs are also
 *                                encrypted by the kernel and decrypted back
 *   rsassa_pkcs1_generate_schema_v1.json
 *                                privateKeyPkcs8; sign msg (deterministic)
 *                                and compare, verify it, and a modified one
 *   rsassa_pkcs1_verify_schema_v1.json, rsassa_pss_verify_schema_v1.json
 *   (sha, mgfSha, sLen), dsa_verify_schema_v1.json,
 *   ecdsa_verify_schema_v1.json (DER signatures),
 *   dsa_p1363_verify_schema_v1.json, ecdsa_p1363_verify_schema_v1.json
 *   (NCR_PK_FLAG_SIG_RAW), eddsa_verify_schema_v1.json (Ed25519)
 *                                the group's publicKeyDer imported (SPKI),
 *                                sig verified over msg
 *   ecdh_test_schema_v1.json     private scalar imported RAW (leading 00
 *                                stripped), public SPKI imported and its
 *                                point exported RAW_PUBLIC, NCRIO_KEY_DERIVE
 *                                into an exportable generic secret (HMAC
 *                                type), exported and compared with shared
 *   ecdh_ecpoint_test_schema_v1.json  the same with the raw SEC1 point
 *   xdh_comp_schema_v1.json      X25519 (other curves skipped)
 *   hkdf_test_schema_v1.json     HKDF-SHA-256/384/512: ikm imported as an
 *                                HMAC-type key (usage DERIVE, set
 *                                {hkdf}), ncr_key_kdf (NCRIO_KEY_KDF) with
 *                                salt and info into an exportable
 *                                HMAC-type key of size bytes, exported
 *                                and compared with okm
 *   pbkdf_test_schema.json       PBKDF2-HMACSHA1/256/512: password, salt,
 *                                iterationCount into a key of dkLen
 *                                bytes, compared with dk
 *   anything else                "# unsupported schema X", skipped
 *
 * Algorithm sets (ncr.h, ALGORITHM SETS): every test key is imported with
 * the set of exactly the algorithm its file tests (AES_GCM, AES_CCM,
 * CHACHA20_POLY1305, AES_CBC, AES_XTS, CMAC_AES, the file's HMAC, AES_KW
 * or AES_KWP, RSA_OAEP, RSA_PKCS1, RSA_PSS, DSA, ECDSA, ED25519, ECDH,
 * X25519).  Once per file, the first usable key is imported again with a
 * usage wide enough for the other algorithms of its type, and must still
 * do its own algorithm but refuse those outside its set with EPERM (GCM
 * through CTR or ECB, CMAC through ECB or CBC, key wrap through ECB or the
 * other padding, an XTS key as AES-256, an HMAC key with another hash, an
 * OAEP key as a PKCS#1 v1.5 oracle and back, PKCS#1 v1.5 and PSS for each
 * other, an ECDH key for ECDSA; an EC key for both with no set named:
 * EINVAL).  One TAP line per file.
 *
 * Public-key rejections: an "invalid" test passes when it is refused at
 * import (EINVAL/EOPNOTSUPP), at derive (EINVAL), at decryption (OAEP:
 * EBADMSG, or EINVAL) or by verification (NCR_VERIFY_FAILED; an errno from
 * verify is a failure: a malformed signature is a failed verification).
 * PKCS#1 v1.5 decryption does implicit rejection (ncr.h): an invalid
 * ciphertext must decrypt WITHOUT an error (unless it is publicly invalid:
 * not k bytes long, or not below n; then an error is allowed) to a
 * synthetic message of at most k - 11 bytes, the same for the same
 * ciphertext, that is not the test's msg, and that equals the synthetic
 * message of the reference below; valid ciphertexts decrypt to msg in
 * the kernel and in the reference.  The reference is written here with
 * OpenSSL's libcrypto, from the algorithm in core/rsa/rsa.h
 * (draft-irtf-cfrg-rsa-guidance, as OpenSSL 3.2+): the raw RSA decryption
 * (RSA_NO_PADDING), the padding check 00 02 PS(>= 8 non-zero) 00 M, and
 * otherwise KDK = HMAC-SHA256(SHA-256(d as k bytes), C), PRF(label, L) =
 * HMAC-SHA256(KDK, be16(i) || label || be16(8 L)) concatenated, the
 * length the last of the 128 16-bit words of PRF("length", 256), masked
 * to the smallest all-ones value covering k - 10, that is below k - 10,
 * and the message the last that many bytes of PRF("message", k).
 * A key whose size ncr.h documents as unsupported (RSA outside
 * 1024..4096, DSA L outside 2048..3072) refused with EINVAL/EOPNOTSUPP
 * skips its tests with the reason.  Counts of acceptable tests accepted
 * and refused are printed per file.  Unsupported curves and hashes skip
 * their group.
 *
 * Verdicts: "valid" tests must produce exactly the expected output (and
 * decrypt/verify back); "acceptable" ones may instead be refused; "invalid"
 * ones must be refused: EBADMSG from AEAD or padded-CBC decryption,
 * NCR_VERIFY_FAILED from MAC verification, EINVAL where a parameter (key,
 * IV or tag size) is outside what ncr.h documents.  A valid test whose
 * parameters ncr.h does not support, refused with EINVAL, is skipped with
 * the reason (e.g. GCM IVs other than 12 bytes).
 *
 * MACs: the length the verifier accepts is the group's tagSize, fixed
 * before any tag is seen (session init tag_size; once: mac_size, through
 * ncr_mac_verify_trunc), never the length of the test's tag.  Valid
 * tests: the MAC of that length, computed by a raw NCRIO_SESSION_ONCE
 * with mac_size and by a session with tag_size, equals tag; tag verifies
 * (once and session); a one-bit change, the tag one byte shorter and, for
 * truncated groups, the tag under a full-length verifier all fail.
 * Truncations below the minimum of ncr.h (HMAC 10 bytes, CMAC 8) are
 * refused by design: a valid test of such a group passes only if every
 * one of those calls is refused with EINVAL, and is then reported as
 * "# SKIP below the minimum MAC length ncr accepts"; an invalid test
 * (any length) passes when it is refused (EINVAL) or fails to verify,
 * and fails if it ever verifies.
 *
 * Key wrap: the wrapping key is imported as an exportable AES key with
 * usage WRAP|UNWRAP and the file's algorithm (sizes other than 128/192/256
 * bits are skipped).  Each test (a) imports msg as an exportable,
 * wrappable HMAC key (the caller holds its bytes, so ncr.h lets any
 * wrapping key wrap it) and wraps it, which for valid tests must give
 * exactly ct (an invalid test's ct must not come out), and (b) unwraps ct
 * into a new exportable, hashable HMAC key (allowed because the wrapping
 * key is exportable): valid tests must succeed, the new key's material
 * exported must equal msg and, hashed in the kernel (NCR_OP_FLAG_KEY_DATA),
 * give SHA-256 of msg when it has 16 bytes or more and EPERM when it is
 * shorter; invalid tests must fail with EBADMSG or EINVAL and create no
 * key.  A msg an HMAC key cannot hold (0 bytes) skips part (a), and a
 * valid test whose msg it is, the whole test.  The file's set check also
 * asks of a non-exportable wrapping key (EPERM each): the other wrapping
 * algorithm, ECB, wrapping a key that is not exportable (the wrapping key
 * is not TRUSTED), and unwrapping into an exportable or hashable key; and
 * that it still unwraps into a plain key.
 *
 * Key derivation (kdf.c): an "invalid" test (an output longer than 255
 * hash lengths) must be refused with EINVAL, creating no key.  What
 * ncr.h puts outside its limits must be refused with EINVAL and is
 * skipped with the reason: outputs of 0 or more than
 * NCR_MAX_HMAC_KEY_BYTES (1024) bytes, whose first 1024 bytes, derived
 * apart, must still equal the expected ones (an HKDF or PBKDF2 output is
 * a prefix of a longer one); an IKM of 0 or more than 1024 bytes (no
 * HMAC-type key holds it); salt, info or a password above
 * NCR_KDF_INPUT_MAX; iteration counts outside
 * 1..NCR_PBKDF2_ITERATIONS_MAX.  The set check of an HKDF file (the first
 * valid test's IKM, usage SIGN|VERIFY|DERIVE): with the set {hkdf} it
 * derives but computes no HMAC-SHA256 and no KBKDF-HMAC (EPERM); with
 * {hmac-sha256} or the default set (no KDF is in a default set) it is no
 * HKDF source (EPERM); {hkdf, kbkdf-hmac} is refused (EINVAL: KBKDF keys
 * do nothing else).
 *
 * Output: TAP, one "ok" line per test group, one "not ok" line per failing
 * test (tcId and comment), one "# SKIP" line per distinct skip reason, and
 * "# FILE: N passed, N failed, N skipped".  Exit status 1 if any test
 * failed.
 *
 * --backend=openssl runs the same decisions against OpenSSL libcrypto with
 * ncr's documented parameter limits and key policy: a self-test of this
 * runner that needs no /dev/crypto.  It skips the public-key and key
 * derivation schemas, which run only against /dev/crypto.
 *
 * --backend=bsd runs the symmetric schemas through the BSD cryptodev ABI
 * on the same device (backend_bsd.c: CIOCAUTHCRYPT for AES-GCM/CCM,
 * CIOCCRYPT for AES-XTS, AES-CBC and the HMACs), with keys given as bytes
 * to each session; the key-policy set checks, key wrap and the public-key
 * and key derivation schemas are skipped (no BSD operation).
 *
 * The files of tests/wycheproof/: main.c the file loop and the table of
 * schemas; harness.c a test's decoded fields and the verdict helpers;
 * backend_ncr.c, backend_openssl.c and backend_bsd.c the backends; aead.c,
 * cipher.c (IND-CPA), mac.c and keywrap.c the symmetric schemas; sets.c their
 * algorithm set checks; pk.c the public-key groups and their dispatch;
 * rsa_enc.c RSA decryption and the implicit rejection reference; sig.c
 * signatures; kex.c ECDH and X25519; kdf.c HKDF and PBKDF2;
 * wycheproof.h what they share.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <libgen.h>
#include <time.h>

#include "wycheproof.h"

const struct backend *be = &ncr_backend;

/* ------------------------------------------------------- per-file state */

#define MAX_REASONS 32

struct file_run {
	const char *name;	/* basename, for messages */
	const char *algorithm;
	int pass, fail, skip;
	struct {
		char reason[200];
		int count;
		char ids[160];
	} skips[MAX_REASONS];
	int n_reasons;
};

static void note_skip(struct file_run *fr, const char *reason, long tc)
{
	int i;

	fr->skip++;
	for (i = 0; i < fr->n_reasons; i++)
		if (!strcmp(fr->skips[i].reason, reason))
			break;
	if (i == fr->n_reasons) {
		if (i == MAX_REASONS)
			i--;	/* lump the rest into the last reason */
		else
			fr->n_reasons++;
		snprintf(fr->skips[i].reason, sizeof(fr->skips[i].reason),
			 "%s", reason);
	}
	fr->skips[i].count++;
	size_t used = strlen(fr->skips[i].ids);
	if (used < sizeof(fr->skips[i].ids) - 16)
		snprintf(fr->skips[i].ids + used,
			 sizeof(fr->skips[i].ids) - used, "%s%ld",
			 used ? "," : "", tc);
	else if (!strstr(fr->skips[i].ids, "..."))
		strcat(fr->skips[i].ids, ",...");
}

/* ------------------------------------------------------------- dispatch */

static const struct supported supported[] = {
	{ "aead_test_schema_v1.json", "AES-GCM", K_AEAD, NCR_ALG_AES_GCM },
	{ "aead_test_schema_v1.json", "AES-CCM", K_AEAD, NCR_ALG_AES_CCM },
	{ "aead_test_schema_v1.json", "CHACHA20-POLY1305", K_AEAD,
	  NCR_ALG_CHACHA20_POLY1305 },
	{ "ind_cpa_test_schema_v1.json", "AES-CBC-PKCS5", K_CBC_PKCS5,
	  NCR_ALG_AES_CBC },
	{ "ind_cpa_test_schema_v1.json", "AES-XTS", K_XTS, NCR_ALG_AES_XTS },
	{ "mac_test_schema_v1.json", "AES-CMAC", K_MAC, NCR_ALG_CMAC_AES },
	{ "mac_test_schema_v1.json", "HMACSHA1", K_MAC, NCR_ALG_HMAC_SHA1 },
	{ "mac_test_schema_v1.json", "HMACSHA224", K_MAC, NCR_ALG_HMAC_SHA224 },
	{ "mac_test_schema_v1.json", "HMACSHA256", K_MAC, NCR_ALG_HMAC_SHA256 },
	{ "mac_test_schema_v1.json", "HMACSHA384", K_MAC, NCR_ALG_HMAC_SHA384 },
	{ "mac_test_schema_v1.json", "HMACSHA512", K_MAC, NCR_ALG_HMAC_SHA512 },
	{ "mac_test_schema_v1.json", "HMACSHA3-256", K_MAC,
	  NCR_ALG_HMAC_SHA3_256 },
	{ "mac_test_schema_v1.json", "HMACSHA3-512", K_MAC,
	  NCR_ALG_HMAC_SHA3_512 },
	{ "keywrap_test_schema_v1.json", "AES-WRAP", K_KEYWRAP,
	  NCR_WALG_AES_RFC3394 },
	{ "keywrap_test_schema_v1.json", "AES-KWP", K_KEYWRAP,
	  NCR_WALG_AES_RFC5649 },
	/* public key: any algorithm name; alg is the enum pk_kind, and
	 * unsupported curves, hashes or sizes are skipped per group */
	{ "rsaes_oaep_decrypt_schema_v1.json", NULL, K_PK, PK_RSA_OAEP_DEC },
	{ "rsaes_pkcs1_decrypt_schema_v1.json", NULL, K_PK,
	  PK_RSA_PKCS1_DEC },
	{ "rsassa_pkcs1_generate_schema_v1.json", NULL, K_PK,
	  PK_RSA_PKCS1_GEN },
	{ "rsassa_pkcs1_verify_schema_v1.json", NULL, K_PK,
	  PK_RSA_PKCS1_VER },
	{ "rsassa_pss_verify_schema_v1.json", NULL, K_PK, PK_RSA_PSS_VER },
	{ "dsa_verify_schema_v1.json", NULL, K_PK, PK_DSA_VER },
	{ "dsa_p1363_verify_schema_v1.json", NULL, K_PK, PK_DSA_VER_P1363 },
	{ "ecdsa_verify_schema_v1.json", NULL, K_PK, PK_ECDSA_VER },
	{ "ecdsa_p1363_verify_schema_v1.json", NULL, K_PK,
	  PK_ECDSA_VER_P1363 },
	{ "eddsa_verify_schema_v1.json", NULL, K_PK, PK_EDDSA_VER },
	{ "ecdh_test_schema_v1.json", NULL, K_PK, PK_ECDH_ASN },
	{ "ecdh_ecpoint_test_schema_v1.json", NULL, K_PK, PK_ECDH_POINT },
	{ "xdh_comp_schema_v1.json", NULL, K_PK, PK_XDH },
	/* key derivation: NCRIO_KEY_KDF */
	{ "hkdf_test_schema_v1.json", "HKDF-SHA-256", K_KDF,
	  NCR_ALG_HKDF_SHA256 },
	{ "hkdf_test_schema_v1.json", "HKDF-SHA-384", K_KDF,
	  NCR_ALG_HKDF_SHA384 },
	{ "hkdf_test_schema_v1.json", "HKDF-SHA-512", K_KDF,
	  NCR_ALG_HKDF_SHA512 },
	{ "pbkdf_test_schema.json", "PBKDF2-HMACSHA1", K_KDF,
	  NCR_ALG_PBKDF2_SHA1 },
	{ "pbkdf_test_schema.json", "PBKDF2-HMACSHA256", K_KDF,
	  NCR_ALG_PBKDF2_SHA256 },
	{ "pbkdf_test_schema.json", "PBKDF2-HMACSHA512", K_KDF,
	  NCR_ALG_PBKDF2_SHA512 },
};

static const char *known_schemas[] = {
	"aead_test_schema_v1.json", "ind_cpa_test_schema_v1.json",
	"mac_test_schema_v1.json", "keywrap_test_schema_v1.json",
	"rsaes_oaep_decrypt_schema_v1.json",
	"rsaes_pkcs1_decrypt_schema_v1.json",
	"rsassa_pkcs1_generate_schema_v1.json",
	"rsassa_pkcs1_verify_schema_v1.json",
	"rsassa_pss_verify_schema_v1.json", "dsa_verify_schema_v1.json",
	"dsa_p1363_verify_schema_v1.json", "ecdsa_verify_schema_v1.json",
	"ecdsa_p1363_verify_schema_v1.json", "eddsa_verify_schema_v1.json",
	"ecdh_test_schema_v1.json", "ecdh_ecpoint_test_schema_v1.json",
	"xdh_comp_schema_v1.json", "hkdf_test_schema_v1.json",
	"pbkdf_test_schema.json",
};

static void group_label(json_t *g, int gi, char *buf, size_t len)
{
	int n = snprintf(buf, len, "group %d", gi);
	static const char *const fields[] = { "keySize", "ivSize", "tagSize",
					      "sha", "mgfSha", "sLen",
					      "curve" };

	for (size_t i = 0; i < ARRAY_SIZE(fields) && n > 0 && (size_t)n < len;
	     i++) {
		json_t *v = json_object_get(g, fields[i]);

		if (json_is_integer(v))
			n += snprintf(buf + n, len - (size_t)n, " %s=%lld",
				      fields[i], (long long)json_integer_value(v));
		else if (json_is_string(v))
			n += snprintf(buf + n, len - (size_t)n, " %s=%s",
				      fields[i], json_string_value(v));
	}
}

/* Counts the tests of a file without running them. */
static int count_tests(json_t *root)
{
	json_t *groups = json_object_get(root, "testGroups"), *g;
	size_t gi;
	int n = 0;

	json_array_foreach(groups, gi, g)
		n += (int)json_array_size(json_object_get(g, "tests"));
	return n;
}

static int run_file(const char *path)
{
	struct file_run fr = { 0 };
	json_error_t jerr;
	json_t *root, *groups, *g;
	const struct supported *sup = NULL;
	const char *schema;
	char *pathcopy = strdup(path);
	struct live before, after;
	int have_live = 0;
	size_t gi;
	unsigned long file_index = 0, fr_ran = 0;

	fr.name = basename(pathcopy);
	cur_file = fr.name;
	set_checked = 0;
	root = json_load_file(path, 0, &jerr);
	if (!root) {
		tap_ok(0, "%s: cannot parse: %s (line %d)", fr.name, jerr.text,
		       jerr.line);
		printf("# %s: 0 passed, 1 failed, 0 skipped\n", fr.name);
		free(pathcopy);
		return 1;
	}
	schema = json_string_value(json_object_get(root, "schema"));
	fr.algorithm = json_string_value(json_object_get(root, "algorithm"));
	if (!schema)
		schema = "(none)";
	if (!fr.algorithm)
		fr.algorithm = "(none)";
	for (size_t i = 0; i < ARRAY_SIZE(supported); i++)
		if (!strcmp(supported[i].schema, schema) &&
		    (!supported[i].algorithm ||
		     !strcmp(supported[i].algorithm, fr.algorithm)))
			sup = &supported[i];
	if (!sup) {
		int known = 0;

		for (size_t i = 0; i < ARRAY_SIZE(known_schemas); i++)
			known |= !strcmp(known_schemas[i], schema);
		fr.skip = count_tests(root);
		if (known) {
			printf("# unsupported algorithm %s (schema %s)\n",
			       fr.algorithm, schema);
			tap_skip("unsupported algorithm", "%s: %s", fr.name,
				 fr.algorithm);
		} else {
			printf("# unsupported schema %s\n", schema);
			tap_skip("unsupported schema", "%s: %s", fr.name,
				 schema);
		}
		goto summary;
	}
	if (sup->kind == K_PK && be != &ncr_backend) {
		fr.skip = count_tests(root);
		tap_skip("public-key schemas run only against /dev/crypto",
			 "%s: %s", fr.name, schema);
		goto summary;
	}
	if (sup->kind == K_KDF && be != &ncr_backend) {
		fr.skip = count_tests(root);
		tap_skip("key derivation schemas run only against /dev/crypto",
			 "%s: %s", fr.name, schema);
		goto summary;
	}
	if (be == &bsd_backend &&
	    (sup->kind == K_KEYWRAP || !bsd_serves(sup->alg))) {
		fr.skip = count_tests(root);
		tap_skip("no BSD cryptodev id", "%s: %s", fr.name,
			 fr.algorithm);
		goto summary;
	}
	if (be != &openssl_backend && !live_get(ncr_fd, &before))
		have_live = 1;
	acc_accepted = acc_refused = 0;
	ir_synth = ir_pub_refused = ir_pub_decrypted = 0;
	ir_min = (size_t)-1;
	ir_max = 0;

	groups = json_object_get(root, "testGroups");
	json_array_foreach(groups, gi, g) {
		json_t *tests = json_object_get(g, "tests"), *t;
		unsigned long first = file_index, nsel = 0;
		long tag_bits = (long)json_integer_value(
			json_object_get(g, "tagSize"));
		int gpass = 0, gfail = 0;
		struct pkgroup gc;
		char label[128];
		size_t ti;

		group_label(g, (int)gi, label, sizeof(label));
		file_index += json_array_size(tests);
		if (sup->kind == K_PK) {
			for (unsigned long i = first; i < file_index; i++)
				nsel += pk_selected(i);
			if (!nsel)
				continue;	/* sampled out: no key import */
			pk_group_begin((int)sup->alg, g, &gc);
		}
		json_array_foreach(tests, ti, t) {
			struct tcase tc;
			char why[300] = "";
			enum verdict v;

			if (sup->kind == K_PK && !pk_selected(first + ti))
				continue;
			fr_ran++;

			if (tcase_load(t, &tc, sup->kind != K_PK &&
				       sup->kind != K_KDF)) {
				v = V_FAIL;
				snprintf(why, sizeof(why),
					 "malformed test (bad or missing hex)");
			} else {
				/* policy sets: NCR keys only (kdf.c checks
				 * its own) */
				if (!set_checked && sup->kind != K_PK &&
				    sup->kind != K_KDF && be != &bsd_backend)
					set_check(sup, &tc);
				switch (sup->kind) {
				case K_AEAD:
					v = run_aead(sup->alg, fr.algorithm,
						     &tc, why, sizeof(why));
					break;
				case K_CBC_PKCS5:
					v = run_cbc_pkcs5(&tc, why,
							  sizeof(why));
					break;
				case K_XTS:
					v = run_xts(&tc, why, sizeof(why));
					break;
				case K_MAC:
					v = run_mac(sup->alg,
						    (size_t)tag_bits / 8, &tc,
						    why, sizeof(why));
					break;
				case K_KEYWRAP:
					v = run_keywrap(sup->alg, fr.algorithm,
							&tc, why, sizeof(why));
					break;
				case K_PK:
					v = run_pk(&gc, &tc, why, sizeof(why));
					break;
				case K_KDF:
					v = run_kdf(sup->alg, t, &tc, why,
						    sizeof(why));
					break;
				default:
					v = V_FAIL;
					break;
				}
			}
			if (v == V_PASS) {
				gpass++;
				fr.pass++;
			} else if (v == V_FAIL) {
				gfail++;
				fr.fail++;
				tap_ok(0, "%s tcId %ld (%s) [%s, %s]: %s",
				       fr.name, tc.id, tc.comment, label,
				       tc.result ? tc.result : "?", why);
			} else {
				note_skip(&fr, why, tc.id);
			}
			tcase_free(&tc);
		}
		if (sup->kind == K_PK)
			pk_group_end(&gc);
		if (gpass && !gfail)
			tap_ok(1, "%s %s: %d tests passed", fr.name, label,
			       gpass);
	}
	for (int i = 0; i < fr.n_reasons; i++)
		tap_skip(fr.skips[i].reason, "%s: %d tests (tcId %s)", fr.name,
			 fr.skips[i].count, fr.skips[i].ids);
	if (have_live && !live_get(ncr_fd, &after))
		tap_ok(after.keys == before.keys &&
		       after.sessions == before.sessions,
		       "%s: no keys or sessions left behind (keys %llu -> "
		       "%llu, sessions %llu -> %llu)", fr.name,
		       (unsigned long long)before.keys,
		       (unsigned long long)after.keys,
		       (unsigned long long)before.sessions,
		       (unsigned long long)after.sessions);
	if (acc_accepted || acc_refused)
		printf("# %s: acceptable tests: %d accepted, %d refused\n",
		       fr.name, acc_accepted, acc_refused);
	if (ir_synth || ir_pub_refused || ir_pub_decrypted)
		printf("# %s: implicit rejection: %d invalid ciphertexts "
		       "decrypted to the reference's synthetic message (%zu.."
		       "%zu bytes); publicly invalid: %d refused, %d "
		       "decrypted\n", fr.name, ir_synth, ir_synth ? ir_min : 0,
		       ir_max, ir_pub_refused, ir_pub_decrypted);
	if (sup->kind == K_PK && pk_stride > 1)
		printf("# %s: sampled: ran %lu of %lu tests (every %lu-th, "
		       "offset %lu)\n", fr.name, fr_ran, file_index,
		       pk_stride, pk_offset);
summary:
	printf("# %s: %d passed, %d failed, %d skipped\n", fr.name, fr.pass,
	       fr.fail, fr.skip);
	json_decref(root);
	free(pathcopy);
	return fr.fail ? 1 : 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: wycheproof [--backend=ncr|openssl|bsd] "
		"FILE.json...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int failed = 0, nfiles = 0;

	tap_init();
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--backend=openssl"))
			be = &openssl_backend;
		else if (!strcmp(argv[i], "--backend=ncr"))
			be = &ncr_backend;
		else if (!strcmp(argv[i], "--backend=bsd"))
			be = &bsd_backend;
		else if (argv[i][0] == '-' && argv[i][1] == '-')
			usage();
		else
			nfiles++;
	}
	if (!nfiles)
		usage();
	{
		const char *st = getenv("NCR_WYCHEPROOF_PK_STRIDE");
		const char *of = getenv("NCR_WYCHEPROOF_PK_OFFSET");

		if (st && strtoul(st, NULL, 0) > 1) {
			pk_stride = strtoul(st, NULL, 0);
			pk_offset = of && *of ? strtoul(of, NULL, 0) :
				    (unsigned long)time(NULL) / 60;
			pk_offset %= pk_stride;
			printf("# public-key files sampled: every %lu-th test, "
			       "offset %lu (NCR_WYCHEPROOF_PK_STRIDE=%lu "
			       "NCR_WYCHEPROOF_PK_OFFSET=%lu reproduce)\n",
			       pk_stride, pk_offset, pk_stride, pk_offset);
		}
	}
	if (be != &openssl_backend)
		ncr_fd = dev_open_or_skip_all(ncr_open);
	ir_known_answers();
	for (int i = 1; i < argc; i++)
		if (argv[i][0] != '-' || argv[i][1] != '-')
			failed |= run_file(argv[i]);
	if (ncr_fd >= 0)
		ncr_close(ncr_fd);
	return tap_finish("wycheproof") || failed ? 1 : 0;
}
