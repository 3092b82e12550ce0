#!/bin/sh
# Runs as /init for make locks: each scenario with lock statistics on,
# then bti's lock classes from /proc/lock_stat as BTI-LOCKS lines.  A
# module's lock classes go when it unloads, so each scenario is read out
# before the next reload.
. /lib.sh

# the vectors' sessions end with a key export: a sealing key, by type
BTI_PARAMS=sealing_key=logon:bti:seal

# the classes of bti's locks, and genetlink's, which every command takes;
# lockdep numbers classes that share a name (&port->lock#2: the serial
# port's is &port->lock), so each is listed as lockdep names it
CLASSES='bti_ports_lock|bti_ports.xa_lock|&pv->lock|&port->lock|&port->feed_lock|&ch->lock|bti_slot_lock|&dev->lock|genl_mutex|cb_lock'

stats_on() {
	echo 0 > /proc/lock_stat
	echo 1 > /proc/sys/kernel/lock_stat
}

stats_out() {
	echo 0 > /proc/sys/kernel/lock_stat
	grep -E "^ *($CLASSES)(#[0-9]+)?(-R)?:" /proc/lock_stat | sed 's/^ */BTI-LOCKS /'
}

# readers: what a management daemon does while a session runs
poll_ports() {
	while :; do btictl port show 0 > /dev/null; btictl session show 0 \
		> /dev/null 2>&1; done &
	POLL=$!
}

scenario() {
	stats_on
	poll_ports
	"$@" > /tmp/scenario.out 2>&1 || { cat /tmp/scenario.out; echo "BTI-LOCKS-FAIL $*"; }
	kill $POLL
	wait $POLL 2>/dev/null
	stats_out
	unload bti_sim bti_si3210 bti && load && seal
}

seal() { head -c 32 /dev/urandom | keyctl padd logon bti:seal %:.bti > /dev/null; }

unload() { for m in "$@"; do rmmod "$m" || return 1; done; }

voice_call() {
	echo off > $SIM/hook
	session-replay voice 0 > /tmp/voice &
	voice=$!
	wait_for 20 grep -q "ok channel open" /tmp/voice && srtp-peer talk
	rc=$?
	kill $voice
	wait $voice 2>/dev/null
	echo on > $SIM/hook
	return $rc
}

ip addr add 192.0.2.1/32 dev lo
load && seal
scenario session-replay run 0 1
scenario session-replay run 0 2
scenario voice_call
echo BTI-LOCKS-DONE
done_vm
