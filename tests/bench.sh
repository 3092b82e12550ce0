#!/bin/sh
# make bench: each figure against a reference measured in the same run.
# Never part of make check: times on a shared machine gate nothing.
#
# Server handshakes per second of CPU against OpenSSL's private-key
# operation (tests/bench/handshakes.sh); the voice datapath: the kernel's
# SRTP sealing rate on voice frames, and libsrtp2's srtp_protect on the
# same 172-byte packets, both in one boot of Debian's own kernel (no
# sanitizers) in QEMU.  Raw figures go to bench/results/, the summary to
# Documentation/performance.rst.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/bench
results=$top/bench/results
rm -rf "$out"
mkdir -p "$out" "$results"

"$top/tests/deps.sh"
summary=$results/summary.txt
"$top/tests/bench/handshakes.sh" "$out" "$results" | tee "$summary"

deb=$("$top/tests/vm/debian-kernel.sh" 2>/dev/null)
kdir=$(ls -d /usr/src/linux-headers-*-amd64 | sort -V | tail -n 1)
mkdir -p "$out/kmod"
cp -r "$top/Kbuild" "$top/driver" "$top/uapi" "$top/tests" "$out/kmod/"
make -s -C "$kdir" M="$out/kmod" BTI_BENCH=1 modules > "$out/build.log" 2>&1 ||
	{ cat "$out/build.log"; exit 1; }
make -s -C "$top/helper" btictl
cc -std=gnu11 -O2 -Wall -Wextra -Werror -o "$out/srtp-peer" \
	"$top/tests/vm/srtp-peer.c" -lsrtp2 -lm

"$top/tests/vm/debian-modtree.sh" "$deb" "$out/modules" \
	"$out/kmod/bti_srtp_bench.ko"
SRTP_PEER=$out/srtp-peer MODTREE=$out/modules "$top/tests/vm/initramfs.sh" \
	"$out/bench.cpio.gz" "$top/tests/vm/guest/bench.sh"
"$top/tests/vm/boot.sh" "$(ls "$deb"/root/boot/vmlinuz-*)" \
	"$out/bench.cpio.gz" "$out/console.log"

grep -a 'BTI-BENCH' "$out/console.log" | tr -d '\r' |
	sed 's/.*BTI-BENCH //' > "$results/srtp.txt"
kernel=$(awk '$1 == "kernel-srtp-protect" { print $2 }' "$results/srtp.txt")
lib=$(awk '$1 == "libsrtp2-protect" { print $2 }' "$results/srtp.txt")
[ -n "$kernel" ] && [ -n "$lib" ] ||
	{ echo "bench: a figure is missing; see $out/console.log"; exit 1; }
awk -v k="$kernel" -v l="$lib" 'BEGIN {
	printf "kernel datapath SRTP seal: %d frames/s; reference libsrtp2 srtp_protect: %d packets/s; ratio %.2f\n", k, l, k / l
}' | tee -a "$results/srtp.txt" "$summary"

# the summary, with the machine it ran on
{
	cat <<HEAD
.. SPDX-License-Identifier: GPL-2.0

===========
Performance
===========

What \`\`make bench\`\` measured last, each figure against a reference
measured in the same run (\`\`bench/results/\`\` holds the raw figures).
Absolute rates say little on a shared machine; the ratios are the
figures.

Machine: $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) CPUs,
$(free -g | awk '/^Mem:/ { print $2 }') GiB, Debian $(cat /etc/debian_version); $(date -u +%Y-%m-%d).
The kernel datapath figure comes from Debian's own kernel in QEMU by
software emulation, both sides in the same boot.

::

HEAD
	sed 's/^/  /' "$summary"
} > "$top/Documentation/performance.rst"
