#!/bin/sh
# Runs as /init in the test kernel: KUnit suites, then the line scenario,
# then module removal in every order, then a kmemleak scan.
. /lib.sh

EV=/tmp/events

listening() { grep -q following /tmp/events.err; }

events_start() {
	: > /tmp/events.err
	btictl -j events > $EV 2> /tmp/events.err &
	EVPID=$!
	wait_for 20 listening
}

events_stop() {
	sleep 0.3
	kill -INT $EVPID
	wait $EVPID
}

# expect_events LINE...: the events seen, exactly and in order
expect_events() {
	: > /tmp/expected
	for l in "$@"; do
		echo "{\"port\":0,\"name\":\"fxs0\",$l}" >> /tmp/expected
	done
	diff /tmp/expected $EV
}

scenario_call() {
	events_start
	echo off > $SIM/hook
	sleep 0.3
	echo '123#' > $SIM/keys
	wait_for 10 keys_done || return 1
	sleep 0.3
	echo on > $SIM/hook
	sleep 1.2
	events_stop
	expect_events '"event":"hook","hook":"off"' \
		'"event":"digit","digit":"1"' '"event":"digit","digit":"2"' \
		'"event":"digit","digit":"3"' '"event":"digit","digit":"#"' \
		'"event":"hook","hook":"on"'
}

scenario_flash() {
	events_start
	echo off > $SIM/hook
	sleep 0.3
	echo 1 > $SIM/flash
	sleep 0.8
	echo on > $SIM/hook
	sleep 1.2
	events_stop
	expect_events '"event":"hook","hook":"off"' '"event":"flash"' \
		'"event":"hook","hook":"on"'
}

ringing_is() { [ "$(cat $SIM/ringing)" = "$1" ]; }

scenario_ring() {
	events_start
	before=$(cat $SIM/rings)
	btictl port ring 0 on || return 1
	# the chip's line feed follows its register within milliseconds
	wait_for 1 ringing_is 1 || { echo "telephone hears no ringing"; return 1; }
	[ "$(cat $SIM/rings)" -gt "$before" ] || return 1
	btictl -j port show 0 | grep -q '"ringing":true' || return 1
	btictl port ring 0 off || return 1
	wait_for 1 ringing_is 0 || { echo "telephone still rings"; return 1; }
	events_stop
	expect_events '"event":"ring","ring":"on"' '"event":"ring","ring":"off"'
}

# Lifting the handset stops the ringing without being asked.
scenario_ring_trip() {
	btictl port ring 0 on || return 1
	echo off > $SIM/hook
	wait_for 5 ringing_is 0 || return 1
	btictl -j port show 0 | grep -q '"ringing":false' || return 1
	echo on > $SIM/hook
	sleep 1
}

# expect_refusal TEXT COMMAND...: fails, and says TEXT on stderr
expect_refusal() {
	text=$1
	shift
	if "$@" 2> /tmp/err; then
		echo "accepted: $*"
		return 1
	fi
	cat /tmp/err
	grep -q "$text" /tmp/err
}

frames_up() {
	btictl -j port show 0 | sed 's/.*"frames-up":\([0-9]*\).*/\1/'
}

centisecs() { tr -d . < /proc/uptime | cut -d' ' -f1; }

# 20 ms frames arrive from the highway at 50 per second: two per 4 cs.
scenario_frames() {
	t0=$(centisecs)
	a=$(frames_up)
	t1=$(centisecs)
	sleep 2
	t2=$(centisecs)
	b=$(frames_up)
	t3=$(centisecs)
	n=$((b - a))
	echo "$n frames in $((t2 - t1)) to $((t3 - t0)) cs"
	[ $n -ge $(((t2 - t1) / 2 - 1)) ] && [ $n -le $(((t3 - t0) / 2 + 1)) ]
}

# With no voice channel, the earpiece hears mu-law silence; on hook, the
# telephone hears nothing at all.
scenario_ear() {
	echo 1 > $SIM/record
	sleep 0.3
	[ "$(wc -c < $SIM/ear)" = 0 ] || { echo "heard on hook"; return 1; }
	echo off > $SIM/hook
	echo 1 > $SIM/record
	sleep 0.5
	echo 0 > $SIM/record
	echo on > $SIM/hook
	n=$(wc -c < $SIM/ear)
	echo "ear recorded $n bytes"
	[ "$n" -ge 2000 ] || return 1
	[ -z "$(od -An -tx1 -v $SIM/ear | tr -s ' ' '\n' | grep -v '^ff$' | grep .)" ]
}

json_field() { sed "s/.*\"$1\":\"\([^\"]*\)\".*/\1/"; }

# The public key is a P-256 point and the id its SHA-256; no private key.
scenario_device() {
	btictl device show || return 1
	btictl -j device show > /tmp/dev || return 1
	grep -q '"state":"unprovisioned"' /tmp/dev || return 1
	pk=$(json_field public_key < /tmp/dev)
	id=$(json_field device_id < /tmp/dev)
	[ ${#pk} = 130 ] && [ "${pk#04}" != "$pk" ] || return 1
	[ "$(echo "$pk" | xxd -r -p | sha256sum | cut -d' ' -f1)" = "$id" ]
}

# Each load makes a new identity until a provisioned one is imported.
scenario_device_fresh_key() {
	a=$(btictl -j device show | json_field public_key)
	unload bti_sim bti_si3210 bti && load || return 1
	b=$(btictl -j device show | json_field public_key)
	[ -n "$a" ] && [ "$a" != "$b" ]
}

# flip_byte FILE OFFSET OUT: FILE with one bit of the byte at OFFSET flipped
flip_byte() {
	b=$(dd if="$1" bs=1 skip="$2" count=1 2>/dev/null | od -An -tu1)
	{
		head -c "$2" "$1"
		printf "\\$(printf %o $((b ^ 1)))"
		tail -c +$(($2 + 2)) "$1"
	} > "$3"
}

pubkey() { btictl -j device show | json_field public_key; }

# The sealing key as a device without a TPM keeps it: an encrypted key,
# under a master key of root's, whose encrypted form survives a reload
# (/tmp/seal.enc), linked into bti's own keyring.  With "new", another
# device's.
seal_key() {
	keyctl search @u user kmk > /dev/null 2>&1 ||
		head -c 32 /dev/urandom | keyctl padd user kmk @u > /dev/null ||
		return 1
	if [ "${1:-}" = new ] || [ ! -s /tmp/seal.enc ]; then
		id=$(keyctl add encrypted bti:seal "new user:kmk 32" @u) &&
			{ [ "${1:-}" = new ] || keyctl pipe "$id" > /tmp/seal.enc; }
	else
		id=$(keyctl add encrypted bti:seal "load $(cat /tmp/seal.enc)" @u)
	fi || return 1
	keyctl link "$id" %:.bti && keyctl unlink "$id" @u > /dev/null
}

# The identity survives a reload only through a sealed blob, sealed under
# the key in bti's keyring: root's own keyrings, and other users, plant
# nothing there.
scenario_key_round_trip() {
	expect_refusal "no sealing key" btictl key export /tmp/blob || return 1
	head -c 32 /dev/urandom | keyctl padd logon bti:seal @u > /dev/null ||
		return 1
	expect_refusal "no sealing key" btictl key export /tmp/blob || return 1
	keyctl unlink %logon:bti:seal @u > /dev/null
	ring=0x$(awk '$8 == "keyring" && $9 == ".bti:" { print $1 }' /proc/keys)
	[ "$ring" != 0x ] || return 1
	! /usr/bin/setpriv --reuid=1000 --regid=1000 --clear-groups \
		keyctl add user planted x "$ring" 2> /dev/null || return 1
	seal_key || return 1
	a=$(pubkey)
	btictl key export /tmp/blob || return 1
	[ "$(wc -c < /tmp/blob)" = 173 ] || return 1
	unload bti_sim bti_si3210 bti && load || return 1
	[ "$(pubkey)" != "$a" ] || return 1
	expect_refusal "no sealing key" btictl key import /tmp/blob || return 1
	seal_key || return 1
	btictl key export /tmp/fresh || return 1
	btictl key import /tmp/blob || return 1
	[ "$(pubkey)" = "$a" ] || return 1
	# the same generation, other keys: the fresh identity of this load
	expect_refusal "rollback" btictl key import /tmp/fresh &&
		[ "$(pubkey)" = "$a" ]
}

# Refused imports say why and change nothing.
scenario_key_refusals() {
	a=$(pubkey)
	flip_byte /tmp/blob 100 /tmp/tampered
	cmp -s /tmp/blob /tmp/tampered && return 1
	expect_refusal "does not open" btictl key import /tmp/tampered || return 1
	head -c 60 /tmp/blob > /tmp/short
	expect_refusal "not a bti key blob" btictl key import /tmp/short ||
		return 1
	expect_refusal "CAP_NET_ADMIN" /usr/bin/setpriv --reuid=1000 \
		--regid=1000 --clear-groups --inh-caps=-all --bounding-set=-all \
		btictl key export /tmp/other || return 1
	seal_key new || return 1
	expect_refusal "does not open" btictl key import /tmp/blob || return 1
	[ "$(pubkey)" = "$a" ] && seal_key
}

# Binding a key advances the keys' generation: the blob from before the
# binding no longer imports, and the one from after does.
scenario_key_rollback() {
	a=$(pubkey)
	btictl key export /tmp/blob2 || return 1
	expect_refusal "rollback" btictl key import /tmp/blob ||
		return 1
	btictl key import /tmp/blob2 &&
		btictl -j device show | grep -q '"state":"provisioned"' &&
		[ "$(pubkey)" = "$a" ]
}

reload_modules() { unload bti_sim bti_si3210 bti && load; }
# the keyring goes with the module: the sealing key goes back in
scenario_reload() { reload_modules && seal_key; }
no_session() { ! btictl session show 0 2>/dev/null; }
session_started() { grep -q "ok a session started" /tmp/hold; }

# hold: a session on port 0 owned by a process that waits to be killed
hold_start() {
	: > /tmp/hold
	session-replay hold 0 > /tmp/hold &
	HOLD=$!
	wait_for 10 session_started
}

hold_stop() {
	kill $HOLD
	wait $HOLD 2>/dev/null
	return 0
}

# A session shows while it runs, and ends when its owner's socket closes,
# when it times out, and when its port goes; listeners hear each end.
scenario_session_ends() {
	events_start
	hold_start || return 1
	btictl session show || return 1
	btictl -j session show 0 | grep -q '"stage":"wait-hello"' || return 1
	btictl -j device show | grep -q '"state":"provisioning"' || return 1
	hold_stop
	wait_for 5 no_session || return 1
	btictl -j device show | grep -q '"state":"provisioned"' || return 1

	echo 1 > /sys/module/bti/parameters/session_timeout_s
	hold_start || return 1
	sleep 2
	btictl -j session show 0 | grep -q '"stage":"failed"' || return 1
	hold_stop
	echo 330 > /sys/module/bti/parameters/session_timeout_s

	hold_start || return 1
	rmmod bti_sim || return 1
	hold_stop
	insmod /ko/bti_sim.ko || return 1
	events_stop
	cat $EV
	[ "$(grep -o '"end":"[a-z-]*"' $EV | tr '\n' ' ')" = \
	  '"end":"owner-gone" "end":"timeout" "end":"port-gone" ' ]
}

# From session-new to the session's end the port's digits stay in the
# kernel, channel or not: the subscriber may key the PIN before the
# channel opens or after it closes.  Once the session ends they are heard
# again.
scenario_digits_held() {
	events_start
	hold_start || { events_stop; return 1; }
	echo off > $SIM/hook
	sleep 0.3
	echo '12' > $SIM/keys
	wait_for 10 keys_done
	sleep 0.3
	hold_stop
	wait_for 5 no_session
	echo '5' > $SIM/keys
	wait_for 10 keys_done
	sleep 0.3
	echo on > $SIM/hook
	events_stop
	cat $EV
	! grep -q '"digit":"[12]"' $EV && grep -q '"digit":"5"' $EV
}

# The vectors' session needs a device that is not provisioned yet.
scenario_channel_once() { reload_modules && session-replay channel-once 0; }

# The events group, which carries digits, needs CAP_NET_ADMIN.
events_unprivileged() {
	/usr/bin/setpriv --reuid=1000 --regid=1000 --clear-groups \
		--inh-caps=-all --bounding-set=-all btictl events \
		> /tmp/events.unpriv 2>&1 &
	pid=$!
	sleep 2
	kill -INT $pid 2>/dev/null
	wait $pid
	rc=$?
	cat /tmp/events.unpriv
	[ $rc = 1 ] && grep -q "CAP_NET_ADMIN" /tmp/events.unpriv
}

channel_open() { grep -q "ok channel open" /tmp/voice; }

# The telephone is lifted for the call: only loop current carries sound.
# The channel goes where the vectors' KEY_CONFIRM says, 192.0.2.1:5004.
voice_start() {
	echo off > $SIM/hook
	: > /tmp/voice
	session-replay voice 0 > /tmp/voice &
	VOICE=$!
	wait_for 20 channel_open || { cat /tmp/voice; return 1; }
}

voice_stop() {
	kill $VOICE
	wait $VOICE 2>/dev/null
	echo on > $SIM/hook
	return 0
}

# counter NAME: a channel counter of port 0
counter() {
	btictl -j channel show 0 | sed "s/.*\"$1\":\([0-9]*\).*/\1/"
}

# While the channel is open: the libsrtp2 peer and the telephone hear
# each other, and the digits keyed are not published.
voice_talk() {
	srtp-peer talk > /tmp/peer
	peer=$?
	sed 's/^/VOICE /' /tmp/peer > /dev/console
	[ $peer = 0 ] || return 1
	btictl channel show 0 | sed 's/^/VOICE /' > /dev/console
	echo '1234#' > $SIM/keys
	wait_for 10 keys_done || return 1
	sleep 0.3
	[ "$(counter auth-failures)" = 0 ] && [ "$(counter replays)" = 0 ]
}

# The telephone talks with a libsrtp2 peer both ways over the kernel's
# channel, and no digit keyed meanwhile reaches userspace; once the
# channel closes with the session, digits are published again.
scenario_voice() {
	reload_modules || return 1
	events_start
	voice_start || { events_stop; return 1; }
	voice_talk
	talked=$?
	voice_stop
	echo off > $SIM/hook
	wait_for 5 no_session && echo '5' > $SIM/keys && wait_for 10 keys_done
	echo on > $SIM/hook
	events_stop
	cat $EV
	[ $talked = 0 ] || return 1
	if grep -q '"digit":"[1234#]"' $EV; then
		echo "a digit leaked while the channel was open"
		return 1
	fi
	grep -q '"event":"channel-end","end":"session-ended"' $EV &&
		grep -q '"digit":"5"' $EV
}

voice_impaired() {
	srtp-peer impair > /tmp/peer
	peer=$?
	sed 's/^/IMPAIRED /' /tmp/peer > /dev/console
	[ $peer = 0 ] || return 1
	btictl channel show 0 | sed 's/^/IMPAIRED /' > /dev/console
	[ "$(counter auth-failures)" -gt 0 ] && [ "$(counter replays)" -gt 0 ] &&
		[ "$(counter malformed)" -gt 0 ] &&
		[ "$(counter lost)" -gt 0 ] && [ "$(counter packets-in)" -gt 100 ]
}

# 10% loss and reordering, repeats, tampering and packets with a CSRC:
# the channel runs on and counts each kind of damage.
scenario_voice_impaired() {
	reload_modules || return 1
	voice_start || return 1
	voice_impaired
	impaired=$?
	voice_stop
	return $impaired
}

# A flood of forged packets from the server's address, while the call goes
# on: the uplink keeps its pace, the earpiece still hears the server, and
# the soft-lockup detector (at 1 s, so a lockup shows in 2) stays quiet.
voice_flood() {
	voice_start || return 1
	srtp-peer flood > /tmp/peer
	peer=$?
	sed 's/^/FLOOD /' /tmp/peer > /dev/console
	btictl channel show 0 | sed 's/^/FLOOD /' > /dev/console
	failures=$(counter auth-failures)
	voice_stop
	[ $peer = 0 ] && [ "$failures" -gt 1000 ]
}

scenario_voice_flood() {
	reload_modules || return 1
	thresh=$(cat /proc/sys/kernel/watchdog_thresh) || return 1
	echo 1 > /proc/sys/kernel/watchdog_thresh
	voice_flood
	flooded=$?
	echo "$thresh" > /proc/sys/kernel/watchdog_thresh
	return $flooded
}

# These link against bti.ko (EXPORT_SYMBOL_IF_KUNIT): it is loaded first
kunit() {
	insmod /ko/kunit.ko || return 1
	for m in /ko/bti_*_kunit.ko; do
		case ${m#/ko/bti_} in sim_*|si3210_*) ;;
		*) insmod /ko/bti.ko ;;
		esac
		insmod "$m"
		rmmod "$(basename "$m" .ko)"
		! grep -q '^bti ' /proc/modules || rmmod bti
	done
	rmmod kunit
}

unload() { for m in "$@"; do rmmod "$m" || return 1; done; }
nothing_loaded() { ! grep -q '^bti' /proc/modules; }

rmmod_orders() {
	unload bti_si3210 bti_sim bti && nothing_loaded || return 1
	load && unload bti_sim bti_si3210 bti && nothing_loaded || return 1
	load || return 1
	if rmmod bti 2>/dev/null; then echo "bti unloaded under its users"; return 1; fi
	btictl events > /dev/null &
	pid=$!
	sleep 0.3
	unload bti_sim bti_si3210 bti && nothing_loaded || return 1
	kill $pid
	wait $pid 2>/dev/null
	return 0
}

running() { kill -0 "$1" 2> /dev/null; }

# A line feed write held up on a slow bus (3 s a transfer) keeps no other
# command waiting: the family runs commands in parallel and no lock of the
# core is held across the chip's transfers.  Each command's socket closes
# on the way, so the release notifier runs too.  Then the chip's module
# goes while a request still holds the port: the request ends, and the
# port with it.
scenario_slow_chip() {
	echo 3000 > $SIM/spi_stall_ms
	btictl port set 0 linefeed reverse-active &
	slow=$!
	sleep 0.5
	btictl device show > /dev/null && btictl port show 0 > /dev/null &&
		expect_refusal "no provisioning session" btictl session show 0
	ok=$?
	running $slow || { echo "the commands waited for the chip"; ok=1; }
	echo 0 > $SIM/spi_stall_ms
	wait $slow && [ $ok = 0 ] || return 1
	btictl port set 0 linefeed forward-active || return 1

	echo 1000 > $SIM/spi_stall_ms
	btictl port set 0 linefeed reverse-active &
	slow=$!
	sleep 0.3
	unload bti_sim && no_port || return 1
	wait $slow
	insmod /ko/bti_sim.ko && wait_for 10 sh -c 'btictl port show 0 > /dev/null'
}

# Without the INT pin wired, the driver polls and the call looks the same.
scenario_polled() {
	load || return 1
	rmmod bti_sim && insmod /ko/bti_sim.ko irq=0 || return 1
	dmesg | grep "si3215 revision" | tail -n 1 | grep -q polled || return 1
	scenario_call || return 1
	unload bti_sim bti_si3210 bti
}

no_port() { ! btictl port show 0 > /dev/null 2>&1; }

# A board whose converter never raises the battery: the probe says so,
# no port appears and the telephone never rings; with the battery back,
# the line comes up and rings.
scenario_bringup_fails() {
	unload bti_sim bti_si3210 bti || return 1
	insmod /ko/bti.ko && insmod /ko/bti_sim.ko || return 1
	echo 1 > $SIM/fault_battery
	insmod /ko/bti_si3210.ko || return 1
	dmesg | grep -q "the battery is at .* short of" || return 1
	no_port || return 1
	# left powered down: the line open, then the converter off
	[ "$(grep "^W  64\|^W  14" /sys/kernel/debug/bti_sim/spi | tail -n 2 |
		tr '\n' ' ')" = "W  64 0x00 W  14 0x10 " ] || return 1
	[ "$(cat $SIM/rings)" = 0 ] || return 1
	echo 0 > $SIM/fault_battery
	rmmod bti_si3210 && insmod /ko/bti_si3210.ko || return 1
	btictl port ring 0 on || return 1
	wait_for 2 ringing_is 1 || return 1
	btictl port ring 0 off
}

# The bring-up as the chip saw it: the converter on, its calibration, the
# line's two, PCM last; nothing reserved written and no garbled byte.
scenario_spi_trace() {
	reload_modules || return 1
	trace=/sys/kernel/debug/bti_sim/spi
	grep -n "W  14 0x00\|W  93 0x8c\|W  96 0x4[07]\|W   1 0x28" $trace > /tmp/steps
	cat /tmp/steps
	[ "$(awk '{ print $2 "=" $3 }' /tmp/steps | tr '\n' ' ')" = \
	  "14=0x00 93=0x8c 96=0x47 96=0x40 1=0x28 " ] &&
		! grep -q "reserved\|garbage" $trace
}

# Controls that carry what a subscriber keys and hears are root's.
scenario_controls_private() {
	[ "$(stat -c %a $SIM/keys)" = 600 ] && [ "$(stat -c %a $SIM/ear)" = 400 ] &&
		[ "$(stat -c %a $SIM/hook)" = 600 ]
}

# A power alarm mid-call opens the line, which ends the call with its
# cause in the events; a second later the line is powered again.
scenario_power_alarm() {
	reload_modules || return 1
	echo off > $SIM/hook
	sleep 0.3
	events_start
	echo 5 > $SIM/power_alarm
	sleep 2
	events_stop
	echo on > $SIM/hook
	sleep 1
	expect_events '"event":"alarm","alarm":"power"' '"event":"hook","hook":"on"' \
		'"event":"hook","hook":"off"' || return 1
	dmesg | grep -q "power alarm on transistor Q5"
}

# A chip that resets itself mid-call is noticed, and the line restored:
# the call goes on, and its digits are heard.
scenario_chip_reset() {
	reload_modules || return 1
	echo off > $SIM/hook
	sleep 0.3
	events_start
	echo 1 > $SIM/chip_reset
	sleep 1.5
	echo '7' > $SIM/keys
	wait_for 10 keys_done || return 1
	sleep 0.3
	events_stop
	echo on > $SIM/hook
	sleep 1
	expect_events '"event":"alarm","alarm":"chip-reset"' \
		'"event":"digit","digit":"7"'
}

# key_call KEYS: a call that keys KEYS; the digits must be heard, in order
key_call() {
	events_start
	echo off > $SIM/hook
	sleep 0.3
	echo "$1" > $SIM/keys
	wait_for 10 keys_done || return 1
	sleep 0.3
	echo on > $SIM/hook
	sleep 1.2
	events_stop
	cat $EV
	[ "$(sed -n 's/.*"digit":"\(.\)".*/\1/p' $EV | tr -d '\n')" = "$1" ]
}

decoder_reads() { grep -c "R  24 " /sys/kernel/debug/bti_sim/spi; }

# The Si3210: its own revision and ringing, and digits from its DTMF
# decoder (register 24), or from the core's detector when the decoder is
# declined; the Si3215 has none, and its digits never read register 24.
scenario_si3210() {
	key_call 159 && [ "$(decoder_reads)" = 0 ] || return 1
	unload bti_sim || return 1
	insmod /ko/bti_sim.ko part=si3210 || return 1
	btictl -j port list | grep -q '"chip":"si3210","chip-revision":"E"' || return 1
	key_call 12 && [ "$(decoder_reads)" -ge 1 ] || return 1
	btictl port ring 0 on && wait_for 2 ringing_is 1 && btictl port ring 0 off ||
		return 1
	unload bti_sim bti_si3210 && insmod /ko/bti_si3210.ko dtmf_decoder=0 &&
		insmod /ko/bti_sim.ko part=si3210 || return 1
	key_call 3A && [ "$(decoder_reads)" = 0 ] || return 1
	unload bti_sim bti_si3210 && insmod /ko/bti_si3210.ko &&
		insmod /ko/bti_sim.ko
}

profile_is() {
	dmesg | grep "fxs0: .* line profile" | tail -n 1 | grep -q "profile $1\$"
}

# The device's silabs,line-profile chooses its line's profile, unless
# bti's line_profile chooses for every line; an unknown name in the one
# leaves the line down, in the other keeps bti from loading.
scenario_profile() {
	unload bti_sim || return 1
	insmod /ko/bti_sim.ko line_profile=fr && profile_is fr || return 1
	unload bti_sim && insmod /ko/bti_sim.ko line_profile=xx || return 1
	no_port && dmesg | grep -q "no line profile xx" || return 1
	unload bti_sim bti_si3210 bti || return 1
	if insmod /ko/bti.ko line_profile=xx; then
		echo "bti loaded with an unknown line profile"
		return 1
	fi
	insmod /ko/bti.ko line_profile=gb && insmod /ko/bti_si3210.ko &&
		insmod /ko/bti_sim.ko line_profile=fr && profile_is gb || return 1
	unload bti_sim bti_si3210 bti && load
}

kmemleak_clean() {
	echo scan > /sys/kernel/debug/kmemleak
	sleep 1
	echo scan > /sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak
	[ -z "$(cat /sys/kernel/debug/kmemleak)" ]
}

# where the protocol vectors' KEY_CONFIRM sends the voice channel
ip addr add 192.0.2.1/32 dev lo

echo "BTI-KUNIT-BEGIN"
kunit
echo "BTI-KUNIT-END"

t insmod load
t irq-driven sh -c 'dmesg | grep "si3215 revision" | tail -n 1 | grep -q "interrupt driven"'
t device-show scenario_device
t device-fresh-key scenario_device_fresh_key
t key-round-trip scenario_key_round_trip
t key-refusals scenario_key_refusals
t session-no-secret-suite-1 session-replay run 0 1
t device-provisioned sh -c 'btictl device show && btictl -j device show | grep -q "\"state\":\"provisioned\",.*\"user_key\":\"symmetric\""'
t key-rollback scenario_key_rollback
t reload scenario_reload
t session-no-secret-suite-2 session-replay run 0 2
t session-refusals session-replay refusals 0
t session-ends scenario_session_ends
t voice-libsrtp2 scenario_voice
t voice-impaired scenario_voice_impaired
t voice-flood scenario_voice_flood
t channel-once scenario_channel_once
t digits-held-for-session scenario_digits_held
t events-need-admin events_unprivileged
t port-list sh -c 'btictl port list && btictl -j port list | grep -q "\"name\":\"fxs0\",\"chip\":\"si3215\",\"chip-revision\":\"C\""'
t port-show sh -c 'btictl port show 0 | grep -q "hook: on-hook"'
t events-call scenario_call
t events-flash scenario_flash
t ring scenario_ring
t ring-trip scenario_ring_trip
t frames-up scenario_frames
t earpiece scenario_ear
t bringup-fails-no-ring scenario_bringup_fails
t spi-trace scenario_spi_trace
t controls-private scenario_controls_private
t power-alarm-mid-call scenario_power_alarm
t chip-reset-mid-call scenario_chip_reset
t si3210-and-software-dtmf scenario_si3210
t line-profile-parameter scenario_profile
t refuse-unknown-port expect_refusal "no such port" btictl port show 7
t refuse-ring-feed expect_refusal "ring attribute" btictl port set 0 linefeed ringing
t refuse-nothing-to-set expect_refusal "nothing to set" btictl port set 0
t refuse-unprivileged expect_refusal "CAP_NET_ADMIN" \
	/usr/bin/setpriv --reuid=1000 --regid=1000 --clear-groups --inh-caps=-all \
	--bounding-set=-all btictl port ring 0 on
echo off > $SIM/hook
sleep 0.5
t refuse-ring-offhook expect_refusal "off-hook" btictl port ring 0 on
echo on > $SIM/hook
sleep 1
t linefeed sh -c 'btictl port set 0 linefeed reverse-active && btictl port show 0 | grep -q "linefeed: reverse-active"'
# random requests for 30 s, then the family answers as before
# the family is the initial namespace's alone: another does not find it
t netns-init-only sh -c '! unshare -n btictl port list 2> /tmp/ns.err &&
	grep -q "initial network namespace" /tmp/ns.err && btictl port list > /dev/null'
t netlink-fuzz sh -c 'nl-fuzz 30 > /tmp/fuzz.out 2>&1'
sed 's/^/NL-FUZZ /' /tmp/fuzz.out
t netlink-after-fuzz sh -c 'btictl port show 0 | grep -q "hook: on-hook"'
t slow-chip-waits-alone scenario_slow_chip
t rmmod-orders rmmod_orders
t polled-fallback scenario_polled
t kmemleak kmemleak_clean
done_vm
