#!/bin/sh
# make bench: each figure against a reference measured in the same run.
# Never part of make check: times on a shared machine gate nothing.
#
# 1. Server handshakes per second of CPU against OpenSSL's private-key
#    operation (tests/bench/handshakes.sh).
# 2. Voice channels one server core carries in real time against what
#    SRTP decryption and DTMF detection alone would allow (voice.sh).
# 3. The kernel datapath: its SRTP sealing rate on voice frames, and
#    libsrtp2's srtp_protect on the same 172-byte packets, both in one boot
#    of Debian's own kernel (no sanitizers) in QEMU.
# 4. A provisioning storm against two instances on PostgreSQL (storm.sh).
# Raw figures go to bench/results/, the summary to
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
"$top/tests/bench/voice.sh" "$out" "$results" | tee -a "$summary"

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
"$top/tests/bench/storm.sh" "$out" "$results" | tee -a "$summary"

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
	cat <<'TAIL'

What bounds each figure
=======================

Read from profiles (``perf``) of the server under each load; what would
raise the figure follows each.

Handshakes
  Each handshake carries a TCP connection accepted, written and closed,
  a UDP socket bound for its voice channel and their epoll registrations
  (the kernel's share is about a third), malloc and the locks of OpenSSL
  3's per-operation algorithm fetches, and the private-key work itself
  (an ephemeral key and one ECDH for suite 1: about a fifth).  Fetching
  algorithms once, and one voice socket for every channel, would raise
  it; a handshake cannot cost only its ECDH while it has a connection.

Voice channels
  A channel costs the server a packet in and a packet out every 20 ms.
  Sending on loopback also pays the receiver's delivery (a quarter of
  the CPU), libsrtp2's AES-GCM runs in NSS's softoken (Debian builds
  libsrtp2 on NSS) with each channel's key state cold in cache, and
  spandsp's receiver is a tenth.  The reference counts only one
  unprotect and one DTMF receiver pass, warm.  recvmmsg/sendmmsg on one
  socket demultiplexed by SSRC, and libsrtp2 on OpenSSL, would raise it.
  On two CPUs the load generator, on the other, tops out near 2000
  channels itself: a count it cannot keep time for fails.

Storm
  Every binding pays one scrypt PIN check (2^15, 32 MiB, tens of
  milliseconds): bindings per second cannot pass the CPUs' scrypt rate,
  less what handshakes, voice, PostgreSQL and the load generator take
  on the same CPUs.  Round trips are measured by the load generator and
  include its own waits.
TAIL
} > "$top/Documentation/performance.rst"
