#!/bin/sh
# initramfs.sh OUT GUEST_SCRIPT FILE...
# Build a gzip'd cpio with busybox, btictl and setpriv with their libraries,
# the guest scripts as /init and /lib.sh, and each FILE under /ko.
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
for prog in "$here/../../helper/btictl" /usr/bin/setpriv; do
	cp "$prog" "$root/usr/bin/"
	ldd "$prog" | grep -o '/[^ ]*' | while read -r lib; do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
done
for f in "$@"; do
	cp "$f" "$root/ko/"
done
cp "$here/guest/lib.sh" "$root/lib.sh"
cp "$guest" "$root/init"
chmod +x "$root/init"
echo 'root:x:0:0::/:/bin/sh' > "$root/etc/passwd"
(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 > "$out"
