// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * attacks - the attack suite of issue 7: every finding of the review as
 * the real attack, carried out by an unprivileged process (uid 65534, no
 * capabilities) with OpenSSL's libcrypto on its side, plus the general
 * properties of KEY POLICY in ncr.h.  A test FAILS IF THE ATTACK WORKS.
 *
 *   build/tests/attacks --setup DIR [--master-key-hex HEX64]   (as root)
 *   build/tests/attacks [DIR]                            (as uid 65534)
 *   build/tests/attacks                  (as root: both, in a temp dir)
 *
 * The setup run (root) sets the master key if it is not set yet (HEX64,
 * or random), writes into DIR the storage blobs of keys only root can
 * make (non-exportable victims sealed with STORABLE and STORABLE |
 * WRAPPABLE, a TRUSTED key-encryption key) with their key info, checks
 * that root can do what the unprivileged run must not (TRUSTED), and runs
 * the root side of two attacks: a root process allocates and computes
 * while uid 65534 sits at its per-user caps (A4), and a userfaultfd made
 * by root before dropping to 65534 stalls a session update (A13.b).  The
 * unprivileged run takes DIR (without it, the tests that need the blobs
 * are skipped).  Run as root with no argument, the program does both: the
 * setup in a fresh folder, then itself again as 65534.
 *
 * Every test line starts with an ID that docs/security.md cites:
 *   A<n>.<m>   finding n of issue 7 (A13.a..A13.d: its four parts);
 *   P.<name>   a general property: P.no-reveal, P.algset, P.caps (the
 *              summary of A4), P.restrict-only-stricter,
 *              P.trusted-needs-root;
 *   B.<name>   the BSD ABI (bsd.c);
 *   BT.<name>  NCRIO_BATCH (batch.c);
 *   MK.<name>  the master key: set, rotate, forget, keyring (master.c);
 *   S.<name>   a step of the setup run.
 *
 * Environment: NCR_ATTACK_SECONDS (each race, default 3), NCR_ATTACK_ED_MB
 * (the Ed25519 message of A11: default 255 as in the finding, cut to 1 MiB
 * under the per-user buffered cap, 128 MiB by default), NCR_ATTACK_ONLY
 * (comma-separated parts to run: a1,a2,...,a13,p,bsd,batch,mk; for
 * debugging),
 * NCR_TEST_SEED.
 *
 * The kernel log must stay clean (no WARN, soft lockup, ...): the VM
 * runner exits 125 otherwise, which is part of A5, A6, A8, A11 and A13.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/capability.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "attacks.h"

struct actx A;

/* Two RSA-2048 keys made once with `openssl genpkey -algorithm RSA`: the
 * attacker's own (it holds the private key in OpenSSL) and a victim that
 * is imported non-exportable (its bytes are what must never come out). */
static const char rsa_attacker_pem[] =
	"-----BEGIN PRIVATE KEY-----\n"
	"MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDibkzZMH5+I0KR\n"
	"cKFgTyNkLmKFuwNgajcU+CvPY1B2YWUnoq2bOfVAWiP0w0WX0QMoCG33lsw+GA77\n"
	"SC9ILoIfnepQ1sOsk05ibd1CFST6vGa7khl2B+CD9Cs85NdopAOe+VOFoqJFygH+\n"
	"L+ozuErpTvnEwwU9rdGYqelOvWHCKj96WjJanS9Uaci88XTOn4yxEoW6cPMtDmoQ\n"
	"YH1FjkSCub4yqgNmQGI+mFEZ8azwEZziCYnGv+14/E0YbTuCbqtyyshr6GGDmC+R\n"
	"hVXH/TtPpmCEMJDfqFIXFioaVs4n0vxp2QwSypg5JAEgkMUC7Qaa/lEuSJQDAyk0\n"
	"2cVQsz+/AgMBAAECggEAPDFyQHKBzep1sdAtNjsTf3hNPJvAhAr4ZZyrmNAf/bha\n"
	"ebTnTdKUfez4jgKzJ26q1iOXiDAQT5l5shc4aonikaEbPy44ilIGjmgCX6TbVcRr\n"
	"0wU9u4DQkIOCUwfKs8iWJdbF+0qGtOLEsNvv+JvPXkJeZ44ogIMKqvjQStxRdpng\n"
	"i0+vjz70vmLDRyzUx6ruPYgADHjQYjQ8vLLXmcpd44+3KlIVlSslnEgDMuQNw9Ld\n"
	"EXdAZTd7aP92wV/iy3qFPdxgTqHHsAypJqPCPxLybHl4ue6CmvG3LOBzJ+963Tk4\n"
	"LDDTeC7eBPop6+sqc/PNPuJx81EXn1pwNYlyAthwwQKBgQD07klKrjntnyRaeHxd\n"
	"vJw0eMdwBpVQ5lQwfUUcgwiuTs4S+9G4TLWQ6j5zvvLcIN92AMX1gzodQTpRunf6\n"
	"rip/lRSbrVuFUV0vOxue7MsuMQ+URPB4fwCTIw8c1hOmiz2WYIwQ9RjtRHMjwu1K\n"
	"svmb4Q6zeuw4vGPkCg7mAZWC7wKBgQDsqfrSWnIvnVtFY7IDKtImdYFXaFFZpKwT\n"
	"TCuRAYBFri5W/MFuSdD0qZUH1mCyqLAvOKjaSe5d+qWgQGJW6LN7pjP7nzihClh9\n"
	"RtpvIw+0MxL5dGy6V/Of0o9afjTUug8D+hAfg1e1L2fZ9J5q5YDYKFoMLJJMok/t\n"
	"vOLNBn3QMQKBgQDXOwXgwFVbQDt73OC8pl9FpNTs1nwjySM2MP6oXWUld06TVAIo\n"
	"yA/NNmqG38ceNSzozykl45kP2B/dbdS8zou97U1ct+vyrVsLhA9zinXJM4eTLTl7\n"
	"SW9B3M8M8fn2oekO2ex7gkXTShE73bETsU6y8gQvJ9eoy7Oj0krhR4cQtQKBgEa0\n"
	"0hceppbLMIWer4R6uqZ63NW8ePGLXU22qB1+kVBAJeAfS7sjmqY+NCRPTDyUYW76\n"
	"QphVFj5FsE4cbkUA6P68PTOj8ktKx/1FueUSWJLB351fx0w1ErhhNCsZIbecjvfl\n"
	"MgP4PbAIJcLcbqgJQWFTTPPuLRdwNukUUb5nfhdBAoGAX3y/DYLvzEj812ZMswsP\n"
	"xiWR60fHxeF6V1HmqwlF9WsC7ernXMeokbyAjqQT7h4G6/Qi/NW8lyMTOuGtct+e\n"
	"WCA3C8aku38ffTsLjy0raJnFzvhSPGgiUNLzNgbVduVZg/msuERPkZuTn+kN97nM\n"
	"gBMdCVK+WG+7/jwBZXpRVzs=\n"
	"-----END PRIVATE KEY-----\n"
;
static const char rsa_victim_pem[] =
	"-----BEGIN PRIVATE KEY-----\n"
	"MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCtjsm9lcScrsav\n"
	"qU+bX3OMMHOgk9v6e1FmXo4dOO10oHD87pdzmsGVQvE+3FKoEbvwRRAkZ0Neql86\n"
	"VCY0qWDnF0uqqipfTWwdFlfcpvDX4sCAaJcpDJzV66cubTw4yd7kJylCFY/O7IE5\n"
	"ib3IqZgu347YdbRBpqnyraOI17xk/t8K0OOSfpCIdGgGrKhIj6FZ+FZrfZaiShRC\n"
	"olnl1hAWelkQEdWqf9I74Z1JZsBYT30RZ/UrpBUo7d5VYJKNbr3BHEHAFR1I2FX3\n"
	"gXiftAVKo+0NlhAFlPSEUba4Z8GRQO6cvpwdOHdPTW3oLnaM3DeMOv5E2DdLmPjN\n"
	"j6o9gtQHAgMBAAECggEANRjkG35AYncODhvMYQp4vUDtfwj9Wcp0gs8Wx1XtP6r+\n"
	"JkOQTivgYZvTVpntJ8IVL1LRt3FoKQQSkjPAZIgVP13fJl1dDT8Qfm2hf74LHOEg\n"
	"Z6iX5lUXflLUGN4OeIk6Ca75bmBOWM3+Uu4TA9ru1hhLCWopNZSZlccNqwXlezgF\n"
	"TXkULvu/GaZiv5fCtUnhjpgv7V7sXNmMULnL1CLSpqlx4E1n0HWM/fca9C+7ojnv\n"
	"k2GOyAa+/s48LvcB/I/BL/CS/O2saa4b5cON3L3crDpTBuHgW5athH9lPBsJDf9i\n"
	"Pe5fOghPxz4y1yUG8OCeykv8xLIXrgtMJBvlqiAAUQKBgQDbP15J006EYmsz6igU\n"
	"zHx/kDesh8ifWNxDAAsR/MWomG4MpR+8UXk+3o1S8N0kgzg4Was/qm9ufxo7Amlq\n"
	"DlUZ7gruA3S+tDddtfQ2SsjKErVYPOARwFbDQ4Ai/FTjvE6lBM+pkoEPUam+vTy8\n"
	"l3bwE3Q6gAORIyjkM0mw48xxRQKBgQDKprjHQGBCN2GuZ4LV96mHd44R4NyM5/Vm\n"
	"SSB0PfanXWle9dIMtYaYbUnB/eajpZ/qOe56Fl5QIIdSxIj7qRW8cft0z//8OTps\n"
	"A1pLMGFRaIO41NYTjIbUIiNY591hBf7swLTwpaMvGhZDkRcv1a9wwIXqMStqh38X\n"
	"54UNHXoW2wKBgQCzwHFqb48JJLOlvY2c98X+w9uRXUXTtwPm/osU9TuMrWRUg7DQ\n"
	"MbAJJmeRn55/SAH42TN4oCB55EU6KhEI/bUx7CMT3suBarmV4A7X0Fpsqgf5zvca\n"
	"NqorrxTIGj7y87k6vAYRjea4C4jys62vJTNDQ3/gUoIaJUxqQ85f83PzTQKBgAR3\n"
	"2pkiFT1AhVnYFG1tUYKYIzzHrXU55BJGSH3no9ma2KjsWJ5JHlecCUVKuNwg2b7L\n"
	"WjO87IVtwi4UAUUzPDR0euvfbjB8fopFJKeFwI+P81+O6c1yisKAojDio+HwxOcp\n"
	"dJPdwxRVyenheBZo6r5csFcykFd/91BqnWdln/yDAoGAergFpmd29xUnZgqb0x51\n"
	"sa4nDrIInrqPc0Z2FdBR2gkTaJdWC7ztM8Q98Afr0A7Ot8rY9xq45xkE+EnrLyAT\n"
	"hjJ7iPmEW5+KpOS5fYGRyp2+pOMWH54T5v1dwYe1Xlt0N7fnl/cQjvGBd0yGE9AC\n"
	"/FlUrHeGr24utK8I7egMfxU=\n"
	"-----END PRIVATE KEY-----\n"
;

/* ------------------------------------------------------------ raw ioctls */

int a_info(int fd, struct ncr_info *in)
{
	memset(in, 0, sizeof(*in));
	in->size = sizeof(*in);
	in->alg_info_size = sizeof(struct ncr_alg_info);
	return xioctl(fd, NCRIO_INFO, in);
}

int a_gen(int fd, uint32_t type, uint32_t bits, uint32_t flags,
	  uint32_t usage, uint64_t algs, uint32_t *key)
{
	return key_gen(fd, type, bits, flags, usage, algs, NULL, 0, key);
}

int a_import(int fd, uint32_t type, uint32_t format, uint32_t bits,
	     const void *data, size_t len, uint32_t flags, uint32_t usage,
	     uint64_t algs, uint32_t *key)
{
	return key_import(fd, type, format, bits, data, len, flags, usage,
			  algs, NULL, 0, key);
}

int a_export(int fd, uint32_t key, uint32_t format, void *buf, size_t *len)
{
	return pk_export(fd, key, format, buf, len);
}

int a_genpair(int fd, uint32_t type, uint32_t bits, const void *params,
	      size_t params_len, uint32_t flags, uint32_t usage,
	      uint64_t algs, uint32_t *priv, uint32_t *pub)
{
	return key_genpair(fd, type, bits, 0, params, params_len, flags,
			   usage, 0, algs, 0, NULL, 0, priv, pub);
}

int a_restrict(int fd, uint32_t key, uint32_t clear_flags,
	       uint32_t clear_usage, uint64_t clear_algs)
{
	struct ncr_key_restrict r = {
		.size = sizeof(r), .key = key, .clear_flags = clear_flags,
		.clear_usage = clear_usage, .clear_algs = clear_algs,
	};

	return xioctl(fd, NCRIO_KEY_RESTRICT, &r);
}

int a_trust(int fd, uint32_t key)
{
	struct ncr_key_trust t = { .size = sizeof(t), .key = key };

	return xioctl(fd, NCRIO_KEY_TRUST, &t);
}

int a_del(int fd, uint32_t key)
{
	return key_del(fd, key);
}

int a_keyinfo(int fd, uint32_t key, struct ncr_key_info *ki)
{
	return key_info(fd, key, ki);
}

int a_init(int fd, uint32_t alg, uint32_t op, uint32_t key, const void *iv,
	   size_t iv_len, uint32_t tag_size, uint32_t *ses)
{
	struct ncr_session_init s = {
		.size = sizeof(s), .algorithm = alg, .op = op, .key = key,
		.iv = PTR64(iv), .iv_size = (__u32)iv_len,
		.tag_size = tag_size,
	};
	int r = xioctl(fd, NCRIO_SESSION_INIT, &s);

	if (!r)
		*ses = s.ses;
	return r;
}

int a_init_pk(int fd, uint32_t alg, uint32_t op, uint32_t key,
	      uint32_t hash, uint32_t *ses)
{
	struct ncr_session_init s = {
		.size = sizeof(s), .algorithm = alg, .op = op, .key = key,
		.hash = hash,
	};
	int r = xioctl(fd, NCRIO_SESSION_INIT, &s);

	if (!r)
		*ses = s.ses;
	return r;
}

int a_update(int fd, uint32_t ses, uint32_t flags, uint32_t input_key,
	     const void *in, uint64_t in_len, void *out, size_t *out_len)
{
	struct ncr_session_op u = {
		.size = sizeof(u), .flags = flags, .ses = ses,
		.input_key = input_key, .input = PTR64(in),
		.input_size = in_len, .output = PTR64(out),
		.output_size = out_len ? *out_len : 0,
	};
	int r = xioctl(fd, NCRIO_SESSION_UPDATE, &u);

	if (out_len && (!r || r == -ERANGE))
		*out_len = (size_t)u.output_size;
	return r;
}

int a_final(int fd, uint32_t ses, const void *in, size_t in_len, void *out,
	    size_t *out_len, void *tag, size_t *tag_len, uint32_t *result)
{
	struct ncr_session_op f = {
		.size = sizeof(f), .ses = ses, .input = PTR64(in),
		.input_size = in_len, .output = PTR64(out),
		.output_size = out_len ? *out_len : 0, .tag = PTR64(tag),
		.tag_size = tag_len ? (__u32)*tag_len : 0, .result = 0xdead,
	};
	int r = xioctl(fd, NCRIO_SESSION_FINAL, &f);

	if (!r || r == -ERANGE) {
		if (out_len)
			*out_len = (size_t)f.output_size;
		if (tag_len)
			*tag_len = f.tag_size;
		if (result)
			*result = f.result;
	}
	return r;
}

int a_free(int fd, uint32_t ses)
{
	struct ncr_session_free f = { .size = sizeof(f), .ses = ses };

	return xioctl(fd, NCRIO_SESSION_FREE, &f);
}

int a_crypt(int fd, uint32_t alg, uint32_t op, uint32_t key, const void *iv,
	    size_t iv_len, const void *aad, size_t aad_len, const void *in,
	    size_t len, void *out, size_t *out_len, void *tag,
	    size_t *tag_len)
{
	struct ncr_session_once o = {
		.size = sizeof(o), .algorithm = alg, .op = op, .key = key,
		.iv = PTR64(iv), .iv_size = (__u32)iv_len,
		.input = PTR64(in), .input_size = len, .output = PTR64(out),
		.output_size = out_len ? *out_len : 0, .aad = PTR64(aad),
		.aad_size = aad_len, .tag = PTR64(tag),
		.tag_size = tag_len ? (__u32)*tag_len : 0,
	};
	int r = xioctl(fd, NCRIO_SESSION_ONCE, &o);

	if (!r || r == -ERANGE) {
		if (out_len)
			*out_len = (size_t)o.output_size;
		if (tag_len)
			*tag_len = o.tag_size;
	}
	return r;
}

int a_mac(int fd, uint32_t alg, uint32_t key, uint32_t mac_size,
	  const void *in, size_t len, uint8_t *tag, size_t *tag_len)
{
	struct ncr_session_once o = {
		.size = sizeof(o), .algorithm = alg, .op = NCR_OP_SIGN,
		.key = key, .input = PTR64(in), .input_size = len,
		.tag = PTR64(tag), .tag_size = (__u32)*tag_len,
		.mac_size = mac_size,
	};
	int r = xioctl(fd, NCRIO_SESSION_ONCE, &o);

	if (!r || r == -ERANGE)
		*tag_len = o.tag_size;
	return r;
}

int a_mac_verify(int fd, uint32_t alg, uint32_t key, uint32_t mac_size,
		 const void *in, size_t len, const void *tag, size_t tag_len)
{
	struct ncr_session_once o = {
		.size = sizeof(o), .algorithm = alg, .op = NCR_OP_VERIFY,
		.key = key, .input = PTR64(in), .input_size = len,
		.tag = PTR64(tag), .tag_size = (__u32)tag_len,
		.mac_size = mac_size, .result = 0xdead,
	};
	int r = xioctl(fd, NCRIO_SESSION_ONCE, &o);

	if (r)
		return r;
	if (o.result != NCR_VERIFY_OK && o.result != NCR_VERIFY_FAILED)
		return -EPROTO;
	return (int)o.result;
}

int a_keydata(int fd, uint32_t alg, uint32_t key, uint32_t input_key,
	      uint8_t *out, size_t *out_len)
{
	struct ncr_session_once o = {
		.size = sizeof(o), .algorithm = alg, .op = NCR_OP_SIGN,
		.key = key, .op_flags = NCR_OP_FLAG_KEY_DATA,
		.input_key = input_key, .tag = PTR64(out),
		.tag_size = (__u32)*out_len,
	};
	int r = xioctl(fd, NCRIO_SESSION_ONCE, &o);

	if (!r || r == -ERANGE)
		*out_len = o.tag_size;
	return r;
}

/* ---------------------------------------------------------- conveniences */

long a_mem_available_kb(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[128];
	long kb = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

const char *a_hex(const void *buf, size_t len)
{
	static __thread char s[2 * 64 + 4];
	const uint8_t *p = buf;
	size_t i, n = len > 64 ? 64 : len;

	for (i = 0; i < n; i++)
		snprintf(s + 2 * i, 3, "%02x", p[i]);
	if (n < len)
		strcpy(s + 2 * n, "..");
	else
		s[2 * n] = 0;
	return s;
}

int a_contains(const void *hay, size_t hay_len, const void *needle, size_t n)
{
	if (!hay || !needle || n < 8 || hay_len < n)
		return 0;
	return memmem(hay, hay_len, needle, n) != NULL;
}

int a_reap(pid_t pid, double limit, double *took)
{
	double t0 = now_s();
	int st;

	for (;;) {
		pid_t r = waitpid(pid, &st, WNOHANG);

		if (r == pid) {
			*took = now_s() - t0;
			return st;
		}
		if (r < 0 && errno != EINTR) {
			*took = now_s() - t0;
			return 0;
		}
		if (now_s() - t0 > limit) {
			*took = now_s() - t0;
			return -1;
		}
		usleep(2000);
	}
}

int a_drop_privileges(void)
{
	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	    setresuid(65534, 65534, 65534))
		return -errno;
	return 0;
}

static char *a_dir_path(const char *name)
{
	static __thread char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", A.dir, name);
	return path;
}

int a_dir_write(const char *name, const void *buf, size_t len)
{
	int f = open(a_dir_path(name), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int err = 0;

	if (f < 0)
		return -errno;
	if (write(f, buf, len) != (ssize_t)len)
		err = -EIO;
	fchmod(f, 0644);
	close(f);
	return err;
}

int a_dir_read(const char *name, uint8_t **buf, size_t *len)
{
	uint8_t tmp[NCR_STORAGE_BLOB_MAX + 512];
	int f;
	ssize_t n;

	if (!A.dir)
		return -ENOENT;
	f = open(a_dir_path(name), O_RDONLY);
	if (f < 0)
		return -errno;
	n = read(f, tmp, sizeof(tmp));
	close(f);
	if (n < 0)
		return -EIO;
	*buf = malloc((size_t)n + 1);
	if (!*buf)
		return -ENOMEM;
	memcpy(*buf, tmp, (size_t)n);
	*len = (size_t)n;
	return 0;
}

static int has_cap_sys_admin(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0,
	};
	struct __user_cap_data_struct d[2];

	memset(d, 0, sizeof(d));
	if (syscall(SYS_capget, &h, d))
		return geteuid() == 0;
	return !!(d[CAP_SYS_ADMIN / 32].effective &
		  (1U << (CAP_SYS_ADMIN % 32)));
}

/* ---------------------------------------------------------------- OpenSSL */

static EVP_PKEY *o_pem(const char *pem)
{
	BIO *b = BIO_new_mem_buf(pem, -1);
	EVP_PKEY *k = b ? PEM_read_bio_PrivateKey(b, NULL, NULL, NULL) : NULL;

	BIO_free(b);
	return k;
}

EVP_PKEY *o_rsa_attacker(void)
{
	return o_pem(rsa_attacker_pem);
}

EVP_PKEY *o_rsa_victim(void)
{
	return o_pem(rsa_victim_pem);
}

uint8_t *o_der(EVP_PKEY *k, int priv, size_t *len)
{
	uint8_t *der = NULL, *p;
	int n;

	if (priv) {
		PKCS8_PRIV_KEY_INFO *p8 = EVP_PKEY2PKCS8(k);

		if (!p8)
			return NULL;
		n = i2d_PKCS8_PRIV_KEY_INFO(p8, NULL);
		if (n > 0 && (der = malloc((size_t)n))) {
			p = der;
			i2d_PKCS8_PRIV_KEY_INFO(p8, &p);
		}
		PKCS8_PRIV_KEY_INFO_free(p8);
	} else {
		n = i2d_PUBKEY(k, NULL);
		if (n > 0 && (der = malloc((size_t)n))) {
			p = der;
			i2d_PUBKEY(k, &p);
		}
	}
	if (der)
		*len = (size_t)n;
	return der;
}

EVP_PKEY *o_spki(const uint8_t *der, size_t len)
{
	const uint8_t *p = der;

	return d2i_PUBKEY(NULL, &p, (long)len);
}

int o_oaep(EVP_PKEY *k, int enc, const void *in, size_t len, uint8_t *out,
	   size_t *out_len)
{
	return ref_rsa_crypt(k, enc, NCR_ALG_SHA256, NULL, 0, in, len, out,
			     out_len);
}

int o_kw_unwrap(const uint8_t *kek, size_t kek_len, int pad,
		const uint8_t *in, size_t len, uint8_t *out, size_t *out_len)
{
	char name[32];
	EVP_CIPHER *c;
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n1 = 0, n2 = 0, ok = 0;

	snprintf(name, sizeof(name), "AES-%zu-WRAP%s", kek_len * 8,
		 pad ? "-PAD" : "");
	c = EVP_CIPHER_fetch(NULL, name, NULL);
	if (!c || !ctx)
		goto out;
	EVP_CIPHER_CTX_set_flags(ctx, EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
	if (!EVP_DecryptInit_ex2(ctx, c, kek, NULL, NULL) ||
	    !EVP_DecryptUpdate(ctx, out, &n1, in, (int)len) ||
	    !EVP_DecryptFinal_ex(ctx, out + n1, &n2))
		goto out;
	*out_len = (size_t)(n1 + n2);
	ok = 1;
out:
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(c);
	return ok ? 0 : -1;
}

int o_aes_block(const uint8_t *key, size_t key_len, int enc,
		const uint8_t in[16], uint8_t out[16])
{
	return ref_cipher(NCR_ALG_AES_ECB, enc, key, key_len, NULL, in, 16,
			  out);
}

uint8_t *o_bn_param(EVP_PKEY *k, const char *name, size_t *len)
{
	BIGNUM *bn = NULL;
	uint8_t *out = NULL;

	if (!EVP_PKEY_get_bn_param(k, name, &bn) || !bn)
		return NULL;
	*len = (size_t)BN_num_bytes(bn);
	out = malloc(*len ? *len : 1);
	if (out)
		BN_bn2bin(bn, out);
	BN_clear_free(bn);
	return out;
}

int a_victim_is(int fd, uint32_t victim, const uint8_t *cand,
		size_t cand_len)
{
	static const uint8_t probe[16] = "ncr-attack-probe";
	uint8_t got[16], want[16];
	size_t n = sizeof(got);

	if (cand_len != 16 && cand_len != 24 && cand_len != 32)
		return 0;
	if (a_crypt(fd, NCR_ALG_AES_ECB, NCR_OP_ENCRYPT, victim, NULL, 0,
		    NULL, 0, probe, 16, got, &n, NULL, NULL))
		return -1;
	if (o_aes_block(cand, cand_len, 1, probe, want))
		return -1;
	return !memcmp(got, want, 16);
}

/* ------------------------------------------------------------------ setup */

/* Generates and seals one key; writes NAME.blob and NAME.info. */
static void seal_one(const char *name, uint32_t type, uint32_t bits,
		     uint32_t flags, uint32_t usage, uint64_t algs)
{
	uint8_t blob[NCR_STORAGE_BLOB_MAX];
	struct ncr_key_info ki;
	char file[64];
	size_t n = sizeof(blob);
	uint32_t k;
	int r;

	r = key_gen(A.fd, type, bits, flags, usage, algs, name, strlen(name),
		    &k);
	if (!r) {
		r = key_store(A.fd, k, blob, &n);
		a_keyinfo(A.fd, k, &ki);
		a_del(A.fd, k);
	}
	if (!r) {
		snprintf(file, sizeof(file), "%s.blob", name);
		r = a_dir_write(file, blob, n);
	}
	if (!r) {
		snprintf(file, sizeof(file), "%s.info", name);
		r = a_dir_write(file, &ki, sizeof(ki));
	}
	tap_err(r, 0, "S.blob-%s - root seals a key with flags %#x usage %#x "
		"algs %#llx into %s/%s.blob", name, flags, usage,
		(unsigned long long)algs, A.dir, name);
}

static void probe_master(void)
{
	uint8_t blob[NCR_STORAGE_BLOB_MAX];
	size_t n = sizeof(blob);
	uint32_t k;

	A.master_set = 0;
	if (a_gen(A.fd, NCR_KEY_TYPE_AES, 128, NCR_KEY_FLAG_STORABLE,
		  NCR_KEY_USAGE_ENCRYPT, 0, &k))
		return;
	A.master_set = key_store(A.fd, k, blob, &n) == 0;
	a_del(A.fd, k);
}

void t_setup(const char *dir, const char *hex)
{
	uint32_t k;
	int r;

	mkdir(dir, 0755);
	r = chmod(dir, 0755) ? -errno : 0;
	tap_err(r, 0, "S.dir - setup folder %s readable by everyone", dir);
	A.dir = dir;
	probe_master();
	if (!A.master_set) {
		uint8_t mk[32];
		struct ncr_master_key m = {
			.size = sizeof(m), .key = PTR64(mk), .key_size = 32,
		};
		size_t len = 0;
		uint8_t *h = hex ? hex_decode(hex, &len) : NULL;

		if (h && len == 32)
			memcpy(mk, h, 32);
		else
			rng_fill(&A.rng, mk, sizeof(mk));
		free(h);
		r = xioctl(A.fd, NCRIO_MASTER_KEY_SET, &m);
		memset(mk, 0, sizeof(mk));
		probe_master();
		tap_ok(!r && A.master_set, "S.master - root sets the master "
		       "key (%s), storage wrap works", hex ? "--master-key-hex"
		       : "random");
	} else {
		tap_ok(1, "S.master - the master key was set earlier in this "
		       "boot");
	}
	if (A.master_set) {
		const uint64_t ecb_gcm = NCR_KEY_ALG_AES_ECB |
					 NCR_KEY_ALG_AES_GCM;

		seal_one("a1-storable", NCR_KEY_TYPE_AES, 128,
			 NCR_KEY_FLAG_STORABLE, NCR_KEY_USAGE_ENCRYPT, ecb_gcm);
		seal_one("a1-storwrap", NCR_KEY_TYPE_AES, 128,
			 NCR_KEY_FLAG_STORABLE | NCR_KEY_FLAG_WRAPPABLE,
			 NCR_KEY_USAGE_ENCRYPT, ecb_gcm);
		seal_one("trusted-kek", NCR_KEY_TYPE_AES, 256,
			 NCR_KEY_FLAG_TRUSTED | NCR_KEY_FLAG_STORABLE,
			 NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP,
			 NCR_KEY_ALG_AES_KW | NCR_KEY_ALG_AES_KWP);
		/* a TRUSTED key that may itself leave wrapped: if root can
		 * make one, the unprivileged run tries A1.31 with it */
		r = a_gen(A.fd, NCR_KEY_TYPE_AES, 256, NCR_KEY_FLAG_TRUSTED |
			  NCR_KEY_FLAG_WRAPPABLE | NCR_KEY_FLAG_STORABLE,
			  NCR_KEY_USAGE_WRAP | NCR_KEY_USAGE_UNWRAP,
			  NCR_KEY_ALG_AES_KW, &k);
		if (!r) {
			a_del(A.fd, k);
			seal_one("trusted-wrappable", NCR_KEY_TYPE_AES, 256,
				 NCR_KEY_FLAG_TRUSTED | NCR_KEY_FLAG_WRAPPABLE |
				 NCR_KEY_FLAG_STORABLE, NCR_KEY_USAGE_WRAP |
				 NCR_KEY_USAGE_UNWRAP, NCR_KEY_ALG_AES_KW);
		} else {
			tap_ok(r == -EINVAL, "S.blob-trusted-wrappable - root "
			       "cannot make a TRUSTED key WRAPPABLE (%s): "
			       "nothing to seal", errname(r));
		}
	}
	t_master_root();
	t_trusted_root();
	t_a4_root();
	t_a13b_root();
}

/* ------------------------------------------------------------------- main */

static int only(const char *part)
{
	const char *o = getenv("NCR_ATTACK_ONLY");
	char buf[256], *tok, *save;

	if (!o || !*o)
		return 1;
	snprintf(buf, sizeof(buf), "%s", o);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save))
		if (!strcmp(tok, part))
			return 1;
	return 0;
}

static void run_part(const char *name, void (*fn)(void))
{
	double t;

	if (!only(name))
		return;
	t = now_s();
	fn();
	tap_diag("time %s: %.1f s", name, now_s() - t);
}

static void rm_dir(const char *dir)
{
	static const char *const names[] = {
		"a1-storable.blob", "a1-storable.info", "a1-storwrap.blob",
		"a1-storwrap.info", "trusted-kek.blob", "trusted-kek.info",
		"trusted-wrappable.blob", "trusted-wrappable.info",
	};
	char path[PATH_MAX];

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

static void usage_exit(void)
{
	fprintf(stderr, "usage: attacks --setup DIR [--master-key-hex HEX64]"
		"\n       attacks [DIR]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *setup = NULL, *hex = NULL, *dir = NULL, *env;
	int i;

	tap_init();
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--setup") && i + 1 < argc)
			setup = argv[++i];
		else if (!strcmp(argv[i], "--master-key-hex") && i + 1 < argc)
			hex = argv[++i];
		else if (argv[i][0] != '-' && !dir)
			dir = argv[i];
		else
			usage_exit();
	}
	env = getenv("NCR_ATTACK_SECONDS");
	A.seconds = env && atoi(env) > 0 ? (unsigned int)atoi(env) : 3;
	env = getenv("NCR_ATTACK_ED_MB");
	A.ed_mb = env && atoi(env) > 0 ? (unsigned int)atoi(env) : 255;
	A.rng.s = test_seed();
	A.root = has_cap_sys_admin();
	signal(SIGPIPE, SIG_IGN);
	A.fd = dev_open_or_skip_all(dev_open);

	if (setup) {
		if (!A.root) {
			tap_ok(0, "S.root - --setup needs CAP_SYS_ADMIN");
			return tap_finish("attacks --setup");
		}
		t_setup(setup, hex);
		return tap_finish("attacks --setup");
	}
	if (A.root) {
		/* both runs: the setup here, the attacks as 65534 */
		char tmpl[] = "/tmp/ncr-attacks.XXXXXX";
		char self[PATH_MAX];
		ssize_t sl = readlink("/proc/self/exe", self, sizeof(self) - 1);
		int made = 0, st = 0;
		pid_t pid;

		if (!dir) {
			dir = mkdtemp(tmpl);
			made = dir != NULL;
			if (!dir) {
				tap_ok(0, "S.dir - mkdtemp: %s",
				       errname(errno));
				return tap_finish("attacks");
			}
			t_setup(dir, hex);
		}
		if (sl <= 0) {
			tap_ok(0, "S.exec - readlink /proc/self/exe");
			return tap_finish("attacks");
		}
		self[sl] = 0;
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			close(A.fd);
			if (a_drop_privileges())
				_exit(3);
			execl(self, self, dir, (char *)NULL);
			_exit(4);
		}
		if (pid > 0)
			waitpid(pid, &st, 0);
		tap_ok(pid > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
		       "S.run - the attack run as uid 65534 passed (status "
		       "%#x)", st);
		if (made)
			rm_dir(dir);
		return tap_finish("attacks (root part)");
	}

	A.dir = dir;
	tap_diag("uid %d, setup folder %s, races %u s", (int)getuid(),
		 dir ? dir : "(none: root-made objects skipped)", A.seconds);
	probe_master();
	run_part("p", t_trusted);
	run_part("p", t_restrict);
	run_part("a1", t_a1);
	run_part("a2", t_a2);
	run_part("a3", t_a3);
	run_part("a7", t_a7);
	run_part("a13", t_a13cd);
	run_part("p", t_algset);
	run_part("p", t_no_reveal);
	run_part("bsd", t_bsd);
	run_part("batch", t_batch);
	run_part("mk", t_master);
	run_part("a10", t_a10);
	run_part("a12", t_a12);
	run_part("a5", t_a5);
	run_part("a9", t_a9);
	run_part("a8", t_a8);
	run_part("a11", t_a11);
	run_part("a13", t_a13a);
	run_part("a13", t_a13b);
	run_part("a6", t_a6);
	run_part("a4", t_a4);
	return tap_finish("attacks");
}
