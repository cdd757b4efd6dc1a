// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/abi/algsets.c - part of build/tests/abi (see tests/abi/main.c): the
 * algorithm sets of keys: defaults, explicit sets, the XTS rules through
 * every ioctl that makes a key, and every operation outside the set EPERM.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "abi.h"

/* --------------------------------------------------- algorithm sets */

const char rsa2048_pkcs8_hex[] =
	"308204bc020100300d06092a864886f70d0101010500048204a6308204a20201"
	"000282010100b20992d1f99b32e6baf01df32dd39d01caf8bc5728b433edb826"
	"4728f1fc4450dd4a14a758bb9b43a0a1d466056945bdbdb624304f92a5c9047d"
	"8a497882c5d272a4a733433c5edee0606683d377158ac3974eae6fec0f496418"
	"d419308f55bb1df55b79616ced3055d54699d0534e60f9bf47beeed5d571bee3"
	"5545f88288618abc7fab692df60e39fb3ee0d5698f2cab95fab1a25e86638eee"
	"99300a9426f154f74429768ed3c2863b4261dce24d03e77d1c3b7ed5c5fa6520"
	"7c621c52ca7c115954eb38755a12bcc6f099fd627297f1edae49e63e718dd648"
	"f9472449b1f80ce9666d7438b0c18dfa8901c59b56475e2389646d62d2c0cf19"
	"08d6b8b8580302030100010282010025c84a542d387670e8b314680b0da18043"
	"e6cd7161bdfc5732814d10af69edc58b70b13962674de7e82aefbc46e1b45f33"
	"e7777e992471f25af59967461fda8372b8e692c66e05641f11d62f9bace5f170"
	"d8a765f5728f3beff624ecc3956788322f639e3ac2b7034ef3d7ebc47e296003"
	"2048c58841f0ee16a87fec3d74d62421d893f1370db1b9eb7d173e1de321cfc6"
	"f773013869ce1541bd168856dcfb3fa9b814ffaa542e80e284e41453e4454f44"
	"c80577a9273eec00b30ada556c6d964da3c16f3398f3d5d6ace63b7f6c7993fb"
	"2ee9d3d97315df8e88b7ac4a4ae60062f4644b13cf5c77f830b896610e9474d7"
	"ac8b6af07970f6d0b401e2dee7596102818100f116b738f4ed57ee6d548d3514"
	"250fd5cc279b38507d9c078c0d0c8c1531a2b016471d15f3324758930313e527"
	"dc44f5b3bfe1aeeb5afadfcb78c98cc0a737135730bbd50598a742b61b920b6b"
	"aa23e1730321348385e9d83a583ab49e758ec182693741bc6d566c2d075022e3"
	"a9a09b00799744f8f2f2766cd528b2397581f502818100bd0c886eb7b6ebe190"
	"003f57df942ac329ceef540077243f4cd52cd36c0bf7652829bbe162bf69efdb"
	"b329f935dbf7f090d0fe2e5bfc3a4b4640ec880b8377acd89a25bb9e6d885a2d"
	"58be56824243f479b58572fa7c2b2f87067f4ef88dd192ffa05f7aca863657a6"
	"257eaf6fce1ebfcd091693dc513890721dd62665991f170281807b0b44e7e4d9"
	"5d8f6a6d44c45a4bb01145e8d0e7a4ecf6bd4355459a191704192ac590aaab3c"
	"75fd56cab354b94b4a46bc3eaa4844066313e51cf880c5b2920164f69266de3c"
	"52e1516030e173499a966dc4a325d21a7e86c50052b5ec49c35a2fdcd33ed194"
	"5c0f49cbf9b254cf3610e5e528b722f79b97a564052930fa3021028180326ffe"
	"927387652577f2e8f37bde1f0e94bff61056537323444f77b72c9380bcc75b63"
	"19fdeb8dcb05b5a6542bef751604bd0da3b6bcf39c93b0ccaa7b4fe705018116"
	"e218a1a68850a2e59d550172f9ede2e528c8f589dc134d4378014e6d04a818d4"
	"80813a0f9390eb5e0256750ab52771ee4922b5b4bead0392d809b1319f028180"
	"5e0baac93bf87140bd20a71adc51a071394f27cecfe1067979812d87e7cdf9b7"
	"f0a9b37c2166c8c9e0ef68d3eb17abf1d04ca263257bf38fdf0770679587cdc7"
	"0052885bab3bb02c5a55650c5b1bc34001ee7346408dffd565e1e7640f064fef"
	"cf896dc32f2ca40f21ced56113f4c4f2e8a96a1f59080ddea1be7b3584161aa4";

/* The set of a fresh key; 0 on any failure. */
static uint64_t algs_of(uint32_t key)
{
	struct ncr_key_info ki;

	return kinfo(key, &ki) ? 0 : ki.algs;
}

void test_alg_sets(void)
{
	static const struct {
		uint32_t type, bits, usage;
		uint64_t want;		/* 0: EINVAL (no default) */
		const char *what;
	} defs[] = {
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_GCM, "AES-128 ENCRYPT" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_DECRYPT,
		  NCR_KEY_ALG_AES_GCM, "AES-128 DECRYPT" },
		{ NCR_KEY_TYPE_AES, 192, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_AES_GCM,
		  "AES-192 ENCRYPT|DECRYPT" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_SIGN,
		  NCR_KEY_ALG_CMAC_AES, "AES-256 SIGN" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_VERIFY,
		  NCR_KEY_ALG_CMAC_AES, "AES-128 VERIFY" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_SIGN |
		  NCR_KEY_USAGE_VERIFY, NCR_KEY_ALG_CMAC_AES,
		  "AES-256 SIGN|VERIFY" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_WRAP, AES_WRAPS,
		  "AES-128 WRAP" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_UNWRAP, AES_WRAPS,
		  "AES-256 UNWRAP" },
		{ NCR_KEY_TYPE_AES, 192, NCR_KEY_USAGE_WRAP |
		  NCR_KEY_USAGE_UNWRAP, AES_WRAPS, "AES-192 WRAP|UNWRAP" },
		{ NCR_KEY_TYPE_AES, 384, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_AES_XTS,
		  "AES 384 bits ENCRYPT|DECRYPT (XTS)" },
		{ NCR_KEY_TYPE_AES, 512, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_XTS, "AES 512 bits ENCRYPT (XTS)" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DERIVE, NCR_KEY_ALG_AES_GCM,
		  "AES-128 ENCRYPT|DERIVE (DERIVE adds nothing)" },
		{ NCR_KEY_TYPE_DES3, 192, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_DES3_CBC,
		  "DES3 ENCRYPT|DECRYPT" },
		{ NCR_KEY_TYPE_CHACHA20, 256, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_DECRYPT, NCR_KEY_ALG_CHACHA20_POLY1305,
		  "ChaCha20 ENCRYPT|DECRYPT (the AEAD only)" },
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_SIGN |
		  NCR_KEY_USAGE_VERIFY, NCR_KEY_ALG_HMAC_ALL,
		  "HMAC SIGN|VERIFY" },
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_DERIVE,
		  NCR_KEY_ALG_HMAC_ALL, "HMAC DERIVE" },
		{ NCR_KEY_TYPE_HMAC, 128, NCR_KEY_USAGE_SIGN |
		  NCR_KEY_USAGE_DERIVE, NCR_KEY_ALG_HMAC_ALL,
		  "HMAC SIGN|DERIVE (one family)" },
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_SIGN |
		  NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_HMAC_ALL,
		  "HMAC SIGN|ENCRYPT (ENCRYPT adds nothing)" },
		/* two families, no default */
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_SIGN, 0, "AES ENCRYPT|SIGN" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_DECRYPT |
		  NCR_KEY_USAGE_WRAP, 0, "AES DECRYPT|WRAP" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_VERIFY |
		  NCR_KEY_USAGE_UNWRAP, 0, "AES VERIFY|UNWRAP" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ALL, 0,
		  "AES, every usage" },
	};
	static const struct {
		uint32_t type, bits, usage;
		uint64_t algs;
		int ok;
		const char *what;
	} ex[] = {
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT |
		  NCR_KEY_USAGE_SIGN, NCR_KEY_ALG_AES_GCM |
		  NCR_KEY_ALG_CMAC_AES, 1,
		  "AES ENCRYPT|SIGN with GCM|CMAC named" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_ALL, AES_ALGS, 1,
		  "AES-256, every usage, every mode but XTS" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_XTS, 1, "AES-256 as an XTS key (XTS only)" },
		{ NCR_KEY_TYPE_AES, 384, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_XTS, 1, "AES 384 bits, XTS" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_CTR, 1, "AES-128 CTR only" },
		{ NCR_KEY_TYPE_CHACHA20, 256, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_CHACHA20, 1, "ChaCha20, the stream cipher" },
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_SIGN,
		  NCR_KEY_ALG_HMAC_SHA256, 1, "HMAC, SHA-256 only" },
		/* algorithms of another key type */
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_SIGN,
		  NCR_KEY_ALG_HMAC_SHA256, 0, "AES with HMAC-SHA256" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_GCM | NCR_KEY_ALG_CHACHA20_POLY1305, 0,
		  "AES with GCM|ChaCha20-Poly1305" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_DES3_CBC, 0, "AES with DES3-CBC" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_RSA_OAEP, 0, "AES with RSA-OAEP" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_WRAP,
		  NCR_KEY_ALG_RSA_OAEP_WRAP, 0, "AES with RSA-OAEP wrap" },
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_SIGN,
		  NCR_KEY_ALG_CMAC_AES, 0, "HMAC with CMAC" },
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_SIGN,
		  NCR_KEY_ALG_HMAC_SHA256 | NCR_KEY_ALG_AES_ECB, 0,
		  "HMAC with HMAC-SHA256|AES-ECB" },
		{ NCR_KEY_TYPE_DES3, 192, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_CBC, 0, "DES3 with AES-CBC" },
		{ NCR_KEY_TYPE_CHACHA20, 256, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_GCM, 0, "ChaCha20 with AES-GCM" },
		{ NCR_KEY_TYPE_CHACHA20, 256, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_ED25519, 0, "ChaCha20 with Ed25519" },
		/* key derivation functions (NCRIO_KEY_KDF) */
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_DERIVE,
		  NCR_KEY_ALG_HKDF, 1, "HMAC, HKDF only" },
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_DERIVE |
		  NCR_KEY_USAGE_SIGN, NCR_KEY_ALG_HKDF |
		  NCR_KEY_ALG_HMAC_SHA256, 1, "HMAC with HKDF|HMAC-SHA256" },
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_DERIVE,
		  NCR_KEY_ALG_KBKDF_HMAC, 1, "HMAC, SP 800-108 only" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_DERIVE,
		  NCR_KEY_ALG_KBKDF_CMAC, 1, "AES-128, SP 800-108 CMAC only" },
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_DERIVE |
		  NCR_KEY_USAGE_SIGN, NCR_KEY_ALG_KBKDF_HMAC |
		  NCR_KEY_ALG_HMAC_SHA256, 0,
		  "HMAC with KBKDF|HMAC-SHA256 (the PRF: derived keys computable)" },
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_DERIVE,
		  NCR_KEY_ALG_KBKDF_HMAC | NCR_KEY_ALG_HKDF, 0,
		  "HMAC with KBKDF|HKDF" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_DERIVE |
		  NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_KBKDF_CMAC |
		  NCR_KEY_ALG_AES_ECB, 0, "AES with KBKDF-CMAC|ECB" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_DERIVE,
		  NCR_KEY_ALG_HKDF, 0, "AES with HKDF" },
		{ NCR_KEY_TYPE_HMAC, 256, NCR_KEY_USAGE_DERIVE,
		  NCR_KEY_ALG_KBKDF_CMAC, 0, "HMAC with KBKDF-CMAC" },
		{ NCR_KEY_TYPE_AES, 512, NCR_KEY_USAGE_DERIVE,
		  NCR_KEY_ALG_KBKDF_CMAC, 0, "AES-XTS-sized key with KBKDF-CMAC" },
		/* the XTS rules */
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_XTS | NCR_KEY_ALG_AES_GCM, 0,
		  "AES-256 with XTS|GCM" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_XTS | NCR_KEY_ALG_AES_ECB, 0,
		  "AES-256 with XTS|ECB" },
		{ NCR_KEY_TYPE_AES, 512, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_XTS | NCR_KEY_ALG_AES_CBC, 0,
		  "AES 512 bits with XTS|CBC" },
		{ NCR_KEY_TYPE_AES, 256, NCR_KEY_USAGE_ALL,
		  AES_ALGS | NCR_KEY_ALG_AES_XTS, 0,
		  "AES-256 with every AES algorithm" },
		{ NCR_KEY_TYPE_AES, 128, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_XTS, 0, "AES-128 with XTS" },
		{ NCR_KEY_TYPE_AES, 192, NCR_KEY_USAGE_ENCRYPT,
		  NCR_KEY_ALG_AES_XTS, 0, "AES-192 with XTS" },
	};
	static const uint64_t non_xts[] = {
		NCR_KEY_ALG_AES_ECB, NCR_KEY_ALG_AES_CBC, NCR_KEY_ALG_AES_CTR,
		NCR_KEY_ALG_AES_GCM, NCR_KEY_ALG_AES_CCM, NCR_KEY_ALG_CMAC_AES,
		NCR_KEY_ALG_AES_KW, NCR_KEY_ALG_AES_KWP,
	};
	struct live before;
	uint32_t k;
	int r, bad;

	for (size_t i = 0; i < ARRAY_SIZE(defs); i++) {
		uint64_t got;

		before = live_now();
		k = 0;
		r = gen(defs[i].type, defs[i].bits, 0, defs[i].usage, &k);
		if (!defs[i].want) {
			expect(r, -EINVAL, &before, "generate %s without an "
			       "algorithm set (two families: no default)",
			       defs[i].what);
			if (!r)
				kdel(k);
			continue;
		}
		got = r ? 0 : algs_of(k);
		report(!r && got == defs[i].want, "default set of %s: %#llx "
		       "(%s, want %#llx)", defs[i].what,
		       (unsigned long long)got, errname(r),
		       (unsigned long long)defs[i].want);
		if (!r)
			kdel(k);
	}
	for (size_t i = 0; i < ARRAY_SIZE(ex); i++) {
		before = live_now();
		k = 0;
		r = genx(ex[i].type, ex[i].bits, 0, ex[i].usage, ex[i].algs,
			 &k);
		if (ex[i].ok) {
			uint64_t got = r ? 0 : algs_of(k);

			report(!r && got == ex[i].algs, "generate %s: the set "
			       "as named (%s, %#llx)", ex[i].what, errname(r),
			       (unsigned long long)got);
		} else {
			expect(r, -EINVAL, &before, "generate %s", ex[i].what);
		}
		if (!r)
			kdel(k);
	}
	bad = 0;
	for (int bits = 384; bits <= 512; bits += 128)
		for (size_t i = 0; i < ARRAY_SIZE(non_xts); i++) {
			before = live_now();
			k = 0;
			r = genx(NCR_KEY_TYPE_AES, (uint32_t)bits, 0,
				 NCR_KEY_USAGE_ALL, non_xts[i], &k);
			if (r != -EINVAL) {
				bad++;
				tap_diag("AES %d bits with %#llx: %s", bits,
					 (unsigned long long)non_xts[i],
					 errname(r));
			}
			if (!r)
				kdel(k);
		}
	report(!bad, "AES keys of 384 and 512 bits with each non-XTS "
	       "algorithm (ECB, CBC, CTR, GCM, CCM, CMAC, KW, KWP): EINVAL");

	/* the same rules through import, unwrap and derive */
	{
		uint8_t k64[64];

		for (int i = 0; i < 64; i++)
			k64[i] = (uint8_t)(i * 3 + 1);
		before = live_now();
		expect(impx(NCR_KEY_TYPE_AES, k64, 64, 0,
			    NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_GCM, &k),
		       -EINVAL, &before, "import a 64-byte AES key with GCM");
		expect(impx(NCR_KEY_TYPE_AES, k64, 16, 0,
			    NCR_KEY_USAGE_ENCRYPT, NCR_KEY_ALG_AES_XTS, &k),
		       -EINVAL, &before, "import a 16-byte AES key with XTS");
		expect(impx(NCR_KEY_TYPE_AES, k64, 32, 0,
			    NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_SIGN, 0, &k),
		       -EINVAL, &before, "import AES ENCRYPT|SIGN without a "
		       "set");
		expect(impx(NCR_KEY_TYPE_HMAC, k64, 32, 0, NCR_KEY_USAGE_SIGN,
			    NCR_KEY_ALG_CMAC_AES, &k),
		       -EINVAL, &before, "import HMAC with CMAC");
		r = impx(NCR_KEY_TYPE_AES, k64, 48, 0, NCR_KEY_USAGE_DECRYPT,
			 0, &k);
		report(!r && algs_of(k) == NCR_KEY_ALG_AES_XTS,
		       "import a 48-byte AES key: default set XTS (%s)",
		       errname(r));
		if (!r)
			kdel(k);
		r = impx(NCR_KEY_TYPE_HMAC, k64, 20, 0, NCR_KEY_USAGE_SIGN,
			 NCR_KEY_ALG_HMAC_SHA1 | NCR_KEY_ALG_HMAC_SHA512, &k);
		report(!r && algs_of(k) == (NCR_KEY_ALG_HMAC_SHA1 |
					    NCR_KEY_ALG_HMAC_SHA512),
		       "import HMAC with SHA-1|SHA-512 named (%s)",
		       errname(r));
		if (!r)
			kdel(k);
	}
	if (wrapped_len) {
		struct ncr_key_wrap w = {
			.size = sizeof(w), .algorithm = NCR_WALG_AES_RFC5649,
			.wrapping_key = k_aes, .data = PTR64(wrapped),
			.data_size = wrapped_len, .type = NCR_KEY_TYPE_AES,
			.usage = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_SIGN,
		};

		before = live_now();
		expect(call(NCRIO_KEY_UNWRAP, &w), -EINVAL, &before, "unwrap "
		       "AES ENCRYPT|SIGN without a set");
		w.algs = NCR_KEY_ALG_HMAC_SHA256;
		expect(call(NCRIO_KEY_UNWRAP, &w), -EINVAL, &before, "unwrap "
		       "an AES key with an HMAC set");
		w.algs = NCR_KEY_ALG_AES_XTS;
		expect(call(NCRIO_KEY_UNWRAP, &w), -EINVAL, &before, "unwrap "
		       "a 16-byte AES key with XTS");
		w.algs = NCR_KEY_ALG_AES_CTR | NCR_KEY_ALG_CMAC_AES;
		r = call(NCRIO_KEY_UNWRAP, &w);
		report(!r && algs_of(w.key) == w.algs, "unwrap with CTR|CMAC "
		       "named: the set as named (%s)", errname(r));
		if (!r)
			kdel(w.key);
	}
	if (k_x25519) {
		struct ncr_key_derive d;

		memset(&d, 0, sizeof(d));
		prep_derive(&d);
		d.size = sizeof(d);
		d.type = NCR_KEY_TYPE_AES;
		d.usage = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_SIGN;
		d.algs = NCR_KEY_ALG_AES_CCM | NCR_KEY_ALG_CMAC_AES;
		r = call(NCRIO_KEY_DERIVE, &d);
		report(!r && algs_of(d.new_key) == d.algs, "derive AES "
		       "ENCRYPT|SIGN with CCM|CMAC named (%s)", errname(r));
		if (!r)
			kdel(d.new_key);
		d.algs = NCR_KEY_ALG_AES_XTS | NCR_KEY_ALG_CMAC_AES;
		before = live_now();
		expect(call(NCRIO_KEY_DERIVE, &d), -EINVAL, &before,
		       "derive an AES key with XTS|CMAC (XTS holds nothing "
		       "else)");
	}

	/* old structure versions: the default set */
	{
		struct ncr_key_generate g = {
			.size = NCR_KEY_GENERATE_SIZE_VER0,
			.type = NCR_KEY_TYPE_AES, .bits = 256,
			.usage = NCR_KEY_USAGE_SIGN };
		struct ncr_key_import im = {
			.size = NCR_KEY_IMPORT_SIZE_VER1,
			.type = NCR_KEY_TYPE_AES, .data = PTR64(key16),
			.data_size = 16, .usage = NCR_KEY_USAGE_WRAP };

		r = call(NCRIO_KEY_GENERATE, &g);
		report(!r && algs_of(g.key) == NCR_KEY_ALG_CMAC_AES,
		       "generate with the VER0 size, AES SIGN: the default "
		       "set CMAC (%s)", errname(r));
		if (!r)
			kdel(g.key);
		g.usage = NCR_KEY_USAGE_ENCRYPT;
		r = call(NCRIO_KEY_GENERATE, &g);
		report(!r && algs_of(g.key) == NCR_KEY_ALG_AES_GCM,
		       "generate with the VER0 size, AES ENCRYPT: the default "
		       "set GCM (%s)", errname(r));
		if (!r)
			kdel(g.key);
		g.usage = NCR_KEY_USAGE_ENCRYPT | NCR_KEY_USAGE_SIGN;
		before = live_now();
		expect(call(NCRIO_KEY_GENERATE, &g), -EINVAL, &before,
		       "generate with the VER0 size, AES ENCRYPT|SIGN (no "
		       "default, and no way to name a set)");
		r = call(NCRIO_KEY_IMPORT, &im);
		report(!r && algs_of(im.key) == AES_WRAPS,
		       "import with the VER1 size, AES WRAP: KW|KWP (%s)",
		       errname(r));
		if (!r)
			kdel(im.key);
		im.size = NCR_KEY_IMPORT_SIZE_VER0;
		im.usage = NCR_KEY_USAGE_DECRYPT;
		r = call(NCRIO_KEY_IMPORT, &im);
		report(!r && algs_of(im.key) == NCR_KEY_ALG_AES_GCM,
		       "import with the VER0 size, AES DECRYPT: GCM (%s)",
		       errname(r));
		if (!r)
			kdel(im.key);
		if (wrapped_len) {
			struct ncr_key_wrap w = {
				.size = NCR_KEY_WRAP_SIZE_VER0,
				.algorithm = NCR_WALG_AES_RFC5649,
				.wrapping_key = k_aes, .data = PTR64(wrapped),
				.data_size = wrapped_len,
				.type = NCR_KEY_TYPE_AES,
				.usage = NCR_KEY_USAGE_VERIFY,
			};

			r = call(NCRIO_KEY_UNWRAP, &w);
			report(!r && algs_of(w.key) == NCR_KEY_ALG_CMAC_AES,
			       "unwrap with the VER0 size, AES VERIFY: CMAC "
			       "(%s)", errname(r));
			if (!r)
				kdel(w.key);
		}
		if (k_x25519) {
			struct ncr_key_derive d;

			memset(&d, 0, sizeof(d));
			prep_derive(&d);
			d.size = NCR_KEY_DERIVE_SIZE_VER0;
			r = call(NCRIO_KEY_DERIVE, &d);
			report(!r && algs_of(d.new_key) == NCR_KEY_ALG_HMAC_ALL,
			       "derive with the VER0 size, HMAC SIGN: every "
			       "HMAC (%s)", errname(r));
			if (!r)
				kdel(d.new_key);
		}
	}

	/* public-key types */
	{
		static const struct {
			uint32_t type, usage;
			uint64_t want;	/* 0: EINVAL */
			const char *what;
		} pairs[] = {
			{ NCR_KEY_TYPE_X25519, NCR_KEY_USAGE_DERIVE,
			  NCR_KEY_ALG_X25519, "X25519 DERIVE" },
			{ NCR_KEY_TYPE_ED25519, NCR_KEY_USAGE_SIGN,
			  NCR_KEY_ALG_ED25519, "Ed25519 SIGN" },
			{ NCR_KEY_TYPE_EC, NCR_KEY_USAGE_SIGN,
			  NCR_KEY_ALG_ECDSA, "EC SIGN" },
			{ NCR_KEY_TYPE_EC, NCR_KEY_USAGE_DERIVE,
			  NCR_KEY_ALG_ECDH, "EC DERIVE" },
			{ NCR_KEY_TYPE_EC, NCR_KEY_USAGE_SIGN |
			  NCR_KEY_USAGE_DERIVE, 0, "EC SIGN|DERIVE" },
			{ NCR_KEY_TYPE_DH, NCR_KEY_USAGE_DERIVE,
			  NCR_KEY_ALG_DH, "DH DERIVE" },
		};

		for (size_t i = 0; i < ARRAY_SIZE(pairs); i++) {
			struct ncr_key_generate_pair g = {
				.size = sizeof(g), .type = pairs[i].type,
				.usage = pairs[i].usage,
				.bits = pairs[i].type == NCR_KEY_TYPE_EC ? 256 :
					pairs[i].type == NCR_KEY_TYPE_DH ?
					2048 : 0,
			};

			before = live_now();
			r = call(NCRIO_KEY_GENERATE_PAIR, &g);
			if (!pairs[i].want) {
				expect(r, -EINVAL, &before, "key pair %s "
				       "without a set (two families)",
				       pairs[i].what);
			} else {
				uint64_t a = r ? 0 : algs_of(g.private_key);
				uint64_t b = r ? 0 : algs_of(g.public_key);

				report(!r && a == pairs[i].want &&
				       b == pairs[i].want, "key pair %s: "
				       "default set %#llx for both halves (got "
				       "%#llx/%#llx, %s)", pairs[i].what,
				       (unsigned long long)pairs[i].want,
				       (unsigned long long)a,
				       (unsigned long long)b, errname(r));
			}
			if (!r) {
				kdel(g.private_key);
				kdel(g.public_key);
			}
		}
	}
	/* RSA and DSA: imported (generation is slow under emulation) */
	{
		static const struct {
			int dsa, pub;
			uint32_t usage;
			uint64_t algs, want;	/* want 0: EINVAL */
			const char *what;
		} pk[] = {
			{ 0, 0, NCR_KEY_USAGE_SIGN, 0, NCR_KEY_ALG_RSA_PKCS1 |
			  NCR_KEY_ALG_RSA_PSS, "RSA private SIGN" },
			{ 0, 0, NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_VERIFY, 0,
			  NCR_KEY_ALG_RSA_PKCS1 | NCR_KEY_ALG_RSA_PSS,
			  "RSA private SIGN|VERIFY" },
			{ 0, 0, NCR_KEY_USAGE_DECRYPT, 0, NCR_KEY_ALG_RSA_OAEP,
			  "RSA private DECRYPT (OAEP only)" },
			{ 0, 0, NCR_KEY_USAGE_UNWRAP, 0,
			  NCR_KEY_ALG_RSA_OAEP_WRAP, "RSA private UNWRAP" },
			{ 0, 0, NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DECRYPT, 0,
			  0, "RSA private SIGN|DECRYPT without a set" },
			{ 0, 0, NCR_KEY_USAGE_DECRYPT | NCR_KEY_USAGE_UNWRAP,
			  0, 0, "RSA private DECRYPT|UNWRAP without a set" },
			{ 0, 0, NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DECRYPT,
			  NCR_KEY_ALG_RSA_PSS | NCR_KEY_ALG_RSA_OAEP,
			  NCR_KEY_ALG_RSA_PSS | NCR_KEY_ALG_RSA_OAEP,
			  "RSA private SIGN|DECRYPT with PSS|OAEP named" },
			{ 0, 0, NCR_KEY_USAGE_SIGN, NCR_KEY_ALG_ECDSA, 0,
			  "RSA with ECDSA" },
			{ 0, 1, NCR_KEY_USAGE_VERIFY, 0, NCR_KEY_ALG_RSA_PKCS1 |
			  NCR_KEY_ALG_RSA_PSS, "RSA public VERIFY" },
			{ 0, 1, NCR_KEY_USAGE_VERIFY | NCR_KEY_USAGE_ENCRYPT |
			  NCR_KEY_USAGE_WRAP, 0, NCR_KEY_ALG_RSA_PKCS1 |
			  NCR_KEY_ALG_RSA_PSS | NCR_KEY_ALG_RSA_OAEP |
			  NCR_KEY_ALG_RSA_OAEP_WRAP,
			  "RSA public VERIFY|ENCRYPT|WRAP (the union)" },
			{ 0, 1, NCR_KEY_USAGE_VERIFY, NCR_KEY_ALG_DSA, 0,
			  "RSA public with DSA" },
			{ 1, 0, NCR_KEY_USAGE_SIGN, 0, NCR_KEY_ALG_DSA,
			  "DSA private SIGN" },
			{ 1, 1, NCR_KEY_USAGE_VERIFY, 0, NCR_KEY_ALG_DSA,
			  "DSA public VERIFY" },
			{ 1, 0, NCR_KEY_USAGE_SIGN, NCR_KEY_ALG_RSA_PSS, 0,
			  "DSA with RSA-PSS" },
		};
		static uint8_t spki[2][1200];
		uint8_t *der[2];
		size_t der_len[2];
		uint32_t spki_len[2] = { 0, 0 };

		der[0] = hex_decode(rsa2048_pkcs8_hex, &der_len[0]);
		der[1] = hex_decode(test_dsa2048_pkcs8_hex, &der_len[1]);
		for (int t = 0; t < 2; t++) {
			uint32_t priv = 0;
			size_t n = sizeof(spki[t]);

			r = der[t] ? pk_import(fd, t ? NCR_KEY_TYPE_DSA :
					       NCR_KEY_TYPE_RSA,
					       NCR_KEY_FORMAT_PKCS8, 0, der[t],
					       der_len[t], 0,
					       NCR_KEY_USAGE_SIGN, &priv) :
				     -EINVAL;
			r = r ?: pk_export(fd, priv, NCR_KEY_FORMAT_SPKI,
					   spki[t], &n);
			if (report_err(r, 0, "%s-2048 private key import and "
				       "SPKI export", t ? "DSA" : "RSA"))
				spki_len[t] = (uint32_t)n;
			if (priv)
				kdel(priv);
		}
		for (size_t i = 0; i < ARRAY_SIZE(pk); i++) {
			int t = pk[i].dsa;
			struct ncr_key_import im = {
				.size = sizeof(im),
				.type = t ? NCR_KEY_TYPE_DSA : NCR_KEY_TYPE_RSA,
				.format = pk[i].pub ? NCR_KEY_FORMAT_SPKI :
					  NCR_KEY_FORMAT_PKCS8,
				.data = pk[i].pub ? PTR64(spki[t]) :
					PTR64(der[t]),
				.data_size = pk[i].pub ? spki_len[t] :
					     (uint32_t)der_len[t],
				.usage = pk[i].usage, .algs = pk[i].algs,
			};

			if (!der[t] || !spki_len[t]) {
				report_skip("no key", "%s", pk[i].what);
				continue;
			}
			before = live_now();
			r = call(NCRIO_KEY_IMPORT, &im);
			if (!pk[i].want) {
				expect(r, -EINVAL, &before, "import %s",
				       pk[i].what);
			} else {
				uint64_t got = r ? 0 : algs_of(im.key);

				report(!r && got == pk[i].want, "import %s: "
				       "set %#llx (want %#llx, %s)", pk[i].what,
				       (unsigned long long)got,
				       (unsigned long long)pk[i].want,
				       errname(r));
			}
			if (!r)
				kdel(im.key);
		}
		free(der[0]);
		free(der[1]);
	}
}

/* Every operation checks the algorithm against the key's set: EPERM. */
void test_alg_enforced(void)
{
	uint32_t k_gcm = 0, k_only = 0, k_hm = 0, k_cc = 0, ses;
	struct live before;
	uint8_t iv[16] = { 0 };
	int r;

	/* AES with every usage but only GCM in its set */
	r = genx(NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_EXPORTABLE |
		 NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_ALL,
		 NCR_KEY_ALG_AES_GCM, &k_gcm);
	r = r ?: genx(NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_EXPORTABLE |
		      NCR_KEY_FLAG_WRAPPABLE, NCR_KEY_USAGE_ENCRYPT,
		      NCR_KEY_ALG_AES_GCM, &k_only);
	r = r ?: genx(NCR_KEY_TYPE_HMAC, 256, 0, NCR_KEY_USAGE_SIGN |
		      NCR_KEY_USAGE_VERIFY, NCR_KEY_ALG_HMAC_SHA256, &k_hm);
	r = r ?: gen(NCR_KEY_TYPE_CHACHA20, 256, 0, NCR_KEY_USAGE_ENCRYPT |
		     NCR_KEY_USAGE_DECRYPT, &k_cc);
	if (!report_err(r, 0, "keys for the algorithm set checks"))
		goto out;
	{
		static const struct {
			uint32_t alg, op, iv;
		} c[] = {
			{ NCR_ALG_AES_ECB, NCR_OP_ENCRYPT, 0 },
			{ NCR_ALG_AES_CBC, NCR_OP_DECRYPT, 16 },
			{ NCR_ALG_AES_CTR, NCR_OP_ENCRYPT, 16 },
			{ NCR_ALG_AES_CCM, NCR_OP_ENCRYPT, 12 },
			{ NCR_ALG_CMAC_AES, NCR_OP_SIGN, 0 },
			{ NCR_ALG_CMAC_AES, NCR_OP_VERIFY, 0 },
		};

		for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
			int mac = c[i].alg == NCR_ALG_CMAC_AES;
			struct ncr_session_once o = {
				.size = sizeof(o), .algorithm = c[i].alg,
				.op = c[i].op, .key = k_gcm, .iv = PTR64(iv),
				.iv_size = c[i].iv, .input = PTR64(buf_in),
				.input_size = 16,
				.output = mac ? 0 : PTR64(buf_out),
				.output_size = mac ? 0 : 64,
				.tag = PTR64(buf_tag),
				.tag_size = c[i].alg == NCR_ALG_AES_CCM ||
					    mac ? 16 : 0 };

			before = live_now();
			r = sinit(c[i].alg, c[i].op, k_gcm, iv, c[i].iv, 0,
				  &ses);
			if (!r)
				sfree(ses);
			expect(r, -EPERM, &before, "session init %s/%u with a "
			       "GCM-only key of every usage",
			       talg_name(c[i].alg), c[i].op);
			r = call(NCRIO_SESSION_ONCE, &o);
			expect(r, -EPERM, &before, "once %s/%u with a GCM-only "
			       "key of every usage", talg_name(c[i].alg),
			       c[i].op);
		}
		r = sinit(NCR_ALG_AES_GCM, NCR_OP_DECRYPT, k_gcm, iv, 12, 0,
			  &ses);
		if (!r)
			sfree(ses);
		report_err(r, 0, "the GCM-only key does GCM");
	}
	/* key wrap and unwrap check the wrapping key's set */
	{
		uint8_t out[64];
		uint32_t n = sizeof(out), k = 0;

		before = live_now();
		r = kwrap(NCR_WALG_AES_RFC3394, k_gcm, k_only, out, &n);
		expect(r, -EPERM, &before, "key wrap under a GCM-only key "
		       "with WRAP usage");
		n = sizeof(out);
		r = kwrap(NCR_WALG_AES_RFC3394, k_aes, k_only, out, &n);
		r = r ?: kunwrap(NCR_WALG_AES_RFC3394, k_gcm, out, n,
				 NCR_KEY_TYPE_AES, 0, NCR_KEY_USAGE_ENCRYPT,
				 &k);
		expect(r, -EPERM, &before, "key unwrap under a GCM-only key "
		       "with UNWRAP usage");
		if (!r)
			kdel(k);
	}
	/* HMAC restricted to SHA-256 */
	{
		struct ncr_session_once o = {
			.size = sizeof(o), .algorithm = NCR_ALG_HMAC_SHA512,
			.op = NCR_OP_SIGN, .key = k_hm,
			.input = PTR64(buf_in), .input_size = 10,
			.tag = PTR64(buf_tag), .tag_size = 64 };

		before = live_now();
		expect(call(NCRIO_SESSION_ONCE, &o), -EPERM, &before,
		       "HMAC-SHA512 with an HMAC-SHA256-only key");
		o.algorithm = NCR_ALG_HMAC_SHA1;
		expect(call(NCRIO_SESSION_ONCE, &o), -EPERM, &before,
		       "HMAC-SHA1 with an HMAC-SHA256-only key");
		o.algorithm = NCR_ALG_HMAC_SHA256;
		report_err(call(NCRIO_SESSION_ONCE, &o), 0,
			   "HMAC-SHA256 with it");
	}
	/* ChaCha20 keys by default: the AEAD, not the bare stream cipher */
	before = live_now();
	r = sinit(NCR_ALG_CHACHA20, NCR_OP_DECRYPT, k_cc, iv, 16, 0, &ses);
	if (!r)
		sfree(ses);
	expect(r, -EPERM, &before, "ChaCha20 with a default-set ChaCha20 key "
	       "(ChaCha20-Poly1305 only)");
	/* EC with ECDSA only: no ECDH */
	{
		struct ncr_key_generate_pair g = {
			.size = sizeof(g), .type = NCR_KEY_TYPE_EC, .bits = 256,
			.usage = NCR_KEY_USAGE_SIGN | NCR_KEY_USAGE_DERIVE,
			.algs = NCR_KEY_ALG_ECDSA,
		};
		uint8_t pt[65];
		size_t n = sizeof(pt);

		r = call(NCRIO_KEY_GENERATE_PAIR, &g);
		r = r ?: pk_export(fd, g.public_key, NCR_KEY_FORMAT_RAW_PUBLIC,
				   pt, &n);
		if (report_err(r, 0, "EC pair SIGN|DERIVE with ECDSA only")) {
			uint32_t nk = 0;

			before = live_now();
			r = pk_derive(fd, NCR_ALG_ECDH, g.private_key, pt, n,
				      NCR_KEY_TYPE_HMAC, 0, NCR_KEY_USAGE_SIGN,
				      &nk);
			if (!r)
				kdel(nk);
			expect(r, -EPERM, &before, "ECDH with an ECDSA-only key "
			       "that has DERIVE usage");
		}
		if (g.private_key) {
			kdel(g.private_key);
			kdel(g.public_key);
		}
	}
out:
	if (k_gcm)
		kdel(k_gcm);
	if (k_only)
		kdel(k_only);
	if (k_hm)
		kdel(k_hm);
	if (k_cc)
		kdel(k_cc);
}
