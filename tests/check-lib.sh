# Shared by make check (tests/run.sh) and make matrix (tests/matrix.sh):
# each check prints PASS or FAIL and is counted in $results; $top is the
# tree and $out the directory for logs.

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

# kunit_results LOG KDIR PREFIX: count the KUnit cases KDIR's parser reads
kunit_results() {
	"$top/tests/vm/ktap.sh" "$1" > "$out/${3}kunit.ktap"
	/usr/bin/python3 "$2/tools/testing/kunit/kunit.py" parse \
		"$out/${3}kunit.ktap" > "$out/${3}kunit.log" 2>&1
	cat "$out/${3}kunit.log"
	line=$(grep 'Testing complete' "$out/${3}kunit.log")
	ran=$(echo "$line" | sed -n 's/.*Ran \([0-9]*\) tests.*/\1/p')
	ok=$(echo "$line" | sed -n 's/.*passed: \([0-9]*\).*/\1/p')
	skipped=$(echo "$line" | sed -n 's/.*skipped: \([0-9]*\).*/\1/p')
	[ -n "$ran" ] || { fail "${3}kunit-parse"; return; }
	i=0
	while [ $i -lt "${ok:-0}" ]; do echo "PASS ${3}kunit" >> "$results"; i=$((i + 1)); done
	i=0
	while [ $i -lt "${skipped:-0}" ]; do echo "SKIP ${3}kunit" >> "$results"; i=$((i + 1)); done
	i=$((${ok:-0} + ${skipped:-0}))
	while [ $i -lt "$ran" ]; do echo "FAIL ${3}kunit" >> "$results"; i=$((i + 1)); done
	# A suite that never ran is not a pass: expect every module's suite.
	for suite in bti_core bti_crypto bti_dtmf bti_jitter bti_netlink bti_port bti_provision bti_session \
		bti_si3210 bti_srtp \
		bti_sim_phone; do
		grep -q "\[PASSED\] $suite\b" "$out/${3}kunit.log" &&
			pass "${3}kunit-suite-$suite" || fail "${3}kunit-suite-$suite"
	done
}

# netlink_tool NAME: tests/vm/NAME.c on the helper's netlink code, with
# sanitizers, in $out
netlink_tool() {
	check "build-$1" sh -c "cc -std=gnu11 -O2 -g -Wall -Wextra -Werror \
		-fsanitize=address,undefined -fno-sanitize-recover=all -I'$top/uapi' \
		-I'$top/helper' \$(pkg-config --cflags libnl-genl-3.0) \
		-o '$out/$1' '$top/tests/vm/$1.c' \
		'$top/helper/nl.c' \$(pkg-config --libs libnl-genl-3.0)"
}

# guest_tools: btictl with sanitizers and the guest's test tools, in $out
guest_tools() {
	check build-btictl-sanitized sh -c "make -C '$top/helper' clean btictl SANITIZE=1 &&
		cp '$top/helper/btictl' '$out/btictl-sanitized' && make -C '$top/helper' clean btictl"
	netlink_tool session-replay
	netlink_tool nl-fuzz
	check build-srtp-peer sh -c "cc -std=gnu11 -O2 -g -Wall -Wextra -Werror \
		-fsanitize=address,undefined -fno-sanitize-recover=all \
		-o '$out/srtp-peer' '$top/tests/vm/srtp-peer.c' -lsrtp2 -lm"
}

# vm_test_kernel KDIR MODULES PREFIX: boot KDIR's kernel with the modules
# built for it; KUnit, the line scenarios, module removal, kmemleak
vm_test_kernel() {
	if ! [ -f "$2/bti.ko" ] || ! [ -x "$out/btictl-sanitized" ]; then
		fail "${3}vm-test-kernel-boots"
		return
	fi
	BTICTL=$out/btictl-sanitized SESSION_REPLAY=$out/session-replay \
		SRTP_PEER=$out/srtp-peer NL_FUZZ=$out/nl-fuzz \
		"$top/tests/vm/initramfs.sh" "$out/${3}test.cpio.gz" \
		"$top/tests/vm/guest/test-kernel.sh" "$2"/*.ko \
		"$1"/modroot/lib/modules/*/kernel/lib/kunit/kunit.ko
	check "${3}vm-test-kernel-boots" "$top/tests/vm/boot.sh" \
		"$1/arch/x86/boot/bzImage" "$out/${3}test.cpio.gz" \
		"$out/${3}vm-test.log"
	check "${3}vm-test-kernel-no-splat" clean_log "$out/${3}vm-test.log"
	kunit_results "$out/${3}vm-test.log" "$1" "$3"
	vm_results "$out/${3}vm-test.log" "$3"
}
