// SPDX-License-Identifier: GPL-2.0
/*
 * info.c - NCRIO_INFO: ABI version, module version, self-test result,
 * master key state (source and IDs only), limits, live counters and, per
 * allowlisted algorithm, the driver that serves it.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "ncr-int.h"
#include "areq.h"

extern atomic64_t ncr_live_sessions;

/* The layout ncr.h promises (no implicit padding; NCR_INFO_SIZE_*). */
static_assert(offsetof(struct ncr_info, module_version) ==
	      NCR_INFO_SIZE_VER1);
static_assert(offsetof(struct ncr_info, selftest) == 152);
static_assert(offsetof(struct ncr_info, master_key_id) == 168);
static_assert(offsetof(struct ncr_info, max_inflight_per_ns) == 200);
static_assert(offsetof(struct ncr_info, inflight) == 208);
static_assert(offsetof(struct ncr_info, batch_max_ops) == 216);
static_assert(offsetof(struct ncr_info, batch_max_bytes) == 224);
static_assert(sizeof(struct ncr_info) == NCR_INFO_SIZE_VER2);
static_assert(offsetof(struct ncr_master_key, key_type) ==
	      NCR_MASTER_KEY_SIZE_VER0);
static_assert(offsetof(struct ncr_master_key, __reserved2) == 32);
static_assert(sizeof(struct ncr_master_key) == NCR_MASTER_KEY_SIZE_VER1);

static void ncr_fill_alg(const struct ncr_alg *alg, struct ncr_alg_info *ai)
{
	struct ncr_tfm t;

	memset(ai, 0, sizeof(*ai));
	ai->algorithm = alg->id;
	ai->key_type = alg->key_type;
	ai->block_size = alg->block;
	ai->iv_size = alg->iv_size;
	ai->tag_size = alg->tag;
	strscpy(ai->name, alg->kname, sizeof(ai->name));
	if (alg->key_type == NCR_KEY_TYPE_AES) {
		ai->min_key_bytes = alg->id == NCR_ALG_AES_XTS ? 32 : 16;
		ai->max_key_bytes = alg->id == NCR_ALG_AES_XTS ? 64 : 32;
	} else if (alg->key_type == NCR_KEY_TYPE_DES3) {
		ai->min_key_bytes = ai->max_key_bytes = 24;
	} else if (alg->key_type == NCR_KEY_TYPE_CHACHA20) {
		ai->min_key_bytes = ai->max_key_bytes = 32;
	} else if (alg->key_type == NCR_KEY_TYPE_HMAC) {
		ai->min_key_bytes = 1;
		ai->max_key_bytes = NCR_MAX_HMAC_KEY_BYTES;
	}
	if (alg->kind == NCR_KIND_PK || alg->kind == NCR_KIND_KX) {
		/* the module's own constant-time code */
		ai->flags |= NCR_ALG_INFO_FLAG_AVAILABLE;
		strscpy(ai->driver, "ncr-core", sizeof(ai->driver));
		if (alg->kind == NCR_KIND_PK)
			ai->tag_size = NCR_MAX_SIGNATURE;
		return;
	}
	if (!ncr_tfm_alloc(alg, false, &t)) {
		ai->flags |= NCR_ALG_INFO_FLAG_AVAILABLE;
		strscpy(ai->driver, crypto_tfm_alg_driver_name(ncr_tfm_base(&t)),
			sizeof(ai->driver));
		if (t.hw)
			ai->flags |= NCR_ALG_INFO_FLAG_HARDWARE;
		if (ncr_tfm_base(&t)->__crt_alg->cra_flags & CRYPTO_ALG_ASYNC)
			ai->flags |= NCR_ALG_INFO_FLAG_ASYNC;
		ncr_tfm_release(&t);
	}
	if (alg->hw_drivers[0] && !ncr_tfm_alloc(alg, true, &t)) {
		if (t.hw) {
			ai->flags |= NCR_ALG_INFO_FLAG_HW_AVAILABLE;
			strscpy(ai->hw_driver,
				crypto_tfm_alg_driver_name(ncr_tfm_base(&t)),
				sizeof(ai->hw_driver));
		}
		ncr_tfm_release(&t);
	}
}

long ncr_info_ioctl(struct ncr_ucmd *uc)
{
	struct ncr_info *in = uc->cmd;
	struct ncr_ns *ns = uc->ns;
	struct ncr_alg_info ai;
	u32 i, n = ncr_alg_count();

	if (in->flags || in->__reserved)
		return -EINVAL;
	if (in->algs) {
		if (in->alg_info_size < NCR_ALG_INFO_SIZE_VER0 ||
		    in->alg_info_size > PAGE_SIZE)
			return -EINVAL;
		for (i = 0; i < n && i < in->alg_count; i++) {
			void __user *dst = ncr_uptr(in->algs) +
					   (size_t)i * in->alg_info_size;

			ncr_fill_alg(ncr_alg_at(i), &ai);
			if (copy_to_user(dst, &ai,
					 min_t(size_t, sizeof(ai),
					       in->alg_info_size)))
				return -EFAULT;
			if (in->alg_info_size > sizeof(ai) &&
			    clear_user(dst + sizeof(ai),
				       in->alg_info_size - sizeof(ai)))
				return -EFAULT;
			if (fatal_signal_pending(current))
				return -EINTR;
		}
	}
	in->alg_count = n;
	in->version = NCR_ABI_VERSION;
	in->copy_bound = NCR_COPY_BOUND;
	in->max_hmac_key_bytes = NCR_MAX_HMAC_KEY_BYTES;
	in->live_namespaces = atomic_read(&ncr_live_ns);
	in->live_keys = atomic64_read(&ncr_live_keys);
	in->live_sessions = atomic64_read(&ncr_live_sessions);
	in->max_keys_per_user = READ_ONCE(ncr_max_keys_per_user);
	in->max_sessions_per_user = READ_ONCE(ncr_max_sessions_per_user);
	in->max_namespaces_per_user = READ_ONCE(ncr_max_namespaces_per_user);
	in->max_objects_per_ns = ncr_max_objects_per_ns;
	in->max_buffered_bytes = READ_ONCE(ncr_max_buffered_bytes);
	in->max_user_memory = READ_ONCE(ncr_max_user_memory);
	in->user_keys = ncr_user_used(ns->user, NCR_RES_KEYS);
	in->user_sessions = ncr_user_used(ns->user, NCR_RES_SESSIONS);
	in->user_namespaces = ncr_user_used(ns->user, NCR_RES_NAMESPACES);
	in->user_buffered = ncr_user_used(ns->user, NCR_RES_BUFFERED);
	in->user_memory = ncr_user_used(ns->user, NCR_RES_MEMORY);
	/* version 2 */
	memset(in->module_version, 0, sizeof(in->module_version));
	strscpy(in->module_version, NCR_MODULE_VERSION,
		sizeof(in->module_version));
	in->selftest = NCR_SELFTEST_PASSED;	/* else the load failed */
	in->selftest_count = ncr_selftest_passed;
	in->master_key_source = 0;
	in->master_key_flags = 0;
	memset(in->master_key_id, 0, sizeof(in->master_key_id));
	memset(in->master_key_previous_id, 0,
	       sizeof(in->master_key_previous_id));
	ncr_master_info(in);
	in->max_inflight_per_ns = READ_ONCE(ncr_max_inflight_per_ns);
	in->zerocopy_min = READ_ONCE(ncr_zerocopy_min);
	in->inflight = atomic64_read(&ncr_inflight_all);
	in->batch_max_ops = NCR_BATCH_MAX_OPS;
	in->dev_mode = ncr_dev_mode;
	in->batch_max_bytes = NCR_BATCH_MAX_BYTES;
	return ncr_ucmd_respond(uc, sizeof(*in));
}
