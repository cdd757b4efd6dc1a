// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ncrtool - command-line front end to /dev/crypto (ncr).
 *
 * Keys never leave the kernel in clear (unless made exportable): a key is
 * kept on disk as a storage blob, encrypted and authenticated by the kernel
 * under the system master key, and every command that takes --key FILE
 * unwraps that blob into the fresh namespace of its own open of the device.
 *
 * Exit status: 0 ok, 1 verification failed, 2 usage, 3 ncr/kernel error,
 * 4 file I/O error.  Every error is one line on stderr:
 *   ncrtool: <command>: <cause>
 *
 * The files of this folder: main.c the global options, the command table
 * and its dispatch; opts.c each command's options; one file a command
 * family (info.c, master.c, key.c, wrap.c, cipher.c, digest.c, pk.c,
 * kdf.c: the --kdf forms of derive); and
 * what they share, declared in ncrtool.h: util.c (messages and exits,
 * files, hex), policy.c (the policy of keys), keyfile.c (key files: blobs
 * and PEM/DER keys) and pem.c (PEM and DER).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdlib.h>
#include <string.h>

#include "ncrtool.h"

#define NCRTOOL_VERSION "1.0"

const struct command *g_command;

/* The options of a new key, in the help of every command that makes one. */
#define KEY_OPTIONS_HELP \
	"Key options:\n" \
	"  --usage LIST    encrypt,decrypt,sign,verify,wrap,unwrap,derive or\n" \
	"                  all.  Default: encrypt,decrypt for aes, des3,\n" \
	"                  chacha20; sign,verify for hmac and for rsa, ec, dsa\n" \
	"                  and ed25519 private keys; derive for x25519, dh.\n" \
	"                  With --algs and no --usage: the usage of those\n" \
	"                  algorithms.\n" \
	"  --algs LIST     the algorithms the key may ever be used with, e.g.\n" \
	"                  aes-gcm,aes-cbc,aes-ctr (names: aes-gcm aes-ccm\n" \
	"                  aes-cbc aes-ctr aes-ecb aes-xts cmac-aes aes-kw\n" \
	"                  aes-kwp des3-cbc chacha20 chacha20-poly1305 hmac-sha*\n" \
	"                  rsa-pkcs1 rsa-pss rsa-oaep rsa-oaep-wrap dsa ecdsa\n" \
	"                  ed25519 ecdh x25519 dh hkdf kbkdf-hmac-sha256\n" \
	"                  kbkdf-cmac-aes).  Default: the kernel's set\n" \
	"                  for the type and usage: aes encrypt,decrypt aes-gcm\n" \
	"                  ONLY (aes-cbc, aes-ctr, aes-ccm must be named),\n" \
	"                  sign,verify cmac-aes, wrap,unwrap aes-kw,aes-kwp;\n" \
	"                  des3 des3-cbc; chacha20 chacha20-poly1305; hmac every\n" \
	"                  hmac-*; rsa sign,verify rsa-pkcs1,rsa-pss, encrypt,\n" \
	"                  decrypt rsa-oaep, wrap,unwrap rsa-oaep-wrap; ec\n" \
	"                  sign,verify ecdsa, derive ecdh.  A KDF (hkdf,\n" \
	"                  kbkdf-*) is only in a set that names it; a kbkdf-*\n" \
	"                  key does nothing else.  A usage of two kinds\n" \
	"                  (aes encrypt and sign, rsa sign and decrypt, ec sign\n" \
	"                  and derive, ...) has no default: ask for it with both\n" \
	"                  options, e.g. --usage sign,verify,decrypt\n" \
	"                  --algs rsa-pss,rsa-oaep.\n" \
	"  --exportable    the raw key may be read back ('key export')\n" \
	"  --wrappable     may be wrapped for transport ('key wrap'): under a\n" \
	"                  trusted key, or under any if also --exportable\n" \
	"  --hashable      key material may be digest/MAC input (library use)\n" \
	"  --trusted       (root) may wrap keys that are not exportable; only\n" \
	"                  for wrap-only keys that are not exportable\n" \
	"  --label TEXT    the key's label, up to 32 bytes (--id HEX: the same,\n" \
	"                  in hex; the kernel assigns the key ID itself)\n" \
	"A key written to a key file is always made storable (the file is a\n" \
	"storage blob); a key's policy can later only be narrowed ('key\n" \
	"restrict')."

static const struct command commands[] = {
	{ "info", cmd_info, O(OPT_JSON), 0, "info [--json]",
	  "show ABI version, limits, counters and algorithm drivers",
	  "Print the ncr ABI version, copy bound, live object counters, the\n"
	  "per-user limits with this user's current use of them (keys,\n"
	  "sessions, namespaces, buffered bytes, memory), and for each\n"
	  "algorithm the kernel implementation serving it: kernel name,\n"
	  "driver, whether it is hardware-backed and asynchronous, and the\n"
	  "hardware driver a session could ask for." },
	/* the master key and key rotation (master.c) */
	{ "master-key set", cmd_master_key_set,
	  O(OPT_FILE) | O(OPT_HEX) | O(OPT_KEYRING) | O(OPT_SERIAL) |
	  O(OPT_ROTATE), 1,
	  "master-key set (--file FILE | --hex HEX | - | --keyring TYPE:DESC |\n"
	  "       --serial N) [--rotate]",
	  "set the storage master key (32 bytes; CAP_SYS_ADMIN)",
	  "Set the storage master key (AES-256, exactly 32 bytes): raw bytes\n"
	  "from FILE or from standard input (-), or 64 hex digits; or a\n"
	  "kernel key, whose bytes then never pass through user space:\n"
	  "  --keyring TYPE:DESC  the key of type trusted (TPM-sealed),\n"
	  "                  encrypted, user or logon with that description\n"
	  "                  in the caller's keyrings (thread, process,\n"
	  "                  session), e.g. --keyring trusted:ncr:master\n"
	  "  --serial N      that key by serial number (keyctl add prints it)\n"
	  "Its payload must be 32 bytes.  Needs CAP_SYS_ADMIN; can be set\n"
	  "once per module load, unless:\n"
	  "  --rotate        the current key becomes the previous one (it\n"
	  "                  still opens the key files made under it) and the\n"
	  "                  new key the current one; 'key rewrap' each key\n"
	  "                  file, then 'master-key forget-previous'.\n"
	  "ncr-master-key.service(8) sets it at boot." },
	{ "master-key status", cmd_master_key_status, O(OPT_JSON), 0,
	  "master-key status [--json]",
	  "whether a master key is set, where from, its ID",
	  "Print whether a storage master key is set, its source (bytes,\n"
	  "trusted, encrypted, user, logon), its ID (16 bytes of\n"
	  "HMAC-SHA256(key, \"ncr master key id v1\"): tells keys apart,\n"
	  "reveals nothing of them) and whether a previous key (after\n"
	  "--rotate) is held, with its ID.  --json: one JSON object, keys\n"
	  "set, source, id, previous, previous_id.  Any user may ask." },
	{ "master-key forget-previous", cmd_master_key_forget_previous, 0, 0,
	  "master-key forget-previous",
	  "drop the previous master key after a rotation (CAP_SYS_ADMIN)",
	  "Drop the previous master key that 'master-key set --rotate' kept:\n"
	  "key files not rewrapped since no longer open.  Needs\n"
	  "CAP_SYS_ADMIN." },
	{ "key rewrap", cmd_key_rewrap, 0, 2, "key rewrap IN [OUT]",
	  "seal a key file again under the current master key",
	  "Open the key file IN (a storage blob: under the current master key\n"
	  "or the previous one after a rotation) and write it sealed under\n"
	  "the current master key to OUT, or back to IN when OUT is omitted\n"
	  "(through a temporary file renamed over it; the file keeps its mode\n"
	  "and owner).  The key never leaves the kernel.  Exit 1 if IN opens\n"
	  "under neither key." },
	{ "key generate", cmd_key_generate,
	  O(OPT_TYPE) | O(OPT_BITS) | O(OPT_OUT) | O(OPT_ALG) |
	  O(OPT_PUB_OUT) | O(OPT_PEM) | KEYFLAG_OPTS, 0,
	  "key generate (--type TYPE --bits N | --alg PAIR [--pub-out F "
	  "[--pem]])\n       [KEY OPTIONS] --out FILE",
	  "generate a key or key pair in the kernel, save it as a storage blob",
	  "Generate a key in the kernel and write it to FILE as a storage\n"
	  "blob (sealed under the master key, which must be set).\n"
	  "  --type aes|des3|chacha20|hmac\n"
	  "  --bits N        aes 128/192/256 (384/512 for aes-xts),\n"
	  "                  des3 192, chacha20 256, hmac 8..8192\n"
	  "Key pairs: FILE gets the private key (blob); --pub-out F the public\n"
	  "key as DER SubjectPublicKeyInfo (PEM with --pem).\n"
	  "  --alg rsa-2048|rsa-3072|rsa-4096|ec-p256|ec-p384|ed25519|x25519|\n"
	  "        dsa-2048|dsa-2048-224|dsa-3072|dh-ffdhe2048|dh-ffdhe3072|\n"
	  "        dh-ffdhe4096\n"
	  "  The private key's usage is one kind by default (rsa, ec, dsa,\n"
	  "  ed25519: sign,verify; x25519, dh: derive): an rsa key to decrypt\n"
	  "  or unwrap, or an ec key for ecdh, needs --usage decrypt, --usage\n"
	  "  unwrap or --usage derive (or --algs rsa-oaep, ecdh, ...).  The\n"
	  "  public key gets the counterparts (verify, encrypt, wrap, derive)\n"
	  "  and the same --algs.\n"
	  KEY_OPTIONS_HELP },
	{ "key import", cmd_key_import,
	  O(OPT_TYPE) | O(OPT_IN) | O(OPT_OUT) | O(OPT_FORMAT) |
	  O(OPT_BITS) | O(OPT_RSA_LEGACY) | KEYFLAG_OPTS, 0,
	  "key import [--type TYPE] --in FILE [--format F] [--bits N]\n"
	  "       [--rsa-legacy] [KEY OPTIONS] --out FILE",
	  "import a raw secret key or a PEM/DER key, save it as a storage blob",
	  "Import a key and write it to FILE as a storage blob.\n"
	  "Secret keys (--type aes|des3|chacha20|hmac): raw bytes, the key\n"
	  "length is the file's length.\n"
	  "Public-key keys: PEM or DER PKCS#8 (PRIVATE KEY), SPKI (PUBLIC\n"
	  "KEY) or PKCS#1 (RSA PRIVATE KEY, RSA PUBLIC KEY), as OpenSSL writes\n"
	  "them; type, encoding and private/public are detected.  Raw keys:\n"
	  "--format raw (EC scalar, X25519/Ed25519 private key) or raw-public\n"
	  "(EC point, 32-byte X25519/Ed25519 key) with --type ec|x25519|\n"
	  "ed25519, and --bits 256|384 for ec.  A public key is always\n"
	  "exportable and storable, and may have every usage of its type a\n"
	  "public key can have (default: rsa verify,encrypt,wrap; ec\n"
	  "verify,derive; dsa, ed25519 verify; x25519, dh derive).\n"
	  "--rsa-legacy: an RSA private key of 1024..2047 bits may sign and\n"
	  "decrypt (without it only its public operations work: below 2048\n"
	  "bits RSA is short of 112-bit security).\n"
	  KEY_OPTIONS_HELP },
	{ "key export", cmd_key_export,
	  O(OPT_KEY) | O(OPT_OUT) | O(OPT_PUBLIC) | O(OPT_FORMAT) | O(OPT_PEM),
	  0,
	  "key export --key FILE [--public | --format F] [--pem] [--out FILE]",
	  "write an exportable key, or any key's public half",
	  "Write key material (standard output by default).  Secret keys:\n"
	  "the raw bytes; the kernel refuses keys made without --exportable.\n"
	  "Public-key keys: --public writes the public half as DER\n"
	  "SubjectPublicKeyInfo (always allowed); --format pkcs8 (default\n"
	  "for a private key; needs --exportable), pkcs1 (RSA), spki (default\n"
	  "for a public key), raw (EC/X25519/Ed25519 private value; needs\n"
	  "--exportable), raw-public (EC point, X25519/Ed25519 key, DSA/DH y)\n"
	  "or params (DSA/DH domain parameters).  --pem armours DER output." },
	{ "key info", cmd_key_info, O(OPT_KEY), 0, "key info --key FILE",
	  "show a key's type, class, length, policy, ID and label",
	  "Print a key's type, class (secret, private, public), length,\n"
	  "flags (exportable, wrappable, hashable, storable, trusted), usage,\n"
	  "algorithm set (algs), attributes (local: generated in the kernel;\n"
	  "always-sensitive: the material never left a kernel, generated or\n"
	  "imported by root and never exportable; never-extractable: never\n"
	  "wrappable), the key ID the kernel assigned and the label (as text\n"
	  "if printable, else hex:...).  FILE may also be a PEM/DER key." },
	{ "key restrict", cmd_key_restrict,
	  O(OPT_KEY) | O(OPT_CLEAR_FLAGS) | O(OPT_CLEAR_USAGE) |
	  O(OPT_CLEAR_ALGS) | O(OPT_OUT), 0,
	  "key restrict --key FILE [--clear-flags LIST] [--clear-usage LIST]\n"
	  "       [--clear-algs LIST] --out FILE",
	  "narrow a key's flags, usage or algorithms into a new key file",
	  "Load the key blob FILE, make its policy stricter in the kernel and\n"
	  "write the result as a new key blob to --out.  Nothing can be added\n"
	  "back, by this or any command: a key's policy only gets stricter.\n"
	  "  --clear-flags LIST  exportable, wrappable, hashable, trusted,\n"
	  "                      rsa-legacy\n"
	  "                      (not storable: the result is a blob)\n"
	  "  --clear-usage LIST  usage names, as for --usage\n"
	  "  --clear-algs LIST   algorithm names, as for --algs\n"
	  "The key must keep at least one usage and one algorithm (exit 3\n"
	  "otherwise).  The old FILE still holds the old policy: delete it\n"
	  "if the point was to give up what was cleared." },
	{ "key trust", cmd_key_trust, O(OPT_KEY) | O(OPT_OUT), 0,
	  "key trust --key FILE --out FILE",
	  "mark a wrap-only key trusted (CAP_SYS_ADMIN)",
	  "Mark the key in FILE trusted and write it as a new key blob: a\n"
	  "trusted key may wrap keys that are not exportable (with 'key\n"
	  "wrap'; they must still be wrappable).  Needs CAP_SYS_ADMIN.  Only\n"
	  "a key that can do nothing but wrap qualifies: usage within\n"
	  "wrap,unwrap, algorithms within aes-kw,aes-kwp,rsa-oaep-wrap, not\n"
	  "hashable, and always-sensitive (see 'key info': generated here or\n"
	  "imported by root, never exportable; never an unwrapped or derived\n"
	  "key); a public RSA key with usage wrap only if its pair was\n"
	  "generated here.  'key generate ... --trusted' (or 'key import ...\n"
	  "--trusted' by root) makes one trusted from the start." },
	{ "key wrap", cmd_key_wrap,
	  O(OPT_KEY) | O(OPT_TARGET) | O(OPT_ALG) | O(OPT_OUT), 0,
	  "key wrap --key WRAPPING_KEY_FILE --target KEY_FILE "
	  "[--alg rfc3394|rfc5649] --out FILE",
	  "wrap a key under another for transport (RFC 3394/5649)",
	  "Wrap the key of KEY_FILE under the AES key of WRAPPING_KEY_FILE\n"
	  "(made with --usage including wrap) and write the wrapped key to\n"
	  "FILE: the standard AES Key Wrap bytes, which any RFC 3394/5649\n"
	  "implementation with the wrapping key can unwrap.  Only the key's\n"
	  "material is wrapped, not its type, usage or ID.  KEY_FILE must be\n"
	  "wrappable (--wrappable), and either exportable too, or wrapped\n"
	  "under a trusted wrapping key (--trusted, 'key trust'; root).\n"
	  "  --alg rfc5649   AES Key Wrap with Padding, any key length\n"
	  "                  (the default)\n"
	  "  --alg rfc3394   AES Key Wrap, keys of a multiple of 8 bytes,\n"
	  "                  at least 16" },
	{ "key unwrap", cmd_key_unwrap,
	  O(OPT_KEY) | O(OPT_IN) | O(OPT_TYPE) | O(OPT_ALG) | O(OPT_OUT) |
	  KEYFLAG_OPTS, 0,
	  "key unwrap --key WRAPPING_KEY_FILE --in FILE --type TYPE "
	  "[--alg rfc3394|rfc5649]\n       [KEY OPTIONS] --out FILE",
	  "unwrap a wrapped key into a new key file",
	  "Unwrap the wrapped key in FILE (from 'key wrap' or any RFC\n"
	  "3394/5649 implementation) under the AES key of WRAPPING_KEY_FILE\n"
	  "(made with --usage including unwrap) into a new secret key of\n"
	  "TYPE (aes, des3, chacha20, hmac), and write it to FILE as a\n"
	  "storage blob.  --alg as for 'key wrap' (default rfc5649); the new\n"
	  "key's options as for 'key generate'.  The kernel allows\n"
	  "--exportable and --hashable only if the wrapping key is itself\n"
	  "exportable (exit 3 otherwise).  Exit 1 if the wrapped key does not\n"
	  "verify under the wrapping key.\n"
	  KEY_OPTIONS_HELP },
	{ "encrypt", cmd_encrypt,
	  O(OPT_KEY) | O(OPT_ALG) | O(OPT_IN) | O(OPT_OUT) | O(OPT_AAD) |
	  O(OPT_IV) | O(OPT_HASH) | O(OPT_MGF1) | O(OPT_LABEL), 0,
	  "encrypt --key FILE --alg ALG [--out F] [--aad F] [--iv HEX] "
	  "[F | --in F]",
	  "encrypt a file or a stream",
	  "Encrypt F (default standard input) to F (default standard output).\n"
	  "ALG: aes-gcm, aes-ccm, chacha20-poly1305 (authenticated, in 64 KiB\n"
	  "segments of any number, constant memory: docs/stream-format.md;\n"
	  "--aad adds associated data), aes-cbc,\n"
	  "des3-cbc (PKCS#7 padding, random IV first), aes-ctr, chacha20\n"
	  "(random IV first).  aes-128-/aes-192-/aes-256-<mode> also check\n"
	  "the key size.  --iv uses that IV: for CBC/CTR/ChaCha20 it is then\n"
	  "not written to the output; for AEADs it is the 7-byte nonce\n"
	  "prefix in the header.\n"
	  "Never reuse an IV with the same key.\n"
	  "RSA: --alg rsa-oaep [--hash H] [--mgf1 H] [--label HEX] or\n"
	  "rsa-pkcs1 encrypts one block (at most the modulus length less the\n"
	  "padding) with a public or private RSA key; the output is what\n"
	  "'openssl pkeyutl -encrypt' writes.  OAEP hash default sha1 (as\n"
	  "OpenSSL and RFC 8017); --mgf1 default: the --hash." },
	{ "decrypt", cmd_decrypt,
	  O(OPT_KEY) | O(OPT_ALG) | O(OPT_IN) | O(OPT_OUT) | O(OPT_AAD) |
	  O(OPT_IV) | O(OPT_HASH) | O(OPT_MGF1) | O(OPT_LABEL), 0,
	  "decrypt --key FILE --alg ALG [--out F] [--aad F] [--iv HEX] "
	  "[F | --in F]",
	  "decrypt what encrypt wrote; exit 1 if it does not verify",
	  "Decrypt what 'encrypt' wrote.  AEAD: only verified segments are\n"
	  "written; an output file appears only when all verified.  Standard\n"
	  "output may have got the verified segments before one that does not\n"
	  "verify (truncated, altered): exit 1 says it is incomplete.\n"
	  "CBC: bad padding is exit 1; an\n"
	  "output file is then removed (standard output may already have all\n"
	  "but the last block).  --iv: for CBC/CTR/ChaCha20, the input holds\n"
	  "no IV; not accepted for AEADs (the header has the nonce).\n"
	  "RSA: --alg rsa-oaep|rsa-pkcs1 with the private key, options as for\n"
	  "encrypt; a padding check failure is exit 1." },
	{ "digest", cmd_digest, O(OPT_ALG) | O(OPT_IN) | O(OPT_CHECK), 64,
	  "digest [--alg ALG] [--in F] [FILE...]\n"
	  "   or: digest [--alg ALG] --check LIST",
	  "print or check digests like sha256sum",
	  "Print the digest of each file (standard input by default, or -)\n"
	  "like sha256sum: HEX, two spaces, the file name.  A file that cannot\n"
	  "be read is reported and the others still get their lines; the exit\n"
	  "status is then 1.\n"
	  "--check LIST: read lines 'HEX  NAME' or 'HEX *NAME' (as sha256sum\n"
	  "and this command write them; LIST - is standard input), digest each\n"
	  "NAME and print 'NAME: OK' or 'NAME: FAILED' (with --quiet only the\n"
	  "failures); exit 1 if any did not match or could not be read.\n"
	  "ALG: md5 sha1 sha224 sha256 (default) sha384 sha512 sha3-256\n"
	  "sha3-512" },
	{ "mac", cmd_mac,
	  O(OPT_ALG) | O(OPT_KEY) | O(OPT_IN) | O(OPT_MAC_SIZE) | O(OPT_LENGTH),
	  0, "mac --alg ALG --key FILE [--mac-size N] [F | --in F]",
	  "print a MAC in hex",
	  "Print the MAC of F (default standard input) in hex; --mac-size N\n"
	  "(or --length N, its older name) truncates it to N bytes: at least\n"
	  "10 for HMAC, 8 for CMAC.\n"
	  "ALG: hmac-sha1 hmac-sha224 hmac-sha256 hmac-sha384 hmac-sha512\n"
	  "     hmac-sha3-256 hmac-sha3-512 (hmac keys), cmac-aes (aes keys\n"
	  "     made with --usage sign,verify or --algs cmac-aes)" },
	{ "verify-mac", cmd_verify_mac,
	  O(OPT_ALG) | O(OPT_KEY) | O(OPT_IN) | O(OPT_MAC) | O(OPT_MAC_SIZE),
	  0, "verify-mac --alg ALG --key FILE --mac HEX [--mac-size N]\n"
	  "       [F | --in F]",
	  "check a MAC: exit 0 if good, 1 if not",
	  "Check a MAC in the kernel, in constant time.  The full MAC length\n"
	  "is checked, or with --mac-size N (HMAC at least 10, CMAC at least\n"
	  "8) a MAC truncated to N bytes: the verifier chooses the length,\n"
	  "never the MAC given, so a MAC of any other length fails.\n"
	  "Exit 0 if it is good, 1 (\"MAC verification failed\") if not." },
	{ "sign", cmd_sign,
	  O(OPT_KEY) | O(OPT_ALG) | O(OPT_IN) | O(OPT_OUT) | O(OPT_HASH) |
	  O(OPT_MGF1) | O(OPT_SALT) | O(OPT_PREHASHED) | O(OPT_RAW_SIG), 1,
	  "sign --key FILE --alg ALG [--hash H] [--salt N] [--mgf1 H]\n"
	  "       [--prehashed] [--raw-sig] [IN | --in IN] [-o | --out SIG]",
	  "sign a file with a private key",
	  "Sign IN (default standard input) with the private key of FILE (a\n"
	  "key blob, or a PEM/DER private key) and write the signature.\n"
	  "ALG: rsa-pss, rsa-pkcs1, ecdsa, dsa (hash the message with --hash,\n"
	  "default sha256), ed25519 (the message itself).  --salt: PSS salt\n"
	  "bytes (default: the hash length); --mgf1: PSS MGF1 hash (default:\n"
	  "--hash).  --prehashed: IN is the digest itself.  Signatures are\n"
	  "those of 'openssl dgst -sign' / 'openssl pkeyutl -sign': RSA the\n"
	  "modulus length, ECDSA/DSA DER (r||s with --raw-sig), Ed25519 64\n"
	  "bytes.  ECDSA/DSA nonces are RFC 6979, hedged with fresh random." },
	{ "verify", cmd_verify,
	  O(OPT_KEY) | O(OPT_ALG) | O(OPT_IN) | O(OPT_SIG) | O(OPT_HASH) |
	  O(OPT_MGF1) | O(OPT_SALT) | O(OPT_PREHASHED) | O(OPT_RAW_SIG), 1,
	  "verify --key FILE --alg ALG --sig SIG [--hash H] [--salt N]\n"
	  "       [--mgf1 H] [--prehashed] [--raw-sig] [IN | --in IN]",
	  "check a signature: exit 0 if good, 1 if not",
	  "Check the signature in SIG over IN (default standard input) with\n"
	  "FILE: a public key (PEM/DER SPKI or PKCS#1, as 'openssl pkey\n"
	  "-pubout' writes; no master key needed), or a key blob.  Options as\n"
	  "for sign; rsa-pss accepts any salt length unless --salt is given.\n"
	  "Exit 0 if the signature is good, 1 (\"signature verification\n"
	  "failed\") if not, also for a malformed signature." },
	{ "derive", cmd_derive,
	  O(OPT_KEY) | O(OPT_PEER) | O(OPT_OUT_TYPE) | O(OPT_OUT) |
	  O(OPT_EXPORTABLE) | O(OPT_WRAPPABLE) | O(OPT_HASHABLE) |
	  O(OPT_USAGE) | O(OPT_ALGS) | O(OPT_LABEL) | O(OPT_ID) |
	  O(OPT_KDF) | O(OPT_LENGTH) | O(OPT_SALT_HEX) | O(OPT_SALT_FILE) |
	  O(OPT_INFO_HEX) | O(OPT_INFO_FILE) | O(OPT_LABEL_HEX) |
	  O(OPT_LABEL_FILE) | O(OPT_CONTEXT_HEX) | O(OPT_CONTEXT_FILE) |
	  O(OPT_ITERATIONS) | O(OPT_PASSWORD_FILE), 0,
	  "derive --key FILE --peer PEER [--out-type hmac|aes] [KEY OPTIONS]\n"
	  "       [--out FILE]\n"
	  "   or: derive --kdf KDF [--key FILE [--peer PEER]] [KDF INPUTS]\n"
	  "       [--out-type TYPE] [--length N] [KEY OPTIONS] [--out FILE]",
	  "key agreement (ECDH, X25519, DH) or a KDF (HKDF, PBKDF2,\n"
	  "      SP 800-108) into a new secret key",
	  "Combine our private key (FILE: an ec, x25519 or dh key blob or\n"
	  "PEM/DER private key, with the derive usage) with the peer's public\n"
	  "key PEER (PEM/DER SPKI, a key blob, or the raw public value: EC\n"
	  "point, 32 bytes, DH y) into a new secret key of --out-type (hmac:\n"
	  "a generic secret, the default; aes: secrets of 16, 24 or 32\n"
	  "bytes).  The secret is the raw shared value (as 'openssl pkeyutl\n"
	  "-derive').  --out writes the new key as a storage blob; with\n"
	  "--exportable the secret is also printed in hex.  One of them is\n"
	  "required.  Key options as for 'key generate' (not --trusted).\n"
	  "\n"
	  "--kdf KDF derives, in the kernel, a new key of --out-type (hmac,\n"
	  "the default, aes, des3 or chacha20) and --length N bytes (default:\n"
	  "aes 32, des3 24, chacha20 32, hmac one output of the KDF's hash):\n"
	  "  hkdf-sha256, hkdf-sha384, hkdf-sha512 (RFC 5869) from the secret\n"
	  "      key of FILE (hmac, made with --algs hkdf), or with --peer\n"
	  "      from the secret of the agreement above, which then never\n"
	  "      leaves the kernel.  --salt-hex HEX or --salt-file F (default:\n"
	  "      zeros), --info-hex HEX or --info-file F (default: empty).\n"
	  "  pbkdf2-sha256, pbkdf2-sha512, pbkdf2-sha1 (RFC 8018) from a\n"
	  "      password: --iterations N, --salt-hex HEX or --salt-file F,\n"
	  "      and --password-file F (its one line; - standard input), or\n"
	  "      typed twice at the terminal.  Never an argument: other users\n"
	  "      can read those (ps).\n"
	  "  kbkdf-hmac-sha256, kbkdf-cmac-aes (NIST SP 800-108, counter\n"
	  "      mode, as OpenSSL's KBKDF) from FILE (hmac or aes, made with\n"
	  "      --algs kbkdf-hmac-sha256 or kbkdf-cmac-aes) or --peer:\n"
	  "      --label-hex HEX or --label-file F (its Label), --context-hex\n"
	  "      HEX or --context-file F (its Context).\n"
	  "Each input is at most 1024 bytes; a source key needs the derive\n"
	  "usage and the KDF in its set.  --out and --exportable as above." },
};

static void __attribute__((noreturn)) global_help(void)
{
	size_t i;

	printf("Usage: ncrtool [--device PATH] [--progress] [--quiet] COMMAND "
	       "[OPTIONS]\n"
	       "Kernel cryptography through /dev/crypto (ncr): keys stay in "
	       "the kernel.\n\nCommands:\n");
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		printf("  %s\n      %s\n", commands[i].synopsis,
		       commands[i].summary);
	printf("\n%s\nThey apply to key generate, key import and key unwrap; "
	       "derive takes all\nbut --trusted.\n", KEY_OPTIONS_HELP);
	printf("\nKey wrap (key wrap, key unwrap): --alg rfc5649 (default, any "
	       "key length)\nor rfc3394 (multiples of 8 bytes from 16); the "
	       "wrapping key is an AES key\nwith the wrap / unwrap usage.  A "
	       "key is wrapped only if it is --wrappable, and\neither "
	       "--exportable or wrapped under a --trusted key.  An unwrapped "
	       "key may be\n--exportable or --hashable only if the wrapping key "
	       "is exportable.\n"
	       "\nKey pairs (key generate --alg): rsa-2048|3072|4096, "
	       "ec-p256|p384, ed25519,\nx25519, dsa-2048|2048-224|3072, "
	       "dh-ffdhe2048|3072|4096; --pub-out F writes\nthe public key "
	       "(SPKI; --pem for PEM).  Any --key FILE may also be a PEM/DER\n"
	       "key as OpenSSL writes it (PKCS#8, SPKI, PKCS#1), imported for "
	       "that command.\n"
	       "\nKey files are storage blobs: the kernel wraps keys under the "
	       "master key,\nand each command unwraps its --key FILE again.  "
	       "'-' or a missing --in/--out\nmeans standard input/output; "
	       "the input may also be the one argument (not\nboth), and an "
	       "option is given once.  Output files are completed under a\n"
	       "temporary name and renamed into place: secret material (key "
	       "blobs, exported\nsecret keys, wrapped keys) new with mode "
	       "0600, anything else with the umask;\nan existing file keeps "
	       "its mode.\n"
	       "\nGlobal options:\n"
	       "  --device PATH   the ncr device (default: $NCR_DEVICE, else "
	       "/dev/crypto)\n"
	       "  --progress      show progress of long operations on "
	       "standard error (default:\n"
	       "                  when it is a terminal)\n"
	       "  --quiet         no progress, and digest --check prints "
	       "failures only\n"
	       "  -h, --help      this help; 'ncrtool COMMAND --help' for one "
	       "command\n"
	       "  -V, --version   print the version\n"
	       "\nExit status:\n"
	       "  0  success\n"
	       "  1  verification failed: bad MAC, tag or padding, a "
	       "corrupt or\n"
	       "     truncated encrypted file, a wrapped key that does not "
	       "unwrap,\n"
	       "     a bad signature, or an RSA ciphertext that does not "
	       "decrypt\n"
	       "  2  usage error\n"
	       "  3  ncr/kernel error (no device, operation refused, ...)\n"
	       "  4  file I/O error\n"
	       "\nSee ncrtool(1).\n");
	exit(0);
}

int main(int argc, char **argv)
{
	const struct command *c = NULL;
	struct opts o;
	int i = 1, words = 1;
	size_t k;

	/* Global options come before the command. */
	while (i < argc && argv[i][0] == '-' && argv[i][1]) {
		const char *a = argv[i];

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			global_help();
		} else if (!strcmp(a, "--version") || !strcmp(a, "-V")) {
			printf("ncrtool %s (ncr ABI %d)\n", NCRTOOL_VERSION,
			       NCR_ABI_VERSION);
			return 0;
		} else if (!strcmp(a, "--device") ||
			   !strncmp(a, "--device=", 9)) {
			if (g_device)
				die_usage("give --device once");
			if (a[8] == '=')
				g_device = a + 9;
			else if (i + 1 >= argc)
				die_usage("option '--device' needs an "
					  "argument");
			else
				g_device = argv[++i];
		} else if (!strcmp(a, "--progress")) {	/* progress.c */
			global_opt(OPT_PROGRESS);
		} else if (!strcmp(a, "--quiet")) {
			global_opt(OPT_QUIET);
		} else if (!strcmp(a, "--")) {
			i++;
			break;
		} else {
			die_usage("unknown option '%s' (see 'ncrtool --help')",
				  a);
		}
		i++;
	}
	if (i >= argc)
		die_usage("no command given (see 'ncrtool --help')");

	/* Commands are one or two words ("key generate"). */
	for (k = 0; k < ARRAY_SIZE(commands) && !c; k++) {
		const char *n = commands[k].name, *sp = strchr(n, ' ');

		if (!sp) {
			if (!strcmp(argv[i], n)) {
				c = &commands[k];
				words = 1;
			}
		} else if (!strncmp(argv[i], n, (size_t)(sp - n)) &&
			   argv[i][sp - n] == 0) {
			if (i + 1 < argc && !strcmp(argv[i + 1], sp + 1)) {
				c = &commands[k];
				words = 2;
			}
		}
	}
	if (!c) {
		/* "key" or "master-key" alone, or with a bad subcommand. */
		for (k = 0; k < ARRAY_SIZE(commands); k++) {
			const char *n = commands[k].name;
			size_t l = strlen(argv[i]);

			if (!strncmp(n, argv[i], l) && n[l] == ' ') {
				g_cmd = argv[i];
				if (i + 1 < argc && (!strcmp(argv[i + 1],
							      "--help") ||
						     !strcmp(argv[i + 1], "-h")))
					global_help();
				if (i + 1 >= argc)
					die_usage("missing subcommand (see "
						  "'ncrtool --help')");
				die_usage("unknown subcommand '%s' (see "
					  "'ncrtool --help')", argv[i + 1]);
			}
		}
		die_usage("unknown command '%s' (see 'ncrtool --help')",
			  argv[i]);
	}
	g_cmd = c->name;
	g_command = c;
	i += words - 1;	/* argv[i] is the last command word */
	parse_opts(c, argc - i, argv + i, &o);
	return c->run(&o);
}
