// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wrap.c - build/tests/security: symmetric key wrap (WRAPPABLE, no
 * decryption oracle, no laundering through a known wrapping key) and
 * TRUSTED wrapping keys (who may make them, which keys qualify, the
 * ALWAYS_SENSITIVE attribute), as root and as non-root.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "security.h"

/* ------------------------------------------------------------- key wrap */

void test_key_wrap(void)
{
	static const uint8_t kek_bytes[16] = { 0xde, 0xad, 0xbe, 0xef, 1, 2,
					       3, 4, 5, 6, 7, 8, 9, 10, 11,
					       12 };
	uint8_t w[NCR_WRAPPED_KEY_MAX], w2[NCR_WRAPPED_KEY_MAX], buf[64];
	uint8_t msg[32], ct1[32], ct2[32];
	uint32_t kek, kek_exp, kek_imp, kek_wrap_only, kek_unwrap_only;
	uint32_t k_plain, k_exp, k, k_ew, k2;
	struct ncr_key_info ki;
	struct live before;
	size_t wl, wl2, len;
	int r, other;

	memset(msg, 0x71, sizeof(msg));
	/* wrapping keys: generated (ordinary, not exportable), imported
	 * exportable, imported not exportable, one usage only */
	r = ncr_key_generate(fd, NCR_KEY_TYPE_AES, 256, 0,
			     NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP, &kek);
	r = r ? r : ncr_key_import(fd, NCR_KEY_TYPE_AES, kek_bytes, 16, NULL,
				   0, NCR_KEY_FLAG_EXPORTABLE,
				   NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP,
				   &kek_exp);
	r = r ? r : ncr_key_import(fd, NCR_KEY_TYPE_AES, kek_bytes, 16, NULL,
				   0, 0, NCR_KEY_USAGE_WRAP |
				   NCR_KEY_USAGE_UNWRAP, &kek_imp);
	r = r ? r : ncr_key_generate(fd, NCR_KEY_TYPE_AES, 128, 0,
				     NCR_KEY_USAGE_WRAP, &kek_wrap_only);
	r = r ? r : ncr_key_generate(fd, NCR_KEY_TYPE_AES, 128, 0,
				     NCR_KEY_USAGE_UNWRAP, &kek_unwrap_only);
	/* keys to wrap: not wrappable (once exportable and hashable, once
	 * not), wrappable not exportable, wrappable and exportable */
	r = r ? r : imp_key(fd, NCR_KEY_TYPE_AES, aes_bytes, 16, 0,
			    NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_CBC, NULL,
			    &k_plain);
	r = r ? r : imp_key(fd, NCR_KEY_TYPE_AES, aes_bytes, 16,
			    NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_HASHABLE,
			    NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_CBC, NULL,
			    &k_exp);
	r = r ? r : gen_key(fd, NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_WRAPPABLE,
			    NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_CBC, &k);
	r = r ? r : imp_key(fd, NCR_KEY_TYPE_AES, aes_bytes, 16,
			    NCR_KEY_FLAG_WRAPPABLE | NCR_KEY_FLAG_EXPORTABLE,
			    NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_CBC, NULL,
			    &k_ew);
	if (!tap_err(r, 0, "key wrap: set up keys"))
		return;

	for (uint32_t alg = NCR_WALG_AES_RFC3394;
	     alg <= NCR_WALG_AES_RFC5649; alg++) {
		before = live_now();
		wl = sizeof(w);
		r = ncr_key_wrap(fd, alg, kek, k_plain, w, &wl);
		expect_none(r, -EPERM, &before, "key wrap (alg %u) of a key "
			    "without WRAPPABLE", alg);
		wl = sizeof(w);
		r = ncr_key_wrap(fd, alg, kek, k_exp, w, &wl);
		expect_none(r, -EPERM, &before, "key wrap (alg %u) of an "
			    "exportable key without WRAPPABLE", alg);
		wl = sizeof(w);
		r = ncr_key_wrap(fd, alg, kek_unwrap_only, k_ew, w, &wl);
		expect_none(r, -EPERM, &before, "key wrap (alg %u) under a key "
			    "without WRAP usage", alg);
		/* the attack: a wrapping key that is not TRUSTED must not
		 * carry a non-exportable key out, whatever it is */
		wl = sizeof(w);
		memset(w, 0x5a, sizeof(w));
		r = ncr_key_wrap(fd, alg, kek, k, w, &wl);
		expect_none(r, -EPERM, &before, "key wrap (alg %u) of a "
			    "wrappable, non-exportable key under an ordinary "
			    "generated wrapping key", alg);
		tap_ok(w[0] == 0x5a && w[23] == 0x5a, "the refused wrap (alg "
		       "%u) wrote nothing", alg);
		wl = sizeof(w);
		r = ncr_key_wrap(fd, alg, kek_exp, k, w, &wl);
		expect_none(r, -EPERM, &before, "key wrap (alg %u) of a "
			    "wrappable, non-exportable key under an imported "
			    "exportable wrapping key (the caller knows it)",
			    alg);
		wl = sizeof(w);
		r = ncr_key_wrap(fd, alg, kek_imp, k, w, &wl);
		expect_none(r, -EPERM, &before, "key wrap (alg %u) of a "
			    "wrappable, non-exportable key under an imported "
			    "non-exportable wrapping key", alg);
		/* wrappable and exportable: the caller could read it anyway */
		wl = sizeof(w);
		r = ncr_key_wrap(fd, alg, kek, k_ew, w, &wl);
		tap_ok(!r && wl == 24, "key wrap (alg %u) of a wrappable, "
		       "exportable key under an ordinary wrapping key: %s, "
		       "%zu bytes", alg, errname(r), wl);
	}

	/* unwrap: w = k_ew's bytes under kek (not exportable) */
	wl = sizeof(w);
	r = ncr_key_wrap(fd, NCR_WALG_AES_RFC5649, kek, k_ew, w, &wl);
	if (!tap_err(r, 0, "key wrap of the wrappable, exportable key"))
		goto out;
	before = live_now();
	r = ncr_key_unwrap(fd, NCR_WALG_AES_RFC5649, kek_wrap_only, w, wl,
			   NCR_KEY_TYPE_AES, 0, NCR_KEY_USAGE_ENCRYPT, NULL, 0,
			   &k2);
	expect_none(r, -EPERM, &before, "key unwrap under a key without "
		    "UNWRAP usage");
	/* the decryption-oracle attack: whatever is presented as a wrapped
	 * key under a key the caller cannot read stays in the kernel */
	{
		static const uint32_t asks[] = {
			NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_FLAG_HASHABLE,
			NCR_KEY_FLAG_EXPORTABLE | NCR_KEY_FLAG_WRAPPABLE,
			NCR_KEY_FLAG_HASHABLE | NCR_KEY_FLAG_STORABLE,
		};

		for (size_t i = 0; i < ARRAY_SIZE(asks); i++) {
			k2 = 0;
			r = unwrap_key(fd, NCR_WALG_AES_RFC5649, kek, w, wl,
				       NCR_KEY_TYPE_AES, asks[i],
				       NCR_KEY_USAGE_ENCRYPT,
				       NCR_KEY_ALG_AES_CBC, &k2);
			if (!r)
				ncr_key_deinit(fd, k2);
			expect_none(r, -EPERM, &before, "key unwrap asking "
				    "flags %#x under a non-exportable wrapping "
				    "key", asks[i]);
		}
		/* the same under the imported non-exportable key */
		wl2 = sizeof(w2);
		r = ncr_key_wrap(fd, NCR_WALG_AES_RFC3394, kek_exp, k_ew, w2,
				 &wl2);
		before = live_now();
		k2 = 0;
		r = r ? r : unwrap_key(fd, NCR_WALG_AES_RFC3394, kek_imp, w2,
				       wl2, NCR_KEY_TYPE_HMAC,
				       NCR_KEY_FLAG_HASHABLE,
				       NCR_KEY_USAGE_SIGN, 0, &k2);
		if (!r)
			ncr_key_deinit(fd, k2);
		expect_none(r, -EPERM, &before, "key unwrap asking HASHABLE "
			    "under an imported non-exportable wrapping key");
	}
	/* asked nothing: gets nothing (no forced WRAPPABLE) */
	r = unwrap_key(fd, NCR_WALG_AES_RFC5649, kek, w, wl, NCR_KEY_TYPE_AES,
		       0, NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_CBC, &k2);
	if (tap_err(r, 0, "key unwrap asking flags 0")) {
		kinfo(fd, k2, &ki);
		tap_ok(ki.flags == 0 && ki.usage == NCR_KEY_USAGE_ENCRYPT &&
		       ki.algs == NCR_KEY_ALG_AES_CBC &&
		       ki.attrs == NCR_KEY_ATTR_NEVER_EXTRACTABLE,
		       "the unwrapped key has exactly the policy asked (flags "
		       "%#x, usage %#x, algs %#llx), attrs NEVER_EXTRACTABLE "
		       "only (%#x): not LOCAL, not ALWAYS_SENSITIVE (an "
		       "ordinary wrapping key's holder may know it)", ki.flags,
		       ki.usage, (unsigned long long)ki.algs, ki.attrs);
		before = live_now();
		len = sizeof(buf);
		r = ncr_key_export(fd, k2, buf, &len);
		expect_none(r, -EPERM, &before, "export of the unwrapped key");
		r = cbc_encrypt(fd, k_ew, msg, 32, ct1);
		r = r ? r : cbc_encrypt(fd, k2, msg, 32, ct2);
		tap_ok(!r && !memcmp(ct1, ct2, 32), "original and unwrapped "
		       "key encrypt identically (%s)", errname(r));
		wl2 = sizeof(w2);
		r = ncr_key_wrap(fd, NCR_WALG_AES_RFC5649, kek, k2, w2, &wl2);
		expect_none(r, -EPERM, &before, "key wrap of the unwrapped "
			    "key, which is not WRAPPABLE");
		ncr_key_deinit(fd, k2);
	}
	/* asked WRAPPABLE: cannot be laundered out through a wrapping key
	 * the caller knows */
	r = unwrap_key(fd, NCR_WALG_AES_RFC5649, kek, w, wl, NCR_KEY_TYPE_AES,
		       NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_ENCRYPT,
		       NCR_KEY_ALG_AES_CBC, &k2);
	if (tap_err(r, 0, "key unwrap asking WRAPPABLE")) {
		kinfo(fd, k2, &ki);
		tap_ok(ki.flags == NCR_KEY_FLAG_WRAPPABLE, "its flags are "
		       "WRAPPABLE only (%#x)", ki.flags);
		before = live_now();
		wl2 = sizeof(w2);
		r = ncr_key_wrap(fd, NCR_WALG_AES_RFC5649, kek_exp, k2, w2,
				 &wl2);
		expect_none(r, -EPERM, &before, "key wrap of the unwrapped, "
			    "wrappable key under a known wrapping key");
		wl2 = sizeof(w2);
		r = ncr_key_wrap(fd, NCR_WALG_AES_RFC5649, kek, k2, w2, &wl2);
		expect_none(r, -EPERM, &before, "key wrap of the unwrapped, "
			    "wrappable key under the key that unwrapped it");
		ncr_key_deinit(fd, k2);
	}
	/* under an exportable wrapping key, EXPORTABLE and HASHABLE are
	 * allowed: the caller could unwrap in user space anyway */
	wl2 = sizeof(w2);
	r = ncr_key_wrap(fd, NCR_WALG_AES_RFC3394, kek_exp, k_ew, w2, &wl2);
	r = r ? r : unwrap_key(fd, NCR_WALG_AES_RFC3394, kek_exp, w2, wl2,
			       NCR_KEY_TYPE_AES, NCR_KEY_FLAG_EXPORTABLE |
			       NCR_KEY_FLAG_HASHABLE, NCR_KEY_USAGE_ENCRYPT,
			       NCR_KEY_ALG_AES_CBC, &k2);
	if (tap_err(r, 0, "key unwrap asking EXPORTABLE|HASHABLE under an "
		    "exportable wrapping key")) {
		kinfo(fd, k2, &ki);
		len = sizeof(buf);
		r = ncr_key_export(fd, k2, buf, &len);
		tap_ok(!r && len == 16 && !memcmp(buf, aes_bytes, 16) &&
		       ki.flags == (NCR_KEY_FLAG_EXPORTABLE |
				    NCR_KEY_FLAG_HASHABLE),
		       "it has the flags asked (%#x) and exports the wrapped "
		       "bytes (%s)", ki.flags, errname(r));
		ncr_key_deinit(fd, k2);
	}

	/* handles mean nothing in another namespace */
	other = ncr_open();
	if (other >= 0) {
		before = live_now();
		wl2 = sizeof(w2);
		r = ncr_key_wrap(other, NCR_WALG_AES_RFC5649, kek, k_ew, w2,
				 &wl2);
		expect_none(r, -ENOENT, &before, "key wrap with handles of "
			    "another namespace");
		r = ncr_key_unwrap(other, NCR_WALG_AES_RFC5649, kek, w, wl,
				   NCR_KEY_TYPE_AES, 0, NCR_KEY_USAGE_ENCRYPT,
				   NULL, 0, &k2);
		expect_none(r, -ENOENT, &before, "key unwrap under a handle of "
			    "another namespace");
		ncr_close(other);
	}
out:
	ncr_key_deinit(fd, kek);
	ncr_key_deinit(fd, kek_exp);
	ncr_key_deinit(fd, kek_imp);
	ncr_key_deinit(fd, kek_wrap_only);
	ncr_key_deinit(fd, kek_unwrap_only);
	ncr_key_deinit(fd, k_plain);
	ncr_key_deinit(fd, k_exp);
	ncr_key_deinit(fd, k);
	ncr_key_deinit(fd, k_ew);
}

/* ----------------------------------------------------------- trusted keys */

/*
 * An unprivileged child (uid/gid 65534, no capabilities) imports a
 * wrap-only key into a namespace it shares with us; returns the handle,
 * or 0.
 */
static uint32_t import_as_nobody(int ctx)
{
	int pfd[2], st = 0;
	uint32_t h = 0;
	pid_t pid;

	if (pipe(pfd))
		return 0;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		uint32_t k = 0;

		close(pfd[0]);
		if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(3);
		if (ncr_key_import(ctx, NCR_KEY_TYPE_AES, aes_bytes, 16, NULL,
				   0, 0, NCR_KEY_USAGE_WRAP, &k))
			_exit(4);
		if (write(pfd[1], &k, sizeof(k)) != sizeof(k))
			_exit(5);
		_exit(0);
	}
	close(pfd[1]);
	if (pid > 0 && read(pfd[0], &h, sizeof(h)) != sizeof(h))
		h = 0;
	close(pfd[0]);
	if (pid > 0)
		waitpid(pid, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		tap_diag("unprivileged importer: exit status %d",
			 WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	return h;
}

void test_trusted(void)
{
	uint8_t w[NCR_WRAPPED_KEY_MAX], w2[NCR_WRAPPED_KEY_MAX], buf[64];
	uint8_t msg[48], ct1[48], ct2[48];
	uint32_t kt, kord, k, k_plain, k2, k3;
	struct ncr_key_info ki;
	struct live before;
	size_t wl, wl2, len;
	int r;

	memset(msg, 0x3c, sizeof(msg));
	if (!is_root) {
		/* every way to get a TRUSTED key is refused */
		uint8_t wrapped[24] = { 0 };

		r = ncr_key_generate(fd, NCR_KEY_TYPE_AES, 256, 0,
				     NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP,
				     &kord);
		if (!tap_err(r, 0, "an ordinary wrapping key"))
			return;
		before = live_now();
		r = ncr_key_generate(fd, NCR_KEY_TYPE_AES, 256,
				     NCR_KEY_FLAG_TRUSTED, NCR_KEY_USAGE_WRAP |
				     NCR_KEY_USAGE_UNWRAP, &k);
		if (!r)
			ncr_key_deinit(fd, k);
		expect_none(r, -EPERM, &before, "generate with TRUSTED without "
			    "CAP_SYS_ADMIN");
		r = ncr_key_import(fd, NCR_KEY_TYPE_AES, aes_bytes, 16, NULL, 0,
				   NCR_KEY_FLAG_TRUSTED, NCR_KEY_USAGE_WRAP,
				   &k);
		if (!r)
			ncr_key_deinit(fd, k);
		expect_none(r, -EPERM, &before, "import with TRUSTED without "
			    "CAP_SYS_ADMIN");
		r = unwrap_key(fd, NCR_WALG_AES_RFC3394, kord, wrapped,
			       sizeof(wrapped), NCR_KEY_TYPE_AES,
			       NCR_KEY_FLAG_TRUSTED, NCR_KEY_USAGE_WRAP, 0, &k);
		if (!r)
			ncr_key_deinit(fd, k);
		expect_none(r, -EPERM, &before, "unwrap with TRUSTED without "
			    "CAP_SYS_ADMIN");
		{
			uint32_t priv, pub;

			r = pk_genpair(fd, NCR_KEY_TYPE_RSA, 2048, 0, NULL, 0,
				       NCR_KEY_FLAG_TRUSTED,
				       NCR_KEY_USAGE_UNWRAP, 0, &priv, &pub);
			if (!r) {
				key_del(fd, priv);
				key_del(fd, pub);
			}
			expect_none(r, -EPERM, &before, "RSA key pair with "
				    "TRUSTED without CAP_SYS_ADMIN");
		}
		r = ncr_key_trust(fd, kord);
		expect_none(r, -EPERM, &before, "NCRIO_KEY_TRUST without "
			    "CAP_SYS_ADMIN");
		kinfo(fd, kord, &ki);
		tap_ok(!(ki.flags & NCR_KEY_FLAG_TRUSTED), "the key did not "
		       "become TRUSTED (flags %#x)", ki.flags);
		ncr_key_deinit(fd, kord);
		return;
	}

	r = gen_key(fd, NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_TRUSTED,
		    NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP, 0, &kt);
	r = r ? r : ncr_key_generate(fd, NCR_KEY_TYPE_AES, 256, 0,
				     NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP,
				     &kord);
	r = r ? r : gen_key(fd, NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_WRAPPABLE,
			    NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_CBC, &k);
	r = r ? r : gen_key(fd, NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_ENCRYPT,
			    NCR_KEY_ALG_AES_CBC, &k_plain);
	if (!tap_err(r, 0, "root: a TRUSTED wrapping key (generated) and "
		     "keys to wrap"))
		return;
	kinfo(fd, kt, &ki);
	tap_ok(ki.flags == NCR_KEY_FLAG_TRUSTED &&
	       ki.algs == (NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_KWP) &&
	       ki.attrs == (NCR_KEY_ATTR_LOCAL | NCR_KEY_ATTR_ALWAYS_SENSITIVE |
			    NCR_KEY_ATTR_NEVER_EXTRACTABLE),
	       "the TRUSTED key: flags %#x, algs %#llx, attrs %#x", ki.flags,
	       (unsigned long long)ki.algs, ki.attrs);

	for (uint32_t alg = NCR_WALG_AES_RFC3394;
	     alg <= NCR_WALG_AES_RFC5649; alg++) {
		wl = sizeof(w);
		r = ncr_key_wrap(fd, alg, kt, k, w, &wl);
		/* 24 envelope bytes (the key's policy), 16 of key, 8 */
		if (!tap_ok(!r && wl == 48, "key wrap (alg %u) of a wrappable, "
			    "non-exportable key under a TRUSTED key: %s, "
			    "%zu bytes (policy envelope + key + 8)",
			    alg, errname(r), wl))
			continue;
		before = live_now();
		r = unwrap_key(fd, alg, kt, w, wl, NCR_KEY_TYPE_AES, 0,
			       NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_DECRYPT,
			       NCR_KEY_ALG_AES_CBC, &k2);
		expect_none(r, -EPERM, &before, "unwrap (alg %u) under the "
			    "TRUSTED key asking a usage the key did not have",
			    alg);
		r = unwrap_key(fd, alg, kt, w, wl, NCR_KEY_TYPE_AES, 0,
			       NCR_KEY_USAGE_ENCRYPT,
			       NCR_KEY_ALG_AES_CBC | NCR_KEY_ALG_AES_ECB, &k2);
		expect_none(r, -EPERM, &before, "unwrap (alg %u) under the "
			    "TRUSTED key asking an algorithm the key did not "
			    "have", alg);
		r = unwrap_key(fd, alg, kt, w, wl, NCR_KEY_TYPE_HMAC, 0,
			       NCR_KEY_USAGE_SIGN, 0, &k2);
		expect_none(r, -EINVAL, &before, "unwrap (alg %u) under the "
			    "TRUSTED key as another key type", alg);
		r = unwrap_key(fd, alg, kt, w, wl, NCR_KEY_TYPE_AES,
			       NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_ENCRYPT,
			       NCR_KEY_ALG_AES_CBC, &k2);
		expect_none(r, -EPERM, &before, "unwrap (alg %u) under the "
			    "TRUSTED key asking EXPORTABLE", alg);
		r = unwrap_key(fd, alg, kt, w, wl, NCR_KEY_TYPE_AES,
			       NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_ENCRYPT,
			       NCR_KEY_ALG_AES_CBC, &k2);
		if (!tap_err(r, 0, "unwrap (alg %u) under the TRUSTED key",
			     alg))
			continue;
		r = cbc_encrypt(fd, k, msg, 32, ct1);
		r = r ? r : cbc_encrypt(fd, k2, msg, 32, ct2);
		tap_ok(!r && !memcmp(ct1, ct2, 32), "alg %u: original and "
		       "unwrapped key encrypt identically (%s)", alg,
		       errname(r));
		wl2 = sizeof(w2);
		r = ncr_key_wrap(fd, alg, kt, k2, w2, &wl2);
		tap_ok(!r && wl2 == wl && !memcmp(w, w2, wl), "alg %u: the "
		       "unwrapped key wraps again to the same bytes (%s)", alg,
		       errname(r));
		before = live_now();
		wl2 = sizeof(w2);
		r = ncr_key_wrap(fd, alg, kord, k2, w2, &wl2);
		expect_none(r, -EPERM, &before, "alg %u: ... but not under an "
			    "ordinary wrapping key", alg);
		len = sizeof(buf);
		r = ncr_key_export(fd, k2, buf, &len);
		expect_none(r, -EPERM, &before, "alg %u: nor exported", alg);
		ncr_key_deinit(fd, k2);
	}
	before = live_now();
	wl = sizeof(w);
	r = ncr_key_wrap(fd, NCR_WALG_AES_RFC5649, kt, k_plain, w, &wl);
	expect_none(r, -EPERM, &before, "key wrap of a key without WRAPPABLE "
		    "under a TRUSTED key");

	/* which keys may be TRUSTED */
	{
		static const struct {
			uint32_t type, bits, flags, usage;
			uint64_t algs;
			const char *what;
		} no[] = {
			{ NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_EXPORTABLE,
			  NCR_KEY_USAGE_WRAP, 0, "EXPORTABLE" },
			{ NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_HASHABLE,
			  NCR_KEY_USAGE_WRAP, 0, "HASHABLE" },
			{ NCR_KEY_TYPE_AES, 256, 0, NCR_KEY_USAGE_WRAP |
			  NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_KW |
			  NCR_KEY_ALG_AES_GCM, "usage WRAP|ENCRYPT" },
			{ NCR_KEY_TYPE_AES, 256, 0, NCR_KEY_USAGE_WRAP,
			  NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_ECB,
			  "set KW|ECB" },
			{ NCR_KEY_TYPE_AES, 256, 0, NCR_KEY_USAGE_DECRYPT, 0,
			  "usage DECRYPT" },
			{ NCR_KEY_TYPE_HMAC, 256, 0, NCR_KEY_USAGE_SIGN, 0,
			  "an HMAC key" },
		};

		for (size_t i = 0; i < ARRAY_SIZE(no); i++) {
			before = live_now();
			r = gen_key(fd, no[i].type, no[i].bits,
				    no[i].flags | NCR_KEY_FLAG_TRUSTED,
				    no[i].usage, no[i].algs, &k2);
			if (!r)
				ncr_key_deinit(fd, k2);
			expect_none(r, -EINVAL, &before, "generate TRUSTED "
				    "with %s", no[i].what);
			r = gen_key(fd, no[i].type, no[i].bits, no[i].flags,
				    no[i].usage, no[i].algs, &k2);
			if (!tap_err(r, 0, "a key with %s", no[i].what))
				continue;
			before = live_now();
			r = ncr_key_trust(fd, k2);
			expect_none(r, -EINVAL, &before, "NCRIO_KEY_TRUST of a "
				    "key with %s", no[i].what);
			kinfo(fd, k2, &ki);
			if (ki.flags & NCR_KEY_FLAG_TRUSTED)
				tap_ok(0, "the refused key became TRUSTED");
			ncr_key_deinit(fd, k2);
		}
		/* once exportable, restricted since: still refused */
		r = ncr_key_generate(fd, NCR_KEY_TYPE_AES, 256,
				     NCR_KEY_FLAG_EXPORTABLE,
				     NCR_KEY_USAGE_WRAP, &k2);
		r = r ? r : ncr_key_restrict(fd, k2, NCR_KEY_FLAG_EXPORTABLE, 0,
					     0);
		if (tap_err(r, 0, "a once-exportable key, restricted")) {
			before = live_now();
			r = ncr_key_trust(fd, k2);
			expect_none(r, -EINVAL, &before, "NCRIO_KEY_TRUST of a "
				    "key that was once exportable");
			ncr_key_deinit(fd, k2);
		}
	}

	/* a key unwrapped under an ordinary wrapping key may be known to
	 * whoever holds that key: never trusted */
	{
		uint32_t kx;

		r = gen_key(fd, NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_EXPORTABLE |
			    NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_WRAP, 0, &kx);
		wl = sizeof(w);
		r = r ? r : ncr_key_wrap(fd, NCR_WALG_AES_RFC5649, kord, kx, w,
					 &wl);
		r = r ? r : unwrap_key(fd, NCR_WALG_AES_RFC5649, kord, w, wl,
				       NCR_KEY_TYPE_AES, 0, NCR_KEY_USAGE_WRAP,
				       0, &k3);
		if (tap_err(r, 0, "a wrap-only key unwrapped under an ordinary "
			    "key")) {
			before = live_now();
			r = ncr_key_trust(fd, k3);
			expect_none(r, -EINVAL, &before, "NCRIO_KEY_TRUST of a "
				    "key unwrapped under an ordinary key");
			ncr_key_deinit(fd, k3);
		}
		ncr_key_deinit(fd, kx);
	}

	/* NCRIO_KEY_TRUST of an ordinary key; then RESTRICT takes it back */
	before = live_now();
	wl = sizeof(w);
	r = ncr_key_wrap(fd, NCR_WALG_AES_RFC3394, kord, k, w, &wl);
	expect_none(r, -EPERM, &before, "wrap of a non-exportable key under "
		    "the ordinary key, before NCRIO_KEY_TRUST");
	r = ncr_key_trust(fd, kord);
	tap_err(r, 0, "NCRIO_KEY_TRUST of a generated, wrap-only key");
	kinfo(fd, kord, &ki);
	wl = sizeof(w);
	r = ncr_key_wrap(fd, NCR_WALG_AES_RFC3394, kord, k, w, &wl);
	tap_ok(!r && (ki.flags & NCR_KEY_FLAG_TRUSTED), "after it: TRUSTED "
	       "(flags %#x) and wraps the non-exportable key (%s)", ki.flags,
	       errname(r));
	r = ncr_key_restrict(fd, kord, NCR_KEY_FLAG_TRUSTED, 0, 0);
	tap_err(r, 0, "NCRIO_KEY_RESTRICT clears TRUSTED");
	before = live_now();
	wl = sizeof(w);
	r = ncr_key_wrap(fd, NCR_WALG_AES_RFC3394, kord, k, w, &wl);
	expect_none(r, -EPERM, &before, "after it, the wrap is refused again");

	/* TRUSTED at unwrap: the unwrapped wrapping key can wrap k */
	{
		uint32_t kek2;

		r = gen_key(fd, NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_WRAPPABLE,
			    NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP, 0,
			    &kek2);
		wl = sizeof(w);
		r = r ? r : ncr_key_wrap(fd, NCR_WALG_AES_RFC5649, kt, kek2, w,
					 &wl);
		r = r ? r : unwrap_key(fd, NCR_WALG_AES_RFC5649, kt, w, wl,
				       NCR_KEY_TYPE_AES, NCR_KEY_FLAG_TRUSTED,
				       NCR_KEY_USAGE_WRAP, 0, &k3);
		if (tap_err(r, 0, "root: unwrap of a wrapping key asking "
			    "TRUSTED")) {
			kinfo(fd, k3, &ki);
			tap_ok(ki.attrs == NCR_KEY_ATTR_NEVER_EXTRACTABLE,
			       "unwrapped under a TRUSTED key: not "
			       "ALWAYS_SENSITIVE (attrs %#x)", ki.attrs);
			wl = sizeof(w);
			r = ncr_key_wrap(fd, NCR_WALG_AES_RFC3394, k3, k, w,
					 &wl);
			tap_err(r, 0, "the unwrapped TRUSTED key wraps a "
				"non-exportable key");
			ncr_key_deinit(fd, k3);
		}
		ncr_key_deinit(fd, kek2);
	}

	/* ncr.h: "A key a caller imported without CAP_SYS_ADMIN is never
	 * trusted" -- not even when it reaches a privileged process's
	 * namespace (the confused deputy) */
	k3 = import_as_nobody(fd);
	if (tap_ok(k3 != 0, "uid 65534 imports a wrap-only key into a "
		   "namespace shared with root")) {
		before = live_now();
		r = ncr_key_trust(fd, k3);
		expect_none(r, -EINVAL, &before, "NCRIO_KEY_TRUST by root of a "
			    "key imported without CAP_SYS_ADMIN");
		wl = sizeof(w);
		r = ncr_key_wrap(fd, NCR_WALG_AES_RFC3394, k3, k, w, &wl);
		expect_none(r, -EPERM, &before, "that key cannot wrap a "
			    "non-exportable key");
		ncr_key_deinit(fd, k3);
	}

	ncr_key_deinit(fd, kt);
	ncr_key_deinit(fd, kord);
	ncr_key_deinit(fd, k);
	ncr_key_deinit(fd, k_plain);
}
