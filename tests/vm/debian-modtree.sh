#!/bin/sh
# debian-modtree.sh DEBIAN_DIR OUT KO...
# A /lib/modules tree for Debian's own kernel: the kernel's crypto, configfs
# and virtio network modules, bti's modules as extra/, and depmod's
# indexes, so that
# modprobe in the guest resolves what bti needs as the kernel asks for it.
set -eu

deb=$1 out=$2
shift 2
src=$(ls -d "$deb"/root/lib/modules/*)
kver=$(basename "$src")
dst=$out/lib/modules/$kver
rm -rf "$out"
mkdir -p "$dst/kernel/arch/x86" "$dst/kernel/fs" "$dst/extra"
cp "$src"/modules.builtin* "$src"/modules.order "$dst/"
cp -r "$src/kernel/crypto" "$src/kernel/lib" "$dst/kernel/"
cp -r "$src/kernel/arch/x86/crypto" "$dst/kernel/arch/x86/"
cp -r "$src/kernel/fs/configfs" "$dst/kernel/fs/"
mkdir -p "$dst/kernel/drivers/net" "$dst/kernel/net/core"
cp -r "$src/kernel/drivers/virtio" "$dst/kernel/drivers/"
cp "$src/kernel/drivers/net/virtio_net.ko" "$src/kernel/drivers/net/net_failover.ko" \
	"$dst/kernel/drivers/net/"
cp "$src/kernel/net/core/failover.ko" "$dst/kernel/net/core/"
cp "$@" "$dst/extra/"
/sbin/depmod -b "$out" "$kver"
