#!/bin/sh
# build-kernel.sh [SUITE [prepare]]: build (once) the test kernel from the
# Linux source Debian SUITE has (default bookworm, 6.1) and print its build
# directory.  With "prepare", only configure it and prepare it for building
# modules, a minute's work instead of ten.  The build is cached outside the
# tree, keyed by the source tarball, the config fragment and the mode, so a
# changed fragment gets a fresh kernel.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
suite=${1:-bookworm}
mode=${2:-full}
tarball=${BTI_KERNEL_SOURCE:-$("$here/kernel-source.sh" "$suite")}
cache=${BTI_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/bti}
key=$( (stat -c '%n %s %Y' "$tarball"; cat "$here/kernel.config"
	[ "$mode" = full ] || echo "$mode") | sha256sum | cut -c1-16)
dir=$cache/kernel-$key

if [ -f "$dir/.bti-built" ]; then
	echo "$dir"
	exit 0
fi

rm -rf "$dir" "$dir.tmp"
mkdir -p "$dir.tmp"
echo "build-kernel: unpacking $tarball into $dir" >&2
tar -xf "$tarball" -C "$dir.tmp" --strip-components=1
mv "$dir.tmp" "$dir"
cd "$dir"
make -s ARCH=x86_64 tinyconfig >&2
scripts/kconfig/merge_config.sh -m .config "$here/kernel.config" >&2
make -s ARCH=x86_64 olddefconfig >&2

# merge_config silently drops what Kconfig refuses; refuse a kernel that
# lacks what the tests rely on.
missing=0
while IFS= read -r line; do
	case $line in CONFIG_*=*) ;; *) continue ;; esac
	grep -qx "$line" .config || {
		case $line in *=n) grep -q "^${line%=n}=" .config || continue ;; esac
		echo "build-kernel: $line did not stick" >&2
		missing=1
	}
done < "$here/kernel.config"
[ $missing = 0 ] || exit 1

jobs=$(($(nproc) + 1))
if [ "$mode" = prepare ]; then
	make -s -j"$jobs" ARCH=x86_64 modules_prepare >&2
else
	echo "build-kernel: building with -j$jobs (once per config)" >&2
	make -s -j"$jobs" ARCH=x86_64 bzImage modules >&2
	make -s ARCH=x86_64 INSTALL_MOD_PATH="$dir/modroot" modules_install >&2
fi
touch .bti-built
echo "$dir"
