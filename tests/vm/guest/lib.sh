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
# lock statistics cost every lock taken: on only when a test reads them
[ ! -w /proc/sys/kernel/lock_stat ] || echo 0 > /proc/sys/kernel/lock_stat

SIM=/sys/kernel/config/bti_sim

# bti (with $BTI_PARAMS) and the simulated telephone, from /ko
load() {
	insmod /ko/bti.ko ${BTI_PARAMS:-} && insmod /ko/bti_si3210.ko &&
		insmod /ko/bti_sim.ko
}

# wait_for SECONDS COMMAND...: poll until the command succeeds
wait_for() {
	n=$(($1 * 10))
	shift
	while ! "$@" 2>/dev/null; do
		n=$((n - 1))
		[ $n -gt 0 ] || return 1
		sleep 0.1
	done
}

keys_done() { [ -z "$(cat $SIM/keys)" ]; }

ringing() { [ "$(cat $SIM/ringing)" = 1 ]; }

# QEMU's user network: the host is 10.0.2.2, and the provisioning
# server's names lead there
net_up() {
	ip link set eth0 up && ip addr add 10.0.2.15/24 dev eth0 &&
		ip route add default via 10.0.2.2 &&
		echo "10.0.2.2 prov.bti.test evil.bti.test" > /etc/hosts
}

# person ACCOUNT PIN...: the subscriber answers the ringing telephone and
# keys the account number and a PIN for each prompt, each ended with #
person() {
	account=$1
	shift
	wait_for 60 ringing || return
	echo off > $SIM/hook
	for pin in "$@"; do
		sleep 3
		echo "$account#" > $SIM/keys
		wait_for 10 keys_done
		sleep 2
		echo "$pin#" > $SIM/keys
		wait_for 10 keys_done
		sleep 4
	done
}

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
