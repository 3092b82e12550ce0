#!/bin/sh
# make check: every test bti has, from a fresh Debian 12 machine.
#
# Installs what it needs, builds (once, cached) the test kernel, builds the
# modules for it, for Debian's own kernel and for the newer kernels of make
# matrix, runs the static checks and the server's tests, builds the Debian
# packages and installs them in a clean chroot, then boots both kernels in
# QEMU.  Each check prints PASS or FAIL; the last line counts them all,
# KUnit cases included.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/check
rm -rf --one-file-system "$out"
mkdir -p "$out"
results=$out/results
: > "$results"

. "$top/tests/check-lib.sh"

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

"$top/tests/deps.sh" || { fail deps; summary; }
kdir_test=$("$top/tests/vm/build-kernel.sh") || { fail test-kernel; summary; }
kdir_deb=$(ls -d /usr/src/linux-headers-*-amd64 | sort -V | tail -n 1)
deb=$("$top/tests/vm/debian-kernel.sh" 2>/dev/null) || { fail debian-kernel; summary; }

check build-test-kernel-w1-sparse kbuild "$kdir_test" "$out/kmod-test" C=1 \
	BTI_KUNIT=1 BTI_TEST_KEYS=y
check build-debian-w1 kbuild "$kdir_deb" "$out/kmod-debian"
# the newer kernels of the matrix (make matrix boots them): built for here,
# from a tree prepared for modules, so modpost has no symbols to check
for suite in trixie sid; do
	if kdir=$("$top/tests/vm/build-kernel.sh" $suite prepare 2> "$out/kernel-$suite.log"); then
		check build-$suite-w1 kbuild "$kdir" "$out/kmod-$suite" \
			KBUILD_MODPOST_WARN=1 BTI_KUNIT=1 BTI_TEST_KEYS=y
		kdir_newest=$kdir
	else
		fail build-$suite-w1
		tail -n 30 "$out/kernel-$suite.log" | sed 's/^/    /'
	fi
done
# the key-reading test hook is in the test build and in no other
check test-keys-only-in-test-build sh -c "k='built with BTI_TEST_KEYS' &&
	grep -q \"\$k\" '$out/kmod-test/bti.ko' &&
	! grep -q \"\$k\" '$out/kmod-debian/bti.ko'"
check build-btictl make -C "$top/helper" clean btictl
guest_tools
check checkpatch sh -c "cd '$top' && '$kdir_test/scripts/checkpatch.pl' --strict --no-tree --quiet --show-types -f \$(find driver uapi -name '*.[ch]' | sort)"
check kernel-doc sh -c "cd '$top' && '$kdir_test/scripts/kernel-doc' -none -Werror \$(find driver -name '*.[ch]' | sort)"
check cppcheck-userspace "$top/tests/static/cppcheck.sh"
check dt-binding-and-overlays "$top/tests/dt.sh" "$kdir_test" "$out/dt"
check uapi-matches-spec /usr/bin/python3 "$top/tests/check-uapi.py" "$top"
# the netlink policies and operations, as the newest kernel's YNL
# generator makes them from the spec
check netlink-generated-current "$top/tests/netlink-gen.sh" \
	"${kdir_newest:-/nonexistent}" --check
check dtmf-talk-off "$top/tests/dtmf/talk-off.sh" "$out/dtmf"
server_tests
check protocol-vectors-current sh -c "/usr/bin/python3 '$top/tests/vectors/protocol.py' |
	diff -u '$top/Documentation/protocol-vectors.txt' -"

# the Debian packages: built, without a lintian error, installed into a
# clean Debian 12 where DKMS builds the modules, and purged
for step in build lintian install purge; do
	check package-$step "$top/tests/package.sh" $step "$out/pkg"
done

vm_test_kernel "$kdir_test" "$out/kmod-test" ""

# provisioning end to end: the test kernel in a VM, btiprovd on this host
if [ -f "$out/kmod-test/bti.ko" ] && [ -x "$out/btictl-sanitized" ] &&
   make -s -C "$top/server" SANITIZE=1 btiprovd btiprov prompts \
	> "$out/server-build.log" 2>&1; then
	check vm-provision-boots env BTICTL="$out/btictl-sanitized" \
		"$top/tests/vm/provision.sh" "$top/server/build" \
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
