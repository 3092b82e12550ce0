#!/bin/sh
# make matrix: bti on every kernel it supports, Debian 12's 6.1, Debian
# 13's 6.12 and the newest Linux source Debian has (sid).  Each kernel is
# built once with the test configuration (KASAN, kmemleak, lockdep) and
# cached; the modules are built for it with W=1 and booted with it in QEMU
# for what make check's test-kernel VM runs: KUnit, the line scenarios,
# the netlink fuzzer, module removal and a kmemleak scan.  The last line
# counts every check.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/matrix
rm -rf --one-file-system "$out"
mkdir -p "$out"
results=$out/results
: > "$results"

. "$top/tests/check-lib.sh"

"$top/tests/deps.sh" || { fail deps; summary; }
guest_tools
for suite in ${BTI_SUITES:-bookworm trixie sid}; do
	if ! kdir=$("$top/tests/vm/build-kernel.sh" $suite 2> "$out/kernel-$suite.log"); then
		fail "$suite-kernel"
		tail -n 30 "$out/kernel-$suite.log" | sed 's/^/    /'
		continue
	fi
	echo "matrix: $suite is Linux $(make -s -C "$kdir" kernelversion)"
	check "$suite-build-w1" kbuild "$kdir" "$out/kmod-$suite" BTI_KUNIT=1 \
		BTI_TEST_KEYS=y
	vm_test_kernel "$kdir" "$out/kmod-$suite" "$suite-"
done
summary
