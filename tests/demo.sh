#!/bin/sh
# make demo: boot Debian's own kernel in QEMU with bti and the simulated
# telephone, and show the line at work.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/demo
rm -rf "$out"
mkdir -p "$out"

"$top/tests/deps.sh"
deb=$("$top/tests/vm/debian-kernel.sh" 2>/dev/null)
kdir=$(ls -d /usr/src/linux-headers-*-amd64 | sort -V | tail -n 1)
echo "demo: building the modules for $(basename "$kdir") and btictl"
mkdir -p "$out/kmod"
cp -r "$top/Kbuild" "$top/driver" "$top/uapi" "$out/kmod/"
make -s -C "$kdir" M="$out/kmod" modules > "$out/build.log" 2>&1 ||
	{ cat "$out/build.log"; exit 1; }
make -s -C "$top/helper" btictl

"$top/tests/vm/debian-modtree.sh" "$deb" "$out/modules" "$out"/kmod/bti*.ko
MODTREE=$out/modules "$top/tests/vm/initramfs.sh" "$out/demo.cpio.gz" \
	"$top/tests/vm/guest/demo.sh"
echo "demo: booting $(basename "$(ls "$deb"/root/boot/vmlinuz-*)") in QEMU (software emulation, a minute or two)"
BTI_VM_APPEND="quiet loglevel=3" "$top/tests/vm/boot.sh" \
	"$(ls "$deb"/root/boot/vmlinuz-*)" "$out/demo.cpio.gz" "$out/console.log" ||
	{ echo "demo: the VM did not finish; see $out/console.log"; exit 1; }
sed -n '/^DEMO-BEGIN/,/^DEMO-END/p' "$out/console.log" | tr -d '\r' |
	grep -v '^DEMO-'
