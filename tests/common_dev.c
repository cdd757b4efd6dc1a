// SPDX-License-Identifier: GPL-2.0-or-later
/* common_dev.c - helpers shared by the ncr test programs: the raw device
 * (open, ioctl, live counters), keys with a policy, key wrap, storage
 * blobs and public-key operations over raw ioctls.  See tap.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

/* ------------------------------------------------------------ raw device */

int dev_open(void)
{
	const char *dev = getenv("NCR_DEVICE");
	int fd = open(dev && *dev ? dev : "/dev/crypto", O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int dev_open_or_skip_all(int (*open_fn)(void))
{
	int fd = open_fn();

	if (fd < 0) {
		char reason[96];

		snprintf(reason, sizeof(reason), "cannot open /dev/crypto: %s",
			 errname(fd));
		tap_skip_all(reason);
	}
	return fd;
}

int xioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) < 0 ? -errno : 0;
}

int live_get(int fd, struct live *l)
{
	struct ncr_info info;
	int r;

	memset(&info, 0, sizeof(info));
	info.size = sizeof(info);
	info.alg_info_size = sizeof(struct ncr_alg_info);
	r = xioctl(fd, NCRIO_INFO, &info);
	if (r)
		return r;
	l->keys = info.live_keys;
	l->sessions = info.live_sessions;
	l->namespaces = info.live_namespaces;
	return 0;
}

int live_wait(int fd, const struct live *want, struct live *got)
{
	for (int i = 0; i < 200; i++) {
		if (live_get(fd, got))
			return -1;
		if (got->keys == want->keys &&
		    got->sessions == want->sessions &&
		    got->namespaces == want->namespaces)
			return 0;
		usleep(10000);
	}
	return -1;
}

/* --------------------------------- keys with a policy, wrap and storage */

int key_gen(int fd, uint32_t type, uint32_t bits, uint32_t flags,
	    uint32_t usage, uint64_t algs, const void *label,
	    size_t label_len, uint32_t *key)
{
	struct ncr_key_generate g = {
		.size = sizeof(g), .flags = flags, .usage = usage,
		.type = type, .bits = bits, .algs = algs,
		.label = PTR64(label), .label_size = (__u32)label_len,
	};
	int r = xioctl(fd, NCRIO_KEY_GENERATE, &g);

	if (!r)
		*key = g.key;
	return r;
}

int key_import(int fd, uint32_t type, uint32_t format, uint32_t bits,
	       const void *data, size_t len, uint32_t flags, uint32_t usage,
	       uint64_t algs, const void *label, size_t label_len,
	       uint32_t *key)
{
	struct ncr_key_import im = {
		.size = sizeof(im), .flags = flags, .usage = usage,
		.type = type, .data = PTR64(data), .data_size = (__u32)len,
		.label = PTR64(label), .label_size = (__u32)label_len,
		.format = format, .bits = bits, .algs = algs,
	};
	int r = xioctl(fd, NCRIO_KEY_IMPORT, &im);

	if (!r)
		*key = im.key;
	return r;
}

int key_genpair(int fd, uint32_t type, uint32_t bits, uint32_t q_bits,
		const void *params, size_t params_len, uint32_t flags,
		uint32_t usage, uint32_t public_usage, uint64_t algs,
		uint64_t public_algs, const void *label, size_t label_len,
		uint32_t *priv, uint32_t *pub)
{
	struct ncr_key_generate_pair g = {
		.size = sizeof(g), .flags = flags, .usage = usage,
		.public_usage = public_usage, .type = type, .bits = bits,
		.q_bits = q_bits, .params = PTR64(params),
		.params_size = (__u32)params_len, .algs = algs,
		.public_algs = public_algs, .label = PTR64(label),
		.label_size = (__u32)label_len,
	};
	int r = xioctl(fd, NCRIO_KEY_GENERATE_PAIR, &g);

	if (!r) {
		*priv = g.private_key;
		if (pub)
			*pub = g.public_key;
		else
			key_del(fd, g.public_key);
	}
	return r;
}

int key_derive(int fd, uint32_t alg, uint32_t key, const void *peer,
	       size_t peer_len, uint32_t type, uint32_t flags, uint32_t usage,
	       uint64_t algs, uint32_t *new_key)
{
	struct ncr_key_derive d = {
		.size = sizeof(d), .flags = flags, .algorithm = alg,
		.key = key, .peer = PTR64(peer), .peer_size = (__u32)peer_len,
		.type = type, .usage = usage, .algs = algs,
	};
	int r = xioctl(fd, NCRIO_KEY_DERIVE, &d);

	if (!r)
		*new_key = d.new_key;
	return r;
}

int key_wrap(int fd, uint32_t walg, uint32_t kek, uint32_t key, void *buf,
	     size_t *len)
{
	struct ncr_key_wrap w = {
		.size = sizeof(w), .algorithm = walg, .wrapping_key = kek,
		.key = key, .data = PTR64(buf), .data_size = (__u32)*len,
	};
	int r = xioctl(fd, NCRIO_KEY_WRAP, &w);

	if (!r || r == -ERANGE)
		*len = w.data_size;
	return r;
}

int key_unwrap(int fd, uint32_t walg, uint32_t kek, const void *data,
	       size_t len, uint32_t type, uint32_t flags, uint32_t usage,
	       uint64_t algs, uint32_t *key)
{
	struct ncr_key_wrap w = {
		.size = sizeof(w), .flags = flags, .algorithm = walg,
		.wrapping_key = kek, .type = type, .usage = usage,
		.data = PTR64(data), .data_size = (__u32)len, .algs = algs,
	};
	int r = xioctl(fd, NCRIO_KEY_UNWRAP, &w);

	if (!r)
		*key = w.key;
	return r;
}

int key_store(int fd, uint32_t key, void *blob, size_t *len)
{
	struct ncr_key_storage s = {
		.size = sizeof(s), .key = key, .blob = PTR64(blob),
		.blob_size = (__u32)*len,
	};
	int r = xioctl(fd, NCRIO_KEY_STORAGE_WRAP, &s);

	if (!r || r == -ERANGE)
		*len = s.blob_size;
	return r;
}

int key_load(int fd, const void *blob, size_t len, uint32_t *key)
{
	struct ncr_key_storage s = {
		.size = sizeof(s), .blob = PTR64(blob),
		.blob_size = (__u32)len,
	};
	int r = xioctl(fd, NCRIO_KEY_STORAGE_UNWRAP, &s);

	if (!r)
		*key = s.key;
	return r;
}

/* ---------------------------------------------------- public-key helpers */

int key_del(int fd, uint32_t key)
{
	struct ncr_key_deinit d = { .size = sizeof(d), .key = key };

	return xioctl(fd, NCRIO_KEY_DEINIT, &d);
}

int key_info(int fd, uint32_t key, struct ncr_key_info *info)
{
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	info->key = key;
	return xioctl(fd, NCRIO_KEY_GET_INFO, info);
}

int pk_import(int fd, uint32_t type, uint32_t format, uint32_t bits,
	      const void *data, size_t len, uint32_t flags, uint32_t usage,
	      uint32_t *key)
{
	if (len > 0xffffffffu)
		return -EINVAL;
	return key_import(fd, type, format, bits, data, len, flags, usage, 0,
			  NULL, 0, key);
}

int pk_export(int fd, uint32_t key, uint32_t format, void *buf, size_t *len)
{
	struct ncr_key_export ex = {
		.size = sizeof(ex), .key = key, .data = PTR64(buf),
		.data_size = (__u32)*len, .format = format,
	};
	int r = xioctl(fd, NCRIO_KEY_EXPORT, &ex);

	if (!r || r == -ERANGE)
		*len = ex.data_size;
	return r;
}

int secret_export(int fd, uint32_t key, void *buf, size_t *len)
{
	return pk_export(fd, key, NCR_KEY_FORMAT_RAW, buf, len);
}

int pk_genpair(int fd, uint32_t type, uint32_t bits, uint32_t q_bits,
	       const void *params, size_t params_len, uint32_t flags,
	       uint32_t usage, uint32_t public_usage, uint32_t *priv,
	       uint32_t *pub)
{
	return key_genpair(fd, type, bits, q_bits, params, params_len, flags,
			   usage, public_usage, 0, 0, NULL, 0, priv, pub);
}

int pk_derive(int fd, uint32_t alg, uint32_t key, const void *peer,
	      size_t peer_len, uint32_t type, uint32_t flags, uint32_t usage,
	      uint32_t *new_key)
{
	return key_derive(fd, alg, key, peer, peer_len, type, flags, usage, 0,
			  new_key);
}

static void pk_once_init(struct ncr_session_once *o, uint32_t alg,
			 uint32_t op, uint32_t key, const struct pkp *p)
{
	memset(o, 0, sizeof(*o));
	o->size = sizeof(*o);
	o->algorithm = alg;
	o->op = op;
	o->key = key;
	if (p) {
		o->hash = p->hash;
		o->mgf1_hash = p->mgf1_hash;
		o->salt_size = p->salt_size;
		o->pk_flags = p->pk_flags;
		o->label = PTR64(p->label);
		o->label_size = p->label_size;
	}
}

int pk_sign(int fd, uint32_t alg, uint32_t key, const struct pkp *p,
	    const void *msg, size_t len, void *sig, size_t *sig_len)
{
	struct ncr_session_once o;
	int r;

	pk_once_init(&o, alg, NCR_OP_SIGN, key, p);
	o.input = PTR64(msg);
	o.input_size = len;
	o.tag = PTR64(sig);
	o.tag_size = (__u32)*sig_len;
	r = xioctl(fd, NCRIO_SESSION_ONCE, &o);
	if (!r || r == -ERANGE)
		*sig_len = o.tag_size;
	return r;
}

int pk_verify(int fd, uint32_t alg, uint32_t key, const struct pkp *p,
	      const void *msg, size_t len, const void *sig, size_t sig_len)
{
	struct ncr_session_once o;
	int r;

	pk_once_init(&o, alg, NCR_OP_VERIFY, key, p);
	o.input = PTR64(msg);
	o.input_size = len;
	o.tag = PTR64(sig);
	o.tag_size = (__u32)sig_len;
	o.result = 0xdead;
	r = xioctl(fd, NCRIO_SESSION_ONCE, &o);
	if (r)
		return r;
	if (o.result != NCR_VERIFY_OK && o.result != NCR_VERIFY_FAILED)
		return -EPROTO;
	return (int)o.result;
}

int pk_crypt(int fd, uint32_t alg, uint32_t op, uint32_t key,
	     const struct pkp *p, const void *in, size_t len, void *out,
	     size_t *out_len)
{
	struct ncr_session_once o;
	int r;

	pk_once_init(&o, alg, op, key, p);
	o.input = PTR64(in);
	o.input_size = len;
	o.output = PTR64(out);
	o.output_size = *out_len;
	r = xioctl(fd, NCRIO_SESSION_ONCE, &o);
	if (!r || r == -ERANGE)
		*out_len = (size_t)o.output_size;
	return r;
}

static int pk_ses_feed(int fd, uint32_t alg, uint32_t op, uint32_t key,
		       const struct pkp *p, const void *msg, size_t len,
		       size_t chunk, uint32_t *ses)
{
	struct ncr_session_init s = {
		.size = sizeof(s), .algorithm = alg, .op = op, .key = key,
	};
	const uint8_t *m = msg;
	int r;

	if (p) {
		s.hash = p->hash;
		s.mgf1_hash = p->mgf1_hash;
		s.salt_size = p->salt_size;
		s.pk_flags = p->pk_flags;
		s.label = PTR64(p->label);
		s.label_size = p->label_size;
	}
	r = xioctl(fd, NCRIO_SESSION_INIT, &s);
	if (r)
		return r;
	*ses = s.ses;
	if (!chunk)
		chunk = len ? len : 1;
	for (size_t off = 0; off < len; off += chunk) {
		struct ncr_session_op u = {
			.size = sizeof(u), .ses = s.ses,
			.input = PTR64(m + off),
			.input_size = len - off < chunk ? len - off : chunk,
		};

		r = xioctl(fd, NCRIO_SESSION_UPDATE, &u);
		if (r) {
			struct ncr_session_free f = {
				.size = sizeof(f), .ses = s.ses,
			};

			xioctl(fd, NCRIO_SESSION_FREE, &f);
			return r;
		}
	}
	return 0;
}

int pk_sign_ses(int fd, uint32_t alg, uint32_t key, const struct pkp *p,
		const void *msg, size_t len, size_t chunk, void *sig,
		size_t *sig_len)
{
	struct ncr_session_op f = { .size = sizeof(f) };
	uint32_t ses;
	int r = pk_ses_feed(fd, alg, NCR_OP_SIGN, key, p, msg, len, chunk,
			    &ses);

	if (r)
		return r;
	f.ses = ses;
	f.tag = PTR64(sig);
	f.tag_size = (__u32)*sig_len;
	r = xioctl(fd, NCRIO_SESSION_FINAL, &f);
	if (r == -ERANGE) {
		struct ncr_session_free fr = { .size = sizeof(fr), .ses = ses };

		xioctl(fd, NCRIO_SESSION_FREE, &fr);
	}
	if (!r || r == -ERANGE)
		*sig_len = f.tag_size;
	return r;
}

int pk_verify_ses(int fd, uint32_t alg, uint32_t key, const struct pkp *p,
		  const void *msg, size_t len, size_t chunk, const void *sig,
		  size_t sig_len)
{
	struct ncr_session_op f = { .size = sizeof(f) };
	uint32_t ses;
	int r = pk_ses_feed(fd, alg, NCR_OP_VERIFY, key, p, msg, len, chunk,
			    &ses);

	if (r)
		return r;
	f.ses = ses;
	f.tag = PTR64(sig);
	f.tag_size = (__u32)sig_len;
	f.result = 0xdead;
	r = xioctl(fd, NCRIO_SESSION_FINAL, &f);
	if (r)
		return r;
	if (f.result != NCR_VERIFY_OK && f.result != NCR_VERIFY_FAILED)
		return -EPROTO;
	return (int)f.result;
}

/* A DSA-2048/256 private key (PKCS#8 DER, hex), for tests that need one
 * without generating parameters under emulation. */
const char test_dsa2048_pkcs8_hex[] =
	"3082025c0201003082023506072a8648ce3804013082022802820101009556a4"
	"99585a14ac9a138efa5f199c63a488e1ab03a90734a33b8da58a784135c7a9ec"
	"bcd255646121068b8e22c94791baa50b296dd6b5371a442fa7bd2ed247a20401"
	"eac29d61401691d95ab85108719e25e35dbddf29b6b9b2db702cdcc1b0380f66"
	"9fd512c77ddc055d22b251c2ccb3f6e79603469e82e7b7b64a35f79b321c2d16"
	"03a95183d1f5b24883790f9194cc365220679165ff238ff5efa67d762eace7de"
	"eab1d0193d7c72e968d5b10955bc777a41e51c32c88e8269c342bd20b139166d"
	"857771a11a914284052d7df5133c13dbb10b5ce09542df14ad942c93c6b5d62f"
	"e74c4943a817b56860c1a02467bdfb50dba520ea5834801f60650bbe6b021d00"
	"e32dd8f74c1b6a21d69b4dd4a65dedb22b86af9b3e6b8ec5dd893f6d02820100"
	"6295d926bdaa85316c1af7897fc64fbd6b7a4d6ce4ce548b5d973523956b474c"
	"ffad8e6f68d9f909408fb2140a53a16583e4acc2e3d66c7d2e60fbf63b0366e5"
	"8a5230ec2479a8d2fb5bef2f2d2a4e048985631bac75b30457d20da5edf9c5d7"
	"c4a4249f2b8a950c7cf31e8b3c16267af6b23fa76470de67b69bbcf15013d401"
	"a86e2e3933573ea8155b8630719baba6d4d70bcd4466d2ac8f3b16ce554074a1"
	"6db33bf4472ed84a4b3f615dc895113b35c29562da5ac1ff495ed99fc51ac4a3"
	"9580017cd3a12b7bb35d654cf0f6095cd6a9993aaeab55dad33c21a6ade15745"
	"fb469b99f975eb921bc3b5c92f6d6b0bb3fe068c20f239b89c49fe046e43c2a7"
	"041e021c4edbcaded36e1636682b17d607e37daa825c6f2ec78084e593ff5bd9";
