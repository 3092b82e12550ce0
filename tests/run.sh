#!/bin/sh
# make check: every test bti has, from a fresh Debian 12 machine.
#
# Installs what it needs, builds (once, cached) the test kernel, builds the
# modules for it and for Debian's own kernel, runs the static checks, then
# boots both kernels in QEMU.  Each check prints PASS or FAIL; the last line
# counts them all, KUnit cases included.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/check
rm -rf "$out"
mkdir -p "$out"
results=$out/results
: > "$results"

pass() { echo "PASS $1" | tee -a "$results"; }
fail() { echo "FAIL $1" | tee -a "$results"; }

# check NAME COMMAND...: one test, its output kept in build/check/NAME.log
check() {
	name=$1
	shift
	if "$@" > "$out/$name.log" 2>&1; then
		pass "$name"
	else
		fail "$name"
		tail -n 30 "$out/$name.log" | sed 's/^/    /'
	fi
}

summary() {
	p=$(grep -c '^PASS' "$results")
	f=$(grep -c '^FAIL' "$results")
	s=$(grep -c '^SKIP' "$results")
	if [ "$s" -gt 0 ]; then
		echo "$p passed, $f failed, $s skipped"
	else
		echo "$p passed, $f failed"
	fi
	[ "$f" = 0 ]
	exit $?
}

# Out-of-tree builds write beside the sources, so each kernel gets a copy.
kbuild() {
	kdir=$1 dst=$2
	shift 2
	rm -rf "$dst"
	mkdir -p "$dst"
	cp -r "$top/Kbuild" "$top/driver" "$top/uapi" "$top/tests" "$dst/"
	make -C "$kdir" M="$dst" W=1 "$@" modules > "$dst.log" 2>&1 ||
		{ cat "$dst.log"; return 1; }
	cat "$dst.log"
	! grep -E 'warning:|error:' "$dst.log"
}

# btiprovd's unit tests (cmocka, sanitizers on): each TAP line counts, and
# a run that did not finish cleanly fails as a whole.
server_tests() {
	make -s -C "$top/server" clean > /dev/null
	if make -s -C "$top/server" SANITIZE=1 check > "$out/server.tap" 2>&1; then
		pass server-tests-ran
	else
		fail server-tests-ran
		tail -n 30 "$out/server.tap" | sed 's/^/    /'
	fi
	sed -n 's/^ok [0-9]* - \(.*\)/PASS server-\1/p;
		s/^not ok [0-9]* - \(.*\)/FAIL server-\1/p' "$out/server.tap" |
		tee -a "$results"
	make -s -C "$top/server" clean > /dev/null
}

# The kernel must not have complained, whatever the tests said.
clean_log() {
	! grep -E 'WARNING:|BUG:|KASAN:|UBSAN:|Oops|Kernel panic|general protection|unreferenced object|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU' "$1"
}

# vm_results LOG PREFIX: count the guest's own checks
vm_results() {
	grep -a '^BTI-TEST ' "$1" | tr -d '\r' | while read -r _ verdict name; do
		echo "$verdict $2$name" | tee -a "$results"
	done
	grep -a -A20 '^BTI-TEST FAIL' "$1" | grep -a '^    ' | head -n 40
}

kunit_results() {
	"$top/tests/vm/ktap.sh" "$1" > "$out/kunit.ktap"
	/usr/bin/python3 "$kdir_test/tools/testing/kunit/kunit.py" parse \
		"$out/kunit.ktap" > "$out/kunit.log" 2>&1
	cat "$out/kunit.log"
	line=$(grep 'Testing complete' "$out/kunit.log")
	ran=$(echo "$line" | sed -n 's/.*Ran \([0-9]*\) tests.*/\1/p')
	ok=$(echo "$line" | sed -n 's/.*passed: \([0-9]*\).*/\1/p')
	skipped=$(echo "$line" | sed -n 's/.*skipped: \([0-9]*\).*/\1/p')
	[ -n "$ran" ] || { fail kunit-parse; return; }
	i=0
	while [ $i -lt "${ok:-0}" ]; do echo "PASS kunit" >> "$results"; i=$((i + 1)); done
	i=0
	while [ $i -lt "${skipped:-0}" ]; do echo "SKIP kunit" >> "$results"; i=$((i + 1)); done
	i=$((${ok:-0} + ${skipped:-0}))
	while [ $i -lt "$ran" ]; do echo "FAIL kunit" >> "$results"; i=$((i + 1)); done
	# A suite that never ran is not a pass: expect every module's suite.
	for suite in bti_core bti_crypto bti_jitter bti_netlink bti_provision bti_session \
		bti_si3210 bti_srtp \
		bti_sim_phone; do
		grep -q "\[PASSED\] $suite\b" "$out/kunit.log" &&
			pass "kunit-suite-$suite" || fail "kunit-suite-$suite"
	done
}

"$top/tests/deps.sh" || { fail deps; summary; }
kdir_test=$("$top/tests/vm/build-kernel.sh") || { fail test-kernel; summary; }
kdir_deb=$(ls -d /usr/src/linux-headers-*-amd64 | sort -V | tail -n 1)
deb=$("$top/tests/vm/debian-kernel.sh" 2>/dev/null) || { fail debian-kernel; summary; }

check build-test-kernel-w1 kbuild "$kdir_test" "$out/kmod-test" BTI_KUNIT=1 \
	BTI_TEST_KEYS=y
check build-debian-w1 kbuild "$kdir_deb" "$out/kmod-debian"
# the key-reading test hook is in the test build and in no other
check test-keys-only-in-test-build sh -c "k='built with BTI_TEST_KEYS' &&
	grep -q \"\$k\" '$out/kmod-test/bti.ko' &&
	! grep -q \"\$k\" '$out/kmod-debian/bti.ko'"
check build-btictl make -C "$top/helper" clean btictl
check build-btictl-sanitized sh -c "make -C '$top/helper' clean btictl SANITIZE=1 &&
	cp '$top/helper/btictl' '$out/btictl-sanitized' && make -C '$top/helper' clean btictl"
check build-session-replay sh -c "cc -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-fsanitize=address,undefined -fno-sanitize-recover=all -I'$top/uapi' \
	-I'$top/helper' \$(pkg-config --cflags libnl-genl-3.0) \
	-o '$out/session-replay' '$top/tests/vm/session-replay.c' \
	'$top/helper/nl.c' \$(pkg-config --libs libnl-genl-3.0)"
check build-srtp-peer sh -c "cc -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-o '$out/srtp-peer' '$top/tests/vm/srtp-peer.c' -lsrtp2 -lm"
check checkpatch sh -c "cd '$top' && '$kdir_test/scripts/checkpatch.pl' --strict --no-tree --quiet --show-types -f \$(find driver uapi -name '*.[ch]' | sort)"
check uapi-matches-spec /usr/bin/python3 "$top/tests/check-uapi.py" "$top"
server_tests
check protocol-vectors-current sh -c "/usr/bin/python3 '$top/tests/vectors/protocol.py' |
	diff -u '$top/Documentation/protocol-vectors.txt' -"

if [ -f "$out/kmod-test/bti.ko" ] && [ -x "$out/btictl-sanitized" ]; then
	BTICTL=$out/btictl-sanitized SESSION_REPLAY=$out/session-replay \
		SRTP_PEER=$out/srtp-peer \
		"$top/tests/vm/initramfs.sh" "$out/test.cpio.gz" \
		"$top/tests/vm/guest/test-kernel.sh" "$out"/kmod-test/*.ko \
		"$kdir_test"/modroot/lib/modules/*/kernel/lib/kunit/kunit.ko
	check vm-test-kernel-boots "$top/tests/vm/boot.sh" \
		"$kdir_test/arch/x86/boot/bzImage" "$out/test.cpio.gz" "$out/vm-test.log"
	check vm-test-kernel-no-splat clean_log "$out/vm-test.log"
	kunit_results "$out/vm-test.log"
	vm_results "$out/vm-test.log" ""
else
	fail vm-test-kernel-boots
fi

# provisioning end to end: the test kernel in a VM, btiprovd on this host
if [ -f "$out/kmod-test/bti.ko" ] && [ -x "$out/btictl-sanitized" ] &&
   make -s -C "$top/server" SANITIZE=1 btiprovd btiprov prompts \
	> "$out/server-build.log" 2>&1; then
	check vm-provision-boots env BTICTL="$out/btictl-sanitized" \
		"$top/tests/vm/provision.sh" "$top/server" \
		"$kdir_test/arch/x86/boot/bzImage" "$out/vm-provision.log" \
		"$out/kmod-test/bti.ko" "$out/kmod-test/bti_si3210.ko" \
		"$out/kmod-test/bti_sim.ko"
	check vm-provision-no-splat clean_log "$out/vm-provision.log"
	vm_results "$out/vm-provision.log" "provision-"
	make -s -C "$top/server" clean > /dev/null
else
	fail vm-provision-boots
fi

if [ -f "$out/kmod-debian/bti.ko" ]; then
	"$top/tests/vm/debian-modtree.sh" "$deb" "$out/debian-modules" \
		"$out"/kmod-debian/bti*.ko
	MODTREE=$out/debian-modules "$top/tests/vm/initramfs.sh" \
		"$out/debian.cpio.gz" "$top/tests/vm/guest/debian.sh"
	check vm-debian-kernel-boots "$top/tests/vm/boot.sh" \
		"$(ls "$deb"/root/boot/vmlinuz-*)" "$out/debian.cpio.gz" "$out/vm-debian.log"
	check vm-debian-kernel-no-splat clean_log "$out/vm-debian.log"
	vm_results "$out/vm-debian.log" ""
else
	fail vm-debian-kernel-boots
fi

summary
