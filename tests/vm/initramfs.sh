#!/bin/sh
# initramfs.sh OUT GUEST_SCRIPT FILE...
# With MODTREE set, its lib/modules joins the image for modprobe.
# Build a gzip'd cpio with busybox, btictl ($BTICTL, or helper/btictl),
# session-replay, srtp-peer and nl-fuzz if $SESSION_REPLAY, $SRTP_PEER and
# $NL_FUZZ name them,
# setpriv and keyctl with their libraries,
# the guest scripts as /init and /lib.sh, each FILE under /ko, and each of
# $ETC_FILES under /etc/bti.
set -eu

out=$1 guest=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
chmod 755 "$root"

mkdir -p "$root/bin" "$root/usr/bin" "$root/ko" "$root/proc" "$root/sys" "$root/dev" \
	 "$root/tmp" "$root/etc"
cp /bin/busybox "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
mkdir -p "$root/sbin"
ln -s ../bin/busybox "$root/sbin/modprobe"
[ -z "${MODTREE:-}" ] || cp -r "$MODTREE/lib" "$root/"
# add_libs FILE: the libraries FILE loads
add_libs() {
	ldd "$1" | grep -o '/[^ ]*' | while read -r lib; do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}

# add_program SOURCE NAME: a program and the libraries it loads; NSS loads
# its crypto modules by name, which ldd cannot see
add_program() {
	cp "$1" "$root/usr/bin/$2"
	add_libs "$1"
	if ldd "$1" | grep -q libnss3; then
		nss=$(dirname "$(ldd "$1" | grep -o '/[^ ]*libnss3[^ ]*')")
		mkdir -p "$root$nss"
		for m in "$nss"/libsoftokn3.so "$nss"/libfreebl*.so \
			 "$nss"/libnssdbm3.so "$nss"/nss/*.so; do
			[ -e "$m" ] || continue
			mkdir -p "$root$(dirname "$m")"
			cp -L "$m" "$root$m"
			add_libs "$m"
		done
	fi
}
add_program "${BTICTL:-$here/../../helper/btictl}" btictl
[ -z "${SESSION_REPLAY:-}" ] || add_program "$SESSION_REPLAY" session-replay
[ -z "${SRTP_PEER:-}" ] || add_program "$SRTP_PEER" srtp-peer
[ -z "${NL_FUZZ:-}" ] || add_program "$NL_FUZZ" nl-fuzz
add_program /usr/bin/setpriv setpriv
add_program /usr/bin/keyctl keyctl
for f in "$@"; do
	cp "$f" "$root/ko/"
done
mkdir -p "$root/etc/bti"
for f in ${ETC_FILES:-}; do
	cp "$f" "$root/etc/bti/"
done
cp "$here/guest/lib.sh" "$root/lib.sh"
cp "$guest" "$root/init"
chmod +x "$root/init"
echo 'root:x:0:0::/:/bin/sh' > "$root/etc/passwd"
(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 > "$out"
