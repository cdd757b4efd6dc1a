/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * ncr.h - user-space ABI of /dev/crypto: kernel cryptography with keys that
 * stay in the kernel.
 *
 * OVERVIEW
 *
 * open("/dev/crypto", O_RDWR) returns a descriptor that is a *namespace* of
 * key handles and session handles.  Handles are small non-zero __u32
 * integers, valid only in the namespace that created them (0 is never a
 * valid handle).  Sharing the open file description (fork, dup,
 * SCM_RIGHTS) shares the namespace; the last close destroys every object in
 * it and zeroizes all key material.
 *
 * A key object holds secret material that user space never sees unless the
 * key was created with NCR_KEY_FLAG_EXPORTABLE.  Every operation checks the
 * key's usage flags (NCR_KEY_USAGE_*) and its algorithm set
 * (NCR_KEY_ALG_*); KEY POLICY below gives the rules.  A key can be saved
 * as a storage blob, authenticated and encrypted under the system master
 * key, and loaded again after a reboot once the same master key is set.
 *
 * Public-key types (RSA, DSA, DH, EC P-256/P-384, X25519, Ed25519) make
 * two kinds of key object: a private key, which also holds its public half
 * and whose private parts obey NCR_KEY_FLAG_EXPORTABLE like any secret,
 * and a public key, which anyone may export.  NCRIO_KEY_GENERATE_PAIR
 * makes one of each in the kernel; NCRIO_KEY_IMPORT reads the standard
 * encodings (PKCS#8, SubjectPublicKeyInfo, PKCS#1, raw); NCRIO_KEY_DERIVE
 * turns a key agreement into a new secret key object, and NCRIO_KEY_KDF
 * runs HKDF, PBKDF2 or the SP 800-108 KDF into one.  The arithmetic is
 * the module's own constant-time code (core/), the same that user-space
 * tests check against OpenSSL, and needs no kernel public-key driver.
 *
 * The same descriptor also serves the BSD /dev/crypto ioctls of
 * cryptodev-linux ('c' 101..112), specified in <crypto/cryptodev.h>; a
 * BSD session may take its key from a key handle of this namespace
 * (CRYPTODEV_NCR_KEY there), under that key's policy.
 *
 * A session performs one operation (encrypt, decrypt, sign, verify) with one
 * algorithm and, where the algorithm needs one, one key.  Data are fed with
 * NCRIO_SESSION_UPDATE and the session is finished and freed with
 * NCRIO_SESSION_FINAL; NCRIO_SESSION_ONCE does init+update+final in one
 * system call.  Plain digests are computed with op = NCR_OP_SIGN (the digest
 * is the "signature") and checked with NCR_OP_VERIFY.
 *
 * DEVICE NODE
 *
 * /dev/crypto is a misc device with a dynamic minor, named "crypto": the
 * module registers it, devtmpfs makes the node from the uevent with the
 * number the module got and the mode of the module parameter dev_mode
 * (octal, read-only after load, default 0666, at most 0777: a larger value
 * fails the load with EINVAL; 0 gives devtmpfs's default, 0600), so the
 * node is never more open than the administrator set, not even for a
 * moment (`options ncr dev_mode=0660` in /etc/modprobe.d).  The owner and
 * group come from a udev rule (60-ncr.rules, which an administrator
 * overrides in /etc/udev/rules.d), and a modules-load.d entry loads the
 * module at boot.  The module has no "devname:crypto" alias on purpose:
 * with a dynamic minor such an alias makes depmod write "crypto c10:255"
 * into modules.devname, and at boot `kmod static-nodes` would make a
 * stale /dev/crypto 10:255 that is not this device.  The device's number
 * is in /sys/class/misc/crypto/dev; libncr's ncr_device_check() compares
 * a node with it.  NCRIO_INFO reports dev_mode.
 *
 * THE ARGUMENT STRUCTURES
 *
 * Every ioctl takes a pointer to a structure whose first member is
 * "__u32 size", set by the caller to sizeof() of the structure it was
 * compiled with.  The ioctl numbers do not encode the size (they are
 * _IO('c', nr)), so a structure can grow at its end without a new ioctl
 * number.  The kernel accepts:
 *   - size smaller than the first published version (NCR_*_SIZE_VER0):
 *     EINVAL;
 *   - size between the first version and the kernel's own: missing fields
 *     read as zero;
 *   - size larger than the kernel's: accepted only if every byte beyond the
 *     kernel's structure is zero, otherwise E2BIG;
 *   - size larger than 4096 (one page): E2BIG.
 * Output fields are written back only up to the smaller of the caller's
 * size and the kernel's.  Pointers are __aligned_u64 (cast from a pointer
 * with (__u64)(uintptr_t)p); there is no implicit padding; layouts are
 * identical for 32- and 64-bit user space, so no compat translation exists.
 * Fields named __reserved* must be zero (EINVAL otherwise); unknown bits in
 * any flags or usage word give EINVAL.  Fields marked "out" are ignored on
 * input, so a structure may be reused from call to call.
 *
 * KEY POLICY
 *
 * The promise: no sequence of calls by a process without CAP_SYS_ADMIN
 * reveals the material of a key that is not NCR_KEY_FLAG_EXPORTABLE, and
 * no key is used with an operation or algorithm its policy does not name.
 * (docs/security.md is the threat model, with the test of every rule.)
 *
 * Flags (NCR_KEY_FLAG_*), chosen at creation:
 *   EXPORTABLE  NCRIO_KEY_EXPORT may copy the material out.
 *   WRAPPABLE   NCRIO_KEY_WRAP may wrap the key for transport, under a
 *               TRUSTED wrapping key; under any wrapping key the caller may
 *               use if the key is also EXPORTABLE (the caller could read
 *               it anyway).  A key without WRAPPABLE is never wrapped.
 *   HASHABLE    the material may be input to a digest or HMAC
 *               (NCR_OP_FLAG_KEY_DATA; see there for the limits).
 *   STORABLE    NCRIO_KEY_STORAGE_WRAP may seal the key in a storage blob
 *               under the master key (readable only by this module with
 *               the same master key).
 *   RSA_LEGACY  an RSA private key of 1024 to 2047 bits may sign and
 *               decrypt.  Without it such keys import (their public
 *               operations work) but private operations fail with EINVAL:
 *               below 2048 bits RSA is below 112-bit security (NIST SP
 *               800-57, SP 800-131A disallow it for signing since 2013),
 *               so using one must be a deliberate, per-key choice, for
 *               interoperability with old peers and tokens.  Only at
 *               import (NCRIO_KEY_IMPORT, NCRIO_KEY_STORAGE_UNWRAP restores
 *               it) of an RSA private key (EINVAL on other types and on
 *               generation: no key below 2048 bits is ever generated).
 *   TRUSTED     the key may wrap keys that are not EXPORTABLE.  Set only by
 *               a caller with CAP_SYS_ADMIN (at creation or with
 *               NCRIO_KEY_TRUST), and only on a key that can do nothing
 *               but wrap: usage within WRAP | UNWRAP, algorithm set within
 *               the key-wrapping algorithms (AES_KW, AES_KWP,
 *               RSA_OAEP_WRAP), neither EXPORTABLE nor HASHABLE; a public
 *               RSA key qualifies with usage WRAP (its private half is
 *               someone else's).  At creation (generate, pair, import,
 *               unwrap; never derive) the caller with CAP_SYS_ADMIN brings
 *               the material or the wrapped key itself: that is its
 *               decision.  By handle (NCRIO_KEY_TRUST), where the handle
 *               may name a key another process of the namespace brought
 *               in, the key must also never have been readable outside a
 *               kernel (NCR_KEY_ATTR_ALWAYS_SENSITIVE: generated here or
 *               imported by root), and a public key must be the half of a
 *               pair generated here.  So a key whose material a caller
 *               without CAP_SYS_ADMIN brought in (import, unwrap, derive)
 *               is never trusted, even when root is handed its handle.
 * Flags, usage and the algorithm set only ever get stricter: no ioctl
 * adds EXPORTABLE, WRAPPABLE, HASHABLE or STORABLE to an existing key,
 * nor a usage bit or an algorithm; NCRIO_KEY_RESTRICT removes them.
 * Sessions already started keep running with what they were started
 * with.  A storage blob keeps the policy the key had when it was sealed.
 *
 * Attributes (NCR_KEY_ATTR_*, reported by NCRIO_KEY_GET_INFO), set at
 * creation and never added later:
 *   LOCAL              the material was generated in the kernel
 *                      (NCRIO_KEY_GENERATE, NCRIO_KEY_GENERATE_PAIR).
 *   ALWAYS_SENSITIVE   the material was never readable outside a kernel:
 *                      generated here, or imported by a caller with
 *                      CAP_SYS_ADMIN (who vouches for it); and the key was
 *                      never EXPORTABLE.  Not for keys imported without
 *                      CAP_SYS_ADMIN, unwrapped (under any key: whoever
 *                      made the wrapped bytes may know the material) or
 *                      derived, nor for public keys.
 *   NEVER_EXTRACTABLE  the key was never WRAPPABLE.
 * Clearing EXPORTABLE or WRAPPABLE later does not set them.  They follow
 * the key into storage blobs.
 *
 * Key IDs: every key gets a 16-byte ID from the kernel (unique in a boot,
 * unpredictable, the same for both halves of a generated pair); the
 * caller's own name for a key is its label (0..NCR_KEY_LABEL_MAX bytes,
 * any bytes, not unique).  Audit records name keys by ID.  A key loaded
 * from a storage blob gets back the ID and label it had when sealed.
 *
 * ALGORITHM SETS
 *
 * Each key carries the set of algorithms it may be used with (algs, a
 * mask of NCR_KEY_ALG_*; key-wrapping algorithms have bits of their own).
 * A session, once operation, wrap, unwrap or derive with an algorithm
 * outside the key's set fails with EPERM.  The set is given at creation
 * (the algs fields; 0: the default below) and must only hold algorithms
 * of the key's type (EINVAL otherwise).  Fixed rules:
 *   - AES-XTS keys are XTS only: a set holding AES_XTS holds nothing else,
 *     and needs a 32, 48 or 64-byte key; AES keys of 48 or 64 bytes are
 *     XTS keys (their default set).  Other AES algorithms need 16, 24 or
 *     32 bytes.  (An AES-256 key is never split into two AES-128 keys.)
 *   - TRUSTED keys: see KEY POLICY.
 *   - SP 800-108 keys are KBKDF only: a set holding KBKDF_HMAC or
 *     KBKDF_CMAC holds nothing else (NCRIO_KEY_KDF says why).  AES keys
 *     may have KBKDF_CMAC, HMAC keys KBKDF_HMAC; neither is a default.
 * Default sets, by key type and usage ("families"):
 *   AES       ENCRYPT/DECRYPT: AES_GCM.  SIGN/VERIFY: CMAC_AES.
 *             WRAP/UNWRAP: AES_KW | AES_KWP.  (48/64-byte keys: AES_XTS.)
 *   DES3      ENCRYPT/DECRYPT: DES3_CBC.
 *   CHACHA20  ENCRYPT/DECRYPT: CHACHA20_POLY1305.
 *   HMAC      SIGN/VERIFY/DERIVE: every HMAC_* (a generic secret).
 *             HKDF and KBKDF_HMAC only when named.
 *   RSA       SIGN/VERIFY: RSA_PKCS1 | RSA_PSS.  ENCRYPT/DECRYPT: RSA_OAEP.
 *             WRAP/UNWRAP: RSA_OAEP_WRAP.
 *   DSA       SIGN/VERIFY: DSA.     ED25519  SIGN/VERIFY: ED25519.
 *   EC        SIGN/VERIFY: ECDSA.   DERIVE: ECDH.
 *   X25519    DERIVE: X25519.       DH       DERIVE: DH.
 * Usage bits without a family for the type add nothing.  If a key that is
 * not a public key has usages of two or more families (e.g. an AES key to
 * ENCRYPT and SIGN), there is no default: the caller must name the set
 * (EINVAL otherwise).  That is deliberate: a key usable with a mode and
 * with its keystream or block-cipher equivalent (GCM with CTR or ECB, CCM
 * with CTR or CBC, CMAC with ECB or CBC, key wrap with ECB, ChaCha20 with
 * ChaCha20-Poly1305, GCM with CMAC, whose subkey a GCM nonce reuse
 * reveals) can be used to decrypt or forge the other; such a set must be
 * an explicit choice.  Public keys (verify, encrypt, wrap with public
 * operations only) get the union of their families.
 * Keys in storage blobs of format 1 (before algorithm sets) load with the
 * default set of their type and usage, the union of the families when
 * they have several.
 *
 * ERRNO VALUES (common to every ioctl; individual ioctls list extras)
 *   EFAULT      a structure or buffer pointer is not readable/writable.
 *   EINVAL      size too small, unknown flag bit, non-zero reserved field,
 *               unknown algorithm or op, length not valid for the algorithm
 *               (key size, IV size, block multiple, tag size).
 *   E2BIG       size larger than the kernel's structure with a non-zero
 *               tail, or larger than 4096.
 *   ENOENT      a key or session handle does not exist in this namespace.
 *   EPERM       the key's policy forbids the operation: its flags (export
 *               of a non-exportable key, storage of a non-storable key,
 *               wrap of a non-wrappable key or under an untrusted key, key
 *               data as hash input without NCR_KEY_FLAG_HASHABLE, ...),
 *               its usage (encrypt with a key lacking
 *               NCR_KEY_USAGE_ENCRYPT, ...) or its algorithm set;
 *               asking a new key for more than its source allows;
 *               NCRIO_MASTER_KEY_SET, NCRIO_KEY_TRUST or
 *               NCR_KEY_FLAG_TRUSTED without CAP_SYS_ADMIN.
 *   ENOTTY      unknown ioctl command.
 *   EOPNOTSUPP  the algorithm is in the allowlist but this kernel has no
 *               implementation of it (or no hardware implementation, when
 *               NCR_SESSION_FLAG_HARDWARE was asked for).
 *   ERANGE      an output buffer is too small; the corresponding size field
 *               is set to the size needed and the structure is copied back.
 *   EDQUOT      a limit on objects, buffered bytes or memory was reached
 *               (per user, per namespace: see LIMITS); also from open(2)
 *               of /dev/crypto past max_namespaces_per_user.
 *   ENOMEM      the kernel is out of memory.
 *   EINTR       interrupted by a fatal signal during a long operation (or
 *               while waiting for a session another thread is using).
 *   EIO         the session failed earlier in the middle of its data (a
 *               fault or signal after part of an update was processed:
 *               output written or state advanced); only
 *               NCRIO_SESSION_FINAL/FREE remain, to release it.  A fault
 *               before anything was processed is a plain EFAULT and the
 *               session stays usable.
 * A failed ioctl creates no object and changes no object, except where an
 * ioctl says otherwise (NCRIO_SESSION_FINAL frees the session even when it
 * fails, except on ERANGE; an update that faults midway leaves the
 * session failed, see EIO).
 *
 * LIMITS (module parameters; the per-user ones writable by root in
 * /sys/module/ncr/parameters, effective for new allocations)
 *   Everything a namespace's objects make the kernel hold is counted
 *   against the uid (real uid) of the process that opened the namespace,
 *   over all that uid's namespaces and processes together (a descriptor
 *   handed to another process, even of another uid, spends the opener's
 *   allowance: hand out descriptors accordingly), and charged to the
 *   memory cgroup of the process that made the call.
 *   max_keys_per_user     key objects (default 4096).
 *   max_sessions_per_user sessions with a handle (default 1024).
 *   max_namespaces_per_user  open /dev/crypto descriptions (default 1024).
 *   max_buffered_bytes    data buffered in sessions that must see the
 *                         whole message (AEAD, XTS, Ed25519) beyond what
 *                         fits in the session's own bounce buffer (which
 *                         max_user_memory counts); default 128 MiB.
 *   max_user_memory       all other kernel memory the uid's objects hold:
 *                         keys, sessions and their buffers, namespaces and
 *                         their buffer pools, public-key work areas while
 *                         an operation runs (default 64 MiB).
 *   max_objects_per_ns    keys + sessions in one namespace (default 4096;
 *                         read-only).
 *   NCRIO_INFO reports the limits and the caller's uid's current use.
 *   NCR_COPY_BOUND        user data travels through a bounded per-session
 *                         kernel buffer of this many bytes; larger requests
 *                         are processed in chunks, never refused for size.
 *   max_inflight_per_ns   (writable) asynchronous-driver requests one
 *                         namespace may have in flight at once (NCRIO_BATCH
 *                         and io_uring; default 128).
 *   NCR_BATCH_MAX_OPS     operations in one NCRIO_BATCH (256).
 *   NCR_BATCH_MAX_BYTES   input + AAD bytes in one NCRIO_BATCH (64 MiB).
 *   zerocopy_min          (writable) cipher and hash requests, and one-shot
 *                         AEAD encryptions up to 252 KiB, of at least this
 *                         many bytes (default 4096; 0: never) run on the
 *                         caller's pinned pages instead of the buffer.
 *
 * SELF-TESTS
 *   At load the module checks known answers (SHA-256, HMAC-SHA256,
 *   AES-128-CBC, AES-128-GCM through its own allowlist; Ed25519, X25519
 *   and deterministic ECDSA P-256 in its public-key code); a wrong answer
 *   fails the load with ELIBBAD, so /dev/crypto never appears over a
 *   broken driver.
 *
 * AUDIT
 *   With the kernel's audit enabled, every operation (key generate, key
 *   pair generate, import, export, derive, deinit, restrict, trust, wrap,
 *   unwrap, storage wrap/unwrap, master key set, rotate and forget,
 *   session init, final, free and once) writes one AUDIT_KERNEL_OTHER
 *   (1316) record synchronously in the caller's context, successful or
 *   not: "ncr op=... alg=<kernel name|-> [key=<handle> key_type= key_bits=
 *   key_id=<hex>] [wrapping_key=] pid= uid= auid= ses= [verify=ok|failed]
 *   res=<0|-errno>".  key_id is the kernel-assigned ID (see KEY POLICY),
 *   so a record names one key, never one a caller chose to look alike.
 *   The master key records are op=master_key_set, master_key_rotate or
 *   master_key_forget_previous, with " source=<bytes|trusted|encrypted|
 *   user|logon> [serial=<keyring key serial>] id=<the new key ID, hex>"
 *   when a key was set.
 *   Info queries and session updates (parts of an operation) are not
 *   recorded.  Key material and data never appear.
 *
 * IOCTLS
 *
 * NCRIO_INFO (struct ncr_info)
 *   Reports the ABI version, limits, live object counters (module-wide) and,
 *   when algs != 0, one struct ncr_alg_info per allowlisted algorithm: which
 *   kernel driver serves it, whether that driver is hardware-backed (off-CPU
 *   or KERN_DRIVER_ONLY) and asynchronous, and which hardware driver, if
 *   any, a session could ask for with NCR_SESSION_FLAG_HARDWARE.
 *   In:  algs (pointer to an array, or 0), alg_count (its capacity in
 *        entries), alg_info_size (sizeof(struct ncr_alg_info) the caller
 *        uses; with algs != 0 it must be from NCR_ALG_INFO_SIZE_VER0 to
 *        4096, else EINVAL; bytes past the kernel's entry are zeroed).
 *        The out fields are ignored on input.
 *   Public-key and key-agreement algorithms are served by the module's
 *   own code: driver "ncr-core", always available, never hardware;
 *   tag_size is NCR_MAX_SIGNATURE for the signature algorithms.
 *   Out: version, copy_bound, max_hmac_key_bytes, live_keys, live_sessions,
 *        live_namespaces, alg_count (number of entries the kernel has; if
 *        larger than the capacity, only capacity entries were written and
 *        the call still succeeds); version 1: the per-user limits
 *        (max_*, see LIMITS) and the caller's uid's use of them (user_*:
 *        keys, handle sessions, namespaces, buffered bytes, memory bytes).
 *        Version 2 (NCR_INFO_SIZE_VER2, ABI 5):
 *          module_version  the module's MODULE_VERSION, NUL-terminated;
 *          selftest        NCR_SELFTEST_PASSED (a module whose known-answer
 *                          tests fail does not load, see SELF-TESTS);
 *          selftest_count  how many known-answer tests ran and passed (a
 *                          test whose algorithm the kernel lacks is
 *                          skipped, not counted);
 *          master_key_source  0 when no master key is set, else where the
 *                          current one came from: NCR_MASTER_KEY_SRC_BYTES
 *                          (the caller's bytes) or the kernel key type
 *                          (_TRUSTED, _ENCRYPTED, _USER, _LOGON);
 *          master_key_flags   NCR_INFO_MASTER_PREVIOUS: a previous key is
 *                          held (see NCRIO_MASTER_KEY_SET, ROTATE);
 *          master_key_id, master_key_previous_id  the key IDs of the
 *                          current and previous master keys (zero when
 *                          none): the first 16 bytes of
 *                          HMAC-SHA256(master key, "ncr master key id v1"),
 *                          one-way, so safe to show anyone, and enough to
 *                          tell two master keys apart;
 *          max_inflight_per_ns, zerocopy_min  the module parameters;
 *          inflight        requests in flight on asynchronous drivers now,
 *                          all namespaces (NCRIO_BATCH, io_uring);
 *          batch_max_ops, batch_max_bytes  NCR_BATCH_MAX_OPS and
 *                          NCR_BATCH_MAX_BYTES;
 *          dev_mode        the dev_mode module parameter (see DEVICE NODE).
 *        Every caller may read these (the master key IDs included); no
 *        field says anything about the master key but its source and ID.
 *
 * NCRIO_KEY_GENERATE (struct ncr_key_generate)
 *   Creates a secret key of the given type and length from the kernel RNG.
 *   In:  flags (NCR_KEY_FLAG_*), usage (NCR_KEY_USAGE_*, not 0), type
 *        (NCR_KEY_TYPE_*), bits; version 1: algs (0: default set),
 *        label/label_size.
 *   Out: key (the new handle).
 *   Valid lengths: AES 128, 192, 256 (and 384, 512: AES-XTS double keys,
 *   usable only with NCR_ALG_AES_XTS); DES3 192; CHACHA20 256; HMAC any
 *   multiple of 8 from 8 to NCR_MAX_HMAC_KEY_BYTES*8.  Other: EINVAL.
 *   The key has NCR_KEY_ATTR_LOCAL.
 *   Also: EDQUOT; EINVAL (algs not valid for the type or length, or no
 *   default set for this usage); EPERM (TRUSTED without CAP_SYS_ADMIN);
 *   EINVAL (TRUSTED on a key that does not qualify).
 *
 * NCRIO_KEY_IMPORT (struct ncr_key_import)
 *   Creates a key from material supplied by user space (the caller had it
 *   anyway; the new key is still subject to its own flags).
 *   In:  flags, usage, type, data/data_size, label/label_size
 *        (0..NCR_KEY_LABEL_MAX bytes), format (NCR_KEY_FORMAT_*, see
 *        below), bits (EC with RAW/RAW_PUBLIC: the curve, 256 or 384;
 *        otherwise 0); version 2: algs (0: default set).
 *   Out: key.
 *   Secret types (AES, DES3, CHACHA20, HMAC): format 0 or RAW, raw key
 *   bytes, length rules as for generate, in bytes.
 *   Public-key types: format says what data holds and whether the new
 *   object is a private or a public key:
 *     PKCS8 (private; RSA, DSA, DH, EC, X25519, Ed25519), SPKI (public;
 *     all types), PKCS1 (RSA; RSAPrivateKey makes a private key,
 *     RSAPublicKey a public one), RAW (private; EC scalar d of the curve
 *     given in bits, exactly the field length, 32 or 48 bytes, as RFC
 *     5915; X25519/Ed25519 32-byte private key), RAW_PUBLIC
 *     (public; EC point, uncompressed or compressed; X25519/Ed25519 32
 *     bytes).  Format 0 means PKCS8.  type must match the encoded key
 *     (EINVAL otherwise); DER must be strict (definite minimal lengths, no
 *     trailing data).  Public keys, points and domain parameters are
 *     validated (RSA: n odd, 1024..4096 bits, e odd; private RSA: p q = n;
 *     DSA/DH: the parameter checks of NCRIO_KEY_GENERATE_PAIR; EC: on the
 *     curve; private keys: the public half is recomputed where the
 *     encoding omits it and must match where it is present).  A public
 *     key always gets NCR_KEY_FLAG_EXPORTABLE and NCR_KEY_FLAG_STORABLE
 *     (it holds nothing secret); its usage may hold only ENCRYPT, VERIFY,
 *     WRAP and DERIVE (EINVAL otherwise).  At most NCR_MAX_PKEY_BYTES of
 *     data.
 *   Also: EDQUOT; EINVAL (malformed encoding, invalid key, algs);
 *   EOPNOTSUPP (a well-formed key of an algorithm, curve or form not
 *   supported, e.g. explicit EC parameters or multi-prime RSA); EPERM
 *   (TRUSTED without CAP_SYS_ADMIN).
 *
 * NCRIO_KEY_EXPORT (struct ncr_key_export)
 *   Copies key material out in the requested format.
 *   In:  key, data (buffer), data_size (its capacity), format
 *        (NCR_KEY_FORMAT_*; 0: RAW for a secret key, PKCS8 for a private
 *        key, SPKI for a public key).
 *   Out: data_size (bytes written).
 *   Secret keys: only RAW; the key must be NCR_KEY_FLAG_EXPORTABLE.
 *   Public-key objects: SPKI, RAW_PUBLIC and PARAMS (DSA, DH) export the
 *   public half or the domain parameters and are allowed for every key,
 *   private or public, whatever its flags (the public half of a pair is
 *   public).  PKCS8, PKCS1 of a private key, and RAW (EC, X25519,
 *   Ed25519 private values) need NCR_KEY_FLAG_EXPORTABLE.  PKCS1 of a
 *   public RSA key is RSAPublicKey.  A format the type has no encoding
 *   for: EINVAL.
 *   Also: EPERM (not exportable), ERANGE.
 *
 * NCRIO_KEY_GET_INFO (struct ncr_key_info)
 *   In:  key.  Out: flags, usage, type, bits, key_id_size, key_id,
 *   key_class (NCR_KEY_CLASS_*); version 1: algs, attrs (NCR_KEY_ATTR_*),
 *   label_size, label.  bits: secret key length in bits; RSA modulus,
 *   DSA/DH p length; EC the curve (256, 384); X25519/Ed25519 255.
 *   key_id_size is NCR_KEY_ID_LEN for every key made by this ABI version
 *   (a key from an old storage blob keeps the ID it was sealed with).
 *
 * NCRIO_KEY_DEINIT (struct ncr_key_deinit)
 *   Removes the handle at once.  Sessions already using the key keep it
 *   alive until they end; then the material is zeroized and freed.
 *   In: key.
 *
 * NCRIO_KEY_RESTRICT (struct ncr_key_restrict)
 *   Makes a key's policy stricter, for every handle and session that will
 *   use it from now on: clears the flags in clear_flags (any of
 *   NCR_KEY_FLAGS_ALL, TRUSTED included), the usage bits in clear_usage
 *   and the algorithms in clear_algs.  Nothing can be added back.
 *   Clearing EXPORTABLE or WRAPPABLE is recorded in attrs only as far as
 *   ALWAYS_SENSITIVE / NEVER_EXTRACTABLE can describe it (they stay clear:
 *   the key was once exportable / wrappable).
 *   In:  key, clear_flags, clear_usage, clear_algs.
 *   Also: EINVAL (unknown bits; usage or algorithm set would become
 *   empty: deinit the key instead), ENOENT.
 *
 * NCRIO_KEY_TRUST (struct ncr_key_trust)
 *   Sets NCR_KEY_FLAG_TRUSTED on a key that qualifies (see KEY POLICY).
 *   In: key, flags (0).
 *   Also: EPERM (no CAP_SYS_ADMIN), EINVAL (the key does not qualify).
 *
 * NCRIO_KEY_GENERATE_PAIR (struct ncr_key_generate_pair)
 *   Generates a public-key pair in the kernel and returns two handles: a
 *   private key (which holds the public half as well) and a public key.
 *   Both get the same kernel-assigned key ID and the label
 *   label/label_size.  The private key gets flags, usage and algs; the
 *   public key public_usage (0: the public counterparts of usage: SIGN
 *   gives VERIFY, DECRYPT gives ENCRYPT, UNWRAP gives WRAP, DERIVE gives
 *   DERIVE), public_algs (0: the default set for public_usage) and
 *   always NCR_KEY_FLAG_EXPORTABLE and NCR_KEY_FLAG_STORABLE, plus
 *   NCR_KEY_FLAG_TRUSTED when the private key is made TRUSTED.  Both have
 *   NCR_KEY_ATTR_LOCAL.
 *   In:  flags, usage (not 0), public_usage, type, bits, q_bits,
 *        params/params_size, label/label_size; version 1: algs,
 *        public_algs.
 *   Out: private_key, public_key.
 *   Per type:
 *     RSA: bits 2048, 3072 or 4096; params: the public exponent as
 *       big-endian bytes (odd, >= 65537, at most 8 bytes), or none for
 *       65537.  FIPS 186-5 probable primes.
 *     DSA: with params (Dss-Parms DER, NCR_KEY_FORMAT_PARAMS) a key for
 *       those parameters (bits and q_bits 0 or matching); without, new
 *       FIPS 186-4 parameters are generated first, (L, N) = (bits,
 *       q_bits) one of (2048, 224), (2048, 256), (3072, 256).
 *     DH: with params (DHParameter or X9.42 DomainParameters DER) a key
 *       for them (p of 2048..8192 bits); without, bits names an RFC 7919
 *       group: 2048 (ffdhe2048), 3072, 4096.  Given parameters are
 *       validated before use, as at import: with q, p and q prime, q of
 *       at least 224 bits dividing p - 1, g of order q; without q
 *       (PKCS #3), p a safe prime (p and (p-1)/2 prime), and then
 *       q = (p-1)/2 is kept with the key so that every peer value is
 *       checked in the subgroup.  This takes Miller-Rabin tests of p and
 *       q (seconds for 8192 bits, longer under emulation; the call yields
 *       and honours fatal signals); the RFC 7919 groups are known and
 *       need none.
 *     EC: bits 256 (P-256) or 384 (P-384).  X25519, Ed25519: bits 0 or
 *       255.  params must be empty for these.
 *   RSA and DSA parameter generation take long (seconds; more under
 *   emulation): the call sleeps, yields the CPU, and returns EINTR at
 *   once, with nothing created, when the caller gets a fatal signal.
 *   Also: EINVAL (bad size, params, usage or algs), EDQUOT (two key slots
 *   are needed), EINTR, EPERM (TRUSTED without CAP_SYS_ADMIN).
 *
 * NCRIO_KEY_DERIVE (struct ncr_key_derive)
 *   Key agreement: combines our private key with the peer's public value
 *   into a new SECRET key object; the shared secret never reaches user
 *   space unless the new key is created NCR_KEY_FLAG_EXPORTABLE.
 *   In:  algorithm (NCR_ALG_ECDH with an EC key, NCR_ALG_X25519 with an
 *        X25519 key, NCR_ALG_DH with a DH key), key (a private key with
 *        NCR_KEY_USAGE_DERIVE and the algorithm in its set),
 *        peer/peer_size (ECDH: the peer's point, uncompressed or
 *        compressed; X25519: 32 bytes; DH: y, big-endian, at most the
 *        length of p), and for the new key: flags, type
 *        (NCR_KEY_TYPE_HMAC: a generic secret of any length; or AES when
 *        the secret is 16, 24 or 32 bytes), usage (not 0),
 *        label/label_size; version 1: algs (0: default set).
 *   Out: new_key.
 *   The caller chooses the peer value, so it may know the shared secret
 *   (from its own key pair): the new key may have any flags but TRUSTED.
 *   What protects our private key is the peer validation: only values of
 *   the prime-order group are accepted, so a result reveals nothing of
 *   the private key beyond the (hard) static Diffie-Hellman problem.
 *   DH keys of the RFC 7919 groups are exported (SPKI, PKCS8, PARAMS) in
 *   the PKCS#3 form (p, g) that OpenSSL writes for these groups, and read
 *   in that form or X9.42 (with q); either way q is known and used.
 *   The secret is the raw shared value: ECDH the x coordinate (field
 *   length bytes), X25519 the 32-byte output, DH g^xy mod p left-padded
 *   to the length of p (as RFC 7919 and OpenSSL).  Peer values are
 *   validated: EC points on the curve and not infinity, DH 2 <= y <= p-2
 *   and y^q = 1 (every DH key has a q: given, of an RFC 7919 group, or
 *   (p-1)/2 of a safe prime); X25519 outputs of all zero (small-order
 *   peer points) are refused.
 *   Also: EINVAL (invalid peer value, wrong key type for algorithm, type
 *   of the new key impossible for the secret length, algs), EPERM (key
 *   lacks NCR_KEY_USAGE_DERIVE or the algorithm, or is a public key;
 *   TRUSTED asked for), EDQUOT, EINTR.
 *
 * NCRIO_KEY_KDF (struct ncr_key_kdf)
 *   Key derivation into a new key object: the output never reaches user
 *   space unless the new key is created NCR_KEY_FLAG_EXPORTABLE.
 *   In:  algorithm, and for the new key: flags, type (HMAC: a generic
 *        secret of 1..NCR_MAX_HMAC_KEY_BYTES; AES 16, 24 or 32; DES3 24;
 *        CHACHA20 32), length (its bytes), usage (not 0), label/label_size,
 *        algs (0: default set).  Per algorithm:
 *     NCR_ALG_HKDF_SHA256/384/512 (RFC 5869, Extract then Expand): key (an
 *        HMAC-type secret, the input keying material, with
 *        NCR_KEY_USAGE_DERIVE and NCR_KEY_ALG_HKDF in its set), salt
 *        (empty: HashLen zeros), info; length at most 255 * HashLen.
 *        The output of NCRIO_KEY_DERIVE (a shared secret of type HMAC,
 *        made with DERIVE usage and algs naming HKDF) can be the input:
 *        key agreement then HKDF, all in the kernel.
 *     NCR_ALG_PBKDF2_SHA1/SHA256/SHA512 (RFC 8018): password (bytes, may
 *        be empty), salt, iterations (1..NCR_PBKDF2_ITERATIONS_MAX); key 0,
 *        no info.  The call yields the CPU and stops with EINTR, nothing
 *        created, on a fatal signal.  SHA-1 is there for RFC 6070 and old
 *        formats; choose SHA-256 or SHA-512 for new ones.
 *     NCR_ALG_KBKDF_HMAC_SHA256, NCR_ALG_KBKDF_CMAC_AES (NIST SP 800-108
 *        KDF in counter mode, the PRF keyed with key: K(i) = PRF([i]_32 ||
 *        Label || 0x00 || Context || [L]_32), L the output length in
 *        bits, as OpenSSL's KBKDF): key (HMAC type, or AES 16/24/32 for
 *        CMAC, with NCR_KEY_USAGE_DERIVE and NCR_KEY_ALG_KBKDF_HMAC or
 *        _CMAC in its set), salt = Label, info = Context.
 *   salt, info and password are each at most NCR_KDF_INPUT_MAX bytes;
 *   fields an algorithm does not take must be 0 (EINVAL).
 *   Out: new_key.
 *   The caller chooses salt and info (or knows the password), so the new
 *   key may have any flags but TRUSTED (EPERM).  A derived key keeps
 *   NCR_KEY_ATTR_ALWAYS_SENSITIVE when its source key has it and it is
 *   not exportable; keys from PBKDF2 never have it.
 *   Why KBKDF keys do nothing else (ALGORITHM SETS): an SP 800-108 output
 *   is the PRF under the key of an input the caller picks, so a key that
 *   could also MAC would let its holder compute the derived keys.  HKDF
 *   uses the key as a message under a caller-chosen HMAC key, which
 *   reveals nothing an HMAC under the key would: HKDF may share a set
 *   with the HMACs, but like every KDF it is in no default set (a key
 *   is a KDF source only when its creator says so).
 *   Also: EINVAL (unknown algorithm, sizes, a source key of another type
 *   or a public/private key, type/length of the new key, algs),
 *   EPERM (no DERIVE usage or the algorithm outside the key's set;
 *   TRUSTED), ENOENT (key), EOPNOTSUPP (the kernel lacks the PRF),
 *   EDQUOT, EINTR.
 *
 * NCRIO_MASTER_KEY_SET (struct ncr_master_key)
 *   Sets the system-wide storage master key: 32 bytes (storage blobs are
 *   sealed with AES-256-GCM under a key derived from it).  Needs
 *   CAP_SYS_ADMIN in the initial user namespace (EPERM otherwise, checked
 *   after the structure: a malformed one is EINVAL for anyone).  Without
 *   NCR_MASTER_KEY_FLAG_ROTATE it can be set once per module load: a
 *   second set gives EEXIST (before any keyring lookup).
 *   In:  flags, key, key_size; version 1: key_type, key_serial.
 *   Where the key comes from:
 *     flags without KEYRING: key/key_size are the 32 key bytes (key_size
 *       32, else EINVAL); key_type and key_serial must be 0 (EINVAL).  The
 *       source is NCR_MASTER_KEY_SRC_BYTES.
 *     NCR_MASTER_KEY_FLAG_KEYRING: the key bytes never pass through user
 *       space.  key/key_size are the DESCRIPTION (1..NCR_MASTER_KEY_DESC_MAX
 *       bytes, no NUL needed, none allowed: EINVAL) of a key of the
 *       kernel's key retention service, of type key_type:
 *       NCR_MASTER_KEY_SRC_TRUSTED ("trusted", sealed by a TPM),
 *       _ENCRYPTED ("encrypted", its decrypted data), _USER ("user") or
 *       _LOGON ("logon"); other values EINVAL.  The module looks the key
 *       up with request_key() in the caller's keyrings (thread, process,
 *       session, user: as keyctl(KEYCTL_SEARCH) from the caller would,
 *       with search permission), without calling out to user space.  If
 *       key_serial is not 0, the key found must have that serial (ENOKEY
 *       otherwise: a key of the same description added by someone else is
 *       never taken instead).  Its payload (the decrypted data of an
 *       encrypted or trusted key) must be exactly 32 bytes (EINVAL); it is
 *       read under the key's semaphore and copied, then the kernel key is
 *       let go (revoking it later does not unset the master key).  The
 *       "trusted" type is found at run time (the module asks for
 *       trusted.ko), so the module never depends on it: a kernel without
 *       trusted keys (Debian's have none, CONFIG_TRUSTED_KEYS unset)
 *       gives EOPNOTSUPP, as does a type the kernel lacks.
 *     NCR_MASTER_KEY_FLAG_ROTATE (with either form above): the current
 *       master key becomes the PREVIOUS key, used only to open blobs
 *       (NCRIO_KEY_STORAGE_UNWRAP), and the new key the current one; a
 *       previous key held before is dropped (blobs only it opens no
 *       longer load).  With no master key set, ROTATE sets the key as a
 *       plain set would (there is no previous key then).  Rotating to the
 *       current key itself (same key ID) gives EEXIST and changes
 *       nothing.  To move blobs to the new key: load each (it opens under
 *       the previous key) and seal it again (NCRIO_KEY_STORAGE_WRAP seals
 *       under the current key), e.g. `ncrtool key rewrap`; the key
 *       material stays in the kernel throughout.  Then drop the old key:
 *     NCR_MASTER_KEY_FLAG_FORGET_PREVIOUS, alone (no other flag; key,
 *       key_size, key_type and key_serial 0, else EINVAL): drops the
 *       previous key; ENOENT if there is none.
 *   NCRIO_INFO reports the source and the key IDs of the current and
 *   previous keys.
 *   Also: EINVAL (unknown flag, a reserved field, key_size, key_type, a
 *   keyring key's payload not 32 bytes), EPERM, EEXIST, ENOKEY (no such
 *   key in the caller's keyrings, or not of key_serial), EKEYREVOKED,
 *   EKEYEXPIRED (the keyring key was revoked or has expired: found so in
 *   the caller's thread, process or session keyring or what they link;
 *   request_key() itself passes over such keys),
 *   EOPNOTSUPP (key type not in this kernel), ENOENT (FORGET_PREVIOUS
 *   with no previous key), EFAULT.
 *
 * NCRIO_KEY_STORAGE_WRAP (struct ncr_key_storage)
 *   Writes a storage blob of an NCR_KEY_FLAG_STORABLE key: the key's
 *   type, flags, usage, algorithm set, attributes, length, key ID and
 *   label in clear but authenticated, and its material encrypted, with
 *   AES-256-GCM under a key derived from the master key.  Blob format
 *   version 2 (see docs/blob-format.md): at most NCR_STORAGE_BLOB_MAX
 *   bytes.
 *   In:  key, blob (buffer), blob_size (capacity).  Out: blob_size.
 *   Also: ENOKEY (no master key set), EPERM (not storable), ERANGE.
 *
 * NCRIO_KEY_STORAGE_UNWRAP (struct ncr_key_storage)
 *   Creates a key from a storage blob.  The key gets exactly the type,
 *   flags, usage, algorithm set, attributes, length, key ID and label
 *   recorded in the blob: no more and no less than it had when sealed.
 *   Blobs of format 1 (ABI 2) load too: their WRAPPABLE flag, which then
 *   also meant "storable", gives STORABLE and WRAPPABLE; the algorithm set
 *   is the default of the type and usage (see ALGORITHM SETS); attributes
 *   none; the label empty.
 *   The blob is opened with the current master key, else with the
 *   previous one (after NCR_MASTER_KEY_FLAG_ROTATE, until
 *   FORGET_PREVIOUS).
 *   In:  blob, blob_size.  Out: key.
 *   Also: ENOKEY (no master key set), EBADMSG (truncated, tampered, made
 *   under another master key (neither the current nor the previous one),
 *   or not a blob), EPROTONOSUPPORT (a blob of
 *   an unknown format version), EDQUOT.  Nothing is created on error.
 *
 * NCRIO_KEY_WRAP (struct ncr_key_wrap)
 *   Wraps (encrypts and authenticates) the material of one key under
 *   another, for key transport: the output is the standard AES Key Wrap
 *   of the raw key bytes, which any RFC 3394 / RFC 5649 implementation
 *   holding the wrapping key can unwrap.  Only the material is wrapped:
 *   type, flags, usage and label are not (the receiver names them at
 *   unwrap).
 *   In:  flags (0), algorithm (NCR_WALG_AES_RFC3394: AES Key Wrap with
 *        the default IV, the key length a multiple of 8 bytes, at least
 *        16; NCR_WALG_AES_RFC5649: AES Key Wrap with Padding, any
 *        length), wrapping_key (an AES-128/192/256 key with
 *        NCR_KEY_USAGE_WRAP and the algorithm, NCR_KEY_ALG_AES_KW or
 *        _KWP, in its set), key (the key to wrap), data (buffer),
 *        data_size (capacity; NCR_WRAPPED_KEY_MAX is always enough).
 *        type, usage, label, label_size and algs must be 0.
 *   Out: data_size (bytes written: the key length + 8 for RFC 3394, the
 *        key length rounded up to a multiple of 8, + 8, for RFC 5649).
 *   The policy: key must be NCR_KEY_FLAG_WRAPPABLE, and either
 *   NCR_KEY_FLAG_EXPORTABLE or the wrapping key NCR_KEY_FLAG_TRUSTED.
 *   A wrapping key the caller could know (imported, exportable, derived)
 *   can therefore only wrap keys the caller could read anyway.
 *   Under a TRUSTED wrapping key the key's policy travels with it: what is
 *   wrapped is a 24-byte envelope ("NCRT", then big-endian type, flags
 *   (EXPORTABLE, WRAPPABLE, HASHABLE, STORABLE), usage, and the 64-bit
 *   algorithm set) followed by the material, so the output is 24 bytes
 *   longer than for the bare material and is meant for another ncr (or
 *   any party holding the trusted key that knows the envelope).  Without
 *   it, a caller could wrap a key under a trusted key and unwrap it again
 *   with more usage or algorithms, or unwrap the trusted key itself as a
 *   cipher key and undo every wrap made under it.
 *   NCR_WALG_RSA_OAEP: wrapping_key is an RSA key (public or private)
 *   with NCR_KEY_USAGE_WRAP and NCR_KEY_ALG_RSA_OAEP_WRAP; the secret
 *   key's raw bytes are encrypted with RSAES-OAEP (SHA-256, MGF1-SHA-256,
 *   empty label), as any RSA-OAEP implementation holding the private key
 *   can decrypt; output is the modulus length.  Unwrapping takes the
 *   private RSA key with NCR_KEY_USAGE_UNWRAP.  Only secret keys can be
 *   wrapped (EINVAL for a public-key object).
 *   Also: EPERM (wrapping_key lacks the usage or algorithm, key is not
 *   wrappable, or not exportable and the wrapping key not trusted),
 *   EINVAL (wrapping_key not AES or not 128/192/256 bits; an RFC 3394
 *   wrap of a key whose length is not a multiple of 8 or is under 16
 *   bytes), ERANGE.  The same key may be both.
 *
 * NCRIO_KEY_UNWRAP (struct ncr_key_wrap)
 *   Creates a key from material wrapped by NCRIO_KEY_WRAP (or by any
 *   RFC 3394 / RFC 5649 / RSA-OAEP implementation).
 *   In:  algorithm, wrapping_key (an AES-128/192/256 key, or a private
 *        RSA key, with NCR_KEY_USAGE_UNWRAP and the algorithm in its
 *        set), data/data_size (the wrapped key, at most
 *        NCR_WRAPPED_KEY_MAX bytes), and for the new key: type, flags,
 *        usage (not 0), label/label_size; version 1: algs (0: default).
 *        The key field is ignored on input.
 *   Out: key (the new handle).
 *   The new key gets the flags asked for, but EXPORTABLE and HASHABLE
 *   only if the wrapping key is itself EXPORTABLE (then the caller could
 *   have unwrapped the material in user space anyway): an unwrapping key
 *   the caller cannot read must not become a decryption oracle for
 *   whatever ciphertext is presented to it as a "wrapped key".  Asking
 *   for more gives EPERM.  TRUSTED needs CAP_SYS_ADMIN.
 *   Under a TRUSTED wrapping key the data must be an envelope (see
 *   NCRIO_KEY_WRAP; EBADMSG otherwise), type must be the envelope's
 *   (EINVAL), and flags, usage and algs must be within the envelope's
 *   (EPERM otherwise; algs 0: the envelope's set): a key never comes out
 *   of a trusted unwrap wider than it went in.
 *   Also: EBADMSG (integrity check failed: tampered, truncated, wrapped
 *   under another key or with the other algorithm), EINVAL (a wrapped
 *   length the algorithm cannot produce; an unwrapped length not valid
 *   for type, as for NCRIO_KEY_IMPORT; algs), EPERM (see above; the
 *   wrapping key lacks NCR_KEY_USAGE_UNWRAP or the algorithm), EDQUOT.
 *   Nothing is created on error.
 *
 * NCRIO_SESSION_INIT (struct ncr_session_init)
 *   In:  flags (NCR_SESSION_FLAG_*), algorithm (NCR_ALG_*), op (NCR_OP_*),
 *        key (0 for plain digests), iv/iv_size, tag_size (0 = the
 *        algorithm's full tag/MAC/digest length; smaller truncates: MACs
 *        to at least 10 bytes for HMAC and 8 for CMAC, AEAD tags as the
 *        algorithm allows).  For VERIFY this is the length the verifier
 *        accepts, fixed before it sees a tag: a tag of any other length
 *        fails, so the sender of a MAC cannot choose to have less of it
 *        checked.
 *   Out: ses (the new session handle).
 *   Ops: ciphers and AEADs take ENCRYPT and DECRYPT; digests and MACs take
 *   SIGN and VERIFY.  The key must be of the algorithm's key type (EINVAL
 *   otherwise), carry the matching usage bit (ENCRYPT, DECRYPT, SIGN or
 *   VERIFY) and have the algorithm in its set (EPERM otherwise), and have
 *   a length the algorithm takes (EINVAL), checked in that order.
 *   IV sizes: AES-CBC/CTR/XTS 16, DES3-CBC 8, ChaCha20 16 (32-bit
 *   little-endian block counter then 96-bit nonce, as RFC 7539 section
 *   2.3 lays out the state; the counter wraps modulo 2^32 without
 *   touching the nonce, as the kernel's chacha20 does), AES-GCM 12, AES-CCM 7..13 (the nonce N;
 *   L = 15 - iv_size), ChaCha20-Poly1305 12, ECB/digests/MACs 0.
 *   Tag sizes: GCM 4, 8, 12..16; CCM 4, 6, 8, 10, 12, 14, 16;
 *   ChaCha20-Poly1305 16; HMACs 10..full; CMAC 8..16; digests full only.
 *   NCR_SESSION_FLAG_HARDWARE: use a hardware-backed driver; EOPNOTSUPP if
 *   the kernel has none for this algorithm.
 *   Also: EDQUOT, ENOENT (key).
 *
 *   Public-key algorithms (structure version 1 fields hash, mgf1_hash,
 *   salt_size, pk_flags, label/label_size; they must be 0 for other
 *   algorithms, and iv_size and tag_size 0 here):
 *     RSA_PKCS1, RSA_PSS, DSA, ECDSA: SIGN with a private key (usage
 *       SIGN), VERIFY with a private or public key (usage VERIFY).  The
 *       input is the message, hashed in the kernel with hash (NCR_ALG_SHA1,
 *       SHA224, SHA256, SHA384, SHA512) update by update; with
 *       NCR_PK_FLAG_DIGEST the input is the digest itself (exactly the
 *       hash's length).  RSA_PSS: mgf1_hash (0: hash) and salt_size (bytes;
 *       NCR_PSS_SALT_AUTO accepted for VERIFY only: any salt length).
 *       Signatures: RSA the modulus length; ECDSA/DSA DER
 *       SEQUENCE{r, s}, or r||s with NCR_PK_FLAG_SIG_RAW.  ECDSA/DSA
 *       nonces are RFC 6979 deterministic, hedged with 32 fresh random
 *       bytes as RFC 6979 section 3.6 additional data (so two signatures
 *       of one message differ, and a bad RNG alone does not leak the key).
 *     ED25519: pure Ed25519; hash must be 0 and NCR_PK_FLAG_DIGEST is
 *       refused; the message is buffered (max_buffered_bytes) until FINAL.
 *     RSA_PKCS1, RSA_OAEP: ENCRYPT with a public or private key (usage
 *       ENCRYPT), DECRYPT with a private key (usage DECRYPT).  OAEP:
 *       hash (0: SHA-1, the RFC 8017 default), mgf1_hash (0: hash),
 *       label.  Input is buffered up to the modulus length (EINVAL past
 *       it) and processed at FINAL.  PKCS#1 v1.5 decryption uses
 *       implicit rejection, as OpenSSL 3.2+ does: a ciphertext whose
 *       padding is wrong decrypts, without an error, to a synthetic
 *       message derived (HMAC-SHA256) from the private key and the
 *       ciphertext, computed in constant time, so the call reveals
 *       nothing about the padding (no Bleichenbacher oracle, and no way
 *       to use a DECRYPT key as a signing oracle).  Applications must
 *       authenticate what they decrypt by other means; prefer OAEP.
 *   Also: EINVAL (key type not the algorithm's, bad hash/salt/flags).
 *
 * NCRIO_SESSION_UPDATE (struct ncr_session_op)
 *   Feeds input (and, for AEAD, with NCR_OP_FLAG_AAD, associated data).
 *   Updates on one session are serialized; a session may be used from
 *   several threads.
 *   - Block and stream ciphers (ECB, CBC, CTR, ChaCha20, DES3-CBC): input
 *     of any length; whole blocks are processed at once and output, a tail
 *     shorter than a block is kept for the next call.  output_size is set
 *     to the bytes written (at most input_size + block - 1; ERANGE, with
 *     nothing consumed, if the buffer is too small).  The IV chains across
 *     updates.  In-place (input == output) is allowed.
 *   - AEADs and AES-XTS: input is buffered in the kernel (bounded by
 *     max_buffered_bytes; EDQUOT past it) and processed at FINAL, because
 *     the kernel computes these over a whole message; output_size is 0.
 *     AAD (NCR_OP_FLAG_AAD) must all come before the first data.
 *   - Digests and MACs: input is hashed; no output.  With
 *     NCR_OP_FLAG_KEY_DATA the input is the material of key input_key,
 *     never copied out.  Allowed only where the result cannot be turned
 *     back into the material: digests other than MD5 and HMACs (one-way
 *     functions whatever key the caller chooses for the HMAC; EINVAL for
 *     other algorithms: a CMAC or cipher under a key the caller knows is
 *     a permutation it could invert), of a secret key (EINVAL for
 *     public-key objects) with NCR_KEY_FLAG_HASHABLE and at least 16
 *     bytes of material, so that it cannot be found by trying every
 *     value (EPERM otherwise).
 *   A failure after part of the data was consumed (a fault, a fatal
 *   signal) leaves the session failed (EIO from then on), for every kind
 *   of session, public key included.
 *
 * NCRIO_SESSION_FINAL (struct ncr_session_op)
 *   Processes the optional last input as UPDATE does, finishes and frees
 *   the session (also when it fails, as long as ses was valid; but not on
 *   ERANGE, which consumes nothing so that the call can be repeated with a
 *   larger output or tag buffer).
 *   - Ciphers: ECB/CBC/DES3-CBC with a partial block left: EINVAL (padding
 *     is done by libncr); CTR/ChaCha20 output the remaining bytes.
 *   - AEAD encrypt: writes ciphertext to output and the tag to tag
 *     (tag_size set).  AEAD decrypt: tag/tag_size carry the expected tag;
 *     on mismatch the call fails with EBADMSG and no plaintext is written.
 *   - AES-XTS: the buffered data unit (at least 16 bytes) is processed.
 *   - SIGN: the digest or MAC is written to tag, tag_size set.
 *   - VERIFY: tag/tag_size carry the expected value, compared in constant
 *     time; result is set to NCR_VERIFY_OK or NCR_VERIFY_FAILED and the
 *     ioctl itself succeeds.  A wrong tag_size is a failed verification.
 *   - Public key: SIGN writes the signature to tag (tag_size: capacity,
 *     NCR_MAX_SIGNATURE is always enough; ERANGE with the size needed).
 *     VERIFY takes the signature in tag/tag_size and sets result (a
 *     malformed signature is a failed verification).  ENCRYPT/DECRYPT
 *     write to output (output_size; ERANGE: for DECRYPT the modulus
 *     length is always enough).  An OAEP decryption whose padding check
 *     fails gives EBADMSG; PKCS#1 v1.5 never does (implicit rejection).
 *
 * NCRIO_SESSION_ONCE (struct ncr_session_once)
 *   init + final with one input in one call, without creating a handle.
 *   Large inputs (at least the zerocopy_min module parameter, 4096 by
 *   default) are processed on the caller's pinned pages instead of a
 *   kernel copy; output pages are pinned for writing, so nothing is ever
 *   written through a page the caller could not write.  (AEAD decryption
 *   always goes through kernel memory, so that a failed tag check leaves
 *   the output buffer untouched.)
 *   Fields as in the two structures above, except: aad/aad_size carry the
 *   AEAD associated data (EINVAL for other algorithms); op_flags may only
 *   be NCR_OP_FLAG_KEY_DATA; tag_size is, for SIGN, the capacity of tag,
 *   for VERIFY the length of the expected value, for AEAD the tag length
 *   (0 means the full length, and as the capacity of tag it is too small:
 *   an AEAD encryption with tag_size 0 is ERANGE with tag_size set to the
 *   full length).
 *   MACs: version 2's mac_size is the MAC length, chosen by the caller
 *   as at session init (0: the full length; else at least 10 bytes for
 *   HMAC, 8 for CMAC, else EINVAL); SIGN writes mac_size bytes, VERIFY
 *   accepts only an expected value of exactly mac_size bytes.  Callers of
 *   versions 0 and 1 get full-length MACs only.  Digests: full length.
 *   This is the fast path: no handle is allocated and, for inputs up to
 *   NCR_COPY_BOUND, no memory.
 *
 * NCRIO_SESSION_FREE (struct ncr_session_free)
 *   Aborts a session without finishing it.  In: ses.
 *
 * NCRIO_BATCH (struct ncr_batch, an array of struct ncr_batch_op)
 *   Runs count operations in one system call, in array order, on any mix
 *   of keys, sessions and algorithms.  Each element is one of:
 *     NCR_BATCH_OP_ONCE    once: a struct ncr_session_once, exactly as
 *                          NCRIO_SESSION_ONCE takes it (any algorithm);
 *     NCR_BATCH_OP_UPDATE  op: a struct ncr_session_op, as
 *                          NCRIO_SESSION_UPDATE takes it;
 *     NCR_BATCH_OP_FINAL   op: as NCRIO_SESSION_FINAL takes it.
 *   The inner structure's own size field versions it as for the ioctl:
 *   EINVAL below its VER0 or past what the element leaves room for; its
 *   fields past that size read as zero; bytes past the kernel's structure
 *   (up to that size) must be zero, else E2BIG.  The union's bytes past
 *   the inner size are ignored.  Each operation gets exactly
 *   the checks, results and errno values of its ioctl, in its element:
 *   error (0 or the negative errno) and the out fields of the inner
 *   structure (output_size, tag_size, result; with ERANGE the sizes
 *   needed).  An update and a final of one session may follow each other
 *   in one batch; a final frees the session as the ioctl would.
 *   In:  flags (NCR_BATCH_FLAG_STOP_ON_ERROR: stop after the first
 *        operation that fails), ops (pointer to the array), op_size
 *        (sizeof(struct ncr_batch_op) of the caller: from
 *        NCR_BATCH_OP_SIZE_VER0 to 4096, each element's bytes past the
 *        kernel's element must be zero: E2BIG), count (1 to
 *        NCR_BATCH_MAX_OPS).
 *   Out: done (operations run: their elements were written back), failed
 *        (how many of those have error != 0); then, in each element run,
 *        error and the inner structure's out fields (output_size,
 *        tag_size, result); nothing else in the array is written, and
 *        elements not run are not written at all.
 *   The whole array is read once, before any operation runs, and checked:
 *   a bad type, a bad inner size, a non-zero element tail, or a total of
 *   input_size + aad_size over all elements above NCR_BATCH_MAX_BYTES
 *   fails the whole call (EINVAL, E2BIG) with nothing run.  After that the
 *   ioctl returns 0 whatever the operations' results; the exceptions:
 *   EFAULT if the array cannot be written back (the operations ran),
 *   EINTR if a fatal signal arrived between two operations (done says
 *   how far it got; the rest did not run).
 *   The user's FPU state is saved once per batch, not per operation (the
 *   kernel restores it on the return to user space), and audit records
 *   are written per operation, as the single ioctls write them.
 *   One-shot encryptions and decryptions of a non-whole cipher mode (ECB,
 *   CBC, CTR, ChaCha20) whose session would be served by an asynchronous
 *   driver (NCR_SESSION_FLAG_HARDWARE with a device such as
 *   virtio-crypto) are all handed to the driver before the batch waits
 *   for any, so the device works on up to max_inflight_per_ns of them at
 *   once; their results are written back when the batch ends (so a later
 *   element must not take its input from such an element's output), and
 *   with NCR_BATCH_FLAG_STOP_ON_ERROR they run one at a time.  Everything
 *   else runs synchronously, one after another.
 *   Also: EINVAL (unknown flag, count 0, op_size out of range, bad type),
 *   E2BIG (count above NCR_BATCH_MAX_OPS, too many bytes, non-zero tail),
 *   ENOMEM.
 *
 * IO_URING (IORING_OP_URING_CMD on a /dev/crypto descriptor)
 *   The same operations as io_uring submissions: sqe->opcode
 *   IORING_OP_URING_CMD, sqe->fd the descriptor (or a registered file),
 *   sqe->cmd_op NCRIO_SESSION_ONCE or NCRIO_BATCH, and in the command area
 *   (sqe->cmd, 16 bytes: a plain SQE suffices) a struct ncr_uring_cmd
 *   whose arg points to the ioctl's structure (addr, len and off are not
 *   used; set them to zero).  The CQE's res is what
 *   the ioctl would have returned (0 or a negative errno); the structure
 *   (and, for a batch, its elements) is written back as the ioctl writes
 *   it, before the CQE is posted.  The structure and every buffer it
 *   names must stay valid until the CQE arrives.
 *   Synchronous work (software drivers) runs at submission and completes
 *   inline.  A one-shot cipher operation (as listed under NCRIO_BATCH)
 *   served by an asynchronous driver is copied in at submission, handed
 *   to the driver, and completed from the driver's callback in the
 *   submitting task: many such requests are in flight at once, up to
 *   max_inflight_per_ns per namespace (a submission over the limit waits
 *   in io_uring's worker for a slot).  Such requests cannot be cancelled
 *   (IORING_OP_ASYNC_CANCEL does not find them); a process that exits or
 *   closes the ring with requests in flight waits for the device to finish
 *   them, and their output is then discarded, never written to memory of
 *   another context: if the ring outlives the submitter, such a request's
 *   CQE says ECANCELED (and an operation that io_uring's worker was running
 *   when the submitter was killed may end with EINTR or EFAULT).
 *   Errors in the CQE: those of the ioctl, plus ENOTTY (another cmd_op),
 *   EINVAL (non-zero flags or __reserved in the command), EFAULT (arg).
 */
#ifndef _UAPI_LINUX_NCR_H
#define _UAPI_LINUX_NCR_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define NCR_ABI_VERSION 5

/* ---- key types, flags and usage ---- */
enum ncr_key_type {
	NCR_KEY_TYPE_INVALID = 0,
	NCR_KEY_TYPE_AES = 1,		/* AES ciphers, AEADs, CMAC */
	NCR_KEY_TYPE_DES3 = 2,		/* 3DES-CBC */
	NCR_KEY_TYPE_CHACHA20 = 3,	/* ChaCha20, ChaCha20-Poly1305 */
	NCR_KEY_TYPE_HMAC = 4,		/* HMAC with any hash; also a generic
					 * secret (NCRIO_KEY_DERIVE) */
	/* public-key types: a key object is a private key (which holds its
	 * public half too) or a public key (NCR_KEY_CLASS_*) */
	NCR_KEY_TYPE_RSA = 16,		/* bits: modulus, 1024..4096 */
	NCR_KEY_TYPE_DSA = 17,		/* bits: p (L) */
	NCR_KEY_TYPE_DH = 18,		/* bits: p */
	NCR_KEY_TYPE_EC = 19,		/* bits: the curve, 256 (P-256) or
					 * 384 (P-384) */
	NCR_KEY_TYPE_X25519 = 20,	/* bits: 255 */
	NCR_KEY_TYPE_ED25519 = 21,	/* bits: 255 */
};

/* What a key object holds (struct ncr_key_info.key_class). */
enum ncr_key_class {
	NCR_KEY_CLASS_SECRET = 1,	/* symmetric secret */
	NCR_KEY_CLASS_PRIVATE = 2,	/* private key with its public half */
	NCR_KEY_CLASS_PUBLIC = 3,	/* public key only */
};

/* Encodings of key material (NCRIO_KEY_IMPORT, NCRIO_KEY_EXPORT). */
enum ncr_key_format {
	NCR_KEY_FORMAT_DEFAULT = 0,	/* secret: RAW; private: PKCS8;
					 * public: SPKI */
	NCR_KEY_FORMAT_RAW = 1,		/* secret key bytes; EC private
					 * scalar d; X25519/Ed25519 32-byte
					 * private key */
	NCR_KEY_FORMAT_RAW_PUBLIC = 2,	/* EC point (SEC1; exported
					 * uncompressed); X25519/Ed25519 32
					 * bytes; DSA/DH y big-endian (export
					 * only) */
	NCR_KEY_FORMAT_SPKI = 3,	/* DER SubjectPublicKeyInfo */
	NCR_KEY_FORMAT_PKCS8 = 4,	/* DER PKCS#8 PrivateKeyInfo */
	NCR_KEY_FORMAT_PKCS1 = 5,	/* RSA: DER RSAPrivateKey (private
					 * object) or RSAPublicKey (public) */
	NCR_KEY_FORMAT_PARAMS = 6,	/* DSA Dss-Parms / DH DHParameter or
					 * X9.42 DomainParameters (export and
					 * NCRIO_KEY_GENERATE_PAIR) */
};

#define NCR_KEY_FLAG_EXPORTABLE	(1U << 0)	/* raw material may be exported */
#define NCR_KEY_FLAG_WRAPPABLE	(1U << 1)	/* may be wrapped for transport
						 * (NCRIO_KEY_WRAP) under a
						 * TRUSTED wrapping key; under
						 * any key if also EXPORTABLE */
#define NCR_KEY_FLAG_HASHABLE	(1U << 2)	/* may be hash input (KEY_DATA) */
#define NCR_KEY_FLAG_STORABLE	(1U << 3)	/* may be sealed as a storage
						 * blob (NCRIO_KEY_STORAGE_WRAP) */
#define NCR_KEY_FLAG_TRUSTED	(1U << 4)	/* may wrap keys that are not
						 * EXPORTABLE; set only with
						 * CAP_SYS_ADMIN */
#define NCR_KEY_FLAG_RSA_LEGACY	(1U << 5)	/* an imported RSA private key
						 * of 1024..2047 bits may do
						 * private operations */
#define NCR_KEY_FLAGS_ALL	0x3fU

/* What a key has been (struct ncr_key_info.attrs; read only, sealed into
 * storage blobs).  As PKCS #11's CKA_LOCAL, CKA_ALWAYS_SENSITIVE and
 * CKA_NEVER_EXTRACTABLE. */
#define NCR_KEY_ATTR_LOCAL		(1U << 0)	/* generated in the kernel */
#define NCR_KEY_ATTR_ALWAYS_SENSITIVE	(1U << 1)	/* never readable outside */
#define NCR_KEY_ATTR_NEVER_EXTRACTABLE	(1U << 2)	/* never WRAPPABLE */
#define NCR_KEY_ATTRS_ALL		0x7U

#define NCR_KEY_USAGE_ENCRYPT	(1U << 0)
#define NCR_KEY_USAGE_DECRYPT	(1U << 1)
#define NCR_KEY_USAGE_SIGN	(1U << 2)	/* compute MACs */
#define NCR_KEY_USAGE_VERIFY	(1U << 3)	/* check MACs */
#define NCR_KEY_USAGE_WRAP	(1U << 4)	/* wrap other keys */
#define NCR_KEY_USAGE_UNWRAP	(1U << 5)	/* unwrap other keys */
#define NCR_KEY_USAGE_DERIVE	(1U << 6)	/* derive other keys */
#define NCR_KEY_USAGE_ALL	0x7fU

#define NCR_KEY_ID_MAX		32
#define NCR_KEY_ID_LEN		16	/* kernel-assigned key IDs */
#define NCR_KEY_LABEL_MAX	32
#define NCR_MAX_HMAC_KEY_BYTES	1024
#define NCR_MAX_SECRET_BYTES	NCR_MAX_HMAC_KEY_BYTES
#define NCR_STORAGE_BLOB_MAX	(160 + NCR_MAX_PKEY_BYTES)
#define NCR_WRAPPED_KEY_MAX	(NCR_MAX_SECRET_BYTES + 40)	/* envelope */
#define NCR_COPY_BOUND		16384
#define NCR_MAX_TAG		64
#define NCR_MAX_SIGNATURE	512	/* RSA-4096; DER ECDSA/DSA are less */
#define NCR_MAX_PKEY_BYTES	8192	/* any public-key import/export */
#define NCR_PSS_SALT_AUTO	0xffffffffu	/* PSS verify: any salt */

/* ---- algorithms ---- */
enum ncr_algorithm {
	NCR_ALG_NONE = 0,
	/* block and stream ciphers */
	NCR_ALG_AES_ECB = 1,
	NCR_ALG_AES_CBC = 2,
	NCR_ALG_AES_CTR = 3,
	NCR_ALG_AES_XTS = 4,
	NCR_ALG_DES3_CBC = 5,
	NCR_ALG_CHACHA20 = 6,
	/* AEAD */
	NCR_ALG_AES_GCM = 16,
	NCR_ALG_AES_CCM = 17,
	NCR_ALG_CHACHA20_POLY1305 = 18,
	/* digests */
	NCR_ALG_MD5 = 32,
	NCR_ALG_SHA1 = 33,
	NCR_ALG_SHA224 = 34,
	NCR_ALG_SHA256 = 35,
	NCR_ALG_SHA384 = 36,
	NCR_ALG_SHA512 = 37,
	NCR_ALG_SHA3_256 = 38,
	NCR_ALG_SHA3_512 = 39,
	/* MACs */
	NCR_ALG_HMAC_SHA1 = 48,
	NCR_ALG_HMAC_SHA224 = 49,
	NCR_ALG_HMAC_SHA256 = 50,
	NCR_ALG_HMAC_SHA384 = 51,
	NCR_ALG_HMAC_SHA512 = 52,
	NCR_ALG_HMAC_SHA3_256 = 53,
	NCR_ALG_HMAC_SHA3_512 = 54,
	NCR_ALG_CMAC_AES = 55,
	/* public key: signatures (SIGN/VERIFY) and encryption */
	NCR_ALG_RSA_PKCS1 = 64,		/* RSASSA-PKCS1-v1_5, RSAES-PKCS1-v1_5 */
	NCR_ALG_RSA_PSS = 65,		/* RSASSA-PSS */
	NCR_ALG_RSA_OAEP = 66,		/* RSAES-OAEP */
	NCR_ALG_DSA = 67,
	NCR_ALG_ECDSA = 68,
	NCR_ALG_ED25519 = 69,		/* pure Ed25519 (RFC 8032) */
	/* key agreement (NCRIO_KEY_DERIVE) */
	NCR_ALG_ECDH = 80,
	NCR_ALG_X25519 = 81,
	NCR_ALG_DH = 82,
	/* key derivation functions (NCRIO_KEY_KDF) */
	NCR_ALG_HKDF_SHA256 = 96,	/* RFC 5869 */
	NCR_ALG_HKDF_SHA384 = 97,
	NCR_ALG_HKDF_SHA512 = 98,
	NCR_ALG_PBKDF2_SHA1 = 99,	/* RFC 8018 (legacy PRF, RFC 6070) */
	NCR_ALG_PBKDF2_SHA256 = 100,
	NCR_ALG_PBKDF2_SHA512 = 101,
	NCR_ALG_KBKDF_HMAC_SHA256 = 102, /* SP 800-108 counter mode */
	NCR_ALG_KBKDF_CMAC_AES = 103,
};

/* key wrapping algorithms (NCRIO_KEY_WRAP, NCRIO_KEY_UNWRAP) */
enum ncr_wrap_algorithm {
	NCR_WALG_AES_RFC3394 = 1,	/* AES Key Wrap */
	NCR_WALG_AES_RFC5649 = 2,	/* AES Key Wrap with Padding */
	NCR_WALG_RSA_OAEP = 3,		/* RSAES-OAEP, SHA-256, MGF1-SHA-256,
					 * empty label */
};

/*
 * Algorithm sets (the algs fields): the algorithms a key may be used with,
 * fixed when the key is created and only narrowed afterwards
 * (NCRIO_KEY_RESTRICT).  One bit per keyed algorithm of the allowlist and
 * per key-wrapping algorithm.  0 in a creating ioctl asks for the default
 * set (see ALGORITHM SETS in the comment above).
 */
#define NCR_KEY_ALG_AES_ECB		(1ULL << 0)
#define NCR_KEY_ALG_AES_CBC		(1ULL << 1)
#define NCR_KEY_ALG_AES_CTR		(1ULL << 2)
#define NCR_KEY_ALG_AES_XTS		(1ULL << 3)
#define NCR_KEY_ALG_DES3_CBC		(1ULL << 4)
#define NCR_KEY_ALG_CHACHA20		(1ULL << 5)
#define NCR_KEY_ALG_AES_GCM		(1ULL << 6)
#define NCR_KEY_ALG_AES_CCM		(1ULL << 7)
#define NCR_KEY_ALG_CHACHA20_POLY1305	(1ULL << 8)
#define NCR_KEY_ALG_CMAC_AES		(1ULL << 9)
#define NCR_KEY_ALG_AES_KW		(1ULL << 10)	/* NCR_WALG_AES_RFC3394 */
#define NCR_KEY_ALG_AES_KWP		(1ULL << 11)	/* NCR_WALG_AES_RFC5649 */
#define NCR_KEY_ALG_HMAC_SHA1		(1ULL << 16)
#define NCR_KEY_ALG_HMAC_SHA224		(1ULL << 17)
#define NCR_KEY_ALG_HMAC_SHA256		(1ULL << 18)
#define NCR_KEY_ALG_HMAC_SHA384		(1ULL << 19)
#define NCR_KEY_ALG_HMAC_SHA512		(1ULL << 20)
#define NCR_KEY_ALG_HMAC_SHA3_256	(1ULL << 21)
#define NCR_KEY_ALG_HMAC_SHA3_512	(1ULL << 22)
#define NCR_KEY_ALG_RSA_PKCS1		(1ULL << 32)
#define NCR_KEY_ALG_RSA_PSS		(1ULL << 33)
#define NCR_KEY_ALG_RSA_OAEP		(1ULL << 34)
#define NCR_KEY_ALG_RSA_OAEP_WRAP	(1ULL << 35)	/* NCR_WALG_RSA_OAEP */
#define NCR_KEY_ALG_DSA			(1ULL << 36)
#define NCR_KEY_ALG_ECDSA		(1ULL << 37)
#define NCR_KEY_ALG_ED25519		(1ULL << 38)
#define NCR_KEY_ALG_ECDH		(1ULL << 39)
#define NCR_KEY_ALG_X25519		(1ULL << 40)
#define NCR_KEY_ALG_DH			(1ULL << 41)
#define NCR_KEY_ALG_HMAC_ALL		(0x7fULL << 16)
#define NCR_KEY_ALG_KBKDF_CMAC		(1ULL << 12)	/* NCR_ALG_KBKDF_CMAC_AES */
#define NCR_KEY_ALG_HKDF		(1ULL << 24)	/* NCR_ALG_HKDF_* */
#define NCR_KEY_ALG_KBKDF_HMAC		(1ULL << 25)	/* NCR_ALG_KBKDF_HMAC_* */
#define NCR_KEY_ALGS_ALL		(0x1fffULL | NCR_KEY_ALG_HMAC_ALL | \
					 (0x3ULL << 24) | (0x3ffULL << 32))

enum ncr_op {
	NCR_OP_ENCRYPT = 1,
	NCR_OP_DECRYPT = 2,
	NCR_OP_SIGN = 3,	/* also: compute a plain digest */
	NCR_OP_VERIFY = 4,	/* also: check a plain digest */
};

#define NCR_SESSION_FLAG_HARDWARE	(1U << 0)
#define NCR_SESSION_FLAGS_ALL		0x1U

#define NCR_OP_FLAG_AAD		(1U << 0)	/* input is AEAD associated data */
#define NCR_OP_FLAG_KEY_DATA	(1U << 1)	/* input is key input_key */
#define NCR_OP_FLAGS_ALL	0x3U

/* Public-key session flags (pk_flags of NCRIO_SESSION_INIT / ONCE) */
#define NCR_PK_FLAG_DIGEST	(1U << 0)	/* input is the digest itself */
#define NCR_PK_FLAG_SIG_RAW	(1U << 1)	/* ECDSA/DSA signature as r||s
						 * (IEEE P1363), not DER */
#define NCR_PK_FLAGS_ALL	0x3U

#define NCR_VERIFY_OK		0
#define NCR_VERIFY_FAILED	1

/* ---- structures ---- */

#define NCR_ALG_INFO_FLAG_AVAILABLE	(1U << 0)  /* a driver exists */
#define NCR_ALG_INFO_FLAG_HARDWARE	(1U << 1)  /* default driver is hw */
#define NCR_ALG_INFO_FLAG_ASYNC		(1U << 2)  /* default driver is async */
#define NCR_ALG_INFO_FLAG_HW_AVAILABLE	(1U << 3)  /* HARDWARE flag usable */

struct ncr_alg_info {
	__u32 algorithm;	/* enum ncr_algorithm */
	__u32 flags;		/* NCR_ALG_INFO_FLAG_* */
	__u32 key_type;		/* enum ncr_key_type, 0 if keyless */
	__u32 min_key_bytes;
	__u32 max_key_bytes;
	__u32 block_size;	/* unit in which updates emit output */
	__u32 iv_size;		/* IV bytes (CCM: the longest nonce, 13) */
	__u32 tag_size;		/* full tag, MAC or digest length */
	char name[64];		/* kernel algorithm name, e.g. "cbc(aes)" */
	char driver[64];	/* driver serving it by default */
	char hw_driver[64];	/* hardware driver, "" if none */
};
#define NCR_ALG_INFO_SIZE_VER0	224

struct ncr_info {
	__u32 size;
	__u32 flags;			/* in: 0 */
	__u32 version;			/* out: NCR_ABI_VERSION */
	__u32 copy_bound;		/* out: NCR_COPY_BOUND */
	__u32 max_hmac_key_bytes;	/* out */
	__u32 alg_info_size;		/* in: sizeof(struct ncr_alg_info) */
	__aligned_u64 algs;		/* in: array of struct ncr_alg_info */
	__u32 alg_count;		/* in: capacity; out: entries known */
	__u32 live_namespaces;		/* out: open namespaces */
	__u64 live_keys;		/* out: key objects alive, all users */
	__u64 live_sessions;		/* out: sessions alive, all users */
	/* version 1: the per-user limits (module parameters) and what the
	 * caller's uid holds now, all namespaces together (out) */
	__u32 max_keys_per_user;
	__u32 max_sessions_per_user;
	__u32 max_namespaces_per_user;
	__u32 max_objects_per_ns;
	__u64 max_buffered_bytes;	/* per user */
	__u64 max_user_memory;		/* per user */
	__u32 user_keys;
	__u32 user_sessions;
	__u32 user_namespaces;
	__u32 __reserved;
	__u64 user_buffered;
	__u64 user_memory;
	/* version 2 (out): the module, its self-tests, the master key, the
	 * other limits and the live async counter */
	char module_version[32];	/* NUL-terminated, e.g. "13.0" */
	__u32 selftest;			/* NCR_SELFTEST_PASSED */
	__u32 selftest_count;		/* known-answer tests passed at load */
	__u32 master_key_source;	/* 0: none; NCR_MASTER_KEY_SRC_* */
	__u32 master_key_flags;		/* NCR_INFO_MASTER_* */
	__u8 master_key_id[16];		/* zero when none */
	__u8 master_key_previous_id[16];	/* zero when none */
	__u32 max_inflight_per_ns;	/* module parameter */
	__u32 zerocopy_min;		/* module parameter */
	__u64 inflight;			/* async requests in flight, all users */
	__u32 batch_max_ops;		/* NCR_BATCH_MAX_OPS */
	__u32 dev_mode;			/* module parameter dev_mode */
	__u64 batch_max_bytes;		/* NCR_BATCH_MAX_BYTES */
};
#define NCR_INFO_SIZE_VER0	56
#define NCR_INFO_SIZE_VER1	120
#define NCR_INFO_SIZE_VER2	232

/* struct ncr_info.selftest */
#define NCR_SELFTEST_PASSED	1	/* every known answer matched at load */
/* struct ncr_info.master_key_flags */
#define NCR_INFO_MASTER_PREVIOUS	(1U << 0)	/* a previous key is held */

struct ncr_key_generate {
	__u32 size;
	__u32 flags;		/* NCR_KEY_FLAG_* */
	__u32 usage;		/* NCR_KEY_USAGE_* */
	__u32 type;		/* enum ncr_key_type */
	__u32 bits;
	__u32 key;		/* out */
	/* version 1 */
	__aligned_u64 algs;	/* NCR_KEY_ALG_*; 0: the default set */
	__aligned_u64 label;	/* the caller's label for the key */
	__u32 label_size;	/* 0..NCR_KEY_LABEL_MAX */
	__u32 __reserved;
};
#define NCR_KEY_GENERATE_SIZE_VER0	24
#define NCR_KEY_GENERATE_SIZE_VER1	48

struct ncr_key_import {
	__u32 size;
	__u32 flags;
	__u32 usage;
	__u32 type;
	__aligned_u64 data;	/* raw key bytes */
	__u32 data_size;
	__u32 label_size;	/* 0..NCR_KEY_LABEL_MAX */
	__aligned_u64 label;	/* the caller's label for the key */
	__u32 key;		/* out */
	__u32 format;		/* NCR_KEY_FORMAT_* (0: raw secret) */
	__u32 bits;		/* EC RAW/RAW_PUBLIC: the curve; else 0 */
	__u32 __reserved;
	/* version 2 */
	__aligned_u64 algs;	/* NCR_KEY_ALG_*; 0: the default set */
};
#define NCR_KEY_IMPORT_SIZE_VER0	48
#define NCR_KEY_IMPORT_SIZE_VER1	56
#define NCR_KEY_IMPORT_SIZE_VER2	64

struct ncr_key_export {
	__u32 size;
	__u32 key;
	__aligned_u64 data;	/* buffer */
	__u32 data_size;	/* in: capacity; out: length */
	__u32 format;		/* NCR_KEY_FORMAT_* */
};
#define NCR_KEY_EXPORT_SIZE_VER0	24

struct ncr_key_info {
	__u32 size;
	__u32 key;
	__u32 flags;		/* out */
	__u32 usage;		/* out */
	__u32 type;		/* out */
	__u32 bits;		/* out */
	__u32 key_id_size;	/* out */
	__u32 key_class;	/* out: NCR_KEY_CLASS_* */
	__u8 key_id[NCR_KEY_ID_MAX];	/* out: kernel-assigned */
	/* version 1 */
	__aligned_u64 algs;	/* out: NCR_KEY_ALG_* */
	__u32 attrs;		/* out: NCR_KEY_ATTR_* */
	__u32 label_size;	/* out */
	__u8 label[NCR_KEY_LABEL_MAX];	/* out: the caller's label */
};
#define NCR_KEY_INFO_SIZE_VER0	64
#define NCR_KEY_INFO_SIZE_VER1	112

struct ncr_key_deinit {
	__u32 size;
	__u32 key;
};
#define NCR_KEY_DEINIT_SIZE_VER0	8

struct ncr_key_generate_pair {
	__u32 size;
	__u32 flags;		/* NCR_KEY_FLAG_* of the private key */
	__u32 usage;		/* usage of the private key */
	__u32 public_usage;	/* usage of the public key; 0: derived
				 * (out: the usage it got) */
	__u32 type;		/* NCR_KEY_TYPE_RSA .. ED25519 */
	__u32 bits;
	__u32 q_bits;		/* DSA: N (224, 256; 0: 256); else 0 */
	__u32 params_size;
	__aligned_u64 params;	/* see NCRIO_KEY_GENERATE_PAIR */
	__u32 label_size;	/* 0..NCR_KEY_LABEL_MAX */
	__u32 __reserved;
	__aligned_u64 label;	/* the caller's label for both keys */
	__u32 private_key;	/* out */
	__u32 public_key;	/* out */
	/* version 1 */
	__aligned_u64 algs;	/* of the private key; 0: default */
	__aligned_u64 public_algs;	/* of the public key; 0: default */
};
#define NCR_KEY_GENERATE_PAIR_SIZE_VER0	64
#define NCR_KEY_GENERATE_PAIR_SIZE_VER1	80

struct ncr_key_derive {
	__u32 size;
	__u32 flags;		/* NCR_KEY_FLAG_* of the new key */
	__u32 algorithm;	/* NCR_ALG_ECDH, NCR_ALG_X25519, NCR_ALG_DH */
	__u32 key;		/* our private key (NCR_KEY_USAGE_DERIVE) */
	__aligned_u64 peer;	/* the peer's public value */
	__u32 peer_size;
	__u32 type;		/* of the new key: HMAC or AES */
	__u32 usage;		/* of the new key */
	__u32 label_size;	/* 0..NCR_KEY_LABEL_MAX */
	__aligned_u64 label;	/* of the new key */
	__u32 new_key;		/* out */
	__u32 __reserved;
	/* version 1 */
	__aligned_u64 algs;	/* of the new key; 0: default */
};
#define NCR_KEY_DERIVE_SIZE_VER0	56
#define NCR_KEY_DERIVE_SIZE_VER1	64

struct ncr_master_key {
	__u32 size;
	__u32 flags;		/* NCR_MASTER_KEY_FLAG_* */
	__aligned_u64 key;	/* the key bytes; with FLAG_KEYRING the kernel
				 * key's description */
	__u32 key_size;		/* 32; with FLAG_KEYRING 1..4095 */
	__u32 __reserved;
	/* version 1 */
	__u32 key_type;		/* with FLAG_KEYRING: NCR_MASTER_KEY_SRC_*
				 * (TRUSTED..LOGON); else 0 */
	__u32 key_serial;	/* with FLAG_KEYRING: 0 (any), or the serial
				 * the key found must have; else 0 */
	__aligned_u64 __reserved2;
};
#define NCR_MASTER_KEY_SIZE_VER0	24
#define NCR_MASTER_KEY_SIZE_VER1	40

#define NCR_MASTER_KEY_FLAG_KEYRING		(1U << 0)
#define NCR_MASTER_KEY_FLAG_ROTATE		(1U << 1)
#define NCR_MASTER_KEY_FLAG_FORGET_PREVIOUS	(1U << 2)
#define NCR_MASTER_KEY_FLAGS_ALL		0x7U
#define NCR_MASTER_KEY_DESC_MAX			4095

/* Where a master key came from (key_type; ncr_info.master_key_source) */
#define NCR_MASTER_KEY_SRC_BYTES	1	/* the caller's bytes */
#define NCR_MASTER_KEY_SRC_TRUSTED	2	/* kernel key type "trusted" */
#define NCR_MASTER_KEY_SRC_ENCRYPTED	3	/* "encrypted" */
#define NCR_MASTER_KEY_SRC_USER		4	/* "user" */
#define NCR_MASTER_KEY_SRC_LOGON	5	/* "logon" */

/* NCRIO_KEY_KDF */
struct ncr_key_kdf {
	__u32 size;
	__u32 flags;		/* NCR_KEY_FLAG_* of the new key */
	__u32 algorithm;	/* NCR_ALG_HKDF_*, _PBKDF2_*, _KBKDF_* */
	__u32 key;		/* the secret (HKDF, KBKDF); 0 for PBKDF2 */
	__aligned_u64 password;	/* PBKDF2 */
	__u32 password_size;	/* 0..NCR_KDF_INPUT_MAX */
	__u32 iterations;	/* PBKDF2: 1..NCR_PBKDF2_ITERATIONS_MAX */
	__aligned_u64 salt;	/* HKDF, PBKDF2 salt; KBKDF Label */
	__u32 salt_size;	/* 0..NCR_KDF_INPUT_MAX */
	__u32 info_size;	/* 0..NCR_KDF_INPUT_MAX */
	__aligned_u64 info;	/* HKDF info; KBKDF Context */
	__u32 type;		/* of the new key: HMAC, AES, DES3, CHACHA20 */
	__u32 usage;		/* of the new key */
	__u32 length;		/* bytes of the new key */
	__u32 label_size;	/* 0..NCR_KEY_LABEL_MAX */
	__aligned_u64 label;	/* of the new key */
	__aligned_u64 algs;	/* of the new key; 0: default */
	__u32 new_key;		/* out */
	__u32 __reserved;
};
#define NCR_KEY_KDF_SIZE_VER0		96
#define NCR_KDF_INPUT_MAX		1024
#define NCR_PBKDF2_ITERATIONS_MAX	10000000

struct ncr_key_storage {
	__u32 size;
	__u32 key;		/* wrap: in; unwrap: out */
	__aligned_u64 blob;
	__u32 blob_size;	/* wrap: in capacity, out length; unwrap: in */
	__u32 __reserved;
};
#define NCR_KEY_STORAGE_SIZE_VER0	24

/* NCRIO_KEY_WRAP and NCRIO_KEY_UNWRAP */
struct ncr_key_wrap {
	__u32 size;
	__u32 flags;		/* wrap: 0; unwrap: NCR_KEY_FLAG_* of the
				 * new key */
	__u32 algorithm;	/* enum ncr_wrap_algorithm */
	__u32 wrapping_key;	/* AES key with USAGE_WRAP / USAGE_UNWRAP */
	__u32 key;		/* wrap: in, the key to wrap;
				 * unwrap: out, the new key */
	__u32 type;		/* unwrap: type of the new key; wrap: 0 */
	__u32 usage;		/* unwrap: usage of the new key; wrap: 0 */
	__u32 label_size;	/* unwrap: 0..NCR_KEY_LABEL_MAX; wrap: 0 */
	__aligned_u64 label;	/* unwrap: label of the new key; wrap: 0 */
	__aligned_u64 data;	/* wrap: buffer; unwrap: the wrapped key */
	__u32 data_size;	/* wrap: in capacity, out length;
				 * unwrap: in */
	__u32 __reserved;
	/* version 1 */
	__aligned_u64 algs;	/* unwrap: of the new key (0: default);
				 * wrap: 0 */
};
#define NCR_KEY_WRAP_SIZE_VER0	56
#define NCR_KEY_WRAP_SIZE_VER1	64

/* NCRIO_KEY_RESTRICT: narrow a key's policy (never widen it) */
struct ncr_key_restrict {
	__u32 size;
	__u32 key;
	__u32 clear_flags;	/* NCR_KEY_FLAG_* to clear */
	__u32 clear_usage;	/* NCR_KEY_USAGE_* to clear */
	__aligned_u64 clear_algs;	/* NCR_KEY_ALG_* to clear */
};
#define NCR_KEY_RESTRICT_SIZE_VER0	24

/* NCRIO_KEY_TRUST: mark a key NCR_KEY_FLAG_TRUSTED (CAP_SYS_ADMIN) */
struct ncr_key_trust {
	__u32 size;
	__u32 key;
	__u32 flags;		/* 0 */
	__u32 __reserved;
};
#define NCR_KEY_TRUST_SIZE_VER0		16

struct ncr_session_init {
	__u32 size;
	__u32 flags;		/* NCR_SESSION_FLAG_* */
	__u32 algorithm;
	__u32 op;
	__u32 key;
	__u32 iv_size;
	__aligned_u64 iv;
	__u32 tag_size;
	__u32 ses;		/* out */
	/* version 1: public-key parameters (0 for other algorithms) */
	__u32 hash;		/* NCR_ALG_SHA* for signatures, OAEP */
	__u32 mgf1_hash;	/* PSS, OAEP: MGF1 hash; 0: as hash */
	__u32 salt_size;	/* PSS salt bytes (NCR_PSS_SALT_AUTO) */
	__u32 pk_flags;		/* NCR_PK_FLAG_* */
	__aligned_u64 label;	/* OAEP label */
	__u32 label_size;
	__u32 __reserved;
};
#define NCR_SESSION_INIT_SIZE_VER0	40
#define NCR_SESSION_INIT_SIZE_VER1	72

struct ncr_session_op {
	__u32 size;
	__u32 flags;		/* NCR_OP_FLAG_* */
	__u32 ses;
	__u32 input_key;	/* with NCR_OP_FLAG_KEY_DATA */
	__aligned_u64 input;
	__aligned_u64 input_size;
	__aligned_u64 output;
	__aligned_u64 output_size;	/* in: capacity; out: written */
	__aligned_u64 tag;	/* digest, MAC or AEAD tag */
	__u32 tag_size;		/* in: capacity/expected; out: written */
	__u32 result;		/* out: NCR_VERIFY_* (verify only) */
};
#define NCR_SESSION_OP_SIZE_VER0	64

struct ncr_session_once {
	__u32 size;
	__u32 flags;		/* NCR_SESSION_FLAG_* */
	__u32 algorithm;
	__u32 op;
	__u32 key;
	__u32 iv_size;
	__aligned_u64 iv;
	__u32 op_flags;		/* NCR_OP_FLAG_* (KEY_DATA only) */
	__u32 input_key;
	__aligned_u64 input;
	__aligned_u64 input_size;
	__aligned_u64 output;
	__aligned_u64 output_size;
	__aligned_u64 aad;	/* AEAD associated data */
	__aligned_u64 aad_size;
	__aligned_u64 tag;
	__u32 tag_size;
	__u32 result;
	/* version 1: public-key parameters, as in ncr_session_init */
	__u32 hash;
	__u32 mgf1_hash;
	__u32 salt_size;
	__u32 pk_flags;
	__aligned_u64 label;
	__u32 label_size;
	__u32 __reserved;
	/* version 2 */
	__u32 mac_size;		/* MACs: the MAC length produced or
				 * accepted; 0: the full length */
	__u32 __reserved2;
};
#define NCR_SESSION_ONCE_SIZE_VER0	104
#define NCR_SESSION_ONCE_SIZE_VER1	136
#define NCR_SESSION_ONCE_SIZE_VER2	144

struct ncr_session_free {
	__u32 size;
	__u32 ses;
};
#define NCR_SESSION_FREE_SIZE_VER0	8

/* NCRIO_BATCH: one element (see NCRIO_BATCH above) */
#define NCR_BATCH_OP_ONCE	1
#define NCR_BATCH_OP_UPDATE	2
#define NCR_BATCH_OP_FINAL	3

struct ncr_batch_op {
	__u32 type;		/* NCR_BATCH_OP_* */
	__s32 error;		/* out: 0 or the operation's negative errno */
	union {
		struct ncr_session_once once;	/* NCR_BATCH_OP_ONCE */
		struct ncr_session_op op;	/* UPDATE, FINAL */
	};
};
#define NCR_BATCH_OP_SIZE_VER0	152

#define NCR_BATCH_FLAG_STOP_ON_ERROR	(1U << 0)
#define NCR_BATCH_FLAGS_ALL		NCR_BATCH_FLAG_STOP_ON_ERROR

#define NCR_BATCH_MAX_OPS	256
#define NCR_BATCH_MAX_BYTES	(64U << 20)

struct ncr_batch {
	__u32 size;
	__u32 flags;		/* NCR_BATCH_FLAG_* */
	__aligned_u64 ops;	/* array of count elements, op_size each */
	__u32 op_size;		/* sizeof(struct ncr_batch_op) */
	__u32 count;		/* 1..NCR_BATCH_MAX_OPS */
	__u32 done;		/* out: elements run and written back */
	__u32 failed;		/* out: of those, how many failed */
};
#define NCR_BATCH_SIZE_VER0	32

/* io_uring: the command area of an IORING_OP_URING_CMD SQE (16 bytes) */
struct ncr_uring_cmd {
	__aligned_u64 arg;	/* struct ncr_session_once or ncr_batch */
	__u32 flags;		/* 0 */
	__u32 __reserved;
};

/* ---- ioctl numbers ('c' 200..; cryptodev's 101..112 are disjoint) ---- */
#define NCRIO_INFO			_IO('c', 200)
#define NCRIO_KEY_GENERATE		_IO('c', 201)
#define NCRIO_KEY_IMPORT		_IO('c', 202)
#define NCRIO_KEY_EXPORT		_IO('c', 203)
#define NCRIO_KEY_GET_INFO		_IO('c', 204)
#define NCRIO_KEY_DEINIT		_IO('c', 205)
#define NCRIO_KEY_GENERATE_PAIR		_IO('c', 206)
#define NCRIO_KEY_DERIVE		_IO('c', 207)
#define NCRIO_KEY_RESTRICT		_IO('c', 208)
#define NCRIO_KEY_TRUST			_IO('c', 209)
#define NCRIO_MASTER_KEY_SET		_IO('c', 210)
#define NCRIO_KEY_STORAGE_WRAP		_IO('c', 211)
#define NCRIO_KEY_STORAGE_UNWRAP	_IO('c', 212)
#define NCRIO_KEY_WRAP			_IO('c', 213)
#define NCRIO_KEY_UNWRAP		_IO('c', 214)
#define NCRIO_KEY_KDF			_IO('c', 215)
#define NCRIO_SESSION_INIT		_IO('c', 220)
#define NCRIO_SESSION_UPDATE		_IO('c', 221)
#define NCRIO_SESSION_FINAL		_IO('c', 222)
#define NCRIO_SESSION_ONCE		_IO('c', 223)
#define NCRIO_SESSION_FREE		_IO('c', 224)
#define NCRIO_BATCH			_IO('c', 225)

#endif /* _UAPI_LINUX_NCR_H */
