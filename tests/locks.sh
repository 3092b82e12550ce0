#!/bin/sh
# make locks: how long bti holds its locks, and how long callers wait for
# them, under the provisioning scenarios: lockdep's lock statistics
# (CONFIG_LOCK_STAT, in the test kernel) over whole sessions of both
# suites and a voice call, each with ports read meanwhile.  A report,
# never a gate: emulated time says how the locks compare, not how fast a
# board is.  Times are in microseconds.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/locks
rm -rf --one-file-system "$out"
mkdir -p "$out"
results=$out/results
: > "$results"
. "$top/tests/check-lib.sh"

"$top/tests/deps.sh"
kdir=$("$top/tests/vm/build-kernel.sh")
kbuild "$kdir" "$out/kmod" BTI_TEST_KEYS=y > /dev/null ||
	{ echo "locks: the modules did not build"; exit 1; }
guest_tools > /dev/null
BTICTL=$out/btictl-sanitized SESSION_REPLAY=$out/session-replay \
	SRTP_PEER=$out/srtp-peer "$top/tests/vm/initramfs.sh" \
	"$out/locks.cpio.gz" "$top/tests/vm/guest/locks.sh" "$out"/kmod/*.ko
# lock statistics read local_clock(), which the clocksource watchdog would
# coarsen to the tick once emulation's jitter marks the TSC unstable
BTI_VM_APPEND=tsc=reliable "$top/tests/vm/boot.sh" \
	"$kdir/arch/x86/boot/bzImage" "$out/locks.cpio.gz" "$out/console.log"
grep -aq '^BTI-LOCKS-DONE' "$out/console.log" &&
	! grep -aq '^BTI-LOCKS-FAIL' "$out/console.log" ||
	{ echo "locks: a scenario failed; see $out/console.log"; exit 1; }

# per lock class, over the scenarios: acquisitions and contentions summed,
# the longest wait and hold, and the time held in all
grep -a '^BTI-LOCKS ' "$out/console.log" | tr -d '\r' | sed 's/:/ /' |
	awk '{ c = $2; acq[c] += $10; con[c] += $4
		if ($6 > wmax[c]) wmax[c] = $6; if ($12 > hmax[c]) hmax[c] = $12
		htot[c] += $13 }
	END { for (c in acq) printf "%-22s %12d %11d %12.2f %12.2f %14.2f\n",
			c, acq[c], con[c], wmax[c], hmax[c], htot[c] }' |
	sort -k1,1 > "$out/body"
{
	printf "%-22s %12s %11s %12s %12s %14s\n" lock acquired contended \
		wait-max hold-max hold-total
	cat "$out/body"
} | tee "$out/locks.txt"
# without a calibrated TSC the clock moves by whole ticks
! grep -aq 'Marking TSC unstable' "$out/console.log" ||
	echo "locks: this boot's clock ran at the tick (4 ms): times are multiples of it, and 0 means under one"

