#!/bin/sh
# package.sh STEP OUT: the Debian packages, a step at a time, in OUT.
#   build    dpkg-buildpackage on a copy of the tree: bti-dkms, btictl,
#            btiprovd
#   lintian  no error
#   install  into a clean Debian 12 (debootstrap, minbase; the pristine
#            tree is cached) with linux-headers-amd64, so that DKMS builds
#            the modules there; then what each package put in place
#   purge    and gone again, modules and all
# As root: debootstrap and chroot need it.
set -eu

step=$1 out=$2
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${BTI_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/bti}
mirror=${BTI_DEBIAN_MIRROR:-http://deb.debian.org/debian}
root=$out/root

in_root() {
	chroot "$root" env DEBIAN_FRONTEND=noninteractive LC_ALL=C "$@"
}

# the host's /dev is bound into the tree: never remove through it, even
# where a killed run left it mounted
unmount() {
	for m in "$root/dev" "$root/proc"; do
		! mountpoint -q "$m" || umount "$m"
	done
}

mounted() {
	mount -t proc proc "$root/proc"
	mount --bind /dev "$root/dev"
	trap unmount EXIT
	trap 'unmount; exit 1' INT TERM
}

case $step in
build)
	unmount
	rm -rf --one-file-system "$out"
	mkdir -p "$out/src"
	# the sources, not what a build left beside them
	(cd "$top" && git ls-files --cached --others --exclude-standard \
		Kbuild dkms.conf debian driver uapi helper server |
		cpio -pdm --quiet "$out/src")
	cd "$out/src"
	dpkg-buildpackage -us -uc -b
	ls ../*.deb
	;;
lintian)
	lintian --fail-on error --tag-display-limit 0 "$out"/*.changes
	;;
install)
	base=$cache/debootstrap-bookworm.tar
	if [ ! -f "$base" ]; then
		rm -rf "$out/base"
		debootstrap --variant=minbase bookworm "$out/base" "$mirror"
		tar -C "$out/base" -cf "$base.tmp" .
		mv "$base.tmp" "$base"
		rm -rf "$out/base"
	fi
	unmount
	rm -rf --one-file-system "$root"
	mkdir -p "$root"
	tar -C "$root" -xf "$base"
	cp /etc/resolv.conf "$root/etc/" 2> /dev/null || true
	debs=$(cd "$out" && ls bti-dkms_*.deb btictl_*.deb btiprovd_*.deb)
	(cd "$out" && cp $debs "$root/tmp/")
	mounted
	in_root apt-get update -qq
	# shellcheck disable=SC2086
	in_root apt-get install -y -qq --no-install-recommends \
		linux-headers-amd64 $(printf '/tmp/%s ' $debs)
	kver=$(ls "$root/lib/modules")
	in_root dkms status
	for m in bti bti_si3210 bti_sim; do
		ls "$root/lib/modules/$kver/updates/dkms/$m.ko"*
	done
	in_root modinfo -k "$kver" bti | grep -q '^license: *GPL'
	in_root btictl --help 2>&1 | grep -q usage
	in_root btiprov 2>&1 | grep -q usage
	in_root id btiprovd
	[ "$(in_root stat -c '%U:%G %a' /etc/btiprovd/btiprovd.conf)" = \
	  "root:btiprovd 640" ]
	[ "$(in_root stat -c '%U %a' /etc/btiprovd/kek)" = "btiprovd 600" ]
	for f in usr/lib/systemd/system/btiprovd.service \
		 usr/share/man/man8/btiprovd.8.gz usr/share/man/man8/btictl.8.gz \
		 usr/share/man/man1/btiprov.1.gz \
		 usr/share/btiprovd/prompts/ask-pin.ul; do
		[ -f "$root/$f" ] || [ -f "$root/${f#usr/}" ] ||
			{ echo "missing: $f"; exit 1; }
	done
	;;
purge)
	mounted
	in_root apt-get purge -y -qq bti-dkms btictl btiprovd
	kver=$(ls "$root/lib/modules")
	! ls "$root/lib/modules/$kver/updates/dkms/bti"* 2> /dev/null
	[ ! -e "$root/usr/src/bti-"* ] && [ ! -e "$root/etc/btiprovd" ] &&
		[ ! -e "$root/usr/sbin/btictl" ]
	;;
esac
