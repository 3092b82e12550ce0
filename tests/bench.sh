#!/bin/sh
# make bench: each figure against a reference measured in the same run.
# Never part of make check: times on a shared machine gate nothing.
#
# 1. Server handshakes per second of CPU against the handshake's own
#    cryptography alone (tests/bench/handshakes.sh).
# 2. Voice channels one server core carries, from its CPU time per
#    channel-second, against what OpenSSL's AES-GCM open and spandsp's DTMF
#    receiver alone would allow (voice.sh).
#    Beside it, what opening one voice packet costs on each SRTP backend
#    (srtp.sh): libsrtp2 as Debian builds it, libsrtp2 with btiprovd's
#    AES-GCM on OpenSSL, libre, and OpenSSL's AES-GCM alone.
# 3. The port's software DTMF detector per 20 ms frame against spandsp's
#    dtmf_rx on the same frames (dtmf.sh).
#    A real device's time to provision while the server is flooded,
#    against its time with no flood (flood.sh).
# 4. The kernel datapath: its SRTP sealing rate on voice frames, and
#    libsrtp2's srtp_protect on the same 172-byte packets, both in one boot
#    of Debian's own kernel (no sanitizers) in QEMU.
# 5. A provisioning storm against two instances on PostgreSQL (storm.sh).
# Raw figures go to bench/results/, the summary to
# Documentation/performance.rst.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/bench
results=$top/bench/results
rm -rf "$out"
mkdir -p "$out" "$results"

# libre: only its SRTP, measured beside libsrtp2's
"$top/tests/deps.sh" libre-dev
summary=$results/summary.txt
: > "$summary"

# figure COMMAND...: its lines go to the summary; its failure stops the run
figure() {
	"$@" > "$out/figure" || { cat "$out/figure"; exit 1; }
	tee -a "$summary" < "$out/figure"
}

figure "$top/tests/bench/handshakes.sh" "$out" "$results"
figure "$top/tests/bench/voice.sh" "$out" "$results"
figure "$top/tests/bench/srtp.sh" "$out" "$results"
figure "$top/tests/bench/dtmf.sh" "$out" "$results"
figure "$top/tests/bench/flood.sh" "$out" "$results"

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
figure "$top/tests/bench/storm.sh" "$out" "$results"

# the summary, with the machine it ran on; what make locks wrote stays
doc=$top/Documentation/performance.rst
sed -n '/^Locks$/,$p' "$doc" > "$out/locks.rst"
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
  The reference is the handshake's own cryptography, as the server
  does it up to KEY_CONFIRM: the ephemeral key, the KEM's share, the
  AEAD, the key schedule and the transcript's hashes and MACs.  Beyond
  it each handshake carries a TCP connection accepted, written and
  closed, its log lines, and the call it sets up: libsrtp2's two
  contexts, whose key derivation runs on OpenSSL as their packets do
  (server/lib/srtp_icm.c), and a channel on the loop's voice port.  A
  profile of the server during suite 1's handshakes, busy 93% of the
  time: OpenSSL 56%, the kernel 28% (accepting, writing and closing
  the connections, and three log lines a session; over loopback the
  server's CPU also carries the device's side of what it sends), the C
  library 14% (most of it OpenSSL's allocations and name lookups) and
  btiprovd itself 2%.  The kernel's part alone leaves little room
  above suite 1's figure; a load generator on another host would show
  what a server pays for its own side of TCP.  The load generator
  verifies the server's chain once for all its devices and keeps eight
  handshakes going, so that the server, not the generator, is what
  runs out; each figure is the median of three server runs, each with
  a reference run right after it.
  Suite 2's RSA decryption is most of its handshake, so the rest
  weighs less there than beside suite 1's ECDH.  The server runs one
  loop here (loops = 1); whether two loops on two cores give twice
  one is not measured on a machine of two CPUs, where the load
  generator needs one.

Voice channels
  The figure is the server's CPU time per channel-second while the
  load generator holds its calls, as one core's count of channels.
  The server takes the device frames of every call of its loop from
  one UDP port, up to 32 a recvmmsg, then each through libsrtp2's
  unprotect (AES-GCM on OpenSSL) and the keypad: mu-law to linear by
  a table, and spandsp's DTMF receiver, which is not handed quiet
  once it has heard enough of it to see a tone end; spandsp's loss
  concealment hears only the first frame after a loss.  The load
  generator keys digits all the time, 80 ms of tone and 80 of pause.
  A profile of the server holding 2000 calls: OpenSSL 26%, the kernel
  21% (most of it recvmmsg), spandsp 21% (nearly all its receiver),
  btiprovd itself 17% (the keypad, the SSRC table, and asking for each
  packet's channel ahead of opening it), libsrtp2 12% (finding a
  session's stream and moving its replay window) and the C library 2%.
  Each packet touches its channel's state in about a dozen allocations
  of btiprovd, libsrtp2, OpenSSL and spandsp, which for thousands of
  channels cannot all stay in the CPU's caches (cachegrind, simulating
  a 4 MiB cache, counts over 40 misses a packet at 2000 channels and
  none to speak of at 100); the reference is one channel in a tight
  loop.  Here the load generator, which also pays the kernel's
  loopback delivery, uses more CPU than the server.  Where the held
  count stops is the host's doing as much as the server's: this
  machine's two CPUs are a guest's, and when the host takes them away
  for long enough, frames wait past their time with no program here
  holding them up.  By hand, two runs of 2000 calls (the server busy
  about 40% of the time): in one the host took 14 of the 130
  CPU-seconds and 38,431 frames were late; in the other it took 5.5
  and none were.  voice.sh records what the host took beside each
  trial.

SRTP backends
  Debian's libsrtp2 runs AES-GCM as a one-shot NSS operation that looks
  the key up among every key NSS holds, so a packet costs more the more
  channels are open.  btiprovd keeps libsrtp2 for SRTP (key derivation,
  rollover counter, replay window) and gives it an AES-GCM on OpenSSL
  (server/lib/srtp_gcm.c); above OpenSSL alone it pays libsrtp2's own
  bookkeeping.  libre 1.1.0, Debian's, is on OpenSSL and costs about as
  much, but it takes a packet's rollover counter before it checks the
  packet's tag, so that one forged packet can put a channel out of step
  (RFC 3711, 3.3.1, updates it only after authentication): it is
  measured here, not used.

DTMF detection
  spandsp looks at blocks of 102 samples, one Goertzel filter a tone,
  in floating point.  The port's detector looks every 5 ms, over the
  last 12 to 14 cycles of each tone, so that every frequency has the
  same relative tolerance (Q.24's), and weighs each tone it finds
  against two side bins; it is integer arithmetic, as kernel code must
  be.  Quiet frames and frames with no clear row tone end the look
  early.  Looking less often would lower the figure and loosen Q.24's
  40 ms and 20 ms bounds.

Storm
  Every binding pays one scrypt PIN check (2^15, 32 MiB, tens of
  milliseconds): bindings per second cannot pass the CPUs' scrypt rate,
  less what handshakes, voice, PostgreSQL and the load generator take
  on the same CPUs.  PIN checks run below the event loop's priority and
  never hold every worker, so the protocol's round trips do not wait
  for them; those round trips are measured by the load generator and
  include its own waits.

Under flood
  A connection that has not sent REQUEST costs the server a descriptor
  and about 4 KiB, and is closed after request_timeout; past
  16 from one address (max_per_address), or past max_sessions, a
  connection is answered ERROR(busy) at once and closed.  So a flood
  from one address holds at most 16 of the server's sessions, and the
  real device, from another, is served beside it; what the flood costs
  is the CPU of accepting and turning away its connections, on the
  loop that serves the device too.  A flood from as many addresses as
  max_sessions divided by 16 would fill the server: that is what
  max_sessions and the per-address caps must be set against.
TAIL
	[ ! -s "$out/locks.rst" ] || { echo; cat "$out/locks.rst"; }
} > "$doc.new" && mv "$doc.new" "$doc"
