#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/vm-packages.sh - the Debian packages on a fresh root, in the VM.
# TAP.  Run by make check (tests/run-all.sh) on one kernel, by make
# check-deb on both:
#
#   tools/ncr-vm --kernel 6.12 --no-module --mem 2048 -- tests/vm-packages.sh [DEBDIR]
#
# DEBDIR (default build/deb, made by `make deb`) holds the .debs.  In the
# guest, a fresh root is an overlay whose lower layer is the host's root
# as ncr-vm shows it (read-only) and whose upper layer is a tmpfs; the
# repository is hidden under an empty tmpfs in it, so nothing below comes
# from the source tree.  In a chroot there:
#   - dpkg -i the packages; ncr-dkms's postinst has DKMS build and install
#     ncr.ko for the running kernel (timed; /boot shows only that kernel,
#     as on a one-kernel machine, so that it is the only build);
#   - modprobe ncr: /dev/crypto has the number of
#     /sys/class/misc/crypto/dev, `kmod static-nodes` lists no crypto node
#     (no devname alias), the mode comes from the udev rule (systemd-udevd
#     running in the chroot; an /etc/udev/rules.d override wins), the
#     dev_mode option of /etc/modprobe.d applies before udev;
#   - after rmmod, systemd-modules-load (what boot runs) loads it again;
#   - the installed ncrtool (linked to the installed libncr.so.1) sets a
#     master key, generates keys, encrypts/decrypts, signs/verifies, saves
#     a key as a blob and loads it; a program built with the installed
#     headers and pkg-config file runs;
#   - dpkg --purge removes the module and the DKMS tree.
set -u
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
debdir=$(cd "${1:-$top/build/deb}" 2>/dev/null && pwd) || {
	echo "1..0 # SKIP no package directory ${1:-build/deb} (make deb)"
	exit 0
}

n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
t() { # t NAME CMD...
	local name=$1
	shift
	if "$@"; then ok "$name"; else notok "$name"; fi
}
bail() { echo "Bail out! $*"; echo "1..$n"; exit 1; }

[ "$(id -u)" = 0 ] || bail "must run as root in the VM (tools/ncr-vm without --user)"
[ "${NCR_VM:-0}" = 1 ] || bail "only inside tools/ncr-vm (it changes the root it runs in)"
[ ! -e /sys/module/ncr ] || bail "ncr is loaded already: run ncr-vm with --no-module"

shopt -s nullglob
debs=()
for d in "$debdir"/*.deb; do
	case ${d##*/} in *-dbgsym_*) continue ;; esac
	debs+=("$d")
done
shopt -u nullglob
[ ${#debs[@]} -ge 4 ] || bail "no packages in $debdir (make deb)"

# ------------------------------------------------------------ the fresh root
R=/run/pkgroot
mkdir -p $R
mount -t tmpfs -o size=1536m,mode=0755 tmpfs $R || bail "tmpfs for the overlay"
mkdir -p $R/upper $R/work $R/root
modprobe overlay 2>/dev/null
mount -t overlay overlay -o lowerdir=/,upperdir=$R/upper,workdir=$R/work $R/root ||
	bail "overlayfs over the host root"
for m in proc sys dev; do mount --rbind /$m $R/root/$m || bail "bind /$m"; done
mount -t tmpfs -o mode=1777 tmpfs $R/root/tmp
mount -t tmpfs -o mode=0755 tmpfs $R/root/run
mkdir -p $R/root/var/cache/ncr-debs
cp "${debs[@]}" $R/root/var/cache/ncr-debs/ || bail "copy the packages"
# the checkout and anything else under it: an empty directory from now on
if [ -d "$R/root$top" ]; then
	mount -t tmpfs -o mode=0755,size=1m tmpfs "$R/root$top" || bail "hide $top"
fi
# A machine with one kernel, the running one: dkms's postinst builds for
# the running kernel and for the newest of /boot/config-* when that is
# another one (the host root has the -rt and other kernels too: a second
# build of many minutes under TCG, testing nothing more).
mount -t tmpfs -o mode=0755 tmpfs $R/root/boot || bail "tmpfs /boot"
cp /boot/config-"$(uname -r)" $R/root/boot/ 2>/dev/null
# no man-db index rebuild in the triggers (minutes under TCG)
rm -f $R/root/var/lib/man-db/auto-update
# (SYSTEMD_IGNORE_CHROOT: udevadm and systemd-udevd refuse to act in a
# chroot otherwise)
in_root() { chroot $R/root /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	HOME=/root LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
	SYSTEMD_IGNORE_CHROOT=1 "$@"; }
krel=$(uname -r)
wait_for_pid() { # wait_for_pid PID SECS: 0 once PID has ended, 1 after SECS
	local i
	for ((i = 0; i < $2; i++)); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 1
	done
	return 1
}

fresh() {
	in_root sh -c "! dpkg -s ncr-dkms >/dev/null 2>&1 && ! command -v ncrtool >/dev/null &&
		! find /lib/modules/$krel -name 'ncr.ko*' | grep -q . && [ ! -e $top/Makefile ]"
}
t "fresh root: no ncr package, no ncrtool, no ncr.ko for $krel, no checkout" fresh

# ------------------------------------------------------------ install
t0=$(date +%s)
# (a progress line a minute: the DKMS build takes minutes under TCG)
in_root sh -c 'dpkg -i /var/cache/ncr-debs/*.deb' >$R/dpkg.log 2>&1 &
dpkg_pid=$!
while ! wait_for_pid "$dpkg_pid" 60; do
	echo "# $(($(date +%s) - t0)) s: $(tail -n 1 $R/dpkg.log)" \
		"$(find $R/root/var/lib/dkms/ncr -name '*.o' 2>/dev/null | wc -l) objects built"
done
wait "$dpkg_pid"
dpkg_rc=$?
if [ "$dpkg_rc" = 0 ]; then
	ok "dpkg -i ${debs[*]##*/} ($(($(date +%s) - t0)) s, DKMS build included)"
else
	notok "dpkg -i the packages"
	sed 's/^/# /' $R/dpkg.log | tail -40
	cat $R/root/var/lib/dkms/ncr/*/build/make.log 2>/dev/null | tail -30 | sed 's/^/# /'
	bail "packages not installed"
fi
grep -E '^(Building|Running|Installing|Signing|depmod|Error)' $R/dpkg.log | sed 's/^/# /' | head -20
dkms_st=$(in_root dkms status ncr 2>/dev/null)
sed 's/^/# dkms status: /' <<<"$dkms_st"
installed_for() { # (fixed strings: a release has "+" in it)
	grep -F "ncr/" <<<"$dkms_st" | grep -F ", $krel," | grep -qF ": installed"
}
t "dkms status: ncr installed for $krel" installed_for
ko=$(in_root modinfo -n ncr 2>/dev/null)
dkms_ko() { case $ko in "/lib/modules/$krel/updates/dkms/ncr.ko"*) ;; *) return 1 ;; esac; }
t "modinfo ncr: the DKMS build (${ko:-none})" dkms_ko
ver=$(in_root modinfo -F version ncr 2>/dev/null)
t "module version ($ver) is the package's ($(cat $R/root/usr/src/ncr-*/VERSION 2>/dev/null))" \
	test -n "$ver" -a "$ver" = "$(cat $R/root/usr/src/ncr-*/VERSION 2>/dev/null)"
t "installed: udev rule, modules-load.d, modprobe.d example" \
	test -f $R/root/usr/lib/udev/rules.d/60-ncr.rules -a \
	-f $R/root/usr/lib/modules-load.d/ncr.conf -a -f $R/root/etc/modprobe.d/ncr.conf
linked() { # (merged /usr: ldconfig may name /lib/<triplet> or /usr/lib/<triplet>)
	local needed cache
	needed=$(in_root readelf -d /usr/bin/ncrtool 2>&1)
	cache=$(in_root ldconfig -p 2>&1)
	grep 'libncr' <<<"$cache" | sed 's/^/# ldconfig -p:/'
	grep -q 'NEEDED.*\[libncr\.so\.1\]' <<<"$needed" &&
		grep -Eq 'libncr\.so\.1 .*=> (/usr)?/lib/[^ ]*libncr\.so\.1$' <<<"$cache" &&
		test -e $R/root/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)/libncr.so.1
}
t "ncrtool is /usr/bin/ncrtool, linked to the installed libncr.so.1" linked

# ------------------------------------------------------------ the node
node_ok() { # node_ok: /dev/crypto is a char device with the misc device's number
	local want have
	read -r want </sys/class/misc/crypto/dev 2>/dev/null || return 1
	[ -c /dev/crypto ] || return 1
	have=$((0x$(stat -c %t /dev/crypto))):$((0x$(stat -c %T /dev/crypto)))
	echo "# /dev/crypto $have, /sys/class/misc/crypto/dev $want"
	[ "$have" = "$want" ]
}
wait_node() { local i; for ((i = 0; i < 100; i++)); do [ -c /dev/crypto ] && return 0; sleep 0.05; done; return 1; }
mode_is() { # mode_is MODE [GROUP]
	local m g
	m=$(stat -c %a /dev/crypto) g=$(stat -c %G /dev/crypto)
	echo "# /dev/crypto mode $m group $g"
	[ "$m" = "$1" ] && { [ -z "${2:-}" ] || [ "$g" = "$2" ]; }
}

t "modprobe ncr" in_root modprobe ncr
wait_node
t "/dev/crypto has the number of /sys/class/misc/crypto/dev" node_ok
sn=$(in_root kmod static-nodes --format=tmpfiles 2>&1)
t "kmod static-nodes lists no crypto node (no devname alias)" \
	test -z "$(grep -w crypto <<<"$sn")"
grep -w crypto <<<"$sn" | sed 's/^/# /'
t "modinfo: no devname/char-major alias" \
	test -z "$(in_root modinfo -F alias ncr | grep -E 'devname|char-major')"

# udev in the chroot: the shipped rule, then an admin's override
udevd=
for u in /lib/systemd/systemd-udevd /usr/lib/systemd/systemd-udevd; do
	[ -x $R/root$u ] && udevd=$u && break
done
trigger() {
	in_root udevadm trigger --action="${1:-change}" --subsystem-match=misc --sysname-match=crypto &&
		in_root udevadm settle --timeout=30
}
if [ -n "$udevd" ] && in_root $udevd --daemon 2>$R/udevd.log; then
	in_root udevadm settle --timeout=30
	chmod 0600 /dev/crypto # so that the rule's 0666 shows
	trigger add
	t "udev: the shipped rule gives 0666" mode_is 666
	mkdir -p $R/root/etc/udev/rules.d
	echo 'KERNEL=="crypto", SUBSYSTEM=="misc", MODE="0660", GROUP="disk"' \
		>$R/root/etc/udev/rules.d/60-ncr.rules
	in_root udevadm control --reload
	trigger
	t "udev: /etc/udev/rules.d/60-ncr.rules overrides (0660, group disk)" mode_is 660 disk
	rm -f $R/root/etc/udev/rules.d/60-ncr.rules
	in_root udevadm control --reload
	trigger
	t "udev: without the override, the shipped rule again (0666)" mode_is 666
	in_root udevadm control --exit
	sleep 0.3
else
	notok "systemd-udevd runs in the chroot"
	sed 's/^/# /' $R/udevd.log
	t "udevadm test: the shipped rule sets MODE 0666" grep -qE '60-ncr.rules.*MODE' \
		<<<"$(in_root udevadm test /sys/class/misc/crypto 2>&1)"
fi

# dev_mode from /etc/modprobe.d (no udev running now): the mode from the start
if in_root modinfo -F parm ncr | grep -q '^dev_mode:'; then
	cp $R/root/etc/modprobe.d/ncr.conf $R/modprobe.save
	echo 'options ncr dev_mode=0600' >>$R/root/etc/modprobe.d/ncr.conf
	in_root modprobe -r ncr
	t "modprobe ncr with options ncr dev_mode=0600" in_root modprobe ncr
	wait_node
	m600() { mode_is 600 && node_ok; }
	t "devtmpfs made /dev/crypto 0600 (dev_mode), right number" m600
	cp $R/modprobe.save $R/root/etc/modprobe.d/ncr.conf
else
	notok "module parameter dev_mode exists"
fi

# what boot does: systemd-modules-load reads /usr/lib/modules-load.d/ncr.conf
in_root modprobe -r ncr
gone() { [ ! -e /sys/module/ncr ] && [ ! -e /dev/crypto ]; }
t "after modprobe -r: no /sys/module/ncr, no /dev/crypto" gone
mlo=
for u in /lib/systemd/systemd-modules-load /usr/lib/systemd/systemd-modules-load; do
	[ -x $R/root$u ] && mlo=$u && break
done
if [ -n "$mlo" ]; then
	t "systemd-modules-load loads ncr (modules-load.d/ncr.conf)" in_root $mlo
else
	notok "systemd-modules-load found"
	in_root modprobe ncr
fi
wait_node
back() { node_ok && mode_is 666; }
t "/dev/crypto right again, mode 0666 (dev_mode default)" back

# ------------------------------------------------------------ the demo
W=$R/root/tmp/demo
mkdir -p $W
tool() { # tool ARGS...: the installed ncrtool, in /tmp/demo of the root
	in_root sh -c 'cd /tmp/demo && exec ncrtool "$@"' ncrtool "$@"
}
t "ncrtool info" tool info
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >$W/mk.hex
t "ncrtool master-key set" tool master-key set --hex "$(cat $W/mk.hex)"
{ echo "Quarterly numbers - do not distribute."; seq 1 3000; } >$W/secret.txt
t "ncrtool key generate (aes-256, blob)" tool key generate --type aes --bits 256 --out aes.key
t "ncrtool encrypt --alg aes-256-gcm" tool encrypt --key aes.key --alg aes-256-gcm \
	--in secret.txt --out secret.enc
roundtrip() {
	tool decrypt --key aes.key --alg aes-256-gcm --in secret.enc --out secret.dec &&
		cmp -s $W/secret.txt $W/secret.dec
}
t "ncrtool decrypt: the same bytes" roundtrip
t "ncrtool key generate (ec-p256, public key out)" tool key generate --alg ec-p256 \
	--out ec.key --pub-out ec.pub.pem --pem
t "ncrtool sign --alg ecdsa" tool sign --key ec.key --alg ecdsa secret.txt -o secret.sig
t "ncrtool verify with the public key file" tool verify --key ec.pub.pem --alg ecdsa \
	--sig secret.sig secret.txt
t "openssl verifies the signature with the exported public key" \
	in_root openssl dgst -sha256 -verify /tmp/demo/ec.pub.pem -signature /tmp/demo/secret.sig /tmp/demo/secret.txt

# the development package: a program built with the installed header and .pc
cat >$W/p.c <<'EOF'
#include <stdio.h>
#include <ncr/libncr.h>
int main(void)
{
	struct ncr_info info;
	int fd = ncr_open();

	if (fd < 0 || ncr_get_info(fd, &info, NULL, NULL) < 0)
		return 1;
	printf("ABI version %u, module %s\n", (unsigned)info.version,
	       info.module_version);
	ncr_close(fd);
	return 0;
}
EOF
t "a program built against libncr-dev (pkg-config libncr) runs" in_root sh -c \
	'cd /tmp/demo && cc -Wall -Werror -o p p.c $(pkg-config --cflags --libs libncr) && ./p'

# ------------------------------------------------------------ removal
in_root modprobe -r ncr
if in_root dpkg --purge ncr-pkcs11 ncrtool libncr-dev libncr1 ncr-dkms >$R/purge.log 2>&1; then
	ok "dpkg --purge every package"
else
	notok "dpkg --purge every package"
	sed 's/^/# /' $R/purge.log | tail -20
fi
purged() {
	[ -z "$(find $R/root/lib/modules/$krel -name 'ncr.ko*')" ] &&
		! ls -d $R/root/usr/src/ncr-* 2>/dev/null && [ ! -e $R/root/var/lib/dkms/ncr ] &&
		[ ! -e $R/root/usr/lib/udev/rules.d/60-ncr.rules ] &&
		[ ! -e $R/root/etc/modprobe.d/ncr.conf ] && [ ! -e $R/root/usr/bin/ncrtool ]
}
t "purged: no ncr.ko, no /usr/src/ncr-*, no DKMS entry, no udev rule, no ncrtool" purged

umount -R $R/root 2>/dev/null
echo "1..$n"
[ "$fails" -eq 0 ]
