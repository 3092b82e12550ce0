# Shared by the guest scripts: mounts, and a test helper whose lines the
# host counts.
/bin/busybox --install -s /bin
export PATH=/usr/bin:/bin
# btictl may be built with sanitizers: any finding is fatal, leaks included
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev 2>/dev/null
mount -t tmpfs tmp /tmp
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mkdir -p /sys/kernel/config
mount -t configfs configfs /sys/kernel/config 2>/dev/null
ip link set lo up 2>/dev/null

# t NAME COMMAND...: run a check and say how it went
t() {
	name=$1
	shift
	if "$@" > /tmp/t.out 2>&1; then
		echo "BTI-TEST PASS $name"
	else
		echo "BTI-TEST FAIL $name"
		sed 's/^/    /' /tmp/t.out
	fi
}

done_vm() {
	echo "BTI-VM-DONE"
	sync
	reboot -f
}
