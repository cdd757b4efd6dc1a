// SPDX-License-Identifier: GPL-2.0
/*
 * audit.c - one audit record per operation, written synchronously in the
 * caller's context by the ioctl dispatcher: who (pid, uid, auid, ses), what
 * (op), which key (handle, type, length, persistent key ID), which
 * algorithm, and the outcome (res=0 or the negative errno; verifications
 * also say verify=ok|failed).  Key lookups, info queries and session
 * updates (parts of an operation) are not recorded.
 *
 * A master key set or rotation also names the key's source, keyring
 * serial and ID (masterkey.c), never the key.
 *
 * Records are AUDIT_KERNEL_OTHER (1316, "for use by 3rd party modules"):
 *   ncr op=session_once alg=gcm(aes) key=3 key_type=1 key_bits=256
 *   key_id=5ad1... pid=812 uid=1000 auid=1000 ses=2 res=0
 * With audit off (audit_enabled == 0) the cost is a load and a branch, so
 * the one-shot fast path keeps its speed.  Data and key material never
 * appear; the key ID is an identifier, not a secret.
 */
#include <linux/audit.h>
#include <linux/cred.h>
#include <linux/sched.h>
#include "ncr-int.h"

void __ncr_audit_key(struct ncr_audit_ctx *ac, u32 handle,
		     const struct ncr_key *key)
{
	ac->handle = handle;
	ac->has_key = true;
	ac->key_type = key->type;
	ac->key_bits = key->bits;
	ac->key_id_len = key->key_id_len;
	memcpy(ac->key_id, key->key_id, key->key_id_len);
}

void ncr_audit(const char *op, const struct ncr_audit_ctx *ac, long res)
{
	struct audit_buffer *ab;
	u32 i;

	if (likely(!audit_enabled))
		return;
	if (ac->op)
		op = ac->op;
	ab = audit_log_start(audit_context(), GFP_KERNEL, AUDIT_KERNEL_OTHER);
	if (!ab)
		return;
	audit_log_format(ab, "ncr op=%s alg=%s", op,
			 ac->alg ? ac->alg->kname :
			 ac->alg_name ? ac->alg_name : "-");
	if (ac->has_key) {
		audit_log_format(ab, " key=%u key_type=%u key_bits=%u key_id=",
				 ac->handle, ac->key_type, ac->key_bits);
		for (i = 0; i < ac->key_id_len; i++)
			audit_log_format(ab, "%02x", ac->key_id[i]);
		if (!ac->key_id_len)
			audit_log_format(ab, "-");
	}
	if (ac->wrapping_key)
		audit_log_format(ab, " wrapping_key=%u", ac->wrapping_key);
	if (ac->has_master) {
		audit_log_format(ab, " source=%s",
				 ncr_master_src_name(ac->master_source));
		if (ac->master_serial)
			audit_log_format(ab, " serial=%u", ac->master_serial);
		audit_log_format(ab, " id=%*phN", NCR_MASTER_KEY_ID_LEN,
				 ac->master_id);
	}
	audit_log_format(ab, " pid=%d uid=%u auid=%u ses=%u",
			 task_tgid_nr(current),
			 from_kuid(&init_user_ns, current_uid()),
			 from_kuid(&init_user_ns, audit_get_loginuid(current)),
			 audit_get_sessionid(current));
	if (ac->verify >= 0)
		audit_log_format(ab, " verify=%s",
				 ac->verify == NCR_VERIFY_OK ? "ok" : "failed");
	audit_log_format(ab, " res=%ld", res);
	audit_log_end(ab);
}
