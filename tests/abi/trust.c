// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/abi/trust.c - part of build/tests/abi (see tests/abi/main.c):
 * NCRIO_KEY_TRUST, with the unprivileged checks in a child that drops to
 * uid 65534 when run as root.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "abi.h"

/* --------------------------------------------------- NCRIO_KEY_TRUST */

/* The SPKI of the test RSA key (made through the current namespace). */
static int rsa_spki(uint8_t *spki, size_t *len)
{
	size_t dl = 0;
	uint8_t *der = hex_decode(rsa2048_pkcs8_hex, &dl);
	uint32_t priv = 0;
	int r;

	r = der ? pk_import(fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_PKCS8, 0, der,
			    dl, 0, NCR_KEY_USAGE_UNWRAP, &priv) : -EINVAL;
	r = r ?: pk_export(fd, priv, NCR_KEY_FORMAT_SPKI, spki, len);
	if (priv)
		kdel(priv);
	free(der);
	return r;
}

static int root_fd = -1;		/* in the child: the parent's namespace */
static uint32_t trust_candidate;	/* the parent's qualifying, untrusted key */
static uint32_t trusted_wk;		/* the parent's trusted wrapping key */
/* keys the unprivileged child made in root_fd, for root to try to trust:
 * imported, laundered through a TRUSTED key, an RSA public key */
enum { CH_IMPORT, CH_LAUNDER, CH_RSAPUB, CH_N };
static const char *const ch_names[CH_N] = { "import", "launder", "rsapub" };
static uint32_t child_handle[CH_N];

static void send_handle(int which, uint32_t h)
{
	char line[64];

	snprintf(line, sizeof(line), "%s %u", ch_names[which], h);
	if (child_pipe >= 0)
		report_line('H', line);
	else
		child_handle[which] = h;
}

static int drop_privileges(void)
{
	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	    setresuid(65534, 65534, 65534))
		return -1;
	return geteuid() == 65534 && getuid() == 65534 ? 0 : -1;
}

/*
 * Runs fn without CAP_SYS_ADMIN: as root, in a child that drops to uid
 * 65534 (its results come back through a pipe); otherwise right here.
 * In the child fd is a namespace the child opened as 65534, root_fd the
 * parent's.
 */
static void run_unprivileged(const char *what, void (*fn)(void))
{
	char line[1200];
	FILE *in;
	pid_t pid;
	int p[2], st = 0;

	if (!is_root) {
		fn();
		return;
	}
	if (pipe(p)) {
		report(0, "%s: pipe: %s", what, strerror(errno));
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		report(0, "%s: fork: %s", what, strerror(errno));
		close(p[0]);
		close(p[1]);
		return;
	}
	if (pid == 0) {
		close(p[0]);
		child_pipe = p[1];
		root_fd = fd;
		is_root = 0;
		if (drop_privileges()) {
			report(0, "%s: drop to uid 65534: %s", what,
			       strerror(errno));
			_exit(1);
		}
		fd = dev_open();
		if (fd < 0) {
			report(0, "%s: open /dev/crypto as uid 65534: %s",
			       what, errname(fd));
			_exit(1);
		}
		fn();
		close(fd);
		_exit(0);
	}
	close(p[1]);
	in = fdopen(p[0], "r");
	while (in && fgets(line, sizeof(line), in)) {
		char *nl = strchr(line, '\n'), *tab;

		if (nl)
			*nl = 0;
		switch (line[0]) {
		case '0':
		case '1':
			tap_ok(line[0] == '1', "uid 65534: %s", line + 1);
			break;
		case 's':
			tab = strchr(line, '\t');
			if (tab)
				*tab++ = 0;
			tap_skip(line + 1, "uid 65534: %s", tab ? tab : "");
			break;
		case 'H':
			for (int i = 0; i < CH_N; i++) {
				size_t n = strlen(ch_names[i]);

				if (!strncmp(line + 1, ch_names[i], n) &&
				    line[1 + n] == ' ')
					child_handle[i] = (uint32_t)strtoul(
						line + 2 + n, NULL, 0);
			}
			break;
		}
	}
	if (in)
		fclose(in);
	waitpid(pid, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		tap_ok(0, "%s: the unprivileged child ended with status %#x",
		       what, st);
}

/* What a process without CAP_SYS_ADMIN may not do with trust. */
static void unprivileged_trust(void)
{
	struct ncr_key_info ki;
	struct live before;
	uint32_t k = 0, k2 = 0, wk = 0, victim = 0;
	uint8_t w[64];
	uint32_t wl = sizeof(w);
	int r;

	r = gen(NCR_KEY_TYPE_AES, 256, 0, NCR_KEY_USAGE_WRAP |
		NCR_KEY_USAGE_UNWRAP, &k);
	if (!report_err(r, 0, "a wrap-only AES-256 key, never exportable"))
		return;
	before = live_now();
	expect(ktrust(k), -EPERM, &before, "NCRIO_KEY_TRUST of a qualifying "
	       "key without CAP_SYS_ADMIN");
	kinfo(k, &ki);
	report(ki.flags == 0, "the key is not TRUSTED after it (flags %#x)",
	       ki.flags);
	expect(genx(NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_TRUSTED,
		    NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP, 0, &k2),
	       -EPERM, &before, "generate TRUSTED without CAP_SYS_ADMIN");
	expect(impx(NCR_KEY_TYPE_AES, key16, 16, NCR_KEY_FLAG_TRUSTED,
		    NCR_KEY_USAGE_WRAP, 0, &k2), -EPERM, &before,
	       "import TRUSTED without CAP_SYS_ADMIN");
	{
		struct ncr_key_generate_pair g = {
			.size = sizeof(g), .type = NCR_KEY_TYPE_X25519,
			.usage = NCR_KEY_USAGE_DERIVE,
			.flags = NCR_KEY_FLAG_TRUSTED };

		expect(call(NCRIO_KEY_GENERATE_PAIR, &g), -EPERM, &before,
		       "generate a TRUSTED pair without CAP_SYS_ADMIN");
	}
	/* unwrap asking for TRUSTED */
	r = gen(NCR_KEY_TYPE_AES, 128, 0, NCR_KEY_USAGE_WRAP |
		NCR_KEY_USAGE_UNWRAP, &wk);
	r = r ?: gen(NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_WRAPPABLE |
		     NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_WRAP, &victim);
	r = r ?: kwrap(NCR_WALG_AES_RFC5649, wk, victim, w, &wl);
	if (report_err(r, 0, "a wrapped key for the unwrap check")) {
		before = live_now();
		expect(kunwrap(NCR_WALG_AES_RFC5649, wk, w, wl,
			       NCR_KEY_TYPE_AES, NCR_KEY_FLAG_TRUSTED,
			       NCR_KEY_USAGE_WRAP, &k2), -EPERM, &before,
		       "unwrap asking for TRUSTED without CAP_SYS_ADMIN");
	}
	/* restricting needs no privilege */
	report_err(krestrict(k, 0, NCR_KEY_USAGE_UNWRAP, NCR_KEY_ALG_AES_KW),
		   0, "NCRIO_KEY_RESTRICT without privilege");
	kdel(k);
	if (wk)
		kdel(wk);
	if (victim)
		kdel(victim);

	if (root_fd < 0)
		return;
	/* in the namespace root opened: its qualifying key stays untrusted */
	{
		int mine = fd;

		fd = root_fd;
		before = live_now();
		expect(ktrust(trust_candidate), -EPERM, &before,
		       "NCRIO_KEY_TRUST of root's qualifying key through a "
		       "shared descriptor, without CAP_SYS_ADMIN");
		r = kinfo(trust_candidate, &ki);
		report(!r && !(ki.flags & NCR_KEY_FLAG_TRUSTED),
		       "root's key is still not TRUSTED (flags %#x)",
		       ki.flags);
		/* root's trusted key serves for wrapping a key of ours */
		if (trusted_wk) {
			wl = sizeof(w);
			r = gen(NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_WRAPPABLE,
				NCR_KEY_USAGE_ENCRYPT, &victim);
			r = r ?: kwrap(NCR_WALG_AES_RFC5649, trusted_wk,
				       victim, w, &wl);
			report_err(r, 0, "wrap of a non-exportable WRAPPABLE "
				   "key under root's TRUSTED key");
			if (victim)
				kdel(victim);
			before = live_now();
			expect(krestrict(trusted_wk, 0, 0, 0), 0, &before,
			       "restrict of nothing on root's trusted key");
		}
		/* a key this uid imports there: material it knows */
		k = 0;
		r = imp(NCR_KEY_TYPE_AES, key16, 16, 0, NCR_KEY_USAGE_WRAP |
			NCR_KEY_USAGE_UNWRAP, &k);
		if (report_err(r, 0, "import of a wrap-only AES key into "
			       "root's namespace")) {
			r = kinfo(k, &ki);
			report(!r && !(ki.attrs &
				       NCR_KEY_ATTR_ALWAYS_SENSITIVE),
			       "a key imported without CAP_SYS_ADMIN is not "
			       "ALWAYS_SENSITIVE (attrs %#x)", ki.attrs);
			send_handle(CH_IMPORT, k);
		}
		/* the same known bytes, wrapped and unwrapped under root's
		 * TRUSTED key: still material this uid knows */
		if (trusted_wk) {
			uint32_t kk = 0, kl = 0;

			wl = sizeof(w);
			r = imp(NCR_KEY_TYPE_AES, key16, 16,
				NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_WRAP |
				NCR_KEY_USAGE_UNWRAP, &kk);
			r = r ?: kwrap(NCR_WALG_AES_RFC5649, trusted_wk, kk, w,
				       &wl);
			r = r ?: kunwrap(NCR_WALG_AES_RFC5649, trusted_wk, w,
					 wl, NCR_KEY_TYPE_AES, 0,
					 NCR_KEY_USAGE_WRAP |
					 NCR_KEY_USAGE_UNWRAP, &kl);
			if (report_err(r, 0, "an imported key wrapped and "
				       "unwrapped again under root's TRUSTED "
				       "key")) {
				kinfo(kl, &ki);
				tap_diag("its attrs: %#x", ki.attrs);
				send_handle(CH_LAUNDER, kl);
			}
			if (kk)
				kdel(kk);
		}
		/* an RSA public key whose private half this uid holds */
		{
			static uint8_t spki[600];
			size_t n = sizeof(spki);
			uint32_t pub = 0;

			fd = mine;
			r = rsa_spki(spki, &n);
			fd = root_fd;
			r = r ?: pk_import(fd, NCR_KEY_TYPE_RSA,
					   NCR_KEY_FORMAT_SPKI, 0, spki, n, 0,
					   NCR_KEY_USAGE_WRAP, &pub);
			if (report_err(r, 0, "import of an RSA public key (its "
				       "private half ours) into root's "
				       "namespace"))
				send_handle(CH_RSAPUB, pub);
			fd = mine;
			before = live_now();
			expect(pk_import(fd, NCR_KEY_TYPE_RSA,
					 NCR_KEY_FORMAT_SPKI, 0, spki, n,
					 NCR_KEY_FLAG_TRUSTED,
					 NCR_KEY_USAGE_WRAP, &pub), -EPERM,
			       &before, "import an RSA public key as TRUSTED "
			       "without CAP_SYS_ADMIN");
		}
		fd = mine;
	}
}

void test_trust(void)
{
	static const struct {
		uint32_t bits, flags, usage;
		uint64_t algs;
		int restrict_exp;	/* clear EXPORTABLE before trust */
		const char *what;
	} nq[] = {
		{ 256, NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_WRAP |
		  NCR_KEY_USAGE_UNWRAP, 0, 0, "an EXPORTABLE key" },
		{ 256, 0, NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_ENCRYPT,
		  AES_WRAPS | NCR_KEY_ALG_AES_GCM, 0,
		  "a key with ENCRYPT usage (and GCM)" },
		{ 256, 0, NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_DECRYPT,
		  NCR_KEY_ALG_AES_KW, 0,
		  "a key with DECRYPT usage (KW only)" },
		{ 256, 0, NCR_KEY_USAGE_WRAP, NCR_KEY_ALG_AES_KW |
		  NCR_KEY_ALG_AES_ECB, 0,
		  "a wrap-only key whose set has ECB too" },
		{ 128, 0, NCR_KEY_USAGE_UNWRAP | NCR_KEY_USAGE_SIGN,
		  AES_WRAPS, 0, "a key with SIGN usage" },
		{ 256, NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_WRAP |
		  NCR_KEY_USAGE_UNWRAP, 0, 1,
		  "a key that was EXPORTABLE (cleared by restrict)" },
		{ 256, NCR_KEY_FLAG_HASHABLE, NCR_KEY_USAGE_WRAP |
		  NCR_KEY_USAGE_UNWRAP, 0, 0, "a HASHABLE wrap-only key" },
	};
	struct ncr_key_info ki;
	struct live before;
	uint32_t k = 0, victim = 0, k2 = 0;
	int r;

	/* keys that do not qualify */
	for (size_t i = 0; i < ARRAY_SIZE(nq); i++) {
		k = 0;
		r = genx(NCR_KEY_TYPE_AES, nq[i].bits, nq[i].flags,
			 nq[i].usage, nq[i].algs, &k);
		if (!r && nq[i].restrict_exp)
			r = krestrict(k, NCR_KEY_FLAG_EXPORTABLE, 0, 0);
		if (!report_err(r, 0, "trust: make %s", nq[i].what))
			continue;
		before = live_now();
		r = ktrust(k);
		expect(r, is_root ? -EINVAL : -EPERM, &before,
		       "NCRIO_KEY_TRUST of %s", nq[i].what);
		kinfo(k, &ki);
		report(!(ki.flags & NCR_KEY_FLAG_TRUSTED), "%s: not TRUSTED "
		       "after the refused call (flags %#x)", nq[i].what,
		       ki.flags);
		kdel(k);
	}
	k = 0;
	r = gen(NCR_KEY_TYPE_HMAC, 256, 0, NCR_KEY_USAGE_SIGN, &k);
	before = live_now();
	r = r ?: ktrust(k);
	expect(r, is_root ? -EINVAL : -EPERM, &before, "NCRIO_KEY_TRUST of "
	       "an HMAC key");
	if (k)
		kdel(k);

	/* a qualifying key: AES-256, generated, wrap-only, never
	 * exportable */
	r = gen(NCR_KEY_TYPE_AES, 256, 0, NCR_KEY_USAGE_WRAP |
		NCR_KEY_USAGE_UNWRAP, &trusted_wk);
	r = r ?: gen(NCR_KEY_TYPE_AES, 256, 0, NCR_KEY_USAGE_WRAP |
		     NCR_KEY_USAGE_UNWRAP, &trust_candidate);
	r = r ?: gen(NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_WRAPPABLE,
		     NCR_KEY_USAGE_ENCRYPT, &victim);
	if (!report_err(r, 0, "two qualifying AES-256 wrap-only keys and a "
			"WRAPPABLE, non-exportable AES-128 key"))
		goto out;
	kinfo(trusted_wk, &ki);
	report(ki.attrs == (NCR_KEY_ATTR_LOCAL | NCR_KEY_ATTR_ALWAYS_SENSITIVE |
			    NCR_KEY_ATTR_NEVER_EXTRACTABLE) &&
	       ki.algs == AES_WRAPS, "the wrapping key: LOCAL, "
	       "ALWAYS_SENSITIVE, NEVER_EXTRACTABLE, KW|KWP");
	before = live_now();
	r = ktrust(trusted_wk);
	expect(r, is_root ? 0 : -EPERM, &before, "NCRIO_KEY_TRUST of a "
	       "qualifying key %s CAP_SYS_ADMIN", is_root ? "with" :
	       "without");
	kinfo(trusted_wk, &ki);
	if (!is_root) {
		report(ki.flags == 0, "not TRUSTED (flags %#x)", ki.flags);
	} else {
		uint8_t w[64], ct1[32], ct2[32], tag1[16], tag2[16];
		uint32_t wl = sizeof(w);

		report(ki.flags == NCR_KEY_FLAG_TRUSTED &&
		       ki.usage == (NCR_KEY_USAGE_WRAP |
				    NCR_KEY_USAGE_UNWRAP) &&
		       ki.algs == AES_WRAPS, "the key is TRUSTED, usage and "
		       "set unchanged (flags %#x)", ki.flags);
		/* a non-exportable key wraps under it, and only under it */
		before = live_now();
		r = kwrap(NCR_WALG_AES_RFC5649, trusted_wk, victim, w, &wl);
		expect(r, 0, &before, "wrap of a WRAPPABLE, non-exportable "
		       "key under the TRUSTED key");
		{
			uint8_t w2[64];
			uint32_t wl2 = sizeof(w2);

			expect(kwrap(NCR_WALG_AES_RFC5649, trust_candidate,
				     victim, w2, &wl2), -EPERM, &before,
			       "the same under an untrusted key");
		}
		/* it comes back under the same key, with the same
		 * material (same GCM output), and not exportable */
		if (!r) {
			struct ncr_session_once o = {
				.size = sizeof(o),
				.algorithm = NCR_ALG_AES_GCM,
				.op = NCR_OP_ENCRYPT, .iv = PTR64(iv16),
				.iv_size = 12, .input = PTR64(buf_in),
				.input_size = 32, .output = PTR64(ct1),
				.output_size = 32, .tag = PTR64(tag1),
				.tag_size = 16 };

			before = live_now();
			expect(kunwrap(NCR_WALG_AES_RFC5649, trusted_wk, w, wl,
				       NCR_KEY_TYPE_AES,
				       NCR_KEY_FLAG_EXPORTABLE,
				       NCR_KEY_USAGE_ENCRYPT, &k2), -EPERM,
			       &before, "unwrap as EXPORTABLE under the "
			       "(non-exportable) TRUSTED key");
			r = kunwrap(NCR_WALG_AES_RFC5649, trusted_wk, w, wl,
				    NCR_KEY_TYPE_AES, 0, NCR_KEY_USAGE_ENCRYPT,
				    &k2);
			o.key = victim;
			r = r ?: call(NCRIO_SESSION_ONCE, &o);
			o.key = k2;
			o.output = PTR64(ct2);
			o.tag = PTR64(tag2);
			r = r ?: call(NCRIO_SESSION_ONCE, &o);
			report(!r && !memcmp(ct1, ct2, 32) &&
			       !memcmp(tag1, tag2, 16), "unwrapped under the "
			       "TRUSTED key: the same key (same AES-GCM "
			       "output) (%s)", errname(r));
			r = kinfo(k2, &ki);
			report(!r && ki.attrs ==
			       NCR_KEY_ATTR_NEVER_EXTRACTABLE,
			       "the key unwrapped under the TRUSTED key: not "
			       "LOCAL, not ALWAYS_SENSITIVE (unwrapped keys "
			       "never are) (attrs %#x)", ki.attrs);
			if (k2)
				kdel(k2);
		}
		/* generate TRUSTED directly */
		k2 = 0;
		r = gen(NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_TRUSTED,
			NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP, &k2);
		report(!r && kinfo(k2, &ki) == 0 &&
		       ki.flags == NCR_KEY_FLAG_TRUSTED,
		       "generate TRUSTED with CAP_SYS_ADMIN (%s)",
		       errname(r));
		if (k2)
			kdel(k2);
		before = live_now();
		expect(gen(NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_TRUSTED |
			   NCR_KEY_FLAG_EXPORTABLE, NCR_KEY_USAGE_WRAP, &k2),
		       -EINVAL, &before, "generate TRUSTED|EXPORTABLE");
		expect(genx(NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_TRUSTED,
			    NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_ENCRYPT,
			    NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_GCM, &k2),
		       -EINVAL, &before, "generate TRUSTED with ENCRYPT usage");
		expect(genx(NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_TRUSTED,
			    NCR_KEY_USAGE_WRAP, NCR_KEY_ALG_AES_KW |
			    NCR_KEY_ALG_AES_CTR, &k2), -EINVAL, &before,
		       "generate TRUSTED with CTR in the set");
		expect(gen(NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_TRUSTED |
			   NCR_KEY_FLAG_HASHABLE, NCR_KEY_USAGE_WRAP, &k2),
		       -EINVAL, &before, "generate TRUSTED|HASHABLE");
		/* RSA public keys: trusted when root imports them so, not
		 * by handle (not the half of a pair generated here) */
		{
			static uint8_t spki[600], ct[256];
			size_t n = sizeof(spki);
			uint32_t pub = 0, cl = sizeof(ct);

			r = rsa_spki(spki, &n);
			r = r ?: pk_import(fd, NCR_KEY_TYPE_RSA,
					   NCR_KEY_FORMAT_SPKI, 0, spki, n,
					   NCR_KEY_FLAG_TRUSTED,
					   NCR_KEY_USAGE_WRAP, &pub);
			r = r ?: kinfo(pub, &ki);
			report(!r && ki.flags == (NCR_KEY_FLAG_TRUSTED |
						  NCR_KEY_FLAG_EXPORTABLE |
						  NCR_KEY_FLAG_STORABLE) &&
			       ki.algs == NCR_KEY_ALG_RSA_OAEP_WRAP,
			       "root imports an RSA public key (WRAP) as "
			       "TRUSTED (%s, flags %#x)", errname(r),
			       ki.flags);
			before = live_now();
			r = r ?: kwrap(NCR_WALG_RSA_OAEP, pub, victim, ct, &cl);
			report(!r && cl == 256, "a non-exportable WRAPPABLE key "
			       "wraps under it (RSA-OAEP, %u bytes: %s)", cl,
			       errname(r));
			if (pub)
				kdel(pub);
			pub = 0;
			before = live_now();
			expect(pk_import(fd, NCR_KEY_TYPE_RSA,
					 NCR_KEY_FORMAT_SPKI, 0, spki, n,
					 NCR_KEY_FLAG_TRUSTED,
					 NCR_KEY_USAGE_WRAP |
					 NCR_KEY_USAGE_ENCRYPT, &pub), -EINVAL,
			       &before, "import an RSA public key TRUSTED with "
			       "WRAP|ENCRYPT");
			r = pk_import(fd, NCR_KEY_TYPE_RSA, NCR_KEY_FORMAT_SPKI,
				      0, spki, n, 0, NCR_KEY_USAGE_WRAP, &pub);
			before = live_now();
			r = r ?: ktrust(pub);
			expect(r, -EINVAL, &before, "NCRIO_KEY_TRUST of an "
			       "imported RSA public key (even root's: only "
			       "halves of pairs generated here by handle)");
			if (pub)
				kdel(pub);
		}
	}

	/* a key root imports (root vouches for it) may be trusted */
	k = 0;
	r = imp(NCR_KEY_TYPE_AES, key16, 16, 0, NCR_KEY_USAGE_WRAP |
		NCR_KEY_USAGE_UNWRAP, &k);
	before = live_now();
	r = r ?: ktrust(k);
	expect(r, is_root ? 0 : -EPERM, &before, "NCRIO_KEY_TRUST of a "
	       "wrap-only key imported %s", is_root ? "by root (who vouches "
	       "for it)" : "without CAP_SYS_ADMIN");
	if (k)
		kdel(k);

	/* and without privilege, in a child of uid 65534 */
	memset(child_handle, 0, sizeof(child_handle));
	run_unprivileged("trust", unprivileged_trust);
	/*
	 * ncr.h: "A key a caller imported without CAP_SYS_ADMIN is never
	 * trusted."  Root, handed the handles (a shared namespace), must
	 * not be able to trust material the unprivileged process knows.
	 */
	for (int i = 0; is_root && i < CH_N; i++) {
		static const char *const what[CH_N] = {
			"a wrap-only AES key uid 65534 imported",
			"a key uid 65534 imported, then wrapped and unwrapped "
			"under a TRUSTED key",
			"an RSA public key uid 65534 imported (it holds the "
			"private half)",
		};

		if (!child_handle[i]) {
			report(0, "the unprivileged child made no key for "
			       "root: %s", what[i]);
			continue;
		}
		before = live_now();
		r = ktrust(child_handle[i]);
		kinfo(child_handle[i], &ki);
		expect(r, -EINVAL, &before, "NCRIO_KEY_TRUST (as root, shared "
		       "namespace) of %s", what[i]);
		report(!(ki.flags & NCR_KEY_FLAG_TRUSTED), "%s: not TRUSTED "
		       "(flags %#x, attrs %#x)", what[i], ki.flags, ki.attrs);
		kdel(child_handle[i]);
	}

	/* restrict takes TRUSTED away */
	if (is_root && trusted_wk) {
		uint8_t w[64];
		uint32_t wl = sizeof(w);

		r = krestrict(trusted_wk, NCR_KEY_FLAG_TRUSTED, 0, 0);
		kinfo(trusted_wk, &ki);
		report(!r && ki.flags == 0, "restrict clears TRUSTED (%s, "
		       "flags %#x)", errname(r), ki.flags);
		before = live_now();
		expect(kwrap(NCR_WALG_AES_RFC5649, trusted_wk, victim, w, &wl),
		       -EPERM, &before, "after that, wrap of a non-exportable "
		       "key under it");
		r = ktrust(trusted_wk);
		report_err(r, 0, "it qualifies still: trusted again by root");
	}
out:
	if (trusted_wk)
		kdel(trusted_wk);
	if (trust_candidate)
		kdel(trust_candidate);
	if (victim)
		kdel(victim);
	trusted_wk = trust_candidate = 0;
}
